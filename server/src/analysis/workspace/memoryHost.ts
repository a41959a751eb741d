/**
 * A folder held in memory, for sessions over files that are not on disk (rule tests, fuzzing, tools):
 * the same listing rules as the disk walk (our languages, config ignores, never node_modules), minus
 * .gitignore files.
 */
import * as path from 'node:path';
import { languageOfText } from '../languages/detect';
import { CONFIG_FILE_NAME } from '../config/config';
import { isInside, matcherFor } from '../paths';
import type { SessionHost } from './session';
import type { FileListing, ListOptions } from './files';

export function memoryHost(files: ReadonlyMap<string, string>): SessionHost {
  const listed = (root: string, file: string, ignoreFor: ListOptions['ignoreFor']): boolean => {
    if (!isInside(root, file) || !languageOfText(file, files.get(file) ?? '')) return false;
    const parts = path.relative(root, file).split(path.sep);
    if (parts.includes('node_modules')) return false;
    let dir = root;
    for (let i = 0; i < parts.length; i++) {
      const rel = parts.slice(0, i + 1).join('/');
      if (matcherFor(ignoreFor?.(dir) ?? [])(rel)) return false;
      dir = path.join(dir, parts[i]);
    }
    return true;
  };
  return {
    readFile: (file) => files.get(file),
    listFiles(root: string, paths: readonly string[], options: ListOptions): FileListing {
      const out = new Set<string>();
      for (const p of paths) {
        const base = path.resolve(root, p);
        for (const file of files.keys()) {
          if (file === base ? !!languageOfText(file, files.get(file) ?? '') : isInside(base, file) && listed(root, file, options.ignoreFor))
            out.add(file);
        }
      }
      const configFiles = [...files.keys()].filter((f) => path.basename(f) === CONFIG_FILE_NAME && isInside(root, f)).sort();
      return { files: [...out].sort(), notes: [], configFiles };
    },
    isListed: (root, file, ignoreFor) => files.has(file) && listed(root, file, ignoreFor),
  };
}

/** Relative path → text, as absolute paths under `root`. */
export function filesUnder(root: string, relative: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(relative).map(([rel, text]) => [path.join(root, ...rel.split('/')), text]));
}
