/**
 * One pass over a text for every keyword of every secret format (Aho–Corasick, ASCII case-folded):
 * the pre-filter that runs before any per-format pattern. A format whose keywords do not occur in a
 * text cannot match it, so its pattern never runs; a format whose keyword occurs runs from that place
 * on only. Case folding makes the scan a superset of any case-sensitive keyword, so it loses nothing.
 *
 * The automaton is a dense DFA over a reduced alphabet (the characters keywords use, folded; every
 * other character is one class that always leads back to the root), built once per keyword set.
 */

/** ASCII lower-case of a char code; other code units unchanged. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

export class KeywordScanner {
  /** Keywords as given, by id (index). */
  readonly keywords: readonly string[];
  private readonly classOf: Uint8Array; // char code (< 128) → class; 0 = no keyword uses it
  private readonly classes: number;
  private readonly delta: Int32Array; // state * classes + class → next state
  /** Per state, the ids of the keywords that end there (own and inherited through failure links). */
  private readonly output: (readonly number[] | undefined)[];
  /** Per state, the length of the longest keyword ending there (0 when none): for the fast check. */
  private readonly accepting: Uint8Array;

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
    const classOf = new Uint8Array(128);
    let classes = 1;
    for (const keyword of keywords) {
      for (let i = 0; i < keyword.length; i++) {
        const c = fold(keyword.charCodeAt(i));
        if (c >= 128) throw new Error(`keyword ${JSON.stringify(keyword)} is not ASCII`);
        if (classOf[c] === 0) classOf[c] = classes++;
      }
    }
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32];
    if (classes > 255) throw new Error('too many keyword characters');
    // Trie, written straight into the dense table (0: no child; the root is never a child): typed-array
    // reads instead of a Map per state, which made building it ~13 ms of every server and CLI start.
    let capacity = 1;
    for (const keyword of keywords) capacity += keyword.length;
    const trie = new Int32Array(capacity * classes);
    const ends = new Map<number, number[]>();
    let states = 1;
    keywords.forEach((keyword, id) => {
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const slot = state * classes + classOf[fold(keyword.charCodeAt(i))];
        if (trie[slot] === 0) trie[slot] = states++;
        state = trie[slot];
      }
      const own = ends.get(state);
      if (own) own.push(id);
      else ends.set(state, [id]);
    });
    // Breadth-first: failure links folded into the table in place (a state's failure is shallower,
    // so its row is final when the state's own row is completed).
    const delta = trie.slice(0, states * classes);
    const fail = new Int32Array(states);
    const output: (number[] | undefined)[] = new Array<number[] | undefined>(states);
    const queue: number[] = [];
    for (let k = 1; k < classes; k++) if (delta[k] !== 0) queue.push(delta[k]);
    output[0] = undefined;
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      const inherited = output[fail[state]];
      const own = ends.get(state);
      output[state] = own || inherited ? [...(own ?? []), ...(inherited ?? [])] : undefined;
      const row = state * classes;
      const failRow = fail[state] * classes;
      for (let k = 1; k < classes; k++) {
        const child = delta[row + k];
        if (child !== 0) {
          fail[child] = delta[failRow + k];
          queue.push(child);
        } else {
          delta[row + k] = delta[failRow + k];
        }
      }
    }
    this.classOf = classOf;
    this.classes = classes;
    this.delta = delta;
    this.output = output;
    const accepting = new Uint8Array(states);
    for (let s = 0; s < states; s++) accepting[s] = output[s] ? 1 : 0;
    this.accepting = accepting;
  }

  /** Does any keyword occur in `text`? Stops at the first. */
  test(text: string): boolean {
    const { classOf, classes, delta, accepting } = this;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      state = c < 128 ? delta[state * classes + classOf[c]] : 0;
      if (accepting[state] === 1) return true;
    }
    return false;
  }

  /**
   * Every occurrence of every keyword: `onHit(id, start)` with `start` the offset where keyword `id`
   * begins, in order of the keyword's end.
   */
  scan(text: string, onHit: (id: number, start: number) => void): void {
    const { classOf, classes, delta, accepting, output, keywords } = this;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      state = c < 128 ? delta[state * classes + classOf[c]] : 0;
      if (accepting[state] === 1) for (const id of output[state]!) onHit(id, i + 1 - keywords[id].length);
    }
  }
}
