/** `twelveFactor/report` from the bundled server over stdio (run after `node esbuild.mjs`). */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../../helpers/lspClient';
import { ReportRequest } from '../../../server/src/protocol';
import { copyFixtures } from './helpers';

describe('twelveFactor/report over LSP', () => {
  let client: LspClient;
  let dir: string;
  let cleanup: () => void;
  before(async () => {
    ({ dir, cleanup } = copyFixtures());
    client = new LspClient();
    await client.initialize(path.join(dir, 'breaking-service'));
  });
  after(async () => {
    await client.shutdown();
    cleanup();
  });

  it('returns the model, using the open editor text over the disk, and publishes no diagnostics', async () => {
    const app = path.join(dir, 'breaking-service', 'src', 'app.ts');
    // The editor fixed the file logging and the port, unsaved.
    client.open(app, `import express from 'express';\nconst app = express();\napp.listen(process.env.PORT ?? 8080);\nconsole.log('up');\n`);
    await client.waitForDiagnostics(app);
    const before = client.diagnostics.size;
    const result = await client.connection.sendRequest<ReportRequest.Result>(ReportRequest.method, {});
    assert.equal(result.text, undefined);
    const [folder] = result.report.folders;
    assert.equal(folder.name, 'breaking-service');
    const status = Object.fromEntries(folder.factors.map((f) => [f.roman, f.status]));
    assert.equal(status.VII, 'compliant');
    assert.equal(status.XI, 'compliant');
    assert.equal(status.III, 'violations', '.env not gitignored');
    assert.equal(client.diagnostics.size, before);
    const md = await client.connection.sendRequest<ReportRequest.Result>(ReportRequest.method, { format: 'markdown' });
    assert.match(
      md.text ?? '',
      /^## breaking-service: 5 of \d+ assessed factors compliant$/m,
      'VII, XI, I (no cross-app import), VIII and XII',
    );
    const sarif = JSON.parse(
      (await client.connection.sendRequest<ReportRequest.Result>(ReportRequest.method, { format: 'sarif' })).text ?? '',
    );
    assert.equal(sarif.version, '2.1.0');
  });
});
