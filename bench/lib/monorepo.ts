/**
 * A generated monorepo of any size, for the scale figures of `npm run bench` (issue 20: "cost linear
 * in files; a generated 50,000-file monorepo scanned with bounded memory").
 *
 * `packages/<name>/` folders, each a workspace package with its own package.json: services (an Express,
 * Fastify or Koa entry point, routes, a config module, some with a Dockerfile and a Procfile) and
 * libraries (TS and JS, ESM and CJS). Modules import their neighbours, the package's dependencies and
 * other packages of the repo, so the program facts span the whole tree. About one module in twenty
 * has something the rules report (a hard-coded connection URL, a file transport, an in-memory session
 * store, a listen() on a fixed port), the rest are clean. Deterministic: the same `files` gives the same
 * tree, and a larger tree contains the smaller one's packages (the same seed, more of them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generator } from './synthetic';

/** Source modules per package (plus its package.json, and a Dockerfile/Procfile for some services). */
const MODULES_PER_PACKAGE = 40;

const FRAMEWORKS = ['express', 'fastify', 'koa'] as const;
const DEPENDENCIES = ['lodash', 'zod', 'pino', 'ioredis', 'pg', 'axios', 'dayjs', 'uuid'];

/** A clean library module: functions, a class, types, imports of its neighbours. */
function libraryModule(pkg: string, i: number, ts: boolean, esm: boolean, rnd: () => number): string {
  const neighbour = i > 0 ? `./module${i - 1}` : undefined;
  const dep = DEPENDENCIES[Math.floor(rnd() * DEPENDENCIES.length)];
  const type = (t: string) => (ts ? `: ${t}` : '');
  const lines: string[] = [];
  if (esm || ts) {
    lines.push(`import ${dep.replace(/\W/g, '')} from '${dep}';`);
    if (neighbour) lines.push(`import { transform${i - 1} } from '${neighbour}';`);
  } else {
    lines.push(`const ${dep.replace(/\W/g, '')} = require('${dep}');`);
    if (neighbour) lines.push(`const { transform${i - 1} } = require('${neighbour}');`);
  }
  if (ts) lines.push('', `export interface Item${i} {`, '  id: string;', '  count: number;', '  tags: string[];', '}');
  lines.push(
    '',
    `const LIMIT_${i} = ${10 + Math.floor(rnd() * 90)};`,
    '',
    `${esm || ts ? 'export ' : ''}function transform${i}(items${type(`Item${i}[]`)})${type('number')} {`,
    '  let total = 0;',
    '  for (const item of items) {',
    `    if (item.count > LIMIT_${i}) total += item.count;`,
    `    else total += ${neighbour ? `transform${i - 1}([item])` : '1'};`,
    '  }',
    '  return total;',
    '}',
    '',
    `${esm || ts ? 'export ' : ''}class Cache${i} {`,
    `  ${ts ? 'private ' : ''}entries = new Map();`,
    `  get(key${type('string')}) {`,
    '    return this.entries.get(key);',
    '  }',
    `  set(key${type('string')}, value${type('unknown')}) {`,
    '    this.entries.set(key, value);',
    '  }',
    '}',
    '',
    `${esm || ts ? 'export ' : ''}async function load${i}(id${type('string')}) {`,
    `  const label = \`${pkg}:\${id}\`;`,
    `  return { id, label, at: Date.now(), retries: ${Math.floor(rnd() * 5)} };`,
    '}',
  );
  // Helpers, so that a module is the few KB real ones are (the quick corpus averages ~6 KB a file).
  const helpers = 2 + Math.floor(rnd() * 10);
  for (let h = 0; h < helpers; h++)
    lines.push(
      '',
      `/** Normalises a batch of records (${pkg}, helper ${h}). */`,
      `${esm || ts ? 'export ' : ''}function normalise${i}_${h}(records${type('Array<Record<string, unknown>>')}, options${type('{ strict?: boolean; prefix?: string }')} = {}) {`,
      `  const prefix = options.prefix ?? '${pkg}-${h}';`,
      '  const out = [];',
      '  for (const record of records) {',
      `    if (options.strict && !('id' in record)) throw new Error(\`\${prefix}: a record without an id\`);`,
      `    const keys = Object.keys(record).filter((key) => !key.startsWith('_'));`,
      '    out.push({ ...Object.fromEntries(keys.map((key) => [key, record[key]])), source: prefix, index: out.length });',
      '  }',
      `  return out.sort((a, b) => String(a.index).localeCompare(String(b.index)));`,
      '}',
    );
  if (!esm && !ts)
    lines.push(
      '',
      `module.exports = { transform${i}, Cache${i}, load${i}, ${Array.from({ length: helpers }, (_, h) => `normalise${i}_${h}`).join(', ')} };`,
    );
  return `${lines.join('\n')}\n`;
}

/** A service's route module, clean or (one in twenty) with a finding the rules report. */
function routeModule(i: number, framework: (typeof FRAMEWORKS)[number], rnd: () => number): string {
  const flaw = rnd() < 0.05 ? Math.floor(rnd() * 3) : -1;
  const lines = [`import { load${i % 8} } from '../module${i % 8}';`, `import { config } from '../config';`];
  if (flaw === 0)
    lines.push(
      `import { Pool } from 'pg';`,
      '',
      `const pool = new Pool({ connectionString: 'postgres://app:hunter2@db.internal:5432/app${i}' });`,
    );
  else if (flaw === 1)
    lines.push(
      `import winston from 'winston';`,
      '',
      `const log = winston.createLogger({ transports: [new winston.transports.File({ filename: 'route${i}.log' })] });`,
    );
  else lines.push('', `const log = { info: (...args: unknown[]) => console.log(...args) };`);
  lines.push('');
  if (framework === 'express')
    lines.push(
      `export function register${i}(router: import('express').Router) {`,
      `  router.get('/r${i}/:id', async (req, res) => {`,
      `    const item = await load${i % 8}(req.params.id);`,
      `    log.info('loaded', item.id, config.region);`,
      '    res.json(item);',
      '  });',
      '}',
    );
  else if (framework === 'fastify')
    lines.push(
      `export async function register${i}(app: import('fastify').FastifyInstance) {`,
      `  app.get<{ Params: { id: string } }>('/r${i}/:id', async (request) => {`,
      `    const item = await load${i % 8}(request.params.id);`,
      `    log.info('loaded', item.id, config.region);`,
      '    return item;',
      '  });',
      '}',
    );
  else
    lines.push(
      `export function register${i}(router: { get: (path: string, fn: (ctx: any) => Promise<void>) => void }) {`,
      `  router.get('/r${i}/:id', async (ctx) => {`,
      `    ctx.body = await load${i % 8}(ctx.params.id);`,
      `    log.info('loaded', ctx.params.id, config.region);`,
      '  });',
      '}',
    );
  if (flaw === 2)
    lines.push(
      '',
      `const seen = new Map<string, number>();`,
      `export function remember${i}(user: string) {`,
      '  seen.set(user, Date.now());',
      '}',
    );
  if (flaw === 0) lines.push('', `export const query${i} = (sql: string) => pool.query(sql);`);
  return `${lines.join('\n')}\n`;
}

function serviceEntry(framework: (typeof FRAMEWORKS)[number], routes: number, fixedPort: boolean): string {
  const port = fixedPort ? '8080' : 'Number(process.env.PORT ?? 8080)';
  const imports = Array.from({ length: routes }, (_, i) => `import { register${i} } from './routes/route${i}';`);
  const registers = Array.from({ length: routes }, (_, i) => `register${i}(${framework === 'fastify' ? 'app' : 'router'});`);
  if (framework === 'express')
    return [
      `import express from 'express';`,
      ...imports,
      '',
      'const app = express();',
      'const router = express.Router();',
      ...registers,
      'app.use(router);',
      `const server = app.listen(${port});`,
      `process.on('SIGTERM', () => server.close(() => process.exit(0)));`,
      '',
    ].join('\n');
  if (framework === 'fastify')
    return [
      `import Fastify from 'fastify';`,
      ...imports,
      '',
      'const app = Fastify({ logger: true });',
      ...registers,
      `await app.listen({ port: ${port}, host: '0.0.0.0' });`,
      `process.on('SIGTERM', () => void app.close());`,
      '',
    ].join('\n');
  return [
    `import Koa from 'koa';`,
    `import Router from '@koa/router';`,
    ...imports,
    '',
    'const app = new Koa();',
    'const router = new Router();',
    ...registers,
    'app.use(router.routes());',
    `const server = app.listen(${port});`,
    `process.on('SIGTERM', () => server.close());`,
    '',
  ].join('\n');
}

/**
 * Writes a monorepo of about `files` files under `dir` (emptied first). Returns the number of files
 * written and their total size.
 */
export function writeMonorepo(dir: string, files: number): { files: number; bytes: number; packages: number } {
  fs.rmSync(dir, { recursive: true, force: true });
  let written = 0;
  let bytes = 0;
  const write = (rel: string, text: string) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written++;
    bytes += Buffer.byteLength(text);
  };
  const packages = Math.max(1, Math.round(files / (MODULES_PER_PACKAGE + 1.3)));
  write('package.json', `${JSON.stringify({ name: 'generated-monorepo', private: true, workspaces: ['packages/*'] }, null, 2)}\n`);
  for (let p = 0; p < packages; p++) {
    const rnd = generator(p + 1).next;
    const service = p % 4 === 0;
    const name = service ? `service-${p}` : `lib-${p}`;
    const ts = rnd() < 0.7;
    const esm = ts || rnd() < 0.5;
    const ext = ts ? 'ts' : esm ? 'mjs' : 'js';
    const framework = FRAMEWORKS[p % FRAMEWORKS.length];
    const deps: Record<string, string> = Object.fromEntries(DEPENDENCIES.map((d) => [d, '^1.0.0']));
    if (service) Object.assign(deps, { [framework]: '^4.0.0', winston: '^3.0.0', '@koa/router': '^12.0.0' });
    if (p > 0) deps[`lib-${p - (p % 4 === 1 ? 0 : 1)}`] = 'workspace:*';
    write(
      `packages/${name}/package.json`,
      `${JSON.stringify({ name, version: '1.0.0', ...(esm ? { type: 'module' } : {}), main: `dist/index.js`, scripts: { start: 'node dist/index.js' }, dependencies: deps }, null, 2)}\n`,
    );
    const routes = service ? 12 : 0;
    for (let i = 0; i < MODULES_PER_PACKAGE - routes - (service ? 2 : 0); i++)
      write(`packages/${name}/src/module${i}.${service ? 'ts' : ext}`, libraryModule(name, i, service || ts, service || esm, rnd));
    if (service) {
      for (let i = 0; i < routes; i++) write(`packages/${name}/src/routes/route${i}.ts`, routeModule(i, framework, rnd));
      write(
        `packages/${name}/src/config.ts`,
        `export const config = {\n  region: process.env.REGION ?? 'eu-west-1',\n  redisUrl: process.env.REDIS_URL,\n};\n`,
      );
      write(`packages/${name}/src/index.ts`, serviceEntry(framework, routes, rnd() < 0.2));
      if (p % 8 === 0)
        write(
          `packages/${name}/Dockerfile`,
          `FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "dist/index.js"]\n`,
        );
      else write(`packages/${name}/Procfile`, 'web: node dist/index.js\n');
    }
  }
  return { files: written, bytes, packages };
}
