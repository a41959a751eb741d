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
      providerToken:
        '{{kind}} {{value}} is hardcoded: anyone with the code has it, and it cannot differ between deploys (factor III). Read it from process.env.{{envName}}, and rotate it: it is in the history.',
      connectionString:
        'Password {{value}} hardcoded in {{label}}: keep the whole URL in the environment (process.env.{{envName}}), not in the code (factor III).',
      secretArgument:
        'Hardcoded {{what}} {{value}} passed to {{callee}}: read it from process.env.{{envName}} (factor III).',
      literalComparison:
        '{{subject}} is compared with a hardcoded {{kind}} {{value}}: keep the expected value in the environment (factor III) and compare in constant time (crypto.timingSafeEqual).',
    },
  },
  typescript: typescriptCheck,
});
