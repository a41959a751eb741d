/**
 * The LSP adapter (DESIGN.md §1): documents in, diagnostics and code actions out. Every decision about
 * what is a violation is made by ./analysis; this file translates and schedules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CONFIG_FILE_NAME,
  RULE_IDS,
  TOOL,
  analyzeFile,
  defaultConfig,
  languageOf,
  listFiles,
  matcherFor,
  mergeConfig,
  parseConfig,
  toPosix,
  type AnalysisHost,
  type ConfigProblem,
  type Finding,
  type Language,
  type LoadedConfig,
  type ResolvedConfig,
} from './analysis';
import { codeActions, type DocumentFindings } from './lsp/codeActions';
import { fileUri, toDiagnostic, toLspRange, SOURCE } from './lsp/diagnostics';
import type { EditCapabilities, OpenDocuments } from './lsp/workspaceEdits';
import { ValidationScheduler } from './lsp/scheduler';
import { registerReportRequest } from './lsp/report';
import { ProgramTracker } from './lsp/program';
import { FIX_ALL_KIND, ScanWorkspaceRequest, StatusNotification } from './protocol';
import { DEFAULT_SETTINGS, settingsFrom, type Settings } from './settings';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let editCaps: EditCapabilities = { documentChanges: false, createFile: false };
let supportsConfigurationRequest = false;
let folders: string[] = [];

/** Findings per document URI, with the text and version they were computed from. */
const store = new Map<string, DocumentFindings>();
/** URIs whose diagnostics came from a workspace scan (kept after their editor closes). */
const scanned = new Set<string>();
const settingsCache = new Map<string, Promise<Settings>>();
const configCache = new Map<string, LoadedConfig>();
const loggedRuleErrors = new Set<string>();
const configWithProblems = new Set<string>();

function toFile(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const openDocuments: OpenDocuments = {
  read(file) {
    const doc = documents.get(fileUri(file));
    if (doc) return doc.getText();
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  version(file) {
    return documents.get(fileUri(file))?.version ?? null;
  },
};
const host: AnalysisHost = { readFile: (file) => openDocuments.read(file) };

/** The workspace folder a file belongs to (the deepest), else its own folder. */
function rootOf(file: string): string {
  let best: string | undefined;
  for (const folder of folders) {
    const relative = path.relative(folder, file);
    if (!relative.startsWith('..') && !path.isAbsolute(relative) && (!best || folder.length > best.length)) best = folder;
  }
  return best ?? path.dirname(file);
}

function settingsFor(uri: string): Promise<Settings> {
  if (!supportsConfigurationRequest) return Promise.resolve(DEFAULT_SETTINGS);
  let cached = settingsCache.get(uri);
  if (!cached) {
    cached = connection.workspace.getConfiguration({ scopeUri: uri, section: 'twelveFactor' }).then(settingsFrom, () => DEFAULT_SETTINGS);
    settingsCache.set(uri, cached);
  }
  return cached;
}

/** The folder's `.twelvefactorrc.json` (the open editor's text if open), parsed once per change. */
function configOf(root: string): LoadedConfig {
  const cached = configCache.get(root);
  if (cached) return cached;
  const file = path.join(root, CONFIG_FILE_NAME);
  const text = openDocuments.read(file);
  const loaded: LoadedConfig =
    text === undefined ? { config: defaultConfig(), problems: [] } : { ...parseConfig(file, text, RULE_IDS), file };
  configCache.set(root, loaded);
  // Only touch the config file's diagnostics when it exists or once had problems.
  if (text !== undefined || configWithProblems.has(file)) publishConfigProblems(file, loaded.problems);
  if (loaded.problems.length > 0) configWithProblems.add(file);
  else configWithProblems.delete(file);
  return loaded;
}

function publishConfigProblems(file: string, problems: ConfigProblem[]): void {
  const diagnostics: Diagnostic[] = problems.map((p) => ({
    range: toLspRange(p.range),
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    code: 'config',
    message: p.message,
  }));
  void connection.sendDiagnostics({ uri: fileUri(file), diagnostics });
}

function effectiveConfig(root: string, settings: Settings): ResolvedConfig {
  return mergeConfig(configOf(root).config, { rules: settings.rules, ignore: settings.exclude });
}

/** Per-file findings (and notes) last published per URI, before program findings are merged in. */
const own = new Map<string, { entry: DocumentFindings; notes: Diagnostic[] }>();

/** Program rules (DESIGN.md §4): verdicts across files, merged into each file's diagnostics. */
const programs = new ProgramTracker({
  folders: () => folders,
  readFile: (file) => openDocuments.read(file),
  listFiles: (root, config) => listFiles(root, [root], { ignore: config.ignore }).files,
  onChange: (files) => {
    for (const file of files) {
      const uri = fileUri(file);
      const mine = own.get(uri);
      publish(uri, mine?.entry, mine?.notes);
    }
  },
});

function publish(uri: string, fileEntry: DocumentFindings | undefined, notes: Diagnostic[] = []): void {
  if (fileEntry) own.set(uri, { entry: fileEntry, notes });
  else own.delete(uri);
  const file = fileEntry?.file ?? toFile(uri);
  const programFindings = file ? programs.findingsFor(file) : [];
  let entry = fileEntry;
  if (programFindings.length > 0 && file) {
    const base: DocumentFindings = fileEntry ?? {
      file,
      language: 'typescript',
      version: documents.get(uri)?.version ?? null,
      text: openDocuments.read(file) ?? '',
      findings: [],
    };
    entry = { ...base, findings: [...base.findings, ...programFindings] };
  }
  if (entry) store.set(uri, entry);
  else store.delete(uri);
  const diagnostics = (entry?.findings ?? []).map((finding, key) => toDiagnostic(finding, { key, version: entry!.version }));
  void connection.sendDiagnostics({ uri, version: entry?.version ?? undefined, diagnostics: [...diagnostics, ...notes] });
}

/** Analyses one file's text and publishes the result. Never throws. */
async function analyseAndPublish(uri: string, text: string, version: number | null, languageId?: string): Promise<void> {
  const file = toFile(uri);
  if (!file) return;
  try {
    const settings = await settingsFor(uri);
    const language = languageOf(file, languageId);
    if (!settings.enable || !language) return publish(uri, undefined);
    const root = rootOf(file);
    const config = effectiveConfig(root, settings);
    if (matcherFor(config.ignore)(toPosix(path.relative(root, file)))) return publish(uri, undefined);
    const analysis = analyzeFile({ file, text, languageId }, { root, config, host, facts: true });
    programs.update(root, config, file, language === 'dockerfile' ? text : analysis.facts);
    const notes: Diagnostic[] = [];
    for (const note of analysis.notes) {
      if (note.kind === 'skipped') {
        notes.push({
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: SOURCE,
          message: note.message,
        });
      } else if (note.kind === 'rule-error') {
        const key = `${file}\u0000${note.message}`;
        if (!loggedRuleErrors.has(key)) {
          loggedRuleErrors.add(key);
          connection.console.error(`${path.basename(file)}: ${note.message}`);
        }
      }
    }
    publish(uri, entryFor(file, language, version, text, analysis.findings), notes);
  } catch (error) {
    connection.console.error(`Twelve-Factor analysis failed for ${path.basename(file)}: ${(error as Error).message}`);
    sendStatus('error', 'Twelve-Factor: analysis failed (see output)');
  }
}

/**
 * What code actions need later. A file analysed from disk (not open: version null) keeps no copy of
 * its text, which a workspace scan would otherwise hold for every file of the workspace
 * (bench/README.md, server RSS): the disk is read again when an action needs it.
 */
function entryFor(file: string, language: Language, version: number | null, text: string, findings: Finding[]): DocumentFindings {
  if (version !== null) return { file, language, version, text, findings };
  const entry = { file, language, version, findings } as Omit<DocumentFindings, 'text'>;
  return Object.defineProperty(entry, 'text', { get: () => openDocuments.read(file) ?? '', enumerable: true }) as DocumentFindings;
}

const scheduler = new ValidationScheduler((uri) => {
  const doc = documents.get(uri);
  return doc ? analyseAndPublish(uri, doc.getText(), doc.version, doc.languageId) : undefined;
});

function sendStatus(state: StatusNotification.Params['state'], text: string): void {
  void connection.sendNotification(StatusNotification.method, { state, text } satisfies StatusNotification.Params);
}

function isConfigFile(uri: string): boolean {
  return uri.endsWith(`/${CONFIG_FILE_NAME}`);
}

function reloadConfig(uri: string): void {
  const file = toFile(uri);
  if (!file) return;
  configCache.delete(path.dirname(file));
  configOf(path.dirname(file));
  revalidateAll();
}

function revalidateAll(): void {
  for (const doc of documents.all()) scheduler.schedule(doc.uri);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  supportsConfigurationRequest = !!caps.workspace?.configuration;
  editCaps = {
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
    createFile: !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
  };
  folders = (params.workspaceFolders ?? []).map((f) => toFile(f.uri)).filter((f): f is string => !!f);
  if (folders.length === 0 && params.rootUri) {
    const root = toFile(params.rootUri);
    if (root) folders = [root];
  }
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'twelve-factor-lint', version: TOOL.version },
  };
});

connection.onInitialized(() => {
  if (supportsConfigurationRequest) {
    // Only our section: otherwise every settings change, including the defaults extensions register
    // while VS Code starts, re-analyses and re-publishes every open document's unchanged diagnostics
    // (two extra rounds in the first seconds of each code-server suite run).
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'twelveFactor' }).catch(() => undefined);
  }
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    const removed = new Set(event.removed.map((f) => toFile(f.uri)));
    folders = [...folders.filter((f) => !removed.has(f)), ...event.added.map((f) => toFile(f.uri)).filter((f): f is string => !!f)];
    programs.retain(folders);
    configCache.clear();
    revalidateAll();
  });
  sendStatus('ok', 'Twelve-Factor');
  void startupScan();
});

async function startupScan(): Promise<void> {
  if (folders.length === 0) return;
  const settings = await settingsFor(fileUri(folders[0]));
  if (settings.scanOnStartup) await scanWorkspace(undefined);
}

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  revalidateAll();
});

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    if (isConfigFile(change.uri)) reloadConfig(change.uri);
    const file = toFile(change.uri);
    if (!file) continue;
    // FileChangeType.Deleted = 3. An open editor's text wins over the disk until it closes.
    if (change.type === 3) programs.remove(file);
    else if (!documents.get(change.uri)) programs.refreshFromDisk(file, (f) => openDocuments.read(f));
  }
});

documents.onDidOpen((event) => {
  if (isConfigFile(event.document.uri)) return reloadConfig(event.document.uri);
  scheduler.schedule(event.document.uri);
});
documents.onDidChangeContent((event) => {
  if (isConfigFile(event.document.uri)) return reloadConfig(event.document.uri);
  scheduler.schedule(event.document.uri);
});
documents.onDidClose((event) => {
  const uri = event.document.uri;
  scheduler.cancel(uri);
  if (isConfigFile(uri)) return reloadConfig(uri);
  // A file known from a workspace scan keeps its diagnostics, recomputed from disk; others clear.
  const file = toFile(uri);
  const onDisk = scanned.has(uri) && file ? openDocuments.read(file) : undefined;
  if (onDisk !== undefined) void analyseAndPublish(uri, onDisk, null);
  else publish(uri, undefined);
  // The program keeps the file: its facts come from the disk again (unsaved edits are gone).
  if (file) programs.refreshFromDisk(file, (f) => openDocuments.read(f));
});

connection.onCodeAction((params) => {
  try {
    return codeActions(params, store.get(params.textDocument.uri), openDocuments, editCaps);
  } catch (error) {
    connection.console.error(`Twelve-Factor code actions failed: ${(error as Error).message}`);
    return [];
  }
});

/** Analyses every file of every workspace folder, with progress and cancellation. */
async function scanWorkspace(token: { isCancellationRequested: boolean } | undefined): Promise<ScanWorkspaceRequest.Result> {
  const started = performance.now();
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('Twelve-Factor: scanning workspace', 0, undefined, true);
  const cancelled = () => !!token?.isCancellationRequested || !!progress?.token.isCancellationRequested;
  let files = 0;
  let findings = 0;
  try {
    const work: { root: string; file: string }[] = [];
    for (const root of folders) {
      const settings = await settingsFor(fileUri(root));
      if (!settings.enable) continue;
      const config = effectiveConfig(root, settings);
      for (const file of listFiles(root, [root], { ignore: config.ignore }).files) work.push({ root, file });
    }
    for (let i = 0; i < work.length; i++) {
      if (cancelled()) break;
      const { root, file } = work[i];
      const uri = fileUri(file);
      const open = documents.get(uri);
      const text = open ? open.getText() : openDocuments.read(file);
      if (text !== undefined) {
        scanned.add(uri);
        await analyseAndPublish(uri, text, open?.version ?? null, open?.languageId);
        findings += store.get(uri)?.findings.length ?? 0;
      }
      files++;
      if (i % 20 === 0) {
        progress?.report(Math.round((100 * i) / work.length), path.relative(root, path.dirname(file)) || path.basename(root));
        await new Promise((resolve) => setImmediate(resolve)); // let edits and cancellation through
      }
    }
  } finally {
    progress?.done();
  }
  const result = { files, findings, cancelled: cancelled(), durationMs: Math.round(performance.now() - started) };
  sendStatus('ok', `Twelve-Factor: ${findings} problem${findings === 1 ? '' : 's'} in ${files} files`);
  return result;
}

connection.onRequest(ScanWorkspaceRequest.method, (_params, token) => scanWorkspace(token));
registerReportRequest(connection, {
  folders: () => folders,
  readFile: (file) => openDocuments.read(file),
  configFor: async (root) => {
    const s = await settingsFor(fileUri(root));
    return s.enable ? effectiveConfig(root, s) : undefined;
  },
});

process.on('uncaughtException', (error) => {
  connection.console.error(`Twelve-Factor server error: ${error.message}`);
});

documents.listen(connection);
connection.listen();
