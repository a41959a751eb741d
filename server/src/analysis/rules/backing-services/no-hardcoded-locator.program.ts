/**
 * backing-services/no-hardcoded-locator across files: a client whose locator comes from another module
 * of the program (`mongoose.connect(config.db)` with `db: 'mongodb://127.0.0.1/app'` in config.js) is
 * judged here, from facts collected in the engine's one walk: the clients of each file with their
 * argument descriptions, and each module's exported values (kept only where they may hold a locator).
 * The finding goes on the literal, where the fix goes; the client call is its related location.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Range } from '../../finding';
import type { CollectContext, FactsCollector, ProgramContext } from '../../rule';
import type { ProgramView } from '../../facts/types';
import type { Steps } from '../../steps';
import { moduleBindings } from '../../languages/typescript/imports';
import { CLIENTS, type LocatorArgument, type ServiceKind } from '../../knowledge/backingServices';
import { branchEnvironment, clientCall } from '../../facts/clients';
import { moduleValue, prune, resolveRelative, usesImports, type Resolver, type Source } from '../../facts/valueSource';
import { toPosix } from '../../paths';
import { withNodeConfig, type NodeConfigFiles } from '../../facts/nodeConfig';
import { judgeLocator, type LocatorJudgement } from './no-hardcoded-locator.judge';
import { configLocators } from './no-hardcoded-locator.config';
import { judgeEntry } from './no-hardcoded-locator.json';
import { parseJson, type JsonDocument } from '../../languages/config/json';
import { integrationOf, isOutOfScope, literalReport, mayHoldLocator } from './no-hardcoded-locator.typescript';

export const RULE_ID = 'backing-services/no-hardcoded-locator';

export interface ClientFact {
  /** Index of the client's entry in CLIENTS. */
  spec: number;
  kind: ServiceKind;
  label: string;
  range: Range;
  args: { argument: LocatorArgument; source: Source }[];
  /** What the call sits in (integrationOf), when it may name a mail provider. */
  integration?: string;
}

export interface LocatorFacts {
  clients?: ClientFact[];
  /** The module's exported value, pruned to what may hold a locator. */
  exports?: Source;
  /** Literals of this file's own per-environment configs, reported by the file check (by start offset). */
  selfReported?: number[];
}

/** A string that may be (part of) a locator: a URL, a host name or address, or a word under a host-like name. */
function mayBeLocator(s: Source): boolean {
  if (s.k !== 'str') return false;
  const v = s.v;
  if (v.length === 0 || v.length > 300 || /\s/.test(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^:\/\/|^\/\/|^@/.test(v)) return true;
  if (/^(?:localhost|\[?[0-9a-f:]+\]?|\d{1,3}(?:\.\d{1,3}){3}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:\/.*)?$/i.test(v)) return true;
  const name = s.at.name?.toLowerCase() ?? '';
  return /host|server|url|uri|endpoint|broker|node|address|prefix|scheme|protocol/.test(name);
}

const keepArgument = (s: Source) => (s.k === 'str' ? s.v.length <= 300 : s.k === 'num');

export const collect = {
  // The same files as the file check: `selfReported` says which literals that check reports itself.
  prefilter: mayHoldLocator,
  create(context: CollectContext): FactsCollector {
    const { sourceFile } = context;
    const bindings = moduleBindings(sourceFile);
    const describeContext = { sourceFile, bindings, rangeOfOffsets: (start: number, end: number) => context.rangeOfOffsets(start, end) };
    const clients: ClientFact[] = [];
    const onClient = (node: ts.CallExpression | ts.NewExpression) => {
      if (clients.length >= 50) return;
      const client = clientCall(node, describeContext);
      if (!client || branchEnvironment(context.ancestors(), node, bindings) === 'dev') return;
      const fact: ClientFact = {
        spec: CLIENTS.indexOf(client.spec),
        kind: client.kind,
        label: client.label,
        range: context.rangeOf(node),
        args: client.args.map(({ argument, source }) => ({ argument, source: prune(source, keepArgument) })),
      };
      if (client.kind === 'smtp') fact.integration = integrationOf(node, context.ancestors());
      clients.push(fact);
    };
    return {
      visitors: { [ts.SyntaxKind.CallExpression]: onClient, [ts.SyntaxKind.NewExpression]: onClient },
      finish() {
        const facts: LocatorFacts = {};
        if (clients.length) facts.clients = clients;
        const full = moduleValue(describeContext, () => true);
        const exported = full && prune(full, mayBeLocator);
        if (exported && exported.k !== 'unk') facts.exports = exported;
        const own = configLocators(full, context.file).map((c) => c.literal.site.start);
        if (own.length) facts.selfReported = own;
        // Plain JSON (facts are cached and may cross threads): no prototype, no shared references.
        return Object.keys(facts).length ? (JSON.parse(JSON.stringify(facts)) as unknown) : undefined;
      },
    };
  },
};

/**
 * Resolves workspace modules to their exported values: among `files`, or any file whose facts say it
 * exports something (a config template outside the import graph).
 */
function programResolver(files: readonly string[], factsOf: (file: string) => LocatorFacts | undefined): Resolver {
  const set = new Set(files);
  return (spec, from) => {
    const file = resolveRelative(from, spec, (f) => set.has(f) || factsOf(f)?.exports !== undefined);
    if (!file) return undefined;
    return { file, value: factsOf(file)?.exports ?? { k: 'unk' } };
  };
}

/** Every client of the folder's non-test files, judged across files (for the report). */
export function judgedClients(
  files: readonly string[],
  factsOf: (file: string) => LocatorFacts | undefined,
  skip: (file: string) => boolean,
  workspace?: NodeConfigFiles,
): { file: string; client: ClientFact; judgement: LocatorJudgement }[] {
  const resolve = workspace ? withNodeConfig(programResolver(files, factsOf), workspace) : programResolver(files, factsOf);
  const out: { file: string; client: ClientFact; judgement: LocatorJudgement }[] = [];
  for (const file of files) {
    if (skip(file)) continue;
    for (const client of factsOf(file)?.clients ?? []) {
      const spec = CLIENTS[client.spec];
      if (!spec) continue;
      out.push({
        file,
        client,
        judgement: judgeLocator(spec, client.args, { file, resolve, integration: integrationIn(client, file, workspace?.root) }),
      });
    }
  }
  return out;
}

/** A client's integration words (integrationOf) with its file's path in the workspace, which the collector does not know. */
function integrationIn(client: ClientFact, file: string, root: string | undefined): string | undefined {
  if (client.integration === undefined) return undefined;
  return `${client.integration} ${root ? toPosix(path.relative(root, file)).toLowerCase() : ''}`;
}

/** In steps: a pause after each program. */
export function* check(context: ProgramContext): Steps<void> {
  const done = new Set<string>();
  for (const program of context.programs) {
    const factsOf = (file: string) => program.ruleFacts<LocatorFacts>(file, RULE_ID);
    const resolve = withNodeConfig(programResolver(program.files, factsOf), context);
    for (const file of program.files) {
      if (skipFile(context.root, program, file)) continue;
      for (const client of factsOf(file)?.clients ?? []) {
        const spec = CLIENTS[client.spec];
        if (!spec || !client.args.some((a) => usesImports(a.source))) continue;
        const judgement = judgeLocator(spec, client.args, { file, resolve, integration: integrationIn(client, file, context.root) });
        for (const literal of judgement.literals) {
          if (!literal.via || literal.secret) continue;
          const key = `${literal.site.file}\u0000${literal.site.start}`;
          if (done.has(key) || factsOf(literal.site.file)?.selfReported?.includes(literal.site.start)) continue;
          if (literal.site.configKey && reportedByFileCheck(context, literal.site.file, literal.site.start)) continue;
          done.add(key);
          const report = literalReport(literal, client.kind, `${client.label}(…)`, context.root);
          const where = toPosix(path.relative(path.dirname(literal.site.file), file)) || path.basename(file);
          const { configKey } = literal.site;
          context.report({
            ...report,
            ...(configKey
              ? {
                  messageId: 'configLocator',
                  data: { ...report.data, key: configKey, file: toPosix(path.relative(context.root, literal.site.file)) },
                }
              : {}),
            file: literal.site.file,
            related: [{ file, range: client.range, message: `${client.label} (${where}) attaches its service with this value.` }],
          });
        }
      }
    }
    yield;
  }
}

/** Config files parsed for reportedByFileCheck, once per judgement. */
const parsedConfigs = new WeakMap<ProgramContext, Map<string, JsonDocument | undefined>>();

/** A value of node-config's production file that the JSON file check reports itself (no-hardcoded-locator.json.ts). */
function reportedByFileCheck(context: ProgramContext, file: string, start: number): boolean {
  let parsed = parsedConfigs.get(context);
  if (!parsed) parsedConfigs.set(context, (parsed = new Map<string, JsonDocument | undefined>()));
  if (!parsed.has(file)) {
    const text = context.readFile(file);
    parsed.set(file, text === undefined ? undefined : parseJson(text));
  }
  const document = parsed.get(file);
  if (!document) return false;
  const entry = document.entries.find((e) => e.contentStart === start);
  return !!entry && judgeEntry(toPosix(path.relative(context.root, file)), document, entry) !== undefined;
}

function skipFile(root: string, program: ProgramView, file: string): boolean {
  return program.isTestFile(file) || isOutOfScope(root, file);
}
