/** `.twelvefactorrc.json` (JSON with comments) and editor settings → one resolved configuration (DESIGN.md §5). */
import * as jsonc from 'jsonc-parser';
import picomatch from 'picomatch';
import { SEVERITIES, type Range, type Severity } from '../finding';
import { computeLineStarts, positionAt } from '../text';

export const CONFIG_FILE_NAME = '.twelvefactorrc.json';

export type RuleSetting = Severity | 'off';

export interface RuleConfig {
  setting?: RuleSetting;
  options: Record<string, unknown>;
}

/** What a user may write; every field optional. */
export interface ConfigInput {
  rules?: Record<string, unknown>;
  ignore?: unknown;
  testFiles?: unknown;
  maxFileSize?: unknown;
}

export interface ResolvedConfig {
  rules: Record<string, RuleConfig>;
  /** Globs relative to the root, on top of `.gitignore`. */
  ignore: string[];
  /** Globs marking test and fixture files (lower severity for secrets). */
  testFiles: string[];
  /** Files larger than this (bytes) are skipped with a note. */
  maxFileSize: number;
}

export interface ConfigProblem {
  file: string;
  range: Range;
  message: string;
}

export const DEFAULT_TEST_FILES = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/test/**',
  '**/tests/**',
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/e2e/**',
];

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export function defaultConfig(): ResolvedConfig {
  return { rules: {}, ignore: [], testFiles: [...DEFAULT_TEST_FILES], maxFileSize: DEFAULT_MAX_FILE_SIZE };
}

const ZERO_RANGE: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

/**
 * Parses a config file's text. Never throws: what is invalid is reported as a problem with its
 * range, and the defaults stay in force for it.
 */
export function parseConfig(
  file: string,
  text: string,
  knownRuleIds: readonly string[],
): { config: ResolvedConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const lineStarts = computeLineStarts(text);
  const rangeOf = (offset: number, length: number): Range => ({
    start: positionAt(lineStarts, offset),
    end: positionAt(lineStarts, offset + length),
  });
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const error of errors.slice(0, 5)) {
    problems.push({
      file,
      range: rangeOf(error.offset, error.length),
      message: `Invalid JSON in ${CONFIG_FILE_NAME}: ${jsonc.printParseErrorCode(error.error)}. The defaults are in force.`,
    });
  }
  const config = defaultConfig();
  if (errors.length > 0) return { config, problems };
  if (!root || root.type !== 'object') {
    problems.push({
      file,
      range: root ? rangeOf(root.offset, root.length) : ZERO_RANGE,
      message: `${CONFIG_FILE_NAME} must contain a JSON object. The defaults are in force.`,
    });
    return { config, problems };
  }
  const report = (node: jsonc.Node, message: string) => problems.push({ file, range: rangeOf(node.offset, node.length), message });

  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = keyNode.value as string;
    const value = jsonc.getNodeValue(valueNode) as unknown;
    switch (key) {
      case '$schema':
        break;
      case 'rules':
        if (valueNode.type !== 'object') {
          report(valueNode, '"rules" must be an object mapping rule ids to "off", a severity, or [severity, options].');
          break;
        }
        for (const ruleProperty of valueNode.children ?? []) {
          const [idNode, settingNode] = ruleProperty.children ?? [];
          if (!idNode || !settingNode) continue;
          const id = idNode.value as string;
          if (!knownRuleIds.includes(id)) {
            report(idNode, `Unknown rule "${id}". Known rules: ${knownRuleIds.join(', ')}.`);
            continue;
          }
          const parsed = parseRuleSetting(jsonc.getNodeValue(settingNode));
          if (typeof parsed === 'string') report(settingNode, `Rule "${id}": ${parsed}`);
          else config.rules[id] = parsed;
        }
        break;
      case 'ignore':
      case 'testFiles': {
        const globs = parseGlobs(value);
        if (typeof globs === 'string') report(valueNode, `"${key}" ${globs}`);
        else if (key === 'ignore') config.ignore = globs;
        else config.testFiles = globs;
        break;
      }
      case 'maxFileSize':
        if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
          report(valueNode, '"maxFileSize" must be a positive number of bytes.');
        } else config.maxFileSize = value;
        break;
      default:
        report(keyNode, `Unknown setting "${key}". Allowed: rules, ignore, testFiles, maxFileSize.`);
    }
  }
  return { config, problems };
}

/** `"off"`, a severity, `[severity, options]` or `{ "severity": …, …options }`; a string is an error message. */
export function parseRuleSetting(value: unknown): RuleConfig | string {
  const isSetting = (v: unknown): v is RuleSetting =>
    v === 'off' || (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v));
  const expected = `expected "off", ${SEVERITIES.map((s) => `"${s}"`).join(', ')}, or [severity, { options }].`;
  if (isSetting(value)) return { setting: value, options: {} };
  if (Array.isArray(value) && value.length >= 1 && value.length <= 2 && isSetting(value[0])) {
    const options: unknown = value[1] ?? {};
    if (typeof options !== 'object' || options === null || Array.isArray(options)) return expected;
    return { setting: value[0], options: { ...(options as Record<string, unknown>) } };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { severity, ...options } = value as Record<string, unknown>;
    if (severity !== undefined && !isSetting(severity)) return expected;
    return { setting: severity, options: { ...options } };
  }
  return expected;
}

function parseGlobs(value: unknown): string[] | string {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return 'must be an array of glob strings.';
  for (const glob of value) {
    try {
      picomatch.makeRe(glob);
    } catch {
      return `has an invalid glob: ${JSON.stringify(glob)}.`;
    }
  }
  return value;
}

/** Settings from the editor (twelveFactor.rules / twelveFactor.exclude) apply on top of the file. */
export function mergeConfig(base: ResolvedConfig, overrides: { rules?: Record<string, RuleConfig>; ignore?: string[] }): ResolvedConfig {
  const rules: Record<string, RuleConfig> = { ...base.rules };
  for (const [id, override] of Object.entries(overrides.rules ?? {})) {
    rules[id] = {
      setting: override.setting ?? rules[id]?.setting,
      options: { ...(rules[id]?.options ?? {}), ...override.options },
    };
  }
  return { ...base, rules, ignore: [...base.ignore, ...(overrides.ignore ?? [])] };
}
