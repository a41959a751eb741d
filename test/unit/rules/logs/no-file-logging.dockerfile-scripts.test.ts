/**
 * logs/no-file-logging in Dockerfiles: the entry script the container runs (read through its COPY, behind
 * an init too) redirecting the app's output to a file, pm2 in daemon mode, and the legacy `ENV KEY value`.
 */
import { ruleTester } from '../../../helpers/ruleTester';

ruleTester('logs/no-file-logging', {
  valid: [
    {
      name: 'an entry script that redirects a one-off step (migrations) and execs the app to stdout',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n`,
      files: { 'start.sh': `#!/bin/sh\nnpm run migrate > /tmp/migrate.log 2>&1\nexec node dist/server.js\n` },
    },
    {
      name: 'an entry script whose app output goes to /dev/stdout',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n`,
      files: { 'start.sh': `#!/bin/sh\nexec node dist/server.js >> /dev/stdout 2>&1\n` },
    },
    { name: 'pm2-runtime', filename: 'Dockerfile', code: `FROM node:20\nCMD ["pm2-runtime", "start", "ecosystem.config.js"]\n` },
    { name: 'pm2 in the foreground', filename: 'Dockerfile', code: `FROM node:20\nCMD ["pm2", "start", "app.js", "--no-daemon"]\n` },
    {
      name: 'pm2 daemon with output and error sent to the streams',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD pm2 start app.js -o /dev/stdout -e /dev/stderr && pm2 logs\n`,
    },
    {
      name: 'legacy ENV of an unrelated path',
      filename: 'Dockerfile',
      code: `FROM node:20\nENV APP_HOME /usr/src/app\nCMD ["node", "server.js"]\n`,
    },
  ],
  invalid: [
    {
      name: 'a startup script running npm start with its output redirected to a file (CI image style)',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /usr/src/app\nCOPY startup.ci.sh /opt/startup.ci.sh\nRUN chmod +x /opt/startup.ci.sh\nCMD ["/opt/startup.ci.sh"]\n`,
      files: {
        'startup.ci.sh': `#!/usr/bin/env bash\nset -e\n/opt/wait-for-it.sh postgres:5432\nnpm run migration:run\nnpm run start:prod > prod.log 2>&1 &\n/opt/wait-for-it.sh localhost:3000\nnpm run test:e2e\n`,
      },
      errors: [{ messageId: 'dockerScriptRedirect', line: 5, column: 5, messageIncludes: ['startup.ci.sh', 'prod.log', 'line 5'] }],
    },
    {
      name: 'a script behind tini with exec >> a log file',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY docker/run.sh /usr/local/bin/run.sh\nENTRYPOINT ["tini", "--", "run.sh"]\n`,
      files: { 'docker/run.sh': `#!/bin/sh\nexec >> /var/log/app/app.log 2>&1\nexec node server.js\n` },
      errors: [{ messageId: 'dockerScriptRedirect', line: 4, column: 12, messageIncludes: ['/var/log/app/app.log'] }],
    },
    {
      name: 'a shell-form CMD naming the script',
      filename: 'Dockerfile',
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ./scripts/start.sh\n`,
      files: { 'scripts/start.sh': `#!/bin/bash\nnode dist/main.js >> logs/app.log\n` },
      errors: [{ messageId: 'dockerScriptRedirect', line: 4, column: 5 }],
    },
    {
      name: 'pm2 start as the container command (daemon)',
      filename: 'Dockerfile',
      code: `FROM node:20\nRUN npm i -g pm2\nCMD ["pm2", "start", "ecosystem.config.js"]\n`,
      errors: [{ messageId: 'dockerPm2Logs', line: 3, column: 5 }],
    },
    {
      name: 'pm2 start && pm2 logs in shell form',
      filename: 'Dockerfile',
      code: `FROM node:20\nCMD pm2 start dist/server.js -i max && pm2 logs\n`,
      errors: [{ messageId: 'dockerPm2Logs', line: 2, column: 5 }],
    },
    {
      name: 'legacy ENV form pointing logs at a file',
      filename: 'Dockerfile',
      code: `FROM node:20\nENV LOG_FILE /var/log/app/server.log\nCMD ["node", "server.js"]\n`,
      errors: [{ messageId: 'dockerLogFileEnv', line: 2, column: 14 }],
    },
  ],
});
