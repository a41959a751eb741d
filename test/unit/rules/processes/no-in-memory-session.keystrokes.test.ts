/**
 * processes/no-in-memory-session across keystrokes: what each top-level statement adds to the file's
 * state collector (module state, functions, handlers, mutations, exports) is kept for a statement an
 * edit did not touch, and made again when what it read beyond itself changes (the module bindings).
 * Judgement joins the statements' parts on every keystroke: a change in one statement changes the
 * verdict on another, untouched one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as ts from 'typescript';
import { moduleBindings } from '../../../../server/src/analysis/languages/typescript/imports';
import { parseScript } from '../../../../server/src/analysis/languages/typescript/parse';
import { walkInSteps } from '../../../../server/src/analysis/languages/typescript/visit';
import { STATE_KINDS, stateCollector } from '../../../../server/src/analysis/rules/processes/no-in-memory-session.state';
import { runToEnd } from '../../../../server/src/analysis/steps';
import { openDocument } from '../../../helpers/openDocument';

const RULE = 'processes/no-in-memory-session';

describe(`${RULE}: statements' parts kept for untouched statements`, () => {
  it('a map declared in one statement and changed by a handler in another: the untouched handler is judged against the new declaration', () => {
    const doc = openDocument(
      RULE,
      '/w/src/carts.js',
      `const carts = new Map();\napp.post('/cart', (req, res) => {\n  carts.set(req.user.id, req.body);\n  res.end();\n});\n`,
    );
    assert.deepEqual(doc.findings(), ['moduleStateInHandler 1:7']);
    const handler = doc.statement(1);
    assert.deepEqual(doc.edit(`const carts = new Map();`, `const carts = db.collection('carts');`), []);
    assert.equal(doc.statement(1), handler, 'the handler is reused');
    assert.deepEqual(doc.edit(`const carts = db.collection('carts');`, `const carts = {};`), ['moduleStateInHandler 1:7']);
    assert.equal(doc.statement(1), handler);
  });

  it('a function registered by name in another statement becomes a handler, and stops being one when the registration goes', () => {
    const doc = openDocument(
      RULE,
      '/w/src/otp.js',
      `const codes = {};\nfunction saveCode(input, reply) {\n  codes[input.body.phone] = 123456;\n  reply.send('ok');\n}\nconst TTL = 300;\nmodule.exports = { TTL };\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const fn = doc.statement(1);
    assert.deepEqual(doc.edit(`module.exports = { TTL };`, `server.post('/otp', saveCode);\nmodule.exports = { TTL };`), [
      'moduleStateInHandler 1:7',
    ]);
    assert.equal(doc.statement(1), fn, 'the function is reused');
    // The registration goes: the kept function must not stay a handler.
    assert.deepEqual(doc.edit(`server.post('/otp', saveCode);\n`, ``), []);
    assert.equal(doc.statement(1), fn);
  });

  it('a cache class bound by a require in another statement: the declaration is read again when the binding changes', () => {
    const doc = openDocument(
      RULE,
      '/w/src/sessions.ts',
      `import Store from './store';\nconst byUser = new Store();\nexport function remember(req: Request, res: Response) {\n  byUser.set(req.user.id, res.locals.profile);\n}\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const declaration = doc.statement(1);
    assert.deepEqual(doc.edit(`import Store from './store';`, `import Store from 'lru-cache';`), ['moduleStateInHandler 2:7']);
    assert.equal(doc.statement(1), declaration, 'the declaration is reused: only the bindings changed');
    assert.deepEqual(doc.edit(`import Store from 'lru-cache';`, `import Store from './store';`), []);
  });

  it('a Nest provider whose field is changed keyed by a user: found, and gone when the decorator goes', () => {
    const doc = openDocument(
      RULE,
      '/w/src/presence.service.ts',
      `import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class PresenceService {\n  private online = new Map<string, number>();\n  seen(userId: string) {\n    this.online.set(userId, Date.now());\n  }\n}\nexport const v = 1;\n`,
    );
    assert.deepEqual(doc.findings(), ['singletonState 4:11']);
    assert.deepEqual(doc.edit(`export const v = 1;`, `export const v = 2;`), ['singletonState 4:11']);
    assert.deepEqual(doc.edit(`@Injectable()\n`, ``), []);
  });

  it('an exported helper that changes state: its program facts follow an edit of another statement', () => {
    const doc = openDocument(
      RULE,
      '/w/src/tokens.js',
      `const tokens = [];\nexports.remember = (token) => tokens.push(token);\nexports.v = 1;\n`,
    );
    type Facts = { mutators?: { name: string; state: string; keyParam?: number }[] };
    const mutators = () => doc.ruleFacts<Facts>()?.mutators?.map((m) => `${m.name} ${m.state} ${m.keyParam}`);
    doc.findings();
    assert.deepEqual(mutators(), ['remember tokens 0']);
    const helper = doc.statement(1);
    doc.edit(`const tokens = [];`, `const tokens = loadTokens();`);
    assert.equal(doc.statement(1), helper, 'the helper is reused');
    assert.equal(mutators(), undefined, 'no longer module state');
    doc.edit(`const tokens = loadTokens();`, `const tokens = new Set();`);
    assert.deepEqual(mutators(), ['remember tokens 0']);
  });

  it('a walk cut short (a rule error) and walked again is judged as one whole walk, and keeps no part of the cut statement', () => {
    const text = `const carts = new Map();\napp.post('/cart', (req, res) => {\n  carts.set(req.user.id, req.body);\n});\nexports.v = 1;\n`;
    const judged = (sf: ts.SourceFile, cutAt?: number) => {
      const state = stateCollector(sf, moduleBindings(sf));
      let seen = 0;
      const feed = { enter: (node: ts.Node, ancestors: readonly ts.Node[]) => state.enter(node, ancestors) };
      if (cutAt !== undefined)
        try {
          runToEnd(
            walkInSteps(sf, {
              enter(node, ancestors) {
                if (seen++ === cutAt) throw new Error('cut');
                feed.enter(node, ancestors);
              },
            }),
          );
        } catch {
          /* the walk ends here, as the engine's does when a rule throws */
        }
      runToEnd(walkInSteps(sf, feed));
      return state.result().local.map((l) => `${l.binding.name} ${l.messageId}`);
    };
    const whole = judged(parseScript('/w/src/carts.js', text));
    assert.deepEqual(whole, ['carts moduleStateInHandler']);
    // Cut inside the handler, before the mutation: the second walk must not add a second, partial handler.
    for (const cutAt of [5, 12, 20, 30]) assert.deepEqual(judged(parseScript('/w/src/carts.js', text), cutAt), whole, `cut at ${cutAt}`);
  });

  it('a walk that ended in its first statement (dropped by the editor, or cut by a rule error) and walked again gives each mutation once', () => {
    const text = `export function remember(sessionId, v) {\n  sessions.set(sessionId, v);\n}\nconst sessions = new Map();\n`;
    const mutators = (sf: ts.SourceFile) =>
      stateCollector(sf, moduleBindings(sf))
        .result()
        .mutators.map((m) => `${m.name} ${m.state}`);
    // As the engine calls the rule's and its program collector's visitors: only for the collector's node kinds.
    const feed = (sf: ts.SourceFile) => ({
      enter: (node: ts.Node, ancestors: readonly ts.Node[]) => {
        if (STATE_KINDS.includes(node.kind)) stateCollector(sf, moduleBindings(sf)).enter(node, ancestors);
      },
    });
    const whole = parseScript('/w/src/s.js', text);
    runToEnd(walkInSteps(whole, feed(whole)));
    assert.deepEqual(mutators(whole), ['remember sessions']);
    // A stepwise walk paused after the first statement and dropped (a newer edit), then a whole walk.
    const dropped = parseScript('/w/src/s.js', text);
    walkInSteps(dropped, feed(dropped)).next();
    runToEnd(walkInSteps(dropped, feed(dropped)));
    assert.deepEqual(mutators(dropped), ['remember sessions']);
    for (let cut = 0; cut < 30; cut++) {
      const sf = parseScript('/w/src/s.js', text);
      let seen = 0;
      try {
        runToEnd(
          walkInSteps(sf, {
            enter(node, ancestors) {
              if (seen++ === cut) throw new Error('cut');
              feed(sf).enter(node, ancestors);
            },
          }),
        );
      } catch {
        /* the walk ends here, as the engine's does when a rule throws */
      }
      runToEnd(walkInSteps(sf, feed(sf)));
      assert.deepEqual(mutators(sf), ['remember sessions'], `cut at ${cut}`);
    }
  });

  it('a store made from a name declared in another statement: that name made a memorystore, the untouched `new` is found', () => {
    const doc = openDocument(
      RULE,
      '/w/src/app.js',
      `const session = require('express-session');\nconst memorystore = require('memorystore');\nconst MemoryStore = makeStore(session);\nconst store = new MemoryStore({ checkPeriod: 1 });\nexports.v = 2;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    const made = doc.statement(3);
    // The module bindings stay the same: only what MemoryStore is declared with changes.
    assert.deepEqual(doc.edit(`makeStore(`, `memorystore(`), ['memoryStore 4:15']);
    assert.equal(doc.statement(3), made, 'the `new` is reused');
    assert.deepEqual(doc.edit(`memorystore(session)`, `makeStore(session)`), []);
  });

  it('a file that names no memory-store factory: a declaration made by one, typed in another statement, makes the untouched `new` a finding', () => {
    const doc = openDocument(
      RULE,
      '/w/src/app.js',
      `const session = require('express-session');\nconst Store = makeStore(session);\nconst store = new Store({ checkPeriod: 1 });\nexports.v = 2;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`exports.v = 2;`, `exports.v = 3;`), []);
    const made = doc.statement(2);
    assert.deepEqual(doc.edit(`makeStore(session)`, `require('memorystore')(session)`), ['memoryStore 3:15']);
    assert.equal(doc.statement(2), made, 'the `new` is reused');
  });

  it('a factory module named through an escape: a declaration made by it makes the untouched `new` a finding', () => {
    const doc = openDocument(
      RULE,
      '/w/src/app.js',
      `const session = require('express-session');\nconst make = require('memor\\u0079store');\nconst Store = other(session);\nconst store = new Store({ checkPeriod: 1 });\n`,
    );
    assert.deepEqual(doc.findings(), []);
    // The module bindings stay the same (a call binds nothing): only what Store is declared with changes.
    assert.deepEqual(doc.edit(`other(session)`, `make(session)`), ['memoryStore 4:15']);
    assert.deepEqual(doc.edit(`make(session)`, `other(session)`), []);
  });

  it('a store assigned to the options in its own statement keeps the session middleware quiet while others change', () => {
    const doc = openDocument(
      RULE,
      '/w/src/app.js',
      `const session = require('express-session');\nconst sess = { secret: process.env.S };\nsess.store = new RedisStore({ client });\napp.use(session(sess));\nexports.v = 2;\n`,
    );
    assert.deepEqual(doc.findings(), []);
    assert.deepEqual(doc.edit(`exports.v = 2;`, `exports.v = 3;`), [], 'the assignment is read again with the middleware');
    assert.deepEqual(doc.edit(`sess.store =`, `sess.stores =`), ['sessionWithoutStore 4:9']);
    assert.deepEqual(doc.edit(`exports.v = 3;`, `exports.v = 4;`), ['sessionWithoutStore 4:9']);
  });
});
