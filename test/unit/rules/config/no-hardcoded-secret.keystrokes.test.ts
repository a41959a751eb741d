/**
 * config/no-hardcoded-secret across keystrokes: the verdicts kept for untouched statements (the
 * literals of a statement judged harmless are not judged again while the statement object is reused)
 * give way when what they read elsewhere in the file changes: the module bindings, a callee's
 * declaration, the file's index. Each edit is analysed as the editor does (an incremental reparse of the
 * kept tree) and compared with a fresh analysis of the same text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDocument } from '../../../helpers/openDocument';

const RULE = 'config/no-hardcoded-secret';

describe(`${RULE}: verdicts kept for untouched statements`, () => {
  it('a jsonwebtoken import typed below a call makes its plain-word key a finding, and its removal takes it back', () => {
    const doc = openDocument(
      RULE,
      '/w/src/token.ts',
      `export const t = (p: object) => sign(p, 'mySecretKey');\nexport const version = 2;\n// imports\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const call = doc.statement(0);
    assert.deepEqual(doc.edit(`// imports\n`, `// imports\nimport { sign } from 'jsonwebtoken';\n`), ['secretArgument 1:41']);
    assert.equal(doc.statement(0), call, 'the call statement is reused: only what it read decides');
    assert.deepEqual(doc.edit(`'jsonwebtoken';`, `'./docs';`), []);
    assert.equal(doc.statement(0), call);
  });

  it('CommonJS: a require of jsonwebtoken added after the call is read too', () => {
    const doc = openDocument(RULE, '/w/src/token.js', `module.exports = (p) => sign(p, 'mySecretKey');\nmodule.exports.version = 2;\n`);
    assert.deepEqual(doc.findings(), []);
    const call = doc.statement(0);
    assert.deepEqual(doc.edit(`= 2;\n`, `= 2;\nconst { sign } = require('jsonwebtoken');\n`), ['secretArgument 1:33']);
    assert.equal(doc.statement(0), call, 'the call statement is reused');
  });

  it('a local wrapper declared after its call makes the key it is given a finding', () => {
    const doc = openDocument(
      RULE,
      '/w/src/auth.ts',
      `import jwt from 'jsonwebtoken';\nexport const t = issue({}, 'f9Kq2mZx7LpW4vR8');\nexport const version = 2;\n// helpers\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const call = doc.statement(1);
    assert.deepEqual(doc.edit(`// helpers\n`, `// helpers\nfunction issue(p: object, k: string) {\n  return jwt.sign(p, k);\n}\n`), [
      'secretArgument 2:28',
    ]);
    assert.equal(doc.statement(1), call, 'the call statement is reused');
    assert.deepEqual(doc.edit(`  return jwt.sign(p, k);\n`, `  return JSON.stringify([p, k.length]);\n`), []);
  });

  it('a constant becomes a finding when a later statement uses it as a JWT secret', () => {
    const doc = openDocument(
      RULE,
      '/w/src/app.ts',
      `import jwt from 'jsonwebtoken';\nconst BUILD = 'b7Gd2pLq9ZxR4mT1';\nexport const v = () => BUILD;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`() => BUILD`, `(p: object) => jwt.sign(p, BUILD)`), ['secretArgument 2:15']);
    assert.deepEqual(doc.edit(`(p: object) => jwt.sign(p, BUILD)`, `() => BUILD`), []);
  });

  it('a harmless statement stays harmless when an unrelated statement changes', () => {
    const doc = openDocument(
      RULE,
      '/w/src/routes.js',
      `const express = require('express');\nconst router = express.Router();\nrouter.get('/health', (req, res) => res.json({ status: 'ok', note: 'not found' }));\nmodule.exports = router;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`module.exports = router;`, `module.exports = { router };`), []);
    assert.deepEqual(
      doc.edit(`module.exports = { router };`, `module.exports = { router, token: 'ghp_${'A1b2C3d4E5'.repeat(3)}abcdef' };`),
      ['providerToken 4:36'],
    );
    // The statement that reported is judged again on the next keystrokes elsewhere: its finding stays.
    assert.deepEqual(doc.edit(`abcdef' };`, `abcdef' };\nmodule.exports.v = 3;\nmodule.exports.w = 4;`), ['providerToken 4:36']);
    assert.deepEqual(doc.edit(`w = 4`, `w = 5`), ['providerToken 4:36']);
  });
});
