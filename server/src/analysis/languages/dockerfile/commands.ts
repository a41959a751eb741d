/**
 * What a container command runs: inits, package managers, shells, entrypoint scripts, and the real
 * command behind `npm start` (read from package.json). Shared by the Dockerfile checks and facts.
 */
import * as path from 'node:path';
import type { AnalysisHost } from '../../rule';
import { MANAGER_COMMANDS, programWords, withoutNpxOptions } from '../../knowledge/packaging';
import { plainCommand } from './shell';
import { BUILD_DIRS } from '../../paths';

export function programName(word: string | undefined): string {
  return word ? path.posix.basename(word) : '';
}

/** Inits that reap zombies and pass signals on to the process they start. */
const INITS = new Set(['dumb-init', 'catatonit', 'docker-init', 'init', 'pid1', 's6-svscan', 'supervisord', 'pm2-runtime']);

/** The init in front of argv (`tini`, `dumb-init`…), or undefined. */
export function initOf(argv: readonly string[]): string | undefined {
  const name = programName(argv[0]);
  if (/^tini(-static)?(-[a-z0-9]+)?$/.test(name)) return 'tini';
  if (INITS.has(name)) return name === 'init' && argv[0] !== '/init' && argv[0] !== '/sbin/init' ? undefined : name;
  return undefined;
}

/** Init options that take the next word as their value (tini `-p SIGKILL`, `-e 143`; dumb-init `-r 15:2`). */
const INIT_VALUE_OPTIONS = new Set(['-p', '-e', '-r', '--rewrite']);

/** The command an init runs: what follows `--`, or its options. */
export function afterInit(argv: readonly string[]): string[] {
  const dashes = argv.indexOf('--');
  if (dashes >= 0) return argv.slice(dashes + 1);
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) i += INIT_VALUE_OPTIONS.has(argv[i]) ? 2 : 1;
  return argv.slice(i);
}

/**
 * True when the init signals the child's whole process group, so a shell between it and the app does
 * not matter: dumb-init by default (unless `--single-child`/`-c`), tini with `-g`.
 */
export function initSignalsGroup(argv: readonly string[]): boolean {
  const name = initOf(argv);
  const options = argv.slice(1, argv.indexOf('--') < 0 ? undefined : argv.indexOf('--')).filter((a) => a.startsWith('-'));
  if (name === 'dumb-init') return !options.some((o) => o === '--single-child' || o === '-c');
  if (name === 'tini') return options.some((o) => /^-[a-zA-Z]*g/.test(o));
  return name === 'supervisord' || name === 's6-svscan' || name === 'pm2-runtime';
}

const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm']);

export function isPackageManager(word: string | undefined): boolean {
  return PACKAGE_MANAGERS.has(programName(word));
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

export function isShell(word: string | undefined): boolean {
  return SHELLS.has(programName(word));
}

/** `["sh", "-c", "…"]` (also `-ec`, `-lc`): the index of the script string, else -1. */
export function shellScriptIndex(argv: readonly string[]): number {
  if (!isShell(argv[0])) return -1;
  for (let i = 1; i < argv.length; i++) {
    if (/^-[a-z]*c[a-z]*$/.test(argv[i])) return i + 1 < argv.length ? i + 1 : -1;
    if (!argv[i].startsWith('-')) return -1;
  }
  return -1;
}

/** The script a shell runs as a file (`["sh", "./start.sh"]` → `./start.sh`), or undefined. */
export function shellScriptFile(argv: readonly string[]): string | undefined {
  if (!isShell(argv[0])) return undefined;
  for (let i = 1; i < argv.length; i++) {
    if (argv[i].startsWith('-')) {
      if (/^-[a-z]*c[a-z]*$/.test(argv[i])) return undefined;
      continue;
    }
    return argv[i];
  }
  return undefined;
}

/** `npm start`, `npm run start:prod`, `yarn start`, `pnpm run serve` → the package script name (plain, no extra args). */
export function packageScriptName(argv: readonly string[]): string | undefined {
  const manager = programName(argv[0]);
  if (!PACKAGE_MANAGERS.has(manager)) return undefined;
  const rest = argv.slice(1);
  if (rest.length === 1 && rest[0] === 'start') return 'start';
  if (rest.length === 2 && (rest[0] === 'run' || rest[0] === 'run-script')) return rest[1];
  if (manager !== 'npm' && rest.length === 1 && /^[A-Za-z][\w:.-]*$/.test(rest[0]) && !MANAGER_COMMANDS.has(rest[0])) return rest[0];
  return undefined;
}

interface StartScript {
  /** The script's command as an exec-form argv (`["node", "dist/server.js"]`). */
  argv: string[];
  /** package.json it was read from (absolute). */
  packageJson: string;
  name: string;
  command: string;
}

/**
 * The command of `scripts[name]` in the nearest package.json (the Dockerfile's folder, then up to the
 * root), when it is exactly `node [options] <file> [args]` and no `pre`/`post` script runs around it.
 * Anything else (another runner, env assignments, `&&`, variables) gives undefined: no exact rewrite.
 */
export function plainNodeStartScript(host: AnalysisHost, dockerfile: string, root: string, name: string): StartScript | undefined {
  for (const dir of foldersUp(path.dirname(dockerfile), root)) {
    const packageJson = path.join(dir, 'package.json');
    const text = host.readFile(packageJson);
    if (text === undefined) continue;
    let scripts: Record<string, unknown>;
    try {
      const pkg = JSON.parse(text) as { scripts?: Record<string, unknown> };
      scripts = pkg && typeof pkg.scripts === 'object' && pkg.scripts ? pkg.scripts : {};
    } catch {
      return undefined;
    }
    const command = scripts[name];
    if (typeof command !== 'string' || `pre${name}` in scripts || `post${name}` in scripts) return undefined;
    const argv = plainCommand(command);
    if (!argv || argv[0] !== 'node') return undefined;
    const file = argv.slice(1).find((w) => !w.startsWith('-'));
    // Options that take a separate value would make the file ambiguous: only `--opt=value` forms.
    const options = argv.slice(1, argv.indexOf(file ?? ''));
    if (!file || options.some((o) => !o.startsWith('-')) || options.some((o) => !o.includes('=') && NODE_VALUE_OPTIONS.has(o)))
      return undefined;
    return { argv, packageJson, name, command };
  }
  return undefined;
}

/** Options of node (and of its TypeScript runners: ts-node's `-P`) whose value is the next word. */
export const NODE_VALUE_OPTIONS = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-e',
  '--eval',
  '-p',
  '--print',
  '--env-file',
  '-C',
  '--conditions',
  '--title',
  '--inspect-port',
  '--input-type',
  '-P',
  '--project',
  '--tsconfig',
]);

/** The folder and its parents up to `root` (only `folder` and `root` when it is outside the root). */
function foldersUp(folder: string, root: string): string[] {
  const out: string[] = [];
  const rel = path.relative(root, folder);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return [folder, root];
  for (let dir = folder; ; dir = path.dirname(dir)) {
    out.push(dir);
    if (dir === root || path.dirname(dir) === dir || out.length > 20) break;
  }
  return out;
}

/** Words as shell text, quoting only what needs it (`node 'my file.js'`). */
export function shellQuote(words: readonly string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Does this command (words of a simple command) start the app, rather than a one-off task? */
export function startsApp(all: readonly string[]): boolean {
  // `env A=1 x`, `cross-env NODE_ENV=production node dist/main`, `npx cross-env …`, `./node_modules/.bin/cross-env …`,
  // `dotenv -e .env -- node …`: the command after what only sets up its environment.
  let words = programWords(all);
  while (words.length > 1 && /^(?:npx|bunx|pnpx)$/.test(path.posix.basename(words[0])))
    words = programWords(withoutNpxOptions(words.slice(1)));
  // `cross-env-shell NODE_ENV=production "node dist/main"`: the command is one quoted word.
  if (words.length === 1 && /\s/.test(words[0])) words = words[0].trim().split(/\s+/);
  const program = programName(words[0]);
  const rest = words.slice(1);
  // A build's output folder is no command: `node build/bin/server.js` starts the app (AdonisJS builds into build/);
  // `node scripts/migrate.js`, `node seeds/index.js`, `node build.js` do not.
  const text = rest
    .map((w) =>
      w
        .split('/')
        .filter((part) => !BUILD_DIRS.includes(part))
        .join(' '),
    )
    .join(' ');
  if (program === '$@' || program === '${@}' || program === '$*') return true;
  if (ONE_OFF.test(text)) return false;
  if (program === 'node' || program === 'nodejs' || program === 'bun' || program === 'deno') {
    return (
      rest.some((w) => !w.startsWith('-')) &&
      !rest.some((w) => w === '-e' || w === '--eval' || w === '-p' || w === '-v' || w === '--version')
    );
  }
  if (PACKAGE_MANAGERS.has(program)) {
    const name = rest.filter((w) => !w.startsWith('-'));
    return (
      name[0] === 'start' ||
      ((name[0] === 'run' || name[0] === 'run-script') && /^(start|serve|prod|production)/.test(name[1] ?? '')) ||
      (program !== 'npm' && /^(start|serve)/.test(name[0] ?? ''))
    );
  }
  return (
    ['ts-node', 'tsx', 'nodemon', 'pm2-runtime', 'next', 'nuxt', 'nest', 'serve', 'http-server', 'forever'].includes(program) &&
    rest.length > 0 &&
    !/^(build|lint|test)/.test(rest[0])
  );
}

/** Task words that make a node/npm command a one-off (migrations, seeds, builds, health checks). */
const ONE_OFF =
  /\b(migrat\w*|seed\w*|build|install|ci|test|lint|wait-for\w*|wait-on|healthcheck|check|prisma|knex|typeorm|sequelize|db-migrate|setup|prepare|generate|init-db)\b/i;

/** Quick test: is `text` a shell script (by shebang, or no shebang at all)? */
export function isShellScript(text: string): boolean {
  const first = text.slice(0, 200).split('\n')[0];
  if (!first.startsWith('#!')) return true;
  return /^#!\s*(\/usr)?\/bin\/(env\s+(-S\s+)?)?(sh|bash|ash|dash|ksh|zsh)\b/.test(first);
}
