/**
 * Credentials inside connection strings: `postgres://user:pass@host/db`, `mongodb+srv://u:p@cluster`,
 * `redis://:pass@host`, `amqp://user:pass@broker` (`user:password@` in any URL scheme), a password in a
 * URL's query (`jdbc:mysql://db/app?user=app&password=…`), and key-value connection strings
 * (`Server=db;User Id=sa;Password=…;` for SQL Server/ADO.NET/ODBC, `jdbc:sqlserver://db;user=sa;password=…`).
 * Bounded patterns anchored on `://` or on the password key: linear time.
 */
import { fromLeet, isPlaceholder, isTestStandIn } from './values';

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

/** Schemes whose URLs commonly carry `user:password@`; any other scheme is accepted too when the password looks real. */
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
  if (s === 'sqlserver' || s === 'mssql' || s === 'jdbc:sqlserver')
    return { label: 'a SQL Server connection string', envName: 'DATABASE_URL' };
  if (s === 'ado') return { label: 'an ADO.NET connection string', envName: 'DATABASE_URL' };
  if (s === 'odbc') return { label: 'an ODBC connection string', envName: 'DATABASE_URL' };
  if (s.startsWith('jdbc:')) return { label: 'a JDBC URL', envName: 'DATABASE_URL' };
  if (s.startsWith('redis') || s === 'valkey') return { label: 'a Redis URL', envName: 'REDIS_URL' };
  if (s.startsWith('amqp')) return { label: 'an AMQP URL', envName: 'AMQP_URL' };
  if (s.startsWith('mongodb')) return { label: 'a MongoDB connection string', envName: 'DATABASE_URL' };
  // By the engine's own name, capitalised: `postgres` as a password would otherwise be masked inside the scheme's label.
  if (s === 'postgres' || s === 'postgresql') return { label: 'a PostgreSQL connection string', envName: 'DATABASE_URL' };
  if (s === 'mysql' || s === 'mariadb')
    return { label: `a ${s === 'mysql' ? 'MySQL' : 'MariaDB'} connection string`, envName: 'DATABASE_URL' };
  if (/^(https?|wss?|git\+https|ftps?|sftp)$/.test(s))
    return { label: `${/^[aeiou]/.test(s) ? 'an' : 'a'} ${s.toUpperCase()} URL`, envName: 'SERVICE_URL' };
  if (/^(smtps?|imaps?|pop3)$/.test(s)) return { label: 'a mail server URL', envName: 'SMTP_URL' };
  return { label: `a ${scheme} connection string`, envName: 'DATABASE_URL' };
}

const URL_PATTERN =
  /((?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{1,24}):\/\/([^\s:@/'"`]{0,128}):([^\s@/'"`]{1,256})@([^\s/'"`?#@]{1,256})[^\s'"`<>]{0,2048}/g;

/** A password in a URL's query: `?password=…`, `&pwd=…`, `;password=…` (JDBC). */
const QUERY_PASSWORD =
  /((?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{1,24}):\/\/([^\s/'"`?#;]{1,256})[^\s'"`<>]{0,512}?[?&;](?:password|passwd|pwd|pass)=([^\s&;'"`<>#]{1,256})/gi;

/** `Password=…;`/`Pwd=…` in a key-value connection string; the other keys are checked around it. */
const KEY_VALUE_PASSWORD =
  /(?:^|[;"'`\s])(?:Password|Pwd)\s{0,3}=\s{0,3}('[^']{1,128}'|"[^"]{1,128}"|\{[^}]{1,128}\}|[^;'"`\s]{1,128})(?=\s*(?:;|$|["'`\s]))/gim;
const KEY_VALUE_CONTEXT =
  /(?:^|[;"'`\s])(Server|Data Source|Host|Address|Addr|Network Address|Driver|Provider|User ID|UserID|Uid|User|Username|Database|Initial Catalog)\s{0,3}=/gi;

/**
 * Hosts of a developer's own machine or a compose network (`db`, `rabbitmq-broker`, `tenant_db`: one label naming the
 * service), where weak defaults are dev fixtures, not secrets.
 */
const LOCAL_HOST =
  /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|(?!(?:[a-z0-9]+[-_])*(?:prod|production|staging|live|primary|replica)(?:[-_:]|$))(?:[a-z0-9]+[-_])*(?:db|database|postgres|postgresql|pg|pgsql|psql|mysql|mariadb|mongo|mongodb|redis|rabbitmq|rabbit|broker|cache)(?:[-_][a-z0-9]+)*)(:\d+)?$/i;
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
  // The engine's own name (`DB_PASSWORD=sqlite` beside `DB_DATABASE=sqlite`: SQLite has no password).
  'sqlite',
  'sqlite3',
  'postgresql',
  'mariadb',
  'mongodb',
  'rabbitmq',
  'secret',
  'password',
  'pass',
  'user',
  // MinIO's documented root user and password, also set as S3 access and secret keys.
  'minioadmin',
]);

/**
 * A host that says "put yours here" (`your-ip`, `YOUR_DB_HOST`, `<host>`, `{db-host}`, `host`): a documented
 * connection string, whose default login is the image's, not a deployment's.
 */
function isPlaceholderHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return (
    // One label, no domain: `your-ip`, `YOUR_DB_HOST`, `my-host` (`mydb-prod.x.rds.amazonaws.com` is a real host).
    /^your[-_]?[a-z0-9_-]*$/.test(name) ||
    /^my[-_]?(?:db[-_]?)?(?:host|hostname|ip|server|domain|address)$/.test(name) ||
    /^[<{[].*[>}\]]$/.test(name) ||
    /^(?:host|hostname|ip|server|domain|address)$/.test(name) ||
    /^x{3,}(?:\.x+)*$/.test(name)
  );
}

/** A developer's own machine or a compose network's service (`localhost`, `db`, `postgres:5432`). */
export function isLocalHost(host: string): boolean {
  return LOCAL_HOST.test(host);
}

/**
 * The digits a stand-in word ends in: up to three (`secret123`), or a run counted up from 0 or 1 (`secret1234`,
 * `password123456`), the sequence a person types. Not other long digit runs (`secret8372`).
 */
const STAND_IN_DIGITS = '(?:\\d{0,3}|0?1234(?:5(?:6(?:7(?:8(?:90?)?)?)?)?)?)';

/** The word password or secret, with a stand-in's digits: `password`, `my_secret`, `pass123`, `secret1234`. */
const PASSWORD_WORD = new RegExp(`^(?:my|your|the|some)?[-_]?(?:password|passwd|pass|pwd|secret|pw)[-_]?${STAND_IN_DIGITS}$`);

/** A well-known default password of a local service (`postgres`, `root`, `guest`…): a dev fixture, not a secret. */
export function isWeakDefaultPassword(password: string): boolean {
  return WEAK_DEFAULTS.has(password.toLowerCase());
}

/** A password that stands for "put yours here" (`password`, `<password>`, `${DB_PASSWORD}`, `$PW`, `%s`, `***`). */
export function isPasswordPlaceholder(password: string): boolean {
  const p = password.toLowerCase();
  if (PASSWORD_WORD.test(p)) return true;
  if (/^\$|^%|^\{|^<|^\*+$|^:/.test(password)) return true;
  // `postgresql://app:STRONG_DB_PASSWORD@db/app`: the name of what goes there, in the case of a variable.
  // Words only: `DB_PASS_2024` or `ADMIN_PW_9` is a chosen password.
  if (/^[A-Z]+(?:_[A-Z]+)+$/.test(password) && /(?:^|_)(?:PASSWORD|PASSWD|PASS|PWD|PW|SECRET)(?:_|$)/.test(password)) return true;
  // `postgresql://postgres:testpass@db/app`, `test123`: a test's stand-in.
  return isPlaceholder(password) || isTestStandIn(password);
}

/**
 * `topsecret`, `super-secret-key`, `notasecret`, `secretkey`: the word "secret" or "password" said louder, the stand-in a
 * developer types into a local config file. Not a chosen word beside it (`topsecretvalue`). Only where dev defaults belong
 * (a config file not named for production): elsewhere it is a weak secret that works.
 */
export function isLoudPasswordWord(value: string): boolean {
  return LOUD_PASSWORD_WORD.test(value.toLowerCase()) || LOUD_PASSWORD_WORD.test(fromLeet(value)); // `T0pS3cr3t` too
}

const LOUD_PASSWORD_WORD = new RegExp(
  `^(?:(?:my|your|the|some|super|top|very|ultra|extra|so|not|nota|dev|local)[-_]?)+(?:password|passwd|pass|pwd|secret|pw)(?:[-_]?key)?[-_]?${STAND_IN_DIGITS}$|^secret[-_]?key${STAND_IN_DIGITS}$`,
);

/**
 * The word "password" dressed up to pass a complexity check, as a local database's sample password is
 * (`SuperP4ssw0rd!`, SQL Server's documented `yourStrong(!)Password`, `P@ssw0rd123`): a few words that say
 * "strong", the word itself (in leetspeak too), digits and signs. A chosen password has a word of its own. Only
 * where a local default belongs (a URL to a local host, a development compose file): elsewhere it is a weak
 * password that works.
 */
export function isDecoratedPasswordWord(password: string): boolean {
  if (password.length > 32 || !/^[A-Za-z0-9@$!#%^&*().?_-]+$/.test(password)) return false;
  const letters = fromLeet(password.replace(/\d+[!#%^&*().?_-]*$|[!#%^&*().?_-]+$/, '')).replace(/[!#%^&*().?_-]+/g, '');
  return /^(?:my|your|the|some|super|strong|secure|very|default|complex)*(?:password|passwd)$/.test(letters);
}

/**
 * Credentials in connection strings in `text`. `unknown` marks characters that are not literal text
 * (a `${…}` of a template literal): a password containing one comes from elsewhere and is not reported.
 */
export function findUrlCredentials(text: string, unknown = '\0'): UrlCredential[] {
  const hasUrl = text.includes('://');
  const hasKey = /pwd|pass/i.test(text);
  if (!hasUrl && !hasKey) return [];
  const found: UrlCredential[] = [];
  const push = (credential: UrlCredential) => {
    if (!found.some((f) => f.passwordStart < credential.passwordEnd && credential.passwordStart < f.passwordEnd)) found.push(credential);
  };
  const rejected = (password: string, user: string, host: string) => {
    if (password.includes(unknown) || isPasswordPlaceholder(password)) return true;
    const bareHost = host.split(unknown).join('');
    return (
      (isLocalHost(bareHost) || isPlaceholderHost(bareHost)) &&
      (password === user ||
        fromLeet(password) === user.toLowerCase() ||
        WEAK_DEFAULTS.has(password.toLowerCase()) ||
        isDecoratedPasswordWord(password))
    );
  };
  if (hasUrl && text.includes('@')) {
    URL_PATTERN.lastIndex = 0;
    for (let m = URL_PATTERN.exec(text); m && found.length < 100; m = URL_PATTERN.exec(text)) {
      const [whole, rawScheme, user, password, host] = m;
      const scheme = rawScheme.toLowerCase();
      // Well-known schemes on their own; any other scheme (`s3://`, `svn+ssh://`, `nats+tls://`) when the password is not a word.
      if (!SCHEMES.has(scheme) && !(/[0-9]/.test(password) && password.length >= 6 && /[A-Za-z]/.test(password))) continue;
      if (rejected(password, user, host)) continue;
      const start = m.index;
      const passwordStart = start + rawScheme.length + 3 + user.length + 1;
      push({ scheme, start, end: start + whole.length, passwordStart, passwordEnd: passwordStart + password.length, user, password, host });
    }
  }
  if (hasUrl && hasKey) {
    QUERY_PASSWORD.lastIndex = 0;
    for (let m = QUERY_PASSWORD.exec(text); m && found.length < 100; m = QUERY_PASSWORD.exec(text)) {
      const [whole, rawScheme, host, password] = m;
      const scheme = rawScheme.toLowerCase();
      if (!SCHEMES.has(scheme) && !scheme.startsWith('jdbc:')) continue;
      const user = /[?&;](?:user|username|uid|user id)=([^&;\s'"`]*)/i.exec(whole)?.[1] ?? '';
      if (rejected(password, user, host)) continue;
      const passwordEnd = m.index + whole.length;
      const urlEnd = passwordEnd + (/^[^\s'"`<>]{0,512}/.exec(text.slice(passwordEnd))?.[0].length ?? 0);
      push({ scheme, start: m.index, end: urlEnd, passwordStart: passwordEnd - password.length, passwordEnd, user, password, host });
    }
  }
  if (hasKey) {
    KEY_VALUE_PASSWORD.lastIndex = 0;
    for (let m = KEY_VALUE_PASSWORD.exec(text); m && found.length < 100; m = KEY_VALUE_PASSWORD.exec(text)) {
      const raw = m[1];
      const quoted = /^['"{]/.test(raw);
      const password = quoted ? raw.slice(1, -1) : raw;
      const passwordStart = m.index + m[0].length - raw.length + (quoted ? 1 : 0);
      // The connection string around it: up to the enclosing quotes or line.
      const lineStart = Math.max(text.lastIndexOf('\n', m.index) + 1, m.index - 600);
      const lineEnd = text.indexOf('\n', passwordStart);
      const line = text.slice(lineStart, lineEnd < 0 ? Math.min(text.length, passwordStart + 600) : Math.min(lineEnd, passwordStart + 600));
      const keys = new Map<string, string>();
      KEY_VALUE_CONTEXT.lastIndex = 0;
      for (let k = KEY_VALUE_CONTEXT.exec(line); k; k = KEY_VALUE_CONTEXT.exec(line)) {
        const value = /^[^;'"`]*/.exec(line.slice(k.index + k[0].length))?.[0].trim() ?? '';
        keys.set(k[1].toLowerCase(), value);
      }
      const jdbc = /jdbc:sqlserver:\/\/([^;\s'"`]*)/i.exec(line);
      if (keys.size === 0 && !jdbc) continue; // a lone `password=` is a name=value pair, judged elsewhere
      const host =
        jdbc?.[1] ?? keys.get('server') ?? keys.get('data source') ?? keys.get('host') ?? keys.get('address') ?? keys.get('addr') ?? '';
      const user = keys.get('user id') ?? keys.get('userid') ?? keys.get('uid') ?? keys.get('user') ?? keys.get('username') ?? '';
      if (!jdbc && !host && !keys.has('database') && !keys.has('initial catalog') && !keys.has('driver')) continue;
      if (password.trim() === '' || rejected(password, user, host.replace(/^tcp:|,\d+$/gi, ''))) continue;
      const scheme = jdbc ? 'jdbc:sqlserver' : keys.has('driver') ? 'odbc' : keys.has('host') ? 'ado' : 'sqlserver';
      push({
        scheme,
        start: lineStart,
        end: lineStart + line.length,
        passwordStart,
        passwordEnd: passwordStart + password.length,
        user,
        password,
        host,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
