/** Dockerfiles through the bundled server over stdio: diagnostics of the three Dockerfile rules and their code actions. Run after `npm run build`. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';

const DOCKERFILE = `FROM node:20-slim\nWORKDIR /app\nENV NODE_ENV=production DB_PASSWORD=Dkr-Proto-Secret-42\nCOPY . .\nCMD npm start >> /var/log/app.log 2>&1\n`;

describe('language server: Dockerfiles', () => {
  let client: LspClient;
  let root: string;
  let file: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-protocol-docker-'));
    file = path.join(root, 'deploy', 'api.Dockerfile');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, DOCKERFILE);
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'api', scripts: { start: 'node dist/index.js' } }));
    client = new LspClient();
    await client.initialize(root);
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const actionsFor = async (d: Diagnostic) =>
    (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    })) as CodeAction[];

  it('publishes the secret, signal and log findings of a Dockerfile the editor calls dockerfile', async () => {
    client.open(file, DOCKERFILE, 'dockerfile');
    const { diagnostics } = await client.waitForDiagnostics(file, (d) => d.diagnostics.length >= 3);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]).sort(), [
      ['config/no-hardcoded-secret', 2, 36],
      ['disposability/signal-forwarding', 4, 4],
      ['logs/no-file-logging', 4, 14],
    ]);
    assert.ok(
      diagnostics.every((d) => !String(d.message).includes('Dkr-Proto-Secret-42')),
      'the secret is redacted',
    );
  });

  it('offers the Dockerfile fixes, the Dockerfile disable comment and the docs', async () => {
    const { diagnostics } = client.diagnostics.get(uriOf(file))!;
    const secret = diagnostics.find((d) => d.code === 'config/no-hardcoded-secret')!;
    const actions = await actionsFor(secret);
    const titles = actions.map((a) => a.title);
    assert.ok(titles[0].startsWith('Remove DB_PASSWORD from this ENV'), titles.join(' | '));
    assert.ok(titles.includes('Disable config/no-hardcoded-secret for this line'));
    const edit = (
      actions[0].edit!.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === uriOf(file)) as TextDocumentEdit
    ).edits[0] as { newText: string; range: unknown };
    assert.deepEqual(edit, { range: { start: { line: 2, character: 23 }, end: { line: 2, character: 55 } }, newText: '' });
    const disable = actions.find((a) => a.title.startsWith('Disable'))!;
    assert.equal(
      ((disable.edit!.documentChanges![0] as TextDocumentEdit).edits[0] as { newText: string }).newText,
      '# twelve-factor-disable-next-line config/no-hardcoded-secret\n',
    );

    const signal = diagnostics.find((d) => d.code === 'disposability/signal-forwarding')!;
    const signalActions = await actionsFor(signal);
    assert.equal(signalActions[0].title, 'Exec node directly as the last command: exec node dist/index.js (scripts.start in package.json)');
    assert.notEqual(signalActions[0].isPreferred, true);

    const logs = diagnostics.find((d) => d.code === 'logs/no-file-logging')!;
    const logActions = await actionsFor(logs);
    assert.deepEqual(
      logActions.slice(0, 2).map((a) => a.title),
      [
        'Remove the redirect to /var/log/app.log',
        'Remove the redirect to /var/log/app.log, and run without a shell: CMD ["node", "dist/index.js"]',
      ],
    );
  });
});
