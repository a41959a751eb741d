/**
 * `config/no-hardcoded-secret` in TypeScript/JavaScript, read from the AST. Every string literal
 * (and template literal) is judged once, by the first of:
 *   1. a provider token anywhere in it (`sk_live_…`, `ghp_…`, a PEM private key, a JWT…);
 *   2. a secret-looking value under its nearest name (variable, property, class field, parameter
 *      default, object key, enum member, JSX attribute, `process.env.X || '…'` fallback);
 *   3. a password inside a connection string;
 *   4. where the value goes (languages/typescript/flow.ts): into a parameter that only ever holds a
 *      secret (`jwt.sign(p, key)`, `createHmac(alg, key)`, `new Sequelize(db, user, pass)`,
 *      `new Hashids(salt)`, `app.keys`…), directly or through variables, properties, local wrappers
 *      and their parameters; into a credential header (`.set('x-api-key', v)`); into basic-auth
 *      credentials (`Buffer.from('user:pass').toString('base64')`); into `process.env.X`; as the default
 *      of an env/config lookup (`env('JWT_SECRET', v)`); under a secret name further on its way (a
 *      local function's `password` parameter); compared with request input (`req.query.key === v`).
 *
 * Not judged: generated bundles and build output; in test, seed, mock and fixture code only provider
 * tokens are reported (their passwords are test data).
 *
 * Fix policy (keeps types compiling without a type checker): in JavaScript the literal becomes
 * `process.env.NAME`; in TypeScript it becomes `process.env.NAME ?? (() => { throw … })()` (fails at
 * startup when unset, and `string` stays `string`), except where the declared type already admits
 * `undefined`. A `process.env.NAME || 'fallback'` keeps its operator and loses only the fallback.
 * Comparisons, env-helper defaults, `process.env.X = …` writes and test files get no automatic fix:
 * none would be exact. Every fix is a suggestion (behaviour changes: the value now comes from the
 * environment).
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { TypeScriptCheck, TypeScriptContext, TypeScriptVisitors } from '../../rule';
import { formatMessage } from '../../rule';
import type { Fix, Range } from '../../finding';
import { redact } from '../../redact';
import { envExampleChange, envVarName } from '../../fixes/envVar';
import { moduleBindings, propertyNameText, unwrapExpression, type ModuleBindings } from '../../languages/typescript/imports';
import {
  calleeName,
  functionNameOf,
  needsIndex,
  isLiteralTypeText,
  ownRoute,
  isRequestInput,
  lastName,
  literalRoles,
  mayDeclareFunction,
  positionOf,
  readsEnvironment,
  routesOf,
  type Position,
  type Route,
  type Slot,
} from '../../languages/typescript/flow';
import {
  isUserName,
  connectionKind,
  findTokens,
  findUrlCredentials,
  identifierWords,
  isPlaceholder,
  looksLikeSecretValue,
  secretKindOfName,
  isProviderName,
  TOKEN_PREFIX_HINT,
  type TokenMatch,
} from '../../secrets';
import {
  isAllDigits,
  isCodeName,
  isHexDigest,
  isIdentifierLike,
  isKeyPathTo,
  isNameWord,
  isPlainWord,
  isWordSegment,
  isUserPassword,
} from '../../secrets/values';
import { SECRET_LAST_WORDS } from '../../secrets/names';
import { KeptVerdicts, type StatementReads } from '../../languages/typescript/keptVerdicts';
import { MESSAGES } from './no-hardcoded-secret.messages';
import { CREDENTIAL_HEADERS, isLocalDatabaseOptions, secretSinkOf, type SecretSink } from '../../secrets/sinks';
import { BASIC_AUTH_VALUE, isShortPasswordValue, mayHoldSecretLiteral, REQUEST_KEY_WORDS } from './no-hardcoded-secret.prefilter';
import { relativePath } from '../../paths';
import { branchEnvironment } from '../../facts/clients';

// Re-exported for older imports.
type Literal = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression;

/**
 * Could this value be a secret that only its route reveals (a salt, a key in a variable)? Sentences,
 * paths, URLs, MIME types, multi-line text, short numbers and plain words of settings are not
 * followed through the file.
 */
function couldBeSecret(value: string): boolean {
  if (value.length < 4 || value.length > 1024 || /[\n\r]/.test(value) || /( [^ ]*){7}/.test(value)) return false;
  if (isNameWord(value) || /^\d{1,6}$/.test(value)) return false;
  if (/^(\/|\.\.?\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(value) || /^[a-z]+\/[a-z0-9.+-]+$/i.test(value)) return false;
  if (/[.!?:]$/.test(value) || /^#[0-9a-f]{3,8}$/i.test(value)) return false;
  // UI text (`'Open collection'`): capitalised words with spaces.
  if (/^[A-Z][a-z]/.test(value) && value.includes(' ')) return false;
  // Names of things (`'textTertiary'`, `'round'`): a short word or a camelCase name is followed only when it is long and plain (`'thisiskey'`).
  if (isIdentifierLike(value)) return value.length >= 8 && !/[a-z][A-Z]/.test(value);
  return true;
}

/** Environment variable names for provider tokens found without a name around them. */
const TOKEN_ENV: Record<string, string> = {
  'aws-access-key-id': 'AWS_ACCESS_KEY_ID',
  'github-token': 'GITHUB_TOKEN',
  'github-fine-grained-token': 'GITHUB_TOKEN',
  'gitlab-token': 'GITLAB_TOKEN',
  'slack-token': 'SLACK_TOKEN',
  'slack-app-token': 'SLACK_APP_TOKEN',
  'slack-webhook': 'SLACK_WEBHOOK_URL',
  'stripe-secret-key': 'STRIPE_SECRET_KEY',
  'stripe-webhook-secret': 'STRIPE_WEBHOOK_SECRET',
  'google-api-key': 'GOOGLE_API_KEY',
  'google-oauth-secret': 'GOOGLE_CLIENT_SECRET',
  'npm-token': 'NPM_TOKEN',
  'anthropic-key': 'ANTHROPIC_API_KEY',
  'openai-key': 'OPENAI_API_KEY',
  'sendgrid-key': 'SENDGRID_API_KEY',
  'twilio-api-key': 'TWILIO_API_KEY',
  'mailgun-key': 'MAILGUN_API_KEY',
  'mailchimp-key': 'MAILCHIMP_API_KEY',
  'private-key': 'PRIVATE_KEY',
  jwt: 'AUTH_TOKEN',
};

/** Token formats that say nothing about a provider: in test code they are test data like any other string. */
const GENERIC_IN_TESTS = new Set(['jwt', 'basic-auth-header', 'bearer-auth-header', 'credential-header', 'curl-user']);

/** Words that describe a container, not what it holds: skipped when naming the variable. */
const CONTAINER_WORDS = new Set([
  'config',
  'conf',
  'cfg',
  'options',
  'opts',
  'settings',
  'params',
  'props',
  'env',
  'defaults',
  'default',
  'auth',
  'credentials',
  'creds',
  'secrets',
  'keys',
  'module',
  'exports',
  'data',
  'values',
  'init',
  'create',
  'connection',
  'client',
  'new',
  // Request and form shapes: `body: { password }` names no deploy setting.
  'body',
  'payload',
  'form',
  'request',
  'req',
  'json',
  'query',
  'input',
  'dto',
  'args',
  'headers',
  'header',
]);
/** Names that say little on their own and read better with their container: `db.password` → DB_PASSWORD. */
const GENERIC_NAMES = new Set([
  'password',
  'pass',
  'passwd',
  'pwd',
  'secret',
  'token',
  'key',
  'apikey',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'privatekey',
  'accesstoken',
  'secretkey',
  'clientsecret',
]);

/** `…Key` qualifiers that make the key cryptographic whatever its value looks like. */
const CRYPTO_KEY_QUALIFIERS = new Set([
  'secret',
  'private',
  'signing',
  'sign',
  'encryption',
  'encrypt',
  'master',
  'hmac',
  'jwt',
  'crypto',
  'cipher',
  'aes',
]);

/** Words in a container's or a name's own name that mark its values as examples or refusals, not secrets. */
const STAND_IN_CONTAINER = new Set([
  // `REDACTED_CREDENTIAL_VALUE`: the marker shown in place of a credential (Flowise).
  'redacted',
  'masked',
  'placeholder',
  'placeholders',
  'example',
  'examples',
  'sample',
  'samples',
  'dummy',
  'fake',
  'insecure',
  'weak',
  'known',
  'forbidden',
  'banned',
  'denylist',
  'blocklist',
  'blacklist',
  'disallowed',
  'invalid',
  'common',
]);
/** Container names under which values are messages and labels. */
const MESSAGE_CONTAINER = new Set([
  'errors',
  'error',
  'messages',
  'message',
  'labels',
  'i18n',
  'translations',
  'translation',
  'validation',
  'validations',
  'locale',
  'locales',
  'strings',
  'texts',
  'text',
  'hints',
  'placeholders',
]);
/** Words of an enclosing function, block or config section that make its values test data. */
const TEST_CONTAINER = new Set([
  'test',
  'tests',
  'testing',
  'spec',
  'specs',
  'mock',
  'mocks',
  'fake',
  'fakes',
  'stub',
  'stubs',
  'fixture',
  'fixtures',
  'seed',
  'seeds',
  'seeding',
  'seeder',
  'seeders',
  'e2e',
]);
/** First words of a collection's name that make its secrets per-user or per-device data (`userTokens`, `deviceKeys`). */
const PER_OWNER = new Set([
  'user',
  'users',
  'device',
  'devices',
  'customer',
  'customers',
  'member',
  'members',
  'subscriber',
  'subscribers',
  'client',
  'clients',
]);
/** Object keys that make an object a user record (its `password` is a stored value, often a hash). */
const USER_FIELDS = new Set([
  'username',
  'userName',
  'user_name',
  'email',
  'phone',
  'phoneNumber',
  'firstName',
  'lastName',
  'fullName',
  'name',
  'role',
]);
const EMAIL_KEYS = ['email', 'mail', 'emailAddress', 'email_address'];

/**
 * A local default login among an object's literal properties: the password is the user's name, or made from
 * it (`{ user: 'nodebb', pwd: 'nodebb' }`, `root` / `root_pass`, `POSTGRES_USER` / `POSTGRES_PASSWORD`), or the login email's mailbox
 * (`{ email: 'demo@payloadcms.com', password: 'demo' }`).
 */
function isLoginDefault(password: string, properties: ReadonlyMap<string, string>): boolean {
  for (const [key, user] of properties) {
    if (isUserName(key) && isUserPassword(password, user)) return true;
  }
  return EMAIL_KEYS.some((key) => properties.get(key)?.toLowerCase().split('@')[0] === password.toLowerCase());
}

const userDefaultsCache = new WeakMap<ts.SourceFile, Set<string>>();

/**
 * The literal values a file gives its user-named variables, directly or as the default of an environment
 * lookup (`const dbUser = process.env.POSTGRES_USER ?? 'postgres'`, `DB_USER = 'app'`).
 */
function userDefaults(sourceFile: ts.SourceFile): Set<string> {
  let users = userDefaultsCache.get(sourceFile);
  if (users) return users;
  users = new Set<string>();
  const found = users;
  const literalOf = (e: ts.Expression): string | undefined => {
    const u = unwrapExpression(e);
    if (ts.isStringLiteralLike(u)) return u.text;
    if (
      ts.isBinaryExpression(u) &&
      (u.operatorToken.kind === ts.SyntaxKind.BarBarToken || u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    )
      return literalOf(u.right);
    return undefined;
  };
  const visit = (node: ts.Node) => {
    let name: string | undefined;
    let value: ts.Expression | undefined;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) [name, value] = [node.name.text, node.initializer];
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrapExpression(node.left);
      name = ts.isIdentifier(left) ? left.text : ts.isPropertyAccessExpression(left) ? left.name.text : undefined;
      value = node.right;
    }
    if (name && value && isUserName(name)) {
      const literal = literalOf(value);
      if (literal) found.add(literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  userDefaultsCache.set(sourceFile, users);
  return users;
}

/** Paths of test data outside the test globs: seeds, mocks, fixtures, stories. */
const SEED_PATH = /(^|\/)(seeders?|seeds?|seeding|mocks?|__mocks__|fixtures?|__fixtures__|stubs?|fakes?|stories|__demos__)\//i;
/** A component's demos (dumi's `src/form/demos/demo2.jsx`): documentation, not a feature module named demos (`src/demos/demos.service.ts`). */
const DEMO_FILE = /(^|\/)demos\/[^/]+\.[jt]sx$/i;
const SEED_FILE =
  /(^|[./_-])(seeds?|seeders?|seeding|mocks?|stubs?|fakes?|fixtures?|stories|story)\.[cm]?[jt]sx?$|^(seeds?|seeders?|seeding)[-_.]/i;
/** A database's populate script beside its schema (`prisma/populate.ts`): seed data by another name. */
const POPULATE_SCRIPT = /(^|\/)(?:prisma|db|database)\/populate\.[cm]?[jt]s$/i;
const TEST_SCRIPT = /(^|\/)scripts\/[^/]*test[^/]*$/i;
/** Folders of translated UI text. */
const MESSAGE_PATH = /(^|\/)(i18n|l10n|locales?|translations?|langs?|languages)\//i;

/**
 * A value of a module's data object (`export const de = { auth: { password: 'Kennwort' } }`): reached from a
 * declaration or export through object literals only, never given to a call (`new Pool({ password })`).
 */
function isCatalogueEntry(ancestors: readonly ts.Node[]): boolean {
  if (!ts.isPropertyAssignment(ancestors[ancestors.length - 1])) return false;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isPropertyAssignment(a) || ts.isObjectLiteralExpression(a) || ts.isArrayLiteralExpression(a)) continue;
    if (ts.isAsExpression(a) || ts.isSatisfiesExpression(a) || ts.isParenthesizedExpression(a)) continue;
    return (
      ts.isVariableDeclaration(a) ||
      ts.isExportAssignment(a) ||
      (ts.isBinaryExpression(a) && a.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    );
  }
  return false;
}

/**
 * Output of a bundler or compiler, not a source: a webpack/parcel runtime or license banner at the
 * top, a `sourceMappingURL` at the end, tsc/babel's CommonJS interop header, or most of the text on
 * very long lines. All linear (only the head, the tail and one pass counting line lengths).
 */
function isGeneratedSource(text: string): boolean {
  const head = text.slice(0, 2048);
  if (
    /webpackBootstrap|__webpack_require__|\/\*! For license information please see|webpackChunk|parcelRequire|System\.register\(/.test(head)
  )
    return true;
  if (/^\s*(?:(['"])use strict\1;?\s*)?Object\.defineProperty\(exports, ['"]__esModule['"], \{ value: true \}\);/.test(head)) return true;
  if (/\/\/[#@] sourceMappingURL=[^\s]+\s*$/.test(text.slice(-400))) return true;
  if (text.length >= 20_000) {
    let long = 0;
    let longLines = 0;
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      const length = (end < 0 ? text.length : end) - start;
      if (length > 1000) {
        long += length;
        longLines++;
      }
      if (end < 0) break;
      start = end + 1;
    }
    if (longLines >= 3 && long * 2 >= text.length) return true;
  }
  return false;
}

/**
 * A minified chunk (Monaco's `define("vs/…",…)` language files, 4–20 KB on a line or two): no one writes code
 * so. Its named values are the minifier's; provider tokens in it are still reported.
 */
function isMinifiedChunk(text: string): boolean {
  if (text.length < 4096 || text.length >= 20_000) return false;
  const newlines = text.split('\n', 5).length - 1;
  return newlines <= 3 && text.length / (newlines + 1) > 2000;
}

/** File names bundlers give their output. */
const BUNDLE_NAME = /(^|[./-])(bundle|chunk|min)\.[cm]?js$|^(bundle|vendor|vendors|main|app)\.[0-9a-f]{6,}\.js$/i;

function typeAdmitsUndefined(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (type.kind === ts.SyntaxKind.UndefinedKeyword || type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword)
    return true;
  if (ts.isUnionTypeNode(type)) return type.types.some(typeAdmitsUndefined);
  if (ts.isParenthesizedTypeNode(type)) return typeAdmitsUndefined(type.type);
  return false;
}

function calleeText(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) {
    const object = unwrapExpression(callee.expression);
    return ts.isIdentifier(object) ? `${object.text}.${callee.name.text}` : callee.name.text;
  }
  return undefined;
}

/**
 * `algolia: { appId, apiKey, indexName }` in a docs site's theme config (VitePress, Docusaurus): DocSearch's
 * search-only key. Not an indexing plugin's options (`queries`: it needs the admin key).
 */
function isDocSearchConfig(object: ts.ObjectLiteralExpression, holder: ts.Node): boolean {
  if (!ts.isPropertyAssignment(holder) || !/^(?:algolia|docsearch)$/i.test(propertyNameText(holder.name) ?? '')) return false;
  const keys = new Set(object.properties.map((p) => (p.name ? propertyNameText(p.name) : undefined)));
  return keys.has('appId') && keys.has('apiKey') && keys.has('indexName') && !keys.has('queries');
}

/**
 * Configurations whose keys their providers publish in web pages by design, told by where the value
 * goes: Algolia DocSearch's search-only `apiKey`, as `docsearch({ appId, apiKey, indexName })`, a docs
 * theme's `algolia: { … }` or `<DocSearch apiKey="…" />`. (Keys published by their format, `pk_live_…`,
 * are in secrets/values.ts.)
 */
function isPublishedByDesign(ancestors: readonly ts.Node[]): boolean {
  const parent = ancestors[ancestors.length - 1];
  if (parent && ts.isPropertyAssignment(parent)) {
    const object = ancestors[ancestors.length - 2];
    const holder = ancestors[ancestors.length - 3];
    if (!object || !ts.isObjectLiteralExpression(object) || !holder) return false;
    if (isDocSearchConfig(object, holder)) return true;
    const callee =
      (ts.isCallExpression(holder) || ts.isNewExpression(holder)) && (holder.arguments ?? []).some((a) => a === object)
        ? (calleeText(holder) ?? '')
        : '';
    // Google Tag Manager's environment `auth` (react-gtm-module's `TagManager.initialize({ gtmId, auth, preview })`):
    // written into every page's `gtm.js?…&gtm_auth=` URL.
    if (/(?:^|\.)TagManager\.initialize$/.test(callee) && propertyNameText(parent.name) === 'auth') return true;
    return /(?:^|\.)docsearch$/i.test(callee);
  }
  // `<DocSearch apiKey="…" />`: attribute, its attribute list, then the element.
  let at = ancestors.length - 1;
  while (at >= 0 && !ts.isJsxAttribute(ancestors[at])) at--;
  const element = at >= 2 ? ancestors[at - 2] : undefined;
  return (
    !!element &&
    (ts.isJsxSelfClosingElement(element) || ts.isJsxOpeningElement(element)) &&
    ts.isIdentifier(element.tagName) &&
    element.tagName.text === 'DocSearch'
  );
}

function escapeTemplate(text: string): string {
  return text.replace(/[\\`]|\$\{/g, (m) => `\\${m}`);
}

/** The string value of an object literal's properties that are literals (`dialect: 'sqlite'`). */
function literalProperties(object: ts.ObjectLiteralExpression): Map<string, string> {
  const out = new Map<string, string>();
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = propertyNameText(property.name);
    const value = unwrapExpression(property.initializer);
    if (key && (ts.isStringLiteralLike(value) || ts.isNumericLiteral(value))) out.set(key, value.text);
    else if (key) {
      const fallback = lookupDefault(value);
      if (fallback !== undefined) out.set(key, fallback);
    }
  }
  return out;
}

/** The development default of an environment lookup: `env('DATABASE_USERNAME', 'strapi')`, `process.env.DB_USER || 'app'`. */
function lookupDefault(value: ts.Expression): string | undefined {
  if (
    ts.isBinaryExpression(value) &&
    (value.operatorToken.kind === ts.SyntaxKind.BarBarToken || value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
  ) {
    const right = unwrapExpression(value.right);
    return ts.isStringLiteralLike(right) ? right.text : undefined;
  }
  if (ts.isCallExpression(value) && value.arguments.length === 2) {
    const [name, fallback] = value.arguments.map(unwrapExpression);
    if (ts.isStringLiteralLike(name) && /^[A-Z][A-Z0-9_]*$/.test(name.text) && ts.isStringLiteralLike(fallback)) return fallback.text;
  }
  return undefined;
}

/** The string values of an enum's members, by name. */
/**
 * The modes a file declares at its top level: the string values of its enums' members and of its union types' literal
 * members (`type Mode = 'always' | 'never'`, `interface P { accept?: 'always' | 'never' }`).
 */
function declaredModes(sourceFile: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const union = (type: ts.TypeNode | undefined) => {
    if (!type || !ts.isUnionTypeNode(type)) return;
    for (const t of type.types) if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) out.add(t.literal.text);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isEnumDeclaration(statement)) for (const value of enumValues(statement).values()) out.add(value);
    else if (ts.isTypeAliasDeclaration(statement)) union(statement.type);
    else if (ts.isInterfaceDeclaration(statement))
      for (const member of statement.members) if (ts.isPropertySignature(member)) union(member.type);
  }
  return out;
}

function enumValues(declaration: ts.EnumDeclaration): Map<string, string> {
  const out = new Map<string, string>();
  for (const member of declaration.members) {
    const key = propertyNameText(member.name);
    const value = member.initializer && unwrapExpression(member.initializer);
    if (key && value && ts.isStringLiteralLike(value)) out.set(key, value.text);
  }
  return out;
}

/** The shape class of an id-like value: a UUID, or hex of one length. */
function idShape(value: string): string | undefined {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 'uuid';
  if (/^[0-9a-f]{16,}$/i.test(value)) return `hex${value.length}`;
  return undefined;
}

/**
 * A table of ids (an enum or object whose values are all UUIDs or hex of one length, most of them
 * under names that are not secrets): `OnePassword = '<aaguid>'` among `Bitwarden`, `Dashlane`….
 */
function isIdTable(value: string, properties: ReadonlyMap<string, string>): boolean {
  const shape = idShape(value);
  if (!shape || properties.size < 3) return false;
  let secretNamed = 0;
  for (const [key, v] of properties) {
    if (idShape(v) !== shape) return false;
    if (secretKindOfName(key)) secretNamed++;
  }
  return secretNamed * 3 <= properties.size;
}

/**
 * A short password next to its user in one object (`auth: { user: 'club@126.com', pass: 'club' }`):
 * the pair says what it is, so four or five characters are enough.
 */
function isShortPairPassword(value: string, name: string, properties: ReadonlyMap<string, string>): boolean {
  if (secretKindOfName(name) !== 'password' || !isShortPasswordValue(value)) return false;
  const user =
    properties.get('user') ??
    properties.get('username') ??
    properties.get('userName') ??
    properties.get('login') ??
    properties.get('email');
  return !!user && user.toLowerCase() !== value.toLowerCase() && !isPlaceholder(user);
}

/** The nearest name a value is under, from its position: the innermost property, else the slot's name. */
interface NameContext {
  name: string;
  /** Declared type admits undefined (`x?: string`, `string | undefined`). */
  admitsUndefined: boolean;
  /** `process.env.X || '…'`: the env lookup the literal is a fallback for. */
  envFallback?: { envName: string };
  /** A JSX attribute value: the replacement needs braces. */
  jsx: boolean;
  inArray: boolean;
  /** How the name was given: a declaration or property (`named`), a lookup default, a keyed setter. */
  how: 'named' | 'configDefault' | 'keyed';
  /** The callee of a lookup or setter, for messages. */
  callee?: string;
}

/** The true side of a condition that names a demo mode (`isDemoMode ? '123456' : ''`, `if (env.DEMO) {…}`). */
function inDemoBranch(ancestors: readonly ts.Node[], node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    const condition =
      ts.isConditionalExpression(a) && a.whenTrue === child
        ? a.condition
        : ts.isIfStatement(a) && a.thenStatement === child
          ? a.expression
          : undefined;
    if (condition && namesDemo(condition)) return true;
    if (ts.isFunctionLike(a)) return false;
    child = a;
  }
  return false;
}

function namesDemo(condition: ts.Expression): boolean {
  // `!isDemo ? '…' : 'demo'`, `isDemo === false`, `mode !== 'demo'`: the true side is the real one.
  let negated = false;
  let found = false;
  const visit = (n: ts.Node) => {
    if (found || negated) return;
    if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) negated = true;
    if (
      ts.isBinaryExpression(n) &&
      (n.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        n.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken ||
        n.right.kind === ts.SyntaxKind.FalseKeyword)
    )
      negated = true;
    if ((ts.isIdentifier(n) || ts.isStringLiteralLike(n)) && identifierWords(n.text).includes('demo')) found = true;
    ts.forEachChild(n, visit);
  };
  visit(condition);
  return found && !negated;
}

/** Words of environment variable names (`AWS_SECRET_ACCESS_KEY`, `STATUS_CALLBACK`, `S3_BUCKET`). */
const SETTING_NAME_WORDS = new Set(
  'KEY KEYS TOKEN SECRET PASSWORD PASS ID URL URI HOST PORT NAME USER BUCKET REGION ENDPOINT API CALLBACK PATH DIR ENV MODE LEVEL DATABASE DB'.split(
    ' ',
  ),
);

/** A record's field name in PascalCase, or a path of them (`TemplateId`, `Signers.UserId`): words, no digits run. */
const FIELD_NAME = /^(?:[A-Z][a-z]+)+(?:Id|ID)?(?:\.(?:[A-Z][a-z]+)+(?:Id|ID)?)*$/;

/**
 * A list of a record's field names under a `…Keys` name (`needYourSignKeys = ['Name', 'TemplateId']`): two entries or
 * more, the value a field name with no secret word in it. Not `keys` itself (cookie-session's signing keys), nor
 * `['ThisIsTheJwtSigningSecret']`.
 */
function isFieldNameList(array: ts.ArrayLiteralExpression, name: string, value: string): boolean {
  if (name === 'keys' || identifierWords(name).at(-1) !== 'keys' || array.elements.length < 2) return false;
  if (FIELD_NAME.test(value) && !identifierWords(value).some((w) => SECRET_LAST_WORDS.includes(w))) return true;
  // `URL_SECRET_KEYS = ['proxy', 'proxyUrl', 'httpProxyUrl', 'webhooks']`: setting names in camelCase, three or more, or one
  // of several words; not `['letmein', 'opensesame']`.
  const texts = array.elements.map((e) => (ts.isStringLiteralLike(e) ? e.text : undefined));
  // `onlyEncryptKeys: ['STATUS_CALLBACK', 'AWS_SECRET_ACCESS_KEY', 'BUCKET']`: names of environment variables, two or
  // more of them joined by `_`, each with a word of three letters or more and parts that are words or short codes (S3),
  // and one of them a setting's word (KEY, TOKEN, URL, HOST…). Not `['AKIAIOSFODNN7EXAMPLE', 'A_B']`, `['XQ7_KM2_PZ9']`,
  // nor passphrases of words (`TROMBONE_QUASAR_MUFFIN`).
  if (
    texts.every(
      (t) =>
        t !== undefined &&
        // Parts checked one by one: one pattern with two alternatives that both take `AB` backtracks exponentially.
        t.split('_').every((part) => /^(?:[A-Z]{2,}|[A-Z][A-Z0-9]{0,2})$/.test(part)) &&
        /(?:^|_)[A-Z]{3,}(?:_|$)/.test(t),
    ) &&
    texts.filter((t) => t!.includes('_')).length >= 2 &&
    texts.some((t) => t!.split('_').some((part) => SETTING_NAME_WORDS.has(part)))
  )
    return true;
  if (texts.some((t) => t === undefined || !/^[a-z]+(?:[A-Z][a-z]+)*$/.test(t))) return false;
  const words = texts.map((t) => identifierWords(t!));
  return (
    (texts.length >= 3 || words.some((w) => w.length > 1)) &&
    words.every((ws) => ws.every((w) => (isPlainWord(w) || /^[a-z]{2,4}$/.test(w)) && !SECRET_LAST_WORDS.includes(w)))
  );
}

/** Words of permission lists and modes (`['create', 'update', 'delete']`, `['read', 'write']`). */
const PERMISSION_WORDS = new Set([
  'create',
  'read',
  'update',
  'delete',
  'write',
  'list',
  'view',
  'edit',
  'manage',
  'admin',
  'owner',
  'own',
  'any',
  'all',
  'none',
  'get',
  'post',
  'put',
  'patch',
  'execute',
  'enabled',
  'disabled',
]);

/**
 * Two or more words of a permission list (`['create', 'update', 'delete']`, `['read:own', 'write:own']`); or a list of
 * names: columns of a table (`['_nango_connections.id', '_nango_connections.credentials_iv']`), codes of an enumeration
 * (`['OAUTH1', 'OAUTH2', 'TBA', 'APP']`, three or more), events (`['login', 'logout', 'password_reset']`). Not random
 * keys (`['k8.Xq81LmZ9']`, `['K7QX9LMZ2PWA']`).
 */
function isWordList(array: ts.ArrayLiteralExpression): boolean {
  const texts = array.elements.map((e) => (ts.isStringLiteralLike(e) ? e.text : undefined));
  if (texts.length < 2 || texts.some((t) => t === undefined)) return false;
  const all = (test: (t: string) => boolean) => texts.every((t) => test(t!));
  if (all((t) => /^[a-z]{2,16}(?:[-_:][a-z]{2,16})?$/.test(t) && PERMISSION_WORDS.has(t.split(/[-_:]/)[0]))) return true;
  // Columns of a table (`_nango_connections.credentials_iv`): words and short codes on both sides of the dot; not a
  // versioned key ring (`['v3.d4f1a9c3e8b2…', 'v2.a9c3…']`), whose part after the dot is random.
  const wordy = (part: string) => part.split('_').every((w) => w === '' || isWordSegment(w));
  if (all((t) => /^_{0,2}[a-z][a-z0-9]*(?:_[a-z0-9]+)*\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(t) && t.split('.').every(wordy))) return true;
  // Names of files that hold secrets (`CONTEXT_SECRETS = ['.env', '.env.local', '.npmrc', 'id_rsa.pem']`).
  if (all((t) => t.length <= 40 && (/^\.[a-z0-9][a-z0-9._-]*$/.test(t) || (/^[\w-]+(?:\.[\w-]+)*$/.test(t) && FILE_EXTENSION.test(t)))))
    return true;
  // Names of secrets in a store (`['billing-api/stripe-secret-key', 'billing-api/database-url']`, AWS Secrets Manager's
  // ids): paths of words; not a key with a random part after a slash.
  if (
    all(
      (t) =>
        /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*(?:\/[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*)+$/.test(t) &&
        t.split(/[/._-]/).every((w) => isWordSegment(w) || /^\d{1,4}$/.test(w)),
    )
  )
    return true;
  // Codes: capitals with at most two digits at the end (`OAUTH2`), or capital words joined by `_`; not `K7QX9LMZ2PWA`.
  if (texts.length >= 3 && all((t) => t.length <= 12 && /^(?:[A-Z]{2,}\d{0,2}|[A-Z]+(?:_[A-Z]+)+)$/.test(t))) return true;
  // An event, or a thing and what happened to it (`password_changed`, `email_verified`).
  if (all((t) => /^[a-z]+(?:_[a-z]+)*$/.test(t) && EVENT_WORDS.has(t.split('_').pop()!))) return true;
  return isKindList(texts as string[]);
}

/**
 * Names of kinds in kebab-case, three or more, two of them sharing a word (Kong's plugins `['basic-auth', 'key-auth',
 * 'hmac-auth', 'jwt', 'oauth2']`): each word plain or a short code. Not passphrases (`['correct-horse', 'battery-staple',
 * 'zebra-quartz']`, no word shared) nor keys with a random part.
 */
function isKindList(texts: readonly string[]): boolean {
  if (texts.length < 3) return false;
  const parts = texts.map((t) => (/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(t) && t.length <= 24 ? t.split('-') : undefined));
  if (parts.some((p) => !p || !p.every((w) => isPlainWord(w) || /^[a-z]{2,5}\d?$/.test(w)))) return false;
  const joined = parts.filter((p) => p!.length > 1);
  const shared = (i: number) => joined.some((other, j) => j !== i && other!.some((w) => joined[i]!.includes(w)));
  return joined.length >= 2 && joined.some((_, i) => shared(i));
}

/** Extensions of files that hold keys, certificates and settings. */
const FILE_EXTENSION = /\.(?:json|ya?ml|pem|key|crt|cer|p12|pfx|jks|env|txt|conf|ini|toml|properties)$/i;

/** Words that name what happened or what to do (an audit log's or a form's events). */
const EVENT_WORDS = new Set(
  'login logout signin signout signup register registered verify verified created updated deleted enrolled enabled disabled invited joined left expired revoked rotated changed reset requested failed succeeded sent confirmed'.split(
    ' ',
  ),
);

function nameOfPosition(position: Position, node: ts.Node): NameContext | undefined {
  const { slot, path } = position;
  const base = {
    envFallback: position.envFallback ? { envName: position.envFallback } : undefined,
    inArray: position.inArray,
    jsx: false,
    admitsUndefined: false,
    how: 'named' as const,
  };
  if (path.length) {
    // `{ stripe: { key: '…' } }`: a provider's bare key is its API key ("stripe.key", as config files are read).
    const last = path[path.length - 1];
    const parent = path.length > 1 ? path[path.length - 2] : slot && hopName({ ...position, path: [] });
    const named = parent && /^keys?$/i.test(last) && isProviderName(parent) ? `${parent}.${last}` : last;
    return { ...base, name: named };
  }
  if (!slot) return undefined;
  const unnamed = position.envFallback ? { ...base, name: position.envFallback } : undefined;
  switch (slot.kind) {
    case 'variable':
      return { ...base, name: slot.name, admitsUndefined: typeAdmitsUndefined(slot.node.type) };
    case 'parameter':
      return { ...base, name: slot.name, admitsUndefined: !!slot.node.questionToken || typeAdmitsUndefined(slot.node.type) };
    case 'field':
      return { ...base, name: slot.name, admitsUndefined: !!slot.node.questionToken || typeAdmitsUndefined(slot.node.type) };
    case 'binding':
    case 'enumMember':
      return { ...base, name: slot.name };
    case 'assignment':
      return slot.name ? { ...base, name: slot.name } : unnamed;
    case 'jsx':
      return { ...base, name: slot.name, admitsUndefined: true, jsx: slot.node.initializer === node };
    case 'configDefault':
      return { ...base, name: slot.key, how: 'configDefault', callee: slot.callee };
    case 'keyed':
      return { ...base, name: slot.name, how: 'keyed', callee: slot.method };
    case 'exported':
      return slot.name ? { ...base, name: slot.name } : unnamed;
    default:
      // `jwt.sign(p, process.env.JWT_SECRET || '…')`: the lookup names the value.
      return unnamed;
  }
}

/** Names on a hop of a route (variables, parameters, fields, property paths), for "names further on the way". */
function hopName(position: Position): string | undefined {
  if (position.path.length) return position.path[position.path.length - 1];
  const slot = position.slot;
  if (!slot) return undefined;
  if (
    slot.kind === 'variable' ||
    slot.kind === 'parameter' ||
    slot.kind === 'field' ||
    slot.kind === 'binding' ||
    slot.kind === 'enumMember'
  )
    return slot.name;
  if (slot.kind === 'assignment') return slot.name;
  return undefined;
}

/** Names of values shown as examples: `placeholder`, `privateKeyDataHolder`, `exampleToken`, `sampleKey`. */
const EXAMPLE_NAME = /(?:placeholder|holder|^examples?|^samples?)(?:[A-Z_]|$)|(?:Placeholder|Holder|Example|Sample)s?$/;
/** A constant named for a sentinel or marker (`SKIP_ACCESS_TOKENS_SENTINEL`): a value compared, not a credential. */
const SENTINEL_NAME = /(?:^|_)(?:SENTINEL|MARKER)$|(?:Sentinel|Marker)$/;

/** A literal of `process.env.X ? 'set' : 'not set'` (both branches literals, the condition an env read). */
function isSetOrNotLabel(node: ts.Node, parent: ts.Node): boolean {
  if (!ts.isConditionalExpression(parent) || parent.condition === node) return false;
  if (!ts.isStringLiteralLike(unwrapExpression(parent.whenTrue)) || !ts.isStringLiteralLike(unwrapExpression(parent.whenFalse)))
    return false;
  let condition = unwrapExpression(parent.condition);
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken)
    condition = unwrapExpression(condition.operand);
  return readsEnvironment(condition) && !ts.isBinaryExpression(condition);
}

/** A function that fetches something by name: a verb (`get`, `read`, `load`, `fetch`, `lookup`…) and what it fetches. */
const FETCH_VERBS = new Set(['get', 'read', 'load', 'fetch', 'lookup', 'find', 'resolve', 'retrieve']);

/**
 * A parameter that names what its function fetches, its function being named for fetching that very
 * thing: `getSecret('sessionsecret')`, where `function getSecret(secret) { … fs.readFileSync(path.join(dir,
 * secret)) }` reads a Docker secret file of that name; `readPassword(password)`. The argument says which
 * secret, it is not one. `connect(host, password)` and `getClient(secret)` take one.
 */
function namesWhatItFetches(sourceFile: ts.SourceFile, position: Position): boolean {
  const slot = position.slot;
  if (slot?.kind !== 'parameter' || position.path.length) return false;
  const name = functionNameOf(sourceFile, slot.fn);
  if (!name) return false;
  const [verb, ...what] = identifierWords(name);
  const own = identifierWords(slot.name);
  const thing = own[own.length - 1];
  // `getPasswordHash(password)` hashes one, `getBearerToken(token)` formats one: the argument must be what is
  // fetched (the name's last word) and the body must only look it up.
  return FETCH_VERBS.has(verb) && !!thing && what[what.length - 1] === thing && usedOnlyAsLookup(slot.fn, slot.name);
}

/** Calls that look a thing up by its name: a path, a file, an environment or secret-manager read, a map's get. */
const LOOKUP_CALLS =
  /^(?:join|resolve|normalize|readFile|readFileSync|existsSync|access|accessSync|stat|statSync|open|createReadStream|get|getSecretValue|getParameter|getItem|has|fetch|request)$/;

/**
 * Every use of the parameter in the function's body looks something up by it: an argument of a lookup
 * call (`path.join(dir, secret)`, `fs.readFileSync(…)`, `client.getSecretValue(…)`), inside a template or
 * a concatenation given to one, a key (`process.env[name]`, `secrets[name]`), or a local const built
 * from it that is used so in turn (`const file = path.join(dir, secret)`).
 */
function usedOnlyAsLookup(fn: ts.SignatureDeclaration, parameter: string): boolean {
  const body = (fn as { body?: ts.Node }).body;
  if (!body) return false;
  let ok = true;
  let uses = 0;
  const derived = new Set<string>([parameter]);
  const visit = (node: ts.Node, chain: readonly ts.Node[]) => {
    if (!ok) return;
    if (ts.isIdentifier(node) && derived.has(node.text)) {
      const parent = chain[chain.length - 1];
      if (parent && ts.isVariableDeclaration(parent) && parent.name === node) return;
      uses++;
      ok = isLookupUse(node, chain, derived);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, [...chain, node]));
  };
  visit(body, [fn]);
  return ok && uses > 0;
}

function isLookupUse(use: ts.Node, chain: readonly ts.Node[], derived: Set<string>): boolean {
  let child: ts.Node = use;
  for (let i = chain.length - 1; i >= 0; i--) {
    const p = chain[i];
    if (ts.isElementAccessExpression(p) && p.argumentExpression === child) return true;
    if (ts.isCallExpression(p) && p.arguments.includes(child as ts.Expression)) {
      const callee = unwrapExpression(p.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      return LOOKUP_CALLS.test(name);
    }
    if (
      ts.isTemplateSpan(p) ||
      ts.isTemplateExpression(p) ||
      (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken)
    ) {
      child = p;
      continue;
    }
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p)) {
      child = p;
      continue;
    }
    // `const filePath = path.join(basePath, secret)`: the local is looked at in its turn.
    if (ts.isVariableDeclaration(p) && p.initializer === child && ts.isIdentifier(p.name)) {
      derived.add(p.name.text);
      return true;
    }
    return false;
  }
  return false;
}

/**
 * Statements whose literals were all judged harmless (KeptVerdicts): on a keystroke only the changed
 * statements are judged again, with those that reported and those whose verdict read the file's index
 * (routes through the file, a literal's roles), which any statement can change. What else a verdict
 * reads is kept with it: the module bindings, and the callee names asked of the file's text.
 */
const harmlessStatements = new WeakMap<ts.Node, StatementReads>();

/**
 * File names of development sources: `dev` or `development` as the last part before the extension (`server-dev.ts`,
 * `app.development.js`). Not a `dev-portal.js` (a feature of that name), nor `*.local.js` (LoopBack loads
 * `datasources.local.js` in every environment; passport's local login lives in `passport-local.js`).
 */
const DEV_SOURCE_NAME = /[._-](?:dev|development)\.[cm]?[jt]sx?$/i;

export const typescriptCheck: TypeScriptCheck = {
  prefilter: (text) =>
    (/pass|pwd|secret|token|key|credential|auth|creds|:\/\/|sign|hmac|cipher|crypt|cookie|stripe|twilio|sequelize|hashids|salt|webclient|telegra|bot\b|algolia|generativeai|btoa|buffer|strategy/i.test(
      text,
    ) ||
      TOKEN_PREFIX_HINT.test(text)) &&
    !isGeneratedSource(text) &&
    // The words above are everywhere; the literals that could be reported are not.
    mayHoldSecretLiteral(text),
  // mayHoldSecretLiteral scans every token: as much as the rule's own visit of the literals.
  prefilterInScansOnly: true,
  create(context: TypeScriptContext): TypeScriptVisitors {
    const { sourceFile } = context;
    const relative = relativePath(context.root, context.file);
    if (BUNDLE_NAME.test(path.basename(context.file)) || isGeneratedSource(context.text)) return {};
    const isTs = /\.(ts|tsx|mts|cts)$/i.test(context.file);
    let modes: Set<string> | undefined;
    const modeValues = () => (modes ??= declaredModes(context.sourceFile));
    /** Test data by where the file is: the test globs, or seeds, mocks and fixtures elsewhere. */
    const testDataFile =
      context.isTestFile ||
      SEED_PATH.test(relative) ||
      SEED_FILE.test(path.basename(relative)) ||
      DEMO_FILE.test(relative) ||
      POPULATE_SCRIPT.test(relative) ||
      TEST_SCRIPT.test(relative);
    const chunk = isMinifiedChunk(context.text);
    /** A source named for development (`server-dev.ts`): judged like `.env.development`, tokens only. */
    const devFile = DEV_SOURCE_NAME.test(path.basename(relative));
    /** A catalogue of UI text by where the file is (`locales/de.ts`, `i18n/`, `translations/`): its named values are labels. */
    const messageFile = MESSAGE_PATH.test(relative);
    let bindings: ModuleBindings | undefined;
    const kept = new KeptVerdicts(context.incremental ? harmlessStatements : undefined, {
      scope: `${context.file}\0${testDataFile}\0${chunk}`,
      modules: () => (bindings ??= moduleBindings(sourceFile)).key(),
      answer: (name) => mayDeclareFunction(sourceFile, name),
    });
    const modules = () => {
      bindings ??= moduleBindings(sourceFile);
      kept.readModules(bindings.key());
      return bindings;
    };
    /** The file's index is read: the statement's verdict can change with any other statement. */
    const readsIndex = () => kept.unkept();
    const asked = (name: string, declared: boolean) => kept.answered(name, declared);
    const reported = new Set<number>();

    /**
     * Code that reads NAME from the environment. Where the declared type needs a string (TypeScript),
     * a missing variable fails at startup instead of running on an empty value: honest, and it types.
     */
    const required = (envName: string) => `(() => { throw new Error('${envName} is not set'); })()`;
    const envExpression = (envName: string, admitsUndefined: boolean) =>
      isTs && !admitsUndefined ? `process.env.${envName} ?? ${required(envName)}` : `process.env.${envName}`;
    const readTitle = (envName: string, admitsUndefined: boolean) =>
      isTs && !admitsUndefined
        ? `Read ${envName} from the environment, failing at startup when it is unset`
        : `Read ${envName} from the environment (process.env.${envName})`;

    const envFix = (range: Range, envName: string, newText: string, title: string): Fix => ({
      title: `${title}, and add it to .env.example`,
      titleWithoutOptional: title,
      kind: 'suggestion',
      isPreferred: true,
      changes: [
        { kind: 'replace', file: context.file, range, newText },
        { ...envExampleChange(context.root, envName), optional: true },
      ],
    });

    /** Literal text in source equals its value (no escapes), so value offsets map to source offsets. */
    const plainOffsets = (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral) => {
      const start = node.getStart(sourceFile);
      return sourceFile.text.slice(start + 1, node.end - 1) === node.text ? start + 1 : undefined;
    };

    /**
     * Replacement for the part [from, to) of a literal's value by an env lookup: the whole literal when
     * it is the whole value, else a template literal keeping the rest (`'Bearer ' + token` shapes).
     */
    const partReplacement = (
      node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral,
      from: number,
      to: number,
      envName: string,
      name: NameContext | undefined,
    ) => {
      const value = node.text;
      const expression =
        from === 0 && to === value.length
          ? envExpression(envName, name?.admitsUndefined ?? false)
          : `\`${escapeTemplate(value.slice(0, from))}\${${envExpression(envName, false)}}${escapeTemplate(value.slice(to))}\``;
      return name?.jsx ? `{${expression}}` : expression;
    };

    /** Positions where an expression cannot replace the literal: types, keys, module specifiers. */
    const fixable = (node: Literal, parent: ts.Node | undefined): boolean => {
      if (!parent) return false;
      if (
        ts.isLiteralTypeNode(parent) ||
        ts.isImportDeclaration(parent) ||
        ts.isExportDeclaration(parent) ||
        ts.isExternalModuleReference(parent) ||
        ts.isModuleDeclaration(parent)
      )
        return false;
      if (ts.isEnumMember(parent)) return false;
      if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === node)
        return false;
      if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'require') return false;
      if (ts.isImportTypeNode(parent)) return false;
      return true;
    };

    /** Prefix of the env var from the containers around a generic name: `db: { password }` → DB. */
    const containerPrefix = (ancestors: readonly ts.Node[]): string | undefined => {
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const a = ancestors[i];
        let name: string | undefined;
        if (ts.isPropertyAssignment(a) || ts.isVariableDeclaration(a) || ts.isPropertyDeclaration(a)) name = propertyNameText(a.name);
        else if (ts.isCallExpression(a) || ts.isNewExpression(a)) {
          const text = calleeText(a);
          if (!text) return undefined;
          const parts = text.split('.');
          // `redis.createClient({ password })` → REDIS, `new Stripe(…)` / `session({ secret })` → STRIPE / SESSION;
          // other method calls (`JSON.stringify`, `res.send`, `axios.post`) name no setting: look further out.
          if (parts.length > 1 && /^(create|connect|init|new|configure|setup|use|register)/i.test(parts[1])) name = parts[0];
          else if (parts.length === 1 || ts.isNewExpression(a)) name = parts[parts.length - 1];
          else continue;
        } else if (ts.isClassDeclaration(a) || ts.isFunctionLike(a) || ts.isSourceFile(a)) return undefined;
        if (!name) continue;
        const words = identifierWords(name).filter((w) => !CONTAINER_WORDS.has(w));
        if (words.length) return words.join('_').toUpperCase();
      }
      return undefined;
    };

    const envNameFor = (name: string, ancestors: readonly ts.Node[], ctx: NameContext): string => {
      if (ctx.envFallback) return ctx.envFallback.envName;
      if (ctx.how === 'keyed') return headerEnvName(name);
      const base = envVarName(name);
      if (!GENERIC_NAMES.has(identifierWords(name).join(''))) return base;
      const prefix = containerPrefix(ancestors.slice(0, -1));
      return prefix && !base.startsWith(prefix) ? `${prefix}_${base}` : base;
    };

    /** `x-api-key` → API_KEY, `Authorization` → AUTHORIZATION. */
    const headerEnvName = (header: string) => envVarName(header.replace(/^x-/i, ''));

    /** Set by `judge` for the literal at hand: is it in a container of examples, messages or test data? */
    let contained: () => boolean = () => false;
    const report = (node: Literal, messageId: string, data: Record<string, string>, secret: string, range: Range, fixes: Fix[]) => {
      kept.unkept();
      if (reported.has(node.pos)) return;
      if (messageId !== 'providerToken' && messageId !== 'providerTokenInTest' && contained()) return;
      const full = { ...data, value: redact(secret) };
      reported.add(node.pos);
      // The engine masks every occurrence of a reported secret in the message. A value that is also a
      // word of the message (`password` in "database password") would mangle the message's own words,
      // and the message already shows it redacted: such a value is not handed over for masking.
      const template = (MESSAGES as Record<string, string>)[messageId];
      const ownWords = template !== undefined && formatMessage(template, full).includes(secret);
      // Test data in any file (a test-named constant, a seed function) is reported at information, as in a test file;
      // not a token whose own prefix says it is live (`sk_live_…`, `rk_prod_…`): that one is a leak wherever it sits.
      const severity =
        messageId === 'providerTokenInTest' && !/(?:^|[_-])(?:live|prod)_/.test(secret) ? ('information' as const) : undefined;
      context.report({ messageId, data: full, range, secrets: ownWords ? [] : [secret], fixes, ...(severity ? { severity } : {}) });
    };

    /** Value of a template with `${…}` parts marked as unknown (\0), and the literal spans' offsets. */
    const templateValue = (node: ts.TemplateExpression) => node.head.text + node.templateSpans.map((s) => `\0${s.literal.text}`).join('');

    /** Names of the containers around a literal (properties, variables, functions, classes), innermost first. */
    const containerNames = (ancestors: readonly ts.Node[]) => {
      const names: string[] = [];
      const callees: string[] = [];
      /** Names of the objects and arrays of data around the literal (not functions or classes): `deTranslations = { … }`. */
      const dataNames: string[] = [];
      for (let i = ancestors.length - 1; i >= Math.max(0, ancestors.length - 64); i--) {
        const a = ancestors[i];
        let name: string | undefined;
        if (ts.isPropertyAssignment(a) || ts.isVariableDeclaration(a) || ts.isPropertyDeclaration(a) || ts.isEnumDeclaration(a)) {
          name = propertyNameText(a.name);
          const value = ts.isEnumDeclaration(a) ? a : a.initializer && unwrapExpression(a.initializer);
          if (name && value && (ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value) || ts.isEnumDeclaration(value)))
            dataNames.push(name);
        } else if ((ts.isFunctionDeclaration(a) || ts.isMethodDeclaration(a) || ts.isClassDeclaration(a)) && a.name)
          name = propertyNameText(a.name);
        else if (ts.isCallExpression(a) || ts.isNewExpression(a)) {
          const callee = calleeName(a.expression);
          if (callee) callees.push(callee);
          // `describe('…', () => …)`, `it(…)`, `beforeAll(…)`: a test body in any file.
          const last = callee?.split('.').pop();
          if (
            last &&
            /^(describe|it|test|beforeAll|beforeEach|afterAll|afterEach|before|after|suite)$/.test(last) &&
            ts.isIdentifier(unwrapExpression(a.expression))
          )
            names.push('test');
        }
        if (name) names.push(name);
      }
      return { names, callees, dataNames };
    };

    const wordsOf = (names: readonly string[]) => new Set(names.flatMap((n) => identifierWords(n)));

    /**
     * Is a value under a secret name a secret? The name's words first (what `…Key` means), then the
     * value's shape (a placeholder, a name, a code, a key path, a hash), then its neighbours (a user
     * record, a local database, a sentinel that is also compared).
     */
    const namedValueIsSecret = (
      value: string,
      name: string,
      position: Position,
      strong: boolean,
      table?: ReadonlyMap<string, string>,
    ): boolean => {
      const object = position.objects[0];
      const properties = object && position.path.length ? literalProperties(object) : table;
      if (
        !looksLikeSecretValue(value, name, position.envFallback !== undefined) &&
        !(properties && isShortPairPassword(value, name, properties))
      )
        return false;
      const words = identifierWords(name);
      const last = words[words.length - 1];
      const before = words.length > 1 ? words[words.length - 2] : undefined;
      const kind = secretKindOfName(name);
      // `cookieKey = 'welcomebanner_status'`, `AUTH_KEY = 'tlm_auth_v1'`: a lookup key, not a crypto key.
      if ((last === 'key' || last === 'keys') && !(before && CRYPTO_KEY_QUALIFIERS.has(before)) && isIdentifierLike(value)) return false;
      // `password: 'incorrectPassword'`, `token: 'autoLogin'`, `onForgotPassword: 'forgotPassword'`.
      if (isCodeName(value)) return false;
      // `results.add(plugin, { pass: 'rcpt_to' })`: what passed a check (beside `fail`, `skip`), not a login's password. A bare
      // `pass` is one beside its user (`auth: { user, pass }`) or under a login's key; a word or code name alone labels an outcome.
      if (words.length === 1 && last === 'pass' && value.split(' ').every((w) => isIdentifierLike(w)) && isOutcomeRecord(position))
        return false;
      if (isKeyPathTo(value, name)) return false;
      if ((kind === 'token' || kind === 'API key' || last === 'key' || last === 'id') && isAllDigits(value)) return false;
      if (isIdentifierLike(value)) {
        // A value of a literal type in the file (`Set<'material' | 'plan'>`) is one of an enumeration.
        readsIndex();
        if (isLiteralTypeText(sourceFile, value)) return false;
        // Assigned and compared in one file: a sentinel (`token = 'autoLogin'` … `token !== 'autoLogin'`).
        const roles = literalRoles(sourceFile, value);
        if (roles.compared > 0 && roles.stored > 0) return false;
      }
      // `dbUser = process.env.POSTGRES_USER ?? 'postgres'; dbPassword = process.env.POSTGRES_PASSWORD ?? 'postgres'`: the
      // local default login, as in one object (isLoginDefault), across a file's variables.
      if (kind === 'password') {
        readsIndex();
        if ([...userDefaults(sourceFile)].some((user) => isUserPassword(value, user))) return false;
      }
      if (properties) {
        // `{ Bitwarden: '<uuid>', OnePassword: '<uuid>', … }`: a table of ids where one name happens to say "password".
        if (isIdTable(value, properties)) return false;
        // A user record keeps a hash of the password, not the password.
        if (kind === 'password' && isHexDigest(value) && [...properties.keys()].some((k) => USER_FIELDS.has(k))) return false;
        if (isLoginDefault(value, properties)) return false;
        if (!strong && object && position.objects.some((o) => isLocalDatabaseOptions(literalProperties(o)))) return false;
      }
      return true;
    };

    /** Containers that turn a value into an example, a message or test data (`PLACEHOLDER_SECRETS`, `errors`, `unit_test`, `seed()`). */
    const containerVerdict = (
      ancestors: readonly ts.Node[],
      ownName: string | undefined,
    ): 'stand-in' | 'message' | 'test' | 'data' | undefined => {
      const { names, callees, dataNames } = containerNames(ancestors);
      const own = ownName ? identifierWords(ownName) : [];
      if (own.some((w) => STAND_IN_CONTAINER.has(w))) return 'stand-in';
      // `Joi.object({…}).example({ auth: { pass: '…' } })`, a schema's `.examples([…])`: a sample the API docs show.
      // Only inside the call's arguments: `Joi.string().default('…').example('x')` wraps the chain before it in its callee.
      if (
        ancestors.some(
          (a, i) =>
            ts.isCallExpression(a) &&
            ts.isPropertyAccessExpression(a.expression) &&
            /^examples?$/.test(a.expression.name.text) &&
            a.arguments.includes(ancestors[i + 1] as ts.Expression),
        )
      )
        return 'stand-in';
      // `TEST_USER_PASSWORD`, `mockApiKey`: a value named as a test's own.
      if (own.length > 1 && TEST_CONTAINER.has(own[0])) return 'test';
      const words = wordsOf(names.filter((n) => n !== ownName));
      for (const w of words) if (STAND_IN_CONTAINER.has(w)) return 'stand-in';
      if (names.some((n) => MESSAGE_CONTAINER.has(n.toLowerCase()))) return 'message';
      // `deTranslations = { … }`, `errorMessages = { … }`: an object of text shown to users (a data container's
      // last word; not a function's, `sendMessage`, or a class's, `SmsMessage`).
      const ownData = dataNames.filter((n) => n !== ownName);
      if (ownData.some((n) => MESSAGE_CONTAINER.has(identifierWords(n).at(-1) ?? ''))) return 'message';
      // `prefix: { clientSecret: 'fbocs_' }`, `TOKEN_PREFIXES = { … }`: the beginnings of identifiers.
      if (ownData.some((n) => /^prefix(?:es)?$/.test(identifierWords(n).at(-1) ?? ''))) return 'stand-in';
      if (callees.some((c) => /(Exception|Error|Errors)$/.test(c))) return 'message';
      for (const w of words) if (TEST_CONTAINER.has(w)) return 'test';
      // `userTokens = [{ app_token: '…' }, …]`: tokens that belong to users or devices are their data, not the app's config.
      for (const n of names) {
        const w = identifierWords(n);
        if (w.length >= 2 && PER_OWNER.has(w[0]) && /^(tokens|keys|secrets|credentials|passwords)$/.test(w[w.length - 1])) return 'data';
      }
      return undefined;
    };

    const judge = (node: Literal, ancestors: readonly ts.Node[]) => {
      contained = () => false;
      const parent = ancestors[ancestors.length - 1];
      if (
        !parent ||
        ts.isLiteralTypeNode(parent) ||
        ts.isImportDeclaration(parent) ||
        ts.isExportDeclaration(parent) ||
        ts.isExternalModuleReference(parent)
      )
        return;
      if (
        (ts.isPropertyAssignment(parent) ||
          ts.isPropertyDeclaration(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isPropertySignature(parent) ||
          ts.isEnumMember(parent)) &&
        parent.name === node
      )
        return;
      if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return;
      if (ts.isCaseClause(parent)) return;
      const canFix = fixable(node, parent);
      const isTemplate = ts.isTemplateExpression(node);
      const value = isTemplate ? templateValue(node) : node.text;
      if (value.length < 4) return;
      const position = positionOf(node, ancestors);
      let name = nameOfPosition(position, node);
      // An example shown to the user (`placeholder="…"`, `privateKeyDataHolder` given to one, `sampleToken`): made up.
      if (name && EXAMPLE_NAME.test(name.name)) return;
      // `process.env.SESSION_SECRET ? 'set' : 'not set'`: a label saying whether the variable is set.
      if (isSetOrNotLabel(node, parent)) return;
      // Its range only when a report needs it (most literals are judged harmless).
      let rangeOfNode: Range | undefined;
      const range = () => (rangeOfNode ??= context.rangeOf(node));

      // 1. Provider tokens.
      const tokens = value.length >= 6 ? findTokens(value).filter((t) => !value.slice(t.start, t.end).includes('\0')) : [];
      if (tokens.length) {
        // A private key is the whole block, not its header line.
        const token: TokenMatch = tokens[0].format.id === 'private-key' ? { ...tokens[0], start: 0, end: value.length, value } : tokens[0];
        const offset = !isTemplate ? plainOffsets(node) : undefined;
        const tokenRange =
          offset !== undefined && tokens.length === 1 ? context.rangeOfOffsets(offset + token.start, offset + token.end) : range();
        // A private key cut short (`-----BEGIN PRIVATE KEY-----\nMIIEv…QC4...`): a shape in a doc or a test, not a key.
        if (token.format.id === 'private-key' && /(?:\.\.\.|…)\s*(?:-----END|\\n|$)/.test(value)) return;
        if (testDataFile || containerVerdict(ancestors, name?.name) === 'test') {
          // Test data: a provider's token may be live; a JWT or a bearer string is what tests are made of. (A made-up
          // token is reported too, at information: the message asks to build it at run time so it cannot pass for a
          // leaked one.)
          if (GENERIC_IN_TESTS.has(token.format.id) || token.format.generic) return;
          report(node, 'providerTokenInTest', { kind: token.kind }, token.value, tokenRange, []);
          return;
        }
        const envName =
          name && (name.envFallback || secretKindOfName(name.name))
            ? envNameFor(name.name, ancestors, name)
            : (TOKEN_ENV[token.format.id] ?? token.format.envName ?? 'SECRET');
        const fixes =
          canFix && !isTemplate && tokens.length === 1 && !name?.inArray
            ? [
                envFix(
                  range(),
                  envName,
                  partReplacement(node, token.start, token.end, envName, name),
                  readTitle(envName, name?.admitsUndefined ?? false),
                ),
              ]
            : [];
        report(node, 'providerToken', { kind: token.kind, envName }, token.value, tokenRange, fixes);
        return;
      }
      // Test, seed, mock and fixture code: its passwords and keys are test data. A minified chunk: its names are the minifier's.
      if (testDataFile || chunk || devFile) return;
      // Examples, messages and test data are judged only once something would be reported (the scan is O(depth)).
      let containment: boolean | undefined;
      contained = () =>
        (containment ??= (messageFile && isCatalogueEntry(ancestors)) || containerVerdict(ancestors, name?.name) !== undefined);

      // 2. A secret under its nearest name (or the env variable it is the fallback of: `tokenConfig = process.env.BOT_TOKEN || '…'`).
      if (name && !secretKindOfName(name.name) && name.envFallback && secretKindOfName(name.envFallback.envName))
        name = { ...name, name: name.envFallback.envName };
      // A value only development runs with (`if (isProduction) throw …; secret = 'dev-secret'`), or one chosen in a demo
      // mode (`isDemoMode ? '123456' : ''`): production never gets it, or it is published by design.
      if (branchEnvironment(ancestors, node, modules()) === 'dev' || inDemoBranch(ancestors, node)) return;
      // A sentinel's value (`SKIP_ACCESS_TOKENS_SENTINEL = 's2-skip-access-tokens'`), judged after the provider tokens
      // above: a marker compared, not a credential (a URL's password still counts).
      if (name && SENTINEL_NAME.test(name.name) && !/:\/\//.test(value)) return;
      // `aiCredential: ['create', 'update', 'delete']`: a list of plain words is an enumeration (permissions, modes), not secrets;
      // `needYourSignKeys = ['Name', 'TemplateId', 'Signers.UserId']`: a list of keys of a record, its field names. Its
      // name says nothing then, but where it goes still does (`cookieSession({ keys })` takes secrets whatever they look like).
      const namesOnly =
        !!name?.inArray && ts.isArrayLiteralExpression(parent) && (isWordList(parent) || isFieldNameList(parent, name.name, value));
      if (name && !namesOnly && !/\s/.test(name.name) && !isTemplate) {
        // (A key with spaces is a message or a form error, `'email or password': […]`, not a variable.)
        const kind =
          secretKindOfName(name.name) ??
          (name.how === 'keyed' && CREDENTIAL_HEADERS.has(name.name.toLowerCase()) ? 'credential' : undefined);
        const enumDeclaration = ts.isEnumMember(parent) ? ancestors[ancestors.length - 2] : undefined;
        const table = enumDeclaration && ts.isEnumDeclaration(enumDeclaration) ? enumValues(enumDeclaration) : undefined;
        // `autoAcceptCredential: payload.autoAcceptCredential || 'always'` beside `enum AutoAccept { Always = 'always' }`: a mode
        // the file declares (an enum member's value, a member of a union type), not a chosen secret. Not the enum member itself.
        const declaredMode = !ts.isEnumMember(parent) && /^[a-z][A-Za-z]*$/.test(value) && modeValues().has(value);
        if (kind && !declaredMode && namedValueIsSecret(value, name.name, position, false, table) && !isPublishedByDesign(ancestors)) {
          const envName = envNameFor(name.name, ancestors, name);
          if (name.how === 'configDefault') {
            // `user: env('DATABASE_USERNAME', 'strapi'), password: env('DATABASE_PASSWORD', 'strapi')`: the local default
            // where the user is the password.
            const property = ancestors[ancestors.length - 2];
            const object = ancestors[ancestors.length - 3];
            if (property && ts.isPropertyAssignment(property) && object && ts.isObjectLiteralExpression(object)) {
              if (isLoginDefault(value, literalProperties(object))) return;
            }
            report(node, 'secretDefault', { kind, lookup: `${name.callee ?? 'the lookup'}('${name.name}')`, envName }, value, range(), []);
            return;
          }
          if (name.how === 'keyed') {
            const fixes = canFix ? [envFix(range(), envName, envExpression(envName, false), readTitle(envName, false))] : [];
            report(
              node,
              'credentialHeader',
              { kind, header: name.name, method: `.${name.callee ?? 'set'}`, envName },
              value,
              range(),
              fixes,
            );
            return;
          }
          let fixes: Fix[] = [];
          if (canFix && !name.inArray) {
            fixes = name.envFallback
              ? [
                  envFix(
                    range(),
                    envName,
                    name.jsx ? `{${required(envName)}}` : required(envName),
                    `Drop the hardcoded fallback: require ${envName} from the environment, failing at startup when it is unset`,
                  ),
                ]
              : [envFix(range(), envName, partReplacement(node, 0, value.length, envName, name), readTitle(envName, name.admitsUndefined))];
          }
          report(node, 'namedSecret', { kind, name: name.name, envName }, value, range(), fixes);
          return;
        }
      }

      // 3. Connection strings.
      const urls = namesOnly ? [] : findUrlCredentials(value);
      if (urls.length) {
        const url = urls[0];
        const { label, envName: schemeEnv } = connectionKind(url.scheme);
        // A name like `redisUrl` names the variable; a bare `url` says less than the scheme does.
        const nameWords = name ? identifierWords(name.name) : [];
        const declared =
          /^(url|uri|dsn|connection|conn|string|endpoint)$/.test(nameWords[nameWords.length - 1] ?? '') &&
          nameWords.some((w) => !/^(url|uri|dsn|connection|conn|string|endpoint|db|database)$/.test(w))
            ? envVarName(name!.name)
            : undefined;
        const envName = name?.envFallback?.envName ?? declared ?? schemeEnv;
        const whole = url.start === 0 && url.end === value.length;
        const offset = !isTemplate ? plainOffsets(node) : undefined;
        const passwordRange = offset !== undefined ? context.rangeOfOffsets(offset + url.passwordStart, offset + url.passwordEnd) : range();
        let fixes: Fix[] = [];
        if (canFix && !name?.inArray) {
          if (whole) {
            const expression = name?.envFallback ? required(envName) : envExpression(envName, name?.admitsUndefined ?? false);
            fixes = [
              envFix(
                range(),
                envName,
                name?.jsx ? `{${expression}}` : expression,
                name?.envFallback
                  ? `Drop the hardcoded fallback: require ${envName} from the environment, failing at startup when it is unset`
                  : `Read the whole URL from the environment (process.env.${envName})`,
              ),
            ];
          } else if (!isTemplate) {
            fixes = [
              envFix(
                range(),
                envName,
                partReplacement(node, url.start, url.end, envName, name),
                `Read the whole URL from the environment (process.env.${envName})`,
              ),
            ];
          }
        }
        report(node, 'connectionString', { label, envName }, url.password, passwordRange, fixes);
        return;
      }
      if (isTemplate) return;
      if (isPlaceholder(value)) return;

      // 4. Where the value goes.
      // A value that does not look random is not followed through the file. Its own slot is still
      // judged when that slot is an argument: the text scan behind needsIndex only says the callee's
      // name may be declared in the file (a comment saying `sign = (p) => p` is enough), and
      // `jwt.sign(p, 'mySecretKey')` is a secret argument whatever else the file says.
      let routes: Route[];
      if (!needsIndex(position, sourceFile, asked)) routes = ownRoute(node, position);
      else if (couldBeSecret(value)) {
        readsIndex();
        routes = routesOf(sourceFile, node, position);
      } else if (position.slot?.kind === 'argument') routes = ownRoute(node, position);
      else return;
      const verdict = followRoutes(node, value, routes);
      if (!verdict || (namesOnly && verdict.kind !== 'sink')) return;
      const ownFixable = canFix && !position.inArray && !routes.some((r) => r.some((h) => h.position.inArray));
      const fixFor = (envName: string): Fix[] => {
        if (!ownFixable) return [];
        if (position.envFallback) {
          const fallback = position.envFallback;
          return [
            envFix(
              range(),
              fallback,
              name?.jsx ? `{${required(fallback)}}` : required(fallback),
              `Drop the hardcoded fallback: require ${fallback} from the environment, failing at startup when it is unset`,
            ),
          ];
        }
        return [
          envFix(
            range(),
            envName,
            partReplacement(node, 0, value.length, envName, name),
            readTitle(envName, name?.admitsUndefined ?? false),
          ),
        ];
      };
      switch (verdict.kind) {
        case 'sink':
          report(
            node,
            'secretArgument',
            {
              what: verdict.sink.what,
              callee: verdict.sink.callee,
              via: verdict.via ? ` (through ${verdict.via})` : '',
              envName: verdict.envName,
            },
            value,
            range(),
            fixFor(verdict.envName),
          );
          return;
        case 'basicAuth': {
          const offset = plainOffsets(node);
          const passRange = offset !== undefined ? context.rangeOfOffsets(offset + verdict.from, offset + value.length) : range();
          report(
            node,
            'basicAuthCredentials',
            { envName: 'BASIC_AUTH_CREDENTIALS', how: verdict.how },
            value.slice(verdict.from),
            passRange,
            [],
          );
          return;
        }
        case 'header':
          report(
            node,
            'credentialHeader',
            { kind: verdict.secretKind, header: verdict.name, method: verdict.method, envName: verdict.envName },
            value,
            range(),
            fixFor(verdict.envName),
          );
          return;
        case 'envWrite':
          report(node, 'envWrite', { kind: verdict.secretKind, envName: verdict.envName }, value, range(), []);
          return;
        case 'default':
          report(node, 'secretDefault', { kind: verdict.secretKind, lookup: verdict.lookup, envName: verdict.envName }, value, range(), []);
          return;
        case 'named':
          report(
            node,
            'namedSecret',
            { kind: verdict.secretKind, name: verdict.name, envName: verdict.envName },
            value,
            range(),
            verdict.fallback ? [] : fixFor(verdict.envName),
          );
          return;
        case 'comparison': {
          const subject = sourceFile.text.slice(verdict.other.getStart(sourceFile), verdict.other.end).replace(/\s+/g, ' ');
          report(
            node,
            'literalComparison',
            { subject: subject.length > 60 ? `${subject.slice(0, 57)}...` : subject, kind: verdict.secretKind },
            value,
            range(),
            [],
          );
          return;
        }
      }
    };

    type Verdict =
      | { kind: 'sink'; sink: SecretSink; envName: string; via?: string }
      | { kind: 'basicAuth'; from: number; how: string }
      | { kind: 'header'; name: string; method: string; secretKind: string; envName: string }
      | { kind: 'envWrite'; envName: string; secretKind: string }
      | { kind: 'default'; lookup: string; envName: string; secretKind: string }
      | { kind: 'named'; name: string; envName: string; secretKind: string; fallback: boolean }
      | { kind: 'comparison'; other: ts.Expression; secretKind: string };

    /** A value in a position that only ever holds a secret: anything but a placeholder or its own parameter's name. */
    const sinkValueIsSecret = (value: string, sink: SecretSink, slot: Slot & { kind: 'argument' }): boolean => {
      if (isPlaceholder(value)) return false;
      const words = identifierWords(value).join('');
      if (sink.params?.some((p) => identifierWords(p).join('') === words)) return false;
      // `new Sequelize('db', 'user', 'pass', { dialect: 'sqlite' })`: SQLite has no credentials.
      for (const argument of slot.call.arguments ?? []) {
        const options = unwrapExpression(argument);
        if (ts.isObjectLiteralExpression(options) && isLocalDatabaseOptions(literalProperties(options))) return false;
      }
      return true;
    };

    /** The name a route gives the value before `upTo` (hops 0..upTo-1), for messages: `KEY → sign(…, key)`. */
    const describeVia = (route: Route, upTo: number): string | undefined => {
      const names: string[] = [];
      for (let k = 0; k < upTo; k++) {
        const hop = route[k];
        const slot = hop.position.slot;
        const n = hopName(hop.position);
        if (slot?.kind === 'argument') {
          const callee = calleeName(slot.call.expression);
          if (callee) names.push(`${callee}()`);
        } else if (n && !names.includes(n)) names.push(n);
      }
      return names.length ? names.join(' → ') : undefined;
    };

    /** The strongest thing the routes say about a value, or undefined. */
    const followRoutes = (node: Literal, value: string, routes: readonly Route[]): Verdict | undefined => {
      let named: Verdict | undefined;
      let compared: Verdict | undefined;
      for (const route of routes) {
        for (let k = 0; k < route.length; k++) {
          const hop = route[k];
          const slot = hop.position.slot;
          if (!slot) continue;
          if (slot.kind === 'argument') {
            const sink = secretSinkOf(slot.call, slot.index, hop.position.path, modules(), ts.isNewExpression(slot.call));
            if (sink && sinkValueIsSecret(value, sink, slot)) {
              const own = route[0].position.path.length ? undefined : nameOfPosition(route[0].position, node);
              const envName = own && secretKindOfName(own.name) ? envVarName(own.name) : sink.envName;
              return { kind: 'sink', sink, envName, via: k > 0 ? describeVia(route, k) : undefined };
            }
            // `Buffer.from('user:pass').toString('base64')`, `btoa('user:pass')`: basic-auth credentials.
            const callee = calleeName(slot.call.expression);
            const basic =
              slot.index === 0 &&
              ((callee === 'Buffer.from' && slot.then?.method === 'toString' && slot.then.argument === 'base64') || callee === 'btoa');
            if (basic) {
              const match = BASIC_AUTH_VALUE.exec(value);
              if (match && match[1] !== match[2] && !isPlaceholder(match[2]) && !isNameWord(match[2]) && !/^\$|\{/.test(match[2]))
                return {
                  kind: 'basicAuth',
                  from: match[1].length + 1,
                  how: callee === 'btoa' ? 'btoa' : "Buffer.from(…).toString('base64')",
                };
            }
            // `bearerAuth({ token: T })`: a property of an options argument names the value further on.
            if (k === 0 || !hop.position.path.length) continue;
          }
          if (slot.kind === 'assignment' && slot.name === 'keys' && (hop.position.inArray || route.some((h) => h.position.inArray))) {
            // Koa: `app.keys = ['…', '…']`
            if (modules().uses('koa') && !isPlaceholder(value))
              return {
                kind: 'sink',
                sink: { what: 'cookie signing key', envName: 'APP_KEYS', callee: 'app.keys' },
                envName: 'APP_KEYS',
                via: k > 0 ? describeVia(route, k) : undefined,
              };
          }
          if (slot.kind === 'keyed' && hop.position.path.length === 0) {
            const secretKind = secretKindOfName(slot.name) ?? (CREDENTIAL_HEADERS.has(slot.name.toLowerCase()) ? 'credential' : undefined);
            if (secretKind && namedValueIsSecret(value, slot.name, hop.position, true))
              return { kind: 'header', name: slot.name, method: `.${slot.method}`, secretKind, envName: headerEnvName(slot.name) };
            continue;
          }
          if (slot.kind === 'envWrite' && hop.position.path.length === 0) {
            const secretKind = secretKindOfName(slot.envName);
            // A word-only value written to the env is a stand-in for tooling (`process.env.JWT_SECRET = 'securekey'`).
            if (secretKind && namedValueIsSecret(value, slot.envName, hop.position, true) && !/^[a-z]+$/i.test(value))
              return { kind: 'envWrite', envName: slot.envName, secretKind };
            continue;
          }
          if (slot.kind === 'configDefault' && hop.position.path.length === 0 && k > 0) {
            const secretKind = secretKindOfName(slot.key);
            if (secretKind && namedValueIsSecret(value, slot.key, hop.position, false))
              named ??= {
                kind: 'default',
                lookup: `${slot.callee}('${slot.key}')`,
                envName: envVarName(slot.key.split(/[.:]/).join('_')),
                secretKind,
              };
            continue;
          }
          if (slot.kind === 'comparison' && !compared) {
            compared = comparisonVerdict(value, slot.other);
            continue;
          }
          if (k === 0) continue; // the nearest name was judged already
          // A name further on the way: `connect(host, 'S3cr3t!')` where `function connect(host, password)`.
          if (hop.position.envFallback && hop.position.path.length === 0) {
            const envName = hop.position.envFallback;
            const secretKind = secretKindOfName(envName);
            if (secretKind && namedValueIsSecret(value, envName, hop.position, false))
              named ??= { kind: 'named', name: envName, envName, secretKind, fallback: true };
          }
          const n = hopName(hop.position);
          if (!named && n && !namesWhatItFetches(sourceFile, hop.position)) {
            const secretKind = secretKindOfName(n);
            if (secretKind && namedValueIsSecret(value, n, hop.position, false))
              named = { kind: 'named', name: n, envName: envVarName(n), secretKind, fallback: false };
          }
        }
      }
      return named ?? compared;
    };

    /** A literal compared with request input, or with a secret-named value that is not a loop variable. */
    const comparisonVerdict = (value: string, other: ts.Expression): Verdict | undefined => {
      // `process.env.X === 'changeme'`: a refusal of a known-bad value, not a secret.
      if (readsEnvironment(other)) return undefined;
      const otherName = lastName(other);
      if (!otherName) return undefined;
      const fromRequest = isRequestInput(other);
      const words = identifierWords(otherName);
      const secretKind =
        secretKindOfName(otherName) ?? (fromRequest && REQUEST_KEY_WORDS.has(words[words.length - 1] ?? '') ? 'key' : undefined);
      if (!secretKind) return undefined;
      if (!looksLikeSecretValue(value, otherName) || isCodeName(value)) return undefined;
      if (isIdentifierLike(value)) {
        readsIndex();
        if (isLiteralTypeText(sourceFile, value)) return undefined;
      }
      if (!fromRequest) {
        // `token === 'material'`: a word compared with a loop variable or a parsed part is a lexer's token.
        if (isIdentifierLike(value)) return undefined;
      }
      return { kind: 'comparison', other, secretKind };
    };

    const visit = (node: Literal) => {
      const ancestors = context.ancestors();
      if (!kept.spared(ancestors, node)) judge(node, ancestors);
    };
    return {
      [ts.SyntaxKind.StringLiteral]: visit,
      [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: visit,
      [ts.SyntaxKind.TemplateExpression]: visit,
      onStatement: (statement) => kept.enter(statement),
      onEnd: () => kept.end(),
    };
  },
};

/** Keys of a check's outcome record (haraka-results' `{ pass: 'rcpt_to' }`, `{ fail: …, msg: … }`). */
const OUTCOME_KEYS = new Set(['pass', 'fail', 'skip', 'err', 'msg', 'ask', 'emit']);

/** The value sits in an object literal of outcome keys only, in a call's arguments (`results.add(this, { pass: 'rcpt_to' })`). */
function isOutcomeRecord(position: Position): boolean {
  const object = position.objects[0];
  if (!object || position.objects.length !== 1 || position.slot?.kind !== 'argument') return false;
  return object.properties.every((p) => {
    const key = p.name && propertyNameText(p.name);
    return key !== undefined && OUTCOME_KEYS.has(key);
  });
}
