/**
 * port-binding/port-from-environment is judged across files: each case is a virtual folder judged by a
 * workspace session (relative path → text), with the exact findings expected (1-based) and the fix output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import { applyFix } from '../../../../server/src/analysis';
import { ROOT, brief, judge, modelOf, type Brief } from '../../program/helpers';
import { collect } from '../../../../server/src/analysis/rules/port-binding/port-from-environment.program';

const RULE = 'port-binding/port-from-environment';
const PKG = (main: string) => JSON.stringify({ name: 'svc', main });

interface Case {
  name: string;
  files: Record<string, string>;
  errors?: Omit<Brief, 'messageId'>[];
}

const valid: Case[] = [
  {
    name: 'gRPC: the address from the environment (a template, a lookup with a default), and a function bound to this',
    files: {
      'package.json': PKG('server.js'),
      'server.js': `const grpc = require('@grpc/grpc-js');\nconst server = new grpc.Server();\nconst creds = grpc.ServerCredentials.createInsecure();\nserver.bindAsync(\`0.0.0.0:\${process.env.PORT}\`, creds, () => {});\nserver.bindAsync(process.env.GRPC_ADDRESS ?? '0.0.0.0:50051', creds, () => {});\nconst handler = onCall.bind(server, '0.0.0.0:7000');\nfunction onCall() {}\nmodule.exports = { handler };\n`,
    },
  },
  {
    name: 'a static field set again from the environment by a static method',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/config.ts': `export class Config {\n  static port = 3000;\n  static load(env: NodeJS.ProcessEnv) {\n    this.port = Number(env.PORT ?? this.port);\n  }\n}\n`,
      'src/main.ts': `import express from 'express';\nimport { Config } from './config';\nConfig.load(process.env);\nexpress().listen(Config.port);\n`,
    },
  },
  {
    name: 'instance fields whose port the deploy decides: a parameter property, a field set again, one read from the environment',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/main.ts': `import express from 'express';\nclass A {\n  constructor(private readonly port = 3000) {}\n  start() {\n    express().listen(this.port);\n  }\n}\nclass B {\n  port = 3000;\n  configure(env: NodeJS.ProcessEnv) {\n    this.port = Number(env.PORT);\n  }\n  start() {\n    express().listen(this.port);\n  }\n}\nclass C {\n  port = Number(process.env.PORT ?? 3000);\n  start() {\n    express().listen(this.port);\n  }\n}\nnew A().start();\nnew B().start();\nnew C().start();\n`,
    },
  },
  {
    name: 'fields written where the file does not say what: a subclass, Object.assign(this, …), this[key] =, a decorated field, an instance assigned outside, an object method of its own',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/main.ts': `import express from 'express';\nclass Base {\n  port = 3000;\n  start() {\n    express().listen(this.port);\n  }\n}\nclass App extends Base {\n  port = Number(process.env.PORT);\n}\nclass B {\n  port = 3001;\n  constructor(opts: object) {\n    Object.assign(this, opts);\n  }\n  start() {\n    express().listen(this.port);\n  }\n}\nclass C {\n  port = 3002;\n  constructor(opts: Record<string, unknown>) {\n    for (const k of Object.keys(opts)) (this as any)[k] = opts[k];\n  }\n  start() {\n    express().listen(this.port);\n  }\n}\nclass D {\n  @IsPort() port = 3003;\n  start() {\n    express().listen(this.port);\n  }\n}\nclass E {\n  port = 3004;\n  start() {\n    express().listen(this.port);\n  }\n}\nclass F {\n  port = 3005;\n  make() {\n    return { port: Number(process.env.PORT), start() { express().listen(this.port); } };\n  }\n}\nconst e = new E();\ne.port = Number(process.env.PORT);\nnew App().start();\nnew B({ port: process.env.PORT }).start();\nnew C({ port: process.env.PORT }).start();\nnew D().start();\ne.start();\nnew F().make().start();\ndeclare function IsPort(): PropertyDecorator;\n`,
    },
  },
  {
    name: 'a playground app and a demo started by their own scripts (tooling folders)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `module.exports = {};\n`,
      'playground/nestjs/package.json': JSON.stringify({ name: 'pg', main: 'src/main.js' }),
      'playground/nestjs/src/main.js': `require('http').createServer().listen(4000);\n`,
      'demos/package.json': JSON.stringify({ name: 'sb', main: 'server.js' }),
      'demos/server.js': `require('express')().listen(5173);\n`,
    },
  },
  {
    name: 'a start after a production guard that returns runs only in development',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `function devServer() {\n  if (process.env.NODE_ENV === 'production') return;\n  require('http').createServer().listen(3000);\n}\ndevServer();\nrequire('express')().listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'a ternary on a variable destructured from process.env',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/main.ts': `import express from 'express';\nconst { PORT } = process.env;\nconst port = PORT ? Number(PORT) : 3302;\nexpress().listen(port);\n`,
    },
  },
  {
    name: 'a static field and an enum member read from the environment',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/main.ts': `import express from 'express';\nenum Defaults { Host = '0.0.0.0' }\nclass Settings {\n  static port = Number(process.env.PORT ?? 3000);\n}\nexpress().listen(Settings.port, Defaults.Host);\n`,
    },
  },
  {
    name: 'ws and socket.io attached to the HTTP server, or given the port from the environment',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const http = require('http');\nconst { WebSocketServer } = require('ws');\nconst { Server } = require('socket.io');\nconst server = http.createServer();\nconst io = new Server(server, { cors: { origin: '*' } });\nconst hooks = new WebSocketServer({ noServer: true });\nconst feed = new WebSocketServer({ port: Number(process.env.FEED_PORT ?? 8081) });\nserver.listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'process.env.PORT with a default (Express, CommonJS)',
    files: {
      'package.json': PKG('server.js'),
      'server.js': `const app = require('express')();\nconst port = process.env.PORT || 3000;\napp.listen(port);\n`,
    },
  },
  {
    name: 'typed default: Number(process.env.PORT ?? 3000) (Fastify options)',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/main.ts': `import Fastify from 'fastify';\nconst app = Fastify();\nawait app.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' });\n`,
    },
  },
  {
    name: 'Express app.set/app.get across files (TypeScript-Node-Starter)',
    files: {
      'package.json': PKG('src/server.ts'),
      'src/app.ts': `import express from 'express';\nconst app = express();\napp.set('port', process.env.PORT || 3000);\nexport default app;\n`,
      'src/server.ts': `import app from './app';\nconst server = app.listen(app.get('port'), () => console.log('up'));\nexport default server;\n`,
    },
  },
  {
    name: "app.set('port', from the environment) read back across files, the app exported by name; a named export with no port set",
    files: {
      'package.json': PKG('index.js'),
      'app.js': `const express = require('express');\nconst app = express();\napp.set('port', process.env.PORT || 3030);\nconst admin = express();\nmodule.exports = { app, admin };\n`,
      'index.js': `const { app, admin } = require('./app');\napp.listen(app.get('port'));\nadmin.listen(admin.get('port'));\n`,
    },
  },
  {
    name: "the port read through an environment helper: the app's own Env class in a ternary, AdonisJS's Env.get with a default, Strapi's env()",
    files: {
      'package.json': PKG('src/server.js'),
      'src/Env.js': `class Env {\n  get(key, optional = false) {\n    if (!process.env[key] && !optional) throw new Error(key);\n    return process.env[key];\n  }\n}\nmodule.exports = { Env };\n`,
      'src/server.js': `const express = require('express');\nconst { Env } = require('./Env');\nconst env = new Env();\nconst port = env.get('PORT', true) ? +env.get('PORT', true) : 3000;\nexpress().listen(port);\nconst Koa = require('koa');\nnew Koa().listen(Env.get('ADMIN_PORT', 3333));\nconst http = require('http');\nhttp.createServer().listen(env('METRICS_PORT', 9464));\n`,
    },
  },
  {
    name: 'a Glue manifest whose server reads the port from the environment, and one with no server options',
    files: {
      'package.json': PKG('server.js'),
      'manifest.js': `module.exports = {\n  server: { port: Number(process.env.PORT) || 3000 },\n  register: { plugins: [] },\n};\n`,
      'server.js': `const Glue = require('@hapi/glue');\nconst manifest = require('./manifest');\nGlue.compose(manifest).then((server) => server.start());\nGlue.compose({ register: { plugins: [] } }).then((s) => s.start());\n`,
    },
  },
  {
    name: 'normalizePort(process.env.PORT || "3000") (express-generator)',
    files: {
      'package.json': PKG('bin/www.js'),
      'bin/www.js': `const http = require('http');\nconst app = require('../app');\nconst port = normalizePort(process.env.PORT || '3000');\nconst server = http.createServer(app);\nserver.listen(port);\nfunction normalizePort(val) { return parseInt(val, 10); }\n`,
      'app.js': `module.exports = require('express')();\n`,
    },
  },
  {
    name: 'a config module reading the environment (Koa)',
    files: {
      'package.json': PKG('src/server.ts'),
      'src/config.ts': `export const config = { port: +(process.env.PORT || 3000), prettyLog: process.env.NODE_ENV == 'development' };\n`,
      'src/server.ts': `import Koa from 'koa';\nimport { config } from './config';\nconst app = new Koa();\napp.listen(config.port);\n`,
    },
  },
  {
    name: 'destructured PORT with a default',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const express = require('express');\nconst { PORT = 3000 } = process.env;\nexpress().listen(PORT);\n`,
    },
  },
  {
    name: 'a validated env module (envalid / zod)',
    files: {
      'package.json': PKG('src/http/server.ts'),
      'src/env.ts': `import { z } from 'zod';\nexport const env = z.object({ PORT: z.coerce.number().default(3333) }).parse(process.env);\n`,
      'src/http/server.ts': `import fastify from 'fastify';\nimport { env } from '../env';\nconst app = fastify();\napp.listen({ port: env.PORT, host: '0.0.0.0' });\n`,
    },
  },
  {
    name: 'Nest ConfigService',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  const config = app.get(ConfigService);\n  await app.listen(config.getOrThrow('app.port'));\n}\nbootstrap();\n`,
      'src/app.module.ts': `export class AppModule {}\n`,
    },
  },
  {
    name: 'listen(0): an ephemeral port',
    files: { 'package.json': PKG('index.js'), 'index.js': `const http = require('http');\nhttp.createServer().listen(0);\n` },
  },
  {
    name: 'a test server (the rule does not read tests)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `module.exports = require('express')();\n`,
      'test/server.test.js': `const app = require('../index');\napp.listen(4000);\n`,
    },
  },
  {
    name: 'a dev tool under tools/',
    files: { 'tools/dev-server.js': `const http = require('http');\nhttp.createServer().listen(5300);\n` },
  },
  {
    name: 'a development server by its name',
    files: { 'package.json': PKG('dev-server.js'), 'dev-server.js': `const app = require('express')();\napp.listen(8080);\n` },
  },
  {
    name: 'a development-only listen (Vercel exports the app in production)',
    files: {
      'package.json': PKG('api/index.js'),
      'api/index.js': `const app = require('express')();\nif (process.env.NODE_ENV !== 'production') {\n  app.listen(3000);\n}\nmodule.exports = app;\n`,
    },
  },
  {
    name: 'a port from a parameter',
    files: {
      'package.json': PKG('src/index.ts'),
      'src/index.ts': `import express from 'express';\nexport function start(port: number) { express().listen(port); }\nstart(Number(process.env.PORT));\n`,
    },
  },
  {
    name: 'a literal port of a client, not a server (SMTP)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const nodemailer = require('nodemailer');\nconst t = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: 25 });\nconst app = require('express')();\napp.listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'bus.listen("event") is not a server',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const bus = require('./bus');\nbus.listen('user.created', () => {});\n`,
      'bus.js': `module.exports = {};\n`,
    },
  },
  {
    name: 'a config file with an environment override (port from env, literal default in a config module)',
    files: {
      'package.json': PKG('server/index.js'),
      'server/config.js': `const appconfig = { port: 3000 };\nappconfig.port = process.env.PORT || 80;\nmodule.exports = appconfig;\n`,
      'server/index.js': `const config = require('./config');\nconst app = require('express')();\napp.listen(config.port);\n`,
    },
  },
  {
    name: 'defaults merged in place with an environment layer (lodash merge, then frozen; codimd)',
    files: {
      'package.json': PKG('app.js'),
      'lib/config/default.js': `module.exports = {\n  host: '0.0.0.0',\n  port: 3000,\n};\n`,
      'lib/config/environment.js': `module.exports = { port: parseInt(process.env.CMD_PORT, 10) };\n`,
      'lib/config/index.js': `const { merge } = require('lodash');\nconst deepFreeze = require('deep-freeze');\nlet config = require('./default');\nmerge(config, require('./environment'));\nif (config.port === 443) console.warn('port 443 without useSSL');\nconfig = deepFreeze(config);\nmodule.exports = config;\n`,
      'app.js': `const config = require('./lib/config');\nrequire('http').createServer().listen(config.port, config.host);\n`,
    },
  },
  {
    name: "a local object given the environment's overrides with Object.assign (ESM)",
    files: {
      'package.json': PKG('src/server.mjs'),
      'src/server.mjs': `import express from 'express';\nimport overrides from './env.mjs';\nconst settings = { port: 8080 };\nObject.assign(settings, overrides);\nexpress().listen(settings.port);\n`,
      'src/env.mjs': `export default { port: Number(process.env.PORT) };\n`,
    },
  },
];

const invalid: Case[] = [
  {
    name: 'gRPC: bindAsync to a literal address, directly and through a constant (IPv6)',
    files: {
      'package.json': PKG('server.js'),
      'server.js': `const grpc = require('@grpc/grpc-js');\nconst server = new grpc.Server();\nconst ADDRESS = '[::]:9090';\nserver.bindAsync('0.0.0.0:50051', grpc.ServerCredentials.createInsecure(), () => {});\nserver.bindAsync(ADDRESS, grpc.ServerCredentials.createInsecure(), () => {});\n`,
    },
    errors: [
      { file: 'server.js', line: 3, column: 17 },
      { file: 'server.js', line: 4, column: 18 },
    ],
  },
  {
    name: 'hapi configured by a Glue manifest (inline and in its own module), and Hapi.server given options from another module',
    files: {
      'package.json': JSON.stringify({ name: 'svc', main: 'server.js', workspaces: ['b'] }),
      'manifest.js': `module.exports = {\n  server: { port: 3000 },\n  register: { plugins: [] },\n};\n`,
      'server.js': `const Glue = require('@hapi/glue');\nconst manifest = require('./manifest');\nconst start = async () => {\n  const server = await Glue.compose(manifest, { relativeTo: __dirname });\n  await server.start();\n  const admin = await Glue.compose({ server: { port: 3001 } });\n  await admin.start();\n};\nstart();\n`,
      'b/package.json': PKG('index.js'),
      'b/options.js': `exports.server = { port: 8080, host: '0.0.0.0' };\n`,
      'b/index.js': `const Hapi = require('@hapi/hapi');\nconst options = require('./options');\nHapi.server(options.server).start();\n`,
    },
    errors: [
      { file: 'b/options.js', line: 1, column: 26 },
      { file: 'manifest.js', line: 2, column: 19 },
      { file: 'server.js', line: 6, column: 54 },
    ],
  },
  {
    name: "near-miss of an environment helper: a settings object's get in the same ternary",
    files: {
      'package.json': PKG('src/server.js'),
      'src/server.js': `const express = require('express');\nconst settings = require('./settings');\nexpress().listen(settings.get('PORT') ? +settings.get('PORT') : 3000);\n`,
      'src/settings.js': `module.exports = new Map();\n`,
    },
    errors: [{ file: 'src/server.js', line: 3, column: 65 }],
  },
  {
    name: "app.set('port', literal) read back with app.get in another file, the app exported by name (CJS object, ESM const, export list)",
    files: {
      'package.json': JSON.stringify({ name: 'svc', scripts: { start: 'node index.js' }, workspaces: ['b', 'c'] }),
      'app.js': `const express = require('express');\nconst app = express();\napp.set('port', 3030);\nmodule.exports = { app };\n`,
      'index.js': `const { app } = require('./app');\napp.listen(app.get('port'));\n`,
      'b/package.json': PKG('server.mjs'),
      'b/app.mjs': `import express from 'express';\nexport const app = express();\napp.set('port', 4040);\n`,
      'b/server.mjs': `import { app } from './app.mjs';\napp.listen(app.get('port'));\n`,
      'c/package.json': PKG('server.js'),
      'c/app.js': `const express = require('express');\nconst web = express();\nweb.set('port', 5050);\nexports.app = web;\n`,
      'c/server.js': `const { app } = require('./app');\napp.listen(app.get('port'));\n`,
    },
    errors: [
      { file: 'app.js', line: 3, column: 17 },
      { file: 'b/app.mjs', line: 3, column: 17 },
      { file: 'c/app.js', line: 3, column: 17 },
    ],
  },
  {
    name: 'Nest app.listen(3000)',
    files: { 'package.json': PKG('src/main.ts'), 'src/main.ts': NEST('3000') },
    errors: [{ file: 'src/main.ts', line: 4, column: 20 }],
  },
  {
    name: 'Express listen on a literal (CommonJS)',
    files: {
      'package.json': PKG('app.js'),
      'app.js': `const express = require('express');\nconst app = express();\napp.listen(3000, () => console.log('up'));\n`,
    },
    errors: [{ file: 'app.js', line: 3, column: 12 }],
  },
  {
    name: 'through a constant (ESM JavaScript)',
    files: {
      'package.json': PKG('index.mjs'),
      'index.mjs': `import express from 'express';\nconst PORT = 5000;\nexpress().listen(PORT, () => console.log('Server on | Port 5000'));\n`,
    },
    errors: [{ file: 'index.mjs', line: 2, column: 14 }],
  },
  {
    name: 'an unused PORT constant next to a literal listen',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const app = require('express')();\nconst PORT = 3000;\napp.listen(3000, () => console.log(PORT));\n`,
    },
    errors: [{ file: 'index.js', line: 3, column: 12 }],
  },
  {
    name: 'Fastify options object',
    files: {
      'package.json': PKG('server.js'),
      'server.js': `const fastify = require('fastify')();\nfastify.listen({ port: 8080, host: '0.0.0.0' });\n`,
    },
    errors: [{ file: 'server.js', line: 2, column: 24 }],
  },
  {
    name: 'a config module with no environment lookup (nodeclub style)',
    files: {
      'package.json': PKG('app.js'),
      'config.js': `var config = {\n  name: 'club',\n  port: 3000,\n};\nmodule.exports = config;\n`,
      'app.js': `var config = require('./config');\nvar app = require('express')();\napp.listen(config.port, function () {});\n`,
    },
    errors: [{ file: 'config.js', line: 3, column: 9 }],
  },
  {
    name: 'Hono serve({ fetch, port })',
    files: {
      'package.json': PKG('src/index.ts'),
      'src/index.ts': `import { serve } from '@hono/node-server';\nimport { Hono } from 'hono';\nconst app = new Hono();\nserve({ fetch: app.fetch, port: 8787 });\n`,
    },
    errors: [{ file: 'src/index.ts', line: 4, column: 33 }],
  },
  {
    name: 'hapi server options',
    files: {
      'package.json': PKG('server.js'),
      'server.js': `const Hapi = require('@hapi/hapi');\nconst init = async () => {\n  const server = Hapi.server({ port: 3000, host: 'localhost' });\n  await server.start();\n};\ninit();\n`,
    },
    errors: [{ file: 'server.js', line: 3, column: 38 }],
  },
  {
    name: 'plain http with a literal, production side of an environment branch',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const http = require('http');\nconst port = process.env.NODE_ENV === 'production' ? 80 : 3000;\nhttp.createServer((req, res) => res.end('ok')).listen(port);\n`,
    },
    errors: [{ file: 'index.js', line: 2, column: 54 }],
  },
  {
    name: 'a monorepo app with a string port in its settings',
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['apps/*'] }),
      'apps/api/package.json': PKG('src/index.ts'),
      'apps/api/src/settings.ts': `export default { http: { port: '4000' } };\n`,
      'apps/api/src/index.ts': `import Koa from 'koa';\nimport settings from './settings';\nnew Koa().listen(settings.http.port);\n`,
    },
    errors: [{ file: 'apps/api/src/settings.ts', line: 1, column: 32 }],
  },
  {
    name: "a merge into another object leaves the config module's port as it is",
    files: {
      'package.json': PKG('app.js'),
      'lib/config.js': `module.exports = { port: 3000 };\n`,
      'app.js': `const _ = require('lodash');\nconst config = require('./lib/config');\nconst options = {};\n_.merge(options, { keepAlive: true });\nrequire('http').createServer(options).listen(config.port);\n`,
    },
    errors: [{ file: 'lib/config.js', line: 1, column: 26 }],
  },
  {
    name: 'a literal port given to listen on what an app factory returns (Koa, ESM)',
    files: {
      'package.json': PKG('src/index.mjs'),
      'src/app.mjs': `import Koa from 'koa';\nexport function createApp() {\n  return new Koa();\n}\n`,
      'src/index.mjs': `import { createApp } from './app.mjs';\ncreateApp().listen(8080);\n`,
    },
    errors: [{ file: 'src/index.mjs', line: 2, column: 20 }],
  },
  {
    name: 'a ws server given its own literal port (CommonJS)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const { WebSocketServer } = require('ws');\nconst wss = new WebSocketServer({ port: 8081 });\nwss.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));\n`,
    },
    errors: [{ file: 'index.js', line: 2, column: 41 }],
  },
  {
    name: 'a socket.io server given its own literal port (ESM, no word for a port in the file)',
    files: {
      'package.json': PKG('index.mjs'),
      'index.mjs': `import { Server } from 'socket.io';\nconst io = new Server(3001, { cors: { origin: '*' } });\nio.on('connection', (socket) => socket.emit('hello'));\n`,
    },
    errors: [{ file: 'index.mjs', line: 2, column: 23 }],
  },
  {
    name: 'a port in an instance field read through this, and one set once by the constructor (TypeScript)',
    files: {
      'package.json': PKG('src/main.ts'),
      'src/main.ts': `import express from 'express';\nclass Server {\n  private readonly port = 3000;\n  start() {\n    express().listen(this.port);\n  }\n}\nclass Admin {\n  #port: number;\n  constructor() {\n    this.#port = 9090;\n  }\n  start = () => express().listen(this.#port);\n}\nnew Server().start();\nnew Admin().start();\n`,
    },
    errors: [
      { file: 'src/main.ts', line: 3, column: 27 },
      { file: 'src/main.ts', line: 11, column: 18 },
    ],
  },
  {
    name: 'a port in a static field of the server class (CommonJS)',
    files: {
      'package.json': PKG('index.js'),
      'index.js': `const express = require('express');\nclass HttpServer {\n  static PORT = 8080;\n  start() {\n    this.server = express().listen(HttpServer.PORT);\n  }\n}\nnew HttpServer().start();\n`,
    },
    errors: [{ file: 'index.js', line: 3, column: 17 }],
  },
  {
    name: 'merges that cannot change the port: defaults, a literal of other keys, a local of the same name',
    files: {
      'package.json': PKG('index.js'),
      'config.js': `module.exports = {\n  port: 3000,\n};\n`,
      'settings.js': `const settings = {\n  port: 4000,\n};\nObject.assign(settings, { startedAt: new Date().toISOString() });\nmodule.exports = settings;\n`,
      'index.js': `const _ = require('lodash');\nconst http = require('http');\nconst config = require('./config');\nconst settings = require('./settings');\n_.defaults(config, { logLevel: 'info' });\nfunction request(overrides) {\n  const config = { timeout: 5000 };\n  Object.assign(config, overrides);\n  return config;\n}\nhttp.createServer().listen(config.port);\nhttp.createServer().listen(settings.port);\n`,
    },
    errors: [
      { file: 'config.js', line: 2, column: 9 },
      { file: 'settings.js', line: 2, column: 9 },
    ],
  },
  {
    name: "a config module's default export re-exported by name from a barrel",
    files: {
      'package.json': PKG('src/main.ts'),
      'src/config/app.config.ts': `export default {\n  port: 3000,\n};\n`,
      'src/config/index.ts': `export { default as appConfig } from './app.config';\n`,
      'src/main.ts': `import express from 'express';\nimport { appConfig } from './config';\nexpress().listen(appConfig.port);\n`,
    },
    errors: [{ file: 'src/config/app.config.ts', line: 2, column: 9 }],
  },
];

function NEST(port: string): string {
  return `import { NestFactory } from '@nestjs/core';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(${port});\n}\nbootstrap();\nclass AppModule {}\n`;
}

/** Applies this rule's first finding's fix; returns the new folder. */
function fixed(files: Record<string, string>): { files: Record<string, string>; changed: string; title: string } {
  const { texts } = modelOf(files);
  const finding = judge(files).findings.find((f) => f.ruleId === RULE);
  if (!finding?.fixes?.length) throw new Error('no fix offered');
  const after = applyFix(finding.fixes[0], texts);
  const out: Record<string, string> = {};
  for (const [file, text] of after) out[path.relative(ROOT, file).split(path.sep).join('/')] = text;
  return { files: out, changed: after.get(finding.file)!, title: finding.fixes[0].title };
}

describe(RULE, () => {
  const only = (files: Record<string, string>) => brief(judge(files).findings.filter((f) => f.ruleId === RULE));
  describe('valid (near-misses that must not be flagged)', () => {
    for (const c of valid) it(c.name, () => assert.deepEqual(only(c.files), []));
  });
  describe('invalid', () => {
    for (const c of invalid)
      it(c.name, () =>
        assert.deepEqual(
          only(c.files),
          (c.errors ?? []).map((e) => ({ ...e, messageId: 'literalPort' })),
        ),
      );
  });

  it('the fix reads PORT with the literal as the default, typed (Nest)', () => {
    const after = fixed({ 'package.json': PKG('src/main.ts'), 'src/main.ts': NEST('3000') });
    assert.equal(after.title, 'Read the port from process.env.PORT, 3000 by default, and add it to .env.example');
    assert.equal(after.changed, NEST('Number(process.env.PORT ?? 3000)'));
    assert.equal(after.files['.env.example'], 'PORT=\n');
    assert.deepEqual(only(after.files), []);
  });

  it('the fix of a string port keeps a string; a named port reads its own variable', () => {
    const files = {
      'package.json': PKG('index.js'),
      'index.js': `const http = require('http');\nconst METRICS_PORT = '9464';\nhttp.createServer().listen(METRICS_PORT);\n`,
    };
    const after = fixed(files);
    assert.equal(
      after.changed,
      `const http = require('http');\nconst METRICS_PORT = process.env.METRICS_PORT ?? '9464';\nhttp.createServer().listen(METRICS_PORT);\n`,
    );
  });

  it('the finding on a config module points back at the listen call', () => {
    const { findings } = judge(invalid.find((c) => c.name.startsWith('a config module'))!.files);
    const f = findings.find((x) => x.ruleId === RULE)!;
    assert.match(f.message, /port 3000.*process\.env\.PORT/);
    assert.deepEqual(
      f.related?.map((r) => [r.file.split('/').pop(), r.range.start.line + 1]),
      [['app.js', 3]],
    );
  });
});

describe(`${RULE}: which files are parsed for its facts`, () => {
  it('starts and modules that may export a port, not every module', () => {
    const yes = [
      `app.listen(3000);\n`,
      `export default { port: 3000 };\n`,
      `export const HTTP_PORT = 8080;\n`,
      `module.exports = { apiPort: 8080 };\n`,
      `import { serve } from '@hono/node-server';\n`,
      `const server = Hapi.server({ port: 3000 });\n`,
      // A barrel: what it exports is another module's, which may be a port.
      `export { report } from './report';\nimport support from './support';\n`,
      `export * from './config';\n`,
      `const io = new Server(3001);\nimport { Server } from 'socket.io';\n`,
    ];
    const no = [
      `import { Portfolio } from './portfolio';\nexport const a = new Portfolio();\n`,
      `export type { Report } from './report';\nexport { merge } from 'lodash';\n`,
      `export const TIMEOUT = 5000;\n`,
    ];
    for (const text of yes) assert.equal(collect.prefilter(text), true, text);
    for (const text of no) assert.equal(collect.prefilter(text), false, text);
  });
});
