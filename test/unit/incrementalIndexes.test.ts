/**
 * The file indexes kept per top-level statement (languages/typescript/visit.ts perStatement: module
 * bindings, declared values, value sources) answer for the tree they are asked about: after every edit
 * of an open document (an incremental reparse that reuses the untouched statements, whose parts are
 * then taken from the cache), the answers, findings and facts are those of a fresh parse. Seeded random
 * edits of every TS/JS fixture, each one analysed as the editor does.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { analyzeRaw, reparse } from '../../server/src/analysis/engine';
import { parseScript } from '../../server/src/analysis/languages/typescript/parse';
import { moduleBindings } from '../../server/src/analysis/languages/typescript/imports';
import { declarationOf, identifierCount, initializerOf } from '../../server/src/analysis/languages/typescript/values';
import { moduleValue } from '../../server/src/analysis/facts/valueSource';
import { computeLineStarts, positionAt } from '../../server/src/analysis/text';
import { sourcesUnder } from '../helpers/scripts';
import { seededRandom } from '../helpers/random';

const ROOT = path.resolve(__dirname, '../..');

const sources = () => sourcesUnder(['test/fixtures', 'examples']);

const SNIPPETS = [
  'x',
  ' ',
  '\n',
  "'",
  '}',
  '{',
  ';',
  'const a = 1;\n',
  "const s = require('express-session');\n",
  'let a;\n',
  'a = 2;\n',
  // What the secret rule's kept verdicts read beyond their statement: a binding, a wrapper, a use.
  "const { sign } = require('jsonwebtoken');\n",
  'function sign(p, k) { return p + k; }\n',
  "sign({}, 'mySecretKey');\n",
  // What no-file-logging's kept verdicts read: a binding, a path held in a name.
  "const fs = require('fs');\n",
  "fs.appendFileSync(LOG, 'x');\n",
  "const LOG = 'logs/app.log';\n",
  // What no-in-memory-session's statement parts join: module state, a handler by name, a mutation, an export.
  'const sessions = new Map();\n',
  "app.post('/x', save);\n",
  'function save(req, res) { sessions.set(req.user.id, 1); }\n',
  'exports.keep = (token) => tokens.push(token);\n',
];

const span = (node: ts.Node | undefined) => (node ? `${ts.SyntaxKind[node.kind]}@${node.pos}-${node.end}` : '-');

/** Every answer of the indexes about the names of the file, as text. */
function answers(sf: ts.SourceFile): string {
  const names = new Set<string>();
  const visit = (node: ts.Node): undefined => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const bindings = moduleBindings(sf);
  const out = [
    `require ${bindings.usesRequire} import ${bindings.usesImport}`,
    ...bindings.all().map((b) => `${b.local} ${b.module} ${b.path.join('.')} ${b.topLevel} ${b.kind} ${span(b.declaration)}`),
  ];
  for (const name of [...names].sort())
    out.push(`${name} ${identifierCount(sf, name)} ${span(initializerOf(sf, name))} ${span(declarationOf(sf, name))}`);
  const lines = computeLineStarts(sf.text);
  const value = moduleValue(
    { sourceFile: sf, rangeOfOffsets: (start, end) => ({ start: positionAt(lines, start), end: positionAt(lines, end) }) },
    () => true,
  );
  out.push(JSON.stringify(value));
  return out.join('\n');
}

describe('file indexes kept per statement', () => {
  it('answer for the new tree after every incremental reparse (seeded random edits of the fixtures, each analysed)', () => {
    const rnd = seededRandom(20261203);
    let edits = 0;
    for (const { file, text: original } of sources()) {
      const root = path.dirname(file);
      let tree: ts.SourceFile = parseScript(file, original);
      let text = original;
      answers(tree);
      for (let k = 0; k < 3; k++) {
        const at = Math.floor(rnd() * (text.length + 1));
        const removed = rnd() < 0.5 ? Math.floor(rnd() * Math.min(20, text.length - at)) : 0;
        const inserted = rnd() < 0.8 ? SNIPPETS[Math.floor(rnd() * SNIPPETS.length)] : '';
        text = text.slice(0, at) + inserted + text.slice(at + removed);
        let kept: ts.SourceFile | undefined;
        const viaIncremental = analyzeRaw({ file, text }, { root, previousSourceFile: tree, keepSourceFile: (sf) => (kept = sf) });
        const viaFresh = analyzeRaw({ file, text }, { root });
        const where = `${path.relative(ROOT, file)}: edit ${k} at ${at}`;
        assert.deepEqual(viaIncremental.findings, viaFresh.findings, where);
        assert.deepEqual(viaIncremental.facts, viaFresh.facts, where);
        tree = kept ?? reparse(tree, text);
        // (A fresh tree of its own name: nothing of it can come from the edited tree's caches.)
        assert.equal(answers(tree), answers(parseScript(file.replace(/(\.\w+)$/, '.fresh$1'), text)), where);
        edits++;
      }
    }
    assert.ok(edits > 100, `only ${edits} edits`);
  });
});
