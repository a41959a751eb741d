/** The Markdown renderer (format/markdown.ts): exact snapshot of the fixture workspaces' report. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildReport } from '../../../server/src/analysis/report/build';
import { escapeMarkdown, formatMarkdown } from '../../../server/src/format/markdown';
import { copyFixtures, reportOf } from './helpers';

const SNAPSHOT = path.join(__dirname, 'expected', 'report.md');

describe('Markdown report', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = copyFixtures()));
  after(() => cleanup());

  it('matches the committed snapshot (UPDATE_SNAPSHOTS=1 rewrites it)', () => {
    const report = buildReport(
      ['compliant-service', 'breaking-service', 'empty'].map((n) => reportOf(path.join(dir, n))),
      1234,
    );
    report.tool.version = '0.0.0-test'; // the snapshot must not change with each release
    const markdown = formatMarkdown(report);
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      fs.mkdirSync(path.dirname(SNAPSHOT), { recursive: true });
      fs.writeFileSync(SNAPSHOT, markdown);
    }
    assert.equal(markdown, fs.readFileSync(SNAPSHOT, 'utf8'));
  });

  it('escapes text that would break a table or inject markup', () => {
    assert.equal(escapeMarkdown('a | b <img> *x* [l](u) `c`\nd'), 'a \\| b \\<img\\> \\*x\\* \\[l\\](u) \\`c\\` d');
  });

  it('says when the scan was cancelled and when there is no folder', () => {
    const md = formatMarkdown({ ...buildReport([], 5, true), tool: { name: 'twelve-factor-lint', version: '1' } });
    assert.match(md, /^> \*\*Incomplete:\*\* the scan was cancelled/m);
    assert.match(md, /^No workspace folder was scanned\.$/m);
    assert.match(md, /<sub>twelve-factor-lint 1 · 5 ms · /);
  });
});
