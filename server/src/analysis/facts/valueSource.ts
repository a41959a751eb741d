/**
 * Where a value comes from, as plain data (DESIGN.md §8: "a literal's name is the nearest name on its
 * way to where it is used"): a literal, an environment variable, a fallback (`a || b`, `a ?? b`), a
 * choice made by the environment (`NODE_ENV === 'production' ? a : b`), a concatenation, an object
 * or array, a member of another module of the workspace (`config.db` where `config = require('./config')`),
 * one of several values picked at run time (`configs[env]`), or something unknown.
 *
 * `describe()` reads one file (constants, destructuring, imports; scopes ignored, like values.ts: a name
 * declared twice is unknown); the description is JSON and small, so it can be kept in a file's facts
 * and completed across files later (`variants()` with a resolver for the other modules). Rules judge
 * the variants: the texts a value can have, with the literal each piece of text is written in.
 *
 * Unknown is never a finding: a parameter, a call, a config service or a validated env module is a
 * value the deploy can set.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Range } from '../finding';
import { moduleBindings, propertyNameText, unwrapExpression, type ModuleBindings } from '../languages/typescript/imports';
import { staticPathText, UNKNOWN } from '../languages/typescript/values';
import { perStatement } from '../languages/typescript/visit';
import { lastName } from '../languages/typescript/flow';
import { environmentOfIdentifier, environmentOfName } from '../knowledge/backingServices';

/** A literal in the source: where it is, and whether an expression can replace it as it stands. */
export interface Site {
  start: number;
  end: number;
  range: Range;
  /** A plain string/number literal (not a piece of a template): a fix may replace it. */
  whole: boolean;
  /** Set when the site was reached in another file (cross-file variants). */
  file?: string;
  /** The nearest name on the literal's way: the property or variable it is the value of. */
  name?: string;
  /** A value of node-config's files (facts/nodeConfig.ts): its dotted key (`server.port`). */
  configKey?: string;
}

export type Source =
  | { k: 'str'; v: string; at: Site }
  | { k: 'num'; v: number; at: Site }
  | { k: 'env'; name?: string }
  /** `process.env` itself (its members are env reads). */
  | { k: 'envobj' }
  /** `a || b`, `a ?? b`: b only when a is missing or empty. */
  | { k: 'or'; a: Source; b: Source }
  /** `c ? t : f`; `when` is the environment `t` runs in when the condition tests it (`f` runs in the other). */
  | { k: 'if'; when?: 'dev' | 'prod'; t: Source; f: Source }
  | { k: 'cat'; parts: Source[] }
  /**
   * An object; `open` when spreads or computed keys make missing keys unknown; `rest` holds the members
   * it does not list (a module's `export * from './db'`).
   */
  | { k: 'obj'; props: Record<string, Source>; open?: true; rest?: Source }
  | { k: 'arr'; items: Source[] }
  /** A member (path) of another module of the workspace. */
  | { k: 'imp'; spec: string; path: string[] }
  /** One of the values of `of`, picked at run time (`configs[env]`). */
  | { k: 'each'; of: Source }
  | { k: 'unk' }
  /** `undefined`, `null`, a missing property. */
  | { k: 'none' };

const UNK: Source = { k: 'unk' };
/** Member name under which a module's value keeps what `x.set('key', value)` stored on its exported object. */
const SETTING = '@set:';
const NONE: Source = { k: 'none' };
const MAX_DEPTH = 12;
const MAX_PROPS = 400;

type Declared =
  | { kind: 'init'; expression: ts.Expression }
  /** `const { a: { b } = {}, c = 'x' } = from`: the path into `from`, and the binding's own default. */
  | { kind: 'binding'; from: ts.Expression; path: string[]; fallback?: ts.Expression }
  /** A class's static fields (`static PORT = 8080`), an enum's members (`Db.Host`) or a namespace's exported constants. */
  | { kind: 'members'; node: ts.ClassDeclaration | ts.EnumDeclaration | ts.ModuleDeclaration }
  /** A function declaration: what it returns is read where it is called (`production: pg(url)`). */
  | { kind: 'fn'; node: ts.FunctionDeclaration }
  | { kind: 'unknown' };

interface FileSymbols {
  declared: Map<string, Declared>;
  /** Members assigned after the declaration (`opts.host = …`): their initial value is not what is used. */
  assigned: Map<string, Set<string>>;
  /** `recv.set('key', value)` calls, by `recv\0key` (Express's `app.set('port', …)` read back with `app.get('port')`). */
  setters: Map<string, ts.Expression | null>;
  /** Every class of the file, in source order (what `this.x` in a method refers to). */
  classes: ts.ClassLikeDeclaration[];
}

const symbolsCache = new WeakMap<ts.SourceFile, FileSymbols>();

/**
 * What one top-level statement says about names, in the order of the file index's stack (a node, then
 * its children from the last to the first): declarations, members assigned outside development-only
 * blocks, and `recv.set('key', value)` calls.
 */
type SymbolEvent =
  | { e: 'declare'; name: string; d: Declared }
  | { e: 'assign'; object: string; member: string }
  | { e: 'set'; id: string; value: ts.Expression }
  | { e: 'class'; node: ts.ClassLikeDeclaration };

const statementSymbolsCache = new WeakMap<ts.Node, SymbolEvent[]>();

/** `Object.freeze`, `Object.seal`, `deepFreeze` (the deep-freeze package), `freezeDeep`: they return what they are given. */
const FREEZE = /^(?:freeze|seal|deepFreeze|freezeDeep|deepFreezeStrict)$/;

/** The value `Object.freeze({ … })` or `deepFreeze(config)` returns: its argument, made read-only. */
function frozenValue(call: ts.CallExpression): ts.Expression | undefined {
  if (call.arguments.length !== 1) return undefined;
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) return FREEZE.test(callee.text) ? call.arguments[0] : undefined;
  if (!ts.isPropertyAccessExpression(callee) || !FREEZE.test(callee.name.text)) return undefined;
  const receiver = unwrapExpression(callee.expression);
  return ts.isIdentifier(receiver) && receiver.text === 'Object' ? call.arguments[0] : undefined;
}

/** Stands for every member in `assigned`: the object was merged with another whose keys are not known here. */
const ANY_MEMBER = '*';

/** Functions that copy the keys of their other arguments into their first (lodash, Object.assign, deepmerge's kin). */
const MERGE_INTO = new Set(['assign', 'merge', 'mergeWith', 'defaults', 'defaultsDeep', 'extend', 'assignIn', 'deepAssign', 'deepExtend']);

function isMergeInto(call: ts.CallExpression): boolean {
  const name = lastName(call.expression);
  return call.arguments.length >= 2 && !!name && MERGE_INTO.has(name);
}

function statementSymbols(statement: ts.Statement): SymbolEvent[] {
  const events: SymbolEvent[] = [];
  const declare = (name: string, d: Declared) => {
    events.push({ e: 'declare', name, d });
  };
  const bindPattern = (pattern: ts.BindingName, from: ts.Expression | undefined, prefix: string[]) => {
    if (ts.isIdentifier(pattern)) {
      if (from) declare(pattern.text, prefix.length ? { kind: 'binding', from, path: prefix } : { kind: 'init', expression: from });
      else declare(pattern.text, { kind: 'unknown' });
      return;
    }
    if (ts.isObjectBindingPattern(pattern)) {
      for (const element of pattern.elements) {
        const key = element.dotDotDotToken ? undefined : propertyNameText(element.propertyName ?? element.name);
        if (key === undefined || !from) {
          bindNames(element.name);
          continue;
        }
        if (ts.isIdentifier(element.name)) {
          declare(element.name.text, { kind: 'binding', from, path: [...prefix, key], fallback: element.initializer });
        } else bindPattern(element.name, from, [...prefix, key]);
      }
      return;
    }
    bindNames(pattern);
  };
  const bindNames = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) declare(name.text, { kind: 'unknown' });
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindNames(e.name);
  };
  // Names a function of this statement declares for itself: a merge into one of them (`const config = {…};
  // Object.assign(config, overrides)` in a function) does not touch the module's `config`.
  const functionLocals = new Set<string>();
  const localNames = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) functionLocals.add(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) localNames(e.name);
  };
  const collectLocals = (node: ts.Node, inFunction: boolean) => {
    const inside = inFunction || ts.isFunctionLike(node);
    if (inside && (ts.isVariableDeclaration(node) || ts.isParameter(node))) localNames(node.name);
    ts.forEachChild(node, (child) => collectLocals(child, inside));
  };
  const merges: ts.CallExpression[] = [];
  // Each node with whether it only runs in development (an assignment there does not change what production uses).
  const stack: ts.Node[] = [statement];
  const devFlags: boolean[] = [false];
  // One push for every node's children (no closure per node): the parent's flag, and an `if`'s branch for its environment.
  let parentDev = false;
  let branching: ts.IfStatement | undefined;
  let branchWhen: ReturnType<typeof environmentOfCondition>;
  const push = (child: ts.Node): undefined => {
    stack.push(child);
    devFlags.push(
      parentDev ||
        (branching !== undefined &&
          ((child === branching.thenStatement && branchWhen === 'dev') || (child === branching.elseStatement && branchWhen === 'prod'))),
    );
    return undefined;
  };
  while (stack.length) {
    const node = stack.pop()!;
    const devOnly = devFlags.pop()!;
    if (ts.isVariableDeclaration(node)) {
      // A `let`/`var` assigned later is not known from its initializer: counted below as a second declaration.
      bindPattern(node.name, node.initializer, []);
    } else if (ts.isParameter(node) || ts.isBindingElement(node)) {
      if (ts.isParameter(node)) bindNames(node.name);
    } else if (
      ((ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) && node.name) ||
      (ts.isModuleDeclaration(node) && ts.isIdentifier(node.name))
    ) {
      declare((node.name as ts.Identifier).text, { kind: 'members', node });
    } else if (ts.isFunctionDeclaration(node) && node.name) {
      declare(node.name.text, { kind: 'fn', node });
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      declare(node.left.text, { kind: 'unknown' });
    } else if (
      !devOnly &&
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left)
    ) {
      const object = unwrapExpression(node.left.expression);
      if (ts.isIdentifier(object)) events.push({ e: 'assign', object: object.text, member: node.left.name.text });
    } else if (
      !devOnly &&
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isElementAccessExpression(node.left)
    ) {
      // `opts['host'] = …`; `Object.keys(src).forEach((k) => (opts[k] = src[k]))`: any member may be set.
      const object = unwrapExpression(node.left.expression);
      const key = propertyNameText(node.left.argumentExpression);
      if (ts.isIdentifier(object)) events.push({ e: 'assign', object: object.text, member: key ?? ANY_MEMBER });
    } else if (!devOnly && ts.isCallExpression(node) && isMergeInto(node)) {
      merges.push(node);
    } else if (ts.isCatchClause(node) && node.variableDeclaration) {
      bindNames(node.variableDeclaration.name);
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'set') {
      const [key, value] = node.arguments;
      const receiver = unwrapExpression(node.expression.expression);
      if (key && value && ts.isStringLiteralLike(key) && ts.isIdentifier(receiver))
        events.push({ e: 'set', id: `${receiver.text}\u0000${key.text}`, value });
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) events.push({ e: 'class', node });
    parentDev = devOnly;
    branching = ts.isIfStatement(node) ? node : undefined;
    branchWhen = branching ? environmentOfCondition(branching.expression) : undefined;
    ts.forEachChild(node, push);
  }
  if (merges.length) collectLocals(statement, false);
  for (const call of merges) {
    const target = unwrapExpression(call.arguments[0]);
    if (!ts.isIdentifier(target) || functionLocals.has(target.text)) continue;
    // `merge(config, require('./environment'))`, `Object.assign(opts, overrides)`: any member may now come from
    // elsewhere. Object literals name the members they change (`Object.assign(config, { startedAt })`), and
    // defaults (`_.defaults(config, { logLevel: 'info' })`) keep the members the object already has.
    const sources = call.arguments.slice(1).map(unwrapExpression);
    if (sources.every(ts.isObjectLiteralExpression)) {
      if (/^defaults(?:Deep)?$/.test(lastName(call.expression) ?? '')) continue;
      for (const source of sources)
        for (const p of source.properties) {
          const key = p.name && propertyNameText(p.name);
          events.push({ e: 'assign', object: target.text, member: key ?? ANY_MEMBER });
        }
    } else events.push({ e: 'assign', object: target.text, member: ANY_MEMBER });
  }
  return events;
}

function fileSymbols(sourceFile: ts.SourceFile): FileSymbols {
  let symbols = symbolsCache.get(sourceFile);
  if (symbols) return symbols;
  const declared = new Map<string, Declared>();
  const setters = new Map<string, ts.Expression | null>();
  const assigned = new Map<string, Set<string>>();
  const classes: ts.ClassLikeDeclaration[] = [];
  symbols = { declared, setters, assigned, classes };
  symbolsCache.set(sourceFile, symbols);
  // The statements from the last to the first: the order of one stack over the whole file. Each
  // statement's part is kept (an edit re-reads only the statements it touched).
  const parts = perStatement(sourceFile, statementSymbolsCache, statementSymbols);
  for (let p = parts.length - 1; p >= 0; p--) {
    for (const event of parts[p]) {
      if (event.e === 'declare') declared.set(event.name, declared.has(event.name) ? { kind: 'unknown' } : event.d);
      else if (event.e === 'assign') {
        const set = assigned.get(event.object) ?? new Set<string>();
        set.add(event.member);
        assigned.set(event.object, set);
      } else if (event.e === 'class') classes.push(event.node);
      else setters.set(event.id, setters.has(event.id) ? null : event.value);
    }
  }
  return symbols;
}

export interface DescribeContext {
  sourceFile: ts.SourceFile;
  bindings?: ModuleBindings;
  rangeOfOffsets(start: number, end: number): Range;
}

/** Calls that pass their argument through as the same value (a port or URL converted or normalised). */
const PASS_THROUGH =
  /^(?:Number|parseInt|parseFloat|String|toNumber|toInt|toPort|normali[sz]ePort|getPort|port|decodeURIComponent|encodeURI)$/i;

function isProcessEnv(e: ts.Expression, bindings: ModuleBindings): boolean {
  const u = unwrapExpression(e);
  if (ts.isPropertyAccessExpression(u) && u.name.text === 'env') {
    const base = unwrapExpression(u.expression);
    if (ts.isMetaProperty(base)) return true; // import.meta.env
    if (ts.isIdentifier(base) && base.text === 'Bun') return true;
    const ref = bindings.resolve(base);
    if (ref?.module === 'process' && ref.path.length === 0) return true;
  }
  const ref = bindings.resolve(u);
  return ref?.module === 'process' && ref.path.length === 1 && ref.path[0] === 'env';
}

/** The specifier of node-config (the `config` package), whose files the port and locator rules read (facts/nodeConfig.ts). */
export const NODE_CONFIG = 'config';

/** What `require(spec)` is: a module of the workspace, node-config, or a package (unknown). */
function moduleSource(spec: string): Source {
  return isLocalSpecifier(spec) || spec === NODE_CONFIG ? { k: 'imp', spec, path: [] } : UNK;
}

/** A module specifier of this workspace (relative or absolute), as opposed to a package. */
function isLocalSpecifier(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/');
}

/** `require(__dirname + '/../config/config.json')` → `./../config/config.json`. */
function requiredSpecifier(call: ts.CallExpression, sourceFile: ts.SourceFile): string | undefined {
  const callee = unwrapExpression(call.expression);
  const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
  if (!isRequire && callee.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  const arg = call.arguments[0];
  if (!arg) return undefined;
  const u = unwrapExpression(arg);
  if (ts.isStringLiteralLike(u)) return u.text;
  const text = staticPathText(sourceFile, u);
  if (text && text.startsWith(UNKNOWN) && !text.slice(1).includes(UNKNOWN) && text[1] === '/') {
    const head = ts.isBinaryExpression(u) ? unwrapExpression(u.left) : ts.isCallExpression(u) ? unwrapExpression(u.arguments[0]) : u;
    if (ts.isIdentifier(head) && head.text === '__dirname') return `.${text.slice(1)}`;
  }
  return undefined;
}

/** Where the value of `expression` comes from, within its file. */
export function describe(context: DescribeContext, expression: ts.Expression | undefined): Source {
  const bindings = context.bindings ?? moduleBindings(context.sourceFile);
  const { sourceFile } = context;
  let budget = MAX_PROPS;
  const site = (node: ts.Node, whole: boolean, name: string | undefined): Site => {
    const start = node.getStart(sourceFile);
    const at: Site = { start, end: node.end, range: context.rangeOfOffsets(start, node.end), whole };
    if (name) at.name = name;
    return at;
  };
  const visiting = new Set<string>();

  const ofName = (name: string, depth: number): Source => {
    const binding = bindings.get(name);
    if (binding) {
      if (binding.module === 'process' && binding.path[0] === 'env')
        return binding.path.length === 1 ? { k: 'envobj' } : { k: 'env', name: binding.path[1] };
      // node-config: its files are read where the program is judged (facts/nodeConfig.ts).
      if (binding.module === NODE_CONFIG) return { k: 'imp', spec: NODE_CONFIG, path: [...binding.path] };
      if (!isLocalSpecifier(binding.module)) return UNK;
      // `let config = require('./default'); merge(config, require('./environment'))`: not the module's value any more.
      if (fileSymbols(sourceFile).assigned.get(name)?.has(ANY_MEMBER)) return UNK;
      return { k: 'imp', spec: binding.module, path: [...binding.path] };
    }
    if (name === 'undefined') return NONE;
    const d = fileSymbols(sourceFile).declared.get(name);
    if (!d || d.kind === 'unknown' || d.kind === 'fn' || visiting.has(name)) return UNK;
    visiting.add(name);
    try {
      if (d.kind === 'init') {
        const value = of(d.expression, depth + 1, name);
        const later = fileSymbols(sourceFile).assigned.get(name);
        if (!later) return value;
        // Merged with what this file cannot see: unknown.
        if (later.has(ANY_MEMBER)) return value.k === 'obj' || value.k === 'imp' ? UNK : value;
        if (value.k !== 'obj') return value;
        const props = { ...value.props };
        for (const key of later) props[key] = UNK;
        return { k: 'obj', props, open: true };
      }
      if (d.kind === 'members') {
        const later = fileSymbols(sourceFile).assigned.get(name);
        if (later?.has(ANY_MEMBER)) return UNK;
        const props: Record<string, Source> = {};
        if (ts.isModuleDeclaration(d.node)) {
          // `namespace Config { export const redisUrl = '…' }`: its exported constants; the rest is unknown.
          for (const statement of namespaceStatements(d.node)) {
            if (!ts.isVariableStatement(statement) || !hasModifier(statement, ts.SyntaxKind.ExportKeyword)) continue;
            const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
            for (const decl of statement.declarationList.declarations) {
              if (!ts.isIdentifier(decl.name)) continue;
              props[decl.name.text] = constant && decl.initializer ? of(decl.initializer, depth + 1, decl.name.text) : UNK;
            }
          }
        } else if (ts.isEnumDeclaration(d.node)) {
          for (const m of d.node.members) {
            const key = propertyNameText(m.name);
            if (key !== undefined && m.initializer) props[key] = of(m.initializer, depth + 1, key);
          }
        } else {
          for (const m of d.node.members) {
            if (!ts.isPropertyDeclaration(m) || !m.initializer || !isStaticMember(m)) continue;
            const key = propertyNameText(m.name);
            if (key !== undefined) props[key] = of(m.initializer, depth + 1, key);
          }
          // `static load(env) { this.port = Number(env.PORT ?? this.port) }`, a static block: set at run time.
          const setByThis = (node: ts.Node) => {
            if (
              ts.isBinaryExpression(node) &&
              node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
              node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
              ts.isPropertyAccessExpression(node.left) &&
              node.left.expression.kind === ts.SyntaxKind.ThisKeyword
            )
              props[node.left.name.text] = UNK;
            ts.forEachChild(node, setByThis);
          };
          for (const m of d.node.members)
            if ((ts.isMethodDeclaration(m) || ts.isClassStaticBlockDeclaration(m)) && isStaticMember(m)) setByThis(m);
        }
        for (const key of later ?? []) props[key] = UNK;
        return { k: 'obj', props, open: true };
      }
      let value = of(d.from, depth + 1);
      for (const key of d.path) value = member(value, key);
      return d.fallback ? { k: 'or', a: value, b: of(d.fallback, depth + 1, name) } : value;
    } finally {
      visiting.delete(name);
    }
  };

  /**
   * `this.url` in a method of a class of this file: the field's one value — its initializer, or the one
   * `this.url = …` at the top of the constructor — when nothing else in the class assigns it (a
   * method, a nested block, a constructor parameter property). In a static member, the static field.
   * Unknown where `this` may be something else (inside a `function`), or in a class seen only in part.
   */
  const thisMember = (e: ts.PropertyAccessExpression, depth: number): Source => {
    const key = e.name.text;
    const start = e.getStart(sourceFile);
    let owner: ts.ClassLikeDeclaration | undefined;
    for (const c of fileSymbols(sourceFile).classes)
      if (c.pos <= start && e.end <= c.end && (!owner || c.end - c.pos < owner.end - owner.pos)) owner = c;
    if (!owner) return UNK;
    // Another class of the file extends it (a subclass may set the field), or it is abstract.
    const ownerName = owner.name?.text;
    if (hasModifier(owner, ts.SyntaxKind.AbstractKeyword)) return UNK;
    if (ownerName && fileSymbols(sourceFile).classes.some((c) => c !== owner && extendsName(c, ownerName))) return UNK;
    const memberOf = owner.members.find((m) => m.pos <= start && e.end <= m.end);
    if (!memberOf || !thisIsInstanceOf(memberOf, start, e.end)) return UNK;
    if (isStaticMember(memberOf)) {
      if (!owner.name || !ts.isClassDeclaration(owner)) return UNK;
      return member(ofName(owner.name.text, depth), key);
    }
    // Written where this file does not say what: `Object.assign(this, options)`, `this[key] = …`, a decorated
    // field (class-validator's config classes filled from the environment), `instance.port = …` in the file.
    if (thisEscapes(owner)) return UNK;
    for (const members of fileSymbols(sourceFile).assigned.values()) if (members.has(key)) return UNK;
    let value: ts.Expression | undefined;
    let writes = 0;
    /** Members written after the field is set (`this.poolConfig.host = …` in the constructor): unknown in its value. */
    const later = new Set<string>();
    for (const m of owner.members) {
      if (isStaticMember(m)) continue;
      if (ts.isPropertyDeclaration(m) && propertyNameText(m.name) === key && ts.getDecorators(m)?.length) return UNK;
      if (ts.isPropertyDeclaration(m) && propertyNameText(m.name) === key && m.initializer) {
        value = m.initializer;
        writes++;
      }
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters) if (ts.isIdentifier(p.name) && p.name.text === key && ts.getModifiers(p)?.length) writes += 2; // `constructor(private url = …)`
        for (const statement of m.body?.statements ?? []) {
          const x = ts.isExpressionStatement(statement) ? thisAssignment(statement.expression) : undefined;
          if (x && x.key === key) {
            value = x.value;
            writes++;
          } else writes += thisWrites(statement, key, later);
        }
      } else if (!ts.isPropertyDeclaration(m) || m.initializer) writes += thisWrites(m, key, later);
    }
    if (writes !== 1 || !value) return UNK;
    const initial = of(value, depth + 1, key.replace(/^#/, ''));
    if (later.size === 0) return initial;
    if (later.has(ANY_MEMBER) || initial.k !== 'obj') return UNK;
    const props = { ...initial.props };
    for (const k of later) props[k] = UNK;
    return { k: 'obj', props, open: true };
  };

  /** The one expression a helper function of this file returns, if it is declared once and returns nothing else. */
  const helperReturn = (fnName: string): ts.Expression | undefined => {
    if (bindings.get(fnName)) return undefined;
    const d = fileSymbols(sourceFile).declared.get(fnName);
    let fn: (ts.SignatureDeclaration & { body?: ts.ConciseBody }) | undefined;
    if (d?.kind === 'fn') fn = d.node;
    else if (d?.kind === 'init') {
      const init = unwrapExpression(d.expression);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fn = init;
    }
    const body = fn?.body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return body;
    const [only] = body.statements;
    return body.statements.length === 1 && ts.isReturnStatement(only) ? only.expression : undefined;
  };

  const of = (expression: ts.Expression | undefined, depth: number, name?: string): Source => {
    if (!expression || depth > MAX_DEPTH || budget-- <= 0) return UNK;
    const e = unwrapExpression(expression);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { k: 'str', v: e.text, at: site(e, true, name) };
    if (ts.isNumericLiteral(e)) return { k: 'num', v: Number(e.text), at: site(e, true, name) };
    if (e.kind === ts.SyntaxKind.NullKeyword) return NONE;
    if (ts.isTemplateExpression(e)) {
      const parts: Source[] = [];
      if (e.head.text) parts.push({ k: 'str', v: e.head.text, at: site(e.head, false, name) });
      for (const span of e.templateSpans) {
        parts.push(of(span.expression, depth + 1));
        if (span.literal.text) parts.push({ k: 'str', v: span.literal.text, at: site(span.literal, false, name) });
      }
      return { k: 'cat', parts };
    }
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.PlusToken) return of(e.operand, depth + 1, name);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) {
        const left = of(e.left, depth + 1, name);
        const right = of(e.right, depth + 1, name);
        return { k: 'cat', parts: [...(left.k === 'cat' ? left.parts : [left]), ...(right.k === 'cat' ? right.parts : [right])] };
      }
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
        return { k: 'or', a: of(e.left, depth + 1, name), b: of(e.right, depth + 1, name) };
      return UNK;
    }
    if (ts.isConditionalExpression(e)) {
      const when = environmentOfCondition(e.condition, bindings);
      if (when === 'configured') return UNK; // `process.env.X ? … : …`: the deploy decides
      return { k: 'if', when, t: of(e.whenTrue, depth + 1, name), f: of(e.whenFalse, depth + 1, name) };
    }
    if (ts.isIdentifier(e)) return ofName(e.text, depth);
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return thisMember(e, depth);
      if (isProcessEnv(e.expression, bindings)) return { k: 'env', name: e.name.text };
      if (isProcessEnv(e, bindings)) return { k: 'envobj' };
      return member(of(e.expression, depth + 1), e.name.text);
    }
    if (ts.isElementAccessExpression(e)) {
      if (isProcessEnv(e.expression, bindings)) {
        const key = unwrapExpression(e.argumentExpression);
        return { k: 'env', name: ts.isStringLiteralLike(key) ? key.text : undefined };
      }
      const key = unwrapExpression(e.argumentExpression);
      const base = of(e.expression, depth + 1);
      if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return member(base, key.text);
      return { k: 'each', of: base };
    }
    if (ts.isCallExpression(e)) {
      const spec = requiredSpecifier(e, sourceFile);
      if (spec !== undefined) return moduleSource(spec);
      const frozen = frozenValue(e);
      if (frozen) return of(frozen, depth + 1, name);
      const callee = unwrapExpression(e.expression);
      const called = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      const fromEnv = envHelperRead(e);
      if (fromEnv) {
        const fallback = fromEnv.fallback && of(fromEnv.fallback, depth + 1, name);
        return fallback ? { k: 'or', a: { k: 'env', name: fromEnv.name }, b: fallback } : { k: 'env', name: fromEnv.name };
      }
      if (called && PASS_THROUGH.test(called) && e.arguments.length >= 1 && e.arguments.length <= 2) {
        // `Number(x)`, `parseInt(x, 10)`, `normalizePort(x)`; a method of an object (`Number.parseInt`) too, not `x.port(…)`.
        const receiver = ts.isPropertyAccessExpression(callee) ? unwrapExpression(callee.expression) : undefined;
        if (!receiver || (ts.isIdentifier(receiver) && /^(?:Number|String|Math)$/.test(receiver.text)))
          return of(e.arguments[0], depth + 1, called);
      }
      // `defineConfig({ host: … })` (MikroORM, and the config helpers of other libraries): the options it is given, typed.
      if (called === 'defineConfig' && e.arguments.length === 1 && bindings.resolve(callee)?.path.at(-1) === 'defineConfig')
        return of(e.arguments[0], depth + 1, name);
      // `app.get('port')` read back from `app.set('port', …)` in the same file.
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && e.arguments.length === 1) {
        const key = unwrapExpression(e.arguments[0]);
        const receiver = unwrapExpression(callee.expression);
        // node-config's `config.get('server.port')`: a dotted path into its files.
        if (ts.isStringLiteralLike(key)) {
          const base = of(receiver, depth + 1);
          if (base.k === 'imp' && base.spec === NODE_CONFIG && base.path.length === 0)
            return { k: 'imp', spec: NODE_CONFIG, path: key.text.split('.') };
        }
        if (ts.isStringLiteralLike(key) && ts.isIdentifier(receiver)) {
          const value = fileSymbols(sourceFile).setters.get(`${receiver.text}\u0000${key.text}`);
          if (value) return of(value, depth + 1, key.text);
          // Set in the module the receiver comes from (`import app from './app'`; `app.get('port')`).
          const base = ofName(receiver.text, depth);
          if (base.k === 'imp') return member(base, `${SETTING}${key.text}`);
        }
      }
      // `cleanEnv(process.env, {…})`, `schema.parse(process.env)`: a validated view of the environment.
      if (e.arguments.some((x) => isProcessEnv(x, bindings))) return { k: 'envobj' };
      // A helper of this file that returns one expression (`const pg = (url) => ({ client: 'pg', connection: url })`):
      // what it returns, its parameters unknown.
      const returned = ts.isIdentifier(callee) ? helperReturn(callee.text) : undefined;
      if (returned) return of(returned, depth + 1, name);
      return UNK;
    }
    if (ts.isAwaitExpression(e)) {
      const inner = unwrapExpression(e.expression);
      if (ts.isCallExpression(inner)) {
        const spec = requiredSpecifier(inner, sourceFile);
        if (spec !== undefined) return moduleSource(spec);
      }
      return UNK;
    }
    if (ts.isObjectLiteralExpression(e)) {
      const props: Record<string, Source> = {};
      let open = false;
      // `{ ...require('./db'), cache }`: the members it does not list are the module's (one such spread).
      let rest: Source | undefined;
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) {
          const key = ts.isComputedPropertyName(p.name) ? propertyNameText(p.name.expression) : propertyNameText(p.name);
          if (key === undefined) open = true;
          else props[key] = of(p.initializer, depth + 1, key);
        } else if (ts.isShorthandPropertyAssignment(p)) {
          props[p.name.text] = ofName(p.name.text, depth);
        } else if (ts.isSpreadAssignment(p)) {
          const spread = of(p.expression, depth + 1);
          if (spread.k === 'obj' && !spread.open) Object.assign(props, spread.props);
          else {
            // `{ host: 'localhost', ...options }`: whatever came before may be overridden.
            if (spread.k === 'obj') Object.assign(props, spread.props);
            for (const key of Object.keys(props)) if (spread.k !== 'obj' || !(key in spread.props)) props[key] = UNK;
            open = true;
            rest = spread.k === 'imp' && rest === undefined ? spread : UNK;
          }
        } else {
          const key = p.name && propertyNameText(p.name);
          if (key !== undefined) props[key] = UNK;
          else open = true;
        }
      }
      if (rest && rest.k !== 'unk') return { k: 'obj', props, open: true, rest };
      return open ? { k: 'obj', props, open: true } : { k: 'obj', props };
    }
    if (ts.isArrayLiteralExpression(e)) {
      return { k: 'arr', items: e.elements.map((x) => (ts.isSpreadElement(x) ? UNK : of(x, depth + 1, name))) };
    }
    return UNK;
  };
  return of(expression, 0);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === kind);
}

function isStaticMember(m: ts.ClassElement): boolean {
  return ts.isClassStaticBlockDeclaration(m) || hasModifier(m, ts.SyntaxKind.StaticKeyword);
}

/** The statements of `namespace A { … }` (none for `namespace A.B { … }`, whose members are B's). */
function namespaceStatements(node: ts.ModuleDeclaration): readonly ts.Statement[] {
  return node.body && ts.isModuleBlock(node.body) ? node.body.statements : [];
}

/** `class A extends Name` (or `extends ns.Name`). */
function extendsName(c: ts.ClassLikeDeclaration, name: string): boolean {
  return !!c.heritageClauses?.some(
    (h) =>
      h.token === ts.SyntaxKind.ExtendsKeyword &&
      h.types.some((t) => {
        const e = unwrapExpression(t.expression);
        return (ts.isIdentifier(e) && e.text === name) || (ts.isPropertyAccessExpression(e) && e.name.text === name);
      }),
  );
}

const escapesCache = new WeakMap<ts.Node, boolean>();

/** The instance is written wholesale: `Object.assign(this, …)`, `_.merge(this, …)`, `Object.defineProperty(this, …)`, `this[key] = …`. */
function thisEscapes(owner: ts.ClassLikeDeclaration): boolean {
  let escapes = escapesCache.get(owner);
  if (escapes !== undefined) return escapes;
  escapes = false;
  const visit = (n: ts.Node): void => {
    if (escapes) return;
    if (ts.isCallExpression(n) && n.arguments[0]?.kind === ts.SyntaxKind.ThisKeyword) {
      const name = lastName(n.expression);
      if (name && (MERGE_INTO.has(name) || /^define(?:Property|Properties)$/.test(name))) escapes = true;
    } else if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isElementAccessExpression(unwrapExpression(n.left)) &&
      (unwrapExpression(n.left) as ts.ElementAccessExpression).expression.kind === ts.SyntaxKind.ThisKeyword
    )
      escapes = true;
    ts.forEachChild(n, visit);
  };
  for (const m of owner.members) visit(m);
  escapesCache.set(owner, escapes);
  return escapes;
}

/** `this.key = value` (a plain assignment). */
function thisAssignment(e: ts.Expression): { key: string; value: ts.Expression } | undefined {
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = unwrapExpression(e.left);
  if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  return { key: left.name.text, value: e.right };
}

/**
 * How many times `node` may write `this.key` (assignments, `++`, `delete`, a destructuring target count as writes).
 * Writes of a member (`this.key.host = …`, `this.key[k] = …`) go to `members` (ANY_MEMBER for a computed or deeper one).
 */
function thisWrites(node: ts.Node, key: string, members?: Set<string>): number {
  let writes = 0;
  const isTarget = (x: ts.Node) =>
    ts.isPropertyAccessExpression(x) && x.expression.kind === ts.SyntaxKind.ThisKeyword && x.name.text === key;
  /** `this.key.m` → m, `this.key['m']` → m, `this.key[k]` or `this.key.a.b` → ANY_MEMBER. */
  const memberOf = (x: ts.Node): string | undefined => {
    if (!ts.isPropertyAccessExpression(x) && !ts.isElementAccessExpression(x)) return undefined;
    const base = unwrapExpression(x.expression);
    if (isTarget(base)) return ts.isPropertyAccessExpression(x) ? x.name.text : (propertyNameText(x.argumentExpression) ?? ANY_MEMBER);
    return memberOf(base) !== undefined ? ANY_MEMBER : undefined;
  };
  const written = (x: ts.Node): boolean => {
    if (isTarget(x)) return true;
    const m = memberOf(x);
    if (m !== undefined) members?.add(m);
    return m !== undefined && !members;
  };
  const visit = (n: ts.Node): void => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      const left = unwrapExpression(n.left);
      if (written(left) || ts.isObjectLiteralExpression(left) || ts.isArrayLiteralExpression(left)) writes++;
    } else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && written(unwrapExpression(n.operand))) writes++;
    else if (ts.isDeleteExpression(n) && written(unwrapExpression(n.expression))) writes++;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return writes;
}

/**
 * Whether `this` at [start, end) inside `memberNode` is the class's instance (or the class, in a static
 * member): no `function` or nested class in between rebinds it.
 */
function thisIsInstanceOf(memberNode: ts.ClassElement, start: number, end: number): boolean {
  let node: ts.Node | undefined = memberNode;
  while (node) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (!next && child.pos <= start && end <= child.end) next = child;
    });
    if (!next) return true;
    // A `function`, a nested class, or a method or accessor of an object literal (`{ connect() { this.url } }`) has its own `this`.
    if (ts.isFunctionExpression(next) || ts.isFunctionDeclaration(next) || ts.isClassLike(next)) return false;
    if (ts.isMethodDeclaration(next) || ts.isGetAccessor(next) || ts.isSetAccessor(next)) return false;
    node = next;
  }
  return true;
}

/** The member `key` of a described value. */
export function member(source: Source, key: string): Source {
  switch (source.k) {
    case 'obj':
      if (Object.prototype.hasOwnProperty.call(source.props, key)) return source.props[key];
      if (source.rest) return member(source.rest, key);
      return source.open ? UNK : NONE;
    case 'arr': {
      const i = /^\d+$/.test(key) ? Number(key) : -1;
      return i >= 0 && i < source.items.length ? source.items[i] : UNK;
    }
    case 'imp':
      return { k: 'imp', spec: source.spec, path: [...source.path, key] };
    case 'envobj':
      return { k: 'env', name: key };
    case 'or':
      return { k: 'or', a: member(source.a, key), b: member(source.b, key) };
    case 'if':
      return { k: 'if', when: source.when, t: member(source.t, key), f: member(source.f, key) };
    case 'each':
      return { k: 'each', of: mapValues(source.of, (v) => member(v, key)) };
    case 'none':
      return NONE;
    default:
      return UNK;
  }
}

function mapValues(source: Source, f: (value: Source) => Source): Source {
  if (source.k === 'obj') {
    const props: Record<string, Source> = {};
    for (const [k, v] of Object.entries(source.props)) props[k] = f(v);
    return source.open ? { k: 'obj', props, open: true } : { k: 'obj', props };
  }
  if (source.k === 'arr') return { k: 'arr', items: source.items.map(f) };
  return f(source);
}

/** Variables that name the environment itself (compared with a name, not tested for presence). */
const ENVIRONMENT_NAME_VARIABLE = /^(?:NODE_ENV|APP_ENV|ENV|ENVIRONMENT)$/;

/**
 * Which environment the true branch of a condition runs in: `NODE_ENV === 'production'` → prod,
 * `isDev`, `env !== 'production'` → dev; `configured` when the condition tests a setting of the deploy
 * (`process.env.REDIS_URL ? … : …`); undefined when it says nothing about the environment.
 */
export function environmentOfCondition(condition: ts.Expression, bindings?: ModuleBindings): 'dev' | 'prod' | 'configured' | undefined {
  const e = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = environmentOfCondition(e.operand, bindings);
    return inner === 'dev' ? 'prod' : inner === 'prod' ? 'dev' : inner;
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
      const left = environmentOfCondition(e.left, bindings);
      const right = environmentOfCondition(e.right, bindings);
      // `!isProd || ENABLE_API_DOCS`: the other side may hold in production too, so the branch is not development's.
      if (op === ts.SyntaxKind.BarBarToken && (left === 'dev' || right === 'dev')) return left === right ? 'dev' : undefined;
      if (left === 'dev' || left === 'prod') return right === undefined || right === left || right === 'configured' ? left : undefined;
      if (right === 'dev' || right === 'prod') return left === undefined || left === 'configured' ? right : undefined;
      return left ?? right;
    }
    const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const notEqual = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (equal || notEqual) {
      const left = unwrapExpression(e.left);
      const right = unwrapExpression(e.right);
      const literal = ts.isStringLiteralLike(right) ? right : ts.isStringLiteralLike(left) ? left : undefined;
      if (!literal) return undefined;
      const env = environmentOfName(literal.text);
      if (!env) return undefined;
      if (equal) return env;
      // `env !== 'production'`: everything but production (dev); `env !== 'development'`: production and staging.
      return env === 'prod' ? 'dev' : 'prod';
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    // `env.get('PORT') ? +env.get('PORT') : 3000`: a variable the deploy sets, read through an environment helper.
    const fromEnv = envHelperRead(e);
    if (fromEnv) return ENVIRONMENT_NAME_VARIABLE.test(fromEnv.name) ? undefined : 'configured';
    // `['development', 'test'].includes(env)`
    const callee = unwrapExpression(e.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'includes' &&
      ts.isArrayLiteralExpression(unwrapExpression(callee.expression))
    ) {
      const names = (unwrapExpression(callee.expression) as ts.ArrayLiteralExpression).elements.map((x) =>
        ts.isStringLiteralLike(x) ? environmentOfName(x.text) : undefined,
      );
      if (names.length && names.every((n) => n === 'dev')) return 'dev';
      if (names.length && names.every((n) => n === 'prod')) return 'prod';
    }
    return undefined;
  }
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  if (name) {
    if (ts.isPropertyAccessExpression(e) && bindings && isProcessEnv(e.expression, bindings)) {
      return ENVIRONMENT_NAME_VARIABLE.test(name) ? undefined : 'configured';
    }
    // `const { PORT } = process.env; PORT ? Number(PORT) : 3302`: a variable the deploy sets.
    const binding = ts.isIdentifier(e) ? bindings?.get(name) : undefined;
    if (binding && binding.module === 'process' && binding.path[0] === 'env' && binding.path.length === 2) {
      // `const { IS_PRODUCTION } = process.env`: still a choice by the environment, as its name says.
      const env = environmentOfIdentifier(binding.path[1]);
      if (env) return env;
      return ENVIRONMENT_NAME_VARIABLE.test(binding.path[1]) ? undefined : 'configured';
    }
    const env = environmentOfIdentifier(name);
    if (env) return env;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Variants: the texts a value can take in production, piece by piece.

type Segment =
  | { text: string; site?: Site; number?: true }
  /** `cfg`: set by the deploy (env, parameter, unknown); `none`: missing; `defer`: in another module, not followed. */
  | { hole: 'cfg' | 'none' | 'defer'; env?: string };

interface Variant {
  segments: Segment[];
  /** The variant was decided through another module. */
  via: boolean;
}

/** Completes an `imp` across files: the module's exported value and the file it lives in, or undefined when unknown. */
export type Resolver = (spec: string, from: string) => { file: string; value: Source } | undefined;

interface VariantOptions {
  /** The file the description was made in (sites without a file are there). */
  file: string;
  resolve?: Resolver;
}

const MAX_VARIANTS = 16;

/** The values `source` can take where production runs (development branches and blocks left out). */
export function variants(source: Source, options: VariantOptions): Variant[] {
  const seen = new Set<string>();
  const walk = (s: Source, file: string, via: boolean, depth: number): Variant[] => {
    if (depth > 24) return [{ segments: [{ hole: 'cfg' }], via }];
    switch (s.k) {
      case 'str':
        return [{ segments: [{ text: s.v, site: { ...s.at, file: s.at.file ?? file } }], via }];
      case 'num':
        return [{ segments: [{ text: String(s.v), site: { ...s.at, file: s.at.file ?? file }, number: true }], via }];
      case 'env':
        return [{ segments: [{ hole: 'cfg', env: s.name }], via }];
      case 'none':
        return [{ segments: [{ hole: 'none' }], via }];
      case 'imp': {
        const resolved = options.resolve?.(s.spec, file);
        if (!options.resolve) return [{ segments: [{ hole: 'defer' }], via }];
        if (!resolved) return [{ segments: [{ hole: 'cfg' }], via: true }];
        const key = `${resolved.file}\u0000${s.path.join('.')}`;
        if (seen.has(key)) return [{ segments: [{ hole: 'cfg' }], via: true }];
        seen.add(key);
        let value = resolved.value;
        for (const p of s.path) value = member(value, p);
        const out = walk(value, resolved.file, true, depth + 1);
        seen.delete(key);
        return out;
      }
      case 'or': {
        const out: Variant[] = [];
        for (const v of walk(s.a, file, via, depth + 1)) {
          if (isMissing(v)) out.push(...walk(s.b, file, via || v.via, depth + 1).map((x) => ({ ...x, via: x.via || v.via })));
          else out.push(v);
        }
        return cap(out);
      }
      case 'if':
        if (s.when === 'prod') return walk(s.t, file, via, depth + 1);
        if (s.when === 'dev') return walk(s.f, file, via, depth + 1);
        return cap([...walk(s.t, file, via, depth + 1), ...walk(s.f, file, via, depth + 1)]);
      case 'cat': {
        let acc: Variant[] = [{ segments: [], via }];
        for (const part of s.parts) {
          const next: Variant[] = [];
          for (const a of acc)
            for (const b of walk(part, file, via, depth + 1)) next.push({ segments: [...a.segments, ...b.segments], via: a.via || b.via });
          acc = cap(next);
        }
        return acc;
      }
      case 'each': {
        const out: Variant[] = [];
        for (const value of eachValue(s.of)) out.push(...walk(value, file, via, depth + 1));
        return cap(out.length ? out : [{ segments: [{ hole: 'cfg' }], via }]);
      }
      default:
        return [{ segments: [{ hole: 'cfg' }], via }];
    }
  };
  return walk(source, options.file, false, 0);
}

/** The values of a per-environment (or any keyed) collection picked at run time; development blocks left out. */
export function eachValue(source: Source): Source[] {
  if (source.k === 'obj') {
    const entries = Object.entries(source.props);
    const keyed = entries.filter(([k]) => environmentOfName(k) !== undefined);
    if (keyed.length && keyed.length >= entries.length / 2) return keyed.filter(([k]) => environmentOfName(k) === 'prod').map(([, v]) => v);
    return entries.map(([, v]) => v);
  }
  if (source.k === 'arr') return source.items;
  return [UNK];
}

function cap(list: Variant[]): Variant[] {
  return list.length > MAX_VARIANTS ? list.slice(0, MAX_VARIANTS) : list;
}

/** A variant that makes `a || b` fall back to b: missing, or an empty string. */
function isMissing(v: Variant): boolean {
  return v.segments.every((s) => ('hole' in s ? s.hole === 'none' : s.text === '' && !s.number));
}

/** The variant's text, holes as `\0`, with the segment each character comes from. */
export function variantText(v: Variant): { text: string; at: (offset: number) => Segment | undefined; holes: Set<string> } {
  let text = '';
  const starts: { offset: number; segment: Segment }[] = [];
  const holes = new Set<string>();
  for (const s of v.segments) {
    starts.push({ offset: text.length, segment: s });
    if ('hole' in s) {
      holes.add(s.hole);
      text += UNKNOWN;
    } else text += s.text;
  }
  return {
    text,
    holes,
    at: (offset) => {
      let found: Segment | undefined;
      for (const s of starts) if (s.offset <= offset) found = s.segment;
      return found;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Exports: a module's value, kept small in the file's facts.

const ESM_RE_EXPORT = /\bexport\s*(?:\*|\{[^}]*\})(?:\s*as\s+[\w$]+)?\s*from\s*['"`]\.\.?\//;
/** `module.exports = require('./db')`, `exports.db = require('./db').db`, `module.exports = { ...require('./db') }`. */
const CJS_EXPORTS_REQUIRE = /\bexports(?:\.[\w$]+)?\s*=\s*(?:\{[^}]*?)?require\(\s*['"`]\.\.?\//;
/** `const { redisUrl } = require('./config')` in a file that exports something: it may pass the member on. */
const CJS_DESTRUCTURED_REQUIRE = /\}\s*=\s*require\(\s*['"`]\.\.?\//;
/** `import { redisUrl } from './config'; … export { redisUrl }`: an export list may name what was imported. */
const ESM_EXPORT_LIST = /\bexport\s*\{[^}]*\}(?!\s*from)/;
const ESM_RELATIVE_IMPORT = /\bimport\b[^;]{0,500}?\bfrom\s*['"`]\.\.?\//;

/**
 * The text of a barrel, re-exporting another module of the workspace (`export * from './db'`,
 * `export { redis } from './redis'`, `module.exports = require('./db')`, a member destructured from a
 * `require` and exported again): a collector whose exports moduleValue describes reads such a file too.
 */
export function mayReExport(text: string): boolean {
  return (
    ESM_RE_EXPORT.test(text) ||
    CJS_EXPORTS_REQUIRE.test(text) ||
    (CJS_DESTRUCTURED_REQUIRE.test(text) && /\bexports\b/.test(text)) ||
    (ESM_EXPORT_LIST.test(text) && ESM_RELATIVE_IMPORT.test(text))
  );
}

/** Names of an environment helper, or of the object it is a method of: `env('PORT', 3000)`, `Env.get('PORT')`, `this.env.get(…)`. */
const ENV_HELPER = /^(?:env|getEnv|readEnv|envVar|fromEnv|environment)$/i;
const ENV_RECEIVER = /(?:^|[a-z_])env$|^env|^environment$/i;
const ENV_GETTERS = /^(?:get|getOrThrow|getOrDefault|str|string|num|number|int|integer|bool|boolean|required|optional)$/;

/**
 * A read of one variable through a helper named for the environment (Strapi's `env('PORT', 1337)`, AdonisJS's
 * `env.get('PORT')`, an app's own `new Env().get('PORT', true)`): the variable, in upper case, and the default given.
 */
function envHelperRead(call: ts.CallExpression): { name: string; fallback?: ts.Expression } | undefined {
  const [first, second] = call.arguments;
  const key = first && unwrapExpression(first);
  if (!key || !ts.isStringLiteralLike(key) || !/^[A-Z][A-Z0-9_]*$/.test(key.text)) return undefined;
  const callee = unwrapExpression(call.expression);
  let helper = false;
  if (ts.isIdentifier(callee)) helper = ENV_HELPER.test(callee.text);
  else if (ts.isPropertyAccessExpression(callee) && ENV_GETTERS.test(callee.name.text)) {
    const receiver = unwrapExpression(callee.expression);
    const last = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
    helper = last !== undefined && ENV_RECEIVER.test(last);
  }
  if (!helper) return undefined;
  // `env.get('PORT', true)`: a flag (optional, required), not a default.
  const fallback = second && unwrapExpression(second);
  const isDefault =
    !!fallback &&
    (ts.isStringLiteralLike(fallback) ||
      ts.isNumericLiteral(fallback) ||
      ts.isIdentifier(fallback) ||
      ts.isPropertyAccessExpression(fallback));
  return isDefault ? { name: key.text, fallback: second } : { name: key.text };
}

/** A file's exported value: named exports (`export const`, `exports.x =`) and the default one (`module.exports =`, `export default`). */
export function moduleValue(context: DescribeContext, keep: (s: Source) => boolean): Source | undefined {
  const { sourceFile } = context;
  const named: Record<string, Source> = {};
  const stars: Source[] = [];
  let main: Source | undefined;
  let mainExpression: ts.Expression | undefined;
  /** Export name → the local name it exports (`export const app`, `export { app }`, `exports.app = app`). */
  const locals = new Map<string, string>();
  const d = (e: ts.Expression) => describe(context, e);
  /** The local name an export expression is (`app` in `module.exports = app`, `exports.app = app`, `{ app: app }`). */
  const exportedName = (e: ts.Expression | undefined) =>
    e && ts.isIdentifier(unwrapExpression(e)) ? (unwrapExpression(e) as ts.Identifier).text : undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const decl of statement.declarationList.declarations)
        if (ts.isIdentifier(decl.name) && decl.initializer) {
          named[decl.name.text] = d(decl.name);
          locals.set(decl.name.text, decl.name.text);
        }
    } else if (
      (ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name))) &&
      statement.name &&
      statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      // `export class Config { static mongoUri = … }`, `export enum Hosts { … }`, `export namespace Config { … }`.
      const value = d(statement.name);
      if (statement.modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) main = value;
      else named[(statement.name as ts.Identifier).text] = value;
    } else if (ts.isExportAssignment(statement)) {
      mainExpression = statement.expression;
      main = d(statement.expression);
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const spec of statement.exportClause.elements) {
        named[spec.name.text] = d(spec.propertyName ?? spec.name);
        locals.set(spec.name.text, (spec.propertyName ?? spec.name).text);
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      isLocalSpecifier(statement.moduleSpecifier.text)
    ) {
      // A barrel: `export * from './db'`, `export { redis as cache } from './redis'`, `export * as db from './db'`.
      const spec = statement.moduleSpecifier.text;
      const clause = statement.exportClause;
      if (!clause) stars.push({ k: 'imp', spec, path: [] });
      else if (ts.isNamespaceExport(clause)) named[clause.name.text] = { k: 'imp', spec, path: [] };
      else
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          // `export { default as appConfig } from './app.config'`: the module's value, as a default import reads it.
          const from = (element.propertyName ?? element.name).text;
          named[element.name.text] = { k: 'imp', spec, path: from === 'default' ? [] : [from] };
        }
    } else if (ts.isExpressionStatement(statement)) {
      const e = statement.expression;
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const target = e.left.getText(sourceFile).replace(/\s+/g, '');
      if (target === 'module.exports') {
        mainExpression = e.right;
        main = d(e.right);
      } else {
        const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
        if (m) {
          named[m[1]] = d(e.right);
          const local = exportedName(e.right);
          if (local) locals.set(m[1], local);
        }
      }
    }
  }
  // An exported object configured with `x.set('key', value)` (Express's `app.set('port', …)`).
  const settingsOf = (name: string): Source | undefined => {
    const props: Record<string, Source> = {};
    for (const [id, setter] of fileSymbols(sourceFile).setters) {
      const [receiver, key] = id.split('\u0000');
      if (receiver === name && setter) props[`${SETTING}${key}`] = d(setter);
    }
    return Object.keys(props).length ? { k: 'obj', props, open: true } : undefined;
  };
  const mainName = exportedName(mainExpression);
  if (mainName && (!main || main.k === 'unk')) main = settingsOf(mainName) ?? main;
  // …also exported by name: `export const app = express()`, `export { app }`, `module.exports = { app }`.
  for (const [exported, local] of locals) if (named[exported]?.k === 'unk') named[exported] = settingsOf(local) ?? named[exported];
  const mainObject = mainExpression && unwrapExpression(mainExpression);
  if (main?.k === 'obj' && mainObject && ts.isObjectLiteralExpression(mainObject)) {
    const props = { ...main.props };
    for (const p of mainObject.properties) {
      const local = ts.isShorthandPropertyAssignment(p)
        ? p.name.text
        : ts.isPropertyAssignment(p)
          ? exportedName(p.initializer)
          : undefined;
      const key = p.name && propertyNameText(p.name);
      if (local && key && (props[key] === undefined || props[key].k === 'unk')) props[key] = settingsOf(local) ?? props[key];
    }
    main = { ...main, props };
  }
  let value: Source;
  if (main?.k === 'obj') value = { ...main, props: { ...named, ...main.props } };
  else if (main) value = Object.keys(named).length ? { k: 'obj', props: { ...named, default: main } } : main;
  else if (Object.keys(named).length) value = { k: 'obj', props: named };
  else if (!stars.length) return undefined;
  else value = { k: 'obj', props: {} };
  // What the module re-exports from others (`export * from './db'`): the members it does not list itself.
  if (stars.length && value.k === 'obj')
    value = { ...value, rest: stars.length === 1 ? stars[0] : { k: 'each', of: { k: 'arr', items: stars } } };
  const pruned = prune(value, keep);
  return pruned.k === 'unk' ? undefined : pruned;
}

/** Keeps what a rule may need (the literals `keep` accepts, imports and the structure above them); the rest becomes unknown. */
export function prune(source: Source, keep: (s: Source) => boolean): Source {
  switch (source.k) {
    case 'str':
    case 'num':
      return keep(source) ? source : UNK;
    case 'imp':
      return source;
    case 'or': {
      const a = prune(source.a, keep);
      const b = prune(source.b, keep);
      return a.k === 'unk' && (b.k === 'unk' || b.k === 'none') ? UNK : { k: 'or', a, b };
    }
    case 'if': {
      const t = prune(source.t, keep);
      const f = prune(source.f, keep);
      return t.k === 'unk' && f.k === 'unk' ? UNK : { ...source, t, f };
    }
    case 'cat': {
      const parts = source.parts.map((p) => prune(p, keep));
      return parts.every((p) => p.k === 'unk') ? UNK : { k: 'cat', parts };
    }
    case 'obj': {
      const props: Record<string, Source> = {};
      for (const [k, v] of Object.entries(source.props)) {
        const p = prune(v, keep);
        if (p.k !== 'unk') props[k] = p;
      }
      const rest = source.rest && prune(source.rest, keep);
      // Dropped members read as unknown.
      if (rest && rest.k !== 'unk') return { k: 'obj', props, open: true, rest };
      return Object.keys(props).length ? { k: 'obj', props, open: true } : UNK;
    }
    case 'arr': {
      const items = source.items.map((i) => prune(i, keep));
      return items.every((i) => i.k === 'unk') ? UNK : { k: 'arr', items };
    }
    case 'each': {
      const of = prune(source.of, keep);
      return of.k === 'unk' ? UNK : { k: 'each', of };
    }
    case 'env':
    case 'envobj':
      return source;
    default:
      return UNK;
  }
}

/** True when the description reaches another module somewhere. */
export function usesImports(source: Source): boolean {
  switch (source.k) {
    case 'imp':
      return true;
    case 'or':
      return usesImports(source.a) || usesImports(source.b);
    case 'if':
      return usesImports(source.t) || usesImports(source.f);
    case 'cat':
      return source.parts.some(usesImports);
    case 'obj':
      return Object.values(source.props).some(usesImports);
    case 'arr':
      return source.items.some(usesImports);
    case 'each':
      return usesImports(source.of);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Resolving workspace modules across the files of a program.

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * The file a relative specifier denotes (an ESM `./x.js` may be `./x.ts`), or undefined. When the
 * module is not in the repository, its template is (`config.js` copied from `config.default.js` at
 * deploy, as many services do): the values that template writes are what the deploy runs with.
 */
export function resolveRelative(from: string, spec: string, exists: (file: string) => boolean): string | undefined {
  if (!isLocalSpecifier(spec)) return undefined;
  const base = path.resolve(path.dirname(from), spec.split('?')[0]);
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  for (const candidate of [base, stem]) {
    for (const ext of EXTENSIONS) if (exists(candidate + ext)) return candidate + ext;
    for (const ext of EXTENSIONS.slice(1)) if (exists(path.join(candidate, `index${ext}`))) return path.join(candidate, `index${ext}`);
  }
  for (const template of ['.default', '.example', '.sample', '.dist', '.template'])
    for (const ext of EXTENSIONS.slice(1)) if (exists(stem + template + ext)) return stem + template + ext;
  return undefined;
}
