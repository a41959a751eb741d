/**
 * `--format github`: GitHub Actions workflow commands, one per finding, which the runner turns into
 * annotations on the pull request's files:
 *   ::error file=src/app.ts,line=3,col=26,endLine=3,endColumn=60,title=config/no-hardcoded-secret::message
 * Paths are relative to the working directory (the checkout, in a workflow). Escaping follows the
 * runner's rules: in the message `%`, `\r`, `\n`; in a property also `:` and `,`.
 */
import * as path from 'node:path';
import type { Finding, Severity } from '../analysis/finding';
import { toPosix } from '../analysis/paths';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command; `where` absent for a message about no file in particular. */
export function workflowCommand(
  kind: 'error' | 'warning' | 'notice',
  message: string,
  where?: { file: string; line?: number; col?: number; endLine?: number; endColumn?: number },
  title?: string,
): string {
  const props: string[] = [];
  if (where) {
    props.push(`file=${escapeProperty(where.file)}`);
    for (const key of ['line', 'col', 'endLine', 'endColumn'] as const) {
      if (where[key] !== undefined) props.push(`${key}=${where[key]}`);
    }
  }
  if (title) props.push(`title=${escapeProperty(title)}`);
  return `::${kind}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

/** Files relative to `cwd`, `/`-separated (as the runner expects for a checkout in the working directory). */
export function formatGithub(input: { cwd: string; files: number; findings: readonly Finding[] }): string {
  const lines = input.findings.map((f) =>
    workflowCommand(
      COMMAND[f.severity],
      f.message,
      {
        file: toPosix(path.relative(input.cwd, f.file)) || path.basename(f.file),
        line: f.range.start.line + 1,
        col: f.range.start.column + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.column + 1,
      },
      f.ruleId,
    ),
  );
  const n = input.findings.length;
  lines.push(
    n === 0
      ? `No twelve-factor problems in ${input.files} file${input.files === 1 ? '' : 's'}.`
      : `${n} twelve-factor problem${n === 1 ? '' : 's'} in ${input.files} file${input.files === 1 ? '' : 's'} scanned.`,
  );
  return `${lines.join('\n')}\n`;
}
