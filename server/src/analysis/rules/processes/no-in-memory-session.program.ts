/**
 * processes/no-in-memory-session across files: per-user state kept in a helper module (an OTP store,
 * a token list, carts) and changed through exported functions that request handlers of other files
 * call. Each file's facts (collected in the engine's one walk, state.ts) say which exported functions
 * change which module-level state, keyed by which parameter, and which imported functions its handlers
 * call with what; the check joins them over each program's files. Calls at startup (seeding, warm-up)
 * and caches keyed by anything but a user, a session or a request's subject stay clean.
 */
import * as path from 'node:path';
import type { Range } from '../../finding';
import type { CollectContext, FactsCollector, ProgramCheck, ProgramContext } from '../../rule';
import type { ProgramView } from '../../facts/types';
import { moduleBindings } from '../../languages/typescript/imports';
import { STATE_KINDS, STATE_PREFILTER, stateCollector } from './no-in-memory-session.state';
import { relativePath } from '../../paths';

const RULE_ID = 'processes/no-in-memory-session';

/** What one file says about state changed across files (plain data). */
interface SessionStateFacts {
  mutators?: { name: string; state: string; range: Range; mutation: Range; keyParam?: number; valueParam?: boolean; says: boolean }[];
  /** identityArgs per argument: 2 names an identity, 1 mentions one, 0 neither. */
  calls?: { module: string; name: string; identityArgs: (0 | 1 | 2)[]; range: Range }[];
}

const MAX_ENTRIES = 100;

/**
 * An exported helper can only change module state by a write: a collection method, an indexed
 * assignment or Object.assign. A module that exports and writes nothing of the kind has no mutators.
 */
const MUTATION = /\.(?:set|push|add|unshift|splice|assign)\s*\(|\]\s*(?:[-+*/|&?]{0,2})=(?!=)/;

function collect(ctx: CollectContext): FactsCollector {
  const state = stateCollector(ctx.sourceFile, moduleBindings(ctx.sourceFile));
  const feed = (node: never) => state.enter(node, ctx.ancestors());
  const visitors: FactsCollector['visitors'] = {};
  for (const kind of STATE_KINDS) visitors[kind] = feed;
  return {
    visitors,
    finish(): SessionStateFacts | undefined {
      const { mutators, handlerCalls } = state.result();
      const out: SessionStateFacts = {};
      if (mutators.length)
        out.mutators = mutators.slice(0, MAX_ENTRIES).map((m) => ({
          name: m.name,
          state: m.state,
          range: ctx.rangeOf(m.node),
          mutation: ctx.rangeOf(m.mutation),
          ...(m.keyParam !== undefined ? { keyParam: m.keyParam } : {}),
          ...(m.valueParam ? { valueParam: true } : {}),
          says: m.says,
        }));
      if (handlerCalls.length)
        out.calls = handlerCalls
          .slice(0, MAX_ENTRIES)
          .map((c) => ({ module: c.module, name: c.name, identityArgs: c.identityArgs, range: ctx.rangeOf(c.node) }));
      return out.mutators || out.calls ? out : undefined;
    },
  };
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The program file a relative specifier names (`./otp`, `../store.js`, `./lib` → lib/index.ts). */
function resolveIn(files: ReadonlySet<string>, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  for (const candidate of [base, stem]) {
    for (const ext of EXTENSIONS) if (files.has(candidate + ext)) return candidate + ext;
    for (const ext of EXTENSIONS.slice(1)) if (files.has(path.join(candidate, `index${ext}`))) return path.join(candidate, `index${ext}`);
  }
  return undefined;
}

function check(context: ProgramContext): void {
  const reported = new Set<string>();
  for (const program of context.programs) judge(context, program, reported);
}

function judge(context: ProgramContext, program: ProgramView, reported: Set<string>): void {
  const files = new Set(program.files);
  const facts = new Map<string, SessionStateFacts>();
  for (const file of program.files) {
    const f = program.ruleFacts<SessionStateFacts>(file, RULE_ID);
    if (f) facts.set(file, f);
  }
  /** Exported mutators by function name, for aliases the relative resolution cannot follow (`@/lib/otp`). */
  const byName = new Map<string, string[]>();
  for (const [file, f] of facts) for (const m of f.mutators ?? []) byName.set(m.name, [...(byName.get(m.name) ?? []), file]);
  if (byName.size === 0) return;
  for (const [file, f] of facts) {
    if (program.isTestFile(file)) continue;
    for (const call of f.calls ?? []) {
      let target = resolveIn(files, file, call.module);
      if (!target) {
        const candidates = [...new Set(byName.get(call.name) ?? [])];
        if (call.module.startsWith('.') || candidates.length !== 1) continue;
        target = candidates[0];
      }
      if (target === file || program.isTestFile(target)) continue;
      for (const m of facts.get(target)?.mutators ?? []) {
        if (m.name !== call.name) continue;
        // A key argument may merely mention the identity (`\`user:\${id}\``); a value added must be one (`token`, not a log line about a user).
        const arg = m.keyParam !== undefined ? (call.identityArgs[m.keyParam] ?? 0) : 0;
        const identity = m.says || (m.valueParam ? arg === 2 : arg >= 1);
        if (!identity) continue;
        const key = `${target}\u0000${m.state}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const caller = relativePath(path.dirname(target), file);
        context.report({
          file: target,
          messageId: 'moduleStateViaExport',
          // The caller's line is in its related location only: an edit above the call moves it (the verdict is shifted, not judged again), and a message cannot be.
          data: { name: m.state, fn: m.name, line: m.mutation.start.line + 1, caller },
          range: m.range,
          related: [
            { file: target, range: m.mutation, message: `"${m.state}" is changed here, by ${m.name}().` },
            { file, range: call.range, message: `A request handler calls ${m.name}() here.` },
          ],
        });
      }
    }
  }
}

export const programCheck: ProgramCheck = {
  // Any module may export a function that changes its state, whatever its words: only files that export nothing and say nothing of users are skipped.
  collect: { prefilter: (text) => (/\bexports?\b/.test(text) && MUTATION.test(text)) || STATE_PREFILTER.test(text), create: collect },
  check,
};
