/**
 * `--fix`, `--fix-type suggestion`, `--fix-dry-run`, `--stdin --fix` on copies of examples/service:
 * what is written, that a fresh scan of the result agrees with what the run reported, that the fixed
 * TypeScript still type-checks and parses, that no secret is written anywhere, and that the dry-run
 * diff applies.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { newTypeErrors } from '../helpers/typeCheck';
import { cli, copyOf } from './helpers';

const SECRETS = ['Tr0ub4dor-and-3', 'f3b9c1d27a8e4b6f9d0c2e5a7b1d3f60'];

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((f) => before.get(f) !== after.get(f)).sort();
}

function assertTypeChecksAndParses(dir: string, before: Map<string, string>, after: Map<string, string>) {
  for (const file of changedFiles(before, after)) {
    if (!file.endsWith('.ts')) continue;
    const text = after.get(file)!;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    assert.deepEqual((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, [], `${file} parses after the fix`);
    assert.deepEqual(newTypeErrors(path.join(dir, file), before.get(file) ?? '', text), [], `${file}: the fix adds no type error`);
  }
}

const ruleIds = (json: string) =>
  (JSON.parse(json) as { findings: { ruleId: string; file: string }[] }).findings.map((f) => `${f.file} ${f.ruleId}`);

describe('--fix', () => {
  it('applies safe fixes only, loops until stable, and a fresh scan finds what the run reported', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      const before = snapshot(dir);
      const r = await cli(['--fix', '--format', 'json'], dir);
      assert.equal(r.code, 1, 'errors (the secrets, whose fixes are suggestions) remain');
      const after = snapshot(dir);
      assert.deepEqual(changedFiles(before, after), ['Dockerfile', 'src/logger.ts']);
      assert.match(after.get('Dockerfile')!, /^CMD exec node dist\/index\.js$/m, 'both safe fixes of the CMD line, in two passes');
      assert.match(after.get('src/logger.ts')!, /new winston\.transports\.Console\(\{ level: 'info' \}\)/);
      assert.ok(!after.has('.env.example'), 'suggestions are not applied');
      assertTypeChecksAndParses(dir, before, after);
      // Re-scanned: what the --fix run reported is what a fresh run sees.
      const fresh = await cli(['--format', 'json'], dir);
      assert.equal(fresh.stdout, r.stdout);
      assert.ok(!ruleIds(fresh.stdout).some((f) => /logs\/no-file-logging|signal-forwarding/.test(f)));
      assert.match(r.stderr, /Fixed 3 problems in 2 files \(Dockerfile, src\/logger\.ts\)\./);
      // Stable: nothing more to do.
      const again = await cli(['--fix'], dir);
      assert.match(again.stdout, /No safe fix to apply\./);
      assert.deepEqual(snapshot(dir), after);
    } finally {
      cleanup();
    }
  });

  it('--fix-type suggestion: every fix, .env.example created with names only, no secret written anywhere, still type-checks', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      const before = snapshot(dir);
      const r = await cli(['--fix', '--fix-type', 'suggestion', '--no-color'], dir);
      const after = snapshot(dir);
      assert.deepEqual(changedFiles(before, after), [
        '.env.example',
        'Dockerfile',
        'Procfile',
        'src/config.ts',
        'src/index.ts',
        'src/logger.ts',
        'src/server.ts',
      ]);
      assert.equal(after.get('.env.example'), 'DB_PASSWORD=\nDATABASE_URL=\nJWT_SECRET=\n');
      for (const [file, text] of after) for (const s of SECRETS) assert.ok(!text.includes(s), `${file} still holds a secret`);
      assertTypeChecksAndParses(dir, before, after);
      assert.equal(r.code, 0, r.stdout);
      // What has no fix remains: the per-user collection, and the packages the session-store fix imports, which
      // package.json does not declare yet (no version to write: the user adds them with npm install).
      assert.match(r.stdout, /^ {2}12:7 .*processes\/no-in-memory-session$/m, 'what has no fix remains');
      assert.match(r.stdout, /^ {2}6:28 .*"connect-redis" is loaded at run time.*dependencies\/declared-dependency$/m);
      assert.match(r.stdout, /^ {2}7:30 .*"redis" is loaded at run time.*dependencies\/declared-dependency$/m);
      assert.match(r.stdout, /✖ 3 problems \(3 warnings\)/);
      const fresh = await cli(['--no-color'], dir);
      assert.equal(fresh.stdout.split('\n✖')[0], r.stdout.split('\n✖')[0], 'a fresh scan finds what the run reported');
    } finally {
      cleanup();
    }
  });

  it('--fix-dry-run writes nothing and prints a diff that applies to what --fix writes', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    const { dir: fixed, cleanup: cleanupFixed } = copyOf('examples/service');
    try {
      // A secret next to a fixed line is shown redacted in the diff (for reading, not applying): none here.
      for (const d of [dir, fixed]) {
        const dockerfile = path.join(d, 'Dockerfile');
        fs.writeFileSync(dockerfile, fs.readFileSync(dockerfile, 'utf8').replace(/^ENV DB_PASSWORD=.*\n/m, ''));
      }
      const before = snapshot(dir);
      const r = await cli(['--fix-dry-run'], dir);
      assert.deepEqual(snapshot(dir), before, 'nothing written');
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ /m);
      assert.match(r.stderr, /Would fix 3 problems in 2 files/);
      fs.writeFileSync(path.join(dir, 'fixes.patch'), r.stdout);
      const applied = spawnSync('git', ['apply', 'fixes.patch'], { cwd: dir, encoding: 'utf8' });
      assert.equal(applied.status, 0, applied.stderr);
      fs.rmSync(path.join(dir, 'fixes.patch'));
      await cli(['--fix'], fixed);
      assert.deepEqual(snapshot(dir), snapshot(fixed));
    } finally {
      cleanup();
      cleanupFixed();
    }
  });

  it('paths in the diff and the report are relative to the working directory', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      const parent = path.dirname(dir);
      const name = path.basename(dir);
      const d = await cli(['--fix-dry-run', name, '--no-color'], parent);
      assert.match(d.stdout, new RegExp(`^--- a/${name}/src/logger\\.ts$`, 'm'));
      assert.match(d.stderr, new RegExp(`^${name}/src/config\\.ts$`, 'm'));
    } finally {
      cleanup();
    }
  });

  it('--stdin --fix prints the fixed text, writes nothing (no .env.example either), reports on stderr', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      const before = snapshot(dir);
      const logger = before.get('src/logger.ts')!;
      const r = await cli(['--stdin', '--stdin-filename', 'src/logger.ts', '--fix'], dir, { stdin: logger });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, logger.replace("File({ filename: 'logs/orders.log', level: 'info' })", "Console({ level: 'info' })"));
      assert.match(r.stderr, /No twelve-factor problems in 1 file/);
      const config = before.get('src/config.ts')!;
      const s = await cli(['--stdin', '--stdin-filename', 'src/config.ts', '--fix', '--fix-type', 'suggestion'], dir, { stdin: config });
      assert.match(s.stdout, /jwtSecret: process\.env\.JWT_SECRET/);
      for (const secret of SECRETS) assert.ok(!s.stdout.includes(secret));
      assert.deepEqual(snapshot(dir), before, 'nothing written, .env.example not created');
    } finally {
      cleanup();
    }
  });

  it('--fix-type needs --fix; an unknown type is a usage error', async () => {
    const { dir, cleanup } = copyOf('examples/service');
    try {
      assert.match((await cli(['--fix-type', 'suggestion'], dir)).stderr, /--fix-type needs --fix or --fix-dry-run/);
      const bad = await cli(['--fix', '--fix-type', 'all'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown --fix-type "all" \(expected safe or suggestion\)/);
    } finally {
      cleanup();
    }
  });
});
