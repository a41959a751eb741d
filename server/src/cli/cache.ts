/**
 * `--cache`: the raw analysis of each file (engine.ts analyzeRaw: findings before configuration,
 * facts, directives, notes) stored by content, so a second run parses only what changed. An entry is
 * used when the file's text hash, the analysis key (rule options, test-file status, size limit) and
 * the hashes of the other files its analysis read (a Dockerfile reads package.json and its entry
 * script) are all the same; the cache file as a whole belongs to one tool build, scan root and
 * pre-filter setting. Program verdicts are not stored: the session judges them again from the facts,
 * so a run with the cache prints byte for byte what a run without it prints.
 *
 * What it holds never includes a secret: messages are redacted as in every output, facts are names and
 * positions, and the analysis of a file with a secret finding is never stored (it is re-analysed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisCache } from '../analysis/workspace/session';
import type { FileAnalysis } from '../analysis/engine';
import { contentHash as hash, isStorable } from '../analysis/workspace/entryCache';

export { toolIdentity } from '../analysis/workspace/entryCache';

const CACHE_VERSION = 1;

interface Entry {
  key: string;
  hash: string;
  /** Files the analysis read, with their hash (null: missing). */
  reads: [string, string | null][];
  analysis: FileAnalysis;
}

interface CacheData {
  version: typeof CACHE_VERSION;
  identity: string;
  entries: Record<string, Entry>;
}

const DEFAULT_CACHE_LOCATION = path.join('node_modules', '.cache', 'twelve-factor-lint');

/** Where the cache file of a scan root is: `location` is a folder (existing, ending in a separator, or the default) or a file. */
export function cacheFile(location: string | undefined, cwd: string, root: string): string {
  const resolved = path.resolve(cwd, location ?? DEFAULT_CACHE_LOCATION);
  let isDir = location === undefined || /[\\/]$/.test(location);
  try {
    isDir ||= fs.statSync(resolved).isDirectory();
  } catch {
    /* not there yet: a file, unless it ends with a separator */
  }
  return isDir ? path.join(resolved, `cache-${hash(root).slice(0, 16)}.json`) : resolved;
}

export class FileCache implements AnalysisCache {
  private entries: Record<string, Entry> = {};
  private readonly pending = new Map<string, string>();
  private readonly readHashes = new Map<string, string | null>();
  private dirty = false;
  hits = 0;
  misses = 0;

  /** `identity`: what every entry depends on (tool build, root, pre-filter); another identity starts empty. */
  constructor(
    readonly file: string,
    private readonly identity: string,
    private readonly read: (file: string) => string | undefined,
  ) {
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheData;
      if (data.version === CACHE_VERSION && data.identity === identity && data.entries && typeof data.entries === 'object')
        this.entries = data.entries;
      else this.dirty = true;
    } catch {
      // No cache yet, or an unreadable one: start afresh (it is rewritten at the end).
      this.dirty = true;
    }
  }

  get(file: string, text: string, key: string): FileAnalysis | undefined {
    const contentHash = hash(text);
    const entry = this.entries[file];
    if (entry && entry.key === key && entry.hash === contentHash && entry.reads.every(([f, h]) => this.readHash(f) === h)) {
      this.hits++;
      return entry.analysis;
    }
    this.misses++;
    this.pending.set(file, contentHash);
    return undefined;
  }

  set(file: string, key: string, analysis: FileAnalysis, text?: string): void {
    const contentHash = text !== undefined ? hash(text) : this.pending.get(file);
    if (contentHash === undefined) return;
    this.pending.delete(file);
    this.dirty = true;
    if (!isStorable(analysis, text)) {
      delete this.entries[file];
      return;
    }
    this.entries[file] = { key, hash: contentHash, reads: analysis.reads.map((f) => [f, this.readHash(f)]), analysis };
  }

  /** Writes the cache if anything changed (atomically: a concurrent run reads the old or the new file, never half of one). */
  save(): void {
    if (!this.dirty) return;
    for (const file of Object.keys(this.entries)) if (!fs.existsSync(file)) delete this.entries[file];
    const data: CacheData = { version: CACHE_VERSION, identity: this.identity, entries: this.entries };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(data));
    fs.renameSync(temp, this.file);
    this.dirty = false;
  }

  private readHash(file: string): string | null {
    let h = this.readHashes.get(file);
    if (h === undefined) {
      const text = this.read(file);
      h = text === undefined ? null : hash(text);
      this.readHashes.set(file, h);
    }
    return h;
  }
}
