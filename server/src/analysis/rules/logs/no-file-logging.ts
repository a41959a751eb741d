import { defineRule } from '../../rule';

export default defineRule({
  meta: {
    id: 'logs/no-file-logging',
    factor: 11,
    description: 'Logs are written as an event stream to stdout/stderr, not to files the app manages.',
    defaultSeverity: 'warning',
    languages: [],
    fixable: true,
    messages: {},
  },
});
