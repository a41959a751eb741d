/**
 * Per-file program facts (docs/DESIGN.md §4): what a TS/JS file loads, which servers it starts, which
 * signal handling it installs, which environment variables it reads and where it logs to stdout.
 * Collected by a participant of the engine's one walk (engine.ts), so facts and rules share one
 * parse and one traversal; plain, small data (strings copied, never slices of the source) that
 * outlives the syntax tree. Program rules (handle-sigterm) and the report read them.
 */
import * as ts from 'typescript';
import type { Range } from '../finding';
import { moduleBindings, propertyNameText, unwrapExpression, type ModuleBindings, type ModuleRef } from '../languages/typescript/imports';
import type { WalkListener } from '../languages/typescript/visit';
import { computeLineStarts, positionAt } from '../text';
import { richFactsPrefilter } from './lexicalFacts';
import type { Suppressions } from '../suppressions';
import {
  EMPTY_FACTS,
  MAX_ENV_READS,
  type FileFacts,
  type ServerFact,
  type ServerFramework,
  type ServerSite,
  type SignalFact,
  type StdoutLogFact,
  type SuppressionFacts,
} from './types';
import { SHUTDOWN_MODULES } from './knowledge';

export { EMPTY_FACTS };

/**
 * Cheap test: false promises the file has no facts beyond its imports and calls (no server, no signal
 * handling, no environment read, no logging), which lexicalFacts.ts reads without a parse. A superset
 * of what the collector below looks for.
 */
export function factsPrefilter(text: string): boolean {
  return richFactsPrefilter(text);
}

const PROCESS_LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Receivers whose `.listen(…)` is a server when nothing better is known. */
const SERVERISH = /^(?:app|application|server|srv|api|service|instance|fastify|web|http|https)$|(?:App|Server|app|server)$/;

/** Names the shutdown fix may bind a discarded server handle to, in order of preference. */
const HANDLE_NAMES = ['server', 'httpServer', 'appServer'];

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

interface ListenCandidate {
  call: ts.CallExpression;
  receiver?: ts.Expression;
  framework?: ServerFramework;
  ancestors: readonly ts.Node[];
}

/** A walk participant: feed it every node (engine.ts), then `finish()` once. Never keeps a node afterwards. */
export interface FactsCollector extends WalkListener {
  finish(): FileFacts;
}

/** V8 keeps a whole source text alive behind any slice of it: facts hold flat copies. */
function own(s: string): string {
  return s.length > 0 ? (' ' + s).slice(1) : s;
}

export function createFactsCollector(sourceFile: ts.SourceFile, bindings: ModuleBindings = moduleBindings(sourceFile)): FactsCollector {
  const text = sourceFile.text;
  const imports = new Set<string>();
  const calls = new Set<string>();
  const signalLiterals = new Set<string>();
  const handleNamesUsed = new Set<string>();
  const factories = new Map<string, ServerFramework>();
  const candidates: ListenCandidate[] = [];
  const rawSignals: { signals: string[] | 'dynamic'; how: string; node: ts.Node }[] = [];
  const env: FileFacts['env'] = [];
  const stdoutLogs: StdoutLogFact[] = [];
  let lineStarts: number[] | undefined;
  const positionOf = (offset: number) => {
    lineStarts ??= computeLineStarts(text);
    return positionAt(lineStarts, offset);
  };
  const rangeOf = (start: number, end: number): Range => ({ start: positionOf(start), end: positionOf(end) });

  const classify = (expression: ts.Expression | undefined): ServerFramework | undefined => {
    if (!expression) return undefined;
    let e = unwrapExpression(expression);
    if (ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
    if (ts.isIdentifier(e)) return factories.get(e.text);
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return factories.get(`this.${e.name.text}`);
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) return factoryOf(bindings.resolve(e.expression));
    return undefined;
  };

  const signalNames = (node: ts.Expression | undefined): string[] | 'dynamic' => {
    if (!node) return 'dynamic';
    const e = unwrapExpression(node);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [own(e.text)];
    if (ts.isArrayLiteralExpression(e)) {
      const out: string[] = [];
      for (const element of e.elements) {
        const inner = unwrapExpression(element);
        if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) out.push(own(inner.text));
        else if (ts.isPropertyAccessExpression(inner) && /^SIG[A-Z0-9]{2,6}$/.test(inner.name.text)) out.push(own(inner.name.text));
        else return 'dynamic';
      }
      return out;
    }
    return 'dynamic';
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

  function onCall(call: ts.CallExpression, ancestors: readonly ts.Node[]): void {
    const callee = call.expression;
    // Module loading.
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
      const arg = call.arguments[0];
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) imports.add(own(arg.text));
      return;
    }
    for (const arg of call.arguments) {
      const a = unwrapExpression(arg);
      if (ts.isIdentifier(a)) calls.add(own(a.text));
      const ref = ts.isIdentifier(a) || requiredOrImported(a) ? bindings.resolve(a) : undefined;
      if (ref && SHUTDOWN_MODULES[ref.module] && ref.path.length === 0)
        rawSignals.push({ signals: SHUTDOWN_MODULES[ref.module], how: ref.module, node: call });
    }
    const name = calleeName(callee);
    const ref = bindings.resolve(callee);

    // Signal handling.
    if (ref?.module === 'process' && ref.path.length === 1 && PROCESS_LISTEN.has(ref.path[0])) {
      const signals = signalNames(call.arguments[0]);
      if (signals === 'dynamic' || signals.some((s) => s.startsWith('SIG')))
        rawSignals.push({ signals, how: `process.${ref.path[0]}`, node: call });
    } else if (ref && SHUTDOWN_MODULES[ref.module]) {
      let signals = SHUTDOWN_MODULES[ref.module];
      if (ref.module === '@godaddy/terminus') signals = terminusSignals(call) ?? signals;
      rawSignals.push({ signals, how: ref.module, node: call });
    } else if (name === 'enableShutdownHooks' && ts.isPropertyAccessExpression(callee)) {
      const listed = call.arguments.length === 0 ? ['*'] : signalNames(call.arguments[0]);
      rawSignals.push({ signals: listed, how: 'enableShutdownHooks', node: call });
    }

    // Logging to stdout.
    if (ref?.module === 'console' && ref.path.length === 1 && /^(?:log|info|warn|error|debug)$/.test(ref.path[0]))
      addStdoutLog('console', call);
    else if (ref?.module === 'pino' && ref.path.length === 0 && pinoToStdout(call, sourceFile)) addStdoutLog('pino-stdout', call);
    else if (ref?.module === 'pino' && ref.path.join('.') === 'destination' && stdoutDestination(call.arguments[0], sourceFile))
      addStdoutLog('pino-stdout', call);

    // Servers.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'listen') {
      candidates.push({ call, receiver: callee.expression, ancestors: ancestors.slice() });
      return; // not a "call" of a wrapper named listen
    }
    if (ref?.module === '@hono/node-server' && ref.path.join('.') === 'serve') {
      candidates.push({ call, framework: 'hono', ancestors: ancestors.slice() });
      return;
    }
    if (ref?.module === '@apollo/server/standalone' && ref.path.join('.') === 'startStandaloneServer') {
      candidates.push({ call, framework: 'apollo', ancestors: ancestors.slice() });
      return;
    }
    if (name) calls.add(own(name));
  }

  function requiredOrImported(e: ts.Expression): boolean {
    return (
      ts.isCallExpression(e) &&
      ((ts.isIdentifier(e.expression) && e.expression.text === 'require') || e.expression.kind === ts.SyntaxKind.ImportKeyword)
    );
  }

  function serverOf({ call, receiver, framework: known, ancestors }: ListenCandidate): ServerFact | undefined {
    let framework = known;
    if (receiver) {
      const first = call.arguments[0] && unwrapExpression(call.arguments[0]);
      // `bus.listen('event', …)`, `listen(0)` (an ephemeral port: tests and tools).
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && !/^\d+$|\//.test(first.text))
        return undefined;
      if (first && ts.isNumericLiteral(first) && first.text === '0') return undefined;
      framework = classify(receiver);
      if (!framework) {
        const name = receiverName(receiver);
        if (!name || !SERVERISH.test(name)) return undefined;
        framework = /fastify/i.test(name) ? 'fastify' : guessFramework(bindings);
      }
    }
    const f = framework ?? 'unknown';
    const callee = call.expression;
    const nameEnd = ts.isPropertyAccessExpression(callee) ? callee.name.getEnd() : callee.getEnd();
    const plain = receiver && isPlainReceiver(unwrapExpression(receiver));
    const start = plain || !receiver ? call.getStart(sourceFile) : (callee as ts.PropertyAccessExpression).name.getStart(sourceFile);
    const fact: ServerFact = { framework: f, range: rangeOf(start, nameEnd) };
    const container = containerName(ancestors);
    if (container) fact.container = own(container);
    const site = siteOf(call, receiver, ancestors);
    if (site) fact.site = site;
    const port = literalPort(call.arguments[0]);
    if (port !== undefined) fact.port = { literal: port };
    return fact;
  }

  /** The statement that holds the call, when it sits directly in a block or the module. */
  function siteOf(call: ts.CallExpression, receiver: ts.Expression | undefined, ancestors: readonly ts.Node[]): ServerSite | undefined {
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

  return {
    enter(node, ancestors) {
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
          const name = (node as ts.Identifier).text;
          if (HANDLE_NAMES.includes(name)) handleNamesUsed.add(name);
          return;
        }
        case ts.SyntaxKind.StringLiteral:
        case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
          const value = (node as ts.StringLiteral).text;
          if (/^SIG[A-Z0-9]{2,6}$/.test(value)) signalLiterals.add(own(value));
          return;
        }
        case ts.SyntaxKind.PropertyAccessExpression: {
          const access = node as ts.PropertyAccessExpression;
          if (isProcessEnv(access.expression)) addEnvRead(access.name.text, access);
          else if (isWinstonConsole(access)) addStdoutLog('winston-console', access);
          return;
        }
        case ts.SyntaxKind.ElementAccessExpression: {
          const access = node as ts.ElementAccessExpression;
          if (isProcessEnv(access.expression)) addEnvRead(literalText(access.argumentExpression), access);
          return;
        }
        case ts.SyntaxKind.VariableDeclaration: {
          const decl = node as ts.VariableDeclaration;
          if (ts.isIdentifier(decl.name)) {
            const framework = classify(decl.initializer);
            if (framework) factories.set(decl.name.text, framework);
          } else if (ts.isObjectBindingPattern(decl.name) && decl.initializer && isProcessEnv(decl.initializer)) {
            for (const element of decl.name.elements) addEnvRead(propertyNameText(element.propertyName ?? element.name), element);
          }
          return;
        }
        case ts.SyntaxKind.BinaryExpression: {
          const b = node as ts.BinaryExpression;
          if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
          const framework = classify(b.right);
          if (!framework) return;
          if (ts.isIdentifier(b.left)) factories.set(b.left.text, framework);
          else if (ts.isPropertyAccessExpression(b.left) && b.left.expression.kind === ts.SyntaxKind.ThisKeyword)
            factories.set(`this.${b.left.name.text}`, framework);
          return;
        }
        case ts.SyntaxKind.PropertyDeclaration: {
          const p = node as ts.PropertyDeclaration;
          const name = propertyNameText(p.name);
          const framework = name && classify(p.initializer);
          if (name && framework) factories.set(`this.${name}`, framework);
          return;
        }
        case ts.SyntaxKind.NewExpression: {
          const n = node as ts.NewExpression;
          const name = calleeName(n.expression);
          if (name) calls.add(own(name));
          if (isWinstonConsole(n.expression)) addStdoutLog('winston-console', n);
          return;
        }
        case ts.SyntaxKind.CallExpression:
          onCall(node as ts.CallExpression, ancestors);
          return;
      }
    },
    finish() {
      const servers: ServerFact[] = [];
      for (const candidate of candidates) {
        const server = serverOf(candidate);
        if (!server) {
          // `x.listen()` that is not a server start: it is a call of something named listen.
          calls.add('listen');
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
      return { imports: [...imports], servers, signals, calls: [...calls].sort(), env, stdoutLogs };
    },
  };

  function isWinstonConsole(e: ts.Expression): boolean {
    const ref = bindings.resolve(e);
    return ref?.module === 'winston' && ref.path.join('.') === 'transports.Console';
  }
}

/** `3000` or `{ port: 3000 }` as the first argument of a server start. */
function literalPort(arg: ts.Expression | undefined): number | undefined {
  if (!arg) return undefined;
  const e = unwrapExpression(arg);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'port') {
        const v = unwrapExpression(p.initializer);
        if (ts.isNumericLiteral(v)) return Number(v.text);
      }
    }
  }
  return undefined;
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
  return undefined;
}

function factoryOf(ref: ModuleRef | undefined): ServerFramework | undefined {
  if (!ref) return undefined;
  const p = ref.path.join('.');
  switch (ref.module) {
    case 'http':
    case 'https':
    case 'http2':
      return /^(?:createServer|createSecureServer|Server)$/.test(p) ? 'http' : undefined;
    case 'express':
      return p === '' ? 'express' : undefined;
    case 'koa':
      return p === '' || p === 'Koa' ? 'koa' : undefined;
    case 'fastify':
      return p === '' || p === 'fastify' ? 'fastify' : undefined;
    case '@nestjs/core':
      return p === 'NestFactory.create' ? 'nest' : undefined;
    case 'restify':
      return p === 'createServer' ? 'http' : undefined;
    case 'polka':
    case 'connect':
      return p === '' ? 'http' : undefined;
    case '@feathersjs/express':
      return p === '' ? 'express' : undefined;
    default:
      return undefined;
  }
}

function guessFramework(bindings: ModuleBindings): ServerFramework {
  if (bindings.uses('fastify')) return 'fastify';
  if (bindings.uses('@nestjs/core')) return 'nest';
  if (bindings.uses('koa')) return 'koa';
  if (bindings.uses('express')) return 'express';
  return 'unknown';
}

function terminusSignals(call: ts.CallExpression): string[] | undefined {
  const options = call.arguments[1] && unwrapExpression(call.arguments[1]);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const out: string[] = [];
  for (const p of options.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = propertyNameText(p.name);
    const v = unwrapExpression(p.initializer);
    if (key === 'signal' && ts.isStringLiteral(v)) out.push(own(v.text));
    if (key === 'signals' && ts.isArrayLiteralExpression(v)) {
      for (const e of v.elements) {
        if (ts.isStringLiteral(e)) out.push(own(e.text));
        else return undefined;
      }
    }
  }
  return out.length ? out : undefined;
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
