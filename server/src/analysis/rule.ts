/** How a rule is declared (docs/DESIGN.md §2): metadata plus one check per language it reads. */
import type * as ts from 'typescript';
import type { Dockerfile } from 'dockerfile-ast';
import type { Fix, Range, RelatedLocation, Severity } from './finding';
import type { Language } from './languages/detect';
import { factorBySlug } from './report/factors';
import { TOOL } from './version';
import type { ProgramView } from './facts/types';
import type { Steps } from './steps';
import type { JsonDocument } from './languages/config/json';
import type { YamlDocument } from './languages/config/yaml';
import type { DotenvDocument } from './languages/config/dotenv';
import type { ProcfileDocument } from './languages/config/procfile';
import type { NpmrcDocument } from './languages/config/npmrc';

export interface RuleMeta {
  /** `<factor-slug>/<rule-name>`; equals the rule's file path under `rules/`. */
  id: string;
  /** 1..12, and the id's first segment is that factor's slug. */
  factor: number;
  /** One sentence, shown in docs, SARIF and the report. */
  description: string;
  defaultSeverity: Severity;
  /** Severity used in test and fixture files when the config says nothing else; 'off' = not checked there. */
  testFileSeverity?: Severity | 'off';
  languages: Language[];
  fixable: boolean;
  /** Message templates by camelCase id; `{{name}}` is replaced by report data. */
  messages: Record<string, string>;
  /** Messages whose findings are never more severe than this, whatever the rule's severity (a note beside the rule's warnings). */
  messageSeverities?: Record<string, Severity>;
  /**
   * The rule's options (`"rules": { "<id>": ["warning", { …options }] }`), as the JSON schema of the
   * options object: validated when a config is read, and generated into the config file's schema and
   * the settings. Every rule also takes `testFileSeverity` (OPTION_TEST_FILE_SEVERITY), added by defineRule.
   */
  options?: OptionsSchema;
}

/** The subset of JSON schema rule options are declared with. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  additionalProperties?: false;
}

export interface JsonSchema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  enum?: readonly (string | number)[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  minItems?: number;
  uniqueItems?: boolean;
  default?: unknown;
  description?: string;
  markdownDescription?: string;
}

/** The option every rule takes: the severity used in test and fixture files ('off': not checked there). */
const OPTION_TEST_FILE_SEVERITY: JsonSchema = {
  enum: ['off', 'error', 'warning', 'information', 'hint'],
  description: 'Severity in test and fixture files (the testFiles globs); "off" skips them.',
};

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  range: Range;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Secret values this finding is about: masked out of the message by the engine, whatever the template. */
  secrets?: string[];
  /**
   * A severity below the rule's default for this finding (a note next to the rule's real findings):
   * it caps the configured severity, so turning the rule up never turns the note into an error.
   */
  severity?: Severity;
}

/** What the analysis may read besides the file itself: the workspace, through the adapter. */
export interface AnalysisHost {
  /** Text of a file (the open editor buffer if there is one), or undefined if it cannot be read. */
  readFile(file: string): string | undefined;
}

interface BaseContext {
  /** Absolute path of the file under analysis. */
  readonly file: string;
  readonly text: string;
  /** Workspace folder (or scan root) the file belongs to; where `.env.example` lives. */
  readonly root: string;
  /** True for test and fixture files (docs/DESIGN.md §5). */
  readonly isTestFile: boolean;
  /** Per-rule options from the configuration (validated by the rule itself). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly host: AnalysisHost;
  report(descriptor: ReportDescriptor): void;
}

export interface TypeScriptContext extends BaseContext {
  readonly sourceFile: ts.SourceFile;
  /**
   * The tree is an open document's, reparsed incrementally on its next edit: what a rule keeps per
   * statement (KeptVerdicts) may serve that edit. False in scans, where nothing kept would be read.
   */
  readonly incremental: boolean;
  /** Ancestors of the node being visited, outermost first (the SourceFile is ancestors()[0]). */
  ancestors(): readonly ts.Node[];
  /** 0-based range of a node, from its first token (no leading trivia) to its end. */
  rangeOf(node: ts.Node): Range;
  rangeOfOffsets(start: number, end: number): Range;
}

export type TypeScriptVisitors = { [kind: number]: (node: never) => void } & {
  /** Called once after the walk, for rules that collect before they judge. */
  onEnd?: () => void;
  /**
   * Called as the walk enters each top-level statement, before any of its nodes. True promises that
   * the rule has nothing to do in it: what it found there on an earlier parse that kept the statement
   * (an incremental reparse keeps untouched statements as the same objects) still holds, and it has
   * taken that into account. None of the rule's visitors is then called for the statement's nodes,
   * and when every rule of the walk says so, the walk skips the statement (KeptVerdicts).
   */
  onStatement?: (statement: ts.Statement) => boolean;
};

export interface DockerfileContext extends BaseContext {
  readonly dockerfile: Dockerfile;
}

export interface TypeScriptCheck {
  /**
   * Cheap test on the raw text: returning false promises the rule cannot report anything in this
   * file, so the parse may be skipped when no rule needs it. Must be a superset of what the rule
   * looks for. Omit to always run.
   */
  prefilter?: (text: string) => boolean;
  /**
   * The pre-filter reads the text about as thoroughly as the rule reads the tree (a token scan, not a
   * regular expression): an open document (RawOptions.keepSourceFile), parsed anyway and kept for its
   * next edit, runs the rule without it. Scans keep it, where it spares parses.
   */
  prefilterInScansOnly?: boolean;
  create(context: TypeScriptContext): TypeScriptVisitors;
}

export interface DockerfileCheck {
  prefilter?: (text: string) => boolean;
  check(context: DockerfileContext): void;
}

/** A config file (languages/config/): the parsed document and offsets → ranges. */
export interface ConfigContext<D> extends BaseContext {
  readonly document: D;
  rangeOfOffsets(start: number, end: number): Range;
}

export interface ConfigCheck<D> {
  prefilter?: (text: string) => boolean;
  check(context: ConfigContext<D>): void;
}

/** What a program rule sees (docs/DESIGN.md §4): the programs of one workspace folder, as per-file facts. */
export interface ProgramContext {
  readonly root: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly programs: readonly ProgramView[];
  /** A file's text (the open document, else the disk), undefined when unreadable: package.json, lockfiles, Dockerfiles. */
  readFile(file: string): string | undefined;
  /** The workspace file an import specifier of `from` denotes (relative, tsconfig paths, workspace packages), undefined for a package. */
  resolveImport(from: string, specifier: string): string | undefined;
  /**
   * The workspace files an import specifier of `from` loads: resolveImport's file, or for a folder loader (`./routes/*`,
   * facts/loadPaths.ts) the folder's modules, when `from` lists the folder.
   */
  resolveImports(from: string, specifier: string): string[];
  /** The folder of the nearest package.json at or above `file` within the root (else the root). */
  packageOf(file: string): string;
  /** A finding in any file of the folder (absolute `file`). */
  report(descriptor: ReportDescriptor & { file: string }): void;
  /**
   * What the verdicts rest on, for the compliance report (plain JSON: which processes run what, what
   * was found clean and why). Read back by the report's assessment of the rule's factor.
   */
  evidence(data: unknown): void;
}

/**
 * What a program rule's `collect` sees of one TS/JS file while the engine walks it: the parse and
 * positions, nothing to report. It gathers plain data (no nodes) into its own facts.
 */
export interface CollectContext {
  readonly file: string;
  readonly text: string;
  readonly sourceFile: ts.SourceFile;
  ancestors(): readonly ts.Node[];
  rangeOf(node: ts.Node): Range;
  rangeOfOffsets(start: number, end: number): Range;
}

export interface FactsCollector {
  visitors: TypeScriptVisitors;
  /** The file's facts for this rule: plain JSON data (strings, numbers, arrays, objects), or undefined for none. */
  finish(): unknown;
}

/** A verdict about a whole program, judged across files from their facts (never from one file's AST). */
export interface ProgramCheck {
  /**
   * Per-file data this rule judges across files, collected in the engine's one walk of every TS/JS
   * file (whatever the configuration: facts are cached by content) and read back with
   * `ProgramView.ruleFacts(file, id)`. `prefilter` false promises the file has none.
   *
   * `lexical` reads the same facts without a parse where it can be certain of them: `{ facts }`
   * (`facts` undefined: none), or undefined when only the parse can tell. The engine asks it for a
   * file nothing else needs to parse (no other collector, no rich facts), and then does not parse
   * for facts; its answer must deep-equal what `create`'s walk gives (a test compares them).
   */
  collect?: {
    prefilter?: (text: string) => boolean;
    lexical?: (file: string, text: string) => { facts: unknown } | undefined;
    create(context: CollectContext): FactsCollector;
  };
  /**
   * Judges the programs. A check that takes long on a big folder is a generator that pauses
   * (`yield`) between programs, where its data is consistent: the editor gives the event loop a turn
   * there, so an edit does not wait for the whole rule. Callers that want the verdicts at once run it to
   * the end; one that is dropped part-way is judged again.
   */
  check(context: ProgramContext): void | Steps<void>;
}

export interface Rule {
  meta: RuleMeta;
  typescript?: TypeScriptCheck;
  dockerfile?: DockerfileCheck;
  /** package.json, app.json, config/*.json, settings and credential JSON files. */
  json?: ConfigCheck<JsonDocument>;
  /** Compose files. */
  yaml?: ConfigCheck<YamlDocument>;
  dotenv?: ConfigCheck<DotenvDocument>;
  procfile?: ConfigCheck<ProcfileDocument>;
  npmrc?: ConfigCheck<NpmrcDocument>;
  /** Judged by the folder's ProjectModel (facts/program.ts), not per file. */
  program?: ProgramCheck;
}

export function defineRule(rule: Rule): Rule {
  const slug = rule.meta.id.split('/')[0];
  const factor = factorBySlug(slug);
  if (!factor || factor.number !== rule.meta.factor) {
    throw new Error(`rule ${rule.meta.id}: factor ${rule.meta.factor} does not match its id`);
  }
  const declared = rule.meta.options?.properties ?? {};
  rule.meta.options = {
    type: 'object',
    properties: { testFileSeverity: OPTION_TEST_FILE_SEVERITY, ...declared },
    additionalProperties: false,
  };
  return rule;
}

/** The only place a docs URL is built: pinned to the released version. */
export function ruleDocsUrl(id: string): string {
  return `${TOOL.repository}/blob/v${TOOL.version}/docs/rules/${id}.md`;
}

export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}
