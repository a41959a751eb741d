/**
 * disposability/handle-sigterm (factor IX): a program that starts a server must handle SIGTERM
 * somewhere among the files reachable from its entry point, or a deploy cuts in-flight requests.
 * Judged across files (docs/DESIGN.md §4) from the facts of facts/fileFacts.ts by facts/program.ts.
 */
import * as path from 'node:path';
import type { Fix, RelatedLocation } from '../../finding';
import type { ServerFact } from '../../facts/types';
import { defineRule, type ProgramContext } from '../../rule';
import { shutdownFix } from './handle-sigterm.fix';

interface Verdict {
  file: string;
  server: ServerFact;
  messageId: 'missingHandler' | 'sigintOnly';
  signals: string[];
  related: RelatedLocation[];
}

function check(context: ProgramContext): void {
  const verdicts = new Map<string, Verdict>();
  for (const program of context.programs) {
    // The first server the program starts (in non-test files, and only if its wrapper function is called).
    let first: { file: string; server: ServerFact } | undefined;
    for (const file of program.files) {
      if (program.isTestFile(file)) continue;
      const server = program.facts(file).servers.find((s) => !s.container || program.calls.has(s.container));
      if (server) {
        first = { file, server };
        break;
      }
    }
    if (!first) continue;
    const handled = new Set<string>();
    for (const file of program.files) for (const s of program.facts(file).signals) s.signals.forEach((x) => handled.add(x));
    if (handled.has('SIGTERM') || handled.has('*')) continue;
    const key = `${first.file}\u0000${first.server.range.start.line}:${first.server.range.start.column}`;
    const entryName = path.relative(context.root, program.entry.file).split(path.sep).join('/');
    const related: RelatedLocation = {
      file: program.entry.file,
      range:
        program.entry.file === program.entry.declaredIn
          ? program.entry.range
          : { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
      message: program.inferred
        ? `The program starts here (no entry point declared; found by imports): no file it reaches handles SIGTERM.`
        : `Entry point ${entryName} (${program.entry.source}): no file reachable from it handles SIGTERM.`,
    };
    const declared: RelatedLocation | undefined =
      program.entry.declaredIn !== program.entry.file
        ? {
            file: program.entry.declaredIn,
            range: program.entry.range,
            message: `${entryName} is declared as an entry point here (${program.entry.source}).`,
          }
        : undefined;
    const signals = [...handled].filter((s) => s.startsWith('SIG')).sort();
    const existing = verdicts.get(key);
    if (existing) {
      if (!existing.related.some((r) => r.file === related.file)) existing.related.push(related, ...(declared ? [declared] : []));
      continue;
    }
    verdicts.set(key, {
      file: first.file,
      server: first.server,
      messageId: signals.length > 0 ? 'sigintOnly' : 'missingHandler',
      signals,
      related: declared ? [related, declared] : [related],
    });
  }
  for (const v of verdicts.values()) {
    const fix = shutdownFix(v.file, v.server);
    const fixes: Fix[] = fix ? [fix] : [];
    context.report({
      file: v.file,
      messageId: v.messageId,
      data: { signals: v.signals.join(', ') },
      range: v.server.range,
      related: v.related,
      fixes,
    });
  }
}

export default defineRule({
  meta: {
    id: 'disposability/handle-sigterm',
    factor: 9,
    description:
      'A program that starts a server handles SIGTERM (stops accepting connections, finishes in-flight work, exits) somewhere reachable from its entry point.',
    defaultSeverity: 'warning',
    languages: ['typescript'],
    fixable: true,
    messages: {
      missingHandler:
        'This server is started, but no file of its program handles SIGTERM: on every deploy or scale-down the platform sends SIGTERM and the process dies with requests in flight. Close the server on SIGTERM, then exit.',
      sigintOnly:
        'This program handles {{signals}} but not SIGTERM, which is what orchestrators (Kubernetes, Docker, Heroku, systemd) send before they kill it: in-flight requests are cut. Handle SIGTERM as well.',
    },
  },
  // Judged across files from per-file facts (see `program`): nothing to do in a single file's walk.
  typescript: { prefilter: () => false, create: () => ({}) },
  program: { check },
});
