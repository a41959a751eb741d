/**
 * The files of a workspace folder we read: every file of our languages, honouring the `.gitignore`
 * files on the way, the `ignore` globs of the config in force in each folder (cascading configs), and
 * never descending into node_modules or VCS folders. Symlink loops and unreadable folders are notes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { AnalysisNote } from '../finding';
import { NODE_SHEBANG, isBareName, languageOf } from '../languages/detect';
import { matcherFor, toPosix } from '../paths';
import { CONFIG_FILE_NAME } from '../config/config';
import { runToEnd, type Steps } from '../steps';

/** Never descended into, whatever the ignore files say. */
const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface ListOptions {
  /** The `ignore` globs (root-relative) in force in a folder; a folder inherits its parent's unless its config adds some. */
  ignoreFor?: (dir: string) => readonly string[];
  /** Only for benchmarks that scan a package cache on purpose. */
  includeNodeModules?: boolean;
}

export interface FileListing {
  files: string[];
  notes: AnalysisNote[];
  /** `.twelvefactorrc.json` files found on the way (their folders' configs apply below them). */
  configFiles: string[];
}

/** Every file under `root` (or each of `paths`) that we analyse, sorted. A file named explicitly is listed even if ignored. */
export function listFiles(root: string, paths: readonly string[] = [root], options: ListOptions = {}): FileListing {
  return runToEnd(listFilesInSteps(root, paths, options));
}

/** listFiles() as a generator that pauses after each folder it reads (the language server lists a big folder between edits). */
export function* listFilesInSteps(root: string, paths: readonly string[] = [root], options: ListOptions = {}): Steps<FileListing> {
  const files = new Set<string>();
  const configFiles = new Set<string>();
  const notes: AnalysisNote[] = [];
  const visitedDirs = new Set<string>();
  const ignoreFor = options.ignoreFor ?? (() => []);

  function* walkDir(dir: string, ignores: { base: string; rules: Ignore }[]): Steps<void> {
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
    if (entries.some((e) => e.name === CONFIG_FILE_NAME && !e.isDirectory())) configFiles.add(path.join(dir, CONFIG_FILE_NAME));
    const isIgnoredByConfig = matcherFor(ignoreFor(dir));
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    yield;
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
      if (isDir) yield* walkDir(full, chain);
      else if (isFile && (languageOf(full) || isNodeScriptFile(full))) files.add(full);
    }
  }

  for (const p of paths) {
    const absolute = path.resolve(root, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      notes.push({ file: absolute, kind: 'unreadable', message: 'Skipped: no such file or folder.' });
      continue;
    }
    if (stat.isDirectory()) yield* walkDir(absolute, ancestorIgnores(root, absolute));
    else if (languageOf(absolute) || isNodeScriptFile(absolute)) files.add(absolute); // named explicitly: analysed even if ignored
  }
  return { files: [...files].sort(), notes, configFiles: [...configFiles].sort() };
}

/** True when `file` would be left out of a listing of `root` (a .gitignore on its way, or the config's ignore globs). */
export function isListed(root: string, file: string, ignoreFor: (dir: string) => readonly string[]): boolean {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative) || !(languageOf(file) || isNodeScriptFile(file))) return false;
  const parts = relative.split(path.sep);
  if (parts.slice(0, -1).some((p) => ALWAYS_SKIPPED_DIRS.has(p))) return false;
  const chain = ancestorIgnores(root, path.dirname(file));
  const own = readIgnoreFile(path.join(path.dirname(file), '.gitignore'));
  if (own) chain.push({ base: path.dirname(file), rules: own });
  if (isIgnored(chain, file, false)) return false;
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const rel = parts.slice(0, i + 1).join('/');
    const matcher = matcherFor(ignoreFor(dir));
    if (i < parts.length - 1 ? matcher(rel) || matcher(`${rel}/`) : matcher(rel)) return false;
    dir = path.join(dir, parts[i]);
  }
  return true;
}

/** An extension-less file whose first line runs node (`bin/www`): its first bytes are read to know. */
function isNodeScriptFile(file: string): boolean {
  if (!isBareName(file)) return false;
  let fd: number | undefined;
  try {
    // A regular file only: opening a FIFO would wait for a writer.
    if (!fs.statSync(file).isFile()) return false;
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(128);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return NODE_SHEBANG.test(head.toString('utf8', 0, n));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readIgnoreFile(file: string): Ignore | undefined {
  try {
    return ignore().add(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The .gitignore files between the root and a starting folder below it (the folder's own excluded). */
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
