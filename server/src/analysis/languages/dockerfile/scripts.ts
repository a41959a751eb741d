/**
 * The workspace file of a script a container command runs (`ENTRYPOINT ["entrypoint.sh"]`,
 * `CMD ["sh", "./start.sh"]`), found through the COPY/ADD (and `--from` stages) that put it in the
 * image. Shared by the Dockerfile rules that read entry scripts (signal forwarding, log redirects).
 */
import * as path from 'node:path';
import type { AnalysisHost } from '../../rule';
import type { DockerModel } from './model';
import { isShellScript, shellScriptFile } from './commands';

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Binaries that are never a workspace script when named bare in an exec form. */
const KNOWN_BINARIES = new Set([
  'node',
  'nodejs',
  'bun',
  'deno',
  'python',
  'python3',
  'java',
  'nginx',
  'env',
  'su-exec',
  'gosu',
  'npx',
  'ts-node',
  'tsx',
  'nodemon',
  'pm2',
  'pm2-runtime',
  'sleep',
  'tail',
  'cat',
  'echo',
  'true',
  'httpd',
  'caddy',
  'serve',
  'next',
  'nuxt',
  'nest',
]);

interface ImageScript {
  /** Absolute path in the workspace. */
  file: string;
  text: string;
}

/** The script `argv` runs, read from the workspace; `not-a-script` for a known binary or a non-shell file. */
export function findImageScript(
  model: DockerModel,
  ctx: { file: string; root: string; host: AnalysisHost },
  argv: readonly string[],
): ImageScript | 'not-found' | 'not-a-script' {
  const viaShell = shellScriptFile(argv);
  const target = viaShell ?? argv[0];
  if (!target || target.includes('$')) return 'not-found';
  const workdir = model.effectiveCommand().workdir;
  const candidates: string[] = [];
  if (target.startsWith('/')) candidates.push(path.posix.normalize(target));
  else if (target.includes('/') || viaShell) {
    if (workdir) candidates.push(path.posix.resolve(workdir, target));
  } else if (/\.(sh|bash)$/.test(target) || !KNOWN_BINARIES.has(target)) {
    for (const dir of PATH_DIRS) candidates.push(`${dir}/${target}`);
  }
  const contextDirs = [...new Set([path.dirname(ctx.file), ctx.root])];
  for (const inImage of candidates) {
    for (const { source } of model.contextSourcesOf(inImage)) {
      for (const dir of contextDirs) {
        const file = path.join(dir, source);
        const text = ctx.host.readFile(file);
        if (text === undefined) continue;
        if (!viaShell && !isShellScript(text)) return 'not-a-script';
        if (!viaShell && !text.startsWith('#!') && !/\.(sh|bash)$/.test(file)) return 'not-a-script';
        return { file, text };
      }
    }
  }
  return 'not-found';
}
