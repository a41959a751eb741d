/**
 * What a session keeps for the files it has analysed (issue 20: server memory after a workspace scan):
 * facts compacted (facts/compact.ts: own copies of their strings, one per distinct value) and still
 * equal to what the walk collected; no syntax tree of a file that is not open.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type * as ts from 'typescript';
import { RULES, WorkspaceSession, defineRule, filesUnder, listFiles, memoryHost } from '../../server/src/analysis';
import { analyzeDiskFile } from '../../server/src/analysis/disk';
import { compactFacts, ownString, shareEmpty, StringPool } from '../../server/src/analysis/facts/compact';
import type { FileFacts } from '../../server/src/analysis/facts/types';

const FIXTURES = path.resolve(__dirname, '../fixtures');

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** A full collection once the current job is over (a WeakRef keeps its target alive until then). */
async function collect(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  gc();
}
/**
 * Full collections until `done()` holds, for at most ~0.5 s. Node sometimes keeps a WeakRef's target
 * one turn of the event loop longer than the job that made it (1 run in 4 or so in CI, gone 50 ms
 * later); a tree our code still holds stays alive through every round and fails the assertion after.
 */
async function collectUntil(done: () => boolean): Promise<void> {
  await collect();
  for (let round = 0; round < 10 && !done(); round++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    gc();
  }
}

describe('compacted facts', () => {
  it('every fixture file: the facts after compaction equal the facts the walk collected', () => {
    const pool = new StringPool();
    let files = 0;
    let strings = 0;
    for (const file of listFiles(FIXTURES).files) {
      const facts = analyzeDiskFile(file, { root: FIXTURES, facts: true }).facts;
      if (!facts) continue;
      const before = structuredClone(facts);
      strings += JSON.stringify(facts).split('"').length;
      assert.equal(compactFacts(facts, pool), facts, 'in place');
      assert.deepEqual(facts, before, file);
      files++;
    }
    assert.ok(files >= 30, `only ${files} files with facts`);
    assert.ok(pool.size > 0 && pool.size < strings / 4, `${pool.size} distinct strings kept of ${strings / 2} or so`);
  });

  it('every empty list, at any depth, becomes the one shared frozen empty array; other lists stay their own', () => {
    const pool = new StringPool();
    const a = {
      imports: [],
      servers: [],
      signals: [],
      calls: [],
      env: [{ name: 'PORT', at: [] }],
      stdoutLogs: [],
      rules: { r: { references: [], nested: [[]] } },
    };
    const b = { imports: [], servers: [], signals: [], calls: [], env: [], stdoutLogs: [], rules: {} };
    compactFacts(a as unknown as FileFacts, pool);
    compactFacts(b as unknown as FileFacts, pool);
    assert.equal(a.imports, b.imports, 'two files share one empty list');
    assert.ok(Object.isFrozen(a.imports));
    for (const list of [a.servers, a.signals, a.calls, a.stdoutLogs, a.env[0].at, a.rules.r.references, a.rules.r.nested[0], b.env])
      assert.equal(list, a.imports);
    assert.notEqual(a.env, a.imports, 'a list with items is its own');
    assert.notEqual(a.rules.r.nested, a.imports);
    const own = [1];
    assert.equal(shareEmpty(own), own);
    assert.equal(shareEmpty([]), a.imports);
  });

  it('frozen values (shared constants), Maps and class instances are left as they are', () => {
    const pool = new StringPool();
    const frozen = Object.freeze({ names: Object.freeze(['a-frozen-name-long-enough']) });
    const map = new Map([['k', 'v']]);
    const facts = {
      imports: ['x'],
      servers: [],
      signals: [],
      calls: [],
      env: [],
      stdoutLogs: [],
      rules: { r: { frozen, map } },
    } as FileFacts;
    compactFacts(facts, pool);
    assert.equal((facts.rules!.r as { frozen: unknown }).frozen, frozen);
    assert.equal((facts.rules!.r as { map: unknown }).map, map);
    assert.equal(pool.size, 1);
  });

  it('a pool keeps one copy per value; a copy equals its original', () => {
    const pool = new StringPool();
    const text = `const aVeryLongIdentifierName = require('some-module-name');`;
    const cut = text.slice(6, 29);
    assert.equal(pool.intern(cut), 'aVeryLongIdentifierName');
    assert.equal(pool.intern('aVeryLongIdentifierName'), 'aVeryLongIdentifierName');
    assert.equal(pool.size, 1);
    assert.equal(ownString(cut), cut);
    assert.equal(ownString('short'), 'short');
    assert.equal(ownString(''), '');
  });
});

describe('syntax trees a session keeps', () => {
  const ROOT = path.resolve('/virtual-memory');
  const texts = filesUnder(ROOT, {
    'package.json': JSON.stringify({ name: 'svc', main: 'src/index.js' }),
    'src/index.js': `require('./server');\nprocess.on('SIGTERM', () => process.exit(0));\n`,
    'src/server.js': `const express = require('express');\nconst app = express();\napp.listen(process.env.PORT || 3000);\n`,
    'src/util.ts': `export function twice(n: number): number {\n  return n * 2;\n}\n`,
  });
  /** A rule that only remembers, weakly, each tree it was given. */
  const trees: { file: string; tree: WeakRef<ts.SourceFile> }[] = [];
  const probe = defineRule({
    meta: {
      id: 'concurrency/tree-probe',
      factor: 8,
      description: 'Test rule: remembers the trees it sees.',
      defaultSeverity: 'hint',
      languages: ['typescript'],
      fixable: false,
      messages: {},
    },
    typescript: {
      create: (context) => {
        trees.push({ file: context.file, tree: new WeakRef(context.sourceFile) });
        return {};
      },
    },
  });
  const alive = (file: string) => trees.filter((t) => t.file === file && t.tree.deref() !== undefined).length;

  it('after a scan none is kept; an open document keeps its latest one until it closes', async () => {
    const session = new WorkspaceSession(ROOT, { host: memoryHost(texts), rules: [...RULES, probe] });
    session.indexSync();
    const server = path.join(ROOT, 'src/server.js');
    assert.ok(trees.length >= 3, `${trees.length} trees seen`);
    await collectUntil(() => trees.every((t) => t.tree.deref() === undefined));
    assert.deepEqual(
      trees.filter((t) => t.tree.deref() !== undefined).map((t) => t.file),
      [],
      'no tree outlives the scan',
    );

    session.updateDocument(server, texts.get(server)!, 1);
    session.updateDocument(server, `${texts.get(server)!}// edited\n`, 2);
    await collectUntil(() => alive(server) <= 1);
    assert.equal(alive(server), 1, 'the open document keeps its current tree, for the next incremental parse');
    session.closeDocument(server);
    await collectUntil(() => alive(server) === 0);
    assert.equal(alive(server), 0, 'closed: its tree is gone');
    assert.ok(session.analysisOf(server)?.facts, 'its facts stay');
    // What a session keeps per file shares its empty lists: util.ts has no finding, note or read;
    // index.js has facts (an import, a signal handler) but no server.
    const util = session.analysisOf(path.join(ROOT, 'src/util.ts'))!;
    const index = session.analysisOf(path.join(ROOT, 'src/index.js'))!;
    assert.deepEqual([util.findings.length, util.notes.length, util.reads.length], [0, 0, 0]);
    assert.ok(index.facts!.imports.length > 0 && index.facts!.signals.length > 0);
    const lists: unknown[] = [util.findings, util.notes, util.reads, index.facts!.servers, index.facts!.stdoutLogs];
    assert.ok(Object.isFrozen(util.findings) && lists.every((l) => l === util.findings), 'one shared empty list');
  });
});
