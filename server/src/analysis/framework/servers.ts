/**
 * What starts a server (DESIGN.md §8): the module members that create an app or server object, and
 * the calls that make one accept connections. Data first; the few functions below only read it.
 * Shared by the facts collector (facts/fileFacts.ts), every rule that asks about servers, and the report.
 */
import { entry } from './table';
import type { ModuleRef } from '../languages/typescript/imports';
import type { ServerFramework } from '../facts/types';

/**
 * Module → member path (`''` = the module itself, called or constructed) → the framework of the object
 * it returns. A value of such a call, kept in a name, is what a later `listen()`/`start()` starts.
 */
export const SERVER_FACTORIES: Readonly<Record<string, Readonly<Record<string, ServerFramework>>>> = {
  http: { createServer: 'http', Server: 'http' },
  https: { createServer: 'http', Server: 'http' },
  http2: { createServer: 'http', createSecureServer: 'http' },
  net: { createServer: 'http', Server: 'http' },
  express: { '': 'express' },
  'ultimate-express': { '': 'express' },
  '@feathersjs/express': { '': 'express' },
  '@feathersjs/feathers': { '': 'feathers', feathers: 'feathers' },
  '@feathersjs/koa': { koa: 'koa', '': 'koa' },
  koa: { '': 'koa', Koa: 'koa' },
  fastify: { '': 'fastify', fastify: 'fastify' },
  '@nestjs/core': { 'NestFactory.create': 'nest', 'NestFactory.createMicroservice': 'nest' },
  '@hapi/hapi': { server: 'hapi', Server: 'hapi' },
  hapi: { server: 'hapi', Server: 'hapi' },
  '@hapi/glue': { compose: 'hapi' },
  glue: { compose: 'hapi' },
  restify: { createServer: 'restify' },
  polka: { '': 'polka' },
  connect: { '': 'http' },
  micro: { '': 'micro' },
  hono: { Hono: 'hono' },
  'apollo-server': { ApolloServer: 'apollo' },
  '@tinyhttp/app': { App: 'express' },
  'hyper-express': { Server: 'http' },
  'socket.io': { Server: 'socket.io', '': 'socket.io' },
  ws: { WebSocketServer: 'ws', Server: 'ws', 'WebSocket.Server': 'ws' },
};

/**
 * Functions that start a server by themselves, with the framework they serve: module → member path →
 * [framework, index of the argument that carries the port options].
 */
export const SERVER_START_FUNCTIONS: Readonly<Record<string, Readonly<Record<string, [ServerFramework, number]>>>> = {
  '@hono/node-server': { serve: ['hono', 0] },
  '@apollo/server/standalone': { startStandaloneServer: ['apollo', 1] },
  micro: { serve: ['micro', -1] },
};

/**
 * Modules only a server program loads: the factories and start functions above, and Nest's packages
 * (a controller imports `@nestjs/common`, not the factory).
 */
export function isServerModule(module: string): boolean {
  return Object.hasOwn(SERVER_FACTORIES, module) || Object.hasOwn(SERVER_START_FUNCTIONS, module) || module.startsWith('@nestjs/');
}

/** Methods that start a server object, by framework (anything not listed: `listen`). */
const START_METHODS: Readonly<Partial<Record<ServerFramework, readonly string[]>>> = {
  hapi: ['start'],
  nest: ['listen', 'startAllMicroservices'],
  // AdonisJS: `new Ignitor(…).httpServer().start()`.
  adonis: ['start'],
};

/** Modules whose presence tells which framework an unclassified `x.listen()` serves, in order of preference. */
export const FRAMEWORK_MODULES: readonly [string, ServerFramework][] = [
  ['@nestjs/core', 'nest'],
  ['fastify', 'fastify'],
  ['@hapi/hapi', 'hapi'],
  ['hapi', 'hapi'],
  ['@hapi/glue', 'hapi'],
  ['glue', 'hapi'],
  ['koa', 'koa'],
  ['restify', 'restify'],
  ['hono', 'hono'],
  ['polka', 'polka'],
  ['next', 'next'],
  ['express', 'express'],
];

/** Frameworks whose factories take options that may hold the port (`Hapi.server({ port })`, `new WebSocketServer({ port })`). */
export const PORT_IN_FACTORY: ReadonlySet<ServerFramework> = new Set(['hapi', 'ws', 'socket.io']);

/** Receivers whose `.listen(…)` is a server when nothing better is known: the general shape. */
export const SERVERISH =
  /^(?:app|application|server|srv|api|service|instance|fastify|web|http|https|hapi|koa|express|hono)$|(?:App|Server|app|server)$/;

/** The framework of the object a module member creates, if it creates an app or server. */
export function factoryFramework(ref: ModuleRef | undefined): ServerFramework | undefined {
  if (!ref) return undefined;
  return entry(entry(SERVER_FACTORIES, ref.module), ref.path.join('.'));
}

/** `serve(…)`, `startStandaloneServer(…)`: the framework and the options argument, if the member starts a server itself. */
export function startFunction(ref: ModuleRef | undefined): { framework: ServerFramework; optionsArgument: number } | undefined {
  if (!ref) return undefined;
  const hit = entry(entry(SERVER_START_FUNCTIONS, ref.module), ref.path.join('.'));
  return hit ? { framework: hit[0], optionsArgument: hit[1] } : undefined;
}

/** Does calling `method` on an object of `framework` start it? */
export function isStartMethod(framework: ServerFramework, method: string): boolean {
  return (START_METHODS[framework] ?? ['listen']).includes(method);
}

/** The framework a file most likely serves with, from the modules it loads. */
export function guessFramework(uses: (module: string) => boolean): ServerFramework {
  for (const [module, framework] of FRAMEWORK_MODULES) if (uses(module)) return framework;
  return 'unknown';
}
