/**
 * `build-release-run/no-build-at-runtime` in code: a server program that registers a compiler as it
 * loads (`require('ts-node/register')`, `require('ts-node').register()`, `@babel/register`,
 * `module.register('tsx/esm')`) compiles its sources every time it starts, whatever the start command
 * says. Collected per file in the engine's walk, judged per program (only programs that start a server).
 */
import * as ts from 'typescript';
import type { Range } from '../../finding';
import type { CollectContext, FactsCollector, ProgramCheck } from '../../rule';
import { moduleBindings, normalizeModule, unwrapExpression } from '../../languages/typescript/imports';
import { isRuntimeCompiler } from '../../knowledge/packaging';
import { relativePath } from '../../paths';
import { loadedFiles } from '../../knowledge/processes';

const RULE_ID = 'build-release-run/no-build-at-runtime';

interface Registration {
  module: string;
  range: Range;
}

/** Loading these bare is a library use (the API); registering goes through `.register()`. */
const LIBRARY_ENTRY = new Set(['ts-node', 'tsx']);

function registers(module: string): boolean {
  return isRuntimeCompiler(module) && !LIBRARY_ENTRY.has(module);
}

function collect(context: CollectContext): FactsCollector {
  const found: Registration[] = [];
  const bindings = moduleBindings(context.sourceFile);
  const literal = (node: ts.Node | undefined) =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? normalizeModule(node.text) : undefined;
  const add = (module: string, node: ts.Node) => {
    if (!found.some((f) => f.module === module)) found.push({ module, range: context.rangeOf(node) });
  };
  return {
    visitors: {
      [ts.SyntaxKind.ImportDeclaration]: (node: ts.ImportDeclaration) => {
        const module = literal(node.moduleSpecifier);
        if (module && !node.importClause && registers(module)) add(module, node);
      },
      [ts.SyntaxKind.CallExpression]: (node: ts.CallExpression) => {
        const callee = unwrapExpression(node.expression);
        if (ts.isIdentifier(callee) && callee.text === 'require') {
          const module = literal(node.arguments[0]);
          if (module && registers(module)) add(module, node);
          return;
        }
        const ref = bindings.resolve(callee);
        if (!ref) return;
        if (
          (ref.module === 'ts-node' || ref.module === 'tsx/cjs/api' || ref.module === 'tsx/esm/api') &&
          ref.path[ref.path.length - 1] === 'register'
        )
          add(ref.module, node);
        else if (ref.module === 'module' && ref.path.join('.') === 'register') {
          const module = literal(node.arguments[0]);
          if (module && isRuntimeCompiler(module)) add(module, node);
        } else if ((ref.module === '@babel/register' || ref.module === 'babel-register') && ref.path.length === 0) add(ref.module, node);
      },
    },
    finish: () => (found.length ? found : undefined),
  };
}

export const programCheck: ProgramCheck = {
  collect: {
    prefilter: (text) => /register|ts-node|tsx\//.test(text),
    create: collect,
  },
  check(context) {
    const reported = new Set<string>();
    for (const program of context.programs) {
      if (program.isTestFile(program.entry.file)) continue;
      const serves = program.files.some(
        (f) => !program.isTestFile(f) && program.facts(f).servers.some((s) => !s.container || program.calls.has(s.container)),
      );
      if (!serves) continue;
      // A program found by imports is the component around a server: only what its top file loads runs with it (not
      // AdonisJS's `ace.js`, the CLI that imports the same kernel and registers ts-node for itself).
      const loaded = loadedFiles(program);
      for (const file of program.files) {
        if (program.isTestFile(file) || !loaded.has(file)) continue;
        for (const r of program.ruleFacts<Registration[]>(file, RULE_ID) ?? []) {
          const key = `${file}:${r.range.start.line}:${r.range.start.column}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const entry = relativePath(context.root, program.entry.file);
          context.report({
            file,
            messageId: 'runtimeCompiler',
            data: { module: r.module, start: `program ${entry}, ${program.entry.source}` },
            range: r.range,
          });
        }
      }
    }
  },
};
