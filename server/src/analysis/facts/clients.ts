/**
 * Backing-service clients in a TS/JS file (knowledge/backingServices.ts `CLIENTS`): which call creates
 * or connects one, the kind of service, and the descriptions (facts/valueSource.ts) of the arguments
 * its locator comes from. Shared by backing-services/no-hardcoded-locator, dev-prod-parity/same-backing-services
 * and the report.
 */
import * as ts from 'typescript';
import { propertyNameText, unwrapExpression, type ModuleBindings, type ModuleRef } from '../languages/typescript/imports';
import {
  CLIENTS,
  kindOfDialect,
  kindOfScheme,
  type ClientSpec,
  type LocatorArgument,
  type ServiceKind,
} from '../knowledge/backingServices';
import { describe, environmentOfCondition, type DescribeContext, type Source } from './valueSource';
import { KeptVerdicts, type StatementReads } from '../languages/typescript/keptVerdicts';

interface ClientCall {
  spec: ClientSpec;
  /** The callee as written (`mongoose.connect`, `new Redis`), for messages. */
  label: string;
  kind: ServiceKind;
  /** The module the client comes from. */
  module: string;
  /** Each locator argument with the description of its value (absent argument: `none`). */
  args: { argument: LocatorArgument; source: Source; node?: ts.Expression }[];
}

/** What the callee of a call or `new` refers to, including what calling a module returns (`pgp = require('pg-promise')()`). */
export function calleeRef(
  call: ts.CallExpression | ts.NewExpression,
  bindings: ModuleBindings,
  sourceFile: ts.SourceFile,
  /** Told when the answer came from another statement: the name's factory call (factoryKey). */
  asked?: (name: string, key: string) => void,
): ModuleRef | undefined {
  const ref = bindings.resolve(call.expression);
  if (ref) return ref;
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) {
    const inner = factoryRef(sourceFile, bindings, callee.text);
    asked?.(callee.text, refKey(inner));
    if (inner) return { module: inner.module, path: [...inner.path, '()'] };
  }
  if (ts.isCallExpression(callee)) {
    const inner = bindings.resolve(callee.expression);
    if (inner) return { module: inner.module, path: [...inner.path, '()'] };
  }
  return undefined;
}

/** The module member whose call initializes `name` (factoryInitializer), if the bindings resolve it. */
function factoryRef(sourceFile: ts.SourceFile, bindings: ModuleBindings, name: string): ModuleRef | undefined {
  const init = factoryInitializer(sourceFile, name);
  return init ? bindings.resolve(init.expression) : undefined;
}

/** What calleeRef tells `asked` about `name` in this file: the same key while the answer holds. */
function factoryKey(sourceFile: ts.SourceFile, bindings: ModuleBindings, name: string): string {
  return refKey(factoryRef(sourceFile, bindings, name));
}

/**
 * Verdicts kept per statement (KeptVerdicts) by a rule that tells clients through calleeRef: each reads
 * the module bindings, and a called name's factory call elsewhere in the file (told to `asked`,
 * answered on a later tree by factoryKey). Nothing is kept for a scan's fresh tree.
 */
export function calleeVerdicts(
  store: WeakMap<ts.Node, StatementReads>,
  context: { file: string; incremental: boolean; sourceFile: ts.SourceFile },
  bindings: ModuleBindings,
): { kept: KeptVerdicts; asked: (name: string, key: string) => void } {
  const kept = new KeptVerdicts(context.incremental ? store : undefined, {
    scope: context.file,
    modules: () => bindings.key(),
    alwaysReadsModules: true,
    answer: (name) => factoryKey(context.sourceFile, bindings, name),
  });
  return { kept, asked: (name, key) => kept.answered(name, key) };
}

function refKey(ref: ModuleRef | undefined): string {
  return ref ? `${ref.module}\0${ref.path.join('.')}` : '';
}

const factoryCache = new WeakMap<ts.SourceFile, Map<string, ts.CallExpression | null>>();

/** `const pgp = require('pg-promise')(options)`: the call a name is initialized with, once in the file. */
function factoryInitializer(sourceFile: ts.SourceFile, name: string): ts.CallExpression | undefined {
  let map = factoryCache.get(sourceFile);
  if (!map) {
    map = new Map();
    factoryCache.set(sourceFile, map);
    for (const statement of sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const init = unwrapExpression(d.initializer);
        if (ts.isCallExpression(init)) map.set(d.name.text, map.has(d.name.text) ? null : init);
      }
    }
  }
  return map.get(name) ?? undefined;
}

/** Whether a call of `ref` creates a client of the table (clientCall: the same test). */
export function isClientRef(ref: ModuleRef): boolean {
  return specFor(ref) !== undefined;
}

function specFor(ref: ModuleRef): ClientSpec | undefined {
  const p = ref.path.join('.');
  return CLIENTS.find((c) => c.modules.includes(ref.module) && c.paths.some((x) => x.join('.') === p));
}

/** The callee's text for messages: `mongoose.connect`, `new Redis`, `knex`. */
function labelOf(call: ts.CallExpression | ts.NewExpression, sourceFile: ts.SourceFile): string {
  const text = unwrapExpression(call.expression).getText(sourceFile).replace(/\s+/g, '');
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return ts.isNewExpression(call) ? `new ${short}` : short;
}

/** The client a call creates or connects, with its locator arguments described, or undefined. */
export function clientCall(
  call: ts.CallExpression | ts.NewExpression,
  context: DescribeContext & { bindings: ModuleBindings },
  asked?: (name: string, key: string) => void,
): ClientCall | undefined {
  const ref = calleeRef(call, context.bindings, context.sourceFile, asked);
  if (!ref) return undefined;
  const spec = specFor(ref);
  if (!spec) return undefined;
  const argv = [...(call.arguments ?? [])];
  const args: ClientCall['args'] = [];
  for (const argument of spec.args) {
    let node: ts.Expression | undefined;
    if (argument.index === 'lastOptions') {
      for (let i = argv.length - 1; i >= 0; i--) {
        if (ts.isObjectLiteralExpression(unwrapExpression(argv[i]))) {
          node = argv[i];
          break;
        }
      }
      // Sequelize(url) / Sequelize(options): already read as the first argument.
      if (!node || argv.indexOf(node) === 0) continue;
    } else node = argv[argument.index];
    if (node && ts.isSpreadElement(node)) return undefined;
    args.push({ argument, source: node ? describe(context, node) : { k: 'none' }, node });
  }
  return { spec, label: labelOf(call, context.sourceFile), kind: kindOf(spec, args), module: ref.module, args };
}

/** The kind of service: fixed by the client, or named by its `client`/`dialect`/`type` option or its URL's scheme. */
function kindOf(spec: ClientSpec, args: ClientCall['args']): ServiceKind {
  if (typeof spec.kind === 'string') {
    if (spec.kind !== 'sql') return spec.kind;
    return schemeKind(args) ?? 'sql';
  }
  const option = spec.kind.option;
  for (const { source } of args) {
    if (source.k !== 'obj') continue;
    const value = source.props[option];
    if (value?.k === 'str') {
      const kind = kindOfDialect(value.v);
      if (kind) return kind;
    }
  }
  return schemeKind(args) ?? spec.kind.fallback;
}

function schemeKind(args: ClientCall['args']): ServiceKind | undefined {
  for (const { source } of args) {
    const texts: Source[] = source.k === 'obj' ? Object.values(source.props) : [source];
    for (const t of texts) {
      const first = t.k === 'cat' ? t.parts[0] : t.k === 'or' ? t.b : t;
      if (first?.k === 'str') {
        const m = /^([a-z][a-z0-9+.-]*):/i.exec(first.v);
        const kind = m ? kindOfScheme(m[1]) : undefined;
        if (kind) return kind;
      }
    }
  }
  return undefined;
}

/** A block's guards that leave (`if (isProduction) throw …`): where each ends, and the environment after it. */
const guardsOfBlock = new WeakMap<ts.Block, { end: number; after: 'dev' | 'prod' }[]>();

/**
 * `if (process.env.NODE_ENV === 'production') throw new Error('JWT_SECRET is not set'); secret = 'dev';`: the
 * statements after a guard that leaves (throw, return, exit) run only where the guard's environment is not. The
 * block's guards are found once (every literal of a big function asks).
 */
function afterGuard(block: ts.Block, child: ts.Node, bindings?: ModuleBindings): 'dev' | 'prod' | undefined {
  let guards = guardsOfBlock.get(block);
  if (!guards) {
    guards = [];
    for (const statement of block.statements) {
      if (!ts.isIfStatement(statement) || statement.elseStatement || !alwaysLeaves(statement.thenStatement)) continue;
      // `if (isProd && !process.env.SENTRY_DSN) throw …`: production runs on past it whenever the variable is set.
      if (joinsConditions(statement.expression)) continue;
      const when = environmentOfCondition(statement.expression, bindings);
      if (when === 'prod' || when === 'dev') guards.push({ end: statement.end, after: when === 'prod' ? 'dev' : 'prod' });
    }
    guardsOfBlock.set(block, guards);
  }
  return guards.find((g) => g.end <= child.pos)?.after;
}

/** A condition made of several tests (`a && b`, `a || b`): it says nothing about one environment alone. */
function joinsConditions(condition: ts.Expression): boolean {
  let joined = false;
  const visit = (n: ts.Node) => {
    if (joined) return;
    if (
      ts.isBinaryExpression(n) &&
      (n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        n.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    )
      joined = true;
    else ts.forEachChild(n, visit);
  };
  visit(condition);
  return joined;
}

/** A statement that always leaves: `throw`, `return`, `process.exit(…)`, or a block ending in one. */
export function alwaysLeaves(statement: ts.Statement): boolean {
  if (ts.isBlock(statement)) return statement.statements.length > 0 && alwaysLeaves(statement.statements[statement.statements.length - 1]);
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement)) return true;
  if (!ts.isExpressionStatement(statement)) return false;
  const e = unwrapExpression(statement.expression);
  return (
    ts.isCallExpression(e) &&
    ts.isPropertyAccessExpression(e.expression) &&
    ts.isIdentifier(e.expression.expression) &&
    e.expression.expression.text === 'process' &&
    e.expression.name.text === 'exit'
  );
}

/**
 * The environment a node only runs in, from the branches around it: `if (NODE_ENV !== 'production') {…}`,
 * `isDev ? … : …`, `case 'development':`, the statements after `if (isProduction) throw …`. Undefined when it runs in every environment.
 */
export function branchEnvironment(ancestors: readonly ts.Node[], node: ts.Node, bindings?: ModuleBindings): 'dev' | 'prod' | undefined {
  let child: ts.Node = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    let env: 'dev' | 'prod' | undefined;
    if (ts.isIfStatement(a) && a.expression !== child) {
      const when = environmentOfCondition(a.expression, bindings);
      if (when === 'dev' || when === 'prod') env = a.thenStatement === child ? when : when === 'dev' ? 'prod' : 'dev';
    } else if (ts.isConditionalExpression(a) && a.condition !== child) {
      const when = environmentOfCondition(a.condition, bindings);
      if (when === 'dev' || when === 'prod') env = a.whenTrue === child ? when : when === 'dev' ? 'prod' : 'dev';
    } else if (ts.isBinaryExpression(a) && a.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && a.right === child) {
      const when = environmentOfCondition(a.left, bindings);
      if (when === 'dev' || when === 'prod') env = when;
    } else if (ts.isCaseClause(a) && ts.isStringLiteralLike(a.expression)) {
      const name = a.expression.text.toLowerCase();
      env = /^(?:development|dev|local|test|testing)$/.test(name) ? 'dev' : /^(?:production|prod|staging)$/.test(name) ? 'prod' : undefined;
    } else if (ts.isPropertyAssignment(a) && a.initializer === child) {
      // `{ development: { … }, production: { … } }`
      const key = propertyNameText(a.name);
      if (key && /^(?:development|dev|local|test|testing|unit_test|e2e|ci)$/i.test(key)) env = 'dev';
    } else if (ts.isBlock(a)) {
      // In a block only: a verdict kept per top-level statement (KeptVerdicts) must not depend on its neighbours.
      env = afterGuard(a, child, bindings);
    }
    if (env) return env;
    child = a;
  }
  return undefined;
}
