/**
 * Which of our languages a path (or an editor language id) is: source code (TS/JS), Dockerfiles, and
 * the files Node services keep config and process declarations in — `.env` files, JSON config
 * (package.json, node-config's config/*.json, credential and settings files, railway.json), YAML (compose
 * files, node-config's config/*.yml, the platforms' render.yaml, heroku.yml, app.yaml, manifest.yml),
 * Procfiles and `.npmrc`. Anything else is not read.
 */
import * as path from 'node:path';

export type Language = 'typescript' | 'dockerfile' | 'json' | 'yaml' | 'dotenv' | 'procfile' | 'npmrc';

/** Languages that are configuration rather than code: each has its own parsed document (languages/config/). */
export const CONFIG_LANGUAGES = ['json', 'yaml', 'dotenv', 'procfile', 'npmrc'] as const;
export type ConfigLanguage = (typeof CONFIG_LANGUAGES)[number];

/** Script flavour for `ts.createSourceFile`, named after the file extension. */
export type ScriptFlavour = 'ts' | 'tsx' | 'js' | 'jsx';

const SCRIPT_EXTENSIONS: Record<string, ScriptFlavour> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
};

export function scriptFlavour(file: string): ScriptFlavour | undefined {
  const base = path.basename(file).toLowerCase();
  if (base.endsWith('.d.ts') || base.endsWith('.d.mts') || base.endsWith('.d.cts')) return undefined;
  return SCRIPT_EXTENSIONS[path.extname(base)];
}

export function isDockerfileName(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  // `Dockerfile.dockerignore` / `app.Dockerfile.dockerignore` are BuildKit's per-Dockerfile ignore files.
  if (base.endsWith('.dockerignore')) return false;
  // `dockerfile.mdx`, `Dockerfile.md`, `dockerfile.test.ts.snap`: a page or a snapshot about a Dockerfile, not one.
  if (NOT_A_DOCKERFILE_SUFFIX.test(base)) return false;
  return (
    base === 'dockerfile' ||
    base === 'containerfile' ||
    base.startsWith('dockerfile.') ||
    // `Dockerfile-en`, `Dockerfile-worker`: a variant named with a hyphen.
    base.startsWith('dockerfile-') ||
    base.endsWith('.dockerfile') ||
    base.startsWith('containerfile.') ||
    base.startsWith('containerfile-') ||
    base.endsWith('.containerfile')
  );
}

/**
 * Suffixes of documents and data: `Dockerfile.<suffix>` names a variant (`.prod`, `.alpine`, `.j2`,
 * and `.go`, `.py`, `.java`: the image of a service in that language), but a page, a snapshot or a data
 * file with these is about a Dockerfile, not one. (`.ts`, `.js`… are code of ours: languageOf reads them
 * as TypeScript first.)
 */
const NOT_A_DOCKERFILE_SUFFIX =
  /\.(?:mdx?|mdoc|markdown|txt|rst|adoc|html?|pdf|json|ya?ml|toml|xml|csv|lock|log|diff|patch|snap|ipynb|png|jpe?g|gif|svg)$/;

/** `.env`, `.env.local`, `.env.production`, `.env.example`, `prod.env` — not `.envrc` (a shell script) or `.env.d` folders. */
function isDotenvName(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  if (base === '.env') return true;
  if (base.startsWith('.env.')) return !/\.(?:js|mjs|cjs|ts|json|ya?ml|sh|py|rb|md)$/.test(base);
  return base.endsWith('.env') && base.length > 4 && !base.startsWith('.');
}

function isProcfileName(file: string): boolean {
  const base = path.basename(file);
  return base === 'Procfile' || base.startsWith('Procfile.');
}

export function isComposeName(file: string): boolean {
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/i.test(path.basename(file)) || /\.compose\.ya?ml$/i.test(path.basename(file));
}

/**
 * node-config's YAML files in a `config/` folder, named for what it merges: `default.yml`, an environment
 * (`production.yaml`, `staging.yml`, `test.yml`, with an instance: `production-2.yml`), `local*.yml`, and
 * `custom-environment-variables.yml`. Other YAML of a config folder (Kubernetes manifests, CI, OpenAPI) is
 * not read.
 */
export function isNodeConfigYamlName(file: string): boolean {
  const parts = file.split(/[\\/]/);
  return parts.length >= 2 && parts[parts.length - 2] === 'config' && NODE_CONFIG_YAML.test(parts[parts.length - 1]);
}
const NODE_CONFIG_YAML =
  /^(?:default|development|dev|production|prod|staging|stage|test|testing|qa|uat|preprod|local|custom-environment-variables)(?:-[\w.-]+)?\.ya?ml$/i;

/** JSON files of tools, lockfiles and editors: never config a service reads at run time. */
const NOT_CONFIG_JSON =
  /^(?:package-lock|npm-shrinkwrap|composer|tsconfig(?:\..*)?|jsconfig(?:\..*)?|\.?eslintrc|\.?prettierrc|\.?babelrc|\.?swcrc|lerna|nx|turbo|project|renovate|\.twelvefactorrc|manifest|bower|typedoc|nodemon|tslint|\.?stylelintrc|\.?releaserc|vercel|now|firebase)\.json$/i;

/**
 * JSON a service keeps config or credentials in: package.json (its scripts and dependencies),
 * Heroku's app.json, node-config's `config/*.json`, `appsettings*.json` and files named for settings,
 * secrets or credentials (a service-account key). Not every JSON file: translations, fixtures and
 * data are not config.
 */
function isConfigJsonName(file: string): boolean {
  const base = path.basename(file);
  if (!base.toLowerCase().endsWith('.json')) return false;
  if (base === 'package.json' || base === 'app.json' || (PLATFORM_FILES.includes(base) && base.endsWith('.json'))) return true;
  if (NOT_CONFIG_JSON.test(base) || base.endsWith('.schema.json')) return false;
  const parts = file.split(/[\\/]/);
  if (parts.length >= 2 && parts[parts.length - 2] === 'config') return true;
  return (
    /^(?:appsettings|settings|secrets?|credentials?|service[-_]?account[\w.-]*|[\w.-]*-firebase-adminsdk-[\w.-]*|keyfile|config|env)(?:[.-][\w.-]+)?\.json$/i.test(
      base,
    ) || /\.env\.json$/i.test(base)
  );
}

/**
 * Hosting platforms' files of process commands, read by name in a package's folder: Render's blueprint, heroku.yml,
 * Railway's railway.json, App Engine's app.yaml, Cloud Foundry's manifest.yml (knowledge/platforms.ts reads them).
 */
export const PLATFORM_FILES = [
  'render.yaml',
  'render.yml',
  'heroku.yml',
  'railway.json',
  'app.yaml',
  'app.yml',
  'manifest.yml',
  'manifest.yaml',
];

function isPlatformYamlName(file: string): boolean {
  const base = path.basename(file);
  return !base.endsWith('.json') && PLATFORM_FILES.includes(base);
}

function isNpmrcName(file: string): boolean {
  return path.basename(file) === '.npmrc';
}

/** The first line of a script run by node whatever its name: a `#!` whose interpreter is node (or ts-node, tsx, bun), directly or through env. */
const RUNNER_PREFIX =
  '^#![ \\t]*(?:\\S*\\/)?(?:env[ \\t]+(?:-\\S+[ \\t]+|[A-Za-z_]\\w*=\\S*[ \\t]+)*)?(?:(?:npx|pnpx|bunx)[ \\t]+(?:-\\S+[ \\t]+)*|pnpm[ \\t]+exec[ \\t]+)?';
const TS_RUNNERS = 'ts-node(?:-script|-esm|-transpile-only)?|tsx|bun';
export const NODE_SHEBANG = new RegExp(`${RUNNER_PREFIX}(?:node|nodejs|${TS_RUNNERS})(?=[ \\t\\r\\n]|$)`);

/** A node shebang naming a TypeScript runner (`#!/usr/bin/env tsx`, `ts-node-script`): the script is TypeScript. */
export const TS_SHEBANG = new RegExp(`${RUNNER_PREFIX}(?:${TS_RUNNERS})(?=[ \\t\\r\\n]|$)`);

/**
 * A file named without an extension (`bin/www`, `bin/server`) that none of our languages claims by its
 * name: it is JavaScript when its first line runs node (`#!/usr/bin/env node`), as Express's generator
 * writes `bin/www`.
 */
export function isBareName(file: string): boolean {
  return !path.basename(file).includes('.') && !languageOf(file);
}

/** An extension-less node script (isBareName, NODE_SHEBANG): read as JavaScript. */
export function isNodeScript(file: string, text: string): boolean {
  return NODE_SHEBANG.test(text) && isBareName(file);
}

/** languageOf(), with what a file's text says when its name says nothing: an extension-less node script is JavaScript. */
export function languageOfText(file: string, text: string, editorLanguageId?: string): Language | undefined {
  return languageOf(file, editorLanguageId) ?? (isNodeScript(file, text) ? 'typescript' : undefined);
}

/** The language of a file of a listing (listFiles): a listed extension-less file is a node script. */
export function listedLanguage(file: string): Language | undefined {
  return languageOf(file) ?? (isBareName(file) ? 'typescript' : undefined);
}

/** The language we analyse `file` as, or undefined when we do not read it. */
export function languageOf(file: string, editorLanguageId?: string): Language | undefined {
  if (editorLanguageId === 'dockerfile') return 'dockerfile';
  if (scriptFlavour(file)) return 'typescript';
  if (isDockerfileName(file)) return 'dockerfile';
  if (isDotenvName(file)) return 'dotenv';
  if (isProcfileName(file)) return 'procfile';
  if (isComposeName(file) || isNodeConfigYamlName(file) || isPlatformYamlName(file)) return 'yaml';
  if (isConfigJsonName(file)) return 'json';
  if (isNpmrcName(file)) return 'npmrc';
  if (editorLanguageId && /^(typescript|javascript)(react)?$/.test(editorLanguageId)) return 'typescript';
  if (editorLanguageId === 'dockercompose') return 'yaml';
  return undefined;
}
