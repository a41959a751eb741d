/**
 * The compliance report model (docs/DESIGN.md §6 "The report"): plain, versioned data computed by the core
 * and rendered by the webview, the Markdown formatter and the CLI. No vscode, no LSP.
 *
 * Honesty rule: a factor is `compliant` only when the report found positive evidence for it and no
 * violation; when nothing applies or nothing was found either way it is `not-assessed`, never passing.
 */
import type { Severity } from '../finding';

/** Bumped when a field changes meaning or disappears (adding optional fields does not bump it). */
export const REPORT_MODEL_VERSION = 1;

export type FactorStatus = 'compliant' | 'violations' | 'not-assessed';

/**
 * One observation behind a verdict.
 * - `positive`: supports compliance ("lockfile package-lock.json present").
 * - `negative`: a problem seen in the workspace that is not a rule finding ("no lockfile").
 * - `neutral`: context that decides nothing ("no .git folder found", "rule X is off").
 */
export interface Evidence {
  kind: 'positive' | 'negative' | 'neutral';
  text: string;
  /** Relative to the folder root, `/`-separated. */
  file?: string;
  /** 1-based. */
  line?: number;
}

/** A finding as the report shows it: 1-based positions, file relative to the folder root. */
export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FactorReport {
  number: number;
  roman: string;
  slug: string;
  title: string;
  summary: string;
  status: FactorStatus;
  /** One sentence: why this status. */
  reason: string;
  evidence: Evidence[];
  findings: ReportFinding[];
  /** Rule ids that check this factor and were enabled. */
  rules: string[];
  /** For `not-assessed`: what the report would need to assess the factor. */
  needed?: string;
}

export interface FolderReport {
  /** Display name (the folder's base name). */
  name: string;
  /** Absolute path of the folder (the client opens findings relative to it). */
  root: string;
  /** `config`: .env, JSON config, compose files, Procfiles, .npmrc (added in 0.2; absent from older models). */
  files: { scanned: number; typescript: number; dockerfile: number; config?: number };
  /** Factors compliant out of those assessed (compliant + violations). */
  score: { compliant: number; assessed: number };
  factors: FactorReport[];
}

export interface ComplianceReport {
  version: typeof REPORT_MODEL_VERSION;
  tool: { name: string; version: string };
  /** Wall-clock time the scan and the report took. */
  durationMs: number;
  folders: FolderReport[];
  /** True when the scan was cancelled before every file was read: verdicts may be incomplete. */
  cancelled?: boolean;
}
