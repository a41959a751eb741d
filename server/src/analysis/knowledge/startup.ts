/**
 * What runs when a process starts, read from the syntax alone: the function a call runs in (through
 * callbacks that run at startup, stopping at per-request and per-event handlers), and the condition a
 * call runs under, judged for a production web process (NODE_ENV=production, operator flags unset).
 * Shared by the rules about work done at startup (schedulers, migrations); plain functions over nodes
 * and the ancestors the engine's walk provides.
 */
import * as ts from 'typescript';
import { propertyNameText, unwrapExpression } from '../languages/typescript/imports';
import { initializerOf } from '../languages/typescript/values';

// ── where a call runs ───────────────────────────────────────────────────────────────────────────

/** Calls whose callback runs once, while the process starts (or soon after): looked through. */
const STARTUP_CALLBACKS = new Set([
  'listen',
  'then',
  'catch',
  'finally',
  'setTimeout',
  'setImmediate',
  'nextTick',
  'queueMicrotask',
  'start',
  'ready',
  'register',
  'after',
  'sync',
  'initialize',
  'init',
  'compose',
  'bootstrap',
  'run',
  'main',
  'forEach',
  'map',
  'each',
  'mapSeries',
  'withTransaction',
  'transaction',
]);

/** Events that fire once while a process starts (`server.on('listening', …)`, `mongoose.connection.once('open', …)`). */
const STARTUP_EVENTS = /^(?:listening|ready|open|opened|connected|started|start|online|up|boot|init|initialized|serverStarted|onReady)$/i;

/** Registration calls whose callback runs per request, message, job or event: a timer there is not a startup job. */
const PER_EVENT_CALLBACKS = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'addEventListener',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'head',
  'options',
  'use',
  'route',
  'handle',
  'handler',
  'subscribe',
  'process',
  'consume',
  'define',
  'command',
  'action',
  'setInterval',
  'Worker',
  'middleware',
  'addHook',
  'hook',
  'ws',
  'onMessage',
  'onConnection',
]);

/** Lifecycle methods a framework calls on its own (Nest providers, class-validator style hooks). */
const FRAMEWORK_CALLED = new Set([
  'onModuleInit',
  'onApplicationBootstrap',
  'onApplicationStart',
  'afterInit',
  'onInit',
  'useFactory',
  'createTypeOrmOptions',
  'createSequelizeOptions',
  'createMikroOrmOptions',
]);

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
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

function calleeName(callee: ts.Expression): string | undefined {
  const e = unwrapExpression(callee);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function literalText(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrapExpression(e);
  return ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u) ? u.text : undefined;
}

/**
 * Where a node runs: at module load (`container` undefined), in a named function (which runs when
 * that name is called somewhere in the program), or in a handler that runs per request or event
 * (`perEvent`). Callbacks of startup calls (`listen`, `then`, IIFEs…) are looked through.
 * `inClass`: the innermost named function is a method of a class (an instance's own timers).
 */
interface RunContext {
  container?: string;
  /** Set when the container is called by a framework (a Nest lifecycle hook, a DI-built constructor). */
  frameworkCalled?: true;
  perEvent?: string;
  inClass?: string;
  /** The enclosing functions' parameter names (to tell a schedule given by the caller). */
  parameters: string[];
}

export function runContext(ancestors: readonly ts.Node[]): RunContext {
  const context = innermostContainer(ancestors);
  if (context.container && FRAMEWORK_CALLED.has(context.container)) context.frameworkCalled = true;
  return context;
}

function innermostContainer(ancestors: readonly ts.Node[]): RunContext {
  const parameters: string[] = [];
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i];
    if (!isFunctionLike(node)) continue;
    for (const p of node.parameters) collectNames(p.name, parameters);
    let j = i - 1;
    let owner = ancestors[j];
    while (owner && (ts.isParenthesizedExpression(owner) || ts.isAsExpression(owner) || ts.isAwaitExpression(owner)))
      owner = ancestors[--j];
    if (owner && (ts.isCallExpression(owner) || ts.isNewExpression(owner))) {
      const call = owner;
      if (call.expression === ancestors[j + 1] || unwrapExpression(call.expression) === node) continue; // an IIFE
      const name = calleeName(call.expression);
      if (
        name &&
        (name === 'on' || name === 'once' || name === 'addListener') &&
        STARTUP_EVENTS.test(literalText(call.arguments?.[0]) ?? '')
      )
        continue;
      if (name && PER_EVENT_CALLBACKS.has(name) && !STARTUP_CALLBACKS.has(name)) return { perEvent: name, parameters };
      continue; // a callback of a startup call, or of something we do not know: treated as run
    }
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)
    ) {
      const name = node.name ? propertyNameText(node.name) : undefined;
      if (!name) continue; // export default function () {}: runs when imported and called by the framework
      const cls = ts.isMethodDeclaration(node) ? ancestors[i - 1] : undefined;
      const inClass = cls && ts.isClassLike(cls) ? (cls.name?.text ?? 'class') : undefined;
      return { container: name, ...(inClass ? { inClass } : {}), parameters };
    }
    if (ts.isConstructorDeclaration(node)) {
      const cls = ancestors[i - 1];
      if (cls && ts.isClassLike(cls)) {
        // A class built by a DI container (decorated: @Injectable, @Service) is constructed without a `new` we can see.
        const decorated = ts.canHaveDecorators(cls) && (ts.getDecorators(cls)?.length ?? 0) > 0;
        return {
          container: cls.name?.text ?? 'constructor',
          ...(decorated ? { frameworkCalled: true } : {}),
          inClass: cls.name?.text ?? 'class',
          parameters,
        };
      }
      continue;
    }
    if (owner && ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) return { container: owner.name.text, parameters };
    if (owner && (ts.isPropertyAssignment(owner) || ts.isPropertyDeclaration(owner))) {
      const name = propertyNameText(owner.name);
      if (name) {
        const cls = ts.isPropertyDeclaration(owner) ? ancestors[j - 1] : undefined;
        return { container: name, ...(cls && ts.isClassLike(cls) ? { inClass: cls.name?.text ?? 'class' } : {}), parameters };
      }
    }
    if (owner && ts.isBinaryExpression(owner) && owner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = owner.left;
      // `module.exports = async function () { … }`: the module's one export, which its importer calls by the name it gives it:
      // the function's own name, else (most importers name it after the file: `const jobs = require('./utils/jobs')`) the
      // file's, so a call behind a switch (`if (RUN_JOBS) jobs()`) keeps it switched.
      if (
        ts.isPropertyAccessExpression(left) &&
        left.name.text === 'exports' &&
        ts.isIdentifier(left.expression) &&
        left.expression.text === 'module'
      ) {
        const own = ts.isFunctionExpression(node) && node.name ? node.name.text : undefined;
        const file = ancestors.find(ts.isSourceFile)?.fileName;
        const named = own ?? (file ? moduleNameOf(file) : undefined);
        if (named) return { container: named, parameters };
        continue;
      }
      if (ts.isPropertyAccessExpression(left)) return { container: left.name.text, parameters };
      if (ts.isIdentifier(left)) return { container: left.text, parameters };
    }
    // Returned, exported as default, stored in an array: treated as run.
  }
  return { parameters };
}

/** The name an importer usually gives a module's one export: its file's (`utils/update-weather.js` → `updateWeather`; an `index` file, its folder's). */
function moduleNameOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  let base = (parts.pop() ?? '').replace(/\.[cm]?[jt]sx?$/, '');
  if (base === 'index') base = parts.pop() ?? '';
  const name = base.replace(/[-_.]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : undefined;
}

function collectNames(name: ts.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) collectNames(e.name, out);
}

// ── under which condition ───────────────────────────────────────────────────────────────────────

/**
 * A condition judged for a production web process: `T` runs, `F` never runs there (a development or
 * test branch), `FLAG` depends on an operator's switch (an environment variable or config value other
 * than NODE_ENV), `U` unknown (data, state: treated as running).
 */
type Truth = 'T' | 'F' | 'FLAG' | 'U';

/** A value read from NODE_ENV (or a name that holds it): compared against 'production'. */
const NODE_ENV_VALUE = Symbol('NODE_ENV');

const DEV_NAME =
  /^(?:_*(?:is|IS)_?)?(?:dev|development|test|testing|local|debug|DEV|DEVELOPMENT|TEST|LOCAL|Dev|Development|Test|Local)(?:_?(?:mode|env|environment|MODE|ENV|Mode|Env|Environment))?_*$|^__DEV__$/;
const PROD_NAME = /^(?:is|IS)_?(?:prod|production|PROD|PRODUCTION|Prod|Production)(?:_?(?:mode|env|MODE|ENV|Mode|Env))?$/;
const NODE_ENV_NAME = /^(?:NODE_ENV|nodeEnv|node_env|env|ENV|environment|ENVIRONMENT|appEnv|APP_ENV|mode)$/;
/** Roots of config objects: a property read from them is an operator's setting. */
const CONFIG_ROOT =
  /^(?:config|conf|cfg|configs|configuration|settings|setting|env|envs|environment|options|opts|flags|features|featureFlags|nconf|appConfig|serverConfig|CONFIG|Config|ENV|Env|argv|args|program|cli)$|Config$|Settings$|config$/;
/** Names of switches that pick the process that runs jobs or migrations (`RUN_JOBS`, `isJobEnabled`, `runOnAllNodes`, `leader`). */
/**
 * A feature's credential or address (`WEATHER_API_KEY`, `SENDGRID_TOKEN`, `REDIS_URL`; not a host, which may pick one: `CRON_HOST === hostname()`): set on every replica alike, so a test
 * of it says whether the feature is configured, not which process this is.
 */
const CREDENTIAL_NAME = /(?:^|_)(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASS|URL|URI|DSN)$|(?:ApiKey|Token|Secret|Password|Url|Uri|Dsn)$/;
const FLAG_NAME =
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|(?:jobs?|cron|crons|worker|workers|schedul\w*|tasks?|migrat\w*|sync\w*|leader|instance|nodes?|enabled?|disabled?|flag)$/i;
/** Cluster-level switches: every replica has its own primary, so they do not pick one process of the deployment. */
const CLUSTER_NAME = /master|primary/i;
/**
 * Which process this is, asked by name (`if (!isAPI())`, `isWorkerProcess()`, `this.isBot`): a switch the program sets on
 * one process type (Zeppelin's API entry calls `setIsAPI(true)`). Not `isServer` (server-side rendering asks that).
 */
const ROLE_PREDICATE =
  /^(?:is|in)_?(?:api|web|bot|worker|scheduler|cron|jobs?|leader)(?:_?(?:process|instance|mode|node|server|thread))?$/i;

function isProcessEnv(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  if (ts.isPropertyAccessExpression(u) && u.name.text === 'env') {
    const base = unwrapExpression(u.expression);
    if (ts.isIdentifier(base) && base.text === 'process') return true;
    if (ts.isMetaProperty(base)) return true;
  }
  return false;
}

/** The env variable a read names: `process.env.X`, `process.env['X']`, `import.meta.env.X`; `''` when dynamic. */
function envRead(e: ts.Expression): string | undefined {
  const u = unwrapExpression(e);
  if (ts.isPropertyAccessExpression(u) && isProcessEnv(u.expression)) return u.name.text;
  if (ts.isElementAccessExpression(u) && isProcessEnv(u.expression)) return literalText(u.argumentExpression) ?? '';
  return undefined;
}

function rootIdentifier(e: ts.Expression): ts.Identifier | undefined {
  let u = unwrapExpression(e);
  for (;;) {
    if (ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) u = unwrapExpression(u.expression);
    else if (ts.isCallExpression(u)) u = unwrapExpression(u.expression);
    else break;
  }
  return ts.isIdentifier(u) ? u : undefined;
}

interface Judge {
  sourceFile: ts.SourceFile;
  depth: number;
}

/** What a value is, for comparisons: NODE_ENV, a flag, or unknown. */
function valueKind(e: ts.Expression, j: Judge): typeof NODE_ENV_VALUE | 'FLAG' | 'U' {
  const u = unwrapExpression(e);
  const env = envRead(u);
  if (env !== undefined) return env === 'NODE_ENV' ? NODE_ENV_VALUE : CREDENTIAL_NAME.test(env) ? 'U' : 'FLAG';
  if (
    ts.isBinaryExpression(u) &&
    (u.operatorToken.kind === ts.SyntaxKind.BarBarToken || u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
  )
    return valueKind(u.left, j);
  if (ts.isCallExpression(u)) {
    const name = calleeName(u.expression);
    const key = literalText(u.arguments[0]);
    // app.get('env') (Express), config.get('NODE_ENV'), nconf.get('runJobs'), configService.get('X')
    if (name === 'get' && key !== undefined) {
      if (/^(?:env|NODE_ENV|nodeEnv)$/.test(key)) return NODE_ENV_VALUE;
      const root = rootIdentifier(u.expression);
      if (root && (CONFIG_ROOT.test(root.text) || /config|settings|env/i.test(u.expression.getText(j.sourceFile)))) return 'FLAG';
    }
    if (name && u.arguments.length === 0 && ROLE_PREDICATE.test(name)) return 'FLAG';
    if (
      name &&
      /^(?:getEnv|env|getConfig|getSetting|getFlag|isEnabled|isFeatureEnabled|flag|feature|toBool|toBoolean|parseBool|getOsEnv\w*)$/.test(
        name,
      )
    ) {
      const inner = u.arguments[0] && valueKind(u.arguments[0], j);
      if (inner === NODE_ENV_VALUE) return NODE_ENV_VALUE;
      if (key === 'NODE_ENV') return NODE_ENV_VALUE;
      return 'FLAG';
    }
    return 'U';
  }
  if (ts.isIdentifier(u)) {
    if (NODE_ENV_NAME.test(u.text)) return NODE_ENV_VALUE;
    if (j.depth < 3) {
      const init = initializerOf(j.sourceFile, u.text);
      if (init) return valueKind(init, { ...j, depth: j.depth + 1 });
    }
    if ((FLAG_NAME.test(u.text) || ROLE_PREDICATE.test(u.text)) && !CLUSTER_NAME.test(u.text) && !CREDENTIAL_NAME.test(u.text))
      return 'FLAG';
    return 'U';
  }
  if (ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) {
    const last = ts.isPropertyAccessExpression(u) ? u.name.text : (literalText(u.argumentExpression) ?? '');
    if (/^(?:NODE_ENV|nodeEnv|env|environment|ENV)$/.test(last)) return NODE_ENV_VALUE;
    if (CLUSTER_NAME.test(last)) return 'U';
    const root = rootIdentifier(u);
    if (root && (CONFIG_ROOT.test(root.text) || root.text === 'process')) return 'FLAG';
    if (CREDENTIAL_NAME.test(last)) return 'U';
    if (FLAG_NAME.test(last) || ROLE_PREDICATE.test(last)) return 'FLAG';
    return 'U';
  }
  return 'U';
}

const PRODUCTION = /^(?:prod|production|staging|live)$/i;

/** Truth of `NODE_ENV <op> literal` in production. */
function compareNodeEnv(literal: string, equal: boolean): Truth {
  const isProd = PRODUCTION.test(literal);
  return isProd === equal ? 'T' : 'F';
}

function not(t: Truth): Truth {
  return t === 'T' ? 'F' : t === 'F' ? 'T' : t;
}

function truth(e: ts.Expression, j: Judge): Truth {
  const u = unwrapExpression(e);
  if (u.kind === ts.SyntaxKind.TrueKeyword) return 'T';
  if (u.kind === ts.SyntaxKind.FalseKeyword) return 'F';
  if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.ExclamationToken) return not(truth(u.operand, j));
  if (ts.isBinaryExpression(u)) {
    const op = u.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const a = truth(u.left, j);
      const b = truth(u.right, j);
      if (a === 'F' || b === 'F') return 'F';
      if (a === 'T' && b === 'T') return 'T';
      if (a === 'FLAG' || b === 'FLAG') return 'FLAG';
      return a === 'T' ? b : a === 'U' ? 'U' : b;
    }
    if (op === ts.SyntaxKind.BarBarToken) {
      const a = truth(u.left, j);
      const b = truth(u.right, j);
      if (a === 'T' || b === 'T') return 'T';
      if (a === 'F' && b === 'F') return 'F';
      if (a === 'FLAG' || b === 'FLAG') return 'FLAG';
      return 'U';
    }
    const compared = comparisonOf(u);
    if (compared) {
      const { equal, literal, value, other } = compared;
      const kind = valueKind(value, j);
      if (kind === NODE_ENV_VALUE && literal !== undefined) return compareNodeEnv(literal, equal);
      if (kind === 'FLAG' || valueKind(other, j) === 'FLAG') return 'FLAG';
      return 'U';
    }
    return valueKind(u, j) === 'FLAG' ? 'FLAG' : 'U';
  }
  if (ts.isCallExpression(u)) {
    // ['development', 'test'].includes(process.env.NODE_ENV)
    const callee = unwrapExpression(u.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'includes' &&
      ts.isArrayLiteralExpression(unwrapExpression(callee.expression))
    ) {
      const arg = u.arguments[0];
      if (arg && valueKind(arg, j) === NODE_ENV_VALUE) {
        const values = (unwrapExpression(callee.expression) as ts.ArrayLiteralExpression).elements.map((x) => literalText(x));
        if (values.every((v) => v !== undefined)) return values.some((v) => PRODUCTION.test(v)) ? 'T' : 'F';
      }
      if (arg && valueKind(arg, j) === 'FLAG') return 'FLAG';
      return 'U';
    }
    // env.SERVICES.includes('cron'), services.includes('worker'): which process types this one is
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'includes') {
      return valueKind(callee.expression, j) === 'FLAG' ? 'FLAG' : 'U';
    }
    const kind = valueKind(u, j);
    return kind === 'FLAG' ? 'FLAG' : 'U';
  }
  if (ts.isIdentifier(u)) {
    if (DEV_NAME.test(u.text)) return 'F';
    if (PROD_NAME.test(u.text)) return 'T';
    if (j.depth < 3) {
      const init = initializerOf(j.sourceFile, u.text);
      if (init) return truth(init, { ...j, depth: j.depth + 1 });
    }
    return valueKind(u, j) === 'FLAG' ? 'FLAG' : 'U';
  }
  if (ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) {
    const last = ts.isPropertyAccessExpression(u) ? u.name.text : (literalText(u.argumentExpression) ?? '');
    // import.meta.env.DEV / .PROD (Vite), config.isDevelopment, env.isProduction
    if (DEV_NAME.test(last)) return 'F';
    if (PROD_NAME.test(last) || (last === 'PROD' && envRead(u) !== undefined)) return 'T';
    const kind = valueKind(u, j);
    if (kind === NODE_ENV_VALUE) return 'T'; // NODE_ENV is set in production
    return kind === 'FLAG' ? 'FLAG' : 'U';
  }
  return 'U';
}

/** How a site is gated in a production web process. */
export interface Gate {
  /** `devOnly`: never runs in production; `flag`: runs only where an operator's switch is set. */
  kind: 'devOnly' | 'flag';
  /** The condition as written (cut to 80 characters). */
  text: string;
}

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

/** True when the statement always leaves its function (`return`, `throw`, `process.exit()`). */
function leaves(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.length > 0 && leaves(statement.statements[statement.statements.length - 1]);
  if (ts.isExpressionStatement(statement)) {
    const e = unwrapExpression(statement.expression);
    if (!ts.isCallExpression(e)) return false;
    const callee = unwrapExpression(e.expression);
    return (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'exit' &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'process'
    );
  }
  return false;
}

/**
 * The conditions a node runs under, from its ancestors up to its named container (or the module):
 * `if` branches, `?:`, `&&`/`||` operands, and early `if (c) return;` before it in an enclosing block.
 * Each comes with whether the node runs when the condition is true.
 */
function conditionsOf(
  ancestors: readonly ts.Node[],
  node: ts.Node,
  withEarlyReturns: boolean,
  choosesBetween?: (branch: ts.Statement) => boolean,
  sourceFile?: ts.SourceFile,
): { condition: ts.Expression; when: boolean }[] {
  const out: { condition: ts.Expression; when: boolean }[] = [];
  let child: ts.Node = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i];
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      // `if (server === 'plex') { jobs… } else { jobs… }`: the conditions pick which, not whether (GateOptions.alsoIn), when
      // every process takes a branch (the chain ends in an `else`) and another branch does the same kind of thing.
      if (!(choosesBetween && sourceFile && chainBranches(ancestors, i, child, sourceFile)?.some(choosesBetween)))
        out.push({ condition: parent.expression, when: child === parent.thenStatement });
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition)
      out.push({ condition: parent.condition, when: child === parent.whenTrue });
    else if (ts.isBinaryExpression(parent) && child === parent.right) {
      if (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) out.push({ condition: parent.left, when: true });
      else if (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) out.push({ condition: parent.left, when: false });
    } else if (withEarlyReturns && (ts.isBlock(parent) || ts.isSourceFile(parent))) {
      for (const statement of parent.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && !statement.elseStatement && leaves(statement.thenStatement))
          out.push({ condition: statement.expression, when: false });
      }
    }
    if (isFunctionLike(parent)) {
      // Conditions outside a named function belong to its callers; callbacks are looked through.
      const owner = ancestors[i - 1];
      const callback = owner && (ts.isCallExpression(owner) || ts.isNewExpression(owner) || ts.isParenthesizedExpression(owner));
      if (!callback) break;
    }
    child = parent;
  }
  return out;
}

interface GateOptions {
  withEarlyReturns?: boolean;
  /**
   * Does this other branch of an `if` do the same kind of thing (schedule a job, run a migration)? Then the `if`
   * chooses between them and gates neither: every process takes one branch or the other.
   */
  alsoIn?: (branch: ts.Statement) => boolean;
}

/**
 * The other branches of the `if`/`else if`/`else` chain `ancestors[i]` belongs to (child being the branch taken), or
 * undefined when a process may take no branch at all: the chain has no final `else`, and its conditions are not all
 * comparisons of one subject (`type === PLEX` / `type === JELLYFIN || type === EMBY`: a setting's values; flags such as
 * `ENABLE_DIGEST` / `ENABLE_BILLING` may all be off).
 */
function chainBranches(ancestors: readonly ts.Node[], i: number, child: ts.Node, sourceFile: ts.SourceFile): ts.Statement[] | undefined {
  let top = ancestors[i] as ts.IfStatement;
  for (let k = i; k > 0; k--) {
    const outer = ancestors[k - 1];
    if (!ts.isIfStatement(outer) || outer.elseStatement !== top) break;
    top = outer;
  }
  const branches: ts.Statement[] = [];
  const subjects = new Set<string | undefined>();
  let exhaustive = false;
  for (let at: ts.Statement | undefined = top; at;) {
    if (!ts.isIfStatement(at)) {
      branches.push(at);
      exhaustive = true;
      break;
    }
    branches.push(at.thenStatement);
    subjects.add(comparedSubject(at.expression, sourceFile));
    at = at.elseStatement;
  }
  if (!exhaustive && (subjects.size !== 1 || subjects.has(undefined))) return undefined;
  // Not the branch the node is in (at an outer `if` of the chain, that branch is deeper than `child`).
  return branches.filter((b) => b !== child && !ancestors.includes(b));
}

/** `type === 'plex'`, `type === A || type === B`: the subject compared with values (its text), else undefined. */
function comparedSubject(condition: ts.Expression, sourceFile: ts.SourceFile): string | undefined {
  const c = unwrapExpression(condition);
  if (!ts.isBinaryExpression(c)) return undefined;
  const op = c.operatorToken.kind;
  if (op === ts.SyntaxKind.BarBarToken) {
    const a = comparedSubject(c.left, sourceFile);
    return a !== undefined && a === comparedSubject(c.right, sourceFile) ? a : undefined;
  }
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
  return unwrapExpression(c.left).getText(sourceFile);
}

/** The gate of a node in a production web process, or undefined when it runs there. */
export function gateOf(
  sourceFile: ts.SourceFile,
  ancestors: readonly ts.Node[],
  node: ts.Node,
  options: GateOptions = {},
): Gate | undefined {
  const conditions = conditionsOf(ancestors, node, options.withEarlyReturns ?? true, options.alsoIn, sourceFile);
  let flag: ts.Expression | undefined;
  for (const { condition, when } of conditions) {
    // `if (process.env.START_TARGET === 'api')`: the branch that runs in the web process itself is no switch away from it.
    const web = webRoleTest(condition, sourceFile);
    if (web !== undefined) {
      if (web === when) continue;
      flag ??= condition;
      continue;
    }
    const t = truth(condition, { sourceFile, depth: 0 });
    const effective = when ? t : not(t);
    if (effective === 'F') return { kind: 'devOnly', text: cut(condition.getText(sourceFile)) };
    if (effective === 'FLAG') flag ??= condition;
  }
  return flag ? { kind: 'flag', text: cut(flag.getText(sourceFile)) } : undefined;
}

/** Role predicates that name the web process (`isAPI`, `isWebProcess`, `inWebServer`). */
const WEB_ROLE_PREDICATE = /^(?:is|in)_?(?:api|web)/i;
/** Literals that name the web process among a program's process types (`START_TARGET=api`, `ROLE=web`). */
const WEB_ROLE = /^(?:api|web|http|server|www|rest|graphql|gateway)$/i;

/**
 * `ROLE === 'api'` (true), `ROLE !== 'web'` (false): a switch compared with the web process's own name; whether the
 * condition holds in the web process. Undefined for any other condition.
 */
function webRoleTest(condition: ts.Expression, sourceFile: ts.SourceFile): boolean | undefined {
  const u = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = webRoleTest(u.operand, sourceFile);
    return inner === undefined ? undefined : !inner;
  }
  // `if (isAPI())`, `isWebProcess`: a process-role predicate naming the web process holds in it (Zeppelin's API cleanups).
  const role = ts.isCallExpression(u) && u.arguments.length === 0 ? calleeName(u.expression) : ts.isIdentifier(u) ? u.text : undefined;
  if (role !== undefined && ROLE_PREDICATE.test(role) && WEB_ROLE_PREDICATE.test(role)) return true;
  const compared = ts.isBinaryExpression(u) ? comparisonOf(u) : undefined;
  if (!compared?.literal || !WEB_ROLE.test(compared.literal)) return undefined;
  return valueKind(compared.value, { sourceFile, depth: 0 }) === 'FLAG' ? compared.equal : undefined;
}

/**
 * `a === b`, `a != b`: whether it tests equality, and its sides: the literal (when one side is), the value compared with
 * it (the other side), and `other`, the side after `value` would be the literal (the left one when neither is).
 */
function comparisonOf(
  u: ts.BinaryExpression,
): { equal: boolean; literal?: string; value: ts.Expression; other: ts.Expression } | undefined {
  const op = u.operatorToken.kind;
  const equal =
    op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken
      ? true
      : op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken
        ? false
        : undefined;
  if (equal === undefined) return undefined;
  const leftLiteral = literalText(u.left);
  const literal = leftLiteral ?? literalText(u.right);
  return leftLiteral !== undefined
    ? { equal, literal, value: u.right, other: u.left }
    : { equal, ...(literal !== undefined ? { literal } : {}), value: u.left, other: u.right };
}

/** Judges a value on its own (`synchronize: process.env.NODE_ENV !== 'production'`): does it hold in production? */
export function valueInProduction(sourceFile: ts.SourceFile, value: ts.Expression): 'T' | 'F' | 'FLAG' | 'U' {
  return truth(value, { sourceFile, depth: 0 });
}

/** Files named for an environment other than production (`ormconfig.dev.ts`, `config/test.js`, `seed/`). */
export function isNonProductionFile(relativePath: string): boolean {
  return /(?:^|[/._-])(?:dev|development|test|tests|testing|local|e2e|spec|seeds?|seeders?|fixtures?|mocks?|stories|storybook|examples?|demo|playground|scripts?\/dev)(?:[/._-]|$)/i.test(
    relativePath,
  );
}

const MAX_REFERENCES = 50;

/** A condition (`if`, `?:`, `&&`, `||`, `switch`). */
const CONDITION = /\bif\s*\(|\?|&&|\|\||\bswitch\s*\(/;
/**
 * Words a switch is made of (what `truth` and `valueKind` recognise): NODE_ENV's aliases, config roots,
 * development and production names, flag names, config getters. A read of `process.env` makes a file
 * rich already (facts/lexicalFacts.ts): it is parsed whatever this says.
 */
const SWITCH_WORD =
  /config|\bconf\b|\bcfg\b|settings?\b|flags?\b|features?\b|\bargv\b|\b(?:is_?)?(?:dev|development|testing|local|debug|prod|production)(?:_?(?:mode|env))?\b|(?<!\.)\btest\b|__DEV__|\b(?:environment|appEnv|app_env|mode|nodeEnv|node_env)\b|(?:jobs?|crons?|workers?|schedul\w*|tasks?|migrat\w*|leader|instance|nodes?|enabled?|disabled?)\b(?!:)|(?<![aA])sync\w*\b|\b(?:is|in)_?(?:api|web|bot)|\.get\(\s*['"]|getEnv|getConfig|getSetting|getFlag|isEnabled|isFeatureEnabled|toBool|parseBool|getOsEnv/i;
/** `RUN_JOBS`, `ENABLE_CRON`: constants named like switches. */
const SWITCH_CONSTANT = /\b[A-Z][A-Z0-9]*_[A-Z0-9]/;
/** `{ cron: () => import('./cron') }`: loaders picked by name. */
const LOADER_MAP = /=>\s*(?:import|require)\s*\(|return\s+(?:import|require)\s*\(/;
/** Arrays of functions (`[initTasks.connect, initTasks.syncSchemas]`), not destructuring. */
const FUNCTION_ARRAY =
  /(?<!(?:const|let|var|for)\s*\(?\s*)\[\s*(?:[a-z_$][\w$]*\.)*[a-z_$][\w$]*\s*,\s*(?:[\w$]+\.)*[a-z_$][\w$]*\s*(?:,\s*(?:[\w$]+\.)*[\w$]+\s*)*\](?!\s*=[^=>])/;

/**
 * True when SwitchTracker may find something in the text: a line with a condition and a switch's word,
 * a loader map, an array of functions. For the collectors' pre-filters: a file it rejects gets only its
 * imports and calls from a token scan (facts/lexicalFacts.ts), as if every call in it ran. A switch
 * split over lines so that no line holds both (`if (\n shouldRun\n)` with `shouldRun` read from config
 * elsewhere) is missed there: the calls behind it count as made.
 */
export function maySwitch(text: string): boolean {
  if (LOADER_MAP.test(text) || FUNCTION_ARRAY.test(text)) return true;
  if (!CONDITION.test(text)) return false;
  for (const line of text.split('\n')) if (CONDITION.test(line) && (SWITCH_WORD.test(line) || SWITCH_CONSTANT.test(line))) return true;
  return false;
}

// ── calls and loads behind a switch ─────────────────────────────────────────────────────────────

/** True when a node sits under a condition (`if`, `?:`, `&&`, `||`) before any function boundary. */
function underCondition(ancestors: readonly ts.Node[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isIfStatement(a) || ts.isConditionalExpression(a) || ts.isSwitchStatement(a)) return true;
    if (
      ts.isBinaryExpression(a) &&
      (a.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || a.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      return true;
    if (isFunctionLike(a) || ts.isSourceFile(a)) return false;
  }
  return false;
}

/** `{ cron: () => import('./cron') }`: a loader picked by name at run time (the process type decides). */
function inLoaderMap(ancestors: readonly ts.Node[]): boolean {
  for (let i = ancestors.length - 1; i > 0; i--) {
    const a = ancestors[i];
    if (isFunctionLike(a)) {
      const owner = ancestors[i - 1];
      return (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) && !!owner && ts.isPropertyAssignment(owner);
    }
  }
  return false;
}

/**
 * Per file: which function names are called only behind an operator's switch (or in development),
 * and which modules are loaded only that way. Feed it every call; `finish()` gives the plain facts.
 */
export class SwitchTracker {
  private readonly gated = new Set<string>();
  private readonly open = new Set<string>();
  private readonly gatedLoads = new Set<string>();
  private readonly openLoads = new Set<string>();
  private readonly references = new Set<string>();
  /** Names called (not behind a switch) only inside these module-level functions of the file, and those called elsewhere. */
  private readonly within = new Map<string, Set<string>>();
  private readonly free = new Set<string>();

  constructor(private readonly sourceFile: ts.SourceFile) {}

  call(node: ts.CallExpression, ancestors: readonly ts.Node[]): void {
    const callee = unwrapExpression(node.expression);
    const loaded =
      (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) &&
      literalText(node.arguments[0]);
    const name = loaded ? undefined : calleeName(callee);
    // A function handed to a call (`setTimeout(poll, 30000)`, `app.use(start)`) is called by it: the facts count it as called.
    const handed = loaded ? [] : node.arguments.filter(ts.isIdentifier).map((a) => a.text);
    if (!loaded && !name && handed.length === 0) return;
    const behindSwitch =
      loaded && inLoaderMap(ancestors)
        ? true
        : underCondition(ancestors) && gateOf(this.sourceFile, ancestors, node, { withEarlyReturns: false }) !== undefined;
    if (loaded) {
      (behindSwitch ? this.gatedLoads : this.openLoads).add(loaded);
      return;
    }
    for (const called of name ? [name, ...handed] : handed) {
      (behindSwitch ? this.gated : this.open).add(called);
      if (behindSwitch) continue;
      const caller = this.moduleFunction(ancestors);
      // A function that calls or re-arms itself (`setTimeout(cleanup, ms)` in cleanup) runs only once something else starts it.
      if (caller === undefined) this.free.add(called);
      else if (this.within.size < MAX_REFERENCES) {
        let callers = this.within.get(called);
        if (!callers) this.within.set(called, (callers = new Set()));
        callers.add(caller);
      }
    }
  }

  /** moduleFunctionOf, kept per innermost function: the calls of one function share the answer. */
  private readonly containers = new WeakMap<ts.Node, string | null>();
  private moduleFunction(ancestors: readonly ts.Node[]): string | undefined {
    let i = ancestors.length - 1;
    while (i >= 0 && !isFunctionLike(ancestors[i])) i--;
    if (i < 0) return undefined;
    const kept = this.containers.get(ancestors[i]);
    if (kept !== undefined) return kept ?? undefined;
    const found = moduleFunctionOf(ancestors.slice(0, i + 1));
    this.containers.set(ancestors[i], found ?? null);
    return found;
  }

  /** A function used as a value (`[initTasks.connect, initTasks.syncSchemas]`): called by whoever holds it. */
  reference(node: ts.Expression, ancestors: readonly ts.Node[]): void {
    const u = unwrapExpression(node);
    const name = ts.isIdentifier(u) ? u.text : ts.isPropertyAccessExpression(u) ? u.name.text : undefined;
    if (!name || this.references.size >= MAX_REFERENCES) return;
    if (underCondition(ancestors) && gateOf(this.sourceFile, ancestors, node, { withEarlyReturns: false }) !== undefined) return;
    this.references.add(name);
  }

  /** A static import: always loaded. */
  load(specifier: string): void {
    this.openLoads.add(specifier);
  }

  finish(): { gatedCalls?: string[]; gatedImports?: string[]; references?: string[]; callers?: [string, string[]][] } {
    const gatedCalls = [...this.gated].filter((n) => !this.open.has(n)).sort();
    const gatedImports = [...this.gatedLoads].filter((n) => !this.openLoads.has(n)).sort();
    const references = [...this.references].sort();
    // A function the file hands out under another name (`export default initJobs`, `module.exports = { start: startJobs }`)
    // is called by whoever imports it, as that name: what it calls runs as if called at load.
    const handedOut = this.within.size ? valueUses(this.sourceFile, new Set([...this.within.values()].flatMap((c) => [...c]))) : new Set();
    const callers: [string, string[]][] = [...this.within]
      .filter(([name, set]) => !this.free.has(name) && ![...set].some((c) => handedOut.has(c)))
      .map(([name, set]): [string, string[]] => [name, [...set].sort()])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return {
      ...(gatedCalls.length ? { gatedCalls } : {}),
      ...(gatedImports.length ? { gatedImports } : {}),
      ...(references.length ? { references } : {}),
      ...(callers.length ? { callers } : {}),
    };
  }
}

/**
 * The names among `names` the file uses as values: anywhere but their own declaration, a call's callee, a member's name,
 * or an ES export under the same name (`export default initJobs`, `{ startJobs }`, `export { a as b }` count).
 */
function valueUses(sourceFile: ts.SourceFile, all: ReadonlySet<string>): Set<string> {
  const used = new Set<string>();
  // The text first: a name written only as a call or a declaration (`initJobs(`, `function initJobs`, `const initJobs =`)
  // is used as no value, and the file is not walked again.
  const names = new Set(
    [...all].filter((n) =>
      new RegExp(`(?<![\\w$.]|(?:function|const|let|var)\\s+)${n.replace(/\$/g, '\\$')}(?![\\w$])(?!\\s*\\()`).test(sourceFile.text),
    ),
  );
  if (names.size === 0) return used;
  const visit = (node: ts.Node, parent: ts.Node | undefined): void => {
    if (ts.isIdentifier(node)) {
      if (!names.has(node.text) || !parent) return;
      const declared =
        (ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent)) && parent.name === node;
      // Handed to a call (`setTimeout(poll, ms)`, `app.use(start)`): SwitchTracker.call counts it as called there, in its place.
      const called = ts.isCallExpression(parent) && (parent.expression === node || parent.arguments.includes(node));
      const member =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      // Exported under its own name (`export { initJobs }`): an importer calls it by that name, or by a rename the program's
      // calls show. (CommonJS's `module.exports = { initJobs }` may be destructured under any name: handed out.)
      const sameName = ts.isExportSpecifier(parent) && !parent.propertyName;
      if (!declared && !called && !member && !sameName) used.add(node.text);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, node));
  };
  visit(sourceFile, undefined);
  return used;
}

/**
 * Exports a framework or a platform calls by their name (Next's instrumentation `register`, a serverless `handler`, a route
 * module's `loader`/`GET`, Adonis' and Strapi's `boot`/`bootstrap`): they run without a call of ours.
 */
const CALLED_BY_NAME = /^(?:register|handler|bootstrap|boot|ready|handle|loader|action|main|GET|POST|PUT|PATCH|DELETE)$/;

function ownCalled(name: string): string | undefined {
  return FRAMEWORK_CALLED.has(name) || CALLED_BY_NAME.test(name) ? undefined : name;
}

/**
 * The module-level function a call runs in (`function initCronJobs() { … }`, `export const init = async () => { … }`),
 * looking through callbacks and IIFEs as runContext does; undefined when it runs at load, in a method, an object's
 * property or a handler (which a framework or an event may call without a call we can see).
 */
function moduleFunctionOf(ancestors: readonly ts.Node[]): string | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i];
    if (!isFunctionLike(node)) continue;
    let j = i - 1;
    let owner = ancestors[j];
    while (owner && (ts.isParenthesizedExpression(owner) || ts.isAsExpression(owner) || ts.isAwaitExpression(owner)))
      owner = ancestors[--j];
    if (owner && (ts.isCallExpression(owner) || ts.isNewExpression(owner))) {
      const name = calleeName(owner.expression);
      if (name && PER_EVENT_CALLBACKS.has(name) && !STARTUP_CALLBACKS.has(name)) return undefined;
      continue;
    }
    // (Nodes may have no parent pointers: the ancestors say what holds each one.)
    if (ts.isFunctionDeclaration(node)) {
      const isDefault = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      return node.name && !isDefault && i > 0 && ts.isSourceFile(ancestors[i - 1]) ? ownCalled(node.name.text) : undefined;
    }
    if (
      owner &&
      ts.isVariableDeclaration(owner) &&
      ts.isIdentifier(owner.name) &&
      j >= 3 &&
      ts.isVariableDeclarationList(ancestors[j - 1]) &&
      ts.isVariableStatement(ancestors[j - 2]) &&
      ts.isSourceFile(ancestors[j - 3])
    )
      return ownCalled(owner.name.text);
    return undefined;
  }
  return undefined;
}
