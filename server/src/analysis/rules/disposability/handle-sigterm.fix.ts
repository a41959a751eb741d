/**
 * disposability/handle-sigterm's quick fix: a SIGTERM handler right after the statement that starts
 * the server, in the framework's own way (Nest's shutdown hooks, Fastify's close(), hapi's stop(),
 * http.Server's close()). Built from the server's site in the facts (facts/types.ts ServerSite), so no
 * syntax tree is needed when the program is judged. A suggestion: it adds behaviour (a handler that exits).
 * Frameworks whose start does not return something closable in a way we can be sure of (Apollo,
 * feathers 5's promise, Bun) get no fix.
 */
import type { Change, Fix, Position } from '../../finding';
import type { ServerFact, ServerFramework } from '../../facts/types';

const HARD_TIMEOUT = 'setTimeout(() => process.exit(1), 10_000).unref();';
const COMMENT = '// Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.';

/** How each framework is closed once started. `http`: the start returns a node server (or something with its close(cb)). */
const SHUTDOWN_STYLE: Partial<Record<ServerFramework, 'nest' | 'awaitClose' | 'hapi' | 'http' | 'polka'>> = {
  nest: 'nest',
  fastify: 'awaitClose',
  hapi: 'hapi',
  http: 'http',
  express: 'http',
  koa: 'http',
  restify: 'http',
  hono: 'http',
  micro: 'http',
  next: 'http',
  'socket.io': 'http',
  ws: 'http',
  unknown: 'http',
  polka: 'polka',
};

export function shutdownFix(file: string, server: ServerFact): Fix | undefined {
  const site = server.site;
  const style = SHUTDOWN_STYLE[server.framework];
  if (!site || !style) return undefined;
  const { indent, unit, receiver } = site;
  const insert = (at: Position, newText: string): Change => ({ kind: 'replace', file, range: { start: at, end: at }, newText });
  const block = (lines: string[]) => `\n\n${lines.map((l) => indent + l).join('\n')}`;

  if (style === 'nest') {
    if (!receiver) return undefined;
    return {
      kind: 'suggestion',
      title: `Enable Nest shutdown hooks (${receiver}.enableShutdownHooks())`,
      changes: [insert(site.statementStart, `${receiver}.enableShutdownHooks();\n${indent}`)],
    };
  }
  if (style === 'awaitClose') {
    if (!receiver) return undefined;
    const body = [
      `process.on('SIGTERM', async () => {`,
      `${unit}${COMMENT}`,
      `${unit}${HARD_TIMEOUT}`,
      `${unit}await ${receiver}.close();`,
      `${unit}process.exit(0);`,
      `});`,
    ];
    return { kind: 'suggestion', title: `Close ${receiver} gracefully on SIGTERM`, changes: [insert(site.after, block(body))] };
  }
  if (style === 'hapi') {
    // hapi's stop() stops accepting connections and waits up to `timeout` for in-flight requests.
    if (!receiver || site.handle.kind !== 'discarded') return undefined;
    const body = [
      `process.on('SIGTERM', async () => {`,
      `${unit}// Stop accepting connections, let in-flight requests finish (up to 10 s), then exit.`,
      `${unit}await ${receiver}.stop({ timeout: 10_000 });`,
      `${unit}process.exit(0);`,
      `});`,
    ];
    return {
      kind: 'suggestion',
      title: `Stop ${receiver} gracefully on SIGTERM (hapi server.stop())`,
      changes: [insert(site.after, block(body))],
    };
  }
  // http.Server-like: the start returns the server; keep it when the statement drops it.
  const changes: Change[] = [];
  let name: string;
  if (site.handle.kind === 'bound') name = site.handle.name;
  else {
    if (!site.handle.freeName) return undefined;
    name = site.handle.freeName;
    changes.push(insert(site.statementStart, `const ${name} = `));
  }
  // polka's listen() returns the app; its node server is `.server`.
  const closable = style === 'polka' ? `${name}.server` : name;
  const body = [
    `process.on('SIGTERM', () => {`,
    `${unit}${COMMENT}`,
    `${unit}${HARD_TIMEOUT}`,
    `${unit}${closable}.close(() => process.exit(0));`,
    `});`,
  ];
  changes.push(insert(site.after, block(body)));
  return { kind: 'suggestion', title: 'Close the server gracefully on SIGTERM', changes };
}
