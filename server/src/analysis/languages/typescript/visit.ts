import * as ts from 'typescript';

export interface WalkListener {
  /** Called for every node in source order, with the chain of its ancestors (outermost first). */
  enter(node: ts.Node, ancestors: readonly ts.Node[]): void;
}

/**
 * Walks every node of `sourceFile` once, iteratively (a file with thousands of nested expressions
 * must not overflow the stack), keeping the ancestor chain so rules can look upward without the
 * parser having to set parent pointers.
 */
export function walk(sourceFile: ts.SourceFile, listener: WalkListener): void {
  const ancestors: ts.Node[] = [];
  // Each frame is a node and its children still to visit, in reverse order so pop() yields the next one.
  const frames: { node: ts.Node; pending: ts.Node[] }[] = [];
  const childrenOf = (node: ts.Node): ts.Node[] => {
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    return children.reverse();
  };
  listener.enter(sourceFile, ancestors);
  frames.push({ node: sourceFile, pending: childrenOf(sourceFile) });
  ancestors.push(sourceFile);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    const next = frame.pending.pop();
    if (!next) {
      frames.pop();
      ancestors.pop();
      continue;
    }
    listener.enter(next, ancestors);
    frames.push({ node: next, pending: childrenOf(next) });
    ancestors.push(next);
  }
}
