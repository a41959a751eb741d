/**
 * Where secrets go in code: the parameters and options of library calls that only ever hold a
 * secret (a signing key, a password, an API token), the headers that carry credentials, and the
 * option values that make credentials meaningless (an SQLite or in-memory database).
 *
 * Knowledge as data. Each entry names the module and member as the package exports it, the position
 * (argument index, then an option path inside that argument), and the parameter names the package's
 * type declarations give (`@types/jsonwebtoken`: `sign(payload, secretOrPrivateKey, options)`), which
 * the rule uses to recognise a placeholder that repeats its parameter's name (`'password'` passed as
 * the password). Written by hand from those declarations: reading `node_modules` at analysis time is
 * left for later (see the rule's docs).
 */
import type * as ts from 'typescript';
import type { ModuleBindings } from '../languages/typescript/imports';
import { calleeName } from '../languages/typescript/flow';

export interface SecretSink {
  /** What the position holds, as a message names it: `JWT secret`, `HMAC key`. */
  what: string;
  /** The environment variable a fix reads it from. */
  envName: string;
  /** Declared parameter names of the call, in order. */
  params?: readonly string[];
  /** The callee as the message shows it. */
  callee: string;
}

interface SinkEntry {
  /** Module the callee resolves to, through the file's imports. */
  module?: string;
  /** Member paths within the module: [] is the module itself (`stripe(key)`), ['AES', 'encrypt']… */
  members: readonly (readonly string[])[];
  /** Callee names that identify the call when the file does not import the module (`createHmac`). */
  names?: readonly string[];
  /** For a `names` fallback on a method: the object's name must match (`jwt.sign`, not `doc.sign`). */
  objectHint?: RegExp;
  /** Only as `new X(…)`. */
  construct?: boolean;
  index: number;
  /** Option path inside the argument (`['auth', 'pass']`); `*` matches any key. */
  option?: readonly string[];
  minArguments?: number;
  what: string;
  envName: string;
  params?: readonly string[];
}

const HMAC_METHODS = ['HmacMD5', 'HmacSHA1', 'HmacSHA224', 'HmacSHA256', 'HmacSHA384', 'HmacSHA512', 'HmacSHA3', 'HmacRIPEMD160'];
const CIPHERS = ['AES', 'DES', 'TripleDES', 'Rabbit', 'RC4', 'RC4Drop'];

const SINKS: readonly SinkEntry[] = [
  {
    module: 'jsonwebtoken',
    members: [['sign'], ['verify']],
    names: ['sign', 'verify'],
    objectHint: /^(jwt|jsonwebtoken|JWT|jsonWebToken)$/,
    index: 1,
    what: 'JWT secret',
    envName: 'JWT_SECRET',
    params: ['payload', 'secretOrPrivateKey', 'options'],
  },
  {
    module: 'crypto',
    members: [['createHmac']],
    names: ['createHmac'],
    index: 1,
    what: 'HMAC key',
    envName: 'HMAC_SECRET',
    params: ['algorithm', 'key', 'options'],
  },
  {
    module: 'crypto',
    members: [['createCipheriv'], ['createDecipheriv']],
    names: ['createCipheriv', 'createDecipheriv'],
    index: 1,
    what: 'encryption key',
    envName: 'ENCRYPTION_KEY',
    params: ['algorithm', 'key', 'iv', 'options'],
  },
  {
    module: 'cookie-parser',
    members: [[]],
    index: 0,
    what: 'cookie signing secret',
    envName: 'COOKIE_SECRET',
    params: ['secret', 'options'],
  },
  {
    module: 'cookie-signature',
    members: [['sign'], ['unsign']],
    index: 1,
    what: 'cookie signing secret',
    envName: 'COOKIE_SECRET',
    params: ['value', 'secret'],
  },
  {
    module: 'stripe',
    members: [[], ['Stripe']],
    index: 0,
    what: 'Stripe secret key',
    envName: 'STRIPE_SECRET_KEY',
    params: ['apiKey', 'config'],
  },
  {
    module: 'twilio',
    members: [[], ['Twilio']],
    index: 1,
    what: 'Twilio auth token',
    envName: 'TWILIO_AUTH_TOKEN',
    params: ['accountSid', 'authToken', 'opts'],
  },
  {
    module: '@sendgrid/mail',
    members: [['setApiKey']],
    index: 0,
    what: 'SendGrid API key',
    envName: 'SENDGRID_API_KEY',
    params: ['apiKey'],
  },
  {
    module: '@sendgrid/client',
    members: [['setApiKey']],
    index: 0,
    what: 'SendGrid API key',
    envName: 'SENDGRID_API_KEY',
    params: ['apiKey'],
  },
  { members: [], names: ['setApiKey'], index: 0, what: 'API key', envName: 'API_KEY', params: ['apiKey'] },
  {
    module: 'sequelize',
    members: [[], ['Sequelize']],
    names: ['Sequelize'],
    construct: true,
    index: 2,
    minArguments: 3,
    what: 'database password',
    envName: 'DB_PASSWORD',
    params: ['database', 'username', 'password', 'options'],
  },
  {
    module: 'hashids',
    members: [[], ['Hashids']],
    names: ['Hashids'],
    construct: true,
    index: 0,
    what: 'Hashids salt',
    envName: 'HASHIDS_SALT',
    params: ['salt', 'minLength', 'alphabet', 'seps'],
  },
  {
    module: 'cryptr',
    members: [[]],
    names: ['Cryptr'],
    construct: true,
    index: 0,
    what: 'encryption key',
    envName: 'CRYPTR_SECRET',
    params: ['secret', 'options'],
  },
  {
    module: 'crypto-js',
    members: [
      ...CIPHERS.flatMap((c) => [
        [c, 'encrypt'],
        [c, 'decrypt'],
      ]),
      ...HMAC_METHODS.map((m) => [m]),
    ],
    index: 1,
    what: 'encryption key',
    envName: 'ENCRYPTION_KEY',
    params: ['message', 'key', 'cfg'],
  },
  ...CIPHERS.map((c): SinkEntry => ({
    members: [],
    names: ['encrypt', 'decrypt'],
    objectHint: new RegExp(`^(CryptoJS\\.)?${c}$`),
    index: 1,
    what: 'encryption key',
    envName: 'ENCRYPTION_KEY',
    params: ['message', 'key', 'cfg'],
  })),
  {
    members: [],
    names: HMAC_METHODS,
    objectHint: /^(CryptoJS|cryptoJs|cryptojs|CryptoJs)$/,
    index: 1,
    what: 'HMAC key',
    envName: 'HMAC_SECRET',
    params: ['message', 'key'],
  },
  {
    module: 'keygrip',
    members: [[]],
    names: ['Keygrip'],
    construct: true,
    index: 0,
    what: 'cookie signing key',
    envName: 'COOKIE_KEYS',
    params: ['keys', 'algorithm', 'encoding'],
  },
  {
    module: '@slack/web-api',
    members: [['WebClient']],
    construct: true,
    index: 0,
    what: 'Slack token',
    envName: 'SLACK_TOKEN',
    params: ['token'],
  },
  {
    module: '@slack/bolt',
    members: [['App']],
    construct: true,
    index: 0,
    option: ['token'],
    what: 'Slack token',
    envName: 'SLACK_BOT_TOKEN',
  },
  { module: 'telegraf', members: [[], ['Telegraf']], construct: true, index: 0, what: 'Telegram bot token', envName: 'TELEGRAM_BOT_TOKEN' },
  { module: 'node-telegram-bot-api', members: [[]], construct: true, index: 0, what: 'Telegram bot token', envName: 'TELEGRAM_BOT_TOKEN' },
  { module: 'grammy', members: [['Bot']], construct: true, index: 0, what: 'Telegram bot token', envName: 'TELEGRAM_BOT_TOKEN' },
  {
    module: 'algoliasearch',
    members: [[], ['algoliasearch']],
    index: 1,
    what: 'Algolia API key',
    envName: 'ALGOLIA_API_KEY',
    params: ['appId', 'apiKey'],
  },
  {
    module: '@google/generative-ai',
    members: [['GoogleGenerativeAI']],
    construct: true,
    index: 0,
    what: 'Google AI API key',
    envName: 'GEMINI_API_KEY',
    params: ['apiKey'],
  },
  { module: 'cookie-session', members: [[]], index: 0, option: ['keys'], what: 'cookie signing key', envName: 'SESSION_KEYS' },
  { module: 'cookie-session', members: [[]], index: 0, option: ['secret'], what: 'cookie signing secret', envName: 'SESSION_SECRET' },
  { module: 'express-basic-auth', members: [[]], index: 0, option: ['users', '*'], what: 'password', envName: 'BASIC_AUTH_PASSWORD' },
  {
    module: 'nodemailer',
    members: [['createTransport']],
    index: 0,
    option: ['auth', 'pass'],
    what: 'SMTP password',
    envName: 'SMTP_PASSWORD',
  },
  { module: 'mailgun.js', members: [['client']], index: 0, option: ['key'], what: 'Mailgun API key', envName: 'MAILGUN_API_KEY' },
  // hapi-auth-jwt2: `server.auth.strategy('jwt', 'jwt', { key })`.
  { members: [], names: ['strategy'], objectHint: /(^|\.)auth$/, index: 2, option: ['key'], what: 'JWT secret', envName: 'JWT_SECRET' },
  {
    module: 'iron-session',
    members: [['getIronSession'], ['sealData'], ['unsealData']],
    index: 1,
    option: ['password'],
    what: 'session password',
    envName: 'SESSION_PASSWORD',
  },
];

function matchesOption(want: readonly string[] | undefined, path: readonly string[]): boolean {
  if (!want) return path.length === 0;
  if (want.length !== path.length) return false;
  return want.every((w, k) => w === '*' || w === path[k]);
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/**
 * The sink a value reaches as argument `index` of `call`, at `optionPath` inside that argument (an
 * object literal's property path), or undefined.
 */
export function secretSinkOf(
  call: ts.CallExpression | ts.NewExpression,
  index: number,
  optionPath: readonly string[],
  bindings: ModuleBindings,
  isNew: boolean,
): SecretSink | undefined {
  const ref = bindings.resolve(call.expression);
  const name = calleeName(call.expression) ?? '';
  const parts = name.split('.');
  const last = parts[parts.length - 1];
  const object = parts.slice(0, -1).join('.');
  const argumentCount = call.arguments?.length ?? 0;
  for (const entry of SINKS) {
    if (entry.index !== index || !matchesOption(entry.option, optionPath)) continue;
    if (entry.construct && !isNew) continue;
    if ((entry.minArguments ?? 0) > argumentCount) continue;
    const byModule = !!ref && !!entry.module && ref.module === entry.module && entry.members.some((m) => sameMembers(m, ref.path));
    // Not imported under that module here: the well-known callee name, on a plausible object.
    const byName = !!entry.names?.includes(last) && (!entry.objectHint || entry.objectHint.test(object));
    const matched = byModule || byName;
    if (matched) return { what: entry.what, envName: entry.envName, params: entry.params, callee: name || 'the call' };
  }
  return undefined;
}

/**
 * Every callee name and module a sink is known by (secretSinkOf matches one or the other): a file
 * that mentions none of them passes no literal to a sink. For the secret rule's pre-filter.
 */
export const SINK_NAMES: ReadonlySet<string> = new Set(SINKS.flatMap((s) => s.names ?? []));
export const SINK_MODULES: ReadonlySet<string> = new Set(SINKS.flatMap((s) => (s.module ? [s.module] : [])));

/** Header names that carry a credential but do not say so in their last word (`x-functions-key`, `x-rapidapi-key`). */
export const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-functions-key',
  'x-rapidapi-key',
  'x-goog-api-key',
  'x-vault-token',
  'private-token',
  'x-shopify-access-token',
  'x-figma-token',
  'x-riot-token',
  'apikey',
  'api-key',
  'x-apikey',
  'x-api-token',
  'x-auth',
]);

/**
 * An options object that makes credentials meaningless: an SQLite or in-memory database
 * (`dialect: 'sqlite'`, `client: 'better-sqlite3'`, `type: 'sqlite'`, `storage: ':memory:'`).
 */
export function isLocalDatabaseOptions(properties: ReadonlyMap<string, string>): boolean {
  for (const key of ['dialect', 'client', 'type', 'driver']) {
    const value = properties.get(key);
    if (value && /sqlite|^memory$|^in-?memory$|^sql\.js$|^pglite$/i.test(value)) return true;
  }
  const storage = properties.get('storage') ?? properties.get('database') ?? properties.get('filename');
  return storage === ':memory:';
}
