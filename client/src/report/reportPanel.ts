/**
 * The compliance report webview (docs/DESIGN.md §6). The server computes the model (`twelveFactor/report`);
 * this panel only renders it (./html.ts), opens findings, exports what the server renders, and asks
 * again when diagnostics change while it is open.
 */
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportRequest } from '../../../server/src/protocol';
import type { ComplianceReport } from '../../../server/src/analysis/report/model';
import { PANEL_TITLE, renderReportBody, renderReportHtml } from './html';

const DIAGNOSTICS_DEBOUNCE_MS = 1500;

type FromWebview =
  | { type: 'ready' | 'refresh' | 'export-markdown' | 'export-sarif' }
  | { type: 'open'; folder: number; file: string; line: number; column: number; endLine: number; endColumn: number };

export class ReportPanel {
  private static current: ReportPanel | undefined;

  static show(context: vscode.ExtensionContext, client: LanguageClient): void {
    if (ReportPanel.current) {
      ReportPanel.current.panel.reveal();
      void ReportPanel.current.refresh();
      return;
    }
    const panel = vscode.window.createWebviewPanel('twelveFactor.report', PANEL_TITLE, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
    });
    ReportPanel.current = new ReportPanel(panel, context, client);
  }

  private readonly disposables: vscode.Disposable[] = [];
  private model: ComplianceReport | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private stale = false;
  private debounce: NodeJS.Timeout | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    const webview = panel.webview;
    webview.html = renderReportHtml(undefined, this.htmlOptions());
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: FromWebview) => void this.onMessage(message)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) void this.refresh();
      }),
      vscode.languages.onDidChangeDiagnostics(() => this.diagnosticsChanged()),
    );
    void this.refresh();
  }

  private htmlOptions() {
    return {
      nonce: randomBytes(16).toString('base64'),
      cspSource: this.panel.webview.cspSource,
      scriptUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'report.js')).toString(),
    };
  }

  private diagnosticsChanged(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      if (this.panel.visible) void this.refresh();
      else this.stale = true;
    }, DIAGNOSTICS_DEBOUNCE_MS);
  }

  /** Asks the server for the report; one request at a time, a change during it asks once more. */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.stale = false;
    this.inFlight = (async () => {
      void this.panel.webview.postMessage({ type: 'busy', text: 'Scanning the workspace…' });
      try {
        if (!this.client.isRunning())
          throw new Error('The Twelve-Factor language server is not running. Run "Twelve-Factor: Restart Server".');
        const result = await this.client.sendRequest<ReportRequest.Result>(ReportRequest.method, {} satisfies ReportRequest.Params);
        this.model = result.report;
        const when = new Date().toLocaleTimeString();
        void this.panel.webview.postMessage({ type: 'update', html: renderReportBody(this.model), status: `Updated at ${when}.` });
      } catch (error) {
        void this.panel.webview.postMessage({
          type: 'update',
          html: renderReportBody(this.model, (error as Error).message),
          status: 'The report could not be computed.',
        });
      }
    })().finally(() => {
      this.inFlight = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.inFlight;
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'refresh':
        return this.refresh();
      case 'export-markdown':
        return this.export('markdown');
      case 'export-sarif':
        return this.export('sarif');
      case 'open':
        return this.open(message);
      case 'ready':
        // The page (re)loaded: give it the latest report if one arrived before its script ran.
        if (this.model && !this.inFlight)
          void this.panel.webview.postMessage({ type: 'update', html: renderReportBody(this.model), status: '' });
        return undefined;
      default:
        return undefined;
    }
  }

  /** Opens a finding's file at its range; only files inside a reported folder (the message comes from the page). */
  private async open(message: Extract<FromWebview, { type: 'open' }>): Promise<void> {
    const folder = this.model?.folders[message.folder];
    if (!folder || typeof message.file !== 'string') return;
    const file = path.resolve(folder.root, message.file);
    const relative = path.relative(folder.root, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return;
    const line = (n: number) => (Number.isInteger(n) && n > 0 ? n - 1 : 0);
    const selection = new vscode.Range(line(message.line), line(message.column), line(message.endLine), line(message.endColumn));
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file), {
        selection,
        preview: true,
        viewColumn: this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One,
      });
    } catch (error) {
      void vscode.window.showErrorMessage(`Twelve-Factor: cannot open ${message.file} (${(error as Error).message}).`);
    }
  }

  private async export(format: 'markdown' | 'sarif'): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = format === 'markdown' ? 'twelve-factor-report.md' : 'twelve-factor.sarif';
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'markdown' ? { Markdown: ['md'] } : { SARIF: ['sarif', 'json'] },
      saveLabel: format === 'markdown' ? 'Export Markdown' : 'Export SARIF',
      title: `Export the Twelve-Factor report as ${format === 'markdown' ? 'Markdown' : 'SARIF'}`,
    });
    if (!target) return;
    void this.panel.webview.postMessage({ type: 'busy', text: 'Exporting…' });
    try {
      const result = await this.client.sendRequest<ReportRequest.Result>(ReportRequest.method, { format } satisfies ReportRequest.Params);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text ?? ''));
      void this.panel.webview.postMessage({ type: 'status', text: `Exported to ${target.fsPath}.` });
      void vscode.window.showInformationMessage(`Twelve-Factor report exported to ${vscode.workspace.asRelativePath(target)}.`);
    } catch (error) {
      void this.panel.webview.postMessage({ type: 'status', text: 'Export failed.' });
      void vscode.window.showErrorMessage(`Twelve-Factor: export failed (${(error as Error).message}).`);
    }
  }

  private dispose(): void {
    ReportPanel.current = undefined;
    if (this.debounce) clearTimeout(this.debounce);
    for (const d of this.disposables) d.dispose();
  }
}
