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

  it('tells where a server port comes from: literal, environment (with its fallback), or unknown', () => {
    const f = facts(
      [
        `const express = require('express');`,
        `const app = express();`,
        `const PORT = process.env.PORT || 3000;`,
        `app.listen(PORT);`, // 4
        `app.listen(8080);`, // 5
        `app.listen(config.port);`, // 6
        `require('http').createServer(app).listen(normalizePort(process.env.APP_PORT ?? '4000'));`, // 7
        `require('fastify')().listen({ port: Number(process.env.PORT), host: '0.0.0.0' });`, // 8
        `app.listen();`, // 9
      ].join('\n'),
      '/w/a.js',
    );
    assert.deepEqual(
      f.servers.map((s) => s.portSource),
      [
        { kind: 'env', name: 'PORT', fallback: 3000 },
        { kind: 'literal', value: 8080 },
        { kind: 'unknown', text: 'config.port' },
        { kind: 'env', name: 'APP_PORT', fallback: 4000 },
        { kind: 'env', name: 'PORT' },
        { kind: 'none' },
      ],
    );
    assert.deepEqual(f.servers[1].port, { literal: 8080 }, 'the old literal field is kept');
    assert.equal(f.servers[0].how, 'app.listen');
  });

  it('knows hapi, Hono, Nest microservices, ws and socket.io starts, and what is not a start', () => {
    const f = facts(
      [
        `import Hapi from '@hapi/hapi';`,
        `import { NestFactory } from '@nestjs/core';`,
        `import { WebSocketServer } from 'ws';`,
        `import { Server } from 'socket.io';`,
        `const server = Hapi.server({ port: process.env.PORT });`,
        `await server.start();`, // 6
        `const ms = await NestFactory.createMicroservice(M, {});`,
        `await ms.listen();`, // 8
        `new WebSocketServer({ port: 8080 });`, // 9
        `new WebSocketServer({ server: httpServer });`, // attached
        `const io = new Server(httpServer);`, // attached
        `io.listen(httpServer);`, // attached
        `job.start();`, // not a server
      ].join('\n'),
    );
    assert.deepEqual(
      f.servers.map((s) => [at(s.range), s.framework, s.portSource?.kind]),
      [
        ['6:7', 'hapi', 'env'],
        ['8:7', 'nest', 'none'],
        ['9:1', 'ws', 'literal'],
      ],
    );
    assert.ok(f.calls.includes('start'), 'a start() that is not a server is an ordinary call');
  });

  it('marks conditional starts, but not a require.main guard', () => {
    const f = facts(
      [
        `const app = require('express')();`,
        `if (require.main === module) app.listen(1);`,
        `if (process.env.WS) app.listen(2);`,
        `process.env.X && app.listen(3);`,
      ].join('\n'),
      '/w/a.js',
    );
    assert.deepEqual(
      f.servers.map((s) => !!s.conditional),
      [false, true, true],
    );
  });

  it('records handlers: routes, middleware, hapi route objects, sockets, timers, Nest decorators, resolvers', () => {
    const f = facts(
      [
        `import express from 'express';`,
        `const app = express();`,
        `app.get('/users/:id', (req, res) => res.json({}));`, // 3
        `app.use((req, res, next) => next());`, // 4
        `export default [{ method: 'POST', path: '/login', handler: (request, h) => h.response() }];`, // 5
        `io.on('connection', (socket) => socket.on('chat', (m) => m));`, // 6
        `setInterval(() => sweep(), 1000);`, // 7
        `class C { @Get(':id') find() {} }`, // 8
        `const resolvers = { Query: { me: (p, a, ctx) => ctx.user } };`, // 9
        `router.post('/x', create);`, // 10
        `function create(req, res) {}`, // 11
        `const notAHandler = (a, b) => a + b;`,
      ].join('\n'),
    );
    assert.deepEqual(
      (f.handlers ?? []).map((h) => [h.range.start.line + 1, h.kind, h.method ?? '', h.path ?? '', h.framework ?? '']),
      [
        [3, 'route', 'GET', '/users/:id', 'express'],
        [4, 'middleware', '', '', 'express'],
        [5, 'route', 'POST', '/login', ''],
        [6, 'socket', 'connection', '', ''],
        [6, 'socket', 'chat', '', ''],
        [7, 'timer', '', '', ''],
        [8, 'route', 'Get', '', ''],
        [9, 'resolver', '', '', ''],
        [11, 'route', '', '', ''],
      ],
    );
    assert.deepEqual(
      f.apps?.map((a) => [a.framework, a.name]),
      [['express', 'app']],
    );
  });

  it('records session middleware and where sessions live', () => {
    const f = facts(
      [
        `const session = require('express-session');`,
        `const RedisStore = require('connect-redis').default;`,
        `app.use(session({ secret: s }));`,
        `app.use(session({ secret: s, store: new RedisStore({ client }) }));`,
        `app.use(session({ store: new session.MemoryStore() }));`,
        `app.use(require('cookie-session')({ keys }));`,
        `app.use(session(buildOptions()));`,
      ].join('\n'),
      '/w/a.js',
    );
    assert.deepEqual(
      f.sessions?.map((s) => [s.library, s.store]),
      [
        ['express-session', 'memory'],
        ['express-session', 'external'],
        ['express-session', 'memory'],
        ['cookie-session', 'cookie'],
        ['express-session', 'unknown'],
      ],
    );
  });

  it('functions passed as values inside arrays or option objects count as called; exports do not', () => {
    const f = facts(`boot({ loaders: [a, b], onReady: c });\nmodule.exports = { d };\nexport default { e };\n`, '/w/a.js');
    for (const name of ['a', 'b', 'c']) assert.ok(f.calls.includes(name), name);
    for (const name of ['d', 'e']) assert.ok(!f.calls.includes(name), name);
  });

  it('marks node executables', () => {
    assert.equal(facts(`#!/usr/bin/env node\nrequire('../app');\n`, '/w/bin/www').executable, true);
    assert.equal(facts(`require('../app');\n`, '/w/a.js').executable, undefined);
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
