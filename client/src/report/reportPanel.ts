/** The compliance report webview. (Minimal shell: the full report model arrives with the report issue.) */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FACTORS } from '../../../server/src/analysis/report/factors';

export class ReportPanel {
  private static current: ReportPanel | undefined;

  static show(context: vscode.ExtensionContext, client: LanguageClient): void {
    if (ReportPanel.current) {
      ReportPanel.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('twelveFactor.report', 'Twelve-Factor Compliance', vscode.ViewColumn.Active, {
      enableScripts: false,
      localResourceRoots: [],
    });
    ReportPanel.current = new ReportPanel(panel, context, client);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    _context: vscode.ExtensionContext,
    _client: LanguageClient,
  ) {
    panel.onDidDispose(() => (ReportPanel.current = undefined));
    panel.webview.html = this.html();
  }

  private html(): string {
    const nonce = randomBytes(16).toString('base64');
    const rows = FACTORS.map((f) => `<tr><th scope="row">${f.roman}. ${f.title}</th><td>${f.summary}</td><td>not assessed</td></tr>`).join('');
    return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<style nonce="${nonce}">body{color:var(--vscode-foreground);background:var(--vscode-editor-background);font-family:var(--vscode-font-family)}td,th{padding:4px 8px;text-align:left}</style>
<title>Twelve-Factor Compliance</title></head><body><h1>Twelve-Factor Compliance</h1><table>${rows}</table></body></html>`;
  }
}
