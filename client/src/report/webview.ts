/**
 * The report webview's script (bundled to dist/report.js for the browser, loaded with the page's
 * nonce). It renders nothing itself: it forwards button clicks to the extension and swaps in the
 * HTML the extension sends, keeping keyboard focus on the same control across updates.
 */
export {};

// Minimal DOM typings: the project compiles without the DOM lib.
interface El {
  id: string;
  innerHTML: string;
  textContent: string | null;
  disabled?: boolean;
  dataset: Record<string, string | undefined>;
  classList: { toggle(name: string, force?: boolean): void };
  closest(selector: string): El | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  focus(): void;
  open?: boolean;
}
declare const document: {
  getElementById(id: string): El | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  activeElement: El | null;
  addEventListener(type: 'click', listener: (event: { target: unknown }) => void): void;
};
declare const window: {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  scrollY: number;
  scrollTo(x: number, y: number): void;
};
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

type Incoming = { type: 'busy'; text: string } | { type: 'update'; html: string; status: string } | { type: 'status'; text: string };

const vscode = acquireVsCodeApi();

function setBusy(busy: boolean, text: string): void {
  document.getElementById('status')?.querySelector('progress')?.classList.toggle('hidden', !busy);
  const label = document.getElementById('status-text');
  if (label) label.textContent = text;
  for (const button of Array.from(document.querySelectorAll('.toolbar button'))) button.disabled = busy;
}

/** A selector for the focused control that survives re-rendering (its data attributes). */
function focusKey(): string | undefined {
  const el = document.activeElement;
  if (!el || !el.dataset || !el.dataset.action) return undefined;
  const { action, folder, file, line, column } = el.dataset;
  if (action !== 'open') return `[data-action="${action}"]`;
  return `[data-action="open"][data-folder="${folder}"][data-file="${CSS.escape(file ?? '')}"][data-line="${line}"][data-column="${column}"]`;
}
declare const CSS: { escape(text: string): string };

document.addEventListener('click', (event) => {
  const target = event.target as El | null;
  const el = target && typeof target.closest === 'function' ? target.closest('[data-action]') : null;
  if (!el) return;
  const { action, folder, file, line, column, endLine, endColumn } = el.dataset;
  if (action === 'open') {
    vscode.postMessage({
      type: 'open',
      folder: Number(folder),
      file,
      line: Number(line),
      column: Number(column),
      endLine: Number(endLine),
      endColumn: Number(endColumn),
    });
  } else if (action === 'refresh' || action === 'export-markdown' || action === 'export-sarif') {
    vscode.postMessage({ type: action });
  }
});

window.addEventListener('message', (event) => {
  const message = event.data as Incoming;
  if (!message || typeof message !== 'object') return;
  if (message.type === 'busy') setBusy(true, message.text);
  else if (message.type === 'status') setBusy(false, message.text);
  else if (message.type === 'update') {
    // Keep the reader's place: focus, the factors they opened or closed, and the scroll position.
    const key = focusKey();
    const folds = new Map<string, boolean>();
    for (const d of Array.from(document.querySelectorAll('details[data-factor]'))) folds.set(d.dataset.factor ?? '', !!d.open);
    const scroll = window.scrollY;
    const main = document.getElementById('report');
    if (main) main.innerHTML = message.html;
    for (const d of Array.from(document.querySelectorAll('details[data-factor]'))) {
      const open = folds.get(d.dataset.factor ?? '');
      if (open !== undefined) d.open = open;
    }
    window.scrollTo(0, scroll);
    setBusy(false, message.status);
    if (key) document.querySelector(key)?.focus();
  }
});

vscode.postMessage({ type: 'ready' });
