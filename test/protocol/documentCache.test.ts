/**
 * The server keeps open documents' analyses across starts (analysis/workspace/entryCache.ts): a server
 * started again publishes a reopened document's diagnostics from its entry without parsing it, the
 * same diagnostics a fresh analysis gives; a changed text, a secret, or an entry that cannot be read
 * means an analysis as without the cache. Over stdio, on the built server. Run after `node esbuild.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';

const SOURCE = `import express from 'express';
import { Pool } from 'pg';

const app = express();
const pool = new Pool({ host: 'db.internal', port: 5432 });

app.get('/users', async (_req, res) => {
  res.json((await pool.query('select 1')).rows);
});

app.listen(3000);
`;
const LOCATOR = 'backing-services/no-hardcoded-locator';
const PORT = 'port-binding/port-from-environment';
const SIGTERM = 'disposability/handle-sigterm';

const text = (m: Diagnostic['message']) => (typeof m === 'string' ? m : m.value);
const shape = (d: Diagnostic) =>
  `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${text(d.message)}`;
const shapes = (p: PublishDiagnosticsParams | undefined) => (p?.diagnostics ?? []).map(shape).sort();

describe('open documents cached across server starts', () => {
  let tmp: string;
  let root: string;
  let file: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-doc-cache-'));
    root = path.join(tmp, 'service');
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'svc', dependencies: { express: '*', pg: '*' } }));
    file = path.join(root, 'src', 'index.ts');
    fs.writeFileSync(file, SOURCE);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const entries = (cacheDir: string): string[] =>
    fs.existsSync(path.join(cacheDir, 'analysis'))
      ? (fs.readdirSync(path.join(cacheDir, 'analysis'), { recursive: true }) as string[])
          .filter((n) => n.endsWith('.json'))
          .map((n) => path.join(cacheDir, 'analysis', n))
      : [];

  /** A server on `cacheDir` with `text` open: its first publish for the file, everything it published once settled, and the client still running. */
  async function open(cacheDir: string, text: string): Promise<{ client: LspClient; first: PublishDiagnosticsParams }> {
    const client = new LspClient({ TWELVE_FACTOR_LINT_CACHE_DIR: cacheDir });
    await client.initialize(root);
    client.open(file, text);
    const first = await client.waitForDiagnostics(file, () => true, 30000);
    return { client, first };
  }

  /** Waits until the document settled and its entry was written (its facts are read 300 ms after the last edit). */
  async function untilWritten(cacheDir: string): Promise<string> {
    const deadline = Date.now() + 15000;
    while (entries(cacheDir).length === 0) {
      assert.ok(Date.now() < deadline, 'an entry was written once the document settled');
      await new Promise((r) => setTimeout(r, 50));
    }
    return entries(cacheDir)[0];
  }

  it('publishes a reopened document from its entry: what a fresh analysis publishes, program verdicts included once judged', async () => {
    const cacheDir = path.join(tmp, 'same');
    const fresh = await open(cacheDir, SOURCE);
    await untilWritten(cacheDir);
    await fresh.client.settle();
    const freshAll = shapes(fresh.client.diagnostics.get(fresh.first.uri));
    assert.deepEqual(freshAll.map((s) => s.split('@')[0]).sort(), [LOCATOR, SIGTERM, PORT].sort());
    assert.equal(await fresh.client.shutdown(), 0);

    const again = await open(cacheDir, SOURCE);
    try {
      // The first publish is the document's own findings, as a fresh start's first publish.
      assert.deepEqual(shapes(again.first), shapes(fresh.first));
      assert.ok(shapes(again.first).some((s) => s.startsWith(`${LOCATOR}@4:30-4:43 `)));
      await again.client.settle();
      assert.deepEqual(shapes(again.client.diagnostics.get(again.first.uri)), freshAll);
      // Analysed again while left alone: the next edit is answered (a second pool on line 6).
      again.client.change(file, 2, [
        {
          range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
          text: "const replica = new Pool({ host: 'db2.internal' });\n",
        },
      ]);
      const edited = await again.client.waitForDiagnostics(file, (d) => d.version === 2);
      assert.deepEqual(
        edited.diagnostics
          .filter((x) => x.code === LOCATOR)
          .map((x) => [x.range.start.line, x.range.start.character])
          .sort(),
        [
          [4, 30],
          [5, 33],
        ],
      );
    } finally {
      assert.equal(await again.client.shutdown(), 0);
    }
  });

  it('analyses a document opened from its entry again once it is left alone: one more publish of its whole findings', async () => {
    const cacheDir = path.join(tmp, 'idle');
    const fresh = await open(cacheDir, SOURCE);
    await untilWritten(cacheDir);
    assert.equal(await fresh.client.shutdown(), 0);
    const again = await open(cacheDir, SOURCE);
    try {
      // Its findings from the entry, then the folder's verdicts once judged (the whole set), then the same
      // set again from the analysis the server runs while the document is left alone (it has no tree yet).
      const whole = (p: PublishDiagnosticsParams) => p.uri === again.first.uri && p.version === 1 && p.diagnostics.length === 3;
      await again.client.waitFor(() => again.client.publishes.filter(whole).length >= 2, 15000, 'a second publish of the whole set');
      const [judged, analysed] = again.client.publishes.filter(whole);
      assert.deepEqual(shapes(analysed), shapes(judged));
    } finally {
      assert.equal(await again.client.shutdown(), 0);
    }
  });

  it('takes what the entry says when the text is the same, and analyses the document when its text changed', async () => {
    const cacheDir = path.join(tmp, 'marked');
    const fresh = await open(cacheDir, SOURCE);
    const entry = await untilWritten(cacheDir);
    assert.equal(await fresh.client.shutdown(), 0);
    // Mark the stored finding: a start that publishes the mark read the entry instead of parsing.
    const stored = JSON.parse(fs.readFileSync(entry, 'utf8'));
    for (const f of stored.analysis.findings) if (f.ruleId === LOCATOR) f.message = 'MARKED';
    fs.writeFileSync(entry, JSON.stringify(stored));

    const same = await open(cacheDir, SOURCE);
    assert.deepEqual(
      same.first.diagnostics.filter((d) => d.code === LOCATOR).map((d) => d.message),
      ['MARKED'],
    );
    assert.equal(await same.client.shutdown(), 0);

    const changed = await open(cacheDir, SOURCE.replace("'db.internal'", "'db2.internal'"));
    try {
      const locator = changed.first.diagnostics.filter((d) => d.code === LOCATOR);
      assert.equal(locator.length, 1);
      assert.match(text(locator[0].message), /'db2\.internal'/);
      assert.deepEqual([locator[0].range.start.line, locator[0].range.start.character], [4, 30]);
    } finally {
      assert.equal(await changed.client.shutdown(), 0);
    }
  });

  it('never writes the analysis of a document with a secret, and starts on an entry that is not JSON', async () => {
    const cacheDir = path.join(tmp, 'secret');
    const secretText = `${SOURCE}export const apiToken = 'dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu';\n`;
    fs.writeFileSync(file, secretText);
    try {
      const withSecret = await open(cacheDir, secretText);
      await withSecret.client.settle(800);
      assert.ok(withSecret.first.diagnostics.some((d) => d.code === 'config/no-hardcoded-secret'));
      assert.deepEqual(entries(cacheDir), []);
      assert.equal(await withSecret.client.shutdown(), 0);
    } finally {
      fs.writeFileSync(file, SOURCE);
    }

    const broken = path.join(tmp, 'broken');
    const first = await open(broken, SOURCE);
    const entry = await untilWritten(broken);
    assert.equal(await first.client.shutdown(), 0);
    fs.writeFileSync(entry, '{"version":1,"file":');
    const second = await open(broken, SOURCE);
    try {
      assert.deepEqual(shapes(second.first), shapes(first.first));
    } finally {
      assert.equal(await second.client.shutdown(), 0);
    }
  });

  it('does not write a document whose text is not the disk text', async () => {
    const cacheDir = path.join(tmp, 'unsaved');
    const unsaved = await open(cacheDir, `${SOURCE}// not saved\n`);
    try {
      await unsaved.client.settle(800);
      assert.deepEqual(entries(cacheDir), []);
    } finally {
      assert.equal(await unsaved.client.shutdown(), 0);
    }
  });

  it('indexes a folder again from the entries its worker wrote, analyses the files changed since and drops a deleted file', async () => {
    // 80 files: a folder big enough to be indexed by a worker process (folders.ts: 64 files or more).
    const big = path.join(tmp, 'big');
    fs.mkdirSync(path.join(big, 'src'), { recursive: true });
    fs.writeFileSync(path.join(big, 'package.json'), JSON.stringify({ name: 'big', dependencies: { pg: '*' } }));
    const module = (i: number, host: string) => `import { Pool } from 'pg';\n\nexport const pool${i} = new Pool({ host: '${host}' });\n`;
    for (let i = 0; i < 80; i++) fs.writeFileSync(path.join(big, 'src', `m${i}.ts`), module(i, `db${i}.internal`));
    const cacheDir = path.join(tmp, 'indexed');
    const locators = (client: LspClient, i: number) =>
      (client.diagnostics.get(pathToFileURL(path.join(big, 'src', `m${i}.ts`)).href)?.diagnostics ?? [])
        .filter((d) => d.code === LOCATOR)
        .map((d) => `${d.range.start.line}:${d.range.start.character} ${text(d.message).split("'")[1] ?? text(d.message)}`);
    const scan = async (findings: number) => {
      const client = new LspClient({ TWELVE_FACTOR_LINT_CACHE_DIR: cacheDir });
      await client.initialize(big);
      const result = (await client.connection.sendRequest('twelveFactor/scanWorkspace', {})) as { files: number; findings: number };
      assert.equal(result.findings, findings);
      return client;
    };
    const first = await scan(80);
    try {
      assert.deepEqual(locators(first, 7), ['2:38 db7.internal']);
    } finally {
      assert.equal(await first.shutdown(), 0);
    }
    const written = entries(cacheDir);
    assert.equal(written.length, 81, 'an entry per file of the folder (package.json too)');
    // Mark m7's entry; change m8 on disk.
    const m7 = written.find((f) => JSON.parse(fs.readFileSync(f, 'utf8')).file.endsWith(`${path.sep}m7.ts`))!;
    const stored = JSON.parse(fs.readFileSync(m7, 'utf8'));
    for (const f of stored.analysis.findings) f.message = 'MARKED';
    fs.writeFileSync(m7, JSON.stringify(stored));
    fs.writeFileSync(path.join(big, 'src', 'm8.ts'), `// moved down\n${module(8, 'db-eight.internal')}`);
    // m10 deleted: its entry goes once the folder is indexed again.
    const m10 = written.find((f) => JSON.parse(fs.readFileSync(f, 'utf8')).file.endsWith(`${path.sep}m10.ts`))!;
    fs.rmSync(path.join(big, 'src', 'm10.ts'));
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(m10, hourAgo, hourAgo);

    const second = await scan(79);
    try {
      assert.deepEqual(locators(second, 7), ['2:38 MARKED']);
      assert.deepEqual(locators(second, 8), ['3:38 db-eight.internal']);
      assert.deepEqual(locators(second, 9), ['2:38 db9.internal']);
      const deadline = Date.now() + 10000;
      while (fs.existsSync(m10) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(fs.existsSync(m10), false, "the deleted file's entry is removed");
      assert.equal(entries(cacheDir).length, 80);
    } finally {
      assert.equal(await second.shutdown(), 0);
    }
    // A file the editor never opened, opened after a restart: its first diagnostics come from the entry its indexing wrote.
    const opened = new LspClient({ TWELVE_FACTOR_LINT_CACHE_DIR: cacheDir });
    try {
      await opened.initialize(big);
      const m7File = path.join(big, 'src', 'm7.ts');
      opened.open(m7File, module(7, 'db7.internal'));
      const first = await opened.waitForDiagnostics(m7File, () => true, 30000);
      assert.deepEqual(
        first.diagnostics.map((d) => text(d.message)),
        ['MARKED'],
      );
    } finally {
      assert.equal(await opened.shutdown(), 0);
    }
  });
});
