/**
 * node-config (the `config` package): `config.get('server.port')` and `config.db.url` read the files of
 * the package's `config/` folder, merged the way the package merges them where production runs —
 * `default`, then `production` (NODE_ENV; not the `local` files a developer keeps out of git) — and a key listed in
 * `custom-environment-variables` is read from that variable first (the file's value is only its
 * default). The value reader (facts/valueSource.ts) describes such a read as a member of the module
 * `config`; this resolver completes it from the JSON files, with the sites of their literals,
 * so the port and locator rules follow a value into `config/default.json` as into a `config.js`. JSON only:
 * node-config's YAML files are judged on their own (secrets; locators in production's), not followed from code.
 *
 * Unknown, so never a finding: a folder with a JavaScript or TypeScript config file among those read
 * (it may read the environment), a format this does not read (YAML, JSON5, TOML…), `NODE_CONFIG_DIR` or
 * `NODE_CONFIG` named in the package's code or deploy files, a package that does not depend on
 * `config`, and any key whose file cannot be parsed.
 */
import * as path from 'node:path';
import type { ConfigEntry } from '../languages/config/document';
import { parseJson } from '../languages/config/json';
import { parseYaml } from '../languages/config/yaml';
import { isNodeConfigYamlName } from '../languages/detect';
import { declarationOf, parseManifest } from '../knowledge/manifest';
import { DEPLOY_FILES as PACKAGE_DEPLOY_FILES } from '../knowledge/starts';
import { NODE_CONFIG, type Resolver, type Source } from './valueSource';
import { isInside } from '../paths';

/**
 * The files node-config reads where production runs, from the first merged to the last. Not `local*`: node-config
 * keeps them out of the repository (a developer's overrides), so a deploy does not have them.
 */
const LAYERS = ['default', 'production'];
const ENV_MAP = 'custom-environment-variables';
const READ = ['.json'];
/** Formats node-config loads that this reader does not follow: their values are unknown. */
const OPAQUE = [
  '.yaml',
  '.yml',
  '.js',
  '.cjs',
  '.mjs',
  '.ts',
  '.json5',
  '.hjson',
  '.toml',
  '.cson',
  '.properties',
  '.xml',
  '.coffee',
  '.iced',
];

const UNK: Source = { k: 'unk' };

/** A JSON file of a `config/` folder: node-config's, whose change a judgement must read again. */
export function isNodeConfigFile(file: string): boolean {
  return /(?:^|[\\/])config[\\/][^\\/]+\.json$/i.test(file);
}

/**
 * Does node-config read this YAML file? It is named for what node-config merges (isNodeConfigYamlName), its `config/` folder sits in a package
 * that declares `config` where production installs it, and it is no Kubernetes manifest (`apiVersion` and `kind`).
 * A Helm chart's `config/production.yaml` or a manifest named for its environment is not node-config's.
 */
export function readByNodeConfig(file: string, text: string, files: NodeConfigFiles): boolean {
  return (
    isNodeConfigYamlName(file) &&
    !isKubernetesManifest(text) &&
    declaresNodeConfig(path.dirname(path.dirname(file)), (f) => files.readFile(f))
  );
}

/** A Kubernetes manifest: `apiVersion` and `kind` at its top level. */
function isKubernetesManifest(text: string): boolean {
  return /^apiVersion:/m.test(text) && /^kind:/m.test(text);
}

/** The package in `dir` declares node-config where production installs it (a devDependency named `config` is some tool's). */
function declaresNodeConfig(dir: string, readFile: (file: string) => string | undefined): boolean {
  const manifestFile = path.join(dir, 'package.json');
  const manifestText = readFile(manifestFile);
  const manifest = manifestText === undefined ? undefined : parseManifest(manifestFile, manifestText);
  return !!manifest && (declarationOf(manifest, NODE_CONFIG)?.field ?? 'devDependencies') !== 'devDependencies';
}

/**
 * A deploy environment's YAML in an app's `config/` folder that node-config does not read (`config/production.yml`
 * loaded with js-yaml or Nest's config module): settings the app reads as they are written. Not a Kubernetes manifest
 * (`apiVersion` and `kind`, or several documents), a Helm chart's values (a `Chart.yaml` above, `{{ … }}` templates), a
 * folder outside a package, nor a development, test or local file.
 */
export function ownYamlConfig(file: string, text: string, files: NodeConfigFiles): boolean {
  if (
    !isNodeConfigYamlName(file) ||
    !/^(?:default|production|prod|staging|stage|preprod|uat)(?:-[\w.-]+)?\.ya?ml$/i.test(path.basename(file))
  )
    return false;
  if (isKubernetesManifest(text) || /^---[ \t]*$/m.test(text.replace(/^\s*---[ \t]*\r?\n/, '')) || text.includes('{{')) return false;
  const dir = path.dirname(path.dirname(file));
  if (files.readFile(path.join(dir, 'package.json')) === undefined || declaresNodeConfig(dir, (f) => files.readFile(f))) return false;
  for (let d = dir; isInside(files.root, d); d = path.dirname(d)) {
    if (files.readFile(path.join(d, 'Chart.yaml')) !== undefined) return false;
    if (d === files.root || path.dirname(d) === d) break;
  }
  return true;
}

export interface NodeConfigFiles {
  readFile(file: string): string | undefined;
  /** The workspace root: a package is looked for at or below it. */
  root: string;
}

/** A resolver that completes `config` (node-config) reads, and passes every other specifier to `base`. */
export function withNodeConfig(base: Resolver, files: NodeConfigFiles): Resolver {
  const byPackage = new Map<string, { file: string; value: Source } | undefined>();
  return (spec, from) => {
    if (spec !== NODE_CONFIG) return base(spec, from);
    const dir = packageDir(from, files);
    if (dir === undefined || mentionsOverride(files.readFile(from))) return undefined;
    if (!byPackage.has(dir)) byPackage.set(dir, overridden(dir, files) ? undefined : configOf(dir, (f) => files.readFile(f)));
    return byPackage.get(dir);
  };
}

/**
 * The files a deploy sets node-config's own variables in (`NODE_CONFIG='{"port":80}'`, `NODE_CONFIG_DIR`): those
 * that deploy a package (knowledge/starts.ts), its scripts, production variants, pm2's list and `.env`.
 */
const DEPLOY_FILES = [
  ...PACKAGE_DEPLOY_FILES,
  'package.json',
  'Dockerfile.prod',
  'Dockerfile.production',
  'docker-compose.prod.yml',
  'docker-compose.production.yml',
  'ecosystem.config.js',
  'ecosystem.config.cjs',
  'app.yaml',
  '.env',
];

function mentionsOverride(text: string | undefined): boolean {
  return !!text && text.includes('NODE_CONFIG');
}

/** True when the package or the workspace root sets NODE_CONFIG or NODE_CONFIG_DIR where it deploys. */
function overridden(dir: string, files: NodeConfigFiles): boolean {
  const dirs = new Set([dir, path.resolve(files.root)]);
  for (const d of dirs) for (const name of DEPLOY_FILES) if (mentionsOverride(files.readFile(path.join(d, name)))) return true;
  return false;
}

function packageDir(from: string, files: NodeConfigFiles): string | undefined {
  const root = path.resolve(files.root);
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    if (files.readFile(path.join(dir, 'package.json')) !== undefined) return dir;
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) return undefined;
  }
}

/** The merged production value of a package's config folder, or undefined when it cannot be read. */
function configOf(dir: string, readFile: (file: string) => string | undefined): { file: string; value: Source } | undefined {
  if (!declaresNodeConfig(dir, readFile)) return undefined;
  const folder = path.join(dir, 'config');
  const read = (stem: string): { file: string; entries: readonly ConfigEntry[] } | 'opaque' | undefined => {
    for (const ext of OPAQUE) if (readFile(path.join(folder, stem + ext)) !== undefined) return 'opaque';
    for (const ext of READ) {
      const file = path.join(folder, stem + ext);
      const text = readFile(file);
      if (text === undefined) continue;
      const document = parseJson(text);
      if (document.problems.length) return 'opaque';
      return { file, entries: document.entries };
    }
    return undefined;
  };
  let value: Source = { k: 'obj', props: {} };
  let first: string | undefined;
  for (const stem of LAYERS) {
    const layer = read(stem);
    if (layer === 'opaque') return undefined;
    if (!layer) continue;
    first ??= layer.file;
    value = merge(value, layerValue(layer.file, layer.entries));
  }
  if (!first) return undefined;
  const map = read(ENV_MAP);
  if (map === 'opaque') return undefined;
  if (map) value = withEnvironment(value, map.entries);
  return { file: first, value };
}

/** One file's values as a description: objects of strings and numbers, each with its site in the file. */
function layerValue(file: string, entries: readonly ConfigEntry[]): Source {
  const root: Source & { k: 'obj' } = { k: 'obj', props: {} };
  for (const entry of entries) {
    // Lists are kept whole by node-config (a later file replaces them): their items are not followed.
    if (entry.path.length === 0 || entry.path.some((p) => typeof p === 'number')) continue;
    const keys = entry.path as string[];
    let node = root;
    for (const key of keys.slice(0, -1)) {
      const next = node.props[key];
      if (next?.k === 'obj') node = next;
      else node = node.props[key] = { k: 'obj', props: {} };
    }
    const leaf = leafValue(file, entry);
    node.props[keys[keys.length - 1]] = leaf;
  }
  return root;
}

function leafValue(file: string, entry: ConfigEntry): Source {
  if (entry.kind === 'null') return { k: 'none' };
  if (entry.kind === 'boolean') return UNK;
  const at = {
    start: entry.contentStart,
    end: entry.contentEnd,
    range: entry.valueRange,
    whole: false,
    file,
    configKey: entry.path.join('.'),
    ...(entry.key ? { name: entry.key } : {}),
  };
  if (entry.kind === 'number') {
    const v = Number(entry.value);
    return Number.isFinite(v) ? { k: 'num', v, at } : UNK;
  }
  return { k: 'str', v: entry.value, at };
}

/**
 * The keys a config folder's custom-environment-variables file (JSON or YAML) maps to variables, as dotted paths
 * (`db.password`): the deploy sets them; a file's value there is only the default when the variable is unset.
 */
export function mappedKeys(configDir: string, readFile: (file: string) => string | undefined): Set<string> {
  const out = new Set<string>();
  for (const ext of ['.json', '.yml', '.yaml']) {
    const text = readFile(path.join(configDir, ENV_MAP + ext));
    if (text === undefined) continue;
    const entries = ext === '.json' ? parseJson(text).entries : parseYaml(text).entries;
    for (const { target } of mappings(entries)) out.add(target.join('.'));
  }
  // Feathers before 5 (`@feathersjs/configuration`, `feathers-configuration`) replaces a value that names an environment
  // variable with that variable: `production.json`'s `"secret": "AUTH_SECRET"` maps the key as the env map would.
  if (substitutesVariableNames(path.dirname(configDir), readFile))
    for (const name of ['production.json', 'prod.json']) {
      const text = readFile(path.join(configDir, name));
      if (text === undefined) continue;
      for (const e of parseJson(text).entries)
        if (e.kind === 'string' && /^[A-Z][A-Z0-9]*_[A-Z0-9_]*$/.test(e.value) && e.path.every((p) => typeof p === 'string'))
          out.add(e.path.join('.'));
    }
  return out;
}

/** The package's configuration loader replaces values that name environment variables (Feathers 2–4). */
function substitutesVariableNames(dir: string, readFile: (file: string) => string | undefined): boolean {
  const file = path.join(dir, 'package.json');
  const text = readFile(file);
  const deps = text === undefined ? undefined : parseManifest(file, text)?.dependencies;
  if (!deps) return false;
  if (deps['feathers-configuration'] !== undefined) return true;
  const version = deps['@feathersjs/configuration'];
  return version !== undefined && /^[~^]?[1-4]\./.test(version.replace(/^(?:[<>=]+\s*)/, ''));
}

/**
 * The settings custom-environment-variables maps, with the variable of each: `{ "port": "PORT" }`, and
 * `{ "port": { "__name": "PORT", "__format": "number" } }` (the variable is `__name`'s value).
 */
function* mappings(entries: readonly ConfigEntry[]): Generator<{ target: string[]; variable: string }> {
  for (const entry of entries) {
    if (entry.kind !== 'string' || entry.path.some((p) => typeof p === 'number')) continue;
    const keys = entry.path as string[];
    const target = keys[keys.length - 1] === '__name' ? keys.slice(0, -1) : keys;
    if (target.length && !target.some((k) => k.startsWith('__'))) yield { target, variable: entry.value };
  }
}

/** `b` over `a`: objects merged key by key, anything else replaced (node-config's merge). */
function merge(a: Source, b: Source): Source {
  if (a.k !== 'obj' || b.k !== 'obj') return b;
  const props: Record<string, Source> = { ...a.props };
  for (const [key, value] of Object.entries(b.props)) props[key] = key in props ? merge(props[key], value) : value;
  return { k: 'obj', props };
}

/** Keys listed in custom-environment-variables: the variable when set, else the files' value. */
function withEnvironment(value: Source, entries: readonly ConfigEntry[]): Source {
  for (const { target, variable } of mappings(entries))
    value = setAt(value, target, (old) => ({ k: 'or', a: { k: 'env', name: variable }, b: old }));
  return value;
}

function setAt(value: Source, keys: string[], f: (old: Source) => Source): Source {
  if (keys.length === 0) return f(value);
  const props = value.k === 'obj' ? { ...value.props } : {};
  props[keys[0]] = setAt(props[keys[0]] ?? { k: 'none' }, keys.slice(1), f);
  return { k: 'obj', props };
}
