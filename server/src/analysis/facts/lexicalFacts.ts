/**
 * Program facts of a file no rule needs to parse: what it imports and which names it calls, read by
 * the TypeScript scanner alone (no syntax tree). Most files of a workspace are like that — they only
 * join the import graph — and a scan is much cheaper than a parse.
 *
 * - imports: from the token stream, as the parser-based facts read them — `import … from 'x'`,
 *   `export … from 'x'`, `import 'x'`, `require('x')` / `require(\`x\`)` (not `obj.require`),
 *   `import('x')` as a call (not `typeof import('x')` or `: import('x')` types), `import x = require('x')`.
 *   test/unit/lexicalFacts.test.ts checks that both agree on every file of the fixtures and of a
 *   corpus of real packages.
 * - calls: every identifier followed by `(` that does not follow `function`, identifiers passed as
 *   arguments, and names alone as array elements or object property values (`loaders: [expressLoader]`,
 *   `{ plugin: Yar }`: the framework model counts a function passed as a value as called): a superset
 *   of what the parser-based facts record (a method declared `start() {` counts).
 *   Calls only say whether a function holding a server start is called somewhere.
 */
import * as ts from 'typescript';
import { MODEL_MODULES } from '../framework/modules';
import { EMPTY_FACTS, type FileFacts } from './types';
import { escapeRegExp } from '../text';
import { isPathJoiner, loadSpecifier, type LoadPathPart } from './loadPaths';

/**
 * True when a file may have facts beyond imports and calls (servers, signal handling, environment
 * reads, stdout logging, a shutdown library): those need the parse. A superset of what the facts
 * collector (fileFacts.ts) looks for.
 */
export function richFactsPrefilter(text: string): boolean {
  return RICH.test(text) || hasMinifiedLine(text);
}

/**
 * Minified and generated code (a line of thousands of characters) goes to the parser: a token stream
 * cannot tell a regular expression from a division everywhere, and such lines are where it goes wrong.
 */
export function hasMinifiedLine(text: string): boolean {
  if (text.length < MINIFIED_LINE) return false;
  let start = 0;
  for (let nl = text.indexOf('\n'); ; nl = text.indexOf('\n', start)) {
    const end = nl < 0 ? text.length : nl;
    if (end - start >= MINIFIED_LINE) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}
const MINIFIED_LINE = 1000;
/**
 * The words of a start, a signal, an environment read or a log; a route registration; a module of the framework model named
 * as a specifier (`'@hapi/glue'`, `"ws"`, `'express-session'`: apps, servers that listen on their own,
 * session middleware); a `#!` line (an extension-less executable).
 */
const RICH = new RegExp(
  [
    /\b(?:listen|serve|start|startStandaloneServer|startAllMicroservices|enableShutdownHooks|console|env)\b/.source,
    /\bSIG[A-Z]|\bprocess\s*\.\s*(?:on|once|addListener|prepend(?:Once)?Listener)\b|winston|pino|terminus|http-terminator|lightship|close-with-grace|graceful|exit-hook|death|signal-exit|^#!/
      .source,
    `['"\`](?:${MODEL_MODULES.map(escapeRegExp).join('|')})['"\`/]`,
    // A route registered with a literal path (`router.get('/users', …)`, `app.use('/api', …)`) or a Nest controller: the
    // program's routes must all be known to tell a server that answers only probes (knowledge/processes.ts).
    /\.(?:get|post|put|patch|delete|del|all|head|options|route|use)\s*\(\s*['"`]\/|@(?:Controller|Get|Post|Put|Patch|Delete|All)\b/.source,
  ].join('|'),
);

export function lexicalFacts(file: string, text: string): FileFacts {
  const { imports, calls } = scan(file, text);
  if (imports.length === 0 && calls.length === 0) return EMPTY_FACTS;
  return { imports, servers: [], signals: [], calls, env: [], stdoutLogs: [], scanned: true };
}

const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true);

const isNameToken = (token: ts.SyntaxKind) =>
  token === ts.SyntaxKind.Identifier || (token > ts.SyntaxKind.LastReservedWord && token <= ts.SyntaxKind.LastKeyword);

/**
 * A name chain from the current token (`file`, `entry.name`): the parser's run-time part (fileFacts.ts isNameChain).
 * Leaves the scanner on the token after it; false when the current token starts none.
 */
function scanNameChain(): boolean {
  if (!isNameToken(scanner.getToken())) return false;
  for (;;) {
    if (scanner.scan() !== ts.SyntaxKind.DotToken) return true;
    const name = scanner.scan();
    if (name !== ts.SyntaxKind.Identifier && !(name >= ts.SyntaxKind.FirstKeyword && name <= ts.SyntaxKind.LastKeyword)) return false;
  }
}

/** One operand from the current token (fileFacts.ts loadPathPart); the scanner then stands on the token after it. */
function scanLoadPathPart(): LoadPathPart | undefined {
  const token = scanner.getToken();
  if (token === ts.SyntaxKind.StringLiteral || token === ts.SyntaxKind.NoSubstitutionTemplateLiteral) {
    const literal = scanner.getTokenValue();
    scanner.scan();
    return { literal };
  }
  if (token === ts.SyntaxKind.Identifier && scanner.getTokenValue() === '__dirname') {
    // `__dirname.x` is a name chain, as the parser reads it.
    if (scanner.scan() !== ts.SyntaxKind.DotToken) return { dirname: true };
    return scanNameChainAfterDot() ? { dynamic: true } : undefined;
  }
  return scanNameChain() ? { dynamic: true } : undefined;
}

function scanNameChainAfterDot(): boolean {
  for (;;) {
    const name = scanner.scan();
    if (name !== ts.SyntaxKind.Identifier && !(name >= ts.SyntaxKind.FirstKeyword && name <= ts.SyntaxKind.LastKeyword)) return false;
    if (scanner.scan() !== ts.SyntaxKind.DotToken) return true;
  }
}

/**
 * The path built by the argument starting after `(` (fileFacts.ts builtLoadPath): `path.join(__dirname, …)`, `__dirname + '/x'`,
 * a template. Leaves the scanner on the token after the argument.
 */
function builtLoadPath(): string | undefined {
  let token = scanner.scan();
  if (token === ts.SyntaxKind.TemplateHead) {
    const parts: LoadPathPart[] = [];
    const head = scanner.getTokenValue();
    if (head) parts.push({ literal: head });
    for (;;) {
      scanner.scan();
      const part = scanLoadPathPart();
      if (!part || 'literal' in part) return undefined;
      parts.push(part);
      if (scanner.getToken() !== ts.SyntaxKind.CloseBraceToken) return undefined;
      token = scanner.reScanTemplateToken(false);
      const literal = scanner.getTokenValue();
      if (literal) parts.push({ literal });
      if (token === ts.SyntaxKind.TemplateTail) break;
      if (token !== ts.SyntaxKind.TemplateMiddle) return undefined;
    }
    scanner.scan();
    return loadSpecifier(parts, false);
  }
  // `path.join(` / `join(`: the joined arguments.
  if (isNameToken(token)) {
    const first = scanner.getTokenValue();
    const joiner = scanner.lookAhead(() => {
      const next = scanner.scan();
      if (next === ts.SyntaxKind.OpenParenToken) return isPathJoiner(undefined, first) ? first : undefined;
      if (next !== ts.SyntaxKind.DotToken || scanner.scan() !== ts.SyntaxKind.Identifier) return undefined;
      const name = scanner.getTokenValue();
      return isPathJoiner(first, name) && scanner.scan() === ts.SyntaxKind.OpenParenToken ? name : undefined;
    });
    if (joiner) {
      while (scanner.getToken() !== ts.SyntaxKind.OpenParenToken) scanner.scan();
      const parts: LoadPathPart[] = [];
      scanner.scan();
      if (scanner.getToken() !== ts.SyntaxKind.CloseParenToken) {
        for (;;) {
          const part = scanLoadPathPart();
          if (!part) return undefined;
          parts.push(part);
          if (scanner.getToken() === ts.SyntaxKind.CloseParenToken) break;
          if (scanner.getToken() !== ts.SyntaxKind.CommaToken) return undefined;
          // `path.join(__dirname, 'jobs', file,)`: a trailing comma, as the parser allows.
          if (scanner.scan() === ts.SyntaxKind.CloseParenToken) break;
        }
      }
      scanner.scan();
      return loadSpecifier(parts, true, joiner === 'resolve');
    }
  }
  // Operands joined by `+`.
  const parts: LoadPathPart[] = [];
  for (;;) {
    const part = scanLoadPathPart();
    if (!part) return undefined;
    parts.push(part);
    if (scanner.getToken() !== ts.SyntaxKind.PlusToken) break;
    scanner.scan();
  }
  return parts.length > 1 ? loadSpecifier(parts, false) : undefined;
}

function scan(file: string, text: string): { imports: string[]; calls: string[] } {
  const calls = new Set<string>();
  const imports = new Set<string>();
  /** The specifier when the next tokens are `( 'x'` (or a template without substitutions). */
  const calledWithLiteral = () =>
    scanner.lookAhead(() => {
      if (scanner.scan() !== ts.SyntaxKind.OpenParenToken) return undefined;
      const next = scanner.scan();
      if (next !== ts.SyntaxKind.StringLiteral && next !== ts.SyntaxKind.NoSubstitutionTemplateLiteral) return undefined;
      const value = scanner.getTokenValue();
      // `require('u' + 'rl')` loads no module named 'u'.
      const after = scanner.scan();
      return after === ts.SyntaxKind.CloseParenToken || after === ts.SyntaxKind.CommaToken ? value : undefined;
    });
  /** The specifier when the next tokens are `(` and a path built from `__dirname` or `./…` (loadPaths.ts), read as the parser reads it. */
  const calledWithBuiltPath = () =>
    scanner.lookAhead(() => {
      if (scanner.scan() !== ts.SyntaxKind.OpenParenToken) return undefined;
      const built = builtLoadPath();
      return built !== undefined &&
        (scanner.getToken() === ts.SyntaxKind.CloseParenToken || scanner.getToken() === ts.SyntaxKind.CommaToken)
        ? built
        : undefined;
    });
  const followedByLiteral = () =>
    scanner.lookAhead(() => (scanner.scan() === ts.SyntaxKind.StringLiteral ? scanner.getTokenValue() : undefined));
  scanner.setLanguageVariant(/\.[jt]sx$|\.js$/i.test(file) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard);
  scanner.setText(text);
  // Template literals: `}` closes a `${` substitution when the innermost open brace is one.
  const braces: boolean[] = [];
  let previous: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  let previousIdentifier: string | undefined;
  let beforeIdentifier: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  /** Inside `new a.b.C`: the last name of the chain is constructed. */
  let newChainOpen = false;
  /** What each open `(`, `[`, `{` or `${` is: an array literal, an object literal, anything else. */
  const open: Container[] = [];
  /** After `import`/`export`, until its `{ a, b }` list or its end: that list is no object literal. */
  let moduleClause = false;
  /** Inside `import { a as b }`'s braces: a renamed import's own name counts as called (the parser's facts name it). */
  let importClause = false;
  let importList = false;
  let previousIsName = false;
  try {
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      // A name alone as an element or property value (`[expressLoader]`, `{ plugin: Yar }`, `{ userId }`): the parser counts it as passed.
      if (
        previousIdentifier &&
        previousIsName &&
        (token === ts.SyntaxKind.CommaToken || token === ts.SyntaxKind.CloseBracketToken || token === ts.SyntaxKind.CloseBraceToken)
      ) {
        const inside = open[open.length - 1];
        if (
          (inside === Container.Array &&
            (beforeIdentifier === ts.SyntaxKind.OpenBracketToken || beforeIdentifier === ts.SyntaxKind.CommaToken)) ||
          (inside === Container.Object &&
            (beforeIdentifier === ts.SyntaxKind.OpenBraceToken ||
              beforeIdentifier === ts.SyntaxKind.CommaToken ||
              beforeIdentifier === ts.SyntaxKind.ColonToken))
        )
          calls.add(previousIdentifier);
      }
      if (token === ts.SyntaxKind.OpenParenToken) open.push(Container.Other);
      else if (token === ts.SyntaxKind.OpenBracketToken)
        open.push(
          // `a[i]` indexes; on a new line (`let argv\n[args, argv] = …`) it may start an array.
          ENDS_EXPRESSION.has(previous) && !scanner.hasPrecedingLineBreak() ? Container.Other : Container.Array,
        );
      else if (token === ts.SyntaxKind.OpenBraceToken)
        open.push(!moduleClause && OBJECT_AFTER.has(previous) ? Container.Object : Container.Other);
      else if (
        token === ts.SyntaxKind.CloseParenToken ||
        token === ts.SyntaxKind.CloseBracketToken ||
        token === ts.SyntaxKind.CloseBraceToken
      )
        open.pop();
      else if (token === ts.SyntaxKind.TemplateHead) open.push(Container.Other);
      if (token === ts.SyntaxKind.OpenBraceToken && moduleClause && importClause) importList = true;
      else if (token === ts.SyntaxKind.CloseBraceToken) importList = false;
      else if (token === ts.SyntaxKind.AsKeyword && importList && previousIdentifier) calls.add(previousIdentifier);
      if (token === ts.SyntaxKind.ImportKeyword || token === ts.SyntaxKind.ExportKeyword) {
        moduleClause = previous !== ts.SyntaxKind.DotToken;
        importClause = moduleClause && token === ts.SyntaxKind.ImportKeyword;
      } else if (
        token === ts.SyntaxKind.OpenBraceToken ||
        token === ts.SyntaxKind.FromKeyword ||
        token === ts.SyntaxKind.SemicolonToken ||
        token === ts.SyntaxKind.EqualsToken ||
        token === ts.SyntaxKind.OpenParenToken
      )
        moduleClause = false;
      if (token === ts.SyntaxKind.TemplateHead) braces.push(true);
      else if (token === ts.SyntaxKind.OpenBraceToken) braces.push(false);
      else if (token === ts.SyntaxKind.CloseBraceToken) {
        if (braces.pop()) {
          token = scanner.reScanTemplateToken(false);
          if (token === ts.SyntaxKind.TemplateMiddle) {
            braces.push(true);
            open.push(Container.Other);
          }
        }
      } else if (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) {
        // A regular expression where an expression may start (after an operator or a bracket).
        if (!ENDS_EXPRESSION.has(previous)) token = scanner.reScanSlashToken();
      }
      if (token === ts.SyntaxKind.OpenParenToken && previousIdentifier && beforeIdentifier !== ts.SyntaxKind.FunctionKeyword)
        calls.add(previousIdentifier);
      // `new Map<string, User>()`, `f<T>(x)`: type arguments between the name and its call.
      if (
        token === ts.SyntaxKind.LessThanToken &&
        previousIdentifier &&
        beforeIdentifier !== ts.SyntaxKind.FunctionKeyword &&
        typeArgumentsThenCall()
      )
        calls.add(previousIdentifier);
      // An identifier alone as an argument: `app.use(start)`, `setImmediate(main, x)`, `f(body as T)`, `f(x!)`.
      if (
        (token === ts.SyntaxKind.CommaToken ||
          token === ts.SyntaxKind.CloseParenToken ||
          token === ts.SyntaxKind.AsKeyword ||
          token === ts.SyntaxKind.SatisfiesKeyword ||
          token === ts.SyntaxKind.ExclamationToken) &&
        previousIdentifier
      ) {
        if (beforeIdentifier === ts.SyntaxKind.OpenParenToken || beforeIdentifier === ts.SyntaxKind.CommaToken)
          calls.add(previousIdentifier);
      }
      // `new (require('stream').Transform)()`, `(0, lib.start)()`: the name closing a parenthesised callee.
      if (
        token === ts.SyntaxKind.CloseParenToken &&
        previousIdentifier &&
        scanner.lookAhead(() => scanner.scan() === ts.SyntaxKind.OpenParenToken)
      )
        calls.add(previousIdentifier);
      // Module loading.
      if (token === ts.SyntaxKind.ImportKeyword && previous !== ts.SyntaxKind.DotToken) {
        const side = followedByLiteral();
        if (side !== undefined) imports.add(side);
        else if (previous !== ts.SyntaxKind.TypeOfKeyword && previous !== ts.SyntaxKind.ColonToken) {
          const dynamic = calledWithLiteral() ?? calledWithBuiltPath();
          if (dynamic !== undefined) imports.add(dynamic);
        }
      } else if (token === ts.SyntaxKind.FromKeyword) {
        const from = followedByLiteral();
        if (from !== undefined) imports.add(from);
      } else if (token === ts.SyntaxKind.RequireKeyword && previous !== ts.SyntaxKind.DotToken) {
        const required = calledWithLiteral() ?? calledWithBuiltPath();
        if (required !== undefined) imports.add(required);
      }
      // `f?.(x)`: an optional call.
      if (token === ts.SyntaxKind.QuestionDotToken && previousIdentifier) {
        const name = previousIdentifier;
        if (scanner.lookAhead(() => scanner.scan() === ts.SyntaxKind.OpenParenToken)) calls.add(name);
      }
      // Names, keywords included: `.get(`, `.catch(`, `.delete(` are calls of members named like keywords; `this.#start()`.
      if (
        token === ts.SyntaxKind.Identifier ||
        token === ts.SyntaxKind.PrivateIdentifier ||
        (token >= ts.SyntaxKind.FirstKeyword && token <= ts.SyntaxKind.LastKeyword)
      ) {
        beforeIdentifier = previous;
        previousIdentifier = scanner.getTokenText();
        // Contextual keywords (`undefined`, `type`, `from`) are names in an expression; reserved words (`true`, `this`) are not.
        previousIsName =
          token === ts.SyntaxKind.Identifier || (token > ts.SyntaxKind.LastReservedWord && token <= ts.SyntaxKind.LastKeyword);
        // `new Set;`: a construction without arguments is a call too (`new a.B` names B, below, when it ends).
        if (previous === ts.SyntaxKind.NewKeyword && !scanner.lookAhead(() => scanner.scan() === ts.SyntaxKind.DotToken))
          calls.add(previousIdentifier);
        else if (
          beforeIdentifier === ts.SyntaxKind.DotToken &&
          newChainOpen &&
          !scanner.lookAhead(() => scanner.scan() === ts.SyntaxKind.DotToken)
        )
          calls.add(previousIdentifier);
        if (previous === ts.SyntaxKind.NewKeyword) newChainOpen = true;
        else if (beforeIdentifier !== ts.SyntaxKind.DotToken) newChainOpen = false;
      } else {
        previousIdentifier = undefined;
        if (token !== ts.SyntaxKind.DotToken) newChainOpen = false;
      }
      previous = token;
    }
  } finally {
    scanner.setText(undefined);
  }
  // Copies: a token's text is a slice that would keep the whole file's text alive in the program model.
  return { imports: [...imports].map(copy), calls: [...calls].sort().map(copy) };
}

function copy(s: string): string {
  return s.length > 0 ? (' ' + s).slice(1) : s;
}

/** After a `<`: balanced type arguments (at most 64 tokens, no statement punctuation) followed by `(`. */
function typeArgumentsThenCall(): boolean {
  return scanner.lookAhead(() => {
    let depth = 1;
    let braces = 0;
    for (let i = 0; i < 64; i++) {
      const token = scanner.scan();
      if (token === ts.SyntaxKind.LessThanToken) depth++;
      else if (token === ts.SyntaxKind.GreaterThanToken) depth--;
      else if (token === ts.SyntaxKind.GreaterThanGreaterThanToken) depth -= 2;
      else if (token === ts.SyntaxKind.OpenBraceToken) braces++;
      else if (token === ts.SyntaxKind.CloseBraceToken) {
        if (--braces < 0) return false;
      } else if (
        token === ts.SyntaxKind.EndOfFileToken ||
        (braces === 0 && (token === ts.SyntaxKind.SemicolonToken || token === ts.SyntaxKind.EqualsToken))
      )
        return false;
      if (depth <= 0) return depth === 0 && scanner.scan() === ts.SyntaxKind.OpenParenToken;
    }
    return false;
  });
}

const enum Container {
  Array,
  Object,
  Other,
}

/** Tokens after which a `{` opens an object literal (not a block, a class or function body, or an import list). */
const OBJECT_AFTER = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.OpenParenToken,
  ts.SyntaxKind.OpenBracketToken,
  ts.SyntaxKind.CommaToken,
  ts.SyntaxKind.ColonToken,
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.ReturnKeyword,
  ts.SyntaxKind.YieldKeyword,
  ts.SyntaxKind.AwaitKeyword,
]);

/** Tokens after which `/` divides rather than starting a regular expression. */
export const ENDS_EXPRESSION: ReadonlySet<ts.SyntaxKind> = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
]);
/**
 * What scanTokens reports: a name (identifier, private name or keyword), a string (a string literal or
 * a template without substitutions), or a template with substitutions (its parts joined by `\0`, as
 * the secret rule reads it).
 */
type LexicalToken = 'name' | 'string' | 'template';

const tokenScanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true);
let tokenScanError = false;
tokenScanner.setOnError(() => {
  tokenScanError = true;
});

/**
 * The names and literal values of a file, by the scanner alone, in source order; `visit` returning
 * true stops the scan (`previous` and `beforePrevious` are the tokens before, as the scanner read them). Returns false when the token stream cannot be trusted to hold every literal the
 * parser would find: a scan error (an unterminated string or template, often a regular expression read
 * as a division), a `<` where an expression may start (JSX, whose text the scanner would read as code; or a
 * type assertion, a generic arrow function), or a minified line. Callers then treat the file as if anything could be in it.
 */
export function scanTokens(
  text: string,
  visit: (kind: LexicalToken, value: string, previous: ts.SyntaxKind, beforePrevious: ts.SyntaxKind) => boolean | void,
): boolean {
  if (hasMinifiedLine(text)) return false;
  const scanner = tokenScanner;
  tokenScanError = false;
  scanner.setText(text);
  // `}` closes a `${` substitution when the innermost open brace is one; templates being read, innermost last.
  const braces: boolean[] = [];
  const templates: string[] = [];
  let previous: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  let beforePrevious: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  try {
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      if (tokenScanError) return false;
      if (token === ts.SyntaxKind.TemplateHead) {
        braces.push(true);
        templates.push(scanner.getTokenValue());
      } else if (token === ts.SyntaxKind.OpenBraceToken) braces.push(false);
      else if (token === ts.SyntaxKind.CloseBraceToken) {
        if (braces.pop()) {
          token = scanner.reScanTemplateToken(false);
          const part = `\0${scanner.getTokenValue()}`;
          if (token === ts.SyntaxKind.TemplateMiddle) {
            braces.push(true);
            templates[templates.length - 1] += part;
          } else if (token === ts.SyntaxKind.TemplateTail) {
            if (visit('template', templates.pop()! + part, previous, beforePrevious)) return true;
          } else return false;
        }
      } else if (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) {
        if (!ENDS_EXPRESSION.has(previous)) token = scanner.reScanSlashToken();
      } else if (token === ts.SyntaxKind.LessThanToken) {
        // After a name or a value, `<` compares or opens type arguments (a newline does not end the expression before it);
        // after `}` (a block) or an operator it may open an element.
        if (!(ENDS_EXPRESSION.has(previous) && previous !== ts.SyntaxKind.CloseBraceToken) && !isNameBeforeLessThan(previous)) return false;
      } else if (token === ts.SyntaxKind.StringLiteral || token === ts.SyntaxKind.NoSubstitutionTemplateLiteral) {
        if (visit('string', scanner.getTokenValue(), previous, beforePrevious)) return true;
      } else if (
        token === ts.SyntaxKind.Identifier ||
        token === ts.SyntaxKind.PrivateIdentifier ||
        (token >= ts.SyntaxKind.FirstKeyword && token <= ts.SyntaxKind.LastKeyword)
      ) {
        if (visit('name', scanner.getTokenValue(), previous, beforePrevious)) return true;
      }
      beforePrevious = previous;
      previous = token;
    }
    return !tokenScanError && templates.length === 0;
  } finally {
    scanner.setText(undefined);
  }
}

/** A token after which `<` cannot open a JSX element: a name, or a contextual keyword other than those an expression follows. */
function isNameBeforeLessThan(previous: ts.SyntaxKind): boolean {
  if (previous === ts.SyntaxKind.Identifier || previous === ts.SyntaxKind.PrivateIdentifier) return true;
  return (
    previous > ts.SyntaxKind.LastReservedWord &&
    previous <= ts.SyntaxKind.LastKeyword &&
    previous !== ts.SyntaxKind.YieldKeyword &&
    previous !== ts.SyntaxKind.AwaitKeyword &&
    previous !== ts.SyntaxKind.OfKeyword
  );
}
