/**
 * Workspace facts for the compliance report: cheap, read-only observations about a folder on disk
 * (package.json, lockfiles, .git, .env files, Procfile) and cheap text scans of the files the
 * analysis already reads (process.env reads, SIGTERM handlers, stdout loggers). No parse, no rule:
 * rules decide violations; these facts only back the report's evidence.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { matcherFor, toPosix } from '../engine';
import { DEFAULT_TEST_FILES } from '../config/config';
import { languageOf } from '../languages/detect';

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
  counts: { typescript: number; dockerfile: number };
}

export const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
const ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.template', '.env.dist', 'example.env'];

/** Session middleware stores that keep sessions out of the process. */
const SESSION_STORES: Record<string, string> = {
  'connect-redis': 'Redis',
  'connect-mongo': 'MongoDB',
  'connect-mongodb-session': 'MongoDB',
  'connect-pg-simple': 'PostgreSQL',
  'connect-session-sequelize': 'a SQL database (Sequelize)',
  'connect-session-knex': 'a SQL database (Knex)',
  'express-mysql-session': 'MySQL',
  'connect-dynamodb': 'DynamoDB',
  'connect-memcached': 'Memcached',
  '@quixo3/prisma-session-store': 'a database (Prisma)',
  'connect-typeorm': 'a database (TypeORM)',
  'cookie-session': 'signed cookies, client side',
  '@fastify/secure-session': 'encrypted cookies, client side',
};

const SHUTDOWN_LIBRARIES = [
  '@godaddy/terminus',
  'http-terminator',
  'stoppable',
  'lightship',
  'close-with-grace',
  'fastify-graceful-shutdown',
  'death',
  'async-exit-hook',
];

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

/** True for a line that is only a comment (a cheap guard against matching commented-out code). */
function isCommentLine(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith('//') || t.startsWith('*') || t.startsWith('/*');
}

const ENV_READ = /\bprocess\.env\b|\bimport\.meta\.env\b/;
const PORT_READ = /\bprocess\.env(?:\.PORT\b|\[\s*['"`]PORT['"`]\s*\])|\{[^}]*\bPORT\b[^}]*\}\s*=\s*process\.env\b/;
const LITERAL_LISTEN = /\.listen\(\s*(\d{2,5})\s*[,)]/;
const SIGTERM = /\bprocess\s*\.\s*(?:on|once|addListener|prependListener|prependOnceListener)\s*\(\s*['"`]SIGTERM['"`]/;
const WINSTON_CONSOLE = /\btransports\s*\.\s*Console\b|\bnew\s+Console\s*\(/;
const PINO_STDOUT = /\bpino\.destination\(\s*(?:1|2|process\.(?:stdout|stderr)\.fd)?\s*\)|\bpino\s*\(\s*\)/;
const CONSOLE_LOG = /\bconsole\.(?:log|info|warn|error)\s*\(/;

/**
 * Computes the facts of one folder. `files` are the files the scan read (absolute); `readFile` reads
 * a file's text (the open editor buffer when there is one), undefined when unreadable.
 */
export function workspaceFacts(
  root: string,
  files: readonly string[],
  readFile: (file: string) => string | undefined,
  options: { testFiles?: readonly string[] } = {},
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
    counts: { typescript: 0, dockerfile: 0 },
  };
  if (exists(path.join(root, '.env'))) {
    const gitignore = readFile(path.join(root, '.gitignore'));
    facts.envFile = { ignored: gitignore !== undefined && ignore().add(gitignore).ignores('.env') };
  }
  const deps = new Set(facts.packageJson?.dependencies ?? []);
  for (const [pkg, store] of Object.entries(SESSION_STORES)) if (deps.has(pkg)) facts.sessionStores.push({ pkg, store });
  facts.shutdownLibraries = SHUTDOWN_LIBRARIES.filter((pkg) => deps.has(pkg));

  const isTest = matcherFor(options.testFiles ?? DEFAULT_TEST_FILES);
  let winstonSeen = false;
  let pinoSeen = false;
  let consoleSeen = false;
  for (const file of files) {
    const language = languageOf(file);
    if (!language) continue;
    facts.counts[language]++;
    const relative = toPosix(path.relative(root, file));
    if (language === 'dockerfile') {
      facts.dockerfiles.push(relative);
      continue;
    }
    if (isTest(relative)) continue;
    const text = readFile(file);
    if (text === undefined) continue;
    // Cheap gate: most files mention none of these.
    if (!/process|listen|Console|pino|console/.test(text)) continue;
    const lines = text.split(/\r\n|\r|\n/);
    let envReadSeen = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.length > 2000 || isCommentLine(line)) continue;
      const at = { file: relative, line: i + 1 };
      if (!envReadSeen && ENV_READ.test(line)) {
        envReadSeen = true;
        facts.envReads.push(at);
      }
      if (PORT_READ.test(line) && facts.portReads.length < MAX_LOCATIONS) facts.portReads.push(at);
      const listen = LITERAL_LISTEN.exec(line);
      if (listen && facts.literalListens.length < MAX_LOCATIONS) facts.literalListens.push({ ...at, port: Number(listen[1]) });
      if (SIGTERM.test(line) && facts.sigtermHandlers.length < MAX_LOCATIONS) facts.sigtermHandlers.push(at);
      if (!winstonSeen && WINSTON_CONSOLE.test(line) && /winston/.test(text)) {
        winstonSeen = true;
        facts.stdoutLogging.push({ text: 'winston Console transport', ...at });
      }
      if (!pinoSeen && PINO_STDOUT.test(line)) {
        pinoSeen = true;
        facts.stdoutLogging.push({ text: 'pino writing to stdout', ...at });
      }
      if (!consoleSeen && CONSOLE_LOG.test(line)) {
        consoleSeen = true;
        facts.stdoutLogging.push({ text: 'console logging (stdout/stderr)', ...at });
      }
    }
  }
  return facts;
}
