/**
 * `dependencies/declared-dependency` reads a file's imports and spawns by the scanner where it can be
 * sure of them (declared-dependency.lexical.ts) and leaves the rest to the parser: wherever the scanner
 * answers, its facts deep-equal the parser collector's — on every fixture and example, and on real
 * packages' sources (`npm run test:slow`: all of node_modules). And the engine then does not parse a
 * file for them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeRaw, factsOfText } from '../../server/src/analysis/engine';
import { RULES } from '../../server/src/analysis/registry';
import type { Rule } from '../../server/src/analysis/rule';
import { lexicalDependencies } from '../../server/src/analysis/rules/dependencies/declared-dependency.lexical';
import { packageDirs, scriptsUnder, REPO_ROOT } from '../helpers/scripts';

const SLOW = process.env.TFL_SLOW_TESTS === '1';
const ID = 'dependencies/declared-dependency';
const rule = RULES.find((r) => r.meta.id === ID)!;
/** The rule's collector on every file (its prefilter would skip some: the scanner must be right on those too). */
const everyFile: Rule = {
  ...rule,
  program: { ...rule.program!, collect: { ...rule.program!.collect!, prefilter: undefined, lexical: undefined } },
};

function parsed(file: string, text: string): unknown {
  const facts = analyzeRaw({ file, text }, { root: path.dirname(file), prefilter: false, rules: [everyFile] }).facts;
  return facts?.rules?.[ID];
}

function compare(files: string[]): { answered: number; declined: number; differences: string[] } {
  let answered = 0;
  let declined = 0;
  const differences: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 2 * 1024 * 1024 || text.includes('\u0000')) continue;
    const lexical = lexicalDependencies(file, text);
    if (!lexical) {
      declined++;
      continue;
    }
    answered++;
    const expected = parsed(file, text);
    try {
      assert.deepStrictEqual(lexical.facts, expected);
    } catch {
      differences.push(
        `${path.relative(REPO_ROOT, file)}:\n  parser  ${JSON.stringify(expected)}\n  scanner ${JSON.stringify(lexical.facts)}`,
      );
    }
  }
  return { answered, declined, differences };
}

describe('declared-dependency facts without a parse', () => {
  it('equal the parser collector’s on every fixture and example, and on this repository’s sources, where the scanner answers', () => {
    const { answered, declined, differences } = compare(
      scriptsUnder(['test/fixtures', 'test/fixtures-report', 'examples', 'server/src', 'client/src', 'test/unit', 'bench', 'scripts']),
    );
    assert.deepEqual(differences, []);
    assert.ok(answered > 100 && answered > declined, `${answered} answered, ${declined} declined`);
  });

  it(`equal the parser collector’s on real packages (${SLOW ? 'all of node_modules' : 'a sample'})`, () => {
    const dirs = packageDirs(SLOW, ['node_modules/vscode-languageclient/lib', 'node_modules/@types/node', 'node_modules/esbuild/lib']);
    const { answered, declined, differences } = compare(scriptsUnder(dirs, SLOW ? 30000 : 1200));
    assert.deepEqual(differences.slice(0, 20), []);
    assert.ok(answered > (SLOW ? 3000 : 200), `${answered} answered, ${declined} declined`);
  });
});

describe('what the scanner reads and what it leaves to the parser', () => {
  const read = (text: string, file = '/w/src/a.ts') => lexicalDependencies(file, text);
  const agrees = (text: string, file = '/w/src/a.ts') => {
    const lexical = read(text, file);
    assert.ok(lexical, `declined: ${text}`);
    assert.deepStrictEqual(lexical.facts, parsed(file, text), text);
    return lexical.facts as { imports: { specifier: string; typeOnly?: true }[]; local?: string[]; spawns?: unknown[] } | undefined;
  };

  it('imports, re-exports, require, dynamic import and resolve, with their literal ranges', () => {
    const facts = agrees(
      [
        "import express from 'express';",
        "import { a, b as c } from '@scope/pkg/sub';",
        "import * as ns from './local';",
        "export { x } from 'lodash';",
        "export * from '#internal';",
        "const y = require('yaml');",
        'const t = require(`tpl`);',
        "const r = require.resolve('resolved');",
        "async function f() { return await import('dyn'); }",
        "import 'side-effect';",
        "import fs from 'node:fs';",
        'express(a, b, c, ns, y, t, r, fs);',
      ].join('\n'),
    );
    assert.deepEqual(
      facts?.imports.map((i) => i.specifier),
      ['express', '@scope/pkg/sub', 'lodash', '#internal', 'yaml', 'tpl', 'resolved', 'dyn', 'side-effect'],
    );
    assert.deepEqual(facts?.local, ['./local']);
  });

  it('type-only imports: declared, or bindings used only as types in a TS file', () => {
    const facts = agrees(
      [
        "import type { A } from 'a';",
        "import { type B } from 'b';",
        "import { C } from 'c';",
        "import { D } from 'd';",
        "import { E } from 'e';",
        "import F = require('f');",
        'interface Shape extends C { m(x: number): D; }',
        'export function run(req: D, res: Array<C>): C | undefined { return undefined; }',
        'const e = new E();',
        'const f: F.T = e;',
        "export type { G } from 'g';",
      ].join('\n'),
    );
    assert.deepEqual(
      facts?.imports.map((i) => `${i.specifier}${i.typeOnly ? ':type' : ''}`),
      ['a:type', 'b:type', 'c:type', 'd:type', 'e', 'f:type', 'g:type'],
    );
  });

  it('value uses the parser counts: calls, decorators, arguments, exports, class heritage, method signatures', () => {
    for (const use of [
      'X();',
      '@X() class K {}',
      'f(X);',
      'export { X };',
      'export default X;',
      'class K extends X {}',
      'interface I { X(): void }',
      'const k = X.create();',
    ])
      assert.equal(agrees(`import { X } from 'x';\n${use}\n`)?.imports[0].typeOnly, undefined, use);
  });

  it('uses in arrow bodies and in type arguments', () => {
    const facts = agrees(
      [
        "import { expect, test } from 'vitest';",
        "import { Schema } from 'schema';",
        "import { Opts } from 'opts';",
        "test('x', () => {\n  expect(1).toBe<Schema>(1);\n});",
        'export const m = new Map<string, Opts>();',
      ].join('\n'),
    );
    assert.deepEqual(
      facts?.imports.map((i) => `${i.specifier}${i.typeOnly ? ':type' : ''}`),
      ['vitest', 'schema:type', 'opts:type'],
    );
  });

  it('JavaScript: no type-only inference, wrapper packages as spawns', () => {
    const facts = agrees("const ffmpeg = require('fluent-ffmpeg');\nimport('x');\n", '/w/src/a.js');
    assert.equal(facts?.spawns?.length, 1);
  });

  it('leaves to the parser what it cannot be sure of', () => {
    for (const [text, file] of [
      ["const { exec } = require('child_process');\nexec('convert a b');\n", '/w/a.js'], // a spawn
      ["const cp = require('child\\u005fprocess');\n", '/w/a.js'], // the same, escaped
      ["import React from 'react';\nexport const A = () => <div>don't</div>;\n", '/w/a.jsx'], // JSX
      ["import { X } from 'x';\nconst v = { k: X };\n", '/w/a.ts'], // a use neither surely a value nor surely a type
      ["type T = typeof import('x');\n", '/w/a.ts'], // import() as a type
      ["import type from 'x';\n", '/w/a.ts'], // a default import named type
      ['const x = require?.("x");\n', '/w/a.js'],
      [`const a = require('a');\n${'x'.repeat(1200)}\n`, '/w/a.js'], // a minified line
    ])
      assert.equal(read(text, file), undefined, text);
  });

  it('the engine does not parse a file whose facts the scanner reads, and its facts carry the rule’s', () => {
    const file = '/w/src/util.ts';
    const text = "import { merge } from 'lodash';\nimport type { Opts } from './opts';\nexport const f = (o: Opts) => merge({}, o);\n";
    const lexical = analyzeRaw({ file, text }, { root: '/w' });
    assert.equal(lexical.parsed, false);
    const full = analyzeRaw({ file, text }, { root: '/w', prefilter: false });
    assert.equal(full.parsed, true);
    assert.deepStrictEqual(lexical.facts?.rules?.[ID], full.facts?.rules?.[ID]);
    assert.deepStrictEqual(factsOfText(file, text).rules?.[ID], full.facts?.rules?.[ID]);
  });
});
