/**
 * Inline suppressions (DESIGN.md §5):
 *   // twelve-factor-disable-next-line <rule-id>[, <rule-id>] -- reason
 *   // twelve-factor-disable-line <rule-id>
 *   // twelve-factor-disable-file <rule-id>        (anywhere in the file)
 *   # twelve-factor-disable-next-line <rule-id>    (Dockerfiles)
 * Without rule ids, a directive silences every rule.
 */
import type { Finding, TextChange } from './finding';
import type { Language } from './languages/detect';
import { computeLineStarts, positionAt } from './text';

const MARKER = 'twelve-factor-disable';

export interface Suppressions {
  /** line → rule ids silenced there ('*' = all). */
  byLine: Map<number, Set<string>>;
  fileWide: Set<string>;
}

/** Finds the directives in comments. `spanOf` widens a line to the lines of its statement (Dockerfile continuations). */
export function parseSuppressions(
  text: string,
  language: Language,
  spanOf: (line: number) => { first: number; last: number } = (line) => ({ first: line, last: line }),
): Suppressions {
  const result: Suppressions = { byLine: new Map(), fileWide: new Set() };
  let index = text.indexOf(MARKER);
  if (index < 0) return result;
  const lineStarts = computeLineStarts(text);
  while (index >= 0) {
    const line = positionAt(lineStarts, index).line;
    const lineStart = lineStarts[line];
    const lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length;
    const before = text.slice(lineStart, index);
    const isComment = language === 'dockerfile' ? /^\s*#\s*$/.test(before) : /(\/\/|\/\*)\s*$/.test(before);
    if (isComment) {
      const directive = /^twelve-factor-disable(-next-line|-line|-file)?\b([^\r\n]*)/.exec(text.slice(index, lineEnd));
      if (directive) {
        const ids = parseIds(directive[2]);
        const kind = directive[1] ?? '-file';
        if (kind === '-file') ids.forEach((id) => result.fileWide.add(id));
        else {
          const target = kind === '-next-line' ? nextCodeLine(text, lineStarts, line, language) : line;
          const span = spanOf(target);
          for (let l = span.first; l <= span.last; l++) {
            const set = result.byLine.get(l) ?? new Set<string>();
            ids.forEach((id) => set.add(id));
            result.byLine.set(l, set);
          }
        }
      }
    }
    index = text.indexOf(MARKER, index + MARKER.length);
  }
  return result;
}

function parseIds(rest: string): string[] {
  const withoutReason = rest.split(/\s--\s|\s--$/)[0].replace(/\*\/.*$/, '');
  const ids = withoutReason
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^[a-z-]+\/[a-z0-9-]+$/.test(s));
  return ids.length > 0 ? ids : ['*'];
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

export function isSuppressed(finding: Pick<Finding, 'ruleId' | 'range'>, suppressions: Suppressions): boolean {
  if (suppressions.fileWide.has('*') || suppressions.fileWide.has(finding.ruleId)) return true;
  const ids = suppressions.byLine.get(finding.range.start.line);
  return !!ids && (ids.has('*') || ids.has(finding.ruleId));
}

/**
 * The "Disable <rule> for this line" edit: a `disable-next-line` comment above the finding's line
 * (above the first line of a Dockerfile instruction), indented like it, or the rule id added to a
 * directive that is already there.
 */
export function disableLineChange(file: string, text: string, language: Language, ruleId: string, line: number): TextChange {
  const lineStarts = computeLineStarts(text);
  const lineText = lineTextAt(text, lineStarts, line);
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const prefix = language === 'dockerfile' ? '#' : '//';
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

function lineTextAt(text: string, lineStarts: number[], line: number): string {
  if (line >= lineStarts.length) return '';
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
  return text.slice(lineStarts[line], end).replace(/\r?\n$|\r$/, '');
}
