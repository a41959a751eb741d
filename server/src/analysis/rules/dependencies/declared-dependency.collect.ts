/**
 * What `dependencies/declared-dependency` gathers from one TS/JS file in the engine's walk: every
 * module it loads (static and dynamic imports, `require`, `require.resolve`, `import.meta.resolve`,
 * re-exports) with its position and whether it only brings in types, and every system program it
 * spawns (`exec('convert …')`, `spawn('ffmpeg')`, execa, shelljs) or loads through a wrapper package.
 * Plain data; judged per program by declared-dependency.check.ts.
 */
import * as ts from 'typescript';
import type { Range } from '../../finding';
import type { CollectContext, FactsCollector, TypeScriptVisitors } from '../../rule';
import { moduleBindings, propertyNameText, unwrapExpression } from '../../languages/typescript/imports';
import { packageNameOf, TOOL_WRAPPERS } from '../../knowledge/packaging';
import { branchEnvironment } from '../../facts/clients';
import { importedNames, isValueUse } from '../../languages/typescript/typeUses';
import { escapeRegExp } from '../../text';

/** `typeof window !== 'undefined'`, `typeof document === 'object'`: true in a browser (the sign of the test in `positive`). */
const BROWSER_TEST = /^typeof\s+(?:window|document)\s*(!==?|===?)\s*['"](undefined|object)['"]$/;

/**
 * The require sits in a function of this file named for development (`loadDevelopmentManifest`, `devServer`) that the
 * file calls only in development branches (`NODE_ENV === 'development' ? loadDevelopmentManifest() : …`), and at least once.
 */
function inDevOnlyFunction(sourceFile: ts.SourceFile, ancestors: readonly ts.Node[]): boolean {
  let name: string | undefined;
  for (let i = ancestors.length - 1; i >= 0 && name === undefined; i--) {
    const a = ancestors[i];
    if (ts.isFunctionDeclaration(a) && a.name) name = a.name.text;
    else if (
      (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) &&
      ts.isVariableDeclaration(ancestors[i - 1]) &&
      ts.isIdentifier((ancestors[i - 1] as ts.VariableDeclaration).name)
    )
      name = ((ancestors[i - 1] as ts.VariableDeclaration).name as ts.Identifier).text;
    else if (ts.isFunctionLike(a)) return false;
  }
  // `loadDevelopmentManifest`, `devServer`, `setupDev`; not `deviceGateway`.
  if (!name || !/(?:^|[a-z_])(?:[Dd]ev|[Dd]evelopment)(?:[A-Z_]|$)/.test(name)) return false;
  const environments = callEnvironments(sourceFile).get(name);
  return !!environments && environments.length > 0 && environments.every((e) => e === 'dev');
}

/** Each function name called in the file, with the environment of each call (branchEnvironment), once per file. */
const callEnvironmentsByFile = new WeakMap<ts.SourceFile, Map<string, ('dev' | 'prod' | undefined)[]>>();
function callEnvironments(sourceFile: ts.SourceFile): Map<string, ('dev' | 'prod' | undefined)[]> {
  let found = callEnvironmentsByFile.get(sourceFile);
  if (found) return found;
  const byName = new Map<string, ('dev' | 'prod' | undefined)[]>();
  const stack: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const list = byName.get(node.expression.text) ?? [];
      list.push(branchEnvironment(stack, node));
      byName.set(node.expression.text, list);
    }
    stack.push(node);
    ts.forEachChild(node, visit);
    stack.pop();
  };
  visit(sourceFile);
  callEnvironmentsByFile.set(sourceFile, (found = byName));
  return found;
}

/** Is `node` on the browser side of a test for a window (an `if`, a `?:`, an `&&`)? */
function inBrowserBranch(sourceFile: ts.SourceFile, ancestors: readonly ts.Node[], node: ts.Node): boolean {
  const browser = (condition: ts.Expression): boolean | undefined => {
    const m = BROWSER_TEST.exec(condition.getText(sourceFile).replace(/\s+/g, ' ').trim());
    if (!m) return undefined;
    const negated = m[1].startsWith('!');
    return m[2] === 'undefined' ? negated : !negated;
  };
  let child: ts.Node = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isIfStatement(a) && child !== a.expression) {
      const b = browser(a.expression);
      if (b !== undefined) return child === a.thenStatement ? b : !b;
    } else if (ts.isConditionalExpression(a) && child !== a.condition) {
      const b = browser(a.condition);
      if (b !== undefined) return child === a.whenTrue ? b : !b;
    } else if (ts.isBinaryExpression(a) && a.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === a.right) {
      if (browser(a.left)) return true;
    }
    child = a;
  }
  return false;
}

export interface ImportSite {
  specifier: string;
  /** The specifier's string literal, quotes included. */
  range: Range;
  /** Erased when compiled: `import type`, type-only specifiers, or bindings used only as types (TypeScript files). */
  typeOnly?: true;
  /** Loaded only in a development branch (`if (process.env.NODE_ENV !== 'production') app.use(require('morgan')('dev'))`). */
  devBranch?: true;
  /**
   * Loaded inside a `try` whose `catch` handles its absence (`try { sharp = require('sharp') } catch { … }`):
   * the program runs without it, the idiom of an optional dependency.
   */
  optional?: true;
}

export interface SpawnSite {
  /** The program's name as spawned (`ffmpeg`, `convert`). */
  tool: string;
  range: Range;
  /** `child_process.exec`, `execa`, or the wrapper package (`fluent-ffmpeg`). */
  via: string;
  /** The program goes on without the tool: a `which` check, or an `'error'` listener that goes on. */
  optional?: true;
}

export interface DependencyFacts {
  /** Package specifiers (and `#imports`) with their positions. */
  imports: ImportSite[];
  /** Other specifiers loaded at run time (relative paths, aliases): the edges of the runtime import graph. */
  local?: string[];
  /** Those of `local` loaded only in development branches (`if (!isProd) require('./build/dev-server')`). */
  localDev?: string[];
  spawns?: SpawnSite[];
}

const SPAWN_MODULES: Record<string, 'command' | 'file'> = {
  'child_process.exec': 'command',
  'child_process.execSync': 'command',
  'child_process.spawn': 'file',
  'child_process.spawnSync': 'file',
  'child_process.execFile': 'file',
  'child_process.execFileSync': 'file',
  'promisify-child-process.exec': 'command',
  'promisify-child-process.spawn': 'file',
  'promisify-child-process.execFile': 'file',
  'child-process-promise.exec': 'command',
  'child-process-promise.spawn': 'file',
  'cross-spawn': 'file',
  'cross-spawn.sync': 'file',
  'cross-spawn.spawn': 'file',
  execa: 'file',
  'execa.execa': 'file',
  'execa.execaSync': 'file',
  'execa.sync': 'file',
  'execa.execaCommand': 'command',
  'execa.execaCommandSync': 'command',
  'execa.command': 'command',
  'shelljs.exec': 'command',
};

/** The modules a spawn is resolved from: a file that names none of them spawns nothing the collector sees. */
export const SPAWN_MODULE_NAMES: readonly string[] = [...new Set(Object.keys(SPAWN_MODULES).map((key) => key.split('.')[0]))];

/**
 * The system programs a wrapper package runs (`fluent-ffmpeg` → ffmpeg), spawned where it is loaded. `text`: the
 * file's, for a wrapper told to run another program: `require('gm').subClass({ imageMagick: true })` runs
 * ImageMagick's `convert` (and GraphicsMagick too when the file also calls gm itself).
 */
export function wrapperSpawns(specifier: string, range: Range, text: string): SpawnSite[] {
  const name = packageNameOf(specifier);
  const tool = name ? TOOL_WRAPPERS[name] : undefined;
  if (!tool || !name) return [];
  if (name === 'gm' && /imageMagick/.test(text)) {
    const code = withoutComments(text);
    if (GM_IMAGEMAGICK.test(code)) {
      const local =
        /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"]gm['"]\s*\)\s*(?:;|\n(?!\s*\.))|\bimport\s+([A-Za-z_$][\w$]*)\s+from\s+['"]gm['"]/.exec(
          code,
        );
      const gmItself = !!local && new RegExp(`(?<![\\w$.])${local[1] ?? local[2]}\\s*\\(`).test(code);
      return [{ tool: 'convert', range, via: name }, ...(gmItself ? [{ tool, range, via: name }] : [])];
    }
  }
  return [{ tool, range, via: name }];
}

/** `gm.subClass({ imageMagick: true })` (or `'7'` for its `magick` command, which installs `convert` too). */
const GM_IMAGEMAGICK = /\.subClass\s*\(\s*\{[^}]*\bimageMagick\s*:\s*(?:true\b|['"`]7['"`])/;

/** The text without its comments (roughly: a `//` inside a string cuts its line short, which only loses an option). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}

/**
 * A file's facts from its import sites (in source order) and spawns: the package specifiers with their
 * sites, the other runtime specifiers once each; undefined without any site.
 */
export function dependencyFacts(imports: readonly ImportSite[], spawns: readonly SpawnSite[]): DependencyFacts | undefined {
  const packages: ImportSite[] = [];
  const local = new Set<string>();
  const outsideDev = new Set<string>();
  for (const i of imports) {
    if (packageNameOf(i.specifier) !== undefined || i.specifier.startsWith('#')) packages.push(i);
    else if (!i.typeOnly && !/^(?:node|bun|deno):/.test(i.specifier)) {
      local.add(i.specifier);
      if (!i.devBranch) outsideDev.add(i.specifier);
    }
  }
  const localDev = [...local].filter((l) => !outsideDev.has(l));
  // Undefined only without imports: the check then walks the file's scanned imports, which would
  // not know that a type-only import is erased.
  if (imports.length === 0 && spawns.length === 0) return undefined;
  return {
    imports: packages,
    ...(local.size ? { local: [...local] } : {}),
    ...(localDev.length ? { localDev } : {}),
    ...(spawns.length ? { spawns: [...spawns] } : {}),
  };
}

/** Leading words of a shell command that are not the program (`sudo`, `nice`, `VAR=x`). */
function programOfCommand(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  let i = 0;
  while (
    i < words.length &&
    (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || ['sudo', 'nice', 'exec', 'time', 'nohup', 'env'].includes(words[i]))
  )
    i++;
  return words[i];
}

function literalText(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  const e = ts.isExpression(node) ? unwrapExpression(node) : node;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text; // the program is written before the first substitution
  return undefined;
}

export function collectDependencies(context: CollectContext): FactsCollector {
  const { sourceFile } = context;
  const isTypeScript = /\.[cm]?tsx?$/i.test(context.file);
  const imports: ImportSite[] = [];
  const spawns: SpawnSite[] = [];
  const bindings = moduleBindings(sourceFile);
  const site = (literal: ts.StringLiteralLike, typeOnly = false): ImportSite => ({
    specifier: literal.text,
    range: context.rangeOf(literal),
    ...(typeOnly ? { typeOnly: true as const } : {}),
  });
  // Import declarations whose bindings may all be types: judged at the end from how each name is used.
  const pending: { site: ImportSite; locals: string[] }[] = [];
  const valueUses = new Set<string>();
  const candidates = new Set<string>();
  const promisified = new Map<string, 'command' | 'file'>();
  if (isTypeScript) {
    for (const statement of sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.isTypeOnly) {
        for (const name of importedNames(statement.importClause, true)) candidates.add(name);
      } else if (ts.isImportEqualsDeclaration(statement) && !statement.isTypeOnly) candidates.add(statement.name.text);
    }
  }

  const spawnKind = (callee: ts.Expression): { kind: 'command' | 'file'; via: string } | undefined => {
    const e = unwrapExpression(callee);
    if (ts.isIdentifier(e) && promisified.has(e.text)) return { kind: promisified.get(e.text)!, via: 'child_process' };
    const ref = bindings.resolve(e);
    if (!ref) return undefined;
    const key = [ref.module, ...ref.path].join('.');
    const kind = SPAWN_MODULES[key];
    return kind ? { kind, via: key } : undefined;
  };

  const visitors: TypeScriptVisitors = {
    [ts.SyntaxKind.ImportDeclaration]: (node: ts.ImportDeclaration) => {
      if (!ts.isStringLiteral(node.moduleSpecifier)) return;
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      const s = site(node.moduleSpecifier, typeOnly);
      imports.push(s);
      addWrapper(node.moduleSpecifier);
      if (!typeOnly && isTypeScript && clause && context.ancestors().length === 1) {
        const locals: string[] = [];
        if (clause.name) locals.push(clause.name.text);
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) locals.push(named.name.text);
        if (named && ts.isNamedImports(named)) for (const e of named.elements) if (!e.isTypeOnly) locals.push(e.name.text);
        if (locals.length) pending.push({ site: s, locals });
      }
    },
    [ts.SyntaxKind.ExportDeclaration]: (node: ts.ExportDeclaration) => {
      if (!node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) return;
      const typeOnly =
        node.isTypeOnly ||
        (!!node.exportClause &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.length > 0 &&
          node.exportClause.elements.every((e) => e.isTypeOnly));
      imports.push(site(node.moduleSpecifier, typeOnly));
    },
    [ts.SyntaxKind.ImportEqualsDeclaration]: (node: ts.ImportEqualsDeclaration) => {
      const ref = node.moduleReference;
      if (!ts.isExternalModuleReference(ref) || !ts.isStringLiteral(ref.expression)) return;
      const s = site(ref.expression, node.isTypeOnly);
      imports.push(s);
      if (!node.isTypeOnly && isTypeScript && context.ancestors().length === 1) pending.push({ site: s, locals: [node.name.text] });
    },
    [ts.SyntaxKind.CallExpression]: (node: ts.CallExpression) => {
      const callee = node.expression;
      const arg = node.arguments[0];
      const literal = arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg : undefined;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        if (literal) {
          const s = site(literal);
          if (branchEnvironment(context.ancestors(), node) === 'dev' || inDevOnlyFunction(context.sourceFile, context.ancestors()))
            s.devBranch = true;
          // Loaded only where a window exists (`if (typeof window !== 'undefined') import('@angular/localize')`): never on the
          // server, so a devDependency is enough (its bundle still needs it declared).
          if (inBrowserBranch(context.sourceFile, context.ancestors(), node)) s.devBranch = true;
          if (insideTryWithCatch(context.ancestors(), node)) s.optional = true;
          imports.push(s);
          addWrapper(literal);
        }
        return;
      }
      // require.resolve('x'), import.meta.resolve('x'): the package must be installed — unless, as for `require`, a
      // `try` goes on without it, or the call resolves it from another project (`{ paths: [projectDir] }`: the app's
      // own ts-node, found from the app's folder).
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve' && literal) {
        const target = callee.expression;
        if ((ts.isIdentifier(target) && target.text === 'require') || ts.isMetaProperty(target)) {
          const s = site(literal);
          if (branchEnvironment(context.ancestors(), node) === 'dev') s.devBranch = true;
          if (insideTryWithCatch(context.ancestors(), node) || resolvesElsewhere(node.arguments[1])) s.optional = true;
          imports.push(s);
        }
        return;
      }
      const spawn = spawnKind(callee);
      if (spawn && arg) {
        const text = literalText(arg);
        const tool = text === undefined ? undefined : spawn.kind === 'command' ? programOfCommand(text) : text.trim();
        if (tool) {
          const site: SpawnSite = { tool, range: context.rangeOf(arg), via: spawn.via };
          if (optionalTool(sourceFile, context.ancestors(), tool)) site.optional = true;
          spawns.push(site);
        }
      }
    },
    [ts.SyntaxKind.VariableDeclaration]: (node: ts.VariableDeclaration) => {
      // const execAsync = promisify(exec) / util.promisify(child_process.execFile)
      const init = node.initializer && unwrapExpression(node.initializer);
      if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(node.name) || init.arguments.length !== 1) return;
      const fn = bindings.resolve(init.expression);
      if (!fn || fn.module !== 'util' || fn.path.join('.') !== 'promisify') return;
      const inner = spawnKind(init.arguments[0]);
      if (inner) promisified.set(node.name.text, inner.kind);
    },
  };

  if (candidates.size) {
    visitors[ts.SyntaxKind.Identifier] = (node: ts.Identifier) => {
      if (!candidates.has(node.text) || valueUses.has(node.text)) return;
      if (isValueUse(node, context.ancestors())) valueUses.add(node.text);
    };
  }

  function addWrapper(literal: ts.StringLiteralLike): void {
    spawns.push(...wrapperSpawns(literal.text, context.rangeOf(literal), context.text));
  }

  return {
    visitors,
    finish(): DependencyFacts | undefined {
      for (const { site: s, locals } of pending) if (!locals.some((l) => valueUses.has(l))) s.typeOnly = true;
      return dependencyFacts(imports, spawns);
    },
  };
}

/** `node` is in the `try` block of a try statement whose `catch` goes on without it (not in the catch or finally). */
function insideTryWithCatch(ancestors: readonly ts.Node[], node: ts.Node): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (ts.isFunctionLike(a)) return false;
    if (ts.isTryStatement(a) && a.catchClause && a.tryBlock.pos <= node.pos && node.end <= a.tryBlock.end)
      // A catch that throws again (`catch (e) { throw new Error('install x') }`) does not run without it.
      return !a.catchClause.block.statements.some((s) => ts.isThrowStatement(s) || (ts.isExpressionStatement(s) && isExit(s.expression)));
  }
  return false;
}

/** `process.exit(…)`: the program stops. */
function isExit(e: ts.Expression): boolean {
  return (
    ts.isCallExpression(e) &&
    ts.isPropertyAccessExpression(e.expression) &&
    e.expression.name.text === 'exit' &&
    ts.isIdentifier(e.expression.expression) &&
    e.expression.expression.text === 'process'
  );
}

/** `require.resolve('ts-node', { paths: [dir] })`: looked up from the given folders, not from this package. */
function resolvesElsewhere(options: ts.Expression | undefined): boolean {
  return (
    !!options &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.some(
      (p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyNameText(p.name) === 'paths',
    )
  );
}

/**
 * A spawn the program survives without: its tool is looked up first (`shell.which('python')`, `commandExists('qpdf')`,
 * `hasbin`, `lookpath`), or the child's `'error'` event is handled by going on (`p.on('error', () => cb(null))`, also
 * chained) — not by passing the error on (`p.on('error', reject)`, `(e) => next(e)`, a `throw`).
 */
function optionalTool(sourceFile: ts.SourceFile, ancestors: readonly ts.Node[], tool: string): boolean {
  const text = sourceFile.text;
  const name = escapeRegExp(tool);
  if (
    new RegExp(`\\b(?:which|whichSync|commandExists|commandExistsSync|hasbin|hasBin|lookpath|lookPath)\\s*\\(\\s*['"\`]${name}['"\`]`).test(
      text,
    )
  )
    return true;
  const parent = ancestors[ancestors.length - 1];
  const grand = ancestors[ancestors.length - 2];
  // `spawn('qpdf', …).on('error', () => callback(null))`
  if (parent && ts.isPropertyAccessExpression(parent) && grand && ts.isCallExpression(grand) && isErrorListener(grand))
    return goesOn(sourceFile, grand.arguments[1]);
  // `const p = spawn('qpdf', …); p.on('error', () => callback(null));`
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const handle = parent.name.text;
    let handled = false;
    const visit = (n: ts.Node) => {
      if (handled) return;
      if (
        ts.isCallExpression(n) &&
        isErrorListener(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        ts.isIdentifier(n.expression.expression) &&
        n.expression.expression.text === handle
      )
        handled = goesOn(sourceFile, n.arguments[1]);
      else ts.forEachChild(n, visit);
    };
    visit(sourceFile);
    return handled;
  }
  return false;
}

/** `x.on('error', …)`, `x.once('error', …)`. */
function isErrorListener(call: ts.CallExpression): boolean {
  const callee = call.expression;
  const event = call.arguments[0];
  return (
    ts.isPropertyAccessExpression(callee) &&
    /^(?:on|once)$/.test(callee.name.text) &&
    !!event &&
    ts.isStringLiteralLike(event) &&
    event.text === 'error'
  );
}

/** A listener that goes on without the error: a function that neither uses its error, throws, nor rejects. */
function goesOn(sourceFile: ts.SourceFile, listener: ts.Expression | undefined): boolean {
  const fn = listener && unwrapExpression(listener);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const error = fn.parameters[0] && ts.isIdentifier(fn.parameters[0].name) ? fn.parameters[0].name.text : undefined;
  const body = fn.body.getText(sourceFile);
  if (/\bthrow\b|\breject\s*\(/.test(body)) return false;
  return !error || !new RegExp(`\\b${error.replace(/\$/g, '\\$')}\\b`).test(body);
}
