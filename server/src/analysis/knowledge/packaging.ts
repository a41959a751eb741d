/**
 * What the packaging rules know about the Node toolchain (factors II and V): which specifiers name a
 * package (not a builtin, a URL or an alias), which commands install, build, fetch code or run a
 * development server, and which system tools a program spawns and which packages provide them. Data and
 * small pure functions; the rules decide.
 */
import { builtinModules } from 'node:module';
import * as path from 'node:path';

// ── specifiers ───────────────────────────────────────────────────────────────────────────────────

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.replace(/^node:/, '')]));

/** `fs`, `fs/promises`, `node:test`, `bun:sqlite`: provided by the runtime, never installed. */
function isBuiltinSpecifier(specifier: string): boolean {
  if (/^(?:node|bun|deno):/.test(specifier)) return true;
  return BUILTINS.has(specifier);
}

/** npm's rules for a package name (old packages may have capitals). */
const NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

/**
 * The package a bare specifier loads: `lodash/get` → `lodash`, `@scope/pkg/sub` → `@scope/pkg`.
 * Undefined for relative and absolute paths, builtins, URLs, `#imports`, loader syntax (`raw-loader!x`,
 * `virtual:x`, `x?raw`) and alias-looking specifiers that no package can have (`~/x`, `@/x`).
 */
export function packageNameOf(specifier: string): string | undefined {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !specifier.startsWith('@')) return undefined; // node:, http:, virtual:, bun:
  if (/[!?*\\\s]/.test(specifier)) return undefined;
  if (isBuiltinSpecifier(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (!NAME.test(name) || (specifier.startsWith('@') && parts.length < 2)) return undefined;
  if (isBuiltinSpecifier(name)) return undefined;
  return name;
}

// ── commands ─────────────────────────────────────────────────────────────────────────────────────

/** What a command does to the release when it runs at start. */
export type StartStepKind = 'install' | 'build' | 'compile' | 'watch' | 'fetch';

export interface StartStep {
  kind: StartStepKind;
  /** The command as the user would say it: `npm install`, `tsc`, `ts-node`, `git pull`. */
  label: string;
}

/** A package script another command runs (`npm run build`, `yarn start`, `run-s a b`). */
interface ScriptRun {
  scripts: string[];
  manager: string;
  /** The scripts belong to another package: `--filter <name>`, `-w <name|dir>`, `--prefix <dir>`, `yarn workspace <name>`. */
  target?: { name?: string; dir?: string };
}

/** Words before the program that only set up its environment: `cross-env A=1 x`, `env x`, `dotenv -e .env -- x`, `time x`. */
export function programWords(words: readonly string[]): string[] {
  let i = 0;
  for (;;) {
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) i++;
    const w = path.posix.basename(words[i] ?? '');
    if (w === 'env' || w === 'cross-env' || w === 'cross-env-shell' || w === 'time' || w === 'nice' || w === 'exec' || w === 'command') {
      i++;
      while (i < words.length && words[i].startsWith('-')) i++;
      continue;
    }
    if (w === 'dotenv' || w === 'dotenv-cli' || w === 'env-cmd') {
      const dashes = words.indexOf('--', i);
      if (dashes < 0) {
        i++;
        while (i < words.length && (words[i].startsWith('-') || /\.env/.test(words[i]))) i++;
      } else i = dashes + 1;
      continue;
    }
    break;
  }
  return words.slice(i);
}

/**
 * The program a command runs (programWords' first word), or `env` for an `env` that runs nothing after its assignments
 * (it prints the environment: `env | sed …`).
 */
export function programRun(words: readonly string[]): string | undefined {
  return programWords(words)[0] ?? (words.some((w) => path.posix.basename(w) === 'env') ? 'env' : undefined);
}

const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun', 'corepack']);

/** Package-manager subcommands that are not script names (`yarn install`, `pnpm exec`; `yarn lint` runs a script). */
export const MANAGER_COMMANDS: ReadonlySet<string> = new Set([
  'install',
  'i',
  'ci',
  'add',
  'remove',
  'rm',
  'uninstall',
  'update',
  'up',
  'upgrade',
  'rebuild',
  'exec',
  'dlx',
  'x',
  'node',
  'test',
  't',
  'help',
  'init',
  'link',
  'why',
  'list',
  'ls',
  'config',
  'cache',
  'version',
  'publish',
  'pack',
  'outdated',
  'audit',
  'info',
  'workspace',
  'workspaces',
  'set',
  'dedupe',
  'prune',
  'import',
  'create',
  'login',
  'whoami',
]);

/** Runners that compile TypeScript (or modern JavaScript) in memory as the program loads. */
const COMPILING_RUNNERS = new Set([
  'ts-node',
  'ts-node-esm',
  'ts-node-transpile-only',
  'tsx',
  'babel-node',
  'esno',
  'esr',
  'swc-node',
  'sucrase-node',
  'vite-node',
  'jiti',
]);

/** Development restarters and watchers (several also compile: ts-node-dev, tsnd). */
const WATCHERS = new Set([
  'nodemon',
  'ts-node-dev',
  'tsnd',
  'node-dev',
  'tsc-watch',
  'supervisor',
  'node-supervisor',
  'onchange',
  'chokidar',
  'watchexec',
  'nodemon-webpack-plugin',
]);

/** Modules that `node -r`/`--require`/`--import`/`--loader` uses to compile sources as they load. */
const RUNTIME_COMPILERS = [
  'ts-node/register',
  'ts-node/register/transpile-only',
  'ts-node/esm',
  'ts-node/esm/transpile-only',
  'ts-node',
  'tsx',
  'tsx/cjs',
  'tsx/esm',
  '@babel/register',
  'babel-register',
  'babel-core/register',
  'esbuild-register',
  'esbuild-register/dist/node',
  '@swc/register',
  '@swc-node/register',
  '@swc-node/register/esm',
  'sucrase/register',
  '@esbuild-kit/cjs-loader',
  '@esbuild-kit/esm-loader',
  'coffeescript/register',
  'coffee-script/register',
  'jiti/register',
];

export function isRuntimeCompiler(module: string): boolean {
  return RUNTIME_COMPILERS.includes(module) || /^ts-node\/register\b/.test(module);
}

/** Frameworks' development servers (`<cli> <subcommand>`), and CLIs that are one. */
const DEV_SERVER_SUBCOMMANDS: Record<string, string[]> = {
  next: ['dev'],
  nuxt: ['dev'],
  nuxi: ['dev'],
  vite: ['', 'dev', 'serve'],
  webpack: ['serve'],
  'webpack-cli': ['serve'],
  'react-scripts': ['start'],
  craco: ['start'],
  ng: ['serve'],
  gatsby: ['develop'],
  remix: ['dev', 'vite:dev'],
  'react-router': ['dev'],
  astro: ['dev'],
  // Strapi's `develop` watches and rebuilds the admin panel; `strapi start` is its production start.
  strapi: ['develop', 'dev'],
  'vue-cli-service': ['serve'],
  parcel: ['', 'serve', 'watch'],
  sls: ['offline'],
  serverless: ['offline'],
  'functions-framework': [],
  wrangler: ['dev'],
  vercel: ['dev'],
  netlify: ['dev'],
  nest: ['start'],
};
const DEV_SERVERS = new Set(['webpack-dev-server', 'live-server', 'browser-sync', 'http-server-dev', 'lite-server']);

/** Build tools: compilers, bundlers, code and asset generators. */
const BUILD_TOOLS = new Set([
  'tsc',
  'esbuild',
  'rollup',
  'tsup',
  'tsdown',
  'rolldown',
  'swc',
  'babel',
  'webpack',
  'webpack-cli',
  'gulp',
  'grunt',
  'sass',
  'node-sass',
  'lessc',
  'stylus',
  'postcss',
  'tailwindcss',
  'ncc',
  'pkg',
  'unbuild',
  'microbundle',
  'tsc-alias',
  'copyfiles',
  'cpx',
  'apidoc',
  'typedoc',
  'jsdoc',
  'node-gyp',
  'prebuild',
  'ttsc',
  'vue-tsc',
  'ng',
  'nest',
  'next',
  'nuxt',
  'nuxi',
  'vite',
  'parcel',
  'turbo',
  'nx',
  'lerna',
  'rimraf',
]);

/** Subcommands that make a multi-purpose CLI a build. */
const BUILD_SUBCOMMANDS: Record<string, string[]> = {
  vite: ['build'],
  next: ['build', 'export'],
  nuxt: ['build', 'generate'],
  nuxi: ['build', 'generate'],
  ng: ['build'],
  nest: ['build'],
  parcel: ['build'],
  ncc: ['build'],
  prisma: ['generate'],
  remix: ['build', 'vite:build'],
  'react-router': ['build'],
  astro: ['build'],
  strapi: ['build'],
  'graphql-codegen': [],
  'node-gyp': ['rebuild', 'build', 'configure'],
};

const SCRIPT_NAME_BUILD =
  /^(?:build|compile|bundle|transpile|tsc|webpack|dist|prepare|generate|codegen|gen|assets|css|scss|sass|styles?|docs?|apidoc)(?:[:-].*)?$/;
const SCRIPT_NAME_INSTALL = /^(?:install|bootstrap|deps)(?:[:-].*)?$/;

/**
 * What one simple command (its words, quotes removed) does, when it is a step that belongs to the build
 * rather than to the release's start: `npm install`, `tsc`, `ts-node x`, `git pull`… Package scripts it
 * runs are returned separately, to be followed. `declared(name)` says whether the package declares a
 * package, for `npx <pkg>` (a download at start when it is not declared).
 */
export function classifyCommand(
  allWords: readonly string[],
  declared: (name: string) => boolean = () => true,
): { step?: StartStep; scripts?: ScriptRun } {
  const words = programWords(allWords);
  if (words.length === 0) return {};
  const program = path.posix.basename(words[0]).replace(/\.(?:cmd|js)$/, '');
  const args = words.slice(1);
  const positional = args.filter((a) => !a.startsWith('-'));
  const sub = positional[0] ?? '';

  if (PACKAGE_MANAGERS.has(program)) {
    let manager = program;
    let rest = args;
    if (program === 'corepack') {
      manager = path.posix.basename(rest[0] ?? '');
      rest = rest.slice(1);
      if (!PACKAGE_MANAGERS.has(manager)) return {};
    }
    const target = targetOf(rest);
    let pos = withoutOptions(rest);
    if (manager === 'yarn' && pos[0] === 'workspace' && pos[1]) {
      target.name = pos[1];
      pos = pos.slice(2);
    }
    const first = pos[0] ?? '';
    const run = (scripts: string[]) => ({ scripts: { scripts, manager, ...(target.name || target.dir ? { target } : {}) } });
    if (manager === 'yarn' && pos.length === 0) return { step: { kind: 'install', label: 'yarn' } };
    if (['install', 'i', 'ci', 'add', 'update', 'up', 'upgrade', 'clean-install', 'install-clean', 'isntall'].includes(first)) {
      if (manager === 'npm' && (rest.includes('-g') || rest.includes('--global')) && first !== 'ci')
        return { step: { kind: 'install', label: `npm ${first} -g ${pos.slice(1).join(' ')}`.trim() } };
      return { step: { kind: 'install', label: `${manager} ${first}` } };
    }
    if (first === 'rebuild') return { step: { kind: 'build', label: `${manager} rebuild` } };
    if (first === 'exec' || first === 'dlx' || first === 'x') return classifyCommand(pos.slice(1).concat(), declared);
    if (first === 'start') return run(['start']);
    if ((first === 'run' || first === 'run-script') && pos[1]) return run([pos[1]]);
    if (first === 'test' || first === 't') return {};
    if (manager !== 'npm' && first && !MANAGER_COMMANDS.has(first) && !/[./]/.test(first)) {
      // `yarn ts-node src/index.ts`: without a script of that name, yarn (pnpm, bun) runs the package's bin.
      const bin = classifyCommand(pos, declared);
      return bin.step ? { step: bin.step, ...run([first]) } : run([first]);
    }
    if (manager === 'bun' && first && /[./]/.test(first)) return {};
    return {};
  }
  if (program === 'npm-run-all' || program === 'run-s' || program === 'run-p' || program === 'npm-run-all2') {
    const names = withoutOptions(args).filter((a) => !a.includes('*'));
    return names.length ? { scripts: { scripts: names, manager: program } } : {};
  }
  if (program === 'concurrently') {
    const names = args.filter((a) => /^(?:npm|yarn|pnpm):/.test(a)).map((a) => a.replace(/^\w+:/, ''));
    const nested = args.filter((a) => !a.startsWith('-') && /\s/.test(a));
    const out: { step?: StartStep; scripts?: ScriptRun } = names.length ? { scripts: { scripts: names, manager: 'concurrently' } } : {};
    for (const command of nested) {
      const inner = classifyCommand(command.split(/\s+/), declared);
      if (inner.step && !out.step) out.step = inner.step;
      if (inner.scripts) out.scripts = { scripts: [...(out.scripts?.scripts ?? []), ...inner.scripts.scripts], manager: 'concurrently' };
    }
    return out;
  }
  if (program === 'npx' || program === 'pnpx' || program === 'bunx') {
    const pos = withoutNpxOptions(args);
    const tool = pos[0];
    if (!tool) return {};
    const name = tool.startsWith('@') ? tool.replace(/^(@[^/]+\/[^@]+).*$/, '$1') : tool.replace(/@.*$/, '');
    const inner = classifyCommand(pos, declared);
    if (inner.step || inner.scripts) return inner;
    // `npx serve`: npx downloads a package the project does not declare, at every start.
    const packageOfBin = BIN_PACKAGES[name] ?? name;
    if (!declared(packageOfBin) && !DECLARED_ELSEWHERE.has(name))
      return { step: { kind: 'install', label: `npx ${name} (downloaded at start)` } };
    return {};
  }
  if (program === 'git' && ['pull', 'clone', 'fetch'].includes(sub)) return { step: { kind: 'fetch', label: `git ${sub}` } };
  if ((program === 'apt-get' || program === 'apt' || program === 'yum' || program === 'dnf' || program === 'microdnf') && sub === 'install')
    return { step: { kind: 'install', label: `${program} install` } };
  if (program === 'apk' && sub === 'add') return { step: { kind: 'install', label: 'apk add' } };
  if ((program === 'pip' || program === 'pip3') && sub === 'install') return { step: { kind: 'install', label: `${program} install` } };

  if (program === 'node' || program === 'nodejs') {
    // `NODE_OPTIONS="--loader ts-node/esm" node src/index.ts`: the options node reads from its environment.
    const fromEnvironment = allWords
      .slice(0, allWords.length - words.length)
      .filter((w) => w.startsWith('NODE_OPTIONS='))
      .flatMap((w) =>
        w
          .slice('NODE_OPTIONS='.length)
          .replace(/^["']|["']$/g, '')
          .split(/\s+/),
      );
    if (fromEnvironment.length) {
      const inner = classifyCommand([words[0], ...fromEnvironment, ...args], declared);
      if (inner.step?.kind === 'compile')
        return { step: { kind: 'compile', label: `NODE_OPTIONS=${inner.step.label.replace(/^node /, '')}` } };
    }
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--watch' || a.startsWith('--watch=') || a === '--watch-path' || a.startsWith('--watch-path='))
        return { step: { kind: 'watch', label: 'node --watch' } };
      const value = /^(?:-r|--require|--import|--loader|--experimental-loader)$/.test(a)
        ? args[i + 1]
        : /^(?:--require|--import|--loader|--experimental-loader)=/.test(a)
          ? a.slice(a.indexOf('=') + 1)
          : undefined;
      if (value && isRuntimeCompiler(value.replace(/^["']|["']$/g, '')))
        return { step: { kind: 'compile', label: `node ${a.includes('=') ? a : `${a} ${value}`}` } };
      if (!a.startsWith('-')) break;
    }
    return {};
  }
  if (program === 'bun' || program === 'deno') {
    if (args.includes('--watch') || args.includes('--hot')) return { step: { kind: 'watch', label: `${program} --watch` } };
    return {};
  }
  if (COMPILING_RUNNERS.has(program) || WATCHERS.has(program)) {
    if (args.some((a) => a === '--version' || a === '-v' || a === '-h' || a === '--help')) return {};
    if (program === 'tsx' && (sub === 'watch' || args.includes('--watch'))) return { step: { kind: 'watch', label: 'tsx watch' } };
    return { step: { kind: WATCHERS.has(program) ? 'watch' : 'compile', label: program } };
  }
  if (DEV_SERVERS.has(program)) return { step: { kind: 'watch', label: program } };
  const devSubs = DEV_SERVER_SUBCOMMANDS[program];
  if (devSubs && devSubs.includes(sub)) {
    // `nest start` compiles with tsc, then runs: a build at start (with --watch, a dev server).
    if (program === 'nest' && !args.some((a) => a === '--watch' || a === '-w' || a === '--debug'))
      return { step: { kind: 'compile', label: 'nest start (compiles before it runs)' } };
    return { step: { kind: 'watch', label: sub ? `${program} ${sub}` : program } };
  }
  if (program === 'turbo' || program === 'nx' || program === 'lerna') {
    const task = positional.find((p) => p !== 'run' && p !== 'run-many') ?? '';
    if (/^(?:build|compile|bundle)(?:$|[:-])/.test(task)) return { step: { kind: 'build', label: `${program} ${positional.join(' ')}` } };
    if (/^(?:dev|serve|watch)(?:$|[:-])/.test(task)) return { step: { kind: 'watch', label: `${program} ${positional.join(' ')}` } };
    return {};
  }
  const buildSubs = BUILD_SUBCOMMANDS[program];
  if (buildSubs) {
    if (buildSubs.includes(sub) || (buildSubs.length === 0 && positional.length >= 0))
      return { step: { kind: 'build', label: sub ? `${program} ${sub}` : program } };
    if (!BUILD_TOOLS.has(program)) return {};
  }
  if (BUILD_TOOLS.has(program)) {
    if (program === 'tsc' && args.some((a) => a === '--version' || a === '-v')) return {};
    if (program === 'tsc' && args.some((a) => a === '-w' || a === '--watch')) return { step: { kind: 'watch', label: 'tsc --watch' } };
    if ((program === 'webpack' || program === 'webpack-cli') && (args.includes('--watch') || args.includes('-w')))
      return { step: { kind: 'watch', label: `${program} --watch` } };
    if (program === 'rimraf') return {};
    if (['next', 'nuxt', 'nuxi', 'vite', 'ng', 'nest', 'parcel', 'turbo', 'nx', 'lerna'].includes(program)) return {};
    return { step: { kind: 'build', label: program } };
  }
  return {};
}

/** Packages npx resolves without a download: the package managers' own. */
const DECLARED_ELSEWHERE = new Set(['npm', 'yarn', 'pnpm', 'corepack', 'node-gyp']);

/** Executables named unlike their package (`npx pm2-runtime` runs pm2's): npx finds them in the package's bin. */
const BIN_PACKAGES: Readonly<Record<string, string>> = {
  'pm2-runtime': 'pm2',
  'pm2-docker': 'pm2',
  'pm2-dev': 'pm2',
  tsc: 'typescript',
  tsserver: 'typescript',
  'ts-node-esm': 'ts-node',
  'ts-node-transpile-only': 'ts-node',
  'ts-node-dev': 'ts-node-dev',
  tsnd: 'ts-node-dev',
  'sequelize-cli': 'sequelize-cli',
  sequelize: 'sequelize-cli',
  'typeorm-ts-node-commonjs': 'typeorm',
  'typeorm-ts-node-esm': 'typeorm',
  'mikro-orm': '@mikro-orm/cli',
  nest: '@nestjs/cli',
  ng: '@angular/cli',
  vue: '@vue/cli',
  'react-scripts': 'react-scripts',
  'drizzle-kit': 'drizzle-kit',
  knex: 'knex',
  'node-pg-migrate': 'node-pg-migrate',
};

/** Package-manager options that take a value (`--cwd e2e`, `--filter=api`): the folder or package to run in. */
const VALUE_OPTION = /^(--prefix|-C|--cwd|--dir|--filter|--filter-prod|-F|-w|--workspace)(?:=(.*))?$/;

/** The package a package-manager command runs in, from its options. */
function targetOf(args: readonly string[]): { name?: string; dir?: string } {
  const target: { name?: string; dir?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const m = VALUE_OPTION.exec(args[i]);
    if (!m) continue;
    const value = m[2] ?? args[++i];
    if (!value) continue;
    if (m[1] === '--filter' || m[1] === '--filter-prod' || m[1] === '-F') Object.assign(target, filterSelector(value));
    else if (m[1] === '-w' || m[1] === '--workspace') {
      if (value.includes('/') && !value.startsWith('@')) target.dir = value;
      else target.name = value;
    } else target.dir = value;
  }
  return target;
}

/**
 * The package a pnpm `--filter` (or `--filter-prod`) selector names: a directory (`./apps/server`,
 * `..`, `{apps/server}`) or a name, with its dependencies or dependents (`api...`, `...api`) set aside.
 * A selector that leaves the package itself out (`api^...`, `...^api`), a glob, an exclusion (`!api`)
 * or a changed-since selector (`[origin/main]`) names no single package.
 */
function filterSelector(value: string): { name?: string; dir?: string } {
  if (/^\.\.\.\^|\^\.\.\.$/.test(value)) return {};
  const selector = value.replace(/^\.\.\.(?!\/|$)/, '').replace(/(?<!^|\/)\.\.\.$/, '');
  if (/[*?![\]]/.test(selector) || selector === '') return {};
  const braced = /^\{(.+)\}$/.exec(selector);
  if (braced) return { dir: braced[1] };
  if (/^\.\.?(?:$|[\\/])/.test(selector)) return { dir: selector.replace(/\\/g, '/') };
  return { name: selector };
}

/** The words of a package-manager command without its options and their values (`yarn --cwd e2e start` → `start`). */
export function withoutOptions(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-')) {
      if (VALUE_OPTION.test(a) && !a.includes('=')) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

export function withoutNpxOptions(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return [...out, ...args.slice(i + 1)];
    if (out.length === 0 && a.startsWith('-')) {
      if (/^(?:-p|--package|-c|--call)$/.test(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** A script name that says what it does: `build`, `build:css`, `compile`, `docs`; `install`, `bootstrap`. */
export function scriptNameKind(name: string): StartStepKind | undefined {
  if (SCRIPT_NAME_INSTALL.test(name)) return 'install';
  if (SCRIPT_NAME_BUILD.test(name)) return 'build';
  if (/^(?:dev|develop|watch|serve:dev|start:dev|debug|start:debug|start:watch)(?:[:-].*)?$/.test(name)) return 'watch';
  return undefined;
}

// ── system tools ─────────────────────────────────────────────────────────────────────────────────

/**
 * Programs a service spawns that a Node image does not have, with the distribution packages that
 * provide them (Debian/Ubuntu, Alpine, RHEL names), so a Dockerfile that installs any of them counts.
 */
export const SYSTEM_TOOLS: Record<string, string[]> = {
  convert: ['imagemagick', 'graphicsmagick-imagemagick-compat', 'ImageMagick'],
  magick: ['imagemagick', 'ImageMagick'],
  identify: ['imagemagick', 'ImageMagick'],
  mogrify: ['imagemagick', 'ImageMagick'],
  montage: ['imagemagick', 'ImageMagick'],
  gm: ['graphicsmagick', 'GraphicsMagick'],
  ffmpeg: ['ffmpeg'],
  ffprobe: ['ffmpeg'],
  tesseract: ['tesseract-ocr', 'tesseract'],
  gs: ['ghostscript'],
  pdftotext: ['poppler-utils', 'poppler'],
  pdftoppm: ['poppler-utils', 'poppler'],
  pdfinfo: ['poppler-utils', 'poppler'],
  pdftocairo: ['poppler-utils', 'poppler'],
  qpdf: ['qpdf'],
  soffice: ['libreoffice', 'libreoffice-core', 'libreoffice-writer', 'libreoffice-common'],
  libreoffice: ['libreoffice', 'libreoffice-core', 'libreoffice-writer', 'libreoffice-common'],
  unoconv: ['unoconv'],
  pandoc: ['pandoc'],
  wkhtmltopdf: ['wkhtmltopdf'],
  inkscape: ['inkscape'],
  exiftool: ['libimage-exiftool-perl', 'exiftool', 'perl-image-exiftool'],
  psql: ['postgresql-client', 'postgresql'],
  pg_dump: ['postgresql-client', 'postgresql'],
  pg_restore: ['postgresql-client', 'postgresql'],
  mysql: ['default-mysql-client', 'mysql-client', 'mariadb-client', 'mysql'],
  mysqldump: ['default-mysql-client', 'mysql-client', 'mariadb-client', 'mysql'],
  mongodump: ['mongodb-database-tools', 'mongodb-tools', 'mongo-tools'],
  mongorestore: ['mongodb-database-tools', 'mongodb-tools', 'mongo-tools'],
  'redis-cli': ['redis-tools', 'redis'],
  sqlite3: ['sqlite3', 'sqlite'],
  chromium: ['chromium', 'chromium-browser'],
  'chromium-browser': ['chromium', 'chromium-browser'],
  'google-chrome': ['google-chrome-stable'],
  'google-chrome-stable': ['google-chrome-stable'],
  git: ['git'],
  ssh: ['openssh-client', 'openssh'],
  rsync: ['rsync'],
  '7z': ['p7zip-full', 'p7zip', '7zip'],
  zip: ['zip'],
  unzip: ['unzip'],
  java: ['default-jre', 'default-jre-headless', 'openjdk', 'openjdk-17-jre', 'openjdk-17-jre-headless'],
  python: ['python3', 'python'],
  python3: ['python3'],
  aws: ['awscli', 'aws-cli'],
  kubectl: ['kubectl'],
  docker: ['docker.io', 'docker-ce-cli', 'docker-cli', 'docker'],
  tailscale: ['tailscale'],
  dig: ['dnsutils', 'bind-tools', 'bind-utils'],
  nslookup: ['dnsutils', 'bind-tools', 'bind-utils'],
  traceroute: ['traceroute', 'inetutils-traceroute'],
  nmap: ['nmap'],
  apprise: ['apprise'],
  clamscan: ['clamav'],
  clamdscan: ['clamav', 'clamav-daemon'],
  lame: ['lame'],
  sox: ['sox'],
  optipng: ['optipng'],
  jpegoptim: ['jpegoptim'],
  pngquant: ['pngquant'],
  gifsicle: ['gifsicle'],
  cwebp: ['webp', 'libwebp-tools'],
  vips: ['libvips-tools', 'vips-tools', 'vips'],
  'mariadb-install-db': ['mariadb-server'],
  mongod: ['mongodb', 'mongodb-org'],
  'redis-server': ['redis-server', 'redis'],
  curl: ['curl'],
  wget: ['wget'],
};

/**
 * npm packages that wrap a system tool (they spawn it): using one needs the tool in the image as much as
 * spawning it directly does.
 */
export const TOOL_WRAPPERS: Record<string, string> = {
  'node-tesseract-ocr': 'tesseract',
  'tesseract-ocr': 'tesseract',
  'node-tesseract': 'tesseract',
  'fluent-ffmpeg': 'ffmpeg',
  gm: 'gm',
  imagemagick: 'convert',
  'imagemagick-native': 'convert',
  pdf2pic: 'gs',
  'node-poppler': 'pdftoppm',
  'pdf-poppler': 'pdftoppm',
  'pdf-image': 'convert',
  'simple-git': 'git',
  'libreoffice-convert': 'soffice',
  unoconv: 'soffice',
  wkhtmltopdf: 'wkhtmltopdf',
  'node-pandoc': 'pandoc',
  'node-7z': '7z',
  clamscan: 'clamscan',
  'exiftool-vendored.pl': 'exiftool',
  'mysqldump-cli': 'mysqldump',
};

/**
 * Tools the official Node images already have, by flavour: the full images (buildpack-deps) carry a
 * build toolchain, git, curl, wget, python3, ssh and ImageMagick; slim and Alpine images a shell and
 * core utilities only (Alpine's busybox includes wget).
 */
const FULL_IMAGE_TOOLS = new Set([
  'git',
  'curl',
  'wget',
  'python3',
  'python',
  'ssh',
  'convert',
  'identify',
  'mogrify',
  'montage',
  'unzip',
  'zip',
  'rsync',
]);
const ALPINE_TOOLS = new Set(['wget']);

/** Does the base image (as written in FROM) already provide `tool`? Undefined when the image is not one we know. */
export function baseImageHasTool(image: string, tool: string): boolean | undefined {
  const m = /^(?:docker\.io\/)?(?:library\/)?([a-z0-9._/-]+?)(?::([\w.-]+))?(?:@sha256:[a-f0-9]+)?$/i.exec(image.trim());
  if (!m) return undefined;
  const [, name, tag = 'latest'] = m;
  if (name === 'node' || name === 'circleci/node' || name === 'cimg/node') {
    if (/alpine/.test(tag)) return ALPINE_TOOLS.has(tool);
    if (/slim/.test(tag)) return false;
    return FULL_IMAGE_TOOLS.has(tool);
  }
  if (/^(?:gcr\.io\/distroless\/nodejs|cgr\.dev\/chainguard\/node)/.test(name)) return false;
  if (name === 'alpine') return ALPINE_TOOLS.has(tool);
  if (name === 'debian' || name === 'ubuntu') return false;
  if (name.includes(tool)) return true;
  return undefined;
}
