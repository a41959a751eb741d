/**
 * A worker pool for scans (`--jobs N`): the files are handed out in small batches to N - 1
 * workers (threads; child processes with `processes`) and to this thread, each reading and analysing
 * its files with `analyzeDiskFile` (this thread would otherwise sit idle, and every worker pays for
 * loading the rules and `typescript` and warming them up); the results come back in the order of the
 * input list, so whatever folds them (scan(): findings, notes, program facts) sees exactly what the
 * single-threaded loop would.
 *
 * The worker runs a script that calls `runPoolWorkerIfAny()` before anything else: for the CLI that
 * is the bundle itself (dist/cli.js), for the language server dist/server.js (serverMain.ts), so
 * there is no extra bundle and no second copy of the rules. Nothing starts a pool without being told
 * which script to run.
 *
 * A pool that cannot start or fails midway falls back to this thread for the files it has not
 * returned: the result is the same, only slower.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { analyzeRaw, type FileAnalysis, type RawOptions } from './engine';
import type { AnalysisHost } from './rule';
import { analyzeDiskFile, diskHost, memoHost, readSourceFile } from './disk';
import { DEFAULT_MAX_FILE_SIZE } from './config/config';
import { EntryCache } from './workspace/entryCache';

const POOL_MARK = 'twelve-factor-lint/scan-pool@1';
/** The environment variable that makes a forked process a pool worker (PoolHooks.processes): its WorkerInit as JSON. */
const POOL_ENV = 'TWELVE_FACTOR_LINT_SCAN_POOL';
/** Files per message at most: small enough to balance one huge file against many small ones, big enough to amortise messaging. */
const MAX_BATCH = 16;
/** Batches queued per worker, so a worker never waits for the main thread between batches. */
const QUEUE_DEPTH = 2;

/** What a worker needs for all files: plain data only (structured clone), so no host callbacks and no rule objects. */
interface PoolOptions {
  root: string;
  prefilter?: boolean;
  facts?: boolean;
  /**
   * The language server's analysis cache (workspace/entryCache.ts): each file's entry is looked up
   * where the file is analysed (a worker), and written there on a miss, so a folder indexed again after
   * a restart reads its unchanged files' analyses instead of parsing them. Items need their `key`.
   */
  cache?: { dir: string; identity: string };
}

/** One file and what its analysis depends on in its configuration (computed by the caller, which knows the cascade). */
export interface PoolItem {
  file: string;
  options?: RawOptions['options'];
  isTestFile?: boolean;
  maxFileSize?: number;
  /** What the analysis depends on in the configuration, for PoolOptions.cache (WorkspaceSession's analysis key). */
  key?: string;
}

interface PoolHooks {
  /** The file the workers run; it must call runPoolWorkerIfAny() first. Without it, no pool: this thread. */
  script?: string;
  /** Below this many files the pool is not worth its start-up and the files are analysed here (default 2). */
  minFiles?: number;
  /** Called after each file, in no particular order; return false to cancel. */
  onProgress?: (done: number, total: number, file: string) => boolean | void;
  /** Called once if the pool could not be used (the scan then finishes in this thread). */
  onFallback?: (reason: string) => void;
  /**
   * Only the workers analyse (`jobs` of them); this thread stays free for other work (the language
   * server answering edits while it indexes). A fallback still analyses here, a batch at a time.
   */
  workersOnly?: boolean;
  /** Each result as it arrives (in no particular order), before the whole list is returned. */
  onResult?: (result: FileAnalysis) => void;
  /**
   * Workers are child processes (the same script, forked) instead of threads: whatever a scan used
   * goes back to the system when they exit. A thread's memory stays with the process that ran it (the
   * allocator keeps what the thread freed): the language server, which lives on after its scans, kept
   * ~100 MB of an ended worker thread after indexing the 6,000-file bench corpus. The script must
   * call runPoolWorkerIfAny() in its main thread too: dist/server.js does (serverMain.ts), dist/cli.js
   * only in worker threads.
   */
  processes?: boolean;
  /**
   * With `processes`: the workers run at a lower OS priority (nice 10, or this process's own when it
   * is lower still), so a worker that indexes a folder in the background never takes a core from the
   * thread that answers the editor. The workers still use whatever CPU that thread leaves idle.
   */
  background?: boolean;
}

interface WorkerInit {
  mark: typeof POOL_MARK;
  options: PoolOptions;
}

type ToWorker = { batch: number; files: PoolItem[] } | { stop: true };
type FromWorker = { batch: number; results: FileAnalysis[] } | { batch: number; error: string };

/** The default number of jobs: the cores Node may use. */
export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** Files per batch: about four batches per worker on small scans, MAX_BATCH on large ones. */
export function batchSize(files: number, jobs: number): number {
  return Math.max(1, Math.min(MAX_BATCH, Math.ceil(files / (jobs * 4))));
}

/**
 * Analyses `files` (absolute paths, read from disk) with up to `jobs` workers; results in input
 * order (when cancelled: the files analysed so far, still in input order).
 */
export async function analyzeFiles(
  files: readonly PoolItem[],
  options: PoolOptions,
  jobs: number,
  hooks: PoolHooks = {},
): Promise<FileAnalysis[]> {
  const cache = entryCacheFor(options);
  const reads = memoHost(diskHost);
  const analyze = (item: PoolItem) => analyzeItem(item, options, cache, reads);
  const results = new Array<FileAnalysis | undefined>(files.length);
  let done = 0;
  let cancelled = false;
  const record = (index: number, result: FileAnalysis) => {
    results[index] = result;
    hooks.onResult?.(result);
    done++;
    if (!cancelled && hooks.onProgress?.(done, files.length, files[index].file) === false) cancelled = true;
  };
  const finish = () => results.filter((r): r is FileAnalysis => r !== undefined);
  /** The files no worker returned, analysed here, in order. */
  const inThisThread = async () => {
    for (let i = 0; i < files.length && !cancelled; i++) {
      if (results[i]) continue;
      record(i, analyze(files[i]));
      if (hooks.workersOnly && i % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
    }
    return finish();
  };

  const size = batchSize(files.length, Math.max(1, Math.floor(jobs)));
  // This thread is one of the `jobs` (it analyses batches too, between handling the workers'
  // messages) unless it must stay free.
  const workers = Math.min(Math.floor(jobs), Math.ceil(files.length / size)) - (hooks.workersOnly ? 0 : 1);
  if (!hooks.script || workers < 1 || files.length < Math.max(2, hooks.minFiles ?? 2)) return inThisThread();

  const init: WorkerInit = { mark: POOL_MARK, options };
  const batches: number[] = [];
  for (let start = 0; start < files.length; start += size) batches.push(start);
  let next = 0;
  let settled = false;
  const pool: PoolWorker[] = [];
  const workersDone = new Promise<string | undefined>((resolve) => {
    let running = 0;
    const settle = (reason?: string) => {
      if (settled) return;
      settled = true;
      resolve(reason);
    };
    const feed = (worker: PoolWorker, outstanding: Set<number>) => {
      while (outstanding.size < QUEUE_DEPTH && !cancelled && !settled && next < batches.length) {
        const batch = next++;
        outstanding.add(batch);
        worker.send({ batch, files: files.slice(batches[batch], batches[batch] + size) });
      }
      if (outstanding.size === 0) worker.send({ stop: true });
    };
    for (let w = 0; w < workers; w++) {
      let worker: PoolWorker;
      try {
        worker = hooks.processes ? startProcess(hooks.script!, init, !!hooks.background) : startWorker(hooks.script!, init);
      } catch (error) {
        settle(`a worker could not start (${(error as Error).message})`);
        break;
      }
      const outstanding = new Set<number>();
      pool.push(worker);
      running++;
      worker.onMessage((message) => {
        if (settled) return;
        if ('error' in message) return settle(`a worker failed (${message.error})`);
        outstanding.delete(message.batch);
        message.results.forEach((result, offset) => record(batches[message.batch] + offset, result));
        feed(worker, outstanding);
      });
      worker.onError((error) => settle(`a worker failed (${error.message})`));
      worker.onExit((code) => {
        running--;
        if (outstanding.size > 0) settle(`a worker stopped with ${outstanding.size} batch(es) unanswered (exit code ${code})`);
        if (running === 0) settle();
      });
      feed(worker, outstanding);
    }
    if (running === 0) settle();
  });
  const yieldToWorkers = () => new Promise((resolve) => setImmediate(resolve));
  const ownShare = async () => {
    while (!hooks.workersOnly && !cancelled && !settled && next < batches.length) {
      const start = batches[next++];
      for (let i = start; i < Math.min(start + size, files.length) && !cancelled; i++) {
        record(i, analyze(files[i]));
        await yieldToWorkers(); // hand the workers their next batch without delay
      }
    }
  };
  const [failure] = await Promise.all([workersDone, ownShare()]);
  await Promise.all(pool.map((worker) => worker.stop()));
  if (failure !== undefined && !cancelled) hooks.onFallback?.(failure);
  // Normally nothing is missing; after a failure the rest is analysed here, so the result is the same.
  return cancelled ? finish() : inThisThread();
}

/** One file, read from disk and analysed before configuration (engine.ts analyzeRaw), or its analysis from the cache. */
/** `reads`: the run's host for the other files an analysis reads (memoHost). */
function analyzeItem(item: PoolItem, options: PoolOptions, cache: EntryCache | undefined, reads: AnalysisHost): FileAnalysis {
  const raw: RawOptions = {
    root: options.root,
    prefilter: options.prefilter,
    facts: options.facts,
    options: item.options,
    isTestFile: item.isTestFile,
    maxFileSize: item.maxFileSize,
  };
  if (!cache || item.key === undefined) return analyzeDiskFile(item.file, { ...raw, host: reads });
  const text = readSourceFile(item.file, [], item.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if (text === undefined) return analyzeDiskFile(item.file, { ...raw, host: reads }); // its note says why
  const cached = cache.get(item.file, text, item.key);
  if (cached) return cached;
  // The entry records the files the analysis read as it read them, not as they are when it is written.
  const readTexts = new Map<string, string | undefined>();
  const host = {
    readFile: (file: string) => {
      const read = reads.readFile(file);
      readTexts.set(file, read);
      return read;
    },
  };
  const analysis = analyzeRaw({ file: item.file, text }, { ...raw, host });
  cache.set(item.file, item.key, analysis, text, readTexts);
  return analysis;
}

function entryCacheFor(options: PoolOptions): EntryCache | undefined {
  const { cache, root } = options;
  return cache && new EntryCache(cache.dir, cache.identity, root, (file) => diskHost.readFile(file), { memoReads: true });
}

/** What the pool needs of a worker, a thread or a process. */
interface PoolWorker {
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  onError(listener: (error: Error) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** Ends it (at once, answered batches or not); resolves once it is gone. */
  stop(): Promise<void>;
}

/**
 * A worker thread with this process's Node options; without them when a worker may not take one of
 * them (`--expose-gc` is one: Node refused the worker, and every file was then analysed in the main thread).
 */
function startWorker(script: string, init: WorkerInit): PoolWorker {
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: init, execArgv: workerExecArgv() });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    worker = new Worker(script, { workerData: init, execArgv: [] });
  }
  return {
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => void worker.on('message', listener),
    onError: (listener) => void worker.on('error', listener),
    onExit: (listener) => void worker.on('exit', listener),
    stop: () =>
      worker.terminate().then(
        () => undefined,
        () => undefined,
      ),
  };
}

/**
 * A worker process: the same script forked, told by POOL_ENV that it is one. Messages go over the IPC
 * channel with the structured clone algorithm, as a thread's do. Its stdout is not ours (the language
 * server speaks LSP on its own); its stderr is.
 */
function startProcess(script: string, init: WorkerInit, background: boolean): PoolWorker {
  const child = fork(script, [], {
    execArgv: workerExecArgv(),
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, [POOL_ENV]: JSON.stringify(init) },
  });
  if (background && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, Math.max(os.getPriority(), os.constants.priority.PRIORITY_BELOW_NORMAL));
    } catch {
      /* not permitted here (some containers): the worker keeps the default priority */
    }
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => void child.on('message', (message) => listener(message as FromWorker)),
    onError: (listener) => void child.on('error', listener),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      return exited;
    },
  };
}

/**
 * Node options for the workers: the parent's (memory limits, --cpu-prof…) without module loaders
 * (`--import tsx` in tests): the worker script is a self-contained bundle, and a loader would
 * transform all of it again in every worker.
 */
function workerExecArgv(): string[] {
  const args: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].split('=')[0];
    if (LOADER_FLAGS.has(name)) {
      if (!argv[i].includes('=')) i++; // its value
      continue;
    }
    args.push(argv[i]);
  }
  return args;
}
const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * In a pool worker started by analyzeFiles(): serve batches and return true (the caller must then
 * do nothing else). Anywhere else: return false at once.
 */
export function runPoolWorkerIfAny(): boolean {
  if (isMainThread) return runPoolProcessIfAny();
  if (!parentPort || (workerData as WorkerInit | undefined)?.mark !== POOL_MARK) return false;
  const port = parentPort;
  const { options } = workerData as WorkerInit;
  serve(
    options,
    (listener) => port.on('message', listener),
    (message) => port.postMessage(message),
    () => port.close(),
  );
  return true;
}

/** In a process forked by startProcess(): serve batches over the IPC channel, then leave. */
function runPoolProcessIfAny(): boolean {
  const raw = process.env[POOL_ENV];
  if (!raw || !process.send) return false;
  let init: WorkerInit;
  try {
    init = JSON.parse(raw) as WorkerInit;
  } catch {
    return false;
  }
  if (init.mark !== POOL_MARK) return false;
  delete process.env[POOL_ENV]; // not for whatever this process might start
  // The parent gone (the language server killed), nothing is left to do.
  process.on('disconnect', () => process.exit(0));
  serve(
    init.options,
    (listener) => process.on('message', (message) => listener(message as ToWorker)),
    (message) => process.send!(message),
    () => process.disconnect(),
  );
  return true;
}

function serve(
  options: PoolOptions,
  onMessage: (listener: (message: ToWorker) => void) => void,
  reply: (message: FromWorker) => void,
  close: () => void,
): void {
  const cache = entryCacheFor(options);
  // A worker lives for one index run: what its analyses read is kept for that run.
  const reads = memoHost(diskHost);
  onMessage((message) => {
    if ('stop' in message) return close();
    try {
      reply({ batch: message.batch, results: message.files.map((item) => analyzeItem(item, options, cache, reads)) });
    } catch (error) {
      reply({ batch: message.batch, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  });
}
