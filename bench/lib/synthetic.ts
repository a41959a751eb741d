/**
 * A generated service workspace with known violations, for the recall check of `npm run bench`:
 * every planted violation is recorded (rule, file, line) as the file is written, so the bench can
 * say which ones our scan found, and which findings it made that were not planted (near-misses that
 * fired). Secrets are drawn from a seeded generator at run time: the repository holds none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Planted {
  ruleId: string;
  /** Relative to the service folder, `/`-separated. */
  file: string;
  /** 1-based. */
  line: number;
  what: string;
}

/** Deterministic pseudo-random numbers and characters (mulberry32), so every run plants the same values. */
export function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const from = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  return { next, from };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;

class FileWriter {
  readonly lines: string[] = [];
  constructor(
    readonly file: string,
    private readonly planted: Planted[],
  ) {}
  /** Adds lines; `expect` marks the first of them as a planted violation. */
  add(text: string, expect?: { ruleId: string; what: string }): this {
    if (expect) this.planted.push({ ruleId: expect.ruleId, file: this.file, line: this.lines.length + 1, what: expect.what });
    this.lines.push(...text.split('\n'));
    return this;
  }
}

/**
 * Writes the service under `dir` (emptied first) with `fillerModules` clean modules besides the
 * planted ones; returns the planted violations.
 */
export function writeSyntheticService(dir: string, fillerModules = 60): Planted[] {
  fs.rmSync(dir, { recursive: true, force: true });
  const planted: Planted[] = [];
  const files: FileWriter[] = [];
  const file = (name: string) => {
    const w = new FileWriter(name, planted);
    files.push(w);
    return w;
  };
  const rnd = generator(12);
  const SECRET = 'config/no-hardcoded-secret';

  file('package.json').add(
    JSON.stringify(
      {
        name: 'orders-service',
        version: '1.4.0',
        private: true,
        main: 'dist/index.js',
        scripts: { build: 'tsc -p .', start: 'node dist/index.js' },
        dependencies: {
          express: '^5.1.0',
          'express-session': '^1.18.0',
          winston: '^3.17.0',
          jsonwebtoken: '^9.0.0',
          pg: '^8.13.0',
          ioredis: '^5.4.0',
          'connect-redis': '^8.0.0',
        },
      },
      null,
      2,
    ),
  );
  file('tsconfig.json').add(
    JSON.stringify(
      { compilerOptions: { target: 'ES2022', module: 'commonjs', outDir: 'dist', rootDir: 'src', strict: true, esModuleInterop: true } },
      null,
      2,
    ),
  );
  file('.env.example').add('PORT=\nDATABASE_URL=\nREDIS_URL=\nSESSION_SECRET=\n');

  // Entry point: starts the HTTP server, never handles SIGTERM (the verdict lands on listen()).
  file('src/index.ts')
    .add(`import { createApp } from './server';`)
    .add(`import { logger } from './logger';`)
    .add(`import { config } from './config';`)
    .add('')
    .add(`const app = createApp();`)
    .add(`app.listen(config.port, () => logger.info(\`orders-service listening on \${config.port}\`));`, {
      ruleId: 'disposability/handle-sigterm',
      what: 'listen() with no SIGTERM handling in the program',
    });

  const server = file('src/server.ts')
    .add(`import express from 'express';`)
    .add(`import session from 'express-session';`)
    .add(`import { ordersRouter } from './routes/orders';`)
    .add(`import { cartRouter } from './routes/cart';`)
    .add('')
    .add(`export function createApp() {`)
    .add(`  const app = express();`)
    .add(`  app.use(express.json());`);
  server.add(`  app.use(`);
  server.add(
    `    session({\n      secret: process.env.SESSION_SECRET ?? '',\n      resave: false,\n      saveUninitialized: false,\n    }),\n  );`,
    { ruleId: 'processes/no-in-memory-session', what: 'express-session without a store' },
  );
  server.add(
    `  app.use('/orders', ordersRouter);\n  app.use('/cart', cartRouter);\n  app.get('/healthz', (_req, res) => res.send('ok'));\n  return app;\n}`,
  );

  // Module-level per-user state mutated in a handler.
  file('src/routes/cart.ts')
    .add(`import { Router } from 'express';`)
    .add('')
    .add(`export const cartRouter = Router();`)
    .add(`const carts = new Map<string, string[]>();`, {
      ruleId: 'processes/no-in-memory-session',
      what: 'module Map holding per-user state, mutated in a handler',
    })
    .add('')
    .add(`cartRouter.post('/:userId/items', (req, res) => {`)
    .add(`  const items = carts.get(req.params.userId) ?? [];`)
    .add(`  items.push(String(req.body.sku));`)
    .add(`  carts.set(req.params.userId, items);`)
    .add(`  res.status(201).json({ items });`)
    .add(`});`);

  const orders = file('src/routes/orders.ts')
    .add(`import { Router } from 'express';`)
    .add(`import jwt from 'jsonwebtoken';`)
    .add(`import { listOrders } from '../repositories/orders';`)
    .add('')
    .add(`export const ordersRouter = Router();`)
    .add('')
    .add(`ordersRouter.get('/', async (req, res) => {`)
    .add(`  const orders = await listOrders(String(req.query.customer ?? ''));`)
    .add(`  res.json(orders);`)
    .add(`});`)
    .add('');
  orders.add(`export function issueToken(sub: string): string {`);
  orders.add(`  return jwt.sign({ sub }, 'orders-${rnd.from(LOWER, 6)}-signing-${rnd.from(ALNUM, 8)}', { expiresIn: '1h' });`, {
    ruleId: SECRET,
    what: 'jwt.sign with a literal secret',
  });
  orders.add(`}`);

  // File logging: winston File transport and an fs append to a log file.
  file('src/logger.ts')
    .add(`import winston from 'winston';`)
    .add('')
    .add(`export const logger = winston.createLogger({`)
    .add(`  level: process.env.LOG_LEVEL ?? 'info',`)
    .add(`  transports: [`)
    .add(`    new winston.transports.Console(),`)
    .add(`    new winston.transports.File({ filename: 'logs/orders.log' }),`, {
      ruleId: 'logs/no-file-logging',
      what: 'winston File transport',
    })
    .add(`  ],`)
    .add(`});`);
  file('src/audit.js')
    .add(`const fs = require('fs');`)
    .add('')
    .add(`function audit(event) {`)
    .add(`  fs.appendFileSync('logs/audit.log', JSON.stringify({ at: new Date().toISOString(), ...event }) + '\\n');`, {
      ruleId: 'logs/no-file-logging',
      what: 'fs append to a .log file',
    })
    .add(`}`)
    .add('')
    .add(`module.exports = { audit };`);

  // Secrets: provider formats and named secrets (values generated here, never stored in the repo).
  // An access key id is AKIA + 16 characters of base32 (A-Z, 2-7): a 0, 1, 8 or 9 makes it no key id at all.
  const aws = `AKIA${rnd.from(UPPER + '234567', 16)}`;
  const github = `ghp_${rnd.from(ALNUM, 36)}`;
  const slack = `xoxb-${rnd.from(DIGITS, 12)}-${rnd.from(DIGITS, 13)}-${rnd.from(ALNUM, 24)}`;
  const sendgrid = `SG.${rnd.from(ALNUM, 22)}.${rnd.from(ALNUM, 43)}`;
  const stripe = `sk_live_${rnd.from(ALNUM, 24)}`;
  const npmToken = `npm_${rnd.from(ALNUM, 36)}`;
  const dbPassword = `${rnd.from(ALNUM, 6)}#${rnd.from(ALNUM, 6)}!`;
  const config = file('src/config.ts')
    .add(`export const config = {`)
    .add(`  port: Number(process.env.PORT ?? 3000),`)
    .add(`  db: {`)
    .add(`    host: process.env.DB_HOST ?? 'localhost',`)
    .add(`    user: 'orders',`)
    .add(`    password: '${dbPassword}',`, { ruleId: SECRET, what: 'named secret (password)' })
    .add(`  },`)
    .add(`  redisUrl: 'redis://:${rnd.from(ALNUM, 12)}@cache.internal:6379/0',`, {
      ruleId: SECRET,
      what: 'connection string with a password',
    })
    .add(`  aws: {`)
    .add(`    region: 'eu-west-1',`)
    .add(`    accessKeyId: '${aws}',`, { ruleId: SECRET, what: 'AWS access key id' })
    .add(`  },`)
    .add(`  stripeKey: '${stripe}',`, { ruleId: SECRET, what: 'Stripe secret key' })
    .add(`  sendgridKey: '${sendgrid}',`, { ruleId: SECRET, what: 'SendGrid key' })
    .add(`};`);
  void config;
  file('src/clients/github.ts')
    .add(`const GITHUB_TOKEN = '${github}';`, { ruleId: SECRET, what: 'GitHub token' })
    .add('')
    .add(`export async function openIssue(title: string): Promise<Response> {`)
    .add(`  return fetch('https://api.github.com/repos/acme/orders/issues', {`)
    .add(`    method: 'POST',`)
    .add(`    headers: { authorization: \`token \${GITHUB_TOKEN}\` },`)
    .add(`    body: JSON.stringify({ title }),`)
    .add(`  });`)
    .add(`}`);
  file('src/clients/slack.js')
    .add(`const { WebClient } = require('@slack/web-api');`)
    .add('')
    .add(`const slack = new WebClient('${slack}');`, { ruleId: SECRET, what: 'Slack bot token' })
    .add('')
    .add(`module.exports = { notify: (text) => slack.chat.postMessage({ channel: '#orders', text }) };`);
  file('scripts/publish.mjs')
    .add(`import { execFileSync } from 'node:child_process';`)
    .add('')
    .add(`const registryToken = '${npmToken}';`, { ruleId: SECRET, what: 'npm token' })
    .add(`execFileSync('npm', ['publish'], { env: { ...process.env, NPM_TOKEN: registryToken }, stdio: 'inherit' });`);

  // Dockerfile: shell-form CMD through npm (PID 1 does not forward SIGTERM).
  file('Dockerfile')
    .add(`FROM node:22-alpine`)
    .add(`WORKDIR /app`)
    .add(`COPY package*.json ./`)
    .add(`RUN npm ci --omit=dev`)
    .add(`COPY dist ./dist`)
    .add(`ENV NODE_ENV=production`)
    .add(`ENV STRIPE_API_KEY=sk_live_${rnd.from(ALNUM, 24)}`, { ruleId: SECRET, what: 'Stripe key in a Dockerfile ENV' })
    .add(`EXPOSE 3000`)
    .add(`CMD npm start`, { ruleId: 'disposability/signal-forwarding', what: 'shell-form CMD running npm as PID 1' });

  // Near-misses: the same shapes done right, which must stay silent.
  file('src/admin/app.ts')
    .add(`import express from 'express';`)
    .add(`import session from 'express-session';`)
    .add(`import { RedisStore } from 'connect-redis';`)
    .add(`import Redis from 'ioredis';`)
    .add('')
    .add(`const redis = new Redis(process.env.REDIS_URL ?? '');`)
    .add(`export const admin = express();`)
    .add(
      `admin.use(session({ store: new RedisStore({ client: redis }), secret: process.env.SESSION_SECRET ?? '', resave: false, saveUninitialized: false }));`,
    )
    .add(`const API_KEY_HEADER = 'x-api-key';`)
    .add(`admin.get('/me', (req, res) => res.json({ header: req.get(API_KEY_HEADER) ?? null }));`);
  file('src/db.ts')
    .add(`import { Pool } from 'pg';`)
    .add('')
    .add(`export const pool = new Pool({ connectionString: process.env.DATABASE_URL, password: process.env.DB_PASSWORD });`)
    .add(`export const placeholderUrl = 'postgres://user:password@localhost:5432/orders';`);

  // Filler: realistic clean modules (repositories, services, validators), none of them planted.
  for (let i = 0; i < fillerModules; i++) {
    const entity = ['order', 'invoice', 'customer', 'shipment', 'refund', 'coupon'][i % 6];
    const Entity = entity[0].toUpperCase() + entity.slice(1);
    const f = file(i === 0 ? 'src/repositories/orders.ts' : `src/modules/${entity}s/${entity}-${i}.ts`);
    f.add(`import { pool } from '${i === 0 ? '../db' : '../../db'}';`)
      .add('')
      .add(`export interface ${Entity}${i} {\n  id: string;\n  customerId: string;\n  totalCents: number;\n  createdAt: Date;\n}`)
      .add('')
      .add(`const PAGE_SIZE = ${20 + (i % 5) * 10};`)
      .add('')
      .add(`export async function list${i === 0 ? 'Orders' : `${Entity}s${i}`}(customerId: string, page = 0): Promise<${Entity}${i}[]> {`)
      .add(
        `  const { rows } = await pool.query('SELECT * FROM ${entity}s WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3', [customerId, PAGE_SIZE, page * PAGE_SIZE]);`,
      )
      .add(`  return rows.map((row: Record<string, unknown>) => ({`)
      .add(
        `    id: String(row.id),\n    customerId: String(row.customer_id),\n    totalCents: Number(row.total_cents),\n    createdAt: new Date(String(row.created_at)),`,
      )
      .add(`  }));`)
      .add(`}`)
      .add('')
      .add(`export function validate${Entity}${i}(input: Partial<${Entity}${i}>): string[] {`)
      .add(`  const errors: string[] = [];`)
      .add(`  if (!input.customerId) errors.push('customerId is required');`)
      .add(`  if (input.totalCents !== undefined && input.totalCents < 0) errors.push('totalCents must be positive');`)
      .add(`  const tokenField = 'token';`)
      .add(`  if (tokenField in input) errors.push('unexpected field: ' + tokenField);`)
      .add(`  return errors;`)
      .add(`}`);
  }

  for (const w of files) {
    const full = path.join(dir, w.file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, `${w.lines.join('\n')}\n`);
  }
  return planted;
}
