/**
 * Program-level model of one workspace folder (docs/DESIGN.md §4): per-file facts, the packages under the
 * folder and their entry points, the import graph, and the verdicts of the program rules. Files are
 * updated one at a time (only the changed file's facts are recomputed); `judge()` derives everything
 * else. Files that are imported but not known (outside a partial scan) are read through the host.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { compareFindings, type Finding, type Range } from '../finding';
import { isBareName, isDockerfileName, isNodeScript, scriptFlavour } from '../languages/detect';
import { maskSecrets } from '../redact';
import { formatMessage, type ProgramContext, type ReportDescriptor, type Rule } from '../rule';
import { RULES } from '../registry';
import { BUILD_DIRS, isInside, matcherFor, relativePath } from '../paths';
import { DEFAULT_TEST_FILES } from '../config/config';
import { factsKey, factsOfText, ownSeverity } from '../engine';
import { compactFacts, StringPool } from './compact';
import { EMPTY_FACTS, type EntryPoint, type FileFacts, type ProgramView, type SignalFact } from './types';
import { runToEnd, type Steps } from '../steps';
import {
  APP_TSCONFIGS,
  nxApplicationEntry,
  packageEntryPoints,
  readTsConfig,
  sourceForPath,
  withExtensions,
  type EntryHost,
  type TsConfigInfo,
} from './entryPoints';

export interface ProgramEvidence {
  /** Entry points found, per package folder (absolute). */
  packages: { dir: string; entries: EntryPoint[] }[];
  /** Server starts that run (in non-test files). */
  servers: { file: string; range: Range; framework: string }[];
  /** Signal handling found anywhere in the folder. */
  signalHandlers: (SignalFact & { file: string })[];
  /** What program rules handed the report (ProgramContext.evidence), by rule id. */
  rules: Record<string, unknown>;
}

interface ProgramJudgement {
  /** Every program rule's findings at the rule's default severity: the caller applies each file's configuration. */
  findings: Finding[];
  /** Findings grouped by absolute file. */
  byFile: Map<string, Finding[]>;
  evidence: ProgramEvidence;
}

interface ProjectModelOptions {
  /** A file's text (the open editor's buffer, else the disk), undefined when unreadable. */
  readFile(file: string): string | undefined;
  /**
   * The text of a source file whose facts are read when a program needs them (an entry point, an import
   * outside the analysed files), undefined over the size limit: a build's bundle that `main` or `bin`
   * names is megabytes of one file. Default: readFile.
   */
  readSource?(file: string): string | undefined;
  /** Test and fixture files (their servers are not the product's); default: the default testFiles globs. */
  isTestFile?(file: string): boolean;
  /** A program rule's options (the root configuration's). */
  ruleOptions?(id: string): Readonly<Record<string, unknown>>;
  rules?: readonly Rule[];
}

/** Folders whose servers are demos, not the product (only judged when an entry point names them). */
const NOT_PRODUCT = /(?:^|\/)(?:examples?|demos?|benchmarks?|bench|docs|sandbox|playground|samples?)\//;
const MAX_PROGRAM_FILES = 20000;
/** Calls that list a folder's files: a loader that requires what they return loads the folder. */
const FOLDER_LISTING = new Set(['readdirSync', 'readdir', 'glob', 'globSync', 'sync', 'fg', 'globby', 'globbySync', 'walkSync']);

/** Files a folder loader (`require(path.join(__dirname, f))`) brings into a program, at most. */
const MAX_FOLDER_MODULES = 200;

/**
 * Files whose imports a stepped judgement resolves between two pauses: about a ms on a warm disk cache,
 * up to 5 on a cold one. Its drivers pause by time (a slice of several steps), so steps are small.
 */
const STEP_FILES = 16;

/** Judgements in steps started again after a change voided one, before the next is judged at once. */
const MAX_RESTARTS = 2;

export class ProjectModel {
  /** Each file's facts and what identifies them: the hash of its text, or a digest of the facts (factsDigest). */
  private readonly known = new Map<string, { key: string; facts: FileFacts }>();
  /** The facts' strings, one flat copy per distinct value (compact.ts): thousands of files name the same modules and calls. */
  private readonly strings = new StringPool();
  private readonly lazy = new Map<string, FileFacts | null>();
  private readonly dockerfiles = new Set<string>();
  private readonly packageJsonCache = new Map<string, boolean>();
  private readonly resolveCache = new Map<string, string | null>();
  private tsconfigCache = new Map<string, TsConfigInfo | undefined>();
  /** tsconfigsFor's lists by the importing file's folder and its package (cleared with tsconfigCache). */
  private tsconfigsCache = new Map<string, TsConfigInfo[]>();
  private entriesCache: Map<string, EntryPoint[]> | undefined;
  private workspacePackagesCache: Map<string, string> | undefined;
  private judged: ProgramJudgement | undefined;
  private readonly defaultIsTest = matcherFor(DEFAULT_TEST_FILES);

  constructor(
    readonly root: string,
    private readonly options: ProjectModelOptions,
  ) {}

  /** Counts the changes that void a judgement: a judgement in steps is valid only if it stays the same throughout. */
  private changes = 0;
  /** Counts the changes of files, packages and their manifests (structureChanged): what entry points are found from. */
  private structure = 0;

  get revision(): number {
    return this.changes;
  }

  private forgetJudgement(): void {
    this.judged = undefined;
    this.changes++;
  }

  /** Test-file status or rule options changed: judge again. */
  reconfigure(): void {
    this.forgetJudgement();
  }

  has(file: string): boolean {
    return this.known.has(file) || this.dockerfiles.has(file);
  }

  files(): string[] {
    return [...this.known.keys()];
  }

  /**
   * Records a file's text (or facts already extracted from the same parse). Returns true when its facts
   * changed. Dockerfiles are recorded as entry-point declarations.
   */
  update(file: string, input: string | FileFacts, key?: string): boolean {
    if (isDockerfileName(file)) {
      this.dockerfiles.add(file);
      this.invalidate();
      return true;
    }
    if (!scriptFlavour(file)) return false;
    let facts: FileFacts;
    let factsKeyValue: string;
    if (typeof input === 'string') {
      factsKeyValue = factsKey(file, input);
      if (this.known.get(file)?.key === factsKeyValue) return false;
      facts = factsOfText(file, input, this.options.rules);
    } else {
      facts = input;
      factsKeyValue = key ?? factsDigest(input);
      const known = this.known.get(file);
      // The same facts, whether they were recorded from the text (indexing) or from an analysis.
      if (known && (known.key === factsKeyValue || (key === undefined && factsDigest(known.facts) === factsKeyValue))) return false;
    }
    const isNew = !this.known.has(file);
    this.known.set(file, { key: factsKeyValue, facts: compactFacts(facts, this.strings) });
    this.lazy.delete(file);
    if (isNew) this.structureChanged();
    this.forgetJudgement();
    return true;
  }

  /**
   * Records a file's new facts from an analysis, telling what kind of change it is: `same`; `moved`
   * (the same facts, only their positions differ: an edit above them) — the verdicts are the same,
   * only their positions move, so the caller may shift the findings it holds instead of judging again;
   * or `changed`.
   */
  updateFacts(file: string, facts: FileFacts): 'same' | 'moved' | 'changed' {
    const known = this.known.get(file);
    if (!known || !scriptFlavour(file)) return this.update(file, facts) ? 'changed' : 'same';
    const key = factsDigest(facts);
    if (known.key === key) return 'same';
    const moved = shapeOf(known.facts) === shapeOf(facts);
    this.known.set(file, { key, facts: compactFacts(facts, this.strings) });
    this.lazy.delete(file);
    this.forgetJudgement();
    return moved ? 'moved' : 'changed';
  }

  remove(file: string): void {
    if (this.dockerfiles.delete(file) || this.known.delete(file)) this.structureChanged();
    this.lazy.delete(file);
    this.forgetJudgement();
  }

  /** package.json, tsconfig.json, Procfile, nest-cli.json or a Dockerfile changed: entry points are recomputed. */
  invalidate(): void {
    this.packageJsonCache.clear();
    this.tsconfigCache.clear();
    this.tsconfigsCache.clear();
    this.structureChanged();
  }

  private structureChanged(): void {
    this.structure++;
    this.entriesCache = undefined;
    this.workspacePackagesCache = undefined;
    this.resolveCache.clear();
    this.lazy.clear();
    this.forgetJudgement();
  }

  private factsOf = (file: string): FileFacts => {
    const known = this.known.get(file);
    if (known) return known.facts;
    return this.loadLazy(file) ?? EMPTY_FACTS;
  };

  private loadLazy(file: string): FileFacts | undefined {
    // An extension-less file is read only as a node executable (`bin/www`, `#!/usr/bin/env node`).
    const bare = !scriptFlavour(file);
    if (bare && !isBareName(file)) return undefined;
    if (this.lazy.has(file)) return this.lazy.get(file) ?? undefined;
    if (file.split(path.sep).includes('node_modules')) {
      this.lazy.set(file, null);
      return undefined;
    }
    let text = this.options.readSource ? this.options.readSource(file) : this.options.readFile(file);
    if (bare && text !== undefined && !isNodeScript(file, text)) text = undefined;
    const facts = text === undefined ? null : compactFacts(factsOfText(file, text, this.options.rules), this.strings);
    this.lazy.set(file, facts);
    return facts ?? undefined;
  }

  private readonly host: EntryHost = {
    readFile: (file) => this.options.readFile(file),
    isFile: (file) => this.known.has(file) || this.loadLazy(file) !== undefined,
  };

  private isPackageDir(dir: string): boolean {
    let cached = this.packageJsonCache.get(dir);
    if (cached === undefined) {
      cached = this.options.readFile(path.join(dir, 'package.json')) !== undefined;
      this.packageJsonCache.set(dir, cached);
    }
    return cached;
  }

  /** The nearest folder with a package.json at or above `file`'s folder, within the root (else the root). */
  packageOf(file: string): string {
    let dir = path.dirname(file);
    for (;;) {
      const relative = path.relative(this.root, dir);
      if (relative.startsWith('..') || path.isAbsolute(relative)) return this.root;
      if (this.isPackageDir(dir)) return dir;
      if (dir === this.root) return this.root;
      dir = path.dirname(dir);
    }
  }

  /** A folder's tsconfig.json (or `file`, one of APP_TSCONFIGS there), read once. */
  private tsconfigOf(dir: string, file?: string): TsConfigInfo | undefined {
    const key = file ?? dir;
    if (!this.tsconfigCache.has(key))
      this.tsconfigCache.set(
        key,
        readTsConfig(dir, (f) => this.options.readFile(f), file),
      );
    return this.tsconfigCache.get(key);
  }

  /**
   * The tsconfigs whose `paths` and `baseUrl` may resolve an import of `from`, nearest first: those of the
   * folders between it and its package (a Nest or Nx app's `apps/api/tsconfig.app.json`), then the
   * package's tsconfig.json (else the root's), then its tsconfig.app.json and tsconfig.build.json.
   */
  private tsconfigsFor(from: string, pkgDir: string): TsConfigInfo[] {
    const key = `${path.dirname(from)}\u0000${pkgDir}`;
    let out = this.tsconfigsCache.get(key);
    if (out) return out;
    out = [];
    this.tsconfigsCache.set(key, out);
    for (let dir = path.dirname(from); dir !== pkgDir && isInside(pkgDir, dir); dir = path.dirname(dir)) {
      for (const name of ['tsconfig.json', ...APP_TSCONFIGS]) {
        const found = this.tsconfigOf(dir, path.join(dir, name));
        if (found) out.push(found);
      }
    }
    const own = this.tsconfigOf(pkgDir) ?? (pkgDir !== this.root ? this.tsconfigOf(this.root) : undefined);
    if (own) out.push(own);
    // A package that builds with its tsconfig.build.json alone (the alias check of declared-dependency reads it too).
    for (const name of APP_TSCONFIGS) {
      const found = this.tsconfigOf(pkgDir, path.join(pkgDir, name));
      if (found) out.push(found);
    }
    return out;
  }

  /** Entry points by package folder (every folder with a package.json holding known files, and the root). */
  entries(): Map<string, EntryPoint[]> {
    return this.entriesCache ?? runToEnd(this.entriesInSteps());
  }

  /**
   * entries() in steps: a pause every STEP_FILES × 16 files whose package it looks up, and after each
   * package (its manifest, scripts, Procfile and Dockerfiles are read: 1–2 ms each, 36 ms in one piece
   * for the bench corpus's 24 packages). Cached only when no file, package or manifest came or went
   * meanwhile (an edit of a file's content changes no entry point).
   */
  private *entriesInSteps(): Steps<Map<string, EntryPoint[]>> {
    if (this.entriesCache) return this.entriesCache;
    const structure = this.structure;
    const packages = new Set<string>([this.root]);
    let looked = 0;
    for (const file of this.known.keys()) {
      packages.add(this.packageOf(file));
      if (++looked % (STEP_FILES * 16) === 0) yield;
    }
    for (const file of this.dockerfiles) packages.add(this.packageOf(file));
    const dockerfilesByPackage = new Map<string, string[]>();
    for (const file of [...this.dockerfiles].sort()) {
      const pkg = this.packageOf(file);
      dockerfilesByPackage.set(pkg, [...(dockerfilesByPackage.get(pkg) ?? []), file]);
    }
    // Nx applications (`project.json`, `projectType: "application"`) in the folders of known files: each builds its own
    // program from its build target's `main`, though the app folder has no package.json of its own.
    const nxByPackage = new Map<string, EntryPoint[]>();
    const seenDirs = new Set<string>();
    for (const file of this.known.keys()) {
      for (let dir = path.dirname(file); isInside(this.root, dir) && !seenDirs.has(dir); dir = path.dirname(dir)) {
        seenDirs.add(dir);
        const project = path.join(dir, 'project.json');
        const entry = nxApplicationEntry(project, this.options.readFile(project), this.root, this.host);
        if (entry) {
          const pkg = this.packageOf(project);
          nxByPackage.set(pkg, [...(nxByPackage.get(pkg) ?? []), entry]);
        }
        if (++looked % (STEP_FILES * 16) === 0) yield;
        if (dir === this.root) break;
      }
    }
    const out = new Map<string, EntryPoint[]>();
    for (const dir of [...packages].sort()) {
      const entries = packageEntryPoints(dir, this.host, dockerfilesByPackage.get(dir) ?? []);
      for (const nx of nxByPackage.get(dir) ?? []) if (!entries.some((e) => e.file === nx.file)) entries.push(nx);
      out.set(
        dir,
        entries.filter((e) => !e.file.split(path.sep).includes('node_modules')),
      );
      yield;
    }
    if (this.structure === structure) this.entriesCache = out;
    return out;
  }

  /** Package name → folder, for every package of the workspace; cached like entries() (it was re-read for every bare import). */
  private workspacePackages(): Map<string, string> {
    if (this.workspacePackagesCache) return this.workspacePackagesCache;
    const byName = new Map<string, string>();
    this.workspacePackagesCache = byName;
    for (const dir of this.entries().keys()) {
      const text = this.options.readFile(path.join(dir, 'package.json'));
      if (!text) continue;
      try {
        const name = (JSON.parse(text) as { name?: unknown }).name;
        if (typeof name === 'string' && name) byName.set(name, dir);
      } catch {
        /* no name */
      }
    }
    return byName;
  }

  /** The source file an import specifier denotes, or undefined for external packages and unknown files. */
  resolveImport(from: string, specifier: string): string | undefined {
    const cacheKey = `${path.dirname(from)}\u0000${specifier}`;
    const cached = this.resolveCache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    const resolved = this.resolveUncached(from, specifier);
    this.resolveCache.set(cacheKey, resolved ?? null);
    return resolved;
  }

  /**
   * A relative import's file. `require('../dist')` in a JavaScript entry (`bin/server`) loads the build of the package's
   * TypeScript: a path in tsconfig's outDir stands for its source (rootDir), as an entry's path does (sourceForPath). A
   * path in a build folder without a tsconfig (`./build/app`) does so only when no such file is in the workspace.
   */
  private resolveRelative(from: string, target: string): string | undefined {
    const found = withExtensions(target, this.host);
    // Most imports name a source file: the package's tsconfig is read only for a path through a build folder, or one not found.
    if (
      found &&
      !path
        .relative(this.root, target)
        .split(path.sep)
        .some((part) => BUILD_DIRS.includes(part))
    )
      return found;
    const pkgDir = this.packageOf(from);
    const tsconfig = this.tsconfigOf(pkgDir);
    if (tsconfig?.outDir && isInside(tsconfig.outDir, target) && !isInside(tsconfig.outDir, from)) {
      const source = sourceForPath(pkgDir, target, tsconfig, this.host);
      if (source) return source;
    }
    if (found || isInside(target, from)) return found;
    const source = sourceForPath(pkgDir, target, tsconfig, this.host);
    return source === from ? undefined : source;
  }

  private resolveUncached(from: string, specifier: string): string | undefined {
    const spec = specifier.split('?')[0];
    if (spec.startsWith('.') || path.isAbsolute(spec)) return this.resolveRelative(from, path.resolve(path.dirname(from), spec));
    if (spec.startsWith('node:')) return undefined;
    // `#services/cron` through package.json's imports; a `#` alias of tsconfig's paths otherwise.
    if (spec.startsWith('#')) {
      const found = this.resolveSubpathImport(from, spec);
      if (found) return found;
    }
    for (const tsconfig of this.tsconfigsFor(from, this.packageOf(from))) {
      const found = resolveByTsconfig(tsconfig, spec, this.host);
      if (found) return found;
    }
    // A package of this workspace (monorepo), by name.
    let best: [string, string] | undefined;
    for (const [name, dir] of this.workspacePackages()) {
      if ((spec === name || spec.startsWith(`${name}/`)) && (!best || name.length > best[0].length)) best = [name, dir];
    }
    if (!best) return undefined;
    const [name, dir] = best;
    const sub = spec.slice(name.length + 1);
    let pkg: Record<string, unknown> = {};
    try {
      pkg = JSON.parse(this.options.readFile(path.join(dir, 'package.json')) ?? '{}') as Record<string, unknown>;
    } catch {
      /* defaults */
    }
    if (sub) {
      const byPath = withExtensions(path.join(dir, sub), this.host) ?? withExtensions(path.join(dir, 'src', sub), this.host);
      if (byPath) return byPath;
      // `@mirlo/prisma/client` through the package's `exports` map (`"./client": { "require": "./__generated__/index.js" }`).
      const map =
        pkg.exports && typeof pkg.exports === 'object' && !Array.isArray(pkg.exports) ? (pkg.exports as Record<string, unknown>) : {};
      const target = `./${sub}` in map ? exportsEntry({ '.': map[`./${sub}`] }) : undefined;
      return target ? sourceForPath(dir, target.replace(/\.d\.ts$/, '.js'), this.tsconfigOf(dir), this.host) : undefined;
    }
    // `exports` first, as node reads it (after `source`, which names the sources themselves). A package whose entry is data
    // (`"default": "./dist/files.json"`, a Vite build's manifest) loads no code of its own.
    const exported = typeof pkg.source === 'string' ? undefined : exportsEntry(pkg.exports);
    const dataEntry = exported !== undefined && !/\.[cm]?[jt]sx?$/.test(exported) && path.extname(exported) !== '';
    if (exported !== undefined && !dataEntry) {
      const found = sourceForPath(dir, exported.replace(/\.d\.ts$/, '.js'), this.tsconfigOf(dir), this.host);
      if (found) return found;
    }
    for (const field of ['source', 'main', 'module', 'types']) {
      const value = pkg[field];
      if (typeof value !== 'string') continue;
      const found = sourceForPath(dir, value.replace(/\.d\.ts$/, '.js'), this.tsconfigOf(dir), this.host);
      if (found) return found;
    }
    // No guess at src/index for a package whose entry is data: its sources are not what importers load.
    if (dataEntry) return undefined;
    return withExtensions(path.join(dir, 'src', 'index'), this.host) ?? withExtensions(path.join(dir, 'index'), this.host);
  }

  /**
   * A subpath import (`#services/cron`, `#jobs`) through the `imports` field of the importing file's package.json, as node
   * resolves it: an exact key, else the pattern with the longest prefix (`"#services/*": "./app/services/*.js"`); a target
   * in the build folder stands for its source. Undefined for a target that is a package, or an unknown key.
   */
  private resolveSubpathImport(from: string, spec: string): string | undefined {
    const dir = this.packageOf(from);
    let imports: unknown;
    try {
      imports = (JSON.parse(this.options.readFile(path.join(dir, 'package.json')) ?? '{}') as { imports?: unknown }).imports;
    } catch {
      return undefined;
    }
    if (!imports || typeof imports !== 'object' || Array.isArray(imports)) return undefined;
    const map = imports as Record<string, unknown>;
    let target: string | undefined;
    if (spec in map) target = exportsEntry(map[spec]);
    else {
      let best: string | undefined;
      for (const key of Object.keys(map)) {
        const star = key.indexOf('*');
        if (star < 0 || key.indexOf('*', star + 1) >= 0) continue;
        const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
        if (spec.length < key.length - 1 || !spec.startsWith(prefix) || !spec.endsWith(suffix)) continue;
        if (!best || prefix.length > best.indexOf('*')) best = key;
      }
      if (best) {
        const star = best.indexOf('*');
        const matched = spec.slice(star, spec.length - (best.length - star - 1));
        target = exportsEntry(map[best])?.split('*').join(matched);
      }
    }
    if (!target?.startsWith('./')) return undefined;
    return sourceForPath(dir, target.replace(/\.d\.ts$/, '.js'), this.tsconfigOf(dir), this.host);
  }

  private importsOf(file: string): string[] {
    const out: string[] = [];
    for (const spec of this.factsOf(file).imports)
      for (const target of this.resolveImports(file, spec)) if (target !== file) out.push(target);
    return out;
  }

  /** The files a specifier of `file` loads: its one file, or a folder loader's modules (`./routes/*`). */
  resolveImports(file: string, spec: string): string[] {
    if (spec.includes('*') && spec.startsWith('.')) {
      // A folder loader lists the folder (`fs.readdirSync(__dirname)`, a glob); a name picked otherwise (`require(`./${type}`)`
      // with the process type) loads one module we cannot name.
      return this.factsOf(file).calls.some((c) => FOLDER_LISTING.has(c)) ? this.folderModules(file, spec).filter((t) => t !== file) : [];
    }
    const target = this.resolveImport(file, spec);
    return target ? [target] : [];
  }

  /** Known source files by folder (folderModules), built on first use and dropped with the structure. */
  private byFolderCache: Map<string, string[]> | undefined;

  /**
   * The modules a folder loader may load (`./routes/*`, loadPaths.ts): the known source files of that folder whose names
   * start with the literal before the `*`, tests and declaration files aside. At most MAX_FOLDER_MODULES, in name order.
   */
  private folderModules(from: string, spec: string): string[] {
    if (!this.byFolderCache || this.byFolderStructure !== this.structure) {
      this.byFolderStructure = this.structure;
      this.byFolderCache = new Map();
      for (const known of [...this.known.keys()].sort()) {
        const dir = path.dirname(known);
        const list = this.byFolderCache.get(dir);
        if (list) list.push(known);
        else this.byFolderCache.set(dir, [known]);
      }
    }
    const star = spec.indexOf('*');
    const folder = path.resolve(path.dirname(from), spec.slice(0, spec.lastIndexOf('/', star) + 1) || '.');
    const prefix = spec.slice(spec.lastIndexOf('/', star) + 1, star);
    const out: string[] = [];
    for (const file of this.byFolderCache.get(folder) ?? []) {
      const base = path.basename(file);
      if (!base.startsWith(prefix) || /\.d\.[cm]?ts$|\.(?:test|spec)\.[cm]?[jt]sx?$/i.test(base) || this.isTestSource(file)) continue;
      out.push(file);
      if (out.length >= MAX_FOLDER_MODULES) break;
    }
    return out;
  }
  private byFolderStructure = -1;

  private isTestSource(file: string): boolean {
    return this.options.isTestFile ? this.options.isTestFile(file) : this.defaultIsTest(relativePath(this.root, file));
  }

  /** Files reachable from `file` through imports, `file` first, breadth first. */
  reachable(file: string): string[] {
    return runToEnd(this.reachableInSteps(file));
  }

  /** reachable() pausing after every STEP_FILES files whose imports it resolved (each may ask the disk). */
  private *reachableInSteps(file: string): Steps<string[]> {
    const seen = new Set<string>([file]);
    const order = [file];
    for (let i = 0; i < order.length && order.length < MAX_PROGRAM_FILES; i++) {
      for (const next of this.importsOf(order[i])) {
        if (!seen.has(next)) {
          seen.add(next);
          order.push(next);
        }
      }
      if (i % STEP_FILES === STEP_FILES - 1) yield;
    }
    return order;
  }

  /**
   * Programs: one per entry point, plus import-graph components for servers of packages without one.
   * Pauses while finding the entry points, after each program's import graph is walked, and every
   * STEP_FILES files within one (resolving a file's imports may ask the disk): judgeInSteps(). The first
   * judgement of a big folder reads every package and resolves every import of it: 100–180 ms in one
   * piece on the bench corpus, during which an edit waited.
   */
  private *programsInSteps(): Steps<ProgramView[]> {
    const relative = (file: string) => relativePath(this.root, file);
    const isTest = (file: string) => (this.options.isTestFile ? this.options.isTestFile(file) : this.defaultIsTest(relative(file)));
    // Asked for every file of every program: once per file (it was most of a judgement's time).
    const testFiles = new Map<string, boolean>();
    const isTestFile = (file: string) => {
      let test = testFiles.get(file);
      if (test === undefined) testFiles.set(file, (test = isTest(file)));
      return test;
    };
    const view = (entry: EntryPoint, files: string[], inferred: boolean): ProgramView => {
      const calls = new Set<string>();
      for (const f of files) for (const c of this.factsOf(f).calls) calls.add(c);
      return {
        entry,
        inferred,
        files,
        facts: this.factsOf,
        ruleFacts: <T>(file: string, ruleId: string) => this.factsOf(file).rules?.[ruleId] as T | undefined,
        isTestFile,
        calls,
      };
    };
    const programs: ProgramView[] = [];
    const entries = yield* this.entriesInSteps();
    for (const list of entries.values())
      for (const entry of list) {
        programs.push(view(entry, yield* this.reachableInSteps(entry.file), false));
        yield;
      }

    // Packages with no entry point: each server file's component, from the files that import it.
    const serverFiles = [...this.known.keys()]
      .filter((f) => this.factsOf(f).servers.length > 0 && !isTestFile(f) && !NOT_PRODUCT.test(relative(f)))
      .filter((f) => (entries.get(this.packageOf(f)) ?? []).length === 0)
      .sort();
    if (serverFiles.length === 0) return programs;
    const importers = new Map<string, string[]>();
    let resolved = 0;
    for (const file of this.known.keys()) {
      for (const target of this.importsOf(file)) importers.set(target, [...(importers.get(target) ?? []), file]);
      if (++resolved % STEP_FILES === 0) yield;
    }
    const covered = new Set<string>();
    for (const serverFile of serverFiles) {
      if (covered.has(serverFile)) continue;
      // Undirected component: importers and imports, transitively.
      const seen = new Set<string>([serverFile]);
      const queue = [serverFile];
      for (let walked = 1; queue.length && seen.size < MAX_PROGRAM_FILES; walked++) {
        if (walked % STEP_FILES === 0) yield;
        const f = queue.shift()!;
        for (const next of [...this.importsOf(f), ...(importers.get(f) ?? [])]) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      for (const f of seen) covered.add(f);
      const tops = [...seen].filter((f) => !(importers.get(f) ?? []).some((i) => seen.has(i)) && !isTestFile(f)).sort();
      let top = serverFile;
      for (const t of tops) {
        if (!(yield* this.reachableInSteps(t)).includes(serverFile)) continue;
        top = t;
        break;
      }
      const files = [top, ...[...seen].filter((f) => f !== top).sort()];
      programs.push(
        view(
          {
            file: top,
            declaredIn: top,
            range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
            source: 'found by imports: no entry point declared',
          },
          files,
          true,
        ),
      );
      yield;
    }
    return programs;
  }

  /** Runs the program rules. Cached until something changes. */
  judge(): ProgramJudgement {
    return runToEnd(this.judgeInSteps());
  }

  /**
   * judge() as a generator that pauses after finding the programs, after each program rule and between
   * the programs of a rule that judges in steps, so the editor can give the event loop a turn between
   * them. When the model changed while it was paused, it stops at the next rule and judges the current
   * state, in steps again; a caller that would rather drop it watches `revision`.
   */
  *judgeInSteps(restarts = 0): Steps<ProgramJudgement> {
    if (this.judged) return this.judged;
    const revision = this.changes;
    const programs = yield* this.programsInSteps();
    yield;
    const findings: Finding[] = [];
    const ruleEvidence: Record<string, unknown> = {};
    // Nothing changes during one judgement: each file (package.json, tsconfig, .babelrc, a candidate
    // that does not exist) is read once for every rule and import site that asks, not once per ask.
    const texts = new Map<string, string | undefined>();
    const readFile = (file: string) => {
      if (!texts.has(file)) texts.set(file, this.options.readFile(file));
      return texts.get(file);
    };
    for (const rule of this.options.rules ?? RULES) {
      if (!rule.program) continue;
      if (this.changes !== revision) break; // void: the rest would judge a state that is gone
      const reports: (ReportDescriptor & { file: string })[] = [];
      let evidence: unknown;
      const context: ProgramContext = {
        root: this.root,
        options: this.options.ruleOptions?.(rule.meta.id) ?? {},
        programs,
        readFile,
        resolveImport: (from, specifier) => this.resolveImport(from, specifier),
        resolveImports: (from, specifier) => this.resolveImports(from, specifier),
        packageOf: (file) => this.packageOf(file),
        report: (d) => reports.push(d),
        evidence: (data) => (evidence = data),
      };
      try {
        // A check in steps pauses between programs: an edit waits for one program, not the whole rule.
        const steps = rule.program.check(context);
        if (steps) for (let step = steps.next(); !step.done; step = steps.next()) yield;
      } catch {
        continue; // a failing program rule reports nothing; per-file rules still ran
      }
      if (evidence !== undefined) ruleEvidence[rule.meta.id] = evidence;
      for (const d of reports) {
        const finding: Finding = {
          ruleId: rule.meta.id,
          factor: rule.meta.factor,
          severity: ownSeverity(rule, d.severity),
          messageId: d.messageId,
          message: maskSecrets(formatMessage(rule.meta.messages[d.messageId] ?? d.messageId, d.data), d.secrets ?? []),
          file: d.file,
          range: d.range,
        };
        if (d.fixes?.length) finding.fixes = d.fixes;
        if (d.related?.length) finding.related = d.related;
        findings.push(finding);
      }
      yield;
    }
    // Changed while paused: this judgement is of a state that is gone. The current one is judged in steps
    // too (judging a corpus-sized folder at once held the event loop 100–180 ms); at once only when the
    // folder keeps changing under MAX_RESTARTS judgements in steps, so it gets one.
    if (this.changes !== revision) return restarts < MAX_RESTARTS ? yield* this.judgeInSteps(restarts + 1) : this.judge();
    findings.sort(compareFindings);
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    this.judged = { findings, byFile, evidence: { ...this.evidence(programs), rules: ruleEvidence } };
    return this.judged;
  }

  /** The facts of a file, known or read lazily (for suppressions of files outside the index). */
  factsFor(file: string): FileFacts {
    return this.factsOf(file);
  }

  private evidence(programs: ProgramView[]): Omit<ProgramEvidence, 'rules'> {
    const packages = [...this.entries()].map(([dir, entries]) => ({ dir, entries }));
    const servers: ProgramEvidence['servers'] = [];
    const seen = new Set<string>();
    for (const program of programs) {
      for (const file of program.files) {
        if (program.isTestFile(file)) continue;
        for (const s of program.facts(file).servers) {
          const key = `${file}:${s.range.start.line}:${s.range.start.column}`;
          if (seen.has(key) || (s.container && !program.calls.has(s.container))) continue;
          seen.add(key);
          servers.push({ file, range: s.range, framework: s.framework });
        }
      }
    }
    const signalHandlers: ProgramEvidence['signalHandlers'] = [];
    for (const [file, { facts }] of this.known) for (const s of facts.signals) signalHandlers.push({ ...s, file });
    signalHandlers.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line));
    return { packages, servers, signalHandlers };
  }
}

/** `spec` through one tsconfig's `paths` (each target in order), then its `baseUrl`, to a file that exists. */
function resolveByTsconfig(tsconfig: TsConfigInfo, spec: string, host: EntryHost): string | undefined {
  if (!tsconfig.baseUrl) return undefined;
  for (const [pattern, targets] of Object.entries(tsconfig.paths ?? {})) {
    const star = pattern.indexOf('*');
    let captured: string | undefined;
    if (star < 0) captured = pattern === spec ? '' : undefined;
    else {
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (spec.startsWith(prefix) && spec.endsWith(suffix) && spec.length >= prefix.length + suffix.length)
        captured = spec.slice(prefix.length, spec.length - suffix.length);
    }
    if (captured === undefined) continue;
    for (const target of targets) {
      const found = withExtensions(path.resolve(tsconfig.baseUrl, target.replace('*', captured)), host);
      if (found) return found;
    }
  }
  return withExtensions(path.resolve(tsconfig.baseUrl, spec), host);
}

/**
 * What identifies a file's facts: a digest of their JSON. The JSON itself, kept per file, was as big as
 * the facts (9 of the 34 MB a session held after scanning the 6,000-file bench corpus).
 */
function factsDigest(facts: FileFacts): string {
  return `facts:${createHash('sha1').update(JSON.stringify(facts)).digest('base64')}`;
}

/** Facts without their positions: what a verdict depends on. */
function shapeOf(facts: FileFacts): string {
  return JSON.stringify(facts, (key, value: unknown) => (POSITION_KEYS.has(key) ? undefined : value));
}
const POSITION_KEYS = new Set(['range', 'at', 'statementStart', 'after', 'byLine', 'portRange']);

/** The file a package's `exports` gives for its root (`"."`), through conditions (node, import, require, default). */
function exportsEntry(exports: unknown, depth = 0): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object' || Array.isArray(exports) || depth > 4) return undefined;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return exportsEntry(map['.'], depth + 1);
  // Subpaths only (`"./server"`): no root entry here.
  if (Object.keys(map).some((k) => k.startsWith('.'))) return undefined;
  // The first condition node matches, in the object's own order.
  for (const [condition, value] of Object.entries(map)) {
    if (!CONDITIONS.has(condition)) continue;
    const found = exportsEntry(value, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Conditions node matches when it loads a package (`types` and browser ones are not). */
const CONDITIONS = new Set(['node', 'import', 'require', 'module-sync', 'default']);
