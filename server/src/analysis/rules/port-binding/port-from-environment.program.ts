/**
 * port-binding/port-from-environment, judged across files: each server the program starts (the facts'
 * servers, facts/fileFacts.ts, matched by position to this rule's own record of the start call; hapi and
 * Bun servers from their factory options) and where its port comes from — through constants, config
 * objects and other modules (`app.listen(config.port)` with `port: 3000` in config.js). A port that is a
 * literal on the paths production runs, with no environment lookup on the way, is a finding on the literal.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Fix, Range } from '../../finding';
import type { CollectContext, FactsCollector, ProgramContext } from '../../rule';
import type { ProgramView, ServerFact } from '../../facts/types';
import type { Steps } from '../../steps';
import { moduleBindings } from '../../languages/typescript/imports';
import { envExampleChange, envVarName } from '../../fixes/envVar';
import { branchEnvironment } from '../../facts/clients';
import { portCall, portOfArgument } from '../../facts/port';
import { environmentOfFile, isToolingPath } from '../../knowledge/backingServices';
import {
  member,
  moduleValue,
  prune,
  mayReExport,
  resolveRelative,
  variants,
  variantText,
  type Resolver,
  type Site,
  type Source,
} from '../../facts/valueSource';
import { alternatives } from '../backing-services/no-hardcoded-locator.judge';
import { withNodeConfig } from '../../facts/nodeConfig';
import { relativePath, toPosix } from '../../paths';

export const RULE_ID = 'port-binding/port-from-environment';

export interface StartRecord {
  /** 0-based `line:column` of the call's start and of its callee name (a server fact's range starts at one of them). */
  at: string[];
  how: 'listen' | 'serve' | 'factory' | 'bind';
  framework?: 'hapi' | 'bun';
  /** The call, for related locations. */
  range: Range;
  /** The argument holding the port, and the member path to it. */
  source: Source;
  path: string[];
}

export interface PortFacts {
  starts?: StartRecord[];
  /** The module's exported value, pruned to numbers (ports) and the structure above them. */
  exports?: Source;
}

const keepPort = (s: Source) => (s.k === 'num' ? Number.isInteger(s.v) && s.v > 0 && s.v < 65536 : s.k === 'str' && /^\d{1,5}$/.test(s.v));

export const collect = {
  // Starts (listen, serve; a hapi server names its port), or a port another module may import (`port: 3000`,
  // `HTTP_PORT`, `apiPort`; not `import`/`export`): other files keep the engine's scan without a parse. A ws or
  // socket.io server given its port (`new Server(3001)`) is made by a name the file imports from 'ws' or 'socket.io';
  // a hapi server given its options from elsewhere (`Hapi.server(options.server)`, `Glue.compose(manifest)`) by hapi or Glue.
  prefilter: (text: string) =>
    /\b(?:listen|serve|bindAsync)\b|(?<![A-Za-z])(?:[pP]ort|PORT)(?![a-z])|[a-z0-9_](?:Port|PORT)(?![a-z])|socket\.io|['"`](?:ws|@hapi\/hapi|hapi|@hapi\/glue|glue)['"`]/.test(
      text,
    ) || mayReExport(text),
  create(context: CollectContext): FactsCollector {
    const { sourceFile } = context;
    const bindings = moduleBindings(sourceFile);
    const describeContext = { sourceFile, bindings, rangeOfOffsets: (start: number, end: number) => context.rangeOfOffsets(start, end) };
    const starts: StartRecord[] = [];
    const onCall = (node: ts.CallExpression | ts.NewExpression) => {
      if (starts.length >= 50) return;
      const found = portCall(node, bindings);
      if (!found || branchEnvironment(context.ancestors(), node, bindings) === 'dev') return;
      const callee = node.expression;
      const positions = [node.getStart(sourceFile)];
      if (ts.isPropertyAccessExpression(callee)) positions.push(callee.name.getStart(sourceFile));
      const at = positions.map((offset) => {
        const p = context.rangeOfOffsets(offset, offset).start;
        return `${p.line}:${p.column}`;
      });
      starts.push({
        at,
        how: found.start.how,
        ...(found.start.how === 'factory' ? { framework: found.start.framework } : {}),
        range: context.rangeOf(node),
        source: prune(portOfArgument(describeContext, found.argument), (s) => keepPort(s) || s.k === 'str'),
        path: found.path,
      });
    };
    return {
      visitors: { [ts.SyntaxKind.CallExpression]: onCall, [ts.SyntaxKind.NewExpression]: onCall },
      finish() {
        const facts: PortFacts = {};
        if (starts.length) facts.starts = starts;
        const exported = moduleValue(describeContext, keepPort);
        if (exported) facts.exports = exported;
        // Plain JSON (facts are cached and may cross threads): no prototype, no shared references.
        return Object.keys(facts).length ? (JSON.parse(JSON.stringify(facts)) as unknown) : undefined;
      },
    };
  },
};

interface PortJudgement {
  /** Literal ports on the paths production runs. */
  literals: { port: number; site: Site & { file: string }; whole: boolean; text: string; numeric: boolean }[];
  /** Environment variables the port is read from. */
  env: string[];
  /** The literal default of an environment lookup (`process.env.PORT ?? 3000`). */
  fallback?: number;
  /** Set some other way (a config service, a parameter). */
  configured: boolean;
}

/** Where a start's port comes from, across files. */
export function judgePort(
  record: Pick<StartRecord, 'source' | 'path' | 'how'>,
  file: string,
  resolve: Resolver | undefined,
): PortJudgement {
  const judgement: PortJudgement = { literals: [], env: [], configured: false };
  const values: { value: Source; file: string }[] = [];
  const follow = (value: Source, from: string, rest: string[], depth: number) => {
    for (const alt of alternatives(value, from, false, resolve)) {
      if (depth > 6) continue;
      if (rest.length) {
        if (alt.value.k === 'obj') follow(member(alt.value, rest[0]), alt.file, rest.slice(1), depth + 1);
        else if (alt.value.k !== 'none') judgement.configured = true;
      } else if (alt.value.k === 'obj' && record.how === 'listen') follow(member(alt.value, 'port'), alt.file, [], depth + 1);
      else values.push({ value: alt.value, file: alt.file });
    }
  };
  follow(record.source, file, record.path, 0);
  for (const { value, file: from } of values) {
    if (value.k === 'or') {
      const fallback = literalFallback(value);
      if (fallback !== undefined) judgement.fallback ??= fallback;
    }
    for (const v of variants(value, { file: from, resolve })) {
      const { text, holes } = variantText(v);
      for (const s of v.segments) if ('hole' in s && s.hole === 'cfg' && s.env && !judgement.env.includes(s.env)) judgement.env.push(s.env);
      if (holes.has('cfg')) {
        judgement.configured = true;
        continue;
      }
      // An address (`0.0.0.0:50051`, `[::]:50051`): the port after its last colon.
      const bound = record.how === 'bind' ? /^(?:\[[0-9a-f:.]*\]|[\w.-]*):(\d{1,5})$/i.exec(text) : null;
      if (holes.size || (!bound && !/^\d{1,5}$/.test(text))) continue;
      const port = Number(bound ? bound[1] : text);
      const segment = v.segments.find((s) => !('hole' in s));
      if (!port || !segment || 'hole' in segment || !segment.site) continue;
      const site = { ...segment.site, file: segment.site.file ?? from };
      if (judgement.literals.some((l) => l.site.file === site.file && l.site.start === site.start)) continue;
      judgement.literals.push({ port, site, whole: !bound && v.segments.length === 1 && site.whole, text, numeric: !!segment.number });
    }
  }
  return judgement;
}

function literalFallback(value: Source & { k: 'or' }): number | undefined {
  const b = value.b;
  if (b.k === 'num') return b.v;
  if (b.k === 'str' && /^\d{1,5}$/.test(b.v)) return Number(b.v);
  return undefined;
}

/** The module resolver over a set of files, reading this rule's exported values. */
export function portResolver(files: readonly string[], factsOf: (file: string) => PortFacts | undefined): Resolver {
  const set = new Set(files);
  return (spec, from) => {
    const file = resolveRelative(from, spec, (f) => set.has(f) || factsOf(f)?.exports !== undefined);
    return file ? { file, value: factsOf(file)?.exports ?? { k: 'unk' } } : undefined;
  };
}

/** The start records of a file that are servers: `listen` calls the facts call servers, and self-contained starts. */
export function serverStarts(
  servers: readonly ServerFact[],
  records: readonly StartRecord[],
  started: (s: ServerFact) => boolean,
): StartRecord[] {
  const out: StartRecord[] = [];
  for (const record of records) {
    if (record.how === 'factory' || record.how === 'bind') out.push(record);
    else if (servers.some((s) => started(s) && record.at.includes(`${s.range.start.line}:${s.range.start.column}`))) out.push(record);
  }
  return out;
}

const GENERIC_PORT_NAMES = /^(?:port|appport|serverport|httpport|listenport|webport|apiport|defaultport|value)$/;

/** The variable the fix reads: PORT, or the literal's own name when it names another port (`METRICS_PORT`). */
function portEnvName(name: string | undefined): string {
  if (!name) return 'PORT';
  const flat = name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  if (GENERIC_PORT_NAMES.test(flat) || !flat.endsWith('port')) return 'PORT';
  return envVarName(name);
}

function portFix(root: string, site: Site & { file: string }, text: string, numeric: boolean): Fix {
  const envName = portEnvName(site.name);
  const newText = numeric ? `Number(process.env.${envName} ?? ${text})` : `process.env.${envName} ?? '${text}'`;
  const title = `Read the port from process.env.${envName}, ${text} by default`;
  return {
    title: `${title}, and add it to .env.example`,
    titleWithoutOptional: title,
    kind: 'suggestion',
    isPreferred: true,
    changes: [
      { kind: 'replace', file: site.file, range: site.range, newText },
      { ...envExampleChange(root, envName), optional: true },
    ],
  };
}

function skipFile(root: string, program: ProgramView, file: string): boolean {
  const relative = relativePath(root, file);
  // A development server (`dev-server.js`, `server.dev.ts`) is not what the platform runs.
  return program.isTestFile(file) || isToolingPath(relative) || environmentOfFile(relative) === 'dev';
}

/** In steps: a pause after each program. */
export function* check(context: ProgramContext): Steps<void> {
  const done = new Set<string>();
  for (const program of context.programs) {
    const factsOf = (file: string) => program.ruleFacts<PortFacts>(file, RULE_ID);
    const resolve = withNodeConfig(portResolver(program.files, factsOf), context);
    const started = (s: ServerFact) => !s.container || program.calls.has(s.container);
    for (const file of program.files) {
      if (skipFile(context.root, program, file)) continue;
      const records = factsOf(file)?.starts;
      if (!records) continue;
      for (const record of serverStarts(program.facts(file).servers, records, started)) {
        const judgement = judgePort(record, file, resolve);
        for (const literal of judgement.literals) {
          const key = `${literal.site.file}\u0000${literal.site.start}`;
          if (done.has(key)) continue;
          done.add(key);
          const envName = portEnvName(literal.site.name);
          const elsewhere = literal.site.file !== file || literal.site.range.start.line !== record.range.start.line;
          const where = toPosix(path.relative(path.dirname(literal.site.file), file)) || path.basename(file);
          const { configKey } = literal.site;
          context.report({
            file: literal.site.file,
            ...(configKey
              ? {
                  messageId: 'configPort',
                  data: { port: literal.port, envName, key: configKey, file: relativePath(context.root, literal.site.file) },
                }
              : { messageId: 'literalPort', data: { port: literal.port, envName } }),
            range: literal.site.range,
            fixes: literal.whole ? [portFix(context.root, literal.site, literal.text, literal.numeric)] : [],
            ...(elsewhere
              ? { related: [{ file, range: record.range, message: `The server listens with this port here (${where}).` }] }
              : {}),
          });
        }
      }
    }
    yield;
  }
}
