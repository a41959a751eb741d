/**
 * The TypeScript part of `config/no-hardcoded-secret` reads string and template literals only, and
 * reports one only when its value passes the rule's own value tests: a provider token in it, a URL with
 * a password, a value that looks like a secret under a secret name, or any real value (no placeholder)
 * where a sink of secrets is called. This pre-check runs those tests on the literals of the file's token
 * stream (facts/lexicalFacts.ts scanTokens), with what the file mentions standing in for where each
 * literal goes: a necessary condition, so a file it rejects cannot hold a finding of the rule.
 *
 * Why each test is necessary (the rule's `judge`, in order):
 *   1. provider tokens: findTokens on the literal's value (templates joined by `\0`, tokens across a
 *      substitution dropped), as the rule calls it;
 *   2. a secret under its nearest name (not in a template): the name is an identifier or a string of the
 *      file (a variable, a property, a parameter, an env lookup, a header or lookup key) of which
 *      secretKindOfName says something or which is a credential header; the value passes
 *      looksLikeSecretValue (which a name only narrows) or, under a password's name, isShortPasswordValue;
 *   3. connection strings: findUrlCredentials on the value, as the rule calls it;
 *   4. where the value goes (not in a template, not a placeholder): a sink (secretSinkOf knows a sink by
 *      its callee's name or its module), Koa's `app.keys`, basic-auth credentials (`btoa`,
 *      `Buffer.from`) of the BASIC_AUTH_VALUE shape; or a name on the way (a header, an env write, a
 *      lookup default, a variable or parameter further on, a comparison): names as in 2, with the value
 *      tests of 2 (a comparison with request input also takes the REQUEST_KEY_WORDS names, as the last name
 *      of a member chain, flow.ts lastName).
 */
import * as ts from 'typescript';
import { findTokens, findUrlCredentials, identifierWords, isPlaceholder, looksLikeSecretValue, secretKindOfName } from '../../secrets';
import { SECRET_LAST_WORDS, isProviderName } from '../../secrets/names';
import { CREDENTIAL_HEADERS, SINK_MODULES, SINK_NAMES } from '../../secrets/sinks';
import { scanTokens } from '../../facts/lexicalFacts';
import { LOOKUP_METHODS, REQUEST_PARTS, REQUEST_ROOTS } from '../../languages/typescript/flow';

/** Last words of request fields that hold a key when compared (`req.query.key === '…'`). */
export const REQUEST_KEY_WORDS: ReadonlySet<string> = new Set(['key', 'pass', 'pw', 'passcode', 'pin', 'apikey', 'secret']);

/** `user:pass` handed to `btoa` or `Buffer.from(…).toString('base64')`. */
export const BASIC_AUTH_VALUE = /^([^:\s]{1,64}):(\S{4,})$/;

/** A password short enough to need its user beside it to count (`{ user: 'club@126.com', pass: 'club' }`): the value's part of the test. */
export function isShortPasswordValue(value: string): boolean {
  if (value.length < 4 || value.length >= 6 || /\s/.test(value) || isPlaceholder(value)) return false;
  return !/^(pass|password|secret|admin|root|user|guest|test|none|null|true|false)$/i.test(value);
}

/**
 * A name can only say "secret" (secretKindOfName, a credential header, a request key word) when its last
 * word is one of these (or one of these and `value`: `TOKEN_SECRET_VALUE`): the cheap test before identifierWords.
 * Last words are lower-cased suffixes of the name (trailing punctuation aside).
 */
const NAME_TAIL = new RegExp(
  `(?:${[...new Set([...SECRET_LAST_WORDS, ...REQUEST_KEY_WORDS, ...[...CREDENTIAL_HEADERS].map((h) => identifierWords(h).pop()!)])].join('|')})(?:[-_]?val(?:ue)?s?)?[^A-Za-z0-9]*$`,
  'i',
);

function isNameToken(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.Identifier ||
    kind === ts.SyntaxKind.PrivateIdentifier ||
    (kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword)
  );
}

/** Tokens before a name that may declare it as a function (`function require`, `const require =`, `let a, require =`). */
const DECLARES = new Set([
  ts.SyntaxKind.FunctionKeyword,
  ts.SyntaxKind.VarKeyword,
  ts.SyntaxKind.LetKeyword,
  ts.SyntaxKind.ConstKeyword,
  ts.SyntaxKind.CommaToken,
]);

/** Could this TS/JS text hold a finding of the rule's TypeScript part? False only when it provably cannot. */
export function mayHoldSecretLiteral(text: string): boolean {
  const strings: string[] = [];
  const templates: string[] = [];
  let secretName = false;
  let passwordName = false;
  let sink = false;
  let btoa = false;
  let buffer = false;
  let koaKeys = 0;
  // A comparison with request input (flow.ts isRequestInput: a request part read from a request root) names the value by REQUEST_KEY_WORDS too.
  let requestKeyName = false;
  let requestPart = false;
  let requestRoot = false;
  // A bare `key` under a provider (`{ stripe: { key: … } }`): the provider's name comes first in the text.
  let qualifierSeen = false;
  const name = (value: string) => {
    if (!qualifierSeen && isProviderName(value)) qualifierSeen = true;
    if (!NAME_TAIL.test(value)) return;
    const kind = secretKindOfName(value) ?? (qualifierSeen && /^keys?$/i.test(value) ? 'API key' : undefined);
    if (kind) {
      secretName = true;
      if (kind === 'password') passwordName = true;
    } else if (CREDENTIAL_HEADERS.has(value.toLowerCase())) secretName = true;
  };
  /** The last name of request input (flow.ts lastName): `.key`, `?.key`, `['key']`, `.get('key')`. */
  const requestKey = (value: string, previous: ts.SyntaxKind, beforePrevious: ts.SyntaxKind, isName: boolean) => {
    if (requestKeyName || !NAME_TAIL.test(value)) return;
    const lastNameOfChain = isName
      ? previous === ts.SyntaxKind.DotToken || previous === ts.SyntaxKind.QuestionDotToken
      : previous === ts.SyntaxKind.OpenBracketToken ||
        (previous === ts.SyntaxKind.OpenParenToken && isNameToken(beforePrevious) && LOOKUP_METHODS.has(lastName));
    if (!lastNameOfChain) return;
    const words = identifierWords(value);
    requestKeyName = REQUEST_KEY_WORDS.has(words[words.length - 1] ?? '');
  };
  // `require('x')`: the argument of a call the rule follows only into a local function named so.
  const specifiers: string[] = [];
  let localRequire = false;
  let lastName = '';
  let lastNamePrevious = ts.SyntaxKind.Unknown;
  const trusted = scanTokens(text, (kind, value, previous, beforePrevious) => {
    if (kind === 'template') {
      templates.push(value);
      return;
    }
    if (
      kind === 'string' &&
      previous === ts.SyntaxKind.OpenParenToken &&
      (beforePrevious === ts.SyntaxKind.RequireKeyword || beforePrevious === ts.SyntaxKind.Identifier) &&
      lastName === 'require' &&
      lastNamePrevious !== ts.SyntaxKind.DotToken &&
      lastNamePrevious !== ts.SyntaxKind.QuestionDotToken
    ) {
      const module = value.startsWith('node:') ? value.slice(5) : value;
      if (SINK_MODULES.has(module)) sink = true;
      else if (module === 'koa') koaKeys |= 2;
      specifiers.push(value);
      return;
    }
    // `import … from 'x'`, `export … from 'x'`, `import 'x'`: the rule judges no literal of a declaration.
    if (kind === 'string' && (previous === ts.SyntaxKind.FromKeyword || previous === ts.SyntaxKind.ImportKeyword)) {
      const module = value.startsWith('node:') ? value.slice(5) : value;
      if (SINK_MODULES.has(module)) sink = true;
      else if (module === 'koa') koaKeys |= 2;
      return;
    }
    name(value);
    requestKey(value, previous, beforePrevious, kind === 'name');
    if (kind === 'name') {
      lastName = value;
      lastNamePrevious = previous;
      // A local function named `require` (flow.ts localFunctionIn: a declaration or a variable's function).
      if (value === 'require' && DECLARES.has(previous)) localRequire = true;
      if (REQUEST_PARTS.has(value)) requestPart = true;
      if (REQUEST_ROOTS.has(value) || /req(uest)?$/i.test(value)) requestRoot = true;
      if (SINK_NAMES.has(value)) sink = true;
      else if (value === 'btoa') btoa = true;
      else if (value === 'Buffer') buffer = true;
      else if (value === 'keys') koaKeys |= 1;
      return;
    }
    strings.push(value);
    const module = value.startsWith('node:') ? value.slice(5) : value;
    if (SINK_MODULES.has(module)) sink = true;
    else if (module === 'koa') koaKeys |= 2;
  });
  if (!trusted) return true;
  if (koaKeys === 3) sink = true;
  if (localRequire) strings.push(...specifiers);
  if (requestKeyName && requestPart && requestRoot) secretName = true;
  const basic = btoa || buffer;
  for (const value of templates) {
    if (value.length < 4) continue;
    if (value.length >= 6 && findTokens(value).some((t) => !value.slice(t.start, t.end).includes('\0'))) return true;
    if (findUrlCredentials(value).length) return true;
  }
  for (const value of strings) {
    if (value.length < 4) continue;
    if (sink && !isPlaceholder(value)) return true;
    if (secretName && (looksLikeSecretValue(value) || (passwordName && isShortPasswordValue(value)))) return true;
    if (basic && BASIC_AUTH_VALUE.test(value)) return true;
    if (value.length >= 6 && findTokens(value).length) return true;
    if (findUrlCredentials(value).length) return true;
  }
  return false;
}
