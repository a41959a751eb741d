/**
 * port-binding/port-from-environment (factor VII): a server's port is read from the environment (the
 * platform assigns it), not written in the code. Judged across files (port-from-environment.program.ts).
 */
import { defineRule } from '../../rule';
import { check, collect } from './port-from-environment.program';

export default defineRule({
  meta: {
    id: 'port-binding/port-from-environment',
    factor: 7,
    description: 'A server binds the port the environment gives it (process.env.PORT), not a port written in the code.',
    defaultSeverity: 'warning',
    testFileSeverity: 'off',
    languages: ['typescript'],
    fixable: true,
    messages: {
      literalPort:
        'This server listens on port {{port}}, written in the code with no environment lookup on the way: the platform cannot bind the service to the port it assigns (factor VII). Read it from process.env.{{envName}}, with {{port}} as the default.',
      configPort:
        "This server listens on port {{port}}, set as '{{key}}' in node-config's {{file}} with no environment variable mapped to it: the platform cannot bind the service to the port it assigns (factor VII). Map '{{key}}' to {{envName}} in config/custom-environment-variables.json.",
    },
  },
  // Judged across files from facts (see `program`): nothing to do in a single file's walk.
  typescript: { prefilter: () => false, create: () => ({}) },
  program: { collect, check },
});
