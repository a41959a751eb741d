/**
 * Per-file program facts (docs/DESIGN.md §4): what a TS/JS file loads, which servers it starts (and where
 * their port comes from), which apps it creates, which functions run per request, which signal
 * handling it installs, which session middleware it configures, which environment variables it reads
 * and where it logs to stdout. What counts as each is the framework model's (../framework/).
 * Collected by a participant of the engine's one walk (engine.ts), so facts and rules share one parse
 * and one traversal; plain, small data (strings copied, never slices of the source) that outlives the
 * syntax tree. Program rules (handle-sigterm…) and the report read them.
 */
import * as ts from 'typescript';
import type { Range } from '../finding';
import { localName, moduleBindings, propertyNameText, unwrapExpression, type ModuleBindings } from '../languages/typescript/imports';
import { initializerOf } from '../languages/typescript/values';
import { NODE_SHEBANG } from '../languages/detect';
import type { WalkListener } from '../languages/typescript/visit';
import { computeLineStarts, positionAt } from '../text';
import { richFactsPrefilter } from './lexicalFacts';
import { isPathJoiner, loadSpecifier, type LoadPathPart } from './loadPaths';
import { branchEnvironment } from './clients';
import type { Suppressions } from '../suppressions';
import {
  EMPTY_FACTS,
  MAX_ENV_READS,
  MAX_HANDLERS,
  type AppFact,
  type FileFacts,
  type HandlerFact,
  type PortSource,
  type ServerFact,
  type ServerFramework,
  type ServerSite,
  type SessionFact,
  type SignalFact,
  type StdoutLogFact,
  type SuppressionFacts,
} from './types';
import {
  PORT_IN_FACTORY,
  PROCESS_LISTEN_METHODS,
  SERVERISH,
  SHUTDOWN_HOOK_METHODS,
  SHUTDOWN_LIBRARIES,
  SIGNAL_NAME,
  entry,
  factoryFramework,
  guessFramework,
  handlerByShape,
  isFunctionNode,
  handlerByPlace,
  nestRoutePath,
  isStartMethod,
  registeredHandlers,
  routeObjectHandler,
  sessionConfig,
  signalsInOption,
  startFunction,
  type HandlerMatch,
} from '../framework';

export { EMPTY_FACTS };

/**
 * Cheap test: false promises the file has no facts beyond its imports and calls (no server, no signal
 * handling, no environment read, no logging), which lexicalFacts.ts reads without a parse. A superset
 * of what the collector below looks for.
 */
export function factsPrefilter(text: string): boolean {
  return richFactsPrefilter(text);
}

/** process's other methods that return process (`process.removeAllListeners('SIGTERM').on('SIGTERM', …)`). */
const CHAINABLE = new Set(['removeAllListeners', 'removeListener', 'off', 'setMaxListeners']);

/**
 * The method of a listener call chained on process's own (they return process):
 * `process.on('unhandledRejection', …).once('SIGTERM', …)` → `once`.
 */
function chainedProcessListener(callee: ts.Expression, bindings: ModuleBindings): string | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  let receiver = unwrapExpression(callee.expression);
  for (let depth = 0; depth < 20 && ts.isCallExpression(receiver); depth++) {
    const inner = receiver.expression;
    if (!ts.isPropertyAccessExpression(inner) || !(PROCESS_LISTEN_METHODS.has(inner.name.text) || CHAINABLE.has(inner.name.text)))
      return undefined;
    receiver = unwrapExpression(inner.expression);
  }
  if (receiver === unwrapExpression(callee.expression)) return undefined; // not a chain: `process.on` itself is resolved above
  const ref = bindings.resolve(receiver);
  return ref?.module === 'process' && ref.path.length === 0 ? callee.name.text : undefined;
}

/** A name whose value only the run knows: `file`, `entry.name` (the scanner reads the same, loadPaths.ts). */
function isNameChain(e: ts.Expression): boolean {
  return ts.isIdentifier(e) || (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name) && isNameChain(e.expression));
}

function loadPathPart(e: ts.Expression): LoadPathPart | undefined {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { literal: e.text };
  if (ts.isIdentifier(e) && e.text === '__dirname') return { dirname: true };
  return isNameChain(e) ? { dynamic: true } : undefined;
}

/** The specifier of a module loaded by a path built from `__dirname` or `./…` (loadPaths.ts), as the scanner reads it. */
function builtLoadPath(arg: ts.Expression): string | undefined {
  if (ts.isCallExpression(arg)) {
    const callee = arg.expression;
    const joiner = ts.isIdentifier(callee)
      ? isPathJoiner(undefined, callee.text)
      : ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        ts.isIdentifier(callee.name) &&
        isPathJoiner(callee.expression.text, callee.name.text);
    if (!joiner || arg.typeArguments || arg.questionDotToken) return undefined;
    const parts = arg.arguments.map(loadPathPart);
    if (parts.some((p) => !p)) return undefined;
    const name = ts.isIdentifier(callee) ? callee.text : (callee as ts.PropertyAccessExpression).name.text;
    return loadSpecifier(parts as LoadPathPart[], true, name === 'resolve');
  }
  if (ts.isTemplateExpression(arg)) {
    const parts: LoadPathPart[] = arg.head.text ? [{ literal: arg.head.text }] : [];
    for (const span of arg.templateSpans) {
      const part = ts.isIdentifier(span.expression) && span.expression.text === '__dirname' ? { dirname: true as const } : undefined;
      if (part) parts.push(part);
      else if (isNameChain(span.expression)) parts.push({ dynamic: true });
      else return undefined;
      if (span.literal.text) parts.push({ literal: span.literal.text });
    }
    return loadSpecifier(parts, false);
  }
  if (ts.isBinaryExpression(arg) && arg.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const parts: LoadPathPart[] = [];
    let e: ts.Expression = arg;
    const right: ts.Expression[] = [];
    while (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      right.push(e.right);
      e = e.left;
    }
    for (const operand of [e, ...right.reverse()]) {
      const part = loadPathPart(operand);
      if (!part) return undefined;
      parts.push(part);
    }
    return loadSpecifier(parts, false);
  }
  return undefined;
}

/** Names the shutdown fix may bind a discarded server handle to, in order of preference. */
const HANDLE_NAMES = ['server', 'httpServer', 'appServer'];

/** Methods that may start a server, depending on what they are called on (framework/servers.ts START_METHODS). */
const START_CANDIDATES = new Set(['listen', 'start', 'startAllMicroservices']);

/** Conditions that mean "when run as the program", not "maybe": `if (require.main === module)`, `if (!module.parent)`. */
const MAIN_GUARD = /require\.main|import\.meta\.(?:main|url)|module\.parent|process\.argv|NODE_ENV|\bisMain\b/;

/** The directives of a file as facts: what silences which lines (or the whole file). */
export function suppressionFacts(suppressions: Suppressions): SuppressionFacts {
  const byLine: [number, string[]][] = [];
  const fileWide: string[] = [];
  for (const d of suppressions.directives) {
    if (d.kind === 'file') fileWide.push(...d.ids);
    else for (let line = d.first; line <= d.last; line++) byLine.push([line, [...d.ids]]);
  }
  return { byLine, fileWide };
}

interface StartCandidate {
  call: ts.CallExpression | ts.NewExpression;
  receiver?: ts.Expression;
  method?: string;
  framework?: ServerFramework;
  /** Where the port options are: an argument index of the call, or the factory's options. */
  portFrom?: ts.Expression;
  ancestors: readonly ts.Node[];
}

/** A walk participant: feed it every node (engine.ts), then `finish()` once. Never keeps a node afterwards. */
interface FactsCollector extends WalkListener {
  finish(): FileFacts;
}

/** V8 keeps a whole source text alive behind any slice of it: facts hold flat copies. */
function own(s: string): string {
  return s.length > 0 ? (' ' + s).slice(1) : s;
}

export function createFactsCollector(sourceFile: ts.SourceFile, bindings: ModuleBindings = moduleBindings(sourceFile)): FactsCollector {
  const text = sourceFile.text;
  const file = sourceFile.fileName;
  const imports = new Set<string>();
  const calls = new Set<string>();
  const signalLiterals = new Set<string>();
  const handleNamesUsed = new Set<string>();
  /** Names (and `this.x`) known to hold an app or server object, with its framework. */
  const factories = new Map<string, ServerFramework>();
  /** The options a factory was called with, by the name holding its result (`Hapi.server({ port })`). */
  const factoryOptions = new Map<string, ts.Expression>();
  const candidates: StartCandidate[] = [];
  const rawSignals: { signals: string[] | 'dynamic'; how: string; node: ts.Node }[] = [];
  const env: FileFacts['env'] = [];
  const stdoutLogs: StdoutLogFact[] = [];
  const apps: AppFact[] = [];
  const sessions: SessionFact[] = [];
  const handlers: HandlerFact[] = [];
  /** Functions registered by a call (route, hook, socket…), met before the function itself in the walk. */
  const registered = new Map<ts.Node, HandlerMatch & { framework?: ServerFramework }>();
  /** Names registered as handlers (`app.get('/x', list)`), matched with the file's functions at the end. */
  const registeredNames = new Map<string, HandlerMatch & { framework?: ServerFramework }>();
  const namedFunctions = new Map<string, Range>();
  let lineStarts: number[] | undefined;
  const positionOf = (offset: number) => {
    lineStarts ??= computeLineStarts(text);
    return positionAt(lineStarts, offset);
  };
  const rangeOf = (start: number, end: number): Range => ({ start: positionOf(start), end: positionOf(end) });
  const nodeRange = (node: ts.Node): Range => rangeOf(node.getStart(sourceFile), node.getEnd());

  const classify = (expression: ts.Expression | undefined): ServerFramework | undefined => {
    if (!expression) return undefined;
    let e = unwrapExpression(expression);
    if (ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
    if (ts.isIdentifier(e)) return factories.get(e.text);
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return factories.get(`this.${e.name.text}`);
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      const made = factoryFramework(bindings.resolve(e.expression));
      if (made) return made;
      // A builder chain on an app: `polka().get('/', h).listen(3000)`, `fastify.register(p).listen()`.
      const callee = unwrapExpression(e.expression);
      if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(callee) && callee.name.text !== 'listen')
        return classify(callee.expression);
    }
    return undefined;
  };

  /** The options object a factory call is given (`Hapi.server({ port })`), when its framework takes the port there. */
  const factoryOptionsOf = (expression: ts.Expression | undefined): ts.Expression | undefined => {
    if (!expression) return undefined;
    let e = unwrapExpression(expression);
    if (ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
    if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return undefined;
    const framework = factoryFramework(bindings.resolve(e.expression));
    return framework && PORT_IN_FACTORY.has(framework) ? e.arguments?.[0] : undefined;
  };

  const remember = (name: string, initializer: ts.Expression | undefined) => {
    const framework = classify(initializer);
    if (!framework) return;
    factories.set(name, framework);
    const options = factoryOptionsOf(initializer);
    if (options) factoryOptions.set(name, options);
  };

  const signalNames = (node: ts.Expression | undefined): string[] | 'dynamic' => {
    if (!node) return 'dynamic';
    const e = unwrapExpression(node);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [own(e.text)];
    // An enum member or a constants object: `Signal.SIGTERM`, `os.constants.signals.SIGTERM`.
    if (ts.isPropertyAccessExpression(e) && SIGNAL_NAME.test(e.name.text)) return [own(e.name.text)];
    if (ts.isArrayLiteralExpression(e)) {
      const out: string[] = [];
      for (const element of e.elements) {
        const inner = unwrapExpression(element);
        if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) out.push(own(inner.text));
        else if (ts.isPropertyAccessExpression(inner) && SIGNAL_NAME.test(inner.name.text)) out.push(own(inner.name.text));
        else return 'dynamic';
      }
      return out;
    }
    return 'dynamic';
  };

  /** The signals a shutdown library is configured with (`signals: ['SIGINT']`, `signals: 'SIGINT SIGTERM'`), or undefined. */
  const librarySignals = (call: ts.CallExpression, option: readonly string[]): string[] | undefined => {
    for (const arg of call.arguments) {
      const o = unwrapExpression(arg);
      if (!ts.isObjectLiteralExpression(o)) continue;
      for (const p of o.properties) {
        if (!ts.isPropertyAssignment(p) || !option.includes(propertyNameText(p.name) ?? '')) continue;
        const v = unwrapExpression(p.initializer);
        if (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) return signalsInOption(own(v.text));
        const list = signalNames(v);
        if (list !== 'dynamic') return list;
      }
    }
    return undefined;
  };

  const addStdoutLog = (kind: StdoutLogFact['kind'], node: ts.Node) => {
    if (!stdoutLogs.some((l) => l.kind === kind)) stdoutLogs.push({ kind, at: positionOf(node.getStart(sourceFile)) });
  };

  const addEnvRead = (name: string | undefined, node: ts.Node) => {
    if (env.length < MAX_ENV_READS) env.push({ ...(name ? { name: own(name) } : {}), at: positionOf(node.getStart(sourceFile)) });
  };

  const isProcessEnv = (e: ts.Expression): boolean => {
    const u = unwrapExpression(e);
    if (ts.isPropertyAccessExpression(u) && u.name.text === 'env') {
      const ref = bindings.resolve(u.expression);
      if (ref?.module === 'process' && ref.path.length === 0) return true;
      // import.meta.env
      if (ts.isMetaProperty(u.expression)) return true;
    }
    const ref = bindings.resolve(u);
    return ref?.module === 'process' && ref.path.length === 1 && ref.path[0] === 'env';
  };

  /** `process.env.PORT` / `process.env['PORT']` → 'PORT' (or '' when the name is computed); undefined if not an env read. */
  const envName = (e: ts.Expression): string | undefined => {
    const u = unwrapExpression(e);
    if (ts.isPropertyAccessExpression(u) && isProcessEnv(u.expression)) return u.name.text;
    if (ts.isElementAccessExpression(u) && isProcessEnv(u.expression)) return literalText(u.argumentExpression) ?? '';
    return undefined;
  };

  /** Where a port value comes from, through the file's constants and the usual wrappers (`Number(…)`, `normalizePort(…)`, `|| 3000`). */
  const portSourceOf = (expression: ts.Expression, depth = 0): PortSource => {
    const e = unwrapExpression(expression);
    const unknown = (): PortSource => ({ kind: 'unknown', text: own(e.getText(sourceFile).slice(0, 80)) });
    if (depth > 4) return unknown();
    if (ts.isNumericLiteral(e)) return { kind: 'literal', value: Number(e.text) };
    if ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && /^\d+$/.test(e.text))
      return { kind: 'literal', value: Number(e.text) };
    const name = envName(e);
    if (name !== undefined) return name ? { kind: 'env', name: own(name) } : { kind: 'env' };
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        const left = portSourceOf(e.left, depth + 1);
        const right = portSourceOf(e.right, depth + 1);
        if (left.kind === 'env') return right.kind === 'literal' ? { ...left, fallback: right.value } : left;
        if (right.kind === 'env') return right;
        return left.kind === 'literal' ? left : unknown();
      }
      return unknown();
    }
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.PlusToken) return portSourceOf(e.operand, depth + 1);
    if (ts.isConditionalExpression(e)) {
      const a = portSourceOf(e.whenTrue, depth + 1);
      const b = portSourceOf(e.whenFalse, depth + 1);
      return a.kind === 'env' ? a : b.kind === 'env' ? b : unknown();
    }
    if (ts.isCallExpression(e) && e.arguments.length >= 1) {
      const callee = unwrapExpression(e.expression);
      const fn = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (/^(?:Number|parseInt|parseFloat|String)$|port/i.test(fn)) return portSourceOf(e.arguments[0], depth + 1);
      return unknown();
    }
    if (ts.isIdentifier(e)) {
      const init = initializerOf(sourceFile, e.text);
      return init ? portSourceOf(init, depth + 1) : unknown();
    }
    return unknown();
  };

  /** The port expression of a start: its first argument, or the `port` of an options object (also under `listen:`). */
  const portExpression = (e: ts.Expression | undefined): ts.Expression | undefined => {
    if (!e) return undefined;
    const u = unwrapExpression(e);
    if (ts.isObjectLiteralExpression(u)) {
      for (const p of u.properties) {
        const key = p.name && propertyNameText(p.name);
        if (ts.isPropertyAssignment(p) && key === 'port') return p.initializer;
        if (ts.isShorthandPropertyAssignment(p) && key === 'port') return p.name;
        if (ts.isPropertyAssignment(p) && (key === 'listen' || key === 'server')) {
          const inner = portExpression(p.initializer);
          if (inner) return inner;
        }
      }
      return undefined;
    }
    if (ts.isIdentifier(u)) {
      const init = initializerOf(sourceFile, u.text);
      if (init && ts.isObjectLiteralExpression(init)) return portExpression(init);
    }
    if (ts.isFunctionExpression(u) || ts.isArrowFunction(u)) return undefined;
    return u;
  };

  /** Binds the non-error parameters of callbacks given to a factory (`Glue.compose(m, (err, server) => …)`) to its framework. */
  const bindCallbackParameters = (args: readonly ts.Expression[], framework: ServerFramework) => {
    for (const arg of args) {
      const fn = unwrapExpression(arg);
      if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) continue;
      for (const p of fn.parameters)
        if (ts.isIdentifier(p.name) && !/^(?:err|error|e)$/.test(p.name.text)) factories.set(p.name.text, framework);
    }
  };

  const addHandler = (fn: ts.Node, match: HandlerMatch & { framework?: ServerFramework }) => {
    if (handlers.length >= MAX_HANDLERS) return;
    const fact: HandlerFact = { kind: match.kind, range: nodeRange(fn) };
    if (match.framework && match.framework !== 'unknown') fact.framework = match.framework;
    if (match.method) fact.method = own(match.method);
    if (match.path) fact.path = own(match.path);
    handlers.push(fact);
  };

  const registerHandlers = (call: ts.CallExpression | ts.NewExpression) => {
    const found = registeredHandlers(call, bindings);
    if (found.length === 0) return;
    const callee = unwrapExpression(call.expression);
    const framework = ts.isPropertyAccessExpression(callee) ? classify(callee.expression) : undefined;
    for (const { fn, match } of found) {
      const m = framework ? { ...match, framework } : match;
      if (ts.isIdentifier(fn)) {
        if (!registeredNames.has(fn.text)) registeredNames.set(fn.text, m);
      } else if (!registered.has(fn)) registered.set(fn, m);
    }
  };

  function onNew(node: ts.NewExpression, ancestors: readonly ts.Node[]): void {
    const name = calleeName(node.expression);
    if (name) calls.add(own(name));
    if (isWinstonConsole(node.expression)) addStdoutLog('winston-console', node);
    const ref = bindings.resolve(node.expression);
    // AdonisJS: `new Ignitor(APP_ROOT, …)` boots the app its `adonisrc.ts` describes (whose `preloads` load start/*):
    // the program goes on there.
    if (ref?.module === '@adonisjs/core' && ref.path.join('.') === 'Ignitor') {
      const root = appRootOf(node.arguments?.[0]);
      if (root !== undefined) imports.add(own(`${root.replace(/\/$/, '')}/adonisrc`));
    }
    const framework = factoryFramework(ref);
    if (framework) {
      addApp(framework, node, ancestors);
      // `new WebSocketServer({ port })`, `new Server(3000)` (socket.io): a server of its own.
      if ((framework === 'ws' || framework === 'socket.io') && startsOnItsOwn(node.arguments?.[0]))
        candidates.push({ call: node, framework, portFrom: node.arguments?.[0], ancestors: ancestors.slice() });
    }
    registerHandlers(node);
  }

  function addApp(framework: ServerFramework, node: ts.CallExpression | ts.NewExpression, ancestors: readonly ts.Node[]): void {
    if (apps.length >= 20) return;
    let parent = ancestors[ancestors.length - 1];
    for (
      let i = ancestors.length - 1;
      i > 0 && parent && (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent));
      i--
    )
      parent = ancestors[i - 1];
    const fact: AppFact = { framework, range: nodeRange(node) };
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) fact.name = own(parent.name.text);
    apps.push(fact);
  }

  /** `{ port }` options or a port as the first argument: a ws/socket.io server that listens by itself. */
  function startsOnItsOwn(arg: ts.Expression | undefined): boolean {
    if (!arg) return false;
    const u = unwrapExpression(arg);
    if (ts.isObjectLiteralExpression(u))
      return !!portExpression(u) && !u.properties.some((p) => p.name && /^(?:server|noServer)$/.test(propertyNameText(p.name) ?? ''));
    return isPortValue(u);
  }

  /** `3001`, `process.env.PORT`, `port`, `config.wsPort`, `Number(process.env.PORT) || 3001`: a port, not an HTTP server. */
  function isPortValue(e: ts.Expression): boolean {
    const u = unwrapExpression(e);
    if (ts.isNumericLiteral(u) || envName(u) !== undefined) return true;
    if (ts.isIdentifier(u)) return /port/i.test(u.text);
    if (ts.isPropertyAccessExpression(u)) return /port$/i.test(u.name.text);
    if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.PlusToken) return isPortValue(u.operand);
    if (
      ts.isBinaryExpression(u) &&
      (u.operatorToken.kind === ts.SyntaxKind.BarBarToken || u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    )
      return isPortValue(u.left) || isPortValue(u.right);
    if (
      ts.isCallExpression(u) &&
      ts.isIdentifier(u.expression) &&
      /^(?:Number|parseInt|parseFloat)$/.test(u.expression.text) &&
      u.arguments[0]
    )
      return isPortValue(u.arguments[0]);
    return false;
  }

  function onCall(call: ts.CallExpression, ancestors: readonly ts.Node[]): void {
    const callee = call.expression;
    // Module loading.
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
      const arg = call.arguments[0];
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) imports.add(own(arg.text));
      else if (arg) {
        const built = builtLoadPath(arg);
        if (built) imports.add(own(built));
      }
      return;
    }
    for (const arg of call.arguments) {
      const a = unwrapExpression(arg);
      if (ts.isIdentifier(a)) calls.add(own(a.text));
      // A shutdown plugin passed as a value: `fastify.register(require('fastify-graceful-shutdown'))`.
      const ref = ts.isIdentifier(a) || requiredOrImported(a) ? bindings.resolve(a) : undefined;
      const found = ref && ref.path.length === 0 ? entry(SHUTDOWN_LIBRARIES, ref.module) : undefined;
      const lib = found && !found.calls ? found : undefined;
      if (lib?.installs) rawSignals.push({ signals: [...lib.signals], how: ref!.module, node: call });
    }
    const name = calleeName(callee);
    const ref = bindings.resolve(callee);

    // Signal handling.
    const known = ref ? entry(SHUTDOWN_LIBRARIES, ref.module) : undefined;
    const library = known && (!known.calls || known.calls.includes(ref!.path.join('.'))) ? known : undefined;
    const listen = ref?.module === 'process' && ref.path.length === 1 ? ref.path[0] : chainedProcessListener(callee, bindings);
    if (listen && PROCESS_LISTEN_METHODS.has(listen)) {
      const signals = signalNames(call.arguments[0]);
      if (signals === 'dynamic' || signals.some((s) => s.startsWith('SIG')))
        rawSignals.push({ signals, how: `process.${listen}`, node: call });
    } else if (library?.installs) {
      const signals = (library.signalsOption && librarySignals(call, library.signalsOption)) ?? [...library.signals];
      rawSignals.push({ signals, how: ref!.module, node: call });
    } else if (name && entry(SHUTDOWN_HOOK_METHODS, name) && ts.isPropertyAccessExpression(callee)) {
      const listed = call.arguments.length === 0 ? [...SHUTDOWN_HOOK_METHODS[name]] : signalNames(call.arguments[0]);
      rawSignals.push({ signals: listed, how: name, node: call });
    }
    // AdonisJS: `app.listen('SIGTERM', () => app.terminate())` (in the Ignitor's `tap`), `app.listenIf(cond, 'SIGINT', …)`.
    if (
      ts.isPropertyAccessExpression(callee) &&
      /^(?:listen|listenOnce|listenIf)$/.test(callee.name.text) &&
      bindings.uses('@adonisjs/core')
    ) {
      const signals = signalNames(call.arguments[callee.name.text === 'listenIf' ? 1 : 0]);
      if (signals !== 'dynamic' && signals.some((x) => x.startsWith('SIG')))
        rawSignals.push({ signals, how: `app.${callee.name.text}`, node: call });
    }

    // Logging to stdout.
    if (ref?.module === 'console' && ref.path.length === 1 && /^(?:log|info|warn|error|debug)$/.test(ref.path[0]))
      addStdoutLog('console', call);
    else if (ref?.module === 'pino' && ref.path.length === 0 && pinoToStdout(call, sourceFile)) addStdoutLog('pino-stdout', call);
    else if (ref?.module === 'pino' && ref.path.join('.') === 'destination' && stdoutDestination(call.arguments[0], sourceFile))
      addStdoutLog('pino-stdout', call);

    // Sessions.
    const session = sessionConfig(call, bindings, sourceFile);
    if (session && sessions.length < 10) sessions.push({ library: own(session.library), store: session.store, range: nodeRange(call) });

    // Handlers registered by this call.
    registerHandlers(call);

    // Apps and servers.
    const framework = factoryFramework(ref);
    if (framework) {
      addApp(framework, call, ancestors);
      bindCallbackParameters(call.arguments, framework);
      if (framework === 'socket.io' && startsOnItsOwn(call.arguments[0]))
        candidates.push({ call, framework, portFrom: call.arguments[0], ancestors: ancestors.slice() });
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'then') {
      const before = classify(callee.expression);
      if (before) bindCallbackParameters(call.arguments.slice(0, 1), before);
    }
    if (ts.isPropertyAccessExpression(callee) && START_CANDIDATES.has(callee.name.text)) {
      candidates.push({ call, receiver: callee.expression, method: callee.name.text, ancestors: ancestors.slice() });
      return; // not a "call" of a wrapper named listen/start (unless it turns out not to be a server)
    }
    // hapi < 17: `server.connection({ port })` sets the port the later start() listens on.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'connection' && ts.isIdentifier(callee.expression)) {
      if (classify(callee.expression) === 'hapi' && call.arguments[0]) factoryOptions.set(callee.expression.text, call.arguments[0]);
    }
    const starter = startFunction(ref);
    if (starter) {
      candidates.push({
        call,
        framework: starter.framework,
        portFrom: starter.optionsArgument >= 0 ? call.arguments[starter.optionsArgument] : undefined,
        ancestors: ancestors.slice(),
      });
      return;
    }
    // Bun.serve({ fetch, port }).
    if (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'serve' &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'Bun' &&
      !bindings.get('Bun')
    ) {
      candidates.push({ call, framework: 'bun', portFrom: call.arguments[0], ancestors: ancestors.slice() });
      return;
    }
    if (name) calls.add(own(name));
    // `import { initJobs as startCron } from './jobs'`: the function called is the module's initJobs, whatever this file
    // calls it. (ES imports only: the lexical reading of a file that is not parsed sees those alone.)
    const local = ts.isIdentifier(callee) ? callee.text : undefined;
    const imported = local === undefined ? undefined : bindings.get(local);
    if (imported?.kind === 'import' && imported.path.length === 1 && imported.path[0] !== local && imported.path[0] !== 'default')
      calls.add(own(imported.path[0]));
  }

  /** `new URL('../', import.meta.url)` (or a name holding it): the relative folder, `./`-prefixed, or undefined. */
  function appRootOf(e: ts.Expression | undefined): string | undefined {
    let u = e && unwrapExpression(e);
    if (u && ts.isIdentifier(u)) {
      const init = initializerOf(sourceFile, u.text);
      u = init && unwrapExpression(init);
    }
    if (!u || !ts.isNewExpression(u) || !ts.isIdentifier(u.expression) || u.expression.text !== 'URL') return undefined;
    const [rel, base] = u.arguments ?? [];
    if (!rel || !ts.isStringLiteralLike(rel) || !base || !/import\.meta\.url$/.test(base.getText(sourceFile))) return undefined;
    const dir = rel.text.replace(/^\.\/(?=.)/, '');
    return /^\.\.?(?:\/|$)/.test(dir) ? dir : `./${dir}`;
  }

  function requiredOrImported(e: ts.Expression): boolean {
    return (
      ts.isCallExpression(e) &&
      ((ts.isIdentifier(e.expression) && e.expression.text === 'require') || e.expression.kind === ts.SyntaxKind.ImportKeyword)
    );
  }

  function serverOf({ call, receiver, method, framework: known, portFrom, ancestors }: StartCandidate): ServerFact | undefined {
    let framework = known;
    let port: ts.Expression | undefined = portFrom !== undefined ? portExpression(portFrom) : undefined;
    if (receiver && method) {
      const first = call.arguments?.[0] && unwrapExpression(call.arguments[0]);
      framework = classify(receiver);
      if (method === 'listen') {
        // `bus.listen('event', …)`, `listen(0)` (an ephemeral port: tests and tools).
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && !/^\d+$|\//.test(first.text))
          return undefined;
        if (first && ts.isNumericLiteral(first) && first.text === '0') return undefined;
        if (framework && !isStartMethod(framework, 'listen') && framework !== 'socket.io') return undefined;
        if (framework === 'socket.io' && !startsOnItsOwn(first)) return undefined; // io.listen(httpServer): attached
        if (!framework) {
          const name = receiverName(receiver);
          const portish = !!first && (envName(first) !== undefined || (ts.isIdentifier(first) && /port/i.test(first.text)));
          if (!(name && SERVERISH.test(name)) && !portish) return undefined;
          framework = name && /fastify/i.test(name) ? 'fastify' : guessFramework((m) => bindings.uses(m));
        }
        port = portExpression(call.arguments?.[0]);
      } else {
        // start(): hapi's; startAllMicroservices(): Nest's. Anything else called start is not a server.
        if (!framework) {
          const name = receiverName(receiver);
          const hapi = ['@hapi/hapi', 'hapi', '@hapi/glue', 'glue'].some((m) => bindings.uses(m));
          if (hapi && name && SERVERISH.test(name)) framework = 'hapi';
          // AdonisJS's `new Ignitor(APP_ROOT).tap(…).httpServer().start()`.
          const r = unwrapExpression(receiver);
          if (
            ts.isCallExpression(r) &&
            ts.isPropertyAccessExpression(r.expression) &&
            r.expression.name.text === 'httpServer' &&
            bindings.uses('@adonisjs/core')
          )
            framework = 'adonis';
        }
        if (!framework || !isStartMethod(framework, method)) return undefined;
      }
      const optionsName = localName(receiver);
      if (!port && optionsName && factoryOptions.has(optionsName)) port = portExpression(factoryOptions.get(optionsName));
    }
    const f = framework ?? 'unknown';
    const callee = call.expression;
    const nameEnd = ts.isPropertyAccessExpression(callee) ? callee.name.getEnd() : callee.getEnd();
    const plain = receiver && isPlainReceiver(unwrapExpression(receiver));
    const start =
      ts.isNewExpression(call) || plain || !receiver
        ? call.getStart(sourceFile)
        : (callee as ts.PropertyAccessExpression).name.getStart(sourceFile);
    const fact: ServerFact = { framework: f, range: rangeOf(start, ts.isNewExpression(call) ? callee.getEnd() : nameEnd) };
    const container = containerName(ancestors);
    if (container) fact.container = own(container);
    const site = siteOf(call, receiver, ancestors);
    if (site) fact.site = site;
    fact.how = own(
      ts.isNewExpression(call) ? `new ${callee.getText(sourceFile)}` : callee.getText(sourceFile).replace(/\s+/g, '').slice(0, 60),
    );
    if (port) {
      const source = portSourceOf(port);
      fact.portSource = source;
      fact.portRange = nodeRange(port);
      if (source.kind === 'literal' && unwrapExpression(port).kind === ts.SyntaxKind.NumericLiteral) fact.port = { literal: source.value };
    } else fact.portSource = { kind: 'none' };
    if (isConditional(ancestors)) fact.conditional = true;
    if (branchEnvironment(ancestors, call, bindings) === 'dev') fact.devOnly = true;
    return fact;
  }

  /** Under an if/?:/&&/switch/catch inside its function: it may not run (a `require.main` guard does not count). */
  function isConditional(ancestors: readonly ts.Node[]): boolean {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const node = ancestors[i];
      if (isFunctionLike(node)) {
        const parent = ancestors[i - 1];
        // A callback (`.then(() => …)`) runs with its caller: keep looking upward.
        if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent))) continue;
        return false;
      }
      if (ts.isIfStatement(node) || ts.isConditionalExpression(node)) {
        const condition = ts.isIfStatement(node) ? node.expression : node.condition;
        if (!MAIN_GUARD.test(condition.getText(sourceFile).slice(0, 200))) return true;
      } else if (ts.isSwitchStatement(node) || ts.isCatchClause(node)) return true;
      else if (
        ts.isBinaryExpression(node) &&
        (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
        !MAIN_GUARD.test(node.left.getText(sourceFile).slice(0, 200))
      )
        return true;
    }
    return false;
  }

  /** The statement that holds the call, when it sits directly in a block or the module. */
  function siteOf(
    call: ts.CallExpression | ts.NewExpression,
    receiver: ts.Expression | undefined,
    ancestors: readonly ts.Node[],
  ): ServerSite | undefined {
    let statement: ts.Statement | undefined;
    for (let i = ancestors.length - 1; i > 0; i--) {
      const node = ancestors[i];
      if (isFunctionLike(node) || ts.isClassLike(node)) return undefined;
      const parent = ancestors[i - 1];
      if (
        ts.isSourceFile(parent) ||
        ts.isBlock(parent) ||
        ts.isModuleBlock(parent) ||
        ts.isCaseClause(parent) ||
        ts.isDefaultClause(parent)
      ) {
        statement = node as ts.Statement;
        break;
      }
    }
    if (!statement) return undefined;
    let handle: ServerSite['handle'];
    if (ts.isExpressionStatement(statement)) {
      let e = unwrapExpression(statement.expression);
      if (ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
      if (e !== call) return undefined;
      handle = { kind: 'discarded' };
    } else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const decl = statement.declarationList.declarations[0];
      let e = decl.initializer && unwrapExpression(decl.initializer);
      if (e && ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
      if (e !== call || !ts.isIdentifier(decl.name)) return undefined;
      handle = { kind: 'bound', name: own(decl.name.text) };
    } else return undefined;
    const statementStart = statement.getStart(sourceFile);
    const plain = receiver && isPlainReceiver(unwrapExpression(receiver));
    return {
      statementStart: positionOf(statementStart),
      indent: own(indentAt(text, statementStart)),
      unit: indentUnit(text),
      after: positionOf(insertionAfter(text, statement.getEnd())),
      ...(plain ? { receiver: own(unwrapExpression(receiver).getText(sourceFile)) } : {}),
      handle,
    };
  }

  /** A name used as a value inside an array, or inside an object given to a call: it may be called (`{ loaders: [expressLoader] }`). */
  function passedAsValue(node: ts.Identifier, ancestors: readonly ts.Node[]): boolean {
    const parent = ancestors[ancestors.length - 1];
    if (!parent) return false;
    if (ts.isArrayLiteralExpression(parent)) return true;
    if (!(ts.isPropertyAssignment(parent) && parent.initializer === node) && !ts.isShorthandPropertyAssignment(parent)) return false;
    for (let i = ancestors.length - 2, steps = 0; i >= 0 && steps < 8; i--, steps++) {
      const a = ancestors[i];
      if (ts.isCallExpression(a) || ts.isNewExpression(a)) return true;
      if (
        !ts.isObjectLiteralExpression(a) &&
        !ts.isArrayLiteralExpression(a) &&
        !ts.isPropertyAssignment(a) &&
        !ts.isShorthandPropertyAssignment(a) &&
        !ts.isSpreadElement(a) &&
        !ts.isParenthesizedExpression(a)
      )
        return false;
    }
    return false;
  }

  function onFunction(node: ts.Node, ancestors: readonly ts.Node[]): void {
    const hit = registered.get(node);
    if (hit) {
      addHandler(node, hit);
      return;
    }
    if (isFunctionNode(node)) {
      const shape = handlerByShape(node, file);
      // A Nest route's path: its controller's and its own (`@Controller('health')`, `@Get()`).
      const path = shape?.kind === 'route' && ts.isMethodDeclaration(node) ? nestRoutePath(node, ancestors) : undefined;
      // …or by its place: a GraphQL resolver map's member, a Moleculer action.
      const match = shape ? (path !== undefined ? { ...shape, path } : shape) : handlerByPlace(node, ancestors);
      if (match) addHandler(node, match);
    }
    // Named functions at module level, for handlers registered by name.
    if (ancestors.length <= 3) {
      if (ts.isFunctionDeclaration(node) && node.name) namedFunctions.set(node.name.text, nodeRange(node));
      else {
        const owner = ancestors[ancestors.length - 1];
        if (owner && ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) namedFunctions.set(owner.name.text, nodeRange(node));
      }
    }
  }

  // Facts never fail an analysis: a collector error leaves the facts gathered so far (the engine does not guard us).
  let broken = false;
  return {
    enter(node, ancestors) {
      if (broken) return;
      try {
        enterNode(node, ancestors);
      } catch {
        broken = true;
      }
    },
    finish() {
      try {
        return finishFacts();
      } catch {
        return { imports: [...imports], servers: [], signals: [], calls: [...calls].sort(), env, stdoutLogs };
      }
    },
  };

  function enterNode(node: ts.Node, ancestors: readonly ts.Node[]): void {
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration:
      case ts.SyntaxKind.ExportDeclaration: {
        const spec = (node as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
        if (spec && ts.isStringLiteral(spec)) imports.add(own(spec.text));
        return;
      }
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const ref = (node as ts.ImportEqualsDeclaration).moduleReference;
        if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) imports.add(own(ref.expression.text));
        return;
      }
      case ts.SyntaxKind.Identifier: {
        const id = node as ts.Identifier;
        const name = id.text;
        if (HANDLE_NAMES.includes(name)) handleNamesUsed.add(name);
        if (passedAsValue(id, ancestors)) calls.add(own(name));
        return;
      }
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
        const value = (node as ts.StringLiteral).text;
        if (SIGNAL_NAME.test(value)) signalLiterals.add(own(value));
        return;
      }
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        if (isProcessEnv(access.expression)) addEnvRead(access.name.text, access);
        else if (isWinstonConsole(access)) addStdoutLog('winston-console', access);
        else if (SIGNAL_NAME.test(access.name.text) && ancestors.length > 0) signalLiterals.add(own(access.name.text));
        return;
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.ElementAccessExpression;
        if (isProcessEnv(access.expression)) addEnvRead(literalText(access.argumentExpression), access);
        return;
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const decl = node as ts.VariableDeclaration;
        if (ts.isIdentifier(decl.name)) remember(decl.name.text, decl.initializer);
        else if (ts.isObjectBindingPattern(decl.name) && decl.initializer && isProcessEnv(decl.initializer)) {
          for (const element of decl.name.elements) addEnvRead(propertyNameText(element.propertyName ?? element.name), element);
        }
        return;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        if (ts.isIdentifier(b.left)) remember(b.left.text, b.right);
        else if (ts.isPropertyAccessExpression(b.left) && b.left.expression.kind === ts.SyntaxKind.ThisKeyword)
          remember(`this.${b.left.name.text}`, b.right);
        return;
      }
      case ts.SyntaxKind.PropertyDeclaration: {
        const p = node as ts.PropertyDeclaration;
        const name = propertyNameText(p.name);
        if (name) remember(`this.${name}`, p.initializer);
        return;
      }
      case ts.SyntaxKind.NewExpression:
        onNew(node as ts.NewExpression, ancestors);
        return;
      case ts.SyntaxKind.CallExpression:
        onCall(node as ts.CallExpression, ancestors);
        return;
      case ts.SyntaxKind.ObjectLiteralExpression: {
        // A route object outside a registration call (`module.exports = [{ method: 'GET', path: '/', handler }]`, hapi).
        const route = routeObjectHandler(node as ts.ObjectLiteralExpression);
        if (route && route.match.method) {
          const fn = unwrapExpression(route.fn as ts.Expression);
          if (ts.isIdentifier(fn)) {
            if (!registeredNames.has(fn.text)) registeredNames.set(fn.text, route.match);
          } else if (!registered.has(route.fn)) registered.set(route.fn, route.match);
        }
        return;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.MethodDeclaration:
        onFunction(node, ancestors);
        return;
    }
  }

  function finishFacts(): FileFacts {
    const servers: ServerFact[] = [];
    for (const candidate of candidates) {
      const server = serverOf(candidate);
      if (!server) {
        // `x.listen()` / `x.start()` that is not a server start: an ordinary call of something so named.
        if (candidate.method) calls.add(candidate.method);
        continue;
      }
      if (server.site?.handle.kind === 'discarded') {
        const free = HANDLE_NAMES.find((n) => !handleNamesUsed.has(n));
        if (free) server.site.handle.freeName = free;
      }
      servers.push(server);
    }
    candidates.length = 0;
    const signals: SignalFact[] = rawSignals.map(({ signals, how, node }) => {
      let list: string[];
      if (signals === 'dynamic') {
        // A signal from a variable (a loop over a list, a parameter): the file's signal names tell which.
        list = signalLiterals.size > 0 ? [...signalLiterals].sort() : ['*'];
      } else list = signals;
      return { signals: list, how: own(how), range: rangeOf(node.getStart(sourceFile), node.getEnd()) };
    });
    rawSignals.length = 0;
    for (const [name, match] of registeredNames) {
      const range = namedFunctions.get(name);
      if (
        range &&
        handlers.length < MAX_HANDLERS &&
        !handlers.some((h) => h.range.start.line === range.start.line && h.range.start.column === range.start.column)
      )
        handlers.push({
          kind: match.kind,
          range,
          ...(match.method ? { method: own(match.method) } : {}),
          ...(match.path ? { path: own(match.path) } : {}),
        });
    }
    registered.clear();
    handlers.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
    const facts: FileFacts = { imports: [...imports], servers, signals, calls: [...calls].sort(), env, stdoutLogs };
    if (handlers.length) facts.handlers = handlers;
    if (apps.length) facts.apps = apps;
    if (sessions.length) facts.sessions = sessions;
    if (NODE_SHEBANG.test(text)) facts.executable = true;
    return facts;
  }

  function isWinstonConsole(e: ts.Expression): boolean {
    const ref = bindings.resolve(e);
    return ref?.module === 'winston' && ref.path.join('.') === 'transports.Console';
  }
}

function literalText(e: ts.Expression): string | undefined {
  const u = unwrapExpression(e);
  return ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) ? u.text : undefined;
}

/** `pino()` / `pino({ … })` with no destination or transport: it writes to stdout. */
function pinoToStdout(call: ts.CallExpression, sourceFile: ts.SourceFile): boolean {
  if (call.arguments.length === 0) return true;
  if (call.arguments.length > 1) return stdoutDestination(call.arguments[1], sourceFile);
  const options = unwrapExpression(call.arguments[0]);
  if (!ts.isObjectLiteralExpression(options)) return false;
  return !options.properties.some((p) => {
    const name = p.name && propertyNameText(p.name);
    return name === 'transport' || name === 'destination';
  });
}

function stdoutDestination(e: ts.Expression | undefined, sourceFile: ts.SourceFile): boolean {
  if (!e) return true;
  const u = unwrapExpression(e);
  if (ts.isNumericLiteral(u)) return u.text === '1' || u.text === '2';
  const text = ts.isPropertyAccessExpression(u) ? u.getText(sourceFile) : '';
  return /^process\.(?:stdout|stderr)(?:\.fd)?$/.test(text);
}

function isPlainReceiver(e: ts.Expression): boolean {
  return ts.isIdentifier(e) || (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword);
}

function calleeName(callee: ts.Expression): string | undefined {
  const e = unwrapExpression(callee);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function receiverName(receiver: ts.Expression): string | undefined {
  let e = unwrapExpression(receiver);
  if (ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  // What a factory returns: `createApp().listen(3000)`, `(await buildServer()).listen(port)`.
  if (ts.isCallExpression(e)) {
    const callee = unwrapExpression(e.expression);
    if (ts.isIdentifier(callee)) return callee.text;
    if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  }
  return undefined;
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
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

/** The innermost named function the node runs in, looking through callbacks and IIFEs. */
function containerName(ancestors: readonly ts.Node[]): string | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i];
    if (!isFunctionLike(node)) continue;
    const parent = ancestors[i - 1];
    let owner = parent;
    let j = i - 1;
    while (owner && (ts.isParenthesizedExpression(owner) || ts.isAsExpression(owner))) owner = ancestors[--j];
    if (owner && (ts.isCallExpression(owner) || ts.isNewExpression(owner))) continue; // a callback or an IIFE
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)
    ) {
      const name = node.name ? propertyNameText(node.name) : undefined;
      if (name) return name;
      continue; // export default function () {}: treated as run
    }
    if (ts.isConstructorDeclaration(node)) {
      const cls = ancestors[i - 1];
      return cls && (ts.isClassDeclaration(cls) || ts.isClassExpression(cls)) && cls.name ? cls.name.text : undefined;
    }
    if (owner && ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) return owner.name.text;
    if (owner && (ts.isPropertyAssignment(owner) || ts.isPropertyDeclaration(owner))) {
      const name = propertyNameText(owner.name);
      if (name) return name;
    }
    if (owner && ts.isBinaryExpression(owner) && owner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = owner.left;
      if (ts.isPropertyAccessExpression(left)) return left.name.text;
      if (ts.isIdentifier(left)) return left.text;
    }
    // Anything else (returned, exported default, stored in an array): treated as run.
  }
  return undefined;
}

/** End of the statement's line when only whitespace or a line comment follows it, else the statement's end. */
function insertionAfter(text: string, end: number): number {
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text.startsWith('//', i)) {
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    return i;
  }
  return end;
}

function indentAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const m = /^[ \t]*/.exec(text.slice(start, offset));
  return m ? m[0] : '';
}

/** The file's indentation step: a tab, or the smallest space indent seen (2 by default). */
export function indentUnit(text: string): string {
  let smallest = Infinity;
  const re = /^([ \t]+)[^\s*]/gm; // `*` lines are JSDoc continuation, not indentation
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(text)) && seen++ < 500) {
    if (m[1].startsWith('\t')) return '\t';
    if (m[1].length < smallest) smallest = m[1].length;
  }
  return smallest === Infinity || smallest > 8 ? '  ' : ' '.repeat(smallest);
}
