/**
 * The scan worker pool (scanPool.ts): the bundled CLI as worker script gives exactly the results of
 * the single-threaded loop, in input order (and dist/server.js as a worker process); a pool that
 * cannot start or dies falls back to this thread with the same results; no script means no pool.
 * Needs dist/cli.js and dist/server.js (npm test builds them).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WorkspaceSession, listFiles, scan, type FileAnalysis } from '../../server/src/analysis';
import { analyzeFiles, batchSize } from '../../server/src/analysis/scanPool';
import { analyzeDiskFile } from '../../server/src/analysis/disk';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
/** The language server's bundle: a worker process runs it (serverMain.ts asks runPoolWorkerIfAny() first, in any thread). */
const SERVER = path.resolve(__dirname, '../../dist/server.js');
const FIXTURES = path.resolve(__dirname, '../fixtures');

describe('scan worker pool', () => {
  const files = listFiles(FIXTURES).files;
  const items = files.map((file) => ({ file }));
  const options = { root: FIXTURES, facts: true };
  let expected: FileAnalysis[];
  let tmp: string;
  before(() => {
    expected = files.map((file) => analyzeDiskFile(file, options));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-pool-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('has files with findings, notes and facts to compare', () => {
    assert.ok(files.length >= 40, `only ${files.length} fixture files`);
    assert.ok(expected.some((a) => a.findings.length > 0));
    assert.ok(expected.some((a) => a.facts && a.facts.servers.length > 0));
  });

  it('the bundled CLI as worker script: the same analyses, in input order, every file reported once', async () => {
    const seen: string[] = [];
    let fallback: string | undefined;
    const results = await analyzeFiles(items, options, 2, {
      script: CLI,
      onProgress: (_done, _total, file) => void seen.push(file),
      onFallback: (reason) => (fallback = reason),
    });
    assert.equal(fallback, undefined);
    assert.deepEqual(results, expected);
    assert.deepEqual([...seen].sort(), [...files].sort());
  });

  it('more jobs than batches, and one file per batch', async () => {
    const few = items.slice(0, 3);
    assert.equal(batchSize(3, 8), 1);
    assert.deepEqual(await analyzeFiles(few, options, 8, { script: CLI }), expected.slice(0, 3));
  });

  it('a worker script that cannot be loaded: falls back to this thread, same results', async () => {
    const reasons: string[] = [];
    const results = await analyzeFiles(items, options, 2, { script: path.join(tmp, 'missing.js'), onFallback: (r) => reasons.push(r) });
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /worker/);
    assert.deepEqual(results, expected);
  });

  it('a worker that exits without answering (not a pool script): falls back, same results', async () => {
    const script = path.join(tmp, 'not-a-worker.js');
    fs.writeFileSync(script, 'process.exit(3);\n');
    const reasons: string[] = [];
    const results = await analyzeFiles(items, options, 2, { script, onFallback: (r) => reasons.push(r) });
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /unanswered|exit code/);
    assert.deepEqual(results, expected);
  });

  it('a worker that throws while loading: falls back, same results', async () => {
    const script = path.join(tmp, 'throws.js');
    fs.writeFileSync(script, "throw new Error('broken bundle');\n");
    const reasons: string[] = [];
    const results = await analyzeFiles(items, options, 2, { script, onFallback: (r) => reasons.push(r) });
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /broken bundle/);
    assert.deepEqual(results, expected);
  });

  it('no script, one job, or fewer files than minFiles: analysed in this thread', async () => {
    let fallbacks = 0;
    const onFallback = () => void fallbacks++;
    assert.deepEqual(await analyzeFiles(items, options, 2, { onFallback }), expected);
    assert.deepEqual(await analyzeFiles(items, options, 1, { script: path.join(tmp, 'missing.js'), onFallback }), expected);
    assert.deepEqual(
      await analyzeFiles(items, options, 2, { script: path.join(tmp, 'missing.js'), minFiles: files.length + 1, onFallback }),
      expected,
    );
    assert.equal(fallbacks, 0, 'the pool was never tried');
  });

  it('cancelled from onProgress: stops early, what it returns is in input order', async () => {
    const results = await analyzeFiles(items, options, 2, { script: CLI, onProgress: (done) => done < 5 });
    assert.ok(results.length >= 5 && results.length < files.length, `${results.length} of ${files.length}`);
    const order = results.map((r) => files.indexOf(r.file));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
  });

  it('worker processes (processes: true, the language server): the same analyses, in input order; the workers leave', async () => {
    const seen: string[] = [];
    let fallback: string | undefined;
    const results = await analyzeFiles(items, options, 2, {
      script: SERVER,
      processes: true,
      workersOnly: true,
      onProgress: (_done, _total, file) => void seen.push(file),
      onFallback: (reason) => (fallback = reason),
    });
    assert.equal(fallback, undefined);
    assert.deepEqual(results, expected);
    assert.deepEqual([...seen].sort(), [...files].sort());
  });

  it('background worker processes (background: true, the language server indexing): nice 10, the same analyses', async (t) => {
    const childrenFile = `/proc/${process.pid}/task/${process.pid}/children`;
    if (!fs.existsSync(childrenFile)) return t.skip('no /proc children list on this system');
    const nice = (pid: string) => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    const niceness = new Set<number>();
    const results = await analyzeFiles(items, options, 1, {
      script: SERVER,
      processes: true,
      background: true,
      workersOnly: true,
      onResult: () => {
        for (const pid of fs.readFileSync(childrenFile, 'utf8').split(' ').filter(Boolean)) niceness.add(nice(pid));
      },
    });
    assert.deepEqual(results, expected);
    // The worker (our only child while it answers): nice 10, or this process's own when that is lower still.
    assert.deepEqual([...niceness], [Math.max(10, nice(String(process.pid)))]);
  });

  it('a worker process that exits without answering, or cannot load its script: falls back, same results', async () => {
    const script = path.join(tmp, 'exits.js');
    fs.writeFileSync(script, 'process.exit(3);\n');
    for (const target of [script, path.join(tmp, 'missing.js')]) {
      const reasons: string[] = [];
      const results = await analyzeFiles(items, options, 2, { script: target, processes: true, onFallback: (r) => reasons.push(r) });
      assert.equal(reasons.length, 1);
      assert.match(reasons[0], /unanswered|exit code/);
      assert.deepEqual(results, expected);
    }
  });

  it('a session indexed by the pool says what a session indexed in one thread says: findings (program verdicts included), notes, files, report', async () => {
    const single = scan(FIXTURES);
    const pooled = new WorkspaceSession(FIXTURES, { pool: { jobs: 2, script: CLI } });
    await pooled.index();
    const inProcesses = new WorkspaceSession(FIXTURES, {
      pool: { jobs: 1, workersOnly: true, processes: true, minFiles: 2, script: SERVER },
    });
    await inProcesses.index();
    assert.deepEqual(inProcesses.allFindings(), single.findings);
    assert.deepEqual(inProcesses.report(), single.session.report());
    assert.ok(
      single.findings.some((f) => f.ruleId === 'disposability/handle-sigterm'),
      'a program verdict is compared',
    );
    assert.deepEqual(pooled.allFindings(), single.findings);
    assert.deepEqual(pooled.allNotes(), single.notes);
    assert.deepEqual(pooled.files(), single.files);
    assert.deepEqual(pooled.report(), single.session.report());
    const reasons: string[] = [];
    const fallback = new WorkspaceSession(FIXTURES, {
      pool: { jobs: 2, script: path.join(tmp, 'missing.js'), onFallback: (r) => reasons.push(r) },
    });
    await fallback.index();
    assert.equal(reasons.length, 1);
    assert.deepEqual(fallback.allFindings(), single.findings);
  });
});
