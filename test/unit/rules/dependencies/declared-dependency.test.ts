/**
 * dependencies/declared-dependency is judged per program: each case is a virtual folder (relative path →
 * text) judged by a workspace session, with the exact findings expected (1-based) and exact fix output.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyFix, type Finding } from '../../../../server/src/analysis';
import { ROOT, brief, judge, type Brief } from '../../program/helpers';

const RULE = 'dependencies/declared-dependency';

const pkg = (extra: Record<string, unknown>) => JSON.stringify({ name: 'svc', version: '1.0.0', ...extra }, null, 2) + '\n';
/** A private npm-workspaces root (apps/* unless `extra` says otherwise). */
const monoRoot = (extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'], ...extra });
const LOCK = (packages: Record<string, { version: string; dev?: boolean }>, root: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      name: 'svc',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: 'svc', ...root }, ...Object.fromEntries(Object.entries(packages).map(([k, v]) => [`node_modules/${k}`, v])) },
    },
    null,
    2,
  );

interface Case {
  name: string;
  files: Record<string, string>;
  errors?: (Brief & { messageId: 'undeclared' | 'devOnly' | 'systemTool' })[];
}

function findingsOf(files: Record<string, string>): Finding[] {
  return judge(files).findings.filter((f) => f.ruleId === RULE);
}

const invalid: Case[] = [
  {
    name: 'a route file a folder loader requires (readdirSync + path.join(__dirname, …)) imports a package the server does not declare',
    files: {
      'package.json': pkg({ main: 'server.js', scripts: { start: 'node server.js' }, dependencies: { express: '^4.19.2' } }),
      'server.js':
        "const fs = require('fs');\nconst path = require('path');\nconst app = require('express')();\nfor (const f of fs.readdirSync(path.join(__dirname, 'routes'))) require(path.join(__dirname, 'routes', f))(app);\napp.listen(process.env.PORT);\n",
      'routes/tracks.js':
        "const { v4 } = require('uuid');\nmodule.exports = (app) => app.post('/tracks', (req, res) => res.json({ id: v4() }));\n",
    },
    errors: [{ file: 'routes/tracks.js', line: 1, column: 24, messageId: 'undeclared' }],
  },
  {
    name: "near-miss of a workspace package's subpath: the subpath of a package no workspace holds",
    files: {
      'package.json': JSON.stringify({
        name: 'mirlo',
        private: true,
        workspaces: ['prisma'],
        main: 'src/index.js',
        scripts: { start: 'node src/index.js' },
        dependencies: { express: '^5.1.0' },
      }),
      'prisma/package.json': JSON.stringify({ name: '@mirlo/prisma', main: './prisma.ts' }),
      'prisma/prisma.ts': 'export default {};\n',
      'src/index.js':
        "const express = require('express');\nconst { UploadState } = require('@other/prisma/client');\nexpress().listen(process.env.PORT, () => UploadState);\n",
    },
    errors: [{ file: 'src/index.js', line: 2, column: 33, messageId: 'undeclared' }],
  },
  {
    name: 'near-miss of a generated baseUrl folder: with baseUrl ./, a package a script runs as a command (knex migrate:latest) is still a package (review)',
    files: {
      'package.json': pkg({
        main: 'dist/main.js',
        scripts: { build: 'tsc', start: 'node dist/main.js', migrate: 'knex migrate:latest --knexfile dist/knexfile.js' },
        dependencies: { express: '^4.19.0', pg: '^8.11.0' },
        devDependencies: { knex: '^3.1.0', typescript: '^5.4.0' },
      }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: './dist', rootDir: './src', baseUrl: './' } }),
      'src/main.ts': `import express from 'express';\nimport knex from 'knex';\nconst db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\nexpress().listen(process.env.PORT, () => db);\n`,
    },
    errors: [{ file: 'src/main.ts', line: 2, column: 18, messageId: 'devOnly' }],
  },
  {
    name: 'near-misses of a generated baseUrl folder and of named externals: a folder no script writes, a package webpack leaves external',
    files: {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['a', 'b'] }),
      'a/package.json': pkg({
        main: 'dist/main.js',
        scripts: { build: 'tsc', start: 'node dist/main.js', typechain: 'typechain --out-dir ./src/typechain ./abi/*.json' },
        dependencies: { express: '^4.19.2' },
      }),
      'a/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: 'src', outDir: './dist' } }),
      'a/src/main.ts': `import express from 'express';\nimport { Abi } from 'generated';\nexpress().listen(process.env.PORT, () => Abi);\n`,
      'b/package.json': pkg({
        main: 'dist/main.js',
        scripts: { build: 'tsc && webpack', start: 'node dist/main.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { lodash: '^4.17.21', 'isolated-vm': '5.0.1', webpack: '^5.0.0' },
      }),
      'b/webpack.config.js': `module.exports = { entry: './src/main.ts', target: 'node', externals: ['isolated-vm'] };\n`,
      'b/src/main.ts': `import express from 'express';\nimport ivm from 'isolated-vm';\nimport isEqual from 'lodash/isEqual';\nexpress().listen(process.env.PORT, () => [ivm, isEqual]);\n`,
    },
    errors: [
      { file: 'a/src/main.ts', line: 2, column: 21, messageId: 'undeclared' },
      { file: 'b/src/main.ts', line: 2, column: 17, messageId: 'devOnly' },
    ],
  },
  {
    name: "a devDependency loaded by the program of the Procfile's worker: line (every process type is an entry point)",
    files: {
      'package.json': JSON.stringify({
        name: 'orders',
        main: 'index.js',
        dependencies: { amqplib: '^0.10.4' },
        devDependencies: { debug: '^4.3.7' },
      }),
      Procfile: 'web: node index.js\nworker: node worker.js\nrelease: node scripts/migrate.js\n',
      'index.js': `require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n`,
      'worker.js': `const debug = require('debug')('orders:worker');\nconst amqp = require('amqplib');\namqp.connect(process.env.AMQP_URL).then((conn) => conn.createChannel());\n`,
      'scripts/migrate.js': `require('debug')('migrate');\n`,
    },
    errors: [{ file: 'worker.js', line: 1, column: 23, messageId: 'devOnly' }],
  },
  {
    name: 'a transitive-only package in a TypeScript server (ESM import, npm lockfile)',
    files: {
      'package.json': pkg({ main: 'dist/index.js', dependencies: { express: '^4.19.2', mongoose: '^8.0.0' } }),
      'package-lock.json': LOCK({ express: { version: '4.19.2' }, mongoose: { version: '8.0.3' }, mongodb: { version: '6.3.0' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'src/index.ts': `import express from 'express';\nimport { ObjectId } from 'mongodb';\n\nconst app = express();\napp.get('/', (_req, res) => res.json({ id: new ObjectId() }));\napp.listen(3000);\n`,
    },
    errors: [{ file: 'src/index.ts', line: 2, column: 26, messageId: 'undeclared' }],
  },
  {
    name: 'a devDependency required by CommonJS code the server reaches',
    files: {
      'package.json': pkg({
        scripts: { start: 'node app.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { errorhandler: '^1.5.1' },
      }),
      'app.js': `const express = require('express');\nconst routes = require('./lib/routes');\nexpress().use(routes).listen(process.env.PORT);\n`,
      'lib/routes.js': `const errorhandler = require('errorhandler');\nmodule.exports = errorhandler();\n`,
    },
    errors: [{ file: 'lib/routes.js', line: 1, column: 30, messageId: 'devOnly' }],
  },
  {
    name: "an undeclared package in an extension-less bin/www (Express's generator), started by the start script",
    files: {
      'package.json': pkg({ scripts: { start: 'node ./bin/www' }, dependencies: { express: '~4.16.1', debug: '~2.6.9' } }),
      'bin/www': `#!/usr/bin/env node\nvar app = require('../app');\nvar debug = require('debug')('gen:server');\nvar chalk = require('chalk');\nvar http = require('http');\nhttp.createServer(app).listen(process.env.PORT || '3000');\n`,
      'app.js': `var express = require('express');\nmodule.exports = express();\n`,
      // Not a node script (a shell script without an extension): not read, whatever it names.
      'bin/setup': `#!/bin/sh\nrequire('lodash')\n`,
    },
    errors: [{ file: 'bin/www', line: 4, column: 21, messageId: 'undeclared' }],
  },
  {
    name: 'near-misses of a development start: NODE_ENV=production, a deploy file beside it or in docker/, a start:prod beside it, and an undeclared package; a load on the server side of a window test',
    files: {
      'package.json': pkg({
        scripts: { start: 'cross-env NODE_ENV=production node server.js' },
        devDependencies: { express: '^4.19.2', 'cross-env': '^7.0.3' },
      }),
      'server.js': `require('express')().listen(process.env.PORT);\n`,
      'api/package.json': pkg({
        scripts: { start: 'cross-env NODE_ENV=development node app.js' },
        devDependencies: { express: '^4.19.2', 'cross-env': '^7.0.3' },
      }),
      'api/Dockerfile': 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n',
      'api/app.js': `require('express')().listen(process.env.PORT);\n`,
      'dev/package.json': pkg({ scripts: { start: 'NODE_ENV=development node app.js' }, devDependencies: { express: '^4.19.2' } }),
      'dev/app.js': `require('express')().listen(process.env.PORT);\nrequire('chalk');\n`,
      'web/package.json': pkg({
        scripts: { start: 'cross-env NODE_ENV=development nodemon index.js', 'start:prod': 'NODE_ENV=production node index.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { morgan: '^1.10.0' },
      }),
      'web/index.js': `const app = require('express')();\napp.use(require('morgan')('dev'));\napp.listen(process.env.PORT);\n`,
      'ops/package.json': pkg({
        scripts: { start: 'NODE_ENV=development node index.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { dotenv: '^16.0.0' },
      }),
      'ops/docker/Dockerfile': 'FROM node:20\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]\n',
      'ops/index.js': `require('dotenv/config');\nrequire('express')().listen(process.env.PORT);\n`,
      'win/package.json': pkg({
        scripts: { start: 'node index.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { chalk: '^5.0.0', 'ua-parser-js': '^1.0.0' },
      }),
      'win/index.js': `require('express')().listen(process.env.PORT);\nif (typeof window === 'undefined') {\n  require('chalk');\n}\nif (typeof window !== 'undefined') require('posthog-js');\nif (typeof navigator !== 'undefined') require('ua-parser-js');\n`,
      'camel/package.json': pkg({
        scripts: { start: 'NODE_ENV=development nodemon src/index.js', startProd: 'NODE_ENV=production node src/index.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { morgan: '^1.10.0' },
      }),
      'camel/src/index.js': `const app = require('express')();\napp.use(require('morgan')('dev'));\napp.listen(process.env.PORT);\n`,
    },
    errors: [
      { file: 'api/app.js', line: 1, column: 9, messageId: 'devOnly' },
      { file: 'camel/src/index.js', line: 2, column: 17, messageId: 'devOnly' },
      { file: 'dev/app.js', line: 2, column: 9, messageId: 'undeclared' },
      { file: 'ops/index.js', line: 1, column: 9, messageId: 'devOnly' },
      { file: 'server.js', line: 1, column: 9, messageId: 'devOnly' },
      { file: 'web/index.js', line: 2, column: 17, messageId: 'devOnly' },
      { file: 'win/index.js', line: 3, column: 11, messageId: 'devOnly' },
      { file: 'win/index.js', line: 5, column: 44, messageId: 'undeclared' },
      { file: 'win/index.js', line: 6, column: 47, messageId: 'devOnly' },
    ],
  },
  {
    name: 'an example that starts a server is judged like an app: its devDependency is reported',
    files: {
      'package.json': pkg({
        name: 'kit',
        main: 'dist/index.js',
        devDependencies: { dotenv: '^16.0.0', tsx: '^4.0.0', express: '^4.19.2' },
      }),
      'examples/package.json': pkg({ name: 'kit-examples', scripts: { start: 'tsx server.ts' }, dependencies: { express: '^4.19.2' } }),
      'examples/server.ts': `import 'dotenv/config';\nimport express from 'express';\nexpress().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'examples/server.ts', line: 1, column: 8, messageId: 'devOnly' }],
  },
  {
    name: 'near-misses of optional loads: in the catch block, after the try, in a try with only finally, in a try whose catch throws again',
    files: {
      'package.json': pkg({
        main: 'src/index.js',
        dependencies: { express: '^4.19.2' },
        devDependencies: { sharp: '^0.33.0', jimp: '^0.22.0', canvas: '^2.11.0', ioredis: '^5.0.0' },
      }),
      'src/cache.js': `let Redis;\ntry {\n  Redis = require('ioredis');\n} catch (e) {\n  throw new Error('install ioredis');\n}\nmodule.exports = Redis;\n`,
      'src/index.js': `const express = require('express');\nlet img;\ntry {\n  img = null;\n} catch {\n  img = require('jimp');\n}\ntry {\n  img = require('canvas');\n} finally {\n  console.log('done');\n}\nconst sharp = require('sharp');\nrequire('./cache');\nexpress().listen(process.env.PORT);\nmodule.exports = { img, sharp };\n`,
    },
    errors: [
      { file: 'src/cache.js', line: 3, column: 19, messageId: 'devOnly' },
      { file: 'src/index.js', line: 6, column: 17, messageId: 'devOnly' },
      { file: 'src/index.js', line: 9, column: 17, messageId: 'devOnly' },
      { file: 'src/index.js', line: 13, column: 23, messageId: 'devOnly' },
    ],
  },
  {
    name: 'near-misses of bundled workspace packages: one whose main is its sources, one whose tsup config skips node_modules',
    files: {
      'package.json': monoRoot({ workspaces: ['packages/*'] }),
      'packages/cli/package.json': pkg({
        name: '@acme/cli',
        main: 'src/index.ts',
        dependencies: { '@acme/zui': 'workspace:*', '@acme/kit': 'workspace:*' },
      }),
      'packages/cli/src/index.ts': `import { z } from '@acme/zui';\nimport { k } from '@acme/kit';\nconsole.log(z(), k());\n`,
      'packages/zui/package.json': pkg({
        name: '@acme/zui',
        main: 'src/index.ts',
        scripts: { build: 'tsdown' },
        devDependencies: { 'lodash-es': '^4.17.21' },
      }),
      'packages/zui/src/index.ts': `import { isEqual } from 'lodash-es';\nexport const z = () => isEqual(1, 1);\n`,
      'packages/kit/package.json': pkg({
        name: '@acme/kit',
        main: 'dist/index.js',
        source: 'src/index.ts',
        scripts: { build: 'tsup' },
        devDependencies: { ms: '^2.1.3' },
      }),
      'packages/kit/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'packages/kit/tsup.config.ts': `export default { entry: ['src/index.ts'], skipNodeModulesBundle: true };\n`,
      'packages/kit/src/index.ts': `import ms from 'ms';\nexport const k = () => ms('1s');\n`,
    },
    errors: [
      { file: 'packages/kit/src/index.ts', line: 1, column: 16, messageId: 'devOnly' },
      { file: 'packages/zui/src/index.ts', line: 1, column: 25, messageId: 'devOnly' },
    ],
  },
  {
    name: 'near-misses of a library of components: a published library of server code, a package with React that starts a server',
    files: {
      'package.json': monoRoot({
        workspaces: ['packages/*'],
        devDependencies: { react: '^18.3.0', 'p-limit': '^5.0.0', express: '^4.19.2' },
      }),
      'packages/queue/package.json': pkg({ name: '@acme/queue', version: '1.0.0', main: 'index.js', dependencies: { ioredis: '^5.4.1' } }),
      'packages/queue/index.js': `const pLimit = require('p-limit');\nexports.limit = pLimit(4);\n`,
      'packages/ssr/package.json': pkg({ name: '@acme/ssr', version: '1.0.0', main: 'server.js', peerDependencies: { react: '>=18' } }),
      'packages/ssr/server.js': `const express = require('express');\nconst React = require('react');\nexpress().get('/', (_q, r) => r.send(React.version)).listen(process.env.PORT);\n`,
    },
    errors: [
      { file: 'packages/queue/index.js', line: 1, column: 24, messageId: 'devOnly' },
      { file: 'packages/ssr/server.js', line: 1, column: 25, messageId: 'devOnly' },
    ],
  },
  {
    name: "near-miss of a bin that imports its bundle: the package's tsup config leaves node_modules out",
    files: {
      'package.json': pkg({
        name: '@acme/cli',
        type: 'module',
        bin: { acme: 'bin/acme.js' },
        scripts: { build: 'tsup' },
        devDependencies: { 'fp-ts': '^2.16.0' },
      }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'tsup.config.ts': `export default { entry: ['./src/index.ts'], skipNodeModulesBundle: true };\n`,
      'bin/acme.js': `#!/usr/bin/env node\nawait import('../dist/index.js');\n`,
      'src/index.ts': `import { pipe } from 'fp-ts/function';\nconsole.log(pipe(1, (x) => x + 1));\n`,
    },
    errors: [{ file: 'src/index.ts', line: 1, column: 22, messageId: 'devOnly' }],
  },
  {
    name: 'near-miss of a library of components (review): a package of email templates that renders with React on the server',
    files: {
      'package.json': monoRoot({ workspaces: ['packages/*'], devDependencies: { juice: '^10.0.0' } }),
      'packages/emails/package.json': pkg({
        name: '@acme/emails',
        version: '1.2.0',
        main: 'dist/index.js',
        scripts: { build: 'tsc' },
        dependencies: { '@react-email/render': '^0.0.12', react: '^18.3.0' },
        devDependencies: { juice: '^10.0.0' },
      }),
      'packages/emails/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src', jsx: 'react-jsx' } }),
      'packages/emails/src/index.tsx': `import { render } from '@react-email/render';\nimport juice from 'juice';\nexport const welcome = (name: string) => juice(render(<p>Hello {name}</p>));\n`,
    },
    errors: [{ file: 'packages/emails/src/index.tsx', line: 2, column: 19, messageId: 'devOnly' }],
  },
  {
    name: 'a private library of the workspace loaded by a server: its devDependency is reported where the server reaches it',
    files: {
      'package.json': monoRoot({ workspaces: ['apps/*', 'packages/*'] }),
      'apps/api/package.json': pkg({
        name: '@acme/api',
        private: true,
        main: 'server.js',
        dependencies: { express: '^4.19.2', '@acme/kit': '*' },
      }),
      'apps/api/server.js': `const express = require('express');\nconst { slug } = require('@acme/kit');\nexpress().get('/', (_q, r) => r.send(slug('a b'))).listen(process.env.PORT);\n`,
      'packages/kit/package.json': pkg({ name: '@acme/kit', private: true, main: 'index.js', devDependencies: { slugify: '^1.6.6' } }),
      'packages/kit/index.js': `const slugify = require('slugify');\nexports.slug = (s) => slugify(s);\n`,
    },
    errors: [{ file: 'packages/kit/index.js', line: 1, column: 25, messageId: 'devOnly' }],
  },
  {
    name: 'require.resolve outside a try, and with options that name no other folder, is judged',
    files: {
      'package.json': pkg({ main: 'src/index.js', dependencies: { express: '^4.19.2' }, devDependencies: { 'ts-node': '^10.9.2' } }),
      'src/index.js': `const express = require('express');\nconst version = require(require.resolve('@acme/app/package.json')).version;\nconst tsNode = require.resolve('ts-node', { conditions: ['node'] });\nexpress().get('/v', (req, res) => res.send(version + tsNode)).listen(process.env.PORT);\n`,
    },
    errors: [
      { file: 'src/index.js', line: 2, column: 41, messageId: 'undeclared' },
      { file: 'src/index.js', line: 3, column: 32, messageId: 'devOnly' },
    ],
  },
  {
    name: 'a single private package with a main and no start (a bot pm2 runs) is an app, not a library of a workspace',
    files: {
      'package.json': pkg({
        name: 'bot',
        private: true,
        main: 'index.js',
        dependencies: { 'discord.js': '^14.0.0' },
        devDependencies: { axios: '^1.7.0' },
      }),
      'ecosystem.config.js': `module.exports = { apps: [{ name: 'bot', script: 'index.js' }] };\n`,
      'index.js': `const { Client } = require('discord.js');\nconst axios = require('axios');\nnew Client({ intents: [] }).on('messageCreate', () => axios.get('https://example.com')).login(process.env.TOKEN);\n`,
    },
    errors: [{ file: 'index.js', line: 2, column: 23, messageId: 'devOnly' }],
  },
  {
    name: 'a private package whose start runs its main (a worker, no server): deployed by npm start, judged',
    files: {
      'package.json': pkg({
        name: 'worker',
        private: true,
        main: 'index.js',
        scripts: { start: 'node index.js' },
        devDependencies: { 'p-retry': '^6.2.0' },
      }),
      'index.js': `const pRetry = require('p-retry');\npRetry(() => fetch('https://example.com/jobs')).then(() => process.exit(0));\n`,
    },
    errors: [{ file: 'index.js', line: 1, column: 24, messageId: 'devOnly' }],
  },
  {
    name: 'a worker under scripts/ that the Dockerfile deploys is not a local tool',
    files: {
      'package.json': pkg({
        scripts: { start: 'node scripts/consumer.js' },
        dependencies: { kafkajs: '^2.0.0' },
        devDependencies: { pg: '^8.0.0' },
      }),
      Dockerfile: `FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "scripts/consumer.js"]\n`,
      'scripts/consumer.js': `const { Kafka } = require('kafkajs');\nconst { Pool } = require('pg');\nnew Kafka({ brokers: [process.env.BROKER] });\nmodule.exports = new Pool();\n`,
    },
    errors: [{ file: 'scripts/consumer.js', line: 2, column: 26, messageId: 'devOnly' }],
  },
  {
    name: 'a workspace package the program loads, built by tsc (not bundled): its devDependency is loaded at run time',
    files: {
      'package.json': monoRoot({ workspaces: ['packages/*'] }),
      'packages/cli/package.json': pkg({ name: '@acme/cli', main: 'src/index.ts', dependencies: { '@acme/zui': 'workspace:*' } }),
      'packages/cli/src/index.ts': `import { z } from '@acme/zui';\nconsole.log(z());\n`,
      'packages/zui/package.json': pkg({
        name: '@acme/zui',
        main: 'src/index.ts',
        scripts: { build: 'tsc' },
        devDependencies: { 'lodash-es': '^4.17.21' },
      }),
      'packages/zui/src/index.ts': `import { isEqual } from 'lodash-es';\nexport const z = () => isEqual(1, 1);\n`,
    },
    errors: [{ file: 'packages/zui/src/index.ts', line: 1, column: 25, messageId: 'devOnly' }],
  },
  {
    name: 'a devDependency loaded in the production side of a branch, and an undeclared one in a development branch',
    files: {
      'package.json': pkg({
        scripts: { start: 'node app.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { compression: '^1.7.4', morgan: '^1.10.0' },
      }),
      'app.js': `const express = require('express');\nconst app = express();\nif (process.env.NODE_ENV === 'production') {\n  app.use(require('compression')());\n} else {\n  app.use(require('errorhandler')());\n}\napp.listen(process.env.PORT);\n`,
    },
    errors: [
      { file: 'app.js', line: 4, column: 19, messageId: 'devOnly' },
      { file: 'app.js', line: 6, column: 19, messageId: 'undeclared' },
    ],
  },
  {
    name: 'subpath and scoped imports name their package; dynamic import() and require.resolve count',
    files: {
      'package.json': pkg({ main: 'server.js', dependencies: { express: '^4.19.2' } }),
      'server.js': `const get = require('lodash/get');\nconst { S3 } = require('@aws-sdk/client-s3/dist-cjs');\nconst worker = require.resolve('sharp');\nimport('p-limit').then(() => {});\nrequire('express')().listen(80);\n`,
    },
    errors: [
      { file: 'server.js', line: 1, column: 21, messageId: 'undeclared' },
      { file: 'server.js', line: 2, column: 24, messageId: 'undeclared' },
      { file: 'server.js', line: 3, column: 32, messageId: 'undeclared' },
      { file: 'server.js', line: 4, column: 8, messageId: 'undeclared' },
    ],
  },
  {
    name: 'npm workspaces: a member loads a package only the root declares, in devDependencies',
    files: {
      'package.json': monoRoot({ devDependencies: { zod: '^3.22.0' } }),
      'apps/api/package.json': pkg({ name: '@mono/api', main: 'src/main.js', dependencies: { fastify: '^4.0.0' } }),
      'apps/api/src/main.js': `const fastify = require('fastify')();\nconst { z } = require('zod');\nfastify.listen({ port: Number(process.env.PORT) });\n`,
    },
    errors: [{ file: 'apps/api/src/main.js', line: 2, column: 23, messageId: 'devOnly' }],
  },
  {
    name: "a monorepo root's start script: a server it starts is deployed (Heroku runs the root's npm start); a member's task script is a member's program",
    files: {
      'package.json': monoRoot({
        scripts: { start: 'node scripts/serve.js' },
        devDependencies: { express: '^4.19.2' },
      }),
      'scripts/serve.js': `const express = require('express');\nexpress().listen(process.env.PORT);\n`,
      'apps/tool/package.json': pkg({
        name: '@mono/tool',
        bin: { tool: 'cli.js' },
        dependencies: { yargs: '^17.0.0' },
        devDependencies: { chalk: '^5.0.0' },
      }),
      'apps/tool/cli.js': `#!/usr/bin/env node\nconst chalk = require('chalk');\nconsole.log(chalk.green(require('yargs').argv._));\n`,
    },
    errors: [
      { file: 'apps/tool/cli.js', line: 2, column: 23, messageId: 'devOnly' },
      { file: 'scripts/serve.js', line: 1, column: 25, messageId: 'devOnly' },
    ],
  },
  {
    name: "a private workspace root's task menu still loads only packages someone declares",
    files: {
      'package.json': monoRoot({
        scripts: { start: 'npm run menu', menu: 'node scripts/menu.js' },
        devDependencies: { inquirer: '^9.0.0' },
      }),
      'scripts/menu.js': `const inquirer = require('inquirer');\nconst ora = require('ora');\ninquirer.prompt([]).then(() => ora().start());\n`,
    },
    errors: [{ file: 'scripts/menu.js', line: 2, column: 21, messageId: 'undeclared' }],
  },
  {
    name: 'with baseUrl, a package whose name is not a folder the importing file is in is still a package',
    files: {
      'package.json': pkg({ main: 'dist/main.js', dependencies: { express: '^4.19.2' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './', outDir: './dist' } }),
      'src/main.ts': `import express from 'express';\nimport { get } from 'lodash';\nimport { helper } from 'lib/helper';\nexpress().listen(get(process.env, 'PORT'));\nhelper();\n`,
    },
    errors: [
      { file: 'src/main.ts', line: 2, column: 21, messageId: 'undeclared' },
      { file: 'src/main.ts', line: 3, column: 24, messageId: 'undeclared' },
    ],
  },
  {
    name: 'in a Nest monorepo app with its own tsconfig.app.json, a package it does not declare, and a path under no baseUrl, still count',
    files: {
      'package.json': pkg({ dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } }),
      'nest-cli.json': JSON.stringify({ monorepo: true, root: 'apps/production', projects: { production: { root: 'apps/production' } } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './', outDir: './dist' } }),
      'apps/production/tsconfig.app.json': JSON.stringify({ compilerOptions: { baseUrl: './', outDir: './dist' } }),
      'apps/production/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { get } from 'lodash';\nimport { Thing } from 'shared/thing';\nNestFactory.create(Thing).then((app) => app.listen(get(process.env, 'PORT')));\n`,
    },
    errors: [
      { file: 'apps/production/src/main.ts', line: 2, column: 21, messageId: 'undeclared' },
      { file: 'apps/production/src/main.ts', line: 3, column: 23, messageId: 'undeclared' },
    ],
  },
  {
    name: 'a value import in TypeScript: `import x = require()` and a re-export',
    files: {
      'package.json': pkg({ main: 'dist/index.js', dependencies: { koa: '^2.15.0' } }),
      'src/index.ts': `import Koa = require('koa');\nimport compose = require('koa-compose');\nexport { default as escape } from 'escape-html';\nnew Koa().use(compose([])).listen(3000);\n`,
    },
    errors: [
      { file: 'src/index.ts', line: 2, column: 26, messageId: 'undeclared' },
      { file: 'src/index.ts', line: 3, column: 35, messageId: 'undeclared' },
    ],
  },
  {
    name: 'the program starts from the Dockerfile CMD (dist mapped back to src)',
    files: {
      'package.json': pkg({ dependencies: { express: '^4.19.2' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      Dockerfile: `FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/server.js"]\n`,
      'src/server.ts': `import express from 'express';\nimport helmet from 'helmet';\nexpress().use(helmet()).listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'src/server.ts', line: 2, column: 20, messageId: 'undeclared' }],
  },
  {
    name: 'a file loaded only in a development branch may load devDependencies, not undeclared packages; one loaded outside too may not',
    files: {
      'package.json': pkg({
        scripts: { start: 'node app.js' },
        dependencies: { koa: '^2' },
        devDependencies: { webpack: '^5', morgan: '^1' },
      }),
      'app.js': `const Koa = require('koa');\nconst app = new Koa();\nconst isProd = process.env.NODE_ENV === 'production';\nrequire('./lib/log')(app);\nif (isProd) {\n  app.use((ctx) => (ctx.body = 'built'));\n} else {\n  require('./build/dev-server')(app);\n  require('./lib/log');\n}\napp.listen(process.env.PORT);\n`,
      'build/dev-server.js': `const webpack = require('webpack');\nconst chalk = require('chalk');\nmodule.exports = (app) => webpack({ entry: './src/client.js' }).watch({}, () => chalk.green('built'));\n`,
      'lib/log.js': `const morgan = require('morgan');\nmodule.exports = (app) => app.use(morgan('tiny'));\n`,
    },
    errors: [
      { file: 'build/dev-server.js', line: 2, column: 23, messageId: 'undeclared' },
      { file: 'lib/log.js', line: 1, column: 24, messageId: 'devOnly' },
    ],
  },
  {
    name: 'a file loaded where development OR a setting holds: the setting may be on in production',
    files: {
      'package.json': pkg({
        scripts: { start: 'node app.js' },
        dependencies: { express: '^4' },
        devDependencies: { 'swagger-ui-express': '^5' },
      }),
      'app.js': `const app = require('express')();\nif (process.env.NODE_ENV !== 'production' || process.env.ENABLE_API_DOCS === 'true') {\n  require('./docs')(app);\n}\napp.listen(process.env.PORT);\n`,
      'docs.js': `const swaggerUi = require('swagger-ui-express');\nmodule.exports = (app) => app.use('/docs', swaggerUi.serve);\n`,
    },
    errors: [{ file: 'docs.js', line: 1, column: 27, messageId: 'devOnly' }],
  },
  {
    name: "gm told to run ImageMagick: the image must install ImageMagick's convert, not GraphicsMagick",
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2', gm: '^1.25.0' } }),
      Dockerfile: `FROM node:20-alpine\nRUN apk add --no-cache graphicsmagick\nCOPY . .\nCMD ["node", "index.js"]\n`,
      'index.js': `const gm = require('gm').subClass({ imageMagick: true });\nconst app = require('express')();\napp.get('/p', (req, res) => gm(10, 10, '#707070').stream().pipe(res));\napp.listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'index.js', line: 1, column: 20, messageId: 'systemTool' }],
  },
  {
    name: 'gm itself and gm in ImageMagick mode in one file: the image installs ImageMagick only',
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2', gm: '^1.25.0' } }),
      Dockerfile: `FROM node:20-slim\nRUN apt-get update && apt-get install -y imagemagick\nCOPY . .\nCMD ["node", "index.js"]\n`,
      'index.js': `const gm = require('gm');\nconst im = gm.subClass({ imageMagick: true });\nconst app = require('express')();\napp.get('/t', (req, res) => gm('/tmp/a.png').stream().pipe(res));\napp.get('/i', (req, res) => im('/tmp/a.heic').identify(() => res.end()));\napp.listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'index.js', line: 1, column: 20, messageId: 'systemTool' }],
  },
  {
    name: 'near-misses of a development helper: called outside the branch too; a helper not named for development',
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2' }, devDependencies: { webpack: '^5.0.0' } }),
      'webpack.config.js': `const webpack = require('webpack');\nmodule.exports = { entry: { bundle: './frontend/main.jsx' }, output: { publicPath: '/js/' }, plugins: [new webpack.DefinePlugin({})] };\n`,
      'index.js': `const express = require('express');\nconst { loadAssetManifest } = require('./api/utils');\nconst assets = loadAssetManifest();\nexpress().get('/', (req, res) => res.json(assets)).listen(process.env.PORT);\n`,
      'api/utils.js': `const fs = require('fs');\nfunction loadDevelopmentManifest() {\n  return Object.keys(require('../webpack.config.js').entry);\n}\nfunction loadAssetManifest() {\n  return process.env.NODE_ENV === 'development' ? loadDevelopmentManifest() : JSON.parse(fs.readFileSync('manifest.json', 'utf8'));\n}\nconst warm = loadDevelopmentManifest();\nmodule.exports = { loadAssetManifest, warm };\n`,
    },
    errors: [{ file: 'webpack.config.js', line: 1, column: 25, messageId: 'devOnly' }],
  },
  {
    name: 'near-miss of a development helper (review): a name that only starts like one (deviceGateway)',
    files: {
      'package.json': pkg({
        main: 'src/server.js',
        dependencies: { express: '^4.19.2' },
        devDependencies: { mqtt: '^5.7.0' },
      }),
      'src/devices.js': `function deviceGateway() {\n  const mqtt = require('mqtt');\n  return mqtt.connect(process.env.MQTT_URL);\n}\nif (process.env.NODE_ENV === 'development') deviceGateway();\nmodule.exports = { deviceGateway };\n`,
      'src/server.js': `const express = require('express');\nconst { deviceGateway } = require('./devices');\ndeviceGateway();\nexpress().listen(process.env.PORT);\n`,
    },
    errors: [{ file: 'src/devices.js', line: 2, column: 24, messageId: 'devOnly' }],
  },
  {
    name: 'a package that builds with its tsconfig.build.json alone: its baseUrl resolves the import, whose undeclared package counts (review)',
    files: {
      'package.json': pkg({ main: 'dist/main.js', dependencies: { express: '^4.19.2' } }),
      'tsconfig.build.json': JSON.stringify({ compilerOptions: { baseUrl: './src', outDir: './dist' } }),
      'src/main.ts': `import express from 'express';\nimport { cache } from 'services/cache';\nexpress().listen(process.env.PORT);\ncache();\n`,
      'src/services/cache.ts': `import { Queue } from 'bullmq';\nexport const cache = () => new Queue('q');\n`,
    },
    errors: [{ file: 'src/services/cache.ts', line: 1, column: 23, messageId: 'undeclared' }],
  },
  {
    name: "Nx applications: a server's devDependency is in its generated package.json, a package declared nowhere is not; a browser app is no program",
    files: {
      'package.json': monoRoot({ dependencies: { express: '^4.19.2' }, devDependencies: { graphql: '^16.0.0', react: '^18.0.0' } }),
      'packages/api/project.json': JSON.stringify({
        name: 'api',
        projectType: 'application',
        targets: {
          build: {
            executor: '@nx/webpack:webpack',
            options: { target: 'node', main: 'packages/api/src/main.ts', generatePackageJson: true },
          },
        },
      }),
      'packages/api/src/main.ts': `import express from 'express';\nimport { graphql } from 'graphql';\nimport yaml from 'js-yaml';\nexpress().listen(process.env.PORT);\nvoid graphql;\nvoid yaml;\n`,
      'packages/web/project.json': JSON.stringify({
        name: 'web',
        projectType: 'application',
        targets: {
          build: {
            executor: '@nx/webpack:webpack',
            options: { index: 'packages/web/public/index.html', main: 'packages/web/src/index.tsx' },
          },
        },
      }),
      'packages/web/src/index.tsx': `import React from 'react';\nimport clsx from 'clsx';\nexport const App = () => React.createElement('div', { className: clsx('a') });\n`,
    },
    errors: [{ file: 'packages/api/src/main.ts', line: 3, column: 18, messageId: 'undeclared' }],
  },
  {
    name: "near-miss of an Nx application (review): without generatePackageJson the image installs the root's, so a devDependency is missing",
    files: {
      'package.json': monoRoot({ devDependencies: { express: '^4.19.2', ioredis: '^5.4.1' } }),
      'apps/api/project.json': JSON.stringify({
        name: 'api',
        projectType: 'application',
        targets: { build: { executor: '@nx/webpack:webpack', options: { target: 'node', main: 'apps/api/src/main.ts' } } },
      }),
      'apps/api/src/main.ts': `import express from 'express';\nimport Redis from 'ioredis';\nexpress().listen(process.env.PORT);\nnew Redis(process.env.REDIS_URL!);\n`,
    },
    errors: [
      { file: 'apps/api/src/main.ts', line: 1, column: 21, messageId: 'devOnly' },
      { file: 'apps/api/src/main.ts', line: 2, column: 19, messageId: 'devOnly' },
    ],
  },
  {
    name: 'system tools the image does not install: spawn(), exec() through promisify, a wrapper package',
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2', 'fluent-ffmpeg': '^2.1.2', shelljs: '^0.8.5' } }),
      Dockerfile: `FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]\n`,
      'index.js': `const { spawn, exec } = require('child_process');\nconst { promisify } = require('util');\nconst run = promisify(exec);\nconst ffmpeg = require('fluent-ffmpeg');\nconst app = require('express')();\napp.post('/thumb', () => spawn('convert', ['a.png', 'b.jpg']));\napp.post('/ocr', () => run(\`tesseract \${'x'} out\`));\n// A which() of another tool, an 'exit' listener, an error passed on, a try: nothing optional.\nconst hasGit = require('shelljs').which('git');\napp.post('/pdf', () => spawn('qpdf', ['a.pdf']).on('exit', () => hasGit));\napp.post('/gs', () => new Promise((resolve, reject) => spawn('gs', ['a.pdf']).on('error', reject)));\napp.post('/img', (req, res) => {\n  try {\n    require('child_process').execSync('pdftotext a.pdf');\n  } catch {\n    res.status(500);\n  }\n});\napp.listen(process.env.PORT);\n`,
    },
    errors: [
      { file: 'index.js', line: 4, column: 24, messageId: 'systemTool' },
      { file: 'index.js', line: 6, column: 32, messageId: 'systemTool' },
      { file: 'index.js', line: 7, column: 28, messageId: 'systemTool' },
      { file: 'index.js', line: 10, column: 30, messageId: 'systemTool' },
      { file: 'index.js', line: 11, column: 62, messageId: 'systemTool' },
      { file: 'index.js', line: 14, column: 39, messageId: 'systemTool' },
    ],
  },
];

const valid: Case[] = [
  {
    name: 'near-miss of a folder loader: a module picked by name (no listing) is not followed, its packages judged where they run',
    files: {
      'package.json': pkg({ main: 'server.js', scripts: { start: 'node server.js' }, dependencies: { express: '^4.19.2' } }),
      'server.js': "const app = require('express')();\nrequire(`./roles/${process.env.ROLE}`)(app);\napp.listen(process.env.PORT);\n",
      'roles/tools.js': "const { v4 } = require('uuid');\nmodule.exports = () => v4();\n",
    },
  },
  {
    name: "a workspace package's subpath that only its exports map defines, its file generated later (mirlo's @mirlo/prisma/client)",
    files: {
      'package.json': JSON.stringify({
        name: 'mirlo',
        private: true,
        workspaces: ['prisma'],
        main: 'src/index.ts',
        scripts: { start: 'node src/index.js' },
        dependencies: { express: '^5.1.0' },
      }),
      'prisma/package.json': JSON.stringify({
        name: '@mirlo/prisma',
        main: './prisma.ts',
        exports: { '.': './prisma.ts', './client': { require: './__generated__/index.js', default: './__generated__/index.js' } },
      }),
      'prisma/prisma.ts': 'export default {};\n',
      'src/index.js':
        "const express = require('express');\nconst prisma = require('@mirlo/prisma');\nconst { UploadState } = require('@mirlo/prisma/client');\nexpress().listen(process.env.PORT, () => [prisma, UploadState]);\n",
    },
  },
  {
    name: "a baseUrl folder the package's scripts generate (lido's typechain --out-dir ./src/generated on postinstall), and a devDependency webpack bundles in beside named externals (jitsu)",
    files: {
      'package.json': pkg({
        main: 'dist/main.js',
        scripts: {
          build: 'tsc && webpack',
          start: 'node dist/main.js',
          typechain: 'typechain --out-dir ./src/generated ./abi/*.json',
          postinstall: 'npm run typechain',
        },
        dependencies: { express: '^4.19.2', 'isolated-vm': '5.0.1' },
        devDependencies: { lodash: '^4.17.21', webpack: '^5.0.0', typechain: '^8.0.0' },
      }),
      '.gitignore': 'dist/\nsrc/generated/\n',
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: 'src', outDir: './dist' } }),
      'webpack.config.js': `const path = require('path');\nconst config = { entry: './src/main.ts', target: 'node', externals: { 'isolated-vm': "require('isolated-vm')" }, output: { path: path.resolve(__dirname, 'dist') } };\nmodule.exports = () => config;\n`,
      'src/main.ts': `import express from 'express';\nimport { Abi__factory } from 'generated';\nimport ivm from 'isolated-vm';\nimport isEqual from 'lodash/isEqual';\nexpress().listen(process.env.PORT, () => [Abi__factory, ivm, isEqual]);\n`,
    },
  },
  {
    name: "a devDependency loaded only by the Procfile's release: one-off and a clock: line that runs a dev script by name (judged in package.json)",
    files: {
      'package.json': JSON.stringify({
        name: 'orders',
        main: 'index.js',
        scripts: { tick: 'node tick.js' },
        dependencies: { amqplib: '^0.10.4' },
        devDependencies: { debug: '^4.3.7' },
      }),
      Procfile: 'web: node index.js\nrelease: node scripts/migrate.js\n',
      'index.js': `require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n`,
      'scripts/migrate.js': `require('debug')('migrate');\n`,
    },
  },
  {
    name: "an Nx application whose build's generatePackageJson is set in nx.json's targetDefaults (review): its devDependencies ship",
    files: {
      'package.json': monoRoot({ devDependencies: { express: '^4.19.2' } }),
      'nx.json': JSON.stringify({ targetDefaults: { build: { options: { generatePackageJson: true } } } }),
      'apps/api/project.json': JSON.stringify({
        name: 'api',
        projectType: 'application',
        targets: { build: { executor: '@nx/webpack:webpack', options: { target: 'node', main: 'apps/api/src/main.ts' } } },
      }),
      'apps/api/src/main.ts': `import express from 'express';\nexpress().listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'a function named for development, called only in the development branch, loads the webpack config',
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2' }, devDependencies: { webpack: '^5.0.0' } }),
      'webpack.config.js': `const webpack = require('webpack');\nmodule.exports = { entry: { bundle: './frontend/main.jsx' }, output: { publicPath: '/js/' }, plugins: [new webpack.DefinePlugin({})] };\n`,
      'index.js': `const express = require('express');\nconst { loadAssetManifest } = require('./api/utils');\nconst assets = loadAssetManifest();\nexpress().get('/', (req, res) => res.json(assets)).listen(process.env.PORT);\n`,
      'api/utils.js': `const fs = require('fs');\nfunction loadDevelopmentManifest() {\n  const config = require('../webpack.config.js');\n  return Object.keys(config.entry);\n}\nfunction loadAssetManifest() {\n  return process.env.NODE_ENV === 'development' ? loadDevelopmentManifest() : JSON.parse(fs.readFileSync('manifest.json', 'utf8'));\n}\nmodule.exports = { loadAssetManifest };\n`,
    },
  },
  {
    name: "a file loaded only in the development branch (easy-mock's build/setup-dev-server) loads devDependencies",
    files: {
      'package.json': pkg({ scripts: { start: 'node app.js' }, dependencies: { koa: '^2' }, devDependencies: { webpack: '^5' } }),
      'app.js': `const Koa = require('koa');\nconst app = new Koa();\nconst isProd = process.env.NODE_ENV === 'production';\nif (isProd) {\n  app.use((ctx) => (ctx.body = 'built'));\n} else {\n  require('./build/setup-dev-server')(app);\n}\napp.listen(process.env.PORT);\n`,
      'build/setup-dev-server.js': `const webpack = require('webpack');\nmodule.exports = (app) => webpack({ entry: './src/client.js' }).watch({}, () => {});\n`,
    },
  },
  {
    name: 'gm where a comment recalls ImageMagick mode, and the image installs GraphicsMagick',
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2', gm: '^1.25.0' } }),
      Dockerfile: `FROM node:20-slim\nRUN apt-get update && apt-get install -y graphicsmagick\nCOPY . .\nCMD ["node", "index.js"]\n`,
      'index.js': `const express = require('express');\n// We used to run ImageMagick: gm.subClass({ imageMagick: true }); GraphicsMagick is faster.\nconst gm = require('gm');\nexpress().get('/t', (req, res) => gm('/tmp/a.png').stream().pipe(res)).listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'gm in ImageMagick mode where the image installs ImageMagick (mailtrain)',
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2', gm: '^1.25.0' } }),
      Dockerfile: `FROM node:20-alpine\nRUN apk add --update --no-cache imagemagick\nCOPY . .\nCMD ["node", "index.js"]\n`,
      'index.js': `const gm = require('gm')\n  .subClass({\n  imageMagick: true,\n});\nconst app = require('express')();\napp.get('/p', (req, res) => gm(10, 10, '#707070').stream().pipe(res));\napp.listen(process.env.PORT);\n`,
    },
  },
  {
    name: "a package loaded only where a window exists (Angular's localize in shared routes): never on the server",
    files: {
      'package.json': pkg({
        scripts: { start: 'node server.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { '@angular/localize': '^18.0.0' },
      }),
      'server.js': `const express = require('express');\nrequire('./routes');\nexpress().listen(process.env.PORT);\n`,
      'routes.js': `if (typeof window !== 'undefined') {\n  import('@angular/localize');\n}\nexports.routes = typeof window === 'undefined' ? [] : [import('@angular/localize/init')];\n`,
    },
  },
  {
    name: 'a package whose start sets NODE_ENV=development (a demo app run with its devDependencies), found by its imports',
    files: {
      'package.json': pkg({
        scripts: {
          start: 'cross-env NODE_ENV=development concurrently yarn:start:react yarn:start:api',
          'start:api': 'ts-node backend/app.ts',
          'start:react:proxy-server': 'ts-node scripts/testServer.ts',
        },
        dependencies: { react: '^18.2.0' },
        devDependencies: { express: '^4.19.2', cors: '^2.8.5', 'cross-env': '^7.0.3', concurrently: '^8.0.0', 'ts-node': '^10.9.0' },
      }),
      'backend/app.ts': `import express from 'express';\nimport cors from 'cors';\nconst app = express();\napp.use(cors());\napp.listen(process.env.PORT);\n`,
    },
  },
  {
    name: "devDependencies loaded only in development branches (Express's morgan and errorhandler)",
    files: {
      'package.json': pkg({
        scripts: { start: 'node index.js' },
        dependencies: { express: '^4.19.2' },
        devDependencies: { morgan: '^1.10.0', errorhandler: '^1.5.1' },
      }),
      'index.js': `const express = require('express');\nconst app = express();\nif (process.env.NODE_ENV !== 'production') {\n  app.use(require('morgan')('dev'));\n}\nif (app.get('env') === 'development') app.use(require('errorhandler')());\napp.listen(process.env.PORT);\n`,
    },
  },
  {
    name: 'node builtins, bare and with node:, subpaths too',
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2' } }),
      'index.js': `const fs = require('fs');\nconst p = require('node:path');\nconst { readFile } = require('fs/promises');\nconst test = require('node:test');\nrequire('http').createServer().listen(80);\n`,
    },
  },
  {
    name: 'type-only imports: import type, type specifiers, and bindings used only as types (TypeScript)',
    files: {
      'package.json': pkg({ main: 'dist/index.js', dependencies: { express: '^4.19.2' } }),
      'src/index.ts': `import express from 'express';\nimport type { Db } from 'mongodb';\nimport { type Logger } from 'pino';\nimport { WriteError } from 'mongodb';\nimport * as T from '@octokit/types';\nexport type { Options } from 'got';\nlet db: Db | undefined;\nfunction onError(err: WriteError, log?: Logger, x?: T.Endpoints) {}\nclass Repo implements T.Api {}\nexpress().listen(3000);\n`,
    },
  },
  {
    name: 'a package.json that declares no dependency at all is a stub: the packages are managed elsewhere',
    files: {
      'package.json': JSON.stringify({ name: 'fixture', scripts: { start: 'node index.js' } }),
      'index.js': `require('express')().listen(80);\n`,
    },
  },
  {
    name: 'tsconfig paths (Nx base config through extends), baseUrl folders and #imports are aliases',
    files: {
      'package.json': pkg({
        main: 'apps/api/src/main.ts',
        imports: { '#config': './src/config.js' },
        dependencies: { express: '^4.19.2' },
      }),
      'tsconfig.base.json': JSON.stringify({
        compilerOptions: { baseUrl: '.', paths: { '@acme/common': ['libs/common/src/index.ts'], '@acme/ui/*': ['libs/ui/*'] } },
      }),
      'apps/api/tsconfig.json': JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: {} }),
      'apps/api/src/main.ts': `import express from 'express';\nimport { money } from '@acme/common';\nimport { button } from '@acme/ui/button';\nimport config from '#config';\nimport helpers from 'apps/api/src/helpers';\nexpress().listen(3000);\n`,
      'apps/api/src/helpers.ts': 'export default {};\n',
    },
  },
  {
    name: "a Nest monorepo app's own tsconfig.app.json (nest-cli.json tsConfigPath): its baseUrl resolves `src/...`",
    files: {
      'package.json': pkg({
        scripts: { build: 'nest build production' },
        dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' },
      }),
      'nest-cli.json': JSON.stringify({ monorepo: true, root: 'apps/production', projects: { production: { root: 'apps/production' } } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './', outDir: './dist' } }),
      'apps/production/tsconfig.app.json': JSON.stringify({ compilerOptions: { baseUrl: './', outDir: './dist' } }),
      'apps/production/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from 'src/app.module';\nNestFactory.create(AppModule).then((app) => app.listen(process.env.PORT));\n`,
      'apps/production/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { UserModule } from 'src/user/user.module';\n@Module({ imports: [UserModule] })\nexport class AppModule {}\n`,
      'apps/production/src/user/user.module.ts': `import { Module } from '@nestjs/common';\n@Module({})\nexport class UserModule {}\n`,
    },
  },
  {
    name: 'a baseUrl path to a folder the build generates (Prisma client under src/generated), from a file under that folder',
    files: {
      'package.json': pkg({ main: 'dist/main.js', dependencies: { '@nestjs/core': '^10.0.0', '@nestjs/common': '^10.0.0' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './', outDir: './dist' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { PrismaService } from 'src/prisma/prisma.service';\nNestFactory.create(PrismaService).then((app) => app.listen(process.env.PORT));\n`,
      'src/prisma/prisma.service.ts': `import { Injectable } from '@nestjs/common';\nimport { PrismaClient } from 'src/generated/prisma/client';\n@Injectable()\nexport class PrismaService extends PrismaClient {}\n`,
    },
  },
  {
    name: 'self-reference, and a workspace package by name (npm workspaces)',
    files: {
      'package.json': monoRoot({ workspaces: ['packages/*'] }),
      'packages/api/package.json': pkg({
        name: '@mono/api',
        main: 'index.js',
        exports: { '.': './index.js', './util': './util.js' },
        dependencies: { '@mono/core': '*' },
      }),
      'packages/api/index.js': `const util = require('@mono/api/util');\nconst core = require('@mono/core');\nrequire('http').createServer().listen(80);\n`,
      'packages/api/util.js': 'module.exports = {};\n',
      'packages/core/package.json': pkg({ name: '@mono/core', main: 'index.js' }),
      'packages/core/index.js': 'module.exports = {};\n',
    },
  },
  {
    name: 'peer and optional dependencies are declared; the workspace root declares for its members',
    files: {
      'package.json': monoRoot({ dependencies: { dotenv: '^16.0.0' } }),
      'apps/api/package.json': pkg({
        name: 'api',
        main: 'index.js',
        peerDependencies: { react: '^18.0.0' },
        optionalDependencies: { 'pg-native': '^3.0.0' },
      }),
      'apps/api/index.js': `require('dotenv').config();\nconst React = require('react');\ntry { require('pg-native'); } catch {}\nrequire('http').createServer().listen(80);\n`,
    },
  },
  {
    name: 'devDependencies in tests, tool configs and build scripts the program never reaches',
    files: {
      'package.json': pkg({
        main: 'src/index.js',
        dependencies: { express: '^4.19.2' },
        devDependencies: { vitest: '^1.0.0', supertest: '^6.0.0', vite: '^5.0.0', shelljs: '^0.8.5' },
      }),
      'src/index.js': `require('express')().listen(process.env.PORT);\n`,
      'src/index.test.js': `const request = require('supertest');\nconst { it } = require('vitest');\n`,
      'test/setup.js': `require('supertest');\n`,
      'vite.config.js': `const { defineConfig } = require('vite');\nmodule.exports = defineConfig({});\n`,
      'scripts/copyStaticAssets.js': `const shell = require('shelljs');\nshell.cp('-R', 'src/public', 'dist/');\n`,
    },
  },
  {
    name: 'frontend code reached only through a type import stays frontend code',
    files: {
      'package.json': pkg({ main: 'dist/server/index.js', dependencies: { koa: '^2.15.0' }, devDependencies: { react: '^18.0.0' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: '.' } }),
      'server/index.ts': `import Koa from 'koa';\nimport type { Editor } from '../app/editor';\nnew Koa().listen(3000);\nexport let editor: Editor | undefined;\n`,
      'app/editor.tsx': `import React from 'react';\nexport type Editor = { view: unknown };\nexport const Root = () => React.createElement('div');\n`,
    },
  },
  {
    name: 'a program whose build bundles it (esbuild --bundle names the entry) carries its packages',
    files: {
      'package.json': pkg({
        scripts: { build: 'esbuild src/index.ts --bundle --platform=node --outfile=dist/index.js', start: 'node dist/index.js' },
        devDependencies: { zod: '^3.22.0', hono: '^4.0.0' },
      }),
      'src/index.ts': `import { Hono } from 'hono';\nimport { z } from 'zod';\nimport { serve } from '@hono/node-server';\nserve({ fetch: new Hono().fetch, port: 3000 });\n`,
    },
  },
  {
    name: 'a program bundled by tsdown (its config names the entry): devDependencies are bundled in',
    files: {
      'package.json': pkg({
        main: 'dist/index.js',
        scripts: { build: 'tsdown' },
        devDependencies: { 'lodash-es': '^4.17.21', tsdown: '^0.22.0' },
      }),
      'tsdown.config.ts': `import { defineConfig } from 'tsdown';\nexport default defineConfig({ entry: ['src/index.ts'], format: ['esm'] });\n`,
      'src/index.ts': `import { isEqual } from 'lodash-es';\nimport { createServer } from 'node:http';\ncreateServer((_q, s) => s.end(String(isEqual(1, 1)))).listen(process.env.PORT);\n`,
    },
  },
  {
    name: "a private library's main that no deployed program loads (a UI kit a bundler builds; its start only builds)",
    files: {
      'package.json': monoRoot({ workspaces: ['packages/*'] }),
      'packages/ui/package.json': pkg({
        name: '@acme/ui',
        private: true,
        main: 'dist/index.js',
        scripts: { build: 'tsc', 'build:watch': 'tsc -w', start: 'npm run build:watch' },
        peerDependencies: { react: '>=18' },
        devDependencies: { clsx: '^2.1.0', react: '^18.3.0', typescript: '^5.6.0' },
      }),
      'packages/ui/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src', jsx: 'react-jsx' } }),
      'packages/ui/src/index.tsx': `import clsx from 'clsx';\nexport const Button = ({ primary }: { primary?: boolean }) => <button className={clsx('b', primary && 'p')} />;\n`,
    },
  },
  {
    name: "a published library of components in a workspace (nocobase's client): its main is what the app's bundler builds",
    files: {
      'package.json': monoRoot({ workspaces: ['packages/*'], devDependencies: { react: '^18.3.0', antd: '^5.0.0', dayjs: '^1.11.0' } }),
      'packages/ui-kit/package.json': pkg({
        name: '@acme/ui-kit',
        version: '1.0.0',
        main: 'lib/index.js',
        dependencies: { clsx: '^2.1.0' },
      }),
      'packages/ui-kit/src/index.tsx': `import React from 'react';\nimport { Button } from 'antd';\nexport const Hello = () => <Button>{React.version}</Button>;\n`,
      'packages/vue-kit/package.json': pkg({
        name: '@acme/vue-kit',
        version: '1.0.0',
        main: 'index.js',
        peerDependencies: { vue: '^3.4.0' },
      }),
      'packages/vue-kit/index.js': `const { h } = require('vue');\nconst dayjs = require('dayjs');\nexports.Stamp = () => h('span', dayjs().format());\n`,
    },
  },
  {
    name: "a CLI's bin that imports its package's bundle (hoppscotch-cli: bin/hopp.js → ./dist/index.js, built by tsup)",
    files: {
      'package.json': pkg({
        name: '@acme/cli',
        type: 'module',
        bin: { acme: 'bin/acme.js' },
        scripts: { build: 'tsup' },
        devDependencies: { 'fp-ts': '^2.16.0' },
      }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'tsup.config.ts': `export default { entry: ['./src/index.ts'], bundle: true, skipNodeModulesBundle: false };\n`,
      'bin/acme.js': `#!/usr/bin/env node\nawait import('../dist/index.js');\n`,
      'src/index.ts': `import { pipe } from 'fp-ts/function';\nconsole.log(pipe(1, (x) => x + 1));\n`,
    },
  },
  {
    name: "a CLI's bin that imports its bundle built by pkgroll (devDependencies inlined; review)",
    files: {
      'package.json': pkg({
        name: 'tool-cli',
        version: '1.4.0',
        type: 'module',
        bin: { tool: 'bin/tool.js' },
        exports: './dist/index.js',
        scripts: { build: 'pkgroll --minify' },
        devDependencies: { citty: '^0.1.5', pkgroll: '^2.0.0' },
      }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'bin/tool.js': `#!/usr/bin/env node\nawait import('../dist/index.js');\n`,
      'src/index.ts': `import { defineCommand, runMain } from 'citty';\nrunMain(defineCommand({ run: () => console.log('ok') }));\n`,
    },
  },
  {
    name: 'a workspace package loaded through its own bundle (tsdown): its devDependencies are in that bundle',
    files: {
      'package.json': monoRoot({ workspaces: ['packages/*'] }),
      'packages/cli/package.json': pkg({ name: '@acme/cli', main: 'src/index.ts', dependencies: { '@acme/zui': 'workspace:*' } }),
      'packages/cli/src/index.ts': `import { z } from '@acme/zui';\nconsole.log(z());\n`,
      'packages/zui/package.json': pkg({
        name: '@acme/zui',
        main: 'dist/index.js',
        source: 'src/index.ts',
        scripts: { build: 'tsdown' },
        devDependencies: { 'lodash-es': '^4.17.21', tsdown: '^0.22.0' },
      }),
      'packages/zui/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'packages/zui/tsdown.config.ts': `import { defineConfig } from 'tsdown';\nexport default defineConfig({ entry: ['src/index.ts'] });\n`,
      'packages/zui/src/index.ts': `import { isEqual } from 'lodash-es';\nexport const z = () => isEqual(1, 1);\n`,
    },
  },
  {
    name: "optional system tools: looked up with which() first, the child's 'error' handled by going on (chained or by its handle)",
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2', shelljs: '^0.8.5' } }),
      Dockerfile: `FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]\n`,
      'index.js': `const { spawn } = require('child_process');\nconst shell = require('shelljs');\nconst app = require('express')();\napp.post('/dkim', (req, res) => {\n  if (!shell.which('python')) return res.end();\n  spawn('python', ['sign.py']).on('exit', () => res.end());\n});\napp.post('/pdf', (req, res) => {\n  const p = spawn('qpdf', ['in.pdf', 'out.pdf']);\n  p.on('error', () => res.end());\n});\napp.post('/spam', (req, res) => spawn('spamc', ['-c']).on('error', () => res.end()));\napp.listen(process.env.PORT);\n`,
    },
  },
  {
    name: "require.resolve in a try whose catch goes on, and a package resolved from the app's own folder ({ paths })",
    files: {
      'package.json': pkg({ main: 'src/index.js', dependencies: { express: '^4.19.2' }, devDependencies: { 'ts-node': '^10.9.2' } }),
      'src/index.js': `const express = require('express');\nconst path = require('path');\nfunction appVersion() {\n  try {\n    return require(require.resolve('@acme/app/package.json')).version;\n  } catch (e) {\n    return '0.0.0';\n  }\n}\nexports.registerTsNode = (projectDir) =>\n  require(require.resolve('ts-node', { paths: [path.join(projectDir, 'tsconfig.json')] })).register();\nexpress().get('/v', (req, res) => res.send(appVersion())).listen(process.env.PORT);\n`,
    },
  },
  {
    name: "optional dependencies loaded in a try whose catch handles their absence, and Bun's own module",
    files: {
      'package.json': pkg({ main: 'src/index.js', dependencies: { express: '^4.19.2' }, devDependencies: { sharp: '^0.33.0' } }),
      'src/index.js': `const express = require('express');\nlet sharp;\ntry {\n  sharp = require('sharp');\n} catch {\n  sharp = undefined;\n}\nasync function s3() {\n  try {\n    return await import('@aws-sdk/client-s3');\n  } catch (e) {\n    console.error('install @aws-sdk/client-s3 to store assets in S3');\n  }\n}\nexpress().listen(process.env.PORT);\nmodule.exports = { sharp, s3 };\n`,
      'src/bun.ts': `import { file } from 'bun';\nexport const read = (p: string) => file(p).text();\n`,
    },
  },
  {
    name: 'host-provided modules (VS Code API, Electron)',
    files: {
      'package.json': pkg({ main: 'out/extension.js', devDependencies: { '@types/vscode': '^1.90.0', electron: '^30.0.0' } }),
      'src/extension.ts': `import * as vscode from 'vscode';\nexport function activate() { vscode.window.showInformationMessage('hi'); }\n`,
      'main.js': `const { app } = require('electron');\n`,
    },
  },
  {
    name: 'a `.listen()` of something that is not a known server (an MSW mock) does not make a program',
    files: {
      'package.json': pkg({ devDependencies: { msw: '^2.0.0' } }),
      'src/mocks/server.ts': `import { setupServer } from 'msw/node';\nexport const server = setupServer();\nexport function start() { server.listen(); }\nstart();\n`,
    },
  },
  {
    name: "devDependencies of a private workspace root's task menu (its start script, no server): it runs in the checkout",
    files: {
      'package.json': monoRoot({
        scripts: { start: 'npm run menu', menu: 'node scripts/menu.js' },
        dependencies: { nx: '19.8.2' },
        devDependencies: { inquirer: '^9.0.0', shelljs: '^0.8.5' },
      }),
      'scripts/menu.js': `const shell = require('shelljs');\nconst inquirer = require('inquirer');\ninquirer.prompt([]).then(() => shell.exec('pnpm build'));\n`,
      'apps/api/package.json': pkg({ name: '@mono/api', main: 'src/main.js', dependencies: { fastify: '^4.0.0' } }),
      'apps/api/src/main.js': `const fastify = require('fastify')();\nfastify.listen({ port: Number(process.env.PORT) });\n`,
    },
  },
  {
    name: 'devDependencies of a package of examples or tools started by its scripts (no server): it runs in the checkout',
    files: {
      'package.json': pkg({ name: 'llmz', main: 'dist/index.js', devDependencies: { dotenv: '^16.0.0', tsx: '^4.0.0' } }),
      'examples/package.json': pkg({ name: 'llmz-examples', scripts: { start: 'tsx start.ts' } }),
      'examples/start.ts': `import 'dotenv/config';\nconsole.log('pick an example');\n`,
    },
  },
  {
    name: 'system tools: installed by apt-get/apk, present in the full node image, or no Dockerfile at all',
    files: {
      'package.json': pkg({ main: 'index.js', dependencies: { 'simple-git': '^3.0.0' } }),
      Dockerfile: `FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends ffmpeg tesseract-ocr && rm -rf /var/lib/apt/lists/*\nCOPY . .\nCMD ["node", "index.js"]\n`,
      'index.js': `const { spawn, execSync } = require('child_process');\nconst git = require('simple-git');\nspawn('ffmpeg', ['-i', 'x']);\nexecSync('tesseract a b');\nexecSync('git rev-parse HEAD');\nexecSync('./scripts/local-tool.sh');\nrequire('http').createServer().listen(80);\n`,
      'worker/package.json': pkg({ name: 'worker', main: 'index.js' }),
      'worker/index.js': `require('child_process').spawn('convert', ['a', 'b']);\nrequire('http').createServer().listen(81);\n`,
    },
  },
];

describe(RULE, () => {
  describe('valid (near-misses that must not be flagged)', () => {
    for (const c of valid) {
      it(c.name, () => {
        const findings = findingsOf(c.files);
        assert.deepEqual(brief(findings), [], `expected nothing, got ${JSON.stringify(brief(findings))}`);
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

  it("names the program gm runs in ImageMagick mode (convert) and ImageMagick's packages", () => {
    const gm = invalid.find((c) => c.name.startsWith('gm told to run ImageMagick'))!;
    const [finding] = findingsOf(gm.files);
    assert.match(finding.message, /^This spawns convert \(via gm\), which the image built by Dockerfile/);
    assert.match(finding.message, /imagemagick/);
  });

  it('system tools are information, the rest warnings', () => {
    const severities = findingsOf(invalid[invalid.length - 1].files).map((f) => f.severity);
    assert.deepEqual(severities, ['information', 'information', 'information', 'information', 'information', 'information']);
    assert.equal(findingsOf(invalid.find((c) => c.name.startsWith('a transitive-only package'))!.files)[0].severity, 'warning');
  });

  it('the finding names the entry point that makes the file run in production', () => {
    const [finding] = findingsOf(invalid.find((c) => c.name.startsWith('a devDependency required by CommonJS'))!.files);
    assert.match(finding.message, /declares it only in devDependencies/);
    assert.deepEqual(
      finding.related?.map((r) => [path.relative(ROOT, r.file), r.message]),
      [['app.js', 'This file runs in production: it is reached from app.js (package.json scripts.start).']],
    );
  });
});

describe(`${RULE} fixes`, () => {
  const fixOf = (files: Record<string, string>, index = 0) => {
    const finding = findingsOf(files)[index];
    const fix = finding?.fixes?.[0];
    const texts = new Map(Object.entries(files).map(([k, v]) => [path.join(ROOT, k), v]));
    return { fix, after: fix ? applyFix(fix, texts) : undefined, finding };
  };
  const text = (after: Map<string, string> | undefined, rel: string) => after?.get(path.join(ROOT, rel));

  it('moves a dev-only package to dependencies with its range, keeping order and indentation', () => {
    const files = {
      'package.json':
        '{\n    "name": "svc",\n    "main": "app.js",\n    "dependencies": {\n        "express": "^4.19.2",\n        "zod": "^3.22.0"\n    },\n    "devDependencies": {\n        "errorhandler": "~1.5.1",\n        "nodemon": "^3.0.0"\n    }\n}\n',
      'app.js': `const app = require('express')();\napp.use(require('errorhandler')());\napp.listen(80);\n`,
    };
    const { fix, after } = fixOf(files);
    assert.equal(fix?.kind, 'suggestion');
    assert.equal(fix?.title, 'Move "errorhandler" to dependencies in package.json');
    assert.equal(
      text(after, 'package.json'),
      '{\n    "name": "svc",\n    "main": "app.js",\n    "dependencies": {\n        "errorhandler": "~1.5.1",\n        "express": "^4.19.2",\n        "zod": "^3.22.0"\n    },\n    "devDependencies": {\n        "nodemon": "^3.0.0"\n    }\n}\n',
    );
    assert.deepEqual(findingsOf(Object.fromEntries([...after!].map(([k, v]) => [path.relative(ROOT, k), v]))), []);
  });

  it('adds an undeclared package with the version package-lock.json hoists (save-exact style kept)', () => {
    const files = {
      'package.json': pkg({ main: 'index.js', dependencies: { a: '1.0.0', b: '2.0.0', mongoose: '8.0.3' } }),
      'package-lock.json': LOCK({
        mongoose: { version: '8.0.3' },
        mongodb: { version: '6.3.0' },
        'node_modules/mongoose/node_modules/bson': { version: '6.2.0' },
      } as never),
      'index.js': `const { MongoClient } = require('mongodb');\nrequire('http').createServer().listen(80);\n`,
    };
    const { fix, after } = fixOf(files);
    assert.equal(fix?.title, 'Add "mongodb": "6.3.0" to dependencies in package.json (the version package-lock.json pins)');
    assert.match(text(after, 'package.json')!, /"mongodb": "6\.3\.0",\n {4}"mongoose": "8\.0\.3"/);
  });

  it('adds with a caret range when the manifest uses ranges, and creates "dependencies" when missing', () => {
    const files = {
      'package.json': '{\n  "name": "svc",\n  "main": "index.js",\n  "devDependencies": {\n    "typescript": "^5.4.0"\n  }\n}\n',
      'package-lock.json': LOCK({ typescript: { version: '5.4.5', dev: true }, 'escape-html': { version: '1.0.3' } }),
      'index.js': `const escape = require('escape-html');\nrequire('http').createServer().listen(80);\n`,
    };
    const { after } = fixOf(files);
    assert.equal(
      text(after, 'package.json'),
      '{\n  "name": "svc",\n  "main": "index.js",\n  "dependencies": {\n    "escape-html": "^1.0.3"\n  },\n  "devDependencies": {\n    "typescript": "^5.4.0"\n  }\n}\n',
    );
  });

  it('yarn.lock: adds the range the lockfile already has an entry for', () => {
    const files = {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2' } }),
      'yarn.lock': `# yarn lockfile v1\n\n\nexpress@^4.19.2:\n  version "4.19.2"\n\n"koa-compose@^4.1.0", koa-compose@~4.1.0:\n  version "4.1.0"\n  resolved "https://registry.yarnpkg.com/koa-compose/-/koa-compose-4.1.0.tgz"\n`,
      'index.js': `const compose = require('koa-compose');\nrequire('express')().listen(80);\n`,
    };
    const { fix, after } = fixOf(files);
    assert.equal(fix?.title, 'Add "koa-compose": "^4.1.0" to dependencies in package.json (the version yarn.lock pins)');
    assert.match(text(after, 'package.json')!, /"express": "\^4\.19\.2",\n {4}"koa-compose": "\^4\.1\.0"/);
  });

  it('no fix without a lockfile pin (nothing to pin it to), nor for pnpm (its lockfile lists each field)', () => {
    const noLock = {
      'package.json': pkg({ main: 'index.js', dependencies: { express: '^4.19.2' } }),
      'index.js': `require('left-pad');\nrequire('http').createServer().listen(80);\n`,
    };
    assert.equal(fixOf(noLock).fix, undefined);
    const pnpm = {
      ...noLock,
      'pnpm-lock.yaml': `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      express:\n        specifier: ^4.19.2\n        version: 4.19.2\n\npackages:\n\n  left-pad@1.3.0:\n    resolution: {integrity: sha512-x}\n`,
    };
    assert.equal(fixOf(pnpm).fix, undefined);
    assert.equal(fixOf(pnpm).finding?.messageId, 'undeclared');
  });
});
