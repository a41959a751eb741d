/**
 * Which kind of backing service each environment uses, as dev-prod-parity/same-backing-services and the
 * report read it: the blocks of a per-environment config (`client`/`dialect`/`type`, or a URL's scheme),
 * `.env.<environment>` files, compose services (image and major version), and what production names
 * for a package (its production config, `.env.production`/`.env.example`, Prisma's provider, app.json
 * add-ons, a production compose file).
 */
import * as path from 'node:path';
import { parseYaml } from '../../languages/config/yaml';
import { parseDotenv } from '../../languages/config/dotenv';
import { parseScript } from '../../languages/typescript/parse';
import { moduleValue, type Source } from '../../facts/valueSource';
import {
  environmentOfName,
  kindOfDialect,
  kindOfImage,
  kindOfScheme,
  majorOfImage,
  SERVICES,
  type ServiceKind,
} from '../../knowledge/backingServices';
import { rangeMaker } from '../../languages/config/document';
import { relativePath } from '../../paths';
import { parseManifest } from '../../knowledge/manifest';

/** A kind of service named somewhere, with what names it (for messages: `knexfile.js production client 'pg'`). */
interface NamedKind {
  kind: ServiceKind;
  /** The text that names it (`'sqlite3'`, `postgres:16`, `postgres://…`). */
  text: string;
  /** Where, for messages. */
  where: string;
  /** Major version, for images. */
  major?: number;
  image?: string;
  /** Named only by a documented example (`.env.example`…): one setting the app accepts, not what production chose. */
  example?: true;
}

/** Keys of a client's config whose value names its kind. */
const KIND_KEYS = ['client', 'dialect', 'type', 'driver', 'provider'];
/** Keys whose value is a locator, whose scheme names the kind. */
const URL_KEYS = ['url', 'uri', 'connection', 'connectionString', 'connection_string', 'database_url', 'databaseUrl'];

/** The kind a described block names, in the environment given (development reads the fallback of an env lookup). */
export function kindOfBlock(block: Source, env: 'dev' | 'prod'): { kind: ServiceKind; source: Source & { k: 'str' } } | undefined {
  if (block.k !== 'obj') return undefined;
  const literal = (value: Source | undefined): (Source & { k: 'str' }) | undefined => {
    if (!value) return undefined;
    if (value.k === 'str') return value;
    // `client: process.env.DB_CLIENT || 'sqlite3'`: what development runs when nothing is set.
    if (env === 'dev' && value.k === 'or') return literal(value.b);
    if (value.k === 'if')
      return literal(env === 'prod' ? (value.when === 'dev' ? value.f : value.t) : value.when === 'prod' ? value.f : value.t);
    return undefined;
  };
  for (const key of KIND_KEYS) {
    const s = literal(block.props[key]);
    const kind = s && kindOfDialect(s.v);
    if (s && kind) return { kind, source: s };
  }
  for (const key of URL_KEYS) {
    const value = block.props[key];
    const s = literal(value) ?? (value?.k === 'obj' ? literal(value.props.filename) : undefined);
    if (!s) continue;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s.v)?.[1];
    const kind = scheme ? kindOfScheme(scheme) : undefined;
    if (kind) return { kind, source: s };
  }
  return undefined;
}

/** Blocks of a per-environment collection (`{ development: …, production: … }`), by environment. */
export function environmentBlocks(value: Source | undefined): { key: string; env: 'dev' | 'prod'; block: Source }[] {
  if (!value || value.k !== 'obj') return [];
  const entries = Object.entries(value.props);
  const keyed = entries.filter(([k]) => environmentOfName(k));
  if (keyed.length < 2 || keyed.length < entries.length / 2) return [];
  return keyed.map(([key, block]) => ({ key, env: environmentOfName(key)!, block }));
}

/** Kind of a plain JSON block (Sequelize config.json). */
export function kindOfJsonBlock(block: unknown): { kind: ServiceKind; text: string } | undefined {
  if (!block || typeof block !== 'object' || Array.isArray(block)) return undefined;
  const b = block as Record<string, unknown>;
  for (const key of KIND_KEYS) {
    const v = b[key];
    if (typeof v === 'string' && kindOfDialect(v)) return { kind: kindOfDialect(v)!, text: v };
  }
  for (const key of URL_KEYS) {
    const v = b[key];
    const scheme = typeof v === 'string' ? /^([a-z][a-z0-9+.-]*):/i.exec(v)?.[1] : undefined;
    if (scheme && kindOfScheme(scheme)) return { kind: kindOfScheme(scheme)!, text: v as string };
  }
  return undefined;
}

/** Variables of a `.env` file that name a kind of service: a URL's scheme, or a client/dialect/type setting. */
export function kindOfVariable(key: string, value: string): ServiceKind | undefined {
  if (!value) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (scheme && /(?:URL|URI|DSN|CONNECTION|CONNECTION_STRING)$/i.test(key)) {
    // Engines spoken over HTTP (`CLICKHOUSE_URL=http://…`, `ELASTICSEARCH_URL=https://…`): the variable names the engine.
    if (/^https?$/i.test(scheme)) return kindNamedBy(key);
    return kindOfScheme(scheme);
  }
  if (
    /(?:^|_)(?:CLIENT|DIALECT|TYPE|DRIVER|CONNECTION|ENGINE|PROVIDER)$/i.test(key) &&
    /(?:^|_)(?:DB|DATABASE|TYPEORM|SQL|KNEX|SEQUELIZE|ORM)(?:_|$)/i.test(key)
  )
    return kindOfDialect(value);
  return undefined;
}

/** The kind whose own name is a word of the variable's (`CLICKHOUSE_URL`, `OPENSEARCH_NODE_URL`). */
function kindNamedBy(key: string): ServiceKind | undefined {
  return key
    .toLowerCase()
    .split('_')
    .find((word): word is ServiceKind => word !== 'sql' && Object.hasOwn(SERVICES, word));
}

interface ComposeService {
  service: string;
  image: string;
  kind: ServiceKind;
  major?: number;
  /** Offsets of the image value in the compose file. */
  start: number;
  end: number;
}

/**
 * The names the app's own image goes by, for a compose file in `dir`: the package's name (without its scope)
 * and the folder's. A production compose file runs the app from its released image (`image: acme/catalog:1.4`).
 */
export function ownImageNames(dir: string, readFile: (file: string) => string | undefined): string[] {
  const names = [path.basename(dir)];
  const file = path.join(dir, 'package.json');
  const text = readFile(file);
  const name = text === undefined ? undefined : parseManifest(file, text)?.name;
  if (name) names.push(name.replace(/^@[^/]+\//, ''));
  return names.map((n) => n.toLowerCase()).filter(Boolean);
}

/**
 * Is a compose service the app itself: built here, or run from an image named for the app, or from a registry or name
 * the deploy sets (`${REGISTRY}/app:1.4`)? A variable only in the tag (`keycloak:${KEYCLOAK_VERSION}`) says nothing.
 */
function isOwnService(definition: Record<string, unknown> | null, ownNames: readonly string[]): boolean {
  if (!definition) return false;
  if ('build' in definition) return true;
  const image = definition.image;
  if (typeof image !== 'string') return false;
  const repositoryPath = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  if (repositoryPath.includes('$')) return true;
  return ownNames.includes(repositoryPath.split('/').pop()!.toLowerCase());
}

/**
 * Backing services a compose file runs for the app (services whose image is a known engine), leaving
 * out the database of a third-party tool (a service only other images depend on, none of them the app's:
 * isOwnService).
 */
export function composeServices(text: string, ownNames: readonly string[] = []): ComposeService[] {
  const doc = parseYaml(text);
  const out: ComposeService[] = [];
  const services = doc.data && typeof doc.data === 'object' ? ((doc.data as { services?: unknown }).services ?? {}) : {};
  const definitions = services && typeof services === 'object' ? (services as Record<string, Record<string, unknown> | null>) : {};
  const dependents = (name: string) =>
    Object.values(definitions).filter((d) => {
      const on = d?.depends_on;
      return Array.isArray(on) ? on.includes(name) : !!on && typeof on === 'object' && name in on;
    });
  for (const entry of doc.entries) {
    if (entry.path.length !== 3 || entry.path[0] !== 'services' || entry.path[2] !== 'image' || entry.kind !== 'string') continue;
    const image = entry.value;
    if (image.includes('$')) continue;
    const kind = kindOfImage(image);
    if (!kind) continue;
    const service = String(entry.path[1]);
    const users = dependents(service);
    if (users.length && !users.some((d) => isOwnService(d, ownNames))) continue;
    out.push({ service, image, kind, major: majorOfImage(image), start: entry.contentStart, end: entry.contentEnd });
  }
  return out;
}

/** Compose files that describe production, by name, in a folder. */
export const PRODUCTION_COMPOSE_NAMES = ['docker-compose', 'compose'].flatMap((base) =>
  ['.prod', '.production', '-prod', '-production'].flatMap((suffix) => ['.yml', '.yaml'].map((ext) => `${base}${suffix}${ext}`)),
);

interface ProductionNames {
  kinds: NamedKind[];
  /** Files read (for the session to re-judge when they change). */
  read: string[];
}

/**
 * What production runs for the package at `dir` (and the folders up to `root`), as far as its files say:
 * the production block of a knexfile or Sequelize config, `.env.production` (else `.env.example`),
 * Prisma's datasource provider, app.json add-ons, a production compose file.
 */
export function productionNames(dir: string, root: string, readFile: (file: string) => string | undefined): ProductionNames {
  const kinds: NamedKind[] = [];
  const read: string[] = [];
  const get = (file: string) => {
    read.push(file);
    return readFile(file);
  };
  const add = (k: NamedKind) => {
    if (!kinds.some((x) => x.kind === k.kind && x.where === k.where)) kinds.push(k);
  };
  const rel = (file: string) => relativePath(root, file) || path.basename(file);
  const dirs: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    dirs.push(d);
    if (d === root || path.relative(root, d).startsWith('..') || path.dirname(d) === d) break;
  }
  for (const d of dirs) {
    for (const name of ['knexfile.js', 'knexfile.ts', 'knexfile.cjs', 'knexfile.mjs', 'config/config.js', 'config/database.js']) {
      const file = path.join(d, name);
      const text = get(file);
      if (text === undefined) continue;
      const sourceFile = parseScript(file, text);
      const value = moduleValue({ sourceFile, rangeOfOffsets: rangeMaker(text) }, () => true);
      for (const b of environmentBlocks(value)) {
        if (b.env !== 'prod') continue;
        const found = kindOfBlock(b.block, 'prod');
        if (found) add({ kind: found.kind, text: found.source.v, where: `${rel(file)} (${b.key})` });
      }
    }
    for (const name of ['config/config.json', 'config/database.json']) {
      const file = path.join(d, name);
      const text = get(file);
      if (text === undefined) continue;
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        for (const [key, block] of Object.entries(json)) {
          if (environmentOfName(key) !== 'prod') continue;
          const found = kindOfJsonBlock(block);
          if (found) add({ kind: found.kind, text: found.text, where: `${rel(file)} (${key})` });
        }
      } catch {
        /* not JSON */
      }
    }
    let envFile: string | undefined;
    for (const name of ['.env.production', '.env.prod', '.env.example', '.env.sample', '.env.template', '.env.dist']) {
      const file = path.join(d, name);
      const text = get(file);
      if (text === undefined) continue;
      envFile = file;
      const example = !name.startsWith('.env.prod');
      for (const v of parseDotenv(text).variables) {
        const kind = kindOfVariable(v.key, v.value);
        if (kind)
          add({
            kind,
            text: `${v.key}=${v.value.replace(/\/\/[^@/]*@/, '//…@')}`,
            where: rel(file),
            ...(example ? { example: true } : {}),
          });
      }
      break;
    }
    void envFile;
    const prisma = get(path.join(d, 'prisma', 'schema.prisma')) ?? get(path.join(d, 'schema.prisma'));
    const provider = prisma && /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"([^"]+)"/.exec(prisma)?.[1];
    if (provider && kindOfDialect(provider === 'postgresql' ? 'postgres' : provider))
      add({
        kind: kindOfDialect(provider === 'postgresql' ? 'postgres' : provider)!,
        text: `provider = "${provider}"`,
        where: 'prisma/schema.prisma',
      });
    const appJson = get(path.join(d, 'app.json'));
    if (appJson) {
      try {
        const addons = (JSON.parse(appJson) as { addons?: unknown }).addons;
        for (const a of Array.isArray(addons) ? addons : []) {
          const raw = typeof a === 'string' ? a : typeof a === 'object' && a ? (a as { plan?: unknown }).plan : undefined;
          const plan = typeof raw === 'string' ? raw : '';
          const kind = addonKind(plan);
          if (kind) add({ kind, text: plan, where: `${rel(path.join(d, 'app.json'))} add-ons` });
        }
      } catch {
        /* not JSON */
      }
    }
    for (const name of PRODUCTION_COMPOSE_NAMES) {
      const file = path.join(d, name);
      const text = get(file);
      if (text === undefined) continue;
      for (const s of composeServices(text, ownImageNames(d, get)))
        add({ kind: s.kind, text: s.image, where: `${rel(file)} (${s.service})`, major: s.major, image: s.image });
    }
  }
  return { kinds, read };
}

function addonKind(plan: string): ServiceKind | undefined {
  const p = plan.toLowerCase();
  if (/postgres/.test(p)) return 'postgres';
  if (/redis|rediscloud|redistogo/.test(p)) return 'redis';
  if (/cleardb|jawsdb(?!-maria)/.test(p)) return 'mysql';
  if (/jawsdb-maria/.test(p)) return 'mariadb';
  if (/mongolab|mongohq|objectrocket/.test(p)) return 'mongodb';
  if (/cloudamqp|rabbitmq/.test(p)) return 'amqp';
  if (/kafka/.test(p)) return 'kafka';
  if (/bonsai|searchbox|elastic/.test(p)) return 'elasticsearch';
  if (/memcache/.test(p)) return 'memcached';
  return undefined;
}
