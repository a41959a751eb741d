/** Per-file facts: exact imports, server starts, signal handling and callers, from one parse. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_FACTS, factsPrefilter, indentUnit } from '../../../server/src/analysis/facts/fileFacts';
import { factsOfText } from '../../../server/src/analysis/engine';
import { analyzeFile } from '../../../server/src/analysis';

const facts = (text: string, file = '/w/src/a.ts') => factsOfText(file, text);
const at = (r: { start: { line: number; column: number } }) => `${r.start.line + 1}:${r.start.column + 1}`;

describe('file facts', () => {
  it('collects static, re-exported, required and literal dynamic imports (not computed ones)', () => {
    const f = facts(
      `import a from './a';\nimport type { T } from './types';\nexport * from './b';\nexport { c } from './c';\nconst d = require('./d');\nconst e = await import('./e');\nconst g = await import(name);\nimport h = require('./h');\n`,
    );
    assert.deepEqual(f.imports.sort(), ['./a', './b', './c', './d', './e', './h', './types']);
  });

  it('recognises servers by factory, by name, and skips non-servers', () => {
    const f = facts(
      [
        `import express from 'express';`,
        `import * as http from 'node:http';`,
        `import { serve } from '@hono/node-server';`,
        `const app = express();`,
        `app.listen(3000);`, // 5
        `http.createServer(app).listen(80);`, // 6
        `this.server.listen(port);`, // 7
        `serve({ fetch: hono.fetch });`, // 8
        `emitter.listen('ready', cb);`, // not a server
        `app.listen(0);`, // ephemeral
        `queue.listen(5);`, // not server-ish
      ].join('\n'),
    );
    assert.deepEqual(
      f.servers.map((s) => [at(s.range), s.framework]),
      [
        ['5:1', 'express'],
        ['6:24', 'http'],
        ['7:1', 'express'],
        ['8:1', 'hono'],
      ],
    );
    assert.ok(f.calls.includes('listen'), 'a listen that is not a server is an ordinary call');
  });

  it('names the function a server starts in, looking through callbacks', () => {
    const f = facts(
      [
        `const app = require('express')();`,
        `db.connect().then(() => app.listen(1));`,
        `async function boot() { await app.listen(2); }`,
        `class S { start() { app.listen(3); } }`,
        `exports.run = function () { app.listen(4); };`,
        `const go = () => { app.listen(5); };`,
      ].join('\n'),
      '/w/a.js',
    );
    assert.deepEqual(
      f.servers.map((s) => s.container ?? null),
      [null, 'boot', 'start', 'run', 'go'],
    );
  });

  it('reads signal handling: literals, lists, loops, libraries, Nest', () => {
    const f = facts(
      [
        `import { createTerminus } from '@godaddy/terminus';`,
        `process.on('SIGTERM', stop);`,
        `process.once('SIGINT', stop);`,
        `process.on('uncaughtException', log);`,
        `createTerminus(server, { signals: ['SIGUSR2'] });`,
        `app.enableShutdownHooks();`,
        `app.enableShutdownHooks(['SIGHUP']);`,
      ].join('\n'),
    );
    assert.deepEqual(
      f.signals.map((s) => [at(s.range), s.how, s.signals.join(',')]),
      [
        ['2:1', 'process.on', 'SIGTERM'],
        ['3:1', 'process.once', 'SIGINT'],
        ['5:1', '@godaddy/terminus', 'SIGUSR2'],
        ['6:1', 'enableShutdownHooks', '*'],
        ['7:1', 'enableShutdownHooks', 'SIGHUP'],
      ],
    );
  });

  it('a signal from a variable takes the file’s signal names, or stays unknown', () => {
    assert.deepEqual(facts(`for (const s of ['SIGINT', 'SIGUSR2']) process.on(s, stop);`).signals[0].signals, ['SIGINT', 'SIGUSR2']);
    assert.deepEqual(facts(`export const on = (s: string) => process.on(s, stop);`).signals[0].signals, ['*']);
    assert.deepEqual(
      facts(`import closeWithGrace from 'close-with-grace';\ncloseWithGrace({}, stop);`).signals.map((s) => s.how),
      ['close-with-grace'],
    );
  });

  it('does not see handlers in comments or strings', () => {
    assert.deepEqual(facts(`// process.on('SIGTERM', stop)\nconst doc = "process.on('SIGTERM')";\n`).signals, []);
  });

  it('the pre-filter skips files with nothing to say, and the engine returns facts from its own parse', () => {
    assert.equal(factsPrefilter(`const x = 1;\n`), false);
    assert.equal(factsPrefilter(`process.on("SIGTERM", f)`), true);
    assert.equal(facts(`const x = 1;\n`), EMPTY_FACTS);
    const analysis = analyzeFile({ file: '/w/a.ts', text: `import './b';\nprocess.on('SIGTERM', f);\n` }, { root: '/w', facts: true });
    assert.deepEqual(analysis.facts?.imports, ['./b']);
    assert.equal(analysis.facts?.signals.length, 1);
    assert.equal(analyzeFile({ file: '/w/a.ts', text: `import './b';\n` }, { root: '/w' }).facts, undefined, 'only when asked');
  });

  it('caches by content: the same text gives the same object', () => {
    const text = `import './x';\napp.listen(1);\n`;
    assert.equal(facts(text, '/w/one.ts'), facts(text, '/w/two.ts'));
  });

  it('detects the indentation step', () => {
    assert.equal(indentUnit(`a {\n    b\n        c\n}\n`), '    ');
    assert.equal(indentUnit(`/**\n * doc\n */\nf() {\n  x;\n}\n`), '  ');
    assert.equal(indentUnit(`f() {\n\tx;\n}\n`), '\t');
    assert.equal(indentUnit(`x;\n`), '  ');
  });
});
