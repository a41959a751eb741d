/**
 * Every module the framework model reads: a file that loads none of them gets no app, server or
 * session facts from them (its other facts need a start, a signal, an environment read or a log,
 * which facts/lexicalFacts.ts looks for by name). Derived from the tables, so a framework added there
 * is parsed for.
 */
import { FRAMEWORK_MODULES, SERVER_FACTORIES, SERVER_START_FUNCTIONS } from './servers';
import { COOKIE_SESSIONS, MEMORY_DEFAULT_SESSIONS, MEMORY_STORE_CLASSES, MEMORY_STORE_FACTORIES, SESSION_STORES } from './sessions';
import { SHUTDOWN_LIBRARIES } from './signals';

export const MODEL_MODULES: readonly string[] = [
  ...new Set([
    ...Object.keys(SERVER_FACTORIES),
    ...Object.keys(SERVER_START_FUNCTIONS),
    ...FRAMEWORK_MODULES.map(([module]) => module),
    ...Object.keys(SHUTDOWN_LIBRARIES),
    ...Object.keys(MEMORY_DEFAULT_SESSIONS),
    ...Object.keys(MEMORY_STORE_CLASSES),
    ...MEMORY_STORE_FACTORIES,
    ...Object.keys(SESSION_STORES),
    ...COOKIE_SESSIONS,
  ]),
].sort();
