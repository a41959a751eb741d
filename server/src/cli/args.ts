/** Command-line arguments → options. Usage errors throw UsageError (exit code 2). */
import { SEVERITIES, type Severity } from '../analysis/finding';

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  paths: string[];
  format: Format;
  failOn: Severity | 'none';
  config?: string;
  output?: string;
  prefilter: boolean;
  /** Worker threads for the scan; 1 = in this thread; undefined = the cores, for scans big enough to gain from it. */
  jobs?: number;
  color: boolean;
  verbose: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: twelve-factor-lint [paths...] [options]

Scans a Node.js service (TypeScript, JavaScript, Dockerfiles) for Twelve-Factor App violations.
Paths default to the current folder; .gitignore, node_modules and the config's "ignore" are honoured.

Options:
  -f, --format <text|json|sarif|markdown>
                                   Output format (default: text); markdown is the compliance
                                   report (for a PR comment or $GITHUB_STEP_SUMMARY)
      --fail-on <level>            Exit 1 when a finding is at or above this severity:
                                   error (default), warning, information, hint, or none
  -c, --config <file>              Configuration file (default: <root>/.twelvefactorrc.json)
  -o, --output <file>              Write the report to a file instead of stdout
      --no-prefilter               Parse every file, even where no rule's text test matches
  -j, --jobs <n>                   Analyse files in n threads, n - 1 of them workers (default:
                                   the cores, for scans of 200 files or more); 1 = no workers
      --no-color                   Plain text output
      --verbose                    List skipped and unreadable files on stderr
  -h, --help                       Show this help
  -v, --version                    Show the version

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or configuration error.`;

export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  isTTY = !!process.stdout.isTTY,
): CliOptions {
  const options: CliOptions = {
    paths: [],
    format: 'text',
    failOn: 'error',
    prefilter: true,
    color: colorByDefault(env, isTTY),
    verbose: false,
    help: false,
    version: false,
  };
  const value = (name: string, i: number): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('-')) throw new UsageError(`${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = () => (inline !== undefined ? inline : value(arg, i++));
    switch (arg) {
      case '-f':
      case '--format': {
        const format = take();
        if (!(FORMATS as readonly string[]).includes(format))
          throw new UsageError(`unknown format "${format}" (expected ${FORMATS.join(', ')})`);
        options.format = format as Format;
        break;
      }
      case '--fail-on': {
        const level = take();
        if (level !== 'none' && !(SEVERITIES as readonly string[]).includes(level)) {
          throw new UsageError(`unknown --fail-on level "${level}" (expected ${SEVERITIES.join(', ')} or none)`);
        }
        options.failOn = level as Severity | 'none';
        break;
      }
      case '-c':
      case '--config':
        options.config = take();
        break;
      case '-o':
      case '--output':
        options.output = take();
        break;
      case '-j':
      case '--jobs': {
        const jobs = take();
        if (!/^[1-9][0-9]*$/.test(jobs)) throw new UsageError(`--jobs needs a positive whole number, not "${jobs}"`);
        options.jobs = Math.min(Number(jobs), 256);
        break;
      }
      case '--no-prefilter':
        options.prefilter = false;
        break;
      case '--no-color':
        options.color = false;
        break;
      case '--color':
        options.color = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '-v':
      case '--version':
        options.version = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  return options;
}

/** Colour when stdout is a terminal, unless NO_COLOR is set; FORCE_COLOR (not "0"/"false") turns it on anywhere (CI logs). */
export function colorByDefault(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}
