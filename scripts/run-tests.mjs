#!/usr/bin/env node
// Runs every test/**/*.test.ts (except the editor suites under test/e2e) with node's test runner,
// which prints its pass/fail counts. Pass file or folder names to run a subset. `*.slow.test.ts`
// files (worker pools, 1M-character inputs, the SARIF validator…) run only with --slow (npm run
// test:slow, which CI runs too) or when named.
//
// The tests are compiled first, all at once, by esbuild (one bundle per test file, packages left
// external) instead of being transformed in every test process by a loader: that cost ~2 CPU-s per
// test file, more than most tests themselves. Each file keeps its own __dirname/__filename (they are
// written in as the source's), and `require.main === module` guards of imported modules stay false.
// Test files run two at a time (the machines have two cores); TEST_CONCURRENCY changes that.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const slow = args.includes('--slow');
if (slow) process.env.TFL_SLOW_TESTS = '1';
const named = args.filter((a) => a !== '--slow');
const targets = named.length ? named : ['test'];
const files = [];
const visit = (p) => {
  const stat = statSync(p);
  if (stat.isDirectory()) {
    const rel = relative(root, p);
    if (rel === join('test', 'e2e') || rel === join('test', 'fixtures') || p.endsWith('node_modules')) return;
    for (const name of readdirSync(p).sort()) visit(join(p, name));
  } else if (p.endsWith('.test.ts') && (isNamed(p) || (slow ? p.endsWith('.slow.test.ts') : !p.endsWith('.slow.test.ts')))) files.push(p);
};
const isNamed = (p) => named.some((n) => (n.startsWith('/') ? n : join(root, n)) === p);
for (const t of targets) visit(t.startsWith('/') ? t : join(root, t));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const outdir = join(root, 'out', 'tests');
rmSync(outdir, { recursive: true, force: true });
const ownPaths = {
  name: 'own-paths',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!/__dirname|__filename|require\.main/.test(text)) return undefined;
      return { contents: ownPathsOf(args.path, text, files.includes(args.path)), loader: 'ts', resolveDir: dirname(args.path) };
    });
  },
};
/** The identifiers (never the strings) `__dirname`/`__filename` as the source's own paths; `require.main === module` false outside entries. */
function ownPathsOf(file, text, isEntry) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits = [];
  const visit = (node) => {
    if (ts.isIdentifier(node) && (node.text === '__dirname' || node.text === '__filename')) {
      edits.push([node.getStart(source), node.end, JSON.stringify(node.text === '__dirname' ? dirname(file) : file)]);
    } else if (
      !isEntry &&
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken &&
      node.left.getText(source) === 'require.main' &&
      node.right.getText(source) === 'module'
    ) {
      edits.push([node.getStart(source), node.end, 'false']);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + replacement + out.slice(end);
  return out;
}

await esbuild.build({
  entryPoints: files,
  outbase: root,
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [ownPaths],
});

const compiled = files.map((f) => join(outdir, relative(root, f)).replace(/\.ts$/, '.cjs'));
const concurrency = Number(process.env.TEST_CONCURRENCY) || Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
const result = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...compiled],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
