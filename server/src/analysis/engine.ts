/**
 * One file, one parse, one walk: every rule's visitors and the program-facts collector share a single
 * traversal; suppression directives are parsed once and serve the file's findings and the program
 * findings judged later. Never throws for bad input: what cannot be analysed becomes an AnalysisNote.
 *
 * Two steps, so a settings change never re-parses anything:
 * - analyzeRaw(): what the code says, independent of severities: every rule's findings at its default
 *   severity, each marked when a directive silences it (plus facts, notes, directives, files read);
 * - configureFindings(): the configuration applied to those (rules off, severities, test files,
 *   suppressions). The workspace session keeps the first and recomputes the second.
 * analyzeFile() does both, for callers with one file and one config (tests, tools).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as ts from 'typescript';
import { parseScript, syntaxErrorCount } from './languages/typescript/parse';
import { walkInSteps } from './languages/typescript/visit';
import { moduleBindings } from './languages/typescript/imports';
import { parseDockerfile } from './languages/dockerfile/parse';
import { dockerModel } from './languages/dockerfile/model';
import { languageOfText, type Language } from './languages/detect';
import {
  formatMessage,
  type AnalysisHost,
  type DockerfileContext,
  type ReportDescriptor,
  type Rule,
  type TypeScriptContext,
  type TypeScriptVisitors,
  type ConfigCheck,
  type ConfigContext,
} from './rule';
import { parseConfigDocument } from './languages/config/parse';
import { severityRank, type AnalysisNote, type Finding, type Range, type Severity } from './finding';
import { defaultConfig, ruleSeverity, type ResolvedConfig } from './config/config';
import { NO_SUPPRESSIONS, parseSuppressions, suppressingDirective, type Suppressions } from './suppressions';
import { maskSecrets } from './redact';
import { commonPrefixLength, commonSuffixLength, computeLineStarts, positionAt } from './text';
import { RULES, RULE_IDS } from './registry';
import { createFactsCollector, factsPrefilter, suppressionFacts } from './facts/fileFacts';
import { lexicalFacts } from './facts/lexicalFacts';
import { EMPTY_FACTS, type FileFacts } from './facts/types';
import { factsOf as dockerfileFactsOf, type DockerfileFacts } from './facts/dockerfile';
import { matcherFor, toPosix } from './paths';
import { runToEnd, type Steps } from './steps';

export { toPosix };

interface AnalyzeInput {
  /** Absolute path. */
  file: string;
  text: string;
  /** The editor's language id, when the file comes from an editor. */
  languageId?: string;
}

/** What an analysis depends on besides the text (the parts of the file's configuration that change findings, not just severities). */
export interface RawOptions {
  /** The workspace folder or scan root the file belongs to. */
  root: string;
  /** Options per rule id, from the file's configuration. */
  options?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** A test or fixture file (the testFiles globs). */
  isTestFile?: boolean;
  maxFileSize?: number;
  host?: AnalysisHost;
  rules?: readonly Rule[];
  /** Skip parsing when no rule's cheap text test matches and no facts are wanted (default true). */
  prefilter?: boolean;
  /** Also collect the file's program facts (facts/fileFacts.ts) in the same walk (default true). */
  facts?: boolean;
  /**
   * The syntax tree of this file's previous text (an open document): parsed again incrementally
   * (`ts.updateSourceFile`), reusing what the edit left untouched. Receives the new tree through
   * `keepSourceFile`. The tree must not be used after it was passed here.
   */
  previousSourceFile?: ts.SourceFile;
  keepSourceFile?: (sourceFile: ts.SourceFile) => void;
}

export interface FileAnalysis {
  file: string;
  language?: Language;
  /**
   * From analyzeRaw: every rule's findings at the rule's default severity, with `suppressed` set on
   * those a directive silences. From analyzeFile: the configured findings only.
   */
  findings: Finding[];
  notes: AnalysisNote[];
  /** False when the pre-filter decided no rule could apply and the file was not parsed. */
  parsed: boolean;
  /** Program facts of a TS/JS file. */
  facts?: FileFacts;
  /** Facts of a Dockerfile (stages, base images, CMD…), for the report. */
  docker?: DockerfileFacts;
  /** The file's disable directives. */
  suppressions: Suppressions;
  /** Other files the analysis read through the host (entry scripts, .dockerignore, package.json…): it is stale when they change. */
  reads: string[];
}

/**
 * The rules that ran on the text a kept tree (RawOptions.keepSourceFile) was parsed from. A pre-filter
 * only promises that a rule cannot report in a text it rejects, so running a rule whose pre-filter
 * would now say no changes no finding; skipping the test saves an open document's keystrokes a scan
 * of the whole text (~15 ms at 10,000 lines for the secret rule's literal scan).
 */
const passedPrefilter = new WeakMap<ts.SourceFile, ReadonlySet<Rule>>();

/** A finding before configuration, marked when a directive of its file silences it. */
interface RawFinding extends Finding {
  suppressed?: true;
}

/** Lines longer than this on average mark a minified bundle: skipped rather than analysed slowly. */
const MINIFIED_AVERAGE_LINE = 1000;
const MINIFIED_MIN_SIZE = 64 * 1024;
const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

const noHost: AnalysisHost = { readFile: () => undefined };

export function analyzeRaw(input: AnalyzeInput, options: RawOptions): FileAnalysis {
  const { file, text } = input;
  const language = languageOfText(file, text, input.languageId);
  const result: FileAnalysis = { file, language, findings: [], notes: [], parsed: false, suppressions: NO_SUPPRESSIONS, reads: [] };
  if (!language) return result;
  const wantFacts = options.facts !== false;
  if (wantFacts && language === 'typescript') result.facts = EMPTY_FACTS;

  const skip = reasonToSkip(text, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if (skip) {
    result.notes.push({ file, kind: 'skipped', message: skip });
    return result;
  }

  const isTestFile = !!options.isTestFile;
  const usePrefilter = options.prefilter !== false;
  const runnable: { rule: Rule; options: Readonly<Record<string, unknown>> }[] = [];
  // An open document's rules that passed their pre-filter on an earlier text keep running without it.
  const passedBefore = options.previousSourceFile && passedPrefilter.get(options.previousSourceFile);
  for (const rule of options.rules ?? RULES) {
    const check = rule[language];
    if (!check || !rule.meta.languages.includes(language)) continue;
    const ruleOptions = options.options?.[rule.meta.id] ?? {};
    if (isTestFile && testFileSetting(rule, ruleOptions) === 'off') continue;
    const prefilter = options.keepSourceFile && 'prefilterInScansOnly' in check && check.prefilterInScansOnly ? undefined : check.prefilter;
    if (usePrefilter && prefilter && !passedBefore?.has(rule) && !prefilter(text)) continue;
    runnable.push({ rule, options: ruleOptions });
  }
  // The file's facts need the parse unless the scanner reads them all (scannedFacts). Decided from the
  // text alone (facts are cached by content).
  const collectors = wantFacts && language === 'typescript' ? runToEnd(collectorsFor(text, options.rules ?? RULES)) : [];
  const scanned = wantFacts && language === 'typescript' ? scannedFacts(file, text, collectors, usePrefilter) : undefined;
  const parseForFacts = wantFacts && language === 'typescript' && !scanned;
  if (runnable.length === 0 && !parseForFacts && !(wantFacts && language === 'dockerfile')) {
    // Its directives still count where nothing runs: they silence nothing (unusedDirectives), and a bad
    // one is a note as with --no-prefilter. In TypeScript only at the start of a real comment (a parse,
    // for the rare file that holds the marker).
    if (language !== 'dockerfile' && text.includes(DIRECTIVE_MARKER)) {
      let comments: { start: number; end: number }[] | undefined;
      if (language === 'typescript') {
        try {
          comments = commentRanges(parseScript(file, text));
        } catch {
          comments = [];
        }
      }
      result.suppressions = parseSuppressions(text, language, RULE_IDS, undefined, comments);
      for (const problem of result.suppressions.problems)
        result.notes.push({ file, kind: 'directive', message: problem.message, range: problem.range });
    }
    // No rule reads this file and it starts, handles and logs nothing: its imports and calls, by the scanner.
    if (scanned) result.facts = withSuppressions(scanned, text);
    return result;
  }
  result.parsed = true;

  const reports: { rule: Rule; descriptor: ReportDescriptor }[] = [];
  const failed = new Set<Rule>();
  const fail = (rule: Rule, error: unknown) => {
    if (failed.has(rule)) return;
    failed.add(rule);
    result.notes.push(ruleErrorNote(file, rule, error));
  };
  const reads = new Set<string>();
  const host = options.host ?? noHost;
  const recordingHost: AnalysisHost = {
    readFile: (f) => {
      if (f !== file) reads.add(f);
      return host.readFile(f);
    },
  };
  const incremental = !!(options.previousSourceFile || options.keepSourceFile);
  const base = { file, text, root: options.root, isTestFile, host: recordingHost, incremental };

  let spanOf: ((line: number) => { first: number; last: number }) | undefined;
  let comments: { start: number; end: number }[] | undefined;
  if (language === 'typescript') {
    let sourceFile: ts.SourceFile;
    try {
      sourceFile = options.previousSourceFile ? reparse(options.previousSourceFile, text) : parseScript(file, text);
    } catch (error) {
      result.notes.push({ file, kind: 'parse-error', message: `Could not parse this file (${String(error).slice(0, 120)}).` });
      return result;
    }
    if (options.keepSourceFile) {
      passedPrefilter.set(sourceFile, new Set(runnable.map((r) => r.rule)));
      options.keepSourceFile(sourceFile);
    }
    if (syntaxErrorCount(sourceFile) > 0) {
      result.notes.push({ file, kind: 'parse-error', message: 'The file has syntax errors; findings cover what could be parsed.' });
    }
    const facts = runTypeScript(sourceFile, runnable, base, parseForFacts, parseForFacts ? collectors : [], reports, fail);
    if (facts) result.facts = facts;
    // Parsed for a file rule only: its facts are still the scanner's, as for a file no rule reads.
    else if (scanned) result.facts = scanned;
    if (text.includes(DIRECTIVE_MARKER)) comments = commentRanges(sourceFile);
  } else if (language !== 'dockerfile') {
    // A config file: parsed once into its document, handed to every rule that reads the format.
    const document = parseConfigDocument(language, text);
    for (const problem of document.problems.slice(0, 1)) {
      result.notes.push({ file, kind: 'parse-error', message: `${problem.message} Findings cover what could be read.` });
    }
    for (const { rule, options: ruleOptions } of runnable) {
      const context: ConfigContext<typeof document> = {
        ...base,
        options: ruleOptions,
        document,
        rangeOfOffsets: (start, end) => document.rangeOf(start, end),
        report: (descriptor) => reports.push({ rule, descriptor }),
      };
      try {
        const check: ConfigCheck<typeof document> | undefined = rule[language];
        check?.check(context);
      } catch (error) {
        fail(rule, error);
      }
    }
  } else {
    const dockerfile = parseDockerfile(text);
    const instructions = dockerfile.getInstructions().map((i) => i.getRange());
    spanOf = (line) => {
      const hit = instructions.find((r) => r.start.line <= line && line <= r.end.line);
      return hit ? { first: hit.start.line, last: hit.end.line } : { first: line, last: line };
    };
    for (const { rule, options: ruleOptions } of runnable) {
      const context: DockerfileContext = {
        ...base,
        options: ruleOptions,
        dockerfile,
        report: (descriptor) => reports.push({ rule, descriptor }),
      };
      try {
        rule.dockerfile?.check(context);
      } catch (error) {
        fail(rule, error);
      }
    }
    if (wantFacts) {
      try {
        result.docker = dockerfileFactsOf(dockerModel(dockerfile, text));
      } catch {
        /* a Dockerfile we cannot model has no facts */
      }
    }
  }

  const suppressions = parseSuppressions(text, language, RULE_IDS, spanOf, comments);
  result.suppressions = suppressions;
  for (const problem of suppressions.problems)
    result.notes.push({ file, kind: 'directive', message: problem.message, range: problem.range });
  if (result.facts && suppressions.directives.length > 0) result.facts = { ...result.facts, suppressions: suppressionFacts(suppressions) };

  const allSecrets = reports.flatMap((r) => r.descriptor.secrets ?? []);
  for (const { rule, descriptor } of reports) {
    const template = rule.meta.messages[descriptor.messageId] ?? descriptor.messageId;
    const finding: RawFinding = {
      ruleId: rule.meta.id,
      factor: rule.meta.factor,
      severity: ownSeverity(rule, descriptor.severity),
      messageId: descriptor.messageId,
      message: maskSecrets(formatMessage(template, descriptor.data), allSecrets),
      file,
      range: descriptor.range,
    };
    if (descriptor.fixes?.length) finding.fixes = descriptor.fixes;
    if (descriptor.related?.length) {
      finding.related = descriptor.related.map((r) => ({ ...r, message: maskSecrets(r.message, allSecrets) }));
    }
    if (suppressingDirective(finding, suppressions) >= 0) finding.suppressed = true;
    result.findings.push(finding);
  }
  result.reads = [...reads].sort();
  return result;
}

/** runTypeScriptInSteps() all at once. */
function runTypeScript(...args: Parameters<typeof runTypeScriptInSteps>): FileFacts | undefined {
  return runToEnd(runTypeScriptInSteps(...args));
}

/**
 * Every runnable rule's visitors, the program rules' collectors and (when `wantFacts`) the facts
 * collector over one walk of `sourceFile`; returns the facts. A generator that pauses after each
 * collector's set-up, each top-level statement (walkInSteps) and each collector's finish, for callers
 * that spread the work over turns of the event loop.
 */
function* runTypeScriptInSteps(
  sourceFile: ts.SourceFile,
  runnable: { rule: Rule; options: Readonly<Record<string, unknown>> }[],
  base: Omit<TypeScriptContext, 'sourceFile' | 'ancestors' | 'rangeOf' | 'rangeOfOffsets' | 'options' | 'report'>,
  wantFacts: boolean,
  /** Program rules whose collectors run (collectorsFor: their pre-filters passed). */
  collectors: readonly Rule[],
  reports: { rule: Rule; descriptor: ReportDescriptor }[],
  fail: (rule: Rule, error: unknown) => void,
): Steps<FileFacts | undefined> {
  let currentAncestors: readonly ts.Node[] = [];
  let lineStarts: number[] | undefined; // computed on the first report only
  const rangeOfOffsets = (start: number, end: number): Range => {
    lineStarts ??= computeLineStarts(sourceFile.text);
    return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
  };
  const rangeOf = (node: ts.Node) => rangeOfOffsets(node.getStart(sourceFile), node.getEnd());
  /** Per rule of the walk: it threw (no more calls), or it keeps its verdicts on the current statement. */
  interface Listening {
    rule: Rule;
    failed: boolean;
    kept: boolean;
    onStatement?: (statement: ts.Statement) => boolean;
  }
  const listening: Listening[] = [];
  const dispatch = new Map<number, { state: Listening; visit: (node: never) => void }[]>();
  const finishers: { rule: Rule; onEnd: () => void }[] = [];
  const failed = new Set<Rule>();
  const register = (rule: Rule, visitors: TypeScriptVisitors) => {
    const state: Listening = { rule, failed: false, kept: false, onStatement: visitors.onStatement };
    listening.push(state);
    for (const key of Object.keys(visitors)) {
      if (key === 'onEnd' || key === 'onStatement') continue;
      const kind = Number(key);
      const list = dispatch.get(kind) ?? [];
      list.push({ state, visit: visitors[kind] });
      dispatch.set(kind, list);
    }
    if (visitors.onEnd) finishers.push({ rule, onEnd: visitors.onEnd });
  };
  /** A rule that threw is not called again, in its check or its program collector (both may listen). */
  const failing = (state: Listening, error: unknown) => {
    for (const other of listening) if (other.rule === state.rule) other.failed = true;
    failed.add(state.rule);
    fail(state.rule, error);
  };
  /**
   * Each rule is asked whether it keeps its verdicts on the statement (onStatement); those that do are
   * not called inside it, and a statement every rule keeps is not walked at all. Anything that is not
   * a statement (the end-of-file token) is walked for every rule.
   */
  const skips = (child: ts.Node): boolean => {
    const isStatement = child.kind !== ts.SyntaxKind.EndOfFileToken;
    let all = !collector;
    for (const state of listening) {
      state.kept = false;
      if (state.failed) continue;
      if (isStatement && state.onStatement) {
        try {
          state.kept = state.onStatement(child as ts.Statement);
        } catch (error) {
          failing(state, error);
          continue;
        }
      }
      if (!state.kept) all = false;
    }
    return all;
  };
  for (const { rule, options } of runnable) {
    const context: TypeScriptContext = {
      ...base,
      options,
      sourceFile,
      ancestors: () => currentAncestors,
      rangeOf,
      rangeOfOffsets,
      report: (descriptor) => reports.push({ rule, descriptor }),
    };
    let visitors;
    try {
      visitors = rule.typescript!.create(context);
    } catch (error) {
      fail(rule, error);
      continue;
    }
    register(rule, visitors);
  }
  // Program rules' own collectors join the same walk (their data is part of the file's facts).
  const ruleCollectors: { rule: Rule; finish: () => unknown }[] = [];
  const collectContext = { file: base.file, text: base.text, sourceFile, ancestors: () => currentAncestors, rangeOf, rangeOfOffsets };
  for (const rule of collectors) {
    try {
      const created = rule.program!.collect!.create(collectContext);
      register(rule, created.visitors);
      ruleCollectors.push({ rule, finish: () => created.finish() });
    } catch (error) {
      fail(rule, error);
    }
  }
  const collector = wantFacts ? createFactsCollector(sourceFile, moduleBindings(sourceFile)) : undefined;
  if (dispatch.size > 0 || collector) {
    yield* walkInSteps(sourceFile, {
      // A fresh tree of a scan: no statement was kept, and none will be reparsed.
      skips: base.incremental ? skips : undefined,
      bindsParents: base.incremental,
      enter(node, ancestors) {
        collector?.enter(node, ancestors);
        const listeners = dispatch.get(node.kind);
        if (!listeners) return;
        currentAncestors = ancestors;
        for (const { state, visit } of listeners) {
          if (state.failed || state.kept) continue;
          try {
            visit(node as never);
          } catch (error) {
            failing(state, error);
          }
        }
      },
    });
  }
  currentAncestors = [];
  for (const { rule, onEnd } of finishers) {
    if (failed.has(rule)) continue;
    try {
      onEnd();
    } catch (error) {
      fail(rule, error);
    }
  }
  const facts = collector?.finish();
  if (facts && ruleCollectors.length) {
    const byRule: Record<string, unknown> = {};
    for (const { rule, finish } of ruleCollectors) {
      if (failed.has(rule)) continue;
      yield;
      try {
        const value = finish();
        if (value !== undefined) byRule[rule.meta.id] = value;
      } catch (error) {
        fail(rule, error);
      }
    }
    if (Object.keys(byRule).length) facts.rules = byRule;
  }
  return facts;
}

/** A rule that threw on a file: only the error's type and message, never file contents. */
function ruleErrorNote(file: string, rule: Rule, error: unknown): AnalysisNote {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    file,
    kind: 'rule-error',
    message: `Rule ${rule.meta.id} failed on this file (${reason.slice(0, 200)}); other rules still ran.`,
  };
}

/** A finding's own severity when it is below the rule's default (ReportDescriptor.severity), else the default. */
export function ownSeverity(rule: Rule, severity: Severity | undefined): Severity {
  return severity && severityRank(severity) < severityRank(rule.meta.defaultSeverity) ? severity : rule.meta.defaultSeverity;
}

function testFileSetting(rule: Rule, options: Readonly<Record<string, unknown>>): Severity | 'off' | undefined {
  return (options.testFileSeverity as Severity | 'off' | undefined) ?? rule.meta.testFileSeverity;
}

/**
 * The configuration applied to raw findings: rules that are off go, severities come from the config
 * (lowered in test files by `testFileSeverity`), and suppressed findings go.
 */
export function configureFindings(
  findings: readonly RawFinding[],
  config: ResolvedConfig,
  isTestFile: boolean,
  ruleOf: (id: string) => Rule | undefined,
): Finding[] {
  const out: Finding[] = [];
  for (const raw of findings) {
    if (raw.suppressed) continue;
    const rule = ruleOf(raw.ruleId);
    if (!rule) continue;
    let severity = effectiveSeverity(rule, config, isTestFile);
    if (!severity) continue;
    // A finding below its rule's default keeps its own severity as a ceiling.
    if (severityRank(raw.severity) < severityRank(rule.meta.defaultSeverity) && severityRank(raw.severity) < severityRank(severity))
      severity = raw.severity;
    const cap = raw.messageId ? rule.meta.messageSeverities?.[raw.messageId] : undefined;
    if (cap && severityRank(cap) < severityRank(severity)) severity = cap;
    const { suppressed: _, ...finding } = raw;
    out.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  return out;
}

/** The severity of a rule's findings in a file, or undefined when the rule is off there. */
export function effectiveSeverity(rule: Rule, config: ResolvedConfig, isTestFile: boolean): Severity | undefined {
  const setting = ruleSeverity(config, rule.meta.id) ?? rule.meta.defaultSeverity;
  if (setting === 'off') return undefined;
  let severity: Severity = setting;
  if (isTestFile) {
    const testSetting = testFileSetting(rule, config.rules[rule.meta.id]?.options ?? {});
    if (testSetting === 'off') return undefined;
    if (testSetting && severityRank(testSetting) < severityRank(severity)) severity = testSetting;
  }
  return severity;
}

interface AnalyzeOptions extends Omit<RawOptions, 'options' | 'isTestFile' | 'maxFileSize'> {
  config?: ResolvedConfig;
}

/** One file with one configuration: analyzeRaw() then configureFindings(). Findings are configured; facts only when asked. */
export function analyzeFile(input: AnalyzeInput, options: AnalyzeOptions): FileAnalysis {
  const config = options.config ?? defaultConfig();
  const isTestFile = matcherFor(config.testFiles)(toPosix(path.relative(options.root, input.file)));
  const raw = analyzeRaw(input, {
    ...options,
    facts: options.facts ?? false,
    options: ruleOptionsOf(config),
    isTestFile,
    maxFileSize: config.maxFileSize,
  });
  const rules = options.rules ?? RULES;
  return { ...raw, findings: configureFindings(raw.findings, config, isTestFile, (id) => rules.find((r) => r.meta.id === id)) };
}

export function ruleOptionsOf(config: ResolvedConfig): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, rule] of Object.entries(config.rules)) if (Object.keys(rule.options).length) out[id] = rule.options;
  return out;
}

const DIRECTIVE_MARKER = 'twelve-factor-disable';

/**
 * A new text of a file already parsed: the TypeScript parser's incremental update over the one span
 * the texts differ in (common prefix and suffix), which reuses the untouched nodes. Same result as a
 * fresh parse (test/unit/incremental.test.ts checks it on random edits).
 */
export function reparse(previous: ts.SourceFile, text: string): ts.SourceFile {
  const old = previous.text;
  if (old === text) return previous;
  const start = commonPrefixLength(old, text);
  const suffix = commonSuffixLength(old, text, Math.min(old.length, text.length) - start);
  const span = { start, length: old.length - suffix - start };
  return ts.updateSourceFile(previous, text, { span, newLength: text.length - suffix - start });
}

/**
 * The comments of a parsed file, sorted: the leading trivia of every node (comments before a closing
 * bracket or at the end of the file included through the end-of-file token). Only computed for files
 * that mention a directive.
 */
function commentRanges(sourceFile: ts.SourceFile): { start: number; end: number }[] {
  const text = sourceFile.text;
  const seen = new Set<number>();
  const out: { start: number; end: number }[] = [];
  const add = (pos: number) => {
    if (seen.has(pos)) return;
    seen.add(pos);
    for (const c of ts.getLeadingCommentRanges(text, pos) ?? []) out.push({ start: c.pos, end: c.end });
    for (const c of ts.getTrailingCommentRanges(text, pos) ?? []) out.push({ start: c.pos, end: c.end });
  };
  const stack: ts.Node[] = [sourceFile];
  while (stack.length) {
    const node = stack.pop()!;
    add(node.pos);
    add(node.end);
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  add(sourceFile.endOfFileToken.pos);
  const unique = new Map(out.map((c) => [c.start, c]));
  return [...unique.values()].sort((a, b) => a.start - b.start);
}

const FACT_CACHE_LIMIT = 2000;
const factCache = new Map<string, FileFacts>();

/**
 * The program facts of a text no analysis has read (a file the program graph reaches outside a
 * partial scan), with the program rules' own collectors: from the cache, or one parse and one walk.
 */
export function factsOfText(file: string, text: string, rules: readonly Rule[] = RULES): FileFacts {
  const key = factsKey(file, text);
  const cached = factCache.get(key);
  if (cached) return cached;
  const collectors = runToEnd(collectorsFor(text, rules));
  const scanned = scannedFacts(file, text, collectors, true);
  if (scanned) {
    const facts = withSuppressions(scanned, text);
    if (factCache.size >= FACT_CACHE_LIMIT) factCache.delete(factCache.keys().next().value!);
    factCache.set(key, facts);
    return facts;
  }
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parseScript(file, text);
  } catch {
    return EMPTY_FACTS;
  }
  const base = { file, text, root: path.dirname(file), isTestFile: false, host: noHost, incremental: false };
  let facts = runTypeScript(sourceFile, [], base, true, collectors, [], () => undefined) ?? EMPTY_FACTS;
  // Files read only for the program graph: their directives still silence program findings.
  const suppressions = parseSuppressions(text, 'typescript');
  if (suppressions.directives.length > 0) facts = { ...facts, suppressions: suppressionFacts(suppressions) };
  if (factCache.size >= FACT_CACHE_LIMIT) factCache.delete(factCache.keys().next().value!);
  factCache.set(key, facts);
  return facts;
}

/**
 * The program facts of an open document whose own findings were computed with `facts: false` (the
 * editor publishes those first): the facts collector and the program rules' collectors over the tree
 * that analysis kept, no parse. The same facts analyzeRaw() gives the text in one walk (a test checks).
 */
export function factsOfTree(...args: Parameters<typeof factsOfTreeInSteps>): TreeFacts {
  return runToEnd(factsOfTreeInSteps(...args));
}

export interface TreeFacts {
  facts: FileFacts;
  notes: AnalysisNote[];
  reads: string[];
}

/**
 * factsOfTree() as a generator that pauses after each top-level statement of the walk: the editor
 * spreads it over turns of the event loop and drops it when the document changes. The tree must not
 * change while it is paused.
 */
export function* factsOfTreeInSteps(
  sourceFile: ts.SourceFile,
  options: Pick<RawOptions, 'root' | 'isTestFile' | 'host' | 'rules' | 'prefilter'> & { suppressions?: Suppressions },
): Steps<TreeFacts> {
  const file = sourceFile.fileName;
  const text = sourceFile.text;
  const rules = options.rules ?? RULES;
  const notes: AnalysisNote[] = [];
  const reads = new Set<string>();
  const host = options.host ?? noHost;
  const base = {
    file,
    text,
    root: options.root,
    isTestFile: !!options.isTestFile,
    host: { readFile: (f: string) => (f !== file && reads.add(f), host.readFile(f)) },
    // Program collectors only: no rule keeps anything per statement here.
    incremental: false,
  };
  const collectors = yield* collectorsFor(text, rules);
  let facts = scannedFacts(file, text, collectors, options.prefilter !== false);
  if (!facts) {
    const fail = (rule: Rule, error: unknown) => void notes.push(ruleErrorNote(file, rule, error));
    facts = (yield* runTypeScriptInSteps(sourceFile, [], base, true, collectors, [], fail)) ?? EMPTY_FACTS;
  }
  const suppressions = options.suppressions;
  if (suppressions && suppressions.directives.length > 0) facts = { ...facts, suppressions: suppressionFacts(suppressions) };
  return { facts, notes, reads: [...reads].sort() };
}

/**
 * The program rules whose collectors may find something in `text`: each pre-filter run once per text,
 * for the lexical reading and the walk alike. Pre-filters read the whole text: a pause after each.
 */
function* collectorsFor(text: string, rules: readonly Rule[]): Steps<Rule[]> {
  const out: Rule[] = [];
  for (const rule of rules) {
    const collect = rule.program?.collect;
    if (!collect) continue;
    if (!collect.prefilter || collect.prefilter(text)) out.push(rule);
    yield;
  }
  return out;
}

/**
 * A file's program facts read by the scanner alone: its imports and calls, and what each collector
 * that may find something reads lexically. Undefined when the parse must give them: the text may start,
 * handle or log something (factsPrefilter), or a collector has no lexical reading or is unsure.
 */
function scannedFacts(file: string, text: string, collectors: readonly Rule[], usePrefilter: boolean): FileFacts | undefined {
  if (!usePrefilter || factsPrefilter(text)) return undefined;
  const byRule = lexicalRuleFacts(file, text, collectors);
  return byRule && withRuleFacts(lexicalFacts(file, text), byRule);
}

/** What these collectors read without a parse, or undefined when one of them cannot (no `lexical`, or unsure). */
function lexicalRuleFacts(file: string, text: string, collectors: readonly Rule[]): Record<string, unknown> | undefined {
  if (collectors.some((rule) => !rule.program!.collect!.lexical)) return undefined; // parsed anyway: no scan
  const byRule: Record<string, unknown> = {};
  for (const rule of collectors) {
    let read: { facts: unknown } | undefined;
    try {
      read = rule.program!.collect!.lexical!(file, text);
    } catch {
      read = undefined; // the walk reports the rule's error
    }
    if (!read) return undefined;
    if (read.facts !== undefined) byRule[rule.meta.id] = read.facts;
  }
  return byRule;
}

function withRuleFacts(facts: FileFacts, byRule: Record<string, unknown>): FileFacts {
  return Object.keys(byRule).length ? { ...facts, rules: byRule } : facts;
}

/** Directives of a file whose facts come without a parse (they may silence program findings there). */
function withSuppressions(facts: FileFacts, text: string): FileFacts {
  if (!text.includes(DIRECTIVE_MARKER)) return facts;
  const suppressions = parseSuppressions(text, 'typescript');
  return suppressions.directives.length ? { ...facts, suppressions: suppressionFacts(suppressions) } : facts;
}

export function factsKey(file: string, text: string): string {
  const flavour = /\.[cm]?tsx?$/i.test(file) ? (/x$/i.test(file) ? 'tsx' : 'ts') : 'js';
  return `${flavour}:${createHash('sha1').update(text).digest('base64')}`;
}

/** Why a file's text is not worth analysing, or undefined. Checks are linear and cheap. */
/**
 * Binary content: NUL bytes in numbers, or control characters in a share no text has. A source file may
 * hold one NUL in a string (a separator in a template literal) and is still read.
 */
function looksBinary(head: string): boolean {
  let nul = 0;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) nul++;
    else if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return nul >= 4 || (nul > 0 && (nul + control) * 20 > head.length);
}

function reasonToSkip(text: string, maxFileSize: number): string | undefined {
  if (text.length > maxFileSize) {
    return `Skipped: ${(text.length / 1024 / 1024).toFixed(1)} MB is over the ${(maxFileSize / 1024 / 1024).toFixed(1)} MB limit (setting maxFileSize).`;
  }
  const head = text.slice(0, 8192);
  if (looksBinary(head)) return 'Skipped: the file looks binary (it contains NUL bytes).';
  if (text.length >= MINIFIED_MIN_SIZE) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length / lines > MINIFIED_AVERAGE_LINE) return 'Skipped: the file looks minified (very long lines).';
  }
  return undefined;
}
