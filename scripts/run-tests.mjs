#!/usr/bin/env node
// Runs every test/**/*.test.ts (except the editor suites under test/e2e) with node's test runner,
// which prints its pass/fail counts. Pass file or folder names to run a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
const files = [];
const visit = (p) => {
  const stat = statSync(p);
  if (stat.isDirectory()) {
    const rel = relative(root, p);
    if (rel === join('test', 'e2e') || rel === join('test', 'fixtures') || p.endsWith('node_modules')) return;
    for (const name of readdirSync(p).sort()) visit(join(p, name));
  } else if (p.endsWith('.test.ts')) files.push(p);
};
for (const t of targets) visit(join(root, t) === t ? t : t.startsWith('/') ? t : join(root, t));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
