/**
 * disposability/signal-forwarding: scripts behind an init that signals only its child (tini without -g),
 * `case … esac` branches, and development watchers, process managers and npx as PID 1.
 */
import { ruleTester } from '../../../helpers/ruleTester';

const ENTRY_CASE = `#!/bin/bash\nset -e\n\nstart_app() {\n  case "$PACKAGE_MANAGER" in\n    yarn)\n      yarn start --no-daemon || {\n        echo "failed"\n        exit 1\n      }\n      ;;\n    npm)\n      npm start -- --no-daemon || {\n        echo "failed"\n        exit 1\n      }\n      ;;\n  esac\n}\n\nsetup() {\n  exec node setup.js\n}\n\nstart_app\n`;

ruleTester('disposability/signal-forwarding', {
  valid: [
    {
      name: "an init container's script that keeps its arguments in a bash array (tiledesk's initenv.sh)",
      filename: 'Dockerfile',
      code: `FROM debian:bookworm-slim\nCOPY ./initenv.sh /root/initenv.sh\nENTRYPOINT [ "/root/initenv.sh" ]\n`,
      files: {
        'initenv.sh': `#!/usr/bin/env bash\nset -x\narguments=("$@") # options include [environment, connectors]\nif [[ \${arguments[@]} =~ "environment" ]]; then\n  curl -s http://mongo:27017/ || true\nfi\n`,
      },
    },
    {
      name: 'tini -g in front of a script without exec: the whole group gets SIGTERM',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY docker/entrypoint.sh /usr/local/bin/\nENTRYPOINT ["tini", "-g", "--", "entrypoint.sh"]\n`,
      files: { 'docker/entrypoint.sh': `#!/bin/sh\nnode dist/server.js\n` },
    },
    {
      name: 'tini in front of a script that execs the app',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY docker/entrypoint.sh /usr/local/bin/\nENTRYPOINT ["tini", "--", "entrypoint.sh"]\n`,
      files: { 'docker/entrypoint.sh': `#!/bin/sh\nnode migrate.js\nexec node dist/server.js\n` },
    },
    {
      name: 'dumb-init (signals the group by default) in front of a script without exec',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY start.sh .\nENTRYPOINT ["dumb-init", "--"]\nCMD ["./start.sh"]\n`,
      files: { 'start.sh': `#!/bin/sh\nnode server.js\n` },
    },
    {
      name: 'tini in front of a script whose case branches all exec',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY run.sh /run.sh\nENTRYPOINT ["/sbin/tini", "--", "/run.sh"]\n`,
      files: { 'run.sh': `#!/bin/sh\ncase "$1" in\n  worker) exec node worker.js ;;\n  *) exec node server.js ;;\nesac\n` },
    },
    { name: 'pm2-runtime as PID 1', filename: 'Dockerfile', code: `FROM node:20\nCMD ["pm2-runtime", "ecosystem.config.js"]\n` },
    {
      name: 'pm2 in the foreground (--no-daemon)',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["pm2", "start", "app.js", "--no-daemon"]\n`,
    },
    { name: 'npx in a build step', filename: 'Dockerfile', code: `FROM node:20\nRUN npx prisma generate\nCMD ["node", "dist/main.js"]\n` },
    {
      name: 'nodemon in a build stage only',
      filename: 'Dockerfile',
      code: `FROM node:20 AS dev\nCMD ["nodemon", "src/index.ts"]\nFROM node:20-slim\nCMD ["node", "dist/index.js"]\n`,
    },
  ],
  invalid: [
    {
      name: 'tini (no -g) in front of a script that runs npm start without exec in case branches (NodeBB style)',
      filename: 'Dockerfile',
      code: `FROM node:lts\nWORKDIR /usr/src/app\nCOPY install/docker/entrypoint.sh /usr/local/bin/\nENTRYPOINT ["tini", "--", "entrypoint.sh"]\n`,
      files: { 'install/docker/entrypoint.sh': ENTRY_CASE },
      errors: [
        {
          messageId: 'scriptWithoutExecBehindInit',
          line: 4,
          column: 12,
          messageIncludes: ['line 7: yarn start', 'tini signals only its child'],
        },
      ],
      output: null,
    },
    {
      name: 'case branches without tini: the branch that lacks exec is found',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\n`,
      files: {
        'run.sh': `#!/bin/sh\ncase "$ROLE" in\n  worker)\n    node worker.js\n    ;;\n  *)\n    exec node server.js\n    ;;\nesac\n`,
      },
      errors: [{ messageId: 'scriptWithoutExec', line: 4, column: 12, messageIncludes: ['line 4: node worker.js'] }],
    },
    {
      name: 'tini in the ENTRYPOINT, the script as an exec-form CMD',
      filename: 'Dockerfile',
      code: `FROM node:20-alpine\nRUN apk add --no-cache tini\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["./scripts/start.sh"]\n`,
      files: { 'scripts/start.sh': `#!/bin/sh\nset -e\nnode dist/server.js\n` },
      errors: [{ messageId: 'scriptWithoutExecBehindInit', line: 6, column: 5 }],
    },
    {
      name: 'npx nodemon as PID 1',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npx", "nodemon", "src/index.js"]\n`,
      errors: [{ messageId: 'processManager', line: 4, column: 5, messageIncludes: ['npx nodemon runs as PID 1'] }],
    },
    {
      name: 'nodemon as PID 1 (ENTRYPOINT)',
      filename: 'Dockerfile',
      code: `FROM node:20\nENTRYPOINT ["nodemon", "src/index.ts"]\n`,
      errors: [{ messageId: 'processManager', line: 2, column: 12 }],
    },
    {
      name: 'pm2 start in daemon mode as PID 1',
      filename: 'Dockerfile',
      code: `FROM node:20\nRUN npm i -g pm2\nCMD ["pm2", "start", "ecosystem.config.js"]\n`,
      errors: [{ messageId: 'processManager', line: 3, column: 5, messageIncludes: ['pm2 (daemon mode)'] }],
    },
    {
      name: 'forever as PID 1',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["forever", "server.js"]\n`,
      errors: [{ messageId: 'processManager', line: 2, column: 5 }],
    },
    {
      name: 'npx running a package as PID 1',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD ["npx", "serve", "-s", "build"]\n`,
      errors: [{ messageId: 'packageManager', line: 2, column: 5, messageIncludes: ['npx runs as PID 1'] }],
    },
  ],
});
