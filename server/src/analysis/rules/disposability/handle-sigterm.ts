/**
 * disposability/handle-sigterm (factor IX): a program that starts a server must handle SIGTERM
 * somewhere among the files reachable from its entry point, or a deploy cuts in-flight requests.
 * Judged across files (docs/DESIGN.md §4) from the facts of facts/fileFacts.ts by facts/program.ts.
 */
import * as path from 'node:path';
import type { Fix, Range, RelatedLocation } from '../../finding';
import type { ProgramView, ServerFact } from '../../facts/types';
import { scriptFlavour } from '../../languages/detect';
import { defineRule, type ProgramContext } from '../../rule';
import { shutdownFix } from './handle-sigterm.fix';
import { relativePath } from '../../paths';
import { MAIN_ENTRY_SOURCE } from '../../facts/entryPoints';
import { DEMONSTRATION_PATH, hasDeployFile } from '../../knowledge/starts';

interface Verdict {
  file: string;
  range: Range;
  /** The start the fix extends, when the finding sits on it. */
  server?: ServerFact;
  messageId: 'missingHandler' | 'missingHandlerStartedElsewhere' | 'sigintOnly';
  data: Record<string, string>;
  signals: string[];
  related: RelatedLocation[];
}

/** The server a program is judged by: its first start that runs (in program order), preferring one not under a condition. */
function mainServer(program: ProgramView): { file: string; server: ServerFact } | undefined {
  let first: { file: string; server: ServerFact } | undefined;
  for (const file of program.files) {
    if (program.isTestFile(file)) continue;
    for (const server of program.facts(file).servers) {
      if (server.container && !program.calls.has(server.container)) continue;
      // A local development server beside a serverless handler: production never starts it (as port-from-environment).
      if (server.devOnly) continue;
      if (!server.conditional) return { file, server };
      first ??= { file, server };
    }
  }
  return first;
}

/**
 * Where the finding goes: the server start, unless its file is one the workspace does not list (an
 * extension-less `bin/www`): then the app that file starts, created in a source file of the program.
 */
function anchorOf(program: ProgramView, main: { file: string; server: ServerFact }): { file: string; range: Range; server?: ServerFact } {
  if (scriptFlavour(main.file)) return { file: main.file, range: main.server.range, server: main.server };
  for (const file of program.files) {
    if (!scriptFlavour(file) || program.isTestFile(file)) continue;
    const app = program.facts(file).apps?.[0];
    if (app) return { file, range: app.range };
  }
  return { file: main.file, range: main.server.range, server: main.server };
}

function isDemonstration(context: ProgramContext, program: ProgramView): boolean {
  const { declaredIn } = program.entry;
  if (path.basename(declaredIn) !== 'package.json' || !DEMONSTRATION_PATH.test(relativePath(context.root, program.entry.file)))
    return false;
  const dir = path.dirname(declaredIn);
  return !hasDeployFile(dir, (f) => context.readFile(f));
}

function check(context: ProgramContext): void {
  const verdicts = new Map<string, Verdict>();
  // Server starts that a program handles SIGTERM around: the same start reached from a package's `main` (a library's
  // barrel that exports the app) runs in that program, not in one of its own.
  const handledStarts = new Set<string>();
  const judged: {
    program: ProgramView;
    main: { file: string; server: ServerFact };
    first: ReturnType<typeof anchorOf>;
    key: string;
    handled: Set<string>;
  }[] = [];
  for (const program of context.programs) {
    // A test that imports the app and starts it is not the program: the app's own start is judged where it is.
    if (program.isTestFile(program.entry.file)) continue;
    // An example or a playground its package's scripts start, and that no deploy file in its package deploys: it shows
    // the product, it is not released.
    if (isDemonstration(context, program)) continue;
    const main = mainServer(program);
    if (!main) continue;
    const first = anchorOf(program, main);
    const handled = new Set<string>();
    for (const file of program.files) for (const s of program.facts(file).signals) s.signals.forEach((x) => handled.add(x));
    const key = `${first.file}\u0000${first.range.start.line}:${first.range.start.column}`;
    // pm2 stops its apps with SIGINT (an ecosystem file's `kill_signal` may say otherwise): handling the signals all its
    // starts send is a graceful shutdown too.
    const stops = program.entry.stopSignals;
    if (handled.has('SIGTERM') || handled.has('*') || stops?.every((signal) => handled.has(signal))) {
      handledStarts.add(key);
      continue;
    }
    judged.push({ program, main, first, key, handled });
  }
  for (const { program, main, first, key, handled } of judged) {
    // Only a `main` nothing else starts: `"main": "src/server.js"` that the start script also runs is where it runs.
    if (program.entry.source === MAIN_ENTRY_SOURCE && !program.entry.alsoFrom?.length && handledStarts.has(key)) continue;
    const entryName = relativePath(context.root, program.entry.file);
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
    const startedAt: RelatedLocation[] =
      first.server === undefined
        ? [
            {
              file: main.file,
              range: main.server.range,
              message: `The server is started here (${relativePath(context.root, main.file)}), with this app.`,
            },
          ]
        : [];
    const existing = verdicts.get(key);
    if (existing) {
      if (!existing.related.some((r) => r.file === related.file)) existing.related.push(related, ...(declared ? [declared] : []));
      continue;
    }
    verdicts.set(key, {
      file: first.file,
      range: first.range,
      server: first.server,
      messageId: signals.length > 0 ? 'sigintOnly' : first.server ? 'missingHandler' : 'missingHandlerStartedElsewhere',
      data: {
        signals: signals.join(', '),
        file: relativePath(context.root, main.file),
        line: String(main.server.range.start.line + 1),
      },
      signals,
      related: [...startedAt, related, ...(declared ? [declared] : [])],
    });
  }
  for (const v of verdicts.values()) {
    const fix = v.server && shutdownFix(v.file, v.server);
    const fixes: Fix[] = fix ? [fix] : [];
    context.report({
      file: v.file,
      messageId: v.messageId,
      data: v.data,
      range: v.range,
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
      missingHandlerStartedElsewhere:
        'This app is served by {{file}} (line {{line}}), but no file of its program handles SIGTERM: on every deploy or scale-down the platform sends SIGTERM and the process dies with requests in flight. Close the server on SIGTERM, then exit.',
      sigintOnly:
        'This program handles {{signals}} but not SIGTERM, which is what orchestrators (Kubernetes, Docker, Heroku, systemd) send before they kill it: in-flight requests are cut. Handle SIGTERM as well.',
    },
  },
  // Judged across files from per-file facts (see `program`): nothing to do in a single file's walk.
  typescript: { prefilter: () => false, create: () => ({}) },
  program: { check },
});
