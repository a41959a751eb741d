/** `.npmrc` (ini: `key=value`, `;`/`#` comments) → entries; `//registry.npmjs.org/:_authToken=…` keys kept whole. */
import { rangeMaker, unquote, type ConfigDocumentBase, type ConfigEntry } from './document';

export type NpmrcDocument = ConfigDocumentBase;

export function parseNpmrc(text: string): NpmrcDocument {
  const rangeOf = rangeMaker(text);
  const entries: ConfigEntry[] = [];
  let offset = 0;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const lineText = text.slice(offset, end).replace(/\r$/, '');
    const m = /^[ \t]*([^=;#\s][^=]*?)[ \t]*=[ \t]*(.*?)[ \t]*$/.exec(lineText);
    if (m) {
      const keyStart = offset + lineText.indexOf(m[1]);
      const valueStart = m[2] ? offset + lineText.indexOf(m[2], lineText.indexOf('=') + 1) : offset + lineText.length;
      const { inner, quoted } = unquote(m[2]);
      const contentStart = quoted ? valueStart + 1 : valueStart;
      entries.push({
        path: [m[1]],
        key: m[1],
        value: inner,
        kind: 'string',
        keyRange: rangeOf(keyStart, keyStart + m[1].length),
        valueRange: rangeOf(valueStart, valueStart + m[2].length),
        contentStart,
        contentEnd: contentStart + inner.length,
        verbatim: true,
      });
    }
    offset = end + 1;
  }
  return { text, entries, problems: [], rangeOf };
}
