import { defineRule } from '../../rule';
import { typescriptCheck } from './no-in-memory-session.typescript';
import { programCheck } from './no-in-memory-session.program';

const KEEP_IT_ELSEWHERE = 'Keep it in a backing service (Redis, a database).';

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
      yarDefaultCache:
        "{{library}} keeps sessions that do not fit in its cookie in hapi's default cache, which is this process's memory: they vanish on restart and are not shared between processes (factor VI). Provision a shared server cache (e.g. @hapi/catbox-redis) and name it in yar's cache option.",
      oidcMemoryAdapter:
        'oidc-provider is configured without an adapter, so it keeps sessions, grants and tokens in its in-memory development adapter: they vanish on restart and are not shared between processes (factor VI). Configure an adapter backed by Redis or a database.',
      memoryStoreClass: `{{name}} is a session store ({{kind}}) that keeps its data in this process ("{{state}}", line {{line}}): sessions vanish on restart and are not shared between processes (factor VI). Back it with Redis or a database.`,
      moduleStateInHandler: `"{{name}}" is a module-level collection holding per-user/per-session state, mutated by a request handler (line {{line}}): it lives in one process only, lost on restart and invisible to the others (factor VI). ${KEEP_IT_ELSEWHERE}`,
      moduleVariableInHandler: `"{{name}}" is a module-level variable set to a user or session by a request handler (line {{line}}): all requests of all users share it in this process, and the other processes never see it (factor VI). Keep per-request data on the request, and per-user state in a backing service.`,
      singletonState: `"{{name}}" holds per-user/per-session state in {{owner}}, a singleton for the life of the process, changed at line {{line}} under a user or session key: it lives in one process only, lost on restart and invisible to the others (factor VI). ${KEEP_IT_ELSEWHERE}`,
      moduleStateViaExport: `"{{name}}" is a module-level collection holding per-user/per-session state, changed by {{fn}}() (line {{line}}), which a request handler calls ({{caller}}): it lives in one process only, lost on restart and invisible to the others (factor VI). ${KEEP_IT_ELSEWHERE}`,
    },
  },
  typescript: typescriptCheck,
  program: programCheck,
});
