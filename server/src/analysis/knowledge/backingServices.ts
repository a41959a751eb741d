/**
 * Backing services and the clients that attach them (factors IV and X): one table, read by the
 * locator rule (where a client's host/URL goes), the dev/prod parity rule (which kind of service a
 * client, a dialect, a compose image or an in-memory substitute stands for) and the report.
 *
 * A client is matched by what its callee resolves to (module + member path, languages/typescript/imports.ts),
 * never by a local name. Its locator is read from argument positions and from option keys (the same
 * keys for every library: `host`, `url`, `connectionString`, `node`, `brokers`…, looked for in the
 * options object and the containers under it: `connection`, `socket`, `redis`, `datasources.db`…).
 */
import * as path from 'node:path';
import { isComposeName } from '../languages/detect';

export type ServiceKind =
  | 'postgres'
  | 'mysql'
  | 'mariadb'
  | 'mssql'
  | 'oracle'
  | 'sqlite'
  | 'cockroachdb'
  | 'sql'
  | 'mongodb'
  | 'couchdb'
  | 'redis'
  | 'memcached'
  | 'amqp'
  | 'kafka'
  | 'nats'
  | 'mqtt'
  | 'smtp'
  | 'elasticsearch'
  | 'opensearch'
  | 's3'
  | 'cassandra'
  | 'neo4j'
  | 'clickhouse'
  | 'influxdb'
  | 'temporal';

/** What a service is for: two services of one category can replace each other in some environment (SQLite for Postgres). */
type ServiceCategory =
  | 'sql'
  | 'analytics'
  | 'document'
  | 'cache'
  | 'queue'
  | 'mail'
  | 'search'
  | 'storage'
  | 'graph'
  | 'wide-column'
  | 'timeseries'
  | 'workflow';

interface ServiceInfo {
  label: string;
  category: ServiceCategory;
  /** The variable a whole locator (URL) is read from by convention. */
  urlEnv: string;
  /** The variable a host is read from. */
  hostEnv: string;
}

export const SERVICES: Readonly<Record<ServiceKind, ServiceInfo>> = {
  postgres: { label: 'PostgreSQL', category: 'sql', urlEnv: 'DATABASE_URL', hostEnv: 'DB_HOST' },
  mysql: { label: 'MySQL', category: 'sql', urlEnv: 'DATABASE_URL', hostEnv: 'DB_HOST' },
  mariadb: { label: 'MariaDB', category: 'sql', urlEnv: 'DATABASE_URL', hostEnv: 'DB_HOST' },
  mssql: { label: 'SQL Server', category: 'sql', urlEnv: 'DATABASE_URL', hostEnv: 'DB_HOST' },
  oracle: { label: 'Oracle', category: 'sql', urlEnv: 'DATABASE_URL', hostEnv: 'DB_HOST' },
  sqlite: { label: 'SQLite', category: 'sql', urlEnv: 'DATABASE_URL', hostEnv: 'DB_HOST' },
  cockroachdb: { label: 'CockroachDB', category: 'sql', urlEnv: 'DATABASE_URL', hostEnv: 'DB_HOST' },
  sql: { label: 'SQL database', category: 'sql', urlEnv: 'DATABASE_URL', hostEnv: 'DB_HOST' },
  mongodb: { label: 'MongoDB', category: 'document', urlEnv: 'MONGODB_URI', hostEnv: 'MONGODB_HOST' },
  couchdb: { label: 'CouchDB', category: 'document', urlEnv: 'COUCHDB_URL', hostEnv: 'COUCHDB_HOST' },
  redis: { label: 'Redis', category: 'cache', urlEnv: 'REDIS_URL', hostEnv: 'REDIS_HOST' },
  memcached: { label: 'Memcached', category: 'cache', urlEnv: 'MEMCACHED_SERVERS', hostEnv: 'MEMCACHED_SERVERS' },
  amqp: { label: 'AMQP broker', category: 'queue', urlEnv: 'AMQP_URL', hostEnv: 'AMQP_HOST' },
  kafka: { label: 'Kafka', category: 'queue', urlEnv: 'KAFKA_BROKERS', hostEnv: 'KAFKA_BROKERS' },
  nats: { label: 'NATS', category: 'queue', urlEnv: 'NATS_URL', hostEnv: 'NATS_URL' },
  mqtt: { label: 'MQTT broker', category: 'queue', urlEnv: 'MQTT_URL', hostEnv: 'MQTT_HOST' },
  smtp: { label: 'SMTP server', category: 'mail', urlEnv: 'SMTP_URL', hostEnv: 'SMTP_HOST' },
  elasticsearch: { label: 'Elasticsearch', category: 'search', urlEnv: 'ELASTICSEARCH_URL', hostEnv: 'ELASTICSEARCH_URL' },
  opensearch: { label: 'OpenSearch', category: 'search', urlEnv: 'OPENSEARCH_URL', hostEnv: 'OPENSEARCH_URL' },
  s3: { label: 'S3-compatible storage', category: 'storage', urlEnv: 'S3_ENDPOINT', hostEnv: 'S3_ENDPOINT' },
  cassandra: { label: 'Cassandra', category: 'wide-column', urlEnv: 'CASSANDRA_CONTACT_POINTS', hostEnv: 'CASSANDRA_CONTACT_POINTS' },
  neo4j: { label: 'Neo4j', category: 'graph', urlEnv: 'NEO4J_URL', hostEnv: 'NEO4J_URL' },
  // A column store for analytics beside the app's own database: it never stands in for PostgreSQL or MySQL.
  clickhouse: { label: 'ClickHouse', category: 'analytics', urlEnv: 'CLICKHOUSE_URL', hostEnv: 'CLICKHOUSE_HOST' },
  influxdb: { label: 'InfluxDB', category: 'timeseries', urlEnv: 'INFLUX_URL', hostEnv: 'INFLUX_HOST' },
  // A workflow engine's frontend (Temporal): the service the workers and clients attach to.
  temporal: { label: 'Temporal', category: 'workflow', urlEnv: 'TEMPORAL_ADDRESS', hostEnv: 'TEMPORAL_ADDRESS' },
};

/** Where a client takes its locator. */
export type LocatorArgument =
  /** A URL/connection string, or an options object. */
  | { index: number; as: 'urlOrOptions' }
  /** ioredis/node-redis v3: a URL, a port (then the host as the next argument), or an options object. */
  | { index: number; as: 'urlPortOrOptions' }
  /** A host (or a list of `host:port` strings). */
  | { index: number; as: 'host' }
  /** Options only. */
  | { index: number; as: 'options' }
  /** The last object literal among the arguments (Sequelize's `(database, user, password, options)`). */
  | { index: 'lastOptions'; as: 'options' };

export interface ClientSpec {
  /** Module specifiers (without `node:`). */
  modules: readonly string[];
  /** Member paths of the module that create or connect the client (`[]` = the module itself, `['()']` = what calling the module returns). */
  paths: readonly (readonly string[])[];
  /** How it is invoked: `new`, a call, or either. */
  invoke: 'new' | 'call' | 'any';
  /** The kind of service, or the option that names it (`client` for knex, `dialect` for Sequelize, `type` for TypeORM). */
  kind: ServiceKind | { option: string; fallback: ServiceKind };
  args: readonly LocatorArgument[];
  /**
   * With no locator at all (no argument, or an options object that names none) the client connects to
   * localhost and reads no environment variable: the locator is hardcoded by omission.
   */
  defaultsToLocalhost?: boolean;
  /** An option that, when present, means the client is not attached by host (nodemailer `service: 'gmail'`, `sendmail: true`). */
  notNetwork?: readonly string[];
  /** How to read the locator from the environment when the client was given none: where the URL goes. */
  implicitFix?: 'firstArgument' | 'urlOption';
}

const SQL_OPTIONS = { option: 'dialect', fallback: 'sql' } as const;

export const CLIENTS: readonly ClientSpec[] = [
  // Databases
  {
    modules: ['mongoose'],
    paths: [['connect'], ['createConnection']],
    invoke: 'call',
    kind: 'mongodb',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  {
    modules: ['mongodb'],
    paths: [['MongoClient'], ['MongoClient', 'connect']],
    invoke: 'any',
    kind: 'mongodb',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  {
    modules: ['@nestjs/mongoose'],
    paths: [['MongooseModule', 'forRoot']],
    invoke: 'call',
    kind: 'mongodb',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  { modules: ['agenda', '@hokify/agenda'], paths: [[], ['Agenda']], invoke: 'new', kind: 'mongodb', args: [{ index: 0, as: 'options' }] },
  {
    modules: ['pg', 'pg-pool'],
    paths: [['Pool'], ['Client'], []],
    invoke: 'new',
    kind: 'postgres',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  { modules: ['pg-promise'], paths: [['()']], invoke: 'call', kind: 'postgres', args: [{ index: 0, as: 'urlOrOptions' }] },
  { modules: ['postgres'], paths: [[]], invoke: 'call', kind: 'postgres', args: [{ index: 0, as: 'urlOrOptions' }] },
  { modules: ['@neondatabase/serverless'], paths: [['neon']], invoke: 'call', kind: 'postgres', args: [{ index: 0, as: 'urlOrOptions' }] },
  {
    modules: ['@neondatabase/serverless'],
    paths: [['Pool'], ['Client']],
    invoke: 'new',
    kind: 'postgres',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  {
    modules: ['drizzle-orm/node-postgres', 'drizzle-orm/postgres-js', 'drizzle-orm/neon-http', 'drizzle-orm/neon-serverless'],
    paths: [['drizzle']],
    invoke: 'call',
    kind: 'postgres',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  { modules: ['drizzle-orm/mysql2'], paths: [['drizzle']], invoke: 'call', kind: 'mysql', args: [{ index: 0, as: 'urlOrOptions' }] },
  {
    modules: ['mysql', 'mysql2', 'mysql2/promise'],
    paths: [['createConnection'], ['createPool'], ['createPoolCluster']],
    invoke: 'call',
    kind: 'mysql',
    args: [{ index: 0, as: 'urlOrOptions' }],
    defaultsToLocalhost: true,
  },
  {
    modules: ['mariadb'],
    paths: [['createConnection'], ['createPool']],
    invoke: 'call',
    kind: 'mariadb',
    args: [{ index: 0, as: 'urlOrOptions' }],
    defaultsToLocalhost: true,
  },
  { modules: ['mssql'], paths: [['connect']], invoke: 'call', kind: 'mssql', args: [{ index: 0, as: 'urlOrOptions' }] },
  { modules: ['mssql'], paths: [['ConnectionPool']], invoke: 'new', kind: 'mssql', args: [{ index: 0, as: 'urlOrOptions' }] },
  { modules: ['tedious'], paths: [['Connection']], invoke: 'new', kind: 'mssql', args: [{ index: 0, as: 'options' }] },
  {
    modules: ['oracledb'],
    paths: [['getConnection'], ['createPool']],
    invoke: 'call',
    kind: 'oracle',
    args: [{ index: 0, as: 'options' }],
  },
  {
    modules: ['knex'],
    paths: [[], ['knex'], ['Knex']],
    invoke: 'call',
    kind: { option: 'client', fallback: 'sql' },
    args: [{ index: 0, as: 'options' }],
  },
  {
    modules: ['sequelize', 'sequelize-typescript'],
    paths: [[], ['Sequelize']],
    invoke: 'new',
    kind: SQL_OPTIONS,
    args: [
      { index: 0, as: 'urlOrOptions' },
      { index: 'lastOptions', as: 'options' },
    ],
  },
  {
    modules: ['typeorm'],
    paths: [['DataSource'], ['createConnection'], ['createConnections']],
    invoke: 'any',
    kind: { option: 'type', fallback: 'sql' },
    args: [{ index: 0, as: 'options' }],
  },
  {
    modules: ['@nestjs/typeorm'],
    paths: [['TypeOrmModule', 'forRoot']],
    invoke: 'call',
    kind: { option: 'type', fallback: 'sql' },
    args: [{ index: 0, as: 'options' }],
  },
  { modules: ['@prisma/client'], paths: [['PrismaClient']], invoke: 'new', kind: 'sql', args: [{ index: 0, as: 'options' }] },
  {
    modules: ['@mikro-orm/core', '@mikro-orm/postgresql', '@mikro-orm/mysql', '@mikro-orm/mongodb'],
    paths: [['MikroORM', 'init']],
    invoke: 'call',
    kind: { option: 'type', fallback: 'sql' },
    args: [{ index: 0, as: 'options' }],
  },
  { modules: ['nano'], paths: [[]], invoke: 'call', kind: 'couchdb', args: [{ index: 0, as: 'urlOrOptions' }] },
  { modules: ['@clickhouse/client'], paths: [['createClient']], invoke: 'call', kind: 'clickhouse', args: [{ index: 0, as: 'options' }] },
  { modules: ['cassandra-driver'], paths: [['Client']], invoke: 'new', kind: 'cassandra', args: [{ index: 0, as: 'options' }] },
  { modules: ['neo4j-driver'], paths: [['driver']], invoke: 'call', kind: 'neo4j', args: [{ index: 0, as: 'urlOrOptions' }] },
  // Caches and queues on Redis
  {
    modules: ['ioredis'],
    paths: [[], ['Redis'], ['default']],
    invoke: 'new',
    kind: 'redis',
    args: [
      { index: 0, as: 'urlPortOrOptions' },
      { index: 1, as: 'host' },
    ],
    defaultsToLocalhost: true,
    implicitFix: 'firstArgument',
  },
  { modules: ['ioredis'], paths: [['Cluster'], ['Redis', 'Cluster']], invoke: 'new', kind: 'redis', args: [{ index: 0, as: 'host' }] },
  {
    modules: ['redis', '@redis/client'],
    paths: [['createClient']],
    invoke: 'call',
    kind: 'redis',
    args: [
      { index: 0, as: 'urlPortOrOptions' },
      { index: 1, as: 'host' },
    ],
    defaultsToLocalhost: true,
    implicitFix: 'urlOption',
  },
  { modules: ['redis', '@redis/client'], paths: [['createCluster']], invoke: 'call', kind: 'redis', args: [{ index: 0, as: 'options' }] },
  { modules: ['@upstash/redis'], paths: [['Redis']], invoke: 'new', kind: 'redis', args: [{ index: 0, as: 'options' }] },
  // keyv's storage adapters (`new Keyv({ store: new KeyvRedis(url) })`, `createKeyv(url)`)
  {
    modules: ['@keyv/redis'],
    paths: [[], ['default'], ['KeyvRedis'], ['createKeyv']],
    invoke: 'any',
    kind: 'redis',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  {
    modules: ['@keyv/postgres'],
    paths: [[], ['default'], ['KeyvPostgres']],
    invoke: 'new',
    kind: 'postgres',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  {
    modules: ['@keyv/mongo'],
    paths: [[], ['default'], ['KeyvMongo']],
    invoke: 'new',
    kind: 'mongodb',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  {
    modules: ['@keyv/mysql'],
    paths: [[], ['default'], ['KeyvMysql']],
    invoke: 'new',
    kind: 'mysql',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  {
    modules: ['bull'],
    paths: [[]],
    invoke: 'any',
    kind: 'redis',
    args: [
      { index: 1, as: 'urlOrOptions' },
      { index: 2, as: 'options' },
    ],
  },
  {
    modules: ['bullmq'],
    paths: [['Queue'], ['Worker'], ['QueueEvents'], ['FlowProducer'], ['QueueScheduler']],
    invoke: 'new',
    kind: 'redis',
    args: [{ index: 'lastOptions', as: 'options' }],
  },
  {
    // Nest's wrappers: `BullModule.forRoot({ connection: { host } })` (bullmq), `BullModule.registerQueue({ name, redis })` (bull).
    modules: ['@nestjs/bullmq', '@nestjs/bull'],
    paths: [
      ['BullModule', 'forRoot'],
      ['BullModule', 'registerQueue'],
    ],
    invoke: 'call',
    kind: 'redis',
    // `forRoot(options)`, `forRoot(configKey, options)`, `registerQueue(options)`.
    args: [
      { index: 0, as: 'options' },
      { index: 'lastOptions', as: 'options' },
    ],
  },
  { modules: ['bee-queue'], paths: [[]], invoke: 'new', kind: 'redis', args: [{ index: 1, as: 'options' }] },
  { modules: ['rsmq', 'rsmq-promise'], paths: [[]], invoke: 'new', kind: 'redis', args: [{ index: 0, as: 'options' }] },
  { modules: ['memcached'], paths: [[]], invoke: 'new', kind: 'memcached', args: [{ index: 0, as: 'host' }] },
  { modules: ['memjs'], paths: [['Client', 'create']], invoke: 'call', kind: 'memcached', args: [{ index: 0, as: 'host' }] },
  // Brokers
  {
    modules: ['amqplib', 'amqplib/callback_api'],
    paths: [['connect']],
    invoke: 'call',
    kind: 'amqp',
    args: [{ index: 0, as: 'urlOrOptions' }],
    defaultsToLocalhost: true,
    implicitFix: 'firstArgument',
  },
  { modules: ['amqp-connection-manager'], paths: [['connect']], invoke: 'call', kind: 'amqp', args: [{ index: 0, as: 'host' }] },
  { modules: ['kafkajs'], paths: [['Kafka']], invoke: 'new', kind: 'kafka', args: [{ index: 0, as: 'options' }] },
  { modules: ['nats'], paths: [['connect']], invoke: 'call', kind: 'nats', args: [{ index: 0, as: 'options' }] },
  { modules: ['mqtt'], paths: [['connect'], ['connectAsync']], invoke: 'call', kind: 'mqtt', args: [{ index: 0, as: 'urlOrOptions' }] },
  // Mail
  {
    modules: ['nodemailer'],
    paths: [['createTransport']],
    invoke: 'call',
    kind: 'smtp',
    args: [{ index: 0, as: 'urlOrOptions' }],
    notNetwork: ['service', 'sendmail', 'streamTransport', 'jsonTransport', 'SES', 'transport'],
  },
  {
    modules: ['nodemailer-smtp-transport', 'nodemailer-smtp-pool'],
    paths: [[]],
    invoke: 'call',
    kind: 'smtp',
    args: [{ index: 0, as: 'urlOrOptions' }],
    notNetwork: ['service'],
  },
  // Search
  {
    modules: ['@elastic/elasticsearch', 'elasticsearch'],
    paths: [['Client']],
    invoke: 'new',
    kind: 'elasticsearch',
    args: [{ index: 0, as: 'options' }],
  },
  {
    modules: ['@opensearch-project/opensearch'],
    paths: [['Client']],
    invoke: 'new',
    kind: 'opensearch',
    args: [{ index: 0, as: 'options' }],
  },
  // Time series
  {
    modules: ['@influxdata/influxdb-client', '@influxdata/influxdb-client-browser'],
    paths: [['InfluxDB']],
    invoke: 'new',
    kind: 'influxdb',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  {
    modules: ['@influxdata/influxdb3-client'],
    paths: [['InfluxDBClient']],
    invoke: 'new',
    kind: 'influxdb',
    args: [{ index: 0, as: 'urlOrOptions' }],
  },
  { modules: ['influx'], paths: [['InfluxDB']], invoke: 'new', kind: 'influxdb', args: [{ index: 0, as: 'urlOrOptions' }] },
  // Workflow engines: Temporal's client and worker connections, `Connection.connect({ address })`.
  {
    modules: ['@temporalio/client', '@temporalio/worker'],
    paths: [
      ['Connection', 'connect'],
      ['Connection', 'lazy'],
      ['NativeConnection', 'connect'],
    ],
    invoke: 'call',
    kind: 'temporal',
    args: [{ index: 0, as: 'options' }],
  },
  // Object storage
  { modules: ['@aws-sdk/client-s3'], paths: [['S3Client'], ['S3']], invoke: 'new', kind: 's3', args: [{ index: 0, as: 'options' }] },
  { modules: ['aws-sdk', 'aws-sdk/clients/s3'], paths: [['S3'], []], invoke: 'new', kind: 's3', args: [{ index: 0, as: 'options' }] },
  { modules: ['minio'], paths: [['Client']], invoke: 'new', kind: 's3', args: [{ index: 0, as: 'options' }] },
];

/** Option keys whose value is a locator: a URL (or connection string), a host, or a list of them. */
export const URL_KEYS = new Set([
  'url',
  'uri',
  'connectionString',
  'connectionUri',
  'connectionURI',
  'connectString',
  'connectionUrl',
  'clientUrl',
  'datasourceUrl',
  'node',
  'nodes',
  'brokers',
  'servers',
  'contactPoints',
  'address',
  'rootNodes',
]);
export const HOST_KEYS = new Set(['host', 'hostname', 'server', 'endpoint', 'endPoint']);
/** In a known client's options, also `address` (Temporal's `Connection.connect({ address: 'host:7233' })`). */
export const CLIENT_HOST_KEYS = new Set([...HOST_KEYS, 'address']);
/** Keys that hold another locator container (a knex `connection`, node-redis `socket`, bull `redis`, Prisma `datasources.db`). */
export const CONTAINER_KEYS = new Set([
  'connection',
  'socket',
  'redis',
  'db',
  'datasources',
  'replication',
  'read',
  'write',
  'master',
  'slaves',
  'clientOptions',
  'redisOptions',
  'connectionOptions',
]);
/** Keys that never hold a locator, even under a container: credentials, TLS, pools, retries. */
export const NOT_LOCATOR_CONTAINERS = new Set(['auth', 'credentials', 'sasl', 'ssl', 'tls', 'pool', 'retry', 'proxy', 'agent', 'define']);
/** Present in an options object, these mean the locator is given another way (a socket, sentinels): not localhost by omission. */
export const LOCATOR_ALTERNATIVES = new Set(['path', 'socketPath', 'sentinels', 'name', 'cloud', 'filename', 'storage', 'lazyConnect']);

/** `client`/`dialect`/`type` option values (knex, Sequelize, TypeORM, MikroORM) → the kind of database. */
export function kindOfDialect(value: string): ServiceKind | undefined {
  const v = value.toLowerCase();
  if (/^(?:pg|pg-native|postgres|postgresql|pgsql|postgres-js|aurora-postgres|aurora-data-api-pg)$/.test(v)) return 'postgres';
  if (/^(?:mysql|mysql2|aurora-mysql|aurora-data-api)$/.test(v)) return 'mysql';
  if (v === 'mariadb') return 'mariadb';
  if (/^(?:mssql|tedious|sqlserver)$/.test(v)) return 'mssql';
  if (/^(?:oracle|oracledb)$/.test(v)) return 'oracle';
  if (/^(?:sqlite|sqlite3|better-sqlite3|sqljs|sql\.js|capacitor|cordova|react-native|expo|nativescript|libsql|@libsql\/client)$/.test(v))
    return 'sqlite';
  if (v === 'cockroachdb') return 'cockroachdb';
  if (/^(?:mongodb|mongo)$/.test(v)) return 'mongodb';
  return undefined;
}

/** The kind of service a URL scheme names. */
export function kindOfScheme(scheme: string): ServiceKind | undefined {
  const s = scheme.toLowerCase().replace(/^jdbc:/, '');
  if (/^(?:postgres|postgresql|pg)$/.test(s)) return 'postgres';
  if (/^(?:mysql|mysql2|mysqlx)$/.test(s)) return 'mysql';
  if (s === 'mariadb') return 'mariadb';
  if (/^(?:mssql|sqlserver)$/.test(s)) return 'mssql';
  if (/^(?:sqlite|sqlite3|file)$/.test(s)) return 'sqlite';
  if (s === 'cockroachdb') return 'cockroachdb';
  if (/^mongodb(?:\+srv)?$/.test(s)) return 'mongodb';
  if (/^(?:redis|rediss|valkey|valkeys)$/.test(s)) return 'redis';
  if (/^amqps?$/.test(s)) return 'amqp';
  if (/^(?:kafka|kafka\+ssl)$/.test(s)) return 'kafka';
  if (/^nats$/.test(s)) return 'nats';
  if (/^(?:mqtts?|wss?\+mqtt)$/.test(s)) return 'mqtt';
  if (/^smtps?$/.test(s)) return 'smtp';
  if (/^(?:bolt|neo4j|neo4j\+s|neo4j\+ssc)$/.test(s)) return 'neo4j';
  if (s === 'memcached') return 'memcached';
  return undefined;
}

/** In-memory stand-ins for a backing service: fine in tests, a different service when app code runs on them. */
export const SUBSTITUTES: Readonly<Record<string, { kind?: ServiceKind; label: string }>> = {
  'mongodb-memory-server': { kind: 'mongodb', label: 'an in-memory MongoDB (mongodb-memory-server)' },
  'mongodb-memory-server-core': { kind: 'mongodb', label: 'an in-memory MongoDB (mongodb-memory-server)' },
  'mongodb-memory-server-global': { kind: 'mongodb', label: 'an in-memory MongoDB (mongodb-memory-server)' },
  '@shelf/jest-mongodb': { kind: 'mongodb', label: 'an in-memory MongoDB (@shelf/jest-mongodb)' },
  mockingoose: { kind: 'mongodb', label: 'a mocked MongoDB (mockingoose)' },
  'ioredis-mock': { kind: 'redis', label: 'a fake Redis (ioredis-mock)' },
  'redis-mock': { kind: 'redis', label: 'a fake Redis (redis-mock)' },
  fakeredis: { kind: 'redis', label: 'a fake Redis (fakeredis)' },
  'redis-memory-server': { kind: 'redis', label: 'an in-memory Redis (redis-memory-server)' },
  'pg-mem': { kind: 'postgres', label: 'an in-memory PostgreSQL emulation (pg-mem)' },
  'nodemailer-mock': { kind: 'smtp', label: 'a fake SMTP transport (nodemailer-mock)' },
  'amqplib-mocks': { kind: 'amqp', label: 'a fake AMQP broker (amqplib-mocks)' },
  'mock-amqplib': { kind: 'amqp', label: 'a fake AMQP broker (mock-amqplib)' },
  'kafkajs-mock': { kind: 'kafka', label: 'a fake Kafka (kafkajs-mock)' },
  'aws-sdk-client-mock': { kind: 's3', label: 'a mocked AWS client (aws-sdk-client-mock)' },
  s3rver: { kind: 's3', label: 'a local S3 emulation (s3rver)' },
  nock: { label: 'a faker of HTTP services (nock)' },
};

/** Compose/OCI images of backing services (repository name without registry, tag or digest) → kind. */
export function kindOfImage(image: string): ServiceKind | undefined {
  const name = image
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '')
    .replace(/^(?:docker\.io\/|registry-1\.docker\.io\/|public\.ecr\.aws\/[^/]+\/|ghcr\.io\/|quay\.io\/|mcr\.microsoft\.com\/)/, '')
    .replace(/^library\//, '')
    .toLowerCase();
  const last = name.split('/').pop() ?? name;
  if (/^(?:postgres|postgresql|postgis|timescaledb(?:-ha)?|pgvector|supabase-postgres)$/.test(last) || name === 'postgis/postgis')
    return 'postgres';
  if (/^(?:mysql|mysql-server|percona|percona-server)$/.test(last)) return 'mysql';
  if (/^mariadb$/.test(last)) return 'mariadb';
  if (/^(?:mssql|mssql-server|azure-sql-edge)$/.test(last) || name.startsWith('mssql/server')) return 'mssql';
  if (/^(?:mongo|mongodb|mongodb-community-server)$/.test(last)) return 'mongodb';
  if (/^(?:redis|redis-stack|redis-stack-server|valkey|keydb|dragonfly)$/.test(last)) return 'redis';
  if (last === 'memcached') return 'memcached';
  if (/^rabbitmq$/.test(last)) return 'amqp';
  if (/^(?:kafka|cp-kafka|redpanda)$/.test(last)) return 'kafka';
  if (last === 'nats') return 'nats';
  if (/^(?:eclipse-mosquitto|mosquitto|emqx|hivemq4)$/.test(last)) return 'mqtt';
  if (last === 'elasticsearch') return 'elasticsearch';
  if (last === 'opensearch') return 'opensearch';
  if (/^(?:minio|localstack)$/.test(last)) return 's3';
  if (last === 'cassandra') return 'cassandra';
  if (last === 'neo4j') return 'neo4j';
  if (last === 'couchdb') return 'couchdb';
  if (/^(?:cockroach|cockroachdb)$/.test(last)) return 'cockroachdb';
  if (/^clickhouse(?:-server)?$/.test(last)) return 'clickhouse';
  return undefined;
}

/** The major version a tag names (`16-alpine` → 16, `8.0.36` → 8), or undefined (`latest`, `alpine`, a digest). */
export function majorOfImage(image: string): number | undefined {
  const tag = /:([^/@]+)(?:@.*)?$/.exec(image)?.[1];
  const m = tag ? /^v?(\d+)(?:[.\-_]|$)/.exec(tag) : null;
  return m ? Number(m[1]) : undefined;
}

/** Database drivers among package.json dependencies → the kind they talk to (what the app can run on). */
export const DRIVERS: Readonly<Record<string, ServiceKind>> = {
  pg: 'postgres',
  'pg-promise': 'postgres',
  postgres: 'postgres',
  '@neondatabase/serverless': 'postgres',
  '@vercel/postgres': 'postgres',
  mysql: 'mysql',
  mysql2: 'mysql',
  mariadb: 'mariadb',
  mssql: 'mssql',
  tedious: 'mssql',
  oracledb: 'oracle',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
  '@libsql/client': 'sqlite',
  mongoose: 'mongodb',
  mongodb: 'mongodb',
  ioredis: 'redis',
  redis: 'redis',
  amqplib: 'amqp',
  'amqp-connection-manager': 'amqp',
  kafkajs: 'kafka',
  nats: 'nats',
  mqtt: 'mqtt',
  '@elastic/elasticsearch': 'elasticsearch',
  '@opensearch-project/opensearch': 'opensearch',
  memcached: 'memcached',
  'cassandra-driver': 'cassandra',
  'neo4j-driver': 'neo4j',
  '@clickhouse/client': 'clickhouse',
  '@clickhouse/client-web': 'clickhouse',
  clickhouse: 'clickhouse',
  'pg-native': 'postgres',
  slonik: 'postgres',
  '@planetscale/database': 'mysql',
  '@influxdata/influxdb-client': 'influxdb',
  influx: 'influxdb',
  '@temporalio/client': 'temporal',
};

/** The two kinds can stand for each other without a parity problem (the same engine, or wire-compatible). */
export function sameEngine(a: ServiceKind, b: ServiceKind): boolean {
  if (a === b) return true;
  const family = (k: ServiceKind) => (k === 'mariadb' ? 'mysql' : k === 'cockroachdb' ? 'postgres' : k);
  // `sql` (a SQL client whose dialect is not written) is compatible with any SQL engine.
  if (a === 'sql' || b === 'sql') return SERVICES[a].category === 'sql' && SERVICES[b].category === 'sql';
  return family(a) === family(b);
}

/**
 * Environment names: blocks of a per-environment config (`development: {…}`), values compared with
 * NODE_ENV, `.env.<name>` files. `dev` runs on a developer's machine or in tests; `prod` is what is deployed.
 */
export function environmentOfName(name: string): 'dev' | 'prod' | undefined {
  const n = name.toLowerCase().replace(/[-_.]/g, '');
  if (/^(?:dev|develop|development|local|localhost|test|tests|testing|unittest|e2e|ci|debug|sandbox)$/.test(n)) return 'dev';
  if (/^(?:prod|production|staging|stage|live|release|preprod|preproduction|uat)$/.test(n)) return 'prod';
  return undefined;
}

/** A name that is an environment (`dev`, `debug`) or says one (`isDev`, `inProduction`, `IS_SANDBOX`). */
export function environmentOfIdentifier(name: string): 'dev' | 'prod' | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\W]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  return last && (words[0] === 'is' || words[0] === 'in' || words.length === 1) ? environmentOfName(last) : undefined;
}

/**
 * Paths that are not the deployed app: seeds, scripts, migrations, examples, dev tooling. (Test files
 * are the configuration's testFiles; these come on top for rules about what production runs.)
 */
export function isToolingPath(relativePath: string): boolean {
  const p = relativePath.toLowerCase();
  if (
    /(?:^|\/)(?:scripts?|seeds?|seeders?|seeding|migrations?|fixtures?|mocks?|__mocks__|examples?|demos?|samples?|playgrounds?|benchmarks?|bench|tools|extra|cypress|playwright|e2e|stories|storybook|docs|docker-entrypoint-initdb\.d)\//.test(
      p,
    )
  )
    return true;
  const base = p.split('/').pop() ?? p;
  if (
    /^(?:seed|seeds|seeder|seeding|setup-?tests?|test-?setup|global-?setup|global-?teardown|jest|vitest|playwright|cypress|mock|mocks|fake|stub)[.-]/.test(
      base,
    )
  )
    return true;
  if (/\.(?:seed|seeder|setup|mock|fixture|stories)\.[cm]?[jt]sx?$/.test(base)) return true;
  return false;
}

/** A file whose name says it is the config of one environment (`config/development.js`, `local.docker.js`, `.env.test`). */
/** `docker-compose.prod.yml`, `compose.production.yaml`: a compose file whose name says it runs production. */
export function isProductionComposeName(file: string): boolean {
  return isComposeName(file) && environmentOfFile(path.basename(file)) === 'prod';
}

export function environmentOfFile(relativePath: string): 'dev' | 'prod' | undefined {
  // A development harness's folder (`dev/payload.config.ts`, `templates/plugin/dev/…`); not one under `src/`, which
  // the app may ship.
  if (/(?:^|\/)(?:dev|development)\//i.test(relativePath) && !/(?:^|\/)src\//.test(relativePath)) return 'dev';
  const base = (relativePath.split('/').pop() ?? relativePath).toLowerCase();
  const stem = base.replace(/^\.env\.?/, '').replace(/\.[cm]?[jt]sx?$|\.json$|\.ya?ml$/, '');
  let found: 'dev' | 'prod' | undefined;
  for (const part of stem.split(/[.\-_]/)) {
    const env = environmentOfName(part);
    if (env === 'dev') return 'dev';
    if (env) found = env;
  }
  return found;
}
