/** The `twelveFactor.*` settings, as the server sees them for one workspace folder or document. */
import { parseRuleSetting, validateRuleOptions, type RuleConfig } from './analysis/config/config';
import { ruleById } from './analysis/registry';

export interface Settings {
  enable: boolean;
  /** rule id → "off" | severity (from twelveFactor.rules). */
  rules: Record<string, RuleConfig>;
  /** Globs relative to the workspace folder (twelveFactor.exclude). */
  exclude: string[];
  /** Scan the whole workspace when the server starts (twelveFactor.scanOnStartup). */
  scanOnStartup: boolean;
  /** What was wrong with the settings (logged by the server; the rest applies). */
  problems: string[];
}

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, exclude: [], scanOnStartup: false, problems: [] };

/** Never trusts the shape of what the client sends: anything unexpected falls back to the default. */
export function settingsFrom(raw: unknown): Settings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleConfig> = {};
  const problems: string[] = [];
  if (value.rules && typeof value.rules === 'object') {
    for (const [id, raw] of Object.entries(value.rules as Record<string, unknown>)) {
      const rule = ruleById(id);
      const parsed = parseRuleSetting(raw);
      if (!rule) problems.push(`twelveFactor.rules: unknown rule "${id}" (ignored)`);
      else if (typeof parsed === 'string') problems.push(`twelveFactor.rules: "${id}": ${parsed} (ignored)`);
      else {
        const optionProblems = validateRuleOptions(rule, parsed.options);
        if (optionProblems.length) problems.push(`twelveFactor.rules: "${id}": ${optionProblems.join('; ')} (its options are ignored)`);
        rules[id] = optionProblems.length ? { ...parsed, options: {} } : parsed;
      }
    }
  }
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    rules,
    exclude: Array.isArray(value.exclude) ? value.exclude.filter((g): g is string => typeof g === 'string') : [],
    scanOnStartup: value.scanOnStartup === true,
    problems,
  };
}
