import * as ts from 'typescript';
import type { Steps } from '../../steps';

export interface WalkListener {
  /** Called for every node in source order, with the chain of its ancestors (outermost first). */
  enter(node: ts.Node, ancestors: readonly ts.Node[]): void;
  /** Asked before each child of the source file (a top-level statement): true skips its whole subtree. */
  skips?(child: ts.Node): boolean;
  /**
   * Sets each node's parent pointer as the walk enters it, as `ts.updateSourceFile` does on the first reparse of a tree parsed without them: for an open
   * document's tree, so that its first keystroke does not walk the whole tree again to set them
   * (25–30 ms of the first edit of a 2,000-line file, in process). Skipped subtrees are not entered.
   */
  bindsParents?: boolean;
}

/** Nesting beyond which the walk continues on an explicit stack instead of the call stack. */
const RECURSION_LIMIT = 400;

/**
 * Walks every node of `sourceFile` once in source order, keeping the ancestor chain so rules can look
 * upward without the parser setting parent pointers. Recursive (no allocation per node) up to
 * RECURSION_LIMIT levels; deeper subtrees (generated code with thousands of nested expressions)
 * continue on an explicit stack, so no input overflows the call stack.
 *
 * A generator that pauses after each child of the source file (its statements, then the end-of-file
 * token): run it to the end in one go, or give the event loop a turn between statements. The tree
 * must not change while the walk is paused. A child the listener `skips` is not entered.
 */
export function* walkInSteps(sourceFile: ts.SourceFile, listener: WalkListener): Steps<void> {
  const ancestors: ts.Node[] = [];
  const binds = !!listener.bindsParents;
  const visit = (node: ts.Node): undefined => {
    if (binds) bindParent(node, ancestors[ancestors.length - 1]);
    listener.enter(node, ancestors);
    ancestors.push(node);
    if (ancestors.length < RECURSION_LIMIT) ts.forEachChild(node, visit);
    else walkDeep(node, ancestors, listener, binds);
    ancestors.pop();
    return undefined;
  };
  listener.enter(sourceFile, ancestors);
  ancestors.push(sourceFile);
  const children: ts.Node[] = [];
  ts.forEachChild(sourceFile, (child) => {
    children.push(child);
  });
  for (const child of children) {
    if (!listener.skips?.(child)) visit(child);
    yield;
  }
  ancestors.pop();
}

/** The children of `root` and below, on an explicit stack (`ancestors` ends with `root`). */
function walkDeep(root: ts.Node, ancestors: ts.Node[], listener: WalkListener, binds: boolean): void {
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
    if (binds) bindParent(next, ancestors[ancestors.length - 1]);
    listener.enter(next, ancestors);
    frames.push({ pending: childrenOf(next) });
    ancestors.push(next);
  }
}

/**
 * What the parser's own parent binding does for one node (setParentRecursive). Our trees hold no JSDoc
 * nodes (parse.ts parses none), so a node's children are all there is to bind.
 */
function bindParent(node: ts.Node, parent: ts.Node): void {
  (node as { parent: ts.Node }).parent = parent;
}

function childrenOf(node: ts.Node): ts.Node[] {
  const children: ts.Node[] = [];
  ts.forEachChild(node, (child) => {
    children.push(child);
  });
  return children.reverse();
}

/**
 * `compute(statement)` for every top-level statement of `sourceFile`, in order, memoised per statement
 * node in `cache`. An incremental reparse (engine.ts reparse: `ts.updateSourceFile`) keeps the
 * statements an edit did not touch as the same objects (moved, not rebuilt), so a file index assembled
 * from per-statement parts recomputes only the edited statements on a keystroke. `compute` must depend
 * on the statement's subtree alone and must not keep offsets (a reused statement may have moved):
 * nodes, names and texts only.
 */
export function perStatement<T>(sourceFile: ts.SourceFile, cache: WeakMap<ts.Node, T>, compute: (statement: ts.Statement) => T): T[] {
  const out: T[] = [];
  for (const statement of sourceFile.statements) {
    let part = cache.get(statement);
    if (part === undefined) {
      part = compute(statement);
      cache.set(statement, part);
    }
    out.push(part);
  }
  return out;
}

/**
 * Every node of `root`'s subtree (root included) in source order with its depth below `root` (0 for
 * `root`), on an explicit stack: the order and depths `walk` gives the same nodes.
 */
export function forEachDescendant(root: ts.Node, enter: (node: ts.Node, depth: number) => void): void {
  // One stack of nodes and one of depths; a node's children are pushed in source order, then that run is
  // reversed in place so the first child pops first. No array per node: this walk runs over every file.
  const nodes: ts.Node[] = [root];
  const depths: number[] = [0];
  let childDepth = 0;
  const push = (child: ts.Node): undefined => {
    nodes.push(child);
    depths.push(childDepth);
    return undefined;
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    enter(node, depth);
    const first = nodes.length;
    childDepth = depth + 1;
    ts.forEachChild(node, push);
    for (let i = first, j = nodes.length - 1; i < j; i++, j--) {
      const t = nodes[i];
      nodes[i] = nodes[j];
      nodes[j] = t;
    }
  }
}

/**
 * Every node of `root`'s subtree (root included) in the order of a stack that pushes a node's children
 * in source order and pops the last one first (the order of the file indexes in values.ts and
 * facts/valueSource.ts): a node, then its children's subtrees from the last to the first.
 */
export function forEachDescendantMirrored(root: ts.Node, enter: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const push = (child: ts.Node): undefined => {
    stack.push(child);
    return undefined;
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    enter(node);
    ts.forEachChild(node, push);
  }
}
