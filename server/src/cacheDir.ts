/**
 * Where the language server keeps what it caches across starts: its V8 code cache (serverLoader.ts)
 * and its analyses of open documents (analysis/workspace/entryCache.ts). The directory in
 * TWELVE_FACTOR_LINT_CACHE_DIR (our VS Code client passes its global storage; `off` disables both),
 * else one per user under os.tmpdir(). Never inside a workspace: the extension only reads those.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export const CACHE_DIR_ENV = 'TWELVE_FACTOR_LINT_CACHE_DIR';

export function serverCacheDir(): string | undefined {
  const configured = process.env[CACHE_DIR_ENV];
  if (configured === 'off') return undefined;
  if (configured) return configured;
  const user = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return path.join(os.tmpdir(), `twelve-factor-lint${user}`);
}
