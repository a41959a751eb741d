/** Tool identity, injected at build time by esbuild (`define`) and read from package.json otherwise. */
declare const __TOOL_VERSION__: string | undefined;

export const TOOL = {
  name: 'twelve-factor-lint',
  version: typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : readVersion(),
  repository: 'https://github.com/twelve-factor-lint/twelve-factor-lint',
};

function readVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
