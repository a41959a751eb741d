/**
 * Is a literal value a secret, given that it sits under a secret-looking name? Names alone are a weak
 * signal (`password: 'Enter your password'`, `token: 'x-auth-token'`, `credentials: 'include'`), so the
 * value has to look like one too: not a placeholder, not UI text, not a name of something, not a path.
 * Every test here is linear in the value's length.
 */
import { createHash } from 'node:crypto';
import { identifierWords, secretKindOfName } from './names';

/** Values that stand for "put the real one here". */
const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'change',
  'replace',
  'replaceme',
  'todo',
  'nothing',
  'unset',
  'notset',
  'blank',
  'fixme',
  'tbd',
  'example',
  'examples',
  'sample',
  'dummy',
  'fake',
  'placeholder',
  'redacted',
  'filtered',
  'hidden',
  'masked',
  'your',
  'yours',
  'here',
  'insert',
  'enter',
  'xxx',
  'none',
  'null',
  'undefined',
  'empty',
  'notset',
  'unset',
  'missing',
  'required',
  'optional',
]);

/**
 * Keys their makers publish for local use, by the SHA-256 of the value (so that no key is written here): the Azure
 * storage emulator's (Azurite's) account key for `devstoreaccount1`.
 */
const PUBLISHED_DEV_KEYS = new Set(['0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059']);

/** One of PUBLISHED_DEV_KEYS (a hash only for values of their length). */
export function isPublishedDevKey(value: string): boolean {
  return value.length === 88 && PUBLISHED_DEV_KEYS.has(createHash('sha256').update(value).digest('hex'));
}

/** A whole value that is a placeholder: `changeme`, `xxx`, `<your-key>`, `${DB_PASSWORD}`, `***`, `your-api-key-here`. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (isPublishedDevKey(v)) return true;
  if (/^(.)\1*(?:[-_.:]\1+)*$/.test(v)) return true; // `xxxxxxxx`, `********`, `00000000`, a nil UUID `0000…-0000`
  if (/^\[[^\]]+\]$/.test(v)) return true; // `[github-app-private-key]`: the bracketed name of what goes there
  if (/^0x0+$/i.test(v)) return true; // hCaptcha's test secret `0x0000…`, an empty hex key
  // `0x000…0001`, `0x000…0002`: the first keys a sample counts (a wallet's private key 1), no key anybody holds.
  if (/^0x0{14,}[0-9a-f]{1,2}$/i.test(v)) return true;
  if (/^\{[A-Za-z][A-Za-z0-9 _.-]*\}$/.test(v)) return true; // `{write-key}`: the braced name of what goes there
  // Stripe's documented test tokens and payment methods (`tok_mastercard`, `pm_card_visa`, `tok_chargeDeclined`).
  if (
    /^(?:tok|pm|src)_(?:card_)?(?:visa|mastercard|amex|discover|diners|jcb|unionpay|cartesBancaires|chargeDeclined|threeDSecure|bypassPending|createDispute)\w*$/.test(
      v,
    )
  )
    return true;
  // A marker word between symbols: `*DELETED*`, `__REDACTED__`, `<<removed>>`, `--unset--`, `----IRRELEVANT----`.
  if (/^[*_#~<>=-]{1,6}[A-Za-z][A-Za-z _-]*[A-Za-z][*_#~<>=-]{1,6}$/.test(v) && !/\d/.test(v)) return true;
  // `YourOpenAiApiKey`, `your_api_key`, `your-token`: a stand-in that says whose value goes there.
  if (/^your(?:[-_ ]?[A-Z]|[-_ ][a-z])[A-Za-z_ -]*$/i.test(v) && /^your[-_ A-Z]/.test(v.replace(/^Your/, 'your'))) return true;

  // A provider's prefix with no key after it (`sk-proj-`, `sk_live_`) or a few characters (`re_132`, `sk_test`).
  if (/^(?:sk|pk|rk|re|whsec|ghp|gho|ghs|glpat|xoxb|xoxp|shpat|SG)[-_.](?:[a-z]+[-_])?[a-z0-9]{0,4}$/i.test(v)) return true;
  if (/^[x*.\u2022#_-]+$/i.test(v)) return true;
  if (/\$\{[^}]*\}|\{\{[^}]*\}\}|<[^<>]*>|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[sd]$|^:[a-z_]+$/i.test(v)) return true;
  if (/xxxx|\.\.\.|\u2026/i.test(v)) return true;
  if (/example$/i.test(v)) return true; // AWS's documented AKIAIOSFODNN7EXAMPLE and friends
  // Words joined by a digit that reads as "to"/"for" (`example2password`, `swarm2replace2secret`).
  // …only when a word says it stands in (`nothing2hide`, `here4good` are chosen passwords).
  const split = /[a-z]{3}[24][a-z]{3}/.test(v) ? v.replace(/(?<=[a-z]{3})[24](?=[a-z]{3})/g, '-') : v;
  const joined = split !== v && identifierWords(split).some((w) => JOINED_STAND_IN.has(w)) ? split : v;
  const words = identifierWords(joined);
  // Strapi's generated `.env.example`: `ADMIN_JWT_SECRET=tobemodified`, `APP_KEYS="toBeModified1,toBeModified2"`.
  if (/^(?:to[-_ ]?be[-_ ]?(?:modified|changed|replaced|set|filled|defined)\d{0,2}(?:,\s*|$))+$/i.test(v)) return true;
  // `some-password`, `somesecret`: a sentence's stand-in, not a value.
  if (/^some[-_ ]?[a-z]*$/i.test(v)) return true;
  // `WOW-ANOTHER-INSECURE-PASSWORD!!!`, `insecure-dev-key`: words only, one of them insecure and one the secret's name: a
  // default that says to replace it. Not `insecure` alone, nor a key after the word (`django-insecure-` + a key).
  if (!/\d/.test(v) && words.includes('insecure') && words.some((w) => NAME_WORDS.has(w)) && words.every((w) => /^[a-z]+$/.test(w)))
    return true;
  if (
    words.some((w) => PLACEHOLDER_WORDS.has(w)) ||
    /^(change|replace|your)[-_ ]?(me|it|this|secret|password|token|key)/i.test(v) ||
    // `set-me`, `fill_me`, `set-secret`: the whole value (`settoken-Qz81Lm` is a token).
    /^(?:set|fill)(?:[-_ ]?(?:me|it)|[-_ ](?:this|secret|password|token|key))$/i.test(v) ||
    // `objectstoreyoursecretkey`, `minio-your-password`: whose value goes there, run together with the rest.
    /your[-_]?(?:secret|password|passwd|pass|token|api[-_]?key|key)/i.test(v)
  ) {
    // …unless real entropy sits next to the word: `dummy-8f7Kd92jLq0XzP4m` is a key with a label.
    return !hasEntropyBeyondWords(joined);
  }
  return false;
}

/** Words that make a value made of secret names a test's stand-in (`test_token`, `mock-secret`; `fake`, `dummy` are placeholder words). */
const TEST_WORDS = new Set(['test', 'testing', 'mock', 'mocked', 'stub', 'fixture']);

/** Words that label a value rather than being it: placeholders and the names of secrets. */
function isLabelWord(word: string): boolean {
  return PLACEHOLDER_WORDS.has(word) || NAME_WORDS.has(word) || word === 'me' || word === 'it' || word === 'this' || word === 'my';
}

/**
 * Does the value keep a random-looking run of 12+ characters once its label words are set aside?
 * `your-api-key-here` keeps nothing; `sample_9fK2mQ7xLp3RtZ8w` keeps its key. Linear.
 */
function hasEntropyBeyondWords(value: string): boolean {
  let best = '';
  for (const part of value.split(/[-_.:/ ]+/)) {
    // `dummyAccessToken`: words, however they are joined.
    if (isLabelWord(part.toLowerCase()) || isIdentifierLike(part)) continue;
    if (part.length > best.length) best = part;
  }
  if (best.length < 12) return false;
  if (/xxxx|(.)\1{3}/i.test(best)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(best)).length;
  return classes >= 2 && new Set(best).size >= Math.min(10, Math.ceil(best.length * 0.5));
}

/** Words that, as a whole value, name a secret rather than being one: `'password'`, `'api_key'`, `'x-auth-token'`. */
const NAME_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
  'api',
  'apikey',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'bearer',
  'basic',
  'access',
  'refresh',
  'id',
  'jwt',
  'session',
  'sid',
  'private',
  'client',
  'x',
  'header',
  'cookie',
  'csrf',
  'xsrf',
  'hash',
  'salt',
  'otp',
  'pin',
  'code',
  'user',
  'username',
]);

/** UI/HTTP words that are never secret values on their own. */
const NEVER_SECRET = new Set([
  'include',
  'omit',
  'same-origin',
  'bearer',
  'basic',
  'digest',
  'string',
  'number',
  'boolean',
  'text',
  'varchar',
  'char',
  'hidden',
  'password',
  'required',
  'optional',
  // Policies and modes (`autoAcceptCredential: 'always'`).
  'always',
  'never',
  'auto',
  'manual',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'enabled',
  'disabled',
  'hex',
  'base64',
  'base64url',
  'utf8',
  'utf-8',
  'binary',
  'sha1',
  'sha256',
  'sha384',
  'sha512',
  'md5',
  'hs256',
  'hs384',
  'hs512',
  'rs256',
  'rs384',
  'rs512',
  'es256',
  'es384',
  'es512',
  'aes-256-gcm',
  'aes-256-cbc',
  'bcrypt',
  'argon2',
  'scrypt',
  'jwt',
  'oauth',
  'oauth2',
  'local',
  'cookie',
  'session',
  'header',
  'query',
  'body',
  'env',
  'secret',
  'token',
  'admin',
  'user',
  // States and modes that a `token`/`secret` field holds before or instead of a value.
  'pending',
  'loading',
  'loaded',
  'ready',
  'idle',
  'expired',
  'valid',
  'invalid',
  'active',
  'inactive',
  'revoked',
  'unknown',
  'default',
  'anonymous',
  'guest',
  'public',
  'private',
  'internal',
  'external',
  'manual',
  'automatic',
  'auto',
  'refresh',
  'access',
  'offline',
  'online',
  // HTML autofill tokens (`<input autocomplete=…>`): what a login form's password field is told to fill.
  'current-password',
  'new-password',
  'one-time-code',
]);

/**
 * Keys their providers publish by design, in web pages and apps: they identify an account and can only
 * do what a browser may, so they are not secrets (their secret counterparts, `sk_live_…`, `phx_…`,
 * `sk.eyJ…`, are).
 */
const PUBLISHABLE_KEYS: readonly RegExp[] = [
  /^pk_(?:live|test)_[0-9A-Za-z]{16,}$/, // Stripe publishable key
  /^phc_[0-9A-Za-z]{30,}$/, // PostHog project API key
  /^pk\.eyJ[\w-]+\.[\w-]+$/, // Mapbox public access token
];

/** A key its provider publishes by design (Stripe `pk_live_…`, PostHog `phc_…`, Mapbox `pk.eyJ…`). */
export function isPublishableKey(value: string): boolean {
  return PUBLISHABLE_KEYS.some((pattern) => pattern.test(value));
}

/**
 * Does `value`, found under a secret-looking name, look like an actual secret? `name` is the name it
 * was assigned to (used to recognise a value that merely repeats it, `PASSWORD: 'Password'`).
 */
export function looksLikeSecretValue(value: string, name?: string, fallback = false): boolean {
  const v = value.trim();
  // An HTTP header's name (`Cf-Cache-Status`, `X-Request-Id`): Title-Case words joined by `-`.
  if (/^[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)+$/.test(v)) return false;
  if (v.length < 6 || v.length > 4096) return false;
  if (isPublishableKey(v)) return false;
  // `{ token: 'comment', regex: … }`, `token: 'variable-2'` (a syntax mode's token types): a token is
  // random characters, never a word. (A password may be one; words joined by `_` may be a chosen
  // token, `let_me_in_now`.)
  if (name !== undefined && /^[a-z]{2,16}(?:[-.][a-z0-9]{1,12})*$/.test(v) && secretKindOfName(name) === 'token') return false;
  // …nor a type in generated code (`token: 'float64'`, `'map[string]interface{}'`, `valueToken !== 'serde_json::Value'`).
  if (name !== undefined && secretKindOfName(name) === 'token' && isTypeExpression(v)) return false;
  // …nor Monaco's Monarch states and captures (`'@rematch'`, `'@brackets.directive'`, `'keyword.$0'`, `'tag-$1'`).
  if (
    name !== undefined &&
    /^@?[a-z]{2,16}(?:[-.@](?:[a-z0-9]{1,16}|\$[\w#]{1,8}))*$/i.test(v) &&
    /[@$]/.test(v) &&
    secretKindOfName(name) === 'token'
  )
    return false;
  // `auth: 'simple'` (hapi's strategy), `AUTH: 'Authentication'` (a title), `auth: 'db_auth_failed'` (a code naming it).
  if (name !== undefined && identifierWords(name).at(-1) === 'auth' && isAuthWord(v)) return false;
  // A CSS selector of a form's field (`'#inputsmtp_password'`, `'.password-field'`, `'#s3-secret-key'`): a page's
  // element, not its value.
  if (/^[#.][a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/.test(v) && /input|field|form|btn|button/.test(v)) return false;
  if (
    /^#[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(v) &&
    allWordSegments(v.slice(1)) &&
    identifierWords(v.slice(1)).some((w) => NAME_WORDS.has(w) || SELECTOR_SECRET_WORDS.has(w))
  )
    return false;
  // A CSS custom property (`token: '--color-success'`), a path with its query (`AUTH: 'auth/token?grant_type=…'`):
  // names made of words, not values.
  if (/^--[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(v) && allWordSegments(v.slice(2))) return false;
  if (/^[a-z][a-z0-9_-]*(?:\/[a-z0-9_.-]+)+\?[\w=&.-]+$/.test(v) && allWordSegments(v)) return false;
  // Not for a password, nor for the default of an environment lookup (production gets it when the variable is unset):
  // a state (`credentials: 'skipped'`), a key or an accessor named in camelCase (`sessionKey: 'revealSwimlaneId'`),
  // a service's published default (MinIO's `minioadmin`, Lavalink's `youshallnotpass`).
  if (name !== undefined && !fallback && secretKindOfName(name) !== 'password') {
    if (STATE_VALUES.has(v) || isAccessorName(v) || PUBLISHED_DEFAULTS.has(v)) return false;
    // `secretKey: 'webhookKey'` (a field of a stored secret), `mapToken: ['colorBgSettingsHover', 'fontSizeSM']` (a design
    // system's token names): a token or key is random characters, never words in camelCase. (A chosen secret or password
    // may be such words.)
    const kind = secretKindOfName(name);
    // A token is never chosen words; under a key's name, only a field's name (`webhookKey`, `accountSid`) is one.
    if (
      isCamelCaseName(v) &&
      (kind === 'token' || (kind !== 'secret' && kind !== 'credential' && FIELD_LAST_WORD.test(identifierWords(v).at(-1) ?? '')))
    )
      return false;
  }
  // `password: 'PasswordFieldModel'`, `token: 'TokenInput'`: a class or component named for the secret, not a value.
  if (name !== undefined && !fallback && isCodeTypeName(v) && identifierWords(v).includes(identifierWords(name).at(-1) ?? '')) return false;
  // An analytics write key (Segment, RudderStack, a telemetry client's): sent from every browser by design.
  if (name !== undefined && isAnalyticsWriteKeyName(name)) return false;
  // …nor words in camelCase or separated by spaces (CodeMirror's `token: 'tableBlock'`, `'qualifier org-toggle'`).
  if (
    name !== undefined &&
    secretKindOfName(name) === 'token' &&
    (/\s/.test(v) || /[a-z][A-Z]/.test(v)) &&
    !/[a-z]{17}/.test(v) &&
    v.split(' ').every((part) => isIdentifierLike(part))
  )
    return false;
  // `'SN|RootKey|NoSync'`, `'SN|FileSafe|Credentials'`: a type tag of words joined by `|`, named for the key it tags.
  if (
    name !== undefined &&
    secretKindOfName(name) !== 'password' &&
    /^[A-Za-z]+(?:\|[A-Za-z]+)+$/.test(v) &&
    v.split('|').some((part) => /^[A-Z]{1,4}$/.test(part)) &&
    v.split('|').every((part) => /^(?:[A-Z]{1,4}|(?:[A-Z][a-z]+)+|[a-z]+)$/.test(part))
  )
    return false;
  // Words joined by `-`/`_` beside the secret's own name, and not the fallback of an environment lookup
  // (`process.env.SESSION_SECRET || 'secret-sauce'`: production gets it when unset):
  // - `TOKEN: chrome_token`, `DB_PASSWORD: mysql_password`: ending in the very secret their name says;
  // - `authorization: 'authorization-text'`, `password: 'password-field'`: the name, then a label's words.
  if (name !== undefined && !fallback && /^[a-z]+(?:[-_][a-z]+)+$/i.test(v)) {
    const own = identifierWords(name).at(-1);
    const words = identifierWords(v);
    if (own !== undefined && words[words.length - 1] === own && secretKindOfName(v) !== undefined) return false;
    if (own !== undefined && /^[a-z_-]+$/.test(v) && words[0] === own && words.slice(1).every((w) => LABEL_WORDS.has(w))) return false;
  }
  // A word in a language's own letters (`'welcome.password': 'Contraseña'`), a label in another script
  // (`'Новый пароль'`, `'אסימון'`, `'パスワード'`): text, not a chosen secret.
  if (isForeignText(v)) return false;
  if (v !== value && /^\s|\s$/.test(value) && v.length < 8) return false;
  if (NEVER_SECRET.has(v.toLowerCase())) return false;
  // Short numbers joined by dots (an OID `1.3.6.1.5.5.7.3.1` under `ServerAuth`, an address, a version), not under a
  // password's name: identifiers, not chosen characters. (`73920.48151.62342` is.)
  if (/^\d{1,4}(?:\.\d{1,4}){2,}$/.test(v) && !(name !== undefined && secretKindOfName(name) === 'password')) return false;
  if (isPlaceholder(v)) return false;
  if (isGroupedAppPassword(v)) return true;
  // A header value `Bearer <token>` / `Basic <base64>`: the rest is judged.
  const scheme = /^(bearer|basic|token|digest)\s+(\S+)$/i.exec(v);
  // …not the name of what goes there (`Bearer MY_ADMIN_API_TOKEN`, `Bearer YOUR_TOKEN`).
  if (scheme) return scheme[2].length >= 8 && !isPlaceholder(scheme[2]) && !/^[A-Z]{2,}(?:_[A-Z]{2,})+$/.test(scheme[2]);
  // UI text, messages, sentences: secrets have no spaces (a two-word passphrase is the rare exception).
  if (/\s/.test(v)) {
    const words = v.split(/\s+/);
    if (words.length > 2 || /[.!?:,;]$/.test(v) || /^[A-Z][a-z]/.test(v)) return false;
    // `'"message":"Unknown Error"'`: a fragment of JSON or of a message, which a chosen secret does not quote.
    if (/"/.test(v)) return false;
    if (identifierWords(v).some((w) => NAME_WORDS.has(w) || w === 'your' || w === 'my')) return false;
  }
  // Paths, URLs without credentials, file names, MIME types, globs. `/QN%^4uefRUR%]Ar` is a random secret that happens
  // to start with a slash (isUnlikePath).
  if (
    /^(\/|\.\.?\/|~\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(v) &&
    !/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*:[^/\s]*@/i.test(v) &&
    !(v.startsWith('/') && isUnlikePath(v))
  )
    return false;
  if (
    /^(?:[\w.-]+\/)*[\w.-]+\.(json|pem|key|crt|cer|p12|pfx|txt|env|ya?ml|js|ts|html?|png|svg|hbs|ejs|pug|md|xml|csv|tpl|mustache|njk)$/i.test(
      v,
    )
  )
    return false; // `conf/emails/changed_password.txt`: a file, named like the secret it is about
  // A duration (`'2 weeks'`, `15m`, `'30 days'`): how long a token lives, under the token's name.
  if (/^\d+(?:\.\d+)?\s*(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?|y|years?)$/i.test(v))
    return false;
  if (/^[a-z]+\/[a-z0-9.+-]+$/i.test(v)) return false;
  // Names of things: env-var names (`DB_PASSWORD`), field/header/storage keys (`x-api-key`, `access_token`,
  // `auth.jwt.secret`, `@app/token`), i18n keys.
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return false;
  if (/^[@a-z][a-z0-9]*([_.\-:/][a-z0-9]+)*$/i.test(v)) {
    const words = identifierWords(v);
    if (words.every((w) => NAME_WORDS.has(w))) return false;
    // `test_token`, `mockApiKey`, `testPassword`: a test's stand-in, named for what it stands in for.
    if (words.length > 1 && words.some((w) => TEST_WORDS.has(w)) && words.every((w) => NAME_WORDS.has(w) || TEST_WORDS.has(w)))
      return false;
    // `test123`, `test-azure`, `read-only-test`: a test word with a few plain words or digits says it is a stand-in.
    if (isTestStandIn(v)) return false;
    // The value repeats its name, or the end of it: `LOCAL_STORAGE_KEY_INVITATION_TOKEN = 'invitationToken'` (a storage key).
    // …or its last words run together: `AUTH_ENCRYPTION_KEY: encryptionkey`.
    if (name) {
      const own = identifierWords(name);
      const joined = words.join('');
      if (
        (words.length > 1 && own.join('').endsWith(joined)) ||
        own.some((_, i) => (i === 0 || own.length - i >= 2) && own.slice(i).join('') === joined)
      )
        return false;
    }
  }
  if (/^[a-z]+(\.[a-z]+)+$/i.test(v)) return false; // config paths: `db.credentials.main`
  if (isPermissionScope(v)) return false; // `apikey = 'apikeys:import'`: a permission, named
  // Validation / schema strings: `required|min:8`, `string|max:255`.
  if (/^(required|nullable|string|min:|max:)|\|(required|min:|max:|string)/i.test(v)) return false;
  // Password hashes (bcrypt, argon2, scrypt in PHC form) are what a store keeps instead of a secret.
  if (/^\$(2[abxy]?|argon2(id|i|d)|scrypt|pbkdf2[-\w]*)\$/.test(v)) return false;
  // Regex sources and format strings.
  if (/^\^|\$$|\\[dws]|%[sd]/.test(v)) return false;
  return true;
}

/**
 * A type as code generators write it: a number type with its width (`float64`, `uint8`, `i32`), or names joined
 * by a language's type syntax (`map[string]interface{}`, `serde_json::Value`, `Vec<String>`, `[]byte`).
 */
function isTypeExpression(v: string): boolean {
  if (/^(?:u?int|float|complex|i|u|f)(?:8|16|32|64|128)$/.test(v)) return true;
  if (!/::|[[\]{}<>]/.test(v) || !/^[\w:[\]{}<>*,. ]+$/.test(v)) return false;
  const names = v.split(/[^A-Za-z0-9_]+/).filter(Boolean);
  return names.length > 0 && names.every((n) => /^[A-Za-z_][a-z_]*(?:[A-Z][a-z]*)*\d{0,3}$/.test(n));
}

/** Words of a selector that name the field it selects (`#gcs-credentials`, `#azure-account-key`). */
const SELECTOR_SECRET_WORDS = new Set(['credentials', 'credential', 'access', 'account', 'auth']);

/** States and results that a check or a record holds under a secret's name. */
const STATE_VALUES = new Set([
  'skipped',
  'warning',
  'ok',
  'okay',
  'failed',
  'failure',
  'passed',
  'missing',
  'present',
  'configured',
  'unconfigured',
  'unknown',
  'success',
  'succeeded',
  'invalid',
  'valid',
]);

/** Published default passwords of services, documented by their makers. */
const PUBLISHED_DEFAULTS = new Set(['minioadmin', 'youshallnotpass']);

const ACCESSOR_VERBS = /^(?:set|get|reveal|toggle|fetch|load|update|handle|select)$/;

/**
 * A character no path, route or glob holds (`^`, quotes, a backslash, `<>`), or a closing bracket with no opening
 * one: `/users/{id}`, `/[slug]`, `/(a|b)/*` are routes; `/QN%^4uefRUR%]Ar` is not.
 */
function isUnlikePath(v: string): boolean {
  if (/[\^"'\\`<>]/.test(v)) return true;
  // Base64 that starts with a slash (`/3kJq+x8Lm2…=`): its alphabet alone, upper and lower case and digits, with `+` or `=`
  // or no other slash in 20 characters or more.
  if (
    /^\/[A-Za-z0-9+/]+={0,2}$/.test(v) &&
    /[A-Z]/.test(v) &&
    /[a-z]/.test(v) &&
    /\d/.test(v) &&
    (/[+=]/.test(v) || (v.length >= 20 && !v.slice(1).includes('/')))
  )
    return true;
  return [
    ['[', ']'],
    ['(', ')'],
    ['{', '}'],
  ].some(([open, close]) => v.includes(close) && !v.includes(open));
}

/** Every segment of a kebab, snake or path text is a word (`color-background-bright`, `s3-secret-key`), no random run. */
function allWordSegments(text: string): boolean {
  return text
    .split(/[-_/?=&.]+/)
    .filter(Boolean)
    .every(isWordSegment);
}

/** A segment of a name: a word a person would write (`connections`, `sendgrid`), or a short code (`id`, `s3`, `v2`). */
export function isWordSegment(w: string): boolean {
  return (/^[a-z]{1,14}$/.test(w) && /[aeiouy]/.test(w) && !/[bcdfghjklmnpqrstvwxz]{5}/.test(w)) || /^[a-z]{1,3}\d{0,2}$/.test(w);
}

/** Last words of a storage key's name (`revealSwimlaneId`, `posOrdersBySubs_cursor`). */
const KEY_SUFFIXES = /^(?:id|cursor|type|state|status|mode|flag|index|count)$/;

/**
 * camelCase (or snake) words naming an accessor or a storage key: a verb first (`setOrgSyncMembersFromAuth`,
 * `revealSwimlaneId`) or a key's last word (`posOrdersBySubs_cursor`), three words or more.
 */
function isAccessorName(v: string): boolean {
  if (!/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*|_[a-z0-9]+)+$/.test(v)) return false;
  const words = identifierWords(v);
  if (words.length < 3 || !words.every((w) => /^[a-z]{2,}$/.test(w) && isPlainWord(w))) return false;
  return ACCESSOR_VERBS.test(words[0]) || KEY_SUFFIXES.test(words[words.length - 1]);
}

/**
 * camelCase or PascalCase words (`webhookKey`, `accountSid`, `colorBgSettingsHover`, `fontSizeSM`): two or more, each
 * pronounceable but at most one short abbreviation (`bg`, `sm`). Random characters do not split so.
 */
function isCamelCaseName(v: string): boolean {
  if (v.length > 48 || !/^[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+(?:[A-Z]{1,3})?$/.test(v)) return false;
  const words = identifierWords(v);
  if (words.length < 2 || !/[a-z]{3}/.test(words[0])) return false;
  // …not a phrase chosen as the secret (`ThisIsTheJwtSigningSecret`, `SuperSecretRedisPass`).
  if (words.some((w) => PHRASE_WORDS.has(w))) return false;
  const odd = words.filter((w) => !isPlainWord(w));
  return odd.length === 0 || (odd.length === 1 && odd[0].length <= 3 && words.length >= 3);
}

/** Last words of a field's name under a key's name (`secretKey: 'webhookKey'`, `apiKey: 'accountSid'`). */
const FIELD_LAST_WORD = /^(?:key|keys|sid|id|token|secret|name|url|uri|host|user|username|email|region|endpoint)$/;

/** Words of a phrase chosen as a secret rather than of a field's name. */
const PHRASE_WORDS = new Set(['secret', 'signing', 'pass', 'password', 'passwd', 'private', 'super', 'my', 'this', 'is', 'the', 'another']);

/** Last words of the names of classes and components (`PasswordFieldModel`, `TokenInput`, `SecretKeyValidator`). */
const CODE_TYPE_SUFFIX =
  /^(?:model|field|component|input|view|schema|service|controller|provider|handler|page|form|dialog|modal|button|label|validator|strategy|guard|module|resolver|entity|dto|factory|store|reducer|action|event|listener|helper|util|utils|manager|repository)$/;

/** A PascalCase or camelCase name of plain words that ends like a class's or a component's (CODE_TYPE_SUFFIX). */
function isCodeTypeName(v: string): boolean {
  if (v.length > 64 || !/^[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+$/.test(v)) return false;
  const words = identifierWords(v);
  return words.length >= 2 && CODE_TYPE_SUFFIX.test(words[words.length - 1]) && words.every((w) => isPlainWord(w));
}

/** Words that make a value a label of a field (`authorization-text`, `password-input`). */
const LABEL_WORDS = new Set([
  'text',
  'label',
  'field',
  'input',
  'value',
  'header',
  'placeholder',
  'name',
  'here',
  'title',
  'hint',
  'help',
  'description',
  'key',
]);

/** Words that make digit-joined words a placeholder (`example2password`, `swarm2replace2secret`). */
const JOINED_STAND_IN = new Set([
  'example',
  'examples',
  'sample',
  'replace',
  'replaceme',
  'change',
  'changeme',
  'placeholder',
  'dummy',
  'your',
]);

/** Auth strategies and schemes (`auth: 'simple'`, hapi, Passport, Fastify), a title, or a code naming auth (`'db_auth_failed'`). */
const AUTH_STRATEGIES = new Set([
  'htpasswd',
  'ldap',
  'oidc',
  'saml',
  'simple',
  'basic',
  'bearer',
  'jwt',
  'session',
  'cookie',
  'oauth',
  'oauth2',
  'local',
  'none',
  'default',
  'token',
  'apikey',
  'hawk',
  'digest',
  'required',
  'optional',
  'try',
]);

function isAuthWord(v: string): boolean {
  if (AUTH_STRATEGIES.has(v)) return true;
  if (v === 'Authentication' || v === 'Authorization') return true;
  return /^[a-z]+(?:_[a-z]+)+$/.test(v) && v.split('_').includes('auth');
}

/** `SEGMENT_WRITE_KEY`, `rudderstackWriteKey`, `TELEMETRY_WRITE_KEY`, `analytics.writeKey`: a client-side analytics key. */
function isAnalyticsWriteKeyName(name: string): boolean {
  const words = identifierWords(name);
  const n = words.length;
  return (
    n >= 3 &&
    words[n - 2] === 'write' &&
    words[n - 1] === 'key' &&
    words.slice(0, -2).some((w) => /^(?:segments?|rudder|rudderstack|analytics|telemetry)$/.test(w))
  );
}

/**
 * Text with a letter outside ASCII: one word of lower-case letters (capitalised at most: `Contraseña`), a
 * word of a script without case (`אסימון`, `パスワード`), or words separated by spaces with sentence
 * punctuation only (`Новый пароль`). Never digits or symbols (`Grün#Kq@Zx`), nor mixed case inside a word.
 */
function isForeignText(v: string): boolean {
  if (!/[^\x00-\x7f]/.test(v)) return false;
  const word = /^(?:\p{Lu}?[\p{Ll}\p{M}]+|[\p{Lo}\p{M}]+)$/u;
  const words = v.split(/\s+/).map((w) => w.replace(/^[«"“„'(¡¿]+|[.,!?:;'’»"”)…]+$/gu, ''));
  if (words.length === 1) return word.test(words[0]);
  return words.every((w) => w === '' || word.test(w) || /^[A-Z]?[a-z]+$/.test(w)) && words.some((w) => /[^\x00-\x7f]/.test(w));
}

/** A word a person would write: a few letters with a vowel, no long run of consonants (`azure`, `only`; not `kqzjwxvbnm`). */
export function isPlainWord(w: string): boolean {
  return /^[a-z]{1,10}$/.test(w) && /[aeiouy]/.test(w) && !/[bcdfghjklmnpqrstvwxz]{4}/.test(w);
}

/**
 * A short value made of a test word (`test`, `mock`, `dummy`…) and plain lower-case words or a few
 * digits: `test123`, `test-azure`, `read-only-test`, `mock_github_id`. Not a value with a random part.
 */
export function isTestStandIn(v: string): boolean {
  if (v.length > 32) return false;
  const parts = v
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .split(/[-_. ]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  // `testpass`, `testpassword`, `passtest`: a test word joined to a secret's name.
  if (parts.length === 1 && /^[a-z]{5,20}$/.test(parts[0])) return joinedTestWord(parts[0]);
  if (parts.length < 2 || !parts.some((w) => TEST_WORDS.has(w) || w === 'dummy')) return false;
  return parts.every((w) => TEST_WORDS.has(w) || w === 'dummy' || NAME_WORDS.has(w) || isPlainWord(w) || /^\d{1,4}$/.test(w));
}

function joinedTestWord(w: string): boolean {
  // Only a secret's name joined to a test word (`testpass`, `mockpassword`, `secrettest`): not `mockingbird`, `contest`.
  for (const test of [...TEST_WORDS, 'dummy']) {
    const rest = w.startsWith(test) ? w.slice(test.length) : w.endsWith(test) ? w.slice(0, -test.length) : undefined;
    if (rest && JOINED_SECRET_NAMES.has(rest)) return true;
  }
  return false;
}

/** Names of secrets a test word is joined to in a stand-in (`testpass`, `dummytoken`). */
const JOINED_SECRET_NAMES = new Set(['pass', 'password', 'passwd', 'pwd', 'pw', 'secret', 'token', 'key', 'apikey']);

/**
 * A value strong enough to be a real credential rather than test data (`password1`, `test-token`):
 * long, mixing character classes, and not saying it is fake. Test files only report these.
 */
export function looksLikeRealCredential(value: string): boolean {
  const v = value.trim();
  if (v.length < 10) return false;
  if (/test|fake|mock|dummy|sample|fixture|example|stub/i.test(v)) return false;
  if (/^[a-z]+([-_ .][a-z]+)*$/.test(v)) return false; // `expired-refresh-token`: words, not a key
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(v)).length;
  return classes >= 3 || (v.length >= 20 && new Set(v).size >= 12);
}

/**
 * Shaped like the name of something, not like a secret: words of letters in lower, camel, Pascal or
 * upper case, each with at most a short number at its end (`v1`, `2`), joined by case changes or one
 * of `_ - . : /`, after at most two underscores. `welcomebanner_status`, `chunkReload`, `tlm_auth_v1`, `accountid`,
 * `express.sid`, `_logto` (a cookie's name).
 * A random key mixes digits into its letters (`a8f3k29dk3l2`) or changes case every few letters.
 */
export function isIdentifierLike(value: string): boolean {
  return /^_{0,2}(?:[a-z]+(?:[A-Z][a-z]{2,})*|(?:[A-Z][a-z]{2,})+|[A-Z]{2,})\d{0,3}(?:[-_.:/](?:[a-z]+(?:[A-Z][a-z]{2,})*|(?:[A-Z][a-z]{2,})+|[A-Z]{2,})\d{0,3})*$/.test(
    value,
  );
}

/** First words of error codes and states: `incorrectPassword`, `invalid_token`, `missing-api-key`, `expiredToken`. */
const STATE_WORDS = new Set([
  'incorrect',
  'invalid',
  'wrong',
  'missing',
  'expired',
  'required',
  'empty',
  'bad',
  'unknown',
  'weak',
  'mismatch',
  'mismatched',
  'not',
  'no',
  'too',
  'failed',
  'fail',
  'error',
  'unauthorized',
  'forbidden',
  'denied',
  'duplicate',
  'already',
  'must',
  'cannot',
  'insecure',
  'unverified',
  'unconfirmed',
  'inactive',
  'pending',
  'accepted',
  'disabled',
  'locked',
  'blocked',
  'revoked',
  'need',
  'needs',
  'enter',
  'confirm',
  'forgot',
  'reset',
  'change',
  'new',
  'old',
  'show',
  'hide',
  'toggle',
  'on',
  'auto',
]);

/**
 * An error code, message key or event/handler name: identifier-shaped, two words or more, the first
 * a state or action word (`incorrectPassword`, `invalid_token`, `onForgotPassword`, `autoLogin`), or
 * secret words followed by a state (`tokenExpired`, `password_mismatch`).
 */
export function isCodeName(value: string): boolean {
  if (!isIdentifierLike(value)) return false;
  const words = identifierWords(value);
  if (words.length < 2) return false;
  if (STATE_WORDS.has(words[0])) return true;
  // `tokenExpired`, `password_mismatch`: the name of a secret, then its state.
  return STATE_WORDS.has(words[words.length - 1]) && words.slice(0, -1).every((w) => NAME_WORDS.has(w));
}

/**
 * A key path that ends at the secret the name denotes: `admin:password` under `NODEBB_ADMIN_PASSWORD`,
 * `auth.jwt.secret` under `jwtSecret`, an action type `@canvas/SET_COMPONENT_CREDENTIALS` under its own
 * name: where to find the value, or what it is called, not the value.
 */
export function isKeyPathTo(value: string, name: string): boolean {
  if (!/^@?[A-Za-z_][\w-]*(?:[.:/][\w-]+)+$/.test(value)) return false;
  const last = identifierWords(value.split(/[.:/]/).pop() ?? '');
  const nameWords = identifierWords(name);
  const secretWord = nameWords[nameWords.length - 1];
  return last.length > 0 && (last.includes(secretWord) || last.every((w) => NAME_WORDS.has(w)));
}

/** Verbs that end a permission scope (`apikeys:import`, `read:users` is the other order). */
const SCOPE_ACTIONS =
  /^(?:create|read|update|delete|write|list|view|edit|manage|import|export|execute|invite|share|publish|upload|download|revoke|rotate)$/;

/**
 * A permission scope, `resource:action` or `action:resource` in lower-case words (`apikeys:import`, `sso:manage`,
 * `read:api-keys`): what a role may do, named. (`admin:secret` is not one: no action word.)
 */
export function isPermissionScope(value: string): boolean {
  if (!/^[a-z][a-z-]{1,30}(?::[a-z*][a-z-]{0,30}){1,2}$/.test(value)) return false;
  const parts = value.split(':');
  return SCOPE_ACTIONS.test(parts[parts.length - 1]) || SCOPE_ACTIONS.test(parts[0]);
}

/** A hex digest (MD5, SHA-1, SHA-256, SHA-512): what a user table keeps instead of a password. */
export function isHexDigest(value: string): boolean {
  return /^(?:[a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64}|[a-f0-9]{128}|[A-F0-9]{32}|[A-F0-9]{40}|[A-F0-9]{64}|[A-F0-9]{128})$/.test(value);
}

/** An app password as some providers print it: four groups of four letters (`abcd efgh ijkl mnop`). */
function isGroupedAppPassword(value: string): boolean {
  return /^[a-z]{4}( [a-z]{4}){3}$/.test(value) && new Set(value.replace(/ /g, '')).size >= 8;
}

/** Digits only: ids, timestamps, one-time codes, ports (a token or key is never all digits). */
export function isAllDigits(value: string): boolean {
  return /^\d+$/.test(value);
}

/** A word that names a secret or a setting rather than being one: `password`, `secret`, `bearer`, `admin`. */
export function isNameWord(value: string): boolean {
  const v = value.toLowerCase();
  return NAME_WORDS.has(v) || NEVER_SECRET.has(v);
}

const USER_PASSWORD_SUFFIX = /^(.{2,}?)[-_.]?(?:pass|password|passwd|pwd|pw|123)$/i;

/**
 * The user names a local default password may be made from: the password itself, and what comes before a
 * `pass`/`password`/`pwd`/`123` suffix (`root_pass` → root, `sallypass` → sally).
 */
export function userNamesOf(password: string): string[] {
  const names: string[] = [];
  // `p0stgr3s` for the user `postgres`: the same name in leetspeak.
  for (const form of new Set([password, fromLeet(password)])) {
    const stem = USER_PASSWORD_SUFFIX.exec(form)?.[1];
    names.push(form, ...(stem ? [stem] : []));
  }
  return names;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/** Letters written as digits or signs read back (`p@ssw0rd` → `password`, `s3cr3t` → `secret`), in lower case. */
export function fromLeet(value: string): string {
  return value.toLowerCase().replace(/[013457@$]/g, (c) => LEET[c]);
}

/** A local default made from the user's name (`root` / `root_pass`, `strapi` / `strapi`, `sally` / `sallypass`). */
export function isUserPassword(password: string, user: string): boolean {
  const u = user.toLowerCase();
  return u.length >= 2 && userNamesOf(password.toLowerCase()).includes(u);
}
