/** Finding → LSP Diagnostic: source, code = rule id, docs link, related locations, and a key for code actions. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Range, Severity } from '../analysis/finding';
import { ruleDocsUrl } from '../analysis/rule';

export const SOURCE = 'twelve-factor';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspRange(range: Range) {
  return {
    start: { line: range.start.line, character: range.start.column },
    end: { line: range.end.line, character: range.end.column },
  };
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** `data.key` indexes the finding in the server's per-document store, so code actions never re-analyse. */
export interface DiagnosticData {
  key: number;
  version: number | null;
}

/**
 * Where a rule's documentation opens: the page shipped next to the server (`docs/rules/<id>.md` in the
 * extension: offline, inside the editor) when it is there, else the web page.
 */
function docsHref(ruleId: string): string {
  const local = localDocs(ruleId);
  return local ? fileUri(local) : ruleDocsUrl(ruleId);
}

let docsRoot: string | null | undefined;
export function localDocs(ruleId: string): string | undefined {
  if (docsRoot === undefined) {
    const candidate = path.resolve(__dirname, '..', 'docs', 'rules');
    docsRoot = fs.existsSync(path.join(candidate, 'README.md')) ? candidate : null;
  }
  if (!docsRoot || !/^[a-z-]+\/[a-z0-9-]+$/.test(ruleId)) return undefined;
  const file = path.join(docsRoot, ...ruleId.split('/')) + '.md';
  return fs.existsSync(file) ? file : undefined;
}

export function toDiagnostic(finding: Finding, data: DiagnosticData): Diagnostic {
  return {
    range: toLspRange(finding.range),
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: docsHref(finding.ruleId) },
    message: finding.message,
    relatedInformation: finding.related?.map((r) => ({
      location: { uri: fileUri(r.file), range: toLspRange(r.range) },
      message: r.message,
    })),
    data,
  };
}
