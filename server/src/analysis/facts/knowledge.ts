/**
 * Knowledge shared by the facts, the rules and the report, so each concept has one definition:
 * which packages handle SIGTERM for the app, which keep sessions outside the process.
 */

/** Graceful-shutdown packages that install signal handlers themselves (or exist only to be wired to them). */
export const SHUTDOWN_MODULES: Readonly<Record<string, string[]>> = {
  '@godaddy/terminus': ['SIGTERM'],
  'http-terminator': ['*'],
  lightship: ['SIGTERM', 'SIGHUP', 'SIGINT'],
  'close-with-grace': ['SIGTERM', 'SIGINT'],
  'fastify-graceful-shutdown': ['SIGTERM', 'SIGINT'],
  'http-graceful-shutdown': ['SIGTERM', 'SIGINT'],
  'async-exit-hook': ['SIGTERM', 'SIGINT'],
  'exit-hook': ['SIGTERM', 'SIGINT'],
  death: ['SIGTERM', 'SIGINT', 'SIGQUIT'],
  'signal-exit': ['SIGTERM', 'SIGINT'],
  'node-graceful-shutdown': ['SIGTERM', 'SIGINT'],
};

/** Session middleware stores that keep sessions out of the process: package → where. */
export const SESSION_STORES: Readonly<Record<string, string>> = {
  'connect-redis': 'Redis',
  'connect-mongo': 'MongoDB',
  'connect-mongodb-session': 'MongoDB',
  'connect-pg-simple': 'PostgreSQL',
  'connect-session-sequelize': 'a SQL database (Sequelize)',
  'connect-session-knex': 'a SQL database (Knex)',
  'express-mysql-session': 'MySQL',
  'connect-dynamodb': 'DynamoDB',
  'connect-memcached': 'Memcached',
  '@quixo3/prisma-session-store': 'a database (Prisma)',
  'connect-typeorm': 'a database (TypeORM)',
  'cookie-session': 'signed cookies, client side',
  '@fastify/secure-session': 'encrypted cookies, client side',
};
