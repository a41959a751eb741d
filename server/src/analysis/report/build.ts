/**
 * Findings + workspace facts → the compliance report model (./model.ts). Pure: the caller lists and
 * analyses files (server or CLI) and computes the facts; this file only weighs them.
 *
 * A factor is `violations` when a rule found something or the facts show a problem, `compliant`
 * only with positive evidence (and, where a rule checks the factor, that rule enabled), otherwise
 * `not-assessed` with what would be needed. It never turns "nothing found" into "passing".
 */
import * as path from 'node:path';
import type { Finding } from '../finding';
import type { Rule } from '../rule';
import type { ResolvedConfig } from '../config/config';
import { toPosix } from '../paths';
import { TOOL } from '../version';
import { FACTORS, type Factor } from './factors';
import type { WorkspaceFacts } from '../facts/workspace';
import { assessAdminProcesses, assessConcurrency } from './processes';
import type { FileFacts } from '../facts/types';
import { backingServicesEvidence, parityEvidence, portBindingEvidence } from './attached';
import {
  REPORT_MODEL_VERSION,
  type ComplianceReport,
  type Evidence,
  type FactorReport,
  type FolderReport,
  type ReportFinding,
} from './model';
import { codebaseEvidence, lockfileEvidence, startEvidence } from './packaging';

/** What the report needs to know about one Dockerfile (adapted from the Dockerfile facts). */
export interface DockerEvidence {
  /** Relative to the folder root. */
  file: string;
  stages: number;
  /** Base images of the stages (stage-name references excluded), 1-based lines. */
  from: { image: string; pinned: boolean; line: number }[];
  npmCi: number[];
  npmInstall: number[];
  /** The final stage's CMD (or ENTRYPOINT when there is no CMD). */
  command?: { instruction: 'CMD' | 'ENTRYPOINT'; form: 'exec' | 'shell'; line: number };
  expose: { port: string; line: number }[];
  /** An init in front of the app in the final image (`tini`, `dumb-init`…). */
  init?: { name: string; line: number };
}

interface FolderInput {
  root: string;
  name?: string;
  /** Files scanned (absolute). */
  files: readonly string[];
  /** Findings of those files (absolute paths, 0-based ranges). */
  findings: readonly Finding[];
  config: ResolvedConfig;
  rules: readonly Rule[];
  facts: WorkspaceFacts;
  docker: readonly DockerEvidence[];
  /** What the program rules handed the report (ProgramContext.evidence), by rule id. */
  ruleEvidence?: Readonly<Record<string, unknown>>;
  /** A file's text (the report source's reader): packaging evidence of I, II and V, and IV, VII and X (report/attached.ts). */
  readFile?: (file: string) => string | undefined;
  /** A TS/JS file's facts (the rules' own facts included) and test files: for IV, VII and X (report/attached.ts). */
  factsOf?: (file: string) => FileFacts | undefined;
  isTestFile?: (file: string) => boolean;
}

const MAX_LISTED = 3;

const SECRET_RULE = 'config/no-hardcoded-secret';
/** The secret rule's findings in env files that are committed (not examples: those hold placeholders by design). */
const DOTENV_COMMITTED = new Set(['dotenvSecret', 'dotenvToken', 'dotenvConnectionString']);

function where(at: { file?: string; line?: number }): string {
  return at.file ? (at.line ? `${at.file}:${at.line}` : at.file) : '';
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function toReportFinding(root: string, f: Finding): ReportFinding {
  const relative = toPosix(path.relative(root, f.file)) || path.basename(f.file);
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: relative,
    line: f.range.start.line + 1,
    column: f.range.start.column + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.column + 1,
  };
}

/** Rules that check a factor and actually ran (enabled, with a check for some language). */
function activeRules(rules: readonly Rule[], config: ResolvedConfig, factor: number): { on: string[]; off: string[] } {
  const on: string[] = [];
  const off: string[] = [];
  for (const rule of rules) {
    if (rule.meta.factor !== factor || (!rule.typescript && !rule.dockerfile)) continue;
    (config.rules[rule.meta.id]?.setting === 'off' ? off : on).push(rule.meta.id);
  }
  return { on, off };
}

interface FactorAssessment {
  evidence: Evidence[];
  /** Positive evidence strong enough for `compliant` (when nothing is violated). */
  sufficient: boolean;
  /** The factor is checked by rules: `compliant` also needs one of them enabled. */
  needsRule?: boolean;
  /** What would be needed, said when the factor stays `not-assessed`. */
  needed: string;
}

/** `on`/`off`: rule ids checking the factor; `clean`: they read source files and found nothing. */
type Assess = (input: FolderInput, rules: { on: string[]; off: string[]; clean: boolean }) => FactorAssessment;

const listLocations = (items: readonly { file: string; line: number }[]) => {
  const shown = items.slice(0, MAX_LISTED).map(where).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
};

const ASSESS: Record<number, Assess> = {
  // I. Codebase
  1: (input, rules) => {
    const { facts } = input;
    const evidence: Evidence[] = [];
    if (facts.git === '.') evidence.push({ kind: 'positive', text: 'tracked in git (.git in this folder)', file: '.git' });
    else if (facts.git) evidence.push({ kind: 'positive', text: `tracked in git (repository root ${facts.git})` });
    else evidence.push({ kind: 'neutral', text: 'no .git folder in this folder or above it' });
    if (facts.packageJson?.workspaces)
      evidence.push({
        kind: 'neutral',
        text: 'package.json declares workspaces: several packages in one repository',
        file: 'package.json',
      });
    else if (facts.packageJson)
      evidence.push({ kind: 'positive', text: 'one package (package.json at the root, no workspaces)', file: 'package.json' });
    const packages = codebaseEvidence(input);
    evidence.push(...packages.evidence);
    const crossChecked = rules.on.includes('codebase/no-cross-app-import');
    const hasPackages = !!facts.packageJson || packages.packages > 0;
    if (crossChecked && rules.clean && hasPackages)
      evidence.push({
        kind: 'positive',
        text:
          packages.packages > 1
            ? `no package imports another one's files by a relative path (${packages.packages} packages, codebase/no-cross-app-import)`
            : 'the code stays within its package: no relative import into another codebase (codebase/no-cross-app-import)',
      });
    return {
      evidence,
      // The code's own boundaries are evidence too: a folder copied out of its repository is still assessed.
      sufficient: !!facts.git || (crossChecked && rules.clean && hasPackages),
      needed: 'A revision-control checkout (a .git folder), or a package.json and source files for codebase/no-cross-app-import to check.',
    };
  },
  // II. Dependencies
  2: (input, rules) => {
    const { facts, docker } = input;
    const evidence: Evidence[] = [];
    const pkg = facts.packageJson;
    if (!pkg) {
      evidence.push({ kind: 'neutral', text: 'no package.json at the folder root' });
      return { evidence, sufficient: false, needed: 'A package.json at the folder root declaring the dependencies.' };
    }
    if (!pkg.valid) evidence.push({ kind: 'negative', text: 'package.json is not valid JSON', file: pkg.file });
    else
      evidence.push({
        kind: 'positive',
        text: `dependencies declared in package.json (${plural(pkg.dependencies.length, 'runtime dependency', 'runtime dependencies')})`,
        file: pkg.file,
      });
    for (const lockfile of facts.lockfiles) evidence.push({ kind: 'positive', text: `lockfile ${lockfile} present`, file: lockfile });
    if (facts.lockfiles.length === 0 && pkg.valid && pkg.dependencies.length + pkg.devDependencies.length > 0) {
      evidence.push({
        kind: 'negative',
        text: 'no lockfile (package-lock.json, yarn.lock or pnpm-lock.yaml): installs are not reproducible',
        file: pkg.file,
      });
    }
    const sync = facts.lockfiles.length ? lockfileEvidence(input) : { evidence: [], inSync: false, checked: 0 };
    evidence.push(...sync.evidence);
    if (rules.on.includes('dependencies/declared-dependency') && rules.clean)
      evidence.push({
        kind: 'positive',
        text: 'every package the running code loads is declared in dependencies (dependencies/declared-dependency)',
      });
    for (const d of docker) {
      for (const line of d.npmCi) evidence.push({ kind: 'positive', text: 'npm ci installs exactly the lockfile', file: d.file, line });
      if (d.npmCi.length === 0)
        for (const line of d.npmInstall)
          evidence.push({
            kind: 'neutral',
            text: 'npm install in the image (npm ci would install exactly the lockfile)',
            file: d.file,
            line,
          });
      for (const from of d.from) {
        evidence.push(
          from.pinned
            ? { kind: 'positive', text: `base image ${from.image} pinned`, file: d.file, line: from.line }
            : { kind: 'negative', text: `base image ${from.image} not pinned to a version`, file: d.file, line: from.line },
        );
      }
    }
    return {
      evidence,
      // A lockfile that pins what package.json declares (a package without dependencies needs none).
      sufficient:
        pkg.valid &&
        ((facts.lockfiles.length > 0 && (sync.inSync || sync.checked === 0)) || pkg.dependencies.length + pkg.devDependencies.length === 0),
      needed: 'A lockfile (package-lock.json, yarn.lock or pnpm-lock.yaml) next to package.json that pins every declared dependency.',
    };
  },
  // III. Config
  3: ({ facts, findings, root }, rules) => {
    const evidence: Evidence[] = [];
    if (rules.on.length && rules.clean) evidence.push({ kind: 'positive', text: `no hardcoded secret found (${rules.on.join(', ')})` });
    if (facts.envExample)
      evidence.push({ kind: 'positive', text: `${facts.envExample} present (documents the variables)`, file: facts.envExample });
    // Env files no .gitignore excludes, with secrets in them (the rule reads them): committed secrets.
    const committedEnvFiles = [
      ...new Set(
        findings
          .filter(
            (f) => f.ruleId === SECRET_RULE && DOTENV_COMMITTED.has(f.messageId) && (f.severity === 'error' || f.severity === 'warning'),
          )
          .map((f) => toPosix(path.relative(root, f.file))),
      ),
    ];
    if (facts.envFile?.ignored) evidence.push({ kind: 'positive', text: '.env is gitignored', file: '.gitignore' });
    if (committedEnvFiles.length) {
      const shown = committedEnvFiles.slice(0, MAX_LISTED).join(', ');
      const more = committedEnvFiles.length > MAX_LISTED ? ` and ${committedEnvFiles.length - MAX_LISTED} more` : '';
      evidence.push({
        kind: 'negative',
        text: `secrets in env files that no .gitignore excludes (committed): ${shown}${more} — rotate them, then ignore the files`,
        file: committedEnvFiles[0],
      });
    } else if (facts.envFile && !facts.envFile.ignored) {
      // Without secrets, a committed .env holds shared defaults: not a violation when the rule has read it.
      evidence.push(
        rules.on.includes(SECRET_RULE)
          ? { kind: 'neutral', text: `.env is not in .gitignore; ${SECRET_RULE} found no secret in it`, file: '.env' }
          : { kind: 'negative', text: '.env is not in .gitignore: it may be committed', file: '.env' },
      );
    }
    if (facts.envReads.length) {
      evidence.push({
        kind: 'positive',
        text: `config read from the environment (process.env) in ${plural(facts.envReads.length, 'file')}: ${listLocations(facts.envReads)}`,
      });
    }
    return {
      evidence,
      sufficient: facts.envReads.length > 0 || !!facts.envExample,
      needsRule: true,
      needed: 'Config read from the environment (process.env) or a .env.example, with config/no-hardcoded-secret enabled.',
    };
  },
  // IV. Backing services
  4: (input) => {
    const { evidence, sufficient } = backingServicesEvidence(input);
    return {
      evidence,
      sufficient,
      needsRule: true,
      needed:
        'A backing-service client (database, cache, queue, mail, storage) attached with a locator from the environment, with backing-services/no-hardcoded-locator enabled.',
    };
  },
  // V. Build, release, run
  5: (input, rules) => {
    const { facts, docker } = input;
    const evidence: Evidence[] = [];
    const scripts = facts.packageJson?.scripts ?? {};
    for (const d of docker) {
      if (d.stages > 1)
        evidence.push({
          kind: 'positive',
          text: `multi-stage Dockerfile (${d.stages} stages): the build stays out of the runtime image`,
          file: d.file,
        });
      for (const line of d.npmCi) evidence.push({ kind: 'positive', text: 'npm ci at build time', file: d.file, line });
    }
    if (scripts.build) evidence.push({ kind: 'positive', text: `build script in package.json: "${scripts.build}"`, file: 'package.json' });
    const start = startEvidence(input);
    evidence.push(...start.evidence);
    const ruleChecks = rules.on.includes('build-release-run/no-build-at-runtime');
    if (ruleChecks && rules.clean && start.found)
      evidence.push({
        kind: 'positive',
        text: 'the production start installs, builds and fetches nothing (build-release-run/no-build-at-runtime)',
      });
    if (!ruleChecks) {
      // Without the rule, the start script is still read for the obvious case.
      const BUILDS = /(?:^|[\s;&|])(?:tsc|webpack|esbuild|babel|rollup|vite build|(?:npm|pnpm) run build|yarn(?: run)? build)(?=$|[\s;&|])/;
      for (const name of ['prestart', 'start']) {
        if (scripts[name] && BUILDS.test(scripts[name]))
          evidence.push({ kind: 'negative', text: `${name} script builds at run time: "${scripts[name]}"`, file: 'package.json' });
      }
    }
    return {
      evidence,
      sufficient: docker.some((d) => d.stages > 1) || !!scripts.build || (start.runsOutput && ruleChecks),
      needed:
        'A build step separate from the run command (a build script in package.json or a multi-stage Dockerfile), or a production start that runs JavaScript with node.',
    };
  },
  // VI. Processes
  6: ({ facts }, rules) => {
    const evidence: Evidence[] = [];
    for (const { pkg, store } of facts.sessionStores)
      evidence.push({ kind: 'positive', text: `sessions stored in ${store} (${pkg})`, file: 'package.json' });
    if (rules.on.length && rules.clean)
      evidence.push({ kind: 'positive', text: `no in-process session or per-user state found (${rules.on.join(', ')})` });
    return {
      evidence,
      sufficient: facts.sessionStores.length > 0,
      needsRule: true,
      needed:
        'A session store outside the process (connect-redis, connect-mongo, cookie-session…) among the dependencies, with processes/no-in-memory-session enabled.',
    };
  },
  // VII. Port binding
  7: (input) => {
    const { evidence, sufficient } = portBindingEvidence(input);
    return {
      evidence,
      sufficient,
      needsRule: true,
      needed: 'A server start whose port is read from the environment (process.env.PORT), with port-binding/port-from-environment enabled.',
    };
  },
  // VIII. Concurrency
  8: ({ facts, ruleEvidence }, rules) => assessConcurrency(facts, ruleEvidence, rules),
  // IX. Disposability
  9: ({ facts, docker }, rules) => {
    const evidence: Evidence[] = [];
    const handlers = facts.sigtermHandlers;
    for (const at of handlers.slice(0, MAX_LISTED)) evidence.push({ kind: 'positive', text: 'SIGTERM handled', ...at });
    for (const pkg of facts.shutdownLibraries)
      evidence.push({ kind: 'positive', text: `graceful shutdown library ${pkg}`, file: 'package.json' });
    const forwardingChecked = rules.on.includes('disposability/signal-forwarding');
    for (const d of docker) {
      if (d.init)
        evidence.push({
          kind: 'positive',
          text: `${d.init.name} as PID 1 (passes signals on to the app)`,
          file: d.file,
          line: d.init.line,
        });
      if (!d.command) continue;
      const { instruction, form, line } = d.command;
      if (form === 'exec')
        evidence.push({ kind: 'positive', text: `Dockerfile ${instruction} in exec form (signals reach the process)`, file: d.file, line });
      else if (!forwardingChecked)
        evidence.push({
          kind: 'negative',
          text: `Dockerfile ${instruction} in shell form: SIGTERM goes to /bin/sh, not to node`,
          file: d.file,
          line,
        });
    }
    if (handlers.length === 0 && facts.shutdownLibraries.length === 0) evidence.push({ kind: 'neutral', text: 'no SIGTERM handler found' });
    return {
      evidence,
      sufficient: handlers.length > 0 || facts.shutdownLibraries.length > 0,
      needed: 'A SIGTERM handler (process.on("SIGTERM", …)) or a graceful-shutdown library that closes the server.',
    };
  },
  // X. Dev/prod parity
  10: (input) => {
    const { evidence, sufficient } = parityEvidence(input);
    return {
      evidence,
      sufficient,
      needsRule: true,
      needed:
        'Backing services to compare across environments (clients in the code, compose files, per-environment configs), with dev-prod-parity/same-backing-services enabled.',
    };
  },
  // XI. Logs
  11: ({ facts }, rules) => {
    const evidence: Evidence[] = [];
    for (const s of facts.stdoutLogging)
      evidence.push({ kind: 'positive', text: `logs go to stdout (${s.text})`, file: s.file, line: s.line });
    if (rules.on.length && rules.clean) evidence.push({ kind: 'positive', text: `no log file written (${rules.on.join(', ')})` });
    return {
      evidence,
      sufficient: facts.stdoutLogging.length > 0,
      needsRule: true,
      needed: 'A logger writing to stdout (console, winston Console, pino), with logs/no-file-logging enabled.',
    };
  },
  // XII. Admin processes
  12: ({ facts, ruleEvidence }, rules) => assessAdminProcesses(facts, ruleEvidence, rules),
};

function assessFactor(factor: Factor, input: FolderInput, findings: ReportFinding[]): FactorReport {
  const rules = activeRules(input.rules, input.config, factor.number);
  // "Rule X found nothing" is evidence only when the rule had source files to read.
  const clean = !findings.some((f) => f.severity === 'error' || f.severity === 'warning') && input.facts.counts.typescript > 0;
  const a = ASSESS[factor.number](input, { ...rules, clean });
  const evidence = [...a.evidence];
  for (const id of rules.off) evidence.push({ kind: 'neutral', text: `rule ${id} is off in the configuration` });
  const negatives = evidence.filter((e) => e.kind === 'negative').length;
  // Only errors and warnings are violations: information and hints (e.g. test data that looks like a
  // credential) are listed with the factor but do not decide its verdict, here and in the CLI's Markdown.
  const violations = findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length;
  const notes = findings.length - violations;
  let status: FactorReport['status'];
  let reason: string;
  if (violations || negatives) {
    status = 'violations';
    const parts = [];
    if (violations) parts.push(plural(violations, 'finding'));
    if (negatives) parts.push(plural(negatives, 'problem') + ' in the workspace');
    reason = `${parts.join(' and ')}${notes ? ` (and ${plural(notes, 'note')} at information or hint level)` : ''}.`;
  } else if (a.sufficient && (!a.needsRule || rules.on.length > 0)) {
    status = 'compliant';
    reason = rules.on.length
      ? `Positive evidence, and no violation found by ${rules.on.join(', ')}.`
      : 'Positive evidence and no problem found.';
  } else {
    status = 'not-assessed';
    reason =
      a.needsRule && rules.on.length === 0 && a.sufficient
        ? `The rules that check this factor are off: ${rules.off.join(', ')}.`
        : 'Not enough evidence either way.';
  }
  return {
    number: factor.number,
    roman: factor.roman,
    slug: factor.slug,
    title: factor.title,
    summary: factor.summary,
    status,
    reason,
    evidence,
    findings,
    rules: rules.on,
    ...(status === 'not-assessed' ? { needed: a.needed } : {}),
  };
}

export function buildFolderReport(input: FolderInput): FolderReport {
  const byFactor = new Map<number, ReportFinding[]>();
  for (const f of input.findings) {
    const list = byFactor.get(f.factor) ?? [];
    list.push(toReportFinding(input.root, f));
    byFactor.set(f.factor, list);
  }
  const factors = FACTORS.map((factor) => assessFactor(factor, input, byFactor.get(factor.number) ?? []));
  const compliant = factors.filter((f) => f.status === 'compliant').length;
  const assessed = factors.filter((f) => f.status !== 'not-assessed').length;
  return {
    name: input.name ?? path.basename(input.root),
    root: input.root,
    files: {
      scanned: input.files.length,
      typescript: input.facts.counts.typescript,
      dockerfile: input.facts.counts.dockerfile,
      config: input.facts.counts.config,
    },
    score: { compliant, assessed },
    factors,
  };
}

export function buildReport(folders: FolderReport[], durationMs: number, cancelled = false): ComplianceReport {
  return {
    version: REPORT_MODEL_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    durationMs: Math.round(durationMs),
    folders,
    ...(cancelled ? { cancelled: true } : {}),
  };
}
