/**
 * The bundled CLI's compliance-report formats: `--format markdown` (same report as the editor) and
 * `--format sarif` validated with Microsoft's SARIF Multitool, with GitHub's ingestion rules (Gh).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyFixtures } from '../unit/report/helpers';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const MULTITOOL = path.resolve(__dirname, '../../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ValidationResult {
  ruleId: string;
  level: string;
  message: { id?: string; text?: string; arguments?: string[] };
}

/** Runs `Sarif.Multitool validate --rule-kind "Sarif;Gh"` (called directly: its npm wrapper mangles quoted arguments). */
function validate(file: string, work: string): ValidationResult[] {
  const out = path.join(work, `${path.basename(file)}.validation.sarif`);
  const r = spawnSync(
    MULTITOOL,
    ['validate', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning', file, '-o', out, '--log', 'ForceOverwrite'],
    {
      encoding: 'utf8',
      // No libicu needed: the tool only compares ASCII identifiers.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      timeout: 120_000,
    },
  );
  assert.ok(fs.existsSync(out), `the multitool wrote no result (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results as ValidationResult[];
}

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

  it('--format markdown prints the report; exit code follows --fail-on like the other formats', () => {
    const r = run(['breaking-service', '--format', 'markdown'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^# Twelve-Factor compliance\n\n## breaking-service: 0 of 9 assessed factors compliant\n/);
    assert.match(r.stdout, /^\| III\. Config \| ❌ Violations \| 2 findings\./m);
    assert.match(r.stdout, /^- `src\/app\.ts:6:22` Hardcoded token R2Fy…\(32 chars\)/m);
    assert.ok(!r.stdout.includes('R2FyZGVuLWdub21lLTQyLWZha2Uta2V5'), 'never the secret');
    const ok = run(['compliant-service', '--format', 'markdown'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^## compliant-service: 10 of 10 assessed factors compliant$/m);
    assert.equal((ok.stdout.match(/^\| (?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\. /gm) ?? []).length, 12);
    const file = path.join(work, 'report.md');
    assert.equal(run(['compliant-service', '--format=markdown', '-o', file], dir).code, 0);
    const timeless = (md: string) => md.replace(/ · (?:\d+ ms|[\d.]+ s) · /, ' · <time> · ');
    assert.equal(timeless(fs.readFileSync(file, 'utf8')), timeless(ok.stdout), 'same text to a file');
  });

  it('--help lists the markdown format; an unknown format is a usage error', () => {
    assert.match(run(['--help'], dir).stdout, /--format <text\|json\|sarif\|markdown>/);
    const r = run(['--format', 'html'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown format "html" \(expected text, json, sarif, markdown\)/);
  });

  it('--format sarif: rule help, tool version, fingerprints stable across line moves, distinct per occurrence', () => {
    const root = path.join(dir, 'breaking-service');
    const first = JSON.parse(run(['--format', 'sarif'], root).stdout);
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
    const moved = JSON.parse(run(['--format', 'sarif'], root).stdout);
    assert.deepEqual(prints(moved), before);
    type Located = { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] };
    const lines = (log: typeof first) =>
      log.runs[0].results.map((r: Located) => [
        r.locations[0].physicalLocation.artifactLocation.uri,
        r.locations[0].physicalLocation.region.startLine,
      ]);
    // Only the findings of the two edited files move (db.ts and the compose file keep their lines).
    const edited = (uri: string) => /(?:^|\/)(?:src\/app\.ts|Dockerfile)$/.test(uri);
    assert.deepEqual(
      lines(moved),
      lines(first).map(([uri, line]: [string, number]) => [uri, edited(uri) ? line + 2 : line]),
    );
    assert.ok(
      lines(first).some(([uri]: [string]) => !edited(uri)),
      'some findings stay where they were',
    );
  });

  it('--format sarif passes the SARIF Multitool validator with GitHub rules: 0 errors, 0 warnings', (t) => {
    if (!fs.existsSync(MULTITOOL)) {
      t.skip(
        `Sarif.Multitool is not installed for ${process.platform}-${process.arch} (npm ci installs @microsoft/sarif-multitool-linux on Linux x64)`,
      );
      return;
    }
    try {
      fs.accessSync(MULTITOOL, fs.constants.X_OK);
    } catch {
      fs.chmodSync(MULTITOOL, 0o755); // its postinstall (chmod u+x) does not run when install scripts are disabled
    }
    for (const name of ['breaking-service', 'compliant-service', 'empty']) {
      const file = path.join(work, `${name}.sarif`);
      run([name, '--format', 'sarif', '-o', file, '--fail-on', 'none'], dir);
      const results = validate(file, work);
      assert.deepEqual(
        results.map((r) => `${r.level} ${r.ruleId} ${r.message.id ?? ''} ${(r.message.arguments ?? []).join(', ')}`),
        [],
        `${name}: validator errors/warnings`,
      );
    }
    // Control: the validator does apply GitHub's rules (a rule without help is an ingestion error).
    const broken = JSON.parse(fs.readFileSync(path.join(work, 'breaking-service.sarif'), 'utf8'));
    delete broken.runs[0].tool.driver.rules[0].help;
    fs.writeFileSync(path.join(work, 'broken.sarif'), JSON.stringify(broken));
    assert.deepEqual(
      validate(path.join(work, 'broken.sarif'), work).map((r) => `${r.level} ${r.ruleId}`),
      ['error GH2012'],
    );
  });
});
