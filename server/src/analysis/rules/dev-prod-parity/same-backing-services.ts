import { defineRule } from '../../rule';
import { typescriptCheck } from './same-backing-services.typescript';
import { dotenvCheck, jsonCheck, yamlCheck } from './same-backing-services.config';

export default defineRule({
  meta: {
    id: 'dev-prod-parity/same-backing-services',
    factor: 10,
    description:
      'Development, test and production attach the same kind of backing service (the same database engine and major version), not SQLite or an in-memory stand-in where production runs PostgreSQL or Redis.',
    defaultSeverity: 'warning',
    testFileSeverity: 'off',
    languages: ['typescript', 'json', 'dotenv', 'yaml'],
    fixable: false,
    messages: {
      inMemorySubstitute:
        '{{substitute}} is loaded by app code: the environment that runs it works against a stand-in, not the {{service}} production uses, and the differences surface only in production (factor X). Keep stand-ins in tests; run the real service locally (a container) and attach it by URL.',
      kindByEnvironment:
        'In {{devWhat}} this uses {{devKind}}, while production uses {{prodKind}}: behaviour that differs between the two (types, SQL dialect, transactions, eviction) goes unnoticed until it ships (factor X). Use the same kind of service in every environment, locally in a container.',
      composeKind:
        'This compose file runs {{image}} ({{devKind}}), but production uses {{prodKind}} ({{prodWhere}}): development and production run different engines (factor X). Run the engine production runs.',
      composeVersion:
        'This compose file runs {{image}}, but production runs {{prodImage}} ({{prodWhere}}): another major version of {{service}} (factor X). Run the version production runs.',
    },
  },
  typescript: typescriptCheck,
  json: jsonCheck,
  dotenv: dotenvCheck,
  yaml: yamlCheck,
});
