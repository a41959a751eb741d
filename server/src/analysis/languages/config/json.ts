/** JSON (comments and trailing commas tolerated) → a document: jsonc-parser's tree, and every scalar as an entry. */
import * as jsonc from 'jsonc-parser';
import { rangeMaker, type ConfigDocumentBase, type ConfigEntry, type ParseProblem } from './document';

export interface JsonDocument extends ConfigDocumentBase {
  /** The parse tree (undefined for an empty or hopeless text). */
  readonly root: jsonc.Node | undefined;
  /** The value at a path of keys, as plain data, or undefined. */
  valueAt(path: (string | number)[]): unknown;
  /** The tree node at a path of keys (for positions), or undefined. */
  nodeAt(path: (string | number)[]): jsonc.Node | undefined;
}

export function parseJson(text: string): JsonDocument {
  const rangeOf = rangeMaker(text);
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems: ParseProblem[] = errors
    .slice(0, 5)
    .map((e) => ({ range: rangeOf(e.offset, e.offset + e.length), message: `Invalid JSON: ${jsonc.printParseErrorCode(e.error)}.` }));
  const entries: ConfigEntry[] = [];
  // Iterative: a deeply nested file must not overflow the stack.
  const stack: { node: jsonc.Node; path: (string | number)[]; key?: { name: string; node: jsonc.Node } }[] = root
    ? [{ node: root, path: [] }]
    : [];
  while (stack.length) {
    const { node, path, key } = stack.pop()!;
    if (node.type === 'object') {
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        const [k, v] = children[i].children ?? [];
        if (!k || !v || typeof k.value !== 'string') continue;
        stack.push({ node: v, path: [...path, k.value], key: { name: k.value, node: k } });
      }
    } else if (node.type === 'array') {
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], path: [...path, i], key });
    } else {
      const raw = text.slice(node.offset, node.offset + node.length);
      const isString = node.type === 'string';
      const value = isString ? String(node.value) : raw;
      const contentStart = isString ? node.offset + 1 : node.offset;
      const contentEnd = isString ? node.offset + node.length - 1 : node.offset + node.length;
      entries.push({
        path,
        key: key?.name,
        value,
        kind: node.type === 'number' ? 'number' : node.type === 'boolean' ? 'boolean' : node.type === 'null' ? 'null' : 'string',
        keyRange: key ? rangeOf(key.node.offset, key.node.offset + key.node.length) : undefined,
        valueRange: rangeOf(node.offset, node.offset + node.length),
        contentStart,
        contentEnd,
        verbatim: !isString || text.slice(contentStart, contentEnd) === value,
      });
    }
  }
  return {
    text,
    root,
    entries,
    problems,
    rangeOf,
    nodeAt: (path) => (root ? jsonc.findNodeAtLocation(root, path) : undefined),
    valueAt: (path) => {
      const node = root ? jsonc.findNodeAtLocation(root, path) : undefined;
      return node ? (jsonc.getNodeValue(node) as unknown) : undefined;
    },
  };
}
