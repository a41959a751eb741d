/**
 * concurrency/no-in-process-scheduler (factor VIII): a program that serves requests also runs
 * recurring jobs — node-cron, cron, node-schedule, croner, Agenda, Bree, toad-scheduler, @nestjs/schedule,
 * Bull/BullMQ repeatable jobs processed in the same program, or a `setInterval` (or `setTimeout` loop)
 * whose callback does work. Every replica of the web process then runs them, and they scale with web
 * traffic instead of as their own process type.
 *
 * Judged across files (DESIGN.md §4): the collector (./no-in-process-scheduler.collect.ts) records each
 * file's schedulers; this check keeps those that run in a web process (knowledge/processes.ts): the
 * program starts a server, the scheduling function is called without a switch, the file is not loaded
 * only behind one. Clean: schedulers in programs without a server (workers), behind an operator's switch
 * (`if (process.env.RUN_JOBS)`, `nconf.get('runJobs')`, `NODE_APP_INSTANCE === 0`: not reported, listed in
 * the report), in development-only branches, in per-request handlers; timers that only keep the process
 * going (metrics, heartbeats, keep-alive pings, cache and token refresh, counters). `cluster.fork()` and
 * `throng` in a web process are reported at information: the platform, not the app, should run processes.
 */
import * as path from 'node:path';
import type { Fix, RelatedLocation } from '../../finding';
import { defineRule, type ProgramContext } from '../../rule';
import type { Steps } from '../../steps';
import {
  activeCalls,
  entryLabel,
  isBrowserCode,
  loadedFiles,
  loadedOnlyBehindSwitch,
  relativeName,
  webRelated,
  isBackgroundPackage,
  servesOnlyProbes,
  webServerOf,
} from '../../knowledge/processes';
import { switchFix } from '../../knowledge/switchFix';
import type { JobPlace, SchedulerEvidence } from '../../knowledge/jobs';
import { createSchedulerCollector, schedulerPrefilter, type SchedulerFacts, type SchedulerSite } from './no-in-process-scheduler.collect';

const RULE_ID = 'concurrency/no-in-process-scheduler';
const DEFAULT_FLAG = 'RUN_JOBS';

interface Verdict {
  file: string;
  site: SchedulerSite;
  related: RelatedLocation[];
}

/** In steps: a pause after each program that has jobs. */
function* check(context: ProgramContext): Steps<void> {
  const flag =
    typeof context.options.flag === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(context.options.flag) ? context.options.flag : DEFAULT_FLAG;
  const verdicts = new Map<string, Verdict>();
  const forks = new Map<string, Verdict & { label: string }>();
  const places = new Map<string, SchedulerEvidence['jobs'][number]>();
  const evidence: SchedulerEvidence = { programs: [], jobs: [], forks: [] };
  const rank: Record<JobPlace, number> = { web: 5, worker: 4, switched: 3, development: 2, 'not started': 1, inactive: 0 };

  for (const program of context.programs) {
    const factsOf = (file: string) => program.ruleFacts<SchedulerFacts>(file, RULE_ID);
    const loaded = loadedFiles(program);
    const files = program.files.filter((f) => !program.isTestFile(f) && loaded.has(f) && !isBrowserCode(context.root, f));
    // A daemon (a package named or described so) whose server answers only probes and scrapes gets no users' traffic: its
    // jobs are its work.
    const daemon =
      isBackgroundPackage(context.readFile(path.join(context.packageOf(program.entry.file), 'package.json'))) && servesOnlyProbes(program);
    const web = daemon ? undefined : webServerOf(context.root, program);
    if (!files.some((f) => factsOf(f))) {
      evidence.programs.push({ entry: entryLabel(context.root, program), web: !!web, jobs: 0 });
      continue;
    }
    const active = activeCalls(program, factsOf);
    // A function only its own file can call runs when that file calls it: another file's `cleanup()` is another function.
    const byFile = new Map<string, Set<string>>();
    const activeInFile = (file: string) => {
      let set = byFile.get(file);
      if (!set) {
        // Seeded with what runs program-wide, but for this file's own functions, which only its calls start.
        const own = new Set((factsOf(file)?.sites ?? []).filter((s) => s.localContainer).map((s) => s.container));
        byFile.set(
          file,
          (set = activeCalls(
            program,
            factsOf,
            [file],
            [...active].filter((n) => !own.has(n)),
          )),
        );
      }
      return set;
    };
    const nestRoot = files.some((f) => factsOf(f)?.nestScheduleRoot);
    const processesQueue = files.some((f) => factsOf(f)?.queueProcessor);
    let jobs = 0;
    for (const file of files) {
      const facts = factsOf(file);
      if (!facts) continue;
      const switched = loadedOnlyBehindSwitch(program, file, factsOf);
      for (const site of facts.sites ?? []) {
        if (site.instanceFrom && !exportsAgenda(context, program, file, site.instanceFrom)) continue;
        let place: JobPlace;
        if (site.gate) place = site.gate.kind === 'devOnly' ? 'development' : 'switched';
        else if (switched) place = 'switched';
        else if (site.container && !site.frameworkCalled && !(site.localContainer ? activeInFile(file) : active).has(site.container))
          place = 'not started';
        else if ((site.nest && !nestRoot) || (site.repeatable && !processesQueue) || (site.needsStart && !active.has('start')))
          place = 'inactive';
        else place = web ? 'web' : 'worker';
        const key = `${file}\u0000${site.range.start.line}:${site.range.start.column}`;
        const shown = places.get(key);
        if (!shown || rank[place] > rank[shown.place])
          places.set(key, {
            file: relativeName(context.root, file),
            line: site.range.start.line + 1,
            label: site.label,
            place,
            ...(site.gate ? { switch: site.gate.text } : switched ? { switch: 'loaded only behind a switch' } : {}),
            ...(place === 'web' || place === 'worker' ? { program: entryLabel(context.root, program) } : {}),
          });
        if (place === 'worker') jobs++;
        if (place !== 'web' || !web) continue;
        const related = webRelated(context.root, program, web);
        const existing = verdicts.get(key);
        if (existing) {
          for (const r of related)
            if (!existing.related.some((x) => x.file === r.file && x.range.start.line === r.range.start.line)) existing.related.push(r);
        } else verdicts.set(key, { file, site, related });
      }
      for (const fork of facts.forks ?? []) {
        if (!web || fork.gate || switched || (fork.container && !active.has(fork.container))) continue;
        const key = `${file}\u0000${fork.range.start.line}:${fork.range.start.column}`;
        if (!forks.has(key))
          forks.set(key, {
            file,
            label: fork.label,
            site: { api: 'cluster', label: fork.label, range: fork.range },
            related: webRelated(context.root, program, web),
          });
      }
    }
    evidence.programs.push({ entry: entryLabel(context.root, program), web: !!web, jobs });
    yield;
  }

  for (const v of verdicts.values()) {
    const { site } = v;
    const fixes: Fix[] = site.statement
      ? [
          switchFix(
            v.file,
            site.statement,
            `process.env.${flag} === 'true'`,
            `Run this job only where ${flag}=true (set it on one worker process type)`,
          ),
        ]
      : [];
    context.report({
      file: v.file,
      messageId: site.because ? 'timer' : site.api === 'agenda' && site.label.endsWith('.start(…)') ? 'processor' : 'job',
      data: { label: site.label, api: site.api, because: site.because ?? '' },
      range: site.range,
      related: v.related,
      fixes,
    });
  }
  for (const f of forks.values()) {
    context.report({
      file: f.file,
      messageId: 'fork',
      data: { label: f.label },
      range: f.site.range,
      related: f.related,
      severity: 'information',
    });
    evidence.forks.push({ file: relativeName(context.root, f.file), line: f.site.range.start.line + 1, label: f.label });
  }
  evidence.jobs = [...places.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  context.evidence(evidence);
}

/** The module `from.spec` (imported by `file`) exports an Agenda instance under `from.path`. */
function exportsAgenda(
  context: ProgramContext,
  program: ProgramContext['programs'][number],
  file: string,
  from: { spec: string; path: string },
): boolean {
  const target = context.resolveImport(file, from.spec);
  return !!target && !!program.ruleFacts<SchedulerFacts>(target, RULE_ID)?.agendaExports?.includes(from.path);
}

export default defineRule({
  meta: {
    id: RULE_ID,
    factor: 8,
    description:
      'A program that serves requests does not also run recurring jobs (cron libraries, job schedulers, timers doing work): they run as their own process type.',
    defaultSeverity: 'warning',
    languages: ['typescript'],
    fixable: true,
    messages: {
      job: '{{label}} schedules a recurring job ({{api}}) in a program that serves requests: every replica of the web process runs it, and it scales with web traffic instead of on its own. Run scheduled jobs as their own process type (a Procfile worker: or clock: entry, a separate deployment) or behind a switch set on one process.',
      processor:
        '{{label}} processes Agenda jobs inside the web process: the jobs compete with requests for its event loop and scale with it. Run the job processor as its own process type (a Procfile worker: entry) that scales independently.',
      timer:
        '{{label}} repeats work ({{because}}) in a program that serves requests: every replica of the web process runs it, and it scales with web traffic instead of on its own. Run it as its own process type (a Procfile worker: or clock: entry) or behind a switch set on one process.',
      fork: '{{label}} makes the app its own process manager: the platform cannot see or scale these processes. Run one process per container and scale the process type instead (replicas, a Procfile formation).',
    },
    options: {
      type: 'object',
      properties: {
        flag: {
          type: 'string',
          default: DEFAULT_FLAG,
          description: 'Environment variable the quick fix puts a job behind (`if (process.env.<flag> === "true")`).',
        },
      },
    },
  },
  // Judged across files from the collector's facts (see `program`): nothing to report from one file's walk.
  typescript: { prefilter: () => false, create: () => ({}) },
  program: {
    collect: { prefilter: schedulerPrefilter, create: createSchedulerCollector },
    check,
  },
});
