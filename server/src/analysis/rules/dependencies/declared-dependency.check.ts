/**
 * `dependencies/declared-dependency`, judged per program: every package a runtime file loads must be
 * declared by the nearest package.json in `dependencies` (or peer/optional), or by a package.json above
 * it (a workspace root installs for its members). Runtime files are those of a program: reachable from an
 * entry point (package.json main/bin/start, Dockerfile CMD, Procfile) or from a server. Test files, build
 * scripts and tool configs are not reached and stay clean; programs whose package bundles its build
 * (esbuild --bundle, webpack without externals, tsup, ncc, rollup) carry their packages inside.
 */
import * as path from 'node:path';
import type { Fix, RelatedLocation } from '../../finding';
import type { ProgramContext } from '../../rule';
import type { ProgramView } from '../../facts/types';
import type { Steps } from '../../steps';
import { APP_TSCONFIGS, MAIN_ENTRY_SOURCE, readTsConfig, type TsConfigInfo } from '../../facts/entryPoints';
import { BUILD_DIRS, isInside, relativePath } from '../../paths';
import { DEPENDENCY_FIELDS, declarationOf, type Manifest } from '../../knowledge/manifest';
import { packageNameOf } from '../../knowledge/packaging';
import { isToolingPath } from '../../knowledge/backingServices';
import { declaredIn as declaredByManifest, hasDeployFile as hasDeployFileIn, walkScripts } from '../../knowledge/starts';
import type { DependencyFacts, ImportSite } from './declared-dependency.collect';
import { dependencyFix } from './declared-dependency.fix';
import { judgeSystemTools } from './declared-dependency.tools';
import { createState, type CheckState } from './declared-dependency.state';

import { RULE_ID } from './declared-dependency.state';
import { escapeRegExp } from '../../text';
import { identifierWords } from '../../secrets/names';

/** Packages the host provides to the code it runs (VS Code's API, Electron, k6): never installed from npm. */
const HOST_PROVIDED = new Set(['vscode', 'electron', 'k6', 'bun']);

/** Files of a program judged between two pauses (a program of the bench corpus took 13–17 ms in one piece). */
const FILES_PER_STEP = 32;

/** In steps: a pause after each program judged, and every FILES_PER_STEP files of a big one. */
export function* check(context: ProgramContext): Steps<void> {
  const state = createState(context);
  const reported = new Set<string>();
  for (const program of context.programs) {
    if (program.isTestFile(program.entry.file)) continue;
    // A program found by imports counts when it starts a server of a framework we know (not any `.listen()`).
    if (
      program.inferred &&
      !program.files.some((f) => !program.isTestFile(f) && program.facts(f).servers.some((s) => s.framework !== 'unknown'))
    )
      continue;
    const entryPackage = context.packageOf(program.entry.file);
    const bundled = isBundled(state, entryPackage, program.entry.file);
    // What the bundle leaves external is still loaded at run time, from node_modules.
    const external = bundled ? state.externals.get(`${entryPackage}\u0000${program.entry.file}`) : undefined;
    // An Nx application whose build writes its own package.json from the workspace's manifest and lock file
    // (generatePackageJson): the image installs that one, devDependencies included, so only a package declared nowhere
    // counts. Without it the image installs the root's, as any package's.
    const nxApplication = program.entry.generatesManifest === true;
    const localTool = nxApplication || isLocalTool(state, program) || isDevelopmentStart(state, program);
    let judged = 0;
    const { order, devOnly } = runtimeFiles(state, program);
    for (const file of order) {
      if (++judged % FILES_PER_STEP === 0) yield;
      if (program.isTestFile(file)) continue;
      const facts = program.ruleFacts<DependencyFacts>(file, RULE_ID);
      if (!facts) continue;
      // A file loaded only in development branches (a dev server's setup): its devDependencies are installed there.
      if (!bundled && !bundledByItsPackage(state, entryPackage, file))
        for (const site of facts.imports) judgeImport(state, program, file, site, reported, localTool || devOnly.has(file));
      else if (external)
        for (const site of facts.imports)
          if (external.has(packageNameOf(site.specifier) ?? ''))
            judgeImport(state, program, file, site, reported, localTool || devOnly.has(file));
      if (facts.spawns?.length) judgeSystemTools(state, program, file, facts.spawns, reported);
    }
    yield;
  }
}

/**
 * The files the entry loads at run time: reached through imports that survive compilation (type-only
 * imports are erased, so a server that imports a type from the frontend does not run the frontend).
 * `devOnly`: those reached only through imports in development branches.
 */
function runtimeFiles(state: CheckState, program: ProgramView): { order: string[]; devOnly: Set<string> } {
  const cached = state.runtime.get(program.entry.file);
  if (cached) return cached;
  const { context } = state;
  const reach = (throughDev: boolean): string[] => {
    const seen = new Set<string>([program.entry.file]);
    const order = [program.entry.file];
    for (let i = 0; i < order.length && order.length < 20000; i++) {
      const file = order[i];
      const facts = program.ruleFacts<DependencyFacts>(file, RULE_ID);
      const dev = throughDev ? undefined : new Set(facts?.localDev ?? []);
      // A file the collector passed over (only relative imports, no types, no spawn): its scanned imports.
      const specifiers = facts
        ? [
            ...(facts.local ?? []).filter((l) => !dev?.has(l)),
            ...facts.imports.filter((s) => !s.typeOnly).map((s) => s.specifier),
            // Folder loaders (`./routes/*`): the program's facts read them (facts/loadPaths.ts).
            ...program.facts(file).imports.filter((s) => s.includes('*')),
          ]
        : program.facts(file).imports;
      for (const specifier of specifiers) {
        for (const target of context.resolveImports(file, specifier)) {
          if (seen.has(target)) continue;
          seen.add(target);
          // `import('./dist/index.js')` of a package whose build bundles src/index.ts (hoppscotch's CLI): what loads is the
          // bundle, its packages resolved when it was built.
          const targetPackage = context.packageOf(target);
          if (throughBuildOutput(specifier, path.relative(targetPackage, target)) && isBundled(state, targetPackage, target)) continue;
          order.push(target);
        }
      }
    }
    return order;
  };
  const order = reach(true);
  const outsideDev = new Set(order.length > 1 ? reach(false) : order);
  const result = { order, devOnly: new Set(order.filter((f) => !outsideDev.has(f))) };
  state.runtime.set(program.entry.file, result);
  return result;
}

/**
 * A relative specifier into a build folder (`./dist/index.js`, `../dist`) that resolved to a source file outside it
 * (`target` relative to its package).
 */
function throughBuildOutput(specifier: string, target: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const built = specifier.split('/').filter((part) => BUILD_DIRS.includes(part));
  return built.length > 0 && !built.some((part) => target.split(path.sep).includes(part));
}

function hasDeployFile(state: CheckState, dir: string): boolean {
  return hasDeployFileIn(dir, (f) => state.context.readFile(f));
}

/**
 * A program that runs only in the repository's checkout, where devDependencies are installed: started
 * by a script of a private workspace root (never published, and not one of the members a deploy
 * installs) and starting no server: a monorepo's setup or task menu (`"start": "node scripts/menu.js"`); or
 * a package of examples, scripts or tools started by its own scripts, with no server and no deploy file;
 * or a private package's `main` with no start script, no server and no deploy file (a library of the
 * workspace). A server, or a program a Dockerfile or Procfile starts, is deployed.
 */
function isLocalTool(state: CheckState, program: ProgramView): boolean {
  const declaredIn = program.entry.declaredIn;
  if (path.basename(declaredIn) !== 'package.json') return false;
  if (
    isToolingPath(relativePath(state.context.root, program.entry.file)) &&
    !program.files.some((f) => program.facts(f).servers.length > 0) &&
    !hasDeployFile(state, path.dirname(declaredIn))
  )
    return true;
  const chain = state.manifests.chain(path.dirname(declaredIn));
  const manifest = chain[0];
  if (manifest?.file !== declaredIn || (!manifest.private && !isUiLibrary(manifest, program))) return false;
  const startsServer = program.files.some((f) => program.facts(f).servers.length > 0);
  // A member of a workspace (a root above it lists workspaces): a single private package with a main is an app
  // (a bot run by pm2, a worker a platform starts).
  const member = chain.slice(1).some((m) => m.workspaces.length > 0);
  // A private library, or a published one of components (a workspace's UI kit, a docs theme): its `main` is what a bundler or another package
  // of the workspace loads, built where devDependencies are installed. A deployed program that loads it is
  // judged on its own, files of the library included.
  if (
    member &&
    program.entry.source === MAIN_ENTRY_SOURCE &&
    !startsServer &&
    // No start, or one that only builds (`"start": "npm run build:watch"`, `tsc -w`): not a release's start.
    (manifest.scripts.start === undefined || !walkScripts(manifest, ['start'], declaredByManifest(manifest)).startsApp) &&
    !hasDeployFile(state, path.dirname(declaredIn))
  )
    return true;
  return manifest.workspaces.length > 0 && !startsServer;
}

/** Packages of browser UI: a library that declares one (or whose files are JSX) is built into a bundle, not run by node. */
const UI_FRAMEWORKS = ['react', 'react-dom', 'vue', 'svelte', '@angular/core', 'preact', 'solid-js', 'lit'];

/** Imports that render on the server (emails, PDFs, terminal UIs): JSX there runs in node. */
const SERVER_RENDERING = /^(?:@react-email\/|react-dom\/server|jsx-email|@react-pdf\/renderer|ink$|preact-render-to-string)/;

/**
 * A library of components: it leaves its UI framework to the app (a peer or development dependency), or its program is
 * JSX; and nothing in it renders on the server (a package of email templates with `@react-email/render` runs in node).
 */
function isUiLibrary(manifest: Manifest, program: ProgramView): boolean {
  const leftToTheApp = UI_FRAMEWORKS.some((name) => {
    const declared = declarationOf(manifest, name);
    return declared !== undefined && (declared.field === 'peerDependencies' || declared.field === 'devDependencies');
  });
  if (!leftToTheApp && !program.files.some((f) => /\.[jt]sx$/.test(f))) return false;
  return !program.files.some((f) => program.facts(f).imports.some((i) => SERVER_RENDERING.test(i)));
}

/**
 * A program its package starts only for development: the script that starts it (`start` for a program found by
 * its imports or its `main`) sets NODE_ENV to development or test (`"start": "cross-env NODE_ENV=development
 * concurrently …"`), and no deploy file of the package says otherwise. It runs where devDependencies are
 * installed, so a package declared there is not missing.
 */
function isDevelopmentStart(state: CheckState, program: ProgramView): boolean {
  const { source } = program.entry;
  const script = /^package\.json scripts\.(.+)$/.exec(source)?.[1] ?? 'start';
  const manifest = state.manifests.chain(path.dirname(program.entry.file))[0];
  if (!manifest) return false;
  const command = manifest.scripts[script];
  if (typeof command !== 'string' || !/(?:^|[\s;&|])NODE_ENV=["']?(?:development|dev|test)["']?(?=[\s;&|]|$)/.test(command)) return false;
  // Another start for production (`start:prod`, `serve`, `deploy`), or a deploy file of the package or the repository
  // (also in a docker/, deploy/ or k8s/ folder): production runs the program some other way.
  if (Object.keys(manifest.scripts).some(isProductionStart)) return false;
  const dirs = new Set([path.dirname(manifest.file), path.resolve(state.context.root)]);
  return ![...dirs].some(
    (dir) => hasDeployFile(state, dir) || DEPLOY_FOLDER_FILES.some((f) => state.context.readFile(path.join(dir, f)) !== undefined),
  );
}

/** Words of a production start's or a deploy's script name (`start:prod`, `startProd`, `serve`; not `start:react:proxy-server`). */
const PRODUCTION_START_WORDS = new Set(['prod', 'production', 'serve', 'deploy', 'release', 'heroku', 'docker', 'k8s']);
const isProductionStart = (script: string) => identifierWords(script).some((w) => PRODUCTION_START_WORDS.has(w));
/** Deploy files kept in a folder of their own. */
const DEPLOY_FOLDER_FILES = [
  'docker/Dockerfile',
  '.docker/Dockerfile',
  'deploy/Dockerfile',
  'build/Dockerfile',
  'k8s/deployment.yaml',
  'k8s/deployment.yml',
  'kubernetes/deployment.yaml',
  'helm/Chart.yaml',
  'charts/Chart.yaml',
  'fly.toml',
  'render.yaml',
  'app.json',
  'app.yaml',
];

function judgeImport(
  state: CheckState,
  program: ProgramView,
  file: string,
  site: ImportSite,
  reported: Set<string>,
  localTool: boolean,
): void {
  // An optional dependency: its absence is caught where it is loaded.
  if (site.typeOnly || site.optional) return;
  const name = packageNameOf(site.specifier);
  if (!name || HOST_PROVIDED.has(name) || name.startsWith('@types/')) return;
  const key = `${file}:${site.range.start.line}:${site.range.start.column}`;
  if (reported.has(key)) return;
  const { context, manifests } = state;
  // Manifests that declare dependencies at all: a package.json with no dependency field is a stub (a
  // script folder, a test fixture) whose packages are managed elsewhere; it is passed over.
  const chain = manifests.chain(path.dirname(file)).filter((m) => DEPENDENCY_FIELDS.some((field) => Object.keys(m[field]).length > 0));
  const nearest = chain[0];
  if (!nearest) return;
  // Self-reference (`my-pkg/sub` inside my-pkg), and path aliases (tsconfig paths, baseUrl, workspace packages by name).
  if (chain.some((m) => m.name === name)) return;
  if (isAlias(state, file, nearest, site.specifier)) return;
  if (context.resolveImport(file, site.specifier)) return;
  // A subpath of a workspace package whose file is not there yet (`@mirlo/prisma/client`, generated): the package is the workspace's.
  if (name !== site.specifier && context.resolveImport(file, name)) return;
  // Declared by the nearest package.json, or by one above it (a workspace root installs for its members).
  let devOnly: Manifest | undefined;
  for (const m of chain) {
    const declaration = declarationOf(m, name);
    if (!declaration) continue;
    if (declaration.field !== 'devDependencies') return;
    devOnly ??= m;
  }
  // A devDependency is installed wherever a local tool runs, and where a development branch loads it.
  if (devOnly && (localTool || site.devBranch)) return;
  reported.add(key);
  const entry = relativePath(context.root, program.entry.file);
  const manifestName = relativePath(context.root, (devOnly ?? nearest).file) || 'package.json';
  const related: RelatedLocation[] = [
    {
      file: program.entry.file,
      range:
        program.entry.file === program.entry.declaredIn
          ? program.entry.range
          : { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
      message: program.inferred
        ? 'This file is part of a program that starts a server (found by imports): it runs in production.'
        : `This file runs in production: it is reached from ${entry} (${program.entry.source}).`,
    },
  ];
  const fix: Fix | undefined = dependencyFix(state, nearest, name, devOnly === nearest ? 'devDependencies' : undefined, path.dirname(file));
  context.report({
    file,
    messageId: devOnly ? 'devOnly' : 'undeclared',
    data: { name, manifest: manifestName, entry: `${entry} (${program.entry.source})` },
    range: site.range,
    related,
    fixes: fix ? [fix] : [],
  });
}

/**
 * Is the specifier a path alias: `paths` or a `baseUrl` folder of the nearest tsconfig/jsconfig (its
 * `extends` followed, so Nx's tsconfig.base.json counts), or a `.babelrc` module-resolver alias?
 */
function isAlias(state: CheckState, file: string, manifest: Manifest, specifier: string): boolean {
  for (const tsconfig of configsOf(state, path.dirname(file))) {
    for (const pattern of Object.keys(tsconfig.paths ?? {})) {
      const star = pattern.indexOf('*');
      if (star < 0 ? pattern === specifier : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)))
        return true;
    }
    if (tsconfig.baseUrl && hasSourceUnder(state, tsconfig.baseUrl, specifier)) return true;
    // `src/generated/prisma/client` from a file under <baseUrl>/src: a baseUrl path whose target is
    // generated by the build (gitignored), not a package named `src`.
    const first = specifier.split('/')[0];
    if (tsconfig.baseUrl && !first.startsWith('@') && isInside(path.join(tsconfig.baseUrl, first), file)) return true;
    // `import { Abi__factory } from 'generated'` with baseUrl src: a folder the package's scripts write (`typechain --out-dir
    // ./src/generated`, run on postinstall), absent until they run.
    if (tsconfig.baseUrl && !first.startsWith('@') && generatedByScripts(manifest, path.join(tsconfig.baseUrl, first))) return true;
  }
  const babelrc =
    state.context.readFile(path.join(manifest.dir, '.babelrc')) ?? state.context.readFile(path.join(manifest.dir, '.babelrc.json'));
  if (babelrc && /module-resolver/.test(babelrc)) {
    const first = specifier.split('/')[0];
    if (new RegExp(`["']${escapeRegExp(first)}["']\\s*:`).test(babelrc)) return true;
  }
  return false;
}

/** The nearest tsconfig.json and jsconfig.json above a folder, and the root's tsconfig.base.json (once per folder and judgement). */
function configsOf(state: CheckState, dir: string): TsConfigInfo[] {
  let configs = state.configsByDir.get(dir);
  if (!configs) state.configsByDir.set(dir, (configs = findConfigs(state, dir)));
  return configs;
}

function findConfigs(state: CheckState, dir: string): TsConfigInfo[] {
  const out: TsConfigInfo[] = [];
  const { root } = state.context;
  const load = (key: string, read: () => TsConfigInfo | undefined) => {
    if (!state.tsconfigs.has(key)) state.tsconfigs.set(key, read());
    const info = state.tsconfigs.get(key);
    if (info) out.push(info);
    return info;
  };
  const readFile = (f: string) => state.context.readFile(f);
  // Each name's nearest: an app's own tsconfig.app.json (a Nest or Nx app folder) beside the workspace's tsconfig.json.
  for (const name of ['tsconfig.json', ...APP_TSCONFIGS, 'jsconfig.json']) {
    for (let d = dir; isInside(root, d); d = path.dirname(d)) {
      const file = path.join(d, name);
      if (readFile(file) !== undefined) {
        load(file, () => readTsConfig(d, readFile, file));
        break;
      }
      if (d === root || path.dirname(d) === d) break;
    }
  }
  const base = path.join(root, 'tsconfig.base.json');
  if (readFile(base) !== undefined) load(base, () => readTsConfig(root, readFile, base));
  return out;
}

/** A folder a script of the package writes (`--out-dir ./src/generated`, `-o src/generated`): generated code, not a package. */
function generatedByScripts(manifest: Manifest, folder: string): boolean {
  const relative = relativePath(manifest.dir, folder);
  if (!relative || relative.startsWith('..')) return false;
  // As a path (`./src/generated`, `src/generated`, `./generated`), or after an output option (`--out-dir generated`, `-o
  // generated`): not a command the script runs (`knex migrate:latest` beside baseUrl `./`).
  const name = escapeRegExp(relative);
  const asPath = relative.includes('/') ? `(?:\\./)?${name}` : `\\./${name}`;
  const mention = new RegExp(
    `(?:^|[\\s='"])${asPath}/?(?:$|[\\s'"])|(?:--out(?:put)?(?:-?dir)?|--outdir|-o)[\\s=]+['"]?(?:\\./)?${name}/?(?:$|[\\s'"])`,
  );
  return Object.values(manifest.scripts ?? {}).some((command) => typeof command === 'string' && mention.test(command));
}

/**
 * The packages a webpack config leaves external when it names them all literally: `externals: { 'isolated-vm': '…', sharp:
 * 'commonjs sharp' }` or `externals: ['pg-native']`. Undefined when there is none, or any entry is not a literal name (a
 * function, a regex, a spread, nodeExternals()).
 */
function namedExternals(config: string): ReadonlySet<string> | undefined {
  const m = /externals\s*:\s*(\{[^{}]*\}|\[[^[\]]*\])/.exec(config);
  if (!m) return undefined;
  const body = m[1].slice(1, -1).trim();
  const names = new Set<string>();
  if (m[1].startsWith('[')) {
    for (const part of body
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const literal = /^(['"`])([@\w./-]+)\1$/.exec(part);
      if (!literal) return undefined;
      names.add(literal[2]);
    }
  } else {
    const entry = /\s*(?:(['"`])([@\w./-]+)\1|([A-Za-z_$][\w$]*))\s*:\s*(?:'[^']*'|"[^"]*"|`[^`$]*`|true|false)\s*(?:,|$)/y;
    let at = 0;
    while (at < body.length) {
      entry.lastIndex = at;
      const e = entry.exec(body);
      if (!e) return undefined;
      names.add(e[2] ?? e[3]);
      at = entry.lastIndex;
    }
  }
  return names.size ? names : undefined;
}

/** Does `baseUrl/<specifier>` name a source file or folder of the workspace (an absolute-style import)? */
function hasSourceUnder(state: CheckState, baseUrl: string, specifier: string): boolean {
  const target = path.join(baseUrl, specifier);
  if (target.split(path.sep).includes('node_modules')) return false;
  for (const candidate of [
    target,
    `${target}.ts`,
    `${target}.js`,
    `${target}.tsx`,
    path.join(target, 'index.ts'),
    path.join(target, 'index.js'),
  ]) {
    if (state.context.readFile(candidate) !== undefined) return true;
  }
  return false;
}

/**
 * A file of another workspace package that the program loads through that package (`@acme/zui` → its
 * `main`, a bundle): when that package's own build bundles its `src/index`, what the file imports is in the
 * bundle, and the package's devDependencies are bundled in (botpress's zui, built by tsdown).
 */
function bundledByItsPackage(state: CheckState, entryPackage: string, file: string): boolean {
  const dir = state.context.packageOf(file);
  if (dir === entryPackage) return false;
  // What importers load is the build's output, not the sources (`main: dist/index.js`).
  const main = state.manifests.nearest(dir)?.main;
  if (!main || /^(?:\.\/)?src\//.test(main) || /\.tsx?$/.test(main)) return false;
  return isBundled(state, dir, path.join(dir, 'src', 'index.ts'));
}

/**
 * True when the package's build bundles this program (so its packages are resolved at build time, not
 * at run time): a build script runs esbuild with --bundle, tsup, tsdown, pkgroll, unbuild, microbundle, ncc, rollup, rolldown, bun build, webpack whose
 * config keeps node_modules in (no externals), or a node script calling esbuild with `bundle: true` —
 * and the command or its config names the program's entry file (a frontend bundle is not the server's).
 */
function isBundled(state: CheckState, dir: string, entry: string): boolean {
  const key = `${dir}\u0000${entry}`;
  const cached = state.bundled.get(key);
  if (cached !== undefined) return cached;
  const manifest = state.manifests.nearest(dir);
  const read = (f: string) => state.context.readFile(f);
  const relEntry = relativePath(manifest?.dir ?? dir, entry).replace(/\.[cm]?[jt]sx?$/, '');
  const top = relEntry.includes('/') ? relEntry.split('/')[0] : undefined;
  // The entry file itself, or (for tsup/esbuild globs) the folder it is in: `entry: ['src']`, `src/**/*.ts`.
  const namesEntry = (text: string) =>
    new RegExp(`(?:^|[\\s'"\`/=])(?:\\./)?${escapeRegExp(relEntry)}(?:\\.[cm]?[jt]sx?)?(?:$|[\\s'"\`,\\]])`, 'm').test(text) ||
    (top !== undefined && new RegExp(`['"\`](?:\\./)?${escapeRegExp(top)}(?:/\\*\\*?(?:/\\*[\\w.*{},]*)?)?/?['"\`]`).test(text));
  const configText = (names: string[]) =>
    names
      .map((f) => read(path.join(manifest!.dir, f)))
      .filter((t): t is string => t !== undefined)
      .join('\n');
  let bundled = false;
  const scripts = Object.entries(manifest?.scripts ?? {}).filter(([name]) => /^(?:build|bundle|compile|dist)(?:$|[:-])/.test(name));
  for (const [, command] of scripts) {
    if (bundled) break;
    if (/\besbuild\b[^&|;]*--bundle\b/.test(command) && !/--packages[= ]external/.test(command)) bundled = namesEntry(command);
    // pkgroll, unbuild and microbundle build the package's entry (src/index) and inline what only devDependencies list.
    else if (/\b(?:pkgroll|unbuild|microbundle)\b/.test(command)) bundled = relEntry === 'src/index' || namesEntry(command);
    else if (/\b(?:tsup|tsdown|ncc build|rollup|rolldown|bun build)\b/.test(command)) {
      // tsdown (tsup's successor, on rolldown) bundles as tsup does: what `dependencies` lists stays external.
      const config = configText([
        'tsup.config.ts',
        'tsup.config.js',
        'tsup.config.mjs',
        'tsdown.config.ts',
        'tsdown.config.js',
        'tsdown.config.mjs',
        'rollup.config.js',
        'rollup.config.mjs',
        'rollup.config.ts',
        'rolldown.config.js',
        'rolldown.config.mjs',
        'rolldown.config.ts',
      ]);
      bundled = namesEntry(command) || namesEntry(config) || (/\b(?:tsup|tsdown)\b/.test(command) && relEntry === 'src/index' && !config);
      // What the config leaves external stays a run-time load: `skipNodeModulesBundle`, an `external` list, or
      // rollup without its node-resolve plugin (bare imports are then external).
      if (/skipNodeModulesBundle\s*:\s*true|\bexternal\s*:/.test(config) || /--external\b|\s-e\s/.test(command)) bundled = false;
      if (/\brollup\b/.test(command) && !/node-resolve|nodeResolve/.test(config)) bundled = false;
    } else if (/\bwebpack\b/.test(command) && !/\bserve\b/.test(command)) {
      const config = configText(['webpack.config.js', 'webpack.config.ts', 'webpack.config.cjs', 'webpack.config.mjs']);
      // `externals: { 'isolated-vm': "require('isolated-vm')" }`: every other package is bundled in.
      const named = /nodeExternals|webpack-node-externals/.test(config) ? undefined : namedExternals(config);
      bundled =
        !!config && (!/nodeExternals|webpack-node-externals|externals\s*:/.test(config) || named !== undefined) && namesEntry(config);
      if (bundled && named) state.externals.set(key, named);
    } else {
      const file = /\bnode\s+([\w./-]+\.[cm]?[jt]s)\b/.exec(command)?.[1];
      const text = file ? read(path.join(manifest!.dir, file)) : undefined;
      if (text && /esbuild/.test(text) && /bundle\s*:\s*true/.test(text) && !/packages\s*:\s*['"]external['"]/.test(text))
        bundled = namesEntry(text);
    }
  }
  state.bundled.set(key, bundled);
  return bundled;
}
