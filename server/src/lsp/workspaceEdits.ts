/** Fix → WorkspaceEdit, with documentChanges (versioned, CreateFile) when the client supports them. */
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Fix } from '../analysis/finding';
import { resolveFix } from '../analysis/fixes/apply';
import { fileUri, toLspRange } from './diagnostics';

export interface EditCapabilities {
  documentChanges: boolean;
  createFile: boolean;
}

export interface OpenDocuments {
  /** Current text of a file: the open document's if open, else disk; undefined if missing. */
  read(file: string): string | undefined;
  /** Version of an open document, or null. */
  version(file: string): number | null;
}

/** Undefined when the fix cannot be expressed for this client (e.g. it needs a new file and the client cannot create one). */
export function toWorkspaceEdit(fix: Fix, documents: OpenDocuments, caps: EditCapabilities): WorkspaceEdit | undefined {
  const changes = resolveFix(fix, (file) => documents.read(file));
  if (!caps.documentChanges) {
    if (changes.some((c) => c.create)) return undefined;
    const edit: WorkspaceEdit = { changes: {} };
    for (const change of changes) {
      edit.changes![fileUri(change.file)] = change.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText }));
    }
    return edit;
  }
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const change of changes) {
    const uri = fileUri(change.file);
    if (change.create) {
      if (!caps.createFile) return undefined;
      documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    }
    documentChanges.push({
      textDocument: { uri, version: change.create ? null : documents.version(change.file) },
      edits: change.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })),
    });
  }
  return { documentChanges };
}
