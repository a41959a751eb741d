/**
 * Running the CLI in tests. `cli()` calls `run(argv, io)` of server/src/cli.ts in this process (no
 * spawn: the analysis core is loaded once per test file); `spawnCli()` runs the bundle dist/cli.js, for
 * the few smoke tests that must prove the real program (start-up, worker threads, exit status).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli';

export const DIST_CLI = path.resolve(__dirname, '../../dist/cli.js');
export const REPO = path.resolve(__dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
}

/** The CLI in-process. Pool workers (--jobs > 1) run the built bundle, as they do for dist/cli.js. */
export async function cli(args: readonly string[], cwd: string, options: CliRunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    cwd,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    stdin: options.stdin === undefined ? undefined : () => Promise.resolve(options.stdin!),
    workerScript: DIST_CLI,
  });
  return { code, stdout, stderr };
}

/** The bundled CLI in a child process. */
export function spawnCli(args: readonly string[], cwd: string, options: CliRunOptions & { execArgv?: string[] } = {}): CliResult {
  const env = { ...process.env, ...(options.env ?? {}) };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  Object.assign(env, options.env ?? {});
  const r = spawnSync(process.execPath, [...(options.execArgv ?? []), DIST_CLI, ...args], {
    cwd,
    encoding: 'utf8',
    input: options.stdin,
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder with these files (`/`-separated relative paths); removed by the returned cleanup. */
export function tempWorkspace(files: Record<string, string | Buffer>, prefix = 'tfl-cli-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  writeFiles(dir, files);
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** Copies a folder of the repository (examples/service…) to a temporary folder. */
export function copyOf(relative: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-copy-'));
  fs.cpSync(path.join(REPO, relative), dir, { recursive: true });
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
