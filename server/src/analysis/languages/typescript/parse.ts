import * as ts from 'typescript';
import { TS_SHEBANG, isNodeScript, scriptFlavour, type ScriptFlavour } from '../detect';

const KINDS: Record<ScriptFlavour, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

/**
 * No rule reads JSDoc (types, tags, links): its comments stay comments, as in a build that only emits.
 * Parsing them costs 7–10 % of the parse on real packages, where most functions carry one. An
 * incremental reparse (`ts.updateSourceFile`) keeps the mode of the tree it starts from.
 */
const OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};

/**
 * One parse per file, shared by every rule. Parents are not set (docs/DESIGN.md "The parser"): the walker
 * keeps the ancestor chain instead. `.js` files are parsed as JSX-capable since React code often
 * lives in `.js`; so is an extension-less node script (`bin/www`), unless its `#!` names a TypeScript runner.
 */
export function parseScript(file: string, text: string): ts.SourceFile {
  const flavour = scriptFlavour(file) ?? (isNodeScript(file, text) && !TS_SHEBANG.test(text) ? 'js' : 'ts');
  const kind = flavour === 'js' ? ts.ScriptKind.JSX : KINDS[flavour];
  return ts.createSourceFile(file, text, OPTIONS, false, kind);
}

/** Syntax errors the parser recovered from; the file is still analysed. */
export function syntaxErrorCount(sourceFile: ts.SourceFile): number {
  return (sourceFile as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
}
