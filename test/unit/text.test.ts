/**
 * The text helpers on the keystroke path (text.ts): line starts with the LSP's line breaks, and the
 * common prefix and suffix that give an edit's change range to the incremental parser (engine.ts
 * reparse). Each is compared with a plain character-by-character version on texts longer than the
 * chunks the fast versions compare at a time, with the difference before, on and after chunk edges.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonPrefixLength, commonSuffixLength, computeLineStarts, positionAt } from '../../server/src/analysis/text';
import { seededRandom } from '../helpers/random';

function plainLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

function plainPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function plainSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n < max && n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

const line = (i: number) => `  router.get('/r${i}/:id', async (req, res) => res.json(await load${i}(req.params.id)));`;
const LONG = Array.from({ length: 400 }, (_, i) => line(i)).join('\n'); // ~35,000 characters

describe('computeLineStarts', () => {
  it('\\n, \\r\\n and a lone \\r each end a line; U+2028 does not (the LSP, not the TypeScript scanner)', () => {
    assert.deepEqual(computeLineStarts('a\nb\r\nc\rd\u2028e'), [0, 2, 5, 7]);
    assert.deepEqual(computeLineStarts(''), [0]);
    assert.deepEqual(computeLineStarts('\n'), [0, 1]);
    assert.deepEqual(computeLineStarts('x\r'), [0, 2]);
    assert.deepEqual(positionAt(computeLineStarts('ab\ncd'), 4), { line: 1, column: 1 });
  });

  it('equals a character-by-character reading, with and without \\r anywhere in a long text', () => {
    const rnd = seededRandom(7);
    for (const text of [
      LONG,
      LONG.replace(/\n/g, '\r\n'),
      `${LONG}\r`,
      `\r${LONG}`,
      LONG.replace(/\n/g, (m) => (rnd() < 0.1 ? '\r' : m)),
    ]) {
      assert.deepEqual(computeLineStarts(text), plainLineStarts(text));
    }
  });
});

describe('commonPrefixLength / commonSuffixLength (the change range of an edit)', () => {
  it('equal texts, empty texts, one a prefix of the other', () => {
    assert.equal(commonPrefixLength(LONG, LONG), LONG.length);
    assert.equal(commonSuffixLength(LONG, LONG), LONG.length);
    assert.equal(commonPrefixLength('', LONG), 0);
    assert.equal(commonSuffixLength(LONG, ''), 0);
    assert.equal(commonPrefixLength(LONG, `${LONG}x`), LONG.length);
    assert.equal(commonSuffixLength(LONG, `x${LONG}`), LONG.length);
    assert.equal(commonSuffixLength(LONG, LONG, 10), 10, 'never beyond max');
  });

  it('a difference before, on and after every chunk edge, as a one-character edit makes it', () => {
    for (const at of [0, 1, 1023, 1024, 1025, 2047, 2048, 2049, 17000, LONG.length - 1025, LONG.length - 1024, LONG.length - 1]) {
      const changed = `${LONG.slice(0, at)}#${LONG.slice(at + 1)}`;
      assert.equal(commonPrefixLength(LONG, changed), at, `prefix, difference at ${at}`);
      assert.equal(commonSuffixLength(LONG, changed), LONG.length - at - 1, `suffix, difference at ${at}`);
    }
  });

  it('equal the plain versions on seeded random insertions and deletions, the suffix bounded as reparse bounds it', () => {
    const rnd = seededRandom(20261202);
    for (let k = 0; k < 300; k++) {
      const at = Math.floor(rnd() * LONG.length);
      const removed = Math.floor(rnd() * 3000 * rnd());
      const inserted = rnd() < 0.5 ? LONG.slice(at, at + Math.floor(rnd() * 50)) : 'x'.repeat(Math.floor(rnd() * 4));
      const next = LONG.slice(0, at) + inserted + LONG.slice(at + removed);
      const start = commonPrefixLength(LONG, next);
      assert.equal(start, plainPrefix(LONG, next), `edit ${k}`);
      const max = Math.min(LONG.length, next.length) - start;
      assert.equal(commonSuffixLength(LONG, next, max), plainSuffix(LONG, next, max), `edit ${k}`);
    }
  });
});
