/**
 * Every provider format: real-shaped positives generated here (right alphabet, length and checksum,
 * from a seeded generator, so the repository holds no token literal), and near-misses built from each
 * positive (prefix alone, a run or a sequence for a body, a stand-in word, a truncated body) plus the
 * format-specific ones (wrong checksum, documented examples, wrong alphabet). Then: the keyword
 * pre-filter loses nothing, and every pattern stays linear on 1M-character inputs.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  TOKEN_FORMATS,
  TOKEN_KEYWORDS,
  findTokens,
  findUrlCredentials,
  mayContainToken,
  withBase62Crc32,
  type TokenMatch,
} from '../../../server/src/analysis/secrets';
import { redact } from '../../../server/src/analysis/redact';
import { randomText } from '../../helpers/planted';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEXL = '0123456789abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '_-';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

let seed = 1000;
/** Seeded random text; each call draws from a new seed. */
const r = (alphabet: string, n: number) => randomText(alphabet, n, seed++);
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => b64(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const uuid = () => `${r(HEXL, 8)}-${r(HEXL, 4)}-${r(HEXL, 4)}-${r(HEXL, 4)}-${r(HEXL, 12)}`;

/** Bech32 (age) encoding of 32 random bytes, upper-case. */
function bech32(hrp: string, data5: number[]): string {
  const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const polymod = (values: number[]) => {
    let chk = 1;
    for (const v of values) {
      const top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i];
    }
    return chk;
  };
  const expand = [...hrp]
    .map((c) => c.charCodeAt(0) >> 5)
    .concat(
      [0],
      [...hrp].map((c) => c.charCodeAt(0) & 31),
    );
  const mod = polymod([...expand, ...data5, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = [0, 1, 2, 3, 4, 5].map((i) => (mod >>> (5 * (5 - i))) & 31);
  return (hrp + '1' + [...data5, ...checksum].map((v) => CHARSET[v]).join('')).toUpperCase();
}

/** A positive: prefix + random body + suffix; `secret` is the part reported when it is not the whole. */
interface Positive {
  id: string;
  prefix: string;
  body: string;
  suffix?: string;
  /** Text around the token (context formats): `${before}${token}${after}`. */
  before?: string;
  after?: string;
  /** The reported value when it is not prefix+body+suffix. */
  secret?: string;
  /** Alphabet of the body, for the run/sequence near-misses. */
  alphabet?: string;
}
const P = (id: string, prefix: string, alphabet: string, n: number, extra: Partial<Positive> = {}): Positive => ({
  id,
  prefix,
  body: r(alphabet, n),
  alphabet,
  ...extra,
});
const named = (id: string, name: string, body: string, alphabet = ALNUM): Positive => ({
  id,
  prefix: '',
  body,
  before: `${name}="`,
  after: '"',
  alphabet,
});
const gh = (id: string, prefix: string): Positive => ({ id, prefix, body: withBase62Crc32(r(ALNUM, 30)), alphabet: ALNUM });

const jwtPart = (json: object) => b64url(JSON.stringify(json));

const POSITIVES: Positive[] = [
  // cloud
  P('aws-access-key-id', 'AKIA', B32, 16),
  P('aws-temporary-access-key-id', 'ASIA', B32, 16),
  named('aws-secret-access-key', 'aws_secret_access_key', r(ALNUM, 20) + 'a/B+' + r(ALNUM, 16), B64),
  P('aws-session-token', 'IQoJb3JpZ2luX2Vj', B64, 300),
  P('aws-bedrock-api-key', 'ABSK', B64, 132),
  { id: 'azure-ad-client-secret', prefix: r(ALNUM, 3) + '8Q~', body: r(ALNUM + '_~.-', 34), alphabet: ALNUM },
  {
    id: 'azure-storage-account-key',
    prefix: '',
    before: 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=',
    body: r(B64, 86),
    suffix: '==',
    alphabet: B64,
  },
  {
    id: 'azure-shared-access-key',
    prefix: '',
    before: 'Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=',
    body: r(B64, 43),
    suffix: '=',
    alphabet: B64,
  },
  {
    id: 'azure-sas-token',
    prefix: '',
    before: 'https://acme.blob.core.windows.net/c?sv=2022-11-02&ss=b&sp=rl&se=2030-01-01T00:00:00Z&sig=',
    body: r(ALNUM, 43),
    suffix: '%3D',
    alphabet: ALNUM,
  },
  { id: 'azure-container-registry-password', prefix: '', body: r(B64, 42), suffix: '+ACR' + r(ALNUM, 6), alphabet: B64 },
  P('google-api-key', 'AIza', B64URL, 35),
  P('google-oauth-client-secret', 'GOCSPX-', B64URL, 28),
  P('google-oauth-refresh-token', '1//0', B64URL, 100),
  P('google-oauth-access-token', 'ya29.', B64URL, 150),
  {
    id: 'gcp-service-account-key',
    prefix: '',
    before: '{"type": "service_account", "project_id": "acme", "private_key_id": "',
    body: r(HEXL, 40),
    after: '"}',
    alphabet: HEXL,
  },
  { id: 'firebase-cloud-messaging-server-key', prefix: 'AAAA' + r(B64URL, 7) + ':APA91b', body: r(B64URL, 134), alphabet: B64URL },
  P('alibaba-access-key-id', 'LTAI', ALNUM, 20),
  named('alibaba-access-key-secret', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', r(ALNUM, 30)),
  named('ibm-cloud-api-key', 'IBM_CLOUD_API_KEY', r(B64URL, 44), B64URL),
  named('oracle-cloud-auth-token', 'OCI_AUTH_TOKEN', r(ALNUM + '#.:;+_-', 20)),
  P('digitalocean-token', 'dop_v1_', HEXL, 64),
  { id: 'cloudflare-api-token', prefix: 'cfut_', body: r(ALNUM, 40), suffix: r(HEXL, 8), alphabet: ALNUM },
  named('cloudflare-api-token-named', 'CLOUDFLARE_API_TOKEN', r(B64URL, 40), B64URL),
  named('cloudflare-global-api-key', 'CLOUDFLARE_API_KEY', r(HEXL, 37), HEXL),
  { id: 'cloudflare-origin-ca-key', prefix: 'v1.0-', body: r(HEXL, 24), suffix: '-' + r(HEXL, 146), alphabet: HEXL },
  P('heroku-api-key', 'HRKU-AA', B64URL, 58),
  named('heroku-api-key-legacy', 'HEROKU_API_KEY', uuid(), HEXL),
  P('flyio-token', 'fm2_', B64, 300),
  P('vercel-token', 'vcp_', ALNUM, 40),
  named('vercel-token-named', 'VERCEL_TOKEN', r(ALNUM, 24)),
  P('netlify-token', 'nfp_', ALNUM, 36),
  named('netlify-token-named', 'NETLIFY_AUTH_TOKEN', r(B64URL, 43), B64URL),
  P('supabase-access-token', 'sbp_', HEXL, 40),
  P('supabase-secret-key', 'sb_secret_', B64URL, 40),
  P('doppler-token', 'dp.pt.', ALNUM, 43),
  P('vault-service-token', 'hvs.', B64URL, 90),
  P('vault-batch-token', 'hvb.', B64URL, 150),
  P('vault-recovery-token', 'hvr.', B64URL, 90),
  named('vault-legacy-token', 'VAULT_TOKEN', 's.' + r(ALNUM, 24)),
  { id: 'tailscale-key', prefix: 'tskey-auth-', body: r(ALNUM, 12) + '-' + r(ALNUM, 30), alphabet: ALNUM },
  { id: 'terraform-cloud-token', prefix: r(ALNUM, 14) + '.atlasv1.', body: r(ALNUM, 67), alphabet: ALNUM },
  P('pulumi-token', 'pul-', HEXL, 40),
  P('databricks-token', 'dapi', HEXL, 32),
  {
    id: 'grafana-cloud-token',
    prefix: 'glc_',
    body: b64(JSON.stringify({ o: '123456', n: 'stack-1', k: r(ALNUM, 32), m: { r: 'us' } })),
    alphabet: B64,
  },
  { id: 'grafana-service-account-token', prefix: 'glsa_', body: r(ALNUM, 32), suffix: '_' + r(HEXL, 8), alphabet: ALNUM },
  {
    id: 'grafana-api-key',
    prefix: '',
    body: b64(JSON.stringify({ k: r(ALNUM, 32), n: 'deploy', id: 1 })).replace(/=+$/, ''),
    alphabet: B64,
  },
  // code hosting
  gh('github-pat', 'ghp_'),
  gh('github-oauth-token', 'gho_'),
  gh('github-user-to-server-token', 'ghu_'),
  gh('github-installation-token', 'ghs_'),
  gh('github-refresh-token', 'ghr_'),
  P('github-installation-token-long', 'ghs_', ALNUM, 120),
  { id: 'github-fine-grained-pat', prefix: 'github_pat_', body: r(ALNUM, 22), suffix: '_' + r(ALNUM, 59), alphabet: ALNUM },
  P('gitlab-pat', 'glpat-', ALNUM, 20),
  P('gitlab-deploy-token', 'gldt-', ALNUM, 20),
  P('gitlab-runner-token', 'glrt-', ALNUM, 20),
  P('gitlab-feed-token', 'glft-', ALNUM, 20),
  P('gitlab-scim-token', 'glsoat-', ALNUM, 20),
  P('gitlab-feature-flag-token', 'glffct-', ALNUM, 20),
  P('gitlab-incoming-mail-token', 'glimt-', ALNUM, 25),
  P('gitlab-agent-token', 'glagent-', ALNUM, 50),
  P('gitlab-oauth-secret', 'gloas-', ALNUM, 64),
  P('gitlab-runner-registration-token', 'GR1348941', ALNUM, 20),
  {
    id: 'gitlab-routable-token',
    prefix: 'glpat-',
    body: r(B64URL, 40),
    suffix: '.01.' + r('0123456789abcdefghijklmnopqrstuvwxyz', 7),
    alphabet: B64URL,
  },
  P('gitlab-pipeline-trigger-token', 'glptt-', HEXL, 40),
  { id: 'gitlab-ci-job-token', prefix: 'glcbt-', body: r(ALNUM, 2) + '_' + r(ALNUM, 20), alphabet: ALNUM },
  P('bitbucket-app-password', 'ATBB', ALNUM, 32),
  P('bitbucket-access-token', 'ATCTT3', B64URL, 180),
  P('atlassian-api-token', 'ATATT3', B64URL, 186),
  named('atlassian-data-center-pat', 'JIRA_TOKEN', b64('123456789012:' + r(ALNUM, 20)).slice(0, 44), B64),
  named('atlassian-api-token-named', 'JIRA_API_TOKEN', r(UPPER, 8) + r(LOWER, 8) + r(DIGITS, 8)),
  // package registries
  { id: 'npm-token', prefix: 'npm_', body: withBase62Crc32(r(ALNUM, 30)), alphabet: ALNUM },
  { id: 'npmrc-auth-token', prefix: '', before: '//registry.acme.io/:_authToken=', body: uuid(), alphabet: HEXL },
  P('pypi-token', 'pypi-AgEIcHlwaS5vcmc', B64URL, 150),
  P('rubygems-token', 'rubygems_', HEXL, 48),
  P('nuget-api-key', 'oy2', LOWER + DIGITS, 43),
  P('docker-hub-token', 'dckr_pat_', B64URL, 27),
  {
    id: 'docker-config-auth',
    prefix: '',
    before: '{"auths": {"registry.acme.io": {"auth": "',
    body: b64(`ci:${r(ALNUM, 16)}`),
    after: '"}}}',
    alphabet: B64,
  },
  P('artifactory-api-key', 'AKCp', ALNUM, 69),
  P('artifactory-reference-token', 'cmVmdGtu', ALNUM, 56),
  P('clojars-token', 'CLOJARS_', LOWER + DIGITS, 60),
  // chat
  { id: 'slack-bot-token', prefix: `xoxb-${r(DIGITS, 12)}-${r(DIGITS, 13)}-`, body: r(ALNUM, 24), alphabet: ALNUM },
  { id: 'slack-user-token', prefix: `xoxp-${r(DIGITS, 12)}-${r(DIGITS, 12)}-${r(DIGITS, 12)}-`, body: r(HEXL, 32), alphabet: HEXL },
  { id: 'slack-legacy-token', prefix: `xoxs-${r(DIGITS, 10)}-${r(DIGITS, 10)}-${r(DIGITS, 10)}-`, body: r(HEXL, 64), alphabet: HEXL },
  { id: 'slack-workspace-token', prefix: `xoxa-2-${r(DIGITS, 11)}-`, body: r(HEXL, 32), alphabet: HEXL },
  { id: 'slack-config-token', prefix: 'xoxe.xoxp-1-', body: r(ALNUM, 164), alphabet: ALNUM },
  { id: 'slack-app-token', prefix: `xapp-1-A${r(UPPER + DIGITS, 10)}-${r(DIGITS, 13)}-`, body: r(HEXL, 64), alphabet: HEXL },
  {
    id: 'slack-webhook',
    prefix: `https://hooks.slack.com/services/T${r(UPPER + DIGITS, 8)}/B${r(UPPER + DIGITS, 10)}/`,
    body: r(ALNUM, 24),
    alphabet: ALNUM,
  },
  {
    id: 'slack-workflow-webhook',
    prefix: `https://hooks.slack.com/workflows/T${r(UPPER + DIGITS, 8)}/A${r(UPPER + DIGITS, 10)}/${r(DIGITS, 18)}/`,
    body: r(ALNUM, 24),
    alphabet: ALNUM,
  },
  { id: 'discord-webhook', prefix: `https://discord.com/api/webhooks/${r(DIGITS, 18)}/`, body: r(B64URL, 68), alphabet: B64URL },
  {
    id: 'discord-bot-token',
    prefix: b64url('8' + r(DIGITS, 17)) + '.' + r(B64URL, 6) + '.',
    body: r(B64URL, 38),
    before: 'DISCORD_BOT_TOKEN="',
    after: '"',
    alphabet: B64URL,
  },
  { id: 'telegram-bot-token', prefix: r(DIGITS, 10) + ':AA', body: r(B64URL, 33), alphabet: B64URL },
  {
    id: 'teams-webhook',
    prefix: `https://acme.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/`,
    body: r(HEXL, 32),
    suffix: `/${uuid()}`,
    alphabet: HEXL,
  },
  {
    id: 'power-automate-webhook',
    prefix: `https://prod-12.westeurope.logic.azure.com:443/workflows/${r(HEXL, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=`,
    body: r(B64URL, 43),
    alphabet: B64URL,
  },
  {
    id: 'google-chat-webhook',
    prefix: `https://chat.googleapis.com/v1/spaces/${r(ALNUM, 11)}/messages?key=AIza${r(B64URL, 35)}&token=`,
    body: r(ALNUM, 43) + '%3D',
    alphabet: ALNUM,
  },
  { id: 'mattermost-webhook', prefix: 'https://mattermost.acme.io/hooks/', body: r(LOWER + DIGITS, 26), alphabet: LOWER + DIGITS },
  // payments
  P('stripe-secret-key', 'sk_live_', ALNUM, 99),
  P('stripe-restricted-key', 'rk_live_', ALNUM, 99),
  P('stripe-webhook-secret', 'whsec_', ALNUM, 32),
  { id: 'braintree-access-token', prefix: `access_token$production$${r(LOWER + DIGITS, 16)}$`, body: r(HEXL, 32), alphabet: HEXL },
  named('braintree-private-key', 'BRAINTREE_PRIVATE_KEY', r(HEXL, 32), HEXL),
  named('paypal-client-secret', 'PAYPAL_CLIENT_SECRET', r(B64URL, 80), B64URL),
  P('square-access-token', 'EAAA', B64URL, 60),
  P('square-oauth-secret', 'sq0csp-', B64URL, 43),
  named('adyen-api-key', 'ADYEN_API_KEY', 'AQE' + r(B64, 120), B64),
  P('shopify-access-token', 'shpat_', HEXL, 32),
  P('shopify-custom-app-token', 'shpca_', HEXL, 32),
  P('shopify-private-app-token', 'shppa_', HEXL, 32),
  P('shopify-shared-secret', 'shpss_', HEXL, 32),
  // AI
  { id: 'openai-key', prefix: 'sk-proj-', body: r(B64URL, 74), suffix: 'T3BlbkFJ' + r(B64URL, 74), alphabet: B64URL },
  { id: 'anthropic-key', prefix: 'sk-ant-api03-', body: r(B64URL, 93), suffix: 'AA', alphabet: B64URL },
  { id: 'huggingface-token', prefix: 'hf_', body: r(UPPER + LOWER, 34), alphabet: UPPER + LOWER },
  { id: 'huggingface-org-token', prefix: 'api_org_', body: r(UPPER + LOWER, 34), alphabet: UPPER + LOWER },
  P('groq-key', 'gsk_', ALNUM, 52),
  P('replicate-token', 'r8_', ALNUM, 37),
  P('perplexity-key', 'pplx-', ALNUM, 48),
  P('xai-key', 'xai-', ALNUM, 80),
  P('openrouter-key', 'sk-or-v1-', HEXL, 64),
  { id: 'langsmith-key', prefix: 'lsv2_pt_', body: r(HEXL, 32), suffix: '_' + r(HEXL, 10), alphabet: HEXL },
  {
    ...named('azure-openai-key', 'AZURE_OPENAI_API_KEY', r(HEXL, 32), HEXL),
    after: '"\nAZURE_OPENAI_ENDPOINT=https://acme.openai.azure.com/',
  },
  named('cohere-key', 'COHERE_API_KEY', r(ALNUM, 40)),
  named('mistral-key', 'MISTRAL_API_KEY', r(ALNUM, 32)),
  named('deepseek-key', 'DEEPSEEK_API_KEY', 'sk-' + r(HEXL, 32), HEXL),
  // SaaS
  {
    id: '1password-service-account-token',
    prefix: 'ops_',
    body: b64(
      JSON.stringify({
        signInAddress: 'acme.1password.com',
        userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', salt: r(ALNUM, 22) },
        email: r(LOWER, 12) + '@1passwordserviceaccounts.com',
        srpX: r(HEXL, 64),
        muk: { alg: 'A256GCM', kid: 'mp', k: r(B64URL, 43) },
        secretKey: 'A3-' + r(UPPER + DIGITS, 6),
      }),
    ),
    alphabet: B64,
  },
  {
    id: '1password-secret-key',
    prefix: 'A3-',
    body: `${r(UPPER + DIGITS, 6)}-${r(UPPER + DIGITS, 11)}-${r(UPPER + DIGITS, 5)}-${r(UPPER + DIGITS, 5)}-${r(UPPER + DIGITS, 5)}`,
    alphabet: UPPER + DIGITS,
  },
  { id: 'notion-token', prefix: 'ntn_' + r(DIGITS, 11), body: r(ALNUM, 35), alphabet: ALNUM },
  P('linear-api-key', 'lin_api_', ALNUM, 40),
  { id: 'airtable-pat', prefix: 'pat' + r(ALNUM, 14) + '.', body: r(HEXL, 64), alphabet: HEXL },
  {
    id: 'asana-pat',
    prefix: `2/${r(DIGITS, 16)}/${r(DIGITS, 16)}:`,
    body: r(HEXL, 32),
    before: 'ASANA_TOKEN="',
    after: '"',
    alphabet: HEXL,
  },
  named('datadog-key', 'DD_API_KEY', r(HEXL, 32), HEXL),
  {
    id: 'sentry-org-token',
    prefix: 'sntrys_',
    body: b64(JSON.stringify({ iat: 1700000000.1, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' })),
    suffix: '_' + r(ALNUM, 43),
    alphabet: B64,
  },
  P('sentry-user-token', 'sntryu_', HEXL, 64),
  named('sentry-legacy-token', 'SENTRY_AUTH_TOKEN', r(HEXL, 64), HEXL),
  P('newrelic-key', 'NRAK-', UPPER + DIGITS, 27),
  { id: 'newrelic-license-key', prefix: '', body: r(HEXL, 36), suffix: 'NRAL', alphabet: HEXL },
  named('pagerduty-key', 'PAGERDUTY_API_KEY', 'u+' + r(B64URL, 18), B64URL),
  P('twilio-api-key', 'SK', HEXL, 32),
  named('twilio-auth-token', 'TWILIO_AUTH_TOKEN', r(HEXL, 32), HEXL),
  { id: 'sendgrid-key', prefix: 'SG.', body: r(B64URL, 22), suffix: '.' + r(B64URL, 43), alphabet: B64URL },
  { id: 'sendinblue-key', prefix: 'xkeysib-', body: r(HEXL, 64), suffix: '-' + r(ALNUM, 16), alphabet: HEXL },
  P('mailgun-key', 'key-', HEXL, 32),
  named('mailgun-key-named', 'MAILGUN_API_KEY', `${r(HEXL, 32)}-${r(HEXL, 8)}-${r(HEXL, 8)}`, HEXL),
  { id: 'mailchimp-key', prefix: '', body: r(HEXL, 32), suffix: '-us21', alphabet: HEXL },
  named('mailchimp-transactional-key', 'MANDRILL_API_KEY', r(B64URL, 22), B64URL),
  named('postmark-token', 'POSTMARK_SERVER_TOKEN', uuid(), HEXL),
  named('algolia-admin-key', 'ALGOLIA_ADMIN_KEY', r(HEXL, 32), HEXL),
  P('contentful-token', 'CFPAT-', B64URL, 43),
  named('contentful-delivery-token', 'CONTENTFUL_ACCESS_TOKEN', r(B64URL, 43), B64URL),
  named('snyk-token', 'SNYK_TOKEN', uuid(), HEXL),
  { id: 'postman-key', prefix: 'PMAK-', body: r(HEXL, 24), suffix: '-' + r(HEXL, 34), alphabet: HEXL },
  P('figma-token', 'figd_', B64URL, 43),
  P('facebook-access-token', 'EAAB', ALNUM, 180),
  { id: 'facebook-app-token', prefix: r(DIGITS, 15) + '|', body: r(B64URL, 27), alphabet: B64URL },
  named('facebook-app-secret', 'FACEBOOK_APP_SECRET', r(HEXL, 32), HEXL),
  { id: 'twitter-bearer-token', prefix: 'A'.repeat(22), body: r(ALNUM, 90), alphabet: ALNUM },
  named('twitter-secret', 'TWITTER_ACCESS_TOKEN_SECRET', r(ALNUM, 45)),
  // keys and tokens
  {
    id: 'private-key',
    prefix: '-----BEGIN OPENSSH PRIVATE KEY-----',
    body: '',
    after: `\n${b64('openssh-key-v1')}${r(B64, 60)}\n${r(B64, 70)}\n-----END OPENSSH PRIVATE KEY-----`,
    alphabet: B64,
  },
  {
    id: 'putty-private-key',
    prefix: 'PuTTY-User-Key-File-3: ssh-ed25519',
    body: '',
    after: `\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${r(B64, 64)}\nPrivate-Lines: 1\n${r(B64, 64)}\n`,
    alphabet: B64,
  },
  {
    id: 'age-secret-key',
    prefix: '',
    body: bech32(
      'age-secret-key-',
      [...r('0123456789abcdefghijklmnopqrstuv', 52)].map((c) => parseInt(c, 32)),
    ),
    alphabet: B32,
  },
  {
    id: 'jwt',
    prefix: jwtPart({ alg: 'HS256', typ: 'JWT' }) + '.' + jwtPart({ sub: r(ALNUM, 12), iat: 1700000000, exp: 1900000000 }) + '.',
    body: r(B64URL, 43),
    alphabet: B64URL,
  },
  // credentials in text
  {
    id: 'basic-auth-header',
    prefix: '',
    before: 'curl -H "Authorization: Basic ',
    body: b64(`deploy:${r(ALNUM, 14)}`),
    after: '" https://api.acme.io',
    alphabet: B64,
  },
  {
    id: 'bearer-auth-header',
    prefix: '',
    before: 'GET /v1/orders HTTP/1.1\nAuthorization: Bearer ',
    body: r(B64URL, 40),
    after: '\n',
    alphabet: B64URL,
  },
  {
    id: 'curl-user',
    prefix: '',
    before: 'curl -fsSL -u deploy:',
    body: r(ALNUM, 16),
    after: ' https://artifacts.acme.io/x.tgz',
    alphabet: ALNUM,
  },
  {
    id: 'credential-header',
    prefix: '',
    before: "curl -H 'X-Api-Key: ",
    body: r(ALNUM, 32),
    after: "' https://api.acme.io",
    alphabet: ALNUM,
  },
];

const tokenOf = (p: Positive) => p.prefix + p.body + (p.suffix ?? '');
const textOf = (p: Positive, token = tokenOf(p)) =>
  p.before !== undefined ? `${p.before}${token}${p.after ?? ''}` : `const value = "${token}${p.after ?? ''}";`;
const ofFormat = (found: TokenMatch[], id: string) => found.filter((f) => f.format.id === id);

/** Near-misses built from a positive: each must not be reported as that format. */
function nearMisses(p: Positive): string[] {
  const n = p.body.length;
  if (n === 0) return [`const value = "${p.prefix}\n...\n";`, `const value = "${p.prefix}\n${'x'.repeat(64)}\n";`];
  const alphabet = p.alphabet ?? ALNUM;
  const sequence = Array.from({ length: n }, (_, i) => alphabet[i % alphabet.length]).join('');
  const standIn = ('EXAMPLE' + 'x'.repeat(n)).slice(0, n);
  return [
    textOf(p, p.prefix), // the prefix alone
    textOf(p, p.prefix + alphabet[1].repeat(n) + (p.suffix ?? '')), // a run for a body
    textOf(p, p.prefix + sequence + (p.suffix ?? '')), // a sequence for a body
    textOf(p, p.prefix + standIn + (p.suffix ?? '')), // a stand-in word
    // truncated (a password has no fixed length: a reference to one instead)
    p.id === 'curl-user' ? textOf(p, '$DEPLOY_PASSWORD') : textOf(p, p.prefix + p.body.slice(0, 6)),
  ];
}

describe('provider formats: positives and near-misses', () => {
  it('every format has a generated positive here', () => {
    const covered = new Set(POSITIVES.map((p) => p.id));
    assert.deepEqual(
      TOKEN_FORMATS.map((f) => f.id).filter((id) => !covered.has(id)),
      [],
    );
  });

  for (const p of POSITIVES) {
    it(`${p.id}: found with its exact value and offsets; near-misses are not`, () => {
      const token = tokenOf(p);
      const text = textOf(p);
      const found = ofFormat(findTokens(text), p.id);
      assert.equal(
        found.length,
        1,
        `${p.id} in ${JSON.stringify(text.slice(0, 200))}: ${JSON.stringify(findTokens(text).map((f) => f.format.id))}`,
      );
      if (p.body !== '') {
        const value = p.secret ?? token;
        assert.equal(found[0].value, value);
        assert.equal(text.slice(found[0].start, found[0].end), value);
      }
      if (found[0].format.checksum) assert.equal(found[0].verified, true, 'checksum verifies');
      for (const miss of nearMisses(p)) {
        assert.deepEqual(
          ofFormat(findTokens(miss), p.id).map((f) => f.value),
          [],
          `${p.id} near-miss ${JSON.stringify(miss.slice(0, 160))}`,
        );
      }
    });
  }

  it('format-specific near-misses: checksums, documented examples, alphabets, lengths, placeholders', () => {
    const body30 = r(ALNUM, 30);
    const good = withBase62Crc32(body30);
    const bad = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const misses: string[] = [
      'AKIAIOSFODNN7EXAMPLE', // AWS's documented key
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AKIA' + r(B32, 16).toLowerCase(), // AWS key IDs are upper-case base32
      'AKIA' + r(B32, 15), // one short
      'gho_16C7e42F292c6912E7710c838347Ae178B4a', // GitHub's OAuth documentation sample
      'ghp_' + r(ALNUM, 35), // one short
      'ghp_' + r(ALNUM, 30) + '-' + r(ALNUM, 5), // outside the alphabet
      'sk_test_' + '4eC39HqLyjWDarjtT1zdp7dc', // Stripe's documentation test key
      'pk_live_' + r(ALNUM, 24), // publishable: meant for browsers
      'xoxb-' + r(DIGITS, 12) + '-' + 'x'.repeat(24),
      'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy', // Slack's documentation sample
      'hf_' + r(ALNUM, 34).replace(/[A-Za-z]/, '7') + 'Q', // digits are not in the alphabet
      'AGE-SECRET-KEY-1' + r('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58), // Bech32 checksum fails
      jwtPart({ alg: 'HS256', typ: 'JWT' }) + '.' + jwtPart({ sub: '1234567890', name: 'John Doe', iat: 1516239022 }) + '.' + r(B64URL, 43), // jwt.io sample
      jwtPart({ alg: 'HS256' }) + '.' + jwtPart({ msg: 'hello there' }) + '.' + r(B64URL, 43), // no credential claims
      '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', // an interleaved sequence
      'sk-ant-api03-' + 'abc123xyz-456def789ghij-klmnopqrstuvwxyz-3456yza789bcde-1234fghijklmnop' + 'AA',
      'SNYK_TOKEN="12345678-ABCD-ABCD-ABCD-1234567890AB"',
      'telegram: 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11', // BotFather's sample: no AA
      'curl -u "$USER:$PASSWORD" https://x.acme.io',
      'curl -u user:password https://x.acme.io',
      'curl -u admin:<password> https://x.acme.io',
      'Authorization: Bearer ${TOKEN}',
      'Authorization: Bearer your-token-here',
      'Authorization: Basic ' + b64('user:changeme'),
      'Authorization: Basic ' + b64('browser:'),
      'headers: { Authorization: `Bearer ${token}` }',
      'const t = "Bearer 9f8e7d6c5b4a3f2e1d"', // no header name: judged by the name it is assigned to
      'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=' + 'A'.repeat(86) + '==',
      // The storage emulator's account (Azurite), whose key Microsoft publishes for local use.
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=' +
        r(B64, 86) +
        '==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;',
      'AccountKey=' + r(B64, 86) + '==;AccountName=devstoreaccount1',
      '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN PUBLIC KEY-----\n' + r(B64, 64) + '\n-----END PUBLIC KEY-----',
      'discord: ' + b64url('hello world, not an ID') + '.' + r(B64URL, 6) + '.' + r(B64URL, 38),
    ];
    for (const text of misses)
      assert.deepEqual(
        findTokens(text).map((f) => `${f.format.id}: ${f.value}`),
        [],
        text,
      );
    // A wrong checksum: reported unverified by default (random-looking bodies are still likely real), dropped on demand.
    assert.equal(findTokens('ghp_' + bad)[0]?.verified, false);
    assert.deepEqual(findTokens('ghp_' + bad, 100, { requireChecksum: true }), []);
    assert.equal(findTokens('npm_' + bad, 100, { requireChecksum: true }).length, 0);
    assert.equal(findTokens('ghp_' + good, 100, { requireChecksum: true })[0]?.verified, true);
  });

  it('a provider format wins over a generic shape on the same text, once', () => {
    const stripe = 'sk_live_' + r(ALNUM, 32);
    const found = findTokens(`curl -H "Authorization: Bearer ${stripe}" https://api.stripe.com/v1/charges`);
    assert.deepEqual(
      found.map((f) => f.kind),
      ['Stripe secret key'],
    );
  });

  it('kinds read well in messages and redaction never shows a whole token', () => {
    for (const format of TOKEN_FORMATS) {
      assert.match(format.kind, /^(?:[A-Z0-9]|age |npm |private key|xAI)/, `${format.id}: "${format.kind}" starts a sentence`);
      assert.ok(!/\s$|^\s|\s{2}/.test(format.kind), format.kind);
    }
    for (const p of POSITIVES) {
      for (const f of findTokens(textOf(p))) assert.ok(!redact(f.value).includes(f.value), `${f.format.id} redacted`);
    }
  });
});

describe('the keyword pre-filter', () => {
  const samples = () => [
    ...POSITIVES.map((p) => textOf(p)),
    ...POSITIVES.flatMap(nearMisses),
    // Tokens glued to each other and to noise: overlaps, several keywords in one region.
    POSITIVES.map((p) => tokenOf(p)).join(' '),
    POSITIVES.map((p) => textOf(p)).join('\n'),
    POSITIVES.map((p) => tokenOf(p)).join(''),
  ];

  it('says "maybe" for every positive sample', () => {
    for (const p of POSITIVES) {
      assert.ok(mayContainToken(textOf(p)), p.id);
      assert.ok(mayContainToken(tokenOf(p)) || p.before !== undefined, `${p.id} (token alone)`);
    }
  });

  it('loses nothing: the same findings with and without it', () => {
    for (const text of samples()) {
      assert.deepEqual(findTokens(text, 1000), findTokens(text, 1000, { prefilter: false }), text.slice(0, 120));
    }
  });

  it('loses nothing on seeded random splices of keywords and token alphabets', () => {
    let s = 99;
    const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pieces = [...TOKEN_KEYWORDS, ...POSITIVES.map(tokenOf), ' ', '\n', '"', '=', ':', '-', '_', '.', '/', r(B64, 40), r(HEXL, 40)];
    for (let round = 0; round < 300; round++) {
      let text = '';
      while (text.length < 400) text += pieces[Math.floor(rand() * pieces.length)];
      assert.deepEqual(findTokens(text, 1000), findTokens(text, 1000, { prefilter: false }), JSON.stringify(text));
    }
  });

  it('every keyword a format lists is ASCII and found case-insensitively', () => {
    for (const keyword of TOKEN_KEYWORDS) {
      assert.ok(/^[\x20-\x7e]+$/.test(keyword), keyword);
      assert.ok(mayContainToken(`x ${keyword.toUpperCase()} y`) && mayContainToken(`x ${keyword.toLowerCase()} y`), keyword);
    }
    assert.ok(!mayContainToken('const answer = 42; // nothing here'));
  });
});

/**
 * Backtracking that is quadratic already takes many seconds on 100k characters while linear takes
 * milliseconds, so npm test uses 100k; `npm run test:slow` (TFL_SLOW_TESTS=1) runs the full 1M.
 */
const PATHOLOGICAL_SIZE = process.env.TFL_SLOW_TESTS === '1' ? 1_000_000 : 100_000;

describe(`every pattern is linear on ${PATHOLOGICAL_SIZE / 1000}k-character inputs`, () => {
  const MILLION = PATHOLOGICAL_SIZE;
  const fill = (unit: string) => unit.repeat(Math.ceil(MILLION / unit.length)).slice(0, MILLION);
  for (const format of TOKEN_FORMATS) {
    it(format.id, () => {
      const p = POSITIVES.find((x) => x.id === format.id)!;
      const alphabetChar = (p.alphabet ?? ALNUM)[3];
      const inputs = [
        ...format.keywords.map((k) => fill(k)), // the keyword over and over
        ...format.keywords.map((k) => fill(k + alphabetChar.repeat(7))), // keyword + body characters
        ...((p.before ?? '') + p.prefix ? [fill((p.before ?? '') + p.prefix)] : []), // context + prefix over and over
        (p.before ?? '') + p.prefix + fill(alphabetChar), // a prefix and an endless body
        fill(tokenOf(p).slice(0, -1) + '\u00e9'), // almost-tokens, back to back
      ];
      for (const text of inputs) {
        const started = process.hrtime.bigint();
        findTokens(text);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // Generous: quadratic behaviour takes minutes at this size; linear takes milliseconds.
        assert.ok(ms < 3000, `${format.id}: ${JSON.stringify(text.slice(0, 30))}… took ${ms.toFixed(0)} ms`);
      }
    });
  }
});

describe('credentials in connection strings and URLs', () => {
  it('finds passwords in any URL scheme, URL queries and key-value connection strings', () => {
    const cases: Array<[text: string, password: string, scheme: string]> = [
      ['s3://AKID:Zx9-custom-Pw2@bucket/path', 'Zx9-custom-Pw2', 's3'],
      ['jdbc:mysql://db.prod/app?user=app&password=Qry-Secret-55x', 'Qry-Secret-55x', 'jdbc:mysql'],
      ['jdbc:sqlserver://db:1433;databaseName=shop;user=sa;password=Jdbc-Secret-91x;', 'Jdbc-Secret-91x', 'jdbc:sqlserver'],
      ['Server=tcp:db.acme.io,1433;Initial Catalog=shop;User ID=app;Password=Zq8-kv-Secret-77;', 'Zq8-kv-Secret-77', 'sqlserver'],
      ['Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=app;Pwd={Od8-Secret-12};', 'Od8-Secret-12', 'odbc'],
      ['Host=db.acme.io;Database=shop;Username=app;Password=Npg-Secret-34', 'Npg-Secret-34', 'ado'],
    ];
    for (const [text, password, scheme] of cases) {
      const [found, ...rest] = findUrlCredentials(text);
      assert.equal(rest.length, 0, text);
      assert.ok(found, text);
      assert.equal(found.password, password, text);
      assert.equal(found.scheme, scheme, text);
      assert.equal(text.slice(found.passwordStart, found.passwordEnd), password, text);
    }
  });

  it('leaves placeholders, references, empty passwords and lone key=value pairs alone', () => {
    for (const text of [
      'Server=db;Database=shop;User ID=app;Password=${DB_PASSWORD};',
      'Server=db;Database=shop;User ID=app;Password=<password>;',
      'Server=db;Database=shop;User ID=app;Password=;',
      'Server=db;Database=shop;User ID=app;Password=changeme;',
      'Server=db;Database=shop;User ID=app;Pwd=****;',
      'Data Source=.;Database=x;Pwd={your_password};',
      'password=abc123XYZ9',
      'jdbc:mysql://db/app?user=app&password=${DB_PASSWORD}',
      'custom://user:word@host/x', // an unknown scheme with a word for a password
      'https://${username}:${password}@api.example.com',
    ]) {
      assert.deepEqual(findUrlCredentials(text), [], text);
    }
  });

  it('is linear on key=value and query pathological inputs', () => {
    const started = process.hrtime.bigint();
    findUrlCredentials('Password='.repeat(110_000));
    findUrlCredentials(';Server=x'.repeat(110_000) + ';Password=p');
    findUrlCredentials('jdbc:a://h?password=' + '&password=x'.repeat(90_000));
    findUrlCredentials('x://' + 'a'.repeat(1_000_000));
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 5000);
  });
});
