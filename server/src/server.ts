/**
 * The LSP adapter (docs/DESIGN.md §1): editor events in, the workspace sessions' findings out as
 * diagnostics and code actions. Every decision about what is a violation, and every piece of state
 * about it, lives in the analysis core's WorkspaceSession; this file translates and schedules.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES, TOOL, diskHost, type Steps } from './analysis';
import { buildReport } from './analysis/report/build';
import { codeActions, type DocsMode } from './lsp/codeActions';
import type { EditCapabilities, OpenDocuments } from './lsp/workspaceEdits';
import { ValidationScheduler } from './lsp/scheduler';
import { Folders } from './lsp/folders';
import { fileUri, localDocs } from './lsp/diagnostics';
import { formatMarkdown } from './format/markdown';
import { formatSarif } from './format/sarif';
import {
  FIX_ALL_KIND,
  ReportRequest,
  SERVER_COMMANDS,
  ScanWorkspaceRequest,
  StatusNotification,
  type InitializationOptions,
} from './protocol';
import { DEFAULT_SETTINGS, settingsFrom, type Settings } from './settings';
import { serverCacheDir } from './cacheDir';
import { toolIdentity } from './analysis/workspace/entryCache';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let editCaps: EditCapabilities = { documentChanges: false, createFile: false };
let docsMode: DocsMode = 'none';
let supportsConfiguration = false;
let supportsWorkspaceFolders = false;
const settingsCache = new Map<string, Promise<Settings>>();

function toFile(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function settingsFor(root: string): Promise<Settings> {
  if (!supportsConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
  let cached = settingsCache.get(root);
  if (!cached) {
    cached = connection.workspace
      .getConfiguration({ scopeUri: fileUri(root), section: 'twelveFactor' })
      .then(settingsFrom, () => DEFAULT_SETTINGS);
    settingsCache.set(root, cached);
  }
  return cached;
}

/**
 * When the client last sent anything. Indexing's steps in this thread wait while a message may be on
 * its way to its handler: the connection reads it from the pipe in one turn of the event loop and hands
 * it over in a later one, and each turn in between ran a slice of indexing, so an edit waited behind two
 * or three of them (15–35 ms while the bench corpus indexed). Over stdio and Node IPC, the transports
 * clients start us with; over a socket or a named pipe, indexing waits only for edits already scheduled.
 */
let inputAt = -Infinity;
const INPUT_SETTLE_MS = 4;
const markInput = () => void (inputAt = performance.now());
const inputPending = () => performance.now() - inputAt < INPUT_SETTLE_MS;

// In the bundle, this module runs inside dist/server.js, which also serves as the indexing worker.
const folders = new Folders({
  connection,
  documents,
  settingsFor,
  workerScript: __filename.endsWith('.js') ? __filename : undefined,
  busy: () => scheduler.hasPending() || inputPending(),
  cache: documentCache(),
});

/** The analyses of open documents and indexed files are kept across starts beside the code cache, for this build of the bundle. */
function documentCache(): { dir: string; identity: string } | undefined {
  const dir = serverCacheDir();
  return dir === undefined ? undefined : { dir, identity: JSON.stringify([toolIdentity(TOOL.version, __filename), true]) };
}

const openDocuments: OpenDocuments = {
  read: (file) => documents.get(fileUri(file))?.getText() ?? diskHost.readFile(file),
  version: (file) => documents.get(fileUri(file))?.version ?? null,
};

/**
 * Hands the open document's latest text to its session (which publishes what changed), once the
 * session runs on the folder's current settings. Never throws.
 *
 * The keystroke path: the session analyses the document alone and publishes its own findings; its
 * program facts and verdicts (what other files say about it, and it about them) follow on a later turn
 * of the event loop, skipped while a newer edit of it waits (docs/DESIGN.md §4).
 */
async function analyse(uri: string): Promise<void> {
  const file = toFile(uri);
  if (!file) return;
  await folders.whenReady(file);
  const doc = documents.get(uri);
  if (!doc) return;
  const guarded = (what: () => void) => {
    try {
      what();
    } catch (error) {
      connection.console.error(`Twelve-Factor analysis failed for ${path.basename(file)}: ${(error as Error).message}`);
      sendStatus('error', 'Twelve-Factor: analysis failed (see output)');
    }
  };
  const session = folders.sessionOf(file);
  const run = (runs.get(uri) ?? 0) + 1;
  runs.set(uri, run);
  guarded(() => session.updateDocument(file, doc.getText(), doc.version, doc.languageId, { deferProgram: true }));
  analysed();
  const idle = () => !scheduler.isPending(uri) && !!documents.get(uri);
  if (!session.isUnsettled(file)) {
    // Its analysis came from the cache (a server started again): once the user leaves it alone, it is
    // analysed again, so that its next edit is parsed incrementally on code that ran before; verdicts
    // its cached facts changed are judged then.
    if (session.needsTree(file))
      setTimeout(() => {
        if (runs.get(uri) === run && idle() && session.needsTree(file)) scheduler.schedule(uri);
      }, PROGRAM_IDLE_MS);
    return;
  }
  // Once the document has had no edit for PROGRAM_IDLE_MS: its facts, a few ms per turn of the event
  // loop, then the program verdicts, a program rule per turn. Each is dropped as soon as a newer edit
  // waits, which would otherwise wait behind it.
  const inSlices = (steps: Steps<void> | undefined, then?: () => void) => {
    if (!steps) return then?.();
    const slice = () => {
      if (!idle()) return void steps.return();
      // A message just read may be an edit of this document: let it reach the scheduler first.
      if (inputPending()) return void setTimeout(slice, 2);
      const until = performance.now() + SLICE_MS;
      let done = false;
      guarded(() => {
        for (let step = steps.next(); ; step = steps.next()) {
          if (step.done) return void (done = true);
          if (performance.now() >= until) return;
        }
      });
      setImmediate(done ? () => then?.() : slice);
    };
    setImmediate(slice);
  };
  setTimeout(() => {
    if (runs.get(uri) !== run || !idle()) return;
    inSlices(session.settleInSteps(file, { judge: false }), () => inSlices(session.judgeInSteps()));
  }, PROGRAM_IDLE_MS);
}

/** The analysis runs per open document: its facts and verdicts wait for the document's last one. */
const runs = new Map<string, number>();

/**
 * How long a document must go without an edit before its facts are read and judged across the folder.
 * Reading them takes tens of ms on a big file and judging them as much on a corpus-sized folder, on
 * every keystroke that changes a fact (a call being typed), and each started run was mostly dropped by
 * the next keystroke; a typist pauses less than this between keys. The verdicts other files get from
 * the document follow once typing pauses; its own findings never wait.
 */
const PROGRAM_IDLE_MS = 300;

/**
 * The longest stretch a document's settling holds the event loop between two looks at the edits
 * waiting (a judgement step is one program rule, which can take longer on a big folder).
 */
const SLICE_MS = 8;

const scheduler = new ValidationScheduler(analyse);

let analysed!: () => void;
/** Settles once a first document's diagnostics have been published (serverMain.ts: the loader then saves its code cache). */
export const firstAnalysis = new Promise<void>((resolve) => (analysed = resolve));

function sendStatus(state: StatusNotification.Params['state'], text: string): void {
  void connection.sendNotification(StatusNotification.method, { state, text } satisfies StatusNotification.Params);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  supportsConfiguration = !!caps.workspace?.configuration;
  supportsWorkspaceFolders = !!caps.workspace?.workspaceFolders;
  editCaps = {
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
    createFile: !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
  };
  const init = (params.initializationOptions ?? {}) as InitializationOptions;
  docsMode = init.clientCommands?.includes(SERVER_COMMANDS.openRuleDocs)
    ? 'client'
    : caps.window?.showDocument?.support
      ? 'showDocument'
      : 'none';
  let roots = (params.workspaceFolders ?? []).map((f) => toFile(f.uri)).filter((f): f is string => !!f);
  if (roots.length === 0 && params.rootUri) roots = [toFile(params.rootUri)].filter((f): f is string => !!f);
  // Sessions start once the client can answer configuration requests (onInitialized).
  pendingRoots = roots;
  connection.console.info(
    `Twelve-Factor Lint ${TOOL.version} on Node ${process.version}; workspace folders: ${roots.join(', ') || 'none'}`,
  );
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      ...(docsMode === 'showDocument' ? { executeCommandProvider: { commands: [SERVER_COMMANDS.showRuleDocs] } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'twelve-factor-lint', version: TOOL.version },
  };
});
let pendingRoots: string[] = [];

connection.onInitialized(() => {
  if (supportsConfiguration) {
    // Only our section: otherwise every settings change, including the defaults extensions register
    // while VS Code starts, re-configures every session for nothing.
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'twelveFactor' }).catch(() => undefined);
  }
  folders.setFolders(pendingRoots);
  if (supportsWorkspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => toFile(f.uri)));
      const added = event.added.map((f) => toFile(f.uri)).filter((f): f is string => !!f);
      folders.setFolders([...folders.workspaceFolders().filter((f) => !removed.has(f)), ...added]);
    });
  }
  sendStatus('ok', 'Twelve-Factor');
});

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  void folders.refreshSettings();
});

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    const file = toFile(change.uri);
    if (!file) continue;
    const session = folders.sessionOf(file);
    if (change.type === FileChangeType.Deleted) session.fileDeleted(file);
    else session.fileChanged(file);
  }
});

documents.onDidOpen((event) => scheduler.schedule(event.document.uri));
documents.onDidChangeContent((event) => scheduler.schedule(event.document.uri));
documents.onDidClose((event) => {
  const uri = event.document.uri;
  scheduler.cancel(uri);
  runs.delete(uri);
  const file = toFile(uri);
  if (file) folders.sessionOf(file).closeDocument(file);
});

connection.onCodeAction((params) => {
  try {
    return codeActions(params, folders.published.get(params.textDocument.uri), openDocuments, editCaps, docsMode);
  } catch (error) {
    connection.console.error(`Twelve-Factor code actions failed: ${(error as Error).message}`);
    return [];
  }
});

// Other clients than ours: the rule's page (shipped with the server, else the web) shown by the client.
connection.onExecuteCommand(async (params) => {
  if (params.command !== SERVER_COMMANDS.showRuleDocs) return;
  const [ruleId, url] = (params.arguments ?? []) as [unknown, unknown];
  const local = typeof ruleId === 'string' ? localDocs(ruleId) : undefined;
  const uri = local ? fileUri(local) : typeof url === 'string' ? url : undefined;
  if (uri) await connection.window.showDocument({ uri, external: !local });
});

connection.onRequest(
  ScanWorkspaceRequest.method,
  async (_params: unknown, token: CancellationToken): Promise<ScanWorkspaceRequest.Result> => {
    const started = performance.now();
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Twelve-Factor: scanning workspace', 0, undefined, true);
    const cancelled = () => token.isCancellationRequested || !!progress?.token.isCancellationRequested;
    try {
      const result = await folders.scanAll((done, total, file) => {
        if (done % 20 === 0) progress?.report(Math.round((100 * done) / Math.max(1, total)), path.basename(path.dirname(file)));
        return !cancelled();
      });
      const durationMs = Math.round(performance.now() - started);
      connection.console.info(
        `Scan: ${result.findings} findings in ${result.files} files, ${durationMs} ms${result.cancelled ? ' (cancelled)' : ''}`,
      );
      sendStatus('ok', `Twelve-Factor: ${result.findings} problem${result.findings === 1 ? '' : 's'} in ${result.files} files`);
      return { ...result, cancelled: result.cancelled || cancelled(), durationMs };
    } finally {
      progress?.done();
    }
  },
);

connection.onRequest(ReportRequest.method, async (params: ReportRequest.Params | undefined): Promise<ReportRequest.Result> => {
  const started = performance.now();
  const sessions = await folders.indexedFolderSessions();
  const report = buildReport(
    sessions.map((s) => s.report()),
    performance.now() - started,
  );
  if (params?.format === 'markdown') return { report, text: formatMarkdown(report) };
  if (params?.format === 'sarif') {
    const scans = sessions.map((s) => ({ root: s.root, findings: s.allFindings() }));
    return { report, text: formatSarif({ folders: scans, rules: RULES, readFile: (f) => openDocuments.read(f) }) };
  }
  return { report };
});

process.on('uncaughtException', (error) => {
  connection.console.error(`Twelve-Factor server error: ${error.message}`);
});

documents.listen(connection);
connection.listen();

// After listen(): the connection's reader is attached first, and the stream is already flowing.
if (process.argv.includes('--stdio')) process.stdin.on('data', markInput);
else if (process.argv.includes('--node-ipc')) process.on('message', markInput);
