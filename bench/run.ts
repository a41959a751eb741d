/**
 * `npm run bench`: speed and memory against floors and peers measured in the same run (bench/README.md).
 * A benchmark, not a test: it prints figures, ratios and where each target of issue 20 stands, and
 * never fails on timing.
 *
 *   npm run bench                     full corpus (~5,900 files, ~76 MB), 3 rounds, ESLint peer included
 *   npm run bench -- --quick          small corpus (~1,800 files), ESLint skipped
 *   npm run bench -- --json out.json  also write the figures (bench/README.md lists the keys)
 *   options: --rounds N, --jobs N (pool size, default: cores), --eslint / --no-eslint, --no-lsp,
 *            --secretlint-profiler (also secretlint with its internal profiler on),
 *            --dev-build (measure the development bundles instead of the production ones)
 *
 * Every ratio is taken within a round (each round runs the floors and the tools back to back), then
 * the median of the per-round ratios is printed, in wall time and in CPU time, with the machine's
 * load per round.
 *
 * The corpus and the peer tools are pinned (bench/corpus/package-lock.json, bench/package-lock.json)
 * and installed with --ignore-scripts into ~/.cache/twelve-factor-lint-bench (TWELVE_FACTOR_BENCH_CACHE),
 * never into the repository; they are files to read, never code to run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigSet, listFiles } from '../server/src/analysis';
import { diskHost } from '../server/src/analysis/disk';
import { writeMonorepo } from './lib/monorepo';
import { writeSyntheticService, type Planted } from './lib/synthetic';
import {
  bigModule,
  measureColdStart,
  measureEditor,
  measureEditorWhileIndexing,
  measureServerScan,
  type EditorFigures,
  type IndexingEditorFigures,
  type Latencies,
  type ServerScanFigures,
} from './lib/lsp';
import { busyDuring, loadAverage1, machineBusyMs } from './lib/machine';
import { bundleFigures, measureCliStartup, measureNodeStart, type StartupFigures } from './lib/startup';

const REPO = path.resolve(__dirname, '..');
const CACHE = process.env.TWELVE_FACTOR_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'twelve-factor-lint-bench');
/** The quick corpus: a few framework packages of the full one (~1,800 files, ~11 MB). */
const QUICK_PACKAGES = ['zod', 'fastify', 'mongoose', '@nestjs/core', 'express', 'express-session', 'koa', 'winston', 'pino', 'async'];

interface Options {
  quick: boolean;
  json?: string;
  rounds: number;
  jobs: number;
  eslint: boolean;
  lsp: boolean;
  /** Also measure secretlint with its internal profiler on (what createEngine does by default). */
  secretlintProfiler: boolean;
  /** Measure the development bundles (readable names in profiles) instead of the production ones. */
  devBuild: boolean;
  /** Files of the generated monorepo at the larger scale size (0: skip the scale figures). */
  scale: number;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const options: Options = {
    quick,
    rounds: 3,
    jobs: os.availableParallelism(),
    eslint: !quick,
    lsp: true,
    secretlintProfiler: false,
    devBuild: false,
    scale: quick ? 0 : 50_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = path.resolve(argv[++i]);
    else if (arg === '--rounds') options.rounds = Math.max(1, Number(argv[++i]));
    else if (arg === '--jobs') options.jobs = Math.max(2, Number(argv[++i]));
    else if (arg === '--eslint') options.eslint = true;
    else if (arg === '--no-eslint') options.eslint = false;
    else if (arg === '--no-lsp') options.lsp = false;
    else if (arg === '--secretlint-profiler') options.secretlintProfiler = true;
    else if (arg === '--dev-build') options.devBuild = true;
    else if (arg === '--scale') options.scale = Math.max(0, Math.round(Number(argv[++i]) || 0));
    else if (arg === '--no-scale') options.scale = 0;
    else if (arg !== '--quick') {
      console.error(`bench: unknown option ${arg}`);
      process.exit(2);
    }
  }
  return options;
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** `npm ci --ignore-scripts` of a pinned package folder into the cache, unless its lockfile is already installed. */
function ensureInstalled(source: string, target: string): void {
  const lock = fs.readFileSync(path.join(source, 'package-lock.json'), 'utf8');
  const marker = path.join(target, 'node_modules', '.twelve-factor-bench-lock');
  const hash = createHash('sha256').update(lock).digest('hex');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash) return;
  log(`installing ${path.relative(REPO, source) || '.'} into ${target} (npm ci --ignore-scripts, once)`);
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(source, 'package.json'), path.join(target, 'package.json'));
  fs.writeFileSync(path.join(target, 'package-lock.json'), lock);
  const npm = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: target,
    stdio: 'inherit',
  });
  if (npm.status !== 0) throw new Error(`npm ci failed in ${target}`);
  fs.writeFileSync(marker, hash);
}

/** The bundles users get: `npm run build:production` (or `npm run build` with --dev-build). */
function build(dev: boolean): void {
  const script = dev ? 'build' : 'build:production';
  log(`npm run ${script}`);
  const npm = spawnSync('npm', ['run', '-s', script], { cwd: REPO, stdio: 'inherit' });
  if (npm.status !== 0) throw new Error(`npm run ${script} failed`);
}

const BUNDLES = ['cli.js', 'server.js', 'serverMain.js', 'extension.js', 'report.js'];

/** The bundles, copied so that a rebuild in the working tree during the run changes nothing. */
function snapshotBundles(): { dir: string; cli: string; server: string; extension: string } {
  const dir = path.join(CACHE, 'dist');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of BUNDLES.flatMap((b) => [b, `${b}.map`])) {
    if (fs.existsSync(path.join(REPO, 'dist', name))) fs.copyFileSync(path.join(REPO, 'dist', name), path.join(dir, name));
  }
  return { dir, cli: path.join(dir, 'cli.js'), server: path.join(dir, 'server.js'), extension: path.join(dir, 'extension.js') };
}

/**
 * The workspace scanned: `pkgs/` (the corpus packages, through symlinks so no path says node_modules,
 * which the product skips), `service/` (the synthetic service) and a config raising maxFileSize so
 * typescript.js (9 MB) is analysed like every other file.
 */
function makeWorkspace(quick: boolean): { root: string; planted: Planted[] } {
  const root = path.join(CACHE, 'workspaces', quick ? 'quick' : 'full');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const modules = path.join(CACHE, 'corpus', 'node_modules');
  if (quick) {
    for (const name of QUICK_PACKAGES) {
      const link = path.join(root, 'pkgs', name);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(modules, name), link, 'dir');
    }
  } else fs.symlinkSync(modules, path.join(root, 'pkgs'), 'dir');
  fs.writeFileSync(path.join(root, '.twelvefactorrc.json'), JSON.stringify({ maxFileSize: 64 * 1024 * 1024 }, null, 2));
  const planted = writeSyntheticService(path.join(root, 'service'));
  return { root, planted };
}

interface Measure {
  wallMs: number;
  maxRssMb: number;
  /** User + system CPU time of the child, all its threads. */
  cpuMs: number;
  /** Cores busy on the machine meanwhile, on average, and how many of them other work used. */
  busyCores: number;
  otherCores: number;
}

/** Runs `node [args]` with the rusage preload; wall clock from spawn to exit. */
function measure(label: string, args: string[], cwd: string): Measure {
  const usageFile = path.join(CACHE, 'run', `${label}.rusage.json`);
  fs.rmSync(usageFile, { force: true });
  const busyBefore = machineBusyMs();
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--require', path.join(__dirname, 'lib', 'rusage.cjs'), ...args], {
    cwd,
    env: { ...process.env, BENCH_RUSAGE: usageFile, NODE_OPTIONS: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  const busyMs = machineBusyMs() - busyBefore;
  if (child.status !== 0 && !(label.startsWith('ours') && child.status === 1)) {
    throw new Error(`${label} exited with ${child.status}: ${child.stderr.slice(-1000)}`);
  }
  const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as { maxRssMb: number; userMs: number; systemMs: number };
  const cpuMs = usage.userMs + usage.systemMs;
  return { wallMs, maxRssMb: usage.maxRssMb, cpuMs, ...busyDuring(busyMs, cpuMs, wallMs) };
}

interface ScaleSize {
  files: number;
  mb: number;
  /** ours --jobs 1 on the monorepo (the CLI, one thread). */
  cpuMs: number;
  wallMs: number;
  peakRssMb: number;
  cpuUsPerFile: number;
  findings: number;
  /** The language server's twelveFactor/scanWorkspace of the same tree (null with --no-lsp). */
  server: ServerScanFigures | null;
}

interface ScaleFigures {
  sizes: ScaleSize[];
  /**
   * The CPU each file added between the two sizes cost, over the CPU a file cost at the smaller size
   * (start-up included there): at most 1 when the cost is linear (a fixed part plus a part per file),
   * above 1 when a file costs more the more files there are.
   */
  marginalCpuRatio: number;
  /** What the server's heap retains per file added between the two sizes (heap snapshots), KB; null without the server. */
  retainedKbPerAddedFile: number | null;
  /** The generated files' average size, KB: retaining less per file than this keeps facts, not texts or trees. */
  averageFileKb: number;
}

/**
 * The scale figures: a generated monorepo (lib/monorepo.ts) of `files` files and one of a tenth of
 * that, each scanned by `ours --jobs 1` and by the language server (twelveFactor/scanWorkspace, a heap
 * snapshot after it). The trees are generated once per size into the cache.
 */
async function measureScale(files: number, bundles: { cli: string; server: string }, lsp: boolean): Promise<ScaleFigures> {
  const sizes: ScaleSize[] = [];
  // A tree is generated again when the generator changed (its module, or the seeded generator it takes from synthetic.ts).
  const hash = createHash('sha256');
  for (const source of ['monorepo.ts', 'synthetic.ts']) hash.update(fs.readFileSync(path.join(__dirname, 'lib', source)));
  const generator = hash.digest('hex');
  for (const n of [Math.max(100, Math.round(files / 10)), files]) {
    const dir = path.join(CACHE, 'workspaces', `monorepo-${n}`);
    const marker = path.join(dir, '.twelve-factor-bench-generated');
    const generated = fs.existsSync(marker)
      ? (JSON.parse(fs.readFileSync(marker, 'utf8')) as { files: number; bytes: number; hash: string })
      : undefined;
    let info: { files: number; bytes: number };
    if (generated?.hash === generator) info = generated;
    else {
      log(`scale: generating a monorepo of ${n} files in ${dir}…`);
      info = writeMonorepo(dir, n);
      fs.writeFileSync(marker, JSON.stringify({ ...info, hash: generator }));
    }
    log(`scale: ours --jobs 1 on ${info.files} files (${fmt(info.bytes / 1024 / 1024)} MB)…`);
    const output = path.join(CACHE, 'run', `scale-${n}.json`);
    const m = measure(`ours scale ${n}`, [bundles.cli, dir, '--format', 'json', '--fail-on', 'none', '--jobs', '1', '-o', output], dir);
    const report = JSON.parse(fs.readFileSync(output, 'utf8')) as { files: number; findings: unknown[] };
    let server: ServerScanFigures | null = null;
    if (lsp) {
      log(`scale: the language server's workspace scan of the same ${info.files} files…`);
      server = await measureServerScan(bundles.server, dir, path.join(CACHE, 'run', 'heap'));
    }
    sizes.push({
      files: report.files,
      mb: Number((info.bytes / 1024 / 1024).toFixed(1)),
      cpuMs: Math.round(m.cpuMs),
      wallMs: Math.round(m.wallMs),
      peakRssMb: Math.round(m.maxRssMb),
      cpuUsPerFile: Math.round((m.cpuMs * 1000) / report.files),
      findings: report.findings.length,
      server,
    });
  }
  const [small, large] = sizes;
  const retained =
    small.server?.heapRetainedMb != null && large.server?.heapRetainedMb != null
      ? ((large.server.heapRetainedMb - small.server.heapRetainedMb) * 1024) / (large.files - small.files)
      : null;
  return {
    sizes,
    marginalCpuRatio: r3((large.cpuMs - small.cpuMs) / (large.files - small.files) / (small.cpuMs / small.files)),
    retainedKbPerAddedFile: retained === null ? null : Number(retained.toFixed(2)),
    averageFileKb: Number(((large.mb * 1024) / large.files).toFixed(2)),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const r3 = (n: number) => Number(n.toFixed(3));

/** What lib/secretlint.mjs reports beside its findings. */
interface SecretlintMeta {
  secretlint: string;
  node: string;
  core: string;
  preset: string;
  profilerEnabled: boolean;
  performanceMarks: number;
}

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: string;
}
const readReport = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { files: number; findings: JsonFinding[] };
const findingKey = (f: JsonFinding) =>
  `${f.ruleId}\u0000${f.file}\u0000${f.line}:${f.column}-${f.endLine}:${f.endColumn}\u0000${f.message}`;

/** Loads the client bundle with a stand-in `vscode` module: load time, size, and whether `typescript` came with it. */
function measureClientBundle(extension: string) {
  const script = `
    const Module = require('node:module');
    const stub = new Proxy(function () {}, { get: (t, k) => (k === Symbol.toPrimitive ? () => '' : k === 'then' ? undefined : stub), apply: () => stub, construct: () => stub });
    const load = Module._load;
    Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
    const started = performance.now();
    const ext = require(${JSON.stringify(extension)});
    const loadMs = performance.now() - started;
    const typescriptLoaded = Object.keys(require.cache).some((f) => /[\\\\/]typescript[\\\\/]/.test(f));
    process.stdout.write(JSON.stringify({ loadMs, typescriptLoaded, exports: Object.keys(ext) }));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const result = JSON.parse(child.stdout || '{}') as { loadMs?: number; typescriptLoaded?: boolean };
  const text = fs.readFileSync(extension, 'utf8');
  return {
    bytes: text.length,
    loadMs: result.loadMs ?? NaN,
    typescriptLoaded: result.typescriptLoaded ?? false,
    bundlesTypescript: text.includes('createSourceFile') || text.includes('require_typescript'),
  };
}

const fmt = (n: number | null | undefined, digits = 1) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

// ─────────────────────────────── rounds and ratios within a round ───────────────────────────────

/** One round: every measurement once, back to back, and how busy the machine was meanwhile. */
interface Round {
  round: number;
  order: string[];
  wallMs: number;
  /** 1-minute load average when the round ended. */
  loadAverage1: number;
  busyCores: number;
  otherCores: number;
  results: Record<string, Measure>;
}

/** A ratio taken within each round (a/b of the same round), then the median over the rounds. */
interface RoundRatio {
  wall: number;
  cpu: number;
  wallRange: [number, number];
  cpuRange: [number, number];
  perRound: { round: number; wall: number; cpu: number }[];
}

function roundRatio(rounds: Round[], a: string, b: string): RoundRatio | null {
  const perRound = rounds
    .filter((r) => r.results[a] && r.results[b])
    .map((r) => ({
      round: r.round,
      wall: r3(r.results[a].wallMs / r.results[b].wallMs),
      cpu: r3(r.results[a].cpuMs / r.results[b].cpuMs),
    }));
  if (perRound.length === 0) return null;
  const walls = perRound.map((p) => p.wall);
  const cpus = perRound.map((p) => p.cpu);
  return {
    wall: r3(median(walls)),
    cpu: r3(median(cpus)),
    wallRange: [Math.min(...walls), Math.max(...walls)],
    cpuRange: [Math.min(...cpus), Math.max(...cpus)],
    perRound,
  };
}

/** The ratios printed and written (key: numerator / denominator, both measured in the same round). */
const RATIOS: { key: string; a: string; b: string; label: string }[] = [
  { key: 'scanVsWalkFloor', a: 'ours1', b: 'floorWalk', label: 'ours --jobs 1 / walk floor' },
  { key: 'scanJobsVsWalkFloor', a: 'oursJobs', b: 'floorWalk', label: 'ours --jobs N / walk floor' },
  { key: 'fullScanVsWalkFloor', a: 'oursFull', b: 'floorWalk', label: 'ours --no-prefilter / walk floor' },
  { key: 'scanVsParseFloor', a: 'ours1', b: 'floorParse', label: 'ours --jobs 1 / parse floor' },
  { key: 'parseFloorVsReadFloor', a: 'floorParse', b: 'floorRead', label: 'parse floor / read floor' },
  { key: 'walkFloorVsParseFloor', a: 'floorWalk', b: 'floorParse', label: 'walk floor / parse floor' },
  { key: 'walkFloorVsReadFloor', a: 'floorWalk', b: 'floorRead', label: 'walk floor / read floor' },
  { key: 'secretlintVsWalkFloor', a: 'secretlint', b: 'floorWalk', label: 'secretlint / walk floor' },
  { key: 'secretlintVsScan', a: 'secretlint', b: 'ours1', label: 'secretlint / ours --jobs 1' },
  { key: 'secretlintVsScanJobs', a: 'secretlint', b: 'oursJobs', label: 'secretlint / ours --jobs N' },
  { key: 'secretlintProfilerCost', a: 'secretlintProfiled', b: 'secretlint', label: 'secretlint profiler on / off' },
  { key: 'eslintVsScan', a: 'eslint', b: 'ours1', label: 'ESLint + no-secrets / ours --jobs 1' },
  { key: 'eslintVsWalkFloor', a: 'eslint', b: 'floorWalk', label: 'ESLint + no-secrets / walk floor' },
  { key: 'cacheWarmVsCold', a: 'oursCacheWarm', b: 'oursCacheCold', label: 'ours --cache: second run / first run' },
  { key: 'cacheWarmVsScan', a: 'oursCacheWarm', b: 'ours1', label: 'ours --cache second run / ours --jobs 1' },
];

// ───────────────────────────── SLOT: the CLI's `--cache` flag (issue 20) ─────────────────────────────
// "Second run with --cache vs first run". The CLI has no --cache flag yet: this slot is skipped until
// its --help lists one. Then every round runs, right after `ours --jobs 1`, a first run with --cache
// (the cache cleared before it) and a second one, and prints their ratio within the round; both
// outputs must be byte-identical to `ours --jobs 1`. The cache is cleared again after the pair, so no
// other measurement reads it. Where the cache lives: `--cache-location <dir>` if the CLI offers it
// (a folder under the bench cache), else whatever the first --cache run creates in the workspace root;
// if it creates nothing there, the location is reported unknown and the "first" runs may be warm.
interface CacheSlot {
  args: string[];
  clear(): void;
  location(): string;
}

function cacheSlot(help: string, root: string): CacheSlot | undefined {
  if (!/--cache\b(?!-)/.test(help)) return undefined;
  if (/--cache-location\b/.test(help)) {
    const dir = path.join(CACHE, 'run', 'cli-cache');
    return {
      args: ['--cache', '--cache-location', dir],
      clear: () => fs.rmSync(dir, { recursive: true, force: true }),
      location: () => `--cache-location ${dir}`,
    };
  }
  const before = new Set(fs.readdirSync(root));
  const created = new Set<string>();
  return {
    args: ['--cache'],
    clear: () => {
      for (const name of fs.readdirSync(root)) {
        if (before.has(name)) continue;
        created.add(name);
        fs.rmSync(path.join(root, name), { recursive: true, force: true });
      }
    },
    location: () =>
      created.size > 0
        ? `created in the workspace root: ${[...created].join(', ')}`
        : 'unknown (nothing new in the workspace root): the first runs may not be cold',
  };
}
// ─────────────────────────────────────────── end of the slot ───────────────────────────────────────────

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  build(options.devBuild);
  fs.mkdirSync(path.join(CACHE, 'run'), { recursive: true });
  ensureInstalled(path.join(REPO, 'bench', 'corpus'), path.join(CACHE, 'corpus'));
  ensureInstalled(path.join(REPO, 'bench'), path.join(CACHE, 'tools'));
  const bundles = snapshotBundles();
  const bundleInfo = bundleFigures(bundles.dir, BUNDLES);
  if (!options.devBuild && !bundleInfo.production) log('warning: the bundles do not look minified: not a production build?');
  const { root, planted } = makeWorkspace(options.quick);
  const tools = path.join(CACHE, 'tools');
  const typescriptDir = path.dirname(require.resolve('typescript/package.json', { paths: [REPO] }));
  const loadAtStart = os.loadavg().map((n) => Number(n.toFixed(2)));

  // The exact files our CLI reads: the same listing, the same config.
  const configs = new ConfigSet(root, (f) => diskHost.readFile(f));
  const files = listFiles(root, [root], { ignoreFor: (dir) => configs.forDir(dir).ignore }).files;
  const listFile = path.join(CACHE, 'run', 'files.json');
  fs.writeFileSync(listFile, JSON.stringify(files));
  let bytes = 0;
  for (const file of files) bytes += fs.statSync(file).size;
  const mb = bytes / 1024 / 1024;
  log(
    `${options.quick ? 'quick' : 'full'} corpus: ${files.length} files, ${fmt(mb)} MB in ${root}; ${options.rounds} round(s), pool of ${options.jobs}`,
  );

  // Before any analysis: the CLI's start, and whether --version / --help evaluate TypeScript.
  log('CLI start-up: --version, --help (and node -e 0)…');
  const help = spawnSync(process.execPath, [bundles.cli, '--help'], { encoding: 'utf8' }).stdout ?? '';
  const cliStartup: { nodeStartMs: number; version: StartupFigures; help: StartupFigures } = {
    nodeStartMs: measureNodeStart(),
    version: measureCliStartup(bundles.cli, ['--version']),
    help: measureCliStartup(bundles.cli, ['--help']),
  };

  const out = (name: string) => path.join(CACHE, 'run', name);
  const floor = path.join(__dirname, 'lib', 'floor.cjs');
  const secretlintScript = path.join(__dirname, 'lib', 'secretlint.mjs');
  const ours = (jobs: number, extra: string[] = []) => [
    bundles.cli,
    root,
    '--format',
    'json',
    '--fail-on',
    'none',
    '--jobs',
    String(jobs),
    ...extra,
  ];
  const runs: Record<string, string[]> = {
    floorRead: [floor, 'read', listFile, typescriptDir],
    floorParse: [floor, 'parse', listFile, typescriptDir],
    floorWalk: [floor, 'walk', listFile, typescriptDir],
    ours1: ours(1, ['-o', out('ours1.json')]),
    oursJobs: ours(options.jobs, ['-o', out('oursJobs.json')]),
    oursFull: ours(1, ['--no-prefilter', '-o', out('oursFull.json')]),
    secretlint: [secretlintScript, tools, listFile, out('secretlint.json')],
    secretlintProfiled: [secretlintScript, tools, listFile, out('secretlintProfiled.json'), '--profiler'],
    eslint: [path.join(__dirname, 'lib', 'eslint.mjs'), tools, listFile, out('eslint.json'), root],
  };
  const cache = cacheSlot(help, root); // SLOT: --cache
  if (cache) {
    runs.oursCacheCold = ours(1, [...cache.args, '-o', out('oursCacheCold.json')]);
    runs.oursCacheWarm = ours(1, [...cache.args, '-o', out('oursCacheWarm.json')]);
  } else log('the CLI has no --cache flag (not in its --help): the --cache slot is skipped');

  // Units run back to back in a round; a unit's runs stay in order (a cache's first run, then its
  // second). Even rounds run the units in reverse, so a load that drifts during a round does not
  // always fall on the same tools.
  const units: string[][] = [
    ['floorRead'],
    ['floorParse'],
    ['floorWalk'],
    ['ours1'],
    ...(cache ? [['oursCacheCold', 'oursCacheWarm']] : []),
    ['oursJobs'],
    ['oursFull'],
    ['secretlint'],
    ...(options.secretlintProfiler ? [['secretlintProfiled']] : []),
  ];
  measure('warm-up', runs.floorRead, root); // the files into the page cache
  const rounds: Round[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const order = (round % 2 === 1 ? units : [...units].reverse()).flat();
    // ESLint is slow: once, in the first round, right after the others (its ratios are that round's).
    if (round === 1 && options.eslint) order.push('eslint');
    const results: Record<string, Measure> = {};
    const busyBefore = machineBusyMs();
    const started = performance.now();
    for (const label of order) {
      if (label === 'oursCacheCold') cache?.clear();
      if (label === 'eslint') log('ESLint + eslint-plugin-no-secrets (once)…');
      const result = measure(label, runs[label], root);
      if (label === 'oursCacheWarm') cache?.clear(); // nothing of it stays for the other tools
      results[label] = result;
      log(
        `round ${round}/${options.rounds} ${label.padEnd(18)} ${fmt(result.wallMs / 1000, 2)} s wall, ${fmt(result.cpuMs / 1000, 2)} s CPU, ${fmt(result.maxRssMb, 0)} MB; other work ${fmt(result.otherCores, 2)} cores`,
      );
    }
    const wallMs = performance.now() - started;
    const ownCpuMs = Object.values(results).reduce((sum, r) => sum + r.cpuMs, 0);
    const busy = busyDuring(machineBusyMs() - busyBefore, ownCpuMs, wallMs);
    rounds.push({ round, order, wallMs: Math.round(wallMs), loadAverage1: loadAverage1(), ...busy, results });
    log(
      `round ${round}: ${fmt(wallMs / 1000, 1)} s, load average ${loadAverage1()}, ${busy.busyCores} of ${os.availableParallelism()} cores busy, ${busy.otherCores} of them with other work`,
    );
  }
  const measured = (label: string) => rounds.flatMap((r) => (r.results[label] ? [r.results[label]] : []));
  const labels = Object.keys(runs).filter((label) => measured(label).length > 0);
  const wall = (label: string) => median(measured(label).map((r) => r.wallMs));
  const cpu = (label: string) => median(measured(label).map((r) => r.cpuMs));
  const rss = (label: string) => Math.max(...measured(label).map((r) => r.maxRssMb));
  const ratios: Record<string, RoundRatio> = {};
  for (const { key, a, b } of RATIOS) {
    const ratio = roundRatio(rounds, a, b);
    if (ratio) ratios[key] = ratio;
  }
  const vsWalk: Record<string, RoundRatio | null> = Object.fromEntries(labels.map((l) => [l, roundRatio(rounds, l, 'floorWalk')]));

  // Same files, same findings whatever the pool or the pre-filter.
  const singleReport = readReport(out('ours1.json'));
  const single = singleReport.findings;
  const sameFiles = singleReport.files === files.length;
  const jobsIdentical = fs.readFileSync(out('ours1.json'), 'utf8') === fs.readFileSync(out('oursJobs.json'), 'utf8');
  const prefiltered = new Set(single.map(findingKey));
  const full = readReport(out('oursFull.json')).findings;
  const prefilterLosses = full.filter((f) => !prefiltered.has(findingKey(f)));
  const cacheFigures = cache
    ? {
        location: cache.location(),
        identical: ['oursCacheCold.json', 'oursCacheWarm.json'].every(
          (name) => fs.readFileSync(out(name), 'utf8') === fs.readFileSync(out('ours1.json'), 'utf8'),
        ),
      }
    : null;

  // Recall on the synthetic service; findings there that were not planted.
  const inService = single.filter((f) => f.file.startsWith('service/'));
  const found = planted.filter((p) => inService.some((f) => f.ruleId === p.ruleId && f.file === `service/${p.file}` && f.line === p.line));
  const missed = planted.filter((p) => !found.includes(p));
  const unplanted = inService.filter(
    (f) => !planted.some((p) => f.ruleId === p.ruleId && f.file === `service/${p.file}` && f.line === p.line),
  );

  // secretlint's findings against ours (all its rules are about secrets: config/no-hardcoded-secret).
  const secretlintReport = JSON.parse(fs.readFileSync(out('secretlint.json'), 'utf8')) as {
    filePath: string;
    messages: { ruleId: string; loc: { start: { line: number } } }[];
  }[];
  const secretlintFindings = secretlintReport.flatMap((r) =>
    r.messages.map((m) => ({ file: path.relative(root, r.filePath).split(path.sep).join('/'), line: m.loc.start.line, ruleId: m.ruleId })),
  );
  const ourSecretLines = new Set(single.filter((f) => f.ruleId === 'config/no-hardcoded-secret').map((f) => `${f.file}:${f.line}`));
  const secretlintOnly = secretlintFindings.filter((f) => !ourSecretLines.has(`${f.file}:${f.line}`));
  const secretlintLines = new Set(secretlintFindings.map((f) => `${f.file}:${f.line}`));
  // Versions, and proof that secretlint's internal profiler was off (no performance marks made).
  const secretlintMeta = JSON.parse(fs.readFileSync(`${out('secretlint.json')}.meta.json`, 'utf8')) as SecretlintMeta;
  const oursOnlySecrets = [...ourSecretLines].filter((l) => !secretlintLines.has(l));
  const eslintReport = options.eslint
    ? (JSON.parse(fs.readFileSync(out('eslint.json'), 'utf8')) as {
        files: number;
        findings: number;
        parseErrors: number;
        notLinted: number;
      })
    : undefined;

  let editor: EditorFigures | undefined;
  let server: ServerScanFigures | undefined;
  let coldStart:
    | {
        smallFile: string;
        small: Latencies & { firstMs: number; reopened: Latencies };
        big2k: Latencies & { firstMs: number; reopened: Latencies };
      }
    | undefined;
  let corpusEditor: { edits2k: IndexingEditorFigures; edits10k: IndexingEditorFigures } | undefined;
  if (options.lsp) {
    log('LSP: 200 paced edits on a 2,000-line and a 10,000-line file, bursts, program re-judgement (4-file workspace)…');
    editor = await measureEditor(bundles.server, path.join(CACHE, 'workspaces', 'editor'));
    // The same big files in the corpus workspace, only while the editor measures run (the scans
    // above and the server scan below never see them).
    const sigterm = planted.find((p) => p.ruleId === 'disposability/handle-sigterm')!;
    const sentinel = { file: path.join(root, 'service', sigterm.file), ruleId: sigterm.ruleId };
    const editorDir = path.join(root, 'service', 'src', 'editor');
    const big = { big2k: path.join(editorDir, 'big2k.ts'), big10k: path.join(editorDir, 'big10k.ts') };
    const texts = { big2k: bigModule(2000), big10k: bigModule(10000) };
    fs.mkdirSync(editorDir, { recursive: true });
    fs.writeFileSync(big.big2k, texts.big2k);
    fs.writeFileSync(big.big10k, texts.big10k);
    try {
      log(
        'LSP: cold start to first diagnostics in the corpus workspace (per file: 1 fresh server without the code cache, 5 with it, then 5 on the document reopened with its analysis cached)…',
      );
      const smallFile = path.join(root, 'service', 'src', 'server.ts');
      coldStart = {
        smallFile: path.relative(root, smallFile),
        small: await measureColdStart(bundles.server, root, smallFile),
        big2k: await measureColdStart(bundles.server, root, big.big2k),
      };
      log('LSP: paced edits in the corpus workspace while the server indexes it, then after (2,000 lines)…');
      const edits2k = await measureEditorWhileIndexing(bundles.server, root, { file: big.big2k, text: texts.big2k }, sentinel);
      log('LSP: the same with 10,000 lines…');
      const edits10k = await measureEditorWhileIndexing(bundles.server, root, { file: big.big10k, text: texts.big10k }, sentinel);
      corpusEditor = { edits2k, edits10k };
    } finally {
      fs.rmSync(editorDir, { recursive: true, force: true });
    }
    log('LSP: workspace scan of the corpus…');
    server = await measureServerScan(bundles.server, root, path.join(CACHE, 'run', 'heap'));
  }
  const scale = options.scale > 0 ? await measureScale(options.scale, bundles, options.lsp) : undefined;
  const client = measureClientBundle(bundles.extension);

  const pick = (key: 'wall' | 'cpu') =>
    Object.fromEntries(RATIOS.map(({ key: k }) => [k, ratios[k] ? ratios[k][key] : null])) as Record<string, number | null>;
  const wallRatios = pick('wall');
  const figures = {
    version: 2,
    mode: options.quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    machine: {
      cpus: os.availableParallelism(),
      model: os.cpus()[0]?.model ?? '',
      node: process.version,
      loadAverage: loadAtStart,
      loadAverageEnd: os.loadavg().map((n) => Number(n.toFixed(2))),
    },
    rounds: options.rounds,
    jobs: options.jobs,
    corpus: { files: files.length, mb: Number(mb.toFixed(2)) },
    roundDetails: rounds.map((r) => ({
      round: r.round,
      order: r.order,
      wallMs: r.wallMs,
      loadAverage1: r.loadAverage1,
      busyCores: r.busyCores,
      otherCores: r.otherCores,
      results: Object.fromEntries(
        Object.entries(r.results).map(([k, m]) => [
          k,
          { wallMs: Math.round(m.wallMs), cpuMs: Math.round(m.cpuMs), peakRssMb: Math.round(m.maxRssMb), otherCores: m.otherCores },
        ]),
      ),
    })),
    wallMs: Object.fromEntries(labels.map((k) => [k, Math.round(wall(k))])),
    cpuMs: Object.fromEntries(labels.map((k) => [k, Math.round(cpu(k))])),
    peakRssMb: Object.fromEntries(labels.map((k) => [k, Math.round(rss(k))])),
    filesPerSecond: Object.fromEntries(labels.map((k) => [k, Math.round(files.length / (wall(k) / 1000))])),
    mbPerSecond: Object.fromEntries(labels.map((k) => [k, Number((mb / (wall(k) / 1000)).toFixed(2))])),
    /** Each ratio within a round, median over the rounds; `ratios` has the CPU-time ratios, the ranges and the per-round values. */
    ...wallRatios,
    cpuRatios: pick('cpu'),
    ratios,
    vsWalkFloor: vsWalk,
    sameFiles,
    jobsIdentical,
    prefilterLosses: prefilterLosses.length,
    cache: cacheFigures,
    findings: {
      scan: single.length,
      fullScan: full.length,
      secretlint: secretlintFindings.length,
      eslintNoSecrets: eslintReport?.findings ?? null,
      eslintParseErrors: eslintReport?.parseErrors ?? null,
      eslintNotLinted: eslintReport?.notLinted ?? null,
    },
    recall: {
      planted: planted.length,
      found: found.length,
      missed: missed.map((p) => `${p.ruleId} service/${p.file}:${p.line} (${p.what})`),
      unplanted: unplanted.map((f) => `${f.ruleId} ${f.file}:${f.line}`),
    },
    secretlint: secretlintMeta,
    secretlintOnly: secretlintOnly.map((f) => `${f.ruleId} ${f.file}:${f.line}`),
    oursOnlySecretLines: oursOnlySecrets.length,
    editP95Ms2k: editor?.edits2k.p95Ms ?? null,
    editP95Ms10k: editor?.edits10k.p95Ms ?? null,
    editFloorP95Ms2k: editor?.floor2k.p95Ms ?? null,
    editFloorP95Ms10k: editor?.floor10k.p95Ms ?? null,
    editP95Ms2kCorpus: corpusEditor?.edits2k.afterIndexing.p95Ms ?? null,
    editP95Ms10kCorpus: corpusEditor?.edits10k.afterIndexing.p95Ms ?? null,
    editP95Ms2kWhileIndexing: corpusEditor?.edits2k.whileIndexing.p95Ms ?? null,
    editP95Ms10kWhileIndexing: corpusEditor?.edits10k.whileIndexing.p95Ms ?? null,
    coldStartMs: coldStart ? Math.max(coldStart.small.medianMs, coldStart.big2k.medianMs) : null,
    coldStartReopenedMs: coldStart ? Math.max(coldStart.small.reopened.medianMs, coldStart.big2k.reopened.medianMs) : null,
    editor: editor ?? null,
    corpusEditor: corpusEditor ?? null,
    coldStart: coldStart ?? null,
    rejudgeP95Ms: editor?.rejudge.p95Ms ?? null,
    serverRssMb: server?.rssAfterMb ?? null,
    serverRssAfterGcMb: server?.rssAfterGcMb ?? null,
    server: server ?? null,
    scale: scale ?? null,
    cliStartup,
    bundles: bundleInfo,
    client,
  };
  const targets = assessTargets(figures, options);

  printSummary({ ...figures, targets }, options);
  if (options.json) {
    fs.mkdirSync(path.dirname(options.json), { recursive: true });
    fs.writeFileSync(options.json, `${JSON.stringify({ ...figures, targets }, null, 2)}\n`);
    log(`figures written to ${options.json}`);
  }
}

// ─────────────────────────────────────────── the targets of issue 20 ───────────────────────────────────────────

interface Target {
  target: string;
  /** Where this run stands. */
  figure: string;
  status: 'met' | 'not met' | 'met on CPU only' | 'met on wall only' | 'met on reopened documents only' | 'not measured';
}

/** `p50 ×a / p95 ×b`: edit→diagnostics over the editor floor on the same edits. */
function floorRatios(edits: Latencies, floor: Latencies): string {
  return `${fmt(edits.medianMs / floor.medianMs, 1)}× / ${fmt(edits.p95Ms / floor.p95Ms, 1)}×`;
}

function assessTargets(f: Record<string, any>, options: Options): Target[] {
  const targets: Target[] = [];
  const add = (target: string, figure: string, status: Target['status']) => targets.push({ target, figure, status });
  const both = (wallOk: boolean, cpuOk: boolean): Target['status'] =>
    wallOk && cpuOk ? 'met' : cpuOk ? 'met on CPU only' : wallOk ? 'met on wall only' : 'not met';
  const lat = (x: Latencies | undefined | null) => (x && x.count > 0 ? `${fmt(x.p95Ms)} ms (n=${x.count})` : 'no edit');
  const ok = (x: Latencies | undefined | null, limit: number) => !x || x.count === 0 || x.p95Ms <= limit;

  for (const [lines, limit, small, corpus] of [
    ['2,000', 25, f.editor?.edits2k, f.corpusEditor?.edits2k],
    ['10,000', 100, f.editor?.edits10k, f.corpusEditor?.edits10k],
  ] as const) {
    if (!f.editor) {
      add(`edit→diagnostics p95 ≤ ${limit} ms, ${lines} lines`, 'not measured (--no-lsp)', 'not measured');
      add(`… also while a corpus-sized workspace indexes (${lines} lines)`, 'not measured (--no-lsp)', 'not measured');
      continue;
    }
    const floor = (lines === '2,000' ? f.editor.floor2k : f.editor.floor10k) as Latencies | undefined;
    add(
      `edit→diagnostics p95 ≤ ${limit} ms, ${lines} lines`,
      `4-file workspace ${lat(small)}${floor && floor.count > 0 ? ` (${fmt(small.p95Ms / floor.p95Ms, 1)}× the editor floor's p95, ${fmt(floor.p95Ms)} ms)` : ''}; corpus workspace after indexing ${lat(corpus?.afterIndexing)}`,
      ok(small, limit) && ok(corpus?.afterIndexing, limit) ? 'met' : 'not met',
    );
    const during = corpus?.whileIndexing as Latencies | undefined;
    add(
      `… also while a corpus-sized workspace indexes (${lines} lines)`,
      corpus?.indexedMs === null
        ? `indexing end not seen: ${lat(during)}`
        : during && during.count > 0
          ? `${lat(during)}, indexed ${fmt(corpus.indexedMs / 1000, 1)} s after spawn`
          : 'indexing ended before the first edit',
      during && during.count > 0 ? (during.p95Ms <= limit ? 'met' : 'not met') : 'not measured',
    );
  }
  const ratio = (key: string) => f.ratios[key] as RoundRatio | undefined;
  const full = ratio('fullScanVsWalkFloor');
  add(
    'scan with every file parsed ≤ 1.3× read+parse+walk floor',
    full
      ? `--no-prefilter ${fmt(full.wall, 2)}× wall, ${fmt(full.cpu, 2)}× CPU (pre-filtered: ${fmt(ratio('scanVsWalkFloor')?.wall, 2)}× wall)`
      : 'n/a',
    full ? both(full.wall <= 1.3, full.cpu <= 1.3) : 'not measured',
  );
  const sl = ratio('secretlintVsScan');
  add(
    `pre-filtered scan faster than secretlint ${f.secretlint.secretlint} (single-threaded, same files)`,
    sl
      ? `ours --jobs 1 takes ${fmt(1 / sl.wall, 2)}× secretlint's wall time, ${fmt(1 / sl.cpu, 2)}× its CPU time${f.secretlint.profilerEnabled ? ' (secretlint profiler ON)' : ''}`
      : 'n/a',
    sl ? both(sl.wall > 1, sl.cpu > 1) : 'not measured',
  );
  const es = ratio('eslintVsScan');
  add(
    '≥ 30× faster than ESLint + no-secrets',
    es ? `${fmt(es.wall, 1)}× wall, ${fmt(es.cpu, 1)}× CPU` : `not measured (${options.quick ? '--quick: add --eslint' : '--no-eslint'})`,
    es ? both(es.wall >= 30, es.cpu >= 30) : 'not measured',
  );
  if (!f.server) add('server RSS ≤ 250 MB after scanning the full corpus', 'not measured (--no-lsp)', 'not measured');
  else {
    const rssFigure = `${f.server.rssAfterMb} MB one second after the scan of ${f.corpus.files} files (heap retained ${f.server.heapRetainedMb ?? 'n/a'} MB)`;
    add(
      'server RSS ≤ 250 MB after scanning the full corpus',
      f.mode === 'full' ? rssFigure : `quick corpus: ${rssFigure}`,
      f.mode === 'full' ? (f.server.rssAfterMb <= 250 ? 'met' : 'not met') : f.server.rssAfterMb > 250 ? 'not met' : 'not measured',
    );
  }
  add(
    'cold start to first diagnostics ≤ 300 ms',
    f.coldStart
      ? `median of 5 starts with the code cache, a document never opened before: ${f.coldStart.small.medianMs} ms (${f.coldStart.smallFile}), ${f.coldStart.big2k.medianMs} ms (2,000 lines) in the corpus workspace; reopened unchanged (its analysis cached): ${f.coldStart.small.reopened.medianMs} / ${f.coldStart.big2k.reopened.medianMs} ms; the first start, without any cache: ${f.coldStart.small.firstMs} / ${f.coldStart.big2k.firstMs} ms`
      : 'not measured (--no-lsp)',
    f.coldStart
      ? f.coldStartMs <= 300
        ? 'met'
        : f.coldStartReopenedMs !== null && f.coldStartReopenedMs <= 300
          ? 'met on reopened documents only'
          : 'not met'
      : 'not measured',
  );
  const st = f.cliStartup;
  add(
    'CLI --version / --help without loading TypeScript',
    `--version ${st.version.wallMs} ms, ${st.version.typescriptFunctionsRun} TypeScript functions run; --help ${st.help.wallMs} ms, ${st.help.typescriptFunctionsRun} (node -e 0: ${st.nodeStartMs} ms)`,
    !st.version.typescriptLoaded && !st.help.typescriptLoaded ? 'met' : 'not met',
  );
  add('prefilterLosses 0', String(f.prefilterLosses), f.prefilterLosses === 0 ? 'met' : 'not met');
  add(`--jobs ${f.jobs} output byte-identical to --jobs 1`, String(f.jobsIdentical), f.jobsIdentical ? 'met' : 'not met');
  const sc = f.scale as ScaleFigures | null;
  if (!sc)
    add(
      'cost linear in files (a generated monorepo, two sizes)',
      `not measured (${options.quick ? '--quick: add --scale 50000' : '--no-scale'})`,
      'not measured',
    );
  else {
    const [small, large] = sc.sizes;
    add(
      'cost linear in files (a generated monorepo, two sizes)',
      `CPU per file ${small.cpuUsPerFile} µs at ${small.files} files (start-up included), ${large.cpuUsPerFile} µs at ${large.files}; each added file ${fmt(sc.marginalCpuRatio, 2)}× a file at the smaller size`,
      sc.marginalCpuRatio <= 1.1 ? 'met' : 'not met',
    );
    add(
      `a generated ${large.files}-file monorepo scanned with bounded memory`,
      sc.retainedKbPerAddedFile === null
        ? `CLI peak RSS ${small.peakRssMb} / ${large.peakRssMb} MB; server not measured (--no-lsp)`
        : `server retains ${fmt(sc.retainedKbPerAddedFile, 2)} KB per added file (the files average ${fmt(sc.averageFileKb, 2)} KB), heap ${large.server!.heapRetainedMb} MB, RSS ${large.server!.rssAfterMb} MB after the scan; CLI peak RSS ${small.peakRssMb} / ${large.peakRssMb} MB`,
      sc.retainedKbPerAddedFile === null ? 'not measured' : sc.retainedKbPerAddedFile <= sc.averageFileKb ? 'met' : 'not met',
    );
  }
  return targets;
}

// ─────────────────────────────────────────────── printing ───────────────────────────────────────────────

function printSummary(f: Record<string, any>, options: Options): void {
  const row = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(36) : String(c).padStart(9))).join(' ');
  const lines: string[] = [];
  const kb = (n: number) => `${fmt(n / 1024, 0)} KB`;
  lines.push(
    '',
    `Twelve-Factor Lint bench (${f.mode}): ${f.corpus.files} files, ${f.corpus.mb} MB; ${f.rounds} round(s), units reversed in even rounds; pool of ${f.jobs}; ${f.machine.cpus} cores (${f.machine.model}), Node ${f.machine.node}`,
    `load average (1, 5, 15 min) at the start ${f.machine.loadAverage.join(' ')}, at the end ${f.machine.loadAverageEnd.join(' ')}; ${f.bundles.production ? 'production' : 'DEVELOPMENT'} bundles`,
  );
  for (const r of f.roundDetails) {
    lines.push(
      `  round ${r.round}: ${fmt(r.wallMs / 1000, 1)} s, load average ${r.loadAverage1} at its end, ${r.busyCores} of ${f.machine.cpus} cores busy on average, ${r.otherCores} with other work than the bench's`,
    );
  }
  lines.push('');
  lines.push(row(['medians over the rounds', 'wall s', 'files/s', 'MB/s', 'CPU s', 'peak MB', '× walk', '× walk CPU']));
  const line = (name: string, key: string) => {
    const ms = f.wallMs[key];
    if (ms === undefined) return;
    const vs = f.vsWalkFloor[key] as RoundRatio | null;
    lines.push(
      row([
        name,
        fmt(ms / 1000, 2),
        Math.round(f.corpus.files / (ms / 1000)),
        fmt(f.corpus.mb / (ms / 1000), 2),
        fmt(f.cpuMs[key] / 1000, 2),
        f.peakRssMb[key],
        fmt(vs?.wall, 2),
        fmt(vs?.cpu, 2),
      ]),
    );
  };
  line('floor: read', 'floorRead');
  line('floor: read + parse', 'floorParse');
  line('floor: read + parse + walk', 'floorWalk');
  line('ours --jobs 1', 'ours1');
  line('ours --jobs 1 --cache, first run', 'oursCacheCold');
  line('ours --jobs 1 --cache, second run', 'oursCacheWarm');
  line(`ours --jobs ${f.jobs}`, 'oursJobs');
  line('ours --jobs 1 --no-prefilter', 'oursFull');
  line(`secretlint ${f.secretlint.secretlint} (preset ${f.secretlint.preset})`, 'secretlint');
  line('secretlint, its profiler on', 'secretlintProfiled');
  line('ESLint + no-secrets (round 1 only)', 'eslint');
  lines.push('(× walk: the ratio to the walk floor within each round, median over the rounds)');
  lines.push('');
  lines.push(row(['ratios within a round: median', 'wall', 'min', 'max', 'CPU', 'min', 'max']));
  for (const { key, label } of RATIOS) {
    const r = f.ratios[key] as RoundRatio | undefined;
    if (!r) continue;
    lines.push(
      row([
        label,
        fmt(r.wall, 3),
        fmt(r.wallRange[0], 3),
        fmt(r.wallRange[1], 3),
        fmt(r.cpu, 3),
        fmt(r.cpuRange[0], 3),
        fmt(r.cpuRange[1], 3),
      ]),
    );
  }
  lines.push('');
  lines.push(
    `same files: ours --jobs 1 scanned ${f.sameFiles ? 'the' : 'NOT the'} ${f.corpus.files} files every other tool read; --jobs ${f.jobs} byte-identical to --jobs 1: ${f.jobsIdentical}; prefilterLosses ${f.prefilterLosses} (of ${f.findings.fullScan} findings without the pre-filter)`,
  );
  if (f.cache) lines.push(`--cache: cache ${f.cache.location}; both runs byte-identical to ours --jobs 1: ${f.cache.identical}`);
  else lines.push('--cache: the CLI has no --cache flag yet (slot skipped)');
  lines.push(
    `recall on the synthetic service: ${f.recall.found}/${f.recall.planted} planted violations found${f.recall.missed.length ? `; missed: ${f.recall.missed.join('; ')}` : ''}; findings not planted: ${f.recall.unplanted.length ? f.recall.unplanted.join('; ') : 'none'}`,
  );
  lines.push(
    `secretlint ${f.secretlint.secretlint} (@secretlint/node ${f.secretlint.node}, core ${f.secretlint.core}, recommended preset ${f.secretlint.preset}): profiler ${f.secretlint.profilerEnabled ? 'ON (its cost is in the figure)' : 'off'}, ${f.secretlint.performanceMarks} performance marks; ${f.findings.secretlint} findings, ${f.secretlintOnly.length} not found by us${f.secretlintOnly.length ? ` (${f.secretlintOnly.slice(0, 10).join('; ')}${f.secretlintOnly.length > 10 ? '…' : ''})` : ''}; we report secrets on ${f.oursOnlySecretLines} lines secretlint does not`,
  );
  if (f.findings.eslintNoSecrets !== null)
    lines.push(
      `ESLint no-secrets: ${f.findings.eslintNoSecrets} findings, ${f.findings.eslintParseErrors} files it could not parse, ${f.findings.eslintNotLinted} it did not lint`,
    );
  const l = (x: Latencies | undefined) =>
    x && x.count > 0 ? `p50 ${x.medianMs} / p95 ${x.p95Ms} / max ${x.maxMs} ms (${x.count})` : 'no edit (0)';
  if (f.editor) {
    lines.push('');
    lines.push(`LSP, a 4-file workspace: edit→diagnostics, 2,000 lines: ${l(f.editor.edits2k)}; 10,000 lines: ${l(f.editor.edits10k)}`);
    if (f.editor.floor2k)
      lines.push(
        `  editor floor, the same edits (ts.updateSourceFile + one walk, in the bench's process): 2,000 lines: ${l(f.editor.floor2k)}; 10,000 lines: ${l(f.editor.floor10k)}; edit→diagnostics / floor, p50 and p95: 2,000 lines ${floorRatios(f.editor.edits2k, f.editor.floor2k)}, 10,000 lines ${floorRatios(f.editor.edits10k, f.editor.floor10k)}`,
      );
    lines.push(`  typing bursts (30 ms apart): 2,000 lines: ${l(f.editor.burst2k)}; 10,000 lines: ${l(f.editor.burst10k)}`);
    lines.push(
      `  first diagnostics on open: 2,000 lines ${f.editor.openMs2k} ms (cold start, spawn to them: ${f.editor.coldStartMs2k} ms), 10,000 lines ${f.editor.openMs10k} ms; handle-sigterm re-judged after an edit in another file: ${l(f.editor.rejudge)}`,
    );
  }
  if (f.corpusEditor) {
    lines.push(
      `LSP, the ${f.mode} corpus workspace (${f.corpus.files} files; the server indexes every file's program facts on the first open):`,
    );
    for (const [name, x] of [
      ['2,000', f.corpusEditor.edits2k],
      ['10,000', f.corpusEditor.edits10k],
    ] as const) {
      lines.push(
        `  ${name} lines: cold start ${x.coldStartMs} ms; indexed ${x.indexedMs === null ? 'NOT seen' : `${fmt(x.indexedMs / 1000, 1)} s`} after spawn (server CPU ${fmt((x.indexingCpuMs ?? NaN) / 1000, 1)} s); edit→diagnostics while indexing ${l(x.whileIndexing)}, after ${l(x.afterIndexing)}; server RSS after ${x.serverRssAfterMb} MB (while editing after indexing: median ${x.serverRssWhileEditingMb.median}, max ${x.serverRssWhileEditingMb.max} MB)`,
      );
    }
  }
  if (f.coldStart)
    lines.push(
      `  cold start (spawn → initialize → open → first diagnostics), 5 fresh servers with the code cache: ${f.coldStart.smallFile} p50 ${f.coldStart.small.medianMs} / max ${f.coldStart.small.maxMs} ms; 2,000 lines p50 ${f.coldStart.big2k.medianMs} / max ${f.coldStart.big2k.maxMs} ms; the first start, without it: ${f.coldStart.small.firstMs} / ${f.coldStart.big2k.firstMs} ms; reopened with the document's analysis cached: p50 ${f.coldStart.small.reopened.medianMs} / max ${f.coldStart.small.reopened.maxMs} ms, 2,000 lines p50 ${f.coldStart.big2k.reopened.medianMs} / max ${f.coldStart.big2k.reopened.maxMs} ms`,
    );
  if (f.server)
    lines.push(
      `  workspace scan (twelveFactor/scanWorkspace): ${f.server.files} files in ${fmt(f.server.scanMs / 1000, 2)} s, ${f.server.findings} findings; server RSS ${f.server.rssBeforeMb} MB before, ${f.server.rssAfterMb} MB after (peak ${f.server.peakRssMb} MB); after a heap snapshot (a full GC, then the snapshot writer's own memory) ${f.server.rssAfterGcMb} MB; the heap it describes (what the server retains) ${f.server.heapRetainedMb} MB, the snapshot file ${f.server.heapSnapshotMb} MB`,
    );
  if (f.scale) {
    const sc = f.scale as ScaleFigures;
    lines.push("scale: a generated monorepo (bench/lib/monorepo.ts), ours --jobs 1 and the language server's workspace scan:");
    for (const x of sc.sizes)
      lines.push(
        `  ${x.files} files, ${x.mb} MB: CLI ${fmt(x.cpuMs / 1000, 1)} s CPU (${x.cpuUsPerFile} µs a file), ${fmt(x.wallMs / 1000, 1)} s wall, peak RSS ${x.peakRssMb} MB, ${x.findings} findings` +
          (x.server
            ? `; server scan ${fmt(x.server.scanMs / 1000, 1)} s, RSS ${x.server.rssAfterMb} MB after (peak ${x.server.peakRssMb}), heap retained ${x.server.heapRetainedMb} MB`
            : ''),
      );
    lines.push(
      `  CPU of each added file / CPU a file at the smaller size: ${fmt(sc.marginalCpuRatio, 2)} (≤ 1: linear); heap retained per added file: ${sc.retainedKbPerAddedFile ?? 'n/a'} KB (the files average ${sc.averageFileKb} KB)`,
    );
  }
  lines.push('');
  lines.push(
    `bundles (${f.bundles.production ? 'npm run build:production' : 'npm run build: development, not what ships'}): ${Object.entries(
      f.bundles.bytes as Record<string, number>,
    )
      .map(([name, n]) => `${name} ${kb(n)}`)
      .join(', ')}`,
  );
  lines.push(
    `client: loads in ${fmt(f.client.loadMs, 0)} ms, typescript bundled: ${f.client.bundlesTypescript}, loaded: ${f.client.typescriptLoaded}; CLI start: --version ${f.cliStartup.version.wallMs} ms, --help ${f.cliStartup.help.wallMs} ms, node -e 0 ${f.cliStartup.nodeStartMs} ms`,
  );
  if (!options.eslint) lines.push('(ESLint peer skipped: full run only, or --eslint)');

  lines.push('');
  lines.push('Targets of issue 20: where this run stands (printed, never enforced)');
  const width = Math.max(...(f.targets as Target[]).map((t) => t.target.length));
  for (const t of f.targets as Target[]) lines.push(`  ${t.target.padEnd(width)}  ${t.status.padEnd(16)}  ${t.figure}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
