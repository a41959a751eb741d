/** Every rule, explicitly (a test checks that each file under rules/ is listed and its id matches its path). */
import type { Rule } from './rule';
import noHardcodedSecret from './rules/config/no-hardcoded-secret';
import noFileLogging from './rules/logs/no-file-logging';
import noInMemorySession from './rules/processes/no-in-memory-session';
import signalForwarding from './rules/disposability/signal-forwarding';
import handleSigterm from './rules/disposability/handle-sigterm';
import noInProcessScheduler from './rules/concurrency/no-in-process-scheduler';
import noMigrationsAtStartup from './rules/admin-processes/no-migrations-at-startup';
import noBuildAtRuntime from './rules/build-release-run/no-build-at-runtime';
import declaredDependency from './rules/dependencies/declared-dependency';
import noCrossAppImport from './rules/codebase/no-cross-app-import';

export const RULES: readonly Rule[] = [
  noHardcodedSecret,
  noFileLogging,
  noInMemorySession,
  signalForwarding,
  handleSigterm,
  noInProcessScheduler,
  noMigrationsAtStartup,
  noCrossAppImport,
  declaredDependency,
  noBuildAtRuntime,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}

export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.meta.id);
