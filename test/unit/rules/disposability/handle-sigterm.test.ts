/**
 * disposability/handle-sigterm is judged across files: each case is a virtual folder (relative path →
 * text) judged by a ProjectModel, with the exact findings expected (1-based), and exact fix output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { brief, fixed, judge, type Brief } from '../../program/helpers';

const RULE = 'disposability/handle-sigterm';
const START = (script: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'svc', scripts: { start: script }, ...extra });
const TSCONFIG = JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } });
const EXPRESS_SERVER = `import express from 'express';\n\nconst app = express();\nexport const server = app.listen(3000);\n`;

/** An Nx workspace: apps with a project.json and no package.json of their own, sharing a library (`handles`: its SIGTERM hook). */
const NX_APP = (name: string, handles: boolean): Record<string, string> => ({
  [`packages/${name}/project.json`]: JSON.stringify({
    name,
    projectType: 'application',
    targets: { build: { executor: '@nx/webpack:webpack', options: { main: `packages/${name}/src/main.ts` } } },
  }),
  [`packages/${name}/src/main.ts`]: `import { NestFactory } from '@nestjs/core';\nimport { log } from '../../../libs/logging/src/index';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n${handles ? '  app.enableShutdownHooks();\n' : ''}  await app.listen(process.env.PORT);\n  log('up');\n}\nbootstrap();\n`,
  [`packages/${name}/src/app.module.ts`]: `export class AppModule {}\n`,
});
const NX_ROOT = {
  'package.json': JSON.stringify({ name: '@acme/source', private: true }),
  'libs/logging/src/index.ts': `export const log = (m: string) => console.log(m);\n`,
};

interface Case {
  name: string;
  files: Record<string, string>;
  errors?: (Omit<Brief, 'messageId'> & { messageId: 'missingHandler' | 'sigintOnly' })[];
}

const valid: Case[] = [
  {
    name: "pm2's ecosystem file starts the app, and pm2 stops its apps with SIGINT: a SIGINT handler is the graceful shutdown (water-abstraction-service)",
    files: {
      'package.json': JSON.stringify({ name: 'water', main: 'index.js', scripts: { start: 'pm2-runtime start ecosystem.config.json' } }),
      'ecosystem.config.json': JSON.stringify({ apps: [{ name: 'water-api', script: 'index.js', exec_mode: 'cluster' }] }),
      'index.js': `const Hapi = require('@hapi/hapi');\nconst server = Hapi.server({ port: process.env.PORT });\nprocess.on('SIGINT', async () => {\n  await server.stop({ timeout: 10000 });\n  process.exit(0);\n});\nserver.start();\n`,
    },
  },
  {
    name: 'Nx applications that each handle SIGTERM, and a library project.json with a main (not an entry)',
    files: {
      ...NX_ROOT,
      ...NX_APP('server', true),
      ...NX_APP('notification-service', true),
      'libs/logging/project.json': JSON.stringify({
        name: 'logging',
        projectType: 'library',
        targets: { build: { options: { main: 'libs/logging/src/index.ts' } } },
      }),
    },
  },
  {
    name: "a package's main is an SDK barrel exporting the app; its start script runs the app and handles SIGTERM",
    files: {
      'package.json': JSON.stringify({ name: '@acme/headless', main: './build/exports.js', scripts: { start: 'node build/index.js' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'build' } }),
      'src/exports.ts': `export * from './app.js';\nexport * from './server.js';\n`,
      'src/app.ts': `import { HttpServer } from './server.js';\nexport class App {\n  server = new HttpServer();\n  async start() {\n    await this.server.start();\n  }\n  async stop() {\n    await this.server.stop();\n  }\n}\n`,
      'src/server.ts': `import http from 'node:http';\nexport class HttpServer {\n  server = http.createServer((req, res) => res.end('ok'));\n  async start() {\n    this.server.listen(process.env.PORT);\n  }\n  async stop() {\n    this.server.close();\n  }\n}\n`,
      'src/index.ts': `import { App } from './exports.js';\nconst app = new App();\napp.start();\nprocess.once('SIGTERM', () => app.stop());\n`,
    },
  },
  {
    name: "a SIGTERM listener chained on process's own (`process.on('unhandledRejection', …).once('SIGTERM', …)`)",
    files: {
      'package.json': START('node index.js'),
      'index.js': `const http = require('http');\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(process.env.PORT);\nprocess\n  .on('unhandledRejection', (reason) => console.error(reason))\n  .once('SIGTERM', () => server.close(() => process.exit(0)));\n`,
      // Review: process's other methods that return it.
      'b/package.json': START('node index.js'),
      'b/index.js': `const http = require('http');\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(process.env.PORT);\nprocess.removeAllListeners('SIGTERM').setMaxListeners(20).on('SIGTERM', () => server.close());\n`,
    },
  },
  {
    name: 'a local development server beside a serverless handler (serverless-http)',
    files: {
      'package.json': START('node handler.js', { main: 'handler.js' }),
      'handler.js': `const express = require('express');\nconst serverless = require('serverless-http');\nconst app = express();\napp.get('/', (req, res) => res.json({ ok: true }));\nif (process.env.NODE_ENV !== 'production') {\n  app.listen(3000, () => console.log('local dev on 3000'));\n}\nmodule.exports.handler = serverless(app);\n`,
    },
  },
  {
    name: "Effect's NodeRuntime.runMain: the main fiber is interrupted on SIGTERM, its finalizers close the server",
    files: {
      'package.json': START('node src/index.js'),
      'src/index.js': `const { NodeRuntime } = require('@effect/platform-node');\nconst { Effect } = require('effect');\nconst http = require('node:http');\nconst main = Effect.acquireRelease(Effect.sync(() => http.createServer().listen(Number(process.env.PORT))), (s) => Effect.promise(() => new Promise((r) => s.close(r))));\nNodeRuntime.runMain(Effect.scoped(main));\n`,
    },
  },
  {
    name: 'listen on what a non-server factory returns: an event bus and a queue',
    files: {
      'package.json': START('node worker.js'),
      'worker.js': `const { createBus } = require('./bus');\nconst { getQueue } = require('./queue');\ncreateBus().listen('order.created', (order) => console.log(order.id));\ngetQueue().listen(5);\n`,
    },
  },
  {
    name: 'handler in the entry, listen in an imported file (dist → src through tsconfig)',
    files: {
      'package.json': START('node dist/index.js'),
      'tsconfig.json': TSCONFIG,
      'src/index.ts': `import { server } from './server';\nprocess.on('SIGTERM', () => server.close());\n`,
      'src/server.ts': EXPRESS_SERVER,
    },
  },
  {
    name: 'handler installed by a function of another file (require, CommonJS)',
    files: {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': `const app = require('express')();\nconst { onShutdown } = require('./lib/shutdown');\nconst server = app.listen(80);\nonShutdown(server);\n`,
      'lib/shutdown.js': `exports.onShutdown = (server) => process.once('SIGTERM', () => server.close());\n`,
    },
  },
  {
    name: 'signal list loop with forEach',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const http = require('http');\nconst s = http.createServer().listen(8080);\n['SIGINT', 'SIGTERM'].forEach((sig) => process.on(sig, () => s.close()));\n`,
    },
  },
  {
    name: 'signals from a constant array in a for…of loop',
    files: {
      'package.json': START('tsx src/main.ts'),
      'src/main.ts': `import Fastify from 'fastify';\nconst SIGNALS = ['SIGTERM', 'SIGINT'];\nconst f = Fastify();\nfor (const s of SIGNALS) process.on(s, () => f.close());\nf.listen({ port: 3000 });\n`,
    },
  },
  {
    name: 'handler through prependListener and addListener',
    files: {
      'package.json': START('node a.js'),
      'a.js': `const app = require('express')();\napp.listen(3000);\nprocess.prependListener('SIGTERM', () => {});\n`,
    },
  },
  {
    name: 'terminus',
    files: {
      'package.json': START('node a.js'),
      'a.js': `const http = require('http');\nconst { createTerminus } = require('@godaddy/terminus');\nconst server = http.createServer();\ncreateTerminus(server, {});\nserver.listen(3000);\n`,
    },
  },
  {
    name: 'lightship (ESM import)',
    files: {
      'package.json': START('node a.mjs'),
      'a.mjs': `import express from 'express';\nimport { createLightship } from 'lightship';\nconst lightship = await createLightship();\nexpress().listen(3000, () => lightship.signalReady());\n`,
    },
  },
  {
    name: 'Nest with enableShutdownHooks (nest start → src/main.ts)',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start', 'start:prod': 'node dist/main' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableShutdownHooks();\n  await app.listen(3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `export class AppModule {}\n`,
    },
  },
  {
    name: 'a library with no server',
    files: {
      'package.json': JSON.stringify({ main: 'dist/index.js' }),
      'tsconfig.json': TSCONFIG,
      'src/index.ts': `export * from './util';\n`,
      'src/util.ts': `export const add = (a: number, b: number) => a + b;\n`,
    },
  },
  {
    name: 'a CLI that is not a server (bin)',
    files: {
      'package.json': JSON.stringify({ bin: { tool: 'cli.js' } }),
      'cli.js': `#!/usr/bin/env node\nprocess.on('SIGINT', () => process.exit(130));\nconsole.log(process.argv.slice(2));\n`,
    },
  },
  {
    name: 'a framework-like wrapper whose listen method is never called',
    files: {
      'package.json': JSON.stringify({ main: 'app.js' }),
      'app.js': `const http = require('http');\nmodule.exports = class App {\n  listen(...args) {\n    return http.createServer(this.handle).listen(...args);\n  }\n};\n`,
    },
  },
  {
    name: 'listen(0) and event-bus listen are not servers',
    files: {
      'package.json': START('node a.js'),
      'a.js': `const server = require('http').createServer();\nserver.listen(0);\nbus.listen('order.created', handle);\n`,
    },
  },
  {
    name: 'a server in a test file only',
    files: {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': `require('./test/server');\n`,
      'test/server.js': `require('http').createServer().listen(4000);\n`,
    },
  },
  {
    name: 'an example folder not named by any entry point',
    files: {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': `module.exports = () => {};\n`,
      'examples/app.js': `const app = require('express')();\napp.listen(3000);\n`,
    },
  },
  {
    name: "an example's or a playground's own package, started by its scripts, that no deploy file in its folder deploys",
    files: {
      'package.json': JSON.stringify({ name: 'product', main: 'index.js' }),
      'index.js': `module.exports = () => {};\n`,
      'examples/custom-server/package.json': JSON.stringify({ name: 'example', scripts: { start: 'node src/server.js' } }),
      'examples/custom-server/src/server.js': `const express = require('express');\nexpress().listen(process.env.PORT || 3000);\n`,
      'playground/nestjs/package.json': JSON.stringify({ name: 'pg', scripts: { start: 'node src/main.js' } }),
      'playground/nestjs/src/main.js': `require('http').createServer().listen(4000);\n`,
    },
  },
  {
    name: 'dynamic signal from a parameter (unknown signals: stay silent)',
    files: {
      'package.json': START('node a.js'),
      'a.js': `const app = require('express')();\nconst s = app.listen(3000);\nfunction on(sig) { process.on(sig, () => s.close()); }\nmodule.exports = on;\n`,
    },
  },
  {
    name: 'suppressed with a disable comment',
    files: {
      'package.json': START('node a.js'),
      'a.js': `const app = require('express')();\n// twelve-factor-disable-next-line disposability/handle-sigterm -- the platform drains us\napp.listen(3000);\n`,
    },
  },
  {
    name: 'monorepo: service imports the shared package by name',
    files: {
      'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'] }),
      'packages/shared/package.json': JSON.stringify({ name: '@x/shared', main: 'dist/index.js' }),
      'packages/shared/tsconfig.json': TSCONFIG,
      'packages/shared/src/index.ts': `export function graceful(s: { close(): void }) { process.on('SIGTERM', () => s.close()); }\n`,
      'packages/api/package.json': JSON.stringify({ name: '@x/api', scripts: { start: 'ts-node src/index.ts' } }),
      'packages/api/src/index.ts': `import express from 'express';\nimport { graceful } from '@x/shared';\ngraceful(express().listen(3000));\n`,
    },
  },
  {
    name: 'tsconfig paths alias to the file installing the handler',
    files: {
      'package.json': START('node -r ts-node/register src/index.ts'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }),
      'src/index.ts': `import '@/lifecycle';\nimport express from 'express';\nexpress().listen(3000);\n`,
      'src/lifecycle.ts': `process.on('SIGTERM', () => process.exit(0));\n`,
    },
  },
];

const invalid: Case[] = [
  {
    name: "near-misses of pm2's SIGINT: an app whose kill_signal is SIGTERM, and one the Dockerfile also runs with node",
    files: {
      'package.json': JSON.stringify({ name: 'water', main: 'index.js' }),
      'ecosystem.config.js': `module.exports = {\n  apps: [\n    { name: 'api', script: 'index.js', kill_signal: 'SIGTERM' },\n    { name: 'bg', script: 'background.js' },\n  ],\n};\n`,
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "background.js"]\n',
      'index.js': `const Hapi = require('@hapi/hapi');\nconst server = Hapi.server({ port: process.env.PORT });\nprocess.on('SIGINT', async () => {\n  await server.stop({ timeout: 10000 });\n  process.exit(0);\n});\nserver.start();\n`,
      'background.js': `const Hapi = require('@hapi/hapi');\nconst server = Hapi.server({ port: process.env.PORT });\nprocess.on('SIGINT', async () => {\n  await server.stop({ timeout: 10000 });\n  process.exit(0);\n});\nserver.start();\n`,
    },
    errors: [
      { file: 'background.js', line: 7, column: 1, messageId: 'sigintOnly' },
      { file: 'index.js', line: 7, column: 1, messageId: 'sigintOnly' },
    ],
  },
  {
    name: 'handler in a file the entry does not reach',
    files: {
      'package.json': START('node dist/index.js'),
      'tsconfig.json': TSCONFIG,
      'src/index.ts': `import './server';\n`,
      'src/server.ts': EXPRESS_SERVER,
      'src/unused.ts': `process.on('SIGTERM', () => {});\n`,
    },
    errors: [{ file: 'src/server.ts', line: 4, column: 23, messageId: 'missingHandler' }],
  },
  {
    name: 'SIGINT only',
    files: {
      'package.json': START('node a.js'),
      'a.js': `const app = require('express')();\nconst s = app.listen(3000);\nprocess.on('SIGINT', () => s.close());\n`,
    },
    errors: [{ file: 'a.js', line: 2, column: 11, messageId: 'sigintOnly' }],
  },
  {
    name: "near-miss of Effect's runtime: another call of @effect/platform-node installs no handler",
    files: {
      'package.json': START('node src/index.js'),
      'src/index.js': `const { NodeHttpServer } = require('@effect/platform-node');\nconst http = require('node:http');\nconst server = http.createServer();\nNodeHttpServer.layer(() => server, { port: 3000 });\nserver.listen(Number(process.env.PORT));\n`,
    },
    errors: [{ file: 'src/index.js', line: 5, column: 1, messageId: 'missingHandler' }],
  },
  {
    name: 'an example whose folder has a Dockerfile is deployed: judged like an app',
    files: {
      'package.json': JSON.stringify({ name: 'product', main: 'index.js' }),
      'index.js': `module.exports = () => {};\n`,
      'examples/custom-server/package.json': JSON.stringify({ name: 'example', scripts: { start: 'node src/server.js' } }),
      'examples/custom-server/Dockerfile': `FROM node:20-slim\nCOPY . .\nCMD ["node", "src/server.js"]\n`,
      'examples/custom-server/src/server.js': `const express = require('express');\nexpress().listen(process.env.PORT || 3000);\n`,
    },
    errors: [{ file: 'examples/custom-server/src/server.js', line: 2, column: 11, messageId: 'missingHandler' }],
  },
  {
    name: 'Nest enableShutdownHooks limited to SIGINT',
    files: {
      'package.json': START('nest start'),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create({});\n  app.enableShutdownHooks(['SIGINT']);\n  await app.listen(3000);\n}\nbootstrap();\n`,
    },
    errors: [{ file: 'src/main.ts', line: 5, column: 9, messageId: 'sigintOnly' }],
  },
  {
    name: 'the server starts in a function the entry calls, in another file',
    files: {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': `require('./server').start();\n`,
      'server.js': `const express = require('express');\nexports.start = function start() {\n  express().listen(process.env.PORT);\n};\n`,
    },
    errors: [{ file: 'server.js', line: 3, column: 13, messageId: 'missingHandler' }],
  },
  {
    name: 'Dockerfile CMD in exec form names the built entry',
    files: {
      'tsconfig.json': TSCONFIG,
      Dockerfile: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "/app/dist/server.js"]\n`,
      'src/server.ts': `import http from 'node:http';\nhttp.createServer().listen(8080);\n`,
    },
    errors: [{ file: 'src/server.ts', line: 2, column: 21, messageId: 'missingHandler' }],
  },
  {
    name: 'no entry point: the import-graph component of the listening file',
    files: {
      'src/main.ts': `import { app } from './app';\napp.listen(3000);\n`,
      'src/app.ts': `import express from 'express';\nexport const app = express();\n`,
    },
    errors: [{ file: 'src/main.ts', line: 2, column: 1, messageId: 'missingHandler' }],
  },
  {
    name: 'monorepo: of two services only the one without a handler is flagged',
    files: {
      'package.json': JSON.stringify({ private: true, workspaces: ['services/*'] }),
      'services/a/package.json': START('node index.js'),
      'services/a/index.js': `const s = require('http').createServer().listen(3000);\nprocess.on('SIGTERM', () => s.close());\n`,
      'services/b/package.json': START('node index.js'),
      'services/b/index.js': `const app = require('koa');\nnew app().listen(3001);\n`,
    },
    errors: [{ file: 'services/b/index.js', line: 2, column: 11, messageId: 'missingHandler' }],
  },
  {
    name: 'two entry points reaching the same server: one finding',
    files: {
      'package.json': JSON.stringify({ main: 'dist/index.js', scripts: { start: 'node dist/cli.js' } }),
      'tsconfig.json': TSCONFIG,
      'src/index.ts': `import './server';\n`,
      'src/cli.ts': `import './server';\n`,
      'src/server.ts': EXPRESS_SERVER,
    },
    errors: [{ file: 'src/server.ts', line: 4, column: 23, messageId: 'missingHandler' }],
  },
  {
    name: 'Procfile web: npm start → scripts.start',
    files: {
      Procfile: 'web: npm start\n',
      'package.json': START('node web.js'),
      'web.js': `const server = require('http').createServer();\nserver.listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'web.js', line: 2, column: 1, messageId: 'missingHandler' }],
  },
  {
    name: 'listen called on what an app factory returns (Express, CommonJS)',
    files: {
      'package.json': START('node index.js'),
      'index.js': `const express = require('express');\nfunction createApp() {\n  const app = express();\n  app.get('/', (req, res) => res.send('ok'));\n  return app;\n}\ncreateApp().listen(3000);\n`,
    },
    errors: [{ file: 'index.js', line: 7, column: 13, messageId: 'missingHandler' }],
  },
  {
    name: 'listen called on an awaited server builder of another file (Fastify, TS)',
    files: {
      'package.json': START('node dist/main.js'),
      'tsconfig.json': TSCONFIG,
      'src/main.ts': `import { buildServer } from './server';\n(await buildServer()).listen({ port: Number(process.env.PORT) });\n`,
      'src/server.ts': `import Fastify from 'fastify';\nexport async function buildServer() {\n  const app = Fastify();\n  return app;\n}\n`,
    },
    errors: [{ file: 'src/main.ts', line: 2, column: 23, messageId: 'missingHandler' }],
  },
  {
    name: 'a socket.io server listening on its own port from the environment, with a fallback',
    files: {
      'package.json': START('node index.js'),
      'index.js': `const { Server } = require('socket.io');\nconst io = new Server(Number(process.env.PORT) || 3001);\nio.on('connection', (socket) => socket.emit('hello'));\n`,
    },
    errors: [{ file: 'index.js', line: 2, column: 12, messageId: 'missingHandler' }],
  },
  {
    name: 'a server started only in production still needs its handler',
    files: {
      'package.json': START('node handler.js'),
      'handler.js': `const express = require('express');\nconst app = express();\nif (process.env.NODE_ENV === 'production') {\n  app.listen(process.env.PORT);\n}\nmodule.exports = app;\n`,
    },
    errors: [{ file: 'handler.js', line: 4, column: 3, messageId: 'missingHandler' }],
  },
  {
    name: "near-misses of a chained listener: SIGINT alone on process's chain; SIGTERM chained on another emitter",
    files: {
      'package.json': START('node index.js'),
      'index.js': `const http = require('http');\nconst bus = new (require('events'))();\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(process.env.PORT);\nprocess.on('unhandledRejection', () => {}).once('SIGINT', () => server.close());\nbus.on('ready', () => {}).once('SIGTERM', () => server.close());\n`,
    },
    errors: [{ file: 'index.js', line: 4, column: 1, messageId: 'sigintOnly' }],
  },
  {
    name: "near-misses of an SDK barrel: no program handles the start its main exports; the start script's program does not handle it",
    files: {
      'package.json': JSON.stringify({ name: 'svc', main: './build/exports.js', scripts: { start: 'node build/index.js' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'build' } }),
      'src/exports.ts': `export * from './server.js';\nprocess.once('SIGTERM', () => process.exit(0));\n`,
      'src/server.ts': `import http from 'node:http';\nexport class HttpServer {\n  server = http.createServer((req, res) => res.end('ok'));\n  async start() {\n    this.server.listen(process.env.PORT);\n  }\n  async stop() {\n    this.server.close();\n  }\n}\n`,
      'src/index.ts': `import { HttpServer } from './server.js';\nnew HttpServer().start();\n`,
    },
    errors: [{ file: 'src/server.ts', line: 5, column: 5, messageId: 'missingHandler' }],
  },
  {
    name: "an image whose CMD runs the package's own script, which starts the server (bitcore's start-docker.sh: exec node …)",
    files: {
      'package.json': JSON.stringify({ name: 'wallet', main: 'build/index.js', scripts: { build: 'tsc' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'build' } }),
      Dockerfile: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["./start-docker.sh"]\n',
      'start-docker.sh': '#!/bin/bash\n# the wallet service\nexec node ./build/server.js\n',
      'src/index.ts': `export const version = '1';\n`,
      'src/server.ts': `import express from 'express';\nconst app = express();\napp.listen(Number(process.env.PORT));\n`,
    },
    errors: [{ file: 'src/server.ts', line: 3, column: 1, messageId: 'missingHandler' }],
  },
  {
    name: 'near-miss of a CMD\'s script (review): an ENTRYPOINT script that runs a migration, then exec "$@": the CMD\'s server is the start',
    files: {
      'package.json': JSON.stringify({ name: 'api', main: 'src/lib.js' }),
      Dockerfile: 'FROM node:22\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./node-entrypoint.sh"]\nCMD ["node", "src/index.js"]\n',
      'node-entrypoint.sh': '#!/bin/sh\nset -e\nnode scripts/migrate.js\nexec "$@"\n',
      'scripts/migrate.js': `console.log('migrated');\n`,
      'src/lib.js': `module.exports = {};\n`,
      'src/index.js': `const express = require('express');\nexpress().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'src/index.js', line: 2, column: 11, messageId: 'missingHandler' }],
  },
  {
    name: "near-miss of an SDK barrel (review): the main is the file the start script runs; a laptop CLI's handler does not cover it",
    files: {
      'package.json': JSON.stringify({
        name: 'relay',
        main: 'src/server.js',
        bin: { relay: 'bin/relay.js' },
        scripts: { start: 'node src/server.js' },
      }),
      'src/server.js': `const express = require('express');\nconst app = express();\nmodule.exports = app.listen(process.env.PORT || 3000);\n`,
      'bin/relay.js': `#!/usr/bin/env node\nconst server = require('../src/server');\nprocess.on('SIGTERM', () => server.close(() => process.exit(0)));\n`,
    },
    errors: [{ file: 'src/server.js', line: 3, column: 18, messageId: 'missingHandler' }],
  },
  {
    name: 'Nx applications without a package.json of their own, sharing a library: each project.json build main is its own program',
    files: { ...NX_ROOT, ...NX_APP('server', true), ...NX_APP('notification-service', false) },
    errors: [{ file: 'packages/notification-service/src/main.ts', line: 6, column: 9, messageId: 'missingHandler' }],
  },
];

describe(RULE, () => {
  describe('valid (near-misses that must not be flagged)', () => {
    for (const c of valid) {
      it(c.name, () => assert.deepEqual(brief(judge(c.files).findings.filter((f) => f.ruleId === RULE)), []));
    }
  });
  describe('invalid', () => {
    for (const c of invalid) {
      it(c.name, () => {
        const findings = judge(c.files).findings.filter((f) => f.ruleId === RULE);
        assert.deepEqual(brief(findings), c.errors);
        assert.ok(findings[0].related?.length, 'related information points at the entry point');
      });
    }
  });

  it('relates the finding to every entry point that reaches it, and to where each is declared', () => {
    const c = invalid.find((x) => x.name.startsWith('two entry points'))!;
    const [finding] = judge(c.files).findings.filter((f) => f.ruleId === RULE);
    assert.deepEqual(
      finding.related!.map((r) => [r.file.split('/').slice(-2).join('/'), r.range.start.line]),
      [
        ['src/index.ts', 0],
        ['virtual-program/package.json', 0],
        ['src/cli.ts', 0],
        ['virtual-program/package.json', 0],
      ],
    );
    assert.match(finding.related![0].message, /package\.json "main"/);
    assert.match(finding.related![2].message, /scripts\.start/);
  });

  it('the SIGINT-only message says why SIGTERM matters', () => {
    const [finding] = judge(invalid.find((c) => c.name === 'SIGINT only')!.files).findings.filter((f) => f.ruleId === RULE);
    assert.match(finding.message, /handles SIGINT but not SIGTERM, which is what orchestrators/);
  });
});

function parseErrors(file: string, text: string): number {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, /\.js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

describe(`${RULE} quick fix: exact output`, () => {
  const cases: { name: string; files: Record<string, string>; file: string; title: string; output: string }[] = [
    {
      name: 'express: keeps the dropped listen result and closes it',
      files: {
        'package.json': START('node a.js'),
        'a.js': `const app = require('express')();\n\napp.listen(3000, () => console.log('up')); // port from config\n`,
      },
      file: 'a.js',
      title: 'Close the server gracefully on SIGTERM',
      output: `const app = require('express')();\n\nconst server = app.listen(3000, () => console.log('up')); // port from config\n\nprocess.on('SIGTERM', () => {\n  // Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.\n  setTimeout(() => process.exit(1), 10_000).unref();\n  server.close(() => process.exit(0));\n});\n`,
    },
    {
      name: 'http: an existing variable is reused, tab indentation inside a block',
      files: {
        'package.json': START('node a.js'),
        'a.js': `const http = require('http');\nif (require.main === module) {\n\tconst srv = http.createServer(handler).listen(8080);\n}\n`,
      },
      file: 'a.js',
      title: 'Close the server gracefully on SIGTERM',
      output: `const http = require('http');\nif (require.main === module) {\n\tconst srv = http.createServer(handler).listen(8080);\n\n\tprocess.on('SIGTERM', () => {\n\t\t// Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.\n\t\tsetTimeout(() => process.exit(1), 10_000).unref();\n\t\tsrv.close(() => process.exit(0));\n\t});\n}\n`,
    },
    {
      name: 'express: `server` already taken → httpServer',
      files: {
        'package.json': START('tsx src/index.ts'),
        'src/index.ts': `import express from 'express';\nconst server = 'api';\nconst app = express();\napp.listen(3000);\n`,
      },
      file: 'src/index.ts',
      title: 'Close the server gracefully on SIGTERM',
      output: `import express from 'express';\nconst server = 'api';\nconst app = express();\nconst httpServer = app.listen(3000);\n\nprocess.on('SIGTERM', () => {\n  // Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.\n  setTimeout(() => process.exit(1), 10_000).unref();\n  httpServer.close(() => process.exit(0));\n});\n`,
    },
    {
      name: 'fastify: await fastify.close(), four-space indentation',
      files: {
        'package.json': START('tsx src/index.ts'),
        'src/index.ts': `import Fastify from 'fastify';\n\nconst fastify = Fastify();\n\nasync function main() {\n    await fastify.listen({ port: 3000 });\n}\nmain();\n`,
      },
      file: 'src/index.ts',
      title: 'Close fastify gracefully on SIGTERM',
      output: `import Fastify from 'fastify';\n\nconst fastify = Fastify();\n\nasync function main() {\n    await fastify.listen({ port: 3000 });\n\n    process.on('SIGTERM', async () => {\n        // Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.\n        setTimeout(() => process.exit(1), 10_000).unref();\n        await fastify.close();\n        process.exit(0);\n    });\n}\nmain();\n`,
    },
    {
      name: 'nest: app.enableShutdownHooks() before listen',
      files: {
        'package.json': START('nest start'),
        'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nbootstrap();\n`,
        'src/app.module.ts': 'export class AppModule {}\n',
      },
      file: 'src/main.ts',
      title: 'Enable Nest shutdown hooks (app.enableShutdownHooks())',
      output: `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableShutdownHooks();\n  await app.listen(3000);\n}\nbootstrap();\n`,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = fixed(c.files);
      assert.equal(result.title, c.title);
      assert.equal(result.changed, c.output);
      assert.equal(parseErrors(c.file, result.changed), 0, 'the fixed file parses');
      assert.deepEqual(brief(judge(result.files).findings.filter((f) => f.ruleId === RULE)), [], 'the finding is gone after the fix');
    });
  }

  it('offers no fix when the listen result is used inside an expression it cannot keep', () => {
    const findings = judge({
      'package.json': START('node a.js'),
      'a.js': `const app = require('express')();\nmodule.exports = { server: app.listen(3000) };\n`,
    }).findings.filter((f) => f.ruleId === RULE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].fixes, undefined);
  });
});
