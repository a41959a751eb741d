/**
 * What handles a signal (DESIGN.md §8): `process.on/once/addListener…` with a signal, a list of them,
 * an enum member or a loop variable; Nest's `enableShutdownHooks([...])`; and graceful-shutdown
 * libraries — credited only when the library installs the handler itself once called. A library that
 * only closes a server (http-terminator, stoppable) handles nothing until `process.on('SIGTERM')` calls it,
 * and that call is what is credited.
 */

interface ShutdownLibrary {
  /** Signals it handles once called, by default. */
  signals: readonly string[];
  /** True when calling it installs the signal handlers; false when it must be wired to process.on. */
  installs: boolean;
  /** The option naming the signals it handles instead of the defaults (a list or a space-separated string). */
  signalsOption?: readonly string[];
  /** The calls that install them, when not every call of the module does (`NodeRuntime.runMain` of Effect's platform). */
  calls?: readonly string[];
}

export const SHUTDOWN_LIBRARIES: Readonly<Record<string, ShutdownLibrary>> = {
  '@godaddy/terminus': { signals: ['SIGTERM'], installs: true, signalsOption: ['signals', 'signal'] },
  lightship: { signals: ['SIGTERM', 'SIGHUP', 'SIGINT'], installs: true, signalsOption: ['terminationSignals'] },
  'close-with-grace': { signals: ['SIGTERM', 'SIGINT'], installs: true },
  'fastify-graceful-shutdown': { signals: ['SIGTERM', 'SIGINT'], installs: true },
  'http-graceful-shutdown': { signals: ['SIGTERM', 'SIGINT'], installs: true, signalsOption: ['signals'] },
  'async-exit-hook': { signals: ['SIGTERM', 'SIGINT'], installs: true },
  'exit-hook': { signals: ['SIGTERM', 'SIGINT'], installs: true },
  death: { signals: ['SIGTERM', 'SIGINT', 'SIGQUIT'], installs: true },
  'signal-exit': { signals: ['SIGTERM', 'SIGINT'], installs: true },
  'node-graceful-shutdown': { signals: ['SIGTERM', 'SIGINT'], installs: true },
  'node-graceful': { signals: ['SIGTERM', 'SIGINT', 'SIGBREAK'], installs: true },
  // Effect: the main fiber is interrupted on SIGINT/SIGTERM, its scope's finalizers close what it acquired.
  '@effect/platform-node': { signals: ['SIGTERM', 'SIGINT'], installs: true, calls: ['NodeRuntime.runMain'] },
  '@effect/platform-node/NodeRuntime': { signals: ['SIGTERM', 'SIGINT'], installs: true, calls: ['runMain'] },
  '@moebius/http-graceful-shutdown': { signals: [], installs: false },
  'http-terminator': { signals: [], installs: false },
  stoppable: { signals: [], installs: false },
  'http-shutdown': { signals: [], installs: false },
  'server-destroy': { signals: [], installs: false },
};

/** The listener-registering methods of `process`. */
export const PROCESS_LISTEN_METHODS: ReadonlySet<string> = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** Method names that install framework shutdown hooks on an app, with the signals they cover when given none. */
export const SHUTDOWN_HOOK_METHODS: Readonly<Record<string, readonly string[]>> = {
  enableShutdownHooks: ['*'],
};

export const SIGNAL_NAME = /^SIG[A-Z0-9]{2,8}$/;

/** Signals named in a library's option value: `['SIGINT']`, `'SIGINT SIGTERM'`. */
export function signalsInOption(value: string | readonly string[]): string[] {
  const list = typeof value === 'string' ? value.split(/[\s,]+/) : value;
  return list.filter((s) => SIGNAL_NAME.test(s));
}
