import { defineRule } from '../../rule';
import { typescriptCheck } from './no-hardcoded-secret.typescript';
import { dockerfileCheck } from './no-hardcoded-secret.dockerfile';
import { composeCheck, dotenvCheck, jsonCheck, npmrcCheck } from './no-hardcoded-secret.config';
import { MESSAGES } from './no-hardcoded-secret.messages';

export default defineRule({
  meta: {
    id: 'config/no-hardcoded-secret',
    factor: 3,
    description: 'Secrets (passwords, tokens, API keys, credentials) come from the environment, not from the code or the image.',
    defaultSeverity: 'error',
    testFileSeverity: 'information',
    languages: ['typescript', 'dockerfile', 'dotenv', 'json', 'yaml', 'npmrc'],
    fixable: true,
    messages: {
      ...MESSAGES,
      // Config files (no-hardcoded-secret.config.ts)
      dotenvSecret:
        'Hardcoded {{kind}} {{value}} in {{where}} in {{file}}, which no .gitignore excludes: the file is committed with the code, so the secret is in every clone and in the history (factor III). Add {{file}} to .gitignore (and untrack it: git rm --cached {{file}}), and rotate the secret: a committed secret must be treated as leaked.',
      dotenvToken:
        '{{kind}} {{value}} in {{where}} in {{file}}, which no .gitignore excludes: the file is committed with the code, so anyone with the repository has it (factor III). Add {{file}} to .gitignore (and untrack it: git rm --cached {{file}}), and rotate the token: a committed secret must be treated as leaked.',
      dotenvConnectionString:
        'Password {{value}} in {{label}} in {{where}} in {{file}}, which no .gitignore excludes: the file is committed with the code (factor III). Add {{file}} to .gitignore (and untrack it: git rm --cached {{file}}), and change the password: a committed secret must be treated as leaked.',
      dotenvExampleValue:
        '{{file}} is committed for others to copy, so it must hold placeholders, but {{where}} holds a real-looking {{kind}} {{value}} (factor III). Leave the value empty (or write a placeholder such as <your-key>), and rotate the secret if it was ever real: it is in the history.',
      jsonSecret:
        'Hardcoded {{kind}} {{value}} in "{{name}}" of {{file}}: the config file is committed with the code, so the secret is in every clone and in the history, and cannot differ between deploys (factor III). {{advice}} Rotate it: it is in the history.',
      jsonToken:
        '{{kind}} {{value}} is hardcoded in {{file}} ({{where}}): anyone with the repository has it, and it cannot differ between deploys (factor III). {{advice}} Rotate it: it is in the history.',
      jsonConnectionString:
        'Password {{value}} hardcoded in {{label}} in {{file}} ({{where}}): keep the whole URL in the environment, not in a committed config file (factor III). {{advice}} Change the password: it is in the history.',
      jsonServiceAccountKey:
        '{{file}} is a Google service-account key with its private key ({{account}}): anyone with the repository can act as that account (factor III). Remove the file from the repository, give the process its credentials at run time (GOOGLE_APPLICATION_CREDENTIALS pointing at a mounted secret, or workload identity), and delete this key: it is in the history.',
      composeSecret:
        'Hardcoded {{kind}} {{value}} in {{where}}: the compose file is committed, so the secret is in every clone and in the history, and cannot differ between deploys (factor III). Reference a variable instead ({{reference}}), set in the shell or in a gitignored .env beside the compose file, and rotate the secret.',
      composeToken:
        '{{kind}} {{value}} is hardcoded in the compose file ({{where}}): anyone with the repository has it, and it cannot differ between deploys (factor III). Reference a variable instead ({{reference}}), set in the shell or in a gitignored .env, and rotate the token: it is in the history.',
      composeConnectionString:
        'Password {{value}} hardcoded in {{label}} in the compose file ({{where}}): keep the password, or the whole URL, in a variable ({{reference}}) set in the shell or in a gitignored .env (factor III), and change it: it is in the history.',
      npmrcToken:
        '{{what}} {{value}} is written in {{file}}, which no .gitignore excludes: anyone with the repository can install or publish with it (factor III). Reference the environment instead ({{reference}}; npm expands it when it reads the file), and rotate the token.',
    },
  },
  typescript: typescriptCheck,
  dockerfile: dockerfileCheck,
  dotenv: dotenvCheck,
  json: jsonCheck,
  yaml: composeCheck,
  npmrc: npmrcCheck,
});
