/**
 * Parse once, dispatch one walk to every rule, then apply severities, suppressions and the final
 * redaction pass. Never throws for bad input: what cannot be analysed becomes an AnalysisNote.
 */
import * as path from 'node:path';
import type * as ts from 'typescript';
import picomatch from 'picomatch';
import { parseScript, syntaxErrorCount } from './languages/typescript/parse';
import { walk } from './languages/typescript/visit';
import { parseDockerfile } from './languages/dockerfile/parse';
import { languageOf, type Language } from './languages/detect';
import { formatMessage, type AnalysisHost, type DockerfileContext, type ReportDescriptor, type Rule, type TypeScriptContext } from './rule';
import { severityRank, type AnalysisNote, type Finding, type Range, type Severity } from './finding';
import { defaultConfig, type ResolvedConfig } from './config/config';
import { isSuppressed, parseSuppressions } from './suppressions';
import { maskSecrets } from './redact';
import { computeLineStarts, positionAt } from './text';
import { RULES } from './registry';
import { EMPTY_FACTS, factsForSourceFile, factsPrefilter, type FileFacts } from './facts/fileFacts';

export interface AnalyzeInput {
  /** Absolute path. */
  file: string;
  text: string;
  /** The editor's language id, when the file comes from an editor. */
  languageId?: string;
}

export interface AnalyzeOptions {
  /** The workspace folder or scan root the file belongs to. */
  root: string;
  config?: ResolvedConfig;
  host?: AnalysisHost;
  rules?: readonly Rule[];
  /** Skip parsing when no rule's cheap text test matches (default true). */
  prefilter?: boolean;
  /** Also extract the file's program facts (facts/fileFacts.ts) from the same parse. */
  facts?: boolean;
}

export interface FileAnalysis {
  file: string;
  language?: Language;
  findings: Finding[];
  notes: AnalysisNote[];
  /** False when the pre-filter decided no rule could apply and the file was not parsed. */
  parsed: boolean;
  /** Program facts of a TS/JS file, when asked for (`options.facts`) and the file could be read. */
  facts?: FileFacts;
}

/** Lines longer than this on average mark a minified bundle: skipped rather than analysed slowly. */
const MINIFIED_AVERAGE_LINE = 1000;
const MINIFIED_MIN_SIZE = 64 * 1024;

const noHost: AnalysisHost = { readFile: () => undefined };

export function analyzeFile(input: AnalyzeInput, options: AnalyzeOptions): FileAnalysis {
  const { file, text } = input;
  const config = options.config ?? defaultConfig();
  const language = languageOf(file, input.languageId);
  const result: FileAnalysis = { file, language, findings: [], notes: [], parsed: false };
  if (!language) return result;

  const skip = reasonToSkip(text, config.maxFileSize);
  if (skip) {
    result.notes.push({ file, kind: 'skipped', message: skip });
    return result;
  }

  const relative = toPosix(path.relative(options.root, file));
  const isTestFile = matcherFor(config.testFiles)(relative);
  const active = activeRules(options.rules ?? RULES, language, config, isTestFile);
  const usePrefilter = options.prefilter !== false;
  const runnable = active.filter(({ rule }) => {
    const check = language === 'typescript' ? rule.typescript : rule.dockerfile;
    return !usePrefilter || !check?.prefilter || check.prefilter(text);
  });
  const wantFacts = !!options.facts && language === 'typescript';
  if (wantFacts) result.facts = EMPTY_FACTS;
  const parseForFacts = wantFacts && (!usePrefilter || factsPrefilter(text));
  if (runnable.length === 0 && !parseForFacts) return result;
  result.parsed = true;

  const reports: { rule: Rule; severity: Severity; descriptor: ReportDescriptor }[] = [];
  const failed = new Set<Rule>();
  const fail = (rule: Rule, error: unknown) => {
    if (failed.has(rule)) return;
    failed.add(rule);
    // Only the error's type and message: never file contents.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    result.notes.push({
      file,
      kind: 'rule-error',
      message: `Rule ${rule.meta.id} failed on this file (${reason.slice(0, 200)}); other rules still ran.`,
    });
  };
  const base = { file, text, root: options.root, isTestFile, host: options.host ?? noHost };

  let suppressionSpan: ((line: number) => { first: number; last: number }) | undefined;
  if (language === 'typescript') {
    let sourceFile: ts.SourceFile;
    try {
      sourceFile = parseScript(file, text);
    } catch (error) {
      result.notes.push({ file, kind: 'parse-error', message: `Could not parse this file (${String(error).slice(0, 120)}).` });
      return result;
    }
    if (syntaxErrorCount(sourceFile) > 0) {
      result.notes.push({ file, kind: 'parse-error', message: 'The file has syntax errors; findings cover what could be parsed.' });
    }
    if (parseForFacts) result.facts = factsForSourceFile(sourceFile);
    runTypeScript(sourceFile, runnable, base, reports, fail);
  } else {
    const dockerfile = parseDockerfile(text);
    const instructions = dockerfile.getInstructions().map((i) => i.getRange());
    suppressionSpan = (line) => {
      const hit = instructions.find((r) => r.start.line <= line && line <= r.end.line);
      return hit ? { first: hit.start.line, last: hit.end.line } : { first: line, last: line };
    };
    for (const { rule, severity, options: ruleOptions } of runnable) {
      const context: DockerfileContext = {
        ...base,
        options: ruleOptions,
        dockerfile,
        report: (descriptor) => reports.push({ rule, severity, descriptor }),
      };
      try {
        rule.dockerfile?.check(context);
      } catch (error) {
        fail(rule, error);
      }
    }
  }

  const suppressions = parseSuppressions(text, language, suppressionSpan);
  const allSecrets = reports.flatMap((r) => r.descriptor.secrets ?? []);
  for (const { rule, severity, descriptor } of reports) {
    const template = rule.meta.messages[descriptor.messageId] ?? descriptor.messageId;
    const finding: Finding = {
      ruleId: rule.meta.id,
      factor: rule.meta.factor,
      severity,
      messageId: descriptor.messageId,
      message: maskSecrets(formatMessage(template, descriptor.data), allSecrets),
      file,
      range: descriptor.range,
    };
    if (descriptor.fixes?.length) finding.fixes = descriptor.fixes;
    if (descriptor.related?.length) {
      finding.related = descriptor.related.map((r) => ({ ...r, message: maskSecrets(r.message, allSecrets) }));
    }
    if (!isSuppressed(finding, suppressions)) result.findings.push(finding);
  }
  return result;
}

function runTypeScript(
  sourceFile: ts.SourceFile,
  runnable: ActiveRule[],
  base: Omit<TypeScriptContext, 'sourceFile' | 'ancestors' | 'rangeOf' | 'rangeOfOffsets' | 'options' | 'report'>,
  reports: { rule: Rule; severity: Severity; descriptor: ReportDescriptor }[],
  fail: (rule: Rule, error: unknown) => void,
): void {
  let currentAncestors: readonly ts.Node[] = [];
  let lineStarts: number[] | undefined; // computed on the first report only
  const rangeOfOffsets = (start: number, end: number): Range => {
    lineStarts ??= computeLineStarts(sourceFile.text);
    return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
  };
  const rangeOf = (node: ts.Node) => rangeOfOffsets(node.getStart(sourceFile), node.getEnd());
  const dispatch = new Map<number, { rule: Rule; visit: (node: never) => void }[]>();
  const finishers: { rule: Rule; onEnd: () => void }[] = [];
  const failed = new Set<Rule>();
  for (const { rule, severity, options } of runnable) {
    const context: TypeScriptContext = {
      ...base,
      options,
      sourceFile,
      ancestors: () => currentAncestors,
      rangeOf,
      rangeOfOffsets,
      report: (descriptor) => reports.push({ rule, severity, descriptor }),
    };
    let visitors;
    try {
      visitors = rule.typescript!.create(context);
    } catch (error) {
      fail(rule, error);
      continue;
    }
    for (const key of Object.keys(visitors)) {
      if (key === 'onEnd') continue;
      const kind = Number(key);
      const list = dispatch.get(kind) ?? [];
      list.push({ rule, visit: visitors[kind] });
      dispatch.set(kind, list);
    }
    if (visitors.onEnd) finishers.push({ rule, onEnd: visitors.onEnd });
  }
  if (dispatch.size > 0) {
    walk(sourceFile, {
      enter(node, ancestors) {
        const listeners = dispatch.get(node.kind);
        if (!listeners) return;
        currentAncestors = ancestors;
        for (const { rule, visit } of listeners) {
          if (failed.has(rule)) continue;
          try {
            visit(node as never);
          } catch (error) {
            failed.add(rule);
            fail(rule, error);
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
}

interface ActiveRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

function activeRules(rules: readonly Rule[], language: Language, config: ResolvedConfig, isTestFile: boolean): ActiveRule[] {
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    if (!rule.meta.languages.includes(language) || !(language === 'typescript' ? rule.typescript : rule.dockerfile)) continue;
    const ruleConfig = config.rules[rule.meta.id];
    const options = ruleConfig?.options ?? {};
    const setting = ruleConfig?.setting ?? rule.meta.defaultSeverity;
    if (setting === 'off') continue;
    let severity: Severity = setting;
    if (isTestFile) {
      const testSetting = (options.testFileSeverity as Severity | 'off' | undefined) ?? rule.meta.testFileSeverity;
      if (testSetting === 'off') continue;
      if (testSetting && severityRank(testSetting) < severityRank(severity)) severity = testSetting;
    }
    active.push({ rule, severity, options });
  }
  return active;
}

/** Why a file's text is not worth analysing, or undefined. Checks are linear and cheap. */
export function reasonToSkip(text: string, maxFileSize: number): string | undefined {
  if (text.length > maxFileSize) {
    return `Skipped: ${(text.length / 1024 / 1024).toFixed(1)} MB is over the ${(maxFileSize / 1024 / 1024).toFixed(1)} MB limit (setting maxFileSize).`;
  }
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return 'Skipped: the file looks binary (it contains NUL bytes).';
  if (text.length >= MINIFIED_MIN_SIZE) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    if (text.length / lines > MINIFIED_AVERAGE_LINE) return 'Skipped: the file looks minified (very long lines).';
  }
  return undefined;
}

const matcherCache = new Map<string, (path: string) => boolean>();
export function matcherFor(globs: readonly string[]): (relativePath: string) => boolean {
  const key = globs.join('\u0000');
  let matcher = matcherCache.get(key);
  if (!matcher) {
    matcher = globs.length === 0 ? () => false : picomatch(globs as string[], { dot: true });
    matcherCache.set(key, matcher);
  }
  return matcher;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
