/**
 * The indexing workers' use of the analysis cache (scanPool.ts PoolOptions.cache): an entry serves
 * only the same analysis key, and records the files the analysis read as it read them. On real files,
 * in this thread (jobs 1: the same analyzeItem the workers run).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeFiles } from '../../server/src/analysis/scanPool';
import { WorkspaceSession } from '../../server/src/analysis';

describe('indexing with the analysis cache', () => {
  let tmp: string;
  let root: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const ids = (results: { findings: { ruleId: string; message: string }[] }[]) =>
    results.map((a) =>
      a.findings
        .map((f) => f.ruleId)
        .sort()
        .join(','),
    );
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-pool-cache-'));
    root = path.join(tmp, 'ws');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('serves an entry only to the same analysis key', async () => {
    write('svc/src/db.ts', `import { Pool } from 'pg';\nexport const pool = new Pool({ host: 'db.internal' });\n`);
    const cache = { dir: path.join(tmp, 'cache-key'), identity: 'build' };
    const file = path.join(root, 'svc/src/db.ts');
    const [first] = await analyzeFiles([{ file, key: 'a' }], { root, cache }, 1);
    assert.deepEqual(ids([first]), ['backing-services/no-hardcoded-locator']);
    // Mark what was stored: a hit shows the mark.
    const entries = (fs.readdirSync(cache.dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.json'));
    assert.equal(entries.length, 1);
    const entryFile = path.join(cache.dir, entries[0]);
    fs.writeFileSync(entryFile, fs.readFileSync(entryFile, 'utf8').replace(/"message":"[^"]*"/, '"message":"MARKED"'), { mode: 0o600 });
    const [same] = await analyzeFiles([{ file, key: 'a' }], { root, cache }, 1);
    assert.equal(same.findings[0].message, 'MARKED');
    // Another key (other rule options, a test file…): analysed.
    const [other] = await analyzeFiles([{ file, key: 'b', isTestFile: true }], { root, cache }, 1);
    assert.notEqual(other.findings[0]?.message, 'MARKED');
  });

  it('records a manifest as the analysis read it: changed during the index, then back, the entry is not used', async () => {
    const v1 = JSON.stringify({ name: 'a' });
    const v2 = JSON.stringify({ name: 'a', dependencies: { b: 'workspace:*' } });
    write('mono/package.json', JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }));
    write('mono/packages/a/package.json', v1);
    write('mono/packages/b/package.json', JSON.stringify({ name: 'b', main: 'src/x.ts' }));
    write('mono/packages/b/src/x.ts', 'export const x = 1;\n');
    write('mono/packages/a/src/one.ts', `import { x } from '../../b/src/x';\nconsole.log(x);\n`);
    write('mono/packages/a/src/two.ts', `import { x } from '../../b/src/x';\nconsole.log(x, 2);\n`);
    const mono = path.join(root, 'mono');
    const items = ['packages/a/src/one.ts', 'packages/a/src/two.ts'].map((f) => ({ file: path.join(mono, f), key: 'k' }));
    const cache = { dir: path.join(tmp, 'cache-reads'), identity: 'build' };
    await analyzeFiles(items, { root: mono, cache }, 1, {
      onProgress: (done) => void (done === 1 && write('mono/packages/a/package.json', v2)),
    });
    write('mono/packages/a/package.json', v1);
    const fresh = await analyzeFiles(items, { root: mono }, 1);
    assert.deepEqual(ids(fresh), ['codebase/no-cross-app-import', 'codebase/no-cross-app-import']);
    assert.deepEqual(ids(await analyzeFiles(items, { root: mono, cache }, 1)), ids(fresh));
  });

  it('never writes a file whose text holds a secret the secret rule does not report (a test file, a script)', async () => {
    write(
      'tests/db.test.ts',
      `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: 'postgres://admin:Zq8vT3xKp9LmW2r@db.prod.example.com:5432/app' });\n`,
    );
    write('scripts/seed.ts', `export const dbPassword = 'Zq8-named-Secret-77';\n`);
    write('src/clean.ts', `export const port = Number(process.env.PORT ?? 3000);\n`);
    const cache = { dir: path.join(tmp, 'cache-secret'), identity: 'build' };
    const items = ['tests/db.test.ts', 'scripts/seed.ts', 'src/clean.ts'].map((f) => ({
      file: path.join(root, f),
      key: 'k',
      isTestFile: f.startsWith('tests/'),
    }));
    await analyzeFiles(items, { root, cache }, 1);
    const stored = (fs.readdirSync(cache.dir, { recursive: true }) as string[])
      .filter((n) => n.endsWith('.json'))
      .map((n) => JSON.parse(fs.readFileSync(path.join(cache.dir, n), 'utf8')).file);
    assert.deepEqual(stored, [path.join(root, 'src/clean.ts')]);
  });
});

describe('a session indexing with the analysis cache', () => {
  it('writes an entry per file, unless the folder has more files than the cache is for', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-pool-cap-'));
    try {
      const root = path.join(tmp, 'ws');
      fs.mkdirSync(path.join(root, 'src'), { recursive: true });
      for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(root, 'src', `m${i}.ts`), `export const m${i} = process.env.M${i};\n`);
      const entries = async (cacheUpTo: number) => {
        const cache = { dir: path.join(tmp, `cache-${cacheUpTo}`), identity: 'build' };
        // No worker script: the pool's files are analysed in this thread, with the same cache.
        const session = new WorkspaceSession(root, { pool: { script: '', jobs: 1, workersOnly: true, minFiles: 2, cache, cacheUpTo } });
        await session.index();
        assert.equal(session.files().length, 5);
        return fs.existsSync(cache.dir)
          ? (fs.readdirSync(cache.dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.json')).length
          : 0;
      };
      assert.equal(await entries(10), 5);
      assert.equal(await entries(4), 0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
