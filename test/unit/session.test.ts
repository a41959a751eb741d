/**
 * The workspace session (workspace/session.ts): one owner of a folder's state. Every change ends in
 * one event naming exactly the files whose findings changed, with the program verdicts already fresh;
 * settings and config files re-configure every file (scanned ones included); cascading configs; the
 * report reads what the session holds.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { WorkspaceSession, defineRule, filesUnder, memoryHost, type Finding } from '../../server/src/analysis';

const ROOT = path.resolve('/virtual-session');
const abs = (rel: string) => path.join(ROOT, ...rel.split('/'));
const SECRET = `export const stripeKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';\n`;
const FILES = {
  'package.json': JSON.stringify({ name: 'svc', scripts: { start: 'node src/index.js' }, dependencies: { express: '4' } }),
  'src/index.js': `require('./server');\nprocess.on('SIGTERM', () => process.exit(0));\n`,
  'src/server.js': `const express = require('express');\nconst app = express();\napp.listen(process.env.PORT || 3000);\n`,
  'src/logger.js': `const winston = require('winston');\nmodule.exports = winston.createLogger({ transports: [new winston.transports.File({ filename: 'app.log' })] });\n`,
  'src/config.ts': SECRET,
  Dockerfile: `FROM node:20\nCOPY . .\nCMD npm start\n`,
};

function session(files: Record<string, string> = FILES) {
  const texts = filesUnder(ROOT, files);
  const s = new WorkspaceSession(ROOT, { host: memoryHost(texts) });
  const events: string[][] = [];
  s.onDidChangeFindings((changed) => events.push(changed.map((f) => path.relative(ROOT, f).split(path.sep).join('/'))));
  s.indexSync();
  events.length = 0;
  return { s, events, texts };
}

const rules = (findings: readonly Finding[]) => findings.map((f) => f.ruleId);
const where = (findings: readonly Finding[]) => findings.map((f) => `${path.relative(ROOT, f.file)}:${f.range.start.line + 1} ${f.ruleId}`);

describe('workspace session', () => {
  it('indexes every file: findings of every rule, program verdicts included', () => {
    const { s } = session();
    assert.deepEqual(where(s.allFindings()), [
      'Dockerfile:3 disposability/signal-forwarding',
      'src/config.ts:1 config/no-hardcoded-secret',
      'src/logger.js:2 logs/no-file-logging',
    ]);
    assert.ok(s.isIndexed);
  });

  it('an edit that removes the SIGTERM handler: one event, naming the edited file and the server file, with the verdict already there', () => {
    const { s, events } = session();
    s.updateDocument(abs('src/index.js'), `require('./server');\n`, 2);
    assert.deepEqual(events, [['src/index.js', 'src/server.js']]);
    assert.deepEqual(rules(s.findings(abs('src/server.js'))), ['disposability/handle-sigterm']);
    // Putting it back: one event again, the verdict gone in it.
    s.updateDocument(abs('src/index.js'), FILES['src/index.js'], 3);
    assert.deepEqual(events[1], ['src/index.js', 'src/server.js']);
    assert.deepEqual(s.findings(abs('src/server.js')), []);
  });

  it('typing above a server start moves its program verdict with the text (as a fresh judgement would place it), in one event', () => {
    const files = { ...FILES, 'src/index.js': `require('./server');\n` };
    const { s, events } = session(files);
    const server = abs('src/server.js');
    assert.deepEqual(where(s.findings(server)), ['src/server.js:3 disposability/handle-sigterm']);
    s.updateDocument(server, `// a comment\n// and another\n${files['src/server.js']}`, 2);
    assert.deepEqual(events, [['src/server.js']]);
    const moved = s.findings(server);
    assert.deepEqual(where(moved), ['src/server.js:5 disposability/handle-sigterm']);
    // The same as a session that judged the new text from scratch: range, related locations and fix edits.
    const fresh = session({ ...files, 'src/server.js': `// a comment\n// and another\n${files['src/server.js']}` }).s;
    assert.deepEqual(moved, fresh.findings(server));
    // An edit inside the call itself cannot be moved: it is judged again.
    s.updateDocument(server, `// a comment\n// and another\n${files['src/server.js'].replace('|| 3000)', '|| 8080)')}`, 3);
    assert.deepEqual(where(s.findings(server)), ['src/server.js:5 disposability/handle-sigterm']);
  });

  it('a disable directive typed above a program verdict silences it even though only its facts moved; removing it brings it back', () => {
    const files = { ...FILES, 'src/index.js': `require('./server');\n` };
    const { s, events } = session(files);
    const server = abs('src/server.js');
    const directive = `// twelve-factor-disable-next-line disposability/handle-sigterm -- reason\n`;
    const [head, listen] = files['src/server.js'].split(/(?=app\.listen)/);
    s.updateDocument(server, head + directive + listen, 2);
    assert.deepEqual(events, [['src/server.js']]);
    assert.deepEqual(s.findings(server), []);
    assert.deepEqual(s.unusedDirectives(server), []);
    // A line typed above the directive and the call moves both: still silenced, the directive still used.
    s.updateDocument(server, `// a comment\n${head}${directive}${listen}`, 3);
    assert.deepEqual(s.findings(server), []);
    assert.deepEqual(s.unusedDirectives(server), []);
    // The directive edited into another rule's: the verdict is back (the facts did not change at all).
    s.updateDocument(server, `// a comment\n${head}${directive.replace('handle-sigterm', 'signal-forwarding')}${listen}`, 4);
    assert.deepEqual(where(s.findings(server)), ['src/server.js:5 disposability/handle-sigterm']);
    assert.deepEqual(
      s.unusedDirectives(server).map((d) => d.ids),
      [['disposability/signal-forwarding']],
    );
  });

  it('an edit that changes nothing of note still names the edited file once (a publish per edit), nothing else', () => {
    const { s, events } = session();
    s.updateDocument(abs('src/logger.js'), FILES['src/logger.js'] + '// comment\n', 2);
    assert.deepEqual(events, [['src/logger.js']]);
  });

  it('a rule turned off in the settings leaves every file, scanned ones included, and the report; on again, it is back', () => {
    const { s, events } = session();
    s.setSettings({ rules: { 'logs/no-file-logging': { setting: 'off', options: {} } } });
    assert.deepEqual(events, [['src/logger.js']]);
    assert.ok(!rules(s.allFindings()).includes('logs/no-file-logging'));
    const xi = s.report().factors.find((f) => f.roman === 'XI')!;
    assert.deepEqual(xi.findings, []);
    assert.notEqual(xi.status, 'violations');
    s.setSettings({});
    assert.deepEqual(where(s.findings(abs('src/logger.js'))), ['src/logger.js:2 logs/no-file-logging']);
  });

  it('a severity from the settings applies to the program verdicts too', () => {
    const { s } = session({ ...FILES, 'src/index.js': `require('./server');\n` });
    assert.equal(s.findings(abs('src/server.js'))[0].severity, 'warning');
    s.setSettings({ rules: { 'disposability/handle-sigterm': { setting: 'error', options: {} } } });
    assert.equal(s.findings(abs('src/server.js'))[0].severity, 'error');
    s.setSettings({ rules: { 'disposability/handle-sigterm': { setting: 'off', options: {} } } });
    assert.deepEqual(s.findings(abs('src/server.js')), []);
  });

  it('a config file edited in the editor applies at once, and its problems are known while it is open', () => {
    const { s, events } = session();
    const config = abs('.twelvefactorrc.json');
    s.updateDocument(config, `{ // JSON with comments\n  "rules": { "config/no-hardcoded-secret": "off", "config/nope": "error" } }`, 1);
    assert.deepEqual(events, [['.twelvefactorrc.json', 'src/config.ts']]);
    assert.deepEqual(s.findings(abs('src/config.ts')), []);
    assert.deepEqual(
      s.configProblems().map((p) => [path.basename(p.file), p.range.start.line, p.message.split('.')[0]]),
      [['.twelvefactorrc.json', 1, 'Unknown rule "config/nope"']],
    );
    s.closeDocument(config); // not on disk: back to no config
    assert.deepEqual(rules(s.findings(abs('src/config.ts'))), ['config/no-hardcoded-secret']);
    assert.deepEqual(s.configProblems(), []);
  });

  it("cascading configs: a package's own config applies below it, its globs relative to its folder", () => {
    const { s } = session({
      '.twelvefactorrc.json': `{ "rules": { "logs/no-file-logging": "error" } }`,
      'packages/api/.twelvefactorrc.json': `{ "rules": { "config/no-hardcoded-secret": "off" }, "ignore": ["generated/**"] }`,
      'packages/api/src/config.ts': SECRET,
      'packages/api/generated/client.ts': SECRET,
      'packages/api/src/logger.js': FILES['src/logger.js'],
      'packages/web/src/config.ts': SECRET,
      'packages/web/src/logger.js': FILES['src/logger.js'],
    });
    assert.deepEqual(where(s.allFindings()), [
      'packages/api/src/logger.js:2 logs/no-file-logging',
      'packages/web/src/config.ts:1 config/no-hardcoded-secret',
      'packages/web/src/logger.js:2 logs/no-file-logging',
    ]);
    assert.ok(
      s.allFindings().every((f) => f.ruleId !== 'logs/no-file-logging' || f.severity === 'error'),
      'the root config still applies below',
    );
    assert.ok(!s.hasFile(abs('packages/api/generated/client.ts')), 'ignored by the nested config');
    assert.ok(s.hasFile(abs('packages/web/src/config.ts')));
  });

  it('"root": true in a nested config starts afresh', () => {
    const { s } = session({
      '.twelvefactorrc.json': `{ "rules": { "config/no-hardcoded-secret": "off" } }`,
      'apps/pay/.twelvefactorrc.json': `{ "root": true }`,
      'apps/pay/config.ts': SECRET,
      'apps/other/config.ts': SECRET,
    });
    assert.deepEqual(where(s.allFindings()), ['apps/pay/config.ts:1 config/no-hardcoded-secret']);
  });

  it('a disable directive naming an unknown rule is a note and silences nothing; a bare one silences all', () => {
    const { s } = session({
      'a.ts': `// twelve-factor-disable-next-line config/no-hardcoded-secrets\n${SECRET}`,
      'b.ts': `// twelve-factor-disable-next-line no-hardcoded-secret -- typo\n${SECRET}`,
      'c.ts': `// twelve-factor-disable-next-line\n${SECRET}`,
    });
    assert.deepEqual(where(s.allFindings()), ['a.ts:2 config/no-hardcoded-secret', 'b.ts:2 config/no-hardcoded-secret']);
    assert.deepEqual(
      s.allNotes().map((n) => [path.basename(n.file), n.kind, n.range?.start.column, n.message.split(':')[0]]),
      [
        ['a.ts', 'directive', 35, 'Unknown rule "config/no-hardcoded-secrets" in a disable directive'],
        ['b.ts', 'directive', 35, '"no-hardcoded-secret" is not a rule id (expected <factor>/<rule>, e.g. config/no-hardcoded-secret)'],
      ],
    );
  });

  it("a file another file's analysis read is followed: package.json changes the Dockerfile's fix", () => {
    const { s, texts, events } = session();
    const fix = () => s.findings(abs('Dockerfile'))[0].fixes?.map((f) => f.title) ?? [];
    assert.ok(fix().some((t) => t.includes('CMD ["node", "src/index.js"]')));
    texts.set(
      abs('package.json'),
      JSON.stringify({ name: 'svc', scripts: { start: 'node dist/main.js' }, dependencies: { express: '4' } }),
    );
    s.fileChanged(abs('package.json'));
    assert.deepEqual(events[0], ['Dockerfile', 'package.json'], 'one event: the file that changed and the file that read it');
    assert.ok(fix().some((t) => t.includes('CMD ["node", "dist/main.js"]')));
  });

  it("nx.json read by the program model is read again after it changes: targetDefaults' generatePackageJson (review)", () => {
    const nx = (generate: boolean) =>
      JSON.stringify({ targetDefaults: generate ? { build: { options: { generatePackageJson: true } } } : {} });
    const { s, texts } = session({
      'package.json': JSON.stringify({ name: 'mono', private: true, devDependencies: { express: '4' } }),
      'nx.json': nx(false),
      'apps/api/project.json': JSON.stringify({
        name: 'api',
        projectType: 'application',
        targets: { build: { executor: '@nx/webpack:webpack', options: { target: 'node', main: 'apps/api/src/main.ts' } } },
      }),
      'apps/api/src/main.ts': `import express from 'express';\nexpress().listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    });
    const devOnly = () => where(s.findings(abs('apps/api/src/main.ts'))).filter((w) => w.endsWith('dependencies/declared-dependency'));
    assert.deepEqual(devOnly(), ['apps/api/src/main.ts:1 dependencies/declared-dependency']);
    texts.set(abs('nx.json'), nx(true));
    s.fileChanged(abs('nx.json'));
    assert.deepEqual(devOnly(), [], 'the build writes its package.json, devDependencies included');
  });

  it('package.json read by a judgement is read again after it changes: on disk, in the editor, and a new one below', () => {
    const files = { ...FILES, 'src/server.js': `${FILES['src/server.js']}require('helmet');\n` };
    const { s, texts } = session(files);
    const undeclared = () => where(s.findings(abs('src/server.js'))).filter((w) => w.endsWith('dependencies/declared-dependency'));
    assert.deepEqual(undeclared(), ['src/server.js:4 dependencies/declared-dependency']);
    const declaring = JSON.stringify({ name: 'svc', scripts: { start: 'node src/index.js' }, dependencies: { express: '4', helmet: '7' } });
    texts.set(abs('package.json'), declaring);
    s.fileChanged(abs('package.json'));
    assert.deepEqual(undeclared(), [], 'declared on disk');
    s.updateDocument(abs('package.json'), FILES['package.json'], 2);
    s.judgeNow();
    assert.deepEqual(undeclared(), ['src/server.js:4 dependencies/declared-dependency'], 'taken out in the editor');
    s.closeDocument(abs('package.json'));
    s.judgeNow();
    assert.deepEqual(undeclared(), [], 'the disk again');
    texts.set(abs('package.json'), FILES['package.json']);
    s.fileChanged(abs('package.json'));
    assert.deepEqual(undeclared(), ['src/server.js:4 dependencies/declared-dependency']);
    // A package.json where there was none (its absence was read): src/ becomes a package that declares helmet.
    texts.set(abs('src/package.json'), JSON.stringify({ name: 'inner', dependencies: { express: '4', helmet: '7' } }));
    s.fileChanged(abs('src/package.json'));
    s.judgeNow();
    assert.deepEqual(undeclared(), [], 'declared by the new package.json');
  });

  it("node-config's files are read again when they change: a port mapped to PORT in the editor, the mapping closed unsaved, a new port on disk", () => {
    const files = {
      'package.json': JSON.stringify({ name: 'svc', main: 'src/index.js', dependencies: { express: '4', config: '3' } }),
      'src/index.js': `const config = require('config');\nrequire('express')().listen(config.get('port'));\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'config/default.json': '{ "port": 3000 }\n',
      'config/custom-environment-variables.json': '{ "name": "APP_NAME" }\n',
    };
    const { s, texts } = session(files);
    const ports = () => where(s.findings(abs('config/default.json'))).filter((w) => w.endsWith('port-binding/port-from-environment'));
    assert.deepEqual(ports(), ['config/default.json:1 port-binding/port-from-environment']);
    s.updateDocument(abs('config/custom-environment-variables.json'), '{ "port": "PORT" }\n', 1);
    s.judgeNow();
    assert.deepEqual(ports(), [], 'mapped in the editor');
    s.closeDocument(abs('config/custom-environment-variables.json'));
    s.judgeNow();
    assert.deepEqual(ports(), ['config/default.json:1 port-binding/port-from-environment'], 'closed, never saved');
    texts.set(abs('config/default.json'), '{ "port": 8080, "name": "svc" }\n');
    s.fileChanged(abs('config/default.json'));
    s.judgeNow();
    assert.deepEqual(
      s
        .findings(abs('config/default.json'))
        .filter((f) => f.ruleId === 'port-binding/port-from-environment')
        .map((f) => f.message.match(/port (\d+)/)?.[1]),
      ['8080'],
      'changed on disk',
    );
  });

  it('a client that sends no watched-file events: package.json changed on disk is read again at the next judgement', () => {
    // Neovim and Helix need not watch files: the dependency lists are not kept from one judgement to the next.
    const files = { ...FILES, 'src/server.js': `${FILES['src/server.js']}require('helmet');\n` };
    const { s, texts } = session(files);
    const undeclared = () => where(s.findings(abs('src/server.js'))).filter((w) => w.endsWith('dependencies/declared-dependency'));
    assert.deepEqual(undeclared(), ['src/server.js:4 dependencies/declared-dependency']);
    texts.set(
      abs('package.json'),
      JSON.stringify({ name: 'svc', scripts: { start: 'node src/index.js' }, dependencies: { express: '4', helmet: '7' } }),
    );
    s.updateDocument(abs('src/server.js'), `${files['src/server.js']}require('express');\n`, 2);
    s.judgeNow();
    assert.deepEqual(undeclared(), []);
  });

  it('closing a document goes back to the disk; deleting a file takes its findings away', () => {
    const { s, texts } = session();
    s.updateDocument(abs('src/config.ts'), `export const stripeKey = process.env.STRIPE_KEY;\n`, 2);
    assert.deepEqual(s.findings(abs('src/config.ts')), []);
    s.closeDocument(abs('src/config.ts'));
    assert.deepEqual(rules(s.findings(abs('src/config.ts'))), ['config/no-hardcoded-secret']);
    texts.delete(abs('src/config.ts'));
    s.fileDeleted(abs('src/config.ts'));
    assert.deepEqual(s.findings(abs('src/config.ts')), []);
    assert.ok(!s.hasFile(abs('src/config.ts')));
  });

  it("the report reads the session: its findings are exactly the session's, nothing re-analysed", () => {
    const { s } = session();
    const fromReport = s
      .report()
      .factors.flatMap((f) => f.findings.map((x) => `${x.file}:${x.line}:${x.column} ${x.ruleId}`))
      .sort();
    const fromSession = s
      .allFindings()
      .map((f) => `${path.relative(ROOT, f.file)}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.ruleId}`)
      .sort();
    assert.deepEqual(fromReport, fromSession);
    // Unsaved editor text counts: the report follows the open document.
    s.updateDocument(abs('src/logger.js'), `module.exports = console;\n`, 2);
    const xi = s.report().factors.find((f) => f.roman === 'XI')!;
    assert.deepEqual(xi.findings, []);
  });

  it('a disabled folder holds nothing and says so once', () => {
    const { s, events } = session();
    s.setSettings({ enable: false });
    assert.deepEqual(events.length, 1);
    assert.deepEqual(s.allFindings(), []);
    assert.deepEqual(s.files(), []);
  });
});

describe('program rules with their own facts (ProgramCheck.collect)', () => {
  it('a collector joins the one walk, its data survives as plain facts, and the check reads it across files', () => {
    const calls: string[] = [];
    const rule = defineRule({
      meta: {
        id: 'concurrency/no-in-process-scheduler',
        factor: 8,
        description: 'Test rule: a program that calls tick() anywhere is reported at its entry.',
        defaultSeverity: 'warning',
        languages: ['typescript'],
        fixable: false,
        messages: { ticks: 'This program calls tick() in {{count}} file(s): a test message long enough.' },
      },
      program: {
        collect: {
          prefilter: (text) => text.includes('tick'),
          create: (ctx) => {
            const lines: number[] = [];
            return {
              visitors: {
                [ts.SyntaxKind.CallExpression]: (node: ts.CallExpression) => {
                  if (ts.isIdentifier(node.expression) && node.expression.text === 'tick') lines.push(ctx.rangeOf(node).start.line);
                },
              },
              finish: () => (lines.length ? { lines } : undefined),
            };
          },
        },
        check: (ctx) => {
          for (const program of ctx.programs) {
            const ticking = program.files.filter((f) => program.ruleFacts<{ lines: number[] }>(f, 'concurrency/no-in-process-scheduler'));
            calls.push(...ticking.map((f) => path.basename(f)));
            if (ticking.length) {
              const first = program.ruleFacts<{ lines: number[] }>(ticking[0], 'concurrency/no-in-process-scheduler')!.lines[0];
              ctx.report({
                file: ticking[0],
                messageId: 'ticks',
                data: { count: ticking.length },
                range: { start: { line: first, column: 0 }, end: { line: first, column: 4 } },
              });
            }
          }
        },
      },
    });
    const texts = filesUnder(ROOT, {
      'package.json': JSON.stringify({ main: 'src/main.js' }),
      'src/main.js': `require('./jobs');\nconsole.log('up');\n`,
      'src/jobs.js': `function tick() {}\n\ntick();\n`,
    });
    const s = new WorkspaceSession(ROOT, { host: memoryHost(texts), rules: [rule] });
    s.indexSync();
    assert.deepEqual(calls, ['jobs.js']);
    assert.deepEqual(where(s.allFindings()), ['src/jobs.js:3 concurrency/no-in-process-scheduler']);
    assert.deepEqual(s.analysisOf(abs('src/jobs.js'))?.facts?.rules, { 'concurrency/no-in-process-scheduler': { lines: [2] } });
  });
});

describe('entry points the folder does not list (read when a program needs them)', () => {
  it("reads no file over the size limit as an entry point: a build's bundle named by main is left out, a small one kept", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-lazy-entry-'));
    try {
      const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      };
      write('package.json', JSON.stringify({ name: 'svc', main: 'dist/bundle.js', bin: { svc: 'dist/cli.js' } }));
      write('.gitignore', 'dist/\n');
      write('.twelvefactorrc.json', JSON.stringify({ maxFileSize: 4096 }));
      write('src/util.ts', 'export const x = 1;\n');
      write('dist/bundle.js', `require('http').createServer().listen(3000);\n/*${'x'.repeat(8192)}*/\n`);
      write('dist/cli.js', `#!/usr/bin/env node\nrequire('http').createServer().listen(3001);\n`);
      const session = new WorkspaceSession(dir);
      session.indexSync();
      assert.deepEqual(
        session
          .files()
          .map((f) => path.relative(dir, f))
          .sort(),
        ['package.json', path.join('src', 'util.ts')],
      );
      const entries = session.programEvidence()!.packages.flatMap((p) => p.entries.map((e) => `${path.relative(dir, e.file)} ${e.source}`));
      assert.deepEqual(entries, [`${path.join('dist', 'cli.js')} package.json "bin"`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('default test files', () => {
  it('counts test infrastructure folders, runner setup files and the test configs of Egg and node-config as tests (libs/testing, *test-utils, *test-helpers, e2e-tests, a package playwright, cypress and spec/, vitest.setup.*, *.unittest.*, config/test.*), not names that only contain the word', () => {
    const s = new WorkspaceSession(ROOT, { host: memoryHost(filesUnder(ROOT, { 'package.json': '{}' })) });
    const tests = [
      'libs/testing/src/constants.ts',
      'packages/medusa-test-utils/src/database.ts',
      'test-utils/render.tsx',
      'src/test-helpers/db.js',
      'integration-tests/helpers/create-admin-user.ts',
      'packages/api/integration-tests/http/orders.ts',
      'config/config.unittest.ts',
      'config/test.json',
      'services/history-v1/config/testing.yaml',
      'config/env/test.js',
      'src/mocks/handlers.ts',
      'packages/shared/lib/utils/tests.ts',
      'packages/server/vitest.config.ts',
      'packages/server/vite.integration.config.ts',
      'jest.config.js',
      'src/test-utils.tsx',
      'services/local/mock-cf-api/index.js',
      'api/config/environments/testing.ts',
      // Jasmine's spec/ folder, and the setup files test runners load.
      'spec/helper.js',
      'packages/server/spec/support/db.ts',
      'apps/web/vitestSetup.ts',
      'apps/api/vitest-e2e.setup.ts',
      'deploy/docker-compose-tests/pg/docker-compose.yml',
      'playwright/pages/login.ts',
      'apps/web/playwright/fixtures.ts',
      'cypress/support/commands.ts',
      'vitest.setup.ts',
      'jest.setup.js',
      'src/setupTests.ts',
      'test-setup.ts',
      'web/src/__e2e__/api.servertest.ts',
      'src/__integration__/db.ts',
      'apps/api/test/app.e2e-spec.ts',
      'src/orders.e2e.ts',
      // The local development and test network of a monorepo (atproto's packages/dev-env and dev-infra).
      'packages/dev-env/src/network.ts',
      'packages/dev-infra/with-test-db.sh',
      'tools/test-env/start.ts',
    ];
    const product = [
      'config/production.json',
      'config/test-runner.ts',
      'src/config/tester.json',
      'src/ab-testing/variant.ts',
      'src/testingService.ts',
      'src/utils/test-utilities.ts',
      'src/contest/entries.ts',
      'src/integration/client.ts',
      'config/config.prod.ts',
      'src/unittests.ts',
      'src/openapi/specs.ts',
      'src/spec/server.js',
      'packages/contract/src/spec/routes.ts',
      'src/tests-runner.ts',
      'src/playwright/browser.js',
      'src/ab-tests/assign.js',
      'src/spectrum/index.ts',
      'src/e2e-encryption.ts',
      'src/servertests.ts',
      'src/db/setup.ts',
      'src/setup.ts',
      'src/dev-environment.ts',
      'packages/devtools-api/src/index.ts',
      'src/env/dev.ts',
      'config/env/production.js',
      'src/mock.ts',
      'src/contests.ts',
      'packages/webapp/vite.config.ts',
      'src/routes/latest.ts',
      'src/mockingbird/index.ts',
      'src/services/mockup/render.ts',
      'config/env/test-runner.js',
      // A lab's or an exam's modules and a product named for mocks (review): tests.* outside helpers, mock-* not local.
      'src/routes/tests.ts',
      'src/labs/tests.service.ts',
      'apps/api/src/tests.controller.ts',
      'services/mock-interview-api/src/index.js',
    ];
    assert.deepEqual(
      tests.filter((f) => !s.isTestFile(abs(f))),
      [],
    );
    assert.deepEqual(
      product.filter((f) => s.isTestFile(abs(f))),
      [],
    );
  });
});

describe('what the analyses of one index read', () => {
  // Ten files of one app import another package's file: each analysis of codebase/no-cross-app-import
  // reads the app's manifest and tsconfig.
  const READS_ROOT = path.resolve('/virtual-reads');
  const MANIFEST = path.join(READS_ROOT, 'apps', 'api', 'package.json');
  const files = (): Map<string, string> => {
    const spec: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'repo', private: true, workspaces: ['apps/*', 'billing'] }),
      'apps/api/package.json': JSON.stringify({ name: 'api', version: '1.0.0', scripts: { start: 'node src/f0.js' } }),
      'billing/package.json': JSON.stringify({ name: 'billing', version: '1.0.0', main: 'src/index.js' }),
      'billing/src/prices.js': 'module.exports = { price: 1 };\n',
    };
    for (let i = 0; i < 10; i++)
      spec[`apps/api/src/f${i}.js`] = `const { price } = require('../../../billing/src/prices');\nmodule.exports = price;\n`;
    return filesUnder(READS_ROOT, spec) as Map<string, string>;
  };
  const crossApp = (s: WorkspaceSession) =>
    s
      .allFindings()
      .filter((f) => f.ruleId === 'codebase/no-cross-app-import')
      .map((f) => `${path.relative(READS_ROOT, f.file).split(path.sep).join('/')}:${f.range.start.line + 1}:${f.range.start.column + 1}`);

  it('reads each other file once per index, not once per analysis', () => {
    const host = memoryHost(files());
    const reads = new Map<string, number>();
    const counting = { ...host, readFile: (f: string) => (reads.set(f, (reads.get(f) ?? 0) + 1), host.readFile(f)) };
    const s = new WorkspaceSession(READS_ROOT, { host: counting });
    s.indexSync();
    assert.equal(crossApp(s).length, 10);
    assert.equal(crossApp(s)[0], 'apps/api/src/f0.js:1:27');
    // Ten analyses read the tsconfig; the session's own reads (the program judgement) come on top.
    const tsconfig = reads.get(path.join(READS_ROOT, 'apps', 'api', 'tsconfig.json')) ?? 0;
    assert.ok(tsconfig >= 1 && tsconfig < 5, `apps/api/tsconfig.json read ${tsconfig} times`);
  });

  it('reads a file again once it changed during the index', () => {
    const texts = files();
    const s = new WorkspaceSession(READS_ROOT, { host: memoryHost(texts) });
    s.indexSync({
      onProgress: (done) => {
        if (done !== 1) return;
        // After the first file: the app declares the package, and the session hears of it.
        texts.set(MANIFEST, JSON.stringify({ name: 'api', version: '1.0.0', dependencies: { billing: 'workspace:*' } }));
        s.fileChanged(MANIFEST);
      },
    });
    assert.deepEqual(crossApp(s), []);
  });
});

describe('a file saved while the pool indexes', () => {
  it('analyses again the results that read it, whatever the pool read or kept before', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-pool-save-'));
    try {
      const root = path.join(tmp, 'ws');
      const manifest = path.join(root, 'package.json');
      const start = (script: string) =>
        JSON.stringify({ name: 'app', main: 'dist/index.js', scripts: { start: script }, dependencies: { express: '4' } });
      fs.mkdirSync(path.join(root, 'src'), { recursive: true });
      fs.writeFileSync(manifest, start('tsc && node dist/index.js'));
      fs.writeFileSync(path.join(root, 'src', 'index.ts'), `import express from 'express';\nexpress().listen(process.env.PORT);\n`);
      for (let i = 0; i < 12; i++) {
        const dir = path.join(root, 'deploy', `d${String(i).padStart(2, '0')}`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n`);
      }
      // No worker script: the pool's share is analysed in this thread, with the pool's read memo.
      const session = new WorkspaceSession(root, { pool: { script: '', jobs: 1, workersOnly: true, minFiles: 2 } });
      let saved = false;
      await session.index({
        onProgress: (_done, _total, file) => {
          if (saved || path.basename(file) !== 'Dockerfile') return;
          saved = true;
          fs.writeFileSync(manifest, start('node dist/index.js'));
          session.fileChanged(manifest);
        },
      });
      session.judgeNow();
      assert.ok(saved);
      assert.deepEqual(
        session.allFindings().filter((f) => f.ruleId === 'build-release-run/no-build-at-runtime'),
        [],
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
