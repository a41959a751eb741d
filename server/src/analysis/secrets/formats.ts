/**
 * Provider token formats: secrets recognisable by their shape wherever they appear (a string literal,
 * a Dockerfile line, a comment, a config value). Each format is data — keywords, a pattern, checks —
 * written from the providers' public token documentation and announcements (prefix, alphabet, length,
 * checksum), cross-checked against what public scanners document; the patterns are our own.
 *
 * How a text is searched (`findTokens`):
 *   1. one Aho–Corasick pass finds every keyword of every format (keywords.ts);
 *   2. only a format with a keyword in the text runs its pattern, and only from that keyword on;
 *   3. a candidate must pass the format's checks: exact alphabet and length (the pattern), a body that
 *      is random rather than a run, sequence or stand-in (`xxxx`, `EXAMPLE`), structure where the
 *      provider defines one (a checksum, a base64 JSON header), and not a provider-published example.
 * Every pattern repeats only bounded classes (`{20,255}`, never `+`/`*` over a class), so each attempt
 * is bounded by the format's longest token and a scan is linear in the text.
 */
import { createHash } from 'node:crypto';
import { KeywordScanner } from './keywords';
import { decodeBase64, decodeBase64Json, hasBase62Crc32, isBech32, isRunOrSequence, looksRandom, hasStandInWord } from './checks';
import { escapeRegExp } from '../text';

/** A documented stand-in for a token: `AKIAIOSFODNN7EXAMPLE`, `ghp_xxxxxxxx…`, `sk_live_...`. */
function isPlaceholderToken(token: string): boolean {
  return /example|xxxx|\.\.\.|\u2026|(.)\1{7}/i.test(token);
}

type TokenFamily =
  | 'cloud'
  | 'code hosting'
  | 'package registry'
  | 'chat'
  | 'payments'
  | 'AI'
  | 'SaaS'
  | 'infrastructure'
  | 'private key'
  | 'token'
  | 'credentials in text';

export interface TokenFormat {
  id: string;
  /** Shown in messages, where it starts a sentence: "Slack app-level token", "Vault batch token"… */
  kind: string;
  family: TokenFamily;
  /**
   * Literal strings (ASCII, matched case-insensitively) of which every token of the format contains at
   * least one: the pre-filter. The match starts at most `lead` characters before the keyword.
   */
  keywords: readonly string[];
  /** How far before a keyword a match may start (0: the keyword starts it). */
  lead?: number;
  /** A keyword that names the provider and precedes the token by at most this many characters (context formats). */
  near?: number;
  /** Global pattern; the token is capture group 1 (or the whole match). */
  pattern: RegExp;
  /** Extra checks on the match; `after`/`before` are up to 400 characters around it. */
  accept?: (token: string, after: string, before: string) => boolean;
  /** The provider's own checksum over the token: `true` verifies it, `false` refutes it. */
  checksum?: (token: string) => boolean;
  /** A more precise kind for one token (`RSA private key` for an RSA PEM block). */
  kindOf?: (token: string) => string;
  /**
   * SHA-256 digests (hex) of provider-published example values of this format: never reported. Digests, not the
   * values, so that the shipped bundle holds no token a secret scanner (vsce's own, before publishing) would flag.
   */
  exampleDigests?: readonly string[];
  /** The environment variable a fix reads it from. */
  envName?: string;
  /** A generic shape (a bearer token in a header): a provider format over the same text wins. */
  generic?: boolean;
}

/** A token found in a text: offsets of the token itself (capture group 1 when the pattern has one). */
export interface TokenMatch {
  format: TokenFormat;
  kind: string;
  start: number;
  end: number;
  value: string;
  /** Set for formats with a provider checksum: whether this token's checksum verifies. */
  verified?: boolean;
}

interface FindTokensOptions {
  /** Run every pattern over the whole text without the keyword pre-filter (for tests: same result). */
  prefilter?: boolean;
  /** Drop tokens whose provider checksum fails (by default they are reported, `verified: false`). */
  requireChecksum?: boolean;
}

// Boundaries: a token must not continue an identifier on either side.
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';
const E_DASH = '(?![A-Za-z0-9_-])';
const E_B64 = '(?![A-Za-z0-9+/=_-])';
const HEX = 'a-f0-9';
const UUID = `[${HEX}]{8}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{12}`;

/** `prefix` + a body of `chars` repeated `length` times, between identifier boundaries. */
function prefixed(prefix: string, chars: string, length: string, end = E): RegExp {
  return new RegExp(`${B}(${prefix}[${chars}]{${length}})${end}`, 'g');
}

/** The random part of a token: after its fixed prefix. */
const after = (prefix: string | number) => (token: string) => token.slice(typeof prefix === 'number' ? prefix : prefix.length);
const random =
  (prefix: string | number, minDistinct?: number) =>
  (token: string): boolean =>
    looksRandom(after(prefix)(token), minDistinct);
const hasDigitAndLetter = (s: string) => /[0-9]/.test(s) && /[A-Za-z]/.test(s);

/**
 * A value assigned to a name that mentions the provider, for keys with no prefix of their own (a
 * Datadog API key is 32 hex characters): `DATADOG_API_KEY=…`, `"datadogApiKey": "…"`, `datadog.key = '…'`.
 * `name` is a regex source matched case-insensitively; the value is group 1.
 */
function named(name: string, value: string, end = E_DASH): RegExp {
  return new RegExp(`(?:${name})[A-Za-z0-9_. -]{0,24}["'\`]?\\s{0,3}(?:=>|:=|=|:)\\s{0,3}["'\`]?(${value})${end}`, 'gi');
}

/** Decodes a segment and checks it is a JSON object with one of `keys`. */
function jsonWith(segment: string, keys: readonly string[]): boolean {
  const json = decodeBase64Json(segment);
  return json !== undefined && keys.some((k) => k in json);
}

/** `user:password` in base64 with a real-looking password (an `Authorization: Basic` value, a Docker `auth`). */
function isBasicCredential(b64: string): boolean {
  const decoded = decodeBase64(b64);
  if (decoded === undefined) return false;
  const colon = decoded.indexOf(':');
  if (colon < 1 || decoded.startsWith('{') || !/^[\x20-\x7e]+$/.test(decoded)) return false;
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !isCredentialStandIn(password);
}

/** A password or token that stands for one: `$VAR`, `${VAR}`, `<password>`, `changeme`, `xxx`, `***`. */
function isCredentialStandIn(value: string): boolean {
  if (/^[$%<{[*]|\$\{|\{\{|^(?:password|passwd|pass|pwd|secret|token|pw|changeme|admin|root|guest|test|user)$/i.test(value)) return true;
  if (/^(.)\1*$/.test(value) || hasStandInWord(value)) return true;
  return /^(?:your|my)[-_]?|[-_](?:here|goes[-_]here)$|^(?:replace|change)[-_]?me$/i.test(value);
}

/** The jwt.io sample tokens (John Doe, subject 1234567890) and their kin in tutorials. */
function isDocumentedJwt(payload: Record<string, unknown> | undefined): boolean {
  if (!payload) return false;
  return payload.sub === '1234567890' || payload.name === 'John Doe' || payload.email === 'john.doe@example.com';
}

const JWT_CLAIMS =
  /^(?:iss|sub|aud|exp|nbf|iat|jti|azp|scope|scp|roles?|client_?id|user_?id|uid|email|tid|oid|appid|ref|sid|k|id|typ|session)$/i;

const SLACK_ID = '[A-Z0-9]{6,12}';

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  // ── cloud ────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'aws-access-key-id',
    kind: 'AWS access key ID',
    family: 'cloud',
    keywords: ['AKIA', 'ABIA', 'ACCA', 'A3T'],
    pattern: new RegExp(`${B}((?:AKIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})${E}`, 'g'),
    accept: random(4, 8),
    envName: 'AWS_ACCESS_KEY_ID',
  },
  {
    id: 'aws-temporary-access-key-id',
    kind: 'AWS temporary access key ID',
    family: 'cloud',
    keywords: ['ASIA'],
    pattern: new RegExp(`${B}(ASIA[A-Z2-7]{16})${E}`, 'g'),
    accept: random(4, 8),
    envName: 'AWS_ACCESS_KEY_ID',
  },
  {
    id: 'aws-secret-access-key',
    kind: 'AWS secret access key',
    family: 'cloud',
    keywords: ['secret_access_key', 'secretaccesskey', 'aws_secret', 'secret-access-key'],
    pattern: named('secret_?access_?key|secret-access-key|aws_?secret(?:_?key)?', '[A-Za-z0-9/+]{40}', '(?![A-Za-z0-9/+=])'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t) && /[a-z]/.test(t) && /[A-Z]/.test(t),
    envName: 'AWS_SECRET_ACCESS_KEY',
  },
  {
    id: 'aws-session-token',
    kind: 'AWS session token',
    family: 'cloud',
    // base64 of the token's binary header: `IQoJb3JpZ2luX2Vj` is "!\n\torigin_ec".
    keywords: ['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz'],
    pattern: new RegExp(`${B}((?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+]{100,2000}={0,2})${E_B64}`, 'g'),
    accept: random(16),
    envName: 'AWS_SESSION_TOKEN',
  },
  {
    id: 'aws-bedrock-api-key',
    kind: 'Amazon Bedrock API key',
    family: 'cloud',
    keywords: ['ABSK', 'bedrock-api-key-'],
    pattern: new RegExp(
      `${B}(ABSK[A-Za-z0-9+/]{109,269}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/%=&._-]{40,2000})${E_B64}`,
      'g',
    ),
    accept: (t) => looksRandom(t.startsWith('ABSK') ? t.slice(4) : t.slice(44)),
    envName: 'AWS_BEARER_TOKEN_BEDROCK',
  },
  {
    id: 'azure-ad-client-secret',
    kind: 'Microsoft Entra ID client secret',
    family: 'cloud',
    // Three characters, a digit, `Q~`, then 31–34 characters (the client secret format since 2021).
    keywords: ['Q~'],
    lead: 4,
    pattern: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
    accept: (t) => looksRandom(t.slice(6)),
    envName: 'AZURE_CLIENT_SECRET',
  },
  {
    id: 'azure-storage-account-key',
    kind: 'Azure storage account key',
    family: 'cloud',
    keywords: ['AccountKey='],
    pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/g,
    // Not the storage emulator's (Azurite's) account `devstoreaccount1`: Microsoft publishes its key for local use.
    accept: (t, after, before) => looksRandom(t.slice(0, -2)) && !/devstoreaccount1/i.test(before.slice(-200) + after.slice(0, 200)),
    envName: 'AZURE_STORAGE_CONNECTION_STRING',
  },
  {
    id: 'azure-shared-access-key',
    kind: 'Azure shared access key',
    family: 'cloud',
    keywords: ['SharedAccessKey='],
    pattern: /SharedAccessKey=([A-Za-z0-9+/]{42,43}=)/g,
    accept: (t) => looksRandom(t.slice(0, -1)),
    envName: 'AZURE_SERVICE_BUS_CONNECTION_STRING',
  },
  {
    id: 'azure-sas-token',
    kind: 'Azure shared access signature',
    family: 'cloud',
    keywords: ['sig='],
    lead: 1,
    // `sv=2022-11-02&ss=b&srt=co&sp=rl&se=…&sig=<base64 HMAC, URL-encoded>`: the signature is the secret.
    pattern: /[?&;]sig=((?:[A-Za-z0-9+/]|%2[bBfF]){30,120}(?:=|%3[dD]){0,2})(?![A-Za-z0-9+/%=])/g,
    accept: (t, _after, before) => {
      const query = before.slice(before.lastIndexOf('sv=') - 200);
      // A signature over malformed parameters (unknown permissions, a partial IP range) is not a usable token.
      const permissions = /[?&;]?sp=([^&\s"']*)/.exec(query)?.[1];
      const ip = /[?&;]sip=([^&\s"']*)/.exec(query)?.[1];
      if (permissions !== undefined && !/^[racwdxyltmeopif]+$/.test(permissions)) return false;
      if (ip !== undefined && !/^\d{1,3}(?:\.\d{1,3}){3}(?:-\d{1,3}(?:\.\d{1,3}){3})?$/.test(ip)) return false;
      return /[?&;]sv=\d{4}-\d{2}-\d{2}/.test(before) && looksRandom(t.replace(/%[0-9a-fA-F]{2}/g, ''));
    },
    envName: 'AZURE_STORAGE_SAS_TOKEN',
  },
  {
    id: 'azure-container-registry-password',
    kind: 'Azure container registry password',
    family: 'cloud',
    keywords: ['+ACR'],
    lead: 42,
    pattern: /(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{42}\+ACR[A-Za-z0-9]{6})(?![A-Za-z0-9+/=])/g,
    accept: (t) => looksRandom(t.slice(0, 42)),
    envName: 'ACR_PASSWORD',
  },
  {
    id: 'google-api-key',
    kind: 'Google API key',
    family: 'cloud',
    keywords: ['AIza'],
    pattern: prefixed('AIza', '0-9A-Za-z_-', '35', E_DASH),
    accept: random(4),
    envName: 'GOOGLE_API_KEY',
  },
  {
    id: 'google-oauth-client-secret',
    kind: 'Google OAuth client secret',
    family: 'cloud',
    keywords: ['GOCSPX-'],
    pattern: prefixed('GOCSPX-', 'A-Za-z0-9_-', '28', E_DASH),
    accept: random(7),
    envName: 'GOOGLE_CLIENT_SECRET',
  },
  {
    id: 'google-oauth-refresh-token',
    kind: 'Google OAuth refresh token',
    family: 'cloud',
    keywords: ['1//0'],
    pattern: /(?<![A-Za-z0-9_/])(1\/\/0[A-Za-z0-9_-]{40,250})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(4)) && hasDigitAndLetter(t.slice(4)),
    envName: 'GOOGLE_REFRESH_TOKEN',
  },
  {
    id: 'google-oauth-access-token',
    kind: 'Google OAuth access token',
    family: 'cloud',
    keywords: ['ya29.'],
    pattern: prefixed('ya29\\.', 'A-Za-z0-9_-', '50,2000', E_DASH),
    accept: (t) => looksRandom(t.slice(5)) && hasDigitAndLetter(t.slice(5)),
    envName: 'GOOGLE_ACCESS_TOKEN',
  },
  {
    id: 'gcp-service-account-key',
    kind: 'Google Cloud service account key',
    family: 'cloud',
    keywords: ['private_key_id'],
    lead: 1,
    pattern: /"private_key_id"\s{0,3}:\s{0,3}"([a-f0-9]{40})"/g,
    accept: (t, after, before) => /"type"\s*:\s*"service_account"/.test(before + after) && looksRandom(t),
    envName: 'GOOGLE_APPLICATION_CREDENTIALS',
  },
  {
    id: 'firebase-cloud-messaging-server-key',
    kind: 'Firebase Cloud Messaging server key',
    family: 'cloud',
    keywords: [':APA91b'],
    lead: 12,
    pattern: new RegExp(`${B}(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134})${E_DASH}`, 'g'),
    accept: (t) => looksRandom(t.slice(18)),
    envName: 'FCM_SERVER_KEY',
  },
  {
    id: 'alibaba-access-key-id',
    kind: 'Alibaba Cloud AccessKey ID',
    family: 'cloud',
    keywords: ['LTAI'],
    pattern: prefixed('LTAI', 'A-Za-z0-9', '12,20'),
    accept: (t) => looksRandom(t.slice(4), 8) && hasDigitAndLetter(t.slice(4)),
    envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  },
  {
    id: 'alibaba-access-key-secret',
    kind: 'Alibaba Cloud AccessKey secret',
    family: 'cloud',
    keywords: ['alibaba', 'aliyun', 'access_key_secret', 'accesskeysecret'],
    pattern: named('alibaba|aliyun|access_?key_?secret', '[A-Za-z0-9]{30}'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  },
  {
    id: 'ibm-cloud-api-key',
    kind: 'IBM Cloud API key',
    family: 'cloud',
    keywords: ['ibm'],
    pattern: named('ibm[_.-]?(?:cloud)?[_.-]?api[_.-]?key|ibmcloud', '[A-Za-z0-9_-]{44}'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'IBMCLOUD_API_KEY',
  },
  {
    id: 'oracle-cloud-auth-token',
    kind: 'Oracle Cloud auth token',
    family: 'cloud',
    keywords: ['oci_', 'oci-', 'oracle'],
    // OCI auth tokens (Swift/registry passwords): 20 printable characters under an OCI/Oracle name.
    pattern: named('(?:oci|oracle)[_.-]?(?:cli[_.-]?)?auth[_.-]?token', '[A-Za-z0-9()<>{}[\\]#.:;+_-]{20}', '(?![A-Za-z0-9])'),
    accept: (t) => looksRandom(t, 12),
    envName: 'OCI_AUTH_TOKEN',
  },
  {
    id: 'digitalocean-token',
    kind: 'DigitalOcean token',
    family: 'infrastructure',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    pattern: prefixed('do[opr]_v1_', HEX, '64'),
    accept: random(7),
    envName: 'DIGITALOCEAN_TOKEN',
  },
  {
    id: 'cloudflare-api-token',
    kind: 'Cloudflare API token',
    family: 'infrastructure',
    keywords: ['cfut_', 'cfat_'],
    pattern: new RegExp(`${B}(cf[ua]t_[A-Za-z0-9]{40}[a-f0-9]{8})${E}`, 'g'),
    accept: random(5),
    envName: 'CLOUDFLARE_API_TOKEN',
  },
  {
    id: 'cloudflare-api-token-named',
    kind: 'Cloudflare API token',
    family: 'infrastructure',
    keywords: ['cloudflare', 'cf_api', 'cf-api'],
    pattern: named('cloudflare[_.-]?(?:api)?[_.-]?token|cf[_-]api[_-]token', '[A-Za-z0-9_-]{40}'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'CLOUDFLARE_API_TOKEN',
  },
  {
    id: 'cloudflare-global-api-key',
    kind: 'Cloudflare global API key',
    family: 'infrastructure',
    keywords: ['cloudflare', 'cf_api_key', 'cf-api-key', 'x-auth-key'],
    pattern: named('cloudflare[_.-]?(?:global)?[_.-]?(?:api)?[_.-]?key|cf[_-]api[_-]key|x-auth-key', `[${HEX}]{37}`, E),
    accept: (t) => looksRandom(t),
    envName: 'CLOUDFLARE_API_KEY',
  },
  {
    id: 'cloudflare-origin-ca-key',
    kind: 'Cloudflare Origin CA key',
    family: 'infrastructure',
    keywords: ['v1.0-'],
    pattern: new RegExp(`${B}(v1\\.0-[${HEX}]{24}-[${HEX}]{146})${E}`, 'g'),
    accept: random(5),
    envName: 'CLOUDFLARE_ORIGIN_CA_KEY',
  },
  {
    id: 'heroku-api-key',
    kind: 'Heroku API key',
    family: 'infrastructure',
    keywords: ['HRKU-'],
    pattern: prefixed('HRKU-AA', '0-9A-Za-z_-', '58', E_DASH),
    accept: random(7),
    envName: 'HEROKU_API_KEY',
  },
  {
    id: 'heroku-api-key-legacy',
    kind: 'Heroku API key',
    family: 'infrastructure',
    keywords: ['heroku'],
    pattern: named('heroku', UUID),
    accept: (t) => looksRandom(t.replace(/-/g, '')),
    envName: 'HEROKU_API_KEY',
  },
  {
    id: 'flyio-token',
    kind: 'Fly.io access token',
    family: 'infrastructure',
    keywords: ['fo1_', 'fm1a_', 'fm1r_', 'fm2_'],
    pattern: new RegExp(`${B}(fo1_[A-Za-z0-9_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,2000}={0,3}|fm2_[A-Za-z0-9+/]{100,2000}={0,3})${E_B64}`, 'g'),
    accept: (t) => looksRandom(t.slice(t.indexOf('_') + 1)),
    envName: 'FLY_API_TOKEN',
  },
  {
    id: 'vercel-token',
    kind: 'Vercel token',
    family: 'infrastructure',
    keywords: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
    pattern: prefixed('vc[pikar]_', 'A-Za-z0-9', '20,60'),
    accept: random(4),
    envName: 'VERCEL_TOKEN',
  },
  {
    id: 'vercel-token-named',
    kind: 'Vercel token',
    family: 'infrastructure',
    keywords: ['vercel'],
    pattern: named('vercel[_.-]?(?:api|access|auth)?[_.-]?token', '[A-Za-z0-9]{24}'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'VERCEL_TOKEN',
  },
  {
    id: 'netlify-token',
    kind: 'Netlify access token',
    family: 'infrastructure',
    keywords: ['nfp_', 'nfc_', 'nfo_'],
    pattern: prefixed('nf[pco]_', 'A-Za-z0-9', '36,40'),
    accept: random(4),
    envName: 'NETLIFY_AUTH_TOKEN',
  },
  {
    id: 'netlify-token-named',
    kind: 'Netlify access token',
    family: 'infrastructure',
    keywords: ['netlify'],
    pattern: named('netlify[_.-]?(?:auth|access|api)?[_.-]?token', '[A-Za-z0-9_-]{43,45}'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'NETLIFY_AUTH_TOKEN',
  },
  {
    id: 'supabase-access-token',
    kind: 'Supabase access token',
    family: 'infrastructure',
    keywords: ['sbp_'],
    pattern: prefixed('sbp_', 'a-z0-9', '40'),
    accept: random(4),
    envName: 'SUPABASE_ACCESS_TOKEN',
  },
  {
    id: 'supabase-secret-key',
    kind: 'Supabase secret API key',
    family: 'infrastructure',
    keywords: ['sb_secret_'],
    pattern: prefixed('sb_secret_', 'A-Za-z0-9_-', '30,80', E_DASH),
    accept: random(10),
    envName: 'SUPABASE_SECRET_KEY',
  },
  {
    id: 'doppler-token',
    kind: 'Doppler token',
    family: 'infrastructure',
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    pattern: new RegExp(`${B}(dp\\.(?:pt|st(?:\\.[a-z0-9_-]{1,40})?|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('.') + 1)),
    envName: 'DOPPLER_TOKEN',
  },
  {
    id: 'vault-service-token',
    kind: 'Vault service token',
    family: 'infrastructure',
    keywords: ['hvs.'],
    pattern: prefixed('hvs\\.', 'A-Za-z0-9_-', '24,400', E_DASH),
    accept: (t) => looksRandom(t.slice(4)) && hasDigitAndLetter(t.slice(4)),
    envName: 'VAULT_TOKEN',
  },
  {
    id: 'vault-batch-token',
    kind: 'Vault batch token',
    family: 'infrastructure',
    keywords: ['hvb.'],
    pattern: prefixed('hvb\\.', 'A-Za-z0-9_-', '24,400', E_DASH),
    accept: (t) => looksRandom(t.slice(4)) && hasDigitAndLetter(t.slice(4)),
    envName: 'VAULT_TOKEN',
  },
  {
    id: 'vault-recovery-token',
    kind: 'Vault recovery token',
    family: 'infrastructure',
    keywords: ['hvr.'],
    pattern: prefixed('hvr\\.', 'A-Za-z0-9_-', '24,400', E_DASH),
    accept: (t) => looksRandom(t.slice(4)) && hasDigitAndLetter(t.slice(4)),
    envName: 'VAULT_TOKEN',
  },
  {
    id: 'vault-legacy-token',
    kind: 'Vault service token',
    family: 'infrastructure',
    keywords: ['vault'],
    pattern: named('vault[_.-]?(?:root[_.-]?|client[_.-]?)?token', 's\\.[A-Za-z0-9]{24}', E),
    accept: (t) => looksRandom(t.slice(2)) && hasDigitAndLetter(t.slice(2)),
    envName: 'VAULT_TOKEN',
  },
  {
    id: 'tailscale-key',
    kind: 'Tailscale key',
    family: 'infrastructure',
    keywords: ['tskey-'],
    pattern: /(?<![A-Za-z0-9_])(tskey-[a-z]{2,20}-[0-9A-Za-z_]{8,40}-[0-9A-Za-z_]{16,60})(?![0-9A-Za-z_])/g,
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('-') + 1)),
    envName: 'TS_AUTHKEY',
  },
  {
    id: 'terraform-cloud-token',
    kind: 'Terraform Cloud API token',
    family: 'infrastructure',
    keywords: ['.atlasv1.'],
    lead: 14,
    pattern: new RegExp(`${B}([A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70})${E_DASH}`, 'g'),
    accept: (t) => looksRandom(t.slice(23)),
    envName: 'TF_TOKEN_app_terraform_io',
  },
  {
    id: 'pulumi-token',
    kind: 'Pulumi access token',
    family: 'infrastructure',
    keywords: ['pul-'],
    pattern: prefixed('pul-', HEX, '40'),
    accept: random(4),
    envName: 'PULUMI_ACCESS_TOKEN',
  },
  {
    id: 'databricks-token',
    kind: 'Databricks token',
    family: 'infrastructure',
    keywords: ['dapi'],
    pattern: new RegExp(`${B}(dapi[a-f0-9]{32}(?:-\\d)?)${E}`, 'g'),
    accept: random(4),
    envName: 'DATABRICKS_TOKEN',
  },
  {
    id: 'grafana-cloud-token',
    kind: 'Grafana Cloud token',
    family: 'infrastructure',
    keywords: ['glc_eyJ'],
    pattern: new RegExp(`${B}(glc_eyJ[A-Za-z0-9+/]{32,400}={0,3})${E_B64}`, 'g'),
    accept: random(4),
    envName: 'GRAFANA_CLOUD_TOKEN',
  },
  {
    id: 'grafana-service-account-token',
    kind: 'Grafana service account token',
    family: 'infrastructure',
    keywords: ['glsa_'],
    pattern: new RegExp(`${B}(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(5, 37)),
    envName: 'GRAFANA_TOKEN',
  },
  {
    id: 'grafana-api-key',
    kind: 'Grafana API key',
    family: 'infrastructure',
    keywords: ['eyJrIjoi'],
    pattern: new RegExp(`${B}(eyJrIjoi[A-Za-z0-9]{60,400}={0,3})${E_B64}`, 'g'),
    accept: (t) => jsonWith(t, ['k', 'n', 'id']) || looksRandom(t.slice(8)),
    envName: 'GRAFANA_API_KEY',
  },

  // ── code hosting ─────────────────────────────────────────────────────────────────────────────
  ...(
    [
      ['ghp_', 'github-pat', 'GitHub token'],
      ['gho_', 'github-oauth-token', 'GitHub OAuth token'],
      ['ghu_', 'github-user-to-server-token', 'GitHub App user token'],
      ['ghs_', 'github-installation-token', 'GitHub App installation token'],
      ['ghr_', 'github-refresh-token', 'GitHub refresh token'],
    ] as const
  ).map(([prefix, id, kind]): TokenFormat => ({
    id,
    kind,
    family: 'code hosting',
    keywords: [prefix],
    // 30 random base62 characters and a 6-character CRC-32 checksum (GitHub's 2021 token format).
    pattern: prefixed(prefix, 'A-Za-z0-9', '36'),
    accept: random(4),
    checksum: (t) => hasBase62Crc32(t.slice(4)),
    // GitHub's OAuth documentation's sample token.
    exampleDigests: prefix === 'gho_' ? ['bc3ae723f57c6b9e3fd80b699fcc420f6074b0b1718039669d22631d508ac0a7'] : undefined,
    envName: 'GITHUB_TOKEN',
  })),
  {
    id: 'github-installation-token-long',
    kind: 'GitHub App installation token',
    family: 'code hosting',
    keywords: ['ghs_'],
    // The longer installation-token form (an app ID and a signed payload after `ghs_`).
    pattern: prefixed('ghs_', 'A-Za-z0-9_.-', '60,1000', E_DASH),
    accept: (t) => looksRandom(t.slice(-40)),
    envName: 'GITHUB_TOKEN',
  },
  {
    id: 'github-fine-grained-pat',
    kind: 'GitHub fine-grained token',
    family: 'code hosting',
    keywords: ['github_pat_'],
    pattern: new RegExp(`${B}(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(11, 33)) && looksRandom(t.slice(34)),
    envName: 'GITHUB_TOKEN',
  },
  ...(
    [
      ['glpat-', 'gitlab-pat', 'GitLab personal access token', '20'],
      ['gldt-', 'gitlab-deploy-token', 'GitLab deploy token', '20'],
      ['glrt-', 'gitlab-runner-token', 'GitLab runner token', '20'],
      ['glft-', 'gitlab-feed-token', 'GitLab feed token', '20'],
      ['glsoat-', 'gitlab-scim-token', 'GitLab SCIM token', '20'],
      ['glffct-', 'gitlab-feature-flag-token', 'GitLab feature flag client token', '20'],
      ['glimt-', 'gitlab-incoming-mail-token', 'GitLab incoming mail token', '25'],
      ['glagent-', 'gitlab-agent-token', 'GitLab agent token', '50'],
      ['gloas-', 'gitlab-oauth-secret', 'GitLab OAuth application secret', '64'],
      ['GR1348941', 'gitlab-runner-registration-token', 'GitLab runner registration token', '20'],
    ] as const
  ).map(([prefix, id, kind, length]): TokenFormat => ({
    id,
    kind,
    family: 'code hosting',
    keywords: [prefix],
    pattern: prefixed(prefix, 'A-Za-z0-9_-', length, E_DASH),
    accept: (t) => looksRandom(t.slice(prefix.length)) && hasDigitAndLetter(t.slice(prefix.length)),
    envName: 'GITLAB_TOKEN',
  })),
  {
    id: 'gitlab-routable-token',
    kind: 'GitLab token',
    family: 'code hosting',
    keywords: ['glpat-', 'glrt-', 'gldt-', 'glcbt-'],
    // Routable tokens (GitLab 17.x): a base64 payload, `.`, a 2-character version and a 7-character CRC.
    pattern: new RegExp(`${B}((?:glpat|glrt|gldt|glcbt)-[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}\\.?[0-9a-z]{7})${E_DASH}`, 'g'),
    accept: (t) => looksRandom(t.slice(t.indexOf('-') + 1, t.lastIndexOf('.'))),
    envName: 'GITLAB_TOKEN',
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    kind: 'GitLab pipeline trigger token',
    family: 'code hosting',
    keywords: ['glptt-'],
    pattern: prefixed('glptt-', HEX, '40'),
    accept: random(6),
    envName: 'GITLAB_TRIGGER_TOKEN',
  },
  {
    id: 'gitlab-ci-job-token',
    kind: 'GitLab CI/CD job token',
    family: 'code hosting',
    keywords: ['glcbt-'],
    pattern: new RegExp(`${B}(glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20})${E_DASH}`, 'g'),
    accept: (t) => looksRandom(t.slice(-20)),
    envName: 'CI_JOB_TOKEN',
  },
  {
    id: 'bitbucket-app-password',
    kind: 'Bitbucket app password',
    family: 'code hosting',
    keywords: ['ATBB'],
    pattern: prefixed('ATBB', 'A-Za-z0-9_=.-', '28,40', E_DASH),
    accept: (t) => looksRandom(t.slice(4)) && hasDigitAndLetter(t.slice(4)),
    envName: 'BITBUCKET_APP_PASSWORD',
  },
  {
    id: 'bitbucket-access-token',
    kind: 'Bitbucket access token',
    family: 'code hosting',
    keywords: ['ATCTT3'],
    pattern: prefixed('ATCTT3', 'A-Za-z0-9_=-', '150,250', E_DASH),
    accept: random(6),
    envName: 'BITBUCKET_TOKEN',
  },
  {
    id: 'atlassian-api-token',
    kind: 'Atlassian API token',
    family: 'SaaS',
    keywords: ['ATATT3'],
    pattern: prefixed('ATATT3', 'A-Za-z0-9_=-', '180,250', E_DASH),
    accept: random(6),
    envName: 'ATLASSIAN_API_TOKEN',
  },
  {
    id: 'atlassian-data-center-pat',
    kind: 'Jira/Confluence/Bitbucket Data Center personal access token',
    family: 'SaaS',
    keywords: ['atlassian', 'jira', 'confluence', 'bitbucket'],
    // base64 of "<12-digit id>:<random bytes>", 44 characters.
    pattern: named('atlassian|jira|confluence|bitbucket', '[MNO][A-Za-z0-9+/]{43}', '(?![A-Za-z0-9+/=])'),
    accept: (t) => /^[0-9]{12}:/.test(decodeBase64(t) ?? '') && looksRandom(t.slice(16)),
    envName: 'ATLASSIAN_TOKEN',
  },
  {
    id: 'atlassian-api-token-named',
    kind: 'Atlassian API token',
    family: 'SaaS',
    keywords: ['atlassian', 'jira', 'confluence'],
    pattern: named('atlassian|jira|confluence', '[a-zA-Z0-9]{24}', E),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t) && /[A-Z]/.test(t) && /[a-z]/.test(t),
    envName: 'ATLASSIAN_API_TOKEN',
  },

  // ── package registries ───────────────────────────────────────────────────────────────────────
  {
    id: 'npm-token',
    kind: 'npm access token',
    family: 'package registry',
    keywords: ['npm_'],
    // Same scheme as GitHub's: 30 random base62 characters and a CRC-32 checksum.
    pattern: prefixed('npm_', 'A-Za-z0-9', '36'),
    accept: (t) => looksRandom(t.slice(4)) && hasDigitAndLetter(t.slice(4)),
    checksum: (t) => hasBase62Crc32(t.slice(4)),
    envName: 'NPM_TOKEN',
  },
  {
    id: 'npmrc-auth-token',
    kind: 'npm registry token',
    family: 'package registry',
    keywords: ['_authtoken'],
    lead: 1,
    // `//registry.npmjs.org/:_authToken=<legacy UUID or any opaque token>` in an .npmrc.
    pattern: /:_authToken\s{0,3}=\s{0,3}["']?([A-Za-z0-9_.+/=-]{20,300})(?![A-Za-z0-9_.+/=-])/g,
    accept: (t) => !t.startsWith('npm_') && looksRandom(t.replace(/-/g, '')) && hasDigitAndLetter(t),
    envName: 'NPM_TOKEN',
  },
  {
    id: 'pypi-token',
    kind: 'PyPI API token',
    family: 'package registry',
    // A macaroon whose base64 header names the index: "pypi.org" or "test.pypi.org".
    keywords: ['pypi-AgEIcHlwaS5vcmc', 'pypi-AgENdGVzdC5weXBpLm9yZw'],
    pattern: new RegExp(`${B}(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000})${E_DASH}`, 'g'),
    accept: (t) => looksRandom(t.slice(-50)),
    envName: 'PYPI_TOKEN',
  },
  {
    id: 'rubygems-token',
    kind: 'RubyGems API key',
    family: 'package registry',
    keywords: ['rubygems_'],
    pattern: prefixed('rubygems_', HEX, '48'),
    accept: random(9),
    envName: 'GEM_HOST_API_KEY',
  },
  {
    id: 'nuget-api-key',
    kind: 'NuGet API key',
    family: 'package registry',
    keywords: ['oy2'],
    pattern: prefixed('oy2', 'a-z0-9', '43'),
    accept: (t) => looksRandom(t.slice(3)) && hasDigitAndLetter(t.slice(3)),
    envName: 'NUGET_API_KEY',
  },
  {
    id: 'docker-hub-token',
    kind: 'Docker Hub access token',
    family: 'package registry',
    keywords: ['dckr_pat_', 'dckr_oat_'],
    pattern: new RegExp(`${B}(dckr_pat_[A-Za-z0-9_-]{27}|dckr_oat_[A-Za-z0-9_-]{32})${E_DASH}`, 'g'),
    accept: random(9),
    envName: 'DOCKERHUB_TOKEN',
  },
  {
    id: 'docker-config-auth',
    kind: 'Docker registry credentials',
    family: 'package registry',
    keywords: ['"auth"'],
    // ~/.docker/config.json: `"auths": { "<registry>": { "auth": "<base64 user:password>" } }`.
    pattern: /\\{0,3}"auth\\{0,3}"\s{0,10}:\s{0,10}\\{0,3}"([A-Za-z0-9+/]{8,400}={0,2})\\{0,3}"/g,
    accept: (t, _after, before) => before.includes('auths') && isBasicCredential(t),
    envName: 'DOCKER_AUTH_CONFIG',
  },
  {
    id: 'artifactory-api-key',
    kind: 'JFrog Artifactory API key',
    family: 'package registry',
    keywords: ['AKCp'],
    pattern: prefixed('AKCp', 'A-Za-z0-9', '69'),
    accept: random(4),
    envName: 'ARTIFACTORY_API_KEY',
  },
  {
    id: 'artifactory-reference-token',
    kind: 'JFrog reference token',
    family: 'package registry',
    // base64 of "reftkn:01:…".
    keywords: ['cmVmdGtu'],
    pattern: prefixed('cmVmdGtu', 'A-Za-z0-9', '56'),
    accept: random(8),
    envName: 'JFROG_ACCESS_TOKEN',
  },
  {
    id: 'clojars-token',
    kind: 'Clojars deploy token',
    family: 'package registry',
    keywords: ['CLOJARS_'],
    pattern: prefixed('CLOJARS_', 'a-z0-9', '60'),
    accept: random(8),
    envName: 'CLOJARS_TOKEN',
  },

  // ── chat ─────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'slack-bot-token',
    kind: 'Slack bot token',
    family: 'chat',
    keywords: ['xoxb-'],
    // xoxb-<team id>-<bot user id>-<24 random>; older ones lack the second number.
    pattern: /(?<![A-Za-z0-9_])(xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{18,34})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('-') + 1), 10),
    // Slack's token-types documentation sample.
    exampleDigests: ['2ddc147f3a3b5a1722b8ed6be3c45c49a7156b17fca5d11410137a6d04def6eb'],
    envName: 'SLACK_BOT_TOKEN',
  },
  {
    id: 'slack-user-token',
    kind: 'Slack user token',
    family: 'chat',
    keywords: ['xoxp-', 'xoxe-'],
    pattern: /(?<![A-Za-z0-9_.])(xox[pe](?:-[0-9]{8,14}){3}-[A-Za-z0-9]{28,34})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('-') + 1)),
    envName: 'SLACK_USER_TOKEN',
  },
  {
    id: 'slack-legacy-token',
    kind: 'Slack legacy token',
    family: 'chat',
    keywords: ['xoxo-', 'xoxs-'],
    pattern: /(?<![A-Za-z0-9_])(xox[os]-[0-9]{6,14}-[0-9]{6,14}-[0-9]{6,14}-[A-Fa-f0-9]{8,64})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('-') + 1), 6),
    envName: 'SLACK_TOKEN',
  },
  {
    id: 'slack-workspace-token',
    kind: 'Slack workspace token',
    family: 'chat',
    keywords: ['xoxa-', 'xoxr-'],
    pattern: /(?<![A-Za-z0-9_])(xox[ar]-(?:[0-9]-)?[A-Za-z0-9]{8,48}(?:-[A-Za-z0-9]{1,64}){0,4})(?![A-Za-z0-9_-])/g,
    accept: (t) => /[0-9]{6,}/.test(t) && looksRandom(t.slice(t.lastIndexOf('-') + 1), 8),
    envName: 'SLACK_TOKEN',
  },
  {
    id: 'slack-config-token',
    kind: 'Slack configuration token',
    family: 'chat',
    keywords: ['xoxe.xox', 'xoxe-'],
    pattern: /(?<![A-Za-z0-9_])(xoxe\.xox[bp]-\d-[A-Za-z0-9]{163,166}|xoxe-\d-[A-Za-z0-9]{146})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(-100)),
    envName: 'SLACK_CONFIG_TOKEN',
  },
  {
    id: 'slack-app-token',
    kind: 'Slack app-level token',
    family: 'chat',
    keywords: ['xapp-'],
    pattern: /(?<![A-Za-z0-9_])(xapp-\d-[A-Z0-9]{8,16}-\d{8,16}-[a-f0-9]{32,80})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('-') + 1)),
    envName: 'SLACK_APP_TOKEN',
  },
  {
    id: 'slack-webhook',
    kind: 'Slack webhook URL',
    family: 'chat',
    keywords: ['hooks.slack.com/services/'],
    lead: 8,
    pattern: new RegExp(`(https?://hooks\\.slack\\.com/services/T${SLACK_ID}/B${SLACK_ID}/[A-Za-z0-9]{23,24})(?![A-Za-z0-9])`, 'g'),
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('/') + 1), 10),
    envName: 'SLACK_WEBHOOK_URL',
  },
  {
    id: 'slack-workflow-webhook',
    kind: 'Slack workflow webhook URL',
    family: 'chat',
    keywords: ['hooks.slack.com/workflows/', 'hooks.slack.com/triggers/'],
    lead: 8,
    pattern: new RegExp(
      `(https?://hooks\\.slack\\.com/(?:workflows/T${SLACK_ID}/A${SLACK_ID}/[0-9]{17,20}|triggers/T${SLACK_ID}/[0-9]{10,20})/[A-Za-z0-9]{24,32})(?![A-Za-z0-9])`,
      'g',
    ),
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('/') + 1), 10),
    envName: 'SLACK_WEBHOOK_URL',
  },
  {
    id: 'discord-webhook',
    kind: 'Discord webhook URL',
    family: 'chat',
    keywords: ['/api/webhooks/'],
    lead: 40,
    pattern: /(https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('/') + 1)),
    envName: 'DISCORD_WEBHOOK_URL',
  },
  {
    id: 'discord-bot-token',
    kind: 'Discord bot token',
    family: 'chat',
    keywords: ['discord', 'bot '],
    near: 80,
    // base64(user ID).base64(timestamp).HMAC: the first segment decodes to the bot's numeric ID.
    pattern: /(?<![A-Za-z0-9_-])([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_-])/g,
    accept: (t) => /^[0-9]{17,20}$/.test(decodeBase64(t.slice(0, t.indexOf('.'))) ?? '') && looksRandom(t.slice(t.lastIndexOf('.') + 1)),
    envName: 'DISCORD_BOT_TOKEN',
  },
  {
    id: 'telegram-bot-token',
    kind: 'Telegram bot token',
    family: 'chat',
    keywords: [':AA'],
    lead: 12,
    pattern: /(?<![A-Za-z0-9_:])([0-9]{5,12}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.indexOf(':') + 3)),
    envName: 'TELEGRAM_BOT_TOKEN',
  },
  {
    id: 'teams-webhook',
    kind: 'Microsoft Teams webhook URL',
    family: 'chat',
    keywords: ['.webhook.office.com/', 'outlook.office.com/webhook'],
    lead: 60,
    pattern: new RegExp(
      `(https://[A-Za-z0-9-]{1,60}\\.(?:webhook\\.office|office)\\.com/webhook(?:b2)?/${UUID}@${UUID}/IncomingWebhook/[A-Za-z0-9]{32}/${UUID}(?:/[A-Za-z0-9_-]{40,60})?)(?![A-Za-z0-9/_-])`,
      'gi',
    ),
    accept: (t) => looksRandom(t.split('/IncomingWebhook/')[1].slice(0, 32), 10),
    envName: 'TEAMS_WEBHOOK_URL',
  },
  {
    id: 'power-automate-webhook',
    kind: 'Teams workflow (Power Automate) webhook URL',
    family: 'chat',
    keywords: ['.logic.azure.com', '.api.powerplatform.com'],
    lead: 60,
    // The workflow URL that replaced Teams connectors: its `sig` query parameter is the credential.
    pattern:
      /(https:\/\/[A-Za-z0-9.-]{1,120}\.(?:logic\.azure\.com|api\.powerplatform\.com)(?::443)?\/[A-Za-z0-9/._-]{1,300}\?[A-Za-z0-9=&%._-]{0,300}?sig=[A-Za-z0-9_-]{40,50})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('sig=') + 4)),
    envName: 'TEAMS_WEBHOOK_URL',
  },
  {
    id: 'google-chat-webhook',
    kind: 'Google Chat webhook URL',
    family: 'chat',
    keywords: ['chat.googleapis.com/v1/spaces/'],
    lead: 8,
    pattern:
      /(https:\/\/chat\.googleapis\.com\/v1\/spaces\/[A-Za-z0-9_-]{8,20}\/messages\?key=[A-Za-z0-9_-]{39}&(?:amp;)?token=[A-Za-z0-9_%=-]{40,100})(?![A-Za-z0-9_%=-])/g,
    accept: (t) => looksRandom(t.slice(t.lastIndexOf('token=') + 6)),
    envName: 'GOOGLE_CHAT_WEBHOOK_URL',
  },
  {
    id: 'mattermost-webhook',
    kind: 'Mattermost webhook URL',
    family: 'chat',
    keywords: ['/hooks/'],
    lead: 120,
    pattern: /(https?:\/\/[A-Za-z0-9.-]{1,100}(?::[0-9]{2,5})?\/hooks\/[a-z0-9]{26})(?![A-Za-z0-9])/g,
    accept: (t, _after, before) => /mattermost/i.test(before + t) && looksRandom(t.slice(-26)),
    envName: 'MATTERMOST_WEBHOOK_URL',
  },

  // ── payments ─────────────────────────────────────────────────────────────────────────────────
  {
    id: 'stripe-secret-key',
    kind: 'Stripe secret key',
    family: 'payments',
    keywords: ['sk_live_', 'sk_test_', 'sk_prod_'],
    pattern: prefixed('sk_(?:live|test|prod)_', 'A-Za-z0-9', '16,247'),
    accept: (t) => looksRandom(t.slice(8)),
    // Stripe's documentation test keys, shown to every reader of its API reference.
    exampleDigests: [
      '2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326',
      'f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397',
      '7e8de44ea9ecf6d53415c90f5b249a8591f7abafbf7d65a2c0d855afeca3ec09',
    ],
    envName: 'STRIPE_SECRET_KEY',
  },
  {
    id: 'stripe-restricted-key',
    kind: 'Stripe restricted key',
    family: 'payments',
    keywords: ['rk_live_', 'rk_test_', 'rk_prod_'],
    pattern: prefixed('rk_(?:live|test|prod)_', 'A-Za-z0-9', '16,247'),
    accept: (t) => looksRandom(t.slice(8)),
    envName: 'STRIPE_SECRET_KEY',
  },
  {
    id: 'stripe-webhook-secret',
    kind: 'Stripe webhook secret',
    family: 'payments',
    keywords: ['whsec_'],
    pattern: prefixed('whsec_', 'A-Za-z0-9+/', '24,64', '(?![A-Za-z0-9_+/=])'),
    accept: random(6),
    envName: 'STRIPE_WEBHOOK_SECRET',
  },
  {
    id: 'braintree-access-token',
    kind: 'Braintree access token',
    family: 'payments',
    keywords: ['access_token$'],
    pattern: /(?<![A-Za-z0-9_])(access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})(?![A-Za-z0-9_])/g,
    accept: (t) => looksRandom(t.slice(-32)),
    envName: 'BRAINTREE_ACCESS_TOKEN',
  },
  {
    id: 'braintree-private-key',
    kind: 'Braintree private key',
    family: 'payments',
    keywords: ['braintree'],
    pattern: named('braintree[_.-]?(?:private)?[_.-]?key', `[${HEX}]{32}`, E),
    accept: (t) => looksRandom(t),
    envName: 'BRAINTREE_PRIVATE_KEY',
  },
  {
    id: 'paypal-client-secret',
    kind: 'PayPal client secret',
    family: 'payments',
    keywords: ['paypal'],
    pattern: named('paypal[_.-]?(?:client)?[_.-]?secret', '[A-Za-z0-9_-]{80}'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'PAYPAL_CLIENT_SECRET',
  },
  {
    id: 'square-access-token',
    kind: 'Square access token',
    family: 'payments',
    keywords: ['sq0atp-', 'EAAA'],
    pattern: new RegExp(`${B}(sq0atp-[A-Za-z0-9_-]{22}|EAAA[A-Za-z0-9_-]{60})${E_DASH}`, 'g'),
    accept: (t) => looksRandom(t.slice(t.startsWith('EAAA') ? 4 : 7)) && hasDigitAndLetter(t.slice(4)),
    envName: 'SQUARE_ACCESS_TOKEN',
  },
  {
    id: 'square-oauth-secret',
    kind: 'Square OAuth secret',
    family: 'payments',
    keywords: ['sq0csp-'],
    pattern: prefixed('sq0csp-', 'A-Za-z0-9_-', '43', E_DASH),
    accept: random(7),
    envName: 'SQUARE_OAUTH_SECRET',
  },
  {
    id: 'adyen-api-key',
    kind: 'Adyen API key',
    family: 'payments',
    keywords: ['adyen'],
    // Adyen API keys start `AQE` and are long base64-ish strings with `-`, `.` and `/` separators.
    pattern: named('adyen[_.-]?(?:api)?[_.-]?key|x-api-key', 'AQE[A-Za-z0-9+/=._-]{80,400}', '(?![A-Za-z0-9+/=._-])'),
    accept: (t) => looksRandom(t.slice(3)),
    envName: 'ADYEN_API_KEY',
  },
  ...(
    [
      ['shpat_', 'shopify-access-token', 'Shopify access token'],
      ['shpca_', 'shopify-custom-app-token', 'Shopify custom app access token'],
      ['shppa_', 'shopify-private-app-token', 'Shopify private app password'],
      ['shpss_', 'shopify-shared-secret', 'Shopify shared secret'],
    ] as const
  ).map(([prefix, id, kind]): TokenFormat => ({
    id,
    kind,
    family: 'payments',
    keywords: [prefix],
    pattern: prefixed(prefix, 'a-fA-F0-9', '32'),
    accept: random(6),
    envName: 'SHOPIFY_ACCESS_TOKEN',
  })),

  // ── AI ───────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'openai-key',
    kind: 'OpenAI API key',
    family: 'AI',
    keywords: ['T3BlbkFJ', 'sk-proj-', 'sk-svcacct-'],
    lead: 100,
    // `T3BlbkFJ` is base64 of "OpenAI": legacy keys are sk-<20>T3BlbkFJ<20>, project/service/admin keys
    // sk-<kind>-<58|74>T3BlbkFJ<58|74>. A project or service key without it is taken on its prefix and shape.
    pattern:
      /(?<![A-Za-z0-9_-])(sk-(?:(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{58,74}T3BlbkFJ[A-Za-z0-9_-]{58,74}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|(?:proj|svcacct)-[A-Za-z0-9_-]{40,200}))(?![A-Za-z0-9_-])/g,
    accept: (t) => {
      const body = t.slice(t.indexOf('-', 3) + 1);
      const marker = t.indexOf('T3BlbkFJ');
      if (marker > 0) {
        const left = t.slice(0, marker).replace(/^sk-(?:proj-|svcacct-|admin-|None-)?/, '').length;
        const right = t.length - marker - 8;
        if (left !== right || ![20, 58, 74].includes(left)) return !/^sk-(?:admin|None)-/.test(t) && looksRandom(body);
      }
      return looksRandom(body) && /[a-z]/.test(body) && /[A-Z]/.test(body) && /[0-9]/.test(body);
    },
    envName: 'OPENAI_API_KEY',
  },
  {
    id: 'anthropic-key',
    kind: 'Anthropic API key',
    family: 'AI',
    keywords: ['sk-ant-api', 'sk-ant-admin', 'sk-ant-sid'],
    // sk-ant-api03-<93>AA; admin keys sk-ant-admin01-…
    pattern: /(?<![A-Za-z0-9_-])(sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{86,100})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.indexOf('-', 8) + 1)),
    envName: 'ANTHROPIC_API_KEY',
  },
  {
    id: 'huggingface-token',
    kind: 'Hugging Face token',
    family: 'AI',
    keywords: ['hf_'],
    pattern: prefixed('hf_', 'A-Za-z', '34'),
    accept: (t) => looksRandom(t.slice(3)) && /[a-z]/.test(t.slice(3)) && /[A-Z]/.test(t.slice(3)),
    envName: 'HF_TOKEN',
  },
  {
    id: 'huggingface-org-token',
    kind: 'Hugging Face organization token',
    family: 'AI',
    keywords: ['api_org_'],
    pattern: prefixed('api_org_', 'A-Za-z', '34'),
    accept: (t) => looksRandom(t.slice(8)) && /[a-z]/.test(t.slice(8)) && /[A-Z]/.test(t.slice(8)),
    envName: 'HF_TOKEN',
  },
  {
    id: 'groq-key',
    kind: 'Groq API key',
    family: 'AI',
    keywords: ['gsk_'],
    pattern: prefixed('gsk_', 'A-Za-z0-9', '52'),
    accept: random(4),
    envName: 'GROQ_API_KEY',
  },
  {
    id: 'replicate-token',
    kind: 'Replicate API token',
    family: 'AI',
    keywords: ['r8_'],
    pattern: prefixed('r8_', 'A-Za-z0-9', '37'),
    accept: (t) => looksRandom(t.slice(3)) && hasDigitAndLetter(t.slice(3)),
    envName: 'REPLICATE_API_TOKEN',
  },
  {
    id: 'perplexity-key',
    kind: 'Perplexity API key',
    family: 'AI',
    keywords: ['pplx-'],
    pattern: prefixed('pplx-', 'A-Za-z0-9', '48'),
    accept: random(5),
    envName: 'PERPLEXITY_API_KEY',
  },
  {
    id: 'xai-key',
    kind: 'xAI API key',
    family: 'AI',
    keywords: ['xai-'],
    pattern: prefixed('xai-', 'A-Za-z0-9', '80'),
    accept: random(4),
    envName: 'XAI_API_KEY',
  },
  {
    id: 'openrouter-key',
    kind: 'OpenRouter API key',
    family: 'AI',
    keywords: ['sk-or-v1-'],
    pattern: prefixed('sk-or-v1-', HEX, '64'),
    accept: random(9),
    envName: 'OPENROUTER_API_KEY',
  },
  {
    id: 'langsmith-key',
    kind: 'LangSmith API key',
    family: 'AI',
    keywords: ['lsv2_pt_', 'lsv2_sk_'],
    pattern: new RegExp(`${B}(lsv2_(?:pt|sk)_[${HEX}]{32}_[${HEX}]{10})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(8, 40)),
    envName: 'LANGSMITH_API_KEY',
  },
  {
    id: 'azure-openai-key',
    kind: 'Azure OpenAI API key',
    family: 'AI',
    keywords: ['openai'],
    pattern: named('(?:azure[_.-]?)?openai[_.-]?(?:api)?[_.-]?key', `[${HEX}]{32}`, E),
    accept: (t, after, before) => /azure/i.test(before + after) && looksRandom(t),
    envName: 'AZURE_OPENAI_API_KEY',
  },
  {
    id: 'cohere-key',
    kind: 'Cohere API key',
    family: 'AI',
    keywords: ['cohere', 'co_api_key'],
    pattern: named('cohere|co_api_key', '[A-Za-z0-9]{40}', E),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'CO_API_KEY',
  },
  {
    id: 'mistral-key',
    kind: 'Mistral API key',
    family: 'AI',
    keywords: ['mistral'],
    pattern: named('mistral', '[A-Za-z0-9]{32}', E),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'MISTRAL_API_KEY',
  },
  {
    id: 'deepseek-key',
    kind: 'DeepSeek API key',
    family: 'AI',
    keywords: ['deepseek'],
    pattern: named('deepseek', `sk-[${HEX}]{32}`, E),
    accept: (t) => looksRandom(t.slice(3)),
    envName: 'DEEPSEEK_API_KEY',
  },

  // ── SaaS ─────────────────────────────────────────────────────────────────────────────────────
  {
    id: '1password-service-account-token',
    kind: '1Password service account token',
    family: 'SaaS',
    keywords: ['ops_eyJ'],
    pattern: new RegExp(`${B}(ops_eyJ[A-Za-z0-9+/]{100,2000}={0,3})${E_B64}`, 'g'),
    accept: (t) => looksRandom(t.slice(-60)),
    envName: 'OP_SERVICE_ACCOUNT_TOKEN',
  },
  {
    id: '1password-secret-key',
    kind: '1Password account secret key',
    family: 'SaaS',
    keywords: ['A3-'],
    pattern:
      /(?<![A-Za-z0-9_-])(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(3).replace(/-/g, ''), 10),
    envName: 'OP_SECRET_KEY',
  },
  {
    id: 'notion-token',
    kind: 'Notion integration token',
    family: 'SaaS',
    keywords: ['ntn_', 'secret_'],
    pattern: new RegExp(`${B}(ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})${E}`, 'g'),
    accept: (t, _after, before) =>
      t.startsWith('ntn_') ? looksRandom(t.slice(15)) : /notion/i.test(before) && looksRandom(t.slice(7)) && hasDigitAndLetter(t.slice(7)),
    envName: 'NOTION_TOKEN',
  },
  {
    id: 'linear-api-key',
    kind: 'Linear API key',
    family: 'SaaS',
    keywords: ['lin_api_', 'lin_oauth_'],
    pattern: new RegExp(`${B}(lin_api_[A-Za-z0-9]{40}|lin_oauth_[${HEX}]{64})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(t.indexOf('_', 4) + 1)),
    envName: 'LINEAR_API_KEY',
  },
  {
    id: 'airtable-pat',
    kind: 'Airtable personal access token',
    family: 'SaaS',
    keywords: ['pat'],
    pattern: new RegExp(`${B}(pat[A-Za-z0-9]{14}\\.[${HEX}]{64})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(18)),
    envName: 'AIRTABLE_TOKEN',
  },
  {
    id: 'asana-pat',
    kind: 'Asana personal access token',
    family: 'SaaS',
    keywords: ['asana'],
    near: 80,
    pattern: /(?<![A-Za-z0-9/])([0-9]\/[0-9]{16}(?:\/[0-9]{16})?:[A-Za-z0-9]{32})(?![A-Za-z0-9])/g,
    accept: (t) => looksRandom(t.slice(-32)),
    envName: 'ASANA_ACCESS_TOKEN',
  },
  {
    id: 'datadog-key',
    kind: 'Datadog API key',
    family: 'SaaS',
    keywords: ['datadog', 'dd_api', 'dd-api', 'dd_app', 'dd-app', 'dd-application'],
    pattern: named('datadog|dd[_-]api[_-]?key|dd[_-]app(?:lication)?[_-]?key|dd-api-key', `[${HEX}]{32}|[${HEX}]{40}`, E),
    accept: (t) => looksRandom(t),
    envName: 'DD_API_KEY',
  },
  {
    id: 'sentry-org-token',
    kind: 'Sentry organization token',
    family: 'SaaS',
    keywords: ['sntrys_eyJ'],
    pattern: /(?<![A-Za-z0-9_])(sntrys_eyJ[A-Za-z0-9+/]{30,400}={0,2}_[A-Za-z0-9+/]{43})(?![A-Za-z0-9+/=_])/g,
    accept: (t) => looksRandom(t.slice(-43)),
    envName: 'SENTRY_AUTH_TOKEN',
  },
  {
    id: 'sentry-user-token',
    kind: 'Sentry user auth token',
    family: 'SaaS',
    keywords: ['sntryu_'],
    pattern: prefixed('sntryu_', HEX, '64'),
    accept: random(7),
    envName: 'SENTRY_AUTH_TOKEN',
  },
  {
    id: 'sentry-legacy-token',
    kind: 'Sentry auth token',
    family: 'SaaS',
    keywords: ['sentry'],
    pattern: named('sentry[_.-]?(?:auth)?[_.-]?token', `[${HEX}]{64}`, E),
    accept: (t) => looksRandom(t),
    envName: 'SENTRY_AUTH_TOKEN',
  },
  {
    id: 'newrelic-key',
    kind: 'New Relic API key',
    family: 'SaaS',
    keywords: ['NRAK-', 'NRII-', 'NRIQ-', 'NRRA-'],
    pattern: new RegExp(`${B}((?:NRAK|NRRA)-[A-Z0-9]{27}|NRI[IQ]-[A-Za-z0-9_-]{32})${E_DASH}`, 'g'),
    accept: random(5),
    envName: 'NEW_RELIC_API_KEY',
  },
  {
    id: 'newrelic-license-key',
    kind: 'New Relic license key',
    family: 'SaaS',
    keywords: ['NRAL'],
    lead: 36,
    pattern: new RegExp(`${B}((?:[${HEX}]{36}|eu01xx[${HEX}]{30})NRAL)${E}`, 'g'),
    accept: (t) =>
      looksRandom(
        t
          .slice(0, -4)
          .replace(/^eu01xx/, '')
          .replace(/F{4}$/, ''),
      ),
    envName: 'NEW_RELIC_LICENSE_KEY',
  },
  {
    id: 'pagerduty-key',
    kind: 'PagerDuty API key',
    family: 'SaaS',
    keywords: ['pagerduty', 'pager_duty', 'pd_api', 'pd-api'],
    pattern: named('pager_?duty[_.-]?(?:api)?[_.-]?(?:key|token)|pd[_-]api[_-]?(?:key|token)', 'u\\+[A-Za-z0-9_+-]{18}|[A-Za-z0-9_+-]{20}'),
    accept: (t) => looksRandom(t.replace(/^u\+/, '')) && hasDigitAndLetter(t),
    envName: 'PAGERDUTY_API_KEY',
  },
  {
    id: 'twilio-api-key',
    kind: 'Twilio API key',
    family: 'SaaS',
    keywords: ['SK'],
    pattern: prefixed('SK', HEX, '32'),
    accept: random(2, 10),
    envName: 'TWILIO_API_KEY',
  },
  {
    id: 'twilio-auth-token',
    kind: 'Twilio auth token',
    family: 'SaaS',
    keywords: ['twilio'],
    pattern: named('twilio[_.-]?(?:auth)?[_.-]?token', `[${HEX}]{32}`, E),
    accept: (t) => looksRandom(t),
    envName: 'TWILIO_AUTH_TOKEN',
  },
  {
    id: 'sendgrid-key',
    kind: 'SendGrid API key',
    family: 'SaaS',
    keywords: ['SG.'],
    pattern: new RegExp(`${B}(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})${E_DASH}`, 'g'),
    accept: (t) => looksRandom(t.slice(3, 25)) && looksRandom(t.slice(26)),
    envName: 'SENDGRID_API_KEY',
  },
  {
    id: 'sendinblue-key',
    kind: 'Brevo API key',
    family: 'SaaS',
    keywords: ['xkeysib-', 'xsmtpsib-'],
    pattern: new RegExp(`${B}(x(?:keysib|smtpsib)-[${HEX}]{64}-[A-Za-z0-9]{16})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(8, 72)),
    envName: 'BREVO_API_KEY',
  },
  {
    id: 'mailgun-key',
    kind: 'Mailgun API key',
    family: 'SaaS',
    keywords: ['key-'],
    pattern: prefixed('key-', HEX, '32'),
    accept: random(4),
    envName: 'MAILGUN_API_KEY',
  },
  {
    id: 'mailgun-key-named',
    kind: 'Mailgun API key',
    family: 'SaaS',
    keywords: ['mailgun'],
    pattern: named('mailgun', `[${HEX}]{32}-[${HEX}]{8}-[${HEX}]{8}`, E),
    accept: (t) => looksRandom(t.slice(0, 32)),
    envName: 'MAILGUN_API_KEY',
  },
  {
    id: 'mailchimp-key',
    kind: 'Mailchimp API key',
    family: 'SaaS',
    keywords: ['-us'],
    lead: 32,
    pattern: new RegExp(`${B}([${HEX}]{32}-us[0-9]{1,2})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(0, 32)),
    envName: 'MAILCHIMP_API_KEY',
  },
  {
    id: 'mailchimp-transactional-key',
    kind: 'Mailchimp Transactional (Mandrill) API key',
    family: 'SaaS',
    keywords: ['mandrill'],
    pattern: named('mandrill', '[A-Za-z0-9_-]{22}'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'MANDRILL_API_KEY',
  },
  {
    id: 'postmark-token',
    kind: 'Postmark server token',
    family: 'SaaS',
    keywords: ['postmark'],
    pattern: named('postmark[A-Za-z0-9_.-]{0,20}(?:token|key)|x-postmark-server-token|x-postmark-account-token', UUID, E),
    accept: (t) => looksRandom(t.replace(/-/g, '')),
    envName: 'POSTMARK_SERVER_TOKEN',
  },
  {
    id: 'algolia-admin-key',
    kind: 'Algolia API key',
    family: 'SaaS',
    keywords: ['algolia'],
    pattern: named('algolia[A-Za-z0-9_.-]{0,20}(?:admin|write|api)[_.-]?key', `[${HEX}]{32}`, E),
    accept: (t) => looksRandom(t),
    envName: 'ALGOLIA_ADMIN_KEY',
  },
  {
    id: 'contentful-token',
    kind: 'Contentful personal access token',
    family: 'SaaS',
    keywords: ['CFPAT-'],
    pattern: prefixed('CFPAT-', 'A-Za-z0-9_-', '43', E_DASH),
    accept: random(6),
    envName: 'CONTENTFUL_MANAGEMENT_TOKEN',
  },
  {
    id: 'contentful-delivery-token',
    kind: 'Contentful delivery token',
    family: 'SaaS',
    keywords: ['contentful'],
    pattern: named('contentful[A-Za-z0-9_.-]{0,20}(?:token|key)', '[A-Za-z0-9_-]{43}'),
    accept: (t) => looksRandom(t) && hasDigitAndLetter(t),
    envName: 'CONTENTFUL_ACCESS_TOKEN',
  },
  {
    id: 'snyk-token',
    kind: 'Snyk API token',
    family: 'SaaS',
    keywords: ['snyk'],
    pattern: named('snyk[_.-]?(?:(?:api|oauth|auth)[_.-]?)?(?:key|token)', UUID, E),
    accept: (t) => looksRandom(t.replace(/-/g, '')),
    envName: 'SNYK_TOKEN',
  },
  {
    id: 'postman-key',
    kind: 'Postman API key',
    family: 'SaaS',
    keywords: ['PMAK-'],
    pattern: new RegExp(`${B}(PMAK-[${HEX}]{24}-[${HEX}]{34})${E}`, 'g'),
    accept: (t) => looksRandom(t.slice(5).replace('-', '')),
    envName: 'POSTMAN_API_KEY',
  },
  {
    id: 'figma-token',
    kind: 'Figma personal access token',
    family: 'SaaS',
    keywords: ['figd_'],
    pattern: prefixed('figd_', 'A-Za-z0-9_-', '40,200', E_DASH),
    accept: random(5),
    envName: 'FIGMA_TOKEN',
  },
  {
    id: 'facebook-access-token',
    kind: 'Facebook access token',
    family: 'SaaS',
    keywords: ['EAA'],
    pattern: prefixed('EAA[BCDGIJMQTU]', 'A-Za-z0-9', '90,400'),
    accept: (t) => looksRandom(t.slice(4)) && hasDigitAndLetter(t.slice(4)),
    envName: 'FACEBOOK_ACCESS_TOKEN',
  },
  {
    id: 'facebook-app-token',
    kind: 'Facebook app access token',
    family: 'SaaS',
    keywords: ['|', '%7c'],
    lead: 16,
    pattern: /(?<![A-Za-z0-9_])([0-9]{15,16}(?:\||%7[Cc])[A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_-])/g,
    accept: (t) => looksRandom(t.slice(t.search(/\||%7[Cc]/) + 1).replace(/^7[Cc]/, '')) && hasDigitAndLetter(t.slice(17)),
    envName: 'FACEBOOK_APP_TOKEN',
  },
  {
    id: 'facebook-app-secret',
    kind: 'Facebook app secret',
    family: 'SaaS',
    keywords: ['facebook', 'fb_app', 'fb_secret', 'fb-app'],
    pattern: named('facebook|fb[_-]app[_-]?secret|fb[_-]secret', `[${HEX}]{32}`, E),
    accept: (t) => looksRandom(t),
    envName: 'FACEBOOK_APP_SECRET',
  },
  {
    id: 'twitter-bearer-token',
    kind: 'X (Twitter) bearer token',
    family: 'SaaS',
    keywords: ['AAAAAAAAAAAAAAAAAAAAA'],
    pattern: /(?<![A-Za-z0-9_])(A{22}[A-Za-z0-9%]{80,100})(?![A-Za-z0-9%])/g,
    accept: (t) => looksRandom(t.replace(/^A+/, '')),
    envName: 'TWITTER_BEARER_TOKEN',
  },
  {
    id: 'twitter-secret',
    kind: 'X (Twitter) API secret',
    family: 'SaaS',
    keywords: ['twitter'],
    pattern: named('twitter[A-Za-z0-9_.-]{0,20}(?:secret|token)', '[0-9]{15,25}-[A-Za-z0-9]{20,40}|[A-Za-z0-9]{45}|[A-Za-z0-9]{50}', E),
    accept: (t) => looksRandom(t.slice(t.indexOf('-') + 1)) && hasDigitAndLetter(t),
    envName: 'TWITTER_API_SECRET',
  },

  // ── private keys ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'private-key',
    kind: 'private key',
    family: 'private key',
    keywords: ['PRIVATE KEY'],
    lead: 40,
    pattern: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED |ANY )?PRIVATE KEY(?: BLOCK)?-----)/g,
    kindOf: (t) => {
      const type = /BEGIN (.*)PRIVATE KEY/.exec(t)?.[1].trim();
      const names: Record<string, string> = {
        RSA: 'RSA',
        EC: 'EC',
        DSA: 'DSA',
        OPENSSH: 'OpenSSH',
        PGP: 'PGP',
        ENCRYPTED: 'encrypted',
        'SSH2 ENCRYPTED': 'SSH2',
      };
      return type && names[type] ? `${names[type]} private key${type === 'PGP' ? ' block' : ''}` : 'private key';
    },
    // A key has a body; the header alone is a marker that PEM-parsing code looks for.
    accept: (_token, after) => {
      const body = after.slice(0, 400).replace(/\\[rn]|\s|Proc-Type:[^\n]*|DEK-Info:[^\n]*|Version:[^\n]*|Comment:[^\n]*/g, '');
      const run = /^[A-Za-z0-9+/=]*/.exec(body)?.[0] ?? '';
      return run.length >= 40 && !hasStandInWord(run) && !isRunOrSequence(run.slice(0, 64));
    },
    envName: 'PRIVATE_KEY',
  },
  {
    id: 'putty-private-key',
    kind: 'PuTTY private key',
    family: 'private key',
    keywords: ['PuTTY-User-Key-File-'],
    pattern: /(PuTTY-User-Key-File-[23]: [a-z0-9-]{3,40})/g,
    accept: (_token, after) => /Private-Lines: \d+\s+[A-Za-z0-9+/=]{40}/.test(after),
    envName: 'PRIVATE_KEY',
  },
  {
    id: 'age-secret-key',
    kind: 'age secret key',
    family: 'private key',
    keywords: ['AGE-SECRET-KEY-1'],
    pattern: /(?<![A-Z0-9-])(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Z0-9])/g,
    // Bech32: the last 6 characters are a checksum over the rest.
    accept: (t) => isBech32(t) && looksRandom(t.slice(16)),
    envName: 'AGE_SECRET_KEY',
  },

  // ── tokens ───────────────────────────────────────────────────────────────────────────────────
  {
    id: 'jwt',
    kind: 'JSON Web Token',
    family: 'token',
    keywords: ['eyJ'],
    pattern: new RegExp(`${B}(eyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{8,4000}\\.[A-Za-z0-9_-]{16,1000})${E_DASH}`, 'g'),
    accept: (t) => {
      const [header, payload] = t.split('.');
      const claims = decodeBase64Json(payload);
      if (isDocumentedJwt(claims)) return false;
      // A payload that decodes but carries no claim a credential has (subject, issuer, expiry, scope…) is a demo message.
      if (claims && !Object.keys(claims).some((k) => JWT_CLAIMS.test(k))) return false;
      // A header that decodes must be a JOSE header; one that does not is judged on shape alone.
      const jose = decodeBase64Json(header);
      return (jose === undefined || 'alg' in jose || 'typ' in jose || 'kid' in jose) && looksRandom(t.slice(t.lastIndexOf('.') + 1), 8);
    },
    envName: 'AUTH_TOKEN',
  },

  // ── credentials inside longer strings ────────────────────────────────────────────────────────
  {
    id: 'basic-auth-header',
    kind: 'Basic auth credentials in an Authorization header',
    family: 'credentials in text',
    keywords: ['basic '],
    lead: 40,
    pattern:
      /(?:^|[^A-Za-z-])(?:Proxy-)?Authorization["'`]?\s{0,3}[:=]\s{0,3}["'`]?Basic\s{1,3}([A-Za-z0-9+/]{8,400}={0,2})(?![A-Za-z0-9+/=.])/gi,
    accept: (t) => isBasicCredential(t),
    envName: 'BASIC_AUTH',
    generic: true,
  },
  {
    id: 'bearer-auth-header',
    kind: 'Bearer token in an Authorization header',
    family: 'credentials in text',
    keywords: ['bearer '],
    lead: 40,
    pattern:
      /(?:^|[^A-Za-z-])(?:Proxy-)?Authorization["'`]?\s{0,3}[:=]\s{0,3}["'`]?Bearer\s{1,3}([A-Za-z0-9._~+/-]{20,2000}={0,2})(?![A-Za-z0-9._~+/=-])/gi,
    accept: (t) => !isCredentialStandIn(t) && looksRandom(t, 10) && hasDigitAndLetter(t),
    envName: 'AUTH_TOKEN',
    generic: true,
  },
  {
    id: 'curl-user',
    kind: 'Password in a curl -u option',
    family: 'credentials in text',
    keywords: ['curl'],
    near: 600,
    // `curl … -u user:password`, `--user "user:password"`, `-u user:'password'`; the password is the token.
    pattern:
      /(?:\s-u\s{0,3}|\s--user[\s=]{1,3})(?:"[^"\s:]{0,64}:([^"\s]{3,128})"|'[^'\s:]{0,64}:([^'\s]{3,128})'|["']?[^\s"':]{1,64}["']?:["']?([^\s"']{3,128})["']?)(?=\s|$)/g,
    accept: (t, _after, before) =>
      /\bcurl\b(?:[^\n|;&]|\\\r?\n)*$/.test(before) &&
      !isCredentialStandIn(t) &&
      !isRunOrSequence(t) &&
      !/\$[A-Za-z_{(]/.test(t) &&
      !/[<>]/.test(t),
    envName: 'CURL_PASSWORD',
    generic: true,
  },
  {
    id: 'credential-header',
    kind: 'Credential in an HTTP header',
    family: 'credentials in text',
    keywords: ['authorization', 'api-key', 'apikey', 'api_key', 'token', 'auth-key', 'subscription-key'],
    lead: 40,
    // `Authorization: Token …`, `X-API-Key: …`, `PRIVATE-TOKEN: …`, `apikey: …` as a header line or a JSON/YAML header map.
    pattern:
      /(?:^|["'`{,(]|-H\s{1,3}|--header\s{1,3}|\n[ \t]{0,20})(?:(?:Proxy-)?Authorization|X-[A-Za-z0-9-]{0,30}(?:Api-?Key|Token|Auth-Key)|Api-?Key|Api-Token|Private-Token|Token|Ocp-Apim-Subscription-Key)["'`]?\s{0,3}:\s{0,3}["'`]?(?:(?:Token|Api-Token|Key|Bot|Bearer)\s{1,3})?([A-Za-z0-9._~+/=-]{10,500})(?![A-Za-z0-9._~+/=-])/gim,
    accept: (t) => !isCredentialStandIn(t) && looksRandom(t, 8) && hasDigitAndLetter(t) && !/^(?:Basic|Bearer|Digest)$/i.test(t),
    envName: 'API_KEY',
    generic: true,
  },
];

const EXAMPLE_DIGESTS = new Set(TOKEN_FORMATS.flatMap((f) => f.exampleDigests ?? []));

/** Is `value` one of the providers' published example values? Hashed only for formats that list examples. */
function isPublishedExample(format: TokenFormat, value: string): boolean {
  return format.exampleDigests !== undefined && EXAMPLE_DIGESTS.has(createHash('sha256').update(value).digest('hex'));
}

/** Every keyword once, with the formats that listed it. */
const KEYWORD_FORMATS: number[][] = [];
const KEYWORDS: string[] = [];
{
  const index = new Map<string, number>();
  TOKEN_FORMATS.forEach((format, f) => {
    for (const keyword of format.keywords) {
      const key = keyword.toLowerCase();
      let id = index.get(key);
      if (id === undefined) {
        id = KEYWORDS.length;
        index.set(key, id);
        KEYWORDS.push(keyword);
        KEYWORD_FORMATS.push([]);
      }
      if (!KEYWORD_FORMATS[id].includes(f)) KEYWORD_FORMATS[id].push(f);
    }
  });
}
const SCANNER = new KeywordScanner(KEYWORDS);

/** Does `text` contain a keyword of any format? False means no format can match it (the pre-filter). */
export function mayContainToken(text: string): boolean {
  return SCANNER.test(text);
}

/** The keywords of every format (lower-cased duplicates merged), for tests and tooling. */
export const TOKEN_KEYWORDS: readonly string[] = KEYWORDS;

/**
 * A RegExp for older callers (`TOKEN_PREFIX_HINT.test(text)` as a rule pre-filter): its `test` is the
 * one-pass keyword scan; its source is the same keyword set, so `exec`/`source` agree with it.
 */
class KeywordHint extends RegExp {
  override test(text: string): boolean {
    return SCANNER.test(String(text));
  }
}
export const TOKEN_PREFIX_HINT: RegExp = new KeywordHint(KEYWORDS.map(escapeRegExp).join('|'), 'i');

interface Candidate extends TokenMatch {
  generic: boolean;
}

function accepted(
  format: TokenFormat,
  text: string,
  value: string,
  start: number,
  end: number,
  requireChecksum: boolean,
): Candidate | undefined {
  if (format.family !== 'private key' && format.id !== 'twitter-bearer-token' && isPlaceholderToken(value)) return undefined;
  if (isPublishedExample(format, value)) return undefined;
  if (format.accept && !format.accept(value, text.slice(end, end + 400), text.slice(Math.max(0, start - 400), start))) return undefined;
  const verified = format.checksum ? format.checksum(value) : undefined;
  if (verified === false && requireChecksum) return undefined;
  return {
    format,
    kind: format.kindOf?.(value) ?? format.kind,
    start,
    end,
    value,
    generic: format.generic ?? false,
    ...(verified === undefined ? {} : { verified }),
  };
}

/** A keyword of any format within `near` characters before `start` (the whole-text path of context formats). */
function keywordBefore(format: TokenFormat, text: string, start: number, near: number): boolean {
  const from = Math.max(0, start - near);
  const region = text.slice(from, start + LONGEST_KEYWORD).toLowerCase();
  // A keyword starting at most `near` characters before the match (as the pre-filter's hits are read).
  return format.keywords.some((k) => {
    const at = region.indexOf(k.toLowerCase());
    return at >= 0 && from + at <= start + near;
  });
}
const LONGEST_KEYWORD = Math.max(...KEYWORDS.map((k) => k.length));

/**
 * Runs one format's pattern from its keyword hits (sorted starts), or over the whole text when `hits`
 * is undefined. Linear: the search only moves forward, and a match found ahead of a hit is kept for
 * the hits before it instead of being searched for again.
 */
function matchFormat(
  format: TokenFormat,
  text: string,
  hits: number[] | undefined,
  found: Candidate[],
  limit: number,
  requireChecksum: boolean,
) {
  const { pattern } = format;
  const lead = format.lead ?? 0;
  const near = format.near;
  const take = (m: RegExpExecArray) => {
    // The first group that took part (alternatives can capture the token in different groups).
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const value = group > 0 ? m[group] : m[0];
    const start = m.index + m[0].lastIndexOf(value);
    const candidate = accepted(format, text, value, start, start + value.length, requireChecksum);
    if (candidate) found.push(candidate);
    return candidate !== undefined;
  };
  if (!hits) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m && found.length < limit; m = pattern.exec(text)) {
      if (near === undefined || keywordBefore(format, text, m.index, near)) {
        if (!take(m)) pattern.lastIndex = m.index + 1;
      } else pattern.lastIndex = m.index + 1;
    }
    return;
  }
  let pos = 0; // every match starting before `pos` has been seen
  let next: RegExpExecArray | null | undefined; // the leftmost match at or after `searchedFrom`
  let searchedFrom = 0;
  for (const hit of hits) {
    // A token holds its keyword (it starts at most `lead` before it), except in context formats, where the keyword precedes it.
    if (near === undefined && hit < pos) continue;
    const from = Math.max(pos, hit - lead);
    if (next === undefined || searchedFrom > from || (next !== null && next.index < from)) {
      pattern.lastIndex = from;
      next = pattern.exec(text);
      searchedFrom = from;
    }
    if (next === null) return;
    if (near !== undefined && next.index > hit + near) continue;
    const m = next;
    next = undefined;
    pos = take(m) ? m.index + Math.max(1, m[0].length) : m.index + 1;
    if (found.length >= limit) return;
  }
}

/** Every provider token in `text`, in order, not overlapping. Linear time. */
export function findTokens(text: string, limit = 100, options: FindTokensOptions = {}): TokenMatch[] {
  const found: Candidate[] = [];
  const requireChecksum = options.requireChecksum ?? false;
  if (options.prefilter === false) {
    for (const format of TOKEN_FORMATS) matchFormat(format, text, undefined, found, limit, requireChecksum);
  } else {
    const hits = new Map<number, number[]>();
    SCANNER.scan(text, (id, start) => {
      for (const f of KEYWORD_FORMATS[id]) {
        const list = hits.get(f);
        if (list) list.push(start);
        else hits.set(f, [start]);
      }
    });
    if (hits.size === 0) return [];
    for (const [f, starts] of [...hits].sort((a, b) => a[0] - b[0])) {
      // Keywords of one format end in order, but a format with several keywords of different lengths can list starts out of order.
      starts.sort((a, b) => a - b);
      matchFormat(TOKEN_FORMATS[f], text, starts, found, limit, requireChecksum);
      if (found.length >= limit) break;
    }
  }
  // Provider formats before generic shapes, then by position, longest first.
  found.sort((a, b) => Number(a.generic) - Number(b.generic) || a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (const match of found)
    if (!kept.some((k) => match.start < k.end && k.start < match.end) && !inPresignedUrl(text, match)) kept.push(match);
  kept.sort((a, b) => a.start - b.start);
  return kept.map(({ generic: _generic, ...match }) => match);
}

/**
 * An AWS access key id as the credential of a presigned URL (`?X-Amz-Credential=AKIA…%2F20180730%2F…`,
 * `?AWSAccessKeyId=AKIA…`): every presigned URL shows it by design, and the URL's signature, not the id, grants access.
 */
function inPresignedUrl(text: string, match: Candidate): boolean {
  if (match.format.id !== 'aws-access-key-id' && match.format.id !== 'aws-temporary-access-key-id') return false;
  return /(?:X-Amz-Credential|AWSAccessKeyId)=$/i.test(text.slice(Math.max(0, match.start - 20), match.start));
}
