/**
 * dev-prod-parity/same-backing-services across keystrokes: a statement in which nothing can be reported
 * whatever the rest of the file says (no branch pair that both create a service, no stand-in, no
 * per-environment config) is not looked at again while it is reused; it is when its bindings or the
 * factories of the names it calls change. A choice between two services is judged on every keystroke,
 * since its condition is read through the file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDocument } from '../../../helpers/openDocument';

const RULE = 'dev-prod-parity/same-backing-services';

describe(`${RULE}: verdicts kept for untouched statements`, () => {
  it('a kind option chosen by a condition declared in another statement follows that declaration; one engine on both sides stays quiet', () => {
    const doc = openDocument(
      RULE,
      '/w/src/orm.ts',
      `export const config = { type: live ? 'postgres' : 'sqlite', synchronize: true };\nexport const v = 2;\nconst live = true;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const config = doc.statement(0);
    assert.deepEqual(doc.edit(`const live = true;`, `const live = process.env.NODE_ENV === 'production';`), ['kindByEnvironment 1:51']);
    assert.equal(doc.statement(0), config, 'the config is reused and judged again');
    assert.deepEqual(doc.edit(`export const v = 2;`, `export const v = 3;`), ['kindByEnvironment 1:51']);
    assert.deepEqual(doc.edit(`'sqlite'`, `'postgres'`), []);
    assert.deepEqual(doc.edit(`export const v = 3;`, `export const v = 4;`), []);
  });

  it('a choice with a service on one side only stays quiet while the file around it changes', () => {
    const doc = openDocument(
      RULE,
      '/w/src/db.js',
      `const { Pool } = require('pg');\nconst pool = isProd ? new Pool() : null;\nconst isProd = process.env.NODE_ENV === 'production';\nexports.v = 2;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`exports.v = 2;`, `exports.v = 3;`), []);
    assert.deepEqual(doc.edit(`const isProd =`, `const isProduction =`), []);
    assert.deepEqual(doc.edit(`: null`, `: new Map()`), ['kindByEnvironment 2:36']);
  });

  it('a branch that gains a client when an import changes: the untouched if/else is found, and quiet when it changes back', () => {
    const doc = openDocument(
      RULE,
      '/w/src/db.js',
      `const { Pool } = require('./pool-stub');\nconst Database = require('better-sqlite3');\nfunction connect() {\n  if (isProd) {\n    return new Pool();\n  } else {\n    return new Database(':memory:');\n  }\n}\nconst isProd = process.env.NODE_ENV === 'production';\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const connect = doc.statement(2);
    assert.deepEqual(doc.edit(`'./pool-stub'`, `'pg'`), ['kindByEnvironment 7:12']);
    assert.equal(doc.statement(2), connect);
    assert.deepEqual(doc.edit(`'pg'`, `'./pool-stub'`), []);
  });

  it('a branch that calls a name whose factory becomes a client: the untouched choice is found', () => {
    const doc = openDocument(
      RULE,
      '/w/src/db.js',
      `const pgPromise = require('pg-promise');\nconst pgp = makeFactory({ capSQL: true });\nconst Database = require('better-sqlite3');\nconst db = process.env.NODE_ENV === 'production' ? pgp(process.env.DATABASE_URL) : new Database(':memory:');\n`,
    );
    assert.deepEqual(doc.findings(), []);
    // The module bindings stay the same: only the factory call of `pgp` changes.
    assert.deepEqual(doc.edit(`makeFactory(`, `pgPromise(`), ['kindByEnvironment 4:84']);
    assert.deepEqual(doc.edit(`pgPromise({`, `makeFactory({`), []);
  });

  it('a stand-in imported below a choice: the choice is judged with it (in-memory Redis for tests is not reported)', () => {
    const doc = openDocument(
      RULE,
      '/w/src/redis.js',
      `const Redis = require('ioredis');\nconst r = isProd ? new Redis(process.env.REDIS_URL) : new Map();\nconst isProd = process.env.NODE_ENV === 'production';\nexports.v = 2;\n`,
    );
    assert.deepEqual(doc.findings(), ['kindByEnvironment 2:55']);
    assert.deepEqual(doc.edit(`exports.v = 2;`, `exports.v = 2;\nconst RedisMock = require('ioredis-mock');`), [
      'kindByEnvironment 2:55',
      'inMemorySubstitute 5:27',
    ]);
  });
  it('a stand-in imported by a top-level statement is reported on every keystroke (the statement is itself a visited node)', () => {
    const doc = openDocument(RULE, '/w/src/redis.ts', `import RedisMock from 'ioredis-mock';\nexport const v = 1;\n`);
    assert.deepEqual(doc.findings(), ['inMemorySubstitute 1:23']);
    assert.deepEqual(doc.edit(`v = 1`, `v = 2`), ['inMemorySubstitute 1:23']);
    assert.deepEqual(doc.edit(`v = 2`, `v = 3`), ['inMemorySubstitute 1:23']);
  });

  it('a top-level if/else choosing a service is judged on every keystroke, and what is inside a top-level if is judged', () => {
    const choice = openDocument(
      RULE,
      '/w/src/cache.js',
      `const Redis = require('ioredis');\nlet cache;\nif (process.env.NODE_ENV === 'production') cache = new Redis(process.env.REDIS_URL);\nelse cache = new Map();\nexports.v = 1;\n`,
    );
    assert.deepEqual(choice.findings(), ['kindByEnvironment 4:14']);
    assert.deepEqual(choice.edit(`exports.v = 1;`, `exports.v = 2;`), ['kindByEnvironment 4:14']);
    assert.deepEqual(choice.edit(`exports.v = 2;`, `exports.v = 3;`), ['kindByEnvironment 4:14']);
    const inside = openDocument(
      RULE,
      '/w/src/redis-client.js',
      `if (process.env.USE_MOCK) {\n  const RedisMock = require('ioredis-mock');\n}\nexports.v = 1;\n`,
    );
    assert.deepEqual(inside.findings(), ['inMemorySubstitute 2:29']);
    assert.deepEqual(inside.edit(`exports.v = 1;`, `exports.v = 2;`), ['inMemorySubstitute 2:29']);
  });
});
