/**
 * How `config/no-hardcoded-secret` judges one setting — a name and the literal value given to it — wherever
 * settings are written: a Dockerfile `ENV`/`ARG`, a `.env` line, a JSON config key, a compose
 * `environment:` entry. One judgement, by the first of:
 *   1. a provider token anywhere in the value (`providerToken`);
 *   2. a password inside a connection string (`connectionString`);
 *   3. a secret-looking literal under a secret name (`namedSecret`; not `${VAR}` references, placeholders,
 *      GPG key fingerprints; in test files only values that look like real credentials).
 * The code rule (TypeScript) judges literals the same way, in that order, through the same `secrets/`.
 */
import {
  findTokens,
  findUrlCredentials,
  isPasswordPlaceholder,
  looksLikeRealCredential,
  looksLikeSecretValue,
  secretKindOfName,
  type TokenMatch,
  type UrlCredential,
} from '../../secrets';

export interface SettingVerdict {
  judgement: 'providerToken' | 'connectionString' | 'namedSecret';
  /** The secret itself, and its offsets in the value. */
  secret: string;
  start: number;
  end: number;
  /** Set for providerToken. */
  token?: TokenMatch;
  /** Set for connectionString. */
  url?: UrlCredential;
  /** Set for namedSecret: what the name says it is (`password`, `API key`…). */
  kind?: string;
}

interface SettingOptions {
  /** Test and fixture files: a named value counts only when it looks like a real credential (test data otherwise). */
  testFile?: boolean;
}

/** Judges `value`, set under `name` (undefined: no name, so only tokens and connection strings). `raw` is the value as written. */
export function judgeSetting(
  name: string | undefined,
  value: string,
  raw = value,
  options: SettingOptions = {},
): SettingVerdict | undefined {
  const [token] = findTokens(value, 1);
  if (token) return { judgement: 'providerToken', secret: token.value, start: token.start, end: token.end, token };
  const [url] = findUrlCredentials(value);
  if (url) return { judgement: 'connectionString', secret: url.password, start: url.passwordStart, end: url.passwordEnd, url };
  const kind = name === undefined ? undefined : secretKindOfName(name);
  if (!kind || hasExpansion(raw) || !looksLikeSecretValue(value, name) || isKeyFingerprint(name!, value)) return undefined;
  if (options.testFile && !looksLikeRealCredential(value)) return undefined;
  return { judgement: 'namedSecret', secret: value, start: 0, end: value.length, kind };
}

/** Unescaped `$VAR`/`${…}` in a raw value: it comes from elsewhere. */
export function hasExpansion(raw: string): boolean {
  return /(^|[^\\])\$[{A-Za-z_(]/.test(raw);
}

/** `GPG_KEY=<fingerprint>` (official images verify downloads with it): public key ids, not secrets. */
function isKeyFingerprint(name: string, value: string): boolean {
  return /gpg|pgp|gnupg/i.test(name) && /^([0-9A-F]{4}\s?){4,10}$/i.test(value.trim());
}

/** A literal npm auth value (`_authToken`, `_auth`, `_password`): long enough, no placeholder, no `${…}`. */
export function literalSecret(value: string): boolean {
  return value.length >= 8 && !isPasswordPlaceholder(value) && !/^\$|\$\{/.test(value);
}
