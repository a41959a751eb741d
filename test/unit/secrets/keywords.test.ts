/**
 * The keyword automaton (secrets/keywords.ts) against a naive search: every occurrence of every keyword,
 * ASCII case-folded, overlapping ones and keywords inside keywords included.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeywordScanner } from '../../../server/src/analysis/secrets/keywords';

function naive(keywords: readonly string[], text: string): string[] {
  const hits: string[] = [];
  const folded = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  keywords.forEach((keyword, id) => {
    const k = keyword.toLowerCase();
    for (let at = folded.indexOf(k); at >= 0; at = folded.indexOf(k, at + 1)) hits.push(`${id}@${at}`);
  });
  return hits.sort();
}

function scanned(scanner: KeywordScanner, text: string): string[] {
  const hits: string[] = [];
  scanner.scan(text, (id, start) => hits.push(`${id}@${start}`));
  return hits.sort();
}

describe('KeywordScanner', () => {
  it('finds what a naive search finds: overlaps, suffixes, case-folded', () => {
    const keywords = ['he', 'she', 'his', 'hers', 'ghp_', 'GHO_', 'sk_live_', 'live', 'e'];
    const scanner = new KeywordScanner(keywords);
    for (const text of ['ushers', 'SHE said HIS hers', 'ghp_xx gho_yy sk_LIVE_zz', '', 'no match here…', 'hhhehehee']) {
      assert.deepEqual(scanned(scanner, text), naive(keywords, text), text);
      assert.equal(scanner.test(text), naive(keywords, text).length > 0, text);
    }
  });

  it('on seeded random keyword sets and texts', () => {
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const alphabet = 'abAB_0-x';
    const word = (max: number) => Array.from({ length: 1 + random(max) }, () => alphabet[random(alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const keywords = Array.from({ length: 1 + random(12) }, () => word(4));
      const text = word(60);
      assert.deepEqual(scanned(new KeywordScanner(keywords), text), naive(keywords, text), `${JSON.stringify(keywords)} in ${text}`);
    }
  });
});
