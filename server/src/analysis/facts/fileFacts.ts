/**
 * Per-file program facts (DESIGN.md §4): what a TS/JS file loads, which servers it starts and which
 * signal handling it installs. Plain, small data computed from one parse and cached by content hash;
 * no AST survives. Program rules (handle-sigterm) judge these across the files of a program.
 */
import { createHash } from 'node:crypto';
import * as ts from 'typescript';
import type { Range } from '../finding';
import { moduleBindings, propertyNameText, unwrapExpression, type ModuleBindings, type ModuleRef } from '../languages/typescript/imports';
import { parseScript } from '../languages/typescript/parse';
import { walk } from '../languages/typescript/visit';
import { parseSuppressions } from '../suppressions';
import { computeLineStarts, positionAt } from '../text';

/** Which API started a server; decides the shape of the shutdown fix. */
export type ServerFramework = 'http' | 'express' | 'koa' | 'fastify' | 'nest' | 'hono' | 'apollo' | 'unknown';

/** A text edit without its file (facts are per text, the file is added when a finding is built). */
export interface FactEdit {
  range: Range;
  newText: string;
}

export interface ServerFact {
  framework: ServerFramework;
  /** The `app.listen` / `serve` part of the call: where the finding goes. */
  range: Range;
  /**
   * Name of the innermost named function (or method, or class for a constructor) the call runs in,
   * callbacks looked through; absent at module level. The start only counts when that name is called
   * somewhere in the program (a wrapper never called, like a framework's own `listen`, is not a start).
   */
  container?: string;
  /** The suggested shutdown handler, when the call sits in a statement we can safely extend. */
  fix?: { title: string; edits: FactEdit[] };
}

export interface SignalFact {
  /** `SIGTERM`, `SIGINT`… or `*` when the handled signals could not be read (counted as handling SIGTERM). */
  signals: string[];
  /** How: `process.on`, `@godaddy/terminus`, `enableShutdownHooks`… */
  how: string;
  range: Range;
}

export interface FileFacts {
  /** Module specifiers loaded (static, `export … from`, `require`, literal `import()`), deduplicated. */
  imports: string[];
  servers: ServerFact[];
  signals: SignalFact[];
  /** Names called (`f()`, `x.f()`, `new F()`) or passed as callbacks; to tell a started server from a wrapper. */
  calls: string[];
  /** Inline suppressions, only when the file has any. */
  suppressions?: { byLine: [number, string[]][]; fileWide: string[] };
}

export const EMPTY_FACTS: FileFacts = Object.freeze({ imports: [], servers: [], signals: [], calls: [] });

/**
 * Cheap test: false promises the file has no facts worth a parse (no module loading, no server, no
 * signal handling). A superset of what extraction looks for.
 */
export function factsPrefilter(text: string): boolean {
  return /\b(?:import|require|export|listen|serve|enableShutdownHooks|startStandaloneServer)\b|\bSIG[A-Z]/.test(text);
}

/** Graceful-shutdown packages that install signal handlers themselves (or exist only to be wired to them). */
const SHUTDOWN_MODULES: Record<string, string[]> = {
  '@godaddy/terminus': ['SIGTERM'],
  'http-terminator': ['*'],
  lightship: ['SIGTERM', 'SIGHUP', 'SIGINT'],
  'close-with-grace': ['SIGTERM', 'SIGINT'],
  'fastify-graceful-shutdown': ['SIGTERM', 'SIGINT'],
  'http-graceful-shutdown': ['SIGTERM', 'SIGINT'],
  'async-exit-hook': ['SIGTERM', 'SIGINT'],
  'exit-hook': ['SIGTERM', 'SIGINT'],
  death: ['SIGTERM', 'SIGINT', 'SIGQUIT'],
  'signal-exit': ['SIGTERM', 'SIGINT'],
  'node-graceful-shutdown': ['SIGTERM', 'SIGINT'],
};

const PROCESS_LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Receivers whose `.listen(…)` is a server when nothing better is known. */
const SERVERISH = /^(?:app|application|server|srv|api|service|instance|fastify|web|http|https)$|(?:App|Server|app|server)$/;

const FACT_CACHE_LIMIT = 2000;
const factCache = new Map<string, FileFacts>();

export function factsKey(file: string, text: string): string {
  const flavour = /\.[cm]?tsx?$/i.test(file) ? (/x$/i.test(file) ? 'tsx' : 'ts') : 'js';
  return `${flavour}:${createHash('sha1').update(text).digest('base64')}`;
}

/** Facts of a text, from the cache or a fresh parse. */
export function factsForText(file: string, text: string): FileFacts {
  if (!factsPrefilter(text)) return EMPTY_FACTS;
  const key = factsKey(file, text);
  const cached = factCache.get(key);
  if (cached) return cached;
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parseScript(file, text);
  } catch {
    return EMPTY_FACTS;
  }
  return remember(key, extractFacts(sourceFile));
}

/** Facts of an already parsed file (the engine's parse), cached by content. */
export function factsForSourceFile(sourceFile: ts.SourceFile): FileFacts {
  if (!factsPrefilter(sourceFile.text)) return EMPTY_FACTS;
  const key = factsKey(sourceFile.fileName, sourceFile.text);
  return factCache.get(key) ?? remember(key, extractFacts(sourceFile));
}

function remember(key: string, facts: FileFacts): FileFacts {
  if (factCache.size >= FACT_CACHE_LIMIT) factCache.delete(factCache.keys().next().value!);
  factCache.set(key, facts);
  return facts;
}

interface ListenCandidate {
  call: ts.CallExpression;
  receiver?: ts.Expression;
  framework?: ServerFramework;
  ancestors: readonly ts.Node[];
}

/** Extracts the facts of a parsed file. Never keeps a node. */
export function extractFacts(sourceFile: ts.SourceFile): FileFacts {
  const text = sourceFile.text;
  const bindings = moduleBindings(sourceFile);
  const imports = new Set<string>();
  const calls = new Set<string>();
  const signalLiterals = new Set<string>();
  const factories = new Map<string, ServerFramework>();
  const candidates: ListenCandidate[] = [];
  const rawSignals: { signals: string[] | 'dynamic'; how: string; node: ts.Node }[] = [];
  let lineStarts: number[] | undefined;
  const rangeOf = (start: number, end: number): Range => {
    lineStarts ??= computeLineStarts(text);
    return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
  };

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
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
    if (ts.isArrayLiteralExpression(e)) {
      const out: string[] = [];
      for (const element of e.elements) {
        const inner = unwrapExpression(element);
        if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) out.push(inner.text);
        else return 'dynamic';
      }
      return out;
    }
    return 'dynamic';
  };

  walk(sourceFile, {
    enter(node, ancestors) {
      switch (node.kind) {
        case ts.SyntaxKind.ImportDeclaration:
        case ts.SyntaxKind.ExportDeclaration: {
          const spec = (node as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
          if (spec && ts.isStringLiteral(spec)) imports.add(spec.text);
          return;
        }
        case ts.SyntaxKind.ImportEqualsDeclaration: {
          const ref = (node as ts.ImportEqualsDeclaration).moduleReference;
          if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) imports.add(ref.expression.text);
          return;
        }
        case ts.SyntaxKind.StringLiteral:
        case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
          const value = (node as ts.StringLiteral).text;
          if (/^SIG[A-Z0-9]{2,6}$/.test(value)) signalLiterals.add(value);
          return;
        }
        case ts.SyntaxKind.VariableDeclaration: {
          const decl = node as ts.VariableDeclaration;
          if (ts.isIdentifier(decl.name)) {
            const framework = classify(decl.initializer);
            if (framework) factories.set(decl.name.text, framework);
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
          const callee = (node as ts.NewExpression).expression;
          const name = calleeName(callee);
          if (name) calls.add(name);
          return;
        }
        case ts.SyntaxKind.CallExpression:
          onCall(node as ts.CallExpression, ancestors);
          return;
      }
    },
  });

  function onCall(call: ts.CallExpression, ancestors: readonly ts.Node[]): void {
    const callee = call.expression;
    // Module loading.
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
      const arg = call.arguments[0];
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) imports.add(arg.text);
      return;
    }
    for (const arg of call.arguments) {
      const a = unwrapExpression(arg);
      if (ts.isIdentifier(a)) calls.add(a.text);
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
    if (name) calls.add(name);
  }

  function requiredOrImported(e: ts.Expression): boolean {
    return (
      ts.isCallExpression(e) &&
      ((ts.isIdentifier(e.expression) && e.expression.text === 'require') || e.expression.kind === ts.SyntaxKind.ImportKeyword)
    );
  }

  const servers: ServerFact[] = [];
  for (const candidate of candidates) {
    const server = serverOf(candidate);
    if (!server) {
      // `x.listen()` that is not a server start: it is a call of something named listen.
      calls.add('listen');
      continue;
    }
    servers.push(server);
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
    const simpleReceiver = receiver && (ts.isIdentifier(unwrapExpression(receiver)) || isThisProperty(unwrapExpression(receiver)));
    const start =
      simpleReceiver || !receiver ? call.getStart(sourceFile) : (callee as ts.PropertyAccessExpression).name.getStart(sourceFile);
    const fact: ServerFact = { framework: f, range: rangeOf(start, nameEnd) };
    const container = containerName(ancestors);
    if (container) fact.container = container;
    const fix = shutdownFix(sourceFile, call, receiver, f, ancestors, rangeOf);
    if (fix) fact.fix = fix;
    return fact;
  }

  const signals: SignalFact[] = rawSignals.map(({ signals, how, node }) => {
    let list: string[];
    if (signals === 'dynamic') {
      // A signal from a variable (a loop over a list, a parameter): the file's signal names tell which.
      list = signalLiterals.size > 0 ? [...signalLiterals].sort() : ['*'];
    } else list = signals;
    return { signals: list, how, range: rangeOf(node.getStart(sourceFile), node.getEnd()) };
  });

  const facts: FileFacts = { imports: [...imports], servers, signals, calls: [...calls].sort() };
  if (text.includes('twelve-factor-disable')) {
    const s = parseSuppressions(text, 'typescript');
    facts.suppressions = { byLine: [...s.byLine].map(([line, ids]) => [line, [...ids]]), fileWide: [...s.fileWide] };
  }
  return facts;
}

function isThisProperty(e: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword;
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
    if (key === 'signal' && ts.isStringLiteral(v)) out.push(v.text);
    if (key === 'signals' && ts.isArrayLiteralExpression(v)) {
      for (const e of v.elements)
        if (ts.isStringLiteral(e)) out.push(e.text);
        else return undefined;
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

// ---------------------------------------------------------------------------------------------
// The quick fix: a SIGTERM handler after the statement that starts the server.

const HARD_TIMEOUT = 'setTimeout(() => process.exit(1), 10_000).unref();';

function shutdownFix(
  sourceFile: ts.SourceFile,
  call: ts.CallExpression,
  receiver: ts.Expression | undefined,
  framework: ServerFramework,
  ancestors: readonly ts.Node[],
  rangeOf: (start: number, end: number) => Range,
): ServerFact['fix'] {
  if (framework === 'apollo') return undefined;
  const text = sourceFile.text;
  // The statement holding the call, with no function boundary in between.
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
  const statementStart = statement.getStart(sourceFile);
  const indent = indentAt(text, statementStart);
  const unit = indentUnit(text);
  const receiverText = receiver ? unwrapExpression(receiver).getText(sourceFile) : undefined;
  const simpleReceiver = receiver && (ts.isIdentifier(unwrapExpression(receiver)) || isThisProperty(unwrapExpression(receiver)));
  const after = insertionAfter(text, statement.getEnd());
  const insert = (offset: number, newText: string): FactEdit => ({ range: rangeOf(offset, offset), newText });

  if (framework === 'nest') {
    if (!simpleReceiver) return undefined;
    return {
      title: `Enable Nest shutdown hooks (${receiverText}.enableShutdownHooks())`,
      edits: [insert(statementStart, `${receiverText}.enableShutdownHooks();\n${indent}`)],
    };
  }
  if (framework === 'fastify') {
    if (!simpleReceiver) return undefined;
    const body = [
      `process.on('SIGTERM', async () => {`,
      `${unit}// Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.`,
      `${unit}${HARD_TIMEOUT}`,
      `${unit}await ${receiverText}.close();`,
      `${unit}process.exit(0);`,
      `});`,
    ];
    return { title: `Close ${receiverText} gracefully on SIGTERM`, edits: [insert(after, block(body, indent))] };
  }
  // http.Server-like: listen() returns the server; keep it when the statement drops it.
  const edits: FactEdit[] = [];
  let name: string | undefined;
  if (ts.isExpressionStatement(statement)) {
    let e = unwrapExpression(statement.expression);
    if (ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
    if (e !== call) return undefined;
    name = freeName(sourceFile, ['server', 'httpServer', 'appServer']);
    if (!name) return undefined;
    edits.push(insert(statementStart, `const ${name} = `));
  } else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    const decl = statement.declarationList.declarations[0];
    let e = decl.initializer && unwrapExpression(decl.initializer);
    if (e && ts.isAwaitExpression(e)) e = unwrapExpression(e.expression);
    if (e !== call || !ts.isIdentifier(decl.name)) return undefined;
    name = decl.name.text;
  } else return undefined;
  const body = [
    `process.on('SIGTERM', () => {`,
    `${unit}// Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.`,
    `${unit}${HARD_TIMEOUT}`,
    `${unit}${name}.close(() => process.exit(0));`,
    `});`,
  ];
  edits.push(insert(after, block(body, indent)));
  return { title: `Close the server gracefully on SIGTERM`, edits };
}

function block(lines: string[], indent: string): string {
  return `\n\n${lines.map((l) => indent + l).join('\n')}`;
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

/** The first of `names` no identifier of the file uses (so the new `const` shadows nothing). */
function freeName(sourceFile: ts.SourceFile, names: string[]): string | undefined {
  const used = new Set<string>();
  walk(sourceFile, {
    enter(node) {
      if (ts.isIdentifier(node)) used.add(node.text);
    },
  });
  return names.find((n) => !used.has(n));
}
