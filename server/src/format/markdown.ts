/**
 * `--format markdown`: the compliance report (analysis/report/model.ts) as GitHub-flavoured Markdown,
 * readable in a pull-request comment or a job summary ($GITHUB_STEP_SUMMARY). Pure: model in, text out.
 */
import type { ComplianceReport, Evidence, FactorReport, FactorStatus, FolderReport, ReportFinding } from '../analysis/report/model';

const STATUS: Record<FactorStatus, string> = {
  compliant: '✅ Compliant',
  violations: '❌ Violations',
  'not-assessed': '➖ Not assessed',
};

const MARK: Record<Evidence['kind'], string> = { positive: '✓', negative: '✗', neutral: '·' };

/** Escapes text for a Markdown table cell or a list item (no HTML, no links, no emphasis, no pipes). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Inline code that cannot be broken out of: backticks inside are replaced. */
function code(text: string): string {
  return `\`${text.replace(/`/g, 'ˋ').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

function place(e: { file?: string; line?: number }): string {
  if (!e.file) return '';
  return ` — ${code(e.line ? `${e.file}:${e.line}` : e.file)}`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function evidenceText(e: Evidence): string {
  return `${MARK[e.kind]} ${escapeMarkdown(e.text)}${place(e)}`;
}

function findingText(f: ReportFinding): string {
  return `${code(`${f.file}:${f.line}:${f.column}`)} ${escapeMarkdown(f.message)} — ${code(f.ruleId)} (${f.severity})`;
}

function factorRow(f: FactorReport): string {
  const why = [escapeMarkdown(f.reason), ...f.evidence.map(evidenceText)];
  if (f.needed) why.push(`Needed: ${escapeMarkdown(f.needed)}`);
  return `| ${f.roman}. ${escapeMarkdown(f.title)} | ${STATUS[f.status]} | ${why.join('<br>')} |`;
}

function folderSection(folder: FolderReport, heading: string): string[] {
  const lines: string[] = [];
  const notAssessed = folder.factors.length - folder.score.assessed;
  lines.push(
    `${heading} ${escapeMarkdown(folder.name)}: ${folder.score.compliant} of ${folder.score.assessed} assessed factors compliant`,
    '',
  );
  const files = folder.files;
  lines.push(
    `${files.scanned} file${files.scanned === 1 ? '' : 's'} scanned (${files.typescript} TypeScript/JavaScript, ${files.dockerfile} Dockerfile${files.dockerfile === 1 ? '' : 's'}${files.config ? `, ${files.config} config file${files.config === 1 ? '' : 's'}` : ''}); ` +
      `${notAssessed} factor${notAssessed === 1 ? '' : 's'} not assessed.`,
    '',
  );
  lines.push('| Factor | Status | Why |', '| --- | --- | --- |');
  for (const f of folder.factors) lines.push(factorRow(f));
  const withFindings = folder.factors.filter((f) => f.findings.length > 0);
  if (withFindings.length) {
    lines.push('', `${heading}# Findings`, '');
    for (const f of withFindings) {
      lines.push(`**${f.roman}. ${escapeMarkdown(f.title)}** (${f.findings.length})`, '');
      for (const finding of f.findings) lines.push(`- ${findingText(finding)}`);
      lines.push('');
    }
    lines.pop();
  }
  return lines;
}

export function formatMarkdown(report: ComplianceReport): string {
  const lines: string[] = ['# Twelve-Factor compliance', ''];
  const heading = '##';
  if (report.cancelled) lines.push('> **Incomplete:** the scan was cancelled; verdicts may be missing findings.', '');
  if (report.folders.length === 0) lines.push('No workspace folder was scanned.', '');
  for (const folder of report.folders) lines.push(...folderSection(folder, heading), '');
  lines.push(
    `<sub>${escapeMarkdown(report.tool.name)} ${escapeMarkdown(report.tool.version)} · ${formatDuration(report.durationMs)} · ` +
      'a factor is compliant only with positive evidence and no violation; "not assessed" is not a pass.</sub>',
  );
  return `${lines.join('\n')}\n`;
}
