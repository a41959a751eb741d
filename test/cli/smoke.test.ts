/**
 * The few tests that run the bundle dist/cli.js itself: --help/--version answer without evaluating the
 * analysis core (TypeScript), one real scan with its exit status, the worker pool (--jobs 2) printing
 * what the in-process single-threaded run prints, and exit codes of the process.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SourceMap } from 'node:module';
import { cli, DIST_CLI, REPO, spawnCli } from './helpers';

interface CpuProfile {
  nodes: { callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
}

/**
 * How many functions of the TypeScript compiler ran in a spawned run: the CPU profile's frames in
 * dist/cli.js (sampled every 200 µs) mapped back through the bundle's source map, so it holds for the
 * development and the minified production build alike.
 */
function typescriptFramesIn(args: string[]): { frames: number; code: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-prof-'));
  try {
    const r = spawnCli(args, REPO, { execArgv: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'] });
    const [file] = fs.readdirSync(dir);
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const map = new SourceMap(JSON.parse(fs.readFileSync(`${DIST_CLI}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    const frames = profile.nodes.filter(({ callFrame: f }) => {
      if (!f.url.endsWith('/dist/cli.js') || f.lineNumber < 0) return false;
      const entry = map.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string };
      return /node_modules\/typescript\//.test(entry.originalSource ?? '');
    }).length;
    return { frames, code: r.code };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('dist/cli.js (spawned)', () => {
  it('--help and --version answer without evaluating TypeScript (a real scan does: the control)', () => {
    for (const args of [['--help'], ['--version']]) {
      const { frames, code } = typescriptFramesIn(args);
      assert.equal(code, 0);
      assert.equal(frames, 0, `${args[0]} ran TypeScript code`);
    }
    assert.ok(typescriptFramesIn(['examples/service', '--fail-on', 'none']).frames > 0, 'the probe sees TypeScript when it runs');
    assert.match(spawnCli(['--version'], REPO).stdout, /^\d+\.\d+\.\d+\n$/);
    assert.match(spawnCli(['--help'], REPO).stdout, /^Usage: twelve-factor-lint/);
  });

  it('a real scan: text on stdout, exit 1 on errors, 0 with --fail-on none, 2 on a usage error', () => {
    const r = spawnCli(['examples/service'], REPO);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^examples\/service\/src\/config\.ts$/m);
    assert.match(r.stdout, /✖ 10 problems \(3 errors, 7 warnings\) in 7 files scanned\./);
    assert.equal(spawnCli(['examples/service', '--fail-on', 'none'], REPO).code, 0);
    const bad = spawnCli(['--format', 'yaml'], REPO);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'twelve-factor-lint: unknown format "yaml" (expected text, json, sarif, markdown, github). Try --help.\n');
  });

  it('--jobs 2 (worker threads of the bundle) prints what the in-process --jobs 1 prints, with the same exit code', async () => {
    const args = ['test/fixtures', '--format', 'json', '--fail-on', 'warning'];
    const pooled = spawnCli([...args, '--jobs', '2'], REPO);
    const single = await cli([...args, '--jobs', '1'], REPO);
    assert.equal(pooled.stderr, '', 'no fallback to one thread');
    assert.equal(pooled.stdout, single.stdout);
    assert.equal(pooled.code, 1);
    assert.equal(single.code, 1);
  });

  it('--stdin reads the process standard input', () => {
    const r = spawnCli(['--stdin', '--stdin-filename', 'src/x.ts', '--format', 'json'], REPO, {
      stdin: "export const apiSecret = 'R2FyZGVuLWdub21lLTQyLWZha2Uta2V5';\n",
    });
    assert.equal(r.code, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).findings[0].file, 'src/x.ts');
  });
});
