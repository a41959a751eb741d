/**
 * What `concurrency/no-in-process-scheduler` gathers from each TS/JS file in the engine's one walk:
 * the recurring jobs it schedules (scheduler libraries always; timers only when their callback does
 * work), where each runs (module load, a named function, never a per-request handler), the switch
 * it sits behind, and the file's calls and loads behind switches. Plain data, judged across files by
 * the rule's program check.
 */
import * as ts from 'typescript';
import type { Range } from '../../finding';
import type { CollectContext, FactsCollector } from '../../rule';
import { localName, moduleBindings, unwrapExpression, type ModuleBindings } from '../../languages/typescript/imports';
import { declarationOf } from '../../languages/typescript/values';
import {
  callbackTarget,
  forkOf,
  instanceKind,
  isQueueProcessor,
  judgeBody,
  judgeCallback,
  runsForItself,
  schedulerOf,
  agendaExports,
  importedInstanceCall,
  type Instances,
} from '../../knowledge/jobs';
import { gateOf, maySwitch, runContext, SwitchTracker, isFunctionLike, valueInProduction, type Gate } from '../../knowledge/startup';
import type { GatedFacts } from '../../knowledge/processes';
import { statementShape, type StatementShape } from '../../knowledge/switchFix';
import { alwaysLeaves } from '../../facts/clients';

export interface SchedulerSite {
  api: string;
  label: string;
  range: Range;
  /** The named function it runs in (it runs when that name is called in the program); absent at module load. */
  container?: string;
  /** The container is a function of this file that no other file can call (not exported nor handed out): only this file starts it. */
  localContainer?: true;
  frameworkCalled?: true;
  /** The switch it sits behind in a production web process. */
  gate?: Gate;
  /** Why a timer counts as a job (what its callback does). */
  because?: string;
  repeatable?: true;
  nest?: true;
  /** Runs once the program calls start() (a CronJob created stopped, Bree). */
  needsStart?: true;
  /** The statement, when a switch can be put around it (the fix). */
  statement?: StatementShape;
  /** Called on an instance imported from this module under this export path: a job only if it exports Agenda's there. */
  instanceFrom?: { spec: string; path: string };
}

export interface ForkSite {
  label: string;
  range: Range;
  container?: string;
  gate?: Gate;
}

export interface SchedulerFacts extends GatedFacts {
  sites?: SchedulerSite[];
  forks?: ForkSite[];
  /** `ScheduleModule.forRoot()`: @nestjs/schedule's decorators run. */
  nestScheduleRoot?: true;
  /** The file processes a queue (BullMQ Worker, Bull `queue.process`): repeatable jobs run here too. */
  queueProcessor?: true;
  /** The export paths of its Agenda instances (knowledge/jobs.ts agendaExports), for calls in other files. */
  agendaExports?: string[];
}

/** Names of sleep helpers (`await sleep(5000)`, `await delay(ms)`). */
const SLEEP_HELPERS = 'sleep|delay|wait|pause|snooze|sleepMs|delayMs';

/** Scheduler libraries, timers, forks and queue processors by the words they cannot do without. */
const SCHEDULER_WORDS = /setInterval|setTimeout|cron|schedul|agenda|bree|later|bull|bee-queue|throng|cluster|IntervalJob/i;

/**
 * `jobs.start()`, `queue.every('1 hour', …)`: Agenda's calls on an instance another module makes (whatever its name);
 * `await sleep(ms)` of a helper from another module (a sleeping loop, sleepLoop).
 */
const IMPORTED_JOB_CALL = new RegExp(`\\.start\\(\\s*\\)|\\.every\\(\\s*['"\`]|\\bawait\\s+(?:${SLEEP_HELPERS})\\s*\\(`);

/** The files the collector may find something in (the rest get their program facts from a token scan). */
export function schedulerPrefilter(text: string): boolean {
  return SCHEDULER_WORDS.test(text) || IMPORTED_JOB_CALL.test(text) || maySwitch(text);
}

/** Names declared inside `within` (locals and parameters of the functions around a timer). */
function declaredWithin(sourceFile: ts.SourceFile, name: string, within: ts.Node): boolean {
  const decl = declarationOf(sourceFile, name);
  return !!decl && decl.pos >= within.pos && decl.end <= within.end;
}

/** A delay or schedule that comes from the instance or the function's own state (`this.interval`, a local). */
function dynamicIn(
  sourceFile: ts.SourceFile,
  e: ts.Expression | undefined,
  scope: ts.Node | undefined,
  parameters: readonly string[],
): boolean {
  if (!e) return false;
  let dynamic = false;
  const visit = (n: ts.Node) => {
    if (dynamic) return;
    if (n.kind === ts.SyntaxKind.ThisKeyword) dynamic = true;
    else if (ts.isIdentifier(n) && scope && (parameters.includes(n.text) || declaredWithin(sourceFile, n.text, scope))) dynamic = true;
    else if (ts.isPropertyAccessExpression(n)) visit(n.expression);
    else ts.forEachChild(n, visit);
  };
  visit(e);
  return dynamic;
}

function isEmptyFunction(e: ts.Expression | undefined): boolean {
  const u = e && unwrapExpression(e);
  return !!u && (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) && ts.isBlock(u.body) && u.body.statements.length === 0;
}

/**
 * Does this branch schedule a job of a scheduler library itself (`schedule.scheduleJob`, `cron.schedule`, `new CronJob`)
 * that the rule would report: not one that only refreshes or reports on the process (every replica runs those)?
 */
function schedulesIn(sourceFile: ts.SourceFile, branch: ts.Node, bindings: ModuleBindings, instances: Instances): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    const scheduler = (ts.isCallExpression(n) || ts.isNewExpression(n)) && schedulerOf(n, bindings, instances, false);
    const body = scheduler && !scheduler.timer ? callbackTarget(sourceFile, scheduler.callback).fn : undefined;
    if (scheduler && !scheduler.timer && !(body && runsForItself(sourceFile, bindings, body))) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(branch);
  return found;
}

export function createSchedulerCollector(ctx: CollectContext): FactsCollector {
  const { sourceFile } = ctx;
  const bindings = moduleBindings(sourceFile);
  const instances: Instances = new Map();
  const switches = new SwitchTracker(sourceFile);
  const sites: SchedulerSite[] = [];
  const forks: ForkSite[] = [];
  let nestScheduleRoot = false;
  let queueProcessor = false;

  const rangeOfCallee = (node: ts.CallExpression | ts.NewExpression | ts.Decorator): Range => {
    if (ts.isDecorator(node)) return ctx.rangeOf(node);
    return ctx.rangeOfOffsets(node.getStart(sourceFile), node.expression.getEnd());
  };

  const track = (name: string | undefined, init: ts.Expression | undefined) => {
    if (!name) return;
    const kind = instanceKind(init, bindings);
    if (kind) instances.set(name, kind);
  };

  const record = (node: ts.CallExpression | ts.NewExpression, ancestors: readonly ts.Node[]) => {
    const parent = ancestors[ancestors.length - 1];
    const inDecorator = !!parent && ts.isDecorator(parent);
    let scheduler = schedulerOf(node, bindings, instances, inDecorator);
    let instanceFrom: SchedulerSite['instanceFrom'];
    if (!scheduler && ts.isCallExpression(node)) {
      const imported = importedInstanceCall(node, bindings);
      if (imported) ({ scheduler, from: instanceFrom } = imported);
    }
    let loopOf: ts.Node | undefined;
    let slept: ReturnType<typeof sleepLoop>;
    if (!scheduler && ts.isCallExpression(node)) {
      slept = sleepLoop(sourceFile, bindings, node, ancestors);
      if (slept) {
        loopOf = slept.loop.statement;
        scheduler = { api: 'setTimeout', label: slept.label, schedule: slept.delay, timer: true };
      }
    }
    if (!scheduler && ts.isCallExpression(node)) {
      loopOf = timeoutLoop(node, ancestors);
      if (loopOf)
        scheduler = {
          api: 'setTimeout',
          label: 'setTimeout(…) loop',
          schedule: node.arguments[1],
          callback: node.arguments[0],
          timer: true,
        };
    }
    if (!scheduler) return;
    const context = runContext(ancestors);
    if (context.perEvent) return; // per request, message or connection: not a startup job
    // `unloadBoard(room)` from a socket's `disconnecting` only, re-arming until its board can go: a retry per event, not a
    // schedule (whitebophir). Only for a loop function of this file that no other file can call.
    if (
      loopOf &&
      context.container &&
      !context.inClass &&
      isFileLocalFunction(sourceFile, context.container) &&
      startedOnlyPerEvent(sourceFile, context.container, loopOf)
    )
      return;
    // `function ping(reply) { return setInterval(() => write(reply, …), 10000) }`: a timer that works on one request's
    // response or one connection (a parameter of a function around it, named so) lives with that request, wherever the
    // function is called from.
    if (scheduler.timer && scheduler.callback && usesPerRequestParameter(scheduler.callback, declaredParameters(ancestors))) return;
    const classScope = [...ancestors].reverse().find((a) => ts.isClassLike(a));
    const functionScope = [...ancestors].reverse().find((a) => isFunctionLike(a));
    // A schedule owned by an instance (`new Cron(this.cron, …)`) is the product's own data (a user's maintenance window).
    if (dynamicIn(sourceFile, scheduler.schedule, undefined, [])) return;
    if (classScope && scheduler.timer && dynamicIn(sourceFile, scheduler.schedule, functionScope, context.parameters)) return;
    if (scheduler.callback && isEmptyFunction(scheduler.callback)) return;
    // `@Cron(…) async handleCron() {}`: a decorated job whose method does nothing.
    const decorated = inDecorator ? ancestors[ancestors.length - 2] : undefined;
    const method = decorated && ts.isMethodDeclaration(decorated) && decorated.body ? decorated : undefined;
    if (method?.body && method.body.statements.length === 0) return;
    let because: string | undefined;
    if (scheduler.timer) {
      const judged = loopOf
        ? judgeBody(sourceFile, bindings, loopOf, new Set(), 0)
        : judgeCallback(sourceFile, bindings, scheduler.callback);
      if (judged.verdict !== 'work') return;
      // `t = setInterval(() => { … clearInterval(t) … })`: it waits for something and stops, it does not recur.
      if (!loopOf && cancelsItself(node, ancestors, scheduler.callback)) return;
      because = judged.because;
    } else {
      // A scheduler library's job (a decorated method's body for Nest) that only refreshes a value this process keeps
      // (rotates a salt, reloads a cache), or only reports on the process (a telemetry ping): every replica must run
      // it for itself.
      const body = method ?? callbackTarget(sourceFile, scheduler.callback).fn;
      if (body && runsForItself(sourceFile, bindings, body)) return;
    }
    const gate =
      gateOf(sourceFile, ancestors, node, { alsoIn: (branch) => schedulesIn(sourceFile, branch, bindings, instances) }) ??
      (slept ? loopSwitch(sourceFile, bindings, slept.loop) : switchInside(method ?? scheduler.callback));
    const site: SchedulerSite = {
      api: scheduler.api,
      label: scheduler.label,
      // A sleeping loop: its head (`while (true)`), where the loop is; no switch is put around the sleep inside it.
      range: slept ? loopHead(slept.loop) : rangeOfCallee(inDecorator ? parent : node),
    };
    if (context.container && !inDecorator) {
      site.container = context.container;
      if (!context.inClass && isFileLocalFunction(sourceFile, context.container)) site.localContainer = true;
    }
    if (context.frameworkCalled && !inDecorator) site.frameworkCalled = true;
    if (gate) site.gate = gate;
    if (because) site.because = because;
    if (scheduler.repeatable) site.repeatable = true;
    if (scheduler.nest) site.nest = true;
    if (scheduler.needsStart) site.needsStart = true;
    if (instanceFrom) site.instanceFrom = instanceFrom;
    if (!inDecorator && !slept) {
      const statement = statementShape(sourceFile, ancestors, node);
      if (statement) site.statement = statement;
    }
    sites.push(site);
  };

  const loopHead = (loop: ts.IterationStatement): Range => {
    const { start, end } = headOf(sourceFile, loop);
    return ctx.rangeOfOffsets(start, end);
  };

  /**
   * `setInterval(() => { if (Env.disableIntegratedTasks) return; … })`, `new Cron(…, () => { if (IS_WORKER) { … } })`:
   * a switch the callback checks first, as a gate around the timer would be (the operator sets it on all
   * processes but one).
   */
  const switchInside = (callback: ts.Expression | ts.MethodDeclaration | undefined): Gate | undefined => {
    const fn = callback && (ts.isMethodDeclaration(callback) ? callback : unwrapExpression(callback));
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) || !fn.body || !ts.isBlock(fn.body))
      return undefined;
    const first = fn.body.statements[0];
    if (!first || !ts.isIfStatement(first) || first.elseStatement) return undefined;
    const then = first.thenStatement;
    const returns =
      ts.isReturnStatement(then) || (ts.isBlock(then) && then.statements.length === 1 && ts.isReturnStatement(then.statements[0]));
    // …or the whole callback is under it: `() => { if (process.env.IS_WORKER === 'true') { … } }`.
    const wraps = !returns && fn.body.statements.length === 1;
    if ((!returns && !wraps) || valueInProduction(sourceFile, first.expression) !== 'FLAG') return undefined;
    return { kind: 'flag', text: first.expression.getText(sourceFile).slice(0, 80) };
  };

  /** `setTimeout(loop, ms)` inside `loop` (or an arrow that calls it): a recurring timer. Returns the loop function. */
  const timeoutLoop = (call: ts.CallExpression, ancestors: readonly ts.Node[]): ts.Node | undefined => {
    const callee = unwrapExpression(call.expression);
    if (!ts.isIdentifier(callee) || callee.text !== 'setTimeout' || bindings.get('setTimeout')) return undefined;
    const cb = call.arguments[0] && unwrapExpression(call.arguments[0]);
    if (!cb) return undefined;
    let called: string | undefined;
    let again: ts.CallExpression | undefined;
    if (ts.isIdentifier(cb)) called = cb.text;
    else if ((ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && !ts.isBlock(cb.body)) {
      const body = unwrapExpression(cb.body);
      if (ts.isCallExpression(body) && ts.isIdentifier(unwrapExpression(body.expression))) {
        called = (unwrapExpression(body.expression) as ts.Identifier).text;
        again = body;
      }
    } else if ((ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && ts.isBlock(cb.body) && cb.body.statements.length === 1) {
      const only = cb.body.statements[0];
      const e = ts.isExpressionStatement(only) ? unwrapExpression(only.expression) : undefined;
      const inner = e && (ts.isAwaitExpression(e) || ts.isVoidExpression(e)) ? unwrapExpression(e.expression) : e;
      if (inner && ts.isCallExpression(inner) && ts.isIdentifier(unwrapExpression(inner.expression))) {
        called = (unwrapExpression(inner.expression) as ts.Identifier).text;
        again = inner;
      }
    }
    if (!called) return undefined;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i];
      if (!isFunctionLike(a)) continue;
      const owner = ancestors[i - 1];
      const name =
        ts.isFunctionDeclaration(a) && a.name
          ? a.name.text
          : owner && ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)
            ? owner.name.text
            : undefined;
      if (name === called) {
        if (again && boundedRetry(a, again)) return undefined;
        // `if (err) return setTimeout(start, 1000)`, `conn.on('close', () => setTimeout(start, 1000))`: it tries again
        // when something failed or closed (a reconnect), it does not run on a schedule.
        if (onFailure(ancestors.slice(i + 1))) return undefined;
        return a;
      }
    }
    return undefined;
  };

  return {
    visitors: {
      [ts.SyntaxKind.ImportDeclaration]: (node: ts.ImportDeclaration) => {
        if (ts.isStringLiteral(node.moduleSpecifier)) switches.load(node.moduleSpecifier.text);
      },
      [ts.SyntaxKind.ArrayLiteralExpression]: (node: ts.ArrayLiteralExpression) => {
        const ancestors = [...ctx.ancestors(), node];
        for (const element of node.elements)
          if (ts.isIdentifier(element) || ts.isPropertyAccessExpression(element)) switches.reference(element, ancestors);
      },
      [ts.SyntaxKind.VariableDeclaration]: (node: ts.VariableDeclaration) => {
        if (ts.isIdentifier(node.name)) track(node.name.text, node.initializer);
      },
      [ts.SyntaxKind.PropertyDeclaration]: (node: ts.PropertyDeclaration) => {
        if (ts.isIdentifier(node.name)) track(`this.${node.name.text}`, node.initializer);
      },
      [ts.SyntaxKind.BinaryExpression]: (node: ts.BinaryExpression) => {
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
        const left = node.left;
        if (ts.isIdentifier(left)) track(left.text, node.right);
        else if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword)
          track(`this.${left.name.text}`, node.right);
      },
      [ts.SyntaxKind.NewExpression]: (node: ts.NewExpression) => {
        const ancestors = ctx.ancestors();
        if (isQueueProcessor(node, bindings, instances)) queueProcessor = true;
        record(node, ancestors);
      },
      [ts.SyntaxKind.CallExpression]: (node: ts.CallExpression) => {
        const ancestors = ctx.ancestors();
        switches.call(node, ancestors);
        const ref = bindings.resolve(node.expression);
        if (ref?.module === '@nestjs/schedule' && ref.path.join('.') === 'ScheduleModule.forRoot') nestScheduleRoot = true;
        if (isQueueProcessor(node, bindings, instances)) queueProcessor = true;
        const fork = forkOf(sourceFile, node, bindings, ancestors);
        if (fork) {
          const context = runContext(ancestors);
          if (!context.perEvent) {
            const gate = gateOf(sourceFile, ancestors, node);
            forks.push({
              label: fork,
              range: ctx.rangeOfOffsets(node.getStart(sourceFile), node.expression.getEnd()),
              ...(context.container ? { container: context.container } : {}),
              ...(gate ? { gate } : {}),
            });
          }
          return;
        }
        record(node, ancestors);
      },
    },
    finish(): SchedulerFacts | undefined {
      const facts: SchedulerFacts = { ...switches.finish() };
      if (sites.length) facts.sites = sites;
      if (forks.length) facts.forks = forks;
      if (nestScheduleRoot) facts.nestScheduleRoot = true;
      if (queueProcessor) facts.queueProcessor = true;
      if ([...instances.values()].includes('agenda') || /\bnew\s+Agenda\b/.test(sourceFile.text)) {
        const exported = agendaExports(sourceFile, bindings, instances);
        if (exported.length) facts.agendaExports = exported;
      }
      return Object.keys(facts).length ? facts : undefined;
    },
  };
}

const COMPARISONS = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
]);

/** A condition's name that says something failed (`if (err)`), not that a page or a stream ended. */
const FAILURE_WORD = /^(?:err|error|errors|e|ex|fail|failed|failure)$/i;
/** Events of a connection that failed or closed (`conn.on('close', …)`). */
const FAILURE_EVENT = /^(?:error|close|end|disconnect|disconnected|exit|timeout|reconnect)$/i;

/**
 * The path from a function to a call inside it (`ancestors`) runs through a failure: the `then` of an `if` whose
 * condition tests an error (`if (err)`) or the absence of what it waits for and returns (`if (!server) { …; return; }`),
 * a `catch` clause, a `.catch(…)` callback, or a listener of a failure or closing event (`.on('close', …)`, `.on('error', …)`).
 */
function onFailure(ancestors: readonly ts.Node[]): boolean {
  for (let k = 0; k < ancestors.length; k++) {
    const a = ancestors[k];
    const child = ancestors[k + 1];
    if (ts.isCatchClause(a)) return true;
    if (ts.isIfStatement(a) && child === a.thenStatement) {
      const c = unwrapExpression(a.expression);
      const tested = ts.isPrefixUnaryExpression(c)
        ? undefined
        : ts.isIdentifier(c)
          ? c.text
          : ts.isPropertyAccessExpression(c)
            ? c.name.text
            : undefined;
      if (tested && FAILURE_WORD.test(tested)) return true;
      // `if (!server) { setTimeout(tryAttach, 1000); return; }`: not there yet, try again, then go on once: a wait until ready.
      if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken && endsInReturn(a.thenStatement)) return true;
    }
    if (ts.isCallExpression(a) && child && a.arguments.includes(child as ts.Expression)) {
      const callee = unwrapExpression(a.expression);
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (method === 'catch') return true;
      const event = a.arguments[0];
      if (method && /^(?:on|once|addListener)$/.test(method) && event && ts.isStringLiteralLike(event) && FAILURE_EVENT.test(event.text))
        return true;
    }
  }
  return false;
}

/**
 * A branch that only waits: a `return` after nothing but timers and log lines (`{ debug('…'); setTimeout(f, 1000); return; }`),
 * not a poll that works and re-arms (`{ await sync(); setTimeout(f, 30000); return; }`).
 */
function endsInReturn(branch: ts.Statement): boolean {
  if (ts.isReturnStatement(branch)) return true;
  if (!ts.isBlock(branch) || branch.statements.length === 0) return false;
  const statements = branch.statements;
  if (!ts.isReturnStatement(statements[statements.length - 1])) return false;
  return statements.slice(0, -1).every((statement) => {
    if (!ts.isExpressionStatement(statement)) return false;
    let e = unwrapExpression(statement.expression);
    // `setTimeout(tryAttach, 1000).unref()`
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'unref')
      e = unwrapExpression(e.expression.expression);
    if (!ts.isCallExpression(e)) return false;
    const callee = unwrapExpression(e.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return /^(?:setTimeout|debug|log|info|warn|trace|verbose)$/.test(name);
  });
}

const SLEEP_NAMES = new RegExp(`^(?:${SLEEP_HELPERS})$`);

/**
 * `while (true) { …work…; await new Promise((r) => setTimeout(r, period)); }`, `for (;;) { …; await sleep(ms); }`:
 * an async loop that sleeps between rounds, the recurring timer of async code. `call` is the sleep (the
 * `setTimeout` resolving an awaited promise, or an awaited sleep helper); returns the loop's body when the loop
 * never ends on its own (`true`, `for (;;)`, or a stop flag the body does not set) and nothing in it leaves the
 * loop (`break`, `return`: a retry until success, a wait for a condition).
 */
function sleepLoop(
  sourceFile: ts.SourceFile,
  bindings: ModuleBindings,
  call: ts.CallExpression,
  ancestors: readonly ts.Node[],
): { loop: ts.IterationStatement; label: string; delay?: ts.Expression } | undefined {
  const callee = unwrapExpression(call.expression);
  let awaited: ts.Node | undefined; // the expression awaited, or the name it is kept in before the await
  let delay: ts.Expression | undefined;
  let i = ancestors.length - 1;
  // timers/promises' setTimeout (`await sleep(ms)` under any name) and setInterval: resolved only for a name that may be one.
  const calleeRef = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? bindings.resolve(callee) : undefined;
  const ofTimers = !!calleeRef && /^(?:node:)?timers\/promises$/.test(calleeRef.module) ? calleeRef.path.join('.') : undefined;
  const fromTimers = ofTimers === 'setTimeout';
  const intervalOfTimers = ofTimers === 'setInterval';
  let loop: ts.IterationStatement | undefined;
  let keptIn: string | undefined;
  if (intervalOfTimers) {
    // `for await (const _ of setInterval(60_000)) { … }`: timers/promises' interval as an async iterator.
    const parent = ancestors[i];
    if (!parent || !ts.isForOfStatement(parent) || !parent.awaitModifier || unwrapExpression(parent.expression) !== call) return undefined;
    loop = parent;
    delay = call.arguments[0];
    i--;
  } else if (ts.isIdentifier(callee) && callee.text === 'setTimeout' && !bindings.get('setTimeout')) {
    // `new Promise((resolve) => setTimeout(resolve, ms))`: the callback is the promise's resolve.
    const resolve = call.arguments[0] && unwrapExpression(call.arguments[0]);
    if (!resolve || !ts.isIdentifier(resolve)) return undefined;
    for (; i >= 0; i--) if (isFunctionLike(ancestors[i])) break;
    const fn = ancestors[i];
    const promise = ancestors[i - 1];
    const first = fn && (fn as ts.SignatureDeclaration).parameters?.[0];
    if (!promise || !ts.isNewExpression(promise) || !ts.isIdentifier(promise.expression) || promise.expression.text !== 'Promise')
      return undefined;
    if (!first || !ts.isIdentifier(first.name) || first.name.text !== resolve.text) return undefined;
    awaited = promise;
    delay = call.arguments[1];
    i -= 2;
  } else if (fromTimers || (ts.isIdentifier(callee) && SLEEP_NAMES.test(callee.text) && call.arguments.length === 1)) {
    awaited = call;
    delay = call.arguments[fromTimers ? 0 : call.arguments.length - 1];
  } else return undefined;
  // Up to the await: directly (`await sleep(ms)`), or through a local (`const next = new Promise(…); await next`).
  const parent = ancestors[i];
  if (!loop) {
    if (parent && ts.isAwaitExpression(parent)) i--;
    else if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === awaited) {
      keptIn = parent.name.text;
      i--;
    } else return undefined;
  }
  // The nearest loop around it, in the same function; not a sleep in a `catch` (a retry's back-off).
  for (; !loop && i >= 0; i--) {
    const a = ancestors[i];
    if (isFunctionLike(a)) return undefined;
    if (ts.isWhileStatement(a) || ts.isDoStatement(a) || ts.isForStatement(a)) {
      loop = a;
      break;
    }
    if (ts.isCatchClause(a)) return undefined;
  }
  if (!loop || !(intervalOfTimers || endless(sourceFile, loop))) return undefined;
  // A generator's loop runs as far as its consumer reads; a handler's (`(req, res)`, `ctx`, a socket) lives with one request.
  for (; i >= 0; i--) {
    const a = ancestors[i];
    if (!isFunctionLike(a)) continue;
    const fn = a as ts.SignatureDeclaration & { asteriskToken?: ts.AsteriskToken };
    if (fn.asteriskToken || fn.parameters.some((p) => ts.isIdentifier(p.name) && PER_REQUEST_PARAMETER.test(p.name.text))) return undefined;
    break;
  }
  if (keptIn && !awaitsName(loop.statement, keptIn)) return undefined;
  if (leavesLoop(sourceFile, loop.statement)) return undefined;
  // `lock = await redlock.acquire([key], ttl)` first: only the replica holding the lock works, the others wait for it.
  if (takesLeaderLock(sourceFile, loop.statement)) return undefined;
  // `const { Messages } = await sqs.receiveMessage(…)`, `redis.brpop(…)`: a consumer taking work from a queue, which
  // every replica shares, not a schedule every replica repeats.
  if (receivesFromQueue(loop.statement)) return undefined;
  if (intervalOfTimers) return { loop, label: `for await … of ${callee.getText(sourceFile)}(…)`, ...(delay ? { delay } : {}) };
  const what =
    fromTimers || (ts.isIdentifier(callee) && callee.text !== 'setTimeout') ? `${callee.getText(sourceFile)}(…)` : 'setTimeout(…)';
  const { start, end } = headOf(sourceFile, loop);
  const head = ts.isDoStatement(loop) ? 'do … while' : sourceFile.text.slice(start, end).replace(/\s+/g, ' ');
  return {
    loop,
    label: `${head.length <= 40 ? head : `${head.slice(0, 37)}...`} with ${what} between rounds`,
    ...(delay ? { delay } : {}),
  };
}

/**
 * The switch a sleeping loop runs behind, as a gate around it would be: its condition (`while (runJobs)`), a
 * `if (!RUN_JOBS) continue;` in its body, or `if (RUN_JOBS) { … }` around all the work its body does.
 */
function loopSwitch(sourceFile: ts.SourceFile, bindings: ModuleBindings, loop: ts.IterationStatement): Gate | undefined {
  const flagText = (e: ts.Expression): Gate => ({ kind: 'flag', text: e.getText(sourceFile).slice(0, 80) });
  const condition = ts.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
  if (condition && valueInProduction(sourceFile, condition) === 'FLAG') return flagText(condition);
  const statements = ts.isBlock(loop.statement) ? loop.statement.statements : [loop.statement];
  let gated: ts.Expression | undefined;
  for (const statement of statements) {
    if (!ts.isIfStatement(statement) || statement.elseStatement || valueInProduction(sourceFile, statement.expression) !== 'FLAG') continue;
    const then = statement.thenStatement;
    const last = ts.isBlock(then) ? then.statements[then.statements.length - 1] : then;
    if (last && ts.isContinueStatement(last)) return flagText(statement.expression);
    gated ??= statement.expression;
  }
  if (!gated) return undefined;
  const ungated = statements.filter(
    (st) => !(ts.isIfStatement(st) && !st.elseStatement && valueInProduction(sourceFile, st.expression) === 'FLAG'),
  );
  return ungated.some((st) => judgeBody(sourceFile, bindings, st, new Set(), 0).verdict === 'work') ? undefined : flagText(gated);
}

/** A distributed lock or a leader election taken in the loop (redlock, `acquireLock`, `tryLock`, `becomeLeader`). */
const LEADER_LOCK_METHOD = /^(?:acquireLock|tryLock|tryAcquireLock|acquireLease|becomeLeader|electLeader|campaign)$/;

/**
 * A call in the body that takes a lock other replicas see (`redlock.acquire(…)`, `locker.acquireLock(…)`,
 * `election.campaign(…)`); not an in-process mutex or semaphore, nor a pool's `acquire()`.
 */
function takesLeaderLock(sourceFile: ts.SourceFile, body: ts.Node): boolean {
  return inLoopBody(body, (n) => {
    if (!ts.isCallExpression(n)) return false;
    const callee = unwrapExpression(n.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const receiver = callee.expression.getText(sourceFile);
    if (/mutex|semaphore|pool|queue/i.test(receiver)) return false; // in this process only
    return (
      LEADER_LOCK_METHOD.test(callee.name.text) || (callee.name.text === 'acquire' && /redlock|leader|lease|distributed/i.test(receiver))
    );
  });
}

/** Some node of the loop's body (not inside a function it makes) passes `test`. */
function inLoopBody(body: ts.Node, test: (n: ts.Node) => boolean): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (test(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/** `while (true)`, `for (;;)`, `do`: the loop's head, up to its body. */
function headOf(sourceFile: ts.SourceFile, loop: ts.IterationStatement): { start: number; end: number } {
  const start = loop.getStart(sourceFile);
  if (ts.isDoStatement(loop)) return { start, end: start + 2 };
  return { start, end: start + sourceFile.text.slice(start, loop.statement.getStart(sourceFile)).trimEnd().length };
}

const RECEIVE_METHOD =
  /^(?:receiveMessage|receiveMessages|receive|brpop|blpop|brpoplpush|blmove|xread|xreadgroup|dequeue|reserve|fetchMessages)$/;

/** A call in the loop that takes messages from a queue (`sqs.receiveMessage`, `new ReceiveMessageCommand`, `brpop`). */
function receivesFromQueue(body: ts.Node): boolean {
  return inLoopBody(body, (n) => {
    if (!ts.isCallExpression(n) && !ts.isNewExpression(n)) return false;
    const callee = unwrapExpression(n.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
    return RECEIVE_METHOD.test(name) || /^Receive\w*Command$/.test(name);
  });
}

/** A flag the process sets to stop (`shuttingDown`, `this.stopped`, `signal.aborted`, `isTerminating`). */
const STOP_FLAG = /shut|stopp|abort|terminat|exiting|closing|cancel/i;

/** Parameters of a function that serves one request or connection. */
const PER_REQUEST_PARAMETER = /^(?:req|request|res|response|reply|socket|ws|sse)$/;

/**
 * Parameters of the functions around a node that are declared, not callbacks given to a call: `function ping(reply)`, a
 * method's, a `const f = (res) => …`; not `.then((res) => …)`'s, whose `res` is whatever the promise gave (a startup
 * response), nor a request handler's (runContext's perEvent already says those run per request).
 */
function declaredParameters(ancestors: readonly ts.Node[]): string[] {
  const out: string[] = [];
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const fn = ancestors[i];
    if (!isFunctionLike(fn)) continue;
    let j = i - 1;
    while (j >= 0 && (ts.isParenthesizedExpression(ancestors[j]) || ts.isAsExpression(ancestors[j]))) j--;
    const owner = ancestors[j];
    if (owner && (ts.isCallExpression(owner) || ts.isNewExpression(owner)) && owner.expression !== ancestors[j + 1]) continue;
    for (const p of (fn as ts.SignatureDeclaration).parameters) if (ts.isIdentifier(p.name)) out.push(p.name.text);
  }
  return out;
}

/** The callback reads one of `parameters` that names a request, its response or a connection. */
function usesPerRequestParameter(callback: ts.Expression, parameters: readonly string[]): boolean {
  // A name the callback declares for itself (`const res = await fetch(…)`) is not the parameter.
  const shadowed = new Set<string>();
  const declared = (n: ts.Node): void => {
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n)) && ts.isIdentifier(n.name)) shadowed.add(n.name.text);
    ts.forEachChild(n, declared);
  };
  declared(callback);
  const own = parameters.filter((p) => PER_REQUEST_PARAMETER.test(p) && !shadowed.has(p));
  if (!own.length) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && own.includes(n.text)) found = true;
    // `{ res: … }` names a property, not the parameter.
    else if (ts.isPropertyAccessExpression(n)) visit(n.expression);
    else if (ts.isPropertyAssignment(n)) visit(n.initializer);
    else ts.forEachChild(n, visit);
  };
  visit(callback);
  return found;
}

/**
 * `while (true)`, `for (;;)`, `do … while (true)`, or a stop flag neither the body nor a function it calls sets
 * (`while (!this.stopped)`; not `while (!this.finished) { await this.nextBatch(); }` whose batch sets it).
 */
function endless(sourceFile: ts.SourceFile, loop: ts.IterationStatement): boolean {
  const condition = ts.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
  if (!condition) return ts.isForStatement(loop);
  let c = unwrapExpression(condition);
  if (c.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) c = unwrapExpression(c.operand);
  const flag = localName(c);
  // `while (!signal.aborted)`: the process stops it; it runs until then.
  if (!flag) return STOP_FLAG.test(c.getText(sourceFile));
  let set = false;
  const called: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (set) return;
    if (ts.isCallExpression(n) && localName(n.expression)) called.push(n.expression);
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      localName(n.left) === flag
    )
      set = true;
    ts.forEachChild(n, visit);
  };
  visit(loop.statement);
  // …or in a function of the file the body calls (`this.nextBatch()`, `step()`: one level down).
  for (const callee of called) {
    const fn = !set ? callbackTarget(sourceFile, callee).fn : undefined;
    if (fn) visit(fn);
  }
  return !set;
}

/** `await name` somewhere in the loop's body (not in a nested function). */
function awaitsName(body: ts.Node, name: string): boolean {
  return inLoopBody(
    body,
    (n) => ts.isAwaitExpression(n) && ts.isIdentifier(unwrapExpression(n.expression)) && localName(n.expression) === name,
  );
}

/** A `return`, or a `break` of this loop (not of a nested loop or switch), in the body: the loop ends on a condition. */
function leavesLoop(sourceFile: ts.SourceFile, body: ts.Node): boolean {
  let leaves = false;
  const visit = (n: ts.Node, nested: boolean): void => {
    if (leaves || isFunctionLike(n)) return;
    // `if (shuttingDown) break;`, `if (signal.aborted) return;`: the job stops when the process stops, it does not end.
    if (ts.isIfStatement(n) && STOP_FLAG.test(n.expression.getText(sourceFile))) return;
    if (ts.isReturnStatement(n) || (ts.isBreakStatement(n) && (!nested || n.label))) {
      leaves = true;
      return;
    }
    const inner = nested || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n);
    ts.forEachChild(n, (child) => visit(child, inner));
  };
  visit(body, false);
  return leaves;
}

/**
 * `function register(attempt = 0) { … if (attempt >= 5) return; setTimeout(() => register(attempt + 1), …) }`: the
 * function re-arms itself with a counter one higher and compares the counter with a limit — a retry that ends,
 * not a schedule.
 */
function boundedRetry(fn: ts.Node, again: ts.CallExpression): boolean {
  if (!isFunctionLike(fn)) return false;
  const parameters = new Set(
    (fn as ts.SignatureDeclaration).parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')).filter(Boolean),
  );
  const counter = again.arguments
    .map((arg) => unwrapExpression(arg))
    .map((arg) =>
      ts.isBinaryExpression(arg) &&
      arg.operatorToken.kind === ts.SyntaxKind.PlusToken &&
      ts.isIdentifier(arg.left) &&
      ts.isNumericLiteral(arg.right) &&
      parameters.has(arg.left.text)
        ? arg.left.text
        : undefined,
    )
    .find(Boolean);
  if (!counter) return false;
  const comparesCounter = (condition: ts.Expression): boolean => {
    let found = false;
    const visit = (node: ts.Node) => {
      if (found) return;
      if (
        ts.isBinaryExpression(node) &&
        COMPARISONS.has(node.operatorToken.kind) &&
        [node.left, node.right].some((side) => ts.isIdentifier(side) && side.text === counter)
      )
        found = true;
      else ts.forEachChild(node, visit);
    };
    visit(condition);
    return found;
  };
  const contains = (outer: ts.Node, inner: ts.Node) => inner.pos >= outer.pos && inner.end <= outer.end;
  // The comparison stops the re-arm: a guard that leaves (`if (retry >= 5) return;`), or the re-arm under it
  // (`if (attempt < MAX) setTimeout(…)`). A delay chosen by the counter (`run < 3 ? 5000 : 60000`) stops nothing.
  let stops = false;
  const visit = (node: ts.Node) => {
    if (stops) return;
    if (ts.isIfStatement(node) && comparesCounter(node.expression)) {
      const then = node.thenStatement;
      if (alwaysLeaves(then) || contains(then, again)) stops = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return stops;
}

/**
 * A timer whose callback cancels it, through the handle the call's result is stored in (`const t =
 * setInterval(…)`, `this.timer = setInterval(…)`, `const poll = enabled ? setInterval(…) : null`): a wait for a
 * condition (sockets drained, a resource ready, a queue emptied, a task aborted) that ends, not a job that recurs for
 * the life of the process.
 */
function cancelsItself(node: ts.CallExpression | ts.NewExpression, ancestors: readonly ts.Node[], callback: ts.Node | undefined): boolean {
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return false;
  // The timer may sit in a branch of a conditional, or behind parentheses and casts, on its way to the handle.
  let stored: ts.Node = node;
  let i = ancestors.length - 1;
  for (; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isParenthesizedExpression(a) || ts.isAsExpression(a) || ts.isNonNullExpression(a)) stored = a;
    else if (ts.isConditionalExpression(a) && a.condition !== stored) stored = a;
    else break;
  }
  const parent = ancestors[i];
  if (!parent) return false;
  let handle: ts.Node | undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === stored && ts.isIdentifier(parent.name)) handle = parent.name;
  else if (ts.isBinaryExpression(parent) && parent.right === stored && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    handle = parent.left;
  const name = handle && ts.isExpression(handle) ? localName(handle) : undefined;
  if (!name) return false;
  const visit = (n: ts.Node): boolean => {
    if (
      ts.isCallExpression(n) &&
      ts.isIdentifier(n.expression) &&
      (n.expression.text === 'clearInterval' || n.expression.text === 'clearTimeout') &&
      n.arguments.length === 1 &&
      localName(n.arguments[0]) === name
    )
      return true;
    return ts.forEachChild(n, visit) === true;
  };
  return visit(callback.body);
}

/**
 * A function declared at this file's top level that the file neither exports (`export function f`, `export { f }`,
 * `exports.f =`, `module.exports = { f }`) nor hands out by name: another file's call of the same name is another function.
 */
function isFileLocalFunction(sourceFile: ts.SourceFile, name: string): boolean {
  const declared = sourceFile.statements.some(
    (s) =>
      (ts.isFunctionDeclaration(s) && s.name?.text === name && !s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) ||
      (ts.isVariableStatement(s) &&
        !s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) &&
        s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)),
  );
  if (!declared) return false;
  const n = name.replace(/\$/g, '\\$');
  return !new RegExp(
    `export\\s*\\{[^}]*\\b${n}\\b|exports\\.${n}\\s*=|module\\.exports\\s*=\\s*(?:\\{[^}]*\\b${n}\\b|${n}\\b)|export\\s+default\\s+${n}\\b`,
  ).test(sourceFile.text);
}

/**
 * Every call of `name` in the file outside `loop` (its own re-arm) runs per request, message or connection (runContext's
 * perEvent), and there is at least one: the loop starts for an event, never at load.
 */
function startedOnlyPerEvent(sourceFile: ts.SourceFile, name: string, loop: ts.Node): boolean {
  let calls = 0;
  let otherwise = false;
  const visit = (node: ts.Node, ancestors: ts.Node[]): void => {
    if (otherwise || node === loop) return;
    if (ts.isCallExpression(node) || ts.isIdentifier(node)) {
      const callee = ts.isCallExpression(node) ? unwrapExpression(node.expression) : undefined;
      const named = callee ? ts.isIdentifier(callee) && callee.text === name : false;
      // Handed to a call (`setTimeout(unloadBoard, 0)`, `emitter.on('x', unloadBoard)`): started by whoever holds it.
      const handed =
        ts.isIdentifier(node) &&
        node.text === name &&
        ancestors.length > 0 &&
        ts.isCallExpression(ancestors[ancestors.length - 1]) &&
        (ancestors[ancestors.length - 1] as ts.CallExpression).arguments.includes(node);
      if (named || handed) {
        calls++;
        if (!runContext([...ancestors, node]).perEvent) otherwise = true;
      }
    }
    ancestors.push(node);
    ts.forEachChild(node, (child) => visit(child, ancestors));
    ancestors.pop();
  };
  visit(sourceFile, []);
  return calls > 0 && !otherwise;
}
