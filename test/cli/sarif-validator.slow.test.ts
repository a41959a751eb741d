/**
 * Slow (npm run test:slow): `--format sarif` validated with Microsoft's SARIF Multitool and GitHub's
 * ingestion rules (Gh). The multitool is a .NET program: about 10 s.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyFixtures } from '../unit/report/helpers';
import { cli } from './helpers';

const MULTITOOL = path.resolve(__dirname, '../../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

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

describe('SARIF validation (slow)', () => {
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

  it('--format sarif passes the SARIF Multitool validator with GitHub rules: 0 errors, 0 warnings', async (t) => {
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
      await cli([name, '--format', 'sarif', '-o', file, '--fail-on', 'none', '--allow-empty'], dir);
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
