import * as ts from 'typescript';

export interface WalkListener {
  /** Called for every node in source order, with the chain of its ancestors (outermost first). */
  enter(node: ts.Node, ancestors: readonly ts.Node[]): void;
}

/** Nesting beyond which the walk continues on an explicit stack instead of the call stack. */
const RECURSION_LIMIT = 400;

/**
 * Walks every node of `sourceFile` once in source order, keeping the ancestor chain so rules can look
 * upward without the parser setting parent pointers. Recursive (no allocation per node) up to
 * RECURSION_LIMIT levels; deeper subtrees (generated code with thousands of nested expressions)
 * continue on an explicit stack, so no input overflows the call stack.
 */
export function walk(sourceFile: ts.SourceFile, listener: WalkListener): void {
  const ancestors: ts.Node[] = [];
  const visit = (node: ts.Node): undefined => {
    listener.enter(node, ancestors);
    ancestors.push(node);
    if (ancestors.length < RECURSION_LIMIT) ts.forEachChild(node, visit);
    else walkDeep(node, ancestors, listener);
    ancestors.pop();
    return undefined;
  };
  visit(sourceFile);
}

/** The children of `root` and below, on an explicit stack (`ancestors` ends with `root`). */
function walkDeep(root: ts.Node, ancestors: ts.Node[], listener: WalkListener): void {
  const base = ancestors.length;
  const frames: { pending: ts.Node[] }[] = [{ pending: childrenOf(root) }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    const next = frame.pending.pop();
    if (!next) {
      frames.pop();
      if (ancestors.length > base) ancestors.pop();
      continue;
    }
    listener.enter(next, ancestors);
    frames.push({ pending: childrenOf(next) });
    ancestors.push(next);
  }
}

function childrenOf(node: ts.Node): ts.Node[] {
  const children: ts.Node[] = [];
  ts.forEachChild(node, (child) => {
    children.push(child);
  });
  return children.reverse();
}
