import { ruleTester } from '../../../helpers/ruleTester';
import { randomText, B62 } from '../../../helpers/planted';
import { withBase62Crc32 } from '../../../../server/src/analysis/secrets/checks';

const HEX_CHARS = '0123456789abcdef';

// Tokens are assembled at run time: the repository holds no scanner-bait literal.
const STRIPE = 'sk_' + 'live_' + randomText(B62, 24, 1);
const GITHUB = 'ghp_' + randomText(B62, 36, 2);
const JWT = 'eyJ' + randomText(B62, 30, 3) + '.eyJ' + randomText(B62, 40, 4) + '.' + randomText(B62, 43, 5);
const PEM_BODY = randomText(B62 + '+/', 64, 6);
// Keys published by design, and their secret counterparts.
const STRIPE_PUBLISHABLE = 'pk_' + 'live_' + randomText(B62, 40, 7);
const POSTHOG_PROJECT = 'phc_' + randomText(B62, 43, 8);
const POSTHOG_PERSONAL = 'phx_' + randomText(B62, 43, 9);
const MAPBOX_PUBLIC = 'pk.' + 'eyJ' + randomText(B62, 40, 10) + '.' + randomText(B62, 22, 11);
const MAPBOX_SECRET = 'sk.' + 'eyJ' + randomText(B62, 40, 12) + '.' + randomText(B62, 22, 13);
const ALGOLIA_SEARCH = randomText('0123456789abcdef', 32, 14);
// A GitHub token whose checksum verifies, and one made up (random: its checksum fails).
const GITHUB_VERIFIED = 'ghp_' + withBase62Crc32(randomText(B62, 30, 71));
const STRIPE_TEST = 'sk_' + 'test_' + randomText(B62, 24, 74);
const GITHUB_MADE_UP = 'ghp_' + randomText(B62, 36, 72);
// A private key's header, assembled at run time (the repository holds no key-shaped literal).
const PEM_HEADER = '-----BEGIN ' + 'PRIVATE KEY-----';
const AWS_KEY_ID = 'AKIA' + randomText('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 73);

ruleTester('config/no-hardcoded-secret', {
  valid: [
    {
      name: "OIDs under Auth names (X.509 extended key usages), and modes the file declares as an enum's or a union's values (credebl)",
      filename: 'libs/enum/src/enum.ts',
      code: `export enum X509ExtendedKeyUsage {\n  ServerAuth = '1.3.6.1.5.5.7.3.1',\n  ClientAuth = '1.3.6.1.5.5.7.3.2',\n}\nexport enum AutoAccept {\n  Always = 'always',\n  ContentApproved = 'contentApproved',\n}\ntype Delivery = 'inlineAttached' | 'linkedOnly';\ninterface Offer {\n  autoAcceptCredential?: string;\n  deliverySecret?: Delivery;\n}\nexport const offer = (p: Offer) => ({\n  autoAcceptCredential: p.autoAcceptCredential || 'contentApproved',\n  deliverySecret: p.deliverySecret ?? 'linkedOnly',\n});\n`,
    },
    {
      name: "a default that says to set it (convict-style 'set-me'), and values of names that end in VALUE without a secret's word",
      filename: 'src/modules/app/auth/auth.config.ts',
      code: `export const authConfig = {\n  clientSecret: { doc: 'The client secret for Github OAuth', default: 'set-me', env: 'AUTH_GITHUB_CLIENT_SECRET' },\n  headerValue: 'Xk9mQ2vL7pR4wZ',\n  KEY_VALUE: 'Xk9mQ2vL7pR4wZ',\n};\n`,
    },
    {
      name: "a marker shown in place of a credential, named for it (Flowise's REDACTED_CREDENTIAL_VALUE)",
      filename: 'packages/server/src/utils/index.ts',
      code: `export const REDACTED_CREDENTIAL_VALUE = '_FLOWISE_BLANK_07167752-1a71-43b1-bf8f-4f32252165db';\nexport const MASKED_API_KEY = 'sk-********************';\n`,
    },
    {
      name: "lists of names under secret names: a table's columns, an enumeration's codes, an audit log's events (nango)",
      filename: 'lib/services/connection.service.ts',
      code: `const CONNECTION_COLUMNS_WITHOUT_CREDENTIALS = ['_nango_connections.id', '_nango_connections.credentials_iv', '_nango_connections.created_at'];\nconst needsClientSecret = ['OAUTH1', 'OAUTH2', 'TBA', 'APP'];\nexport const actionsByResource = { app_auth: ['login', 'logout', 'signup', 'password_changed', 'password_reset'] };\nexport { CONNECTION_COLUMNS_WITHOUT_CREDENTIALS, needsClientSecret };\n`,
    },
    {
      name: "Google Tag Manager's environment auth, written into every page's gtm.js URL (react-gtm-module; passport's _app.tsx)",
      filename: 'app/pages/_app.tsx',
      code: `import TagManager from 'react-gtm-module';\nTagManager.initialize({ gtmId: 'GTM-K3X9QZ', auth: 'x5QDV_TH-F5l1dOIBFeviA', preview: 'env-34' });\n`,
    },
    {
      name: "kinds in kebab-case sharing a word under a secret name: Kong's credential plugins (konga's snapshots)",
      filename: 'api/services/SnapshotsService.js',
      code: `module.exports = {\n  take(node, consumer, fns, listAll) {\n    var credentials = ['basic-auth', 'key-auth', 'hmac-auth', 'jwt', 'oauth2'];\n    credentials.forEach((c) => fns.push((cb) => listAll(node, '/consumers/' + consumer.id + '/' + c, cb)));\n  },\n};\n`,
    },
    {
      name: 'names of environment variables under a ...Keys name (which variables a build task encrypts)',
      filename: 'api/utils/cfApiClient.js',
      code: `module.exports = (params) => encrypt(params, process.env.KEY, {\n  onlyEncryptKeys: ['STATUS_CALLBACK', 'SOURCE_CODE_PLATFORM_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'S3_BUCKET', 'BUCKET'],\n});\n`,
    },
    {
      name: "a Joi schema's example (EmailEngine's OpenAPI docs), and lists of setting names to mask under ...KEYS names",
      filename: 'lib/api-routes/account-routes.js',
      code: `const createAccount = Joi.object({ imap: Joi.object({}) })\n  .label('CreateAccount')\n  .example({ imap: { auth: { user: 'nyan.cat', pass: 'Xk9mQ2vL7pR4' } } });\nconst URL_SECRET_KEYS = ['proxy', 'proxyUrl', 'httpProxyUrl', 'webhooks', 'targetUrl'];\nconst HEADER_SECRET_KEYS = ['customHeaders', 'webhooksCustomHeaders'];\nmodule.exports = { createAccount, URL_SECRET_KEYS, HEADER_SECRET_KEYS };\n`,
    },
    {
      name: "labels, not values: a curl example's Bearer with a variable's name, type tags joined by |, a header label naming itself",
      filename: 'src/ui/curl.js',
      code: `export const example = { headers: { Authorization: 'Bearer MY_ADMIN_API_TOKEN' } };\nexport class ContentType { static TYPES = { RootKey: 'SN|RootKey|NoSync', FilesafeCredentials: 'SN|FileSafe|Credentials' }; }\nexport const upload = { headers: { authorization: 'authorization-text' } };\n`,
    },
    {
      name: "a component demo's mocked API (a demos folder is documentation)",
      filename: 'src/form/demos/demo2.jsx',
      code: `import MockAdapter from 'axios-mock-adapter';\nconst mock = new MockAdapter(axios.create());\nmock.onGet('/users:get').reply(200, { data: { id: 1, nickname: 'Zhang San', password: 'Wq7-zhang-2024' } });\n`,
    },
    {
      name: "a helper that returns the fallback it is given: each call's fallback goes to that call's result only",
      filename: 'src/install.js',
      code: `function initialValue(def, fallback) {\n  if (def && def.preset !== undefined) return String(def.preset);\n  return fallback;\n}\nconst preset = {};\npreset.rootUsername ??= initialValue(undefined, 'nocobase');\npreset.rootPassword ??= initialValue(undefined, process.env.INIT_ROOT_PASSWORD ?? '');\nmodule.exports = { preset };\n`,
    },
    {
      name: "names in camelCase under token and key names: a design system's token names, a stored secret's field names, UI model classes",
      filename: 'src/theme/fields.js',
      code: `export const categories = [{ name: 'Font', seedToken: ['fontSize'], mapToken: ['fontSizeSM', 'colorBgSettingsHover'], aliasToken: ['paddingContentHorizontalSM'] }];\nexport const fields = [{ name: 'sendgrid', secretKey: 'webhookKey' }, { name: 'twilio', apiKey: 'accountSid' }];\nexport const BINDINGS = { editable: { password: 'PasswordFieldModel' }, display: { password: 'DisplayPasswordFieldModel' } };\n`,
    },
    {
      name: "a JSON schema's examples (OpenAPI documentation of a route): sample values shown in the docs",
      filename: 'src/routes/object/sign.js',
      code: `const schema = { type: 'object', properties: { signedURL: { type: 'string', examples: ['/object/sign/a.png?token=${JWT}'] } } };\nmodule.exports = { schema };\n`,
    },
    {
      name: "a bare pass that labels what passed a check (Haraka's results.add), beside fail and skip",
      filename: 'plugins/rcpt_to.js',
      code: `exports.hook_rcpt = function (next, connection) {\n  connection.transaction.results.add(this, { pass: 'rcpt_to' });\n  connection.transaction.results.add(this, { fail: 'rcpt_to.in_host_list' });\n  connection.results.add({ name: 'outbound' }, { pass: 'queued' });\n  connection.transaction.results.add(this, { pass: 'relaying local_sender' });\n  next();\n};\n`,
    },
    {
      name: "a local default where the user's name is the password, also as the defaults of env lookups (Strapi's config/database.js)",
      filename: 'config/database.js',
      code: `module.exports = ({ env }) => ({\n  connection: {\n    user: env('DATABASE_USERNAME', 'strapi'),\n    password: env('DATABASE_PASSWORD', 'strapi'),\n  },\n  admin: { user: 'root', password: 'root_pass' },\n});\n`,
    },
    {
      name: "words where a secret name does not mean one: Monarch token states, an auth strategy, title or code, a CSS selector, a write key, DocSearch's config, a login named the same",
      filename: 'src/public/editor/lang.js',
      code: `export const language = { tokenizer: { root: [[/x/, { token: '@rematch', switchTo: '@handlebars' }], [/y/, { cases: { '@keywords': { token: 'keyword.$0' } } }], [/z/, { token: '@brackets.directive', next: '@pop' }]] } };\nexport const InfoKeys = { AUTH: 'Authentication' };\nexport const REASON_CODE = { auth: 'db_auth_failed' };\nexport const plugin = { options: { auth: 'simple' } };\nexport class Page { constructor() { this.smtp_password = '#inputsmtp_password'; } }\nexport const TELEMETRY_WRITE_KEY = '2f1b7c9e8d3a4b6c5e0f1a2b3c4d5e6f';\nexport const config = { algolia: { appId: 'BH4D9OD16A', apiKey: '9f2c1e7d3b5a8c4e6f0a1b2c3d4e5f6a', indexName: 'docs' } };\nexport const admin = { identifier: 'superadmin', password: 'superadmin' };\n`,
    },
    {
      name: 'lists of plain words, types in generated code, a plural analytics write key, test words joined to a word',
      filename: 'src/shared/constants.ts',
      code: `export const P = { aiPrompt: ['create', 'update', 'delete'], aiCredential: ['create', 'update', 'delete'] };\nexport const goType = (t: string) => (t === 'number' ? { token: 'float64' } : { token: 'map[string]interface{}', comment: 'free-form' });\nexport const isUntyped = (valueToken: string) => valueToken !== 'serde_json::Value';\nexport const SEGMENTS_WRITE_KEY = '${randomText(B62, 32, 61)}';\nexport const db = { password: 'testpass' };\n`,
    },
    {
      name: 'a source named for development (server-dev.ts): its named secrets are development values, as in .env.development',
      filename: 'src/server-dev.ts',
      code: `import { start } from './app';\nstart({ initApiTokens: [{ secret: '*:*.5b1e0c7d9a3f48e2b6c4d8f0a2e7c913', type: 'admin' }], db: { password: 'Xk9mQ2vL7pR4wZ' } });\n`,
    },
    {
      name: 'the same in app.development.js',
      filename: 'config/app.development.js',
      code: `module.exports = { sessionSecret: 'Xk9mQ2vL7pR4wZqT', db: 'postgres://app:Wq7-ordersDB-2024@localhost/app' };\n`,
    },
    {
      name: "a record's field names under a ...Keys list, and a service's default login whose password is its user (POSTGRES_USER)",
      filename: 'src/reports.js',
      code: `const commanKeys = ['Name', 'Placeholders', 'TemplateId', 'ExpiryDate'];\nexport const needYourSignKeys = [...commanKeys, 'Signers.UserId'];\nexport const defaultEnvValues = { POSTGRES_PASSWORD: 'appuser', POSTGRES_USER: 'appuser', MYSQL_USERNAME: 'shop', MYSQL_PASSWORD: 'shop_pass' };\n`,
    },
    {
      name: 'names under secret-looking names: permission scopes, an action type named for itself, cookie names',
      filename: 'src/store/constants.js',
      code: `export const migration = { sso: 'sso:manage', apikey: 'apikeys:import' };\nexport const SET_COMPONENT_CREDENTIALS = '@canvas/SET_COMPONENT_CREDENTIALS';\nexport const logtoCookieKey = '_logto';\nexport const deviceFlowXsrfCookieKey = '_logto_device_flow_xsrf';\n`,
    },
    {
      name: 'values production never gets: after a production guard that throws, and chosen in a demo mode',
      filename: 'src/config.js',
      code: `exports.buildHttp = (http) => {\n  http.jwtSecret = http.jwtSecret ?? process.env.JWT_SECRET;\n  if (!http.jwtSecret) {\n    if (process.env.NODE_ENV === 'production') throw new Error('JWT_SECRET is not set');\n    http.jwtSecret = 'supersecret-dev';\n  }\n  return http;\n};\nexport const initialInputs = { username: window.env.isDemoMode ? 'admin' : '', password: window.env.isDemoMode ? '123456' : '' };\n`,
    },
    {
      name: "the local default login across a file's variables: the password's fallback is the user's",
      filename: 'config/database.ts',
      code: `let dbUser: string;\nlet dbPassword: string;\ndbUser = process.env.POSTGRES_USER ?? 'postgres';\ndbPassword = process.env.POSTGRES_PASSWORD ?? 'postgres';\nconst MYSQL_USER = process.env.MYSQL_USER || 'cnpmcore';\nconst MYSQL_PASSWORD = process.env.MYSQL_PASSWORD || 'cnpmcore_pass';\nexport default { dbUser, dbPassword, MYSQL_USER, MYSQL_PASSWORD };\n`,
    },
    {
      name: "test data that is no credential: a private key cut short, a presigned URL's key id",
      filename: 'src/validate-token.spec.ts',
      code: `it('validates', () => {\n  const privateKey = '${PEM_HEADER}\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC4...';\n  const url = 'https://bucket.s3.amazonaws.com/x.zip?X-Amz-Credential=${AWS_KEY_ID}%2F20180730%2Fus-east-1%2Fs3%2Faws4_request';\n  expect(validate(privateKey, url)).toBe(true);\n});\n`,
    },
    {
      name: 'a minified chunk (a few long lines, 4–20 KB) is generated, not a source',
      filename: 'public/monaco/php-D_kh-9LK.js',
      code: `define("vs/php",["exports"],function(e){var t={token:"@rematch",password:"Xk9mQ2vL7pR4wZqT"};${'var a=1;'.repeat(600)}e.conf=t});\n`,
    },
    {
      name: 'UI text in other languages: a catalogue named *Translations, labels in other scripts, accented phrases',
      filename: 'src/admin/strings.ts',
      code: `export const deTranslations = {\n  authentication: { apiKey: 'API-Schlüssel', password: 'Passwort', newPassword: 'Neues Passwort' },\n};\nexport const ui = { ru: { newPassword: 'Новый пароль' }, he: { token: 'אסימון' }, ja: { password: 'パスワード' }, fr: { secret: 'Clé secrète' } };\n`,
    },
    {
      name: 'a catalogue of UI text by its folder (locales/, i18n/, translations/): its named values are labels',
      filename: 'packages/translations/src/languages/de.ts',
      code: `export const de = { general: { password: 'Kennwort', token: 'Zugangsschluessel' } };\n`,
    },
    {
      name: 'identifier prefixes, test stand-ins of plain words or digits, a demo login whose password is the mailbox name',
      filename: 'src/auth/options.ts',
      code: `export const prefix = { opaqueAccessToken: 'fboa_', refreshToken: 'fbor_', clientSecret: 'fbocs_' };\nexport const TOKEN_PREFIXES = { apiSecret: 'tfl_sec' };\nexport const creds = { password: 'test123', clientSecret: 'test-azure', masterKey: 'read-only-test' };\nexport const demo = { email: 'demo@example-shop.com', password: 'demo' };\n`,
    },
    {
      name: "a syntax mode's token types in camelCase or words, a translation, a marker, a your-placeholder, a name-ending label",
      filename: 'src/modes.js',
      code: `const rules = [{ token: 'tableBlock', regex: /^\\|===$/ }, { token: 'qualifier org-toggle', regex: /TODO/ }];\nconst es = { 'welcome.password': 'Contraseña' };\nconst DELETED_TOKEN = '*DELETED*';\nconst CHATGPT_APIKEY = 'YourOpenAiApiKey';\nconst services = { chrome: { TOKEN: 'chrome_token' } };\nmodule.exports = { rules, es, DELETED_TOKEN, CHATGPT_APIKEY, services };\n`,
    },
    {
      name: 'bare keys under words that are not providers, and a provider key that is a name or read from the environment',
      filename: 'config.js',
      code: `const cdn = { cloudflare: { key: 'Cf-Cache-Status', target: 'HIT' }, vercel: { key: 'X-Vercel-Cache' } };\nmodule.exports = {\n  cdn,\n  server: { key: './certs/server.key' },\n  session: { key: 'connect.sid' },\n  admin: { key: 'ctrl+k' },\n  webhook: { key: 'order.created' },\n  github: { key: 'x-github-event' },\n  stripe: { key: process.env.STRIPE_KEY || '' },\n  i18n: { key: 'en_US' },\n};\n`,
    },
    {
      name: 'CommonJS exports of names and modes under secret-looking names, and a whole module.exports string',
      filename: 'config.js',
      code: `exports.passwordField = 'password';\nexports.tokenType = 'Bearer';\nmodule.exports.secretName = 'prod/api/stripe';\nexports.authMode = process.env.AUTH_MODE || 'session';\n`,
    },
    // Environment lookups and their empty/placeholder defaults.
    { code: `const password = process.env.DB_PASSWORD;` },
    { code: `const password = process.env.DB_PASSWORD ?? '';` },
    { code: `const secret = process.env.JWT_SECRET || 'changeme';` },
    { code: `const apiKey = process.env.API_KEY || '<your-api-key>';` },
    { code: `const { password = '' } = options;` },
    // Empty and placeholder values.
    { code: `const password = '';` },
    { code: `const secret = 'changeme';` },
    { code: `const apiKey = 'your-api-key-here';` },
    { code: `const token = 'xxxxxxxxxxxxxxxx';` },
    { code: 'const dbPassword = `${process.env.DB_PASSWORD}`;' },
    { code: `const password = '********';` },
    // A value named as a test's own, and a value made of a test word and secret names.
    { code: `export const TEST_USER_PASSWORD = 'asd#Faf4fd';` },
    { code: `const mockApiKey = 'k8Fj2LqPz7WmX3vT';` },
    { code: `export const adminHeaders = { headers: { 'x-medusa-access-token': 'test_token' } };` },
    { code: `const config = { apiSecret: 'mock-secret', password: 'testPassword' };` },
    // Keys their providers publish by design (in web pages), whatever they are named.
    {
      code: `export const STRIPE_KEY = '${STRIPE_PUBLISHABLE}';\nexport const POSTHOG_API_KEY = '${POSTHOG_PROJECT}';\nexport const MAPBOX_TOKEN = '${MAPBOX_PUBLIC}';`,
    },
    // Algolia DocSearch's search-only key, published in the page by design (keystone's docs header).
    {
      filename: 'docs/components/Header.tsx',
      code: `window.docsearch({ appId: 'N3ZF861Q5G', apiKey: '${ALGOLIA_SEARCH}', indexName: 'docs', inputSelector: '#search' });\nexport const Search = () => <DocSearch appId="N3ZF861Q5G" apiKey="${ALGOLIA_SEARCH}" indexName="docs" />;\n`,
    },
    // A syntax mode's token types: a token is random characters, never a word.
    {
      code: `export const mode = { start: [{ token: 'comment', regex: /#.*$/ }, { token: 'variable-2', regex: /\\$\\w+/ }, { token: 'string.quoted', regex: /"/ }] };`,
    },
    // A state where the value will go once provisioned (growthbook's managed warehouse).
    { code: `const params: WarehouseParams = { url: warehouseUrl, password: 'pending_provisioning' };` },
    // Fallbacks that are no key: a provider's bare prefix, a few characters after it, a nil UUID, a placeholder word (postiz).
    {
      code: `const model = { apiKey: process.env.OPENAI_API_KEY || 'sk-proj-' };\nconst resend = new Resend(process.env.RESEND_API_KEY || 're_132');\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY || 'sk_nothing');\nconst client = { apiKey: process.env.NEYNAR_SECRET_KEY || '00000000-000-0000-000-000000000000' };\n`,
    },
    // A fragment of a stored JSON message, and a storage key named for what it stores (amplication's client).
    {
      code: `const UNKNOWN_ERROR_TOKEN = '"message":"Unknown Error"';\nexport const LOCAL_STORAGE_KEY_INVITATION_TOKEN = 'invitationToken';\n`,
    },
    // A state, then what it is the state of: an invitation's token once accepted (unkey's local provider).
    { code: `const invitation = { state: 'accepted', token: 'accepted_token' };` },
    // UI text, labels, error messages.
    { code: `const label = 'Enter your password';` },
    { code: `const passwordPlaceholder = 'Enter your password';` },
    { code: `const messages = { password: 'Password must be at least 8 characters.' };` },
    { code: `throw new Error('Invalid token: ' + reason);` },
    { code: `const errors = { token: 'Token expired', apiKey: 'API key is missing' };` },
    { code: `throw new HttpException(403, { errors: { 'email or password': ['is invalid'] } });` },
    // Input types, header and field names, token types.
    { code: `const field = { type: 'password', name: 'password', autocomplete: 'current-password' };` },
    { code: `const AUTH_HEADER = 'x-auth-token';` },
    { code: `const headers = { 'x-api-key': apiKey, Authorization: \`Bearer \${token}\` };` },
    { code: `const auth = { tokenType: 'Bearer', scheme: 'basic' };` },
    { code: `const ACCESS_TOKEN = 'access_token';\nlocalStorage.getItem(ACCESS_TOKEN);` },
    { code: `export const REFRESH_TOKEN = 'refreshToken';` },
    { code: `const TOKEN_STORAGE_KEY = '@app/token';` },
    { code: `const secretName = 'prod/db/password';` },
    { code: `const passwordEnv = 'DB_PASSWORD';` },
    { code: `fetch(url, { credentials: 'include' });` },
    { code: `const schema = { password: 'string', token: 'String' };` },
    { code: `const rules = { password: 'required|min:8' };` },
    // Constants, cache prefixes, regexes, algorithms.
    { code: `const PASSWORD_MIN_LENGTH = 12;\nconst PASSWORD_PATTERN = /^(?=.*\\d).{8,}$/;` },
    { code: `const cacheKey = 'user:session:' + id;` },
    { code: `const TOKEN_PREFIX = 'tok_';` },
    { code: `const secretAlgorithm = 'aes-256-gcm';\nconst tokenEncoding = 'base64url';` },
    { code: `jwt.sign(payload, secret, { algorithm: 'HS256' });` },
    { code: `const publicKey = 'pk_live_visible_in_browsers_anyway';` },
    { code: `const tokenUrl = 'https://oauth2.googleapis.com/token';` },
    // Connection strings without a password, or with one from the environment.
    { code: `const url = 'postgres://app@db.internal:5432/orders';` },
    { code: 'const url = `postgres://app:${process.env.DB_PASSWORD}@db.internal:5432/orders`;' },
    { code: `const url = 'mongodb://localhost:27017/app';` },
    { code: `const url = 'postgres://user:password@host:5432/db';` },
    // Secret arguments that are not literals, and unrelated calls.
    { code: `import jwt from 'jsonwebtoken';\njwt.sign(payload, process.env.JWT_SECRET!);` },
    { code: `import crypto from 'node:crypto';\ncrypto.createHash('sha256').update('hello world');` },
    { code: `app.use(session({ secret: process.env.SESSION_SECRET!, resave: false }));` },
    // Comparisons that are not about secrets.
    { code: `if (req.method === 'POST' && req.headers['content-type'] === 'application/json') {}` },
    { code: `if (tokenType === 'Bearer') {}` },
    { code: `if (typeof token === 'string') {}` },
    // Types, keys, module specifiers.
    { code: `type Secret = 'hunter2-correct-horse';` },
    { code: `import { password } from './config';\nconst x = obj['password'];` },
    { code: `switch (kind) { case 'password-reset-token': break; }` },
    // PEM markers in parsing code, public material.
    { code: `if (pem.startsWith('-----BEGIN RSA PRIVATE KEY-----')) parse(pem);` },
    { code: `const PEM = '-----BEGIN PUBLIC KEY-----\\n${PEM_BODY}\\n-----END PUBLIC KEY-----';` },
    // Password hashes, and test data in test files.
    { code: `const user = { email: 'a@b.c', password: '$2y$10$abcdefghijklmnopqrstuu5ZcP6m1Yz0ipTmb6bXOiDwQx6m2p1q' };` },
    {
      filename: 'test/auth.test.ts',
      code: `await login({ email: 'a@b.c', password: 'password1' });
const token = 'test-token-123';
app.use(cookieParser('secret'));`,
    },
    // Test data in test files: only provider tokens are reported there (a JWT or a password is what tests are made of).
    { filename: 'test/auth.test.ts', code: `const sample = '${JWT}';` },
    { filename: 'src/__tests__/client.spec.ts', code: `const client = new Client({ apiKey: 'q9X!m2Lp#7Rw4zT' });` },
    // Non-secret `…Key` names.
    { code: `const sortKey = 'createdAt_desc_2024';\nconst storageKey = 'cart-items-v2';` },
  ],
  invalid: [
    {
      name: 'near-misses of declared modes: the enum member that holds a chosen secret, a value no enum or union of the file declares, digits with letters',
      filename: 'src/keys.ts',
      code: `export enum Keys {\n  AdminPassword = 'correcthorsebatterystaple',\n}\nexport const offer = (p: { autoAcceptCredential?: string }) => ({\n  autoAcceptCredential: p.autoAcceptCredential || 'contentApprovedXk9',\n});\nexport const serverAuth = '1.3.6.1a.5.5.7';\nexport const apiKey = '73920.48151.62342';\nexport const smtpPassword = '10.20.30.40';\n`,
      errors: [
        { messageId: 'namedSecret', line: 2, column: 19 },
        { messageId: 'namedSecret', line: 5, column: 51 },
        { messageId: 'namedSecret', line: 7, column: 27 },
        // Digits and dots (review): long numbers under any secret's name, short ones under a password's.
        { messageId: 'namedSecret', line: 8, column: 23 },
        { messageId: 'namedSecret', line: 9, column: 29 },
      ],
    },
    {
      name: "near-miss of a schema's example (second review): defaults of a Joi schema whose .example() wraps the chain",
      filename: 'src/config.js',
      code: `const schema = Joi.object({\n  jwtSecret: Joi.string().default('f9K2mQ8xZ3vB7nRp4LtW6yHs'),\n}).example({ jwtSecret: 'changeme' });\nmodule.exports = { schema };\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 35 }],
    },
    {
      name: "a secret's value under a name that ends in VALUE (LoopBack 4's token-service constants), alone in its file",
      filename: 'src/auth/constants.ts',
      code: `export namespace TokenServiceConstants {\n  export const TOKEN_SECRET_VALUE = 'lb4-Inv3ntory-jwt-9fK2mQ7xRt';\n  export const TOKEN_EXPIRES_IN_VALUE = '21600';\n}\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 37 }],
    },
    {
      name: 'near-misses of examples and name lists: a password passed to a function named for examples, random keys under a ...KEYS name',
      filename: 'lib/settings.js',
      code: `const account = { auth: { pass: 'Xk9mQ2vL7pR4' } };\nshowExamples(account);\nconst ADMIN_KEYS = ['Xk9mQ2vLpRw7', 'Ab3dE5fG7hJ9'];\nmodule.exports = { account, ADMIN_KEYS };\nexport const apiKeys = ['AKIAIOSFODNN7WQXZ', 'OPS_TEAM', 'CI_BOT'];\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 33 },
        { messageId: 'namedSecret', line: 3, column: 21 },
        { messageId: 'namedSecret', line: 3, column: 37 },
        { messageId: 'namedSecret', line: 5, column: 25 },
      ],
    },
    {
      name: 'near-misses of lists of names: random keys with a dot, random capitals with digits',
      filename: 'src/keys.ts',
      code: `export const apiKeys = ['k8.Xq81LmZ9', 'p2.Wv7nYr2c'];\nexport const webhookSecret = ['K7QX9LMZ2PWA', 'B4NV8RT1YHSE', 'Z3DF6GJ0UKCO'];\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 25 },
        { messageId: 'namedSecret', line: 1, column: 40 },
        { messageId: 'namedSecret', line: 2, column: 31 },
        { messageId: 'namedSecret', line: 2, column: 47 },
        { messageId: 'namedSecret', line: 2, column: 63 },
      ],
    },
    {
      name: 'a long capital code that is no variable name is judged at once, not a list of names (review: the name pattern backtracked exponentially on it)',
      filename: 'api/utils/keys.js',
      code: `export const onlyEncryptKeys = ['${'AB_'.repeat(40)}', 'STATUS_CALLBACK', 'BUCKET'];\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 33 },
        { messageId: 'namedSecret', line: 1, column: 176 },
      ],
    },
    {
      name: 'near-misses of variable-name lists (review): codes joined by _ and passphrases of words, as cookie-session keys',
      filename: 'src/index.js',
      code: `const cookieSession = require('cookie-session');\nconst SESSION_KEYS = ['XQ7_KM2_PZ9_RT4', 'HJ5_LC1_ZD6_NF0'];\nconst signingKeys = ['TROMBONE_QUASAR_MUFFIN', 'WALRUS_PRISM_FJORD'];\nmodule.exports = [cookieSession({ keys: SESSION_KEYS }), cookieSession({ keys: signingKeys })];\n`,
      errors: [
        { messageId: 'secretArgument', line: 2, column: 23 },
        { messageId: 'secretArgument', line: 2, column: 42 },
        { messageId: 'secretArgument', line: 3, column: 22 },
        { messageId: 'secretArgument', line: 3, column: 48 },
      ],
    },
    {
      name: 'near-misses of kinds in kebab-case: such a list as cookie-session keys, an entry with a random part',
      filename: 'src/index.js',
      code: `const cookieSession = require('cookie-session');\nconst keys = ['blue-moon-key', 'red-moon-key', 'gold-sun-key'];\nmodule.exports = cookieSession({ keys });\nexport const credentials = ['xk9q-auth', 'basic-auth', 'key-auth'];\n`,
      errors: [
        { messageId: 'secretArgument', line: 2, column: 15 },
        { messageId: 'secretArgument', line: 2, column: 32 },
        { messageId: 'secretArgument', line: 2, column: 48 },
        { messageId: 'namedSecret', line: 4, column: 29 },
      ],
    },
    {
      name: "near-miss of a table's columns: a versioned key ring, random after the dot (review)",
      filename: 'src/keys.js',
      code: `export const SESSION_KEYS = ['v3.d4f1a9c3e8b27f60a1c5d9e2b7f4a3c8', 'v2.a9c3f7e1d2b84c6a9f0e3d7b1c5a8e24'];\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 30 },
        { messageId: 'namedSecret', line: 1, column: 69 },
      ],
    },
    {
      name: 'near-miss of a component demo: a feature module named demos (a Nest service) holds code that runs',
      filename: 'src/demos/demos.service.ts',
      code: `export class DemosService {\n  private readonly apiKey = 'Xk9mQ2vL7pR4wZqT8nB3';\n}\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 29 }],
    },
    {
      name: 'near-misses of names and labels (review): a plain word and camelCase words chosen as keys, a service name as a password, a fallback after the name, a token of capitals and digits, colours joined by |, a bare pass beside other options',
      filename: 'src/config.js',
      code: `export const a = { secretKey: 'mustang' };\nexport const b = { encryptionKey: 'orangeMonkeyBanana', masterKey: 'parseServerMaster' };\nexport const c = { dbPassword: 'WarehouseService' };\nexport const d = { secret: process.env.SESSION_SECRET || 'secret-sauce' };\nexport const e = { headers: { Authorization: 'Bearer AB12CD34_EF56GH78_IJ90KL12' }, password: 'Blue|Green|Yellow' };\nexport const f = { authSource: 'admin', pass: 'sunflower77' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 31 },
        { messageId: 'namedSecret', line: 2, column: 35 },
        { messageId: 'namedSecret', line: 2, column: 68 },
        { messageId: 'namedSecret', line: 3, column: 32 },
        { messageId: 'namedSecret', line: 4, column: 58 },
        { messageId: 'namedSecret', line: 5, column: 46 },
        { messageId: 'namedSecret', line: 5, column: 95 },
        { messageId: 'namedSecret', line: 6, column: 47 },
      ],
    },
    {
      name: 'near-misses of labels: a real token after Bearer, a random part after the name, a helper given a password at the password call; a singular demo folder is an app',
      filename: 'src/demo/server.js',
      code: `export const a = { headers: { Authorization: 'Bearer Xk9mQ2vL7pR4wZqT' } };\nexport const b = { password: 'password-x7Kq9z' };\nfunction initialValue(def, fallback) {\n  return def ?? fallback;\n}\nexport const c = { rootPassword: initialValue(undefined, 'Xk9mQ2vL7pR4') };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 46 },
        { messageId: 'namedSecret', line: 2, column: 30 },
        { messageId: 'namedSecret', line: 6, column: 58 },
      ],
    },
    {
      name: 'near-misses of camelCase names: random characters, a phrase chosen as the key, a password of plain words, a secret in camelCase',
      filename: 'src/theme/keys.js',
      code: `export const a = { apiKey: 'xKpQmZvLrTw' };\nexport const b = { secretKey: 'ThisIsMySigningSecret' };\nexport const c = { password: 'correctHorseBattery' };\nexport const d = { sessionSecret: 'keyboardCatRocks' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 28 },
        { messageId: 'namedSecret', line: 2, column: 31 },
        { messageId: 'namedSecret', line: 3, column: 30 },
        { messageId: 'namedSecret', line: 4, column: 35 },
      ],
    },
    {
      name: 'near-misses of schema examples: the same token beside an examples key, and under a name that only starts like one',
      filename: 'src/routes/object/sign.js',
      code: `const schema = { examples: [], token: '${JWT}' };\nconst exampleToken = 'x';\nconst examined = '${JWT}';\nmodule.exports = { schema, exampleToken, examined };\n`,
      errors: [
        { messageId: 'providerToken', line: 1, column: 40 },
        { messageId: 'providerToken', line: 3, column: 19 },
      ],
    },
    {
      name: "a bare pass that is a login's: beside its user (read from the environment), under auth, a qualified name, a value that is no word",
      filename: 'src/mailer.js',
      code: `const a = { user: process.env.SMTP_USER, pass: 'queuedmail' };\nconst b = { auth: { pass: 'rcpt_to_pw' } };\nconst c = { smtpPass: 'queuedmail' };\nconst d = { pass: 'Xk9#mQ2vL7' };\nmodule.exports = { a, b, c, d };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 48 },
        { messageId: 'namedSecret', line: 2, column: 27 },
        { messageId: 'namedSecret', line: 3, column: 23 },
        { messageId: 'namedSecret', line: 4, column: 19 },
      ],
    },
    {
      name: 'near-misses of UI text and stand-ins: digits and symbols in an accented value, a random part after a test word, a password that is not the mailbox name, a provider token in a catalogue',
      filename: 'src/locales/admin.ts',
      code: `export const a = { password: 'Pässw0rd!9x' };\nexport const b = { clientSecret: 'test-${randomText(B62, 16, 21)}' };\nexport const c = { email: 'demo@example-shop.com', password: 'hunter2hunter' };\nexport const d = { stripe: '${STRIPE}' };\n`,
      errors: [{ messageId: 'providerToken', line: 4, column: 29 }],
    },
    {
      name: 'a function, method or class named for messages does not make its secrets labels; code in a catalogue folder is still judged',
      filename: 'src/i18n/deepl.js',
      code: `const { Pool } = require('pg');\nasync function sendMessage() {\n  return new Pool({ user: 'app', password: 'Xk9mQ2vL7pR4wZ' });\n}\nclass SmsMessage {\n  send() {\n    return fetch(url, { headers: { 'X-Api-Key': '${randomText(HEX_CHARS, 32, 31)}' } });\n  }\n}\nconst DEEPL_AUTH_KEY = '${randomText(HEX_CHARS, 32, 32)}:fx';\nmodule.exports = { sendMessage, SmsMessage, DEEPL_AUTH_KEY };\n`,
      errors: [
        { messageId: 'namedSecret', line: 3, column: 44 },
        { messageId: 'namedSecret', line: 7, column: 49 },
        { messageId: 'namedSecret', line: 10, column: 24 },
      ],
    },
    {
      name: 'symbols, mixed case and random parts are not text or stand-ins: accented, after a test word, ending in a separator',
      filename: 'src/db.js',
      code: `export const a = { password: 'Grün#Kq@Zx!Wv&Pm' };\nexport const b = { password: 'ñXkQmZvLpRwT' };\nexport const c = { password: 'mock_kqzjwxvbnmtr' };\nexport const d = { password: 'Passw0rd-' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 30 },
        { messageId: 'namedSecret', line: 2, column: 30 },
        { messageId: 'namedSecret', line: 3, column: 30 },
        { messageId: 'namedSecret', line: 4, column: 30 },
      ],
    },
    {
      name: 'near-misses: an auth value with digits, a random token after @, a key beside an appId without an indexName, a login that differs',
      filename: 'src/clients.js',
      code: `export const a = { auth: 'Xk9mQ2vL7pR4' };\nexport const b = { token: '@${randomText(B62, 20, 41)}' };\nexport const c = { appId: 'BH4D9OD16A', apiKey: '${randomText(HEX_CHARS, 32, 42)}' };\nexport const d = { identifier: 'superadmin', password: 'Xk9mQ2vL7pR4' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 26 },
        { messageId: 'namedSecret', line: 2, column: 27 },
        { messageId: 'namedSecret', line: 3, column: 49 },
        { messageId: 'namedSecret', line: 4, column: 56 },
      ],
    },
    {
      name: "near-misses of a development source: devices.ts, Nest's local.strategy.ts, a provider token in server-dev.ts",
      filename: 'src/devices.ts',
      code: `export const devices = { apiKey: 'Xk9mQ2vL7pR4wZqTb8' };\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 34 }],
    },
    {
      name: "near-misses: LoopBack's datasources.local.js (loaded in every environment), passport-local.js, dev-portal.js",
      filename: 'server/datasources.local.js',
      code: `module.exports = { db: { url: 'postgres://app:Wq7-ordersDB-2024@orders.abc.rds.amazonaws.com/app' } };\n`,
      errors: [{ messageId: 'connectionString', line: 1, column: 47 }],
    },
    {
      name: 'near-miss: passport-local.js is not a development file',
      filename: 'src/auth/passport-local.js',
      code: `module.exports = { secretOrKey: 'Xk9mQ2vL7pR4wZqTb8' };\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 33 }],
    },
    {
      name: "near-miss: Nest's local.strategy.ts (passport's local login) is not a development file",
      filename: 'src/auth/local.strategy.ts',
      code: `export const jwtConstants = { secret: 'Xk9mQ2vL7pR4wZqTb8' };\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 39 }],
    },
    {
      name: 'near-miss: a provider token in a development source is still a live credential',
      filename: 'src/server-dev.ts',
      code: `export const stripe = '${STRIPE}';\n`,
      errors: [{ messageId: 'providerToken', line: 1, column: 24 }],
    },
    {
      name: "near-misses: signing keys with digits in a list, a service's password that is not its user's, PascalCase secrets under a ...Keys name",
      filename: 'src/keys.js',
      code: `export const signingKeys = ['Xk9mQ2vL7pR4wZ', 'Ab3dE5fG7hJ9kL'];\nexport const defaults = { POSTGRES_USER: 'appuser', POSTGRES_PASSWORD: 'Wq7-ordersDB-2024' };\nexport const jwtKeys = ['ThisIsTheJwtSigningSecret', 'AnotherSigningSecret'];\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 29 },
        { messageId: 'namedSecret', line: 1, column: 47 },
        { messageId: 'namedSecret', line: 2, column: 72 },
        { messageId: 'namedSecret', line: 3, column: 25 },
        { messageId: 'namedSecret', line: 3, column: 54 },
      ],
    },
    {
      name: 'near-misses of names: a scope-shaped login, random text after a scope, a cookie secret with digits',
      filename: 'src/store/keys.js',
      code: `export const a = { apikey: 'admin:hunter2' };\nexport const SET_API_KEY = '@app/${randomText(B62, 20, 44)}';\nexport const cookieSecretKey = '_Xk9mQ2vL7pR4wZ';\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 28 },
        { messageId: 'namedSecret', line: 2, column: 28 },
        { messageId: 'namedSecret', line: 3, column: 32 },
      ],
    },
    {
      name: 'a provider token in a minified chunk is still reported',
      filename: 'public/monaco/pay.js',
      code: `define("vs/pay",["exports"],function(e){var t={k:"${STRIPE}"};${'var a=1;'.repeat(600)}e.conf=t});\n`,
      errors: [{ messageId: 'providerToken', line: 1, column: 51 }],
    },
    {
      name: "near-misses of words: a password under an auth name, selectors without a field word, a write key of another service, an indexing plugin's admin key",
      filename: 'src/config.js',
      code: `export const redis = { auth: 'SuperSecretRedisPass' };\nexport const db = { password: '#prodpass2024' };\nexport const HONEYCOMB_WRITE_KEY = '${randomText(HEX_CHARS, 32, 51)}';\nexport const plugin = { options: { appId: 'BH4D9OD16A', apiKey: '${randomText(HEX_CHARS, 32, 52)}', indexName: 'docs', queries: [] } };\nexport const c = { password: 'nothing2hide' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 30 },
        { messageId: 'namedSecret', line: 2, column: 31 },
        { messageId: 'namedSecret', line: 3, column: 36 },
        { messageId: 'namedSecret', line: 4, column: 65 },
        { messageId: 'namedSecret', line: 5, column: 30 },
      ],
    },
    {
      name: 'near-misses of word lists and types: one word, a list with a random value, a token beside type syntax, a word joined to a random part',
      filename: 'src/config.ts',
      code: `export const a = { credentials: ['create'] };\nexport const b = { password: ['create', 'Xk9mQ2vL7pR4'] };\nexport const c = { token: 'map[Xk9mQ2vL7pR4wZ]' };\nexport const d = { password: 'testkqzjwxv' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 34 },
        { messageId: 'namedSecret', line: 2, column: 31 },
        { messageId: 'namedSecret', line: 2, column: 41 },
        { messageId: 'namedSecret', line: 3, column: 27 },
        { messageId: 'namedSecret', line: 4, column: 30 },
      ],
    },
    {
      name: 'near-misses of production guards and demo modes: a guard that only warns, a value before the guard, the non-demo side',
      filename: 'src/config.js',
      code: `exports.a = (http) => {\n  if (process.env.NODE_ENV === 'production') console.warn('JWT_SECRET is not set');\n  http.jwtSecret = 'Xk9mQ2vL7pR4wZqT';\n};\nexports.b = (http) => {\n  http.jwtSecret = 'Xk9mQ2vL7pR4wZqU';\n  if (process.env.NODE_ENV === 'production') throw new Error('unset');\n};\nexport const c = { password: window.env.isDemoMode ? '' : 'Xk9mQ2vL7pR4wZqV' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 3, column: 20 },
        { messageId: 'namedSecret', line: 6, column: 20 },
        { messageId: 'namedSecret', line: 9, column: 59 },
      ],
    },
    {
      name: "near-miss of a file's default login: a password that is not the user's",
      filename: 'config/database.ts',
      code: `const dbUser = process.env.POSTGRES_USER ?? 'postgres';\nconst dbPassword = process.env.POSTGRES_PASSWORD ?? 'Xk9mQ2vL7pR4';\nexport default { dbUser, dbPassword };\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 53 }],
    },
    {
      name: 'near-misses in test data: GitHub tokens (verified or made up, whatever a comment says), an AWS key id outside a presigned URL',
      filename: 'src/validate-token.spec.ts',
      code: `const token = '${GITHUB_VERIFIED}';\nconst keyId = '${AWS_KEY_ID}';\n// token is randomly generated and not real\nconst madeUp = '${GITHUB_MADE_UP}';\n`,
      errors: [
        { messageId: 'providerTokenInTest', line: 1, column: 16 },
        { messageId: 'providerTokenInTest', line: 2, column: 16 },
        { messageId: 'providerTokenInTest', line: 4, column: 17 },
      ],
    },
    {
      name: 'provider tokens under a test-named constant in a script (test data in any file) are information, as in a test file',
      filename: 'scripts/sanitize-db.ts',
      code: `export const testStripeAccounts = {\n  opensource: { service: 'stripe', token: '${STRIPE_TEST}' },\n};\nexport const liveKey = '${STRIPE_TEST}x';\n`,
      errors: [
        { messageId: 'providerTokenInTest', line: 2, column: 44, severity: 'information' },
        { messageId: 'providerToken', line: 4, column: 25, severity: 'error' },
      ],
    },
    {
      name: "names in lists of secrets: a store's ids and files (review, dogfood); near-misses with a random part after a slash or a dot",
      filename: 'src/secrets.js',
      code: `export const settings = { secrets: ['billing-api/stripe-secret-key', 'billing-api/database-url'] };\nexport const keys = { secrets: ['v2/Kq81LmZ9xwPq7Rt3', 'v1/Zt8LmQ2vX9pW4rN7'] };\nexport const CONTEXT_SECRETS = ['.env', '.env.local', '.npmrc', 'server.pem'];\nexport const dotted = { secrets: ['.Kq81LmZ9xwPq7Rt3', '.Zt8LmQ2vX9pW4rN7'] };\n`,
      errors: [
        { messageId: 'namedSecret', line: 2, column: 33 },
        { messageId: 'namedSecret', line: 2, column: 56 },
        { messageId: 'namedSecret', line: 4, column: 35 },
        { messageId: 'namedSecret', line: 4, column: 56 },
      ],
    },
    {
      name: "near-miss of Tag Manager's auth: the same option of another client's initialize",
      filename: 'src/analytics.ts',
      code: `import { Reporter } from './reporter';\nReporter.initialize({ auth: 'x5QDV_TH-F5l1dOIBFeviA' });\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 29 }],
    },
    {
      name: "a list of secrets: Remix's cookie session secrets (blind round 10); names of secrets and an env read beside it are not",
      filename: 'app/sessions.server.ts',
      code: `import { createCookieSessionStorage } from '@remix-run/node';\nexport const storage = createCookieSessionStorage({ cookie: { name: '__session', secrets: ['r3mxQ9vLk2Zp8WtY4nB7cHd'] } });\nexport const vault = { secrets: ['DB_PASSWORD', 'STRIPE_SECRET_KEY', 'JWT_SECRET'] };\nexport const env = createCookieSessionStorage({ cookie: { secrets: [process.env.SESSION_SECRET!] } });\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 92 }],
    },
    {
      name: 'near-miss of test data (review): a token whose prefix says it is live stays an error under a test-named constant',
      filename: 'scripts/smoke-prod.ts',
      code: `export const smokeTestAccount = { token: '${STRIPE}' };\n`,
      errors: [{ messageId: 'providerTokenInTest', line: 1, column: 43, severity: 'error' }],
    },
    {
      name: 'the same chunk written over many lines is a source',
      filename: 'public/monaco/php.js',
      code: `define("vs/php",["exports"],function(e){\nvar t={password:"Xk9mQ2vL7pR4wZqT"};\n${'var a=1;\n'.repeat(600)}e.conf=t});\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 17 }],
    },
    {
      name: "near-misses of user-named passwords: a default that differs from the user's, a password that only starts with it; pwd read from PASSWORD (not the shell's PWD)",
      filename: 'config/db.js',
      code: `module.exports = ({ env }) => ({\n  user: env('DATABASE_USERNAME', 'strapi'),\n  password: env('DATABASE_PASSWORD', 'Xk9mQ2vL7pR4'),\n  admin: { user: 'root', password: 'rootXk9mQ2vL' },\n});\nexport const mongo = { pwd: 'Xk9mQ2vL7pR4wZ' };\n`,
      errors: [
        { messageId: 'secretDefault', line: 3, column: 38 },
        { messageId: 'namedSecret', line: 4, column: 36 },
        { messageId: 'namedSecret', line: 6, column: 29, messageIncludes: ['process.env.MONGO_PASSWORD'] },
      ],
    },
    {
      name: 'the same near-misses outside a catalogue folder are reported',
      filename: 'src/admin/accounts.ts',
      code: `export const a = { password: 'Pässw0rd!9x' };\nexport const b = { clientSecret: 'test-${randomText(B62, 16, 21)}' };\nexport const c = { email: 'demo@example-shop.com', password: 'hunter2hunter' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 30 },
        { messageId: 'namedSecret', line: 2, column: 34 },
        { messageId: 'namedSecret', line: 3, column: 62 },
      ],
    },
    {
      name: "near-misses of publishable keys: their secret counterparts (PostHog's personal key, Mapbox's secret token)",
      code: `export const POSTHOG_API_KEY = '${POSTHOG_PERSONAL}';\nexport const MAPBOX_TOKEN = '${MAPBOX_SECRET}';\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 32, endLine: 1, endColumn: 81 },
        { messageId: 'namedSecret', line: 2, column: 29, endLine: 2, endColumn: 100 },
      ],
    },
    {
      name: 'near-misses of word-like token values: a password may be a word; a long lowercase run, or words joined by _, a chosen token',
      code: `const a = { token: 'comment', password: 'sunshine' };\nconst b = { token: 'kqzjxwvbnmasdfghjk' };\nconst c = { token: 'sk_9fk2mq7xlp3rtz8w', password: 'correct_horse' };\nconst d = { password: 'pendingWinter2024' };\nconst VERIFY_TOKEN = 'let_me_in_now';\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 41, endLine: 1, endColumn: 51 },
        { messageId: 'namedSecret', line: 2, column: 20, endLine: 2, endColumn: 40 },
        { messageId: 'namedSecret', line: 3, column: 20, endLine: 3, endColumn: 41 },
        { messageId: 'namedSecret', line: 3, column: 53, endLine: 3, endColumn: 68 },
        { messageId: 'namedSecret', line: 4, column: 23, endLine: 4, endColumn: 42 },
        { messageId: 'namedSecret', line: 5, column: 22, endLine: 5, endColumn: 37 },
      ],
    },
    {
      name: 'near-misses of stand-in fallbacks: a prefix with a real body, a repeated unit that is not one character, a quoted value without spaces, a value that is not the end of its name',
      code: `const a = { apiKey: process.env.KEY || 'sk-proj-9fK2mQ7xLp3RtZ8w' };\nconst b = { apiKey: process.env.KEY || '0101-0101-0101' };\nconst c = { password: 'my"Quoted9' };\nconst INVITATION_TOKEN = 'tok3nInv1tation';\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 40 },
        { messageId: 'namedSecret', line: 2, column: 40 },
        { messageId: 'namedSecret', line: 3, column: 23 },
        { messageId: 'namedSecret', line: 4, column: 26 },
      ],
    },
    {
      name: 'a run of the digits or the alphabet as a password in code still works as one (an admin dashboard of bulletproof-nodejs)',
      code: `export default { agendash: { user: 'agendash', password: '123456' }, admin: { password: 'abcdefg' } };\nexport const root = { password: '12345678' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 58, endLine: 1, endColumn: 66 },
        { messageId: 'namedSecret', line: 1, column: 89, endLine: 1, endColumn: 98 },
        { messageId: 'namedSecret', line: 2, column: 33, endLine: 2, endColumn: 43 },
      ],
    },
    {
      name: 'near-misses of test-named values: "test" not the first word, a test word beside random characters',
      code: `const latestPassword = 'asd#Faf4fd';\nconst apiKey = 'test_9fK2mQ7xLp3RtZ8w';\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 24, endLine: 1, endColumn: 36 },
        { messageId: 'namedSecret', line: 2, column: 16, endLine: 2, endColumn: 39 },
      ],
    },
    {
      name: "a provider token under a test's name is still a token (with the advice for test code)",
      code: `export const TEST_STRIPE_KEY = '${STRIPE}';\n`,
      errors: [{ messageId: 'providerTokenInTest', line: 1, column: 33, endLine: 1, endColumn: 65 }],
    },
    {
      name: 'named: variable (TypeScript gets a string-typed lookup)',
      code: `const dbPassword = 'hunter2-correct-horse';\n`,
      errors: [
        {
          messageId: 'namedSecret',
          line: 1,
          column: 20,
          endLine: 1,
          endColumn: 43,
          messageIncludes: ['"dbPassword"', 'DB_PASSWORD', 'hunt…(21 chars)'],
        },
      ],
      output: `const dbPassword = process.env.DB_PASSWORD ?? (() => { throw new Error('DB_PASSWORD is not set'); })();\n`,
      outputFiles: { '.env.example': 'DB_PASSWORD=\n' },
    },
    {
      name: 'named: JavaScript gets a plain lookup; .env.example keeps its lines and gains one',
      filename: 'src/config.js',
      files: { '.env.example': 'PORT=3000\n' },
      code: `module.exports = { stripeKey: 'rk9f2LqPz7WmX3vT8sYb' };\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 31, endLine: 1, endColumn: 53 }],
      output: `module.exports = { stripeKey: process.env.STRIPE_KEY };\n`,
      outputFiles: { '.env.example': 'PORT=3000\nSTRIPE_KEY=\n' },
    },
    {
      name: 'near-misses of words: a long lowercase run as a token, a token with digits, a marker with digits, a password of words with digits, words as an env fallback',
      filename: 'src/tokens.js',
      code: `const a = { token: 'kqzjxwvbnmasdfghjkzz' };\nconst b = { token: 'tableBlock9x7Q' };\nconst c = { password: '*Adm1n2024*' };\nconst d = { DB_PASSWORD: 'mysql_password_2024' };\nconst e = { secret: process.env.APP_SECRET || 'super-secret' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 20 },
        { messageId: 'namedSecret', line: 2, column: 20 },
        { messageId: 'namedSecret', line: 3, column: 23 },
        { messageId: 'namedSecret', line: 4, column: 26 },
        { messageId: 'namedSecret', line: 5, column: 47 },
      ],
    },
    {
      name: "a provider's bare key in a nested config object, and in a variable named for the provider",
      filename: 'config.js',
      code: `module.exports = {\n  stripe: { key: 'Zq9mL2x7RwKd4pT8vB3n' },\n};\nconst github = { key: 'Kd4pT8vB3nZq9mL2x7Rw' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 2, column: 18, messageIncludes: ['"stripe.key"', 'STRIPE_KEY'] },
        { messageId: 'namedSecret', line: 4, column: 23, messageIncludes: ['"github.key"'] },
      ],
      output: `module.exports = {\n  stripe: { key: process.env.STRIPE_KEY },\n};\nconst github = { key: 'Kd4pT8vB3nZq9mL2x7Rw' };\n`,
    },
    {
      name: 'CommonJS config: exports.x and module.exports.x name their values',
      filename: 'config.js',
      code: `exports.port = process.env.PORT || 3000;\nexports.adminPassword = 'Qz9mL2x7Rw-Kd4pT8v';\nmodule.exports.sessionSecret = 'rhU0yLzUFMq-t9O9kOU6T';\n`,
      errors: [
        { messageId: 'namedSecret', line: 2, column: 25, messageIncludes: ['adminPassword'] },
        { messageId: 'namedSecret', line: 3, column: 32, messageIncludes: ['sessionSecret'] },
      ],
      output: `exports.port = process.env.PORT || 3000;\nexports.adminPassword = process.env.ADMIN_PASSWORD;\nmodule.exports.sessionSecret = 'rhU0yLzUFMq-t9O9kOU6T';\n`,
    },
    {
      name: 'named: nested property takes its container as prefix',
      code: `export const config = {\n  db: { host: 'db.internal', password: 'S3cure!Passw0rd' },\n};\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 40, endLine: 2, endColumn: 57 }],
      output: `export const config = {\n  db: { host: 'db.internal', password: process.env.DB_PASSWORD ?? (() => { throw new Error('DB_PASSWORD is not set'); })() },\n};\n`,
    },
    {
      name: 'named: optional class field keeps the plain lookup',
      code: `class Client {\n  private apiKey?: string = 'a8f3k29dk3l2m4n5';\n}\n`,
      errors: [{ messageId: 'namedSecret', line: 2, column: 29 }],
      output: `class Client {\n  private apiKey?: string = process.env.API_KEY;\n}\n`,
    },
    {
      name: 'named: SCREAMING_CASE and kebab-case keys',
      code: `const A = { JWT_SECRET: 'q8Wm2zLpR4vX' };\nconst B = { 'client-secret': 'z9Yx8Wv7Ut6S' };\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 25 },
        { messageId: 'namedSecret', line: 2, column: 30 },
      ],
    },
    {
      name: 'named: default parameter',
      code: `export function connect(user: string, password = 'Tr0ub4dor&3') {}\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 50 }],
      output: `export function connect(user: string, password = process.env.PASSWORD ?? (() => { throw new Error('PASSWORD is not set'); })()) {}\n`,
    },
    {
      name: 'named: a real fallback after an env lookup loses only the fallback',
      code: `const secret = process.env.JWT_SECRET || 'dev-jwt-secret-123';\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 42, messageIncludes: ['JWT_SECRET'] }],
      output: `const secret = process.env.JWT_SECRET || (() => { throw new Error('JWT_SECRET is not set'); })();\n`,
      outputFiles: { '.env.example': 'JWT_SECRET=\n' },
    },
    {
      name: 'named: assignment to a property',
      filename: 'src/app.js',
      code: `config.auth.clientSecret = 'GQ8s-2kdLp93mZq';\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 28 }],
      output: `config.auth.clientSecret = process.env.CLIENT_SECRET;\n`,
    },
    {
      name: 'near-misses of DocSearch: the same key given to another call or component',
      filename: 'src/Search.tsx',
      code: `search({ appId: 'N3ZF861Q5G', apiKey: '${ALGOLIA_SEARCH}' });\nexport const S = () => <Search apiKey="${ALGOLIA_SEARCH}" />;\n`,
      errors: [
        { messageId: 'namedSecret', line: 1, column: 39 },
        { messageId: 'namedSecret', line: 2, column: 39 },
      ],
    },
    {
      name: 'named: JSX attribute gets braces',
      filename: 'src/Map.tsx',
      code: `export const M = () => <Map apiKey="f83kd92ls0dk3ms8" />;\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 36 }],
      output: `export const M = () => <Map apiKey={process.env.API_KEY} />;\n`,
    },
    {
      name: 'named: Authorization header with a literal bearer token',
      code: `const headers = { Authorization: 'Bearer 9f8e7d6c5b4a3f2e1d' };\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 34, messageIncludes: ['credential'] }],
    },
    {
      name: 'provider token anywhere, fixed with a name from its kind',
      code: `const client = new Stripe('${STRIPE}');\n`,
      errors: [
        {
          messageId: 'providerToken',
          line: 1,
          column: 28,
          endLine: 1,
          endColumn: 28 + STRIPE.length,
          messageIncludes: ['Stripe secret key', 'sk_l…(32 chars)'],
        },
      ],
      output: `const client = new Stripe(process.env.STRIPE_SECRET_KEY ?? (() => { throw new Error('STRIPE_SECRET_KEY is not set'); })());\n`,
      outputFiles: { '.env.example': 'STRIPE_SECRET_KEY=\n' },
    },
    {
      name: 'provider token inside a longer literal keeps the rest as a template',
      filename: 'src/gh.js',
      code: `const auth = 'token ${GITHUB}';\n`,
      errors: [{ messageId: 'providerToken', line: 1, column: 21 }],
      output: 'const auth = `token ${process.env.AUTH}`;\n',
    },
    {
      name: "a provider's token in a test file: reported at the lower test-file severity, with test advice and no fix",
      filename: 'test/billing.test.ts',
      code: `const client = new Stripe('${STRIPE}');\n`,
      errors: [
        {
          messageId: 'providerTokenInTest',
          line: 1,
          column: 28,
          severity: 'information',
          messageIncludes: ['Stripe secret key', 'revoke it', 'made up'],
        },
      ],
      output: null,
    },
    {
      name: 'PEM private key in a template literal',
      code: 'const key = `-----BEGIN PRIVATE KEY-----\n' + PEM_BODY + '\n-----END PRIVATE KEY-----`;\n',
      errors: [{ messageId: 'providerToken', line: 1, column: 14, messageIncludes: ['private key'] }],
      output: "const key = process.env.PRIVATE_KEY ?? (() => { throw new Error('PRIVATE_KEY is not set'); })();\n",
    },
    {
      name: 'connection string: the whole URL goes to DATABASE_URL',
      code: `await mongoose.connect('mongodb+srv://admin:Tr0ub4dorX@cluster0.abcde.mongodb.net/shop');\n`,
      errors: [
        { messageId: 'connectionString', line: 1, column: 45, endLine: 1, endColumn: 55, messageIncludes: ['MongoDB', 'DATABASE_URL'] },
      ],
      output: `await mongoose.connect(process.env.DATABASE_URL ?? (() => { throw new Error('DATABASE_URL is not set'); })());\n`,
      outputFiles: { '.env.example': 'DATABASE_URL=\n' },
    },
    {
      name: 'connection string: a named URL keeps its name; redis with an empty user',
      filename: 'src/cache.mjs',
      code: `const redisUrl = 'redis://:q8Wm2zLpR4@cache.prod.internal:6379';\n`,
      errors: [{ messageId: 'connectionString', line: 1, column: 28 }],
      output: `const redisUrl = process.env.REDIS_URL;\n`,
    },
    {
      name: 'connection string: literal password in a template with an interpolated host',
      code: 'const url = `postgres://app:S3cr3tP4ss@${host}:5432/orders`;\n',
      errors: [{ messageId: 'connectionString', line: 1, column: 13 }],
      output: "const url = process.env.DATABASE_URL ?? (() => { throw new Error('DATABASE_URL is not set'); })();\n",
    },
    {
      name: 'secret argument: jwt.sign from jsonwebtoken',
      code: `import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({ sub: 1 }, 'secret');\n`,
      errors: [{ messageId: 'secretArgument', line: 2, column: 39, messageIncludes: ['JWT secret', 'jwt.sign', 'JWT_SECRET'] }],
      output: `import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({ sub: 1 }, process.env.JWT_SECRET ?? (() => { throw new Error('JWT_SECRET is not set'); })());\n`,
    },
    {
      name: 'secret argument: createHmac, destructured from crypto (CommonJS)',
      filename: 'src/sign.cjs',
      code: `const { createHmac } = require('crypto');\nconst sig = createHmac('sha256', 'webhook-signing-key').update(body).digest('hex');\n`,
      errors: [{ messageId: 'secretArgument', line: 2, column: 34 }],
      output: `const { createHmac } = require('crypto');\nconst sig = createHmac('sha256', process.env.HMAC_SECRET).update(body).digest('hex');\n`,
    },
    {
      name: 'secret argument: session({ secret }) is a named secret; cookieParser takes one positionally',
      filename: 'src/app.js',
      code: `const cookieParser = require('cookie-parser');\napp.use(session({ secret: 'keyboard cat', resave: false }));\napp.use(cookieParser('cookie-signing-secret'));\n`,
      errors: [
        { messageId: 'namedSecret', line: 2, column: 27 },
        { messageId: 'secretArgument', line: 3, column: 22 },
      ],
    },
    {
      name: 'secret argument: Koa app.keys and a Sequelize password',
      filename: 'src/server.js',
      code: `const Koa = require('koa');\nconst { Sequelize } = require('sequelize');\nconst app = new Koa();\napp.keys = ['im a newer secret', 'i like turtle'];\nconst db = new Sequelize('shop', 'app', 'Pa55word!x', { dialect: 'postgres' });\n`,
      errors: [
        { messageId: 'secretArgument', line: 4, column: 13 },
        { messageId: 'secretArgument', line: 4, column: 34 },
        { messageId: 'secretArgument', line: 5, column: 41 },
      ],
      output: null,
    },
    {
      name: 'comparison of request input with a literal key: reported, no fix (undefined === undefined)',
      code: `if (req.headers['x-api-key'] !== 'k3y-9f8e7d6c5b4a') return res.sendStatus(401);\n`,
      errors: [{ messageId: 'literalComparison', line: 1, column: 34, messageIncludes: ["req.headers['x-api-key']", 'timingSafeEqual'] }],
      output: null,
    },
    {
      name: 'message never shows the whole secret',
      code: `const password = 'correct-horse-battery-staple';\n`,
      errors: [{ messageId: 'namedSecret', line: 1, column: 18, messageIncludes: ['corr…(28 chars)'] }],
    },
  ],
});
