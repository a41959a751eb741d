/**
 * Checks on a candidate token's body that the formats share: provider checksums, "is this random or a
 * run/sequence/placeholder", and decoding of the base64 parts some tokens carry. All linear in the
 * token's length (tokens are bounded by their patterns).
 */

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE) of a string of code units below 256. */
function crc32(text: string): number {
  let crc = -1;
  for (let i = 0; i < text.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff];
  return (crc ^ -1) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base 62 (digits, upper, lower), left-padded with `0` to `width`. */
function base62(n: number, width: number): string {
  let s = '';
  do {
    s = BASE62[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(width, '0');
}

/**
 * GitHub's and npm's token checksum: the last 6 characters are the CRC-32 of the 30 random characters
 * before them, in base 62. `body` is the 36 characters after the prefix (`ghp_`, `npm_`…).
 */
export function hasBase62Crc32(body: string): boolean {
  if (body.length < 7) return false;
  const random = body.slice(0, -6);
  return base62(crc32(random), 6) === body.slice(-6);
}

/** Builds the checksummed body a GitHub/npm token has, from its 30 random characters (for tests and examples). */
export function withBase62Crc32(random: string): string {
  return random + base62(crc32(random), 6);
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** A Bech32 string (`hrp1data…checksum`, one case) whose checksum verifies: age keys use it. */
export function isBech32(text: string): boolean {
  const s = text.toLowerCase();
  if (s !== text && text.toUpperCase() !== text) return false;
  const sep = s.lastIndexOf('1');
  if (sep < 1 || s.length - sep < 7) return false;
  const values: number[] = [];
  for (let i = 0; i < sep; i++) values.push(s.charCodeAt(i) >> 5);
  values.push(0);
  for (let i = 0; i < sep; i++) values.push(s.charCodeAt(i) & 31);
  for (let i = sep + 1; i < s.length; i++) {
    const v = BECH32.indexOf(s[i]);
    if (v < 0) return false;
    values.push(v);
  }
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= generators[i];
  }
  return chk === 1;
}

/** Words that say a value stands for a real one: `…EXAMPLE`, `xxxx`, `your_token_here`. */
const STAND_IN = /example|xxxx|\.\.\.|\u2026|placeholder|dummy|redacted|changeme|insert|yourtoken|your_|-your|here$|notreal|sample/i;

/**
 * The whole value is one step-by-one run of letters or digits (`abcdef`, `654321`, `ABCDEFG`), or digits
 * in a run or a repeated unit (`11111111`, `12341234`): what an example writes where a value goes.
 */
export function isWholeSequence(v: string): boolean {
  if (/^\d{6,}$/.test(v) && isRunOrSequence(v)) return true;
  // Runs joined (`1234567890abc`, `abc123`): each part a sequence of its kind.
  const parts = v.match(/[a-z]+|[A-Z]+|\d+/g);
  if (parts && parts.length > 1 && parts.join('') === v && parts.every((p) => p.length >= 3 && isWholeSequence(p))) return true;
  if (!/^(?:[a-z]+|[A-Z]+|\d+)$/.test(v)) return false;
  const step = v.charCodeAt(1) - v.charCodeAt(0);
  if (step !== 1 && step !== -1) return false;
  for (let i = 2; i < v.length; i++) if (v.charCodeAt(i) - v.charCodeAt(i - 1) !== step) return false;
  return true;
}

/** A body made of a run (`aaaa…`), a short repeated unit (`abab…`, `1234…1234`), or an alphabet sequence. */
export function isRunOrSequence(body: string): boolean {
  const n = body.length;
  if (n === 0) return true;
  // Runs: 6 or more of the same character in a row.
  let run = 1;
  for (let i = 1; i < n; i++) {
    run = body.charCodeAt(i) === body.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= 6) return true;
  }
  // Sequences: 8 or more characters each one above (or below) the previous one.
  let up = 1;
  let down = 1;
  for (let i = 1; i < n; i++) {
    const d = body.charCodeAt(i) - body.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= 8 || down >= 8) return true;
  }
  // Interleaved sequences: `a1b2c3d4…` (every other character counts up).
  let stride = 0;
  for (let i = 2; i < n; i++) {
    stride = body.charCodeAt(i) - body.charCodeAt(i - 2) === 1 ? stride + 1 : 0;
    if (stride >= 8) return true;
  }
  // A short unit repeated over most of the body: `abcabcabc…`, `12341234…`.
  for (let period = 2; period <= 8 && period * 3 <= n; period++) {
    let same = 0;
    for (let i = period; i < n; i++) if (body.charCodeAt(i) === body.charCodeAt(i - period)) same++;
    if (same >= (n - period) * 0.8) return true;
  }
  return false;
}

/**
 * Could `body` be the random part of a token? Not a run or sequence, no stand-in word, and enough
 * distinct characters for its length and alphabet (a random 32-char hex string has ~14 of 16).
 */
export function looksRandom(body: string, minDistinct?: number): boolean {
  if (isRunOrSequence(body) || STAND_IN.test(body)) return false;
  const distinct = new Set(body).size;
  const want = minDistinct ?? Math.min(12, Math.ceil(body.length * 0.35));
  return distinct >= Math.min(want, body.length);
}

/** Any stand-in word (`example`, `xxxx`, `your_…`) anywhere in a value. */
export function hasStandInWord(value: string): boolean {
  return STAND_IN.test(value);
}

/** Decodes base64 or base64url (padding optional); undefined when it is not. */
export function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
}

/** The JSON object a base64(url) segment decodes to, or undefined. */
export function decodeBase64Json(text: string): Record<string, unknown> | undefined {
  const decoded = decodeBase64(text);
  if (decoded === undefined || !decoded.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(decoded, 'latin1').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
