/**
 * admin-processes/no-migrations-at-startup: migrations in the code a web process runs while it starts
 * (judged across files by a workspace session) and in the commands that start it (Procfile lines, start
 * scripts, the image's CMD and entrypoint script). Exact findings (1-based) and fix output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import * as ts from 'typescript';
import { applyFix, type Finding } from '../../../../server/src/analysis';
import { brief, judge, modelOf, type Brief } from '../../program/helpers';

const RULE = 'admin-processes/no-migrations-at-startup';
const START = (script: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'svc', scripts: { start: script }, ...extra });
const PKG = (scripts: Record<string, string>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'svc', scripts, ...extra }, null, 2);
const EXPRESS_TS = `import express from 'express';\nexport const app = express();\n`;

type MessageId =
  'migrate' | 'syncForce' | 'syncAlter' | 'syncCreate' | 'synchronize' | 'migrationsRun' | 'dropSchema' | 'command' | 'platformCommand';
interface Case {
  name: string;
  files: Record<string, string>;
  errors?: (Omit<Brief, 'messageId'> & { messageId: MessageId })[];
}

/** Every finding of the rule: program findings (code) and per-file ones (commands). */
function findingsOf(files: Record<string, string>): Finding[] {
  const { session } = judge(files);
  return session.allFindings().filter((f) => f.ruleId === RULE);
}

const invalid: Case[] = [
  {
    name: 'a one-off file that migrates, run by a Procfile before the app, and by a start script with a node option before it (review)',
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['a', 'b'] }),
      'a/package.json': PKG({}, { main: 'server.js', dependencies: { knex: '^3.1.0' } }),
      'a/Procfile': 'web: node db/init.js && node server.js\n',
      'a/db/init.js': `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });\nknex.migrate.latest().then(() => knex.destroy());\n`,
      'a/server.js': `require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'b/package.json': PKG(
        { start: 'node -r dotenv/config db/init.js && node server.js' },
        { dependencies: { knex: '^3.1.0', dotenv: '^16.0.0' } },
      ),
      'b/db/init.js': `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });\nknex.migrate.latest().then(() => knex.destroy());\n`,
      'b/server.js': `require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    },
    errors: [
      { file: 'a/Procfile', line: 1, column: 6, messageId: 'command' },
      { file: 'b/package.json', line: 4, column: 15, messageId: 'command' },
    ],
  },
  {
    name: "a start script that runs a one-off file whose code migrates (planka's start.sh: node db/init.js → knex.migrate.latest()), then the app",
    files: {
      'package.json': PKG({ 'start:prod': 'node app.js --prod' }, { main: 'app.js', dependencies: { knex: '^3.1.0', sails: '^1.5.0' } }),
      Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN npm ci --omit=dev\nCMD ["./start.sh"]\n',
      'start.sh': '#!/bin/bash\nset -eu\nexport NODE_ENV=production\nnode db/init.js\nexec node app.js --prod\n',
      'db/init.js': `const knex = require('knex')(require('./knexfile'));\n(async () => {\n  await knex.migrate.latest();\n  await knex.seed.run();\n  await knex.destroy();\n})();\n`,
      'db/knexfile.js': `module.exports = { client: 'pg', connection: process.env.DATABASE_URL };\n`,
      'app.js': `const sails = require('sails');\nsails.lift({});\n`,
    },
    errors: [{ file: 'Dockerfile', line: 5, column: 5, messageId: 'command' }],
  },
  {
    name: 'a migration file run with node options before it (-r dotenv/config), then the server (Dokploy)',
    files: {
      'package.json': PKG({ start: 'node -r dotenv/config dist/migration.mjs && node --import ./instrument.mjs dist/server.mjs' }),
    },
    errors: [{ file: 'package.json', line: 4, column: 15, messageId: 'command' }],
  },
  {
    name: "Render: a web service's startCommand migrates, then starts",
    files: {
      'package.json': PKG({ start: 'node dist/server.js', build: 'tsc' }),
      'render.yaml':
        'services:\n  - type: web\n    name: api\n    runtime: node\n    buildCommand: npm ci && npm run build\n    startCommand: npx prisma migrate deploy && npm start\n',
    },
    errors: [{ file: 'render.yaml', line: 6, column: 19, messageId: 'platformCommand' }],
  },
  {
    name: "Railway: railway.json's startCommand runs a migrate script before npm start",
    files: {
      'package.json': PKG({ start: 'node server.js', 'db:migrate': 'knex migrate:latest' }),
      'railway.json':
        '{\n  "build": { "builder": "NIXPACKS" },\n  "deploy": {\n    "startCommand": "npm run db:migrate && npm start"\n  }\n}\n',
    },
    errors: [{ file: 'railway.json', line: 4, column: 22, messageId: 'platformCommand' }],
  },
  {
    name: "a production compose file: the app service's command migrates in sh -c before node",
    files: {
      'package.json': PKG({ start: 'node dist/main.js' }),
      'deploy/docker-compose.production.yml':
        'services:\n  app:\n    image: ghcr.io/acme/app:1.4.0\n    command: ["sh", "-c", "npx sequelize-cli db:migrate && node dist/main.js"]\n    ports: ["8080:8080"]\n',
    },
    errors: [{ file: 'deploy/docker-compose.production.yml', line: 4, column: 28, messageId: 'platformCommand' }],
  },
  {
    name: "heroku.yml's web process, Cloud Foundry's command and App Engine's entrypoint migrate before the server",
    files: {
      'package.json': PKG({ start: 'node server.js' }),
      'heroku.yml': 'build:\n  docker:\n    web: Dockerfile\nrun:\n  web: npx knex migrate:latest && node server.js\n',
      'cf/manifest.yml':
        'applications:\n  - name: shop\n    memory: 512M\n    command: npx typeorm migration:run -d dist/ds.js && node server.js\n',
      'gae/app.yaml': 'runtime: nodejs20\nentrypoint: node_modules/.bin/db-migrate up && node server.js\n',
    },
    errors: [
      { file: 'cf/manifest.yml', line: 4, column: 14, messageId: 'platformCommand' },
      { file: 'gae/app.yaml', line: 2, column: 13, messageId: 'platformCommand' },
      { file: 'heroku.yml', line: 5, column: 8, messageId: 'platformCommand' },
    ],
  },
  {
    name: 'Express (TS): sequelize.sync({ alter: true }) before listen',
    files: {
      'package.json': START('node dist/index.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': `import { app } from './app';\nimport { sequelize } from './db';\n\nsequelize.sync({ alter: true }).then(() => app.listen(process.env.PORT));\n`,
      'src/app.ts': EXPRESS_TS,
      'src/db.ts': `import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!);\n`,
    },
    errors: [{ file: 'src/index.ts', line: 4, column: 1, messageId: 'syncAlter' }],
  },
  {
    name: 'Express (CJS): await sequelize.sync({ force: true }) in the start function',
    files: {
      'package.json': JSON.stringify({ main: 'server.js' }),
      'server.js': `const express = require('express');\nconst db = require('./models');\nasync function start() {\n  await db.sequelize.sync({ force: true });\n  express().listen(process.env.PORT);\n}\nstart();\n`,
      'models/index.js': `const { Sequelize } = require('sequelize');\nmodule.exports = { sequelize: new Sequelize(process.env.DATABASE_URL) };\n`,
    },
    errors: [{ file: 'server.js', line: 4, column: 9, messageId: 'syncForce' }],
  },
  {
    name: 'plain sync() still creates tables in production (the alter branch is development only)',
    files: {
      'package.json': START('node index.js'),
      'index.js': `const http = require('http');\nconst { sequelize } = require('./db');\nconst env = process.env.NODE_ENV || 'development';\nconst syncOptions = env === 'development' ? { alter: true } : {};\nsequelize.sync(syncOptions).then(() => http.createServer().listen(process.env.PORT));\n`,
      'db.js': `const { Sequelize } = require('sequelize');\nexports.sequelize = new Sequelize(process.env.DATABASE_URL);\n`,
    },
    errors: [{ file: 'index.js', line: 5, column: 1, messageId: 'syncCreate' }],
  },
  {
    name: 'a server that answers only probes still migrates on every replica at start (a health-only Koa app, TypeORM synchronize: true)',
    files: {
      'package.json': START('ts-node src/server.ts'),
      'src/server.ts': `import Koa from 'koa';\nimport Router from '@koa/router';\nimport { createConnection } from 'typeorm';\nconst router = new Router();\nrouter.get('/health', (ctx) => {\n  ctx.body = 'ok';\n});\ncreateConnection({ type: 'postgres', url: process.env.DATABASE_URL, synchronize: true }).then(() =>\n  new Koa().use(router.routes()).listen(process.env.PORT),\n);\n`,
    },
    errors: [{ file: 'src/server.ts', line: 8, column: 69, messageId: 'synchronize' }],
  },
  {
    name: 'Koa: TypeORM synchronize: true in the connection options of the server',
    files: {
      'package.json': START('ts-node src/server.ts'),
      'src/server.ts': `import Koa from 'koa';\nimport { createConnection, ConnectionOptions } from 'typeorm';\n\nconst connectionOptions: ConnectionOptions = {\n  type: 'postgres',\n  url: process.env.DATABASE_URL,\n  synchronize: true,\n  entities: ['dist/entity/**/*.js'],\n};\ncreateConnection(connectionOptions).then(() => new Koa().listen(process.env.PORT));\n`,
    },
    errors: [{ file: 'src/server.ts', line: 7, column: 3, messageId: 'synchronize' }],
  },
  {
    name: 'near-misses of options named for an environment: a name without one (devices), a test word in a result, not options; dev options spread into production',
    files: {
      'package.json': START('node dist/index.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': `import express from 'express';\nimport { DataSource } from 'typeorm';\nconst devicesConfig = { type: 'postgres' as const, url: process.env.DATABASE_URL, synchronize: true };\nconst ds = new DataSource(devicesConfig);\nasync function main() {\n  await ds.initialize();\n  const testRun = await ds.runMigrations();\n  express().listen(process.env.PORT);\n  return testRun;\n}\nvoid main();\nimport './other';\n`,
      'src/other.ts': `import { DataSource } from 'typeorm';\nconst devConfig = { type: 'postgres' as const, migrationsRun: true };\nconst prodConfig = { ...devConfig, ssl: true };\nexport const other = new DataSource(process.env.NODE_ENV === 'production' ? prodConfig : devConfig);\n`,
    },
    errors: [
      { file: 'src/index.ts', line: 3, column: 83, messageId: 'synchronize' },
      { file: 'src/index.ts', line: 7, column: 25, messageId: 'migrate' },
      { file: 'src/other.ts', line: 2, column: 48, messageId: 'migrationsRun' },
    ],
  },
  {
    name: 'Nest: TypeOrmModule.forRootAsync factory with migrationsRun: true',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start', 'start:prod': 'node dist/main' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { TypeOrmModule } from '@nestjs/typeorm';\n\n@Module({\n  imports: [\n    TypeOrmModule.forRootAsync({\n      useFactory: () => ({ type: 'postgres', url: process.env.DATABASE_URL, autoLoadEntities: true, migrationsRun: true }),\n    }),\n  ],\n})\nexport class AppModule {}\n`,
    },
    errors: [{ file: 'src/app.module.ts', line: 7, column: 101, messageId: 'migrationsRun' }],
  },
  {
    name: 'Nest: migrationsRun read from the config service with a default of true (ohmyform); false by default or no default is a switch',
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start', 'start:prod': 'node dist/main' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ConfigService } from '@nestjs/config';\nimport { TypeOrmModule } from '@nestjs/typeorm';\n@Module({\n  imports: [\n    TypeOrmModule.forRootAsync({\n      inject: [ConfigService],\n      useFactory: (configService: ConfigService) => ({\n        type: 'postgres',\n        url: configService.get('DATABASE_URL'),\n        migrationsRun: configService.get<boolean>('DATABASE_MIGRATE', true),\n        synchronize: configService.get<boolean>('DATABASE_SYNC', false),\n        dropSchema: configService.get<boolean>('DATABASE_DROP'),\n      }),\n    }),\n  ],\n})\nexport class AppModule {}\n`,
    },
    errors: [{ file: 'src/app.module.ts', line: 11, column: 9, messageId: 'migrationsRun' }],
  },
  {
    name: "Nest: a module's onModuleInit runs the app's migration service, whose method runs Kysely's migrator: one finding, at the migrator",
    files: {
      'package.json': JSON.stringify({ scripts: { start: 'nest start' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nbootstrap();\n`,
      'src/app.module.ts': `import { Module, OnModuleInit } from '@nestjs/common';\nimport { MigrationService } from './migration.service';\n\n@Module({ providers: [MigrationService] })\nexport class AppModule implements OnModuleInit {\n  constructor(private readonly migrationService: MigrationService) {}\n  async onModuleInit() {\n    await this.migrationService.migrateToLatest();\n  }\n}\n`,
      'src/migration.service.ts': `import { Injectable } from '@nestjs/common';\nimport { Kysely, Migrator, FileMigrationProvider } from 'kysely';\nimport { promises as fs } from 'fs';\nimport * as path from 'path';\n\n@Injectable()\nexport class MigrationService {\n  constructor(private readonly db: Kysely<unknown>) {}\n  async migrateToLatest(): Promise<void> {\n    const migrator = new Migrator({ db: this.db, provider: new FileMigrationProvider({ fs, path, migrationFolder: path.join(__dirname, 'migrations') }) });\n    await migrator.migrateToLatest();\n  }\n}\n`,
    },
    errors: [{ file: 'src/migration.service.ts', line: 11, column: 11, messageId: 'migrate' }],
  },
  {
    name: 'Fastify (ESM): knex.migrate.latest() awaited before listen',
    files: {
      'package.json': START('node src/server.mjs'),
      'src/server.mjs': `import Fastify from 'fastify';\nimport knex from './db.mjs';\n\nconst fastify = Fastify();\nawait knex.migrate.latest();\nawait fastify.listen({ port: Number(process.env.PORT), host: '0.0.0.0' });\n`,
      'src/db.mjs': `import Knex from 'knex';\nexport default Knex({ client: 'pg', connection: process.env.DATABASE_URL });\n`,
    },
    errors: [{ file: 'src/server.mjs', line: 5, column: 7, messageId: 'migrate' }],
  },
  {
    name: 'knex.migrate.latest() at module load of a file the routes import',
    files: {
      'package.json': START('node app.js'),
      'app.js': `const app = require('express')();\napp.use(require('./routes'));\napp.listen(process.env.PORT);\n`,
      'routes.js': `const knex = require('./db/knex');\nmodule.exports = (req, res, next) => next();\n`,
      'db/knex.js': `const config = require('../knexfile');\nconst knex = require('knex')(config);\nknex.migrate.latest([config]);\nmodule.exports = knex;\n`,
      'knexfile.js': `module.exports = { client: 'pg' };\n`,
    },
    errors: [{ file: 'db/knex.js', line: 3, column: 1, messageId: 'migrate' }],
  },
  {
    name: 'Umzug up() in the bootstrap of a plain http server',
    files: {
      'package.json': START('tsx src/main.ts'),
      'src/main.ts': `import { createServer } from 'node:http';\nimport { Umzug, SequelizeStorage } from 'umzug';\nimport { sequelize } from './db';\n\nconst umzug = new Umzug({ migrations: { glob: 'migrations/*.js' }, storage: new SequelizeStorage({ sequelize }), logger: console });\n\nasync function main() {\n  await umzug.up();\n  createServer().listen(Number(process.env.PORT));\n}\nvoid main();\n`,
      'src/db.ts': `export const sequelize = {};\n`,
    },
    errors: [{ file: 'src/main.ts', line: 8, column: 9, messageId: 'migrate' }],
  },
  {
    name: 'MikroORM migrator and Drizzle migrate() in two services',
    files: {
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*'] }),
      'apps/a/package.json': JSON.stringify({ name: 'a', scripts: { start: 'node src/index.js' } }),
      'apps/a/src/index.js': `const { MikroORM } = require('@mikro-orm/core');\nconst express = require('express');\n(async () => {\n  const orm = await MikroORM.init();\n  await orm.getMigrator().up();\n  express().listen(process.env.PORT);\n})();\n`,
      'apps/b/package.json': JSON.stringify({ name: 'b', scripts: { start: 'node src/index.mjs' } }),
      'apps/b/src/index.mjs': `import { migrate } from 'drizzle-orm/node-postgres/migrator';\nimport express from 'express';\nimport { db } from './db.mjs';\nawait migrate(db, { migrationsFolder: './drizzle' });\nexpress().listen(process.env.PORT);\n`,
      'apps/b/src/db.mjs': `export const db = {};\n`,
    },
    errors: [
      { file: 'apps/a/src/index.js', line: 5, column: 9, messageId: 'migrate' },
      { file: 'apps/b/src/index.mjs', line: 4, column: 7, messageId: 'migrate' },
    ],
  },
  {
    name: 'prisma migrate deploy run through execSync at startup',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const { execSync } = require('child_process');\nexecSync('npx prisma migrate deploy', { stdio: 'inherit' });\nrequire('express')().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'server.js', line: 2, column: 1, messageId: 'migrate' }],
  },
  {
    name: 'Dockerfile CMD: migrate, then start (shell form)',
    files: {
      'package.json': PKG({ start: 'node server/server.js', migrate: 'knex migrate:latest' }),
      Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD npm run migrate && npm start\n',
      'server/server.js': `require('express')().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'Dockerfile', line: 5, column: 5, messageId: 'command' }],
  },
  {
    name: 'Dockerfile CMD: prisma migrate deploy && node dist/main.js (sh -c)',
    files: {
      'package.json': START('node dist/main.js'),
      Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY dist ./dist\nCMD ["sh", "-c", "npx prisma migrate deploy && node dist/main.js"]\n',
    },
    errors: [{ file: 'Dockerfile', line: 4, column: 5, messageId: 'command' }],
  },
  {
    name: 'Dockerfile entrypoint script that migrates before exec node',
    files: {
      'package.json': START('node main'),
      Dockerfile:
        'FROM node:20-slim\nWORKDIR /app\nCOPY docker/entrypoint.sh /app/entrypoint.sh\nCOPY dist .\nCMD [ "/app/entrypoint.sh" ]\n',
      'docker/entrypoint.sh':
        '#!/bin/sh\nset -ex\necho "Running database migrations"\nnpx prisma migrate deploy\nnpx prisma db seed\nexec node main\n',
    },
    errors: [{ file: 'Dockerfile', line: 5, column: 5, messageId: 'command' }],
  },
  {
    name: 'an entrypoint script behind an init (dumb-init --, tini -g --) that migrates, then execs the CMD (langfuse)',
    files: {
      'package.json': START('node server.js'),
      Dockerfile:
        'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCOPY ./entrypoint.sh ./entrypoint.sh\nENTRYPOINT ["dumb-init", "--", "./entrypoint.sh"]\nCMD ["node", "server.js"]\n',
      'worker/Dockerfile':
        'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCOPY worker/entrypoint.sh ./entrypoint.sh\nENTRYPOINT ["/sbin/tini", "-g", "--", "./entrypoint.sh"]\nCMD ["node", "server.js"]\n',
      'api/Dockerfile':
        'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCOPY worker/entrypoint.sh ./entrypoint.sh\nENTRYPOINT ["dumb-init", "--rewrite", "15:2", "--", "./entrypoint.sh"]\nCMD ["node", "server.js"]\n',
      'entrypoint.sh': '#!/bin/sh\nset -e\nnpx prisma migrate deploy\nexec "$@"\n',
      'worker/entrypoint.sh': '#!/bin/sh\nset -e\nnpx prisma migrate deploy\nexec "$@"\n',
    },
    errors: [
      { file: 'Dockerfile', line: 5, column: 12, messageId: 'command' },
      { file: 'api/Dockerfile', line: 5, column: 12, messageId: 'command' },
      { file: 'worker/Dockerfile', line: 5, column: 12, messageId: 'command' },
    ],
  },
  {
    name: 'Procfile web line migrates before it starts',
    files: {
      Procfile: 'web: npx sequelize-cli db:migrate && node index.js\n',
      'package.json': START('node index.js'),
      'index.js': `require('express')().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'Procfile', line: 1, column: 6, messageId: 'command' }],
  },
  {
    name: 'start script: npm run migrate && node dist/main.js',
    files: {
      'package.json': PKG({
        build: 'tsc',
        migrate: 'typeorm migration:run -d dist/data-source.js',
        start: 'npm run migrate && node dist/main.js',
      }),
    },
    errors: [{ file: 'package.json', line: 6, column: 15, messageId: 'command' }],
  },
  {
    name: "other migration tools' commands before the app: AdonisJS ace, dbmate, golang-migrate, flyway, graphile-migrate",
    files: {
      'package.json': START('node build/bin/server.js'),
      Dockerfile: 'FROM node:22\nWORKDIR /app\nCOPY . .\nCMD node ace migration:run --force && node bin/server.js\n',
      Procfile: 'web: dbmate up && node build/bin/server.js\n',
      'b/package.json': START('migrate -path db/migrations -database "$DATABASE_URL" up && node server.js'),
      'c/package.json': START('flyway -url=$DB migrate; graphile-migrate migrate && node server.js'),
    },
    errors: [
      { file: 'Dockerfile', line: 4, column: 5, messageId: 'command' },
      { file: 'Procfile', line: 1, column: 6, messageId: 'command' },
      { file: 'b/package.json', line: 1, column: 34, messageId: 'command' },
      { file: 'c/package.json', line: 1, column: 35, messageId: 'command' },
      { file: 'c/package.json', line: 1, column: 60, messageId: 'command' },
    ],
  },
  {
    name: 'prestart runs the migrations (npm runs it before start)',
    files: {
      'package.json': PKG({ prestart: 'knex migrate:latest', start: 'node server.js' }),
    },
    errors: [{ file: 'package.json', line: 4, column: 18, messageId: 'command' }],
  },
  {
    name: "migration packages' own functions before the server starts: postgres-migrations (CJS, Fastify), ley (ESM, Koa), postgres-shift (TS, Hono)",
    files: {
      'package.json': JSON.stringify({ name: 'svc', main: 'server.js', scripts: { start: 'node server.js' } }),
      'koa/package.json': JSON.stringify({ name: 'koa-svc', type: 'module', scripts: { start: 'node server.js' } }),
      'server.js': `const fastify = require('fastify')();\nconst { Client } = require('pg');\nconst { migrate } = require('postgres-migrations');\nasync function main() {\n  const client = new Client({ connectionString: process.env.DATABASE_URL });\n  await client.connect();\n  await migrate({ client }, './migrations');\n  await fastify.listen({ port: Number(process.env.PORT) });\n}\nmain();\n`,
      'koa/server.js': `import Koa from 'koa';\nimport * as ley from 'ley';\nawait ley.up({ driver: 'postgres', dir: 'migrations' });\nnew Koa().listen(process.env.PORT);\n`,
      'hono/package.json': JSON.stringify({ name: 'hono-svc', scripts: { start: 'node dist/index.js' } }),
      'hono/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'hono/src/index.ts': `import { serve } from '@hono/node-server';\nimport { Hono } from 'hono';\nimport shift from 'postgres-shift';\nimport postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL!);\nawait shift({ sql, path: 'migrations' });\nserve({ fetch: new Hono().fetch, port: Number(process.env.PORT) });\n`,
    },
    errors: [
      { file: 'hono/src/index.ts', line: 6, column: 7, messageId: 'migrate' },
      { file: 'koa/server.js', line: 3, column: 7, messageId: 'migrate' },
      { file: 'server.js', line: 7, column: 9, messageId: 'migrate' },
    ],
  },
  {
    name: 'a script kept with the migrations, run by the production start before cross-env starts the app (swetrix)',
    files: {
      'package.json': PKG({
        'clickhouse:initialise': 'node migrations/clickhouse/initialise_selfhosted.js',
        'start:prod': 'npm run clickhouse:initialise && cross-env NODE_ENV=production node dist/main',
      }),
      // Review: other runners of the start, and a db/migrate folder.
      'b/package.json': START('node db/migrate/run.js && npx cross-env NODE_ENV=production node dist/main'),
      'c/package.json': START('node migrations/init.js && cross-env-shell NODE_ENV=production "node dist/main"'),
      'd/package.json': START('node migrations/init.js && dotenv -e .env.production -- node dist/main'),
      'e/package.json': START('node migrations/init.js && npx -p cross-env cross-env NODE_ENV=production node dist/main'),
    },
    errors: [
      { file: 'b/package.json', line: 1, column: 35, messageId: 'command' },
      // The value holds escaped quotes: the range is the whole string.
      { file: 'c/package.json', line: 1, column: 34, messageId: 'command' },
      { file: 'd/package.json', line: 1, column: 35, messageId: 'command' },
      { file: 'e/package.json', line: 1, column: 35, messageId: 'command' },
      { file: 'package.json', line: 5, column: 20, messageId: 'command' },
    ],
  },
  {
    name: 'near-miss of a platform override: a fly.toml that runs the image as it is (no processes)',
    files: {
      'package.json': PKG({ start: 'node dist/index.js', 'start:with-migrations': 'node dist/migrate-up.js && npm start' }),
      Dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "run", "start:with-migrations"]\n',
      'fly.toml': "app = 'server'\n\n[http_service]\ninternal_port = 3000\n",
    },
    errors: [{ file: 'Dockerfile', line: 5, column: 5, messageId: 'command' }],
  },
  {
    name: "a fly.toml that replaces the CMD: the ENTRYPOINT script still runs in front of its processes, and a process's own migration counts",
    files: {
      'package.json': PKG({ start: 'node server.js' }),
      Dockerfile:
        'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n',
      'docker-entrypoint.sh': '#!/bin/sh\nset -e\nnpx knex migrate:latest\nexec "$@"\n',
      'fly.toml':
        "app = 'notes'\n\n[processes]\n  app = \"sh -c 'npx knex migrate:latest && node server.js'\"\n  worker = 'node worker.js'\n",
      'api/package.json': PKG({ start: 'node server.js' }),
      'api/Dockerfile': 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD node server.js\n',
      'api/fly.toml': "[processes]\r\n# release = 'npx prisma migrate deploy'\r\napp = 'npx prisma migrate deploy && node server.js'\r\n",
    },
    errors: [
      { file: 'Dockerfile', line: 5, column: 12, messageId: 'command' },
      { file: 'Dockerfile', line: 6, column: 5, messageId: 'command' },
      { file: 'api/Dockerfile', line: 4, column: 5, messageId: 'command' },
    ],
  },
];

const valid: Case[] = [
  {
    name: 'near-misses of a one-off file that migrates: a Procfile warming a cache first, a start script seeding with a node option first',
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['a', 'b'] }),
      'a/package.json': PKG({}, { main: 'server.js' }),
      'a/Procfile': 'web: node scripts/warm-cache.js && node server.js\n',
      'a/scripts/warm-cache.js': `const fs = require('fs');\nfs.writeFileSync('/tmp/cache.json', '{}');\n`,
      'a/server.js': `require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'b/package.json': PKG(
        { start: 'node -r dotenv/config db/seed.js && node server.js' },
        { dependencies: { knex: '^3.1.0', dotenv: '^16.0.0' } },
      ),
      'b/db/seed.js': `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });\nknex.seed.run().then(() => knex.destroy());\n`,
      'b/server.js': `require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    },
  },
  {
    name: 'near-miss of a one-off file that migrates: one that only seeds, before the app',
    files: {
      'package.json': PKG({ 'start:prod': 'node app.js --prod' }, { main: 'app.js', dependencies: { knex: '^3.1.0' } }),
      Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN npm ci --omit=dev\nCMD ["./start.sh"]\n',
      'start.sh': '#!/bin/bash\nset -eu\nnode db/seed.js\nexec node app.js --prod\n',
      'db/seed.js': `const knex = require('knex')(require('./knexfile'));\nknex.seed.run().then(() => knex.destroy());\n`,
      'db/knexfile.js': `module.exports = { client: 'pg', connection: process.env.DATABASE_URL };\n`,
      'app.js': `const http = require('http');\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    },
  },
  {
    name: 'near-misses of node options: a preloaded module named for migrations is no program, the program after it is the server',
    files: {
      'package.json': PKG({ start: 'node -r ./migrations/register.js --env-file .env dist/server.js' }),
    },
  },
  {
    name: "Render: the migration in the service's preDeployCommand, and in a cron job's command",
    files: {
      'package.json': PKG({ start: 'node dist/server.js' }),
      'render.yaml':
        'services:\n  - type: web\n    name: api\n    preDeployCommand: npx prisma migrate deploy\n    startCommand: npm start\n  - type: cron\n    name: nightly\n    schedule: "0 3 * * *"\n    startCommand: npx prisma migrate deploy && node dist/nightly.js\n',
    },
  },
  {
    name: "Railway's preDeployCommand, and a development environment's override that migrates",
    files: {
      'package.json': PKG({ start: 'node server.js', migrate: 'knex migrate:latest' }),
      'railway.json':
        '{\n  "deploy": { "preDeployCommand": ["npm run migrate"], "startCommand": "npm start" },\n  "environments": { "development": { "deploy": { "startCommand": "npm run migrate && npm start" } } }\n}\n',
    },
  },
  {
    name: "heroku.yml's release phase migrates; a compose file that is not production's migrates on up",
    files: {
      'package.json': PKG({ start: 'node server.js' }),
      'heroku.yml':
        'build:\n  docker:\n    web: Dockerfile\nrelease:\n  command:\n    - npx knex migrate:latest\nrun:\n  web: node server.js\n',
      'docker-compose.yml': 'services:\n  app:\n    build: .\n    command: sh -c "npx knex migrate:latest && node server.js"\n',
    },
  },
  {
    name: "a production compose file's one-off migrate service, and a Python app.yaml's entrypoint",
    files: {
      'package.json': PKG({ start: 'node dist/main.js' }),
      'docker-compose.prod.yml':
        'services:\n  migrate:\n    image: ghcr.io/acme/app:1.4.0\n    command: ["npx", "prisma", "migrate", "deploy"]\n  app:\n    image: ghcr.io/acme/app:1.4.0\n    command: ["node", "dist/main.js"]\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n',
      'tools/app.yaml': 'runtime: python312\nentrypoint: alembic upgrade head && gunicorn main:app\n',
    },
  },
  {
    name: 'an image whose command fly.toml replaces: its processes start the app, its release_command migrates',
    files: {
      'package.json': PKG({ start: 'node dist/index.js', 'start:with-migrations': 'node dist/migrate-up.js && npm start' }),
      Dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "run", "start:with-migrations"]\n',
      'fly.toml':
        "app = 'server'\n\n[deploy]\nrelease_command = 'node dist/migrate-up.js'\n\n[processes]\n# the web process\nweb = 'npm start'\n",
    },
  },
  {
    name: 'near-misses of a migrations folder: its script run by hand, a start through cross-env alone, a seed before the app',
    files: {
      'package.json': PKG({
        'clickhouse:initialise': 'node migrations/clickhouse/initialise_selfhosted.js',
        'start:prod': 'cross-env NODE_ENV=production node dist/main',
        start: 'node scripts/seed-demo.js && node migrations/seed-demo.js && node dist/main',
      }),
    },
  },
  {
    name: 'an entrypoint script behind dumb-init that only prepares the environment, and a migration in a release stage',
    files: {
      'package.json': START('node server.js'),
      Dockerfile:
        'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCOPY ./entrypoint.sh ./entrypoint.sh\nENTRYPOINT ["dumb-init", "--", "./entrypoint.sh"]\nCMD ["node", "server.js"]\n',
      'entrypoint.sh': '#!/bin/sh\nset -e\nexport NODE_OPTIONS=--enable-source-maps\nexec "$@"\n',
      Procfile: 'release: npx prisma migrate deploy\nweb: node server.js\n',
    },
  },
  {
    name: "an entrypoint behind tini whose modes exec the migration or the server (the image's CMD picks one)",
    files: {
      'package.json': START('node dist/server.js'),
      Dockerfile:
        'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCOPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh\nENTRYPOINT ["/usr/bin/tini", "--", "entrypoint.sh"]\nCMD ["web"]\n',
      'docker/entrypoint.sh':
        '#!/bin/sh\nset -eu\ncase "${1:-web}" in\n  migrate)\n    exec node dist/migrate.js\n    ;;\n  web)\n    exec node dist/server.js\n    ;;\n  *)\n    exec "$@"\n    ;;\nesac\n',
    },
  },
  {
    name: 'Koa: sequelize.sync() only outside production, migrations through sequelize-cli in their own script',
    files: {
      'package.json': PKG({ start: 'node server.js', migrate: 'sequelize-cli db:migrate' }),
      'server.js': `const Koa = require('koa');\nconst { sequelize } = require('./db');\nconst init = async () => {\n  if (process.env.NODE_ENV !== 'production') await sequelize.sync();\n  new Koa().listen(process.env.PORT);\n};\ninit();\n`,
      'db.js': `const { Sequelize } = require('sequelize');\nexports.sequelize = new Sequelize(process.env.DATABASE_URL);\n`,
    },
  },
  {
    name: 'compose: a one-off migrate service next to the web service (the web command only starts)',
    files: {
      'package.json': PKG({ start: 'node dist/main.js', 'db:migrate': 'prisma migrate deploy' }),
      'docker-compose.yml':
        'services:\n  migrate:\n    build: .\n    command: npx prisma migrate deploy\n    restart: "no"\n  web:\n    build: .\n    command: npm start\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n',
      'src/main.ts': `import express from 'express';\nexpress().listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'migrations in their own script (a bin with no server), started by npm run migrate',
    files: {
      'package.json': PKG({ start: 'node dist/index.js', migrate: 'node dist/migrate.js' }, { bin: { migrate: 'dist/migrate.js' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': `import express from 'express';\nexpress().listen(process.env.PORT);\n`,
      'src/migrate.ts': `import { knex } from './db';\nknex.migrate.latest().then(() => knex.destroy());\n`,
      'src/db.ts': `import Knex from 'knex';\nexport const knex = Knex({ client: 'pg' });\n`,
    },
  },
  {
    name: 'Procfile release: line (and a web line that only starts)',
    files: {
      Procfile: 'web: npm run start:prod\nrelease: npm run migration:run && npm run seed:run\n',
      'package.json': PKG({ 'start:prod': 'node dist/main', 'migration:run': 'typeorm migration:run' }),
    },
  },
  {
    name: 'TypeORM synchronize outside production only',
    files: {
      'package.json': START('ts-node src/index.ts'),
      'src/index.ts': `import { DataSource } from 'typeorm';\nimport express from 'express';\nconst ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, synchronize: process.env.NODE_ENV !== 'production', entities: [] });\nds.initialize().then(() => express().listen(process.env.PORT));\n`,
    },
  },
  {
    name: 'TypeORM options named for development (devConfig beside prodConfig, chosen by NODE_ENV)',
    files: {
      'package.json': START('node dist/index.js'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': `import express from 'express';\nimport { DataSource, DataSourceOptions } from 'typeorm';\nconst devConfig: DataSourceOptions = { type: 'postgres', url: process.env.DATABASE_URL, synchronize: true, migrationsRun: true };\nconst prodConfig: DataSourceOptions = { type: 'postgres', url: process.env.DATABASE_URL, synchronize: false };\nconst options = process.env.NODE_ENV === 'production' ? prodConfig : devConfig;\nnew DataSource(options).initialize().then(() => express().listen(process.env.PORT));\n`,
    },
  },
  {
    name: 'TypeORM synchronize behind an operator switch',
    files: {
      'package.json': START('ts-node src/index.ts'),
      'src/index.ts': `import { DataSource } from 'typeorm';\nimport express from 'express';\nconst ds = new DataSource({ type: 'postgres', synchronize: process.env.DATABASE_SYNCHRONIZE === 'true', entities: [] });\nds.initialize().then(() => express().listen(process.env.PORT));\n`,
    },
  },
  {
    name: 'per-environment config: synchronize in the development block only',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const { createConnection } = require('typeorm');\nconst config = require('./ormconfig');\ncreateConnection(config[process.env.NODE_ENV]).then(() => require('express')().listen(process.env.PORT));\n`,
      'ormconfig.js': `module.exports = {\n  development: { type: 'sqlite', database: 'dev.db', synchronize: true },\n  production: { type: 'postgres', url: process.env.DATABASE_URL, synchronize: false },\n};\n`,
    },
  },
  {
    name: 'sequelize.sync() behind a switch, else migrations via sequelize-cli',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const db = require('./models');\nasync function start() {\n  if (process.env.DB_SYNC_ALTER === 'true') {\n    await db.sequelize.sync({ alter: true });\n  } else {\n    console.log('Skipping Sequelize sync; use migrations via sequelize-cli');\n  }\n  require('express')().listen(process.env.PORT);\n}\nstart();\n`,
      'models/index.js': `const { Sequelize } = require('sequelize');\nexports.sequelize = new Sequelize(process.env.DATABASE_URL);\n`,
    },
  },
  {
    name: 'sync in development only (NODE_ENV check)',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const { sequelize } = require('./db');\nif (process.env.NODE_ENV === 'development') sequelize.sync({ alter: true });\nrequire('express')().listen(process.env.PORT);\n`,
      'db.js': `const { Sequelize } = require('sequelize');\nexports.sequelize = new Sequelize(process.env.DATABASE_URL);\n`,
    },
  },
  {
    name: 'a setup script that syncs with force (run by hand: npm run setup-example-db)',
    files: {
      'package.json': PKG({ start: 'node index.js', 'setup-example-db': 'node sqlite-example-database/setup.js' }),
      'index.js': `require('express')().listen(process.env.PORT);\n`,
      'sqlite-example-database/setup.js': `const sequelize = require('../sequelize');\nasync function reset() {\n  await sequelize.sync({ force: true });\n}\nreset();\n`,
      'sequelize.js': `const { Sequelize } = require('sequelize');\nmodule.exports = new Sequelize('sqlite::memory:');\n`,
    },
  },
  {
    name: 'an admin endpoint that runs the migrations on request',
    files: {
      'package.json': START('node app.js'),
      'app.js': `const app = require('express')();\nconst knex = require('./db');\napp.post('/admin/migrate', async (req, res) => {\n  await knex.migrate.latest();\n  res.sendStatus(204);\n});\napp.listen(process.env.PORT);\n`,
      'db.js': `module.exports = require('knex')({ client: 'pg' });\n`,
    },
  },
  {
    name: 'tests sync the schema',
    files: {
      'package.json': START('node app.js'),
      'app.js': `module.exports = require('express')();\nmodule.exports.listen(process.env.PORT);\n`,
      'test/setup.test.js': `const { sequelize } = require('../models');\nrequire('../app');\nbefore(() => sequelize.sync({ force: true }));\n`,
      'models/index.js': `module.exports = {};\n`,
    },
  },
  {
    name: 'migration files themselves (an Umzug resolve wrapper calling one migration up)',
    files: {
      'package.json': START('node server.js'),
      'server.js': `const { createMigrationRunner } = require('./database');\nrequire('express')().listen(process.env.PORT);\nmodule.exports = { createMigrationRunner };\n`,
      'database.js': `const { Umzug } = require('umzug');\nexports.createMigrationRunner = () => new Umzug({\n  migrations: { glob: 'migrations/*.js', resolve: ({ name, path }) => {\n    const migration = require(path);\n    return { name, up: async () => migration.up() };\n  } },\n});\n`,
    },
  },
  {
    name: 'dev scripts and seeds: start:dev migrates, seeds are data',
    files: {
      'package.json': PKG({
        start: 'node dist/main.js',
        'start:dev': 'prisma migrate dev && nest start --watch',
        'db:seed': 'prisma db seed',
        dev: 'npm run migrate && nodemon',
      }),
    },
  },
  {
    name: 'a test Dockerfile and a dev Procfile migrate before running',
    files: {
      'package.json': START('node main.js'),
      'Dockerfile.test': 'FROM node:20\nCMD npx prisma migrate deploy && npm run test:e2e\n',
      'relational.dev.Dockerfile': 'FROM node:20\nCMD npx prisma migrate deploy && npm start\n',
      'Procfile.dev': 'web: npx knex migrate:latest && node main.js\n',
    },
  },
  {
    name: "near-misses of those tools: ace commands that do not migrate, dbmate's new and status, migrate down, flyway info, a release line",
    files: {
      'package.json': START('node ace list:routes && node build/bin/server.js'),
      Procfile: 'release: node ace migration:run --force\nweb: dbmate status && node build/bin/server.js\n',
      'b/package.json': START(
        'migrate -path db/migrations -database "$DATABASE_URL" down && flyway info && dbmate new users && node server.js',
      ),
    },
  },
  {
    name: 'a job image that migrates, then seeds (node seeds/index.js is a one-off, not the app; review)',
    files: {
      'package.json': PKG({ start: 'prisma migrate deploy && node seeds/index.js' }),
      Dockerfile:
        'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["sh", "-c", "npx prisma migrate deploy && node seeds/index.js"]\n',
    },
  },
  {
    name: 'a migration image: the CMD only migrates (a one-off process)',
    files: {
      'package.json': START('node main.js'),
      'migrate.Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["npx", "prisma", "migrate", "deploy"]\n',
    },
  },
  {
    name: 'heroku-postbuild migrates during the build (not the start)',
    files: {
      'package.json': PKG({
        start: 'node build/server/index.js',
        'heroku-postbuild': 'yarn build && yarn db:migrate',
        'db:migrate': 'sequelize db:migrate',
      }),
    },
  },
  {
    name: 'a migrate function exported but never called by the web program',
    files: {
      'package.json': START('node app.js'),
      'app.js': `const { knex } = require('./db');\nrequire('express')().listen(process.env.PORT);\n`,
      'db.js': `const knex = require('knex')({ client: 'pg' });\nasync function migrateDatabase() {\n  await knex.migrate.latest();\n}\nmodule.exports = { knex, migrateDatabase };\n`,
    },
  },
  {
    name: "migration packages' functions in their own script, and a function of the same name from elsewhere before the server starts",
    files: {
      'package.json': JSON.stringify({
        name: 'svc',
        main: 'server.js',
        scripts: { start: 'node server.js', migrate: 'node scripts/migrate.js' },
      }),
      'scripts/migrate.js': `const { Client } = require('pg');\nconst { migrate } = require('postgres-migrations');\n(async () => {\n  const client = new Client();\n  await client.connect();\n  await migrate({ client }, './migrations');\n  await client.end();\n})();\n`,
      'server.js': `const fastify = require('fastify')();\nconst { migrate } = require('./lib/cache-format');\nconst ley = require('./lib/ley');\nmigrate('v2');\nley.up();\nfastify.listen({ port: Number(process.env.PORT) });\n`,
      'lib/cache-format.js': 'exports.migrate = (v) => v;\n',
      'lib/ley.js': 'exports.up = () => 1;\n',
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
        assert.deepEqual(brief(findingsOf(c.files)), c.errors);
      });
    }
  });

  it('has at least as many near-misses as positives', () => {
    assert.ok(valid.length >= invalid.length);
  });

  it('judges a file by its path in the folder, not by the folders above it (a checkout named api-test, ~/dev/…)', () => {
    const files = invalid.find((c) => c.name.startsWith('Express (TS)'))!.files;
    for (const root of [path.resolve('/home/me/dev/api-test'), path.resolve('/srv/seeds/local')]) {
      const { session } = judge(files, root);
      const found = session.allFindings().filter((f) => f.ruleId === RULE);
      assert.deepEqual(
        found.map((f) => [path.relative(root, f.file).split(path.sep).join('/'), f.range.start.line + 1, f.messageId]),
        [['src/index.ts', 4, 'syncAlter']],
      );
    }
    // An app's folder higher up in the workspace says nothing of the file either (apps/dev-portal/src/db/connect.ts).
    const nested = Object.fromEntries(
      Object.entries(files).map(([f, t]) => [
        f === 'package.json' || f === 'tsconfig.json' ? `apps/dev-portal/${f}` : `apps/dev-portal/${f}`,
        t,
      ]),
    );
    assert.deepEqual(brief(findingsOf(nested)), [{ file: 'apps/dev-portal/src/index.ts', line: 4, column: 1, messageId: 'syncAlter' }]);
    // …while a file named for development in the folder stays a development file.
    const dev = {
      ...files,
      'src/index.ts': `import './dev/sync';\n${files['src/index.ts'].replace('sequelize.sync({ alter: true }).then(() => app.listen(process.env.PORT));', 'app.listen(process.env.PORT);')}`,
      'src/dev/sync.ts': `import { sequelize } from '../db';\nsequelize.sync({ alter: true });\n`,
    };
    assert.deepEqual(brief(findingsOf(dev)), []);
  });

  it('points a code finding at the server start, and an entrypoint finding at the script line', () => {
    const [code] = findingsOf(invalid.find((c) => c.name.startsWith('Express (TS)'))!.files);
    assert.ok(code.related?.some((r) => /serves requests here/.test(r.message)));
    const [command] = findingsOf(invalid.find((c) => c.name.startsWith('Dockerfile entrypoint script'))!.files);
    assert.match(command.message, /^the image's CMD \(docker\/entrypoint\.sh, line 4\) runs prisma migrate deploy before the app starts/);
    assert.equal(command.related?.[0].range.start.line, 3);
  });

  describe('fixes (suggestions)', () => {
    it("Render and Railway: the migration moves to the service's preDeployCommand", () => {
      const render = invalid.find((x) => x.name.startsWith('Render:'))!;
      const r = apply(render.files, 'render.yaml');
      assert.equal(r.fix.title, 'Run prisma migrate deploy in preDeployCommand instead (once per deploy, before the new instances start)');
      assert.equal(
        r.text,
        'services:\n  - type: web\n    name: api\n    runtime: node\n    buildCommand: npm ci && npm run build\n    startCommand: npm start\n    preDeployCommand: npx prisma migrate deploy\n',
      );
      assert.deepEqual(brief(findingsOf(r.files)), []);
      // The start command on the file's last line, with no end of line (second review): the new key gets a line of its own.
      const noEol = apply({ ...render.files, 'render.yaml': render.files['render.yaml'].replace(/\n$/, '') }, 'render.yaml');
      assert.equal(noEol.text, r.text.replace(/\n$/, ''));
      // Words in front of the migration (a password in a variable) stay out of the fix's title.
      const withUrl = apply(
        {
          ...render.files,
          'render.yaml': render.files['render.yaml'].replace('npx prisma', 'PGPASSWORD=Xk9mQ2vLpR7w npx prisma'),
        },
        'render.yaml',
      );
      assert.doesNotMatch(withUrl.fix.title, /Xk9mQ2vLpR7w/);
      assert.match(withUrl.text, /preDeployCommand: PGPASSWORD=Xk9mQ2vLpR7w npx prisma migrate deploy/);
      // A CRLF file keeps its line endings (review).
      const crlf = apply({ ...render.files, 'render.yaml': render.files['render.yaml'].replace(/\n/g, '\r\n') }, 'render.yaml');
      assert.equal(crlf.text, r.text.replace(/\n/g, '\r\n'));
      const railway = invalid.find((x) => x.name.startsWith('Railway:'))!;
      const w = apply(railway.files, 'railway.json');
      assert.deepEqual(JSON.parse(w.text).deploy, { preDeployCommand: 'npm run db:migrate', startCommand: 'npm start' });
      assert.deepEqual(brief(findingsOf(w.files)), []);
    });

    const apply = (files: Record<string, string>, file: string) => {
      const [finding] = findingsOf(files);
      const fix = finding.fixes![0];
      assert.equal(fix.kind, 'suggestion');
      const after = applyFix(fix, modelOf(files).texts);
      const out = Object.fromEntries(
        Object.keys(files).map((k) => [k, after.get([...modelOf(files).texts.keys()].find((p) => p.endsWith(`/${k}`))!) ?? '']),
      );
      return { fix, text: out[file], files: out };
    };

    it('TypeORM synchronize: true → outside production only', () => {
      const c = invalid.find((x) => x.name.startsWith('Koa: TypeORM'))!;
      const { text, files } = apply(c.files, 'src/server.ts');
      assert.match(text, /synchronize: process\.env\.NODE_ENV !== 'production',/);
      assert.deepEqual(brief(findingsOf(files)), []);
    });

    it('await sequelize.sync({ force: true }) → behind NODE_ENV, still parses', () => {
      const c = invalid.find((x) => x.name.includes('force: true'))!;
      const { text, files } = apply(c.files, 'server.js');
      assert.equal(
        text,
        `const express = require('express');\nconst db = require('./models');\nasync function start() {\n  if (process.env.NODE_ENV !== 'production') {\n    await db.sequelize.sync({ force: true });\n  }\n  express().listen(process.env.PORT);\n}\nstart();\n`,
      );
      assert.equal(
        (ts.createSourceFile('server.js', text, ts.ScriptTarget.Latest) as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics
          .length,
        0,
      );
      assert.deepEqual(brief(findingsOf(files)), []);
    });

    it('Procfile: the migration moves to a release: line', () => {
      const c = invalid.find((x) => x.name.startsWith('Procfile web line'))!;
      const { text, files } = apply(c.files, 'Procfile');
      assert.equal(text, 'release: npx sequelize-cli db:migrate\nweb: node index.js\n');
      assert.deepEqual(brief(findingsOf(files)), []);
    });

    it('start script: the migration leaves the start script (it stays the migrate script)', () => {
      const c = invalid.find((x) => x.name.startsWith('start script'))!;
      const { fix, text, files } = apply(c.files, 'package.json');
      assert.match(fix.title, /^Take the migration out of "start" \(run npm run migrate once per release/);
      assert.deepEqual(JSON.parse(text).scripts, {
        build: 'tsc',
        migrate: 'typeorm migration:run -d dist/data-source.js',
        start: 'node dist/main.js',
      });
      assert.deepEqual(brief(findingsOf(files)), []);
    });

    it('start script: a direct migration command is kept as a new migrate script', () => {
      const files = { 'package.json': PKG({ start: 'npx prisma migrate deploy && node dist/main.js' }) };
      const { text } = apply(files, 'package.json');
      assert.deepEqual(JSON.parse(text).scripts, { start: 'node dist/main.js', migrate: 'npx prisma migrate deploy' });
    });
  });
});
