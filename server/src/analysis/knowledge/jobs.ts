/**
 * Knowledge of recurring jobs (factor VIII): the scheduler APIs of the Node ecosystem, and whether a
 * timer's callback does work (writes a database, calls an HTTP API, pushes to a queue, sends mail)
 * or only bookkeeping of its own process (metrics, heartbeats, cache refresh, counters, keep-alives).
 * Tables first, then the judgement; the rule (rules/concurrency/no-in-process-scheduler) decides where
 * they run.
 */
import * as ts from 'typescript';
import { localName, propertyNameText, unwrapExpression, type ModuleBindings, type ModuleRef } from '../languages/typescript/imports';
import { initializerOf } from '../languages/typescript/values';
import { lastName } from '../languages/typescript/flow';
import { isFunctionLike } from './startup';

/** Where a scheduled job runs, as the report shows it. */
export type JobPlace = 'web' | 'worker' | 'switched' | 'development' | 'not started' | 'inactive';

/** The evidence this rule hands the report (plain data; 1-based lines, paths relative to the folder). */
export interface SchedulerEvidence {
  /** Every program checked: its entry, whether it serves requests, how many jobs run in it (outside a web process). */
  programs: { entry: string; web: boolean; jobs: number }[];
  /** Jobs found and where they run (`program`: the entry of the program that runs it, web or worker). */
  jobs: { file: string; line: number; label: string; place: JobPlace; switch?: string; program?: string }[];
  forks: { file: string; line: number; label: string }[];
}

/** What a scheduling call is: a library API (always a job), or a timer judged by what its callback does. */
interface SchedulerCall {
  /** The package or API: `node-cron`, `cron`, `croner`, `@nestjs/schedule`, `setInterval`… */
  api: string;
  /** How it reads in a message: `cron.schedule(…)`, `new CronJob(…)`, `@Cron(…)`, `setInterval(…)`. */
  label: string;
  /** The schedule (expression, interval), when the call has one. */
  schedule?: ts.Expression;
  /** The job's function. */
  callback?: ts.Expression;
  /** A timer (setInterval, a setTimeout loop): a job only when its callback does work. */
  timer?: true;
  /** A repeatable queue job: runs in this program only when it also processes the queue. */
  repeatable?: true;
  /** @nestjs/schedule: needs ScheduleModule.forRoot() in the program. */
  nest?: true;
  /** Created stopped (`new CronJob(…)` without its start argument, `new Bree()`): runs once the program calls start(). */
  needsStart?: true;
}

function isTrue(e: ts.Expression | undefined): boolean {
  return !!e && unwrapExpression(e).kind === ts.SyntaxKind.TrueKeyword;
}

function isFalse(e: ts.Expression | undefined): boolean {
  return !!e && unwrapExpression(e).kind === ts.SyntaxKind.FalseKeyword;
}

/** Packages whose instances schedule or run jobs: `new Agenda()`, `new Bree()`… (module → kind). */
const INSTANCE_MODULES: Readonly<Record<string, string>> = {
  agenda: 'agenda',
  '@hokify/agenda': 'agenda',
  bree: 'bree',
  'toad-scheduler': 'toad-scheduler',
  bull: 'bull',
  bullmq: 'bullmq',
  'bee-queue': 'bee-queue',
  'pg-boss': 'pg-boss',
};

/** Method names that only toad-scheduler (and @fastify/schedule, which wraps it) have. */
const TOAD_METHODS = new Set(['addSimpleIntervalJob', 'addIntervalJob', 'addCronJob', 'addLongIntervalJob']);

function last(ref: ModuleRef | undefined): string {
  return ref ? (ref.path[ref.path.length - 1] ?? '') : '';
}

function fnArgument(args: readonly ts.Expression[] | undefined): ts.Expression | undefined {
  return args?.find((a) => {
    const u = unwrapExpression(a);
    return ts.isFunctionExpression(u) || ts.isArrowFunction(u);
  });
}

/** An options object's property value (`{ cronTime, onTick }`). */
function property(object: ts.Expression | undefined, name: string): ts.Expression | undefined {
  const o = object && unwrapExpression(object);
  if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
    if (ts.isMethodDeclaration(p) && propertyNameText(p.name) === name) return p as unknown as ts.Expression;
  }
  return undefined;
}

function isEmptyFunction(e: ts.Expression | undefined): boolean {
  const u = e && unwrapExpression(e);
  if (!u || !(ts.isFunctionExpression(u) || ts.isArrowFunction(u))) return false;
  return ts.isBlock(u.body) ? u.body.statements.length === 0 : false;
}

/**
 * Instances of scheduler packages held in names of this file: `const agenda = new Agenda()`,
 * `this.queue = new Queue('x')`. Keyed by the name (`agenda`, `this.queue`) → kind.
 */
export type Instances = Map<string, string>;

export function instanceKind(e: ts.Expression | undefined, bindings: ModuleBindings): string | undefined {
  if (!e) return undefined;
  let u = unwrapExpression(e);
  if (ts.isAwaitExpression(u)) u = unwrapExpression(u.expression);
  if (!ts.isNewExpression(u) && !ts.isCallExpression(u)) return undefined;
  const ref = bindings.resolve(u.expression);
  if (!ref) return undefined;
  const kind = INSTANCE_MODULES[ref.module] ?? INSTANCE_MODULES[forkedPackage(ref.module) ?? ''];
  if (!kind) return undefined;
  const name = last(ref);
  if (kind === 'bull' || kind === 'bullmq' || kind === 'bee-queue') {
    if (name === 'Worker' || name === 'QueueScheduler') return `${kind}:worker`;
    return name === '' || name === 'Queue' ? `${kind}:queue` : undefined;
  }
  // pg-boss: a queue in PostgreSQL; `schedule()` makes a job repeat, `work()` processes it.
  if (kind === 'pg-boss') return name === '' || name === 'PgBoss' || name === 'default' ? 'pg-boss:queue' : undefined;
  return name === '' || /^(?:Agenda|Bree|ToadScheduler)$/.test(name) ? kind : undefined;
}

function receiverName(e: ts.Expression): string | undefined {
  const u = unwrapExpression(e);
  if (ts.isIdentifier(u)) return u.text;
  if (ts.isPropertyAccessExpression(u)) return u.name.text;
  return undefined;
}

/** Scheduler packages by the name a vendored copy's folder goes by (`libs/nodeCron`, `vendor/node-schedule`). */
const VENDORED_SCHEDULERS: Readonly<Record<string, string>> = { nodecron: 'node-cron', nodeschedule: 'node-schedule', croner: 'croner' };

/**
 * A scheduler package copied into the repository (audiobookshelf's `require('../libs/nodeCron')`): a relative path
 * through a folder of vendored code (`libs/`, `vendor/`, `third_party/`; not an app's own `lib/`) whose last part is the package's name, in any case or spelling.
 */
function vendoredPackage(specifier: string): string | undefined {
  const m = /^\.\.?\/(?:.*\/)?(?:libs|vendors?|third[-_]party|external|deps)\/(?:.*\/)?([^/]+?)(?:\/index)?(?:\.[cm]?[jt]s)?$/i.exec(
    specifier,
  );
  return m ? VENDORED_SCHEDULERS[m[1].toLowerCase().replace(/[^a-z0-9]/g, '')] : undefined;
}

/** Scheduler packages a fork may republish under its own scope (`@mintplex-labs/bree`, `@hokify/agenda`). */
const FORKABLE_SCHEDULERS = new Set(['node-cron', 'cron', 'node-schedule', 'croner', 'bree', 'agenda', 'toad-scheduler']);

/** `@scope/bree` → `bree`: a fork of a scheduler package under another scope, with the same API. */
function forkedPackage(specifier: string): string | undefined {
  const m = /^@[^/]+\/([^/]+)$/.exec(specifier);
  return m && FORKABLE_SCHEDULERS.has(m[1]) ? m[1] : undefined;
}

/** The scheduler a call, `new` or decorator stands for, if any. */
export function schedulerOf(
  node: ts.CallExpression | ts.NewExpression,
  bindings: ModuleBindings,
  instances: Instances,
  inDecorator: boolean,
): SchedulerCall | undefined {
  const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const callee = unwrapExpression(node.expression);
  const ref = bindings.resolve(callee);
  const isNew = ts.isNewExpression(node);
  if (ref) {
    const name = last(ref);
    switch (vendoredPackage(ref.module) ?? forkedPackage(ref.module) ?? ref.module) {
      case 'node-cron': {
        // `{ scheduled: false }`: the task waits for task.start().
        const paused = isFalse(property(args[2], 'scheduled'));
        if (name === 'schedule')
          return {
            api: 'node-cron',
            label: 'cron.schedule(…)',
            schedule: args[0],
            callback: args[1],
            ...(paused ? { needsStart: true as const } : {}),
          };
        break;
      }
      case 'cron': {
        // A CronJob runs once started: the `start` argument, `start: true`, or job.start() somewhere.
        const started = (at: ts.Expression | undefined) => (isTrue(at) ? {} : { needsStart: true as const });
        if (name === 'CronJob' && isNew)
          return { api: 'cron', label: 'new CronJob(…)', schedule: args[0], callback: args[1], ...started(args[3]) };
        if (name === 'from' && ref.path.includes('CronJob'))
          return {
            api: 'cron',
            label: 'CronJob.from(…)',
            schedule: property(args[0], 'cronTime'),
            callback: property(args[0], 'onTick'),
            ...started(property(args[0], 'start')),
          };
        if (name === 'job' || name === 'CronJob')
          return { api: 'cron', label: `cron.${name}(…)`, schedule: args[0], callback: args[1], ...started(args[3]) };
        break;
      }
      case 'node-schedule':
        if (name === 'scheduleJob' || (name === 'Job' && isNew)) {
          const fn = fnArgument(args) ?? args[args.length - 1];
          return {
            api: 'node-schedule',
            label: name === 'Job' ? 'new schedule.Job(…)' : 'schedule.scheduleJob(…)',
            schedule: args[args.length > 2 ? 1 : 0],
            callback: fn,
          };
        }
        break;
      case 'croner':
        if (name === '' || name === 'Cron') {
          // `new Cron(pattern)` without a function only parses or validates a pattern.
          const fn = args.length >= 2 ? args[args.length - 1] : undefined;
          if (!fn || isEmptyFunction(fn) || (ts.isObjectLiteralExpression(unwrapExpression(fn)) && args.length === 2)) return undefined;
          return { api: 'croner', label: isNew ? 'new Cron(…)' : 'Cron(…)', schedule: args[0], callback: fn };
        }
        break;
      case 'later':
      case '@breejs/later':
        if (name === 'setInterval') return { api: 'later', label: 'later.setInterval(…)', schedule: args[1], callback: args[0] };
        break;
      case 'bree':
        if (isNew && (name === '' || name === 'Bree')) return { api: 'bree', label: 'new Bree(…)', schedule: args[0], needsStart: true };
        break;
      case '@nestjs/schedule':
        if (inDecorator && (name === 'Cron' || name === 'Interval'))
          return { api: '@nestjs/schedule', label: `@${name}(…)`, schedule: args[0], nest: true };
        break;
      case 'timers':
        if (name === 'setInterval')
          return { api: 'setInterval', label: 'setInterval(…)', schedule: args[1], callback: args[0], timer: true };
        break;
    }
  }
  if (ts.isIdentifier(callee) && callee.text === 'setInterval' && !bindings.get('setInterval'))
    return { api: 'setInterval', label: 'setInterval(…)', schedule: args[1], callback: args[0], timer: true };
  if (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'setInterval' &&
    /^(?:globalThis|global|window)$/.test(receiverName(callee.expression) ?? '')
  )
    return { api: 'setInterval', label: 'setInterval(…)', schedule: args[1], callback: args[0], timer: true };
  if (!ts.isPropertyAccessExpression(callee) || isNew) return undefined;
  const method = callee.name.text;
  const receiver = callee.expression;
  const key = localName(receiver);
  const known = key ? instances.get(key) : undefined;
  const rName = receiverName(receiver) ?? '';
  if (TOAD_METHODS.has(method)) return { api: 'toad-scheduler', label: `${rName || 'scheduler'}.${method}(…)`, callback: args[0] };
  // The instance may be made in a module of the workspace named for it (`const agenda = require('./agenda')`).
  const fromAgendaModule = () => {
    const ref = ts.isIdentifier(receiver) ? bindings.get(receiver.text) : undefined;
    return !!ref && ref.module.startsWith('.') && /agenda/i.test(ref.module.split('/').pop() ?? '');
  };
  const agenda =
    known === 'agenda' ||
    (!known && /agenda/i.test(rName) && (bindings.uses('agenda') || bindings.uses('@hokify/agenda') || fromAgendaModule()));
  if (agenda && (method === 'every' || method === 'start'))
    return { api: 'agenda', label: `${rName}.${method}(…)`, schedule: method === 'every' ? args[0] : undefined };
  if (/^(?:addCronJob|addInterval)$/.test(method) && /schedulerRegistry/i.test(rName))
    return { api: '@nestjs/schedule', label: `${rName}.${method}(…)`, nest: true };
  // pg-boss: boss.schedule(name, cron, data?, options?) repeats a queued job; a process that works the queue runs it.
  if (method === 'schedule' && (known === 'pg-boss:queue' || (!known && /boss/i.test(rName) && usesPgBoss(receiver, bindings))))
    return { api: 'pg-boss', label: `${rName || 'boss'}.schedule(…)`, schedule: args[1], repeatable: true };
  // Bull / BullMQ repeatable jobs: queue.add(name?, data, { repeat: { cron | pattern | every } }), queue.upsertJobScheduler(…)
  const queue = (known ?? '').endsWith(':queue') || /queue/i.test(rName);
  if (queue && method === 'upsertJobScheduler')
    return { api: 'bullmq', label: `${rName}.upsertJobScheduler(…)`, schedule: args[1], repeatable: true };
  if (queue && method === 'add') {
    for (const arg of args.slice(1)) {
      const repeat = property(arg, 'repeat');
      if (repeat && ts.isObjectLiteralExpression(unwrapExpression(repeat)))
        return {
          api: bindings.uses('bullmq') ? 'bullmq' : 'bull',
          label: `${rName}.add(…, { repeat })`,
          schedule: repeat,
          repeatable: true,
        };
    }
  }
  return undefined;
}

/**
 * `agenda.start()`, `jobs.every('1 hour', 'report')` on a name imported from a module of the workspace
 * (`const { agenda } = require('./scheduler')`): Agenda's processor or job when that module exports an
 * Agenda instance under the name (agendaExports), which only the program can tell. The module and
 * export path (`''` for the module itself or its default export) come with the call.
 */
export function importedInstanceCall(
  call: ts.CallExpression,
  bindings: ModuleBindings,
): { scheduler: SchedulerCall; from: { spec: string; path: string } } | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'start' && callee.name.text !== 'every')) return undefined;
  const ref = bindings.resolve(callee.expression);
  if (!ref || !ref.module.startsWith('.')) return undefined;
  const method = callee.name.text;
  const label = `${receiverName(callee.expression) ?? 'agenda'}.${method}(…)`;
  const schedule = method === 'every' ? call.arguments[0] : undefined;
  return { scheduler: { api: 'agenda', label, ...(schedule ? { schedule } : {}) }, from: { spec: ref.module, path: ref.path.join('.') } };
}

/**
 * The names under which a module exports an Agenda instance (`''`: the module itself, or its default export):
 * `module.exports = { agenda }`, `exports.jobs = agenda`, `module.exports = new Agenda(…)`, `export const agenda =
 * new Agenda(…)`, `export { agenda as jobs }`, `export default agenda`. Top-level statements only.
 */
export function agendaExports(sourceFile: ts.SourceFile, bindings: ModuleBindings, instances: Instances): string[] {
  const isAgenda = (e: ts.Expression | undefined): boolean => {
    const u = e && unwrapExpression(e);
    if (!u) return false;
    if (ts.isIdentifier(u)) return instances.get(u.text) === 'agenda';
    return instanceKind(u, bindings) === 'agenda';
  };
  const out = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && isAgenda(d.name)) out.add(d.name.text);
    } else if (ts.isExportAssignment(statement)) {
      if (isAgenda(statement.expression)) out.add('');
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const e of statement.exportClause.elements) if (isAgenda(e.propertyName ?? e.name)) out.add(e.name.text);
    } else if (ts.isExpressionStatement(statement)) {
      const e = unwrapExpression(statement.expression);
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const target = exportTarget(e.left);
      if (target === undefined) continue;
      const right = unwrapExpression(e.right);
      if (isAgenda(right)) out.add(target);
      else if (target === '' && ts.isObjectLiteralExpression(right))
        for (const p of right.properties) {
          const key = p.name && propertyNameText(p.name);
          if (!key) continue;
          if (ts.isShorthandPropertyAssignment(p) ? isAgenda(p.name) : ts.isPropertyAssignment(p) && isAgenda(p.initializer)) out.add(key);
        }
    }
  }
  return [...out];
}

/** `module.exports` → `''`, `module.exports.x` / `exports.x` → `x`; otherwise undefined. */
function exportTarget(left: ts.Expression): string | undefined {
  const l = unwrapExpression(left);
  if (!ts.isPropertyAccessExpression(l)) return undefined;
  const base = unwrapExpression(l.expression);
  if (ts.isIdentifier(base) && base.text === 'module' && l.name.text === 'exports') return '';
  if (ts.isIdentifier(base) && base.text === 'exports') return l.name.text;
  if (
    ts.isPropertyAccessExpression(base) &&
    ts.isIdentifier(base.expression) &&
    base.expression.text === 'module' &&
    base.name.text === 'exports'
  )
    return l.name.text;
  return undefined;
}

/** `new Worker(queue, processor)` (BullMQ), `queue.process(…)` (Bull, Bee-Queue): this program runs queued jobs. */
export function isQueueProcessor(node: ts.CallExpression | ts.NewExpression, bindings: ModuleBindings, instances: Instances): boolean {
  const kind = instanceKind(node, bindings);
  if (kind?.endsWith(':worker')) return true;
  const callee = unwrapExpression(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || ts.isNewExpression(node)) return false;
  const key = localName(callee.expression);
  const known = key ? instances.get(key) : undefined;
  // pg-boss: `boss.work(name, handler)`.
  if (callee.name.text === 'work')
    return (
      known === 'pg-boss:queue' ||
      (!known && /boss/i.test(receiverName(callee.expression) ?? '') && usesPgBoss(callee.expression, bindings))
    );
  if (callee.name.text !== 'process') return false;
  if (known?.endsWith(':queue')) return true;
  const rName = receiverName(callee.expression) ?? '';
  return /queue/i.test(rName) && (bindings.uses('bull') || bindings.uses('bee-queue') || bindings.uses('bullmq')) && rName !== 'process';
}

/** The file imports pg-boss, or the receiver comes from a module of the workspace named for it (`'./lib/boss.js'`, `'#lib/boss'`). */
function usesPgBoss(receiver: ts.Expression, bindings: ModuleBindings): boolean {
  if (bindings.uses('pg-boss')) return true;
  const u = unwrapExpression(receiver);
  const ref = ts.isIdentifier(u) ? bindings.get(u.text) : undefined;
  return !!ref && /^[.#]/.test(ref.module) && /boss/i.test(ref.module.split('/').pop() ?? '');
}

/** `cluster.fork()`, `throng(…)`: the app forks its own worker processes. */
export function forkOf(
  sourceFile: ts.SourceFile,
  node: ts.CallExpression,
  bindings: ModuleBindings,
  ancestors: readonly ts.Node[] = [],
): string | undefined {
  const ref = bindings.resolve(node.expression);
  // `for (let i = 0; i < workerCount; i++) cluster.fork()` with `workerCount` from CLUSTER_WORKER_COUNT: sized by the
  // operator, as throng's `count: process.env.WEB_CONCURRENCY` is.
  if (ref?.module === 'cluster' && last(ref) === 'fork')
    return ancestors.some((a) => ts.isForStatement(a) && !!a.condition && boundFromEnvironment(sourceFile, a.condition))
      ? undefined
      : 'cluster.fork()';
  if (ref?.module === 'throng' && ref.path.length === 0 && !countFromEnvironment(sourceFile, node)) return 'throng(…)';
  return undefined;
}

/**
 * `throng({ worker, count: process.env.WEB_CONCURRENCY || 1 })`, `throng(WORKERS, start)` with `WORKERS =
 * env.WEB_CONCURRENCY`: the platform's own setting of how many processes a dyno runs (Heroku documents this
 * pattern), so the operator decides, not the code.
 */
function countFromEnvironment(sourceFile: ts.SourceFile, call: ts.CallExpression): boolean {
  const first = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!first) return false;
  const count = ts.isObjectLiteralExpression(first) ? (property(first, 'count') ?? property(first, 'workers')) : first;
  return !!count && readsEnvironment(sourceFile, count);
}

/**
 * The loop's bound is the environment's: the condition is one comparison (`i < workerCount`) whose bound reads the
 * environment itself or through a name the file declares from it (not an object's other member, `config.workers`).
 */
function boundFromEnvironment(sourceFile: ts.SourceFile, condition: ts.Expression): boolean {
  const c = unwrapExpression(condition);
  if (!ts.isBinaryExpression(c)) return false;
  const op = c.operatorToken.kind;
  const bound =
    op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken
      ? c.right
      : op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken
        ? c.left
        : undefined;
  const u = bound && unwrapExpression(bound);
  return !!u && (ts.isIdentifier(u) || /process\.env/.test(u.getText(sourceFile))) && readsEnvironment(sourceFile, u);
}

/** An expression that reads the environment, itself or through a name the file declares at its top from it. */
function readsEnvironment(sourceFile: ts.SourceFile, e: ts.Expression): boolean {
  const readsEnv = (text: string) => /process\.env|\benv\.|WEB_CONCURRENCY/.test(text);
  if (readsEnv(e.getText(sourceFile))) return true;
  // A name of the file whose declaration reads the environment.
  const names = new Set<string>();
  const collect = (n: ts.Node) => {
    if (ts.isIdentifier(n)) names.add(n.text);
    ts.forEachChild(n, collect);
  };
  collect(e);
  return sourceFile.statements.some(
    (statement) =>
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.some(
        (d) => ts.isIdentifier(d.name) && names.has(d.name.text) && !!d.initializer && readsEnv(d.initializer.getText(sourceFile)),
      ),
  );
}

// ── work or bookkeeping ─────────────────────────────────────────────────────────────────────────

/** Words of a name that say the function keeps its own process going: metrics, heartbeats, caches, tokens, logs. */
const BOOKKEEPING_WORDS = new Set([
  'metric',
  'metrics',
  'gauge',
  'gauges',
  'stat',
  'stats',
  'histogram',
  'heartbeat',
  'heartbeats',
  'beat',
  'ping',
  'pong',
  'keepalive',
  'alive',
  'awake',
  'wake',
  'health',
  'healthcheck',
  'healthy',
  'log',
  'logs',
  'logger',
  'debug',
  'info',
  'warn',
  'trace',
  'print',
  'gc',
  'memory',
  'mem',
  'cpu',
  'uptime',
  'usage',
  'cache',
  'caches',
  'cached',
  'token',
  'tokens',
  'jwks',
  'key',
  'keys',
  'clock',
  'time',
  'timestamp',
  'version',
  'versions',
  'telemetry',
  'connection',
  'connections',
  'client',
  'clients',
  'socket',
  'sockets',
  'reconnect',
  'connect',
  'refresh',
  'reload',
  'load',
  'evict',
  'invalidate',
  'prune',
  'reset',
  'clear',
  'emit',
  'broadcast',
  'render',
  'progress',
  'monitor',
  'observe',
  'measure',
  'rotate',
  'lru',
  'limiter',
  'limit',
  'rate',
  'window',
]);

/** Things only a database holds: a job that prunes or creates them changes the database (DDL), not the process. */
const DATABASE_OBJECTS = new Set(['partition', 'partitions', 'table', 'tables', 'schema', 'schemas', 'database', 'databases']);
const DDL_VERBS = new Set([
  'prune',
  'ensure',
  'create',
  'drop',
  'truncate',
  'vacuum',
  'rotate',
  'purge',
  'delete',
  'remove',
  'archive',
  'maintain',
  'manage',
  'add',
  'attach',
  'detach',
  'clean',
  'cleanup',
  'partition',
]);

/** Words of a name that say the function does a job's work: writes, calls out, sends, processes. */
const WORK_WORDS = new Set([
  'send',
  'email',
  'emails',
  'mail',
  'mails',
  'mailer',
  'sms',
  'notify',
  'notification',
  'notifications',
  'publish',
  'enqueue',
  'dispatch',
  'job',
  'jobs',
  'task',
  'tasks',
  'cron',
  'digest',
  'digests',
  'report',
  'reports',
  'invoice',
  'invoices',
  'charge',
  'bill',
  'billing',
  'payment',
  'payments',
  'payout',
  'subscription',
  'subscriptions',
  'renew',
  'sync',
  'synchronize',
  'import',
  'export',
  'process',
  'execute',
  'generate',
  'backup',
  'cleanup',
  'clean',
  'purge',
  'expire',
  'expired',
  'remove',
  'delete',
  'destroy',
  'archive',
  'aggregate',
  'compute',
  'calculate',
  'recalculate',
  'crawl',
  'scrape',
  'poll',
  'pull',
  'save',
  'insert',
  'upsert',
  'update',
  'create',
  'write',
  'migrate',
  'reindex',
  'rebuild',
  'gather',
  'reconcile',
  'settle',
  'deliver',
  'resend',
  'batch',
  'increment',
  'decrement',
  'transaction',
  'order',
  'orders',
  'webhook',
  'webhooks',
  'upload',
  'download',
  'post',
]);

/** Packages and fs functions that remove files or folders from the local disk. */
const FILE_REMOVERS: Readonly<Record<string, RegExp>> = {
  fs: /^(?:promises\.)?(?:rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync)$/,
  'fs/promises': /^(?:rm|rmdir|unlink)$/,
  'fs-extra': /^(?:remove|removeSync|emptyDir|emptyDirSync|rm|rmSync|unlink|unlinkSync)$/,
  del: /^(?:|default|deleteAsync|deleteSync)$/,
  rimraf: /^(?:|default|rimraf|rimrafSync|sync)$/,
};

function isLocalFileRemoval(ref: { module: string; path: readonly string[] }): boolean {
  const module = ref.module.replace(/^node:/, '');
  return Object.hasOwn(FILE_REMOVERS, module) && FILE_REMOVERS[module].test(ref.path.join('.'));
}

/** fs functions that only read the local disk (a file, a folder's listing, a file's size): `readFileSync` is no sync. */
const FILE_READER = /^(?:promises\.)?(?:readFile|readdir|stat|lstat|access|exists|realpath)(?:Sync)?$/;

function isLocalFileRead(ref: { module: string; path: readonly string[] }): boolean {
  const module = ref.module.replace(/^node:/, '');
  return (module === 'fs' || module === 'fs/promises' || module === 'fs-extra') && FILE_READER.test(ref.path.join('.'));
}

/** Packages whose calls go over HTTP. */
const HTTP_MODULES = new Set([
  'axios',
  'got',
  'node-fetch',
  'undici',
  'superagent',
  'request',
  'request-promise',
  'request-promise-native',
  'needle',
  'ky',
  'cross-fetch',
  'isomorphic-fetch',
  'phin',
  'bent',
]);

/** Telemetry and product-analytics clients (a package or a receiver): an instance reporting itself. */
const TELEMETRY = /telemetry|posthog|analytics|segment|mixpanel|amplitude|tracker/i;
/** Clients of a metrics service (CloudWatch, StatsD, Datadog, Prometheus' push gateway): what they send is the process's metrics. */
const METRICS_CLIENT = /cloud_?watch|statsd|datadog|dogstatsd|newrelic|prometheus|pushgateway|metrics?(?:client)?$/i;

/** What such a client does to report (`track('PING')`, `posthog.capture(…)`); not `sendWeeklyReportEmails`. */
const TRACK_METHODS = new Set(['track', 'capture', 'identify', 'page', 'screen', 'group', 'alias', 'ping', 'heartbeat', 'flush']);

function isTelemetryModule(ref: ModuleRef): boolean {
  return !ref.module.startsWith('.') && TELEMETRY.test(ref.module) && (ref.path.length === 0 || TRACK_METHODS.has(last(ref)));
}

/** Receivers that are sockets (ws, socket.io); not a `client` or `connection`, which may be a broker's or a database's. */
const SOCKET_RECEIVER = /^(?:socket|ws|websocket|io)$|Socket$|WebSocket$/;

/** Receivers that are the process's own collections (a Map, a cache object): writing them is bookkeeping. */
const IN_MEMORY_RECEIVER =
  /(?:cache|map|set|list|store|pending|sessions|clients|connections|sockets|timers|hits|counts?|counters?|buckets|entries|seen|registry|lookup|memo|buffer|array|arr|items|requests|attempts|ids|keys|users|rooms|listeners|subscribers|watchers|intervals)$/i;

/** Words of a camelCase or snake_case name, lower-cased. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** A name on its own: `autoSendMessageForCustomer` is work, `updateMetrics` bookkeeping, `tick` unknown. */
function judgeName(name: string): 'work' | 'bookkeeping' | 'unknown' {
  const words = wordsOf(name);
  // `pruneOldPartitions`, `ensurePartitionsExist`, `dropExpiredTables`: a verb that changes the database's own objects (not
  // `extractTableNames`, `getTableSize`).
  if (DDL_VERBS.has(words[0] ?? '') && words.some((w) => DATABASE_OBJECTS.has(w))) return 'work';
  if (words.some((w) => BOOKKEEPING_WORDS.has(w))) return 'bookkeeping';
  if (words.some((w) => WORK_WORDS.has(w))) return 'work';
  return 'unknown';
}

const functionIndex = new WeakMap<ts.SourceFile, Map<string, ts.Node>>();

/** Functions of a file by name (declarations, `const f = () => …`, methods): to follow a callback to its body. */
function functionsOf(sourceFile: ts.SourceFile): Map<string, ts.Node> {
  let index = functionIndex.get(sourceFile);
  if (index) return index;
  index = new Map();
  functionIndex.set(sourceFile, index);
  const byName = index;
  const stack: ts.Node[] = [sourceFile];
  while (stack.length) {
    const node = stack.pop()!;
    let name: string | undefined;
    let fn: ts.Node | undefined;
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && node.body) {
      name = propertyNameText(node.name);
      fn = node;
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = unwrapExpression(node.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
        name = node.name.text;
        fn = init;
      }
    } else if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) {
      const init = node.initializer && unwrapExpression(node.initializer);
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
        name = propertyNameText(node.name);
        fn = init;
      }
    }
    if (name && fn) byName.set(name, byName.has(name) ? (byName.get(name) ?? fn) : fn);
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return index;
}

const collectionIndex = new WeakMap<ts.SourceFile, Map<string, boolean>>();

/** `new Map()`, `new Set()`, `[]`, `{}`: a collection this process holds in memory. */
function isCollectionValue(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  if (ts.isArrayLiteralExpression(u)) return true;
  if (ts.isObjectLiteralExpression(u)) return u.properties.length === 0;
  return ts.isNewExpression(u) && ts.isIdentifier(u.expression) && /^(?:Map|Set|WeakMap|WeakSet|Array)$/.test(u.expression.text);
}

/**
 * Is `receiver` (`jobs`, `this.jobs`, `this.#jobs`) one of the file's own in-memory collections,
 * whatever its name: every value the file gives it is a new Map, Set, array or empty object. A
 * variable (`jobs`) and a field (`this.jobs`) are told apart; names are matched across the file, as
 * functionsOf matches methods. What gives a name a value that is not known to be a collection: a
 * parameter (a constructor's `private readonly jobs: JobRepository` too), a destructuring, any other
 * initializer or assignment, and a function put on it (`jobs.sync = async () => …`: a namespace).
 */
function isOwnCollection(sourceFile: ts.SourceFile, receiver: ts.Expression): boolean {
  const key = memberKey(unwrapExpression(receiver));
  if (key === undefined) return false;
  let index = collectionIndex.get(sourceFile);
  if (!index) {
    index = collectionsOf(sourceFile);
    collectionIndex.set(sourceFile, index);
  }
  return index.get(key) === true;
}

const loopSources = new WeakMap<ts.SourceFile, Map<string, ts.Expression[]>>();

/** Methods that change a Map, a Set or an array in place. */
const COLLECTION_METHODS = /^(?:delete|clear|set|add|push|pop|shift|unshift|splice)$/;

/**
 * `for (const macs of this.seenMacs.values()) macs.delete(mac)`: a name a loop of the file takes from one of the file's own
 * collections (its values, entries or keys) is part of that collection. Every loop that declares the name must do so.
 */
function isEntryOfOwnCollection(sourceFile: ts.SourceFile, receiver: ts.Expression): boolean {
  const e = unwrapExpression(receiver);
  if (!ts.isIdentifier(e)) return false;
  let index = loopSources.get(sourceFile);
  if (!index) {
    const found = (index = new Map<string, ts.Expression[]>());
    const names = (name: ts.BindingName, source: ts.Expression): void => {
      if (ts.isIdentifier(name)) found.set(name.text, [...(found.get(name.text) ?? []), source]);
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) names(element.name, source);
    };
    // A name also declared outside a loop (a parameter, a variable) is another value in some scope: not indexed.
    const elsewhere = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
        for (const d of node.initializer.declarations) names(d.name, node.expression);
        visit(node.expression);
        visit(node.statement);
        return;
      }
      if ((ts.isVariableDeclaration(node) || ts.isParameter(node)) && ts.isIdentifier(node.name)) elsewhere.add(node.name.text);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    for (const name of elsewhere) found.delete(name);
    loopSources.set(sourceFile, index);
  }
  const sources = index.get(e.text);
  if (!sources?.length) return false;
  return sources.every((source) => {
    let u = unwrapExpression(source);
    if (ts.isCallExpression(u) && ts.isPropertyAccessExpression(u.expression) && /^(?:values|entries|keys)$/.test(u.expression.name.text))
      u = unwrapExpression(u.expression.expression);
    return isOwnCollection(sourceFile, u);
  });
}

/**
 * `jobs` → `jobs`, `this.jobs` → `this.jobs`, `this.#jobs` → `this.#jobs`, and a member of a name
 * (`Queue.waiting`, a class's static field or an object's property) → `Queue.waiting`; anything else undefined.
 */
function memberKey(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return `this.${e.name.text}`;
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) return `${e.expression.text}.${e.name.text}`;
  return undefined;
}

const containerIndex = new WeakMap<ts.SourceFile, Set<string>>();

/** Is `name` a class or an object literal declared in this file (`AuthHandler.cleanup()` calls this file's code)? */
function isLocalContainer(sourceFile: ts.SourceFile, name: string): boolean {
  let names = containerIndex.get(sourceFile);
  if (!names) {
    const found = (names = new Set<string>());
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) found.add(node.name.text);
      else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const init = unwrapExpression(node.initializer);
        if (ts.isObjectLiteralExpression(init) || ts.isClassExpression(init)) found.add(node.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    containerIndex.set(sourceFile, names);
  }
  return names.has(name);
}

function collectionsOf(sourceFile: ts.SourceFile): Map<string, boolean> {
  const byName = new Map<string, boolean>();
  const record = (key: string | undefined, value: ts.Expression | undefined) => {
    if (key !== undefined) byName.set(key, (byName.get(key) ?? true) && value !== undefined && isCollectionValue(value));
  };
  const unknownNames = (node: ts.Node) => {
    if (ts.isIdentifier(node)) record(node.text, undefined);
    else ts.forEachChild(node, unknownNames);
  };
  const stack: ts.Node[] = [sourceFile];
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isVariableDeclaration(node)) {
      if (ts.isIdentifier(node.name)) {
        if (node.initializer) record(node.name.text, node.initializer);
        // `const Queue = { waiting: new Set() }`: `Queue.waiting` (also the fallback of `byId[id] || { queue: [] }`).
        let init = node.initializer && unwrapExpression(node.initializer);
        if (
          init &&
          ts.isBinaryExpression(init) &&
          (init.operatorToken.kind === ts.SyntaxKind.BarBarToken || init.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
        )
          init = unwrapExpression(init.right);
        if (init && ts.isObjectLiteralExpression(init))
          for (const p of init.properties)
            if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) record(`${node.name.text}.${p.name.text}`, p.initializer);
            else if (p.name && ts.isIdentifier(p.name)) record(`${node.name.text}.${p.name.text}`, undefined);
      } else unknownNames(node.name);
    } else if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name) {
      // `static pending = new Map()`: `AuthHandler.pending`.
      for (const m of node.members)
        if (
          ts.isPropertyDeclaration(m) &&
          ts.isIdentifier(m.name) &&
          m.initializer &&
          m.modifiers?.some((k) => k.kind === ts.SyntaxKind.StaticKeyword)
        )
          record(`${node.name.text}.${m.name.text}`, m.initializer);
    } else if (ts.isPropertyDeclaration(node) && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) {
      const isStatic = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
      if (!isStatic && node.initializer) record(`this.${node.name.text}`, node.initializer);
    } else if (ts.isParameter(node)) {
      // `constructor(private readonly jobs: JobRepository)` is a field too.
      if (ts.isIdentifier(node.name)) {
        record(node.name.text, undefined);
        if (node.modifiers?.some((m) => PARAMETER_PROPERTY_MODIFIERS.has(m.kind))) record(`this.${node.name.text}`, undefined);
      } else unknownNames(node.name);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrapExpression(node.left);
      const key = memberKey(left);
      if (key !== undefined) record(key, node.right);
      else if (ts.isObjectLiteralExpression(left) || ts.isArrayLiteralExpression(left)) unknownNames(left);
      if ((ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && isFunctionValue(node.right)) {
        // `jobs.syncOrders = async () => …`: an object of functions, not a collection.
        record(memberKey(unwrapExpression(left.expression)), undefined);
      }
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return byName;
}

const PARAMETER_PROPERTY_MODIFIERS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.PublicKeyword,
  ts.SyntaxKind.PrivateKeyword,
  ts.SyntaxKind.ProtectedKeyword,
  ts.SyntaxKind.ReadonlyKeyword,
  ts.SyntaxKind.OverrideKeyword,
]);

function isFunctionValue(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  return ts.isArrowFunction(u) || ts.isFunctionExpression(u) || ts.isClassExpression(u);
}

/** The function a callback expression denotes in this file, or its name when it lives elsewhere. */
export function callbackTarget(sourceFile: ts.SourceFile, e: ts.Expression | undefined): { fn?: ts.Node; name?: string } {
  if (!e) return {};
  let u = unwrapExpression(e);
  // f.bind(this), this.run.bind(this)
  if (ts.isCallExpression(u) && ts.isPropertyAccessExpression(u.expression) && u.expression.name.text === 'bind')
    u = unwrapExpression(u.expression.expression);
  if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return { fn: u };
  const name = ts.isIdentifier(u) ? u.text : ts.isPropertyAccessExpression(u) ? u.name.text : undefined;
  if (!name) return {};
  const fn = functionsOf(sourceFile).get(name);
  return fn ? { fn, name } : { name };
}

interface WorkJudgement {
  verdict: 'work' | 'bookkeeping' | 'unknown';
  /** What made it work: `updateById(…)`, `axios.get(…)`, `a name that says so (sendDigest)`. */
  because?: string;
  /** Bookkeeping that refreshes a value the process keeps (`salt = generate()`): refreshesOf. */
  refresh?: true;
  /** Bookkeeping of the file's own collections (`pending.delete(key)`, `Queue.waiting.add(fn)`): isOwnCollection. */
  own?: true;
}

function textOfArguments(sourceFile: ts.SourceFile, args: readonly ts.Expression[]): string {
  const parts: string[] = [];
  for (const a of args) {
    const u = unwrapExpression(a);
    parts.push(u.getText(sourceFile));
    if (ts.isIdentifier(u)) {
      const init = initializerOf(sourceFile, u.text);
      if (init) parts.push(init.getText(sourceFile));
    }
  }
  return parts.join(' ');
}

/** Arguments that are constants or the time: a heartbeat (`publish('SERVER_TIME', moment())`), not a job's message. */
function constantOrTime(sourceFile: ts.SourceFile, args: readonly ts.Expression[]): boolean {
  if (args.length === 0) return true;
  return args.every((a) => {
    const u = unwrapExpression(a);
    if (ts.isLiteralExpression(u) || u.kind === ts.SyntaxKind.TrueKeyword || u.kind === ts.SyntaxKind.FalseKeyword) return true;
    // `res.write(STREAM_PING_COMMENT)` with `const STREAM_PING_COMMENT = ': PING\n\n'`: a keep-alive named or spelt so
    // (not `producer.send(TOPIC)`, a constant that is where the work goes).
    const init = ts.isIdentifier(u) ? initializerOf(sourceFile, u.text) : undefined;
    const constant =
      init && (ts.isStringLiteral(init) || ts.isNumericLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)) ? init.text : undefined;
    if (constant !== undefined) {
      // By whole words (`STREAM_PING_COMMENT`, `': ping'`), not inside others (`SHIPPING_LABEL_SYNC`, `'status-report'`).
      const words = wordsOf(u.getText(sourceFile));
      return (
        words.some((w) => KEEP_ALIVE_WORDS.has(w)) ||
        words.join(' ').includes('keep alive') ||
        /^:/.test(constant) ||
        /^(?:ping|pong|heartbeat|keep-?alive)\b/i.test(constant.trim())
      );
    }
    return /\b(?:moment|dayjs|Date|time|timestamp|now|uptime|heartbeat|ping)\b/i.test(u.getText(sourceFile));
  });
}

/** Words of a constant's name that make what it writes a keep-alive. */
const KEEP_ALIVE_WORDS = new Set(['ping', 'pong', 'heartbeat', 'keepalive', 'healthcheck']);

const KEEP_ALIVE_TEXT = /ping|health|alive|wake|heartbeat|keep|version|status|uptime|telemetry|\/ready|\/live/i;

/** Judges one call in a callback's body. */
function judgeCall(
  sourceFile: ts.SourceFile,
  bindings: ModuleBindings,
  call: ts.CallExpression | ts.NewExpression,
): WorkJudgement | undefined {
  const callee = unwrapExpression(call.expression);
  const args = call.arguments ?? [];
  const ref = bindings.resolve(callee);
  const shown = (name: string) => `${name}(…)`;
  if (ref) {
    if (HTTP_MODULES.has(ref.module) || ((ref.module === 'http' || ref.module === 'https') && /^(?:get|request)$/.test(last(ref)))) {
      return KEEP_ALIVE_TEXT.test(textOfArguments(sourceFile, args))
        ? { verdict: 'bookkeeping' }
        : { verdict: 'work', because: `an HTTP call (${[ref.module, ...ref.path].join('.')})` };
    }
    if (ref.module === 'child_process') return { verdict: 'work', because: `a child process (${last(ref)})` };
    if (ref.module === 'console' || ref.module === 'process') return { verdict: 'bookkeeping' };
    // crypto computes (`createHash`, `randomBytes`): none of its functions reaches another system.
    if (/^(?:node:)?crypto$/.test(ref.module)) return { verdict: 'bookkeeping' };
    // Removing files from the process's own disk (a sweep of its temp folders): each replica has its own.
    if (isLocalFileRemoval(ref)) return { verdict: 'bookkeeping' };
    // Reading the process's own disk (a cgroup's memory limit, a file's size): it changes nothing.
    if (isLocalFileRead(ref)) return { verdict: 'bookkeeping' };
    // `track('PING')` of a telemetry client: the instance reports itself, as every replica must.
    if (isTelemetryModule(ref)) return { verdict: 'bookkeeping' };
  }
  if (ts.isIdentifier(callee) && callee.text === 'fetch' && !bindings.get('fetch')) {
    return KEEP_ALIVE_TEXT.test(textOfArguments(sourceFile, args))
      ? { verdict: 'bookkeeping' }
      : { verdict: 'work', because: 'an HTTP call (fetch)' };
  }
  // `createHash('sha1').update(raw).digest('hex')`: a hash computed here, whatever its methods are called.
  if (hashChain(bindings, callee)) return { verdict: 'bookkeeping' };
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!name) return undefined;
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
  const rName = receiver ? (receiverName(receiver) ?? '') : '';
  if (/^(?:emit|publish|broadcast|send|write|notify|push|next)$/i.test(name) && constantOrTime(sourceFile, args))
    return { verdict: 'bookkeeping' };
  // A message on a socket (`this.socket.send(m)`, `ws.send(…)`, `io.emit(…)`): to the clients connected here.
  if (receiver && SOCKET_RECEIVER.test(rName) && /^(?:emit|send|write|broadcast)$/.test(name)) return { verdict: 'bookkeeping' };
  // `worker.postMessage(…)`, `port.postMessage(…)`, an app's own `postMessage(worker, …)` wrapper: a message to a thread
  // or a port of this process (not Slack's `chat.postMessage`, an HTTP call).
  if (name === 'postMessage') {
    const first = args[0] && unwrapExpression(args[0]);
    const target = receiver ? rName : first && ts.isIdentifier(first) ? first.text : '';
    if (/worker|port|thread|parent|channel/i.test(target)) return { verdict: 'bookkeeping' };
  }
  if (receiver && TELEMETRY.test(rName) && TRACK_METHODS.has(name)) return { verdict: 'bookkeeping' };
  // `cloudWatchClient.send(new PutMetricDataCommand(…))`, a StatsD or Datadog client: this process's own metrics, which every
  // replica reports for itself.
  if (receiver && METRICS_CLIENT.test(rName)) return { verdict: 'bookkeeping' };
  if (/^(?:publish\w*|broadcast\w*|emit\w*)$/i.test(name) && constantOrTime(sourceFile, args.slice(1))) return { verdict: 'bookkeeping' };
  if (
    receiver &&
    (isOwnCollection(sourceFile, receiver) || (COLLECTION_METHODS.test(name) && isEntryOfOwnCollection(sourceFile, receiver)))
  )
    return { verdict: 'bookkeeping', own: true };
  if (
    receiver &&
    (IN_MEMORY_RECEIVER.test(rName) || /^(?:Object|Array|JSON|Math|Date|Promise|String|Number|Buffer|moment|_|lodash|R)$/.test(rName))
  )
    return { verdict: 'bookkeeping' };
  // queue.add(…), producer.send(…): work handed to others
  if (
    /queue|producer|channel|kafka|sqs|sns|pubsub|topic|bus/i.test(rName) &&
    /^(?:add|addBulk|send|sendToQueue|publish|produce|enqueue|push)$/.test(name)
  )
    return { verdict: 'work', because: `a queue push (${rName}.${name})` };
  // `updateQuery(ctx, doc, { heartbeat: new Date() })`: one record's liveness, written by a generic write.
  if (isHeartbeatWrite(name, args)) return { verdict: 'bookkeeping' };
  const byName = judgeName(name);
  if (byName === 'work') return { verdict: 'work', because: shown(receiver ? `${rName ? `${rName}.` : ''}${name}` : name) };
  if (byName === 'bookkeeping') return { verdict: 'bookkeeping' };
  // A SQL write through a query API: query('UPDATE …'), raw('DELETE …')
  if (
    /^(?:query|raw|execute|exec|run)$/.test(name) &&
    args[0] &&
    /^\s*(?:insert|update|delete|merge|replace|truncate)\b/i.test(literalOrEmpty(args[0]))
  )
    return { verdict: 'work', because: `a database write (${name})` };
  return undefined;
}

const HEARTBEAT_FIELD =
  /^(?:heartbeat|heartbeat_?at|last_?heartbeat(?:_?at)?|last_?seen(?:_?at)?|last_?ping(?:_?at)?|alive_?at|keep_?alive(?:_?at)?)$/i;

/**
 * A write of one record's liveness: a generic write (`updateQuery`, `worker.updateOne`, `prisma.worker.update`,
 * not `updateMany` or `sendInactivityEmails`) whose only object argument besides a `where`/filter is a
 * heartbeat record. A filter on a liveness field (`{ lastSeenAt: { $lt: … } }`) is a query, not a write.
 */
function isHeartbeatWrite(name: string, args: readonly ts.Expression[]): boolean {
  if (!/^(?:update|upsert|save|set|put|patch|touch|mark|record|write)(?:[A-Z]\w*)?$/.test(name) || /(?:Many|All|Bulk)$/.test(name))
    return false;
  const objects = args.map(unwrapExpression).filter(ts.isObjectLiteralExpression);
  const last = objects[objects.length - 1];
  return !!last && objects.length <= 2 && isHeartbeatRecord(last);
}

/** `{ heartbeat: new Date() }`, `{ $set: { lastSeenAt: Date.now() } }`, `{ where: …, data: { lastPing: new Date() } }`. */
function isHeartbeatRecord(object: ts.ObjectLiteralExpression): boolean {
  if (object.properties.length === 0) return false;
  const wrapped = object.properties.find(
    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && /^(?:\$set|data)$/.test(propertyNameText(p.name) ?? ''),
  );
  if (wrapped) {
    const inner = unwrapExpression(wrapped.initializer);
    const others = object.properties
      .filter((p) => p !== wrapped)
      .map((p) => (ts.isPropertyAssignment(p) ? propertyNameText(p.name) : undefined));
    return ts.isObjectLiteralExpression(inner) && others.every((n) => n === 'where') && isHeartbeatRecord(inner);
  }
  return object.properties.every((p) => {
    if (!ts.isPropertyAssignment(p)) return false;
    const field = propertyNameText(p.name);
    return field !== undefined && HEARTBEAT_FIELD.test(field) && isTheTime(p.initializer);
  });
}

/** `new Date()`, `Date.now()`, `moment()`, `dayjs()`, `knex.fn.now()`: the time itself, not a cutoff computed from it. */
function isTheTime(e: ts.Expression): boolean {
  const u = unwrapExpression(e);
  if (ts.isNewExpression(u)) return ts.isIdentifier(u.expression) && u.expression.text === 'Date' && (u.arguments?.length ?? 0) === 0;
  if (!ts.isCallExpression(u) || u.arguments.length > 0) return false;
  const callee = unwrapExpression(u.expression);
  if (ts.isIdentifier(callee)) return /^(?:moment|dayjs)$/.test(callee.text);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'now';
}

function literalOrEmpty(e: ts.Expression): string {
  const u = unwrapExpression(e);
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return u.text;
  if (ts.isTemplateExpression(u)) return u.head.text;
  return '';
}

/**
 * Does a timer's callback do work? Reads its body (and local functions it calls, two levels down),
 * or, for a function from elsewhere, its name. `work` wins over bookkeeping; nothing known is `unknown`.
 */
export function judgeCallback(sourceFile: ts.SourceFile, bindings: ModuleBindings, callback: ts.Expression | undefined): WorkJudgement {
  const target = callbackTarget(sourceFile, callback);
  if (!target.fn) {
    if (!target.name) return { verdict: 'unknown' };
    const verdict = judgeName(target.name);
    return verdict === 'work' ? { verdict, because: `its name (${target.name})` } : { verdict };
  }
  if (drainsOwnBuffer(sourceFile, target.fn)) return { verdict: 'bookkeeping' };
  return judgeBody(sourceFile, bindings, target.fn, new Set(), 0);
}

/** A collection or a flag of the module (`let pending = {}`, `const queue = []`, `let dirty = false`). */
function isModuleBuffer(sourceFile: ts.SourceFile, name: string): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== name || !decl.initializer) continue;
      const init = unwrapExpression(decl.initializer);
      // Any object literal buffers here (`let pending = { count: 0 }`), not only the empty one.
      if (isCollectionValue(init) || ts.isObjectLiteralExpression(init)) return true;
      const mutable = (statement.declarationList.flags & ts.NodeFlags.Let) !== 0;
      return mutable && (init.kind === ts.SyntaxKind.FalseKeyword || init.kind === ts.SyntaxKind.TrueKeyword);
    }
  }
  return false;
}

/**
 * A timer that flushes what this process buffered (`if (queue.length > 0) { …send them… }`,
 * `if (dirty) { …write the counters… }`): every replica must drain its own memory, so it cannot
 * move to another process type. The work sits inside the `if`, whose condition reads a collection or
 * a flag of the module; a guard that returns (`if (running) return;`) is not a flush.
 */
function drainsOwnBuffer(sourceFile: ts.SourceFile, fn: ts.Node): boolean {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) || !fn.body || !ts.isBlock(fn.body))
    return false;
  const first = fn.body.statements[0];
  if (!first || !ts.isIfStatement(first) || fn.body.statements.length > 2) return false;
  const then = first.thenStatement;
  if (
    ts.isReturnStatement(then) ||
    (ts.isBlock(then) && then.statements.some((st) => ts.isReturnStatement(st) && then.statements.length === 1))
  )
    return false;
  let reads = false;
  const visit = (n: ts.Node) => {
    if (reads) return;
    if (ts.isIdentifier(n) && isModuleBuffer(sourceFile, n.text)) reads = true;
    else ts.forEachChild(n, visit);
  };
  visit(first.expression);
  return reads;
}

/**
 * What a body stores into a value its own process keeps (a module `let`/`var`, a field of `this`): the
 * calls whose results reach such an assignment, directly (`salt = generate()`, `rates = await
 * loadRates()`) or through a local of the body (`const { data } = await axios.post(…); token =
 * data.access_token`). Such a body refreshes the process's copy (rotates a salt, reloads a cache, renews
 * an access token): every replica must do it for itself, so another process type could not. A flag
 * (`running = true`) or the time (`lastRun = Date.now()`) is no refresh, and a call named for work
 * (`report = await sendDigests()`) is work wherever its result goes.
 */
function refreshesOf(sourceFile: ts.SourceFile, bindings: ModuleBindings, fn: ts.Node): { refreshes: boolean; fetches: Set<ts.Node> } {
  const locals = new Map<string, ts.Expression>();
  const stored: ts.Expression[] = [];
  const visit = (node: ts.Node) => {
    if (node !== fn && isFunctionLike(node)) return;
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = node.initializer;
      const bind = (name: ts.BindingName) => {
        if (ts.isIdentifier(name)) locals.set(name.text, init);
        else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
      };
      bind(node.name);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isOwnValue(sourceFile, node.left)) {
      stored.push(node.right);
    } else if (
      // `this.clientConfigs.set(id, config)`, `cache.set('rates', rates)`: a map the process keeps.
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'set' &&
      node.arguments.length === 2 &&
      isOwnValue(sourceFile, node.expression.expression)
    ) {
      stored.push(node.arguments[1]);
    }
    // `fetchConfig(c).then((config) => this.configs.set(c.id, config))`, inside `list.forEach((c) => …)`: the callbacks
    // of a promise and of an iteration run as part of this refresh; `config` is what the promise resolves to.
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      /^(?:then|forEach)$/.test(node.expression.name.text)
    ) {
      const callback = node.arguments[0] && unwrapExpression(node.arguments[0]);
      if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
        const param = callback.parameters[0]?.name;
        if (node.expression.name.text === 'then' && param && ts.isIdentifier(param)) locals.set(param.text, node.expression.expression);
        visit(callback.body);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  // A token endpoint is POSTed to: in a function named for renewing (refreshAccessToken), any request reads.
  const renews = RENEWAL.test(ownName(fn) ?? '');
  const fetches = new Set<ts.Node>();
  let refreshes = false;
  for (const value of stored) {
    const calls: (ts.CallExpression | ts.NewExpression)[] = [];
    const collect = (e: ts.Node, hops: number) => {
      if (isFunctionLike(e)) return;
      if ((ts.isCallExpression(e) || ts.isNewExpression(e)) && !isTheTime(e)) calls.push(e);
      else if (ts.isIdentifier(e) && hops < 2 && locals.has(e.text)) collect(locals.get(e.text)!, hops + 1);
      ts.forEachChild(e, (child) => collect(child, hops));
    };
    collect(value, 0);
    // A refresh reads what it stores: every call on the way reads (or is this file's own function, judged by its body).
    const reads = calls.filter((call) => readsOnly(sourceFile, bindings, call, renews));
    if (calls.length && reads.length === calls.length) {
      refreshes = true;
      for (const call of reads) fetches.add(call);
    }
  }
  return { refreshes, fetches };
}

/** Names of functions that renew what they store: `refreshAccessToken`, `reloadCountries`, `rotateSalt`, `renewLease`. */
const RENEWAL = /^(?:refresh|reload|renew|rotate|update|sync)[A-Z_]|^(?:refresh|reload|renew|rotate)$/;

/** Verbs of calls that read, compute or build a value: `getRates`, `loadConfig`, `fetchJwks`, `generate`, `buildIndex`. */
const READ_VERB =
  /^(?:get|load|fetch|read|find|list|select|lookup|retrieve|resolve|generate|compute|build|parse|collect|decode|import)(?:[A-Z_]|$)/;

/** Methods that read a response or transform a value: `res.json()`, `buf.toString('hex')`, `rows.map(…)`. */
const VALUE_METHODS = new Set([
  'json',
  'text',
  'arrayBuffer',
  'blob',
  'toString',
  'map',
  'filter',
  'reduce',
  'slice',
  'trim',
  'split',
  'join',
  'parse',
  'from',
  'keys',
  'values',
  'entries',
]);

/** The name a function is declared with (`function refreshAccessToken`, a method), when its node says it. */
function ownName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && !ts.isComputedPropertyName(fn.name)) return fn.name.text;
  return undefined;
}

/**
 * Does this call only read (so that storing its result refreshes a value)? An HTTP GET (any method in a
 * renewing function), `fetch()` without a writing method, a read-named call (`getRates()`,
 * `loadConfig()`), crypto and uuid, a value method (`res.json()`), or a function of this file (its body is
 * judged on its own). A SQL write, a POST elsewhere, or an unknown call (`applyLateFees()`) is not.
 */
function readsOnly(
  sourceFile: ts.SourceFile,
  bindings: ModuleBindings,
  call: ts.CallExpression | ts.NewExpression,
  renews: boolean,
): boolean {
  const callee = unwrapExpression(call.expression);
  const args = call.arguments ?? [];
  const name = lastName(call.expression);
  const ref = bindings.resolve(callee);
  if (ref && HTTP_MODULES.has(ref.module)) {
    const method = ref.path[ref.path.length - 1] ?? '';
    const reading = ref.path.length === 0 ? !writesByOptions(args[1] ?? args[0]) : /^(?:get|head)$/i.test(method);
    return reading || renews;
  }
  if (ref && /^(?:node:)?crypto$|^uuid$|^nanoid$/.test(ref.module)) return true;
  if (hashChain(bindings, callee)) return true;
  if (ts.isIdentifier(callee) && callee.text === 'fetch' && !bindings.get('fetch')) return !writesByOptions(args[1]) || renews;
  if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(callee) && VALUE_METHODS.has(callee.name.text)) return true;
  if (name && /^(?:query|raw|execute|exec|run)$/.test(name)) return !!args[0] && /^\s*(?:select|with)\b/i.test(literalOrEmpty(args[0]));
  const own = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword);
  if (ts.isCallExpression(call) && own && callbackTarget(sourceFile, call.expression).fn) return true;
  return !!name && READ_VERB.test(name) && judgeName(name) !== 'work';
}

/** `createHash('sha1').update(raw).digest('hex')`: a method of a hash crypto made (`digest` computes, it sends nothing). */
function hashChain(bindings: ModuleBindings, callee: ts.Expression): boolean {
  let e = unwrapExpression(callee);
  if (!ts.isPropertyAccessExpression(e)) return false;
  let innermost: ts.Expression | undefined;
  while (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e)) {
    if (ts.isCallExpression(e)) innermost = e.expression;
    e = unwrapExpression(e.expression);
  }
  const ref = innermost && bindings.resolve(innermost);
  return !!ref && /^(?:node:)?crypto$/.test(ref.module) && /^(?:createHash|createHmac)$/.test(ref.path.join('.'));
}

/** `{ method: 'POST' }`: a request that writes. */
function writesByOptions(options: ts.Expression | undefined): boolean {
  const o = options && unwrapExpression(options);
  if (!o || !ts.isObjectLiteralExpression(o)) return false;
  return o.properties.some(
    (p) =>
      ts.isPropertyAssignment(p) &&
      propertyNameText(p.name) === 'method' &&
      !/^(?:get|head)$/i.test(
        ts.isStringLiteralLike(unwrapExpression(p.initializer)) ? (unwrapExpression(p.initializer) as ts.StringLiteral).text : 'post',
      ),
  );
}

/** A value the process keeps: a module `let`/`var`, a field of `this`, or a member of a module's own object (`cache.countries`). */
function isOwnValue(sourceFile: ts.SourceFile, target: ts.Expression): boolean {
  const left = unwrapExpression(target);
  if (ts.isPropertyAccessExpression(left)) {
    const base = unwrapExpression(left.expression);
    if (base.kind === ts.SyntaxKind.ThisKeyword) return true;
    return ts.isIdentifier(base) && isModuleBuffer(sourceFile, base.text);
  }
  return ts.isIdentifier(left) && isModuleVariable(sourceFile, left.text);
}

/** A `let` or `var` of the module's top level. */
function isModuleVariable(sourceFile: ts.SourceFile, name: string): boolean {
  return sourceFile.statements.some(
    (statement) =>
      ts.isVariableStatement(statement) &&
      (statement.declarationList.flags & ts.NodeFlags.Const) === 0 &&
      statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name),
  );
}

/**
 * A scheduled job every replica must run for itself: it only refreshes a value the process keeps (rotates a salt,
 * reloads a cache) or only reports on the process (a telemetry ping, a log line).
 */
export function runsForItself(sourceFile: ts.SourceFile, bindings: ModuleBindings, body: ts.Node): boolean {
  return !!judgeBody(sourceFile, bindings, body, new Set(), 0).refresh || onlyBookkeeping(sourceFile, bindings, body, 0);
}

/**
 * A job whose every call is bookkeeping (`track('PING')` of a telemetry client, a log line): each
 * replica reports itself, so it cannot move to another process. One call the table does not know (`runNightly()`)
 * and it is not.
 */
function onlyBookkeeping(sourceFile: ts.SourceFile, bindings: ModuleBindings, fn: ts.Node, depth: number): boolean {
  // A method named for work (`chargeRenewals`) whose body only logs is a stub of that work.
  const own = ownName(fn);
  if (own && judgeName(own) === 'work') return false;
  let calls = 0;
  let other = false;
  const visit = (node: ts.Node) => {
    if (other) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const valueMethod = ts.isPropertyAccessExpression(callee) && VALUE_METHODS.has(callee.name.text);
      if (!valueMethod && !isTheTime(node) && !isPureValue(bindings, node)) {
        calls++;
        if (!reportsOnly(bindings, node) && !ownBookkeeping(node) && !reloadsCache(node)) other = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  /** `this.log(…)`, `log(…)`: a function of the file that is bookkeeping itself (one level down). */
  const ownBookkeeping = (call: ts.CallExpression | ts.NewExpression): boolean => {
    if (depth > 0 || ts.isNewExpression(call)) return false;
    // `this.log(…)` or `log(…)`, not `this.ledger.log(…)` (another object's method of the same name).
    const callee = unwrapExpression(call.expression);
    const own = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword);
    if (!own) return false;
    const target = callbackTarget(sourceFile, call.expression).fn;
    return !!target && target !== fn && onlyBookkeeping(sourceFile, bindings, target, depth + 1);
  };
  ts.forEachChild(fn, (child) => (ts.isDecorator(child) ? undefined : visit(child)));
  return calls > 0 && !other;
}

/**
 * `statusCache.loadAllStatusPages()`, `this.priceCache.refresh()`: a cache of this process told to load or refresh
 * itself (every replica keeps its own copy). Not `cache.deleteExpired()`, nor a load named for work.
 */
function reloadsCache(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(callee)) return false;
  const receiver = receiverName(callee.expression) ?? '';
  const method = callee.name.text;
  return /(?:^|[a-z_])[cC]ache$/.test(receiver) && (READ_VERB.test(method) || RENEWAL.test(method)) && judgeName(method) !== 'work';
}

/** A call that only computes a value: `randomUUID()` (crypto, uuid), `JSON.stringify(…)`, `String(…)`, `Math.max(…)`. */
function isPureValue(bindings: ModuleBindings, call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrapExpression(call.expression);
  const ref = bindings.resolve(callee);
  if (ref && /^(?:node:)?crypto$/.test(ref.module) && /^(?:randomUUID|randomBytes|randomInt)$/.test(ref.path.join('.'))) return true;
  if (ref && (ref.module === 'uuid' || ref.module === 'nanoid')) return true;
  if (ts.isIdentifier(callee) && !bindings.get(callee.text)) return /^(?:String|Number|Boolean|parseInt|parseFloat)$/.test(callee.text);
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && !bindings.get(callee.expression.text))
    return /^(?:JSON|Math|Object|Array)$/.test(callee.expression.text) && !/^(?:assign|defineProperty)$/.test(callee.name.text);
  return false;
}

/**
 * A call that only reports on the process: `console.*`, a logger's level method (`this.logger.log(…)`), a telemetry
 * client's `track`/`capture`. Judged by what it is, never by a name alone (`pruneAuditLog()`, `rollupDailyStats()`,
 * `eventEmitter.emit('invoices.generate')` are work).
 */
function reportsOnly(bindings: ModuleBindings, call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrapExpression(call.expression);
  const ref = bindings.resolve(callee);
  if (ref && (ref.module === 'console' || isTelemetryModule(ref))) return true;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  const rName = receiverName(callee.expression) ?? '';
  if (/^(?:console|logger|log|_?logger|\w*Logger)$/.test(rName) && /^(?:log|info|warn|error|debug|trace|verbose|fatal)$/.test(name))
    return true;
  return TELEMETRY.test(rName) && TRACK_METHODS.has(name);
}

export function judgeBody(
  sourceFile: ts.SourceFile,
  bindings: ModuleBindings,
  fn: ts.Node,
  seen: Set<ts.Node>,
  depth: number,
): WorkJudgement {
  seen.add(fn);
  const { refreshes, fetches } = refreshesOf(sourceFile, bindings, fn);
  let bookkeeping = refreshes;
  let refresh = refreshes;
  // A call that only reads what the process then keeps fetches it (refreshesOf): not work.
  const fetching = (call: ts.Node) => fetches.has(call);
  let named: WorkJudgement | undefined;
  let keepsOwn = false;
  const stack: ts.Node[] = [];
  // A decorated method's body, not its decorators (`@Cron('…')`).
  ts.forEachChild(fn, (child) => {
    if (!ts.isDecorator(child)) stack.push(child);
  });
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // Follow a call into this file's own function (`flush()`, `this.flush()`), never `other.flush()`.
      const callee = unwrapExpression(node.expression);
      const own =
        ts.isIdentifier(callee) ||
        (ts.isPropertyAccessExpression(callee) &&
          (callee.expression.kind === ts.SyntaxKind.ThisKeyword ||
            (ts.isIdentifier(callee.expression) && isLocalContainer(sourceFile, callee.expression.text))));
      const local = ts.isCallExpression(node) && own ? callbackTarget(sourceFile, node.expression) : {};
      if (local.fn && seen.has(local.fn)) {
        // A call of a function being judged (`processQueue()` inside processQueue): its name counts only if its body
        // keeps nothing of the process's own (a poll `syncOrders()` re-arming itself, not a rate limiter's drain).
        const judged = judgeCall(sourceFile, bindings, node);
        if (judged?.verdict === 'work') named ??= judged;
      } else if (local.fn && depth < 2 && !ts.isArrowFunction(unwrapExpression(node.expression))) {
        const inner = judgeBody(sourceFile, bindings, local.fn, seen, depth + 1);
        if (inner.verdict === 'work' && !(fetching(node) && (READ_VERB.test(local.name ?? '') || RENEWAL.test(local.name ?? ''))))
          return { verdict: 'work', because: `${local.name ?? 'a local function'} → ${inner.because}` };
        if (inner.verdict === 'bookkeeping') bookkeeping = true;
        if (inner.refresh) refresh = true;
        if (inner.own) keepsOwn = true;
        // A method of a namespace of the file whose body keeps nothing of its own (`DigestService.sendDailyDigests()`
        // calling imported helpers): judged by its name too, as a call into another file is.
        if (!inner.own && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
          const judged = judgeCall(sourceFile, bindings, node);
          if (judged?.verdict === 'work' && !fetching(node)) return judged;
        }
      } else {
        const judged = judgeCall(sourceFile, bindings, node);
        if (judged?.verdict === 'work' && !fetching(node)) return judged;
        if (judged?.verdict === 'bookkeeping') bookkeeping = true;
        if (judged?.own) keepsOwn = true;
      }
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  // A function re-arming itself, named for work, whose body keeps nothing of the process's own: a poll.
  if (named && !keepsOwn) return named;
  if (!bookkeeping) return { verdict: 'unknown' };
  const kept: WorkJudgement = refresh ? { verdict: 'bookkeeping', refresh } : { verdict: 'bookkeeping' };
  return keepsOwn ? { ...kept, own: true } : kept;
}
