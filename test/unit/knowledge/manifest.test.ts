/**
 * knowledge/manifest.ts: a manifest's parse is shared between readers (each file's analysis makes its
 * own ManifestReader), yet each reader still sees what its own files say.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ManifestReader } from '../../../server/src/analysis/knowledge/manifest';

const ROOT = path.resolve('/virtual-manifests');
const at = (rel: string) => path.join(ROOT, ...rel.split('/'));
const reader = (files: Record<string, string>) =>
  new ManifestReader(ROOT, (f) => Object.entries(files).find(([rel]) => at(rel) === f)?.[1]);

describe('manifests shared between readers', () => {
  const manifest = JSON.stringify({ name: 'repo', private: true, devDependencies: { typescript: '6' } });

  it("keeps one reader's pnpm workspaces out of another's view of the same package.json", () => {
    const pnpm = reader({ 'package.json': manifest, 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' });
    const plain = reader({ 'package.json': manifest });
    assert.deepEqual(pnpm.at(ROOT)?.workspaces, ['apps/*']);
    assert.deepEqual(plain.at(ROOT)?.workspaces, []);
    assert.deepEqual(reader({ 'package.json': manifest, 'lerna.json': '{ "packages": ["libs/*"] }' }).at(ROOT)?.workspaces, ['libs/*']);
    assert.deepEqual(plain.at(ROOT)?.workspaces, []);
  });

  it('parses the text a reader gives, not the one parsed before at the same path', () => {
    assert.equal(reader({ 'package.json': manifest }).at(ROOT)?.name, 'repo');
    assert.equal(reader({ 'package.json': JSON.stringify({ name: 'renamed' }) }).at(ROOT)?.name, 'renamed');
    assert.equal(reader({ 'package.json': '[1, 2]' }).at(ROOT), undefined);
    assert.equal(reader({ 'package.json': manifest }).at(ROOT)?.name, 'repo');
  });
});
