/**
 * package.json as the packaging rules read it (factors I, II, V): which packages a manifest declares and
 * how (runtime, dev-only, peer, optional), its workspaces, its `imports` map and scripts; which folder
 * holds the manifest that governs a file; and precise text edits that add or move a dependency while
 * keeping the file's formatting, indentation and key order. Pure: reads through the caller's function.
 */
import * as path from 'node:path';
import * as jsonc from 'jsonc-parser';
import picomatch from 'picomatch';
import * as YAML from 'yaml';
import { isInside, toPosix } from '../paths';

export type DependencyField = 'dependencies' | 'devDependencies' | 'peerDependencies' | 'optionalDependencies';
export const DEPENDENCY_FIELDS: readonly DependencyField[] = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
];

export interface Manifest {
  /** Absolute path of the package.json. */
  file: string;
  dir: string;
  name?: string;
  private: boolean;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  /** npm/yarn `workspaces` globs (array or `{ packages }`), and pnpm-workspace.yaml's when read. */
  workspaces: string[];
  scripts: Record<string, string>;
  /** `imports` (`#x` subpath imports): its keys. */
  imports: string[];
  /** `bin`, `main`, `exports` present: the package is meant to be consumed or run. */
  main?: string;
  /** True when the file declares any dependency field, a name or workspaces: a package, not a `{ "type": "module" }` marker. */
  isPackage: boolean;
  /**
   * True when the file makes its folder installable or runnable on its own: dependencies, scripts, an
   * entry (`main`, `module`, `exports`, `bin`, `types`, `files`), a version, `private`, `engines`,
   * `publishConfig`, an Nx project or workspaces. A name with module metadata only (`{ "name":
   * "app-core", "eggModule": … }`) describes a folder of the enclosing package's code.
   */
  standsAlone: boolean;
}

function record(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Parses a package.json text (comments tolerated); undefined when it is not an object. */
export function parseManifest(file: string, text: string): Manifest | undefined {
  const errors: jsonc.ParseError[] = [];
  const json: unknown = jsonc.parse(text, errors, { allowTrailingComma: true });
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const pkg = json as Record<string, unknown>;
  const ws = pkg.workspaces;
  const workspaces = Array.isArray(ws)
    ? ws.filter((w): w is string => typeof w === 'string')
    : ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages)
      ? (ws as { packages: unknown[] }).packages.filter((w): w is string => typeof w === 'string')
      : [];
  const manifest: Manifest = {
    file,
    dir: path.dirname(file),
    ...(typeof pkg.name === 'string' && pkg.name ? { name: pkg.name } : {}),
    private: pkg.private === true,
    dependencies: record(pkg.dependencies),
    devDependencies: record(pkg.devDependencies),
    peerDependencies: record(pkg.peerDependencies),
    optionalDependencies: record(pkg.optionalDependencies),
    workspaces,
    scripts: record(pkg.scripts),
    imports: pkg.imports && typeof pkg.imports === 'object' ? Object.keys(pkg.imports) : [],
    ...(typeof pkg.main === 'string' ? { main: pkg.main } : {}),
    isPackage: false,
    standsAlone: false,
  };
  manifest.isPackage =
    manifest.name !== undefined ||
    workspaces.length > 0 ||
    DEPENDENCY_FIELDS.some((f) => f in pkg) ||
    'scripts' in pkg ||
    'main' in pkg ||
    'bin' in pkg;
  manifest.standsAlone =
    workspaces.length > 0 ||
    DEPENDENCY_FIELDS.some((f) => f in pkg) ||
    [
      'scripts',
      'main',
      'module',
      'exports',
      'bin',
      'types',
      'typings',
      'files',
      'version',
      'private',
      'engines',
      'publishConfig',
      'nx',
    ].some((f) => f in pkg);
  return manifest;
}

/** How a manifest declares a package name. */
type Declaration = { field: DependencyField; spec: string } | undefined;

export function declarationOf(manifest: Manifest, name: string): Declaration {
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'] as const) {
    const spec = manifest[field][name];
    if (spec !== undefined) return { field, spec };
  }
  return undefined;
}

/**
 * parseManifest() of a text seen before, shared: each file's analysis makes its own ManifestReader
 * and asks for the same manifests up to the root (in a 1,800-file scan, ~550 times for the root's).
 * Keyed by path and checked against the text; not to be changed by its readers.
 */
function sharedManifest(file: string, text: string): Manifest | undefined {
  const known = parsedManifests.get(file);
  if (known && known.text === text) return known.manifest;
  const manifest = parseManifest(file, text);
  if (parsedManifests.size >= MAX_PARSED_MANIFESTS) parsedManifests.clear();
  parsedManifests.set(file, { text, manifest });
  return manifest;
}
const parsedManifests = new Map<string, { text: string; manifest: Manifest | undefined }>();
const MAX_PARSED_MANIFESTS = 4096;

/** Reads manifests through `readFile`, once per folder. */
export class ManifestReader {
  private readonly cache = new Map<string, Manifest | null>();

  constructor(
    readonly root: string,
    private readonly readFile: (file: string) => string | undefined,
  ) {}

  at(dir: string): Manifest | undefined {
    let cached = this.cache.get(dir);
    if (cached === undefined) {
      const file = path.join(dir, 'package.json');
      const text = this.readFile(file);
      cached = (text !== undefined && sharedManifest(file, text)) || null;
      if (cached && cached.workspaces.length === 0) {
        // pnpm declares its workspace in pnpm-workspace.yaml, not in package.json.
        const pnpm = this.readFile(path.join(dir, 'pnpm-workspace.yaml'));
        if (pnpm) cached = { ...cached, workspaces: pnpmWorkspaceGlobs(pnpm) };
        // lerna without package manager workspaces lists its packages in lerna.json.
        const lerna = cached.workspaces.length === 0 ? this.readFile(path.join(dir, 'lerna.json')) : undefined;
        if (lerna) cached = { ...cached, workspaces: lernaPackageGlobs(lerna) };
      }
      this.cache.set(dir, cached);
    }
    return cached ?? undefined;
  }

  /** The manifests from `dir` up to the root, nearest first (package markers without a name or dependencies skipped). */
  chain(dir: string): Manifest[] {
    const out: Manifest[] = [];
    for (let d = dir; isInside(this.root, d); d = path.dirname(d)) {
      const m = this.at(d);
      if (m?.isPackage) out.push(m);
      if (d === this.root || path.dirname(d) === d) break;
    }
    return out;
  }

  /** The nearest real package manifest at or above `dir` within the root. */
  nearest(dir: string): Manifest | undefined {
    return this.chain(dir)[0];
  }

  /** The workspace root whose workspaces include `manifest`'s folder, if any. */
  workspaceRootOf(manifest: Manifest): Manifest | undefined {
    for (const m of this.chain(path.dirname(manifest.dir))) {
      if (m.dir === manifest.dir || m.workspaces.length === 0) continue;
      const rel = toPosix(path.relative(m.dir, manifest.dir));
      if (workspaceMatcher(m.workspaces)(rel)) return m;
    }
    return undefined;
  }
}

const matchers = new Map<string, (rel: string) => boolean>();

/** Does a folder (relative, `/`-separated) match a workspaces glob list (negations honoured)? */
export function workspaceMatcher(globs: readonly string[]): (rel: string) => boolean {
  const key = globs.join('\u0000');
  let m = matchers.get(key);
  if (!m) {
    const include = globs.filter((g) => !g.startsWith('!')).map((g) => g.replace(/^\.\//, '').replace(/\/+$/, ''));
    const exclude = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1).replace(/^\.\//, '').replace(/\/+$/, ''));
    const inc = include.length ? picomatch(include, { dot: false }) : () => false;
    const exc = exclude.length ? picomatch(exclude) : () => false;
    m = (rel: string) => inc(rel) && !exc(rel);
    matchers.set(key, m);
  }
  return m;
}

/** `packages:` globs of a pnpm-workspace.yaml (a list of quoted or plain strings). */
function pnpmWorkspaceGlobs(text: string): string[] {
  // The yaml library, not a line reader: `- apps/*` at column 0 and comments inside the list are YAML too.
  try {
    return stringList((YAML.parse(text) as { packages?: unknown } | null)?.packages);
  } catch {
    return []; // invalid YAML: no workspace globs
  }
}

/** lerna.json `packages` (lerna without package manager workspaces). */
function lernaPackageGlobs(text: string): string[] {
  try {
    return stringList((JSON.parse(text) as { packages?: unknown } | null)?.packages);
  } catch {
    return [];
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && p !== '') : [];
}

// ── edits ────────────────────────────────────────────────────────────────────────────────────────

interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** The indentation and line break a JSON text uses (default two spaces, `\n`); undefined for a one-line text (edits stay on its line). */
export function jsonFormatting(text: string): jsonc.FormattingOptions | undefined {
  if (!/\n\s*"/.test(text.trim())) return undefined;
  const m = /\n([ \t]+)"/.exec(text);
  const indent = m?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/** Where a new key goes among existing ones: alphabetically when they are sorted, else at the end. */
function insertionIndex(name: string): (properties: string[]) => number {
  return (properties) => {
    const sorted = properties.every((p, i) => i === 0 || properties[i - 1].localeCompare(p) <= 0);
    if (!sorted) return properties.length;
    const i = properties.findIndex((p) => p.localeCompare(name) > 0);
    return i < 0 ? properties.length : i;
  };
}

/** One replacement covering the difference between two texts (common prefix and suffix kept). */
function difference(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, newText: after.slice(start, endAfter) };
}

/**
 * The edit that declares `name` in `dependencies` with `spec` (creating the object before
 * devDependencies when missing) and, when `from` is given, removes it from that field. Undefined when
 * the text cannot be edited safely (invalid JSON).
 */
export function declareDependencyEdit(text: string, name: string, spec: string, from?: DependencyField): TextEdit | undefined {
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, errors, { allowTrailingComma: true });
  if (!root || root.type !== 'object' || errors.length) return undefined;
  const formattingOptions = jsonFormatting(text);
  let next = text;
  const hasDependencies = jsonc.findNodeAtLocation(root, ['dependencies'])?.type === 'object';
  if (hasDependencies) {
    next = jsonc.applyEdits(
      next,
      jsonc.modify(next, ['dependencies', name], spec, { formattingOptions, getInsertionIndex: insertionIndex(name) }),
    );
  } else {
    const order = ['devDependencies', 'peerDependencies', 'optionalDependencies'];
    next = jsonc.applyEdits(
      next,
      jsonc.modify(
        next,
        ['dependencies'],
        { [name]: spec },
        {
          formattingOptions,
          getInsertionIndex: (properties) => {
            const i = properties.findIndex((p) => order.includes(p));
            return i < 0 ? properties.length : i;
          },
        },
      ),
    );
  }
  if (from) next = jsonc.applyEdits(next, jsonc.modify(next, [from, name], undefined, { formattingOptions }));
  if (next === text) return undefined;
  return difference(text, next);
}
