/**
 * `.twelvefactorrc.json` (JSON with comments) → configuration (docs/DESIGN.md §5). One file is a *layer*;
 * the layers of a folder and its parents, plus the editor's settings on top, resolve into the
 * configuration of each file (cascade.ts). Every rule id and every rule option is validated against
 * the rules' metadata: a typo is a problem reported on the config file, never silence.
 */
import * as path from 'node:path';
import * as jsonc from 'jsonc-parser';
import picomatch from 'picomatch';
import Ajv, { type ValidateFunction } from 'ajv';
import { SEVERITIES, type Range, type Severity } from '../finding';
import type { OptionsSchema } from '../rule';
import { computeLineStarts, positionAt } from '../text';
import { RULES } from '../registry';

export const CONFIG_FILE_NAME = '.twelvefactorrc.json';

export type RuleSetting = Severity | 'off';

export interface RuleConfig {
  setting?: RuleSetting;
  options: Record<string, unknown>;
}

export interface ResolvedConfig {
  rules: Record<string, RuleConfig>;
  /** Globs relative to the root (workspace folder or scan root), on top of `.gitignore`. */
  ignore: string[];
  /** Globs marking test and fixture files, relative to the root. */
  testFiles: string[];
  /** Files larger than this (bytes) are skipped with a note. */
  maxFileSize: number;
  /** Absolute path of the baseline file (baseline.ts) whose findings are not reported. */
  baseline?: string;
  /** A disable directive without ` -- reason` is a problem. */
  requireReason?: boolean;
}

/** What one config file says: only what it sets. Globs are relative to its folder. */
export interface ConfigLayer {
  file: string;
  /** Stop looking in parent folders (ESLint's `root`). */
  root?: boolean;
  rules: Record<string, RuleConfig>;
  ignore?: string[];
  testFiles?: string[];
  maxFileSize?: number;
  /** Absolute (written relative to the config file's folder). */
  baseline?: string;
  requireReason?: boolean;
}

export interface ConfigProblem {
  file: string;
  range: Range;
  message: string;
}

/** What validation needs to know about a rule. */
export interface RuleCatalogEntry {
  meta: { id: string; options?: OptionsSchema };
}

export const DEFAULT_TEST_FILES = [
  '**/*.test.*',
  '**/*.spec.*',
  // Egg's configuration for its unit-test environment (config/config.unittest.ts, EGG_SERVER_ENV=unittest).
  '**/*.unittest.*',
  // node-config's file for NODE_ENV=test (config/test.json, config/testing.yaml).
  '**/config/test.*',
  '**/config/testing.*',
  // …and an app's own per-environment config for the tests (pages-core's config/env/test.js, config/environments/test.ts).
  '**/config/*/test.*',
  '**/config/*/testing.*',
  // Jasmine's folder at a package's root (spec/helpers, spec/support), and the setup files test runners load
  // before the tests. Not any folder named spec (an OpenAPI package's src/spec holds code that serves).
  'spec/**',
  'packages/*/spec/**',
  'apps/*/spec/**',
  'services/*/spec/**',
  '**/spec/support/**',
  '**/spec/helpers/**',
  // Test runners' configs (a test env beside the runner's options), and a module of test helpers by its name
  // (nango's lib/utils/tests.ts, test-utils.ts). `tests.ts` only in a folder of helpers: elsewhere it may be a lab's
  // or an exam's routes (`src/routes/tests.ts`, Nest's `tests.service.ts`).
  '**/vitest.config.*',
  '**/vitest.*.config.*',
  '**/vitest.workspace.*',
  '**/vite.{test,unit,integration,e2e}.config.*',
  '**/jest.config.*',
  '**/{utils,helpers,support}/tests.{ts,js,mjs,cjs,mts,cts}',
  '**/test-utils.*',
  '**/testUtils.*',
  '**/test-helpers.*',
  '**/testHelpers.*',
  '**/vitest.setup.*',
  '**/vitest-*.setup.*',
  '**/vitestSetup.*',
  '**/jest.setup.*',
  '**/jest-*.setup.*',
  '**/jestSetup.*',
  '**/e2e.setup.*',
  '**/setupTests.*',
  '**/test-setup.*',
  '**/testSetup.*',
  // A package of test containers (trigger.dev's internal-packages/testcontainers): what tests start.
  '**/testcontainers/**',
  '**/__tests__/**',
  '**/__e2e__/**',
  '**/__integration__/**',
  '**/__mocks__/**',
  // Fakes kept beside the app for tests and local runs: MSW's `src/mocks/`, a mock of a platform's API for local runs
  // (`services/local/mock-cf-api/`, pages-core). Not any `mock-*` folder: `services/mock-interview-api` is a product.
  '**/mocks/**',
  '**/{local,dev,development}/mock-*/**',
  // Test runners' suffixes besides .test and .spec (langfuse's `*.servertest.ts`, Nest's `*.e2e-spec.ts`).
  '**/*.servertest.*',
  '**/*.e2e.*',
  '**/*.e2e-spec.*',
  '**/test/**',
  '**/tests/**',
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/e2e/**',
  // Test infrastructure kept beside the tests: a monorepo's `libs/testing`, `@acme/test-utils`, `integration-tests/helpers`.
  '**/testing/**',
  '**/*test-utils/**',
  '**/*test-helpers/**',
  '**/integration-tests/**',
  // A package of the local development and test network (atproto's packages/dev-env, dev-infra): what developers start.
  '**/dev-env/**',
  '**/dev-infra/**',
  '**/test-env/**',
  // Folders of tests by another name, and browser end-to-end suites at a package's root (not `src/playwright`,
  // a service's own browser automation).
  '**/e2e-tests/**',
  '**/api-tests/**',
  '**/load-tests/**',
  '**/docker-compose-tests/**',
  'playwright/**',
  'cypress/**',
  'packages/*/playwright/**',
  'packages/*/cypress/**',
  'apps/*/playwright/**',
  'apps/*/cypress/**',
];

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

const CONFIG_KEYS = ['$schema', 'root', 'rules', 'ignore', 'testFiles', 'maxFileSize', 'baseline', 'requireReason'] as const;

export function defaultConfig(): ResolvedConfig {
  return { rules: {}, ignore: [], testFiles: [...DEFAULT_TEST_FILES], maxFileSize: DEFAULT_MAX_FILE_SIZE };
}

/** The setting of a rule in a configuration, when it sets one. */
export function ruleSeverity(config: ResolvedConfig, id: string): RuleSetting | undefined {
  return config.rules[id]?.setting;
}

const ZERO_RANGE: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();
function validatorFor(rule: RuleCatalogEntry): ValidateFunction | undefined {
  if (!rule.meta.options) return undefined;
  let validate = validators.get(rule.meta.id);
  if (!validate) {
    validate = ajv.compile(rule.meta.options);
    validators.set(rule.meta.id, validate);
  }
  return validate;
}

/** Problems with a rule's options, as sentences; empty when valid. */
export function validateRuleOptions(rule: RuleCatalogEntry, options: Record<string, unknown>): string[] {
  const validate = validatorFor(rule);
  if (!validate || validate(options)) return [];
  const known = Object.keys(rule.meta.options?.properties ?? {});
  return (validate.errors ?? []).map((e) => {
    if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      return `unknown option "${name}" (${known.length ? `options: ${known.join(', ')}` : 'it takes no options'})`;
    }
    const where = e.instancePath ? `option "${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'options';
    const allowed =
      e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : '';
    return `${where} ${e.message ?? 'is invalid'}${allowed}`;
  });
}

/**
 * Parses one config file's text into a layer. Never throws: what is invalid is reported as a problem
 * with its range, and is left out of the layer (the rest of the file still applies).
 */
export function parseConfigLayer(
  file: string,
  text: string,
  rules: readonly RuleCatalogEntry[] = RULES,
): { layer: ConfigLayer; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const layer: ConfigLayer = { file, rules: {} };
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
      message: `Invalid JSON in ${CONFIG_FILE_NAME}: ${jsonc.printParseErrorCode(error.error)}. This file is not applied until it is fixed.`,
    });
  }
  if (errors.length > 0) return { layer, problems };
  if (!root || root.type !== 'object') {
    problems.push({
      file,
      range: root ? rangeOf(root.offset, root.length) : ZERO_RANGE,
      message: `${CONFIG_FILE_NAME} must contain a JSON object. This file is not applied until it is fixed.`,
    });
    return { layer, problems };
  }
  const report = (node: jsonc.Node, message: string) => problems.push({ file, range: rangeOf(node.offset, node.length), message });
  const byId = new Map(rules.map((r) => [r.meta.id, r]));

  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = keyNode.value as string;
    const value = jsonc.getNodeValue(valueNode) as unknown;
    switch (key) {
      case '$schema':
        break;
      case 'root':
        if (typeof value !== 'boolean') report(valueNode, '"root" must be true or false.');
        else layer.root = value;
        break;
      case 'rules':
        if (valueNode.type !== 'object') {
          report(valueNode, '"rules" must be an object mapping rule ids to "off", a severity, or [severity, { options }].');
          break;
        }
        for (const ruleProperty of valueNode.children ?? []) {
          const [idNode, settingNode] = ruleProperty.children ?? [];
          if (!idNode || !settingNode) continue;
          const id = idNode.value as string;
          const rule = byId.get(id);
          if (!rule) {
            report(idNode, `Unknown rule "${id}". Known rules: ${[...byId.keys()].join(', ')}.`);
            continue;
          }
          const parsed = parseRuleSetting(jsonc.getNodeValue(settingNode));
          if (typeof parsed === 'string') {
            report(settingNode, `Rule "${id}": ${parsed}`);
            continue;
          }
          const optionProblems = validateRuleOptions(rule, parsed.options);
          if (optionProblems.length) {
            report(settingNode, `Rule "${id}": ${optionProblems.join('; ')}. Its options are not applied until this is fixed.`);
            parsed.options = {};
          }
          layer.rules[id] = parsed;
        }
        break;
      case 'ignore':
      case 'testFiles': {
        const globs = parseGlobs(value);
        if (typeof globs === 'string') report(valueNode, `"${key}" ${globs}`);
        else layer[key] = globs;
        break;
      }
      case 'maxFileSize':
        if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
          report(valueNode, '"maxFileSize" must be a positive number of bytes.');
        else layer.maxFileSize = value;
        break;
      case 'baseline':
        if (typeof value !== 'string' || value.trim() === '')
          report(valueNode, '"baseline" must be the path of a baseline file, relative to this config file.');
        else layer.baseline = path.resolve(path.dirname(file), value);
        break;
      case 'requireReason':
        if (typeof value !== 'boolean') report(valueNode, '"requireReason" must be true or false.');
        else layer.requireReason = value;
        break;
      default:
        report(keyNode, `Unknown setting "${key}". Allowed: ${CONFIG_KEYS.filter((k) => k !== '$schema').join(', ')}.`);
    }
  }
  return { layer, problems };
}

/** One config file applied to the defaults, its globs as written (relative to its folder). */
export function parseConfig(
  file: string,
  text: string,
  rules: readonly RuleCatalogEntry[] = RULES,
): { config: ResolvedConfig; problems: ConfigProblem[] } {
  const { layer, problems } = parseConfigLayer(file, text, rules);
  return { config: applyLayer(defaultConfig(), layer, ''), problems };
}

/**
 * A layer on top of a configuration. `prefix` is the layer's folder relative to the root ('' for the
 * root itself): its globs are rebased onto the root so every glob of the result is root-relative.
 */
export function applyLayer(base: ResolvedConfig, layer: ConfigLayer, prefix: string): ResolvedConfig {
  const rules: Record<string, RuleConfig> = { ...base.rules };
  for (const [id, rule] of Object.entries(layer.rules)) {
    rules[id] = { setting: rule.setting ?? rules[id]?.setting, options: { ...(rules[id]?.options ?? {}), ...rule.options } };
  }
  return {
    rules,
    ignore: layer.ignore ? [...base.ignore, ...layer.ignore.map((g) => rebaseGlob(g, prefix))] : base.ignore,
    testFiles: layer.testFiles ? layer.testFiles.map((g) => rebaseGlob(g, prefix)) : base.testFiles,
    maxFileSize: layer.maxFileSize ?? base.maxFileSize,
    ...((layer.baseline ?? base.baseline) !== undefined ? { baseline: layer.baseline ?? base.baseline } : {}),
    ...((layer.requireReason ?? base.requireReason) !== undefined ? { requireReason: layer.requireReason ?? base.requireReason } : {}),
  };
}

/** A glob written in folder `prefix` (root-relative), as a root-relative glob: `dist/**` in `packages/a` → `packages/a/dist/**`. */
function rebaseGlob(glob: string, prefix: string): string {
  const negated = glob.startsWith('!');
  const body = (negated ? glob.slice(1) : glob).replace(/^\.\//, '').replace(/^\//, '');
  const rebased = prefix ? `${prefix}/${body}` : body;
  return negated ? `!${rebased}` : rebased;
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

/** Settings from the editor (twelveFactor.rules / twelveFactor.exclude) apply on top of the files. */
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
