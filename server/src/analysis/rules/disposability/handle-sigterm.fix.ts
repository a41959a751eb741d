/**
 * disposability/handle-sigterm's quick fix: a SIGTERM handler right after the statement that starts
 * the server, in the framework's own way (Nest's shutdown hooks, Fastify's close(), http.Server's
 * close()). Built from the server's site in the facts (facts/types.ts ServerSite), so no syntax tree is
 * needed when the program is judged. A suggestion: it adds behaviour (a handler that exits).
 */
import type { Change, Fix, Position } from '../../finding';
import type { ServerFact } from '../../facts/types';

const HARD_TIMEOUT = 'setTimeout(() => process.exit(1), 10_000).unref();';
const COMMENT = '// Stop accepting connections, let in-flight requests finish, then exit; force it after 10 s.';

export function shutdownFix(file: string, server: ServerFact): Fix | undefined {
  const site = server.site;
  if (!site || server.framework === 'apollo' || server.framework === 'hapi') return undefined;
  const { indent, unit, receiver } = site;
  const insert = (at: Position, newText: string): Change => ({ kind: 'replace', file, range: { start: at, end: at }, newText });
  const block = (lines: string[]) => `\n\n${lines.map((l) => indent + l).join('\n')}`;

  if (server.framework === 'nest') {
    if (!receiver) return undefined;
    return {
      kind: 'suggestion',
      title: `Enable Nest shutdown hooks (${receiver}.enableShutdownHooks())`,
      changes: [insert(site.statementStart, `${receiver}.enableShutdownHooks();\n${indent}`)],
    };
  }
  if (server.framework === 'fastify') {
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
  // http.Server-like: listen() returns the server; keep it when the statement drops it.
  const changes: Change[] = [];
  let name: string;
  if (site.handle.kind === 'bound') name = site.handle.name;
  else {
    if (!site.handle.freeName) return undefined;
    name = site.handle.freeName;
    changes.push(insert(site.statementStart, `const ${name} = `));
  }
  const body = [
    `process.on('SIGTERM', () => {`,
    `${unit}${COMMENT}`,
    `${unit}${HARD_TIMEOUT}`,
    `${unit}${name}.close(() => process.exit(0));`,
    `});`,
  ];
  changes.push(insert(site.after, block(body)));
  return { kind: 'suggestion', title: 'Close the server gracefully on SIGTERM', changes };
}
