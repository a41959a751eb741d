/** Spawns the bundled server over stdio and talks real JSON-RPC to it. Run after `npm run build`. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, CreateFile } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';

const SECRET_LINE = `export const stripeSecret = 'Qm9vbGVhbi1nYXJkZW4tOTk5LWZha2U';\n`;

describe('language server over stdio', () => {
  let client: LspClient;
  let root: string;
  let file: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-protocol-'));
    fs.mkdirSync(path.join(root, 'src'));
    file = path.join(root, 'src', 'payments.ts');
    fs.writeFileSync(file, SECRET_LINE);
    client = new LspClient();
    const init = await client.initialize(root);
    assert.equal(init.serverInfo?.name, 'twelve-factor-lint');
    assert.ok(init.capabilities.codeActionProvider, 'code actions are advertised');
  });

  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, 'the server exits cleanly after shutdown/exit');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes a diagnostic with source, code and docs link on didOpen', async () => {
    client.open(file, SECRET_LINE);
    const published = await client.waitForDiagnostics(file, (d) => d.diagnostics.length > 0);
    const [d] = published.diagnostics;
    assert.equal(d.source, 'twelve-factor');
    assert.equal(d.code, 'config/no-hardcoded-secret');
    assert.match(d.codeDescription!.href, /docs\/rules\/config\/no-hardcoded-secret\.md$/);
    assert.deepEqual(d.range, { start: { line: 0, character: 28 }, end: { line: 0, character: 61 } });
    assert.ok(!String(d.message).includes('Qm9vbGVhbi1nYXJkZW4tOTk5LWZha2U'), 'the secret is redacted');
  });

  it('offers the fix, disable-for-line and docs actions; the fix also creates .env.example', async () => {
    const { diagnostics } = client.diagnostics.get(uriOf(file))!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles[0].startsWith('Read STRIPE_SECRET from the environment'), titles.join(' | '));
    assert.equal(actions[0].isPreferred, true);
    assert.ok(titles.includes('Disable config/no-hardcoded-secret for this line'));
    assert.ok(titles.includes('Show documentation for config/no-hardcoded-secret'));
    const changes = actions[0].edit!.documentChanges as (TextDocumentEdit | CreateFile)[];
    const create = changes.find((c): c is CreateFile => 'kind' in c && c.kind === 'create');
    assert.equal(create?.uri, uriOf(path.join(root, '.env.example')));
    const sourceEdit = changes.find((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uriOf(file));
    assert.equal(sourceEdit?.textDocument.version, 1);
    assert.equal(
      (sourceEdit?.edits[0] as { newText: string }).newText,
      "process.env.STRIPE_SECRET ?? (() => { throw new Error('STRIPE_SECRET is not set'); })()",
      'a TypeScript file keeps a string type, and fails at startup when the variable is unset (never an empty secret)',
    );
    assert.equal(titles[0], 'Read STRIPE_SECRET from the environment, failing at startup when it is unset, and add it to .env.example');
    const disable = actions.find((a) => a.title.startsWith('Disable'))!;
    const disableEdit = (disable.edit!.documentChanges![0] as TextDocumentEdit).edits[0] as { newText: string };
    assert.equal(disableEdit.newText, '// twelve-factor-disable-next-line config/no-hardcoded-secret\n');
    const disableFile = actions.find((a) => a.title === 'Disable config/no-hardcoded-secret for the entire file')!;
    const fileEdit = (disableFile.edit!.documentChanges![0] as TextDocumentEdit).edits[0] as { newText: string; range: unknown };
    assert.deepEqual(fileEdit, {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      newText: '// twelve-factor-disable-file config/no-hardcoded-secret\n',
    });
  });

  it('issue 18: a client that cannot create files still gets the in-file edit, and an existing .env.example is edited in place', async () => {
    const other = new LspClient();
    const caps = {
      textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
      workspace: { applyEdit: true },
    };
    await other.initialize(root, caps, {});
    other.open(file, SECRET_LINE);
    const { diagnostics } = await other.waitForDiagnostics(file, (d) => d.diagnostics.length > 0);
    const ask = async () =>
      (await other.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uriOf(file) },
        range: diagnostics[0].range,
        context: { diagnostics, only: ['quickfix'] },
      })) as CodeAction[];
    let actions = await ask();
    assert.equal(
      actions[0].title,
      'Read STRIPE_SECRET from the environment, failing at startup when it is unset',
      'no .env.example to create: the title says so',
    );
    assert.deepEqual(Object.keys(actions[0].edit!.changes!), [uriOf(file)]);
    assert.ok(!actions.some((a) => a.title.startsWith('Show documentation')), 'no docs command this client can run');
    fs.writeFileSync(path.join(root, '.env.example'), 'PORT=3000\n');
    actions = await ask();
    assert.equal(
      actions[0].title,
      'Read STRIPE_SECRET from the environment, failing at startup when it is unset, and add it to .env.example',
    );
    assert.deepEqual(actions[0].edit!.changes![uriOf(path.join(root, '.env.example'))], [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'STRIPE_SECRET=\n' },
    ]);
    fs.rmSync(path.join(root, '.env.example'));
    other.close(file);
    await other.shutdown();
  });

  it('fix-all (source.fixAll.twelveFactor) applies safe fixes only: never a suggestion that changes behaviour', async () => {
    const fixAll = (uri: string) =>
      client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.twelveFactor'] },
      }) as Promise<CodeAction[]>;
    // The secret's only fix reads the value from the environment: a suggestion, so nothing to fix on save.
    assert.deepEqual(await fixAll(uriOf(file)), []);
    // A winston File transport becomes a Console transport with the same options: safe.
    const logger = path.join(root, 'src', 'logger.ts');
    const text = `import winston from 'winston';\nexport const log = winston.createLogger({ transports: [new winston.transports.File({ filename: 'app.log', level: 'info' })] });\n`;
    fs.writeFileSync(logger, text);
    client.open(logger, text);
    await client.waitForDiagnostics(logger, (d) => d.diagnostics.some((x) => x.code === 'logs/no-file-logging'));
    const actions = await fixAll(uriOf(logger));
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.twelveFactor');
    assert.equal(actions[0].title, 'Fix all safe Twelve-Factor problems');
    const edits = (actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits as { newText: string }[];
    assert.deepEqual(
      edits.map((e) => e.newText),
      ["new winston.transports.Console({ level: 'info' })"],
    );
    client.close(logger);
  });

  it('clears the diagnostic when an edit removes the problem', async () => {
    client.change(file, 2, [
      { range: { start: { line: 0, character: 28 }, end: { line: 0, character: 61 } }, text: 'process.env.STRIPE_SECRET' },
    ]);
    const published = await client.waitForDiagnostics(file, (d) => d.version === 2);
    assert.deepEqual(published.diagnostics, []);
  });

  it('brings it back when the user types a secret again, and clears on close', async () => {
    client.change(file, 3, [{ text: SECRET_LINE }]);
    await client.waitForDiagnostics(file, (d) => d.version === 3 && d.diagnostics.length === 1);
    client.close(file);
    await client.waitForDiagnostics(file, (d) => d.diagnostics.length === 0);
  });

  it('honours a disable comment', async () => {
    const text = `// twelve-factor-disable-next-line config/no-hardcoded-secret -- rotated test key\n${SECRET_LINE}`;
    client.open(file, text, 'typescript', 10);
    const published = await client.waitForDiagnostics(file, (d) => d.version === 10);
    assert.deepEqual(published.diagnostics, []);
    client.close(file);
  });

  it('survives a file that does not parse and still reports what it can', async () => {
    const broken = path.join(root, 'src', 'broken.ts');
    const text = `const apiToken = 'Zm9vYmFyYmF6cXV4LXRva2VuLTEyMw';\nfunction (((( {\n`;
    client.open(broken, text, 'typescript', 1);
    const published = await client.waitForDiagnostics(broken, (d) => d.version === 1);
    assert.deepEqual(
      published.diagnostics.map((d: Diagnostic) => [d.code, d.range.start.line]),
      [['config/no-hardcoded-secret', 0]],
    );
    client.close(broken);
  });

  it('reports an invalid config file as a diagnostic on it and keeps the defaults', async () => {
    const configFile = path.join(root, '.twelvefactorrc.json');
    client.open(configFile, '{ "rules": { "config/no-such-rule": "error" } }', 'json', 1);
    const published = await client.waitForDiagnostics(configFile, (d) => d.diagnostics.length > 0);
    assert.match(String(published.diagnostics[0].message), /Unknown rule "config\/no-such-rule"/);
    client.open(file, SECRET_LINE, 'typescript', 20);
    await client.waitForDiagnostics(file, (d) => d.version === 20 && d.diagnostics.length === 1);
    client.close(file);
    client.close(configFile);
  });

  it('turns a rule off through the twelveFactor.rules setting', async () => {
    client.settings = { rules: { 'config/no-hardcoded-secret': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    client.open(file, SECRET_LINE, 'typescript', 30);
    const published = await client.waitForDiagnostics(file, (d) => d.version === 30);
    assert.deepEqual(published.diagnostics, []);
    client.close(file);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  it('scans the workspace: files never opened get diagnostics', async () => {
    const other = path.join(root, 'src', 'never-opened.ts');
    fs.writeFileSync(other, `const adminPassword = 'S0me-Real-Looking-Pass!';\n`);
    const result = (await client.connection.sendRequest('twelveFactor/scanWorkspace', {})) as { files: number; findings: number };
    assert.ok(result.files >= 2);
    const published = await client.waitForDiagnostics(other, (d) => d.diagnostics.length > 0);
    assert.equal(published.diagnostics[0].code, 'config/no-hardcoded-secret');
  });
});
