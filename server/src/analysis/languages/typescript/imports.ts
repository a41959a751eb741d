/**
 * Which local names of a file are bound to which module, and what a member expression refers to:
 * `import winston from 'winston'`, `const { transports: { File } } = require('winston')`,
 * `import * as pino from 'pino'`, `const t = winston.transports`, `require('pino').destination`.
 *
 * Scopes are ignored (one name → one meaning per file), which is right for the module-level
 * imports rules care about; a name bound to two different modules in one file resolves to nothing.
 */
import * as ts from 'typescript';
import { forEachDescendant, perStatement } from './visit';

/** A module member: `{ module: 'winston', path: ['transports', 'File'] }`; `path: []` is the module itself. */
export interface ModuleRef {
  /** Module specifier without a `node:` prefix. */
  module: string;
  path: string[];
}

export interface ModuleBinding extends ModuleRef {
  local: string;
  /** Declared by a top-level statement, so usable anywhere in the file (e.g. by a fix). */
  topLevel: boolean;
  /** How it was bound. */
  kind: 'import' | 'require' | 'alias';
  declaration: ts.Node;
}

export interface ModuleBindings {
  /** The binding of a local name, if it denotes a module or a member of one. */
  get(local: string): ModuleBinding | undefined;
  all(): readonly ModuleBinding[];
  /** What an expression refers to, e.g. `winston.transports.File` → winston [transports, File]. */
  resolve(expression: ts.Expression | undefined): ModuleRef | undefined;
  /** True when the file imports or requires this module. */
  uses(module: string): boolean;
  /** Every module the file imports or requires. */
  modules(): readonly string[];
  /** True when the file loads modules with `require(...)` (CommonJS). */
  readonly usesRequire: boolean;
  /** True when the file has `import`/`export` declarations (an ES module). */
  readonly usesImport: boolean;
  /**
   * Source text naming `module`/`path` through a top-level binding, e.g. for winston
   * [transports, Console] → `winston.transports.Console` or `transports.Console`; undefined if none.
   */
  expressionFor(module: string, path: string[]): string | undefined;
  /**
   * What resolve(), uses(), expressionFor() and the bindings' modules and paths answer, as one string:
   * two parses of a file whose bindings answer these alike have the same key (a rule's verdict kept for
   * an untouched statement stays true while the key does). Not the declarations' nodes or positions: a
   * kept verdict must not depend on them.
   */
  key(): string;
}

/** Identifiers that, unbound, are the node built-in module of the same name (`require('console') === console`). */
const GLOBAL_MODULES = new Set(['console', 'process']);

export function normalizeModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** Drops `default` right after the module (`require('pino').default` is pino itself for CJS interop). */
function normalizePath(path: string[]): string[] {
  let i = 0;
  while (path[i] === 'default') i++;
  return i ? path.slice(i) : path;
}

/** The name a local value is kept in: `x` → `x`, `this.x` → `this.x` (parentheses and casts aside); else undefined. */
export function localName(expression: ts.Expression): string | undefined {
  const e = unwrapExpression(expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return `this.${e.name.text}`;
  return undefined;
}

/** Strips parentheses, `as`, `!`, `satisfies` and type assertions. */
export function unwrapExpression(expression: ts.Expression): ts.Expression {
  let e = expression;
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isTypeAssertionExpression(e)
    ) {
      e = e.expression;
    } else return e;
  }
}

/** `require('x')` → 'x' (without `node:`), else undefined. */
export function requiredModule(node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node) || node.arguments.length !== 1) return undefined;
  const callee = node.expression;
  const arg = node.arguments[0];
  if (!ts.isIdentifier(callee) || callee.text !== 'require') return undefined;
  if (!ts.isStringLiteral(arg) && !ts.isNoSubstitutionTemplateLiteral(arg)) return undefined;
  return normalizeModule(arg.text);
}

/** Name of a property-ish node: identifier, string literal or computed string. */
export function propertyNameText(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return propertyNameText(name.expression);
  return undefined;
}

const cache = new WeakMap<ts.SourceFile, ModuleBindings>();

/** The nodes of a top-level statement that may bind a module name or load one, in source order, with their depth in the statement. */
interface Candidates {
  nodes: ts.Node[];
  depths: number[];
}

const candidateCache = new WeakMap<ts.Node, Candidates>();

function candidatesOf(statement: ts.Statement): Candidates {
  const part: Candidates = { nodes: [], depths: [] };
  forEachDescendant(statement, (node, depth) => {
    const kind = node.kind;
    if (
      kind === ts.SyntaxKind.ImportDeclaration ||
      kind === ts.SyntaxKind.ExportDeclaration ||
      kind === ts.SyntaxKind.ExportAssignment ||
      kind === ts.SyntaxKind.ImportEqualsDeclaration ||
      (kind === ts.SyntaxKind.CallExpression && requiredModule(node) !== undefined) ||
      (kind === ts.SyntaxKind.VariableDeclaration &&
        (node as ts.VariableDeclaration).initializer !== undefined &&
        mayRefer((node as ts.VariableDeclaration).initializer!))
    ) {
      part.nodes.push(node);
      part.depths.push(depth);
    }
  });
  return part;
}

/**
 * Whether collect()'s resolve can find a module behind the expression, whatever the file binds: a name,
 * a member or literal key of one, `require('…')`, `await import('…')`. The same shapes resolve walks;
 * a declaration initialised otherwise (`new Map()`, a call, a condition) binds nothing, and is not
 * looked at again on every keystroke.
 */
function mayRefer(expression: ts.Expression): boolean {
  const e = unwrapExpression(expression);
  if (ts.isIdentifier(e)) return true;
  if (ts.isPropertyAccessExpression(e)) return mayRefer(e.expression);
  if (ts.isElementAccessExpression(e)) return propertyNameText(e.argumentExpression) !== undefined && mayRefer(e.expression);
  if (requiredModule(e) !== undefined) return true;
  if (ts.isAwaitExpression(e)) {
    const inner = unwrapExpression(e.expression);
    return ts.isCallExpression(inner) && inner.expression.kind === ts.SyntaxKind.ImportKeyword;
  }
  return false;
}

/** Bindings of a file, computed once per parsed file and shared by every rule that asks. */
export function moduleBindings(sourceFile: ts.SourceFile): ModuleBindings {
  let bindings = cache.get(sourceFile);
  if (!bindings) {
    bindings = collect(sourceFile);
    cache.set(sourceFile, bindings);
  }
  return bindings;
}

function collect(sourceFile: ts.SourceFile): ModuleBindings {
  const byName = new Map<string, ModuleBinding | null>();
  const modules = new Set<string>();
  let usesRequire = false;
  let usesImport = false;

  const bind = (binding: ModuleBinding) => {
    binding.path = normalizePath(binding.path);
    const previous = byName.get(binding.local);
    if (previous === null) return;
    if (previous && (previous.module !== binding.module || previous.path.join('.') !== binding.path.join('.'))) {
      byName.set(binding.local, null);
      return;
    }
    if (!previous) byName.set(binding.local, binding);
  };

  const resolve = (expression: ts.Expression | undefined): ModuleRef | undefined => {
    if (!expression) return undefined;
    const e = unwrapExpression(expression);
    if (ts.isIdentifier(e)) {
      const b = byName.get(e.text);
      if (b) return { module: b.module, path: b.path };
      if (b === undefined && GLOBAL_MODULES.has(e.text)) return { module: e.text, path: [] };
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const base = resolve(e.expression);
      return base ? { module: base.module, path: normalizePath([...base.path, e.name.text]) } : undefined;
    }
    if (ts.isElementAccessExpression(e)) {
      const key = propertyNameText(e.argumentExpression);
      const base = key === undefined ? undefined : resolve(e.expression);
      return base && key !== undefined ? { module: base.module, path: normalizePath([...base.path, key]) } : undefined;
    }
    const required = requiredModule(e);
    if (required) return { module: required, path: [] };
    if (ts.isAwaitExpression(e)) {
      const inner = unwrapExpression(e.expression);
      if (ts.isCallExpression(inner) && inner.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const arg = inner.arguments[0];
        if (arg && ts.isStringLiteral(arg)) return { module: normalizeModule(arg.text), path: [] };
      }
    }
    return undefined;
  };

  const bindPattern = (name: ts.BindingName, ref: ModuleRef, topLevel: boolean, declaration: ts.Node, kind: ModuleBinding['kind']) => {
    if (ts.isIdentifier(name)) {
      bind({ local: name.text, module: ref.module, path: ref.path, topLevel, kind, declaration });
      return;
    }
    if (!ts.isObjectBindingPattern(name)) return;
    for (const element of name.elements) {
      if (element.dotDotDotToken) continue;
      const key = propertyNameText(element.propertyName ?? element.name);
      if (key === undefined) continue;
      bindPattern(element.name, { module: ref.module, path: [...ref.path, key] }, topLevel, declaration, kind);
    }
  };

  const visit = (node: ts.Node, depth: number) => {
    if (ts.isImportDeclaration(node)) {
      usesImport = true;
      if (!ts.isStringLiteral(node.moduleSpecifier)) return;
      const module = normalizeModule(node.moduleSpecifier.text);
      modules.add(module);
      const clause = node.importClause;
      if (!clause) return;
      const topLevel = depth === 0;
      if (clause.name) bind({ local: clause.name.text, module, path: [], topLevel, kind: 'import', declaration: node });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named))
        bind({ local: named.name.text, module, path: [], topLevel, kind: 'import', declaration: node });
      if (named && ts.isNamedImports(named)) {
        for (const spec of named.elements) {
          const imported = propertyNameText(spec.propertyName ?? spec.name) ?? spec.name.text;
          bind({ local: spec.name.text, module, path: [imported], topLevel, kind: 'import', declaration: node });
        }
      }
      return;
    }
    if (ts.isExportDeclaration(node) || ts.isExportAssignment(node)) usesImport = true;
    if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        const module = normalizeModule(ref.expression.text);
        modules.add(module);
        bind({ local: node.name.text, module, path: [], topLevel: depth === 0, kind: 'import', declaration: node });
      }
      return;
    }
    const required = requiredModule(node);
    if (required) {
      usesRequire = true;
      modules.add(required);
    }
    if (ts.isVariableDeclaration(node) && node.initializer) {
      // Declarations nested in a top-level variable statement are still top-level bindings.
      const ref = resolve(node.initializer);
      if (ref) {
        const kind = requiredModule(unwrapExpression(node.initializer)) ? 'require' : 'alias';
        bindPattern(node.name, ref, depth <= 2, node, kind);
      }
    }
  };
  // In source order (aliases refer to earlier bindings). Top-level statements are depth 0; a
  // declaration list and its declarations are 1 and 2. Which nodes can bind is kept per statement
  // (an edit re-reads only the statements it touched); what they bind is worked out here, in order.
  for (const part of perStatement(sourceFile, candidateCache, candidatesOf))
    for (let i = 0; i < part.nodes.length; i++) visit(part.nodes[i], part.depths[i]);

  const all = [...byName.values()].filter((b): b is ModuleBinding => !!b);
  // The bindings are complete, so what an expression refers to no longer changes. The rules' visitors
  // of one node run one after the other and each resolves the same callee (no-file-logging alone
  // nine times a call): the last few answers are kept.
  const recent: (ts.Expression | undefined)[] = [undefined, undefined, undefined, undefined];
  const recentRefs: (ModuleRef | undefined)[] = [undefined, undefined, undefined, undefined];
  let next = 0;
  let key: string | undefined;
  return {
    key: () =>
      (key ??= JSON.stringify([
        [...byName].map(([local, b]) => (b ? [local, b.module, b.path, b.topLevel, b.kind] : [local])),
        [...modules],
        usesRequire,
        usesImport,
      ])),
    get: (local) => byName.get(local) ?? undefined,
    all: () => all,
    resolve: (expression) => {
      if (!expression) return undefined;
      for (let i = 0; i < recent.length; i++) if (recent[i] === expression) return recentRefs[i];
      const ref = resolve(expression);
      recent[next] = expression;
      recentRefs[next] = ref;
      next = (next + 1) % recent.length;
      return ref;
    },
    uses: (module) => modules.has(module),
    modules: () => [...modules],
    usesRequire,
    usesImport,
    expressionFor(module, path) {
      let best: ModuleBinding | undefined;
      for (const b of all) {
        if (!b.topLevel || b.module !== module || b.path.length > path.length) continue;
        if (!b.path.every((p, i) => path[i] === p)) continue;
        if (!best || b.path.length > best.path.length) best = b;
      }
      return best ? [best.local, ...path.slice(best.path.length)].join('.') : undefined;
    },
  };
}
