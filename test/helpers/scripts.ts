/**
 * The TS/JS files (by the product's own languageOf) under folders of this repository, in walk order:
 * what the tests that compare two ways of reading code (scanner and parser, pre-filter and rule,
 * incremental and fresh parse) run over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOf } from '../../server/src/analysis';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Files under `dirs` (repository-relative; missing ones are skipped), at most `limit`. */
export function scriptsUnder(dirs: readonly string[], limit = Infinity): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    if (out.length >= limit || !fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (languageOf(full) === 'typescript' && out.length < limit) out.push(full);
    }
  };
  for (const d of dirs) visit(path.join(REPO_ROOT, d));
  return out;
}

/** The same, with each file's text. */
export function sourcesUnder(dirs: readonly string[]): { file: string; text: string }[] {
  return scriptsUnder(dirs).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

/**
 * Real packages to compare over: all of node_modules in the slow run (`npm run test:slow`), else a
 * sample of five packages (plus `more`).
 */
export function packageDirs(slow: boolean, more: readonly string[] = []): string[] {
  return slow
    ? ['node_modules']
    : [
        'node_modules/express',
        'node_modules/yaml/dist',
        'node_modules/ajv/dist',
        'node_modules/jsonc-parser/lib',
        'node_modules/vscode-languageserver/lib',
        ...more,
      ];
}
