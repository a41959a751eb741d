/** Procfile → process types: `web: node dist/server.js`, one per line, `#` comments. */
import { rangeMaker, type ConfigDocumentBase, type ConfigEntry } from './document';

export interface ProcfileProcess {
  type: string;
  command: string;
  /** Offsets of the command text in the file (for rules that read it with the shell lexer). */
  commandStart: number;
  commandEnd: number;
  line: number;
  typeRange: ConfigEntry['valueRange'];
  commandRange: ConfigEntry['valueRange'];
}

/** Process types that run once per release (`release:`, and the names other hosts and teams give it), not kept up. */
export function isOneOffProcessType(type: string): boolean {
  return /^(?:release|predeploy|postdeploy|migrate|migrations?)$/i.test(type);
}

export interface ProcfileDocument extends ConfigDocumentBase {
  readonly processes: readonly ProcfileProcess[];
}

export function parseProcfile(text: string): ProcfileDocument {
  const rangeOf = rangeMaker(text);
  const processes: ProcfileProcess[] = [];
  const entries: ConfigEntry[] = [];
  let offset = 0;
  let line = 0;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const lineText = text.slice(offset, end).replace(/\r$/, '');
    const m = /^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(\S.*?)[ \t]*$/.exec(lineText);
    if (m && !lineText.trimStart().startsWith('#')) {
      const commandStart = offset + lineText.indexOf(m[2], m[1].length + 1);
      const commandEnd = commandStart + m[2].length;
      const process: ProcfileProcess = {
        type: m[1],
        command: m[2],
        commandStart,
        commandEnd,
        line,
        typeRange: rangeOf(offset, offset + m[1].length),
        commandRange: rangeOf(commandStart, commandEnd),
      };
      processes.push(process);
      entries.push({
        path: [m[1]],
        key: m[1],
        value: m[2],
        kind: 'string',
        keyRange: process.typeRange,
        valueRange: process.commandRange,
        contentStart: commandStart,
        contentEnd: commandEnd,
        verbatim: true,
      });
    }
    line++;
    offset = end + 1;
  }
  return { text, processes, entries, problems: [], rangeOf };
}
