/**
 * `build-release-run/no-build-at-runtime` in package.json: the scripts that are the production start
 * (what the folder's Dockerfile or Procfile runs, else `start`), followed through `pre<name>` and nested
 * runs, must not install, build, compile in memory, watch or fetch code. Each finding sits on the command
 * inside the script that does it. Fixes move the build out of the start where the rewrite is exact.
 */
import { commandTargets, withExtensions } from '../../facts/entryPoints';
import * as path from 'node:path';
import * as jsonc from 'jsonc-parser';
import type { ConfigCheck, ConfigContext } from '../../rule';
import type { Fix, Range, RelatedLocation, TextChange } from '../../finding';
import type { JsonDocument } from '../../languages/config/json';
import { parseShell } from '../../languages/dockerfile/shell';
import { parseDockerfile } from '../../languages/dockerfile/parse';
import { dockerModel } from '../../languages/dockerfile/model';
import { readTsConfig } from '../../facts/entryPoints';
import { jsonFormatting, ManifestReader, parseManifest, workspaceMatcher, type Manifest } from '../../knowledge/manifest';
import { programWords, type StartStep } from '../../knowledge/packaging';
import { computeLineStarts, positionAt } from '../../text';
import {
  DEMONSTRATION_PATH,
  DEPLOY_FILES,
  PACKAGE_DOCKERFILES,
  commandStep,
  declaredIn,
  productionScripts,
  shellSteps,
  STAYS_UP,
  startsAppWords,
  walkScripts,
  type Designation,
  type Read,
  type ScriptStep,
} from '../../knowledge/starts';
import { MESSAGE_BY_KIND, adviceFor } from './no-build-at-runtime.messages';
import { isInside, relativePath, toPosix } from '../../paths';
import { isComposeName } from '../../languages/detect';
import * as YAML from 'yaml';

/** The compose files a package's folder may hold. */
const COMPOSE_FILES = DEPLOY_FILES.filter((name) => isComposeName(name));

/** Is `dir` under the `src/` folder of an enclosing package (`packages/generator/src/server/package-json/`)? */
function inSourcesOfAnotherPackage(dir: string, read: Read, root: string): boolean {
  for (let up = path.dirname(dir); isInside(root, up) && up !== path.dirname(up); up = path.dirname(up)) {
    const text = read(path.join(up, 'package.json'));
    if (text !== undefined) {
      const rel = toPosix(path.relative(up, dir));
      // A workspace root's packages (`"workspaces": ["src/*"]`, pnpm's or lerna's lists) are packages of their own; a
      // template its workspaces do not list (`src/templates/*`) is still one.
      const globs = new ManifestReader(root, read).at(up)?.workspaces ?? [];
      if (globs.length && workspaceMatcher(globs)(rel)) return false;
      return rel.split('/')[0] === 'src';
    }
    if (up === root) break;
  }
  return false;
}

/** A compose file in `dir` with a service built from `dir` itself (`build: .`, `build: { context: ./ }`). */
function composeBuildsHere(dir: string, read: Read): boolean {
  return COMPOSE_FILES.some((name) => {
    const text = read(path.join(dir, name));
    if (text === undefined) return false;
    let services: unknown;
    try {
      services = (YAML.parse(text, { logLevel: 'error' }) as { services?: unknown } | null)?.services;
    } catch {
      return false; // a compose file Docker cannot read either runs nothing
    }
    if (!services || typeof services !== 'object') return false;
    return Object.values(services as Record<string, unknown>).some((service) => {
      const build = service && typeof service === 'object' ? (service as { build?: unknown }).build : undefined;
      const context = build && typeof build === 'object' ? (build as { context?: unknown }).context : build;
      return typeof context === 'string' && /^\.\/?$/.test(context.trim());
    });
  });
}

/** Folders of a repository's own scripts and tools: their packages are run by hand, not released. */
const TOOLING_PATH = /(?:^|\/)(?:scripts|tools|tooling|devtools|hack)\//i;
/** The source file a start script runs (`npx tsx index.ts`, `node src/gen.js`) exists and starts nothing that stays up. */
function runsOneOff(dir: string, start: string | undefined, read: Read): boolean {
  const host = { readFile: read, isFile: (f: string) => read(f) !== undefined };
  const target = start ? commandTargets(start).find((t) => t.kind === 'file') : undefined;
  const file = target?.kind === 'file' ? withExtensions(path.join(dir, target.path), host) : undefined;
  const text = file ? read(file) : undefined;
  if (text === undefined || STAYS_UP.test(text)) return false;
  // …nor the modules it loads by a relative path (`require('./server')` hands off to a server).
  for (const m of text.matchAll(/(?:require\s*\(\s*|from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const loaded = withExtensions(path.join(path.dirname(file!), m[1]), host);
    if (loaded === undefined || STAYS_UP.test(read(loaded) ?? '')) return false;
  }
  return true;
}

/** `docker-compose … up`, `docker compose up`: a local stack started from a script. */
const DEV_STACK = /\bdocker(?:-|\s+)compose\b[^"'&|;]*\bup\b/;

export const jsonCheck: ConfigCheck<JsonDocument> = {
  prefilter: (text) => /"scripts"/.test(text),
  check(ctx) {
    if (path.basename(ctx.file) !== 'package.json') return;
    const manifest = parseManifest(ctx.file, ctx.text);
    if (!manifest?.isPackage) return;
    const dir = path.dirname(ctx.file);
    const read: Read = (f) => ctx.host.readFile(f);
    const designation = productionScripts(dir, read, ctx.root);
    // A package of examples or demos (`examples/package.json`) that no Dockerfile or Procfile starts is not released.
    // (A tool's own package may be deployed by a compose file or a platform that runs `npm start`: still judged.)
    if (designation.declaredBy.length === 0 && DEMONSTRATION_PATH.test(relativePath(ctx.root, ctx.file))) return;
    // …nor is a helper among the repository's scripts or tools (`scripts/generate-feeds/`: `"start": "npx tsx index.ts"`, run by
    // hand), when nothing deploys it and the file its start runs serves nothing (a tool's own server may be deployed by
    // a compose file or a platform that runs its npm start: still judged).
    if (
      designation.declaredBy.length === 0 &&
      TOOLING_PATH.test(relativePath(ctx.root, ctx.file)) &&
      runsOneOff(dir, manifest.scripts.start, read)
    )
      return;
    // A package.json in another package's sources (a code generator's template, read as data) that nothing deploys.
    if (designation.declaredBy.length === 0 && inSourcesOfAnotherPackage(dir, read, ctx.root)) return;
    const declared = declaredIn(manifest);
    const primary = designation.scripts.filter((d) => !d.secondary);
    // A start that brings up a compose stack beside the apps (`concurrently "yarn start:api" "docker-compose up"`) is a
    // developer's, when nothing deploys the package: production runs the services' own images.
    // (A compose file beside it that builds the package itself, `build: .`, runs it: then the start is judged.)
    if (
      designation.declaredBy.length === 0 &&
      !composeBuildsHere(dir, read) &&
      primary.some((d) => DEV_STACK.test(manifest.scripts[d.name] ?? ''))
    )
      return;
    const secondary = designation.scripts.filter((d) => d.secondary);
    const steps: ScriptStep[] = [];
    const main = walkScripts(manifest, [...new Set(primary.map((d) => d.name))], declared);
    // `start` alone by default: only when it starts something (a library's or a frontend's start is not a release's).
    if (designation.declaredBy.length > 0 || main.startsApp) steps.push(...main.steps);
    if (secondary.length) {
      const extra = walkScripts(manifest, [...new Set(secondary.map((d) => d.name))], declared);
      if (extra.startsApp)
        steps.push(...extra.steps.filter((x) => x.step.kind === 'build' || x.step.kind === 'install' || x.step.kind === 'fetch'));
    }
    const reported = new Set<string>();
    for (const s of steps) {
      const key = `${s.script}:${s.start}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const range = scriptCommandRange(ctx.document, s.script, s.start, s.end);
      if (!range) continue;
      const runner = designation.scripts.find((d) => d.name === s.via[0]) ?? designation.scripts[0];
      const related: RelatedLocation[] = [];
      if (runner?.file) {
        related.push({
          file: runner.file,
          range: { start: { line: runner.line, column: 0 }, end: { line: runner.line, column: 0 } },
          message: `${runner.by} runs "${s.via[0]}"${s.via.length > 1 ? ` (${s.via.join(' → ')})` : ''}.`,
        });
      }
      const fix = scriptFix(ctx, manifest, designation, s, read);
      ctx.report({
        messageId: MESSAGE_BY_KIND[s.step.kind],
        data: {
          what: s.step.label,
          where: `the "${s.script}" script`,
          start: startPhrase(designation, s),
          advice: adviceFor(s.step),
        },
        range,
        related,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

function startPhrase(designation: Designation, s: ScriptStep): string {
  const chain = s.via.length > 1 ? ` (${s.via.join(' → ')})` : '';
  const runner = designation.scripts.find((d) => d.name === s.via[0]);
  if (!runner || runner.by === 'npm start')
    return designation.declaredBy.length === 0
      ? `npm start, the default production start${chain}`
      : `npm start, which platforms run by default${chain}`;
  // A start run from an enclosing package already names the script (`…, which runs "prod" here`).
  if (runner.by.endsWith(`which runs "${s.via[0]}" here`)) return `${runner.by}${chain}`;
  return `${runner.by} runs "${s.via[0]}"${chain}`;
}

/** Range of [start, end) of a script's command text, or of the whole value when it has escapes. */
export function scriptCommandRange(document: JsonDocument, script: string, start: number, end: number): Range | undefined {
  const node = document.nodeAt(['scripts', script]);
  if (!node || node.type !== 'string') return undefined;
  const raw = document.text.slice(node.offset + 1, node.offset + node.length - 1);
  if (raw !== node.value) return document.rangeOf(node.offset, node.offset + node.length);
  return document.rangeOf(node.offset + 1 + start, node.offset + 1 + end);
}

// ── fixes ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Moves the build out of the start, when the script is `<build or install> && … && <start>` (the steps
 * go to the `build` script, installs go away), a `pre<start>` made only of such steps (removed), or one
 * dev runner on one file (`nodemon x.js` → `node x.js`; `ts-node src/x.ts` → `node dist/x.js` with
 * `build: tsc`, from tsconfig's outDir). When the folder's Dockerfile runs this start and builds
 * nothing, a `RUN <manager> run build` goes before its CMD. Suggestions: what runs changes.
 */
function scriptFix(
  ctx: ConfigContext<JsonDocument>,
  manifest: Manifest,
  designation: Designation,
  s: ScriptStep,
  read: Read,
): Fix | undefined {
  const command = manifest.scripts[s.script];
  const parse = parseShell(command);
  if (parse.broken || parse.comments.length) return undefined;
  const commands = parse.commands.filter((c) => c.words.length);
  if (commands.some((c, i) => i < commands.length - 1 && c.next !== '&&') || commands.some((c) => c.redirects.length)) return undefined;
  const declared = declaredIn(manifest);
  const kinds = commands.map((c) =>
    commandStep(
      c.words.map((w) => w.value),
      declared,
    ),
  );
  let newStart: string | null | undefined; // null: remove the script
  let build: string | undefined;
  const last = commands[commands.length - 1];
  const lastWords = last.words.map((w) => w.value);
  const stepsBefore = commands.slice(0, -1);
  if (
    commands.length > 1 &&
    stepsBefore.every((_, i) => isBuildOrInstall(kinds[i].step)) &&
    !kinds[kinds.length - 1].step &&
    startsAppWords(lastWords)
  ) {
    newStart = command.slice(last.start).trim();
    build = buildOf(
      stepsBefore.map((c) => command.slice(c.start, c.end)),
      kinds.slice(0, -1).map((k) => k.step!),
      manifest,
    );
    if (build === 'ambiguous') return undefined;
  } else if (s.script.startsWith('pre') && commands.every((_, i) => isBuildOrInstall(kinds[i].step))) {
    newStart = null;
    build = buildOf(
      commands.map((c) => command.slice(c.start, c.end)),
      kinds.map((k) => k.step!),
      manifest,
    );
    if (build === 'ambiguous') return undefined;
  } else if (commands.length === 1 && kinds[0].step) {
    const replacement = directStart(lastWords, kinds[0].step, path.dirname(ctx.file), manifest, read);
    if (!replacement) return undefined;
    newStart = replacement.start;
    build = replacement.build;
  } else return undefined;

  const formattingOptions = jsonFormatting(ctx.text);
  let next = ctx.text;
  next = jsonc.applyEdits(next, jsonc.modify(next, ['scripts', s.script], newStart === null ? undefined : newStart, { formattingOptions }));
  if (build) next = jsonc.applyEdits(next, jsonc.modify(next, ['scripts', 'build'], build, { formattingOptions }));
  if (next === ctx.text) return undefined;
  const changes: TextChange[] = [{ kind: 'replace', file: ctx.file, ...diffRange(ctx.text, next) }];
  const buildScript = build ?? manifest.scripts.build;
  const run =
    buildScript !== undefined
      ? dockerfileBuildStep(path.dirname(ctx.file), designation, read, managerOf(path.dirname(ctx.file), read))
      : undefined;
  if (run) changes.push(run);
  const parts = [newStart === null ? `remove "${s.script}"` : `"${s.script}": "${newStart}"`];
  if (build) parts.push(`"build": "${build}"`);
  if (run) parts.push(`${run.newText.trim()} in the Dockerfile`);
  return { kind: 'suggestion', title: `Build before the release starts: ${parts.join(', ')}`, changes };
}

function isBuildOrInstall(step: StartStep | undefined): boolean {
  return !!step && (step.kind === 'build' || step.kind === 'install');
}

/** The `build` script the moved steps need: undefined when none (installs only, or `build` already does it), `ambiguous` when it would clash. */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- 'ambiguous' documents the sentinel
function buildOf(texts: string[], steps: StartStep[], manifest: Manifest): string | undefined | 'ambiguous' {
  const builds = texts.filter((_, i) => steps[i].kind === 'build');
  if (builds.length === 0) return undefined;
  const runsBuild = (t: string) => /^(?:npm run|yarn|pnpm(?: run)?|bun run) build$/.test(t.trim());
  if (builds.every(runsBuild)) return manifest.scripts.build !== undefined ? undefined : 'ambiguous';
  const text = builds.join(' && ');
  const existing = manifest.scripts.build;
  if (existing === undefined) return text;
  return existing.trim() === text.trim() ? undefined : 'ambiguous';
}

/** `nodemon x.js` → `node x.js`; `node --watch x.js` → `node x.js`; `ts-node src/x.ts` → `node dist/x.js` (+ `build: tsc`). */
export function directStart(
  words: string[],
  step: StartStep,
  dir: string,
  manifest: Manifest | undefined,
  read: Read,
): { start: string; build?: string } | undefined {
  const program = programWords(words);
  if (program.length !== words.length) return undefined; // env prefixes: keep it simple
  const [runner, ...args] = program;
  const name = path.posix.basename(runner);
  if ((name === 'node' || name === 'nodejs') && step.label === 'node --watch') {
    const rest = args.filter((a) => a !== '--watch');
    if (rest.length !== 1 || rest[0].startsWith('-')) return undefined;
    return { start: `node ${rest[0]}` };
  }
  if (args.length !== 1 || args[0].startsWith('-')) return undefined;
  const file = args[0];
  if ((name === 'nodemon' || name === 'node-dev' || name === 'supervisor') && /\.[cm]?js$/.test(file)) {
    if (read(path.join(dir, 'nodemon.json')) !== undefined || (manifest && /"nodemonConfig"/.test(read(manifest.file) ?? '')))
      return undefined;
    return { start: `node ${file}` };
  }
  if (['ts-node', 'tsx', 'ts-node-dev', 'tsnd', 'esno'].includes(name) && /\.[cm]?ts$/.test(file)) {
    const tsconfig = readTsConfig(dir, read);
    if (!tsconfig?.outDir) return undefined;
    const text = read(path.join(dir, 'tsconfig.json')) ?? '';
    const absolute = path.resolve(dir, file);
    let rootDir = tsconfig.rootDir;
    if (!rootDir) {
      const include = /"include"\s*:\s*\[\s*"\.?\/?([\w-]+)\/?(?:\*\*\/\*)?"\s*\]/.exec(text);
      if (!include) return undefined;
      rootDir = path.join(dir, include[1]);
    }
    const rel = path.relative(rootDir, absolute);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const out = path.join(tsconfig.outDir, rel).replace(/\.([cm]?)ts$/, '.$1js');
    const start = `node ${relativePath(dir, out)}`;
    const build = manifest?.scripts.build === undefined ? 'tsc' : undefined;
    return { start, build };
  }
  return undefined;
}

/** yarn or pnpm when their lockfile is in the folder, else npm. */
function managerOf(dir: string, read: Read): string {
  if (read(path.join(dir, 'yarn.lock')) !== undefined) return 'yarn';
  if (read(path.join(dir, 'pnpm-lock.yaml')) !== undefined) return 'pnpm';
  return 'npm';
}

/**
 * `RUN <manager> run build` before the CMD of the folder's Dockerfile when it runs this start and no RUN
 * of its final image builds; undefined otherwise.
 */
function dockerfileBuildStep(dir: string, designation: Designation, read: Read, manager: string): TextChange | undefined {
  if (!designation.declaredBy.some((d) => PACKAGE_DOCKERFILES.includes(d))) return undefined;
  for (const name of PACKAGE_DOCKERFILES) {
    const file = path.join(dir, name);
    const text = read(file);
    if (text === undefined) continue;
    const model = dockerModel(parseDockerfile(text), text);
    const builds = model
      .finalInstructions()
      .some(
        (i) =>
          i.keyword === 'RUN' && shellSteps(i.args.text).some((s) => s.step?.kind === 'build' || s.scripts?.some((x) => /^build/.test(x))),
      );
    if (builds) return undefined;
    const effective = model.effectiveCommand();
    const at = effective.cmd ?? effective.entrypoint;
    if (!at || !model.finalInstructions().includes(at.instruction)) return undefined;
    const starts = computeLineStarts(text);
    const position = positionAt(starts, at.instruction.start);
    const lineStart = { line: position.line, column: 0 };
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { kind: 'replace', file, range: { start: lineStart, end: lineStart }, newText: `RUN ${manager} run build${eol}` };
  }
  return undefined;
}

/** The range that differs between two texts, as one replacement. */
function diffRange(before: string, after: string): { range: Range; newText: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const starts = computeLineStarts(before);
  return { range: { start: positionAt(starts, start), end: positionAt(starts, endBefore) }, newText: after.slice(start, endAfter) };
}
