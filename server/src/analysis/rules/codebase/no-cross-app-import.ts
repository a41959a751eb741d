/**
 * codebase/no-cross-app-import (factor I): one codebase per app. A relative import that leaves its own
 * package (the nearest package.json) and lands in another package of the repository —
 * `../../billing-service/src/x` — makes two deployables share code without a declared dependency: each
 * build copies the other's files, and a change in one silently changes the other.
 *
 * Clean: imports within the package, into a package it declares as a dependency (a workspace library),
 * into a folder its tsconfig lists as its own (`include`, project `references`), into the package that
 * encloses it (a nested tool package reading its parent), of a `package.json` (metadata), type-only
 * imports (erased), and test files, tool configs and scripts (not part of a deployable).
 *
 * Fix (suggestion): when the target is the other package's entry (its main/exports/types, built or
 * source), import it by name and declare it as a workspace dependency.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import { defineRule, type TypeScriptContext, type TypeScriptVisitors } from '../../rule';
import type { Fix, TextChange } from '../../finding';
import { isInside, toPosix } from '../../paths';
import { ManifestReader, declarationOf, declareDependencyEdit, type Manifest } from '../../knowledge/manifest';
import { computeLineStarts, positionAt } from '../../text';
import { importedNames, usedOnlyAsTypes } from '../../languages/typescript/typeUses';
import { nestProjects } from '../../facts/entryPoints';

/** Tool configs, scripts and docs: they build or document the repository, they are not an app's code. */
const NOT_APP_CODE =
  /(?:^|\/)(?:scripts?|tools?|tooling|docs?|examples?|\.storybook|\.vitepress|\.github|cypress|playwright|e2e|benchmarks?)\/|(?:^|\/)[^/]*\.(?:config|conf|setup)\.[cm]?[jt]sx?$|(?:^|\/)(?:gulpfile|gruntfile|jest\.[\w.]+|vitest\.[\w.]+|webpack\.[\w.]+|rollup\.[\w.]+|\.eslintrc|eslint\.[\w.]+|babel\.[\w.]+|\.babelrc|\.prettierrc|prettier\.[\w.]+|\.[\w-]+rc\.[cm]?[jt]s|\.lintstagedrc|\.releaserc|\.mocharc)[^/]*$/i;

function create(ctx: TypeScriptContext): TypeScriptVisitors {
  const rel = toPosix(path.relative(ctx.root, ctx.file));
  if (NOT_APP_CODE.test(rel)) return {};
  // Each `../` import asks again for the same manifests, tsconfigs and Dockerfiles: read each file once per analysis.
  const reads = new Map<string, string | undefined>();
  const read = (f: string) => {
    if (!reads.has(f)) reads.set(f, ctx.host.readFile(f));
    return reads.get(f);
  };
  const manifests = new ManifestReader(ctx.root, read);
  let own: Manifest | undefined | null = null;
  const ownPackage = () => (own === null ? (own = owningPackage(manifests, path.dirname(ctx.file), read)) : own);

  const judge = (literal: ts.StringLiteralLike, typeOnly: boolean, erased?: () => boolean) => {
    const specifier = literal.text;
    if (typeOnly || !specifier.startsWith('../')) return;
    const target = path.resolve(path.dirname(ctx.file), specifier.split('?')[0]);
    if (!isInside(ctx.root, target) || path.basename(target) === 'package.json') return;
    const from = ownPackage();
    if (!from || (isInside(from.dir, target) && !insideNested(manifests, from, target, read))) return;
    const to = packageOfTarget(manifests, target, ctx.root, read);
    if (!to || to.dir === from.dir) return;
    if (isInside(to.dir, from.dir)) return; // the enclosing package: a nested tool reading its parent
    // A tool package inside the importer's own tree (a react-email preview in src/emails), which no workspace
    // lists and nothing starts on its own: its files are the importer's, built and deployed with it.
    if (isInside(from.dir, to.dir) && !isApp(to, read) && manifests.workspaceRootOf(to) === undefined) return;
    if (to.name && declarationOf(from, to.name)) return;
    if (listedAsOwn(from.dir, to.dir, target, read)) return;
    // A library of the importer's Nest monorepo (nest-cli.json `projects`, `type: "library"`): `nest build` compiles it
    // into each application that imports it, by path or by its tsconfig alias.
    if (nestLibraryHolds(from.dir, target, read)) return;
    // Names used only as types, without `import type`: TypeScript erases the import, nothing crosses at run time.
    if (erased?.()) return;
    const app = isApp(to, read);
    const fromName = from.name ?? toPosix(path.relative(ctx.root, from.dir) || '.');
    const toName = to.name ?? toPosix(path.relative(ctx.root, to.dir));
    const fix = to.name ? byNameFix(ctx, literal, from, to, target, manifests, read) : undefined;
    ctx.report({
      messageId: app ? 'intoApp' : 'intoPackage',
      data: { from: fromName, to: toName, dir: toPosix(path.relative(ctx.root, to.dir)) },
      range: ctx.rangeOf(literal),
      related: [
        {
          file: to.file,
          range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
          message: `${toName} is its own package${app ? ' (an app with its own start)' : ''}; ${fromName} does not declare it.`,
        },
      ],
      fixes: fix ? [fix] : [],
    });
  };

  const literalOf = (node: ts.Node | undefined) =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node : undefined;

  return {
    [ts.SyntaxKind.ImportDeclaration]: (node: ts.ImportDeclaration) => {
      const literal = literalOf(node.moduleSpecifier);
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      const locals = clause ? importedNames(clause) : [];
      const typeScript = /\.[cm]?tsx?$/i.test(ctx.file);
      if (literal) judge(literal, typeOnly, () => typeScript && usedOnlyAsTypes(ctx.sourceFile, locals));
    },
    [ts.SyntaxKind.ExportDeclaration]: (node: ts.ExportDeclaration) => {
      const literal = literalOf(node.moduleSpecifier);
      if (literal) judge(literal, node.isTypeOnly);
    },
    [ts.SyntaxKind.ImportEqualsDeclaration]: (node: ts.ImportEqualsDeclaration) => {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref)) {
        const literal = literalOf(ref.expression);
        if (literal) judge(literal, node.isTypeOnly);
      }
    },
    [ts.SyntaxKind.CallExpression]: (node: ts.CallExpression) => {
      const callee = node.expression;
      const literal = literalOf(node.arguments[0]);
      if (!literal) return;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) judge(literal, false);
    },
  };
}

/**
 * A package of its own: its manifest makes it installable or runnable (Manifest.standsAlone), it is
 * the repository's root manifest, a workspace root lists its folder, or the folder is built or
 * deployed on its own (a Dockerfile, Containerfile, Procfile or Nx project.json beside it). A folder
 * whose package.json only names a module of the enclosing app (tegg's `{ "name": "app-core",
 * "eggModule": … }` in app/core) is that app's code.
 */
function isOwnPackage(manifests: ManifestReader, m: Manifest, read: Read): boolean {
  if (m.standsAlone || m.dir === manifests.root || m.workspaces.length > 0 || manifests.workspaceRootOf(m) !== undefined) return true;
  return OWN_BUILD_FILES.some((f) => read(path.join(m.dir, f)) !== undefined);
}

const OWN_BUILD_FILES = ['Dockerfile', 'Containerfile', 'Procfile', 'project.json'];

type Read = (f: string) => string | undefined;

/** The package whose code the folder `dir` is: the nearest manifest that is a package of its own. */
function owningPackage(manifests: ManifestReader, dir: string, read: Read): Manifest | undefined {
  return manifests.chain(dir).find((m) => isOwnPackage(manifests, m, read));
}

/** True when `target` is inside a package nested in `from` (so it leaves `from` after all). */
function insideNested(manifests: ManifestReader, from: Manifest, target: string, read: Read): boolean {
  const to = owningPackage(manifests, path.dirname(target), read);
  return !!to && to.dir !== from.dir && isInside(from.dir, to.dir);
}

/** The package holding `target` (a folder with its own package.json counts as its own package). */
function packageOfTarget(manifests: ManifestReader, target: string, root: string, read: Read): Manifest | undefined {
  const asDir = manifests.at(target);
  if (asDir?.isPackage && isOwnPackage(manifests, asDir, read)) return asDir;
  const m = owningPackage(manifests, path.dirname(target), read);
  return m && isInside(root, m.dir) ? m : undefined;
}

/** An app: something started on its own (a start script, a Dockerfile or a Procfile), not only a library. */
function isApp(manifest: Manifest, read: (f: string) => string | undefined): boolean {
  if (manifest.scripts.start !== undefined || manifest.scripts.serve !== undefined) return true;
  return ['Dockerfile', 'Procfile', 'Containerfile'].some((f) => read(path.join(manifest.dir, f)) !== undefined);
}

function nestLibraryHolds(fromDir: string, target: string, read: (f: string) => string | undefined): boolean {
  const text = read(path.join(fromDir, 'nest-cli.json'));
  if (text === undefined) return false;
  return nestProjects(text).some((p) => p.type === 'library' && isInside(path.resolve(fromDir, p.root), target));
}

/** The importing package's tsconfig claims the target: `include`/`files` reach it, or `references` name its package. */
function listedAsOwn(fromDir: string, toDir: string, target: string, read: (f: string) => string | undefined): boolean {
  const text = read(path.join(fromDir, 'tsconfig.json'));
  if (!text) return false;
  const parsed = ts.parseConfigFileTextToJson('tsconfig.json', text).config as
    { include?: unknown; files?: unknown; references?: unknown } | undefined;
  if (!parsed) return false;
  for (const ref of Array.isArray(parsed.references) ? parsed.references : []) {
    const p = ref && typeof ref === 'object' ? (ref as { path?: unknown }).path : undefined;
    if (typeof p === 'string') {
      const dir = path.resolve(fromDir, p.endsWith('.json') ? path.dirname(p) : p);
      if (isInside(dir, target) || dir === toDir) return true;
    }
  }
  const entries: unknown[] = [
    ...(Array.isArray(parsed.include) ? (parsed.include as unknown[]) : []),
    ...(Array.isArray(parsed.files) ? (parsed.files as unknown[]) : []),
  ];
  for (const entry of entries) {
    if (typeof entry !== 'string' || !entry.startsWith('..')) continue;
    const fixed = entry.replace(/\/?\*\*.*$/, '').replace(/\/\*.*$/, '');
    const dir = path.resolve(fromDir, fixed);
    if (isInside(dir, target) || isInside(dir, `${target}.ts`)) return true;
  }
  return false;
}

/** Files a package's name stands for: its main/module/types/source/exports['.'], built output mapped back to sources. */
function entryStems(to: Manifest, read: (f: string) => string | undefined): string[] {
  const text = read(to.file) ?? '{}';
  let pkg: Record<string, unknown> = {};
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const values: string[] = [];
  for (const field of ['main', 'module', 'types', 'typings', 'source']) if (typeof pkg[field] === 'string') values.push(pkg[field]);
  const exp = pkg.exports;
  const dot = typeof exp === 'string' ? exp : exp && typeof exp === 'object' ? ((exp as Record<string, unknown>)['.'] ?? exp) : undefined;
  const collect = (v: unknown, depth: number) => {
    if (typeof v === 'string') values.push(v);
    else if (v && typeof v === 'object' && depth < 4) for (const x of Object.values(v)) collect(x, depth + 1);
  };
  collect(dot, 0);
  if (values.length === 0) values.push('index.js');
  const stems = new Set<string>();
  for (const v of values) {
    const stem = path.resolve(to.dir, v).replace(/(?:\.d)?\.[cm]?[jt]sx?$/, '');
    stems.add(stem);
    const rel = toPosix(path.relative(to.dir, stem));
    const m = /^(?:dist|build|lib|out)\/(.*)$/.exec(rel);
    if (m) {
      stems.add(path.join(to.dir, 'src', m[1]));
      stems.add(path.join(to.dir, m[1]));
    }
  }
  for (const s of [...stems]) if (path.basename(s) === 'index') stems.add(path.dirname(s));
  return [...stems];
}

function byNameFix(
  ctx: TypeScriptContext,
  literal: ts.StringLiteralLike,
  from: Manifest,
  to: Manifest,
  target: string,
  manifests: ManifestReader,
  read: (f: string) => string | undefined,
): Fix | undefined {
  const name = to.name!;
  const stem = target.replace(/\.[cm]?[jt]sx?$/, '');
  if (!entryStems(to, read).includes(stem)) return undefined;
  const root = manifests.workspaceRootOf(from);
  if (!root || manifests.workspaceRootOf(to)?.dir !== root.dir) return undefined;
  const protocol =
    read(path.join(root.dir, 'pnpm-lock.yaml')) !== undefined || read(path.join(root.dir, '.yarnrc.yml')) !== undefined
      ? 'workspace:*'
      : '*';
  const manifestText = read(from.file);
  if (manifestText === undefined) return undefined;
  const edit = declareDependencyEdit(manifestText, name, protocol);
  if (!edit) return undefined;
  const quote = ctx.text[literal.getStart(ctx.sourceFile)];
  const starts = computeLineStarts(manifestText);
  const changes: TextChange[] = [
    { kind: 'replace', file: ctx.file, range: ctx.rangeOf(literal), newText: `${quote}${name}${quote}` },
    {
      kind: 'replace',
      file: from.file,
      range: { start: positionAt(starts, edit.start), end: positionAt(starts, edit.end) },
      newText: edit.newText,
    },
  ];
  return { kind: 'suggestion', title: `Import "${name}" by name and declare it ("${name}": "${protocol}")`, changes };
}

export default defineRule({
  meta: {
    id: 'codebase/no-cross-app-import',
    factor: 1,
    description: "Code imports another package of the repository by its declared name, never by a relative path into that package's files.",
    defaultSeverity: 'warning',
    testFileSeverity: 'off',
    languages: ['typescript'],
    fixable: true,
    messages: {
      intoApp:
        "This import leaves {{from}} and reaches into the files of {{to}} ({{dir}}), another app of the repository: two deployables now share code without a declared dependency, so each build copies the other's files and a change to one silently changes the other. Move the shared code into a library both declare, or depend on it as a workspace package.",
      intoPackage:
        'This import leaves {{from}} for the files of {{to}} ({{dir}}) by a relative path, although {{from}} does not declare it: the dependency is invisible to installs, builds and deploys. Declare "{{to}}" as a (workspace) dependency and import it by name.',
    },
  },
  typescript: { prefilter: (text) => text.includes('../'), create },
});
