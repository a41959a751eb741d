/** LanguageClient options: which documents the server sees, how it is started, what it watches. */
import * as vscode from 'vscode';
import { SERVER_COMMANDS } from '../../server/src/protocol';
import { PLATFORM_FILES } from '../../server/src/analysis/languages/detect';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'dockerfile' },
  {
    scheme: 'file',
    pattern:
      '**/{Dockerfile,Dockerfile.*,Dockerfile-*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*,Containerfile-*,*.containerfile}',
  },
  { scheme: 'file', pattern: '**/.twelvefactorrc.json' },
  // The files services keep config and process types in (languages/detect.ts decides which are read).
  { scheme: 'file', pattern: '**/{.env,.env.*,*.env}' },
  { scheme: 'file', pattern: '**/{Procfile,Procfile.*}' },
  { scheme: 'file', pattern: '**/{docker-compose,compose}*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/*.compose.{yml,yaml}' },
  { scheme: 'file', pattern: `**/{${PLATFORM_FILES.join(',')}}` },
  { scheme: 'file', pattern: '**/{package.json,app.json,.npmrc}' },
  { scheme: 'file', pattern: '**/config/*.{json,yml,yaml}' },
  {
    scheme: 'file',
    pattern:
      '**/{appsettings,settings,secrets,secret,credentials,credential,service-account,service_account,keyfile,config,env}{,.*,-*}.json',
  },
];

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // Where the server keeps the V8 code cache of its bundle (server/src/serverLoader.ts): a second start skips
  // compiling it. The client adds the rest of process.env.
  const env = { TWELVE_FACTOR_LINT_CACHE_DIR: vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { env } },
    debug: { module, transport: TransportKind.stdio, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Commands this client runs itself (the server offers them in code actions only to clients that do).
    initializationOptions: { clientCommands: [SERVER_COMMANDS.openRuleDocs] },
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: {
      // Config and entry-point files, and sources: program rules re-judge when a file that is not open changes on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{.twelvefactorrc.json,package.json,tsconfig.json,jsconfig.json,nest-cli.json,app.json,Procfile,Procfile.*,Dockerfile,Dockerfile.*,Dockerfile-*,Containerfile,Containerfile.*,Containerfile-*,*.Dockerfile,.dockerignore,.gitignore,.npmrc,.env,.env.*,*.env,*.json,*.yml,*.yaml,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs}',
      ),
    },
    diagnosticCollectionName: 'twelve-factor',
    // If the server process dies, the client restarts it (diagnostics come back); after 4 crashes in
    // 3 minutes it stops trying and says so, rather than looping.
    connectionOptions: { maxRestartCount: 4 },
  };
  // The id 'twelveFactor' makes the client honour the twelveFactor.trace.server setting.
  return new LanguageClient('twelveFactor', 'Twelve-Factor Lint', serverOptions, clientOptions);
}
