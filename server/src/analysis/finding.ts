/** The finding model (docs/DESIGN.md §3). Plain data: no vscode, no LSP. All positions are 0-based. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** Higher is more severe; used for `--fail-on` and for sorting. */
export function severityRank(severity: Severity): number {
  return 4 - SEVERITIES.indexOf(severity);
}

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Replace `range` of `file` by `newText`. */
export interface TextChange {
  kind: 'replace';
  file: string;
  range: Range;
  newText: string;
}

/**
 * Make sure `file` contains a line starting with `key` (e.g. `.env.example` gets `STRIPE_KEY=`).
 * Resolved against the file's current text when the fix is applied, so it is never duplicated and
 * creates the file when it is missing.
 */
export interface EnsureLineChange {
  kind: 'ensureLine';
  file: string;
  /** The line to append, e.g. `STRIPE_KEY=`. */
  line: string;
  /** A line already starting with this prefix means the change is done, e.g. `STRIPE_KEY=`. */
  presentIfLineStartsWith: string;
  /**
   * Only a line equal to `line` (surrounding blanks aside) means the change is done: for lines whose prefix
   * means something else (`/.env` in a .gitignore is not done by `/.env.local`).
   */
  exact?: boolean;
  /**
   * The fix still makes sense without this change: a client that cannot create files gets the fix
   * without it (and `Fix.titleWithoutOptional`) rather than no fix at all.
   */
  optional?: boolean;
}

export type Change = TextChange | EnsureLineChange;

export interface Fix {
  title: string;
  /**
   * `safe`: the program does the same after the fix (exec form, a Console transport with the same
   * level): fix-all, fix on save and the CLI's --fix apply it. `suggestion`: behaviour changes (a value
   * now read from the environment, a handler added): offered as a quick fix the user picks, never
   * applied in bulk. (docs/DESIGN.md §2; each rule's docs say which of its fixes is which.)
   */
  kind: 'safe' | 'suggestion';
  /** The fix to show first for its finding (a suggestion may be preferred in the menu; fix-all still skips it). */
  isPreferred?: boolean;
  /** The title when the fix is offered without its optional changes. */
  titleWithoutOptional?: string;
  changes: Change[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  factor: number;
  severity: Severity;
  message: string;
  /** Identifies the message template, for tests and for grouping; stable across releases. */
  messageId: string;
  /** Absolute path in the core. */
  file: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

/** A note about the analysis itself (a skipped file, a rule that failed, a bad directive), not a violation. */
export interface AnalysisNote {
  file: string;
  kind: 'skipped' | 'parse-error' | 'rule-error' | 'unreadable' | 'directive';
  message: string;
  /** Where, for notes about a place in the file (a disable directive naming an unknown rule). */
  range?: Range;
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    comparePositions(a.range.start, b.range.start) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
