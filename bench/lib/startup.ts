/**
 * What a user waits for before any analysis: `twelve-factor-lint --version` / `--help`, and whether
 * they evaluate TypeScript (issue 20: they must not), plus the sizes of the bundles that ship.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

export interface StartupFigures {
  /** Median wall time from spawn to exit, ms. */
  wallMs: number;
  exitCode: number | null;
  /** Functions of TypeScript's own code (node_modules/typescript, bundled or not) that ran at least once. */
  typescriptFunctionsRun: number;
  typescriptLoaded: boolean;
}

/** Runs `node <cli> <args>` `runs` times for the wall time, then once under V8 coverage to see what ran. */
export function measureCliStartup(cli: string, args: string[], runs = 5): StartupFigures {
  const times: number[] = [];
  let exitCode: number | null = null;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const child = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    times.push(performance.now() - started);
    exitCode = child.status;
  }
  const typescriptFunctionsRun = typescriptFunctionsRunBy(cli, args);
  return { wallMs: round(median(times)), exitCode, typescriptFunctionsRun, typescriptLoaded: typescriptFunctionsRun > 0 };
}

/** `node -e 0`: Node's own start-up, the floor under any CLI start. */
export function measureNodeStart(runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { env: { ...process.env, NODE_OPTIONS: '' } });
    times.push(performance.now() - started);
  }
  return round(median(times));
}

interface CoverageFunction {
  functionName: string;
  ranges: { startOffset: number; endOffset: number; count: number }[];
}
interface ScriptCoverage {
  url: string;
  functions: CoverageFunction[];
}

/**
 * Counts the functions of TypeScript's code that ran, from V8's precise coverage (NODE_V8_COVERAGE):
 * in a script of the typescript package itself, or in the bundle at a position its source map traces
 * to node_modules/typescript/. Precise, unlike a sampling profile: one call is enough to count.
 */
function typescriptFunctionsRunBy(cli: string, args: string[]): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-bench-coverage-'));
  try {
    spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, NODE_OPTIONS: '', NODE_V8_COVERAGE: dir } });
    const scripts: ScriptCoverage[] = fs
      .readdirSync(dir)
      .flatMap((name) => (JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { result: ScriptCoverage[] }).result);
    const isTypescript = (source: string) => /[\\/]node_modules[\\/]typescript[\\/]/.test(source);
    let count = 0;
    for (const script of scripts) {
      const ran = script.functions.filter((f) => f.ranges[0]?.count > 0);
      if (isTypescript(script.url)) {
        count += ran.length;
        continue;
      }
      const file = script.url.startsWith('file:') ? new URL(script.url).pathname : undefined;
      if (!file || path.resolve(file) !== path.resolve(cli) || !fs.existsSync(`${file}.map`)) continue;
      const map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
      const lineStarts = lineStartsOf(fs.readFileSync(file, 'utf8'));
      for (const fn of ran) {
        const { line, column } = positionOf(lineStarts, fn.ranges[0].startOffset);
        const entry = map.findEntry(line, column) as { originalSource?: string };
        if (entry.originalSource && isTypescript(entry.originalSource)) count++;
      }
    }
    return count;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 0-based line and column of a character offset. V8 offsets count UTF-16 units, as JS strings do. */
function positionOf(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - lineStarts[lo] };
}

export interface BundleFigures {
  /** Whether the measured bundles are the production build (minified), as `npm run build:production` makes them. */
  production: boolean;
  /** Bytes per bundle (the .js files, source maps not counted). */
  bytes: Record<string, number>;
}

/** Sizes of the bundles in `dir`, and whether they are minified (production) builds. */
export function bundleFigures(dir: string, names: string[]): BundleFigures {
  const bytes: Record<string, number> = {};
  for (const name of names) bytes[name] = fs.statSync(path.join(dir, name)).size;
  // esbuild's development bundles keep one statement per line and `// path/to/source.ts` markers;
  // minified ones are a few hundred very long lines.
  // dist/server.js is a small loader of dist/serverMain.js, the server's bundle (server/src/serverLoader.ts).
  const main = fs.existsSync(path.join(dir, 'serverMain.js')) ? 'serverMain.js' : 'server.js';
  const server = fs.readFileSync(path.join(dir, main), 'utf8');
  const lines = server.split('\n').length;
  const production = server.length / lines > 1000 && !/^\/\/ server\/src\//m.test(server);
  return { production, bytes };
}
