/**
 * The CLI's compliance-report formats: `--format markdown` (same report as the editor) and `--format
 * sarif` (rule help, fingerprints, factor tags). In-process; the SARIF Multitool validation (GitHub's
 * ingestion rules) is slow and runs in `npm run test:slow` (sarif-validator.slow.test.ts).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyFixtures } from '../unit/report/helpers';
import { cli } from './helpers';

const run = cli;

describe('CLI compliance report formats', () => {
  let dir: string;
  let cleanup: () => void;
  let work: string;
  before(() => {
    ({ dir, cleanup } = copyFixtures());
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-sarif-'));
  });
  after(() => {
    cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('--format markdown prints the report; exit code follows --fail-on like the other formats', async () => {
    const r = await run(['breaking-service', '--format', 'markdown'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^# Twelve-Factor compliance\n\n## breaking-service: 3 of 10 assessed factors compliant\n/);
    assert.match(r.stdout, /^\| III\. Config \| ❌ Violations \| 2 findings\./m);
    assert.match(r.stdout, /^- `src\/app\.ts:5:22` Hardcoded token R2Fy…\(32 chars\)/m);
    assert.ok(!r.stdout.includes('R2FyZGVuLWdub21lLTQyLWZha2Uta2V5'), 'never the secret');
    const ok = await run(['compliant-service', '--format', 'markdown'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^## compliant-service: 10 of 10 assessed factors compliant$/m);
    assert.equal((ok.stdout.match(/^\| (?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\. /gm) ?? []).length, 12);
    const file = path.join(work, 'report.md');
    assert.equal((await run(['compliant-service', '--format=markdown', '-o', file], dir)).code, 0);
    const timeless = (md: string) => md.replace(/ · (?:\d+ ms|[\d.]+ s) · /, ' · <time> · ');
    assert.equal(timeless(fs.readFileSync(file, 'utf8')), timeless(ok.stdout), 'same text to a file');
  });

  it('--help lists the markdown format; an unknown format is a usage error', async () => {
    assert.match((await run(['--help'], dir)).stdout, /--format <text\|json\|sarif\|markdown\|github>/);
    const r = await run(['--format', 'html'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown format "html" \(expected text, json, sarif, markdown, github\)/);
  });

  it('--format sarif: rule help, tool version, fingerprints stable across line moves, distinct per occurrence', async () => {
    const root = path.join(dir, 'breaking-service');
    const first = JSON.parse((await run(['--format', 'sarif'], root)).stdout);
    const runSarif = first.runs[0];
    assert.equal(first.version, '2.1.0');
    assert.match(runSarif.tool.driver.version, /^\d+\.\d+\.\d+/);
    for (const rule of runSarif.tool.driver.rules) {
      assert.ok(rule.help.text && rule.help.markdown && rule.helpUri, `${rule.id} has help`);
      assert.ok(rule.shortDescription.text && rule.fullDescription.text);
    }
    const secretRule = runSarif.tool.driver.rules.find((r: { id: string }) => r.id === 'config/no-hardcoded-secret');
    assert.equal(secretRule.properties['security-severity'], '7.5');
    assert.ok(secretRule.properties.tags.includes('security'));
    // Factor tags, which code scanning groups results by: on each rule and each result.
    assert.ok(secretRule.properties.tags.includes('twelve-factor/III'));
    for (const rule of runSarif.tool.driver.rules)
      assert.ok(
        rule.properties.tags.some((t: string) => /^twelve-factor\/[IVX]+$/.test(t)),
        rule.id,
      );
    for (const result of runSarif.results as { ruleId: string; properties: { tags: string[] } }[]) {
      const rule = runSarif.tool.driver.rules.find((r: { id: string }) => r.id === result.ruleId);
      assert.deepEqual(
        result.properties.tags,
        rule.properties.tags.filter((t: string) => /^twelve-factor\//.test(t)),
        result.ruleId,
      );
    }
    const prints = (log: typeof first) =>
      log.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['twelveFactorLint/v1']);
    const before = prints(first);
    assert.equal(new Set(before).size, before.length);
    for (const p of before) assert.match(p, /^[0-9a-f]{32}:1$/);
    // Lines added above the findings move them, but their fingerprints stay.
    const app = path.join(root, 'src', 'app.ts');
    fs.writeFileSync(app, `// a new header comment\n\n${fs.readFileSync(app, 'utf8')}`);
    const dockerfile = path.join(root, 'Dockerfile');
    fs.writeFileSync(dockerfile, `# a new header comment\n\n${fs.readFileSync(dockerfile, 'utf8')}`);
    const moved = JSON.parse((await run(['--format', 'sarif'], root)).stdout);
    assert.deepEqual(prints(moved), before);
    // Findings in the edited files move two lines down; the others (package.json) stay.
    type Located = { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] };
    const edited = (uri: string) => uri.endsWith('src/app.ts') || uri.endsWith('Dockerfile');
    const lines = (log: typeof first, shift: number) =>
      log.runs[0].results.map((r: Located) => {
        const { artifactLocation, region } = r.locations[0].physicalLocation;
        return region.startLine + (edited(artifactLocation.uri) ? shift : 0);
      });
    assert.deepEqual(lines(moved, 0), lines(first, 2));
  });
});
