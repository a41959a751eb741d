/**
 * The language server's bundle (dist/serverMain.js), started through its loader (serverLoader.ts,
 * dist/server.js). The same bundle, through the same loader, also runs as the worker process of the
 * session's background indexing (scanPool.ts, forked by the server) or as a worker thread: then it
 * serves batches of files and nothing else — no LSP connection is created in a worker.
 */
import { runPoolWorkerIfAny } from './analysis/scanPool';
import type * as Server from './server';

/** Settles once the server has published its first document's diagnostics (the loader then saves its code cache). */
export let firstAnalysis: Promise<void> | undefined;

if (!runPoolWorkerIfAny()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the server starts only in the main thread
  firstAnalysis = (require('./server') as typeof Server).firstAnalysis;
}
