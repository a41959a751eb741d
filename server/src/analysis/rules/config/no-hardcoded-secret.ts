import { defineRule } from '../../rule';
import { typescriptCheck } from './no-hardcoded-secret.typescript';
import { dockerfileCheck } from './no-hardcoded-secret.dockerfile';
import { MESSAGES } from './no-hardcoded-secret.messages';

export default defineRule({
  meta: {
    id: 'config/no-hardcoded-secret',
    factor: 3,
    description: 'Secrets (passwords, tokens, API keys, credentials) come from the environment, not from the code or the image.',
    defaultSeverity: 'error',
    testFileSeverity: 'information',
    languages: ['typescript', 'dockerfile'],
    fixable: true,
    messages: MESSAGES,
  },
  typescript: typescriptCheck,
  dockerfile: dockerfileCheck,
});
