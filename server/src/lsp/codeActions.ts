/**
 * Code actions from the findings the server already holds (never a re-analysis): each fix as a
 * quickfix (the preferred one first), "Disable <rule> for this line", "Show documentation for
 * <rule>", and source.fixAll.twelveFactor for the preferred fixes.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Fix } from '../analysis/finding';
import type { Language } from '../analysis/languages/detect';
import { disableLineChange } from '../analysis/suppressions';
import { ruleDocsUrl } from '../analysis/rule';
import { FIX_ALL_KIND, SERVER_COMMANDS } from '../protocol';
import { SOURCE, type DiagnosticData } from './diagnostics';
import { toWorkspaceEdit, type EditCapabilities, type OpenDocuments } from './workspaceEdits';

export interface DocumentFindings {
  file: string;
  language: Language;
  version: number | null;
  text: string;
  findings: Finding[];
}

function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(
  params: CodeActionParams,
  store: DocumentFindings | undefined,
  documents: OpenDocuments,
  caps: EditCapabilities,
): CodeAction[] {
  if (!store) return [];
  const actions: CodeAction[] = [];
  const seenRules = new Set<string>();
  if (wants(params, CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const data = diagnostic.data as DiagnosticData | undefined;
      const finding = data && data.version === store.version ? store.findings[data.key] : undefined;
      if (!finding) continue;
      const fixes = [...(finding.fixes ?? [])].sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred));
      fixes.forEach((fix) => {
        const edit = toWorkspaceEdit(fix, documents, caps);
        if (edit)
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: !!fix.isPreferred,
            edit,
          });
      });
      const disable = toWorkspaceEdit(
        { title: '', changes: [disableLineChange(store.file, store.text, store.language, finding.ruleId, finding.range.start.line)] },
        documents,
        caps,
      );
      if (disable) {
        actions.push({
          title: `Disable ${finding.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: disable,
        });
      }
      if (!seenRules.has(finding.ruleId)) {
        seenRules.add(finding.ruleId);
        actions.push(docsAction(finding.ruleId, diagnostic));
      }
    }
  }
  // Fix-all only when asked for by kind (on save, or Source Action…), never in the lightbulb.
  if (params.context.only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source)) {
    const fixAll = fixAllAction(store, documents, caps);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function docsAction(ruleId: string, diagnostic: Diagnostic): CodeAction {
  return {
    title: `Show documentation for ${ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Show documentation for ${ruleId}`, command: SERVER_COMMANDS.openRuleDocs, arguments: [ruleDocsUrl(ruleId)] },
  };
}

/** The preferred fixes of a document whose edits to it do not overlap, as one action. */
export function fixAllAction(store: DocumentFindings, documents: OpenDocuments, caps: EditCapabilities): CodeAction | undefined {
  const chosen: Fix[] = [];
  const taken: { start: number; end: number }[] = [];
  const offset = (line: number, column: number) => line * 1e6 + column;
  for (const finding of store.findings) {
    const fix = finding.fixes?.find((f) => f.isPreferred);
    if (!fix) continue;
    const spans = fix.changes
      .filter((c) => c.kind === 'replace' && c.file === store.file)
      .map((c) =>
        c.kind === 'replace'
          ? { start: offset(c.range.start.line, c.range.start.column), end: offset(c.range.end.line, c.range.end.column) }
          : { start: 0, end: 0 },
      );
    if (spans.some((s) => taken.some((t) => s.start < t.end && t.start < s.end))) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  if (chosen.length === 0) return undefined;
  // ensureLine changes of several fixes to one file are merged so each line is added once.
  const merged: Fix = { title: 'Fix all twelve-factor problems', changes: chosen.flatMap((f) => f.changes) };
  const seen = new Set<string>();
  merged.changes = merged.changes.filter((c) => {
    if (c.kind !== 'ensureLine') return true;
    const key = `${c.file}\u0000${c.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const edit = toWorkspaceEdit(merged, documents, caps);
  return edit ? { title: merged.title, kind: FIX_ALL_KIND, edit } : undefined;
}
