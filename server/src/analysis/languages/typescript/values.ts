/**
 * What a file says about values without a type checker: the initializer a name was declared with,
 * how often a name occurs, and the literal text of a path built from literals
 * (`path.join(__dirname, 'logs', 'app.log')` → `\0/logs/app.log`).
 */
import * as ts from 'typescript';
import { moduleBindings, unwrapExpression } from './imports';
import { forEachDescendantMirrored, perStatement } from './visit';

interface FileValues {
  /** name → initializer of its only `const/let/var` declaration (null when declared more than once). */
  initializers: Map<string, ts.Expression | null>;
  declarations: Map<string, ts.VariableDeclaration>;
  /** Summed over the statements' own counts on the first question about a name. */
  identifierCounts: Map<string, number>;
  parts: readonly StatementValues[];
}

/**
 * What one top-level statement declares, in the order of the file index's stack (a node, then its
 * children from the last to the first): a variable (with its declaration) or another declaration of a
 * name (a parameter, a function, a class); and how often each identifier occurs in it.
 */
interface StatementValues {
  names: string[];
  /** The variable declaration of names[i], or `true` for a parameter, `false` for a function or class. */
  kinds: (ts.VariableDeclaration | boolean)[];
  identifierCounts: Map<string, number>;
}

const cache = new WeakMap<ts.SourceFile, FileValues>();
const statementCache = new WeakMap<ts.Node, StatementValues>();

function statementValues(statement: ts.Statement): StatementValues {
  const part: StatementValues = { names: [], kinds: [], identifierCounts: new Map() };
  const { names, kinds, identifierCounts } = part;
  forEachDescendantMirrored(statement, (node) => {
    if (ts.isIdentifier(node)) identifierCounts.set(node.text, (identifierCounts.get(node.text) ?? 0) + 1);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      names.push(node.name.text);
      kinds.push(node);
    } else if (
      (ts.isParameter(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    ) {
      names.push(node.name.text);
      kinds.push(ts.isParameter(node));
    }
  });
  return part;
}

function fileValues(sourceFile: ts.SourceFile): FileValues {
  let values = cache.get(sourceFile);
  if (values) return values;
  // The statements from the last to the first: the order of one stack over the whole file.
  const parts = perStatement(sourceFile, statementCache, statementValues).reverse();
  values = { initializers: new Map(), declarations: new Map(), identifierCounts: new Map(), parts };
  cache.set(sourceFile, values);
  const { initializers, declarations } = values;
  for (const { names, kinds } of parts) {
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const kind = kinds[i];
      if (typeof kind !== 'boolean') {
        if (initializers.has(name)) {
          initializers.set(name, null);
          declarations.delete(name);
        } else if (kind.initializer) {
          initializers.set(name, kind.initializer);
          declarations.set(name, kind);
        } else initializers.set(name, null);
      } else if (initializers.has(name) || kind) {
        // Another declaration of the name: its value is no longer known from one initializer.
        initializers.set(name, null);
      }
    }
  }
  return values;
}

/** The initializer of the file's only variable declaration named `name`, unwrapped. */
export function initializerOf(sourceFile: ts.SourceFile, name: string): ts.Expression | undefined {
  const init = fileValues(sourceFile).initializers.get(name);
  return init ? unwrapExpression(init) : undefined;
}

export function declarationOf(sourceFile: ts.SourceFile, name: string): ts.VariableDeclaration | undefined {
  return fileValues(sourceFile).declarations.get(name);
}

/** How many identifiers in the file have this text (declarations included). */
export function identifierCount(sourceFile: ts.SourceFile, name: string): number {
  const values = fileValues(sourceFile);
  let count = values.identifierCounts.get(name);
  if (count === undefined) {
    count = 0;
    for (const part of values.parts) count += part.identifierCounts.get(name) ?? 0;
    values.identifierCounts.set(name, count);
  }
  return count;
}

/** Follows identifiers to their single initializer (a few hops), unwrapping parentheses and casts. */
export function followIdentifier(sourceFile: ts.SourceFile, expression: ts.Expression): ts.Expression {
  const e = unwrapExpression(expression);
  return (ts.isIdentifier(e) && followName(sourceFile, e.text)) || e;
}

/**
 * What followIdentifier gives for the name `name`, when it is declared with an initializer (else
 * undefined): a node of the file, the same object for as long as the statements it is followed
 * through are (what a verdict kept per statement compares, KeptVerdicts).
 */
export function followName(sourceFile: ts.SourceFile, name: string): ts.Expression | undefined {
  let e = initializerOf(sourceFile, name);
  for (let hops = 1; e && hops < 4 && ts.isIdentifier(e); hops++) {
    const init = initializerOf(sourceFile, e.text);
    if (!init) break;
    e = init;
  }
  return e;
}

/** Marks a part of a path that is not known statically. */
export const UNKNOWN = '\0';

/**
 * The literal text of a path expression, with UNKNOWN for the parts that are not literals, or
 * undefined when nothing of it is literal. Understands literals, templates, `+`, `path.join`,
 * `path.resolve` and names declared once with such a value.
 */
export function staticPathText(sourceFile: ts.SourceFile, expression: ts.Expression | undefined, depth = 0): string | undefined {
  if (!expression || depth > 5) return undefined;
  const e = unwrapExpression(expression);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) {
    return (
      e.head.text +
      e.templateSpans.map((span) => (staticPathText(sourceFile, span.expression, depth + 1) ?? UNKNOWN) + span.literal.text).join('')
    );
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = staticPathText(sourceFile, e.left, depth + 1);
    const right = staticPathText(sourceFile, e.right, depth + 1);
    if (left === undefined && right === undefined) return undefined;
    return (left ?? UNKNOWN) + (right ?? UNKNOWN);
  }
  if (ts.isIdentifier(e)) {
    const init = initializerOf(sourceFile, e.text);
    return init ? staticPathText(sourceFile, init, depth + 1) : undefined;
  }
  // `new URL('../logs/app.log', import.meta.url)`: a path relative to the module, as ESM writes it.
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL' && !moduleBindings(sourceFile).get('URL')) {
    const [relative, base] = e.arguments ?? [];
    const b = base && unwrapExpression(base);
    const relativeToModule =
      !!b && ts.isPropertyAccessExpression(b) && b.name.text === 'url' && ts.isMetaProperty(unwrapExpression(b.expression));
    return relativeToModule ? staticPathText(sourceFile, relative, depth + 1) : undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = unwrapExpression(e.expression);
    // `fileURLToPath(new URL('./app.log', import.meta.url))`: the same path as a file path.
    const urlRef = moduleBindings(sourceFile).resolve(e.expression);
    if (urlRef && /^(?:node:)?url$/.test(urlRef.module) && urlRef.path.join('.') === 'fileURLToPath' && e.arguments[0])
      return staticPathText(sourceFile, e.arguments[0], depth + 1);
    // An unbound `path.join(...)` is node's path module in all but name (a snippet, a REPL-ish script).
    const unboundPath =
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'path' &&
      !moduleBindings(sourceFile).get('path') &&
      initializerOf(sourceFile, 'path') === undefined;
    const ref =
      unboundPath && ts.isPropertyAccessExpression(callee)
        ? { module: 'path', path: [callee.name.text] }
        : moduleBindings(sourceFile).resolve(e.expression);
    if (ref && ref.module.replace(/^path\/(posix|win32)$/, 'path') === 'path' && ref.path.length >= 1) {
      const fn = ref.path[ref.path.length - 1];
      if (fn !== 'join' && fn !== 'resolve') return undefined;
      const parts = e.arguments.map((a) => staticPathText(sourceFile, a, depth + 1));
      if (parts.every((p) => p === undefined)) return undefined;
      return parts.map((p) => p ?? UNKNOWN).join('/');
    }
  }
  return undefined;
}
