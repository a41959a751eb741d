/** Command-line arguments → options. Usage errors throw UsageError (exit code 2). */
import { SEVERITIES, type Severity } from '../analysis/finding';

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export const FIX_TYPES = ['safe', 'suggestion'] as const;
export type FixType = (typeof FIX_TYPES)[number];

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
  /** Write fixes to disk (`--fix`) or print them as a diff (`--fix-dry-run`). */
  fix?: 'write' | 'dry-run';
  /** Which fixes: `safe` only (default), or `suggestion` too (behaviour-changing). */
  fixType: FixType;
  /** Read the text to check from standard input. */
  stdin: boolean;
  stdinFilename?: string;
  /** Exit 1 when more than this many warnings are reported. */
  maxWarnings?: number;
  /** Report errors only. */
  quiet: boolean;
  /** An empty scan (no file analysed) is not an error. */
  allowEmpty: boolean;
  baseline?: string;
  updateBaseline: boolean;
  reportUnusedDisableDirectives: boolean;
  cache: boolean;
  cacheLocation?: string;
}

class UsageError extends Error {}

export const USAGE = `Usage: twelve-factor-lint [paths...] [options]

Scans a Node.js service (TypeScript, JavaScript, Dockerfiles) for Twelve-Factor App violations.
Paths default to the current folder; .gitignore, node_modules and the config's "ignore" are honoured.

Output:
  -f, --format <text|json|sarif|markdown|github>
                                   Output format (default: text); markdown is the compliance
                                   report (for a PR comment or $GITHUB_STEP_SUMMARY); github
                                   prints workflow commands (annotations in a GitHub Actions log)
  -o, --output <file>              Write the report to a file instead of stdout
      --quiet                      Report errors only (warnings and below neither print nor count)
      --color, --no-color          Force or disable colour (default: on a terminal, unless NO_COLOR;
                                   FORCE_COLOR=1 turns it on anywhere, FORCE_COLOR=0 off)
      --verbose                    List skipped and unreadable files on stderr

Exit code:
      --fail-on <level>            Exit 1 when a finding is at or above this severity:
                                   error (default), warning, information, hint, or none
      --max-warnings <n>           Exit 1 when more than n warnings are reported
      --allow-empty                Exit 0 when no file was analysed (default: exit 2)
      --no-error-on-unmatched-pattern
                                   The same as --allow-empty (ESLint's name)

Fixing:
      --fix                        Apply safe fixes (behaviour kept) to the files, then report what remains
      --fix-dry-run                Print the fixes as a unified diff (stdout) instead of writing them;
                                   the report of what would remain goes to stderr (or --output)
      --fix-type <safe|suggestion> suggestion: also apply behaviour-changing fixes (a value read
                                   from the environment, a SIGTERM handler); default safe

Standard input:
      --stdin                      Check the text on standard input instead of files
      --stdin-filename <path>      The file the text is checked as (its folder's config applies);
                                   with --fix the fixed text is printed to stdout

Adopting on an existing codebase:
      --baseline <file>            Report only findings not recorded in this baseline file
                                   (default: the config's "baseline", if any)
      --update-baseline            Record every current finding in the baseline file (default
                                   .twelvefactor-baseline.json) and exit 0
      --report-unused-disable-directives
                                   Report disable directives that silence nothing (exit 1)

Configuration and speed:
  -c, --config <file>              Configuration file (default: <root>/.twelvefactorrc.json)
      --cache                      Reuse the analysis of files that did not change since the last run
      --cache-location <path>      Cache folder or file (default: node_modules/.cache/twelve-factor-lint/)
      --no-prefilter               Parse every file, even where no rule's text test matches
  -j, --jobs <n>                   Analyse files in n threads, n - 1 of them workers (default:
                                   the cores, for scans of 200 files or more); 1 = no workers

  -h, --help                       Show this help
  -v, --version                    Show the version

Exit codes: 0 no finding at or above --fail-on (and no more warnings than --max-warnings),
1 findings at or above it, 2 usage or configuration error, or no file analysed.`;

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
    fixType: 'safe',
    stdin: false,
    quiet: false,
    allowEmpty: false,
    updateBaseline: false,
    reportUnusedDisableDirectives: false,
    cache: false,
  };
  const value = (name: string, i: number): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('-')) throw new UsageError(`${name} needs a value`);
    return v;
  };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (onlyPaths) {
      options.paths.push(arg);
      continue;
    }
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = () => (inline !== undefined ? inline : value(arg, i++));
    const flag = () => {
      if (inline !== undefined) throw new UsageError(`${arg} takes no value`);
    };
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
      case '--max-warnings': {
        const n = take();
        if (!/^(0|[1-9][0-9]*)$/.test(n)) throw new UsageError(`--max-warnings needs a whole number, not "${n}"`);
        options.maxWarnings = Number(n);
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
      case '--fix':
        flag();
        if (options.fix !== 'dry-run') options.fix = 'write';
        break;
      case '--fix-dry-run':
        flag();
        options.fix = 'dry-run';
        break;
      case '--fix-type': {
        const type = take();
        if (!(FIX_TYPES as readonly string[]).includes(type))
          throw new UsageError(`unknown --fix-type "${type}" (expected ${FIX_TYPES.join(' or ')})`);
        options.fixType = type as FixType;
        break;
      }
      case '--stdin':
        flag();
        options.stdin = true;
        break;
      case '--stdin-filename':
        options.stdinFilename = take();
        break;
      case '--quiet':
        flag();
        options.quiet = true;
        break;
      case '--allow-empty':
      case '--no-error-on-unmatched-pattern':
        flag();
        options.allowEmpty = true;
        break;
      case '--baseline':
        options.baseline = take();
        break;
      case '--update-baseline':
        flag();
        options.updateBaseline = true;
        break;
      case '--report-unused-disable-directives':
        flag();
        options.reportUnusedDisableDirectives = true;
        break;
      case '--cache':
        flag();
        options.cache = true;
        break;
      case '--cache-location':
        options.cacheLocation = take();
        break;
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
      case '--':
        onlyPaths = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.fixType !== 'safe' && !options.fix) throw new UsageError('--fix-type needs --fix or --fix-dry-run');
  if (options.stdinFilename !== undefined && !options.stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (options.stdin && options.paths.length > 0) throw new UsageError('--stdin checks standard input: give no paths with it');
  if (options.stdin && options.updateBaseline) throw new UsageError('--update-baseline cannot be used with --stdin');
  if (options.updateBaseline && options.fix) throw new UsageError('--update-baseline cannot be combined with --fix');
  if (options.cacheLocation !== undefined && !options.cache) throw new UsageError('--cache-location needs --cache');
  return options;
}

/**
 * Whether text output is coloured when no --color/--no-color is given: the one place that decides.
 * FORCE_COLOR wins when set (as in Node: anything but "0"/"false" turns colour on, even off a
 * terminal, e.g. in CI logs); else NO_COLOR (set and not empty, no-color.org) turns it off; else a
 * terminal that is not TERM=dumb.
 */
export function colorByDefault(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}
