/** The analysis core's public surface. No vscode, no LSP: paths and text in, plain data out. */
export * from './finding';
export * from './rule';
export * from './engine';
export * from './scan';
export * from './config/config';
export { ConfigSet } from './config/cascade';
export * from './suppressions';
export * from './redact';
export * from './fixes/apply';
export { WorkspaceSession } from './workspace/session';
export { RULES, RULE_IDS, ruleById } from './registry';
export { FACTORS } from './report/factors';
export { TOOL } from './version';
export { languageOf, type Language } from './languages/detect';
export { isInside } from './paths';
export { memoryHost, filesUnder } from './workspace/memoryHost';
export type { Steps } from './steps';
