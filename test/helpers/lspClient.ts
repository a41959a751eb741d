/**
 * A real JSON-RPC client for the bundled server (`node dist/server.js --stdio`), for protocol tests
 * and benchmarks. Waits on notifications by predicate, never by sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams, InitializeResult } from 'vscode-languageserver-protocol';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** Latest diagnostics per URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics received, in order (to count publishes per change). */
  readonly publishes: PublishDiagnosticsParams[] = [];
  private waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  stderr = '';
  /** Settings returned for workspace/configuration requests. */
  settings: Record<string, unknown> = {};

  /** `env`: variables added to this process's environment for the server. */
  constructor(env: Record<string, string> = {}) {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.publishes.push(params);
      this.check();
    });
    this.connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.check();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  /** Initialises as our VS Code client does (its capabilities and initializationOptions) unless told otherwise. */
  async initialize(
    rootFolder: string,
    capabilities: Record<string, unknown> = defaultCapabilities(),
    initializationOptions: Record<string, unknown> = { clientCommands: ['twelveFactor.openRuleDocs'] },
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: uriOf(rootFolder),
      workspaceFolders: [{ uri: uriOf(rootFolder), name: path.basename(rootFolder) }],
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(file: string, text: string, languageId = 'typescript', version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version, text } });
  }

  change(file: string, version: number, changes: unknown[]): void {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(file), version },
      contentChanges: changes,
    });
  }

  close(file: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  /** Publishes of `file` received since index `from` of `publishes`. */
  publishesOf(file: string, from = 0): PublishDiagnosticsParams[] {
    const uri = uriOf(file);
    return this.publishes.slice(from).filter((p) => p.uri === uri);
  }

  /** Resolves once no message has arrived for `quietMs` (the server has nothing more to say about a change; longer than its PROGRAM_IDLE_MS). */
  async settle(quietMs = 500, timeoutMs = 10000): Promise<void> {
    const started = Date.now();
    let seen = this.publishes.length + this.notifications.length;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const now = this.publishes.length + this.notifications.length;
      if (now === seen || Date.now() - started > timeoutMs) return;
      seen = now;
    }
  }

  /** Resolves when `predicate` holds on the diagnostics received so far. */
  waitFor(predicate: () => boolean, timeoutMs = 10000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.slice(-500)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  /** Waits for diagnostics of `file` at `version` (or any, when omitted) matching `predicate`. */
  waitForDiagnostics(
    file: string,
    predicate: (d: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10000,
  ): Promise<PublishDiagnosticsParams> {
    const uri = uriOf(file);
    return this.waitFor(
      () => {
        const d = this.diagnostics.get(uri);
        return !!d && predicate(d);
      },
      timeoutMs,
      `diagnostics of ${path.basename(file)}`,
    ).then(() => this.diagnostics.get(uri)!);
  }

  private check(): void {
    const ready = this.waiters.filter((w) => w.predicate());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    ready.forEach((w) => w.resolve());
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      else this.process.once('exit', (code) => resolve(code));
    });
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

export function defaultCapabilities(): Record<string, unknown> {
  return {
    workspace: {
      configuration: true,
      workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
      didChangeWatchedFiles: { dynamicRegistration: true },
    },
    textDocument: {
      publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, versionSupport: true },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        isPreferredSupport: true,
        dataSupport: true,
      },
      synchronization: { didSave: true },
    },
    window: { workDoneProgress: true },
  };
}
