/**
 * dist/server.js, the entry clients start: loads the server bundle (dist/serverMain.js) through a
 * V8 code cache, so that a server started for the second time skips most of parsing and compiling our
 * own 5 MB of JavaScript (the rules, the core, the bundled `typescript`): that was most of the time
 * between spawn and the first diagnostics (issue 20).
 *
 * The cache is made with `script.createCachedData()` once the server has analysed its first document
 * (serverMain.ts's `firstAnalysis`), so it holds the functions V8 compiled lazily on the way there,
 * not only the eagerly compiled top level: esbuild wraps each module in a function, so an eager-only
 * cache (what `produceCachedData` or `v8-compile-cache` make, at compile time) holds almost nothing of
 * ours. It is our own bundle only: the extension never runs workspace code.
 *
 * Where: the server's cache folder (cacheDir.ts: TWELVE_FACTOR_LINT_CACHE_DIR, which our VS Code client
 * sets to its global storage, `off` for none; else one under os.tmpdir()). One file per bundle content, Node, V8 and
 * architecture; written atomically (a temporary file renamed); other versions' files are removed when a new
 * one is written. A cache that is missing, unreadable, unwritable, altered (our SHA-1 of V8's data
 * does not match: V8 itself checks only its header) or that V8 rejects costs only the compile it
 * would have saved, and is written anew: nothing here may stop the server.
 *
 * Worker threads (background indexing runs this same entry, scanPool.ts) read the cache but never
 * write it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { serverCacheDir } from './cacheDir';
import { ensurePrivateDir, isOwnFile } from './analysis/workspace/privateDir';

const BUNDLE = path.join(__dirname, 'serverMain.js');
const PREFIX = 'server-';
const SUFFIX = '.v8cache';
/** After the first analysis, the cache is written this much later (or at exit, if sooner): what runs just after is compiled too. */
const SAVE_DELAY_MS = 1000;
/** Without any analysis (no document opened), the cache is written this long after start. */
const SAVE_WITHOUT_ANALYSIS_MS = 30_000;

/** What the bundle exports (serverMain.ts). */
interface ServerExports {
  firstAnalysis?: Promise<void>;
}

/**
 * The cache file for this bundle's bytes on this Node, V8 and architecture. V8 itself rejects a cache
 * made under other V8 flags (then it is written anew); Node's own flags (--cpu-prof…) do not matter.
 */
function cacheFile(dir: string, bundle: Buffer): string {
  const key = createHash('sha1')
    .update(bundle)
    .update(`\0${process.version}\0${process.versions.v8}\0${process.arch}`)
    .digest('hex')
    .slice(0, 24);
  return path.join(dir, `${PREFIX}${key}${SUFFIX}`);
}

/** Our header before V8's data: a mark and the SHA-1 of the data (V8 checks only the header of its own data, not its payload). */
const MAGIC = Buffer.from('TFL-V8C1');
const HEADER = MAGIC.length + 20;

const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest();

/** The V8 data of a cache file, when the file is whole: a truncated or altered file is treated as none. */
function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    // Only a file of this user's that no one else may write: V8 data is code.
    if (!isOwnFile(fs.fstatSync(fd))) return undefined;
    bytes = fs.readFileSync(fd);
  } catch {
    return undefined; // none yet, or unreadable: compile
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (bytes.length <= HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = bytes.subarray(HEADER);
  return sha1(data).equals(bytes.subarray(MAGIC.length, HEADER)) ? data : undefined;
}

function writeCache(script: vm.Script, file: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.rmSync(tmp, { force: true });
    fs.writeFileSync(tmp, Buffer.concat([MAGIC, sha1(data), data]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    for (const name of fs.readdirSync(path.dirname(file))) {
      if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name !== path.basename(file)) {
        fs.rmSync(path.join(path.dirname(file), name), { force: true });
      }
    }
  } catch {
    // An unwritable directory: no cache, the server runs as without one.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* never written */
    }
  }
}

/** Writes the cache once the first document has been analysed (or after a while without one). */
function scheduleSave(script: vm.Script, file: string, exports: ServerExports): void {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    writeCache(script, file);
  };
  const fallback = setTimeout(save, SAVE_WITHOUT_ANALYSIS_MS);
  fallback.unref();
  void exports.firstAnalysis?.then(() => {
    clearTimeout(fallback);
    setTimeout(save, SAVE_DELAY_MS).unref();
    process.once('exit', save);
  });
}

function load(): void {
  const bundle = fs.readFileSync(BUNDLE);
  const dir = serverCacheDir();
  // A folder another user made or can write to may hold planted V8 data: not used.
  const file = dir === undefined || !ensurePrivateDir(dir) ? undefined : cacheFile(dir, bundle);
  const cachedData = readCache(file);
  // The CommonJS wrapper Node itself puts around a module.
  const source = `(function (exports, require, module, __filename, __dirname) { ${bundle.toString('utf8')}\n});`;
  const script = new vm.Script(source, { filename: BUNDLE, cachedData });
  const module = { exports: {} as ServerExports, id: BUNDLE, filename: BUNDLE, loaded: false, children: [], paths: [] };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  // The bundle sees itself as this entry: background-indexing workers start from here and get the cache too.
  wrapper.call(module.exports, module.exports, createRequire(BUNDLE), module, __filename, __dirname);
  module.loaded = true;
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  if (file && isMainThread && !usable) scheduleSave(script, file, module.exports);
}

load();
