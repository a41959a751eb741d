/**
 * A fix that puts one statement behind a switch (`if (process.env.RUN_JOBS === 'true') { … }`): the
 * collector records the statement's shape as plain data while it has the syntax tree, the program
 * check builds the edit from that data later. Only for a statement that is the call itself
 * (`cron.schedule(…);`, `await sequelize.sync({ alter: true });`), so nothing else moves into the block.
 */
import * as ts from 'typescript';
import type { Fix, Position } from '../finding';
import { unwrapExpression } from '../languages/typescript/imports';
import { indentUnit } from '../facts/fileFacts';
import { computeLineStarts, positionAt } from '../text';

export interface StatementShape {
  start: Position;
  end: Position;
  /** Indentation of the statement's first line, and the file's indentation step. */
  indent: string;
  unit: string;
  /** Later lines of the statement to indent one step more (absent when a string spans lines: left as is). */
  lines?: number[];
}

const MAX_LINES = 200;

/** The statement that is exactly `node` (awaited, voided or not), with what re-indenting it needs. */
export function statementShape(sourceFile: ts.SourceFile, ancestors: readonly ts.Node[], node: ts.Node): StatementShape | undefined {
  let i = ancestors.length - 1;
  let child: ts.Node = node;
  while (
    i >= 0 &&
    (ts.isAwaitExpression(ancestors[i]) || ts.isVoidExpression(ancestors[i]) || ts.isParenthesizedExpression(ancestors[i]))
  ) {
    child = ancestors[i];
    i--;
  }
  const statement = ancestors[i];
  const container = ancestors[i - 1];
  if (
    !statement ||
    !ts.isExpressionStatement(statement) ||
    unwrapExpression(statement.expression) !== unwrapExpression(child as ts.Expression)
  )
    return undefined;
  if (
    !container ||
    !(
      ts.isBlock(container) ||
      ts.isSourceFile(container) ||
      ts.isModuleBlock(container) ||
      ts.isCaseClause(container) ||
      ts.isDefaultClause(container)
    )
  )
    return undefined;
  const text = sourceFile.text;
  const startOffset = statement.getStart(sourceFile);
  const endOffset = statement.getEnd();
  const starts = computeLineStarts(text);
  const start = positionAt(starts, startOffset);
  const end = positionAt(starts, endOffset);
  let lineStart = startOffset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, startOffset))?.[0] ?? '';
  if (indent.length !== startOffset - lineStart) return undefined; // something else before it on its line
  const shape: StatementShape = { start, end, indent, unit: indentUnit(text) };
  if (end.line > start.line && end.line - start.line <= MAX_LINES && !spansLinesInString(statement, sourceFile)) {
    const lines: number[] = [];
    for (let line = start.line + 1; line <= end.line; line++) {
      const from = starts[line];
      const to = line + 1 < starts.length ? starts[line + 1] : text.length;
      if (text.slice(from, to).trim() !== '') lines.push(line);
    }
    shape.lines = lines;
  }
  return shape;
}

function spansLinesInString(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  const stack: ts.Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (
      (ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || ts.isStringLiteral(n)) &&
      /[\r\n]/.test(sourceFile.text.slice(n.getStart(sourceFile), n.getEnd()))
    )
      return true;
    ts.forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  return false;
}

/** The fix: `if (<condition>) {` before, `}` after, the statement one step deeper. Always a suggestion (it stops running unless switched on). */
export function switchFix(file: string, shape: StatementShape, condition: string, title: string): Fix {
  const { start, end, indent, unit } = shape;
  const changes: Fix['changes'] = [
    { kind: 'replace', file, range: { start, end: start }, newText: `if (${condition}) {\n${indent}${unit}` },
    ...(shape.lines ?? []).map((line) => ({
      kind: 'replace' as const,
      file,
      range: { start: { line, column: 0 }, end: { line, column: 0 } },
      newText: unit,
    })),
    { kind: 'replace', file, range: { start: end, end }, newText: `\n${indent}}` },
  ];
  return { title, kind: 'suggestion', changes };
}
