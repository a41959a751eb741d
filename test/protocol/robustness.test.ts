/** The server survives malformed requests and bad documents, and ends promptly when told to. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../helpers/lspClient';

describe('server robustness', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-robust-'));
    client = new LspClient();
    await client.initialize(root);
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers a malformed code action request instead of dying', async () => {
    const result = await client.connection.sendRequest('textDocument/codeAction', { textDocument: {}, range: null, context: null }).then(
      (r) => ({ ok: r }),
      (e: Error) => ({ error: e.message }),
    );
    assert.ok(result, 'got a response');
    const unknown = await client.connection.sendRequest('twelveFactor/noSuchMethod', {}).then(
      () => 'answered',
      (e: { code: number }) => e.code,
    );
    assert.equal(unknown, -32601, 'unknown methods get MethodNotFound');
  });

  it('keeps serving after hostile documents: binary, huge minified, deeply nested, invalid surrogates', async () => {
    const docs: [string, string][] = [
      ['blob.js', '\u0000\u0001\u0002binary\u0000'],
      ['bundle.min.js', `var a=1;${'a=a+1;'.repeat(200_000)}`],
      ['deep.ts', `const a = ${'(\n'.repeat(30000)}1${')\n'.repeat(30000)};`],
      ['surrogates.ts', `const password = '\uD800\uDC00\uD800abc';\n`],
    ];
    for (const [name, text] of docs) client.open(path.join(root, name), text, name.endsWith('.ts') ? 'typescript' : 'javascript', 1);
    const skipped = await client.waitForDiagnostics(path.join(root, 'bundle.min.js'), (d) => d.version === 1);
    assert.equal(skipped.diagnostics.length, 1);
    assert.match(String(skipped.diagnostics[0].message), /looks minified/);
    assert.equal(skipped.diagnostics[0].severity, 3, 'an information-level note, not an error');
    await client.waitForDiagnostics(path.join(root, 'deep.ts'), (d) => d.version === 1);
    // Still alive and analysing normally.
    const ok = path.join(root, 'ok.ts');
    client.open(ok, `const apiToken = 'dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu';\n`, 'typescript', 1);
    const published = await client.waitForDiagnostics(ok, (d) => d.version === 1);
    assert.equal(published.diagnostics.length, 1);
  });

  it('ends promptly on SIGTERM', async () => {
    const other = new LspClient();
    await other.initialize(root);
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      other.process.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    const started = Date.now();
    other.process.kill('SIGTERM');
    const how = await exited;
    assert.ok(how === 'SIGTERM' || how === 0, `ended by ${String(how)}`);
    assert.ok(Date.now() - started < 3000, 'within 3 s');
    other.connection.dispose();
  });

  it('exits with code 0 after shutdown/exit even with documents open', async () => {
    const other = new LspClient();
    await other.initialize(root);
    other.open(path.join(root, 'x.ts'), `const a = 1;`, 'typescript', 1);
    assert.equal(await other.shutdown(), 0);
  });
});
