/**
 * Where a server's port comes from (factor VII), as a description (facts/valueSource.ts) of the start
 * call's argument: `listen(3000)`, `listen(PORT)`, `listen({ port })`, `serve({ fetch, port })`,
 * `startStandaloneServer(server, { listen: { port } })`, and the options of servers configured by their
 * factory (`Hapi.server({ port })`, Glue's `compose({ server: { port } })`, `Bun.serve({ port })`), and gRPC's `bindAsync('host:port')`.
 * Followed to a literal, an environment
 * variable or another module by the port rule (port-binding/port-from-environment) and the report.
 */
import * as ts from 'typescript';
import type { ModuleBindings } from '../languages/typescript/imports';
import { unwrapExpression } from '../languages/typescript/imports';
import { describe, type DescribeContext, type Source } from './valueSource';
import { factoryFramework } from '../framework/servers';

/** What a start call's argument says about the port: the value itself, or the `port` of an options object. */
export function portOfArgument(context: DescribeContext, argument: ts.Expression | undefined): Source {
  if (!argument) return { k: 'none' };
  return describe(context, argument);
}

type PortStart =
  /** `x.listen(…)`: a server when the facts say so (facts/fileFacts.ts decides what a server is). */
  | { how: 'listen' }
  /** A start the facts may not know: `serve()` of @hono/node-server, Apollo's standalone server. */
  | { how: 'serve' }
  /** A server configured by its factory and started elsewhere (hapi, Bun). */
  | { how: 'factory'; framework: 'hapi' | 'bun' }
  /** A server bound to an address `host:port` (gRPC's `server.bindAsync('0.0.0.0:50051', credentials, cb)`). */
  | { how: 'bind' };

/** The start (or factory) a call is, and the expression holding its port, or undefined. */
export function portCall(
  call: ts.CallExpression | ts.NewExpression,
  bindings: ModuleBindings,
): { start: PortStart; argument?: ts.Expression; path: string[] } | undefined {
  const callee = unwrapExpression(call.expression);
  const args = call.arguments ?? [];
  if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(callee) && callee.name.text === 'listen') {
    const first = args[0] && unwrapExpression(args[0]);
    // `bus.listen('event', …)`: not a port.
    if (first && ts.isStringLiteralLike(first) && !/^\d+$/.test(first.text)) return undefined;
    return { start: { how: 'listen' }, argument: args[0], path: [] };
  }
  if (
    ts.isCallExpression(call) &&
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'bindAsync' &&
    args.length >= 2 &&
    (bindings.uses('@grpc/grpc-js') || bindings.uses('grpc'))
  )
    return { start: { how: 'bind' }, argument: args[0], path: [] };
  const ref = bindings.resolve(call.expression);
  if (!ref) {
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'Bun' &&
      callee.name.text === 'serve'
    )
      return { start: { how: 'factory', framework: 'bun' }, argument: args[0], path: ['port'] };
    return undefined;
  }
  // `new WebSocketServer({ port })`, `new Server(3001)` (socket.io): a server of its own, when the facts say so
  // (one given an HTTP server is attached to it and has no port).
  const own = factoryFramework(ref);
  if (own === 'ws' || own === 'socket.io') return { start: { how: 'listen' }, argument: args[0], path: [] };
  const p = ref.path.join('.');
  if (ref.module === '@hono/node-server' && p === 'serve') return { start: { how: 'serve' }, argument: args[0], path: ['port'] };
  if (ref.module === '@apollo/server/standalone' && p === 'startStandaloneServer')
    return { start: { how: 'serve' }, argument: args[1], path: ['listen', 'port'] };
  if ((ref.module === '@hapi/hapi' || ref.module === 'hapi') && (p === 'server' || p === 'Server'))
    return { start: { how: 'factory', framework: 'hapi' }, argument: args[0], path: ['port'] };
  // `Glue.compose(manifest)`: the manifest's `server` holds hapi's options (`{ server: { port }, register }`).
  if ((ref.module === '@hapi/glue' || ref.module === 'glue') && p === 'compose')
    return { start: { how: 'factory', framework: 'hapi' }, argument: args[0], path: ['server', 'port'] };
  return undefined;
}
