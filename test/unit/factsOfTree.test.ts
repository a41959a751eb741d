/**
 * The keystroke path reads an open document's program facts from the tree its own analysis kept
 * (engine.ts factsOfTree); they must be the facts the one-walk analysis gives the same text, for every
 * TS/JS file of the fixtures (all frameworks, both module systems, directives, collectors' data).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type * as ts from 'typescript';
import { analyzeRaw, factsOfTree } from '../../server/src/analysis/engine';
import { scriptsUnder } from '../helpers/scripts';

describe('factsOfTree', () => {
  const files = scriptsUnder(['test/fixtures']);

  it('finds the fixtures (the comparison below is not vacuous)', () => {
    assert.ok(files.length >= 100, `only ${files.length} fixture scripts`);
  });

  it('gives every fixture script the facts of the one-walk analysis, and the own analysis the same findings', () => {
    let compared = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const root = path.dirname(file);
      const whole = analyzeRaw({ file, text }, { root });
      let tree: ts.SourceFile | undefined;
      const own = analyzeRaw({ file, text }, { root, facts: false, keepSourceFile: (t) => (tree = t) });
      assert.deepEqual(own.findings, whole.findings, file);
      if (!tree) continue; // not parsed: the session analyses it whole
      const { facts } = factsOfTree(tree, { root, suppressions: own.suppressions });
      assert.deepEqual(facts, whole.facts, file);
      compared++;
    }
    assert.ok(compared >= 50, `only ${compared} parsed fixture scripts compared`);
  });
});
