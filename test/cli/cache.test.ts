/**
 * `--cache`: a second run reads unchanged files' analyses from the cache and prints byte for byte what
 * a run without it prints (program verdicts judged again from cached facts); a changed file, a changed
 * file its analysis read, or another config is analysed again.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cacheFile } from '../../server/src/cli/cache';
import { cli, copyOf, REPO } from './helpers';

function cacheEntries(location: string): Record<string, { hash: string }> {
  const files = fs.readdirSync(location).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1);
  return (JSON.parse(fs.readFileSync(path.join(location, files[0]), 'utf8')) as { entries: Record<string, { hash: string }> }).entries;
}

describe('--cache', () => {
  for (const folder of ['test/fixtures', 'examples/service']) {
    for (const format of ['json', 'sarif', 'text']) {
      it(`${folder} --format ${format}: the same output without cache, with a cold one and a warm one`, async () => {
        const location = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-cache-'));
        try {
          const args = [folder, '--format', format, '--fail-on', 'none', '--no-color'];
          const plain = await cli(args, REPO);
          const cold = await cli([...args, '--cache', '--cache-location', `${location}/`], REPO);
          const warm = await cli([...args, '--cache', '--cache-location', `${location}/`], REPO);
          assert.equal(cold.stdout, plain.stdout);
          assert.equal(warm.stdout, plain.stdout);
          assert.equal(warm.stderr, plain.stderr);
          assert.ok(Object.keys(cacheEntries(location)).length > 0);
        } finally {
          fs.rmSync(location, { recursive: true, force: true });
        }
      });
    }
  }

  it('the pool (--jobs 2) with a warm cache prints the same', async () => {
    const location = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-cache-'));
    try {
      const args = ['test/fixtures', '--format', 'json', '--fail-on', 'none'];
      const plain = await cli(args, REPO);
      await cli([...args, '--cache', '--cache-location', `${location}/`, '--jobs', '2'], REPO);
      const warm = await cli([...args, '--cache', '--cache-location', `${location}/`, '--jobs', '2'], REPO);
      assert.equal(warm.stdout, plain.stdout);
    } finally {
      fs.rmSync(location, { recursive: true, force: true });
    }
  });

  it('a change to a file, to a file its analysis read, or to the config is seen; a secret file is never stored', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      const run = () => cli(['--format', 'json', '--cache'], dir);
      const dockerfile = path.join(dir, 'Dockerfile');
      const withSecret = fs.readFileSync(dockerfile, 'utf8');
      fs.writeFileSync(dockerfile, withSecret.replace(/^ENV DB_PASSWORD=.*\n/m, ''));
      await run();
      assert.ok(
        cacheEntries(path.join(dir, 'node_modules/.cache/twelve-factor-lint'))[dockerfile],
        'a Dockerfile without a secret is stored',
      );
      fs.writeFileSync(dockerfile, withSecret);
      const first = await run();
      const location = path.join(dir, 'node_modules/.cache/twelve-factor-lint');
      const entries = cacheEntries(location);
      assert.ok(entries[path.join(dir, 'src/logger.ts')], 'the default location, under node_modules/.cache');
      assert.ok(!entries[path.join(dir, 'src/config.ts')], 'a file with a secret finding is not stored');
      assert.ok(!entries[path.join(dir, 'Dockerfile')], 'nor the Dockerfile (ENV DB_PASSWORD)');
      assert.equal((await run()).stdout, first.stdout);
      // The Dockerfile reads package.json (its start script): changing it changes the Dockerfile's finding.
      const pkg = path.join(dir, 'package.json');
      fs.writeFileSync(pkg, fs.readFileSync(pkg, 'utf8').replace('"start": "node dist/index.js"', '"start": "node dist/main.js"'));
      assert.match((await run()).stdout, /dist\/main\.js/);
      const logger = path.join(dir, 'src/logger.ts');
      fs.writeFileSync(
        logger,
        fs.readFileSync(logger, 'utf8').replace(/new winston\.transports\.File\(.*\),/, 'new winston.transports.Console(),'),
      );
      assert.ok(!(await run()).stdout.includes('src/logger.ts'));
      fs.writeFileSync(path.join(dir, '.twelvefactorrc.json'), '{ "rules": { "processes/no-in-memory-session": "off" } }');
      assert.ok(!(await run()).stdout.includes('no-in-memory-session'));
    } finally {
      cleanup();
    }
  });

  it('--cache-location: a folder (existing or ending with a separator) holds a file per scan root; else it is the file', () => {
    const tmp = os.tmpdir();
    assert.match(cacheFile(undefined, '/w', '/w'), /^\/w\/node_modules\/\.cache\/twelve-factor-lint\/cache-[0-9a-f]{16}\.json$/);
    assert.match(cacheFile(tmp, '/w', '/w'), new RegExp(`^${tmp}/cache-[0-9a-f]{16}\\.json$`));
    assert.equal(cacheFile('.lintcache', '/w', '/w'), '/w/.lintcache');
    assert.notEqual(cacheFile('c/', '/w', '/w/a'), cacheFile('c/', '/w', '/w/b'));
  });
});
