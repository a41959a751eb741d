/**
 * Server-side bookkeeping for program rules (DESIGN.md §4): one ProjectModel per workspace folder,
 * indexed from disk once (in the background, yielding to edits), then kept up to date from editor
 * changes and watched-file events. After each change the folder is re-judged (coalesced) and the
 * files whose program findings changed are handed back to the server to republish.
 */
import * as path from 'node:path';
import { ProjectModel } from '../analysis/facts/program';
import type { FileFacts } from '../analysis/facts/fileFacts';
import type { Finding, ResolvedConfig } from '../analysis';

export interface ProgramTrackerDeps {
  /** Workspace folders (absolute). Files outside them are not tracked. */
  folders(): readonly string[];
  /** A file's text: the open editor's buffer, else the disk. */
  readFile(file: string): string | undefined;
  /** Files of a folder the analysis reads (ignore files and config honoured). */
  listFiles(root: string, config: ResolvedConfig): string[];
  /** Called with the files whose program findings changed. */
  onChange(files: string[]): void;
}

/** Files whose change alters entry points or module resolution rather than a file's facts. */
const STRUCTURE_FILES = new Set(['package.json', 'tsconfig.json', 'Procfile', 'nest-cli.json', 'jsconfig.json']);

interface Folder {
  model: ProjectModel;
  configKey: string;
  ready: boolean;
  indexing?: Promise<void>;
  findings: Map<string, Finding[]>;
}

export class ProgramTracker {
  private readonly folders = new Map<string, Folder>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Immediate | undefined;

  constructor(private readonly deps: ProgramTrackerDeps) {}

  private folderOf(file: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.deps.folders()) {
      const relative = path.relative(folder, file);
      if (!relative.startsWith('..') && !path.isAbsolute(relative) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  private ensure(root: string, config: ResolvedConfig): Folder {
    const configKey = JSON.stringify(config);
    let folder = this.folders.get(root);
    if (!folder) {
      folder = {
        model: new ProjectModel(root, { readFile: (f) => this.deps.readFile(f), config }),
        configKey,
        ready: false,
        findings: new Map(),
      };
      this.folders.set(root, folder);
      folder.indexing = this.index(root, folder, config);
    } else if (folder.configKey !== configKey) {
      folder.configKey = configKey;
      folder.model.setConfig(config);
      this.schedule(root);
    }
    return folder;
  }

  /** Reads every file of the folder once, a few at a time, so edits get through meanwhile. */
  private async index(root: string, folder: Folder, config: ResolvedConfig): Promise<void> {
    let files: string[] = [];
    try {
      files = this.deps.listFiles(root, config);
    } catch {
      /* an unreadable folder has no programs */
    }
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      if (!folder.model.has(file)) {
        const text = this.deps.readFile(file);
        if (text !== undefined) folder.model.update(file, text);
      }
      if (i % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
      if (this.folders.get(root) !== folder) return; // folder removed meanwhile
    }
    folder.ready = true;
    this.schedule(root);
  }

  /** A file was analysed: its facts (TS/JS, from the same parse) or its text (Dockerfiles). */
  update(root: string, config: ResolvedConfig, file: string, input: FileFacts | string | undefined): void {
    if (!this.folderOf(file) || input === undefined) return;
    const folder = this.ensure(root, config);
    if (folder.model.update(file, input)) this.schedule(root);
  }

  /** The file's editor closed or it changed on disk: its facts come from the disk again. */
  refreshFromDisk(file: string, read: (file: string) => string | undefined): void {
    const root = this.folderOf(file);
    const folder = root && this.folders.get(root);
    if (!root || !folder) return;
    const base = path.basename(file);
    if (STRUCTURE_FILES.has(base)) {
      folder.model.invalidate();
      this.schedule(root);
      return;
    }
    const text = read(file);
    if (text === undefined) folder.model.remove(file);
    else if (!folder.model.update(file, text)) return;
    this.schedule(root);
  }

  /** A file was deleted. */
  remove(file: string): void {
    const root = this.folderOf(file);
    const folder = root && this.folders.get(root);
    if (!root || !folder) return;
    if (STRUCTURE_FILES.has(path.basename(file))) folder.model.invalidate();
    else folder.model.remove(file);
    this.schedule(root);
  }

  /** Workspace folders changed: forget the removed ones. */
  retain(folders: readonly string[]): void {
    const keep = new Set(folders);
    for (const [root, folder] of this.folders) {
      if (keep.has(root)) continue;
      this.folders.delete(root);
      const files = [...folder.findings.keys()];
      if (files.length) this.deps.onChange(files);
    }
  }

  /** Program findings for a file (empty until its folder has been indexed). */
  findingsFor(file: string): Finding[] {
    const root = this.folderOf(file);
    return (root && this.folders.get(root)?.findings.get(file)) || [];
  }

  /** Resolves once the folder holding `file` has been indexed and judged (for tests and scans). */
  async settled(root: string): Promise<void> {
    await this.folders.get(root)?.indexing;
  }

  private schedule(root: string): void {
    this.pending.add(root);
    this.timer ??= setImmediate(() => {
      this.timer = undefined;
      const roots = [...this.pending];
      this.pending.clear();
      for (const r of roots) this.judge(r);
    });
  }

  private judge(root: string): void {
    const folder = this.folders.get(root);
    if (!folder || !folder.ready) return;
    let next: Map<string, Finding[]>;
    try {
      next = folder.model.judge().byFile;
    } catch {
      return;
    }
    const changed: string[] = [];
    for (const file of new Set([...folder.findings.keys(), ...next.keys()])) {
      if (JSON.stringify(folder.findings.get(file) ?? []) !== JSON.stringify(next.get(file) ?? [])) changed.push(file);
    }
    folder.findings = next;
    if (changed.length) this.deps.onChange(changed);
  }
}
