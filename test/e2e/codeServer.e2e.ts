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
  // The example has no node_modules: TypeScript's own "cannot find name 'process'" errors would sit
  // among ours and shift as tsserver warms up. This suite is about Twelve-Factor's diagnostics.
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  // TypeScript's semantic server loads the project in the first seconds; a Ctrl+. pressed meanwhile
  // waits for its refactorings and, on 2 busy cores, sometimes never opens (measured: about half the
  // time when pressed right after the first squiggle; never with the syntax server, 8 of 8 under
  // 0.4 s). Our server answered each of those requests in under 30 ms.
  'typescript.tsserver.useSyntaxServer': 'always',
  // E2E_TRACE=1: the client/server traffic goes to test-results/e2e/vscode-logs (Twelve-Factor Lint.log).
  ...(process.env.E2E_TRACE ? { 'twelveFactor.trace.server': 'messages' } : {}),
};

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
  function step(name: string, fn: (shot: (name: string) => Promise<unknown>) => Promise<void>, timeout = 150_000): void {
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
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    wb = new Workbench(page);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
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
      .filter({ hasText: 'Read JWT_SECRET from the environment (process.env.JWT_SECRET) and add it to .env.example' })
      .first();
    await fix.waitFor();
    await shot('a-quick-fix-menu');
    await fix.click();
    await menu.waitFor({ state: 'hidden' });
    // The editor's text changed…
    await wb.activeEditor.locator('.view-lines').filter({ hasText: "jwtSecret: process.env.JWT_SECRET ?? ''" }).first().waitFor();
    // …the finding is gone (the connection string on another line is still reported)…
    await wb.problemRows(SECRET_RULE, 'jwtSecret').first().waitFor({ state: 'hidden' });
    await wb.problemRows(SECRET_RULE, 'postgres connection string').first().waitFor();
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
    await until(
      'config.ts saved with process.env.JWT_SECRET',
      () => configLines()[secretLine - 1] === "  jwtSecret: process.env.JWT_SECRET ?? '',",
    );
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
    assert.equal(Number(files), 5);
    await wb.problems.locator('.monaco-list-row[aria-label$="file logger.ts of folder src"]').first().waitFor();
    await wb.problems.locator('.monaco-list-row[aria-label$="file server.ts of folder src"]').first().waitFor();
    await wb.problemRows('logs/no-file-logging', 'File transport').first().waitFor();
    // Collapse All: one row a file, so every file fits on screen, then compare with the CLI.
    await page.locator('.panel .action-label[aria-label="Collapse All"]').first().click();
    await wb.problems.locator('.monaco-list-row[aria-label*="in file server.ts"][aria-expanded="false"]').first().waitFor();
    const afterScan = await wb.problemFiles();
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), workspace!, '--format', 'json', '--fail-on', 'none'], {
      encoding: 'utf8',
    });
    assert.equal(cli.status, 0, cli.stderr);
    const expected = new Map<string, number>();
    for (const f of (JSON.parse(cli.stdout) as { findings: { file: string }[] }).findings)
      expected.set(f.file, (expected.get(f.file) ?? 0) + 1);
    assert.deepEqual(new Map([...afterScan].sort()), new Map([...expected].sort()), 'Problems per file = the CLI on the same folder');
    const total = [...afterScan.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, Number(findings), 'the toast counts what Problems shows');
    await until(`the Problems badge to show ${total}`, async () => (await wb.problemsBadge()) === total);
    assert.ok((afterScan.get('src/logger.ts') ?? 0) >= 1 && (afterScan.get('src/server.ts') ?? 0) >= 1);
  });

  step('the twelveFactor.rules setting turns a rule off', async (shot) => {
    // In the user's settings.json, as a user edits it: the client forwards the change of our section
    // and the server re-judges the open documents.
    const dockerfileRow = (count: number) =>
      wb.problems.locator(`.monaco-list-row[aria-label="${count} problems in file Dockerfile of folder ."]`).first();
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
    // TODO(server): files known only from the scan (never opened) keep the findings of a rule that
    // was turned off until the next scan: src/logger.ts still lists logs/no-file-logging here. When the
    // server re-judges them on a settings change, wait for its row to go:
    //   await wb.problems.locator('.monaco-list-row[aria-label$="file logger.ts of folder src"]').first().waitFor({ state: 'detached' });
    log(`after turning logs/no-file-logging off: ${JSON.stringify([...(await wb.problemFiles())])}`);
  });
});
