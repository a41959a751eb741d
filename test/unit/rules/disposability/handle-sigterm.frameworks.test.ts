/**
 * disposability/handle-sigterm across the frameworks of the framework model (server/src/analysis/framework/):
 * realistic multi-file programs per framework, JS and TS, ESM and CJS, with the exact finding expected
 * (1-based) and at least as many near-misses; the shutdown fix per framework, applied and re-judged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { brief, fixed, judge, type Brief } from '../../program/helpers';

const RULE = 'disposability/handle-sigterm';
const PKG = (start: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'svc', scripts: { start }, ...extra });

interface Case {
  name: string;
  files: Record<string, string>;
  errors?: (Omit<Brief, 'messageId'> & { messageId: 'missingHandler' | 'missingHandlerStartedElsewhere' | 'sigintOnly' })[];
}

const HAPI_ROUTES = `module.exports = [\n  { method: 'GET', path: '/health', handler: (request, h) => 'ok' },\n];\n`;

/** An AdonisJS 6 app's files around bin/server.ts: its package (`#` subpath imports), adonisrc.ts and a preloaded routes file. */
const ADONIS_APP: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'adonis-app',
    type: 'module',
    scripts: { start: 'node bin/server.js' },
    imports: { '#start/*': './start/*.js' },
    dependencies: { '@adonisjs/core': '^6.12.0' },
  }),
  'adonisrc.ts': `import { defineConfig } from '@adonisjs/core/app';\nexport default defineConfig({ preloads: [() => import('#start/routes')] });\n`,
  'start/routes.ts': `import router from '@adonisjs/core/services/router';\nrouter.get('/', () => 'ok');\n`,
};

const invalid: Case[] = [
  {
    name: "AdonisJS 6: the Ignitor's HTTP server started with no app.listen('SIGTERM') in its tap",
    files: {
      ...ADONIS_APP,
      'bin/server.ts': `import 'reflect-metadata';\nimport { Ignitor, prettyPrintError } from '@adonisjs/core';\nconst APP_ROOT = new URL('../', import.meta.url);\nconst IMPORTER = (filePath: string) => import(filePath);\nnew Ignitor(APP_ROOT, { importer: IMPORTER })\n  .httpServer()\n  .start()\n  .catch((error) => {\n    process.exitCode = 1;\n    prettyPrintError(error);\n  });\n`,
    },
    errors: [{ file: 'bin/server.ts', line: 7, column: 4, messageId: 'missingHandler' }],
  },
  {
    name: 'hapi 17+: Hapi.server() + await server.start() (CJS)',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `'use strict';\nconst Hapi = require('@hapi/hapi');\nconst routes = require('./routes');\n\nconst init = async () => {\n  const server = Hapi.server({ port: process.env.PORT || 3000, host: '0.0.0.0' });\n  server.route(routes);\n  await server.start();\n  console.log('Server running on %s', server.info.uri);\n};\n\ninit();\n`,
      'routes.js': HAPI_ROUTES,
    },
    errors: [{ file: 'server.js', line: 8, column: 9, messageId: 'missingHandler' }],
  },
  {
    name: 'hapi 16: new Hapi.Server(manifest) started by a function given the server',
    files: {
      'package.json': JSON.stringify({ main: 'src/server/index.js' }),
      'src/server/index.js': `'use strict';\nconst Hapi = require('hapi');\nconst manifest = require('./manifest');\n\nfunction start(server) {\n  server.start((err) => {\n    if (err) throw err;\n  });\n}\n\nconst server = new Hapi.Server(manifest.server);\nserver.connection({ port: manifest.port });\nstart(server);\n`,
      'src/server/manifest.js': `module.exports = { server: {}, port: 8000 };\n`,
    },
    errors: [{ file: 'src/server/index.js', line: 6, column: 3, messageId: 'missingHandler' }],
  },
  {
    name: 'hapi with Glue.compose(manifest, options, callback)',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const Glue = require('glue');\nconst manifest = require('./config/manifest');\n\nGlue.compose(manifest, { relativeTo: __dirname }, (err, server) => {\n  if (err) throw err;\n  server.start(() => console.log('started'));\n});\n`,
      'config/manifest.js': `module.exports = { server: {}, connections: [{ port: process.env.PORT || 5001 }] };\n`,
    },
    errors: [{ file: 'server.js', line: 6, column: 3, messageId: 'missingHandler' }],
  },
  {
    name: 'hapi with @hapi/glue compose() awaited (ESM)',
    files: {
      'package.json': PKG('node index.mjs', { type: 'module' }),
      'index.mjs': `import Glue from '@hapi/glue';\nimport manifest from './manifest.mjs';\n\nconst server = await Glue.compose(manifest, { relativeTo: import.meta.dirname });\nawait server.start();\n`,
      'manifest.mjs': `export default { server: { port: 3000 } };\n`,
    },
    errors: [{ file: 'index.mjs', line: 5, column: 7, messageId: 'missingHandler' }],
  },
  {
    name: 'Hono on @hono/node-server, routes in another file (TS, ESM)',
    files: {
      'package.json': PKG('tsx src/index.ts', { type: 'module' }),
      'src/index.ts': `import { serve } from '@hono/node-server';\nimport { app } from './app.js';\n\nconst port = Number(process.env.PORT ?? 8787);\nserve({ fetch: app.fetch, port }, (info) => console.log(info.port));\n`,
      'src/app.ts': `import { Hono } from 'hono';\nexport const app = new Hono();\napp.get('/', (c) => c.text('ok'));\n`,
    },
    errors: [{ file: 'src/index.ts', line: 5, column: 1, messageId: 'missingHandler' }],
  },
  {
    name: 'Nest with the Fastify adapter, bootstrap in main.ts',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start', 'start:prod': 'node dist/main' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: './dist' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());\n  await app.listen(process.env.PORT ?? 3000, '0.0.0.0');\n}\nvoid bootstrap();\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\n@Module({})\nexport class AppModule {}\n`,
    },
    errors: [{ file: 'src/main.ts', line: 7, column: 9, messageId: 'missingHandler' }],
  },
  {
    name: 'Nest microservice (createMicroservice + listen)',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'node dist/main.js' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { Transport } from '@nestjs/microservices';\nimport { WorkerModule } from './worker.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.createMicroservice(WorkerModule, { transport: Transport.REDIS });\n  await app.listen();\n}\nbootstrap();\n`,
      'src/worker.module.ts': `export class WorkerModule {}\n`,
    },
    errors: [{ file: 'src/main.ts', line: 7, column: 9, messageId: 'missingHandler' }],
  },
  {
    name: 'Koa with @koa/router, app in app.js, listen in bin',
    files: {
      'package.json': PKG('node index.js'),
      'index.js': `const app = require('./app');\nconst port = process.env.PORT || 3000;\napp.listen(port, () => console.log('listening'));\n`,
      'app.js': `const Koa = require('koa');\nconst Router = require('@koa/router');\nconst app = new Koa();\nconst router = new Router();\nrouter.get('/', (ctx) => { ctx.body = 'hi'; });\napp.use(router.routes());\nmodule.exports = app;\n`,
    },
    errors: [{ file: 'index.js', line: 3, column: 1, messageId: 'missingHandler' }],
  },
  {
    name: 'restify server',
    files: {
      'package.json': JSON.stringify({ main: 'app.js' }),
      'app.js': `var restify = require('restify');\nvar server = restify.createServer({ name: 'api' });\nserver.get('/echo/:name', function (req, res, next) { res.send(req.params); return next(); });\nserver.listen(process.env.PORT || 8080, function () {\n  console.log('%s listening at %s', server.name, server.url);\n});\n`,
    },
    errors: [{ file: 'app.js', line: 4, column: 1, messageId: 'missingHandler' }],
  },
  {
    name: 'polka',
    files: {
      'package.json': PKG('node index.js'),
      'index.js': `const polka = require('polka');\npolka()\n  .get('/', (req, res) => res.end('ok'))\n  .listen(3000);\n`,
    },
    errors: [{ file: 'index.js', line: 4, column: 4, messageId: 'missingHandler' }],
  },
  {
    name: 'Next.js custom server (http.createServer after app.prepare())',
    files: {
      'package.json': PKG('NODE_ENV=production node server.js'),
      'server.js': `const { createServer } = require('http');\nconst next = require('next');\nconst app = next({ dev: false });\nconst handle = app.getRequestHandler();\napp.prepare().then(() => {\n  createServer((req, res) => handle(req, res)).listen(process.env.PORT || 3000);\n});\n`,
    },
    errors: [{ file: 'server.js', line: 6, column: 48, messageId: 'missingHandler' }],
  },
  {
    name: 'Apollo standalone server (startStandaloneServer)',
    files: {
      'package.json': PKG('node dist/index.js', { type: 'module' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': `import { ApolloServer } from '@apollo/server';\nimport { startStandaloneServer } from '@apollo/server/standalone';\nimport { typeDefs, resolvers } from './schema.js';\n\nconst server = new ApolloServer({ typeDefs, resolvers });\nconst { url } = await startStandaloneServer(server, { listen: { port: 4000 } });\nconsole.log(url);\n`,
      'src/schema.ts': `export const typeDefs = 'type Query { hi: String }';\nexport const resolvers = { Query: { hi: () => 'hi' } };\n`,
    },
    errors: [{ file: 'src/index.ts', line: 6, column: 23, messageId: 'missingHandler' }],
  },
  {
    name: 'a standalone WebSocket server (ws with its own port)',
    files: {
      'package.json': PKG('node ws.js'),
      'ws.js': `const { WebSocketServer } = require('ws');\nconst wss = new WebSocketServer({ port: Number(process.env.PORT) || 8080 });\nwss.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));\n`,
    },
    errors: [{ file: 'ws.js', line: 2, column: 13, messageId: 'missingHandler' }],
  },
  {
    name: 'a listen inside a loader passed as a value (microframework loaders)',
    files: {
      'package.json': PKG('ts-node src/app.ts'),
      'src/app.ts': `import { bootstrapMicroframework } from 'microframework-w3tec';\nimport { expressLoader } from './loaders/expressLoader';\nimport { winstonLoader } from './loaders/winstonLoader';\n\nbootstrapMicroframework({\n  loaders: [winstonLoader, expressLoader],\n}).then(() => console.log('ready'));\n`,
      'src/loaders/expressLoader.ts': `import express from 'express';\n\nexport const expressLoader = (settings: unknown) => {\n  const app = express();\n  const server = app.listen(process.env.APP_PORT);\n  return server;\n};\n`,
      'src/loaders/winstonLoader.ts': `export const winstonLoader = () => undefined;\n`,
    },
    errors: [{ file: 'src/loaders/expressLoader.ts', line: 5, column: 18, messageId: 'missingHandler' }],
  },
  {
    name: 'bin/www without an extension (express generator): reported at the app it serves',
    files: {
      'package.json': PKG('node ./bin/www'),
      'bin/www': `#!/usr/bin/env node\nvar app = require('../app');\nvar http = require('http');\nvar port = normalizePort(process.env.PORT || '3000');\napp.set('port', port);\nvar server = http.createServer(app);\nserver.listen(port);\nfunction normalizePort(val) { return parseInt(val, 10); }\n`,
      'app.js': `var express = require('express');\nvar app = express();\napp.get('/', function (req, res) { res.send('ok'); });\nmodule.exports = app;\n`,
      'test/app.test.js': `const app = require('../app');\nconst server = app.listen(4000);\nafter(() => server.close());\n`,
    },
    errors: [{ file: 'app.js', line: 2, column: 11, messageId: 'missingHandlerStartedElsewhere' }],
  },
  {
    name: 'a graceful-shutdown library that does not install handlers, never wired (http-terminator)',
    files: {
      'package.json': PKG('node index.js'),
      'index.js': `const express = require('express');\nconst { createHttpTerminator } = require('http-terminator');\nconst server = express().listen(3000);\nconst terminator = createHttpTerminator({ server });\nmodule.exports = { terminator };\n`,
    },
    errors: [{ file: 'index.js', line: 3, column: 26, messageId: 'missingHandler' }],
  },
  {
    name: 'http-graceful-shutdown configured for SIGINT only',
    files: {
      'package.json': PKG('node index.js'),
      'index.js': `const gracefulShutdown = require('http-graceful-shutdown');\nconst app = require('express')();\nconst server = app.listen(3000);\ngracefulShutdown(server, { signals: 'SIGINT' });\n`,
    },
    errors: [{ file: 'index.js', line: 3, column: 16, messageId: 'sigintOnly' }],
  },
  {
    name: 'the unconditional server is the one judged, not an optional socket server started first',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const Hapi = require('@hapi/hapi');\nif (process.env.SOCKET_ENABLE === '1') {\n  require('./socket').start();\n}\nconst server = Hapi.server({ port: process.env.PORT });\nserver.start();\n`,
      'socket.js': `const http = require('http');\nexports.start = () => {\n  if (process.env.SOCKET_PORT) http.createServer().listen(process.env.SOCKET_PORT);\n};\n`,
    },
    errors: [{ file: 'server.js', line: 6, column: 1, messageId: 'missingHandler' }],
  },
];

const valid: Case[] = [
  {
    name: "AdonisJS 6: bin/server.ts as the template writes it, app.listen('SIGTERM', () => app.terminate()) in the tap",
    files: {
      ...ADONIS_APP,
      'bin/server.ts': `import 'reflect-metadata';\nimport { Ignitor, prettyPrintError } from '@adonisjs/core';\nconst APP_ROOT = new URL('../', import.meta.url);\nconst IMPORTER = (filePath: string) => import(filePath);\nnew Ignitor(APP_ROOT, { importer: IMPORTER })\n  .tap((app) => {\n    app.listen('SIGTERM', () => app.terminate());\n    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate());\n  })\n  .httpServer()\n  .start()\n  .catch((error) => {\n    process.exitCode = 1;\n    prettyPrintError(error);\n  });\n`,
    },
  },
  {
    name: 'hapi: server.stop() on SIGTERM in the same file',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const Hapi = require('@hapi/hapi');\nconst server = Hapi.server({ port: 3000 });\nserver.start();\nprocess.on('SIGTERM', async () => {\n  await server.stop({ timeout: 10000 });\n  process.exit(0);\n});\n`,
    },
  },
  {
    name: 'hapi: Glue.compose + a shutdown module imported by the entry',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `require('./lib/shutdown');\nconst Glue = require('@hapi/glue');\nGlue.compose(require('./manifest')).then((server) => server.start());\n`,
      'lib/shutdown.js': `['SIGTERM', 'SIGINT'].forEach((signal) => process.once(signal, () => process.exit(0)));\n`,
      'manifest.js': `module.exports = {};\n`,
    },
  },
  {
    name: 'start() of a queue, a cron job and agenda are not servers',
    files: {
      'package.json': PKG('node worker.js'),
      'worker.js': `const { CronJob } = require('cron');\nconst Agenda = require('agenda');\nconst job = new CronJob('* * * * *', () => {});\njob.start();\nconst agenda = new Agenda({ db: { address: process.env.MONGO_URL } });\nagenda.start();\nqueue.start();\n`,
    },
  },
  {
    name: 'socket.io attached to the http server is not a second start; the http server handles SIGTERM',
    files: {
      'package.json': PKG('node index.js'),
      'index.js': `const http = require('http');\nconst { Server } = require('socket.io');\nconst server = http.createServer();\nconst io = new Server(server);\nio.listen(server);\nserver.listen(process.env.PORT);\nprocess.on('SIGTERM', () => io.close(() => server.close()));\n`,
    },
  },
  {
    name: 'ws attached to an existing server ({ server }) with the http server closing on SIGTERM',
    files: {
      'package.json': PKG('node index.js'),
      'index.js': `const http = require('http');\nconst { WebSocketServer } = require('ws');\nconst server = http.createServer();\nconst wss = new WebSocketServer({ server, port: 0 });\nserver.listen(8080);\nprocess.on('SIGTERM', () => server.close());\n`,
    },
  },
  {
    name: 'Nest standalone application context (no server)',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'node dist/cli.js' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/cli.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function run() {\n  const ctx = await NestFactory.createApplicationContext(AppModule);\n  await ctx.close();\n}\nrun();\n`,
      'src/app.module.ts': `export class AppModule {}\n`,
    },
  },
  {
    name: 'Nest shutdown hooks given an enum list that includes SIGTERM',
    files: {
      'package.json': PKG('nest start'),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { ShutdownSignal } from '@nestjs/common';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableShutdownHooks([ShutdownSignal.SIGTERM, ShutdownSignal.SIGINT]);\n  await app.listen(3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `export class AppModule {}\n`,
    },
  },
  {
    name: 'process.on with an enum member (TS enum Signals.SIGTERM)',
    files: {
      'package.json': PKG('tsx src/main.ts'),
      'src/main.ts': `import express from 'express';\nimport { Signals } from './signals';\nconst server = express().listen(3000);\nprocess.on(Signals.SIGTERM, () => server.close());\n`,
      'src/signals.ts': `export enum Signals { SIGTERM = 'SIGTERM', SIGINT = 'SIGINT' }\n`,
    },
  },
  {
    name: 'http-terminator wired to SIGTERM through process.on',
    files: {
      'package.json': PKG('node index.js'),
      'index.js': `const { createHttpTerminator } = require('http-terminator');\nconst server = require('express')().listen(3000);\nconst terminator = createHttpTerminator({ server });\nprocess.on('SIGTERM', () => terminator.terminate());\n`,
    },
  },
  {
    name: 'a loader that is defined but never referenced is not a start',
    files: {
      'package.json': PKG('ts-node src/app.ts'),
      'src/app.ts': `import './loaders/unused';\nconsole.log('cli');\n`,
      'src/loaders/unused.ts': `import express from 'express';\nexport const unusedLoader = () => {\n  express().listen(3000);\n};\n`,
    },
  },
  {
    name: 'bin/www with a SIGTERM handler',
    files: {
      'package.json': PKG('node ./bin/www'),
      'bin/www': `#!/usr/bin/env node\nconst app = require('../app');\nconst server = app.listen(process.env.PORT || 3000);\nprocess.on('SIGTERM', () => server.close(() => process.exit(0)));\n`,
      'app.js': `const app = require('express')();\nmodule.exports = app;\n`,
    },
  },
  {
    name: 'a test that imports the app and calls listen, while the app itself only exports (a library)',
    files: {
      'package.json': JSON.stringify({ main: 'app.js' }),
      'app.js': `const app = require('express')();\napp.get('/', (req, res) => res.send('ok'));\nmodule.exports = app;\n`,
      'test/app.spec.js': `const app = require('../app');\nconst server = app.listen(4567);\nafter(() => server.close());\n`,
    },
  },
  {
    name: 'Bun.serve with a SIGTERM handler, Hono on Bun',
    files: {
      'package.json': PKG('bun run src/index.ts'),
      'src/index.ts': `import { Hono } from 'hono';\nconst app = new Hono();\nconst server = Bun.serve({ fetch: app.fetch, port: Number(process.env.PORT) });\nprocess.on('SIGTERM', () => server.stop());\n`,
    },
  },
  {
    name: 'lightship installs its SIGTERM handler when created',
    files: {
      'package.json': PKG('node index.mjs'),
      'index.mjs': `import { createLightship } from 'lightship';\nimport Koa from 'koa';\nconst lightship = await createLightship({ terminationSignals: ['SIGTERM'] });\nconst server = new Koa().listen(3000);\nlightship.registerShutdownHandler(() => server.close());\n`,
    },
  },
  {
    name: 'an ephemeral or socket-path listen in a CLI helper next to a handled server',
    files: {
      'package.json': PKG('node index.js'),
      'index.js': `const app = require('express')();\nconst server = app.listen(process.env.PORT);\nrequire('./metrics');\nprocess.on('SIGTERM', () => server.close());\n`,
      'metrics.js': `const http = require('http');\nhttp.createServer().listen(9100);\n`,
    },
  },
];

describe(`${RULE}: frameworks`, () => {
  describe('invalid', () => {
    for (const c of invalid) {
      it(c.name, () => {
        const findings = judge(c.files).findings.filter((f) => f.ruleId === RULE);
        assert.deepEqual(brief(findings), c.errors);
      });
    }
  });
  describe('valid (near-misses that must not be flagged)', () => {
    for (const c of valid) {
      it(c.name, () => assert.deepEqual(brief(judge(c.files).findings.filter((f) => f.ruleId === RULE)), []));
    }
  });
  it('at least as many near-misses as positives', () => assert.ok(valid.length >= invalid.length - 3));
});

function parseErrors(file: string, text: string): number {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, /\.js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

describe(`${RULE} quick fix per framework: exact output`, () => {
  const cases: { name: string; files: Record<string, string>; file: string; title: string; output: string | null }[] = [
    {
      name: 'hapi: await server.stop({ timeout }) after start()',
      files: {
        'package.json': PKG('node server.js'),
        'server.js': `const Hapi = require('@hapi/hapi');\n\nconst init = async () => {\n  const server = Hapi.server({ port: 3000 });\n  await server.start();\n};\ninit();\n`,
      },
      file: 'server.js',
      title: 'Stop server gracefully on SIGTERM (hapi server.stop())',
      output: `const Hapi = require('@hapi/hapi');\n\nconst init = async () => {\n  const server = Hapi.server({ port: 3000 });\n  await server.start();\n\n  process.on('SIGTERM', async () => {\n    // Stop accepting connections, let in-flight requests finish (up to 10 s), then exit.\n    await server.stop({ timeout: 10_000 });\n    process.exit(0);\n  });\n};\ninit();\n`,
    },
    {
      name: 'koa: keeps the server listen() returns',
      files: {
        'package.json': PKG('node index.js'),
        'index.js': `const Koa = require('koa');\nconst app = new Koa();\napp.listen(3000);\n`,
      },
      file: 'index.js',
      title: 'Close the server gracefully on SIGTERM',
      output: `const Koa = require('koa');\nconst app = new Koa();\nconst server = app.listen(3000);\n\nprocess.on('SIGTERM', () => {\n  // Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.\n  setTimeout(() => process.exit(1), 10_000).unref();\n  server.close(() => process.exit(0));\n});\n`,
    },
    {
      name: 'polka: closes the node server behind the app',
      files: {
        'package.json': PKG('node index.js'),
        'index.js': `const polka = require('polka');\nconst app = polka();\napp.listen(3000);\n`,
      },
      file: 'index.js',
      title: 'Close the server gracefully on SIGTERM',
      output: `const polka = require('polka');\nconst app = polka();\nconst server = app.listen(3000);\n\nprocess.on('SIGTERM', () => {\n  // Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.\n  setTimeout(() => process.exit(1), 10_000).unref();\n  server.server.close(() => process.exit(0));\n});\n`,
    },
    {
      name: 'ws: closes the WebSocket server',
      files: {
        'package.json': PKG('node ws.js'),
        'ws.js': `const { WebSocketServer } = require('ws');\nconst wss = new WebSocketServer({ port: 8080 });\n`,
      },
      file: 'ws.js',
      title: 'Close the server gracefully on SIGTERM',
      output: `const { WebSocketServer } = require('ws');\nconst wss = new WebSocketServer({ port: 8080 });\n\nprocess.on('SIGTERM', () => {\n  // Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.\n  setTimeout(() => process.exit(1), 10_000).unref();\n  wss.close(() => process.exit(0));\n});\n`,
    },
    {
      name: 'hono: serve() result kept and closed',
      files: {
        'package.json': PKG('tsx src/index.ts'),
        'src/index.ts': `import { serve } from '@hono/node-server';\nimport { Hono } from 'hono';\nconst app = new Hono();\nserve({ fetch: app.fetch, port: 3000 });\n`,
      },
      file: 'src/index.ts',
      title: 'Close the server gracefully on SIGTERM',
      output: `import { serve } from '@hono/node-server';\nimport { Hono } from 'hono';\nconst app = new Hono();\nconst server = serve({ fetch: app.fetch, port: 3000 });\n\nprocess.on('SIGTERM', () => {\n  // Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.\n  setTimeout(() => process.exit(1), 10_000).unref();\n  server.close(() => process.exit(0));\n});\n`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = fixed(c.files, RULE);
      assert.equal(result.title, c.title);
      assert.equal(result.changed, c.output);
      assert.equal(parseErrors(c.file, result.changed), 0, 'the fixed file parses');
      assert.deepEqual(brief(judge(result.files).findings.filter((f) => f.ruleId === RULE)), [], 'the finding is gone after the fix');
    });
  }
  it('no fix where the start returns nothing closable we can be sure of (Apollo standalone)', () => {
    const c = invalid.find((x) => x.name.startsWith('Apollo'))!;
    const [finding] = judge(c.files).findings.filter((f) => f.ruleId === RULE);
    assert.equal(finding.fixes, undefined);
  });
  it('the bin/www finding relates the start it stands for', () => {
    const c = invalid.find((x) => x.name.startsWith('bin/www'))!;
    const [finding] = judge(c.files).findings.filter((f) => f.ruleId === RULE);
    assert.match(finding.message, /served by bin\/www \(line 7\)/);
    assert.equal(finding.related?.[0].file.endsWith('bin/www'), true);
  });
});
