/** The `twelveFactor.*` settings, as the server sees them for one workspace folder or document. */
import { SEVERITIES } from './analysis/finding';
import type { RuleConfig } from './analysis/config/config';

export interface Settings {
  enable: boolean;
  /** rule id → "off" | severity (from twelveFactor.rules). */
  rules: Record<string, RuleConfig>;
  /** Globs relative to the workspace folder (twelveFactor.exclude). */
  exclude: string[];
  /** Scan the whole workspace when the server starts (twelveFactor.scanOnStartup). */
  scanOnStartup: boolean;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, exclude: [], scanOnStartup: false };

/** Never trusts the shape of what the client sends: anything unexpected falls back to the default. */
export function settingsFrom(raw: unknown): Settings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleConfig> = {};
  if (value.rules && typeof value.rules === 'object') {
    for (const [id, setting] of Object.entries(value.rules as Record<string, unknown>)) {
      if (setting === 'off' || (typeof setting === 'string' && (SEVERITIES as readonly string[]).includes(setting))) {
        rules[id] = { setting: setting as RuleConfig['setting'], options: {} };
      }
    }
  }
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    rules,
    exclude: Array.isArray(value.exclude) ? value.exclude.filter((g): g is string => typeof g === 'string') : [],
    scanOnStartup: value.scanOnStartup === true,
  };
}
