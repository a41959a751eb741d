#!/usr/bin/env node
// The GitHub Action's step (action.yml), kept in a file so it can be run and tested outside GitHub:
//   TFL_PATHS="examples/service" GITHUB_STEP_SUMMARY=/tmp/s GITHUB_OUTPUT=/tmp/o node action/run.mjs
// One process runs the CLI three times through its exported run() (the analysis core loaded once, the
// second and third runs read the first one's --cache): SARIF to a file for
// github/codeql-action/upload-sarif, the Markdown compliance report appended to the job summary, and
// workflow-command annotations on stdout, whose exit code is the step's (--fail-on, --baseline…).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const env = process.env;
const actionPath = env.GITHUB_ACTION_PATH || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { run } = createRequire(import.meta.url)(path.join(actionPath, 'dist', 'cli.js'));

const words = (s) => (s ?? '').split(/\s+/).filter(Boolean);
const paths = words(env.TFL_PATHS || '.');
const failOn = env.TFL_FAIL_ON || 'error';
const sarifFile = path.resolve(env.TFL_SARIF || 'twelve-factor-lint.sarif');
const common = [
  ...paths,
  ...(env.TFL_BASELINE ? ['--baseline', env.TFL_BASELINE] : []),
  '--cache',
  '--cache-location',
  `${path.join(env.RUNNER_TEMP || os.tmpdir(), 'twelve-factor-lint-cache')}${path.sep}`,
  ...words(env.TFL_ARGS),
];

async function cli(args, { quiet = false } = {}) {
  let stdout = '';
  const code = await run([...common, ...args], {
    cwd: process.cwd(),
    env,
    isTTY: false,
    stdout: (s) => (quiet ? (stdout += s) : process.stdout.write(s)),
    stderr: (s) => process.stderr.write(s),
  });
  return { code, stdout };
}

function appendTo(file, text) {
  if (file) fs.appendFileSync(file, text);
}

// 1. SARIF for code scanning (every finding; the gate is step 3).
const sarif = await cli(['--format', 'sarif', '--fail-on', 'none', '-o', sarifFile]);
if (sarif.code === 2) process.exit(2); // a usage or configuration error, already printed
const results = JSON.parse(fs.readFileSync(sarifFile, 'utf8')).runs[0].results.length;

// 2. The compliance report in the job summary.
const markdown = await cli(['--format', 'markdown', '--fail-on', 'none'], { quiet: true });
appendTo(env.GITHUB_STEP_SUMMARY, `${markdown.stdout}\n`);

// 3. Annotations, and the step's verdict.
const gate = await cli(['--format', 'github', '--fail-on', failOn]);

appendTo(env.GITHUB_OUTPUT, `sarif-file=${sarifFile}\nfindings=${results}\nexit-code=${gate.code}\n`);
process.exit(gate.code);
