// Bundles the three outputs of docs/DESIGN.md §1: dist/extension.js (client), dist/server.js (language
// server: a loader for dist/serverMain.js), dist/cli.js (CLI), each with a source map. `--production` minifies; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Prints errors in the `file:line:col: message` shape VS Code's $esbuild-watch problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * `import * as ts from 'typescript'` of a CommonJS package makes esbuild wrap it in `__toESM`, a copy
 * whose every property is a getter: each `ts.isIdentifier(…)`/`ts.SyntaxKind.X` in the rules' hot
 * loops became a getter call on a 2,000-property object (13 % of a corpus scan's CPU, bench/README.md).
 * Our sources get an ES module instead, exporting each name once as a constant, which esbuild binds
 * directly. Modules in node_modules keep the plain package.
 */
const require = createRequire(import.meta.url);
const typescriptAsConstants = {
  name: 'typescript-as-constants',
  setup(build) {
    const main = require.resolve('typescript');
    build.onResolve({ filter: /^typescript$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}`) || args.namespace === 'typescript-as-constants'
        ? undefined
        : { path: main, namespace: 'typescript-as-constants' },
    );
    build.onLoad({ filter: /.*/, namespace: 'typescript-as-constants' }, () => {
      const names = Object.keys(require('typescript')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      return {
        contents: `const ts = require(${JSON.stringify(main)});\nexport const { ${names.join(', ')} } = ts;\nexport default ts;\n`,
        loader: 'js',
        resolveDir: path.dirname(main),
      };
    });
  },
};

/**
 * ASCII-only bundles. V8 keeps a script's source in memory for as long as the script lives: as a one-byte
 * string when every character is Latin-1, otherwise as a two-byte one, twice the size (4.8 MB more for
 * dist/serverMain.js in every server process, its indexing workers and the CLI). esbuild's default
 * `charset: 'ascii'` escapes strings, templates and identifiers, but leaves regular expression literals
 * and the comments it keeps in a development build as written (`→`, `…` in ours). Each such character is
 * written as `\uXXXX` here, which means the same in a regular expression (a `\…` identity escape becomes
 * `\u2026`) and is only text in a comment. Source maps stay right but for the columns after such a
 * character on its own line, which in practice is a comment's. test/unit/bundles.test.ts checks the output.
 */
const asciiOutput = {
  name: 'ascii-output',
  setup(build) {
    build.initialOptions.write = false;
    build.onEnd((result) => {
      for (const file of result.outputFiles ?? []) {
        mkdirSync(path.dirname(file.path), { recursive: true });
        if (!file.path.endsWith('.js')) {
          writeFileSync(file.path, file.contents);
          continue;
        }
        const text = file.text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, char) => {
          const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
          return `${kept}\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
        });
        writeFileSync(file.path, text);
      }
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  define: { __TOOL_VERSION__: JSON.stringify(version) },
  plugins: [problemMatcher, typescriptAsConstants, asciiOutput],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // serverMain.ts: the LSP server, or a background-indexing worker when run as one (scanPool.ts).
  { ...common, entryPoints: ['server/src/serverMain.ts'], outfile: 'dist/serverMain.js' },
  // The entry clients start: loads dist/serverMain.js through a V8 code cache (serverLoader.ts). Node built-ins only.
  { ...common, entryPoints: ['server/src/serverLoader.ts'], outfile: 'dist/server.js', plugins: [problemMatcher, asciiOutput] },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The report webview's script: runs in the webview (a browser), loaded through asWebviewUri.
  {
    ...common,
    entryPoints: ['client/src/report/webview.ts'],
    outfile: 'dist/report.js',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    define: {},
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
