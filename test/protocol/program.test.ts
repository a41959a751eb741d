/**
 * Program rules over stdio: a verdict on one file (server.ts) depends on another (index.ts). Editing
 * the open index.ts, or changing it on disk with workspace/didChangeWatchedFiles, re-judges the
 * program and republishes server.ts. Run after `node esbuild.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';

const RULE = 'disposability/handle-sigterm';

const INDEX_WITH_HANDLER = `import { server } from './server';

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
`;
const INDEX_WITHOUT_HANDLER = `import { server } from './server';

console.log('started', server.listening);
`;
const SERVER = `import express from 'express';

const app = express();
app.get('/health', (_req, res) => {
  res.send('ok');
});

export const server = app.listen(Number(process.env.PORT ?? 3000));
`;

const sigterm = (d: PublishDiagnosticsParams) => d.diagnostics.filter((x: Diagnostic) => x.code === RULE);

describe('program rules over stdio (disposability/handle-sigterm)', () => {
  let client: LspClient;
  let root: string;
  let index: string;
  let server: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-program-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'svc', scripts: { build: 'tsc', start: 'node dist/index.js' } }, null, 2),
    );
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }, null, 2));
    index = path.join(root, 'src', 'index.ts');
    server = path.join(root, 'src', 'server.ts');
    fs.writeFileSync(index, INDEX_WITH_HANDLER);
    fs.writeFileSync(server, SERVER);
    client = new LspClient();
    await client.initialize(root);
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('removing the handler in the open index.ts makes the warning appear on server.ts; putting it back clears it', async () => {
    client.open(server, SERVER, 'typescript', 1);
    client.open(index, INDEX_WITH_HANDLER, 'typescript', 1);
    await client.waitForDiagnostics(index, (d) => d.version === 1);
    client.change(index, 2, [{ text: INDEX_WITHOUT_HANDLER }]);
    const published = await client.waitForDiagnostics(server, (d) => sigterm(d).length === 1);
    const [d] = sigterm(published);
    assert.equal(d.source, 'twelve-factor');
    assert.deepEqual(d.range, { start: { line: 7, character: 22 }, end: { line: 7, character: 32 } });
    assert.match(String(d.message), /SIGTERM/);
    assert.equal(d.relatedInformation?.[0].location.uri, uriOf(index), 'related information points at the entry point');
    assert.match(d.relatedInformation[0].message, /scripts\.start/);
    assert.equal(d.relatedInformation?.[1].location.uri, uriOf(path.join(root, 'package.json')));

    client.change(index, 3, [{ text: INDEX_WITH_HANDLER }]);
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 0);
  });

  it('offers the shutdown handler as a quick fix on server.ts', async () => {
    client.change(index, 4, [{ text: INDEX_WITHOUT_HANDLER }]);
    const published = await client.waitForDiagnostics(server, (d) => sigterm(d).length === 1);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(server) },
      range: sigterm(published)[0].range,
      context: { diagnostics: sigterm(published), only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Close the server gracefully on SIGTERM');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.notEqual(fix.isPreferred, true, 'a behaviour change is a suggestion');
    const edit = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(edit.textDocument.uri, uriOf(server));
    assert.match(
      (edit.edits[0] as { newText: string }).newText,
      /process\.on\('SIGTERM', \(\) => \{\n {2}\/\/ .*\n {2}setTimeout\(\(\) => process\.exit\(1\), 10_000\)\.unref\(\);\n {2}server\.close\(\(\) => process\.exit\(0\)\);\n\}\);/,
    );
    client.change(index, 5, [{ text: INDEX_WITH_HANDLER }]);
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 0);
  });

  it('closing files keeps the facts: the disk version of index.ts (with its handler) still counts', async () => {
    client.change(index, 6, [{ text: INDEX_WITHOUT_HANDLER }]); // unsaved edit…
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 1);
    client.close(index); // …discarded: the disk has the handler
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 0);
  });

  it('a file changed on disk plus didChangeWatchedFiles re-judges, and a closed server.ts keeps its program finding', async () => {
    fs.writeFileSync(index, INDEX_WITHOUT_HANDLER);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(index), type: 2 }] });
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 1);
    client.close(server);
    // Closing server.ts clears its per-file findings but not the program's verdict on it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sigterm(client.diagnostics.get(uriOf(server))!).length, 1);
    fs.writeFileSync(index, INDEX_WITH_HANDLER);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(index), type: 2 }] });
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 0);
  });

  it('a new file on disk that installs the handler, imported by the entry, counts once it is created', async () => {
    fs.writeFileSync(index, `import './shutdown';\n${INDEX_WITHOUT_HANDLER}`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(index), type: 2 }] });
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 1);
    const shutdown = path.join(root, 'src', 'shutdown.ts');
    fs.writeFileSync(shutdown, `for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0));\n`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(shutdown), type: 1 }] });
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 0);
    fs.rmSync(shutdown);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(shutdown), type: 3 }] });
    await client.waitForDiagnostics(server, (d) => sigterm(d).length === 1);
  });

  it('the workspace scan includes program verdicts', async () => {
    const result = (await client.connection.sendRequest('twelveFactor/scanWorkspace', {})) as { findings: number };
    assert.ok(result.findings >= 1);
    const published = await client.waitForDiagnostics(server, (d) => sigterm(d).length === 1);
    assert.equal(sigterm(published).length, 1);
  });
});
