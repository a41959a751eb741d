/** Paths and globs, the same way everywhere: `/`-separated relative paths, picomatch globs (dotfiles included). */
import * as path from 'node:path';
import picomatch from 'picomatch';

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The part of `file` below `dir` when `file` is plainly inside it, as path.relative would give it:
 * on POSIX, both absolute, `dir` without a trailing separator, and the rest without `.`, `..` or empty
 * segments. Undefined otherwise (path.relative then decides). The program rules ask this of every file
 * and import on every judgement, and path.relative (resolving and normalising both paths) was half of a
 * judgement's time on a corpus-sized folder.
 */
function plainlyBelow(dir: string, file: string): string | undefined {
  if (path.sep !== '/' || file.length <= dir.length + 1 || file.charCodeAt(dir.length) !== 47 /* / */ || !file.startsWith(dir))
    return undefined;
  if (dir.charCodeAt(0) !== 47 || (dir.length > 1 && dir.charCodeAt(dir.length - 1) === 47) || !isPlain(dir)) return undefined;
  const rest = file.slice(dir.length + 1);
  return isPlain(`/${rest}`) ? rest : undefined;
}

/** No `.`, `..` or empty segment, and no trailing separator. */
function isPlain(p: string): boolean {
  return !/\/\.{0,2}(?:\/|$)/.test(p);
}

/** `file` relative to `root`, `/`-separated. */
export function relativePath(root: string, file: string): string {
  return plainlyBelow(root, file) ?? toPosix(path.relative(root, file));
}

/** True when `file` is `dir` or inside it. */
export function isInside(dir: string, file: string): boolean {
  if (plainlyBelow(dir, file) !== undefined) return true;
  const relative = path.relative(dir, file);
  // `..hidden` is a name inside the folder; `..` and `../x` are outside.
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

const matcherCache = new Map<string, (path: string) => boolean>();

/** A matcher for root-relative, `/`-separated paths; cached per glob list. */
export function matcherFor(globs: readonly string[]): (relativePath: string) => boolean {
  const key = globs.join('\u0000');
  let matcher = matcherCache.get(key);
  if (!matcher) {
    matcher = globs.length === 0 ? () => false : picomatch(globs as string[], { dot: true });
    if (matcherCache.size > 500) matcherCache.clear();
    matcherCache.set(key, matcher);
  }
  return matcher;
}

/** Folders a build writes the app to (a compiled entry's path names one: `dist/index.js`, `build/bin/server.js`). */
export const BUILD_DIRS: readonly string[] = ['dist', 'build', 'out', 'lib', '.build'];
