/**
 * processes/no-in-memory-session for TypeScript/JavaScript, within one file (state changed through
 * exported functions by handlers of other files is judged across files: no-in-memory-session.program.ts):
 * 1. session middleware whose default store is the process's memory, configured without a store
 *    (express-session, @fastify/session, koa-generic-session, @hapi/yar's default cache…);
 * 2. an explicit in-memory store (`new session.MemoryStore()`, the `memorystore` package), oidc-provider
 *    without an adapter, and session stores the app writes itself over in-process state;
 * 3. module-level collections, caches and variables, and singletons' fields, holding per-user/per-session
 *    state that request handlers (and other after-startup callbacks) change (no-in-memory-session.state.ts).
 * What is a session store and what runs per request is the framework model's (../../framework/).
 */
import * as ts from 'typescript';
import type { Fix, TextChange } from '../../finding';
import type { TypeScriptCheck, TypeScriptContext, TypeScriptVisitors } from '../../rule';
import {
  moduleBindings,
  propertyNameText,
  requiredModule,
  unwrapExpression,
  type ModuleBindings,
} from '../../languages/typescript/imports';
import { followIdentifier, followName, identifierCount } from '../../languages/typescript/values';
import { KeptVerdicts, type StatementReads } from '../../languages/typescript/keptVerdicts';
import { indentAt, quoteStyle, skipTrivia, usesSemicolons } from '../../languages/typescript/edits';
import { forEachDescendant, perStatement } from '../../languages/typescript/visit';
import {
  MEMORY_STORE_FACTORIES,
  isInMemoryStore,
  isServerModule,
  isServiceStore,
  sessionConfig,
  type SessionConfig,
} from '../../framework';
import { STATE_KINDS, STATE_PREFILTER, stateCollector } from './no-in-memory-session.state';
import { escapeRegExp } from '../../text';
import { isBrowserCode } from '../../knowledge/processes';
import { relativePath } from '../../paths';
import { alwaysLeaves } from '../../facts/clients';
import { valueInProduction } from '../../knowledge/startup';

/**
 * Statements with no session middleware, memory store, OpenID provider or `x.store =` (KeptVerdicts),
 * whose state the collector keeps too (its parts): on a keystroke only the changed statements are
 * looked at again. Whether a call configures sessions follows from the call and the module bindings;
 * whether `new X()` makes a memory store, also from what X is declared with (followName), which
 * matters only in a file that names a memory-store factory module (asked as MAKES_STORES).
 */
const quietStatements = new WeakMap<ts.Node, StatementReads>();

/** The modules isInMemoryStore knows as memory-store factories: a name made by one has one in a string of its file. */
const STORE_FACTORY_HINT = new RegExp([...MEMORY_STORE_FACTORIES].map(escapeRegExp).join('|'));
/** The question whether the file's text names one (no name has a space). */
const MAKES_STORES = 'memory-store factory named';

/**
 * Whether a string of the file names a memory-store factory module. A module reaches the bindings only
 * as a string's value, which the text shows as written unless the file escapes something
 * (`'memor\u0079store'`); then the strings are read, per statement (kept across keystrokes).
 */
function namesStoreFactory(sourceFile: ts.SourceFile): boolean {
  if (!sourceFile.text.includes('\\')) return STORE_FACTORY_HINT.test(sourceFile.text);
  return perStatement(sourceFile, factoryStrings, (statement) => {
    let found = false;
    forEachDescendant(statement, (node) => {
      if (!found && ts.isStringLiteralLike(node) && STORE_FACTORY_HINT.test(node.text)) found = true;
    });
    return found;
  }).some((found) => found);
}
const factoryStrings = new WeakMap<ts.Node, boolean>();

/** Folders of the repository's scripts, at its root or a package's (`scripts/`, `packages/api/tools/`, `seeds/`). */
const REPOSITORY_SCRIPTS =
  /^(?:(?:packages|apps|services|libs)\/[^/]+\/)?(?:scripts?|tools|tooling|seeds?|seeders?|examples?|benchmarks?|bench|demos?)\//i;

/**
 * A memory store in one branch of a choice (an `if`/`else`, a `switch` case, a `?:`) whose other branch makes a store
 * backed by a service: the deploy picks the store, and the code offers a shared one. A memory store with no such
 * alternative (`if (dev) store = new MemoryStore()` and nothing else) is still reported.
 */
function chosenBesideServiceStore(
  sourceFile: ts.SourceFile,
  node: ts.Node,
  ancestors: readonly ts.Node[],
  isServiceStoreExpression: (e: ts.Expression) => boolean,
  /** Only a setting's choice (`if (process.env.ENABLE_REDIS_SESSION)`), not a client's state at run time (`if (redis.isReady)`). */
  settingOnly = false,
): boolean {
  const others: ts.Node[] = [];
  const unchosen = (condition: ts.Expression) => settingOnly && valueInProduction(sourceFile, condition) !== 'FLAG';
  // The environment decides (`if (NODE_ENV === 'development') redis else memory`): production takes one side, no operator.
  const production = (condition: ts.Expression) => {
    const t = valueInProduction(sourceFile, condition);
    return t === 'T' || t === 'F' ? t === 'T' : undefined;
  };
  let child: ts.Node = node;
  for (let i = ancestors.length - 1; i >= 0 && others.length === 0; i--) {
    const a = ancestors[i];
    if (ts.isFunctionLike(a)) break;
    if (ts.isIfStatement(a) && a.elseStatement && (a.thenStatement === child || a.elseStatement === child)) {
      if (production(a.expression) !== undefined || unchosen(a.expression)) return false;
      others.push(a.thenStatement === child ? a.elseStatement : a.thenStatement);
    } else if (ts.isConditionalExpression(a) && (a.whenTrue === child || a.whenFalse === child)) {
      if (production(a.condition) !== undefined || unchosen(a.condition)) return false;
      others.push(a.whenTrue === child ? a.whenFalse : a.whenTrue);
    } else if (ts.isCaseClause(a) || ts.isDefaultClause(a)) {
      const block = ancestors[i - 1];
      const statement = ancestors[i - 2];
      if (
        statement &&
        ts.isSwitchStatement(statement) &&
        ENVIRONMENT_SWITCH.test(statement.expression.getText(sourceFile).replace(/process\.env\./g, ''))
      )
        return false;
      if (block && ts.isCaseBlock(block)) others.push(...block.clauses.filter((c) => c !== a));
    } else if (ts.isBlock(a)) {
      // `if (url) return new RedisStore(…);` earlier in the block: the memory store is the other way out.
      for (const statement of a.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && !statement.elseStatement && alwaysLeaves(statement.thenStatement)) {
          if (production(statement.expression) === false) return false;
          others.push(statement.thenStatement);
        }
      }
    }
    child = a;
  }
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && isServiceStoreExpression(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  others.forEach(visit);
  return found;
}

/** A `switch` on the environment's name (`switch (process.env.NODE_ENV)`): production takes its own case. */
const ENVIRONMENT_SWITCH = /NODE_ENV|APP_ENV|\benv(?:ironment)?\b/i;

export const typescriptCheck: TypeScriptCheck = {
  prefilter: (text) => STATE_PREFILTER.test(text),
  create(context: TypeScriptContext) {
    const sf = context.sourceFile;
    const text = sf.text;
    let bindingsCache: ModuleBindings | undefined;
    const bindings = () => (bindingsCache ??= moduleBindings(sf));
    // Code the server ships to browsers (`public/js/…`): its module state is each user's own. A server
    // module under a folder of that name (`src/routes/public/auth.js`) loads a server framework.
    // So is a file that says it runs in a browser: it loads socket.io's client, or reaches the page through
    // `window.`/`document.` (agar.io-clone's src/client/app.js, nightscout's lib/client).
    const browser =
      isBrowserCode(context.root, context.file) ||
      /\b(?:window|document)\.[A-Za-z$_]/.test(text) ||
      bindings()
        .modules()
        .some((m) => m === 'socket.io-client');
    // A script of the repository's (`scripts/e2e-email/index.js`, a seed, a tool) serves nobody, unless it loads a server.
    // Only a folder of scripts at the root of the repository or of a package: `src/tools/` is the app's code.
    const tooling = REPOSITORY_SCRIPTS.test(relativePath(context.root, context.file)) && !/\.listen\s*\(/.test(text);
    if ((browser || tooling) && !bindings().modules().some(isServerModule)) return {};
    const sessionCalls: { call: ts.CallExpression; config: SessionConfig; ancestors: readonly ts.Node[] }[] = [];
    const memoryStores: { node: ts.NewExpression; ancestors: readonly ts.Node[] }[] = [];
    const providers: ts.NewExpression[] = [];
    const storeAssignedOn = new Set<string>();
    const state = stateCollector(sf, bindings());
    let makes: boolean | undefined;
    const makesStores = () => (makes ??= namesStoreFactory(sf));
    const kept = new KeptVerdicts(context.incremental ? quietStatements : undefined, {
      scope: context.file,
      modules: () => bindings().key(),
      alwaysReadsModules: true,
      answer: (question) => (question === MAKES_STORES ? makesStores() : followName(sf, question)),
    });
    /** Whether the session checks are spared in the current statement. */
    const spared = (node: ts.Node) => kept.spared(context.ancestors(), node);
    const replace = (start: number, end: number, newText: string): TextChange => ({
      kind: 'replace',
      file: context.file,
      range: context.rangeOfOffsets(start, end),
      newText,
    });

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
      const requires = perStatement(sf, requiring, requiresAModule);
      sf.statements.forEach((s, i) => {
        if (ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)) anchor = s;
        else if (requires[i] && (ts.isVariableStatement(s) || !anchor)) anchor = s;
      });
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
      for (const { call, config, ancestors } of sessionCalls) {
        if (config.store === 'memory' && config.memoryStore) continue; // reported as the store itself
        if (config.store !== 'memory') continue;
        if (config.optionsName && storeAssignedOn.has(config.optionsName)) continue;
        // Sessions without a store in one branch of an operator's choice whose other makes a service's store.
        if (chosenBesideServiceStore(sf, call, ancestors, (e) => isServiceStore(e, bindings(), sf), true)) continue;
        const isYar = config.module.includes('yar');
        const fix =
          config.module === 'express-session'
            ? redisFix(config.object ? { object: config.object } : config.options ? {} : { emptyCall: call })
            : undefined;
        context.report({
          messageId: isYar ? 'yarDefaultCache' : 'sessionWithoutStore',
          data: { library: config.library },
          range: context.rangeOf(call),
          fixes: fix ? [fix] : undefined,
        });
      }
      for (const { node, ancestors } of memoryStores) {
        // One store of an operator's choice, beside one backed by a service (`switch (SESSION_STORE) { case 'memory': …; case 'redis': … }`).
        if (chosenBesideServiceStore(sf, node, ancestors, (e) => isServiceStore(e, bindings(), sf))) continue;
        // In `session({ store: new MemoryStore() })` of express-session, offer Redis in its place.
        const prop = ancestors[ancestors.length - 1];
        const inSession =
          prop &&
          ts.isPropertyAssignment(prop) &&
          propertyNameText(prop.name) === 'store' &&
          sessionCalls.some((s) => s.config.module === 'express-session' && ancestors.includes(s.call));
        const fix = inSession ? redisFix({ memoryStore: node }) : undefined;
        context.report({ messageId: 'memoryStore', data: {}, range: context.rangeOf(node), fixes: fix ? [fix] : undefined });
      }
      for (const node of providers) {
        context.report({ messageId: 'oidcMemoryAdapter', data: {}, range: context.rangeOf(node) });
      }
    };

    const reportState = () => {
      const { local, stores } = state.result();
      for (const s of local) {
        const at = context.rangeOf(s.mutation);
        const owner = s.binding.owner?.name?.text;
        context.report({
          messageId: s.messageId,
          data: { name: s.binding.name.replace(/^this\./, ''), line: at.start.line + 1, owner: owner ?? 'a provider' },
          range: context.rangeOf(s.binding.node),
          related: [
            {
              file: context.file,
              range: at,
              message:
                s.messageId === 'singletonState'
                  ? `"${s.binding.name.replace(/^this\./, '')}" is changed here, keyed by a user or session.`
                  : `"${s.binding.name}" is changed here, in a request handler.`,
            },
          ],
        });
      }
      for (const store of stores) {
        const at = context.rangeOf(store.mutation);
        context.report({
          messageId: 'memoryStoreClass',
          data: { name: store.name, kind: store.kind, state: store.state, line: at.start.line + 1 },
          range: context.rangeOf(store.node.name ?? store.node),
          related: [{ file: context.file, range: at, message: `${store.name} keeps its data in "${store.state}" here.` }],
        });
      }
    };

    const visitors: TypeScriptVisitors = {};
    const feed = (node: ts.Node) => state.enter(node, context.ancestors());
    for (const kind of STATE_KINDS) visitors[kind] = feed;
    const onCall = (node: ts.CallExpression) => {
      feed(node);
      if (spared(node)) return;
      // Undefined is decided by the call and the bindings; a config is read through the file.
      const config = sessionConfig(node, bindings(), sf);
      if (config) {
        kept.unkept();
        sessionCalls.push({ call: node, config, ancestors: [...context.ancestors()] });
      }
    };
    const onNew = (node: ts.NewExpression) => {
      feed(node);
      if (spared(node)) return;
      const callee = unwrapExpression(node.expression);
      if (ts.isIdentifier(callee)) {
        // What X is declared with decides only where a factory could have made it.
        const makes = makesStores();
        kept.answered(MAKES_STORES, makes);
        if (makes) kept.answered(callee.text, followName(sf, callee.text));
      }
      if (isInMemoryStore(node, bindings(), sf)) {
        kept.unkept();
        memoryStores.push({ node, ancestors: [...context.ancestors()] });
      }
      // oidc-provider without an adapter keeps sessions, grants and tokens in its development memory adapter.
      const ref = bindings().resolve(node.expression);
      if (ref?.module === 'oidc-provider' && (ref.path.length === 0 || ref.path.join('.') === 'Provider')) {
        kept.unkept();
        const config = node.arguments?.[1] && followIdentifier(sf, node.arguments[1]);
        if (
          node.arguments?.length === 1 ||
          (config &&
            ts.isObjectLiteralExpression(config) &&
            !config.properties.some((p) => ts.isSpreadAssignment(p) || propertyNameText(p.name) === 'adapter'))
        )
          providers.push(node);
      }
    };
    const onBinary = (node: ts.BinaryExpression) => {
      feed(node);
      if (spared(node)) return;
      // `sess.store = new RedisStore(...)` after `const sess = {...}`.
      const left = unwrapExpression(node.left);
      if (
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(left) &&
        left.name.text === 'store' &&
        ts.isIdentifier(left.expression)
      ) {
        kept.unkept(); // judged with the session calls of other statements
        storeAssignedOn.add(left.expression.text);
      }
    };
    visitors[ts.SyntaxKind.CallExpression] = onCall;
    visitors[ts.SyntaxKind.NewExpression] = onNew;
    visitors[ts.SyntaxKind.BinaryExpression] = onBinary;
    visitors.onStatement = (statement) => {
      const quiet = kept.enter(statement);
      return state.enterStatement(statement) && quiet;
    };
    visitors.onEnd = () => {
      kept.end();
      reportSessions();
      reportState();
    };
    return visitors;
  },
};

/**
 * Whether a top-level variable or expression statement requires a module (outside functions). Kept per
 * statement (perStatement): the fix is built on every keystroke that reports, and a walk of every
 * statement took ~3 ms at 10,000 lines.
 */
const requiring = new WeakMap<ts.Node, boolean>();
function requiresAModule(statement: ts.Statement): boolean {
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.some((d) => !!d.initializer && containsRequire(d.initializer));
  return ts.isExpressionStatement(statement) && containsRequire(statement.expression);
}

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
