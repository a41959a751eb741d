/**
 * Editor-side figures through LSP, with the bundled server spoken to over stdio like VS Code does:
 * edit → publishDiagnostics latency on big files, re-judgement of a program verdict after an edit in
 * another file, and the server's memory after a workspace scan.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ts from 'typescript';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { defaultCapabilities } from '../../test/helpers/lspClient';
import { serverCacheDir } from '../../server/src/cacheDir';

export interface Latencies {
  count: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

export function latencies(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { count: sorted.length, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(sorted[sorted.length - 1] ?? NaN) };
}

const round = (n: number) => Math.round(n * 10) / 10;

const uriOf = (file: string) => pathToFileURL(file).href;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** USER_HZ: the unit of /proc/<pid>/stat's CPU times (100 on Linux). */
const CLOCK_TICKS = 100;

/** A minimal LSP client on the given server bundle, timing what it receives. */
class Client {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private listeners: ((p: PublishDiagnosticsParams, at: number) => void)[] = [];
  stderr = '';
  /** When the server process was spawned (performance.now()): cold start is measured from here. */
  readonly spawnedAt: number;

  constructor(serverJs: string, extraNodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}) {
    // Every figure but measureColdStart's reopened starts is of documents the server never analysed
    // before: no analysis entries left by an earlier server (in the default cache folder) are used.
    // The folder the server will use: ours, unless this client passes one (serverCacheDir reads our environment).
    const cacheDir = env.TWELVE_FACTOR_LINT_CACHE_DIR === undefined ? serverCacheDir() : undefined;
    if (cacheDir) fs.rmSync(path.join(cacheDir, 'analysis'), { recursive: true, force: true });
    // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server.
    const nodeArgs = [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...extraNodeArgs];
    this.spawnedAt = performance.now();
    this.process = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const at = performance.now();
      for (const listener of [...this.listeners]) listener(params, at);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  async initialize(root: string): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities: defaultCapabilities(),
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the arrival time of the first diagnostics of `file` matching `predicate`. */
  diagnostics(file: string, predicate: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 60000): Promise<number> {
    const uri = uriOf(file);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(
          new Error(`no matching diagnostics for ${path.basename(file)} within ${timeoutMs} ms; server stderr: ${this.stderr.slice(-300)}`),
        );
      }, timeoutMs);
      const listener = (p: PublishDiagnosticsParams, at: number) => {
        if (p.uri !== uri || !predicate(p)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(at);
      };
      this.listeners.push(listener);
    });
  }

  open(file: string, text: string): void {
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf(file), languageId: 'typescript', version: 1, text },
    });
  }

  change(file: string, version: number, changes: unknown[]): void {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(file), version },
      contentChanges: changes,
    });
  }

  /** Resident and peak resident memory of the server process (Linux /proc), MB. */
  memory(): { rssMb: number; peakRssMb: number } {
    const status = fs.readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024) };
  }

  /** CPU time (user + system) the server process has used so far, ms (Linux /proc). */
  cpuMs(): number {
    const stat = fs.readFileSync(`/proc/${this.process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  }

  async shutdown(): Promise<void> {
    const exited = new Promise<void>((resolve) =>
      this.process.exitCode !== null ? resolve() : this.process.once('exit', () => resolve()),
    );
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      /* gone */
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** A realistic service module of about `lines` lines: handlers, config, logging, sessions, a secret. */
export function bigModule(lines: number): string {
  const out: string[] = [
    `import express from 'express';`,
    `import session from 'express-session';`,
    `import winston from 'winston';`,
    `import { createWriteStream } from 'node:fs';`,
    '',
    `const logger = winston.createLogger({ level: 'info', transports: [new winston.transports.Console()] });`,
    `const sessionSecret = 'hunter2-${'x'.repeat(4)}-Qm9vYmFyLWJhei1xdXV4';`,
    `export const router = express.Router();`,
    `router.use(session({ secret: process.env.SESSION_SECRET ?? '', resave: false, saveUninitialized: false }));`,
    '',
  ];
  for (let i = 0; out.length < lines - 2; i++) {
    out.push(
      `// Handlers for resource ${i}: list, read, update. Typing happens in these comments and names.`,
      `interface Resource${i} { id: string; ownerId: string; token?: string; amountCents: number }`,
      `const cache${i} = new Map<string, Resource${i}>();`,
      `router.get('/r${i}/:id', async (req, res) => {`,
      `  const found = cache${i}.get(req.params.id) ?? (await load${i}(req.params.id));`,
      `  if (!found) return res.status(404).json({ error: 'not found' });`,
      `  logger.info('read resource', { id: found.id, owner: found.ownerId, apiKey: process.env.API_KEY ? 'set' : 'unset' });`,
      `  res.json({ ...found, token: undefined });`,
      `});`,
      `async function load${i}(id: string): Promise<Resource${i} | undefined> {`,
      `  const response = await fetch(\`\${process.env.UPSTREAM_URL}/r${i}/\${encodeURIComponent(id)}\`, { headers: { authorization: \`Bearer \${process.env.UPSTREAM_TOKEN}\` } });`,
      `  if (!response.ok) return undefined;`,
      `  const body = (await response.json()) as Resource${i};`,
      `  return { ...body, amountCents: Math.max(0, Math.round(body.amountCents)) };`,
      `}`,
      `export const debugStream${i} = process.env.DEBUG_FILE ? createWriteStream(process.env.DEBUG_FILE) : undefined;`,
      '',
    );
  }
  out.push(`void sessionSecret;`, '');
  return out.slice(0, Math.max(lines, 12)).join('\n');
}

/**
 * The editor floor: the least a linter that reparses incrementally must do per keystroke, timed in this
 * process on the same edits as the server gets, each right after the server has answered it:
 * `ts.updateSourceFile` with the edit's span, then one full `ts.forEachChild` walk of the new tree
 * (our parse settings: parents not set, no JSDoc). A ratio to it holds on a machine whose speed moves between
 * runs, as the scan's ratios to the walk floor do.
 */
export class EditFloor {
  private sourceFile: ts.SourceFile;
  readonly samples: number[] = [];

  constructor(file: string, text: string) {
    const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
    this.sourceFile = ts.createSourceFile(file, text, options, false, ts.ScriptKind.TS);
  }

  insert(line: number, character: number, inserted: string): void {
    const old = this.sourceFile.text;
    let offset = 0;
    for (let l = 0; l < line; l++) offset = old.indexOf('\n', offset) + 1;
    offset += character;
    const text = old.slice(0, offset) + inserted + old.slice(offset);
    const start = performance.now();
    this.sourceFile = ts.updateSourceFile(this.sourceFile, text, { span: { start: offset, length: 0 }, newLength: inserted.length });
    const walk = (node: ts.Node): void => void ts.forEachChild(node, walk);
    walk(this.sourceFile);
    this.samples.push(performance.now() - start);
  }
}

/** Gap between paced edits: each is judged alone, the previous one's diagnostics long published. */
const PACED_MS = 130;

/**
 * Types into an open document: a new line in the middle of the file, then one character per edit
 * (`count` edits, or until `until()` says stop), each `gapMs` after the previous one. With a gap of
 * 125 ms or more each edit waits for its own diagnostics (and 20 ms more) before the next, so each is
 * analysed alone; shorter gaps type a burst. Returns each edit's didChange → publishDiagnostics time
 * (the first diagnostics of that version or a later one).
 */
async function typeInto(
  client: Client,
  file: string,
  text: string,
  options: { count: number; gapMs: number; startVersion: number; until?: () => boolean; floor?: EditFloor },
): Promise<{ samples: number[]; version: number }> {
  const { count, gapMs, startVersion, until, floor } = options;
  const middle = Math.floor(text.split('\n').length / 2);
  const word = 'const retryDelayMs = computeBackoff(attempt);';
  const samples: number[] = [];
  const pending: Promise<void>[] = [];
  let version = startVersion;
  let lastSent = -Infinity;
  let line = middle;
  let column = 0;
  // A new line to type on, then one character per edit.
  for (let i = 0; i < count && !until?.(); i++) {
    const char = column === 0 ? '\n' : word[(column - 1) % word.length];
    const range = {
      start: { line, character: column === 0 ? 0 : column - 1 },
      end: { line, character: column === 0 ? 0 : column - 1 },
    };
    if (column === word.length) {
      line += 1;
      column = 0;
    } else column++;
    version++;
    const wait = lastSent + gapMs - performance.now();
    if (wait > 0) await sleep(wait);
    const sent = performance.now();
    lastSent = sent;
    const thisVersion = version;
    const arrival = client.diagnostics(file, (p) => (p.version ?? 0) >= thisVersion).then((at) => void samples.push(at - sent));
    client.change(file, thisVersion, [{ range, text: char }]);
    if (gapMs >= 125) {
      // Alone: the next keystroke only after this one's diagnostics (and a breath, so the
      // server does not take it for a key typed while it was busy).
      await arrival;
      // The floor's same edit, while the server is idle: its time is taken under the same load.
      floor?.insert(range.start.line, range.start.character, char);
      await sleep(20);
    } else pending.push(arrival);
  }
  await Promise.all(pending);
  return { samples, version };
}

export interface EditorFigures {
  edits2k: Latencies;
  edits10k: Latencies;
  /** The editor floor (EditFloor) on the same paced edits: incremental reparse and one walk, in the bench's process. */
  floor2k: Latencies;
  floor10k: Latencies;
  /** Same edits typed in a burst (30 ms apart): latency of each keystroke until diagnostics covering it. */
  burst2k: Latencies;
  burst10k: Latencies;
  /** Program verdict (disposability/handle-sigterm on server.ts) after removing / restoring the handler in index.ts. */
  rejudge: Latencies;
  openMs2k: number;
  openMs10k: number;
  /** Server spawned → initialize → the 2,000-line file opened → its first diagnostics. */
  coldStartMs2k: number;
}

/**
 * Opens the big files and types into them: `edits` single-character insertions, each sent 130 ms
 * after the previous one and at least 20 ms after its diagnostics, so each is judged alone (the
 * latency an editor waits for); then a burst of 50 at 30 ms (the keys typed while a run is busy
 * join one run). Each insertion goes into the middle of the file, on a line of its own.
 */
export async function measureEditor(serverJs: string, dir: string, edits = 200): Promise<EditorFigures> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'latency-service', main: 'dist/index.js', scripts: { start: 'node dist/index.js' } }, null, 2),
  );
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src' } }));
  const withHandler = `import { server } from './server';\n\nconst shutdown = () => server.close(() => process.exit(0));\nprocess.on('SIGTERM', shutdown);\n`;
  const withoutHandler = `import { server } from './server';\n\nconst shutdown = () => server.close(() => process.exit(0));\nvoid shutdown;\n`;
  const serverText = `import express from 'express';\nimport { router } from './big2k';\nimport { router as more } from './big10k';\n\nconst app = express();\napp.use(router, more);\nexport const server = app.listen(Number(process.env.PORT ?? 3000));\n`;
  const files = {
    index: path.join(dir, 'src/index.ts'),
    server: path.join(dir, 'src/server.ts'),
    big2k: path.join(dir, 'src/big2k.ts'),
    big10k: path.join(dir, 'src/big10k.ts'),
  };
  fs.writeFileSync(files.index, withHandler);
  fs.writeFileSync(files.server, serverText);
  const texts = { big2k: bigModule(2000), big10k: bigModule(10000) };
  fs.writeFileSync(files.big2k, texts.big2k);
  fs.writeFileSync(files.big10k, texts.big10k);

  const client = new Client(serverJs);
  try {
    await client.initialize(dir);
    const hasFindings = (p: PublishDiagnosticsParams) => p.diagnostics.length > 0;
    let firstDiagnosticsAt = NaN;
    const openTimed = async (file: string, text: string) => {
      const sent = performance.now();
      const arrived = client.diagnostics(file, hasFindings);
      client.open(file, text);
      const at = await arrived;
      if (Number.isNaN(firstDiagnosticsAt)) firstDiagnosticsAt = at;
      return round(at - sent);
    };
    const openMs2k = await openTimed(files.big2k, texts.big2k);
    const openMs10k = await openTimed(files.big10k, texts.big10k);
    const coldStartMs2k = round(firstDiagnosticsAt - client.spawnedAt);

    const floor2k = new EditFloor(files.big2k, texts.big2k);
    const floor10k = new EditFloor(files.big10k, texts.big10k);
    const paced2k = await typeInto(client, files.big2k, texts.big2k, { count: edits, gapMs: PACED_MS, startVersion: 1, floor: floor2k });
    const paced10k = await typeInto(client, files.big10k, texts.big10k, {
      count: edits,
      gapMs: PACED_MS,
      startVersion: 1,
      floor: floor10k,
    });
    await sleep(300);
    const burst2k = await typeInto(client, files.big2k, texts.big2k, { count: 50, gapMs: 30, startVersion: paced2k.version });
    await sleep(300);
    const burst10k = await typeInto(client, files.big10k, texts.big10k, { count: 50, gapMs: 30, startVersion: paced10k.version });

    // Program verdict across files: server.ts is judged by what index.ts does.
    const sigterm = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'disposability/handle-sigterm');
    await sleep(300);
    const serverReady = client.diagnostics(files.server, () => true);
    client.open(files.server, serverText);
    client.open(files.index, withHandler);
    await serverReady;
    await sleep(300);
    const rejudge: number[] = [];
    let indexVersion = 1;
    const whole = (text: string) => [{ text }];
    for (let i = 0; i < 20; i++) {
      for (const [text, expectFinding] of [
        [withoutHandler, true],
        [withHandler, false],
      ] as const) {
        await sleep(150);
        const sent = performance.now();
        const arrived = client.diagnostics(files.server, (p) => sigterm(p) === expectFinding);
        client.change(files.index, ++indexVersion, whole(text));
        rejudge.push((await arrived) - sent);
      }
    }
    return {
      edits2k: latencies(paced2k.samples),
      edits10k: latencies(paced10k.samples),
      floor2k: latencies(floor2k.samples),
      floor10k: latencies(floor10k.samples),
      burst2k: latencies(burst2k.samples),
      burst10k: latencies(burst10k.samples),
      rejudge: latencies(rejudge),
      openMs2k,
      openMs10k,
      coldStartMs2k,
    };
  } finally {
    await client.shutdown();
  }
}

/**
 * Cold start: the server spawned, `initialize`d on `root`, `file` opened right after (as VS Code does
 * with the visible editor): the time from spawn to that file's first publishDiagnostics, `runs` times,
 * each with a fresh server. Node start-up and loading the bundle are included.
 */
/**
 * Spawn → first diagnostics of `file`, `runs` fresh servers sharing a new, empty cache folder
 * (server/src/cacheDir.ts): the first start compiles the bundle and writes the code cache (on its way
 * out), the others start from it, as every start after an install does. The analyses an earlier start
 * cached (its indexing worker writes them as it goes) are removed before each: these are starts on a
 * document no server analysed before (or changed since). `firstMs` is the first; the latencies are of
 * the code-cached starts.
 *
 * Then `reopened`: one server keeps the document open until its analysis is cached, and `runs - 1`
 * fresh servers open it again unchanged, as an editor restarted on its open files does (or on a file
 * of a folder an earlier start indexed).
 */
export async function measureColdStart(
  serverJs: string,
  root: string,
  file: string,
  runs = 6,
): Promise<Latencies & { samples: number[]; firstMs: number; reopened: Latencies }> {
  const text = fs.readFileSync(file, 'utf8');
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-bench-code-cache-'));
  const env = { TWELVE_FACTOR_LINT_CACHE_DIR: cacheDir };
  const start = async (hold?: () => boolean): Promise<number> => {
    const client = new Client(serverJs, [], env);
    try {
      await client.initialize(root);
      const arrived = client.diagnostics(file, () => true);
      client.open(file, text);
      const ms = round((await arrived) - client.spawnedAt);
      for (const deadline = Date.now() + 30_000; hold && !hold() && Date.now() < deadline;) await sleep(50);
      return ms;
    } finally {
      await client.shutdown();
      await sleep(200);
    }
  };
  const analyses = path.join(cacheDir, 'analysis');
  // An entry begins with its file's name (entryCache.ts StoredEntry).
  const mark = `"file":${JSON.stringify(file)}`;
  const isCached = () =>
    fs.existsSync(analyses) &&
    (fs.readdirSync(analyses, { recursive: true }) as string[]).some(
      (n) =>
        n.endsWith('.json') &&
        fs
          .readFileSync(path.join(analyses, n), 'utf8')
          .slice(0, 200 + mark.length)
          .includes(mark),
    );
  try {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      fs.rmSync(analyses, { recursive: true, force: true });
      samples.push(await start());
    }
    fs.rmSync(analyses, { recursive: true, force: true });
    await start(isCached);
    if (!isCached()) throw new Error('measureColdStart: the document was not cached within 30 s');
    const reopened: number[] = [];
    for (let i = 1; i < runs; i++) reopened.push(await start());
    const [firstMs, ...cached] = samples;
    return { ...latencies(cached), samples, firstMs, reopened: latencies(reopened) };
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

export interface IndexingEditorFigures {
  lines: number;
  /** Spawn → first diagnostics of the big file (opened first). */
  coldStartMs: number;
  /**
   * Spawn → the program verdict on the sentinel file arrived (null: not seen within the time limit):
   * the server had read every file's program facts and judged the folder.
   */
  indexedMs: number | null;
  /** Server CPU time from spawn to that verdict, ms. */
  indexingCpuMs: number | null;
  /** Paced edits sent while the server was still indexing, then after. */
  whileIndexing: Latencies;
  afterIndexing: Latencies;
  serverRssAfterMb: number;
  /**
   * RSS sampled every 250 ms during the edits after indexing: median and max. One reading at the end
   * falls anywhere on the garbage collector's sawtooth (each edit of a big file leaves garbage); the
   * median says what the server typically holds while it is used.
   */
  serverRssWhileEditingMb: { median: number; max: number; samples: number };
}

/**
 * An editor in a corpus-sized workspace: a fresh server on `root` (the bench corpus: thousands of
 * files), `target` opened first, then `sentinel`, whose program finding (`sentinelRule`, e.g.
 * disposability/handle-sigterm on the service's entry point) the server can only publish once it has
 * indexed the folder's program facts and judged it. Paced single-character edits are typed into the
 * target from its first diagnostics until that verdict arrives (edits while indexing), then
 * `afterEdits` more (after indexing).
 */
export async function measureEditorWhileIndexing(
  serverJs: string,
  root: string,
  target: { file: string; text: string },
  sentinel: { file: string; ruleId: string },
  options: { afterEdits?: number; maxIndexingMs?: number } = {},
): Promise<IndexingEditorFigures> {
  const { afterEdits = 100, maxIndexingMs = 240_000 } = options;
  const client = new Client(serverJs);
  try {
    await client.initialize(root);
    const opened = client.diagnostics(target.file, () => true);
    client.open(target.file, target.text);
    const coldStartMs = round((await opened) - client.spawnedAt);

    let indexedAt: number | undefined;
    let indexingCpuMs: number | null = null;
    const indexed = client
      .diagnostics(sentinel.file, (p) => p.diagnostics.some((d) => d.code === sentinel.ruleId), maxIndexingMs)
      .then(
        (at) => {
          indexedAt = at;
          indexingCpuMs = round(client.cpuMs());
        },
        () => undefined,
      );
    client.open(sentinel.file, fs.readFileSync(sentinel.file, 'utf8'));
    const deadline = performance.now() + maxIndexingMs;
    const during = await typeInto(client, target.file, target.text, {
      count: Number.MAX_SAFE_INTEGER,
      gapMs: PACED_MS,
      startVersion: 1,
      until: () => indexedAt !== undefined || performance.now() > deadline,
    });
    await indexed;
    await sleep(300);
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(client.memory().rssMb), 250);
    const after = await typeInto(client, target.file, target.text, {
      count: afterEdits,
      gapMs: PACED_MS,
      startVersion: during.version,
    }).finally(() => clearInterval(sampler));
    const sorted = [...rss].sort((a, b) => a - b);
    return {
      lines: target.text.split('\n').length,
      coldStartMs,
      indexedMs: indexedAt === undefined ? null : round(indexedAt - client.spawnedAt),
      indexingCpuMs,
      whileIndexing: latencies(during.samples),
      afterIndexing: latencies(after.samples),
      serverRssAfterMb: client.memory().rssMb,
      serverRssWhileEditingMb: { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted.at(-1) ?? NaN, samples: sorted.length },
    };
  } finally {
    await client.shutdown();
  }
}

export interface ServerScanFigures {
  files: number;
  findings: number;
  scanMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  peakRssMb: number;
  /** RSS after the full garbage collection that precedes a heap snapshot, and that snapshot's size (its file). */
  rssAfterGcMb: number | null;
  heapSnapshotMb: number | null;
  /** The heap the snapshot describes (the sum of its objects' sizes): what the server retains. */
  heapRetainedMb: number | null;
}

/** Waits until a heap snapshot has been written completely (its size stops changing). */
async function waitForSnapshot(dir: string): Promise<{ file: string; bytes: number }> {
  let last = -1;
  for (let i = 0; i < 600; i++) {
    await sleep(500);
    const name = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
    if (!name) continue;
    const file = path.join(dir, name);
    const bytes = fs.statSync(file).size;
    if (bytes > 0 && bytes === last) return { file, bytes };
    last = bytes;
  }
  throw new Error('no heap snapshot written');
}

/**
 * The heap a snapshot describes, MB: the sum of its nodes' self sizes (what DevTools shows as the
 * total). The snapshot file itself is ~1.5× that (edges, names, JSON): read in chunks, only the
 * `nodes` array parsed.
 */
export function heapSnapshotSelfSizeMb(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(4 * 1024 * 1024);
    let head = '';
    let offset = 0;
    // The meta and the start of the nodes array.
    while (!head.includes('"nodes":[')) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, offset);
      if (n === 0) throw new Error(`no nodes in ${file}`);
      head += chunk.toString('latin1', 0, n);
      offset += n;
    }
    const fields = JSON.parse(/"node_fields":(\[[^\]]*\])/.exec(head)![1]) as string[];
    const selfSize = fields.indexOf('self_size');
    let text = head.slice(head.indexOf('"nodes":[') + '"nodes":['.length);
    let total = 0;
    let field = 0;
    let value = 0;
    let inNumber = false;
    for (;;) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 48 && c <= 57) {
          value = value * 10 + (c - 48);
          inNumber = true;
        } else {
          if (inNumber) {
            if (field === selfSize) total += value;
            field = (field + 1) % fields.length;
            value = 0;
            inNumber = false;
          }
          if (c === 93) return Math.round((total / 1024 / 1024) * 10) / 10; // ]
        }
      }
      const n = fs.readSync(fd, chunk, 0, chunk.length, offset);
      if (n === 0) throw new Error(`the nodes of ${file} do not end`);
      offset += n;
      text = chunk.toString('latin1', 0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Initializes the server on `root`, runs twelveFactor/scanWorkspace, reads its memory afterwards. */
export async function measureServerScan(serverJs: string, root: string, snapshotDir?: string): Promise<ServerScanFigures> {
  if (snapshotDir) {
    fs.rmSync(snapshotDir, { recursive: true, force: true });
    fs.mkdirSync(snapshotDir, { recursive: true });
  }
  const client = new Client(serverJs, snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : []);
  try {
    await client.initialize(root);
    await sleep(500);
    const before = client.memory();
    const result = (await client.connection.sendRequest('twelveFactor/scanWorkspace', {})) as {
      files: number;
      findings: number;
      durationMs: number;
    };
    await sleep(1000); // let the last notifications and the program index settle
    const after = client.memory();
    // What the server keeps, rather than garbage V8 has not collected yet: a heap snapshot starts
    // with a full garbage collection; the RSS after it, and the snapshot's size, say what is retained.
    let afterGc: { rssMb: number; snapshotMb: number; retainedMb: number } | undefined;
    if (snapshotDir) {
      client.process.kill('SIGUSR2');
      const snapshot = await waitForSnapshot(snapshotDir);
      const rssMb = client.memory().rssMb;
      afterGc = { rssMb, snapshotMb: round(snapshot.bytes / 1024 / 1024), retainedMb: heapSnapshotSelfSizeMb(snapshot.file) };
      fs.rmSync(snapshot.file, { force: true });
    }
    return {
      files: result.files,
      findings: result.findings,
      scanMs: result.durationMs,
      rssBeforeMb: before.rssMb,
      rssAfterMb: after.rssMb,
      peakRssMb: after.peakRssMb,
      rssAfterGcMb: afterGc?.rssMb ?? null,
      heapSnapshotMb: afterGc?.snapshotMb ?? null,
      heapRetainedMb: afterGc?.retainedMb ?? null,
    };
  } finally {
    await client.shutdown();
  }
}
