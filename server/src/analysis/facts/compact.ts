/**
 * Facts are kept for the life of a session, one set per file of the folder (thousands): they must hold
 * nothing but their own small strings.
 *
 * - A string cut from a parsed text (an identifier's name, a module specifier) is, in V8, a *slice* that
 *   keeps the whole source text alive; a copy made here holds only its own characters.
 * - The same names recur in every file (`require`, `push`, `node:path`, `express`): facts read back from a
 *   worker thread (a structured clone) hold one copy per file; the pool keeps one per distinct value.
 *
 * - Most lists of a file's facts are empty (no server, no signal, no env read…): each empty list becomes one
 *   shared, frozen empty array, as each empty list of an analysis a session keeps (`shareEmpty`).
 *
 * `compactFacts` does all three, in place, on every string and list of a facts value (the rules' own
 * collected data included). Values stay equal (deepEqual) to what they were.
 */
import type { FileFacts } from './types';

/** Distinct strings kept at most; past it the pool starts afresh (strings already shared stay shared). */
const POOL_LIMIT = 200_000;

/** V8 makes a slice only from this length on; shorter substrings are already copies (SlicedString::kMinLength). */
const MIN_SLICE_LENGTH = 13;

/** A copy of `s` that shares no storage with the string it was cut from. */
export function ownString(s: string): string {
  // The concatenation is flattened into a new string before the cut: what the result keeps is that new
  // string (one character longer), never `s`'s parent.
  return s.length < MIN_SLICE_LENGTH ? s : (' ' + s).slice(1);
}

/** The one empty list kept facts and analyses share (frozen: kept data is never added to). */
const EMPTY_LIST: readonly never[] = Object.freeze([]);

/** `list`, or the shared frozen empty array when it is empty (an empty array costs 16-32 bytes; thousands of files have several). */
export function shareEmpty<T>(list: T[]): T[] {
  return list.length === 0 ? (EMPTY_LIST as unknown as T[]) : list;
}

/** One kept copy per distinct string. */
export class StringPool {
  private strings = new Map<string, string>();

  intern(s: string): string {
    const kept = this.strings.get(s);
    if (kept !== undefined) return kept;
    if (this.strings.size >= POOL_LIMIT) this.strings = new Map();
    const own = ownString(s);
    this.strings.set(own, own);
    return own;
  }

  get size(): number {
    return this.strings.size;
  }
}

/**
 * Replaces every string of `facts` (arrays and plain objects at any depth; frozen ones are shared
 * constants and left alone) by the pool's copy. Returns `facts`.
 */
export function compactFacts<T extends FileFacts>(facts: T, pool: StringPool): T {
  compactValue(facts, pool, 0);
  return facts;
}

/** Deeper than any facts: a guard against cycles, which facts never have. */
const MAX_DEPTH = 32;

function compactValue(value: unknown, pool: StringPool, depth: number): void {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH || Object.isFrozen(value)) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'string') value[i] = pool.intern(item);
      else if (Array.isArray(item) && item.length === 0) value[i] = EMPTY_LIST;
      else if (typeof item === 'object' && item !== null) compactValue(item, pool, depth + 1);
    }
    return;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return; // a Map, a class instance: not plain facts data
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === 'string') record[key] = pool.intern(item);
    else if (Array.isArray(item) && item.length === 0) record[key] = EMPTY_LIST;
    else if (typeof item === 'object' && item !== null) compactValue(item, pool, depth + 1);
  }
}
