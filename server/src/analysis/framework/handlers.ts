/**
 * What runs per request (DESIGN.md §8) — and, more broadly, after startup: route handlers and
 * middleware of each framework, Nest controllers and gateways, GraphQL resolvers, socket, queue and
 * event callbacks, timers. Two ways to know: a function registered by a call (`app.get('/x', fn)`,
 * `server.route({ handler })`, `socket.on('msg', fn)`), or a function whose own shape says so
 * (`(req, res)`, `(ctx, next)`, `(request, h)`, `@Get()`). Syntax only, no type checker.
 */
import { entry } from './table';
import * as ts from 'typescript';
import { propertyNameText, unwrapExpression, type ModuleBindings } from '../languages/typescript/imports';

/** What kind of callback runs after startup. */
export type HandlerKind = 'route' | 'middleware' | 'socket' | 'queue' | 'event' | 'timer' | 'resolver';

export interface HandlerMatch {
  kind: HandlerKind;
  /** The HTTP method or event name it is registered for, when written literally. */
  method?: string;
  /** The route path, when written literally. */
  path?: string;
}

type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export function isFunctionNode(n: ts.Node): n is FunctionNode {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n);
}

/** Route registration methods of Express, Koa routers, Fastify, restify, Hono, polka, hapi-style routers. */
const ROUTE_METHODS: ReadonlySet<string> = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'options',
  'head',
  'use',
  'any',
  'on',
  'ws',
]);

/** Fastify hooks that run per request. */
const REQUEST_HOOKS = /^(?:onRequest|preParsing|preValidation|preHandler|preSerialization|onSend|onResponse|onError|onTimeout)$/;

/** Nest (and NestJS-style) method decorators that make a method run per request, message or job. */
const HANDLER_DECORATORS: Readonly<Record<string, HandlerKind>> = {
  Get: 'route',
  Post: 'route',
  Put: 'route',
  Patch: 'route',
  Delete: 'route',
  All: 'route',
  Head: 'route',
  Options: 'route',
  Sse: 'route',
  MessagePattern: 'queue',
  EventPattern: 'queue',
  SubscribeMessage: 'socket',
  Query: 'resolver',
  Mutation: 'resolver',
  Subscription: 'resolver',
  ResolveField: 'resolver',
  Process: 'queue',
  OnEvent: 'event',
  OnQueueCompleted: 'queue',
  Cron: 'timer',
  Interval: 'timer',
  Timeout: 'timer',
};

/** Next.js route handler exports (app router `route.ts`). */
const NEXT_ROUTE_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** Timer and scheduler calls: module → member path, or a global function, whose function argument runs later. */
const TIMER_GLOBALS = new Set(['setInterval', 'setTimeout', 'setImmediate']);
const SCHEDULER_MODULES: Readonly<Record<string, readonly string[]>> = {
  'node-cron': ['schedule'],
  cron: ['CronJob', 'CronJob.from', 'job'],
  'node-schedule': ['scheduleJob'],
  croner: ['Cron', ''],
};

/** Queue consumers: method names whose function argument runs per job or message. */
const QUEUE_METHODS = new Set(['process', 'consume', 'subscribe', 'define', 'handle', 'registerHandler']);
const QUEUE_CONSTRUCTORS: Readonly<Record<string, readonly string[]>> = {
  bullmq: ['Worker'],
};

/** Socket-ish receivers: `socket.on('msg', fn)`, `io.on('connection', fn)`, `ws.on('message', fn)`. */
const SOCKETISH = /^(?:socket|sock|io|ws|wss|client|conn|connection|channel|peer|nsp|namespace)$|(?:Socket|socket|Io|IO|Ws|WS)$/;

function literalText(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrapExpression(e);
  return ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) ? u.text : undefined;
}

function isPathLike(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrapExpression(e);
  return (
    ts.isStringLiteral(u) ||
    ts.isNoSubstitutionTemplateLiteral(u) ||
    ts.isTemplateExpression(u) ||
    ts.isRegularExpressionLiteral(u) ||
    (ts.isArrayLiteralExpression(u) && u.elements.every((x) => isPathLike(x)))
  );
}

function objectProperty(o: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of o.properties) {
    if (ts.isSpreadAssignment(p) || propertyNameText(p.name) !== name) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
    if (ts.isMethodDeclaration(p)) return undefined;
  }
  return undefined;
}

/** The method declared as `name() {}` or `name: fn` in an object literal. */
function objectFunction(o: ts.ObjectLiteralExpression, name: string): ts.Expression | ts.MethodDeclaration | undefined {
  for (const p of o.properties) {
    if (ts.isSpreadAssignment(p) || propertyNameText(p.name) !== name) continue;
    if (ts.isMethodDeclaration(p)) return p;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

/**
 * `{ method: 'GET', path: '/x', handler }` (hapi), `{ method, url, handler }` (Fastify's route()),
 * `{ path, handler }`, `{ options: { handler } }`, hapi's `config: { handler }`: the handler of a route object.
 */
export function routeObjectHandler(
  o: ts.ObjectLiteralExpression,
): { fn: ts.Expression | ts.MethodDeclaration; match: HandlerMatch } | undefined {
  const path = objectProperty(o, 'path') ?? objectProperty(o, 'url');
  if (!path || !isPathLike(path)) return undefined;
  const method = literalText(objectProperty(o, 'method'));
  let fn = objectFunction(o, 'handler');
  if (!fn) {
    for (const key of ['options', 'config']) {
      const inner = objectProperty(o, key);
      const u = inner && unwrapExpression(inner);
      if (u && ts.isObjectLiteralExpression(u)) fn = objectFunction(u, 'handler');
      if (fn) break;
    }
  }
  if (!fn) return undefined;
  return { fn, match: { kind: 'route', ...(method ? { method } : {}), ...(literalText(path) ? { path: literalText(path) } : {}) } };
}

function receiverName(e: ts.Expression): string | undefined {
  const u = unwrapExpression(e);
  if (ts.isIdentifier(u)) return u.text;
  if (ts.isPropertyAccessExpression(u)) return u.name.text;
  if (u.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return undefined;
}

/**
 * The functions (or references to them) a call registers as callbacks that run after startup, with
 * what they are. Arguments that are not functions or names are left out.
 */
export function registeredHandlers(
  call: ts.CallExpression | ts.NewExpression,
  bindings: ModuleBindings,
): { fn: ts.Expression | ts.MethodDeclaration; match: HandlerMatch }[] {
  const out: { fn: ts.Expression | ts.MethodDeclaration; match: HandlerMatch }[] = [];
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const callee = unwrapExpression(call.expression);
  const functionArgs = (from: number, match: HandlerMatch) => {
    for (let i = from; i < args.length; i++) {
      const a = unwrapExpression(args[i]);
      if (ts.isFunctionExpression(a) || ts.isArrowFunction(a) || ts.isIdentifier(a) || ts.isPropertyAccessExpression(a))
        out.push({ fn: a, match });
      else if (ts.isArrayLiteralExpression(a))
        for (const el of a.elements) {
          const u = unwrapExpression(el);
          if (ts.isFunctionExpression(u) || ts.isArrowFunction(u) || ts.isIdentifier(u)) out.push({ fn: u, match });
        }
    }
  };

  if (ts.isNewExpression(call)) {
    const ref = bindings.resolve(callee);
    if (ref && entry(QUEUE_CONSTRUCTORS, ref.module)?.includes(ref.path.join('.'))) functionArgs(1, { kind: 'queue' });
    else if (ref && entry(SCHEDULER_MODULES, ref.module)?.includes(ref.path.join('.'))) functionArgs(1, { kind: 'timer' });
    return out;
  }

  if (ts.isIdentifier(callee) && TIMER_GLOBALS.has(callee.text) && !bindings.get(callee.text)) {
    functionArgs(0, { kind: 'timer' });
    return out.slice(0, 1);
  }
  const ref = bindings.resolve(callee);
  if (ref && entry(SCHEDULER_MODULES, ref.module)?.includes(ref.path.join('.'))) {
    functionArgs(1, { kind: 'timer' });
    return out;
  }
  if (!ts.isPropertyAccessExpression(callee)) return out;
  const method = callee.name.text;
  const receiver = receiverName(callee.expression);
  if (receiver === 'process' || receiver === 'console') return out;

  // hapi `server.route({ … })` / `server.route([{ … }])`, Fastify `fastify.route({ … })`.
  if (method === 'route' && args.length === 1) {
    const a = unwrapExpression(args[0]);
    const objects = ts.isArrayLiteralExpression(a) ? a.elements.map((e) => unwrapExpression(e)) : [a];
    for (const o of objects) {
      if (!ts.isObjectLiteralExpression(o)) continue;
      const handler = routeObjectHandler(o);
      if (handler) out.push(handler);
    }
    return out;
  }
  if (method === 'addHook' && REQUEST_HOOKS.test(literalText(args[0]) ?? '')) {
    functionArgs(1, { kind: 'middleware', method: literalText(args[0]) });
    return out;
  }
  // hapi `server.ext('onRequest', fn)`.
  if (
    method === 'ext' &&
    /^on(?:Request|PreAuth|Credentials|PostAuth|PreHandler|PostHandler|PreResponse)$/.test(literalText(args[0]) ?? '')
  ) {
    functionArgs(1, { kind: 'middleware', method: literalText(args[0]) });
    return out;
  }
  if (method === 'on' || method === 'once' || method === 'addListener') {
    const event = literalText(args[0]);
    if (event === undefined) return out;
    // Hono/polka-style `app.on('GET', '/x', fn)`.
    if (/^[A-Z]+$/.test(event) && isPathLike(args[1])) {
      functionArgs(2, { kind: 'route', method: event, path: literalText(args[1]) });
      return out;
    }
    const kind: HandlerKind = receiver && SOCKETISH.test(receiver) ? 'socket' : 'event';
    functionArgs(1, { kind, method: event });
    return out;
  }
  if (ROUTE_METHODS.has(method) && method !== 'on') {
    const first = args[0] && unwrapExpression(args[0]);
    const chained =
      ts.isCallExpression(unwrapExpression(callee.expression)) && isRouteCall(unwrapExpression(callee.expression) as ts.CallExpression);
    if (first && isPathLike(first)) {
      // Fastify `get(path, { schema }, handler)`, restify/express `get(path, mw, handler)`.
      functionArgs(1, {
        kind: method === 'use' ? 'middleware' : 'route',
        ...(method !== 'use' ? { method: method.toUpperCase() } : {}),
        ...(literalText(first) ? { path: literalText(first) } : {}),
      });
      return out;
    }
    if (first && ts.isObjectLiteralExpression(first) && objectProperty(first, 'path') && isPathLike(objectProperty(first, 'path'))) {
      // restify `server.get({ path: '/x', version }, handler)`.
      functionArgs(1, { kind: 'route', method: method.toUpperCase(), path: literalText(objectProperty(first, 'path')) });
      return out;
    }
    if (method === 'use' || chained) {
      functionArgs(0, { kind: method === 'use' ? 'middleware' : 'route', ...(method !== 'use' ? { method: method.toUpperCase() } : {}) });
      return out;
    }
    return out;
  }
  if (QUEUE_METHODS.has(method) && receiver && /queue|worker|channel|consumer|agenda|subscriber|broker|bus|job/i.test(receiver)) {
    functionArgs(0, { kind: 'queue' });
    return out;
  }
  return out;
}

function isRouteCall(call: ts.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) && callee.name.text === 'route' && call.arguments.length === 1 && isPathLike(call.arguments[0])
  );
}

function paramName(p: ts.ParameterDeclaration | undefined): string | undefined {
  return p && ts.isIdentifier(p.name) ? p.name.text : undefined;
}

function typeName(p: ts.ParameterDeclaration | undefined): string | undefined {
  const type = p?.type;
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  return ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
}

/** The literal first argument of a decorator call (`@Controller('health')`, `@Get(':id')`, `@Controller({ path: 'v1' })`); '' when none. */
function decoratorPath(node: ts.Node, names: ReadonlySet<string>): string | undefined {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  for (const d of decorators) {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (!name || !names.has(name)) continue;
    let arg = ts.isCallExpression(e) ? e.arguments[0] : undefined;
    if (arg && ts.isObjectLiteralExpression(arg)) {
      const path = arg.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'path');
      arg = path && ts.isPropertyAssignment(path) ? path.initializer : undefined;
      if (!path) return '';
    }
    if (!arg) return '';
    return ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg) ? arg.text : undefined;
  }
  return undefined;
}

const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'Sse']);
const NEST_CONTROLLER = new Set(['Controller']);

/**
 * A Nest route's path (`@Controller('health')` + `@Get()` → `/health`), when both are literal (or absent); `method` is a
 * method of the class the last of `ancestors` is, or in.
 */
export function nestRoutePath(method: ts.MethodDeclaration, ancestors: readonly ts.Node[]): string | undefined {
  const own = decoratorPath(method, NEST_ROUTE_DECORATORS);
  const cls = [...ancestors].reverse().find((a) => ts.isClassLike(a));
  const prefix = cls ? decoratorPath(cls, NEST_CONTROLLER) : undefined;
  if (own === undefined || prefix === undefined) return undefined;
  return `/${[prefix, own]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

function decoratorNames(node: ts.Node): string[] {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  const out: string[] = [];
  for (const d of decorators) {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    if (ts.isIdentifier(callee)) out.push(callee.text);
    else if (ts.isPropertyAccessExpression(callee)) out.push(callee.name.text);
  }
  return out;
}

/**
 * A function that is a handler by its own shape: `(req, res)`, `(request, reply)`, `(ctx, next)`,
 * `(request, h)` (hapi), a first parameter typed as a request or context, a Nest handler decorator,
 * a Next.js route export.
 */
export function handlerByShape(fn: FunctionNode, file: string): HandlerMatch | undefined {
  if (ts.isMethodDeclaration(fn)) {
    for (const name of decoratorNames(fn)) if (entry(HANDLER_DECORATORS, name)) return { kind: HANDLER_DECORATORS[name], method: name };
  }
  const [first, second] = fn.parameters;
  const a = paramName(first);
  const b = paramName(second);
  if (a && b && /^_?(?:req|request)$/.test(a) && /^_?(?:res|response|reply|h|toolkit)$/.test(b)) return { kind: 'route' };
  if (a === 'ctx' && b === 'next') return { kind: 'middleware' };
  const t = typeName(first);
  if (t) {
    if (/Request$/.test(t) && t !== 'IncomingRequest') return { kind: 'route' };
    if ((a === 'ctx' || a === 'c' || a === 'context') && /^(?:Context|ParameterizedContext|RouterContext|Ctx)$/.test(t))
      return { kind: 'route' };
  }
  if (ts.isFunctionDeclaration(fn) && fn.name && fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
    if (NEXT_ROUTE_EXPORTS.has(fn.name.text) && /(^|[/\\])route\.[cm]?[jt]sx?$/.test(file)) return { kind: 'route', method: fn.name.text };
  }
  if (
    ts.isFunctionDeclaration(fn) &&
    fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) &&
    /[/\\]pages[/\\]api[/\\]/.test(file) &&
    fn.parameters.length >= 1
  )
    return { kind: 'route' };
  return undefined;
}

/** Nest classes whose instances live for the whole process: providers, controllers, gateways, resolvers. */
const SINGLETON_CLASS_DECORATORS: ReadonlySet<string> = new Set([
  // tsyringe's and InversifyJS-style containers' one instance per process.
  'singleton',
  'Singleton',
  'Injectable',
  'Controller',
  'WebSocketGateway',
  'Resolver',
  'Processor',
  'Service',
]);

/** True for a class decorated as a Nest provider/controller (a singleton per process). */
export function isSingletonClass(node: ts.ClassLikeDeclaration): boolean {
  return decoratorNames(node).some((n) => SINGLETON_CLASS_DECORATORS.has(n)) && !isScopedPerRequest(node);
}

/**
 * A Nest provider made for each request: `@Injectable({ scope: Scope.REQUEST })`, or one that injects
 * the request (`@Inject(REQUEST)`, `CONTEXT`), which makes it request-scoped. Its fields live as long as
 * the request, not the process. (A TRANSIENT provider is made once per consumer: a singleton consumer
 * keeps it for the process.)
 */
function isScopedPerRequest(node: ts.ClassLikeDeclaration): boolean {
  const decorators = ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : [];
  for (const d of decorators) {
    if (!ts.isCallExpression(d.expression)) continue;
    for (const arg of d.expression.arguments) {
      if (!ts.isObjectLiteralExpression(arg)) continue;
      for (const p of arg.properties) {
        if (!ts.isPropertyAssignment(p) || propertyNameText(p.name) !== 'scope') continue;
        const value = unwrapExpression(p.initializer);
        const scope = ts.isPropertyAccessExpression(value) ? value.name.text : ts.isStringLiteralLike(value) ? value.text : '';
        // TRANSIENT is one instance per consumer: a default-scope controller keeps it for the process.
        if (/^REQUEST$/i.test(scope)) return true;
      }
    }
  }
  const constructor = node.members.find(ts.isConstructorDeclaration);
  return !!constructor?.parameters.some((parameter) =>
    (ts.canHaveDecorators(parameter) ? (ts.getDecorators(parameter) ?? []) : []).some((d) => {
      const e = d.expression;
      return (
        ts.isCallExpression(e) &&
        ts.isIdentifier(e.expression) &&
        e.expression.text === 'Inject' &&
        e.arguments.some((a) => ts.isIdentifier(a) && (a.text === 'REQUEST' || a.text === 'CONTEXT'))
      );
    }),
  );
}

/**
 * A function that runs per request by where it sits: a member of a GraphQL resolver map (`Query: { me() {…} }`), or a
 * Moleculer action (`actions: { login(ctx) {…} }`, `actions: { login: { handler(ctx) {…} } }`). `ancestors` end at the
 * function's parent.
 */
export function handlerByPlace(node: ts.Node, ancestors: readonly ts.Node[]): HandlerMatch | undefined {
  const holder = ancestors[ancestors.length - 1];
  const map = ts.isMethodDeclaration(node)
    ? holder
    : holder && ts.isPropertyAssignment(holder)
      ? ancestors[ancestors.length - 2]
      : undefined;
  if (!map || !ts.isObjectLiteralExpression(map)) return undefined;
  const key = ancestors[ancestors.indexOf(map) - 1];
  const keyName = key && ts.isPropertyAssignment(key) ? propertyNameText(key.name) : undefined;
  if (isResolverMapKey(keyName)) return { kind: 'resolver' };
  const fn = node as ts.SignatureDeclarationBase;
  if (paramName(fn.parameters?.[0]) !== 'ctx') return undefined;
  if (keyName === 'actions') return { kind: 'route' };
  // `login: { handler(ctx) {…} }` under `actions`.
  const memberName = ts.isMethodDeclaration(node)
    ? propertyNameText(node.name)
    : holder && ts.isPropertyAssignment(holder)
      ? propertyNameText(holder.name)
      : undefined;
  if (memberName !== 'handler' || !key || !ts.isPropertyAssignment(key)) return undefined;
  const actions = ancestors[ancestors.indexOf(key) - 1];
  const actionsKey = actions && ts.isObjectLiteralExpression(actions) ? ancestors[ancestors.indexOf(actions) - 1] : undefined;
  return actionsKey && ts.isPropertyAssignment(actionsKey) && propertyNameText(actionsKey.name) === 'actions'
    ? { kind: 'route' }
    : undefined;
}

/** GraphQL resolver maps: `{ Query: { me: fn }, Mutation: {…} }` — the functions inside run per request. */
function isResolverMapKey(name: string | undefined): boolean {
  return name === 'Query' || name === 'Mutation' || name === 'Subscription';
}
