/**
 * backing-services/no-hardcoded-locator in one file (ruleTester tables: clients of the table, locators
 * through constants, config objects, templates and environment branches) and across files (virtual
 * folders judged by a workspace session: config modules, templates of config files, per-environment picks).
 */
import assert from 'node:assert/strict';
import * as ts from 'typescript';
import { describe, it } from 'node:test';
import { ruleTester } from '../../../helpers/ruleTester';
import { analyzeFile } from '../../../../server/src/analysis';
import { brief, judge } from '../../program/helpers';
import { collect } from '../../../../server/src/analysis/rules/backing-services/no-hardcoded-locator.program';
import { mayHoldConfigLocators } from '../../../../server/src/analysis/rules/backing-services/no-hardcoded-locator.config';

const RULE = 'backing-services/no-hardcoded-locator';
const M = `import mongoose from 'mongoose';\n`;
const THROW = (name: string) => `process.env.${name} ?? (() => { throw new Error('${name} is not set'); })()`;

ruleTester(RULE, {
  valid: [
    {
      name: 'Temporal and InfluxDB reached through the environment (a local default only as the fallback of a lookup), and an address that is not a client option',
      filename: 'src/telemetry.ts',
      code: `import { Connection } from '@temporalio/client';\nimport { InfluxDB } from '@influxdata/influxdb-client';\nexport const connection = Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });\nexport const influx = new InfluxDB({ url: process.env.INFLUX_URL!, token: process.env.INFLUX_TOKEN });\nexport const sender = { address: 'alerts.example.com' };\n`,
    },
    {
      name: "Nest's BullModule with the host from the environment, and a queue that inherits forRoot's connection",
      filename: 'src/app.module.ts',
      code: `import { Module } from '@nestjs/common';\nimport { BullModule } from '@nestjs/bullmq';\n@Module({\n  imports: [\n    BullModule.forRoot({ connection: { host: process.env.REDIS_HOST, port: Number(process.env.REDIS_PORT) } }),\n    BullModule.registerQueue({ name: 'invoices' }),\n  ],\n})\nexport class AppModule {}\n`,
    },
    { name: 'URI from the environment', code: `${M}mongoose.connect(process.env.MONGODB_URI!);\n` },
    {
      name: "a loopback URL to a broker this file starts (ring-mqtt's in-process aedes: listen(51883, '127.0.0.1'), listen({ port }))",
      filename: 'lib/mqtt.js',
      code: `import mqtt from 'mqtt';\nimport Aedes from 'aedes';\nimport net from 'net';\nconst broker = new Aedes();\nnet.createServer(broker.handle).listen(51883, '127.0.0.1');\nnet.createServer(broker.handle).listen({ port: 1884 });\nexport const ipc = mqtt.connect('mqtt://127.0.0.1:51883');\nexport const local = mqtt.connect('mqtt://localhost:1884');\nexport const client = mqtt.connect(process.env.MQTT_URL);\n`,
    },
    {
      name: 'options whose keys are copied in after the declaration (mailtrain dbcheck.js)',
      filename: 'lib/dbcheck.js',
      code: `const config = require('./config');\nconst mysql = require('mysql');\nconst mysqlConfig = { multipleStatements: true };\nObject.keys(config.mysql).forEach((key) => (mysqlConfig[key] = config.mysql[key]));\nmodule.exports = mysql.createPool(mysqlConfig);\n`,
    },
    {
      name: "a field's options given their host in the constructor (mempool database.ts)",
      code: `import { createPool } from 'mysql2/promise';\nclass DB {\n  constructor() {\n    if (process.env.MYSQL_SOCKET) this.poolConfig.socketPath = process.env.MYSQL_SOCKET;\n    else this.poolConfig.host = process.env.MYSQL_HOST;\n  }\n  poolConfig: Record<string, unknown> = { user: process.env.MYSQL_USER, database: 'mempool' };\n  pool = createPool(this.poolConfig);\n}\nexport default new DB();\n`,
    },
    {
      name: 'a host set by a literal key after the declaration',
      filename: 'db.js',
      code: `const mysql = require('mysql');\nconst options = { multipleStatements: true };\noptions['host'] = process.env.DB_HOST;\nmodule.exports = mysql.createPool(options);\n`,
    },
    {
      name: 'development default of an environment lookup (??)',
      code: `${M}mongoose.connect(process.env.MONGODB_URI ?? 'mongodb://localhost:27017/app');\n`,
    },
    {
      name: 'development default through a config object (||), with credentials',
      code: `import { Pool } from 'pg';\nexport const config = { databaseUrl: process.env.DATABASE_URL || 'postgres://user:pass@localhost:5432/apidb' };\nexport const pool = new Pool({ connectionString: config.databaseUrl });\n`,
    },
    {
      name: 'destructured from process.env with a default',
      filename: 'src/queue.js',
      code: `const amqp = require('amqplib');\nconst { RMQ_HOST: HOST = 'localhost', RMQ_PORT: PORT = 5672 } = process.env;\namqp.connect(\`amqp://\${HOST}:\${PORT}\`);\n`,
    },
    {
      name: 'localhost in a development-only branch',
      code: `${M}if (process.env.NODE_ENV !== 'production') {\n  mongoose.connect('mongodb://localhost/dev');\n} else {\n  mongoose.connect(process.env.MONGODB_URI!);\n}\n`,
    },
    {
      name: 'localhost in the development side of a conditional',
      code: `import Redis from 'ioredis';\nconst isDev = process.env.NODE_ENV === 'development';\nconst url = isDev ? 'redis://localhost:6379' : process.env.REDIS_URL!;\nexport const redis = new Redis(url);\n`,
    },
    {
      name: 'a test file (the rule does not read tests)',
      filename: 'test/db.test.ts',
      code: `${M}beforeAll(() => mongoose.connect('mongodb://localhost:27017/test'));\n`,
    },
    {
      name: 'a seed script',
      filename: 'seeds/users.js',
      code: `const mongoose = require('mongoose');\nmongoose.connect('mongodb://localhost/app');\n`,
    },
    { name: 'a tooling script', filename: 'scripts/reset-db.ts', code: `${M}await mongoose.connect('mongodb://127.0.0.1/app');\n` },
    {
      name: 'a development-only config file',
      filename: 'config/development.js',
      code: `const { Pool } = require('pg');\nmodule.exports = new Pool({ host: 'localhost' });\n`,
    },
    {
      name: 'knexfile: literal development and test blocks, production from the environment',
      filename: 'knexfile.js',
      code: `module.exports = {\n  test: { client: 'pg', connection: 'postgres://localhost/app-test' },\n  development: { client: 'pg', connection: 'postgres://localhost/app-dev' },\n  production: { client: 'pg', connection: process.env.DATABASE_URL },\n};\n`,
    },
    {
      name: 'Sequelize on a local SQLite file',
      code: `import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize({ dialect: 'sqlite', storage: 'data/app.sqlite' });\n`,
    },
    {
      name: "Sequelize's (database, user, password, options): the first argument is a name",
      code: `import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize('database', 'username', process.env.DB_PASSWORD, { dialect: 'sqlite', storage: 'x.db' });\n`,
    },
    {
      name: 'a SaaS API base URL is not a backing-service client',
      code: `import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://api.vietqr.io/v2' });\n`,
    },
    {
      name: 'nodemailer with a well-known service name',
      code: `import nodemailer from 'nodemailer';\nexport const mail = nodemailer.createTransport({ service: 'SendGrid', auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS } });\n`,
    },
    {
      name: "a mail provider's own SMTP endpoint in that provider's integration (a class named for it, its name among the options)",
      code: `import nodemailer from 'nodemailer';\nexport class Outlook365EmailProvider {\n  transport = nodemailer.createTransport({ host: 'smtp.office365.com', port: 587, auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS } });\n}\nexport const cloud = nodemailer.createTransport({ host: 'smtp.resend.com', port: 465, secure: true, auth: { user: 'resend', pass: process.env.RESEND_API_KEY } });\nexport function sesTransport() {\n  return nodemailer.createTransport({ host: 'email-smtp.eu-west-1.amazonaws.com', port: 587 });\n}\n`,
    },
    {
      name: "a service that only catches test mail: Ethereal (nodemailer's createTestAccount), Mailtrap's sandbox",
      code: `import nodemailer from 'nodemailer';\nexport const fake = nodemailer.createTransport({ host: 'smtp.ethereal.email', port: 587 });\nexport const sandbox = nodemailer.createTransport({ host: 'sandbox.smtp.mailtrap.io', port: 2525 });\n`,
    },
    {
      name: 'options from a helper that takes the host, or returns one of two',
      code: `import Redis from 'ioredis';\nconst redisOptions = (host: string) => ({ host, port: 6379 });\nfunction pick(prod: boolean) {\n  if (prod) return { host: process.env.REDIS_HOST };\n  return { host: 'cache.internal' };\n}\nexport const a = new Redis(redisOptions(process.env.REDIS_HOST!));\nexport const b = new Redis(pick(true));\n`,
    },
    {
      name: 'a local module with a client-like name',
      code: `import { Client } from './search';\nnew Client({ node: 'http://localhost:9200' });\n`,
    },
    {
      name: 'a literal that also carries a password is the secret rule’s finding',
      code: `${M}mongoose.connect('mongodb://admin:Xk29fjQ83kdLq@db.example.com:27017/app');\n`,
    },
    { name: 'pg with no options reads PGHOST and friends', code: `import { Pool } from 'pg';\nexport const pool = new Pool();\n` },
    {
      name: 'a monitor connects to a user-configured host',
      filename: 'server/monitor-types/mysql.js',
      code: `const mysql = require('mysql2');\nclass Monitor { check() { return mysql.createConnection({ host: this.hostname, user: this.user }); } }\n`,
    },
    {
      name: 'host from the environment inside a template',
      code: `import Redis from 'ioredis';\nnew Redis(\`redis://\${process.env.REDIS_HOST}:6379\`);\n`,
    },
    {
      name: 'node-redis with a URL from the environment',
      code: `import { createClient } from 'redis';\ncreateClient({ url: process.env.REDIS_URL });\n`,
    },
    {
      name: 'a config service (Nest)',
      code: `import { TypeOrmModule } from '@nestjs/typeorm';\nTypeOrmModule.forRoot({ type: 'postgres', host: config.get('DB_HOST'), port: 5432 });\n`,
    },
    {
      name: 'envalid: a validated environment with a default',
      code: `import Redis from 'ioredis';\nimport { cleanEnv, str } from 'envalid';\nconst env = cleanEnv(process.env, { REDIS_HOST: str({ default: 'localhost' }) });\nnew Redis({ host: env.REDIS_HOST, port: 6379 });\n`,
    },
    {
      name: 'S3 on AWS (no endpoint)',
      code: `import { S3Client } from '@aws-sdk/client-s3';\nexport const s3 = new S3Client({ region: 'us-east-1' });\n`,
    },
    { name: 'type-only import', code: `import type { Redis } from 'ioredis';\nexport let redis: Redis;\n` },
    { name: 'a Unix socket', code: `import { Pool } from 'pg';\nnew Pool({ host: '/var/run/postgresql', database: 'app' });\n` },
    {
      name: 'brokers from the environment',
      code: `import { Kafka } from 'kafkajs';\nnew Kafka({ brokers: process.env.KAFKA_BROKERS!.split(',') });\n`,
    },
    {
      name: 'a parameter with a default (the caller decides)',
      code: `${M}export function connect(url = 'mongodb://localhost/app') {\n  return mongoose.connect(url);\n}\n`,
    },
    {
      name: 'an option object assigned its host later (the initial value is not what is used)',
      code: `import { Pool } from 'pg';\nconst options = { host: 'localhost', database: 'app' };\noptions.host = process.env.DB_HOST!;\nnew Pool(options);\n`,
    },
    {
      name: 'ioredis given a URL read elsewhere',
      code: `import Redis from 'ioredis';\nexport function redisFor(url: string) { return new Redis(url); }\n`,
    },
    {
      name: 'a per-environment config module (not a knexfile) with development and test blocks only',
      filename: 'config/database.js',
      code: `module.exports = {\n  development: { client: 'pg', connection: { host: 'db.internal.example.com', database: 'app' } },\n  test: { client: 'pg', connection: { host: 'db.internal.example.com', database: 'app_test' } },\n};\n`,
    },
    {
      name: 'a per-environment config module whose escaped production key reads the host from the environment',
      filename: 'config/database.js',
      code: `module.exports = {\n  development: { client: 'pg', connection: { host: 'localhost' } },\n  'pro\\u0064uction': { client: 'pg', connection: { host: process.env.DB_HOST } },\n};\n`,
    },
    {
      name: 'Sequelize config.json whose production block reads the URL from the environment',
      filename: 'config/config.json',
      code: `{\n  "development": { "host": "127.0.0.1", "dialect": "mysql" },\n  "production": { "use_env_variable": "DATABASE_URL", "dialect": "mysql" }\n}\n`,
    },
    {
      name: 'a development config file (node-config)',
      filename: 'config/development.json',
      code: `{ "mongo": { "uri": "mongodb://localhost/app" }, "redis": { "host": "localhost" } }\n`,
    },
    {
      name: 'a production config file naming no service',
      filename: 'config/production.json',
      code: `{ "app": { "host": "0.0.0.0", "baseUrl": "https://example.com" } }\n`,
    },
    {
      name: "node-config's default and development YAML: local services for a developer",
      filename: 'config/default.yml',
      code: 'db:\n  host: localhost\nredis:\n  url: redis://localhost:6379\n',
    },
    {
      name: "node-config's development YAML naming a shared development database",
      filename: 'config/development.yml',
      code: 'db:\n  host: db.dev.internal\n',
    },
    {
      name: "node-config reads a YAML file's first document alone: a host in a later one is not its",
      filename: 'config/production.yml',
      code: '---\nlog:\n  level: info\n---\ndatabase:\n  host: pg.prod.acme.io\n',
      files: { 'package.json': JSON.stringify({ name: 'orders', dependencies: { config: '^3.3.0' } }) },
    },
    {
      name: "a Helm chart's values named like node-config's, in a package that does not load node-config",
      filename: 'charts/api/config/production.yaml',
      code: 'db:\n  host: db.prod.internal\n',
      files: { 'charts/api/package.json': JSON.stringify({ name: 'chart' }) },
    },
    {
      name: 'a compose file is not node-config: its services are the parity rule’s',
      filename: 'docker-compose.prod.yml',
      code: 'services:\n  api:\n    environment:\n      DB_HOST: db.prod.internal\n',
    },
    {
      name: "MikroORM's defineConfig with the host from the environment (a local default for development)",
      code: `import { MikroORM, defineConfig } from '@mikro-orm/postgresql';\nexport const orm = await MikroORM.init(defineConfig({ dbName: 'library', host: process.env.DB_HOST ?? 'localhost' }));\n`,
    },
    {
      name: 'library defaults overridden by the caller’s options',
      code: `import Redis from 'ioredis';\nexport function connect(options: object) {\n  return new Redis({ host: 'localhost', port: 6379, ...options });\n}\n`,
    },
    {
      name: 'mysql through a socket path',
      code: `import mysql from 'mysql2';\nmysql.createConnection({ socketPath: '/tmp/mysql.sock', user: 'root' });\n`,
    },
  ],
  invalid: [
    {
      name: "Temporal's frontend address and an InfluxDB Cloud URL written in the code (spark-api)",
      filename: 'common/telemetry.js',
      code: `const { Connection } = require('@temporalio/client');\nconst { InfluxDB } = require('@influxdata/influxdb-client');\nconst connection = Connection.connect({ address: 'temporal-frontend.temporal.svc.cluster.local:7233' });\nconst influx = new InfluxDB({ url: 'https://eu-central-1-1.aws.cloud2.influxdata.com', token: process.env.INFLUX_TOKEN });\nmodule.exports = { connection, influx };\n`,
      errors: [
        { messageId: 'hardcodedLocator', line: 3, column: 50 },
        { messageId: 'hardcodedLocator', line: 4, column: 36 },
      ],
    },
    {
      name: "Nest's BullModule: forRoot with bullmq's connection, forRoot(configKey, options) with bull's redis",
      filename: 'src/app.module.ts',
      code: `import { Module } from '@nestjs/common';\nimport { BullModule } from '@nestjs/bullmq';\nimport { BullModule as LegacyBull } from '@nestjs/bull';\n@Module({\n  imports: [\n    BullModule.forRoot({ connection: { host: 'redis-master.billing.svc', port: 6379 } }),\n    LegacyBull.forRoot('jobs', { redis: { host: 'redis-jobs.internal' } }),\n  ],\n})\nexport class AppModule {}\n`,
      errors: [
        { messageId: 'hardcodedLocator', line: 6, column: 46, messageIncludes: ['Redis', 'BullModule.forRoot'] },
        { messageId: 'hardcodedLocator', line: 7, column: 49, messageIncludes: ['Redis', 'LegacyBull.forRoot'] },
      ],
    },
    {
      name: 'mongoose URI literal (TypeScript: fails at startup when unset)',
      code: `${M}mongoose.connect('mongodb://localhost:27017/app');\n`,
      errors: [
        {
          messageId: 'hardcodedLocator',
          line: 2,
          column: 18,
          endColumn: 49,
          messageIncludes: ['MongoDB', 'mongoose.connect', 'MONGODB_URI'],
        },
      ],
      output: `${M}mongoose.connect(${THROW('MONGODB_URI')});\n`,
      outputFiles: { '.env.example': 'MONGODB_URI=\n' },
    },
    {
      name: 'near-misses of a broker this file starts: loopback to a port it does not listen on, a remote host on the port it does',
      filename: 'lib/mqtt.js',
      code: `import mqtt from 'mqtt';\nimport Aedes from 'aedes';\nimport net from 'net';\nnet.createServer(new Aedes().handle).listen(51883, '127.0.0.1');\nexport const upstream = mqtt.connect('mqtt://127.0.0.1:1883');\nexport const remote = mqtt.connect('mqtt://broker.acme.io:51883');\n`,
      errors: [
        { messageId: 'hardcodedLocator', line: 5, column: 38 },
        { messageId: 'hardcodedLocator', line: 6, column: 36 },
      ],
    },
    {
      name: 'mongoose URI literal (JavaScript, CommonJS)',
      filename: 'backend/index.js',
      code: `const mongoose = require('mongoose');\nmongoose.connect('mongodb://127.0.0.1:27017/mongo');\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 18 }],
      output: `const mongoose = require('mongoose');\nmongoose.connect(process.env.MONGODB_URI);\n`,
    },
    {
      name: 'a URL whose password the secret rule takes for a placeholder: the message masks it',
      filename: 'src/db.js',
      code: `const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: 'postgres://app:mysecret@db.internal:5432/app' });\nexports.b = new Pool({ connectionString: 'postgres://app:my/secret@db.internal:5432/app' });\n`,
      errors: [
        { messageId: 'hardcodedLocator', line: 2, column: 47, messageIncludes: ["'postgres://app:***@db.internal:5432/app'"] },
        { messageId: 'hardcodedLocator', line: 3, column: 42, messageIncludes: ["'postgres://app:***@db.internal:5432/app'"] },
      ],
      // One fix per pass: both add DATABASE_URL to .env.example.
      output: `const { Pool } = require('pg');\nmodule.exports = new Pool({ connectionString: process.env.DATABASE_URL });\nexports.b = new Pool({ connectionString: 'postgres://app:my/secret@db.internal:5432/app' });\n`,
    },
    {
      name: 'through a constant: the finding is on the literal, the variable names the env var',
      code: `${M}const MONGO_URI = 'mongodb://localhost/shop';\nmongoose.connect(MONGO_URI);\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 19 }],
      output: `${M}const MONGO_URI = ${THROW('MONGO_URI')};\nmongoose.connect(MONGO_URI);\n`,
    },
    {
      name: 'through a config object',
      code: `import { Pool } from 'pg';\nconst config = { db: { host: 'db.internal', port: 5432 } };\nexport const pool = new Pool({ host: config.db.host, port: config.db.port });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 30, messageIncludes: ['PostgreSQL', 'DB_HOST'] }],
      output: `import { Pool } from 'pg';\nconst config = { db: { host: ${THROW('DB_HOST')}, port: 5432 } };\nexport const pool = new Pool({ host: config.db.host, port: config.db.port });\n`,
    },
    {
      name: 'knex: host literal next to credentials from the environment',
      filename: 'Knex.js',
      code: `module.exports = require('knex')({\n  client: 'pg',\n  connection: { host: '127.0.0.1', user: process.env.DB_USER, password: process.env.DB_PASSWORD, database: 'app' },\n});\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 3, column: 23 }],
      output: `module.exports = require('knex')({\n  client: 'pg',\n  connection: { host: process.env.DB_HOST, user: process.env.DB_USER, password: process.env.DB_PASSWORD, database: 'app' },\n});\n`,
    },
    {
      name: 'amqplib URL',
      filename: 'queue.js',
      code: `const amqp = require('amqplib');\nasync function start() { const conn = await amqp.connect("amqp://localhost:5672"); return conn; }\nstart();\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 58, messageIncludes: ['AMQP_URL'] }],
    },
    {
      name: 'amqplib with guest:guest on localhost (a local default, not a secret: this rule reports it)',
      filename: 'worker.js',
      code: `const amqp = require('amqplib/callback_api');\namqp.connect("amqp://guest:guest@localhost:5672/", () => {});\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 14 }],
    },
    {
      name: 'nodemailer SMTP host',
      code: `import nodemailer from 'nodemailer';\nexport const transport = nodemailer.createTransport({ host: "localhost", pool: true, port: 587, auth: { user: process.env.SMTP_USER } });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 61, messageIncludes: ['SMTP server', 'SMTP_HOST'] }],
    },
    {
      name: 'RSMQ on Redis',
      filename: 'utils/RSMQClient.js',
      code: `const RSMQPromise = require('rsmq-promise');\nmodule.exports = new RSMQPromise({ host: '127.0.0.1', port: 6379 });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 42 }],
    },
    {
      name: 'kafkajs brokers (no fix: a list is read as one variable)',
      code: `import { Kafka } from 'kafkajs';\nexport const kafka = new Kafka({ clientId: 'orders', brokers: ['localhost:9092'] });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 64 }],
      output: null,
    },
    {
      name: 'Elasticsearch node',
      code: `import { Client } from '@elastic/elasticsearch';\nexport const es = new Client({ node: 'http://localhost:9200' });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 38, messageIncludes: ['ELASTICSEARCH_URL'] }],
    },
    {
      name: 'options returned by a helper of the file',
      code: `import Redis from 'ioredis';\nimport mongoose from 'mongoose';\nconst redisOptions = () => ({ host: 'cache.internal', port: 6379 });\nfunction mongoUri() {\n  return 'mongodb://mongo.internal:27017/app';\n}\nexport const cache = new Redis(redisOptions());\nexport const db = mongoose.connect(mongoUri());\n`,
      errors: [
        { messageId: 'hardcodedLocator', line: 3, column: 37 },
        { messageId: 'hardcodedLocator', line: 5, column: 10 },
      ],
    },
    {
      name: "SMTP hosts that only look like a test sink or a provider's endpoint, Mailtrap's sending host, and a provider's host in the app's own mailer",
      code: `import nodemailer from 'nodemailer';\nexport const mail = nodemailer.createTransport({ host: 'smtp.ethereal-mail.example.com', port: 587 });\nexport const live = nodemailer.createTransport({ host: 'live.smtp.mailtrap.io', port: 587 });\nexport const own = nodemailer.createTransport({ host: 'smtp.office365.acme.com', port: 587 });\nexport const mailer = nodemailer.createTransport({ host: 'smtp.mailgun.org', port: 587, auth: { user: 'postmaster@mg.example.com' } });\n`,
      errors: [
        { messageId: 'hardcodedLocator', line: 2, column: 56 },
        { messageId: 'hardcodedLocator', line: 3, column: 56 },
        { messageId: 'hardcodedLocator', line: 4, column: 55 },
        { messageId: 'hardcodedLocator', line: 5, column: 58 },
      ],
    },
    {
      name: 'S3-compatible endpoint',
      code: `import { S3Client } from '@aws-sdk/client-s3';\nexport const s3 = new S3Client({ endpoint: 'http://minio:9000', forcePathStyle: true });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 44, messageIncludes: ['S3_ENDPOINT'] }],
    },
    {
      name: 'a template with a literal host (no fix: the database name is interpolated)',
      code: `${M}const dbName = process.env.DB_NAME;\nmongoose.connect(\`mongodb://localhost:27017/\${dbName}\`);\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 3, column: 18 }],
      output: null,
    },
    {
      name: 'string concatenation of literal parts',
      filename: 'app.js',
      code: `var mongoose = require('mongoose');\nvar host = 'db.example.org';\nmongoose.connect('mongodb://' + host + ':27017/app');\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 12 }],
      output: `var mongoose = require('mongoose');\nvar host = process.env.MONGODB_HOST;\nmongoose.connect('mongodb://' + host + ':27017/app');\n`,
    },
    {
      name: 'ioredis with no locator: localhost by omission',
      code: `import Redis from 'ioredis';\nexport const redis = new Redis();\n`,
      errors: [{ messageId: 'defaultLocator', line: 2, column: 22, messageIncludes: ['new Redis()', 'REDIS_URL'] }],
      output: `import Redis from 'ioredis';\nexport const redis = new Redis(${THROW('REDIS_URL')});\n`,
    },
    {
      name: "a field's options with a literal host, another member set in the constructor",
      code: `import mysql from 'mysql2/promise';\nexport class Database {\n  private poolConfig: mysql.PoolOptions = {\n    host: 'mysql.prod.example.com',\n    user: process.env.DB_USER,\n  };\n  private pool: mysql.Pool;\n  constructor(size: number) {\n    this.poolConfig.connectionLimit = size;\n    this.pool = mysql.createPool(this.poolConfig);\n  }\n}\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 4, column: 11 }],
      output: `import mysql from 'mysql2/promise';\nexport class Database {\n  private poolConfig: mysql.PoolOptions = {\n    host: ${THROW('DB_HOST')},\n    user: process.env.DB_USER,\n  };\n  private pool: mysql.Pool;\n  constructor(size: number) {\n    this.poolConfig.connectionLimit = size;\n    this.pool = mysql.createPool(this.poolConfig);\n  }\n}\n`,
    },
    {
      name: 'options changed after the declaration in another field than the host',
      code: `import { createPool } from 'mysql2/promise';\nclass DB {\n  constructor() {\n    this.poolConfig.timezone = 'Z';\n  }\n  poolConfig: Record<string, unknown> = { user: process.env.MYSQL_USER };\n  other = { user: 'app' };\n  pool = createPool(this.other);\n}\nexport default new DB();\n`,
      errors: [{ messageId: 'defaultLocator', line: 8, column: 10 }],
    },
    {
      name: 'node-redis with options but no URL',
      filename: 'cache.js',
      code: `const { createClient } = require('redis');\nconst client = createClient({ password: process.env.REDIS_PASSWORD });\n`,
      errors: [{ messageId: 'defaultLocator', line: 2, column: 16 }],
      output: `const { createClient } = require('redis');\nconst client = createClient({ url: process.env.REDIS_URL, password: process.env.REDIS_PASSWORD });\n`,
    },
    {
      name: 'the production side of an environment branch',
      code: `${M}const url = process.env.NODE_ENV === 'production' ? 'mongodb://prod-db:27017/app' : 'mongodb://localhost/app';\nmongoose.connect(url);\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 53 }],
    },
    {
      name: 'knexfile: a literal production host',
      filename: 'knexfile.js',
      code: `module.exports = {\n  development: { client: 'pg', connection: { host: 'localhost', database: 'app' } },\n  production: { client: 'pg', connection: { host: 'db.prod.internal', database: 'app' } },\n};\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 3, column: 51, messageIncludes: ['the production block of knexfile.js'] }],
    },
    {
      name: 'a per-environment config module (not a knexfile): a U_A_T block, a name with separators inside',
      filename: 'config/database.js',
      code: `module.exports = {\n  development: { client: 'pg', connection: { host: 'localhost', database: 'app' } },\n  'U_A_T': { client: 'pg', connection: { host: 'db.internal.example.com', database: 'app' } },\n};\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 3, column: 48, messageIncludes: ['the U_A_T block of database.js'] }],
    },
    {
      name: 'a per-environment config module whose production key is written with an escape',
      filename: 'config/database.js',
      code: `module.exports = {\n  development: { client: 'pg', connection: { host: 'localhost', database: 'app' } },\n  'pro\\u0064uction': { client: 'pg', connection: { host: 'db.internal.example.com', database: 'app' } },\n};\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 3, column: 58, messageIncludes: ['the production block of database.js'] }],
    },
    {
      name: 'a per-environment config module with an upper-case STAGING export',
      filename: 'src/db-config.ts',
      code: `export const DEV = { dialect: 'postgres', host: 'localhost' };\nexport const STAGING = { dialect: 'postgres', host: 'pg.internal' };\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 53, messageIncludes: ['the STAGING block of db-config.ts'] }],
    },
    {
      name: 'Sequelize (database, user, password, options) with a literal host',
      code: `import { Sequelize } from 'sequelize';\nexport const db = new Sequelize('shop', 'app', process.env.DB_PASSWORD, { host: 'mysql.internal', dialect: 'mysql' });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 81, messageIncludes: ['MySQL'] }],
    },
    {
      name: 'TypeORM DataSource',
      filename: 'src/data-source.ts',
      code: `import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({\n  type: 'postgres',\n  host: 'localhost',\n  port: 5432,\n  username: process.env.DB_USER,\n});\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 4, column: 9, messageIncludes: ['PostgreSQL'] }],
    },
    {
      name: 'BullMQ connection',
      code: `import { Queue } from 'bullmq';\nexport const mail = new Queue('mail', { connection: { host: 'localhost', port: 6379 } });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 61, messageIncludes: ['Redis'] }],
    },
    {
      name: 'MongoClient',
      code: `import { MongoClient } from 'mongodb';\nexport const client = new MongoClient('mongodb://localhost:27017');\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 39 }],
    },
    {
      name: 'pg connectionString',
      code: `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: 'postgres://localhost:5432/app' });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 50, messageIncludes: ['DATABASE_URL'] }],
    },
    {
      name: 'Prisma datasource URL',
      code: `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient({ datasources: { db: { url: 'postgresql://localhost:5432/app' } } });\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 2, column: 68 }],
    },
    {
      name: 'Sequelize config.json: the production host',
      filename: 'config/config.json',
      code: `{\n  "development": { "host": "127.0.0.1", "dialect": "postgres" },\n  "production": { "host": "db.example.com", "dialect": "postgres" }\n}\n`,
      errors: [
        { messageId: 'hardcodedLocator', line: 3, column: 27, messageIncludes: ['PostgreSQL', 'the production block of config.json'] },
      ],
      output: null,
    },
    {
      name: 'a production config file (node-config) with a database URL',
      filename: 'config/production.json',
      code: `{ "mongo": { "uri": "mongodb://mongo.prod.internal:27017/app" } }\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 1, column: 21, messageIncludes: ['MongoDB'] }],
    },
    {
      name: "node-config's production YAML: a host and a URL",
      filename: 'config/production.yaml',
      code: 'mongo:\n  uri: mongodb://mongo.prod.internal:27017/app\ndb:\n  host: db.prod.internal\n  dialect: postgres\n',
      files: { 'package.json': JSON.stringify({ name: 'orders', dependencies: { config: '^3.3.0' } }) },
      errors: [
        { messageId: 'hardcodedLocator', line: 2, column: 8, messageIncludes: ['MongoDB'] },
        { messageId: 'hardcodedLocator', line: 4, column: 9, messageIncludes: ['DB_HOST'] },
      ],
    },
    {
      name: "MikroORM's defineConfig: the options it is given, inline or through a variable",
      code: `import { MikroORM, defineConfig } from '@mikro-orm/postgresql';\nconst config = defineConfig({ dbName: 'library', host: 'library-db.prod.acme.io' });\nexport const orm = await MikroORM.init(config);\nexport const audit = await MikroORM.init(defineConfig({ host: 'audit-db.prod.acme.io' }));\n`,
      errors: [
        { messageId: 'hardcodedLocator', line: 2, column: 56 },
        { messageId: 'hardcodedLocator', line: 4, column: 63 },
      ],
    },
    {
      name: 'a repository class falling back to a hardcoded database',
      code: `${M}export class GameRepository {\n  constructor(model?: unknown) {\n    if (!model) void mongoose.connect('mongodb://localhost:27017/test');\n  }\n}\n`,
      errors: [{ messageId: 'hardcodedLocator', line: 4, column: 39 }],
    },
  ],
});

describe(`${RULE} across files`, () => {
  const only = (files: Record<string, string>) => brief(judge(files).findings.filter((f) => f.ruleId === RULE));
  /** The rule's findings in the folder, from its file check and its program part alike. */
  const everyFinding = (files: Record<string, string>) => {
    const { session } = judge(files);
    return brief(session.files().flatMap((f) => session.findings(f).filter((x) => x.ruleId === RULE)));
  };

  it('a config module (CommonJS): the literal is reported where it is written, the client is its related location', () => {
    const { findings } = judge({
      'package.json': JSON.stringify({ main: 'app.js' }),
      'app.js': `const mongoose = require('mongoose');\nconst config = require('./config');\nmongoose.connect(config.db);\n`,
      'config.js': `module.exports = {\n  name: 'club',\n  db: 'mongodb://127.0.0.1/club',\n};\n`,
    });
    const mine = findings.filter((f) => f.ruleId === RULE);
    assert.deepEqual(brief(mine), [{ file: 'config.js', line: 3, column: 7, messageId: 'hardcodedLocator' }]);
    assert.match(mine[0].related?.[0].message ?? '', /mongoose\.connect.*app\.js/);
    assert.equal(mine[0].fixes?.[0].changes[0].kind, 'replace');
  });

  it('a config module (ESM TypeScript) and string concatenation of its members', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'dist/index.js' }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
        'src/index.ts': `import mongoose from 'mongoose';\nimport { settings } from './settings.js';\nconst url = settings.prefix + '://' + settings.host + ':' + settings.port + '/app';\nmongoose.connect(url);\n`,
        'src/settings.ts': `export const settings = {\n  prefix: 'mongodb',\n  host: 'mongo.internal',\n  port: '27017',\n};\n`,
      }),
      [{ file: 'src/settings.ts', line: 3, column: 9, messageId: 'hardcodedLocator' }],
    );
  });

  it('a frozen config module (Object.freeze, deep-freeze) is the object it freezes', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'app.js' }),
        'app.js': `const mongoose = require('mongoose');\nconst Redis = require('ioredis');\nconst config = require('./config');\nconst cache = require('./cache');\nmongoose.connect(config.mongoUri);\nnew Redis(cache.url);\n`,
        'config.js': `module.exports = Object.freeze({\n  mongoUri: 'mongodb://mongo.prod.internal:27017/app',\n});\n`,
        'cache.js': `const deepFreeze = require('deep-freeze');\nmodule.exports = deepFreeze({ url: 'redis://cache.internal:6379' });\n`,
      }),
      [
        { file: 'cache.js', line: 2, column: 36, messageId: 'hardcodedLocator' },
        { file: 'config.js', line: 2, column: 13, messageId: 'hardcodedLocator' },
      ],
    );
  });

  it('a frozen config module reading the environment, and a freeze of something else: clean', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'app.js' }),
        'app.js': `const mongoose = require('mongoose');\nconst config = require('./config');\nmongoose.connect(config.mongoUri, config.options);\n`,
        'config.js': `const defaults = { mongoUri: 'mongodb://localhost/app' };\nmodule.exports = Object.freeze({\n  mongoUri: process.env.MONGO_URI || defaults.mongoUri,\n  options: Object.freeze(Object.keys(defaults)),\n});\n`,
      }),
      [],
    );
  });

  it('a config reached through a barrel: export * from, and a renamed re-export (TypeScript)', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'dist/main.js', scripts: { build: 'tsc' } }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }),
        'src/config/db.ts': `export const dbConfig = {\n  host: 'catalog-mysql.internal',\n  database: 'catalog',\n};\n`,
        'src/config/cache.ts': `export const url = 'redis://cache.internal:6379';\n`,
        'src/config/index.ts': `export * from './db';\nexport { url as cacheUrl } from './cache';\nexport type { Settings } from './types';\n`,
        'src/main.ts': `import mysql from 'mysql2/promise';\nimport Redis from 'ioredis';\nimport { dbConfig, cacheUrl } from './config';\nexport const pool = mysql.createPool(dbConfig);\nexport const cache = new Redis(cacheUrl);\n`,
      }),
      [
        { file: 'src/config/cache.ts', line: 1, column: 20, messageId: 'hardcodedLocator' },
        { file: 'src/config/db.ts', line: 2, column: 9, messageId: 'hardcodedLocator' },
      ],
    );
  });

  it('a barrel whose modules read the environment: clean', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'dist/main.js' }),
        'src/config/db.ts': `export const dbConfig = { host: process.env.MYSQL_HOST, database: 'catalog' };\n`,
        'src/config/index.ts': `export * from './db';\nexport * from './flags';\n`,
        'src/config/flags.ts': `export const flags = { beta: true };\n`,
        'src/main.ts': `import mysql from 'mysql2/promise';\nimport { dbConfig } from './config';\nexport const pool = mysql.createPool(dbConfig);\n`,
      }),
      [],
    );
  });

  it("locators in a class's static fields and in enum members (TypeScript)", () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'dist/main.js' }),
        'src/config.ts': `export class Config {\n  static readonly mongoUri = 'mongodb://mongo.prod.internal:27017/app';\n  static readonly poolSize = 10;\n}\nexport enum Hosts {\n  Cache = 'cache.prod.internal',\n}\n`,
        'src/main.ts': `import mongoose from 'mongoose';\nimport Redis from 'ioredis';\nimport { Config, Hosts } from './config';\nmongoose.connect(Config.mongoUri);\nexport const cache = new Redis({ host: Hosts.Cache });\n`,
      }),
      [
        { file: 'src/config.ts', line: 2, column: 30, messageId: 'hardcodedLocator' },
        { file: 'src/config.ts', line: 6, column: 11, messageId: 'hardcodedLocator' },
      ],
    );
  });

  it('a locator in a namespace, and in a class field read through this (TypeScript)', () => {
    assert.deepEqual(
      everyFinding({
        'package.json': JSON.stringify({ main: 'dist/main.js' }),
        'src/config.ts': `export namespace Config {\n  export const redisUrl = 'redis://cache.internal:6379';\n  export const poolSize = 10;\n}\n`,
        'src/db.ts': `import { Pool } from 'pg';\nexport class Db {\n  readonly #url = 'postgres://db.internal:5432/app';\n  pool = new Pool({ connectionString: this.#url });\n}\n`,
        'src/queue.ts': `import amqp from 'amqplib';\nexport class Queue {\n  private url: string;\n  constructor() {\n    this.url = 'amqp://mq.internal:5672';\n  }\n  connect() {\n    return amqp.connect(this.url);\n  }\n}\n`,
        'src/main.ts': `import Redis from 'ioredis';\nimport { Config } from './config';\nimport './db';\nimport './queue';\nexport const cache = new Redis(Config.redisUrl);\n`,
      }),
      [
        { file: 'src/config.ts', line: 2, column: 27, messageId: 'hardcodedLocator' },
        { file: 'src/db.ts', line: 3, column: 19, messageId: 'hardcodedLocator' },
        { file: 'src/queue.ts', line: 5, column: 16, messageId: 'hardcodedLocator' },
      ],
    );
  });

  it('namespaces and fields whose value is decided at run time: clean', () => {
    assert.deepEqual(
      everyFinding({
        'package.json': JSON.stringify({ main: 'dist/main.js' }),
        // A namespace member from the environment; a `let` member; a dotted namespace (its members are B's).
        'src/config.ts': `export namespace Config {\n  export const redisUrl = process.env.REDIS_URL!;\n  export let mongoUri = 'mongodb://mongo.internal/app';\n}\nexport namespace A.B {\n  export const host = 'cache.internal';\n}\n`,
        // A parameter property; a field set again by a method; a field set in a branch of the constructor.
        'src/db.ts': `import { Pool } from 'pg';\nexport class Db {\n  constructor(private url = 'postgres://db.internal:5432/app') {}\n  pool = new Pool({ connectionString: this.url });\n}\nexport class Db2 {\n  url = 'postgres://db2.internal:5432/app';\n  configure(url: string) {\n    this.url = url;\n  }\n  connect() {\n    return new Pool({ connectionString: this.url });\n  }\n}\nexport class Db3 {\n  url: string;\n  constructor(options?: { url: string }) {\n    if (options) this.url = options.url;\n    else this.url = 'postgres://db3.internal:5432/app';\n  }\n  connect() {\n    return new Pool({ connectionString: this.url });\n  }\n}\n`,
        // \`this\` inside a function expression is not the instance.
        'src/queue.ts': `import amqp from 'amqplib';\nexport class Queue {\n  url = 'amqp://mq.internal:5672';\n  start(this: { url: string }) {\n    setTimeout(function (this: { url: string }) {\n      return amqp.connect(this.url);\n    });\n  }\n}\n`,
        'src/main.ts': `import Redis from 'ioredis';\nimport mongoose from 'mongoose';\nimport { Config, A } from './config';\nimport './db';\nimport './queue';\nexport const cache = new Redis(Config.redisUrl);\nmongoose.connect(Config.mongoUri);\nexport const other = new Redis({ host: A.B.host });\n`,
      }),
      [],
    );
  });

  it('a locator passed on by a CommonJS or ESM barrel', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'app.js' }),
        'config/redis.js': `module.exports = { redisUrl: 'redis://cache.internal:6379' };\n`,
        'config/db.js': `exports.mongoUri = 'mongodb://mongo.internal:27017/app';\n`,
        'config/index.js': `const { redisUrl } = require('./redis');\nmodule.exports = { ...require('./db'), redisUrl };\n`,
        'lib/queue.mjs': `export const amqpUrl = 'amqp://mq.internal:5672';\n`,
        'lib/index.mjs': `import { amqpUrl } from './queue.mjs';\nexport { amqpUrl };\n`,
        'app.js': `const Redis = require('ioredis');\nconst mongoose = require('mongoose');\nconst { redisUrl, mongoUri } = require('./config');\nnew Redis(redisUrl);\nmongoose.connect(mongoUri);\nimport('./start.mjs');\n`,
        'start.mjs': `import amqp from 'amqplib';\nimport { amqpUrl } from './lib/index.mjs';\nawait amqp.connect(amqpUrl);\n`,
      }),
      [
        { file: 'config/db.js', line: 1, column: 20, messageId: 'hardcodedLocator' },
        { file: 'config/redis.js', line: 1, column: 30, messageId: 'hardcodedLocator' },
        { file: 'lib/queue.mjs', line: 1, column: 24, messageId: 'hardcodedLocator' },
      ],
    );
  });

  it('a barrel passing on values from the environment: clean', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'app.js' }),
        'config/redis.js': `module.exports = { redisUrl: process.env.REDIS_URL };\n`,
        'config/index.js': `const { redisUrl } = require('./redis');\nmodule.exports = { redisUrl, mongoUri: process.env.MONGO_URI };\n`,
        'app.js': `const Redis = require('ioredis');\nconst mongoose = require('mongoose');\nconst { redisUrl, mongoUri } = require('./config');\nnew Redis(redisUrl);\nmongoose.connect(mongoUri);\n`,
      }),
      [],
    );
  });

  it('a config module reading the environment: clean', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'app.js' }),
        'app.js': `const Redis = require('ioredis');\nconst config = require('./config');\nnew Redis({ host: config.redis.host, port: config.redis.port });\n`,
        'config.js': `module.exports = { redis: { host: process.env.REDIS_HOST || '127.0.0.1', port: 6379 } };\n`,
      }),
      [],
    );
  });

  it('a config template copied at deploy (config.default.js for a missing config.js)', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'app.js' }),
        'app.js': `const Redis = require('ioredis');\nconst config = require('./config');\nnew Redis({ port: config.redis_port, host: config.redis_host });\n`,
        'config.default.js': `var config = {\n  redis_host: '127.0.0.1',\n  redis_port: 6379,\n};\nif (process.env.NODE_ENV === 'test') {\n  config.redis_host = 'localhost';\n}\nmodule.exports = config;\n`,
      }),
      [{ file: 'config.default.js', line: 2, column: 15, messageId: 'hardcodedLocator' }],
    );
  });

  it('a per-environment config picked at run time: only its production block counts, once', () => {
    // Every finding of the rule in the folder (the file check or the program part may be the one to report it).
    const all = (files: Record<string, string>) => {
      const { session } = judge(files);
      return brief(session.files().flatMap((f) => session.findings(f).filter((x) => x.ruleId === RULE)));
    };
    assert.deepEqual(
      all({
        'package.json': JSON.stringify({ main: 'db.js' }),
        'db.js': `const knex = require('knex');\nconst env = process.env.NODE_ENV || 'development';\nmodule.exports = knex(require('./knexfile')[env]);\n`,
        'knexfile.js': `module.exports = {\n  development: { client: 'pg', connection: 'postgres://localhost/app' },\n  production: { client: 'pg', connection: 'postgres://db.prod.internal/app' },\n};\n`,
      }),
      [{ file: 'knexfile.js', line: 3, column: 43, messageId: 'hardcodedLocator' }],
    );
  });

  it('a client in a test file is not judged, even through a config module', () => {
    assert.deepEqual(
      only({
        'package.json': JSON.stringify({ main: 'test/db.test.js' }),
        'test/db.test.js': `const mongoose = require('mongoose');\nconst config = require('../config');\nmongoose.connect(config.db);\n`,
        'config.js': `module.exports = { db: 'mongodb://localhost/test' };\n`,
      }),
      [],
    );
  });
});

describe(`${RULE}: which files are parsed for its facts`, () => {
  it('clients and exported locators, not type imports, Angular components or module names', () => {
    const yes = [
      `import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();\n`,
      `const { Pool } = require('pg');\nmodule.exports = new Pool({ host: 'db' });\n`,
      `module.exports = { db: 'mongodb://127.0.0.1/club' };\n`,
      `export const settings = { prefix: 'mongodb', host: 'mongo.internal' };\n`,
      `export default { smtp: 'smtp.example.com' };\n`,
      `export const REDIS_URL = '';\n`,
      `module.exports = { production: { client: 'pg' } };\n`,
    ];
    const no = [
      `import type { User } from '@prisma/client';\nexport function name(u: User) { return u.name; }\n`,
      `import { Component } from '@angular/core';\n@Component({ templateUrl: './a.html', styleUrls: ['./a.css'] })\nexport class A {}\n`,
      `import Big from 'big.js';\nexport const sum = (a: number) => new Big(a);\n`,
      `const local = { host: 'db' };\nfunction f() { return local; }\nf();\n`,
    ];
    for (const text of yes) assert.equal(collect.prefilter(text), true, text);
    for (const text of no) assert.equal(collect.prefilter(text), false, text);
  });
});

describe(`${RULE}: the gate before describing a file's exports`, () => {
  it('lets through a client config file by name and any production key however it is spelled', () => {
    const parse = (text: string) => ts.createSourceFile('/w/src/x.ts', text, ts.ScriptTarget.Latest);
    const plain = parse(`export const cache = new Map();\nexport const limit = 10;\n`);
    assert.equal(mayHoldConfigLocators('/w/src/cache.ts', plain), false);
    assert.equal(mayHoldConfigLocators('/w/knexfile.js', plain), true);
    for (const key of [
      'production',
      'PROD',
      'pre-prod',
      'pre_production',
      'Staging',
      'stage',
      'live',
      'release',
      'UAT',
      'u.a.t',
      'pre-pro_d',
    ])
      assert.equal(
        mayHoldConfigLocators('/w/src/db.js', parse(`const a = 1;\nmodule.exports = { ${JSON.stringify(key)}: { client: 'pg' } };\n`)),
        true,
        key,
      );
  });
});

describe(`${RULE}: the gate across keystrokes`, () => {
  it('sees a production key typed into a reparsed file, and its removal', () => {
    const before = `export const cache = new Map();\nexport const dev = { client: 'pg' };\n`;
    const typed = before.replace('dev', 'production');
    let sourceFile = ts.createSourceFile('/w/src/db.ts', before, ts.ScriptTarget.Latest);
    assert.equal(mayHoldConfigLocators('/w/src/db.ts', sourceFile), false);
    const untouched = sourceFile.statements[0];
    const at = before.indexOf('dev');
    const replace = (text: string, oldLength: number, newLength: number) =>
      (sourceFile = ts.updateSourceFile(sourceFile, text, { span: { start: at, length: oldLength }, newLength }));
    replace(typed, 'dev'.length, 'production'.length);
    assert.equal(sourceFile.statements[0], untouched, 'the first statement is reused: its answer comes from the cache');
    assert.equal(mayHoldConfigLocators('/w/src/db.ts', sourceFile), true);
    replace(before, 'production'.length, 'dev'.length);
    assert.equal(mayHoldConfigLocators('/w/src/db.ts', sourceFile), false);
  });
});

describe(`${RULE} and config/no-hardcoded-secret`, () => {
  const findings = (text: string) =>
    analyzeFile({ file: '/w/src/db.ts', text }, { root: '/w' }).findings.map(
      (f) => `${f.ruleId} ${f.range.start.line + 1}:${f.range.start.column + 1}`,
    );
  it('a locator literal that carries a password is one finding, the secret rule’s', () => {
    assert.deepEqual(
      findings(`import mongoose from 'mongoose';\nmongoose.connect('mongodb://admin:Xk29fjQ83kdLq@db.example.com:27017/app');\n`),
      ['config/no-hardcoded-secret 2:35'],
    );
    assert.deepEqual(findings(`import Redis from 'ioredis';\nnew Redis('redis://:hunter2hunter2XY@cache.internal:6379');\n`), [
      'config/no-hardcoded-secret 2:21',
    ]);
  });
  it('a host and a password in two literals are two findings, one each', () => {
    assert.deepEqual(
      findings(`import { Pool } from 'pg';\nexport const pool = new Pool({ host: 'db.internal', password: 'S3cr3tPassw0rd99' });\n`),
      ['backing-services/no-hardcoded-locator 2:38', 'config/no-hardcoded-secret 2:63'],
    );
  });
});
