/**
 * The plain data a program rule and the report read about a workspace (docs/DESIGN.md §4): per-file facts
 * of TS/JS files and the programs built from them. Types and constants only, no behaviour: the rule
 * API (rule.ts) imports this file, and nothing here imports the engine, the registry or a rule.
 */
import type { Position, Range } from '../finding';

/** Where a package's program starts. */
export interface EntryPoint {
  /** Absolute source file the program starts from. */
  file: string;
  /** The file that declares it (package.json, Dockerfile, Procfile). */
  declaredIn: string;
  /** 0-based range of the declaration in `declaredIn`. */
  range: Range;
  /** Human label: `package.json "main"`, `scripts.start`, `Dockerfile CMD`, `Procfile web`. */
  source: string;
  /** Other declarations that start the same file (`"main"` that `scripts.start` also runs), by their labels. */
  alsoFrom?: string[];
  /** Its build writes the image's package.json from the workspace's (Nx's `generatePackageJson`), devDependencies included. */
  generatesManifest?: boolean;
  /** The signals its starts stop it with, when one is not SIGTERM (pm2 stops its apps with SIGINT). */
  stopSignals?: string[];
  /**
   * The process types its starts run it as, when one is not `web`: a Procfile's or heroku.yml's type, a Render service's
   * type, `pm2:<app>` for a pm2 app (any other start is `web`).
   */
  processTypes?: string[];
}

/** Which API started a server; decides the shape of a shutdown fix (the framework model: framework/servers.ts). */
export type ServerFramework =
  | 'http'
  | 'express'
  | 'koa'
  | 'fastify'
  | 'nest'
  | 'hono'
  | 'hapi'
  | 'apollo'
  | 'restify'
  | 'polka'
  | 'micro'
  | 'feathers'
  | 'next'
  | 'socket.io'
  | 'ws'
  | 'bun'
  | 'adonis'
  | 'unknown';

/**
 * Where a server's port comes from: a literal, an environment variable (with its fallback when one is
 * written), or something else (a config object, a parameter) — `text` is its source, cut to 80 chars.
 * `none`: the start names no port (an OS-assigned port, a socket path, or options set elsewhere).
 */
export type PortSource =
  | { kind: 'literal'; value: number }
  | { kind: 'env'; name?: string; fallback?: number }
  | { kind: 'unknown'; text: string }
  | { kind: 'none' };

/**
 * The statement that starts a server, described well enough to extend it without the syntax tree:
 * a rule builds its fix from this (handle-sigterm's shutdown handler).
 */
export interface ServerSite {
  /** Start of the statement holding the call, its indentation, and the file's indentation step. */
  statementStart: Position;
  indent: string;
  unit: string;
  /** Where text goes after the statement (the end of its line when only a comment follows). */
  after: Position;
  /** The receiver's source text when it is a plain name or `this.name` (`app`, `this.server`). */
  receiver?: string;
  /**
   * What the call's result (the server handle) is held in: a `const`'s name, or nothing (an
   * expression statement, where `freeName` is a name the file does not use yet).
   */
  handle: { kind: 'bound'; name: string } | { kind: 'discarded'; freeName?: string };
}

export interface ServerFact {
  framework: ServerFramework;
  /** The `app.listen` / `serve` part of the call: where a finding about the server goes. */
  range: Range;
  /**
   * Name of the innermost named function (or method, or class for a constructor) the call runs in,
   * callbacks looked through; absent at module level. The start only counts when that name is called
   * somewhere in the program (a wrapper never called, like a framework's own `listen`, is not a start).
   */
  container?: string;
  /** Present when the call is a statement directly in a block or the module (no function boundary in between). */
  site?: ServerSite;
  /** The port, when the call writes it as a number literal (`listen(3000)`, `listen({ port: 3000 })`). */
  port?: { literal: number };
  /** The start call as written: `app.listen`, `server.start`, `serve`, `startStandaloneServer`. */
  how?: string;
  /**
   * Where the port comes from, followed through the file's constants (`const PORT = process.env.PORT || 3000`)
   * and, for factories that take it (`Hapi.server({ port })`), the factory's options.
   */
  portSource?: PortSource;
  /** Range of the port expression, when there is one. */
  portRange?: Range;
  /** True when the start sits under an `if`/`?:`/`&&`/`switch`/`catch` within its function (or module): it may not run. */
  conditional?: true;
  /**
   * Runs only in development (`if (process.env.NODE_ENV !== 'production') app.listen(3000)`): a local
   * server beside the handler a serverless platform calls, not what production runs.
   */
  devOnly?: true;
}

/** What kind of callback runs after startup (framework/handlers.ts). */
export type HandlerKind = 'route' | 'middleware' | 'socket' | 'queue' | 'event' | 'timer' | 'resolver';

/** A function that runs per request (or per message, job, event, tick) once the program has started. */
export interface HandlerFact {
  kind: HandlerKind;
  /** The framework it is registered with, when the registration says (`express`, `hapi`, `nest`…). */
  framework?: ServerFramework;
  /** HTTP method, event or decorator name, when written literally. */
  method?: string;
  /** Route path, when written literally. */
  path?: string;
  /** The function (start of its first token to its end). */
  range: Range;
}

/** An app or server object created (`express()`, `new Koa()`, `Hapi.server()`), started or not: where the framework serves from. */
export interface AppFact {
  framework: ServerFramework;
  range: Range;
  /** The name it is kept in, when it is. */
  name?: string;
}

/** Session middleware seen in a file, and where its sessions live. */
export interface SessionFact {
  /** The library (`express-session`, `@fastify/session`, `@hapi/yar`…). */
  library: string;
  /** `memory` (the default store or an in-memory one), `external` (a store is configured), `cookie`, or `unknown`. */
  store: 'memory' | 'external' | 'cookie' | 'unknown';
  range: Range;
}

export interface SignalFact {
  /** `SIGTERM`, `SIGINT`… or `*` when the handled signals could not be read (counted as handling SIGTERM). */
  signals: string[];
  /** How: `process.on`, `@godaddy/terminus`, `enableShutdownHooks`… */
  how: string;
  range: Range;
}

/** A read of the environment: `process.env.PORT`, `process.env['X']`, `{ PORT } = process.env`, `import.meta.env.X`. */
export interface EnvReadFact {
  /** The variable's name when it is written literally. */
  name?: string;
  at: Position;
}

/** Evidence that logs go to stdout/stderr. */
export interface StdoutLogFact {
  kind: 'console' | 'winston-console' | 'pino-stdout';
  at: Position;
}

/** Inline suppressions of a file (suppressions.ts), kept with its facts for findings judged across files. */
export interface SuppressionFacts {
  byLine: [number, string[]][];
  fileWide: string[];
}

export interface FileFacts {
  /** Module specifiers loaded (static, `export … from`, `require`, literal `import()`), deduplicated. */
  imports: string[];
  servers: ServerFact[];
  signals: SignalFact[];
  /** Names called (`f()`, `x.f()`, `new F()`) or passed as callbacks; to tell a started server from a wrapper. */
  calls: string[];
  /** Environment reads (at most MAX_ENV_READS per file, in source order). */
  env: EnvReadFact[];
  /** stdout/stderr logging seen in the file (first of each kind). */
  stdoutLogs: StdoutLogFact[];
  /** Inline suppressions, only when the file has any. */
  suppressions?: SuppressionFacts;
  /** Request (and other after-startup) handlers, at most MAX_HANDLERS, in source order; absent when none. */
  handlers?: HandlerFact[];
  /** App and server objects created in the file; absent when none. */
  apps?: AppFact[];
  /** Session middleware configured in the file; absent when none. */
  sessions?: SessionFact[];
  /** The file is an executable script (a `#!` line naming node): it may be an entry point without an extension. */
  executable?: true;
  /**
   * Read by the token scanner, not parsed (facts/lexicalFacts.ts): its imports and calls are all there, but handlers are never
   * looked for (a file of routes registered on an app it is handed may hold some).
   */
  scanned?: true;
  /** Facts gathered by program rules' own collectors (`ProgramCheck.collect`), by rule id. */
  rules?: Record<string, unknown>;
}

export const MAX_ENV_READS = 20;
export const MAX_HANDLERS = 100;

export const EMPTY_FACTS: FileFacts = Object.freeze({
  imports: [],
  servers: [],
  signals: [],
  calls: [],
  env: [],
  stdoutLogs: [],
});

/** One program: an entry point and the files reachable from it (or, without one, an import-graph component). */
export interface ProgramView {
  /** The entry point; for a component found by imports, `source` says so and `file` is its top file. */
  entry: EntryPoint;
  /** True when no entry point of the package resolved and the program is an import-graph component. */
  inferred: boolean;
  /** Files of the program, the entry first, then in discovery order. */
  files: readonly string[];
  facts(file: string): FileFacts;
  /** What a program rule's own collector gathered in a file (ProgramCheck.collect), if anything. */
  ruleFacts<T>(file: string, ruleId: string): T | undefined;
  isTestFile(file: string): boolean;
  /** Every name called anywhere in the program. */
  calls: ReadonlySet<string>;
}
