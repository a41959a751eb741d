import { defineRule } from '../../rule';

export default defineRule({
  meta: {
    id: 'disposability/signal-forwarding',
    factor: 9,
    description: 'The container runs node as PID 1 (or behind an init) so SIGTERM reaches the app and it can shut down gracefully.',
    defaultSeverity: 'warning',
    languages: [],
    fixable: true,
    messages: {},
  },
});
