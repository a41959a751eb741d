/**
 * Where a value goes within one file, without a type checker (DESIGN.md §8: "a literal's name is the
 * nearest name on its way to where it is used").
 *
 * Two layers:
 *   - `positionOf(node, ancestors)`: what the nearest container does with an expression's value, past
 *     wrappers (`as`, `!`, parentheses, `? :`, `||`/`??`, arrays, spreads, `.default(…)`) and object
 *     literals (collecting the property path): a variable, a parameter default, a class field, an enum
 *     member, an assignment (to `process.env.X` too), a config lookup's default (`env('X', v)`,
 *     `config.get('x', v)`), a keyed setter (`.set('x-api-key', v)`), a call argument, a comparison,
 *     a `return`, a JSX attribute. Needs only the ancestors the engine already has.
 *   - `routesOf(...)`: from that position onwards, through the file: a variable's uses (matching the
 *     property path against member accesses: `cfg.jwt.secret`), a local function's parameter and its
 *     uses in the body (wrappers that pass a parameter on), a function's `return` to its call sites
 *     (`process.env.X ?? getDefault()`), `this.field` uses, enum members. Each route ends where the
 *     value leaves the file's knowledge: a call of something not declared here, a comparison, an
 *     export.
 *
 * The file index behind `routesOf` is built once per parsed file, lazily, in one walk; expansions are
 * memoised per declaration and property path, depth and fan-out are bounded, so a file costs linear
 * time whatever its literals. Scopes are approximated by source ranges (a name's uses are those inside
 * the block that declares it; a parameter's, those inside its function).
 *
 * Cross-file flow (a constant exported from one module and used in a sink in another) is not followed:
 * each file is analysed on its own, and its findings are cached by its own text.
 */
import * as ts from 'typescript';
import { propertyNameText, unwrapExpression } from './imports';
import { forEachDescendant } from './visit';

/** What the nearest container does with a value. */
export type Slot =
  | { kind: 'variable'; name: string; node: ts.VariableDeclaration }
  | { kind: 'binding'; name: string; node: ts.BindingElement }
  | { kind: 'parameter'; name: string; node: ts.ParameterDeclaration; fn: ts.SignatureDeclaration }
  | { kind: 'field'; name: string; node: ts.PropertyDeclaration; owner: ts.Node }
  | { kind: 'enumMember'; name: string; enumName: string; node: ts.EnumMember }
  /** `target = value` (not `process.env.X`); `name` is the target's last name; `owner` the class around a `this.x = value`. */
  | { kind: 'assignment'; name: string | undefined; target: ts.Expression; node: ts.BinaryExpression; owner?: ts.Node }
  /** `process.env.X = value`. */
  | { kind: 'envWrite'; envName: string; node: ts.BinaryExpression }
  /** The default of a config or environment lookup: `env('X', v)`, `config.get('a.b', v)`, convict `{ env: 'X', default: v }`. */
  | { kind: 'configDefault'; key: string; node: ts.Node; callee: string }
  /** The value of a `(name, value)` setter: `.set('x-api-key', v)`, `headers.append('Authorization', v)`. */
  | { kind: 'keyed'; name: string; method: string; call: ts.CallExpression }
  /** An argument of a call the file does not declare; `then` is a method called on the call's result. */
  | { kind: 'argument'; call: ts.CallExpression | ts.NewExpression; index: number; then?: { method: string; argument?: string } }
  | { kind: 'comparison'; other: ts.Expression; node: ts.BinaryExpression }
  | { kind: 'return'; fn: ts.SignatureDeclaration }
  | { kind: 'jsx'; name: string; node: ts.JsxAttribute }
  /** `module.exports = …`, `exports.x = …`, `export default …`: leaves the file; `name` is x's. */
  | { kind: 'exported'; node: ts.Node; name?: string };

export interface Position {
  slot?: Slot;
  /** Property names from the slot's value down to the expression: `{ db: { password: v } }` → [db, password]. */
  path: string[];
  /** `process.env.X || value` on the way: X. */
  envFallback?: string;
  /** The value is an element of an array on the way. */
  inArray: boolean;
  /** Object literals the value sits in, innermost first. */
  objects: ts.ObjectLiteralExpression[];
  /** The expression that is the slot's value (the literal itself, or `process.env.X || 'lit'`…). */
  carrier: ts.Node;
}

export interface Hop {
  position: Position;
  /** How the value got from the previous hop to here: `use` of a name, `parameter` of a local function, `call` site of a function returning it. */
  via: 'start' | 'use' | 'parameter' | 'call';
  /** The node the hop starts at: the literal, the use, the argument, the call. */
  node: ts.Node;
}

/** One way a value can go, nearest hop first. */
export type Route = readonly Hop[];

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** Callee names of environment and config lookups that take a key and a default: `env('X', v)`, `config.get('a.b', v)`. */
const CONFIG_LOOKUPS = new Set([
  'env',
  'getenv',
  'readenv',
  'requireenv',
  'envor',
  'fromenv',
  'getenvvar',
  'getenvironmentvariable',
  'envvar',
  'get',
  'getordefault',
  'getstring',
  'getstr',
  'str',
  'string',
  'optional',
  'setting',
  'getsetting',
  'getconfig',
  'conf',
  'bool',
  'boolean',
  'getbool',
  'getboolean',
]);
/**
 * A lookup of a setting by key with a default (`env('X', v)`, `configService.get<boolean>('DB_SYNC', true)`): the key
 * and the default given, else undefined.
 */
export function configLookup(call: ts.CallExpression): { key: string; fallback: ts.Expression } | undefined {
  const callee = unwrapExpression(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  const [first, second] = call.arguments;
  if (!method || !first || !second || !ts.isStringLiteralLike(first) || call.arguments.length > 3) return undefined;
  return CONFIG_LOOKUPS.has(method.toLowerCase()) && CONFIG_KEY.test(first.text) ? { key: first.text, fallback: second } : undefined;
}

/** Methods that give a lookup chain its default: `env.get('X').default(v)`, `Joi.string().default(v)`. */
const DEFAULT_METHODS = new Set(['default', 'fallback', 'devDefault', 'defaultValue', 'orDefault', 'withDefault', 'orElse']);
/** Option names of a config declaration that hold its default: envalid `str({ default })`, convict `{ env, default }`. */
const DEFAULT_KEYS = new Set(['default', 'devDefault', 'fallback', 'defaultValue']);
/** `(name, value)` setters: request builders, Headers, URLSearchParams, FormData, XHR, response headers. */
const KEYED_SETTERS = new Set(['set', 'setHeader', 'header', 'append', 'setRequestHeader', 'add', 'put']);
/** A config key or env-var name: `JWT_SECRET`, `db.password`, `auth:jwt:secret`. */
const CONFIG_KEY = /^[A-Za-z_$][\w$-]*(?:[.:][\w$-]+)*$/;

function isWrapper(node: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isAwaitExpression(node)
  );
}

export function isProcessEnv(expression: ts.Expression): boolean {
  const e = unwrapExpression(expression);
  return ts.isPropertyAccessExpression(e) && e.name.text === 'env' && ts.isIdentifier(e.expression) && e.expression.text === 'process';
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`, `Bun.env.X`, `Deno.env.get('X')` → X. */
export function envLookupName(expression: ts.Expression): string | undefined {
  const e = unwrapExpression(expression);
  if (ts.isPropertyAccessExpression(e)) {
    if (isProcessEnv(e.expression)) return e.name.text;
    const inner = unwrapExpression(e.expression);
    if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'env') {
      if (ts.isMetaProperty(inner.expression)) return e.name.text;
      if (ts.isIdentifier(inner.expression) && inner.expression.text === 'Bun') return e.name.text;
    }
  }
  if (ts.isElementAccessExpression(e) && isProcessEnv(e.expression) && ts.isStringLiteralLike(e.argumentExpression))
    return e.argumentExpression.text;
  if (ts.isCallExpression(e) && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0])) {
    const callee = unwrapExpression(e.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'get' &&
      ts.isPropertyAccessExpression(callee.expression) &&
      callee.expression.name.text === 'env' &&
      ts.isIdentifier(callee.expression.expression) &&
      callee.expression.expression.text === 'Deno'
    )
      return e.arguments[0].text;
  }
  return undefined;
}

/** Any read of the environment: `process.env.X`, `process.env[name]`, `process.env`. */
export function readsEnvironment(expression: ts.Expression): boolean {
  const e = unwrapExpression(expression);
  if (envLookupName(e) !== undefined || isProcessEnv(e)) return true;
  return ts.isElementAccessExpression(e) && isProcessEnv(e.expression);
}

/** Methods whose one string argument names what a call reads (`req.get('x-api-key')`, `req.query('key')`). */
export const LOOKUP_METHODS: ReadonlySet<string> = new Set(['get', 'header', 'query', 'param', 'cookie', 'getHeader']);

/** The last name of an expression: `req.headers['x-api-key']` → x-api-key, `this.apiKey` → apiKey, `req.get('x-api-key')` → x-api-key. */
export function lastName(expression: ts.Expression): string | undefined {
  const e = unwrapExpression(expression);
  if (ts.isIdentifier(e) || ts.isPrivateIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  if (ts.isCallExpression(e)) {
    const callee = unwrapExpression(e.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      LOOKUP_METHODS.has(callee.name.text) &&
      e.arguments.length === 1 &&
      ts.isStringLiteralLike(e.arguments[0])
    )
      return e.arguments[0].text;
  }
  return undefined;
}

/** `a.b.c` → `a.b.c`, `this.x` → `this.x`, `f` → `f`; undefined for anything else. */
export function calleeName(expression: ts.Expression): string | undefined {
  const e = unwrapExpression(expression);
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e)) {
    const object = calleeName(e.expression);
    return object ? `${object}.${e.name.text}` : e.name.text;
  }
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) return calleeName(e.expression);
  return undefined;
}

export const REQUEST_PARTS: ReadonlySet<string> = new Set([
  'query',
  'body',
  'params',
  'param',
  'headers',
  'header',
  'payload',
  'cookies',
  'signedCookies',
  'searchParams',
  'get',
  'getHeader',
]);
export const REQUEST_ROOTS: ReadonlySet<string> = new Set([
  'req',
  'request',
  'ctx',
  'c',
  'context',
  'event',
  'incoming',
  'r',
  'msg',
  'message',
]);

/**
 * Request input, in the shapes of the common frameworks: `req.query.key`, `req.headers['x-api-key']`,
 * `req.get('x-api-key')`, `ctx.request.body.token`, `c.req.header('authorization')`, `request.payload.password`,
 * `url.searchParams.get('key')`.
 */
export function isRequestInput(expression: ts.Expression): boolean {
  let e = unwrapExpression(expression);
  let part = false;
  let sawRequest = false;
  for (let hops = 0; hops < 8; hops++) {
    if (ts.isPropertyAccessExpression(e)) {
      if (REQUEST_PARTS.has(e.name.text)) part = true;
      if (e.name.text === 'req' || e.name.text === 'request') sawRequest = true;
      e = unwrapExpression(e.expression);
    } else if (ts.isElementAccessExpression(e)) {
      e = unwrapExpression(e.expression);
    } else if (ts.isCallExpression(e)) {
      const callee = unwrapExpression(e.expression);
      if (!ts.isPropertyAccessExpression(callee)) return false;
      if (REQUEST_PARTS.has(callee.name.text) || callee.name.text === 'query') part = true;
      e = unwrapExpression(callee.expression);
    } else if (ts.isIdentifier(e)) {
      return part && (sawRequest || REQUEST_ROOTS.has(e.text) || /req(uest)?$/i.test(e.text));
    } else return false;
  }
  return false;
}

function isFunctionLike(node: ts.Node): node is ts.SignatureDeclaration & { body?: ts.Node } {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** `module.exports` itself. */
function isModuleExports(e: ts.PropertyAccessExpression): boolean {
  const object = unwrapExpression(e.expression);
  return e.name.text === 'exports' && ts.isIdentifier(object) && object.text === 'module';
}

/** `module.exports`, `module.exports.x`, `exports.x`. */
function isExportsTarget(target: ts.Expression): boolean {
  let e = unwrapExpression(target);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const object = unwrapExpression(e.expression);
    if (
      ts.isIdentifier(object) &&
      (object.text === 'exports' || (object.text === 'module' && ts.isPropertyAccessExpression(e) && e.name.text === 'exports'))
    )
      return true;
    e = object;
  }
  return false;
}

/** The config key a lookup chain names: `env.get('X')`, `config.get('a.b')`, `nconf.get('x')`, or undefined. */
function lookupKeyInChain(expression: ts.Expression): { key: string; callee: string } | undefined {
  let e = unwrapExpression(expression);
  for (let hops = 0; hops < 8; hops++) {
    if (ts.isCallExpression(e)) {
      const first = e.arguments[0];
      const name = calleeName(e.expression);
      const last = name?.split('.').pop()?.toLowerCase() ?? '';
      if (first && ts.isStringLiteralLike(first) && CONFIG_KEY.test(first.text) && CONFIG_LOOKUPS.has(last))
        return { key: first.text, callee: name! };
      e = unwrapExpression(e.expression);
    } else if (ts.isPropertyAccessExpression(e)) e = unwrapExpression(e.expression);
    else return undefined;
  }
  return undefined;
}

/** What `.then`-style method is called on a call's result: `Buffer.from(x).toString('base64')` → toString('base64'). */
function resultMethod(ancestors: readonly ts.Node[], callIndex: number, call: ts.Node): { method: string; argument?: string } | undefined {
  let child: ts.Node = call;
  let i = callIndex - 1;
  while (i >= 0 && isWrapper(ancestors[i])) child = ancestors[i--];
  const access = ancestors[i];
  const outer = ancestors[i - 1];
  if (
    access &&
    ts.isPropertyAccessExpression(access) &&
    access.expression === child &&
    outer &&
    ts.isCallExpression(outer) &&
    outer.expression === access
  ) {
    const first = outer.arguments[0];
    return { method: access.name.text, argument: first && ts.isStringLiteralLike(first) ? first.text : undefined };
  }
  return undefined;
}

const MAX_CLIMB = 32;

/** `new TextEncoder().encode(x)`, `Buffer.from(x)`, `Buffer.from(x, 'base64')`: a conversion of `x` to bytes. */
function isByteConversion(call: ts.CallExpression | ts.NewExpression): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const target = unwrapExpression(callee.expression);
  if (callee.name.text === 'encode' && call.arguments.length === 1)
    return ts.isNewExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === 'TextEncoder';
  return (
    callee.name.text === 'from' &&
    ts.isIdentifier(target) &&
    target.text === 'Buffer' &&
    (call.arguments.length === 1 || (call.arguments.length === 2 && ts.isStringLiteralLike(call.arguments[1])))
  );
}

/**
 * Where an expression's value goes in its nearest container. `ancestors` is the chain above `node`,
 * outermost first; `top` is the index of `node`'s parent in it (the last one by default).
 */
export function positionOf(node: ts.Node, ancestors: readonly ts.Node[], top = ancestors.length - 1): Position {
  const path: string[] = [];
  const objects: ts.ObjectLiteralExpression[] = [];
  let inArray = false;
  let envFallback: string | undefined;
  let child: ts.Node = node;
  const done = (slot: Slot | undefined): Position => ({ slot, path, envFallback, inArray, objects, carrier: child });
  let i = top;
  for (let steps = 0; i >= 0 && steps < MAX_CLIMB; steps++) {
    const p = ancestors[i];
    if (isWrapper(p) || ts.isJsxExpression(p) || ts.isSpreadElement(p)) {
      child = p;
      i--;
      continue;
    }
    if (ts.isConditionalExpression(p)) {
      if (p.condition === child) return done(undefined);
      child = p;
      i--;
      continue;
    }
    if (ts.isArrayLiteralExpression(p)) {
      inArray = true;
      child = p;
      i--;
      continue;
    }
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        if (p.right === child && path.length === 0 && !inArray) envFallback ??= envLookupName(p.left);
        child = p;
        i--;
        continue;
      }
      if (op === ts.SyntaxKind.AmpersandAmpersandToken && p.right === child) {
        child = p;
        i--;
        continue;
      }
      if (EQUALITY.has(op)) return done({ kind: 'comparison', other: p.left === child ? p.right : p.left, node: p });
      if (
        (op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) &&
        p.right === child
      ) {
        const target = unwrapExpression(p.left);
        const envName = envLookupName(target);
        if (envName) return done({ kind: 'envWrite', envName, node: p });
        if (isExportsTarget(target) || (ts.isIdentifier(target) && target.text === 'exports')) {
          // `exports.adminPassword = …`, `module.exports.secret = …` name the value; `module.exports = …` does not.
          const name = ts.isPropertyAccessExpression(target) && !isModuleExports(target) ? target.name.text : undefined;
          return done(name ? { kind: 'exported', node: p, name } : { kind: 'exported', node: p });
        }
        let owner: ts.Node | undefined;
        for (let j = i - 1; j >= 0 && !owner; j--) if (ts.isClassLike(ancestors[j])) owner = ancestors[j];
        return done({ kind: 'assignment', name: lastName(target), target, node: p, owner });
      }
      return done(undefined);
    }
    if (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) {
      if (ts.isPropertyAssignment(p) ? p.initializer !== child : p.name !== child) return done(undefined);
      const name = propertyNameText(p.name);
      const object = ancestors[i - 1];
      if (name === undefined || !object || !ts.isObjectLiteralExpression(object)) return done(undefined);
      if (DEFAULT_KEYS.has(name) && path.length === 0) {
        // convict: `{ doc, format, default: v, env: 'X' }`
        for (const sibling of object.properties) {
          if (ts.isPropertyAssignment(sibling) && propertyNameText(sibling.name) === 'env' && ts.isStringLiteralLike(sibling.initializer)) {
            child = object;
            return done({ kind: 'configDefault', key: sibling.initializer.text, node: object, callee: 'convict' });
          }
        }
        // envalid: `JWT_SECRET: str({ default: v })`: the name is where the declaration sits.
        const call = ancestors[i - 2];
        if (call && (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.arguments?.[0] === object) {
          child = call;
          i -= 3;
          continue;
        }
      }
      path.unshift(name);
      objects.push(object);
      child = object;
      i -= 2;
      continue;
    }
    if (ts.isSpreadAssignment(p)) {
      const object = ancestors[i - 1];
      if (!object || !ts.isObjectLiteralExpression(object)) return done(undefined);
      child = object;
      i -= 2;
      continue;
    }
    if (ts.isVariableDeclaration(p)) {
      if (p.initializer === child && ts.isIdentifier(p.name)) return done({ kind: 'variable', name: p.name.text, node: p });
      return done(undefined);
    }
    if (ts.isParameter(p)) {
      const fn = ancestors[i - 1];
      const name = ts.isIdentifier(p.name) ? p.name.text : undefined;
      if (p.initializer === child && name && fn && isFunctionLike(fn)) return done({ kind: 'parameter', name, node: p, fn });
      return done(undefined);
    }
    if (ts.isBindingElement(p)) {
      const name = propertyNameText(p.propertyName ?? p.name);
      if (p.initializer === child && name) return done({ kind: 'binding', name, node: p });
      return done(undefined);
    }
    if (ts.isPropertyDeclaration(p)) {
      const name = propertyNameText(p.name);
      const owner = ancestors[i - 1];
      if (p.initializer === child && name && owner) return done({ kind: 'field', name, node: p, owner });
      return done(undefined);
    }
    if (ts.isEnumMember(p)) {
      const name = propertyNameText(p.name);
      const declaration = ancestors[i - 1];
      if (p.initializer === child && name && declaration && ts.isEnumDeclaration(declaration))
        return done({ kind: 'enumMember', name, enumName: declaration.name.text, node: p });
      return done(undefined);
    }
    if (ts.isJsxAttribute(p)) {
      const name = ts.isIdentifier(p.name) ? p.name.text : undefined;
      return done(name ? { kind: 'jsx', name, node: p } : undefined);
    }
    if (ts.isReturnStatement(p)) {
      for (let j = i - 1; j >= 0; j--) {
        const fn = ancestors[j];
        if (isFunctionLike(fn)) return done({ kind: 'return', fn });
      }
      return done(undefined);
    }
    if (ts.isArrowFunction(p)) return done(p.body === child ? { kind: 'return', fn: p } : undefined);
    if (ts.isExportAssignment(p)) return done({ kind: 'exported', node: p });
    if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
      const index = p.arguments ? p.arguments.indexOf(child as ts.Expression) : -1;
      if (index < 0) return done(undefined);
      const callee = unwrapExpression(p.expression);
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (ts.isCallExpression(p) && method && path.length === 0) {
        // `.default(v)` on a lookup chain (`env.get('X').default(v)`), else the chain's own position (`Joi.string().default(v)`).
        if (index === 0 && DEFAULT_METHODS.has(method) && ts.isPropertyAccessExpression(callee)) {
          const lookup = lookupKeyInChain(callee.expression);
          if (lookup) return done({ kind: 'configDefault', key: lookup.key, node: p, callee: lookup.callee });
          child = p;
          i--;
          while (i >= 1) {
            const access = ancestors[i];
            const call = ancestors[i - 1];
            if (
              ts.isPropertyAccessExpression(access) &&
              access.expression === child &&
              ts.isCallExpression(call) &&
              call.expression === access
            ) {
              child = call;
              i -= 2;
            } else break;
          }
          continue;
        }
        const first = p.arguments[0];
        if (index === 1 && first && ts.isStringLiteralLike(first)) {
          if (configLookup(p)) return done({ kind: 'configDefault', key: first.text, node: p, callee: calleeName(p.expression) ?? method });
          if (KEYED_SETTERS.has(method) && ts.isPropertyAccessExpression(callee) && p.arguments.length === 2)
            return done({ kind: 'keyed', name: first.text, method, call: p });
        }
      }
      // `new TextEncoder().encode('…')` (jose's key), `Buffer.from('…', 'base64')`: the same value in bytes, kept under
      // the name the call's result goes to.
      // (Not `Buffer.from('user:pass').toString('base64')`: what is done with the bytes says more, judged as an argument.)
      const then = resultMethod(ancestors, i, p);
      if (index === 0 && path.length === 0 && !inArray && !then && isByteConversion(p)) {
        child = p;
        i--;
        continue;
      }
      return done({ kind: 'argument', call: p, index, then });
    }
    return done(undefined);
  }
  return done(undefined);
}

// ---------------------------------------------------------------------------------------------------
// The file index: uses of names, local functions and their call sites, in one walk.

interface Use {
  /** The outermost member expression of the use (`cfg.jwt.secret`), or the identifier. */
  node: ts.Node;
  /** Member names read after the name: `cfg.jwt.secret` → [jwt, secret]. */
  members: string[];
  position: Position;
}

interface Declaration {
  node: ts.Node;
  /** The block (or function, or file) the name is visible in. */
  scope: ts.Node;
}

interface FileFlow {
  /** Uses of a name in value positions (root identifier, or `this.x` for class members). */
  uses: Map<string, Use[]>;
  /** Declarations of local names (variables, bindings, enums) with their scopes. */
  declarations: Map<string, Declaration[]>;
  /** Local functions by name (`f`, or `this.m` for class methods), and the name of each. */
  functions: Map<string, (ts.SignatureDeclaration & { body?: ts.Node })[]>;
  functionNames: Map<ts.Node, string>;
  /** Call sites by callee name (`f`, `this.m`): the call's own position. */
  calls: Map<string, Use[]>;
  /** Text of string literals used as literal types (`'material' | 'plan'`): values of an enumeration. */
  literalTypes: Set<string>;
  /** How often a literal text is compared (=== / !==) and stored (assigned, initialised, a property value). */
  literalRoles: Map<string, { compared: number; stored: number }>;
  memo: Map<ts.Node, Map<string, Route[]>>;
}

const cache = new WeakMap<ts.SourceFile, FileFlow>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function isScope(node: ts.Node): boolean {
  return (
    ts.isBlock(node) ||
    ts.isSourceFile(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    isFunctionLike(node) ||
    ts.isClassDeclaration(node)
  );
}

function nearestScope(ancestors: readonly ts.Node[], from = ancestors.length - 1): ts.Node {
  for (let i = from; i >= 0; i--) if (isScope(ancestors[i])) return ancestors[i];
  return ancestors[0];
}

/** Is the identifier `node` (child of `parent`) read as a value, rather than a declaration name, a property name, a type? */
function isValueUse(node: ts.Identifier, parent: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node;
  if (ts.isElementAccessExpression(parent)) return parent.expression === node || parent.argumentExpression === node;
  // Callees too: a call of a local function is where what it returns goes.
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return true;
  if (ts.isPropertyAssignment(parent)) return parent.initializer === node;
  if (ts.isShorthandPropertyAssignment(parent)) return true;
  if (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isPropertyDeclaration(parent))
    return parent.initializer === node;
  if (ts.isEnumMember(parent)) return parent.initializer === node;
  return (
    ts.isBinaryExpression(parent) ||
    ts.isConditionalExpression(parent) ||
    ts.isReturnStatement(parent) ||
    ts.isArrowFunction(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isSpreadAssignment(parent) ||
    ts.isJsxExpression(parent) ||
    isWrapper(parent) ||
    ts.isExportAssignment(parent)
  );
}

function emptyFlow(): FileFlow {
  return {
    uses: new Map(),
    declarations: new Map(),
    functions: new Map(),
    functionNames: new Map(),
    calls: new Map(),
    literalTypes: new Set(),
    literalRoles: new Map(),
    memo: new Map(),
  };
}

/** Adds one node (with its ancestors, outermost first) to a file's index. */
function indexNode(flow: FileFlow, node: ts.Node, ancestors: readonly ts.Node[]): void {
  const parent = ancestors[ancestors.length - 1];
  if (!parent) return;
  const { uses, declarations, functions, functionNames, calls, literalTypes, literalRoles } = flow;
  const addFunction = (name: string, fn: ts.SignatureDeclaration & { body?: ts.Node }) => {
    push(functions, name, fn);
    functionNames.set(fn, name);
  };
  switch (node.kind) {
    case ts.SyntaxKind.Identifier: {
      const id = node as ts.Identifier;
      if (isValueUse(id, parent)) recordUse(id.text, id);
      return;
    }
    case ts.SyntaxKind.ThisKeyword:
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) recordUse('this', node);
      return;
    case ts.SyntaxKind.VariableDeclaration: {
      const declaration = node as ts.VariableDeclaration;
      if (ts.isIdentifier(declaration.name)) {
        push(declarations, declaration.name.text, { node, scope: nearestScope(ancestors, ancestors.length - 2) });
        const init = declaration.initializer && unwrapExpression(declaration.initializer);
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) addFunction(declaration.name.text, init);
      }
      return;
    }
    case ts.SyntaxKind.BindingElement: {
      const element = node as ts.BindingElement;
      if (ts.isIdentifier(element.name)) push(declarations, element.name.text, { node, scope: nearestScope(ancestors) });
      return;
    }
    case ts.SyntaxKind.EnumDeclaration: {
      const declaration = node as ts.EnumDeclaration;
      push(declarations, declaration.name.text, { node, scope: nearestScope(ancestors) });
      return;
    }
    case ts.SyntaxKind.FunctionDeclaration: {
      const fn = node as ts.FunctionDeclaration;
      if (fn.name) addFunction(fn.name.text, fn);
      return;
    }
    case ts.SyntaxKind.MethodDeclaration: {
      const method = node as ts.MethodDeclaration;
      const name = propertyNameText(method.name);
      if (name && ts.isClassLike(parent)) addFunction(`this.${name}`, method);
      return;
    }
    case ts.SyntaxKind.Parameter: {
      const parameter = node as ts.ParameterDeclaration;
      if (ts.isIdentifier(parameter.name)) push(declarations, parameter.name.text, { node, scope: parent });
      return;
    }
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
      const text = (node as ts.StringLiteral).text;
      if (ts.isLiteralTypeNode(parent)) {
        literalTypes.add(text);
        return;
      }
      const slot = positionOf(node, ancestors).slot;
      if (!slot) return;
      let roles = literalRoles.get(text);
      if (!roles) literalRoles.set(text, (roles = { compared: 0, stored: 0 }));
      if (slot.kind === 'comparison') roles.compared++;
      else if (slot.kind !== 'argument') roles.stored++;
      return;
    }
    default:
      return;
  }

  /** A use of `name` at `use` (an identifier or `this`): its member chain, then where that goes. */
  function recordUse(name: string, use: ts.Node): void {
    const members: string[] = [];
    let child: ts.Node = use;
    let i = ancestors.length - 1;
    for (;;) {
      const p = ancestors[i];
      if (p && ts.isPropertyAccessExpression(p) && p.expression === child) members.push(p.name.text);
      else if (p && ts.isElementAccessExpression(p) && p.expression === child && ts.isStringLiteralLike(p.argumentExpression))
        members.push(p.argumentExpression.text);
      else if (p && isWrapper(p) && members.length === 0 && !ts.isAwaitExpression(p)) {
        /* `(x as T).y` */
      } else break;
      child = p;
      i--;
    }
    const key = name === 'this' ? (members.length ? `this.${members.shift()!}` : undefined) : name;
    if (!key) return;
    const p = ancestors[i];
    if (p && ts.isCallExpression(p) && p.expression === child) {
      // A call of the name (or of `this.m`): where its result goes, for functions that return a value.
      if (members.length === 0) {
        const callPosition = positionOf(p, ancestors, i - 1);
        if (callPosition.slot) push(calls, key, { node: p, members, position: callPosition });
      }
      return;
    }
    if (p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === child) return;
    const usePosition = positionOf(child, ancestors, i);
    if (usePosition.slot) push(uses, key, { node: child, members, position: usePosition });
  }
}

/**
 * The file's index, built on first use in one walk of its own (files whose literals never need it
 * never pay for it). The walk keeps one stack of nodes and one ancestor array, with no array per node.
 */
function fileFlow(sourceFile: ts.SourceFile): FileFlow {
  let flow = cache.get(sourceFile);
  if (flow) return flow;
  const index = emptyFlow();
  const ancestors: ts.Node[] = [];
  forEachDescendant(sourceFile, (node, depth) => {
    ancestors.length = depth;
    if (INDEXED_KINDS.has(node.kind)) indexNode(index, node, ancestors);
    ancestors.push(node);
  });
  flow = index;
  cache.set(sourceFile, flow);
  return flow;
}

const INDEXED_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.EnumDeclaration,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
]);

const declaredNames = new WeakMap<ts.SourceFile, Set<string>>();

/**
 * Names the file may declare functions under, from its text (`function f`, `const f = (…) =>`,
 * `const f = function`, `f(…) {` methods): a superset, found in one linear scan without the index.
 */
export function mayDeclareFunction(sourceFile: ts.SourceFile, name: string): boolean {
  let names = declaredNames.get(sourceFile);
  if (!names) {
    names = new Set();
    const text = sourceFile.text;
    for (const m of text.matchAll(/\bfunction\b\s*\*?\s*([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
    // Not right after a letter, `_` or `$`: a try there finds what the try at the letter before found
    // (the same end of the same name, the same rest), only 2-5x slower.
    for (const m of text.matchAll(
      /(?<![A-Za-z_$])([A-Za-z_$][\w$]*)\s*(?::[^=;\n]{0,200})?=\s*(?:async\b\s*)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/g,
    ))
      names.add(m[1]);
    for (const m of text.matchAll(
      /^[ \t]*(?:(?:public|private|protected|static|async|override)\s+)*([A-Za-z_$][\w$]*)\s*(?:<[^>\n]{0,200}>)?\(/gm,
    ))
      names.add(m[1]);
    declaredNames.set(sourceFile, names);
  }
  return names.has(name);
}

/**
 * True when `routesOf` for this start needs the file's index: the value can go on from its slot.
 * `asked` hears each name the answer took from the file's text (an argument's callee that the file may
 * declare), with what the text said.
 */
export function needsIndex(start: Position, sourceFile?: ts.SourceFile, asked?: (name: string, declared: boolean) => void): boolean {
  const slot = start.slot;
  if (!slot) return false;
  switch (slot.kind) {
    case 'variable':
    case 'binding':
    case 'enumMember':
    case 'field':
    case 'parameter':
    case 'assignment':
    case 'return':
      return true;
    case 'argument': {
      if (ts.isNewExpression(slot.call)) return false;
      const callee = unwrapExpression(slot.call.expression);
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword
          ? callee.name.text
          : undefined;
      if (name === undefined) return false;
      if (!sourceFile) return true;
      const declared = mayDeclareFunction(sourceFile, name);
      asked?.(name, declared);
      return declared;
    }
    default:
      return false;
  }
}

/** The literal text's roles in its file: compared and stored how often (sentinels are both). */
export function literalRoles(sourceFile: ts.SourceFile, text: string): { compared: number; stored: number } {
  return fileFlow(sourceFile).literalRoles.get(text) ?? { compared: 0, stored: 0 };
}

/** The name the file calls a local function by (`issue`, `getSecret`; a method's without `this.`). */
export function functionNameOf(sourceFile: ts.SourceFile, fn: ts.Node): string | undefined {
  return fileFlow(sourceFile)
    .functionNames.get(fn)
    ?.replace(/^this\./, '');
}

/** True when the text is also a string literal type in the file (`Set<'material' | 'plan'>`): a value of an enumeration. */
export function isLiteralTypeText(sourceFile: ts.SourceFile, text: string): boolean {
  return fileFlow(sourceFile).literalTypes.has(text);
}

/** The declaration of `name` whose scope is the innermost one containing `at`. */
function declarationAt(flow: FileFlow, name: string, at: number): Declaration | undefined {
  let best: Declaration | undefined;
  for (const d of flow.declarations.get(name) ?? []) {
    if (d.scope.pos <= at && at < d.scope.end && (!best || d.scope.end - d.scope.pos < best.scope.end - best.scope.pos)) best = d;
  }
  return best;
}

const MAX_DEPTH = 10;
const MAX_ROUTES = 24;

/** Matches a use's member chain against the property path the value sits at; the rest of the path, or undefined. */
function consume(path: readonly string[], members: readonly string[]): string[] | undefined {
  if (members.length > path.length) return undefined;
  for (let k = 0; k < members.length; k++) if (members[k] !== path[k]) return undefined;
  return path.slice(members.length);
}

/** The one route that stops at the value's own position: what the value's slot says without the file's index. */
export function ownRoute(node: ts.Node, start: Position): Route[] {
  return [[{ position: start, via: 'start', node }]];
}

/**
 * Every route a value can take from `start` (its own position) through the file, nearest hop first;
 * the first hop is `start` itself. Bounded in depth and number.
 */
export function routesOf(sourceFile: ts.SourceFile, node: ts.Node, start: Position): Route[] {
  if (!needsIndex(start, sourceFile)) return ownRoute(node, start);
  const first: Hop = { position: start, via: 'start', node };
  const flow = fileFlow(sourceFile);
  const tails = continuations(flow, start, 0, new Set());
  return tails.length ? tails.map((tail) => [first, ...tail]) : [[first]];
}

function withPath(position: Position, extra: readonly string[]): Position {
  return extra.length ? { ...position, path: [...position.path, ...extra] } : position;
}

/** Hops right after a name: its uses within `within` (declared there, not shadowed), matching the path. */
function usesOf(flow: FileFlow, key: string, within: ts.Node | undefined, path: readonly string[]): Hop[] {
  const hops: Hop[] = [];
  for (const use of flow.uses.get(key) ?? []) {
    if (within && !(within.pos <= use.node.pos && use.node.end <= within.end)) continue;
    if (within && !key.startsWith('this.')) {
      const declaration = declarationAt(flow, key, use.node.pos);
      if (declaration && declaration.scope !== within) continue;
    }
    const rest = consume(path, use.members);
    if (!rest) continue;
    hops.push({ position: withPath(use.position, rest), via: 'use', node: use.node });
  }
  return hops;
}

/**
 * The hops that follow a position: where the value is read next. `anchor` is the declaration the
 * expansion is memoised on.
 */
function nextHops(flow: FileFlow, position: Position): { anchor: ts.Node; key: string; hops: () => Hop[] } | undefined {
  const slot = position.slot;
  const path = position.path;
  if (!slot) return undefined;
  const key = path.join('.');
  switch (slot.kind) {
    case 'variable':
    case 'binding': {
      if (!ts.isIdentifier(slot.node.name)) return undefined;
      const name = slot.node.name.text;
      const declaration = declarationAt(flow, name, slot.node.name.pos);
      if (!declaration) return undefined;
      return { anchor: slot.node, key, hops: () => usesOf(flow, name, declaration.scope, path) };
    }
    case 'enumMember':
      return { anchor: slot.node, key, hops: () => usesOf(flow, slot.enumName, undefined, [slot.name, ...path]) };
    case 'field':
      return { anchor: slot.node, key, hops: () => usesOf(flow, `this.${slot.name}`, slot.owner, path) };
    case 'parameter':
      return { anchor: slot.node, key, hops: () => usesOf(flow, slot.name, slot.fn, path) };
    case 'assignment': {
      // `x = v` / `obj.a.b = v` / `this.x = v`: the value sits at the target's member path.
      const members: string[] = [];
      let e: ts.Expression = unwrapExpression(slot.target);
      while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
        if (ts.isPropertyAccessExpression(e)) members.unshift(e.name.text);
        else if (ts.isStringLiteralLike(e.argumentExpression)) members.unshift(e.argumentExpression.text);
        else return undefined;
        e = unwrapExpression(e.expression);
      }
      if (e.kind === ts.SyntaxKind.ThisKeyword && members.length && slot.owner) {
        const name = `this.${members.shift()!}`;
        return { anchor: slot.node, key, hops: () => usesOf(flow, name, slot.owner, [...members, ...path]) };
      }
      if (ts.isIdentifier(e)) {
        const declaration = declarationAt(flow, e.text, e.pos);
        const name = e.text;
        return { anchor: slot.node, key, hops: () => usesOf(flow, name, declaration?.scope, [...members, ...path]) };
      }
      return undefined;
    }
    case 'argument': {
      // A local function: the value becomes its parameter (or a destructured property of it).
      const fn = localFunctionIn(flow, slot.call);
      if (!fn) return undefined;
      const parameters = fn.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
      const parameter = parameters[slot.index];
      if (!parameter || parameter.dotDotDotToken) return undefined;
      const enter = (hopSlot: Slot, rest: string[], node: ts.Node): Hop => ({
        position: { slot: hopSlot, path: rest, inArray: false, objects: [], carrier: node },
        via: 'parameter',
        node,
      });
      if (ts.isIdentifier(parameter.name)) {
        const hop = enter({ kind: 'parameter', name: parameter.name.text, node: parameter, fn }, [...path], parameter);
        return { anchor: slot.call, key: `arg${slot.index}:${key}`, hops: () => [hop] };
      }
      if (ts.isObjectBindingPattern(parameter.name) && path.length) {
        for (const element of parameter.name.elements) {
          const property = propertyNameText(element.propertyName ?? element.name);
          if (property === path[0] && ts.isIdentifier(element.name)) {
            const hop = enter({ kind: 'binding', name: property, node: element }, path.slice(1), element);
            return { anchor: slot.call, key: `arg${slot.index}:${key}`, hops: () => [hop] };
          }
        }
      }
      return undefined;
    }
    case 'return': {
      const name = flow.functionNames.get(slot.fn);
      if (!name) return undefined;
      return {
        anchor: slot.fn,
        key,
        hops: () =>
          (flow.calls.get(name) ?? []).map((call) => ({ position: withPath(call.position, path), via: 'call' as const, node: call.node })),
      };
    }
    default:
      return undefined;
  }
}

/**
 * Routes after `position` (not including it); empty when the value goes nowhere further. Memoised
 * per (anchor, path): every declaration of a file is expanded at most once, so a file costs linear
 * time; a cycle (`a = b; b = a`) ends the route.
 */
function continuations(flow: FileFlow, position: Position, depth: number, visiting: Set<string>): Route[] {
  if (depth >= MAX_DEPTH) return [];
  const next = nextHops(flow, position);
  if (!next) return [];
  let byKey = flow.memo.get(next.anchor);
  const cached = byKey?.get(next.key);
  if (cached) return cached;
  const id = `${next.anchor.pos}:${next.anchor.kind}:${next.key}`;
  if (visiting.has(id)) return [];
  visiting.add(id);
  const routes: Route[] = [];
  for (const hop of next.hops()) {
    const tails = continuations(flow, hop.position, depth + 1, visiting);
    if (tails.length) for (const tail of tails) routes.push([hop, ...tail]);
    else routes.push([hop]);
    if (routes.length >= MAX_ROUTES) break;
  }
  visiting.delete(id);
  const kept =
    position.slot?.kind === 'argument' ? routes.filter((route) => returnsToItsCall(route, position.slot as ArgumentSlot)) : routes;
  if (!byKey) flow.memo.set(next.anchor, (byKey = new Map<string, Route[]>()));
  byKey.set(next.key, kept);
  return kept;
}

type ArgumentSlot = Extract<Slot, { kind: 'argument' }>;

/**
 * A value passed to a local function comes back only from the call it was passed to: `f(a, 'x')` returning its
 * parameter gives `'x'` to that call's result, not to every call of `f` (`f(b, 'y')`). The route's first return
 * from the function it entered (a `return` slot, then a `call` hop) must land on `slot.call`.
 */
function returnsToItsCall(route: Route, slot: ArgumentSlot): boolean {
  const entered = route[0]?.position.slot;
  const fn = entered?.kind === 'parameter' ? entered.fn : undefined;
  if (!fn) return true;
  for (let i = 1; i < route.length; i++) {
    const before = route[i - 1].position.slot;
    if (route[i].via === 'call' && before?.kind === 'return' && before.fn === fn) return route[i].node === slot.call;
  }
  return true;
}

function localFunctionIn(
  flow: FileFlow,
  call: ts.CallExpression | ts.NewExpression,
): (ts.SignatureDeclaration & { body?: ts.Node }) | undefined {
  if (ts.isNewExpression(call)) return undefined;
  const name = calleeName(call.expression);
  if (!name || (name.includes('.') && !(name.startsWith('this.') && name.split('.').length === 2))) return undefined;
  const candidates = flow.functions.get(name);
  return candidates?.length === 1 ? candidates[0] : undefined;
}
