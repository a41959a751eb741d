/**
 * Turns a Fix into concrete text edits against the files' current text, and applies them. Used by
 * the LSP adapter (to build a WorkspaceEdit), the CLI and the tests.
 */
import type { Change, Fix, Position } from '../finding';
import { computeLineStarts, offsetAt } from '../text';

export interface ResolvedEdit {
  range: { start: Position; end: Position };
  newText: string;
}

interface ResolvedFileChange {
  file: string;
  /** The file does not exist yet and must be created with these edits. */
  create: boolean;
  edits: ResolvedEdit[];
}

/** `readFile` returns undefined for a missing file. A change that is already in place yields no edit. */
export function resolveFix(fix: Fix, readFile: (file: string) => string | undefined): ResolvedFileChange[] {
  const byFile = new Map<string, ResolvedFileChange>();
  const entry = (file: string, create: boolean) => {
    let e = byFile.get(file);
    if (!e) {
      e = { file, create, edits: [] };
      byFile.set(file, e);
    }
    return e;
  };
  for (const change of fix.changes) {
    if (change.kind === 'replace') {
      entry(change.file, false).edits.push({ range: change.range, newText: change.newText });
      continue;
    }
    const current = readFile(change.file);
    if (current === undefined) {
      const e = entry(change.file, true);
      if (!e.edits.some((edit) => edit.newText.split('\n').some((l) => linePresent(l, change)))) {
        e.edits.push({ range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } }, newText: `${change.line}\n` });
      }
      continue;
    }
    if (ensureLinePresent(current, change)) continue;
    const starts = computeLineStarts(current);
    const end = { line: starts.length - 1, column: current.length - starts[starts.length - 1] };
    const eol = current.includes('\r\n') ? '\r\n' : '\n';
    const needsBreak = current.length > 0 && !current.endsWith('\n');
    entry(change.file, false).edits.push({ range: { start: end, end }, newText: `${needsBreak ? eol : ''}${change.line}${eol}` });
  }
  return [...byFile.values()].filter((e) => e.edits.length > 0);
}

function ensureLinePresent(text: string, change: Extract<Change, { kind: 'ensureLine' }>): boolean {
  return text.split(/\r?\n/).some((line) => linePresent(line, change));
}

function linePresent(line: string, change: Extract<Change, { kind: 'ensureLine' }>): boolean {
  return change.exact ? line.trim() === change.line.trim() : line.trimStart().startsWith(change.presentIfLineStartsWith);
}

/** Applies non-overlapping edits to a text (last first, so earlier offsets stay valid). */
export function applyEdits(text: string, edits: readonly ResolvedEdit[]): string {
  const lineStarts = computeLineStarts(text);
  const offsetOf = (p: Position) => offsetAt(lineStarts, p, text.length);
  const sorted = edits
    .map((e) => ({ start: offsetOf(e.range.start), end: offsetOf(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/** Applies a fix to a set of files held in memory; returns the new texts by file. */
export function applyFix(fix: Fix, files: Map<string, string>): Map<string, string> {
  const out = new Map(files);
  for (const change of resolveFix(fix, (f) => out.get(f))) {
    out.set(change.file, applyEdits(change.create ? '' : (out.get(change.file) ?? ''), change.edits));
  }
  return out;
}
