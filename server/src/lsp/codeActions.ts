/**
 * Code actions from the findings the server last published (never a re-analysis): each fix as a
 * quickfix (the preferred one first), "Disable <rule> for this line", "Disable <rule> for the entire
 * file", "Show documentation for <rule>", and fix-all — as `source.fixAll.twelveFactor` and, when the
 * file has safe fixes, in the quick-fix menu too. Fix-all applies *safe* fixes only (docs/DESIGN.md §2):
 * a suggestion changes what the program does and is only ever applied when the user picks it.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { Change, Fix } from '../analysis/finding';
import { disableFileChange, disableLineChange } from '../analysis/suppressions';
import { ruleDocsUrl } from '../analysis/rule';
import { FIX_ALL_KIND, SERVER_COMMANDS } from '../protocol';
import { SOURCE, type DiagnosticData } from './diagnostics';
import type { Published } from './folders';
import { toWorkspaceEdit, type EditCapabilities, type OpenDocuments } from './workspaceEdits';

const FIX_ALL_TITLE = 'Fix all safe Twelve-Factor problems';

function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** How this client opens a rule's documentation: our client's command, the server's (window/showDocument), or not at all. */
export type DocsMode = 'client' | 'showDocument' | 'none';

export function codeActions(
  params: CodeActionParams,
  store: Published | undefined,
  documents: OpenDocuments,
  caps: EditCapabilities,
  docs: DocsMode = 'client',
): CodeAction[] {
  if (!store) return [];
  const actions: CodeAction[] = [];
  const text = documents.read(store.file) ?? '';
  const seenRules = new Set<string>();
  if (wants(params, CodeActionKind.QuickFix)) {
    const trailing: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const data = diagnostic.data as DiagnosticData | undefined;
      const finding = data && data.version === store.version ? store.findings[data.key] : undefined;
      if (!finding) continue;
      const fixes = [...(finding.fixes ?? [])].sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
      for (const fix of fixes) {
        const applicable = toWorkspaceEdit(fix, documents, caps);
        if (applicable)
          actions.push({
            title: applicable.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: !!fix.isPreferred,
            edit: applicable.edit,
          });
      }
      if (seenRules.has(finding.ruleId)) continue;
      seenRules.add(finding.ruleId);
      const lineChange = disableLineChange(store.file, text, store.language, finding.ruleId, finding.range.start.line);
      const line = lineChange && toWorkspaceEdit(suppression(lineChange), documents, caps);
      if (line)
        trailing.push({
          title: `Disable ${finding.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: line.edit,
        });
      const fileChange = disableFileChange(store.file, text, store.language, finding.ruleId);
      const file = fileChange && toWorkspaceEdit(suppression(fileChange), documents, caps);
      if (file)
        trailing.push({
          title: `Disable ${finding.ruleId} for the entire file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: file.edit,
        });
      if (docs !== 'none') trailing.push(docsAction(finding.ruleId, diagnostic, docs));
    }
    // As ESLint's extension: fix-all in the quick-fix menu too, when it would do something.
    if (actions.length > 0) {
      const fixAll = fixAllAction(store, documents, caps, CodeActionKind.QuickFix);
      if (fixAll) trailing.push(fixAll);
    }
    actions.push(...trailing);
  }
  // Fix-all by kind (on save, or Source Action…).
  if (params.context.only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source)) {
    const fixAll = fixAllAction(store, documents, caps, FIX_ALL_KIND);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function suppression(change: Change): Fix {
  return { kind: 'safe', title: '', changes: [change] };
}

function docsAction(ruleId: string, diagnostic: Diagnostic, docs: Exclude<DocsMode, 'none'>): CodeAction {
  const command = docs === 'client' ? SERVER_COMMANDS.openRuleDocs : SERVER_COMMANDS.showRuleDocs;
  return {
    title: `Show documentation for ${ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Show documentation for ${ruleId}`, command, arguments: [ruleId, ruleDocsUrl(ruleId)] },
  };
}

/** The safe fixes of a document whose edits to it do not overlap, as one action; undefined when there are none. */
function fixAllAction(store: Published, documents: OpenDocuments, caps: EditCapabilities, kind: string): CodeAction | undefined {
  const chosen: Fix[] = [];
  const taken: { start: number; end: number }[] = [];
  const offset = (line: number, column: number) => line * 1e6 + column;
  for (const finding of store.findings) {
    const fix = finding.fixes?.find((f) => f.kind === 'safe');
    if (!fix) continue;
    const spans = fix.changes.flatMap((c) =>
      c.kind === 'replace' && c.file === store.file
        ? [{ start: offset(c.range.start.line, c.range.start.column), end: offset(c.range.end.line, c.range.end.column) }]
        : [],
    );
    if (spans.some((s) => taken.some((t) => s.start < t.end && t.start < s.end))) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  if (chosen.length === 0) return undefined;
  // ensureLine changes of several fixes to one file are merged so each line is added once.
  const seen = new Set<string>();
  const changes = chosen
    .flatMap((f) => f.changes)
    .filter((c) => {
      if (c.kind !== 'ensureLine') return true;
      const key = `${c.file}\u0000${c.line}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const applicable = toWorkspaceEdit({ kind: 'safe', title: FIX_ALL_TITLE, changes }, documents, caps);
  return applicable ? { title: FIX_ALL_TITLE, kind, edit: applicable.edit } : undefined;
}
