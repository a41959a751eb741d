/**
 * `twelveFactor/report` (protocol.ts ReportRequest): scans every workspace folder with the open
 * editors' text, builds the compliance report model in the core, and optionally renders it.
 * Read-only: it publishes no diagnostics (so it cannot loop with a client that refreshes on them).
 */
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { RULES, analyzeFile, compareFindings, listFiles, type Finding, type ResolvedConfig } from '../analysis';
import { buildReport } from '../analysis/report/build';
import { folderReport } from '../analysis/report/folder';
import type { FolderReport } from '../analysis/report/model';
import { formatMarkdown } from '../format/markdown';
import { formatSarif } from '../format/sarif';
import { ReportRequest } from '../protocol';
import { ProjectModel } from '../analysis/facts/program';

export interface ReportDeps {
  /** The workspace folders (absolute paths). */
  folders: () => readonly string[];
  /** The folder's effective configuration, or undefined when the extension is disabled there. */
  configFor: (root: string) => Promise<ResolvedConfig | undefined>;
  /** A file's text: the open editor's buffer, else the disk. */
  readFile: (file: string) => string | undefined;
}

export async function computeReport(
  connection: Pick<Connection, 'window'> | undefined,
  deps: ReportDeps,
  params: ReportRequest.Params,
  token?: CancellationToken,
): Promise<ReportRequest.Result> {
  const started = performance.now();
  const progress = connection ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  progress?.begin('Twelve-Factor: building the compliance report', 0, undefined, true);
  const cancelled = () => !!token?.isCancellationRequested || !!progress?.token.isCancellationRequested;
  const folders: FolderReport[] = [];
  const scans: { root: string; findings: Finding[] }[] = [];
  try {
    const work: { root: string; config: ResolvedConfig; files: string[] }[] = [];
    for (const root of deps.folders()) {
      const config = await deps.configFor(root);
      if (config) work.push({ root, config, files: listFiles(root, [root], { ignore: config.ignore }).files });
    }
    const total = work.reduce((n, w) => n + w.files.length, 0);
    let done = 0;
    for (const { root, config, files } of work) {
      const findings: Finding[] = [];
      const program = new ProjectModel(root, { readFile: deps.readFile, config }); // program rules, as in scan()
      for (const file of files) {
        if (cancelled()) break;
        const text = deps.readFile(file);
        if (text !== undefined) {
          const analysis = analyzeFile({ file, text }, { root, config, host: { readFile: deps.readFile }, facts: true });
          findings.push(...analysis.findings);
          if (analysis.language) program.update(file, analysis.language === 'typescript' && analysis.facts ? analysis.facts : text);
        }
        if (++done % 25 === 0) {
          progress?.report(Math.round((100 * done) / total), `${done}/${total} files`);
          await new Promise((resolve) => setImmediate(resolve)); // let edits and cancellation through
        }
      }
      if (!cancelled()) findings.push(...program.judge().findings);
      findings.sort(compareFindings);
      scans.push({ root, findings });
      folders.push(folderReport({ root, files, findings, config, rules: RULES, readFile: deps.readFile }));
    }
  } finally {
    progress?.done();
  }
  const report = buildReport(folders, performance.now() - started, cancelled());
  if (params.format === 'markdown') return { report, text: formatMarkdown(report) };
  if (params.format === 'sarif') return { report, text: formatSarif({ folders: scans, rules: RULES, readFile: deps.readFile }) };
  return { report };
}

/** Registers the request handler. */
export function registerReportRequest(connection: Connection, deps: ReportDeps): void {
  connection.onRequest(ReportRequest.method, (params: ReportRequest.Params | undefined, token) =>
    computeReport(connection, deps, params ?? {}, token),
  );
}
