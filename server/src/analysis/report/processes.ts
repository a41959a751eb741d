/**
 * The report's assessment of factors VIII (concurrency) and XII (admin processes): the Procfile's
 * process types, package scripts, and what the program rules saw (ProgramContext.evidence) — which
 * programs serve requests, where scheduled jobs and migrations run. Pure: weighs facts, decides nothing
 * the rules have not (their findings are the violations).
 */
import { parseShell } from '../languages/dockerfile/shell';
import type { WorkspaceFacts } from '../facts/workspace';
import type { SchedulerEvidence } from '../knowledge/jobs';
import { isMigrationScriptName, migrationCommand, type MigrationEvidence } from '../knowledge/migrations';
import type { Evidence } from './model';

const SCHEDULER_RULE = 'concurrency/no-in-process-scheduler';
const MIGRATION_RULE = 'admin-processes/no-migrations-at-startup';

interface Assessment {
  evidence: Evidence[];
  sufficient: boolean;
  needsRule?: boolean;
  needed: string;
}

interface RuleState {
  on: string[];
  clean: boolean;
}

const MAX_LISTED = 3;

function listed<T>(items: readonly T[], show: (item: T) => string): string {
  const shown = items.slice(0, MAX_LISTED).map(show).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

/** Process types other than web and the release phase: work that scales on its own. */
const BACKGROUND_TYPE = /^(?!web$|release$)/;

export function assessConcurrency(
  facts: WorkspaceFacts,
  ruleEvidence: Readonly<Record<string, unknown>> | undefined,
  rules: RuleState,
): Assessment {
  const evidence: Evidence[] = [];
  const seen = ruleEvidence?.[SCHEDULER_RULE] as SchedulerEvidence | undefined;
  const checked = rules.on.includes(SCHEDULER_RULE) && !!seen;
  const types = facts.procfile?.processTypes ?? [];
  const background = types.filter((t) => BACKGROUND_TYPE.test(t));
  if (facts.procfile && background.length)
    evidence.push({
      kind: 'positive',
      text: `Procfile declares process types ${types.join(', ')}: background work (${background.join(', ')}) scales as its own process type`,
      file: facts.procfile.file,
    });
  else if (facts.procfile && types.length)
    evidence.push({ kind: 'neutral', text: `Procfile declares process types: ${types.join(', ')}`, file: facts.procfile.file });
  if (seen) {
    for (const w of seen.programs.filter((p) => !p.web && p.jobs > 0)) {
      const jobs = seen.jobs.filter((j) => j.place === 'worker' && j.program === w.entry);
      evidence.push({
        kind: 'positive',
        text: `worker program ${w.entry} serves no requests and runs ${listed(jobs, (j) => `${j.label} at ${j.file}:${j.line}`) || `${w.jobs} scheduled jobs`}`,
      });
    }
    for (const j of seen.jobs.filter((x) => x.place === 'switched').slice(0, MAX_LISTED))
      evidence.push({
        kind: 'neutral',
        text: `${j.label} runs only where ${j.switch ?? 'a switch'} holds: make sure exactly one process type turns it on`,
        file: j.file,
        line: j.line,
      });
    const web = seen.programs.filter((p) => p.web);
    if (checked && rules.clean && web.length)
      evidence.push({
        kind: 'positive',
        text: `no recurring job runs in the web process (${listed(web, (w) => w.entry)}) (${SCHEDULER_RULE})`,
      });
    else if (checked && rules.clean && seen.programs.length)
      evidence.push({
        kind: 'positive',
        text: `no recurring job in the programs started from ${listed(seen.programs, (p) => p.entry)} (${SCHEDULER_RULE})`,
      });
  }
  return {
    evidence,
    sufficient: checked && (seen.programs.length > 0 || background.length > 0),
    needsRule: true,
    needed: `A program that serves requests (a server start reachable from an entry point) or a Procfile with its process types, with ${SCHEDULER_RULE} enabled.`,
  };
}

/** What a package script runs when it migrates: `knex migrate:latest`, or undefined. */
function migrationIn(name: string, command: string): string | undefined {
  for (const c of parseShell(command).commands) {
    const m = migrationCommand(c.words.map((w) => w.value));
    if (m) return m;
  }
  return isMigrationScriptName(name) ? command : undefined;
}

export function assessAdminProcesses(
  facts: WorkspaceFacts,
  ruleEvidence: Readonly<Record<string, unknown>> | undefined,
  rules: RuleState,
): Assessment {
  const evidence: Evidence[] = [];
  const seen = ruleEvidence?.[MIGRATION_RULE] as MigrationEvidence | undefined;
  const checked = rules.on.includes(MIGRATION_RULE) && !!seen;
  const scripts = facts.packageJson?.scripts ?? {};
  const migrations = Object.entries(scripts)
    .map(([name, command]) => ({ name, runs: migrationIn(name, command) }))
    .filter((s): s is { name: string; runs: string } => !!s.runs);
  if (migrations.length)
    evidence.push({
      kind: 'positive',
      text: `package scripts that migrate, to run as one-off processes: ${listed(migrations, (m) => `${m.name} (${m.runs})`)}`,
      file: 'package.json',
    });
  const admin = Object.keys(scripts).filter((s) => /^(?:db:)?(?:seed|admin|console|repl)/i.test(s));
  if (admin.length)
    evidence.push({ kind: 'neutral', text: `other admin tasks as package scripts: ${admin.join(', ')}`, file: 'package.json' });
  const release = facts.procfile?.processTypes.includes('release');
  if (release && facts.procfile)
    evidence.push({
      kind: 'positive',
      text: 'Procfile release: process runs once per release, before the new processes start',
      file: facts.procfile.file,
    });
  if (seen) {
    const oneOff = seen.code.filter((c) => c.place === 'one-off');
    if (oneOff.length)
      evidence.push({
        kind: 'positive',
        text: `migration code in programs that serve no requests (one-off scripts): ${listed(oneOff, (c) => `${c.label} at ${c.file}:${c.line}`)}`,
      });
    for (const c of seen.code.filter((x) => x.place === 'switched' || x.place === 'development').slice(0, MAX_LISTED))
      evidence.push({
        kind: 'neutral',
        text:
          c.place === 'development'
            ? `${c.label} runs only outside production (${c.switch ?? 'development only'})`
            : `${c.label} runs only where ${c.switch ?? 'a switch'} holds: run it as a one-off process, not in every web process`,
        file: c.file,
        line: c.line,
      });
    const web = seen.programs.filter((p) => p.web);
    if (checked && rules.clean && seen.programs.length)
      evidence.push({
        kind: 'positive',
        text: `${web.length ? 'the web process starts' : 'the programs start'} without migrating or syncing a schema (${listed(web.length ? web : seen.programs, (w) => w.entry)}) (${MIGRATION_RULE})`,
      });
  }
  return {
    evidence,
    sufficient: checked && (seen.programs.length > 0 || !!release || migrations.length > 0),
    needsRule: true,
    needed: `A program that serves requests, a Procfile or package scripts to check for migrations in the start path, with ${MIGRATION_RULE} enabled.`,
  };
}
