/** Platform manifests that replace an image's command (knowledge/starts.ts commandOverriddenBy). */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commandOverriddenBy } from '../../../server/src/analysis/knowledge/starts';

const ROOT = path.resolve('/w');
const reader = (files: Record<string, string>) => (f: string) => files[path.relative(ROOT, f).split(path.sep).join('/')];
const overridden = (files: Record<string, string>, dockerfile = 'Dockerfile') =>
  commandOverriddenBy(path.join(ROOT, dockerfile), ROOT, reader(files));

describe('commandOverriddenBy', () => {
  it("fly.toml's [processes] (after comments and blank lines, CRLF too) or [experimental] cmd replace the CMD of the image it builds", () => {
    assert.equal(overridden({ 'fly.toml': "[processes]\n# the web process\n\nweb = 'npm start'\n" }), 'fly.toml');
    assert.equal(overridden({ 'fly.toml': '[processes]\r\n\r\nweb = "npm start"\r\n' }), 'fly.toml');
    assert.equal(overridden({ 'fly.toml': "[experimental]\n  cmd = ['node', 'dist/index.js']\n" }), 'fly.toml');
    assert.equal(
      overridden({ 'apps/api/fly.toml': "[build]\ndockerfile = 'Dockerfile'\n[processes]\napp = 'node .'\n" }, 'apps/api/Dockerfile'),
      'apps/api/fly.toml',
    );
  });

  it('not a fly.toml with no processes, an empty [processes], or one whose [build] dockerfile is another image', () => {
    assert.equal(overridden({ 'fly.toml': "app = 'x'\n[http_service]\ninternal_port = 3000\n" }), undefined);
    assert.equal(overridden({ 'fly.toml': '[processes]\n\n[http_service]\ninternal_port = 3000\n' }), undefined);
    assert.equal(
      overridden({ 'fly.toml': "[build]\ndockerfile = 'Dockerfile.worker'\n[processes]\nworker = 'node worker.js'\n" }),
      undefined,
    );
  });

  it('reads a [processes] section followed by thousands of blank lines at once (no backtracking over them)', { timeout: 10_000 }, () => {
    assert.equal(overridden({ 'fly.toml': `[processes]\n${'\n'.repeat(5000)}!` }), undefined);
    assert.equal(overridden({ 'fly.toml': `[processes]\n${'   \n'.repeat(5000)}web = 'npm start'\n` }), 'fly.toml');
  });
});
