/**
 * backing-services/no-hardcoded-locator in JSON config: the production block of a per-environment
 * database config (Sequelize's `config/config.json`: `{ "production": { "host": "…", "dialect": … } }`)
 * and locators in a production config file (`config/production.json`, node-config's `config/production.yml`),
 * unless the block reads the URL from the environment (`use_env_variable`).
 */
import * as path from 'node:path';
import type { ConfigCheck, ConfigContext } from '../../rule';
import type { JsonDocument } from '../../languages/config/json';
import { firstDocumentEntries, type YamlDocument } from '../../languages/config/yaml';
import { readByNodeConfig } from '../../facts/nodeConfig';
import type { ConfigEntry } from '../../languages/config/document';
import {
  HOST_KEYS,
  SERVICES,
  URL_KEYS,
  environmentOfFile,
  environmentOfName,
  kindOfDialect,
  kindOfScheme,
  type ServiceKind,
} from '../../knowledge/backingServices';
import { findTokens, findUrlCredentials } from '../../secrets';
import { toPosix } from '../../paths';
import { shown } from './no-hardcoded-locator.judge';

/** Words of a config path that say the values under it configure a backing service. */
const SERVICE_WORDS =
  /^(?:db|database|databases|datasource|sql|postgres|postgresql|pg|mysql|mariadb|mssql|mongo|mongodb|mongoose|redis|cache|session|queue|bull|amqp|rabbit|rabbitmq|kafka|nats|mqtt|smtp|mail|mailer|email|elastic|elasticsearch|search|opensearch|s3|minio|storage|memcached|sequelize|knex|typeorm|connection)$/i;

function isHostLike(value: string): boolean {
  return value !== '' && !value.startsWith('/') && !/\s/.test(value) && !/^\$\{|^<|^%|^\{\{/.test(value);
}

const prefilter = (text: string) => /host|url|uri|node|server|endpoint|connection/i.test(text);

function checkEntries(context: ConfigContext<JsonDocument | YamlDocument>, entries: readonly ConfigEntry[]): void {
  const relative = toPosix(path.relative(context.root, context.file));
  for (const entry of entries) {
    const found = judgeEntry(relative, context.document, entry);
    if (found) context.report({ messageId: 'hardcodedLocator', data: found, range: entry.valueRange });
  }
}

export const jsonCheck: ConfigCheck<JsonDocument> = { prefilter, check: (context) => checkEntries(context, context.document.entries) };

/** node-config's YAML files, as its JSON ones (compose files are the parity rule's). */
export const yamlCheck: ConfigCheck<YamlDocument> = {
  prefilter,
  check(context) {
    // node-config reads a YAML file's first document alone.
    const files = { root: context.root, readFile: (f: string) => context.host.readFile(f) };
    if (readByNodeConfig(context.file, context.text, files)) checkEntries(context, firstDocumentEntries(context.document));
  },
};

/**
 * What the file check reports for one entry of a JSON file (`relative` to the root), or undefined: also
 * asked by the program check, which leaves such a value of node-config's files to this one.
 */
export function judgeEntry(
  relative: string,
  document: Pick<JsonDocument, 'valueAt'>,
  entry: ConfigEntry,
): { service: string; value: string; client: string; envName: string } | undefined {
  const base = path.posix.basename(relative);
  if (base === 'package.json' || base === 'app.json') return undefined;
  const fileEnv = environmentOfFile(relative);
  if (fileEnv === 'dev' || entry.kind !== 'string' || !entry.key) return undefined;
  const keys = entry.path.filter((p): p is string => typeof p === 'string');
  const envs = keys.map((k) => environmentOfName(k));
  if (envs.includes('dev')) return undefined;
  const inProduction = fileEnv === 'prod' || envs.includes('prod');
  if (!inProduction) return undefined;
  const parent = entry.path.slice(0, -1);
  const block = document.valueAt(parent);
  const siblings = block && typeof block === 'object' && !Array.isArray(block) ? (block as Record<string, unknown>) : {};
  if ('use_env_variable' in siblings) return undefined;
  const kind = kindOf(entry, siblings, keys);
  if (!kind) return undefined;
  const value = entry.value;
  const isUrl = URL_KEYS.has(entry.key) && /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  if (!(isUrl || (HOST_KEYS.has(entry.key) && isHostLike(value)))) return undefined;
  if (isUrl && (findUrlCredentials(value).length || findTokens(value, 1).length)) return undefined;
  if (/^(?:sqlite|file):/i.test(value)) return undefined;
  const prodKey = keys.find((k) => environmentOfName(k) === 'prod');
  return {
    service: SERVICES[kind].label,
    value: shown(value),
    client: prodKey ? `the ${prodKey} block of ${base}` : base,
    envName: isUrl ? SERVICES[kind].urlEnv : SERVICES[kind].hostEnv,
  };
}

/** The service a config entry locates: named by a sibling `dialect`/`client`, its URL's scheme, or a service word on its path. */
function kindOf(entry: ConfigEntry, siblings: Record<string, unknown>, keys: string[]): ServiceKind | undefined {
  for (const k of ['dialect', 'client', 'type']) {
    const v = siblings[k];
    if (typeof v === 'string' && kindOfDialect(v)) return kindOfDialect(v);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(entry.value)?.[1];
  if (scheme && kindOfScheme(scheme)) return kindOfScheme(scheme);
  const words = keys.slice(0, -1).filter((k) => SERVICE_WORDS.test(k));
  if (!words.length && !('database' in siblings || 'username' in siblings)) return undefined;
  const word = (words[words.length - 1] ?? '').toLowerCase();
  if (/mongo/.test(word)) return 'mongodb';
  if (/redis|cache|session|bull|queue/.test(word)) return 'redis';
  if (/amqp|rabbit/.test(word)) return 'amqp';
  if (/kafka/.test(word)) return 'kafka';
  if (/smtp|mail/.test(word)) return 'smtp';
  if (/elastic|search/.test(word)) return 'elasticsearch';
  if (/s3|minio|storage/.test(word)) return 's3';
  if (/postgres|^pg$/.test(word)) return 'postgres';
  if (/mysql|mariadb/.test(word)) return 'mysql';
  return 'sql';
}
