/**
 * The team integrations in the repository root: the composite GitHub Action (action.yml, whose step
 * is action/run.mjs, run here on examples/service with GITHUB_STEP_SUMMARY/GITHUB_OUTPUT faked to
 * temporary files) and the pre-commit hooks (.pre-commit-hooks.yaml: their file pattern applied to
 * the staged files of a scratch git repository, then their entry run on them).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli, copyOf, REPO } from './helpers';

function runAction(env: Record<string, string>, cwd = REPO) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-action-'));
  const summary = path.join(work, 'summary.md');
  const output = path.join(work, 'output.txt');
  fs.writeFileSync(summary, '# Earlier step\n');
  const r = spawnSync(process.execPath, [path.join(REPO, 'action', 'run.mjs')], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTION_PATH: REPO,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: work,
      TFL_SARIF: path.join(work, 'out.sarif'),
      ...env,
    },
  });
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  const result = {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    summary: read(summary),
    output: read(output),
    sarif: read(path.join(work, 'out.sarif')),
  };
  fs.rmSync(work, { recursive: true, force: true });
  return result;
}

describe('GitHub Action', () => {
  it('action.yml runs action/run.mjs with its inputs', () => {
    const yml = fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8');
    assert.match(yml, /^ {2}using: composite$/m);
    assert.match(yml, /run: node "\$\{\{ github\.action_path \}\}\/action\/run\.mjs"/);
    for (const input of ['paths', 'fail-on', 'baseline', 'sarif-file', 'args', 'working-directory']) {
      assert.match(yml, new RegExp(`^ {2}${input}:$`, 'm'), input);
    }
    for (const [variable, input] of [
      ['TFL_PATHS', 'paths'],
      ['TFL_FAIL_ON', 'fail-on'],
      ['TFL_BASELINE', 'baseline'],
      ['TFL_SARIF', 'sarif-file'],
      ['TFL_ARGS', 'args'],
    ])
      assert.match(yml, new RegExp(`${variable}: \\$\\{\\{ inputs\\.${input} \\}\\}`));
  });

  it('on examples/service: annotations, SARIF with factor tags, the report appended to the summary, outputs, failing on errors', () => {
    const r = runAction({ TFL_PATHS: 'examples/service' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^::error file=examples\/service\/src\/config\.ts,line=4,col=35,.*title=config\/no-hardcoded-secret::/m);
    assert.equal((r.stdout.match(/^::(error|warning|notice) /gm) ?? []).length, 10);
    const sarif = JSON.parse(r.sarif);
    assert.equal(sarif.runs[0].results.length, 10);
    assert.ok(sarif.runs[0].results.every((x: { properties: { tags: string[] } }) => /^twelve-factor\//.test(x.properties.tags[0])));
    assert.match(r.summary, /^# Earlier step\n# Twelve-Factor compliance\n\n## service: /);
    assert.match(r.output, /^sarif-file=.*out\.sarif\nfindings=10\nexit-code=1\n$/);
    assert.ok(!(r.stdout + r.summary + r.sarif).includes('f3b9c1d27a8e4b6f9d0c2e5a7b1d3f60'), 'no secret');
  });

  it('fail-on none passes; a baseline leaves nothing to report; a bad input is exit 2', async () => {
    assert.equal(runAction({ TFL_PATHS: 'examples/service', TFL_FAIL_ON: 'none' }).code, 0);
    const { dir, cleanup } = copyOf('examples/service');
    try {
      await cli(['--update-baseline', '--baseline', 'accepted.json'], dir);
      const r = runAction({ TFL_BASELINE: 'accepted.json', TFL_ARGS: '--max-warnings 0' }, dir);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.output, /findings=0\nexit-code=0/);
      assert.equal(runAction({ TFL_ARGS: '--format-typo' }, dir).code, 2);
    } finally {
      cleanup();
    }
  });
});

describe('pre-commit hooks', () => {
  const hooks = fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8');
  const field = (id: string, key: string) => {
    const block = hooks.split(/^- /m).find((b) => b.startsWith(`id: ${id}\n`))!;
    return new RegExp(`^ {2}${key}: (.*)$`, 'm').exec(block)![1];
  };

  it('the check hook runs the CLI on the staged files it matches; the fix hook fixes them', async () => {
    assert.equal(field('twelve-factor-lint', 'language'), 'node');
    assert.equal(field('twelve-factor-lint', 'entry'), 'twelve-factor-lint');
    const files = new RegExp(field('twelve-factor-lint', 'files'));
    const exclude = new RegExp(field('twelve-factor-lint', 'exclude'));
    const args = JSON.parse(
      field('twelve-factor-lint', 'args')
        .replace(/([\w-]+)/g, '"$1"')
        .replace(/""/g, '"'),
    ) as string[];
    const { dir, cleanup } = copyOf('examples/service');
    try {
      const git = (...a: string[]) => spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: dir, encoding: 'utf8' });
      git('init', '-q');
      fs.writeFileSync(path.join(dir, 'src', 'types.d.ts'), 'export type X = string;\n');
      git('add', 'src/logger.ts', 'src/types.d.ts', 'Dockerfile', 'package.json');
      const staged = git('diff', '--cached', '--name-only').stdout.trim().split('\n');
      const matched = staged.filter((f) => files.test(f) && !exclude.test(f));
      assert.deepEqual(matched.sort(), ['Dockerfile', 'package.json', 'src/logger.ts']);
      for (const f of ['.env', '.env.production', 'config/default.json', 'docker-compose.yml', 'Procfile', '.npmrc', 'api.Dockerfile'])
        assert.ok(files.test(f), `${f} is passed to the hook`);
      const check = await cli([...args, ...matched], dir);
      assert.equal(check.code, 1, 'the Dockerfile holds a secret');
      assert.doesNotMatch(check.stdout, /src\/config\.ts/, 'only the staged files');
      assert.ok(!files.test('README.md'), 'a commit of none of our files does not run the hook');
      assert.equal((await cli([...args, 'tsconfig.json'], dir)).code, 0, 'a JSON file the CLI does not read: nothing checked, no error');
      const fixEntry = field('twelve-factor-lint-fix', 'entry').split(' ').slice(1);
      await cli([...fixEntry, ...args, ...matched], dir);
      assert.match(fs.readFileSync(path.join(dir, 'src/logger.ts'), 'utf8'), /transports\.Console/);
    } finally {
      cleanup();
    }
  });
});
