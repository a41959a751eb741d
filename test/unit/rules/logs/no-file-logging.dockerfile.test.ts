/** logs/no-file-logging in Dockerfiles. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyFix } from '../../../../server/src/analysis';
import { analyzeCase, ruleTester, VIRTUAL_ROOT, type ValidCase } from '../../../helpers/ruleTester';

const RULE = 'logs/no-file-logging';
const D = 'Dockerfile';
const pkg = JSON.stringify({ name: 'orders', scripts: { build: 'tsc', start: 'node dist/index.js' } }, null, 2);

ruleTester(RULE, {
  valid: [
    { name: 'output to the streams', filename: D, code: `FROM node:20\nCMD node server.js > /dev/stdout 2> /dev/stderr\n` },
    {
      name: "a set-up loop writing a config file (ticketz's frontend: while read … done < <(env), in a group)",
      filename: D,
      code: `FROM nginx:alpine\nCMD (echo "{" && while IFS='=' read -r name value; do printf '"%s": "%s"\\n' "$name" "$value"; done < <(env) && echo "}") > /var/www/public/config.json && nginx -g "daemon off;"\n`,
    },
    {
      name: "set-up steps that write files before the server starts (ticketz's frontend: a config.json from the environment, a hosts line)",
      filename: D,
      code: `FROM nginx:alpine\nCMD (echo "{" && env | sed 's/^\\([^=]*\\)=\\(.*\\)$/  "\\1": "\\2",/' && echo "}") > /var/www/public/config.json \\\n    && echo "$BACKEND_IP backend" >> /etc/hosts \\\n    && envsubst < /tpl/app.conf > /etc/nginx/conf.d/app.conf \\\n    && nginx -g "daemon off;"\n`,
    },
    { name: 'stderr into stdout', filename: D, code: `FROM node:20\nCMD node server.js 2>&1\n` },
    { name: "PID 1's streams", filename: D, code: `FROM node:20\nCMD exec node server.js >> /proc/1/fd/1 2>> /proc/1/fd/2\n` },
    { name: 'discarded output is not a log file', filename: D, code: `FROM node:20\nCMD node server.js 2>/dev/null\n` },
    {
      name: 'a log path linked to stdout, as the nginx image does',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nRUN mkdir -p /var/log/app && ln -sf /dev/stdout /var/log/app/access.log\nENV ACCESS_LOG_FILE=/var/log/app/access.log\nCMD node server.js >> /var/log/app/access.log\n`,
    },
    {
      name: 'exec form has no shell: ">" is an argument',
      filename: D,
      code: `FROM node:20\nCMD ["node", "server.js", ">", "/var/log/app.log"]\n`,
    },
    {
      name: 'a redirect in a build stage',
      filename: D,
      code: `FROM node:20 AS build\nRUN npm run build > build.log 2>&1\nCMD npm test > /tmp/test.log\nVOLUME /var/log/build\nFROM node:20-slim\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: 'a RUN that writes a file is build output, not the app log',
      filename: D,
      code: `FROM node:20\nRUN npm ci > /tmp/npm-install.log 2>&1 && echo ok | tee /tmp/ok\nCMD ["node", "server.js"]\n`,
    },
    { name: 'tee to the stream only', filename: D, code: `FROM node:20\nCMD node server.js | tee /dev/stderr\n` },
    {
      name: 'volumes that are not log directories',
      filename: D,
      code: `FROM node:20\nVOLUME /data /app/uploads ["/var/lib/postgresql/data"]\nVOLUME /blog /srv/catalog /dialog\n`,
    },
    {
      name: 'log settings that are not files',
      filename: D,
      code: `FROM node:20\nENV LOG_LEVEL=info LOG_FORMAT=json LOG_DESTINATION=stdout LOG_FILE=/dev/stdout LOG_OUTPUT=console\n`,
    },
    {
      name: "tools' own log settings",
      filename: D,
      code: `FROM node:20\nENV NPM_CONFIG_LOGS_DIR=/tmp/npm-logs NPM_CONFIG_LOGLEVEL=warn\n`,
    },
    {
      name: 'a log file path from a variable',
      filename: D,
      code: `FROM node:20\nARG LOG_ROOT\nENV LOG_FILE=\${LOG_ROOT}/app.log\nCMD node server.js >> "$LOG_FILE"\n`,
    },
    {
      name: 'ENV log file in a stage the final image is not built from',
      filename: D,
      code: `FROM node:20 AS dev\nENV LOG_FILE=/tmp/dev.log\nFROM node:20-slim AS prod\nCMD ["node", "server.js"]\n`,
    },
    { name: 'a pipe into a formatter, still on stdout', filename: D, code: `FROM node:20\nCMD node server.js | pino-pretty --colorize\n` },
    { name: 'log options that mean stdout', filename: D, code: `FROM node:20\nENV LOG_FILE=- LOG_PATH=stdout LOG_TARGET=console\n` },
    {
      name: 'volumes whose names only contain "log"',
      filename: D,
      code: `FROM node:20\nVOLUME /srv/app/login-assets /srv/app/catalogue /var/lib/logstash-data\n`,
    },
    {
      name: 'a RUN that appends to a log in the final stage is the build, not the app',
      filename: D,
      code: `FROM node:20\nRUN echo "built $(date)" >> /var/log/build-info.log\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'a logging service key is not a log file',
      filename: D,
      code: `FROM node:20\nENV LOGDNA_INGESTION_KEY=$LOGDNA_INGESTION_KEY LOG_SERVICE_URL=https://logs.acme.io/ingest\n`,
    },
  ],
  invalid: [
    {
      name: 'near-miss of set-up steps: env running the app, its output to a file (review)',
      filename: D,
      code: `FROM node:20\nCMD env NODE_ENV=production node server.js >> /var/log/app/server.log 2>&1\n`,
      errors: [{ messageId: 'dockerRedirectToFile', line: 2, column: 44, messageIncludes: ['/var/log/app/server.log'] }],
    },
    {
      name: "near-miss of set-up steps: the app's output through a pipeline's filter",
      filename: D,
      code: `FROM node:20\nCMD node server.js 2>&1 | sed -u 's/^/[app] /' > /var/log/app.log\n`,
      errors: [
        { messageId: 'dockerRedirectToFile', line: 2, column: 48, endLine: 2, endColumn: 66, messageIncludes: ['/var/log/app.log'] },
      ],
    },
    {
      name: 'near-miss of a set-up group: a group that runs the app, its output to a file',
      filename: D,
      code: `FROM node:20\nCMD (echo starting && node server.js) >> /app/logs/out.log\n`,
      errors: [
        { messageId: 'dockerRedirectToFile', line: 2, column: 39, endLine: 2, endColumn: 59, messageIncludes: ['/app/logs/out.log'] },
      ],
    },
    {
      name: 'append to a log file, stderr following: both go, the exec form is the second fix',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm start >> /var/log/orders.log 2>&1\n`,
      files: { 'package.json': pkg },
      errors: [
        { messageId: 'dockerRedirectToFile', line: 4, column: 15, endLine: 4, endColumn: 37, messageIncludes: ['/var/log/orders.log'] },
      ],
      output: `FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm start\n`,
    },
    {
      name: 'a redirect on a continuation line',
      filename: D,
      code: `FROM node:20\nCMD node dist/server.js \\\n    > /app/logs/server.log\n`,
      errors: [{ messageId: 'dockerRedirectToFile', line: 3, column: 5, endLine: 3, endColumn: 27 }],
      output: `FROM node:20\nCMD node dist/server.js\n`,
    },
    {
      name: 'stderr alone to a file',
      filename: D,
      code: `FROM node:20\nCMD node server.js 2>> errors.log\n`,
      errors: [{ messageId: 'dockerRedirectToFile', line: 2, column: 20, endColumn: 34 }],
      output: `FROM node:20\nCMD node server.js\n`,
    },
    {
      name: '&> and a second redirect in one command: one finding each',
      filename: D,
      code: `FROM node:20\nCMD node server.js > out.log 2> err.log\n`,
      errors: [
        { messageId: 'dockerRedirectToFile', line: 2, column: 20, endColumn: 29 },
        { messageId: 'dockerRedirectToFile', line: 2, column: 30, endColumn: 40 },
      ],
    },
    {
      name: 'exec > file inside a command list',
      filename: D,
      code: `FROM node:20\nCMD exec >> /var/log/app.log 2>&1 && exec node server.js\n`,
      errors: [{ messageId: 'dockerRedirectToFile', line: 2, column: 10, endColumn: 29 }],
      output: `FROM node:20\nCMD exec && exec node server.js\n`,
    },
    {
      name: '| tee -a file',
      filename: D,
      code: `FROM node:20\nCMD node server.js | tee -a /var/log/app.log\n`,
      errors: [
        { messageId: 'dockerTeeToFile', line: 2, column: 20, endColumn: 45, messageIncludes: ['through tee into /var/log/app.log'] },
      ],
      output: `FROM node:20\nCMD node server.js\n`,
    },
    {
      name: 'a pipe into rotatelogs: no fix',
      filename: D,
      code: `FROM node:20\nCMD node server.js | rotatelogs /var/log/app.%Y%m%d.log 86400\n`,
      errors: [{ messageId: 'dockerTeeToFile', line: 2, column: 20, messageIncludes: ['through rotatelogs'] }],
      output: null,
    },
    {
      name: 'inside sh -c: the JSON string is rewritten',
      filename: D,
      code: `FROM node:20\nCMD ["sh", "-c", "node server.js --port $PORT >> /app/logs/out.log 2>&1"]\n`,
      errors: [{ messageId: 'dockerRedirectToFile', line: 2, column: 5, endColumn: 74 }],
      output: `FROM node:20\nCMD ["sh", "-c", "node server.js --port $PORT"]\n`,
    },
    {
      name: 'in a shell-form ENTRYPOINT',
      filename: D,
      code: `FROM node:20\nENTRYPOINT node /app/server.js &> /var/log/server.log\n`,
      errors: [{ messageId: 'dockerRedirectToFile', line: 2, column: 32 }],
      output: `FROM node:20\nENTRYPOINT node /app/server.js\n`,
    },
    {
      name: 'a CMD inherited from the stage the final image is built on',
      filename: D,
      code: `FROM node:20 AS base\nCMD node server.js >> server.log\nFROM base\nENV NODE_ENV=production\n`,
      errors: [{ messageId: 'dockerRedirectToFile', line: 2, column: 20 }],
      output: `FROM node:20 AS base\nCMD node server.js\nFROM base\nENV NODE_ENV=production\n`,
    },
    {
      name: 'log volumes',
      filename: D,
      code: `FROM node:20\nVOLUME /var/log/app /data\nVOLUME ["/app/logs", "/tmp"]\nvolume /srv/app-logs\n`,
      errors: [
        { messageId: 'dockerLogVolume', line: 2, column: 8, endColumn: 20 },
        { messageId: 'dockerLogVolume', line: 3, column: 10, endColumn: 19 },
        { messageId: 'dockerLogVolume', line: 4, column: 8, endColumn: 21 },
      ],
      output: null,
    },
    {
      name: 'ENV pointing the logger at files',
      filename: D,
      code: `FROM node:20\nENV NODE_ENV=production LOG_FILE=/var/log/app.log LOG_LEVEL=info\nENV LOG_DIR logs/\nENV AUDIT_LOG_PATH="./audit/audit.log"\n`,
      errors: [
        { messageId: 'dockerLogFileEnv', line: 2, column: 34, endColumn: 50, messageIncludes: ['ENV LOG_FILE=/var/log/app.log'] },
        { messageId: 'dockerLogFileEnv', line: 3, column: 13, endColumn: 18 },
        { messageId: 'dockerLogFileEnv', line: 4, column: 20, endColumn: 39 },
      ],
      output: null,
    },
  ],
});

function fixOutputs(c: ValidCase): { title: string; text: string }[] {
  const { findings, file, files } = analyzeCase(RULE, c);
  assert.equal(findings.length, 1);
  return (findings[0].fixes ?? []).map((fix) => ({ title: fix.title, text: applyFix(fix, files).get(file)! }));
}

describe(`${RULE} (Dockerfile): the exec-form fix`, () => {
  it('npm start >> file 2>&1 → the start script in exec form', () => {
    const outputs = fixOutputs({
      filename: D,
      code: `FROM node:20\nCMD npm start >> /var/log/orders.log 2>&1\n`,
      files: { 'package.json': pkg },
    });
    assert.deepEqual(
      outputs.map((o) => o.text),
      [`FROM node:20\nCMD npm start\n`, `FROM node:20\nCMD ["node", "dist/index.js"]\n`],
    );
    assert.match(outputs[1].title, /run without a shell: CMD \["node", "dist\/index\.js"\]/);
  });

  it('a plain command left after the redirect', () => {
    const outputs = fixOutputs({ filename: D, code: `FROM node:20\nCMD node --title "orders api" server.js | tee -a app.log\n` });
    assert.deepEqual(
      outputs.map((o) => o.text),
      [`FROM node:20\nCMD node --title "orders api" server.js\n`, `FROM node:20\nCMD ["node", "--title", "orders api", "server.js"]\n`],
    );
  });

  it('sh -c around the command: the shell goes too', () => {
    const outputs = fixOutputs({ filename: D, code: `FROM node:20\nCMD ["/bin/sh", "-c", "node server.js > /var/log/app.log"]\n` });
    assert.deepEqual(
      outputs.map((o) => o.text),
      [`FROM node:20\nCMD ["/bin/sh", "-c", "node server.js"]\n`, `FROM node:20\nCMD ["node", "server.js"]\n`],
    );
  });

  it('no exec form when a shell is still needed, or when npm start has no plain node script', () => {
    assert.equal(fixOutputs({ filename: D, code: `FROM node:20\nCMD node server.js --port $PORT >> app.log\n` }).length, 1);
    assert.equal(
      fixOutputs({
        filename: D,
        code: `FROM node:20\nCMD npm start >> app.log\n`,
        files: { 'package.json': JSON.stringify({ scripts: { start: 'ts-node src/index.ts' } }) },
      }).length,
      1,
    );
  });

  it('a shell-form ENTRYPOINT with a CMD keeps its shell form', () => {
    assert.equal(
      fixOutputs({ filename: D, code: `FROM node:20\nENTRYPOINT node server.js >> app.log\nCMD ["--port", "3000"]\n` }).length,
      1,
    );
  });

  it('two redirects: each fix removes its own', () => {
    const { findings, file, files } = analyzeCase(RULE, { filename: D, code: `FROM node:20\nCMD node server.js > out.log 2> err.log\n` });
    assert.deepEqual(
      findings.map((f) => applyFix(f.fixes![0], files).get(file)),
      [`FROM node:20\nCMD node server.js 2> err.log\n`, `FROM node:20\nCMD node server.js > out.log\n`],
    );
    assert.deepEqual(
      findings.map((f) => f.fixes!.length),
      [1, 1],
      'a redirect is left: no exec form',
    );
  });

  it('fixes are suggestions', () => {
    const { findings } = analyzeCase(RULE, { filename: D, code: `FROM node:20\nCMD node server.js >> app.log\n` });
    for (const fix of findings[0].fixes ?? []) assert.notEqual(fix.isPreferred, true);
    assert.ok(findings[0].fixes?.every((fix) => fix.changes.every((c) => c.file === path.join(VIRTUAL_ROOT, D))));
  });
});
