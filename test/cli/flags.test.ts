/** --stdin, --quiet, --max-warnings, --format github, colour, empty scans and cwd-relative paths, in-process. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { colorByDefault, parseArgs } from '../../server/src/cli/args';
import { escapeData, escapeProperty, workflowCommand } from '../../server/src/format/github';
import { cli, tempWorkspace } from './helpers';

const SECRET = 'R2FyZGVuLWdub21lLTQyLWZha2Uta2V5';
const FILES = {
  'package.json': '{ "name": "svc" }',
  'src/app.ts': `export const apiSecret = '${SECRET}';\n`,
  'src/log.ts': `import winston from 'winston';\nexport const t = new winston.transports.File({ filename: 'a.log' });\nexport const u = new winston.transports.File({ filename: 'b.log' });\n`,
  'packages/api/.twelvefactorrc.json': '{ "rules": { "config/no-hardcoded-secret": "warning" } }',
  'packages/api/src/key.ts': `export const apiSecret = '${SECRET}';\n`,
  'generated/.gitignore': '*\n',
  'README.md': '# nothing to check\n',
};

describe('CLI flags', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempWorkspace(FILES)));
  after(() => cleanup());

  it('text paths are relative to the working directory, JSON paths to the scan root', async () => {
    const text = await cli(['src', '--no-color'], path.join(dir, 'packages'));
    assert.equal(text.code, 2, 'no such folder from there');
    const fromParent = await cli([path.basename(dir), '--no-color'], path.dirname(dir));
    assert.match(fromParent.stdout, new RegExp(`^${path.basename(dir)}/src/app\\.ts$`, 'm'));
    const json = JSON.parse((await cli([path.basename(dir), '--format', 'json'], path.dirname(dir))).stdout);
    assert.equal(json.root, path.basename(dir));
    assert.ok(json.findings.some((f: { file: string }) => f.file === 'src/app.ts'));
  });

  it('an empty scan is exit 2 and says so; --allow-empty and --no-error-on-unmatched-pattern accept it', async () => {
    const { dir: empty, cleanup: done } = tempWorkspace({ 'README.md': '# hi\n' });
    try {
      const r = await cli([], empty);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /no file to check in \. /);
      for (const flag of ['--allow-empty', '--no-error-on-unmatched-pattern']) {
        const ok = await cli([flag, '--no-color'], empty);
        assert.equal(ok.code, 0);
        assert.match(ok.stdout, /No twelve-factor problems in 0 files\./);
      }
    } finally {
      done();
    }
  });

  it('--quiet reports errors only; --max-warnings fails on more warnings than allowed', async () => {
    const all = JSON.parse((await cli(['--format', 'json'], dir)).stdout).findings as { severity: string }[];
    assert.deepEqual([...new Set(all.map((f) => f.severity))].sort(), ['error', 'warning']);
    const quiet = await cli(['--format', 'json', '--quiet'], dir);
    assert.ok((JSON.parse(quiet.stdout).findings as { severity: string }[]).every((f) => f.severity === 'error'));
    const warnings = all.filter((f) => f.severity === 'warning').length;
    assert.equal(warnings, 3);
    assert.equal((await cli(['--fail-on', 'none', '--max-warnings', '3'], dir)).code, 0);
    const over = await cli(['--fail-on', 'none', '--max-warnings', '2'], dir);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /3 warnings, more than --max-warnings 2/);
    assert.equal((await cli(['--fail-on', 'none', '--max-warnings', '0', '--quiet'], dir)).code, 0, 'hidden warnings do not count');
    assert.match((await cli(['--max-warnings', '-1'], dir)).stderr, /--max-warnings needs a value/);
    assert.match((await cli(['--max-warnings=x'], dir)).stderr, /--max-warnings needs a whole number, not "x"/);
  });

  it('--stdin: the text is checked as --stdin-filename, with the config cascade of its folder', async () => {
    const text = `export const apiSecret = '${SECRET}';\n`;
    const root = await cli(['--stdin', '--stdin-filename', 'src/new.ts', '--format', 'json'], dir, { stdin: text });
    assert.equal(root.code, 1);
    assert.deepEqual(
      JSON.parse(root.stdout).findings.map((f: { file: string; severity: string }) => `${f.file} ${f.severity}`),
      ['src/new.ts error'],
    );
    const nested = await cli(['--stdin', '--stdin-filename', 'packages/api/src/new.ts', '--format', 'json'], dir, { stdin: text });
    assert.equal(nested.code, 0, 'the nested config lowers the rule to warning');
    assert.equal(JSON.parse(nested.stdout).findings[0].severity, 'warning');
    const unnamed = await cli(['--stdin', '--no-color'], dir, { stdin: text });
    assert.match(unnamed.stdout, /^<stdin>\.ts$/m);
    const ignored = await cli(['--stdin', '--stdin-filename', 'generated/x.ts'], dir, { stdin: text });
    assert.equal(ignored.code, 0);
    assert.equal(ignored.stdout, '');
    assert.match(ignored.stderr, /generated\/x\.ts is ignored/);
    assert.match((await cli(['--stdin', 'src'], dir, { stdin: text })).stderr, /give no paths with it/);
    assert.match((await cli(['--stdin-filename', 'a.ts'], dir)).stderr, /--stdin-filename needs --stdin/);
  });

  it('--format github: one escaped workflow command per finding, paths from the working directory', async () => {
    const r = await cli(['--format', 'github'], dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.match(
      lines[0],
      /^::warning file=packages\/api\/src\/key\.ts,line=1,col=26,endLine=1,endColumn=60,title=config\/no-hardcoded-secret::Hardcoded secret R2Fy…\(32 chars\)/,
    );
    assert.ok(lines.some((l) => l.startsWith('::error file=src/app.ts,line=1,col=26,')));
    assert.equal(lines.at(-1), '4 twelve-factor problems in 4 files scanned.');
    assert.equal(escapeData('50%\r\ndone'), '50%25%0D%0Adone');
    assert.equal(escapeProperty('a,b:c%'), 'a%2Cb%3Ac%25');
    assert.equal(
      workflowCommand('notice', 'x\ny', { file: 'dir,1/a:b.ts', line: 2 }, 'r:1'),
      '::notice file=dir%2C1/a%3Ab.ts,line=2,title=r%3A1::x%0Ay',
    );
  });

  it('colour: FORCE_COLOR, NO_COLOR, a terminal, --color/--no-color, never into a file', async () => {
    assert.equal(colorByDefault({}, true), true);
    assert.equal(colorByDefault({}, false), false);
    assert.equal(colorByDefault({ TERM: 'dumb' }, true), false);
    assert.equal(colorByDefault({ NO_COLOR: '1' }, true), false);
    assert.equal(colorByDefault({ NO_COLOR: '' }, true), true, 'an empty NO_COLOR is unset (no-color.org)');
    assert.equal(colorByDefault({ FORCE_COLOR: '1' }, false), true);
    assert.equal(colorByDefault({ FORCE_COLOR: '' }, false), true, "Node's meaning: set is on");
    assert.equal(colorByDefault({ FORCE_COLOR: '0' }, true), false);
    assert.equal(colorByDefault({ FORCE_COLOR: 'false', NO_COLOR: '' }, true), false);
    assert.equal(colorByDefault({ FORCE_COLOR: '1', NO_COLOR: '1' }, false), true, 'FORCE_COLOR wins, as in Node');
    assert.equal(parseArgs(['--no-color'], { FORCE_COLOR: '1' }, true).color, false);
    assert.equal(parseArgs(['--color'], { NO_COLOR: '1' }, false).color, true);
    const ESC = '\u001b[';
    assert.ok((await cli([], dir, { env: { FORCE_COLOR: '1' } })).stdout.includes(ESC));
    assert.ok((await cli([], dir, { isTTY: true })).stdout.includes(ESC));
    assert.ok(!(await cli([], dir, { isTTY: true, env: { NO_COLOR: '1' } })).stdout.includes(ESC));
    assert.ok(!(await cli([], dir)).stdout.includes(ESC));
    const out = path.join(dir, 'report.txt');
    await cli(['--color', '-o', out], dir);
    assert.ok(!fs.readFileSync(out, 'utf8').includes(ESC));
    fs.rmSync(out);
  });
});
