import { ruleTester } from '../../../helpers/ruleTester';
import { B62, randomText } from '../../../helpers/planted';

// Made at run time: our own lint reads this file.
const PEM_BODY = randomText(B62 + '+/', 64, 3);
const BOT_TOKEN = `${randomText('0123456789', 10, 4)}:AA${randomText(B62, 33, 5)}`;

// Values reach their secret position through the file: variables, properties, local wrappers, class
// fields, enum members, returns, env-helper defaults, request comparisons. One positive per framework and
// style, and more near-misses than positives in the same styles. Made-up values only.
ruleTester('config/no-hardcoded-secret', {
  valid: [
    {
      name: 'examples shown to the user: a placeholder attribute, a key given to one, and a label for whether a secret is set',
      filename: 'src/settings.tsx',
      code: `const privateKeyDataHolder = \`-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----\`;\nexport const Form = () => (\n  <form>\n    <textarea placeholder={privateKeyDataHolder} />\n    <input name="botToken" placeholder="${BOT_TOKEN}" />\n  </form>\n);\nexport const probe = { GRIST_SESSION_SECRET: process.env.GRIST_SESSION_SECRET ? 'set' : 'not set' };\n`,
    },
    {
      name: 'Express wrapper given the secret from the environment, and a literal payload',
      code: `import express from 'express';
import jwt from 'jsonwebtoken';

const app = express();
function issue(userId: string, k: string) {
  return jwt.sign({ sub: userId }, k, { expiresIn: '1h' });
}
app.post('/guest', (_req, res) => {
  res.json({ token: issue('guest-7Gd2pLq9ZxR4', process.env.JWT_SECRET!) });
});
`,
    },
    {
      name: 'Fastify: a constant algorithm name next to an env key',
      filename: 'src/server.js',
      code: `const crypto = require('crypto');
const fastify = require('fastify')();
const DIGEST = 'sha512';
const ENCODING = 'base64url';
fastify.post('/hook', async (request) => crypto.createHmac(DIGEST, process.env.WEBHOOK_KEY).update(request.rawBody).digest(ENCODING));
`,
    },
    {
      name: 'Nest: ConfigService defaults for non-secrets and an empty secret default',
      filename: 'src/auth/auth.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

@Injectable()
export class AuthService {
  constructor(private readonly config: ConfigService) {}
  options() {
    return {
      expiresIn: this.config.get<string>('JWT_EXPIRES_IN', '7d'),
      issuer: this.config.get<string>('JWT_ISSUER', 'accounts.example.com'),
      secret: this.config.get<string>('JWT_SECRET', ''),
    };
  }
}
`,
    },
    {
      name: 'Koa: basic auth from the environment, and base64 of a non-credential',
      filename: 'src/reports.mjs',
      code: `import Koa from 'koa';
const app = new Koa();
const auth = Buffer.from(\`\${process.env.REPORTS_USER}:\${process.env.REPORTS_PASSWORD}\`).toString('base64');
const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64');
app.use(async (ctx) => {
  ctx.set('Authorization', \`Basic \${auth}\`);
  ctx.body = header;
});
`,
    },
    {
      name: 'hapi: strategy key and cookie password from the environment, a route path',
      filename: 'lib/auth.js',
      code: `const Hapi = require('@hapi/hapi');
const init = async () => {
  const server = Hapi.server({ port: 3000 });
  await server.register(require('hapi-auth-jwt2'));
  server.auth.strategy('jwt', 'jwt', { key: process.env.JWT_KEY, validate: async () => ({ isValid: true }) });
  server.state('session', { password: process.env.COOKIE_PASSWORD, isSecure: true });
  server.route({ method: 'GET', path: '/token/refresh-v2', handler: () => 'ok' });
  await server.start();
};
init();
`,
    },
    {
      name: 'Hono: the bearer token from the bindings, a token type in a response',
      code: `import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';

type Bindings = { API_TOKEN: string };
const app = new Hono<{ Bindings: Bindings }>();
app.use('/api/*', (c, next) => bearerAuth({ token: c.env.API_TOKEN })(c, next));
app.get('/meta', (c) => c.json({ tokenType: 'bearer', tokenHeader: 'authorization' }));
export default app;
`,
    },
    {
      name: 'plain http: request input compared with the environment and with paths',
      code: `import http from 'node:http';
const HEALTH = '/health-check-v2';
http
  .createServer((req, res) => {
    if (req.url === HEALTH) return res.end('ok');
    if (req.headers['x-admin-key'] !== process.env.ADMIN_KEY) {
      res.writeHead(401);
      return res.end();
    }
    res.end('ok');
  })
  .listen(8080);
`,
    },
    {
      name: 'process.env defaults for settings that are not secrets',
      filename: 'src/boot.js',
      code: `process.env.NODE_ENV ??= 'production';
process.env.LOG_LEVEL = 'debug';
process.env.TZ ||= 'Europe/Berlin';
`,
    },
    {
      name: 'a local env helper: non-secret defaults, and a secret without one',
      filename: 'src/config.js',
      code: `const env = (name, fallback) => process.env[name] ?? fallback;
module.exports = { port: env('PORT', '3000'), region: env('AWS_REGION', 'eu-west-1'), session: env('SESSION_SECRET') };
`,
    },
    {
      name: 'Sequelize over SQLite: its credentials are placeholders',
      filename: 'src/db.js',
      code: `const { Sequelize } = require('sequelize');
module.exports = new Sequelize('database', 'username', 'password', { dialect: 'sqlite', storage: ':memory:' });
`,
    },
    {
      name: 'setters of headers that carry no credential',
      code: `import request from 'superagent';
export const getRates = () =>
  request.get('https://rates.example.com/v1').set('x-request-id', 'req-7Gd2pLq9ZxR4').set('Content-Type', 'application/json');
`,
    },
    {
      name: 'a class field holding a storage key',
      code: `export class Session {
  private readonly tokenKey = 'auth_token_v2';
  read() {
    return localStorage.getItem(this.tokenKey);
  }
}
`,
    },
    {
      name: 'an enum of error codes under a password name',
      code: `export enum AuthError {
  Password = 'incorrectPassword',
  Token = 'tokenExpired',
}
export const fail = () => ({ password: AuthError.Password });
`,
    },
    {
      name: 'a function returning a header name',
      filename: 'src/headers.js',
      code: `function tokenHeader() {
  return 'x-auth-token';
}
module.exports = (req) => req.get(tokenHeader());
`,
    },
    {
      name: 'a sentinel assigned and compared',
      filename: 'src/login.js',
      code: `let token = 'autoLogin';
if (localStorage.getItem('remember')) token = localStorage.getItem('token');
if (token === 'autoLogin') showLogin();
`,
    },
    {
      name: 'a wrapper called from test code: test data',
      filename: 'test/auth.test.ts',
      code: `import jwt from 'jsonwebtoken';
const issue = (k: string) => jwt.sign({ sub: 1 }, k);
it('signs', () => issue('f9Kq2mZx7LpW4vR8'));
`,
    },
    {
      name: "a placeholder equal to its parameter's name",
      code: `import jwt from 'jsonwebtoken';
export const t = jwt.sign({ sub: 1 }, 'secretOrPrivateKey');
`,
    },
    {
      name: 'a generated bundle is not read',
      filename: 'public/app.js',
      code: `/*! For license information please see app.js.LICENSE.txt */
(()=>{var e={};const k='f9Kq2mZx7LpW4vR8';e.sign=(p)=>require('jsonwebtoken').sign(p,k)})();
//# sourceMappingURL=app.js.map
`,
    },
    {
      name: 'a value passed through a wrapper to a parameter that is not a secret',
      filename: 'src/mail.js',
      code: `const nodemailer = require('nodemailer');
function transport(host, user, pass) {
  return nodemailer.createTransport({ host, auth: { user, pass } });
}
module.exports = transport('smtp-relay-7Gd2.example.com', 'noreply-7Gd2pLq9', process.env.SMTP_PASSWORD);
`,
    },
    {
      name: 'arrow wrapper given a literal for its data, the key from the environment',
      filename: 'src/sign.mjs',
      code: `import { createHmac } from 'node:crypto';
const hmac = (data, k) => createHmac('sha256', k).update(data).digest('hex');
export const ping = () => hmac('payload-7Gd2pLq9ZxR4', process.env.SIGNING_KEY);
`,
    },
    {
      name: 'btoa and Buffer.from of data that is not a credential',
      code: `export const encode = (o: object) => btoa(JSON.stringify(o));
export const hello = btoa('hello world');
export const ratio = Buffer.from('16:9').toString('base64');
`,
    },
    {
      name: 'Hono: a build id returned in a response',
      code: `import { Hono } from 'hono';
const BUILD = 'b7Gd2pLq9ZxR4mT1';
const app = new Hono();
app.get('/version', (c) => c.text(BUILD));
export default app;
`,
    },
    {
      name: 'a local function named like the jsonwebtoken export, given a plain word',
      filename: 'src/docs.js',
      code: `function sign(doc, label) {
  return { ...doc, signedBy: label };
}
module.exports = (doc) => sign(doc, 'mySecretKey');
`,
    },
    {
      name: 'a plain-word value kept in a variable before jwt.sign: not followed through the file',
      code: `import { sign } from 'jsonwebtoken';
const audience = 'mobileClients';
export const t = (p: object) => sign(p, process.env.JWT_SECRET!, { audience });
`,
    },
    {
      name: 'a demo account whose password is its user name',
      filename: 'src/users.js',
      code: `module.exports = [{ username: 'demo', password: 'demo' }];
`,
    },
    {
      name: 'Docker secrets read by name: the argument names the secret file, the getter is named for what it fetches',
      filename: 'lib/config/dockerSecret.js',
      code: `const fs = require('fs');
const path = require('path');
const basePath = path.resolve('/var/run/secrets/');
function getSecret (secret) {
  const filePath = path.join(basePath, secret);
  return fs.existsSync(filePath) ? fs.readFileSync(filePath) : undefined;
}
const readPassword = (password) => fs.readFileSync(\`/run/secrets/\${password}\`, 'utf8');
module.exports = {
  sessionSecret: getSecret('sessionsecret'),
  s3: { secretAccessKey: getSecret('s3_secretAccessKey') },
  dbPassword: readPassword('postgres_password_file'),
};
`,
    },
    {
      name: 'HTML autofill tokens under password names (hyperscript and JSX)',
      filename: 'src/ui/Input.jsx',
      code: `import { h } from 'preact';
export const Input = (props) => {
  const autoComplete = { text: undefined, username: 'username', password: 'current-password', newPassword: 'new-password' }[props.type];
  return h('input', { type: props.type, autoComplete });
};
export const Otp = () => <input name="otp" autoComplete="one-time-code" />;
`,
    },
  ],
  invalid: [
    {
      // The scan that asks whether \`sign\` may be declared in the file reads text, comments included:
      // the argument's own slot is judged whatever it says.
      name: 'a named jsonwebtoken import given a plain-word key, beside a comment that reads like a declaration of it',
      filename: 'src/token.js',
      code: `const { sign } = require('jsonwebtoken');
// sign = (payload) => payload, in the old stub
module.exports = (payload) => sign(payload, 'mySecretKey');
`,
      errors: [
        { messageId: 'secretArgument', line: 3, column: 45, endLine: 3, endColumn: 58, messageIncludes: ['JWT secret', 'JWT_SECRET'] },
      ],
      output: `const { sign } = require('jsonwebtoken');
// sign = (payload) => payload, in the old stub
module.exports = (payload) => sign(payload, process.env.JWT_SECRET);
`,
    },
    {
      name: 'Express (TS, ESM): a literal passed through a local wrapper to jwt.sign',
      code: `import express from 'express';
import jwt from 'jsonwebtoken';

const app = express();
function issue(userId: string, k: string) {
  return jwt.sign({ sub: userId }, k, { expiresIn: '1h' });
}
app.post('/login', (req, res) => {
  res.json({ token: issue(req.body.id, 'f9Kq2mZx7LpW4vR8') });
});
`,
      errors: [{ messageId: 'secretArgument', line: 9, column: 40, endLine: 9, endColumn: 58, messageIncludes: ['f9Kq…(16 chars)'] }],
      output: `import express from 'express';
import jwt from 'jsonwebtoken';

const app = express();
function issue(userId: string, k: string) {
  return jwt.sign({ sub: userId }, k, { expiresIn: '1h' });
}
app.post('/login', (req, res) => {
  res.json({ token: issue(req.body.id, process.env.JWT_SECRET ?? (() => { throw new Error('JWT_SECRET is not set'); })()) });
});
`,
    },
    {
      name: 'Fastify (JS, CommonJS): a constant with a plain name used as an HMAC key',
      filename: 'src/server.js',
      code: `const crypto = require('crypto');
const fastify = require('fastify')();
const WEBHOOK = 'whk-7Gd2pLq9ZxR4mT1v';
fastify.post('/hook', async (request, reply) => {
  const sig = crypto.createHmac('sha256', WEBHOOK).update(request.rawBody).digest('hex');
  if (sig !== request.headers['x-signature']) return reply.code(401).send();
});
`,
      errors: [{ messageId: 'secretArgument', line: 3, column: 17, endLine: 3, endColumn: 39, messageIncludes: ['whk-…(20 chars)'] }],
      output: `const crypto = require('crypto');
const fastify = require('fastify')();
const WEBHOOK = process.env.HMAC_SECRET;
fastify.post('/hook', async (request, reply) => {
  const sig = crypto.createHmac('sha256', WEBHOOK).update(request.rawBody).digest('hex');
  if (sig !== request.headers['x-signature']) return reply.code(401).send();
});
`,
    },
    {
      name: 'Nest (TS): the default of ConfigService.get for a secret',
      filename: 'src/auth/auth.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

@Injectable()
export class AuthService {
  constructor(private readonly config: ConfigService) {}
  signingSecret() {
    return this.config.get<string>('JWT_SECRET', 'n3st-d3fault-s1gning');
  }
}
`,
      errors: [{ messageId: 'secretDefault', line: 8, column: 50, endLine: 8, endColumn: 72, messageIncludes: ['n3st…(20 chars)'] }],
      output: null,
    },
    {
      name: "a secret turned into bytes under its name: jose's new TextEncoder().encode('…'), Buffer.from('…', 'base64') (blind round 10)",
      filename: 'src/auth.ts',
      code: `import { SignJWT } from 'jose';
const SIGNING_SECRET = new TextEncoder().encode('Zq8Lm2Xv9Pw4Rt7Ny3Kb6Hd1');
const JWT_KEY = Buffer.from('c2VjcmV0LWtleS1mb3Itand0LXNpZ25pbmc9PQ==', 'base64');
const banner = new TextEncoder().encode('Zq8Lm2Xv9Pw4Rt7Ny3Kb6Hd1');
export const sign = () => new SignJWT({}).sign(SIGNING_SECRET);
export { JWT_KEY, banner };
`,
      errors: [
        { messageId: 'namedSecret', line: 2, column: 49 },
        { messageId: 'namedSecret', line: 3, column: 29 },
      ],
    },
    {
      name: 'Koa (JS, ESM): basic-auth credentials built with Buffer.from',
      filename: 'src/reports.mjs',
      code: `import Koa from 'koa';
const app = new Koa();
const auth = Buffer.from('reports:Wq8-zP2mLx4R').toString('base64');
app.use(async (ctx) => {
  const r = await fetch('https://reports.internal/api', { headers: { Authorization: \`Basic \${auth}\` } });
  ctx.body = await r.json();
});
`,
      errors: [{ messageId: 'basicAuthCredentials', line: 3, column: 35, endLine: 3, endColumn: 47, messageIncludes: ['Wq…(12 chars)'] }],
      output: null,
    },
    {
      name: 'hapi (JS, CommonJS): a constant handed to the hapi-auth-jwt2 strategy',
      filename: 'lib/auth.js',
      code: `const Hapi = require('@hapi/hapi');
const K = 'h4pi-s1gning-K3y-x9Zq';
const init = async () => {
  const server = Hapi.server({ port: 3000 });
  await server.register(require('hapi-auth-jwt2'));
  server.auth.strategy('jwt', 'jwt', { key: K, validate: async () => ({ isValid: true }) });
  await server.start();
};
init();
`,
      errors: [{ messageId: 'secretArgument', line: 2, column: 11, endLine: 2, endColumn: 34, messageIncludes: ['h4pi…(21 chars)'] }],
      output: `const Hapi = require('@hapi/hapi');
const K = process.env.JWT_SECRET;
const init = async () => {
  const server = Hapi.server({ port: 3000 });
  await server.register(require('hapi-auth-jwt2'));
  server.auth.strategy('jwt', 'jwt', { key: K, validate: async () => ({ isValid: true }) });
  await server.start();
};
init();
`,
    },
    {
      name: 'Hono (TS): a constant given as the bearer token',
      code: `import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';

const T = 'h0n0-b3arer-9Zq2LmX7';
const app = new Hono();
app.use('/api/*', bearerAuth({ token: T }));
export default app;
`,
      errors: [{ messageId: 'namedSecret', line: 4, column: 11, endLine: 4, endColumn: 33, messageIncludes: ['h0n0…(20 chars)'] }],
      output: `import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';

const T = process.env.TOKEN ?? (() => { throw new Error('TOKEN is not set'); })();
const app = new Hono();
app.use('/api/*', bearerAuth({ token: T }));
export default app;
`,
    },
    {
      name: 'plain http (TS): request input compared with a constant',
      code: `import http from 'node:http';
const EXPECTED = 'adm1n-K3y-7Rq2Zx9w';
http
  .createServer((req, res) => {
    if (req.headers['x-admin-key'] !== EXPECTED) {
      res.writeHead(401);
      return res.end();
    }
    res.end('ok');
  })
  .listen(8080);
`,
      errors: [{ messageId: 'literalComparison', line: 2, column: 18, endLine: 2, endColumn: 38, messageIncludes: ['adm1…(18 chars)'] }],
      output: null,
    },
    {
      name: 'process.env written with ??=',
      filename: 'src/boot.js',
      code: `process.env.JWT_SECRET ??= 'dev-s3cret-Zq9mL2x';
require('./server');
`,
      errors: [{ messageId: 'envWrite', line: 1, column: 28, endLine: 1, endColumn: 48, messageIncludes: ['dev-…(18 chars)'] }],
      output: null,
    },
    {
      name: 'default of a local env helper',
      filename: 'src/config.js',
      code: `const env = (name, fallback) => process.env[name] ?? fallback;
module.exports = { session: env('SESSION_SECRET', 'k0a-s3ss10n-d3v-77') };
`,
      errors: [{ messageId: 'secretDefault', line: 2, column: 51, endLine: 2, endColumn: 71, messageIncludes: ['k0a-…(18 chars)'] }],
      output: null,
    },
    {
      name: 'Sequelize positional password from an object property',
      filename: 'src/db.js',
      code: `const { Sequelize } = require('sequelize');
const c = { db: 'shop', user: 'app', p: 'Pa55-w0rd!xQ' };
module.exports = new Sequelize(c.db, c.user, c.p, { dialect: 'postgres' });
`,
      errors: [{ messageId: 'secretArgument', line: 2, column: 41, endLine: 2, endColumn: 55, messageIncludes: ['Pa…(12 chars)'] }],
      output: `const { Sequelize } = require('sequelize');
const c = { db: 'shop', user: 'app', p: process.env.DB_PASSWORD };
module.exports = new Sequelize(c.db, c.user, c.p, { dialect: 'postgres' });
`,
    },
    {
      name: 'credential header set by a setter',
      code: `import request from 'superagent';
export const getRates = () => request.get('https://rates.example.com/v1').set('x-api-key', 'r4tes-9ZqL2mX7w');
`,
      errors: [{ messageId: 'credentialHeader', line: 2, column: 92, endLine: 2, endColumn: 109, messageIncludes: ['r4…(15 chars)'] }],
      output: `import request from 'superagent';
export const getRates = () => request.get('https://rates.example.com/v1').set('x-api-key', process.env.API_KEY ?? (() => { throw new Error('API_KEY is not set'); })());
`,
    },
    {
      name: 'class field read through this in nodemailer auth.pass',
      code: `import nodemailer from 'nodemailer';
export class Mailer {
  private readonly creds = 'Sm7p-P4ss-Qz9x';
  transport() {
    return nodemailer.createTransport({ host: 'smtp.example.com', auth: { user: 'noreply', pass: this.creds } });
  }
}
`,
      errors: [{ messageId: 'namedSecret', line: 3, column: 28, endLine: 3, endColumn: 44, messageIncludes: ['Sm…(14 chars)'] }],
      output: `import nodemailer from 'nodemailer';
export class Mailer {
  private readonly creds = process.env.CREDS ?? (() => { throw new Error('CREDS is not set'); })();
  transport() {
    return nodemailer.createTransport({ host: 'smtp.example.com', auth: { user: 'noreply', pass: this.creds } });
  }
}
`,
    },
    {
      name: 'enum member used as a JWT secret',
      code: `import jwt from 'jsonwebtoken';
enum Keys {
  Signing = 'enum-s1gn-K3y-Zq8',
}
export const verify = (t: string) => jwt.verify(t, Keys.Signing);
`,
      errors: [{ messageId: 'secretArgument', line: 3, column: 13, endLine: 3, endColumn: 32, messageIncludes: ['enum…(17 chars)'] }],
      output: null,
    },
    {
      name: "a function's return value at its call site",
      filename: 'src/verify.js',
      code: `const jwt = require('jsonwebtoken');
function current() {
  return 'r3turn3d-S3cr3t-9q';
}
module.exports = (t) => jwt.verify(t, current());
`,
      errors: [{ messageId: 'secretArgument', line: 3, column: 10, endLine: 3, endColumn: 30, messageIncludes: ['r3tu…(18 chars)'] }],
      output: `const jwt = require('jsonwebtoken');
function current() {
  return process.env.JWT_SECRET;
}
module.exports = (t) => jwt.verify(t, current());
`,
    },
    {
      name: 'fetch (TS): basic auth built with btoa',
      code: `export const report = (body: string) =>
  fetch('https://billing.internal/v1/report', {
    method: 'POST',
    headers: { Authorization: 'Basic ' + btoa('svc-billing:Zq9-mL2x-7Rw') },
    body,
  });
`,
      errors: [{ messageId: 'basicAuthCredentials', line: 4, column: 60, endLine: 4, endColumn: 72, messageIncludes: ['Zq…(12 chars)'] }],
      output: null,
    },
    {
      name: 'arrow wrapper (JS, ESM) around createHmac from node:crypto',
      filename: 'src/sign.mjs',
      code: `import { createHmac } from 'node:crypto';
const hmac = (data, k) => createHmac('sha256', k).update(data).digest('hex');
export const sign = (data) => hmac(data, 'arr0w-Wr4pp3d-K3y');
`,
      errors: [{ messageId: 'secretArgument', line: 3, column: 42, endLine: 3, endColumn: 61, messageIncludes: ['arr0…(17 chars)'] }],
      output: `import { createHmac } from 'node:crypto';
const hmac = (data, k) => createHmac('sha256', k).update(data).digest('hex');
export const sign = (data) => hmac(data, process.env.HMAC_SECRET);
`,
    },
    {
      name: 'a getter named for something else, and a connect wrapper, take the secret itself',
      filename: 'src/clients.js',
      code: `const { Client } = require('pg');
const { Webhooks } = require('./webhooks');
function getWebhooks(secret) {
  return new Webhooks({ secret });
}
function connect(host, password) {
  return new Client({ host, password });
}
module.exports = { hooks: getWebhooks('Zq9mL2x7RwKd4pT8'), db: connect('db.internal', 'Pg-7Rw-Zq9m-L2x') };
`,
      errors: [
        { messageId: 'namedSecret', line: 9, column: 39, endLine: 9, endColumn: 57 },
        { messageId: 'namedSecret', line: 9, column: 87, endLine: 9, endColumn: 104 },
      ],
      output: `const { Client } = require('pg');
const { Webhooks } = require('./webhooks');
function getWebhooks(secret) {
  return new Webhooks({ secret });
}
function connect(host, password) {
  return new Client({ host, password });
}
module.exports = { hooks: getWebhooks(process.env.SECRET), db: connect('db.internal', 'Pg-7Rw-Zq9m-L2x') };
`,
    },
    {
      name: 'getters named for a secret that hash or format it take the secret itself (getPasswordHash, getBearerToken)',
      filename: 'src/accounts.js',
      code: `const bcrypt = require('bcrypt');\nfunction getPasswordHash(password) {\n  return bcrypt.hashSync(password, 10);\n}\nfunction getBearerToken(token) {\n  return 'Bearer ' + token;\n}\nmodule.exports = { admin: getPasswordHash('Adm1n!Pr0d#2024'), auth: getBearerToken('Zq9mL2x7RwKd4pT8vB3n') };\n`,
      errors: [
        { messageId: 'namedSecret', line: 8, column: 43 },
        { messageId: 'namedSecret', line: 8, column: 84 },
      ],
    },
    {
      name: 'near-misses: the same key under a name that is no example, and a secret chosen by the environment',
      filename: 'src/keys.ts',
      code: `export const privateKeyData = \`-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----\`;\nexport const session = { secret: process.env.NODE_ENV === 'production' ? 'Pr0d-S3ss10n-K3y-77' : 'dev' };\n`,
      errors: [
        { messageId: 'providerToken', line: 1, column: 31 },
        { messageId: 'namedSecret', line: 2, column: 74 },
      ],
    },
  ],
});
