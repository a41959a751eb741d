/** Commands contributed in package.json. Each asks the server; none analyses anything itself. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ScanWorkspaceRequest, SERVER_COMMANDS } from '../../server/src/protocol';
import { ReportPanel } from './report/reportPanel';

export function registerCommands(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): vscode.Disposable {
  const running = () => {
    const c = client();
    if (!c || !c.isRunning()) {
      void vscode.window.showWarningMessage('Twelve-Factor Lint: the language server is not running. Run "Twelve-Factor: Restart Server".');
      return undefined;
    }
    return c;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('twelveFactor.scanWorkspace', async () => {
      const c = running();
      if (!c) return;
      const result = await c.sendRequest<ScanWorkspaceRequest.Result>(ScanWorkspaceRequest.method, {});
      const summary = `${result.findings} problem${result.findings === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}`;
      void vscode.window.showInformationMessage(
        `Twelve-Factor: ${result.cancelled ? 'scan cancelled after' : 'scanned'} ${result.files} files — ${summary}.`,
      );
    }),
    vscode.commands.registerCommand('twelveFactor.showReport', () => {
      const c = running();
      if (c) ReportPanel.show(context, c);
    }),
    vscode.commands.registerCommand('twelveFactor.restartServer', async () => {
      const c = client();
      if (!c) return;
      output.info('Restarting the Twelve-Factor language server');
      await c.restart();
    }),
    vscode.commands.registerCommand(SERVER_COMMANDS.openRuleDocs, async (...args: unknown[]) => {
      // [ruleId, url]: the page shipped in the extension, opened in the editor (offline); the web page otherwise.
      const [ruleId, url] = args.length > 1 ? args : [undefined, args[0]];
      if (typeof ruleId === 'string' && /^[a-z-]+\/[a-z0-9-]+$/.test(ruleId)) {
        const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
        try {
          await vscode.workspace.fs.stat(page);
          await vscode.commands.executeCommand('markdown.showPreview', page);
          return;
        } catch {
          /* not shipped: the web page */
        }
      }
      if (typeof url === 'string' && /^https:\/\//.test(url)) await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
    vscode.commands.registerCommand('twelveFactor.showOutput', () => output.show()),
  );
}
