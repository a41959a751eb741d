/**
 * processes/no-in-memory-session beyond Express and Map/Set: caches, identity keys from the request,
 * module-level variables, hapi/Hono/Koa/Nest/socket/GraphQL handlers, session libraries and hand-written
 * stores — exact positions, and more near-misses than positives.
 */
import { ruleTester } from '../../../helpers/ruleTester';

ruleTester('processes/no-in-memory-session', {
  valid: [
    {
      name: 'express-session middlewares kept per forwarded protocol, their sessions in Redis (jschan)',
      filename: 'lib/middleware/usesession.js',
      code: `const session = require('express-session');\nconst RedisStore = require('connect-redis')(session);\nconst sessionMiddlewareCache = {};\nmodule.exports = (req, res, next) => {\n  const proto = req.headers['x-forwarded-proto'];\n  const mw = sessionMiddlewareCache[proto] || (sessionMiddlewareCache[proto] = session({ store: new RedisStore({}), secret: process.env.COOKIE_SECRET }));\n  return mw(req, res, next);\n};\n`,
    },
    {
      name: 'Moleculer: a map filled when the service starts (a lifecycle hook, not an action) and a per-call local map in an action',
      filename: 'services/catalog.service.js',
      code: `const prices = new Map();\nmodule.exports = {\n  name: 'catalog',\n  async started() {\n    for (const p of await loadPrices()) prices.set(p.sku, p.amount);\n  },\n  actions: {\n    quote(ctx) {\n      const seen = new Map();\n      seen.set(ctx.params.sku, true);\n      return prices.get(ctx.params.sku);\n    },\n  },\n};\nasync function loadPrices() { return []; }\n`,
    },
    {
      name: "a repository script's event callback keeping mails by address (fxa's scripts/e2e-email)",
      filename: 'scripts/e2e-email/index.js',
      code: `const EventEmitter = require('events');\nconst emailMessages = {};\nconst mailserver = { eventEmitter: new EventEmitter() };\nmailserver.eventEmitter.on('email:message', (email, message) => {\n  emailMessages[email] = emailMessages[email] || [];\n  emailMessages[email].push(message);\n});\n`,
    },
    {
      name: "a singleton's map keyed by numbers it hands out itself (mempool's short transaction uids)",
      filename: 'src/blocks.ts',
      code: `interface Tx { txid: string; uid?: number }\nclass MempoolBlocks {\n  private nextUid = 1;\n  private uidMap = new Map<number, string>();\n  private txidMap = new Map<string, number>();\n  setUid(tx: Tx): number {\n    const uid = this.nextUid++;\n    this.uidMap.set(uid, tx.txid);\n    return uid;\n  }\n  link(tx: Tx) {\n    this.uidMap.set(++this.nextUid, tx.txid);\n  }\n  relink(tx: Tx) {\n    const uid = this.nextUid;\n    this.nextUid += 1;\n    this.uidMap.set(uid, tx.txid);\n  }\n  remove(tx: Tx) {\n    const uid = this.txidMap.get(tx.txid);\n    if (uid != null) this.uidMap.delete(uid);\n  }\n}\nexport default new MempoolBlocks();\n`,
    },
    {
      name: 'a static Map of compiled templates and a module object filled at startup (Express)',
      filename: 'app.js',
      code: `const express = require('express');\nclass Views {\n  static compiled = new Map();\n}\nconst registry = { routes: {} };\nregistry.routes.home = '/';\nconst app = express();\napp.get('/:view', (req, res) => {\n  if (!Views.compiled.has(req.params.view)) Views.compiled.set(req.params.view, compile(req.params.view));\n  res.send(Views.compiled.get(req.params.view)());\n});\n`,
    },
    {
      name: "a JWKS cache keyed by the token header's kid, read from the Authorization header (Express)",
      filename: 'src/jwks.js',
      code: `const express = require('express');\nconst { importJWK, decodeProtectedHeader } = require('jose');\nconst keys = new Map();\nconst app = express();\napp.use(async (req, res, next) => {\n  const kid = decodeProtectedHeader((req.headers.authorization || '').slice(7)).kid;\n  if (!keys.has(kid)) keys.set(kid, await importJWK(await fetchJwk(kid)));\n  next();\n});\n`,
    },
    {
      name: 'exported classes (not instances) and an exported instance keyed by something other than a user',
      filename: 'lib/registry.js',
      code: `class OtpStore {\n  constructor() { this.otps = new Map(); }\n  save(phone, code) { this.otps.set(phone, code); }\n}\nclass Templates {\n  constructor() { this.byName = new Map(); }\n  register(name, html) { this.byName.set(name, html); }\n}\nexports.OtpStore = OtpStore;\nmodule.exports.templates = new Templates();\n`,
    },
    {
      name: 'Nest providers made per request: scope REQUEST, and one injecting the request',
      filename: 'src/cart/cart.context.ts',
      code: `import { Inject, Injectable, Scope } from '@nestjs/common';\nimport { REQUEST } from '@nestjs/core';\n@Injectable({ scope: Scope.REQUEST })\nexport class CartContext {\n  private readonly items = new Map<string, number>();\n  add(userId: string, sku: string) {\n    this.items.set(\`\${userId}:\${sku}\`, 1);\n  }\n}\n@Injectable()\nexport class SessionView {\n  private readonly seen = new Map<string, number>();\n  constructor(@Inject(REQUEST) private readonly request: { user: { id: string } }) {}\n  mark(userId: string) {\n    this.seen.set(userId, Date.now());\n  }\n}\n`,
    },
    {
      name: 'live sockets tracked per process (connection objects, not users)',
      filename: 'server/socket.js',
      code: `const sockets = new Set();\nio.on('connection', (socket) => {\n  sockets.add(socket);\n  socket.on('disconnect', () => sockets.delete(socket));\n});\n`,
    },
    {
      name: 'connected ws clients',
      code: `const connectedClients = new Set<WebSocket>();\nwss.on('connection', (ws) => {\n  connectedClients.add(ws);\n});\n`,
    },
    {
      name: 'a server handle assigned at startup',
      filename: 'index.js',
      code: `let server;\nasync function main() {\n  server = app.listen(process.env.PORT);\n}\nmain();\n`,
    },
    {
      name: 'a timestamp variable set by middleware',
      code: `let lastRequestAt = 0;\napp.use((req, res, next) => {\n  lastRequestAt = Date.now();\n  next();\n});\n`,
    },
    {
      name: 'product cache (lru-cache) keyed by the route id',
      code: `import { LRUCache } from 'lru-cache';\nconst productCache = new LRUCache<string, object>({ max: 500 });\napp.get('/products/:id', async (req, res) => {\n  const product = await db.product(req.params.id);\n  productCache.set(req.params.id, product);\n  res.json(product);\n});\n`,
    },
    {
      name: 'user cache warmed at startup (top-level await), read by handlers',
      filename: 'src/users.mjs',
      code: `import NodeCache from 'node-cache';\nconst userCache = new NodeCache();\nfor (const u of await db.users()) userCache.set(u.id, u);\napp.get('/u/:id', (req, res) => res.json(userCache.get(req.params.id)));\n`,
    },
    {
      name: 'hapi route with a local map',
      filename: 'routes.js',
      code: `server.route({ method: 'POST', path: '/login', handler: (request, h) => {\n  const sessions = new Map();\n  sessions.set(request.payload.username, 1);\n  return h.response();\n} });\n`,
    },
    {
      name: '@hapi/yar with a named server cache',
      filename: 'server.js',
      code: `await server.register({ plugin: require('@hapi/yar'), options: { cache: { cache: 'redisCache', expiresIn: 3600000 }, cookieOptions: { password: process.env.YAR_PASSWORD } } });\n`,
    },
    {
      name: 'a Glue manifest with yar and a named server cache, one whose server cache is catbox-redis, one without yar',
      filename: 'server.js',
      code: `const Glue = require('@hapi/glue');\nconst CatboxRedis = require('@hapi/catbox-redis');\nGlue.compose({ register: { plugins: [{ plugin: '@hapi/yar', options: { cache: { cache: 'redisCache' } } }] } });\nGlue.compose({ server: { cache: [{ provider: { constructor: CatboxRedis } }] }, register: { plugins: [{ plugin: '@hapi/yar' }] } });\nGlue.compose({ register: { plugins: ['@hapi/inert', { plugin: './routes' }] } });\nGlue.compose({ server: { cache: require('./cache') }, register: { plugins: [{ plugin: '@hapi/yar' }] } });\n`,
    },
    {
      name: '@hapi/yar where the server cache is catbox-redis',
      filename: 'server.js',
      code: `const CatboxRedis = require('@hapi/catbox-redis');\nconst Yar = require('@hapi/yar');\nconst server = Hapi.server({ cache: [{ provider: { constructor: CatboxRedis } }] });\nawait server.register({ plugin: Yar, options: { cookieOptions: { password: p } } });\n`,
    },
    {
      name: 'oidc-provider with a Redis adapter',
      code: `import Provider from 'oidc-provider';\nimport RedisAdapter from './redis-adapter';\nconst provider = new Provider(issuer, { adapter: RedisAdapter, clients });\n`,
    },
    {
      name: 'a session store subclass over a Redis client',
      filename: 'lib/store.js',
      code: `const session = require('express-session');\nclass RedisSessionStore extends session.Store {\n  constructor(client) { super(); this.client = client; }\n  set(sid, sess, cb) { this.client.set(sid, JSON.stringify(sess), cb); }\n}\nmodule.exports = RedisSessionStore;\n`,
    },
    {
      name: 'debounce timers keyed by an entity id in an event listener',
      code: `const debounceTimers = new Map<string, NodeJS.Timeout>();\nemitter.on('portfolio.changed', ({ portfolioId }) => {\n  clearTimeout(debounceTimers.get(portfolioId));\n  debounceTimers.set(portfolioId, setTimeout(() => recalc(portfolioId), 500));\n});\n`,
    },
    {
      name: 'Nest provider caching exchange rates by currency',
      code: `import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class RatesService {\n  private readonly rates = new Map<string, number>();\n  setRate(currency: string, rate: number) {\n    this.rates.set(currency, rate);\n  }\n}\n`,
    },
    {
      name: 'a class that is not a singleton keeps per-instance state',
      code: `export class Cart {\n  private items = new Map<string, number>();\n  add(userId: string, sku: string) { this.items.set(userId, 1); }\n}\n`,
    },
    {
      name: 'a variable set from a prompt in a CLI (no handler)',
      filename: 'scripts/admin.js',
      code: `let currentUser;\nasync function main() {\n  currentUser = await prompt('user');\n}\nmain();\n`,
    },
    {
      name: 'a Hono handler keeping nothing',
      code: `import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/login', async (c) => {\n  const { email } = await c.req.json();\n  return c.json({ email });\n});\n`,
    },
    {
      name: 'records pushed by a handler carry a user id but are not keyed by it',
      code: `const auditLog = [];\napp.post('/x', (req, res) => {\n  auditLog.push({ userId: req.user.id, at: Date.now() });\n  res.end();\n});\n`,
    },
    {
      name: 'debounce timers keyed by user id in a Nest event listener (timers are process-local)',
      code: `import { Injectable } from '@nestjs/common';\nimport { OnEvent } from '@nestjs/event-emitter';\n@Injectable()\nexport class PortfolioChangedListener {\n  private debounceTimers = new Map<string, NodeJS.Timeout>();\n  @OnEvent('portfolio.changed')\n  handle(event: { userId: string }) {\n    const userId = event.userId;\n    clearTimeout(this.debounceTimers.get(userId));\n    this.debounceTimers.set(userId, setTimeout(() => this.debounceTimers.delete(userId), 5000));\n  }\n}\n`,
    },
    {
      name: 'a session store that persists to a database, with expiry timers in a Map',
      filename: 'src/node/db/SessionStore.ts',
      code: `import expressSession from 'express-session';\nimport DB from './DB';\nclass SessionStore extends expressSession.Store {\n  private _expirations = new Map<string, { timeout?: NodeJS.Timeout }>();\n  async _updateExpirations(sid: string) {\n    this._expirations.set(sid, { timeout: setTimeout(() => this._get(sid), 1000) });\n  }\n  async set(sid: string, sess: unknown) {\n    await DB.set(\`sessionstorage:\${sid}\`, sess);\n    await this._updateExpirations(sid);\n  }\n  async _get(sid: string) { return DB.get(sid); }\n}\nexport default SessionStore;\n`,
    },
    {
      name: 'a third-party API token cached in a module variable (not a user)',
      filename: 'API/Measure/MeasureFunctions.js',
      code: `let YOUJI_TOKEN = undefined;\nasync function fetchToken() {\n  const res = await chai.request(URL).post('/token');\n  YOUJI_TOKEN = res.body.access_token;\n  return YOUJI_TOKEN;\n}\nasync function measure(req) {\n  await fetchToken();\n}\nmodule.exports = { measure };\nserver.route({ method: 'POST', path: '/measure', handler: (request, h) => measure(request) });\n`,
    },
    {
      name: 'an MQTT client connection kept in a module variable',
      filename: 'ThirdParty/MQTTClient.js',
      code: `let client = getClient();\nfunction getClient() { return mqtt.connect(process.env.MQTT_URL); }\nserver.route({ method: 'POST', path: '/publish', handler: (request, h) => {\n  if (!client.connected) client = getClient();\n  return 'ok';\n} });\n`,
    },
    {
      name: 'browser code the server ships (public/js): a socket.io client keeps its own user list',
      filename: 'public/js/index.js',
      code: `/* global io */\nlet onlineUsers = [];\nconst socket = io.connect({ path: '/socket.io' });\nsocket.on('online users', function (data) {\n  onlineUsers = data.users;\n});\nsocket.on('login', (data) => {\n  window.sessionUsers = window.sessionUsers || {};\n  window.sessionUsers[data.userId] = data;\n});\n`,
    },
    {
      name: 'a static chat client (static/js) noting who types, keyed by user id',
      filename: 'static/js/chat.mjs',
      code: `const socket = io();\nconst typingSince = {};\nsocket.on('typing', (data) => {\n  typingSince[data.userId] = Date.now();\n});\n`,
    },
  ],
  invalid: [
    {
      name: 'Moleculer: login tokens kept in a module-level map by actions (the handler form and the shorthand)',
      filename: 'services/users.service.js',
      code: `const activeTokens = new Map();\nconst carts = {};\nmodule.exports = {\n  name: 'users',\n  actions: {\n    login: {\n      rest: 'POST /login',\n      async handler(ctx) {\n        const token = ctx.params.token;\n        activeTokens.set(token, ctx.params.email);\n        return { token };\n      },\n    },\n    addToCart(ctx) {\n      carts[ctx.meta.userId] = ctx.params.items;\n    },\n  },\n};\n`,
      errors: [
        { messageId: 'moduleStateInHandler', line: 1, column: 7 },
        { messageId: 'moduleStateInHandler', line: 2, column: 7 },
      ],
    },
    {
      name: 'a wallet address from the request kept in a Set (handler returned by a factory)',
      filename: 'routes/web3Wallet.ts',
      code: `import { type Request, type Response } from 'express';\nconst walletsConnected = new Set();\nexport function contractExploitListener() {\n  return async (req: Request, res: Response) => {\n    const metamaskAddress = req.body.walletAddress;\n    walletsConnected.add(metamaskAddress);\n    res.json({ ok: true });\n  };\n}\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 7, messageIncludes: ['line 6'] }],
    },
    {
      name: 'a module-level user reassigned per request (restify, CommonJS)',
      filename: 'config/routes-user.js',
      code: `var gUser = {};\nmodule.exports = function (app) {\n  app.put('/api/v1/user/:id', function (req, res, next) {\n    User.findOne({ _id: req.params.id }, function (err, user) {\n      gUser = user;\n      return next();\n    });\n  });\n};\n`,
      errors: [{ messageId: 'moduleVariableInHandler', line: 1, column: 5, messageIncludes: ['line 5'] }],
    },
    {
      name: 'sessions in an lru-cache',
      code: `import { LRUCache } from 'lru-cache';\nconst sessions = new LRUCache<string, object>({ max: 1000 });\napp.post('/login', (req, res) => {\n  sessions.set(newId(), { user: req.body.username });\n  res.end();\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 7 }],
    },
    {
      name: 'OTP codes in node-cache keyed by phone',
      filename: 'routes/otp.js',
      code: `const NodeCache = require('node-cache');\nconst codes = new NodeCache({ stdTTL: 300 });\nrouter.post('/otp', (req, res) => {\n  codes.set(req.body.phone, Math.random().toString().slice(2, 8));\n  res.sendStatus(204);\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 7 }],
    },
    {
      name: 'memory-cache (the module object is the cache) keyed by email',
      filename: 'routes/verify.js',
      code: `const cache = require('memory-cache');\nrouter.post('/verify', (req, res) => {\n  cache.put(req.body.email, code(), 600000);\n  res.end();\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'quick-lru keyed by the session id',
      code: `import QuickLRU from 'quick-lru';\nconst recent = new QuickLRU({ maxSize: 100 });\napp.use((req, res, next) => {\n  recent.set(req.sessionID, Date.now());\n  next();\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 7 }],
    },
    {
      name: 'hapi route object handler keyed by the username in the payload',
      filename: 'routes/auth.js',
      code: `const loggedIn = {};\nmodule.exports = [\n  {\n    method: 'POST',\n    path: '/login',\n    handler: (request, h) => {\n      loggedIn[request.payload.username] = Date.now();\n      return h.response().code(204);\n    },\n  },\n];\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'hapi server.route with options.handler',
      filename: 'server.js',
      code: `const carts = new Map();\nserver.route({ method: 'POST', path: '/cart', options: { handler: async (request) => {\n  carts.set(request.auth.credentials.id, request.payload);\n  return 'ok';\n} } });\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: '@hapi/yar registered by a Glue manifest with its default cache (by module name, and loaded)',
      filename: 'server.js',
      code: `const Glue = require('@hapi/glue');\nconst manifest = {\n  server: { port: process.env.PORT },\n  register: { plugins: [{ plugin: '@hapi/yar', options: { cookieOptions: { password: process.env.YAR_PASSWORD } } }] },\n};\nGlue.compose(manifest).then((s) => s.start());\nGlue.compose({ register: { plugins: [{ plugin: require('@hapi/yar') }] } });\n`,
      errors: [
        { messageId: 'yarDefaultCache', line: 6, column: 1, messageIncludes: ['@hapi/yar'] },
        { messageId: 'yarDefaultCache', line: 7, column: 1, messageIncludes: ['@hapi/yar'] },
      ],
    },
    {
      name: '@hapi/yar with its default cache',
      filename: 'server.js',
      code: `const Hapi = require('@hapi/hapi');\nconst server = Hapi.server({ port: 3000 });\nawait server.register({\n  plugin: require('@hapi/yar'),\n  options: { storeBlank: false, cookieOptions: { password: process.env.YAR_PASSWORD, isSecure: true } },\n});\n`,
      errors: [{ messageId: 'yarDefaultCache', line: 3, column: 7, messageIncludes: ['@hapi/yar'] }],
    },
    {
      name: 'Hono handler keyed by the user id from the JSON body',
      code: `import { Hono } from 'hono';\nconst carts = new Map<string, string[]>();\nconst app = new Hono();\napp.post('/cart', async (c) => {\n  const { userId, sku } = await c.req.json();\n  carts.set(userId, [sku]);\n  return c.body(null, 204);\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 7 }],
    },
    {
      name: 'Nest provider keeping OTP codes by phone',
      code: `import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class OtpService {\n  private readonly codes = new Map<string, string>();\n  save(phone: string, code: string) {\n    this.codes.set(phone, code);\n  }\n}\n`,
      errors: [{ messageId: 'singletonState', line: 4, column: 20, messageIncludes: ['OtpService'] }],
    },
    {
      name: 'an exported singleton instance keyed by user id',
      filename: 'lib/registry.js',
      code: `class SessionRegistry {\n  constructor() {\n    this.byUser = new Map();\n  }\n  register(userId, sid) {\n    this.byUser.set(userId, sid);\n  }\n}\nmodule.exports = new SessionRegistry();\n`,
      errors: [{ messageId: 'singletonState', line: 3, column: 10 }],
    },
    {
      name: 'numbered by the process, but the map is named for sessions; and a uid the caller brings',
      filename: 'lib/sessions.ts',
      code: `class Sessions {\n  private seq = 0;\n  private sessions = new Map<number, string>();\n  private byUid = new Map<string, number>();\n  open(uid: string) {\n    const id = ++this.seq;\n    this.sessions.set(id, uid);\n    this.byUid.set(uid, id);\n    return id;\n  }\n}\nexport const sessions = new Sessions();\n`,
      errors: [
        { messageId: 'singletonState', line: 3, column: 11, messageIncludes: ['Sessions'] },
        { messageId: 'singletonState', line: 4, column: 11, messageIncludes: ['Sessions'] },
      ],
    },
    {
      name: "numbered by the process, but what it stores is a user's: a login kept under the id sent in a cookie, a user table",
      filename: 'src/app.js',
      code: `const express = require('express');\nconst app = express();\nconst loggedIn = new Map();\nconst accounts = {};\nlet nextAuthId = 1;\nlet lastUid = 0;\napp.post('/login', (req, res) => {\n  const authId = nextAuthId++;\n  loggedIn.set(authId, { username: req.body.username });\n  res.cookie('auth', String(authId)).sendStatus(204);\n});\napp.post('/signup', (req, res) => {\n  accounts[++lastUid] = req.body;\n  res.sendStatus(201);\n});\nconst visits = new Map();\nlet nextSid = 1;\napp.get('/', (req, res) => {\n  const sid = nextSid++;\n  visits.set(sid, { count: 1 });\n  res.cookie('sid', String(sid)).end();\n});\n`,
      errors: [
        { messageId: 'moduleStateInHandler', line: 3, column: 7 },
        { messageId: 'moduleStateInHandler', line: 4, column: 7 },
        { messageId: 'moduleStateInHandler', line: 16, column: 7 },
      ],
    },
    {
      name: "an example app that loads its framework by a relative path and listens (express's examples/)",
      filename: 'examples/session/index.js',
      code: `const express = require('../..');\nconst app = express();\nconst carts = {};\napp.post('/cart', (req, res) => {\n  carts[req.session.id] = req.body;\n  res.end();\n});\napp.listen(3000);\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 3, column: 7 }],
    },
    {
      name: 'a script that starts a server of its own keeps sessions like any server',
      filename: 'scripts/dev-server.js',
      code: `const express = require('express');\nconst app = express();\nconst sessions = new Map();\napp.post('/login', (req, res) => {\n  sessions.set(req.body.email, { at: Date.now() });\n  res.sendStatus(204);\n});\napp.listen(3000);\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 3, column: 7 }],
    },
    {
      name: 'an instance exported by name (exports.x = new X(), CommonJS)',
      filename: 'lib/store.js',
      code: `class OtpStore {\n  constructor() { this.otps = new Map(); }\n  save(phone, code) { this.otps.set(phone, code); }\n}\nexports.otpStore = new OtpStore();\n`,
      errors: [{ messageId: 'singletonState', line: 2, column: 24, messageIncludes: ['OtpStore'] }],
    },
    {
      name: 'an instance exported as a named const (ESM) and one inside module.exports = { … }',
      filename: 'lib/carts.ts',
      code: `class Carts {\n  private byUser = new Map<string, string[]>();\n  add(userId: string, sku: string) {\n    this.byUser.set(userId, [...(this.byUser.get(userId) ?? []), sku]);\n  }\n}\nexport const carts = new Carts();\n`,
      errors: [{ messageId: 'singletonState', line: 2, column: 11, messageIncludes: ['Carts'] }],
    },
    {
      name: 'the same header decoded, but the map keyed by the user the token names',
      filename: 'src/seen.js',
      code: `const express = require('express');\nconst jwt = require('jsonwebtoken');\nconst lastSeen = new Map();\nconst app = express();\napp.use((req, res, next) => {\n  const decoded = jwt.decode((req.headers.authorization || '').slice(7));\n  lastSeen.set(decoded.userId, Date.now());\n  next();\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 3, column: 7 }],
    },
    {
      name: 'a TRANSIENT Nest provider keeping OTPs: one instance per consumer, which a singleton keeps',
      filename: 'src/auth/otp.store.ts',
      code: `import { Injectable, Scope } from '@nestjs/common';\n@Injectable({ scope: Scope.TRANSIENT })\nexport class OtpStore {\n  private readonly codes = new Map<string, string>();\n  save(userId: string, code: string) {\n    this.codes.set(userId, code);\n  }\n}\n`,
      errors: [{ messageId: 'singletonState', line: 4, column: 20, messageIncludes: ['OtpStore'] }],
    },
    {
      name: "a map keyed by a local named kid that holds the user's id (not a token header field)",
      filename: 'src/kids.js',
      code: `const express = require('express');\nconst progress = new Map();\nconst app = express();\napp.post('/lessons/:id/done', (req, res) => {\n  const kid = req.user.id;\n  progress.set(kid, req.params.id);\n  res.end();\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 7 }],
    },
    {
      name: 'server routes in a folder named public (an express Router) are server code',
      filename: 'src/routes/public/auth.js',
      code: `const { Router } = require('express');\nconst router = Router();\nconst sessions = new Map();\nrouter.post('/login', (req, res) => {\n  sessions.set(req.body.sid, req.body.user);\n  res.end();\n});\nmodule.exports = router;\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 3, column: 7 }],
    },
    {
      name: "a class's static Map of sessions, written by a login route (Express, CommonJS)",
      filename: 'app.js',
      code: `const express = require('express');\nclass SessionStore {\n  static sessions = new Map();\n}\nconst app = express();\napp.post('/login', (req, res) => {\n  SessionStore.sessions.set(req.body.sid, req.body.user);\n  res.end();\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 3, column: 10 }],
    },
    {
      name: 'carts kept in a member of a module object, keyed by user (Koa, ESM)',
      filename: 'src/app.mjs',
      code: `import Koa from 'koa';\nconst state = { carts: {}, startedAt: Date.now() };\nconst app = new Koa();\napp.use(async (ctx) => {\n  state.carts[ctx.state.user.id] = ctx.request.body.items;\n  ctx.status = 204;\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 17 }],
    },
    {
      name: 'socket.io handler tracking online users by user id',
      filename: 'socket.js',
      code: `const onlineUsers = {};\nio.on('connection', (socket) => {\n  socket.on('login', (data) => {\n    onlineUsers[data.userId] = socket.id;\n  });\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'the same socket.io handler in server code under src/ (a folder named for the web, not a browser bundle)',
      filename: 'src/web/socket.js',
      code: `const onlineUsers = {};\nio.on('connection', (socket) => {\n  socket.on('login', (data) => {\n    onlineUsers[data.userId] = socket.id;\n  });\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'GraphQL resolver storing refresh tokens by email',
      code: `const refreshTokens: Record<string, string> = {};\nexport const resolvers = {\n  Mutation: {\n    login: async (_: unknown, { email }: { email: string }) => {\n      refreshTokens[email] = await issue(email);\n      return true;\n    },\n  },\n};\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'an express-session store written over a plain object',
      filename: 'lib/store.js',
      code: `const session = require('express-session');\nclass ObjectStore extends session.Store {\n  constructor() { super(); this.sessions = {}; }\n  set(sid, sess, cb) { this.sessions[sid] = sess; cb(); }\n  get(sid, cb) { cb(null, this.sessions[sid]); }\n}\nmodule.exports = ObjectStore;\n`,
      errors: [{ messageId: 'memoryStoreClass', line: 2, column: 7, messageIncludes: ['ObjectStore'] }],
    },
    {
      name: 'an oidc-provider adapter over an LRUCache (etherpad style)',
      filename: 'src/node/security/OIDCAdapter.ts',
      code: `import { LRUCache } from 'lru-cache';\nimport type { Adapter, AdapterPayload } from 'oidc-provider';\nconst storage = new LRUCache<string, AdapterPayload>({ max: 500 });\nclass MemoryAdapter implements Adapter {\n  constructor(private name: string) {}\n  upsert(id: string, payload: AdapterPayload) {\n    storage.set(\`\${this.name}:\${id}\`, payload);\n    return Promise.resolve();\n  }\n}\nexport default MemoryAdapter;\n`,
      errors: [{ messageId: 'memoryStoreClass', line: 4, column: 7, messageIncludes: ['oidc-provider Adapter', '"storage"'] }],
    },
    {
      name: 'oidc-provider without an adapter',
      code: `import Provider from 'oidc-provider';\nconst oidc = new Provider('https://id.example.com', { clients: [], features: { devInteractions: { enabled: false } } });\n`,
      errors: [{ messageId: 'oidcMemoryAdapter', line: 2, column: 14 }],
    },
  ],
});
