/**
 * `config/no-hardcoded-secret` in the files services keep config in: `.env` files, JSON config, compose
 * files and `.npmrc`. Every value is judged as the Dockerfile's `ENV` and the code's literals are
 * (no-hardcoded-secret.judge.ts: a provider token, a password in a connection string, a secret-looking
 * literal under a secret name), then by what the file is:
 *
 *   - A file that a `.gitignore` excludes is not in the repository: it is the local environment, never
 *     reported (any kind). The `.gitignore` files are read from the repository's top (the folder with
 *     `.git`; the workspace root when there is none) down to the file, with `.git/info/exclude`.
 *   - `.env` (`.env.local`, `.env.production`, `prod.env`…) not excluded: each secret is reported, with the
 *     fix of adding the file to the nearest `.gitignore` (suggestion). Test environments (`.env.test`,
 *     `.env.ci`) hold test data by design: only provider tokens. Examples and templates (`.env.example`,
 *     `.sample`, `.template`, `.defaults`, `example.env`…) must hold placeholders: a real-looking value is
 *     reported with the fix of emptying it (suggestion); descriptive stand-ins (`email-server-password`,
 *     `thisisasamplesecret`) are placeholders there.
 *   - JSON config (node-config's `config/*.json`, `appsettings*.json`, Heroku's `app.json` `env`,
 *     credential files…): no fix (JSON has no environment lookup). `custom-environment-variables.json`
 *     maps names, so only tokens count there; a Google service-account key file is one finding on its
 *     private key.
 *   - Compose: `environment:` (map and list) and `build.args` entries of services, and `x-*` extension
 *     blocks (their anchors are merged into services); `${VAR}` is clean, the default of `${VAR:-default}`
 *     is judged. Fix: the value becomes `${NAME}` (suggestion), with `NAME=` in the `.env.example` beside
 *     the compose file.
 *   - `.npmrc`: literal `_authToken`/`_auth`/`_password`; fix: `${NPM_TOKEN}` (suggestion).
 * Provider tokens and connection-string passwords anywhere else in the file (comments, other keys) count too.
 * Config files carry dev defaults of the services they start, so a well-known default password (`postgres`,
 * `guest`), a password equal to its user's name and placeholder passwords (`mypassword`, `s3cr3t`) are not secrets here.
 */
import * as path from 'node:path';
import ignore from 'ignore';
import type { ConfigCheck, ConfigContext, ReportDescriptor } from '../../rule';
import type { Fix } from '../../finding';
import type { ConfigEntry } from '../../languages/config/document';
import type { DotenvDocument } from '../../languages/config/dotenv';
import type { JsonDocument } from '../../languages/config/json';
import { firstDocumentEntries, type YamlDocument } from '../../languages/config/yaml';
import type { NpmrcDocument } from '../../languages/config/npmrc';
import { redact } from '../../redact';
import { isInside, relativePath, toPosix } from '../../paths';
import { envExampleChange, envVarName } from '../../fixes/envVar';
import { environmentOfFile } from '../../knowledge/backingServices';
import { isComposeName } from '../../languages/detect';
import { mappedKeys, ownYamlConfig, readByNodeConfig } from '../../facts/nodeConfig';
import {
  isUserName,
  connectionKind,
  findTokens,
  findUrlCredentials,
  fromLeet,
  identifierWords,
  isDecoratedPasswordWord,
  isLocalHost,
  isLoudPasswordWord,
  isPasswordPlaceholder,
  userNamesOf,
  isWeakDefaultPassword,
  isWholeSequence,
  secretKindOfName,
  TOKEN_PREFIX_HINT,
} from '../../secrets';
import { hasExpansion, judgeSetting, literalSecret, type SettingVerdict } from './no-hardcoded-secret.judge';

/** Superset of what any check below reports: a token keyword, a URL, or a word every secret name or npm auth key holds. */
function prefilter(text: string): boolean {
  return /pass|pwd|secret|token|key|cred|auth|:\/\//i.test(text) || TOKEN_PREFIX_HINT.test(text);
}

type Context = ConfigContext<{ readonly entries: readonly ConfigEntry[]; readonly text: string }>;

/** A secret found in a value (or anywhere in the text), positioned in the file. */
interface Located {
  verdict: SettingVerdict;
  start: number;
  end: number;
}

/**
 * Collects the findings of one file: entries first, then tokens and connection strings anywhere else;
 * a range is reported once, and reports come out in document order.
 */
class Reporter {
  private readonly claimed: { start: number; end: number }[] = [];
  /** Values the entry pass judged (reported or not): the pass over the whole text leaves them alone. */
  private readonly judgedValues: { start: number; end: number }[] = [];
  private readonly pending: { start: number; descriptor: ReportDescriptor }[] = [];

  constructor(private readonly ctx: Context) {}

  report(start: number, end: number, descriptor: Omit<ReportDescriptor, 'range'>): void {
    if (this.isClaimed(start, end)) return;
    this.claimed.push({ start, end });
    this.pending.push({ start, descriptor: { ...descriptor, range: this.ctx.rangeOfOffsets(start, end) } });
  }

  isClaimed(start: number, end: number): boolean {
    return this.claimed.some((c) => start < c.end && c.start < end);
  }

  judged(entry: ConfigEntry): void {
    this.judgedValues.push({ start: entry.contentStart, end: entry.contentEnd });
  }

  private wasJudged(start: number, end: number): boolean {
    return this.judgedValues.some((j) => start < j.end && j.start < end);
  }

  /** Tokens and connection-string passwords in the whole text that no entry reported (comments, other keys). */
  anywhere(describe: (found: Located) => Omit<ReportDescriptor, 'range'> | undefined, urls = true): void {
    const text = this.ctx.text;
    for (const token of findTokens(text)) {
      let verdict: SettingVerdict = { judgement: 'providerToken', secret: token.value, start: token.start, end: token.end, token };
      if (token.format.id === 'private-key') verdict = wholeKeyBlock(verdict, text);
      const found: Located = { verdict, start: verdict.start, end: verdict.end };
      const descriptor = this.wasJudged(found.start, found.end) ? undefined : describe(found);
      if (descriptor) this.report(found.start, found.end, descriptor);
    }
    if (!urls) return;
    for (const url of findUrlCredentials(text)) {
      const found: Located = {
        verdict: { judgement: 'connectionString', secret: url.password, start: url.passwordStart, end: url.passwordEnd, url },
        start: url.passwordStart,
        end: url.passwordEnd,
      };
      const descriptor = this.wasJudged(url.passwordStart, url.passwordEnd) ? undefined : describe(found);
      if (descriptor) this.report(url.passwordStart, url.passwordEnd, descriptor);
    }
  }

  flush(): void {
    this.pending.sort((a, b) => a.start - b.start);
    for (const { descriptor } of this.pending) this.ctx.report(descriptor);
  }
}

// ── judging one entry ────────────────────────────────────────────────────────────────────────

interface EntryOptions {
  /** The name the value is set under (undefined: only tokens and connection strings). */
  name?: string;
  /** An example or template: descriptive words are stand-ins there (`email-server-password`). */
  example?: boolean;
  /** Only provider tokens (test environments). */
  tokensOnly?: boolean;
  /** The values of user names among the entries the value sits with (a password equal to one is a local default). */
  siblingUsers?: () => ReadonlySet<string>;
}

/** `${NAME:-default}`, `${NAME=default}`: the name, the operator and the default. */
const REFERENCE_WITH_DEFAULT = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-=])([^}$]*)\}$/;

/** Judges one value of a config file; the offsets of what it found are the file's. */
function judgeEntry(ctx: Context, entry: ConfigEntry, options: EntryOptions): Located | undefined {
  if (entry.kind === 'boolean' || entry.kind === 'null' || entry.value === '') return undefined;
  const raw = ctx.text.slice(entry.contentStart, entry.contentEnd);
  // `${NAME:-default}`: the reference is clean, its default is a literal like any other.
  const reference = REFERENCE_WITH_DEFAULT.exec(raw);
  if (reference) {
    if (!entry.verbatim || !reference[3]) return undefined;
    const offset = 2 + reference[1].length + reference[2].length;
    const name = options.name && secretKindOfName(options.name) ? options.name : reference[1];
    const verdict = judgeValue(ctx, reference[3], reference[3], { ...options, name });
    return verdict && { verdict, start: entry.contentStart + offset + verdict.start, end: entry.contentStart + offset + verdict.end };
  }
  const verdict = judgeValue(ctx, entry.value, raw, options);
  if (!verdict) return undefined;
  // Offsets into the value map onto the file only when the text between the quotes is the value itself.
  if (!entry.verbatim) return { verdict, start: entry.contentStart, end: entry.contentEnd };
  return { verdict, start: entry.contentStart + verdict.start, end: entry.contentStart + verdict.end };
}

function judgeValue(ctx: Context, value: string, raw: string, options: EntryOptions): SettingVerdict | undefined {
  if (/^(encrypted:|ENC\[)/.test(value)) return undefined; // dotenvx / sops: encrypted to be committed
  const verdict = judgeSetting(options.tokensOnly ? undefined : options.name, value, raw, { testFile: ctx.isTestFile });
  if (!verdict || (options.tokensOnly && verdict.judgement !== 'providerToken')) return undefined;
  if (verdict.token?.format.id === 'private-key') return wholeKeyBlock(verdict, value);
  if (verdict.judgement === 'connectionString') {
    if (options.example && isDescriptiveStandIn(verdict.secret)) return undefined;
    return verdict;
  }
  if (verdict.judgement !== 'namedSecret') return verdict;
  const words = identifierWords(options.name ?? '');
  // `NEXT_PUBLIC_…`, `PUBLIC_…`, `REACT_APP_…`, `VITE_…`, `GATSBY_…`: built into the browser's bundle by design.
  if (words.includes('public') || /^(?:NX_)?REACT_APP_|^VITE_|^GATSBY_/.test(options.name ?? '')) return undefined;
  if (isPasswordPlaceholder(value) || isLeetPlaceholder(value)) return undefined;
  // `ACCESS_SECRET=topsecret` in a committed `.env` or a compose file: a dev default; in `.env.production`, a file under a
  // production folder or a config file the app loads everywhere (node-config's default.json), a weak secret production uses.
  // So is a run of digits or letters for a key or a secret (`123456`, `dc1234567890123456…`: a dummy beside
  // `BILLING_ENABLED=false`, a dev stack's); as a password (`PASSWORD=12345678`, an instance's admin login) it works.
  if (
    (isLoudPasswordWord(value) || (verdict.kind !== 'password' && isCountedStandIn(value))) &&
    isLocalDefaultsFile(relativePath(ctx.root, ctx.file))
  )
    return undefined;
  // A well-known local default, or the user set beside it: also for an S3-style access/secret key pair (MinIO's minioadmin).
  const credential = verdict.kind === 'password' || verdict.kind === 'secret key' || verdict.kind === 'access key';
  if (credential && isWeakDefaultPassword(value)) return undefined;
  // …or the identity beside it repeated (`clientId: 'opencollective'`, `clientKey: 'opencollective'`): a sandbox's stand-in.
  if (isSiblingUserPassword(value, options.siblingUsers)) return undefined;
  if (options.example && isDescriptiveStandIn(value)) return undefined;
  return verdict;
}

/** A private key is its whole block, up to its END line, not the header the format matches. */
function wholeKeyBlock(verdict: SettingVerdict, text: string): SettingVerdict {
  const end = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/.exec(text.slice(verdict.end, verdict.end + 16384));
  if (!end) return verdict;
  const blockEnd = verdict.end + end.index + end[0].length;
  return { ...verdict, secret: text.slice(verdict.start, blockEnd), end: blockEnd };
}

/** A `.env` or compose file with no production, staging or live word anywhere in its path. */
function isLocalDefaultsFile(relative: string): boolean {
  const base = relative.split('/').pop() ?? relative;
  const kind = /^\.env(?:\.[\w.-]+)?$|\.env$/i.test(base) || /compose[\w.-]*\.ya?ml$/i.test(base);
  return kind && !/prod|prd|staging|\buat\b|\blive\b|release/i.test(relative);
}

/**
 * `s3cr3t`, `p@ssw0rd`, `Passw0rd1`: the words "secret" and "password" in leetspeak, the dev defaults a person
 * types into a config file beside the services it starts, not generated secrets.
 */
function isLeetPlaceholder(value: string): boolean {
  const [, word, digits] = /^(.*?)(\d{0,3})$/.exec(value)!;
  if (!/[0-9@$]/.test(word)) return false;
  const plain = fromLeet(word);
  return plain !== word.toLowerCase() && isPasswordPlaceholder(plain + digits);
}

const STAND_IN_WORDS = new Set([
  'password',
  'pass',
  'secret',
  'token',
  'key',
  'sample',
  'example',
  'your',
  'change',
  'replace',
  'dummy',
  'fake',
  'placeholder',
  'generate',
  'insert',
  'demo',
  'default',
  'whatever',
  'random',
]);

/** The same words found anywhere in a lower-case value (`thisisasamplesecret`). */
const STAND_IN_WORD = new RegExp([...STAND_IN_WORDS].join('|'));

/** Words that describe a value's format rather than being it. */
const FORMAT_WORDS = new Set([
  'random',
  'bytes',
  'byte',
  'hex',
  'base64',
  'encoded',
  'characters',
  'chars',
  'char',
  'long',
  'generated',
  'string',
  'uuid',
  'digits',
  'bits',
  'bit',
  'length',
  'alphanumeric',
]);

/** The value is a sibling user's name, or that name with `pass`/`_pass`/`123`… (`root` / `root_pass`): one lookup each. */
function isSiblingUserPassword(value: string, siblingUsers: (() => ReadonlySet<string>) | undefined): boolean {
  if (!siblingUsers) return false;
  const users = siblingUsers();
  return userNamesOf(value).some((name) => users.has(name));
}

/**
 * A run of the alphabet or the digits (`abcdef`, `123456`), or a key's prefix with a run of the digits in place of the
 * key (`sk-lf-1234567890`, `SAK123456789`, `dc1234567890123456…`): what a person types where a value goes.
 */
function isCountedStandIn(value: string): boolean {
  if (isWholeSequence(value)) return true;
  const digits = /^(?:[A-Za-z]{1,4}[-_]?){1,2}(\d{6,})$/.exec(value)?.[1];
  return !!digits && isWholeSequence(digits);
}

/**
 * In an example, what goes there rather than a value: words that say it (`email-server-password`,
 * `thisisasamplesecret`, `get_a_key_from_aws`), or a run of the alphabet or the digits (`abcdef`,
 * `123456`). In code a run is still a weak password that works, and is reported.
 */
function isDescriptiveStandIn(value: string): boolean {
  if (isCountedStandIn(value)) return true;
  // `32-random-bytes-hex-encoded`, `random_64_char_string`: the format of the value that goes there, in format words only.
  const parts = value.split(/[-_ ]/);
  if (
    /^[a-z0-9]+(?:[-_ ][a-z0-9]+)+$/i.test(value) &&
    parts.filter((w) => FORMAT_WORDS.has(w.toLowerCase())).length >= 2 &&
    parts.every((w) => FORMAT_WORDS.has(w.toLowerCase()) || /^\d{1,4}$/.test(w) || /^(?:a|an|of|in|to)$/i.test(w))
  )
    return true;
  // Hexspeak (`CAFEBABE`, `DEADBEEF`): a marker for the real key (in code, `session_secret = "deadbeef"` is used).
  if (/^(?:dead|beef|cafe|babe|feed|face|baad|f00d|c0de|c0ffee|d00d|fade)+$/i.test(value) && value.length <= 16) return true;
  // `defaultSecretKey`: the same words in camelCase, as whole words (not `keyboardCat`).
  if (/^[a-z]+(?:[A-Z][a-z0-9]+)+$/.test(value)) return identifierWords(value).some((w) => STAND_IN_WORDS.has(w));
  return /^[a-z][a-z0-9]*(?:[-_ ][a-z0-9]+)*$/.test(value) && STAND_IN_WORD.test(value);
}

/**
 * The user names set beside each entry (`POSTGRES_USER: docker` beside `POSTGRES_PASSWORD: docker`: a local
 * default), by parent (the same object, environment block or file); indexed once, when first asked.
 */
function siblingUsers(entries: readonly ConfigEntry[]): (entry: ConfigEntry) => () => ReadonlySet<string> {
  let byParent: Map<string, Set<string>> | undefined;
  const parentOf = (e: ConfigEntry) => e.path.slice(0, -1).join('\u0000');
  return (entry) => () => {
    if (!byParent) {
      byParent = new Map();
      for (const e of entries) {
        // A user, or a client's or an app's id (`clientId`, `app_id`): the identity a credential is set beside.
        if (!isUserName(e.key ?? '') && !/^(?:client|app|application|consumer)[-_]?id$/i.test(e.key ?? '')) continue;
        const parent = parentOf(e);
        // `${CLICKHOUSE_USER:-clickhouse}`: the user when nothing is set, as a password's `${…:-…}` default is judged.
        const value = REFERENCE_WITH_DEFAULT.exec(e.value)?.[3] ?? e.value;
        byParent.set(parent, (byParent.get(parent) ?? new Set()).add(value));
      }
    }
    return byParent.get(parentOf(entry)) ?? new Set();
  };
}

type NamedEntry = ConfigEntry & { key: string };

/** Each compose service's environment entries (map and list forms alike). */
function serviceEnvironments(entries: readonly ConfigEntry[]): Map<string, NamedEntry[]> {
  const out = new Map<string, NamedEntry[]>();
  for (const e of entries) {
    const p = e.path;
    if (p[0] !== 'services' || typeof p[1] !== 'string' || p[2] !== 'environment' || p.length !== 4 || !e.key) continue;
    if (typeof p[3] === 'number' && e.key === p[2]) continue; // `- NAME` passed through
    if (!out.has(p[1])) out.set(p[1], []);
    out.get(p[1])!.push(e as NamedEntry);
  }
  return out;
}

/** Variables that let a database container accept any password (or none): a URL's password to it is checked by no one. */
const OPEN_AUTH: Record<string, RegExp> = {
  // Every user, every database (MySQL's MYSQL_ALLOW_EMPTY_PASSWORD is root's alone: another user still has its own).
  POSTGRES_HOST_AUTH_METHOD: /^trust$/i,
};

/**
 * A connection string to another service of the same compose file whose database checks no password
 * (`POSTGRES_HOST_AUTH_METHOD: trust`), or whose password is that service's own setting and that setting is no
 * secret (`DATABASE_URL: postgres://app:app-password@db/app` beside `db: { POSTGRES_PASSWORD: app-password }`): the URL
 * is judged as the setting is. (A real password is reported in both places: both must go for it to leave the file.)
 */
function passwordOfService(
  url: { host: string; password: string },
  services: Map<string, NamedEntry[]>,
  isSecret: (entry: NamedEntry) => boolean,
): boolean {
  const environment = services.get(url.host.replace(/:\d+$/, ''));
  if (!environment) return false;
  if (environment.some((e) => OPEN_AUTH[e.key]?.test(e.value))) return true;
  return environment.some((e) => e.value === url.password && secretKindOfName(e.key) === 'password' && !isSecret(e));
}

/** A host a compose network names (a service or its alias: `db`, `tenant_db`, `db:5432`), not a domain or an address. */
function isComposeHost(host: string): boolean {
  return /^[a-z][a-z0-9_-]*(?::\d+)?$/i.test(host);
}

// ── .gitignore ───────────────────────────────────────────────────────────────────────────────

/**
 * Does a `.gitignore` exclude the file (so it is not in the repository)? Read from the repository's top
 * down to the file's folder, deeper files deciding last, as git does.
 */
function isGitignored(ctx: Context): boolean {
  const read = (file: string) => ctx.host.readFile(file);
  const folders: string[] = [];
  let top: string | undefined;
  for (let dir = path.dirname(ctx.file), depth = 0; depth < 64; depth++) {
    folders.push(dir);
    if (read(path.join(dir, '.git', 'HEAD')) !== undefined || read(path.join(dir, '.git')) !== undefined) {
      top = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const chain = (top ? folders : folders.filter((dir) => isInside(ctx.root, dir))).reverse();
  let ignored = false;
  const apply = (base: string, rules: string) => {
    const verdict = ignore()
      .add(rules)
      .test(toPosix(path.relative(base, ctx.file)));
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  };
  const exclude = top && read(path.join(top, '.git', 'info', 'exclude'));
  if (top && exclude) apply(top, exclude);
  for (const dir of chain) {
    const rules = read(path.join(dir, '.gitignore'));
    if (rules !== undefined) apply(dir, rules);
  }
  return ignored;
}

/** Adds the file to the nearest `.gitignore` at or above it within the workspace (the root's, created if there is none). */
function gitignoreFix(ctx: Context): Fix {
  let target = path.join(ctx.root, '.gitignore');
  for (let dir = path.dirname(ctx.file); isInside(ctx.root, dir); dir = path.dirname(dir)) {
    if (ctx.host.readFile(path.join(dir, '.gitignore')) !== undefined) {
      target = path.join(dir, '.gitignore');
      break;
    }
    if (dir === ctx.root || path.dirname(dir) === dir) break;
  }
  // Anchored to the .gitignore's folder, with gitignore's special characters escaped.
  const line = `/${toPosix(path.relative(path.dirname(target), ctx.file)).replace(/[\\*?[\]!#]/g, '\\$&')}`;
  return {
    kind: 'suggestion',
    title: `Keep ${displayName(ctx)} out of the repository: add ${line} to ${toPosix(path.relative(ctx.root, target))}`,
    changes: [{ kind: 'ensureLine', file: target, line, presentIfLineStartsWith: line, exact: true }],
  };
}

function displayName(ctx: Context): string {
  return isInside(ctx.root, ctx.file) ? toPosix(path.relative(ctx.root, ctx.file)) : path.basename(ctx.file);
}

// ── .env ─────────────────────────────────────────────────────────────────────────────────────

type DotenvRole = 'environment' | 'example' | 'test' | 'vault';

/**
 * What a `.env` file is for, from its name: `.env.example` (also `example.env`, `.env.local.sample`), `.env.test` (and
 * `.env.development`: environments that hold test or development data by design), `.env.vault`.
 */
export function dotenvRole(file: string): DotenvRole {
  // `example-template.env`, `env_sample`: the words of each part count too.
  const parts = path.basename(file).toLowerCase().split(/[._-]/).filter(Boolean);
  if (parts.includes('vault')) return 'vault'; // dotenv-vault: encrypted to be committed
  const test = parts.some((p) => /^(test|testing|tests|ci|e2e|spec)$/.test(p));
  // `.env.test.sample`: the template of the test environment holds test data, as `.env.test` itself does.
  // `.env.demo` (credebl: "values are already present as placeholders"): the template a reader copies, judged as one.
  if (parts.some((p) => /^(examples?|samples?|templates?|tmpl|tpl|dist|defaults?|schema|stub|skeleton|demo)$/.test(p)))
    return test ? 'test' : 'example';
  if (test) return 'test';
  // `.env.development` (the committed defaults Vite, Next.js and CRA load in development), not `.env.development.local`.
  // `develop.env` (lido: "cp develop.env .env" for a local run) too.
  if (parts.some((p) => /^(development|develop|dev)$/.test(p)) && !parts.includes('local')) return 'test';
  return 'environment';
}

/** `123456`, `12345678`, `0123456789`: digits counted up, the password typed when any will do. */
const COUNTED_DIGITS = /^0?12345(?:6(?:7(?:8(?:90?)?)?)?)?$/;

export const dotenvCheck: ConfigCheck<DotenvDocument> = {
  prefilter,
  check(ctx) {
    const role = dotenvRole(ctx.file);
    if (role === 'vault' || isGitignored(ctx)) return;
    const reporter = new Reporter(ctx);
    const file = displayName(ctx);
    const fixes = role === 'environment' || role === 'test' ? [gitignoreFix(ctx)] : [];
    const variables = ctx.document.variables;
    const siblings = siblingUsers(variables);
    const lines = ctx.text.split(/\r?\n/);
    for (const variable of variables) {
      reporter.judged(variable);
      const found = judgeEntry(ctx, variable, {
        name: variable.key,
        example: role === 'example',
        tokensOnly: role === 'test',
        siblingUsers: siblings(variable),
      });
      if (!found) continue;
      if (role === 'example') {
        // `# SAMPLE key only to be used in POC environments` above it: the template says the value is a sample.
        if (
          found.verdict.judgement !== 'providerToken' &&
          saysSample(lines, variable.keyRange?.start.line ?? variable.valueRange.start.line)
        )
          continue;
        reporter.report(found.start, found.end, exampleDescriptor(ctx, found, variable.key, emptyValueFix(ctx, variable)));
      } else reporter.report(found.start, found.end, envFileDescriptor(found, file, variable.key, fixes));
    }
    reporter.anywhere((found) => {
      const where = dotenvWhere(ctx.document, found.start);
      // In a template, a stand-in in a comment (`# curl -H "authorization: app_default_secret"`) is one as on a line; a
      // provider's token keeps its own format and is judged by it (a generic shape, a header's credential, does not).
      if (role === 'example')
        return (!found.verdict.token || found.verdict.token.format.generic) && isDescriptiveStandIn(found.verdict.secret)
          ? undefined
          : exampleDescriptor(ctx, found, where, []);
      return envFileDescriptor(found, file, where, fixes);
    }, role !== 'test');
    reporter.flush();
  },
};

/** The comment lines right above `line` say the value is a sample, an example or a demo's (`# SAMPLE key for POC environments`). */
function saysSample(lines: readonly string[], line: number): boolean {
  for (let i = line - 1; i >= 0 && i >= line - 3; i--) {
    const text = lines[i].trim();
    if (!text.startsWith('#')) return false;
    if (/\b(?:samples?|demo|poc|dummy|placeholder|not (?:a )?(?:real|secret)|do not use in production)\b/i.test(text)) return true;
  }
  return false;
}

function envFileDescriptor(found: Located, file: string, where: string, fixes: Fix[]): Omit<ReportDescriptor, 'range'> {
  const { verdict } = found;
  const secrets = [verdict.secret];
  const value = redact(verdict.secret);
  if (verdict.token) return { messageId: 'dotenvToken', data: { kind: verdict.token.kind, value, file, where }, secrets, fixes };
  if (verdict.url)
    return {
      messageId: 'dotenvConnectionString',
      data: { value, label: connectionKind(verdict.url.scheme).label, file, where },
      secrets,
      fixes,
    };
  return { messageId: 'dotenvSecret', data: { kind: verdict.kind!, value, file, where }, secrets, fixes };
}

function exampleDescriptor(ctx: Context, found: Located, where: string, fixes: Fix[]): Omit<ReportDescriptor, 'range'> {
  const { verdict } = found;
  const kind = verdict.token ? verdict.token.kind : verdict.url ? `password in ${connectionKind(verdict.url.scheme).label}` : verdict.kind!;
  return {
    messageId: 'dotenvExampleValue',
    data: { file: displayName(ctx), where, kind, value: redact(verdict.secret) },
    secrets: [verdict.secret],
    fixes,
  };
}

/** `KEY=real-value` → `KEY=` (quotes and all; a trailing comment stays). */
function emptyValueFix(ctx: Context, variable: ConfigEntry & { key: string }): Fix[] {
  const range = variable.valueRange;
  return [
    {
      kind: 'suggestion',
      title: `Empty the value of ${variable.key} in ${path.basename(ctx.file)} (an example holds placeholders)`,
      changes: [{ kind: 'replace', file: ctx.file, range, newText: '' }],
    },
  ];
}

function dotenvWhere(document: DotenvDocument, offset: number): string {
  const variable = document.variables.find((v) => v.contentStart <= offset && offset <= v.contentEnd);
  return variable ? variable.key : 'a comment';
}

// ── JSON ─────────────────────────────────────────────────────────────────────────────────────

type JsonKind = 'node-config' | 'node-config-env-map' | 'app.json' | 'appsettings' | 'package.json' | 'other';

/** Names of npm scripts that test or develop (`test`, `testmssql`, `test:e2e`, `e2e`, `dev:api`): not `seed:prod`, `ci:deploy`. */
const TEST_SCRIPT = /^(?:test|e2e|dev)|(?:^|[:_-])(?:test|tests|e2e|spec|dev|development|local)(?:[:_-]|$)/i;
const PRODUCTION_SCRIPT = /prod|deploy|release|migrat|stag|live|remote/i;

/**
 * A local database's login in a test or development npm script (`"testmssql": "env DB_URI='mssql://sa:…@localhost' npm
 * test"`): test data, as in a test file. Only a connection string to a local host; a remote one and tokens still count.
 */
function isTestScriptLogin(kind: JsonKind, entry: ConfigEntry, verdict: SettingVerdict): boolean {
  const script = entry.path[1];
  if (kind !== 'package.json' || entry.path[0] !== 'scripts' || typeof script !== 'string') return false;
  if (!TEST_SCRIPT.test(script) || PRODUCTION_SCRIPT.test(script)) return false;
  return !!verdict.url && isLocalHost(verdict.url.host);
}

function jsonKind(file: string): JsonKind {
  const base = path.basename(file);
  if (base === 'app.json') return 'app.json';
  if (base === 'package.json') return 'package.json';
  if (/^appsettings([.-][\w.-]+)?\.json$/i.test(base)) return 'appsettings';
  if (path.basename(path.dirname(file)) === 'config') return nodeConfigKind(file);
  return 'other';
}

/** A file of node-config's folder (JSON or YAML): the map of environment variables, or settings. */
function nodeConfigKind(file: string): 'node-config' | 'node-config-env-map' {
  return /^custom-environment-variables\.(?:json|ya?ml)$/i.test(path.basename(file)) ? 'node-config-env-map' : 'node-config';
}

/** Strings of a path: `['db', 0, 'password']` → db, password. */
const keysOf = (p: readonly (string | number)[]) => p.filter((k): k is string => typeof k === 'string');

/**
 * The name a JSON value is set under: its key, qualified by its parent when the key alone says too little
 * (`jwt.key` → `jwt key`); in app.json's `env`, the variable's name (`env.SECRET_KEY.value`).
 */
function jsonName(kind: JsonKind, entry: ConfigEntry): string | undefined {
  const keys = keysOf(entry.path);
  if (kind === 'app.json') {
    const p = entry.path;
    const at = p[0] === 'env' ? 0 : p[0] === 'environments' && p[2] === 'env' ? 2 : -1;
    if (at < 0 || typeof p[at + 1] !== 'string') return undefined;
    if (p.length === at + 2 || (p.length === at + 3 && p[at + 2] === 'value')) return String(p[at + 1]);
    return undefined; // description, generator, required
  }
  // package.json names packages, scripts and engines: only npm's own `config` block holds settings.
  if (kind === 'package.json' && entry.path[0] !== 'config') return undefined;
  const key = entry.key;
  if (!key) return undefined;
  const parent = keys[keys.length - 2];
  if (parent !== undefined && keys[keys.length - 1] === key && !secretKindOfName(key) && secretKindOfName(`${parent} ${key}`))
    return `${parent} ${key}`;
  return key;
}

export const jsonCheck: ConfigCheck<JsonDocument> = {
  prefilter,
  check(ctx) {
    if (isGitignored(ctx)) return;
    const kind = jsonKind(ctx.file);
    const reporter = new Reporter(ctx);
    const doc = ctx.document;
    // A Google service-account key: one finding, on its private key.
    if (doc.valueAt(['type']) === 'service_account') {
      const entry = doc.entries.find((e) => e.path.length === 1 && e.path[0] === 'private_key' && e.kind === 'string');
      const account = doc.valueAt(['client_email']);
      if (entry && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(entry.value)) {
        reporter.report(entry.contentStart, entry.contentEnd, {
          messageId: 'jsonServiceAccountKey',
          data: { file: displayName(ctx), account: typeof account === 'string' ? account : 'a service account' },
          secrets: [entry.value],
        });
      }
    }
    checkSettings(ctx, kind, reporter);
  },
};

/** Each setting of a JSON or node-config YAML file, judged under its (qualified) key. */
function checkSettings(ctx: Context, kind: JsonKind, reporter: Reporter, entries = ctx.document.entries): void {
  const file = displayName(ctx);
  const siblings = siblingUsers(entries);
  // node-config's file for NODE_ENV=development (config/development.json): a development environment, like .env.development.
  const development = kind === 'node-config' && /^(?:development|dev)(?:-\w+)?\.(?:json|ya?ml)$/i.test(path.basename(ctx.file));
  // Keys custom-environment-variables maps, in node-config's default file: the deploy sets them, the value there is the
  // default when it does not (a development default, as the locator rule leaves them). A provider's token there still
  // counts, and so does any value in an environment's own file (`production.json`): that file is written for the deploy.
  const defaults = kind === 'node-config' && /^default(?:-\w+)?\.(?:json5?|ya?ml)$/i.test(path.basename(ctx.file));
  const mapped = kind === 'node-config' ? mappedKeys(path.dirname(ctx.file), (f) => ctx.host.readFile(f)) : new Set<string>();
  for (const entry of entries) {
    reporter.judged(entry);
    const name = kind === 'node-config-env-map' ? undefined : jsonName(kind, entry);
    // A test or development script (`"testmssql": "env DB_URI='mssql://sa:…@localhost' npm test"`): its logins are a
    // local database's, test data as in a test file; a provider's token still counts.
    const found = judgeEntry(ctx, entry, {
      name,
      siblingUsers: siblings(entry),
      tokensOnly: development || (defaults && mapped.has(keysOf(entry.path).join('.'))),
    });
    if (found && isTestScriptLogin(kind, entry, found.verdict)) continue;
    if (found) reporter.report(found.start, found.end, jsonDescriptor(kind, file, found, entry, name, mapped));
  }
  reporter.anywhere((found) => jsonDescriptor(kind, file, found, undefined, undefined));
  reporter.flush();
}

function jsonDescriptor(
  kind: JsonKind,
  file: string,
  found: Located,
  entry: ConfigEntry | undefined,
  name: string | undefined,
  mapped: ReadonlySet<string> = new Set(),
): Omit<ReportDescriptor, 'range'> {
  const { verdict } = found;
  const keys = entry ? keysOf(entry.path) : [];
  const where = keys.length ? keys.join('.') : 'a comment';
  const envName = envNameForPath(keys, name);
  const advice = jsonAdvice(kind, keys, envName, /\.ya?ml$/i.test(file) ? 'yml' : 'json', mapped.has(keys.join('.')));
  const value = redact(verdict.secret);
  const secrets = [verdict.secret];
  if (verdict.token) return { messageId: 'jsonToken', data: { kind: verdict.token.kind, value, file, where, advice }, secrets };
  if (verdict.url)
    return {
      messageId: 'jsonConnectionString',
      data: { value, label: connectionKind(verdict.url.scheme).label, file, where, advice },
      secrets,
    };
  return { messageId: 'jsonSecret', data: { kind: verdict.kind!, value, name: where, file, advice }, secrets };
}

/** `['db', 'password']` → DB_PASSWORD; app.json's variable keeps its own name. */
function envNameForPath(keys: readonly string[], name: string | undefined): string {
  if (name && /^[A-Z][A-Z0-9_]*$/.test(name)) return name;
  const last = keys.slice(-2);
  return last.length ? envVarName(last.join('_')) : 'SECRET';
}

function jsonAdvice(kind: JsonKind, keys: readonly string[], envName: string, format: 'json' | 'yml', mapped = false): string {
  switch (kind) {
    case 'node-config':
      // Already mapped: the variable wins when the deploy sets it, and this value is used when it does not.
      if (mapped)
        return `"${keys.join('.')}" is mapped in config/custom-environment-variables.${format}, so this value is what runs wherever the variable is unset: remove it here.`;
      return `Remove it here and map "${keys.join('.')}" to an environment variable in config/custom-environment-variables.${format} (e.g. "${envName}").`;
    case 'app.json':
      return 'Leave the value out of app.json: set it with heroku config:set, or let Heroku generate it ("generator": "secret").';
    case 'package.json':
      return 'Keep it out of package.json: pass it to the script from the environment.';
    default:
      return `Remove it here and read it from the environment (${envName}).`;
  }
}

// ── compose ──────────────────────────────────────────────────────────────────────────────────

/** What a compose entry is: a service's environment variable or build argument, or a key of an `x-*` block. */
function composeSetting(entry: ConfigEntry): { name: string; where: string } | undefined {
  const p = entry.path;
  const last = p[p.length - 1];
  // `- NAME` (no `=`) in a list passes a variable through from the shell: the parser leaves the list's own key.
  if (typeof last === 'number' && entry.key === p[p.length - 2]) return undefined;
  const name = entry.key;
  if (!name) return undefined;
  if (p[0] === 'services' && typeof p[1] === 'string') {
    if (p[2] === 'environment' && p.length === 4) return { name, where: `environment variable ${name} of service ${p[1]}` };
    if (p[2] === 'build' && p[3] === 'args' && p.length === 5)
      return { name, where: `build argument ${name} of service ${p[1]} (kept in the image history too)` };
    return undefined;
  }
  if (typeof p[0] === 'string' && p[0].startsWith('x-')) return { name, where: `${name} in ${p[0]}` };
  return undefined;
}

export const composeCheck: ConfigCheck<YamlDocument> = {
  prefilter,
  check(ctx) {
    if (isGitignored(ctx)) return;
    const reporter = new Reporter(ctx);
    // node-config's YAML (config/production.yml): settings under keys, as in its JSON files.
    if (!isComposeName(ctx.file)) {
      const files = { root: ctx.root, readFile: (f: string) => ctx.host.readFile(f) };
      if (readByNodeConfig(ctx.file, ctx.text, files))
        checkSettings(ctx, nodeConfigKind(ctx.file), reporter, firstDocumentEntries(ctx.document));
      // The same file read by the app's own loader (js-yaml, Nest's config module): its settings, with plain advice.
      else if (ownYamlConfig(ctx.file, ctx.text, files)) checkSettings(ctx, 'other', reporter, ctx.document.entries);
      return;
    }
    const entries = ctx.document.entries;
    const siblings = siblingUsers(entries);
    const services = serviceEnvironments(entries);
    // A compose file that is not production's (or staging's) runs services on a developer's machine or in CI.
    const local = environmentOfFile(path.basename(ctx.file)) !== 'prod';
    const development = environmentOfFile(relativePath(ctx.root, ctx.file)) === 'dev';
    for (const entry of entries) {
      const setting = composeSetting(entry);
      if (!setting) continue;
      reporter.judged(entry);
      const found = judgeEntry(ctx, entry, { name: setting.name, siblingUsers: siblings(entry) });
      if (!found) continue;
      // `MSSQL_SA_PASSWORD: SuperP4ssw0rd!`: the word password dressed for a database's complexity check, a local default.
      // `PGADMIN_DEFAULT_PASSWORD=123456` in docker-compose-dev.yaml: the digits a person types when any password will do, in a
      // file named for development (not the compose file a self-hoster deploys: swetrix's `PASSWORD=12345678`).
      if (
        local &&
        found.verdict.judgement === 'namedSecret' &&
        (isDecoratedPasswordWord(found.verdict.secret) || (development && COUNTED_DIGITS.test(found.verdict.secret)))
      )
        continue;
      if (
        found.verdict.url &&
        passwordOfService(found.verdict.url, services, (e) => !!judgeEntry(ctx, e, { name: e.key, siblingUsers: siblings(e) }))
      )
        continue;
      // `postgres://postgres:postgres@tenant_db` in a local compose file: an image's well-known default login (user and password)
      // on a host of the compose network, whose service may be defined in another file (`extends:`, `-f infra.yml`).
      if (
        local &&
        found.verdict.url &&
        isComposeHost(found.verdict.url.host) &&
        found.verdict.url.password === found.verdict.url.user &&
        isWeakDefaultPassword(found.verdict.url.password)
      )
        continue;
      const reference = `\${${/^[A-Za-z_][A-Za-z0-9_]*$/.test(setting.name) ? setting.name : envVarName(setting.name)}}`;
      const fixes = composeFix(ctx, entry, setting.name);
      const value = redact(found.verdict.secret);
      const secrets = [found.verdict.secret];
      const { where } = setting;
      if (found.verdict.token)
        reporter.report(found.start, found.end, {
          messageId: 'composeToken',
          data: { kind: found.verdict.token.kind, value, where, reference },
          secrets,
          fixes,
        });
      else if (found.verdict.url)
        reporter.report(found.start, found.end, {
          messageId: 'composeConnectionString',
          data: { value, label: connectionKind(found.verdict.url.scheme).label, where, reference },
          secrets,
          fixes,
        });
      else
        reporter.report(found.start, found.end, {
          messageId: 'composeSecret',
          data: { kind: found.verdict.kind!, value, where, reference },
          secrets,
          fixes,
        });
    }
    reporter.anywhere((found): Omit<ReportDescriptor, 'range'> => {
      const entry = entries.find((e) => e.contentStart <= found.start && found.end <= e.contentEnd);
      const where = entry ? keysOf(entry.path).join('.') : 'a comment';
      const reference = '${VARIABLE}';
      const value = redact(found.verdict.secret);
      if (found.verdict.token)
        return {
          messageId: 'composeToken',
          data: { kind: found.verdict.token.kind, value, where, reference },
          secrets: [found.verdict.secret],
        };
      return {
        messageId: 'composeConnectionString',
        data: { value, label: connectionKind(found.verdict.url!.scheme).label, where, reference },
        secrets: [found.verdict.secret],
      };
    });
    reporter.flush();
  },
};

/** The value becomes `${NAME}` (the rest of a quoted scalar kept), and `NAME=` goes to the `.env.example` beside the compose file. */
function composeFix(ctx: Context, entry: ConfigEntry, name: string): Fix[] {
  const raw = ctx.text.slice(entry.contentStart, entry.contentEnd);
  if (!entry.verbatim || /[\r\n]/.test(raw) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return [];
  const reference = `\${${name}}`;
  return [
    {
      kind: 'suggestion',
      title: `Reference ${reference} (set it in the shell or a gitignored .env) and add ${name}= to .env.example`,
      titleWithoutOptional: `Reference ${reference} (set it in the shell or a gitignored .env)`,
      changes: [
        { kind: 'replace', file: ctx.file, range: ctx.rangeOfOffsets(entry.contentStart, entry.contentEnd), newText: reference },
        { ...envExampleChange(path.dirname(ctx.file), name), optional: true },
      ],
    },
  ];
}

// ── .npmrc ───────────────────────────────────────────────────────────────────────────────────

const NPM_AUTH_KEY = /(?:^|:)_(authToken|auth|password)$/;

export const npmrcCheck: ConfigCheck<NpmrcDocument> = {
  prefilter,
  check(ctx) {
    if (isGitignored(ctx)) return;
    const reporter = new Reporter(ctx);
    const file = displayName(ctx);
    const literals = ctx.document.entries.flatMap((entry) => {
      const auth = NPM_AUTH_KEY.exec(entry.key ?? '');
      if (!auth) return [];
      reporter.judged(entry);
      const raw = ctx.text.slice(entry.contentStart, entry.contentEnd);
      return hasExpansion(raw) || !literalSecret(entry.value) ? [] : [{ entry, field: auth[1] }];
    });
    const names = npmEnvNames(literals.map(({ entry, field }) => ({ field, key: entry.key! })));
    literals.forEach(({ entry, field }, i) => {
      const reference = `\${${names[i]}}`;
      const what = field === 'authToken' ? 'npm auth token' : field === 'auth' ? 'npm credentials (_auth)' : 'npm password (_password)';
      reporter.report(entry.contentStart, entry.contentEnd, {
        messageId: 'npmrcToken',
        data: { what, value: redact(entry.value), file, reference: `${entry.key}=${reference}` },
        secrets: [entry.value],
        fixes: [
          {
            kind: 'suggestion',
            title: `Read the ${field === 'authToken' ? 'token' : 'credentials'} from the environment: ${entry.key}=${reference}`,
            changes: [
              { kind: 'replace', file: ctx.file, range: ctx.rangeOfOffsets(entry.contentStart, entry.contentEnd), newText: reference },
            ],
          },
        ],
      });
    });
    reporter.anywhere((found) => ({
      messageId: 'npmrcToken',
      data: {
        what: found.verdict.token ? found.verdict.token.kind : `Password in ${connectionKind(found.verdict.url!.scheme).label}`,
        value: redact(found.verdict.secret),
        file,
        reference: '${NPM_TOKEN}',
      },
      secrets: [found.verdict.secret],
    }));
    reporter.flush();
  },
};

/**
 * The variable each literal auth value is read from: NPM_TOKEN (NPM_AUTH, NPM_PASSWORD) when there is one of
 * its kind; with several, the npmjs registry's keeps it and the others are named after their host
 * (`//npm.pkg.github.com/:_authToken` → NPM_TOKEN_GITHUB).
 */
function npmEnvNames(auths: readonly { field: string; key: string }[]): string[] {
  const base = (field: string) => (field === 'authToken' ? 'NPM_TOKEN' : field === 'auth' ? 'NPM_AUTH' : 'NPM_PASSWORD');
  const host = (key: string) => /^\/\/([^/:]+)/.exec(key)?.[1] ?? '';
  const used = new Set<string>();
  return auths.map(({ field, key }) => {
    const several = auths.filter((a) => a.field === field).length > 1;
    const h = host(key);
    let name = base(field);
    if (several && h !== '' && h !== 'registry.npmjs.org') {
      const labels = h.split('.').filter(Boolean);
      name = `${name}_${envVarName(labels.length >= 2 ? labels[labels.length - 2] : labels[0])}`;
    }
    for (let i = 2, candidate = name; ; i++, candidate = `${name}_${i}`) {
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  });
}
