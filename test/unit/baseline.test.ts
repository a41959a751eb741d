/** The baseline (analysis/baseline.ts): content keys that survive line moves, a multiset, stale entries, a stable file, no secret. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Baseline, fingerprints } from '../../server/src/analysis/baseline';
import { WorkspaceSession, filesUnder, memoryHost, type Finding } from '../../server/src/analysis';

const DIR = path.resolve('/virtual-baseline');
const FILE = path.join(DIR, 'src', 'config.ts');
const SECRET = 'f3b9c1d27a8e4b6f9d0c2e5a7b1d3f60';

/** A secret finding on the literal of each line holding `SECRET`-like text (as the rule would report it). */
function secretFindings(text: string): Finding[] {
  const out: Finding[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /'([0-9a-f]{32})'/.exec(line);
    if (!m) return;
    out.push({
      ruleId: 'config/no-hardcoded-secret',
      factor: 3,
      severity: 'error',
      message: 'Hardcoded secret',
      messageId: 'hardcodedSecret',
      file: FILE,
      range: { start: { line: i, column: m.index }, end: { line: i, column: m.index + m[0].length } },
    });
  });
  return out;
}

const TEXT = `export const jwtSecret = '${SECRET}';\nexport const other = 1;\n`;

describe('baseline', () => {
  it('keys survive lines inserted above and whitespace changes, and change when the flagged text changes', () => {
    const [before] = fingerprints(secretFindings(TEXT), TEXT);
    const moved = `// a header\n\n${TEXT.replace('= ', '=   ')}`;
    assert.deepEqual(fingerprints(secretFindings(moved), moved), [before]);
    const rotated = TEXT.replace(SECRET, `9abc${SECRET.slice(4)}`);
    assert.notDeepEqual(fingerprints(secretFindings(rotated), rotated), [before], 'another hardcoded value is a new finding');
  });

  it('counts identical findings: two recorded, a third one is new; one fixed leaves a stale entry', () => {
    const two = `const a = { jwtSecret: '${SECRET}' };\nconst b = { jwtSecret: '${SECRET}' };\n`.replace(/const [ab]/g, 'const x');
    const recorded = Baseline.record(path.join(DIR, 'baseline.json'), [[FILE, secretFindings(two)]], () => two);
    assert.deepEqual(
      recorded.entries.map((e) => [e.file, e.count]),
      [['src/config.ts', 2]],
    );
    const three = `${two}const x = { jwtSecret: '${SECRET}' };\n`;
    const { fresh, known } = recorded.match(FILE, secretFindings(three), three);
    assert.equal(known.length, 2);
    assert.deepEqual(
      fresh.map((f) => f.range.start.line),
      [2],
      'the first two (in position order) are the baselined ones',
    );
    const one = two.split('\n')[0] + '\n';
    const stale = recorded.stale(
      () => true,
      () => secretFindings(one),
      () => one,
    );
    assert.deepEqual(
      stale.map((e) => [e.file, e.ruleId, e.count, e.missing]),
      [['src/config.ts', 'config/no-hardcoded-secret', 2, 1]],
    );
    assert.deepEqual(
      recorded.stale(
        () => false,
        () => [],
        () => undefined,
      ),
      [],
      'entries of files outside the scan are not stale',
    );
  });

  it('the file is versioned, sorted, relative, stable, and holds neither the secret nor its text', () => {
    const recorded = Baseline.record(path.join(DIR, 'baseline.json'), [[FILE, secretFindings(TEXT)]], () => TEXT);
    const text = recorded.serialize();
    assert.equal(text, Baseline.record(path.join(DIR, 'baseline.json'), [[FILE, secretFindings(TEXT)]], () => TEXT).serialize());
    const data = JSON.parse(text);
    assert.equal(data.version, 1);
    assert.deepEqual(Object.keys(data.entries[0]), ['file', 'ruleId', 'fingerprint', 'count']);
    assert.equal(data.entries[0].file, 'src/config.ts');
    assert.ok(!text.includes(SECRET) && !text.includes('jwtSecret'));
    const loaded = Baseline.load(path.join(DIR, 'baseline.json'), () => text);
    assert.equal(loaded.problem, undefined);
    assert.equal(loaded.serialize(), text, 'load → serialize is the identity');
  });

  it('a missing, invalid or future baseline is a problem, with no entry', () => {
    assert.match(Baseline.load('/x.json', () => undefined).problem ?? '', /cannot read/);
    assert.match(Baseline.load('/x.json', () => '{').problem ?? '', /not valid JSON/);
    assert.match(Baseline.load('/x.json', () => '{"version":2,"entries":[]}').problem ?? '', /unsupported baseline version 2/);
    assert.match(Baseline.load('/x.json', () => '{"version":1,"entries":[{"file":"a"}]}').problem ?? '', /invalid baseline entry/);
  });
});

describe('baseline in the workspace session (the editor)', () => {
  const ROOT = path.resolve('/virtual-baseline-session');
  const files = {
    '.twelvefactorrc.json': '{ "baseline": "ci/baseline.json", "requireReason": true }',
    'src/config.ts': `// header\nexport const jwtSecret = '${SECRET}';\n// twelve-factor-disable-next-line logs/no-file-logging\nexport const x = 1;\n`,
  };

  it('lowers baselined findings to hints with a note (mode hint, the default); requireReason and unused directives', () => {
    const texts = filesUnder(ROOT, files);
    const first = new WorkspaceSession(ROOT, { host: memoryHost(texts) });
    first.indexSync();
    const file = path.join(ROOT, 'src/config.ts');
    const [finding] = first.findingsBeforeBaseline(file);
    assert.equal(finding.severity, 'error');
    assert.match(first.baselineOf(file)!.problem ?? '', /cannot read/);
    const baseline = Baseline.record(path.join(ROOT, 'ci/baseline.json'), [[file, [finding]]], () => texts.get(file));
    texts.set(path.join(ROOT, 'ci/baseline.json'), baseline.serialize());
    texts.set(file, `// moved\n${texts.get(file)!}`);

    const session = new WorkspaceSession(ROOT, { host: memoryHost(texts) });
    session.indexSync();
    const [hinted] = session.findings(file);
    assert.equal(hinted.severity, 'hint');
    assert.match(hinted.message, /\(In the baseline baseline\.json\.\)$/);
    const filtered = new WorkspaceSession(ROOT, { host: memoryHost(texts), baseline: { mode: 'filter' } });
    filtered.indexSync();
    assert.deepEqual(filtered.findings(file), []);
    assert.deepEqual(
      session.notes(file).map((n) => [n.kind, n.range?.start.line]),
      [['directive', 3]],
      'the directive without a reason',
    );
    assert.deepEqual(
      session.unusedDirectives(file).map((d) => d.ids),
      [['logs/no-file-logging']],
    );
  });
});
