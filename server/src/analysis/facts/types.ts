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
}

/** Which API started a server; decides the shape of a shutdown fix. */
export type ServerFramework = 'http' | 'express' | 'koa' | 'fastify' | 'nest' | 'hono' | 'hapi' | 'apollo' | 'unknown';

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
  /** Facts gathered by program rules' own collectors (`ProgramCheck.collect`), by rule id. */
  rules?: Record<string, unknown>;
}

export const MAX_ENV_READS = 20;

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
