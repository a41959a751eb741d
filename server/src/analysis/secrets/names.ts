/**
 * Does a name (identifier, property, object key, header, ENV/ARG key) denote a secret? Shared by the
 * code and Dockerfile checks of `config/no-hardcoded-secret`.
 *
 * The name is split into words (`stripeApiKey` → stripe api key, `DB_PASSWORD` → db password,
 * `x-api-key` → x api key) and judged by its LAST word, so qualifiers that follow the secret word
 * make it something else: `PASSWORD_MIN_LENGTH`, `tokenType`, `secretName`, `passwordLabel`.
 */

/** Words of an identifier: `stripeApiKey` → [stripe, api, key], `DB_PASSWORD` → [db, password]. */
export function identifierWords(name: string): string[] {
  let words = wordsCache.get(name);
  if (!words) {
    words = name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w.toLowerCase());
    if (wordsCache.size >= WORDS_CACHE_LIMIT) wordsCache.clear();
    wordsCache.set(name, words);
  }
  return words.slice();
}

/** The same names are split again and again (by every rule, for every literal near them): their words, kept. */
const WORDS_CACHE_LIMIT = 5000;
const wordsCache = new Map<string, string[]>();

/** Last words that are a secret on their own. */
const SECRET_WORDS: Record<string, string> = {
  password: 'password',
  passwd: 'password',
  passphrase: 'password',
  pwd: 'password',
  pass: 'password',
  secret: 'secret',
  // A list of them (Remix's cookie `secrets: ['…']`, rotated signing secrets).
  secrets: 'secret',
  token: 'token',
  apikey: 'API key',
  credentials: 'credential',
  credential: 'credential',
  creds: 'credential',
  privatekey: 'private key',
  accesskey: 'access key',
  secretkey: 'secret key',
  clientsecret: 'client secret',
  authtoken: 'token',
  accesstoken: 'token',
};

/**
 * Words that make a following `key` a secret (`apiKey`, `SECRET_KEY`, `stripeKey`, `signingKey`);
 * any other `…Key` (cacheKey, storageKey, sortKey, publicKey) is not one. First the kinds of key, then
 * providers.
 */
const GENERIC_KEY_QUALIFIERS = [
  'api',
  'access',
  'secret',
  'private',
  'signing',
  'sign',
  'encryption',
  'encrypt',
  'decryption',
  'master',
  'license',
  'licence',
  'client',
  'app',
  'auth',
  'service',
  'hmac',
  'jwt',
  'session',
  'cookie',
  'crypto',
  'cipher',
  'aes',
  'ssh',
  'gpg',
  'pgp',
  'rsa',
  'webhook',
  'admin',
  'root',
  'write',
  'server',
  'subscription',
  'account',
];

/** Providers whose `key` is their API key (`stripeKey`, `{ stripe: { key } }`). */
const PROVIDER_KEY_QUALIFIERS = new Set([
  'stripe',
  'sendgrid',
  'twilio',
  'openai',
  'anthropic',
  'aws',
  'github',
  'gitlab',
  'google',
  'gcp',
  'azure',
  'mailgun',
  'mailchimp',
  'algolia',
  'firebase',
  'pusher',
  'slack',
  'datadog',
  'newrelic',
  'segment',
  'mapbox',
  'maps',
  'recaptcha',
  'postmark',
  'mandrill',
  'sentry',
  'cloudinary',
  'paypal',
  'braintree',
  'plaid',
  'shopify',
  'hubspot',
  'intercom',
  'contentful',
  'airtable',
  'notion',
  'linear',
  'vercel',
  'netlify',
  'heroku',
  'supabase',
  'resend',
  'brevo',
  'sendinblue',
  'mistral',
  'cohere',
  'groq',
  'gemini',
  'replicate',
  'huggingface',
  'pinecone',
  'weather',
  'youtube',
  'spotify',
  'twitter',
  'facebook',
  'telegram',
  'discord',
  'bot',
]);

const KEY_QUALIFIERS = new Set([...GENERIC_KEY_QUALIFIERS, ...PROVIDER_KEY_QUALIFIERS]);

/** Words that, placed before `password`/`token`/`secret`, mean the value is not the secret itself. */
const NON_SECRET_BEFORE = new Set([
  'public',
  'csrf',
  'xsrf',
  'next',
  'page',
  'pagination',
  'cancel',
  'cancellation',
  'continuation',
  'sync',
  'cursor',
  'lexer',
  'parser',
  // What a store keeps instead of the secret: `hashed_password`, `passwordHash` ends elsewhere.
  'hashed',
  'hash',
  // Push-notification registrations identify an app install; they grant nothing.
  'device',
  'push',
  'fcm',
  'apns',
  'registration',
]);

/**
 * Verbs that, before `password` alone, make the name an action on it. Not `encrypt`/`decrypt`: `encryptPassword` is
 * the password something is encrypted with.
 */
const PASSWORD_ACTIONS = new Set([
  'check',
  'verify',
  'validate',
  'reset',
  'forgot',
  'forget',
  'change',
  'update',
  'compare',
  'require',
  'show',
  'hide',
  'toggle',
  'recover',
]);

/** Is the name's last word a provider, whose bare `key` under it is its API key (`{ stripe: { key: … } }`)? */
export function isProviderName(name: string): boolean {
  const words = identifierWords(name);
  return words.length > 0 && PROVIDER_KEY_QUALIFIERS.has(words[words.length - 1]);
}

/** The last words of every name secretKindOfName gives a kind (a cheap necessary test for pre-filters). */
export const SECRET_LAST_WORDS: readonly string[] = [...Object.keys(SECRET_WORDS), 'key', 'keys', 'auth', 'authorization'];

/** The kind of secret a name denotes (`'password'`, `'API key'`…), or undefined. */
export function secretKindOfName(name: string): string | undefined {
  const words = identifierWords(name);
  const n = words.length;
  if (n === 0) return undefined;
  const last = words[n - 1];
  // `TOKEN_SECRET_VALUE`, `jwtSecretVal`: the value of the secret the words before name.
  if (/^(?:value|val)s?$/.test(last) && n > 1) return secretKindOfName(words.slice(0, -1).join('_'));
  const before = n > 1 ? words[n - 2] : undefined;
  if (last === 'key' || last === 'keys') {
    if (before === undefined) return undefined;
    if (before === 'api') return 'API key';
    if (before === 'private') return 'private key';
    if (before === 'access') return 'access key';
    if (before === 'secret' || (before === 'or' && words[n - 3] === 'secret')) return 'secret key';
    return KEY_QUALIFIERS.has(before)
      ? before === 'signing' || before === 'encryption' || before === 'master'
        ? `${before} key`
        : 'API key'
      : undefined;
  }
  if (last === 'auth' || last === 'authorization') {
    // `auth: 'user:pass'`, `Authorization: 'Bearer …'`: judged by the value (values.ts).
    return 'credential';
  }
  // Own words only: `constructor`, `toString` are no secret words (inherited members of the table).
  const kind = Object.hasOwn(SECRET_WORDS, last) ? SECRET_WORDS[last] : undefined;
  if (!kind) return undefined;
  if (before && NON_SECRET_BEFORE.has(before)) return undefined;
  // `checkPassword`, `forgotPassword`, `resetPassword`: an action on the password (a route, a controller's method, a
  // policy's key), not one. Only the two words: `resetPasswordToken`, `confirmPassword` and `newPassword` are values.
  if (n === 2 && kind === 'password' && PASSWORD_ACTIONS.has(words[0])) return undefined;
  // `pass` alone is too common a word (`firstPass`, `pass: true`): only with a credential-ish neighbour.
  if (
    last === 'pass' &&
    before !== undefined &&
    ![
      'db',
      'database',
      'user',
      'admin',
      'root',
      'smtp',
      'mail',
      'email',
      'auth',
      'basic',
      'redis',
      'mongo',
      'mysql',
      'pg',
      'postgres',
      'ftp',
      'proxy',
      'ldap',
      'login',
      'account',
      'app',
      'api',
      'key',
      'my',
    ].includes(before)
  ) {
    return undefined;
  }
  return kind;
}

/** Object keys holding the user that goes with a password. */
const USER_KEYS = new Set(['user', 'username', 'userName', 'user_name', 'login', 'usr', 'uid', 'identifier']);

/** A name that holds a login's user: `user`, `dbUser`, `POSTGRES_USER`, `MYSQL_USERNAME`, `adminLogin`. */
export function isUserName(name: string): boolean {
  return USER_KEYS.has(name) || /^(?:user|username|login)$/.test(identifierWords(name).at(-1) ?? '') || /user(?:name)?$/i.test(name);
}
