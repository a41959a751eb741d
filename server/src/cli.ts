/**
 * The CLI adapter (docs/DESIGN.md §1): arguments → a workspace session indexed once → format → exit code.
 * It decides nothing itself. `--help` and `--version` answer before the analysis core (and the
 * TypeScript compiler it bundles) is loaded: ./cli/run is imported only when there is work.
 */
import { isMainThread } from 'node:worker_threads';
import { parseArgs, USAGE, type CliOptions } from './cli/args';
import { TOOL } from './analysis/version';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './cli/io';

export { EXIT_OK, EXIT_FINDINGS, EXIT_USAGE } from './cli/io';

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv, io.env ?? {}, io.isTTY ?? false);
  } catch (error) {
    io.stderr(`twelve-factor-lint: ${(error as Error).message}. Try --help.\n`);
    return EXIT_USAGE;
  }
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout(`${TOOL.version}\n`);
    return EXIT_OK;
  }
  // Loaded on demand: esbuild keeps a required module's initialisation lazy, so the analysis core and
  // the TypeScript compiler are only evaluated from here on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports -- a lazy load, typed
  const { lint } = require('./cli/lint') as typeof import('./cli/lint');
  return lint(options, io, io.workerScript ?? __filename);
}

async function main(): Promise<void> {
  // A scan pool worker (scanPool.ts) runs this same bundle: it serves batches of files and nothing else.
  if (!isMainThread) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports -- a lazy load, typed
    const { runPoolWorkerIfAny } = require('./analysis/scanPool') as typeof import('./analysis/scanPool');
    if (runPoolWorkerIfAny()) return;
  }
  const stdout = (s: string) => process.stdout.write(s);
  const stderr = (s: string) => process.stderr.write(s);
  try {
    process.exitCode = await run(process.argv.slice(2), {
      cwd: process.cwd(),
      stdout,
      stderr,
      env: process.env,
      isTTY: !!process.stdout.isTTY,
      stdin: () => readStdin(),
    });
  } catch (error) {
    stderr(`twelve-factor-lint: internal error: ${(error as Error).message}\n`);
    process.exitCode = EXIT_USAGE;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

if (require.main === module || !isMainThread) void main();
