/**
 * Evidence for factors I, II and V read from the folder's packaging: which packages the repository holds
 * and which of them are apps; whether each lockfile pins every dependency its package.json declares; what
 * the production start runs (the built output, or sources through a dev runner). Read through the report
 * source's `readFile`; no rule runs here (the rules' findings are weighed by build.ts).
 */
import * as path from 'node:path';
import type { Evidence } from './model';
import { toPosix } from '../paths';
import { parseManifest, workspaceMatcher, type Manifest } from '../knowledge/manifest';
import { findLockfile } from '../knowledge/lockfiles';
import { parseDockerfile } from '../languages/dockerfile/parse';
import { dockerModel } from '../languages/dockerfile/model';
import { parseProcfile } from '../languages/config/procfile';
import { readTsConfig } from '../facts/entryPoints';
import { classifyCommand, programWords } from '../knowledge/packaging';
import { commandTexts, shellSteps, walkScripts } from '../knowledge/starts';

type Read = (file: string) => string | undefined;

interface PackagingInput {
  root: string;
  files: readonly string[];
  readFile?: Read;
}

const MAX_LISTED = 3;

function rel(root: string, file: string): string {
  return toPosix(path.relative(root, file)) || '.';
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

/** The packages of the folder: every scanned package.json (outside test fixtures and node_modules) that declares a package. */
function packagesOf(input: PackagingInput): Manifest[] {
  const read = input.readFile;
  if (!read) return [];
  const out: Manifest[] = [];
  for (const file of input.files) {
    if (path.basename(file) !== 'package.json') continue;
    const parts = toPosix(path.relative(input.root, file)).split('/');
    if (
      parts.some(
        (p) => p === 'node_modules' || p === 'fixtures' || p === '__fixtures__' || p === 'test' || p === 'tests' || p === 'examples',
      )
    )
      continue;
    const text = read(file);
    const manifest = text === undefined ? undefined : parseManifest(file, text);
    if (manifest?.isPackage) out.push(manifest);
  }
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

/** An app: started on its own (a start script, a Dockerfile or a Procfile next to its package.json). */
function isApp(manifest: Manifest, read: Read): boolean {
  if (manifest.scripts.start !== undefined || manifest.scripts.serve !== undefined) return true;
  return ['Dockerfile', 'Containerfile', 'Procfile'].some((f) => read(path.join(manifest.dir, f)) !== undefined);
}

/** Factor I: the repository's packages and apps. */
export function codebaseEvidence(input: PackagingInput): { evidence: Evidence[]; packages: number } {
  const read = input.readFile;
  const packages = packagesOf(input);
  if (!read || packages.length <= 1) return { evidence: [], packages: packages.length };
  const apps = packages.filter((m) => isApp(m, read));
  const names = (list: Manifest[]) => listed(list.map((m) => m.name ?? rel(input.root, m.dir)));
  const evidence: Evidence[] = [
    {
      kind: 'neutral',
      text: `${packages.length} packages in this repository${apps.length ? `, ${apps.length} of them apps started on their own (${names(apps)})` : ''}`,
    },
  ];
  return { evidence, packages: packages.length };
}

/**
 * Factor II: each package's lockfile pins every dependency its package.json declares (a dependency added
 * by hand, never installed, makes `npm ci` fail or install something else).
 */
export function lockfileEvidence(input: PackagingInput): { evidence: Evidence[]; inSync: boolean; checked: number } {
  const read = input.readFile;
  const evidence: Evidence[] = [];
  if (!read) return { evidence, inSync: false, checked: 0 };
  const packages = packagesOf(input);
  const root = packages.find((m) => m.dir === input.root);
  const workspace = root?.workspaces.length ? workspaceMatcher(root.workspaces) : undefined;
  // The root package, and the members of its workspace (the packages its lockfile covers).
  const covered = packages.filter((m) => m === root || (workspace && workspace(rel(input.root, m.dir))));
  let inSync = covered.length > 0;
  let checked = 0;
  for (const manifest of covered) {
    const lock = findLockfile(manifest.dir, input.root, read);
    if (!lock) {
      inSync = false;
      continue;
    }
    const declared = [
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.devDependencies),
      ...Object.keys(manifest.optionalDependencies),
    ].filter((name) => !/^(?:workspace|link|file|portal):/.test(manifest.dependencies[name] ?? manifest.devDependencies[name] ?? ''));
    if (declared.length === 0) continue;
    checked++;
    const missing = declared.filter((name) => !lock.pinsDirect(name, manifest.dir));
    const manifestName = rel(input.root, manifest.file);
    const lockName = rel(input.root, lock.file);
    if (missing.length) {
      inSync = false;
      evidence.push({
        kind: 'negative',
        text: `${lockName} does not pin ${plural(missing.length, 'dependency', 'dependencies')} ${manifestName} declares (${listed(missing)}): npm ci / a frozen install fails or installs something else`,
        file: manifestName,
      });
    } else if (manifest === root || covered.length <= MAX_LISTED) {
      evidence.push({
        kind: 'positive',
        text: `${lockName} pins every dependency ${manifestName} declares (${plural(declared.length, 'package')})`,
        file: lockName,
      });
    }
  }
  return { evidence, inSync: inSync && checked > 0, checked };
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** What the production start runs, judged for factor V. */
interface StartEvidence {
  evidence: Evidence[];
  /** A production start was found (Dockerfile CMD, Procfile, or npm start). */
  found: boolean;
  /** It runs compiled output (`node dist/…`) or plain JavaScript that needs no build. */
  runsOutput: boolean;
}

const BUILD_DIRS = /^(?:\.\/)?(?:dist|build|out|lib|\.build|\.output|\.next|server-dist)\//;

/** The start of the folder's app: the root Dockerfile's CMD, else the Procfile's web process, else `npm start`. */
export function startEvidence(input: PackagingInput): StartEvidence {
  const read = input.readFile;
  const result: StartEvidence = { evidence: [], found: false, runsOutput: false };
  if (!read) return result;
  const root = input.root;
  const manifestText = read(path.join(root, 'package.json'));
  const manifest = manifestText === undefined ? undefined : parseManifest(path.join(root, 'package.json'), manifestText);
  const tsconfig = readTsConfig(root, read);
  const commands: { command: string; where: string; file: string; line?: number }[] = [];
  for (const name of ['Dockerfile', 'Containerfile']) {
    const text = read(path.join(root, name));
    if (text === undefined) continue;
    try {
      const model = dockerModel(parseDockerfile(text), text);
      const effective = model.effectiveCommand();
      const form = effective.cmd ?? effective.entrypoint;
      if (form) {
        const line = model.range(form.instruction.start, form.instruction.start).start.line + 1;
        for (const c of commandTexts(form)) commands.push({ command: c, where: `${name} ${form.instruction.keyword}`, file: name, line });
      }
    } catch {
      /* unreadable Dockerfile: no start from it */
    }
    break;
  }
  if (commands.length === 0) {
    const procText = read(path.join(root, 'Procfile'));
    const web = procText === undefined ? undefined : parseProcfile(procText).processes.find((p) => p.type === 'web');
    if (web) commands.push({ command: web.command, where: 'Procfile web', file: 'Procfile', line: web.line + 1 });
  }
  if (commands.length === 0 && manifest?.scripts.start !== undefined)
    commands.push({ command: 'npm start', where: 'npm start', file: 'package.json' });
  for (const { command, where, file, line } of commands) {
    // Follow `npm start` / `npm run x` into package.json to the command that runs the app.
    let final = command;
    let through = '';
    let builds = shellSteps(command).some((s) => s.step);
    for (const s of shellSteps(command)) {
      if (s.scripts?.length && !s.target && manifest) {
        const walk = walkScripts(manifest, s.scripts);
        if (walk.steps.length) builds = true;
        const last = walk.visited
          .map((v) => manifest.scripts[v])
          .reverse()
          .find((c) => c !== undefined && shellSteps(c).some((x) => x.startsApp && !x.scripts));
        if (last) {
          final = last;
          through = `, through "${s.scripts[0]}"`;
        }
      }
    }
    const app = shellSteps(final).find((s) => s.startsApp && !s.scripts);
    if (!app) continue;
    result.found = true;
    const words = programWords(app.words);
    const step = classifyCommand(app.words).step;
    const target = words.slice(1).find((w) => !w.startsWith('-'));
    const shown = final.length > 60 ? `${final.slice(0, 59)}…` : final;
    const at = { file, ...(line ? { line } : {}) };
    if (step || builds) {
      result.evidence.push({ kind: 'neutral', text: `the production start (${where}${through}) runs "${shown}"`, ...at });
      continue;
    }
    const outDir = tsconfig?.outDir ? toPosix(path.relative(root, tsconfig.outDir)) : undefined;
    const built = !!target && (BUILD_DIRS.test(target) || (!!outDir && target.replace(/^\.\//, '').startsWith(`${outDir}/`)));
    if (built) {
      result.runsOutput = true;
      result.evidence.push({
        kind: 'positive',
        text: `the production start (${where}${through}) runs the built output: "${shown}"`,
        ...at,
      });
    } else if (target && !/\.[cm]?tsx?$/.test(target)) {
      result.runsOutput = true;
      result.evidence.push({
        kind: 'positive',
        text: `the production start (${where}${through}) runs JavaScript with node, nothing to build: "${shown}"`,
        ...at,
      });
    }
  }
  return result;
}
