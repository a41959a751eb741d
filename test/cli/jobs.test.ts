/**
 * `--jobs`: the worker-pool scan prints byte for byte what the single-threaded scan prints (findings,
 * program verdicts, order) on every fixture folder; bad values are usage errors (exit 2). In-process:
 * the workers run the built bundle (dist/cli.js), as they do for the installed CLI; smoke.test.ts runs
 * the bundle itself with --jobs 2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, REPO } from './helpers';

const run = cli;

/** Each rule's fixture folder (all its cases, each with its own package.json), all fixtures, the report fixtures, the example. */
const FOLDERS = [
  'test/fixtures/config/no-hardcoded-secret',
  'test/fixtures/logs/no-file-logging',
  'test/fixtures/processes/no-in-memory-session',
  'test/fixtures/disposability/handle-sigterm',
  'test/fixtures',
  'test/fixtures-report',
  'examples/service',
];

describe('twelve-factor-lint --jobs', () => {
  for (const folder of FOLDERS) {
    it(`${folder}: --jobs 2 prints the same JSON as --jobs 1`, async () => {
      const single = await run([folder, '--format', 'json', '--fail-on', 'none', '--jobs', '1'], REPO);
      const pooled = await run([folder, '--format', 'json', '--fail-on', 'none', '--jobs', '2'], REPO);
      assert.equal(single.code, 0, single.stderr);
      assert.equal(pooled.code, 0, pooled.stderr);
      assert.equal(pooled.stderr, '', 'no fallback to one thread');
      assert.ok(JSON.parse(single.stdout).findings.length > 0 || folder === 'examples/service', `${folder} has findings to compare`);
      assert.equal(pooled.stdout, single.stdout);
    });
  }

  it('program verdicts are part of what is compared', async () => {
    const out = JSON.parse(
      (await run(['test/fixtures/disposability/handle-sigterm', '--format', 'json', '--fail-on', 'none', '--jobs', '2'], REPO)).stdout,
    );
    assert.ok(out.findings.some((f: { ruleId: string }) => f.ruleId === 'disposability/handle-sigterm'));
  });

  it('the default (cores, automatic pool) and SARIF with --jobs 2 match --jobs 1 too', async () => {
    assert.equal(
      (await run(['test/fixtures', '--format', 'json', '--fail-on', 'none'], REPO)).stdout,
      (await run(['test/fixtures', '--format', 'json', '--fail-on', 'none', '--jobs', '1'], REPO)).stdout,
    );
    assert.equal(
      (await run(['test/fixtures', '--format', 'sarif', '--fail-on', 'none', '--jobs', '2'], REPO)).stdout,
      (await run(['test/fixtures', '--format', 'sarif', '--fail-on', 'none', '--jobs', '1'], REPO)).stdout,
    );
  });

  it('exit codes do not depend on --jobs', async () => {
    assert.equal((await run(['test/fixtures/config/no-hardcoded-secret', '--jobs', '2'], REPO)).code, 1);
    assert.equal((await run(['test/fixtures/config/no-hardcoded-secret', '--jobs', '1'], REPO)).code, 1);
  });

  for (const bad of [['--jobs', '0'], ['--jobs', 'x'], ['--jobs=1.5'], ['-j', '-2'], ['--jobs']]) {
    it(`${bad.join(' ')}: usage error, exit 2, one line naming --jobs`, async () => {
      const r = await run(['test/fixtures', ...bad], REPO);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^twelve-factor-lint: (--jobs|-j) needs a (positive whole number|value)\b.*Try --help\.\n$/);
    });
  }

  it('--help documents --jobs', async () => {
    assert.match((await run(['--help'], REPO)).stdout, /-j, --jobs <n>/);
  });
});
