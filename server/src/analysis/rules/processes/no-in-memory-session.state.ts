/**
 * Per-process state in one file (DESIGN.md §8): module-level collections, caches and variables, and
 * the fields of singletons (Nest providers, exported instances), changed by code that runs after
 * startup (request, socket, queue, event and timer callbacks — the framework model's handlers),
 * keyed by something that identifies a user, a session or a request's subject.
 *
 * One collector per parsed file, fed by the engine's one walk (both the rule's per-file check and
 * its program collector feed it; the same node twice is ignored, and so is a walk after `result()`).
 * What each top-level statement adds is its own part, kept for the statement while the file's name
 * and module bindings stay the same: on a keystroke only the edited statements are walked again, and
 * judgement joins the parts. `result()` gives:
 * - `local`: state changed by this file's own handlers (or helpers they call): per-file findings;
 * - `mutators`: exported functions and singleton methods that change state, for handlers in other
 *   files (the program part judges those across the import graph);
 * - `handlerCalls`: calls from this file's handlers to imported functions, with what their arguments say;
 * - `stores`: classes implementing a session store or an oidc-provider adapter over in-process state.
 */
import * as ts from 'typescript';
import { localName, propertyNameText, unwrapExpression, type ModuleBindings } from '../../languages/typescript/imports';
import {
  KEYED_MUTATORS,
  VALUE_MUTATORS,
  cacheClass,
  handlerByShape,
  isCacheModule,
  handlerByPlace,
  isSingletonClass,
  registeredHandlers,
  routeObjectHandler,
  type HandlerMatch,
} from '../../framework';

// ── identity words ─────────────────────────────────────────────────────────────────────────────

/** Words that make a key (or a value added) identify a user, a session, a credential or a request's subject. */
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
  'mail',
  'account',
  'customer',
  'login',
  'member',
  'visitor',
  'phone',
  'mobile',
  'msisdn',
  'otp',
  'wallet',
  'cart',
  'basket',
  'order',
  'player',
  'subscriber',
];
/** Words that are about sessions/credentials specifically (enough for a value added to a set or list). */
const SESSION_WORDS = ['session', 'sessions', 'sessionid', 'sid', 'token', 'tokens', 'jwt', 'cookie', 'cookies', 'otp', 'wallet'];
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
  'otp',
  'otps',
  'wallet',
  'wallets',
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
  'account',
  'accounts',
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
  'store',
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
  // Middleware instances kept per protocol or tenant (`sessionMiddlewareCache[proto] = session({ store })`): code, not state.
  'middleware',
  'middlewares',
];
/** Values that are a connection itself: tracking live sockets is inherently per process. */
const ARITHMETIC = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
]);
/** Names of a count (`connectedUsersTotal`, `userCount`, `numSessions`). */
const COUNT_NAME = /(?:Total|Count|Counter|Num|Number)$|^(?:num|total|count)[A-Z_]|(?:_total|_count)$/;
/** JWS header fields that name a signing key: a cache keyed by them holds an issuer's keys. */
const SIGNING_KEY_FIELDS = new Set(['kid', 'x5t', 'jku', 'x5u']);
const CONNECTION_VALUE =
  /^(?:socket|sock|ws|conn|connection|client|peer|res|response|stream)$|(?:[a-z]Socket|[a-z]socket|Connection|(?:ws|Ws|socket|Socket|mqtt|Mqtt|redis|Redis|grpc|Grpc|db|Db|pg|Pg|mongo|Mongo)Client)$/;

export const STATE_PREFILTER = new RegExp(
  [...IDENTITY_WORDS, ...SESSION_NAME_WORDS, ...PERSON_WORDS, 'memorystore', 'memory-store', 'Adapter', 'Store', 'yar', 'oidc'].join('|'),
  'i',
);

function words(name: string): string[] {
  const out = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  // `inputTokens`, `maxTokens`, `prompt_tokens`: a language model's token counts, not credentials.
  for (let i = 1; i < out.length; i++) {
    if ((out[i] === 'tokens' || out[i] === 'token') && TOKEN_COUNT_WORDS.has(out[i - 1])) out[i] = 'count';
    // `userAgent`, `user-agent`: a browser's name, which any number of users share.
    if (out[i] === 'agent' && out[i - 1] === 'user') out[i - 1] = 'browser';
  }
  return out;
}

const TOKEN_COUNT_WORDS = new Set([
  'input',
  'output',
  'prompt',
  'completion',
  'total',
  'max',
  'min',
  'reasoning',
  'context',
  'num',
  'count',
]);

const hasWord = (name: string, list: readonly string[]) => words(name).some((w) => list.includes(w));

function collectionNameSaysSession(name: string): boolean {
  if (hasWord(name, EXCLUDED_NAME_WORDS)) return false;
  return hasWord(name, SESSION_NAME_WORDS) || (hasWord(name, PERSON_WORDS) && hasWord(name, STATE_QUALIFIERS));
}

// ── the collector ──────────────────────────────────────────────────────────────────────────────

type StateKind = 'collection' | 'cache' | 'variable' | 'field';

interface StateBinding {
  name: string;
  kind: StateKind;
  /** The declared name's node (a finding goes there). */
  node: ts.Node;
  /** For fields: the class. */
  owner?: ts.ClassLikeDeclaration;
}

interface FnInfo {
  node: ts.Node;
  name?: string;
  handler?: HandlerMatch;
  params: Set<string>;
  locals: Set<string>;
  /** name → initializer of the function's own `const x = …` (to follow a key one hop). */
  inits: Map<string, ts.Expression>;
  parent?: FnInfo;
  depth: number;
  /** Declared at module level, as a method of a module-level class, or of a module-level object literal. */
  topLevel: boolean;
  /** The class or object literal it is a method of. */
  ownerClass?: ts.ClassLikeDeclaration;
  ownerObject?: string;
  /** Local functions it calls by name (`f()`, `this.f()`). */
  calls: Set<string>;
}

interface Mutation {
  fn: FnInfo;
  target: string;
  node: ts.Node;
  key?: ts.Expression;
  keyIsValue: boolean;
  /** What is stored under the key (`set(k, v)`, `C[k] = v`), when there is one. */
  value?: ts.Expression;
  reassign: boolean;
}

interface ImportedCall {
  fn: FnInfo;
  module: string;
  name: string;
  args: readonly ts.Expression[];
  node: ts.Node;
}

interface LocalState {
  binding: StateBinding;
  mutation: ts.Node;
  messageId: 'moduleStateInHandler' | 'moduleVariableInHandler' | 'singletonState';
}

interface StoreClass {
  node: ts.ClassLikeDeclaration;
  name: string;
  /** `express-session Store`, `oidc-provider Adapter`… */
  kind: string;
  state: string;
  mutation: ts.Node;
}

interface ExportedMutator {
  /** The exported name (function, or method of an exported object/instance/provider). */
  name: string;
  state: string;
  node: ts.Node;
  mutation: ts.Node;
  /** Index of the function's parameter the key (or value) comes from. */
  keyParam?: number;
  /** That parameter is the value added (`push(token)`), not a key. */
  valueParam?: boolean;
  /** The state's name or its key says per-user/session state already. */
  says: boolean;
}

interface StateResult {
  local: LocalState[];
  stores: StoreClass[];
  mutators: ExportedMutator[];
  /** Per argument: 2 = names an identity itself (`req.user.id`, `token`), 1 = mentions one (`\`user:\${id}\``), 0 = neither. */
  handlerCalls: { module: string; name: string; identityArgs: (0 | 1 | 2)[]; node: ts.Node }[];
}

interface StateCollector {
  enter(node: ts.Node, ancestors: readonly ts.Node[]): void;
  /**
   * The walk enters top-level statement `top` before its nodes: true when its part is kept from an
   * earlier parse (or the collector has its result), so that its nodes need not be entered.
   */
  enterStatement(top: ts.Node): boolean;
  result(): StateResult;
}

/**
 * What one top-level statement adds to its file's collector. Made from the statement's subtree, the
 * file's name and its module bindings alone (the framework model's handler shapes and registrations,
 * the knowledge tables), so a later parse that keeps the statement (an incremental reparse keeps the
 * statements an edit did not touch as the same objects) uses it again while `scope` holds. Never
 * changed once its walk has finished: judgement reads it only.
 */
interface StatementPart {
  /** The file's name and ModuleBindings.key() when it was made. */
  scope?: string;
  state?: Map<string, StateBinding>;
  fns?: FnInfo[];
  mutations?: Mutation[];
  imported?: ImportedCall[];
  registeredNames?: Map<string, HandlerMatch>;
  exported?: Set<string>;
  exportedInstancesOf?: Set<string>;
  singletonClasses?: Set<ts.ClassLikeDeclaration>;
  classFields?: Map<ts.ClassLikeDeclaration, Map<string, ts.Node>>;
  storeClasses?: Map<ts.ClassLikeDeclaration, string>;
  instanceOf?: Map<string, string>;
  classesByName?: Map<string, ts.ClassLikeDeclaration>;
}

const keptParts = new WeakMap<ts.Node, StatementPart>();

const collectors = new WeakMap<ts.SourceFile, StateCollector>();

/** The file's one state collector (shared by the rule's per-file check and its program collector). */
export function stateCollector(sourceFile: ts.SourceFile, bindings: ModuleBindings): StateCollector {
  let c = collectors.get(sourceFile);
  if (!c) {
    c = createStateCollector(sourceFile, bindings);
    collectors.set(sourceFile, c);
  }
  return c;
}

/** The node kinds the collector needs to see (the source file: each walk starts there). */
export const STATE_KINDS: readonly ts.SyntaxKind[] = [
  ts.SyntaxKind.SourceFile,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.ClassExpression,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.DeleteExpression,
  ts.SyntaxKind.PostfixUnaryExpression,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.ObjectLiteralExpression,
  ts.SyntaxKind.ExportAssignment,
  ts.SyntaxKind.ExportDeclaration,
];

function isFunctionLikeNode(n: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  );
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return !!(ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === kind));
}

function bindingNames(name: ts.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) out.add(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

/** `module.exports`, `exports` */
function isModuleExports(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  if (ts.isIdentifier(u)) return u.text === 'exports';
  return ts.isPropertyAccessExpression(u) && ts.isIdentifier(u.expression) && u.expression.text === 'module' && u.name.text === 'exports';
}

function createStateCollector(sf: ts.SourceFile, bindings: ModuleBindings): StateCollector {
  // What the whole file holds: the statements' parts merged, in result().
  const state = new Map<string, StateBinding>();
  const fns: FnInfo[] = [];
  const mutations: Mutation[] = [];
  const imported: ImportedCall[] = [];
  const registeredNames = new Map<string, HandlerMatch>();
  const exported = new Set<string>();
  /** Names of module-level values that are singletons: their class's methods are exported with them. */
  const exportedInstancesOf = new Set<string>();
  const singletonClasses = new Set<ts.ClassLikeDeclaration>();
  const classFields = new Map<ts.ClassLikeDeclaration, Map<string, ts.Node>>();
  const storeClasses = new Map<ts.ClassLikeDeclaration, string>();
  /** Top-level `const x = new X()` → X, to tell exported singletons. */
  const instanceOf = new Map<string, string>();
  const classesByName = new Map<string, ts.ClassLikeDeclaration>();
  /** Functions registered as handlers by name elsewhere in the file (`app.get('/x', handler)`). */
  const namedHandlers = new Map<FnInfo, HandlerMatch>();
  /** Targets holding timers or promises: process-local resources, whatever their keys. */
  const resourceTargets = new Set<string>();

  // The walk: each top-level statement's part, found again for a statement an edit did not touch.
  const parts: StatementPart[] = [];
  /** Statements walked (not kept) in this walk, with their parts (undefined: they added nothing). */
  const fresh: [ts.Node, StatementPart | undefined][] = [];
  const scope = () => `${sf.fileName}\0${bindings.key()}`;
  let statement: ts.Node | undefined;
  let current: StatementPart | undefined;
  /** The current statement's part was kept from an earlier parse. */
  let skipping = false;
  const part = (): StatementPart => {
    // Made when the statement first adds something (most add nothing); each kind of thing when first added.
    if (!current) {
      current = {};
      parts.push(current);
      fresh[fresh.length - 1][1] = current;
    }
    return current;
  };
  const exportName = (name: string) => (part().exported ??= new Set()).add(name);
  const addMutation = (m: Mutation) => (part().mutations ??= []).push(m);
  /** A function registered as a handler by its name (judgement finds the function). */
  const registerName = (name: string, match: HandlerMatch) => (part().registeredNames ??= new Map()).set(name, match);
  /** A collection field of a class (the class is in the statement being walked). */
  const addField = (cls: ts.ClassLikeDeclaration, key: string, name: ts.Node) => {
    const byClass = (part().classFields ??= new Map<ts.ClassLikeDeclaration, Map<string, ts.Node>>());
    let fields = byClass.get(cls);
    if (!fields) byClass.set(cls, (fields = new Map<string, ts.Node>()));
    fields.set(key, name);
  };
  const fnStack: FnInfo[] = [];
  /** Function nodes registered as handlers by the call that passes them (within a statement). */
  const registered = new Map<ts.Node, HandlerMatch>();
  let last: ts.Node | undefined;
  let done: StateResult | undefined;
  let scopeKey: string | undefined;

  /**
   * A walk of the tree starts (at its source file): what an earlier walk of the same tree left is
   * dropped, whether a rule error cut it short or the editor dropped it between two statements.
   */
  const startWalk = () => {
    parts.length = 0;
    fresh.length = 0;
    fnStack.length = 0;
    registered.clear();
    statement = undefined;
    current = undefined;
    skipping = false;
  };

  /** Moves to `top`'s part: skipped when its kept part still holds. */
  const enterStatement = (top: ts.Node) => {
    statement = top;
    current = undefined;
    skipping = false;
    const kept = keptParts.get(top);
    if (kept && kept.scope === (scopeKey ??= scope())) {
      parts.push(kept);
      skipping = true;
    } else fresh.push([top, undefined]);
  };

  const enclosing = (ancestors: readonly ts.Node[]): FnInfo | undefined => {
    while (fnStack.length) {
      const top = fnStack[fnStack.length - 1];
      if (ancestors.length > top.depth && ancestors[top.depth] === top.node) return top;
      fnStack.pop();
    }
    return undefined;
  };

  const isModuleLevel = (ancestors: readonly ts.Node[]) => {
    // SourceFile → VariableStatement → VariableDeclarationList → VariableDeclaration
    for (let i = ancestors.length - 1; i >= 0; i--) if (isFunctionLikeNode(ancestors[i]) || ts.isClassLike(ancestors[i])) return false;
    return true;
  };

  const collectionKind = (init: ts.Expression | undefined): StateKind | undefined => {
    if (!init) return undefined;
    const e = unwrapExpression(init);
    if (ts.isNewExpression(e)) {
      const callee = unwrapExpression(e.expression);
      if (ts.isIdentifier(callee) && (callee.text === 'Map' || callee.text === 'Set') && !bindings.get(callee.text)) return 'collection';
      if (cacheClass(bindings.resolve(e.expression))) return 'cache';
      return undefined;
    }
    if (ts.isObjectLiteralExpression(e)) {
      // An object of functions (a namespace, a controller) is not state.
      if (
        e.properties.some(
          (p) => ts.isMethodDeclaration(p) || (ts.isPropertyAssignment(p) && isFunctionLikeNode(unwrapExpression(p.initializer))),
        )
      )
        return undefined;
      return 'collection';
    }
    if (ts.isArrayLiteralExpression(e)) return 'collection';
    if (ts.isCallExpression(e)) {
      const callee = unwrapExpression(e.expression);
      if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'Object' &&
        callee.name.text === 'create'
      )
        return 'collection';
      const ref = bindings.resolve(e.expression);
      if (cacheClass(ref)) return 'cache';
      if (isCacheModule(bindings.resolve(e))) return 'cache';
      return undefined;
    }
    if (ts.isIdentifier(e) && isCacheModule(bindings.resolve(e))) return 'cache';
    return undefined;
  };

  function enterFunction(node: ts.Node, ancestors: readonly ts.Node[]): void {
    const parent = enclosing(ancestors);
    const owner = ancestors[ancestors.length - 1];
    let name: string | undefined;
    let topLevel = false;
    let ownerClass: ts.ClassLikeDeclaration | undefined;
    let ownerObject: string | undefined;
    if (ts.isFunctionDeclaration(node) && node.name) {
      name = node.name.text;
      topLevel = !parent && !ancestors.some((a) => ts.isClassLike(a));
      if (topLevel && hasModifier(node, ts.SyntaxKind.ExportKeyword)) exportName(name);
    } else if ((ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) && owner) {
      name = ts.isMethodDeclaration(node) ? propertyNameText(node.name) : 'constructor';
      if (ts.isClassLike(owner)) {
        ownerClass = owner;
        topLevel = !parent;
      } else if (ts.isObjectLiteralExpression(owner)) {
        const holder = ancestors[ancestors.length - 2];
        if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && !parent) {
          ownerObject = holder.name.text;
          topLevel = true;
        } else if (holder && ts.isBinaryExpression(holder) && isModuleExports(holder.left) && !parent) {
          topLevel = true;
          if (name) exportName(name);
        } else if (holder && ts.isExportAssignment(holder) && !parent) {
          topLevel = true;
          if (name) exportName(name);
        }
      }
    } else if (owner && ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) {
      name = owner.name.text;
      topLevel = !parent && isModuleLevel(ancestors.slice(0, -1));
    } else if (owner && ts.isPropertyAssignment(owner)) {
      name = propertyNameText(owner.name);
      const obj = ancestors[ancestors.length - 2];
      const holder = ancestors[ancestors.length - 3];
      if (!parent && obj && ts.isObjectLiteralExpression(obj) && holder) {
        if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
          ownerObject = holder.name.text;
          topLevel = true;
        } else if ((ts.isBinaryExpression(holder) && isModuleExports(holder.left)) || ts.isExportAssignment(holder)) {
          topLevel = true;
          if (name) exportName(name);
        }
      }
    } else if (
      owner &&
      ts.isBinaryExpression(owner) &&
      owner.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(owner.left)
    ) {
      // exports.f = function () {}, module.exports.f = …
      name = owner.left.name.text;
      if (isModuleExports(owner.left.expression) && !parent) {
        topLevel = true;
        exportName(name);
      }
    } else if (owner && ts.isPropertyDeclaration(owner)) {
      name = propertyNameText(owner.name);
      const cls = ancestors[ancestors.length - 2];
      if (cls && ts.isClassLike(cls)) {
        ownerClass = cls;
        topLevel = !parent;
      }
    }
    const params = new Set<string>();
    for (const p of (node as ts.SignatureDeclarationBase).parameters ?? []) bindingNames(p.name, params);
    let handler = registered.get(node);
    if (
      !handler &&
      (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node))
    )
      handler = handlerByShape(node, sf.fileName);
    // A function under a GraphQL resolver map (`Query: { me() {…} }`), a Moleculer action.
    if (!handler && owner) handler = handlerByPlace(node, ancestors);
    const info: FnInfo = {
      node,
      name,
      handler,
      params,
      locals: new Set(params),
      inits: new Map(),
      parent,
      depth: ancestors.length,
      topLevel,
      ownerClass,
      ownerObject,
      calls: new Set(),
    };
    (part().fns ??= []).push(info);
    fnStack.push(info);
  }

  /** `C.set(k, v)`, `C.add(v)`, `C[k] = v`, `C[k].x = v`, `delete C[k]`, `C[k]++`, `C.get(k).push(v)`, and `this.C…` → C and k. */
  function mutationOf(n: ts.Node): { target: string; key?: ts.Expression; keyIsValue: boolean; value?: ts.Expression } | undefined {
    const targetOf = (e: ts.Expression): string | undefined => {
      const u = unwrapExpression(e);
      if (ts.isIdentifier(u)) return u.text;
      if (ts.isPropertyAccessExpression(u) && u.expression.kind === ts.SyntaxKind.ThisKeyword) return `this.${u.name.text}`;
      // `SessionManager.sessions` (a static field), `state.carts` (a member of a module object).
      if (ts.isPropertyAccessExpression(u) && ts.isIdentifier(u.expression)) return `${u.expression.text}.${u.name.text}`;
      return undefined;
    };
    const keyedBase = (e: ts.Expression): { target: string; key: ts.Expression } | undefined => {
      let cur = unwrapExpression(e);
      for (let steps = 0; steps < 8; steps++) {
        if (ts.isElementAccessExpression(cur)) {
          const target = targetOf(cur.expression);
          if (target) return { target, key: cur.argumentExpression };
          cur = unwrapExpression(cur.expression);
        } else if (ts.isPropertyAccessExpression(cur)) cur = unwrapExpression(cur.expression);
        else if (ts.isCallExpression(cur)) {
          const callee = unwrapExpression(cur.expression);
          if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && cur.arguments[0]) {
            const target = targetOf(callee.expression);
            if (target) return { target, key: cur.arguments[0] };
          }
          return undefined;
        } else return undefined;
      }
      return undefined;
    };
    if (ts.isCallExpression(n)) {
      const callee = unwrapExpression(n.expression);
      if (!ts.isPropertyAccessExpression(callee)) return undefined;
      const method = callee.name.text;
      const target = targetOf(callee.expression);
      if (target) {
        if (KEYED_MUTATORS.has(method)) return { target, key: n.arguments[0], keyIsValue: false, value: n.arguments[1] };
        if (VALUE_MUTATORS.has(method)) return { target, key: n.arguments[0], keyIsValue: true };
        return undefined;
      }
      if (VALUE_MUTATORS.has(method) || KEYED_MUTATORS.has(method)) {
        const base = keyedBase(callee.expression);
        if (base) return { target: base.target, key: base.key, keyIsValue: false };
      }
      return undefined;
    }
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      const base = keyedBase(n.left);
      // The value is the element itself only for `C[k] = v` (not `C[k].timer = v`).
      if (base)
        return {
          target: base.target,
          key: base.key,
          keyIsValue: false,
          value: ts.isElementAccessExpression(unwrapExpression(n.left)) ? n.right : undefined,
        };
      // `state.user = req.user` on a module-level object: one slot, overwritten by each request (judged by its value).
      const left = unwrapExpression(n.left);
      if (ts.isPropertyAccessExpression(left) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = targetOf(left.expression);
        if (target) return { target, key: n.right, keyIsValue: true };
      }
      return undefined;
    }
    if (ts.isDeleteExpression(n)) {
      const base = keyedBase(n.expression);
      if (base) return { target: base.target, key: base.key, keyIsValue: false };
    }
    if (
      (ts.isPostfixUnaryExpression(n) || ts.isPrefixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      const base = keyedBase(n.operand);
      if (base) return { target: base.target, key: base.key, keyIsValue: false };
    }
    return undefined;
  }

  function enter(node: ts.Node, ancestors: readonly ts.Node[]): void {
    if (done) return;
    if (ts.isSourceFile(node)) {
      last = undefined;
      return startWalk();
    }
    if (node === last) return;
    last = node;
    // ancestors[0] is the source file, ancestors[1] the top-level statement (or the node is one).
    const top = ancestors.length > 1 ? ancestors[1] : node;
    if (top !== statement) enterStatement(top);
    if (skipping) return;
    const fn = enclosing(ancestors);
    switch (node.kind) {
      case ts.SyntaxKind.VariableDeclaration: {
        const d = node as ts.VariableDeclaration;
        if (fn) {
          bindingNames(d.name, fn.locals);
          if (ts.isIdentifier(d.name) && d.initializer) fn.inits.set(d.name.text, d.initializer);
          return;
        }
        if (!ts.isIdentifier(d.name) || !isModuleLevel(ancestors)) return;
        const list = ancestors[ancestors.length - 1];
        const statement = ancestors[ancestors.length - 2];
        const kind = collectionKind(d.initializer);
        const isLet = !!list && ts.isVariableDeclarationList(list) && !(list.flags & ts.NodeFlags.Const);
        if (kind) (part().state ??= new Map()).set(d.name.text, { name: d.name.text, kind, node: d.name });
        // `const state = { carts: {}, sessions: new Map() }`: each collection member is module state too.
        const literal = d.initializer && unwrapExpression(d.initializer);
        if (literal && ts.isObjectLiteralExpression(literal))
          for (const property of literal.properties) {
            const key = ts.isPropertyAssignment(property) ? propertyNameText(property.name) : undefined;
            const memberKind = key !== undefined && ts.isPropertyAssignment(property) ? collectionKind(property.initializer) : undefined;
            if (key !== undefined && memberKind)
              (part().state ??= new Map()).set(`${d.name.text}.${key}`, {
                name: `${d.name.text}.${key}`,
                kind: memberKind,
                node: property.name,
              });
          }
        else if (isLet && !(d.initializer && isFunctionLikeNode(unwrapExpression(d.initializer))))
          (part().state ??= new Map()).set(d.name.text, { name: d.name.text, kind: 'variable', node: d.name });
        const exportedHere = !!statement && hasModifier(statement, ts.SyntaxKind.ExportKeyword);
        if (exportedHere) exportName(d.name.text);
        const init = d.initializer && unwrapExpression(d.initializer);
        if (init && ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
          (part().instanceOf ??= new Map()).set(d.name.text, init.expression.text);
          // `export const otpStore = new OtpStore()`: an exported singleton.
          if (exportedHere) (part().exportedInstancesOf ??= new Set()).add(d.name.text);
        }
        return;
      }
      case ts.SyntaxKind.Parameter: {
        if (fn) bindingNames((node as ts.ParameterDeclaration).name, fn.locals);
        return;
      }
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression: {
        const cls = node as ts.ClassLikeDeclaration;
        if (cls.name) (part().classesByName ??= new Map()).set(cls.name.text, cls);
        if (isSingletonClass(cls)) (part().singletonClasses ??= new Set()).add(cls);
        if (cls.name && hasModifier(cls, ts.SyntaxKind.ExportKeyword) && hasModifier(cls, ts.SyntaxKind.DefaultKeyword)) {
          /* an exported class: instances are made by its users */
        }
        const kind = storeKind(cls);
        if (kind) (part().storeClasses ??= new Map()).set(cls, kind);
        return;
      }
      case ts.SyntaxKind.PropertyDeclaration: {
        const p = node as ts.PropertyDeclaration;
        const cls = ancestors[ancestors.length - 1];
        const name = propertyNameText(p.name);
        if (!cls || !ts.isClassLike(cls) || !name) return;
        const kind = collectionKind(p.initializer);
        if (hasModifier(p, ts.SyntaxKind.StaticKeyword)) {
          // `static sessions = new Map()` of a module-level class: one collection for the process.
          if (kind && ts.isClassDeclaration(cls) && cls.name && isModuleLevel(ancestors.slice(0, -1)))
            (part().state ??= new Map()).set(`${cls.name.text}.${name}`, { name: `${cls.name.text}.${name}`, kind, node: p.name });
          return;
        }
        if (kind) {
          addField(cls, `this.${name}`, p.name);
        }
        return;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.MethodDeclaration:
      case ts.SyntaxKind.Constructor:
        enterFunction(node, ancestors);
        return;
      case ts.SyntaxKind.ObjectLiteralExpression: {
        const route = routeObjectHandler(node as ts.ObjectLiteralExpression);
        if (route && route.match.method) {
          const f = unwrapExpression(route.fn as ts.Expression);
          if (ts.isIdentifier(f)) registerName(f.text, route.match);
          else registered.set(route.fn, route.match);
        }
        return;
      }
      case ts.SyntaxKind.ExportAssignment: {
        const e = unwrapExpression((node as ts.ExportAssignment).expression);
        if (ts.isIdentifier(e)) {
          exportName(e.text);
          (part().exportedInstancesOf ??= new Set()).add(e.text);
        } else if (ts.isNewExpression(e) && ts.isIdentifier(e.expression))
          (part().exportedInstancesOf ??= new Set()).add(`new ${e.expression.text}`);
        else if (ts.isObjectLiteralExpression(e))
          for (const p of e.properties) if (ts.isShorthandPropertyAssignment(p)) exportName(p.name.text);
        return;
      }
      case ts.SyntaxKind.ExportDeclaration: {
        const clause = (node as ts.ExportDeclaration).exportClause;
        if (clause && ts.isNamedExports(clause) && !(node as ts.ExportDeclaration).moduleSpecifier)
          for (const el of clause.elements) exportName((el.propertyName ?? el.name).text);
        return;
      }
      case ts.SyntaxKind.NewExpression: {
        for (const { fn: f, match } of registeredHandlers(node as ts.NewExpression, bindings)) {
          const u = unwrapExpression(f as ts.Expression);
          if (ts.isIdentifier(u)) registerName(u.text, match);
          else registered.set(f, match);
        }
        return;
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        for (const { fn: f, match } of registeredHandlers(call, bindings)) {
          const u = unwrapExpression(f as ts.Expression);
          if (ts.isIdentifier(u)) registerName(u.text, match);
          else registered.set(f, match);
        }
        const callee = unwrapExpression(call.expression);
        if (fn) {
          if (ts.isIdentifier(callee)) fn.calls.add(callee.text);
          else if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword)
            fn.calls.add(callee.name.text);
          // A call of an imported function (or of a member of an imported module object).
          const ref = bindings.resolve(callee);
          if (
            ref &&
            (ref.module.startsWith('.') || ref.module.startsWith('/') || ref.module.startsWith('@/') || ref.module.startsWith('~/')) &&
            ref.path.length >= 1
          )
            (part().imported ??= []).push({
              fn,
              module: ref.module,
              name: ref.path[ref.path.length - 1],
              args: call.arguments,
              node: call,
            });
        }
        const m = fn && mutationOf(call);
        if (fn && m) addMutation({ fn, ...m, node: call, reassign: false });
        return;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (b.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const left = unwrapExpression(b.left);
          // `module.exports = new Store()` / `module.exports = store` / `module.exports = { a, b }`.
          if (isModuleExports(left) && !fn) {
            const right = unwrapExpression(b.right);
            if (ts.isIdentifier(right)) {
              exportName(right.text);
              (part().exportedInstancesOf ??= new Set()).add(right.text);
            } else if (ts.isNewExpression(right) && ts.isIdentifier(right.expression))
              (part().exportedInstancesOf ??= new Set()).add(`new ${right.expression.text}`);
            else if (ts.isObjectLiteralExpression(right))
              for (const p of right.properties) {
                const value = ts.isShorthandPropertyAssignment(p)
                  ? p.name
                  : ts.isPropertyAssignment(p)
                    ? unwrapExpression(p.initializer)
                    : undefined;
                // `module.exports = { otpStore }`, `{ store: new OtpStore() }`: each instance is exported.
                if (value && ts.isIdentifier(value)) {
                  exportName(value.text);
                  (part().exportedInstancesOf ??= new Set()).add(value.text);
                } else if (value && ts.isNewExpression(value) && ts.isIdentifier(value.expression))
                  (part().exportedInstancesOf ??= new Set()).add(`new ${value.expression.text}`);
              }
            return;
          }
          if (ts.isPropertyAccessExpression(left) && isModuleExports(left.expression) && !fn) {
            // `exports.otpStore = new OtpStore()`, `module.exports.store = store`.
            const right = unwrapExpression(b.right);
            if (ts.isIdentifier(right)) {
              exportName(right.text);
              (part().exportedInstancesOf ??= new Set()).add(right.text);
            } else if (ts.isNewExpression(right) && ts.isIdentifier(right.expression))
              (part().exportedInstancesOf ??= new Set()).add(`new ${right.expression.text}`);
          }
          // `this.sessions = new Map()` in a constructor: a field.
          if (
            fn &&
            ts.isConstructorDeclaration(fn.node) &&
            ts.isPropertyAccessExpression(left) &&
            left.expression.kind === ts.SyntaxKind.ThisKeyword
          ) {
            if (collectionKind(b.right) && fn.ownerClass) {
              addField(fn.ownerClass, `this.${left.name.text}`, left.name);
            }
            return;
          }
          if (fn && ts.isIdentifier(left)) {
            addMutation({ fn, target: left.text, node: b, key: b.right, keyIsValue: true, reassign: true });
            return;
          }
        }
        const m = fn && mutationOf(b);
        if (fn && m) addMutation({ fn, ...m, node: b, reassign: false });
        return;
      }
      case ts.SyntaxKind.DeleteExpression:
      case ts.SyntaxKind.PostfixUnaryExpression:
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const m = fn && mutationOf(node);
        if (fn && m) addMutation({ fn, ...m, node, reassign: false });
        return;
      }
    }
  }

  /** `class X extends session.Store`, `implements Adapter` (oidc-provider): a session store written in the app. */
  function storeKind(cls: ts.ClassLikeDeclaration): string | undefined {
    for (const clause of cls.heritageClauses ?? []) {
      for (const t of clause.types) {
        const ref = bindings.resolve(t.expression);
        const last = ts.isIdentifier(t.expression)
          ? t.expression.text
          : ts.isPropertyAccessExpression(t.expression)
            ? t.expression.name.text
            : '';
        if (ref && /session/.test(ref.module) && /Store$/.test(ref.path[ref.path.length - 1] ?? '')) return `${ref.module} ${last}`;
        if (ref && ref.module === 'oidc-provider' && last === 'Adapter') return 'oidc-provider Adapter';
        if (clause.token === ts.SyntaxKind.ExtendsKeyword && last === 'Store' && /session/i.test(ref?.module ?? '')) return 'Store';
      }
    }
    return undefined;
  }

  // ── judgement ──────────────────────────────────────────────────────────────────────────────

  /** True when an identifier, property name or string inside `e` names one of `list`'s words (one hop through local consts). */
  function mentions(e: ts.Node, list: readonly string[], fn: FnInfo | undefined, hops = 1): boolean {
    const stack: ts.Node[] = [e];
    let seen = 0;
    while (stack.length && seen++ < 200) {
      const n = stack.pop()!;
      if (ts.isIdentifier(n)) {
        if (hasWord(n.text, list)) return true;
        if (hops > 0 && fn) {
          for (let f: FnInfo | undefined = fn; f; f = f.parent) {
            const init = f.inits.get(n.text);
            if (init) {
              if (mentions(init, list, f, hops - 1)) return true;
              break;
            }
          }
        }
      }
      if (isFunctionLikeNode(n) && n !== e) continue;
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
    }
    return false;
  }

  /** Does `e` come from the request (a parameter of an enclosing handler, one hop through local consts)? */
  function fromRequest(e: ts.Node, fn: FnInfo, hops = 1): boolean {
    const params = new Set<string>();
    for (let f: FnInfo | undefined = fn; f; f = f.parent) if (isHandler(f)) for (const p of f.params) params.add(p);
    if (params.size === 0) return false;
    const stack: ts.Node[] = [e];
    let seen = 0;
    while (stack.length && seen++ < 200) {
      const n = stack.pop()!;
      if (ts.isIdentifier(n)) {
        if (params.has(n.text)) return true;
        if (hops > 0) {
          for (let f: FnInfo | undefined = fn; f; f = f.parent) {
            const init = f.inits.get(n.text);
            if (init) {
              if (fromRequest(init, f, hops - 1)) return true;
              break;
            }
          }
        }
      }
      if (isFunctionLikeNode(n) && n !== e) continue;
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
    }
    return false;
  }

  /** A timer, an abort controller or a promise in flight: things only this process can hold. */
  function isProcessResource(e: ts.Expression, fn: FnInfo): boolean {
    const v = throughLocal(e, fn);
    if (ts.isCallExpression(v) && ts.isIdentifier(v.expression)) return /^(?:setTimeout|setInterval|setImmediate)$/.test(v.expression.text);
    if (ts.isNewExpression(v) && ts.isIdentifier(v.expression)) return /^(?:AbortController|Promise)$/.test(v.expression.text);
    return false;
  }

  /** The binding a mutation target names in `fn`'s scope: module-level (not shadowed) or a field of the enclosing class. */
  function bindingFor(m: Mutation): StateBinding | undefined {
    if (m.target.startsWith('this.')) {
      let cls: ts.ClassLikeDeclaration | undefined;
      for (let f: FnInfo | undefined = m.fn; f && !cls; f = f.parent) {
        cls = f.ownerClass;
        // `this` in a `function` expression is not the class's.
        if (!cls && (ts.isFunctionExpression(f.node) || ts.isFunctionDeclaration(f.node))) return undefined;
      }
      const field = cls && classFields.get(cls)?.get(m.target);
      return cls && field ? { name: m.target, kind: 'field', node: field, owner: cls } : undefined;
    }
    const binding = state.get(m.target);
    if (!binding) return undefined;
    for (let f: FnInfo | undefined = m.fn; f; f = f.parent) if (f.locals.has(m.target)) return undefined;
    return binding;
  }

  /** The state is per-user/per-session by its name, or by what the mutation keys it with. */
  function identityOf(m: Mutation, binding: StateBinding): boolean {
    const name = binding.name.replace(/^this\./, '');
    if (hasWord(name, EXCLUDED_NAME_WORDS)) return false;
    const key = m.key && unwrapExpression(m.key);
    // Live connections (`sockets.add(socket)`, `clients.add(ws)`) can only be tracked in the process that holds them.
    if (key && m.keyIsValue && ts.isIdentifier(key) && CONNECTION_VALUE.test(key.text)) return false;
    // So can timers (`debounceTimers.set(userId, setTimeout(…))`): a debounce, not state another process could hold.
    if (resourceTargets.has(m.target)) return false;
    if (collectionNameSaysSession(name)) return true;
    if (!key) return false;
    // `this.uidMap.delete(uid)`: a removal keeps nothing under its key; what was added says whose the entries are
    // (unless the request names the entry: `delete store[req.cookies.sid]` on logout).
    if (isRemoval(m.node) && !fromRequest(key, m.fn)) return false;
    // `keys.set(header.kid, jwk)`: a token's key id names the issuer's signing key (a JWKS cache), not a user.
    if (!m.keyIsValue && namesSigningKey(key, m.fn)) return false;
    if (m.keyIsValue) {
      // Request data pushed to a list of people (`users.push(req.body)`): an in-memory user table.
      if (hasWord(name, PERSON_WORDS) && fromRequest(key, m.fn)) return true;
      // A record (`todos.push({ text, userId })`) is data about something else, whatever fields it carries.
      if (ts.isObjectLiteralExpression(key) || ts.isArrayLiteralExpression(key)) return false;
      if (mentions(key, SESSION_WORDS, m.fn)) return true;
      // A request's identity added to a set (`walletsConnected.add(req.body.walletAddress)`).
      return fromRequest(key, m.fn) && mentions(key, IDENTITY_WORDS, m.fn);
    }
    // `const uid = this.nextUid++; this.uidMap.set(uid, tx.txid)`: a number the process hands out itself, not one a user
    // brings; unless what it stores is a user's (`loggedIn.set(nextId++, { username })`, `accounts[++n] = req.body`).
    // (A session id numbered so, `const sid = nextSid++`, is still a session's.)
    if (
      ownNumber(key, m.fn) &&
      !mentions(key, SESSION_WORDS, m.fn) &&
      !(m.value && (mentions(m.value, IDENTITY_WORDS, m.fn) || fromRequest(m.value, m.fn)))
    )
      return false;
    return mentions(key, IDENTITY_WORDS, m.fn);
  }

  /** `c.delete(k)`, `c.del(k)`, `c.remove(k)`, `delete c[k]`. */
  function isRemoval(node: ts.Node): boolean {
    if (ts.isDeleteExpression(node)) return true;
    if (!ts.isCallExpression(node)) return false;
    const callee = unwrapExpression(node.expression);
    return ts.isPropertyAccessExpression(callee) && /^(?:delete|del|remove)$/.test(callee.name.text);
  }

  /**
   * `x++`, `++this.next`, or a local const holding one, or holding a counter the same function then
   * increments (`const uid = this.nextUid; this.nextUid++`): a number the process hands out.
   */
  function ownNumber(e: ts.Expression, fn: FnInfo): boolean {
    const u = unwrapExpression(throughLocal(e, fn));
    if ((ts.isPostfixUnaryExpression(u) || ts.isPrefixUnaryExpression(u)) && u.operator === ts.SyntaxKind.PlusPlusToken) return true;
    const counter = localName(u);
    if (!counter || u === unwrapExpression(e)) return false;
    let increments = false;
    const visit = (n: ts.Node): void => {
      if (increments) return;
      if (
        (ts.isPostfixUnaryExpression(n) || ts.isPrefixUnaryExpression(n)) &&
        n.operator === ts.SyntaxKind.PlusPlusToken &&
        localName(unwrapExpression(n.operand)) === counter
      )
        increments = true;
      else if (
        ts.isBinaryExpression(n) &&
        n.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken &&
        localName(unwrapExpression(n.left)) === counter
      )
        increments = true;
      else ts.forEachChild(n, visit);
    };
    visit(fn.node);
    return increments;
  }

  /** `header.kid`, `decoded.header.kid`, or a local const holding one (not any name `kid`): the id of a signing key. */
  function namesSigningKey(e: ts.Expression, fn: FnInfo): boolean {
    const u = throughLocal(e, fn);
    return ts.isPropertyAccessExpression(u) && SIGNING_KEY_FIELDS.has(u.name.text);
  }

  /** The expression, or what the nearest function's own `const x = …` gave the name it is (one hop). */
  function throughLocal(e: ts.Expression, fn: FnInfo): ts.Expression {
    const u = unwrapExpression(e);
    if (!ts.isIdentifier(u)) return u;
    for (let f: FnInfo | undefined = fn; f; f = f.parent) {
      const init = f.inits.get(u.text);
      if (init) return unwrapExpression(init);
    }
    return u;
  }

  /** A number: arithmetic, a count (`.length`, `.size`), Math's or Number's result. */
  function isNumber(e: ts.Expression): boolean {
    const u = unwrapExpression(e);
    if (ts.isNumericLiteral(u) || ts.isPostfixUnaryExpression(u)) return true;
    if (ts.isPrefixUnaryExpression(u)) return u.operator !== ts.SyntaxKind.ExclamationToken;
    if (ts.isBinaryExpression(u)) {
      const op = u.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) return isNumber(u.left) && isNumber(u.right);
      return ARITHMETIC.has(op);
    }
    if (ts.isPropertyAccessExpression(u)) return u.name.text === 'length' || u.name.text === 'size';
    if (ts.isCallExpression(u)) {
      const callee = unwrapExpression(u.expression);
      // `Number(user.id)` is an id as a number, not a count: only what is converted says.
      if (ts.isIdentifier(callee))
        return /^(?:Number|parseInt|parseFloat)$/.test(callee.text) && !!u.arguments[0] && isNumber(u.arguments[0]);
      return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Math';
    }
    return false;
  }

  /** A module-level variable reassigned per request with a user or session (`gUser = user`). */
  function variableIdentity(m: Mutation, binding: StateBinding): boolean {
    if (hasWord(binding.name, EXCLUDED_NAME_WORDS)) return false;
    const value = m.key && unwrapExpression(m.key);
    if (
      !value ||
      ts.isLiteralExpression(value) ||
      value.kind === ts.SyntaxKind.NullKeyword ||
      value.kind === ts.SyntaxKind.TrueKeyword ||
      value.kind === ts.SyntaxKind.FalseKeyword
    )
      return false;
    if (ts.isObjectLiteralExpression(value) && value.properties.length === 0) return false;
    // `connectedUsersTotal = Math.max(0, connectedUsersTotal - 1)`: a count of users, not one of them.
    if (isNumber(value) || COUNT_NAME.test(binding.name)) return false;
    // `client` names connections (a database, an MQTT broker) as often as people: not evidence for a variable.
    const personal = [...PERSON_WORDS.filter((w) => !w.startsWith('client')), 'session', 'sessions', 'profile'];
    return hasWord(binding.name, personal) && (mentions(value, personal, m.fn) || fromRequest(value, m.fn));
  }

  // Functions that run for a request, a message or an event of a user: not a timer's callback, which runs for the
  // process (a mobile app's sync retry, a cache refresh) and carries no one's request.
  const isHandler = (f: FnInfo) => {
    const handler = f.handler ?? namedHandlers.get(f);
    return !!handler && handler.kind !== 'timer';
  };

  function inHandler(fn: FnInfo): boolean {
    for (let f: FnInfo | undefined = fn; f; f = f.parent) if (isHandler(f)) return true;
    return false;
  }

  /** The parts of this walk, in statement order, as the file's collections; new parts are kept for the next parse. */
  function merge(): void {
    for (const p of parts) {
      if (p.state) for (const [k, v] of p.state) state.set(k, v);
      if (p.fns) for (const f of p.fns) fns.push(f);
      if (p.mutations) for (const m of p.mutations) mutations.push(m);
      if (p.imported) for (const c of p.imported) imported.push(c);
      if (p.registeredNames) for (const [k, v] of p.registeredNames) registeredNames.set(k, v);
      if (p.exported) for (const k of p.exported) exported.add(k);
      if (p.exportedInstancesOf) for (const k of p.exportedInstancesOf) exportedInstancesOf.add(k);
      if (p.singletonClasses) for (const k of p.singletonClasses) singletonClasses.add(k);
      if (p.classFields) for (const [k, v] of p.classFields) classFields.set(k, v);
      if (p.storeClasses) for (const [k, v] of p.storeClasses) storeClasses.set(k, v);
      if (p.instanceOf) for (const [k, v] of p.instanceOf) instanceOf.set(k, v);
      if (p.classesByName) for (const [k, v] of p.classesByName) classesByName.set(k, v);
    }
    if (fresh.length) {
      const key = (scopeKey ??= scope());
      let nothing: StatementPart | undefined;
      for (const [statement, p] of fresh) {
        const kept = p ?? (nothing ??= {});
        kept.scope = key;
        keptParts.set(statement, kept);
      }
    }
  }

  function result(): StateResult {
    if (done) return done;
    merge();
    // Handlers registered by name.
    for (const info of fns)
      if (!info.handler && info.name && info.topLevel && registeredNames.has(info.name))
        namedHandlers.set(info, registeredNames.get(info.name)!);
    // Helpers a handler calls (two levels, by name, within the file).
    const byName = new Map<string, FnInfo[]>();
    for (const info of fns.values()) if (info.name && info.topLevel) byName.set(info.name, [...(byName.get(info.name) ?? []), info]);
    const handlerish = new Set<FnInfo>();
    let frontier = [...fns.values()].filter((f) => inHandler(f));
    for (const f of frontier) handlerish.add(f);
    for (let depth = 0; depth < 2 && frontier.length; depth++) {
      const next: FnInfo[] = [];
      for (const f of frontier)
        for (const name of f.calls)
          for (const helper of byName.get(name) ?? []) {
            if (handlerish.has(helper)) continue;
            handlerish.add(helper);
            next.push(helper);
          }
      frontier = next;
    }
    const reaches = (fn: FnInfo) => {
      for (let f: FnInfo | undefined = fn; f; f = f.parent) if (handlerish.has(f)) return true;
      return false;
    };
    // Singletons: Nest providers, and classes whose only instance is exported.
    for (const name of exportedInstancesOf) {
      const cls = classesByName.get(name.startsWith('new ') ? name.slice(4) : (instanceOf.get(name) ?? ''));
      if (cls) singletonClasses.add(cls);
    }
    for (const m of mutations) if (m.value && isProcessResource(m.value, m.fn)) resourceTargets.add(m.target);
    const local: LocalState[] = [];
    const flagged = new Set<string>();
    const stores: StoreClass[] = [];
    const storeSeen = new Set<ts.Node>();
    const mutators: ExportedMutator[] = [];
    for (const m of mutations) {
      const binding = bindingFor(m);
      if (!binding) continue;
      // A session store the app wrote itself (extends Store, implements oidc-provider's Adapter).
      let cls: ts.ClassLikeDeclaration | undefined;
      for (let f: FnInfo | undefined = m.fn; f && !cls; f = f.parent) cls = f.ownerClass;
      if (cls && storeClasses.has(cls) && binding.kind !== 'variable' && !m.reassign) {
        // Only where the store writes what it is given (`set(sid, sess)` → `this.sessions[sid] = sess`): not expiry timers beside a database.
        if (!storesPayload(m) || storeSeen.has(cls)) continue;
        storeSeen.add(cls);
        stores.push({ node: cls, name: cls.name?.text ?? 'class', kind: storeClasses.get(cls)!, state: binding.name, mutation: m.node });
        continue;
      }
      if (binding.kind === 'field' && !(binding.owner && singletonClasses.has(binding.owner))) continue;
      const key = binding.owner ? `${binding.owner.pos}:${binding.name}` : binding.name;
      if (m.reassign) {
        if (binding.kind !== 'variable' && binding.kind !== 'collection') continue;
        if (flagged.has(key) || !reaches(m.fn) || !variableIdentity(m, binding)) continue;
        flagged.add(key);
        local.push({ binding, mutation: m.node, messageId: 'moduleVariableInHandler' });
        continue;
      }
      if (binding.kind === 'variable') continue;
      if (flagged.has(key)) continue;
      if (reaches(m.fn)) {
        if (identityOf(m, binding)) {
          flagged.add(key);
          local.push({ binding, mutation: m.node, messageId: binding.kind === 'field' ? 'singletonState' : 'moduleStateInHandler' });
        }
        continue;
      }
      // Changed by an exported function (or a method of an exported singleton): handlers elsewhere may call it.
      const top = topOf(m.fn);
      if (!top.name) continue;
      const isExported =
        (top.topLevel && !top.ownerClass && !top.ownerObject && exported.has(top.name)) ||
        (top.ownerObject !== undefined && exported.has(top.ownerObject)) ||
        (top.ownerClass !== undefined && singletonClasses.has(top.ownerClass));
      if (!isExported) {
        // A module-private helper: the exported functions of this file that call it (two calls deep) change the state too.
        if (binding.kind === 'field' || !top.topLevel || top.ownerClass || top.ownerObject || !identityOf(m, binding)) continue;
        for (const caller of exportedCallers(top)) {
          if (mutators.some((mu) => mu.name === caller && mu.state === binding.name)) continue;
          mutators.push({ name: caller, state: binding.name, node: binding.node, mutation: m.node, says: true });
        }
        continue;
      }
      const params = [...(top.node as ts.SignatureDeclarationBase).parameters].map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
      let keyParam: number | undefined;
      if (m.key) {
        const index = params.findIndex((p) => p && mentionsName(m.key!, p, m.fn));
        if (index >= 0) keyParam = index;
      }
      const says = identityOf(m, binding) || (keyParam !== undefined && hasWord(params[keyParam], IDENTITY_WORDS));
      // A Nest provider (or a field of an exported instance) is judged here, by its own names: its callers reach it by injection.
      if (binding.kind === 'field' || (top.ownerClass && isSingletonClass(top.ownerClass))) {
        if (!says) continue;
        flagged.add(key);
        local.push({ binding, mutation: m.node, messageId: 'singletonState' });
        continue;
      }
      mutators.push({
        name: top.name,
        state: binding.name,
        node: binding.node,
        mutation: m.node,
        keyParam,
        ...(keyParam !== undefined && m.keyIsValue ? { valueParam: true } : {}),
        says,
      });
    }
    const handlerCalls: StateResult['handlerCalls'] = [];
    for (const call of imported) {
      if (!reaches(call.fn)) continue;
      handlerCalls.push({
        module: call.module,
        name: call.name,
        identityArgs: call.args.map((a) => (namesIdentity(a, call.fn) ? 2 : mentions(a, IDENTITY_WORDS, call.fn) ? 1 : 0)),
        node: call.node,
      });
    }
    done = {
      local: local.sort((a, b) => a.binding.node.pos - b.binding.node.pos),
      stores,
      mutators: mutators.filter((mu) => !flagged.has(mu.state)),
      handlerCalls,
    };
    return done;
  }

  /** The mutation stores a payload parameter of the store's write method (`set(sid, sess)`, `upsert(id, payload)`). */
  function storesPayload(m: Mutation): boolean {
    const top = topOf(m.fn);
    if (!top.name || !/^(?:set|upsert|save|put|persist|write|store|create|touch)$/i.test(top.name)) return false;
    const params = [...(top.node as ts.SignatureDeclarationBase).parameters]
      .slice(1)
      .map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    const stored = m.value ?? (m.keyIsValue ? m.key : undefined);
    return !!stored && params.some((p) => p && mentionsName(stored, p, m.fn));
  }

  /** An identifier or access chain that names an identity (`token`, `req.user.id`, `req.body.phone`), one hop through local consts. */
  function namesIdentity(e: ts.Expression, fn: FnInfo, hops = 1): boolean {
    let cur = unwrapExpression(e);
    if (ts.isAwaitExpression(cur)) cur = unwrapExpression(cur.expression);
    for (let steps = 0; steps < 8; steps++) {
      if (ts.isIdentifier(cur)) {
        if (hasWord(cur.text, IDENTITY_WORDS)) return true;
        if (hops > 0)
          for (let f: FnInfo | undefined = fn; f; f = f.parent) {
            const init = f.inits.get(cur.text);
            if (init) return namesIdentity(init, f, hops - 1);
          }
        return false;
      }
      if (ts.isPropertyAccessExpression(cur)) {
        if (hasWord(cur.name.text, IDENTITY_WORDS)) return true;
        cur = unwrapExpression(cur.expression);
      } else if (ts.isElementAccessExpression(cur)) {
        const key = cur.argumentExpression;
        if ((ts.isStringLiteral(key) || ts.isIdentifier(key)) && hasWord(key.text, IDENTITY_WORDS)) return true;
        cur = unwrapExpression(cur.expression);
      } else return false;
    }
    return false;
  }

  /** name → the module-level functions whose body (callbacks included) calls it; built once. */
  let callersIndex: Map<string, FnInfo[]> | undefined;
  function callersOf(name: string): FnInfo[] {
    if (!callersIndex) {
      callersIndex = new Map();
      for (const f of fns.values()) {
        const top = topOf(f);
        if (!top.topLevel || top.ownerClass || top.ownerObject) continue;
        for (const called of f.calls) {
          const list = callersIndex.get(called) ?? [];
          if (!list.includes(top)) list.push(top);
          callersIndex.set(called, list);
        }
      }
    }
    return callersIndex.get(name) ?? [];
  }

  /** Exported module-level functions that call `helper` directly or through one more module-private function. */
  function exportedCallers(helper: FnInfo): string[] {
    const out = new Set<string>();
    for (const direct of callersOf(helper.name ?? '')) {
      if (!direct.name || direct === helper) continue;
      if (exported.has(direct.name)) out.add(direct.name);
      else
        for (const second of callersOf(direct.name))
          if (second.name && second !== direct && exported.has(second.name)) out.add(second.name);
    }
    return [...out];
  }

  function topOf(fn: FnInfo): FnInfo {
    let f = fn;
    while (f.parent) f = f.parent;
    return f;
  }

  function mentionsName(e: ts.Node, name: string, fn: FnInfo): boolean {
    const stack: ts.Node[] = [e];
    let seen = 0;
    while (stack.length && seen++ < 200) {
      const n = stack.pop()!;
      if (ts.isIdentifier(n)) {
        if (n.text === name) return true;
        const init = fn.inits.get(n.text);
        if (init && init !== e && mentionsName(init, name, { ...fn, inits: new Map() })) return true;
      }
      if (isFunctionLikeNode(n) && n !== e) continue;
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
    }
    return false;
  }

  return {
    enter,
    enterStatement(top) {
      if (done) return true;
      if (top !== statement) enterStatement(top);
      return skipping;
    },
    result,
  };
}
