/**
 * backing-services/no-hardcoded-locator across keystrokes: statements without a client are not looked
 * at again while they are reused, and are looked at again when what decided that changes: the module
 * bindings, or the factory call a called name is initialized with in another statement.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDocument } from '../../../helpers/openDocument';

const RULE = 'backing-services/no-hardcoded-locator';

describe(`${RULE}: verdicts kept for untouched statements`, () => {
  it('a called name whose initializer becomes a client factory: the untouched call is found, and quiet again when it goes back', () => {
    const doc = openDocument(
      RULE,
      '/w/src/db.js',
      `const pgPromise = require('pg-promise');\nconst pgp = makeFactory({ capSQL: true });\nconst db = pgp('postgres://db.internal:5432/app');\nexports.v = 2;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const call = doc.statement(2);
    // The module bindings stay the same: only the factory call of `pgp` changes.
    assert.deepEqual(doc.edit(`makeFactory(`, `pgPromise(`), ['hardcodedLocator 3:16']);
    assert.equal(doc.statement(2), call, 'the call is reused: only what it read decides');
    assert.deepEqual(
      doc.edit(`exports.v = 2;`, `exports.v = 3;`),
      ['hardcodedLocator 3:16'],
      'a statement that reported is looked at again',
    );
    assert.deepEqual(doc.edit(`pgPromise({`, `makeFactory({`), []);
    assert.equal(doc.statement(2), call);
  });

  it('an import changed to a client module makes the untouched constructor a finding; changed back, it is quiet', () => {
    const doc = openDocument(
      RULE,
      '/w/src/pool.ts',
      `import { Pool } from './pool-stub';\nexport const pool = new Pool({ host: 'db.internal' });\nexport const v = 2;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`'./pool-stub'`, `'pg'`), ['hardcodedLocator 2:38']);
    assert.deepEqual(doc.edit(`'pg'`, `'./pool-stub'`), []);
  });

  it('a locator held in a constant of another statement: changed to the environment, the finding goes', () => {
    const doc = openDocument(
      RULE,
      '/w/src/cache.js',
      `const Redis = require('ioredis');\nconst redis = new Redis(REDIS_URL);\nexports.v = 2;\nconst REDIS_URL = 'redis://cache.internal:6379';\n`,
    );
    assert.deepEqual(doc.findings(), ['hardcodedLocator 4:19']);
    assert.deepEqual(doc.edit(`'redis://cache.internal:6379'`, `process.env.REDIS_URL`), []);
    assert.deepEqual(doc.edit(`process.env.REDIS_URL`, `'redis://cache.internal:6379'`), ['hardcodedLocator 4:19']);
  });

  it('statements without a client stay quiet while others change', () => {
    const doc = openDocument(
      RULE,
      '/w/src/app.js',
      `const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send(new Error('x').message));\nmodule.exports = app;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`module.exports = app;`, `module.exports = { app };`), []);
    assert.deepEqual(doc.edit(`res.send(`, `res.json(`), []);
  });
});
