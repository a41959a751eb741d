/**
 * Secrets never leak (issue 9): a workspace planted with a secret of every kind we detect, run
 * through every output we have — CLI text/JSON/SARIF/Markdown (stdout and stderr, --verbose), and the
 * language server's diagnostics, code actions (fix edits included), compliance report (Markdown and
 * SARIF), log messages and stderr. Each secret must be detected, and no output may hold it whole.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PLANTED } from '../helpers/planted';
import { LspClient, uriOf } from '../helpers/lspClient';
import { ruleById } from '../../server/src/analysis';
import { cli } from './helpers';

interface Plant {
  file: string;
  text: string;
  secret: string;
  languageId: string;
}

function plants(): Plant[] {
  const list: Plant[] = PLANTED.map(([kind, token], i) => ({
    file: `src/provider${i}.ts`,
    // No secret-ish name around it: found by its format alone. Backticks keep PEM newlines.
    text: `// ${kind}\nexport const value${i} = \`${token}\`;\n`,
    secret: token,
    languageId: 'typescript',
  }));
  list.push(
    {
      file: 'src/named.ts',
      text: `export const dbPassword = 'Zq8-named-Secret-77';\n`,
      secret: 'Zq8-named-Secret-77',
      languageId: 'typescript',
    },
    {
      file: 'src/url.js',
      text: `module.exports = 'postgres://app:Pg-Url-Secret-91@db.prod/app';\n`,
      secret: 'Pg-Url-Secret-91',
      languageId: 'javascript',
    },
    {
      file: 'src/sign.ts',
      text: `import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({}, 'Jwt-Arg-Secret-53');\n`,
      secret: 'Jwt-Arg-Secret-53',
      languageId: 'typescript',
    },
    {
      file: 'src/check.ts',
      text: `export const ok = (req: any) => req.headers['x-api-key'] === 'Cmp-Key-Secret-29';\n`,
      secret: 'Cmp-Key-Secret-29',
      languageId: 'typescript',
    },
  );
  if (ruleById('config/no-hardcoded-secret')?.meta.languages.includes('dockerfile')) {
    list.push({
      file: 'Dockerfile',
      text: `FROM node:20-slim\nENV NODE_ENV=production DB_PASSWORD=Dkr-Env-Secret-64\nCMD ["node", "server.js"]\n`,
      secret: 'Dkr-Env-Secret-64',
      languageId: 'dockerfile',
    });
  }
  // Config files: one secret per file kind, each judged a different way.
  const languages = ruleById('config/no-hardcoded-secret')?.meta.languages ?? [];
  if (languages.includes('dotenv')) {
    list.push(
      { file: '.env', text: `PORT=3000\nDB_PASSWORD=Env-File-Secret-47\n`, secret: 'Env-File-Secret-47', languageId: 'dotenv' },
      {
        file: '.env.example',
        text: `PORT=3000\nSESSION_SECRET="Env-Tmpl-Secret-38"\n`,
        secret: 'Env-Tmpl-Secret-38',
        languageId: 'dotenv',
      },
    );
  }
  if (languages.includes('json')) {
    list.push({
      file: 'config/default.json',
      text: `{\n  "db": { "url": "postgres://app:Json-Url-Secret-26@db.prod/app" }\n}\n`,
      secret: 'Json-Url-Secret-26',
      languageId: 'json',
    });
  }
  if (languages.includes('yaml')) {
    list.push({
      file: 'docker-compose.yml',
      text: `services:\n  api:\n    environment:\n      - JWT_SECRET=Compose-Env-Secret-15\n`,
      secret: 'Compose-Env-Secret-15',
      languageId: 'dockercompose',
    });
  }
  if (languages.includes('npmrc')) {
    const token = PLANTED.find(([kind]) => kind === 'npm token')![1];
    list.push({ file: '.npmrc', text: `//registry.npmjs.org/:_authToken=${token}\n`, secret: token, languageId: 'ini' });
  }
  return list;
}

function assertNoSecret(output: string, planted: readonly Plant[], where: string) {
  for (const p of planted) assert.ok(!output.includes(p.secret), `${where} holds the whole secret planted in ${p.file}`);
}

describe('no output holds a whole secret', () => {
  let root: string;
  const planted = plants();
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-leak-'));
    for (const p of planted) {
      fs.mkdirSync(path.dirname(path.join(root, p.file)), { recursive: true });
      fs.writeFileSync(path.join(root, p.file), p.text);
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const format of ['text', 'json', 'sarif', 'markdown', 'github']) {
    it(`CLI --format ${format} --verbose: every secret found, none printed`, async () => {
      const r = await cli(['--format', format, '--verbose', '--no-color'], root);
      assert.equal(r.code, 1, r.stderr);
      assertNoSecret(r.stdout + r.stderr, planted, `--format ${format}`);
      if (format === 'json') {
        const files = new Set(
          (JSON.parse(r.stdout).findings as { file: string; ruleId: string }[])
            .filter((f) => f.ruleId === 'config/no-hardcoded-secret')
            .map((f) => f.file),
        );
        for (const p of planted) assert.ok(files.has(p.file), `the secret in ${p.file} is detected`);
      }
    });
  }

  it('CLI --fix-dry-run --fix-type suggestion: the diff shows the removed secrets redacted', async () => {
    const r = await cli(['--fix-dry-run', '--fix-type', 'suggestion', '--no-color'], root);
    assert.match(r.stdout, /^-.*…\(\d+ chars\)/m, 'the diff removes secret lines');
    assertNoSecret(r.stdout + r.stderr, planted, '--fix-dry-run');
  });

  it('CLI --update-baseline and --cache write no secret (nor a hash of one: keys are of redacted text)', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-leak-out-'));
    try {
      const baseline = path.join(work, 'baseline.json');
      const cacheDir = path.join(work, 'cache/');
      assert.equal((await cli(['--update-baseline', '--baseline', baseline], root)).code, 0);
      assert.equal((await cli(['--baseline', baseline, '--cache', '--cache-location', cacheDir], root)).code, 0);
      const written = [baseline, ...fs.readdirSync(cacheDir).map((f) => path.join(cacheDir, f))].map((f) => fs.readFileSync(f, 'utf8'));
      assert.ok(written.length >= 2);
      assertNoSecret(written.join('\n'), planted, 'the baseline or the cache');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('language server: diagnostics, code actions and their edits, report, logs, its caches', async () => {
    // Its caches in a folder of their own; 70 more files, so that the folder is indexed by a worker
    // process, which writes the analysis cache too (lsp/folders.ts: 64 files or more).
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-leak-cache-'));
    const filler = path.join(root, 'filler');
    fs.mkdirSync(filler, { recursive: true });
    for (let i = 0; i < 70; i++) fs.writeFileSync(path.join(filler, `f${i}.ts`), `export const f${i} = process.env.F${i};\n`);
    const client = new LspClient({ TWELVE_FACTOR_LINT_CACHE_DIR: cacheDir });
    try {
      await client.initialize(root);
      const outputs: unknown[] = [];
      for (const p of planted) {
        const file = path.join(root, p.file);
        client.open(file, p.text, p.languageId);
        const published = await client.waitForDiagnostics(file, (d) => d.diagnostics.some((x) => x.code === 'config/no-hardcoded-secret'));
        outputs.push(published);
        const actions = await client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri: uriOf(file) },
          range: published.diagnostics[0].range,
          context: { diagnostics: published.diagnostics, only: ['quickfix'] },
        });
        outputs.push(actions);
      }
      outputs.push(await client.connection.sendRequest('twelveFactor/scanWorkspace', {}));
      outputs.push(await client.connection.sendRequest('twelveFactor/report', { format: 'markdown' }));
      outputs.push(await client.connection.sendRequest('twelveFactor/report', { format: 'sarif' }));
      outputs.push(client.notifications);
      assertNoSecret(JSON.stringify(outputs), planted, 'the server');
      assertNoSecret(client.stderr, planted, 'server stderr');
      // The fix wrote nothing yet, but its edits are in the actions above; .env.example gets names only.
      await client.settle(800);
      const cached = (fs.readdirSync(cacheDir, { recursive: true }) as string[])
        .map((f) => path.join(cacheDir, f))
        .filter((f) => fs.statSync(f).isFile() && !f.endsWith('.v8cache'));
      assert.ok(cached.length >= 70, `the folder's analyses were cached (${cached.length} entries)`);
      assertNoSecret(cached.map((f) => fs.readFileSync(f, 'utf8')).join('\n'), planted, 'the analysis cache');
    } finally {
      await client.shutdown();
      fs.rmSync(filler, { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
