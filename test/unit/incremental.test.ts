/**
 * Incremental parsing of open documents (engine.ts reparse → ts.updateSourceFile): after any edit the
 * tree is the one a fresh parse gives, and so are the findings and facts — checked on seeded random
 * edits of every TS/JS fixture, as typing, pasting and deleting make them.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { analyzeRaw, reparse } from '../../server/src/analysis/engine';
import { parseScript } from '../../server/src/analysis/languages/typescript/parse';
import { sourcesUnder } from '../helpers/scripts';
import { seededRandom } from '../helpers/random';

const ROOT = path.resolve(__dirname, '../..');

const sources = () => sourcesUnder(['test/fixtures', 'test/fixtures-report', 'examples']);

/** Every node as kind, position and (for names and literals) text: two trees are the same parse when this is. */
function shape(sf: ts.SourceFile): string {
  const out: string[] = [];
  const visit = (node: ts.Node, depth: number) => {
    const text = ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isNumericLiteral(node) ? `=${node.text}` : '';
    out.push(`${depth} ${ts.SyntaxKind[node.kind]} ${node.pos}-${node.end}${text}`);
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(sf, 0);
  return out.join('\n');
}

const SNIPPETS = [
  'x',
  ' ',
  '\n',
  "'",
  '"',
  '`${',
  '}',
  '(',
  ')',
  '{',
  '}',
  ';',
  'await ',
  'app.listen(3000);\n',
  "process.on('SIGTERM', f);\n",
  '// c\n',
  '/*',
  '*/',
];

describe('incremental parsing', () => {
  it('gives the tree, the findings and the facts of a fresh parse after every edit (seeded random edits of the fixtures)', () => {
    const rnd = seededRandom(20261202);
    let edits = 0;
    for (const { file, text: original } of sources()) {
      let tree = parseScript(file, original);
      let text = original;
      for (let k = 0; k < 8; k++) {
        const at = Math.floor(rnd() * (text.length + 1));
        const removed = rnd() < 0.5 ? Math.floor(rnd() * Math.min(20, text.length - at)) : 0;
        const inserted = rnd() < 0.7 ? SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] : '';
        const next = text.slice(0, at) + inserted + text.slice(at + removed);
        const fresh = parseScript(file, next);
        const incremental = reparse(tree, next);
        assert.equal(shape(incremental), shape(fresh), `${path.relative(ROOT, file)}: edit ${k} at ${at}`);
        tree = incremental;
        text = next;
        edits++;
      }
      // The analysis on an incrementally parsed tree says what it says on a fresh one.
      let kept: ts.SourceFile | undefined;
      const root = path.dirname(file);
      const viaIncremental = analyzeRaw({ file, text }, { root, previousSourceFile: tree, keepSourceFile: (sf) => (kept = sf) });
      const viaFresh = analyzeRaw({ file, text }, { root });
      assert.deepEqual(viaIncremental.findings, viaFresh.findings, path.relative(ROOT, file));
      assert.deepEqual(viaIncremental.facts, viaFresh.facts, path.relative(ROOT, file));
      assert.equal(!!kept, viaIncremental.parsed, 'the new tree is handed back whenever the text was parsed');
    }
    assert.ok(edits > 200, `only ${edits} edits`);
  });
});

/** Every node, JSDoc nodes included, with its parent pointer (kind and span, or `none`). */
function parents(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const describe = (node: ts.Node | undefined) => (node ? `${ts.SyntaxKind[node.kind]} ${node.pos}-${node.end}` : 'none');
  const visit = (node: ts.Node) => {
    out.push(`${describe(node)} <- ${describe(node.parent)}`);
    for (const doc of (node as { jsDoc?: ts.Node[] }).jsDoc ?? []) visit(doc);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return out;
}

describe("an open document's tree", () => {
  it('has the parent pointers the parser would set after its first analysis (deep nesting included), so its first reparse need not set them', () => {
    const file = path.join(ROOT, 'virtual/src/service.ts');
    const text = [
      '/** Starts the service. @param port where it listens */',
      'export function start(port: number): void {',
      '  const handler = (req: { url: string }) => /** @type {string} */ (req.url);',
      '  void handler;',
      '}',
      // Deeper than the walk's recursion limit: the rest goes on its explicit stack.
      `export const deep = ${'('.repeat(450)}1${')'.repeat(450)};`,
      '',
    ].join('\n');
    let kept: ts.SourceFile | undefined;
    analyzeRaw({ file, text }, { root: path.dirname(file), keepSourceFile: (sf) => (kept = sf) });
    assert.ok(kept, 'the tree is kept');
    const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
    const expected = parents(ts.createSourceFile(file, text, options, /* setParentNodes */ true, ts.ScriptKind.TS));
    assert.deepEqual(parents(kept), expected);
    // As parsed, before the analysis: no parent below the statements (what the walk saves the first reparse).
    const unbound = parents(parseScript(file, text));
    const none = unbound.filter((line) => line.endsWith('<- none')).length;
    assert.ok(none > 480, `${none} of ${unbound.length}`);
  });

  it('holds no JSDoc nodes, before or after a reparse: no rule reads them, and the parse skips them', () => {
    const file = path.join(ROOT, 'virtual/src/documented.ts');
    const text = '/** Starts the service. @param port where it listens */\nexport function start(port: number): void {}\n';
    const jsDocs = (sf: ts.SourceFile) => parents(sf).filter((line) => line.startsWith('JSDoc')).length;
    // The default parse (what the walk floor and other tools do) makes nodes of this comment.
    assert.ok(jsDocs(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)) > 0);
    const tree = parseScript(file, text);
    assert.equal(jsDocs(tree), 0);
    const edited = text.replace('port: number', 'port: number, host: string');
    const again = reparse(tree, edited);
    assert.equal(jsDocs(again), 0);
    assert.equal(again.statements.length, 1);
  });

  it('analyses a JSDoc type thousands of levels deep without parsing it', () => {
    const file = path.join(ROOT, 'virtual/src/deep.ts');
    const text = `/** @type {${Array(3000).fill('a').join('.')}} */\nexport const x = 1;\n`;
    const root = path.dirname(file);
    assert.doesNotThrow(() => analyzeRaw({ file, text }, { root }));
    let kept: ts.SourceFile | undefined;
    assert.doesNotThrow(() => analyzeRaw({ file, text }, { root, keepSourceFile: (sf) => (kept = sf) }));
    assert.equal((kept!.statements[0] as { jsDoc?: ts.Node[] }).jsDoc, undefined);
    assert.equal(kept!.statements[0].parent, kept);
  });
});
