import { ruleTester } from '../../../helpers/ruleTester';

ruleTester('config/no-hardcoded-secret', {
  valid: [
    { code: `const password = process.env.DB_PASSWORD;` },
    { code: `const label = 'Enter your password';` },
    { code: `const password = '';` },
    { code: `const secret = 'changeme';` },
  ],
  invalid: [
    {
      code: `const dbPassword = 'hunter2-correct-horse';\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 20, endLine: 1, endColumn: 43, messageIncludes: ['"dbPassword"', 'DB_PASSWORD', 'hunt…(21 chars)'] }],
      output: `const dbPassword = process.env.DB_PASSWORD;\n`,
      outputFiles: { '.env.example': 'DB_PASSWORD=\n' },
    },
  ],
});
