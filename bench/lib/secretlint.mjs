// The peer: secretlint 13 with its recommended preset over exactly our file list, through its own
// engine (what its CLI runs after globbing), in its own process like ours.
//   node secretlint.mjs TOOLS_DIR FILES.json OUT.json [--profiler]
// Writes secretlint's JSON report to OUT.json (secrets masked: maskSecrets) and OUT.json.meta.json:
// the versions, whether secretlint's internal profiler was on, and how many performance marks the
// process made (0 when the profiler is off: proof that its cost is not in the figure).
//
// The profiler (@secretlint/profiler, secretlint#1633, #1653, fixed by #1673 in 13.0.5+): a singleton
// whose `mark()` calls `performance.mark()` per rule per file and feeds a PerformanceObserver. Since
// the fix it is a no-op while disabled, but it is *enabled by default*: only secretlint's CLI turns it
// off (`secretLintProfiler.setEnabled(Boolean(flags.profile))`, secretlint/module/cli.js). A program
// that calls `createEngine` directly, like this one, must do what the CLI does, or it measures
// secretlint with `--profile`. `--profiler` keeps it on (to show what it costs).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const [toolsDir, listFile, outFile, ...flags] = process.argv.slice(2);
const profile = flags.includes('--profiler');
const fromTools = createRequire(`${toolsDir}/package.json`);
// Resolve everything from secretlint's own installation, as its CLI does.
const fromCli = createRequire(fromTools.resolve('secretlint/package.json'));
const nodeEntry = fromCli.resolve('@secretlint/node');
const fromNode = createRequire(nodeEntry);
const fromCore = createRequire(fromNode.resolve('@secretlint/core'));
const profilerEntry = fromNode.resolve('@secretlint/profiler');
if (fromCore.resolve('@secretlint/profiler') !== profilerEntry) {
  // Two copies: disabling one would leave the other on.
  throw new Error('@secretlint/core and @secretlint/node resolve different @secretlint/profiler copies');
}
const { secretLintProfiler } = await import(pathToFileURL(profilerEntry).href);
secretLintProfiler.setEnabled(profile); // before the first mark, exactly as secretlint's CLI does
const { createEngine } = await import(pathToFileURL(nodeEntry).href);

const files = JSON.parse(fs.readFileSync(listFile, 'utf8'));
const engine = await createEngine({
  cwd: toolsDir,
  formatter: 'json',
  color: false,
  maskSecrets: true,
  configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
});
const { output } = await engine.executeOnFiles({ filePathList: files });
fs.writeFileSync(outFile, output);

const version = (request) => JSON.parse(fs.readFileSync(fromTools.resolve(`${request}/package.json`), 'utf8')).version;
const marks = performance.getEntriesByType('mark');
fs.writeFileSync(
  `${outFile}.meta.json`,
  JSON.stringify({
    secretlint: version('secretlint'),
    node: version('@secretlint/node'),
    core: JSON.parse(fs.readFileSync(path.join(path.dirname(fromNode.resolve('@secretlint/core')), '..', 'package.json'), 'utf8')).version,
    preset: version('@secretlint/secretlint-rule-preset-recommend'),
    profilerEnabled: secretLintProfiler.isEnabled,
    performanceMarks: marks.length,
  }),
);
