/**
 * `--update-baseline`, `--baseline`, the config's "baseline", requireReason and
 * --report-unused-disable-directives, through the CLI in-process.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli, copyOf, tempWorkspace } from './helpers';

const prepend = (file: string, text: string) => fs.writeFileSync(file, text + fs.readFileSync(file, 'utf8'));

describe('baseline', () => {
  it('records every finding, then reports only new ones: entries survive lines inserted above; a fixed one is listed as stale', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      const recorded = await cli(['--update-baseline'], dir);
      assert.equal(recorded.code, 0, recorded.stderr);
      assert.match(recorded.stderr, /recorded 10 findings in \.twelvefactor-baseline\.json/);
      const file = path.join(dir, '.twelvefactor-baseline.json');
      const text = fs.readFileSync(file, 'utf8');
      assert.equal((await cli(['--update-baseline'], dir)).code, 0);
      assert.equal(fs.readFileSync(file, 'utf8'), text, 'rewritten byte for byte');

      // Found without --baseline (the folder's .twelvefactor-baseline.json): nothing new.
      const clean = await cli(['--no-color'], dir);
      assert.equal(clean.code, 0, clean.stdout);
      assert.match(clean.stdout, /✔ No twelve-factor problems in 7 files\.\n10 findings in the baseline not shown\.\n$/);

      // Lines inserted above every finding: still baselined. A new secret: reported. One fixed: stale.
      for (const f of ['src/config.ts', 'src/logger.ts', 'src/server.ts', 'src/index.ts']) prepend(path.join(dir, f), '// header\n\n');
      prepend(path.join(dir, 'Dockerfile'), '# syntax=docker/dockerfile:1\n');
      const config = path.join(dir, 'src/config.ts');
      fs.writeFileSync(
        config,
        fs
          .readFileSync(config, 'utf8')
          .replace(/jwtSecret: '.*'/, 'jwtSecret: process.env.JWT_SECRET')
          .concat("export const apiKey = 'Zq8-new-Secret-7777';\n"),
      );
      const r = await cli(['--format', 'json'], dir);
      assert.equal(r.code, 1);
      const findings = JSON.parse(r.stdout).findings as { file: string; line: number; ruleId: string }[];
      assert.deepEqual(
        findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
        ['src/config.ts:11 config/no-hardcoded-secret'],
      );
      assert.match(r.stderr, /9 findings in the baseline not shown\./);
      assert.match(r.stderr, /1 baseline entry no longer found \(fixed or changed\): --update-baseline drops them\./);
      assert.match(r.stderr, /src\/config\.ts {2}config\/no-hardcoded-secret/);
      const text2 = await cli(['--no-color'], dir);
      assert.match(
        text2.stdout,
        /^1 baseline entry no longer found.*\n {2}src\/config\.ts {2}config\/no-hardcoded-secret$/m,
        'text lists it too',
      );
    } finally {
      cleanup();
    }
  });

  it('--baseline names the file; the config\'s "baseline" (relative to it) is used by default; a missing or broken one is exit 2', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      assert.equal((await cli(['--update-baseline', '--baseline', 'ci/accepted.json'], dir)).code, 0);
      assert.ok(fs.existsSync(path.join(dir, 'ci/accepted.json')));
      assert.equal((await cli([], dir)).code, 1, 'not a default location');
      assert.equal((await cli(['--baseline', 'ci/accepted.json'], dir)).code, 0);
      fs.writeFileSync(path.join(dir, '.twelvefactorrc.json'), '{ "baseline": "ci/accepted.json" }');
      assert.equal((await cli([], dir)).code, 0);
      // Scanning some files only: their entries apply, no other is stale.
      const part = await cli(['src/config.ts', 'Dockerfile'], dir);
      assert.equal(part.code, 0, part.stdout);
      assert.doesNotMatch(part.stdout, /no longer found/);
      const missing = await cli(['--baseline', 'nope.json'], dir);
      assert.equal(missing.code, 2);
      assert.match(
        missing.stderr,
        /^twelve-factor-lint: baseline nope\.json: cannot read the baseline file \(create it with --update-baseline\)\n$/,
      );
      fs.writeFileSync(path.join(dir, 'ci/accepted.json'), '{"version": 7, "entries": []}');
      const broken = await cli([], dir);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /unsupported baseline version 7/);
      assert.equal(broken.stdout, '');
    } finally {
      cleanup();
    }
  });

  it('--update-baseline on part of the folder keeps the entries of the rest', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      await cli(['--update-baseline'], dir);
      const all = JSON.parse(fs.readFileSync(path.join(dir, '.twelvefactor-baseline.json'), 'utf8')).entries.length;
      await cli(['--update-baseline', 'src/logger.ts'], dir);
      assert.equal(JSON.parse(fs.readFileSync(path.join(dir, '.twelvefactor-baseline.json'), 'utf8')).entries.length, all);
    } finally {
      cleanup();
    }
  });
});

describe('disable directives', () => {
  const files = {
    'a.ts': [
      '// twelve-factor-disable-next-line config/no-hardcoded-secret -- a test key, rotated',
      "export const apiSecret = 'R2FyZGVuLWdub21lLTQyLWZha2Uta2V5';",
      '// twelve-factor-disable-next-line config/no-hardcoded-secret',
      "export const dbPassword = 'Zq8-named-Secret-77';",
      '// twelve-factor-disable-next-line logs/no-file-logging -- nothing to silence here',
      'export const x = 1;',
      '',
    ].join('\n'),
  };

  it('requireReason: a directive without " -- reason" fails the run; with reasons it passes', async () => {
    const { dir, cleanup } = tempWorkspace({ ...files, '.twelvefactorrc.json': '{ "requireReason": true }' });
    try {
      const r = await cli(['--format', 'json'], dir);
      assert.equal(r.code, 1);
      assert.deepEqual(JSON.parse(r.stdout).findings, []);
      assert.equal(
        r.stderr,
        'a.ts:3:4: error: This disable directive gives no reason: add one after " -- " (the config sets requireReason).\n',
      );
      const gh = await cli(['--format', 'github'], dir);
      assert.match(
        gh.stdout,
        /^::error file=a\.ts,line=3,col=4,title=twelve-factor-lint directive::This disable directive gives no reason/m,
      );
      fs.writeFileSync(path.join(dir, '.twelvefactorrc.json'), '{ "requireReason": false }');
      assert.equal((await cli([], dir)).code, 0);
    } finally {
      cleanup();
    }
  });

  it('--report-unused-disable-directives lists directives that silence nothing, including those of a rule that is off', async () => {
    const { dir, cleanup } = tempWorkspace(files);
    try {
      assert.equal((await cli([], dir)).code, 0, 'not reported without the flag');
      const r = await cli(['--report-unused-disable-directives'], dir);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        'a.ts:5:4: error: Unused disable directive: no problem of logs/no-file-logging is reported here (remove it).\n',
      );
      fs.writeFileSync(path.join(dir, '.twelvefactorrc.json'), '{ "rules": { "config/no-hardcoded-secret": "off" } }');
      const off = await cli(['--report-unused-disable-directives'], dir);
      assert.equal(off.stderr.trim().split('\n').length, 3, off.stderr);
      assert.equal((await cli(['--report-unused-disable-directives', '--fail-on', 'none'], dir)).code, 0);
    } finally {
      cleanup();
    }
  });

  it('counts directives in files where no rule runs (pre-filtered, never parsed for a rule) as with --no-prefilter', async () => {
    const { dir, cleanup } = tempWorkspace({
      'plain.ts': '// twelve-factor-disable-next-line logs/no-file-logging -- long gone\nexport const x = 1;\n',
      'quoted.ts': "export const doc = '// twelve-factor-disable-next-line logs/no-file-logging';\n",
      '.env': '# twelve-factor-disable-next-line logs/no-file-logging\nPORT=3000\n',
      '.twelvefactorrc.json': '{ "requireReason": true }',
    });
    try {
      for (const extra of [[], ['--no-prefilter']]) {
        const r = await cli(['--report-unused-disable-directives', ...extra], dir);
        assert.equal(r.code, 1);
        assert.deepEqual(
          r.stderr.trim().split('\n').sort(),
          [
            '.env:1:3: error: This disable directive gives no reason: add one after " -- " (the config sets requireReason).',
            '.env:1:3: error: Unused disable directive: no problem of logs/no-file-logging is reported here (remove it).',
            'plain.ts:1:4: error: Unused disable directive: no problem of logs/no-file-logging is reported here (remove it).',
          ],
          extra.join(' '),
        );
      }
    } finally {
      cleanup();
    }
  });
});
