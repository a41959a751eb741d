/** A virtual folder judged by a ProjectModel: relative path → text. */
import * as path from 'node:path';
import { ProjectModel } from '../../../server/src/analysis/facts/program';
import { WorkspaceSession, applyFix, compareFindings, memoryHost, type Finding } from '../../../server/src/analysis';
import type { Rule } from '../../../server/src/analysis/rule';

export const ROOT = path.resolve('/virtual-program');

export function modelOf(files: Record<string, string>, rules?: readonly Rule[]): { model: ProjectModel; texts: Map<string, string> } {
  const texts = new Map<string, string>();
  for (const [rel, text] of Object.entries(files)) texts.set(path.join(ROOT, rel), text);
  const model = new ProjectModel(ROOT, { readFile: (f) => texts.get(f), ...(rules ? { rules } : {}) });
  for (const [file, text] of texts) model.update(file, text);
  return { model, texts };
}

/**
 * The folder judged as the product judges it: a workspace session over the files in memory (program
 * verdicts with each file's configuration and disable directives applied). Program verdicts only.
 */
export function judge(files: Record<string, string>, root = ROOT): { findings: Finding[]; session: WorkspaceSession } {
  const texts = new Map<string, string>();
  for (const [rel, text] of Object.entries(files)) texts.set(path.join(root, rel), text);
  const session = new WorkspaceSession(root, { host: memoryHost(texts) });
  session.indexSync();
  // Verdicts judged across files only (a program rule may also check single files: those are not here).
  const findings = session.files().flatMap((file) => session.programFindingsOf(file));
  return { findings: findings.sort(compareFindings), session };
}

export interface Brief {
  file: string;
  line: number;
  column: number;
  messageId: string;
}

/** Findings as `{ file (relative), line, column (1-based), messageId }`. */
export function brief(findings: readonly Finding[]): Brief[] {
  return findings.map((f) => ({
    file: path.relative(ROOT, f.file).split(path.sep).join('/'),
    line: f.range.start.line + 1,
    column: f.range.start.column + 1,
    messageId: f.messageId,
  }));
}

/** Applies the first fix of the first finding; returns the new folder (relative → text). */
export function fixed(files: Record<string, string>, ruleId?: string): { files: Record<string, string>; changed: string; title: string } {
  const { texts } = modelOf(files);
  const [finding] = judge(files).findings.filter((f) => ruleId === undefined || f.ruleId === ruleId);
  if (!finding?.fixes?.length) throw new Error('no fix offered');
  const after = applyFix(finding.fixes[0], texts);
  const out: Record<string, string> = {};
  for (const [file, text] of after) out[path.relative(ROOT, file).split(path.sep).join('/')] = text;
  return { files: out, changed: after.get(finding.file)!, title: finding.fixes[0].title };
}
