/**
 * build-release-run/no-build-at-runtime: package.json scripts that are the production start, the final
 * image's CMD/ENTRYPOINT and its entrypoint script, Procfile processes (ruleTester tables, one file each
 * with the others of the folder read through the host), and server programs that register a compiler.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from '../../../helpers/ruleTester';
import * as path from 'node:path';
import { applyFix, filesUnder } from '../../../../server/src/analysis';
import { ROOT, brief, judge } from '../../program/helpers';

const RULE = 'build-release-run/no-build-at-runtime';
const pkg = (scripts: Record<string, string>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'svc', version: '1.0.0', scripts, ...extra }, null, 2) + '\n';
const TSCONFIG = JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } });

ruleTester(RULE, {
  valid: [
    {
      name: "a one-off task's image (Dockerfile-reset: gulp reset; gulp) whose command starts no app (jschan)",
      filename: 'docker/jschan/Dockerfile-reset',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["/bin/sh", "-c", "gulp reset; gulp"]\n',
      files: { 'package.json': pkg({ start: 'node server.js' }) },
    },
    {
      name: 'a production compose file in deploy/ runs npx of a package the package above it declares (review)',
      filename: 'deploy/docker-compose.prod.yml',
      code: 'services:\n  api:\n    image: acme/api:2\n    command: npx pm2-runtime dist/index.js\n',
      files: { 'package.json': pkg({ start: 'node dist/index.js' }, { dependencies: { pm2: '^5' } }) },
    },
    {
      name: "Render: the install and build in buildCommand, the start runs the output; a cron job's command",
      filename: 'render.yaml',
      code: 'services:\n  - type: web\n    name: api\n    buildCommand: npm ci && npm run build\n    startCommand: node dist/server.js\n  - type: cron\n    name: report\n    schedule: "@daily"\n    startCommand: npm ci && node dist/report.js\n',
      files: { 'package.json': pkg({ build: 'tsc', start: 'node dist/server.js' }) },
    },
    {
      name: "railway.json's buildCommand builds; its start, and a development environment's, run the output or a dev script",
      filename: 'railway.json',
      code: '{\n  "build": { "buildCommand": "npm run build" },\n  "deploy": { "startCommand": "node dist/index.js" },\n  "environments": { "dev": { "deploy": { "startCommand": "npm run build && npm start" } } }\n}\n',
      files: { 'package.json': pkg({ build: 'tsc', start: 'node dist/index.js' }) },
    },
    {
      name: "a compose file that is not production's runs the watcher (the developer's stack); a production one runs the output",
      filename: 'docker-compose.yml',
      code: 'services:\n  api:\n    build: .\n    command: npm run dev\n  web:\n    build: .\n    command: sh -c "npm install && npx nodemon src/index.js"\n',
      files: { 'docker-compose.prod.yml': 'services:\n  api:\n    image: acme/api\n    command: node dist/index.js\n' },
    },
    {
      name: "App Engine's entrypoint runs the output; heroku.yml's release phase builds; a Python app.yaml",
      filename: 'heroku.yml',
      code: 'build:\n  docker:\n    web: Dockerfile\nrelease:\n  command:\n    - npm run build\nrun:\n  web: node dist/server.js\n',
      files: {
        'app.yaml': 'runtime: nodejs20\nentrypoint: node dist/server.js\n',
        'py/app.yaml': 'runtime: python312\nentrypoint: pip install -r requirements.txt && gunicorn main:app\n',
      },
    },
    {
      name: "a workspace root's start that brings up a compose stack beside the apps (a developer's orchestrator), its prestart builds",
      filename: 'package.json',
      code: pkg({
        start: 'concurrently --kill-others "yarn start:iam" "docker-compose -f signer/docker-compose.yml up"',
        'start:iam': 'yarn workspace @acme/iam start',
        prestart: 'yarn build:iam',
        'build:iam': 'yarn workspace @acme/iam build',
      }),
    },
    {
      name: "a developer's orchestrator beside a compose file of backing services only (review): docker compose up reads that file",
      filename: 'package.json',
      code: pkg({ start: 'tsc && concurrently "node dist/index.js" "docker compose up"' }),
      files: { 'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n  redis:\n    image: redis:7\n' },
    },
    {
      name: 'near-misses of a start script: a script not named for starting the app (./build.sh, start-emulators.sh, run-tests.sh, start-dev.sh) starts nothing known',
      filename: 'package.json',
      code: pkg({ start: 'npm run build && ./build.sh', build: 'tsc' }),
    },
    ...['npm run build && ./start-emulators.sh', 'tsc && bash scripts/run-tests.sh', 'tsc && ./start-dev.sh', 'tsc && ./web-build.sh'].map(
      (start) => ({ name: `near-miss of a start script (review): ${start}`, filename: 'package.json', code: pkg({ start, build: 'tsc' }) }),
    ),
    {
      name: "a scaffolder's template under src/ of a workspace root whose workspaces do not list it (review: workspaces: ['examples/*'])",
      filename: 'src/templates/express-ts/package.json',
      code: pkg({ start: 'tsc && node dist/index.js' }),
      files: { 'package.json': pkg({ build: 'tsc' }, { workspaces: ['examples/*'] }) },
    },
    {
      name: 'an image whose command fly.toml replaces with its own processes (the CMD compiles, the processes do not run it)',
      filename: 'Dockerfile',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npx", "ts-node", "src/index.ts"]\n',
      files: { 'fly.toml': "[processes]\napp = 'node dist/index.js'\n" },
    },
    {
      name: "a code generator's template package.json in another package's sources (read as data, deployed by nothing)",
      filename: 'packages/generator/src/server/package-json/package.json',
      code: pkg({ start: 'nest start', build: 'nest build' }),
      files: { 'packages/generator/package.json': pkg({ build: 'tsc' }) },
    },
    {
      name: 'npm start alone: node with memory options from NODE_OPTIONS',
      filename: 'package.json',
      code: pkg({ start: 'NODE_OPTIONS=--max-old-space-size=4096 node dist/index.js' }),
    },
    {
      name: 'npm start alone: concurrently running built output',
      filename: 'package.json',
      code: pkg({ start: 'concurrently "node dist/web.js" "node dist/worker.js"' }),
    },
    {
      name: 'npm start alone: pm2-runtime through npx (the bin of the declared pm2)',
      filename: 'package.json',
      code: pkg(
        {
          start: 'npx pm2-runtime dist/index.js',
          'start:memory': 'NODE_OPTIONS=--max-old-space-size=4096 node dist/index.js',
          'start:both': 'concurrently "node dist/web.js" "node dist/worker.js"',
        },
        { dependencies: { pm2: '^5.0.0' } },
      ),
    },
    {
      name: 'npm start runs the built output; the build is its own script',
      filename: 'package.json',
      code: pkg({ build: 'tsc -p .', start: 'node dist/index.js', dev: 'tsx watch src/index.ts', 'start:dev': 'nodemon src/index.ts' }),
    },
    {
      name: 'postinstall codegen and heroku-postbuild are build time, not start',
      filename: 'package.json',
      code: pkg({ postinstall: 'prisma generate', 'heroku-postbuild': 'npm run build', build: 'tsc', start: 'node dist/server.js' }),
    },
    {
      name: 'the Dockerfile runs the built output: a dev runner in `start` is the dev convention',
      filename: 'package.json',
      code: pkg({ start: 'nest start', 'start:prod': 'node dist/main', build: 'nest build' }),
      files: { Dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n' },
    },
    {
      name: "a root Dockerfile runs a member's start:prod through pnpm --filter <dir> ({dir} too): the member's nest start is for development",
      filename: 'apps/server/package.json',
      code:
        JSON.stringify(
          {
            name: 'server',
            scripts: { build: 'nest build', start: 'cross-env NODE_ENV=development nest start', 'start:prod': 'node dist/main' },
          },
          null,
          2,
        ) + '\n',
      files: {
        Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\nCMD ["pnpm", "start"]\n',
        'package.json': JSON.stringify({
          name: 'root',
          private: true,
          scripts: { start: 'pnpm --filter ./apps/server run start:prod', collab: 'pnpm -F "{apps/server}" run start:prod' },
        }),
      },
    },
    {
      name: 'the Procfile runs start:prod; start is nodemon for development',
      filename: 'package.json',
      code: pkg({ start: 'nodemon', 'start:prod': 'node build/app.js' }),
      files: { Procfile: 'web: npm run start:prod\nrelease: npm run migrate\n' },
    },
    {
      name: 'a library or a frontend: its start serves nothing the release runs',
      filename: 'package.json',
      code: pkg({ start: 'react-scripts start', build: 'react-scripts build' }),
    },
    {
      name: 'a watcher behind an environment test: production takes the other branch',
      filename: 'package.json',
      code: pkg({ start: 'if [ "$NODE_ENV" = development ]; then nodemon index.js; else node index.js; fi' }),
    },
    {
      name: 'node --watch only in dev',
      filename: 'package.json',
      code: pkg({ start: 'node server.js', dev: 'node --watch server.js' }),
    },
    {
      name: 'Dockerfile: builds in RUN steps and a build stage, exec-form node CMD',
      filename: 'Dockerfile',
      code: 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && npx tsc --noEmit\n\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nRUN npm ci --omit=dev\nCMD ["node", "dist/server.js"]\n',
    },
    {
      name: 'Dockerfile: a development image by name',
      filename: 'Dockerfile.dev',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npx", "nodemon", "src/index.ts"]\n',
    },
    {
      name: 'Dockerfile: a final stage named dev (docker build --target picks the others)',
      filename: 'Dockerfile',
      code: 'FROM node:20 AS prod\nCMD ["node", "index.js"]\nFROM node:20 AS development\nCMD ["npm", "run", "dev"]\n',
    },
    {
      name: 'Dockerfile: the entrypoint script migrates then execs node (no build)',
      filename: 'Dockerfile',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY docker-entrypoint.sh /usr/local/bin/\nCOPY . .\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "dist/index.js"]\n',
      files: { 'docker-entrypoint.sh': '#!/bin/sh\nset -e\nnode dist/migrate.js\nexec "$@"\n' },
    },
    {
      name: 'Procfile: a migrate: one-off builds before it migrates (run once per release, like release:)',
      filename: 'Procfile',
      code: 'web: node dist/server.js\nmigrate: npm run build && node dist/migrate.js\n',
      files: { 'package.json': pkg({ build: 'tsc', start: 'node dist/server.js' }) },
    },
    {
      name: 'Procfile: release runs the build step, web the output',
      filename: 'Procfile',
      code: 'release: npm run build && npm run migrate\nweb: node dist/server.js\nworker: node dist/worker.js\n',
    },
    {
      name: 'Procfile: npm start is judged in package.json, not here',
      filename: 'Procfile',
      code: 'web: npm start\n',
      files: { 'package.json': pkg({ start: 'node index.js' }) },
    },
    {
      name: 'a process manager, an env wrapper and a prestart check that builds nothing',
      filename: 'package.json',
      code: pkg({
        prestart: 'node scripts/check-env.js',
        start: 'cross-env NODE_ENV=production pm2-runtime start ecosystem.config.js',
        'start:single': 'NODE_OPTIONS=--enable-source-maps node dist/main.js',
      }),
    },
    {
      name: 'a declared CLI run through npx is installed, not downloaded; tsc --noEmit in a test script',
      filename: 'package.json',
      code: pkg({ start: 'npx serve -s build', test: 'tsc --noEmit && vitest run' }, { dependencies: { serve: '^14.2.0' } }),
    },
    {
      name: 'Dockerfile: sh -c migrates then starts the output (no build); a HEALTHCHECK runs curl',
      filename: 'Dockerfile',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY dist ./dist\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\nCMD ["sh", "-c", "node dist/migrate.js && exec node dist/server.js"]\n',
    },
    {
      name: "a library's start that runs its tests' app (ts-node test/app, node spec/server.js): not the product",
      filename: 'package.json',
      code: pkg({ start: 'ts-node test/app', 'start:spec': 'npm start && node spec/server.js' }, { main: 'lib/index.js', files: ['lib'] }),
    },
    {
      name: "a helper's package among the repository's scripts (jitsu's scripts/generate-feeds: npx tsx index.ts, run by hand)",
      filename: 'scripts/generate-feeds/package.json',
      code: pkg({ start: 'npx tsx index.ts', discover: 'npx tsx discover.ts' }),
      files: {
        'scripts/generate-feeds/index.ts': `import { MongoClient } from 'mongodb';\nconst client = new MongoClient(process.env.MONGODB_URI!);\nawait client.db().collection('feeds').insertOne({ url: 'https://example.com/feed' });\nawait client.close();\n`,
      },
    },
    {
      name: "near-miss of yarn's bin: yarn running the package's own script of a name no compiler has",
      filename: 'package.json',
      code: pkg({ start: 'yarn serve:api', 'serve:api': 'node dist/index.js' }),
    },
    {
      name: 'a package of examples started by its own scripts (no Dockerfile or Procfile starts it)',
      filename: 'examples/package.json',
      code: pkg({ start: 'tsx start.ts' }),
    },
    {
      name: 'a development Procfile (Procfile.dev, what heroku local runs) with a watcher and an npx download',
      filename: 'Procfile.dev',
      code: 'web: npx knex migrate:latest && nodemon src/server.js\n',
    },
    {
      name: 'Procfile: a worker runs compiled JavaScript, the web line a prebuilt bundle',
      filename: 'Procfile',
      code: 'web: node --max-old-space-size=512 build/server.js\nworker: node build/worker.js\nclock: node build/clock.js\n',
    },
  ],
  invalid: [
    {
      name: 'near-miss of a platform override: fly.toml replaces the CMD, the ENTRYPOINT that compiles still runs in front of it',
      filename: 'Dockerfile',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nENTRYPOINT ["npx", "ts-node", "src/index.ts"]\nCMD ["--port", "8080"]\n',
      files: { 'fly.toml': "[processes]\napp = '--port 3000'\n" },
      errors: [{ messageId: 'compileAtStart', line: 5, column: 12 }],
    },
    {
      name: "near-miss of a developer's orchestrator: the same start without a compose stack builds before it runs",
      filename: 'package.json',
      code: pkg({ start: 'concurrently --kill-others "yarn start:iam"', 'start:iam': 'node iam/dist/main.js', prestart: 'tsc -b' }),
      errors: [{ messageId: 'buildAtStart', line: 7, column: 18 }],
    },
    {
      name: "near-misses of a template: a package under another's tools/ folder, and one in src/ that a Dockerfile beside it deploys",
      filename: 'packages/api/tools/server/package.json',
      code: pkg({ start: 'ts-node src/server.ts' }),
      files: { 'packages/api/package.json': pkg({ build: 'tsc' }) },
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['ts-node'] }],
    },
    {
      name: "a start that builds, then runs a script named for starting (bitcore's wallet service: ./start.sh); not one that runs ./build.sh last",
      filename: 'package.json',
      code: pkg({
        start: 'npm run clean && npm run build && ./start.sh',
        clean: 'rm -rf ./ts_build',
        build: 'tsc',
        release: 'tsc && ./build.sh',
      }),
      errors: [{ messageId: 'buildAtStart', line: 5, column: 32 }],
    },
    {
      name: "near-miss of a template (review): a workspace root's package under src/ (workspaces: ['src/*']) is a package of its own",
      filename: 'src/api/package.json',
      code: pkg({ start: 'npm run build && node dist/index.js', build: 'tsc' }),
      files: { 'package.json': pkg({}, { workspaces: ['src/*'] }) },
      errors: [{ messageId: 'buildAtStart', line: 5, column: 15 }],
    },
    {
      name: "near-miss of a developer's orchestrator (review): a compose file beside the package may run it, so its start's tsc counts",
      filename: 'package.json',
      code: pkg({ start: 'tsc && concurrently "node dist/index.js" "docker compose up db"' }),
      files: { 'docker-compose.yml': 'services:\n  api:\n    build: .\n  db:\n    image: postgres:16\n' },
      errors: [{ messageId: 'buildAtStart', line: 5, column: 14 }],
    },
    {
      name: "near-miss of a template: a package in another's src/ that a Dockerfile beside it deploys",
      filename: 'packages/api/src/worker/package.json',
      code: pkg({ start: 'ts-node index.ts' }),
      files: {
        'packages/api/package.json': pkg({ build: 'tsc' }),
        'packages/api/src/worker/Dockerfile': 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n',
      },
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['ts-node'] }],
    },
    {
      name: "near-miss of a helper's package: the same start of a file that serves, under scripts/",
      filename: 'scripts/status/package.json',
      code: pkg({ start: 'npx tsx index.ts' }),
      files: {
        'scripts/status/index.ts': `import http from 'node:http';\nhttp.createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n`,
      },
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['tsx'] }],
    },
    {
      name: "near-miss of a helper's package: a start file under tools/ that hands off to a server module (review)",
      filename: 'tools/status-page/package.json',
      code: pkg({ start: 'ts-node index.ts' }),
      files: {
        'tools/status-page/index.ts': `import { start } from './src/server';\nstart(Number(process.env.PORT) || 8080);\n`,
        'tools/status-page/src/server.ts': `import http from 'node:http';\nexport const start = (port: number) => http.createServer((q, s) => s.end('ok')).listen(port);\n`,
      },
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['ts-node'] }],
    },
    {
      name: "a compiler run as yarn's bin (mirlo: yarn ts-node src/index.ts)",
      filename: 'package.json',
      code: pkg({ start: 'yarn ts-node src/index.ts' }),
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['ts-node'] }],
    },
    {
      name: 'npm start alone (no Procfile or Dockerfile): a compiler run through npx',
      filename: 'package.json',
      code: pkg({ start: 'npx ts-node src/index.ts' }),
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['ts-node'] }],
    },
    {
      name: "near-miss of an examples package: a tool's own package (a compose file or a platform may run its npm start)",
      filename: 'tools/status-page/package.json',
      code: pkg({ start: 'ts-node src/server.ts' }),
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['ts-node'] }],
    },
    {
      name: 'near-miss of a test target: a folder whose name only contains the word (src/testing-ground)',
      filename: 'services/api/package.json',
      code: pkg({ start: 'ts-node src/testing-ground/app.ts' }),
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['ts-node'] }],
    },
    {
      name: 'npm start alone, ts-node-esm',
      filename: 'package.json',
      code: pkg({ start: 'ts-node-esm src/index.ts' }),
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15, messageIncludes: ['ts-node-esm'] }],
    },
    {
      name: 'npm start alone, a loader given through NODE_OPTIONS',
      filename: 'package.json',
      code: pkg({ start: 'NODE_OPTIONS="--loader ts-node/esm" node src/index.ts' }),
      errors: [{ messageId: 'compileAtStart', line: 5, column: 14, messageIncludes: ['NODE_OPTIONS=--loader ts-node/esm'] }],
    },
    {
      name: 'npm start alone, a watcher inside concurrently',
      filename: 'package.json',
      code: pkg({ start: 'concurrently "tsc -w" "nodemon dist/index.js"' }),
      errors: [{ messageId: 'watcherAtStart', line: 5, column: 14, messageIncludes: ['tsc --watch'] }],
    },
    {
      name: 'start builds before it runs (finding on the tsc command inside the script)',
      filename: 'package.json',
      code: pkg({ start: 'tsc && node dist/app.js' }),
      errors: [
        {
          messageId: 'buildAtStart',
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 18,
          messageIncludes: ['npm start, the default production start'],
        },
      ],
      output: pkg({ start: 'node dist/app.js', build: 'tsc' }),
    },
    {
      name: 'prestart builds (followed from start); the fix drops it when build exists',
      filename: 'package.json',
      code: pkg({ prestart: 'npm run build', start: 'node dist/index.js', build: 'tsc' }),
      errors: [{ messageId: 'buildAtStart', line: 5, column: 18, messageIncludes: ['(start → prestart)'] }],
      output: JSON.stringify({ name: 'svc', version: '1.0.0', scripts: { start: 'node dist/index.js', build: 'tsc' } }, null, 2) + '\n',
    },
    {
      name: 'nodemon as the start, no Dockerfile or Procfile (fix: node)',
      filename: 'package.json',
      code: pkg({ start: 'nodemon index.js' }),
      errors: [{ messageId: 'watcherAtStart', line: 5, column: 15 }],
      output: pkg({ start: 'node index.js' }),
    },
    {
      name: 'ts-node as the start (fix: node on the output tsconfig names, and a build script)',
      filename: 'package.json',
      code: pkg({ start: 'ts-node src/server.ts' }),
      files: { 'tsconfig.json': TSCONFIG },
      errors: [{ messageId: 'compileAtStart', line: 5, column: 15 }],
      output: pkg({ start: 'node dist/server.js', build: 'tsc' }),
    },
    {
      name: 'the Dockerfile CMD runs start:prod, which installs and runs tsx through node --require',
      filename: 'package.json',
      code: pkg({
        start: 'nodemon src/index.ts',
        'start:prod': 'npm install && cross-env NODE_ENV=production node --require tsx/cjs src/index.ts',
      }),
      files: { Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["npm", "run", "start:prod"]\n' },
      errors: [
        { messageId: 'installAtStart', line: 6, column: 20, messageIncludes: ['Dockerfile CMD runs "start:prod"'] },
        { messageId: 'compileAtStart', line: 6, column: 35 },
      ],
    },
    {
      name: 'npx of a package the project does not declare downloads it at every start',
      filename: 'package.json',
      code: pkg({ start: 'npx serve -s build/client -l 5173' }),
      files: { Dockerfile: 'FROM node:20-alpine\nCOPY . .\nCMD ["npm", "start"]\n' },
      errors: [{ messageId: 'installAtStart', line: 5, column: 15 }],
    },
    {
      name: "a monorepo root Dockerfile runs a member's script through pnpm --filter",
      filename: 'src/package.json',
      code: JSON.stringify({ name: 'ep_core', scripts: { prod: 'node --import tsx node/server.ts' } }, null, 2) + '\n',
      files: {
        Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\nCMD ["pnpm", "run", "prod"]\n',
        'package.json': JSON.stringify({ name: 'root', private: true, scripts: { prod: 'pnpm --filter ep_core run prod' } }),
      },
      errors: [{ messageId: 'compileAtStart', line: 4, column: 14, messageIncludes: ['which runs "prod" here'] }],
    },
    {
      name: "a root Dockerfile runs a member's start:prod through pnpm --filter <dir>; it compiles (the member's own start is for development)",
      filename: 'apps/server/package.json',
      code:
        JSON.stringify(
          {
            name: 'server',
            scripts: { start: 'cross-env NODE_ENV=development nest start', 'start:prod': 'cross-env NODE_ENV=production nest start' },
          },
          null,
          2,
        ) + '\n',
      files: {
        Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\nCMD ["pnpm", "start"]\n',
        'package.json': JSON.stringify({ name: 'root', private: true, scripts: { start: 'pnpm --filter ./apps/server run start:prod' } }),
      },
      errors: [
        {
          messageId: 'compileAtStart',
          line: 5,
          column: 20,
          messageIncludes: ['Dockerfile CMD runs "start" of package.json, which runs "start:prod" here)'],
        },
      ],
    },
    {
      name: 'git pull in start',
      filename: 'package.json',
      code: pkg({ start: 'git pull && node index.js' }),
      errors: [{ messageId: 'fetchAtStart', line: 5, column: 15 }],
      output: null,
    },
    {
      name: 'Dockerfile: shell-form CMD builds then starts (fix: a RUN step, and the start alone)',
      filename: 'Dockerfile',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm install && npm run build && node dist/server.js\n',
      errors: [
        { messageId: 'installAtStart', line: 4, column: 5, endColumn: 16 },
        { messageId: 'buildAtStart', line: 4, column: 20, endColumn: 33 },
      ],
      output: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install && npm run build\nCMD ["node", "dist/server.js"]\n',
    },
    {
      name: 'Dockerfile: nodemon as PID 1 in exec form (fix: node)',
      filename: 'Dockerfile',
      code: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nENTRYPOINT ["nodemon", "server.js"]\n',
      errors: [{ messageId: 'watcherAtStart', line: 5, column: 12 }],
      output: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nENTRYPOINT ["node", "server.js"]\n',
    },
    {
      name: 'Dockerfile: the entrypoint script behind tini installs at every start (one finding, each line related)',
      filename: 'Dockerfile',
      code: 'FROM node:20-slim\nWORKDIR /usr/src/app\nCOPY install/docker/entrypoint.sh /usr/local/bin/\nCOPY . .\nENTRYPOINT ["tini", "--", "entrypoint.sh"]\n',
      files: {
        'install/docker/entrypoint.sh':
          '#!/bin/bash\ninstall() {\n  case "$PACKAGE_MANAGER" in\n    yarn) yarn install ;;\n    npm) npm install ;;\n  esac\n}\ninstall\nexec node app.js\n',
      },
      errors: [{ messageId: 'installAtStart', line: 5, column: 12, messageIncludes: ['install/docker/entrypoint.sh (lines 4, 5)'] }],
    },
    {
      name: 'Dockerfile: the script a non-package Dockerfile runs through npm start builds (reported on the CMD)',
      filename: 'docker/api.Dockerfile',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n',
      files: { 'package.json': pkg({ start: 'npm run build && node dist/index.js', build: 'tsc' }) },
      errors: [{ messageId: 'buildAtStart', line: 4, column: 5, messageIncludes: ['the "start" script of package.json'] }],
    },
    {
      name: 'Procfile: web compiles with ts-node, worker watches; release is left alone',
      filename: 'Procfile',
      code: 'release: npm run build\nweb: ts-node src/index.ts\nworker: nodemon worker.js\n',
      errors: [
        { messageId: 'compileAtStart', line: 2, column: 6, endColumn: 26 },
        { messageId: 'watcherAtStart', line: 3, column: 9 },
      ],
      output: null,
    },
    {
      name: "Render: the start command installs and builds (Render's buildCommand is their place)",
      filename: 'render.yaml',
      code: 'services:\n  - type: web\n    name: api\n    env: node\n    startCommand: npm install && npm run build && node dist/server.js\n',
      files: { 'package.json': pkg({ build: 'tsc', start: 'node dist/server.js' }) },
      errors: [
        { messageId: 'installAtStart', line: 5, column: 19, endColumn: 30, messageIncludes: ["Install in Render's buildCommand"] },
        {
          messageId: 'buildAtStart',
          line: 5,
          column: 34,
          endColumn: 47,
          messageIncludes: ['render.yaml\'s startCommand of service "api"'],
        },
      ],
      output: null,
    },
    {
      name: "a production compose file's command compiles with ts-node in sh -c",
      filename: 'docker-compose.prod.yml',
      code: 'services:\n  api:\n    image: acme/api:2\n    command: ["sh", "-c", "npx ts-node src/index.ts"]\n',
      files: { 'package.json': pkg({ start: 'node dist/index.js' }) },
      errors: [{ messageId: 'compileAtStart', line: 4, column: 28 }],
      output: null,
    },
    {
      name: 'near-miss of a package above: npx of a package nobody declares, from a compose file in deploy/',
      filename: 'deploy/docker-compose.prod.yml',
      code: 'services:\n  api:\n    image: acme/api:2\n    command: npx tsx dist/index.js\n',
      files: { 'package.json': pkg({ start: 'node dist/index.js' }, { dependencies: { pm2: '^5' } }) },
      errors: [{ messageId: 'compileAtStart', line: 4, column: 14 }],
      output: null,
    },
    {
      name: 'near-miss of a one-off image: a variant image whose command builds, then starts the worker',
      filename: 'docker/Dockerfile-worker',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["/bin/sh", "-c", "gulp build && node worker.js"]\n',
      files: { 'package.json': pkg({ start: 'node server.js' }) },
      errors: [{ messageId: 'buildAtStart', line: 4, column: 5 }],
      output: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN gulp build\nCMD ["/bin/sh", "-c", "node worker.js"]\n',
    },
    {
      name: 'near-miss of a one-off task (second review): a variant image not named for a task, whose dev server starts no node program',
      filename: 'web/Dockerfile.prod',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npx", "ng", "serve", "--host", "0.0.0.0"]\n',
      files: { 'web/package.json': pkg({ start: 'ng serve' }, { devDependencies: { '@angular/cli': '^17' } }) },
      errors: [{ messageId: 'watcherAtStart', line: 4, column: 5 }],
      output: null,
    },
    {
      name: "Cloud Foundry's manifest: npm ci before the server",
      filename: 'manifest.yml',
      code: 'applications:\n  - name: api\n    buildpacks: [nodejs_buildpack]\n    command: npm ci && node server.js\n',
      errors: [{ messageId: 'installAtStart', line: 4, column: 14, endColumn: 20 }],
      output: null,
    },
    {
      name: "App Engine's entrypoint runs a dev script (judged on package.json, which App Engine's file makes the start)",
      filename: 'package.json',
      code: pkg({ start: 'node dist/index.js', dev: 'nodemon src/index.ts' }),
      files: { 'app.yaml': 'runtime: nodejs20\nentrypoint: npm run dev\n' },
      errors: [{ messageId: 'watcherAtStart', line: 6, column: 13, messageIncludes: ['app.yaml\'s entrypoint runs "dev"'] }],
      output: null,
    },
    {
      name: 'Procfile: the build in the web line (fix: the platform builds with the build script)',
      filename: 'Procfile',
      code: 'web: npm run build && node dist/index.js\n',
      files: { 'package.json': pkg({ build: 'tsc', start: 'node dist/index.js' }) },
      errors: [{ messageId: 'buildAtStart', line: 1, column: 6, endColumn: 19 }],
      output: 'web: node dist/index.js\n',
    },
  ],
});

describe(`${RULE}: programs that register a compiler`, () => {
  const only = (files: Record<string, string>) => brief(judge(files).findings.filter((f) => f.ruleId === RULE));

  it('AdonisJS with no entry declared: ace.js (the CLI) registers ts-node and imports the console, not the server (adonisjs.com)', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'site', type: 'module', dependencies: { '@adonisjs/core': '^6' } }),
      'adonisrc.ts': `export default { preloads: [() => import('./start/kernel.js')] };\n`,
      'start/kernel.ts': `export const kernel = 1;\n`,
      'bin/server.ts': `import { Ignitor } from '@adonisjs/core';\nconst APP_ROOT = new URL('../', import.meta.url);\nnew Ignitor(APP_ROOT, { importer: (f) => import(f) })\n  .tap((app) => app.listen('SIGTERM', () => app.terminate()))\n  .httpServer()\n  .start();\n`,
      'bin/console.ts': `import { Ignitor } from '@adonisjs/core';\nconst APP_ROOT = new URL('../', import.meta.url);\nnew Ignitor(APP_ROOT, { importer: (f) => import(f) }).ace().handle(process.argv.splice(2));\n`,
      'ace.js': `import { register } from 'node:module';\nregister('ts-node/esm', import.meta.url);\nawait import('./bin/console.js');\n`,
    };
    assert.deepEqual(only(files), []);
    // The server's own registration still counts.
    const own = {
      ...files,
      'bin/server.ts': `import { register } from 'node:module';\nregister('ts-node/esm', import.meta.url);\n${files['bin/server.ts']}`,
    };
    assert.deepEqual(only(own), [{ file: 'bin/server.ts', line: 2, column: 1, messageId: 'runtimeCompiler' }]);
  });

  it('a server entry that requires ts-node/register', () => {
    assert.deepEqual(
      only({
        'package.json': pkg({ start: 'node index.js' }),
        'index.js': `require('ts-node/register');\nrequire('./src/main');\n`,
        'src/main.ts': `import express from 'express';\nexpress().listen(3000);\n`,
      }),
      [{ file: 'index.js', line: 1, column: 1, messageId: 'runtimeCompiler' }],
    );
  });

  it('ts-node registered through its API, and module.register of tsx', () => {
    assert.deepEqual(
      only({
        'package.json': pkg({ start: 'node boot.mjs' }),
        'boot.mjs': `import { register } from 'node:module';\nimport tsNode from 'ts-node';\nregister('tsx/esm', import.meta.url);\ntsNode.register({ transpileOnly: true });\nawait import('./server.ts');\n`,
        'server.ts': `import http from 'node:http';\nhttp.createServer().listen(8080);\n`,
      }),
      [
        { file: 'boot.mjs', line: 3, column: 1, messageId: 'runtimeCompiler' },
        { file: 'boot.mjs', line: 4, column: 1, messageId: 'runtimeCompiler' },
      ],
    );
  });

  it('clean: a CLI (no server), a test setup, and ts-node used as a library', () => {
    assert.deepEqual(
      only({
        'package.json': pkg({ start: 'node cli.js', test: 'mocha -r ts-node/register' }),
        'cli.js': `require('ts-node').register();\nrequire('./tasks');\n`,
        'tasks.ts': 'export const x = 1;\n',
        'test/setup.js': `require('ts-node/register');\n`,
        'server/index.js': `const { createProgram } = require('ts-node');\n`,
      }),
      [],
    );
  });
});

describe(`${RULE} fixes across files`, () => {
  it('package.json start and the Dockerfile that runs it: the build moves to a RUN before the CMD', () => {
    const files = {
      'package.json': pkg({ start: 'tsc && node dist/app.js' }),
      Dockerfile: 'FROM node:20\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm install\nEXPOSE 8080\nCMD npm start\n',
    };
    const { session } = judge(files);
    const [finding] = session.allFindings().filter((f) => f.ruleId === RULE);
    const fix = finding.fixes![0];
    assert.equal(fix.kind, 'suggestion');
    assert.equal(
      fix.title,
      'Build before the release starts: "start": "node dist/app.js", "build": "tsc", RUN npm run build in the Dockerfile',
    );
    const after = applyFix(fix, filesUnder(ROOT, files));
    const text = (rel: string) => after.get(path.join(ROOT, rel));
    assert.equal(
      text('Dockerfile'),
      'FROM node:20\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm install\nEXPOSE 8080\nRUN npm run build\nCMD npm start\n',
    );
    assert.equal(text('package.json'), pkg({ start: 'node dist/app.js', build: 'tsc' }));
    const again = judge(Object.fromEntries([...after].map(([k, v]) => [path.relative(ROOT, k), v])));
    assert.deepEqual(
      again.session.allFindings().filter((f) => f.ruleId === RULE),
      [],
    );
  });
});
