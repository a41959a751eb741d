/** The shared Dockerfile layer: file detection, the shell lexer, the instruction model, facts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDockerfileName, languageOf } from '../../../server/src/analysis/languages/detect';
import { parseDockerfile } from '../../../server/src/analysis/languages/dockerfile/parse';
import { dockerModel } from '../../../server/src/analysis/languages/dockerfile/model';
import { execFormText, needsShell, parseShell, plainCommand } from '../../../server/src/analysis/languages/dockerfile/shell';
import {
  initOf,
  initSignalsGroup,
  packageScriptName,
  plainNodeStartScript,
  startsApp,
} from '../../../server/src/analysis/languages/dockerfile/commands';
import { dockerfileFacts, isPinned } from '../../../server/src/analysis/facts/dockerfile';
import { classifyCommand } from '../../../server/src/analysis/knowledge/packaging';

const model = (text: string) => dockerModel(parseDockerfile(text), text);

describe('Dockerfile detection', () => {
  it('Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile and the dockerfile language id', () => {
    for (const name of [
      'Dockerfile',
      'dockerfile',
      'deploy/Dockerfile',
      'api.Dockerfile',
      'web.dockerfile',
      'Dockerfile.prod',
      'Dockerfile.dev',
      'Containerfile',
      'Containerfile.prod',
      'app.containerfile',
      'Dockerfile.alpine',
      'Dockerfile.j2',
      'Dockerfile.production',
      // The image of a service in another language, beside the Node ones.
      'Dockerfile.go',
      'Dockerfile.py',
      'Dockerfile.java',
      'Dockerfile.sh',
      // A variant named with a hyphen (tiledesk-server's Dockerfile-en).
      'Dockerfile-en',
      'Containerfile-worker',
    ]) {
      assert.equal(isDockerfileName(name), true, name);
      assert.equal(languageOf(`/w/${name}`), 'dockerfile', name);
    }
    for (const name of [
      'Dockerfile.dockerignore',
      'api.Dockerfile.dockerignore',
      '.dockerignore',
      'docker-compose.yml',
      'Dockerfiles.md',
      'my-dockerfile-notes.txt',
      // Pages and programs about Dockerfiles (docs/product/builds/dockerfile.mdx in a public monorepo).
      'docs/builds/dockerfile.mdx',
      'docs/dockerfile.mdoc',
      'Dockerfile.md',
      'app.dockerfile.json',
      'src/__snapshots__/dockerfile.test.ts.snap',
      'Containerfile.yaml',
      'dockerfile-lint.json',
      'Dockerfile-notes.md',
    ]) {
      assert.equal(isDockerfileName(name), false, name);
    }
    assert.equal(languageOf('/w/src/dockerfile.ts'), 'typescript', 'a module named dockerfile is code');
    assert.equal(languageOf('/w/src/dockerfile-utils.ts'), 'typescript', 'a module named dockerfile-… is code');
    assert.equal(languageOf('/w/docs/dockerfile.mdx'), undefined, 'a page about Dockerfiles is not analysed');
    assert.equal(languageOf('/w/build/image-def', 'dockerfile'), 'dockerfile', 'an editor document VS Code calls dockerfile');
    assert.equal(languageOf('/w/build/image-def'), undefined);
  });
});

describe('shell lexer', () => {
  it('words with quotes removed and exact offsets', () => {
    const text = `node "my app.js" --name='x y' a\\ b`;
    const [command] = parseShell(text).commands;
    assert.deepEqual(
      command.words.map((w) => w.value),
      ['node', 'my app.js', '--name=x y', 'a b'],
    );
    assert.deepEqual(
      command.words.map((w) => text.slice(w.start, w.end)),
      ['node', '"my app.js"', "--name='x y'", 'a\\ b'],
    );
    assert.equal(needsShell(parseShell(text), text), undefined);
  });

  it('a bash array assigned is one word, not an assignment and a subshell', () => {
    const text = `arguments=("$@") # options\nlist+=(a b)\n(cd /app && node x.js)\nx= (true)\n`;
    assert.deepEqual(
      parseShell(text).commands.map((c) => c.words.map((w) => w.raw)),
      [['arguments=("$@")'], ['list+=(a b)'], ['cd', '/app'], ['node', 'x.js'], ['x='], ['true']],
    );
  });

  it('lists, pipes, redirects, expansions and globs need a shell, each named', () => {
    const cases: [string, string][] = [
      ['npm run migrate && node dist/main.js', 'a command list (&&)'],
      ['node a.js; node b.js', 'a command list (;)'],
      ['node server.js | tee out.log', 'a pipe (|)'],
      ['node server.js >> /var/log/app.log 2>&1', 'a redirect (>>)'],
      ['node server.js --port $PORT', 'a variable or substitution ($PORT)'],
      ['node "${APP}"', 'a variable or substitution (${APP})'],
      ['node dist/*.js', 'a glob (dist/*.js)'],
      ['NODE_ENV=production node x.js', 'a variable assignment (NODE_ENV=)'],
      ['node x.js # start', 'a comment (#)'],
      ['node "unterminated', 'an unterminated quote'],
      ['node x &', 'a background job (&)'],
    ];
    for (const [text, reason] of cases) assert.equal(needsShell(parseShell(text), text), reason, text);
  });

  it('redirect operators, file descriptors and targets', () => {
    const [command] = parseShell('node x > out.log 2>&1 &>> all.log 2> /dev/null < in').commands;
    assert.deepEqual(
      command.redirects.map((r) => [r.op, r.fd ?? null, r.target?.value ?? null]),
      [
        ['>', null, 'out.log'],
        ['>&', 2, '1'],
        ['&>>', null, 'all.log'],
        ['>', 2, '/dev/null'],
        ['<', null, 'in'],
      ],
    );
    assert.deepEqual(
      command.words.map((w) => w.value),
      ['node', 'x'],
    );
  });

  it('scripts: newlines separate commands, comments and heredoc bodies are skipped', () => {
    const parse = parseShell('#!/bin/sh\nset -e\ncat <<EOF > /app/config.json\nnode fake.js\nEOF\n# node commented.js\nexec "$@"\n');
    assert.deepEqual(
      parse.commands.map((c) => c.words.map((w) => w.value).join(' ')),
      ['set -e', 'cat', 'exec $@'],
    );
  });

  it('plain commands become exact exec form, JSON-quoted', () => {
    assert.deepEqual(plainCommand('node dist/server.js --title "a \\"b\\""'), ['node', 'dist/server.js', '--title', 'a "b"']);
    assert.equal(execFormText(['node', 'a "b".js', 'c\\d']), '["node", "a \\"b\\".js", "c\\\\d"]');
    assert.equal(plainCommand('a && b'), undefined);
  });

  it('is linear on long inputs', () => {
    const started = Date.now();
    parseShell('a '.repeat(200_000) + '"'.repeat(1001) + '$('.repeat(50_000));
    assert.ok(Date.now() - started < 3000);
  });
});

describe('Dockerfile model', () => {
  it('logical arguments drop continuations and comment lines, mapped back to the document', () => {
    const text = `FROM node:20\nENV A=1 \\\n  # comment\n\n  B=2\nCMD node \\\n    server.js\n`;
    const m = model(text);
    const env = m.instructions[1];
    assert.equal(env.args.text, 'A=1   B=2');
    assert.equal(text.slice(m.logicalOffset(env.args, 6), m.logicalEnd(env.args, 9)), 'B=2');
    const cmd = m.instructions[2];
    assert.equal(cmd.args.text, 'node     server.js');
    assert.deepEqual(m.argsRange(cmd), { start: { line: 5, column: 4 }, end: { line: 6, column: 13 } });
  });

  it('a stage named through a build argument: its default, else a name with a literal part; never an image', () => {
    const parents = (text: string) => model(text).stages.map((s) => [s.name, s.parent?.name ?? null]);
    assert.deepEqual(
      parents(
        `ARG TARGETARCH\nFROM node:20 AS base\nFROM base AS build-amd64\nFROM base AS build-arm64\nFROM build-\${TARGETARCH} AS build\n`,
      ),
      [
        ['base', null],
        ['build-amd64', 'base'],
        ['build-arm64', 'base'],
        ['build', 'build-amd64'],
      ],
    );
    assert.deepEqual(
      parents(`ARG ARCH=arm64\nFROM node:20 AS build-amd64\nFROM node:20 AS build-arm64\nFROM build-\${ARCH} AS final\n`).at(-1),
      ['final', 'build-arm64'],
    );
    // `FROM ${NODE_IMAGE}` twice: the variable names an image (its default has a tag), not the earlier stage.
    assert.deepEqual(parents(`ARG NODE_IMAGE=node:20-alpine\nFROM \${NODE_IMAGE} AS builder\nFROM \${NODE_IMAGE} AS runner\n`), [
      ['builder', null],
      ['runner', null],
    ]);
    assert.deepEqual(parents(`ARG BASE\nFROM node:20 AS builder\nFROM \${BASE}\n`).at(-1), [undefined, null]);
  });

  it('stages, FROM <stage> chains and the final command with its WORKDIR', () => {
    const m = model(
      `FROM node:20 AS base\nWORKDIR /app\nCMD ["node", "base.js"]\nFROM base AS dev\nCMD npm run dev\nFROM base AS prod\nWORKDIR dist\n`,
    );
    assert.deepEqual(
      m.stages.map((s) => [s.name, s.image, s.parent?.name ?? null]),
      [
        ['base', 'node:20', null],
        ['dev', 'base', 'base'],
        ['prod', 'base', 'base'],
      ],
    );
    const effective = m.effectiveCommand();
    assert.deepEqual(effective.cmd?.argv, ['node', 'base.js'], 'prod inherits base, not dev');
    assert.equal(effective.workdir, '/app/dist');
  });

  it('an ENTRYPOINT resets an inherited CMD, not one set in the same stage', () => {
    assert.equal(model(`FROM node:20 AS a\nCMD ["x"]\nFROM a\nENTRYPOINT ["tini", "--"]\n`).effectiveCommand().cmd, undefined);
    assert.deepEqual(model(`FROM node:20\nCMD ["x"]\nENTRYPOINT ["tini", "--"]\n`).effectiveCommand().cmd?.argv, ['x']);
  });

  it('exec form is JSON; single quotes are a shell form that looks like a broken exec form', () => {
    const m = model(`FROM node\nCMD ["node", "a b.js", "\\u0041"]\nENTRYPOINT ['node', 'x']\n`);
    assert.deepEqual(m.commandForm(m.instructions[1])?.argv, ['node', 'a b.js', 'A']);
    assert.deepEqual(
      { ...m.commandForm(m.instructions[2]), instruction: undefined },
      { instruction: undefined, form: 'shell', shell: "['node', 'x']", brokenJson: true },
    );
  });

  it('finds the build-context source of an image path through COPY/ADD, following --from', () => {
    const m = model(
      `FROM node:20 AS build\nWORKDIR /src\nCOPY . .\nCOPY docker/entrypoint.sh /usr/local/bin/\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /src/scripts ./scripts\nCOPY --chmod=755 ["bin/start.sh", "/start.sh"]\n`,
    );
    const sources = (p: string) => m.contextSourcesOf(p).map((s) => s.source);
    assert.deepEqual(sources('/app/scripts/run.sh'), ['scripts/run.sh']);
    assert.deepEqual(sources('/start.sh'), ['bin/start.sh']);
    assert.deepEqual(sources('/usr/local/bin/entrypoint.sh'), [], 'only in the build stage, not copied into the final one');
    const build = m.stages[0];
    assert.deepEqual(
      m.contextSourcesOf('/usr/local/bin/entrypoint.sh', build).map((s) => s.source),
      ['docker/entrypoint.sh'],
    );
  });
});

describe('commands', () => {
  it('inits, and which of them signal the whole process group', () => {
    assert.equal(initOf(['/sbin/tini', '--']), 'tini');
    assert.equal(initOf(['dumb-init', 'node', 'x']), 'dumb-init');
    assert.equal(initOf(['/usr/bin/tini-static', '--']), 'tini');
    assert.equal(initOf(['node', 'x']), undefined);
    assert.equal(initOf(['./init', 'x']), undefined);
    assert.equal(initSignalsGroup(['dumb-init', '--']), true);
    assert.equal(initSignalsGroup(['dumb-init', '--single-child', '--']), false);
    assert.equal(initSignalsGroup(['tini', '--']), false);
    assert.equal(initSignalsGroup(['tini', '-g', '--']), true);
  });

  it('package scripts run by npm/yarn/pnpm', () => {
    assert.equal(packageScriptName(['npm', 'start']), 'start');
    assert.equal(packageScriptName(['npm', 'run', 'start:prod']), 'start:prod');
    assert.equal(packageScriptName(['yarn', 'serve']), 'serve');
    // One table of package-manager subcommands (knowledge/packaging.ts): pnpm dev runs the dev script.
    assert.equal(packageScriptName(['pnpm', 'dev']), 'dev');
    assert.equal(packageScriptName(['npm', 'start', '--', '--port=1']), undefined);
    assert.equal(packageScriptName(['yarn', 'install']), undefined);
  });

  it('the package a pnpm --filter selector names: a directory, a name without its graph marks, or none', () => {
    const target = (...args: string[]) => classifyCommand(['pnpm', ...args, 'run', 'start:prod']).scripts?.target;
    assert.deepEqual(target('--filter', './apps/server'), { dir: './apps/server' });
    assert.deepEqual(target('-F', '{apps/server}'), { dir: 'apps/server' });
    assert.deepEqual(target('--filter=../api'), { dir: '../api' });
    assert.deepEqual(target('--filter', 'api'), { name: 'api' });
    assert.deepEqual(target('--filter', '@acme/api...'), { name: '@acme/api' });
    assert.deepEqual(target('--filter', '...api'), { name: 'api' });
    assert.deepEqual(target('--filter-prod', './apps/server'), { dir: './apps/server' });
    assert.deepEqual(target('--filter', '..'), { dir: '..' });
    assert.deepEqual(target('--filter', '.\\apps\\server'), { dir: './apps/server' });
    assert.deepEqual(target('--filter', './packages/api...'), { dir: './packages/api' });
    // Its dependencies or dependents without itself (^), many packages, or none in particular: no single target.
    for (const selector of ['...^api', 'api^...', './apps/*', '!api', '[origin/main]', '{packages/**}'])
      assert.equal(target('--filter', selector), undefined, selector);
  });

  it("frameworks' builds and development servers (blind round 10): remix, react-router, astro, strapi; not their production starts", () => {
    const kind = (...words: string[]) => classifyCommand(words).step?.kind;
    assert.deepEqual(
      [kind('remix', 'vite:build'), kind('remix', 'build'), kind('react-router', 'build'), kind('astro', 'build'), kind('strapi', 'build')],
      ['build', 'build', 'build', 'build', 'build'],
    );
    assert.deepEqual([kind('strapi', 'develop'), kind('remix', 'vite:dev'), kind('react-router', 'dev')], ['watch', 'watch', 'watch']);
    assert.deepEqual(
      [kind('strapi', 'start'), kind('remix-serve', 'build/index.js'), kind('react-router-serve', 'build/server/index.js')],
      [undefined, undefined, undefined],
    );
  });

  it('the start script is offered only when it is a plain node command without pre/post scripts', () => {
    const host = (scripts: Record<string, string>) => ({
      readFile: (f: string) => (f === '/w/package.json' ? JSON.stringify({ scripts }) : undefined),
    });
    assert.deepEqual(plainNodeStartScript(host({ start: 'node dist/server.js' }), '/w/Dockerfile', '/w', 'start')?.argv, [
      'node',
      'dist/server.js',
    ]);
    assert.deepEqual(
      plainNodeStartScript(host({ start: 'node --enable-source-maps dist/main.js --port=3000' }), '/w/Dockerfile', '/w', 'start')?.argv,
      ['node', '--enable-source-maps', 'dist/main.js', '--port=3000'],
    );
    for (const start of [
      'ts-node src/index.ts',
      'NODE_ENV=production node x.js',
      'node -r dotenv/config x.js',
      'tsc && node dist/x.js',
      'node dist/x.js $PORT',
      'node',
    ]) {
      assert.equal(plainNodeStartScript(host({ start }), '/w/Dockerfile', '/w', 'start'), undefined, start);
    }
    assert.equal(plainNodeStartScript(host({ start: 'node x.js', prestart: 'npm run build' }), '/w/Dockerfile', '/w', 'start'), undefined);
    // The nearest package.json: the Dockerfile's folder first.
    const nested = {
      readFile: (f: string) =>
        f === '/w/api/package.json'
          ? JSON.stringify({ scripts: { start: 'node api.js' } })
          : f === '/w/package.json'
            ? JSON.stringify({ scripts: { start: 'node root.js' } })
            : undefined,
    };
    assert.deepEqual(plainNodeStartScript(nested, '/w/api/Dockerfile', '/w', 'start')?.argv, ['node', 'api.js']);
    assert.deepEqual(plainNodeStartScript(nested, '/w/deploy/Dockerfile', '/w', 'start')?.argv, ['node', 'root.js']);
  });

  it('tells an app start from a one-off task', () => {
    for (const words of [
      ['node', 'dist/main.js'],
      ['npm', 'start'],
      ['yarn', 'start'],
      ['$@'],
      ['pm2-runtime', 'ecosystem.config.js'],
      ['env', 'NODE_ENV=production', 'node', 'x.js'],
    ])
      assert.equal(startsApp(words), true, words.join(' '));
    for (const words of [
      ['node', 'scripts/migrate.js'],
      ['npx', 'prisma', 'migrate', 'deploy'],
      ['npm', 'run', 'build'],
      ['node', '-e', 'console.log(1)'],
      ['npm', 'ci'],
      ['echo', 'node'],
    ])
      assert.equal(startsApp(words), false, words.join(' '));
  });
});

describe('Dockerfile facts', () => {
  const text = [
    'ARG NODE_VERSION=20.11',
    'FROM node:${NODE_VERSION}-alpine AS build',
    'WORKDIR /app',
    'COPY package*.json ./',
    'RUN npm ci',
    'COPY . .',
    'RUN npm run build && npm prune --omit=dev',
    '',
    'FROM node:lts-alpine',
    'RUN apk add --no-cache tini && npm install -g pm2',
    'WORKDIR /app',
    'ENV NODE_ENV=production PORT=3000',
    'COPY --from=build /app/dist ./dist',
    'USER node',
    'EXPOSE 3000',
    'HEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1',
    'ENTRYPOINT ["/sbin/tini", "--"]',
    'CMD ["node", "dist/server.js"]',
    '',
  ].join('\n');

  it('plain data about stages, installs and the final image', () => {
    const facts = dockerfileFacts(text);
    assert.equal(facts.stages, 2);
    assert.deepEqual(facts.from, [
      { image: 'node:20.11-alpine', pinned: true, line: 1, stage: 'build' },
      { image: 'node:lts-alpine', pinned: false, line: 8 },
    ]);
    assert.deepEqual(facts.npmCi, [4]);
    assert.deepEqual(facts.npmInstall, [], 'npm install -g is a tool, not the lockfile');
    assert.deepEqual(facts.final, {
      base: { image: 'node:lts-alpine', pinned: false, line: 8 },
      entrypoint: { instruction: 'ENTRYPOINT', form: 'exec', argv: ['/sbin/tini', '--'], line: 16 },
      cmd: { instruction: 'CMD', form: 'exec', argv: ['node', 'dist/server.js'], line: 17 },
      command: { instruction: 'CMD', form: 'exec', argv: ['node', 'dist/server.js'], line: 17 },
      init: { name: 'tini', line: 16 },
      expose: [{ port: '3000', line: 14 }],
      healthcheck: { line: 15, disabled: false },
      user: { name: 'node', line: 13 },
      envKeys: ['NODE_ENV', 'PORT'],
      workdir: '/app',
    });
  });

  it('pinned base images', () => {
    for (const image of ['node:20', 'node:20.11-alpine', 'node@sha256:' + 'a'.repeat(64), 'registry.example.com:5000/team/node:18-slim'])
      assert.equal(isPinned(image), true, image);
    for (const image of ['node', 'node:latest', 'node:lts', 'node:alpine', 'registry.example.com:5000/team/node'])
      assert.equal(isPinned(image), false, image);
  });

  it('never throws', () => {
    for (const text of ['', 'FROM', 'CMD [', '\u0000\u0000', 'FROM a\nCOPY\nRUN <<EOF\n']) dockerfileFacts(text);
  });
});
