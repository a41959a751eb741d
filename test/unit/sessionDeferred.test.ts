/**
 * The editor's keystroke path (UpdateOptions.deferProgram): an edit's own findings are told first,
 * its program facts and verdicts by settleDocument() after; meanwhile the program verdicts move with
 * the text. Once settled, a session is exactly what the same edits without deferral give.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WorkspaceSession, filesUnder, memoryHost, type Finding } from '../../server/src/analysis';

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

  it('closing an unsettled document settles nothing more: it is the disk again', () => {
    const { s } = session();
    const index = abs('src/index.js');
    s.updateDocument(index, `require('./server');\n`, 2, undefined, defer);
    s.closeDocument(index);
    assert.ok(!s.isUnsettled(index));
    assert.deepEqual(s.findings(abs('src/server.js')), []);
  });
});
