/**
 * The CLI's work once the arguments are known: one workspace session for the scan root, indexed
 * once (in worker threads for big scans), then the chosen format and the exit code. Loaded lazily by
 * cli.ts, so `--help`/`--version` never load the analysis core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, WorkspaceSession, severityRank, diskHost, type ConfigProblem } from '../analysis';
import { buildReport } from '../analysis/report/build';
import { formatJson } from '../format/json';
import { formatText } from '../format/text';
import { formatSarif } from '../format/sarif';
import { formatMarkdown } from '../format/markdown';
import type { CliOptions } from './args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo } from './io';

function describeProblem(p: ConfigProblem, cwd: string): string {
  return `${path.relative(cwd, p.file) || p.file}:${p.range.start.line + 1}:${p.range.start.column + 1}: ${p.message}`;
}

/** The scan root: the single folder given, else the current folder. */
function rootFor(paths: readonly string[], cwd: string): string {
  if (paths.length === 1) {
    const only = path.resolve(cwd, paths[0]);
    try {
      if (fs.statSync(only).isDirectory()) return only;
    } catch {
      /* reported below */
    }
  }
  return cwd;
}

export async function lint(options: CliOptions, io: CliIo, workerScript: string): Promise<number> {
  const paths = options.paths.length ? options.paths : ['.'];
  for (const p of paths) {
    if (!fs.existsSync(path.resolve(io.cwd, p))) {
      io.stderr(`twelve-factor-lint: no such file or folder: ${p}\n`);
      return EXIT_USAGE;
    }
  }
  const root = rootFor(paths, io.cwd);
  let configFile: string | undefined;
  if (options.config) {
    configFile = path.resolve(io.cwd, options.config);
    if (diskHost.readFile(configFile) === undefined) {
      io.stderr(`twelve-factor-lint: cannot read config file ${options.config}\n`);
      return EXIT_USAGE;
    }
  }
  const session = new WorkspaceSession(root, {
    configFile,
    prefilter: options.prefilter,
    pool: {
      jobs: options.jobs,
      // The workers run this very script (dist/cli.js), which serves them (scanPool.runPoolWorkerIfAny).
      script: workerScript,
      onFallback: (reason) => io.stderr(`twelve-factor-lint: worker threads unavailable, scanning in one thread: ${reason}\n`),
    },
  });
  const result = await session.index({ paths: paths.map((p) => path.resolve(io.cwd, p)) });
  const problems = session.configProblems();
  if (problems.length > 0) {
    // Every problem, one line each: nothing was reported, fix them and run again.
    for (const p of problems) io.stderr(`twelve-factor-lint: invalid configuration: ${describeProblem(p, io.cwd)}\n`);
    return EXIT_USAGE;
  }
  const files = session.files();
  const findings = session.allFindings();
  const displayRoot = path.relative(io.cwd, root).split(path.sep).join('/') || '.';
  let output: string;
  switch (options.format) {
    case 'json':
      output = formatJson({ root, displayRoot, files: files.length, findings });
      break;
    case 'sarif':
      output = formatSarif({ root, findings, rules: RULES, readFile: (f) => diskHost.readFile(f) });
      break;
    case 'markdown':
      output = formatMarkdown(buildReport([session.report()], result.durationMs));
      break;
    default:
      output = formatText({ root, files: files.length, findings, color: options.color && !options.output });
  }
  if (options.output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, options.output), output);
    } catch (error) {
      io.stderr(`twelve-factor-lint: cannot write ${options.output} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return EXIT_USAGE;
    }
  } else io.stdout(output);

  const notes = session.allNotes();
  const skipped = notes.filter((n) => n.kind !== 'parse-error' && n.kind !== 'directive');
  if (skipped.length > 0) {
    if (options.verbose) for (const n of skipped) io.stderr(`${path.relative(io.cwd, n.file) || n.file}: ${n.message}\n`);
    else
      io.stderr(
        `twelve-factor-lint: ${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped or not fully analysed (--verbose lists them)\n`,
      );
  }
  for (const n of notes.filter((x) => x.kind === 'directive')) {
    const at = n.range ? `:${n.range.start.line + 1}:${n.range.start.column + 1}` : '';
    io.stderr(`${path.relative(io.cwd, n.file) || n.file}${at}: warning: ${n.message}\n`);
  }
  if (options.failOn === 'none') return EXIT_OK;
  const threshold = severityRank(options.failOn);
  return findings.some((f) => severityRank(f.severity) >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}
