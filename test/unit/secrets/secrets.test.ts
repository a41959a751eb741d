import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  findTokens,
  findUrlCredentials,
  looksLikeSecretValue,
  secretKindOfName,
  isPlaceholder,
} from '../../../server/src/analysis/secrets';
import { PLANTED, randomText as r, B62, HEX, UP } from '../../helpers/planted';

describe('provider token formats', () => {
  for (const [kind, token] of PLANTED) {
    it(`finds a ${kind} inside surrounding text, at its exact offsets`, () => {
      const text = `prefix "${token}" suffix`;
      const found = findTokens(text);
      assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.kind)));
      // Kinds grew more precise than the planted labels (`GitHub token` → `GitHub fine-grained token`).
      assert.ok(found[0].kind.toLowerCase().includes(kind.toLowerCase().replace(/ token$| key$/, '')), `${found[0].kind} for ${kind}`);
      assert.equal(found[0].start, 8);
      if (kind !== 'private key') assert.equal(found[0].value, token);
    });
  }

  it('ignores documented examples, publishable keys, identifiers, PEM markers and public keys', () => {
    for (const text of [
      'AKIAIOSFODNN7EXAMPLE',
      'pk_' + 'live_' + r(B62, 24), // Stripe publishable key: meant for browsers
      'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'sk-' + 'a'.repeat(40),
      'const task-' + r(B62, 40),
      'if (pem.includes("-----BEGIN RSA PRIVATE KEY-----")) parse(pem)',
      '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
      '-----BEGIN PUBLIC KEY-----\n' + r(B62, 64) + '\n-----END PUBLIC KEY-----',
      '-----BEGIN CERTIFICATE-----\n' + r(B62, 64) + '\n-----END CERTIFICATE-----',
      'AC' + r(HEX, 32), // Twilio account SID: an identifier
      'myAKIA' + r(UP, 16),
    ]) {
      assert.deepEqual(
        findTokens(text).map((f) => f.kind),
        [],
        text,
      );
    }
  });

  it('is linear on pathological inputs (prefix repeated, long runs)', () => {
    for (const text of [
      'sk-'.repeat(300_000),
      'AKIA'.repeat(250_000),
      'eyJ'.repeat(300_000) + '.',
      'xoxb-1'.repeat(150_000),
      'A'.repeat(1_000_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(30_000),
    ]) {
      const started = process.hrtime.bigint();
      findTokens(text);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Generous bound: quadratic behaviour on 1M characters takes minutes, linear takes milliseconds.
      assert.ok(ms < 5000, `${text.slice(0, 10)}… took ${ms} ms`);
    }
  });
});

describe('connection strings', () => {
  it('finds the password of each kind with exact offsets', () => {
    for (const url of [
      'postgres://app:s3cr3tPass@db.internal:5432/orders',
      'mongodb+srv://admin:Tr0ub4dor@cluster0.abcde.mongodb.net/app',
      'redis://:hunter22x@cache.prod:6379',
      'amqp://svc:q8Wm2zLp@mq.prod/vhost',
      'mysql://root:n0tR00t!@10.0.0.5/app',
      // Capitals that name no secret word, or mix in lower case: a chosen value.
      'postgres://app:PROD_2024_ORDERS@db.internal/orders',
      'postgres://app:DB_Passw0rd_x@db.internal/orders',
      'postgres://app:DB_PASS_2024@db.internal/orders',
      'postgres://app:ADMIN_PW_9@db.internal/orders',
      // Near-misses of a placeholder host: a chosen password there, a default login on a real host.
      'postgresql://postgres:Kq81LmZ9x@your-ip:5432/credebl',
      'postgres://postgres:postgres@db.acme-prod.net:5432/app',
      'postgres://postgres:postgres@hosting.io/app',
      // A real host that starts with my or your (review).
      'postgres://postgres:postgres@mydb-prod.c9x2.eu-west-1.rds.amazonaws.com:5432/app',
      'mysql://root:root@your-company-db.internal.net/app',
      // Near-misses of a compose service's default login: a chosen password on it, the default on a domain.
      'amqp://admin:q8Wm2zLp@rabbitmq-broker:5672',
      'amqp://guest:guest@mq-broker.acme.io:5672',
      // A service named for production is no developer's (review).
      'postgres://admin:admin@prod-db:5432/app',
      'postgres://postgres:postgres@db-primary:5432/app',
    ]) {
      const [found, ...rest] = findUrlCredentials(`x = "${url}";`);
      assert.equal(rest.length, 0, url);
      assert.ok(found, url);
      assert.equal(found.start, 5);
      assert.equal(found.end, 5 + url.length);
      assert.equal(`x = "${url}";`.slice(found.passwordStart, found.passwordEnd), found.password);
    }
  });
  it('leaves URLs without a password, placeholders, interpolated passwords and local dev defaults alone', () => {
    for (const url of [
      'postgres://app@db/orders',
      'postgres://db.internal/orders',
      'postgres://user:password@host/db',
      'postgres://user:${DB_PASSWORD}@host/db',
      'postgres://user:$DB_PASSWORD@host/db',
      'postgres://user:<password>@host/db',
      // The name of the value to put there, in a variable's case (docmost's docker-compose.yml).
      'postgresql://docmost:STRONG_DB_PASSWORD@db:5432/docmost',
      'mysql://app:YOUR_PASS@db/app',
      'postgres://u:\0@host/db',
      'postgres://postgres:postgres@localhost:5432/test',
      'amqp://guest:guest@localhost',
      // An image's default login on a compose service named for it (MonitoRSS's fallback).
      'amqp://guest:guest@rabbitmq-broker:5672',
      'postgres://postgres:postgres@tenant_db/app',
      // A user's own name as its password on a compose service named for the engine (mirlo's .env.example).
      'postgresql://nomads:nomads@pgsql:5432/nomads',
      // An image's default login on a host that says "put yours here" (credebl's .env.demo).
      'postgresql://postgres:postgres@your-ip:5432/credebl',
      'postgres://postgres:postgres@<host>:5432/app',
      'postgres://app:sqlite@YOUR_DB_HOST/app',
      'https://example.com/a:b@c',
      'mailto:someone@example.com',
      'git@github.com:org/repo.git',
    ]) {
      assert.deepEqual(findUrlCredentials(url), [], url);
    }
  });
  it('is linear on u:u:u…@ inputs', () => {
    const started = process.hrtime.bigint();
    findUrlCredentials('postgres://' + 'u:'.repeat(500_000) + '@');
    findUrlCredentials('a://'.repeat(250_000) + '@');
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 5000);
  });
});

describe('secret names and values', () => {
  it('names: secret words in every casing, judged by the last word', () => {
    const yes: Record<string, string> = {
      password: 'password',
      dbPassword: 'password',
      DB_PASSWORD: 'password',
      'db-password': 'password',
      apiKey: 'API key',
      API_KEY: 'API key',
      'x-api-key': 'API key',
      stripeKey: 'API key',
      clientSecret: 'secret',
      secretKey: 'secret key',
      accessToken: 'token',
      privateKey: 'private key',
      awsAccessKey: 'access key',
      credentials: 'credential',
      passwd: 'password',
      signingKey: 'signing key',
      secretOrKey: 'secret key',
      // The value of the secret the words before it name.
      TOKEN_SECRET_VALUE: 'secret',
      jwtSecretVal: 'secret',
      apiKeyValue: 'API key',
      TOKEN_SECRET_VALUES: 'secret',
      // A list of them: Remix's cookie secrets.
      secrets: 'secret',
      cookieSecrets: 'secret',
      // A value beside an action: what the reset sends, what the form confirms, the one changed to.
      resetPasswordToken: 'token',
      confirmPassword: 'password',
      newPassword: 'password',
      adminResetPassword: 'password',
      encryptPassword: 'password',
      decryptPassword: 'password',
      resetToken: 'token',
    };
    for (const [name, kind] of Object.entries(yes)) assert.equal(secretKindOfName(name), kind, name);
    for (const name of [
      'PASSWORD_MIN_LENGTH',
      'tokenType',
      'secretName',
      'passwordLabel',
      'cacheKey',
      'publicKey',
      'key',
      'csrfToken',
      'nextPageToken',
      'bypass',
      'firstPass',
      'tokenizer',
      'passwordField',
      'TOKEN_STORAGE_KEY',
      'sortKey',
      'csrfTokenValue',
      'keyValue',
      'value',
      'headerValue',
      // An action on the password: a Sails policy's key, a route's handler.
      'checkPassword',
      'forgotPassword',
      'RESET_PASSWORD',
      'update_password',
    ]) {
      assert.equal(secretKindOfName(name), undefined, name);
    }
  });
  it('values: real-looking secrets pass, UI text, names, placeholders and paths do not', () => {
    for (const v of [
      'hunter2-correct-horse',
      'supersecretkey123',
      'keyboard cat',
      'Bearer abcdef123456',
      'p@ssw0rd!',
      'my_secret_key',
      '2weeksNotice!9Xq',
      'Kq8/v2Lm9pZr4Tx7',
      // Random characters after a slash, with some no path holds; base64 that starts with a slash.
      '/QN%^4uefRUR%]Ar',
      '/8fJq+x2LmZ9wQ4rT7vYb3Nc1KdE5hG0pS6uWiXoA=',
      '/wQ3kLm9ZxR2vT8pN4bY7cJ1dF6',
    ])
      assert.ok(looksLikeSecretValue(v), v);
    for (const v of [
      'Enter your password',
      // A file named like the secret it is about (mailtrain's email templates), a token's lifetime (convict's default).
      'conf/emails/changed_password.txt',
      'templates/reset-password.hbs',
      '2 weeks',
      '30 days',
      '3600s',
      'x-auth-token',
      'include',
      'Bearer',
      'password',
      'changeme',
      'xxx',
      '<your-key>',
      '${SECRET}',
      'DB_PASSWORD',
      'access_token',
      'refreshToken',
      '/api/token',
      // Paths, routes and globs keep their brackets paired.
      '/run/secrets/db-password',
      '/users/{id}/token',
      '/auth/(login|token)/*',
      '/[slug]/secret',
      'https://oauth2.example.com/token',
      'Invalid token.',
      'hex',
      'sha256',
      'abc',
      '',
      'your-api-key-here',
      'auth.jwt.secret',
      'required|min:8',
      'Password must be at least 8 characters',
      'Bearer ${token}',
      '********',
      'REPLACE_ME',
      'application/json',
    ]) {
      assert.ok(!looksLikeSecretValue(v), v);
    }
    assert.ok(isPlaceholder('changeme') && isPlaceholder('<your-key>') && isPlaceholder('${X}') && !isPlaceholder('s3cr3t-value'));
    // A default that calls itself insecure says to replace it; a key behind the word is still a key.
    assert.ok(isPlaceholder('WOW-ANOTHER-INSECURE-PASSWORD!!!') && isPlaceholder('insecure-dev-key'));
    assert.ok(isPlaceholder('set-me') && isPlaceholder('fill_me') && isPlaceholder('setme') && !isPlaceholder('settle-4-me'));
    assert.ok(isPlaceholder('objectstoreyoursecretkey') && isPlaceholder('minio-your-password'));
    // The braced name of what goes there (jitsu's docs snippet), a marker word between dashes (a compose default that is never
    // read), the first keys a sample counts; not a braced JSON value, a marker with digits, nor a key with more than a digit or two.
    assert.ok(isPlaceholder('{write-key}') && isPlaceholder('{server-write-key}') && isPlaceholder('----IRRELEVANT----'));
    assert.ok(isPlaceholder('0x0000000000000000000000000000000000000000000000000000000000000001'));
    assert.ok(!isPlaceholder('{"k":"Kq81LmZ9xw"}') && !isPlaceholder('----Kq81LmZ9----'));
    assert.ok(!isPlaceholder('0x00000000000000000000000000000000000000000000000000000000000a3f01'));
    // Strapi's generated .env.example; not a value that only starts with the words.
    assert.ok(isPlaceholder('tobemodified') && isPlaceholder('toBeModified1,toBeModified2') && isPlaceholder('to-be-changed'));
    assert.ok(!isPlaceholder('toBeModified-Kq81LmZ9xw') && !isPlaceholder('tobemodifiedX7q'));
    // Providers' documented test values: hCaptcha's zero secret, Stripe's test tokens; not a real hex key, not a live token's shape.
    assert.ok(
      isPlaceholder('0x0000000000000000000000000000000000000000') && isPlaceholder('tok_mastercard') && isPlaceholder('pm_card_visa'),
    );
    assert.ok(!isPlaceholder('0x00a3f91c') && !isPlaceholder('tok_1NqLyjWDarjtT1zd') && !isPlaceholder('tok_visionary_Xq81'));
    // Review: set/fill as the whole value, not as the start of one.
    assert.ok(!isPlaceholder('settoken-Qz81Lm') && !isPlaceholder('SetMeFree#1987') && !isPlaceholder('fillmore-Blvd-77'));
    assert.ok(!isPlaceholder(`yoursecretkey-${r(B62, 20, 92)}`) && !isPlaceholder('yourstruly77'));
    assert.ok(!isPlaceholder(`django-insecure-${r(B62, 40, 91)}`) && !isPlaceholder('secure-cookie-pw'));
    // Review: a key split by - and _ after the word, the word alone, the word with digits.
    assert.ok(!isPlaceholder('django-insecure-k3_9a-x!7q(p2-=m0z_t8w#4c+v1_b@6n-r5y^e$j&h-u)s*d'));
    assert.ok(!isPlaceholder('insecure-Kq8_zT3m-Lp0x_Wv7n-Yr2c_Hd5b') && !isPlaceholder('insecure') && !isPlaceholder('Insecure#2024'));
  });
});
