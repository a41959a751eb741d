/**
 * Runs inside VS Code's extension host (loaded by ./runTest.ts through @vscode/test-electron), against
 * the extension under development and a copy of examples/service. The same story as the code-server
 * suite, through the API instead of the mouse: diagnostics, the env-var quick fix, the Dockerfile,
 * the report panel, Scan Workspace. No test framework: steps run in order and the first failure ends
 * the run with the step's name.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const SECRET_RULE = 'config/no-hardcoded-secret';

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Resolves with the file's diagnostics from `rule` once `ready` accepts them (events, no sleeps). */
function diagnosticsOf(
  uri: vscode.Uri,
  rule: string,
  ready: (ds: vscode.Diagnostic[]) => boolean,
  timeoutMs = 60_000,
): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === rule);
  return new Promise((resolve, reject) => {
    const done = (ds: vscode.Diagnostic[]) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(ds);
    };
    const timer = setTimeout(() => {
      listener.dispose();
      reject(
        new Error(
          `timed out waiting for ${rule} on ${vscode.workspace.asRelativePath(uri)}: ${JSON.stringify(current().map((d) => d.message))}`,
        ),
      );
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && ready(current())) done(current());
    });
    if (ready(current())) done(current());
  });
}

export async function run(): Promise<void> {
  const root = process.env.TFL_E2E_WORKSPACE;
  assert.ok(root, 'TFL_E2E_WORKSPACE is set by runTest.ts');
  const file = (rel: string) => vscode.Uri.file(path.join(root, rel));
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'twelve-factor-lint');
  assert.ok(ext, 'the extension under development is loaded');

  const steps: [string, () => Promise<void>][] = [
    [
      'hardcoded secret is reported with its rule id',
      async () => {
        await vscode.window.showTextDocument(file('src/config.ts'));
        const ds = await diagnosticsOf(file('src/config.ts'), SECRET_RULE, (d) => d.length >= 2);
        const jwt = ds.find((d) => d.message.includes('"jwtSecret"'));
        assert.ok(jwt, JSON.stringify(ds.map((d) => d.message)));
        assert.equal(jwt.severity, vscode.DiagnosticSeverity.Error);
        assert.ok(!jwt.message.includes('f3b9c1d27a8e4b6f9d0c2e5a7b1d3f60'), 'the secret is masked');
        assert.ok(ext.isActive, 'the extension activated');
      },
    ],
    [
      'the env-var quick fix edits the code and .env.example',
      async () => {
        const uri = file('src/config.ts');
        const jwt = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === SECRET_RULE && d.message.includes('"jwtSecret"'))!;
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          jwt.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const fix = actions.find((a) => a.title.includes('process.env.JWT_SECRET'));
        assert.ok(fix?.edit, `quick fixes: ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        const doc = await vscode.workspace.openTextDocument(uri);
        assert.match(doc.getText(), /jwtSecret: process\.env\.JWT_SECRET \?\? ''/);
        assert.ok(await vscode.workspace.saveAll(false));
        assert.match(fs.readFileSync(path.join(root, '.env.example'), 'utf8'), /^JWT_SECRET=$/m);
        await diagnosticsOf(uri, SECRET_RULE, (d) => !d.some((x) => x.message.includes('"jwtSecret"')));
      },
    ],
    [
      'the Dockerfile shell-form CMD is reported',
      async () => {
        await vscode.window.showTextDocument(file('Dockerfile'));
        const [d] = await diagnosticsOf(file('Dockerfile'), 'disposability/signal-forwarding', (ds) => ds.length > 0);
        assert.match(d.message, /SIGTERM/);
      },
    ],
    [
      'Show Compliance Report opens the report panel',
      async () => {
        await vscode.commands.executeCommand('twelveFactor.showReport');
        const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
        assert.ok(tabs().includes('Twelve-Factor Compliance'), JSON.stringify(tabs()));
      },
    ],
    [
      'Scan Workspace reports files that were never opened',
      async () => {
        const logger = file('src/logger.ts');
        assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === logger.toString()));
        await vscode.commands.executeCommand('twelveFactor.scanWorkspace');
        await diagnosticsOf(logger, 'logs/no-file-logging', (ds) => ds.length > 0);
      },
    ],
  ];

  for (const [name, fn] of steps) {
    try {
      await fn();
      console.log(`  ✔ ${name}`);
    } catch (error) {
      console.error(`  ✖ ${name}`);
      throw error;
    }
  }
  console.log(`${steps.length} passed`);
}
