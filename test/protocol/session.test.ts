/**
 * Issue 13 over stdio: the editor, the report and the CLI show the same truth, always current. One
 * workspace session per folder owns the state; the server only publishes what it says.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, PublishDiagnosticsParams, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../helpers/lspClient';
import { ReportRequest, ScanWorkspaceRequest } from '../../server/src/protocol';
import { run } from '../../server/src/cli';

const FILES: Record<string, string> = {
  'package.json': JSON.stringify(
    { name: 'svc', scripts: { start: 'node dist/index.js' }, dependencies: { express: '4', winston: '3' } },
    null,
    2,
  ),
  'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
  'src/index.ts': `import { server } from './server';\nprocess.on('SIGTERM', () => server.close());\n`,
  'src/server.ts': `import express from 'express';\nconst app = express();\nexport const server = app.listen(Number(process.env.PORT ?? 3000));\n`,
  'src/logger.ts': `import winston from 'winston';\nexport const log = winston.createLogger({ transports: [new winston.transports.File({ filename: 'app.log' })] });\n`,
  'src/jobs/audit.ts': `import winston from 'winston';\nexport const audit = winston.createLogger({ transports: [new winston.transports.File({ filename: 'audit.log' })] });\n`,
  'src/config.ts': `export const jwtSecret = 'f3b9c1d27a8e4b6f9d0c2e5a7b1d3f60';\n`,
};
const FILE_LOGS = 'logs/no-file-logging';
const SIGTERM = 'disposability/handle-sigterm';

describe('issue 13: one workspace session, over stdio', () => {
  let root: string;
  let client: LspClient;
  const abs = (rel: string) => path.join(root, ...rel.split('/'));
  const codes = (d: PublishDiagnosticsParams | undefined) => (d?.diagnostics ?? []).map((x) => String(x.code));
  /** Published diagnostics of every file as `file:line:col ruleId`, 1-based, sorted. */
  const published = () =>
    [...client.diagnostics.entries()]
      .filter(([uri]) => uri.startsWith(uriOf(root) + '/'))
      .flatMap(([uri, p]) =>
        p.diagnostics
          .filter((d) => d.source === 'twelve-factor' && typeof d.code === 'string' && d.code.includes('/'))
          .map(
            (d) =>
              `${decodeURIComponent(uri.slice(uriOf(root).length + 1))}:${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`,
          ),
      )
      .sort();

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-session-'));
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
      fs.writeFileSync(abs(rel), text);
    }
    client = new LspClient();
    await client.initialize(root);
    await client.connection.sendRequest(ScanWorkspaceRequest.method, {});
    await client.waitForDiagnostics(abs('src/jobs/audit.ts'), (d) => codes(d).includes(FILE_LOGS));
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("issue 13: the report's findings equal the published diagnostics and the CLI's JSON for the same files", async () => {
    await client.settle();
    const { report } = await client.connection.sendRequest<ReportRequest.Result>(ReportRequest.method, {});
    const fromReport = report.folders[0].factors
      .flatMap((f) => f.findings.map((x) => `${x.file}:${x.line}:${x.column} ${x.ruleId}`))
      .sort();
    let stdout = '';
    const code = await run(['--format', 'json', '--fail-on', 'none', root], {
      cwd: root,
      stdout: (s) => (stdout += s),
      stderr: () => undefined,
    });
    assert.equal(code, 0);
    const fromCli = (JSON.parse(stdout) as { findings: { file: string; line: number; column: number; ruleId: string }[] }).findings
      .map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)
      .sort();
    assert.deepEqual(fromReport, published());
    assert.deepEqual(fromCli, published());
    assert.deepEqual(published(), [
      'src/config.ts:1:26 config/no-hardcoded-secret',
      'src/jobs/audit.ts:2:58 logs/no-file-logging',
      'src/logger.ts:2:56 logs/no-file-logging',
    ]);
  });

  it('issue 13: a rule turned off in the settings leaves every published file, scanned-only ones included, and the report', async () => {
    client.settings = { rules: { [FILE_LOGS]: 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(abs('src/jobs/audit.ts'), (d) => !codes(d).includes(FILE_LOGS));
    await client.waitForDiagnostics(abs('src/logger.ts'), (d) => !codes(d).includes(FILE_LOGS));
    assert.ok(!published().some((p) => p.endsWith(FILE_LOGS)), published().join('\n'));
    const { report } = await client.connection.sendRequest<ReportRequest.Result>(ReportRequest.method, {});
    const xi = report.folders[0].factors.find((f) => f.roman === 'XI')!;
    assert.deepEqual(xi.findings, []);
    assert.notEqual(xi.status, 'violations');
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(abs('src/jobs/audit.ts'), (d) => codes(d).includes(FILE_LOGS));
  });

  it('issue 13: a rule turned off in .twelvefactorrc.json (on disk, then edited open in the editor) leaves every file and the report', async () => {
    const config = abs('.twelvefactorrc.json');
    fs.writeFileSync(config, `{ "rules": { "${FILE_LOGS}": "off" } }`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 1 }] });
    await client.waitForDiagnostics(abs('src/jobs/audit.ts'), (d) => !codes(d).includes(FILE_LOGS));
    await client.waitForDiagnostics(abs('src/logger.ts'), (d) => !codes(d).includes(FILE_LOGS));
    let { report } = await client.connection.sendRequest<ReportRequest.Result>(ReportRequest.method, {});
    assert.deepEqual(report.folders[0].factors.find((f) => f.roman === 'XI')!.findings, []);
    // Edited in the editor (unsaved, JSON with comments): the open text applies; its problems stay visible while it is open.
    client.open(
      config,
      `{\n  // back on, as an error\n  "rules": { "${FILE_LOGS}": "error", "logs/no-such-rule": "off" }\n}\n`,
      'jsonc',
      1,
    );
    await client.waitForDiagnostics(abs('src/jobs/audit.ts'), (d) => d.diagnostics.some((x) => x.code === FILE_LOGS && x.severity === 1));
    const problems = await client.waitForDiagnostics(config, (d) => d.diagnostics.length === 1);
    assert.match(String(problems.diagnostics[0].message), /Unknown rule "logs\/no-such-rule"/);
    assert.deepEqual(problems.diagnostics[0].range.start, { line: 2, character: 46 });
    ({ report } = await client.connection.sendRequest<ReportRequest.Result>(ReportRequest.method, {}));
    assert.deepEqual(
      report.folders[0].factors.find((f) => f.roman === 'XI')!.findings.map((f) => `${f.file} ${f.severity}`),
      ['src/jobs/audit.ts error', 'src/logger.ts error'],
    );
    client.close(config);
    fs.rmSync(config);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 3 }] });
    await client.waitForDiagnostics(abs('src/logger.ts'), (d) => d.diagnostics.some((x) => x.code === FILE_LOGS && x.severity === 2));
    await client.waitForDiagnostics(config, (d) => d.diagnostics.length === 0);
  });

  it('issue 13/20: a program verdict another file changes arrives in one publish; the edited file is published first with its own findings, then once more only if its verdicts changed', async () => {
    const index = abs('src/index.ts');
    const server = abs('src/server.ts');
    client.open(index, FILES['src/index.ts'], 'typescript', 1);
    client.open(server, FILES['src/server.ts'], 'typescript', 1);
    await client.waitForDiagnostics(server, (d) => d.version === 1);
    await client.settle();
    // Removing the handler: index.ts is published once (its new version), server.ts once with the verdict.
    let mark = client.publishes.length;
    client.change(index, 2, [{ text: `import { server } from './server';\nvoid server;\n` }]);
    await client.waitForDiagnostics(server, (d) => codes(d).includes(SIGTERM));
    await client.settle();
    assert.deepEqual(
      client.publishesOf(index, mark).map((p) => p.version),
      [2],
    );
    assert.deepEqual(
      client.publishesOf(server, mark).map((p) => codes(p)),
      [[SIGTERM]],
    );
    // The quick fix, applied as the editor would (one edit). Issue 20: server.ts's own findings are
    // published first (with its program verdict moved through the edit), then, after its facts, the
    // verdict is gone: two publishes of version 2, the last one empty.
    const diagnostics = client.diagnostics.get(uriOf(server))!.diagnostics;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(server) },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Close the server gracefully on SIGTERM')!;
    const edits = (fix.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
    mark = client.publishes.length;
    client.change(
      server,
      2,
      [...edits].reverse().map((e) => ({ range: e.range, text: e.newText })),
    );
    // The verdict is judged once the document has had no edit for a moment (the server's PROGRAM_IDLE_MS).
    await client.waitForDiagnostics(server, (d) => d.version === 2 && codes(d).length === 0);
    await client.settle();
    assert.deepEqual(
      client.publishesOf(server, mark).map((p) => [p.version, codes(p)]),
      [
        [2, [SIGTERM]],
        [2, []],
      ],
    );
    assert.deepEqual(client.publishesOf(index, mark), [], 'index.ts did not change: nothing to publish');
    client.close(index);
    client.close(server);
  });
});
