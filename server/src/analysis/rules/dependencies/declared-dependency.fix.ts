/**
 * Fixes of `dependencies/declared-dependency`: declare the package in `dependencies` of the nearest
 * package.json, keeping its formatting and key order. A dev-only package moves with its range as written;
 * an undeclared one is added only when the lockfile pins the version the file loads today, with a range
 * the lockfile already satisfies, so `npm ci` / `yarn --frozen-lockfile` install exactly what ran before:
 *
 * - npm (package-lock v1–v3): the version hoisted where the package resolves from, `^version`
 *   (exact when the manifest's ranges are all exact or .npmrc says save-exact);
 * - yarn (classic and Berry): a range that is already a key of yarn.lock, when one version is locked;
 * - pnpm: a move only when the lockfile is not involved… which it always is (importers list each
 *   dependency's field), so no pnpm fix: pnpm needs `pnpm add`.
 *
 * Suggestions: what production installs changes.
 */
import * as path from 'node:path';
import type { Fix } from '../../finding';
import { declareDependencyEdit, type DependencyField, type Manifest } from '../../knowledge/manifest';
import { computeLineStarts, positionAt } from '../../text';
import { lockfileOf, type CheckState } from './declared-dependency.state';
import { relativePath } from '../../paths';

export function dependencyFix(
  state: CheckState,
  manifest: Manifest,
  name: string,
  from: DependencyField | undefined,
  fromDir: string,
): Fix | undefined {
  const text = state.context.readFile(manifest.file);
  if (text === undefined) return undefined;
  const lock = lockfileOf(state, manifest.dir);
  if (lock?.kind === 'pnpm') return undefined;
  let spec: string | undefined;
  let title: string;
  if (from) {
    spec = manifest[from][name];
    title = `Move "${name}" to dependencies in ${relative(state, manifest.file)}`;
  } else {
    if (!lock) return undefined;
    if (lock.kind === 'npm') {
      const version = lock.resolvedVersion(name, manifest.dir);
      if (!version || !/^\d+\.\d+\.\d+/.test(version)) return undefined;
      spec = exactStyle(state, manifest) ? version : `^${version}`;
    } else {
      const versions = lock.versions(name);
      if (versions.length !== 1) return undefined;
      const ranges = lock.ranges(name).filter((r) => /^[~^]?\d+(\.\d+){0,2}/.test(r));
      spec = ranges.find((r) => r === `^${versions[0]}`) ?? ranges[0];
    }
    if (!spec) return undefined;
    title = `Add "${name}": "${spec}" to dependencies in ${relative(state, manifest.file)} (the version ${path.basename(lock.file)} pins)`;
  }
  if (spec === undefined) return undefined;
  const edit = declareDependencyEdit(text, name, spec, from);
  if (!edit) return undefined;
  const starts = computeLineStarts(text);
  void fromDir;
  return {
    kind: 'suggestion',
    title,
    changes: [
      {
        kind: 'replace',
        file: manifest.file,
        range: { start: positionAt(starts, edit.start), end: positionAt(starts, edit.end) },
        newText: edit.newText,
      },
    ],
  };
}

function relative(state: CheckState, file: string): string {
  return relativePath(state.context.root, file) || 'package.json';
}

/** The manifest pins exact versions (every range a plain version), or .npmrc asks for save-exact. */
function exactStyle(state: CheckState, manifest: Manifest): boolean {
  for (const dir of [manifest.dir, state.context.root]) {
    const npmrc = state.context.readFile(path.join(dir, '.npmrc'));
    if (npmrc && /^\s*save-exact\s*=\s*true\s*$/m.test(npmrc)) return true;
  }
  const specs = [...Object.values(manifest.dependencies), ...Object.values(manifest.devDependencies)].filter((s) => /^[\d^~]/.test(s));
  return specs.length >= 3 && specs.every((s) => /^\d/.test(s));
}
