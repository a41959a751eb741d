/**
 * dependencies/declared-dependency (factor II): a runtime file loads only packages its package.json
 * declares for production, and spawns only system tools its image installs. Judged across files: each
 * file's imports and spawns are collected in the engine's walk (declared-dependency.collect.ts), then
 * every program (an entry point or a server, with the files it reaches) is checked against the nearest
 * package.json and its lockfile (declared-dependency.check.ts, .fix.ts, .tools.ts).
 */
import { defineRule } from '../../rule';
import { collectDependencies } from './declared-dependency.collect';
import { lexicalDependencies } from './declared-dependency.lexical';
import { check } from './declared-dependency.check';

const NEEDS_PARSE =
  /(?:\bfrom|\brequire(?:\.resolve)?\s*\(|\bimport\s*\(?|\bresolve\s*\()\s*['"`](?![./])|\bimport\s+type\b|[{,]\s*type\s|\b(?:exec|spawn|execa|shelljs)/;

export default defineRule({
  meta: {
    id: 'dependencies/declared-dependency',
    factor: 2,
    description:
      'Code that runs in production loads only packages declared in the dependencies of its package.json, and spawns only system tools its image installs.',
    defaultSeverity: 'warning',
    testFileSeverity: 'off',
    languages: ['typescript'],
    fixable: true,
    messages: {
      undeclared:
        '"{{name}}" is loaded at run time but {{manifest}} does not declare it: it works only while another package happens to install it (hoisting, a global install), and a clean install of this package breaks the start. Declare it in "dependencies".',
      devOnly:
        '"{{name}}" is loaded at run time but {{manifest}} declares it only in devDependencies: a production install (npm ci --omit=dev, NODE_ENV=production) leaves it out and the program fails when it loads it. Move it to "dependencies".',
      systemTool:
        'This spawns {{tool}} (via {{via}}), which the image built by {{dockerfile}} (FROM {{base}}) does not install: a system tool is a dependency too, and the container fails when it runs this. Install it in the Dockerfile ({{packages}}) or check where it comes from.',
    },
    messageSeverities: { systemTool: 'information' },
  },
  // Judged across files (see `program`): the walk only collects.
  typescript: { prefilter: () => false, create: () => ({}) },
  program: {
    collect: {
      // Files that load a package (a specifier that is not relative), import types, or spawn: the
      // others join the runtime graph through their scanned imports (declared-dependency.check.ts).
      prefilter: (text) => NEEDS_PARSE.test(text),
      // Most of those only load packages: their sites are read by the scanner (the parse where it cannot be sure).
      lexical: lexicalDependencies,
      create: collectDependencies,
    },
    check,
  },
});
