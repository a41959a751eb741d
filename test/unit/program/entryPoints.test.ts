/** Entry points: start commands, build output mapped to sources, Dockerfile and Procfile. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commandTargets, dockerCommand, packageEntryPoints, type EntryHost } from '../../../server/src/analysis/facts/entryPoints';

const ROOT = path.resolve('/pkg');
function host(files: Record<string, string>): EntryHost {
  const map = new Map(Object.entries(files).map(([k, v]) => [path.join(ROOT, k), v]));
  return { readFile: (f) => map.get(f), isFile: (f) => map.has(f) };
}
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

describe('commandTargets', () => {
  const cases: [string, unknown[]][] = [
    ['node dist/index.js', [{ kind: 'file', path: 'dist/index.js' }]],
    ['NODE_ENV=production node --enable-source-maps -r dotenv/config dist/main', [{ kind: 'file', path: 'dist/main' }]],
    ['cross-env PORT=3000 ts-node -P tsconfig.json src/server.ts', [{ kind: 'file', path: 'src/server.ts' }]],
    ['tsx watch src/index.ts', [{ kind: 'file', path: 'src/index.ts' }]],
    ['node -r ts-node/register src/app.ts', [{ kind: 'file', path: 'src/app.ts' }]],
    ['nodemon --watch src --exec ts-node src/index.ts', [{ kind: 'file', path: 'src/index.ts' }]],
    ['nodemon', [{ kind: 'main' }]],
    ['node .', [{ kind: 'main' }]],
    [
      'npm run build && npm run start:prod',
      [
        { kind: 'script', name: 'build' },
        { kind: 'script', name: 'start:prod' },
      ],
    ],
    ['yarn serve', [{ kind: 'script', name: 'serve' }]],
    ['nest start', [{ kind: 'nest' }]],
    ['next start -p $PORT', []],
    ['node -e \'require("./x")\'', []],
  ];
  for (const [command, expected] of cases) it(command, () => assert.deepEqual(commandTargets(command), expected));
});

describe('dockerCommand', () => {
  it('joins ENTRYPOINT and CMD of the final stage, with its WORKDIR', () => {
    const text = `FROM node:20 AS build\nWORKDIR /src\nCMD ["node", "build.js"]\nFROM node:20-slim\nWORKDIR /app\nENTRYPOINT ["dumb-init", "--"]\nCMD ["node", "dist/server.js"]\n`;
    const c = dockerCommand(text)!;
    assert.equal(c.command, 'dumb-init -- node dist/server.js');
    assert.equal(c.workdir, '/app');
    assert.equal(c.instruction, 'ENTRYPOINT');
    assert.equal(c.range.start.line, 5);
  });
  it('unwraps sh -c and keeps the shell form', () => {
    assert.equal(
      dockerCommand(`FROM node\nCMD ["sh", "-c", "npm run migrate && node server.js"]\n`)!.command,
      'npm run migrate && node server.js',
    );
    assert.equal(dockerCommand(`FROM node\nCMD npm start\n`)!.command, 'npm start');
    assert.equal(dockerCommand(`FROM node\nRUN npm ci\n`), undefined);
  });
});

describe('packageEntryPoints', () => {
  it("takes each process's own production start (Zeppelin's start-api-prod, start-bot-prod), not a development or test one", () => {
    const entries = packageEntryPoints(
      ROOT,
      host({
        'package.json': JSON.stringify({
          scripts: {
            'start-bot-prod': 'node dist/index.js',
            'start-api-prod': 'node dist/api/index.js',
            'prod:start:worker': 'node dist/worker.js',
            'start-api-dev': 'tsx watch src/api/index.ts',
            'start:test': 'node dist/test-server.js',
            'start:prodlike': 'node dist/other.js',
          },
        }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
        'src/index.ts': '',
        'src/api/index.ts': '',
        'src/worker.ts': '',
        'src/test-server.ts': '',
        'src/other.ts': '',
      }),
    );
    assert.deepEqual(
      entries.map((e) => [rel(e.file), e.source]),
      [
        ['src/index.ts', 'package.json scripts.start-bot-prod'],
        ['src/api/index.ts', 'package.json scripts.start-api-prod'],
        ['src/worker.ts', 'package.json scripts.prod:start:worker'],
      ],
    );
  });

  it('maps dist back to src through tsconfig outDir/rootDir, and dedupes by file', () => {
    const entries = packageEntryPoints(
      ROOT,
      host({
        'package.json': JSON.stringify({
          main: 'dist/index.js',
          scripts: { start: 'node dist/index.js', 'start:prod': 'node dist/server' },
        }),
        'tsconfig.json': `{\n  // comments are allowed\n  "compilerOptions": { "outDir": "./dist", "rootDir": "./src" },\n}\n`,
        'src/index.ts': '',
        'src/server.ts': '',
      }),
    );
    assert.deepEqual(
      entries.map((e) => [rel(e.file), e.source, e.range.start.line]),
      [
        ['src/index.ts', 'package.json "main"', 0],
        ['src/server.ts', 'package.json scripts.start:prod', 0],
      ],
    );
  });

  it('asks for the compiled file only when no source maps to it: a bundle that exists is not read for nothing', () => {
    const files = {
      'package.json': JSON.stringify({ main: 'dist/index.js', bin: { tool: 'build/cli.js' } }),
      'dist/index.js': '/* the compiled bundle */',
      'src/index.ts': '',
      'build/cli.js': '#!/usr/bin/env node',
    };
    const asked: string[] = [];
    const base = host(files);
    const entries = packageEntryPoints(ROOT, { ...base, isFile: (f) => (asked.push(rel(f)), base.isFile(f)) });
    assert.deepEqual(
      entries.map((e) => [rel(e.file), e.source]),
      [
        ['src/index.ts', 'package.json "main"'],
        ['build/cli.js', 'package.json "bin"'],
      ],
    );
    assert.ok(!asked.includes('dist/index.js'), `asked: ${asked.join(', ')}`);
    assert.ok(asked.includes('build/cli.js'), 'a compiled file with no source is the entry');
  });

  it('follows npm start in a Procfile and a Dockerfile CMD with an absolute path under WORKDIR', () => {
    const h = host({
      'package.json': JSON.stringify({ scripts: { start: 'node build/web.js' } }, null, 2),
      Procfile: 'release: node migrate.js\nweb: npm start\n',
      Dockerfile: 'FROM node\nWORKDIR /srv/app\nCMD ["node", "/srv/app/lib/worker.js"]\n',
      'src/web.ts': '',
      'lib/worker.js': '',
    });
    const entries = packageEntryPoints(ROOT, h, [path.join(ROOT, 'Dockerfile')]);
    assert.deepEqual(
      entries.map((e) => [rel(e.file), e.source, rel(e.declaredIn), e.range.start.line]),
      [
        ['src/web.ts', 'package.json scripts.start', 'package.json', 2],
        ['lib/worker.js', 'Dockerfile CMD', 'Dockerfile', 2],
      ],
    );
  });

  it("a platform's start commands: render.yaml's startCommand (not a cron job's), railway.json's, heroku.yml's run:", () => {
    const h = host({
      'package.json': JSON.stringify({ scripts: { 'start:prod': 'node dist/api.js' } }, null, 2),
      'render.yaml':
        'services:\n  - type: web\n    name: api\n    startCommand: npm run start:prod\n  - type: cron\n    name: report\n    schedule: "@daily"\n    startCommand: node dist/report.js\n  - type: web\n    name: docs\n    rootDir: docs\n    startCommand: node docs.js\n',
      'railway.json': '{ "deploy": { "startCommand": "node dist/worker.js" } }\n',
      'heroku.yml': 'run:\n  web:\n    command:\n      - node dist/web.js\n',
      'src/api.ts': '',
      'src/report.ts': '',
      'src/worker.ts': '',
      'src/web.ts': '',
      'docs.js': '',
    });
    const entries = packageEntryPoints(ROOT, h, []);
    assert.deepEqual(
      entries.map((e) => [rel(e.file), e.source, rel(e.declaredIn), e.range.start.line]),
      [
        // `npm run start:prod` is followed into the script, as a Procfile's `npm start` is.
        ['src/api.ts', 'package.json scripts.start:prod', 'package.json', 2],
        ['src/web.ts', "heroku.yml's web process", 'heroku.yml', 3],
        ['src/worker.ts', "railway.json's startCommand", 'railway.json', 0],
      ],
    );
  });

  it("pm2's ecosystem file: each app's script (under its cwd, or an npm script), stopped with SIGINT unless kill_signal says", () => {
    const h = host({
      'package.json': JSON.stringify({ main: 'index.js', scripts: { 'start:web': 'node dist/web.js' } }, null, 2),
      'ecosystem.config.js': `module.exports = {\n  apps: [\n    { name: 'web', script: 'npm', args: 'run start:web' },\n    { name: 'bg', script: 'background.js', cwd: 'services/bg', kill_signal: 'SIGTERM' },\n    { name: 'api', script: './index.js', instances: 'max' },\n    { name: 'outside', script: 'x.js', cwd: '../other' },\n  ],\n};\n`,
      'src/web.ts': '',
      'services/bg/background.js': '',
      'index.js': '',
    });
    const entries = packageEntryPoints(ROOT, h, []);
    assert.deepEqual(
      entries.map((e) => [rel(e.file), e.source, e.range.start.line, e.stopSignals]),
      [
        ['index.js', 'package.json "main"', 1, ['SIGINT']],
        ['src/web.ts', 'ecosystem.config.js apps.web', 2, ['SIGINT']],
        ['services/bg/background.js', 'ecosystem.config.js apps.bg', 3, undefined],
      ],
    );
  });

  it("esbuild's named entryPoints and outdir (Dokploy's esbuild.config.ts), and tsup's entry list", () => {
    const h = host({
      'package.json': JSON.stringify({ scripts: { start: 'node -r dotenv/config dist/migration.mjs && node dist/server.mjs' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist/' }, include: ['**/*.ts'] }),
      'esbuild.config.ts': `import esbuild from 'esbuild';\nesbuild.build({\n  entryPoints: { server: 'server/server.ts', migration: 'migration.ts' },\n  outdir: 'dist',\n  outExtension: { '.js': '.mjs' },\n});\n`,
      'server/server.ts': '',
      'migration.ts': '',
      'worker/package.json': JSON.stringify({ scripts: { start: 'node build/jobs.js' } }),
      'worker/tsup.config.ts': `export default { entry: ['src/jobs/jobs.ts'], outDir: 'build' };\n`,
      'worker/src/jobs/jobs.ts': '',
    });
    assert.deepEqual(
      packageEntryPoints(ROOT, h, []).map((e) => rel(e.file)),
      ['migration.ts', 'server/server.ts'],
    );
    assert.deepEqual(
      packageEntryPoints(path.join(ROOT, 'worker'), h, []).map((e) => rel(e.file)),
      ['worker/src/jobs/jobs.ts'],
    );
    // A build.js that is itself a bundle (over 64 KB) is not read as a configuration.
    const bundle = host({
      'package.json': JSON.stringify({ scripts: { start: 'node dist/server.js' } }),
      'build.js': `build({ entryPoints: { server: 'src/app.ts' } });\n${'// generated\n'.repeat(6000)}`,
      'src/app.ts': '',
    });
    assert.deepEqual(packageEntryPoints(ROOT, bundle, []), []);
  });

  it('bin entries, nest-cli.json sourceRoot, and nothing for unresolvable targets', () => {
    const entries = packageEntryPoints(
      ROOT,
      host({
        'package.json': JSON.stringify({ bin: { a: './bin/a.js', b: 'bin/missing.js' }, scripts: { start: 'nest start' } }),
        'nest-cli.json': JSON.stringify({ sourceRoot: 'apps/api/src' }),
        'bin/a.js': '',
        'apps/api/src/main.ts': '',
      }),
    );
    assert.deepEqual(
      entries.map((e) => rel(e.file)),
      ['bin/a.js', 'apps/api/src/main.ts'],
    );
  });

  it("a Nest monorepo's applications: each project's entry file (not its libraries'), whatever start names", () => {
    const entries = packageEntryPoints(
      ROOT,
      host({
        'package.json': JSON.stringify({ scripts: { start: 'cross-env NODE_ENV=development nest start' } }),
        'nest-cli.json': JSON.stringify({
          sourceRoot: 'apps/production/src',
          entryFile: 'server',
          monorepo: true,
          projects: {
            production: { type: 'application', root: 'apps/production', sourceRoot: 'apps/production/src' },
            selfhosted: { type: 'application', root: 'apps/selfhosted', entryFile: 'server' },
            // The root's entryFile when a project has none (as the Nest CLI reads it).
            worker: { type: 'application', root: 'apps/worker' },
            common: { type: 'library', root: 'libs/common', sourceRoot: 'libs/common/src', entryFile: 'index' },
          },
        }),
        'apps/production/src/server.ts': '',
        'apps/selfhosted/src/server.ts': '',
        'apps/worker/src/server.ts': '',
        'libs/common/src/index.ts': '',
      }),
    );
    assert.deepEqual(
      entries.map((e) => [rel(e.file), e.source]),
      [
        ['apps/production/src/server.ts', 'package.json scripts.start'],
        ['apps/selfhosted/src/server.ts', 'nest-cli.json projects.selfhosted'],
        ['apps/worker/src/server.ts', 'nest-cli.json projects.worker'],
      ],
    );
  });
});
