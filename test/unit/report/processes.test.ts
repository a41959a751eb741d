/**
 * The report's factors VIII (concurrency) and XII (admin processes): assessed from the Procfile, the
 * package scripts and what the program rules saw (which programs serve requests, where scheduled jobs
 * and migrations run), on the fixture workspaces and on small folders written here.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scan } from '../../../server/src/analysis';
import type { FolderReport } from '../../../server/src/analysis/report/model';
import { copyFixtures, reportOf } from './helpers';

const factor = (r: FolderReport, roman: string) => r.factors.find((f) => f.roman === roman)!;
const evidence = (r: FolderReport, roman: string) =>
  factor(r, roman).evidence.map((e) => [e.kind, e.text, e.file ?? '', e.line ?? 0].join(' | '));
const findings = (r: FolderReport, roman: string) =>
  factor(r, roman).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.severity}`);

function folder(files: Record<string, string>): { root: string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-report-runtime-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

describe('report: factors VIII and XII', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = copyFixtures()));
  after(() => cleanup());

  it('a web process that schedules a job and migrates in its start script: violations, with the worker and the switch as evidence', () => {
    const r = reportOf(path.join(dir, 'runtime-service'));
    assert.equal(factor(r, 'VIII').status, 'violations');
    assert.deepEqual(findings(r, 'VIII'), ['concurrency/no-in-process-scheduler src/jobs.ts:5:3 warning']);
    assert.deepEqual(evidence(r, 'VIII'), [
      'positive | Procfile declares process types web, worker: background work (worker) scales as its own process type | Procfile | 0',
      'positive | worker program src/worker.ts (package.json "bin") serves no requests and runs cron.schedule(…) at src/worker.ts:4 |  | 0',
      "neutral | cron.schedule(…) runs only where process.env.RUN_REPORTS === 'true' holds: make sure exactly one process type turns it on | src/jobs.ts | 10",
    ]);
    assert.equal(factor(r, 'XII').status, 'violations');
    assert.deepEqual(findings(r, 'XII'), ['admin-processes/no-migrations-at-startup package.json:10:15 warning']);
    assert.deepEqual(evidence(r, 'XII'), [
      'positive | package scripts that migrate, to run as one-off processes: migrate (knex migrate:latest) | package.json | 0',
    ]);
  });

  it('a Procfile with a worker process type and nothing in the web process: compliant', () => {
    const { root, cleanup: done } = folder({
      Procfile: 'web: node index.js\nworker: node worker.js\nrelease: npx prisma migrate deploy\n',
      'package.json': JSON.stringify({ name: 'x', main: 'index.js', scripts: { 'db:deploy': 'prisma migrate deploy' } }),
      'index.js': `const server = require('express')().listen(process.env.PORT);\nprocess.on('SIGTERM', () => server.close());\n`,
      'worker.js': `require('node-cron').schedule('* * * * *', () => sendEmails());\n`,
    });
    try {
      const r = reportOf(root);
      assert.equal(factor(r, 'VIII').status, 'compliant');
      assert.deepEqual(evidence(r, 'VIII'), [
        'positive | Procfile declares process types web, worker, release: background work (worker) scales as its own process type | Procfile | 0',
        // The worker line is an entry point: its program's jobs are evidence that background work runs there.
        'positive | worker program worker.js (Procfile worker) serves no requests and runs cron.schedule(…) at worker.js:1 |  | 0',
        'positive | no recurring job runs in the web process (index.js (package.json "main")) (concurrency/no-in-process-scheduler) |  | 0',
      ]);
      assert.equal(factor(r, 'XII').status, 'compliant');
      assert.deepEqual(evidence(r, 'XII'), [
        'positive | package scripts that migrate, to run as one-off processes: db:deploy (prisma migrate deploy) | package.json | 0',
        'positive | Procfile release: process runs once per release, before the new processes start | Procfile | 0',
        'positive | the web process starts without migrating or syncing a schema (index.js (package.json "main")) (admin-processes/no-migrations-at-startup) |  | 0',
      ]);
    } finally {
      done();
    }
  });

  it('switched and development-only schema syncs are listed, not counted as violations', () => {
    const { root, cleanup: done } = folder({
      'package.json': JSON.stringify({ name: 'x', scripts: { start: 'node server.js' } }),
      'server.js': `const { sequelize } = require('./db');\nif (process.env.DB_SYNC === 'true') sequelize.sync({ alter: true });\nif (process.env.NODE_ENV === 'development') sequelize.sync();\nrequire('express')().listen(process.env.PORT);\n`,
      'db.js': `const { Sequelize } = require('sequelize');\nexports.sequelize = new Sequelize(process.env.DATABASE_URL);\n`,
    });
    try {
      const r = reportOf(root);
      assert.equal(factor(r, 'XII').status, 'compliant');
      assert.deepEqual(evidence(r, 'XII'), [
        "neutral | sequelize.sync({ alter: true }) runs only where process.env.DB_SYNC === 'true' holds: run it as a one-off process, not in every web process | server.js | 2",
        "neutral | sequelize.sync() runs only outside production (process.env.NODE_ENV === 'development') | server.js | 3",
        'positive | the web process starts without migrating or syncing a schema (server.js (package.json scripts.start)) (admin-processes/no-migrations-at-startup) |  | 0',
      ]);
    } finally {
      done();
    }
  });

  it('the rules turned off: VIII and XII say so instead of passing', () => {
    const root = path.join(dir, 'compliant-service');
    const off = { setting: 'off' as const, options: {} };
    const r = scan(root, undefined, {
      settings: { rules: { 'concurrency/no-in-process-scheduler': off, 'admin-processes/no-migrations-at-startup': off } },
    }).session.report();
    for (const roman of ['VIII', 'XII']) assert.equal(factor(r, roman).status, 'not-assessed', roman);
    assert.ok(evidence(r, 'VIII').includes('neutral | rule concurrency/no-in-process-scheduler is off in the configuration |  | 0'));
  });

  it('an empty folder: not assessed, with what is needed', () => {
    const { root, cleanup: done } = folder({});
    try {
      const r = reportOf(root);
      assert.equal(factor(r, 'VIII').status, 'not-assessed');
      assert.match(factor(r, 'VIII').needed ?? '', /A program that serves requests/);
      assert.equal(factor(r, 'XII').status, 'not-assessed');
    } finally {
      done();
    }
  });
});
