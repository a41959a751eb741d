/**
 * The one place a secret is shortened for display (docs/DESIGN.md §3): a few leading characters and the
 * length, e.g. `sk_l…(32 chars)`. Short secrets show fewer characters so most of them stays hidden.
 */
export function redact(secret: string): string {
  const length = [...secret].length;
  const shown = length >= 16 ? 4 : length >= 8 ? 2 : 0;
  const head = [...secret]
    .slice(0, shown)
    .join('')
    .replace(/[\r\n\t]/g, ' ');
  return `${head}…(${length} chars)`;
}

/**
 * Removes every occurrence of each secret from `text`, replacing it by its redacted form. The engine
 * runs this over every finding message as a last line of defence.
 */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  let masked = text;
  for (const secret of secrets) {
    // Short all-letter secrets (`secret`, `hunter`) are also English words of the message itself.
    if (secret.length < 4 || (secret.length < 8 && /^[A-Za-z]+$/.test(secret))) continue;
    if (masked.includes(secret)) masked = masked.split(secret).join(redact(secret));
  }
  return masked;
}
