/**
 * The editor's keystroke path (UpdateOptions.deferProgram): an edit's own findings are told first,
 * its program facts and verdicts by settleDocument() after; meanwhile the program verdicts move with
 * the text. Once settled, a session is exactly what the same edits without deferral give.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WorkspaceSession, filesUnder, memoryHost, type FileAnalysis, type Finding } from '../../server/src/analysis';
import type { AnalysisCache } from '../../server/src/analysis/workspace/session';
import { EntryCache } from '../../server/src/analysis/workspace/entryCache';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/analysis/config/config';

const ROOT = path.resolve('/virtual-deferred');
const abs = (rel: string) => path.join(ROOT, ...rel.split('/'));
const FILES = {
  'package.json': JSON.stringify({ name: 'svc', scripts: { start: 'node src/index.js' }, dependencies: { express: '4' } }),
  'src/index.js': `require('./server');\nprocess.on('SIGTERM', () => process.exit(0));\n`,
  'src/server.js': `const express = require('express');\nconst app = express();\napp.listen(process.env.PORT || 3000);\n`,
  'src/config.ts': `export const stripeKey = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';\n`,
  Dockerfile: `FROM node:20\nCOPY . .\nCMD ["node", "src/index.js"]\n`,
};

function session(files: Record<string, string> = FILES) {
  const s = new WorkspaceSession(ROOT, { host: memoryHost(filesUnder(ROOT, files)) });
  const events: string[][] = [];
  s.onDidChangeFindings((changed) => events.push(changed.map((f) => path.relative(ROOT, f).split(path.sep).join('/'))));
  s.indexSync();
  events.length = 0;
  return { s, events };
}

const where = (findings: readonly Finding[]) => findings.map((f) => `${path.relative(ROOT, f.file)}:${f.range.start.line + 1} ${f.ruleId}`);
const defer = { deferProgram: true };

describe('deferred program facts (the keystroke path)', () => {
  it('removing the SIGTERM handler: the edited file first, alone; the verdict on server.js when the document settles', () => {
    const { s, events } = session();
    const index = abs('src/index.js');
    s.updateDocument(index, `require('./server');\n`, 2, undefined, defer);
    assert.deepEqual(events, [['src/index.js']]);
    assert.ok(s.isUnsettled(index));
    assert.deepEqual(s.findings(abs('src/server.js')), []);
    s.settleDocument(index);
    assert.ok(!s.isUnsettled(index));
    assert.deepEqual(events[1], ['src/server.js']);
    assert.deepEqual(where(s.findings(abs('src/server.js'))), ['src/server.js:3 disposability/handle-sigterm']);
    // Settling twice does nothing.
    s.settleDocument(index);
    assert.equal(events.length, 2);
  });

  it('settling without judging leaves the verdict to judgeNow(), which tells it in one event', () => {
    const { s, events } = session();
    const index = abs('src/index.js');
    s.updateDocument(index, `require('./server');\n`, 2, undefined, defer);
    s.settleDocument(index, { judge: false });
    assert.ok(s.needsJudging);
    assert.deepEqual(s.findings(abs('src/server.js')), []);
    s.judgeNow();
    assert.ok(!s.needsJudging);
    assert.deepEqual(events.at(-1), ['src/server.js']);
    assert.deepEqual(where(s.findings(abs('src/server.js'))), ['src/server.js:3 disposability/handle-sigterm']);
    // Nothing left to judge: no event.
    const count = events.length;
    s.judgeNow();
    assert.equal(events.length, count);
  });

  it('typing above a server start moves its verdict in the first event; settling finds only moved facts and tells nothing more', () => {
    const files = { ...FILES, 'src/index.js': `require('./server');\n` };
    const { s, events } = session(files);
    const server = abs('src/server.js');
    // Opened as the disk has it: nothing changes, and settling finds the same facts.
    s.updateDocument(server, files['src/server.js'], 1, undefined, defer);
    s.settleDocument(server);
    assert.deepEqual(events, [['src/server.js']]);
    s.updateDocument(server, `// one\n${files['src/server.js']}`, 2, undefined, defer);
    s.updateDocument(server, `// one\n// two\n${files['src/server.js']}`, 3, undefined, defer);
    assert.deepEqual(events, [['src/server.js'], ['src/server.js'], ['src/server.js']]);
    assert.deepEqual(where(s.findings(server)), ['src/server.js:5 disposability/handle-sigterm']);
    s.settleDocument(server);
    assert.equal(events.length, 3);
    const fresh = session({ ...files, 'src/server.js': `// one\n// two\n${files['src/server.js']}` }).s;
    assert.deepEqual(s.findings(server), fresh.findings(server));
  });

  it('an edit inside the verdict span cannot be moved: it stays until the document settles, then is judged where it is', () => {
    const files = { ...FILES, 'src/index.js': `require('./server');\n` };
    const { s } = session(files);
    const server = abs('src/server.js');
    const text = files['src/server.js'].replace('app.listen(', '// moved down\napp.listen(').replace('|| 3000', '|| 8080');
    s.updateDocument(server, text, 2, undefined, defer);
    s.settleDocument(server);
    assert.deepEqual(where(s.findings(server)), ['src/server.js:4 disposability/handle-sigterm']);
  });

  it("the file's own findings are fresh at once: a secret typed into a document is reported before it settles", () => {
    const { s, events } = session();
    const config = abs('src/config.ts');
    s.updateDocument(config, `export const stripeKey = process.env.STRIPE_KEY;\n`, 2, undefined, defer);
    assert.deepEqual(events, [['src/config.ts']]);
    assert.deepEqual(s.findings(config), []);
    s.updateDocument(
      config,
      `export const stripeKey = process.env.STRIPE_KEY;\nconst k = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';\n`,
      3,
      undefined,
      defer,
    );
    assert.deepEqual(where(s.findings(config)), ['src/config.ts:2 config/no-hardcoded-secret']);
  });

  it('a burst of deferred edits, settled once, ends where the same edits without deferral end, for every file', () => {
    const texts = [
      `require('./server');\n`,
      `require('./server');\n// a note\n`,
      `// header\nrequire('./server');\nprocess.on('SIGINT', () => process.exit(0));\n`,
      `// header\nrequire('./server');\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      `// header\n`,
    ];
    const deferred = session().s;
    const direct = session().s;
    const index = abs('src/index.js');
    texts.forEach((text, i) => {
      deferred.updateDocument(index, text, i + 2, undefined, defer);
      if (i % 2 === 1) deferred.settleDocument(index);
      direct.updateDocument(index, text, i + 2);
    });
    deferred.settleDocument(index);
    assert.deepEqual(deferred.allFindings(), direct.allFindings());
    assert.deepEqual(deferred.analysisOf(index)?.facts, direct.analysisOf(index)?.facts);
  });

  it('the report and allFindings() settle what is pending: the whole folder is never half-judged', () => {
    const { s } = session();
    s.updateDocument(abs('src/index.js'), `require('./server');\n`, 2, undefined, defer);
    assert.deepEqual(where(s.allFindings()), [
      'src/config.ts:1 config/no-hardcoded-secret',
      'src/server.js:3 disposability/handle-sigterm',
    ]);
    assert.ok(!s.isUnsettled(abs('src/index.js')));
  });

  it('a Dockerfile is analysed whole even when deferral is asked (no program facts to defer in TS terms)', () => {
    const { s, events } = session();
    s.updateDocument(abs('Dockerfile'), `FROM node:20\nCOPY . .\nCMD npm start\n`, 2, 'dockerfile', defer);
    assert.ok(!s.isUnsettled(abs('Dockerfile')));
    assert.deepEqual(events, [['Dockerfile']]);
    assert.deepEqual(where(s.findings(abs('Dockerfile'))), ['Dockerfile:3 disposability/signal-forwarding']);
  });

  it("a document opened before the folder is indexed (the editor's cold start) defers its facts too", () => {
    const fresh = () =>
      new WorkspaceSession(ROOT, { host: memoryHost(filesUnder(ROOT, { ...FILES, 'src/index.js': `require('./server');\n` })) });
    const deferred = fresh();
    const direct = fresh();
    const file = abs('src/server.js');
    const text = `${FILES['src/server.js']}const password = 'hunter2-Qm9vYmFyLWJheg';\n`;
    deferred.updateDocument(file, text, 1, undefined, defer);
    direct.updateDocument(file, text, 1);
    assert.ok(deferred.isUnsettled(file));
    assert.equal(deferred.analysisOf(file)?.facts, undefined);
    assert.ok(direct.analysisOf(file)?.facts?.servers.length);
    // Its own findings at once; its facts when it settles, before the folder is judged.
    assert.deepEqual(where(deferred.findings(file)), ['src/server.js:4 config/no-hardcoded-secret']);
    deferred.settleDocument(file);
    assert.deepEqual(deferred.analysisOf(file)?.facts, direct.analysisOf(file)?.facts);
    for (const s of [deferred, direct]) s.indexSync();
    assert.deepEqual(where(deferred.allFindings()), [
      'src/config.ts:1 config/no-hardcoded-secret',
      'src/server.js:3 disposability/handle-sigterm',
      'src/server.js:4 config/no-hardcoded-secret',
    ]);
    assert.deepEqual(deferred.allFindings(), direct.allFindings());
  });

  it('closing an unsettled document settles nothing more: it is the disk again', () => {
    const { s } = session();
    const index = abs('src/index.js');
    s.updateDocument(index, `require('./server');\n`, 2, undefined, defer);
    s.closeDocument(index);
    assert.ok(!s.isUnsettled(index));
    assert.deepEqual(s.findings(abs('src/server.js')), []);
  });

  describe('settling in steps (settleInSteps: what the editor runs a few ms per turn)', () => {
    // A file rule reads these texts (no-file-logging, for `Console`): the document keeps its tree.
    const RULE_READS = `const { Console } = require('node:console');\n`;
    const steps = (g: Generator<void, void, void>) => {
      let n = 0;
      for (let step = g.next(); !step.done; step = g.next()) n++;
      return n;
    };

    it('pauses (after each top-level statement, among others) and ends exactly where settleDocument() ends', () => {
      const sliced = session();
      const whole = session();
      const index = abs('src/index.js');
      const text = `${RULE_READS}// header\nrequire('./server');\nconst a = 1;\nprocess.on('SIGINT', () => process.exit(a));\n`;
      for (const { s } of [sliced, whole]) s.updateDocument(index, text, 2, undefined, defer);
      sliced.events.length = 0;
      whole.events.length = 0;
      const g = sliced.s.settleInSteps(index)!;
      // The first step runs up to the first pause: nothing is told yet, the document is still unsettled.
      assert.equal(g.next().done, false);
      assert.ok(sliced.s.isUnsettled(index));
      assert.deepEqual(sliced.events, []);
      // At least a pause after each of the 4 statements and the end-of-file token (the first taken
      // above); also after each program collector's set-up and finish, and before the facts are recorded.
      assert.ok(steps(g) >= 4 + 1);
      assert.ok(!sliced.s.isUnsettled(index));
      whole.s.settleDocument(index);
      assert.deepEqual(sliced.events, whole.events);
      assert.deepEqual(where(sliced.s.findings(abs('src/server.js'))), ['src/server.js:3 disposability/handle-sigterm']);
      assert.deepEqual(sliced.s.allFindings(), whole.s.allFindings());
      assert.deepEqual(sliced.s.analysisOf(index)?.facts, whole.s.analysisOf(index)?.facts);
      assert.equal(sliced.s.settleInSteps(index), undefined);
    });

    it('an edit while it is paused voids it: no event, still unsettled; the next settling reads the new text', () => {
      const { s, events } = session();
      const index = abs('src/index.js');
      s.updateDocument(
        index,
        `${RULE_READS}require('./server');\nconst a = 1;\nprocess.on('SIGTERM', () => process.exit(a));\n`,
        2,
        undefined,
        defer,
      );
      const g = s.settleInSteps(index)!;
      g.next();
      s.updateDocument(index, `${RULE_READS}require('./server');\nconst a = 1;\n`, 3, undefined, defer);
      events.length = 0;
      assert.equal(steps(g), 0);
      assert.deepEqual(events, []);
      assert.ok(s.isUnsettled(index));
      // The voided walk told nothing: server.js has no verdict from either text yet.
      assert.deepEqual(s.findings(abs('src/server.js')), []);
      steps(s.settleInSteps(index)!);
      assert.deepEqual(where(s.findings(abs('src/server.js'))), ['src/server.js:3 disposability/handle-sigterm']);
      assert.deepEqual(events, [['src/server.js']]);
    });

    it('settled by other means while it is paused (the report): it ends without a second event', () => {
      const { s, events } = session();
      const index = abs('src/index.js');
      s.updateDocument(index, `${RULE_READS}require('./server');\n// no handler\n`, 2, undefined, defer);
      const g = s.settleInSteps(index)!;
      g.next();
      events.length = 0;
      s.report();
      assert.ok(!s.isUnsettled(index));
      const told = events.length;
      assert.equal(told, 1);
      assert.equal(steps(g), 0);
      assert.equal(events.length, told);
      assert.deepEqual(where(s.findings(abs('src/server.js'))), ['src/server.js:3 disposability/handle-sigterm']);
    });
  });

  describe('judging in steps (judgeInSteps: one program rule per step)', () => {
    const unsettle = (s: WorkspaceSession, text: string, version: number) => {
      const index = abs('src/index.js');
      s.updateDocument(index, text, version, undefined, defer);
      s.settleDocument(index, { judge: false });
      assert.ok(s.needsJudging);
    };

    it('pauses between the program rules and ends where judgeNow() ends, in one event', () => {
      const stepped = session();
      const direct = session();
      for (const { s } of [stepped, direct]) unsettle(s, `require('./server');\n`, 2);
      stepped.events.length = 0;
      direct.events.length = 0;
      const g = stepped.s.judgeInSteps()!;
      let pauses = 0;
      for (let step = g.next(); !step.done; step = g.next()) {
        pauses++;
        if (pauses === 1) assert.deepEqual(stepped.events, [], 'nothing is told before the end');
      }
      assert.ok(pauses > 3, `${pauses} pauses`);
      direct.s.judgeNow();
      assert.deepEqual(stepped.events, [['src/server.js']]);
      assert.deepEqual(stepped.events, direct.events);
      assert.deepEqual(stepped.s.allFindings(), direct.s.allFindings());
      assert.ok(!stepped.s.needsJudging);
      assert.equal(stepped.s.judgeInSteps(), undefined);
    });

    it('a change of what the programs read while it is paused voids it: no event, and judging is still needed', () => {
      const { s, events } = session();
      unsettle(s, `require('./server');\n`, 2);
      const g = s.judgeInSteps()!;
      g.next();
      g.next();
      // The handler comes back: the facts change under the paused judgement.
      unsettle(s, `require('./server');\nprocess.on('SIGTERM', () => process.exit(0));\n`, 3);
      events.length = 0;
      for (let step = g.next(); !step.done; step = g.next());
      assert.deepEqual(events, []);
      assert.ok(s.needsJudging);
      // No verdict was ever told for the text without the handler.
      assert.deepEqual(s.findings(abs('src/server.js')), []);
      for (const steps = s.judgeInSteps()!; !steps.next().done;);
      assert.deepEqual(s.findings(abs('src/server.js')), []);
      assert.ok(!s.needsJudging);
    });
  });

  it('index({ busy }): while an edit waits (busy), indexing waits between its steps; the result is the same', async () => {
    const direct = session().s;
    const waiting = new WorkspaceSession(ROOT, { host: memoryHost(filesUnder(ROOT, FILES)) });
    let asks = 0;
    const answers: boolean[] = [];
    await waiting.index({
      yieldEvery: 1,
      busy: () => {
        const busy = ++asks <= 3;
        answers.push(busy);
        return busy;
      },
    });
    // Asked after every file and judgement step; the first three answers made it wait and ask again.
    assert.deepEqual(answers.slice(0, 4), [true, true, true, false]);
    assert.ok(asks > Object.keys(FILES).length, `${asks} asks`);
    assert.deepEqual(waiting.allFindings(), direct.allFindings());
  });
});

describe('open documents from the document cache (a server started again)', () => {
  /** An AnalysisCache in memory, keyed like entryCache.ts (file, text, key), counting what it is asked. */
  function memoryCache() {
    const entries = new Map<string, FileAnalysis>();
    const pending = new Map<string, string>();
    const log: string[] = [];
    const cache: AnalysisCache = {
      get(file, text, key) {
        const hit = entries.get(JSON.stringify([file, text, key]));
        log.push(`${hit ? 'hit' : 'miss'} ${path.basename(file)}`);
        if (!hit) pending.set(file, text);
        return hit && structuredClone(hit);
      },
      set(file, key, analysis, text) {
        log.push(`set ${path.basename(file)}`);
        entries.set(JSON.stringify([file, text ?? pending.get(file), key]), structuredClone(analysis));
      },
    };
    return { cache, log };
  }
  const cached = (files: Record<string, string>, documentCache: AnalysisCache) => {
    const s = new WorkspaceSession(ROOT, { host: memoryHost(filesUnder(ROOT, files)), documentCache });
    s.indexSync();
    return s;
  };
  const files = { ...FILES, 'src/server.js': `const express = require('express');\nconst app = express();\napp.listen(3000);\n` };

  it('stores a document settled with the disk text; the next session opens it from the cache, with the same findings and no tree', () => {
    const { cache, log } = memoryCache();
    const first = cached(files, cache);
    const server = abs('src/server.js');
    first.updateDocument(server, files['src/server.js'], 1, 'javascript', defer);
    assert.ok(first.isUnsettled(server));
    first.settleDocument(server);
    assert.deepEqual(log, ['miss server.js', 'set server.js']);
    const fresh = where(first.findings(server));
    assert.deepEqual(fresh, ['src/server.js:3 port-binding/port-from-environment']);

    const second = cached(files, cache);
    second.updateDocument(server, files['src/server.js'], 1, 'javascript', defer);
    assert.deepEqual(log, ['miss server.js', 'set server.js', 'hit server.js']);
    assert.ok(!second.isUnsettled(server), 'its facts came with it');
    assert.ok(second.needsTree(server));
    assert.deepEqual(where(second.findings(server)), fresh);
    // Analysed again with the same text (what the server does once the user leaves it alone): a tree, and the usual path.
    second.updateDocument(server, files['src/server.js'], 1, 'javascript', defer);
    assert.ok(!second.needsTree(server));
    assert.ok(second.isUnsettled(server));
    assert.deepEqual(where(second.findings(server)), fresh);
    // Settled with the text it was read with from the cache: not written again.
    second.settleDocument(server);
    assert.deepEqual(log, ['miss server.js', 'set server.js', 'hit server.js']);
  });

  it('feeds the cached facts to the program: a handler the disk no longer has ends the verdict once judged', () => {
    const { cache } = memoryCache();
    const index = abs('src/index.js');
    const withHandler = cached(files, cache);
    withHandler.updateDocument(index, files['src/index.js'], 1, 'javascript', defer);
    withHandler.settleDocument(index);
    // The disk loses the handler (an unsaved editor keeps it, as VS Code restores it on start).
    const s = cached({ ...files, 'src/index.js': `require('./server');\n` }, cache);
    assert.deepEqual(where(s.findings(abs('src/server.js'))), [
      'src/server.js:3 disposability/handle-sigterm',
      'src/server.js:3 port-binding/port-from-environment',
    ]);
    s.updateDocument(index, files['src/index.js'], 1, 'javascript', defer);
    assert.ok(s.needsTree(index));
    assert.ok(s.needsJudging);
    s.judgeNow();
    assert.deepEqual(where(s.findings(abs('src/server.js'))), ['src/server.js:3 port-binding/port-from-environment']);
  });

  it("opens a document from the entry its file's indexing wrote, unless its language id makes it another language", () => {
    const { cache, log } = memoryCache();
    // The folder indexed with the cache (as the server's indexing worker does), no document open.
    const indexed = new WorkspaceSession(ROOT, { host: memoryHost(filesUnder(ROOT, files)), cache, documentCache: cache });
    indexed.indexSync();
    assert.ok(log.includes('set server.js'));
    log.length = 0;
    const s = cached(files, cache);
    const server = abs('src/server.js');
    s.updateDocument(server, files['src/server.js'], 1, 'javascript', defer);
    assert.deepEqual(log, ['hit server.js']);
    assert.ok(s.needsTree(server));
    assert.deepEqual(where(s.findings(server)), ['src/server.js:3 port-binding/port-from-environment']);
    // A Dockerfile-named text opened as TypeScript, and a .js file opened as a Dockerfile: not the disk's analysis.
    s.closeDocument(server);
    log.length = 0;
    s.updateDocument(server, files['src/server.js'], 2, 'dockerfile', defer);
    assert.deepEqual(log, [], 'a document that is not TypeScript by its language id does not use the cache');
  });

  it('does not store a document whose text is not the disk text, nor one closed before it settled', () => {
    const { cache, log } = memoryCache();
    const s = cached(files, cache);
    const server = abs('src/server.js');
    s.updateDocument(server, `// unsaved\n${files['src/server.js']}`, 1, 'javascript', defer);
    s.settleDocument(server);
    s.closeDocument(server);
    s.updateDocument(server, files['src/server.js'], 1, 'javascript', defer);
    s.closeDocument(server);
    assert.deepEqual(log, ['miss server.js', 'miss server.js']);
  });

  it('writes a settled document in a step after the one that settles it; not when the document changed in between', () => {
    const { cache, log } = memoryCache();
    const s = cached(files, cache);
    const server = abs('src/server.js');
    s.updateDocument(server, files['src/server.js'], 1, 'javascript', defer);
    const steps = s.settleInSteps(server, { judge: false })!;
    let step = steps.next();
    while (!step.done && s.isUnsettled(server)) step = steps.next();
    assert.equal(step.done, false, 'the write is a step of its own');
    assert.deepEqual(log, ['miss server.js'], 'settled, with its diagnostics, before the write');
    // The same text typed again: an own analysis without facts, which must not be stored.
    s.updateDocument(server, files['src/server.js'], 2, 'javascript', defer);
    while (!steps.next().done);
    assert.deepEqual(log, ['miss server.js']);
    s.settleDocument(server);
    assert.deepEqual(log, ['miss server.js', 'set server.js']);
  });

  it('after indexing the whole folder, tells the cache which files and keys are live; not after a cancelled or partial index', async () => {
    const calls: { live: string[]; since: number }[] = [];
    const { cache } = memoryCache();
    cache.retainOnly = (live, since) =>
      void calls.push({ live: [...live].map(([f, k]) => `${path.relative(ROOT, f)} ${k}`).sort(), since });
    const session = () => new WorkspaceSession(ROOT, { host: memoryHost(filesUnder(ROOT, files)), documentCache: cache });
    const before = Date.now();
    const s = session();
    // An open document with a language id that changes its analysis key: its own key is the live one.
    s.updateDocument(abs('src/server.js'), files['src/server.js'], 1, 'dockerfile', defer);
    let firstFile: number | undefined;
    await s.index({ yieldEvery: 25, onProgress: () => void (firstFile ??= Date.now()) });
    assert.equal(calls.length, 1);
    const key = (isTest: boolean, byId: string | null) => JSON.stringify([{}, isTest, DEFAULT_MAX_FILE_SIZE, byId]);
    assert.ok(calls[0].since >= before && calls[0].since <= firstFile!, 'the index start: before any file was analysed');
    assert.deepEqual(
      calls[0].live.filter((l) => l.startsWith('src/')),
      [`src/config.ts ${key(false, null)}`, `src/index.js ${key(false, null)}`, `src/server.js ${key(false, 'dockerfile')}`],
    );
    assert.equal(calls[0].live.length, s.files().length);
    await session().index({ yieldEvery: 25, onProgress: () => false });
    await session().index({ yieldEvery: 25, paths: ['src'] });
    assert.equal(calls.length, 1, 'a cancelled index and an index of some paths keep every entry');
    // Turned off and on again during the index: the files analysed before were dropped, so the index
    // knows only part of the folder.
    const toggled = session();
    let done = 0;
    const result = await toggled.index({
      yieldEvery: 1,
      onProgress: () => {
        if (++done !== 1) return;
        toggled.setSettings({ enable: false });
        toggled.setSettings({ enable: true });
      },
    });
    assert.equal(result.cancelled, false);
    assert.equal(calls.length, 1, 'an index the folder was turned off during keeps every entry');
  });

  it('writes a settled document whose write step the editor dropped when it closes, unless it changed', () => {
    const { cache, log } = memoryCache();
    const s = cached(files, cache);
    const server = abs('src/server.js');
    const settleThenDrop = (file: string) => {
      const steps = s.settleInSteps(file, { judge: false })!;
      while (s.isUnsettled(file)) steps.next();
      steps.return();
    };
    s.updateDocument(server, files['src/server.js'], 1, 'javascript', defer);
    settleThenDrop(server);
    assert.deepEqual(log, ['miss server.js']);
    s.closeDocument(server);
    assert.deepEqual(log, ['miss server.js', 'set server.js'], 'written at the close');
    // Edited after the settle, the edit undone, then closed: the pending write is void.
    log.length = 0;
    const other = abs('src/index.js');
    s.updateDocument(other, files['src/index.js'], 1, 'javascript', defer);
    settleThenDrop(other);
    s.updateDocument(other, files['src/index.js'], 2, 'javascript', defer);
    s.closeDocument(other);
    assert.deepEqual(log, ['miss index.js']);
  });

  it('checks an opened document against the manifest its rules read: a dependency added since makes it a miss', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-doc-reads-'));
    try {
      const mono = (aManifest: object) => ({
        'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
        'packages/a/package.json': JSON.stringify(aManifest),
        'packages/b/package.json': JSON.stringify({ name: 'b', main: 'src/x.ts' }),
        'packages/b/src/x.ts': 'export const x = 1;\n',
        'packages/a/src/index.ts': `import { x } from '../../b/src/x';\nconsole.log(x);\n`,
      });
      const open = (files: Record<string, string>) => {
        const sessions: WorkspaceSession[] = [];
        const documentCache = new EntryCache(dir, 'build', ROOT, (f) => sessions[0].read(f));
        const s = new WorkspaceSession(ROOT, { host: memoryHost(filesUnder(ROOT, files)), documentCache });
        sessions.push(s);
        // Opened before the folder is indexed, as on an editor's start.
        const index = abs('packages/a/src/index.ts');
        s.updateDocument(index, files['packages/a/src/index.ts'], 1, 'typescript', defer);
        const fromCache = s.needsTree(index);
        s.settleDocument(index);
        return { fromCache, rules: s.findings(index).map((f) => f.ruleId) };
      };
      assert.deepEqual(open(mono({ name: 'a' })), { fromCache: false, rules: ['codebase/no-cross-app-import'] });
      assert.deepEqual(open(mono({ name: 'a' })), { fromCache: true, rules: ['codebase/no-cross-app-import'] });
      assert.deepEqual(open(mono({ name: 'a', dependencies: { b: 'workspace:*' } })), { fromCache: false, rules: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
