/**
 * Workspace facts for the compliance report: cheap, read-only observations about a folder on disk
 * (package.json, lockfiles, .git, .env files, Procfile), and what the files' own facts (taken from the
 * same parse as the rules, facts/fileFacts.ts) say about environment reads, signal handling and
 * logging. No parse and no rule here: rules decide violations; these facts only back the evidence.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { toPosix } from '../paths';
import { listedLanguage } from '../languages/detect';
import { SESSION_STORES, SHUTDOWN_MODULES } from './knowledge';
import type { FileFacts } from './types';

/** A place in the folder: file relative to the root (`/`-separated), 1-based line. */
export interface Located {
  file: string;
  line: number;
}

export interface PackageFacts {
  /** Relative path, `package.json`. */
  file: string;
  /** False when the file is not valid JSON (then nothing else is known). */
  valid: boolean;
  dependencies: string[];
  devDependencies: string[];
  scripts: Record<string, string>;
  /** npm/yarn workspaces: several packages in one repository. */
  workspaces: boolean;
}

export interface WorkspaceFacts {
  /** Where version control was found: `.` (the folder itself) or a relative ancestor such as `..`. */
  git?: string;
  packageJson?: PackageFacts;
  /** Lockfiles present at the root, e.g. `package-lock.json`. */
  lockfiles: string[];
  /** `.env.example` (or `.env.sample`, `.env.template`) when present. */
  envExample?: string;
  /** A `.env` file at the root, and whether the root `.gitignore` ignores it. */
  envFile?: { ignored: boolean };
  procfile?: { file: string; processTypes: string[] };
  /** Non-test source files that read `process.env` (first read per file). */
  envReads: Located[];
  /** Reads of `process.env.PORT` (or `process.env['PORT']`, `{ PORT } = process.env`). */
  portReads: Located[];
  /** `.listen(<number literal>` in non-test source files. */
  literalListens: (Located & { port: number })[];
  /** `process.on('SIGTERM', …)` and friends. */
  sigtermHandlers: Located[];
  /** Graceful-shutdown libraries among the dependencies. */
  shutdownLibraries: string[];
  /** Evidence that logs go to stdout/stderr. */
  stdoutLogging: (Partial<Located> & { text: string })[];
  /** External session stores among the dependencies: `[package, what]`. */
  sessionStores: { pkg: string; store: string }[];
  /** Dockerfiles among the scanned files, relative. */
  dockerfiles: string[];
  /** Scanned files by language. */
  counts: { typescript: number; dockerfile: number; config: number };
}

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
const ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.template', '.env.dist', 'example.env'];

const MAX_LOCATIONS = 20;

function readJson(file: string, readFile: (file: string) => string | undefined): unknown {
  const text = readFile(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function exists(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The nearest folder at or above `root` holding `.git` (a folder, or a file for worktrees). */
function findGit(root: string): string | undefined {
  let dir = path.resolve(root);
  for (;;) {
    if (exists(path.join(dir, '.git'))) return toPosix(path.relative(root, dir)) || '.';
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function packageFacts(root: string, readFile: (file: string) => string | undefined): PackageFacts | undefined {
  const json = readJson(path.join(root, 'package.json'), readFile);
  if (json === undefined) return undefined;
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return { file: 'package.json', valid: false, dependencies: [], devDependencies: [], scripts: {}, workspaces: false };
  }
  const pkg = json as Record<string, unknown>;
  return {
    file: 'package.json',
    valid: true,
    dependencies: Object.keys({ ...stringRecord(pkg.dependencies), ...stringRecord(pkg.optionalDependencies) }).sort(),
    devDependencies: Object.keys(stringRecord(pkg.devDependencies)).sort(),
    scripts: stringRecord(pkg.scripts),
    workspaces: Array.isArray(pkg.workspaces) || (!!pkg.workspaces && typeof pkg.workspaces === 'object'),
  };
}

function procfileFacts(root: string, readFile: (file: string) => string | undefined): WorkspaceFacts['procfile'] {
  const text = readFile(path.join(root, 'Procfile'));
  if (text === undefined) return undefined;
  const processTypes: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9_-]+):\s*\S/.exec(line);
    if (m) processTypes.push(m[1]);
  }
  return { file: 'Procfile', processTypes };
}

/**
 * Computes the facts of one folder. `files` are the folder's files (absolute); `readFile` reads a
 * file's text (the open editor buffer when there is one); `factsOf` gives a TS/JS file's facts and
 * `isTestFile` tells test and fixture files (whose evidence does not count).
 */
export function workspaceFacts(
  root: string,
  files: readonly string[],
  readFile: (file: string) => string | undefined,
  factsOf: (file: string) => FileFacts | undefined,
  isTestFile: (file: string) => boolean,
): WorkspaceFacts {
  const facts: WorkspaceFacts = {
    git: findGit(root),
    packageJson: packageFacts(root, readFile),
    lockfiles: LOCKFILES.filter((name) => exists(path.join(root, name))),
    envExample: ENV_EXAMPLES.find((name) => exists(path.join(root, name))),
    procfile: procfileFacts(root, readFile),
    envReads: [],
    portReads: [],
    literalListens: [],
    sigtermHandlers: [],
    shutdownLibraries: [],
    stdoutLogging: [],
    sessionStores: [],
    dockerfiles: [],
    counts: { typescript: 0, dockerfile: 0, config: 0 },
  };
  if (exists(path.join(root, '.env'))) {
    const gitignore = readFile(path.join(root, '.gitignore'));
    facts.envFile = { ignored: gitignore !== undefined && ignore().add(gitignore).ignores('.env') };
  }
  const deps = new Set(facts.packageJson?.dependencies ?? []);
  for (const [pkg, store] of Object.entries(SESSION_STORES)) if (deps.has(pkg)) facts.sessionStores.push({ pkg, store });
  facts.shutdownLibraries = Object.keys(SHUTDOWN_MODULES).filter((pkg) => deps.has(pkg));

  const loggers = new Set<string>();
  for (const file of files) {
    const language = listedLanguage(file);
    if (!language) continue;
    if (language === 'typescript' || language === 'dockerfile') facts.counts[language]++;
    else facts.counts.config++;
    const relative = toPosix(path.relative(root, file));
    if (language === 'dockerfile') {
      facts.dockerfiles.push(relative);
      continue;
    }
    if (language !== 'typescript') continue;
    if (isTestFile(file)) continue;
    const f = factsOf(file);
    if (!f) continue;
    const at = (position: { line: number }) => ({ file: relative, line: position.line + 1 });
    if (f.env.length) facts.envReads.push(at(f.env[0].at));
    for (const read of f.env) if (read.name === 'PORT' && facts.portReads.length < MAX_LOCATIONS) facts.portReads.push(at(read.at));
    for (const server of f.servers) {
      if (server.port?.literal !== undefined && facts.literalListens.length < MAX_LOCATIONS)
        facts.literalListens.push({ ...at(server.range.start), port: server.port.literal });
    }
    for (const signal of f.signals) {
      if ((signal.signals.includes('SIGTERM') || signal.signals.includes('*')) && facts.sigtermHandlers.length < MAX_LOCATIONS)
        facts.sigtermHandlers.push(at(signal.range.start));
    }
    for (const log of f.stdoutLogs) {
      if (loggers.has(log.kind)) continue;
      loggers.add(log.kind);
      facts.stdoutLogging.push({ text: STDOUT_LOG_TEXT[log.kind], ...at(log.at) });
    }
  }
  return facts;
}

const STDOUT_LOG_TEXT: Record<FileFacts['stdoutLogs'][number]['kind'], string> = {
  'winston-console': 'winston Console transport',
  'pino-stdout': 'pino writing to stdout',
  console: 'console logging (stdout/stderr)',
};
