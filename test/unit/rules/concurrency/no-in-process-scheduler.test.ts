/**
 * concurrency/no-in-process-scheduler is judged across files: each case is a virtual folder (relative
 * path → text) judged by a workspace session, with the exact findings expected (1-based) and fix output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { applyFix } from '../../../../server/src/analysis';
import { brief, judge, modelOf, type Brief } from '../../program/helpers';

const RULE = 'concurrency/no-in-process-scheduler';
const START = (script: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'svc', scripts: { start: script }, ...extra });
const EXPRESS = `const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\napp.listen(process.env.PORT);\n`;

type MessageId = 'job' | 'timer' | 'processor' | 'fork';
interface Case {
  name: string;
  files: Record<string, string>;
  errors?: (Omit<Brief, 'messageId'> & { messageId: MessageId; severity?: string })[];
}

const findingsOf = (files: Record<string, string>) => judge(files).findings.filter((f) => f.ruleId === RULE);

/** Dokploy's shape: an API loads a package's barrel whose init function (for another app) schedules jobs. */
const BARREL = (api: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'] }),
  'apps/api/package.json': JSON.stringify({
    name: '@acme/api',
    scripts: { start: 'tsx src/index.ts' },
    dependencies: { '@acme/server': '*' },
  }),
  'apps/api/src/index.ts': api,
  'packages/server/package.json': JSON.stringify({
    name: '@acme/server',
    main: './src/index.ts',
    dependencies: { 'node-schedule': '2.1.1' },
  }),
  'packages/server/src/index.ts': `export * from './deploy';\nexport * from './backups/init';\nexport * from './backups/utils';\n`,
  'packages/server/src/deploy.ts': `export const deploy = async (id: string) => id;\n`,
  'packages/server/src/backups/init.ts': `import { scheduleBackup } from './utils';\n\nexport const initBackupCronJobs = async (ids: string[]) => {\n  ids.forEach((id) => scheduleBackup(id));\n};\n\nexport function startAll() {\n  initBackupCronJobs(['nightly']);\n}\n`,
  'packages/server/src/backups/utils.ts': `import { scheduleJob } from 'node-schedule';\n\nexport const scheduleBackup = (id: string) => {\n  scheduleJob(id, '0 3 * * *', async () => {\n    await fetch('https://backup.example.com/run/' + id, { method: 'POST' });\n  });\n};\n`,
  ...extra,
});
const SERVE = `import { createServer } from 'node:http';\nprocess.on('SIGTERM', () => process.exit(0));\ncreateServer((q, s) => s.end('ok')).listen(process.env.PORT);\n`;

const ADONIS = (kernel: string): Record<string, string> => ({
  'package.json': JSON.stringify({
    name: 'smanga',
    type: 'module',
    scripts: { start: 'node bin/server.js' },
    imports: { '#start/*': './start/*.js', '#services/*': './app/services/*.js' },
    dependencies: { '@adonisjs/core': '^6.12.0', 'node-cron': '^3.0.3' },
  }),
  'adonisrc.ts': `import { defineConfig } from '@adonisjs/core/app';\nexport default defineConfig({\n  commands: [() => import('@adonisjs/core/commands')],\n  preloads: [() => import('#start/kernel')],\n});\n`,
  'bin/server.ts': `import { Ignitor } from '@adonisjs/core';\nconst APP_ROOT = new URL('../', import.meta.url);\nnew Ignitor(APP_ROOT, { importer: (f: string) => import(f) })\n  .tap((app) => {\n    app.listen('SIGTERM', () => app.terminate());\n  })\n  .httpServer()\n  .start();\n`,
  'start/kernel.ts': kernel,
  'app/services/cron_service.ts': `import cron from 'node-cron';\nexport function createScanCron() {\n  cron.schedule('0 0 0,12 * * *', async () => {\n    await fetch('https://scanner.example.com/scan', { method: 'POST' });\n  });\n}\n`,
  'commands/scan.ts': `import { createScanCron } from '#services/cron_service';\nexport default class Scan {\n  async run() {\n    createScanCron();\n  }\n}\n`,
});

const invalid: Case[] = [
  {
    name: 'near-miss of a loop started per event: the same loop also started at load for the lobby',
    files: {
      'package.json': START('node server.mjs', { dependencies: { 'socket.io': '^4.7.0' } }),
      'server.mjs': `import http from 'node:http';\nimport { Server } from 'socket.io';\nimport { getLoadedBoard, deleteLoadedBoard, nextExpiry } from './registry.mjs';\nasync function unloadBoard(name) {\n  const board = await getLoadedBoard(name);\n  await board.save();\n  const expiry = nextExpiry(name);\n  if (expiry !== null) {\n    setTimeout(() => {\n      void unloadBoard(name);\n    }, Math.max(1, expiry - Date.now()));\n    return;\n  }\n  deleteLoadedBoard(name);\n}\nconst server = http.createServer();\nconst io = new Server(server);\nio.on('connection', (socket) => {\n  socket.on('disconnecting', () => {\n    for (const room of socket.rooms) unloadBoard(room);\n  });\n});\nprocess.on('SIGTERM', () => server.close());\nserver.listen(process.env.PORT);\nunloadBoard('lobby');\n`,
      'registry.mjs': `export const getLoadedBoard = async (n) => ({ save: async () => fetch(process.env.STORE_URL + '/boards/' + n, { method: 'PUT' }) });\nexport const deleteLoadedBoard = (n) => n;\nexport const nextExpiry = () => null;\n`,
    },
    errors: [{ file: 'server.mjs', line: 9, column: 5, messageId: 'timer' }],
  },
  {
    name: "a loop armed only when the process is the API (Zeppelin's Configs: if (isAPI())): the web process runs it",
    files: {
      'package.json': START('node src/index.js', { type: 'module', dependencies: { express: '^4.19.2' } }),
      'src/index.js': `import express from 'express';\nimport './configs.js';\nimport './usernames.js';\nimport './cache.js';\nconst server = express().listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
      'src/globals.js': `export const isAPI = () => process.argv.includes('--api');\n`,
      'src/db.js': `export const db = { query: async (q) => q };\n`,
      'src/configs.js': `import { isAPI } from './globals.js';\nimport { db } from './db.js';\nasync function cleanup() {\n  await db.query('DELETE FROM history WHERE at < NOW()');\n  setTimeout(cleanup, 60 * 60 * 1000);\n}\nif (isAPI()) {\n  setTimeout(cleanup, 30 * 1000);\n}\n`,
      'src/usernames.js': `export {};\n`,
      'src/cache.js': `export {};\n`,
    },
    errors: [{ file: 'src/configs.js', line: 5, column: 3, messageId: 'timer' }],
  },
  {
    name: 'near-misses of a probe-only daemon (review): a route under a probe word with a parameter (/live/:matchId), a catch-all handler, a Nest gateway',
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['scores', 'site', 'chat'] }),
      'scores/package.json': START('node server.js', { name: 'score-worker', dependencies: { express: '^4.19.0' } }),
      'scores/server.js': `const express = require('express');\nconst app = express();\napp.get('/live/:matchId', (req, res) => res.json({ id: req.params.matchId }));\napp.get('/health', (req, res) => res.send('ok'));\nsetInterval(() => fetch(process.env.PUSH_URL + '/send', { method: 'POST' }), 10_000);\nconst server = app.listen(process.env.PORT || 3000);\nprocess.on('SIGTERM', () => server.close());\n`,
      'site/package.json': START('node server.js', { name: 'feed-worker', dependencies: { express: '^4.19.0' } }),
      'site/server.js': `const express = require('express');\nconst { handler } = require('./build/handler.js');\nconst app = express();\napp.get('/healthz', (req, res) => res.send('ok'));\napp.use((req, res, next) => handler(req, res, next));\nsetInterval(() => fetch(process.env.PUSH_URL + '/send', { method: 'POST' }), 10_000);\nconst server = app.listen(process.env.PORT || 3000);\nprocess.on('SIGTERM', () => server.close());\n`,
      'chat/package.json': START('node dist/main.js', {
        name: 'chat-bot',
        dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0', '@nestjs/websockets': '^10.0.0' },
      }),
      'chat/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableShutdownHooks();\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'chat/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { HealthController } from './health.controller';\nimport { ChatGateway } from './chat.gateway';\n@Module({ controllers: [HealthController], providers: [ChatGateway] })\nexport class AppModule {}\n`,
      'chat/src/health.controller.ts': `import { Controller, Get } from '@nestjs/common';\n@Controller('health')\nexport class HealthController {\n  @Get()\n  check() {\n    return 'ok';\n  }\n}\n`,
      'chat/src/chat.gateway.ts': `import { WebSocketGateway, SubscribeMessage } from '@nestjs/websockets';\n@WebSocketGateway()\nexport class ChatGateway {\n  @SubscribeMessage('events')\n  handle(data: string) {\n    return data;\n  }\n  onModuleInit() {\n    setInterval(() => fetch(process.env.MAILER_URL + '/send-digests', { method: 'POST' }), 60_000);\n  }\n}\n`,
    },
    errors: [
      { file: 'chat/src/chat.gateway.ts', line: 9, column: 5, messageId: 'timer' },
      { file: 'scores/server.js', line: 5, column: 1, messageId: 'timer' },
      { file: 'site/server.js', line: 6, column: 1, messageId: 'timer' },
    ],
  },
  {
    name: "jobs in the web process behind a feature's credential (flame's WEATHER_API_KEY), in a module.exports function its importer renames, and on the branch that starts the API itself (MonitoRSS's START_TARGET === 'api')",
    files: {
      'package.json': START('node server.js', { dependencies: { 'node-schedule': '^2.1.1', axios: '^1.7.0' } }),
      'server.js': `const http = require('http');\nconst server = http.createServer((q, s) => s.end('ok'));\nserver.listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\nconst jobs = require('./utils/jobs');\nconst { startWeather } = require('./utils/weather');\nconst { scheduleCleanup } = require('./utils/cleanup');\njobs();\nstartWeather();\nif (process.env.START_TARGET === 'api') {\n  scheduleCleanup();\n}\n`,
      'utils/jobs.js': `const schedule = require('node-schedule');\nconst axios = require('axios');\nmodule.exports = async function () {\n  schedule.scheduleJob('updateWeather', '0 */15 * * * *', async () => {\n    const res = await axios.get('https://api.weatherapi.com/v1/current.json');\n    await Weather.create({ tempC: res.data.temp });\n  });\n};\n`,
      'utils/weather.js': `const schedule = require('node-schedule');\nconst axios = require('axios');\nconst { WEATHER_API_KEY } = require('./config');\nfunction startWeather() {\n  if (WEATHER_API_KEY != '') {\n    schedule.scheduleJob('updateWeather', '0 */15 * * * *', async () => {\n    const res = await axios.get('https://api.weatherapi.com/v1/current.json');\n    await Weather.create({ tempC: res.data.temp });\n  });\n  }\n  if (process.env.SENDGRID_API_KEY) {\n    setInterval(() => fetch('https://api.sendgrid.com/v3/mail/send', { method: 'POST' }), 60_000);\n  }\n}\nmodule.exports = { startWeather };\n`,
      'utils/config.js': `module.exports = { WEATHER_API_KEY: process.env.WEATHER_API_KEY || '' };\n`,
      'utils/cleanup.js': `const { Pool } = require('pg');\nconst { pruneOldPartitions } = require('./partitions');\nconst pool = new Pool();\nfunction scheduleCleanup() {\n  setInterval(() => pruneOldPartitions(pool), 24 * 60_000);\n}\nmodule.exports = { scheduleCleanup };\n`,
      'utils/partitions.js': `exports.pruneOldPartitions = (pool) => pool.query('DROP TABLE IF EXISTS p_2020');\n`,
    },
    errors: [
      { file: 'utils/cleanup.js', line: 5, column: 3, messageId: 'timer' },
      { file: 'utils/jobs.js', line: 4, column: 3, messageId: 'job' },
      { file: 'utils/weather.js', line: 6, column: 5, messageId: 'job' },
      { file: 'utils/weather.js', line: 12, column: 5, messageId: 'timer' },
    ],
  },
  {
    name: 'near-misses of a probe-only server: one more route for users, a route path in a variable, routes a module registers on the app it is handed; a package not named for background work with /health only',
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['a', 'b', 'c'] }),
      'a/package.json': START('node src/main.js', { type: 'module', dependencies: { express: '^4.21.1', pg: '^8.12.0' } }),
      'a/src/main.js': `import express from 'express';\nimport pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\nlet closed = false;\nconst app = express();\napp.get('/health', (req, res) => res.json({ ok: true }));\napp.get('/users', (req, res) => res.json([]));\nasync function builderLoop() {\n  while (!closed) {\n    await pool.query('update profiles set built_at = now()');\n    await new Promise((r) => setTimeout(r, 60_000));\n  }\n}\nconst server = app.listen(process.env.PORT);\nprocess.once('SIGTERM', () => { closed = true; server.close(); });\nsetImmediate(builderLoop);\n`,
      'b/package.json': START('node src/main.js', { type: 'module', dependencies: { express: '^4.21.1', pg: '^8.12.0' } }),
      'b/src/main.js': `import express from 'express';\nimport pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\nlet closed = false;\nconst app = express();\nconst HEALTH = process.env.HEALTH_PATH;\napp.get(HEALTH, (req, res) => res.json({ ok: true }));\nasync function builderLoop() {\n  while (!closed) {\n    await pool.query('update profiles set built_at = now()');\n    await new Promise((r) => setTimeout(r, 60_000));\n  }\n}\nconst server = app.listen(process.env.PORT);\nprocess.once('SIGTERM', () => { closed = true; server.close(); });\nsetImmediate(builderLoop);\n`,
      'c/package.json': START('node src/main.js', { type: 'module', dependencies: { express: '^4.21.1', pg: '^8.12.0' } }),
      'c/src/main.js': `import express from 'express';\nimport pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\nlet closed = false;\nimport routes from './routes.js';\nconst app = express();\napp.get('/health', (req, res) => res.json({ ok: true }));\nroutes(app);\nasync function builderLoop() {\n  while (!closed) {\n    await pool.query('update profiles set built_at = now()');\n    await new Promise((r) => setTimeout(r, 60_000));\n  }\n}\nconst server = app.listen(process.env.PORT);\nprocess.once('SIGTERM', () => { closed = true; server.close(); });\nsetImmediate(builderLoop);\n`,
      'c/src/routes.js': `export default function routes(app) {\n  app.get('/orders', list);\n}\nfunction list(q, s) {\n  s.end();\n}\n`,
      'd/package.json': START('node src/main.js', { type: 'module', dependencies: { express: '^4.21.1', pg: '^8.12.0' } }),
      'd/src/main.js': `import express from 'express';\nimport pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\nlet closed = false;\nconst app = express();\napp.get('/health', (req, res) => res.json({ ok: true }));\nasync function builderLoop() {\n  while (!closed) {\n    await pool.query('update profiles set built_at = now()');\n    await new Promise((r) => setTimeout(r, 60_000));\n  }\n}\nconst server = app.listen(process.env.PORT);\nprocess.once('SIGTERM', () => { closed = true; server.close(); });\nsetImmediate(builderLoop);\n`,
    },
    errors: [
      { file: 'a/src/main.js', line: 9, column: 3, messageId: 'timer' },
      { file: 'b/src/main.js', line: 9, column: 3, messageId: 'timer' },
      { file: 'c/src/main.js', line: 10, column: 3, messageId: 'timer' },
      { file: 'd/src/main.js', line: 8, column: 3, messageId: 'timer' },
    ],
  },
  {
    name: "near-miss of Terminus: a Nest controller that serves users' requests beside the interval",
    files: {
      'package.json': START('node dist/main', {
        dependencies: { '@nestjs/common': '^10.0.0', '@nestjs/core': '^10.0.0', '@nestjs/terminus': '^10.0.0' },
      }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableShutdownHooks();\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { HealthController } from './health.controller';\nimport { GuardianService } from './guardian.service';\n@Module({ controllers: [HealthController], providers: [GuardianService] })\nexport class AppModule {}\n`,
      'src/health.controller.ts': `import { Controller, Get } from '@nestjs/common';\n@Controller('users')\nexport class HealthController {\n  @Get(':id')\n  check() {\n    return { status: 'ok' };\n  }\n}\n`,
      'src/guardian.service.ts': `import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class GuardianService {\n  onModuleInit() {\n    setInterval(() => this.handleNewBlock(), 5000);\n  }\n  async handleNewBlock() {\n    await fetch(process.env.BROKER_URL, { method: 'POST' });\n  }\n}\n`,
    },
    errors: [{ file: 'src/guardian.service.ts', line: 5, column: 5, messageId: 'timer' }],
  },
  {
    name: 'near-misses of a self-re-arming loop not started: started at load with no switch, behind isServer() (no process role), and by the web entry through its import',
    files: {
      'package.json': START('node src/index.js', { type: 'module', dependencies: { express: '^4.19.2', typeorm: '^0.3.20' } }),
      'src/index.js': `import express from 'express';\nimport { cleanup } from './history.js';\nimport './audit.js';\nimport './sessions.js';\nconst app = express();\nconst server = app.listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\ncleanup();\n`,
      'src/history.js': `import { DataSource } from 'typeorm';\nconst db = new DataSource({ type: 'mysql', host: process.env.DB_HOST });\nexport async function cleanup() {\n  await db.query('DELETE FROM history WHERE at < NOW() - INTERVAL 30 DAY');\n  setTimeout(cleanup, 5 * 60 * 1000);\n}\n`,
      'src/audit.js': `${`import { DataSource } from 'typeorm';\nconst db = new DataSource({ type: 'mysql', host: process.env.DB_HOST });\nexport async function cleanup() {\n  await db.query('DELETE FROM history WHERE at < NOW() - INTERVAL 30 DAY');\n  setTimeout(cleanup, 5 * 60 * 1000);\n}\n`}cleanup();\n`,
      'src/sessions.js': `import { isServer } from './env.js';\n${`import { DataSource } from 'typeorm';\nconst db = new DataSource({ type: 'mysql', host: process.env.DB_HOST });\nexport async function cleanup() {\n  await db.query('DELETE FROM history WHERE at < NOW() - INTERVAL 30 DAY');\n  setTimeout(cleanup, 5 * 60 * 1000);\n}\n`}if (isServer()) {\n  setTimeout(cleanup, 30 * 1000);\n}\n`,
      'src/env.js': `export const isServer = () => typeof window === 'undefined';\n`,
    },
    errors: [
      { file: 'src/audit.js', line: 5, column: 3, messageId: 'timer' },
      { file: 'src/history.js', line: 5, column: 3, messageId: 'timer' },
      { file: 'src/sessions.js', line: 6, column: 3, messageId: 'timer' },
    ],
  },
  {
    name: 'jobs a folder loader requires by a path built at run time (fs.readdirSync + path.join(__dirname, …), a template)',
    files: {
      'package.json': START('node server.js', { dependencies: { express: '^4.19.2', 'node-cron': '^3.0.3' } }),
      'server.js': `const fs = require('fs');\nconst path = require('path');\nconst express = require('express');\nconst app = express();\nfs.readdirSync(path.join(__dirname, 'jobs')).forEach((file) => require(path.join(__dirname, 'jobs', file)));\nrequire(\`\${__dirname}/tasks/digest\`);\napp.listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'jobs/cleanup.js': `const cron = require('node-cron');\ncron.schedule('0 * * * *', async () => {\n  await fetch('https://hooks.example.com/cleanup', { method: 'POST' });\n});\n`,
      'tasks/digest.js': `const cron = require('node-cron');\ncron.schedule('0 * * * *', async () => {\n  await fetch('https://hooks.example.com/cleanup', { method: 'POST' });\n});\n`,
    },
    errors: [
      { file: 'jobs/cleanup.js', line: 2, column: 1, messageId: 'job' },
      { file: 'tasks/digest.js', line: 2, column: 1, messageId: 'job' },
    ],
  },
  {
    name: 'near-misses of non-web starts (second review): a server under a sync-named package, and one a web: line also starts after a mailer: line',
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/sync-server/package.json': START('node src/app.js', { dependencies: { 'node-cron': '^3.0.3' } }),
      'packages/sync-server/src/app.js': `const cron = require('node-cron');\nconst http = require('node:http');\ncron.schedule('*/5 * * * *', () => fetch('https://feeds.example.com/pull', { method: 'POST' }));\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'packages/mail/package.json': JSON.stringify({ name: 'mail', dependencies: { 'node-cron': '^3.0.3' } }),
      'packages/mail/Procfile': 'mailer: node server.js --mailer\nweb: node server.js\n',
      'packages/mail/server.js': `const cron = require('node-cron');\nconst http = require('node:http');\ncron.schedule('*/5 * * * *', () => fetch('https://feeds.example.com/pull', { method: 'POST' }));\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    },
    errors: [
      { file: 'packages/mail/server.js', line: 3, column: 1, messageId: 'job' },
      { file: 'packages/sync-server/src/app.js', line: 3, column: 1, messageId: 'job' },
    ],
  },
  {
    name: 'pg-boss made in a module of its own (./lib/boss.js), scheduled and worked by the web process (blind round 11)',
    files: {
      'package.json': START('node src/server.js', { type: 'module', dependencies: { 'pg-boss': '^10.1.3' } }),
      'src/lib/boss.js': `import PgBoss from 'pg-boss';\nexport const boss = new PgBoss(process.env.DATABASE_URL);\n`,
      'src/server.js': `import http from 'node:http';\nimport { boss } from './lib/boss.js';\nawait boss.start();\nawait boss.schedule('sales-report', '0 3 * * *');\nawait boss.work('sales-report', async () => fetch(process.env.REPORT_HOOK, { method: 'POST' }));\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
    },
    errors: [{ file: 'src/server.js', line: 4, column: 7, messageId: 'job' }],
  },
  {
    name: "near-miss of a non-web process type: the same program on the Procfile's web: line",
    files: {
      'package.json': START('node server.js', { dependencies: { 'node-cron': '^3.0.3' } }),
      Procfile: 'web: node app.js\n',
      'app.js': `const cron = require('node-cron');\nconst http = require('node:http');\ncron.schedule('*/5 * * * *', () => fetch('https://feeds.example.com/pull', { method: 'POST' }));\n// a health port for the platform's checks\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.HEALTH_PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    },
    errors: [{ file: 'app.js', line: 3, column: 1, messageId: 'job' }],
  },
  {
    name: 'near-misses of an uncalled init (review): handed out as module.exports, in an object under another name, or called on the module a dynamic import gives',
    files: {
      'package.json': START('node server.js', { dependencies: { express: '^4', 'node-cron': '^3.0.3' } }),
      'a.js': `const cron = require('node-cron');\nfunction scheduleBackups() {\n  cron.schedule('0 * * * *', () => fetch('https://backup.example.com/run', { method: 'POST' }));\n}\nfunction startJobs() {\n  scheduleBackups();\n}\nmodule.exports = startJobs;\n`,
      'b.js': `const cron = require('node-cron');\nfunction scheduleBackups() {\n  cron.schedule('0 * * * *', () => fetch('https://backup.example.com/run', { method: 'POST' }));\n}\nfunction startJobs() {\n  scheduleBackups();\n}\nmodule.exports = { start: startJobs };\n`,
      'c.mjs': `import cron from 'node-cron';\nconst scheduleBackups = () => {\n  cron.schedule('0 * * * *', () => fetch('https://backup.example.com/run', { method: 'POST' }));\n};\nexport const initJobs = () => {\n  scheduleBackups();\n};\n`,
      'server.js': `const initCron = require('./a');\nconst jobs = require('./b');\ninitCron();\njobs.start();\nimport('./c.mjs').then((m) => m.initJobs());\nconst server = require('express')().listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
    },
    errors: [
      { file: 'a.js', line: 3, column: 3, messageId: 'job' },
      { file: 'b.js', line: 3, column: 3, messageId: 'job' },
      { file: 'c.mjs', line: 3, column: 3, messageId: 'job' },
    ],
  },
  {
    name: "AdonisJS 6: a cron the HTTP server's preloaded kernel starts (adonisrc preloads, #subpath imports; smanga-adonis)",
    files: ADONIS(
      `import server from '@adonisjs/core/services/server';\nimport { createScanCron } from '#services/cron_service';\nserver.use([]);\ncreateScanCron();\n`,
    ),
    errors: [{ file: 'app/services/cron_service.ts', line: 3, column: 3, messageId: 'job' }],
  },
  {
    name: 'pg-boss: the web process schedules a recurring job and works its queue',
    files: {
      'package.json': START('node server.js', { type: 'module', dependencies: { 'pg-boss': '^10.1.3' } }),
      'server.js': `import http from 'node:http';\nimport PgBoss from 'pg-boss';\n\nconst boss = new PgBoss(process.env.DATABASE_URL);\nawait boss.start();\nawait boss.schedule('sales-report', '0 3 * * *');\nawait boss.work('sales-report', async () => fetch(process.env.REPORT_HOOK, { method: 'POST' }));\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
    },
    errors: [{ file: 'server.js', line: 6, column: 7, messageId: 'job' }],
  },
  {
    name: 'near-miss of an uncalled module function: a Fastify plugin (a default export the framework calls) starts the jobs',
    files: {
      'package.json': START('node server.mjs', { type: 'module', dependencies: { fastify: '^4', 'node-cron': '^3.0.3' } }),
      'server.mjs': `import Fastify from 'fastify';\nimport jobs from './plugins/jobs.mjs';\nconst app = Fastify();\napp.register(jobs);\nprocess.on('SIGTERM', () => app.close());\napp.listen({ port: Number(process.env.PORT) });\n`,
      'plugins/jobs.mjs': `import cron from 'node-cron';\n\nfunction startJobs() {\n  cron.schedule('*/5 * * * *', () => fetch('https://hooks.example.com/tick', { method: 'POST' }));\n}\n\nexport default async function jobs(fastify) {\n  startJobs();\n}\n`,
    },
    errors: [{ file: 'plugins/jobs.mjs', line: 4, column: 3, messageId: 'job' }],
  },
  {
    name: "near-miss of an uncalled init: the API calls the package's startAll(), which calls the init, which schedules (two levels)",
    files: BARREL(`import { deploy, startAll } from '@acme/server';\nstartAll();\n${SERVE}`),
    errors: [{ file: 'packages/server/src/backups/utils.ts', line: 4, column: 3, messageId: 'job' }],
  },
  {
    name: 'near-miss of an uncalled init: the API hands the init to a hook (a reference, called by whoever holds it)',
    files: BARREL(
      `import { deploy, initBackupCronJobs } from '@acme/server';\nconst hooks = [initBackupCronJobs];\nexport { hooks };\n${SERVE}`,
    ),
    errors: [{ file: 'packages/server/src/backups/utils.ts', line: 4, column: 3, messageId: 'job' }],
  },
  {
    name: "a job module an app imports through its own tsconfig.app.json's baseUrl (`src/jobs`, a Nest or Nx app folder)",
    files: {
      'package.json': JSON.stringify({ name: 'svc', main: 'apps/api/src/main.ts', dependencies: { express: '^4.19.2' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './' } }),
      'apps/api/tsconfig.app.json': JSON.stringify({ compilerOptions: { baseUrl: './' } }),
      'apps/api/src/main.ts': `import express from 'express';\nimport { startJobs } from 'src/jobs';\nstartJobs();\nexpress().listen(process.env.PORT);\n`,
      'apps/api/src/jobs.ts': `import { sendDigests } from './mailer';\nexport function startJobs() {\n  setInterval(() => sendDigests(), 60_000);\n}\n`,
      'apps/api/src/mailer.ts': `export async function sendDigests() {}\n`,
    },
    errors: [{ file: 'apps/api/src/jobs.ts', line: 3, column: 3, messageId: 'timer' }],
  },
  {
    name: "near-misses (second review): Slack's chat.postMessage, SQL through pools kept in a Map, a poll that works in its negated branch, forks to the CPU count",
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst { WebClient } = require('@slack/web-api');\nconst { Pool } = require('pg');\nconst axios = require('axios');\nconst slack = new WebClient(process.env.SLACK_TOKEN);\nconst pools = new Map([['a', new Pool()]]);\nsetInterval(async () => {\n  await slack.chat.postMessage({ channel: '#ops', text: 'Daily digest' });\n}, 3600_000);\nsetInterval(async () => {\n  for (const pool of pools.values()) await pool.query('DELETE FROM sessions WHERE expires_at < now()');\n}, 60_000);\nlet stopping = false;\nasync function syncOrders() {\n  if (!stopping) {\n    await axios.post('https://erp.example.com/api/orders/sync');\n    setTimeout(syncOrders, 30000);\n    return;\n  }\n}\nsyncOrders();\nexpress().listen(process.env.PORT);\n`,
      'cpu/index.js': `const cluster = require('cluster');\nconst os = require('os');\nconst config = { port: process.env.PORT, workers: os.cpus().length };\nif (cluster.isPrimary) {\n  for (let i = 0; i < os.cpus().length && !process.env.NO_CLUSTER; i++) cluster.fork();\n  for (let i = 0; i < config.workers; i++) cluster.fork();\n} else require('express')().listen(config.port);\n`,
      'cpu/package.json': START('node index.js'),
    },
    errors: [
      { file: 'cpu/index.js', line: 5, column: 73, messageId: 'fork', severity: 'information' },
      { file: 'cpu/index.js', line: 6, column: 44, messageId: 'fork', severity: 'information' },
      { file: 'server.js', line: 7, column: 1, messageId: 'timer' },
      { file: 'server.js', line: 10, column: 1, messageId: 'timer' },
      { file: 'server.js', line: 17, column: 5, messageId: 'timer' },
    ],
  },
  {
    name: 'near-misses of own state and waiting: a loop over records a query returns, a poll that works while a flag is unset',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const { Session } = require('./models');\nsetInterval(async () => {\n  for (const session of await Session.findExpired()) await session.destroy();\n}, 60_000);\nconst state = { stopped: false };\nfunction poll() {\n  if (!state.stopped) {\n    require('./mailer').sendDigest();\n    setTimeout(poll, 60_000);\n  }\n}\npoll();\n`,
      'models.js': `module.exports = { Session: {} };\n`,
      'mailer.js': `exports.sendDigest = () => {};\n`,
    },
    errors: [
      { file: 'server.js', line: 6, column: 1, messageId: 'timer' },
      { file: 'server.js', line: 13, column: 5, messageId: 'timer' },
    ],
  },
  {
    name: "near-misses of a per-request timer (review): a startup job in a promise's callback whose result is named res, a callback that declares its own res",
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst axios = require('axios');\nconst db = require('./db');\nconst app = express();\naxios.get(process.env.SYMBOLS_URL).then((res) => {\n  setInterval(async () => {\n    const quotes = await axios.get(process.env.QUOTES_URL, { params: { symbols: res.data.symbols } });\n    await db.saveQuotes(quotes.data);\n  }, 60 * 1000);\n});\nfunction startSync(req) {\n  setInterval(async () => {\n    const req = await axios.get(process.env.FEED_URL);\n    await db.saveQuotes(req.data);\n  }, 60 * 1000);\n}\nstartSync();\napp.listen(process.env.PORT);\n`,
      'db.js': `module.exports = { saveQuotes: async () => {} };\n`,
    },
    errors: [
      { file: 'server.js', line: 6, column: 3, messageId: 'timer' },
      { file: 'server.js', line: 12, column: 3, messageId: 'timer' },
    ],
  },
  {
    name: "near-misses of a per-request timer: a startup function's parameters that name no request, a request parameter the timer does not read",
    files: {
      'package.json': START('node server.js'),
      'server.js': `const fastify = require('fastify')();\nconst { purge } = require('./jobs');\nfunction startPurge(store) {\n  setInterval(() => purge(store), 60_000);\n}\nfunction wire(app, res) {\n  setInterval(() => purge(app.store), 60_000);\n}\nstartPurge(new Map());\nwire(fastify, null);\nfastify.listen({ port: Number(process.env.PORT) });\n`,
      'jobs.js': `exports.purge = (s) => s.clear();\n`,
    },
    errors: [
      { file: 'server.js', line: 4, column: 3, messageId: 'timer' },
      { file: 'server.js', line: 7, column: 3, messageId: 'timer' },
    ],
  },
  {
    name: 'near-misses of a heartbeat: a cutoff on a liveness field is a query, a bulk write marks others, a work-named call',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst { User, Worker, Session } = require('./models');\nconst mailer = require('./mailer');\nexpress().listen(process.env.PORT);\nsetInterval(() => Session.deleteMany({ lastSeenAt: { $lt: new Date(Date.now() - 86400000) } }), 60_000);\nsetInterval(() => User.updateMany({ lastSeen: { $lt: Date.now() - 300000 } }, { status: 'offline' }), 60_000);\nsetInterval(() => Worker.updateMany({}, { lastSeenAt: new Date() }), 10_000);\nsetInterval(() => mailer.sendInactivityEmails({ lastSeenAt: new Date(Date.now() - 30 * 86400000) }), 3600_000);\n`,
      'models.js': `module.exports = {};\n`,
      'mailer.js': `module.exports = {};\n`,
    },
    errors: [
      { file: 'server.js', line: 5, column: 1, messageId: 'timer' },
      { file: 'server.js', line: 6, column: 1, messageId: 'timer' },
      { file: 'server.js', line: 7, column: 1, messageId: 'timer' },
      { file: 'server.js', line: 8, column: 1, messageId: 'timer' },
    ],
  },
  {
    name: 'near-misses of an operation timer: cleared only if the start fails or once SIGTERM arrives; a heartbeat record that also changes state',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst { once } = require('events');\nconst db = require('./db');\nasync function main() {\n  const sync = setInterval(() => db.syncOrders(), 60_000);\n  try {\n    express().listen(process.env.PORT);\n  } catch (e) {\n    clearInterval(sync);\n    throw e;\n  }\n  const purge = setInterval(() => db.purgeSessions(), 60_000);\n  await once(process, 'SIGTERM');\n  clearInterval(purge);\n}\nmain();\nsetInterval(() => db.updateQueries({ heartbeat: new Date(), status: 'expired' }), 30_000);\n`,
      'db.js': `exports.syncOrders = async () => {};\nexports.purgeSessions = async () => {};\nexports.updateQueries = async () => {};\n`,
    },
    errors: [
      { file: 'server.js', line: 5, column: 16, messageId: 'timer' },
      { file: 'server.js', line: 12, column: 17, messageId: 'timer' },
      { file: 'server.js', line: 17, column: 1, messageId: 'timer' },
    ],
  },
  {
    name: "near-misses of a namespace's own state: a static method that writes to the database or is named for work, a dispatcher that pushes to an imported queue, self-calling loops that post or are named for work",
    files: {
      'package.json': START('node src/server.js'),
      'src/server.js': `const express = require('express');\nrequire('./auth');\nrequire('./dispatch');\nrequire('./loop');\nrequire('./digest');\nrequire('./sync');\nexpress().listen(Number(process.env.PORT));\n`,
      'src/digest.js': `const repo = require('./db');\nconst mail = require('./queue');\nclass DigestService {\n  static async sendDailyDigests() {\n    const due = await repo.query();\n    await Promise.all([due].map(mail.add));\n  }\n}\nsetInterval(() => DigestService.sendDailyDigests(), 86_400_000);\n`,
      'src/sync.js': `const upstream = require('./db');\nasync function syncOrders() {\n  try {\n    await upstream.query();\n  } catch (err) {\n    console.error('order sync failed', err);\n  }\n  setTimeout(() => syncOrders(), 300_000);\n}\nsyncOrders();\n`,
      'src/auth.js': `const db = require('./db');\nclass Sessions {\n  static pending = new Map();\n  static purge() {\n    return db.query('DELETE FROM sessions WHERE expires_at < now()');\n  }\n}\nsetInterval(() => Sessions.purge(), 60_000);\n`,
      'src/dispatch.js': `const { jobsQueue } = require('./queue');\nconst Dispatcher = {\n  waiting: new Set(),\n  tick: () => {\n    for (const job of Dispatcher.waiting) jobsQueue.add('run', job);\n  },\n};\nsetInterval(Dispatcher.tick, 1000);\n`,
      'src/loop.js': `const axios = require('axios');\nconst poll = () => {\n  axios.post('https://api.example.com/sync');\n  setTimeout(poll, 5000);\n};\npoll();\n`,
      'src/db.js': `exports.query = async () => {};\n`,
      'src/queue.js': `exports.jobsQueue = { add: async () => {} };\n`,
    },
    errors: [
      { file: 'src/auth.js', line: 8, column: 1, messageId: 'timer' },
      { file: 'src/digest.js', line: 9, column: 1, messageId: 'timer' },
      { file: 'src/dispatch.js', line: 8, column: 1, messageId: 'timer' },
      { file: 'src/loop.js', line: 4, column: 3, messageId: 'timer' },
      { file: 'src/sync.js', line: 8, column: 3, messageId: 'timer' },
    ],
  },
  {
    name: 'near-misses of an own collection: an object of functions, and a field injected by the constructor beside a local array of the same name',
    files: {
      'package.json': START('node dist/server.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/server.ts': `import express from 'express';\nimport './jobs';\nimport './reports';\n\nexpress().listen(Number(process.env.PORT));\n`,
      'src/jobs.ts': `import { pool } from './db';\nconst jobs: Record<string, () => Promise<void>> = {};\njobs.syncOrders = async () => {\n  await pool.query('UPDATE orders SET synced = true');\n};\nsetInterval(() => jobs.syncOrders(), 60_000);\n`,
      'src/reports.ts': `import { ReportRepository } from './db';\nexport class ReportsService {\n  constructor(private readonly reports: ReportRepository) {\n    setInterval(() => this.reports.deleteExpired(), 3_600_000);\n  }\n  summary() {\n    const reports = [];\n    return reports;\n  }\n}\nnew ReportsService(new ReportRepository());\n`,
      'src/db.ts': `export const pool = { query: async (_sql: string) => {} };\nexport class ReportRepository {\n  async deleteExpired() {}\n}\n`,
    },
    errors: [
      { file: 'src/jobs.ts', line: 6, column: 1, messageId: 'timer' },
      { file: 'src/reports.ts', line: 4, column: 5, messageId: 'timer' },
    ],
  },
  {
    name: 'near-miss of a timer cleared where it starts: cleared only by a SIGTERM handler or by another function',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const db = require('./db');\nfunction startJobs() {\n  const sync = setInterval(() => db.syncOrders(), 60_000);\n  process.once('SIGTERM', () => clearInterval(sync));\n}\nstartJobs();\nlet purge;\nfunction startPurge() {\n  purge = setInterval(() => db.purgeOrders(), 60_000);\n}\nfunction stop() {\n  clearInterval(purge);\n}\nstartPurge();\nmodule.exports = { stop };\n`,
      'db.js': `exports.syncOrders = async () => {};\nexports.purgeOrders = async () => {};\n`,
    },
    errors: [
      { file: 'server.js', line: 7, column: 16, messageId: 'timer' },
      { file: 'server.js', line: 13, column: 11, messageId: 'timer' },
    ],
  },
  {
    name: 'near-miss of an own collection: the swept field is a repository (a database), not a Map',
    files: {
      'package.json': START('node dist/server.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/server.ts': `import express from 'express';\nimport { store } from './jobs';\n\nconst app = express();\napp.post('/jobs', (req, res) => res.json(store.create()));\napp.listen(Number(process.env.PORT));\n`,
      'src/jobs.ts': `import { JobRepository } from './repo';\nclass JobStore {\n  private jobs = new JobRepository();\n  create() {\n    setInterval(() => {\n      this.jobs.delete({ stale: true });\n    }, 30_000);\n    return {};\n  }\n}\nexport const store = new JobStore();\n`,
      'src/repo.ts': `export class JobRepository {\n  async delete(_where: object) {}\n}\n`,
    },
    errors: [{ file: 'src/jobs.ts', line: 5, column: 5, messageId: 'timer' }],
  },
  {
    name: 'a switch that covers only part of the callback: the rest runs on every replica',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const cron = require('node-cron');\ncron.schedule('0 * * * *', () => {\n  if (process.env.IS_WORKER === 'true') {\n    updateStaleOrders();\n  }\n  sendDigests();\n});\n`,
    },
    errors: [{ file: 'app.js', line: 6, column: 1, messageId: 'job' }],
  },
  {
    name: 'Express (CJS): node-cron scheduled next to app.listen',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const cron = require('node-cron');\ncron.schedule('*/5 * * * *', () => sendDigests());\n`,
    },
    errors: [{ file: 'app.js', line: 6, column: 1, messageId: 'job' }],
  },
  {
    name: "a vendored copy of node-cron (libs/nodeCron), and near-misses: the app's own lib/cron module, a libs/ folder of another name",
    files: {
      'package.json': START('node server/index.js'),
      'server/index.js': `${EXPRESS}require('./managers/CronManager');\n`,
      'server/managers/CronManager.js': `const cron = require('../libs/nodeCron');\nconst ownCron = require('../lib/cron');\nconst tasks = require('../libs/nodeTasks');\ncron.schedule('0 * * * *', () => scanLibraries());\nownCron.schedule('0 * * * *', () => scanLibraries());\ntasks.schedule('0 * * * *', () => scanLibraries());\n`,
      'server/libs/nodeCron/index.js': `exports.schedule = () => {};\n`,
      'server/lib/cron.js': `exports.schedule = () => {};\n`,
      'server/libs/nodeTasks/index.js': `exports.schedule = () => {};\n`,
    },
    errors: [{ file: 'server/managers/CronManager.js', line: 4, column: 1, messageId: 'job' }],
  },
  {
    name: "jobs in every branch of a product setting's if/else-if chain: the setting picks which jobs, every process runs one set",
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const schedule = require('node-schedule');\nconst { getSettings } = require('./settings');\nconst type = getSettings().main.mediaServerType;\nif (type === 'plex') {\n  schedule.scheduleJob('*/5 * * * *', () => plexScan());\n} else if (type === 'jellyfin' || type === 'emby') {\n  schedule.scheduleJob('*/5 * * * *', () => jellyfinScan());\n}\n`,
      'settings.js': `exports.getSettings = () => ({ main: { mediaServerType: 'plex' } });\n`,
    },
    errors: [
      { file: 'server.js', line: 9, column: 3, messageId: 'job' },
      { file: 'server.js', line: 11, column: 3, messageId: 'job' },
    ],
  },
  {
    name: 'Express (TS, ESM): jobs module imported for its side effect',
    files: {
      'package.json': START('node dist/index.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': `import express from 'express';\nimport './jobs';\n\nexpress().listen(Number(process.env.PORT));\n`,
      'src/jobs.ts': `import { schedule } from 'node-cron';\nimport { purgeExpiredSessions } from './db';\n\nschedule('0 * * * *', purgeExpiredSessions);\n`,
      'src/db.ts': `export async function purgeExpiredSessions() {}\n`,
    },
    errors: [{ file: 'src/jobs.ts', line: 4, column: 1, messageId: 'job' }],
  },
  {
    name: 'Koa: a CronJob built in one file, started by the server',
    files: {
      'package.json': START('ts-node src/server.ts'),
      'src/cron.ts': `import { CronJob } from 'cron';\n\nexport const cron = new CronJob('0 * * * *', () => {\n  void sendDigests();\n});\n`,
      'src/server.ts': `import Koa from 'koa';\nimport { cron } from './cron';\n\nconst app = new Koa();\ncron.start();\napp.listen(3000);\n`,
    },
    errors: [{ file: 'src/cron.ts', line: 3, column: 21, messageId: 'job' }],
  },
  {
    name: 'Nest: @Cron and @Interval methods with ScheduleModule.forRoot()',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start', 'start:prod': 'node dist/main' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ScheduleModule } from '@nestjs/schedule';\nimport { ReportsService } from './reports.service';\n\n@Module({ imports: [ScheduleModule.forRoot()], providers: [ReportsService] })\nexport class AppModule {}\n`,
      'src/reports.service.ts': `import { Injectable } from '@nestjs/common';\nimport { Cron, CronExpression, Interval } from '@nestjs/schedule';\nimport { randomUUID } from 'node:crypto';\n@Injectable()\nexport class ReportsService {\n  @Cron(CronExpression.EVERY_DAY_AT_MIDNIGHT)\n  async sendDailyReports() {\n    await sendReports();\n  }\n\n  @Interval(60_000)\n  async syncRates() {\n    await syncRates();\n  }\n\n  @Cron(CronExpression.EVERY_MINUTE)\n  async handleCron(): Promise<void> {}\n\n  log(message: string, session: string) {\n    this.logger.log(message, JSON.stringify({ session }));\n  }\n\n  save(message: string) {\n    return this.db.insert({ message });\n  }\n\n  @Cron(CronExpression.EVERY_MINUTE)\n  printTimers() {\n    const session = randomUUID();\n    this.log(\`timers: \${String(timers.size)}\`, session);\n  }\n\n  @Cron(CronExpression.EVERY_MINUTE)\n  recordTimers() {\n    this.save(\`timers: \${String(timers.size)}\`);\n  }\n\n  @Cron(CronExpression.EVERY_DAY_AT_MIDNIGHT)\n  closeDay() {\n    this.ledger.log(\`closed \${String(timers.size)}\`);\n  }\n}\n`,
    },
    // The empty @Cron method (RirikoBot's moderation service) does nothing, and printTimers only logs through the
    // class's own wrapper (laudspeaker's cron service): not reported. recordTimers' wrapper writes.
    errors: [
      { file: 'src/reports.service.ts', line: 6, column: 3, messageId: 'job' },
      { file: 'src/reports.service.ts', line: 11, column: 3, messageId: 'job' },
      { file: 'src/reports.service.ts', line: 33, column: 3, messageId: 'job' },
      { file: 'src/reports.service.ts', line: 38, column: 3, messageId: 'job' },
    ],
  },
  {
    name: 'near-misses of refreshes, switches and pings: a refresh that also writes, a NODE_ENV check, a ping beside an unknown call, an unbounded re-arm, a fixed process count',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ScheduleModule } from '@nestjs/schedule';\nimport { CountriesService } from './countries.service';\n\n@Module({ imports: [ScheduleModule.forRoot()], providers: [CountriesService] })\nexport class AppModule {}\n`,
      'src/countries.service.ts': `import { Injectable } from '@nestjs/common';\nimport { Cron, Interval } from '@nestjs/schedule';\nimport { track } from '@acme/telemetry';\nimport { runNightly } from './nightly';\n\n@Injectable()\nexport class CountriesService {\n  private countries: unknown;\n  constructor(private readonly db: { save(x: unknown): Promise<void> }) {}\n\n  @Cron('30 3 * * *')\n  async reloadCountries(): Promise<void> {\n    const res = await fetch('https://example.com/countries');\n    this.countries = await res.json();\n    await this.db.save(this.countries);\n  }\n\n  @Interval(86_400_000)\n  async closeInvoices(): Promise<void> {\n    if (process.env.NODE_ENV !== 'production') return;\n    await fetch('https://billing.example.com/invoices/close', { method: 'POST' });\n  }\n\n  @Cron('0 * * * *')\n  async nightly(): Promise<void> {\n    track('PING');\n    await runNightly();\n  }\n}\n`,
      'src/nightly.ts': `export async function runNightly(): Promise<void> {}\n`,
      'src/poll.ts': `import throng from 'throng';\nexport function poll(attempt = 0): void {\n  void fetch('https://example.com/jobs', { method: 'POST' }).finally(() => setTimeout(() => poll(attempt + 1), 1000));\n}\npoll();\nthrong({ worker: () => undefined, count: 4 });\n`,
    },
    errors: [
      { file: 'src/countries.service.ts', line: 11, column: 3, messageId: 'job' },
      { file: 'src/countries.service.ts', line: 18, column: 3, messageId: 'job' },
      { file: 'src/countries.service.ts', line: 24, column: 3, messageId: 'job' },
    ],
  },
  {
    name: 'near-misses of bookkeeping: work through a service named for analytics, a local analytics module, an event or a broker message',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst cron = require('node-cron');\nconst { rollupDailyStats } = require('./analytics');\nconst { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');\nconst analyticsService = require('./analytics-service');\nconst client = new SNSClient({});\nconst events = new (require('events'))();\nexpress().listen(process.env.PORT);\ncron.schedule('0 3 * * *', () => rollupDailyStats());\ncron.schedule('0 8 * * 1', async () => {\n  console.log('weekly');\n  await analyticsService.sendWeeklyReportEmails();\n});\ncron.schedule('0 1 * * *', () => events.emit('invoices.generate'));\nsetInterval(() => client.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'tick' })), 60_000);\n`,
      'analytics.js': `exports.rollupDailyStats = () => {};\n`,
      'analytics-service.js': `exports.sendWeeklyReportEmails = async () => {};\n`,
    },
    errors: [
      { file: 'server.js', line: 9, column: 1, messageId: 'job' },
      { file: 'server.js', line: 10, column: 1, messageId: 'job' },
      { file: 'server.js', line: 14, column: 1, messageId: 'job' },
      { file: 'server.js', line: 15, column: 1, messageId: 'timer' },
    ],
  },
  {
    name: "near-miss of a refresh in a promise's callback: the callback writes the database",
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst cron = require('node-cron');\nconst db = require('./db');\nexpress().listen(process.env.PORT);\nconst rates = new Map();\ncron.schedule('0 * * * *', () => {\n  fetch('https://rates.example.com').then((res) => db.save({ rates: res }));\n});\n`,
      'db.js': `module.exports = { save: async () => {} };\n`,
    },
    errors: [{ file: 'server.js', line: 6, column: 1, messageId: 'job' }],
  },
  {
    name: 'Fastify: toad-scheduler through @fastify/schedule',
    files: {
      'package.json': START('node server.mjs'),
      'server.mjs': `import Fastify from 'fastify';\nimport { fastifySchedule } from '@fastify/schedule';\nimport { SimpleIntervalJob, AsyncTask } from 'toad-scheduler';\n\nconst fastify = Fastify();\nawait fastify.register(fastifySchedule);\nconst task = new AsyncTask('reindex', () => reindexSearch());\nfastify.ready().then(() => {\n  fastify.scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ minutes: 10 }, task));\n});\nawait fastify.listen({ port: Number(process.env.PORT) });\n`,
    },
    errors: [{ file: 'server.mjs', line: 9, column: 3, messageId: 'job' }],
  },
  {
    name: 'plain http (CJS): a module-level setInterval writing the database',
    files: {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': `const http = require('http');\nconst Order = require('./models/order');\n\nhttp.createServer((req, res) => res.end('ok')).listen(process.env.PORT);\n\nsetInterval(async () => {\n  await Order.updateMany({ status: 'pending', createdAt: { $lt: Date.now() - 3600e3 } }, { status: 'expired' });\n}, 60 * 1000);\n`,
      'models/order.js': `module.exports = {};\n`,
    },
    errors: [{ file: 'index.js', line: 6, column: 1, messageId: 'timer' }],
  },
  {
    name: 'timers kept in a handle but not stopped by their own callback: cleared on shutdown, or another timer cleared',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const db = require('./db');\nconst purge = setInterval(async () => {\n  await db.orders.updateMany({ status: 'pending' }, { status: 'expired' });\n}, 60000);\nprocess.on('SIGTERM', () => clearInterval(purge));\nlet other;\nthis.sync = setInterval(() => {\n  clearInterval(other);\n  db.orders.updateMany({}, { synced: true });\n}, 1000);\n`,
      'db.js': `module.exports = {};\n`,
    },
    errors: [
      { file: 'app.js', line: 6, column: 15, messageId: 'timer' },
      { file: 'app.js', line: 11, column: 13, messageId: 'timer' },
    ],
  },
  {
    name: 'near-misses of a timer in a conditional: its callback clears another handle, or the handle is the condition',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const db = require('./db');\nlet other;\nconst sync = Array.isArray(other) ? setInterval(() => {\n  clearInterval(other);\n  db.orders.updateMany({}, { synced: true });\n}, 1000) : null;\nlet poll;\npoll = (poll ? poll : setInterval(() => db.orders.updateMany({}, { polled: true }), 1000));\n`,
      'db.js': `module.exports = {};\n`,
    },
    errors: [
      { file: 'app.js', line: 7, column: 37, messageId: 'timer' },
      { file: 'app.js', line: 12, column: 23, messageId: 'timer' },
    ],
  },
  {
    name: 'near-misses of a timer that reads a local file: what it read is written to the database (sync read, callback, fs.promises.stat)',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const fs = require('fs');\nconst db = require('./db');\nsetInterval(() => {\n  const rows = JSON.parse(fs.readFileSync('/data/import.json', 'utf8'));\n  db.orders.insertMany(rows);\n}, 60000);\nsetInterval(() => {\n  fs.readFile('/data/import.json', 'utf8', (err, text) => db.orders.insertMany(JSON.parse(text)));\n}, 60000);\nsetInterval(async () => {\n  const stats = await fs.promises.stat('/tmp/upload');\n  if (stats.size > 10) await db.orders.updateMany({}, { big: true });\n}, 1000);\n`,
      'db.js': `module.exports = {};\n`,
    },
    errors: [
      { file: 'app.js', line: 7, column: 1, messageId: 'timer' },
      { file: 'app.js', line: 11, column: 1, messageId: 'timer' },
      { file: 'app.js', line: 14, column: 1, messageId: 'timer' },
    ],
  },
  {
    name: "near-misses of a constant written on a timer: a queue topic, a name with 'ping' inside a word (review), not keep-alives",
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const { producer } = require('./kafka');\nconst TOPIC = 'orders.reconcile';\nsetInterval(() => producer.send(TOPIC), 60_000);\nconst SHIPPING_LABEL_SYNC = 'shipping-label-sync';\nsetInterval(() => producer.notify(SHIPPING_LABEL_SYNC), 60_000);\n`,
      'kafka.js': `exports.producer = { send: async () => {}, notify: async () => {} };\n`,
    },
    errors: [
      { file: 'app.js', line: 7, column: 1, messageId: 'timer' },
      { file: 'app.js', line: 9, column: 1, messageId: 'timer' },
    ],
  },
  {
    name: 'near-misses of a hash computed on a timer: the hash is written to the database, or posted',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const crypto = require('crypto');\nconst axios = require('axios');\nconst db = require('./db');\nasync function loop() {\n  while (true) {\n    await new Promise((r) => setTimeout(r, 60000));\n    const raw = await fetch('https://example.com/providers.json').then((r) => r.text());\n    const h = crypto.createHash('sha1').update(raw).digest('hex');\n    await db.orders.updateMany({}, { h });\n  }\n}\nloop();\nsetInterval(async () => {\n  const digest = crypto.createHmac('sha256', 'k').update('x').digest('hex');\n  await axios.post('https://example.com/sign', { digest });\n}, 60000);\n`,
      'db.js': `module.exports = {};\n`,
    },
    errors: [
      { file: 'app.js', line: 9, column: 3, messageId: 'timer' },
      { file: 'app.js', line: 17, column: 1, messageId: 'timer' },
    ],
  },
  {
    name: 'a product feature flag around a cron (review): on for the whole deployment, it picks no process',
    files: {
      'package.json': START('node dist/server.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/flags.ts': `import { initialize } from 'unleash-client';\nconst unleash = initialize({ url: process.env.UNLEASH_URL!, appName: 'news' });\nexport const featureWeeklyDigest = unleash.isEnabled('weekly-digest');\n`,
      'src/server.ts': `import express from 'express';\nimport cron from 'node-cron';\nimport { featureWeeklyDigest } from './flags';\nimport { queueDigests } from './digest';\nif (featureWeeklyDigest) {\n  cron.schedule('0 8 * * 1', () => queueDigests());\n}\nexpress().listen(Number(process.env.PORT));\n`,
      'src/digest.ts': `export async function queueDigests() {}\n`,
    },
    errors: [{ file: 'src/server.ts', line: 6, column: 3, messageId: 'job' }],
  },
  {
    name: 'near-misses of a cache reload: a method of a cache named for work, a load on something that is no cache',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst { CronJob } = require('cron');\nconst ordersCache = require('./cache');\nconst importer = require('./importer');\nnew CronJob('0 * * * *', () => ordersCache.syncOrders(), null, true);\nnew CronJob('0 * * * *', () => importer.loadAllInvoices(), null, true);\nexpress().listen(process.env.PORT);\n`,
      'cache.js': `module.exports = { syncOrders: async () => {} };\n`,
      'importer.js': `module.exports = { loadAllInvoices: async () => {} };\n`,
    },
    errors: [
      { file: 'server.js', line: 5, column: 1, messageId: 'job' },
      { file: 'server.js', line: 6, column: 1, messageId: 'job' },
    ],
  },
  {
    name: 'a setTimeout loop polling an HTTP API into the database (ESM)',
    files: {
      'package.json': START('node src/main.mjs'),
      'src/main.mjs': `import express from 'express';\nimport axios from 'axios';\nimport { saveRates } from './db.mjs';\nasync function pollRates() {\n  const { data } = await axios.get('https://api.example.com/rates');\n  await saveRates(data);\n  setTimeout(pollRates, 30_000);\n}\nlet rates = {};\npollRates();\nexpress().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'src/main.mjs', line: 7, column: 3, messageId: 'timer' }],
  },
  {
    name: 'Agenda: every() and start() in the web loader chain',
    files: {
      'package.json': START('node dist/app.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/app.ts': `import express from 'express';\nimport { loadJobs } from './loaders/jobs';\n\nasync function start() {\n  const app = express();\n  await loadJobs();\n  app.listen(process.env.PORT);\n}\nstart();\n`,
      'src/loaders/jobs.ts': `import Agenda from 'agenda';\n\nconst agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });\n\nexport async function loadJobs() {\n  agenda.define('send-email', async () => {});\n  await agenda.start();\n  await agenda.every('1 hour', 'send-email');\n}\n`,
    },
    errors: [
      { file: 'src/loaders/jobs.ts', line: 7, column: 9, messageId: 'processor' },
      { file: 'src/loaders/jobs.ts', line: 8, column: 9, messageId: 'job' },
    ],
  },
  {
    name: 'node-schedule in the listen callback',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst schedule = require('node-schedule');\nconst app = express();\napp.listen(process.env.PORT, () => {\n  schedule.scheduleJob('0 3 * * *', backupDatabase);\n});\n`,
    },
    errors: [{ file: 'server.js', line: 5, column: 3, messageId: 'job' }],
  },
  {
    name: 'croner jobs started by an init function the server calls',
    files: {
      'package.json': START('node server/server.js'),
      'server/server.js': `const express = require('express');\nconst { initBackgroundJobs } = require('./jobs');\nconst app = express();\n(async () => {\n  await initBackgroundJobs();\n  app.listen(process.env.PORT);\n})();\n`,
      'server/jobs.js': `const Cron = require('croner');\nconst jobs = [{ interval: '*/5 * * * *', jobFunc: clearOldData }];\nfunction clearOldData() {}\nasync function initBackgroundJobs() {\n  for (const job of jobs) job.croner = new Cron(job.interval, { name: 'x' }, job.jobFunc);\n}\nmodule.exports = { initBackgroundJobs };\n`,
    },
    errors: [{ file: 'server/jobs.js', line: 5, column: 40, messageId: 'job' }],
  },
  {
    name: 'BullMQ: a repeatable job added and processed in the web program',
    files: {
      'package.json': START('tsx src/index.ts'),
      'src/index.ts': `import { Hono } from 'hono';\nimport { serve } from '@hono/node-server';\nimport { Queue, Worker } from 'bullmq';\n\nconst queue = new Queue('cleanup');\nawait queue.add('nightly', {}, { repeat: { pattern: '0 2 * * *' } });\nnew Worker('cleanup', async () => {});\nserve({ fetch: new Hono().fetch, port: Number(process.env.PORT) });\n`,
    },
    errors: [{ file: 'src/index.ts', line: 6, column: 7, messageId: 'job' }],
  },
  {
    name: 'monorepo: the API imports a workspace package that schedules jobs',
    files: {
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }),
      'packages/jobs/package.json': JSON.stringify({ name: '@acme/jobs', main: 'src/index.ts' }),
      'packages/jobs/src/index.ts': `import cron from 'node-cron';\nexport function startJobs() {\n  cron.schedule('* * * * *', () => syncInventory());\n}\nfunction syncInventory() {}\n`,
      'apps/api/package.json': JSON.stringify({ name: '@acme/api', scripts: { start: 'tsx src/main.ts' } }),
      'apps/api/src/main.ts': `import express from 'express';\nimport { startJobs } from '@acme/jobs';\nstartJobs();\nexpress().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'packages/jobs/src/index.ts', line: 3, column: 3, messageId: 'job' }],
  },
  {
    name: 'cluster.fork() in the web program: information',
    files: {
      'package.json': START('node index.js'),
      'index.js': `const cluster = require('cluster');\nconst os = require('os');\nif (cluster.isPrimary) {\n  for (let i = 0; i < os.cpus().length; i++) cluster.fork();\n} else {\n  require('express')().listen(process.env.PORT);\n}\n`,
    },
    errors: [{ file: 'index.js', line: 4, column: 46, messageId: 'fork', severity: 'information' }],
  },
  {
    name: 'Bree in the web process (ESM)',
    files: {
      'package.json': START('node index.mjs'),
      'index.mjs': `import Bree from 'bree';\nimport express from 'express';\nconst bree = new Bree({ jobs: [{ name: 'digest', interval: '1h' }] });\nawait bree.start();\nexpress().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'index.mjs', line: 3, column: 14, messageId: 'job' }],
  },
  {
    name: 'a fork of Bree under another scope (@mintplex-labs/bree) in the web process; a package that only shares a word (@acme/bree-ui) is not one',
    files: {
      'package.json': START('node index.js'),
      'index.js': `const Bree = require('@mintplex-labs/bree');\nconst BreeUi = require('@acme/bree-ui');\nconst express = require('express');\nconst bree = new Bree({ jobs: [{ name: 'sync', interval: '1h' }] });\nbree.start();\nnew BreeUi({ jobs: [] }).start();\nexpress().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'index.js', line: 4, column: 14, messageId: 'job' }],
  },
  {
    name: 'a prod-only early return does not stop production (it is what runs there)',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const cron = require('node-cron');\nfunction startSchedule() {\n  if (process.env.NODE_ENV === 'development') return;\n  cron.schedule('0 0 * * *', () => chargeSubscriptions());\n}\nstartSchedule();\n`,
    },
    errors: [{ file: 'server.js', line: 8, column: 3, messageId: 'job' }],
  },
  {
    name: 'a re-entrancy guard is not a flush: the timer still sends the digests',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const { sendDigests } = require('./mail');\nlet running = false;\nsetInterval(async () => {\n  if (running) return;\n  running = true;\n  await sendDigests();\n  running = false;\n}, 60_000);\n`,
      'mail.js': `exports.sendDigests = async () => {};\n`,
    },
    errors: [{ file: 'server.js', line: 7, column: 1, messageId: 'timer' }],
  },
  {
    name: 'a cron job guarded by a running flag around an imported task still reports (node-cron)',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const cron = require('node-cron');\nconst { run } = require('./tasks');\nlet running = false;\ncron.schedule('0 * * * *', async () => {\n  if (running) return;\n  running = true;\n  await run();\n  running = false;\n});\n`,
    },
    errors: [{ file: 'app.js', line: 8, column: 1, messageId: 'job' }],
  },
  {
    name: 'a cron job that stamps its last run and then calls an imported task still reports (cron)',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const { CronJob } = require('cron');\nconst tasks = require('./tasks');\nlet lastRun;\nCronJob.from({ cronTime: '0 3 * * *', onTick: async () => { lastRun = Date.now(); await tasks.nightly(); }, start: true });\n`,
    },
    errors: [{ file: 'app.js', line: 8, column: 1, messageId: 'job' }],
  },
  {
    name: 'an interval whose fetched result is stored by a call named for work still reports (CommonJS)',
    files: {
      'package.json': START('node index.js'),
      'index.js': `${EXPRESS}const axios = require('axios');\nlet lastDigest;\nsetInterval(async () => {\n  lastDigest = await sendDigests(await axios.get(process.env.FEED_URL));\n}, 60_000);\n`,
    },
    errors: [{ file: 'index.js', line: 7, column: 1, messageId: 'timer' }],
  },
  {
    name: 'Agenda made in a module of its own, started and scheduled by the web entry (CommonJS)',
    files: {
      'package.json': START('node index.js'),
      'agenda.js': `const Agenda = require('agenda');\nmodule.exports = new Agenda({ db: { address: process.env.MONGO_URL } });\n`,
      'index.js': `${EXPRESS}const agenda = require('./agenda');\nagenda.start();\nagenda.every('1 hour', 'cleanup sessions');\n`,
    },
    errors: [
      { file: 'index.js', line: 6, column: 1, messageId: 'processor' },
      { file: 'index.js', line: 7, column: 1, messageId: 'job' },
    ],
  },
  {
    name: 'Agenda exported by a neutrally named module, started and scheduled where it is imported (CommonJS, ESM, a default export)',
    files: {
      'package.json': START('node index.js'),
      'scheduler.js': `const { Agenda } = require('agenda');\nconst agenda = new Agenda({ db: { address: process.env.MONGO_URL } });\nagenda.define('check', async () => {});\nmodule.exports = { agenda };\n`,
      'index.js': `${EXPRESS}const { agenda } = require('./scheduler');\nrequire('./reports');\nrequire('./digest');\nasync function main() {\n  await agenda.start();\n}\nmain();\n`,
      'jobs/queue.ts': `import Agenda from 'agenda';\nexport const queue = new Agenda({ db: { address: process.env.MONGO_URL! } });\n`,
      'reports.ts': `import { queue } from './jobs/queue';\nvoid queue.every('1 hour', 'report');\n`,
      'jobs/default.js': `const Agenda = require('agenda');\nconst agenda = new Agenda({ db: { address: process.env.MONGO_URL } });\nexport default agenda;\n`,
      'digest.js': `import jobs from './jobs/default';\njobs.every('1 day', 'digest');\n`,
    },
    errors: [
      { file: 'digest.js', line: 2, column: 1, messageId: 'job' },
      { file: 'index.js', line: 9, column: 9, messageId: 'processor' },
      { file: 'reports.ts', line: 2, column: 6, messageId: 'job' },
    ],
  },
  {
    name: 'async loops that sleep between rounds of work, started with the web process (mailtrain triggers, timers/promises, a stop flag)',
    files: {
      'package.json': START('node index.js'),
      'triggers.js': `const knex = require('knex')({ client: 'mysql2', connection: process.env.DATABASE_URL });\nasync function run() {\n  while (true) {\n    await knex('triggers').update('last_check', new Date());\n    const nextCycle = new Promise((resolve) => {\n      setTimeout(resolve, 15000);\n    });\n    await nextCycle;\n  }\n}\nmodule.exports.start = () => run().catch(console.error);\n`,
      'purge.ts': `import { setTimeout as sleep } from 'node:timers/promises';\nimport { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport async function purge() {\n  for (;;) {\n    await pool.query('DELETE FROM sessions WHERE expires < now()');\n    await sleep(60_000);\n  }\n}\n`,
      'mailer.js': `const delay = (ms) => new Promise((r) => setTimeout(r, ms));\nclass Mailer {\n  async loop() {\n    while (!this.stopped) {\n      await this.db.collection('outbox').deleteMany({ sent: true });\n      await delay(5000);\n    }\n  }\n}\nmodule.exports = new Mailer();\n`,
      'index.js': `${EXPRESS}require('./triggers').start();\nrequire('./purge').purge();\nrequire('./mailer').loop();\n`,
    },
    errors: [
      { file: 'mailer.js', line: 4, column: 5, messageId: 'timer' },
      { file: 'purge.ts', line: 5, column: 3, messageId: 'timer' },
      { file: 'triggers.js', line: 3, column: 3, messageId: 'timer' },
    ],
  },
  {
    name: 'a poll that re-arms itself after its work, and again after a failure: still a loop',
    files: {
      'package.json': START('node index.js'),
      'sync.js': `const axios = require('axios');\nfunction sync() {\n  axios\n    .post('https://api.example.com/sync')\n    .then(() => setTimeout(sync, 60_000))\n    .catch(() => setTimeout(sync, 5000));\n}\nmodule.exports = { sync };\n`,
      'index.js': `${EXPRESS}require('./sync').sync();\n`,
    },
    errors: [{ file: 'sync.js', line: 5, column: 17, messageId: 'timer' }],
  },
  {
    name: 'sleeping loops that stop with the process, hold an in-process mutex, name a lock in a comment or take a connection',
    files: {
      'package.json': START('node index.js'),
      'loops.js': `const { setTimeout: sleep } = require('node:timers/promises');\nconst { Pool } = require('pg');\nconst pool = new Pool();\nlet shuttingDown = false;\nprocess.on('SIGTERM', () => (shuttingDown = true));\nexports.a = async () => {\n  while (true) {\n    if (shuttingDown) break;\n    await pool.query('delete from carts');\n    await sleep(60_000);\n  }\n};\nexports.b = async (signal) => {\n  while (!signal.aborted) {\n    await pool.query('delete from carts');\n    await sleep(60_000);\n  }\n};\nexports.c = async (mutex) => {\n  for (;;) {\n    const release = await mutex.acquire();\n    await pool.query('delete from carts');\n    release();\n    await sleep(60_000);\n  }\n};\nexports.d = async () => {\n  for (;;) {\n    // TODO: take a redlock here\n    await pool.query('delete from carts');\n    await sleep(60_000);\n  }\n};\nexports.e = async (connection) => {\n  for (;;) {\n    await connection.query('delete from carts');\n    await sleep(60_000);\n  }\n};\n`,
      'catalogue.js': `const axios = require('axios');\nfunction sync(page = 1) {\n  axios.post('https://api.example.com/catalogue', { page }).then(({ data }) => {\n    if (data.end) setTimeout(sync, 3_600_000);\n    else sync(page + 1);\n  });\n}\nmodule.exports = { sync };\n`,
      'index.js': `${EXPRESS}const loops = require('./loops');\nloops.a();\nloops.b(new AbortController().signal);\nloops.c(require('./mutex'));\nloops.d();\nloops.e(require('./db'));\nrequire('./catalogue').sync();\n`,
    },
    errors: [
      { file: 'catalogue.js', line: 4, column: 19, messageId: 'timer' },
      { file: 'loops.js', line: 7, column: 3, messageId: 'timer' },
      { file: 'loops.js', line: 14, column: 3, messageId: 'timer' },
      { file: 'loops.js', line: 20, column: 3, messageId: 'timer' },
      { file: 'loops.js', line: 28, column: 3, messageId: 'timer' },
      { file: 'loops.js', line: 35, column: 3, messageId: 'timer' },
    ],
  },
  {
    name: "a loop that fires due triggers and sleeps when none was due (mailtrain's triggers service)",
    files: {
      'package.json': START('node index.js'),
      'triggers.js': `const knex = require('knex')({ client: 'mysql2', connection: process.env.DATABASE_URL });\nasync function run() {\n  while (true) {\n    const fired = await knex('triggers').where('due', '<', new Date()).update({ fired: true });\n    if (!fired) {\n      await new Promise((resolve) => setTimeout(resolve, 15_000));\n    }\n  }\n}\nexports.start = () => run().catch(console.error);\n`,
      'index.js': `${EXPRESS}require('./triggers').start();\n`,
    },
    errors: [{ file: 'triggers.js', line: 3, column: 3, messageId: 'timer' }],
  },
  {
    name: "timers/promises' setInterval read with for await: a recurring timer (ESM, top-level await)",
    files: {
      'package.json': START('node index.mjs'),
      'index.mjs': `import express from 'express';\nimport { setInterval } from 'node:timers/promises';\nimport pg from 'pg';\nconst pool = new pg.Pool();\nexpress().listen(process.env.PORT);\nfor await (const _ of setInterval(60_000)) {\n  await pool.query('delete from sessions where expires < now()');\n}\n`,
    },
    errors: [{ file: 'index.mjs', line: 6, column: 1, messageId: 'timer' }],
  },
  {
    name: 'a job that stores the result of imported work is still work (node-cron)',
    files: {
      'package.json': START('node index.js'),
      'index.js': `${EXPRESS}const cron = require('node-cron');\nconst { applyLateFees } = require('./billing');\nlet lastLateFeeRun = null;\ncron.schedule('0 2 * * *', async () => {\n  lastLateFeeRun = await applyLateFees();\n});\n`,
    },
    errors: [{ file: 'index.js', line: 8, column: 1, messageId: 'job' }],
  },
  {
    name: 'a POST and a SQL DELETE whose results are kept are still work (setInterval, node-cron)',
    files: {
      'package.json': START('node index.js'),
      'index.js': `${EXPRESS}const cron = require('node-cron');\nconst axios = require('axios');\nconst { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nlet lastPushStatus;\nlet lastPurgedCount = 0;\nsetInterval(async () => {\n  const res = await axios.post('https://erp.example/api/orders', []);\n  lastPushStatus = res.status;\n}, 600000);\ncron.schedule('0 3 * * *', async () => {\n  const { rowCount } = await pool.query('DELETE FROM sessions WHERE expires_at < NOW()');\n  lastPurgedCount = rowCount;\n});\n`,
    },
    errors: [
      { file: 'index.js', line: 11, column: 1, messageId: 'timer' },
      { file: 'index.js', line: 15, column: 1, messageId: 'job' },
    ],
  },
  {
    name: 'a timer whose callback first checks its own data, not a switch, still reports',
    files: {
      'package.json': START('node index.js'),
      'index.js': `${EXPRESS}const pads = [];\nsetInterval(async () => {\n  if (!pads.length) return;\n  await archivePads(pads.splice(0));\n}, 60000);\n`,
    },
    errors: [{ file: 'index.js', line: 6, column: 1, messageId: 'timer' }],
  },
  {
    name: 'near-misses of a local sweep: files removed beside a database delete, and beside an upload to storage',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const fs = require('node:fs/promises');\nconst db = require('./db');\nconst storage = require('./storage');\nsetInterval(async () => {\n  await fs.rm('/tmp/exports', { recursive: true, force: true });\n  await db.query('DELETE FROM exports WHERE created_at < now()');\n}, 3600_000);\nsetInterval(async () => {\n  await storage.uploadBackup('/tmp/backup.tar');\n  await fs.unlink('/tmp/backup.tar');\n}, 86400_000);\n`,
      'db.js': `module.exports = { query: async () => {} };\n`,
      'storage.js': `module.exports = { uploadBackup: async () => {} };\n`,
    },
    errors: [
      { file: 'server.js', line: 8, column: 1, messageId: 'timer' },
      { file: 'server.js', line: 12, column: 1, messageId: 'timer' },
    ],
  },
];

const valid: Case[] = [
  {
    name: "a loop function of the file started only by a socket event (whitebophir's unloadBoard on 'disconnecting'), re-arming until its board can go",
    files: {
      'package.json': START('node server.mjs', { dependencies: { 'socket.io': '^4.7.0' } }),
      'server.mjs': `import http from 'node:http';\nimport { Server } from 'socket.io';\nimport { getLoadedBoard, deleteLoadedBoard, nextExpiry } from './registry.mjs';\nasync function unloadBoard(name) {\n  const board = await getLoadedBoard(name);\n  await board.save();\n  const expiry = nextExpiry(name);\n  if (expiry !== null) {\n    setTimeout(() => {\n      void unloadBoard(name);\n    }, Math.max(1, expiry - Date.now()));\n    return;\n  }\n  deleteLoadedBoard(name);\n}\nconst server = http.createServer();\nconst io = new Server(server);\nio.on('connection', (socket) => {\n  socket.on('disconnecting', () => {\n    for (const room of socket.rooms) unloadBoard(room);\n  });\n});\nprocess.on('SIGTERM', () => server.close());\nserver.listen(process.env.PORT);\n`,
      'registry.mjs': `export const getLoadedBoard = async (n) => ({ save: async () => fetch(process.env.STORE_URL + '/boards/' + n, { method: 'PUT' }) });\nexport const deleteLoadedBoard = (n) => n;\nexport const nextExpiry = () => null;\n`,
    },
  },
  {
    name: "a file's own loop armed only in another process, beside another file's function of the same name called at load (Zeppelin's cleanup)",
    files: {
      'package.json': START('node src/index.js', { type: 'module', dependencies: { express: '^4.19.2' } }),
      'src/index.js': `import express from 'express';\nimport './configs.js';\nimport './usernames.js';\nimport './cache.js';\nconst server = express().listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
      'src/globals.js': `export const isAPI = () => process.argv.includes('--api');\n`,
      'src/db.js': `export const db = { query: async (q) => q };\n`,
      'src/configs.js': `export {};\n`,
      'src/usernames.js': `import { isAPI } from './globals.js';\nimport { db } from './db.js';\nasync function cleanup() {\n  await db.query('DELETE FROM history WHERE at < NOW()');\n  setTimeout(cleanup, 60 * 60 * 1000);\n}\nif (!isAPI()) {\n  setTimeout(cleanup, 30 * 1000);\n}\n`,
      'src/cache.js': `const entries = new Map();\nfunction cleanup() {\n  entries.clear();\n}\ncleanup();\nexport { entries };\n`,
    },
  },
  {
    name: "a module.exports job function its importer calls only behind a switch, under the function's own name or the file's (review)",
    files: {
      'package.json': START('node server.js', { dependencies: { express: '^4.19.0', 'node-cron': '^3.0.3' } }),
      'server.js': `const express = require('express');\nconst app = express();\napp.get('/users', (req, res) => res.json([]));\nconst server = app.listen(process.env.PORT || 3000);\nprocess.on('SIGTERM', () => server.close());\nconst startJobs = require('./jobs');\nconst digests = require('./tasks/digests');\nif (process.env.RUN_JOBS === 'true') {\n  startJobs();\n  digests();\n}\n`,
      'jobs.js': `const cron = require('node-cron');\nmodule.exports = function startJobs() {\n  cron.schedule('0 * * * *', async () => {\n    await fetch(process.env.REPORTS_URL + '/send-hourly-digest', { method: 'POST' });\n  });\n};\n`,
      'tasks/digests.js': `const cron = require('node-cron');\nmodule.exports = async function () {\n  cron.schedule('0 * * * *', async () => {\n    await fetch(process.env.REPORTS_URL + '/send-hourly-digest', { method: 'POST' });\n  });\n};\n`,
    },
  },
  {
    name: "near-misses of a feature's credential and of the web branch: a branch for another process type (=== 'worker', !== 'api'), a host that picks one machine, a prune of the process's own sessions",
    files: {
      'package.json': START('node server.js', { dependencies: { 'node-schedule': '^2.1.1', axios: '^1.7.0' } }),
      'server.js': `const http = require('http');\nconst server = http.createServer((q, s) => s.end('ok'));\nserver.listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\nconst os = require('os');\nconst { startWeather } = require('./utils/weather');\nif (process.env.START_TARGET === 'worker') startWeather();\nif (process.env.ROLE !== 'api') startWeather();\nif (process.env.CRON_HOST === os.hostname()) startWeather();\nconst sessions = new Map();\nconst pruneSessions = () => sessions.clear();\nsetInterval(() => pruneSessions(), 60_000);\n`,
      'utils/weather.js': `const schedule = require('node-schedule');\nconst axios = require('axios');\nfunction startWeather() {\n  schedule.scheduleJob('updateWeather', '0 */15 * * * *', async () => {\n    const res = await axios.get('https://api.weatherapi.com/v1/current.json');\n    await Weather.create({ tempC: res.data.temp });\n  });\n}\nmodule.exports = { startWeather };\n`,
    },
  },
  {
    name: 'a Fastify worker that opens a port for its readiness and liveness probes only (/healthz, /ready) and polls a feed',
    files: {
      'package.json': START('node worker.js', { description: 'Polls the feeds: a worker', dependencies: { fastify: '^4.28.1' } }),
      'worker.js': `const fastify = require('fastify')();\nfastify.get('/healthz', async () => ({ ok: true }));\nfastify.get('/ready', async () => ({ ready: true }));\nsetInterval(async () => {\n  await fetch(process.env.FEED_URL, { method: 'POST' });\n}, 60_000);\nfastify.listen({ port: Number(process.env.PORT), host: '0.0.0.0' });\nprocess.on('SIGTERM', () => fastify.close());\n`,
    },
  },
  {
    name: "a daemon whose server answers only probes and scrapes (/health, /metrics; Nest Terminus under @Controller('health')): no web process",
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['builder', 'daemon'] }),
      'builder/package.json': START('node src/main.js', {
        name: '@acme/profile-builder',
        type: 'module',
        dependencies: { express: '^4.21.1', pg: '^8.12.0' },
      }),
      'builder/src/main.js': `import express from 'express';\nimport pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\nlet closed = false;\nconst app = express();\napp.get('/health', (req, res) => res.json({ status: 'pass' }));\napp.get('/metrics', (req, res) => res.end(''));\nasync function builderLoop() {\n  while (!closed) {\n    await pool.query('update profiles set built_at = now()');\n    await new Promise((r) => setTimeout(r, 60_000));\n  }\n}\nconst server = app.listen(process.env.PORT);\nprocess.once('SIGTERM', () => { closed = true; server.close(); });\nsetImmediate(builderLoop);\n`,
      'daemon/package.json': START('node dist/main', {
        name: 'lido-council-daemon',
        dependencies: { '@nestjs/common': '^10.0.0', '@nestjs/core': '^10.0.0', '@nestjs/terminus': '^10.0.0' },
      }),
      'daemon/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableShutdownHooks();\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'daemon/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { HealthController } from './health.controller';\nimport { GuardianService } from './guardian.service';\n@Module({ controllers: [HealthController], providers: [GuardianService] })\nexport class AppModule {}\n`,
      'daemon/src/health.controller.ts': `import { Controller, Get } from '@nestjs/common';\n@Controller('health')\nexport class HealthController {\n  @Get()\n  check() {\n    return { status: 'ok' };\n  }\n}\n`,
      'daemon/src/guardian.service.ts': `import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class GuardianService {\n  onModuleInit() {\n    setInterval(() => this.handleNewBlock(), 5000);\n  }\n  async handleNewBlock() {\n    await fetch(process.env.BROKER_URL, { method: 'POST' });\n  }\n}\n`,
    },
  },
  {
    name: 'a self-re-arming loop first armed only in another process type (Zeppelin: `if (!isAPI())`, isWorkerProcess()), or exported and called by no file of the web program',
    files: {
      'package.json': START('node src/index.js', { type: 'module', dependencies: { express: '^4.19.2', typeorm: '^0.3.20' } }),
      'src/index.js': `import { setIsAPI } from './globals.js';\nsetIsAPI(true);\nawait import('./api.js');\n`,
      'src/globals.js': `let api = false;\nexport const isAPI = () => api;\nexport const setIsAPI = (v) => { api = v; };\nexport const isWorkerProcess = () => !api;\n`,
      'src/api.js': `import express from 'express';\nimport './history.js';\nimport './mutes.js';\nimport './jobs.js';\nconst app = express();\nconst server = app.listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
      'src/history.js': `import { isAPI } from './globals.js';\n${`import { DataSource } from 'typeorm';\nconst db = new DataSource({ type: 'mysql', host: process.env.DB_HOST });\nexport async function cleanup() {\n  await db.query('DELETE FROM history WHERE at < NOW() - INTERVAL 30 DAY');\n  setTimeout(cleanup, 5 * 60 * 1000);\n}\n`}if (!isAPI()) {\n  // the bot process only\n  setTimeout(cleanup, 30 * 1000);\n}\n`,
      'src/mutes.js': `import { isWorkerProcess } from './globals.js';\n${`import { DataSource } from 'typeorm';\nconst db = new DataSource({ type: 'mysql', host: process.env.DB_HOST });\nexport async function cleanup() {\n  await db.query('DELETE FROM history WHERE at < NOW() - INTERVAL 30 DAY');\n  setTimeout(cleanup, 5 * 60 * 1000);\n}\n`}if (isWorkerProcess()) cleanup();\n`,
      'src/jobs.js': `${`import { DataSource } from 'typeorm';\nconst db = new DataSource({ type: 'mysql', host: process.env.DB_HOST });\nexport async function cleanup() {\n  await db.query('DELETE FROM history WHERE at < NOW() - INTERVAL 30 DAY');\n  setTimeout(cleanup, 5 * 60 * 1000);\n}\n`}export function registerMute(id) {\n  return id;\n}\n`,
    },
  },
  {
    name: "near-miss of a folder loader: the web server loads ./routes/*, the jobs folder only the worker's script loads",
    files: {
      'package.json': JSON.stringify({
        name: 'svc',
        scripts: { start: 'node server.js', worker: 'node worker.js' },
        dependencies: { 'node-cron': '^3.0.3' },
      }),
      Procfile: 'web: node server.js\nworker: node worker.js\n',
      'server.js': `const fs = require('fs');\nconst app = require('express')();\nfor (const file of fs.readdirSync(__dirname + '/routes')) require('./routes/' + file)(app);\napp.listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'routes/users.js': `module.exports = (app) => app.get('/users', (req, res) => res.json([]));\n`,
      'worker.js': `const fs = require('fs');\nconst path = require('path');\nfs.readdirSync(path.join(__dirname, 'jobs')).forEach((file) => require(path.join(__dirname, 'jobs', file)));\n`,
      'jobs/cleanup.js': `const cron = require('node-cron');\ncron.schedule('0 * * * *', async () => {\n  await fetch('https://hooks.example.com/cleanup', { method: 'POST' });\n});\n`,
    },
  },
  {
    name: "a server that only a Procfile's mailer: line starts (a non-web process type, with a health port)",
    files: {
      'package.json': JSON.stringify({ name: 'mail', main: 'server.js', dependencies: { 'node-cron': '^3.0.3' } }),
      Procfile: 'web: node web.js\nmailer: node server.js --mailer\n',
      'web.js': `require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'server.js': `const cron = require('node-cron');\nconst http = require('node:http');\ncron.schedule('*/5 * * * *', () => fetch('https://feeds.example.com/pull', { method: 'POST' }));\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    },
  },
  {
    name: "near-miss of pg-boss: a 'boss' object from a module not named for it schedules a meeting",
    files: {
      'package.json': START('node src/server.js', { type: 'module' }),
      'src/lib/team.js': `export const boss = { schedule: (what, when) => ({ what, when }), work: (x) => x };\n`,
      'src/server.js': `import http from 'node:http';\nimport { boss } from './lib/team.js';\nboss.schedule('standup', '0 9 * * *');\nboss.work('review');\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
    },
  },
  {
    name: 'a Procfile process type other than web (sync:, worker_high:) and a pm2 app named for background work open a health port and schedule (review)',
    files: {
      'package.json': START('node server.js', { dependencies: { 'node-cron': '^3.0.3' } }),
      Procfile: 'web: node server.js\nsync: node sync.js\nworker_high: node feed.js\n',
      'ecosystem.config.js': `module.exports = { apps: [{ name: 'api', script: 'server.js' }, { name: 'feed-sync', script: 'pull.js' }] };\n`,
      'server.js': `require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'sync.js': `const cron = require('node-cron');\nconst http = require('node:http');\ncron.schedule('*/5 * * * *', () => fetch('https://feeds.example.com/pull', { method: 'POST' }));\n// a health port for the platform's checks\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.HEALTH_PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'feed.js': `const cron = require('node-cron');\nconst http = require('node:http');\ncron.schedule('*/5 * * * *', () => fetch('https://feeds.example.com/pull', { method: 'POST' }));\n// a health port for the platform's checks\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.HEALTH_PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'pull.js': `const cron = require('node-cron');\nconst http = require('node:http');\ncron.schedule('*/5 * * * *', () => fetch('https://feeds.example.com/pull', { method: 'POST' }));\n// a health port for the platform's checks\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.HEALTH_PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    },
  },
  {
    name: 'an init exported under its own name (export { startJobs }) that the web program never calls',
    files: {
      'package.json': START('node server.mjs', { dependencies: { express: '^4', 'node-cron': '^3.0.3' } }),
      'jobs.mjs': `import cron from 'node-cron';\nfunction scheduleBackups() {\n  cron.schedule('0 * * * *', () => fetch('https://backup.example.com/run', { method: 'POST' }));\n}\nfunction startJobs() {\n  scheduleBackups();\n}\nexport { startJobs };\n`,
      'server.mjs': `import * as jobs from './jobs.mjs';\nimport express from 'express';\nvoid jobs;\nconst server = express().listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
    },
  },
  {
    name: 'AdonisJS 6: the same cron started only by an ace command (not preloaded by the HTTP server)',
    files: ADONIS(`import server from '@adonisjs/core/services/server';\nserver.use([]);\n`),
  },
  {
    name: "pg-boss: the web process schedules and sends, the Procfile's worker works the queue",
    files: {
      'package.json': START('node server.js', { type: 'module', dependencies: { 'pg-boss': '^10.1.3' } }),
      Procfile: 'web: node server.js\nworker: node worker.js\n',
      'server.js': `import http from 'node:http';\nimport PgBoss from 'pg-boss';\n\nconst boss = new PgBoss(process.env.DATABASE_URL);\nawait boss.start();\nawait boss.schedule('sales-report', '0 3 * * *');\nexport const enqueue = (id) => boss.send('invoice', { id });\nconst server = http.createServer((req, res) => res.end('ok'));\nserver.listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
      'worker.js': `import PgBoss from 'pg-boss';\nconst boss = new PgBoss(process.env.DATABASE_URL);\nawait boss.start();\nawait boss.work('sales-report', async () => fetch(process.env.REPORT_HOOK, { method: 'POST' }));\n`,
    },
  },
  {
    name: 'an init only named as a value, in a function nobody calls',
    files: BARREL(
      `import { deploy, initBackupCronJobs } from '@acme/server';\nvoid deploy;\nexport const later = () => initBackupCronJobs;\n${SERVE}`,
    ),
  },
  {
    name: 'a schedule inside a function only an exported, never-called worker bootstrap calls (one file, an ES module)',
    files: {
      'package.json': START('node server.mjs', { dependencies: { 'node-cron': '^3.0.3' } }),
      'server.mjs': `import cron from 'node-cron';\nimport http from 'node:http';\n\nfunction scheduleReports() {\n  cron.schedule('0 * * * *', () => fetch('https://reports.example.com/run', { method: 'POST' }));\n}\n\nexport function bootstrapWorker() {\n  scheduleReports();\n}\n\nprocess.on('SIGTERM', () => process.exit(0));\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n`,
    },
  },
  {
    name: "a package's barrel loaded by an API that never calls its init: the jobs the init would schedule never run there (Dokploy)",
    files: BARREL(`import { deploy } from '@acme/server';\nvoid deploy;\n${SERVE}`),
  },
  {
    name: "a sweep of the process's own temp folders: del's deleteAsync over its own Set, fs.rmSync of a temp dir",
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const { deleteAsync } = require('del');\nconst fs = require('node:fs');\nconst orphaned = new Set();\nsetInterval(async () => {\n  for (const dir of orphaned) {\n    await deleteAsync(dir, { force: true });\n    orphaned.delete(dir);\n  }\n}, 5 * 60 * 1000).unref();\nsetInterval(() => fs.rmSync('/tmp/renders', { recursive: true, force: true }), 3600_000);\n`,
    },
  },
  {
    name: "a metrics timer that asks this process's worker threads for counts by postMessage, then sets gauges (EmailEngine)",
    files: {
      'package.json': START('node server.js'),
      'server.js': `const http = require('http');\nconst { Worker } = require('worker_threads');\nconst promClient = require('prom-client');\nconst gauge = new promClient.Gauge({ name: 'c', help: 'c' });\nconst worker = new Worker(__dirname + '/w.js');\nfunction call(target, message) {\n  return new Promise((resolve) => {\n    target.worker.postMessage(message);\n    target.worker.once('message', resolve);\n  });\n}\nasync function collectMetrics() {\n  gauge.set(await call({ worker }, { cmd: 'count' }));\n}\nconst postMessage = (thread, payload) => thread.postMessage(payload);\nconst deep = async () => deeper();\nconst deeper = async () => postMessage(worker, { cmd: 'ping' });\nsetInterval(() => deep(), 5000).unref();\nsetInterval(() => collectMetrics().catch(() => {}), 1000).unref();\nhttp.createServer((req, res) => res.end('ok')).listen(process.env.PORT);\n`,
      'w.js': `require('worker_threads').parentPort.on('message', (m) => m);\n`,
    },
  },
  {
    name: "cluster.fork() as many times as an environment variable says, off when it is unset (atproto's bsky api)",
    files: {
      'package.json': START('node api.js'),
      'api.js': `const cluster = require('node:cluster');\nconst express = require('express');\nconst maybeParseInt = (s) => (s ? parseInt(s, 10) : undefined);\nconst workerCount = maybeParseInt(process.env.CLUSTER_WORKER_COUNT);\nif (workerCount && cluster.isPrimary) {\n  for (let i = 0; i < workerCount; ++i) cluster.fork();\n} else {\n  express().listen(process.env.PORT);\n}\n`,
    },
  },
  {
    name: "a prune of the process's own maps through a loop over their values, and a retry that waits for the HTTP server then attaches once (signalk-server)",
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}class Gateways {\n  constructor(app) {\n    this.app = app;\n    this.seenMacs = new Map();\n    this.timer = setInterval(() => this.prune(), 60_000);\n  }\n  prune() {\n    const cutoff = Date.now() - 600_000;\n    for (const macs of this.seenMacs.values()) {\n      for (const [mac, lastSeen] of macs) if (lastSeen < cutoff) macs.delete(mac);\n    }\n  }\n  attach() {\n    const tryAttach = () => {\n      const server = this.app.server;\n      if (!server) {\n        setTimeout(tryAttach, 1000);\n        return;\n      }\n      server.on('upgrade', (request, socket) => socket.destroy());\n    };\n    tryAttach();\n  }\n}\nnew Gateways(app).attach();\n`,
    },
  },
  {
    name: 'a keep-alive ping per WebSocket connection, started by a method the connection handler calls (TS, ws)',
    files: {
      'package.json': START('node dist/server.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/server.ts': `import { WebSocketServer, type WebSocket } from 'ws';\nclass Hub {\n  keepAlive(ws: WebSocket) {\n    const timer = setInterval(() => ws.ping(), 30_000);\n    ws.on('close', () => clearInterval(timer));\n  }\n}\nconst hub = new Hub();\nconst wss = new WebSocketServer({ port: Number(process.env.PORT) });\nwss.on('connection', (socket) => hub.keepAlive(socket));\n`,
    },
  },
  {
    name: "a keep-alive ping on one streaming response, started by a helper the route handler calls (supabase storage's admin export)",
    files: {
      'package.json': START('node server.js'),
      'server.js': `const app = require('fastify')();\nconst { write } = require('./ndjson');\nfunction ping(reply) {\n  const handle = setInterval(() => {\n    write(reply, { event: 'ping' });\n  }, 10000);\n  return { clear: () => clearInterval(handle) };\n}\nfunction keepAlive(socket) {\n  setInterval(() => socket.send(JSON.stringify({ type: 'ping' })), 30_000);\n}\napp.post('/admin/export', async (req, reply) => {\n  const p = ping(reply);\n  p.clear();\n});\nmodule.exports = { keepAlive };\nprocess.on('SIGTERM', () => app.close());\napp.listen({ port: Number(process.env.PORT) });\n`,
      'ndjson.js': `exports.write = (reply, payload) => reply.raw.write(JSON.stringify(payload));\n`,
    },
  },
  {
    name: 'near-misses of a choice between jobs: a switch with no other branch, a branch that starts the server instead, a setInterval or a cache refresh in the other branch, flags with no final else',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const schedule = require('node-schedule');\nconst { getSettings } = require('./settings');\nif (getSettings().jobs.enabled) {\n  schedule.scheduleJob('0 * * * *', () => sync());\n}\nif (process.env.ROLE === 'worker') {\n  schedule.scheduleJob('0 * * * *', () => digest());\n} else {\n  require('./web');\n}\nif (getSettings().clock) {\n  schedule.scheduleJob('0 * * * *', () => report());\n} else {\n  setInterval(() => {}, 1000);\n}\nlet rates = {};\nif (process.env.RUN_JOBS === 'true') {\n  schedule.scheduleJob('0 * * * *', () => sendDigests());\n} else {\n  schedule.scheduleJob('*/5 * * * *', async () => {\n    rates = (await fetch('https://rates.example.com')).json();\n  });\n}\nif (process.env.ENABLE_DIGEST_JOBS === 'true') {\n  schedule.scheduleJob('0 * * * *', () => sendDigests());\n} else if (process.env.ENABLE_BILLING_JOBS === 'true') {\n  schedule.scheduleJob('0 * * * *', () => chargeCards());\n}\n`,
      'settings.js': `exports.getSettings = () => ({ jobs: { enabled: false }, clock: false });\n`,
      'web.js': `module.exports = {};\n`,
    },
  },
  {
    name: "timers that keep a namespace's own state: a class's static map swept, a dispatcher object that stops itself, a rate limiter's drain loop",
    files: {
      'package.json': START('node src/server.js'),
      'src/server.js': `const express = require('express');\nconst AuthHandler = require('./auth');\nconst RetryQueue = require('./retry');\nconst rateLimit = require('./rateLimit');\nconst get = rateLimit((id) => fetch(id), 20);\nconst app = express();\napp.get('/r/:id', async (req, res) => {\n  RetryQueue.add(() => get(req.params.id));\n  res.send(String(AuthHandler.pending.size));\n});\napp.listen(Number(process.env.PORT));\n`,
      'src/auth.js': `class AuthHandler {\n  static pending = new Map();\n  static cleanup() {\n    const now = Date.now();\n    for (const [key, entry] of AuthHandler.pending) if (now > entry.expiresAt) AuthHandler.pending.delete(key);\n  }\n}\nsetInterval(() => AuthHandler.cleanup(), 60_000).unref();\nmodule.exports = AuthHandler;\n`,
      'src/retry.js': `const RetryQueue = {\n  intervalId: undefined,\n  active: new Set(),\n  waiting: new Set(),\n  init: () => {\n    if (!RetryQueue.intervalId) RetryQueue.intervalId = setInterval(RetryQueue.tick, 25);\n  },\n  reset: () => {\n    clearInterval(RetryQueue.intervalId);\n    delete RetryQueue.intervalId;\n  },\n  add: (fn) => {\n    RetryQueue.waiting.add(fn);\n    RetryQueue.init();\n  },\n  tick: () => {\n    if (!RetryQueue.waiting.size) return RetryQueue.reset();\n    for (const fn of RetryQueue.waiting) {\n      RetryQueue.waiting.delete(fn);\n      RetryQueue.active.add(fn);\n      fn();\n    }\n  },\n};\nmodule.exports = RetryQueue;\n`,
      'src/rateLimit.js': `const byId = {};\nmodule.exports = function rateLimit(fn, maxRPS, id) {\n  const state = byId[id] || { queue: [], stamps: [], timeout: undefined };\n  const processQueue = () => {\n    state.stamps = state.stamps.filter((t) => Date.now() - t < 1000);\n    if (state.stamps.length < maxRPS) {\n      const item = state.queue.shift();\n      if (!item) return;\n      state.stamps.push(Date.now());\n      fn(...item.args).then(item.resolve, item.reject);\n      processQueue();\n    } else {\n      clearTimeout(state.timeout);\n      state.timeout = setTimeout(processQueue, 1000 - (Date.now() - state.stamps[0]));\n    }\n  };\n  return (...args) => new Promise((resolve, reject) => {\n    state.queue.push({ args, resolve, reject });\n    processQueue();\n  });\n};\n`,
    },
  },
  {
    name: 'a cron job whose whole callback is under a switch set on one process (croner, IS_WORKER)',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const { Cron } = require('croner');\nnew Cron('0 * * * *', () => {\n  if (process.env.IS_WORKER === 'true') {\n    updateStaleOrders();\n  }\n});\n`,
    },
  },
  {
    name: 'a timer whose callback first checks a switch the operator sets (cryptpad style)',
    files: {
      'package.json': START('node index.js'),
      'index.js': `${EXPRESS}const Env = require('./env');\nsetInterval(function () {\n  if (Env.disableIntegratedTasks) { return; }\n  purgeExpiredPads();\n}, 60000);\n`,
    },
  },
  {
    name: "start() and every() on other modules' exports that are not Agenda instances (a server, a module with Agenda beside)",
    files: {
      'package.json': START('node index.js'),
      'jobs.js': `const Agenda = require('agenda');\nconst agenda = new Agenda({ db: { address: process.env.MONGO_URL } });\nconst server = { start() {} };\nconst clock = { every() {} };\nmodule.exports = { server, clock, agenda };\n`,
      'poller.js': `exports.poller = { start() {}, every() {} };\n`,
      'index.js': `${EXPRESS}const { server, clock } = require('./jobs');\nconst { poller } = require('./poller');\nserver.start();\nclock.every('1 hour', 'x');\npoller.start();\nrequire('./jobs').agenda.now('send');\n`,
    },
  },
  {
    name: 'sleeping loops that end: a retry until connected, a wait for a condition, a bounded loop; one that only refreshes a cache',
    files: {
      'package.json': START('node index.js'),
      'boot.js': `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\nconst knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });\nexports.connect = async () => {\n  while (true) {\n    try {\n      await knex('locks').insert({ at: new Date() });\n      break;\n    } catch {\n      await sleep(1000);\n    }\n  }\n};\nexports.waitReady = async () => {\n  let ready = false;\n  while (!ready) {\n    await knex('jobs').insert({ at: new Date() });\n    ready = true;\n    await sleep(100);\n  }\n};\nexports.warm = async () => {\n  for (let i = 0; i < 5; i++) {\n    await knex('cache').insert({ i });\n    await sleep(100);\n  }\n};\nlet settings = {};\nexports.refresh = async () => {\n  while (true) {\n    settings = await knex('settings').select();\n    await sleep(60_000);\n  }\n};\n`,
      'index.js': `${EXPRESS}const boot = require('./boot');\nboot.connect();\nboot.waitReady();\nboot.warm();\nboot.refresh();\n`,
    },
  },
  {
    name: 'sleeping loops behind a switch, serving one request, read by a consumer, stopped by the batch they call, or racing a timeout',
    files: {
      'package.json': START('node index.js'),
      'jobs.js': `const { setTimeout: sleep } = require('node:timers/promises');\nconst { Pool } = require('pg');\nconst axios = require('axios');\nconst pool = new Pool();\nconst runJobs = process.env.RUN_JOBS === 'true';\nexports.expire = async () => {\n  for (;;) {\n    if (process.env.RUN_JOBS === 'true') {\n      await pool.query('delete from carts');\n    }\n    await sleep(60_000);\n  }\n};\nexports.sweep = async () => {\n  while (runJobs) {\n    await pool.query('delete from carts');\n    await sleep(60_000);\n  }\n};\nexports.prune = async () => {\n  while (true) {\n    if (!runJobs) continue;\n    await pool.query('delete from carts');\n    await sleep(60_000);\n  }\n};\nexports.consume = async (sqs) => {\n  for (;;) {\n    const { Messages = [] } = await sqs.receiveMessage({ QueueUrl: process.env.QUEUE_URL });\n    if (Messages.length === 0) {\n      await sleep(1000);\n      continue;\n    }\n    for (const m of Messages) await sqs.deleteMessage({ QueueUrl: process.env.QUEUE_URL, ReceiptHandle: m.ReceiptHandle });\n  }\n};\nexports.owner = async (redlock) => {\n  while (true) {\n    let lock;\n    try {\n      lock = await redlock.acquire(['jobs'], 30_000);\n    } catch {\n      await sleep(5000);\n      continue;\n    }\n    await pool.query('delete from carts');\n    await lock.release();\n    await sleep(60_000);\n  }\n};\nexports.stream = async function stream(req, res) {\n  while (true) {\n    const { data } = await axios.post('https://api.example.com/price');\n    res.write(JSON.stringify(data));\n    await sleep(2000);\n  }\n};\nexports.tail = async function* tail(id) {\n  for (;;) {\n    const { data } = await axios.post('https://ci.example.com/log', { id });\n    yield data;\n    await sleep(1000);\n  }\n};\nfunction timeout(promise, ms) {\n  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);\n}\nexports.poll = async () => {\n  for (;;) {\n    await timeout(axios.post('https://api.example.com/updates'), 35_000);\n  }\n};\n`,
      'backfill.ts': `import { Pool } from 'pg';\nimport { setTimeout as sleep } from 'node:timers/promises';\nexport class Backfill {\n  private finished = false;\n  constructor(private readonly pool: Pool) {}\n  async run(): Promise<void> {\n    while (!this.finished) {\n      await this.nextBatch();\n      await sleep(200);\n    }\n  }\n  private async nextBatch(): Promise<void> {\n    const { rows } = await this.pool.query('select id from users limit 500');\n    if (rows.length === 0) {\n      this.finished = true;\n      return;\n    }\n    await this.pool.query('update users set x = 1');\n  }\n}\n`,
      'index.js': `${EXPRESS}const jobs = require('./jobs');\nconst { Backfill } = require('./backfill');\njobs.expire();\njobs.sweep();\njobs.prune();\njobs.poll();\njobs.owner(require('./redlock'));\njobs.consume(require('./sqs'));\napp.get('/price', jobs.stream);\n(async () => {\n  for await (const line of jobs.tail('1')) console.log(line);\n})();\nnew Backfill(require('pg').Pool).run();\n`,
    },
  },
  {
    name: "a broker connection that tries again when it fails or closes (CloudAMQP's reconnect)",
    files: {
      'package.json': START('node index.js'),
      'queue.js': `const amqp = require('amqplib/callback_api');\nlet conn = null;\nfunction start() {\n  amqp.connect(process.env.AMQP_URL, (err, c) => {\n    if (err) {\n      console.error(err.message);\n      return setTimeout(start, 1000);\n    }\n    c.on('close', () => setTimeout(start, 1000));\n    conn = c;\n    conn.createChannel((e, ch) => ch.consume('jobs', (m) => ch.ack(m)));\n  });\n}\nmodule.exports = { start };\n`,
      'index.js': `${EXPRESS}require('./queue').start();\n`,
    },
  },
  {
    name: "timers/promises' setInterval read with for await that only logs, or behind a switch",
    files: {
      'package.json': START('node index.mjs'),
      'index.mjs': `import express from 'express';\nimport { setInterval } from 'node:timers/promises';\nexpress().listen(process.env.PORT);\nfor await (const _ of setInterval(60_000)) {\n  console.log('alive', process.memoryUsage().rss);\n}\nif (process.env.RUN_JOBS === 'true') {\n  for await (const _ of setInterval(60_000)) {\n    await fetch('https://api.example.com/sync', { method: 'POST' });\n  }\n}\n`,
    },
  },
  {
    name: 'Agenda from a module of its own, only given work by a route (now), started by its worker',
    files: {
      'package.json': START('node index.js'),
      'agenda.js': `const Agenda = require('agenda');\nmodule.exports = new Agenda({ db: { address: process.env.MONGO_URL } });\n`,
      'index.js': `${EXPRESS}const agenda = require('./lib/agenda');\napp.post('/reports', async (req, res) => {\n  await agenda.now('build report', { id: req.body.id });\n  res.sendStatus(202);\n});\n`,
    },
  },
  {
    name: 'a setTimeout loop polling an HTTP API into a module variable: each replica refreshes its own copy (ESM)',
    files: {
      'package.json': START('node src/main.mjs'),
      'src/main.mjs': `import express from 'express';\nimport axios from 'axios';\n\nasync function pollRates() {\n  const { data } = await axios.get('https://api.example.com/rates');\n  rates = data;\n  setTimeout(pollRates, 30_000);\n}\nlet rates = {};\npollRates();\nexpress().get('/rates', (req, res) => res.json(rates)).listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'an access token renewed on an interval, through a destructured local (CommonJS)',
    files: {
      'package.json': START('node index.js'),
      'index.js': `const express = require('express');\nconst axios = require('axios');\nlet accessToken = null;\nasync function refreshAccessToken() {\n  const { data } = await axios.post(process.env.OAUTH_TOKEN_URL, { grant_type: 'client_credentials' });\n  accessToken = data.access_token;\n}\nrefreshAccessToken();\nsetInterval(refreshAccessToken, 50 * 60 * 1000);\nexpress().listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'a remote config fetched at start, retried with backoff on failure (fetch, ESM)',
    files: {
      'package.json': START('node index.mjs'),
      'index.mjs': `import express from 'express';\nlet remoteConfig = null;\nasync function loadRemoteConfig(attempt = 1) {\n  try {\n    const res = await fetch(\`\${process.env.CONFIG_URL}/service/orders\`);\n    remoteConfig = await res.json();\n  } catch (err) {\n    if (attempt < 5) setTimeout(() => loadRemoteConfig(attempt + 1), 1000 * 2 ** attempt);\n  }\n}\nawait loadRemoteConfig();\nexpress().listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'node-schedule rotating a salt the process keeps (Ackee, CommonJS)',
    files: {
      'package.json': START('node src/index.js'),
      'src/index.js': `${EXPRESS}const salt = require('./utils/salt');\napp.get('/id', (req, res) => res.send(salt()));\n`,
      'src/utils/salt.js': `const crypto = require('crypto');\nconst schedule = require('node-schedule');\nconst generate = () => crypto.randomBytes(16).toString('hex');\nlet salt = generate();\nconst rule = new schedule.RecurrenceRule();\nrule.hour = 0;\nschedule.scheduleJob(rule, () => salt = generate());\nmodule.exports = () => salt;\n`,
    },
  },
  {
    name: 'croner rebuilding an in-memory index held in a field of the service (TS, ESM)',
    files: {
      'package.json': START('node dist/server.js'),
      'src/server.ts': `import express from 'express';\nimport { Flags } from './flags.js';\nconst flags = new Flags();\nflags.start();\nexpress().get('/f', (_req, res) => res.json(flags.current)).listen(process.env.PORT);\n`,
      'src/flags.ts': `import { Cron } from 'croner';\nimport { buildIndex } from './search-index.js';\nexport class Flags {\n  current: Record<string, boolean> = {};\n  start() {\n    new Cron('*/5 * * * *', () => {\n      this.current = buildIndex(this.current);\n    });\n  }\n}\n`,
    },
  },
  {
    name: "a heartbeat written while a query runs, and a worker's lastSeenAt: liveness records, whatever the function is called (growthbook's query runner)",
    files: {
      'package.json': START('node dist/server.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/server.ts': `import express from 'express';\nimport { QueryRunner } from './runner';\nimport './worker';\n\nconst app = express();\napp.post('/q', async (req, res) => res.json(await new QueryRunner().run(req.body.id)));\napp.listen(Number(process.env.PORT));\n`,
      'src/runner.ts': `import { updateQuery, execute } from './db';\nexport class QueryRunner {\n  async run(id: string) {\n    const timer = setInterval(() => {\n      updateQuery(id, { heartbeat: new Date() }).catch(() => {});\n    }, 30_000);\n    if (!(await updateQuery(id, { status: 'running' }))) {\n      clearInterval(timer);\n      return;\n    }\n    try {\n      return await execute(id);\n    } finally {\n      clearInterval(timer);\n    }\n  }\n}\n`,
      'src/db.ts': `export async function updateQuery(_id: string, _set: object) {\n  return true;\n}\nexport async function execute(_id: string) {\n  return [];\n}\nexport async function updateWorker(_id: string, _set: object) {}\nexport const Worker = { updateOne: async (_f: object, _u: object) => {} };\nexport const prisma = { worker: { update: async (_a: object) => {} } };\n`,
      'src/worker.ts': `import { updateWorker, Worker, prisma } from './db';\nsetInterval(() => updateWorker(process.pid.toString(), { lastSeenAt: Date.now() }), 10_000);\nsetInterval(() => Worker.updateOne({ _id: process.pid }, { $set: { heartbeat: new Date() } }), 10_000);\nsetInterval(() => prisma.worker.update({ where: { id: 1 }, data: { lastPingAt: new Date() } }), 10_000);\n`,
    },
  },
  {
    name: "a sweeper evicting stale entries from the process's own Map and Set, whatever their names (growthbook's job store)",
    files: {
      'package.json': START('node dist/server.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/server.ts': `import express from 'express';\nimport { store, forget } from './jobs';\n\nconst app = express();\napp.post('/jobs', (req, res) => res.json(store.create()));\nforget();\napp.listen(Number(process.env.PORT));\n`,
      'src/jobs.ts': `class JobStore {\n  private jobs = new Map<string, { startedAt: number; abort(): void }>();\n  private sweeper?: NodeJS.Timeout;\n  create() {\n    this.ensureSweeper();\n    return {};\n  }\n  private ensureSweeper() {\n    if (this.sweeper) return;\n    this.sweeper = setInterval(() => {\n      for (const [id, job] of this.jobs) {\n        if (Date.now() - job.startedAt > 60_000) {\n          job.abort();\n          this.jobs.delete(id);\n        }\n      }\n    }, 30_000);\n  }\n}\nexport const store = new JobStore();\nconst uploads = new Set<string>();\nexport function forget() {\n  setInterval(() => uploads.clear(), 600_000);\n}\nexport class Sessions {\n  #open = new Map<string, number>();\n  constructor() {\n    setInterval(() => this.#open.delete('idle'), 600_000);\n  }\n}\nexport const sessions = new Sessions();\n`,
    },
  },
  {
    name: 'write-behind: a timer flushing counters and a message queue this process buffered',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}require('./counters');\n`,
      'counters.js': `const db = require('./db');\nlet pending = {};\nlet dirty = false;\nconst outbox = [];\nexports.count = (id) => {\n  pending[id] = (pending[id] ?? 0) + 1;\n  dirty = true;\n};\nsetInterval(async () => {\n  if (dirty) {\n    dirty = false;\n    for (const id of Object.keys(pending)) await db.updateById(id, { calls: pending[id] });\n    pending = {};\n  }\n}, 60_000);\nsetInterval(() => {\n  if (outbox.length > 0) db.insertMany(outbox.splice(0));\n}, 5_000);\n`,
      'db.js': `exports.updateById = async () => {};\nexports.insertMany = async () => {};\n`,
    },
  },
  {
    name: 'compose: a scheduler service runs its own entry, never imported by the web server',
    files: {
      'package.json': START('node src/server.js'),
      'docker-compose.yml':
        'services:\n  web:\n    build: .\n    command: node src/server.js\n  scheduler:\n    build: .\n    command: node src/scheduler.js\n',
      'src/server.js': `const express = require('express');\nconst { search } = require('./search');\nexpress().get('/search', search).listen(process.env.PORT);\n`,
      'src/scheduler.js': `const cron = require('node-cron');\nconst { rebuildSearchIndex } = require('./search');\ncron.schedule('0 3 * * *', rebuildSearchIndex);\n`,
      'src/search.js': `exports.rebuildSearchIndex = async () => {};\nexports.search = (req, res) => res.json([]);\n`,
    },
  },
  {
    name: 'a worker program with no server (its own package in a monorepo)',
    files: {
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*'] }),
      'apps/api/package.json': JSON.stringify({ name: 'api', scripts: { start: 'node src/index.js' } }),
      'apps/api/src/index.js': EXPRESS,
      'apps/worker/package.json': JSON.stringify({ name: 'worker', scripts: { start: 'node src/index.js' } }),
      'apps/worker/src/index.js': `const cron = require('node-cron');\ncron.schedule('* * * * *', () => sendEmails());\n`,
    },
  },
  {
    name: 'Procfile clock: line runs the scheduler; the web entry never imports it',
    files: {
      Procfile: 'web: node dist/index.js\nclock: node dist/clock.js\n',
      'package.json': START('node dist/index.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': `import express from 'express';\nexpress().listen(process.env.PORT);\n`,
      'src/clock.ts': `import cron from 'node-cron';\ncron.schedule('0 * * * *', () => sendReminders());\nfunction sendReminders() {}\n`,
    },
  },
  {
    name: 'behind an operator switch: if (process.env.RUN_JOBS === "true")',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const cron = require('node-cron');\nif (process.env.RUN_JOBS === 'true') {\n  cron.schedule('*/5 * * * *', () => sendDigests());\n}\n`,
    },
  },
  {
    name: 'pm2 instance gate around require("./cron")',
    files: {
      'package.json': START('node server/server.js'),
      'server/server.js': `const env = require('./env');\nconst express = require('express');\nif (env.NODE_APP_INSTANCE === 0) {\n  require('./cron');\n}\nexpress().listen(env.PORT);\n`,
      'server/env.js': `module.exports = process.env;\n`,
      'server/cron.js': `const query = require('./queries');\nsetInterval(function () {\n  query.link.batchRemove({ expire_in: ['<', new Date()] }).catch();\n}, 30_000);\n`,
      'server/queries.js': `module.exports = {};\n`,
    },
  },
  {
    name: 'a job wrapper that returns unless nconf says this node runs jobs',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const cron = require('./cron');\ncron.addJob({ name: 'digest', cronTime: '0 * * * *', onTick: () => {} });\n`,
      'cron.js': `const nconf = require('nconf');\nconst { CronJob } = require('cron');\nexports.addJob = function addJob({ name, cronTime, onTick }) {\n  const isJobEnabled = nconf.get('runJobs');\n  if (!isJobEnabled) return;\n  new CronJob(cronTime, onTick, null, true);\n};\n`,
    },
  },
  {
    name: 'the scheduling function is called only behind a switch',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const jobs = require('./cron');\nif (process.env.WORKER_ENABLE && process.env.WORKER_ENABLE * 1 === 1) {\n  jobs.startSchedule();\n}\n`,
      'cron.js': `async function startSchedule() {\n  setInterval(CustomerMessageJob.autoSendMessageForCustomer, 30 * 1000);\n}\nmodule.exports = { startSchedule };\n`,
    },
  },
  {
    name: 'a timer that stops itself once done waiting: sockets drained at shutdown, a queue emptied at start (a handle or this.timer)',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const db = require('./db');\nlet cleanInterval;\ncleanInterval = setInterval(() => {\n  if (!Object.keys(sockets).length) clearInterval(cleanInterval);\n  for (const key of Object.keys(sockets)) sockets[key].destroy();\n}, 100);\nconst drain = setInterval(async () => {\n  const batch = await db.outbox.find({ sent: false });\n  if (batch.length === 0) return clearInterval(drain);\n  await db.outbox.updateMany({ sent: false }, { sent: true });\n}, 500);\nclass Warmup {\n  start() {\n    this.timer = setInterval(() => {\n      if (ready) { clearTimeout(this.timer); return; }\n      db.cache.deleteMany({});\n    }, 50);\n  }\n}\nnew Warmup().start();\n`,
      'db.js': `module.exports = {};\n`,
    },
  },
  {
    name: "a per-task poll kept behind a switch in a conditional, cleared through its handle with `!` (nango's runner)",
    files: {
      'package.json': START('node dist/server.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/server.ts': `import express from 'express';\nimport { coordinated } from './state';\nimport { persist } from './persist';\nconst app = express();\napp.post('/tasks/:id', (req, res) => {\n  run(req.params.id);\n  res.sendStatus(202);\n});\nfunction run(taskId: string) {\n  setImmediate(async () => {\n    const abortPoll = coordinated\n      ? setInterval(async () => {\n          if (await persist.getTaskAbort(taskId)) clearInterval(abortPoll!);\n        }, 1000)\n      : null;\n  });\n}\napp.listen(Number(process.env.PORT));\n`,
      'src/state.ts': `export const coordinated = process.env.COORDINATED === 'true';\n`,
      'src/persist.ts': `export const persist = { getTaskAbort: async (_id: string) => (await fetch('http://persist/abort')).ok };\n`,
    },
  },
  {
    name: "a timer that reads the process's own disk: a cgroup's memory limit, a folder's listing (fs, fs/promises)",
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const fs = require('fs');\nconst fsp = require('node:fs/promises');\nsetInterval(() => {\n  const max = Number(fs.readFileSync('/sys/fs/cgroup/memory.max', 'utf8'));\n  if (process.memoryUsage().rss > max * 0.9) console.warn('memory high');\n}, 1000);\nsetInterval(async () => {\n  const entries = await fsp.readdir('/tmp/uploads');\n  console.log('pending uploads', entries.length);\n}, 5000);\n`,
    },
  },
  {
    name: "an SSE keep-alive written through a module constant, in a helper a request handler calls (tianji's AI gateway)",
    files: {
      'package.json': START('node dist/main.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/main.ts': `import express from 'express';\nimport { keepAlive } from './stream';\nconst app = express();\napp.get('/events', (req, res) => {\n  const stop = keepAlive(res);\n  req.on('close', stop);\n});\napp.listen(Number(process.env.PORT));\n`,
      'src/stream.ts': `import type { Response } from 'express';\nexport const STREAM_PING_COMMENT = ': PING\\n\\n';\nconst HEARTBEAT = 'event: tick\\n\\n';\nfunction writePing(out: Response) {\n  out.write(STREAM_PING_COMMENT);\n  out.write(HEARTBEAT);\n}\nexport function keepAlive(out: Response) {\n  const timer = setInterval(() => writePing(out), 15_000);\n  return () => timer.unref();\n}\n`,
    },
  },
  {
    name: "a loop that reloads the process's own cache when a hash of what it fetched changes (nango's providers)",
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const { createHash } = require('node:crypto');\nconst { setTimeout: sleep } = require('node:timers/promises');\nlet providers = {};\nlet providersHash = '';\nlet polling = true;\nfunction updateProviderCache(p) {\n  providers = p;\n}\nasync function fetchProvidersRaw(url) {\n  const response = await fetch(url);\n  return response.text();\n}\nasync function pollProviders(url) {\n  while (polling) {\n    await sleep(60_000);\n    const raw = await fetchProvidersRaw(url);\n    const newHash = createHash('sha1').update(raw).digest('hex');\n    if (newHash !== providersHash) {\n      providersHash = newHash;\n      updateProviderCache(JSON.parse(raw));\n    }\n  }\n}\npollProviders(process.env.PROVIDERS_URL);\nprocess.on('SIGTERM', () => (polling = false));\n`,
    },
  },
  {
    name: 'near-miss of a product feature flag: a role switch read from the environment in another module, around the same cron',
    files: {
      'package.json': START('node dist/server.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/role.ts': `export const runsJobs = process.env.PROCESS_ROLE === 'jobs';\n`,
      'src/server.ts': `import express from 'express';\nimport cron from 'node-cron';\nimport { runsJobs } from './role';\nimport { queueDigests } from './digest';\nif (runsJobs) {\n  cron.schedule('0 8 * * 1', () => queueDigests());\n}\nexpress().listen(Number(process.env.PORT));\n`,
      'src/digest.ts': `export async function queueDigests() {}\n`,
    },
  },
  {
    name: "a cron job that tells this process's cache in another module to reload itself (Lunalytics' status pages)",
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst { CronJob } = require('cron');\nconst statusCache = require('./cache');\nnew CronJob('*/5 * * * *', async () => {\n  try {\n    await statusCache.loadAllStatusPages();\n  } catch (error) {\n    console.error('reload failed', error.message);\n  }\n}, null, true);\nexpress().listen(process.env.PORT);\n`,
      'cache.js': `const db = require('./db');\nclass Status {\n  pages = new Map();\n  async loadAllStatusPages() {\n    for (const p of await db.pages()) this.pages.set(p.id, p);\n  }\n}\nmodule.exports = new Status();\n`,
      'db.js': `exports.pages = async () => [];\n`,
    },
  },
  {
    name: 'metrics: a gauge updated on an interval',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const client = require('prom-client');\nconst gauge = new client.Gauge({ name: 'queue_depth', help: 'x' });\nsetInterval(async () => {\n  gauge.set(await queue.count());\n}, 5000).unref();\n`,
    },
  },
  {
    name: 'keep-alive: pinging its own health URL',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}setInterval(() => fetch(process.env.APP_URL + '/health'), 14 * 60 * 1000);\n`,
    },
  },
  {
    name: 'socket heartbeat: an interval per connection',
    files: {
      'package.json': START('node app.js'),
      'app.js': `const http = require('http');\nconst { Server } = require('socket.io');\nconst server = http.createServer();\nconst io = new Server(server);\nio.on('connection', (socket) => {\n  const id = setInterval(() => socket.emit('timestamp', JSON.stringify(new Date())), 1000);\n  socket.on('disconnect', () => clearInterval(id));\n});\nserver.listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'rate-limit window reset and a cache cleaner',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const hits = new Map();\nsetInterval(() => hits.clear(), 60_000);\nconst cacheList = {};\nsetInterval(() => {\n  for (const key in cacheList) if (Date.now() - cacheList[key].timestamp > 60000) delete cacheList[key];\n}, 60_000);\n`,
    },
  },
  {
    name: 'cache refresh of static data and a token refresh (per process)',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}let countries = [];\nasync function reloadCountries() {\n  countries = await loadCountries();\n}\nsetInterval(reloadCountries, 3600_000);\nsetInterval(() => refreshAccessToken(), 50 * 60 * 1000);\n`,
    },
  },
  {
    name: 'Nest jobs that refresh what the process keeps, check a switch first, or only report the instance',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ScheduleModule } from '@nestjs/schedule';\nimport { CountriesService } from './countries.service';\n\n@Module({ imports: [ScheduleModule.forRoot()], providers: [CountriesService] })\nexport class AppModule {}\n`,
      'src/countries.service.ts': `import { Injectable } from '@nestjs/common';\nimport { Cron, Interval } from '@nestjs/schedule';\nimport { PostHog } from 'posthog-node';\n\n@Injectable()\nexport class CountriesService {\n  private countries: unknown;\n  private readonly clients = new Map<string, unknown>();\n  private readonly posthog = new PostHog('phc_placeholder');\n\n  @Cron('30 3 * * *')\n  async reloadCountries(): Promise<void> {\n    const res = await fetch('https://example.com/countries');\n    this.countries = await res.json();\n  }\n\n  @Cron('0 * * * *')\n  async reloadIssuers(): Promise<void> {\n    const res = await fetch('https://issuer.example.com/.well-known/openid-configuration');\n    this.clients.set('default', await res.json());\n  }\n\n  @Interval(86_400_000)\n  async sendTelemetry(): Promise<void> {\n    if (process.env.DISABLE_TELEMETRY === 'true') return;\n    await fetch('https://telemetry.example.com/event', { method: 'POST' });\n  }\n\n  @Cron('0 0 * * 0')\n  weekly(): void {\n    this.posthog.capture({ distinctId: 'instance', event: 'instance_alive' });\n  }\n}\n`,
    },
  },
  {
    name: "a refresh whose store sits in a promise's callback, inside an iteration (hedgedoc's OIDC client configs)",
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ScheduleModule } from '@nestjs/schedule';\nimport { OidcService } from './oidc.service';\n\n@Module({ imports: [ScheduleModule.forRoot()], providers: [OidcService] })\nexport class AppModule {}\n`,
      'src/oidc.service.ts': `import { Injectable, Logger } from '@nestjs/common';\nimport { Cron } from '@nestjs/schedule';\n\n@Injectable()\nexport class OidcService {\n  private readonly logger = new Logger('oidc');\n  private readonly clientConfigs = new Map<string, unknown>();\n  private readonly issuers = [{ id: 'a', url: 'https://a.example.com' }];\n\n  @Cron('30 3 * * *')\n  handleCronUpdateClientConfigs(): void {\n    this.updateClientConfigs();\n  }\n\n  private updateClientConfigs(): void {\n    this.issuers.forEach((issuer) => {\n      this.fetchClientConfig(issuer.url)\n        .then((config) => {\n          this.clientConfigs.set(issuer.id, config);\n        })\n        .catch((error) => this.logger.error(String(error)));\n    });\n  }\n\n  private async fetchClientConfig(url: string): Promise<unknown> {\n    const res = await fetch(url + '/.well-known/openid-configuration');\n    return res.json();\n  }\n}\n`,
    },
  },
  {
    name: 'a cache object of the module refreshed by a cron job, a ping through a telemetry client, a bounded retry, a socket handshake by a helper, throng sized by WEB_CONCURRENCY',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const express = require('express');\nconst cron = require('node-cron');\nconst { scheduleJob } = require('node-schedule');\nconst throng = require('throng');\nconst { WebSocketServer } = require('ws');\nconst { track } = require('@acme/telemetry');\nconst cache = {};\ncron.schedule('30 3 * * *', async () => {\n  const res = await fetch('https://example.com/countries');\n  cache.countries = await res.json();\n});\nscheduleJob('0 */6 * * *', () => {\n  track('PING');\n});\nfunction register(retry = 0) {\n  fetch('https://registry.example.com/register', { method: 'POST' }).catch(() => {\n    if (retry >= 5) return;\n    setTimeout(() => register(retry + 1), 500 * 2 ** retry);\n  });\n}\nregister();\nclass Transport {\n  constructor(socket) { this.socket = socket; }\n  sendMessage(m) { this.socket.send(m); }\n  markAsReady() { this.readyInterval = setInterval(() => this.sendMessage('READY_REQUEST'), 400); }\n}\nconst wss = new WebSocketServer({ noServer: true });\nconst transport = new Transport(wss);\ntransport.markAsReady();\nthrong({ worker: start, count: process.env.WEB_CONCURRENCY || 1 });\nfunction start() {\n  express().listen(process.env.PORT);\n}\n`,
    },
  },
  {
    name: 'Nest @Cron without ScheduleModule.forRoot(): the decorators never run',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { TasksService } from './tasks.service';\n@Module({ providers: [TasksService] })\nexport class AppModule {}\n`,
      'src/tasks.service.ts': `import { Cron } from '@nestjs/schedule';\nexport class TasksService {\n  @Cron('0 * * * *')\n  run() {}\n}\n`,
    },
  },
  {
    name: 'a scheduler in a test file',
    files: {
      'package.json': START('node app.js'),
      'app.js': EXPRESS,
      'test/cron.test.js': `require('../app');\nconst cron = require('node-cron');\ncron.schedule('* * * * *', () => sendEmails());\n`,
    },
  },
  {
    name: 'development only: fake data generated on an interval',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}if (process.env.NODE_ENV !== 'production') {\n  setInterval(() => Order.create({ fake: true }), 10_000);\n}\n`,
    },
  },
  {
    name: 'services picked by name at run time (a loader map): the cron service is its own process type',
    files: {
      Procfile: 'web: yarn start --services=web\nworker: yarn start --services=worker,cron\n',
      'package.json': START('node server/index.js'),
      'server/index.js': `const env = require('./env');\nconst services = require('./services');\nconst express = require('express');\n(async () => {\n  for (const name of env.SERVICES) await (await services[name]()).default();\n  express().listen(env.PORT);\n})();\n`,
      'server/env.js': `module.exports = { SERVICES: (process.env.SERVICES || 'web').split(','), PORT: process.env.PORT };\n`,
      'server/services/index.js': `module.exports = {\n  web: () => import('./web.js'),\n  cron: () => import('./cron.js'),\n};\n`,
      'server/services/web.js': `export default function init() {}\n`,
      'server/services/cron.js': `export default function init() {\n  setInterval(() => void runTasks(), 3600_000).unref();\n}\nasync function runTasks() {\n  await processScheduledTasks();\n}\n`,
    },
  },
  {
    name: 'a scheduler in a function nobody calls',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}const cron = require('node-cron');\nfunction legacyJobs() {\n  cron.schedule('* * * * *', () => sendEmails());\n}\n`,
    },
  },
  {
    name: 'BullMQ: repeatable jobs registered by the API, processed by a separate worker program',
    files: {
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*'] }),
      'apps/api/package.json': JSON.stringify({ name: 'api', scripts: { start: 'node src/index.mjs' } }),
      'apps/api/src/index.mjs': `import express from 'express';\nimport { Queue } from 'bullmq';\nconst queue = new Queue('reports');\nawait queue.add('weekly', {}, { repeat: { pattern: '0 8 * * 1' } });\nexpress().listen(process.env.PORT);\n`,
      'apps/worker/package.json': JSON.stringify({ name: 'worker', scripts: { start: 'node src/index.mjs' } }),
      'apps/worker/src/index.mjs': `import { Worker } from 'bullmq';\nnew Worker('reports', async () => {});\n`,
    },
  },
  {
    name: 'croner validating a user-defined pattern, and a per-entity schedule from this.cron',
    files: {
      'package.json': START('node server.js'),
      'server.js': `${EXPRESS}const Maintenance = require('./maintenance');\napp.post('/maintenance', async (req) => Maintenance.validateCron(req.body.cron));\nnew Maintenance().run();\n`,
      'maintenance.js': `const Cron = require('croner');\nclass Maintenance {\n  static validateCron(cron) {\n    const job = new Cron(cron, () => {});\n    job.stop();\n  }\n  async run() {\n    this.job = new Cron(this.cron, { timezone: this.timezone }, () => this.start());\n  }\n}\nmodule.exports = Maintenance;\n`,
    },
  },
  {
    name: 'a browser bundle under public/ polling the API',
    files: {
      'package.json': START('node app.js'),
      'app.js': `${EXPRESS}require('./public/src/shared');\n`,
      'public/src/shared.js': `module.exports = {};\n`,
      'public/src/dashboard.js': `require('./shared');\nsetInterval(() => fetch('/api/traffic').then((r) => r.json()).then(updateGraph), 15000);\n`,
    },
  },
  {
    name: 'cluster.fork() in a supervisor that serves nothing itself (the web program is the worker file)',
    files: {
      'package.json': START('node supervisor.js'),
      'supervisor.js': `const cluster = require('cluster');\ncluster.setupPrimary({ exec: 'worker.js' });\ncluster.fork();\n`,
    },
  },
];

describe(RULE, () => {
  describe('valid (near-misses that must not be flagged)', () => {
    for (const c of valid) {
      it(c.name, () => {
        assert.deepEqual(brief(findingsOf(c.files)), []);
      });
    }
  });
  describe('invalid', () => {
    for (const c of invalid) {
      it(c.name, () => {
        const findings = findingsOf(c.files);
        assert.deepEqual(
          brief(findings),
          c.errors!.map(({ severity: _, ...e }) => e),
        );
        c.errors!.forEach((e, i) => assert.equal(findings[i].severity, e.severity ?? 'warning'));
        for (const f of findings.filter((x) => x.messageId !== 'fork')) {
          assert.ok(
            f.related?.some((r) => /serves requests here/.test(r.message)),
            'related information points at the server start',
          );
        }
      });
    }
  });

  it('has at least as many near-misses as positives', () => {
    assert.ok(valid.length >= invalid.length);
  });

  describe('fix: put the job behind a switch (suggestion)', () => {
    it('wraps a multi-line statement, re-indented, and the finding goes away', () => {
      const files = {
        'package.json': START('node app.js'),
        'app.js': `${EXPRESS}const cron = require('node-cron');\ncron.schedule('*/5 * * * *', () => {\n  sendDigests();\n});\n`,
      };
      const [finding] = findingsOf(files);
      const fix = finding.fixes![0];
      assert.equal(fix.kind, 'suggestion');
      assert.equal(fix.title, 'Run this job only where RUN_JOBS=true (set it on one worker process type)');
      const { texts } = modelOf(files);
      const after = applyFix(fix, texts);
      const text = after.get(finding.file)!;
      assert.equal(
        text,
        `${EXPRESS}const cron = require('node-cron');\nif (process.env.RUN_JOBS === 'true') {\n  cron.schedule('*/5 * * * *', () => {\n    sendDigests();\n  });\n}\n`,
      );
      assert.equal(
        (ts.createSourceFile('app.js', text, ts.ScriptTarget.Latest) as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length,
        0,
      );
      assert.deepEqual(findingsOf({ ...files, 'app.js': text }), []);
    });

    it('uses the flag named in the options', () => {
      const files = {
        'package.json': START('node app.js'),
        '.twelvefactorrc.json': JSON.stringify({ rules: { [RULE]: ['warning', { flag: 'CLOCK' }] } }),
        'app.js': `${EXPRESS}setInterval(() => Invoice.create({}), 1000);\n`,
      };
      const [finding] = findingsOf(files);
      assert.match(finding.fixes![0].title, /CLOCK=true/);
    });

    it('offers no fix for a decorator or a job whose statement holds more than the call', () => {
      const files = {
        'package.json': START('node app.js'),
        'app.js': `${EXPRESS}const cron = require('node-cron');\nconst task = cron.schedule('* * * * *', () => sendEmails());\nmodule.exports = { task };\n`,
      };
      const [finding] = findingsOf(files);
      assert.deepEqual(finding.fixes ?? [], []);
    });
  });
});
