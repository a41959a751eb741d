/** The extension: starts the language server and registers commands. No analysis runs here. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { StatusItem } from './statusItem';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Twelve-Factor Lint', { log: true });
  const status = new StatusItem();
  client = createLanguageClient(context, output);
  context.subscriptions.push(
    output,
    status,
    registerCommands(context, () => client, output),
  );
  status.attach(client);
  try {
    await client.start();
  } catch (error) {
    output.error(`The Twelve-Factor language server did not start: ${(error as Error).message}`);
    status.set('error', 'Twelve-Factor: server failed to start');
    void vscode.window.showErrorMessage('Twelve-Factor Lint: the language server did not start. See the "Twelve-Factor Lint" output.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
