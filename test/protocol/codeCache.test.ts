/**
 * dist/server.js loads the server's bundle through a V8 code cache (server/src/serverLoader.ts): the
 * server must start and publish diagnostics whatever the state of the cache directory, and a cache
 * that cannot be used is written anew.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../helpers/lspClient';

const SECRET = `export const apiToken = 'dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu';\n`;

describe('server code cache', () => {
  let tmp: string;
  let root: string;
  let file: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-code-cache-'));
    root = path.join(tmp, 'service');
    fs.mkdirSync(root);
    file = path.join(root, 'config.ts');
    fs.writeFileSync(file, SECRET);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Starts a server with this cache directory, opens the file, and checks its diagnostics; then shuts it down. */
  async function startAndDiagnose(cacheDir: string): Promise<void> {
    const client = new LspClient({ TWELVE_FACTOR_LINT_CACHE_DIR: cacheDir });
    try {
      await client.initialize(root);
      client.open(file, SECRET);
      const published = await client.waitForDiagnostics(file, (d) => d.version === 1, 30000);
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ['config/no-hardcoded-secret'],
      );
    } finally {
      assert.equal(await client.shutdown(), 0, 'the server exits cleanly');
    }
  }

  const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.v8cache')) : []);
  const identity = (f: string) => {
    const stat = fs.statSync(f);
    return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
  };

  it('starts without a cache directory, creates it with one cache file, and uses that file unchanged on the next start', async () => {
    const dir = path.join(tmp, 'absent', 'code-cache');
    await startAndDiagnose(dir);
    const [name, ...others] = cacheFiles(dir);
    assert.ok(name, 'a cache file was written at exit');
    assert.deepEqual(others, []);
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
    const before = identity(path.join(dir, name));
    await startAndDiagnose(dir);
    assert.equal(identity(path.join(dir, name)), before, 'an accepted cache is not written again');
  });

  it(
    'never reads a cache file others may write to, and writes it anew, private',
    { skip: typeof process.getuid !== 'function' },
    async () => {
      const dir = path.join(tmp, 'shared', 'code-cache');
      await startAndDiagnose(dir);
      const [name] = cacheFiles(dir);
      const file = path.join(dir, name);
      assert.equal(fs.statSync(dir).mode & 0o077, 0, 'the folder is made private');
      fs.chmodSync(file, 0o666);
      const before = identity(file);
      await startAndDiagnose(dir);
      assert.notEqual(identity(file), before, 'not used: written anew');
      assert.equal(fs.statSync(file).mode & 0o077, 0);
    },
  );

  it('starts when the cache directory cannot be created', async () => {
    const blocker = path.join(tmp, 'a-file');
    fs.writeFileSync(blocker, 'not a directory');
    await startAndDiagnose(path.join(blocker, 'code-cache'));
    assert.equal(fs.readFileSync(blocker, 'utf8'), 'not a directory');
  });

  for (const [what, corrupt] of [
    [
      'altered in the middle',
      (b: Buffer) => Buffer.concat([b.subarray(0, b.length >> 1), Buffer.alloc(64, 0xa5), b.subarray((b.length >> 1) + 64)]),
    ],
    ['truncated', (b: Buffer) => b.subarray(0, b.length >> 1)],
    ['not a cache at all', () => Buffer.from('garbage')],
  ] as const) {
    it(`starts with a cache file ${what}, and replaces it with a whole one`, async () => {
      const dir = path.join(tmp, `corrupt-${what.replace(/\W+/g, '-')}`);
      await startAndDiagnose(dir);
      const [name] = cacheFiles(dir);
      assert.ok(name, 'a cache file was written');
      const cache = path.join(dir, name);
      const whole = fs.readFileSync(cache);
      const bad = corrupt(whole);
      fs.writeFileSync(cache, bad);
      await startAndDiagnose(dir);
      const rewritten = fs.readFileSync(cache);
      assert.notDeepEqual(rewritten, bad, 'the damaged file was replaced');
      const again = identity(cache);
      await startAndDiagnose(dir);
      assert.equal(identity(cache), again, 'the new cache is accepted');
    });
  }

  it('runs without a cache when told to (TWELVE_FACTOR_LINT_CACHE_DIR=off)', async () => {
    await startAndDiagnose('off');
    assert.equal(fs.existsSync(path.resolve('off')), false, '"off" is not a directory name');
  });
});
