/**
 * config/no-hardcoded-secret in config files: .env (committed, examples, test environments), JSON config,
 * compose files and .npmrc. Tokens are assembled at run time: the repository holds no scanner-bait literal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCase, ruleTester, type ExpectedFinding } from '../../../helpers/ruleTester';
import { randomText, B62, HEX } from '../../../helpers/planted';
import { applyFix, ruleById, type Fix } from '../../../../server/src/analysis';
import { dotenvRole } from '../../../../server/src/analysis/rules/config/no-hardcoded-secret.config';

const RULE = 'config/no-hardcoded-secret';
const STRIPE = 'sk_' + 'live_' + randomText(B62, 24, 31);
const GITHUB = 'ghp_' + randomText(B62, 36, 32);
const NPM = 'npm_' + randomText(B62, 36, 33);
const HEXKEY = randomText(HEX, 32, 34);
const LONG = randomText(B62, 40, 35);
const PEM_BODY = randomText(B62 + '+/', 64, 36);

/** 1-based position of the first `needle` in `code` (after `from`), as a ruleTester error. */
function at(code: string, needle: string, messageId: string, extra: Partial<ExpectedFinding> = {}, from = 0): ExpectedFinding {
  const offset = code.indexOf(needle, from);
  assert.ok(offset >= 0, `${needle} is in the case`);
  const pos = (o: number) => {
    const before = code.slice(0, o).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const start = pos(offset);
  const end = pos(offset + needle.length);
  return { messageId, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, ...extra };
}

/** Compose values that look like the stand-ins a local compose file may hold, and are not. */
const COMPOSE_DEV_DUMMIES =
  'services:\n  pgadmin4:\n    image: dpage/pgadmin4:8\n    environment:\n      - PGADMIN_DEFAULT_EMAIL=admin@ticketz.host\n      - PGADMIN_DEFAULT_PASSWORD=123456\n' +
  '  emitter:\n    environment:\n      - FEEDS_API_KEY=${FEEDS_API_KEY:-----IRRELEVANT----}\n      - REDIS_PASSWORD=12345678\n';
const COMPOSE_SELF_HOSTED =
  'services:\n  swetrix-api:\n    image: swetrix/swetrix-api\n    environment:\n      - EMAIL=admin@example.com\n      - PASSWORD=12345678\n';
const COMPOSE_DEV_NEAR = COMPOSE_DEV_DUMMIES.replace('12345678', '83920417');
const COMPOSE_NEAR_STAND_INS =
  'services:\n  minio:\n    environment:\n      MINIO_ROOT_PASSWORD: secret8372\n  api:\n    environment:\n      AUTH_ENCRYPTION_KEY: encryptionkey7Qx\n' +
  '      DATABASE_URL: postgres://postgres:postgres@db.internal.example.com:5432/postgres\n      CACHE_URL: redis://cache:Wq7x-cache-2024@cache:6379\n' +
  '      SHOP_URL: postgres://shopadmin:shopadmin_pass@shop-db-primary:5432/shop\n      QUEUE_URL: redis://default:default123@cache:6379\n';

// ── .env ──────────────────────────────────────────────────────────────────────────────────────

const ENV_DRESSED = 'DB_PASSWORD=MyStrongPassword2024\nMONGO_URL=mongodb+srv://app:MySecurePassword2024!@cluster0.x1y2z.mongodb.net/app\n';
const COMMITTED = `NODE_ENV=production\nPORT=3000\nDB_PASSWORD=Tr0ub4dor-and-3\nPAYMENTS=${STRIPE}\nDATABASE_URL=postgres://orders:Wq7-ordersDB-2024@orders-db.internal:5432/orders\n`;
const QUOTED = `export JWT_SECRET="kP9#mX2-vQ7!sL4w"\nAPI_KEY='${HEXKEY}' # from the dashboard\n`;
const DEFAULTED = 'SESSION_SECRET=${SESSION_SECRET:-kP9mX2vQ7sL4wZr8}\n';
/** The storage emulator's (Azurite's) account key, which Microsoft publishes; and the same length of random text. */
const AZURITE_KEY = ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', '/K1SZFPTOtr/KBHBeksoGMGw=='].join('');
const AZURE_LIKE = randomText(B62 + '+/', 86, 37) + '==';
const COMMENTED = `PORT=3000\n# old key: ${GITHUB}\n`;
const MULTILINE = `PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n${PEM_BODY.slice(7)}A\n-----END RSA PRIVATE KEY-----"\nPORT=3000\n`;

ruleTester(RULE, {
  valid: [
    {
      name: "a committed .env of a SQLite app: the engine's name as its password (smanga-adonis); a demo template's stand-in (credebl)",
      filename: 'data-example/.env',
      code: `DB_USER=smanga\nDB_PASSWORD=sqlite\nDB_DATABASE=sqlite\nDB_URL_SQLITE=file:../../data/db/smanga.db\n`,
      files: { '.env.demo': "# Copy this file to .env\nAGENT_API_KEY='supersecret-that-too-16chars'\n" },
    },
    {
      name: 'a committed .env: a word under a token name, a publishable key, a test stand-in (the values judged as in code)',
      filename: '.env',
      code: `HIGHLIGHT_TOKEN=comment\nSTRIPE_KEY=pk_live_${LONG}\nAPI_SECRET=test_secret\n`,
    },
    {
      name: '.env excluded by .gitignore: the local environment',
      filename: '.env',
      code: COMMITTED,
      files: { '.gitignore': 'node_modules/\n.env\n' },
    },
    {
      name: '.env.local excluded by a pattern',
      filename: '.env.local',
      code: COMMITTED,
      files: { '.gitignore': '.env*\n!.env.example\n' },
    },
    {
      name: 'a nested .env excluded by the root .gitignore',
      filename: 'services/api/.env',
      code: COMMITTED,
      files: { '.gitignore': '.env\n' },
    },
    {
      name: 'a .env in an excluded folder',
      filename: 'deploy/secrets/prod.env',
      code: COMMITTED,
      files: { '.gitignore': '/deploy/secrets/\n' },
    },
    {
      name: 'a .env excluded by a .gitignore above the workspace, in the same repository',
      filename: '.env',
      code: COMMITTED,
      files: { '../.git/HEAD': 'ref: refs/heads/main\n', '../.gitignore': '.env\n' },
    },
    {
      name: 'a .env excluded by .git/info/exclude',
      filename: '.env',
      code: COMMITTED,
      files: { '.git/HEAD': 'ref: refs/heads/main\n', '.git/info/exclude': '.env\n' },
    },
    {
      name: 'references, empty values and placeholders',
      filename: '.env',
      code:
        'DB_PASSWORD=${DB_PASSWORD}\nJWT_SECRET=$JWT_SECRET\nSESSION_SECRET=\nAPI_KEY=""\nSTRIPE_SECRET_KEY=changeme\nSENDGRID_API_KEY=your-key-here\n' +
        'GITHUB_TOKEN=<your-github-token>\nSLACK_TOKEN=xxxxxxxxxxxxxxxx\nADMIN_PASSWORD=********\nSMTP_PASSWORD=mypassword\nREDIS_PASSWORD=password123\n' +
        'COOKIE_SECRET=${COOKIE_SECRET:-changeme}\nAUTH_SECRET=${AUTH_SECRET:-}\n',
    },
    {
      name: 'local URLs without a password, placeholder passwords and local defaults',
      filename: '.env',
      code: 'MONGODB_URI=mongodb://localhost:27017/app\nREDIS_URL=redis://127.0.0.1:6379\nDATABASE_URL=postgres://user:pass@127.0.0.1:5432/outline\nTEST_DATABASE_URL=postgres://postgres:postgres@localhost:5432/test\n',
    },
    {
      name: 'names that are not secrets',
      filename: '.env',
      code: 'PASSWORD_MIN_LENGTH=12\nTOKEN_EXPIRY=3600\nAPI_KEY_HEADER=x-api-key\nSECRET_NAME=prod/db/password\nJWT_ALGORITHM=HS256\nDB_PASSWORD_FILE=/run/secrets/db_password\nGOOGLE_APPLICATION_CREDENTIALS=./keys/service-account.json\n',
    },
    {
      name: 'dev defaults: a well-known default password, a password equal to its user',
      filename: '.env',
      code: 'POSTGRES_USER=bookings\nPOSTGRES_PASSWORD=bookings\nDB_PASSWORD=postgres\nRABBITMQ_DEFAULT_PASS=guest\n',
    },
    {
      name: '"secret" and "password" in leetspeak: dev defaults a person typed',
      filename: '.env',
      code: 'JWT_SECRET=s3cr3t\nSESSION_SECRET=S3cr3t123\nADMIN_PASSWORD=p@ssw0rd\nDB_PASSWORD=Passw0rd1\n',
    },
    {
      name: "the storage emulator's published account key, in an example and in a committed .env (langfuse)",
      filename: '.env.dev-azure.example',
      code: `S3_ACCESS_KEY_ID=devstoreaccount1\nS3_SECRET_ACCESS_KEY=${AZURITE_KEY}\n`,
      files: { '.env': `AZURE_STORAGE_KEY=${AZURITE_KEY}\n` },
    },
    {
      name: "an example file's keys made of a prefix and a run of digits (langfuse's seed keys)",
      filename: '.env.dev.example',
      code: 'LANGFUSE_PUBLIC_KEY="pk-lf-1234567890"\nLANGFUSE_SECRET_KEY="sk-lf-1234567890"\nAWS_SECRET_ACCESS_KEY="SAK123456789"\n',
    },
    {
      name: 'the word itself said louder: topsecret, super-secret-key, notasecret (daily-api)',
      filename: '.env',
      code: "ACCESS_SECRET='topsecret'\nPADDLE_API_KEY=topsecret\nWEBHOOK_SECRET=topsecret2\nSESSION_SECRET=super-secret-key\nP12_PASSWORD=notasecret\nJWT_SECRET=T0pS3cr3t\n",
    },
    {
      name: "counted dummies in a developer's .env and a CI compose file: 123456 beside a switch that is off, a prefix and the digits",
      filename: '.env',
      code: 'BILLING_ENABLED=false\nBILLING_API_KEY="123456"\nSESSION_SECRET=dc1234567890123456789012345678901234567890\n',
    },
    {
      name: 'counted dummies in a CI compose file',
      filename: 'ci/docker/docker-compose.yml',
      code: 'services:\n  app:\n    environment:\n      SESSION_SECRET: ci1234567890123456789012345678901234567890\n      GITHUB_WEBHOOK_SECRET: abcdefghij\n',
    },
    {
      name: 'public values shipped to browsers',
      filename: '.env',
      code: `NEXT_PUBLIC_MAPS_API_KEY=${LONG}\nPUBLIC_SIGNING_KEY=${HEXKEY}\n`,
    },
    {
      name: 'encrypted values, meant to be committed (dotenvx, dotenv-vault)',
      filename: '.env',
      code: `DOTENV_PUBLIC_KEY="03${HEXKEY}${HEXKEY}"\nDB_PASSWORD="encrypted:${LONG}"\n`,
    },
    { name: '.env.vault', filename: '.env.vault', code: `DOTENV_VAULT_PRODUCTION="${LONG}${LONG}"\nDB_PASSWORD=Tr0ub4dor-and-3\n` },
    {
      name: 'a test environment holds test data: only provider tokens count',
      filename: '.env.test',
      code: `NODE_ENV=test\nSECRET_KEY=${HEXKEY.toUpperCase()}${HEXKEY.toUpperCase()}\nDATABASE_URL=postgres://app:apptest-pw-1@localhost/test\n`,
    },
    {
      name: '.env.example: a value the comment above calls a sample (for POC environments)',
      filename: '.env.example',
      code: `# SAMPLE Predefined Key only to be used in POC environments\nENCRYPTION_KEY=${HEXKEY}${HEXKEY}\n`,
    },
    {
      name: 'a development environment (.env.development, committed defaults Vite and Next.js load) holds development data',
      filename: 'apps/ws/src/.env.development',
      code: `NODE_ENV=development\nJWT_SECRET=TEST_CHANGE9s\nSESSION_KEY=${HEXKEY}\n`,
    },
    {
      name: 'a disable comment',
      filename: '.env',
      code: '# twelve-factor-disable-next-line config/no-hardcoded-secret -- demo account, public\nDEMO_PASSWORD=Tr0ub4dor-and-3\n',
    },
    // Examples and templates: placeholders and descriptive stand-ins.
    {
      name: '.env.example with placeholders',
      filename: '.env.example',
      code:
        'JWT_SECRET=\nSESSION_SECRET=<your_secret>\nAPI_KEY=your-api-key-here\nSMTP_PASSWORD=email-server-password\nSECRET_KEY=generate_a_new_key\n' +
        'AWS_SECRET_ACCESS_KEY=get_the_secret_of_above_key\nSTRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\nJWT_SECRET_KEY=thisisasamplesecret\n' +
        'DATABASE_URL="postgresql://johndoe:randompassword@localhost:5432/mydb?schema=public"\nMONGODB_URI=mongodb://<user>:<password>@<host>\n',
    },
    {
      name: 'placeholder words joined by a digit (teable)',
      filename: 'dockers/examples/standalone/.env',
      code: 'POSTGRES_PASSWORD=example2password\nMINIO_SECRET_KEY=swarm2replace2secret\n',
    },
    {
      name: 'hexspeak in an example file (documenso)',
      filename: '.env.example',
      code: 'NEXT_PRIVATE_ENCRYPTION_KEY="CAFEBABE"\nNEXT_PRIVATE_ENCRYPTION_SECONDARY_KEY="DEADBEEF"\n',
    },
    {
      name: "a template named with dashes (example-template.env) holding joined sequences; a compose user's name with _pass",
      filename: 'docs/example-template.env',
      code: 'API_SECRET=1234567890abc\n',
    },
    {
      name: "a compose service whose password is its user's name with _pass (a devcontainer's mongo)",
      filename: '.devcontainer/docker-compose.yml',
      code: 'services:\n  mongo:\n    image: mongo:7\n    environment:\n      MONGO_INITDB_ROOT_USERNAME: root\n      MONGO_INITDB_ROOT_PASSWORD: root_pass\n',
    },
    {
      name: "a template's format descriptions, and a stand-in in a commented curl example (mirotalk, atproto's example.env)",
      filename: '.env.template',
      code: '# curl -X POST "http://localhost:3000/api/v1/meeting" -H "authorization: zylotalk_default_secret"\nAPI_KEY_SECRET=zylotalk_default_secret\nPDS_DPOP_SECRET="32-random-bytes-hex-encoded"\nSESSION_KEY=random_64_char_string\n',
    },
    {
      name: 'an example file naming its stand-in in camelCase (defaultSecretKey)',
      filename: 'apps/web/.env.example',
      code: 'SECRET_KEY=defaultSecretKey\n',
    },
    {
      name: '.env.example with alphabet and digit runs as stand-ins (cnpmcore: ELASTIC_PASSWORD="abcdef")',
      filename: '.env.example',
      code: 'ELASTIC_PASSWORD="abcdef"\nKIBANA_PASSWORD=654321\nREDIS_PASSWORD=ABCDEFGH\nMYSQL_PASSWORD=12345678\nADMIN_PASSWORD=11111111\n',
    },
    {
      name: 'a committed .env with bracketed placeholders, and a client build .env whose variables the bundle ships (amplication)',
      filename: 'packages/client/.env.production',
      code: 'GITHUB_APP_PRIVATE_KEY=[github-app-private-key]\nNX_REACT_APP_ANALYTICS_API_KEY=P5sO9fK2mQ7xLp3RtZ8wAbCdEfGhIjKl\nVITE_MAPS_KEY=k8Fj2LqPz7WmX3vTq9Rs\n',
    },
    {
      name: 'example.env and .env.defaults with placeholders',
      filename: 'example.env',
      code: '# Required - a passphrase to sign JWTs\nJWT_SECRET=\nDB_PASSWORD=\nPOSTGRES_PASSWORD=etherpad-lite-password\n',
    },
    {
      name: 'an example that .gitignore excludes',
      filename: '.env.sample',
      code: `API_KEY=${HEXKEY}\n`,
      files: { '.gitignore': '.env*\n' },
    },
  ],
  invalid: [
    {
      name: 'a password word dressed for a complexity check is a weak password that works in .env.production and in a URL to a remote host',
      filename: '.env.production',
      code: ENV_DRESSED,
      errors: [at(ENV_DRESSED, 'MyStrongPassword2024', 'dotenvSecret'), at(ENV_DRESSED, 'MySecurePassword2024!', 'dotenvConnectionString')],
    },
    {
      name: 'near-misses of joined placeholders: a random part after the digit, a default with a random part, hex that is not hexspeak',
      filename: '.env',
      code: `DB_PASSWORD=example2Xk9mQ2vL7pR4wZ\nSECRET_KEY=default_Xk9mQ2vL7pR4wZq\nENCRYPTION_KEY=CAFE9A7B31D4\n`,
      errors: [
        at(
          `DB_PASSWORD=example2Xk9mQ2vL7pR4wZ\nSECRET_KEY=default_Xk9mQ2vL7pR4wZq\nENCRYPTION_KEY=CAFE9A7B31D4\n`,
          'example2Xk9mQ2vL7pR4wZ',
          'dotenvSecret',
        ),
        at(
          `DB_PASSWORD=example2Xk9mQ2vL7pR4wZ\nSECRET_KEY=default_Xk9mQ2vL7pR4wZq\nENCRYPTION_KEY=CAFE9A7B31D4\n`,
          'default_Xk9mQ2vL7pR4wZq',
          'dotenvSecret',
        ),
        at(
          `DB_PASSWORD=example2Xk9mQ2vL7pR4wZ\nSECRET_KEY=default_Xk9mQ2vL7pR4wZq\nENCRYPTION_KEY=CAFE9A7B31D4\n`,
          'CAFE9A7B31D4',
          'dotenvSecret',
        ),
      ],
    },
    {
      name: 'an example file whose key is a prefix and digits that are not a run',
      filename: '.env.dev.example',
      code: 'LANGFUSE_SECRET_KEY="sk-lf-9281734650"\n',
      errors: [at('LANGFUSE_SECRET_KEY="sk-lf-9281734650"\n', 'sk-lf-9281734650', 'dotenvExampleValue')],
    },
    {
      name: 'an example file whose camelCase value only contains a stand-in word inside another (keyboardCat)',
      filename: '.env.example',
      code: 'SESSION_SECRET=keyboardCat\n',
      errors: [at('SESSION_SECRET=keyboardCat\n', 'keyboardCat', 'dotenvExampleValue')],
    },
    {
      name: 'a committed .env (not an example) with a named default secret or hexspeak: the app uses it',
      filename: 'plugins/.env',
      code: 'PLUGIN_CHART_SECRET=defaultSecretKey\nSESSION_SECRET=cafebabedeadbeef\n',
      errors: [
        at('PLUGIN_CHART_SECRET=defaultSecretKey\nSESSION_SECRET=cafebabedeadbeef\n', 'defaultSecretKey', 'dotenvSecret'),
        at('PLUGIN_CHART_SECRET=defaultSecretKey\nSESSION_SECRET=cafebabedeadbeef\n', 'cafebabedeadbeef', 'dotenvSecret'),
      ],
    },
    {
      name: 'a committed .env: near-misses of those (a password that is a word, a long lowercase run under a token name)',
      filename: '.env',
      code: `ADMIN_PASSWORD=sunshine\nSLACK_TOKEN=kqzjxwvbnmasdfghjk\n`,
      errors: [
        at(`ADMIN_PASSWORD=sunshine\nSLACK_TOKEN=kqzjxwvbnmasdfghjk\n`, 'sunshine', 'dotenvSecret'),
        at(`ADMIN_PASSWORD=sunshine\nSLACK_TOKEN=kqzjxwvbnmasdfghjk\n`, 'kqzjxwvbnmasdfghjk', 'dotenvSecret'),
      ],
    },
    {
      name: 'a committed .env: named secret, provider token, connection-string password; fix: add it to .gitignore',
      filename: '.env',
      code: COMMITTED,
      errors: [
        at(COMMITTED, 'Tr0ub4dor-and-3', 'dotenvSecret', {
          messageIncludes: ['password Tr…(15 chars)', 'DB_PASSWORD', '.gitignore', 'git rm --cached .env', 'rotate'],
        }),
        at(COMMITTED, STRIPE, 'dotenvToken', { messageIncludes: ['Stripe secret key', 'sk_l…(32 chars)', 'PAYMENTS'] }),
        at(COMMITTED, 'Wq7-ordersDB-2024', 'dotenvConnectionString', { messageIncludes: ['DATABASE_URL'] }),
      ],
      output: COMMITTED,
      outputFiles: { '.gitignore': '/.env\n' },
    },
    {
      name: 'an existing .gitignore that excludes other env files only',
      filename: '.env',
      code: 'DB_PASSWORD=Tr0ub4dor-and-3\n',
      files: { '.gitignore': 'node_modules/\n/.env.local\n.env.*.local\n' },
      errors: [{ messageId: 'dotenvSecret', line: 1, column: 13, endLine: 1, endColumn: 28 }],
      output: 'DB_PASSWORD=Tr0ub4dor-and-3\n',
      outputFiles: { '.gitignore': 'node_modules/\n/.env.local\n.env.*.local\n/.env\n' },
    },
    {
      name: 'a nested .env: the root .gitignore gets its path',
      filename: 'services/api/.env.production',
      code: 'DB_PASSWORD=Tr0ub4dor-and-3\n',
      files: { '.gitignore': 'node_modules/\n' },
      errors: [
        { messageId: 'dotenvSecret', line: 1, column: 13, endLine: 1, endColumn: 28, messageIncludes: ['services/api/.env.production'] },
      ],
      output: 'DB_PASSWORD=Tr0ub4dor-and-3\n',
      outputFiles: { '.gitignore': 'node_modules/\n/services/api/.env.production\n' },
    },
    {
      name: "a nested .env: its folder's own .gitignore is the nearest",
      filename: 'services/api/.env',
      code: 'DB_PASSWORD=Tr0ub4dor-and-3\n',
      files: { '.gitignore': 'node_modules/\n', 'services/api/.gitignore': 'dist/\n' },
      errors: [{ messageId: 'dotenvSecret', line: 1, column: 13, endLine: 1, endColumn: 28 }],
      output: 'DB_PASSWORD=Tr0ub4dor-and-3\n',
      outputFiles: { 'services/api/.gitignore': 'dist/\n/.env\n', '.gitignore': 'node_modules/\n' },
    },
    {
      name: 'a .gitignore that re-includes .env',
      filename: '.env',
      code: 'DB_PASSWORD=Tr0ub4dor-and-3\n',
      files: { '.gitignore': '.env*\n!.env\n' },
      errors: [{ messageId: 'dotenvSecret', line: 1, column: 13, endLine: 1, endColumn: 28 }],
      output: 'DB_PASSWORD=Tr0ub4dor-and-3\n',
      outputFiles: { '.gitignore': '.env*\n!.env\n/.env\n' },
    },
    {
      name: 'the word said louder in .env.production.local and in a compose file under a production folder',
      filename: 'deploy/production/.env.local',
      code: 'JWT_SECRET=topsecret\n',
      errors: [{ messageId: 'dotenvSecret', line: 1, column: 12 }],
    },
    {
      name: 'counted dummies where production reads them (.env.uat, as .env.production), and a random key beside them in a developer .env',
      filename: '.env.uat',
      code: 'BILLING_API_KEY=123456\n',
      errors: [{ messageId: 'dotenvSecret', line: 1, column: 17 }],
    },
    {
      name: 'a random key beside a counted dummy in a developer .env; digits that are not a run; a run as a password (it works)',
      filename: '.env',
      code: `BILLING_API_KEY=123456\nSTRIPE_WEBHOOK_SECRET=whsec_8f3KqL9mX2vR7tW4pZ6nB1cD\nSESSION_SECRET=dc9381726354019283746501928374650192837465\nADMIN_PASSWORD=12345678\n`,
      errors: [
        { messageId: 'dotenvToken', line: 2, column: 23 },
        { messageId: 'dotenvSecret', line: 3, column: 16 },
        { messageId: 'dotenvSecret', line: 4, column: 16 },
      ],
    },
    {
      name: 'the word said louder in a config file the app loads everywhere (node-config default.json)',
      filename: 'config/default.json',
      code: '{ "auth": { "jwtSecret": "supersecretkey" } }\n',
      errors: [{ messageId: 'jsonSecret', line: 1, column: 27 }],
    },
    {
      name: 'the word said louder in a production file or a connection string: a weak secret production uses',
      filename: '.env.production',
      code: 'SESSION_SECRET=supersecretkey\nDATABASE_URL=postgres://app:topsecret@db.prod.example.com:5432/app\n',
      errors: [
        { messageId: 'dotenvSecret', line: 1, column: 16, endLine: 1, endColumn: 30 },
        { messageId: 'dotenvConnectionString', line: 2, column: 29, endLine: 2, endColumn: 38 },
      ],
    },
    {
      name: 'a key of the same shape that is not the published one',
      filename: '.env.dev-azure.example',
      code: `S3_ACCESS_KEY_ID=devstoreaccount1\nS3_SECRET_ACCESS_KEY=${AZURE_LIKE}\n`,
      errors: [at(`S3_ACCESS_KEY_ID=devstoreaccount1\nS3_SECRET_ACCESS_KEY=${AZURE_LIKE}\n`, AZURE_LIKE, 'dotenvExampleValue')],
    },
    {
      name: 'a word of its own beside "secret" is a chosen secret',
      filename: '.env',
      code: 'API_SECRET=topsecretvalue\nDB_PASSWORD=supersecure\nJWT_SECRET=secretsauce9\n',
      errors: [
        { messageId: 'dotenvSecret', line: 1, column: 12, endLine: 1, endColumn: 26 },
        { messageId: 'dotenvSecret', line: 2, column: 13, endLine: 2, endColumn: 24 },
        { messageId: 'dotenvSecret', line: 3, column: 12, endLine: 3, endColumn: 24 },
      ],
    },
    {
      name: 'a real-looking value built on a leetspeak word is still a secret',
      filename: '.env',
      code: 'JWT_SECRET=s3cr3t-Xq9-orders-2024\nADMIN_PASSWORD=p@ssw0rd!K7mQ\n',
      errors: [
        { messageId: 'dotenvSecret', line: 1, column: 12, endLine: 1, endColumn: 34 },
        { messageId: 'dotenvSecret', line: 2, column: 16, endLine: 2, endColumn: 29 },
      ],
    },
    {
      name: 'quoted values, export, a trailing comment: positions on the value inside the quotes',
      filename: '.env',
      code: QUOTED,
      errors: [
        at(QUOTED, 'kP9#mX2-vQ7!sL4w', 'dotenvSecret', { messageIncludes: ['secret kP9#…(16 chars)', 'JWT_SECRET'] }),
        at(QUOTED, HEXKEY, 'dotenvSecret', { messageIncludes: ['API key', 'API_KEY'] }),
      ],
    },
    {
      name: 'the default of a ${VAR:-default} reference is a literal',
      filename: '.env',
      code: DEFAULTED,
      errors: [at(DEFAULTED, 'kP9mX2vQ7sL4wZr8', 'dotenvSecret', { messageIncludes: ['SESSION_SECRET'] })],
    },
    {
      name: 'a provider token in a comment',
      filename: '.env',
      code: COMMENTED,
      errors: [at(COMMENTED, GITHUB, 'dotenvToken', { messageIncludes: ['GitHub', 'a comment'] })],
    },
    {
      name: 'a multi-line private key: the whole quoted value',
      filename: '.env',
      code: MULTILINE,
      errors: [
        { messageId: 'dotenvToken', line: 1, column: 14, endLine: 4, endColumn: 30, messageIncludes: ['private key', 'PRIVATE_KEY'] },
      ],
    },
    {
      name: 'a development environment: a provider token still counts',
      filename: '.env.development',
      code: `STRIPE_KEY=${STRIPE}\n`,
      errors: [{ messageId: 'dotenvToken', line: 1, column: 12, endLine: 1, endColumn: 12 + STRIPE.length }],
    },
    {
      name: ".env.development.local holds the developer's own secrets: judged as an environment",
      filename: '.env.development.local',
      code: 'DB_PASSWORD=Tr0ub4dor-and-3-Xq\n',
      errors: [{ messageId: 'dotenvSecret', line: 1, column: 13, endLine: 1, endColumn: 31 }],
    },
    {
      name: 'a test environment: a provider token still counts',
      filename: '.env.test',
      code: `NODE_ENV=test\nSTRIPE_KEY=${STRIPE}\n`,
      errors: [{ messageId: 'dotenvToken', line: 2, column: 12, endLine: 2, endColumn: 12 + STRIPE.length }],
    },
    {
      name: 'a .env under a test folder: real-looking values only, at the test severity',
      filename: 'test/fixtures/app/.env',
      code: 'SESSION_SECRET=test_session_secret\nDB_PASSWORD=Tr0ub4dor-and-3-Xq\n',
      errors: [{ messageId: 'dotenvSecret', line: 2, column: 13, endLine: 2, endColumn: 31, severity: 'information' }],
    },
    // Examples and templates.
    {
      name: '.env.example near-misses of a sample comment: a comment two values up, a comment that says nothing, a provider token under a sample comment',
      filename: '.env.example',
      code: `# Sample config\nPORT=3000\nJWT_SECRET=${LONG}\n# The signing key, for example with: openssl rand -hex 32\nSIGNING_KEY=${LONG}\n# Sample Stripe key\nSTRIPE_KEY=${STRIPE}\n`,
      errors: [
        { messageId: 'dotenvExampleValue', line: 3, column: 12, endLine: 3, endColumn: 12 + LONG.length },
        { messageId: 'dotenvExampleValue', line: 5, column: 13, endLine: 5, endColumn: 13 + LONG.length },
        { messageId: 'dotenvExampleValue', line: 7, column: 12, endLine: 7, endColumn: 12 + STRIPE.length },
      ],
    },
    {
      name: "near-misses of format descriptions: one format word with a random part, a random credential in a template's commented curl",
      filename: '.env.template',
      code: '# curl -H "authorization: Xk9mQ2vL7pR4wZqT8n"\nPDS_DPOP_SECRET="hex-9f8e7d6c5b4a3f2e1d0c7b6a"\nSESSION_KEY=long-random-string-9fK2LmQ8xZ3vB7nRp4Lt\n',
      errors: [
        { messageId: 'dotenvExampleValue', line: 1, column: 27, endColumn: 45 },
        { messageId: 'dotenvExampleValue', line: 2, column: 18, endColumn: 46 },
        { messageId: 'dotenvExampleValue', line: 3, column: 13, endColumn: 52 },
      ],
    },
    {
      name: '.env.example with a real-looking value: fix empties it',
      filename: '.env.example',
      code: `PORT=3000\nJWT_SECRET=${LONG}\nLOG_LEVEL=info\n`,
      errors: [
        {
          messageId: 'dotenvExampleValue',
          line: 2,
          column: 12,
          endColumn: 12 + LONG.length,
          messageIncludes: ['.env.example is committed for others to copy', 'JWT_SECRET', `${LONG.slice(0, 4)}…(40 chars)`],
        },
      ],
      output: 'PORT=3000\nJWT_SECRET=\nLOG_LEVEL=info\n',
    },
    {
      name: 'near-misses of alphabet runs in .env.example: a run broken once, a run with a digit',
      filename: '.env.example',
      code: 'ELASTIC_PASSWORD="abcdeg"\nKIBANA_PASSWORD=abcdef1\n',
      errors: [
        { messageId: 'dotenvExampleValue', line: 1, column: 19, endColumn: 25 },
        { messageId: 'dotenvExampleValue', line: 2, column: 17, endColumn: 24 },
      ],
      output: 'ELASTIC_PASSWORD=\nKIBANA_PASSWORD=abcdef1\n',
    },
    {
      name: '.env.sample with a provider token, quoted and commented',
      filename: '.env.sample',
      code: `STRIPE_SECRET_KEY="${STRIPE}" # test mode\n`,
      errors: [
        {
          messageId: 'dotenvExampleValue',
          line: 1,
          column: 20,
          endLine: 1,
          endColumn: 20 + STRIPE.length,
          messageIncludes: ['Stripe secret key'],
        },
      ],
      output: 'STRIPE_SECRET_KEY= # test mode\n',
    },
    {
      name: 'example.env with a connection-string password',
      filename: 'example.env',
      code: 'DATABASE_URL=postgres://app:Wq7-ordersDB-2024@db.internal:5432/app\n',
      errors: [
        {
          messageId: 'dotenvExampleValue',
          line: 1,
          column: 29,
          endLine: 1,
          endColumn: 46,
          messageIncludes: ['password in a PostgreSQL connection string'],
        },
      ],
      output: 'DATABASE_URL=\n',
    },
    {
      name: '.env.template with a secret, and one in a comment (no fix there)',
      filename: '.env.template',
      code: `# GITHUB_TOKEN=${GITHUB}\nSMTP_PASSWORD=Tr0ub4dor-and-3\n`,
      errors: [
        {
          messageId: 'dotenvExampleValue',
          line: 1,
          column: 16,
          endLine: 1,
          endColumn: 16 + GITHUB.length,
          messageIncludes: ['a comment', 'GitHub'],
        },
        { messageId: 'dotenvExampleValue', line: 2, column: 15, endLine: 2, endColumn: 30 },
      ],
      output: null,
    },
  ],
});

// ── JSON config ──────────────────────────────────────────────────────────────────────────────

const NODE_CONFIG = `{\n  "db": { "host": "db.internal", "user": "orders", "password": "Tr0ub4dor-and-3" },\n  "jwt": { "key": "kP9mX2vQ7sL4wZr8", "expiresIn": "1h" }\n}\n`;
/** A package that loads node-config, and the same settings in its YAML. */
const NODE_CONFIG_PACKAGE = { 'package.json': JSON.stringify({ name: 'orders', dependencies: { config: '^3.3.0' } }) };
const NODE_CONFIG_YAML = `db:\n  host: db.internal\n  user: orders\n  password: Tr0ub4dor-and-3\njwt:\n  key: kP9mX2vQ7sL4wZr8\n  expiresIn: 1h\nstripe:\n  secretKey: "${STRIPE}"\n`;
const APP_JSON = `{\n  "name": "orders",\n  "env": {\n    "NODE_ENV": { "value": "production" },\n    "SESSION_SECRET": { "value": "kP9mX2vQ7sL4wZr8", "required": true },\n    "MAILGUN_API_KEY": "${HEXKEY}"\n  }\n}\n`;
const APPSETTINGS = `{\n  "ConnectionStrings": {\n    "Default": "Server=db.internal;Database=orders;User Id=sa;Password=Xk2-secret-99;"\n  }\n}\n`;
const SERVICE_ACCOUNT = `{\n  "type": "service_account",\n  "project_id": "orders-prod",\n  "private_key_id": "${HEXKEY}",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${PEM_BODY}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "orders@orders-prod.iam.gserviceaccount.com"\n}\n`;
const VSCODE = `{\n  "sqltools.connections": [\n    { "name": "prod", "server": "db.internal", "username": "admin", "password": "Tr0ub4dor-and-3" }\n  ]\n}\n`;
const REMOTE_SCRIPTS = `{\n  "scripts": {\n    "seed:prod": "DATABASE_URL=postgres://orders:Wq7-ordersDB-2024@localhost/orders node seed.js",\n    "ci:migrate": "DATABASE_URL=postgres://billing:Zr4-billingDB-2023@db.internal/billing knex migrate:latest",\n    "test:e2e": "REDIS_URL=redis://:Qp8-cacheKV-2025@cache.acme.io:6379 jest"\n  }\n}\n`;
const SCRIPTS = `{\n  "scripts": {\n    "start": "DATABASE_URL=postgres://app:Wq7-ordersDB-2024@db.internal/app node server.js",\n    "test:release": "GITHUB_TOKEN=${GITHUB} semantic-release --dry-run"\n  }\n}\n`;
const PACKAGE = `{\n  "name": "orders",\n  "dependencies": {\n    "private-lib": "git+https://ci-bot:Wq7-deployKey-2024@git.acme.io/acme/lib.git",\n    "express-basic-auth": "^1.2.1"\n  }\n}\n`;

ruleTester(RULE, {
  valid: [
    {
      name: 'node-config: custom-environment-variables.json maps environment names',
      filename: 'config/custom-environment-variables.json',
      code: '{\n  "db": { "password": "DB_PASSWORD" },\n  "jwt": { "secret": { "__name": "JWT_SECRET" }, "key": "JWT_SIGNING_KEY" }\n}\n',
    },
    {
      name: 'node-config: empty values, placeholders, settings that are not secrets',
      filename: 'config/default.json',
      code: '{\n  "db": { "password": "", "user": "orders", "passwordMinLength": 8 },\n  "jwt": { "secret": "changeme", "expiresIn": "1h", "algorithm": "HS256" },\n  "apiKey": null,\n  "smtp": { "pass": "<your-password>" },\n  "cache": { "key": "users" },\n  "tokenHeader": "x-auth-token"\n}\n',
    },
    {
      name: 'local dev defaults in config',
      filename: 'config/development.json',
      code: '{\n  "db": { "username": "bookings", "password": "bookings" },\n  "postgres": { "password": "postgres" },\n  "url": "postgres://postgres:postgres@localhost:5432/dev"\n}\n',
    },
    {
      name: "node-config's development file holds development data: only provider tokens",
      filename: 'config/development.json',
      code: '{ "jwtAuth": { "key": "secureKey", "algorithm": "HS256" }, "db": { "password": "Tr0ub4dor-and-3" } }\n',
    },
    {
      name: 'package.json: package names are not settings',
      filename: 'package.json',
      code: '{\n  "name": "orders",\n  "scripts": { "token": "node scripts/token.js" },\n  "dependencies": { "express-basic-auth": "^1.2.1", "@saas/auth": "workspace:*", "passport-jwt": "~4.0.1" }\n}\n',
    },
    {
      name: "package.json: a local database's login in test and development scripts",
      filename: 'package.json',
      code: '{\n  "name": "orders",\n  "scripts": {\n    "testmssql": "env APP_DB_URI=\'mssql://sa:Zq81kTr4mW@localhost:1433/db\' npm test",\n    "test:e2e": "DATABASE_URL=postgres://app:Wq7-ordersDB-2024@localhost/app jest",\n    "dev:api": "DATABASE_URL=postgres://app:Wq7-ordersDB-2024@localhost/app nodemon src/index.ts"\n  }\n}\n',
    },
    {
      name: 'app.json: generated secrets and descriptions',
      filename: 'app.json',
      code: '{\n  "env": {\n    "SECRET_KEY": { "description": "A 32-character secret key, generate with openssl rand -hex 32", "generator": "secret" },\n    "API_TOKEN": { "description": "Token for the billing API", "required": true }\n  }\n}\n',
    },
    {
      name: 'a service-account file without its key',
      filename: 'service-account.json',
      code: '{\n  "type": "service_account",\n  "project_id": "orders-prod",\n  "private_key": "",\n  "client_email": "orders@orders-prod.iam.gserviceaccount.com"\n}\n',
    },
    {
      name: "a sandbox client's key that repeats its client id (node-config default.json)",
      filename: 'config/default.json',
      code: '{\n  "transferwise": { "apiUrl": "https://api.wise-sandbox.com", "clientId": "opencollective", "clientKey": "opencollective" }\n}\n',
    },
    {
      name: 'config/local.json excluded by .gitignore',
      filename: 'config/local.json',
      code: NODE_CONFIG,
      files: { '.gitignore': 'config/local*.json\n' },
    },
    {
      name: "node-config's YAML: the variables map, a development file's password, placeholders",
      filename: 'config/custom-environment-variables.yml',
      code: 'db:\n  password: DB_PASSWORD\njwt:\n  secret:\n    __name: JWT_SECRET\n    __format: string\n',
    },
    {
      name: "node-config's development YAML holds development data: only provider tokens",
      filename: 'config/development.yml',
      code: 'db:\n  username: bookings\n  password: Tr0ub4dor-and-3\n',
    },
    {
      name: "node-config's default YAML with placeholders and settings that are not secrets",
      filename: 'config/default.yaml',
      code: 'db:\n  password: ""\n  passwordMinLength: 8\njwt:\n  secret: changeme\n  algorithm: HS256\nsmtp:\n  pass: <your-password>\napiKey: null\n',
    },
    {
      name: 'YAML of a config folder that node-config does not read (a Kubernetes manifest) is not analysed',
      filename: 'config/deployment.yaml',
      code: NODE_CONFIG_YAML,
    },
    {
      name: "YAML named like node-config's in a package that does not load it (a Helm chart's values), and a Kubernetes manifest",
      filename: 'deploy/config/production.yaml',
      code: NODE_CONFIG_YAML,
      files: {
        'deploy/package.json': JSON.stringify({ name: 'chart-tools', devDependencies: { config: '^3.3.0' } }),
        'deploy/Chart.yaml': 'apiVersion: v2\nname: orders\n',
      },
    },
    {
      name: "a Kubernetes manifest named for its environment in a node-config package's config folder",
      filename: 'config/production.yaml',
      code: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders\nstringData:\n  password: Tr0ub4dor-and-3\n`,
      files: NODE_CONFIG_PACKAGE,
    },
    {
      name: "YAML an app reads with its own loader, where it is not a deploy's: a chart's values (Chart.yaml), a template, a development file",
      filename: 'config/production.yaml',
      code: NODE_CONFIG_YAML,
      files: {
        'package.json': JSON.stringify({ name: 'api', dependencies: { 'js-yaml': '^4.1.0' } }),
        'Chart.yaml': 'apiVersion: v2\nname: api\n',
        'web/package.json': JSON.stringify({ name: 'web', dependencies: { 'js-yaml': '^4.1.0' } }),
        'web/config/production.yml': `${NODE_CONFIG_YAML}image: "{{ .Values.image }}"\n`,
        'web/config/development.yml': NODE_CONFIG_YAML,
      },
    },
    {
      name: 'config/local.yml excluded by .gitignore',
      filename: 'config/local.yml',
      code: NODE_CONFIG_YAML,
      files: { '.gitignore': 'config/local*\n' },
    },
    {
      name: 'sops-encrypted values',
      filename: 'secrets.json',
      code: `{\n  "db": { "password": "ENC[AES256_GCM,data:${LONG},type:str]" }\n}\n`,
    },
  ],
  invalid: [
    {
      name: "node-config's YAML: a password, a key qualified by its parent, a provider's token; the map named in YAML",
      filename: 'config/production.yml',
      code: NODE_CONFIG_YAML,
      files: NODE_CONFIG_PACKAGE,
      errors: [
        at(NODE_CONFIG_YAML, 'Tr0ub4dor-and-3', 'jsonSecret', {
          messageIncludes: ['"db.password"', 'config/custom-environment-variables.yml', 'DB_PASSWORD'],
        }),
        at(NODE_CONFIG_YAML, 'kP9mX2vQ7sL4wZr8', 'jsonSecret', { messageIncludes: ['"jwt.key"'] }),
        at(NODE_CONFIG_YAML, STRIPE, 'jsonToken', { messageIncludes: ['stripe.secretKey'] }),
      ],
      output: null,
    },
    {
      name: "a deploy's YAML an app reads with its own loader (js-yaml, no node-config): judged as settings, with plain advice (review)",
      filename: 'config/production.yml',
      code: NODE_CONFIG_YAML,
      files: { 'package.json': JSON.stringify({ name: 'api', dependencies: { 'js-yaml': '^4.1.0' } }) },
      errors: [
        at(NODE_CONFIG_YAML, 'Tr0ub4dor-and-3', 'jsonSecret', {
          messageIncludes: ['"db.password"', 'read it from the environment (DB_PASSWORD)'],
        }),
        at(NODE_CONFIG_YAML, 'kP9mX2vQ7sL4wZr8', 'jsonSecret', { messageIncludes: ['"jwt.key"'] }),
        at(NODE_CONFIG_YAML, STRIPE, 'jsonToken', { messageIncludes: ['stripe.secretKey'] }),
      ],
      output: null,
    },
    {
      name: "node-config's development YAML: a provider's token still counts",
      filename: 'config/development.yml',
      code: NODE_CONFIG_YAML,
      files: NODE_CONFIG_PACKAGE,
      errors: [at(NODE_CONFIG_YAML, STRIPE, 'jsonToken')],
      output: null,
    },
    {
      name: "Feathers 4: production.json names the variables (AUTH_SECRET) that replace default.json's values; a key it does not name, and Feathers 5 (no substitution), still count",
      filename: 'config/default.json',
      code: `{\n  "authentication": { "secret": "b8c2f0a9e3d1" },\n  "apiSecret": "kP9mX2vQ7sL4wZr8",\n  "jwt": { "key": "Zq81LmZ9xwPqT4" }\n}\n`,
      files: {
        'package.json': JSON.stringify({ name: 'api', dependencies: { '@feathersjs/configuration': '^4.5.11' } }),
        'config/production.json':
          '{ "authentication": { "secret": "AUTH_SECRET" }, "apiSecret": "API_SECRET", "jwt": { "key": "jwt-key" } }\n',
      },
      errors: [{ messageId: 'jsonSecret', line: 4, column: 20 }],
    },
    {
      name: 'near-miss of Feathers 4: the same files under Feathers 5, which maps variables with custom-environment-variables only',
      filename: 'config/default.json',
      code: `{\n  "apiSecret": "kP9mX2vQ7sL4wZr8"\n}\n`,
      files: {
        'package.json': JSON.stringify({ name: 'api', dependencies: { '@feathersjs/configuration': '^5.0.11' } }),
        'config/production.json': '{ "apiSecret": "API_SECRET" }\n',
      },
      errors: [{ messageId: 'jsonSecret', line: 2, column: 17 }],
    },
    {
      name: "node-config: a default for a key custom-environment-variables maps is the deploy's to set; a provider's token there and an unmapped key still count",
      filename: 'config/default.json',
      code: `{\n  "db": { "password": "Tr0ub4dor-and-3" },\n  "stripe": { "secretKey": "${STRIPE}" },\n  "jwt": { "key": "kP9mX2vQ7sL4wZr8" }\n}\n`,
      files: {
        'config/custom-environment-variables.json':
          '{ "db": { "password": "DB_PASSWORD" }, "stripe": { "secretKey": { "__name": "STRIPE_SECRET_KEY" } } }\n',
      },
      errors: [
        { messageId: 'jsonToken', line: 3, column: 29 },
        { messageId: 'jsonSecret', line: 4, column: 20 },
      ],
    },
    {
      name: "near-miss of a mapped key's default (review): in production's own file the value is what runs, and the advice says it is mapped",
      filename: 'config/production.json',
      code: `{\n  "db": { "password": "Tr0ub4dor-and-3" },\n  "jwt": { "secret": "kP9mX2vQ7sL4wZr8nB3c" }\n}\n`,
      files: {
        'config/custom-environment-variables.json': '{ "db": { "password": "DB_PASSWORD" }, "jwt": { "secret": "JWT_SECRET" } }\n',
      },
      errors: [
        {
          messageId: 'jsonSecret',
          line: 2,
          column: 24,
          messageIncludes: ['"db.password" is mapped in config/custom-environment-variables.json'],
        },
        { messageId: 'jsonSecret', line: 3, column: 23 },
      ],
    },
    {
      name: 'near-miss of a repeated client id: a key of its own beside the id',
      filename: 'config/default.json',
      code: '{\n  "transferwise": { "clientId": "opencollective", "clientKey": "Xk9mQ2vL7pR4wZ" }\n}\n',
      errors: [{ messageId: 'jsonSecret', line: 2, column: 65 }],
    },
    {
      name: 'node-config: a secret-named key, and a generic key qualified by its parent (jwt.key)',
      filename: 'config/default.json',
      code: NODE_CONFIG,
      errors: [
        at(NODE_CONFIG, 'Tr0ub4dor-and-3', 'jsonSecret', {
          messageIncludes: ['"db.password"', 'config/custom-environment-variables.json', 'DB_PASSWORD'],
        }),
        at(NODE_CONFIG, 'kP9mX2vQ7sL4wZr8', 'jsonSecret', { messageIncludes: ['"jwt.key"'] }),
      ],
      output: null,
    },
    {
      name: 'node-config: a provider token under any name',
      filename: 'config/production.json',
      code: `{ "payments": { "stripe": "${STRIPE}" } }\n`,
      errors: [
        { messageId: 'jsonToken', line: 1, column: 28, endLine: 1, endColumn: 28 + STRIPE.length, messageIncludes: ['payments.stripe'] },
      ],
    },
    {
      name: 'appsettings.json: a password in a SQL Server connection string',
      filename: 'appsettings.Production.json',
      code: APPSETTINGS,
      errors: [at(APPSETTINGS, 'Xk2-secret-99', 'jsonConnectionString', { messageIncludes: ['SQL Server', 'ConnectionStrings.Default'] })],
    },
    {
      name: 'app.json: a value in env, in both forms',
      filename: 'app.json',
      code: APP_JSON,
      errors: [
        at(APP_JSON, 'kP9mX2vQ7sL4wZr8', 'jsonSecret', { messageIncludes: ['heroku config:set'] }),
        at(APP_JSON, HEXKEY, 'jsonSecret', { messageIncludes: ['API key'] }),
      ],
    },
    {
      name: 'a Google service-account key: one finding on the private key',
      filename: 'service-account.json',
      code: SERVICE_ACCOUNT,
      errors: [
        {
          ...at(SERVICE_ACCOUNT, '-----BEGIN PRIVATE KEY-----', 'jsonServiceAccountKey'),
          endLine: 5,
          endColumn: SERVICE_ACCOUNT.split('\n')[4].length - 1,
          messageIncludes: ['orders@orders-prod.iam.gserviceaccount.com', 'delete this key'],
        },
      ],
    },
    {
      name: 'an editor settings file with a database password',
      filename: '.vscode/settings.json',
      code: VSCODE,
      errors: [at(VSCODE, 'Tr0ub4dor-and-3', 'jsonSecret')],
    },
    {
      name: "package.json: a start script's connection string, and a provider token in a test script",
      filename: 'package.json',
      code: SCRIPTS,
      errors: [at(SCRIPTS, 'Wq7-ordersDB-2024', 'jsonConnectionString'), at(SCRIPTS, GITHUB, 'jsonToken')],
    },
    {
      name: 'package.json: scripts named for production work or pointing at a remote host are not test data',
      filename: 'package.json',
      code: REMOTE_SCRIPTS,
      errors: [
        at(REMOTE_SCRIPTS, 'Wq7-ordersDB-2024', 'jsonConnectionString'),
        at(REMOTE_SCRIPTS, 'Zr4-billingDB-2023', 'jsonConnectionString'),
        at(REMOTE_SCRIPTS, 'Qp8-cacheKV-2025', 'jsonConnectionString'),
      ],
    },
    {
      name: 'package.json: credentials in a dependency URL',
      filename: 'package.json',
      code: PACKAGE,
      errors: [at(PACKAGE, 'Wq7-deployKey-2024', 'jsonConnectionString', { messageIncludes: ['package.json'] })],
    },
  ],
});

// ── compose ──────────────────────────────────────────────────────────────────────────────────

const COMPOSE_MAP =
  'services:\n  api:\n    image: acme/api\n    environment:\n      NODE_ENV: production\n      JWT_SECRET: kP9mX2vQ7sL4wZr8\n';
const COMPOSE_LIST =
  'services:\n  api:\n    image: acme/api\n    environment:\n      - NODE_ENV=production\n      - JWT_SECRET=kP9mX2vQ7sL4wZr8\n';
const COMPOSE_QUOTED = 'services:\n  api:\n    environment:\n      SESSION_SECRET: "kP9#mX2-vQ7!sL4w"\n';
const COMPOSE_ARGS = `services:\n  api:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM}\n`;
const COMPOSE_URL =
  'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://orders:Wq7-ordersDB-2024@orders-db.internal:5432/orders\n';
const COMPOSE_DEFAULT = `services:\n  api:\n    environment:\n      STRIPE_KEY: \${STRIPE_KEY:-${STRIPE}}\n`;
const COMPOSE_X = `x-secrets: &secrets\n  MAILGUN_API_KEY: ${HEXKEY}\nservices:\n  api:\n    environment: *secrets\n`;
// The orders URL names a service whose password differs; the billing URL the service's own (reported there);
// the cache URL a service whose password comes from the environment.
const COMPOSE_SIBLINGS =
  'services:\n  orders:\n    environment:\n      DATABASE_URL: postgres://orders:Wq7-ordersDB-2024@db:5432/orders\n  billing:\n    environment:\n      DATABASE_URL: postgres://billing:Zr4-billingDB-2023@db:5432/billing\n      CACHE_URL: redis://:Qp8-cacheKV-2025@cache:6379\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: billing\n      POSTGRES_PASSWORD: Zr4-billingDB-2023\n  cache:\n    image: redis:7\n    environment:\n      REDIS_PASSWORD: ${REDIS_PASSWORD}\n';
const COMPOSE_PROD_WORDS =
  'services:\n  api:\n    environment:\n      DATABASE_URL: mysql://orders:Wq7-ordersDB-2024@mysql/orders\n      ADMIN_PASSWORD: SuperSecurePassword1\n  mysql:\n    image: mysql:8\n    environment:\n      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      MYSQL_PASSWORD: ${MYSQL_PASSWORD}\n';
const COMPOSE_CHOSEN =
  'services:\n  mssql:\n    environment:\n      MSSQL_SA_PASSWORD: SuperRex2020!\n  postgres:\n    environment:\n      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD: tr0ub4dor3\n';
const COMPOSE_DEFAULTS =
  'services:\n  clickhouse:\n    environment:\n      CLICKHOUSE_USER: ${CLICKHOUSE_USER:-clickhouse}\n      CLICKHOUSE_PASSWORD: ${CLICKHOUSE_PASSWORD:-Kx9-ch-2024}\n';
const COMPOSE_COMMAND = `services:\n  worker:\n    image: acme/worker\n    command: ["node", "worker.js", "--token", "${GITHUB}"]\n`;

ruleTester(RULE, {
  valid: [
    {
      name: 'references, with and without defaults',
      filename: 'docker-compose.yml',
      code: 'services:\n  api:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      JWT_SECRET: $JWT_SECRET\n      API_KEY: ${API_KEY:?set API_KEY}\n      SESSION_SECRET: ${SESSION_SECRET:-}\n      REDIS_PASSWORD: ${REDIS_PASSWORD:-changeme}\n  worker:\n    environment:\n      - DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n      - JWT_SECRET=${JWT_SECRET}\n',
    },
    {
      name: "local stand-ins: a secret word with digits counted up, the name's own words run together, an image's default login to a service defined in another file",
      filename: 'docker-compose.yml',
      code: 'services:\n  minio:\n    image: minio/minio\n    environment:\n      MINIO_ROOT_USER: app-storage\n      MINIO_ROOT_PASSWORD: secret1234\n  api:\n    image: example/api\n    environment:\n      AUTH_ENCRYPTION_KEY: encryptionkey\n      DATABASE_URL: postgres://postgres:postgres@tenant_db:5432/postgres\n  tenant_db:\n    extends:\n      service: tenant_db\n      file: ./infra/docker-compose-infra.yml\n',
    },
    {
      name: "a local tool's counted password in a development compose file (ticketz's pgAdmin), and a default marked as never read",
      filename: 'docker-compose-dev.yaml',
      code: COMPOSE_DEV_DUMMIES,
    },
    {
      name: "MinIO's documented default as an S3 access/secret key pair, also as the default of a reference",
      filename: 'compose.yml',
      code: 'services:\n  app:\n    environment:\n      STORAGE_ACCESS_KEY: ${STORAGE_ACCESS_KEY:-minioadmin}\n      STORAGE_SECRET_KEY: ${STORAGE_SECRET_KEY:-minioadmin}\n  minio:\n    image: minio/minio\n    environment:\n      MINIO_ROOT_USER: minioadmin\n      MINIO_ROOT_PASSWORD: minioadmin\n',
    },
    {
      name: 'env_file, pass-through variables, Docker secrets',
      filename: 'compose.yaml',
      code: 'services:\n  api:\n    env_file:\n      - .env\n    environment:\n      - DB_PASSWORD\n      - STRIPE_KEY\n      - DB_PASSWORD_FILE=/run/secrets/db_password\n    secrets:\n      - db_password\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n',
    },
    {
      name: 'dev databases: default passwords, password = user, placeholders',
      filename: 'docker-compose.dev.yml',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: docker\n      POSTGRES_PASSWORD: docker\n  db2:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n  mq:\n    image: rabbitmq:3\n    environment:\n      - RABBITMQ_DEFAULT_USER=myuser\n      - RABBITMQ_DEFAULT_PASS=mypassword\n      - AMQP_URL=amqp://myuser:mypassword@rabbitmq\n  mysql:\n    image: mysql:8\n    environment:\n      MYSQL_ROOT_PASSWORD: "password"\n      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n',
    },
    {
      name: 'a password equal to its user when both are the defaults of references (langfuse ClickHouse)',
      filename: 'docker-compose.yml',
      code: 'services:\n  clickhouse:\n    image: clickhouse/clickhouse-server:25.12\n    environment:\n      CLICKHOUSE_USER: ${CLICKHOUSE_USER:-clickhouse}\n      CLICKHOUSE_PASSWORD: ${CLICKHOUSE_PASSWORD:-clickhouse}\n',
    },
    {
      name: 'a test word joined to a word, as a password and inside a connection string',
      filename: 'docker-compose.yml',
      code: 'services:\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD: testpass\n  backend:\n    image: acme/backend\n    environment:\n      - DATABASE_URL=postgresql://postgres:testpass@db:5432/app\n',
    },
    {
      name: "a connection string to a sibling service: its password is that service's setting, or the database trusts every login",
      filename: 'docker-compose.yml',
      code: 'services:\n  acme:\n    environment:\n      DATABASE_URL: "postgresql://acme-user:acme-password@acme-postgres:5432/acme"\n  acme-postgres:\n    image: postgres:17\n    environment:\n      POSTGRES_USER: acme-user\n      POSTGRES_PASSWORD: acme-password\n  web:\n    environment:\n      DATABASE_URL: "postgres://postgres:unleash@db/db"\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n',
    },
    {
      name: 'the password "password" dressed for a complexity check, and a user\'s name in leetspeak',
      filename: 'docker-compose.yml',
      code: 'services:\n  mssql:\n    image: mcr.microsoft.com/mssql/server:2019-latest\n    environment:\n      - ACCEPT_EULA=Y\n      - MSSQL_SA_PASSWORD=SuperP4ssw0rd!\n      - SA_PASSWORD=yourStrong(!)Password\n  postgres:\n    image: postgres:17\n    environment:\n      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD: p0stgr3s\n  app:\n    environment:\n      - DB_URL=postgres://postgres:p0stgr3s@postgres:5432/app\n',
    },
    {
      name: "a registry's auth strategy",
      filename: 'docker-compose.yml',
      code: 'services:\n  registry:\n    image: registry:2\n    environment:\n      REGISTRY_AUTH: htpasswd\n',
    },
    {
      name: 'a leetspeak "secret" shared by services',
      filename: 'docker-compose.yml',
      code: 'services:\n  auth:\n    environment:\n      - JWT_SECRET=s3cr3t\n  orders:\n    environment:\n      JWT_SECRET: "s3cr3t"\n',
    },
    {
      name: 'escaped variables in commands and healthchecks, URLs without passwords',
      filename: 'docker-compose.yml',
      code: 'services:\n  redis:\n    command: redis-server --requirepass "$${REDIS_PASSWORD:?REDIS_PASSWORD is not set}"\n    healthcheck:\n      test: ["CMD-SHELL", "redis-cli --pass \\"$${REDIS_PASSWORD}\\" ping"]\n  api:\n    environment:\n      MONGO_URL: mongodb://mongo:27017/app\n      AUTH_SERVICE_URL: http://auth:3000\n',
    },
    {
      name: 'secret-named keys outside environment and build args',
      filename: 'docker-compose.yml',
      code: 'services:\n  api:\n    labels:\n      traefik.http.middlewares.auth.basicauth.usersfile: /etc/traefik/users\n    secrets:\n      - source: api_token\n        target: token\n',
    },
    {
      name: 'build arguments from the environment, an x- block of references',
      filename: 'docker-compose.yml',
      code: 'x-db-env: &db-env\n  DB_HOST: db\n  DB_PASSWORD: ${DB_PASSWORD}\nservices:\n  api:\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n        - SENTRY_AUTH_TOKEN\n    environment: *db-env\n',
    },
    {
      name: 'names that are not secrets, placeholders, numbers and flags',
      filename: 'compose.yml',
      code: 'services:\n  api:\n    environment:\n      TOKEN_EXPIRY: 3600\n      API_KEY_HEADER: x-api-key\n      JWT_ALGORITHM: HS256\n      SESSION_SECRET: changeme\n      STRIPE_KEY: <your-stripe-key>\n      DB_PASSWORD_LENGTH: 32\n      MYSQL_RANDOM_ROOT_PASSWORD: 1\n      REQUIRE_PASSWORD: true\n',
    },
    {
      name: 'a compose file under a test folder with test credentials',
      filename: 'test/e2e/docker-compose.yml',
      code: 'services:\n  api:\n    environment:\n      SMTP_PASSWORD: test_smtp_password\n      SESSION_SECRET: session-secret-for-tests\n',
    },
    {
      name: 'a disable comment',
      filename: 'docker-compose.yml',
      code: 'services:\n  api:\n    environment:\n      # twelve-factor-disable-next-line config/no-hardcoded-secret -- a public demo account\n      DEMO_PASSWORD: Tr0ub4dor-and-3\n',
    },
    {
      name: 'a compose override file excluded by .gitignore',
      filename: 'docker-compose.override.yml',
      code: COMPOSE_MAP,
      files: { '.gitignore': 'docker-compose.override.yml\n' },
    },
  ],
  invalid: [
    {
      name: 'environment map: fix references the variable and documents it in .env.example',
      filename: 'docker-compose.yml',
      code: COMPOSE_MAP,
      errors: [
        at(COMPOSE_MAP, 'kP9mX2vQ7sL4wZr8', 'composeSecret', {
          messageIncludes: ['environment variable JWT_SECRET of service api', '${JWT_SECRET}', 'kP9m…(16 chars)'],
        }),
      ],
      output: COMPOSE_MAP.replace('kP9mX2vQ7sL4wZr8', '${JWT_SECRET}'),
      outputFiles: { '.env.example': 'JWT_SECRET=\n' },
    },
    {
      name: "near-miss of a development compose file: the compose file a self-hoster deploys (swetrix's PASSWORD=12345678)",
      filename: 'docker-compose.yml',
      code: COMPOSE_SELF_HOSTED,
      errors: [at(COMPOSE_SELF_HOSTED, '12345678', 'composeSecret')],
    },
    {
      name: 'near-misses of a counted password: the same in a production compose file, and other digits',
      filename: 'docker-compose.prod.yml',
      code: COMPOSE_DEV_NEAR,
      errors: [at(COMPOSE_DEV_NEAR, '123456', 'composeSecret'), at(COMPOSE_DEV_NEAR, '83920417', 'composeSecret')],
    },
    {
      name: 'near-misses of local stand-ins: other digits, a word of its own after the name, a default login on a domain, a chosen password, a password made from a user that is no default (review)',
      filename: 'docker-compose.yml',
      code: COMPOSE_NEAR_STAND_INS,
      errors: [
        at(COMPOSE_NEAR_STAND_INS, 'secret8372', 'composeSecret'),
        at(COMPOSE_NEAR_STAND_INS, 'encryptionkey7Qx', 'composeSecret'),
        at(COMPOSE_NEAR_STAND_INS, 'postgres', 'composeConnectionString', {}, COMPOSE_NEAR_STAND_INS.indexOf(':postgres@db') + 1),
        at(COMPOSE_NEAR_STAND_INS, 'Wq7x-cache-2024', 'composeConnectionString'),
        at(COMPOSE_NEAR_STAND_INS, 'shopadmin_pass', 'composeConnectionString'),
        at(COMPOSE_NEAR_STAND_INS, 'default123', 'composeConnectionString'),
      ],
    },
    {
      name: 'environment list',
      filename: 'compose.yaml',
      code: COMPOSE_LIST,
      errors: [at(COMPOSE_LIST, 'kP9mX2vQ7sL4wZr8', 'composeSecret')],
      output: COMPOSE_LIST.replace('kP9mX2vQ7sL4wZr8', '${JWT_SECRET}'),
    },
    {
      name: 'a quoted value keeps its quotes',
      filename: 'docker-compose.yml',
      code: COMPOSE_QUOTED,
      errors: [at(COMPOSE_QUOTED, 'kP9#mX2-vQ7!sL4w', 'composeSecret')],
      output: COMPOSE_QUOTED.replace('kP9#mX2-vQ7!sL4w', '${SESSION_SECRET}'),
    },
    {
      name: 'a token as a build argument',
      filename: 'docker-compose.yml',
      code: COMPOSE_ARGS,
      errors: [
        at(COMPOSE_ARGS, NPM, 'composeToken', {
          messageIncludes: ['build argument NPM_TOKEN of service api (kept in the image history too)'],
        }),
      ],
      output: COMPOSE_ARGS.replace(NPM, '${NPM_TOKEN}'),
    },
    {
      name: 'a connection-string password: the whole value becomes the variable',
      filename: 'docker-compose.yml',
      code: COMPOSE_URL,
      errors: [at(COMPOSE_URL, 'Wq7-ordersDB-2024', 'composeConnectionString')],
      output: 'services:\n  api:\n    environment:\n      DATABASE_URL: ${DATABASE_URL}\n',
    },
    {
      name: 'the default of ${VAR:-default}: the default goes',
      filename: 'docker-compose.yml',
      code: COMPOSE_DEFAULT,
      errors: [at(COMPOSE_DEFAULT, STRIPE, 'composeToken')],
      output: 'services:\n  api:\n    environment:\n      STRIPE_KEY: ${STRIPE_KEY}\n',
    },
    {
      name: "a sibling service's real password is reported in the URL and where the service sets it (both must go); a URL to a service with another password",
      filename: 'docker-compose.yml',
      code: COMPOSE_SIBLINGS,
      errors: [
        at(COMPOSE_SIBLINGS, 'Wq7-ordersDB-2024', 'composeConnectionString'),
        at(COMPOSE_SIBLINGS, 'Zr4-billingDB-2023', 'composeConnectionString'),
        at(COMPOSE_SIBLINGS, 'Qp8-cacheKV-2025', 'composeConnectionString'),
        at(
          COMPOSE_SIBLINGS,
          'Zr4-billingDB-2023',
          'composeSecret',
          { messageIncludes: ['environment variable POSTGRES_PASSWORD of service db'] },
          COMPOSE_SIBLINGS.indexOf('POSTGRES_PASSWORD'),
        ),
      ],
    },
    {
      name: "a dressed-up password word in a production compose file, and a URL to a MySQL whose empty password is root's alone",
      filename: 'docker-compose.prod.yml',
      code: COMPOSE_PROD_WORDS,
      errors: [
        at(COMPOSE_PROD_WORDS, 'Wq7-ordersDB-2024', 'composeConnectionString'),
        at(COMPOSE_PROD_WORDS, 'SuperSecurePassword1', 'composeSecret'),
      ],
    },
    {
      name: 'a complexity-dressed password with a word of its own, and a leetspeak password that is not the user',
      filename: 'docker-compose.yml',
      code: COMPOSE_CHOSEN,
      errors: [at(COMPOSE_CHOSEN, 'SuperRex2020!', 'composeSecret'), at(COMPOSE_CHOSEN, 'tr0ub4dor3', 'composeSecret')],
    },
    {
      name: "a reference's default password that is not its user's default",
      filename: 'docker-compose.yml',
      code: COMPOSE_DEFAULTS,
      errors: [at(COMPOSE_DEFAULTS, 'Kx9-ch-2024', 'composeSecret')],
    },
    {
      name: 'an x- block merged into services',
      filename: 'docker-compose.yml',
      code: COMPOSE_X,
      errors: [at(COMPOSE_X, HEXKEY, 'composeSecret', { messageIncludes: ['MAILGUN_API_KEY in x-secrets'] })],
      output: COMPOSE_X.replace(HEXKEY, '${MAILGUN_API_KEY}'),
    },
    {
      name: 'a token in a command: no fix',
      filename: 'docker-compose.yml',
      code: COMPOSE_COMMAND,
      errors: [at(COMPOSE_COMMAND, GITHUB, 'composeToken', { messageIncludes: ['services.worker.command'] })],
      output: null,
    },
    {
      name: 'a compose file in a folder: .env.example beside it',
      filename: 'deploy/docker-compose.prod.yml',
      code: COMPOSE_MAP,
      errors: [at(COMPOSE_MAP, 'kP9mX2vQ7sL4wZr8', 'composeSecret')],
      output: COMPOSE_MAP.replace('kP9mX2vQ7sL4wZr8', '${JWT_SECRET}'),
      outputFiles: { 'deploy/.env.example': 'JWT_SECRET=\n' },
    },
  ],
});

// ── .npmrc ───────────────────────────────────────────────────────────────────────────────────

const NPMRC = `engine-strict=true\n//registry.npmjs.org/:_authToken=${NPM}\n`;
const NPMRC_TWO = `@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=${GITHUB}\n//registry.npmjs.org/:_authToken=${NPM}\n`;
const AUTH = Buffer.from('ci-bot:Wq7-deployKey-2024').toString('base64');

ruleTester(RULE, {
  valid: [
    {
      name: 'settings only',
      filename: '.npmrc',
      code: 'save-exact=true\nengine-strict=true\nalways-auth=true\nemail=dev@acme.io\nlegacy-peer-deps=true\n',
    },
    {
      name: 'a token read from the environment',
      filename: '.npmrc',
      code: '@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}\n',
    },
    { name: 'placeholders', filename: '.npmrc', code: '//registry.npmjs.org/:_authToken=changeme\n_auth=<base64>\n' },
    {
      name: 'a disable comment',
      filename: '.npmrc',
      code: `# twelve-factor-disable-next-line config/no-hardcoded-secret -- a read-only token of a public mirror\n//registry.npmjs.org/:_authToken=${NPM}\n`,
    },
    { name: 'a local .npmrc excluded by .gitignore', filename: '.npmrc', code: NPMRC, files: { '.gitignore': '.npmrc\n' } },
  ],
  invalid: [
    {
      name: 'a literal _authToken: fix reads it from ${NPM_TOKEN}',
      filename: '.npmrc',
      code: NPMRC,
      errors: [at(NPMRC, NPM, 'npmrcToken', { messageIncludes: ['npm auth token npm_…(40 chars)', '_authToken=${NPM_TOKEN}'] })],
      output: `engine-strict=true\n//registry.npmjs.org/:_authToken=\${NPM_TOKEN}\n`,
    },
    {
      name: 'two registries: one variable each',
      filename: '.npmrc',
      code: NPMRC_TWO,
      errors: [at(NPMRC_TWO, GITHUB, 'npmrcToken', { messageIncludes: ['${NPM_TOKEN_GITHUB}'] }), at(NPMRC_TWO, NPM, 'npmrcToken')],
      output: NPMRC_TWO.replace(GITHUB, '${NPM_TOKEN_GITHUB}'),
    },
    {
      name: '_auth (base64 user:password)',
      filename: '.npmrc',
      code: `_auth=${AUTH}\n`,
      errors: [{ messageId: 'npmrcToken', line: 1, column: 7, endLine: 1, endColumn: 7 + AUTH.length }],
      output: '_auth=${NPM_AUTH}\n',
    },
    {
      name: 'a password in the registry URL: no fix',
      filename: '.npmrc',
      code: 'registry=https://ci-bot:Wq7-deployKey-2024@npm.acme.io/\n',
      errors: [{ messageId: 'npmrcToken', line: 1, column: 25, endLine: 1, endColumn: 43 }],
      output: null,
    },
  ],
});

// ── across kinds ─────────────────────────────────────────────────────────────────────────────

describe(`${RULE} (config files): every kind`, () => {
  const cases: { filename: string; code: string; secret: string }[] = [
    { filename: '.env', code: 'DB_PASSWORD=Tr0ub4dor-and-3\n', secret: 'Tr0ub4dor-and-3' },
    { filename: '.env.example', code: 'DB_PASSWORD=Tr0ub4dor-and-3\n', secret: 'Tr0ub4dor-and-3' },
    { filename: 'config/default.json', code: '{ "db": { "password": "Tr0ub4dor-and-3" } }\n', secret: 'Tr0ub4dor-and-3' },
    {
      filename: 'docker-compose.yml',
      code: 'services:\n  db:\n    environment:\n      DB_PASSWORD: Tr0ub4dor-and-3\n',
      secret: 'Tr0ub4dor-and-3',
    },
    { filename: '.npmrc', code: NPMRC, secret: NPM },
  ];

  it('messages and fix titles never hold the secret; findings name it for masking', () => {
    for (const c of cases) {
      const { findings } = analyzeCase(RULE, c);
      assert.equal(findings.length, 1, c.filename);
      const f = findings[0];
      assert.ok(!f.message.includes(c.secret), f.message);
      for (const fix of f.fixes ?? []) {
        assert.ok(!fix.title.includes(c.secret), fix.title);
        for (const change of fix.changes) assert.ok(!JSON.stringify(change).includes(c.secret), `${c.filename}: a fix copies the secret`);
      }
    }
  });

  it('fixes are suggestions, never preferred (fix-all skips them)', () => {
    for (const c of cases) {
      for (const fix of analyzeCase(RULE, c).findings[0].fixes ?? []) {
        assert.equal(fix.kind, 'suggestion', `${c.filename}: ${fix.title}`);
        assert.notEqual(fix.isPreferred, true);
      }
    }
  });

  it('config files under test folders are reported at the test severity', () => {
    for (const c of cases) {
      const { findings } = analyzeCase(RULE, { ...c, filename: `test/fixtures/app/${c.filename}` });
      assert.ok(findings.length <= 1, c.filename);
      for (const f of findings) assert.equal(f.severity, 'information', c.filename);
    }
  });

  it('each pre-filter passes every file it reports in', () => {
    const rule = ruleById(RULE)!;
    const samples: [keyof typeof rule, string][] = [
      ['dotenv', COMMITTED],
      ['dotenv', COMMENTED],
      ['json', NODE_CONFIG],
      ['json', SERVICE_ACCOUNT],
      ['json', PACKAGE],
      ['yaml', COMPOSE_MAP],
      ['yaml', COMPOSE_COMMAND],
      ['npmrc', NPMRC],
      ['npmrc', `_auth=${AUTH}\n`],
    ];
    for (const [language, text] of samples) {
      const check = rule[language] as { prefilter?: (t: string) => boolean };
      assert.equal(check.prefilter?.(text), true, `${language}: ${text.slice(0, 40)}`);
    }
  });

  it('an exact ensureLine: /.env is not done by /.env.local, and is never added twice', () => {
    const fix: Fix = {
      kind: 'suggestion',
      title: 'add /.env',
      changes: [{ kind: 'ensureLine', file: '/w/.gitignore', line: '/.env', presentIfLineStartsWith: '/.env', exact: true }],
    };
    const once = applyFix(fix, new Map([['/w/.gitignore', '/.env.local\r\n']])).get('/w/.gitignore');
    assert.equal(once, '/.env.local\r\n/.env\r\n');
    assert.equal(applyFix(fix, new Map([['/w/.gitignore', once!]])).get('/w/.gitignore'), once);
    assert.equal(applyFix(fix, new Map()).get('/w/.gitignore'), '/.env\n');
  });

  it('names env files by what they are for', () => {
    const roles = Object.fromEntries(
      [
        '.env',
        '.env.local',
        '.env.production',
        'prod.env',
        '.env.example',
        '.env.local.example',
        '.env.sample',
        'example.env',
        '.example.env',
        '.env.defaults',
        '.env.dist',
        '.env.template',
        '.env.test',
        '.env.ci',
        '.env.test.sample',
        '.env.e2e.example',
        '.env.vault',
        'develop.env',
        '.env.develop.local',
      ].map((f) => [f, dotenvRole(f)]),
    );
    assert.deepEqual(roles, {
      '.env': 'environment',
      '.env.local': 'environment',
      '.env.production': 'environment',
      'prod.env': 'environment',
      '.env.example': 'example',
      '.env.local.example': 'example',
      '.env.sample': 'example',
      'example.env': 'example',
      '.example.env': 'example',
      '.env.defaults': 'example',
      '.env.dist': 'example',
      '.env.template': 'example',
      '.env.test': 'test',
      '.env.ci': 'test',
      '.env.test.sample': 'test',
      '.env.e2e.example': 'test',
      '.env.vault': 'vault',
      'develop.env': 'test',
      '.env.develop.local': 'environment',
    });
  });

  it('large files stay fast (linear in their entries)', () => {
    // 10,000 entries: user/password pairs (equal: local defaults, judged and dropped) and one real secret at the end.
    // A quadratic pass over them would take minutes.
    const pairs = (sep: string, indent = '', count = 5000) =>
      Array.from(
        { length: count },
        (_, i) => `${indent}SERVICE_${i}_USER${sep}svc-${i}-Xq7\n${indent}SERVICE_${i}_PASSWORD${sep}svc-${i}-Xq7`,
      ).join('\n');
    const files = [
      { filename: '.env', code: `${pairs('=')}\nDB_PASSWORD=Tr0ub4dor-and-3\n` },
      {
        filename: 'docker-compose.yml',
        code: `services:\n  api:\n    environment:\n${pairs(': ', '      ')}\n      DB_PASSWORD: Tr0ub4dor-and-3\n`,
      },
      {
        filename: 'config/default.json',
        code: `{\n${pairs(': ', '  ').replace(/^( *)(\S+): (\S+)$/gm, '$1"$2": "$3",')}\n  "DB_PASSWORD": "Tr0ub4dor-and-3"\n}\n`,
      },
    ];
    for (const c of files) {
      const started = Date.now();
      const { findings } = analyzeCase(RULE, c);
      const took = Date.now() - started;
      assert.equal(findings.length, 1, c.filename);
      assert.ok(took < 8000, `${c.filename}: ${took} ms for ${c.code.length} characters`);
    }
  });
});
