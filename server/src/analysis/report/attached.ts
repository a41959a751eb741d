/**
 * Evidence for factors IV (backing services), VII (port binding) and X (dev/prod parity), from the
 * facts the rules collected in the one walk (their ProgramCheck facts), the Dockerfiles' EXPOSE and the
 * compose files: where each client's locator and each server's port come from, and what development
 * and production run. Pure: reads facts and small config files, decides no violation (rules do).
 */
import * as path from 'node:path';
import type { FileFacts } from '../facts/types';
import type { Evidence } from './model';
import type { Source } from '../facts/valueSource';
import { toPosix } from '../paths';
import { isComposeName, listedLanguage } from '../languages/detect';
import { CLIENTS, DRIVERS, SERVICES, isProductionComposeName, isToolingPath, sameEngine } from '../knowledge/backingServices';
import { withNodeConfig } from '../facts/nodeConfig';
import { judgedClients, RULE_ID as LOCATOR_ID, type LocatorFacts } from '../rules/backing-services/no-hardcoded-locator.program';
import {
  judgePort,
  portResolver,
  RULE_ID as PORT_ID,
  serverStarts,
  type PortFacts,
} from '../rules/port-binding/port-from-environment.program';
import { composeServices, ownImageNames, productionNames } from '../rules/dev-prod-parity/same-backing-services.kinds';
import { driverKinds } from '../rules/dev-prod-parity/same-backing-services.config';

interface AttachedInput {
  root: string;
  files: readonly string[];
  factsOf?: (file: string) => FileFacts | undefined;
  readFile?: (file: string) => string | undefined;
  isTestFile?: (file: string) => boolean;
  docker: readonly { file: string; expose: { port: string; line: number }[] }[];
}

interface Assessed {
  evidence: Evidence[];
  sufficient: boolean;
  /** There was something to assess (a client, a server, a compose service…). */
  inputs: boolean;
}

const MAX_LISTED = 4;

function scope(input: AttachedInput) {
  const relative = (file: string) => toPosix(path.relative(input.root, file)) || path.basename(file);
  const skip = (file: string) => !!input.isTestFile?.(file) || isToolingPath(relative(file));
  const rule = <T>(file: string, id: string) => input.factsOf?.(file)?.rules?.[id] as T | undefined;
  const scripts = input.files.filter((f) => listedLanguage(f) === 'typescript');
  const { readFile } = input;
  // node-config's files, read as the program rules read them (facts/nodeConfig.ts).
  const workspace = readFile ? { root: input.root, readFile } : undefined;
  return { relative, skip, rule, scripts, workspace };
}

/** Factor IV: each backing-service client and where its locator comes from. */
export function backingServicesEvidence(input: AttachedInput): Assessed {
  const { relative, skip, rule, scripts, workspace } = scope(input);
  const evidence: Evidence[] = [];
  const clients = outermostRemoved(judgedClients(scripts, (f) => rule<LocatorFacts>(f, LOCATOR_ID), skip, workspace));
  let fromEnv = 0;
  let literal = 0;
  for (const { file, client, judgement } of clients) {
    const at = { file: relative(file), line: client.range.start.line + 1 };
    const service = SERVICES[client.kind].label;
    for (const l of judgement.literals.filter((x) => x.secret)) {
      literal++;
      evidence.push({
        kind: 'negative',
        text: `${service} locator written in the code with its credentials, ${client.label} (reported by config/no-hardcoded-secret)`,
        file: relative(l.site.file),
        line: l.site.range.start.line + 1,
      });
    }
    if (judgement.literals.length) literal += judgement.literals.filter((x) => !x.secret).length;
    else if (judgement.env.length) {
      fromEnv++;
      if (fromEnv <= MAX_LISTED)
        evidence.push({ kind: 'positive', text: `${judgement.env.join(', ')} from the environment (${service}, ${client.label})`, ...at });
    } else if (judgement.absent && !CLIENTS[client.spec]?.defaultsToLocalhost) {
      fromEnv++;
      if (fromEnv <= MAX_LISTED)
        evidence.push({
          kind: 'positive',
          text: `no ${service} locator in the code: ${client.label} takes it from its own environment variables or defaults`,
          ...at,
        });
    } else if (client.kind === 'sqlite') {
      evidence.push({ kind: 'neutral', text: `SQLite in a local file (${client.label}): no network locator to attach`, ...at });
    } else if (judgement.configured || judgement.deferred) {
      fromEnv++;
      if (fromEnv <= MAX_LISTED)
        evidence.push({
          kind: 'positive',
          text: `${service} locator passed in from configuration, not written in the code (${client.label})`,
          ...at,
        });
    }
  }
  if (fromEnv > MAX_LISTED)
    evidence.push({ kind: 'positive', text: `and ${fromEnv - MAX_LISTED} more clients attached from configuration` });
  // No client the table knows: variables that name a backing service still show how it is attached.
  if (clients.length === 0) {
    for (const file of scripts) {
      if (skip(file)) continue;
      const read = input
        .factsOf?.(file)
        ?.env.find(
          (e) =>
            e.name &&
            /(?:DATABASE|DB|MONGO|POSTGRES|PG|MYSQL|REDIS|CACHE|AMQP|RABBIT|KAFKA|BROKER|QUEUE|SMTP|MAIL|ELASTIC|SEARCH|S3|BUCKET|STORAGE)\w*(?:URL|URI|HOST|DSN|ENDPOINT|BROKERS|SERVERS)$/.test(
              e.name,
            ),
        );
      if (read && fromEnv < MAX_LISTED) {
        fromEnv++;
        evidence.push({ kind: 'positive', text: `${read.name} from the environment`, file: relative(file), line: read.at.line + 1 });
      }
    }
  }
  return { evidence, sufficient: fromEnv > 0 && literal === 0, inputs: clients.length > 0 || fromEnv > 0 };
}

/** Factor VII: each server start, where its port comes from, and whether the Dockerfile's EXPOSE agrees. */
export function portBindingEvidence(input: AttachedInput): Assessed {
  const { relative, skip, rule, scripts, workspace } = scope(input);
  const evidence: Evidence[] = [];
  const base = portResolver(scripts, (f) => rule<PortFacts>(f, PORT_ID));
  const resolve = workspace ? withNodeConfig(base, workspace) : base;
  const expected: { port?: number; at: { file: string; line: number } }[] = [];
  let fromEnv = 0;
  let literal = 0;
  let servers = 0;
  for (const file of scripts) {
    if (skip(file)) continue;
    const facts = input.factsOf?.(file);
    const records = rule<PortFacts>(file, PORT_ID)?.starts ?? [];
    const starts = serverStarts(facts?.servers ?? [], records, () => true);
    for (const record of starts) {
      servers++;
      const at = { file: relative(file), line: record.range.start.line + 1 };
      const j = judgePort(record, file, resolve);
      if (j.literals.length) {
        literal++;
        expected.push({ port: j.literals[0].port, at });
        evidence.push({ kind: 'neutral', text: `listens on port ${j.literals[0].port}, written in the code`, ...at });
      } else if (j.env.length) {
        fromEnv++;
        expected.push({ port: j.fallback, at });
        evidence.push({
          kind: 'positive',
          text: `port from the environment: ${j.env.map((e) => `process.env.${e}`).join(', ')}${j.fallback !== undefined ? ` (default ${j.fallback})` : ''}`,
          ...at,
        });
      } else if (j.configured) {
        fromEnv++;
        evidence.push({ kind: 'positive', text: 'port not written in the code: set by configuration', ...at });
      }
    }
  }
  if (servers === 0) {
    // No server start the facts know: a read of PORT still says where the port comes from (and its default, from a config module).
    for (const file of scripts) {
      if (skip(file)) continue;
      const read = input.factsOf?.(file)?.env.find((e) => e.name === 'PORT');
      if (read && fromEnv < MAX_LISTED) {
        fromEnv++;
        const fallback = portDefault(rule<PortFacts>(file, PORT_ID)?.exports);
        evidence.push({
          kind: 'positive',
          text: `port read from process.env.PORT${fallback !== undefined ? ` (default ${fallback})` : ''}`,
          file: relative(file),
          line: read.at.line + 1,
        });
        if (fallback !== undefined) expected.push({ port: fallback, at: { file: relative(file), line: read.at.line + 1 } });
      }
    }
  }
  for (const d of input.docker) {
    for (const e of d.expose) {
      const port = Number(/^(\d+)/.exec(e.port)?.[1]);
      const listening = expected.filter((x) => x.port !== undefined);
      if (!listening.length) {
        evidence.push({ kind: 'neutral', text: `Dockerfile EXPOSE ${e.port}`, file: d.file, line: e.line });
      } else if (listening.some((x) => x.port === port)) {
        evidence.push({
          kind: 'positive',
          text: `Dockerfile EXPOSE ${e.port} agrees with the port the server listens on`,
          file: d.file,
          line: e.line,
        });
      } else {
        const first = listening[0];
        evidence.push({
          kind: 'negative',
          text: `Dockerfile EXPOSE ${e.port}, but the server listens on ${first.port} (${first.at.file}:${first.at.line})`,
          file: d.file,
          line: e.line,
        });
      }
    }
  }
  return { evidence, sufficient: fromEnv > 0 && literal === 0, inputs: servers > 0 || fromEnv > 0 };
}

/** Factor X: what development runs (compose files, clients in code) against what production names. */
export function parityEvidence(input: AttachedInput): Assessed {
  const { relative, skip, rule, scripts, workspace } = scope(input);
  const evidence: Evidence[] = [];
  let matching = 0;
  let inputs = 0;
  const read = input.readFile ?? (() => undefined);
  for (const file of input.files) {
    if (!isComposeName(file) || input.isTestFile?.(file)) continue;
    if (isProductionComposeName(file)) continue;
    const compose = read(file);
    if (compose === undefined) continue;
    const services = composeServices(compose, ownImageNames(path.dirname(file), read));
    if (!services.length) continue;
    const production = productionNames(path.dirname(file), input.root, (f) => (f === file ? undefined : read(f))).kinds;
    const drivers = driverKinds(path.dirname(file), input.root, read);
    for (const s of services) {
      inputs++;
      const named = production.find(
        (p) => sameEngine(p.kind, s.kind) && (p.major === undefined || s.major === undefined || p.major === s.major),
      );
      const driver = drivers.names.find((n) => sameEngine(DRIVERS[n], s.kind));
      let text: string | undefined;
      if (named) text = `compose runs ${s.image}, production config names ${SERVICES[named.kind].label} (${named.where})`;
      else if (!production.some((p) => SERVICES[p.kind].category === SERVICES[s.kind].category) && driver)
        text = `compose runs ${s.image}, the engine the app's driver talks to (${driver} in ${drivers.where})`;
      if (text) {
        matching++;
        const line = compose.slice(0, s.start).split('\n').length;
        if (matching <= MAX_LISTED) evidence.push({ kind: 'positive', text, file: relative(file), line });
      }
    }
  }
  if (matching > MAX_LISTED)
    evidence.push({ kind: 'positive', text: `and ${matching - MAX_LISTED} more compose services with the engine production uses` });
  const clients = judgedClients(scripts, (f) => rule<LocatorFacts>(f, LOCATOR_ID), skip, workspace);
  const kinds = new Map<string, { file: string; line: number; label: string }>();
  // App code first: a client in a bin/ script says less about what the service runs.
  clients.sort((a, b) => Number(/(?:^|\/)bin\//.test(relative(a.file))) - Number(/(?:^|\/)bin\//.test(relative(b.file))));
  for (const { file, client } of clients) {
    inputs++;
    const label = SERVICES[client.kind].label;
    if (!kinds.has(label)) kinds.set(label, { file: relative(file), line: client.range.start.line + 1, label: client.label });
  }
  for (const [service, at] of [...kinds].slice(0, MAX_LISTED)) {
    evidence.push({
      kind: 'positive',
      text: `the same ${service} client (${at.label}) in every environment`,
      file: at.file,
      line: at.line,
    });
  }
  return { evidence, sufficient: matching > 0 || kinds.size > 0, inputs: inputs > 0 };
}

/** `createTransport(smtpTransport({…}))`: the inner client holds the locator; the outer one only wraps it. */
function outermostRemoved<
  T extends { file: string; client: { range: { start: { line: number; column: number }; end: { line: number; column: number } } } },
>(list: T[]): T[] {
  const inside = (a: T, b: T) =>
    a !== b &&
    a.file === b.file &&
    (a.client.range.start.line > b.client.range.start.line ||
      (a.client.range.start.line === b.client.range.start.line && a.client.range.start.column > b.client.range.start.column)) &&
    (a.client.range.end.line < b.client.range.end.line ||
      (a.client.range.end.line === b.client.range.end.line && a.client.range.end.column <= b.client.range.end.column));
  return list.filter((outer) => !list.some((inner) => inside(inner, outer)));
}

/** The literal default of `process.env.PORT` in a module's exported values (`port: Number(process.env.PORT ?? 3000)`). */
function portDefault(value: Source | undefined, depth = 0): number | undefined {
  if (!value || depth > 6) return undefined;
  if (value.k === 'or' && value.a.k === 'env' && value.a.name === 'PORT') {
    if (value.b.k === 'num') return value.b.v;
    if (value.b.k === 'str' && /^\d+$/.test(value.b.v)) return Number(value.b.v);
  }
  if (value.k === 'obj') {
    for (const v of Object.values(value.props)) {
      const found = portDefault(v, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
