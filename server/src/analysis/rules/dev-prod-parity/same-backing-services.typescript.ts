/**
 * dev-prod-parity/same-backing-services in TS/JS:
 * - in-memory or fake stand-ins for a backing service (mongodb-memory-server, ioredis-mock, pg-mem…)
 *   imported by app code (tests are not read by this rule);
 * - a choice made by the environment between two kinds of service: `NODE_ENV === 'production' ? new Pool() : new Database(':memory:')`,
 *   `type: isProd ? 'postgres' : 'sqlite'`, `REDIS_URL ? new Redis(REDIS_URL) : new Map()`;
 * - per-environment configs whose blocks name different engines (knexfile `development: { client: 'sqlite3' }`
 *   next to `production: { client: 'pg' }`).
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { TypeScriptCheck, TypeScriptContext, TypeScriptVisitors } from '../../rule';
import {
  moduleBindings,
  propertyNameText,
  unwrapExpression,
  type ModuleBindings,
  type ModuleRef,
} from '../../languages/typescript/imports';
import {
  SERVICES,
  SUBSTITUTES,
  environmentOfFile,
  isToolingPath,
  kindOfDialect,
  sameEngine,
  type ServiceKind,
} from '../../knowledge/backingServices';
import { calleeRef, clientCall, calleeVerdicts, isClientRef } from '../../facts/clients';
import type { StatementReads } from '../../languages/typescript/keptVerdicts';
import { describe, environmentOfCondition } from '../../facts/valueSource';
import { toPosix } from '../../paths';
import { environmentBlocks, kindOfBlock } from './same-backing-services.kinds';
import { escapeRegExp } from '../../text';

/** Databases in a local file or in memory (no locator): what a development branch often runs instead of the real one. */
const LOCAL_DATABASES: Readonly<Record<string, string[]>> = {
  'better-sqlite3': ['', 'Database', 'default'],
  sqlite3: ['Database', 'cached.Database', 'verbose.()'],
  sqlite: ['open'],
  '@libsql/client': ['createClient'],
  'sql.js': [''],
};

/** In-process stand-ins for a cache or store: `new Map()`, node-cache, lru-cache, keyv without a store. */
const IN_PROCESS_STORES: Readonly<Record<string, string[]>> = {
  'node-cache': [''],
  'lru-cache': ['', 'LRUCache', 'default'],
  'memory-cache': ['', 'Cache'],
  keyv: ['', 'default', 'Keyv'],
  'cache-manager': ['memoryStore'],
};

/** Options of a client's config that name the kind of database. */
const KIND_OPTION = /^(?:client|dialect|type|driver)$/;

interface Side {
  kind?: ServiceKind;
  /** An in-process stand-in (a Map, an in-memory cache, a memory server): no service at all. */
  memory?: string;
  label: string;
  node: ts.Node;
}

const SUBSTITUTE_HINT = new RegExp(Object.keys(SUBSTITUTES).map(escapeRegExp).join('|'));

/**
 * Statements in which nothing can be reported whatever the rest of the file says (KeptVerdicts): no
 * stand-in imported, no choice between two branches that both create or name a service, no
 * per-environment config. Only the changed statements are looked at again on a keystroke; whether a
 * branch creates a service follows from its subtree, the module bindings and the factory calls of the
 * names it calls (calleeVerdicts). A statement where a choice or config is judged is looked at every time
 * (the condition and the values are read through the file).
 */
const quietStatements = new WeakMap<ts.Node, StatementReads>();

export const typescriptCheck: TypeScriptCheck = {
  prefilter: (text) =>
    SUBSTITUTE_HINT.test(text) ||
    /NODE_ENV|production|development|\bprod\b|\bdev\b|isProd|isDev|isTest|_URL|_HOST|memory|new Map\b/i.test(text),
  create(context: TypeScriptContext): TypeScriptVisitors {
    const relative = toPosix(path.relative(context.root, context.file));
    // Tooling, and a development harness (`dev/payload.config.ts`): no production side to differ from.
    if (isToolingPath(relative) || environmentOfFile(relative) === 'dev') return {};
    const { sourceFile } = context;
    const bindings = moduleBindings(sourceFile);
    const describeContext = { sourceFile, bindings, rangeOfOffsets: (start: number, end: number) => context.rangeOfOffsets(start, end) };
    const reported = new Set<number>();
    const substitutesImported = new Set<string>();
    const { kept, asked } = calleeVerdicts(quietStatements, context, bindings);
    /** A visitor, not called in a kept statement. */
    const quiet =
      <T extends ts.Node>(visit: (node: T) => void) =>
      (node: T) => {
        if (!kept.spared(context.ancestors(), node)) visit(node);
      };

    const reportSubstitute = (specifier: ts.Expression & { text: string }) => {
      const root = substituteRoot(specifier.text.replace(/^node:/, ''));
      if (root) kept.unkept(); // a finding, and what the file's choices are judged with (substitutesImported)
      if (!root || reported.has(specifier.pos)) return;
      reported.add(specifier.pos);
      substitutesImported.add(root);
      const substitute = SUBSTITUTES[root];
      context.report({
        messageId: 'inMemorySubstitute',
        data: { substitute: substitute.label, service: substitute.kind ? SERVICES[substitute.kind].label : 'real service' },
        range: context.rangeOf(specifier),
      });
    };

    /** The kinds of service a branch creates or names (up to `max`); `ofCall` tells what a call creates. */
    const sidesOf = (
      node: ts.Node,
      max = 8,
      ofCall: (call: ts.CallExpression | ts.NewExpression) => Side | undefined = (call) =>
        sideOfCall(call, describeContext, bindings, sourceFile, asked),
    ): Side[] => {
      const sides: Side[] = [];
      const stack: ts.Node[] = [node];
      while (stack.length && sides.length < max) {
        const n = stack.pop()!;
        if (ts.isFunctionLike(n) && n !== node) continue;
        if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
          const side = ofCall(n);
          if (side) sides.push(side);
        } else if (ts.isPropertyAssignment(n) && KIND_OPTION.test(propertyNameText(n.name) ?? '')) {
          const v = unwrapExpression(n.initializer);
          const kind = ts.isStringLiteralLike(v) ? kindOfDialect(v.text) : undefined;
          if (kind) sides.push({ kind, label: `'${(v as ts.StringLiteral).text}'`, node: v });
        } else if (ts.isStringLiteralLike(n) && /^(?:sqlite:)?:memory:$/.test(n.text)) {
          sides.push({ kind: 'sqlite', memory: `an in-memory SQLite ('${n.text}')`, label: `'${n.text}'`, node: n });
        }
        ts.forEachChild(n, (c) => {
          stack.push(c);
        });
      }
      return sides;
    };

    /**
     * Whether sidesOf(node) finds a side, told from the subtree, the bindings and the factories alone: a
     * call counts when what it calls could make one (sideOfCall also describes its arguments, through the file).
     */
    const mayHaveSide = (node: ts.Node): boolean =>
      sidesOf(node, 1, (call) => {
        const map = inProcessMap(call, bindings);
        if (map) return map;
        const ref = calleeRef(call, bindings, sourceFile, asked);
        if (!ref) return undefined;
        return sideOfRef(ref, call) ?? (isClientRef(ref) ? { label: '', node: call } : undefined);
      }).length > 0;

    /** Two branches of a choice made by the environment: report the development side when it runs another kind of service. */
    const compare = (dev: ts.Node, prod: ts.Node, devWhat: string) => {
      // An in-memory stand-in says more than the client around it (`new Sequelize('sqlite::memory:')`).
      const devSides = sidesOf(dev).sort((a, b) => Number(!!b.memory) - Number(!!a.memory));
      const prodSides = sidesOf(prod).filter((s) => s.kind && !s.memory);
      if (!devSides.length || !prodSides.length) return;
      for (const d of devSides) {
        const p = d.memory
          ? prodSides.find((x) => !d.kind || SERVICES[x.kind!].category === SERVICES[d.kind].category || d.kind === undefined)
          : prodSides.find(
              (x) => SERVICES[x.kind!].category === SERVICES[d.kind!].category && !prodSides.some((y) => sameEngine(y.kind!, d.kind!)),
            );
        if (!p) continue;
        if (d.memory && substitutesImported.size && /mongodb-memory-server|ioredis-mock|redis-mock|pg-mem/.test(d.memory)) continue;
        const start = d.node.getStart(sourceFile);
        if (reported.has(start)) continue;
        reported.add(start);
        context.report({
          messageId: 'kindByEnvironment',
          data: {
            devWhat,
            devKind: d.memory ?? `${SERVICES[d.kind!].label} (${d.label})`,
            prodKind: `${SERVICES[p.kind!].label} (${p.label})`,
          },
          range: context.rangeOfOffsets(start, d.node.end),
        });
        return;
      }
    };

    /** Which environment a condition's true branch runs in; `configured` conditions (a URL set or not) count when one side is in memory. */
    const conditionEnvironment = (condition: ts.Expression): 'dev' | 'prod' | 'configured' | undefined => {
      const direct = environmentOfCondition(condition, bindings);
      if (direct) return direct;
      // Set or not (`X ?`, `!X`): either way, which branch has the in-memory side decides.
      let e = unwrapExpression(condition);
      if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) e = unwrapExpression(e.operand);
      const value = describe(describeContext, e);
      if (value.k === 'env' || (value.k === 'or' && value.a.k === 'env')) return 'configured';
      // `env.REDIS_URL` of a validated environment object (envalid's cleanEnv, a zod schema's parse).
      if (ts.isPropertyAccessExpression(e) && /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(e.name.text)) {
        const object = unwrapExpression(e.expression);
        const name = ts.isIdentifier(object) ? object.text : ts.isPropertyAccessExpression(object) ? object.name.text : '';
        if (/^(?:env|environment|ENV)$|Env$/.test(name)) return 'configured';
      }
      return undefined;
    };

    const onChoice = (condition: ts.Expression, whenTrue: ts.Node, whenFalse: ts.Node | undefined) => {
      if (!whenFalse) return;
      // Every finding compares a side of each branch: without one, nothing to report here, whatever the condition.
      if (!mayHaveSide(whenFalse) || !mayHaveSide(whenTrue)) return;
      kept.unkept();
      const env = conditionEnvironment(condition);
      if (env === 'dev') compare(whenTrue, whenFalse, 'development');
      else if (env === 'prod') compare(whenFalse, whenTrue, 'development');
      else if (env === 'configured') {
        // `REDIS_URL ? new Redis(REDIS_URL) : new Map()`: where the service is not configured, an in-process stand-in.
        // Both branches need a side for a finding: the second is read only when the first has one.
        const f = sidesOf(whenFalse);
        if (f.length === 0) return;
        const t = sidesOf(whenTrue);
        if (t.some((s) => s.memory) && f.some((s) => s.kind && !s.memory))
          compare(whenTrue, whenFalse, 'an environment without it configured');
        else if (f.some((s) => s.memory) && t.some((s) => s.kind && !s.memory))
          compare(whenFalse, whenTrue, 'an environment without it configured');
      }
    };

    return {
      [ts.SyntaxKind.ImportDeclaration]: quiet((node: ts.ImportDeclaration) => {
        if (node.importClause?.isTypeOnly) return;
        if (ts.isStringLiteral(node.moduleSpecifier)) reportSubstitute(node.moduleSpecifier);
      }),
      [ts.SyntaxKind.CallExpression]: quiet((node: ts.CallExpression) => {
        const callee = unwrapExpression(node.expression);
        const isLoad = (ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword;
        const arg = node.arguments[0];
        if (isLoad && arg && ts.isStringLiteralLike(arg)) reportSubstitute(arg);
      }),
      [ts.SyntaxKind.IfStatement]: quiet((node: ts.IfStatement) =>
        onChoice(node.expression, node.thenStatement, node.elseStatement ?? returnAfterEarlyReturn(node, context.ancestors())),
      ),
      [ts.SyntaxKind.ConditionalExpression]: quiet((node: ts.ConditionalExpression) => {
        // `type: isProd ? 'postgres' : 'sqlite'`: the branches are the kind option's values.
        const ancestors = context.ancestors();
        const parent = ancestors[ancestors.length - 1];
        if (parent && ts.isPropertyAssignment(parent) && KIND_OPTION.test(propertyNameText(parent.name) ?? '')) {
          const kind = (e: ts.Expression | undefined) => {
            const u = e && unwrapExpression(e);
            return u && ts.isStringLiteralLike(u) ? { kind: kindOfDialect(u.text), text: u.text, node: u } : undefined;
          };
          // Two engines of one category, whichever branch runs where: else nothing to report, whatever the condition.
          const t = kind(node.whenTrue)?.kind;
          const f = kind(node.whenFalse)?.kind;
          if (!t || !f || sameEngine(t, f) || SERVICES[t].category !== SERVICES[f].category) return;
          kept.unkept();
          const env = environmentOfCondition(node.condition, bindings);
          const [dev, prod] = env === 'prod' ? [node.whenFalse, node.whenTrue] : env === 'dev' ? [node.whenTrue, node.whenFalse] : [];
          const d = kind(dev);
          const p = kind(prod);
          if (d?.kind && p?.kind && !sameEngine(d.kind, p.kind) && SERVICES[d.kind].category === SERVICES[p.kind].category) {
            const start = d.node.getStart(sourceFile);
            if (!reported.has(start)) {
              reported.add(start);
              context.report({
                messageId: 'kindByEnvironment',
                data: {
                  devWhat: 'development',
                  devKind: `${SERVICES[d.kind].label} ('${d.text}')`,
                  prodKind: `${SERVICES[p.kind].label} ('${p.text}')`,
                },
                range: context.rangeOfOffsets(start, d.node.end),
              });
            }
          }
          return;
        }
        onChoice(node.condition, node.whenTrue, node.whenFalse);
      }),
      [ts.SyntaxKind.ObjectLiteralExpression]: quiet((node: ts.ObjectLiteralExpression) => {
        // A per-environment config: the engine each block names.
        if (
          !node.properties.some((p) => ts.isPropertyAssignment(p) && /^(?:production|prod|staging)$/i.test(propertyNameText(p.name) ?? ''))
        )
          return;
        kept.unkept();
        const blocks = environmentBlocks(describe(describeContext, node));
        const prod = blocks.filter((b) => b.env === 'prod').map((b) => ({ ...b, found: kindOfBlock(b.block, 'prod') }));
        for (const b of blocks) {
          if (b.env !== 'dev') continue;
          const found = kindOfBlock(b.block, 'dev');
          if (!found || found.source.at.file) continue;
          const other = prod.find(
            (p) => p.found && SERVICES[p.found.kind].category === SERVICES[found.kind].category && !sameEngine(p.found.kind, found.kind),
          );
          if (!other?.found || prod.some((p) => p.found && sameEngine(p.found.kind, found.kind))) continue;
          if (reported.has(found.source.at.start)) continue;
          reported.add(found.source.at.start);
          context.report({
            messageId: 'kindByEnvironment',
            data: {
              devWhat: `the ${b.key} config`,
              devKind: `${SERVICES[found.kind].label} ('${found.source.v}')`,
              prodKind: `${SERVICES[other.found.kind].label} ('${other.found.source.v}' in the ${other.key} config)`,
            },
            range: found.source.at.range,
          });
        }
      }),
      onStatement: (statement) => kept.enter(statement),
      onEnd: () => kept.end(),
    };
  },
};

/**
 * `if (!process.env.REDIS_URL) return new Map(); return new Redis(process.env.REDIS_URL);`: the branch not
 * taken is the `return` after an `if` whose own branch always returns.
 */
function returnAfterEarlyReturn(node: ts.IfStatement, ancestors: readonly ts.Node[]): ts.ReturnStatement | undefined {
  const then = node.thenStatement;
  const returns =
    ts.isReturnStatement(then) ||
    (ts.isBlock(then) && then.statements.length > 0 && ts.isReturnStatement(then.statements[then.statements.length - 1]));
  const block = ancestors[ancestors.length - 1];
  if (!returns || !block || !ts.isBlock(block)) return undefined;
  const after = block.statements.slice(block.statements.indexOf(node) + 1);
  const next = after.find(ts.isReturnStatement);
  // Only when nothing between them can return otherwise (a plain sequence of statements).
  return next && after.slice(0, after.indexOf(next)).every((st) => ts.isVariableStatement(st) || ts.isExpressionStatement(st))
    ? next
    : undefined;
}

/** What a call creates: a client of the table, a local database, an in-process store or a memory server. */
function sideOfCall(
  call: ts.CallExpression | ts.NewExpression,
  describeContext: { sourceFile: ts.SourceFile; bindings: ModuleBindings; rangeOfOffsets: TypeScriptContext['rangeOfOffsets'] },
  bindings: ModuleBindings,
  sourceFile: ts.SourceFile,
  asked: (name: string, key: string) => void,
): Side | undefined {
  const map = inProcessMap(call, bindings);
  if (map) return map;
  const ref = calleeRef(call, bindings, sourceFile, asked);
  // `new Keyv({ store: new KeyvRedis(url) })`, `new Keyv({ store: new LRUCache(…) })`: keyv is what its store is.
  if (ref?.module === 'keyv') {
    const options = call.arguments?.[0] && unwrapExpression(call.arguments[0]);
    const store =
      options && ts.isObjectLiteralExpression(options)
        ? options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'store')
        : undefined;
    const inner = store && unwrapExpression(store.initializer);
    if (inner && (ts.isNewExpression(inner) || ts.isCallExpression(inner))) {
      const side = sideOfCall(inner, describeContext, bindings, sourceFile, asked);
      if (side) return { ...side, node: call };
    }
  }
  const standIn = ref && sideOfRef(ref, call);
  if (standIn) return standIn;
  const client = clientCall(call, describeContext, asked);
  if (client) return { kind: client.kind, label: client.label, node: call };
  return undefined;
}

/** `new Map()` (the global one): an in-process store. */
function inProcessMap(call: ts.CallExpression | ts.NewExpression, bindings: ModuleBindings): Side | undefined {
  const callee = unwrapExpression(call.expression);
  return ts.isNewExpression(call) && ts.isIdentifier(callee) && callee.text === 'Map' && !bindings.get('Map')
    ? { memory: 'an in-process Map', label: 'new Map()', node: call }
    : undefined;
}

/** A call of `ref` that makes a stand-in, a local database or an in-process store (its own arguments say which). */
function sideOfRef(ref: ModuleRef, call: ts.CallExpression | ts.NewExpression): Side | undefined {
  const member = ref.path.join('.');
  const root = substituteRoot(ref.module);
  if (root) return { kind: SUBSTITUTES[root].kind, memory: SUBSTITUTES[root].label, label: SUBSTITUTES[root].label, node: call };
  if (Object.hasOwn(LOCAL_DATABASES, ref.module) && LOCAL_DATABASES[ref.module].includes(member)) {
    const arg = call.arguments?.[0] && unwrapExpression(call.arguments[0]);
    const memory = arg && ts.isStringLiteralLike(arg) && /:memory:/.test(arg.text);
    return { kind: 'sqlite', ...(memory ? { memory: `an in-memory SQLite (${ref.module})` } : {}), label: ref.module, node: call };
  }
  if (
    Object.hasOwn(IN_PROCESS_STORES, ref.module) &&
    IN_PROCESS_STORES[ref.module].includes(member) &&
    !(ref.module === 'keyv' && call.arguments?.length)
  )
    return { memory: `an in-process cache (${ref.module})`, label: ref.module, node: call };
  return undefined;
}

/** The stand-in package a module is, or is part of (`ioredis-mock`, `mongodb-memory-server/core`). */
function substituteRoot(module: string): string | undefined {
  return Object.keys(SUBSTITUTES).find((m) => module === m || module.startsWith(`${m}/`));
}
