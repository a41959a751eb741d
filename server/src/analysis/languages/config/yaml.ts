/**
 * YAML (compose files, node-config's YAML) → a document: the `yaml` package's documents (every `---` section), and every
 * scalar as an entry. A compose `environment:` list item `KEY=value` is an entry whose key is `KEY`
 * and whose value is the part after `=`, positioned on it.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { rangeMaker, type ConfigDocumentBase, type ConfigEntry, type ParseProblem } from './document';

export interface YamlDocument extends ConfigDocumentBase {
  readonly documents: readonly Document.Parsed[];
  /** The plain data of the first document (undefined when it is empty or invalid). */
  readonly data: unknown;
  /** The plain value at a path of the first document (as JsonDocument.valueAt), or undefined. */
  valueAt(path: readonly (string | number)[]): unknown;
  /** Where the first document ends: node-config reads that one alone. */
  readonly firstDocumentEnd: number;
}

/** The entries of the first document: what a reader of one document (node-config) sees. */
export function firstDocumentEntries(doc: YamlDocument): readonly ConfigEntry[] {
  return doc.entries.filter((e) => e.contentStart < doc.firstDocumentEnd);
}

export function parseYaml(text: string): YamlDocument {
  const rangeOf = rangeMaker(text);
  const lineCounter = new LineCounter();
  let documents: Document.Parsed[] = [];
  const problems: ParseProblem[] = [];
  try {
    // logLevel error: the library's warnings (a collection used as a key) would go to the process's stderr.
    documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, logLevel: 'error' }) as Document.Parsed[];
  } catch (error) {
    problems.push({ range: rangeOf(0, 0), message: `Could not read this YAML (${String(error).slice(0, 120)}).` });
  }
  if (!Array.isArray(documents)) documents = [];
  for (const doc of documents) {
    for (const e of doc.errors.slice(0, 5))
      problems.push({ range: rangeOf(e.pos[0], e.pos[1]), message: `Invalid YAML: ${e.message.split('\n')[0]}` });
  }
  const entries: ConfigEntry[] = [];
  for (const doc of documents) {
    const stack: { node: unknown; path: (string | number)[]; key?: { name: string; node: YamlNode } }[] = [
      { node: doc.contents, path: [] },
    ];
    while (stack.length) {
      const { node, path, key } = stack.pop()!;
      if (isMap(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) {
          const pair = node.items[i];
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          stack.push({ node: pair.value, path: [...path, name], key: { name, node: pair.key } });
        }
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], path: [...path, i], key });
      } else if (isScalar(node) && node.range) {
        const [start, valueEnd] = node.range;
        const raw = text.slice(start, valueEnd);
        const value = node.value === null ? '' : typeof node.value === 'object' ? raw : `${node.value as string | number | boolean}`;
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        const contentStart = quoted ? start + 1 : start;
        const contentEnd = quoted ? valueEnd - 1 : valueEnd;
        const kind =
          node.value === null ? 'null' : typeof node.value === 'number' ? 'number' : typeof node.value === 'boolean' ? 'boolean' : 'string';
        const entry: ConfigEntry = {
          path,
          key: key?.name,
          value,
          kind,
          keyRange: key?.node.range ? rangeOf(key.node.range[0], key.node.range[1]) : undefined,
          valueRange: rangeOf(start, valueEnd),
          contentStart,
          contentEnd,
          verbatim: text.slice(contentStart, contentEnd) === value,
        };
        // `- KEY=value` in a list (compose environment / build args): the key is KEY, the value after '='.
        const eq =
          typeof path[path.length - 1] === 'number' && kind === 'string' && entry.verbatim
            ? /^([A-Za-z_][A-Za-z0-9_.-]*)=/.exec(value)
            : null;
        if (eq) {
          const at = contentStart + eq[0].length;
          entries.push({
            ...entry,
            key: eq[1],
            value: value.slice(eq[0].length),
            keyRange: rangeOf(contentStart, contentStart + eq[1].length),
            valueRange: rangeOf(at, contentEnd),
            contentStart: at,
          });
        } else entries.push(entry);
      }
    }
  }
  let data: unknown;
  try {
    data = documents[0]?.toJS({ maxAliasCount: 100 }) as unknown;
  } catch {
    data = undefined;
  }
  const valueAt = (at: readonly (string | number)[]) => {
    let value = data;
    for (const key of at) {
      if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
      value = (value as Record<string | number, unknown>)[key];
    }
    return value;
  };
  const firstDocumentEnd = documents.length > 1 ? (documents[1].range?.[0] ?? text.length) : text.length;
  return { text, documents, data, entries, problems, rangeOf, valueAt, firstDocumentEnd };
}
