/**
 * Offsets ↔ 0-based line/column with the LSP's line breaks (\n, \r\n, \r) and UTF-16 columns. The
 * TypeScript scanner also breaks lines at U+2028/U+2029, so its line numbers are never used: every
 * range goes through these functions, so editors, the CLI and fixes agree on positions.
 */
import type { Position } from './finding';

export function computeLineStarts(text: string): number[] {
  const starts = [0];
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
