/**
 * Slow (npm run test:slow): the hooks of .pre-commit-hooks.yaml installed and run by pre-commit itself
 * (`pre-commit try-repo` on this repository: npm install, npm pack with its prepack build, npm install -g
 * of the tarball), on staged files of a copy of examples/service. Skipped where pre-commit is missing
 * (Debian: apt-get install pre-commit; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from './helpers';

describe('pre-commit (slow)', () => {
  it('try-repo: the check hook fails on the staged files with findings, the fix hook fixes them', (t) => {
    if (spawnSync('pre-commit', ['--version']).status !== 0) {
      t.skip('pre-commit is not installed (apt-get install pre-commit)');
      return;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-precommit-'));
    const dir = path.join(work, 'service');
    try {
      fs.cpSync(path.join(REPO, 'examples/service'), dir, { recursive: true });
      const env = { ...process.env, PRE_COMMIT_HOME: path.join(work, 'home'), npm_config_audit: 'false', npm_config_fund: 'false' };
      const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, env });
      git('init', '-q');
      git('add', '-A');
      const r = spawnSync('pre-commit', ['try-repo', REPO, '--files', 'src/logger.ts', 'Dockerfile'], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 600_000,
      });
      const out = r.stdout + r.stderr;
      assert.equal(r.status, 1, out);
      assert.match(out, /^Twelve-Factor Lint\.+Failed$/m);
      assert.match(out, /✖ 4 problems \(1 error, 3 warnings\) in 2 files scanned\./);
      assert.match(out, /^Twelve-Factor Lint \(apply safe fixes\)\.+Failed$/m);
      assert.match(out, /files were modified by this hook/);
      assert.match(fs.readFileSync(path.join(dir, 'src/logger.ts'), 'utf8'), /transports\.Console\(\{ level: 'info' \}\)/);
      assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^CMD exec node dist\/index\.js$/m);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
