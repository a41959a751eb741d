/**
 * The report webview's HTML: pure functions of the report model (no vscode import), so they can be
 * unit-tested. Strict CSP: nothing remote, styles and the one script only with the page's nonce.
 * Every text from the model is HTML-escaped; findings are buttons (keyboard reachable) whose data
 * attributes the webview script posts back to the extension.
 */
import type {
  ComplianceReport,
  Evidence,
  FactorReport,
  FactorStatus,
  FolderReport,
  ReportFinding,
} from '../../../server/src/analysis/report/model';
import { FACTORS } from '../../../server/src/analysis/report/factors';

interface HtmlOptions {
  /** A fresh random value per page load (base64 or hex). */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/report.js)`, as a string. */
  scriptUri: string;
  /** Shown instead of the report (the server failed, no folder open…). */
  error?: string;
}

export const PANEL_TITLE = 'Twelve-Factor Compliance';

const STATUS_LABEL: Record<FactorStatus, string> = { compliant: 'Compliant', violations: 'Violations', 'not-assessed': 'Not assessed' };
const STATUS_ICON: Record<FactorStatus, string> = { compliant: '✓', violations: '✗', 'not-assessed': '–' };
const EVIDENCE_LABEL: Record<Evidence['kind'], string> = { positive: 'Supports', negative: 'Problem', neutral: 'Note' };
const EVIDENCE_ICON: Record<Evidence['kind'], string> = { positive: '✓', negative: '✗', neutral: '·' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function openButton(
  folder: number,
  at: { file: string; line: number; column?: number; endLine?: number; endColumn?: number },
  label: string,
  cls: string,
): string {
  const attrs = [
    `data-action="open"`,
    `data-folder="${folder}"`,
    `data-file="${escapeHtml(at.file)}"`,
    `data-line="${at.line}"`,
    `data-column="${at.column ?? 1}"`,
    `data-end-line="${at.endLine ?? at.line}"`,
    `data-end-column="${at.endColumn ?? at.column ?? 1}"`,
  ].join(' ');
  return `<button type="button" class="${cls}" ${attrs}>${label}</button>`;
}

function evidenceItem(e: Evidence, folder: number): string {
  const where = e.file
    ? e.line
      ? openButton(folder, { file: e.file, line: e.line }, `<code>${escapeHtml(`${e.file}:${e.line}`)}</code>`, 'link')
      : ` <code>${escapeHtml(e.file)}</code>`
    : '';
  return `<li class="ev ev-${e.kind}"><span class="icon" aria-hidden="true">${EVIDENCE_ICON[e.kind]}</span><span class="visually-hidden">${EVIDENCE_LABEL[e.kind]}: </span>${escapeHtml(e.text)} ${where}</li>`;
}

const SEVERITY_ICON: Record<ReportFinding['severity'], string> = { error: '✗', warning: '⚠', information: 'ℹ', hint: 'ℹ' };

/**
 * The icon in its own column, the text wrapping beside it (never the icon alone on a line above), the
 * icon beside the text's first line: the row aligns its items at the top, not on their baselines (a
 * button's baseline is its last line), and the icon has the text's line height.
 */
function findingItem(f: ReportFinding, folder: number): string {
  const label = `<code>${escapeHtml(`${f.file}:${f.line}:${f.column}`)}</code> <span class="message">${escapeHtml(f.message)}</span>`;
  return `<li class="finding sev-${f.severity}"><span class="sev-icon" aria-hidden="true">${SEVERITY_ICON[f.severity]}</span><span class="finding-body">${openButton(folder, f, label, 'finding-link')} <span class="rule">${escapeHtml(f.ruleId)} · ${escapeHtml(f.severity)}</span></span></li>`;
}

function factorItem(f: FactorReport, folder: number): string {
  const id = `f${folder}-${f.number}`;
  // A factor folds: open at first when it has violations; the page keeps what the reader opened or
  // closed (and where it was scrolled) across updates (webview.ts).
  const parts = [
    `<li class="factor status-${f.status}" aria-labelledby="${id}">`,
    `<details id="d-${id}" data-factor="${id}"${f.status === 'violations' ? ' open' : ''}>`,
    `<summary><h3 id="${id}"><span class="roman">${f.roman}.</span> ${escapeHtml(f.title)} <span class="badge badge-${f.status}"><span aria-hidden="true">${STATUS_ICON[f.status]}</span> ${STATUS_LABEL[f.status]}</span></h3></summary>`,
    `<p class="summary">${escapeHtml(f.summary)}</p>`,
    `<p class="reason">${escapeHtml(f.reason)}</p>`,
  ];
  if (f.evidence.length)
    parts.push(`<ul class="evidence" aria-label="Evidence">${f.evidence.map((e) => evidenceItem(e, folder)).join('')}</ul>`);
  if (f.findings.length)
    parts.push(`<ul class="findings" aria-label="Findings">${f.findings.map((x) => findingItem(x, folder)).join('')}</ul>`);
  if (f.needed) parts.push(`<p class="needed"><strong>Needed:</strong> ${escapeHtml(f.needed)}</p>`);
  parts.push('</details></li>');
  return parts.join('');
}

function folderSection(folder: FolderReport, index: number, report: ComplianceReport): string {
  const files = folder.files;
  const notAssessed = folder.factors.length - folder.score.assessed;
  return [
    `<section class="folder" aria-labelledby="folder-${index}">`,
    `<h2 id="folder-${index}">${escapeHtml(folder.name)} <span class="score">${folder.score.compliant} of ${folder.score.assessed} assessed factors compliant</span></h2>`,
    `<p class="meta">${files.scanned} files scanned (${files.typescript} TypeScript/JavaScript, ${files.dockerfile} Dockerfile${files.dockerfile === 1 ? '' : 's'}${files.config ? `, ${files.config} config file${files.config === 1 ? '' : 's'}` : ''}) · ${notAssessed} not assessed · ${duration(report.durationMs)} · ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}</p>`,
    `<ol class="factors">${folder.factors.map((f) => factorItem(f, index)).join('')}</ol>`,
    `</section>`,
  ].join('');
}

/** The twelve factors, not yet assessed: shown while the first scan runs. */
function skeleton(): string {
  const items = FACTORS.map(
    (f) =>
      `<li class="factor pending"><h3><span class="roman">${f.roman}.</span> ${escapeHtml(f.title)}</h3><p class="summary">${escapeHtml(f.summary)}</p></li>`,
  ).join('');
  return `<section class="folder"><ol class="factors">${items}</ol></section>`;
}

/** The report's main content (replaced in place by the webview script on updates). */
export function renderReportBody(model: ComplianceReport | undefined, error?: string): string {
  if (error) return `<p class="error" role="alert">${escapeHtml(error)}</p>${skeleton()}`;
  if (!model) return skeleton();
  if (model.folders.length === 0) return `<p class="empty">Open a folder to see its compliance report.</p>${skeleton()}`;
  const compliant = model.folders.reduce((n, f) => n + f.score.compliant, 0);
  const assessed = model.folders.reduce((n, f) => n + f.score.assessed, 0);
  const head = `<p class="total"><span class="big">${compliant} / ${assessed}</span> assessed factors compliant${model.folders.length > 1 ? ` across ${model.folders.length} folders` : ''}. Factors not assessed are not counted as passing.</p>`;
  const cancelled = model.cancelled ? '<p class="error" role="alert">The scan was cancelled: the verdicts may be incomplete.</p>' : '';
  return head + cancelled + model.folders.map((f, i) => folderSection(f, i, model)).join('');
}

const STYLE = `
:root { color-scheme: light dark; }
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.45; padding: 0 20px 24px; }
header { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 12px 0 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); z-index: 1; }
h1 { font-size: 1.5em; margin: 0 0 8px; font-weight: 600; }
h2 { font-size: 1.25em; margin: 20px 0 4px; }
h3 { font-size: 1.05em; margin: 0 0 2px; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.toolbar { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
button { font-family: inherit; font-size: inherit; cursor: pointer; }
.toolbar button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; border-radius: 2px; }
.toolbar button:hover { background: var(--vscode-button-hoverBackground); }
.toolbar button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
.toolbar button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
button:disabled { opacity: 0.6; cursor: default; }
button:focus-visible, a:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
#status { min-height: 1.4em; margin: 6px 0 0; color: var(--vscode-descriptionForeground); }
progress { vertical-align: middle; margin-right: 6px; accent-color: var(--vscode-progressBar-background); }
.hidden { display: none; }
.total .big { font-size: 1.6em; font-weight: 600; margin-right: 6px; }
.score { font-weight: normal; color: var(--vscode-descriptionForeground); font-size: 0.85em; }
.meta, .summary { color: var(--vscode-descriptionForeground); margin: 0 0 6px; }
ol.factors { list-style: none; padding: 0; margin: 8px 0; }
li.factor { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); border-left-width: 4px; padding: 8px 12px; margin: 0 0 8px; border-radius: 2px; }
li.status-compliant { border-left-color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
li.status-violations { border-left-color: var(--vscode-testing-iconFailed, var(--vscode-errorForeground)); }
li.status-not-assessed, li.pending { border-left-color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground)); }
.badge { font-size: 0.8em; padding: 1px 8px; border-radius: 10px; font-weight: normal; }
.badge-compliant { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); border: 1px solid currentColor; }
.badge-violations { color: var(--vscode-errorForeground); border: 1px solid currentColor; }
.badge-not-assessed { color: var(--vscode-descriptionForeground); border: 1px solid currentColor; }
.reason { margin: 0 0 4px; }
ul.evidence, ul.findings { list-style: none; padding-left: 4px; margin: 4px 0; }
.ev .icon { display: inline-block; width: 1.2em; }
.ev-positive .icon { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.ev-negative .icon { color: var(--vscode-errorForeground); }
.ev-neutral { color: var(--vscode-descriptionForeground); }
button.link, button.finding-link { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); text-align: left; }
button.link:hover, button.finding-link:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
button.finding-link .message { color: var(--vscode-foreground); }
li.finding { margin: 2px 0; display: flex; gap: 0.4em; align-items: flex-start; }
.sev-icon { flex: none; width: 1.2em; line-height: inherit; }
.finding-body { min-width: 0; }
button.finding-link { display: inline; font: inherit; }
li.sev-error .sev-icon { color: var(--vscode-errorForeground); }
li.sev-warning .sev-icon { color: var(--vscode-editorWarning-foreground); }
li.sev-information .sev-icon, li.sev-hint .sev-icon { color: var(--vscode-editorInfo-foreground); }
details > summary { cursor: pointer; list-style-position: outside; }
details > summary h3 { display: inline-flex; }
.rule { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
code { font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
.needed { color: var(--vscode-descriptionForeground); margin: 4px 0 0; }
.error { color: var(--vscode-errorForeground); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The whole page. `model` undefined: the twelve factors with a "scanning" status, before the first result. */
export function renderReportHtml(model: ComplianceReport | undefined, options: HtmlOptions): string {
  const nonce = escapeHtml(options.nonce);
  const csp = [
    "default-src 'none'",
    `style-src ${options.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${options.cspSource}`,
    `font-src ${options.cspSource}`,
  ].join('; ');
  const busy = !model && !options.error;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${PANEL_TITLE}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
<h1>${PANEL_TITLE}</h1>
<div class="toolbar" role="toolbar" aria-label="Report actions">
<button type="button" data-action="refresh">Refresh</button>
<button type="button" class="secondary" data-action="export-markdown">Export to Markdown…</button>
<button type="button" class="secondary" data-action="export-sarif">Export to SARIF…</button>
</div>
<p id="status" role="status" aria-live="polite"><progress class="${busy ? '' : 'hidden'}" aria-label="Scanning"></progress><span id="status-text">${busy ? 'Scanning the workspace…' : ''}</span></p>
</header>
<main id="report">${renderReportBody(model, options.error)}</main>
<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}
