import { ruleTester } from '../../../helpers/ruleTester';

const KNEXFILE = (dev: string, prod: string) =>
  `module.exports = {\n  development: { client: ${dev}, connection: { filename: './dev.sqlite3' } },\n  production: { client: ${prod}, connection: process.env.DATABASE_URL },\n};\n`;
const COMPOSE = (image: string) => `services:\n  db:\n    image: ${image}\n    ports:\n      - "5432:5432"\n`;

ruleTester('dev-prod-parity/same-backing-services', {
  valid: [
    {
      name: 'ClickHouse beside PostgreSQL: an analytics store production runs too (CLICKHOUSE_URL over http), no stand-in',
      filename: 'docker-compose.yml',
      code: 'services:\n  op-db:\n    image: postgres:14-alpine\n  op-ch:\n    image: clickhouse/clickhouse-server:26.1.3.52\n',
      files: {
        '.env.example':
          'DATABASE_URL="postgresql://postgres:postgres@localhost:5432/postgres"\nCLICKHOUSE_URL="http://localhost:8123/openpanel"\n',
      },
    },
    {
      name: "node-config's YAML is not a compose file, even with a services block",
      filename: 'config/default.yml',
      code: COMPOSE('postgres:16'),
      files: {
        '.env.example': 'HD_DATABASE_TYPE=sqlite\n',
        'package.json': JSON.stringify({ private: true, workspaces: ['backend'] }),
        'backend/package.json': JSON.stringify({ dependencies: { 'better-sqlite3': '^11' } }),
      },
    },
    {
      name: 'an early return of nothing when the URL is unset, a settings object that is not the environment, and a return after other branches',
      filename: 'src/cache.ts',
      code: `import Redis from 'ioredis';\nimport { settings } from './settings';\nexport function makeCache() {\n  if (!process.env.REDIS_URL) return null;\n  return new Redis(process.env.REDIS_URL);\n}\nexport const local = settings.USE_REDIS ? new Redis(settings.redisUrl) : new Map<string, string>();\nexport function pick() {\n  if (!process.env.REDIS_URL) return new Map<string, string>();\n  if (process.env.CLUSTER) return new Redis.Cluster([]);\n  return new Redis(process.env.REDIS_URL);\n}\n`,
    },
    {
      name: 'keyv on Redis in every environment, and keyv on PostgreSQL or Redis chosen by a setting (both real services)',
      filename: 'src/cache.ts',
      code: `import Keyv from 'keyv';\nimport KeyvRedis from '@keyv/redis';\nimport KeyvPostgres from '@keyv/postgres';\nexport const cache = new Keyv({ store: new KeyvRedis(process.env.REDIS_URL) });\nexport const store = process.env.CACHE_URL?.startsWith('redis') ? new Keyv({ store: new KeyvRedis(process.env.CACHE_URL) }) : new Keyv({ store: new KeyvPostgres(process.env.CACHE_URL) });\n`,
    },
    {
      name: 'an app that drives several engines: the example lists one, compose runs another it also drives (hedgedoc)',
      filename: 'docker-compose.yml',
      code: COMPOSE('postgres:16'),
      files: {
        '.env.example': '# Lists every variable; not the defaults.\nHD_DATABASE_TYPE=sqlite\n',
        'package.json': JSON.stringify({ dependencies: { pg: '^8', mysql2: '^3', sqlite3: '^5', knex: '^3' } }),
      },
    },
    {
      name: "the same, with the drivers in a workspace member named by the root (hedgedoc's backend/)",
      filename: 'docker/docker-compose.yml',
      code: COMPOSE('postgres:16'),
      files: {
        '.env.example': 'HD_DATABASE_TYPE=sqlite\n',
        'package.json': JSON.stringify({ private: true, workspaces: ['backend', 'frontend'] }),
        'backend/package.json': JSON.stringify({ dependencies: { pg: '^8', mysql2: '^3', 'better-sqlite3': '^11' } }),
      },
    },
    {
      name: "a workspace member's driver is not what production uses (a desktop app's SQLite beside the API)",
      filename: 'docker-compose.yml',
      code: COMPOSE('postgres:16'),
      files: {
        'package.json': JSON.stringify({ private: true, workspaces: ['api', 'desktop'] }),
        'api/package.json': JSON.stringify({ dependencies: { '@prisma/client': '^5' } }),
        'desktop/package.json': JSON.stringify({ dependencies: { 'better-sqlite3': '^11', electron: '^31' } }),
      },
    },
    {
      name: "a member's ClickHouse driver beside a Prisma API: the compose file runs both engines",
      filename: 'docker-compose.yml',
      code: `services:\n  postgres:\n    image: postgres:16\n  clickhouse:\n    image: clickhouse/clickhouse-server:24.3\n`,
      files: {
        'package.json': JSON.stringify({ private: true, workspaces: ['apps/api', 'apps/ingest'] }),
        'apps/api/package.json': JSON.stringify({ dependencies: { '@prisma/client': '^5', express: '^4' } }),
        'apps/ingest/package.json': JSON.stringify({ dependencies: { '@clickhouse/client': '^1' } }),
      },
    },
    {
      name: "workspace members' servers where one runs the compose file's engine, and a desktop member's SQLite",
      filename: 'docker-compose.yml',
      code: COMPOSE('mysql:8.0'),
      files: {
        'package.json': JSON.stringify({ private: true, workspaces: ['apps/api', 'apps/worker', 'apps/desktop'] }),
        'apps/api/package.json': JSON.stringify({ dependencies: { pg: '^8' } }),
        'apps/worker/package.json': JSON.stringify({ dependencies: { mysql2: '^3' } }),
        'apps/desktop/package.json': JSON.stringify({ dependencies: { 'better-sqlite3': '^11', electron: '^31' } }),
      },
    },
    {
      name: "an in-memory MongoDB in a development harness's folder (a plugin template's dev/ app)",
      filename: 'dev/payload.config.ts',
      code: `import { MongoMemoryReplSet } from 'mongodb-memory-server';\nexport const start = async () => (await MongoMemoryReplSet.create()).getUri();\n`,
    },
    {
      name: 'a compose file shown in the docs (a setup guide), against an example naming SQLite',
      filename: 'docs/content/files/setup-docker/docker-compose.yml',
      code: COMPOSE('postgres:16'),
      files: {
        '.env.example': 'HD_DATABASE_TYPE=sqlite\n',
        'package.json': JSON.stringify({ dependencies: { 'better-sqlite3': '^11' } }),
      },
    },
    {
      name: 'mongodb-memory-server in a test setup (the rule does not read tests)',
      filename: 'test/setup.ts',
      code: `import { MongoMemoryServer } from 'mongodb-memory-server';\nexport const start = () => MongoMemoryServer.create();\n`,
    },
    {
      name: 'mongodb-memory-server in a Jest global setup at the root',
      filename: 'jest.global-setup.ts',
      code: `import { MongoMemoryServer } from 'mongodb-memory-server';\nexport default async () => { await MongoMemoryServer.create(); };\n`,
    },
    {
      name: 'a test helper under __tests__',
      filename: 'src/__tests__/helpers/db.js',
      code: `const { MongoMemoryServer } = require('mongodb-memory-server');\nmodule.exports = () => MongoMemoryServer.create();\n`,
    },
    { name: 'ioredis-mock in a mock folder', filename: 'src/__mocks__/ioredis.ts', code: `export { default } from 'ioredis-mock';\n` },
    {
      name: 'type-only import of a substitute',
      code: `import type { MongoMemoryServer } from 'mongodb-memory-server';\nexport let server: MongoMemoryServer | undefined;\n`,
    },
    {
      name: 'every environment on the same engine, different hosts',
      filename: 'knexfile.js',
      code: `module.exports = {\n  test: { client: 'pg', connection: 'postgres://localhost/app-test' },\n  development: { client: 'pg', connection: 'postgres://localhost/app' },\n  production: { client: 'pg', connection: process.env.DATABASE_URL },\n};\n`,
    },
    {
      name: 'a production block built by a helper of the file on the same engine; a helper whose return depends on a branch',
      filename: 'knexfile.js',
      code: `const pg = (connection) => ({ client: 'pg', connection });\nfunction pick(url) {\n  if (url.startsWith('mysql')) return { client: 'mysql2', connection: url };\n  return { client: 'sqlite3', connection: url };\n}\nmodule.exports = {\n  development: { client: 'pg', connection: 'postgres://localhost/app' },\n  production: pg(process.env.DATABASE_URL),\n  staging: pick(process.env.DATABASE_URL),\n};\n`,
    },
    {
      name: 'a development-only config (no production block to compare with)',
      filename: 'knexfile.js',
      code: `module.exports = { development: { client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true } };\n`,
    },
    {
      name: 'SQLite everywhere (a single-engine app by design)',
      filename: 'config/database.js',
      code: `module.exports = {\n  development: { dialect: 'sqlite', storage: 'dev.db' },\n  production: { dialect: 'sqlite', storage: '/data/app.db' },\n};\n`,
    },
    {
      name: 'an environment branch choosing hosts of the same engine',
      code: `import { Pool } from 'pg';\nexport const pool = process.env.NODE_ENV === 'production' ? new Pool({ connectionString: process.env.DATABASE_URL }) : new Pool({ host: 'localhost' });\n`,
    },
    {
      name: 'MariaDB in development, MySQL in production: the same family',
      code: `export default {\n  development: { client: 'mysql2', connection: {} },\n  production: { client: 'mysql', connection: process.env.DATABASE_URL },\n};\n`,
    },
    {
      name: 'a Map that is not a stand-in for a service (no client on the other side)',
      code: `const cache = process.env.NODE_ENV === 'production' ? new Map<string, string>() : new Map<string, string>();\nexport { cache };\n`,
    },
    {
      name: 'a cache chosen by a feature flag, not by the environment',
      code: `import Redis from 'ioredis';\nexport const cache = useLocalCache ? new Map() : new Redis(process.env.REDIS_URL!);\n`,
    },
    {
      name: 'compose matching the production config (Prisma)',
      filename: 'docker-compose.yml',
      code: COMPOSE('postgres:16-alpine'),
      files: { 'prisma/schema.prisma': `datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n` },
    },
    {
      name: 'compose with the engine the app’s driver talks to',
      filename: 'docker-compose.yml',
      code: COMPOSE('mysql:8'),
      files: { 'package.json': JSON.stringify({ dependencies: { mysql2: '^3.0.0', express: '^4' } }) },
    },
    {
      name: 'compose matching the production compose file',
      filename: 'docker-compose.dev.yml',
      code: COMPOSE('postgres:16'),
      files: { 'docker-compose.prod.yml': COMPOSE('postgres:16.2') },
    },
    {
      name: 'a compose tool image (adminer) and an app image',
      filename: 'docker-compose.yml',
      code: `services:\n  app:\n    build: .\n  adminer:\n    image: adminer\n`,
      files: { '.env.example': 'DATABASE_URL=mysql://localhost/app\n' },
    },
    {
      name: 'compose runs a service of another category than the one production names',
      filename: 'compose.yaml',
      code: COMPOSE('mongo:7'),
      files: { '.env.example': 'DATABASE_URL=postgres://localhost:5432/app\n' },
    },
    {
      name: 'the database of a third-party tool in compose (only the tool depends on it)',
      filename: 'docker-compose.yml',
      code: `services:\n  app:\n    build: .\n    depends_on: [mongo]\n  mongo:\n    image: mongo:7\n  keycloak:\n    image: quay.io/keycloak/keycloak:24.0\n    depends_on:\n      - keycloak-db\n  keycloak-db:\n    image: postgres:16\n`,
      files: { 'package.json': JSON.stringify({ dependencies: { mysql2: '^3', mongoose: '^8' } }) },
    },
    {
      name: "a production compose file whose database only a third-party tool's image uses (not the package's name, no variable tag); a ClickHouse client among the drivers",
      filename: 'docker-compose.yml',
      code: `services:\n  db:\n    image: postgres:13\n  analytics:\n    image: clickhouse/clickhouse-server:23.3\n`,
      files: {
        'package.json': JSON.stringify({ name: 'catalog', dependencies: { pg: '^8', '@clickhouse/client': '^1.5.0' } }),
        'docker-compose.prod.yml': `services:\n  metabase:\n    image: metabase/metabase:v0.49\n    depends_on: [metabase-db]\n  metabase-db:\n    image: postgres:16\n  keycloak:\n    image: quay.io/keycloak/keycloak:\${KEYCLOAK_VERSION}\n    depends_on: [keycloak-db]\n  keycloak-db:\n    image: postgres:16\n`,
      },
    },
    {
      name: 'the production compose file itself',
      filename: 'docker-compose.prod.yml',
      code: COMPOSE('postgres:16'),
      files: { '.env.example': 'DATABASE_URL=mysql://localhost/app\n' },
    },
    {
      name: '.env.test on the same engine as .env.example',
      filename: '.env.test',
      code: 'NODE_ENV=test\nDATABASE_URL=postgres://user:pass@127.0.0.1:5432/app-test\n',
      files: { '.env.example': 'DATABASE_URL=postgres://user:pass@postgres:5432/app\n' },
    },
    {
      name: '.env.development without a production counterpart',
      filename: '.env.development',
      code: 'DATABASE_URL=sqlite:./dev.db\n',
    },
    {
      name: 'Sequelize config.json on one engine',
      filename: 'config/config.json',
      code: `{\n  "development": { "dialect": "postgres", "host": "127.0.0.1" },\n  "test": { "dialect": "postgres", "host": "127.0.0.1" },\n  "production": { "use_env_variable": "DATABASE_URL", "dialect": "postgres" }\n}\n`,
    },
  ],
  invalid: [
    {
      name: 'an engine spoken over HTTP named by its variable (ELASTICSEARCH_URL=https://…), and compose running another',
      filename: 'docker-compose.yml',
      code: 'services:\n  search:\n    image: opensearchproject/opensearch:2\n',
      files: { '.env.example': 'ELASTICSEARCH_URL=https://es.example.com:9200\n' },
      errors: [{ messageId: 'composeKind', line: 3, column: 12, messageIncludes: ['OpenSearch', 'Elasticsearch'] }],
    },
    {
      name: "a workspace root without drivers, read through its member's: MySQL in compose, the API ships pg",
      filename: 'docker-compose.yml',
      code: COMPOSE('mysql:8.0'),
      files: {
        'package.json': JSON.stringify({ private: true, workspaces: ['apps/api', 'apps/desktop'] }),
        'apps/api/package.json': JSON.stringify({ dependencies: { pg: '^8', fastify: '^4' } }),
        'apps/desktop/package.json': JSON.stringify({ dependencies: { 'better-sqlite3': '^11', electron: '^31' } }),
      },
      errors: [
        { messageId: 'composeKind', line: 3, column: 12, messageIncludes: ['mysql:8.0', 'PostgreSQL', 'pg in apps/api/package.json'] },
      ],
    },
    {
      name: 'a validated environment object decides (envalid), and an early return when the URL is unset',
      filename: 'src/cache.ts',
      code: `import Redis from 'ioredis';\nimport { env } from './env';\nexport const cache = env.REDIS_URL ? new Redis(env.REDIS_URL) : new Map<string, string>();\nexport function makeStore() {\n  if (!process.env.REDIS_URL) return new Map<string, string>();\n  const url = process.env.REDIS_URL;\n  return new Redis(url);\n}\n`,
      errors: [
        { messageId: 'kindByEnvironment', line: 3, column: 65, messageIncludes: ['in-process Map', 'Redis'] },
        { messageId: 'kindByEnvironment', line: 5, column: 38, messageIncludes: ['in-process Map', 'Redis'] },
      ],
    },
    {
      name: "keyv: Redis through its adapter when configured, keyv's own memory (or an LRU store) otherwise",
      filename: 'src/cache.ts',
      code: `import Keyv from 'keyv';\nimport KeyvRedis from '@keyv/redis';\nimport { LRUCache } from 'lru-cache';\nexport const cache = process.env.REDIS_URL ? new Keyv({ store: new KeyvRedis(process.env.REDIS_URL) }) : new Keyv();\nexport const store = process.env.REDIS_URL\n  ? new Keyv({ store: new KeyvRedis(process.env.REDIS_URL) })\n  : new Keyv({ store: new LRUCache({ max: 500 }) });\n`,
      errors: [
        { messageId: 'kindByEnvironment', line: 4, column: 106, messageIncludes: ['keyv', 'Redis'] },
        { messageId: 'kindByEnvironment', line: 7, column: 5, messageIncludes: ['lru-cache', 'Redis'] },
      ],
    },
    {
      name: 'an in-memory MongoDB in app code, behind NODE_ENV (CommonJS)',
      filename: 'src/config/db.js',
      code: `const mongoose = require('mongoose');\nconst connectDB = async () => {\n  let uri = process.env.MONGODB_URI;\n  if (process.env.NODE_ENV === 'development') {\n    const { MongoMemoryServer } = require('mongodb-memory-server');\n    uri = (await MongoMemoryServer.create()).getUri();\n  }\n  await mongoose.connect(uri);\n};\nmodule.exports = connectDB;\n`,
      errors: [{ messageId: 'inMemorySubstitute', line: 5, column: 43, messageIncludes: ['mongodb-memory-server', 'MongoDB'] }],
    },
    {
      name: 'an in-memory MongoDB imported by the server (ESM TypeScript)',
      code: `import mongoose from 'mongoose';\nimport { MongoMemoryReplSet } from 'mongodb-memory-server';\nif (process.env.NODE_ENV === 'prod') await mongoose.connect(process.env.MONGO_DB ?? '');\nelse await mongoose.connect((await MongoMemoryReplSet.create()).getUri());\n`,
      errors: [{ messageId: 'inMemorySubstitute', line: 2, column: 36 }],
    },
    {
      name: 'near-misses of harness folders and workspace drivers: devices/ is not dev/, a member that drives only SQLite',
      filename: 'src/devices/db.ts',
      code: `import { MongoMemoryReplSet } from 'mongodb-memory-server';\nexport const start = async () => (await MongoMemoryReplSet.create()).getUri();\n`,
      errors: [{ messageId: 'inMemorySubstitute', line: 1, column: 36 }],
    },
    {
      name: 'an example naming SQLite, compose running PostgreSQL, and the workspace member driving only SQLite',
      filename: 'docker/docker-compose.yml',
      code: COMPOSE('postgres:16'),
      files: {
        '.env.example': 'HD_DATABASE_TYPE=sqlite\n',
        'package.json': JSON.stringify({ private: true, workspaces: ['backend'] }),
        'backend/package.json': JSON.stringify({ dependencies: { 'better-sqlite3': '^11' } }),
      },
      errors: [{ messageId: 'composeKind', line: 3, column: 12 }],
    },
    {
      name: 'a fake Redis in app code',
      filename: 'src/cache.ts',
      code: `import Redis from 'ioredis';\nimport RedisMock from 'ioredis-mock';\nexport const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : new RedisMock();\n`,
      errors: [{ messageId: 'inMemorySubstitute', line: 2, column: 23, messageIncludes: ['Redis'] }],
    },
    {
      name: 'nock in app code: the message names it and "the real service" once',
      filename: 'src/billing.ts',
      code: `import nock from 'nock';\nexport const fakeBilling = () => nock('https://billing.example.com').get('/plans').reply(200, []);\n`,
      errors: [
        {
          messageId: 'inMemorySubstitute',
          line: 1,
          column: 18,
          messageIncludes: ['a faker of HTTP services (nock) is loaded by app code', 'not the real service production uses'],
        },
      ],
    },
    {
      name: 'knexfile: SQLite in development, PostgreSQL in production',
      filename: 'knexfile.js',
      code: KNEXFILE(`'sqlite3'`, `'pg'`),
      errors: [{ messageId: 'kindByEnvironment', line: 2, column: 26, messageIncludes: ['SQLite', 'PostgreSQL'] }],
    },
    {
      name: "knexfile: a production block built by a helper of the file (a blind tester's knexfile)",
      filename: 'knexfile.js',
      code: `const pg = (connection) => ({ client: 'pg', connection, pool: { min: 2, max: 10 } });\nmodule.exports = {\n  development: { client: 'better-sqlite3', connection: { filename: './dev.sqlite3' }, useNullAsDefault: true },\n  production: pg(process.env.DATABASE_URL),\n};\n`,
      errors: [{ messageId: 'kindByEnvironment', line: 3, column: 26, messageIncludes: ['SQLite', 'PostgreSQL'] }],
    },
    {
      name: 'knexfile: the development default of a DB_CLIENT lookup',
      filename: 'knexfile.js',
      code: KNEXFILE(`process.env.DB_CLIENT || 'sqlite3'`, `'pg'`),
      errors: [{ messageId: 'kindByEnvironment', line: 2, column: 51 }],
    },
    {
      name: 'TypeORM type chosen by NODE_ENV',
      filename: 'src/data-source.ts',
      code: `import { DataSource } from 'typeorm';\nconst isProd = process.env.NODE_ENV === 'production';\nexport const ds = new DataSource({ type: isProd ? 'postgres' : 'sqlite', database: 'app' });\n`,
      errors: [{ messageId: 'kindByEnvironment', line: 3, column: 64, messageIncludes: ['SQLite', 'PostgreSQL'] }],
    },
    {
      name: 'SQLite in memory in development, Postgres otherwise (Sequelize)',
      code: `import { Sequelize } from 'sequelize';\nexport const sequelize =\n  process.env.NODE_ENV === 'development'\n    ? new Sequelize('sqlite::memory:')\n    : new Sequelize(process.env.DATABASE_URL!, { dialect: 'postgres' });\n`,
      errors: [{ messageId: 'kindByEnvironment', line: 4, column: 21, messageIncludes: ['in-memory SQLite'] }],
    },
    {
      name: 'an in-process Map where production uses Redis',
      code: `import { createClient } from 'redis';\nexport const cache = process.env.REDIS_URL ? createClient({ url: process.env.REDIS_URL }) : new Map<string, string>();\n`,
      errors: [{ messageId: 'kindByEnvironment', line: 2, column: 93, messageIncludes: ['in-process Map', 'Redis'] }],
    },
    {
      name: 'an in-process Map beside a call of a package named like an object member (toString)',
      code: `import { createClient } from 'redis';\nimport toString from 'toString';\nexport const cache = process.env.REDIS_URL ? createClient({ url: process.env.REDIS_URL }) : [new Map<string, string>(), toString()][0];\n`,
      errors: [{ messageId: 'kindByEnvironment', line: 3, column: 94, messageIncludes: ['in-process Map', 'Redis'] }],
    },
    {
      name: 'better-sqlite3 in development, pg in production (if/else)',
      code: `import Database from 'better-sqlite3';\nimport { Pool } from 'pg';\nlet db: unknown;\nif (process.env.NODE_ENV !== 'production') {\n  db = new Database('dev.db');\n} else {\n  db = new Pool({ connectionString: process.env.DATABASE_URL });\n}\nexport { db };\n`,
      errors: [{ messageId: 'kindByEnvironment', line: 5, column: 8 }],
    },
    {
      name: 'Sequelize config.json: SQLite for tests, MySQL in production',
      filename: 'config/config.json',
      code: `{\n  "development": { "dialect": "mysql", "host": "127.0.0.1" },\n  "test": { "dialect": "sqlite", "storage": ":memory:" },\n  "production": { "use_env_variable": "DATABASE_URL", "dialect": "mysql" }\n}\n`,
      errors: [{ messageId: 'kindByEnvironment', line: 3, column: 24, messageIncludes: ['the test config', 'SQLite', 'MySQL'] }],
    },
    {
      name: '.env.test on SQLite, .env.example on PostgreSQL',
      filename: '.env.test',
      code: 'APP_PORT=3000\nTYPEORM_CONNECTION=sqlite\nTYPEORM_DATABASE=./mydb.sql\n',
      files: { '.env.example': 'TYPEORM_CONNECTION=postgres\nTYPEORM_HOST=localhost\n' },
      errors: [
        { messageId: 'kindByEnvironment', line: 2, column: 20, messageIncludes: ['.env.test', 'TYPEORM_CONNECTION in .env.example'] },
      ],
    },
    {
      name: '.env on SQLite, .env.production on PostgreSQL',
      filename: '.env',
      code: 'DATABASE_URL=file:./dev.db\n',
      files: { '.env.production': 'DATABASE_URL=postgresql://db.internal:5432/app\n' },
      errors: [{ messageId: 'kindByEnvironment', line: 1, column: 14 }],
    },
    {
      name: 'compose runs PostgreSQL, the production config names MySQL',
      filename: 'docker-compose.yml',
      code: COMPOSE('postgres:16'),
      files: {
        'knexfile.js': `module.exports = { production: { client: 'mysql2', connection: process.env.DATABASE_URL }, development: { client: 'mysql2' } };\n`,
      },
      errors: [{ messageId: 'composeKind', line: 3, column: 12, messageIncludes: ['postgres:16', 'MySQL', 'knexfile.js (production)'] }],
    },
    {
      name: 'compose runs MySQL, the documented DATABASE_URL is PostgreSQL',
      filename: 'compose.yaml',
      code: COMPOSE('mysql:8.4'),
      files: { '.env.example': 'DATABASE_URL=postgres://localhost:5432/app\n' },
      errors: [{ messageId: 'composeKind', line: 3, column: 12 }],
    },
    {
      name: 'compose runs another major version than production',
      filename: 'docker-compose.yml',
      code: COMPOSE('postgres:13-alpine'),
      files: { 'docker-compose.prod.yml': COMPOSE('postgres:16-alpine') },
      errors: [{ messageId: 'composeVersion', line: 3, column: 12, messageIncludes: ['postgres:16-alpine'] }],
    },
    {
      name: "production's compose runs the app from its released image (named for the package, or tagged by a variable) with the database it depends on",
      filename: 'docker-compose.yml',
      code: COMPOSE('postgres:13-alpine'),
      files: {
        'package.json': JSON.stringify({ name: '@acme/catalog', dependencies: { pg: '^8' } }),
        'docker-compose.prod.yml': `services:\n  api:\n    image: registry.example.com/acme/catalog:1.4.2\n    depends_on: [db]\n  db:\n    image: postgres:16-alpine\n`,
      },
      errors: [{ messageId: 'composeVersion', line: 3, column: 12, messageIncludes: ['postgres:16-alpine'] }],
    },
    {
      name: "the same with the app's image from a registry the deploy sets, a long depends_on",
      filename: 'docker-compose.yml',
      code: COMPOSE('postgres:13'),
      files: {
        'package.json': JSON.stringify({ name: 'svc', dependencies: { pg: '^8' } }),
        'docker-compose.prod.yml': `services:\n  api:\n    image: \${REGISTRY}/acme/app:\${TAG}\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n`,
      },
      errors: [{ messageId: 'composeVersion', line: 3, column: 12, messageIncludes: ['postgres:16'] }],
    },
    {
      name: 'near-miss of a supported engine: the example names another, and no driver of the app talks to this one',
      filename: 'docker-compose.yml',
      code: COMPOSE('postgres:16'),
      files: {
        '.env.example': 'HD_DATABASE_TYPE=sqlite\n',
        'package.json': JSON.stringify({ dependencies: { sqlite3: '^5', knex: '^3' } }),
      },
      errors: [{ messageId: 'composeKind', line: 3, column: 12, messageIncludes: ['SQLite', '.env.example'] }],
    },
    {
      name: 'production names another engine in .env.production, even though the app also drives this one',
      filename: 'api/docker-compose.yml',
      code: COMPOSE('postgres:16'),
      files: {
        'api/.env.production': 'DATABASE_URL=mysql://db.internal/app\n',
        'api/package.json': JSON.stringify({ dependencies: { pg: '^8', mysql2: '^3' } }),
      },
      errors: [{ messageId: 'composeKind', line: 3, column: 12, messageIncludes: ['MySQL', '.env.production'] }],
    },
    {
      name: 'compose runs an engine none of the app’s drivers talks to',
      filename: 'docker-compose.yml',
      code: COMPOSE('mysql:8'),
      files: { 'package.json': JSON.stringify({ dependencies: { pg: '^8.11.0', express: '^4' } }) },
      errors: [{ messageId: 'composeKind', line: 3, column: 12, messageIncludes: ['pg'] }],
    },
  ],
});
