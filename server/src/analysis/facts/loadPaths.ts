/**
 * Modules loaded by a path built at run time, as CommonJS apps and their loaders write it:
 * `require(path.join(__dirname, 'routes'))`, `require(__dirname + '/config')`,
 * `` require(`${__dirname}/lib/db`) ``, and the folder loaders (`fs.readdirSync(__dirname).forEach((f) =>
 * require(path.join(__dirname, f)))`, Sequelize's `models/index.js`, `require('./routes/' + name)`).
 *
 * The parser (fileFacts.ts) and the token scanner (lexicalFacts.ts) each read the argument into the same
 * parts and call loadSpecifier(), so both give a file the same imports. The specifier is relative to the
 * file: `./routes`; a part known only at run time is a `*` in the last segment (`./routes/*`: any module of
 * that folder, facts/program.ts expands it over the folder's files).
 */
import * as path from 'node:path';

/** One operand of the path: a literal, `__dirname`, or a name whose value is known at run time only. */
export type LoadPathPart = { literal: string } | { dirname: true } | { dynamic: true };

const DIRNAME = '\u0000';
const JOINERS = new Set(['join', 'resolve']);

/** `path.join` / `path.resolve` (or `join` / `resolve` imported from it): the callee names the scanner sees too. */
export function isPathJoiner(objectName: string | undefined, name: string): boolean {
  return (objectName === undefined || objectName === 'path') && JOINERS.has(name);
}

/**
 * The specifier a path of these parts names, or undefined when it is not one a file's own folder fixes.
 * `joined`: the parts are the arguments of path.join/resolve (the first must be `__dirname`); otherwise
 * they are concatenated (`+` or a template), starting with `__dirname` + `/…` or a `./`/`../` literal.
 */
export function loadSpecifier(parts: readonly LoadPathPart[], joined: boolean, resolve = false): string | undefined {
  if (parts.length === 0) return undefined;
  let text: string;
  if (joined) {
    if (!('dirname' in parts[0])) return undefined;
    const rest: string[] = [];
    for (const part of parts.slice(1)) {
      if ('dirname' in part) return undefined;
      if ('literal' in part) {
        // path.resolve starts again at an absolute part; path.join would join it: neither is a path from here.
        if (part.literal.startsWith('/') && resolve) return undefined;
        rest.push(part.literal);
      } else rest.push('*');
    }
    text = `${DIRNAME}/${rest.join('/')}`;
  } else {
    text = '';
    for (const [i, part] of parts.entries()) {
      if ('dirname' in part) {
        if (i > 0) return undefined;
        text += DIRNAME;
      } else text += 'literal' in part ? part.literal : '*';
    }
    if (text.startsWith(DIRNAME)) {
      if (!text.startsWith(`${DIRNAME}/`)) return undefined;
    } else if (!text.startsWith('./') && !text.startsWith('../')) return undefined;
    // A literal path alone is a plain specifier, read as such by both readers.
    if (!text.includes('*') && !text.startsWith(DIRNAME)) return undefined;
  }
  if (text.includes('\\') || text.indexOf('*') !== text.lastIndexOf('*')) return undefined;
  const relative = path.posix.normalize(text.startsWith(DIRNAME) ? `.${text.slice(1)}` : text);
  // The run-time part names a file of one folder, not a path through folders.
  const star = relative.indexOf('*');
  if (star >= 0 && relative.indexOf('/', star) >= 0) return undefined;
  // `require(__dirname + '/routes/')` loads routes/index; the folder itself or its parent, no module of its own.
  const trimmed = relative.replace(/\/+$/, '');
  if (trimmed === '.' || trimmed === '..' || trimmed === '' || trimmed.endsWith('/..')) return undefined;
  return trimmed.startsWith('../') ? trimmed : `./${trimmed}`;
}
