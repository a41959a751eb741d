/**
 * Where a package's programs start (docs/DESIGN.md §4): `package.json` `main`, `bin`, the start scripts,
 * the Dockerfile's `CMD`/`ENTRYPOINT` and the Procfile's `web:` line, each mapped from build output
 * (`dist/server.js`) back to the source file (`src/server.ts`) through `tsconfig.json`.
 * Pure: reads through the host, never runs anything.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import type { Range } from '../finding';
import type { EntryPoint } from './types';
import { parseDockerfile } from '../languages/dockerfile/parse';
import { dockerModel, type CommandForm } from '../languages/dockerfile/model';
import { shellScriptFile } from '../languages/dockerfile/commands';
import { isOneOffProcessType, parseProcfile } from '../languages/config/procfile';
import { platformStartsIn } from '../knowledge/platforms';
import { computeLineStarts, positionAt, escapeRegExp } from '../text';
import { BUILD_DIRS, isInside } from '../paths';
import { propertyNameText } from '../languages/typescript/imports';

export interface EntryHost {
  readFile(file: string): string | undefined;
  /** True when `file` is a source file we know (or can read). */
  isFile(file: string): boolean;
}

export interface TsConfigInfo {
  dir: string;
  outDir?: string;
  rootDir?: string;
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

const ZERO: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const START_SCRIPTS = ['start', 'start:prod', 'start:production', 'serve'];
/** A production start of one of a package's processes: `start-api-prod`, `start:worker:production`, `prod:start:api`. */
const PRODUCTION_START =
  /^(?:start|serve)(?:[:_-][a-z0-9]+)*[:_-](?:prod|production)$|^(?:prod|production)[:_-](?:start|serve)(?:[:_-][a-z0-9]+)*$/i;

/** EntryPoint.source of a package's `main`: what other code imports (an SDK's barrel) as much as what runs. */
export const MAIN_ENTRY_SOURCE = 'package.json "main"';
/** EntryPoint.source's start for an Nx application (`project.json targets.build`). */
export const NX_ENTRY_SOURCE = 'project.json';

/**
 * The tsconfig an app's build uses, where it is not `tsconfig.json`: Nest's monorepo mode gives each app
 * `apps/<name>/tsconfig.app.json` (nest-cli.json's `tsConfigPath`), as Nx and Angular do, and a package may
 * build with `tsconfig.build.json` alone. Their `baseUrl` and `paths` resolve the app's imports.
 */
export const APP_TSCONFIGS = ['tsconfig.app.json', 'tsconfig.build.json'];

/**
 * `tsconfig.json` of a folder (JSON with comments), with relative `extends` followed; `file` names another
 * (APP_TSCONFIGS) to read instead.
 */
export function readTsConfig(dir: string, readFile: (file: string) => string | undefined, file?: string): TsConfigInfo | undefined {
  const info: TsConfigInfo = { dir };
  // Nx and other monorepos keep the shared paths in tsconfig.base.json at the root, with no tsconfig.json there (only
  // when no file is named: a missing tsconfig.app.json is no reason to read the base again).
  if (file === undefined) {
    file = path.join(dir, 'tsconfig.json');
    if (readFile(file) === undefined && readFile(path.join(dir, 'tsconfig.base.json')) !== undefined)
      file = path.join(dir, 'tsconfig.base.json');
  }
  let found = false;
  for (let depth = 0; depth < 4; depth++) {
    const text = readFile(file);
    if (text === undefined) break;
    const parsed = ts.parseConfigFileTextToJson(file, text).config as
      { extends?: unknown; compilerOptions?: Record<string, unknown> } | undefined;
    if (!parsed) break;
    found = true;
    const base = path.dirname(file);
    const o = parsed.compilerOptions ?? {};
    // The nearest file wins: only fill what is still unknown.
    if (typeof o.outDir === 'string' && info.outDir === undefined) info.outDir = path.resolve(base, o.outDir);
    if (typeof o.rootDir === 'string' && info.rootDir === undefined) info.rootDir = path.resolve(base, o.rootDir);
    if (typeof o.baseUrl === 'string' && info.baseUrl === undefined) info.baseUrl = path.resolve(base, o.baseUrl);
    if (o.paths && typeof o.paths === 'object' && info.paths === undefined) {
      info.paths = {};
      for (const [k, v] of Object.entries(o.paths as Record<string, unknown>))
        if (Array.isArray(v)) info.paths[k] = v.filter((x): x is string => typeof x === 'string');
      if (info.baseUrl === undefined) info.baseUrl = base;
    }
    const ext = typeof parsed.extends === 'string' ? parsed.extends : undefined;
    if (!ext || !ext.startsWith('.')) break;
    file = path.resolve(base, ext.endsWith('.json') ? ext : `${ext}.json`);
  }
  return found ? info : undefined;
}

/** The source file a path given to `node` (or in `main`) stands for, or undefined. */
export function sourceForPath(dir: string, target: string, tsconfig: TsConfigInfo | undefined, host: EntryHost): string | undefined {
  const absolute = path.resolve(dir, target);
  // Build output → sources.
  const mapped: string[] = [];
  // The build folder itself (`require('../dist')`) stands for the source folder's index; never for the package's own.
  if (tsconfig?.outDir) {
    const rel = path.relative(tsconfig.outDir, absolute);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
      if (tsconfig.rootDir) mapped.push(path.join(tsconfig.rootDir, rel));
      mapped.push(path.join(dir, 'src', rel));
      if (rel) mapped.push(path.join(dir, rel)); // rootDir computed as the project folder: dist/src/x.js.
    }
  }
  const relToDir = path.relative(dir, absolute).split(path.sep);
  if (BUILD_DIRS.includes(relToDir[0])) {
    const rest = relToDir.slice(1).join(path.sep);
    if (tsconfig?.rootDir) mapped.push(path.join(tsconfig.rootDir, rest));
    mapped.push(path.join(dir, 'src', rest));
    if (rest) mapped.push(path.join(dir, rest));
  }
  // A compiled file that exists is a real entry, but its source is what we analyse: looked for first,
  // so that the compiled file (a bundle can be megabytes) is not read when the source is found.
  for (const candidate of mapped) {
    const found = withExtensions(candidate, host, true);
    if (found) return found;
  }
  const existing = withExtensions(absolute, host);
  if (existing) return existing;
  // A bundler's named entries (`entryPoints: { server: 'server/server.ts' }`, `outdir: 'dist'`): `dist/server.mjs` is that file.
  const bundled = bundlerEntries(dir, host);
  const out = path.relative(path.resolve(dir, bundled.outdir), absolute);
  const named =
    !out.startsWith('..') && !path.dirname(out).includes(path.sep) ? bundled.entries.get(out.replace(/\.[cm]?js$/, '')) : undefined;
  if (named) {
    const found = withExtensions(path.resolve(dir, named), host);
    if (found) return found;
  }
  return undefined;
}

/** Build scripts of bundlers whose entries name their outputs: esbuild's (`entryPoints`), tsup's (`entry`). */
export const BUNDLER_CONFIGS = [
  'esbuild.config.ts',
  'esbuild.config.mjs',
  'esbuild.config.js',
  'esbuild.config.cjs',
  'esbuild.mjs',
  'esbuild.js',
  'build.mjs',
  'build.js',
  'build.ts',
  'tsup.config.ts',
  'tsup.config.mjs',
  'tsup.config.js',
  'scripts/build.mjs',
  'scripts/build.js',
  'scripts/build.ts',
];

/** What each build script says, kept with the text it was read from (an edit of the script is read again). */
const bundlerScripts = new Map<string, { text: string; outdir?: string; entries: Map<string, string> }>();

/** Build scripts above this size are bundles or generated code, not a bundler's configuration. */
const MAX_BUILD_SCRIPT = 64 * 1024;

/**
 * The outputs a package's bundler writes, by name, read from its build script without running it: `entryPoints` /
 * `entry` as an object (`{ server: 'server/server.ts' }` → `server`) or a list of paths (by file name), and `outdir`
 * (`dist` when not written).
 */
function bundlerEntries(dir: string, host: EntryHost): { outdir: string; entries: Map<string, string> } {
  for (const name of BUNDLER_CONFIGS) {
    const file = path.join(dir, name);
    const text = host.readFile(file);
    if (text === undefined || text.length > MAX_BUILD_SCRIPT || !/\b(?:entryPoints|entry)\s*:/.test(text)) continue;
    let kept = bundlerScripts.get(file);
    if (kept?.text !== text) bundlerScripts.set(file, (kept = { text, ...readBuildScript(file, text) }));
    if (kept.entries.size) return { outdir: kept.outdir ?? 'dist', entries: kept.entries };
  }
  return { outdir: 'dist', entries: new Map() };
}

function readBuildScript(file: string, text: string): { outdir?: string; entries: Map<string, string> } {
  const entries = new Map<string, string>();
  let outdir: string | undefined;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, /\.ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const visit = (node: ts.Node, depth: number): void => {
    if (depth > 200) return;
    if (ts.isPropertyAssignment(node)) {
      const key = propertyNameText(node.name);
      const value = node.initializer;
      if ((key === 'outdir' || key === 'outDir') && ts.isStringLiteralLike(value)) outdir ??= value.text;
      if (key === 'entryPoints' || key === 'entry') {
        if (ts.isObjectLiteralExpression(value))
          for (const p of value.properties) {
            const out = ts.isPropertyAssignment(p) ? propertyNameText(p.name) : undefined;
            if (out && ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer)) entries.set(out, p.initializer.text);
          }
        else if (ts.isArrayLiteralExpression(value))
          for (const e of value.elements)
            if (ts.isStringLiteralLike(e)) entries.set(path.posix.basename(e.text).replace(/\.[cm]?[jt]sx?$/, ''), e.text);
      }
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(source, 0);
  return { outdir, entries };
}

/** `x.js` → x.ts/x.tsx/x.js…, `x` → x.ts…, x/index.ts… (prefers TypeScript sources for `.js`). */
export function withExtensions(file: string, host: EntryHost, preferSource = false): string | undefined {
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  const tries: string[] = [];
  if (ext === '.js' || ext === '.jsx')
    tries.push(...(preferSource ? [`${stem}.ts`, `${stem}.tsx`, file] : [file, `${stem}.ts`, `${stem}.tsx`]));
  // A build's `.mjs`/`.cjs` output (tsup's `dist/index.mjs`) may come from a `.ts` source.
  else if (ext === '.mjs') tries.push(...(preferSource ? [`${stem}.mts`, `${stem}.ts`, file] : [file, `${stem}.mts`]));
  else if (ext === '.cjs') tries.push(...(preferSource ? [`${stem}.cts`, `${stem}.ts`, file] : [file, `${stem}.cts`]));
  else if (SOURCE_EXTENSIONS.includes(ext)) tries.push(file);
  else {
    for (const e of SOURCE_EXTENSIONS) tries.push(file + e);
    for (const e of SOURCE_EXTENSIONS) tries.push(path.join(file, `index${e}`));
    // An extension-less executable (`bin/www`): the host reads it only when it starts with a node `#!` line.
    if (ext === '') tries.push(file);
  }
  return tries.find((f) => host.isFile(f));
}

type Target = { kind: 'file'; path: string } | { kind: 'script'; name: string } | { kind: 'main' } | { kind: 'nest' };

const RUNNERS = new Set([
  'node',
  'nodejs',
  'ts-node',
  'ts-node-dev',
  'tsnd',
  'tsx',
  'nodemon',
  'babel-node',
  'bun',
  'pm2-runtime',
  'esno',
  'esr',
  'node-dev',
  'swc-node',
  'forever',
  'supervisor',
]);
const PREFIXES = new Set([
  'npx',
  'exec',
  'env',
  'cross-env',
  'cross-env-shell',
  'dumb-init',
  'tini',
  '--',
  'time',
  'nice',
  'dotenv',
  'yarn',
  'pnpm',
]);
/** Options that take the next word as their value. */
const VALUE_OPTIONS = new Set([
  '-r',
  '--require',
  '--loader',
  '--experimental-loader',
  '--import',
  '-P',
  '--project',
  '-O',
  '--compiler-options',
  '--compilerOptions',
  '--exec',
  '-x',
  '-w',
  '--watch',
  '-e',
  '--ext',
  '--config',
  '-i',
  '--ignore',
  '--delay',
  '--signal',
  '--tsconfig',
  '--env-file',
  '-C',
  '--conditions',
  '--title',
  '--max-old-space-size',
  '--inspect-port',
  '-d',
  '--name',
  '-c',
]);

/** Splits a shell command into words (quotes honoured), and into `&&` / `;` / `||` / `|` segments. */
function shellSegments(command: string): string[][] {
  const segments: string[][] = [[]];
  // A line of a script ends its command too; a comment line holds none.
  command = command.replace(/^[ \t]*#.*$/gm, '');
  const re = /"([^"]*)"|'([^']*)'|(&&|\|\||[;|&\n])|([^\s"';|&]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(command))) {
    if (m[3]) segments.push([]);
    else segments[segments.length - 1].push(m[1] ?? m[2] ?? m[4]);
  }
  return segments.filter((s) => s.length > 0);
}

/** What a command line runs: a file, another script, the package's main, or Nest's default entry. */
export function commandTargets(command: string): Target[] {
  const out: Target[] = [];
  for (const words of shellSegments(command)) {
    let i = 0;
    while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || PREFIXES.has(words[i]))) {
      // `yarn start`, `pnpm run x` are handled below; as prefixes they only precede a runner (`yarn tsx …`).
      if ((words[i] === 'yarn' || words[i] === 'pnpm') && words[i + 1] && !RUNNERS.has(words[i + 1])) break;
      if (words[i] === 'dotenv' && words[i + 1] !== '--') {
        i++;
        while (i < words.length && words[i] !== '--') i++;
      }
      i++;
    }
    const runner = words[i] ? path.basename(words[i]) : undefined;
    if (!runner) continue;
    if (runner === 'npm' || runner === 'yarn' || runner === 'pnpm' || runner === 'bun') {
      const rest = words.slice(i + 1).filter((w) => !w.startsWith('-'));
      if (rest[0] === 'start') out.push({ kind: 'script', name: 'start' });
      else if ((rest[0] === 'run' || rest[0] === 'run-script') && rest[1]) out.push({ kind: 'script', name: rest[1] });
      else if (runner !== 'npm' && rest[0] && !/[./]/.test(rest[0]) && rest[0] !== 'install') out.push({ kind: 'script', name: rest[0] });
      else if (runner === 'bun' && rest[0] && /[./]/.test(rest[0])) out.push({ kind: 'file', path: rest[0] });
      continue;
    }
    if ((runner === 'nest' || runner === '@nestjs/cli') && words[i + 1] === 'start') {
      out.push({ kind: 'nest' });
      continue;
    }
    if (!RUNNERS.has(runner)) continue;
    let j = i + 1;
    if ((runner === 'tsx' || runner === 'pm2-runtime' || runner === 'forever') && (words[j] === 'watch' || words[j] === 'start')) j++;
    let file: string | undefined;
    for (; j < words.length; j++) {
      const w = words[j];
      if (w === '-e' && (runner === 'node' || runner === 'nodejs')) break; // node -e '…': no file
      if (w.startsWith('-')) {
        if (VALUE_OPTIONS.has(w) && !w.includes('=')) j++;
        continue;
      }
      file = w;
      break;
    }
    if (file === '.' || (file === undefined && runner === 'nodemon')) out.push({ kind: 'main' });
    else if (file && /\.(?:[cm]?[jt]sx?)$|\/|^[\w.-]+$/.test(file) && !/\.(?:json|config\.js)$/.test(file))
      out.push({ kind: 'file', path: file });
  }
  return out;
}

/** An app of a pm2 ecosystem file: `{ name, script, args, cwd, kill_signal }`. */
interface Pm2App {
  file: string;
  range: Range;
  name: string;
  script: string;
  args?: string;
  cwd?: string;
  killSignal: string;
}

export const PM2_FILES = ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.json', 'ecosystem.json'];

/**
 * The apps of the folder's pm2 ecosystem file, read without running it: JSON, or the object literal a JavaScript file
 * exports (`module.exports = { apps: [...] }`, `export default`). String values only; pm2 stops an app with SIGINT
 * (then SIGKILL) unless its `kill_signal` names another signal.
 */
export function pm2Apps(dir: string, host: EntryHost): Pm2App[] {
  for (const name of PM2_FILES) {
    const file = path.join(dir, name);
    const text = host.readFile(file);
    if (text === undefined || !text.includes('apps')) continue;
    const apps: { value: Record<string, string>; at: number }[] = [];
    if (name.endsWith('.json')) {
      try {
        const parsed = JSON.parse(text) as { apps?: unknown };
        for (const a of Array.isArray(parsed.apps) ? parsed.apps : []) {
          if (!a || typeof a !== 'object') continue;
          const value: Record<string, string> = {};
          for (const [k, v] of Object.entries(a as Record<string, unknown>)) if (typeof v === 'string') value[k] = v;
          apps.push({ value, at: typeof value.script === 'string' ? text.indexOf(JSON.stringify(value.script)) : 0 });
        }
      } catch {
        continue;
      }
    } else {
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAssignment(node) && propertyNameText(node.name) === 'apps' && ts.isArrayLiteralExpression(node.initializer)) {
          for (const element of node.initializer.elements) {
            if (!ts.isObjectLiteralExpression(element)) continue;
            const value: Record<string, string> = {};
            for (const p of element.properties)
              if (ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer)) {
                const key = propertyNameText(p.name);
                if (key) value[key] = p.initializer.text;
              }
            apps.push({ value, at: element.getStart(source) });
          }
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    const starts = computeLineStarts(text);
    return apps
      .filter((a) => typeof a.value.script === 'string' && a.value.script.trim() !== '')
      .map((a) => ({
        file,
        range: { start: positionAt(starts, Math.max(0, a.at)), end: positionAt(starts, Math.max(0, a.at)) },
        name: a.value.name ?? a.value.script,
        script: a.value.script.trim(),
        args: a.value.args,
        cwd: a.value.cwd,
        killSignal: /^SIG[A-Z0-9]+$/.test(a.value.kill_signal ?? '') ? a.value.kill_signal : 'SIGINT',
      }));
  }
  return [];
}

function lineRangeOf(text: string, needle: RegExp): Range {
  const m = needle.exec(text);
  if (!m) return ZERO;
  const starts = computeLineStarts(text);
  return { start: positionAt(starts, m.index), end: positionAt(starts, m.index + m[0].length) };
}

/** How a declaration starts its file: the process type it runs as, the signal that stops it. */
interface Start {
  signal?: string;
  type?: string;
}

/** Every entry point of the package in `dir` that resolves to a source file, deduplicated by file. */
export function packageEntryPoints(dir: string, host: EntryHost, dockerfiles: readonly string[] = []): EntryPoint[] {
  const pkgFile = path.join(dir, 'package.json');
  const pkgText = host.readFile(pkgFile);
  let pkg: Record<string, unknown> = {};
  if (pkgText !== undefined) {
    try {
      const parsed: unknown = JSON.parse(pkgText);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) pkg = parsed as Record<string, unknown>;
    } catch {
      /* an invalid package.json declares nothing */
    }
  }
  const tsconfig = readTsConfig(dir, (f) => host.readFile(f));
  const scripts = (pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {}) as Record<string, unknown>;
  const out: EntryPoint[] = [];
  // How the declarations that start each file run it: the process type (a Procfile's `worker`, `pm2:<app>`; `web` for the
  // others) and the signal that stops it (SIGTERM, pm2's SIGINT). `main` alone starts nothing.
  const starts = new Map<string, Required<Start>[]>();
  const add = (file: string | undefined, declaredIn: string, range: Range, source: string, how: Start = {}) => {
    if (!file) return;
    if (source !== MAIN_ENTRY_SOURCE) {
      let list = starts.get(file);
      if (!list) starts.set(file, (list = []));
      list.push({ signal: how.signal ?? 'SIGTERM', type: how.type ?? 'web' });
    }
    const known = out.find((e) => e.file === file);
    if (!known) out.push({ file, declaredIn, range, source });
    else if (known.source !== source && !known.alsoFrom?.includes(source)) known.alsoFrom = [...(known.alsoFrom ?? []), source];
  };
  const mainFile = (): string | undefined => {
    const main = typeof pkg.main === 'string' ? pkg.main : 'index.js';
    return sourceForPath(dir, main, tsconfig, host);
  };
  const resolveTargets = (targets: Target[], declaredIn: string, range: Range, source: string, depth: number, how?: Start, base = dir) => {
    for (const t of targets) {
      if (t.kind === 'file')
        add(sourceForPath(dir, path.relative(dir, path.resolve(base, t.path)), tsconfig, host), declaredIn, range, source, how);
      else if (t.kind === 'main') add(mainFile(), declaredIn, range, source, how);
      else if (t.kind === 'nest') add(nestEntry(dir, host, tsconfig), declaredIn, range, source, how);
      else if (depth < 4 && typeof scripts[t.name] === 'string') {
        resolveTargets(commandTargets(scripts[t.name] as string), declaredIn, range, source, depth + 1, how);
      }
    }
  };

  if (pkgText !== undefined) {
    if (typeof pkg.main === 'string') {
      add(sourceForPath(dir, pkg.main, tsconfig, host), pkgFile, lineRangeOf(pkgText, /"main"\s*:/), MAIN_ENTRY_SOURCE);
    }
    const bins =
      typeof pkg.bin === 'string'
        ? [pkg.bin]
        : pkg.bin && typeof pkg.bin === 'object'
          ? Object.values(pkg.bin as Record<string, unknown>)
          : [];
    for (const bin of bins)
      if (typeof bin === 'string')
        add(sourceForPath(dir, bin, tsconfig, host), pkgFile, lineRangeOf(pkgText, /"bin"\s*:/), 'package.json "bin"');
    // …and each process's own production start (`start-api-prod`, `start:bot:production`, `prod:start`: Zeppelin's API and bot).
    const own = Object.keys(scripts).filter((name) => !START_SCRIPTS.includes(name) && PRODUCTION_START.test(name));
    for (const name of [...START_SCRIPTS, ...own]) {
      const command = scripts[name];
      if (typeof command !== 'string') continue;
      const range = lineRangeOf(pkgText, new RegExp(`"${escapeRegExp(name)}"\\s*:`));
      resolveTargets(commandTargets(command), pkgFile, range, `package.json scripts.${name}`, 0);
    }
  }

  for (const dockerfile of dockerfiles) {
    const text = host.readFile(dockerfile);
    if (text === undefined) continue;
    const command = dockerCommand(text);
    if (!command) continue;
    // `CMD ["./start-docker.sh"]`: the commands of the package's own script it runs (`exec node dist/server.js`).
    // `ENTRYPOINT ["./docker-entrypoint.sh"]` + `CMD ["node", "src/index.js"]`: the script ends in `exec "$@"`, the CMD.
    const [first, second] = command.parts;
    const script = scriptFileOf(first, command.workdir);
    const scriptText = script && second === undefined ? host.readFile(path.join(dir, script)) : undefined;
    const afterScript = script && second !== undefined ? second : undefined;
    const targets = commandTargets(scriptText ?? afterScript ?? command.command).map((t) =>
      t.kind === 'file' && command.workdir && path.posix.isAbsolute(t.path)
        ? { ...t, path: path.posix.relative(command.workdir, t.path) }
        : t,
    );
    resolveTargets(targets, dockerfile, command.range, `${path.basename(dockerfile)} ${command.instruction}`, 0);
  }

  // A Nest monorepo's applications (`nest build selfhosted`): each project's entry file, as `nest start <name>` runs it.
  const nestCli = path.join(dir, 'nest-cli.json');
  const nestText = host.readFile(nestCli);
  for (const project of nestText === undefined ? [] : nestApplications(nestText))
    add(
      withExtensions(path.join(dir, project.sourceRoot, project.entryFile), host),
      nestCli,
      lineRangeOf(nestText!, new RegExp(`"${escapeRegExp(project.name)}"\\s*:`)),
      `nest-cli.json projects.${project.name}`,
    );

  const procfile = path.join(dir, 'Procfile');
  const procText = host.readFile(procfile);
  if (procText !== undefined) {
    // Every process type (`web:`, `worker:`, `clock:`) but the one-off of each release.
    for (const p of parseProcfile(procText).processes)
      if (!isOneOffProcessType(p.type))
        resolveTargets(commandTargets(p.command), procfile, p.typeRange, `Procfile ${p.type}`, 0, { type: p.type });
  }
  // pm2's ecosystem file: each app's script, stopped with SIGINT unless its kill_signal says otherwise.
  for (const app of pm2Apps(dir, host)) {
    const base = app.cwd ? path.resolve(dir, app.cwd) : dir;
    if (!isInside(dir, base)) continue;
    const command = /^(?:npm|yarn|pnpm)$/.test(app.script) ? `${app.script} ${app.args ?? ''}` : `node ${app.script}`;
    resolveTargets(
      commandTargets(command),
      app.file,
      app.range,
      `${path.basename(app.file)} apps.${app.name}`,
      0,
      { signal: app.killSignal, type: `pm2:${app.name}` },
      base,
    );
  }
  // A platform's start commands: render.yaml's startCommand, railway.json's, heroku.yml's run:, App Engine's entrypoint…
  for (const c of platformStartsIn(dir, (f) => host.readFile(f)))
    resolveTargets(commandTargets(c.script), c.file, c.range, c.where, 0, { type: c.processType });
  for (const entry of out) {
    const how = starts.get(entry.file) ?? [];
    const signals = [...new Set(how.map((h) => h.signal))].sort();
    if (signals.some((x) => x !== 'SIGTERM')) entry.stopSignals = signals;
    const types = [...new Set(how.map((h) => h.type))].sort();
    if (types.some((t) => t !== 'web')) entry.processTypes = types;
  }
  return out;
}

/**
 * The package's own shell script a command line is (`./start-docker.sh`, `sh /app/scripts/start.sh` under WORKDIR /app),
 * relative to the package; undefined when the line is more than the script.
 */
function scriptFileOf(line: string, workdir: string | undefined): string | undefined {
  const segments = shellSegments(line);
  const words = segments[0] ?? [];
  const file = words.length === 1 ? words[0] : words.length === 2 ? shellScriptFile(words) : undefined;
  if (segments.length > 1 || !file || !/\.sh$/.test(file)) return undefined;
  const relative = workdir && path.posix.isAbsolute(file) ? path.posix.relative(workdir, file) : file.replace(/^\.\//, '');
  return relative.startsWith('..') || path.posix.isAbsolute(relative) ? undefined : relative;
}

/**
 * The entry of an Nx application's project.json: its build target's `options.main` (webpack, esbuild, node executors;
 * a path from the workspace root), or undefined for a library, an app with no such target, or a file that is not JSON.
 */
export function nxApplicationEntry(file: string, text: string | undefined, root: string, host: EntryHost): EntryPoint | undefined {
  if (text === undefined || !text.includes('"application"')) return undefined;
  let project: unknown;
  try {
    project = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!project || typeof project !== 'object' || (project as { projectType?: unknown }).projectType !== 'application') return undefined;
  const targets = (project as { targets?: unknown }).targets;
  if (!targets || typeof targets !== 'object') return undefined;
  for (const name of ['build', 'build-base', 'serve']) {
    const target = (
      targets as Record<string, { executor?: unknown; options?: Record<string, unknown>; configurations?: unknown } | undefined>
    )[name];
    const options = target?.options ?? {};
    const main = options.main;
    if (typeof main !== 'string') continue;
    // A browser app (an HTML page, a web target, a frontend framework's executor) serves no requests of its own.
    const executor = typeof target?.executor === 'string' ? target.executor : '';
    if (options.index !== undefined || options.target === 'web' || /vite|angular|next|expo|react|remix|storybook/i.test(executor))
      return undefined;
    const source = withExtensions(path.resolve(root, main), host);
    if (!source) continue;
    const entry: EntryPoint = {
      file: source,
      declaredIn: file,
      range: lineRangeOf(text, /"main"\s*:/),
      source: `${NX_ENTRY_SOURCE} targets.${name}`,
    };
    const production = (target?.configurations as Record<string, Record<string, unknown> | undefined> | undefined)?.production;
    if (options.generatePackageJson === true || production?.generatePackageJson === true || nxDefaultGenerates(root, host, name, executor))
      entry.generatesManifest = true;
    return entry;
  }
  return undefined;
}

/** nx.json's `targetDefaults` for a target (by its name or its executor) set `generatePackageJson: true`. */
function nxDefaultGenerates(root: string, host: EntryHost, target: string, executor: string): boolean {
  const text = host.readFile(path.join(root, 'nx.json'));
  if (text === undefined) return false;
  try {
    const defaults = (JSON.parse(text) as { targetDefaults?: Record<string, { options?: Record<string, unknown> }> }).targetDefaults ?? {};
    return [target, executor].some((key) => key && defaults[key]?.options?.generatePackageJson === true);
  } catch {
    return false;
  }
}

/** A project of a Nest monorepo's nest-cli.json: an application or a library, its folder, its sources and entry file. */
export interface NestProject {
  name: string;
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile: string;
}

/** The projects of a Nest monorepo's nest-cli.json (`projects`), with their folders and entry files. */
export function nestProjects(text: string): NestProject[] {
  let cli: unknown;
  try {
    cli = JSON.parse(text);
  } catch {
    return [];
  }
  const projects = cli && typeof cli === 'object' ? (cli as { projects?: unknown }).projects : undefined;
  // A project without its own entryFile takes the root's, as the Nest CLI does.
  const rootEntry = cli && typeof cli === 'object' ? (cli as { entryFile?: unknown }).entryFile : undefined;
  if (!projects || typeof projects !== 'object' || Array.isArray(projects)) return [];
  const out: NestProject[] = [];
  for (const [name, value] of Object.entries(projects as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const p = value as Record<string, unknown>;
    if (p.type !== 'application' && p.type !== 'library') continue;
    const root = typeof p.root === 'string' ? p.root : undefined;
    const sourceRoot = typeof p.sourceRoot === 'string' ? p.sourceRoot : root !== undefined ? path.posix.join(root, 'src') : undefined;
    if (sourceRoot === undefined) continue;
    out.push({
      name,
      type: p.type,
      root: root ?? path.posix.dirname(sourceRoot),
      sourceRoot,
      entryFile: typeof p.entryFile === 'string' ? p.entryFile : typeof rootEntry === 'string' ? rootEntry : 'main',
    });
  }
  return out;
}

/** The applications of a Nest monorepo's nest-cli.json (`projects`, `type: "application"`). */
function nestApplications(text: string): NestProject[] {
  return nestProjects(text).filter((p) => p.type === 'application');
}

/** `nest start` runs `<sourceRoot>/<entryFile>.ts` from nest-cli.json (default src/main.ts). */
function nestEntry(dir: string, host: EntryHost, tsconfig: TsConfigInfo | undefined): string | undefined {
  let sourceRoot = 'src';
  let entryFile = 'main';
  const text = host.readFile(path.join(dir, 'nest-cli.json'));
  if (text) {
    try {
      const cli = JSON.parse(text) as Record<string, unknown>;
      if (typeof cli.sourceRoot === 'string') sourceRoot = cli.sourceRoot;
      if (typeof cli.entryFile === 'string') entryFile = cli.entryFile;
    } catch {
      /* defaults */
    }
  }
  void tsconfig;
  return withExtensions(path.join(dir, sourceRoot, entryFile), host);
}

/**
 * The final stage's command line: ENTRYPOINT + CMD (a shell-form ENTRYPOINT alone), with the WORKDIR in
 * force, read through the Dockerfile model the Dockerfile rules share (stages built FROM another stage
 * inherit its CMD; continuation comment lines are not part of the command).
 */
export function dockerCommand(
  text: string,
): { command: string; parts: string[]; workdir?: string; instruction: string; range: Range } | undefined {
  let effective;
  try {
    effective = dockerModel(parseDockerfile(text), text).effectiveCommand();
  } catch {
    return undefined;
  }
  const { entrypoint, cmd } = effective;
  const at = entrypoint ?? cmd;
  const parts = entrypoint?.form === 'shell' ? [entrypoint] : [entrypoint, cmd];
  // The ENTRYPOINT's and the CMD's lines apart (an entrypoint script runs the CMD), and as the one line they make.
  const lines = parts.map((p) => (p ? commandLine(p) : '')).filter((c) => c);
  const command = lines.join(' ');
  if (!at || !command) return undefined;
  const { start, end } = at.instruction;
  const starts = computeLineStarts(text);
  const range = { start: positionAt(starts, start), end: positionAt(starts, end) };
  const workdir = effective.workdir === '/' ? undefined : effective.workdir;
  return { command, parts: lines, workdir, instruction: at.instruction.keyword, range };
}

/** Exec form `["node", "dist/server.js"]` or shell form, as one command line (`sh -c "…"` unwrapped). */
function commandLine(form: CommandForm): string {
  if (form.form === 'shell') return (form.shell ?? '').trim();
  const words = form.argv ?? [];
  if (/^(?:\/bin\/)?(?:ba)?sh$/.test(words[0] ?? '') && words[1] === '-c' && words[2]) return words[2];
  return words.map((w: string) => (/[\s;&|]/.test(w) ? `"${w}"` : w)).join(' ');
}
