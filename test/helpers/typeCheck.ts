/**
 * Type errors of one TypeScript file checked alone (strict, @types/node, imports unresolved), as
 * messages without positions: a fix must not add any (fixtures.test.ts, the CLI's --fix tests).
 */
import * as path from 'node:path';
import * as ts from 'typescript';

const TYPE_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  jsx: ts.JsxEmit.Preserve,
  types: ['node'],
  typeRoots: [path.resolve(__dirname, '../../node_modules/@types')],
};
const libCache = new Map<string, ts.SourceFile>();
let lastProgram: ts.Program | undefined;
export function typeErrors(file: string, text: string): string[] {
  if (!/\.[cm]?tsx?$/.test(file) || file.endsWith('.d.ts')) return [];
  const host = ts.createCompilerHost(TYPE_OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError) => {
    if (path.resolve(name) === path.resolve(file)) return ts.createSourceFile(name, text, languageVersion, true);
    let sf = libCache.get(name);
    if (!sf) {
      sf = getSourceFile(name, languageVersion, onError);
      if (sf) libCache.set(name, sf);
    }
    return sf;
  };
  // Only the fixture file itself: its imports stay unresolved (the same before and after a fix).
  host.resolveModuleNameLiterals = (literals) => literals.map(() => ({ resolvedModule: undefined }));
  const program = ts.createProgram([file], TYPE_OPTIONS, host, lastProgram);
  lastProgram = program;
  const sf = program.getSourceFile(file)!;
  return program
    .getSemanticDiagnostics(sf)
    .filter((d) => d.code !== 2307 /* unresolved import: by design */)
    .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

export function newTypeErrors(file: string, before: string, after: string): string[] {
  const old = typeErrors(file, before);
  return typeErrors(file, after).filter((e) => {
    const i = old.indexOf(e);
    if (i < 0) return true;
    old.splice(i, 1);
    return false;
  });
}
