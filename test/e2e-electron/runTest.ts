/**
 * The @vscode/test-electron suite, for machines that can download VS Code (it is not run in CI; the
 * code-server suite in test/e2e is). `npm run test:electron` builds, bundles this launcher and
 * ./suite.ts into out/e2e-electron, downloads VS Code into .vscode-test/ and runs ./suite.ts inside
 * its extension host, with this repository as the extension under development and a throwaway copy
 * of examples/service as the workspace. VSCODE_VERSION picks the build (default: stable).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-electron-'));
  const workspace = path.join(scratch, 'service');
  fs.cpSync(path.join(root, 'examples/service'), workspace, { recursive: true });
  const userData = path.join(scratch, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  // As in the code-server suite: TypeScript's own errors (no node_modules in the example) stay out of the way.
  fs.writeFileSync(
    path.join(userData, 'User/settings.json'),
    JSON.stringify({ 'typescript.validate.enable': false, 'security.workspace.trust.enabled': false }),
  );
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        userData,
        '--extensions-dir',
        path.join(scratch, 'extensions'),
      ],
      extensionTestsEnv: { TFL_E2E_WORKSPACE: workspace },
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(
    'It downloads VS Code from update.code.visualstudio.com; where that is not reachable, run `npm run test:e2e` (code-server) instead.',
  );
  process.exit(1);
});
