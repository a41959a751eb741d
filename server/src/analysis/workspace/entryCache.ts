/**
 * The language server's analysis cache: the raw analysis (engine.ts analyzeRaw) of a file, one small
 * file per analysed file and analysis key, under a folder that belongs to one build of the tool and one
 * workspace folder. A server started again publishes an unchanged document the editor reopens from its
 * entry, without parsing it (issue 20: a 2,000-line file's first analysis on a cold start is most of the
 * time to its first diagnostics), and its indexing worker reads the entries of the unchanged files.
 *
 * One file per entry, not one for the folder (the CLI's --cache, cli/cache.ts): the server reads only
 * the entries of the documents it opens, never the whole cache, and writes one entry at a time.
 *
 * An entry is used when the file's text hash, the analysis key (rule options, test-file status, size
 * limit, language) and the hashes of the other files its analysis read (as it read them) are all the
 * same. Nothing here may stop an analysis: every failure is a miss or a skipped write.
 *
 * What is never stored: an analysis with a secret finding, or of a text in which a secret scanner sees
 * anything (a provider token, a password in a connection string, a secret-named value), or whose own
 * strings hold one: facts keep literal call arguments, and the secret rule is silent in test files and
 * scripts, whose analyses would otherwise carry a password to disk.
 *
 * What is never read: an entry that is not a plain file of this user's, writable by no one else, in a
 * folder that is this user's own (ensurePrivateDir). A planted entry could hold a finding whose fix runs on save.
 *
 * What is removed: after an index of the whole workspace folder, the entries of files it no longer has
 * (retainOnly), and those of its files under another analysis key once 30 days old; a workspace
 * folder's entries once no server opened it for 30 days; another build's once left alone for a day. A
 * server marks its build's folder and its workspace folder's as used when it starts, after each index,
 * and hourly while it writes.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../engine';
import { findTokens, findUrlCredentials, looksLikeSecretValue, secretKindOfName } from '../secrets';
import { ensurePrivateDir, isOwnFile } from './privateDir';

const ENTRY_VERSION = 1;
/** Analyses with a finding of these rules are never written: their message quotes (redacted) parts of a secret. */
const SECRET_RULES: ReadonlySet<string> = new Set(['config/no-hardcoded-secret']);
/** Another build's entries are removed once its folder has not changed for this long (its server may still run). */
const OTHER_BUILD_AGE_MS = 24 * 60 * 60 * 1000;
/**
 * A workspace folder's entries are removed once no server of this build has opened the folder for this
 * long; an entry of a file under another analysis key than this server's, once it is this old.
 */
const UNUSED_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** A server that writes entries marks its folders as used at most this often (markUsed). */
const MARK_USED_EVERY_MS = 60 * 60 * 1000;
/** Live entries whose names retainOnly computes in one turn of the event loop (a few ms). */
const HASHES_PER_TURN = 400;
/** An entry's first bytes: its version and its file (set() writes `file` first). */
const ENTRY_HEAD = /^\{"version":\d+,"file":("(?:[^"\\]|\\.)*")/;

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

/** A secret-looking name given a quoted value: `password: 'x…'`, `const apiKey = "…"`, `DB_PASS='…'`. */
const NAMED_VALUE = /([A-Za-z_$][\w$.-]*)['"]?\s*[:=]\s*(['"`])([^'"`\n]{6,200})\2/g;

/** Whether a secret scanner sees anything in `text`: a provider token, a password in a URL, a secret-named value. */
function mayHoldSecret(text: string): boolean {
  if (findTokens(text, 1).length > 0 || findUrlCredentials(text).length > 0) return true;
  for (const m of text.matchAll(NAMED_VALUE)) if (secretKindOfName(m[1]) && looksLikeSecretValue(m[3], m[1])) return true;
  return false;
}

/**
 * Whether an analysis may be kept on disk: no secret finding, nothing a secret scanner sees in its text
 * (when given) or in its own serialised form `json` (when given; else made here).
 */
export function isStorable(analysis: FileAnalysis, text?: string, json: string = JSON.stringify(analysis)): boolean {
  if (analysis.findings.some((f) => SECRET_RULES.has(f.ruleId))) return false;
  return !(text !== undefined && mayHoldSecret(text)) && !mayHoldSecret(json);
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
  private made = false;
  /** False when a folder on the way is not this user's own (ensurePrivateDir): nothing is read or written. */
  private trusted: boolean;
  private readonly base: string;
  private markedAt = 0;
  /**
   * With `memoReads` (an indexing worker's cache, which lives for one index): get() hashes each read
   * file once. A read file changed during the index makes the session analyse its readers again; set()
   * always hashes the texts the analysis read.
   */
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
    const folder = contentHash(root).slice(0, 16);
    this.base = base;
    this.dir = path.join(base, 'analysis', build, folder);
    this.trusted = ensurePrivateDir(base, this.dir);
    if (this.trusted) {
      this.markUsed();
      removeOlder(path.join(base, 'analysis'), build, OTHER_BUILD_AGE_MS);
      removeOlder(path.dirname(this.dir), folder, UNUSED_AGE_MS);
    }
  }

  get(file: string, text: string, key: string): FileAnalysis | undefined {
    if (!this.trusted) return undefined;
    const hash = contentHash(text);
    const entry = this.readEntry(file, key);
    if (entry && entry.key === key && entry.hash === hash && entry.reads.every(([f, h]) => this.readHash(f, true) === h))
      return entry.analysis;
    return undefined;
  }

  /**
   * Stores the analysis of `text` (nothing without it: every caller has the text it analysed).
   * `readTexts`: the texts the analysis read (its host's answers), hashed instead of what the files hold now.
   */
  set(file: string, key: string, analysis: FileAnalysis, text?: string, readTexts?: ReadonlyMap<string, string | undefined>): void {
    if (text === undefined || !this.trusted) return;
    const hash = contentHash(text);
    const target = this.entryFile(file, key);
    const body = JSON.stringify(analysis);
    if (!isStorable(analysis, text, body)) return void fs.rm(target, { force: true }, () => undefined);
    const reads = analysis.reads.map((f): [string, string | null] => {
      if (!readTexts?.has(f)) return [f, this.readHash(f)];
      const read = readTexts.get(f);
      return [f, read === undefined ? null : contentHash(read)];
    });
    // `file` first: a reader can tell an entry's file from its first bytes.
    const json = `{"version":${ENTRY_VERSION},"file":${JSON.stringify(file)},"key":${JSON.stringify(key)},"hash":"${hash}","reads":${JSON.stringify(reads)},"analysis":${body}}`;
    const temp = `${target}.${process.pid}.tmp`;
    try {
      if (!this.made) {
        fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        // Made by us, or by someone else just before: looked at once more.
        this.trusted = ensurePrivateDir(this.base, this.dir);
        this.made = true;
        if (!this.trusted) return;
      }
      // `wx`: never through a link or a file someone put where the temporary file goes.
      fs.rmSync(temp, { force: true });
      fs.writeFileSync(temp, json, { mode: 0o600, flag: 'wx' });
      fs.renameSync(temp, target);
      // A server that runs for days: its build stays in use for other builds' servers (removeOlder).
      if (Date.now() - this.markedAt > MARK_USED_EVERY_MS) this.markUsed();
    } catch (error) {
      // The folder removed under us (another build's server, a temp cleaner): made again next time.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') this.made = false;
      fs.rm(temp, { force: true }, () => undefined);
    }
  }

  /**
   * After the whole workspace folder was indexed: removes the entries of files it no longer has (deleted
   * or renamed) and temporary files a write left behind, when older than `since` (the index's start, ms
   * since the epoch: one written meanwhile stays). An entry of one of its files under another analysis
   * key goes once it is 30 days old: a second server on the folder with other settings (a multi-root
   * workspace's) may use it. `live`: each analysed file with its analysis key. In the background; a
   * failure leaves the file.
   */
  retainOnly(live: Iterable<readonly [file: string, key: string]>, since: number): void {
    if (!this.trusted) return;
    this.markUsed();
    this.sweep([...live], since).catch(() => undefined);
  }

  private async sweep(live: readonly (readonly [file: string, key: string])[], since: number): Promise<void> {
    // The names of the live entries: a hash each (75–120 ms in one piece for 20,000 files), in turns of the event loop.
    const keep = new Set<string>();
    const files = new Set<string>();
    for (let i = 0; i < live.length; i++) {
      if (i > 0 && i % HASHES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      const [file, key] = live[i];
      keep.add(path.basename(this.entryFile(file, key)));
      files.add(file);
    }
    const sweepOne = async (name: string) => {
      const stale = path.join(this.dir, name);
      const stat = await fs.promises.lstat(stale);
      if (stat.mtimeMs >= since) return;
      if (name.endsWith('.json') && Date.now() - stat.mtimeMs < UNUSED_AGE_MS) {
        const entryOf = await fileOfEntry(stale);
        if (entryOf !== undefined && files.has(entryOf)) return;
      }
      await fs.promises.rm(stale, { force: true });
    };
    const names = await fs.promises.readdir(this.dir);
    for (const name of names) {
      if (keep.has(name) || !(name.endsWith('.json') || name.endsWith('.tmp'))) continue;
      sweepOne(name).catch(() => undefined);
    }
  }

  /**
   * This build's folder and this workspace folder's are marked as used now (a folder's time changes
   * only when an entry is added to it), so that no server takes either for one left alone.
   */
  private markUsed(): void {
    this.markedAt = Date.now();
    const now = new Date();
    for (const dir of [path.dirname(this.dir), this.dir]) {
      try {
        fs.utimesSync(dir, now, now);
      } catch {
        /* not made yet: the first entry makes it */
      }
    }
  }

  private readHash(file: string, memo = false): string | null {
    let hash = memo ? this.readHashes?.get(file) : undefined;
    if (hash === undefined) {
      const text = this.read(file);
      hash = text === undefined ? null : contentHash(text);
      if (memo) this.readHashes?.set(file, hash);
    }
    return hash;
  }

  /** One entry per file and analysis key. */
  private entryFile(file: string, key: string): string {
    return path.join(this.dir, `${contentHash(`${file}\0${key}`).slice(0, 32)}.json`);
  }

  private readEntry(file: string, key: string): StoredEntry | undefined {
    let fd: number | undefined;
    try {
      fd = fs.openSync(this.entryFile(file, key), 'r');
      if (!isOwnFile(fs.fstatSync(fd))) return undefined;
      const entry = JSON.parse(fs.readFileSync(fd, 'utf8')) as StoredEntry;
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
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}

/** The file an entry is of, from its first bytes; undefined when they are not an entry's. */
async function fileOfEntry(entry: string): Promise<string | undefined> {
  const handle = await fs.promises.open(entry, 'r');
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const match = ENTRY_HEAD.exec(head.subarray(0, bytesRead).toString('utf8'));
    return match ? (JSON.parse(match[1]) as string) : undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Removes in the background the folders in `dir` but `keep` left alone for longer than `age` ms:
 * other builds' entries, which can never be used again, and workspace folders no longer opened.
 */
function removeOlder(dir: string, keep: string, age: number): void {
  fs.readdir(dir, (error, names) => {
    if (error) return;
    for (const name of names) {
      if (name === keep) continue;
      const other = path.join(dir, name);
      fs.lstat(other, (statError, stat) => {
        if (!statError && Date.now() - stat.mtimeMs > age) fs.rm(other, { recursive: true, force: true }, () => undefined);
      });
    }
  });
}
