/**
 * The workspace session (docs/DESIGN.md §1): the one owner of a workspace folder's state — its
 * configuration (one loader, cascading), the files it holds, each file's analysis and facts, the
 * program verdicts, the findings by file and the compliance report. The CLI runs it once; the
 * language server feeds it editor events and publishes what it says; the report reads from it.
 * Nobody else merges, re-judges or re-analyses.
 *
 * Every change (a document edited, opened or closed, a file changed on disk, the settings, a config
 * file) is handled to the end before the session tells its listeners which files' findings changed,
 * once: a listener never sees a file's findings with a stale program verdict followed by fresh ones.
 * One exception, asked for by the editor (`deferProgram`): an edit's own findings are told first and
 * its program facts and verdicts by settleDocument() after, which the editor skips while the user is
 * still typing; meanwhile the file's program verdicts are moved with the text.
 *
 * What a file holds is its *raw* analysis (engine.ts analyzeRaw: every rule's findings before
 * configuration) and its configured findings; a settings change that only turns rules off or
 * changes severities re-configures without parsing anything.
 */
import * as path from 'node:path';
import type * as ts from 'typescript';
import type { AnalysisNote, Finding, Position, Range } from '../finding';
import { compareFindings } from '../finding';
import type { AnalysisHost, Rule } from '../rule';
import { RULES } from '../registry';
import {
  analyzeRaw,
  configureFindings,
  effectiveSeverity,
  factsOfTreeInSteps,
  ruleOptionsOf as ruleOptions,
  type FileAnalysis,
  type RawOptions,
} from '../engine';
import { diskHost, memoHost, readSourceFile } from '../disk';
import { ConfigSet, type ConfigOverrides } from '../config/cascade';
import { CONFIG_FILE_NAME, type ConfigProblem, type ResolvedConfig } from '../config/config';
import { PLATFORM_FILES, languageOf, isDockerfileName, type Language } from '../languages/detect';
import { matcherFor, relativePath, isInside } from '../paths';
import { positionMapper } from '../text';
import { ProjectModel, type ProgramEvidence } from '../facts/program';
import { EMPTY_FACTS } from '../facts/types';
import { shareEmpty, StringPool } from '../facts/compact';
import { APP_TSCONFIGS, BUNDLER_CONFIGS, PM2_FILES } from '../facts/entryPoints';
import { NO_SUPPRESSIONS, suppressingDirective, unusedDirectives, type Directive, type Suppressions } from '../suppressions';
import { Baseline, BASELINE_FILE_NAME } from '../baseline';
import { analyzeFiles, defaultJobs, type PoolItem } from '../scanPool';
import { listFilesInSteps as listDiskFilesInSteps, isListed as isListedOnDisk, type FileListing, type ListOptions } from './files';
import { folderReport } from '../report/folder';
import type { FolderReport } from '../report/model';
import { runToEnd, type Steps } from '../steps';
import { isNodeConfigFile } from '../facts/nodeConfig';

/** What the session reads from its environment: the disk. Open documents are handed to it, not read. */
export interface SessionHost {
  readFile(file: string): string | undefined;
  /** The files of the folder (default: a walk of the disk, workspace/files.ts). */
  listFiles?(root: string, paths: readonly string[], options: ListOptions): FileListing;
  /** Whether a file would be listed (default: the same rules as the walk, for one file). */
  isListed?(root: string, file: string, ignoreFor: (dir: string) => readonly string[]): boolean;
}

/** The editor's settings for this folder. */
export interface SessionSettings {
  /** False: the folder is not checked at all (no findings, no indexing). */
  enable?: boolean;
  /** twelveFactor.rules: on top of every config file. */
  rules?: ConfigOverrides['rules'];
  /** twelveFactor.exclude: root-relative globs, on top of the config files' ignore. */
  exclude?: string[];
}

interface SessionOptions {
  host?: SessionHost;
  rules?: readonly Rule[];
  /** A config file used instead of the root's `.twelvefactorrc.json` (the CLI's --config). */
  configFile?: string;
  settings?: SessionSettings;
  /** Skip parsing files in which no rule can report (default true). */
  prefilter?: boolean;
  /**
   * The baseline (baseline.ts): `file` instead of the config's `"baseline"` (the CLI's --baseline);
   * `mode` what happens to a baselined finding: `hint` (default, the editor) lowers it to a hint with a
   * note in its message, `filter` (the CLI) leaves it out, `off` ignores any baseline.
   */
  baseline?: { file?: string; mode?: 'hint' | 'filter' | 'off' };
  /** Raw analyses of files read from disk, keyed by content (the CLI's --cache). */
  cache?: AnalysisCache;
  /**
   * Raw analyses of open TS/JS documents, kept across sessions (the language server's entryCache.ts):
   * a document opened with a text analysed before is not parsed on its way to its first diagnostics.
   * Written when a document settles with the text the disk has.
   */
  documentCache?: AnalysisCache;
  /** Index the listed files in worker threads (scanPool.ts): the CLI. */
  pool?: {
    /** Threads, this one included; undefined = the cores, and a pool only for at least AUTO_POOL_MIN_FILES files. */
    jobs?: number;
    /** The script workers run; it must call runPoolWorkerIfAny() first. */
    script: string;
    onFallback?: (reason: string) => void;
    /** Only workers analyse (`jobs` of them): this thread stays free (the language server). */
    workersOnly?: boolean;
    /** Fewer files than this are analysed in this thread (default: AUTO_POOL_MIN_FILES when `jobs` is unset, else 2). */
    minFiles?: number;
    /** Workers are child processes, whose memory goes back to the system when the scan ends (scanPool.ts PoolHooks.processes). */
    processes?: boolean;
    /** Worker processes run at a lower OS priority (scanPool.ts PoolHooks.background). */
    background?: boolean;
    /** The workers look each file up in this analysis cache, and write it there on a miss (scanPool.ts PoolOptions.cache). */
    cache?: { dir: string; identity: string };
    /** A folder with more files to index than this is indexed without `cache` (default MAX_CACHED_INDEX). */
    cacheUpTo?: number;
  };
}

/**
 * A store of raw analyses (engine.ts analyzeRaw) of files read from disk. `key` says what else the
 * analysis depended on (rule options, test-file status, size limit); the store adds the text's hash
 * (and those of the files the analysis read). A miss remembers the text's hash for the `set` after it.
 */
export interface AnalysisCache {
  get(file: string, text: string, key: string): FileAnalysis | undefined;
  /** Stores the analysis of `text`, or (without it) of the text of the file's last missed get(). */
  set(file: string, key: string, analysis: FileAnalysis, text?: string): void;
  /**
   * After the whole folder was indexed: forgets what the analysed files (with their analysis keys) no
   * longer use, when not stored since `since` (ms since the epoch). A cache kept per folder only.
   */
  retainOnly?(live: Iterable<readonly [file: string, key: string]>, since: number): void;
}

interface IndexOptions {
  /** Limit the session to these files and folders (absolute or root-relative), as `twelve-factor-lint <paths>`. */
  paths?: readonly string[];
  /** Called as files are analysed; return false to cancel. */
  onProgress?: (done: number, total: number, file: string) => boolean | void;
  /** In the language server: analyse a few files at a time and let other work through between them. */
  yieldEvery?: number;
  /**
   * With `yieldEvery`: true while other work waits to run on this thread (an edit to analyse); the
   * index's own steps here then wait for it, so an edit waits for at most the step in progress.
   */
  busy?: () => boolean;
}

interface IndexResult {
  files: number;
  cancelled: boolean;
  durationMs: number;
}

/** "These files' findings, notes or config problems changed": publish them again. */
type ChangeListener = (files: readonly string[]) => void;

/**
 * A folder with more files than this is indexed without the analysis cache (SessionOptions.pool.cache):
 * an entry takes a file system block or more (about 4.7 KB on disk per file), so a 20,000-file folder
 * keeps under 100 MB; a larger one would take more than a cache of the editor's should.
 */
const MAX_CACHED_INDEX = 20_000;

/** Below this many files an automatic pool costs more to start than it saves. */
const AUTO_POOL_MIN_FILES = 200;

interface UpdateOptions {
  /**
   * Only the document's own analysis now (its rules, no program facts); its facts, the program
   * verdicts and the files that read it wait for settleDocument(). The language server's keystroke path.
   */
  deferProgram?: boolean;
}

/** Files whose change alters entry points or module resolution rather than a file's facts. */
const STRUCTURE_FILES = new Set([
  'package.json',
  'tsconfig.json',
  'tsconfig.base.json',
  ...APP_TSCONFIGS,
  'jsconfig.json',
  'Procfile',
  'nest-cli.json',
  // An Nx application's build target names its entry file; nx.json's targetDefaults may say its build writes a manifest.
  'project.json',
  'nx.json',
  // A platform's start commands are entry points (knowledge/platforms.ts).
  ...PLATFORM_FILES,
  // pm2's apps are entry points too.
  ...PM2_FILES,
  // A bundler's build script names the outputs entry points run (`dist/server.mjs` → `server/server.ts`).
  ...BUNDLER_CONFIGS.map((name) => path.basename(name)),
]);

interface Entry {
  language: Language;
  /** The open document's version, or null when the text came from the disk. */
  version: number | null;
  analysis: FileAnalysis;
  /** What the analysis depended on in the configuration (rule options, test-file status, size limit). */
  key: string;
  /** The file's own findings, configured. */
  findings: Finding[];
}

export class WorkspaceSession {
  readonly root: string;
  private readonly host: SessionHost;
  private readonly rules: readonly Rule[];
  private readonly rulesById: Map<string, Rule>;
  private readonly ruleOf = (id: string): Rule | undefined => this.rulesById.get(id);
  private readonly configs: ConfigSet;
  private readonly model: ProjectModel;
  private readonly docs = new Map<string, { text: string; version: number; languageId?: string }>();
  /**
   * While an index analyses files in this thread: the other files those analyses read (manifests,
   * tsconfigs, Dockerfiles), each read once (memoHost). Cleared when the session hears of a change.
   */
  private runReads: (AnalysisHost & { clear(): void }) | undefined;
  /**
   * While workers index: the files the session heard change. A worker's result that read one of them (with
   * what the disk said before, or what its own read memo kept) is analysed again here.
   */
  private touchedDuringIndex: Set<string> | undefined;
  /** Syntax trees of open TS/JS documents, so the next edit is parsed incrementally. */
  private readonly trees = new Map<string, ts.SourceFile>();
  private readonly entries = new Map<string, Entry>();
  /** The files of the folder (after ignores); undefined until listed. */
  private listed: Set<string> | undefined;
  private listingNotes: AnalysisNote[] = [];
  /** Files given explicitly to index() (a partial scan): only these are the session's files. */
  private scope: Set<string> | undefined;
  private programFindings = new Map<string, Finding[]>();
  /** Program findings before suppression, for unusedDirectives(). */
  private programRaw = new Map<string, Finding[]>();
  /** Baseline files by path (loaded once until they change), and each file's findings after them. */
  private readonly baselines = new Map<string, Baseline>();
  private readonly baselined = new Map<string, { own: Finding[]; program: Finding[]; result: Finding[] }>();
  /** Whether the folder has a `.twelvefactor-baseline.json` (looked up once until it changes). */
  private hasFallbackBaseline: boolean | undefined;
  private evidence: ProgramEvidence | undefined;
  private judged = false;
  private enabled: boolean;
  private settings: SessionSettings;
  private readonly listeners = new Set<ChangeListener>();
  /** file → files whose analysis read it (a Dockerfile reads its entry script, package.json…). */
  private readonly readers = new Map<string, Set<string>>();
  /**
   * One copy of the strings every file's entry repeats: its language, its analysis key, the manifests
   * and tsconfigs it read. An analysis from an indexing worker arrives with fresh copies of each.
   */
  private readonly strings = new StringPool();
  private indexing: Promise<void> | undefined;
  private configProblemFiles = new Set<string>();
  /** The program model changed since the last judgement. */
  private dirty = true;
  /**
   * Open documents analysed without their program facts (UpdateOptions.deferProgram), with whether
   * moving their program verdicts through every edit since worked (false: one sat in an edited span).
   */
  private readonly unsettled = new Map<string, { moved: boolean }>();
  /** Open documents whose analysis came from the document cache: no syntax tree yet for their next edit. */
  private readonly untreed = new Set<string>();
  /** The text of each open document last written to (or read from) the document cache. */
  private readonly cachedText = new Map<string, string>();
  /** Settled documents whose cache write (writeSettled) has not run yet: the settled entry and its text. */
  private readonly unwritten = new Map<string, { entry: Entry; text: string }>();
  /** Counts the times the folder was turned off (its entries dropped): an index that saw one knows only part of the folder. */
  private disabled = 0;

  constructor(
    root: string,
    private readonly options: SessionOptions = {},
  ) {
    this.root = path.resolve(root);
    this.host = options.host ?? diskHost;
    this.rules = options.rules ?? RULES;
    this.rulesById = new Map(this.rules.map((r) => [r.meta.id, r]));
    this.settings = options.settings ?? {};
    this.enabled = this.settings.enable !== false;
    this.configs = new ConfigSet(this.root, (f) => this.read(f), {
      explicitFile: options.configFile,
      overrides: overridesOf(this.settings),
      rules: this.rules,
    });
    this.model = new ProjectModel(this.root, {
      readFile: (f) => this.read(f),
      readSource: (f) => this.docs.get(f)?.text ?? this.diskText(f),
      isTestFile: (f) => this.isTestFile(f),
      ruleOptions: (id) => this.configs.forDir(this.root).rules[id]?.options ?? {},
      rules: this.rules,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** Findings of a file as they should be shown: its own and the program's, configured and sorted, the baseline applied. */
  findings(file: string): Finding[] {
    if (!this.enabled || !this.inScope(file)) return [];
    const own = this.entries.get(file)?.findings ?? [];
    const program = this.programFindings.get(file) ?? [];
    const memo = this.baselined.get(file);
    if (memo && memo.own === own && memo.program === program) return memo.result;
    const result = this.applyBaseline(file, program.length === 0 ? own : [...own, ...program].sort(compareFindings));
    this.baselined.set(file, { own, program, result });
    return result;
  }

  /** findings() before the baseline is applied (to record a baseline, or find its stale entries). */
  findingsBeforeBaseline(file: string): Finding[] {
    if (!this.enabled || !this.inScope(file)) return [];
    const own = this.entries.get(file)?.findings ?? [];
    const program = this.programFindings.get(file) ?? [];
    return program.length === 0 ? own : [...own, ...program].sort(compareFindings);
  }

  /** The program rules' findings of a file (verdicts judged across files), configured, the baseline applied. */
  programFindingsOf(file: string): Finding[] {
    return this.enabled && this.inScope(file) ? this.applyBaseline(file, this.programFindings.get(file) ?? []) : [];
  }

  /**
   * The baseline in force for a file: the CLI's --baseline, else its config's "baseline", else the
   * folder's `.twelvefactor-baseline.json` when there is one.
   */
  baselineOf(file: string): Baseline | undefined {
    const mode = this.options.baseline?.mode ?? 'hint';
    if (mode === 'off') return undefined;
    const fallback = path.join(this.root, BASELINE_FILE_NAME);
    const target =
      this.options.baseline?.file ??
      this.configs.forFile(file).baseline ??
      ((this.hasFallbackBaseline ??= this.read(fallback) !== undefined) ? fallback : undefined);
    if (!target) return undefined;
    let baseline = this.baselines.get(target);
    if (!baseline) this.baselines.set(target, (baseline = Baseline.load(target, (f) => this.read(f))));
    return baseline;
  }

  /**
   * Disable directives of a file that silence nothing: no finding of a rule that is on there (its own
   * or a program verdict, before suppression) falls under them. A directive for a rule that is off is unused.
   */
  unusedDirectives(file: string): Directive[] {
    const entry = this.entries.get(file);
    if (!entry || !this.enabled || !this.inScope(file) || entry.analysis.suppressions.directives.length === 0) return [];
    const config = this.configs.forFile(file);
    const isTest = this.isTestFile(file);
    const on = (f: Finding) => {
      const rule = this.ruleOf(f.ruleId);
      return !!rule && effectiveSeverity(rule, config, isTest) !== undefined;
    };
    return unusedDirectives(entry.analysis.suppressions, [...entry.analysis.findings, ...(this.programRaw.get(file) ?? [])].filter(on));
  }

  /** Every finding of the session's files, sorted (file, position, rule). */
  allFindings(): Finding[] {
    this.settleAll();
    const out: Finding[] = [];
    for (const file of this.files()) out.push(...this.findings(file));
    return out.sort(compareFindings);
  }

  /** Notes about the analysis of a file (skipped, parse errors, bad directives; with requireReason, directives without one). */
  notes(file: string): AnalysisNote[] {
    if (!this.enabled || !this.inScope(file)) return [];
    const analysis = this.entries.get(file)?.analysis;
    if (!analysis?.suppressions.directives.length || !this.configs.forFile(file).requireReason) return analysis?.notes ?? [];
    const unexplained: AnalysisNote[] = analysis.suppressions.directives
      .filter((d) => !d.reason)
      .map((d) => ({
        file,
        kind: 'directive',
        message: MISSING_REASON,
        range: d.range,
      }));
    return [...analysis.notes, ...unexplained];
  }

  allNotes(): AnalysisNote[] {
    const out = [...this.listingNotes];
    for (const file of this.files()) out.push(...this.notes(file));
    return out;
  }

  /** The files of the folder the session checks (listed, or the paths given to index()), sorted. */
  files(): string[] {
    if (!this.enabled) return [];
    const base = this.scope ?? this.listed ?? new Set<string>();
    return [...base].sort();
  }

  /** True when the file is one of the session's files (listed, or in the paths given to index()). */
  hasFile(file: string): boolean {
    return this.enabled && (this.scope ?? this.listed)?.has(file) === true;
  }

  /** The editor version of the text a file's findings were computed from (null: from the disk). */
  versionOf(file: string): number | null {
    return this.entries.get(file)?.version ?? null;
  }

  /** Files that have an analysis (listed or open). */
  analysedFiles(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Problems of the config files (one loader): invalid JSON, unknown rules and options. */
  configProblems(): ConfigProblem[] {
    return this.configs.problems();
  }

  /** Config files in force somewhere in the folder. */
  configFiles(): string[] {
    return this.configs.files();
  }

  configFor(file: string): ResolvedConfig {
    return this.configs.forFile(file);
  }

  /** The raw analysis of a file (for the report and code actions): suppressions, facts. */
  analysisOf(file: string): FileAnalysis | undefined {
    return this.entries.get(file)?.analysis;
  }

  /**
   * The folder's compliance report, from what the session holds (index() first for a whole folder):
   * the same findings the editor and the CLI show, and facts from the same parse.
   */
  report(): FolderReport {
    this.settleAll();
    return folderReport({
      root: this.root,
      files: this.files(),
      findings: this.allFindings(),
      config: this.configs.forDir(this.root),
      rules: this.rules,
      readFile: (f) => this.read(f),
      factsOf: (f) => this.entries.get(f)?.analysis.facts,
      dockerFactsOf: (f) => this.entries.get(f)?.analysis.docker,
      isTestFile: (f) => this.isTestFile(f),
      ruleEvidence: this.evidence?.rules,
    });
  }

  /** Program evidence (entry points, server starts, signal handling) once the folder has been judged. */
  programEvidence(): ProgramEvidence | undefined {
    this.settleAll();
    return this.evidence;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** True once every file of the folder has been analysed and the programs judged. */
  get isIndexed(): boolean {
    return this.judged;
  }

  /** A file's current text: the open document's, else the disk's. */
  read(file: string): string | undefined {
    return this.docs.get(file)?.text ?? this.host.readFile(file);
  }

  isTestFile(file: string): boolean {
    return matcherFor(this.configs.forFile(file).testFiles)(relativePath(this.root, file));
  }

  onDidChangeFindings(listener: ChangeListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  // ---------------------------------------------------------------------------------------------
  // Documents and files

  /** A document was opened or edited in the editor: its text wins over the disk until it closes. */
  updateDocument(file: string, text: string, version: number, languageId?: string, options: UpdateOptions = {}): void {
    const before = this.docs.get(file)?.text;
    this.unwritten.delete(file);
    this.docs.set(file, { text, version, languageId });
    this.touchedDuringIndex?.add(file);
    if (path.basename(file) === CONFIG_FILE_NAME) return this.configChanged(file);
    const changed = new Set<string>([file]);
    // An edit of an open document: verdicts whose facts only moved are shifted, not judged again.
    const moves = before !== undefined ? () => positionMapper(before, text) : undefined;
    if (options.deferProgram && this.enabled && this.isCandidate(file, languageId) && this.deferrable(file, languageId)) {
      // Opened with a text analysed before (a server started again on the editor's open files).
      if (before === undefined && this.openFromCache(file, changed)) return this.afterChange(changed, file, false);
      this.untreed.delete(file);
      this.analyseOwn(file, changed, moves);
      return this.emit(changed);
    }
    this.untreed.delete(file);
    if (this.enabled && this.isCandidate(file, languageId)) this.analyse(file, changed, true, moves);
    this.afterChange(changed, file);
  }

  /** Settles every deferred document: what the whole folder says (report, all findings) is never half-done. */
  private settleAll(): void {
    for (const file of [...this.unsettled.keys()]) this.settleDocument(file);
  }

  /** Whether an open document's own analysis waits for settleDocument() (UpdateOptions.deferProgram). */
  isUnsettled(file: string): boolean {
    return this.unsettled.has(file);
  }

  /**
   * Whether an open document's analysis came from the document cache, so that it has no syntax tree:
   * its next edit would be parsed whole, on a cold start's cold code. The editor analyses it again
   * (updateDocument with the same text) while the user does not type.
   */
  needsTree(file: string): boolean {
    return this.untreed.has(file) && !this.trees.has(file);
  }

  /** The cached analysis of an opened document, stored as its own (facts included); false on a miss. */
  private openFromCache(file: string, changed: Set<string>): boolean {
    const cache = this.options.documentCache;
    const doc = this.docs.get(file)!;
    if (!cache) return false;
    const config = this.configs.forFile(file);
    const cached = cache.get(file, doc.text, this.analysisKey(file, config, this.isTestFile(file)));
    if (!cached || cached.language !== 'typescript') return false;
    this.untreed.add(file);
    this.cachedText.set(file, doc.text);
    this.store(cached, doc.version, changed);
    return true;
  }

  /** After a document settled: its analysis goes to the document cache when its text is the disk's (and was not stored yet). */
  private keepInCache(file: string, entry: Entry, text: string): void {
    const cache = this.options.documentCache;
    if (!cache || this.cachedText.get(file) === text) return;
    if (this.diskText(file) !== text) return;
    this.cachedText.set(file, text);
    cache.set(file, entry.key, entry.analysis, text);
  }

  /**
   * The document cache's write of a settled document (settleSteps' last step), if it is still due:
   * its entry is still the settled one. Also when the document closes before that step ran.
   */
  private writeSettled(file: string): void {
    const due = this.unwritten.get(file);
    this.unwritten.delete(file);
    if (due && this.entries.get(file) === due.entry) this.keepInCache(file, due.entry, due.text);
  }

  /**
   * The rest of a deferred document update: the program facts from the tree its analysis kept, the
   * files that read it, the program verdicts when they changed (unless `judge: false`: then by
   * judgeNow(), which the editor calls on a later turn, skipped while a newer edit waits); then one
   * event. Nothing when the document is settled already.
   */
  settleDocument(file: string, options: { judge?: boolean } = {}): void {
    const settling = this.settleInSteps(file, options);
    if (settling) runToEnd(settling);
  }

  /**
   * settleDocument() as a generator that pauses after each top-level statement of the document's
   * facts walk, so the editor can spread it over turns of the event loop (a walk of a 10,000-line file
   * takes tens of ms). It stops without effect as soon as the document changes (its tree is then
   * reparsed and the walk would read a changed tree) or is settled by other means (settleDocument(),
   * report()): run it to the end, or drop it. Undefined when the document is settled already.
   */
  settleInSteps(file: string, options: { judge?: boolean } = {}): Steps<void> | undefined {
    if (!this.unsettled.has(file)) return undefined;
    return this.settleSteps(file, options.judge !== false);
  }

  private *settleSteps(file: string, judge: boolean): Steps<void> {
    const pending = this.unsettled.get(file);
    const entry = this.entries.get(file);
    const tree = this.trees.get(file);
    const changed = new Set<string>();
    if (!pending) return;
    if (!entry || !this.enabled) return void this.unsettled.delete(file);
    if (!tree || tree.text !== this.docs.get(file)?.text) {
      // No tree to read the facts from (it failed to parse): the whole analysis, as without deferral.
      this.unsettled.delete(file);
      this.analyse(file, changed, judge);
      return this.afterChange(changed, file, judge);
    }
    const walk = factsOfTreeInSteps(tree, {
      root: this.root,
      isTestFile: this.isTestFile(file),
      host: { readFile: (f) => this.read(f) },
      rules: this.rules,
      prefilter: this.options.prefilter,
      suppressions: entry.analysis.suppressions,
    });
    // Edited (a new tree, or the old one reparsed in place) or settled meanwhile: this walk is void.
    const stale = () => this.unsettled.get(file) !== pending || this.trees.get(file) !== tree || this.entries.get(file) !== entry;
    let step = walk.next();
    while (!step.done) {
      yield;
      if (stale()) return;
      step = walk.next();
    }
    // Recording the facts (a digest and a comparison of them) is a step of its own.
    yield;
    if (stale()) return;
    const { facts, notes, reads } = step.value;
    this.unsettled.delete(file);
    const analysis: FileAnalysis = {
      ...entry.analysis,
      facts,
      notes: notes.length ? [...entry.analysis.notes, ...notes] : entry.analysis.notes,
      reads: reads.length ? [...new Set([...entry.analysis.reads, ...reads])].sort() : entry.analysis.reads,
    };
    const settled = { ...entry, analysis };
    this.entries.set(file, settled);
    if (notes.length) changed.add(file);
    this.track(file, entry.analysis.reads, analysis.reads);
    const change = this.model.updateFacts(file, facts);
    // Verdicts whose facts only moved were moved with each edit; anything else is judged again.
    if (change === 'changed' || (change === 'moved' && !pending.moved)) this.dirty = true;
    this.afterChange(changed, file, judge);
    // The document cache's write, after the diagnostics, as a step of its own: its secret check reads
    // the whole text (5–25 ms on 2,000–10,000 lines). Not when the document changed meanwhile; at its
    // close if the editor dropped this step for it.
    if (!this.options.documentCache) return;
    this.unwritten.set(file, { entry: settled, text: this.docs.get(file)!.text });
    yield;
    this.writeSettled(file);
  }

  /** Program verdicts wait for judgeNow() (settleDocument with `judge: false`). */
  get needsJudging(): boolean {
    return this.enabled && this.judged && this.dirty;
  }

  /** Judges the folder's programs again if something they read changed, then one event. */
  judgeNow(): void {
    const changed = new Set<string>();
    if (this.judged) this.judge(changed);
    this.emit(changed);
  }

  /**
   * judgeNow() as a generator that pauses between the program rules (ProjectModel.judgeInSteps), so the
   * editor can give the event loop a turn between them. It stops without effect when anything the
   * programs read changed meanwhile (the judgement would be of a state that is gone; needsJudging stays
   * true), or when the verdicts were judged by other means. Undefined when there is nothing to judge.
   */
  judgeInSteps(): Steps<void> | undefined {
    return this.needsJudging ? this.judgeSteps() : undefined;
  }

  private *judgeSteps(): Steps<void> {
    const revision = this.model.revision;
    const steps = this.model.judgeInSteps();
    try {
      for (let step = steps.next(); !step.done; step = steps.next()) {
        yield;
        if (this.model.revision !== revision || !this.needsJudging) return;
      }
    } catch {
      /* judgeNow() below meets the same failure and clears the request, as judging at once does */
    }
    // The model keeps the judgement it just made: judgeNow() takes it from there and tells what changed.
    this.judgeNow();
  }

  /** The editor closed a document: the file is what the disk says again. */
  closeDocument(file: string): void {
    const doc = this.docs.get(file);
    if (!doc) return;
    this.runReads?.clear();
    this.touchedDuringIndex?.add(file);
    this.writeSettled(file);
    this.docs.delete(file);
    this.trees.delete(file);
    this.unsettled.delete(file);
    this.untreed.delete(file);
    this.cachedText.delete(file);
    if (path.basename(file) === CONFIG_FILE_NAME) return this.configChanged(file);
    const changed = new Set<string>([file]);
    if (this.enabled && this.isCandidate(file) && this.host.readFile(file) !== undefined) this.analyse(file, changed);
    else this.forget(file, changed);
    this.afterChange(changed, file);
  }

  /** A file changed or appeared on disk (a watcher's event). An open document's text still wins. */
  fileChanged(file: string): void {
    this.runReads?.clear();
    this.touchedDuringIndex?.add(file);
    if (this.baselines.delete(file) || file === path.join(this.root, BASELINE_FILE_NAME)) {
      // A baseline file: every file's findings may change.
      this.baselined.clear();
      this.hasFallbackBaseline = undefined;
      return this.emit(new Set([...this.entries.keys(), ...this.programFindings.keys()]));
    }
    if (path.basename(file) === CONFIG_FILE_NAME) {
      if (!this.docs.has(file)) this.configChanged(file);
      return;
    }
    // A .gitignore decides which files are the folder's: list them again.
    if (path.basename(file) === '.gitignore' && isInside(this.root, file)) return this.reconfigure();
    const changed = new Set<string>();
    if (STRUCTURE_FILES.has(path.basename(file))) {
      this.model.invalidate();
      this.dirty = true;
      this.judged = this.judged && this.listed !== undefined;
    }
    if (!this.docs.has(file) && this.enabled) {
      if (this.listed && !this.listed.has(file) && !this.scope && this.wouldList(file)) this.listed.add(file);
      if (this.entries.has(file) || this.listed?.has(file)) {
        changed.add(file);
        if (this.host.readFile(file) === undefined) this.forget(file, changed);
        else this.analyse(file, changed);
      }
    }
    this.afterChange(changed, file);
  }

  /** A file was deleted. */
  fileDeleted(file: string): void {
    this.runReads?.clear();
    this.touchedDuringIndex?.add(file);
    if (this.baselines.has(file) || file === path.join(this.root, BASELINE_FILE_NAME)) return this.fileChanged(file);
    if (path.basename(file) === CONFIG_FILE_NAME) return this.configChanged(file);
    if (path.basename(file) === '.gitignore' && isInside(this.root, file)) return this.reconfigure();
    const changed = new Set<string>();
    if (this.entries.has(file)) changed.add(file);
    this.listed?.delete(file);
    this.forget(file, changed);
    if (STRUCTURE_FILES.has(path.basename(file))) this.model.invalidate();
    this.dirty = true;
    this.afterChange(changed, file);
  }

  /** The editor's settings for this folder changed. */
  setSettings(settings: SessionSettings): void {
    this.runReads?.clear();
    const wasEnabled = this.enabled;
    this.settings = settings;
    this.enabled = settings.enable !== false;
    this.configs.setOverrides(overridesOf(settings));
    if (!this.enabled) {
      const changed = [...this.entries.keys(), ...this.programFindings.keys()];
      this.disabled++;
      this.entries.clear();
      this.unwritten.clear();
      this.programFindings.clear();
      this.judged = false;
      this.emit(new Set(changed));
      return;
    }
    if (!wasEnabled) {
      // Re-enabled: open documents come back at once; the folder is indexed again by its owner.
      const changed = new Set<string>();
      for (const file of this.docs.keys()) if (this.isCandidate(file)) this.analyse(file, changed);
      this.listed = undefined;
      this.afterChange(changed);
      return;
    }
    this.reconfigure();
  }

  /** A config file was edited, created or deleted: every file's configuration may have changed. */
  private configChanged(configFile: string): void {
    this.configs.invalidate(configFile);
    this.configProblemFiles.add(configFile);
    this.reconfigure(new Set([configFile]));
  }

  /** Recomputes every file's configuration: re-analyses where rule options or test-file status changed, re-configures the rest. */
  private reconfigure(changed = new Set<string>()): void {
    // Problems of every config file (they may have appeared or gone).
    for (const f of this.configs.files()) this.configProblemFiles.add(f);
    for (const f of this.configProblemFiles) changed.add(f);
    if (!this.enabled) return this.emit(changed);
    if (this.listed && !this.scope) {
      const previous = this.listed;
      const listing = this.list([this.root]);
      this.listingNotes = listing.notes;
      this.listed = new Set(listing.files);
      for (const f of listing.configFiles) this.configs.layerAt(path.dirname(f));
      for (const file of previous) if (!this.listed.has(file) && !this.docs.has(file)) this.forget(file, changed);
      for (const file of this.listed) if (!previous.has(file)) this.analyse(file, changed, false);
    }
    for (const [file, entry] of [...this.entries]) {
      if (!this.isCandidate(file, this.docs.get(file)?.languageId)) {
        this.forget(file, changed);
        continue;
      }
      const config = this.configs.forFile(file);
      const isTest = this.isTestFile(file);
      if (this.analysisKey(file, config, isTest) !== entry.key) this.analyse(file, changed, false);
      else {
        const findings = configureFindings(entry.analysis.findings, config, isTest, this.ruleOf);
        // Files with directives too: their notes depend on requireReason.
        if (!sameFindings(findings, entry.findings) || entry.analysis.suppressions.directives.length > 0) changed.add(file);
        entry.findings = findings;
      }
    }
    this.model.reconfigure();
    this.dirty = true;
    this.baselines.clear(); // the config may name another baseline
    this.baselined.clear();
    this.hasFallbackBaseline = undefined;
    this.afterChange(changed);
  }

  // ---------------------------------------------------------------------------------------------
  // Indexing

  /**
   * Analyses every file of the folder (or the given paths) that is not analysed yet, then judges the
   * programs. Concurrent calls share one run. The CLI calls it once; the server in the background.
   */
  index(options: IndexOptions = {}): Promise<IndexResult> {
    if (!this.enabled) return Promise.resolve({ files: 0, cancelled: false, durationMs: 0 });
    // One run at a time; a call during a run starts a new one after it (it lists the folder again, so
    // files created meanwhile are seen, and only analyses what is still missing).
    const run = (this.indexing ?? Promise.resolve()).then(() => this.runIndex(options));
    const settled = run
      .catch(() => undefined)
      .then(() => {
        if (this.indexing === settled) this.indexing = undefined;
      });
    this.indexing = settled;
    return run;
  }

  /** index() in this thread, all at once (no yielding, no pool): for tests and tools that want a plain call. */
  indexSync(options: Omit<IndexOptions, 'yieldEvery'> = {}): IndexResult {
    if (!this.enabled) return { files: 0, cancelled: false, durationMs: 0 };
    const started = performance.now();
    const { todo, changed, total } = this.prepareIndex(options.paths);
    let cancelled = false;
    this.runReads = memoHost(this.host);
    try {
      for (let i = 0; i < todo.length && !cancelled; i++) {
        if (!this.entries.has(todo[i]) && !this.docs.has(todo[i])) this.analyse(todo[i], changed, false);
        if (options.onProgress?.(i + 1, todo.length, todo[i]) === false) cancelled = true;
      }
    } finally {
      this.runReads = undefined;
    }
    return this.finishIndex(changed, cancelled, total, started);
  }

  private async runIndex(options: IndexOptions): Promise<IndexResult> {
    const started = performance.now();
    const startedAt = Date.now();
    const disabled = this.disabled;
    const pause = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      while (options.busy?.()) await new Promise((resolve) => setTimeout(resolve, 2));
    };
    // In the server, work here goes in slices of about SLICE_MS between looks at the event loop.
    let sliceStart = performance.now();
    const pauseIfDue = async () => {
      if (performance.now() - sliceStart < SLICE_MS) return;
      await pause();
      sliceStart = performance.now();
    };
    let listing: FileListing | undefined;
    if (options.yieldEvery) {
      // Listing a big folder (~50 ms for 1,800 files) a folder at a time, edits answered in between.
      const steps = this.listInSteps(this.absolute(options.paths) ?? [this.root]);
      let step = steps.next();
      for (; !step.done; step = steps.next()) await pauseIfDue();
      listing = step.value;
      if (!this.enabled) return { files: 0, cancelled: true, durationMs: performance.now() - started };
    }
    const { todo, changed, total } = this.prepareIndex(options.paths, listing);
    let cancelled = false;
    const progress = (done: number, file: string) => {
      if (options.onProgress?.(done, todo.length, file) === false) cancelled = true;
    };
    const pool = this.options.pool;
    const jobs = pool?.jobs ?? defaultJobs();
    const minFiles = pool?.minFiles ?? (pool?.jobs === undefined ? AUTO_POOL_MIN_FILES : 2);
    const usePool = (files: number) => !!pool && (jobs > 1 || !!pool.workersOnly) && files >= minFiles && this.host === diskHost;
    const cache = this.options.cache;
    if (usePool(todo.length) && cache) {
      // Cached files are taken here; only the others go to the workers.
      const missed: string[] = [];
      for (const file of todo) {
        const text = readSourceFile(file, [], this.configs.forFile(file).maxFileSize);
        const cached = text !== undefined ? cache.get(file, text, this.poolItem(file).key) : undefined;
        if (cached) this.store(cached, null, changed);
        else missed.push(file);
      }
      todo.splice(0, todo.length, ...missed);
    }
    if (pool && usePool(todo.length)) {
      const items: PoolItem[] = [];
      const workerCache = todo.length <= (pool.cacheUpTo ?? MAX_CACHED_INDEX) ? pool.cache : undefined;
      for (const file of todo) {
        const { key, ...item } = this.poolItem(file);
        items.push(workerCache ? { ...item, key } : item);
        if (options.yieldEvery) await pauseIfDue();
      }
      if (!this.enabled) return { files: 0, cancelled: true, durationMs: performance.now() - started };
      // Results are stored as they come; an open document's text wins over what a worker read from disk.
      const touched = (this.touchedDuringIndex = new Set());
      try {
        await analyzeFiles(items, { root: this.root, prefilter: this.options.prefilter, cache: workerCache }, jobs, {
          script: pool.script,
          minFiles: 2,
          workersOnly: pool.workersOnly,
          processes: pool.processes,
          background: pool.background,
          onFallback: pool.onFallback,
          onResult: (analysis) => {
            if (!this.enabled || this.docs.has(analysis.file) || this.entries.has(analysis.file)) return;
            if (touched.has(analysis.file) && this.host.readFile(analysis.file) === undefined) return; // deleted meanwhile
            if (touched.size && analysis.reads.some((f) => touched.has(f))) return this.analyse(analysis.file, changed, false);
            cache?.set(analysis.file, this.poolItem(analysis.file).key, analysis);
            this.store(analysis, null, changed);
          },
          onProgress: (done, _total, file) => {
            progress(done, file);
            return !cancelled && this.enabled;
          },
        });
      } finally {
        this.touchedDuringIndex = undefined;
      }
    } else {
      this.runReads = memoHost(this.host);
      try {
        for (let i = 0; i < todo.length && !cancelled; i++) {
          const file = todo[i];
          if (!this.entries.has(file) && !this.docs.has(file)) this.analyse(file, changed, false);
          progress(i + 1, file);
          if (options.yieldEvery && i % options.yieldEvery === options.yieldEvery - 1) {
            await pause();
            if (!this.enabled) return { files: 0, cancelled: true, durationMs: performance.now() - started };
          }
        }
      } finally {
        this.runReads = undefined;
      }
    }
    if (!cancelled && this.enabled && options.yieldEvery) {
      // The first judgement of the folder, in slices of its small steps (edits are answered in
      // between); it leaves its result in the model, where finishIndex() takes it.
      const steps = this.model.judgeInSteps();
      try {
        for (let step = steps.next(); !step.done; step = steps.next()) await pauseIfDue();
      } catch {
        /* finishIndex() meets the same failure */
      }
    }
    const result = this.finishIndex(changed, cancelled, total, started);
    // The whole folder indexed: the document cache forgets the files it no longer has.
    const documents = this.options.documentCache;
    // Not when the folder was turned off meanwhile: its entries were dropped, and the index holds only those after.
    if (!cancelled && this.enabled && this.disabled === disabled && !options.paths && documents?.retainOnly) {
      documents.retainOnly(
        [...this.entries].map(([file, entry]): [string, string] => [file, entry.key]),
        startedAt,
      );
    }
    return result;
  }

  /** Lists the files (all of the folder, or the given paths) and says which still need an analysis. */
  private prepareIndex(
    paths: readonly string[] | undefined,
    listed?: FileListing,
  ): { todo: string[]; changed: Set<string>; total: number } {
    const absolute = this.absolute(paths);
    const listing = listed ?? this.list(absolute ?? [this.root]);
    for (const f of listing.configFiles) this.configs.layerAt(path.dirname(f));
    this.listingNotes = listing.notes;
    if (absolute && !(absolute.length === 1 && absolute[0] === this.root)) this.scope = new Set(listing.files);
    else this.listed = new Set(listing.files);
    const changed = new Set<string>();
    for (const f of this.configs.files()) {
      this.configProblemFiles.add(f);
      changed.add(f);
    }
    const todo = listing.files.filter((f) => !this.entries.has(f) && !this.docs.has(f));
    return { todo, changed, total: listing.files.length };
  }

  private finishIndex(changed: Set<string>, cancelled: boolean, total: number, started: number): IndexResult {
    if (!cancelled) {
      this.judged = true;
      this.judge(changed, true);
    }
    this.emit(changed);
    return { files: total, cancelled, durationMs: performance.now() - started };
  }

  private poolItem(file: string): PoolItem & { key: string } {
    const config = this.configs.forFile(file);
    const isTestFile = this.isTestFile(file);
    return {
      file,
      options: ruleOptions(config),
      isTestFile,
      maxFileSize: config.maxFileSize,
      key: this.analysisKey(file, config, isTestFile),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  /** The paths an index was asked for, resolved against the folder (undefined: the whole folder). */
  private absolute(paths: readonly string[] | undefined): string[] | undefined {
    return paths?.map((p) => path.resolve(this.root, p));
  }

  private list(paths: readonly string[]): FileListing {
    return runToEnd(this.listInSteps(paths));
  }

  /** list(), pausing after each folder read from disk (a host's own listing comes at once). */
  private *listInSteps(paths: readonly string[]): Steps<FileListing> {
    const options: ListOptions = { ignoreFor: (d) => this.configs.forDir(d).ignore };
    if (this.host.listFiles) return this.host.listFiles(this.root, paths, options);
    return yield* listDiskFilesInSteps(this.root, paths, options);
  }

  private wouldList(file: string): boolean {
    return (this.host.isListed ?? isListedOnDisk)(this.root, file, (d) => this.configs.forDir(d).ignore);
  }

  /** A file we would analyse: our language, inside the folder (or open), not ignored. */
  private isCandidate(file: string, languageId?: string): boolean {
    // A listed extension-less node script (`bin/www`) is ours by its text, not its name.
    if (!languageOf(file, languageId) && !this.listed?.has(file) && !this.scope?.has(file)) return false;
    if (this.scope) return this.scope.has(file) || this.docs.has(file);
    if (!isInside(this.root, file)) return this.docs.has(file);
    if (this.listed?.has(file)) return true;
    return this.wouldList(file) || (languageId !== undefined && !languageOf(file) && this.docs.has(file));
  }

  private inScope(file: string): boolean {
    if (this.docs.has(file)) return this.entries.has(file);
    if (this.scope) return this.scope.has(file);
    return this.listed?.has(file) ?? this.entries.has(file);
  }

  /**
   * What a file's analysis depends on besides its text. An open document's language id is part of it
   * only where it makes the file another language than its name does (analyzeRaw reads nothing else of
   * it): the analysis of an open `.ts` file is then the analysis of the file on disk, and a cache entry
   * an indexing worker wrote serves the document opened with that text.
   */
  private analysisKey(file: string, config: ResolvedConfig, isTest: boolean): string {
    const languageId = this.docs.get(file)?.languageId;
    const byId = languageId !== undefined && languageOf(file, languageId) !== languageOf(file) ? languageId : null;
    return JSON.stringify([ruleOptions(config), isTest, config.maxFileSize, byId]);
  }

  /**
   * A TypeScript/JavaScript document: its facts can wait. Also on its first analysis (a document opened
   * before the folder was indexed, the editor's cold start): the program model meets the file when it settles.
   */
  private deferrable(file: string, languageId?: string): boolean {
    const known = this.entries.get(file)?.language;
    return languageOf(file, languageId) === 'typescript' && (known === undefined || known === 'typescript');
  }

  /**
   * The own analysis of an open document (UpdateOptions.deferProgram): its rules on an incremental
   * reparse, no facts. The entry keeps its last facts until settleDocument(); the file's program
   * verdicts are moved with the edit, and its directives applied to them.
   */
  private analyseOwn(file: string, changed: Set<string>, moves?: () => (p: Position) => Position | undefined): void {
    const doc = this.docs.get(file)!;
    const config = this.configs.forFile(file);
    const isTestFile = this.isTestFile(file);
    const previous = this.entries.get(file);
    const analysis = analyzeRaw(
      { file, text: doc.text, languageId: doc.languageId },
      { ...this.rawOptions(file, config, isTestFile, true), facts: false },
    );
    const pending = this.unsettled.get(file) ?? { moved: true };
    if (pending.moved && this.judged && this.programRaw.size > 0)
      pending.moved = moves ? this.shiftProgramFindings(file, moves(), changed) : false;
    this.unsettled.set(file, pending);
    const findings = configureFindings(analysis.findings, config, isTestFile, this.ruleOf);
    // What its rules read now (package.json for a cross-app import) and what its last facts read: a
    // change to either analyses it again, and a cached entry of it is checked against both.
    const before = previous?.analysis.reads ?? [];
    const reads = analysis.reads.every((f) => before.includes(f)) ? before : [...new Set([...before, ...analysis.reads])].sort();
    const kept: FileAnalysis = { ...analysis, facts: previous?.analysis.facts, reads };
    this.entries.set(file, {
      language: 'typescript',
      version: doc.version,
      analysis: kept,
      key: this.analysisKey(file, config, isTestFile),
      findings,
    });
    if (!previous || !sameFindings(previous.findings, findings) || !sameNotes(previous.analysis.notes, analysis.notes)) changed.add(file);
    if (reads !== before) this.track(file, before, reads);
    if (this.programRaw.has(file)) this.configureProgram(file, changed);
  }

  /** Analyses one file from its current text and records it; adds every file whose findings changed. */
  private analyse(file: string, changed: Set<string>, judge = true, moves?: () => (p: Position) => Position | undefined): void {
    const doc = this.docs.get(file);
    const config = this.configs.forFile(file);
    let text = doc?.text;
    if (text === undefined) {
      const notes: AnalysisNote[] = [];
      text = this.diskText(file, notes);
      if (text === undefined) {
        // A file of the folder that cannot be read (gone mid-scan, no permission, too big): a note, no findings.
        if (!this.hasFile(file)) return this.forget(file, changed);
        if (notes.length === 0) notes.push({ file, kind: 'unreadable', message: 'Skipped: the file could not be read.' });
        const language = languageOf(file);
        return this.store(
          { file, language, findings: [], notes, parsed: false, suppressions: NO_SUPPRESSIONS, reads: [] },
          null,
          changed,
          judge,
        );
      }
    }
    const isTestFile = this.isTestFile(file);
    const cache = doc ? undefined : this.options.cache;
    const key = cache && this.analysisKey(file, config, isTestFile);
    const cached = key !== undefined ? cache!.get(file, text, key) : undefined;
    if (cached) return this.store(cached, null, changed, judge);
    this.unsettled.delete(file);
    const analysis = analyzeRaw({ file, text, languageId: doc?.languageId }, this.rawOptions(file, config, isTestFile, !!doc));
    if (key !== undefined) cache!.set(file, key, analysis, text);
    this.store(analysis, doc?.version ?? null, changed, judge, moves);
  }

  /** The file's text on disk (its host's), within the configured size limit (else a note in `notes`). */
  private diskText(file: string, notes: AnalysisNote[] = []): string | undefined {
    return this.host === diskHost ? readSourceFile(file, notes, this.configs.forFile(file).maxFileSize) : this.host.readFile(file);
  }

  /** How the session analyses a file; an open document's (`incremental`) reuses and keeps its tree. */
  private rawOptions(file: string, config: ResolvedConfig, isTestFile: boolean, incremental: boolean): RawOptions {
    return {
      root: this.root,
      options: ruleOptions(config),
      isTestFile,
      maxFileSize: config.maxFileSize,
      host: { readFile: (f) => this.docs.get(f)?.text ?? (this.runReads ?? this.host).readFile(f) },
      rules: this.rules,
      prefilter: this.options.prefilter,
      ...(incremental ? { previousSourceFile: this.takeTree(file), keepSourceFile: (tree) => void this.trees.set(file, tree) } : {}),
    };
  }

  /** The open document's last tree, handed over once (the incremental parser may reuse its nodes). */
  private takeTree(file: string): ts.SourceFile | undefined {
    const tree = this.trees.get(file);
    this.trees.delete(file);
    return tree;
  }

  private store(
    analysis: FileAnalysis,
    version: number | null,
    changed: Set<string>,
    judge = false,
    moves?: () => (p: Position) => Position | undefined,
  ): void {
    const file = analysis.file;
    const language = analysis.language;
    if (!language) return this.forget(file, changed);
    const config = this.configs.forFile(file);
    const isTest = this.isTestFile(file);
    const previous = this.entries.get(file);
    const findings = shareEmpty(configureFindings(analysis.findings, config, isTest, this.ruleOf));
    // Kept for the life of the session, one per file of the folder: most of these lists are empty.
    analysis.findings = shareEmpty(analysis.findings);
    analysis.notes = shareEmpty(analysis.notes);
    analysis.reads = shareEmpty(analysis.reads.map((read) => this.strings.intern(read)));
    analysis.language = this.strings.intern(language) as Language;
    const key = this.strings.intern(this.analysisKey(file, config, isTest));
    this.entries.set(file, { language: analysis.language, version, analysis, key, findings });
    if (!previous || !sameFindings(previous.findings, findings) || !sameNotes(previous.analysis.notes, analysis.notes)) changed.add(file);
    this.track(file, previous?.analysis.reads ?? [], analysis.reads);
    let factsChanged: boolean;
    if (language === 'typescript') {
      const change = this.model.updateFacts(file, analysis.facts ?? EMPTY_FACTS);
      factsChanged = change !== 'same';
      // Only positions moved (typing above a server start): the verdicts stand; move them with the text.
      if (change === 'moved' && moves && this.judged && this.shiftProgramFindings(file, moves(), changed)) factsChanged = false;
    } else if (language === 'dockerfile' || isDockerfileName(file)) {
      factsChanged = !previous || JSON.stringify(previous.analysis.docker) !== JSON.stringify(analysis.docker);
      if (factsChanged) this.model.update(file, '');
    } else {
      // package.json, Procfile…: what they declare (entry points, packages) is read by the program model itself.
      factsChanged = STRUCTURE_FILES.has(path.basename(file)) && previous?.version !== version;
      if (factsChanged) this.model.invalidate();
      // node-config's files, read by the port and locator rules when they judge (facts/nodeConfig.ts).
      // Not while the folder is first indexed: its judgement reads them all once, at the end.
      else if (isNodeConfigFile(file) && this.judged && (!previous || previous.version !== version || version === null)) {
        this.model.reconfigure();
        factsChanged = true;
      }
    }
    if (factsChanged) this.dirty = true;
    // The verdicts stand, but the file's directives may have changed under them.
    else if (this.judged && this.programRaw.has(file)) this.configureProgram(file, changed);
    if (judge && this.judged) this.judge(changed);
  }

  /** Who reads what: a Dockerfile's findings depend on its entry script and package.json. */
  private track(file: string, before: readonly string[], after: readonly string[]): void {
    for (const read of before) this.readers.get(read)?.delete(file);
    for (const read of after) {
      let set = this.readers.get(read);
      if (!set) this.readers.set(read, (set = new Set()));
      set.add(file);
    }
  }

  /**
   * Moves the program verdicts located in `file` (ranges, related locations, fix edits; suppressed
   * ones too, for unusedDirectives()) through an edit's position mapping, then applies the file's
   * current directives to them. False when one of them sat in the edited span: then only judging
   * again can tell where it goes.
   */
  private shiftProgramFindings(file: string, map: (p: Position) => Position | undefined, changed: Set<string>): boolean {
    const mapRange = (r: Range): Range | undefined => {
      const start = map(r.start);
      const end = map(r.end);
      return start && end ? { start, end } : undefined;
    };
    const raw = new Map<string, Finding[]>();
    for (const [owner, findings] of this.programRaw) {
      const moved: Finding[] = [];
      for (const f of findings) {
        const range = f.file === file ? mapRange(f.range) : f.range;
        if (!range) return false;
        const related = f.related?.map((r) => (r.file === file ? { ...r, range: mapRange(r.range) } : r));
        if (related?.some((r) => !r.range)) return false;
        const fixes = f.fixes?.map((fix) => ({
          ...fix,
          changes: fix.changes.map((c) => (c.kind === 'replace' && c.file === file ? { ...c, range: mapRange(c.range) } : c)),
        }));
        if (fixes?.some((fix) => fix.changes.some((c) => c.kind === 'replace' && !c.range))) return false;
        moved.push({
          ...f,
          range,
          ...(related ? { related: related as Finding['related'] } : {}),
          ...(fixes ? { fixes: fixes as Finding['fixes'] } : {}),
        });
      }
      raw.set(owner, moved);
    }
    this.programRaw = raw;
    for (const owner of raw.keys()) this.configureProgram(owner, changed);
    return true;
  }

  /**
   * Derives a file's shown program findings from its raw verdicts: its current directives, config and
   * test-file status applied (directives can change while the verdicts stand). Adds it to `changed`
   * when they differ.
   */
  private configureProgram(file: string, changed: Set<string>): void {
    const raw = this.programRaw.get(file) ?? [];
    const suppressions = this.entries.get(file)?.analysis.suppressions ?? NO_SUPPRESSIONS;
    const configured = raw.length
      ? configureFindings(
          raw.filter((f) => !isSuppressed(f, suppressions)),
          this.configs.forFile(file),
          this.isTestFile(file),
          this.ruleOf,
        )
      : [];
    if (sameFindings(this.programFindings.get(file) ?? [], configured)) return;
    changed.add(file);
    if (configured.length) this.programFindings.set(file, configured);
    else this.programFindings.delete(file);
  }

  private forget(file: string, changed: Set<string>): void {
    this.unsettled.delete(file);
    const entry = this.entries.get(file);
    if (entry) {
      changed.add(file);
      for (const read of entry.analysis.reads) this.readers.get(read)?.delete(file);
      this.entries.delete(file);
    }
    if (this.programFindings.has(file)) changed.add(file);
    this.model.remove(file);
    this.dirty = true;
    if (this.judged) this.judge(changed);
  }

  /** After a change to `cause`: files that read it are analysed again, then one event. */
  private afterChange(changed: Set<string>, cause?: string, judge = true): void {
    if (cause && this.enabled) {
      for (const reader of [...(this.readers.get(cause) ?? [])])
        if (reader !== cause && this.entries.has(reader)) this.analyse(reader, changed, judge);
    }
    if (judge && this.judged) this.judge(changed);
    this.emit(changed);
  }

  /** Runs the program rules when something they read changed since the last time, and records the files whose program findings changed. */
  private judge(changed: Set<string>, force = false): void {
    if (!this.enabled || (!this.dirty && !force)) return;
    this.dirty = false;
    let judgement;
    try {
      judgement = this.model.judge();
    } catch {
      return;
    }
    this.evidence = judgement.evidence;
    const before = this.programFindings;
    this.programRaw = new Map();
    this.programFindings = new Map();
    for (const [file, raw] of judgement.byFile) {
      if (!this.entries.has(file) && !this.docs.has(file)) continue; // a file outside the session (read for the graph only)
      this.programRaw.set(file, raw);
      this.configureProgram(file, new Set());
    }
    for (const file of new Set([...before.keys(), ...this.programFindings.keys()])) {
      if (!sameFindings(before.get(file) ?? [], this.programFindings.get(file) ?? [])) changed.add(file);
    }
  }

  private applyBaseline(file: string, findings: Finding[]): Finding[] {
    const baseline = findings.length > 0 ? this.baselineOf(file) : undefined;
    if (!baseline) return findings;
    const { fresh, known } = baseline.match(file, findings, this.read(file));
    if (known.length === 0) return findings;
    if (this.options.baseline?.mode === 'filter') return fresh;
    const hinted = new Set(known);
    return findings.map((f) => (hinted.has(f) ? baselinedHint(f, baseline) : f));
  }

  private emit(changed: Set<string>): void {
    if (changed.size === 0) return;
    const files = [...changed].sort();
    for (const listener of this.listeners) listener(files);
  }
}

/** While indexing in the language server: the longest stretch of the session's own work between two looks at the event loop. */
const SLICE_MS = 5;

/** The note on a disable directive without a reason when the config sets requireReason. */
export const MISSING_REASON = 'This disable directive gives no reason: add one after " -- " (the config sets requireReason).';

/** A finding recorded in the baseline: left out (the CLI) or shown as a hint that says so (the editor). */
function baselinedHint(finding: Finding, baseline: Baseline): Finding {
  return { ...finding, severity: 'hint', message: `${finding.message} (In the baseline ${path.basename(baseline.file)}.)` };
}

function overridesOf(settings: SessionSettings): ConfigOverrides | undefined {
  if (!settings.rules && !settings.exclude?.length) return undefined;
  return { rules: settings.rules, ignore: settings.exclude };
}

function isSuppressed(finding: Finding, suppressions: Suppressions): boolean {
  return suppressingDirective(finding, suppressions) >= 0;
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

function sameNotes(a: readonly AnalysisNote[], b: readonly AnalysisNote[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
