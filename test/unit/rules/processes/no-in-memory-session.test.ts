import { ruleTester } from '../../../helpers/ruleTester';

const EXPRESS = `import express from 'express';\nimport session from 'express-session';\nconst app = express();\n`;

ruleTester('processes/no-in-memory-session', {
  valid: [
    {
      name: "a count of users (wbo's connectedUsersTotal = Math.max(0, … - 1), activeUsers = io.engine.clientsCount), not one of them",
      filename: 'server.mjs',
      code: `import { Server } from 'socket.io';\nconst io = new Server(8080);\nconst users = new Map();\nlet connectedUsersTotal = 0;\nlet activeUsers = 0;\nio.on('connection', (socket) => {\n  connectedUsersTotal += 1;\n  activeUsers = io.engine.clientsCount;\n  socket.on('disconnect', () => {\n    connectedUsersTotal = Math.max(0, connectedUsersTotal - 1);\n  });\n});\n`,
    },
    {
      name: "a memo of a pure parse keyed by the user-agent string (jitsu's uaCache), and a list of live WhatsApp sockets named sessions (ticketz)",
      filename: 'src/lib/ua.ts',
      code: `import NodeCache from 'node-cache';\nimport makeWASocket from 'baileys';\nconst uaCache = new NodeCache({ stdTTL: 600 });\nconst sessions: any[] = [];\nexport function parseUserAgent(userAgent: string) {\n  const parsed = { raw: userAgent };\n  uaCache.set(userAgent, parsed);\n  return parsed;\n}\napp.get('/ua', (req, res) => res.json(parseUserAgent(req.headers['user-agent'])));\napp.post('/whatsapp/:id/start', (req, res) => {\n  const wsocket = makeWASocket({ printQRInTerminal: false });\n  sessions.push(wsocket);\n  res.sendStatus(204);\n});\n`,
    },
    {
      name: 'a tsyringe @injectable() class (a new instance per resolution) keeping a map',
      filename: 'lib/registry.ts',
      code: `import { injectable } from 'tsyringe';\n@injectable()\nexport class SessionRegistry {\n  private sessions = new Map<string, { userId: string }>();\n  register(token: string, userId: string) {\n    this.sessions.set(token, { userId });\n  }\n}\n`,
    },
    {
      name: "browser code by what it loads or touches, outside public/: a socket.io client's game state, a page script using window",
      filename: 'src/client/app.js',
      code: `var io = require('socket.io-client');\nvar socket = io();\nvar users = [];\nvar player = { id: -1 };\nsocket.on('welcome', function (playerSettings) {\n  player = playerSettings;\n});\nsocket.on('tick', function (playerData, userData) {\n  users = userData;\n});\n`,
    },
    {
      name: 'a page script reaching the page through window (nightscout lib/client)',
      filename: 'lib/client/index.js',
      code: `var $ = window.$;\nvar client = {};\nvar socket = window.io();\nsocket.on('retroUpdate', function (retroData) {\n  client.retro = { data: retroData };\n});\nmodule.exports = client;\n`,
    },
    {
      name: "a user kept by a function only a timer calls (a mobile app's sync retry): the timer runs for the process, not for a request",
      filename: 'lib/offlineSync.ts',
      code: `let activeAuth: { token: string } | null = null;\nlet activeUserContentDomain: string | undefined;\nexport const startSync = async (auth: { token: string }, userContentDomain?: string) => {\n  activeAuth = auth;\n  activeUserContentDomain = userContentDomain;\n};\nexport const scheduleRetry = () => {\n  setTimeout(() => {\n    if (activeAuth) startSync(activeAuth, activeUserContentDomain);\n  }, 5000);\n};\n`,
    },
    {
      name: 'a throwaway app in a test uses the in-memory store on purpose',
      filename: 'test/contact.test.js',
      code: `const session = require('express-session');\napp.use(session({ secret: process.env.S, resave: false, saveUninitialized: true }));\n`,
    },
    {
      name: 'express-session with connect-redis',
      code: `${EXPRESS}import { RedisStore } from 'connect-redis';\napp.use(session({ store: new RedisStore({ client }), secret: process.env.SESSION_SECRET! }));`,
    },
    {
      name: 'express-session with connect-pg-simple',
      filename: 'app.js',
      code: `const session = require('express-session');\nconst pgSession = require('connect-pg-simple')(session);\napp.use(session({ store: new pgSession({ pool }), secret: process.env.SECRET }));`,
    },
    {
      name: 'express-session with connect-mongo',
      code: `${EXPRESS}import MongoStore from 'connect-mongo';\napp.use(session({ secret: s, store: MongoStore.create({ mongoUrl: process.env.MONGO_URL }) }));`,
    },
    {
      name: 'store assigned later on the options object',
      code: `${EXPRESS}const sess = { secret: 'x', cookie: {} };\nif (prod) sess.store = new RedisStore({ client });\napp.use(session(sess));`,
    },
    { name: 'options built elsewhere', code: `${EXPRESS}app.use(session(buildSessionOptions()));` },
    { name: 'options spread from a shared config', code: `${EXPRESS}app.use(session({ ...sessionConfig, secret: s }));` },
    {
      name: 'cookie-session',
      code: `import cookieSession from 'cookie-session';\napp.use(cookieSession({ name: 'session', keys: [k] }));`,
    },
    { name: 'koa-session (cookie-based by default)', code: `import session from 'koa-session';\napp.use(session({ key: 'sess' }, app));` },
    { name: 'a session() function from elsewhere', code: `import { session } from './auth';\napp.use(session({ secret: 'x' }));` },
    {
      name: '@fastify/session with a store',
      code: `import fastifySession from '@fastify/session';\nfastify.register(fastifySession, { secret: s, store: new RedisStore({ client }) });`,
    },
    {
      name: '@fastify/secure-session (cookie)',
      code: `import secureSession from '@fastify/secure-session';\nfastify.register(secureSession, { key });`,
    },
    {
      name: "a memory store as one of the operator's choices beside a store backed by a service (switch, if/else, ?:)",
      filename: 'src/session.js',
      code: `const session = require('express-session');\nconst MemoryStore = require('memorystore')(session);\nconst RedisStore = require('connect-redis').default;\nconst { ConnectSessionKnexStore } = require('connect-session-knex');\nconst options = { secret: process.env.SESSION_SECRET };\nswitch (process.env.SESSION_STORE || 'redis') {\n  case 'memory':\n    options.store = new MemoryStore({ checkPeriod: 86400000 });\n    break;\n  case 'redis':\n    options.store = new RedisStore({ client });\n    break;\n}\nexports.db = (config, knex) => {\n  let store;\n  if (config.session.db) store = new ConnectSessionKnexStore({ knex });\n  else store = new session.MemoryStore();\n  return session({ store, secret: config.secret });\n};\nexports.pick = (useRedis) => session({ store: useRedis ? new RedisStore({ client }) : new session.MemoryStore(), secret: 's' });\nexports.early = (url) => {\n  if (url) {\n    return new RedisStore({ client: createClient({ url }) });\n  }\n  return new session.MemoryStore();\n};\n`,
    },
    {
      name: "sessions without a store in the else of an operator's switch whose other branch uses Redis (tiledesk)",
      filename: 'src/app.js',
      code: `const express = require('express');\nconst session = require('express-session');\nconst RedisStore = require('connect-redis').default;\nconst { createClient } = require('redis');\nconst app = express();\nif (process.env.ENABLE_REDIS_SESSION == 'true') {\n  const client = createClient({ url: process.env.REDIS_URL });\n  app.use(session({ store: new RedisStore({ client }), secret: process.env.SESSION_SECRET }));\n} else {\n  app.use(session({ secret: process.env.SESSION_SECRET }));\n}\n`,
    },
    {
      name: "a language model's token counts in a module object a handler updates (inputTokens, maxTokens): counts, not credentials",
      filename: 'src/server.js',
      code: `const express = require('express');\nconst app = express();\nlet usage = { inputTokens: 0, outputTokens: 0, lastInputTokens: 0, maxTokens: 4096 };\napp.post('/v1/chat', async (req, res) => {\n  const body = await complete(req.body);\n  usage.inputTokens += body.usage.prompt_tokens;\n  usage.lastInputTokens = body.usage.prompt_tokens;\n  res.json(body);\n});\napp.listen(process.env.PORT);\n`,
    },
    {
      name: 'a MemoryStore class from an unrelated module',
      code: `import { MemoryStore } from './cache';\nconst store = new MemoryStore();`,
    },
    {
      name: 'collection local to the handler',
      code: `app.get('/me', (req, res) => {\n  const sessions = new Map();\n  sessions.set(req.session.id, req.user);\n  res.json([...sessions]);\n});`,
    },
    {
      name: 'config cache keyed by a constant',
      code: `const configCache = new Map();\napp.get('/config', (req, res) => {\n  configCache.set('main', loadConfig());\n  res.json(configCache.get('main'));\n});`,
    },
    {
      name: 'compiled-template cache keyed by view name',
      code: `const templates = {};\nrouter.get('/page/:name', (req, res) => {\n  templates[req.params.name] = compile(req.params.name);\n  res.send(templates[req.params.name]());\n});`,
    },
    {
      name: 'response cache keyed by URL',
      code: `const cache = new Map<string, string>();\napp.get('/api/*', async (req, res) => {\n  cache.set(req.originalUrl, await fetchBody(req.originalUrl));\n});`,
    },
    {
      name: 'rate-limit map keyed by IP',
      code: `const hits = new Map();\napp.use((req, res, next) => {\n  hits.set(req.ip, (hits.get(req.ip) ?? 0) + 1);\n  next();\n});`,
    },
    {
      name: 'rate limit by user: excluded by its name',
      code: `const rateLimits = new Map();\napp.use((req, res, next) => {\n  rateLimits.set(req.user.id, Date.now());\n  next();\n});`,
    },
    {
      name: 'sessions map filled only at startup',
      code: `const sessions = new Map();\nfor (const s of loadFixtures()) sessions.set(s.id, s);\napp.get('/x', (req, res) => res.json(sessions.get(req.query.id)));`,
    },
    {
      name: 'user list mutated outside any handler',
      code: `const activeUsers = new Set();\nexport function warmUp(userId: string) { activeUsers.add(userId); }`,
    },
    {
      name: 'shadowed by a handler parameter',
      code: `const tokens = new Map();\napp.post('/t', (req, res) => {\n  [1].forEach((tokens) => tokens);\n  const tokensLocal = 1;\n});\nfunction f(req: Request, res: Response, tokens: Map<string, string>) { tokens.set(req.body.token, 'x'); }`,
    },
    {
      name: 'in-memory todos pushed by a handler',
      code: `const todos = [];\napp.post('/todos', (req, res) => {\n  todos.push({ text: req.body.text, userId: req.user.id });\n  res.sendStatus(201);\n});`,
    },
    {
      name: 'WeakMap keyed by request',
      code: `const perRequest = new WeakMap();\napp.use((req, res, next) => { perRequest.set(req, { user: req.user }); next(); });`,
    },
  ],
  invalid: [
    {
      name: "near-misses of a count and of a live connection (review): a user's id converted to a number, a customer record named newClient",
      filename: 'server.js',
      code: `let currentUserId;\nconst clients = [];\napp.use(async (req, res, next) => {\n  currentUserId = Number(req.user.id);\n  next();\n});\napp.post('/clients', (req, res) => {\n  const newClient = { id: clients.length + 1, ...req.body };\n  clients.push(newClient);\n  res.status(201).json(newClient);\n});\n`,
      errors: [
        { messageId: 'moduleVariableInHandler', line: 1, column: 5 },
        { messageId: 'moduleStateInHandler', line: 2, column: 7 },
      ],
    },
    {
      name: "near-misses of a count and a browser's name: the request's user kept in a variable named for users, a cache keyed by the user's id, a session object pushed to sessions",
      filename: 'src/server.ts',
      code: `let currentUsers = null;\nconst uaCache = new Map();\nconst sessions: any[] = [];\napp.get('/me', (req, res) => {\n  currentUsers = req.user;\n  uaCache.set(req.user.id, req.headers['user-agent']);\n  sessions.push({ userId: req.user.id, agent: req.headers['user-agent'] });\n  res.end();\n});\n`,
      errors: [
        { messageId: 'moduleVariableInHandler', line: 1, column: 5 },
        { messageId: 'moduleStateInHandler', line: 2, column: 7 },
        { messageId: 'moduleStateInHandler', line: 3, column: 7 },
      ],
    },
    {
      name: 'a tsyringe @singleton() class keeping sessions: one instance per process',
      filename: 'lib/registry.ts',
      code: `import { singleton } from 'tsyringe';\n@singleton()\nexport class SessionRegistry {\n  private sessions = new Map<string, { userId: string }>();\n  register(token: string, userId: string) {\n    this.sessions.set(token, { userId });\n  }\n}\n`,
      errors: [{ messageId: 'singletonState', line: 4, column: 11 }],
    },
    {
      name: 'near-miss of a timer: the same function called by a route handler with the request user',
      filename: 'lib/sync.ts',
      code: `let activeUser: { id: string } | null = null;\nexport const startSync = (user: { id: string }) => {\n  activeUser = user;\n};\napp.post('/sync', (req, res) => {\n  startSync(req.user);\n  res.sendStatus(202);\n});\nsetTimeout(() => activeUser && startSync(activeUser), 5000);\n`,
      errors: [{ messageId: 'moduleVariableInHandler', line: 1, column: 5 }],
    },
    {
      name: 'near-miss of browser code: a server file serving a page whose inline script uses document',
      filename: 'src/server.js',
      code: `const express = require('express');\nconst app = express();\nconst users = [];\napp.get('/', (req, res) => res.send('<script>document.title = "hi"</script>'));\napp.post('/register', (req, res) => {\n  users.push(req.body);\n  res.sendStatus(201);\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 3, column: 7 }],
    },
    {
      name: 'users array-DB pushed at registration (an in-memory user table)',
      code: `const users = [];\napp.post('/register', (req, res) => {\n  users.push(newUser(req.body));\n  res.sendStatus(201);\n});`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'express-session without store: Redis fix (ESM)',
      code: `${EXPRESS}app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));\n`,
      errors: [{ messageId: 'sessionWithoutStore', line: 4, column: 9, messageIncludes: ['express-session', 'MemoryStore'] }],
      output: `import express from 'express';\nimport session from 'express-session';\nimport { RedisStore } from 'connect-redis';\nimport { createClient } from 'redis';\nconst redisClient = createClient({ url: process.env.REDIS_URL });\nredisClient.connect().catch(console.error);\nconst app = express();\napp.use(session({ secret: process.env.SESSION_SECRET, resave: false, store: new RedisStore({ client: redisClient }) }));\n`,
    },
    {
      name: 'express-session without store: Redis fix (CommonJS, multi-line, trailing comma)',
      filename: 'server.js',
      code: `const express = require('express')\nconst session = require('express-session')\n\nconst app = express()\napp.use(\n  session({\n    secret: process.env.SECRET,\n    saveUninitialized: false,\n  }),\n)\n`,
      errors: [{ messageId: 'sessionWithoutStore', line: 6, column: 3 }],
      output: `const express = require('express')\nconst session = require('express-session')\nconst { RedisStore } = require('connect-redis')\nconst { createClient } = require('redis')\nconst redisClient = createClient({ url: process.env.REDIS_URL })\nredisClient.connect().catch(console.error)\n\nconst app = express()\napp.use(\n  session({\n    secret: process.env.SECRET,\n    saveUninitialized: false,\n    store: new RedisStore({ client: redisClient }),\n  }),\n)\n`,
    },
    {
      name: "sessions without a store in both branches of an operator's switch: no shared store is offered",
      filename: 'src/both.js',
      code: `const express = require('express');\nconst session = require('express-session');\nconst app = express();\nif (process.env.SECURE_COOKIES === 'true') {\n  app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true } }));\n} else {\n  app.use(session({ secret: process.env.SESSION_SECRET }));\n}\n`,
      errors: [
        { messageId: 'sessionWithoutStore', line: 5, column: 11 },
        { messageId: 'sessionWithoutStore', line: 7, column: 11 },
      ],
    },
    {
      name: "sessions without a store when the Redis client is not ready: the client's state at run time, no operator's choice",
      filename: 'src/fallback.js',
      code: `const express = require('express');\nconst session = require('express-session');\nconst RedisStore = require('connect-redis').default;\nconst redis = require('./redis');\nconst app = express();\nif (redis.isReady) {\n  app.use(session({ store: new RedisStore({ client: redis }), secret: process.env.SESSION_SECRET }));\n} else {\n  app.use(session({ secret: process.env.SESSION_SECRET }));\n}\n`,
      errors: [{ messageId: 'sessionWithoutStore', line: 9, column: 11 }],
    },
    {
      name: 'express-session with no options at all',
      filename: 'src/app.mjs',
      code: `import session from 'express-session';\napp.use(session());\n`,
      errors: [{ messageId: 'sessionWithoutStore', line: 2, column: 9 }],
      output: `import session from 'express-session';\nimport { RedisStore } from 'connect-redis';\nimport { createClient } from 'redis';\nconst redisClient = createClient({ url: process.env.REDIS_URL });\nredisClient.connect().catch(console.error);\napp.use(session({ store: new RedisStore({ client: redisClient }) }));\n`,
    },
    {
      name: 'options object in a variable',
      code: `${EXPRESS}const sessionOptions = { secret: 'keyboard cat', cookie: { maxAge: 60000 } };\napp.use(session(sessionOptions));\n`,
      errors: [{ messageId: 'sessionWithoutStore', line: 5, column: 9 }],
    },
    {
      name: 'RedisStore name already taken: no fix',
      code: `${EXPRESS}const RedisStore = 1;\napp.use(session({ secret: s }));\n`,
      errors: [{ messageId: 'sessionWithoutStore', line: 5, column: 9 }],
      output: null,
    },
    {
      name: 'explicit new session.MemoryStore() with Redis fix',
      code: `${EXPRESS}app.use(session({ secret: s, store: new session.MemoryStore() }));\n`,
      errors: [{ messageId: 'memoryStore', line: 4, column: 37 }],
      output: `import express from 'express';\nimport session from 'express-session';\nimport { RedisStore } from 'connect-redis';\nimport { createClient } from 'redis';\nconst redisClient = createClient({ url: process.env.REDIS_URL });\nredisClient.connect().catch(console.error);\nconst app = express();\napp.use(session({ secret: s, store: new RedisStore({ client: redisClient }) }));\n`,
    },
    {
      name: 'near-misses of a choice: a memory store in a development branch with no other store, beside a store of no service, in a nested function, chosen for production by NODE_ENV',
      filename: 'src/session.js',
      code: `const session = require('express-session');\nconst FileStore = require('session-file-store')(session);\nconst RedisStore = require('connect-redis').default;\nlet store;\nif (process.env.NODE_ENV !== 'production') store = new session.MemoryStore();\nexports.b = (dev) => (dev ? new FileStore({}) : new session.MemoryStore());\nexports.c = (redis) => {\n  if (redis) return new RedisStore({ client });\n  return [1].map(() => new session.MemoryStore());\n};\nexports.d = process.env.NODE_ENV === 'development' ? new RedisStore({ client }) : new session.MemoryStore();\n`,
      errors: [
        { messageId: 'memoryStore', line: 5, column: 52 },
        { messageId: 'memoryStore', line: 6, column: 49 },
        { messageId: 'memoryStore', line: 9, column: 24 },
        { messageId: 'memoryStore', line: 11, column: 83 },
      ],
    },
    {
      name: 'near-miss of token counts: issued tokens kept by user in a module object',
      filename: 'src/server.js',
      code: `const express = require('express');\nconst app = express();\nconst issuedTokens = {};\napp.post('/login', (req, res) => {\n  issuedTokens[req.body.email] = sign(req.body);\n  res.sendStatus(204);\n});\nconst usedTokens = new Set();\napp.post('/refresh', (req, res) => {\n  usedTokens.add(req.body.refreshToken);\n  res.sendStatus(204);\n});\napp.listen(process.env.PORT);\n`,
      errors: [
        { messageId: 'moduleStateInHandler', line: 3, column: 7 },
        { messageId: 'moduleStateInHandler', line: 8, column: 7 },
      ],
    },
    {
      name: 'destructured MemoryStore',
      filename: 'app.js',
      code: `const session = require('express-session');\nconst { MemoryStore } = session;\nconst store = new MemoryStore();\n`,
      errors: [{ messageId: 'memoryStore', line: 3, column: 15 }],
    },
    {
      name: 'memorystore package',
      filename: 'app.js',
      code: `const session = require('express-session');\nconst MemoryStore = require('memorystore')(session);\napp.use(session({ store: new MemoryStore({ checkPeriod: 86400000 }), secret: s }));\n`,
      errors: [{ messageId: 'memoryStore', line: 3, column: 26 }],
    },
    {
      name: '@fastify/session without a store',
      code: `import Fastify from 'fastify';\nimport fastifyCookie from '@fastify/cookie';\nimport fastifySession from '@fastify/session';\nconst fastify = Fastify();\nfastify.register(fastifyCookie);\nfastify.register(fastifySession, { secret: process.env.SESSION_SECRET!, cookie: { secure: true } });\n`,
      errors: [{ messageId: 'sessionWithoutStore', line: 6, column: 1, messageIncludes: ['@fastify/session'] }],
      output: null,
    },
    {
      name: 'koa-generic-session without a store',
      filename: 'app.js',
      code: `const session = require('koa-generic-session');\napp.keys = ['k'];\napp.use(session({ cookie: { maxAge: 86400000 } }));\n`,
      errors: [{ messageId: 'sessionWithoutStore', line: 3, column: 9 }],
    },
    {
      name: 'sessions Map set in a login route',
      code: `import express from 'express';\nimport { randomUUID } from 'crypto';\nconst app = express();\nconst sessions = new Map<string, { userId: string }>();\napp.post('/login', (req, res) => {\n  const id = randomUUID();\n  sessions.set(id, { userId: req.body.userId });\n  res.cookie('sid', id).sendStatus(204);\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 4, column: 7, messageIncludes: ['"sessions"', 'line 7'] }],
      output: null,
    },
    {
      name: 'object keyed by req.user.id in a router handler (CommonJS)',
      filename: 'routes/cart.js',
      code: `const router = require('express').Router();\nconst state = {};\nrouter.post('/cart/items', function (req, res) {\n  state[req.user.id] = state[req.user.id] || [];\n  res.end();\n});\nmodule.exports = router;\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 7 }],
    },
    {
      name: 'activeUsers Set in middleware',
      code: `const activeUsers = new Set<string>();\napp.use((req, res, next) => {\n  if (req.user) activeUsers.add(req.user.id);\n  next();\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'delete on logout, keyed by the session id',
      code: `const store: Record<string, unknown> = {};\nrouter.post('/logout', (req, res) => {\n  delete store[req.cookies.sid];\n  res.clearCookie('sid').end();\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'tokens array pushed in a fastify route',
      code: `const refreshTokens: string[] = [];\nfastify.post('/token', async (request, reply) => {\n  refreshTokens.push(issue(request.body));\n  return { ok: true };\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'helper called from a handler mutates the map',
      code: `const userCache = new Map();\nfunction remember(id: string, profile: unknown) {\n  userCache.set(id, profile);\n}\napp.get('/me', async (req, res) => {\n  remember(req.user.id, await loadProfile(req.user.id));\n  res.json(userCache.get(req.user.id));\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'exported controller with (req, res)',
      filename: 'controllers/auth.js',
      code: `const loggedInUsers = {};\nexports.login = (req, res) => {\n  loggedInUsers[req.body.username] = Date.now();\n  res.sendStatus(200);\n};\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
    {
      name: 'NestJS controller method',
      code: `import { Controller, Post, Req } from '@nestjs/common';\nconst carts = new Map<string, string[]>();\n@Controller('cart')\nexport class CartController {\n  @Post()\n  add(@Req() req: any) {\n    carts.get(req.params.id)!.push(req.body.sku);\n  }\n}\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 2, column: 7 }],
    },
    {
      name: 'koa router with ctx',
      code: `const sessions: Record<string, object> = {};\nrouter.post('/login', async (ctx) => {\n  sessions[ctx.state.sid] = { at: Date.now() };\n});\n`,
      errors: [{ messageId: 'moduleStateInHandler', line: 1, column: 7 }],
    },
  ],
});
