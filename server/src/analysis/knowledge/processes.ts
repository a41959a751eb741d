/**
 * Process types of a workspace, from its programs (facts/program.ts): a web process is a program
 * that starts a server whose entry is not named as a worker; anything else reached from an entry is
 * another process type. Shared by the rules about what runs in the web process (factor VIII, XII)
 * and by the report's evidence, which reads the plain data these rules hand back.
 */
import * as path from 'node:path';
import type { RelatedLocation } from '../finding';
import { relativePath } from '../paths';
import type { ProgramView, ServerFact } from '../facts/types';

/** Entry files and scripts named for background work: a health endpoint there does not make a web process. */
const WORKER_WORDS = 'workers?|jobs?|cron|crons|clock|scheduler|schedules?|queues?|consumers?|processors?|tasks?|background|bg';
const WORKER_NAME = new RegExp(`(?:^|[/._-])(?:${WORKER_WORDS})(?:[/._-]|$)`, 'i');
/** A pm2 app's name that says background work: the worker words, and a sync (`feed-sync`; in a path, `sync-server` is a server). */
const WORKER_APP_NAME = new RegExp(`(?:^|[._-])(?:${WORKER_WORDS}|sync|syncer)(?:[._-]|$)`, 'i');

interface ServerStart {
  file: string;
  server: ServerFact;
}

/** The first server the program starts (in non-test files, and only if its wrapper function is called). */
function serverOf(program: ProgramView): ServerStart | undefined {
  for (const file of program.files) {
    if (program.isTestFile(file)) continue;
    const server = program.facts(file).servers.find((s) => !s.container || program.calls.has(s.container));
    if (server) return { file, server };
  }
  return undefined;
}

/** A program whose entry (file or declaring script) is named for background work. */
function isWorkerEntry(root: string, program: ProgramView): boolean {
  const entry = relativePath(root, program.entry.file);
  // A start as a process type other than web (a Procfile's `worker:`, heroku.yml's, a Render worker, a pm2 app named for
  // background work) gets no HTTP traffic, whatever it listens on (a health port), when no start runs the file as web.
  const types = program.entry.processTypes;
  if (types?.every((t) => (t.startsWith('pm2:') ? WORKER_APP_NAME.test(t.slice(4)) : t !== 'web'))) return true;
  return (
    WORKER_NAME.test(entry.replace(/^(?:src|dist|build|lib|apps?|packages)\//, '')) ||
    /\b(?:worker|clock|cron|jobs?)\b/.test(program.entry.source)
  );
}

/** Paths of the operator's probes and scrapes (`/health`, `/healthz`, `/ready`, `/live`, `/metrics`, `/ping`), not users' traffic. */
const PROBE_PATH =
  /^\/(?:_?health(?:z|check|-check|_check)?|ready(?:z|ness)?|live(?:z|ness)?|ping|metrics)(?:\/(?:_?health\w*|ready\w*|live\w*|startup|status|ping|metrics|prometheus|db|redis|deep))?\/?$/i;
/**
 * Modules that serve users without routes of ours to see: route loaders (`@fastify/autoload`, consign: the routes seen are not
 * all of them), GraphQL and tRPC servers, static files, proxies, sockets, Next.
 */
const SERVES_WITHOUT_ROUTES = new Set([
  '@fastify/autoload',
  'fastify-autoload',
  'consign',
  'express-load',
  'require-all',
  'require-dir',
  'require-directory',
  '@apollo/server',
  'apollo-server',
  'apollo-server-express',
  'apollo-server-fastify',
  'apollo-server-koa',
  'graphql-yoga',
  'mercurius',
  'express-graphql',
  'graphql-http',
  '@trpc/server',
  '@nestjs/graphql',
  '@nestjs/serve-static',
  'serve-static',
  '@fastify/static',
  'fastify-static',
  'koa-static',
  'http-proxy',
  'http-proxy-middleware',
  'socket.io',
  'ws',
  'next',
  '@nestjs/websockets',
  '@nestjs/platform-socket.io',
  '@nestjs/platform-ws',
  '@sveltejs/kit',
  '@remix-run/express',
  '@react-router/express',
  'h3',
  'nitropack',
]);
/**
 * Calls that may register routes, in a file read without a parse (its handlers were not looked for; a literal path or a Nest
 * decorator gets a file parsed, facts/lexicalFacts.ts, so these are what is left).
 */
const ROUTE_REGISTRATION = /^(?:route|Router|addRoute|mount|static|Controller|Get|Post|Put|Patch|Delete|All|WebSocketGateway)$/;

/**
 * A program whose every route is a probe or a metrics scrape (a daemon's health port, Nest's Terminus controller): it
 * serves no users' requests, whatever it listens on, so its jobs do not scale with web traffic (the scheduler rule; a
 * migration at its start still races its replicas). Only when every route is known: each with a literal path, no router
 * mounted on another path, no GraphQL resolver or socket handler, no module that serves without routes (SERVES_WITHOUT_ROUTES),
 * no static files, and no file read without a parse that calls something that may register one.
 */
/** Words of a package that runs in the background (`lido-council-daemon`, `profile-builder`, `chain-indexer`). */
const BACKGROUND_PACKAGE =
  /(?:^|[^a-z])(?:daemon|worker|builder|consumer|processor|indexer|crawler|scraper|watcher|poller|relayer|keeper|guardian|agent|bot)s?(?:[^a-z]|$)/i;

/**
 * A package named or described as a background process (package.json's `name` or `description`): with a server that answers
 * only probes (servesOnlyProbes), a daemon. A small app whose only route is `/health` is still a web app.
 */
export function isBackgroundPackage(manifestText: string | undefined): boolean {
  if (!manifestText) return false;
  try {
    const { name, description } = JSON.parse(manifestText) as { name?: unknown; description?: unknown };
    return [name, description].some((v) => typeof v === 'string' && BACKGROUND_PACKAGE.test(v));
  } catch {
    return false;
  }
}

export function servesOnlyProbes(program: ProgramView): boolean {
  let routes = 0;
  for (const file of program.files) {
    if (program.isTestFile(file)) continue;
    const facts = program.facts(file);
    if (facts.imports.some((s) => SERVES_WITHOUT_ROUTES.has(s) || s.includes('*'))) return false;
    if (facts.calls.includes('static') || (facts.scanned && facts.calls.some((c) => ROUTE_REGISTRATION.test(c)))) return false;
    // `@WebSocketGateway()`: a Nest gateway serves sockets whatever transport it imports. `app.use(handler)`: a framework's
    // built request handler (SvelteKit's adapter-node, a Remix or React Router build) serves every other path.
    if (facts.calls.includes('WebSocketGateway') || facts.calls.includes('handler') || facts.calls.includes('createRequestHandler'))
      return false;
    for (const handler of facts.handlers ?? []) {
      if (handler.kind === 'resolver' || handler.kind === 'socket') return false;

      // `app.use('/api', router)`: a mounted router serves whatever its path says.
      if (handler.kind === 'middleware' && handler.path !== undefined && !PROBE_PATH.test(handler.path)) return false;
      if (handler.kind !== 'route') continue;
      if (handler.path === undefined || !PROBE_PATH.test(handler.path)) return false;
      routes++;
    }
  }
  return routes > 0;
}

/** The web process of a program, or undefined when it is another process type. */
export function webServerOf(root: string, program: ProgramView): ServerStart | undefined {
  if (program.isTestFile(program.entry.file)) return undefined;
  const server = serverOf(program);
  return server && !isWorkerEntry(root, program) ? server : undefined;
}

export function relativeName(root: string, file: string): string {
  return relativePath(root, file) || path.basename(file);
}

/** `src/index.ts (package.json scripts.start)`, or how an inferred program was found. */
export function entryLabel(root: string, program: ProgramView): string {
  const name = relativeName(root, program.entry.file);
  return program.inferred ? `${name} (no entry point declared; found by imports)` : `${name} (${program.entry.source})`;
}

/** Related locations for a finding about work done in a web process: where it serves, and where its entry is declared. */
export function webRelated(root: string, program: ProgramView, start: ServerStart): RelatedLocation[] {
  const related: RelatedLocation[] = [
    {
      file: start.file,
      range: start.server.range,
      message: `The same program serves requests here (${start.server.framework === 'unknown' ? 'a server' : `a ${start.server.framework} server`} started): it is a web process.`,
    },
  ];
  if (program.entry.declaredIn !== program.entry.file && !program.inferred)
    related.push({
      file: program.entry.declaredIn,
      range: program.entry.range,
      message: `Its entry point ${relativeName(root, program.entry.file)} is declared here (${program.entry.source}).`,
    });
  return related;
}

/** What a collector of startup work records about a file besides its sites: calls and loads that only run behind a switch. */
export interface GatedFacts {
  /** Names this file calls only under an operator's switch or in development. */
  gatedCalls?: string[];
  /** Module specifiers this file loads only under a switch, or from a map of loaders picked at run time. */
  gatedImports?: string[];
  /** Functions this file puts in arrays (`[initTasks.connect, initTasks.syncSchemas]`): whoever holds them calls them. */
  references?: string[];
  /** Names this file calls only inside its own module-level functions, with those functions' names. */
  callers?: [string, string[]][];
}

/**
 * Names called without a switch somewhere in the program (the program's calls minus those a file
 * calls only behind one). A function whose name is not here does not run in a production web process.
 */
export function activeCalls(
  program: ProgramView,
  gatedOf: (file: string) => GatedFacts | undefined,
  /** Only these files' calls (a function only its own file can call); default: the program's. */
  only?: readonly string[],
  /** Names already known to run (the program's active exported functions, when `only` is one file). */
  seed: Iterable<string> = [],
): Set<string> {
  const active = new Set<string>(seed);
  // A name a file calls only inside its module-level functions runs when one of those runs: `initBackups()` loaded
  // through a package's barrel and never called leaves `scheduleBackup()` inside it uncalled too.
  const deferred = new Map<string, Set<string>>();
  for (const file of only ?? program.files) {
    if (program.isTestFile(file)) continue;
    const facts = gatedOf(file);
    const gated = new Set(facts?.gatedCalls ?? []);
    const inside = new Map(facts?.callers ?? []);
    for (const name of program.facts(file).calls) {
      if (gated.has(name)) continue;
      const callers = inside.get(name);
      if (!callers) active.add(name);
      else {
        let set = deferred.get(name);
        if (!set) deferred.set(name, (set = new Set()));
        for (const c of callers) set.add(c);
      }
    }
    for (const name of facts?.references ?? []) active.add(name);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, callers] of deferred) {
      if (active.has(name) || ![...callers].some((c) => active.has(c))) continue;
      active.add(name);
      changed = true;
    }
  }
  return active;
}

function stem(file: string): string {
  const withoutExt = file.replace(/\.[cm]?[jt]sx?$/, '');
  return path.basename(withoutExt) === 'index' ? path.dirname(withoutExt) : withoutExt;
}

/**
 * True when every file of the program that loads `file` by a relative path loads it behind a switch
 * (`if (env.NODE_APP_INSTANCE === 0) require('./cron')`, `{ cron: () => import('./cron') }`).
 * A file loaded through an alias or a package name counts as loaded.
 */
export function loadedOnlyBehindSwitch(program: ProgramView, file: string, gatedOf: (file: string) => GatedFacts | undefined): boolean {
  if (file === program.entry.file) return false;
  let importers = 0;
  for (const { importer, spec } of relativeImportsOf(program).get(stem(file)) ?? []) {
    if (importer === file) continue;
    importers++;
    if (!(gatedOf(importer)?.gatedImports ?? []).includes(spec)) return false;
  }
  return importers > 0;
}

const relativeImportsCache = new WeakMap<ProgramView, Map<string, { importer: string; spec: string }[]>>();

/**
 * The stems a file's relative imports name, kept with the file's list of imports: a file's facts are
 * the same objects from one judgement to the next until its text changes, and every judgement of a big
 * folder asked path.resolve of every relative import again.
 */
const relativeStems = new WeakMap<readonly string[], { importer: string; stems: { spec: string; stem: string }[] }>();
function relativeStemsOf(importer: string, imports: readonly string[]): { spec: string; stem: string }[] {
  const kept = relativeStems.get(imports);
  if (kept && kept.importer === importer) return kept.stems;
  const stems: { spec: string; stem: string }[] = [];
  for (const spec of imports) if (spec.startsWith('.')) stems.push({ spec, stem: stem(path.resolve(path.dirname(importer), spec)) });
  relativeStems.set(imports, { importer, stems });
  return stems;
}

/** The program's relative imports by the stem of the file they name (built once per program and judgement). */
function relativeImportsOf(program: ProgramView): Map<string, { importer: string; spec: string }[]> {
  let byTarget = relativeImportsCache.get(program);
  if (byTarget) return byTarget;
  byTarget = new Map();
  for (const importer of program.files) {
    for (const { spec, stem: target } of relativeStemsOf(importer, program.facts(importer).imports)) {
      let list = byTarget.get(target);
      if (!list) byTarget.set(target, (list = []));
      list.push({ importer, spec });
    }
  }
  relativeImportsCache.set(program, byTarget);
  return byTarget;
}

/** Browser code shipped by the server (`public/src/…`): its timers run in users' browsers, not in a process. */
export function isBrowserCode(root: string, file: string): boolean {
  return /(?:^|\/)(?:public|static|frontend|browser|www|assets)\//.test(relativeName(root, file));
}

const directedCache = new WeakMap<ProgramView, Set<string>>();

/**
 * The files the program's entry really loads. A program found by imports (no entry point declared) is
 * the whole import-graph component around a server, importers included; here only what its top file
 * reaches by its own imports counts (relative specifiers, and aliases matched by their path's tail).
 */
export function loadedFiles(program: ProgramView): Set<string> {
  if (!program.inferred) return new Set(program.files);
  const cached = directedCache.get(program);
  if (cached) return cached;
  const byStem = new Map<string, string[]>();
  for (const f of program.files) {
    const s = stem(f);
    byStem.set(s, [...(byStem.get(s) ?? []), f]);
  }
  const seen = new Set<string>([program.entry.file]);
  const queue = [program.entry.file];
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of program.facts(file).imports) {
      let targets: string[] = [];
      if (spec.startsWith('.')) targets = byStem.get(stem(path.resolve(path.dirname(file), spec))) ?? [];
      else {
        // `@server/utils/x`, `~/lib/x`, `@/x`: the file whose path ends with the specifier's tail.
        const tail = spec.replace(/^(?:@[^/]+\/[^/]+|[~@#]|[^/@.][^/]*)\//, '');
        if (tail === spec || !tail.includes('/')) continue;
        const suffix = `${path.sep}${tail.split('/').join(path.sep)}`;
        for (const [s, files] of byStem) if (s.endsWith(suffix)) targets.push(...files);
      }
      for (const t of targets)
        if (!seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
    }
  }
  directedCache.set(program, seen);
  return seen;
}
