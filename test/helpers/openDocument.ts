/**
 * An open document as the editor analyses it: each edit reparses the tree the last analysis kept
 * (an incremental reparse that reuses the untouched statements), and every analysis is compared with a
 * fresh one of the same text. For the tests of what rules keep per statement across keystrokes.
 *
 * The edits alternate between the editor's two paths: a keystroke's analysis without the program facts
 * (rules alone, where the walk skips the statements every rule keeps), the facts read after it from
 * the same tree; and one analysis with both (a document analysed as it opens or is saved).
 */
import assert from 'node:assert/strict';
import type * as ts from 'typescript';
import { analyzeRaw, factsOfTree } from '../../server/src/analysis/engine';

export function openDocument(ruleId: string, file: string, text: string) {
  let tree: ts.SourceFile | undefined;
  let current = text;
  let facts: ReturnType<typeof analyzeRaw>['facts'];
  let analyses = 0;
  /** The rule's findings as `messageId line:column` (1-based). */
  const analyse = () => {
    const previous = tree;
    const keystroke = analyses++ % 2 === 1;
    const incremental = analyzeRaw(
      { file, text: current },
      { root: '/w', previousSourceFile: previous, keepSourceFile: (sf) => (tree = sf), facts: !keystroke },
    );
    if (keystroke && tree) incremental.facts = factsOfTree(tree, { root: '/w', suppressions: incremental.suppressions }).facts;
    const fresh = analyzeRaw({ file, text: current }, { root: '/w' });
    assert.deepEqual(incremental.findings, fresh.findings, 'the incremental analysis says what a fresh one says');
    assert.deepEqual(incremental.facts, fresh.facts, 'and gives the program the same facts');
    facts = incremental.facts;
    return incremental.findings
      .filter((f) => f.ruleId === ruleId)
      .map((f) => `${f.messageId ?? ''} ${f.range.start.line + 1}:${f.range.start.column + 1}`);
  };
  return {
    findings: analyse,
    /** Replaces the first `find` by `replace`, and analyses. */
    edit(find: string, replace: string) {
      assert.ok(current.includes(find), find);
      current = current.replace(find, replace);
      return analyse();
    },
    /** What the last analysis gave the rule's program collector. */
    ruleFacts: <T>() => facts?.rules?.[ruleId] as T | undefined,
    /** The kept tree's k-th top-level statement. */
    statement: (k: number) => tree?.statements[k],
  };
}
