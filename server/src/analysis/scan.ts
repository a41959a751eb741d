/**
 * Workspace scan: list the files we read (honouring .gitignore files, the config's `ignore`, never
 * node_modules), analyse each, and collect findings and notes. Shared by the CLI and the server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageOf } from './languages/detect';
import { matcherFor, toPosix, type FileAnalysis } from './engine';
import { analyzeDiskFile, diskHost } from './disk';
import { analyzeFiles, defaultJobs } from './scanPool';
import { CONFIG_FILE_NAME, defaultConfig, parseConfig, type ConfigProblem, type ResolvedConfig } from './config/config';
import { compareFindings, type AnalysisNote, type Finding } from './finding';
import type { AnalysisHost } from './rule';
import { RULE_IDS } from './registry';
import { ProjectModel, type ProgramEvidence } from './facts/program';
import { EMPTY_FACTS } from './facts/fileFacts';

/** Never descended into, whatever the ignore files say. */
const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface ListOptions {
  /** Globs relative to the root, on top of .gitignore. */
  ignore?: readonly string[];
  /** Only for benchmarks that scan a package cache on purpose. */
  includeNodeModules?: boolean;
}

export interface FileListing {
  files: string[];
  notes: AnalysisNote[];
}

/** Every file under `root` (or each of `paths`) that we analyse, sorted. */
export function listFiles(root: string, paths: readonly string[] = [root], options: ListOptions = {}): FileListing {
  const files = new Set<string>();
  const notes: AnalysisNote[] = [];
  const isIgnoredByConfig = matcherFor(options.ignore ?? []);
  const visitedDirs = new Set<string>();

  const walkDir = (dir: string, ignores: { base: string; rules: Ignore }[]) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      notes.push({ file: dir, kind: 'unreadable', message: 'Skipped: the folder could not be resolved.' });
      return;
    }
    if (visitedDirs.has(real)) return; // symlink loop or a folder reached twice
    visitedDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      notes.push({
        file: dir,
        kind: 'unreadable',
        message: `Skipped: the folder could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      });
      return;
    }
    const local = readIgnoreFile(path.join(dir, '.gitignore'));
    const chain = local ? [...ignores, { base: dir, rules: local }] : ignores;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = fs.statSync(full);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir && ALWAYS_SKIPPED_DIRS.has(entry.name) && !(options.includeNodeModules && entry.name === 'node_modules')) continue;
      const relativeToRoot = toPosix(path.relative(root, full));
      if (isIgnored(chain, full, isDir)) continue;
      if (isIgnoredByConfig(relativeToRoot) || (isDir && isIgnoredByConfig(`${relativeToRoot}/`))) continue;
      if (isDir) walkDir(full, chain);
      else if (isFile && languageOf(full)) files.add(full);
    }
  };

  for (const p of paths) {
    const absolute = path.resolve(root, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      notes.push({ file: absolute, kind: 'unreadable', message: 'Skipped: no such file or folder.' });
      continue;
    }
    if (stat.isDirectory()) walkDir(absolute, ancestorIgnores(root, absolute));
    else if (languageOf(absolute)) files.add(absolute); // named explicitly: analysed even if ignored
  }
  return { files: [...files].sort(), notes };
}

function readIgnoreFile(file: string): Ignore | undefined {
  try {
    return ignore().add(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The .gitignore files between the root and a starting folder below it. */
function ancestorIgnores(root: string, dir: string): { base: string; rules: Ignore }[] {
  const chain: { base: string; rules: Ignore }[] = [];
  const relative = path.relative(root, dir);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return chain;
  let current = root;
  for (const part of ['', ...relative.split(path.sep).filter(Boolean)]) {
    current = part ? path.join(current, part) : current;
    if (current === dir) break;
    const rules = readIgnoreFile(path.join(current, '.gitignore'));
    if (rules) chain.push({ base: current, rules });
  }
  return chain;
}

function isIgnored(chain: { base: string; rules: Ignore }[], full: string, isDir: boolean): boolean {
  for (const { base, rules } of chain) {
    const relative = toPosix(path.relative(base, full));
    if (!relative || relative.startsWith('..')) continue;
    if (rules.ignores(isDir ? `${relative}/` : relative)) return true;
  }
  return false;
}

export interface LoadedConfig {
  config: ResolvedConfig;
  problems: ConfigProblem[];
  /** The config file, when there is one. */
  file?: string;
}

/** Reads `.twelvefactorrc.json` at `root` if present. */
export function loadConfig(root: string): LoadedConfig {
  const file = path.join(root, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConfig(), problems: [] };
    return {
      config: defaultConfig(),
      file,
      problems: [
        {
          file,
          range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
          message: `${CONFIG_FILE_NAME} could not be read; the defaults are in force.`,
        },
      ],
    };
  }
  return { ...parseConfig(file, text, RULE_IDS), file };
}

export interface ScanOptions {
  config?: ResolvedConfig;
  host?: AnalysisHost;
  prefilter?: boolean;
  includeNodeModules?: boolean;
  /** Called after each file; return false to cancel. */
  onProgress?: (done: number, total: number, file: string) => boolean | void;
}

export interface ScanResult {
  root: string;
  files: string[];
  findings: Finding[];
  notes: AnalysisNote[];
  durationMs: number;
  cancelled: boolean;
  /** Program-level evidence (entry points, servers, signal handlers) behind the program rules' verdicts. */
  program?: ProgramEvidence;
}

export { readSourceFile, diskHost } from './disk';

export function scan(root: string, paths: readonly string[] = [root], options: ScanOptions = {}): ScanResult {
  const started = performance.now();
  const config = options.config ?? defaultConfig();
  const listing = listFiles(root, paths, { ignore: config.ignore, includeNodeModules: options.includeNodeModules });
  const host = options.host ?? diskHost;
  const analyses: FileAnalysis[] = [];
  let cancelled = false;
  for (let index = 0; index < listing.files.length && !cancelled; index++) {
    const file = listing.files[index];
    analyses.push(analyzeDiskFile(file, { root, config, host, prefilter: options.prefilter, facts: true }));
    if (options.onProgress?.(index + 1, listing.files.length, file) === false) cancelled = true;
  }
  return foldScan(root, listing, analyses, { config, host, cancelled, started });
}

export interface ParallelScanOptions extends ScanOptions {
  /**
   * Worker threads (scanPool.ts). Undefined: the cores, and a pool only for scans of at least
   * AUTO_POOL_MIN_FILES files. 1 (or a custom host, which cannot cross threads) scans in this thread.
   */
  jobs?: number;
  /** The script pool workers run; it must call runPoolWorkerIfAny() first. Without it: this thread. */
  workerScript?: string;
  /** Told once when the pool could not be used and the scan went on in this thread. */
  onPoolFallback?: (reason: string) => void;
}

/** Below this many files an automatic pool costs more to start (each worker loads the rules and `typescript`) than it saves. */
export const AUTO_POOL_MIN_FILES = 200;

/** scan() with the files analysed by a worker pool: the same result, folded in the same order. */
export async function scanParallel(
  root: string,
  paths: readonly string[] = [root],
  options: ParallelScanOptions = {},
): Promise<ScanResult> {
  const jobs = options.jobs ?? defaultJobs();
  if (jobs <= 1 || !options.workerScript || (options.host && options.host !== diskHost)) return scan(root, paths, options);
  const started = performance.now();
  const config = options.config ?? defaultConfig();
  const listing = listFiles(root, paths, { ignore: config.ignore, includeNodeModules: options.includeNodeModules });
  let cancelled = false;
  const analyses = await analyzeFiles(listing.files, { root, config, prefilter: options.prefilter, facts: true }, jobs, {
    script: options.workerScript,
    minFiles: options.jobs === undefined ? AUTO_POOL_MIN_FILES : 2,
    onFallback: options.onPoolFallback,
    onProgress: (done, total, file) => {
      if (options.onProgress?.(done, total, file) === false) cancelled = true;
      return !cancelled;
    },
  });
  return foldScan(root, listing, analyses, { config, host: diskHost, cancelled, started });
}

/** Findings, notes and program verdicts from the per-file analyses, in file order. */
function foldScan(
  root: string,
  listing: FileListing,
  analyses: readonly FileAnalysis[],
  { config, host, cancelled, started }: { config: ResolvedConfig; host: AnalysisHost; cancelled: boolean; started: number },
): ScanResult {
  const findings: Finding[] = [];
  const notes: AnalysisNote[] = [...listing.notes];
  // Program rules (DESIGN.md §4) judge across files from facts taken in the same parse.
  const model = new ProjectModel(root, { readFile: (f) => host.readFile(f), config });
  for (const analysis of analyses) {
    findings.push(...analysis.findings);
    notes.push(...analysis.notes);
    if (analysis.language === 'dockerfile') model.update(analysis.file, '');
    else model.update(analysis.file, analysis.facts ?? EMPTY_FACTS);
  }
  let program: ProgramEvidence | undefined;
  if (!cancelled) {
    const judged = model.judge();
    const listed = new Set(listing.files);
    findings.push(...judged.findings.filter((f) => listed.has(f.file)));
    program = judged.evidence;
  }
  findings.sort(compareFindings);
  return { root, files: listing.files, findings, notes, durationMs: performance.now() - started, cancelled, program };
}
