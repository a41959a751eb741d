/**
 * typescript-eslint-style tables: `valid` code must produce no finding of the rule, `invalid` code
 * exactly the listed ones (rule, messageId, 1-based line and column), and the preferred fix, when
 * `output` is given, must produce that text, still parse, and make the finding go away.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile, applyFix, ruleById, type Finding, type ResolvedConfig, defaultConfig, parseConfig } from '../../server/src/analysis';

export interface ValidCase {
  name?: string;
  code: string;
  /** Relative to the virtual workspace root; defaults to `src/index.ts`. */
  filename?: string;
  /** Other files of the virtual workspace (relative path → text), read through the host. */
  files?: Record<string, string>;
  config?: string;
}

export interface ExpectedFinding {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: Finding['severity'];
  /** Substrings the message must contain. */
  messageIncludes?: string[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** Text of the file after the preferred fix of the first error; `null` means no fix is offered. */
  output?: string | null;
  /** Expected content of other files after the fix (relative path → text). */
  outputFiles?: Record<string, string>;
}

export const VIRTUAL_ROOT = path.resolve('/virtual-workspace');

export function analyzeCase(ruleId: string, c: ValidCase): { findings: Finding[]; file: string; files: Map<string, string> } {
  const rule = ruleById(ruleId);
  assert.ok(rule, `unknown rule ${ruleId}`);
  const file = path.join(VIRTUAL_ROOT, c.filename ?? 'src/index.ts');
  const files = new Map<string, string>();
  for (const [rel, text] of Object.entries(c.files ?? {})) files.set(path.join(VIRTUAL_ROOT, rel), text);
  files.set(file, c.code);
  let config: ResolvedConfig = defaultConfig();
  if (c.config) {
    const parsed = parseConfig(path.join(VIRTUAL_ROOT, '.twelvefactorrc.json'), c.config);
    assert.deepEqual(parsed.problems, [], 'the case config must be valid');
    config = parsed.config;
  }
  const analysis = analyzeFile(
    { file, text: c.code },
    { root: VIRTUAL_ROOT, config, rules: [rule], host: { readFile: (f) => files.get(f) } },
  );
  const ruleErrors = analysis.notes.filter((n) => n.kind === 'rule-error');
  assert.deepEqual(ruleErrors, [], 'the rule must not throw');
  return { findings: analysis.findings.filter((f) => f.ruleId === ruleId), file, files };
}

function show(code: string, f: Finding): string {
  const line = code.split('\n')[f.range.start.line] ?? '';
  const width =
    f.range.end.line === f.range.start.line
      ? Math.max(1, f.range.end.column - f.range.start.column)
      : Math.max(1, line.length - f.range.start.column);
  return `${f.range.start.line + 1}:${f.range.start.column + 1} ${f.ruleId} ${f.messageId}\n    ${line}\n    ${' '.repeat(f.range.start.column)}${'~'.repeat(width)}`;
}

function caseName(c: ValidCase): string {
  return c.name ?? c.code.trim().split('\n')[0].slice(0, 70);
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    describe('valid (near-misses that must not be flagged)', () => {
      for (const c of cases.valid) {
        it(caseName(c), () => {
          const { findings } = analyzeCase(ruleId, c);
          assert.equal(findings.length, 0, `expected no finding, got:\n${findings.map((f) => show(c.code, f)).join('\n')}`);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(caseName(c), () => {
          const { findings, file, files } = analyzeCase(ruleId, c);
          const actual = findings.map((f) => ({ messageId: f.messageId, line: f.range.start.line + 1, column: f.range.start.column + 1 }));
          const expected = c.errors.map((e) => ({ messageId: e.messageId, line: e.line, column: e.column }));
          assert.deepEqual(actual, expected, `findings differ; got:\n${findings.map((f) => show(c.code, f)).join('\n')}`);
          c.errors.forEach((e, i) => {
            const f = findings[i];
            if (e.endLine !== undefined) assert.equal(f.range.end.line + 1, e.endLine, 'endLine');
            if (e.endColumn !== undefined) assert.equal(f.range.end.column + 1, e.endColumn, 'endColumn');
            if (e.severity) assert.equal(f.severity, e.severity, 'severity');
            for (const part of e.messageIncludes ?? [])
              assert.ok(f.message.includes(part), `message "${f.message}" should include "${part}"`);
          });
          if (c.output === undefined) return;
          const preferred = findings[0]?.fixes?.find((fix) => fix.isPreferred) ?? findings[0]?.fixes?.[0];
          if (c.output === null) {
            assert.equal(preferred, undefined, 'no fix expected');
            return;
          }
          assert.ok(preferred, 'a fix is expected');
          const after = applyFix(preferred, files);
          assert.equal(after.get(file), c.output);
          for (const [rel, text] of Object.entries(c.outputFiles ?? {})) assert.equal(after.get(path.join(VIRTUAL_ROOT, rel)), text, rel);
          // The fix must remove the finding it was offered for, and applying it again changes nothing.
          const again = analyzeCase(ruleId, {
            ...c,
            code: after.get(file)!,
            files: Object.fromEntries([...after].map(([k, v]) => [path.relative(VIRTUAL_ROOT, k), v])),
          });
          const sameSpot = again.findings.filter(
            (f) =>
              f.messageId === findings[0].messageId &&
              f.range.start.line === findings[0].range.start.line &&
              f.range.start.column === findings[0].range.start.column,
          );
          assert.equal(sameSpot.length, 0, 'the fix must remove the finding');
        });
      }
    });
  });
}
