/** The config languages' parsers (languages/config/): entries with exact positions, in every format. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson } from '../../../server/src/analysis/languages/config/json';
import { parseYaml } from '../../../server/src/analysis/languages/config/yaml';
import { parseDotenv } from '../../../server/src/analysis/languages/config/dotenv';
import { parseProcfile } from '../../../server/src/analysis/languages/config/procfile';
import { parseNpmrc } from '../../../server/src/analysis/languages/config/npmrc';
import type { ConfigEntry } from '../../../server/src/analysis/languages/config/document';
import { languageOf } from '../../../server/src/analysis';

/** `path=value @line:col-line:col` (1-based), and the text between the content offsets. */
const show = (text: string, e: ConfigEntry) =>
  `${e.path.join('.')}=${e.value} @${e.valueRange.start.line + 1}:${e.valueRange.start.column + 1}-${e.valueRange.end.line + 1}:${e.valueRange.end.column + 1} [${text.slice(e.contentStart, e.contentEnd)}]`;

describe('config languages', () => {
  it('detects the files services keep config in, and leaves tool and data files alone', () => {
    const cases: [string, string | undefined][] = [
      ['/w/.env', 'dotenv'],
      ['/w/.env.production', 'dotenv'],
      ['/w/.env.example', 'dotenv'],
      ['/w/deploy/prod.env', 'dotenv'],
      ['/w/.envrc', undefined],
      ['/w/.env.js', 'typescript'],
      ['/w/Procfile', 'procfile'],
      ['/w/Procfile.dev', 'procfile'],
      ['/w/docker-compose.yml', 'yaml'],
      ['/w/docker-compose.prod.yaml', 'yaml'],
      ['/w/compose.yaml', 'yaml'],
      ['/w/.github/workflows/ci.yml', undefined],
      // node-config's YAML: the files named for what it merges, in a config folder.
      ['/w/config/default.yml', 'yaml'],
      ['/w/config/production.yaml', 'yaml'],
      ['/w/config/production-2.yml', 'yaml'],
      ['/w/config/custom-environment-variables.yml', 'yaml'],
      ['/w/config/local-development.yml', 'yaml'],
      ['/w/config/deployment.yaml', undefined],
      ['/w/config/openapi.yml', undefined],
      ['/w/default.yml', undefined],
      ['/w/.circleci/config.yml', undefined],
      ['/w/settings/production.yml', undefined],
      // The hosting platforms' files of process commands.
      ['/w/render.yaml', 'yaml'],
      ['/w/heroku.yml', 'yaml'],
      ['/w/app.yaml', 'yaml'],
      ['/w/cf/manifest.yml', 'yaml'],
      ['/w/railway.json', 'json'],
      ['/w/heroku.yaml', undefined],
      ['/w/openapi/app-spec.yaml', undefined],
      ['/w/railway.toml', undefined],
      ['/w/package.json', 'json'],
      ['/w/app.json', 'json'],
      ['/w/config/default.json', 'json'],
      ['/w/config/production.json', 'json'],
      ['/w/appsettings.Development.json', 'json'],
      ['/w/service-account.json', 'json'],
      ['/w/package-lock.json', undefined],
      ['/w/tsconfig.json', undefined],
      ['/w/tsconfig.build.json', undefined],
      ['/w/src/locales/en.json', undefined],
      ['/w/.twelvefactorrc.json', undefined],
      ['/w/.npmrc', 'npmrc'],
    ];
    assert.deepEqual(
      cases.map(([file]) => [file, languageOf(file)]),
      cases,
    );
  });

  it('JSON: every scalar with its key path, comments and trailing commas tolerated', () => {
    const text = `{\n  // db\n  "db": { "password": "s3cr3t", "port": 5432, "ssl": true, },\n  "hosts": ["a.example", "b\\u0041"],\n}`;
    const doc = parseJson(text);
    assert.deepEqual(
      doc.entries.map((e) => show(text, e)),
      [
        'db.password=s3cr3t @3:23-3:31 [s3cr3t]',
        'db.port=5432 @3:41-3:45 [5432]',
        'db.ssl=true @3:54-3:58 [true]',
        'hosts.0=a.example @4:13-4:24 [a.example]',
        'hosts.1=bA @4:26-4:35 [b\\u0041]',
      ],
    );
    assert.equal(doc.entries[4].verbatim, false, 'escapes: value offsets do not map onto the file');
    assert.equal(doc.valueAt(['db', 'port']), 5432);
    assert.deepEqual(doc.problems, []);
    assert.equal(parseJson('{ "a": ').problems.length > 0, true);
  });

  it('YAML: compose maps and KEY=value list items, several documents', () => {
    const text = `services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=hunter22\n      PGUSER: "admin"\n---\nx: 1\n`;
    const doc = parseYaml(text);
    const shown = doc.entries.map((e) => show(text, e));
    assert.ok(shown.includes('services.db.image=postgres:16 @3:12-3:23 [postgres:16]'), shown.join('\n'));
    assert.ok(shown.includes('x=1 @8:4-8:5 [1]'), shown.join('\n'));
    const env = parseYaml(`environment:\n  - POSTGRES_PASSWORD=hunter22\n  - DEBUG\n`);
    assert.deepEqual(
      env.entries.map((e) => [e.key, e.value, e.keyRange?.start.column, e.valueRange.start.column]),
      [
        ['POSTGRES_PASSWORD', 'hunter22', 4, 22],
        ['environment', 'DEBUG', 0, 4],
      ],
    );
    assert.deepEqual((doc.data as { services: { db: { image: string } } }).services.db.image, 'postgres:16');
    // valueAt reads the first document, as JsonDocument.valueAt: a path that leaves it is undefined.
    assert.equal(doc.valueAt(['services', 'db', 'image']), 'postgres:16');
    assert.equal(doc.valueAt(['services', 'db', 'image', 'tag']), undefined);
    assert.equal(doc.valueAt(['x']), undefined);
    assert.equal(parseYaml('hosts:\n  - a.example\n  - b.example\n').valueAt(['hosts', 1]), 'b.example');
  });

  it('.env: export, quotes, escapes, comments, multi-line values', () => {
    const text = `# comment\nexport A=1\nB = "two # not a comment"\nC='lit\\n'\nD=plain # comment\nE="multi\nline"\nF=\n`;
    const doc = parseDotenv(text);
    assert.deepEqual(
      doc.variables.map((v) => [v.key, v.value, v.exported, v.line]),
      [
        ['A', '1', true, 1],
        ['B', 'two # not a comment', false, 2],
        ['C', 'lit\\n', false, 3],
        ['D', 'plain', false, 4],
        ['E', 'multi\nline', false, 5],
        ['F', '', false, 7],
      ],
    );
    assert.equal(show(text, doc.variables[3]), 'D=plain @5:3-5:8 [plain]');
  });

  it('Procfile: process types with their command positions', () => {
    const text = `# processes\nweb: node dist/server.js\nworker:   node dist/worker.js --queue=jobs  \nrelease: npm run migrate\n`;
    const doc = parseProcfile(text);
    assert.deepEqual(
      doc.processes.map((p) => [p.type, p.command, p.line, text.slice(p.commandStart, p.commandEnd)]),
      [
        ['web', 'node dist/server.js', 1, 'node dist/server.js'],
        ['worker', 'node dist/worker.js --queue=jobs', 2, 'node dist/worker.js --queue=jobs'],
        ['release', 'npm run migrate', 3, 'npm run migrate'],
      ],
    );
  });

  it('.npmrc: registry-scoped keys kept whole', () => {
    const text = `registry=https://registry.npmjs.org/\n; comment\n//registry.npmjs.org/:_authToken=npm_abc\nalways-auth = true\n`;
    assert.deepEqual(
      parseNpmrc(text).entries.map((e) => [e.key, e.value]),
      [
        ['registry', 'https://registry.npmjs.org/'],
        ['//registry.npmjs.org/:_authToken', 'npm_abc'],
        ['always-auth', 'true'],
      ],
    );
  });
});
