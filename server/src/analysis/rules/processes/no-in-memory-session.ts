import { defineRule } from '../../rule';

export default defineRule({
  meta: {
    id: 'processes/no-in-memory-session',
    factor: 6,
    description: 'Session and per-user state lives in a backing service, not in the memory of one process.',
    defaultSeverity: 'warning',
    languages: [],
    fixable: true,
    messages: {},
  },
});
