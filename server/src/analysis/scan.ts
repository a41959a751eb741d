/**
 * A one-shot scan of a folder: a workspace session indexed once. For callers that want a plain result
 * (tests, the benchmark); the CLI and the language server use the session (workspace/session.ts) itself.
 */
import { compareFindings, type AnalysisNote, type Finding } from './finding';
import type { Rule } from './rule';
import { WorkspaceSession, type SessionHost, type SessionSettings } from './workspace/session';
import type { ProgramEvidence } from './facts/program';

export { listFiles } from './workspace/files';
export { diskHost } from './disk';

interface ScanOptions {
  /** A config file instead of the root's `.twelvefactorrc.json`. */
  configFile?: string;
  /** Editor-style settings on top of the config files. */
  settings?: SessionSettings;
  host?: SessionHost;
  rules?: readonly Rule[];
  prefilter?: boolean;
  /** Called after each file; return false to cancel. */
  onProgress?: (done: number, total: number, file: string) => boolean | void;
}

interface ScanResult {
  root: string;
  files: string[];
  findings: Finding[];
  notes: AnalysisNote[];
  durationMs: number;
  cancelled: boolean;
  /** Program-level evidence (entry points, servers, signal handlers) behind the program rules' verdicts. */
  program?: ProgramEvidence;
  session: WorkspaceSession;
}

export function scan(root: string, paths?: readonly string[], options: ScanOptions = {}): ScanResult {
  const session = new WorkspaceSession(root, {
    host: options.host,
    rules: options.rules,
    configFile: options.configFile,
    settings: options.settings,
    prefilter: options.prefilter,
  });
  const result = session.indexSync({ paths, onProgress: options.onProgress });
  return {
    root: session.root,
    files: session.files(),
    findings: session.allFindings().sort(compareFindings),
    notes: session.allNotes(),
    durationMs: result.durationMs,
    cancelled: result.cancelled,
    program: session.programEvidence(),
    session,
  };
}
