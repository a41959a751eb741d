/**
 * Fix → WorkspaceEdit for what the client can do: `documentChanges` (versioned edits, CreateFile) when
 * it supports them, else a plain `changes` map. A fix that needs a new file (`.env.example`) degrades
 * for clients that cannot create one: its optional changes are dropped and it keeps its in-file edit
 * (with the title that says so), rather than disappearing.
 */
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Fix } from '../analysis/finding';
import { resolveFix } from '../analysis/fixes/apply';
import { fileUri, toLspRange } from './diagnostics';

export interface EditCapabilities {
  documentChanges: boolean;
  /** `resourceOperations` includes `create` (only usable together with documentChanges). */
  createFile: boolean;
}

export interface OpenDocuments {
  /** Current text of a file: the open document's if open, else disk; undefined if missing. */
  read(file: string): string | undefined;
  /** Version of an open document, or null. */
  version(file: string): number | null;
}

/** The fix as this client can apply it, with its title; undefined when it cannot be expressed at all. */
export function toWorkspaceEdit(
  fix: Fix,
  documents: OpenDocuments,
  caps: EditCapabilities,
): { title: string; edit: WorkspaceEdit } | undefined {
  const canCreate = caps.documentChanges && caps.createFile;
  let changes = resolveFix(fix, (file) => documents.read(file));
  let title = fix.title;
  if (!canCreate && changes.some((c) => c.create)) {
    const creates = new Set(changes.filter((c) => c.create).map((c) => c.file));
    const optionalOnly = fix.changes.every((c) => !creates.has(c.file) || (c.kind === 'ensureLine' && c.optional));
    if (!optionalOnly) return undefined;
    changes = changes.filter((c) => !c.create);
    if (changes.length === 0) return undefined;
    title = fix.titleWithoutOptional ?? fix.title;
  }
  if (!caps.documentChanges) {
    const edit: WorkspaceEdit = { changes: {} };
    for (const change of changes)
      edit.changes![fileUri(change.file)] = change.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }));
    return { title, edit };
  }
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const change of changes) {
    const uri = fileUri(change.file);
    if (change.create) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    documentChanges.push({
      textDocument: { uri, version: change.create ? null : documents.version(change.file) },
      edits: change.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })),
    });
  }
  return { title, edit: { documentChanges } };
}
