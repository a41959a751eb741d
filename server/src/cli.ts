/** The CLI adapter (DESIGN.md §1): arguments → scan → format → exit code. It decides nothing itself. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CONFIG_FILE_NAME,
  RULES,
  RULE_IDS,
  TOOL,
  loadConfig,
  parseConfig,
  scanParallel,
  severityRank,
  diskHost,
  type ConfigProblem,
  type LoadedConfig,
} from './analysis';
import { parseArgs, UsageError, USAGE, type CliOptions } from './cli/args';
import { runPoolWorkerIfAny } from './analysis/scanPool';
import { formatJson } from './format/json';
import { formatText } from './format/text';
import { formatSarif } from './format/sarif';
import { formatMarkdown } from './format/markdown';
import { buildReport } from './analysis/report/build';
import { folderReport } from './analysis/report/folder';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

function describeProblem(p: ConfigProblem): string {
  return `${p.file}:${p.range.start.line + 1}:${p.range.start.column + 1}: ${p.message}`;
}

/** The scan root: the single folder given, else the current folder. */
function rootFor(paths: readonly string[], cwd: string): string {
  if (paths.length === 1) {
    const only = path.resolve(cwd, paths[0]);
    try {
      if (fs.statSync(only).isDirectory()) return only;
    } catch {
      /* reported by the scan */
    }
  }
  return cwd;
}

function loadConfigFor(options: CliOptions, root: string, cwd: string): LoadedConfig {
  if (!options.config) return loadConfig(root);
  const file = path.resolve(cwd, options.config);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read config file ${options.config}`);
  }
  return { ...parseConfig(file, text, RULE_IDS), file };
}

export async function run(
  argv: readonly string[],
  io: { cwd: string; stdout: (s: string) => void; stderr: (s: string) => void },
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    io.stderr(`twelve-factor-lint: ${(error as Error).message}. Try --help.\n`);
    return EXIT_USAGE;
  }
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout(`${TOOL.version}\n`);
    return EXIT_OK;
  }
  const paths = options.paths.length ? options.paths : ['.'];
  for (const p of paths) {
    if (!fs.existsSync(path.resolve(io.cwd, p))) {
      io.stderr(`twelve-factor-lint: no such file or folder: ${p}\n`);
      return EXIT_USAGE;
    }
  }
  const root = rootFor(paths, io.cwd);
  let loaded: LoadedConfig;
  try {
    loaded = loadConfigFor(options, root, io.cwd);
  } catch (error) {
    io.stderr(`twelve-factor-lint: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (loaded.problems.length > 0) {
    io.stderr(`twelve-factor-lint: invalid ${CONFIG_FILE_NAME}: ${describeProblem(loaded.problems[0])}\n`);
    return EXIT_USAGE;
  }
  const result = await scanParallel(
    root,
    paths.map((p) => path.resolve(io.cwd, p)),
    {
      config: loaded.config,
      prefilter: options.prefilter,
      jobs: options.jobs,
      // The workers run this very script (dist/cli.js), which serves them through runPoolWorkerIfAny() below.
      workerScript: __filename,
      onPoolFallback: (reason) => io.stderr(`twelve-factor-lint: worker threads unavailable, scanning in one thread: ${reason}\n`),
    },
  );
  const displayRoot = path.relative(io.cwd, root).split(path.sep).join('/') || '.';
  let output: string;
  switch (options.format) {
    case 'json':
      output = formatJson({ root, displayRoot, files: result.files.length, findings: result.findings });
      break;
    case 'sarif':
      output = formatSarif({ root, findings: result.findings, rules: RULES, readFile: diskHost.readFile });
      break;
    case 'markdown':
      output = formatMarkdown(
        buildReport(
          [
            folderReport({
              root,
              files: result.files,
              findings: result.findings,
              config: loaded.config,
              rules: RULES,
              readFile: diskHost.readFile,
            }),
          ],
          result.durationMs,
        ),
      );
      break;
    default:
      output = formatText({ root, files: result.files.length, findings: result.findings, color: options.color && !options.output });
  }
  if (options.output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, options.output), output);
    } catch (error) {
      io.stderr(`twelve-factor-lint: cannot write ${options.output} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return EXIT_USAGE;
    }
  } else io.stdout(output);

  const skipped = result.notes.filter((n) => n.kind !== 'parse-error');
  if (skipped.length > 0) {
    if (options.verbose) for (const n of skipped) io.stderr(`${path.relative(io.cwd, n.file) || n.file}: ${n.message}\n`);
    else
      io.stderr(
        `twelve-factor-lint: ${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped or not fully analysed (--verbose lists them)\n`,
      );
  }
  if (options.failOn === 'none') return EXIT_OK;
  const threshold = severityRank(options.failOn);
  return result.findings.some((f) => severityRank(f.severity) >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

if (runPoolWorkerIfAny()) {
  // A scan pool worker (scanPool.ts): this same bundle, serving batches of files.
} else if (require.main === module) {
  const stdout = (s: string) => process.stdout.write(s);
  const stderr = (s: string) => process.stderr.write(s);
  run(process.argv.slice(2), { cwd: process.cwd(), stdout, stderr }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      stderr(`twelve-factor-lint: internal error: ${(error as Error).message}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
