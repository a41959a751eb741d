/** `--format json` (docs/DESIGN.md §3 ⚑): one object, 1-based positions, paths relative to the scan root. */
import * as path from 'node:path';
import type { Finding } from '../analysis/finding';
import { toPosix } from '../analysis/paths';

interface JsonFinding {
  ruleId: string;
  factor: number;
  severity: Finding['severity'];
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface JsonReport {
  version: 1;
  root: string;
  files: number;
  findings: JsonFinding[];
}

export function relativeFile(root: string, file: string): string {
  const relative = toPosix(path.relative(root, file));
  return relative === '' ? path.basename(file) : relative;
}

function toJsonFinding(root: string, f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    factor: f.factor,
    severity: f.severity,
    message: f.message,
    file: relativeFile(root, f.file),
    line: f.range.start.line + 1,
    column: f.range.start.column + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.column + 1,
  };
}

export function formatJson(input: { root: string; displayRoot: string; files: number; findings: readonly Finding[] }): string {
  const report: JsonReport = {
    version: 1,
    root: input.displayRoot,
    files: input.files,
    findings: input.findings.map((f) => toJsonFinding(input.root, f)),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
