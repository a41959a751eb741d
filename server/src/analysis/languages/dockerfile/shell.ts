/**
 * A small POSIX-shell lexer for what Dockerfiles hand to `/bin/sh -c`: shell-form `CMD`/`ENTRYPOINT`/`RUN`,
 * `sh -c "…"` strings and entrypoint scripts. It does not run or expand anything; it says which words a
 * command has (quotes removed), where they are, and which shell features it uses (lists, pipes,
 * redirects, expansions, globs), so the checks can tell an exact exec-form rewrite from one that needs a
 * shell. Linear in the text. Offsets are into the text given.
 */

export interface ShellWord {
  /** The word with quotes and escapes removed (expansions left as written). */
  value: string;
  /** The word as written. */
  raw: string;
  start: number;
  end: number;
  /** `$VAR`, `${…}`, `$(…)`, backticks, outside single quotes. */
  expansion: boolean;
  /** Unquoted `*`, `?`, `[`. */
  glob: boolean;
  /** Unquoted `~` at the start, or unquoted `{`/`}` (brace groups, brace expansion in bash). */
  special: boolean;
  /** Some part was quoted (`"a b"`, `'x'`). */
  quoted: boolean;
}

export interface ShellRedirect {
  /** `>`, `>>`, `>|`, `<`, `<<`, `<<-`, `<<<`, `<>`, `>&`, `<&`, `&>`, `&>>`. */
  op: string;
  /** File descriptor written before the operator (`2>`), or undefined. */
  fd?: number;
  target?: ShellWord;
  start: number;
  end: number;
}

/** One simple command, with the operator that ends it (`&&`, `||`, `;`, `|`, `&`, newline, `(`, `)`), if any. */
export interface ShellCommand {
  words: ShellWord[];
  redirects: ShellRedirect[];
  start: number;
  end: number;
  /** Operator after the command. */
  next?: string;
  /** Operator before the command. */
  previous?: string;
}

export interface ShellParse {
  commands: ShellCommand[];
  /** `#` comments (outside quotes). */
  comments: { start: number; end: number }[];
  /** Unterminated quote or other lexing trouble: treat the text as opaque. */
  broken: boolean;
}

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '(', ')'];
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'in',
  'function',
  '!',
  '{',
  '}',
  'select',
  '[[',
  ']]',
]);

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}

function isMeta(c: string): boolean {
  return c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>' || c === '\n' || c === '\r';
}

/** Lexes `text` into simple commands. Heredoc bodies (`<<EOF` … `EOF`) in scripts are skipped. */
export function parseShell(text: string): ShellParse {
  matchBudget = 4 * text.length + 1000;
  const result: ShellParse = { commands: [], comments: [], broken: false };
  let current: ShellCommand | undefined;
  let previousOp: string | undefined;
  const pendingHeredocs: { word: string; strip: boolean }[] = [];
  const ensure = (at: number) => {
    if (!current) current = { words: [], redirects: [], start: at, end: at, previous: previousOp };
    return current;
  };
  const finish = (op: string | undefined) => {
    if (current) {
      current.next = op;
      result.commands.push(current);
      current = undefined;
    }
    previousOp = op;
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3; // line continuation inside a script
      continue;
    }
    if (c === '\n' || c === '\r') {
      finish('\n');
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      // Heredoc bodies follow the line that opened them.
      while (pendingHeredocs.length > 0 && i < n) {
        const { word, strip } = pendingHeredocs[0];
        let lineEnd = text.indexOf('\n', i);
        if (lineEnd < 0) lineEnd = n;
        let line = text.slice(i, lineEnd).replace(/\r$/, '');
        if (strip) line = line.replace(/^\t+/, '');
        i = lineEnd < n ? lineEnd + 1 : n;
        if (line === word) pendingHeredocs.shift();
      }
      continue;
    }
    if (c === '#' && (!current || i === 0 || isBlank(text[i - 1]) || isMeta(text[i - 1]))) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      if (text[end - 1] === '\r') end--;
      result.comments.push({ start: i, end });
      i = end;
      continue;
    }
    // Redirections: [n]op word
    const redirect = /^(\d*)(&>>|&>|>>|>&|>\||<<<|<<-|<<|<>|<&|>|<)/.exec(text.slice(i, i + 8));
    if (redirect && (redirect[1] === '' || !current || isBlank(text[i - 1]) || isMeta(text[i - 1]) || i === 0)) {
      const cmd = ensure(i);
      const start = i;
      i += redirect[0].length;
      while (i < n && isBlank(text[i])) i++;
      let target: ShellWord | undefined;
      if (i < n && !isMeta(text[i])) {
        const lexed = lexWord(text, i);
        if (!lexed) {
          result.broken = true;
          break;
        }
        target = lexed;
        i = lexed.end;
      }
      const op = redirect[2];
      if ((op === '<<' || op === '<<-') && target) pendingHeredocs.push({ word: target.value, strip: op === '<<-' });
      cmd.redirects.push({ op, fd: redirect[1] ? Number(redirect[1]) : undefined, target, start, end: target ? target.end : i });
      cmd.end = target ? target.end : i;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      finish(op);
      i += op.length;
      continue;
    }
    const word = lexWord(text, i);
    if (!word) {
      result.broken = true;
      break;
    }
    const cmd = ensure(i);
    cmd.words.push(word);
    cmd.end = word.end;
    i = word.end;
  }
  finish(undefined);
  // The last command has no operator after it.
  const last = result.commands[result.commands.length - 1];
  if (last && last.next === undefined) delete last.next;
  return result;
}

/** One word starting at `start`, up to unquoted blank or metacharacter; undefined on an unterminated quote. */
function lexWord(text: string, start: number): ShellWord | undefined {
  let i = start;
  let value = '';
  let expansion = false;
  let glob = false;
  let special = false;
  let quoted = false;
  const n = text.length;
  const dollar = (at: number) => {
    const next = text[at + 1];
    return next !== undefined && /[A-Za-z_{(0-9@*#?$!-]/.test(next);
  };
  while (i < n) {
    const c = text[i];
    // `arguments=("$@")`, `list+=(a b)`: a bash array assigned, one word (not a subshell after `arguments=`).
    if (c === '(' && !quoted && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(value) && i === start + value.length) {
      const close = matching(text, i, '(', ')');
      if (close > 0) {
        value += text.slice(i, close + 1);
        expansion = true;
        i = close + 1;
        continue;
      }
    }
    if (isBlank(c) || isMeta(c)) break;
    if (c === '\\') {
      if (i + 1 < n) value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return undefined;
      value += text.slice(i + 1, close);
      quoted = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(text[i + 1])) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (d === '`' || (d === '$' && dollar(i))) expansion = true;
        value += d;
        i++;
      }
      if (!closed) return undefined;
      continue;
    }
    if (c === '`' || (c === '$' && dollar(i))) {
      expansion = true;
      // Keep `$(…)`/`${…}` and backticks together as one word, whatever they contain.
      const close =
        c === '`'
          ? text.indexOf('`', i + 1)
          : text[i + 1] === '('
            ? matching(text, i + 1, '(', ')')
            : text[i + 1] === '{'
              ? matching(text, i + 1, '{', '}')
              : -1;
      if (close > 0) {
        value += text.slice(i, close + 1);
        i = close + 1;
        continue;
      }
    }
    if (c === '*' || c === '?' || c === '[') glob = true;
    if ((c === '~' && i === start) || c === '{' || c === '}') special = true;
    value += c;
    i++;
  }
  if (i === start) return undefined;
  return { value, raw: text.slice(start, i), start, end: i, expansion, glob, special, quoted };
}

/** Work left for `$(…)`/`${…}` lookups in this parse: keeps the lexer linear on `$($($(…` inputs. */
let matchBudget = 0;

function matching(text: string, open: number, o: string, c: string): number {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 10000 && matchBudget-- > 0; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}

/** `NAME=value` as a command prefix (an assignment, not an argument). */
export function isAssignment(word: ShellWord): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.raw);
}

export function isReservedWord(word: ShellWord): boolean {
  return !word.quoted && RESERVED.has(word.raw);
}

/**
 * Why `text` cannot run without a shell, in words for a message (`a command list (&&)`, `a redirect (>>)`,
 * `a variable ($PORT)`), or undefined when it is one plain command whose words are exact.
 */
export function needsShell(parse: ShellParse, text: string): string | undefined {
  if (parse.broken) return 'an unterminated quote';
  if (parse.comments.length) return 'a comment (#)';
  const ops = parse.commands.map((c) => c.next).filter((o): o is string => !!o && o !== '\n');
  if (ops.length) {
    const op = ops[0];
    return op === '|' || op === '|&'
      ? 'a pipe (|)'
      : op === '&'
        ? 'a background job (&)'
        : op === '(' || op === ')'
          ? 'a subshell'
          : `a command list (${op})`;
  }
  const commands = parse.commands.filter((c) => c.words.length || c.redirects.length);
  if (commands.length !== 1) return commands.length === 0 ? 'no command' : 'several commands';
  const [command] = commands;
  if (command.redirects.length) return `a redirect (${text.slice(command.redirects[0].start, command.redirects[0].end).split(/\s/)[0]})`;
  const words = command.words;
  if (words.length === 0) return 'no command';
  if (isAssignment(words[0])) return `a variable assignment (${words[0].raw.split('=')[0]}=)`;
  if (isReservedWord(words[0])) return `shell syntax (${words[0].raw})`;
  for (const w of words) {
    if (w.expansion) return `a variable or substitution (${(/\$\{?[A-Za-z_0-9@*#?$!-]*\}?|\$\(|`/.exec(w.raw) ?? [w.raw])[0]})`;
    if (w.glob) return `a glob (${w.raw})`;
    if (w.special) return `shell syntax (${w.raw})`;
  }
  return undefined;
}

/** The words of `text` when it is exactly one plain command (see needsShell), else undefined. */
export function plainCommand(text: string): string[] | undefined {
  const parse = parseShell(text);
  if (needsShell(parse, text)) return undefined;
  return parse.commands.find((c) => c.words.length)!.words.map((w) => w.value);
}

/** Exec-form JSON for argv: `["node", "dist/server.js"]`, each word JSON-quoted. */
export function execFormText(argv: readonly string[]): string {
  return `[${argv.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/**
 * The script of a command line that only hands it to a shell (`sh -c '… && node server.js'`), with where it starts in the
 * line; the line itself (shift 0) otherwise.
 */
export function shellScriptOfLine(line: string): { text: string; shift: number } {
  const wrapped = /^(?:\/bin\/)?(?:ba|da)?sh\s+-c\s+(['"])(.*)\1\s*$/s.exec(line);
  return wrapped ? { text: wrapped[2], shift: line.indexOf(wrapped[2], wrapped[0].indexOf(wrapped[1])) } : { text: line, shift: 0 };
}
