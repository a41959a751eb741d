/**
 * Slow (npm run test:slow): the CLI installed the way the README says, from a clone — `npm pack` (its
 * prepack builds dist/) then `npm install -g` of the tarball into a temporary prefix — runs as
 * `twelve-factor-lint`. Dependencies come from npm's cache when it has them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from './helpers';

const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    timeout: 300_000,
  });

describe('install from a clone (slow)', () => {
  it('npm pack → npm install -g <tarball> → twelve-factor-lint runs, with only the bundle and its docs packed', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-install-'));
    try {
      const pack = npm(['pack', '--json', '--pack-destination', work], REPO);
      assert.equal(pack.status, 0, pack.stderr);
      const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
      const packed = info.files.map((f) => f.path).sort();
      assert.ok(packed.includes('dist/cli.js'), 'the bundle is in the tarball (prepack built it)');
      assert.ok(!packed.some((f) => /^(server|client|test|bench)\//.test(f) || f === 'dist/server.js'), packed.join(', '));
      const prefix = path.join(work, 'prefix');
      const install = npm(['install', '-g', '--prefix', prefix, '--prefer-offline', path.join(work, path.basename(info.filename))], work);
      assert.equal(install.status, 0, install.stderr);
      const bin = path.join(prefix, 'bin', 'twelve-factor-lint');
      const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
      assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
      const scan = spawnSync(bin, ['examples/service', '--format', 'json', '--jobs', '2'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(scan.status, 1, scan.stderr);
      assert.equal(JSON.parse(scan.stdout).findings.length, 10);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
