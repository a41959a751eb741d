/**
 * The CLI's work once the arguments are known: one workspace session for the scan root (or for the
 * text of standard input, as the file it names), indexed once (in worker threads for big scans, from
 * the cache for files that did not change), fixes applied in passes, the baseline recorded or
 * applied, then the chosen format and the exit code. Loaded lazily by cli.ts, so `--help`/`--version`
 * never load the analysis core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import {
  CONFIG_FILE_NAME,
  RULES,
  WorkspaceSession,
  severityRank,
  diskHost,
  redact,
  TOOL,
  type ConfigProblem,
  type Finding,
} from '../analysis';
import { MISSING_REASON, type SessionHost } from '../analysis/workspace/session';
import { isListed } from '../analysis/workspace/files';
import { Baseline, BASELINE_FILE_NAME } from '../analysis/baseline';
import { isInside, toPosix } from '../analysis/paths';
import { buildReport } from '../analysis/report/build';
import { formatJson } from '../format/json';
import { formatText } from '../format/text';
import { formatSarif } from '../format/sarif';
import { formatMarkdown } from '../format/markdown';
import { formatGithub, workflowCommand } from '../format/github';
import type { CliOptions } from './args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIo } from './io';
import { FileCache, cacheFile, toolIdentity } from './cache';
import { applyFixes, flaggedSecret, secretCopies, MAX_PASSES } from './fix';

/** What --stdin is checked as without --stdin-filename. */
const STDIN_NAME = '<stdin>.ts';

/** A problem with a disable directive: printed on stderr (and annotated in github format); `fails` ones fail the run. */
interface DirectiveProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  fails: boolean;
}

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

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** A session host that reads the text of standard input as `file`, and lists only it (unless it is ignored). */
function stdinHost(file: string, text: string): SessionHost {
  return {
    readFile: (f) => (f === file ? text : diskHost.readFile(f)),
    listFiles: (root, _paths, options) =>
      isListed(root, file, options.ignoreFor ?? (() => []))
        ? { files: [file], notes: [], configFiles: [] }
        : { files: [], notes: [], configFiles: [] },
  };
}

/** @public The CLI's work after its options are read, loaded lazily by cli.ts (a `require` knip does not follow). */
export async function lint(options: CliOptions, io: CliIo, workerScript: string): Promise<number> {
  const cwd = io.cwd;
  const rel = (file: string) => toPosix(path.relative(cwd, file)) || path.basename(file);
  let stdin: { file: string; text: string } | undefined;
  if (options.stdin) {
    if (!io.stdin) {
      io.stderr('twelve-factor-lint: --stdin: no standard input to read\n');
      return EXIT_USAGE;
    }
    stdin = { file: path.resolve(cwd, options.stdinFilename ?? STDIN_NAME), text: await io.stdin() };
  }
  const paths = stdin ? [stdin.file] : options.paths.length ? options.paths : ['.'];
  if (!stdin) {
    for (const p of paths) {
      if (!fs.existsSync(path.resolve(cwd, p))) {
        io.stderr(`twelve-factor-lint: no such file or folder: ${p}\n`);
        return EXIT_USAGE;
      }
    }
  }
  const root = stdin ? (isInside(cwd, stdin.file) ? cwd : path.dirname(stdin.file)) : rootFor(paths, cwd);
  const scope = paths.map((p) => path.resolve(cwd, p));
  const inScope = (file: string) => scope.some((p) => isInside(p, file));
  let configFile: string | undefined;
  if (options.config) {
    configFile = path.resolve(cwd, options.config);
    if (diskHost.readFile(configFile) === undefined) {
      io.stderr(`twelve-factor-lint: cannot read config file ${options.config}\n`);
      return EXIT_USAGE;
    }
  }
  const cache =
    options.cache && !stdin
      ? new FileCache(
          cacheFile(options.cacheLocation, cwd, root),
          JSON.stringify([toolIdentity(TOOL.version, workerScript), root, options.prefilter]),
          (f) => diskHost.readFile(f),
        )
      : undefined;
  const session = new WorkspaceSession(root, {
    configFile,
    prefilter: options.prefilter,
    host: stdin ? stdinHost(stdin.file, stdin.text) : undefined,
    cache,
    baseline: {
      file: options.baseline !== undefined ? path.resolve(cwd, options.baseline) : undefined,
      // Recording a baseline looks at every finding; otherwise baselined findings are not reported.
      mode: options.updateBaseline ? 'off' : 'filter',
    },
    pool: {
      jobs: options.jobs,
      // The workers run this very script (dist/cli.js), which serves them (scanPool.runPoolWorkerIfAny).
      script: workerScript,
      onFallback: (reason) => io.stderr(`twelve-factor-lint: worker threads unavailable, scanning in one thread: ${reason}\n`),
    },
  });
  const result = await session.index({ paths: scope });
  const problems = session.configProblems();
  if (problems.length > 0) {
    // Every problem, one line each: nothing was reported, fix them and run again.
    for (const p of problems) io.stderr(`twelve-factor-lint: invalid configuration: ${describeProblem(p, cwd)}\n`);
    return EXIT_USAGE;
  }
  try {
    cache?.save();
  } catch (error) {
    io.stderr(`twelve-factor-lint: cannot write the cache ${cache!.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
  }
  const files = session.files();
  if (files.length === 0) {
    if (stdin) {
      // ESLint's behaviour for an ignored --stdin-filename: say so, check nothing, pass the text through when fixing.
      io.stderr(`twelve-factor-lint: ${rel(stdin.file)} is ignored (.gitignore or the config's "ignore"): nothing checked\n`);
      if (options.fix === 'write') io.stdout(stdin.text);
      return EXIT_OK;
    }
    if (!options.allowEmpty) {
      io.stderr(
        `twelve-factor-lint: no file to check in ${paths.join(', ')} (TypeScript, JavaScript or Dockerfile, after .gitignore and the config's "ignore"); --allow-empty accepts that\n`,
      );
      return EXIT_USAGE;
    }
  }

  // The baselines in force: a missing or invalid one stops the run (unless it is about to be written).
  const baselines = new Map<string, Baseline>();
  for (const file of files) {
    const baseline = session.baselineOf(file);
    if (baseline) baselines.set(baseline.file, baseline);
  }
  if (!options.updateBaseline) {
    for (const baseline of baselines.values()) {
      if (baseline.problem) {
        io.stderr(`twelve-factor-lint: baseline ${rel(baseline.file)}: ${baseline.problem}\n`);
        return EXIT_USAGE;
      }
    }
  }

  const reported = (): Finding[] => {
    const all = session.allFindings();
    return options.quiet ? all.filter((f) => f.severity === 'error') : all;
  };

  // --fix / --fix-dry-run
  let fixSummary: string | undefined;
  let patch = '';
  if (options.fix) {
    const secrets: string[] = [];
    for (const file of files) {
      for (const f of session.findingsBeforeBaseline(file)) {
        if (f.ruleId !== 'config/no-hardcoded-secret') continue;
        const secret = flaggedSecret(f, session.read(f.file));
        if (secret) secrets.push(secret);
      }
    }
    const outcome = applyFixes(session, { type: options.fixType, findings: reported, onlyFile: stdin?.file });
    const copies = secretCopies(secrets, outcome.changed);
    if (copies.length > 0) {
      // Never reached by our rules' fixes; if one ever did, nothing is written.
      io.stderr(`twelve-factor-lint: internal error: a fix would copy a secret into ${copies.map(rel).join(', ')}; nothing was written\n`);
      return EXIT_USAGE;
    }
    if (options.fix === 'write' && !stdin) {
      for (const [file, { after }] of outcome.changed) {
        try {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, after);
        } catch (error) {
          io.stderr(`twelve-factor-lint: cannot write ${rel(file)} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
          return EXIT_USAGE;
        }
      }
    }
    if (options.fix === 'dry-run') {
      for (const [file, { before, after }] of [...outcome.changed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const name = rel(file);
        patch += createTwoFilesPatch(
          before === undefined ? '/dev/null' : `a/${name}`,
          `b/${name}`,
          before ?? '',
          after,
          undefined,
          undefined,
          {
            context: 3,
            headerOptions: FILE_HEADERS_ONLY,
          },
        );
      }
      // A diff shows the lines it removes: a detected secret there is shown redacted, as in every output.
      for (const secret of secrets) patch = patch.split(secret).join(redact(secret));
    }
    const verb = options.fix === 'write' && !stdin ? 'Fixed' : 'Would fix';
    fixSummary =
      outcome.applied === 0
        ? `No ${options.fixType === 'safe' ? 'safe ' : ''}fix to apply.`
        : `${verb} ${plural(outcome.applied, 'problem')} in ${plural(outcome.changed.size, 'file')}` +
          (outcome.changed.size ? ` (${[...outcome.changed.keys()].map(rel).sort().join(', ')})` : '') +
          '.' +
          (outcome.unfinished ? ` Fixes were still left after ${MAX_PASSES} passes: run again.` : '');
    if (options.fixType === 'safe' && !options.quiet) {
      const suggestions = reported().filter((f) => f.fixes?.some((x) => x.kind === 'suggestion')).length;
      if (suggestions > 0)
        fixSummary += ` ${plural(suggestions, 'problem')} more can be fixed with --fix-type suggestion (behaviour changes).`;
    }
  }

  // --update-baseline
  if (options.updateBaseline) {
    const target =
      options.baseline !== undefined
        ? path.resolve(cwd, options.baseline)
        : // The root folder's config (configFor takes a file and looks at its folder).
          (session.configFor(path.join(root, CONFIG_FILE_NAME)).baseline ?? path.join(root, BASELINE_FILE_NAME));
    const previous = Baseline.load(target, (f) => diskHost.readFile(f));
    const keep = previous.entries.filter((e) => !inScope(path.resolve(previous.dir, e.file)));
    const recorded = Baseline.record(
      target,
      files.map((f) => [f, session.findingsBeforeBaseline(f)] as const),
      (f) => session.read(f),
      keep,
    );
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, recorded.serialize());
    } catch (error) {
      io.stderr(`twelve-factor-lint: cannot write the baseline ${rel(target)} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return EXIT_USAGE;
    }
    const count = recorded.entries.reduce((n, e) => n + e.count, 0);
    io.stderr(`twelve-factor-lint: recorded ${plural(count, 'finding')} in ${rel(target)}; they are no longer reported\n`);
    return EXIT_OK;
  }

  const findings = reported();
  const baselined = files.reduce((n, f) => n + session.findingsBeforeBaseline(f).length - session.findings(f).length, 0);
  const stale = [...baselines.values()].flatMap((b) =>
    b
      .stale(
        (f) => inScope(f),
        (f) => session.findingsBeforeBaseline(f),
        (f) => session.read(f),
      )
      .map((e) => ({ ...e, baseline: b })),
  );

  // Directive problems: unknown rule ids (warnings, as before); with requireReason, directives without one; unused ones.
  const directiveProblems: DirectiveProblem[] = [];
  for (const note of session.allNotes()) {
    if (note.kind !== 'directive') continue;
    directiveProblems.push({
      file: note.file,
      line: note.range && note.range.start.line + 1,
      column: note.range && note.range.start.column + 1,
      message: note.message,
      fails: note.message === MISSING_REASON,
    });
  }
  if (options.reportUnusedDisableDirectives) {
    for (const file of files) {
      for (const d of session.unusedDirectives(file)) {
        const ids = d.ids[0] === '*' ? 'any rule' : d.ids.join(', ');
        directiveProblems.push({
          file,
          line: d.range.start.line + 1,
          column: d.range.start.column + 1,
          message: `Unused disable directive: no problem of ${ids} is reported here (remove it).`,
          fails: true,
        });
      }
    }
  }
  directiveProblems.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );

  // The report.
  const footer: string[] = [];
  if (baselined > 0) footer.push(`${plural(baselined, 'finding')} in the baseline not shown.`);
  if (stale.length > 0) {
    const missing = stale.reduce((n, e) => n + e.missing, 0);
    footer.push(
      `${plural(missing, 'baseline entry', 'baseline entries')} no longer found (fixed or changed): --update-baseline drops them.`,
      ...stale.map((e) => `  ${rel(path.resolve(e.baseline.dir, e.file))}  ${e.ruleId}${e.missing > 1 ? ` ×${e.missing}` : ''}`),
    );
  }
  if (fixSummary) footer.push(fixSummary);
  const displayRoot = toPosix(path.relative(cwd, root)) || '.';
  let output: string;
  switch (options.format) {
    case 'json':
      output = formatJson({ root, displayRoot, files: files.length, findings });
      break;
    case 'sarif':
      output = formatSarif({ root, findings, rules: RULES, readFile: (f) => session.read(f) });
      break;
    case 'markdown':
      output = formatMarkdown(buildReport([session.report()], result.durationMs));
      break;
    case 'github':
      output = formatGithub({ cwd, files: files.length, findings });
      for (const p of directiveProblems) {
        output += `${workflowCommand(p.fails ? 'error' : 'warning', p.message, { file: rel(p.file), line: p.line, col: p.column }, 'twelve-factor-lint directive')}\n`;
      }
      break;
    default:
      output = formatText({ root: cwd, files: files.length, findings, color: options.color && !options.output, footer });
  }
  if (options.output) {
    try {
      fs.writeFileSync(path.resolve(cwd, options.output), output);
    } catch (error) {
      io.stderr(`twelve-factor-lint: cannot write ${options.output} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return EXIT_USAGE;
    }
  }
  if (stdin && options.fix) {
    // The fixed text (or its diff) on stdout, as ESLint's --stdin --fix-dry-run; the report on stderr.
    io.stdout(options.fix === 'dry-run' ? patch : (session.read(stdin.file) ?? stdin.text));
    if (!options.output) io.stderr(output);
  } else if (options.fix === 'dry-run') {
    io.stdout(patch);
    if (!options.output) io.stderr(output);
  } else if (!options.output) io.stdout(output);
  // Text carries the footer; other formats keep their contract and say the rest on stderr.
  if (options.format !== 'text') for (const line of footer) io.stderr(`twelve-factor-lint: ${line.trim()}\n`);

  const notes = session.allNotes();
  const skipped = notes.filter((n) => n.kind !== 'parse-error' && n.kind !== 'directive');
  if (skipped.length > 0) {
    if (options.verbose) for (const n of skipped) io.stderr(`${rel(n.file)}: ${n.message}\n`);
    else io.stderr(`twelve-factor-lint: ${plural(skipped.length, 'file')} skipped or not fully analysed (--verbose lists them)\n`);
  }
  for (const p of directiveProblems) {
    const at = p.line !== undefined ? `:${p.line}:${p.column}` : '';
    io.stderr(`${rel(p.file)}${at}: ${p.fails ? 'error' : 'warning'}: ${p.message}\n`);
  }

  let exit = EXIT_OK;
  if (options.maxWarnings !== undefined) {
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    if (warnings > options.maxWarnings) {
      io.stderr(`twelve-factor-lint: ${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}\n`);
      exit = EXIT_FINDINGS;
    }
  }
  if (options.failOn === 'none') return exit;
  const threshold = severityRank(options.failOn);
  if (findings.some((f) => severityRank(f.severity) >= threshold)) return EXIT_FINDINGS;
  if (directiveProblems.some((p) => p.fails)) return EXIT_FINDINGS;
  return exit;
}
