/**
 * `--format text`: findings grouped by file (paths relative to `root`: the CLI passes the working
 * directory, so a terminal can open them), then a one-line summary and any `footer` lines.
 */
import type { Finding, Severity } from '../analysis/finding';
import { relativeFile } from './json';

export function formatText(input: {
  root: string;
  files: number;
  findings: readonly Finding[];
  color?: boolean;
  footer?: readonly string[];
}): string {
  const paint = (code: string, s: string) => (input.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const severityColor: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '90' };
  const lines: string[] = [];
  let current: string | undefined;
  const rows = input.findings.map((f) => ({ f, where: `${f.range.start.line + 1}:${f.range.start.column + 1}` }));
  const whereWidth = Math.max(0, ...rows.map((r) => r.where.length));
  for (const { f, where } of rows) {
    const file = relativeFile(input.root, f.file);
    if (file !== current) {
      if (current !== undefined) lines.push('');
      lines.push(paint('4', file));
      current = file;
    }
    const severity = (f.severity === 'information' ? 'info' : f.severity).padEnd(7);
    lines.push(`  ${where.padEnd(whereWidth)}  ${paint(severityColor[f.severity], severity)}  ${f.message}  ${paint('90', f.ruleId)}`);
  }
  const counts = new Map<Severity, number>();
  for (const f of input.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = (['error', 'warning', 'information', 'hint'] as Severity[])
    .filter((s) => counts.get(s))
    .map((s) => `${counts.get(s)} ${s === 'information' ? 'info' : s}${counts.get(s) === 1 || s === 'information' ? '' : 's'}`);
  if (lines.length) lines.push('');
  const n = input.findings.length;
  lines.push(
    n === 0
      ? `✔ No twelve-factor problems in ${input.files} file${input.files === 1 ? '' : 's'}.`
      : `✖ ${n} problem${n === 1 ? '' : 's'} (${parts.join(', ')}) in ${input.files} file${input.files === 1 ? '' : 's'} scanned.`,
  );
  lines.push(...(input.footer ?? []));
  return `${lines.join('\n')}\n`;
}
