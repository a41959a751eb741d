/**
 * The language server's analysis cache: the raw analysis (engine.ts analyzeRaw) of a file, one small
 * file per analysed file, under a folder that belongs to one build of the tool and one workspace
 * folder. A server started again finds the analysis of the document the editor reopens without parsing
 * it: its diagnostics are published in the time it takes to read one entry (issue 20: a 2,000-line
 * file's first analysis on a cold start is most of the time to its first diagnostics).
 *
 * One file per entry, not one for the folder (the CLI's --cache, cli/cache.ts): the server reads only
 * the entries of the documents it opens, never the whole cache, and writes one entry at a time.
 *
 * An entry is used when the file's text hash, the analysis key (rule options, test-file status, size
 * limit, language) and the hashes of the other files its analysis read are all the same as when it was
 * written. What an entry holds never includes a secret: messages are redacted as in every output, facts
 * are names and positions, and the analysis of a file with a secret finding is never stored. Entries
 * are written atomically (a temporary file renamed); one that is missing, unreadable or malformed is a
 * miss. Nothing here may stop an analysis: every failure is a miss or a skipped write.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../engine';

const ENTRY_VERSION = 1;
/** Analyses with a finding of these rules are never written: their message quotes (redacted) parts of a secret. */
const SECRET_RULES: ReadonlySet<string> = new Set(['config/no-hardcoded-secret']);

interface StoredEntry {
  version: typeof ENTRY_VERSION;
  file: string;
  key: string;
  hash: string;
  /** Files the analysis read, with their hash (null: missing). */
  reads: [string, string | null][];
  analysis: FileAnalysis;
}

export const contentHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Whether an analysis may be kept on disk (no secret finding). */
export function isStorable(analysis: FileAnalysis): boolean {
  return !analysis.findings.some((f) => SECRET_RULES.has(f.ruleId));
}

/** The build of the tool that writes a cache: its version and, for the same version rebuilt, its bundle's size and time. */
export function toolIdentity(version: string, script: string | undefined): string {
  if (!script) return version;
  try {
    const stat = fs.statSync(script);
    return `${version}+${stat.size}.${Math.floor(stat.mtimeMs)}`;
  } catch {
    return version;
  }
}

/** A WorkspaceSession's AnalysisCache, kept on disk. */
export class EntryCache {
  readonly dir: string;
  private readonly pending = new Map<string, string>();
  private made = false;
  /** False when a folder on the way is not this user's own (cacheDir.ts isPrivateDir): nothing is read or written. */
  private trusted: boolean;
  private readonly base: string;
  /** With `memoReads`: the hash of each read file, taken once (an indexing worker's cache, which lives for one index). */
  private readonly readHashes: Map<string, string | null> | undefined;

  /**
   * `base`: the server's cache folder; `identity`: what every entry depends on besides its file (the
   * tool's build, the pre-filter setting); `root`: the workspace folder; `read`: a file's current text
   * (the open document's, else the disk's), for the hashes of the files an analysis read.
   */
  constructor(
    base: string,
    identity: string,
    root: string,
    private readonly read: (file: string) => string | undefined,
    options: { memoReads?: boolean } = {},
  ) {
    this.readHashes = options.memoReads ? new Map() : undefined;
    const build = contentHash(identity).slice(0, 16);
    this.base = base;
    this.dir = path.join(base, 'analysis', build, contentHash(root).slice(0, 16));
    this.trusted = isPrivateDir(base, this.dir);
    if (this.trusted) removeOtherBuilds(path.join(base, 'analysis'), build);
  }

  get(file: string, text: string, key: string): FileAnalysis | undefined {
    if (!this.trusted) return undefined;
    const hash = contentHash(text);
    const entry = this.readEntry(file, key);
    if (entry && entry.key === key && entry.hash === hash && entry.reads.every(([f, h]) => this.readHash(f) === h)) {
      this.pending.delete(file);
      return entry.analysis;
    }
    this.pending.set(file, hash);
    return undefined;
  }

  /** Stores the analysis of `text` (default: the text of the last missed get() of the file). */
  set(file: string, key: string, analysis: FileAnalysis, text?: string): void {
    const hash = text !== undefined ? contentHash(text) : this.pending.get(file);
    this.pending.delete(file);
    if (hash === undefined || !this.trusted) return;
    const target = this.entryFile(file, key);
    if (!isStorable(analysis)) return void fs.rm(target, { force: true }, () => undefined);
    const reads = analysis.reads.map((f): [string, string | null] => [f, this.readHash(f)]);
    const entry: StoredEntry = { version: ENTRY_VERSION, file, key, hash, reads, analysis };
    const temp = `${target}.${process.pid}.tmp`;
    try {
      if (!this.made) {
        fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        // Made by us, or by someone else just before: looked at once more.
        this.trusted = isPrivateDir(this.base, this.dir);
        this.made = true;
        if (!this.trusted) return;
      }
      fs.writeFileSync(temp, JSON.stringify(entry), { mode: 0o600 });
      fs.renameSync(temp, target);
    } catch {
      fs.rm(temp, { force: true }, () => undefined);
    }
  }

  private readHash(file: string): string | null {
    let hash = this.readHashes?.get(file);
    if (hash === undefined) {
      const text = this.read(file);
      hash = text === undefined ? null : contentHash(text);
      this.readHashes?.set(file, hash);
    }
    return hash;
  }

  /** One entry per file and analysis key: an open document's (its language id in the key) and the indexed file's do not overwrite each other. */
  private entryFile(file: string, key: string): string {
    return path.join(this.dir, `${contentHash(`${file}\0${key}`).slice(0, 32)}.json`);
  }

  private readEntry(file: string, key: string): StoredEntry | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.entryFile(file, key), 'utf8')) as StoredEntry;
      const valid =
        entry?.version === ENTRY_VERSION &&
        entry.file === file &&
        typeof entry.key === 'string' &&
        typeof entry.hash === 'string' &&
        Array.isArray(entry.reads) &&
        entry.analysis?.file === file &&
        Array.isArray(entry.analysis.findings) &&
        Array.isArray(entry.analysis.notes) &&
        Array.isArray(entry.analysis.reads) &&
        typeof entry.analysis.suppressions === 'object';
      return valid ? entry : undefined;
    } catch {
      return undefined; // none yet, unreadable or malformed: analyse
    }
  }
}

/** Other builds' entries can never be used again: removed in the background. */
function removeOtherBuilds(dir: string, keep: string): void {
  fs.readdir(dir, (error, names) => {
    if (error) return;
    for (const name of names) if (name !== keep) fs.rm(path.join(dir, name), { recursive: true, force: true }, () => undefined);
  });
}

/**
 * Whether what the server would read from `dir` is its user's own: each of `dir` and its parents up
 * to `base` that exists is a directory (not a link) owned by this user and writable by no one else.
 * A folder another user made or can write to (a shared os.tmpdir()) could hold planted entries:
 * findings with fixes that run on save, or V8 data. Such a cache is not used. True where the platform
 * has no owners to compare (Windows: the folder is under the user's profile or temp).
 */
export function isPrivateDir(base: string, dir: string = base): boolean {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined) return true;
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(at);
    } catch {
      stat = undefined; // not there (yet): it is made by us, private
    }
    if (stat && (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o022) !== 0)) return false;
    if (at === path.resolve(base) || at === path.dirname(at)) return true;
  }
}
