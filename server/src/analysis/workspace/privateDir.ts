/**
 * Whether a cache folder or file is the user's own (the analysis cache, entryCache.ts, and the V8 code
 * cache, serverLoader.ts). Node's fs and path only: the loader imports this before the server's bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** A plain file of this user's that no one else may write (where the platform has owners). */
export function isOwnFile(stat: fs.Stats): boolean {
  const me = uid();
  return stat.isFile() && (me === undefined || (stat.uid === me && (stat.mode & 0o022) === 0));
}

/**
 * Whether what the server would read from `dir` is its user's own: each of `dir` and its parents up
 * to `base` that exists is a directory (not a link) owned by this user and writable by no one else.
 * One of ours that others may write to (made under a umask of 002, or by an older build) is made
 * private first: what others may have put in it is refused file by file (isOwnFile). A folder another
 * user made or links to (a shared os.tmpdir()) could hold planted entries or V8 data: not used. True
 * where the platform has no owners to compare (Windows: the folder is under the user's profile or temp).
 */
export function ensurePrivateDir(base: string, dir: string = base): boolean {
  const me = uid();
  if (me === undefined) return true;
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(at);
    } catch {
      stat = undefined; // not there (yet): it is made by us, private
    }
    if (stat && (!stat.isDirectory() || stat.uid !== me)) return false;
    if (stat && (stat.mode & 0o022) !== 0) {
      try {
        fs.chmodSync(at, stat.mode & 0o7777 & ~0o022);
      } catch {
        return false;
      }
    }
    if (at === path.resolve(base) || at === path.dirname(at)) return true;
  }
}
