/**
 * Lockfiles, read without running a package manager: npm's package-lock.json / npm-shrinkwrap.json
 * (v1, v2, v3), yarn.lock (classic v1 and Berry), pnpm-lock.yaml (v5 to v9). What the packaging rules
 * ask of them: which version of a package a folder resolves (the hoisted one, which `require` finds),
 * which ranges the lockfile already holds for it (a yarn.lock entry is keyed by its range), and which
 * of a manifest's dependencies the lockfile pins (the report's "lockfile in sync" evidence).
 */
import * as path from 'node:path';
import * as YAML from 'yaml';
import { relativePath } from '../paths';

export type LockfileKind = 'npm' | 'yarn' | 'yarn-berry' | 'pnpm';

export interface Lockfile {
  /** Absolute path. */
  file: string;
  kind: LockfileKind;
  /** Folder the lockfile belongs to (the project or workspace root). */
  dir: string;
  /**
   * The version `require(name)` finds from a file in `fromDir` (a folder of the project): nested
   * node_modules first, then the root's. Undefined when the lockfile holds none there.
   */
  resolvedVersion(name: string, fromDir: string): string | undefined;
  /** Every version the lockfile holds for `name`. */
  versions(name: string): string[];
  /** The ranges (descriptors) the lockfile holds for `name` (yarn); empty for npm and pnpm. */
  ranges(name: string): string[];
  /** True when the lockfile records `name` as a direct dependency of the package in `packageDir`, with any range. */
  pinsDirect(name: string, packageDir: string): boolean;
}

const LOCKFILE_NAMES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'] as const;

/** The lockfile governing `dir`: in it, or in the nearest folder above within `root` that has one. */
export function findLockfile(dir: string, root: string, readFile: (file: string) => string | undefined): Lockfile | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    for (const name of LOCKFILE_NAMES) {
      const file = path.join(d, name);
      const text = readFile(file);
      if (text !== undefined) {
        const lock = parseLockfile(file, text);
        if (lock) return lock;
      }
    }
    const rel = path.relative(root, d);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel) || path.dirname(d) === d) return undefined;
  }
}

const parsedCache = new Map<string, { text: string; lock: Lockfile | undefined }>();

/** A lockfile by its name, or undefined when the text cannot be read as one. Cached by text. */
function parseLockfile(file: string, text: string): Lockfile | undefined {
  const cached = parsedCache.get(file);
  if (cached && cached.text === text) return cached.lock;
  let lock: Lockfile | undefined;
  try {
    const base = path.basename(file);
    if (base === 'yarn.lock') lock = parseYarnLock(file, text);
    else if (base === 'pnpm-lock.yaml') lock = parsePnpmLock(file, text);
    else lock = parsePackageLock(file, text);
  } catch {
    lock = undefined;
  }
  if (parsedCache.size > 50) parsedCache.clear();
  parsedCache.set(file, { text, lock });
  return lock;
}

/** `name@range` (name may be scoped) → [name, range]. */
function splitDescriptor(descriptor: string): [string, string] | undefined {
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return [descriptor.slice(0, at), descriptor.slice(at + 1)];
}

function parsePackageLock(file: string, text: string): Lockfile | undefined {
  const json = JSON.parse(text) as {
    lockfileVersion?: number;
    packages?: Record<
      string,
      {
        version?: string;
        link?: boolean;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
        optionalDependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      }
    >;
    dependencies?: Record<string, LockV1Entry>;
  };
  if (!json || typeof json !== 'object') return undefined;
  const dir = path.dirname(file);
  const byLocation = new Map<string, string>();
  const allVersions = new Map<string, Set<string>>();
  const direct = new Map<string, Set<string>>();
  const add = (location: string, name: string, version: string | undefined) => {
    if (!version) return;
    byLocation.set(location, version);
    let set = allVersions.get(name);
    if (!set) allVersions.set(name, (set = new Set()));
    set.add(version);
  };
  if (json.packages && typeof json.packages === 'object') {
    for (const [location, entry] of Object.entries(json.packages)) {
      if (!entry || typeof entry !== 'object') continue;
      const i = location.lastIndexOf('node_modules/');
      if (i >= 0) add(location, location.slice(i + 'node_modules/'.length), entry.version);
      else {
        const names = new Set<string>();
        for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const)
          for (const name of Object.keys(entry[field] ?? {})) names.add(name);
        direct.set(location, names);
      }
    }
  } else if (json.dependencies && typeof json.dependencies === 'object') {
    // v1: nested `dependencies` mirror node_modules.
    const walk = (deps: Record<string, LockV1Entry>, prefix: string, depth: number) => {
      for (const [name, entry] of Object.entries(deps)) {
        if (!entry || typeof entry !== 'object') continue;
        const location = `${prefix}node_modules/${name}`;
        add(location, name, entry.version);
        if (entry.dependencies && depth < 30) walk(entry.dependencies, `${location}/`, depth + 1);
      }
    };
    walk(json.dependencies, '', 0);
    // v1 has no record of the root's ranges: every top-level package counts as pinned for it.
    direct.set('', new Set(Object.keys(json.dependencies)));
  } else return undefined;
  return {
    file,
    kind: 'npm',
    dir,
    resolvedVersion(name, fromDir) {
      const rel = relativePath(dir, fromDir);
      if (rel.startsWith('..')) return undefined;
      const parts = rel ? rel.split('/') : [];
      for (let n = parts.length; n >= 0; n--) {
        const prefix = parts.slice(0, n).join('/');
        const version = byLocation.get(`${prefix ? `${prefix}/` : ''}node_modules/${name}`);
        if (version) return version;
      }
      return undefined;
    },
    versions: (name) => [...(allVersions.get(name) ?? [])],
    ranges: () => [],
    pinsDirect(name, packageDir) {
      const rel = relativePath(dir, packageDir);
      const names = direct.get(rel);
      if (names) return names.has(name);
      // Old v2 files without a root entry: a hoisted package counts.
      return byLocation.has(`node_modules/${name}`);
    },
  };
}

interface LockV1Entry {
  version?: string;
  dependencies?: Record<string, LockV1Entry>;
}

/**
 * yarn.lock, classic and Berry: entries `"a@^1, a@~1.2":` (Berry: `"a@npm:^1":`) followed by an indented
 * `version "1.2.3"` (Berry: `version: 1.2.3`). Read line by line; nothing else is needed.
 */
function parseYarnLock(file: string, text: string): Lockfile | undefined {
  const berry = /^__metadata:/m.test(text);
  const versions = new Map<string, Set<string>>();
  const ranges = new Map<string, { range: string; version?: string }[]>();
  let current: { name: string; range: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = [];
      if (!line.endsWith(':') || line.startsWith('__metadata')) continue;
      for (const raw of line.slice(0, -1).split(',')) {
        const descriptor = raw.trim().replace(/^"(.*)"$/, '$1');
        const parts = splitDescriptor(descriptor);
        if (!parts) continue;
        const name = parts[0];
        let range = parts[1];
        if (berry && range.startsWith('npm:')) range = range.slice(4);
        current.push({ name, range });
      }
      continue;
    }
    const m = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line);
    if (!m || current.length === 0) continue;
    for (const { name, range } of current) {
      let set = versions.get(name);
      if (!set) versions.set(name, (set = new Set()));
      set.add(m[1]);
      const list = ranges.get(name) ?? [];
      list.push({ range, version: m[1] });
      ranges.set(name, list);
    }
    current = [];
  }
  if (versions.size === 0 && text.trim().length > 0 && !/^#/.test(text.trim())) return undefined;
  const dir = path.dirname(file);
  return {
    file,
    kind: berry ? 'yarn-berry' : 'yarn',
    dir,
    // yarn hoists one version of a package to the top when only one is locked; with several it is not decidable here.
    resolvedVersion: (name) => {
      const set = versions.get(name);
      return set && set.size === 1 ? [...set][0] : undefined;
    },
    versions: (name) => [...(versions.get(name) ?? [])],
    ranges: (name) => (ranges.get(name) ?? []).map((r) => r.range).filter((r) => !r.startsWith('workspace:') && !r.startsWith('patch:')),
    // yarn.lock does not say who depends on what: a locked package counts as pinned.
    pinsDirect: (name) => versions.has(name),
  };
}

interface PnpmImporter {
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
  peerDependencies?: Record<string, unknown>;
  specifiers?: Record<string, unknown>;
}

function parsePnpmLock(file: string, text: string): Lockfile | undefined {
  const doc = YAML.parse(text, { uniqueKeys: false, maxAliasCount: 100 }) as
    (PnpmImporter & { lockfileVersion?: unknown; importers?: Record<string, PnpmImporter>; packages?: Record<string, unknown> }) | null;
  if (!doc || typeof doc !== 'object') return undefined;
  const dir = path.dirname(file);
  const importers: Record<string, PnpmImporter> = doc.importers ?? { '.': doc };
  const versionOf = (value: unknown): string | undefined => {
    const v = value && typeof value === 'object' ? (value as { version?: unknown }).version : value;
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    return String(v).replace(/\(.*$/, '').replace(/_.*$/, '');
  };
  const versions = new Map<string, Set<string>>();
  for (const key of Object.keys(doc.packages ?? {})) {
    // v5 `/name/1.2.3`, v6 `/name@1.2.3`, v9 `name@1.2.3` (peer suffixes in parentheses or after `_`).
    const k = key.replace(/^\//, '').replace(/\(.*$/, '');
    let name: string | undefined;
    let version: string | undefined;
    const at = splitDescriptor(k);
    if (at && !at[1].includes('/')) [name, version] = at;
    else {
      const slash = k.lastIndexOf('/');
      if (slash > 0) [name, version] = [k.slice(0, slash), k.slice(slash + 1).replace(/_.*$/, '')];
    }
    if (!name || !version) continue;
    let set = versions.get(name);
    if (!set) versions.set(name, (set = new Set()));
    set.add(version);
  }
  const importerOf = (packageDir: string): PnpmImporter | undefined => {
    const rel = relativePath(dir, packageDir) || '.';
    return importers[rel];
  };
  return {
    file,
    kind: 'pnpm',
    dir,
    resolvedVersion(name, fromDir) {
      // pnpm links only a package's own dependencies next to it.
      for (let d = fromDir; ; d = path.dirname(d)) {
        const importer = importerOf(d);
        if (importer) {
          for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
            const v = versionOf(importer[field]?.[name]);
            if (v && !v.startsWith('link:')) return v;
          }
        }
        const rel = path.relative(dir, d);
        if (!rel || rel.startsWith('..') || path.dirname(d) === d) return undefined;
      }
    },
    versions: (name) => [...(versions.get(name) ?? [])],
    ranges: () => [],
    pinsDirect(name, packageDir) {
      const importer = importerOf(packageDir);
      if (!importer) return false;
      return ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].some(
        (field) => importer[field as keyof PnpmImporter]?.[name] !== undefined,
      );
    },
  };
}
