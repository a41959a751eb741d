/** fly.toml: which commands of an image it replaces (knowledge/fly.ts flyOverrideOf). */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { flyOverrideOf } from '../../../server/src/analysis/knowledge/fly';

const ROOT = path.resolve('/w');
const reader = (files: Record<string, string>) => (f: string) => files[path.relative(ROOT, f).split(path.sep).join('/')];
const override = (files: Record<string, string>, dockerfile = 'Dockerfile') =>
  flyOverrideOf(path.join(ROOT, dockerfile), ROOT, reader(files));
const overridden = (files: Record<string, string>, dockerfile = 'Dockerfile') => override(files, dockerfile)?.manifest;

describe('flyOverrideOf', () => {
  it("fly.toml's [processes] (after comments and blank lines, CRLF too) or [experimental] cmd replace the CMD of the image it builds", () => {
    assert.equal(overridden({ 'fly.toml': "[processes]\n# the web process\n\nweb = 'npm start'\n" }), 'fly.toml');
    assert.equal(overridden({ 'fly.toml': '[processes]\r\n\r\nweb = "npm start"\r\n' }), 'fly.toml');
    assert.equal(overridden({ 'fly.toml': "[experimental]\n  cmd = ['node', 'dist/index.js']\n" }), 'fly.toml');
    assert.equal(
      overridden({ 'apps/api/fly.toml': "[build]\ndockerfile = 'Dockerfile'\n[processes]\napp = 'node .'\n" }, 'apps/api/Dockerfile'),
      'apps/api/fly.toml',
    );
  });

  it('gives the commands with where they are written, and whether the ENTRYPOINT is replaced too', () => {
    const text = "app = 'x'\n[processes]\napp = \"sh -c 'npx knex migrate:latest && node server.js'\"\nworker = 'node worker.js'\n";
    const fly = override({ 'fly.toml': text });
    assert.deepEqual(
      fly?.processes.map((p) => [p.name, p.command, text.slice(p.offset, p.offset + p.command.length)]),
      [
        ['app', "sh -c 'npx knex migrate:latest && node server.js'", "sh -c 'npx knex migrate:latest && node server.js'"],
        ['worker', 'node worker.js', 'node worker.js'],
      ],
    );
    assert.equal(fly?.cmd, true);
    assert.equal(fly?.entrypoint, false);
    const both = override({ 'fly.toml': "[experimental]\nentrypoint = ['/init']\ncmd = 'node server.js'\n" });
    assert.deepEqual([both?.cmd, both?.entrypoint], [true, true]);
    const entrypointOnly = override({ 'fly.toml': "[experimental]\nentrypoint = 'tini --'\n" });
    assert.deepEqual([entrypointOnly?.cmd, entrypointOnly?.entrypoint, entrypointOnly?.processes.length], [false, true, 0]);
  });

  it('not a fly.toml with no processes, an empty [processes], one whose [build] dockerfile is another image, nor invalid TOML', () => {
    assert.equal(overridden({ 'fly.toml': "app = 'x'\n[http_service]\ninternal_port = 3000\n" }), undefined);
    assert.equal(overridden({ 'fly.toml': '[processes]\n\n[http_service]\ninternal_port = 3000\n' }), undefined);
    assert.equal(
      overridden({ 'fly.toml': '[processes]\r\n# app = "node a.js"\r\n# worker = "node b.js"\r\n[http_service]\r\n' }),
      undefined,
    );
    assert.equal(
      overridden({ 'fly.toml': "[build]\ndockerfile = 'Dockerfile.worker'\n[processes]\nworker = 'node worker.js'\n" }),
      undefined,
    );
    assert.equal(overridden({ 'fly.toml': "[processes]\nweb = 'npm start\n" }), undefined);
  });

  it('reads blank and commented lines at once, CRLF too (no backtracking over them)', { timeout: 10_000 }, () => {
    assert.equal(overridden({ 'fly.toml': `[processes]\n${'\n'.repeat(5000)}!` }), undefined);
    assert.equal(overridden({ 'fly.toml': `[processes]\n${'   \n'.repeat(5000)}web = 'npm start'\n` }), 'fly.toml');
    assert.equal(overridden({ 'fly.toml': `[processes]\r\n${'# c\r\n'.repeat(60)}[http_service]\r\ninternal_port = 3000\r\n` }), undefined);
  });
});
