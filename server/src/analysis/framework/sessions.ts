/**
 * What is a session store (DESIGN.md §8): session middleware and where each keeps its sessions by
 * default, the in-memory store classes, the stores backed by a service, the cookie-based sessions,
 * and the in-process collections and caches per-user state can be kept in.
 */
import { entry } from './table';
import * as ts from 'typescript';
import { propertyNameText, unwrapExpression, type ModuleBindings, type ModuleRef } from '../languages/typescript/imports';
import { followIdentifier } from '../languages/typescript/values';

/** How session middleware is attached. */
type SessionAttach = 'call' | 'fastify-plugin' | 'hapi-plugin';

interface SessionLibrary {
  /** Shown in messages. */
  label: string;
  /** Member paths that create the middleware (`''` = the module itself). */
  paths: readonly string[];
  attach: SessionAttach;
}

/** Session middleware whose default store is the process's memory (a MemoryStore or the framework's default cache). */
export const MEMORY_DEFAULT_SESSIONS: Readonly<Record<string, SessionLibrary>> = {
  'express-session': { label: 'express-session', paths: [''], attach: 'call' },
  'next-session': { label: 'next-session', paths: ['', 'nextSession'], attach: 'call' },
  'koa-generic-session': { label: 'koa-generic-session', paths: [''], attach: 'call' },
  'koa-session-minimal': { label: 'koa-session-minimal', paths: [''], attach: 'call' },
  'koa-session2': { label: 'koa-session2', paths: [''], attach: 'call' },
  express: { label: 'express.session', paths: ['session'], attach: 'call' },
  connect: { label: 'connect.session', paths: ['session'], attach: 'call' },
  '@fastify/session': { label: '@fastify/session', paths: [''], attach: 'fastify-plugin' },
  'fastify-session': { label: 'fastify-session', paths: [''], attach: 'fastify-plugin' },
  '@hapi/yar': { label: '@hapi/yar', paths: [''], attach: 'hapi-plugin' },
  yar: { label: 'yar', paths: [''], attach: 'hapi-plugin' },
};

/** Store classes that keep sessions in the process: module → member paths. */
export const MEMORY_STORE_CLASSES: Readonly<Record<string, readonly string[]>> = {
  'express-session': ['MemoryStore'],
  express: ['session.MemoryStore'],
  connect: ['session.MemoryStore'],
  'koa-generic-session': ['MemoryStore'],
  '@fastify/session': ['MemoryStore'],
  'fastify-session': ['MemoryStore'],
  'hono-sessions': ['MemoryStore'],
  'next-session': ['MemoryStore', 'expressSession.MemoryStore'],
};

/** Packages exporting a factory `(session) => MemoryStoreClass`. */
export const MEMORY_STORE_FACTORIES: ReadonlySet<string> = new Set(['memorystore', 'session-memory-store', 'session-memory-store2']);

/** Session stores backed by a service, or sessions kept client side: package → where. */
export const SESSION_STORES: Readonly<Record<string, string>> = {
  'connect-redis': 'Redis',
  'connect-redis-crypto': 'Redis',
  'koa-redis': 'Redis',
  'connect-mongo': 'MongoDB',
  'connect-mongodb-session': 'MongoDB',
  'connect-pg-simple': 'PostgreSQL',
  'connect-session-sequelize': 'a SQL database (Sequelize)',
  'connect-session-knex': 'a SQL database (Knex)',
  'express-mysql-session': 'MySQL',
  'connect-dynamodb': 'DynamoDB',
  'connect-memcached': 'Memcached',
  '@quixo3/prisma-session-store': 'a database (Prisma)',
  'connect-typeorm': 'a database (TypeORM)',
  '@hapi/catbox-redis': 'Redis (hapi cache)',
  'catbox-redis': 'Redis (hapi cache)',
  '@hapi/catbox-memcached': 'Memcached (hapi cache)',
  'catbox-mongodb': 'MongoDB (hapi cache)',
  'cookie-session': 'signed cookies, client side',
  'client-sessions': 'encrypted cookies, client side',
  '@fastify/secure-session': 'encrypted cookies, client side',
  'iron-session': 'encrypted cookies, client side',
  'koa-session': 'cookies, client side (by default)',
};

/** hapi cache providers that are not the process's memory: a yar session cache using one is shared. */
const HAPI_SHARED_CACHES: ReadonlySet<string> = new Set([
  '@hapi/catbox-redis',
  'catbox-redis',
  '@hapi/catbox-memcached',
  'catbox-memcached',
  'catbox-mongodb',
  '@hapi/catbox-object',
]);

/**
 * In-process caches and maps per-user state can be kept in: module → member paths that construct one
 * (`''` = the module itself, called or constructed; `'*'` = the module object is the cache).
 */
const CACHE_CLASSES: Readonly<Record<string, readonly string[]>> = {
  'lru-cache': ['', 'LRUCache', 'LRU'],
  'quick-lru': [''],
  'node-cache': [''],
  'memory-cache': ['*', 'Cache'],
  'tiny-lru': ['', 'lru'],
  mnemonist: ['LRUCache', 'LRUMap'],
  'mnemonist/lru-cache': [''],
  lru_map: ['LRUMap'],
  '@isaacs/ttlcache': [''],
  'expiry-map': [''],
  'expiry-set': [''],
  'map-expire': [''],
  keyv: [''],
  'timed-cache': [''],
  'ttl-cache': [''],
};

/** Methods that change a collection or cache, keyed (first argument) or by value. */
export const KEYED_MUTATORS: ReadonlySet<string> = new Set(['set', 'delete', 'put', 'del', 'mset', 'setex', 'upsert', 'remove']);
export const VALUE_MUTATORS: ReadonlySet<string> = new Set(['add', 'push', 'unshift']);

function sessionLibrary(ref: ModuleRef | undefined): (SessionLibrary & { module: string }) | undefined {
  if (!ref) return undefined;
  const lib = entry(MEMORY_DEFAULT_SESSIONS, ref.module);
  return lib && lib.paths.includes(ref.path.join('.')) ? { ...lib, module: ref.module } : undefined;
}

function isMemoryStoreClass(ref: ModuleRef | undefined): boolean {
  return !!ref && !!entry(MEMORY_STORE_CLASSES, ref.module)?.includes(ref.path.join('.'));
}

/** The cache package a constructor or factory creates a cache of, if any. */
export function cacheClass(ref: ModuleRef | undefined): string | undefined {
  if (!ref) return undefined;
  const paths = entry(CACHE_CLASSES, ref.module);
  return paths && paths.includes(ref.path.join('.')) ? ref.module : undefined;
}

/** The module object itself is a cache (`const cache = require('memory-cache'); cache.put(k, v)`). */
export function isCacheModule(ref: ModuleRef | undefined): boolean {
  return !!ref && ref.path.length === 0 && !!entry(CACHE_CLASSES, ref.module)?.includes('*');
}

/** Session middleware that keeps sessions client side whatever the options (or unless a `store` is given: koa-session). */
export const COOKIE_SESSIONS: ReadonlySet<string> = new Set([
  'cookie-session',
  'client-sessions',
  'iron-session',
  'koa-session',
  '@fastify/secure-session',
  'fastify-secure-session',
]);

export interface SessionConfig {
  /** Shown in messages: `express-session`, `@fastify/session`… */
  library: string;
  module: string;
  /** `memory`: no store (the library's in-process default) or an in-memory one; `external`: a store is configured; `cookie`; `unknown`: options built elsewhere. */
  store: 'memory' | 'external' | 'cookie' | 'unknown';
  /** The options argument as written, if any. */
  options?: ts.Expression;
  /** The options object, when it is a literal of this file (followed through one name). */
  object?: ts.ObjectLiteralExpression;
  /** The name the options are held in (`session(sess)`), to see `sess.store = …` assigned later. */
  optionsName?: string;
  /** The in-memory store expression, when one is configured explicitly. */
  memoryStore?: ts.Expression;
}

/** The plugin and options of `server.register(…)` in hapi: `{ plugin, options }`, `{ register, options }` (hapi < 17), or a list of them. */
function hapiPlugins(arg: ts.Expression): { plugin: ts.Expression; options?: ts.Expression }[] {
  const u = unwrapExpression(arg);
  const items = ts.isArrayLiteralExpression(u) ? u.elements.map((e) => unwrapExpression(e)) : [u];
  const out: { plugin: ts.Expression; options?: ts.Expression }[] = [];
  for (const item of items) {
    if (!ts.isObjectLiteralExpression(item)) {
      out.push({ plugin: item });
      continue;
    }
    let plugin: ts.Expression | undefined;
    let options: ts.Expression | undefined;
    for (const p of item.properties) {
      if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
      const key = propertyNameText(p.name);
      const value = ts.isPropertyAssignment(p) ? p.initializer : p.name;
      if (key === 'plugin' || key === 'register') plugin = value;
      else if (key === 'options') options = value;
    }
    if (plugin) out.push({ plugin, options });
  }
  return out;
}

/** The manifest's server sets a cache (`server: { cache: … }`), or is built elsewhere: a provider this reading does not follow. */
function manifestServerCache(sourceFile: ts.SourceFile, arg: ts.Expression | undefined): boolean {
  const manifest = arg && followIdentifier(sourceFile, arg);
  if (!manifest || !ts.isObjectLiteralExpression(manifest)) return false;
  const server = manifest.properties.find((p) => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'server');
  const value = server && ts.isPropertyAssignment(server) ? unwrapExpression(server.initializer) : undefined;
  return !!value && (!ts.isObjectLiteralExpression(value) || value.properties.some((p) => !p.name || propertyNameText(p.name) === 'cache'));
}

/** The plugins of a Glue manifest (`register.plugins`), the manifest followed through one name of the file. */
function manifestPlugins(sourceFile: ts.SourceFile, arg: ts.Expression | undefined): { plugin: ts.Expression; options?: ts.Expression }[] {
  const manifest = arg && followIdentifier(sourceFile, arg);
  if (!manifest || !ts.isObjectLiteralExpression(manifest)) return [];
  const property = (object: ts.ObjectLiteralExpression, name: string) => {
    const p = object.properties.find((x) => ts.isPropertyAssignment(x) && propertyNameText(x.name) === name);
    return p && ts.isPropertyAssignment(p) ? unwrapExpression(p.initializer) : undefined;
  };
  const register = property(manifest, 'register');
  const plugins = register && ts.isObjectLiteralExpression(register) ? property(register, 'plugins') : undefined;
  return plugins ? hapiPlugins(plugins) : [];
}

/**
 * Session middleware configured by this call, and where its sessions live: `session({...})`,
 * `fastify.register(fastifySession, {...})`, `server.register({ plugin: yar, options })`. A
 * `store: new MemoryStore()` (or the memorystore package's store) is memory; any other store is external.
 */
export function sessionConfig(call: ts.CallExpression, bindings: ModuleBindings, sourceFile: ts.SourceFile): SessionConfig | undefined {
  const ref = bindings.resolve(call.expression);
  let lib: { label: string; module: string } | undefined;
  let options: ts.Expression | undefined;
  if (ref && COOKIE_SESSIONS.has(ref.module) && ref.path.length <= 1) {
    const object = call.arguments[0] && followIdentifier(sourceFile, call.arguments[0]);
    const withStore =
      !!object && ts.isObjectLiteralExpression(object) && object.properties.some((p) => propertyNameText(p.name) === 'store');
    return { library: ref.module, module: ref.module, store: withStore ? 'external' : 'cookie', options: call.arguments[0] };
  }
  const direct = sessionLibrary(ref);
  if (direct && direct.attach === 'call') {
    lib = { label: direct.label, module: direct.module };
    options = call.arguments[0];
  } else if (ref && (ref.module === '@hapi/glue' || ref.module === 'glue') && ref.path.join('.') === 'compose') {
    // `Glue.compose({ server, register: { plugins: [{ plugin: '@hapi/yar', options }] } })`: plugins named by module or loaded.
    // A manifest whose server names its own cache (`server: { cache: … }`) may keep sessions there: not judged.
    if (manifestServerCache(sourceFile, call.arguments[0])) return undefined;
    for (const item of manifestPlugins(sourceFile, call.arguments[0])) {
      const plugin = unwrapExpression(item.plugin);
      const hapi = sessionLibrary(ts.isStringLiteralLike(plugin) ? { module: plugin.text, path: [] } : bindings.resolve(plugin));
      if (hapi?.attach === 'hapi-plugin') {
        lib = { label: hapi.label, module: hapi.module };
        options = item.options;
        break;
      }
    }
  } else {
    const callee = unwrapExpression(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'register' || !call.arguments[0]) return undefined;
    const first = bindings.resolve(call.arguments[0]);
    const plugin = sessionLibrary(first);
    if (plugin?.attach === 'fastify-plugin') {
      lib = { label: plugin.label, module: plugin.module };
      options = call.arguments[1];
    } else if (first && COOKIE_SESSIONS.has(first.module)) {
      return { library: first.module, module: first.module, store: 'cookie', options: call.arguments[1] };
    } else {
      for (const item of hapiPlugins(call.arguments[0])) {
        const hapi = sessionLibrary(bindings.resolve(item.plugin));
        if (hapi?.attach === 'hapi-plugin') {
          lib = { label: hapi.label, module: hapi.module };
          options = item.options;
          break;
        }
      }
    }
  }
  if (!lib) return undefined;
  const config: SessionConfig = { library: lib.label, module: lib.module, store: 'memory', options };
  if (!options) return lib.module.includes('yar') ? yarStore(config, bindings) : config;
  const u = unwrapExpression(options);
  if (ts.isIdentifier(u)) config.optionsName = u.text;
  const object = followIdentifier(sourceFile, options);
  if (!ts.isObjectLiteralExpression(object) || object.properties.some((p) => ts.isSpreadAssignment(p)))
    return { ...config, store: 'unknown' };
  config.object = object;
  if (lib.module.includes('yar')) {
    const cache = object.properties.find((p) => propertyNameText(p.name) === 'cache');
    return cache ? { ...config, store: 'external' } : yarStore(config, bindings);
  }
  const store = object.properties.find((p) => propertyNameText(p.name) === 'store');
  if (!store) return config;
  const value = ts.isPropertyAssignment(store) ? store.initializer : ts.isShorthandPropertyAssignment(store) ? store.name : undefined;
  if (value && isInMemoryStore(value, bindings, sourceFile)) return { ...config, memoryStore: unwrapExpression(value) };
  return { ...config, store: 'external' };
}

/** yar keeps what does not fit its cookie in hapi's default cache: the process's memory unless a shared cache is loaded. */
function yarStore(config: SessionConfig, bindings: ModuleBindings): SessionConfig {
  for (const module of HAPI_SHARED_CACHES) if (bindings.uses(module)) return { ...config, store: 'external' };
  return config;
}

/** `new MemoryStore()` of a session library, or a store made by the memorystore package (`new (require('memorystore')(session))()`). */
/** `new RedisStore({ client })`, `RedisStore(session)`'s class, `new ConnectSessionKnexStore(…)`: a store backed by a service (SESSION_STORES). */
export function isServiceStore(e: ts.Expression, bindings: ModuleBindings, sourceFile: ts.SourceFile): boolean {
  const value = unwrapExpression(e);
  if (!ts.isNewExpression(value) && !ts.isCallExpression(value)) return false;
  const storeModule = (callee: ts.Expression) => {
    const ref = bindings.resolve(callee);
    return !!ref && ref.module in SESSION_STORES;
  };
  if (storeModule(value.expression)) return true;
  const made = followIdentifier(sourceFile, value.expression);
  return made !== value.expression && ts.isCallExpression(made) && storeModule(made.expression);
}

export function isInMemoryStore(e: ts.Expression, bindings: ModuleBindings, sourceFile: ts.SourceFile): boolean {
  const value = unwrapExpression(e);
  if (!ts.isNewExpression(value)) return false;
  if (isMemoryStoreClass(bindings.resolve(value.expression))) return true;
  const made = followIdentifier(sourceFile, value.expression);
  if (ts.isCallExpression(made)) {
    const factory = bindings.resolve(made.expression);
    if (factory && factory.path.length === 0 && MEMORY_STORE_FACTORIES.has(factory.module)) return true;
  }
  return false;
}
