import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyFix } from '../../../../server/src/analysis';
import { analyzeCase, ruleTester, VIRTUAL_ROOT, type ValidCase } from '../../../helpers/ruleTester';

const RULE = 'disposability/signal-forwarding';
const pkg = (scripts: Record<string, string>) => JSON.stringify({ name: 'orders-api', version: '1.0.0', scripts }, null, 2);

const ARCH_STAGES = `ARG TARGETARCH\nFROM ubuntu:noble AS base\nFROM base AS build-amd64\nCOPY ./docker/docker-entrypoint.sh /usr/local/bin/\nFROM build-\${TARGETARCH} AS build\nWORKDIR /app\nFROM build AS production-build\nCOPY ./server /app/server\nENTRYPOINT ["/bin/bash", "/usr/local/bin/docker-entrypoint.sh"]\n`;

ruleTester(RULE, {
  valid: [
    {
      name: "a stub image whose sh -c only prints a notice and exits (MonitoRSS's retired service): no process for a signal to reach",
      filename: 'Dockerfile',
      code: `FROM alpine:3.20\nCMD ["sh", "-c", "echo 'This service is retired. Use user-feeds-next.'; exit 0"]\n`,
    },
    {
      name: "an image whose command fly.toml replaces ([processes], run under Fly's init)",
      filename: 'apps/server/Dockerfile',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD npm start\n',
      files: {
        'apps/server/fly.toml':
          "app = 'server'\n\n[build]\ndockerfile = './Dockerfile'\n\n[processes]\nweb = 'env PROCESS_MODE=web pnpm --silent start'\n",
      },
    },
    {
      name: 'an ENTRYPOINT that fly.toml replaces ([experimental] entrypoint, review): npm in front of an exec-form CMD is not what runs',
      filename: 'Dockerfile',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["npm", "run"]\nCMD ["start"]\n',
      files: { 'fly.toml': "[experimental]\nentrypoint = ['node']\n" },
    },
    { name: 'exec form', filename: 'Dockerfile', code: `FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/server.js"]\n` },
    {
      name: 'tini in front of exec form',
      filename: 'Dockerfile',
      code: `FROM node:20-alpine\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: 'tini in front of npm',
      filename: 'Dockerfile',
      code: `FROM node:20-alpine\nRUN apk add --no-cache tini\nENTRYPOINT ["tini", "--"]\nCMD ["npm", "start"]\n`,
    },
    {
      name: 'dumb-init signals the process group: a shell-form CMD still gets SIGTERM',
      filename: 'Dockerfile',
      code: `FROM node:20\nRUN apt-get update && apt-get install -y dumb-init\nENTRYPOINT ["dumb-init", "--"]\nCMD node server.js\n`,
    },
    {
      name: 'tini -g signals the process group',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["tini", "-g", "--"]\nCMD node server.js\n`,
    },
    {
      name: 'dumb-init with the command in the ENTRYPOINT',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["dumb-init", "node", "dist/server.js"]\n`,
    },
    {
      name: 'shell form handing over with exec',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD exec node dist/server.js --port $PORT\n`,
    },
    {
      name: 'a command list whose last command is exec',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD npx prisma migrate deploy && exec node dist/main.js\n`,
    },
    {
      name: 'sh -c ending in exec',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["sh", "-c", "exec node dist/main.js --port \${PORT:-3000}"]\n`,
    },
    {
      name: 'build stage runs npm; the final stage runs node in exec form',
      filename: 'Dockerfile',
      code: `FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nRUN npm ci && npm run build\nCMD npm run dev\n\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /src/dist ./dist\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: 'an image that runs the test suite or the linters through a package manager: no app to stop',
      filename: 'Dockerfile',
      code: `FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\nENV NODE_ENV=test\nCMD ["pnpm", "test"]\n`,
    },
    {
      name: 'a shell-form CMD running e2e tests through npm run',
      filename: 'Dockerfile',
      code: `FROM node:22\nWORKDIR /app\nCOPY . .\nCMD npm run test:e2e -- --ci\n`,
    },
    {
      name: 'a one-off migration image: prisma migrate deploy through npx, and a migrate script through npm',
      filename: 'migrate.Dockerfile',
      code: `FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npx", "prisma", "migrate", "deploy"]\n`,
    },
    {
      name: 'a migration image whose CMD runs the migrate script in shell form',
      filename: 'Dockerfile.migrate',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm run db:migrate\n`,
    },
    {
      name: 'a stage the final image is not built from',
      filename: 'Dockerfile',
      code: `FROM node:20 AS base\nWORKDIR /app\nFROM base AS dev\nCMD npm run dev\nFROM base AS prod\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'no CMD or ENTRYPOINT: the base image decides',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n`,
    },
    {
      name: 'ENTRYPOINT script ending in exec "$@"',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "dist/main.js"]\n`,
      files: {
        'docker-entrypoint.sh': `#!/bin/sh\nset -e\nif [ "$RUN_MIGRATIONS" = "true" ]; then\n  npx prisma migrate deploy\nfi\nexec "$@"\n`,
      },
    },
    {
      name: 'ENTRYPOINT script ending in exec node',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./scripts/start.sh"]\n`,
      files: { 'scripts/start.sh': `#!/usr/bin/env bash\nset -euo pipefail\nnode scripts/migrate.js\nexec node dist/server.js\n` },
    },
    {
      name: 'a one-off node command, a function defined (not run) after it, then exec node',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./start.sh"]\n`,
      files: {
        'start.sh': `#!/bin/sh\nnode /app/validate-env.mjs\n\nrun_with_timeout() {\n  timeout "$1" sh -c "$2"\n}\n\nexec node server.js\n`,
      },
    },
    {
      name: 'one-off node commands before and inside a top-level if/else, then exec node after fi',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./start.sh"]\n`,
      files: {
        'start.sh': `#!/bin/sh\nset -eu\nnode /app/validate-env.mjs\nif [ "\${SKIP_MIGRATIONS:-false}" = "true" ]; then\n  echo skipping\nelse\n  node scripts/migrate.js\nfi\ncase "$ROLE" in\n  seed) node scripts/seed.js ;;\n  *) echo none ;;\nesac\nexec node server.js\n`,
      },
    },
    {
      name: 'a wrapper function that runs its own arguments ("$@" is the function\'s, not the image\'s command), then exec node',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./start.sh"]\n`,
      files: {
        'start.sh': `#!/bin/sh\nretry() {\n  for i in 1 2 3; do\n    if "$@"; then return 0; fi\n    sleep 2\n  done\n  return 1\n}\nretry node scripts/wait-for-db.js\nexec node server.js\n`,
      },
    },
    {
      name: 'images named for development or tests: nodemon and npm as PID 1 are their point',
      filename: 'Dockerfile.dev',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npx", "nodemon", "src/server.js"]\n`,
    },
    {
      name: 'an integration-test image (Dockerfile.integration): npm as PID 1 in CI',
      filename: 'Dockerfile.integration',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "run", "test:integration"]\n`,
    },
    {
      name: 'a test image in a test folder',
      filename: 'docker/test/Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "run", "test:e2e:watch"]\n`,
    },
    {
      name: 'a script that forwards SIGTERM itself',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY start.sh .\nENTRYPOINT ["/app/start.sh"]\n`,
      files: { 'start.sh': `#!/bin/sh\nnode server.js &\nPID=$!\ntrap 'kill -TERM $PID' TERM INT\nwait $PID\n` },
    },
    {
      name: 'the base image entrypoint (not in the workspace) with an exec-form CMD',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'an unknown entrypoint binary with exec-form arguments',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["/usr/local/bin/my-launcher"]\nCMD ["npm", "start"]\n`,
    },
    {
      name: 'a node script as entrypoint',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./bin/server.js"]\n`,
      files: { 'bin/server.js': `#!/usr/bin/env node\nrequire('../dist/server');\nnode();\n` },
    },
    {
      name: 'pm2-runtime is made to be PID 1',
      filename: 'Dockerfile',
      code: `FROM node:20\nRUN npm install -g pm2\nCMD ["pm2-runtime", "ecosystem.config.js"]\n`,
    },
    { name: 'a commented-out shell form', filename: 'Dockerfile', code: `FROM node:20\n# CMD npm start\nCMD ["node", "index.js"]\n` },
    {
      name: 'Windows containers',
      filename: 'Dockerfile',
      code: `# escape=\`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD node server.js\n`,
    },
    {
      name: 'ONBUILD triggers are for child images',
      filename: 'Dockerfile',
      code: `FROM node:20\nONBUILD CMD npm start\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'exec form over continuation lines',
      filename: 'Containerfile',
      code: `FROM node:20\nCMD [ "node", \\\n      "--enable-source-maps", \\\n      "dist/server.js" ]\n`,
    },
    {
      name: 'ENTRYPOINT [] then an exec-form CMD',
      filename: 'Dockerfile',
      code: `FROM some/base-with-entrypoint:1.2\nENTRYPOINT []\nCMD ["node", "server.js"]\n`,
    },
    { name: 'catatonit as init in the CMD', filename: 'Dockerfile', code: `FROM node:20\nCMD ["catatonit", "--", "node", "server.js"]\n` },
    {
      name: "s6-overlay's /init",
      filename: 'Dockerfile',
      code: `FROM node:20\nADD https://github.com/just-containers/s6-overlay/releases/download/v3.2.0.2/s6-overlay-noarch.tar.xz /tmp\nENTRYPOINT ["/init"]\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'tini in front of a dispatching entrypoint script and npm',
      filename: 'Dockerfile',
      code: `FROM node:20-alpine\nRUN apk add --no-cache tini\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/sbin/tini", "--", "/docker-entrypoint.sh"]\nCMD ["yarn", "start"]\n`,
      files: { 'docker-entrypoint.sh': `#!/bin/sh\nexec "$@"\n` },
    },
    {
      name: 'dumb-init in front of sh -c',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["/usr/bin/dumb-init", "--"]\nCMD ["sh", "-c", "node dist/server.js --port $PORT"]\n`,
    },
    {
      name: 'a later exec-form CMD replaces an earlier shell form',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD npm start\nCOPY . .\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'a test stage that is not the final one',
      filename: 'Dockerfile',
      code: `FROM node:20 AS base\nWORKDIR /app\nCOPY . .\nFROM base AS test\nCMD npm test\nFROM base AS release\nCMD ["node", "index.js"]\n`,
    },
    {
      name: 'HEALTHCHECK and RUN in shell form are not what PID 1 runs',
      filename: 'Dockerfile',
      code: `FROM node:20\nRUN node -e "require('fs').mkdirSync('/app/tmp')"\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'a SHELL instruction with an exec-form CMD',
      filename: 'Dockerfile',
      code: `FROM node:20\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/setup.sh | bash\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'a script ending in exec pm2-runtime',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install -g pm2\nENTRYPOINT ["./docker/start.sh"]\n`,
      files: {
        'docker/start.sh': `#!/bin/sh\nset -e\nnode scripts/check-env.js\nexec pm2-runtime start ecosystem.config.js --env production\n`,
      },
    },
    {
      name: 'a script that drops privileges and execs the CMD',
      filename: 'Dockerfile',
      code: `FROM node:20-alpine\nRUN apk add --no-cache su-exec\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\nCMD ["node", "server.js"]\n`,
      files: { 'entrypoint.sh': `#!/bin/sh\nchown -R node:node /app/data\nexec su-exec node "$@"\n` },
    },
    {
      name: 'a script that execs in both branches',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /srv\nCOPY run.sh ./\nCMD ["sh", "run.sh"]\n`,
      files: { 'run.sh': `if [ "$ROLE" = "worker" ]; then\n  exec node dist/worker.js\nelse\n  exec node dist/web.js\nfi\n` },
    },
    {
      name: 'a script that runs a migration with node, then execs the server',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["/app/bin/boot.sh"]\n`,
      files: { 'bin/boot.sh': `#!/bin/bash\nnode dist/db/migrate.js\nexec node dist/server.js\n` },
    },
    {
      name: 'a script copied with --chmod in JSON form',
      filename: 'Dockerfile',
      code: `FROM node:20\nCOPY --chmod=755 ["scripts/entry.sh", "/entry.sh"]\nENTRYPOINT ["/entry.sh"]\nCMD ["node", "app.js"]\n`,
      files: { 'scripts/entry.sh': `#!/bin/sh\n[ -f /run/secrets/env ] && . /run/secrets/env\nexec "$@"\n` },
    },
    {
      name: 'a script the rule cannot find (copied with a variable path)',
      filename: 'Dockerfile',
      code: `FROM node:20\nARG SCRIPT=start.sh\nCOPY $SCRIPT /start.sh\nENTRYPOINT ["/start.sh"]\n`,
      files: { 'start.sh': `#!/bin/sh\nnode server.js\n` },
    },
    {
      name: 'exec form with env in front',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["/usr/bin/env", "NODE_OPTIONS=--max-old-space-size=512", "node", "server.js"]\n`,
    },
    {
      name: 'lowercase exec form',
      filename: 'Dockerfile',
      code: `from node:20-alpine\nworkdir /app\ncopy . .\ncmd ["node", "index.js"]\n`,
    },
  ],
  invalid: [
    {
      name: 'near-miss of a stub: env running the app under sh -c (review)',
      filename: 'Dockerfile',
      code: `FROM node:22-alpine\nCMD ["sh", "-c", "env NODE_OPTIONS=--max-old-space-size=$HEAP_MB node server.js"]\n`,
      errors: [{ messageId: 'shellWrapper', line: 2, column: 5 }],
    },
    {
      name: 'near-miss of a stub: the same notice, then the app started without exec',
      filename: 'Dockerfile',
      code: `FROM node:22-alpine\nCMD ["sh", "-c", "echo 'starting'; node server.js"]\n`,
      errors: [{ messageId: 'shellWrapper', line: 2, column: 5 }],
    },
    {
      name: 'near-miss of a platform override: fly.toml replaces the CMD, not the shell-form ENTRYPOINT in front of its processes',
      filename: 'Dockerfile',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nENTRYPOINT node server.js\nCMD ["--port", "8080"]\n',
      files: { 'fly.toml': "[processes]\napp = 'node server.js'\n" },
      errors: [{ messageId: 'shellForm', line: 4, column: 12 }],
    },
    {
      name: 'near-miss of a platform override: a fly.toml whose processes run another image (its [build] dockerfile)',
      filename: 'Dockerfile',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD npm start\n',
      files: {
        'fly.toml': "app = 'server'\n\n[build]\ndockerfile = 'Dockerfile.worker'\n\n[processes]\nworker = 'node worker.js'\n",
      },
      errors: [{ messageId: 'packageManager', line: 5, column: 5 }],
    },
    {
      name: 'a migration run before the app starts, by npx as PID 1 (shell form): the app still needs SIGTERM',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npx prisma migrate deploy && npx ts-node src/index.ts\n`,
      errors: [{ messageId: 'shellForm', line: 4, column: 5 }],
    },
    {
      name: 'shell-form CMD → exact exec form',
      filename: 'Dockerfile',
      code: `FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD node dist/server.js\n`,
      errors: [
        {
          messageId: 'shellForm',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 24,
          messageIncludes: ['/bin/sh -c', 'CMD ["node", "dist/server.js"]'],
        },
      ],
      output: `FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: 'lowercase instruction, continuation lines, a parser directive',
      filename: 'api.Dockerfile',
      code: `# syntax=docker/dockerfile:1\nfrom node:20\ncmd node \\\n    --enable-source-maps \\\n    dist/server.js\n`,
      errors: [{ messageId: 'shellForm', line: 3, column: 5, endLine: 5, endColumn: 19 }],
      output: `# syntax=docker/dockerfile:1\nfrom node:20\ncmd ["node", "--enable-source-maps", "dist/server.js"]\n`,
    },
    {
      name: 'quotes and escapes become exact JSON strings',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD node --title "orders \\"api\\"" 'dist/my server.js' a\\\\b\n`,
      errors: [{ messageId: 'shellForm', line: 2, column: 5 }],
      output: `FROM node:20\nCMD ["node", "--title", "orders \\"api\\"", "dist/my server.js", "a\\\\b"]\n`,
    },
    {
      name: 'a SHELL instruction names the shell',
      filename: 'Dockerfile',
      code: `FROM node:20\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD node server.js\n`,
      errors: [{ messageId: 'shellForm', line: 3, column: 5, messageIncludes: ['/bin/bash -o pipefail -c'] }],
      output: `FROM node:20\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["node", "server.js"]\n`,
    },
    {
      name: '&& list: no exec form, exec in front of the last command',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD npx prisma migrate deploy && node dist/main.js\n`,
      errors: [{ messageId: 'shellForm', line: 2, column: 5, endColumn: 51, messageIncludes: ['needs a shell (a command list (&&))'] }],
      output: `FROM node:20\nCMD npx prisma migrate deploy && exec node dist/main.js\n`,
    },
    {
      name: 'a variable: exec in front, the shell still expands it',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD node dist/server.js --port $PORT\n`,
      errors: [{ messageId: 'shellForm', line: 2, column: 5, messageIncludes: ['a variable or substitution ($PORT)'] }],
      output: `FROM node:20\nCMD exec node dist/server.js --port $PORT\n`,
    },
    {
      name: 'a pipe: no fix, the message says it needs a shell',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD node server.js | pino-pretty\n`,
      errors: [
        { messageId: 'shellForm', line: 2, column: 5, messageIncludes: ['needs a shell (a pipe (|))', 'script that ends with exec'] },
      ],
      output: null,
    },
    {
      name: 'a redirect: no exec form; exec in front keeps the redirect',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD node server.js 2>/dev/null\n`,
      errors: [{ messageId: 'shellForm', line: 2, column: 5, messageIncludes: ['a redirect (2>/dev/null)'] }],
      output: `FROM node:20\nCMD exec node server.js 2>/dev/null\n`,
    },
    {
      name: 'a glob: exec in front, never a literal "*" argument',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD node dist/*.js\n`,
      errors: [{ messageId: 'shellForm', line: 2, column: 5, messageIncludes: ['a glob (dist/*.js)'] }],
      output: `FROM node:20\nCMD exec node dist/*.js\n`,
    },
    {
      name: 'a variable assignment prefix: no fix',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD NODE_ENV=production node server.js\n`,
      errors: [{ messageId: 'shellForm', line: 2, column: 5, messageIncludes: ['a variable assignment (NODE_ENV=)'] }],
      output: null,
    },
    {
      name: 'npm start in shell form → the start script, in exec form',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm ci\nCMD npm start\n`,
      files: { 'package.json': pkg({ build: 'tsc', start: 'node dist/server.js' }) },
      errors: [
        {
          messageId: 'packageManager',
          line: 5,
          column: 5,
          endColumn: 14,
          messageIncludes: ['npm runs as PID 1', 'CMD ["node", "dist/server.js"]'],
        },
      ],
      output: `FROM node:20\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm ci\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: "npm start in exec form, with the script's arguments",
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["npm", "start"]\n`,
      files: { 'package.json': pkg({ start: 'node --enable-source-maps dist/index.js --port=8080' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5, endColumn: 21 }],
      output: `FROM node:20\nCMD ["node", "--enable-source-maps", "dist/index.js", "--port=8080"]\n`,
    },
    {
      name: 'near-miss of a test image: a script whose name only starts with test (a testing server)',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["pnpm", "run", "testing-server"]\n`,
      errors: [{ messageId: 'packageManager', line: 2, column: 5 }],
    },
    {
      name: 'near-miss of a test image: the folder given to --cwd is named e2e, the script is start',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["yarn", "--cwd", "e2e", "start"]\n`,
      errors: [{ messageId: 'packageManager', line: 2, column: 5 }],
    },
    {
      name: 'npm run start:prod',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["npm", "run", "start:prod"]\n`,
      files: { 'package.json': pkg({ start: 'nest start', 'start:prod': 'node dist/main' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5 }],
      output: `FROM node:20\nCMD ["node", "dist/main"]\n`,
    },
    {
      name: 'the package.json nearest to the Dockerfile',
      filename: 'services/api/Dockerfile',
      code: `FROM node:20\nCMD ["yarn", "start"]\n`,
      files: { 'package.json': pkg({ start: 'node root.js' }), 'services/api/package.json': pkg({ start: 'node build/api.js' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5, messageIncludes: ['yarn runs as PID 1'] }],
      output: `FROM node:20\nCMD ["node", "build/api.js"]\n`,
    },
    {
      name: 'a start script that is not a plain node command: no fix',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["yarn", "start"]\n`,
      files: { 'package.json': pkg({ start: 'ts-node src/index.ts' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5, messageIncludes: ['or put an init (tini, dumb-init) in front of yarn'] }],
      output: null,
    },
    {
      name: 'a prestart script would be skipped: no fix',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["pnpm", "start"]\n`,
      files: { 'package.json': pkg({ prestart: 'node scripts/check-env.js', start: 'node dist/server.js' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'no package.json: no fix',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["npm", "start"]\n`,
      errors: [{ messageId: 'packageManager', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'npm start after a migration: exec node as the last command',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD npx prisma migrate deploy && npm start\n`,
      files: { 'package.json': pkg({ start: 'node dist/main.js' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5 }],
      output: `FROM node:20\nCMD npx prisma migrate deploy && exec node dist/main.js\n`,
    },
    {
      name: 'npm start with a redirect: exec node keeps the redirect (logs/no-file-logging reports the file)',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD npm start >> /var/log/orders.log 2>&1\n`,
      files: { 'package.json': pkg({ start: 'node dist/index.js' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5, endColumn: 42, messageIncludes: ['exec node dist/index.js'] }],
      output: `FROM node:20\nCMD exec node dist/index.js >> /var/log/orders.log 2>&1\n`,
    },
    {
      name: 'exec npm start still leaves npm as PID 1',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD exec npm start\n`,
      files: { 'package.json': pkg({ start: 'node server.js' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5 }],
      output: `FROM node:20\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'sh -c with an && list → exec in front of the last command, inside the JSON string',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["sh", "-c", "npm run migrate && node dist/main.js"]\n`,
      errors: [{ messageId: 'shellWrapper', line: 2, column: 5, endColumn: 57 }],
      output: `FROM node:20\nCMD ["sh", "-c", "npm run migrate && exec node dist/main.js"]\n`,
    },
    {
      name: 'sh -c around a plain command → the command in exec form',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["/bin/sh", "-c", "node dist/main.js"]\n`,
      errors: [{ messageId: 'shellWrapper', line: 2, column: 12 }],
      output: `FROM node:20\nENTRYPOINT ["node", "dist/main.js"]\n`,
    },
    {
      name: 'sh -c npm start',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["bash", "-c", "npm start"]\n`,
      files: { 'package.json': pkg({ start: 'node index.js' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5 }],
      output: `FROM node:20\nCMD ["node", "index.js"]\n`,
    },
    {
      name: 'shell-form ENTRYPOINT (it also ignores CMD)',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT node dist/server.js\n`,
      errors: [{ messageId: 'shellForm', line: 2, column: 12 }],
      output: `FROM node:20\nENTRYPOINT ["node", "dist/server.js"]\n`,
    },
    {
      name: 'shell-form ENTRYPOINT with a CMD: the exec form would start passing CMD, so no automatic rewrite',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT node dist/server.js\nCMD ["--port", "3000"]\n`,
      errors: [{ messageId: 'shellForm', line: 2, column: 12, messageIncludes: ['the CMD, ignored today, then becomes its arguments'] }],
      output: null,
    },
    {
      name: 'shell-form CMD after an exec-form tini ENTRYPOINT: tini runs /bin/sh, not the app',
      filename: 'Dockerfile',
      code: `FROM node:20-alpine\nENTRYPOINT ["/sbin/tini", "--"]\nCMD node dist/server.js\n`,
      errors: [{ messageId: 'shellFormArguments', line: 3, column: 5, messageIncludes: ['(tini)', '"/bin/sh -c …" arguments'] }],
      output: `FROM node:20-alpine\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: 'shell-form CMD after tini that needs a shell: exec in front of it',
      filename: 'Dockerfile',
      code: `FROM node:20-alpine\nENTRYPOINT ["tini", "--"]\nCMD node src/index.js --port $PORT\n`,
      errors: [
        { messageId: 'shellFormArguments', line: 3, column: 5, messageIncludes: ['It needs a shell (a variable or substitution ($PORT))'] },
      ],
      output: `FROM node:20-alpine\nENTRYPOINT ["tini", "--"]\nCMD exec node src/index.js --port $PORT\n`,
    },
    {
      name: 'sh -c with npm start after a migration: exec node inside the JSON string',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["sh", "-c", "npm run migrate && npm start"]\n`,
      files: { 'package.json': pkg({ migrate: 'knex migrate:latest', start: 'node dist/main.js' }) },
      errors: [{ messageId: 'packageManager', line: 2, column: 5, messageIncludes: ['exec node dist/main.js'] }],
      output: `FROM node:20\nCMD ["sh", "-c", "npm run migrate && exec node dist/main.js"]\n`,
    },
    {
      name: 'shell-form CMD as arguments of an exec-form ENTRYPOINT',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["node"]\nCMD dist/server.js --port 3000\n`,
      errors: [{ messageId: 'shellFormArguments', line: 3, column: 5 }],
      output: `FROM node:20\nENTRYPOINT ["node"]\nCMD ["dist/server.js", "--port", "3000"]\n`,
    },
    {
      name: 'single-quoted "exec form" is a shell command',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ['node', 'dist/server.js']\n`,
      errors: [{ messageId: 'invalidExecForm', line: 2, column: 5, endColumn: 31 }],
      output: `FROM node:20\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: 'a final stage built FROM a stage inherits its CMD',
      filename: 'Dockerfile',
      code: `FROM node:20 AS base\nWORKDIR /app\nCOPY . .\nCMD npm start\n\nFROM base AS production\nENV NODE_ENV=production\nRUN npm prune --omit=dev\n`,
      files: { 'package.json': pkg({ start: 'node server.js' }) },
      errors: [{ messageId: 'packageManager', line: 4, column: 5 }],
      output: `FROM node:20 AS base\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n\nFROM base AS production\nENV NODE_ENV=production\nRUN npm prune --omit=dev\n`,
    },
    {
      name: 'multi-stage: only the final CMD counts',
      filename: 'Dockerfile',
      code: `FROM node:20 AS build\nCMD npm run build\nFROM node:20-slim\nCMD node dist/server.js\n`,
      errors: [{ messageId: 'shellForm', line: 4, column: 5 }],
      output: `FROM node:20 AS build\nCMD npm run build\nFROM node:20-slim\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: 'ENTRYPOINT script that starts node without exec (read through its COPY)',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY docker/entrypoint.sh /usr/local/bin/\nCOPY . .\nENTRYPOINT ["entrypoint.sh"]\n`,
      files: { 'docker/entrypoint.sh': `#!/bin/sh\nset -e\nnpx prisma migrate deploy\nnode dist/main.js\n` },
      errors: [
        {
          messageId: 'scriptWithoutExec',
          line: 5,
          column: 12,
          endColumn: 29,
          messageIncludes: ['docker/entrypoint.sh', 'line 4: node dist/main.js'],
        },
      ],
      output: `FROM node:20\nWORKDIR /app\nCOPY docker/entrypoint.sh /usr/local/bin/\nCOPY . .\nENTRYPOINT ["entrypoint.sh"]\n`,
      outputFiles: { 'docker/entrypoint.sh': `#!/bin/sh\nset -e\nnpx prisma migrate deploy\nexec node dist/main.js\n` },
    },
    {
      name: 'ENTRYPOINT script running "$@" without exec',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n`,
      files: { 'docker-entrypoint.sh': `#!/bin/bash\nset -e\necho "starting $*"\n"$@"\n` },
      errors: [{ messageId: 'scriptWithoutExec', line: 4, column: 12 }],
      output: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n`,
      outputFiles: { 'docker-entrypoint.sh': `#!/bin/bash\nset -e\necho "starting $*"\nexec "$@"\n` },
    },
    {
      name: 'a stage picked by a build argument (FROM build-${TARGETARCH}): the script it copied is followed',
      filename: 'docker/Dockerfile',
      code: ARCH_STAGES,
      files: { 'docker/docker-entrypoint.sh': `#!/bin/bash\ncd /app/server && node index.js\n` },
      errors: [{ messageId: 'scriptWithoutExec', line: 9, column: 12, messageIncludes: ['line 2: node index.js'] }],
      output: ARCH_STAGES,
      outputFiles: { 'docker/docker-entrypoint.sh': `#!/bin/bash\ncd /app/server && exec node index.js\n` },
    },
    {
      name: 'a script started through sh, with both branches of an if',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /srv\nCOPY scripts ./scripts\nCMD ["sh", "./scripts/run.sh"]\n`,
      files: { 'scripts/run.sh': `if [ "$ROLE" = worker ]; then\n  node dist/worker.js\nelse\n  node dist/web.js\nfi\n` },
      errors: [{ messageId: 'scriptWithoutExec', line: 4, column: 5, messageIncludes: ['line 2: node dist/worker.js'] }],
      output: `FROM node:20\nWORKDIR /srv\nCOPY scripts ./scripts\nCMD ["sh", "./scripts/run.sh"]\n`,
      outputFiles: { 'scripts/run.sh': `if [ "$ROLE" = worker ]; then\n  exec node dist/worker.js\nelse\n  exec node dist/web.js\nfi\n` },
    },
    {
      name: 'a script that keeps running after the app: no fix (exec would skip the rest)',
      filename: 'Dockerfile',
      code: `FROM node:20\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n`,
      files: { 'start.sh': `#!/bin/sh\nnode /app/server.js\necho "server exited"\n` },
      errors: [{ messageId: 'scriptWithoutExec', line: 3, column: 12 }],
      output: null,
    },
    {
      name: 'a start inside a function that is called, with the exec in another function: each function is its own branch',
      filename: 'Dockerfile',
      code: `FROM node:20\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n`,
      files: { 'start.sh': `#!/bin/sh\nweb() {\n  node /app/server.js\n}\nworker() {\n  exec node /app/worker.js\n}\nweb\n` },
      errors: [{ messageId: 'scriptWithoutExec', line: 3, column: 12 }],
      output: null,
    },
    {
      name: 'the server started by a function the script calls, then exec "$@" for other commands: the function has no exec',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./start.sh"]\n`,
      files: {
        'start.sh': `#!/bin/sh\nset -e\nrun_server() {\n  node /app/server.js\n}\nif [ "$1" = "server" ]; then\n  run_server\nfi\nexec "$@"\n`,
      },
      errors: [{ messageId: 'scriptWithoutExec', line: 4, column: 12, messageIncludes: ['line 4: node /app/server.js'] }],
      output: null,
    },
    {
      name: 'a role started in a case arm, with the exec after esac: the arm runs it without exec',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./start.sh"]\n`,
      files: { 'start.sh': `#!/bin/sh\ncase "$1" in\n  worker) node dist/worker.js ;;\nesac\nexec node dist/server.js\n` },
      errors: [{ messageId: 'scriptWithoutExec', line: 4, column: 12, messageIncludes: ['line 3: node dist/worker.js'] }],
      output: null,
    },
    {
      name: 'near-miss of a development image: a name that only starts with dev (Dockerfile.devtools)',
      filename: 'Dockerfile.devtools',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n`,
      errors: [{ messageId: 'packageManager', line: 4, column: 5 }],
    },
    {
      name: 'near-miss of a test image: a service on the Playwright image (Dockerfile.playwright renders PDFs)',
      filename: 'Dockerfile.playwright',
      code: `FROM mcr.microsoft.com/playwright:v1.44.0\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n`,
      errors: [{ messageId: 'packageManager', line: 4, column: 5 }],
    },
    {
      name: 'near-miss of a test image: an integration service in its own folder (services/integration/Dockerfile)',
      filename: 'services/integration/Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n`,
      errors: [{ messageId: 'packageManager', line: 4, column: 5 }],
    },
    {
      name: 'near-miss of a test image: a name that only contains the word (Dockerfile.integrations-api)',
      filename: 'Dockerfile.integrations-api',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n`,
      errors: [{ messageId: 'packageManager', line: 4, column: 5 }],
    },
    {
      name: 'a script that execs npm',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./entrypoint.sh"]\n`,
      files: { 'entrypoint.sh': `#!/bin/sh\nset -e\nexec npm start\n`, 'package.json': pkg({ start: 'node index.js' }) },
      errors: [
        { messageId: 'scriptPackageManager', line: 4, column: 12, messageIncludes: ['hands PID 1 to npm', 'line 3: exec npm start'] },
      ],
      output: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./entrypoint.sh"]\n`,
      outputFiles: { 'entrypoint.sh': `#!/bin/sh\nset -e\nexec node index.js\n` },
    },
    {
      name: 'an entrypoint script that execs "$@" hands PID 1 to CMD: npm there is PID 1',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./entrypoint.sh"]\nCMD ["npm", "start"]\n`,
      files: { 'entrypoint.sh': `#!/bin/sh\nset -e\nexec "$@"\n`, 'package.json': pkg({ start: 'node index.js' }) },
      errors: [{ messageId: 'packageManager', line: 5, column: 5 }],
      output: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./entrypoint.sh"]\nCMD ["node", "index.js"]\n`,
    },
    {
      name: 'the node image entrypoint runs CMD: npm there is PID 1',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["npm", "start"]\n`,
      errors: [{ messageId: 'packageManager', line: 3, column: 5 }],
      output: null,
    },
  ],
});

describe(`${RULE}: findings carry the script location`, () => {
  it('related location in the entrypoint script', () => {
    const c: ValidCase = {
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./entrypoint.sh"]\n`,
      files: { 'entrypoint.sh': `#!/bin/sh\nnpm run migrate\nnode server.js\n` },
    };
    const { findings } = analyzeCase(RULE, c);
    assert.equal(findings.length, 1);
    assert.deepEqual(
      findings[0].related?.map((r) => [path.relative(VIRTUAL_ROOT, r.file), r.range.start.line, r.range.start.column, r.range.end.column]),
      [['entrypoint.sh', 2, 0, 14]],
    );
    const after = applyFix(findings[0].fixes![0], new Map([[path.join(VIRTUAL_ROOT, 'entrypoint.sh'), c.files!['entrypoint.sh']]]));
    assert.equal(after.get(path.join(VIRTUAL_ROOT, 'entrypoint.sh')), `#!/bin/sh\nnpm run migrate\nexec node server.js\n`);
  });

  it('every fix is a suggestion (it changes what PID 1 is)', () => {
    const { findings } = analyzeCase(RULE, { filename: 'Dockerfile', code: `FROM node:20\nCMD node server.js\n` });
    assert.equal(findings[0].fixes?.length, 1);
    assert.notEqual(findings[0].fixes[0].isPreferred, true);
  });
});
