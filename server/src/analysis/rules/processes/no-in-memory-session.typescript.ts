/**
 * processes/no-in-memory-session for TypeScript/JavaScript:
 * 1. session middleware whose default store is the process's memory, configured without a store;
 * 2. an explicit in-memory store (`new session.MemoryStore()`, the `memorystore` package);
 * 3. module-level collections holding per-user/per-session state that request handlers mutate.
 */
import * as ts from 'typescript';
import type { Fix, TextChange } from '../../finding';
import type { TypeScriptCheck, TypeScriptContext } from '../../rule';
import {
  moduleBindings,
  propertyNameText,
  requiredModule,
  unwrapExpression,
  type ModuleBindings,
  type ModuleRef,
} from '../../languages/typescript/imports';
import { followIdentifier, identifierCount } from '../../languages/typescript/values';
import { indentAt, quoteStyle, skipTrivia, usesSemicolons } from '../../languages/typescript/edits';

/** Session middleware whose store defaults to an in-process MemoryStore. koa-session is cookie-based by default: absent. */
const MEMORY_DEFAULT_SESSIONS: Record<string, string> = {
  'express-session': 'express-session',
  'next-session': 'next-session',
  'koa-generic-session': 'koa-generic-session',
  'koa-session-minimal': 'koa-session-minimal',
  'koa-session2': 'koa-session2',
};
/** Fastify plugins (registered with `fastify.register(plugin, options)`) defaulting to a memory store. */
const FASTIFY_SESSION_PLUGINS = new Set(['@fastify/session', 'fastify-session']);
/** Packages exporting a factory `(session) => MemoryStoreClass`. */
const MEMORY_STORE_FACTORIES = new Set(['memorystore', 'session-memory-store']);

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use', 'addHook']);
const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options']);
const NEXT_ROUTE_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** Words that make a key (or pushed value) identify a user, a session or a credential. */
const IDENTITY_WORDS = [
  'user',
  'users',
  'userid',
  'uid',
  'username',
  'session',
  'sessions',
  'sessionid',
  'sid',
  'token',
  'tokens',
  'jwt',
  'cookie',
  'cookies',
  'auth',
  'authorization',
  'email',
  'account',
  'customer',
  'login',
  'member',
  'visitor',
];
/** Words that are about sessions/credentials specifically (enough for a pushed value). */
const SESSION_WORDS = ['session', 'sessions', 'sessionid', 'sid', 'token', 'tokens', 'jwt', 'cookie', 'cookies'];
/** A collection with one of these words in its name holds session state by its name alone. */
const SESSION_NAME_WORDS = [
  'session',
  'sessions',
  'token',
  'tokens',
  'sid',
  'sids',
  'cart',
  'carts',
  'basket',
  'baskets',
  'login',
  'logins',
  'jwt',
  'jwts',
];
/** `user`-like words in a name count together with a state qualifier: `activeUsers`, `userCache`, `loggedInUsers`. */
const PERSON_WORDS = [
  'user',
  'users',
  'customer',
  'customers',
  'visitor',
  'visitors',
  'member',
  'members',
  'client',
  'clients',
  'player',
  'players',
];
const STATE_QUALIFIERS = [
  'active',
  'logged',
  'online',
  'connected',
  'current',
  'authenticated',
  'cache',
  'cached',
  'signed',
  'session',
  'sessions',
];
/** Rate limiting and counters are not session state (documented decision). */
const EXCLUDED_NAME_WORDS = [
  'rate',
  'limit',
  'limits',
  'limiter',
  'throttle',
  'attempt',
  'attempts',
  'hit',
  'hits',
  'count',
  'counts',
  'counter',
  'counters',
];

const PREFILTER = new RegExp([...IDENTITY_WORDS, ...SESSION_NAME_WORDS, ...PERSON_WORDS, 'memorystore', 'memory-store'].join('|'), 'i');

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const hasWord = (name: string, list: readonly string[]) => words(name).some((w) => list.includes(w));

export function collectionNameSaysSession(name: string): boolean {
  if (hasWord(name, EXCLUDED_NAME_WORDS)) return false;
  return hasWord(name, SESSION_NAME_WORDS) || (hasWord(name, PERSON_WORDS) && hasWord(name, STATE_QUALIFIERS));
}

/** True when an identifier or property name inside `e` names one of `list`'s words. */
function mentions(e: ts.Node, list: readonly string[]): boolean {
  const stack: ts.Node[] = [e];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isIdentifier(n) && hasWord(n.text, list)) return true;
    if ((ts.isFunctionLike(n) && n !== e) || ts.isObjectLiteralExpression(n) || ts.isArrayLiteralExpression(n)) continue;
    ts.forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  return false;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = unwrapExpression(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
}

type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

const isFunctionNode = (n: ts.Node): n is FunctionNode =>
  ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n);

function paramName(p: ts.ParameterDeclaration | undefined): string | undefined {
  return p && ts.isIdentifier(p.name) ? p.name.text : undefined;
}

/** `(req, res)`, `(request, reply)`, `(ctx, next)`, or a first parameter typed as a request. */
function looksLikeHandler(fn: FunctionNode): boolean {
  const [first, second] = fn.parameters;
  const a = paramName(first);
  const b = paramName(second);
  if (a && b && /^_?(req|request)$/.test(a) && /^_?(res|response|reply)$/.test(b)) return true;
  if (a === 'ctx' && b === 'next') return true;
  const type = first?.type;
  if (type && ts.isTypeReferenceNode(type)) {
    const typeName = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (/Request$/.test(typeName) && typeName !== 'IncomingRequest') return true;
    if (a === 'ctx' && /Context$/.test(typeName)) return true;
  }
  return false;
}

interface Mutation {
  node: ts.Node;
  /** The key the state is stored under, or the value added for push/add. */
  key?: ts.Expression;
  keyIsValue: boolean;
}

export const typescriptCheck: TypeScriptCheck = {
  prefilter: (text) => PREFILTER.test(text),
  create(context: TypeScriptContext) {
    const sf = context.sourceFile;
    const text = sf.text;
    let bindingsCache: ModuleBindings | undefined;
    const bindings = () => (bindingsCache ??= moduleBindings(sf));
    const sessionCalls: { call: ts.CallExpression; library: string; options: ts.Expression | undefined; optionsName?: string }[] = [];
    const memoryStores: ts.NewExpression[] = [];
    const storeAssignedOn = new Set<string>();
    const handlers = new Set<FunctionNode>();
    const replace = (start: number, end: number, newText: string): TextChange => ({
      kind: 'replace',
      file: context.file,
      range: context.rangeOfOffsets(start, end),
      newText,
    });

    const sessionLibrary = (ref: ModuleRef | undefined): string | undefined => {
      if (!ref) return undefined;
      if (ref.path.length === 0 && MEMORY_DEFAULT_SESSIONS[ref.module]) return MEMORY_DEFAULT_SESSIONS[ref.module];
      if (ref.module === 'next-session' && ref.path.join('.') === 'nextSession') return 'next-session';
      if (ref.module === 'express' && ref.path.join('.') === 'session') return 'express.session';
      return undefined;
    };

    const isMemoryStoreClass = (callee: ts.Expression): boolean => {
      const ref = bindings().resolve(callee);
      if (
        ref &&
        ref.path[ref.path.length - 1] === 'MemoryStore' &&
        (MEMORY_DEFAULT_SESSIONS[ref.module] || FASTIFY_SESSION_PLUGINS.has(ref.module) || ref.module === 'express')
      )
        return true;
      const value = followIdentifier(sf, callee);
      if (ts.isCallExpression(value)) {
        const factory = bindings().resolve(value.expression);
        if (factory && factory.path.length === 0 && MEMORY_STORE_FACTORIES.has(factory.module)) return true;
      }
      return false;
    };

    const checkCall = (node: ts.CallExpression) => {
      const library = sessionLibrary(bindings().resolve(node.expression));
      if (library) {
        const arg = node.arguments[0];
        const name = arg && ts.isIdentifier(unwrapExpression(arg)) ? (unwrapExpression(arg) as ts.Identifier).text : undefined;
        sessionCalls.push({ call: node, library, options: arg, optionsName: name });
        return;
      }
      const method = calleeName(node);
      if (method === 'register' && node.arguments[0]) {
        const plugin = bindings().resolve(node.arguments[0]);
        if (plugin && plugin.path.length === 0 && FASTIFY_SESSION_PLUGINS.has(plugin.module)) {
          const arg = node.arguments[1];
          const name = arg && ts.isIdentifier(unwrapExpression(arg)) ? (unwrapExpression(arg) as ts.Identifier).text : undefined;
          sessionCalls.push({ call: node, library: plugin.module, options: arg, optionsName: name });
        }
        return;
      }
      // Route registrations: app.get('/path', handler), router.use(mw), fastify.addHook('preHandler', fn), app.route('/x').post(fn).
      if (!method || !HTTP_METHODS.has(method)) return;
      const callee = unwrapExpression(node.expression);
      if (!ts.isPropertyAccessExpression(callee)) return;
      const first = node.arguments[0] && unwrapExpression(node.arguments[0]);
      const pathFirst =
        !!first &&
        (ts.isStringLiteral(first) ||
          ts.isNoSubstitutionTemplateLiteral(first) ||
          ts.isTemplateExpression(first) ||
          ts.isRegularExpressionLiteral(first) ||
          ts.isArrayLiteralExpression(first));
      const chainedRoute = ts.isCallExpression(callee.expression) && calleeName(callee.expression) === 'route';
      if (method !== 'use' && !pathFirst && !chainedRoute) return;
      for (const arg of node.arguments) {
        const fn = followIdentifier(sf, arg);
        let target: ts.Node | undefined = ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) ? fn : undefined;
        if (!target && ts.isIdentifier(fn)) target = topLevelFunctions().get(fn.text);
        if (!target || !isFunctionNode(target) || target.parameters.length === 0) continue;
        if (
          method === 'use' &&
          target.parameters.length < 2 &&
          !/^(req|request|ctx|context|c)$/.test(paramName(target.parameters[0]) ?? '')
        )
          continue;
        handlers.add(target);
      }
    };

    const checkFunction = (node: FunctionNode) => {
      if (looksLikeHandler(node)) {
        handlers.add(node);
        return;
      }
      if (ts.isMethodDeclaration(node)) {
        const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
        if (
          decorators.some(
            (d) =>
              ts.isCallExpression(d.expression) &&
              ts.isIdentifier(d.expression.expression) &&
              NEST_ROUTE_DECORATORS.has(d.expression.expression.text),
          )
        )
          handlers.add(node);
        return;
      }
      if (
        ts.isFunctionDeclaration(node) &&
        node.name &&
        NEXT_ROUTE_EXPORTS.has(node.name.text) &&
        node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      ) {
        if (/(^|[/\\])route\.[cm]?[jt]sx?$/.test(context.file)) handlers.add(node);
      }
      if (
        ts.isFunctionDeclaration(node) &&
        node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) &&
        /[/\\]pages[/\\]api[/\\]/.test(context.file) &&
        node.parameters.length >= 1
      ) {
        handlers.add(node);
      }
    };

    let topLevelFunctionsCache: Map<string, FunctionNode> | undefined;
    const topLevelFunctions = () => {
      if (topLevelFunctionsCache) return topLevelFunctionsCache;
      const map = new Map<string, FunctionNode>();
      for (const s of sf.statements) {
        if (ts.isFunctionDeclaration(s) && s.name && s.body) map.set(s.name.text, s);
        if (ts.isVariableStatement(s)) {
          for (const d of s.declarationList.declarations) {
            const init = d.initializer && unwrapExpression(d.initializer);
            if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) map.set(d.name.text, init);
          }
        }
      }
      return (topLevelFunctionsCache = map);
    };

    // ---- the Redis store fix for express-session ----------------------------------------------
    const redisFix = (objectOrCall: {
      object?: ts.ObjectLiteralExpression;
      emptyCall?: ts.CallExpression;
      memoryStore?: ts.NewExpression;
    }): Fix | undefined => {
      for (const name of ['RedisStore', 'createClient', 'redisClient']) if (identifierCount(sf, name) > 0) return undefined;
      const semi = usesSemicolons(sf) ? ';' : '';
      const q = quoteStyle(sf);
      const commonJs =
        /\.c[jt]s$/.test(context.file) || (!/\.m[jt]s$/.test(context.file) && bindings().usesRequire && !bindings().usesImport);
      const lines = commonJs
        ? [`const { RedisStore } = require(${q}connect-redis${q})${semi}`, `const { createClient } = require(${q}redis${q})${semi}`]
        : [`import { RedisStore } from ${q}connect-redis${q}${semi}`, `import { createClient } from ${q}redis${q}${semi}`];
      lines.push(
        `const redisClient = createClient({ url: process.env.REDIS_URL })${semi}`,
        `redisClient.connect().catch(console.error)${semi}`,
      );
      // After the last top-level import/require statement.
      let anchor: ts.Statement | undefined;
      for (const s of sf.statements) {
        if (ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)) anchor = s;
        else if (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => d.initializer && containsRequire(d.initializer)))
          anchor = s;
        else if (ts.isExpressionStatement(s) && containsRequire(s.expression) && !anchor) anchor = s;
      }
      const changes: TextChange[] = [];
      if (anchor) changes.push(replace(anchor.getEnd(), anchor.getEnd(), `\n${lines.join('\n')}`));
      else {
        const first = sf.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
        const at = first ? first.getStart(sf) : text.length;
        changes.push(replace(at, at, `${lines.join('\n')}\n\n`));
      }
      const store = 'new RedisStore({ client: redisClient })';
      const { object, emptyCall, memoryStore } = objectOrCall;
      if (memoryStore) changes.push(replace(memoryStore.getStart(sf), memoryStore.getEnd(), store));
      else if (emptyCall) changes.push(replace(emptyCall.arguments.pos, emptyCall.arguments.end, `{ store: ${store} }`));
      else if (object && object.properties.length === 0) changes.push(replace(object.getStart(sf), object.getEnd(), `{ store: ${store} }`));
      else if (object) {
        const last = object.properties[object.properties.length - 1];
        const multiline = text.slice(object.getStart(sf), object.properties[0].getStart(sf)).includes('\n');
        if (multiline) {
          const indent = indentAt(text, object.properties[0].getStart(sf));
          if (object.properties.hasTrailingComma) {
            const comma = skipTrivia(text, last.getEnd());
            changes.push(replace(comma + 1, comma + 1, `\n${indent}store: ${store},`));
          } else changes.push(replace(last.getEnd(), last.getEnd(), `,\n${indent}store: ${store}`));
        } else changes.push(replace(last.getEnd(), last.getEnd(), `, store: ${store}`));
      } else return undefined;
      return { kind: 'suggestion', title: 'Store sessions in Redis (needs connect-redis and redis)', changes };
    };

    const reportSessions = () => {
      for (const { call, library, options, optionsName } of sessionCalls) {
        let object: ts.ObjectLiteralExpression | undefined;
        if (options) {
          const value = followIdentifier(sf, options);
          if (!ts.isObjectLiteralExpression(value)) continue; // built elsewhere: unknown
          if (value.properties.some((p) => ts.isSpreadAssignment(p))) continue;
          if (value.properties.some((p) => propertyNameText(p.name) === 'store')) continue;
          if (optionsName && storeAssignedOn.has(optionsName)) continue;
          object = value;
        }
        const fix = library === 'express-session' ? redisFix(object ? { object } : { emptyCall: call }) : undefined;
        context.report({
          messageId: 'sessionWithoutStore',
          data: { library },
          range: context.rangeOf(call),
          fixes: fix ? [fix] : undefined,
        });
      }
      for (const node of memoryStores) {
        // In `session({ store: new MemoryStore() })` of express-session, offer Redis in its place.
        const ancestors = ancestorsOf.get(node) ?? [];
        const prop = ancestors[ancestors.length - 1];
        const inSession =
          prop &&
          ts.isPropertyAssignment(prop) &&
          propertyNameText(prop.name) === 'store' &&
          sessionCalls.some((s) => s.library === 'express-session' && ancestors.includes(s.call));
        const fix = inSession ? redisFix({ memoryStore: node }) : undefined;
        context.report({ messageId: 'memoryStore', data: {}, range: context.rangeOf(node), fixes: fix ? [fix] : undefined });
      }
    };
    const ancestorsOf = new Map<ts.Node, readonly ts.Node[]>();

    // ---- module-level collections mutated in handlers -----------------------------------------
    const reportCollections = () => {
      const collections = new Map<string, ts.VariableDeclaration>();
      for (const s of sf.statements) {
        if (!ts.isVariableStatement(s)) continue;
        for (const d of s.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || !d.initializer) continue;
          if (isCollection(unwrapExpression(d.initializer))) collections.set(d.name.text, d);
        }
      }
      if (collections.size === 0 || handlers.size === 0) return;
      const found = new Map<string, ts.Node>();
      const visited = new Set<ts.Node>();
      const queue: { fn: FunctionNode; depth: number }[] = [...handlers].map((fn) => ({ fn, depth: 0 }));
      while (queue.length) {
        const { fn, depth } = queue.shift()!;
        if (visited.has(fn) || !fn.body) continue;
        visited.add(fn);
        const local = localNames(fn);
        const stack: ts.Node[] = [fn.body];
        while (stack.length) {
          const n = stack.pop()!;
          const m = mutationOf(n);
          if (m && collections.has(m.name) && !local.has(m.name) && !found.has(m.name)) {
            const nameSays = collectionNameSaysSession(m.name);
            const keySays = m.mutation.key ? mentions(m.mutation.key, m.mutation.keyIsValue ? SESSION_WORDS : IDENTITY_WORDS) : false;
            if (!hasWord(m.name, EXCLUDED_NAME_WORDS) && (nameSays || keySays)) found.set(m.name, m.mutation.node);
          }
          if (ts.isCallExpression(n) && depth < 2) {
            const callee = unwrapExpression(n.expression);
            if (ts.isIdentifier(callee)) {
              const helper = topLevelFunctions().get(callee.text);
              if (helper) queue.push({ fn: helper, depth: depth + 1 });
            }
          }
          ts.forEachChild(n, (c) => {
            stack.push(c);
          });
        }
      }
      for (const [name, mutation] of [...found].sort((a, b) => collections.get(a[0])!.getStart(sf) - collections.get(b[0])!.getStart(sf))) {
        const declaration = collections.get(name)!;
        const at = context.rangeOf(mutation);
        context.report({
          messageId: 'moduleStateInHandler',
          data: { name, line: at.start.line + 1 },
          range: context.rangeOf(declaration.name),
          related: [{ file: context.file, range: at, message: `"${name}" is mutated here, in a request handler.` }],
        });
      }
    };

    const isCollection = (init: ts.Expression): boolean => {
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression))
        return init.expression.text === 'Map' || init.expression.text === 'Set';
      if (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init)) return true;
      if (ts.isCallExpression(init)) {
        const callee = unwrapExpression(init.expression);
        return (
          ts.isPropertyAccessExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === 'Object' &&
          callee.name.text === 'create'
        );
      }
      return false;
    };

    return {
      [ts.SyntaxKind.CallExpression]: checkCall,
      [ts.SyntaxKind.NewExpression]: (node: ts.NewExpression) => {
        if (isMemoryStoreClass(node.expression)) {
          memoryStores.push(node);
          ancestorsOf.set(node, [...context.ancestors()]);
        }
      },
      [ts.SyntaxKind.BinaryExpression]: (node: ts.BinaryExpression) => {
        // `sess.store = new RedisStore(...)` after `const sess = {...}`.
        const left = unwrapExpression(node.left);
        if (
          node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(left) &&
          left.name.text === 'store' &&
          ts.isIdentifier(left.expression)
        ) {
          storeAssignedOn.add(left.expression.text);
        }
      },
      [ts.SyntaxKind.FunctionDeclaration]: checkFunction,
      [ts.SyntaxKind.FunctionExpression]: checkFunction,
      [ts.SyntaxKind.ArrowFunction]: checkFunction,
      [ts.SyntaxKind.MethodDeclaration]: checkFunction,
      onEnd() {
        reportSessions();
        reportCollections();
      },
    };
  },
};

function containsRequire(e: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (requiredModule(n)) found = true;
    else if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  visit(e);
  return found;
}

/** Names declared inside a function (parameters included): they shadow module-level collections. */
function localNames(fn: FunctionNode): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  for (const p of fn.parameters) addBinding(p.name);
  const stack: ts.Node[] = fn.body ? [fn.body] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isVariableDeclaration(n) || ts.isParameter(n)) addBinding(n.name);
    ts.forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  return names;
}

const MUTATORS_BY_KEY = new Set(['set', 'delete']);
const MUTATORS_BY_VALUE = new Set(['add', 'push', 'unshift']);

/** `C.set(k, v)`, `C.add(v)`, `C.push(v)`, `C[k] = v`, `C[k].x = v`, `delete C[k]`, `C[k]++`, `C[k].push(v)` → C and k. */
function mutationOf(n: ts.Node): { name: string; mutation: Mutation } | undefined {
  /** `C[k]…` at the base of an access chain → C and k. */
  const keyedBase = (e: ts.Expression): { name: string; key: ts.Expression } | undefined => {
    let cur = unwrapExpression(e);
    for (;;) {
      if (ts.isElementAccessExpression(cur)) {
        const obj = unwrapExpression(cur.expression);
        if (ts.isIdentifier(obj)) return { name: obj.text, key: cur.argumentExpression };
        cur = obj;
      } else if (ts.isPropertyAccessExpression(cur)) cur = unwrapExpression(cur.expression);
      else if (ts.isCallExpression(cur)) {
        // C.get(k).push(…)
        const callee = unwrapExpression(cur.expression);
        if (
          ts.isPropertyAccessExpression(callee) &&
          callee.name.text === 'get' &&
          ts.isIdentifier(unwrapExpression(callee.expression)) &&
          cur.arguments[0]
        ) {
          return { name: (unwrapExpression(callee.expression) as ts.Identifier).text, key: cur.arguments[0] };
        }
        return undefined;
      } else return undefined;
    }
  };
  if (ts.isCallExpression(n)) {
    const callee = unwrapExpression(n.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const obj = unwrapExpression(callee.expression);
    if (ts.isIdentifier(obj)) {
      if (MUTATORS_BY_KEY.has(method)) return { name: obj.text, mutation: { node: n, key: n.arguments[0], keyIsValue: false } };
      if (MUTATORS_BY_VALUE.has(method)) {
        const value = n.arguments[0] && unwrapExpression(n.arguments[0]);
        const literal = value && (ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value));
        return { name: obj.text, mutation: { node: n, key: literal ? undefined : value, keyIsValue: true } };
      }
      return undefined;
    }
    if (MUTATORS_BY_VALUE.has(method) || MUTATORS_BY_KEY.has(method)) {
      const base = keyedBase(obj);
      if (base) return { name: base.name, mutation: { node: n, key: base.key, keyIsValue: false } };
    }
    return undefined;
  }
  if (
    ts.isBinaryExpression(n) &&
    n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  ) {
    const base = keyedBase(n.left);
    if (base) return { name: base.name, mutation: { node: n, key: base.key, keyIsValue: false } };
  }
  if (ts.isDeleteExpression(n)) {
    const base = keyedBase(n.expression);
    if (base) return { name: base.name, mutation: { node: n, key: base.key, keyIsValue: false } };
  }
  if (
    (ts.isPostfixUnaryExpression(n) || ts.isPrefixUnaryExpression(n)) &&
    (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)
  ) {
    const base = keyedBase(n.operand);
    if (base) return { name: base.name, mutation: { node: n, key: base.key, keyIsValue: false } };
  }
  return undefined;
}
