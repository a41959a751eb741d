/**
 * Knowledge of schema migrations (factor XII): the APIs that migrate or sync a database schema from
 * code (Sequelize sync, TypeORM synchronize/migrationsRun/runMigrations, Knex, Umzug, MikroORM, Kysely,
 * Drizzle, node-pg-migrate, db-migrate, Postgrator, migrate-mongo, Mongoose syncIndexes), and the
 * commands that do it from a shell (prisma migrate deploy, knex migrate:latest, sequelize db:migrate…),
 * with a reader of command chains that says which migrations run before the app starts.
 */
import { commandTargets } from '../facts/entryPoints';
import { STAYS_UP } from './starts';
import * as path from 'node:path';
import * as ts from 'typescript';
import { propertyNameText, unwrapExpression, type ModuleBindings } from '../languages/typescript/imports';
import { initializerOf, staticPathText, UNKNOWN } from '../languages/typescript/values';
import { configLookup } from '../languages/typescript/flow';
import { parseShell, type ShellCommand } from '../languages/dockerfile/shell';
import { NODE_VALUE_OPTIONS, startsApp } from '../languages/dockerfile/commands';
import { valueInProduction } from './startup';

export type MigrationPlace = 'web' | 'one-off' | 'switched' | 'development' | 'not started';

/** The evidence this rule hands the report (plain data; 1-based lines, paths relative to the folder). */
export interface MigrationEvidence {
  /** Every program whose start was checked, and whether it serves requests. */
  programs: { entry: string; web: boolean }[];
  /** Migrations and schema syncs in code, and where they run. */
  code: { file: string; line: number; label: string; place: MigrationPlace; switch?: string }[];
}

// ── code ────────────────────────────────────────────────────────────────────────────────────────

export type MigrationKind =
  'migrate' | 'syncForce' | 'syncAlter' | 'syncCreate' | 'synchronize' | 'migrationsRun' | 'dropSchema' | 'command';

interface MigrationCall {
  kind: MigrationKind;
  /** As it reads in a message: `knex.migrate.latest()`, `sequelize.sync({ alter: true })`, `synchronize: true`. */
  label: string;
  /** A schema sync meant for development: the fix puts it behind NODE_ENV. */
  devSync?: true;
}

/** Instances of migration runners held in names: `const umzug = new Umzug(…)`, `const dbm = DBMigrate.getInstance()`. */
export type Runners = Map<string, string>;

const RUNNER_MODULES: Readonly<Record<string, RegExp>> = {
  umzug: /^(?:|Umzug)$/,
  'db-migrate': /^getInstance$/,
  postgrator: /^(?:|Postgrator)$/,
  kysely: /^Migrator$/,
  sequelize: /^(?:|Sequelize)$/,
  'sequelize-typescript': /^Sequelize$/,
  '@sequelize/core': /^Sequelize$/,
  typeorm: /^(?:DataSource|createConnection|getConnection)$/,
  '@mikro-orm/core': /^(?:MikroORM\.init|init)$/,
};

/**
 * Packages whose exported function applies a folder of migrations (the names it is called by, `''` for the module itself
 * or its default export): node-pg-migrate's `runner()`, postgres-migrations' `migrate({ client }, dir)`, ley's `up()`…
 */
const MIGRATING_EXPORTS: Readonly<Record<string, { names: readonly string[]; label: string }>> = {
  'node-pg-migrate': { names: ['', 'runner', 'default'], label: 'node-pg-migrate runner()' },
  'migrate-mongo': { names: ['up'], label: 'migrate-mongo up()' },
  'postgres-migrations': { names: ['migrate'], label: 'postgres-migrations migrate()' },
  'graphile-migrate': { names: ['migrate'], label: 'graphile-migrate migrate()' },
  'postgres-shift': { names: ['', 'default'], label: 'postgres-shift shift()' },
  ley: { names: ['up'], label: 'ley up()' },
  'marv/api/promise': { names: ['migrate'], label: 'marv migrate()' },
  'marv/api/callback': { names: ['migrate'], label: 'marv migrate()' },
};

/** What a `new X(…)` / `x.getInstance()` initializer makes, when it is a migration runner or an ORM. */
export function runnerKind(init: ts.Expression | undefined, bindings: ModuleBindings): string | undefined {
  if (!init) return undefined;
  let u = unwrapExpression(init);
  if (ts.isAwaitExpression(u)) u = unwrapExpression(u.expression);
  if (!ts.isNewExpression(u) && !ts.isCallExpression(u)) return undefined;
  const ref = bindings.resolve(u.expression);
  if (!ref) return undefined;
  const pattern = RUNNER_MODULES[ref.module];
  if (!pattern) return /^@mikro-orm\//.test(ref.module) && /init$/.test(ref.path.join('.')) ? 'mikro-orm' : undefined;
  return pattern.test(ref.path.join('.')) ? ref.module.replace(/^@sequelize\/core$|^sequelize-typescript$/, 'sequelize') : undefined;
}

function receiverText(e: ts.Expression): string {
  const u = unwrapExpression(e);
  if (ts.isIdentifier(u)) return u.text;
  if (ts.isPropertyAccessExpression(u)) return `${receiverText(u.expression)}.${u.name.text}`;
  if (u.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isCallExpression(u)) return `${receiverText(u.expression)}()`;
  return '';
}

function lastName(text: string): string {
  return text.split('.').pop()!.replace(/\(\)$/, '');
}

function literalText(e: ts.Expression | undefined): string | undefined {
  const u = e && unwrapExpression(e);
  return u && (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) ? u.text : undefined;
}

/** An options object (followed through a name and a `?:` to the branch production takes), as a property lookup. */
function optionsObject(sourceFile: ts.SourceFile, e: ts.Expression | undefined, depth = 0): ts.ObjectLiteralExpression | undefined {
  if (!e || depth > 3) return undefined;
  const u = unwrapExpression(e);
  if (ts.isObjectLiteralExpression(u)) return u;
  if (ts.isIdentifier(u)) return optionsObject(sourceFile, initializerOf(sourceFile, u.text), depth + 1);
  if (ts.isConditionalExpression(u)) {
    const t = valueInProduction(sourceFile, u.condition);
    if (t === 'T') return optionsObject(sourceFile, u.whenTrue, depth + 1);
    if (t === 'F') return optionsObject(sourceFile, u.whenFalse, depth + 1);
  }
  return undefined;
}

/** True when the option is set for production: a literal `true`, or an expression that holds there. */
function optionOn(sourceFile: ts.SourceFile, object: ts.ObjectLiteralExpression | undefined, name: string): boolean {
  if (!object) return false;
  for (const p of object.properties) {
    if (!ts.isPropertyAssignment(p) || propertyNameText(p.name) !== name) continue;
    const v = unwrapExpression(p.initializer);
    if (v.kind === ts.SyntaxKind.TrueKeyword || ts.isObjectLiteralExpression(v)) return true;
    if (v.kind === ts.SyntaxKind.FalseKeyword) return false;
    return valueInProduction(sourceFile, v) === 'T';
  }
  return false;
}

const SEQUELIZE_NAME = /sequelize/i;
const DB_NAME = /^(?:db|database|orm|models?|connection|conn|sql|client)$/i;

/** The migration a call runs, if any. */
export function migrationOf(
  sourceFile: ts.SourceFile,
  call: ts.CallExpression,
  bindings: ModuleBindings,
  runners: Runners,
): MigrationCall | undefined {
  const callee = unwrapExpression(call.expression);
  const ref = bindings.resolve(callee);
  if (ref) {
    const name = ref.path.join('.');
    if (/^drizzle-orm\/.+\/migrator$/.test(ref.module) && name === 'migrate') return { kind: 'migrate', label: 'drizzle migrate()' };
    const exported = MIGRATING_EXPORTS[ref.module];
    if (exported?.names.includes(name)) return { kind: 'migrate', label: exported.label };
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = callee.expression;
  const rText = receiverText(receiver);
  const rLast = lastName(rText);
  const runner = runners.get(rText);
  // knex.migrate.latest(), db.migrate.up()
  if ((method === 'latest' || method === 'up') && rLast === 'migrate') return { kind: 'migrate', label: `${rText}.${method}()` };
  if (
    method === 'up' &&
    (runner === 'umzug' || runner === 'db-migrate' || /^(?:umzug|migrator|dbMigrate|dbm)$/i.test(rLast) || /getMigrator\(\)$/.test(rText))
  )
    return { kind: 'migrate', label: `${rText}.up()` };
  // `migrations.up()` on a runner built elsewhere; never `migration.up(…)`, one migration's own step.
  if (method === 'up' && /^migrations$/i.test(rLast) && call.arguments.length === 0) return { kind: 'migrate', label: `${rText}.up()` };
  // Kysely's `migrator.migrateToLatest()`; not the app's own service of that name (`this.migrationService.migrateToLatest()`),
  // whose body holds the Kysely call found there: one migration, one finding.
  if ((method === 'migrateToLatest' && !/service$/i.test(rLast)) || (method === 'migrate' && runner === 'postgrator'))
    return { kind: 'migrate', label: `${rText}.${method}()` };
  if (method === 'runMigrations') return { kind: 'migrate', label: `${rText}.runMigrations()` };
  if (
    /^(?:updateSchema|createSchema|refreshDatabase)$/.test(method) &&
    (/getSchemaGenerator\(\)$|schema$|generator$/i.test(rText) || runner === 'mikro-orm')
  )
    return { kind: 'syncAlter', label: `${rText}.${method}()`, devSync: true };
  if (
    method === 'synchronize' &&
    call.arguments.length <= 1 &&
    (runner === 'typeorm' || /data\s*source|connection|orm|^db$|database/i.test(rLast) || bindings.uses('typeorm'))
  )
    return { kind: 'synchronize', label: `${rText}.synchronize()`, devSync: true };
  if (method === 'syncIndexes' && (bindings.uses('mongoose') || rLast === 'mongoose'))
    return { kind: 'syncAlter', label: `${rText}.syncIndexes()`, devSync: true };
  if (method === 'sync' && call.arguments.length <= 1) {
    const sequelize = runner === 'sequelize' || SEQUELIZE_NAME.test(rText);
    const usesSequelize = bindings.uses('sequelize') || bindings.uses('sequelize-typescript') || bindings.uses('@sequelize/core');
    const options = optionsObject(sourceFile, call.arguments[0]);
    const force = optionOn(sourceFile, options, 'force');
    const alter = optionOn(sourceFile, options, 'alter');
    const shown = force ? '{ force: true }' : alter ? '{ alter: true }' : call.arguments.length ? '…' : '';
    // A model's own sync (`User.sync({ alter: true })`) counts when its options say schema.
    if (sequelize || (usesSequelize && DB_NAME.test(rLast)) || ((force || alter) && (usesSequelize || /^[A-Z]/.test(rLast))))
      return { kind: force ? 'syncForce' : alter ? 'syncAlter' : 'syncCreate', label: `${rText}.sync(${shown})`, devSync: true };
  }
  return undefined;
}

/** TypeORM's option keys that change the schema when the data source starts. */
const TYPEORM_SCHEMA_OPTIONS: Readonly<Record<string, MigrationKind>> = {
  synchronize: 'synchronize',
  migrationsRun: 'migrationsRun',
  dropSchema: 'dropSchema',
};
/** Keys that make an object literal a TypeORM (or MikroORM) data source's options. */
const DATA_SOURCE_KEYS = new Set([
  'type',
  'entities',
  'migrations',
  'database',
  'host',
  'url',
  'username',
  'subscribers',
  'driver',
  'dbName',
  'migrationsTableName',
  'autoLoadEntities',
]);

/**
 * `synchronize: true`, `migrationsRun: true`, `dropSchema: true` in a data source's options, set for
 * production (literal true, or an expression that holds there). `synchronize: process.env.NODE_ENV !==
 * 'production'` and switches (`process.env.DB_SYNC === 'true'`) are not.
 */
export function schemaOptionOf(
  sourceFile: ts.SourceFile,
  property: ts.PropertyAssignment,
  object: ts.ObjectLiteralExpression,
  bindings: ModuleBindings,
): MigrationCall | undefined {
  const key = propertyNameText(property.name);
  const kind = key ? TYPEORM_SCHEMA_OPTIONS[key] : undefined;
  if (!kind || !key) return undefined;
  const typeormFile =
    bindings.uses('typeorm') || bindings.uses('@nestjs/typeorm') || [...bindings.all()].some((b) => /typeorm/.test(b.module));
  const siblings = object.properties.filter((p) => p.name && DATA_SOURCE_KEYS.has(propertyNameText(p.name) ?? '')).length;
  if (!typeormFile && siblings < 2) return undefined;
  const v = unwrapExpression(property.initializer);
  let on: boolean;
  if (v.kind === ts.SyntaxKind.TrueKeyword || literalText(v) === 'true') on = true;
  else if (v.kind === ts.SyntaxKind.FalseKeyword || ts.isLiteralExpression(v)) on = false;
  else on = valueInProduction(sourceFile, v) === 'T' || defaultsToTrue(v);
  if (!on) return undefined;
  return {
    kind,
    label: `${key}: ${v.getText(sourceFile).replace(/\s+/g, ' ').slice(0, 60)}`,
    devSync: kind === 'synchronize' ? true : undefined,
  };
}

/**
 * `configService.get<boolean>('DATABASE_MIGRATE', true)`, `env.bool('DB_SYNC', true)`: a setting read by name whose
 * default is on: it holds in every deploy that does not set it (and a variable set to `false` arrives as a string).
 */
function defaultsToTrue(v: ts.Expression): boolean {
  const fallback = ts.isCallExpression(v) ? configLookup(v)?.fallback : undefined;
  return !!fallback && unwrapExpression(fallback).kind === ts.SyntaxKind.TrueKeyword;
}

/** `execSync('npx prisma migrate deploy')`, `fork('scripts/checkMigrations.js')`, `spawn('npx', ['knex', 'migrate:latest'])`. */
export function childProcessMigrationOf(
  sourceFile: ts.SourceFile,
  call: ts.CallExpression,
  bindings: ModuleBindings,
): MigrationCall | undefined {
  const ref = bindings.resolve(call.expression);
  const fromChildProcess = ref?.module === 'child_process' || ref?.module === 'execa' || ref?.module === 'zx';
  if (!fromChildProcess) return undefined;
  const fn = ref.path[ref.path.length - 1] ?? '';
  const first = call.arguments[0];
  if (!first) return undefined;
  if (fn === 'fork') {
    const script = staticPathText(sourceFile, first);
    return script && /migrat/i.test(script)
      ? { kind: 'migrate', label: `fork(${path.posix.basename(script.split(UNKNOWN).join(''))})` }
      : undefined;
  }
  let words: string[] = [];
  const text = literalText(first) ?? staticPathText(sourceFile, first)?.split(UNKNOWN).join(' ');
  if (text) words = text.split(/\s+/).filter(Boolean);
  const list = call.arguments[1] && unwrapExpression(call.arguments[1]);
  if (list && ts.isArrayLiteralExpression(list)) for (const e of list.elements) words.push(literalText(e) ?? '');
  if (words.length === 0) return undefined;
  const command = text && /[;&|]/.test(text) ? undefined : migrationCommand(words);
  if (command) return { kind: 'migrate', label: `${fn}('${command}')` };
  if (text)
    for (const c of parseShell(text).commands) {
      const m = migrationCommand(c.words.map((w) => w.value));
      if (m) return { kind: 'migrate', label: `${fn}('${m}')` };
    }
  return undefined;
}

// ── commands ────────────────────────────────────────────────────────────────────────────────────

/** Words that run a tool without being the tool (`npx prisma …`, `yarn dlx`, `env X=1 …`, `dumb-init …`). */
const PREFIX_WORDS = new Set([
  'npx',
  'pnpx',
  'bunx',
  'exec',
  'env',
  'dumb-init',
  'tini',
  '--',
  'time',
  'nice',
  'cross-env',
  'dotenv',
  'doppler',
  'run',
]);

/** Runners of other commands that take files or values before it (`env-cmd -f .env.prod knex …`, `dotenv -e .env -- knex …`). */
const ENV_LOADERS = new Set(['env-cmd', 'dotenv', 'dotenv-cli', 'infisical', 'op']);

function program(words: readonly string[]): { tool: string; rest: string[] } {
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || w.startsWith('-')) continue;
    const base = path.posix.basename(w);
    if (PREFIX_WORDS.has(base)) continue;
    if (ENV_LOADERS.has(base)) {
      // Skip its options and their values up to the command (after `--`, or the first plain word).
      let j = i + 1;
      while (j < words.length && (words[j].startsWith('-') || /^[./]|\.env|=/.test(words[j])) && words[j] !== '--') j++;
      if (words[j] === '--') j++;
      i = j - 1;
      continue;
    }
    if ((w === 'yarn' || w === 'pnpm') && (words[i + 1] === 'dlx' || words[i + 1] === 'exec')) {
      i++;
      continue;
    }
    break;
  }
  let tool = words[i] ? path.posix.basename(words[i]) : '';
  let rest = words.slice(i + 1);
  // `node ./node_modules/typeorm/cli.js migration:run`, `ts-node node_modules/.bin/knex migrate:latest`: the package's own CLI.
  if (/^(?:node|nodejs|ts-node|tsx|babel-node|bun)$/.test(tool)) {
    // `node -r dotenv/config dist/migration.mjs`: an option's value (`-r`, `--import`) is not the program's file.
    const words = rest;
    rest = words.filter((_, k) => !(k > 0 && NODE_VALUE_OPTIONS.has(words[k - 1])));
    const file = rest.find((w) => !w.startsWith('-'));
    const m = file && /node_modules\/(?:\.bin\/)?((?:@[\w.-]+\/)?[\w.-]+)/.exec(file);
    if (m) {
      tool = path.posix.basename(m[1]);
      rest = rest.slice(rest.indexOf(file) + 1);
    }
  }
  return { tool, rest: rest.filter((w) => !w.startsWith('-')) };
}

/** `prisma migrate deploy` → its label; a command that migrates a schema, from a shell. */
export function migrationCommand(words: readonly string[]): string | undefined {
  const { tool, rest } = program(words);
  const [a, b] = rest;
  switch (tool) {
    case 'prisma':
      if (a === 'migrate' && (b === 'deploy' || b === 'dev' || b === 'reset')) return `prisma migrate ${b}`;
      if (a === 'db' && b === 'push') return 'prisma db push';
      return undefined;
    case 'knex':
      return a === 'migrate:latest' || a === 'migrate:up' ? `knex ${a}` : undefined;
    case 'sequelize':
    case 'sequelize-cli':
      return a === 'db:migrate' ? `${tool} db:migrate` : undefined;
    case 'typeorm':
    case 'typeorm-ts-node-commonjs':
    case 'typeorm-ts-node-esm':
      return a === 'migration:run' || a === 'schema:sync' ? `typeorm ${a}` : undefined;
    case 'mikro-orm':
      return a === 'migration:up' || (a === 'schema:update' && words.includes('--run')) ? `mikro-orm ${a}` : undefined;
    case 'node-pg-migrate':
    case 'db-migrate':
    case 'migrate-mongo':
      return a === 'up' || a === undefined ? `${tool} up` : undefined;
    case 'drizzle-kit':
      return a === 'migrate' || a === 'push' ? `drizzle-kit ${a}` : undefined;
    case 'umzug':
    case 'ley':
    case 'goose':
      return a === 'up' ? `${tool} up` : undefined;
    case 'postgrator':
      return a === undefined || a === 'migrate' || /^\d+$|^max$/.test(a) ? 'postgrator' : undefined;
    case 'graphile-migrate':
      return a === 'migrate' ? 'graphile-migrate migrate' : undefined;
    case 'dbmate':
      return a === 'up' || a === 'migrate' ? `dbmate ${a}` : undefined;
    case 'flyway':
      return rest.includes('migrate') ? 'flyway migrate' : undefined;
    case 'liquibase':
      return rest.includes('update') ? 'liquibase update' : undefined;
    case 'sqitch':
      return a === 'deploy' ? 'sqitch deploy' : undefined;
    case 'atlas':
      return a === 'migrate' && b === 'apply' ? 'atlas migrate apply' : a === 'schema' && b === 'apply' ? 'atlas schema apply' : undefined;
    // golang-migrate and tj's migrate: `migrate -path db/migrations -database "$DATABASE_URL" up`.
    case 'migrate':
      return rest[rest.length - 1] === 'up' ? 'migrate up' : undefined;
    // AdonisJS: `node ace migration:run` (`node build/ace.js …`), or `./ace` run directly.
    case 'ace':
    case 'ace.js':
      return a === 'migration:run' || a === 'migration:fresh' || a === 'migration:refresh' ? `ace ${a}` : undefined;
    case 'node':
    case 'nodejs':
    case 'ts-node':
    case 'tsx':
    case 'babel-node':
    case 'bun': {
      const file = rest[0];
      if (file && /^ace(?:\.js)?$/.test(path.posix.basename(file)) && /^migration:(?:run|fresh|refresh)$/.test(rest[1] ?? ''))
        return `${tool} ace ${rest[1]}`;
      // `node migrate.js`, and a script kept with the migrations (`node migrations/clickhouse/initialise_selfhosted.js`,
      // `db/migrate/run.js`), not a seed kept there (seeds are data, not schema).
      if (!file) return undefined;
      const base = path.posix.basename(file);
      return /migrat/i.test(base) || (/(?:^|\/)(?:migrations?|migrate)\//i.test(file) && !/seed/i.test(base))
        ? `${tool} ${file}`
        : undefined;
    }
  }
  return undefined;
}

/** The package script a command runs (`npm run migrate`, `yarn db:migrate`, `pnpm migrate`, `npm start`), if any. */
function scriptOf(words: readonly string[]): string | undefined {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || words[i] === 'exec' || words[i] === 'env')) i++;
  const manager = words[i] ? path.posix.basename(words[i]) : '';
  if (!/^(?:npm|yarn|pnpm|bun)$/.test(manager)) return undefined;
  const rest = words.slice(i + 1).filter((w) => !w.startsWith('-'));
  if (rest[0] === 'start') return 'start';
  if ((rest[0] === 'run' || rest[0] === 'run-script') && rest[1]) return rest[1];
  if (manager !== 'npm' && rest[0] && !/^(?:install|add|ci|exec|dlx|node|test|build|i)$/.test(rest[0]) && !/[./]/.test(rest[0]))
    return rest[0];
  return undefined;
}

/** A script named for migrations (`migrate`, `db:migrate`, `migration:run`, `database:migrate:deploy`), not for writing or undoing one. */
export function isMigrationScriptName(name: string): boolean {
  const parts = name.split(':');
  if (parts.some((p) => /^(?:create|generate|gen|new|make|revert|rollback|down|undo|status|show|reset|dev|test|fresh|drop)$/i.test(p)))
    return false;
  return parts.some((p) => /^(?:migrate|migrations?)$/i.test(p)) || /^(?:db|database|prisma):(?:push|deploy)$/i.test(name);
}

export interface MigrationHit {
  /** Offsets in the analysed text. */
  start: number;
  end: number;
  /** What runs: `prisma migrate deploy`, or the script and what it runs (`npm run migrate → knex migrate:latest`). */
  label: string;
}

interface ChainResult {
  /** Migrations that run before the app starts in this text. */
  beforeStart: MigrationHit[];
  /** Migrations with no app start after them (yet). */
  pending: MigrationHit[];
  startsApp: boolean;
}

/** Skips the words that only run the next command (`exec`, `env X=1`, inits). */
function withoutPrefixes(words: string[]): string[] {
  let i = 0;
  while (
    i < words.length &&
    (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) ||
      ['exec', 'env', 'dumb-init', 'tini', '--', 'nice', 'time'].includes(path.posix.basename(words[i])))
  )
    i++;
  return words.slice(i);
}

/**
 * Reads a command text (a CMD, a script, a Procfile line, a package script) in order: migrations and
 * app starts, following package scripts (`npm run migrate`, `npm start`) through `scriptText`.
 */
/**
 * What a one-off script's code runs against the database at load (`node db/init.js` whose code calls `knex.migrate.latest()`):
 * knex, Umzug or a migrator's `up`, TypeORM's `runMigrations`, Kysely's `migrateToLatest`, Drizzle's `migrate(db, {
 * migrationsFolder })`, Sequelize's `sync({ alter | force: true })`, a `prisma migrate deploy` it spawns.
 */
const MIGRATION_CODE =
  /[\w$]*\.migrate\s*\.\s*(?:latest|up)\s*\(|\b(?:umzug|migrator)\s*\.\s*up\s*\(|\.runMigrations\s*\(|\bmigrateToLatest\s*\(|\bmigrate\s*\([^)]*migrationsFolder|\.sync\s*\(\s*\{\s*(?:alter|force)\s*:\s*true|prisma\s+migrate\s+deploy/;

/** The source file a node-like command runs (`node -r dotenv/config db/init.js`), relative to where it runs. */
function sourceRun(words: readonly string[]): string | undefined {
  const target = commandTargets(words.join(' '))[0];
  return target?.kind === 'file' && /\.[cm]?[jt]s$/.test(target.path) && !target.path.startsWith('/') ? target.path : undefined;
}

export function readChain(
  text: string,
  scriptText: (name: string) => string | undefined,
  depth = 0,
  /** A source file's text by the path a command names (relative to where it runs), to read what a one-off script does. */
  readSource?: (file: string) => string | undefined,
): ChainResult {
  const result: ChainResult = { beforeStart: [], pending: [], startsApp: false };
  const parse = parseShell(text);
  if (parse.broken) return result;
  for (const command of parse.commands) {
    const words = withoutPrefixes(command.words.map((w) => w.value));
    if (
      words.length === 0 ||
      /^(?:if|then|else|elif|fi|for|while|do|done|case|esac|echo|printf|set|cd|export|trap|wait|sleep|:)$/.test(words[0])
    ) {
      if (words[0] === 'then' || words[0] === 'do' || words[0] === 'else') {
        // `if …; then <command>`: the command after the keyword
        const inner = words.slice(1);
        if (inner.length) handle(command, inner);
      }
      continue;
    }
    handle(command, words);
  }
  return result;

  function handle(command: ShellCommand, words: string[]): void {
    const at = { start: command.start, end: command.end };
    const migration = migrationCommand(words);
    // `exec node dist/migrate.js` (an entrypoint's `migrate)` mode): the migration is the process, no app starts after it.
    if (migration && command.words[0]?.value === 'exec') return;
    if (migration) {
      result.pending.push({ ...at, label: migration });
      return;
    }
    const script = scriptOf(words);
    if (script) {
      const body = depth < 4 ? scriptText(script) : undefined;
      if (body !== undefined) {
        // npm runs `pre<name>` first.
        const pre = scriptText(`pre${script}`);
        // `npm run typeorm -- migration:run`: the arguments after `--` go to the script's command.
        const dashes = words.indexOf('--');
        const extra = dashes >= 0 ? ` ${words.slice(dashes + 1).join(' ')}` : '';
        const inner = readChain(pre !== undefined ? `${pre} && ${body}${extra}` : `${body}${extra}`, scriptText, depth + 1, readSource);
        const via = (h: MigrationHit) => ({ ...at, label: `${words.slice(0, words.indexOf(script) + 1).join(' ')} → ${h.label}` });
        result.beforeStart.push(...inner.beforeStart.map(via));
        if (inner.startsApp) {
          result.beforeStart.push(...result.pending);
          result.pending = [];
          result.startsApp = true;
        } else result.pending.push(...inner.pending.map(via));
        // A script named for migrations whose command we cannot read (a custom CLI): its name says it.
        if (!inner.startsApp && inner.beforeStart.length + inner.pending.length === 0 && isMigrationScriptName(script))
          result.pending.push({ ...at, label: words.join(' ') });
        return;
      }
      if (isMigrationScriptName(script)) {
        result.pending.push({ ...at, label: words.join(' ') });
        return;
      }
    }
    // `node db/init.js` (planka's start.sh): a script not named for migrations whose code runs them, and serves nothing (the
    // app's own file migrating at boot is the code collector's to judge).
    const source = readSource && sourceRun(words);
    const code = source ? readSource(source) : undefined;
    const found = code !== undefined && !STAYS_UP.test(code) ? MIGRATION_CODE.exec(code) : null;
    if (found) {
      result.pending.push({ ...at, label: `${words.join(' ')} (${found[0].replace(/\s+/g, '').replace(/\($/, '()')})` });
      return;
    }
    if (startsApp(words)) {
      result.beforeStart.push(...result.pending);
      result.pending = [];
      result.startsApp = true;
    }
  }
}
