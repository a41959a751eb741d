/** The analysis core's public surface. No vscode, no LSP: paths and text in, plain data out. */
export * from './finding';
export * from './rule';
export * from './engine';
export * from './scan';
export * from './config/config';
export { ConfigSet, type ConfigOverrides } from './config/cascade';
export * from './suppressions';
export * from './redact';
export * from './fixes/apply';
export {
  WorkspaceSession,
  type SessionHost,
  type SessionSettings,
  type SessionOptions,
  type IndexOptions,
  type IndexResult,
} from './workspace/session';
export { RULES, RULE_IDS, ruleById } from './registry';
export { FACTORS, factorByNumber, factorBySlug } from './report/factors';
export { TOOL } from './version';
export { languageOf, type Language } from './languages/detect';
export { relativePath, isInside } from './paths';
export { memoryHost, filesUnder } from './workspace/memoryHost';
