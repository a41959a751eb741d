/** Paths and globs, the same way everywhere: `/`-separated relative paths, picomatch globs (dotfiles included). */
import * as path from 'node:path';
import picomatch from 'picomatch';

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `file` relative to `root`, `/`-separated. */
export function relativePath(root: string, file: string): string {
  return toPosix(path.relative(root, file));
}

/** True when `file` is `dir` or inside it. */
export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
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
