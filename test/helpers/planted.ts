/** Secrets for tests, assembled at run time so the repository itself holds no scanner-bait literal. */
/** Deterministic pseudo-random text (mulberry32). */
export const randomText = (alphabet: string, n: number, seed = 7): string => {
  let s = '';
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    // mulberry32
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    s += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return s;
};
export const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
export const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const r = randomText;

/** One realistic token of every provider format we detect, with the kind our messages name. */
export const PLANTED: Array<[kind: string, token: string]> = [
  ['AWS access key ID', 'AKIA' + r(UP, 16)],
  ['GitHub token', 'ghp_' + r(B62, 36)],
  ['GitHub token', 'github_pat_' + r(B62, 22) + '_' + r(B62, 59, 3)],
  ['GitLab token', 'glpat-' + r(B62, 20)],
  ['Slack token', 'xoxb-' + r('0123456789', 12) + '-' + r('0123456789', 13, 5) + '-' + r(B62, 24, 9)],
  ['Stripe secret key', 'sk_' + 'live_' + r(B62, 24)],
  ['Stripe webhook secret', 'whsec_' + r(B62, 32)],
  ['Google API key', 'AIza' + r(B62 + '_-', 35)],
  ['npm token', 'npm_' + r(B62, 36)],
  ['OpenAI API key', 'sk-proj-' + r(B62, 48)],
  ['Anthropic API key', 'sk-ant-api03-' + r(B62 + '_-', 93)],
  ['SendGrid API key', 'SG.' + r(B62, 22) + '.' + r(B62, 43, 11)],
  ['Twilio API key', 'SK' + r(HEX, 32)],
  ['JSON Web Token', 'eyJ' + r(B62, 30) + '.eyJ' + r(B62, 40, 2) + '.' + r(B62 + '_-', 43, 4)],
  [
    'private key',
    '-----BEGIN RSA PRIVATE KEY-----\n' + r(B62 + '+/', 64) + '\n' + r(B62 + '+/', 64, 5) + '\n-----END RSA PRIVATE KEY-----',
  ],
];
