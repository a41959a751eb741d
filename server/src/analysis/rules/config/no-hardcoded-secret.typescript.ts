/**
 * `config/no-hardcoded-secret` in TypeScript/JavaScript, read from the AST. Every string literal
 * (and template literal) is judged once, by the first of:
 *   1. a provider token anywhere in it (`sk_live_…`, `ghp_…`, a PEM private key, a JWT…);
 *   2. a secret-looking value under a secret name (variable, property, class field, parameter
 *      default, object key, JSX attribute, `process.env.X || '…'` fallback);
 *   3. a password inside a connection string;
 *   4. a literal passed where a secret goes (`jwt.sign(p, '…')`, `createHmac(alg, '…')`,
 *      `cookieParser('…')`, `new Stripe('…')`, `app.keys = […]`, basic-auth user tables…);
 *   5. request input (or a secret-named value) compared with a literal key.
 *
 * Fix policy (keeps types compiling without a type checker): in JavaScript the literal becomes
 * `process.env.NAME`; in TypeScript it becomes `process.env.NAME ?? ''` (so `string` stays `string`),
 * except where the declared type already admits `undefined` (`x?: string`, `string | undefined`).
 * A `process.env.NAME || 'fallback'` keeps its operator and loses only the fallback (`|| ''`).
 * Comparisons get no automatic fix: `input === process.env.KEY` is true when both are missing.
 */
import * as ts from 'typescript';
import type { TypeScriptCheck, TypeScriptContext } from '../../rule';
import type { Fix, Range } from '../../finding';
import { redact } from '../../redact';
import { envExampleChange, envVarName } from '../../fixes/envVar';
import { moduleBindings, propertyNameText, unwrapExpression, type ModuleBindings } from '../../languages/typescript/imports';
import {
  connectionKind,
  findTokens,
  findUrlCredentials,
  identifierWords,
  isPlaceholder,
  looksLikeRealCredential,
  looksLikeSecretValue,
  secretKindOfName,
  TOKEN_PREFIX_HINT,
  type TokenMatch,
} from '../../secrets';

// Re-exported for older imports.
export { identifierWords, secretKindOfName };

type Literal = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression;

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

interface NameContext {
  name: string;
  /** The expression the name's value is: where the fix goes (the literal, or a `cond ? a : b`…). */
  nameNode: ts.Node;
  /** Declared type admits undefined (`x?: string`, `string | undefined`). */
  admitsUndefined: boolean;
  /** `process.env.X || '…'`: the env lookup the literal is a fallback for. */
  envFallback?: { envName: string };
  /** A JSX attribute value: the replacement needs braces. */
  jsx: boolean;
  /** Literal is an element of an array under the name. */
  inArray: boolean;
}

function isProcessEnv(expression: ts.Expression): boolean {
  const e = unwrapExpression(expression);
  return ts.isPropertyAccessExpression(e) && e.name.text === 'env' && ts.isIdentifier(e.expression) && e.expression.text === 'process';
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X` → X. */
function envLookupName(expression: ts.Expression): string | undefined {
  const e = unwrapExpression(expression);
  if (ts.isPropertyAccessExpression(e)) {
    if (isProcessEnv(e.expression)) return e.name.text;
    const inner = unwrapExpression(e.expression);
    if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'env' && ts.isMetaProperty(inner.expression)) return e.name.text;
  }
  if (ts.isElementAccessExpression(e) && isProcessEnv(e.expression) && ts.isStringLiteralLike(e.argumentExpression))
    return e.argumentExpression.text;
  return undefined;
}

function typeAdmitsUndefined(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (type.kind === ts.SyntaxKind.UndefinedKeyword || type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword)
    return true;
  if (ts.isUnionTypeNode(type)) return type.types.some(typeAdmitsUndefined);
  if (ts.isParenthesizedTypeNode(type)) return typeAdmitsUndefined(type.type);
  return false;
}

/** The last name of an expression: `req.headers['x-api-key']` → x-api-key, `this.apiKey` → apiKey. */
function lastName(expression: ts.Expression): string | undefined {
  const e = unwrapExpression(expression);
  if (ts.isIdentifier(e) || ts.isPrivateIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  if (ts.isCallExpression(e)) {
    // `req.get('x-api-key')`, `req.header('authorization')`, `headers.get('…')`
    const callee = e.expression;
    if (
      ts.isPropertyAccessExpression(callee) &&
      /^(get|header)$/.test(callee.name.text) &&
      e.arguments.length === 1 &&
      ts.isStringLiteralLike(e.arguments[0])
    )
      return e.arguments[0].text;
  }
  return undefined;
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
 * Where a secret goes in a call: the argument index, what it is, and the env var for it. Matched by
 * module where the file imports it, else by the well-known name.
 */
function secretParameter(
  call: ts.CallExpression | ts.NewExpression,
  bindings: ModuleBindings,
): { index: number; what: string; envName: string } | undefined {
  const ref = bindings.resolve(call.expression);
  const path = ref?.path ?? [];
  const member = path[path.length - 1];
  const text = calleeText(call) ?? '';
  const last = text.split('.').pop() ?? '';
  const objectName = text.includes('.') ? text.split('.')[0] : '';
  if (ref?.module === 'jsonwebtoken' || /jwt|jsonwebtoken/i.test(objectName)) {
    const fn = member ?? last;
    if (fn === 'sign' || fn === 'verify') return { index: 1, what: 'JWT secret', envName: 'JWT_SECRET' };
  }
  if ((ref?.module === 'crypto' && member === 'createHmac') || last === 'createHmac')
    return { index: 1, what: 'HMAC key', envName: 'HMAC_SECRET' };
  if (
    (ref?.module === 'crypto' && (member === 'createCipheriv' || member === 'createDecipheriv')) ||
    last === 'createCipheriv' ||
    last === 'createDecipheriv'
  ) {
    return { index: 1, what: 'encryption key', envName: 'ENCRYPTION_KEY' };
  }
  if (ref?.module === 'cookie-parser' && path.length === 0) return { index: 0, what: 'cookie signing secret', envName: 'COOKIE_SECRET' };
  if (ref?.module === 'stripe' && path.length === 0) return { index: 0, what: 'Stripe secret key', envName: 'STRIPE_SECRET_KEY' };
  if (ref?.module === 'twilio' && path.length === 0) return { index: 1, what: 'Twilio auth token', envName: 'TWILIO_AUTH_TOKEN' };
  if (last === 'setApiKey')
    return {
      index: 0,
      what: 'API key',
      envName: ref?.module === '@sendgrid/mail' || /sg|sendgrid/i.test(objectName) ? 'SENDGRID_API_KEY' : 'API_KEY',
    };
  if (ref?.module === 'sequelize' && ts.isNewExpression(call) && (call.arguments?.length ?? 0) >= 3)
    return { index: 2, what: 'database password', envName: 'DB_PASSWORD' };
  return undefined;
}

/** Object literal options that hold secrets by the callee's contract: cookie-session `keys`, basic-auth `users`. */
function secretOption(
  call: ts.CallExpression | ts.NewExpression,
  property: string,
  bindings: ModuleBindings,
): { what: string; envName: string } | undefined {
  const ref = bindings.resolve(call.expression);
  if (ref?.module === 'cookie-session' && property === 'keys') return { what: 'cookie signing key', envName: 'SESSION_KEYS' };
  if (ref?.module === 'express-basic-auth' && property === 'users') return { what: 'password', envName: 'BASIC_AUTH_PASSWORD' };
  return undefined;
}

function escapeTemplate(text: string): string {
  return text.replace(/[\\`]|\$\{/g, (m) => `\\${m}`);
}

export const typescriptCheck: TypeScriptCheck = {
  prefilter: (text) =>
    /pass|pwd|secret|token|key|credential|auth|creds|:\/\/|sign|hmac|cipher|cookie|stripe|twilio|sequelize/i.test(text) ||
    TOKEN_PREFIX_HINT.test(text),
  create(context: TypeScriptContext) {
    const { sourceFile } = context;
    const isTs = /\.(ts|tsx|mts|cts)$/i.test(context.file);
    let bindings: ModuleBindings | undefined;
    const modules = () => (bindings ??= moduleBindings(sourceFile));
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

    /** The name a literal is the value of, looking up through wrappers (`as`, `?:`, `||`, arrays). */
    const nameContext = (node: Literal, ancestors: readonly ts.Node[]): NameContext | undefined => {
      let child: ts.Node = node;
      let envFallback: NameContext['envFallback'];
      let inArray = false;
      for (let i = ancestors.length - 1; i >= 0; i--) {
        const parent = ancestors[i];
        if (
          ts.isParenthesizedExpression(parent) ||
          ts.isAsExpression(parent) ||
          ts.isSatisfiesExpression(parent) ||
          ts.isNonNullExpression(parent) ||
          ts.isTypeAssertionExpression(parent)
        ) {
          child = parent;
          continue;
        }
        if (ts.isConditionalExpression(parent) && parent.condition !== child) {
          child = parent;
          continue;
        }
        if (ts.isArrayLiteralExpression(parent)) {
          inArray = true;
          child = parent;
          continue;
        }
        if (
          ts.isBinaryExpression(parent) &&
          (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
        ) {
          if (parent.right === child) {
            const envName = envLookupName(parent.left);
            if (envName) envFallback = { envName };
          }
          child = parent;
          continue;
        }
        const base = { nameNode: child, envFallback, jsx: false, inArray };
        if (ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name)) {
          return { ...base, name: parent.name.text, admitsUndefined: typeAdmitsUndefined(parent.type) };
        }
        if ((ts.isPropertyDeclaration(parent) || ts.isParameter(parent)) && parent.initializer === child) {
          const name = propertyNameText(parent.name);
          return name ? { ...base, name, admitsUndefined: !!parent.questionToken || typeAdmitsUndefined(parent.type) } : undefined;
        }
        if (ts.isBindingElement(parent) && parent.initializer === child) {
          const name = propertyNameText(parent.propertyName ?? parent.name);
          return name ? { ...base, name, admitsUndefined: false } : undefined;
        }
        if (ts.isPropertyAssignment(parent) && parent.initializer === child) {
          const name = propertyNameText(parent.name);
          return name ? { ...base, name, admitsUndefined: false } : undefined;
        }
        if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child) {
          const envName = envLookupName(parent.left);
          if (envName) return undefined; // `process.env.X = '…'` in a test setup or a default: the env itself
          const name = lastName(parent.left);
          return name ? { ...base, name, admitsUndefined: false } : undefined;
        }
        if (ts.isJsxAttribute(parent)) {
          const name = ts.isIdentifier(parent.name) ? parent.name.text : undefined;
          return name ? { ...base, nameNode: node, name, admitsUndefined: true, jsx: parent.initializer === node } : undefined;
        }
        if (ts.isJsxExpression(parent)) {
          child = parent;
          continue;
        }
        return undefined;
      }
      return undefined;
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
          name =
            parts.length > 1 && /^(create|connect|init|new|configure|setup|use|register)/i.test(parts[1])
              ? parts[0]
              : parts[parts.length - 1];
        } else if (ts.isClassDeclaration(a) || ts.isFunctionLike(a) || ts.isSourceFile(a)) return undefined;
        if (!name) continue;
        const words = identifierWords(name).filter((w) => !CONTAINER_WORDS.has(w));
        if (words.length) return words.join('_').toUpperCase();
      }
      return undefined;
    };

    const envNameFor = (name: string, ancestors: readonly ts.Node[], ctx: NameContext): string => {
      if (ctx.envFallback) return ctx.envFallback.envName;
      const base = envVarName(name);
      if (!GENERIC_NAMES.has(identifierWords(name).join(''))) return base;
      const prefix = containerPrefix(ancestors.slice(0, -1));
      return prefix && !base.startsWith(prefix) ? `${prefix}_${base}` : base;
    };

    const report = (node: Literal, messageId: string, data: Record<string, string>, secret: string, range: Range, fixes: Fix[]) => {
      if (reported.has(node.pos)) return;
      reported.add(node.pos);
      context.report({ messageId, data: { ...data, value: redact(secret) }, range, secrets: [secret], fixes });
    };

    /** Value of a template with `${…}` parts marked as unknown (\0), and the literal spans' offsets. */
    const templateValue = (node: ts.TemplateExpression) => node.head.text + node.templateSpans.map((s) => `\0${s.literal.text}`).join('');

    const judge = (node: Literal) => {
      const ancestors = context.ancestors();
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
      if (value.length < 6) return;
      const name = nameContext(node, ancestors);
      const range = context.rangeOf(node);

      // 1. Provider tokens.
      const tokens = findTokens(value).filter((t) => !value.slice(t.start, t.end).includes('\0'));
      if (tokens.length) {
        // A private key is the whole block, not its header line.
        const token: TokenMatch = tokens[0].format.id === 'private-key' ? { ...tokens[0], start: 0, end: value.length, value } : tokens[0];
        const envName =
          name && (name.envFallback || secretKindOfName(name.name))
            ? envNameFor(name.name, ancestors, name)
            : (TOKEN_ENV[token.format.id] ?? token.format.envName ?? 'SECRET');
        const offset = !isTemplate ? plainOffsets(node) : undefined;
        const tokenRange =
          offset !== undefined && tokens.length === 1 ? context.rangeOfOffsets(offset + token.start, offset + token.end) : range;
        const fixes =
          canFix && !isTemplate && tokens.length === 1 && !name?.inArray
            ? [
                envFix(
                  range,
                  envName,
                  partReplacement(node, token.start, token.end, envName, name),
                  readTitle(envName, name?.admitsUndefined ?? false),
                ),
              ]
            : [];
        report(node, 'providerToken', { kind: token.kind, envName }, token.value, tokenRange, fixes);
        return;
      }

      // 2. A secret under a secret name.
      if (name && !/\s/.test(name.name)) {
        // (A key with spaces is a message or a form error, `'email or password': […]`, not a variable.)
        const kind = secretKindOfName(name.name);
        // In tests, `password: 'password1'` is test data: only values that look like real credentials count.
        if (kind && !isTemplate && looksLikeSecretValue(value, name.name) && (!context.isTestFile || looksLikeRealCredential(value))) {
          const envName = envNameFor(name.name, ancestors, name);
          let fixes: Fix[] = [];
          if (canFix && !name.inArray) {
            fixes = name.envFallback
              ? [
                  envFix(
                    range,
                    envName,
                    name.jsx ? `{${required(envName)}}` : required(envName),
                    `Drop the hardcoded fallback: require ${envName} from the environment, failing at startup when it is unset`,
                  ),
                ]
              : [envFix(range, envName, partReplacement(node, 0, value.length, envName, name), readTitle(envName, name.admitsUndefined))];
          }
          report(node, 'namedSecret', { kind, name: name.name, envName }, value, range, fixes);
          return;
        }
      }

      // 3. Connection strings.
      const urls = findUrlCredentials(value);
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
        const passwordRange = offset !== undefined ? context.rangeOfOffsets(offset + url.passwordStart, offset + url.passwordEnd) : range;
        let fixes: Fix[] = [];
        if (canFix && !name?.inArray) {
          if (whole) {
            const expression = name?.envFallback ? required(envName) : envExpression(envName, name?.admitsUndefined ?? false);
            fixes = [
              envFix(
                range,
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
                range,
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

      // 4. A literal where a secret goes.
      const argument = secretArgument(node, ancestors);
      if (argument && !isPlaceholder(value) && (!context.isTestFile || looksLikeRealCredential(value))) {
        const replacement = envExpression(argument.envName, false);
        const fixes = canFix && !argument.inArray ? [envFix(range, argument.envName, replacement, readTitle(argument.envName, false))] : [];
        report(node, 'secretArgument', { what: argument.what, callee: argument.callee, envName: argument.envName }, value, range, fixes);
        return;
      }

      // 5. Comparisons with a literal key.
      if (
        ts.isBinaryExpression(parent) &&
        [
          ts.SyntaxKind.EqualsEqualsEqualsToken,
          ts.SyntaxKind.EqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsToken,
        ].includes(parent.operatorToken.kind)
      ) {
        const other = parent.left === node ? parent.right : parent.left;
        const otherName = lastName(other);
        const kind = otherName ? secretKindOfName(otherName) : undefined;
        if (otherName && kind && looksLikeSecretValue(value, otherName) && (!context.isTestFile || looksLikeRealCredential(value))) {
          const subject = sourceFile.text.slice(other.getStart(sourceFile), other.end).replace(/\s+/g, ' ');
          report(
            node,
            'literalComparison',
            { subject: subject.length > 60 ? `${subject.slice(0, 57)}...` : subject, kind },
            value,
            range,
            [],
          );
        }
      }
    };

    /** Calls and options where a secret goes (see secretParameter / secretOption). */
    const secretArgument = (node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, ancestors: readonly ts.Node[]) => {
      let child: ts.Node = node;
      let inArray = false;
      for (let i = ancestors.length - 1; i >= Math.max(0, ancestors.length - 6); i--) {
        const parent = ancestors[i];
        if (ts.isArrayLiteralExpression(parent)) {
          inArray = true;
          child = parent;
          continue;
        }
        if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) {
          child = parent;
          continue;
        }
        if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments) {
          const index = parent.arguments.indexOf(child as ts.Expression);
          if (index < 0) return undefined;
          const param = secretParameter(parent, modules());
          if (!param || param.index !== index) return undefined;
          return { ...param, callee: calleeText(parent) ?? 'the call', inArray };
        }
        if (ts.isPropertyAssignment(parent) && parent.initializer === child) {
          // basic-auth `users: { admin: '…' }`: the value of a user entry.
          const object = ancestors[i - 1];
          const outer = ancestors[i - 2];
          const options = ancestors[i - 3];
          if (
            object &&
            ts.isObjectLiteralExpression(object) &&
            outer &&
            ts.isPropertyAssignment(outer) &&
            options &&
            ts.isObjectLiteralExpression(options)
          ) {
            const callee = ancestors[i - 4];
            const key = propertyNameText(outer.name);
            if (key && callee && (ts.isCallExpression(callee) || ts.isNewExpression(callee))) {
              const option = secretOption(callee, key, modules());
              if (option && key === 'users') return { index: 0, ...option, callee: calleeText(callee) ?? 'the call', inArray };
            }
          }
          const key = propertyNameText(parent.name);
          const callee = ancestors[i - 2];
          if (
            key &&
            object &&
            ts.isObjectLiteralExpression(object) &&
            callee &&
            (ts.isCallExpression(callee) || ts.isNewExpression(callee))
          ) {
            const option = secretOption(callee, key, modules());
            if (option && key !== 'users') return { index: 0, ...option, callee: calleeText(callee) ?? 'the call', inArray };
          }
          return undefined;
        }
        if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child && inArray) {
          // Koa: `app.keys = ['…', '…']`
          const left = unwrapExpression(parent.left);
          if (ts.isPropertyAccessExpression(left) && left.name.text === 'keys' && modules().uses('koa')) {
            return { index: 0, what: 'cookie signing key', envName: 'APP_KEYS', callee: 'app.keys', inArray };
          }
          return undefined;
        }
        return undefined;
      }
      return undefined;
    };

    return {
      [ts.SyntaxKind.StringLiteral]: judge,
      [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: judge,
      [ts.SyntaxKind.TemplateExpression]: judge,
    };
  },
};
