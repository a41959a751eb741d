/** Which of our languages a path (or an editor language id) is. */
import * as path from 'node:path';

export type Language = 'typescript' | 'dockerfile';

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
  return (
    base === 'dockerfile' ||
    base === 'containerfile' ||
    base.startsWith('dockerfile.') ||
    base.endsWith('.dockerfile') ||
    base.startsWith('containerfile.') ||
    base.endsWith('.containerfile')
  );
}

/** The language we analyse `file` as, or undefined when we do not read it. */
export function languageOf(file: string, editorLanguageId?: string): Language | undefined {
  if (editorLanguageId === 'dockerfile') return 'dockerfile';
  if (scriptFlavour(file)) return 'typescript';
  if (isDockerfileName(file)) return 'dockerfile';
  if (editorLanguageId && /^(typescript|javascript)(react)?$/.test(editorLanguageId)) return 'typescript';
  return undefined;
}
