import { defineRule } from '../../rule';
import { typescriptCheck } from './no-hardcoded-secret.typescript';

export default defineRule({
  meta: {
    id: 'config/no-hardcoded-secret',
    factor: 3,
    description: 'Secrets (passwords, tokens, API keys, credentials) come from the environment, not from the code or the image.',
    defaultSeverity: 'error',
    testFileSeverity: 'information',
    languages: ['typescript'],
    fixable: true,
    messages: {
      namedSecret:
        'Hardcoded {{kind}} {{value}} in "{{name}}": config that varies between deploys belongs in the environment (factor III). Read it from process.env.{{envName}}.',
    },
  },
  typescript: typescriptCheck,
});
