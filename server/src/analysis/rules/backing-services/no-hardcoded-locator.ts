import { defineRule } from '../../rule';
import { typescriptCheck } from './no-hardcoded-locator.typescript';
import { jsonCheck, yamlCheck } from './no-hardcoded-locator.json';
import { check, collect } from './no-hardcoded-locator.program';

export default defineRule({
  meta: {
    id: 'backing-services/no-hardcoded-locator',
    factor: 4,
    description:
      'Databases, caches, queues, mail servers and other backing services are attached by a locator (URL, host) from the environment, not one written in the code.',
    defaultSeverity: 'warning',
    testFileSeverity: 'off',
    languages: ['typescript', 'json', 'yaml'],
    fixable: true,
    messages: {
      hardcodedLocator:
        "The {{service}} locator '{{value}}' is hardcoded for {{client}}: every deploy attaches the same {{service}}, and swapping it for another (a managed instance, a replica) needs a code change (factor IV). Read it from process.env.{{envName}}.",
      configLocator:
        "The {{service}} locator '{{value}}' is set as '{{key}}' in node-config's {{file}} for {{client}}, with no environment variable mapped to it: every deploy attaches the same {{service}}, and swapping it for another needs a code change (factor IV). Map '{{key}}' to {{envName}} in config/custom-environment-variables.json.",
      defaultLocator:
        '{{client}} is given no host or URL, so it connects to {{service}} on localhost in every deploy (factor IV). Pass the locator from the environment (process.env.{{envName}}).',
    },
  },
  typescript: typescriptCheck,
  json: jsonCheck,
  yaml: yamlCheck,
  program: { collect, check },
});
