/**
 * `.env` files → entries: `KEY=value`, `export KEY=value`, quoted values ('…' literal, "…" with
 * escapes, multi-line in double quotes), `# comments` (a `#` starts a comment only after whitespace in
 * an unquoted value, as dotenv reads it).
 */
import { rangeMaker, type ConfigDocumentBase, type ConfigEntry, type ParseProblem } from './document';

export interface DotenvDocument extends ConfigDocumentBase {
  /** Variables in file order (a name set twice appears twice). */
  readonly variables: readonly (ConfigEntry & { key: string; exported: boolean; line: number })[];
}

const LINE = /^[ \t]*(export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;

export function parseDotenv(text: string): DotenvDocument {
  const rangeOf = rangeMaker(text);
  const variables: DotenvDocument['variables'][number][] = [];
  const problems: ParseProblem[] = [];
  let offset = 0;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const lineText = text.slice(offset, end).replace(/\r$/, '');
    const m = LINE.exec(lineText);
    if (m) {
      const valueStart = offset + m[0].length;
      const quote = text[valueStart];
      let contentStart = valueStart;
      let contentEnd: number;
      let valueEnd: number;
      let value: string;
      let verbatim = true;
      if (quote === '"' || quote === "'" || quote === '`') {
        contentStart = valueStart + 1;
        let close = contentStart;
        // Double quotes may span lines and escape their quote.
        while (close < text.length && text[close] !== quote && (quote !== "'" || text[close] !== '\n'))
          close += text[close] === '\\' && quote === '"' ? 2 : 1;
        if (close >= text.length || text[close] !== quote) {
          problems.push({ range: rangeOf(valueStart, Math.min(end, text.length)), message: `Unterminated quoted value of ${m[2]}.` });
          close = end;
        }
        contentEnd = close;
        valueEnd = Math.min(close + 1, text.length);
        const raw = text.slice(contentStart, contentEnd);
        value = quote === '"' ? raw.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : raw;
        verbatim = value === raw;
        // Continue after the closing quote's line.
        const after = text.indexOf('\n', valueEnd);
        end = after < 0 ? text.length : after;
      } else {
        const rest = text.slice(valueStart, offset + lineText.length);
        const comment = /(^|[ \t])#/.exec(rest);
        const raw = (comment ? rest.slice(0, comment.index) : rest).replace(/[ \t]+$/, '');
        contentEnd = valueStart + raw.length;
        valueEnd = contentEnd;
        value = raw;
      }
      const lineOf = rangeOf(offset, offset).start.line;
      variables.push({
        path: [m[2]],
        key: m[2],
        value,
        kind: 'string',
        keyRange: rangeOf(offset + m[0].indexOf(m[2], m[1]?.length ?? 0), offset + m[0].indexOf(m[2], m[1]?.length ?? 0) + m[2].length),
        valueRange: rangeOf(valueStart, valueEnd),
        contentStart,
        contentEnd,
        verbatim,
        exported: !!m[1],
        line: lineOf,
      });
    }
    offset = end + 1;
  }
  return { text, entries: variables, variables, problems, rangeOf };
}
