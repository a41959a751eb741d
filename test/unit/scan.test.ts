/** Workspace listing and scanning on real files: ignore rules and hostile trees. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listFiles, scan, WorkspaceSession } from '../../server/src/analysis';
import { listFilesInSteps } from '../../server/src/analysis/workspace/files';

const SECRET_LINE = `const dbPassword = 'Zm9vYmFyLWJhei1xdXV4LTk5OQ';\n`;

describe('listFiles and scan', () => {
  let root: string;
  const write = (rel: string, text: string | Buffer) => {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return full;
  };
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-scan-'));
    write('src/app.ts', SECRET_LINE);
    write('src/types.d.ts', SECRET_LINE);
    write('src/nested/.gitignore', 'generated.ts\n');
    write('src/nested/generated.ts', SECRET_LINE);
    write('src/nested/kept.ts', SECRET_LINE);
    write('.gitignore', 'dist/\n*.min.js\n');
    write('dist/app.js', SECRET_LINE);
    write('vendor.min.js', SECRET_LINE);
    write('node_modules/pkg/index.js', SECRET_LINE);
    write('Dockerfile', 'FROM node:20\n');
    write('deploy/api.Dockerfile', 'FROM node:20\n');
    write('README.md', '# not analysed\n');
    write('ünïcödé/файл.ts', SECRET_LINE);
    write(`${'long-folder-name/'.repeat(12)}deep.ts`, SECRET_LINE);
    write('latin1.js', Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x78, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0xff, 0x27, 0x3b, 0x0a]));
    // Extension-less files: a node script (Express's generator writes bin/www) is JavaScript; a shell script and a licence are not ours.
    write('bin/www', `#!/usr/bin/env node\n${SECRET_LINE}`);
    write('bin/setup', `#!/bin/sh\n${SECRET_LINE}`);
    // An interpreter whose path only contains "node" (the node image's home), and deno: not ours. A TypeScript runner: TypeScript.
    write('bin/py', `#!/home/node/.venv/bin/python3\n${SECRET_LINE}`);
    write('bin/deno-task', `#!/usr/bin/env -S deno run --node-modules-dir\n${SECRET_LINE}`);
    write('bin/tool', `#!/usr/bin/env -S node --no-warnings\n${SECRET_LINE}`);
    write('bin/ts-tool', `#!/usr/bin/env ts-node-script\nconst n = <number>JSON.parse('1');\n${SECRET_LINE}`);
    write('LICENSE', `MIT\n${SECRET_LINE}`);
    fs.symlinkSync(root, path.join(root, 'src', 'loop'));
    fs.symlinkSync(path.join(root, 'missing-target.ts'), path.join(root, 'src', 'dangling.ts'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists what we read, honouring nested .gitignore files, node_modules, declaration files and symlink loops', () => {
    const { files } = listFiles(root);
    assert.deepEqual(
      files.map((f) => path.relative(root, f)).sort(),
      [
        'Dockerfile',
        'bin/tool',
        'bin/ts-tool',
        'bin/www',
        'deploy/api.Dockerfile',
        'latin1.js',
        `${'long-folder-name/'.repeat(12)}deep.ts`,
        'src/app.ts',
        'src/nested/kept.ts',
        'ünïcödé/файл.ts',
      ].sort(),
    );
  });

  it('listed in steps (a pause after each folder read): the same listing, and an indexing session in the server mode lists the same', async () => {
    const steps = listFilesInSteps(root);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    // root, bin, src, src/nested, deploy, ünïcödé, 12 long folders (dist and node_modules are skipped; src/loop is root again).
    assert.equal(pauses, 18);
    assert.deepEqual(step.value, listFiles(root));
    const stepped = new WorkspaceSession(root, {});
    await stepped.index({ yieldEvery: 1 });
    assert.deepEqual(stepped.files(), scan(root).files);
  });

  it('config ignore globs apply on top', () => {
    const { files } = listFiles(root, [root], { ignoreFor: () => ['src/**', 'long-folder-name/**'] });
    assert.ok(files.every((f) => !path.relative(root, f).startsWith('src/') && !path.relative(root, f).startsWith('long-folder-name')));
  });

  it('a file named explicitly is analysed even if ignored', () => {
    const { files } = listFiles(root, [path.join(root, 'dist/app.js')]);
    assert.deepEqual(files, [path.join(root, 'dist/app.js')]);
  });

  it('scans everything, including non-ASCII names and invalid UTF-8, and reports a file that vanished', () => {
    const result = scan(root, [root], {
      onProgress: (done, _total, file) => {
        // The file after the first one disappears mid-scan.
        if (done === 1) fs.rmSync(path.join(root, 'latin1.js'), { force: true });
        void file;
      },
    });
    const withFindings = new Set(result.findings.map((f) => path.relative(root, f.file)));
    assert.ok(withFindings.has('src/app.ts'));
    assert.ok(withFindings.has('ünïcödé/файл.ts'));
    const www = result.findings.filter((f) => path.relative(root, f.file) === path.join('bin', 'www'));
    assert.deepEqual(
      www.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
      [['config/no-hardcoded-secret', 1, 19]],
    );
    assert.ok(!withFindings.has(path.join('bin', 'setup')) && !withFindings.has('LICENSE') && !withFindings.has(path.join('bin', 'py')));
    // Parsed as TypeScript (a `<number>` cast), so the secret after it is found at its place.
    const tsTool = result.findings.filter((f) => path.relative(root, f.file) === path.join('bin', 'ts-tool'));
    assert.deepEqual(
      tsTool.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
      [['config/no-hardcoded-secret', 2, 19]],
    );
    assert.ok(withFindings.has(`${'long-folder-name/'.repeat(12)}deep.ts`));
    const vanished = result.notes.find((n) => n.file.endsWith('latin1.js'));
    assert.equal(vanished?.kind, 'unreadable');
    assert.match(vanished.message, /could not be read \(ENOENT\)/);
    write('latin1.js', Buffer.from([0x27, 0xe9, 0xff, 0x27, 0x0a]));
  });

  it('a path that does not exist is a note, not a crash', () => {
    const result = scan(root, [path.join(root, 'nope')]);
    assert.equal(result.files.length, 0);
    assert.equal(result.notes[0].kind, 'unreadable');
  });
});
