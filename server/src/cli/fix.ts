/**
 * `--fix` / `--fix-dry-run`: the fixes the findings carry, applied the way ESLint applies its fixes —
 * in passes: each pass takes, finding by finding, the first allowed fix whose edits overlap no edit
 * already taken in that pass, applies them together, and hands the new texts to the session (as
 * edited documents), which re-analyses them and judges the programs again. Passes repeat until no
 * fix is left, at most MAX_PASSES times. Nothing is written here: the caller writes the texts
 * (`--fix`) or prints their diff (`--fix-dry-run`).
 *
 * `ensureLine` changes (the name of a variable added to `.env.example`, created if missing) are
 * resolved against the text as it is after the pass's other edits, one by one, so two fixes naming
 * the same variable add it once. A fix never copies a secret: checked at the end (secretCopies()).
 */
import type { Change, Finding, Fix } from '../analysis/finding';
import type { WorkspaceSession } from '../analysis/workspace/session';
import { applyEdits, resolveFix, type ResolvedEdit } from '../analysis/fixes/apply';
import { computeLineStarts, offsetAt } from '../analysis/text';
import type { FixType } from './args';

export const MAX_PASSES = 10;

interface FixOutcome {
  /** file → its text before the first fix (undefined: the file did not exist) and after the last. */
  changed: Map<string, { before: string | undefined; after: string }>;
  /** Fixes applied, over all passes. */
  applied: number;
  passes: number;
  /** True when fixes were still left after MAX_PASSES. */
  unfinished: boolean;
}

interface FixOptions {
  type: FixType;
  /** The findings fixes are taken from (those the run reports: --quiet and the baseline apply). */
  findings: () => readonly Finding[];
  /** Only this file may change (--stdin): a fix that needs another file loses its optional changes, or is skipped. */
  onlyFile?: string;
}

function allowed(fix: Fix, type: FixType): boolean {
  return fix.kind === 'safe' || type === 'suggestion';
}

/** The fix to apply for a finding: its preferred allowed fix, else its first allowed one. */
function chooseFix(finding: Finding, options: FixOptions): Fix | undefined {
  const candidates = (finding.fixes ?? []).filter((f) => allowed(f, options.type)).map((fix) => restrict(fix, options.onlyFile));
  const usable = candidates.filter((f): f is Fix => f !== undefined);
  return usable.find((f) => f.isPreferred) ?? usable[0];
}

/** A fix limited to one file: its optional changes elsewhere dropped; undefined when it needs another file. */
function restrict(fix: Fix, onlyFile: string | undefined): Fix | undefined {
  if (!onlyFile) return fix;
  const changes: Change[] = [];
  for (const change of fix.changes) {
    if (change.file === onlyFile) changes.push(change);
    else if (!(change.kind === 'ensureLine' && change.optional)) return undefined;
  }
  return changes.length ? { ...fix, title: fix.titleWithoutOptional ?? fix.title, changes } : undefined;
}

export function applyFixes(session: WorkspaceSession, options: FixOptions): FixOutcome {
  const changed = new Map<string, { before: string | undefined; after: string }>();
  let applied = 0;
  let passes = 0;
  let version = 1;
  const textOf = (file: string) => changed.get(file)?.after ?? session.read(file);
  for (; passes < MAX_PASSES; passes++) {
    const taken = new Map<string, { start: number; end: number }[]>();
    const replaces = new Map<string, ResolvedEdit[]>();
    const ensures: Change[] = [];
    let count = 0;
    for (const finding of options.findings()) {
      const fix = chooseFix(finding, options);
      if (!fix) continue;
      const edits: { file: string; start: number; end: number; edit: ResolvedEdit }[] = [];
      let missing = false;
      for (const change of fix.changes) {
        if (change.kind !== 'replace') continue;
        const text = textOf(change.file);
        if (text === undefined) {
          missing = true;
          break;
        }
        const starts = computeLineStarts(text);
        edits.push({
          file: change.file,
          start: offsetAt(starts, change.range.start, text.length),
          end: offsetAt(starts, change.range.end, text.length),
          edit: { range: change.range, newText: change.newText },
        });
      }
      // An edit touching one already taken waits for the next pass (the finding will still be there, re-analysed).
      const overlaps = edits.some((e) => (taken.get(e.file) ?? []).some((t) => e.start < t.end && t.start < e.end));
      if (missing || overlaps) continue;
      for (const e of edits) {
        taken.set(e.file, [...(taken.get(e.file) ?? []), { start: e.start, end: Math.max(e.end, e.start + 1) }]);
        replaces.set(e.file, [...(replaces.get(e.file) ?? []), e.edit]);
      }
      ensures.push(...fix.changes.filter((c) => c.kind === 'ensureLine'));
      count++;
    }
    if (count === 0) break;
    const next = new Map<string, string>();
    for (const [file, edits] of replaces) next.set(file, applyEdits(textOf(file) ?? '', edits));
    const current = (file: string) => next.get(file) ?? textOf(file);
    for (const change of ensures) {
      for (const resolved of resolveFix({ kind: 'safe', title: '', changes: [change] }, current)) {
        next.set(resolved.file, applyEdits(resolved.create ? '' : (current(resolved.file) ?? ''), resolved.edits));
      }
    }
    let progressed = false;
    for (const [file, after] of next) {
      const before = textOf(file);
      if (after === before) continue;
      progressed = true;
      const original = changed.has(file) ? changed.get(file)!.before : session.read(file);
      changed.set(file, { before: original, after });
    }
    applied += count;
    if (!progressed) break;
    for (const [file, after] of next) session.updateDocument(file, after, version++);
  }
  const unfinished = passes === MAX_PASSES && options.findings().some((f) => chooseFix(f, options) !== undefined);
  for (const [file, texts] of changed) if (texts.before === texts.after) changed.delete(file);
  return { changed, applied, passes, unfinished };
}

/**
 * Secrets the fixes copied: the text of each secret finding of the original files (`secrets`), found
 * more often after the fixes than before in any file (or at all in a file the fixes created). Empty
 * means no fix wrote a secret anywhere.
 */
export function secretCopies(secrets: readonly string[], changed: FixOutcome['changed']): string[] {
  const occurrences = (text: string | undefined, secret: string) => (text ? text.split(secret).length - 1 : 0);
  const out: string[] = [];
  for (const secret of secrets) {
    for (const [file, { before, after }] of changed) {
      if (occurrences(after, secret) > occurrences(before, secret)) out.push(file);
    }
  }
  return out;
}

/** The flagged text of a secret finding as it appears in its file, quotes stripped (what must never be copied). */
export function flaggedSecret(finding: Finding, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const starts = computeLineStarts(text);
  const raw = text.slice(offsetAt(starts, finding.range.start, text.length), offsetAt(starts, finding.range.end, text.length));
  const body = raw.replace(/^(['"`])([\s\S]*)\1$/, '$2');
  return body.length >= 6 ? body : undefined;
}
