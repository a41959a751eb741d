/** config/no-hardcoded-secret in Dockerfiles. Tokens are assembled at run time: the repository holds no scanner-bait literal. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCase, ruleTester } from '../../../helpers/ruleTester';
import { randomText, B62, HEX } from '../../../helpers/planted';

const RULE = 'config/no-hardcoded-secret';
const GITHUB = 'ghp_' + randomText(B62, 36, 21);
const NPM = 'npm_' + randomText(B62, 36, 22);
const STRIPE = 'sk_' + 'live_' + randomText(B62, 24, 23);
const HEXKEY = randomText(HEX, 32, 24);
const D = 'Dockerfile';

ruleTester(RULE, {
  valid: [
    {
      name: "a development image's database defaults: a well-known default, a password equal to its user",
      filename: 'Dockerfile.dev.server',
      code: `FROM node:20-slim\nENV NODE_ENV=development\nENV DATABASE_USER=postgres\nENV DATABASE_PASSWORD=postgres\nENV MQ_USER=orders MQ_PASSWORD=orders\nCMD ["node", "dist/main.js"]\n`,
    },
    {
      name: 'secret mounts',
      filename: D,
      code: `# syntax=docker/dockerfile:1\nFROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev\n`,
    },
    {
      name: 'build args without values, read from a secret',
      filename: D,
      code: `FROM node:20\nARG NPM_TOKEN\nARG GITHUB_TOKEN\nRUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\nRUN git clone https://\${GITHUB_TOKEN}@github.com/acme/private-lib.git\n`,
    },
    {
      name: 'plain config',
      filename: D,
      code: `FROM node:20\nENV NODE_ENV=production PORT=3000 NPM_CONFIG_LOGLEVEL=warn\nENV TOKEN_EXPIRY=3600 SESSION_COOKIE_NAME=sid API_KEY_HEADER=x-api-key\nEXPOSE 3000\n`,
    },
    {
      name: 'references to variables',
      filename: D,
      code: `FROM node:20\nARG DB_PASSWORD\nENV DB_PASSWORD=\${DB_PASSWORD} JWT_SECRET=$JWT_SECRET\nENV DATABASE_URL=postgres://app:\${DB_PASSWORD}@db:5432/app\n`,
    },
    {
      name: 'secret files mounted at run time',
      filename: D,
      code: `FROM node:20\nENV PASSWORD_FILE=/run/secrets/db_password DB_PASSWORD_FILE=/run/secrets/db\n`,
    },
    {
      name: 'placeholders',
      filename: D,
      code: `FROM node:20\nENV JWT_SECRET=changeme API_KEY=your-api-key-here SESSION_SECRET="" STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n`,
    },
    {
      name: 'GPG key fingerprints of official images',
      filename: D,
      code: `FROM debian:bookworm-slim\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\nENV PGP_KEY=7169605F62C751356D054A26A821E680E5FA6305\n`,
    },
    {
      name: 'local dev database defaults',
      filename: D,
      code: `FROM postgres:16\nENV DATABASE_URL=postgres://postgres:postgres@localhost:5432/test MYSQL_ALLOW_EMPTY_PASSWORD=yes\n`,
    },
    {
      name: 'example env files and CA certificates',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nCOPY .env.example .env.sample ./\nCOPY certs/rds-combined-ca-bundle.pem /etc/ssl/certs/\nCOPY certs/server.crt certs/ca.pem /etc/ssl/\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n`,
    },
    {
      name: 'certificates, DH parameters and public keys',
      filename: D,
      code: `FROM nginx:1.27\nCOPY tls/fullchain.pem tls/rootCA.pem tls/dhparam.pem /etc/nginx/tls/\nCOPY keys/jwtRS256.key.pub keys/public.key /app/keys/\n`,
    },
    {
      name: 'an .npmrc without credentials',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nCOPY .npmrc package*.json ./\nRUN npm ci\n`,
      files: { '.npmrc': 'engine-strict=true\nsave-exact=true\n' },
    },
    {
      name: 'an .npmrc that reads the token from the environment',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nCOPY .npmrc ./\n`,
      files: { '.npmrc': '@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=${NPM_TOKEN}\n' },
    },
    {
      name: 'a secret file only in a build stage the final image does not copy',
      filename: D,
      code: `FROM node:20 AS build\nWORKDIR /app\nCOPY .npmrc .env ./\nRUN npm ci && npm run build\n\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCMD ["node", "dist/server.js"]\n`,
    },
    {
      name: 'tokens from variables written to .npmrc',
      filename: D,
      code: `FROM node:20\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\nRUN npm config set //registry.npmjs.org/:_authToken $NPM_TOKEN\n`,
    },
    {
      name: 'credentials from variables and stdin',
      filename: D,
      code: `FROM node:20\nRUN curl -fsSL -u "$ARTIFACTORY_USER:$ARTIFACTORY_PASSWORD" https://artifacts.acme.io/pkg.tgz -o pkg.tgz\nRUN --mount=type=secret,id=pw docker login -u ci --password-stdin registry.acme.io < /run/secrets/pw\nRUN mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -e 'select 1'\n`,
    },
    {
      name: 'URLs without credentials',
      filename: D,
      code: `FROM node:20\nLABEL org.opencontainers.image.source=https://github.com/acme/api\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\nRUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -\n`,
    },
    {
      name: 'COPY . . with the .env excluded by .dockerignore',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nCOPY . .\n`,
      files: { '.env': 'DB_PASSWORD=x\n', '.dockerignore': 'node_modules\n.env*\n!.env.example\n' },
    },
    {
      name: "COPY . . with the .env excluded by the Dockerfile's own ignore file",
      filename: 'api.Dockerfile',
      code: `FROM node:20\nCOPY . .\n`,
      files: { '.env': 'X=1\n', 'api.Dockerfile.dockerignore': '*.env\n.env\n' },
    },
    {
      name: 'COPY . . with no .env in the context',
      filename: D,
      code: `FROM node:20\nCOPY . .\n`,
      files: { '.env.example': 'DB_PASSWORD=\n' },
    },
    {
      name: 'COPY . . into a build stage the final image only takes dist from',
      filename: D,
      code: `FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist ./dist\n`,
      files: { '.env': 'X=1\n' },
    },
    {
      name: 'option names that are not the secret',
      filename: D,
      code: `FROM node:20\nRUN ./deploy --token-file /run/secrets/token --password-stdin --secret id=npmrc,src=.npmrc\n`,
    },
    {
      name: 'runtime options and cloud regions',
      filename: D,
      code: `FROM node:20\nENV NODE_OPTIONS=--max-old-space-size=4096 AWS_REGION=eu-west-1 AWS_DEFAULT_OUTPUT=json\n`,
    },
    {
      name: 'commit ids passed as build args',
      filename: D,
      code: `FROM node:20\nARG GITHUB_SHA\nARG BUILD_ID=local\nENV COMMIT_SHA=$GITHUB_SHA BUILD_ID=$BUILD_ID\n`,
    },
    {
      name: 'a publishable key is meant for browsers',
      filename: D,
      code: `FROM node:20\nENV STRIPE_PUBLISHABLE_KEY=pk_${'live'}_${'51H'}x2Lq8K3vR7mN4pT9wY6zA1bC\n`,
    },
    {
      name: 'a GitHub token read from a secret mount',
      filename: D,
      code: `FROM node:20\nRUN --mount=type=secret,id=github_token GITHUB_TOKEN=$(cat /run/secrets/github_token) npm ci\n`,
    },
    {
      name: 'an .npmrc written without credentials',
      filename: D,
      code: `FROM node:20\nRUN echo "registry=https://registry.npmjs.org/" > .npmrc && echo "save-exact=true" >> .npmrc\n`,
    },
    {
      name: 'connection strings without a password',
      filename: D,
      code: `FROM node:20\nENV DATABASE_URL=postgres://app@db:5432/app REDIS_URL=redis://redis:6379/0 SMTP_URL=smtp://mailhog:1025\n`,
    },
    {
      name: 'token lifetimes and password policies',
      filename: D,
      code: `FROM node:20\nENV JWT_EXPIRES_IN=1d TOKEN_TTL=3600 PASSWORD_MIN_LENGTH=12 PASSWORD_HASH_ROUNDS=12\n`,
    },
    {
      name: 'empty defaults from the environment',
      filename: D,
      code: `FROM node:20\nENV SESSION_SECRET=\${SESSION_SECRET:-} API_TOKEN="$API_TOKEN"\n`,
    },
    {
      name: 'example and template files by other names',
      filename: D,
      code: `FROM node:20\nCOPY secrets.example.json .npmrc.example config/credentials.template.yml ./\n`,
    },
    {
      name: 'copied from another stage, not from the context',
      filename: D,
      code: `FROM node:20 AS deps\nWORKDIR /app\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /app/node_modules ./node_modules\n`,
    },
    {
      name: 'wget credentials from variables',
      filename: D,
      code: `FROM node:20\nARG NEXUS_PASSWORD\nRUN wget --user=ci --password="$NEXUS_PASSWORD" https://nexus.acme.io/repository/raw/tool.tgz\n`,
    },
    {
      name: 'a base64 content hash is not a credential',
      filename: D,
      code: `FROM node:20\nENV NODE_CHECKSUM=sha256:9a1b2c3d4e5f60718293a4b5c6d7e8f9 YARN_VERSION=1.22.22\n`,
    },
  ],
  invalid: [
    {
      name: 'the same defaults in an image not named for development',
      filename: D,
      code: `FROM node:20-slim\nENV DATABASE_USER=postgres\nENV DATABASE_PASSWORD=postgres\n`,
      errors: [{ messageId: 'dockerEnvSecret', line: 3, column: 23 }],
      output: `FROM node:20-slim\nENV DATABASE_USER=postgres\n`,
      outputFiles: { '.env.example': 'DATABASE_PASSWORD=\n' },
    },
    {
      name: "a development image's chosen password",
      filename: 'Dockerfile.dev',
      code: `FROM node:20-slim\nENV DATABASE_USER=postgres\nENV DATABASE_PASSWORD=Tr0ub4dor-and-3\n`,
      errors: [{ messageId: 'dockerEnvSecret', line: 3, column: 23 }],
      output: `FROM node:20-slim\nENV DATABASE_USER=postgres\n`,
      outputFiles: { '.env.example': 'DATABASE_PASSWORD=\n' },
    },
    {
      name: 'ENV with several keys: only the secret one goes, .env.example documents it',
      filename: D,
      code: `FROM node:20\nENV NODE_ENV=production DB_PASSWORD=Tr0ub4dor-and-3 PORT=3000\nCMD ["node", "server.js"]\n`,
      errors: [
        {
          messageId: 'dockerEnvSecret',
          line: 2,
          column: 37,
          endLine: 2,
          endColumn: 52,
          messageIncludes: ['password Tr…(15 chars)', 'ENV DB_PASSWORD'],
        },
      ],
      output: `FROM node:20\nENV NODE_ENV=production PORT=3000\nCMD ["node", "server.js"]\n`,
      outputFiles: { '.env.example': 'DB_PASSWORD=\n' },
    },
    {
      name: 'the last key of an ENV with continuation lines',
      filename: D,
      code: `FROM node:20\nENV NODE_ENV=production \\\n    SESSION_SECRET="kP9#mX2-vQ7!sL4"\n`,
      errors: [{ messageId: 'dockerEnvSecret', line: 3, column: 20, endLine: 3, endColumn: 37 }],
      output: `FROM node:20\nENV NODE_ENV=production\n`,
      outputFiles: { '.env.example': 'SESSION_SECRET=\n' },
    },
    {
      name: 'the first key, with a comment line inside the continuation',
      filename: D,
      code: `FROM node:20\nENV API_KEY=${HEXKEY} \\\n    # the rest is config\n    LOG_LEVEL=info\n`,
      errors: [{ messageId: 'dockerEnvSecret', line: 2, column: 13, messageIncludes: ['API key'] }],
      output: `FROM node:20\nENV LOG_LEVEL=info\n`,
      files: { '.env.example': 'PORT=3000\n' },
      outputFiles: { '.env.example': 'PORT=3000\nAPI_KEY=\n' },
    },
    {
      name: 'legacy ENV KEY value: the whole instruction goes',
      filename: D,
      code: `FROM node:20\nenv DB_PASSWORD Tr0ub4dor-and-3\nWORKDIR /app\n`,
      errors: [{ messageId: 'dockerEnvSecret', line: 2, column: 17, endColumn: 32 }],
      output: `FROM node:20\nWORKDIR /app\n`,
    },
    {
      name: 'a provider token in ENV, under any name',
      filename: D,
      code: `FROM node:20\nENV PAYMENTS=${STRIPE}\n`,
      errors: [
        {
          messageId: 'dockerToken',
          line: 2,
          column: 14,
          endColumn: 14 + STRIPE.length,
          messageIncludes: ['Stripe secret key', 'sk_l…(32 chars)', '(ENV PAYMENTS)'],
        },
      ],
      output: `FROM node:20\n`,
    },
    {
      name: 'a token as an ARG default: the default goes',
      filename: D,
      code: `ARG GITHUB_TOKEN=${GITHUB}\nFROM node:20\nARG GITHUB_TOKEN\n`,
      errors: [{ messageId: 'dockerToken', line: 1, column: 18, messageIncludes: ['GitHub token', '(ARG GITHUB_TOKEN)'] }],
      output: `ARG GITHUB_TOKEN\nFROM node:20\nARG GITHUB_TOKEN\n`,
    },
    {
      name: 'a secret-named ARG default',
      filename: D,
      code: `FROM node:20 AS build\nARG NPM_AUTH_TOKEN="b8e7c1a2-4f6d-4e0b-9a3c-5d2f1e8b7a6c"\nRUN npm ci\n`,
      errors: [{ messageId: 'dockerArgSecret', line: 2, column: 20, messageIncludes: ['build argument NPM_AUTH_TOKEN'] }],
      output: `FROM node:20 AS build\nARG NPM_AUTH_TOKEN\nRUN npm ci\n`,
    },
    {
      name: 'a connection string with a password in ENV',
      filename: D,
      code: `FROM node:20\nENV DATABASE_URL=postgres://orders:s3cr3t-Pass@db.internal:5432/orders\n`,
      errors: [
        {
          messageId: 'dockerConnectionString',
          line: 2,
          column: 36,
          endColumn: 47,
          messageIncludes: ['a PostgreSQL connection string', '(ENV DATABASE_URL)'],
        },
      ],
      output: `FROM node:20\n`,
      outputFiles: { '.env.example': 'DATABASE_URL=\n' },
    },
    {
      name: 'an npm token echoed into .npmrc → a secret mount',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN echo "//registry.npmjs.org/:_authToken=${NPM}" > .npmrc && \\\n    npm ci --omit=dev && \\\n    rm -f .npmrc\n`,
      errors: [{ messageId: 'dockerNpmrcToken', line: 4, column: 44, endColumn: 84, messageIncludes: ['npm_…(40 chars)'] }],
      output: `FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --omit=dev\n`,
    },
    {
      name: 'npm config set of an auth token → a secret mount at the user config',
      filename: D,
      code: `FROM node:20\nRUN npm config set //npm.pkg.github.com/:_authToken ${GITHUB} && npm install -g @acme/cli\n`,
      errors: [{ messageId: 'dockerNpmrcToken', line: 2, column: 53 }],
      output: `FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm install -g @acme/cli\n`,
    },
    {
      name: 'an .npmrc written as another user: home unknown, no fix',
      filename: D,
      code: `FROM node:20\nUSER node\nRUN echo "//registry.npmjs.org/:_authToken=${NPM}" > ~/.npmrc && npm ci\n`,
      errors: [{ messageId: 'dockerNpmrcToken', line: 3, column: 44 }],
      output: null,
    },
    {
      name: 'an .npmrc token inside a heredoc RUN',
      filename: D,
      code: `# syntax=docker/dockerfile:1\nFROM node:20\nRUN <<EOF\nset -e\nnpm config set //registry.npmjs.org/:_authToken ${NPM}\nnpm ci\nEOF\n`,
      errors: [{ messageId: 'dockerNpmrcToken', line: 5, column: 49 }],
      output: null,
    },
    {
      name: 'curl -u user:password',
      filename: D,
      code: `FROM node:20\nRUN curl -fsSL -u deploy:Xk2-secret-99 https://artifacts.acme.io/pkg.tgz -o /tmp/pkg.tgz\n`,
      errors: [{ messageId: 'dockerRunCredential', line: 2, column: 26, endColumn: 39, messageIncludes: ['(curl -u)'] }],
      output: null,
    },
    {
      name: 'passwords and keys given as options, and secret-named assignments',
      filename: D,
      code: `FROM node:20\nRUN mysql -uroot -pS3cretRoot! -e 'select 1'\nRUN docker login -u ci -p My-Reg1stry-Pass registry.acme.io\nRUN ./bin/upload --api-key=${HEXKEY} dist/\nRUN export SENTRY_AUTH_TOKEN=${HEXKEY} && npx sentry-cli releases new v1\n`,
      errors: [
        { messageId: 'dockerRunCredential', line: 2, column: 20, messageIncludes: ['(mysql -p)'] },
        { messageId: 'dockerRunCredential', line: 3, column: 27, messageIncludes: ['(docker login -p)'] },
        { messageId: 'dockerRunCredential', line: 4, column: 28, messageIncludes: ['(--api-key)'] },
        { messageId: 'dockerRunCredential', line: 5, column: 30, messageIncludes: ['(SENTRY_AUTH_TOKEN=)'] },
      ],
    },
    {
      name: 'COPY of an env file, a private key, an SSH key and credentials into the final image',
      filename: D,
      code: `FROM node:20-slim\nWORKDIR /app\nCOPY .env ./\nCOPY deploy/tls/server.key /etc/ssl/private/\nCOPY ["id_rsa", "/root/.ssh/id_rsa"]\nADD gcp/service-account.json /secrets/\n`,
      errors: [
        { messageId: 'dockerSecretFile', line: 3, column: 6, endColumn: 10, messageIncludes: ['COPY puts .env (an environment file)'] },
        { messageId: 'dockerSecretFile', line: 4, column: 6, endColumn: 27, messageIncludes: ['a private key'] },
        { messageId: 'dockerSecretFile', line: 5, column: 8, endColumn: 14, messageIncludes: ['an SSH private key'] },
        { messageId: 'dockerSecretFile', line: 6, column: 5, messageIncludes: ['ADD puts gcp/service-account.json (a credentials file)'] },
      ],
    },
    {
      name: 'private keys by name, even when the name also says cert',
      filename: D,
      code: `FROM nginx:1.27\nCOPY tls/privkey.pem tls/fullchain.pem /etc/nginx/tls/\nCOPY certkey.pem /etc/postfix/\n`,
      errors: [
        { messageId: 'dockerSecretFile', line: 2, column: 6, endColumn: 21 },
        { messageId: 'dockerSecretFile', line: 3, column: 6, endColumn: 17 },
      ],
    },
    {
      name: 'an .npmrc holding a token, and one that is not in the workspace',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nCOPY .npmrc ./\nCOPY deploy/.npmrc /root/\n`,
      files: { '.npmrc': `//registry.npmjs.org/:_authToken=${NPM}\n` },
      errors: [
        { messageId: 'dockerSecretFile', line: 3, column: 6, messageIncludes: ['npm credentials'] },
        { messageId: 'dockerSecretFile', line: 4, column: 6 },
      ],
    },
    {
      name: 'COPY . . ships the .env of the build context: exclude it in .dockerignore',
      filename: D,
      code: `FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n`,
      files: { '.env': 'DB_PASSWORD=x\n', '.dockerignore': 'node_modules\nnpm-debug.log' },
      errors: [
        {
          messageId: 'dockerSecretFile',
          line: 5,
          column: 6,
          endColumn: 7,
          messageIncludes: ['COPY puts .env (an environment file, copied by "COPY ." because .dockerignore does not exclude it)'],
        },
      ],
      output: `FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n`,
      outputFiles: { '.dockerignore': 'node_modules\nnpm-debug.log\n/.env\n' },
    },
    {
      name: 'COPY ./ without any .dockerignore: one is created',
      filename: D,
      code: `FROM node:20\nCOPY ./ /usr/src/app/\n`,
      files: { '.env.production': 'API_URL=https://api.acme.io\n' },
      errors: [{ messageId: 'dockerSecretFile', line: 2, column: 6, endColumn: 8 }],
      output: `FROM node:20\nCOPY ./ /usr/src/app/\n`,
      outputFiles: { '.dockerignore': '/.env.production\n' },
    },
    {
      name: 'a build stage secret file the final image copies over',
      filename: D,
      code: `FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nCOPY .env.production ./\nRUN npm ci && npm run build\n\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=build /app ./\nCMD ["node", "dist/server.js"]\n`,
      errors: [{ messageId: 'dockerSecretFile', line: 4, column: 6, endColumn: 21 }],
    },
    {
      name: 'tokens and passwords anywhere else: comments, LABEL, RUN headers',
      filename: D,
      code: `FROM node:20\n# deploy token: ${GITHUB}\nLABEL db="mongodb+srv://admin:Tr0ub4dor-99@cluster0.acme.mongodb.net/app"\nRUN curl -H "Authorization: Bearer ${STRIPE}" https://api.stripe.com/v1/charges\n`,
      errors: [
        { messageId: 'dockerToken', line: 2, column: 17, messageIncludes: ['GitHub token', '(a comment)'] },
        { messageId: 'dockerConnectionString', line: 3, column: 31, messageIncludes: ['a MongoDB connection string', '(LABEL)'] },
        { messageId: 'dockerToken', line: 4, column: 36, messageIncludes: ['Stripe secret key', '(RUN)'] },
      ],
    },
  ],
});

describe(`${RULE} (Dockerfile): secrets never appear whole`, () => {
  it('messages show redacted values and every finding lists its secret', () => {
    const code = `FROM node:20\nENV DB_PASSWORD=Tr0ub4dor-and-3 STRIPE=${STRIPE}\nRUN curl -u ci:Xk2-secret-99 https://x.acme.io\n`;
    const { findings } = analyzeCase(RULE, { filename: D, code });
    assert.equal(findings.length, 3);
    for (const f of findings) {
      for (const secret of ['Tr0ub4dor-and-3', STRIPE, 'Xk2-secret-99']) assert.ok(!f.message.includes(secret), f.message);
      for (const fix of f.fixes ?? []) assert.ok(!fix.title.includes('Tr0ub4dor') && !fix.title.includes(STRIPE), fix.title);
    }
  });

  it('fixes are suggestions', () => {
    const { findings } = analyzeCase(RULE, { filename: D, code: `FROM node:20\nENV DB_PASSWORD=Tr0ub4dor-and-3\n` });
    assert.notEqual(findings[0].fixes?.[0].isPreferred, true);
  });

  it('Dockerfiles under test folders are reported at the test severity', () => {
    const { findings } = analyzeCase(RULE, {
      filename: 'test/fixtures/Dockerfile',
      code: `FROM node:20\nENV DB_PASSWORD=Tr0ub4dor-and-3\n`,
    });
    assert.equal(findings[0].severity, 'information');
  });
});
