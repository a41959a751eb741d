/** The bundled CLI (dist/cli.js) on fixture folders: output per format and exit codes (docs/DESIGN.md §3). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RULES } from '../../server/src/analysis/registry';
import { cli } from './helpers';

const SECRET = 'R2FyZGVuLWdub21lLTQyLWZha2Uta2V5';

const run = cli;

describe('twelve-factor-lint CLI', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-cli-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.mkdirSync(path.join(root, 'generated'));
    fs.writeFileSync(path.join(root, 'src', 'app.ts'), `import x from 'y';\n\nexport const apiSecret = '${SECRET}';\n`);
    fs.writeFileSync(path.join(root, 'src', 'clean.ts'), `export const apiSecret = process.env.API_SECRET;\n`);
    fs.writeFileSync(path.join(root, 'generated', 'keys.ts'), `export const apiSecret = '${SECRET}';\n`);
    fs.writeFileSync(path.join(root, '.gitignore'), 'generated/\n');
    fs.mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', 'dep', 'index.js'), `exports.apiSecret = '${SECRET}';\n`);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('--format json prints exactly the contract: 1-based positions, relative paths, exit 1', async () => {
    const r = await run(['--format', 'json'], root);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(report), ['version', 'root', 'files', 'findings']);
    assert.equal(report.version, 1);
    assert.equal(report.root, '.');
    assert.equal(report.files, 2, '.gitignore and node_modules are honoured');
    assert.equal(report.findings.length, 1);
    const [f] = report.findings;
    assert.deepEqual(Object.keys(f), ['ruleId', 'factor', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn']);
    assert.deepEqual(
      {
        ruleId: f.ruleId,
        factor: f.factor,
        severity: f.severity,
        file: f.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
      },
      {
        ruleId: 'config/no-hardcoded-secret',
        factor: 3,
        severity: 'error',
        file: 'src/app.ts',
        line: 3,
        column: 26,
        endLine: 3,
        endColumn: 60,
      },
    );
  });

  it('never prints the secret in any format', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = await run(['--format', format], root);
      assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), `${format} output leaks the secret`);
    }
  });

  it('text output names file, position, severity, rule, and a summary', async () => {
    const r = await run(['--no-color'], root);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^src\/app\.ts\n {2}3:26 {2}error {4}Hardcoded secret R2Fy…\(32 chars\) in "apiSecret".* {2}config\/no-hardcoded-secret$/m,
    );
    assert.match(r.stdout, /✖ 1 problem \(1 error\) in 2 files scanned\./);
  });

  it('--fail-on decides the exit code', async () => {
    assert.equal((await run(['--fail-on', 'none'], root)).code, 0);
    assert.equal((await run(['--fail-on', 'warning'], root)).code, 1);
    const clean = await run(['src/clean.ts'], root);
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /No twelve-factor problems in 1 file\./);
  });

  it('a rule set to warning in .twelvefactorrc.json no longer fails the default --fail-on error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-cli-config-'));
    fs.writeFileSync(path.join(dir, 'a.ts'), `const dbPassword = '${SECRET}';\n`);
    fs.writeFileSync(
      path.join(dir, '.twelvefactorrc.json'),
      `{\n  // comments are allowed\n  "rules": { "config/no-hardcoded-secret": "warning" },\n}\n`,
    );
    const r = await run(['--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).findings[0].severity, 'warning');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the config "ignore" globs skip files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-cli-ignore-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.writeFileSync(path.join(dir, 'scripts', 'seed.ts'), `const dbPassword = '${SECRET}';\n`);
    fs.writeFileSync(path.join(dir, '.twelvefactorrc.json'), `{ "ignore": ["scripts/**"] }`);
    const r = await run(['--format', 'json', '--allow-empty'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).files, 0);
    // Without --allow-empty a scan that analysed nothing is an error (exit 2), as ESLint's "no files matching".
    const empty = await run(['--format', 'json'], dir);
    assert.equal(empty.code, 2);
    assert.equal(empty.stdout, '');
    assert.match(empty.stderr, /^twelve-factor-lint: no file to check in \. .*--allow-empty accepts that\n$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exit 2 with a one-line message for usage and configuration errors', async () => {
    const bad = await run(['--format', 'yaml'], root);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.match(bad.stderr, /unknown format "yaml"/);
    assert.equal((await run(['no/such/path'], root)).code, 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-cli-badconfig-'));
    fs.writeFileSync(path.join(dir, '.twelvefactorrc.json'), `{ "rules": { "config/no-hardcoded-secret": "loud" } }`);
    const r = await run([], dir);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^twelve-factor-lint: invalid configuration: \.twelvefactorrc\.json:1:44: Rule "config\/no-hardcoded-secret": expected "off"/,
    );
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.doesNotMatch(r.stderr, /defaults are in force/);
    // Every problem is printed, one line each, including those of nested config files and unknown options.
    fs.writeFileSync(
      path.join(dir, '.twelvefactorrc.json'),
      `{ "rules": { "logs/no-file-logging": ["warning", { "verbose": true }] },\n  "colour": 1 }`,
    );
    fs.mkdirSync(path.join(dir, 'packages', 'api'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'packages', 'api', '.twelvefactorrc.json'), `{ "rules": { "logs/no-such-rule": "off" } }`);
    const many = await run([], dir);
    assert.equal(many.code, 2);
    assert.deepEqual(many.stderr.trim().split('\n'), [
      'twelve-factor-lint: invalid configuration: .twelvefactorrc.json:1:38: Rule "logs/no-file-logging": unknown option "verbose" (options: testFileSeverity). Its options are not applied until this is fixed.',
      'twelve-factor-lint: invalid configuration: .twelvefactorrc.json:2:3: Unknown setting "colour". Allowed: root, rules, ignore, testFiles, maxFileSize, baseline, requireReason.',
      `twelve-factor-lint: invalid configuration: ${path.join('packages', 'api', '.twelvefactorrc.json')}:1:14: Unknown rule "logs/no-such-rule". Known rules: ${RULES.map((r) => r.meta.id).join(', ')}.`,
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--format sarif is SARIF 2.1.0 with one rule entry per rule and help URIs', async () => {
    const r = await run(['--format', 'sarif'], root);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'twelve-factor-lint');
    const ids = driver.rules.map((rule: { id: string }) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes('config/no-hardcoded-secret'));
    for (const rule of driver.rules) assert.match(rule.helpUri, /^https:\/\/.*\/docs\/rules\/.*\.md$/);
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'config/no-hardcoded-secret');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'src/app.ts');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 3, startColumn: 26, endLine: 3, endColumn: 60 });
    assert.ok(result.partialFingerprints['twelveFactorLint/v1']);
  });

  it('--help and --version', async () => {
    assert.match((await run(['--help'], root)).stdout, /Usage: twelve-factor-lint/);
    assert.match((await run(['--version'], root)).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('skips a binary file and a minified bundle with a note, and still reports the rest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-cli-bad-'));
    fs.writeFileSync(path.join(dir, 'blob.js'), Buffer.from([0, 1, 2, 0, 255, 254, 0, 10]));
    fs.writeFileSync(path.join(dir, 'bundle.min.js'), `var a=1;${'x=1;'.repeat(40000)}`);
    fs.writeFileSync(path.join(dir, 'app.ts'), `const dbPassword = '${SECRET}';\n`);
    const r = await run(['--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).findings.length, 1);
    assert.match(r.stderr, /2 files skipped/);
    const verbose = await run(['--verbose', '--format', 'json'], dir);
    assert.match(verbose.stderr, /blob\.js: Skipped: the file looks binary/);
    assert.match(verbose.stderr, /bundle\.min\.js: Skipped: the file looks minified/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
