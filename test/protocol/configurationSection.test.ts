/**
 * The server asks to hear about configuration changes of its own section only. Registered without a
 * section, VS Code's client forwards every settings change (and the defaults extensions register at
 * startup), and each one made the server re-analyse and re-publish every open document's unchanged
 * diagnostics (seen in the code-server suite's server trace, test/e2e).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultCapabilities, LspClient } from '../helpers/lspClient';

interface Registration {
  id: string;
  method: string;
  registerOptions?: unknown;
}

describe('didChangeConfiguration registration', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-config-section-'));
  let client: LspClient | undefined;

  after(async () => {
    await client?.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("registers for the 'twelveFactor' section only", async () => {
    client = new LspClient();
    const registered = new Promise<Registration>((resolve) => {
      client!.connection.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
        const r = params.registrations.find((x) => x.method === 'workspace/didChangeConfiguration');
        if (r) resolve(r);
        return null;
      });
    });
    await client.initialize(root, defaultCapabilities());
    const registration = await registered;
    assert.deepEqual(registration.registerOptions, { section: 'twelveFactor' });
  });
});
