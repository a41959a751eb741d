/**
 * Which imported names a file uses only as types: TypeScript erases such an import when it compiles
 * (`import { HistoryRanges } from '../../updater/types'` used only in `type Update = { ranges: HistoryRanges }`),
 * so it loads nothing at run time. Read by the dependency and cross-app rules.
 */
import * as ts from 'typescript';

/**
 * The local names an import clause binds (`a`, `{ b, c as d }` → a, b, d; `* as ns` → ns); with `valuesOnly`, not the
 * elements marked `type`.
 */
export function importedNames(clause: ts.ImportClause, valuesOnly = false): string[] {
  const names = clause.name ? [clause.name.text] : [];
  const bound = clause.namedBindings;
  if (bound && ts.isNamespaceImport(bound)) names.push(bound.name.text);
  else if (bound) for (const e of bound.elements) if (!valuesOnly || !e.isTypeOnly) names.push(e.name.text);
  return names;
}

/** Is `node` (an identifier) in a position TypeScript erases: a type, `implements`, an interface or type alias? */
export function inTypePosition(ancestors: readonly ts.Node[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isTypeNode(a) && !ts.isExpressionWithTypeArguments(a)) return true;
    if (ts.isHeritageClause(a)) return a.token === ts.SyntaxKind.ImplementsKeyword || ts.isInterfaceDeclaration(ancestors[i - 1] ?? a);
    if (ts.isInterfaceDeclaration(a) || ts.isTypeAliasDeclaration(a)) return true;
    if (ts.isStatement(a) || ts.isFunctionLike(a) || ts.isClassLike(a)) return false;
  }
  return false;
}

/**
 * Is this identifier a use of the value its name is bound to? Not the import's own binding, not a property
 * name that only shares the spelling (`x.name`, `{ name: … }`), not a type position.
 */
export function isValueUse(node: ts.Identifier, ancestors: readonly ts.Node[]): boolean {
  const parent = ancestors[ancestors.length - 1];
  if (
    !parent ||
    ts.isImportClause(parent) ||
    ts.isImportSpecifier(parent) ||
    ts.isNamespaceImport(parent) ||
    ts.isImportEqualsDeclaration(parent)
  )
    return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertySignature(parent)) &&
    parent.name === node
  )
    return false;
  return !inTypePosition(ancestors);
}

/**
 * True when `names` are used, and only as types, in the file (a TypeScript file: in JavaScript every import
 * loads). An import whose names are not used at all says nothing either way.
 */
export function usedOnlyAsTypes(sourceFile: ts.SourceFile, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const wanted = new Set(names);
  const ancestors: ts.Node[] = [];
  let value = false;
  let typed = false;
  const visit = (node: ts.Node): void => {
    if (value) return;
    if (ts.isIdentifier(node) && wanted.has(node.text)) {
      if (isValueUse(node, ancestors) || inDecoratorMetadata(ancestors)) {
        value = true;
        return;
      }
      if (inTypePosition(ancestors)) typed = true;
    }
    ancestors.push(node);
    ts.forEachChild(node, visit);
    ancestors.pop();
  };
  visit(sourceFile);
  return typed && !value;
}

/**
 * A type TypeScript keeps under `emitDecoratorMetadata` (Nest, TypeORM, class-validator): the type of a constructor
 * parameter of a decorated class (`constructor(private readonly invoices: InvoiceService)` in an `@Injectable`), or
 * of a decorated parameter, property or method. The class is referenced at run time for `design:paramtypes`.
 */
function inDecoratorMetadata(ancestors: readonly ts.Node[]): boolean {
  const decorated = (n: ts.Node) => ts.canHaveDecorators(n) && (ts.getDecorators(n)?.length ?? 0) > 0;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isParameter(a)) {
      if (decorated(a)) return true;
      const owner = ancestors[i - 1];
      const cls = ancestors[i - 2];
      if (owner && ts.isConstructorDeclaration(owner) && cls && ts.isClassLike(cls) && decorated(cls)) return true;
      if (owner && ts.isMethodDeclaration(owner) && decorated(owner)) return true;
      return false;
    }
    if (ts.isPropertyDeclaration(a) || ts.isMethodDeclaration(a)) return decorated(a);
    if (ts.isStatement(a) || ts.isClassLike(a)) return false;
  }
  return false;
}
