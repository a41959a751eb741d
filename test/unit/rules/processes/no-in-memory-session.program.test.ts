/**
 * processes/no-in-memory-session across files: per-user state kept in a helper module and changed
 * through its exported functions by request handlers of other files (OTP stores, token lists, carts),
 * judged over each program like handle-sigterm. Exact findings (1-based) and the near-misses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, judge, type Brief } from '../../program/helpers';

const RULE = 'processes/no-in-memory-session';
const PKG = (start: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name: 'svc', scripts: { start }, ...extra });

const OTP_STORE = `const otps = new Map();\n\nexports.saveOtp = (phone, code) => {\n  otps.set(phone, { code, at: Date.now() });\n};\n\nexports.verifyOtp = (phone, code) => {\n  const entry = otps.get(phone);\n  otps.delete(phone);\n  return !!entry && entry.code === code;\n};\n`;
const GENERIC_CACHE = `const store = new Map<string, unknown>();\nexport const put = (key: string, value: unknown) => store.set(key, value);\nexport const get = (key: string) => store.get(key);\n`;

interface Case {
  name: string;
  files: Record<string, string>;
  errors?: Brief[];
}

const invalid: Case[] = [
  {
    name: 'an OTP store changed by a route of another file (Express, CommonJS)',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const express = require('express');\nconst app = express();\napp.use('/auth', require('./routes/auth'));\napp.listen(process.env.PORT);\n`,
      'routes/auth.js': `const router = require('express').Router();\nconst { saveOtp } = require('../lib/otpStore');\nrouter.post('/otp', (req, res) => {\n  const code = String(Math.floor(Math.random() * 1e6));\n  saveOtp(req.body.phone, code);\n  res.sendStatus(204);\n});\nmodule.exports = router;\n`,
      'lib/otpStore.js': OTP_STORE,
    },
    errors: [{ file: 'lib/otpStore.js', line: 1, column: 7, messageId: 'moduleStateViaExport' }],
  },
  {
    name: 'issued tokens pushed through an exported function (TS, ESM, Fastify)',
    files: {
      'package.json': PKG('tsx src/server.ts', { type: 'module' }),
      'src/server.ts': `import Fastify from 'fastify';\nimport { authRoutes } from './routes/auth.js';\nconst app = Fastify();\napp.register(authRoutes);\nawait app.listen({ port: Number(process.env.PORT) });\n`,
      'src/routes/auth.ts': `import type { FastifyInstance } from 'fastify';\nimport { remember } from '../auth/issued.js';\nexport async function authRoutes(app: FastifyInstance) {\n  app.post('/token', async (request, reply) => {\n    const token = sign(request.body);\n    remember(token);\n    return { token };\n  });\n}\n`,
      'src/auth/issued.ts': `const issued: string[] = [];\nexport function remember(token: string) {\n  issued.push(token);\n}\n`,
    },
    errors: [{ file: 'src/auth/issued.ts', line: 1, column: 7, messageId: 'moduleStateViaExport' }],
  },
  {
    name: 'carts in an object-namespace module called as cartStore.add(req.user.id, …)',
    files: {
      'package.json': PKG('node app.js'),
      'app.js': `const app = require('express')();\nconst cartStore = require('./cartStore');\napp.post('/cart', (req, res) => {\n  cartStore.add(req.user.id, req.body.sku);\n  res.end();\n});\napp.listen(3000);\n`,
      'cartStore.js': `const items = {};\nmodule.exports = {\n  add(owner, sku) {\n    (items[owner] ||= []).push(sku);\n  },\n};\n`,
    },
    errors: [{ file: 'cartStore.js', line: 1, column: 7, messageId: 'moduleStateViaExport' }],
  },
  {
    name: 'a generic cache given the session id by a Koa handler',
    files: {
      'package.json': PKG('ts-node src/index.ts'),
      'src/index.ts': `import Koa from 'koa';\nimport Router from '@koa/router';\nimport { put } from './cache';\nconst app = new Koa();\nconst router = new Router();\nrouter.post('/prefs', async (ctx) => {\n  put(ctx.session.id, ctx.request.body);\n  ctx.status = 204;\n});\napp.use(router.routes()).listen(3000);\n`,
      'src/cache.ts': GENERIC_CACHE,
    },
    errors: [{ file: 'src/cache.ts', line: 1, column: 7, messageId: 'moduleStateViaExport' }],
  },
  {
    name: 'imported through a tsconfig path alias (resolved by the unique exported name)',
    files: {
      'package.json': PKG('ts-node src/index.ts'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }),
      'src/index.ts': `import express from 'express';\nimport { saveVerification } from '@/lib/verifications';\nconst app = express();\napp.post('/verify', (req, res) => {\n  saveVerification(req.body.email, '123456');\n  res.end();\n});\napp.listen(3000);\n`,
      'src/lib/verifications.ts': `const pending = new Map<string, string>();\nexport function saveVerification(address: string, code: string) {\n  pending.set(address, code);\n}\n`,
    },
    errors: [{ file: 'src/lib/verifications.ts', line: 1, column: 7, messageId: 'moduleStateViaExport' }],
  },
];

const valid: Case[] = [
  {
    name: 'the OTP store only seeded at startup',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const { saveOtp } = require('./lib/otpStore');\nsaveOtp('+10000000000', '000000');\nrequire('express')().listen(3000);\nprocess.on('SIGTERM', () => process.exit(0));\n`,
      'lib/otpStore.js': OTP_STORE,
    },
  },
  {
    name: 'a generic cache keyed by a page slug from the route',
    files: {
      'package.json': PKG('ts-node src/index.ts'),
      'src/index.ts': `import express from 'express';\nimport { put } from './cache';\nconst app = express();\napp.get('/pages/:slug', async (req, res) => {\n  const html = await render(req.params.slug);\n  put(req.params.slug, html);\n  res.send(html);\n});\napp.listen(3000);\n`,
      'src/cache.ts': GENERIC_CACHE,
    },
  },
  {
    name: 'the store is changed only from a test',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `require('./lib/otpStore');\nrequire('express')().listen(3000);\n`,
      'lib/otpStore.js': OTP_STORE,
      'test/otp.test.js': `const { saveOtp } = require('../lib/otpStore');\nit('saves', (req, res) => { saveOtp(req.body.phone, '1'); });\n`,
    },
  },
  {
    name: 'OTPs kept in Redis by the helper',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const app = require('express')();\nconst { saveOtp } = require('./lib/otp');\napp.post('/otp', (req, res) => { saveOtp(req.body.phone, '1'); res.end(); });\napp.listen(3000);\n`,
      'lib/otp.js': `const redis = require('./redis');\nexports.saveOtp = (phone, code) => redis.set(\`otp:\${phone}\`, code, 'EX', 300);\n`,
    },
  },
  {
    name: 'a settings map changed by a handler with a constant key',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const app = require('express')();\nconst settings = require('./settings');\napp.post('/admin/theme', (req, res) => { settings.set('theme', req.body.theme); res.end(); });\napp.listen(3000);\n`,
      'settings.js': `const values = new Map();\nexports.set = (name, value) => values.set(name, value);\n`,
    },
  },
  {
    name: 'a helper whose state is local to each call',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const app = require('express')();\nconst { summarize } = require('./summary');\napp.post('/sum', (req, res) => res.json(summarize(req.user.id, req.body.items)));\napp.listen(3000);\n`,
      'summary.js': `exports.summarize = (userId, items) => {\n  const totals = new Map();\n  for (const i of items) totals.set(userId, (totals.get(userId) || 0) + i.price);\n  return [...totals];\n};\n`,
    },
  },
  {
    name: 'a message queue of a notifier, given text that mentions a user',
    files: {
      'package.json': PKG('node server.js'),
      'server.js': `const app = require('express')();\nconst { reportToTelegram } = require('./telegram');\napp.post('/pay', (req, res) => {\n  reportToTelegram(\`payment failed for user \${req.user.id}\`);\n  res.end();\n});\napp.listen(3000);\n`,
      'telegram.js': `let _messageQueue = [];\nfunction reportToTelegram(message) {\n  if (_messageQueue.indexOf(message) >= 0) return;\n  _messageQueue.push(message);\n}\nmodule.exports = { reportToTelegram };\n`,
    },
  },
];

describe(`${RULE}: across files`, () => {
  describe('invalid', () => {
    for (const c of invalid) {
      it(c.name, () => {
        const findings = judge(c.files).findings.filter((f) => f.ruleId === RULE && f.messageId === 'moduleStateViaExport');
        assert.deepEqual(brief(findings), c.errors);
        assert.equal(findings[0].related?.length, 2, 'related: the change and the handler call');
      });
    }
  });
  describe('valid (near-misses that must not be flagged)', () => {
    for (const c of valid) {
      it(c.name, () => assert.deepEqual(brief(judge(c.files).findings.filter((f) => f.ruleId === RULE)), []));
    }
  });
  it('names the function and the calling handler in the message', () => {
    const [finding] = judge(invalid[0].files).findings.filter((f) => f.ruleId === RULE);
    assert.match(finding.message, /changed by saveOtp\(\) \(line 4\), which a request handler calls \(\.\.\/routes\/auth\.js\)/);
    // The call's line is a related location (it moves with edits of routes/auth.js), not part of the message.
    assert.ok(
      finding.related?.some((r) => r.file.endsWith('auth.js') && r.range.start.line === 4 && /calls saveOtp\(\) here/.test(r.message)),
    );
  });
});

describe(`${RULE}: across files, through a module-private helper`, () => {
  it('an exported function whose private helper keeps per-user amounts', () => {
    const files = {
      'package.json': PKG('node server.js'),
      'server.js': `const app = require('express')();\nconst games = require('./games');\napp.post('/bet', async (req, res) => {\n  await games.placeBet(req.body, req.user.id);\n  res.end();\n});\napp.listen(3000);\n`,
      'games.js': `let winAmounts = {};\nfunction cacheWin(record, amount) {\n  const key = \`WIN_\${record.appUserId}\`;\n  winAmounts[key] = (winAmounts[key] || 0) + amount;\n}\nasync function placeBet(record, userId) {\n  await save(record);\n  cacheWin(record, record.amount);\n}\nmodule.exports = { placeBet };\n`,
    };
    assert.deepEqual(brief(judge(files).findings.filter((f) => f.ruleId === RULE)), [
      { file: 'games.js', line: 1, column: 5, messageId: 'moduleStateViaExport' },
    ]);
  });
  it('the same helper keyed by a round id is clean', () => {
    const files = {
      'package.json': PKG('node server.js'),
      'server.js': `const app = require('express')();\nconst games = require('./games');\napp.post('/bet', async (req, res) => {\n  await games.placeBet(req.body);\n  res.end();\n});\napp.listen(3000);\n`,
      'games.js': `let totals = {};\nfunction cacheTotal(record) {\n  totals[record.roundId] = (totals[record.roundId] || 0) + record.amount;\n}\nasync function placeBet(record) {\n  cacheTotal(record);\n}\nmodule.exports = { placeBet };\n`,
    };
    assert.deepEqual(brief(judge(files).findings.filter((f) => f.ruleId === RULE)), []);
  });
});
