/**
 * Offsets ↔ 0-based line/column with the LSP's line breaks (\n, \r\n, \r) and UTF-16 columns. The
 * TypeScript scanner also breaks lines at U+2028/U+2029, so its line numbers are never used: every
 * range goes through these functions, so editors, the CLI and fixes agree on positions.
 */
import type { Position } from './finding';

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  // Without a \r (most files), the \n are found by indexOf, ~10× faster than a loop over every
  // character on a 10,000-line document (its ranges are computed on every keystroke).
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Characters compared at a time by commonPrefixLength/commonSuffixLength before the last, partial stretch. */
const CHUNK = 1024;

/**
 * The length of the longest common prefix of `a` and `b`. Compared a chunk at a time (V8 compares two
 * equal-length substrings as memory, ~50× faster than charCodeAt per character): an edit's change range
 * in a 10,000-line document is found in a few hundredths of a ms instead of a few ms.
 */
export function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.substring(i, i + CHUNK) === b.substring(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of `a` and `b`, at most `max` characters. */
export function commonSuffixLength(a: string, b: string, max = Infinity): number {
  const limit = Math.min(max, a.length, b.length);
  let n = 0;
  while (n + CHUNK <= limit && a.substring(a.length - n - CHUNK, a.length - n) === b.substring(b.length - n - CHUNK, b.length - n))
    n += CHUNK;
  while (n < limit && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

export function positionAt(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, column: offset - lineStarts[low] };
}

export function offsetAt(lineStarts: readonly number[], position: Position, textLength: number): number {
  if (position.line >= lineStarts.length) return textLength;
  if (position.line < 0) return 0;
  const lineEnd = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1] : textLength;
  return Math.min(lineStarts[position.line] + Math.max(0, position.column), lineEnd, textLength);
}

/**
 * How positions move when `before` becomes `after` (one edited span: their common prefix and suffix
 * are kept): positions before the span stay, positions after it shift, positions inside it have no
 * image (undefined). Linear in the texts.
 */
export function positionMapper(before: string, after: string): (p: Position) => Position | undefined {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const oldEnd = before.length - suffix;
  const delta = after.length - before.length;
  const oldStarts = computeLineStarts(before);
  const newStarts = computeLineStarts(after);
  return (p) => {
    const offset = offsetAt(oldStarts, p, before.length);
    if (offset <= start) return p;
    if (offset < oldEnd) return undefined;
    return positionAt(newStarts, offset + delta);
  };
}

/** `s` as a regular expression that matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
