/** ProjectModel: incremental updates, removal, config, lazy reads of files outside the model. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ProjectModel } from '../../../server/src/analysis/facts/program';
import { RULES } from '../../../server/src/analysis/registry';
import { brief, modelOf, ROOT } from './helpers';

const FILES = {
  'package.json': JSON.stringify({ scripts: { start: 'node dist/index.js' }, dependencies: { express: '^4.19.2' } }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
  'src/index.ts': `import { server } from './server';\nprocess.on('SIGTERM', () => server.close());\n`,
  'src/server.ts': `import express from 'express';\nexport const server = express().listen(process.env.PORT);\n`,
};
const abs = (rel: string) => path.join(ROOT, rel);

describe('ProjectModel', () => {
  it('re-judges when one file changes: the handler removed in index.ts flags server.ts, and back', () => {
    const { model } = modelOf(FILES);
    assert.deepEqual(model.judge().findings, []);
    assert.equal(model.update(abs('src/index.ts'), `import { server } from './server';\n`), true);
    assert.deepEqual(brief(model.judge().findings), [{ file: 'src/server.ts', line: 2, column: 33, messageId: 'missingHandler' }]);
    assert.deepEqual([...model.judge().byFile.keys()], [abs('src/server.ts')]);
    assert.equal(model.update(abs('src/index.ts'), `import { server } from './server';\n`), false, 'same text: nothing recomputed');
    model.update(abs('src/index.ts'), FILES['src/index.ts']);
    assert.deepEqual(model.judge().findings, []);
  });

  it('judges in steps (one program rule per step) to the same judgement; a change while paused is judged at the end, never cached stale', () => {
    const { model } = modelOf(FILES);
    const steps = model.judgeInSteps();
    let pauses = 0;
    let step = steps.next();
    for (; !step.done && pauses < 2; step = steps.next()) pauses++;
    const revision = model.revision;
    // The handler goes while the judgement is paused.
    assert.equal(model.update(abs('src/index.ts'), `import { server } from './server';\n`), true);
    assert.ok(model.revision > revision);
    for (; !step.done; step = steps.next()) pauses++;
    assert.ok(pauses > 3, `${pauses} pauses`);
    const expected = [{ file: 'src/server.ts', line: 2, column: 33, messageId: 'missingHandler' }];
    assert.deepEqual(brief(step.value.findings), expected);
    assert.deepEqual(brief(model.judge().findings), expected);
    // Unpaused, in steps or at once: the same judgement.
    model.update(abs('src/index.ts'), FILES['src/index.ts']);
    const again = model.judgeInSteps();
    let last = again.next();
    while (!last.done) last = again.next();
    const drained = last.value;
    assert.deepEqual(drained.findings, []);
    assert.equal(model.judge(), drained, 'cached');
  });

  it('a rule that judges in steps pauses after each program; a change at such a pause is judged at the end', () => {
    // Two services in one folder, each a web process that also runs a recurring job.
    const service = (name: string) => ({
      [`${name}/package.json`]: JSON.stringify({ name, scripts: { start: 'node index.js' } }),
      [`${name}/index.js`]: `const app = require('express')();\napp.listen(process.env.PORT);\nconst cron = require('node-cron');\ncron.schedule('*/5 * * * *', () => sendDigests());\nfunction sendDigests() {}\n`,
    });
    const scheduler = RULES.filter((r) => r.meta.id === 'concurrency/no-in-process-scheduler');
    const pausesOf = (model: ProjectModel) => {
      let pauses = 0;
      for (const steps = model.judgeInSteps(); !steps.next().done;) pauses++;
      return pauses;
    };
    const two = { ...service('api'), ...service('billing') };
    // The pauses the rule adds to finding the programs: one after each program.
    const inRule = (files: Record<string, string>) => pausesOf(modelOf(files, scheduler).model) - pausesOf(modelOf(files, []).model);
    assert.equal(inRule(two), inRule(service('api')) + 1);
    const before = pausesOf(modelOf(two, []).model);
    const both = [
      { file: 'api/index.js', line: 4, column: 1, messageId: 'job' },
      { file: 'billing/index.js', line: 4, column: 1, messageId: 'job' },
    ];
    assert.deepEqual(brief(modelOf(two, scheduler).model.judge().findings), both);
    const { model } = modelOf(two, scheduler);
    // Paused inside the rule, after api was judged: api's job goes.
    const steps = model.judgeInSteps();
    let step = steps.next();
    for (let k = 1; k < before + 1; k++) step = steps.next();
    assert.ok(!step.done);
    model.update(abs('api/index.js'), `require('express')().listen(process.env.PORT);\n`);
    while (!step.done) step = steps.next();
    assert.deepEqual(brief(step.value.findings), both.slice(1), 'judged as the folder is now');
    assert.deepEqual(brief(model.judge().findings), both.slice(1));
  });

  it("a program's import graph is walked in steps: a big program pauses every 16 files; the judgement is the same", () => {
    // An entry point importing a chain of n modules, the last one starting the server without a SIGTERM handler.
    const chain = (n: number) => {
      const files: Record<string, string> = {
        'package.json': JSON.stringify({ scripts: { start: 'node src/index.js' }, dependencies: { express: '^4.19.2' } }),
        'src/index.js': `require('./m0');\n`,
      };
      for (let i = 0; i < n; i++)
        files[`src/m${i}.js`] = i < n - 1 ? `require('./m${i + 1}');\n` : `require('express')().listen(process.env.PORT);\n`;
      return files;
    };
    const pausesOf = (files: Record<string, string>) => {
      let pauses = 0;
      for (const steps = modelOf(files, []).model.judgeInSteps(); !steps.next().done;) pauses++;
      return pauses;
    };
    // 201 files: pauses after files 16, 32, … 192 of the walk, besides the one after the program.
    assert.equal(pausesOf(chain(200)) - pausesOf(chain(10)), 12);
    const handle = RULES.filter((r) => r.meta.id === 'disposability/handle-sigterm');
    const steps = modelOf(chain(200), handle).model.judgeInSteps();
    let step = steps.next();
    while (!step.done) step = steps.next();
    assert.deepEqual(brief(step.value.findings), [{ file: 'src/m199.js', line: 1, column: 22, messageId: 'missingHandler' }]);
    assert.deepEqual(brief(modelOf(chain(200), handle).model.judge().findings), brief(step.value.findings));
  });

  it('removing the file that handles SIGTERM (and no longer reading it) flags the server', () => {
    const texts = new Map(Object.entries(FILES).map(([k, v]) => [abs(k), v]));
    texts.set(abs('src/index.ts'), `import './shutdown';\nimport './server';\n`);
    texts.set(abs('src/shutdown.ts'), `process.on('SIGTERM', () => process.exit(0));\n`);
    const model = new ProjectModel(ROOT, { readFile: (f) => texts.get(f) });
    for (const [file, text] of texts) model.update(file, text);
    assert.deepEqual(model.judge().findings, []);
    texts.delete(abs('src/shutdown.ts'));
    model.remove(abs('src/shutdown.ts'));
    assert.equal(model.judge().findings.length, 1);
  });

  it("an entry that requires the package's build output (require('../dist')) runs its sources; a build folder's file only when it is not there", () => {
    const SERVER = `import express from 'express';\nexport const server = express().listen(process.env.PORT);\n`;
    const { model } = modelOf({
      // signalk-server: bin/server loads the compiled package; tsconfig maps dist back to src.
      'package.json': JSON.stringify({ name: 'a', main: 'index.js', scripts: { start: 'node bin/server' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'bin/server': `#!/usr/bin/env node\nrequire('../dist');\n`,
      'src/index.ts': SERVER,
      // Without a tsconfig: ./build/app stands for src/app.ts only while build/ is not in the workspace.
      'b/package.json': JSON.stringify({ name: 'b', scripts: { start: 'node index.js' } }),
      'b/index.js': `require('./build/app');\n`,
      'b/src/app.ts': SERVER,
      'c/package.json': JSON.stringify({ name: 'c', scripts: { start: 'node index.js' } }),
      'c/index.js': `require('./lib/app');\n`,
      'c/lib/app.js': `process.on('SIGTERM', () => process.exit(0));\nrequire('../src/app');\n`,
      'c/src/app.ts': SERVER,
    });
    assert.equal(model.resolveImport(abs('bin/server'), '../dist'), abs('src/index.ts'));
    assert.equal(model.resolveImport(abs('b/index.js'), './build/app'), abs('b/src/app.ts'));
    assert.equal(model.resolveImport(abs('c/index.js'), './lib/app'), abs('c/lib/app.js'));
    assert.deepEqual(brief(model.judge().findings.filter((f) => f.ruleId === 'disposability/handle-sigterm')), [
      { file: 'b/src/app.ts', line: 2, column: 33, messageId: 'missingHandler' },
      { file: 'src/index.ts', line: 2, column: 33, messageId: 'missingHandler' },
    ]);
  });

  it("resolves a workspace package by its exports: code to its sources, data (a Vite build's manifest) to nothing", () => {
    const { model } = modelOf({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/spa/package.json': JSON.stringify({
        name: '@acme/spa',
        exports: { '.': { types: './files.d.ts', default: './dist/files.json' } },
      }),
      'packages/spa/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'packages/spa/src/index.tsx': `import React from 'react';\nexport const App = () => React.version;\n`,
      'packages/lib/package.json': JSON.stringify({
        name: '@acme/lib',
        exports: { '.': { import: './dist/index.js' }, './server': './server.js' },
      }),
      'packages/lib/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'packages/lib/src/index.ts': `export const x = 1;\n`,
      'packages/esm/package.json': JSON.stringify({
        name: '@acme/esm',
        exports: { '.': { import: './dist/index.mjs', require: './dist/index.cjs' } },
      }),
      'packages/esm/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'packages/esm/src/index.ts': `export const y = 2;\n`,
      'packages/src-first/package.json': JSON.stringify({ name: '@acme/src-first', source: 'src/main.ts', exports: './dist/main.js' }),
      'packages/src-first/src/main.ts': `export const z = 3;\n`,
      'server.js': `require('@acme/spa');\nrequire('@acme/lib');\n`,
    });
    assert.equal(model.resolveImport(abs('server.js'), '@acme/spa'), undefined);
    assert.equal(model.resolveImport(abs('server.js'), '@acme/lib'), abs('packages/lib/src/index.ts'));
    assert.equal(model.resolveImport(abs('server.js'), '@acme/esm'), abs('packages/esm/src/index.ts'));
    assert.equal(model.resolveImport(abs('server.js'), '@acme/src-first'), abs('packages/src-first/src/main.ts'));
  });

  it("resolves subpath imports through package.json's imports: exact keys, the longest pattern, conditions, build output to sources", () => {
    const { model } = modelOf({
      'package.json': JSON.stringify({
        name: 'app',
        type: 'module',
        imports: {
          '#jobs': './lib/jobs.js',
          '#services/*': './app/services/*.js',
          '#services/legacy/*': './legacy/*.js',
          '#config/*': { types: './types/*.d.ts', node: './build/config/*.js', default: './browser/*.js' },
          '#db': 'pg',
          '#lib/*.js': './lib/*.js',
        },
      }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'build', rootDir: '.' } }),
      'bin/server.ts': `import '#services/cron_service';
`,
      'lib/jobs.js': `export const jobs = 1;
`,
      'lib/queue.js': `export const queue = 1;
`,
      'app/services/cron_service.ts': `export const cron = 1;
`,
      'legacy/old.ts': `export const old = 1;
`,
      'config/app.ts': `export const config = 1;
`,
    });
    const from = abs('bin/server.ts');
    assert.equal(model.resolveImport(from, '#jobs'), abs('lib/jobs.js'));
    assert.equal(model.resolveImport(from, '#services/cron_service'), abs('app/services/cron_service.ts'));
    assert.equal(model.resolveImport(from, '#services/legacy/old'), abs('legacy/old.ts'));
    assert.equal(model.resolveImport(from, '#config/app'), abs('config/app.ts'));
    assert.equal(model.resolveImport(from, '#lib/queue.js'), abs('lib/queue.js'));
    // A package behind the key, and a key nobody declared, are no file of the workspace.
    assert.equal(model.resolveImport(from, '#db'), undefined);
    assert.equal(model.resolveImport(from, '#models/user'), undefined);
  });

  it("a # alias of tsconfig's paths still resolves when package.json's imports does not name it (review)", () => {
    const { model } = modelOf({
      'package.json': JSON.stringify({ name: 'app', imports: { '#jobs': './src/jobs.ts' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '#lib/*': ['src/lib/*'] } } }),
      'src/server.ts': `import { cron } from '#lib/cron';\n`,
      'src/lib/cron.ts': `export const cron = 1;\n`,
      'src/jobs.ts': `export const jobs = 1;\n`,
    });
    assert.equal(model.resolveImport(abs('src/server.ts'), '#lib/cron'), abs('src/lib/cron.ts'));
    assert.equal(model.resolveImport(abs('src/server.ts'), '#jobs'), abs('src/jobs.ts'));
  });

  it('follows modules loaded by a path built at run time: path.join/resolve from __dirname, concatenation, templates, folder loaders', () => {
    const { model } = modelOf({
      'package.json': JSON.stringify({ name: 'app', main: 'server.js' }),
      'server.js': [
        "const path = require('path');",
        "require(path.join(__dirname, 'config'));",
        "require(__dirname + '/db/');",
        'require(`${__dirname}/lib/mailer`);',
        "fs.readdirSync(path.join(__dirname, 'jobs')).forEach((file) => require(path.join(__dirname, 'jobs', file)));",
        "for (const r of routes) require('./routes/' + r.name)(app);",
        '',
      ].join('\n'),
      'config.js': 'module.exports = {};\n',
      'db/index.js': 'module.exports = {};\n',
      'lib/mailer.ts': 'export const m = 1;\n',
      'jobs/cleanup.js': 'module.exports = 1;\n',
      'jobs/report.mjs': 'export default 1;\n',
      'jobs/cleanup.test.js': 'test();\n',
      'jobs/nested/deep.js': 'module.exports = 1;\n',
      'routes/users.js': 'module.exports = () => {};\n',
      'models/index.js': [
        "const fs = require('fs');",
        "const path = require('path');",
        'const db = {};',
        'fs.readdirSync(__dirname)',
        "  .filter((file) => file !== 'index.js')",
        '  .forEach((file) => { const model = require(path.join(__dirname, file))(sequelize); db[model.name] = model; });',
        'module.exports = db;',
        '',
      ].join('\n'),
      'models/user.js': 'module.exports = () => ({ name: "User" });\n',
      'scripts/seed.ts': "import(path.resolve(__dirname, '..', 'models'));\n",
    });
    const rel = (files: string[]) => files.map((f) => path.relative(ROOT, f).split(path.sep).join('/')).sort();
    assert.deepEqual(rel(model.reachable(abs('server.js'))), [
      'config.js',
      'db/index.js',
      'jobs/cleanup.js',
      'jobs/report.mjs',
      'lib/mailer.ts',
      'routes/users.js',
      'server.js',
    ]);
    // Sequelize's models/index.js loads its siblings, not itself; the seed script reaches it through path.resolve.
    assert.deepEqual(rel(model.reachable(abs('scripts/seed.ts'))), ['models/index.js', 'models/user.js', 'scripts/seed.ts']);
  });

  it('follows a folder loader only when the file lists the folder (readdir, a glob), not a module picked by name (review: a process-type dispatcher)', () => {
    const { model } = modelOf({
      'package.json': JSON.stringify({ name: 'app', main: 'src/index.js' }),
      'src/index.js': "const type = process.env.PROCESS_TYPE || 'web';\nrequire(`./${type}`);\n",
      'src/web.js': 'module.exports = 1;\n',
      'src/clock.js': 'module.exports = 1;\n',
      'jobs/index.js':
        "const fs = require('fs');\nconst path = require('path');\nfor (const file of fs.readdirSync(__dirname)) require(path.join(__dirname, file,));\n",
      'jobs/a.js': 'module.exports = 1;\n',
    });
    const rel = (files: string[]) => files.map((f) => path.relative(ROOT, f).split(path.sep).join('/')).sort();
    assert.deepEqual(rel(model.reachable(abs('src/index.js'))), ['src/index.js']);
    assert.deepEqual(rel(model.reachable(abs('jobs/index.js'))), ['jobs/a.js', 'jobs/index.js']);
  });

  it('does not follow paths it cannot pin to a folder: another root, absolute parts, parts beyond a name, or a folder named by a variable', () => {
    const { model } = modelOf({
      'package.json': JSON.stringify({ name: 'app', main: 'server.js' }),
      'server.js': [
        "require(path.join(process.cwd(), 'config'));",
        "require(path.resolve(__dirname, '/etc/app/config'));",
        "require(path.join(__dirname, dir, 'index'));",
        'require(`${__dirname}/${area}/${file}`);',
        "require(base + '/jobs/' + name);",
        "require(path.join(__dirname, 'jobs', file.replace('.ts', '')));",
        "require(path.join(__dirname, 'config') + '.json');",
        'require(__dirname);',
        '',
      ].join('\n'),
      'config.js': 'module.exports = {};\n',
      'jobs/cleanup.js': 'module.exports = 1;\n',
      'index.js': 'module.exports = 1;\n',
    });
    assert.deepEqual(model.reachable(abs('server.js')), [abs('server.js')]);
  });

  it("resolves a workspace package's subpath through its exports map, not to a file it does not name", () => {
    const { model } = modelOf({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }),
      'packages/jobs/package.json': JSON.stringify({
        name: '@acme/jobs',
        exports: { '.': './src/index.ts', './cron': { require: './dist/cron.js', default: './dist/cron.js' } },
      }),
      'packages/jobs/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
      'packages/jobs/src/index.ts': 'export const jobs = 1;\n',
      'packages/jobs/src/cron.ts': 'export const cron = 1;\n',
      'server.ts': "import '@acme/jobs/cron';\n",
    });
    assert.equal(model.resolveImport(abs('server.ts'), '@acme/jobs/cron'), abs('packages/jobs/src/cron.ts'));
    assert.equal(model.resolveImport(abs('server.ts'), '@acme/jobs/queue'), undefined);
  });

  it('reads imported files it was not given (a partial scan) through the host', () => {
    const texts = new Map(Object.entries(FILES).map(([k, v]) => [abs(k), v]));
    const model = new ProjectModel(ROOT, { readFile: (f) => texts.get(f) });
    model.update(abs('src/server.ts'), FILES['src/server.ts']); // index.ts is never handed over
    assert.deepEqual(model.judge().findings, [], 'the entry (read lazily) handles SIGTERM');
  });

  it("judges at the rules' default severity: each file's configuration is the session's to apply", () => {
    const { model } = modelOf({ ...FILES, 'src/index.ts': `import './server';\n` });
    assert.equal(model.judge().findings[0].severity, 'warning');
  });

  it('picks up a new entry point after package.json changes (invalidate)', () => {
    const texts = new Map<string, string>([
      [abs('package.json'), JSON.stringify({ scripts: { start: 'node other.js' } })],
      [abs('other.js'), `console.log('cli');\n`],
      [abs('lib/web.js'), `require('http').createServer().listen(process.env.PORT);\n`],
      [abs('lib/handler.js'), `process.on('SIGTERM', () => {});\n`],
    ]);
    const model = new ProjectModel(ROOT, { readFile: (f) => texts.get(f) });
    for (const [file, text] of texts) if (file.endsWith('.js')) model.update(file, text);
    assert.deepEqual(model.judge().findings, [], 'lib/web.js is reached by no entry point: not judged');
    texts.set(abs('package.json'), JSON.stringify({ scripts: { start: 'node lib/web.js' } }));
    model.invalidate();
    assert.deepEqual(brief(model.judge().findings), [{ file: 'lib/web.js', line: 1, column: 32, messageId: 'missingHandler' }]);
  });

  it('gives evidence for the report: entry points, servers, signal handlers', () => {
    const { evidence } = modelOf(FILES).model.judge();
    assert.deepEqual(
      evidence.packages.map((p) => [p.dir, p.entries.map((e) => path.relative(ROOT, e.file))]),
      [[ROOT, [path.join('src', 'index.ts')]]],
    );
    assert.deepEqual(
      evidence.servers.map((s) => [path.relative(ROOT, s.file), s.framework]),
      [[path.join('src', 'server.ts'), 'express']],
    );
    assert.deepEqual(
      evidence.signalHandlers.map((s) => [path.relative(ROOT, s.file), s.signals.join(','), s.range.start.line]),
      [[path.join('src', 'index.ts'), 'SIGTERM', 1]],
    );
  });
});
