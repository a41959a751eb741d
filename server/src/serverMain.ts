/**
 * The language server's entry (dist/server.js). The same bundle also runs as a worker thread of the
 * session's background indexing (scanPool.ts): then it serves batches of files and nothing else —
 * no LSP connection is created in a worker.
 */
import { runPoolWorkerIfAny } from './analysis/scanPool';

if (!runPoolWorkerIfAny()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the server starts only in the main thread
  require('./server');
}
