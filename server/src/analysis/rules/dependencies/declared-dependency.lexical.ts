/**
 * The facts of declared-dependency.collect.ts read by the TypeScript scanner alone (no syntax tree),
 * for files nothing else needs to parse: most files that load a package only join the import graph.
 * Answers only where the token stream settles every question the parser's collector asks, and
 * returns undefined (the engine then parses) where it does not:
 * - a file that names a module a spawn can come from (child_process, execa, cross-spawn, shelljs…):
 *   the parser resolves spawn calls through the file's bindings;
 * - a minified line, a scan error, a `<` that may open JSX in a file parsed with JSX;
 * - an import clause, `require` or `import(…)` in a shape it does not read with certainty
 *   (`import type from 'x'`, `require?.('x')`, `import('x')` where a type may stand in a TS file);
 * - in a TypeScript file, an imported name of a runtime import whose every use is not settled
 *   lexically as a value use (a call, `new`, a decorator, an argument, an export…) or as a type
 *   (a parameter, member, variable or return annotation, a type alias, an interface…).
 * test/unit/dependencyLexical.test.ts compares both readings on every fixture and on real packages.
 */
import * as ts from 'typescript';
import { ENDS_EXPRESSION, hasMinifiedLine } from '../../facts/lexicalFacts';
import { scriptFlavour } from '../../languages/detect';
import {
  dependencyFacts,
  SPAWN_MODULE_NAMES,
  wrapperSpawns,
  type DependencyFacts,
  type ImportSite,
  type SpawnSite,
} from './declared-dependency.collect';
import { escapeRegExp } from '../../text';
import { environmentOfIdentifier, environmentOfName } from '../../knowledge/backingServices';

const K = ts.SyntaxKind;

/**
 * Could facts/clients.ts branchEnvironment find an environment branch here? It reads one from an
 * environment's name (environmentOfName): a string (a comparison, `case 'development':`, a key), or a name
 * that is one (`dev`, `debug`, a key) or says one (`isDev`, `inProduction`, `IS_SANDBOX`). Every
 * identifier and string token of the file is tried the same way; a file with none has no branch.
 */
function mayHaveEnvironmentBranch(tokens: Tokens): boolean {
  for (let i = 0; i < tokens.kind.length; i++) {
    const value = tokens.value[i];
    if (!value) continue;
    if (environmentOfName(value)) return true;
    if (tokens.kind[i] === K.Identifier && environmentOfIdentifier(value)) return true;
  }
  return false;
}

const SPAWN_NAMES = new RegExp(SPAWN_MODULE_NAMES.map(escapeRegExp).join('|'));

/** The collector's facts of `text`, or undefined when only the parse can tell. `{ facts: undefined }`: none. */
export function lexicalDependencies(file: string, text: string): { facts: DependencyFacts | undefined } | undefined {
  if (SPAWN_NAMES.test(text) || hasMinifiedLine(text)) return undefined;
  const flavour = scriptFlavour(file) ?? 'ts';
  const tokens = tokenize(text, flavour !== 'ts');
  if (!tokens) return undefined;
  // A `require`/`import()` in a branch the environment chooses (ImportSite.devBranch): the parse tells.
  // …or in a `try` (ImportSite.optional); the same for `require.resolve`.
  if (
    /\brequire\s*(?:\.\s*resolve\s*)?\(|\bimport\s*(?:\.\s*meta\s*\.\s*resolve\s*)?\(/.test(text) &&
    (mayHaveEnvironmentBranch(tokens) || tokens.kind.includes(ts.SyntaxKind.TryKeyword) || /\btypeof\s+(?:window|document)\b/.test(text))
  )
    return undefined;
  // …or resolved from another project (`require.resolve('ts-node', { paths })`).
  if (/\brequire\s*\.\s*resolve\s*\(/.test(text) && /\bpaths\b/.test(text)) return undefined;
  const isTypeScript = /\.[cm]?tsx?$/i.test(file);
  const found = sites(tokens, text, isTypeScript);
  if (!found) return undefined;
  const { imports, spawns, pending, clauseTokens } = found;
  if (pending.length) {
    const names = new Set(pending.flatMap((p) => p.locals));
    for (const name of names) if (isKeywordName(name)) return undefined; // a keyword used as a name (`type`, `from`)
    const uses = classifyUses(tokens, names, clauseTokens);
    for (const { site, locals } of pending) {
      if (locals.some((l) => uses.value.has(l))) continue;
      if (locals.some((l) => uses.unsure.has(l))) return undefined;
      site.typeOnly = true;
    }
  }
  return { facts: dependencyFacts(imports, spawns) };
}

interface Tokens {
  kind: ts.SyntaxKind[];
  start: number[];
  end: number[];
  /** Identifier and string values (decoded); empty for other tokens. */
  value: string[];
  /** A line break before the token. */
  newline: boolean[];
}

const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true);
let scanError = false;
scanner.setOnError(() => {
  scanError = true;
});

/** Every token of the file, templates and regular expressions read as the parser reads them; undefined when the stream cannot be trusted. */
function tokenize(text: string, jsx: boolean): Tokens | undefined {
  const out: Tokens = { kind: [], start: [], end: [], value: [], newline: [] };
  scanError = false;
  scanner.setLanguageVariant(jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard);
  scanner.setText(text);
  const braces: boolean[] = [];
  let previous: ts.SyntaxKind = K.Unknown;
  let beforePrevious: ts.SyntaxKind = K.Unknown;
  try {
    for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
      if (scanError) return undefined;
      if (token === K.TemplateHead) braces.push(true);
      else if (token === K.OpenBraceToken) braces.push(false);
      else if (token === K.CloseBraceToken) {
        if (braces.pop()) {
          token = scanner.reScanTemplateToken(false);
          if (token === K.TemplateMiddle) braces.push(true);
          else if (token !== K.TemplateTail) return undefined;
        }
      } else if (token === K.SlashToken || token === K.SlashEqualsToken) {
        if (!endsExpression(previous, beforePrevious)) token = scanner.reScanSlashToken();
      } else if (token === K.LessThanToken && jsx) {
        // After a name or a value `<` compares or opens type arguments; elsewhere it may open an element.
        if (!endsExpression(previous, beforePrevious) || previous === K.CloseBraceToken) return undefined;
      } else if (token === K.Unknown) return undefined;
      out.kind.push(token);
      out.start.push(scanner.getTokenStart());
      out.end.push(scanner.getTokenEnd());
      out.value.push(
        token === K.Identifier ||
          token === K.StringLiteral ||
          token === K.NoSubstitutionTemplateLiteral ||
          token === K.TemplateHead ||
          token === K.TemplateMiddle ||
          token === K.TemplateTail
          ? scanner.getTokenValue()
          : '',
      );
      out.newline.push(scanner.hasPrecedingLineBreak());
      beforePrevious = previous;
      previous = token;
    }
    if (scanError || braces.length) return undefined;
  } finally {
    scanner.setText(undefined);
  }
  // A module name a spawn can come from, written with escapes (the text has none as written).
  if (text.includes('\\')) for (let i = 0; i < out.kind.length; i++) if (out.value[i] && SPAWN_NAMES.test(out.value[i])) return undefined;
  return out;
}

function isKeywordName(name: string): boolean {
  scanner.setText(name);
  try {
    return scanner.scan() !== K.Identifier;
  } finally {
    scanner.setText(undefined);
  }
}

function isKeyword(kind: ts.SyntaxKind): boolean {
  return kind >= K.FirstKeyword && kind <= K.LastKeyword;
}

/** A value ends before this token: a literal, a name (a keyword after `.` is a member name; a contextual keyword a name), a closing bracket. */
function endsExpression(previous: ts.SyntaxKind, beforePrevious: ts.SyntaxKind): boolean {
  if (ENDS_EXPRESSION.has(previous)) return true;
  if (!isKeyword(previous)) return false;
  if (beforePrevious === K.DotToken || beforePrevious === K.QuestionDotToken) return true;
  return previous > K.LastReservedWord && previous !== K.AwaitKeyword && previous !== K.YieldKeyword && previous !== K.OfKeyword;
}

const isLiteral = (kind: ts.SyntaxKind) => kind === K.StringLiteral || kind === K.NoSubstitutionTemplateLiteral;

interface Found {
  imports: ImportSite[];
  spawns: SpawnSite[];
  /** Runtime import declarations of a TS file and their local names: type-only when no name is used as a value. */
  pending: { site: ImportSite; locals: string[] }[];
  /** Tokens of import clauses (the bindings themselves, not uses). */
  clauseTokens: Set<number>;
}

/** The collector's import and wrapper sites, in source order; undefined for a shape read with no certainty. */
function sites(t: Tokens, text: string, isTypeScript: boolean): Found | undefined {
  const { kind, value } = t;
  const n = kind.length;
  // Positions by a cursor that only moves forward (sites come in source order, most near the top):
  // lines end at \n, \r\n and \r, as computeLineStarts counts them.
  let offset = 0;
  let line = 0;
  let lineStart = 0;
  const positionOf = (target: number) => {
    for (; offset < target; offset++) {
      const c = text.charCodeAt(offset);
      if (c === 10 || (c === 13 && text.charCodeAt(offset + 1) !== 10)) {
        line++;
        lineStart = offset + 1;
      }
    }
    return { line, column: target - lineStart };
  };
  const rangeOf = (i: number) => ({ start: positionOf(t.start[i]), end: positionOf(t.end[i]) });
  const imports: ImportSite[] = [];
  const spawns: SpawnSite[] = [];
  const pending: Found['pending'] = [];
  const clauseTokens = new Set<number>();
  const site = (i: number, typeOnly = false, wrapper = false): ImportSite => {
    const s: ImportSite = { specifier: value[i], range: rangeOf(i), ...(typeOnly ? { typeOnly: true as const } : {}) };
    imports.push(s);
    if (wrapper) {
      spawns.push(...wrapperSpawns(value[i], s.range, text));
    }
    return s;
  };
  /** `( 'x' )` or `( 'x' ,` at i: the literal's index. */
  const literalArgument = (i: number) =>
    kind[i] === K.OpenParenToken && isLiteral(kind[i + 1]) && (kind[i + 2] === K.CloseParenToken || kind[i + 2] === K.CommaToken)
      ? i + 1
      : -1;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    const previous = i > 0 ? kind[i - 1] : K.Unknown;
    if (k === K.OpenParenToken || k === K.OpenBracketToken || k === K.OpenBraceToken || k === K.TemplateHead) depth++;
    else if (k === K.CloseParenToken || k === K.CloseBracketToken || k === K.CloseBraceToken || k === K.TemplateTail) depth--;
    if (previous === K.DotToken || previous === K.QuestionDotToken) continue; // a member named like a keyword
    if (k === K.ImportKeyword || k === K.NewKeyword) {
      // import.meta.resolve('x') (and new.target.resolve('x'), a meta property too)
      if (kind[i + 1] === K.DotToken && kind[i + 3] === K.DotToken && kind[i + 4] === K.Identifier && value[i + 4] === 'resolve') {
        if (kind[i + 5] === K.QuestionDotToken) return undefined;
        const literal = literalArgument(i + 5);
        if (literal >= 0) site(literal);
        continue;
      }
      if (k === K.NewKeyword) continue;
      if (kind[i + 1] === K.OpenParenToken) {
        const literal = literalArgument(i + 1);
        if (literal < 0) continue;
        // In a TS file `import('x')` may be a type (`typeof import('x')`, `: import('x').T`).
        if (isTypeScript && !(previous === K.AwaitKeyword || previous === K.ReturnKeyword)) return undefined;
        site(literal, false, true);
        continue;
      }
      if (isLiteral(kind[i + 1])) {
        if (kind[i + 1] !== K.StringLiteral) return undefined;
        site(i + 1, false, true); // import 'x'
        continue;
      }
      const clause = importClause(t, i + 1);
      if (!clause) return undefined;
      for (let j = i; j < clause.end; j++) clauseTokens.add(j);
      if (clause.equals) {
        // import x = require('x'): no wrapper (the parser's collector reads wrappers from declarations and calls).
        if (clause.literal < 0) continue;
        const s = site(clause.literal, clause.typeOnly);
        if (!clause.typeOnly && isTypeScript && depth === 0) pending.push({ site: s, locals: clause.locals });
        i = clause.end - 1; // past `require('x')` (balanced), which is no call here
        continue;
      }
      const s = site(clause.literal, clause.typeOnly, true);
      if (!clause.typeOnly && isTypeScript && depth === 0 && clause.locals.length) pending.push({ site: s, locals: clause.locals });
      continue;
    }
    if (k === K.ExportKeyword) {
      let j = i + 1;
      let typeOnly = false;
      if (kind[j] === K.TypeKeyword && (kind[j + 1] === K.OpenBraceToken || kind[j + 1] === K.AsteriskToken)) {
        typeOnly = true;
        j++;
      }
      if (kind[j] === K.AsteriskToken) {
        j++;
        if (kind[j] === K.AsKeyword) j += 2;
        if (kind[j] !== K.FromKeyword || kind[j + 1] !== K.StringLiteral) return undefined;
        site(j + 1, typeOnly);
        continue;
      }
      if (kind[j] === K.OpenBraceToken) {
        const list = specifierList(t, j);
        if (!list) return undefined;
        if (kind[list.end] === K.FromKeyword) {
          if (kind[list.end + 1] !== K.StringLiteral) return undefined;
          site(list.end + 1, typeOnly || (list.types.length > 0 && list.types.every(Boolean)));
        }
        continue;
      }
      continue;
    }
    if (k === K.RequireKeyword) {
      if (previous === K.FunctionKeyword || previous === K.NewKeyword) continue;
      const next = kind[i + 1];
      if (next === K.QuestionDotToken || next === K.LessThanToken) return undefined;
      if (next === K.OpenParenToken) {
        const literal = literalArgument(i + 1);
        if (literal >= 0) site(literal, false, true);
      } else if (next === K.DotToken && kind[i + 2] === K.Identifier && value[i + 2] === 'resolve') {
        if (kind[i + 3] === K.QuestionDotToken) return undefined;
        const literal = literalArgument(i + 3);
        if (literal >= 0) site(literal);
      }
    }
  }
  return { imports, spawns, pending, clauseTokens };
}

/**
 * The clause of an import declaration starting at `i` (after `import`), read as the parser reads it:
 * its end (the token after its specifier), the specifier literal's index (-1 for `import x = A.B`),
 * whether it is erased, and its runtime local names. Undefined for a shape it does not read with certainty.
 */
function importClause(
  t: Tokens,
  i: number,
): { end: number; literal: number; typeOnly: boolean; locals: string[]; equals: boolean } | undefined {
  const { kind, value } = t;
  let j = i;
  let typeOnly = false;
  if (kind[j] === K.TypeKeyword) {
    const next = kind[j + 1];
    if (next === K.OpenBraceToken || next === K.AsteriskToken) typeOnly = true;
    else if (next === K.Identifier && (kind[j + 2] === K.FromKeyword || kind[j + 2] === K.EqualsToken)) typeOnly = true;
    else return undefined;
    j++;
  }
  const locals: string[] = [];
  let defaultName = false;
  if (kind[j] === K.Identifier) {
    if (value[j] === 'defer' || value[j] === 'source') return undefined;
    locals.push(value[j]);
    defaultName = true;
    j++;
    if (kind[j] === K.EqualsToken) {
      // import x = require('x') | import x = A.B
      if (kind[j + 1] === K.RequireKeyword && kind[j + 2] === K.OpenParenToken) {
        if (kind[j + 3] !== K.StringLiteral || kind[j + 4] !== K.CloseParenToken) return undefined;
        return { end: j + 5, literal: j + 3, typeOnly, locals, equals: true };
      }
      return { end: j + 1, literal: -1, typeOnly, locals, equals: true };
    }
    if (kind[j] === K.CommaToken) {
      if (typeOnly) return undefined;
      j++;
      if (kind[j] !== K.OpenBraceToken && kind[j] !== K.AsteriskToken) return undefined;
    }
  }
  let allTypes = false;
  if (kind[j] === K.AsteriskToken) {
    if (kind[j + 1] !== K.AsKeyword || kind[j + 2] !== K.Identifier) return undefined;
    locals.push(value[j + 2]);
    j += 3;
  } else if (kind[j] === K.OpenBraceToken) {
    const list = specifierList(t, j);
    if (!list) return undefined;
    for (let e = 0; e < list.types.length; e++) {
      if (list.types[e]) continue;
      if (!list.locals[e]) return undefined; // bound to a keyword or a string: not read here
      locals.push(list.locals[e]);
    }
    allTypes = !defaultName && list.types.length > 0 && list.types.every(Boolean);
    j = list.end;
  } else if (!defaultName) return undefined;
  if (kind[j] !== K.FromKeyword || kind[j + 1] !== K.StringLiteral) return undefined;
  return { end: j + 2, literal: j + 1, typeOnly: typeOnly || allTypes, locals: typeOnly ? [] : locals, equals: false };
}

/** `{ a, type b, c as d, "e" as f }` at `i`: whether each element is type-only, its local name, and the index after `}`. */
function specifierList(t: Tokens, i: number): { types: boolean[]; locals: string[]; end: number } | undefined {
  const { kind, value } = t;
  const types: boolean[] = [];
  const locals: string[] = [];
  let j = i + 1;
  const isName = (k: ts.SyntaxKind) => k === K.Identifier || k === K.StringLiteral || isKeyword(k);
  while (kind[j] !== K.CloseBraceToken) {
    let type = false;
    if (kind[j] === K.TypeKeyword) {
      const next = kind[j + 1];
      if (next === K.CommaToken || next === K.CloseBraceToken || next === K.AsKeyword) return undefined; // `type` as a name, or ambiguous
      type = true;
      j++;
    }
    if (!isName(kind[j])) return undefined;
    let local = j;
    j++;
    if (kind[j] === K.AsKeyword) {
      if (!isName(kind[j + 1])) return undefined;
      local = j + 1;
      j += 2;
    }
    types.push(type);
    locals.push(kind[local] === K.Identifier ? value[local] : '');
    if (kind[j] === K.CommaToken) j++;
    else if (kind[j] !== K.CloseBraceToken) return undefined;
  }
  // A local that is not a plain identifier (a keyword, a string): only where the parser would not bind it either (export lists).
  return { types, locals, end: j + 1 };
}

/**
 * How each use of `names` reads, by the rules of the parser's collector (an identifier is a value use
 * unless it is a binding of an import, a member name after `.`, a property or method declaration's
 * name, or in a type position): `value` where one use is certainly a value use, `unsure` where a use
 * is neither certainly a value nor certainly a type.
 */
function classifyUses(t: Tokens, names: Set<string>, clauseTokens: Set<number>): { value: Set<string>; unsure: Set<string> } {
  const { kind, value, newline } = t;
  const n = kind.length;
  const valueUses = new Set<string>();
  const unsure = new Set<string>();
  interface Level {
    open: ts.SyntaxKind;
    /** The `(` follows a name: a call's arguments, or the parameters of a function, method or signature. */
    afterName: boolean;
    /** `?` and `case` waiting for their `:` at this level. */
    questions: number;
    /** A `<` was seen at this level (type arguments or a comparison). */
    angle: boolean;
    /** A block of statements (or the file): an identifier starting a statement there is an expression. */
    block?: boolean;
    /** A `(` that can only open an arrow function's parameters if `=>` follows: an argument, a `const f =` initializer, after `async`. */
    arrowParameters?: boolean;
    body?: 'interface' | 'class';
    /** Between `class` and its body (or `interface` and its body) at this level. */
  }
  const levels: Level[] = [{ open: K.Unknown, afterName: false, questions: 0, angle: false, block: true }];
  /** A type being read: identifiers in it are type uses while only `(`, `[` and `<` nest above its level. */
  let region:
    | { base: number; angles: number; kind: 'param' | 'member' | 'return' | 'alias' | 'var' | 'header' | 'arguments'; header: boolean }
    | undefined;
  let exportList = -1; // the level of an `export { … }` list
  let header: { level: number; kind: 'interface' | 'class'; angles: number } | undefined;
  let lastClosed: Level | undefined;
  /** The index of the last `=>` known to be an arrow function's: a `{` right after it opens a block. */
  let arrowBody = -1;
  const top = () => levels[levels.length - 1];
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    const previous = i > 0 ? kind[i - 1] : K.Unknown;
    const before = i > 1 ? kind[i - 2] : K.Unknown;
    const level = levels.length;
    // Where a type being read ends.
    if (region && level === region.base) {
      if (region.angles === 0) {
        if (region.header && k === K.EqualsToken) {
          region.header = false;
          region.kind = 'alias';
          continue;
        }
        const continued = k === K.BarToken || k === K.AmpersandToken || isContinuing(previous);
        if (
          k === K.CommaToken ||
          k === K.SemicolonToken ||
          k === K.EqualsToken ||
          (region.kind === 'return' && (k === K.OpenBraceToken || k === K.EqualsGreaterThanToken)) ||
          (region.kind !== 'param' && newline[i] && !continued)
        )
          region = undefined;
      }
    }
    if (region && (k === K.CloseParenToken || k === K.CloseBracketToken || k === K.CloseBraceToken) && level === region.base)
      region = undefined;
    if (region && region.base <= level) {
      if (k === K.LessThanToken) region.angles++;
      else if (k === K.GreaterThanToken && region.angles > 0) region.angles--;
      if (region.kind === 'arguments' && region.angles === 0) region = undefined;
    }
    if (header && level === header.level) {
      if (k === K.LessThanToken) header.angles++;
      else if (k === K.GreaterThanToken && header.angles > 0) header.angles--;
    }
    if (k === K.Identifier && names.has(value[i]) && !clauseTokens.has(i)) {
      const verdict = classify(i);
      if (verdict === 'value') valueUses.add(value[i]);
      else if (verdict === 'unsure') unsure.add(value[i]);
    }
    // Brackets.
    if (k === K.OpenParenToken || k === K.OpenBracketToken || k === K.OpenBraceToken || k === K.TemplateHead || k === K.TemplateMiddle) {
      if (k === K.TemplateMiddle) continue;
      const entry: Level = { open: k, afterName: k === K.OpenParenToken && previous === K.Identifier, questions: 0, angle: false };
      if (k === K.OpenParenToken && !region) {
        const enclosing = top();
        entry.arrowParameters =
          previous === K.AsyncKeyword ||
          ((previous === K.OpenParenToken || previous === K.CommaToken) &&
            enclosing.open === K.OpenParenToken &&
            enclosing.afterName &&
            !enclosing.angle) ||
          (previous === K.EqualsToken && before === K.Identifier && isVariableKeyword(kind[i - 3]));
      }
      if (k === K.OpenBraceToken && header && level === header.level && header.angles === 0) {
        entry.body = header.kind;
        header = undefined;
      } else if (
        k === K.OpenBraceToken &&
        !(header && level === header.level) &&
        (BLOCK_AFTER.has(previous) ||
          ((previous === K.SemicolonToken || previous === K.OpenBraceToken || previous === K.CloseBraceToken) && top().block) ||
          (previous === K.EqualsGreaterThanToken && arrowBody === i - 1))
      )
        entry.block = true;
      if (k === K.OpenBraceToken && (previous === K.ExportKeyword || (previous === K.TypeKeyword && before === K.ExportKeyword)))
        exportList = levels.length + 1;
      levels.push(entry);
      continue;
    }
    if (k === K.CloseParenToken || k === K.CloseBracketToken || k === K.CloseBraceToken || k === K.TemplateTail) {
      if (levels.length === exportList) exportList = -1;
      if (header && level === header.level) header = undefined; // a header that never reached its body
      if (levels.length > 1) lastClosed = levels.pop();
      continue;
    }
    // An arrow function's `=>` (a function type's has parentheses too, but never stands where these do).
    if (
      k === K.EqualsGreaterThanToken &&
      !region &&
      (previous === K.Identifier || (previous === K.CloseParenToken && lastClosed?.arrowParameters))
    )
      arrowBody = i;
    const here = top();
    // A `?` that may be a conditional's (not `a?:`, `a?,`, `a?)` of an optional member or parameter), or a `case`:
    // its `:` is no annotation. Counted generously: a `:` taken for a conditional's only makes fewer certain answers.
    if ((k === K.QuestionToken && !OPTIONAL_AFTER.has(kind[i + 1])) || k === K.CaseKeyword) here.questions++;
    else if (k === K.ColonToken) {
      const annotation = here.questions === 0 || previous === K.QuestionToken;
      if (here.questions > 0) here.questions--;
      if (!region && annotation) {
        if (here.open === K.OpenParenToken && (previous === K.Identifier || previous === K.QuestionToken || isKeyword(previous)))
          region = { base: level, angles: 0, kind: 'param', header: false };
        else if (previous === K.CloseParenToken && here.questions === 0) region = { base: level, angles: 0, kind: 'return', header: false };
        else if (here.body === 'interface' || (here.body === 'class' && memberName(i - 1)))
          region = { base: level, angles: 0, kind: 'member', header: false };
        else if (previous === K.Identifier && isVariableKeyword(before) && here.open !== K.OpenParenToken)
          region = { base: level, angles: 0, kind: 'var', header: false };
      }
    } else if (k === K.SemicolonToken) {
      here.questions = 0;
      if (header && level === header.level) header = undefined;
    } else if (k === K.LessThanToken) {
      here.angle = true;
      // `f<A, B>(`, `new Map<K, V>(`: type arguments, as the parser reads a `<` that balances before a `(`.
      if (!region && (previous === K.Identifier || (isKeyword(previous) && before === K.DotToken)) && typeArgumentsEnd(kind, i) > i)
        region = { base: level, angles: 1, kind: 'arguments', header: false };
    } else if (!region && previous !== K.DotToken && previous !== K.QuestionDotToken) {
      if (
        k === K.TypeKeyword &&
        kind[i + 1] === K.Identifier &&
        !clauseTokens.has(i) &&
        (kind[i + 2] === K.EqualsToken || kind[i + 2] === K.LessThanToken)
      )
        region = { base: level, angles: 0, kind: 'header', header: true };
      else if (k === K.InterfaceKeyword && kind[i + 1] === K.Identifier) header = { level, kind: 'interface', angles: 0 };
      else if (k === K.ClassKeyword) header = { level, kind: 'class', angles: 0 };
    }
  }
  return { value: valueUses, unsure };

  /** A class member's name before `:` (`x: T`, `x?: T`, `x!: T`, `readonly x: T`). */
  function memberName(j: number): boolean {
    if (kind[j] === K.QuestionToken || kind[j] === K.ExclamationToken) j--;
    if (kind[j] !== K.Identifier && kind[j] !== K.StringLiteral && kind[j] !== K.PrivateIdentifier) return false;
    const p = kind[j - 1];
    return p === K.OpenBraceToken || p === K.SemicolonToken || p === K.CloseBraceToken || isModifier(p) || newline[j];
  }

  function classify(i: number): 'value' | 'type' | 'unsure' {
    const previous = i > 0 ? kind[i - 1] : K.Unknown;
    const next = i + 1 < n ? kind[i + 1] : K.EndOfFileToken;
    // A member name (`a.name`) or the right of a qualified name (`A.name`).
    if (previous === K.DotToken || previous === K.QuestionDotToken) return 'type';
    const here = top();
    if (levels.length === exportList) return 'value'; // export { name } and export { x as name }: an export specifier
    if (region && levelsAboveAreTypeSafe(region.base)) return 'type';
    if (region) return 'unsure';
    // An interface's name, type parameters and the interfaces it extends.
    if (header?.kind === 'interface') return levelsAboveAreTypeSafe(header.level) ? 'type' : 'unsure';
    // Interface members: `name(` is a method signature (a value use for the parser), `name:` a property signature.
    if (
      here.body === 'interface' &&
      (previous === K.OpenBraceToken || previous === K.SemicolonToken || previous === K.CommaToken || newline[i])
    ) {
      if (next === K.ColonToken || (next === K.QuestionToken && kind[i + 2] === K.ColonToken)) return 'type';
      if (next === K.OpenParenToken || next === K.LessThanToken || (next === K.QuestionToken && kind[i + 2] === K.OpenParenToken))
        return 'value';
      return 'unsure';
    }
    // A class member's own name: a property or a method declaration (not a use for the parser).
    if (
      here.body === 'class' &&
      memberName(i) &&
      (next === K.ColonToken ||
        next === K.SemicolonToken ||
        next === K.EqualsToken ||
        next === K.OpenParenToken ||
        next === K.LessThanToken)
    )
      return 'type';
    if (previous === K.AsKeyword || previous === K.SatisfiesKeyword || previous === K.ImplementsKeyword) return 'type';
    if (previous === K.NewKeyword || previous === K.AtToken) return 'value';
    if (previous === K.ExtendsKeyword && header?.kind === 'class' && header.angles === 0 && header.level === levels.length) {
      const p = kind[i - 2];
      if (p === K.ClassKeyword || (p === K.Identifier && kind[i - 3] === K.ClassKeyword)) return 'value';
    }
    // In a block, a name that starts a statement is an expression (`X.use(a);`, `X = y`, a label), and a name called is a call.
    if (here.block) {
      if (
        previous === K.SemicolonToken ||
        previous === K.OpenBraceToken ||
        previous === K.CloseBraceToken ||
        previous === K.Unknown ||
        (newline[i] &&
          (previous === K.Identifier || previous === K.CloseParenToken || previous === K.CloseBracketToken || isLiteral(previous)))
      )
        return 'value';
      if (next === K.OpenParenToken) return 'value';
    }
    // A call: `name(`, `name.a.b(` where nothing but a call can stand.
    let j = i + 1;
    while (kind[j] === K.DotToken && (kind[j + 1] === K.Identifier || isKeyword(kind[j + 1]))) j += 2;
    const member = j > i + 1;
    const typeArguments = kind[j] === K.LessThanToken ? typeArgumentsEnd(kind, j) : -1;
    if (typeArguments > 0) j = typeArguments + 1;
    if (kind[j] === K.OpenParenToken && (member || CALL_AFTER.has(previous))) return 'value';
    if (next === K.OpenParenToken && previous === K.Identifier) return 'unsure';
    // An argument, or a parameter of a function, method or signature: `f(name`, `f(a, name`.
    if (here.open === K.OpenParenToken && here.afterName && (previous === K.OpenParenToken || (previous === K.CommaToken && !here.angle)))
      return 'value';
    if (previous === K.ReturnKeyword || previous === K.AwaitKeyword || previous === K.ThrowKeyword) return 'value';
    if (
      (previous === K.DefaultKeyword && kind[i - 2] === K.ExportKeyword) ||
      (previous === K.EqualsToken && kind[i - 2] === K.ExportKeyword)
    )
      return 'value';
    if (previous === K.EqualsToken && here.body === 'class') return 'value';
    // `a.b = X`, `module.exports = X`
    if (previous === K.EqualsToken && kind[i - 2] === K.Identifier && kind[i - 3] === K.DotToken) return 'value';
    if (
      previous === K.EqualsToken &&
      kind[i - 2] === K.Identifier &&
      (kind[i - 3] === K.ConstKeyword || kind[i - 3] === K.LetKeyword || kind[i - 3] === K.VarKeyword)
    )
      return 'value';
    return 'unsure';
  }

  /** Above the type's own level only `(`, `[` nest (function types, tuples, parenthesised types). */
  function levelsAboveAreTypeSafe(base: number): boolean {
    for (let l = base; l < levels.length; l++)
      if (levels[l].open !== K.OpenParenToken && levels[l].open !== K.OpenBracketToken) return false;
    return true;
  }
}

/** Tokens that may stand in type arguments (no operator of an expression but `<`, `>`, `|`, `&`). */
const IN_TYPE_ARGUMENTS = new Set<ts.SyntaxKind>([
  K.Identifier,
  K.DotToken,
  K.CommaToken,
  K.LessThanToken,
  K.GreaterThanToken,
  K.OpenParenToken,
  K.CloseParenToken,
  K.OpenBracketToken,
  K.CloseBracketToken,
  K.OpenBraceToken,
  K.CloseBraceToken,
  K.ColonToken,
  K.SemicolonToken,
  K.QuestionToken,
  K.BarToken,
  K.AmpersandToken,
  K.EqualsGreaterThanToken,
  K.DotDotDotToken,
  K.StringLiteral,
  K.NumericLiteral,
  K.NoSubstitutionTemplateLiteral,
]);

/** Reserved words that may stand in a type. */
const TYPE_RESERVED_WORDS = new Set<ts.SyntaxKind>([
  K.TypeOfKeyword,
  K.NewKeyword,
  K.ThisKeyword,
  K.VoidKeyword,
  K.NullKeyword,
  K.TrueKeyword,
  K.FalseKeyword,
  K.ExtendsKeyword,
  K.InKeyword,
  K.ImportKeyword,
]);

/**
 * The index of the `>` closing type arguments opened by the `<` at `i` and followed by `(` (balanced,
 * at most 256 tokens of types), or -1.
 */
function typeArgumentsEnd(kind: readonly ts.SyntaxKind[], i: number): number {
  let angles = 1;
  let brackets = 0;
  for (let j = i + 1; j < kind.length && j < i + 256; j++) {
    const k = kind[j];
    if (!IN_TYPE_ARGUMENTS.has(k) && !(isKeyword(k) && (k > K.LastReservedWord || TYPE_RESERVED_WORDS.has(k)))) return -1;
    if (k === K.LessThanToken) angles++;
    else if (k === K.GreaterThanToken) {
      if (--angles === 0) return brackets === 0 && kind[j + 1] === K.OpenParenToken ? j : -1;
    } else if (k === K.OpenParenToken || k === K.OpenBracketToken || k === K.OpenBraceToken) brackets++;
    else if (k === K.CloseParenToken || k === K.CloseBracketToken || k === K.CloseBraceToken) {
      if (--brackets < 0) return -1;
    } else if (k === K.SemicolonToken && brackets === 0) return -1;
  }
  return -1;
}

/** Tokens before `name(` that leave only a call possible (no method or function declaration, no type). */
const CALL_AFTER = new Set<ts.SyntaxKind>([
  K.EqualsToken,
  K.OpenParenToken,
  K.ReturnKeyword,
  K.AwaitKeyword,
  K.ThrowKeyword,
  K.YieldKeyword,
  K.NewKeyword,
  K.ExclamationToken,
  K.AmpersandAmpersandToken,
  K.BarBarToken,
  K.QuestionQuestionToken,
  K.EqualsGreaterThanToken,
  K.QuestionToken,
  K.PlusToken,
  K.MinusToken,
  K.VoidKeyword,
]);

/** Tokens after which `{` opens a block: a function, method or statement body. */
const BLOCK_AFTER = new Set<ts.SyntaxKind>([K.CloseParenToken, K.ElseKeyword, K.TryKeyword, K.FinallyKeyword, K.DoKeyword]);

/** Tokens after a `?` that make it an optional member's or parameter's, not a conditional's. */
const OPTIONAL_AFTER = new Set<ts.SyntaxKind>([K.CommaToken, K.CloseParenToken, K.ColonToken, K.SemicolonToken, K.EqualsToken]);

/** A token after which a type continues on the next line. */
function isContinuing(previous: ts.SyntaxKind): boolean {
  return (
    previous === K.BarToken ||
    previous === K.AmpersandToken ||
    previous === K.EqualsToken ||
    previous === K.ColonToken ||
    previous === K.LessThanToken ||
    previous === K.CommaToken ||
    previous === K.ExtendsKeyword ||
    previous === K.QuestionToken ||
    previous === K.EqualsGreaterThanToken ||
    previous === K.KeyOfKeyword ||
    previous === K.TypeOfKeyword ||
    previous === K.DotToken
  );
}

function isVariableKeyword(kind: ts.SyntaxKind): boolean {
  return kind === K.ConstKeyword || kind === K.LetKeyword || kind === K.VarKeyword;
}

function isModifier(kind: ts.SyntaxKind): boolean {
  return (
    kind === K.PublicKeyword ||
    kind === K.PrivateKeyword ||
    kind === K.ProtectedKeyword ||
    kind === K.ReadonlyKeyword ||
    kind === K.StaticKeyword ||
    kind === K.DeclareKeyword ||
    kind === K.AbstractKeyword ||
    kind === K.OverrideKeyword ||
    kind === K.AccessorKeyword
  );
}
