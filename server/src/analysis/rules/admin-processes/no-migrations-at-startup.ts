/**
 * admin-processes/no-migrations-at-startup (factor XII): the web process migrates or syncs its schema
 * while it starts. In code (judged across files, DESIGN.md §4): Sequelize `sync()` (with `alter`/`force`
 * or not: it creates missing tables), TypeORM `synchronize`/`migrationsRun`/`dropSchema` set for
 * production and `runMigrations()`, `knex.migrate.latest()`, Umzug/MikroORM/db-migrate `up()`, Kysely
 * `migrateToLatest()`, Drizzle `migrate()`, node-pg-migrate, migrate-mongo, postgres-migrations,
 * graphile-migrate, ley, postgres-shift, marv, Mongoose `syncIndexes()`, and migration commands run through
 * child_process — reached from the entry of a program that starts a server, in a function that is called, not
 * behind a switch. In commands (./no-migrations-at-startup.commands.ts):
 * a migration before the app starts in a Procfile line, a start script, the final image's ENTRYPOINT/CMD
 * or its entrypoint script.
 *
 * Clean: migrations in their own script or bin (a program with no server), a Procfile `release:` line,
 * tests, development-only branches (`synchronize: process.env.NODE_ENV !== 'production'`, a `development:`
 * block, dev files), operator switches (`synchronize: process.env.DB_SYNC === 'true'`, `if (RUN_MIGRATIONS)`),
 * admin endpoints (a request handler), seeds (data, not schema).
 */
import type { Fix } from '../../finding';
import { defineRule, type ProgramContext, type ReportDescriptor } from '../../rule';
import {
  activeCalls,
  entryLabel,
  isBrowserCode,
  loadedFiles,
  loadedOnlyBehindSwitch,
  relativeName,
  webRelated,
  webServerOf,
} from '../../knowledge/processes';
import { switchFix } from '../../knowledge/switchFix';
import { isNonProductionFile } from '../../knowledge/startup';
import { relativePath } from '../../paths';
import type { MigrationEvidence, MigrationPlace } from '../../knowledge/migrations';
import { createMigrationCollector, migrationPrefilter, type MigrationFacts, type MigrationSite } from './no-migrations-at-startup.collect';
import { dockerfileCheck, jsonCheck, platformCheck, procfileCheck } from './no-migrations-at-startup.commands';

const RULE_ID = 'admin-processes/no-migrations-at-startup';

const DEV_ONLY = `process.env.NODE_ENV !== 'production'`;

/** Folders of another environment's code, by their whole name (`dev/`, `seeds/`; not `dev-portal/`). */
const NON_PRODUCTION_FOLDER =
  /^(?:dev|development|test|tests|testing|local|e2e|spec|seeds?|seeders?|fixtures?|mocks?|stories|storybook|examples?|demos?|playgrounds?)$/i;

/** A file named for another environment (`ormconfig.dev.ts`), or in such a folder one or two levels up (`seeds/run.ts`, `dev/db/sync.ts`). */
function isNonProductionPath(relative: string): boolean {
  const parts = relative.split('/');
  const name = parts[parts.length - 1];
  return isNonProductionFile(name) || parts.slice(-3, -1).some((folder) => NON_PRODUCTION_FOLDER.test(folder));
}

function check(context: ProgramContext): void {
  const verdicts = new Map<string, { file: string; site: MigrationSite; related: ReportDescriptor['related'] & object }>();
  const places = new Map<string, MigrationEvidence['code'][number]>();
  const evidence: MigrationEvidence = { programs: [], code: [] };
  const rank: Record<MigrationPlace, number> = { web: 4, 'one-off': 3, switched: 2, development: 1, 'not started': 0 };

  for (const program of context.programs) {
    const factsOf = (file: string) => program.ruleFacts<MigrationFacts>(file, RULE_ID);
    const web = webServerOf(context.root, program);
    evidence.programs.push({ entry: entryLabel(context.root, program), web: !!web });
    const loaded = loadedFiles(program);
    const files = program.files.filter((f) => !program.isTestFile(f) && loaded.has(f) && !isBrowserCode(context.root, f));
    if (!files.some((f) => factsOf(f)?.sites)) continue;
    const active = activeCalls(program, factsOf);
    for (const file of files) {
      const sites = factsOf(file)?.sites;
      if (!sites) continue;
      const switched = loadedOnlyBehindSwitch(program, file, factsOf);
      // A file named for another environment (`ormconfig.dev.ts`, `seeds/`), by the last parts of its path in the folder:
      // the facts of a text are the same wherever it lies, the folders above the root (`~/work/api-test/`) say nothing
      // of it, and neither does an app's folder named with such a word (`apps/dev-portal/src/db/connect.js`).
      const gateOfFile: MigrationSite['gate'] = isNonProductionPath(relativePath(context.root, file))
        ? { kind: 'devOnly', text: 'a development or test file' }
        : undefined;
      for (const site of sites) {
        let place: MigrationPlace;
        const gate = gateOfFile ?? site.gate;
        if (gate) place = gate.kind === 'devOnly' ? 'development' : 'switched';
        else if (switched) place = 'switched';
        else if (site.container && !site.frameworkCalled && !active.has(site.container)) place = 'not started';
        else place = web ? 'web' : 'one-off';
        const key = `${file}\u0000${site.range.start.line}:${site.range.start.column}`;
        const shown = places.get(key);
        if (!shown || rank[place] > rank[shown.place])
          places.set(key, {
            file: relativeName(context.root, file),
            line: site.range.start.line + 1,
            label: site.label,
            place,
            ...(gate ? { switch: gate.text } : switched ? { switch: 'loaded only behind a switch' } : {}),
          });
        if (place !== 'web' || !web) continue;
        const related = webRelated(context.root, program, web);
        const existing = verdicts.get(key);
        if (existing) {
          for (const r of related)
            if (!existing.related.some((x) => x.file === r.file && x.range.start.line === r.range.start.line)) existing.related.push(r);
        } else verdicts.set(key, { file, site, related });
      }
    }
  }

  for (const { file, site, related } of verdicts.values()) {
    const fixes: Fix[] = [];
    if (site.value && site.kind === 'synchronize')
      fixes.push({
        title: `Synchronize outside production only: synchronize: ${DEV_ONLY} (run migrations as a one-off process in production)`,
        kind: 'suggestion',
        changes: [{ kind: 'replace', file, range: site.value, newText: DEV_ONLY }],
      });
    else if (site.statement && site.devSync)
      fixes.push(
        switchFix(
          file,
          site.statement,
          DEV_ONLY,
          `Sync the schema outside production only (run migrations as a one-off process in production)`,
        ),
      );
    context.report({
      file,
      messageId: site.kind,
      data: { label: site.label },
      range: site.range,
      related,
      fixes,
    });
  }
  evidence.code = [...places.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  context.evidence(evidence);
}

const ONE_OFF =
  'Run it once per release as a one-off process of the same build: a migrate script run by a Procfile release: line, a Kubernetes Job or init container, a CI step before the rollout.';

export default defineRule({
  meta: {
    id: RULE_ID,
    factor: 12,
    description:
      'The web process does not migrate or sync its database schema while it starts: migrations run once per release, as a one-off process.',
    defaultSeverity: 'warning',
    languages: ['typescript', 'dockerfile', 'json', 'yaml', 'procfile'],
    fixable: true,
    messages: {
      migrate: `{{label}} migrates the database while the web process starts: every replica runs it on boot and they race each other, a slow migration delays every start, and a failed one takes the web process down with it. ${ONE_OFF}`,
      syncForce:
        '{{label}} drops and recreates the tables every time the web process starts: every deploy, restart or new replica wipes the data. Never run it outside tests; manage the schema with migrations run once per release as a one-off process.',
      syncAlter: `{{label}} rewrites the schema to match the models every time the web process starts: untracked, irreversible changes (dropped columns) made by whichever replica boots first. Keep it for development (behind NODE_ENV) and manage production with migrations. ${ONE_OFF}`,
      syncCreate: `{{label}} creates the missing tables every time the web process starts: the production schema is managed by whichever replica boots first, with no migration history to change it later. Keep it for development (behind NODE_ENV) and use migrations. ${ONE_OFF}`,
      synchronize: `TypeORM {{label}} rewrites the schema to match the entities every time the web process starts: untracked, irreversible changes (dropped columns) by whichever replica boots first. Set it only outside production and run migrations (typeorm migration:run) as a one-off process of the release.`,
      migrationsRun: `TypeORM {{label}} runs the migrations every time the web process starts: every replica runs them on boot and they race each other. ${ONE_OFF}`,
      dropSchema:
        'TypeORM {{label}} drops the whole schema every time the web process starts: every deploy or new replica wipes the data. Use it in tests only.',
      command: `{{where}} runs {{command}} before the app starts: every replica (dyno, pod, container) migrates on boot and they race each other, and a failed migration keeps the web process down. ${ONE_OFF}`,
      platformCommand:
        '{{where}} runs {{command}} before the app starts: every instance migrates on boot and they race each other, and a failed migration keeps the service down. Run it once per release instead: {{place}}.',
    },
  },
  typescript: { prefilter: () => false, create: () => ({}) },
  procfile: procfileCheck,
  json: jsonCheck,
  yaml: platformCheck,
  dockerfile: dockerfileCheck,
  program: {
    collect: { prefilter: migrationPrefilter, create: createMigrationCollector },
    check,
  },
});
