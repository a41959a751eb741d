/**
 * `npm run bench`: speed and memory against floors and peers measured in the same run (bench/README.md).
 * A benchmark, not a test: it prints figures and ratios and never fails on timing.
 *
 *   npm run bench                     full corpus (~5,800 files, ~76 MB), 3 rounds, ESLint peer included
 *   npm run bench -- --quick          small corpus (~1,700 files), a couple of minutes
 *   npm run bench -- --json out.json  also write the figures (bench/README.md lists the keys)
 *   options: --rounds N, --jobs N (pool size, default: cores), --eslint / --no-eslint, --no-lsp,
 *            --secretlint-profiler (also secretlint with its internal profiler on)
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
import { listFiles, loadConfig } from '../server/src/analysis';
import { writeSyntheticService, type Planted } from './lib/synthetic';
import { measureEditor, measureServerScan, type EditorFigures, type ServerScanFigures } from './lib/lsp';

const REPO = path.resolve(__dirname, '..');
const CACHE = process.env.TWELVE_FACTOR_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'twelve-factor-lint-bench');
/** The quick corpus: a few framework packages of the full one (~1,700 files, ~11 MB). */
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
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const options: Options = {
    quick,
    rounds: quick ? 3 : 3,
    jobs: os.availableParallelism(),
    eslint: !quick,
    lsp: true,
    secretlintProfiler: false,
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

/** The bundles, copied so that a rebuild in the working tree during the run changes nothing. */
function snapshotBundles(): { cli: string; server: string; extension: string } {
  const dir = path.join(CACHE, 'dist');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['cli.js', 'cli.js.map', 'server.js', 'server.js.map', 'extension.js'])
    fs.copyFileSync(path.join(REPO, 'dist', name), path.join(dir, name));
  return { cli: path.join(dir, 'cli.js'), server: path.join(dir, 'server.js'), extension: path.join(dir, 'extension.js') };
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
  cpuMs: number;
}

/** Runs `node [args]` with the rusage preload; wall clock from spawn to exit. */
function measure(label: string, args: string[], cwd: string): Measure {
  const usageFile = path.join(CACHE, 'run', `${label}.rusage.json`);
  fs.rmSync(usageFile, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--require', path.join(__dirname, 'lib', 'rusage.cjs'), ...args], {
    cwd,
    env: { ...process.env, BENCH_RUSAGE: usageFile, NODE_OPTIONS: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0 && !(label.startsWith('ours') && child.status === 1)) {
    throw new Error(`${label} exited with ${child.status}: ${child.stderr.slice(-1000)}`);
  }
  const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as { maxRssMb: number; userMs: number; systemMs: number };
  return { wallMs, maxRssMb: usage.maxRssMb, cpuMs: usage.userMs + usage.systemMs };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

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
const readFindings = (file: string): JsonFinding[] => (JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: JsonFinding[] }).findings;
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

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  fs.mkdirSync(path.join(CACHE, 'run'), { recursive: true });
  ensureInstalled(path.join(REPO, 'bench', 'corpus'), path.join(CACHE, 'corpus'));
  ensureInstalled(path.join(REPO, 'bench'), path.join(CACHE, 'tools'));
  const bundles = snapshotBundles();
  const { root, planted } = makeWorkspace(options.quick);
  const tools = path.join(CACHE, 'tools');
  const typescriptDir = path.dirname(require.resolve('typescript/package.json', { paths: [REPO] }));

  // The exact files our CLI reads: the same listing, the same config.
  const { config } = loadConfig(root);
  const files = listFiles(root, [root], { ignore: config.ignore }).files;
  const listFile = path.join(CACHE, 'run', 'files.json');
  fs.writeFileSync(listFile, JSON.stringify(files));
  let bytes = 0;
  for (const file of files) bytes += fs.statSync(file).size;
  const mb = bytes / 1024 / 1024;
  log(
    `${options.quick ? 'quick' : 'full'} corpus: ${files.length} files, ${fmt(mb)} MB in ${root}; ${options.rounds} round(s), pool of ${options.jobs}`,
  );

  const out = (name: string) => path.join(CACHE, 'run', name);
  const floor = path.join(__dirname, 'lib', 'floor.cjs');
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
  const runs: Record<string, { args: string[]; results: Measure[] }> = {
    floorRead: { args: [floor, 'read', listFile, typescriptDir], results: [] },
    floorParse: { args: [floor, 'parse', listFile, typescriptDir], results: [] },
    floorWalk: { args: [floor, 'walk', listFile, typescriptDir], results: [] },
    ours1: { args: ours(1, ['-o', out('ours1.json')]), results: [] },
    oursJobs: { args: ours(options.jobs, ['-o', out('oursJobs.json')]), results: [] },
    oursFull: { args: ours(1, ['--no-prefilter', '-o', out('oursFull.json')]), results: [] },
    secretlint: { args: [path.join(__dirname, 'lib', 'secretlint.mjs'), tools, listFile, out('secretlint.json')], results: [] },
  };
  if (options.secretlintProfiler) {
    runs.secretlintProfiled = {
      args: [path.join(__dirname, 'lib', 'secretlint.mjs'), tools, listFile, out('secretlintProfiled.json'), '--profiler'],
      results: [],
    };
  }
  measure('warm-up', runs.floorRead.args, root); // the files into the page cache
  for (let round = 1; round <= options.rounds; round++) {
    for (const [label, run] of Object.entries(runs)) {
      const result = measure(label, run.args, root);
      run.results.push(result);
      log(`round ${round}/${options.rounds} ${label.padEnd(10)} ${fmt(result.wallMs / 1000, 2)} s, ${fmt(result.maxRssMb, 0)} MB`);
    }
  }
  let eslint: Measure | undefined;
  let eslintReport: { files: number; findings: number; parseErrors: number; notLinted: number } | undefined;
  if (options.eslint) {
    log('ESLint + eslint-plugin-no-secrets (once)…');
    eslint = measure('eslint', [path.join(__dirname, 'lib', 'eslint.mjs'), tools, listFile, out('eslint.json'), root], root);
    eslintReport = JSON.parse(fs.readFileSync(out('eslint.json'), 'utf8'));
    log(`eslint ${fmt(eslint.wallMs / 1000, 2)} s, ${fmt(eslint.maxRssMb, 0)} MB`);
  }
  const wall = (label: string) => median(runs[label].results.map((r) => r.wallMs));
  const rss = (label: string) => Math.max(...runs[label].results.map((r) => r.maxRssMb));
  const cpu = (label: string) => median(runs[label].results.map((r) => r.cpuMs));

  // Same findings whatever the pool or the pre-filter.
  const single = readFindings(out('ours1.json'));
  const jobsIdentical = fs.readFileSync(out('ours1.json'), 'utf8') === fs.readFileSync(out('oursJobs.json'), 'utf8');
  const prefiltered = new Set(single.map(findingKey));
  const full = readFindings(out('oursFull.json'));
  const prefilterLosses = full.filter((f) => !prefiltered.has(findingKey(f)));

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

  let editor: EditorFigures | undefined;
  let server: ServerScanFigures | undefined;
  if (options.lsp) {
    log('LSP: 200 paced edits on a 2,000-line and a 10,000-line file, bursts, program re-judgement…');
    editor = await measureEditor(bundles.server, path.join(CACHE, 'workspaces', 'editor'));
    log('LSP: workspace scan of the corpus…');
    server = await measureServerScan(bundles.server, root, path.join(CACHE, 'run', 'heap'));
  }
  const client = measureClientBundle(bundles.extension);

  const figures = {
    version: 1,
    mode: options.quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    machine: {
      cpus: os.availableParallelism(),
      model: os.cpus()[0]?.model ?? '',
      node: process.version,
      loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    },
    rounds: options.rounds,
    jobs: options.jobs,
    corpus: { files: files.length, mb: Number(mb.toFixed(2)) },
    wallMs: Object.fromEntries(
      Object.keys(runs)
        .map((k) => [k, Math.round(wall(k))])
        .concat(eslint ? [['eslint', Math.round(eslint.wallMs)]] : []),
    ),
    cpuMs: Object.fromEntries(
      Object.keys(runs)
        .map((k) => [k, Math.round(cpu(k))])
        .concat(eslint ? [['eslint', Math.round(eslint.cpuMs)]] : []),
    ),
    peakRssMb: Object.fromEntries(
      Object.keys(runs)
        .map((k) => [k, Math.round(rss(k))])
        .concat(eslint ? [['eslint', Math.round(eslint.maxRssMb)]] : []),
    ),
    filesPerSecond: {
      scan: Math.round(files.length / (wall('ours1') / 1000)),
      scanJobs: Math.round(files.length / (wall('oursJobs') / 1000)),
      walkFloor: Math.round(files.length / (wall('floorWalk') / 1000)),
      secretlint: Math.round(files.length / (wall('secretlint') / 1000)),
    },
    mbPerSecond: {
      scan: Number((mb / (wall('ours1') / 1000)).toFixed(2)),
      scanJobs: Number((mb / (wall('oursJobs') / 1000)).toFixed(2)),
      walkFloor: Number((mb / (wall('floorWalk') / 1000)).toFixed(2)),
      secretlint: Number((mb / (wall('secretlint') / 1000)).toFixed(2)),
    },
    scanVsWalkFloor: ratio(wall('ours1'), wall('floorWalk')),
    scanJobsVsWalkFloor: ratio(wall('oursJobs'), wall('floorWalk')),
    fullScanVsWalkFloor: ratio(wall('oursFull'), wall('floorWalk')),
    scanVsParseFloor: ratio(wall('ours1'), wall('floorParse')),
    walkFloorVsReadFloor: ratio(wall('floorWalk'), wall('floorRead')),
    secretlintVsWalkFloor: ratio(wall('secretlint'), wall('floorWalk')),
    secretlintVsScan: ratio(wall('secretlint'), wall('ours1')),
    secretlintVsScanJobs: ratio(wall('secretlint'), wall('oursJobs')),
    eslintVsScan: eslint ? ratio(eslint.wallMs, wall('ours1')) : null,
    eslintVsWalkFloor: eslint ? ratio(eslint.wallMs, wall('floorWalk')) : null,
    /** The same ratios in CPU time (user + system, all threads): steadier than wall time when other work shares the cores. */
    cpuRatios: {
      scanVsWalkFloor: ratio(cpu('ours1'), cpu('floorWalk')),
      scanJobsVsWalkFloor: ratio(cpu('oursJobs'), cpu('floorWalk')),
      fullScanVsWalkFloor: ratio(cpu('oursFull'), cpu('floorWalk')),
      secretlintVsScan: ratio(cpu('secretlint'), cpu('ours1')),
      eslintVsScan: eslint ? ratio(eslint.cpuMs, cpu('ours1')) : null,
    },
    jobsIdentical,
    prefilterLosses: prefilterLosses.length,
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
    editor: editor ?? null,
    rejudgeP95Ms: editor?.rejudge.p95Ms ?? null,
    serverRssMb: server?.rssAfterMb ?? null,
    serverRssAfterGcMb: server?.rssAfterGcMb ?? null,
    server: server ?? null,
    client,
  };

  printSummary(figures, options);
  if (options.json) {
    fs.mkdirSync(path.dirname(options.json), { recursive: true });
    fs.writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
    log(`figures written to ${options.json}`);
  }
}

function ratio(a: number, b: number): number {
  return Number((a / b).toFixed(3));
}

function printSummary(f: Record<string, any>, options: Options): void {
  const row = (cells: (string | number)[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(34) : String(c).padStart(10))).join(' ');
  const lines: string[] = [];
  lines.push(
    '',
    `Twelve-Factor Lint bench (${f.mode}): ${f.corpus.files} files, ${f.corpus.mb} MB, median of ${f.rounds} round(s), pool of ${f.jobs}, ${f.machine.cpus} cores, load ${f.machine.loadAverage.join(' ')}`,
  );
  lines.push(row(['', 'wall s', 'files/s', 'MB/s', 'CPU s', 'peak MB', '× walk']));
  const walk = f.wallMs.floorWalk;
  const line = (name: string, key: string) => {
    const ms = f.wallMs[key];
    if (ms === undefined) return;
    lines.push(
      row([
        name,
        fmt(ms / 1000, 2),
        Math.round(f.corpus.files / (ms / 1000)),
        fmt(f.corpus.mb / (ms / 1000), 2),
        fmt(f.cpuMs[key] / 1000, 2),
        f.peakRssMb[key],
        fmt(ms / walk, 2),
      ]),
    );
  };
  line('floor: read', 'floorRead');
  line('floor: read + parse', 'floorParse');
  line('floor: read + parse + walk', 'floorWalk');
  line('ours --jobs 1', 'ours1');
  line(`ours --jobs ${f.jobs}`, 'oursJobs');
  line('ours --jobs 1 --no-prefilter', 'oursFull');
  line(`secretlint ${f.secretlint.secretlint} (preset ${f.secretlint.preset})`, 'secretlint');
  line('secretlint, its profiler on', 'secretlintProfiled');
  line('ESLint + no-secrets', 'eslint');
  lines.push('');
  lines.push(
    `ratios: scan/walk ${f.scanVsWalkFloor}, scanJobs/walk ${f.scanJobsVsWalkFloor}, fullScan/walk ${f.fullScanVsWalkFloor}, secretlint/scan ${f.secretlintVsScan}, secretlint/scanJobs ${f.secretlintVsScanJobs}, secretlint/walk ${f.secretlintVsWalkFloor}${f.eslintVsScan !== null ? `, eslint/scan ${f.eslintVsScan}` : ''}`,
  );
  lines.push(
    `CPU-time ratios: scan/walk ${f.cpuRatios.scanVsWalkFloor}, scanJobs/walk ${f.cpuRatios.scanJobsVsWalkFloor}, fullScan/walk ${f.cpuRatios.fullScanVsWalkFloor}, secretlint/scan ${f.cpuRatios.secretlintVsScan}${f.cpuRatios.eslintVsScan !== null ? `, eslint/scan ${f.cpuRatios.eslintVsScan}` : ''}`,
  );
  lines.push(
    `same findings: --jobs ${f.jobs} byte-identical to --jobs 1: ${f.jobsIdentical}; prefilterLosses ${f.prefilterLosses} (of ${f.findings.fullScan} findings without the pre-filter)`,
  );
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
  if (f.editor) {
    const l = (x: { medianMs: number; p95Ms: number; maxMs: number; count: number }) =>
      `median ${x.medianMs} / p95 ${x.p95Ms} / max ${x.maxMs} ms (${x.count})`;
    lines.push(`LSP edit→diagnostics, 2,000 lines: ${l(f.editor.edits2k)}; 10,000 lines: ${l(f.editor.edits10k)}`);
    lines.push(`LSP typing bursts (30 ms apart, coalesced): 2,000 lines: ${l(f.editor.burst2k)}; 10,000 lines: ${l(f.editor.burst10k)}`);
    lines.push(
      `LSP first diagnostics on open: 2,000 lines ${f.editor.openMs2k} ms, 10,000 lines ${f.editor.openMs10k} ms; handle-sigterm re-judged after an edit in another file: ${l(f.editor.rejudge)}`,
    );
  }
  if (f.server)
    lines.push(
      `LSP workspace scan: ${f.server.files} files in ${fmt(f.server.scanMs / 1000, 2)} s, ${f.server.findings} findings; server RSS ${f.server.rssBeforeMb} MB before, ${f.server.rssAfterMb} MB after (peak ${f.server.peakRssMb} MB), ${f.server.rssAfterGcMb} MB after a full GC, heap snapshot ${f.server.heapSnapshotMb} MB`,
    );
  lines.push(
    `client bundle: ${fmt(f.client.bytes / 1024, 0)} KB, loads in ${fmt(f.client.loadMs, 0)} ms, typescript bundled: ${f.client.bundlesTypescript}, loaded: ${f.client.typescriptLoaded}`,
  );
  if (!options.eslint) lines.push('(ESLint peer skipped: full run only, or --eslint)');
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
