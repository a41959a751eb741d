/**
 * Facts read without a parse (facts/lexicalFacts.ts) against the parser's (facts/fileFacts.ts): the
 * same imports — every one the parser finds, nothing else — and calls that include every call the
 * parser records, on every fixture and on real packages' sources; and a file the pre-filter sends to
 * the scanner has no other facts (servers, apps, signals, sessions… of the framework model) for the
 * parse to find. `npm run test:slow` runs the same comparison over everything in node_modules.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeRaw } from '../../server/src/analysis';
import { hasMinifiedLine, lexicalFacts, richFactsPrefilter } from '../../server/src/analysis/facts/lexicalFacts';
import { packageDirs, scriptsUnder } from '../helpers/scripts';

const ROOT = path.resolve(__dirname, '../..');
const SLOW = process.env.TFL_SLOW_TESTS === '1';

export function compare(files: string[]): { compared: number; differences: string[] } {
  const differences: string[] = [];
  let compared = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 2 * 1024 * 1024 || text.includes('\u0000')) continue;
    // Minified code is always parsed (richFactsPrefilter): the scanner is not asked about it.
    if (hasMinifiedLine(text)) continue;
    // The parser's facts: a full analysis with no pre-filter (every file parsed, no rule needed).
    const parsed = analyzeRaw({ file, text }, { root: path.dirname(file), prefilter: false, rules: [] }).facts;
    if (!parsed) continue;
    const lexical = lexicalFacts(file, text);
    compared++;
    const rel = path.relative(ROOT, file);
    const a = [...parsed.imports].sort();
    const b = [...lexical.imports].sort();
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${rel}: imports ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    const missing = parsed.calls.filter((c) => !lexical.calls.includes(c));
    if (missing.length) differences.push(`${rel}: calls missing ${missing.join(', ')}`);
    if (!richFactsPrefilter(text)) {
      // Handlers are left out: no program rule reads them from another file.
      const rich = (['servers', 'signals', 'env', 'stdoutLogs', 'apps', 'sessions'] as const).filter((k) => parsed[k]?.length);
      if (parsed.executable) rich.push('executable' as never);
      if (rich.length) differences.push(`${rel}: the scanner would lose ${rich.join(', ')}`);
    }
  }
  return { compared, differences };
}

describe('facts without a parse', () => {
  it('match the parser on every fixture and example', () => {
    const { compared, differences } = compare(scriptsUnder(['test/fixtures', 'test/fixtures-report', 'examples']));
    assert.ok(compared > 50, `${compared} files`);
    assert.deepEqual(differences, []);
  });

  it(`match the parser on real packages (${SLOW ? 'all of node_modules' : 'a sample'})`, () => {
    const dirs = packageDirs(SLOW);
    const { compared, differences } = compare(scriptsUnder(dirs, SLOW ? 20000 : 600));
    assert.ok(compared > (SLOW ? 2000 : 100), `${compared} files`);
    assert.deepEqual(differences, []);
  });
});

describe('paths built at run time (facts/loadPaths.ts)', () => {
  it('give the scanner the imports the parser gives, shape by shape', () => {
    for (const text of [
      "require(path.join(__dirname, 'routes'));\n",
      "require(path.join(__dirname, 'jobs', file,));\n",
      "require(path.resolve(__dirname, '..', 'lib', 'x'));\n",
      "require(__dirname + '/config');\n",
      "require(__dirname + '/routes/' + f + '.js');\n",
      'require(`${__dirname}/lib/db`);\n',
      "require('./routes/' + r.name)(app);\n",
      "import(join(__dirname, 'jobs', name));\n",
      "require(path.join(__dirname, 'a') + '/b');\n",
      "require(path.join(process.cwd(), 'config'));\n",
      'require(`${__dirname}/${a}/${b}`);\n',
      "require(__dirname + '/' + x!);\n",
    ]) {
      const file = path.join(ROOT, 'virtual', 'a.ts');
      const parsed = analyzeRaw({ file, text }, { root: ROOT, prefilter: false, rules: [] }).facts?.imports ?? [];
      assert.deepEqual(lexicalFacts(file, text).imports, parsed, text);
    }
    const file = path.join(ROOT, 'virtual', 'a.js');
    assert.deepEqual(lexicalFacts(file, "require(path.join(__dirname, 'jobs', file,));\n").imports, ['./jobs/*']);
  });
});

describe('what goes to the parser', () => {
  it('a file that loads a module of the framework model, or is a node executable', () => {
    for (const text of [
      "import Koa from 'koa';\nexport const app = new Koa();\n",
      "const Glue = require('@hapi/glue');\nmodule.exports = () => Glue.compose(manifest);\n",
      "import { WebSocketServer } from 'ws';\nnew WebSocketServer({ port: 8080 });\n",
      'const session = require("express-session");\napp.use(session({ secret: s }));\n',
      '#!/usr/bin/env node\nrequire("../app");\n',
      // Routes with a literal path and Nest controllers: a server's routes must all be known (knowledge/processes.ts).
      "module.exports = (app) => {\n  app.get('/users', list);\n};\n",
      'router.use(`/api`, api);\n',
      "@Controller('health')\nexport class HealthController {}\n",
    ])
      assert.equal(richFactsPrefilter(text), true, text);
    for (const text of [
      "import { x } from 'koala';\nx();\n",
      "const ws = require('./wsx');\n",
      'a();\n// #!\n',
      "cache.get('users');\nmap.get(key);\n",
    ])
      assert.equal(richFactsPrefilter(text), false, text);
  });

  it('a file parsed for a file rule only keeps its imports (from the scanner)', () => {
    const text = `var session = require('express-session');\nvar a = require('./a');\nmodule.exports = session({ secret: 'x' });\n`;
    const result = analyzeRaw({ file: '/w/a.js', text }, { root: '/w' });
    assert.equal(result.parsed, true);
    assert.deepEqual(result.facts?.imports, ['express-session', './a']);
  });

  it('minified code, a cast argument and a concatenated require', () => {
    assert.equal(hasMinifiedLine(`const a = 1;\n${'x'.repeat(1200)}\n`), true);
    assert.equal(hasMinifiedLine(`const a = 1;\n${'x = 1;\n'.repeat(300)}`), false);
    const facts = lexicalFacts('a.ts', "const u = require('u' + 'rl');\nrun(start as Handler, stop!);\nnew Pool;\nnew a.B;\n");
    assert.deepEqual(facts.imports, []);
    for (const name of ['start', 'stop', 'Pool', 'B']) assert.ok(facts.calls.includes(name), name);
  });
});
