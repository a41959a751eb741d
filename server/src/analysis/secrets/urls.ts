/**
 * Credentials inside connection strings: `postgres://user:pass@host/db`, `mongodb+srv://u:p@cluster`,
 * `redis://:pass@host`, `amqp://user:pass@broker`. Bounded patterns anchored on `://`: linear time.
 */
import { isPlaceholder } from './values';

export interface UrlCredential {
  scheme: string;
  /** Offsets of the whole URL in the text. */
  start: number;
  end: number;
  /** Offsets of the password. */
  passwordStart: number;
  passwordEnd: number;
  user: string;
  password: string;
  host: string;
}

const SCHEMES = new Set([
  'postgres',
  'postgresql',
  'mysql',
  'mysql2',
  'mariadb',
  'mongodb',
  'mongodb+srv',
  'redis',
  'rediss',
  'valkey',
  'amqp',
  'amqps',
  'mssql',
  'sqlserver',
  'oracle',
  'cockroachdb',
  'clickhouse',
  'nats',
  'kafka',
  'memcached',
  'couchdb',
  'neo4j',
  'neo4j+s',
  'bolt',
  'cassandra',
  'elasticsearch',
  'ftp',
  'ftps',
  'sftp',
  'smtp',
  'smtps',
  'imap',
  'imaps',
  'pop3',
  'ldap',
  'ldaps',
  'http',
  'https',
  'ws',
  'wss',
  'git+https',
  'jdbc:postgresql',
  'jdbc:mysql',
]);

/** Kinds of connection string, for messages and the default env var of the fix. */
export function connectionKind(scheme: string): { label: string; envName: string } {
  const s = scheme.toLowerCase();
  if (s.startsWith('redis') || s === 'valkey') return { label: 'a Redis URL', envName: 'REDIS_URL' };
  if (s.startsWith('amqp')) return { label: 'an AMQP URL', envName: 'AMQP_URL' };
  if (s.startsWith('mongodb')) return { label: 'a MongoDB connection string', envName: 'DATABASE_URL' };
  if (/^(https?|wss?|git\+https|ftps?|sftp)$/.test(s))
    return { label: `${/^[aeiou]/.test(s) ? 'an' : 'a'} ${s.toUpperCase()} URL`, envName: 'SERVICE_URL' };
  if (/^(smtps?|imaps?|pop3)$/.test(s)) return { label: 'a mail server URL', envName: 'SMTP_URL' };
  return { label: `a ${scheme} connection string`, envName: 'DATABASE_URL' };
}

const URL_PATTERN =
  /((?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{1,24}):\/\/([^\s:@/'"`]{0,128}):([^\s@/'"`]{1,256})@([^\s/'"`?#@]{1,256})[^\s'"`<>]{0,2048}/g;

/** Hosts of a developer's own machine or a compose network, where weak defaults are dev fixtures, not secrets. */
const LOCAL_HOST =
  /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|db|database|postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|rabbitmq|rabbit|broker|cache)(:\d+)?$/i;
const WEAK_DEFAULTS = new Set([
  'postgres',
  'root',
  'admin',
  'guest',
  'test',
  'dev',
  'local',
  'example',
  'mysql',
  'redis',
  'mongo',
  'rabbitmq',
  'secret',
  'password',
  'pass',
  'user',
]);

/** A password that stands for "put yours here" (`password`, `<password>`, `${DB_PASSWORD}`, `$PW`, `%s`, `***`). */
export function isPasswordPlaceholder(password: string): boolean {
  const p = password.toLowerCase();
  if (/^(password|passwd|pass|pwd|secret|pw)$/.test(p)) return true;
  if (/^\$|^%|^\{|^<|^\*+$|^:/.test(password)) return true;
  return isPlaceholder(password);
}

/**
 * Credentials in connection strings in `text`. `unknown` marks characters that are not literal text
 * (a `${…}` of a template literal): a password containing one comes from elsewhere and is not reported.
 */
export function findUrlCredentials(text: string, unknown = '\0'): UrlCredential[] {
  if (!text.includes('://') || !text.includes('@')) return [];
  const found: UrlCredential[] = [];
  URL_PATTERN.lastIndex = 0;
  for (let m = URL_PATTERN.exec(text); m; m = URL_PATTERN.exec(text)) {
    const [whole, rawScheme, user, password, host] = m;
    const scheme = rawScheme.toLowerCase();
    if (!SCHEMES.has(scheme)) continue;
    if (password.includes(unknown) || isPasswordPlaceholder(password)) continue;
    const bareHost = host.split(unknown).join('');
    if (LOCAL_HOST.test(bareHost) && (password === user || WEAK_DEFAULTS.has(password.toLowerCase()))) continue;
    const start = m.index;
    const passwordStart = start + rawScheme.length + 3 + user.length + 1;
    found.push({
      scheme,
      start,
      end: start + whole.length,
      passwordStart,
      passwordEnd: passwordStart + password.length,
      user,
      password,
      host,
    });
    if (found.length >= 100) break;
  }
  return found;
}
