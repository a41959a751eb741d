/** The report model (analysis/report) on the fixture workspaces: exact statuses and evidence. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RULES, scan } from '../../../server/src/analysis';
import { buildReport } from '../../../server/src/analysis/report/build';
import { REPORT_MODEL_VERSION, type FolderReport } from '../../../server/src/analysis/report/model';
import { formatMarkdown } from '../../../server/src/format/markdown';
import { formatSarif } from '../../../server/src/format/sarif';
import { copyFixtures, reportOf } from './helpers';

const statuses = (r: FolderReport) => Object.fromEntries(r.factors.map((f) => [f.roman, f.status]));
const factor = (r: FolderReport, roman: string) => r.factors.find((f) => f.roman === roman)!;
const evidence = (r: FolderReport, roman: string) =>
  factor(r, roman).evidence.map((e) => [e.kind, e.text, e.file ?? '', e.line ?? 0].join(' | '));
const findings = (r: FolderReport, roman: string) => factor(r, roman).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);

describe('report model', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = copyFixtures()));
  after(() => cleanup());

  it('a compliant service: every assessed factor compliant, with its evidence', () => {
    const r = reportOf(path.join(dir, 'compliant-service'));
    assert.equal(r.name, 'compliant-service');
    assert.deepEqual(
      r.files,
      { scanned: 9, typescript: 4, dockerfile: 1, config: 4 },
      'package.json, Procfile, .env.example and docker-compose.yml are read too',
    );
    assert.deepEqual(statuses(r), {
      I: 'compliant',
      II: 'compliant',
      III: 'compliant',
      IV: 'compliant',
      V: 'compliant',
      VI: 'compliant',
      VII: 'compliant',
      VIII: 'compliant',
      IX: 'compliant',
      X: 'compliant',
      XI: 'compliant',
      XII: 'compliant',
    });
    assert.deepEqual(r.score, { compliant: 12, assessed: 12 });
    assert.deepEqual(evidence(r, 'I'), [
      'positive | tracked in git (.git in this folder) | .git | 0',
      'positive | one package (package.json at the root, no workspaces) | package.json | 0',
      'positive | the code stays within its package: no relative import into another codebase (codebase/no-cross-app-import) |  | 0',
    ]);
    assert.deepEqual(evidence(r, 'II'), [
      'positive | dependencies declared in package.json (5 runtime dependencies) | package.json | 0',
      'positive | lockfile package-lock.json present | package-lock.json | 0',
      'positive | package-lock.json pins every dependency package.json declares (6 packages) | package-lock.json | 0',
      'positive | every package the running code loads is declared in dependencies (dependencies/declared-dependency) |  | 0',
      'positive | npm ci installs exactly the lockfile | Dockerfile | 4',
      'positive | npm ci installs exactly the lockfile | Dockerfile | 12',
      'positive | base image node:20.11-alpine pinned | Dockerfile | 1',
      'positive | base image node:20.11-alpine pinned | Dockerfile | 8',
    ]);
    assert.deepEqual(evidence(r, 'III'), [
      'positive | no hardcoded secret found (config/no-hardcoded-secret) |  | 0',
      'positive | .env.example present (documents the variables) | .env.example | 0',
      'positive | config read from the environment (process.env) in 1 file: src/config.ts:2 |  | 0',
    ]);
    assert.deepEqual(evidence(r, 'V'), [
      'positive | multi-stage Dockerfile (2 stages): the build stays out of the runtime image | Dockerfile | 0',
      'positive | npm ci at build time | Dockerfile | 4',
      'positive | npm ci at build time | Dockerfile | 12',
      'positive | build script in package.json: "tsc -p ." | package.json | 0',
      'positive | the production start (Dockerfile CMD) runs the built output: "node dist/index.js" | Dockerfile | 16',
      'positive | the production start installs, builds and fetches nothing (build-release-run/no-build-at-runtime) |  | 0',
    ]);
    assert.deepEqual(evidence(r, 'VI'), [
      'positive | sessions stored in Redis (connect-redis) | package.json | 0',
      'positive | no in-process session or per-user state found (processes/no-in-memory-session) |  | 0',
    ]);
    assert.deepEqual(evidence(r, 'IV'), ['positive | REDIS_URL from the environment (Redis, createClient) | src/server.ts | 8']);
    assert.deepEqual(evidence(r, 'VII'), [
      'positive | port from the environment: process.env.PORT (default 3000) | src/index.ts | 7',
      'positive | Dockerfile EXPOSE 3000 agrees with the port the server listens on | Dockerfile | 15',
    ]);
    assert.deepEqual(evidence(r, 'X'), [
      'positive | compose runs redis:7-alpine, production config names Redis (.env.example) | docker-compose.yml | 4',
      'positive | the same Redis client (createClient) in every environment | src/server.ts | 8',
    ]);
    assert.deepEqual(evidence(r, 'IX'), [
      'positive | SIGTERM handled | src/index.ts | 9',
      'positive | Dockerfile CMD in exec form (signals reach the process) | Dockerfile | 16',
    ]);
    assert.deepEqual(evidence(r, 'XI'), [
      'positive | logs go to stdout (winston Console transport) | src/logger.ts | 7',
      'positive | no log file written (logs/no-file-logging) |  | 0',
    ]);
    assert.deepEqual(evidence(r, 'VIII'), [
      'neutral | Procfile declares process types: web, release | Procfile | 0',
      'positive | no recurring job runs in the web process (src/index.ts (package.json "main")) (concurrency/no-in-process-scheduler) |  | 0',
    ]);
    assert.deepEqual(evidence(r, 'XII'), [
      'positive | package scripts that migrate, to run as one-off processes: migrate (node dist/migrate.js) | package.json | 0',
      'positive | Procfile release: process runs once per release, before the new processes start | Procfile | 0',
      'positive | the web process starts without migrating or syncing a schema (src/index.ts (package.json "main")) (admin-processes/no-migrations-at-startup) |  | 0',
    ]);
    for (const f of r.factors) {
      assert.equal(f.findings.length, 0);
      if (f.status === 'not-assessed') assert.match(f.needed ?? '', /^No rule yet: needs /, `${f.roman} says what is needed`);
      else assert.equal(f.needed, undefined);
    }
  });

  it('a service breaking several factors: violations with findings and workspace problems', () => {
    const r = reportOf(path.join(dir, 'breaking-service'));
    assert.deepEqual(statuses(r), {
      I: 'compliant',
      II: 'violations',
      III: 'violations',
      IV: 'violations',
      V: 'violations',
      VI: 'violations',
      VII: 'violations',
      VIII: 'compliant',
      IX: 'violations',
      X: 'violations',
      XI: 'violations',
      XII: 'compliant',
    });
    assert.deepEqual(r.score, { compliant: 3, assessed: 12 });
    assert.deepEqual(
      findings(r, 'III'),
      ['config/no-hardcoded-secret Dockerfile:3:6', 'config/no-hardcoded-secret src/app.ts:6:22'],
      'COPY . . ships the .env',
    );
    assert.deepEqual(findings(r, 'VI'), ['processes/no-in-memory-session src/app.ts:13:9']);
    assert.deepEqual(findings(r, 'XI'), ['logs/no-file-logging src/app.ts:9:16']);
    assert.deepEqual(findings(r, 'IX'), ['disposability/signal-forwarding Dockerfile:6:5', 'disposability/handle-sigterm src/app.ts:21:1']);
    assert.deepEqual(evidence(r, 'I'), [
      'neutral | no .git folder in this folder or above it |  | 0',
      'positive | one package (package.json at the root, no workspaces) | package.json | 0',
      'positive | the code stays within its package: no relative import into another codebase (codebase/no-cross-app-import) |  | 0',
    ]);
    assert.deepEqual(evidence(r, 'II'), [
      'positive | dependencies declared in package.json (4 runtime dependencies) | package.json | 0',
      'negative | no lockfile (package-lock.json, yarn.lock or pnpm-lock.yaml): installs are not reproducible | package.json | 0',
      'positive | every package the running code loads is declared in dependencies (dependencies/declared-dependency) |  | 0',
      'neutral | npm install in the image (npm ci would install exactly the lockfile) | Dockerfile | 4',
      'negative | base image node:latest not pinned to a version | Dockerfile | 1',
    ]);
    assert.deepEqual(evidence(r, 'III'), [
      'neutral | .env is not in .gitignore; config/no-hardcoded-secret found no secret in it | .env | 0',
      'positive | config read from the environment (process.env) in 1 file: src/app.ts:13 |  | 0',
    ]);
    assert.equal(factor(r, 'III').reason, '2 findings.');
    assert.deepEqual(findings(r, 'V'), ['build-release-run/no-build-at-runtime package.json:6:15'], 'tsc in the start the Dockerfile runs');
    assert.deepEqual(evidence(r, 'V'), [
      'neutral | the production start (Dockerfile CMD, through "start") runs "tsc && node dist/app.js" | Dockerfile | 6',
    ]);
    assert.deepEqual(evidence(r, 'VI'), [], 'no "found nothing" evidence next to a finding');
    assert.deepEqual(findings(r, 'IV'), ['backing-services/no-hardcoded-locator src/db.ts:3:38']);
    assert.deepEqual(findings(r, 'VII'), ['port-binding/port-from-environment src/app.ts:21:12']);
    assert.deepEqual(
      findings(r, 'X'),
      ['dev-prod-parity/same-backing-services docker-compose.yml:3:12'],
      'compose runs MySQL, the app ships pg',
    );
    assert.deepEqual(evidence(r, 'VII'), [
      'neutral | listens on port 8080, written in the code | src/app.ts | 21',
      'positive | Dockerfile EXPOSE 8080 agrees with the port the server listens on | Dockerfile | 5',
    ]);
    assert.deepEqual(evidence(r, 'IX'), ['neutral | no SIGTERM handler found |  | 0']);
    assert.deepEqual(evidence(r, 'VIII'), [
      'positive | no recurring job runs in the web process (src/app.ts (package.json "main")) (concurrency/no-in-process-scheduler) |  | 0',
    ]);
    assert.deepEqual(evidence(r, 'XII'), [
      'positive | the web process starts without migrating or syncing a schema (src/app.ts (package.json "main")) (admin-processes/no-migrations-at-startup) |  | 0',
    ]);
  });

  it('committed env files holding secrets: a workspace problem on top of their findings', () => {
    const root = path.join(dir, 'committed-env');
    fs.mkdirSync(path.join(root, 'services', 'api'), { recursive: true });
    fs.writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n');
    fs.writeFileSync(path.join(root, '.env'), 'PORT=3000\nDB_PASSWORD=Tr0ub4dor-and-3\n');
    fs.writeFileSync(path.join(root, 'services', 'api', '.env.production'), 'SESSION_SECRET=kP9mX2vQ7sL4wZr8\n');
    fs.writeFileSync(path.join(root, '.env.example'), 'PORT=\nDB_PASSWORD=\n');
    const r = reportOf(root);
    assert.equal(factor(r, 'III').status, 'violations');
    assert.deepEqual(findings(r, 'III'), [
      'config/no-hardcoded-secret .env:2:13',
      'config/no-hardcoded-secret services/api/.env.production:1:16',
    ]);
    assert.deepEqual(evidence(r, 'III'), [
      'positive | .env.example present (documents the variables) | .env.example | 0',
      'negative | secrets in env files that no .gitignore excludes (committed): .env, services/api/.env.production — rotate them, then ignore the files | .env | 0',
    ]);
  });

  it("node-config's YAML: its secrets are factor III's findings, and it is no compose file for factor X", () => {
    const root = path.join(dir, 'node-config-yaml');
    fs.mkdirSync(path.join(root, 'config'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'orders', dependencies: { config: '^3.3.0', pg: '^8.11.0' } }),
    );
    // A `services` block as a compose file writes it, with an engine the app does not drive.
    fs.writeFileSync(path.join(root, 'config', 'default.yml'), 'services:\n  db:\n    image: mysql:8\ndb:\n  password: Tr0ub4dor-and-3\n');
    const r = reportOf(root);
    assert.deepEqual(findings(r, 'III'), ['config/no-hardcoded-secret config/default.yml:5:13']);
    assert.deepEqual(findings(r, 'X'), []);
    assert.ok(!evidence(r, 'X').some((e) => e.includes('config/default.yml')), evidence(r, 'X').join('\n'));
  });

  it('an empty folder: nothing assessed, nothing claimed', () => {
    const r = reportOf(path.join(dir, 'empty'));
    assert.deepEqual(r.files, { scanned: 0, typescript: 0, dockerfile: 0, config: 0 });
    assert.deepEqual(r.score, { compliant: 0, assessed: 0 });
    for (const f of r.factors) {
      assert.equal(f.status, 'not-assessed', f.roman);
      assert.ok(f.needed, `${f.roman} says what is needed`);
      assert.ok(
        f.evidence.every((e) => e.kind !== 'positive'),
        `${f.roman} claims nothing: ${JSON.stringify(f.evidence)}`,
      );
    }
  });

  it('a rule turned off cannot make its factor compliant', () => {
    const root = path.join(dir, 'compliant-service');
    const result = scan(root, undefined, { settings: { rules: { 'logs/no-file-logging': { setting: 'off', options: {} } } } });
    const r = result.session.report();
    assert.equal(factor(r, 'XI').status, 'not-assessed');
    assert.equal(factor(r, 'XI').reason, 'The rules that check this factor are off: logs/no-file-logging.');
    assert.ok(evidence(r, 'XI').includes('neutral | rule logs/no-file-logging is off in the configuration |  | 0'));
  });

  it('several folders: one section each, versioned, rendered as Markdown and SARIF', () => {
    const roots = ['compliant-service', 'breaking-service', 'empty'].map((n) => path.join(dir, n));
    const sessions = roots.map((root) => scan(root).session);
    const report = buildReport(
      sessions.map((s) => s.report()),
      0,
    );
    assert.equal(report.version, REPORT_MODEL_VERSION);
    assert.deepEqual(
      report.folders.map((f) => f.name),
      ['compliant-service', 'breaking-service', 'empty'],
    );
    for (const folder of report.folders) assert.deepEqual(folder.factors, reportOf(folder.root).factors);
    const md = formatMarkdown(report);
    assert.match(md, /^## compliant-service: 12 of 12 assessed factors compliant$/m);
    assert.match(md, /^## breaking-service: 3 of 12 assessed factors compliant$/m);
    const sarif = JSON.parse(
      formatSarif({
        folders: sessions.map((s) => ({ root: s.root, findings: s.allFindings() })),
        rules: RULES,
        readFile: (f) => sessions[0].read(f),
      }),
    );
    assert.equal(sarif.runs[0].results.length, 10);
    assert.deepEqual(Object.keys(sarif.runs[0].originalUriBaseIds), ['%SRCROOT%', 'FOLDER2', 'FOLDER3']);
    assert.ok(
      sarif.runs[0].results.every(
        (x: { locations: { physicalLocation: { artifactLocation: { uriBaseId: string } } }[] }) =>
          x.locations[0].physicalLocation.artifactLocation.uriBaseId === 'FOLDER2',
      ),
    );
  });
});
