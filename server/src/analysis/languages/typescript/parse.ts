import * as ts from 'typescript';
import { scriptFlavour, type ScriptFlavour } from '../detect';

const KINDS: Record<ScriptFlavour, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS,
  tsx: ts.ScriptKind.TSX,
  js: ts.ScriptKind.JS,
  jsx: ts.ScriptKind.JSX,
};

/**
 * One parse per file, shared by every rule. Parents are not set (docs/DESIGN.md "The parser"): the walker
 * keeps the ancestor chain instead. `.js` files are parsed as JSX-capable since React code often
 * lives in `.js`.
 */
export function parseScript(file: string, text: string): ts.SourceFile {
  const flavour = scriptFlavour(file) ?? 'ts';
  const kind = flavour === 'js' ? ts.ScriptKind.JSX : KINDS[flavour];
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
}

/** Syntax errors the parser recovered from; the file is still analysed. */
export function syntaxErrorCount(sourceFile: ts.SourceFile): number {
  return (sourceFile as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
}
