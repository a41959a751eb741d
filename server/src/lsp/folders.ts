/**
 * The language server's view of the workspace: one WorkspaceSession per workspace folder (and one per
 * folder of a loose file opened outside them), and the translation of their "these files changed"
 * events into publishDiagnostics. It decides only *which* findings are shown — everything of open
 * documents and, once a folder has been scanned, of all its files; for other files, the program
 * verdicts (a SIGTERM handler removed in index.ts shows on the closed server.ts) — never what they are.
 */
import * as path from 'node:path';
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CONFIG_FILE_NAME,
  WorkspaceSession,
  diskHost,
  isInside,
  languageOf,
  type AnalysisNote,
  type Finding,
  type Language,
} from '../analysis';
import { EntryCache } from '../analysis/workspace/entryCache';
import { fileUri, toDiagnostic, toLspRange, SOURCE } from './diagnostics';
import type { Settings } from '../settings';

/** What code actions need about a published file: the findings in the order of their diagnostics' keys. */
export interface Published {
  file: string;
  language: Language;
  version: number | null;
  findings: Finding[];
}

interface FoldersDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settingsFor(root: string): Promise<Settings>;
  /** The bundle workers run for background indexing (dist/server.js); none: index in this thread. */
  workerScript?: string;
  /** True while an edit waits to be analysed: indexing's steps on this thread wait for it (IndexOptions.busy). */
  busy?: () => boolean;
  /** The server's cache folder (cacheDir.ts) and the build writing it: the analyses of open documents and indexed files are kept there across starts. */
  cache?: { dir: string; identity: string };
}

export class Folders {
  private readonly sessions = new Map<string, WorkspaceSession>();
  private folders: string[] = [];
  /** Folders whose every file is shown (Scan Workspace, or scanOnStartup). */
  private readonly scanned = new Set<string>();
  /** What was last published per URI (for code actions, and to clear what is no longer shown). */
  readonly published = new Map<string, Published>();
  private readonly loggedRuleErrors = new Set<string>();
  /** Per session: resolves once its folder's current settings are applied (analyses wait for it, so none runs on stale settings). */
  private readonly settled = new Map<WorkspaceSession, Promise<void>>();

  constructor(private readonly deps: FoldersDeps) {}

  setFolders(folders: readonly string[]): void {
    const keep = new Set(folders);
    for (const [root, session] of this.sessions) {
      if (keep.has(root) || this.isLooseSession(root)) continue;
      this.sessions.delete(root);
      this.scanned.delete(root);
      for (const [uri, p] of this.published) if (isInside(root, p.file)) this.clear(uri);
      void session;
    }
    this.folders = [...folders];
    for (const root of folders) this.sessionFor(root, true);
  }

  workspaceFolders(): readonly string[] {
    return this.folders;
  }

  private isLooseSession(root: string): boolean {
    return !this.folders.includes(root);
  }

  /** The session a file belongs to: its (deepest) workspace folder, else one for its own folder. */
  sessionOf(file: string): WorkspaceSession {
    let best: string | undefined;
    for (const folder of this.folders) if (isInside(folder, file) && (!best || folder.length > best.length)) best = folder;
    return this.sessionFor(best ?? path.dirname(file), !!best);
  }

  private sessionFor(root: string, isFolder: boolean): WorkspaceSession {
    let session = this.sessions.get(root);
    if (session) return session;
    const cache = this.deps.cache;
    const read = (file: string): string | undefined => created.read(file);
    const documentCache: EntryCache | undefined = cache && new EntryCache(cache.dir, cache.identity, root, read);
    session = new WorkspaceSession(root, {
      host: diskHost,
      documentCache,
      // Workspace folders are indexed by a worker process running this same bundle, at a lower OS
      // priority, so edits are answered at once meanwhile and what the scan used is given back when
      // it ends; small folders are indexed here, where that is quicker. The worker reads unchanged
      // files' analyses from the cache (entryCache.ts) and writes the others there.
      ...(isFolder && this.deps.workerScript
        ? {
            pool: {
              script: this.deps.workerScript,
              jobs: 1,
              workersOnly: true,
              processes: true,
              background: true,
              minFiles: 64,
              cache,
              onFallback: (reason: string) => this.deps.connection.console.warn(`Indexing in the main thread: ${reason}`),
            },
          }
        : {}),
    });
    const created = session;
    this.sessions.set(root, session);
    session.onDidChangeFindings((files) => this.publishFiles(created, files));
    void this.start(created, isFolder);
    return session;
  }

  /** Resolves once the session of this file runs on its folder's current settings. */
  whenReady(file: string): Promise<void> {
    return this.settled.get(this.sessionOf(file)) ?? Promise.resolve();
  }

  private applySettings(session: WorkspaceSession): Promise<Settings> {
    const applied = this.deps.settingsFor(session.root).then((settings) => {
      for (const problem of settings.problems) this.deps.connection.console.warn(problem);
      session.setSettings({ enable: settings.enable, rules: settings.rules, exclude: settings.exclude });
      return settings;
    });
    this.settled.set(
      session,
      applied.then(() => undefined),
    );
    return applied;
  }

  /** Applies the folder's settings, then (for workspace folders) indexes it in the background. */
  private async start(session: WorkspaceSession, isFolder: boolean): Promise<void> {
    const settings = await this.applySettings(session);
    if (this.sessions.get(session.root) !== session) return;
    if (!isFolder || !settings.enable) return;
    const started = performance.now();
    const result = await session.index({ yieldEvery: 25, busy: this.deps.busy });
    if (this.sessions.get(session.root) !== session) return;
    this.deps.connection.console.info(
      `Indexed ${session.root}: ${result.files} files in ${Math.round(performance.now() - started)} ms${result.cancelled ? ' (cancelled)' : ''}; config files: ${
        session
          .configFiles()
          .map((f) => path.relative(session.root, f))
          .join(', ') || 'none'
      }`,
    );
    if (settings.scanOnStartup) this.showAll(session);
  }

  /** Settings changed: every session reads its folder's settings again. */
  async refreshSettings(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => this.applySettings(session)));
  }

  /** Scan Workspace: every folder indexed, then every file of it shown. */
  async scanAll(
    onProgress: (done: number, total: number, file: string) => boolean,
  ): Promise<{ files: number; findings: number; cancelled: boolean }> {
    let files = 0;
    let findings = 0;
    let cancelled = false;
    for (const root of this.folders) {
      const session = this.sessions.get(root);
      if (!session?.isEnabled) continue;
      const result = await session.index({
        yieldEvery: 20,
        busy: this.deps.busy,
        onProgress: (done, total, file) => onProgress(done, total, file),
      });
      if (result.cancelled) {
        cancelled = true;
        break;
      }
      this.showAll(session);
      files += session.files().length;
      findings += session.allFindings().length;
    }
    return { files, findings, cancelled };
  }

  /** Sessions of the workspace folders, indexed (for the report). */
  async indexedFolderSessions(): Promise<WorkspaceSession[]> {
    const out: WorkspaceSession[] = [];
    for (const root of this.folders) {
      const session = this.sessions.get(root);
      if (!session?.isEnabled) continue;
      await session.index({ yieldEvery: 25, busy: this.deps.busy });
      out.push(session);
    }
    return out;
  }

  private showAll(session: WorkspaceSession): void {
    this.scanned.add(session.root);
    this.publishFiles(session, session.files());
  }

  /** Publishes what the session says about these files, to those the user should see. */
  publishFiles(session: WorkspaceSession, files: readonly string[]): void {
    for (const file of files) {
      if (path.basename(file) === CONFIG_FILE_NAME) {
        this.publishConfig(session, file);
        continue;
      }
      const uri = fileUri(file);
      const doc = this.deps.documents.get(uri);
      const all = !!doc || (this.scanned.has(session.root) && session.hasFile(file));
      const findings = all ? session.findings(file) : session.programFindingsOf(file);
      if (!all && findings.length === 0) {
        if (this.published.has(uri)) this.clear(uri);
        continue;
      }
      const version = doc ? (session.versionOf(file) ?? doc.version) : null;
      const language = languageOf(file, doc?.languageId) ?? 'typescript';
      this.published.set(uri, { file, language, version, findings });
      const diagnostics: Diagnostic[] = findings.map((f, key) => toDiagnostic(f, { key, version }));
      for (const note of all ? session.notes(file) : []) {
        const d = this.noteDiagnostic(file, note);
        if (d) diagnostics.push(d);
      }
      void this.deps.connection.sendDiagnostics({ uri, version: version ?? undefined, diagnostics });
    }
  }

  private noteDiagnostic(file: string, note: AnalysisNote): Diagnostic | undefined {
    if (note.kind === 'skipped') {
      return {
        range: toLspRange({ start: { line: 0, column: 0 }, end: { line: 0, column: 0 } }),
        severity: DiagnosticSeverity.Information,
        source: SOURCE,
        message: note.message,
      };
    }
    if (note.kind === 'directive' && note.range) {
      return {
        range: toLspRange(note.range),
        severity: DiagnosticSeverity.Warning,
        source: SOURCE,
        code: 'directive',
        message: note.message,
      };
    }
    if (note.kind === 'rule-error') {
      const key = `${file}\u0000${note.message}`;
      if (!this.loggedRuleErrors.has(key)) {
        this.loggedRuleErrors.add(key);
        this.deps.connection.console.error(`${path.basename(file)}: ${note.message}`);
      }
    }
    return undefined;
  }

  private publishConfig(session: WorkspaceSession, file: string): void {
    const problems = session.configProblems().filter((p) => p.file === file);
    for (const p of problems)
      this.deps.connection.console.warn(`${path.relative(session.root, p.file)}:${p.range.start.line + 1}: ${p.message}`);
    const diagnostics: Diagnostic[] = problems.map((p) => ({
      range: toLspRange(p.range),
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: 'config',
      message: p.message,
    }));
    void this.deps.connection.sendDiagnostics({ uri: fileUri(file), diagnostics });
  }

  private clear(uri: string): void {
    this.published.delete(uri);
    void this.deps.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
