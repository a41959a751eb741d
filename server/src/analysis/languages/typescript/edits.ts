/** Text edits on TypeScript/JavaScript sources that keep the code parsing and its layout tidy. */
import * as ts from 'typescript';

/** First offset at or after `pos` that is not whitespace or a comment. */
export function skipTrivia(text: string, pos: number): number {
  let i = pos;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else return i;
  }
}

/** Offsets `[start, end)` to delete so that `list[index]` disappears with its separating comma. */
export function listElementRemoval(sourceFile: ts.SourceFile, list: ts.NodeArray<ts.Node>, index: number): { start: number; end: number } {
  const text = sourceFile.text;
  const node = list[index];
  if (list.length === 1) {
    // Only element: remove it and a trailing comma, keep the brackets.
    let end = node.getEnd();
    const after = skipTrivia(text, end);
    if (text[after] === ',') end = after + 1;
    return { start: node.getStart(sourceFile), end };
  }
  if (index < list.length - 1) {
    // The next element takes this one's place (and indentation).
    return { start: node.getStart(sourceFile), end: list[index + 1].getStart(sourceFile) };
  }
  // Last of several: remove from the end of the previous element (its comma goes too).
  let end = node.getEnd();
  const after = skipTrivia(text, end);
  const hadTrailingComma = text[after] === ',';
  if (hadTrailingComma) {
    const previousEnd = list[index - 1].getEnd();
    const comma = skipTrivia(text, previousEnd);
    return { start: comma + 1, end: after + 1 };
  }
  end = node.getEnd();
  return { start: list[index - 1].getEnd(), end };
}

/** Leading whitespace of the line containing `pos`. */
export function indentAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Offset just after the line that contains `pos` (after its newline), or the text's end. */
export function endOfLine(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl === -1 ? text.length : nl + 1;
}

/** True when the file's statements mostly end with `;` (decides the style of inserted lines). */
export function usesSemicolons(sourceFile: ts.SourceFile): boolean {
  let withSemi = 0;
  let without = 0;
  for (const s of sourceFile.statements.slice(0, 30)) {
    if (!ts.isVariableStatement(s) && !ts.isImportDeclaration(s) && !ts.isExpressionStatement(s)) continue;
    if (sourceFile.text[s.getEnd() - 1] === ';') withSemi++;
    else without++;
  }
  return withSemi >= without;
}

/** The quote the file uses for module specifiers (of its first import or top-level require). */
export function quoteStyle(sourceFile: ts.SourceFile): string {
  for (const s of sourceFile.statements) {
    let literal: ts.Node | undefined;
    if (ts.isImportDeclaration(s)) literal = s.moduleSpecifier;
    else if (ts.isVariableStatement(s)) {
      const init = s.declarationList.declarations[0]?.initializer;
      if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require')
        literal = init.arguments[0];
    }
    if (literal && ts.isStringLiteral(literal)) return sourceFile.text[literal.getStart(sourceFile)] === '"' ? '"' : "'";
  }
  return "'";
}
