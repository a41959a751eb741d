/**
 * A baseline: the findings a team accepted when it adopted the linter, recorded so that only new ones
 * are reported (`--update-baseline` writes it, `--baseline` or the config's `"baseline"` reads it).
 *
 * Entries are keyed by content, never by line number, so they survive edits above them (a position-keyed
 * fingerprint breaks on every line inserted above it): the rule, the file (relative to the baseline's
 * folder), and a hash of the finding's message kind, its flagged text and its line, normalised —
 * whitespace collapsed, every string literal's body masked, a flagged secret reduced to its redacted
 * form (`sk_l…(32 chars)`) and masked out of the line. Neither a secret nor a hash of one is written.
 * The same key can occur several times in a file (two identical findings): an entry counts them, and
 * the first `count` findings with that key, in position order, are the baselined ones (a multiset).
 *
 * The file is sorted and stable (an unchanged codebase rewrites it byte for byte), versioned, with
 * `/`-separated relative paths, so it diffs well in review.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Finding, Range } from './finding';
import { redact } from './redact';
import { toPosix } from './paths';

export const BASELINE_FILE_NAME = '.twelvefactor-baseline.json';
const BASELINE_VERSION = 1;

/** Rules whose flagged text is a secret: never hashed as is, and masked out of the context of every finding on its line. */
const SECRET_RULES = new Set(['config/no-hardcoded-secret']);

interface BaselineEntry {
  /** Relative to the baseline file's folder, `/`-separated. */
  file: string;
  ruleId: string;
  fingerprint: string;
  count: number;
}

interface BaselineData {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

/** A stale entry: recorded, but (that many of) its findings are gone: fixed, or changed so the key no longer matches. */
interface StaleEntry extends BaselineEntry {
  /** How many of `count` were not found. */
  missing: number;
}

export class Baseline {
  /** `${file}\0${ruleId}\0${fingerprint}` → count. */
  private readonly counts = new Map<string, number>();

  private constructor(
    /** Absolute path of the baseline file. */
    readonly file: string,
    readonly entries: readonly BaselineEntry[],
    /** Why the file could not be used (missing, invalid): then it holds no entry. */
    readonly problem?: string,
  ) {
    for (const e of entries)
      this.counts.set(keyOf(e.file, e.ruleId, e.fingerprint), (this.counts.get(keyOf(e.file, e.ruleId, e.fingerprint)) ?? 0) + e.count);
  }

  get dir(): string {
    return path.dirname(this.file);
  }

  static empty(file: string): Baseline {
    return new Baseline(path.resolve(file), []);
  }

  /** Reads a baseline file; a missing or invalid one is a Baseline with no entries and a `problem`. */
  static load(file: string, read: (file: string) => string | undefined): Baseline {
    const absolute = path.resolve(file);
    const text = read(absolute);
    if (text === undefined) return new Baseline(absolute, [], 'cannot read the baseline file (create it with --update-baseline)');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return new Baseline(absolute, [], `the baseline file is not valid JSON (${(error as Error).message})`);
    }
    const problem = validate(data);
    if (problem) return new Baseline(absolute, [], problem);
    return new Baseline(absolute, (data as BaselineData).entries);
  }

  /** A baseline recording `findings` (each file's findings with its text), plus `keep`: entries of files this run did not look at. */
  static record(
    file: string,
    findingsByFile: Iterable<readonly [string, readonly Finding[]]>,
    textOf: (file: string) => string | undefined,
    keep: readonly BaselineEntry[] = [],
  ): Baseline {
    const absolute = path.resolve(file);
    const dir = path.dirname(absolute);
    const counts = new Map<string, BaselineEntry>();
    for (const e of keep) counts.set(keyOf(e.file, e.ruleId, e.fingerprint), { ...e });
    for (const [source, findings] of findingsByFile) {
      if (findings.length === 0) continue;
      const relative = toPosix(path.relative(dir, source));
      const prints = fingerprints(findings, textOf(source));
      findings.forEach((f, i) => {
        const key = keyOf(relative, f.ruleId, prints[i]);
        const entry = counts.get(key);
        if (entry) entry.count++;
        else counts.set(key, { file: relative, ruleId: f.ruleId, fingerprint: prints[i], count: 1 });
      });
    }
    return new Baseline(absolute, [...counts.values()].sort(compareEntries));
  }

  /** The file's text: sorted, 2-space JSON with a final newline (stable across runs). */
  serialize(): string {
    const data: BaselineData = { version: BASELINE_VERSION, entries: [...this.entries].sort(compareEntries) };
    return `${JSON.stringify(data, null, 2)}\n`;
  }

  /** The key of an absolute source path in this baseline. */
  relative(source: string): string {
    return toPosix(path.relative(this.dir, source));
  }

  /**
   * Splits a file's findings (sorted by position) into new ones and baselined ones: per key, the
   * first `count` occurrences are baselined. `text` is the file's current text.
   */
  match(source: string, findings: readonly Finding[], text: string | undefined): { fresh: Finding[]; known: Finding[] } {
    const fresh: Finding[] = [];
    const known: Finding[] = [];
    if (this.counts.size === 0 || findings.length === 0) return { fresh: [...findings], known };
    const relative = this.relative(source);
    const prints = fingerprints(findings, text);
    const used = new Map<string, number>();
    findings.forEach((f, i) => {
      const key = keyOf(relative, f.ruleId, prints[i]);
      const n = used.get(key) ?? 0;
      if (n < (this.counts.get(key) ?? 0)) {
        used.set(key, n + 1);
        known.push(f);
      } else fresh.push(f);
    });
    return { fresh, known };
  }

  /**
   * Entries (or parts of their counts) no current finding matches, among the files `inScope` says were
   * looked at. `findingsOf` gives a file's findings before the baseline is applied.
   */
  stale(
    inScope: (source: string) => boolean,
    findingsOf: (source: string) => readonly Finding[],
    textOf: (source: string) => string | undefined,
  ): StaleEntry[] {
    const out: StaleEntry[] = [];
    const byFile = new Map<string, BaselineEntry[]>();
    for (const e of this.entries) {
      const list = byFile.get(e.file) ?? [];
      list.push(e);
      byFile.set(e.file, list);
    }
    for (const [relative, entries] of byFile) {
      const source = path.resolve(this.dir, relative);
      if (!inScope(source)) continue;
      const findings = findingsOf(source);
      const prints = fingerprints(findings, findings.length ? textOf(source) : undefined);
      const current = new Map<string, number>();
      findings.forEach((f, i) =>
        current.set(keyOf(relative, f.ruleId, prints[i]), (current.get(keyOf(relative, f.ruleId, prints[i])) ?? 0) + 1),
      );
      for (const e of entries) {
        const key = keyOf(e.file, e.ruleId, e.fingerprint);
        const have = current.get(key) ?? 0;
        current.set(key, Math.max(0, have - e.count));
        if (have < e.count) out.push({ ...e, missing: e.count - have });
      }
    }
    return out.sort(compareEntries);
  }
}

function keyOf(file: string, ruleId: string, fingerprint: string): string {
  return `${file}\u0000${ruleId}\u0000${fingerprint}`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validate(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'the baseline file must hold a JSON object';
  const { version, entries } = data as Partial<BaselineData>;
  if (version !== BASELINE_VERSION)
    return `unsupported baseline version ${JSON.stringify(version)} (this tool reads version ${BASELINE_VERSION}; run --update-baseline)`;
  if (!Array.isArray(entries)) return 'the baseline file has no "entries" array';
  for (const e of entries as unknown[]) {
    const entry = e as Partial<BaselineEntry>;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.file !== 'string' ||
      typeof entry.ruleId !== 'string' ||
      typeof entry.fingerprint !== 'string' ||
      typeof entry.count !== 'number' ||
      !Number.isInteger(entry.count) ||
      entry.count < 1
    )
      return `invalid baseline entry ${JSON.stringify(e)} (expected file, ruleId, fingerprint, count ≥ 1)`;
  }
  return undefined;
}

/**
 * The content keys of one file's findings (same order). Only the line a finding starts on and its
 * own flagged text take part: lines inserted or removed elsewhere change nothing.
 */
export function fingerprints(findings: readonly Finding[], text: string | undefined): string[] {
  const lines = text === undefined ? [] : text.split(/\r\n|\r|\n/);
  // Flagged secrets, by line: masked out of every finding's context on that line.
  const secretsByLine = new Map<number, Range[]>();
  for (const f of findings) {
    if (!SECRET_RULES.has(f.ruleId)) continue;
    for (let line = f.range.start.line; line <= f.range.end.line; line++) {
      const list = secretsByLine.get(line) ?? [];
      list.push(f.range);
      secretsByLine.set(line, list);
    }
  }
  return findings.map((f) => {
    const line = f.range.start.line;
    const context = normalise(maskStrings(maskRanges(lines[line] ?? '', line, [f.range, ...(secretsByLine.get(line) ?? [])])));
    const flaggedText = sliceRange(lines, f.range);
    const flagged = SECRET_RULES.has(f.ruleId)
      ? redact(flaggedText)
      : normalise(maskStrings(maskAllSecrets(lines, f.range, secretsByLine)));
    return createHash('sha256')
      .update(`v1\u0000${f.ruleId}\u0000${f.messageId}\u0000${context}\u0000${flagged}`)
      .digest('hex')
      .slice(0, 24);
  });
}

/** The text of `range` (0-based lines and UTF-16 columns) from split lines, lines joined by `\n`. */
function sliceRange(lines: readonly string[], range: Range): string {
  const { start, end } = range;
  if (start.line === end.line) return (lines[start.line] ?? '').slice(start.column, end.column);
  const parts = [(lines[start.line] ?? '').slice(start.column)];
  for (let l = start.line + 1; l < end.line; l++) parts.push(lines[l] ?? '');
  parts.push((lines[end.line] ?? '').slice(0, end.column));
  return parts.join('\n');
}

/** A non-secret finding's flagged text with any secret flagged inside it masked. */
function maskAllSecrets(lines: readonly string[], range: Range, secretsByLine: Map<number, Range[]>): string {
  const parts: string[] = [];
  for (let l = range.start.line; l <= range.end.line; l++) {
    const masked = maskRanges(lines[l] ?? '', l, secretsByLine.get(l) ?? []);
    const from = l === range.start.line ? range.start.column : 0;
    const to = l === range.end.line ? range.end.column : masked.length;
    parts.push(masked.slice(from, Math.max(from, to)));
  }
  return parts.join('\n');
}

/** Replaces each range's part of line `line` by `…` (the same length is not kept: the text is only hashed). */
function maskRanges(text: string, line: number, ranges: readonly Range[]): string {
  const spans = ranges
    .map((r) => ({
      from: r.start.line < line ? 0 : r.start.column,
      to: r.end.line > line ? text.length : r.end.column,
    }))
    .filter((s) => s.to > s.from)
    .sort((a, b) => b.from - a.from);
  let out = text;
  let limit = Infinity;
  for (const s of spans) {
    const to = Math.min(s.to, limit);
    if (to <= s.from) continue;
    out = `${out.slice(0, s.from)}\u2026${out.slice(to)}`;
    limit = s.from;
  }
  return out;
}

/** Every quoted string's body masked: what a literal says (a path, a port, a value) is not part of the key's context. */
function maskStrings(text: string): string {
  return text.replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, (_, q: string) => `${q}\u2026${q}`);
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
