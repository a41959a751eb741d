/**
 * What a release runs when it starts (factor V, for build-release-run/no-build-at-runtime and the
 * report): the build steps in a shell command (with their offsets), the package scripts a command runs (followed through `pre<name>`
 * and nested `npm run`), and which scripts of a package are its production start — what the folder's
 * `Dockerfile` or `Procfile` runs, else `npm start`, the platforms' default.
 */
import * as path from 'node:path';
import { parseShell, type ShellCommand } from '../languages/dockerfile/shell';
import { parseDockerfile } from '../languages/dockerfile/parse';
import { dockerModel, type CommandForm, type DockerModel } from '../languages/dockerfile/model';
import { initOf, isShell, isShellScript, shellScriptFile, shellScriptIndex } from '../languages/dockerfile/commands';
import { isOneOffProcessType, parseProcfile } from '../languages/config/procfile';
import { classifyCommand, programWords, scriptNameKind, withoutNpxOptions, type StartStep } from './packaging';
import { parseManifest, type Manifest } from './manifest';
import { relativePath } from '../paths';
import { platformStartsIn } from './platforms';
import { PLATFORM_FILES } from '../languages/detect';

/** A command of a shell text that belongs to the build, or that runs package scripts. */
interface ShellStep {
  command: ShellCommand;
  words: string[];
  step?: StartStep;
  /** Scripts it runs (`npm run build`, `yarn start`). */
  scripts?: string[];
  /** The package those scripts belong to, when not this one: `--filter x`, `-w x`, `--prefix dir`, `cd dir && …`. */
  target?: { name?: string; dir?: string };
  /** It starts the app (`node dist/server.js`, `ts-node src/index.ts`, `npm start`). */
  startsApp: boolean;
}

const ENV_CONDITION = /NODE_ENV|APP_ENV|\bENV\b|ENVIRONMENT|\bdev\b|development|\bprod\b|production|DEBUG|WATCH/i;

/**
 * The commands of a shell text that build, install, fetch or run a dev server, and the package scripts it
 * runs. Commands in a branch chosen by the environment (`if [ "$NODE_ENV" = development ]`,
 * `case $NODE_ENV`, `[ -n "$DEV" ] && nodemon …`) are left out: which branch production takes is not
 * known here.
 */
export function shellSteps(text: string, declared?: (name: string) => boolean): ShellStep[] {
  const parse = parseShell(text);
  if (parse.broken) return [];
  const out: ShellStep[] = [];
  let depth = 0; // inside an if/case whose condition reads the environment
  let listConditional = false; // after `[ … env … ] &&` until the list ends
  let cwd: string | undefined; // `cd dir && …`
  for (const command of parse.commands) {
    const raw = command.words.map((w) => w.raw);
    const lead = raw[0];
    if (lead === 'if' || lead === 'case' || lead === 'while' || lead === 'until') {
      if (depth > 0 || ENV_CONDITION.test(text.slice(command.start, command.end))) depth++;
    }
    if ((lead === 'fi' || lead === 'esac' || lead === 'done') && depth > 0) {
      depth--;
      continue;
    }
    // `yarn) …` in a case statement: a pattern, not a command.
    if (command.next === ')' && command.previous !== '(') continue;
    const words = command.words.filter(
      (w, i) => !(i === 0 && w.raw === 'then') && !(i === 0 && w.raw === 'else') && !(i === 0 && w.raw === 'do'),
    );
    const values = words.map((w) => w.value);
    const isTest = values[0] === '[' || values[0] === '[[' || values[0] === 'test';
    if (isTest && ENV_CONDITION.test(text.slice(command.start, command.end)) && (command.next === '&&' || command.next === '||')) {
      listConditional = true;
      continue;
    }
    const conditional = depth > 0 || listConditional;
    if (command.next !== '&&' && command.next !== '||' && command.next !== '|') listConditional = false;
    if (conditional || values.length === 0 || words.some((w, i) => i === 0 && w.expansion)) continue;
    if (values[0] === 'cd') {
      cwd = values[1] && !values[1].includes('$') ? path.posix.join(cwd ?? '', values[1]) : undefined;
      continue;
    }
    if (
      [
        'if',
        'elif',
        'case',
        'while',
        'until',
        'for',
        'fi',
        'esac',
        'done',
        'exit',
        'echo',
        'printf',
        'set',
        'export',
        'trap',
        'sleep',
        'cd',
        'wait',
      ].includes(values[0])
    )
      continue;
    const { step, scripts } = commandStep(values, declared);
    const starts = startsAppWords(values) || (scripts?.scripts.some((s) => /^(?:start|serve|prod|production)/.test(s)) ?? false);
    const target = scripts?.target ?? (cwd && cwd !== '.' ? { dir: cwd } : undefined);
    if (step || scripts || starts)
      out.push({
        command,
        words: values,
        ...(step ? { step } : {}),
        ...(scripts ? { scripts: scripts.scripts } : {}),
        ...(scripts && target ? { target } : {}),
        startsApp: starts,
      });
  }
  return out;
}

/**
 * classifyCommand, where running a script named for a build (`npm run build`, `yarn docs`) is the
 * build itself: reported on the command that runs it, not followed into the script.
 */
export function commandStep(values: readonly string[], declared?: (name: string) => boolean): ReturnType<typeof classifyCommand> {
  const classified = classifyCommand(values, declared);
  const kinds = classified.scripts?.scripts.map(scriptNameKind) ?? [];
  if (classified.scripts && kinds.length && kinds.every((k) => k === 'build' || k === 'install'))
    return { step: { kind: kinds.includes('build') ? 'build' : 'install', label: values.join(' ') } };
  return classified;
}

/** A script path in a test folder or named as a test. */
const TEST_TARGET = /(?:^|\/)(?:test|tests|__tests__|spec|e2e)(?:\/|$)|\.(?:test|spec)(?:\.[cm]?[jt]sx?)?$/i;

/** Does this command start a long-running program (a server), rather than a one-off task? */
export function startsAppWords(allWords: readonly string[]): boolean {
  const words = programWords(allWords);
  const program = path.posix.basename(words[0] ?? '');
  const rest = words.slice(1);
  // `npx ts-node src/index.ts`, `pnpm exec tsx src/index.ts`: the program they run.
  if (program === 'npx' || program === 'pnpx' || program === 'bunx') return startsAppWords(withoutNpxOptions(rest));
  if ((program === 'pnpm' || program === 'yarn') && (rest[0] === 'exec' || rest[0] === 'dlx')) return startsAppWords(rest.slice(1));
  // `yarn ts-node src/index.ts`: a runner's bin, run by yarn (pnpm, bun) when no script has its name.
  if (
    (program === 'pnpm' || program === 'yarn' || program === 'bun') &&
    /^(?:ts-node|ts-node-dev|tsx|babel-node|nodemon|node)$/.test(rest[0] ?? '')
  )
    return startsAppWords(rest);
  // `concurrently "tsc -w" "nodemon dist/index.js"`: one of its commands starts the app.
  if (program === 'concurrently') return rest.some((a) => !a.startsWith('-') && /\s/.test(a) && startsAppWords(a.split(/\s+/)));
  const positional = rest.filter((w) => !w.startsWith('-'));
  // `ts-node test/app`, `node spec/server.js`: a test's own app, not the product (a library's `start` for its tests).
  if (positional[0] !== undefined && TEST_TARGET.test(positional[0])) return false;
  if (['node', 'nodejs', 'bun', 'deno'].includes(program))
    return (
      positional.length > 0 &&
      !rest.some((w) => ['-e', '--eval', '-p', '--print', '-v', '--version', '-c', '--check'].includes(w)) &&
      !/^(?:install|add|run|test|build|x)$/.test(positional[0])
    );
  if (
    [
      'ts-node',
      'ts-node-esm',
      'ts-node-transpile-only',
      'ts-node-dev',
      'tsnd',
      'tsx',
      'babel-node',
      'esno',
      'swc-node',
      'node-dev',
      'vite-node',
    ].includes(program)
  )
    return positional.length > 0;
  if (program === 'nodemon' || program === 'supervisor' || program === 'forever' || program === 'pm2-runtime') return true;
  if (program === 'pm2') return positional[0] === 'start' || positional[0] === 'start-runtime';
  if (['next', 'nuxt', 'nuxi', 'nest', 'fastify', 'sls', 'serverless'].includes(program))
    return ['start', 'dev', 'offline', 'develop'].includes(positional[0] ?? '');
  if (['serve', 'http-server', 'micro', 'strapi', 'sails', 'keystone', 'medusa'].includes(program)) return true;
  // `./start.sh`, `sh scripts/run-server.sh`: a script named for starting (its body is not read here); not `./build.sh`.
  const file = program.endsWith('.sh') ? program : shellScriptFile(words);
  const script = file?.endsWith('.sh') ? path.posix.basename(file) : undefined;
  if (!script) return false;
  const named = script
    .replace(/\.sh$/i, '')
    .toLowerCase()
    .split(/[-_.]+/);
  // `start-dev.sh`, `run-tests.sh` (named for development or tests), `start-emulators.sh`, `web-build.sh`: named for
  // something else than the app.
  return (
    /^(?:start|run|serve|server|entrypoint|docker|boot|launch|web|app|prod|production)$/.test(named[0]) &&
    !DEV_FILE_NAME.test(script) &&
    named.every((w) => !OTHER_TASK_WORDS.has(w))
  );
}

/** Words of a script's name that say it runs a task, not the app (development and test names: DEV_FILE_NAME). */
const OTHER_TASK_WORDS = new Set(
  'watch emulator emulators build lint migrate migration migrations seed setup install mock mocks storybook docs'.split(' '),
);

// ── package scripts ─────────────────────────────────────────────────────────────────────────────

/** A build step found in a package script (offsets into the script's command text). */
export interface ScriptStep {
  script: string;
  step: StartStep;
  start: number;
  end: number;
  /** How the script is reached from the start: `start → prestart`. */
  via: string[];
}

interface ScriptWalk {
  steps: ScriptStep[];
  /** Some script of the chain starts the app. */
  startsApp: boolean;
  /** Scripts visited, in order. */
  visited: string[];
  /** Scripts of other packages the chain runs (`pnpm --filter api run prod`), with the path to them. */
  cross: { target: { name?: string; dir?: string }; scripts: string[]; via: string[] }[];
}

/** Follows `names` through the package's scripts (`pre<name>` first, nested runs), collecting build steps. */
export function walkScripts(manifest: Manifest, names: readonly string[], declared?: (name: string) => boolean): ScriptWalk {
  const walk: ScriptWalk = { steps: [], startsApp: false, visited: [], cross: [] };
  const seen = new Set<string>();
  const visit = (name: string, via: string[]) => {
    if (seen.has(name) || via.length > 8) return;
    seen.add(name);
    const pre = `pre${name}`;
    if (manifest.scripts[pre] !== undefined && !name.startsWith('pre')) visit(pre, [...via, pre]);
    const command = manifest.scripts[name];
    if (command === undefined) return;
    walk.visited.push(name);
    for (const s of shellSteps(command, declared)) {
      // `yarn ts-node src/index.ts` with no script named ts-node: the bin it runs is the start.
      if (s.startsApp && (!s.scripts || s.scripts.every((n) => manifest.scripts[n] === undefined))) walk.startsApp = true;
      if (s.step) walk.steps.push({ script: name, step: s.step, start: s.command.start, end: s.command.end, via });
      if (s.target && s.scripts) {
        walk.cross.push({ target: s.target, scripts: s.scripts, via });
        if (s.startsApp) walk.startsApp = true;
        continue;
      }
      for (const next of s.scripts ?? []) {
        if (next === name) continue;
        visit(next, [...via, next]);
      }
    }
  };
  for (const name of names) visit(name, [name]);
  return walk;
}

/** `declared(name)` for `npx <pkg>`: any dependency field of the manifest (npx finds its bin locally). */
export function declaredIn(manifest: Manifest | undefined): (name: string) => boolean {
  return (name) =>
    !!manifest &&
    (name in manifest.dependencies ||
      name in manifest.devDependencies ||
      name in manifest.optionalDependencies ||
      name in manifest.peerDependencies);
}

// ── the production start ───────────────────────────────────────────────────────────────────────

/** A file's text, through the analysis host. */
export type Read = (file: string) => string | undefined;

export interface Designation {
  /**
   * Scripts the production start runs, each with what runs it. `secondary`: `start` kept beside a
   * declared start (npm start is still what PaaS buildpacks and `pm2`-style hosts run), judged only for
   * builds, installs and fetches (a dev runner in `start` next to a declared production start is the
   * usual dev convention).
   */
  scripts: { name: string; by: string; file: string; line: number; secondary?: true }[];
  /** `Dockerfile`, `Procfile`: declared starts found in the package folder or run from an enclosing one. */
  declaredBy: string[];
}

/** Dockerfile names the package's own start is read from (others — `Dockerfile.dev`, `api.Dockerfile` — are judged on their own). */
export const PACKAGE_DOCKERFILES = ['Dockerfile', 'Containerfile'];

/** Files that deploy the package in their folder: an image, a process list, a platform's manifest. */
export const DEPLOY_FILES = [
  ...PACKAGE_DOCKERFILES,
  'Procfile',
  'app.json',
  'fly.toml',
  ...PLATFORM_FILES,
  'docker-compose.yml',
  'docker-compose.yaml',
  'compose.yml',
  'compose.yaml',
];

/** A deploy file in `dir` itself (DEPLOY_FILES): the package there is deployed. */
export function hasDeployFile(dir: string, read: Read): boolean {
  return DEPLOY_FILES.some((name) => read(path.join(dir, name)) !== undefined);
}

/** Folders of examples, demos, samples and playgrounds: code that shows the product, released only when a deploy file says so. */
export const DEMONSTRATION_PATH = /(?:^|\/)(?:examples?|demos?|samples?|playgrounds?)\//i;

/** Files named for development, CI or tests (Dockerfiles, entrypoint scripts). */
export const DEV_FILE_NAME = /(?:^|[./_-])(?:dev|develop|development|local|test|tests|testing|integration|e2e|ci|debug)(?:[./_-]|$)/i;

/**
 * An image for development, CI or tests, by its Dockerfile's name or folder (`Dockerfile.dev`, `test.Dockerfile`, `Dockerfile.integration`,
 * `.devcontainer/Dockerfile`, `docker/test/Dockerfile`): it runs on a developer's machine or in CI, not in production.
 */
export function isDevImage(relativePath: string): boolean {
  return (
    DEV_FILE_NAME.test(path.posix.basename(relativePath)) ||
    /(?:^|\/)(?:\.devcontainer|dev|development|test|tests|testing|e2e)\//.test(relativePath)
  );
}

/**
 * Which scripts of the package in `dir` are the production start: those its `Dockerfile`'s final image
 * or its `Procfile`'s processes run (through an entrypoint script too), and those an enclosing package's
 * production start runs in it (`pnpm --filter <name> run prod`, `npm start -w <dir>`, `cd <dir> && npm
 * start`); `start` besides (secondary), or alone when nothing declares a start.
 */
export function productionScripts(dir: string, read: Read, root?: string): Designation {
  const designation = ownDesignation(dir, read);
  if (root && dir !== root) {
    const manifest = manifestAt(dir, read);
    for (let up = path.dirname(dir); isInsideDir(root, up); up = path.dirname(up)) {
      const outer = manifestAt(up, read);
      if (outer) {
        const outerDesignation = ownDesignation(up, read);
        if (outerDesignation.declaredBy.length) {
          const walk = walkScripts(
            outer,
            outerDesignation.scripts.filter((s) => !s.secondary).map((s) => s.name),
          );
          for (const cross of walk.cross) {
            const matches =
              (cross.target.name !== undefined && cross.target.name === manifest?.name) ||
              (cross.target.dir !== undefined && path.resolve(up, cross.target.dir) === dir);
            if (!matches) continue;
            const runner = outerDesignation.scripts.find((s) => s.name === cross.via[0]);
            designation.declaredBy.push(...outerDesignation.declaredBy.filter((d) => !designation.declaredBy.includes(d)));
            for (const name of cross.scripts)
              designation.scripts.push({
                name,
                by: `${runner?.by ?? outerDesignation.declaredBy.join(' and ')} runs "${cross.via.join(' → ')}" of ${relativePath(root, outer.file)}, which runs "${name}" here`,
                file: runner?.file ?? '',
                line: runner?.line ?? 0,
              });
          }
        }
      }
      if (up === root || path.dirname(up) === up) break;
    }
  }
  const hasStart = designation.scripts.some((s) => s.name === 'start');
  if (designation.declaredBy.length === 0) designation.scripts.push({ name: 'start', by: 'npm start', file: '', line: 0 });
  else if (!hasStart) designation.scripts.push({ name: 'start', by: 'npm start', file: '', line: 0, secondary: true });
  return designation;
}

function isInsideDir(root: string, dir: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The starts declared in the folder itself: its Dockerfile and its Procfile. */
function ownDesignation(dir: string, read: Read): Designation {
  const designation: Designation = { scripts: [], declaredBy: [] };
  for (const name of PACKAGE_DOCKERFILES) {
    const file = path.join(dir, name);
    const text = read(file);
    if (text === undefined) continue;
    const starts = dockerfileStarts(file, text, read);
    if (!starts) continue;
    designation.declaredBy.push(name);
    for (const s of starts)
      for (const script of s.scripts) designation.scripts.push({ name: script, by: `${name} ${s.where}`, file: s.file, line: s.line });
    break;
  }
  const procfile = path.join(dir, 'Procfile');
  const procText = read(procfile);
  if (procText !== undefined) {
    const processes = parseProcfile(procText).processes.filter((p) => !isOneOffProcessType(p.type));
    if (processes.length) designation.declaredBy.push('Procfile');
    for (const p of processes)
      for (const s of shellSteps(p.command))
        if (!s.target)
          for (const script of s.scripts ?? [])
            designation.scripts.push({ name: script, by: `Procfile ${p.type}`, file: procfile, line: p.line });
  }
  // render.yaml's startCommand, railway.json's, heroku.yml's run:, App Engine's entrypoint, Cloud Foundry's command.
  for (const c of platformStartsIn(dir, read)) {
    const name = path.basename(c.file);
    const scripts = shellSteps(c.script).flatMap((s) => (s.target ? [] : (s.scripts ?? [])));
    if (!designation.declaredBy.includes(name)) designation.declaredBy.push(name);
    for (const script of scripts) designation.scripts.push({ name: script, by: c.where, file: c.file, line: c.range.start.line });
  }
  return designation;
}

/** Where a Dockerfile's final image starts, and the package scripts it runs from there. */
interface DockerStart {
  /** `CMD`, `ENTRYPOINT`, or `docker-entrypoint.sh:12` for a line of an entrypoint script. */
  where: string;
  file: string;
  /** 0-based line. */
  line: number;
  scripts: string[];
}

/** The commands of the final image's start that run package scripts; undefined when the image starts nothing we can read. */
function dockerfileStarts(file: string, text: string, read: Read): DockerStart[] | undefined {
  let model: DockerModel;
  try {
    model = dockerModel(parseDockerfile(text), text);
  } catch {
    return undefined;
  }
  const effective = model.effectiveCommand();
  const forms = [effective.entrypoint, effective.cmd].filter((f): f is CommandForm => !!f);
  if (forms.length === 0) return undefined;
  const out: DockerStart[] = [];
  for (const form of forms) {
    const line = model.range(form.instruction.start, form.instruction.start).start.line;
    const where = form.instruction.keyword;
    for (const command of commandTexts(form)) {
      const scripts = shellSteps(command).flatMap((s) => (s.target ? [] : (s.scripts ?? [])));
      if (scripts.length) out.push({ where, file, line, scripts });
    }
    const script = entryScript(model, file, form, read);
    if (script && !DEV_FILE_NAME.test(path.basename(script.file))) {
      for (const s of shellSteps(script.text)) {
        if (!s.scripts?.length || s.target) continue;
        const l = script.text.slice(0, s.command.start).split('\n').length - 1;
        out.push({ where: `${path.basename(script.file)}:${l + 1}`, file: script.file, line: l, scripts: s.scripts });
      }
    }
  }
  return out;
}

/** The shell texts a CMD/ENTRYPOINT runs: the shell form, `sh -c "…"`'s script, or the exec form's words. */
export function commandTexts(form: CommandForm): string[] {
  if (form.form === 'shell') return form.shell ? [form.shell] : [];
  const argv = form.argv ?? [];
  const i = shellScriptIndex(argv);
  if (i > 0) return [argv[i]];
  return argv.length ? [argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ')] : [];
}

/** The workspace file of a script the image runs as its command (`./entrypoint.sh`, `sh start.sh`), found through its COPY. */
export function entryScript(
  model: DockerModel,
  dockerfile: string,
  form: CommandForm,
  read: Read,
): { file: string; text: string } | undefined {
  if (form.form !== 'exec' || !form.argv?.length) return undefined;
  let argv = form.argv;
  if (initOf(argv)) {
    // `tini -- entrypoint.sh`, `dumb-init entrypoint.sh`: the script after the init and its options.
    let i = 1;
    while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '--') i++;
    if (argv[i] === '--') i++;
    argv = argv.slice(i);
    if (argv.length === 0) return undefined;
  }
  const viaShell = shellScriptFile(argv);
  const target = viaShell ?? (isShell(argv[0]) ? undefined : argv[0]);
  if (!target || target.includes('$')) return undefined;
  if (!viaShell && !/\.(?:sh|bash)$/.test(target) && !target.includes('/')) return undefined;
  const workdir = model.effectiveCommand().workdir;
  const inImage = target.startsWith('/') ? path.posix.normalize(target) : workdir ? path.posix.resolve(workdir, target) : undefined;
  const candidates = inImage ? [inImage] : [];
  if (!target.includes('/')) for (const d of ['/usr/local/bin', '/usr/bin', '/bin']) candidates.push(`${d}/${target}`);
  const root = path.dirname(dockerfile);
  for (const candidate of candidates) {
    for (const { source } of model.contextSourcesOf(candidate)) {
      const file = path.join(root, source);
      const text = read(file);
      if (text !== undefined && isShellScript(text)) return { file, text };
    }
  }
  return undefined;
}

/** The folder of the package at or above `dir`, within `root` (a Dockerfile or a compose file in `deploy/` deploys it). */
export function nearestPackageDir(dir: string, root: string, read: Read): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (manifestAt(d, read)) return d;
    const rel = path.relative(root, d);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel) || path.dirname(d) === d) return undefined;
  }
}

/** The manifest of a folder (a real package), through the host. */
export function manifestAt(dir: string, read: Read): Manifest | undefined {
  const file = path.join(dir, 'package.json');
  const text = read(file);
  if (text === undefined) return undefined;
  const m = parseManifest(file, text);
  return m?.isPackage ? m : undefined;
}

/**
 * Words of code that stays up: a listening server, a framework's app, a worker's loop or subscription. A file without them
 * runs once (a one-off script, a migration step before the app).
 */
export const STAYS_UP =
  /\.listen\s*\(|createServer|\.lift\s*\(|\bserve\s*\(|NestFactory|startStandaloneServer|new\s+(?:Koa|Hono|Worker)\b|fastify\s*\(|express\s*\(|setInterval|\.process\s*\(|\.subscribe\s*\(|\.consume\s*\(/;
