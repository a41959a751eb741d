/**
 * The packaged extension in a real VS Code (code-server 4.139.1 = VS Code 1.139), driven like a user
 * through headless Chromium with playwright-core. Run with `npm run test:e2e` after
 * `bash scripts/e2e-tools.sh` (see CONTRIBUTING.md, "End-to-end tests").
 *
 * One story, in order: package the .vsix and install it into a fresh profile; open a copy of
 * examples/service; the hardcoded secret in src/config.ts is underlined, listed in Problems, explained
 * on hover and fixed from the Ctrl+. menu (editor text and .env.example on disk); the Dockerfile's
 * findings; the compliance report webview with all twelve factors; Scan Workspace brings in the
 * files that were never opened, with the same counts as the CLI. A screenshot of every step lands in
 * test-results/e2e/. A step that fails skips the rest; code-server and Chromium are stopped whatever
 * happens, and the suite checks that nothing of code-server's process group is left.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FACTORS } from '../../server/src/analysis/report/factors';
import {
  checkTools,
  installExtension,
  languageServers,
  launchChromium,
  processesInGroup,
  Profile,
  ROOT,
  SCREENSHOTS,
  scratchDirs,
  startCodeServer,
  until,
  type Browser,
  type CodeServer,
  type Locator,
  type Page,
} from './harness';
import { esc, Workbench } from './workbench';

const started = Date.now();
const VSIX = path.join(ROOT, 'twelve-factor-lint.vsix');
const SECRET_RULE = 'config/no-hardcoded-secret';
/** The user's settings: only what keeps the run deterministic on a closed network. */
const SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  // In a browser VS Code saves after a second by default (files.autoSave is afterDelay on the web):
  // edits stay unsaved until the user saves, as in desktop VS Code, so a step can tell the open
  // document's text from the file on disk.
  'files.autoSave': 'off',
  // The example has no node_modules: TypeScript's own "cannot find name 'process'" errors would sit
  // among ours and shift as tsserver warms up. This suite is about Twelve-Factor's diagnostics.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  // TypeScript's semantic server loads the project in the first seconds; a Ctrl+. pressed meanwhile
  // waits for its refactorings and, on 2 busy cores, sometimes never opens (measured: about half the
  // time when pressed right after the first squiggle; never with the syntax server, 8 of 8 under
  // 0.4 s). Our server answered each of those requests in under 30 ms.
  'typescript.tsserver.useSyntaxServer': 'always',
  // Fix-all on an explicit save (issue 18): it applies only the safe fixes (the winston File transport
  // becomes a Console transport), never a suggestion such as reading a secret from the environment.
  'editor.codeActionsOnSave': { 'source.fixAll.twelveFactor': 'explicit' },
  // E2E_TRACE=1: the client/server traffic goes to test-results/e2e/vscode-logs (Twelve-Factor Lint.log).
  ...(process.env.E2E_TRACE ? { 'twelveFactor.trace.server': 'messages' } : {}),
};

/** A file with a safe fix (winston File -> Console transport) and a suggestion (the hardcoded token). */
const AUDIT_TS = `// Audit trail of order changes.
import winston from 'winston';

export const auditToken = 'b7e4c9a0d2f61835e9c0a7d4f2b6e813';

export const audit = winston.createLogger({
  level: 'info',
  format: winston.format.json(),
  transports: [new winston.transports.File({ filename: 'logs/audit.log', level: 'info' })],
});
`;
/** Secret-looking values the user types (made up for the suite). */
const API_TOKEN = 'c4d1e8f2a9b7305e6f1d2c8a4b9e7f03';
const WEBHOOK_SECRET = '9e2f7a4c1b8d6053e7a9c2f4d1b8e6a0';
/**
 * The user's config file: JSON with comments, as the README documents it, with two mistakes our
 * server reports (a rule id that does not exist, a severity that is not one).
 */
const RC_JSON = `{
  // Twelve-Factor Lint settings for the orders service.
  "rules": {
    "processes/no-in-memory-session": "warning",
    "config/no-hardcoded-secrets": "error", // typo: the rule is no-hardcoded-secret
    "logs/no-file-logging": "loud"
  }
}
`;

/** The first file named `name` under `dir`, or undefined. */
function findFile(dir: string, name: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

const timings: [string, number][] = [];
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`# ${line}\n`);

describe('Twelve-Factor Lint in VS Code (code-server + Chromium)', () => {
  let profile: Profile | undefined;
  let workspace: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let wb: Workbench;
  let failed = false;
  const consoleErrors: string[] = [];
  let stepNo = 0;

  /**
   * A user-visible step: a screenshot after it (or of the failure), more on the way with `shot(name)`;
   * after a failure, the rest are skipped.
   */
  function step(name: string, fn: (shot: (name: string) => Promise<unknown>) => Promise<void>, timeout = 240_000): void {
    const prefix = String(++stepNo).padStart(2, '0');
    const shot = `${prefix}-${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`;
    it(name, { timeout }, async (t) => {
      if (failed) return t.skip('an earlier step failed');
      const t0 = Date.now();
      try {
        await fn((extra) => page.screenshot({ path: path.join(SCREENSHOTS, `${prefix}-${extra}.png`) }));
        await page.screenshot({ path: path.join(SCREENSHOTS, `${shot}.png`) });
      } catch (error) {
        failed = true;
        await page?.screenshot({ path: path.join(SCREENSHOTS, `${shot}-FAILED.png`) }).catch(() => undefined);
        throw error;
      } finally {
        timings.push([name, Date.now() - t0]);
      }
    });
  }

  before(async () => {
    checkTools();
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });

    let t0 = Date.now();
    const pack = spawnSync('npm', ['run', '-s', 'package'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(pack.status, 0, `npm run package failed:\n${pack.stdout}${pack.stderr}`);
    timings.push(['npm run package', Date.now() - t0]);
    log(`packaged ${path.basename(VSIX)} (${(fs.statSync(VSIX).size / 1e6).toFixed(2)} MB) in ${secs(Date.now() - t0)}`);

    // A copy of the example: the quick fix writes to it, the repository stays as it is.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-e2e-ws-'));
    scratchDirs.add(workspace);
    fs.cpSync(path.join(ROOT, 'examples/service'), workspace, { recursive: true });

    t0 = Date.now();
    profile = new Profile(SETTINGS);
    const installed = installExtension(profile, VSIX);
    assert.match(installed, /successfully installed/);
    server = await startCodeServer(profile, process.env.E2E_TRACE ? ['--log', 'trace'] : []);
    timings.push(['install .vsix + start code-server', Date.now() - t0]);

    t0 = Date.now();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1100 } });
    page = await context.newPage();
    // Generous: on a 2-core machine shared with other jobs (load average 20-30) a click's effect took over 30 s.
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    wb = new Workbench(page);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The explorer lists the folder once the remote file system answers.
    await page
      .locator('.explorer-folders-view .monaco-list-row')
      .filter({ hasText: /^Dockerfile$/ })
      .first()
      .waitFor({ timeout: 90_000 });
    timings.push(['Chromium + workbench ready', Date.now() - t0]);
    await page.screenshot({ path: path.join(SCREENSHOTS, '00-workbench.png') });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    const pgid = server?.pgid;
    if (server) {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      fs.writeFileSync(path.join(SCREENSHOTS, 'code-server.log'), server.log());
      await server.stop();
    }
    fs.writeFileSync(path.join(SCREENSHOTS, 'browser-console-errors.log'), consoleErrors.join('\n'));
    // VS Code's own logs (extension host, our output channel) for a failure seen only in CI.
    if (profile && fs.existsSync(path.join(profile.userData, 'logs')))
      fs.cpSync(path.join(profile.userData, 'logs'), path.join(SCREENSHOTS, 'vscode-logs'), { recursive: true });
    profile?.remove();
    if (workspace) {
      // After a failure the workspace as the editor left it goes with the screenshots (a CI artifact).
      if (failed) fs.cpSync(workspace, path.join(SCREENSHOTS, 'workspace'), { recursive: true });
      fs.rmSync(workspace, { recursive: true, force: true });
      scratchDirs.delete(workspace);
    }
    for (const [name, ms] of timings) log(`${secs(ms).padStart(7)}  ${name}`);
    log(`e2e wall time: ${secs(Date.now() - started)} (screenshots in ${path.relative(ROOT, SCREENSHOTS)}/)`);
    if (pgid !== undefined) assert.deepEqual(processesInGroup(pgid), [], 'code-server left processes behind');
  });

  // What the example holds: found in the file, not hardcoded line numbers.
  const configLines = () => fs.readFileSync(path.join(workspace!, 'src/config.ts'), 'utf8').split('\n');
  let secretLine = 0;

  step('hardcoded secret: squiggle and Problems entry', async () => {
    secretLine = configLines().findIndex((l) => /^\s*jwtSecret:\s*'/.test(l)) + 1;
    assert.ok(secretLine > 0, 'examples/service/src/config.ts has the jwtSecret literal');
    await wb.openFile('config.ts');
    // The first diagnostics come 10-20 s after the page loads (extension host, server start, analysis).
    await wb.squiggle(secretLine, 'error', 90_000);
    await wb.showProblems();
    const row = wb.problemRows(SECRET_RULE, 'jwtSecret', `[Ln ${secretLine}, Col `);
    await row.first().waitFor();
    const text = await row.first().innerText();
    assert.match(text, /Hardcoded secret f3b9…\(32 chars\) in "jwtSecret"/);
    assert.match(text, /process\.env\.JWT_SECRET/);
    assert.ok(!text.includes('f3b9c1d27a8e4b6f9d0c2e5a7b1d3f60'), 'the secret itself is never shown');
  });

  step('hover shows the message', async () => {
    const box = await wb.squiggle(secretLine, 'error');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Hardcoded secret' }).first();
    await hover.waitFor({ state: 'visible' });
    const text = await hover.innerText();
    assert.match(text, /Hardcoded secret f3b9…\(32 chars\) in "jwtSecret": config that varies between deploys belongs in the environment/);
    assert.match(text, new RegExp(esc(SECRET_RULE)));
  });

  step('Ctrl+. applies the process.env fix and adds JWT_SECRET= to .env.example', async (shot) => {
    const box = await wb.squiggle(secretLine, 'error');
    // Put the cursor in the secret (a click), take the mouse away so no hover holds the focus, Ctrl+.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const lines = (await wb.activeEditor.locator('.view-lines').boundingBox())!;
    await wb.activeEditor
      .locator('.view-lines')
      .click({ position: { x: box.x + box.width / 2 - lines.x, y: box.y + box.height / 2 - lines.y } });
    await wb.moveMouseAway();
    assert.ok(!fs.existsSync(path.join(workspace!, '.env.example')), 'no .env.example before the fix');
    const { menu, presses } = await wb.quickFixMenu();
    if (presses > 1) log(`the quick-fix menu opened on Ctrl+. press ${presses}`);
    const fix = menu
      .locator('.monaco-list-row')
      .filter({ hasText: /Read JWT_SECRET from the environment.*and add it to \.env\.example/ })
      .first();
    await fix.waitFor();
    log(`fix title: ${await fix.innerText()}`);
    await shot('a-quick-fix-menu');
    await fix.click();
    await menu.waitFor({ state: 'hidden' });
    // The editor's text changed…
    await wb.activeEditor.locator('.view-lines').filter({ hasText: 'jwtSecret: process.env.JWT_SECRET' }).first().waitFor();
    // …the finding is gone (the connection string on another line is still reported)…
    await wb.problemRows(SECRET_RULE, 'jwtSecret').first().waitFor({ state: 'hidden' });
    await wb.problemRows(SECRET_RULE, 'PostgreSQL connection string').first().waitFor();
    // ….env.example was created on disk (VS Code saves files a refactoring created)…
    const envExample = await until('.env.example with JWT_SECRET= on disk', () => {
      const file = path.join(workspace!, '.env.example');
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      return /^JWT_SECRET=$/m.test(text) ? text : undefined;
    });
    assert.equal(envExample.match(/^JWT_SECRET=/gm)?.length, 1);
    // …and the user saves (Ctrl+K S, Save All): config.ts on disk has the fix.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('s');
    // The file may be read while the editor writes it (empty for a moment): a short read is not yet saved.
    await until('config.ts saved with process.env.JWT_SECRET', () =>
      configLines()[secretLine - 1]?.startsWith('  jwtSecret: process.env.JWT_SECRET'),
    );
    log(`saved: ${configLines()[secretLine - 1]}`);
    assert.ok(!configLines().join('\n').includes('f3b9c1d27a8e4b6f9d0c2e5a7b1d3f60'));
  });

  step('Dockerfile: shell-form CMD, baked secret and log file', async () => {
    const dockerfile = fs.readFileSync(path.join(workspace!, 'Dockerfile'), 'utf8').split('\n');
    const cmdLine = dockerfile.findIndex((l) => l.startsWith('CMD ')) + 1;
    const envLine = dockerfile.findIndex((l) => l.startsWith('ENV DB_PASSWORD=')) + 1;
    await wb.openFile('Dockerfile');
    await wb.squiggle(cmdLine, 'warning', 60_000);
    await wb.squiggle(envLine, 'error', 60_000);
    await wb.showProblems();
    const signal = wb.problemRows('disposability/signal-forwarding', `[Ln ${cmdLine}, Col 5]`).first();
    await signal.waitFor();
    assert.match(await signal.innerText(), /npm runs as PID 1 \(CMD\): it does not reliably pass SIGTERM on to node/);
    await wb.problemRows('logs/no-file-logging', `[Ln ${cmdLine}, Col `, '/var/log/orders.log').first().waitFor();
    const secret = wb.problemRows(SECRET_RULE, 'ENV DB_PASSWORD', `[Ln ${envLine}, Col `).first();
    await secret.waitFor();
    assert.ok(!(await secret.innerText()).includes('Tr0ub4dor-and-3'), 'the password is masked');
    const files = await wb.problemFiles();
    assert.equal(files.get('Dockerfile'), 3, `Dockerfile problems: ${JSON.stringify([...files])}`);
  });

  step('Show Compliance Report: the webview lists all twelve factors', async (shot) => {
    await wb.runCommand('Twelve-Factor: Show Compliance Report');
    await page.locator('.tab.active').filter({ hasText: 'Twelve-Factor Compliance' }).first().waitFor();
    // A webview is an iframe in an iframe: the outer host frame, the inner #active-frame with our HTML.
    const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const factors = report.locator('li.factor');
    await factors.nth(11).waitFor({ timeout: 60_000 });
    assert.equal(await factors.count(), 12);
    const headings = (await report.locator('li.factor h3').allInnerTexts()).map((h) => h.replace(/\s+/g, ' ').trim());
    const parsed = headings.map((h) => /^([IVX]+)\. (.+) [✓✗–] (Compliant|Violations|Not assessed)$/.exec(h));
    assert.deepEqual(
      parsed.map((m, i) => (m ? `${m[1]}. ${m[2]}` : headings[i])),
      FACTORS.map((f) => `${f.roman}. ${f.title}`),
    );
    // Config still has the connection string and the Dockerfile's ENV password: a violation.
    const config = factors.nth(2);
    assert.match(headings[2], /^III\. Config ✗ Violations$/);
    assert.match(await config.innerText(), new RegExp(esc(SECRET_RULE)));
    await shot('a-report-top');
    await factors.nth(11).scrollIntoViewIfNeeded();
  });

  step('Scan Workspace: files never opened get their problems', async () => {
    const cliJson = () => {
      const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), workspace!, '--format', 'json', '--fail-on', 'none'], {
        encoding: 'utf8',
      });
      assert.equal(cli.status, 0, cli.stderr);
      return cli.stdout;
    };
    await wb.showProblems();
    const before = await wb.problemFiles();
    assert.ok(!before.has('src/logger.ts') && !before.has('src/server.ts'), `before the scan: ${JSON.stringify([...before])}`);
    await wb.runCommand('Twelve-Factor: Scan Workspace');
    const toast = page
      .locator('.notifications-toasts .notification-toast')
      .filter({ hasText: /Twelve-Factor: scanned \d+ files/ })
      .first();
    await toast.waitFor({ timeout: 60_000 });
    const [, files, findings] = /scanned (\d+) files — (\d+) problems?/.exec(await toast.innerText())!;
    // The same files as the CLI on the folder (sources, the Dockerfile, the config files).
    const cliFiles = (JSON.parse(cliJson()) as { files: number }).files;
    assert.equal(Number(files), cliFiles, `the toast's file count = the CLI's (${cliFiles})`);
    // Collapse All: one row a file, so every file fits on screen (the example has more files with problems than
    // the panel shows expanded), then compare with the CLI, file by file, until the scan's publishes have arrived.
    const expected = new Map<string, number>();
    for (const f of (JSON.parse(cliJson()) as { findings: { file: string }[] }).findings)
      expected.set(f.file, (expected.get(f.file) ?? 0) + 1);
    const sorted = (m: Map<string, number>) => JSON.stringify([...m].sort());
    let afterScan = new Map<string, number>();
    await until(
      'Problems per file = the CLI on the same folder',
      async () => {
        await page.locator('.panel .action-label[aria-label="Collapse All"]').first().click();
        afterScan = await wb.problemFiles();
        return sorted(afterScan) === sorted(expected);
      },
      60_000,
    ).catch(() =>
      assert.deepEqual(new Map([...afterScan].sort()), new Map([...expected].sort()), 'Problems per file = the CLI on the same folder'),
    );
    await wb.problems.locator('.monaco-list-row[aria-label*="in file server.ts"][aria-expanded="false"]').first().waitFor();
    const total = [...afterScan.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, Number(findings), 'the toast counts what Problems shows');
    await until(`the Problems badge to show ${total}`, async () => (await wb.problemsBadge()) === total);
    assert.ok((afterScan.get('src/logger.ts') ?? 0) >= 1 && (afterScan.get('src/server.ts') ?? 0) >= 1);
  });

  step('fix-all on save: the File transport becomes a Console transport, the secret stays as written', async (shot) => {
    // A file with one safe fix (winston File -> Console transport) and one suggestion (a hardcoded
    // token): saving applies the first and never the second.
    const file = path.join(workspace!, 'src/audit.ts');
    fs.writeFileSync(file, AUDIT_TS);
    const lines = AUDIT_TS.split('\n');
    const tokenLine = lines.findIndex((l) => l.startsWith('export const auditToken')) + 1;
    const transportLine = lines.findIndex((l) => l.includes('winston.transports.File(')) + 1;
    await wb.openFromExplorer('audit.ts');
    await wb.squiggle(tokenLine, 'error', 90_000);
    await wb.squiggle(transportLine, 'warning', 90_000);
    await wb.showProblems();
    await wb.problemRows('logs/no-file-logging', `[Ln ${transportLine}, Col `).first().waitFor();
    await wb.problemRows(SECRET_RULE, 'auditToken', `[Ln ${tokenLine}, Col `).first().waitFor();
    await shot('a-before-save');
    // The user edits the first line (the editor has the focus again after Ctrl+G) and saves with Ctrl+S.
    await wb.goToLine(1);
    await page.keyboard.press('End');
    await page.keyboard.type(' Kept for 90 days.');
    await page.keyboard.press('Control+S');
    const saved = await until(
      'src/audit.ts saved with a Console transport',
      () => {
        const text = fs.readFileSync(file, 'utf8');
        return text.includes('Kept for 90 days') && text.includes('transports.Console') ? text : undefined;
      },
      60_000,
    );
    const expected = AUDIT_TS.replace('// Audit trail of order changes.', '// Audit trail of order changes. Kept for 90 days.').replace(
      "new winston.transports.File({ filename: 'logs/audit.log', level: 'info' })",
      "new winston.transports.Console({ level: 'info' })",
    );
    assert.equal(saved, expected, 'on disk: only the transport changed (and the line the user typed on)');
    assert.equal(saved.split('\n')[tokenLine - 1], lines[tokenLine - 1], 'the secret literal is byte-for-byte as it was');
    // The editor shows what was saved: no dirty marker, the file-logging finding gone, the secret still reported.
    await page
      .locator('.tab.active:not(.dirty)')
      .filter({ hasText: /audit\.ts/ })
      .first()
      .waitFor();
    await until('one problem left in src/audit.ts', async () => (await wb.problemFiles()).get('src/audit.ts') === 1, 60_000);
    await wb.problemRows(SECRET_RULE, 'auditToken', `[Ln ${tokenLine}, Col `).first().waitFor();
    await wb.squiggle(tokenLine, 'error');
  });

  step('Show documentation opens the rule page shipped in the extension, offline', async (shot) => {
    const dbLine = configLines().findIndex((l) => /^\s*databaseUrl:\s*'/.test(l)) + 1;
    assert.ok(dbLine > 0);
    await wb.openFile('config.ts');
    const box = await wb.squiggle(dbLine, 'error');
    // The diagnostic's code link (hover) points at the page inside the installed extension.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'PostgreSQL connection string' }).first();
    await hover.waitFor({ state: 'visible' });
    const codeLink = hover.locator('.code-link').filter({ hasText: SECRET_RULE }).first();
    await codeLink.waitFor();
    const href = (await codeLink.getAttribute('data-href')) ?? (await codeLink.getAttribute('href')) ?? '';
    // code-server serves the extension from its own side: vscode-remote://127.0.0.1:PORT/… (file:// in desktop VS Code).
    assert.match(
      href,
      new RegExp(`^(file|vscode-remote)://.*/twelve-factor-lint\\.twelve-factor-lint-[^/]+/docs/rules/${esc(SECRET_RULE)}\\.md$`),
      href,
    );
    assert.ok(decodeURIComponent(href).includes(profile!.extensions), `${href} is in the extensions folder`);
    await shot('a-hover-code-link');
    // Cursor in the secret, mouse away, Ctrl+. → "Show documentation for …".
    const lines = (await wb.activeEditor.locator('.view-lines').boundingBox())!;
    await wb.activeEditor
      .locator('.view-lines')
      .click({ position: { x: box.x + box.width / 2 - lines.x, y: box.y + box.height / 2 - lines.y } });
    await wb.moveMouseAway();
    const { menu, presses } = await wb.quickFixMenu();
    if (presses > 1) log(`the quick-fix menu opened on Ctrl+. press ${presses}`);
    const docs = menu
      .locator('.monaco-list-row')
      .filter({ hasText: `Show documentation for ${SECRET_RULE}` })
      .first();
    await docs.waitFor();
    await shot('b-quick-fix-menu');
    // Every request the page makes from here on: none may leave this machine.
    const remote: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!/^(https?|wss?):/.test(url) || /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) return;
      // A webview's resources (the preview's scripts and styles) are addressed as
      // https://vscode-remote+<host>.vscode-resource.vscode-cdn.net/<path on the code-server side>; the
      // webview's service worker answers them from code-server, they never reach the network.
      const resource = /^https:\/\/vscode-remote\+127-002e0-002e0-002e1-003a\d+\.vscode-resource\.vscode-cdn\.net(\/.*)$/.exec(url);
      if (resource && fs.existsSync(decodeURIComponent(resource[1]))) return;
      remote.push(url);
    });
    await docs.click();
    await menu.waitFor({ state: 'hidden' });
    await page
      .locator('.tab.active')
      .filter({ hasText: /Preview no-hardcoded-secret\.md/ })
      .first()
      .waitFor({ timeout: 60_000 });
    const preview = wb.webview();
    const h1 = preview.locator('h1').first();
    await h1.waitFor({ timeout: 60_000 });
    assert.equal((await h1.innerText()).trim(), SECRET_RULE);
    await preview
      .locator('h2')
      .filter({ hasText: /^What it flags$/ })
      .first()
      .waitFor();
    assert.deepEqual(remote, [], 'the documentation opened without a request off this machine');
    log(`docs preview: "${(await h1.innerText()).trim()}", no request off 127.0.0.1`);
  });

  step('report layout: icon beside each finding; folds and scroll survive a refresh', async (shot) => {
    // One editor group: the report tab in front of config.ts's, as Show Compliance Report reveals it.
    await wb.openFile('config.ts');
    await wb.runCommand('Twelve-Factor: Show Compliance Report');
    const reportTab = page.locator('.tab.active').filter({ hasText: 'Twelve-Factor Compliance' }).first();
    await reportTab.waitFor();
    assert.equal(await page.locator('.editor-group-container').count(), 1, 'one editor group');
    const report = wb.webview();
    const factors = report.locator('li.factor');
    await factors.nth(11).waitFor({ timeout: 60_000 });
    assert.equal(await factors.count(), 12);
    await report.locator('li.finding').first().waitFor({ timeout: 60_000 });
    // Each finding: the severity icon beside the first line of its text, never beside a later one.
    // The text's line boxes come from a Range over the button's contents (the button's own client
    // rect is its whole wrapped block).
    const rows = await report.locator('li.finding').evaluateAll((items) =>
      items.flatMap((li) => {
        const icon = li.querySelector('.sev-icon')?.getBoundingClientRect();
        const button = li.querySelector('button.finding-link');
        if (!icon || !button || icon.height === 0) return []; // in a folded factor
        const range = button.ownerDocument.createRange();
        range.selectNodeContents(button);
        const boxes = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
        if (boxes.length === 0) return [];
        // The first line: the boxes that start above the middle of the topmost one.
        const top = Math.min(...boxes.map((r) => r.top));
        const firstLine = boxes.filter((r) => r.top < top + Math.min(...boxes.map((b) => b.height)) / 2);
        const first = {
          top,
          bottom: Math.max(...firstLine.map((r) => r.bottom)),
          left: Math.min(...firstLine.map((r) => r.left)),
        };
        const below = boxes.filter((r) => r.top >= first.bottom - 1);
        return [
          {
            icon: { top: icon.top, bottom: icon.bottom, right: icon.right },
            first,
            secondTop: below.length ? Math.min(...below.map((r) => r.top)) : undefined,
          },
        ];
      }),
    );
    assert.ok(rows.length >= 3, `findings shown: ${rows.length}`);
    for (const { icon, first, secondTop } of rows) {
      const where = `icon ${JSON.stringify(icon)}, first line ${JSON.stringify(first)}, second line at ${secondTop}`;
      const middle = (icon.top + icon.bottom) / 2;
      assert.ok(middle > first.top && middle < first.bottom, `the icon's middle is on the first line: ${where}`);
      assert.ok(Math.abs(icon.top - first.top) <= 4, `the icon's top is the first line's top: ${where}`);
      if (secondTop !== undefined) assert.ok(icon.bottom <= secondTop + 1, `the icon is not beside the second line: ${where}`);
      assert.ok(icon.right <= first.left + 1, `the icon is left of the text: ${where}`);
    }
    const wrapped = rows.filter((r) => r.secondTop !== undefined).length;
    log(`report: ${rows.length} findings shown, the icon beside the first line of each (${wrapped} wrap)`);
    await shot('a-layout');

    // Fold III (open: it has violations) and unfold the first folded factor.
    const config = report.locator('details[data-factor="f0-3"]');
    const isOpen = async (details: Locator) => (await details.getAttribute('open')) !== null;
    assert.ok(await isOpen(config), 'a factor with violations starts open');
    const folded = await report
      .locator('details[data-factor]')
      .evaluateAll((all) => all.filter((d) => d.getAttribute('open') === null).map((d) => d.getAttribute('data-factor')!));
    assert.ok(folded.length > 0, 'some factor starts folded');
    const other = report.locator(`details[data-factor="${folded[0]}"]`);
    await config.locator('summary').click();
    await until('factor III folded', async () => !(await isOpen(config)));
    await other.locator('summary').click();
    await until(`factor ${folded[0]} unfolded`, async () => await isOpen(other));
    // Scroll down (the last factor into view) and remember where.
    await factors.nth(11).scrollIntoViewIfNeeded();
    const scrollY = () => report.locator('body').evaluate((body) => body.ownerDocument.defaultView!.scrollY);
    const scrolled = await scrollY();
    assert.ok(scrolled > 0, `the report scrolled (${scrolled})`);
    await shot('b-folded-and-scrolled');

    // A refresh while the report is in front: a teammate's file with a hardcoded token appears on disk
    // (the client's watcher tells the server, the diagnostics change, the page swaps its content).
    await report
      .locator('#report > *')
      .first()
      .evaluate((el) => el.setAttribute('data-e2e-before-refresh', ''));
    fs.writeFileSync(path.join(workspace!, 'src/billing.ts'), `export const billingApiToken = '${API_TOKEN}';\n`);
    await report.locator('li.finding').filter({ hasText: 'billingApiToken' }).first().waitFor({ state: 'attached', timeout: 60_000 });
    assert.equal(await report.locator('[data-e2e-before-refresh]').count(), 0, 'the content was replaced');
    assert.ok(!(await isOpen(config)), 'factor III is still folded after the refresh');
    assert.ok(await isOpen(other), `factor ${folded[0]} is still unfolded after the refresh`);
    // Within a pixel: the webview may round a fractional offset when it restores it.
    const restored = await scrollY();
    assert.ok(Math.abs(restored - scrolled) <= 1, `the scroll position survived the refresh (${restored} vs ${scrolled})`);
    log(`report refresh: III still folded, ${folded[0]} still open, scrollY ${scrolled}`);
    // The keyboard back to the workbench (the webview's frame had it after the clicks on the folds).
    await reportTab.click();
  });

  step('the language server is killed: the client restarts it and diagnostics come back', async () => {
    await wb.openFile('config.ts');
    const before = languageServers(server!.pgid, profile!.extensions);
    assert.equal(before.length, 1, `one language server: ${JSON.stringify(before)}`);
    const [old] = before;
    assert.match(old.parent, /extensionHost/, 'its parent is the extension host');
    log(`language server pid ${old.pid}: ${old.args} (parent ${old.ppid}: ${old.parent.slice(0, 120)})`);
    process.kill(old.pid, 'SIGKILL');
    const fresh = await until(
      'a new language server process',
      () => languageServers(server!.pgid, profile!.extensions).find((s) => s.pid !== old.pid),
      60_000,
    );
    assert.ok(!languageServers(server!.pgid, profile!.extensions).some((s) => s.pid === old.pid), 'the old one is gone');
    log(`restarted as pid ${fresh.pid}`);
    // The new server analyses what the user types.
    // config.ts ends with a newline: the text goes on the empty last line.
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(`export const webhookSecret = '${WEBHOOK_SECRET}';`);
    const newLine = configLines().length;
    await wb.squiggle(newLine, 'error', 90_000);
    await wb.showProblems();
    await wb.problemRows(SECRET_RULE, 'webhookSecret', `[Ln ${newLine}, Col `).first().waitFor({ timeout: 60_000 });
    await wb.problemRows(SECRET_RULE, 'PostgreSQL connection string').first().waitFor();
    // The output channel says what happened.
    const channel = await until('the output channel log', () => findFile(path.join(profile!.userData, 'logs'), 'Twelve-Factor Lint.log'));
    const logText = await until('the restart in the output channel', () => {
      const text = fs.readFileSync(channel, 'utf8');
      return /Server will restart/.test(text) && (text.match(/Twelve-Factor Lint \S+ on Node /g) ?? []).length >= 2 ? text : undefined;
    });
    log(
      `output channel: ${logText
        .split('\n')
        .filter((l) => /Server will restart|on Node /.test(l))
        .map((l) => l.trim())
        .join(' | ')}`,
    );
    await wb.runCommand('Twelve-Factor: Show Output');
    await page
      .locator('.panel .monaco-editor .view-lines')
      // A string, as the other filters on view lines: the regular expression /on Node / never matched
      // the output view here (not investigated; Playwright normalizes a string's whitespace).
      .filter({ hasText: 'Server will restart' })
      .first()
      .waitFor();
  });

  step('the twelveFactor.rules setting turns a rule off', async (shot) => {
    // In the user's settings.json, as a user edits it: the client forwards the change of our section
    // and the server re-judges the open documents.
    const dockerfileRow = (count: number) =>
      wb.problems.locator(`.monaco-list-row[aria-label="${count} problems in file Dockerfile of folder ."]`).first();
    await wb.showProblems(); // the panel shows the output channel after the previous step
    await dockerfileRow(3).waitFor();
    await wb.runCommand('Preferences: Open User Settings (JSON)');
    // VS Code 1.139 opens it in a modal editor over the workbench, not in a tab.
    const settingsText = page
      .locator('.monaco-editor .view-lines')
      .filter({ hasText: '"security.workspace.trust.enabled": false' })
      .first();
    await settingsText.waitFor();
    await settingsText.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    // One line, inserted as text input: no auto-indent to fight on new lines.
    const wanted = { ...SETTINGS, 'twelveFactor.rules': { 'logs/no-file-logging': 'off' } };
    await page.keyboard.insertText(JSON.stringify(wanted));
    await page.keyboard.press('Control+S');
    const settingsFile = path.join(profile!.userData, 'User/settings.json');
    await until('settings.json saved', () => fs.readFileSync(settingsFile, 'utf8').includes('twelveFactor.rules'));
    assert.deepEqual(JSON.parse(fs.readFileSync(settingsFile, 'utf8')), wanted);
    await shot('a-settings-json');
    await page.locator('.action-label[aria-label^="Close Modal Editor"]').first().click();
    await settingsText.waitFor({ state: 'detached' });
    await wb.showProblems();
    // The open Dockerfile loses its log-file finding (CMD >> /var/log/orders.log); the other two stay.
    await dockerfileRow(2).waitFor({ timeout: 60_000 });
    // Only open files are listed here: the restarted server of the previous step knows the open
    // documents, not the files the earlier scan brought in (src/logger.ts and the others are gone from
    // Problems until the next Scan Workspace). Whether a rule turned off also clears files known only
    // from a scan is not checked by this suite.
    log(`after turning logs/no-file-logging off: ${JSON.stringify([...(await wb.problemFiles())])}`);
  });
  step('.twelvefactorrc.json: our config errors stay visible while it is open and edited', async (shot) => {
    const rcLines = RC_JSON.split('\n');
    const typoLine = rcLines.findIndex((l) => l.includes('"config/no-hardcoded-secrets"')) + 1;
    const loudLine = rcLines.findIndex((l) => l.includes('"loud"')) + 1;
    const ourRows = () => [
      wb.problemRows('Unknown rule "config/no-hardcoded-secrets"', `[Ln ${typoLine}, Col `).first(),
      wb.problemRows('Rule "logs/no-file-logging"', `[Ln ${loudLine}, Col `).first(),
    ];
    /** Every row's accessible label in Problems, in one snapshot. */
    const problemLabels = () =>
      wb.problems.locator('.monaco-list-row').evaluateAll((all) => all.map((row) => row.getAttribute('aria-label') ?? ''));
    const noCommentErrors = async (when: string) => {
      const labels = await problemLabels();
      assert.ok(!labels.some((r) => /Comments are not permitted/i.test(r)), `${when}: ${JSON.stringify(labels)}`);
    };
    // Written on disk while closed: the client watches the file and the server reports both mistakes.
    fs.writeFileSync(path.join(workspace!, '.twelvefactorrc.json'), RC_JSON);
    await wb.showProblems();
    for (const row of ourRows()) await row.waitFor({ timeout: 60_000 });
    assert.match(await ourRows()[0].innerText(), /twelve-factor/i);
    await shot('a-closed');

    // Opened: the editor takes it as JSON with comments (the extension's language association)…
    await wb.openFromExplorer('.twelvefactorrc.json');
    await page
      .locator('.statusbar-item')
      .filter({ hasText: /^JSON with Comments$/ })
      .first()
      .waitFor();
    // …VS Code's JSON server judges it with our schema (the unknown id is not a property it knows)…
    await wb
      .problemRows(/Property config\/no-hardcoded-secrets is not allowed/)
      .first()
      .waitFor({ timeout: 90_000 });
    // …and our two diagnostics are still there, beside its own.
    for (const row of ourRows()) await row.waitFor();
    await noCommentErrors('opened');
    await shot('b-opened');

    // Edited, not saved: the user adds a line with another typo and a comment.
    await wb.goToLine(typoLine);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('"logs/no-file-loging": "off", // another typo');
    const addedLine = typoLine + 1;
    const added = wb.problemRows('Unknown rule "logs/no-file-loging"', `[Ln ${addedLine}, Col `).first();
    await added.waitFor({ timeout: 60_000 });
    // The lines below moved down by one: our earlier findings follow the edited text.
    await wb.problemRows('Unknown rule "config/no-hardcoded-secrets"', `[Ln ${typoLine}, Col `).first().waitFor();
    await wb
      .problemRows('Rule "logs/no-file-logging"', `[Ln ${loudLine + 1}, Col `)
      .first()
      .waitFor();
    await wb
      .problemRows(/Property logs\/no-file-loging is not allowed/)
      .first()
      .waitFor({ timeout: 90_000 });
    await noCommentErrors('edited');
    assert.ok(
      await page
        .locator('.tab.active.dirty')
        .filter({ hasText: /twelvefactorrc/ })
        .count(),
      'the file is edited, not saved',
    );
    const labels = await problemLabels();
    log(
      `.twelvefactorrc.json problems while edited: ${labels
        .filter((r) => /Unknown rule|Rule "|not allowed/.test(r))
        .map((r) => r.slice(0, 80))
        .join(' | ')}`,
    );
  });
});
