/**
 * dev-prod-parity/same-backing-services in config files:
 * - JSON: a per-environment database config (Sequelize `config/config.json`) whose development or test
 *   block names another engine than production;
 * - `.env.<environment>`: a development/test file whose database URL or client names another engine
 *   than `.env.production` (else the documented `.env.example`);
 * - compose: a service whose engine (or major version) differs from what production names for the
 *   package (its production config, `.env.production`/`.env.example`, Prisma, app.json add-ons, a
 *   production compose file) or from the engines its drivers (package.json) can talk to.
 */
import * as path from 'node:path';
import type { ConfigCheck, ConfigContext } from '../../rule';
import type { JsonDocument } from '../../languages/config/json';
import type { DotenvDocument } from '../../languages/config/dotenv';
import type { YamlDocument } from '../../languages/config/yaml';
import { isComposeName } from '../../languages/detect';
import {
  DRIVERS,
  SERVICES,
  environmentOfFile,
  environmentOfName,
  isProductionComposeName,
  sameEngine,
  type ServiceKind,
} from '../../knowledge/backingServices';
import { toPosix } from '../../paths';
import { DEMONSTRATION_PATH } from '../../knowledge/starts';
import { parseManifest, type Manifest } from '../../knowledge/manifest';
import { composeServices, kindOfJsonBlock, ownImageNames, kindOfVariable, productionNames } from './same-backing-services.kinds';

export const jsonCheck: ConfigCheck<JsonDocument> = {
  prefilter: (text) => /dialect|client|"type"|url|uri/i.test(text),
  check(context: ConfigContext<JsonDocument>) {
    const root = context.document.valueAt([]);
    if (!root || typeof root !== 'object' || Array.isArray(root)) return;
    const blocks = Object.entries(root as Record<string, unknown>).filter(([k]) => environmentOfName(k));
    if (blocks.length < 2) return;
    const prod = blocks.filter(([k]) => environmentOfName(k) === 'prod').map(([k, b]) => ({ key: k, found: kindOfJsonBlock(b) }));
    for (const [key, block] of blocks) {
      if (environmentOfName(key) !== 'dev') continue;
      const found = kindOfJsonBlock(block);
      if (!found) continue;
      if (prod.some((p) => p.found && sameEngine(p.found.kind, found.kind))) continue;
      const other = prod.find((p) => p.found && SERVICES[p.found.kind].category === SERVICES[found.kind].category);
      if (!other?.found) continue;
      const where = ['dialect', 'client', 'type', 'url', 'uri', 'connection'].map((k) => context.document.nodeAt([key, k])).find((n) => n);
      if (!where) continue;
      context.report({
        messageId: 'kindByEnvironment',
        data: {
          devWhat: `the ${key} config`,
          devKind: `${SERVICES[found.kind].label} ('${found.text}')`,
          prodKind: `${SERVICES[other.found.kind].label} ('${other.found.text}' in the ${other.key} config)`,
        },
        range: context.rangeOfOffsets(where.offset, where.offset + where.length),
      });
    }
  },
};

const PRODUCTION_ENV_FILES = ['.env.production', '.env.prod'];
const DOCUMENTED_ENV_FILES = ['.env.example', '.env.sample', '.env.template', '.env.dist'];

export const dotenvCheck: ConfigCheck<DotenvDocument> = {
  prefilter: (text) => /:|CLIENT|DIALECT|TYPE|DRIVER|CONNECTION|ENGINE|PROVIDER/i.test(text),
  check(context: ConfigContext<DotenvDocument>) {
    const base = path.basename(context.file);
    const env = base === '.env' ? 'local' : environmentOfFile(base);
    if (env !== 'dev' && env !== 'local') return;
    if (DOCUMENTED_ENV_FILES.includes(base)) return;
    const dir = path.dirname(context.file);
    const candidates = env === 'local' ? PRODUCTION_ENV_FILES : [...PRODUCTION_ENV_FILES, ...DOCUMENTED_ENV_FILES];
    let other: { file: string; kinds: Map<string, ServiceKind> } | undefined;
    for (const name of candidates) {
      const text = context.host.readFile(path.join(dir, name));
      if (text === undefined) continue;
      const kinds = new Map<string, ServiceKind>();
      for (const line of text.split(/\r?\n/)) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*['"]?([^'"\s#]*)/.exec(line);
        const kind = m ? kindOfVariable(m[1], m[2]) : undefined;
        if (m && kind) kinds.set(m[1], kind);
      }
      other = { file: name, kinds };
      break;
    }
    if (!other) return;
    for (const v of context.document.variables) {
      const kind = kindOfVariable(v.key, v.value);
      const theirs = other.kinds.get(v.key);
      if (!kind || !theirs || sameEngine(kind, theirs) || SERVICES[kind].category !== SERVICES[theirs].category) continue;
      context.report({
        messageId: 'kindByEnvironment',
        data: {
          devWhat: base,
          devKind: `${SERVICES[kind].label} (${v.key})`,
          prodKind: `${SERVICES[theirs].label} (${v.key} in ${other.file})`,
        },
        range: v.valueRange,
      });
    }
  },
};

export const yamlCheck: ConfigCheck<YamlDocument> = {
  prefilter: (text) => /image/.test(text),
  check(context: ConfigContext<YamlDocument>) {
    if (!isComposeName(context.file)) return; // node-config's YAML names no services
    if (isProductionComposeName(context.file)) return;
    // A compose file shown in the docs or an example (`docs/…/setup-docker/docker-compose.yml`) is not the team's environment.
    const relative = toPosix(path.relative(context.root, context.file));
    if (/(?:^|\/)docs?\//i.test(relative) || DEMONSTRATION_PATH.test(relative)) return;
    const services = composeServices(
      context.text,
      ownImageNames(path.dirname(context.file), (f) => context.host.readFile(f)),
    );
    if (!services.length) return;
    const dir = path.dirname(context.file);
    const production = productionNames(dir, context.root, (f) => (f === context.file ? undefined : context.host.readFile(f))).kinds;
    // Engines the app can run on, its workspace members' drivers included. As what production uses, only a
    // member's database server counts: a desktop member's SQLite says nothing about the server.
    const withMembers = driverKinds(dir, context.root, (f) => context.host.readFile(f), true);
    const supported = withMembers.kinds;
    const drivers = withMembers.fromMembers ? serverDrivers(withMembers) : withMembers;
    for (const s of services) {
      const range = context.rangeOfOffsets(s.start, s.end);
      const sameCategory = production.filter((p) => SERVICES[p.kind].category === SERVICES[s.kind].category);
      // Only an example names another engine, and the app ships a driver for this one: an engine it supports
      // (hedgedoc's .env.example lists sqlite; its compose files run PostgreSQL and MariaDB, which it also drives).
      if (sameCategory.length && sameCategory.every((p) => p.example) && supported.some((k) => sameEngine(k, s.kind))) continue;
      if (sameCategory.length && !sameCategory.some((p) => sameEngine(p.kind, s.kind))) {
        const p = sameCategory[0];
        context.report({
          messageId: 'composeKind',
          data: { image: s.image, devKind: SERVICES[s.kind].label, prodKind: SERVICES[p.kind].label, prodWhere: `${p.where}: ${p.text}` },
          range,
        });
        continue;
      }
      const versioned = sameCategory.find(
        (p) => p.image && p.major !== undefined && s.major !== undefined && sameEngine(p.kind, s.kind) && p.major !== s.major,
      );
      if (versioned && !sameCategory.some((p) => p.image && p.major === s.major && sameEngine(p.kind, s.kind))) {
        context.report({
          messageId: 'composeVersion',
          data: { image: s.image, prodImage: versioned.image!, service: SERVICES[s.kind].label, prodWhere: versioned.where },
          range,
        });
        continue;
      }
      if (sameCategory.length) continue;
      // No production config names this kind of service: the drivers the app ships with tell what it talks to.
      const category = SERVICES[s.kind].category;
      if (category !== 'sql' && category !== 'document') continue;
      const shipped = drivers.kinds.filter((k) => SERVICES[k].category === category);
      // The file also runs the engine a driver talks to (ClickHouse beside `@clickhouse/client`): this service is for code
      // whose driver no manifest shows (Prisma's engine), not a stand-in for that one.
      if (shipped.some((k) => services.some((o) => o !== s && sameEngine(k, o.kind)))) continue;
      if (shipped.length && !shipped.some((k) => sameEngine(k, s.kind))) {
        const names = drivers.names.filter((n) => shipped.includes(DRIVERS[n]));
        context.report({
          messageId: 'composeKind',
          data: {
            image: s.image,
            devKind: SERVICES[s.kind].label,
            prodKind: [...new Set(shipped.map((k) => SERVICES[k].label))].join(' / '),
            prodWhere: `the app's driver ${names.join(', ')} in ${declaredIn(drivers, names)}`,
          },
          range,
        });
      }
    }
  },
};

interface DriverKinds {
  kinds: ServiceKind[];
  names: string[];
  where: string;
  /** Read from the members of a workspace root that has no driver of its own: each driver's member manifest. */
  fromMembers?: Record<string, string>;
}

/** The drivers of database servers (an embedded SQLite runs in its own process, whichever member ships it). */
function serverDrivers(drivers: DriverKinds): DriverKinds {
  const names = drivers.names.filter((n) => DRIVERS[n] !== 'sqlite');
  return { ...drivers, names, kinds: [...new Set(names.map((n) => DRIVERS[n]))] };
}

/** Where the drivers `names` are declared: the one manifest, or the members that ship them. */
function declaredIn(drivers: DriverKinds, names: readonly string[]): string {
  const members = drivers.fromMembers;
  return members ? [...new Set(names.map((n) => members[n] ?? drivers.where))].join(', ') : drivers.where;
}

/** Database drivers among the dependencies of the package at `dir` (the nearest package.json up to the root). */
export function driverKinds(dir: string, root: string, readFile: (file: string) => string | undefined, withMembers = false): DriverKinds {
  const none = { kinds: [] as ServiceKind[], names: [] as string[], where: 'package.json' };
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, 'package.json');
    const text = readFile(file);
    if (text !== undefined) {
      const manifest = parseManifest(file, text);
      if (!manifest) return none;
      let names = driverNames(manifest);
      let where = toPosix(path.relative(root, file)) || 'package.json';
      const fromMembers: Record<string, string> = {};
      // A workspace root without drivers: its members named without a glob (`"workspaces": ["backend"]`) ship them.
      if (withMembers && names.length === 0)
        for (const member of manifest.workspaces.filter((m) => !/[*?{[]/.test(m))) {
          const memberFile = path.join(d, member, 'package.json');
          const memberText = readFile(memberFile);
          const inner = memberText === undefined ? [] : driverNames(parseManifest(memberFile, memberText));
          if (inner.length) {
            names = [...new Set([...names, ...inner])];
            where = toPosix(path.relative(root, memberFile));
            for (const n of inner) fromMembers[n] ??= where;
          }
        }
      const members = Object.keys(fromMembers).length ? { fromMembers } : {};
      return { kinds: [...new Set(names.map((n) => DRIVERS[n]))], names, where, ...members };
    }
    if (d === root || path.dirname(d) === d || path.relative(root, d).startsWith('..')) return none;
  }
}

/** The database drivers a manifest ships (dependencies and optional ones). */
function driverNames(manifest: Manifest | undefined): string[] {
  if (!manifest) return [];
  return Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }).filter((n) => DRIVERS[n]);
}
