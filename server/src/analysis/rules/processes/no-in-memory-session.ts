import { defineRule } from '../../rule';
import { typescriptCheck } from './no-in-memory-session.typescript';

export default defineRule({
  meta: {
    id: 'processes/no-in-memory-session',
    factor: 6,
    description: 'Session and per-user state lives in a backing service, not in the memory of one process.',
    defaultSeverity: 'warning',
    // In tests and fixtures: tests build throwaway apps with the in-memory store on purpose.
    testFileSeverity: 'off',
    languages: ['typescript'],
    fixable: true,
    messages: {
      sessionWithoutStore:
        "{{library}} is configured without a store, so sessions live in this process's memory (MemoryStore): they vanish on restart and are not shared between processes (factor VI). Configure a store backed by a service such as Redis.",
      memoryStore:
        'An in-memory session store keeps sessions in this process: they vanish on restart and are not shared between processes (factor VI). Use a store backed by a service such as Redis.',
      moduleStateInHandler:
        '"{{name}}" is a module-level collection holding per-user/per-session state, mutated by a request handler (line {{line}}): it lives in one process only, lost on restart and invisible to the others (factor VI). Keep it in a backing service (Redis, a database).',
    },
  },
  typescript: typescriptCheck,
});
