/** The tool only reads: nothing in the workspace is executed, required or evaluated. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LspClient } from '../helpers/lspClient';
import { cli } from './helpers';

function hostileWorkspace(): { root: string; marker: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-trust-'));
  const marker = path.join(root, 'EXECUTED');
  const payload = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'pwned');\n`;
  // Everything a careless tool might load: JS config files, package scripts, an entry point, a Dockerfile CMD.
  for (const name of ['.twelvefactorrc.js', '.twelvefactorrc.cjs', 'twelvefactor.config.js', 'index.js', 'server.ts'])
    fs.writeFileSync(path.join(root, name), payload);
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({
      name: 'x',
      main: 'index.js',
      scripts: { start: `node -e "${payload.replace(/"/g, '\\"')}"`, prestart: 'touch EXECUTED' },
    }),
  );
  fs.writeFileSync(path.join(root, 'Dockerfile'), `FROM node:20\nCMD touch ${marker}\n`);
  fs.writeFileSync(path.join(root, 'entrypoint.sh'), `#!/bin/sh\ntouch ${marker}\n`);
  fs.chmodSync(path.join(root, 'entrypoint.sh'), 0o755);
  return { root, marker };
}

describe('trust', () => {
  it('the CLI reads a hostile workspace without executing any of it', async () => {
    const { root, marker } = hostileWorkspace();
    const r = await cli(['--format', 'json'], root);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.equal(fs.existsSync(marker), false, 'workspace code ran');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the language server scans a hostile workspace without executing any of it', async () => {
    const { root, marker } = hostileWorkspace();
    const client = new LspClient();
    await client.initialize(root);
    await client.connection.sendRequest('twelveFactor/scanWorkspace', {});
    client.open(path.join(root, 'index.js'), fs.readFileSync(path.join(root, 'index.js'), 'utf8'), 'javascript', 1);
    await client.waitForDiagnostics(path.join(root, 'index.js'), (d) => d.version === 1);
    await client.shutdown();
    assert.equal(fs.existsSync(marker), false, 'workspace code ran');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
