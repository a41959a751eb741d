/**
 * Config files as the rules see them (JSON, YAML, .env, Procfile, .npmrc): each parsed once per
 * analysis into a document with the format's own structure, plus one uniform view — every scalar
 * value with its path of keys and exact positions — so a rule that looks at key/value pairs
 * (secrets, backing-service locators) reads every format the same way.
 */
import type { Range } from '../../finding';
import { computeLineStarts, positionAt } from '../../text';

export interface ConfigEntry {
  /** Keys (and array indices) from the root down to the value: `['services', 'db', 'environment', 'PGPASSWORD']`. */
  path: (string | number)[];
  /** The nearest key name on the path (for a list item `KEY=value` in compose, the `KEY`). */
  key?: string;
  /** The value as text, unquoted and unescaped. */
  value: string;
  kind: 'string' | 'number' | 'boolean' | 'null';
  keyRange?: Range;
  /** The value as written, quotes included. */
  valueRange: Range;
  /** Offsets of the value's text between its quotes (equal to valueRange's when unquoted). */
  contentStart: number;
  contentEnd: number;
  /** True when the text between the quotes is exactly `value` (no escapes), so value offsets map onto the file. */
  verbatim: boolean;
}

export interface ParseProblem {
  range: Range;
  message: string;
}

export interface ConfigDocumentBase {
  readonly text: string;
  /** Every scalar value of the file, in source order. */
  readonly entries: readonly ConfigEntry[];
  /** Syntax errors the parser recovered from (the entries cover what could be read). */
  readonly problems: readonly ParseProblem[];
  rangeOf(start: number, end: number): Range;
}

/** Offsets → ranges for one text, with line starts computed once. */
export function rangeMaker(text: string): (start: number, end: number) => Range {
  let lineStarts: number[] | undefined;
  return (start, end) => {
    lineStarts ??= computeLineStarts(text);
    return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
  };
}

/** The text between a quoted value's quotes, if it is quoted with `'` or `"`. */
export function unquote(raw: string): { inner: string; quoted: boolean } {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0])
    return { inner: raw.slice(1, -1), quoted: true };
  return { inner: raw, quoted: false };
}
