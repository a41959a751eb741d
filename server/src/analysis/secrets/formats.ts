/**
 * Provider token formats: secrets recognisable by their shape wherever they appear (a string literal,
 * a Dockerfile line, a comment-free `RUN`). Each pattern starts with a fixed prefix and repeats only
 * bounded character classes (`{20,255}`, never `+` or `*` over a class that can overlap the prefix), so a
 * scan is linear in the text whatever it holds: a run that is too long fails after at most the bound.
 *
 * Written from the providers' public token documentation (prefix + alphabet + length).
 */
/** A documented stand-in for a token: `AKIAIOSFODNN7EXAMPLE`, `ghp_xxxxxxxx…`, `sk_live_...`. */
export function isPlaceholderToken(token: string): boolean {
  return /example|xxxx|\.\.\.|…|(.)\1{7}/i.test(token);
}

export interface TokenFormat {
  id: string;
  /** Shown in messages: "Stripe secret key", "GitHub token"… */
  kind: string;
  pattern: RegExp;
  /** Extra check on the match (entropy, checksum shape…); `after` is the text that follows it. */
  accept?: (token: string, after: string) => boolean;
}

/** A token found in a text: offsets of the token itself (capture group 1 when the pattern has one). */
export interface TokenMatch {
  format: TokenFormat;
  kind: string;
  start: number;
  end: number;
  value: string;
}

// Boundaries: a token must not continue an identifier on either side.
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';
const E_DASH = '(?![A-Za-z0-9_-])';

function mixed(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Za-z]/.test(token);
}

/** Distinct characters over length: keeps `sk-aaaaaaaa…` and `AKIA0000…` out. */
function varied(token: string, min = 0.25): boolean {
  const body = token.slice(Math.min(8, Math.floor(token.length / 4)));
  return new Set(body).size >= Math.min(10, body.length * min);
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    id: 'aws-access-key-id',
    kind: 'AWS access key ID',
    pattern: new RegExp(`${B}((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})${E}`, 'g'),
    accept: (t) => varied(t, 0.3),
  },
  {
    id: 'github-token',
    kind: 'GitHub token',
    pattern: new RegExp(`${B}(gh[pousr]_[A-Za-z0-9]{36,251})${E}`, 'g'),
    accept: (t) => varied(t),
  },
  {
    id: 'github-fine-grained-token',
    kind: 'GitHub token',
    pattern: new RegExp(`${B}(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${E}`, 'g'),
  },
  {
    id: 'gitlab-token',
    kind: 'GitLab token',
    pattern: new RegExp(`${B}((?:glpat|gldt|glrt|glptt|glcbt|glft|glimt|glsoat|gloas)-[A-Za-z0-9_-]{20,64})${E_DASH}`, 'g'),
    accept: (t) => varied(t),
  },
  {
    id: 'slack-token',
    kind: 'Slack token',
    pattern: new RegExp(`${B}(xox[abposre]-[0-9A-Za-z]{8,64}(?:-[0-9A-Za-z]{1,64}){1,6})${E_DASH}`, 'g'),
    accept: (t) => /\d{6,}/.test(t) && varied(t),
  },
  {
    id: 'slack-app-token',
    kind: 'Slack app token',
    pattern: new RegExp(`${B}(xapp-\\d-[A-Z0-9]{8,16}-\\d{8,16}-[a-f0-9]{32,80})${E}`, 'g'),
  },
  {
    id: 'slack-webhook',
    kind: 'Slack webhook URL',
    pattern:
      /(https:\/\/hooks\.slack\.com\/(?:services|workflows)\/T[A-Z0-9]{6,16}\/[AB][A-Z0-9]{6,16}\/[A-Za-z0-9]{20,40})(?![A-Za-z0-9])/g,
  },
  {
    id: 'stripe-secret-key',
    kind: 'Stripe secret key',
    pattern: new RegExp(`${B}((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247})${E}`, 'g'),
    accept: (t) => varied(t),
  },
  {
    id: 'stripe-webhook-secret',
    kind: 'Stripe webhook secret',
    pattern: new RegExp(`${B}(whsec_[A-Za-z0-9+/]{24,64})${E}`, 'g'),
    accept: (t) => varied(t),
  },
  {
    id: 'google-api-key',
    kind: 'Google API key',
    pattern: new RegExp(`${B}(AIza[0-9A-Za-z_-]{35})${E_DASH}`, 'g'),
    accept: (t) => varied(t),
  },
  { id: 'google-oauth-secret', kind: 'Google OAuth client secret', pattern: new RegExp(`${B}(GOCSPX-[A-Za-z0-9_-]{28})${E_DASH}`, 'g') },
  { id: 'npm-token', kind: 'npm token', pattern: new RegExp(`${B}(npm_[A-Za-z0-9]{36})${E}`, 'g'), accept: (t) => mixed(t) && varied(t) },
  {
    id: 'anthropic-key',
    kind: 'Anthropic API key',
    pattern: new RegExp(`${B}(sk-ant-(?:api|admin|sid)\\d{2}-[A-Za-z0-9_-]{32,128})${E_DASH}`, 'g'),
  },
  {
    id: 'openai-key',
    kind: 'OpenAI API key',
    pattern: new RegExp(`${B}(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{32,200})${E_DASH}`, 'g'),
    accept: (t) => !t.startsWith('sk-ant-') && mixed(t) && /[a-z]/.test(t) && /[A-Z]/.test(t) && varied(t),
  },
  { id: 'sendgrid-key', kind: 'SendGrid API key', pattern: new RegExp(`${B}(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})${E_DASH}`, 'g') },
  { id: 'twilio-api-key', kind: 'Twilio API key', pattern: new RegExp(`${B}(SK[0-9a-f]{32})${E}`, 'g'), accept: (t) => varied(t, 0.3) },
  { id: 'mailgun-key', kind: 'Mailgun API key', pattern: new RegExp(`${B}(key-[0-9a-f]{32})${E}`, 'g'), accept: (t) => varied(t, 0.3) },
  {
    id: 'mailchimp-key',
    kind: 'Mailchimp API key',
    pattern: new RegExp(`${B}([0-9a-f]{32}-us[0-9]{1,2})${E}`, 'g'),
    accept: (t) => varied(t, 0.3),
  },
  { id: 'shopify-token', kind: 'Shopify access token', pattern: new RegExp(`${B}(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})${E}`, 'g') },
  { id: 'digitalocean-token', kind: 'DigitalOcean token', pattern: new RegExp(`${B}(do[opr]_v1_[a-f0-9]{64})${E}`, 'g') },
  {
    id: 'huggingface-token',
    kind: 'Hugging Face token',
    pattern: new RegExp(`${B}(hf_[A-Za-z0-9]{34,40})${E}`, 'g'),
    accept: (t) => mixed(t) && varied(t),
  },
  { id: 'pypi-token', kind: 'PyPI token', pattern: new RegExp(`${B}(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300})${E_DASH}`, 'g') },
  { id: 'linear-key', kind: 'Linear API key', pattern: new RegExp(`${B}(lin_api_[A-Za-z0-9]{40})${E}`, 'g') },
  {
    id: 'doppler-token',
    kind: 'Doppler token',
    pattern: new RegExp(`${B}(dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44})${E}`, 'g'),
  },
  {
    id: 'vault-token',
    kind: 'HashiCorp Vault token',
    pattern: new RegExp(`${B}(hv[sb]\\.[A-Za-z0-9_-]{24,200})${E_DASH}`, 'g'),
    accept: (t) => mixed(t) && varied(t),
  },
  { id: 'postman-key', kind: 'Postman API key', pattern: new RegExp(`${B}(PMAK-[a-f0-9]{24}-[a-f0-9]{34})${E}`, 'g') },
  { id: 'grafana-token', kind: 'Grafana token', pattern: new RegExp(`${B}(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})${E}`, 'g') },
  { id: 'newrelic-key', kind: 'New Relic API key', pattern: new RegExp(`${B}(NRAK-[A-Z0-9]{27})${E}`, 'g') },
  {
    id: 'databricks-token',
    kind: 'Databricks token',
    pattern: new RegExp(`${B}(dapi[a-f0-9]{32}(?:-\\d)?)${E}`, 'g'),
    accept: (t) => varied(t, 0.3),
  },
  {
    id: 'square-token',
    kind: 'Square access token',
    pattern: new RegExp(`${B}((?:sq0atp|sq0csp|EAAA)[A-Za-z0-9_-]{22,60})${E_DASH}`, 'g'),
    accept: (t) => mixed(t) && varied(t),
  },
  { id: 'telegram-bot-token', kind: 'Telegram bot token', pattern: new RegExp(`${B}([0-9]{8,10}:AA[A-Za-z0-9_-]{33})${E_DASH}`, 'g') },
  { id: 'age-secret-key', kind: 'age secret key', pattern: /(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Z0-9])/g },
  { id: 'azure-storage-key', kind: 'Azure storage account key', pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/g },
  {
    id: 'private-key',
    kind: 'private key',
    pattern: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)/g,
    // A key has a body; the header alone is a marker that PEM-parsing code looks for.
    accept: (_token, after) => {
      const body = after.slice(0, 400).replace(/\\[rn]|\s|Proc-Type:[^\n]*|DEK-Info:[^\n]*/g, '');
      const run = /^[A-Za-z0-9+/=]*/.exec(body)?.[0] ?? '';
      return run.length >= 40 && !/example|xxxx/i.test(run);
    },
  },
  {
    id: 'jwt',
    kind: 'JSON Web Token',
    pattern: new RegExp(`${B}(eyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{8,4000}\\.[A-Za-z0-9_-]{16,1000})${E_DASH}`, 'g'),
  },
];

/** Cheap superset test for a text that could hold any of the formats (used by prefilters). */
export const TOKEN_PREFIX_HINT =
  /AKIA|ASIA|ABIA|ACCA|A3T|gh[pousr]_|github_pat_|gl(?:pat|dt|rt|ptt|cbt|ft|imt|soat|oas)-|xox[abposre]-|xapp-|hooks\.slack\.com|[sr]k_(?:live|test)_|whsec_|AIza|GOCSPX-|npm_|sk-|SG\.|SK[0-9a-f]{4}|key-[0-9a-f]|-us[0-9]|shp(?:at|ca|pa|ss)_|do[opr]_v1_|hf_|pypi-|lin_api_|dp\.|hv[sb]\.|PMAK-|glsa_|NRAK-|dapi|sq0|EAAA|:AA|AGE-SECRET-KEY|AccountKey=|PRIVATE KEY|eyJ/;

/** Every provider token in `text`, in order, not overlapping. Linear time. */
export function findTokens(text: string, limit = 100): TokenMatch[] {
  if (!TOKEN_PREFIX_HINT.test(text)) return [];
  const found: TokenMatch[] = [];
  for (const format of TOKEN_FORMATS) {
    format.pattern.lastIndex = 0;
    for (let m = format.pattern.exec(text); m; m = format.pattern.exec(text)) {
      const value = m[1] ?? m[0];
      const start = m.index + m[0].indexOf(value);
      const end = start + value.length;
      if (
        (!format.accept || format.accept(value, text.slice(end, end + 400))) &&
        (format.id === 'private-key' || !isPlaceholderToken(value))
      ) {
        found.push({ format, kind: format.kind, start, end, value });
        if (found.length >= limit) break;
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const result: TokenMatch[] = [];
  for (const match of found) {
    const last = result[result.length - 1];
    if (!last || match.start >= last.end) result.push(match);
  }
  return result;
}
