/**
 * Inline suppressions (docs/DESIGN.md §5), parsed once per analysis and shared by the file's own findings
 * and the program findings judged across files:
 *   // twelve-factor-disable-next-line <rule-id>[, <rule-id>] -- reason
 *   // twelve-factor-disable-line <rule-id>
 *   // twelve-factor-disable-file <rule-id>        (anywhere in the file; also `twelve-factor-disable`)
 *   # twelve-factor-disable-next-line <rule-id>    (Dockerfiles)
 * Without any rule id a directive silences every rule on its line(s), as ESLint's do. A directive
 * naming an unknown or malformed rule id is a problem of its own and silences nothing for that id:
 * a typo never turns into "disable everything".
 */
import type { Finding, Range, TextChange } from './finding';
import type { Language } from './languages/detect';
import { computeLineStarts, positionAt } from './text';

const MARKER = 'twelve-factor-disable';

/** The line-comment marker of a language, or undefined when it has no comments (JSON). */
function commentPrefix(language: Language): '//' | '#' | undefined {
  if (language === 'typescript') return '//';
  if (language === 'json') return undefined;
  return '#';
}
const RULE_ID = /^[a-z][a-z-]*\/[a-z0-9][a-z0-9-]*$/;

export interface Directive {
  kind: 'next-line' | 'line' | 'file';
  /** The directive's text in the comment, from the marker to the end of its ids (and reason). */
  range: Range;
  /** Rule ids it silences; `['*']` when it names none. Unknown and malformed ids are left out (see `problems`). */
  ids: string[];
  /** The text after ` -- `, when given. */
  reason?: string;
  /** 0-based first and last line it silences (a Dockerfile instruction can span several); unused for `file`. */
  first: number;
  last: number;
}

export interface DirectiveProblem {
  range: Range;
  message: string;
}

export interface Suppressions {
  directives: Directive[];
  problems: DirectiveProblem[];
}

export const NO_SUPPRESSIONS: Suppressions = Object.freeze({ directives: [], problems: [] });

/**
 * Finds the directives in comments. `knownRuleIds` decides which ids are real (any well-formed id when
 * absent); `spanOf` widens a line
 * to the lines of its statement (Dockerfile continuations). Linear in the text.
 */
export function parseSuppressions(
  text: string,
  language: Language,
  knownRuleIds?: readonly string[],
  spanOf: (line: number) => { first: number; last: number } = (line) => ({ first: line, last: line }),
  /**
   * Where the file's comments are (from the parser), when known: a directive then counts only at the
   * start of a real comment — never inside a string, a template or the middle of a JSDoc block.
   */
  comments?: readonly { start: number; end: number }[],
): Suppressions {
  let index = text.indexOf(MARKER);
  const prefix = commentPrefix(language);
  if (index < 0 || !prefix) return NO_SUPPRESSIONS;
  const result: Suppressions = { directives: [], problems: [] };
  const known = knownRuleIds ? new Set(knownRuleIds) : undefined;
  const lineStarts = computeLineStarts(text);
  while (index >= 0) {
    const line = positionAt(lineStarts, index).line;
    const lineStart = lineStarts[line];
    const lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    const before = text.slice(lineStart, index);
    // Dockerfiles have whole-line comments only (a `#` inside RUN is the shell's); the other `#` formats allow trailing ones.
    const isComment = comments
      ? startsComment(comments, text, index)
      : prefix === '//'
        ? /(\/\/|\/\*)\s*\**\s*$/.test(before)
        : language === 'dockerfile'
          ? /^\s*#\s*$/.test(before)
          : /(^|\s)#\s*$/.test(before);
    const directive = isComment
      ? /^twelve-factor-disable(-next-line|-line|-file)?(?=$|[\s,*])([^\r\n]*)/.exec(text.slice(index, lineEnd))
      : null;
    if (directive) {
      const kind = directive[1] === '-next-line' ? 'next-line' : directive[1] === '-line' ? 'line' : 'file';
      let rest = directive[2].replace(/\*\/.*$/, '');
      let reason: string | undefined;
      const separator = /\s--(?:\s|$)/.exec(rest);
      if (separator) {
        reason = rest.slice(separator.index + separator[0].length).trim() || undefined;
        rest = rest.slice(0, separator.index);
      }
      const textEnd = index + MARKER.length + (directive[1]?.length ?? 0) + directive[2].replace(/\s*\*\/.*$/, '').trimEnd().length;
      const range = { start: positionAt(lineStarts, index), end: positionAt(lineStarts, textEnd) };
      const ids: string[] = [];
      let named = 0;
      let offset = index + MARKER.length + (directive[1]?.length ?? 0);
      for (const token of rest.split(/([\s,]+)/)) {
        const at = offset;
        offset += token.length;
        if (!token || /^[\s,]+$/.test(token)) continue;
        named++;
        const tokenRange = { start: positionAt(lineStarts, at), end: positionAt(lineStarts, at + token.length) };
        if (!RULE_ID.test(token)) {
          result.problems.push({
            range: tokenRange,
            message: `"${token}" is not a rule id (expected <factor>/<rule>, e.g. config/no-hardcoded-secret): this directive silences nothing for it. Put a reason after " -- ".`,
          });
        } else if (known && !known.has(token)) {
          result.problems.push({ range: tokenRange, message: `Unknown rule "${token}" in a disable directive: it silences nothing.` });
        } else ids.push(token);
      }
      // No id at all: every rule (ESLint's meaning). Only bad ids: nothing.
      const silenced = named === 0 ? ['*'] : ids;
      if (silenced.length > 0) {
        let first = 0;
        let last = 0;
        if (kind !== 'file') {
          const span = spanOf(kind === 'next-line' ? nextCodeLine(text, lineStarts, line, language) : line);
          first = span.first;
          last = span.last;
        }
        result.directives.push({ kind, range, ids: silenced, ...(reason ? { reason } : {}), first, last });
      }
    }
    index = text.indexOf(MARKER, index + MARKER.length);
  }
  return result;
}

/** True when `index` is where the text of one of `comments` begins (after `//` or `/*` and blanks). */
function startsComment(comments: readonly { start: number; end: number }[], text: string, index: number): boolean {
  let low = 0;
  let high = comments.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const c = comments[mid];
    if (index < c.start) high = mid - 1;
    else if (index >= c.end) low = mid + 1;
    else return /^(\/\/|\/\*+)\s*$/.test(text.slice(c.start, index));
  }
  return false;
}

/** In a Dockerfile the directive applies to the next instruction, skipping further comment lines. */
function nextCodeLine(text: string, lineStarts: number[], line: number, language: Language): number {
  let next = line + 1;
  if (language !== 'dockerfile') return next;
  while (next < lineStarts.length) {
    const end = next + 1 < lineStarts.length ? lineStarts[next + 1] : text.length;
    if (!/^\s*#/.test(text.slice(lineStarts[next], end))) break;
    next++;
  }
  return next;
}

/** The index of the directive that silences this finding, or -1. */
export function suppressingDirective(finding: Pick<Finding, 'ruleId' | 'range'>, suppressions: Suppressions): number {
  const line = finding.range.start.line;
  return suppressions.directives.findIndex(
    (d) => (d.ids[0] === '*' || d.ids.includes(finding.ruleId)) && (d.kind === 'file' || (d.first <= line && line <= d.last)),
  );
}

/** Directives (by index) that silenced none of `findings` (the findings before suppression, of enabled rules). */
export function unusedDirectives(suppressions: Suppressions, findings: readonly Pick<Finding, 'ruleId' | 'range'>[]): Directive[] {
  const used = new Set<number>();
  for (const f of findings) {
    const i = suppressingDirective(f, suppressions);
    if (i >= 0) used.add(i);
  }
  return suppressions.directives.filter((_, i) => !used.has(i));
}

/**
 * The "Disable <rule> for this line" edit: a `disable-next-line` comment above the finding's line
 * (above the first line of a Dockerfile instruction), indented like it, or the rule id added to a
 * directive that is already there.
 */
export function disableLineChange(file: string, text: string, language: Language, ruleId: string, line: number): TextChange | undefined {
  const prefix = commentPrefix(language);
  if (!prefix) return undefined;
  const lineStarts = computeLineStarts(text);
  const lineText = lineTextAt(text, lineStarts, line);
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  if (line > 0) {
    const previous = lineTextAt(text, lineStarts, line - 1);
    const existing = new RegExp(
      `^(\\s*${prefix === '#' ? '#' : '\\/\\/'}\\s*twelve-factor-disable-next-line)([^\\n]*?)(\\s--\\s.*)?$`,
    ).exec(previous);
    if (existing && !/^\s*$/.test(existing[2] ?? '')) {
      const idsEnd = existing[1].length + existing[2].length;
      return {
        kind: 'replace',
        file,
        range: { start: { line: line - 1, column: idsEnd }, end: { line: line - 1, column: idsEnd } },
        newText: `, ${ruleId}`,
      };
    }
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    kind: 'replace',
    file,
    range: { start: { line, column: 0 }, end: { line, column: 0 } },
    newText: `${indent}${prefix} twelve-factor-disable-next-line ${ruleId}${eol}`,
  };
}

/**
 * The "Disable <rule> for the entire file" edit: a `disable-file` comment at the top (after a
 * shebang), or the rule id added to one that is already there.
 */
export function disableFileChange(file: string, text: string, language: Language, ruleId: string): TextChange | undefined {
  const prefix = commentPrefix(language);
  if (!prefix) return undefined;
  const lineStarts = computeLineStarts(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let line = 0;
  // Keep a shebang (and, in a Dockerfile, parser directives such as `# syntax=`) first.
  while (line < lineStarts.length) {
    const t = lineTextAt(text, lineStarts, line);
    if ((line === 0 && t.startsWith('#!')) || (language === 'dockerfile' && /^#\s*(syntax|escape|check)\s*=/i.test(t))) line++;
    else break;
  }
  for (let l = line; l < Math.min(lineStarts.length, line + 20); l++) {
    const t = lineTextAt(text, lineStarts, l);
    const m = new RegExp(`^(\\s*${prefix === '#' ? '#' : '\\/\\/'}\\s*twelve-factor-disable-file)([^\\n]*?)(\\s--\\s.*)?$`).exec(t);
    if (m && m[2].trim()) {
      const end = m[1].length + m[2].length;
      return { kind: 'replace', file, range: { start: { line: l, column: end }, end: { line: l, column: end } }, newText: `, ${ruleId}` };
    }
  }
  return {
    kind: 'replace',
    file,
    range: { start: { line, column: 0 }, end: { line, column: 0 } },
    newText: `${prefix} twelve-factor-disable-file ${ruleId}${eol}`,
  };
}

function lineTextAt(text: string, lineStarts: number[], line: number): string {
  if (line >= lineStarts.length) return '';
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
  return text.slice(lineStarts[line], end).replace(/\r?\n$|\r$/, '');
}
