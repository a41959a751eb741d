/**
 * EntryCache (analysis/workspace/entryCache.ts): an entry is used only for the same file, text, key
 * and read files; a secret's analysis is never written; a broken entry is a miss; another build's
 * entries are removed. On real files in a temporary folder.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FileAnalysis } from '../../server/src/analysis';
import { EntryCache } from '../../server/src/analysis/workspace/entryCache';
import { ensurePrivateDir } from '../../server/src/analysis/workspace/privateDir';

const analysis = (file: string, ruleId = 'port-binding/port-from-environment', reads: string[] = []): FileAnalysis => ({
  file,
  language: 'typescript',
  findings: [
    {
      ruleId,
      factor: 7,
      messageId: 'hardcodedPort',
      severity: 'warning',
      message: 'listens on port 3000',
      file,
      range: { start: { line: 2, column: 11 }, end: { line: 2, column: 15 } },
    } as FileAnalysis['findings'][number],
  ],
  notes: [],
  parsed: true,
  suppressions: { lines: {}, file: [] } as unknown as FileAnalysis['suppressions'],
  reads,
});

describe('EntryCache', () => {
  let tmp: string;
  const disk = new Map<string, string>();
  const read = (f: string) => disk.get(f);
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-entry-cache-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('gives back what was stored for the same file, text and key; misses on another text, key or file', () => {
    const cache = new EntryCache(tmp, 'build-1', '/ws', read);
    const file = '/ws/src/index.ts';
    assert.equal(cache.get(file, 'one', 'k'), undefined);
    cache.set(file, 'k', analysis(file), 'one');
    assert.deepEqual(cache.get(file, 'one', 'k'), analysis(file));
    assert.equal(cache.get(file, 'two', 'k'), undefined, 'another text');
    assert.equal(cache.get(file, 'one', 'k2'), undefined, 'another key');
    assert.equal(cache.get('/ws/src/other.ts', 'one', 'k'), undefined, 'another file');
    // Another session of the same build and folder reads it; another folder does not.
    assert.deepEqual(new EntryCache(tmp, 'build-1', '/ws', read).get(file, 'one', 'k')?.findings, analysis(file).findings);
    assert.equal(new EntryCache(tmp, 'build-1', '/other', read).get(file, 'one', 'k'), undefined);
  });

  it('stores the analysis of the text given to set(), whatever get() missed; nothing without a text', () => {
    const cache = new EntryCache(tmp, 'build-1', '/ws2', read);
    const file = '/ws2/a.ts';
    assert.equal(cache.get(file, 'opened', 'k'), undefined);
    cache.set(file, 'k', analysis(file), 'saved');
    assert.equal(cache.get(file, 'opened', 'k'), undefined);
    assert.ok(cache.get(file, 'saved', 'k'));
    cache.set('/ws2/b.ts', 'k', analysis('/ws2/b.ts'));
    assert.equal(fs.readdirSync(cache.dir).length, 1, 'no entry without the text it is of');
  });

  it('misses when a file the analysis read changed, appeared or went', () => {
    const cache = new EntryCache(tmp, 'build-1', '/ws3', read);
    const file = '/ws3/Dockerfile.ts';
    disk.set('/ws3/package.json', '{"main":"a.js"}');
    assert.equal(cache.get(file, 'text', 'k'), undefined);
    cache.set(file, 'k', analysis(file, undefined, ['/ws3/package.json', '/ws3/absent.json']), 'text');
    assert.ok(cache.get(file, 'text', 'k'));
    disk.set('/ws3/package.json', '{"main":"b.js"}');
    assert.equal(cache.get(file, 'text', 'k'), undefined, 'a read file changed');
    disk.set('/ws3/package.json', '{"main":"a.js"}');
    assert.ok(cache.get(file, 'text', 'k'));
    disk.set('/ws3/absent.json', '{}');
    assert.equal(cache.get(file, 'text', 'k'), undefined, 'a file read as missing appeared');
  });

  it('never writes an analysis with a secret finding, and removes the entry it had', () => {
    const cache = new EntryCache(tmp, 'build-1', '/ws4', read);
    const file = '/ws4/config.ts';
    cache.get(file, 'v1', 'k');
    cache.set(file, 'k', analysis(file), 'v1');
    assert.ok(cache.get(file, 'v1', 'k'));
    cache.set(file, 'k', analysis(file, 'config/no-hardcoded-secret'), 'v2');
    const names = fs.readdirSync(cache.dir);
    assert.ok(
      names.every((n) => !fs.readFileSync(path.join(cache.dir, n), 'utf8').includes('no-hardcoded-secret')),
      'no entry holds the secret finding',
    );
    assert.equal(cache.get(file, 'v2', 'k'), undefined);
  });

  it('treats a truncated, foreign or unreadable entry as a miss', () => {
    const cache = new EntryCache(tmp, 'build-1', '/ws5', read);
    const file = '/ws5/a.ts';
    cache.get(file, 't', 'k');
    cache.set(file, 'k', analysis(file), 't');
    const [name] = fs.readdirSync(cache.dir);
    const entry = path.join(cache.dir, name);
    const whole = fs.readFileSync(entry, 'utf8');
    fs.writeFileSync(entry, whole.slice(0, whole.length >> 1));
    assert.equal(cache.get(file, 't', 'k'), undefined, 'truncated');
    fs.writeFileSync(entry, whole.replace('"/ws5/a.ts"', '"/ws5/b.ts"'));
    assert.equal(cache.get(file, 't', 'k'), undefined, 'an entry of another file (a hash collision)');
    fs.writeFileSync(entry, JSON.stringify({ ...JSON.parse(whole), analysis: { file, findings: 'x' } }));
    assert.equal(cache.get(file, 't', 'k'), undefined, 'a malformed analysis');
    fs.writeFileSync(entry, whole);
    if (process.getuid?.() !== 0) {
      fs.chmodSync(entry, 0o000);
      assert.equal(cache.get(file, 't', 'k'), undefined, 'unreadable');
      fs.chmodSync(entry, 0o600);
    }
    assert.ok(cache.get(file, 't', 'k'));
  });

  it('keeps entries private to the user and leaves no temporary file', () => {
    const cache = new EntryCache(tmp, 'build-1', '/ws6', read);
    cache.get('/ws6/a.ts', 't', 'k');
    cache.set('/ws6/a.ts', 'k', analysis('/ws6/a.ts'), 't');
    const names = fs.readdirSync(cache.dir);
    assert.equal(names.length, 1);
    assert.match(names[0], /^[0-9a-f]{32}\.json$/);
    assert.equal(fs.statSync(path.join(cache.dir, names[0])).mode & 0o777, 0o600);
    assert.equal(fs.statSync(cache.dir).mode & 0o777, 0o700);
  });

  it("removes another build's entries once they were left alone for a day, not those of a build still in use", async () => {
    const base = fs.mkdtempSync(path.join(tmp, 'builds-'));
    const store = (identity: string) => {
      const cache = new EntryCache(base, identity, '/ws', read);
      cache.get('/ws/a.ts', 't', 'k');
      cache.set('/ws/a.ts', 'k', analysis('/ws/a.ts'), 't');
      return cache;
    };
    const old = store('build-old');
    const recent = store('build-recent');
    const buildDir = (cache: EntryCache) => path.dirname(cache.dir);
    const dayAndMore = new Date(Date.now() - 25 * 60 * 60 * 1000);
    fs.utimesSync(buildDir(old), dayAndMore, dayAndMore);
    const current = store('build-new');
    const deadline = Date.now() + 5000;
    while (fs.existsSync(old.dir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(fs.existsSync(old.dir), false, "the old build's entries are gone");
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(fs.existsSync(recent.dir), 'a build whose server may still run keeps its entries');
    assert.ok(new EntryCache(base, 'build-new', '/ws', read).get('/ws/a.ts', 't', 'k'));
    assert.ok(current.get('/ws/a.ts', 't', 'k'));
  });

  it("after an index, removes a deleted file's entry and leftover temporary files; another key's only once 30 days old", async () => {
    const base = fs.mkdtempSync(path.join(tmp, 'retain-'));
    const cache = new EntryCache(base, 'b', '/ws', read);
    const put = (file: string, key: string) => {
      cache.get(file, 't', key);
      cache.set(file, key, analysis(file), 't');
    };
    put('/ws/kept.ts', 'k');
    put('/ws/deleted.ts', 'k');
    // Two files whose live key is another: one entry written by a server with other settings recently, one long ago.
    put('/ws/other-settings.ts', 'other-key');
    put('/ws/old-settings.ts', 'old-key');
    const leftover = path.join(cache.dir, 'ffffffffffffffffffffffffffffffff.json.123.tmp');
    fs.writeFileSync(leftover, '{');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    for (const name of fs.readdirSync(cache.dir)) fs.utimesSync(path.join(cache.dir, name), hourAgo, hourAgo);
    const monthAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    const oldSettings = fs.readdirSync(cache.dir).find((n) => fs.readFileSync(path.join(cache.dir, n), 'utf8').includes('old-settings'))!;
    fs.utimesSync(path.join(cache.dir, oldSettings), monthAgo, monthAgo);
    const since = Date.now() - 1000;
    // Written during the index (by another server on the folder): newer than its start, so kept.
    put('/ws/written-meanwhile.ts', 'k');
    const names = () => fs.readdirSync(cache.dir).length;
    assert.equal(names(), 6);
    cache.retainOnly(
      [
        ['/ws/kept.ts', 'k'],
        ['/ws/other-settings.ts', 'k'],
        ['/ws/old-settings.ts', 'k'],
      ],
      since,
    );
    const deadline = Date.now() + 5000;
    while (names() > 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(names(), 3);
    assert.ok(cache.get('/ws/kept.ts', 't', 'k'), 'a live entry stays');
    assert.ok(cache.get('/ws/written-meanwhile.ts', 't', 'k'), 'an entry newer than the index stays');
    assert.ok(cache.get('/ws/other-settings.ts', 't', 'other-key'), "a listed file's entry under another key stays for 30 days");
    assert.equal(cache.get('/ws/old-settings.ts', 't', 'old-key'), undefined);
    assert.equal(cache.get('/ws/deleted.ts', 't', 'k'), undefined);
    assert.equal(fs.existsSync(leftover), false);
  });

  it('marks its build and folder as used after an index, and when it writes an hour after it last did', (t) => {
    const base = fs.mkdtempSync(path.join(tmp, 'mark-'));
    const cache = new EntryCache(base, 'b', '/ws', read);
    cache.get('/ws/a.ts', 't', 'k');
    cache.set('/ws/a.ts', 'k', analysis('/ws/a.ts'), 't');
    const dirs = [path.dirname(cache.dir), cache.dir];
    const age = () => dirs.map((d) => Math.round((Date.now() - fs.statSync(d).mtimeMs) / 86_400_000) || 0);
    const backdate = () => {
      const twoDays = new Date(Date.now() - 2 * 86_400_000);
      for (const d of dirs) fs.utimesSync(d, twoDays, twoDays);
    };
    backdate();
    cache.retainOnly([['/ws/a.ts', 'k']], Date.now());
    assert.deepEqual(age(), [0, 0], 'marked by an index');
    backdate();
    cache.set('/ws/a.ts', 'k', analysis('/ws/a.ts'), 't2');
    assert.deepEqual(age(), [2, 0], 'a write within the hour marks nothing (the folder changed by the write itself)');
    t.mock.timers.enable({ apis: ['Date'], now: Date.now() + 2 * 60 * 60 * 1000 });
    backdate();
    cache.set('/ws/a.ts', 'k', analysis('/ws/a.ts'), 't3');
    assert.deepEqual(age(), [0, 0], 'a write two hours later marks both');
  });

  it('removes the entries of a workspace folder no server opened for 30 days, and marks the folders in use', async () => {
    const base = fs.mkdtempSync(path.join(tmp, 'unused-'));
    const store = (root: string) => {
      const cache = new EntryCache(base, 'b', root, read);
      cache.get(`${root}/a.ts`, 't', 'k');
      cache.set(`${root}/a.ts`, 'k', analysis(`${root}/a.ts`), 't');
      return cache;
    };
    const gone = store('/gone');
    const month = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    const weeks = new Date(Date.now() - 20 * 24 * 60 * 60 * 1000);
    const recent = store('/recent');
    const reopened = store('/reopened');
    fs.utimesSync(gone.dir, month, month);
    fs.utimesSync(recent.dir, weeks, weeks);
    fs.utimesSync(reopened.dir, month, month);
    // Opening /reopened marks it as used before anything is removed; /gone goes.
    const again = new EntryCache(base, 'b', '/reopened', read);
    assert.ok(Date.now() - fs.statSync(again.dir).mtimeMs < 60_000, 'the opened folder is marked as used');
    const deadline = Date.now() + 5000;
    while (fs.existsSync(gone.dir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(fs.existsSync(gone.dir), false, 'a folder left alone for 31 days');
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(fs.existsSync(recent.dir), 'a folder opened 20 days ago stays');
    assert.ok(again.get('/reopened/a.ts', 't', 'k'));
  });

  it(
    'uses no folder that another user owns, nor a link; makes one of ours private and refuses the files others put in it',
    { skip: typeof process.getuid !== 'function' },
    () => {
      const base = fs.mkdtempSync(path.join(tmp, 'trust-'));
      assert.equal(ensurePrivateDir(base), true);
      assert.equal(ensurePrivateDir(base, path.join(base, 'analysis', 'x')), true, 'not there yet: made private by us');
      const file = '/ws/a.ts';
      const use = () => {
        const cache = new EntryCache(base, 'b', '/ws', read);
        cache.get(file, 't', 'k');
        cache.set(file, 'k', analysis(file), 't');
        return new EntryCache(base, 'b', '/ws', read).get(file, 't', 'k') !== undefined;
      };
      assert.equal(use(), true);
      // Ours, but writable by others (a umask of 002): made private, and used.
      fs.chmodSync(base, 0o777);
      assert.equal(use(), true);
      assert.equal(fs.statSync(base).mode & 0o777, 0o755);
      const cache = new EntryCache(base, 'b', '/ws', read);
      const [entry] = fs.readdirSync(cache.dir).map((n) => path.join(cache.dir, n));
      // An entry others may write to is not read.
      fs.chmodSync(entry, 0o666);
      assert.equal(cache.get(file, 't', 'k'), undefined, 'an entry writable by others');
      fs.chmodSync(entry, 0o600);
      assert.ok(cache.get(file, 't', 'k'));
      const link = path.join(tmp, 'link-to-trust');
      fs.symlinkSync(base, link);
      assert.equal(ensurePrivateDir(link), false, 'a link');
      if (process.getuid!() === 0) {
        fs.chownSync(entry, 65534, 65534);
        assert.equal(cache.get(file, 't', 'k'), undefined, "another user's entry");
        fs.chownSync(entry, 0, 0);
        fs.chownSync(path.join(base, 'analysis'), 65534, 65534);
        assert.equal(use(), false, "another user's folder");
      }
    },
  );

  it('never writes an analysis whose text or whose own strings hold a secret', () => {
    const cache = new EntryCache(tmp, 'build-s', '/ws7', read);
    const stored = (text: string, a: FileAnalysis) => {
      cache.get(a.file, text, 'k');
      cache.set(a.file, 'k', a, text);
      return cache.get(a.file, text, 'k') !== undefined;
    };
    assert.equal(stored(`export const port = 3000;\n`, analysis('/ws7/clean.ts')), true);
    assert.equal(stored(`const url = 'postgres://admin:Zq8vT3xKp9LmW2r@db.prod/app';\n`, analysis('/ws7/url.ts')), false);
    assert.equal(stored(`export const dbPassword = 'Zq8-named-Secret-77';\n`, analysis('/ws7/named.ts')), false);
    assert.equal(stored(`export const t = process.env.T;\n`, analysis('/ws7/token.ts')), true);
    const withToken = analysis('/ws7/facts.ts');
    // Built at run time, so that it cannot pass for a leaked token in this file.
    withToken.facts = { literal: ['ghp', 'R8mK2pQx7LzW4vNc9TbY3hJd6FsA1eGu5oXi'].join('_') } as unknown as FileAnalysis['facts'];
    assert.equal(stored(`export const t = process.env.T;\n`, withToken), false, 'a token in what would be written');
  });
});
