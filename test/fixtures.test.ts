/**
 * Every folder test/fixtures/<factor>/<rule>/<case>/ is a small workspace. `invalid-*` cases hold an
 * expected.json (the CLI JSON contract's findings, 1-based, plus messageId) for that rule;
 * `valid-*` cases must produce no finding of that rule. Every fix offered is applied: the result must
 * still parse, the finding must be gone, and applying it twice must change nothing. The scan with and
 * without the text pre-filter must agree.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { applyFix, scan, toPosix, type Finding, RULE_IDS, languageOf } from '../server/src/analysis';
import { DockerfileParser, Keyword } from 'dockerfile-ast';
import { newTypeErrors } from './helpers/typeCheck';

const FIXTURES = path.join(__dirname, 'fixtures');

interface ExpectedFinding {
  ruleId?: string;
  messageId: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: string;
}

function cases(): { ruleId: string; name: string; dir: string }[] {
  const out: { ruleId: string; name: string; dir: string }[] = [];
  if (!fs.existsSync(FIXTURES)) return out;
  for (const factor of fs.readdirSync(FIXTURES).sort()) {
    const factorDir = path.join(FIXTURES, factor);
    if (!fs.statSync(factorDir).isDirectory()) continue;
    for (const rule of fs.readdirSync(factorDir).sort()) {
      const ruleDir = path.join(factorDir, rule);
      if (!fs.statSync(ruleDir).isDirectory()) continue;
      for (const name of fs.readdirSync(ruleDir).sort()) {
        if (/^(valid|invalid)-/.test(name)) out.push({ ruleId: `${factor}/${rule}`, name, dir: path.join(ruleDir, name) });
      }
    }
  }
  return out;
}

function show(dir: string, f: Finding): string {
  let line = '';
  try {
    line = fs.readFileSync(f.file, 'utf8').split('\n')[f.range.start.line] ?? '';
  } catch {
    /* shown without source */
  }
  const width = f.range.end.line === f.range.start.line ? Math.max(1, f.range.end.column - f.range.start.column) : 1;
  return `  ${toPosix(path.relative(dir, f.file))}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.ruleId} ${f.messageId}\n      ${line}\n      ${' '.repeat(f.range.start.column)}${'~'.repeat(width)}`;
}

/**
 * Problems a Dockerfile parse shows (dockerfile-ast never fails): unknown instructions, instructions without
 * arguments, exec forms that are not JSON, and line continuations left dangling at the end of the file.
 */
function dockerfileProblems(text: string): number {
  const keywords = new Set<string>(Object.values(Keyword));
  let problems = /\\\s*$/.test(text) ? 1 : 0;
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const args = (instruction.getArgumentsContent() ?? '').trim();
    if (!keywords.has(keyword) || !args) problems++;
    else if (['CMD', 'ENTRYPOINT', 'SHELL'].includes(keyword) && args.startsWith('[')) {
      try {
        JSON.parse(args.replace(/\\\r?\n/g, ' '));
      } catch {
        problems++;
      }
    }
  }
  return problems;
}

function parses(file: string, text: string): number {
  if (languageOf(file) === 'dockerfile') return dockerfileProblems(text);
  if (!/\.[cm]?[jt]sx?$/.test(file)) return 0;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

describe('fixtures', () => {
  const all = cases();
  it('every fixture folder names a known rule', () => {
    for (const c of all) assert.ok(RULE_IDS.includes(c.ruleId), `${c.dir}: unknown rule ${c.ruleId}`);
  });
  for (const c of all) {
    it(`${c.ruleId} ${c.name}`, () => {
      const result = scan(c.dir);
      const session = result.session;
      const findings = result.findings.filter((f) => f.ruleId === c.ruleId);
      const unfiltered = scan(c.dir, undefined, { prefilter: false }).findings.filter((f) => f.ruleId === c.ruleId);
      assert.equal(findings.length, unfiltered.length, 'the pre-filter must lose nothing');
      assert.ok(!result.notes.some((n) => n.kind === 'rule-error'), `a rule threw: ${JSON.stringify(result.notes)}`);
      const expectedFile = path.join(c.dir, 'expected.json');
      const expected: ExpectedFinding[] = fs.existsSync(expectedFile) ? JSON.parse(fs.readFileSync(expectedFile, 'utf8')) : [];
      if (c.name.startsWith('valid-')) {
        assert.equal(findings.length, 0, `expected no ${c.ruleId} finding, got:\n${findings.map((f) => show(c.dir, f)).join('\n')}`);
        return;
      }
      assert.ok(expected.length > 0, `${c.dir}: an invalid case needs expected.json with at least one finding`);
      const actual = findings.map((f) => ({
        messageId: f.messageId,
        file: toPosix(path.relative(c.dir, f.file)),
        line: f.range.start.line + 1,
        column: f.range.start.column + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.column + 1,
      }));
      const want = expected.map((e) => ({
        messageId: e.messageId,
        file: e.file,
        line: e.line,
        column: e.column,
        endLine: e.endLine ?? actual.find((a) => a.line === e.line && a.column === e.column && a.file === e.file)?.endLine,
        endColumn: e.endColumn ?? actual.find((a) => a.line === e.line && a.column === e.column && a.file === e.file)?.endColumn,
      }));
      assert.deepEqual(actual, want, `findings differ; got:\n${findings.map((f) => show(c.dir, f)).join('\n')}`);

      // Every fix: still parses, the finding is gone, idempotent.
      for (const finding of findings) {
        for (const fix of finding.fixes ?? []) {
          const files = new Map<string, string>();
          const read = (file: string) => {
            if (!files.has(file) && fs.existsSync(file)) files.set(file, fs.readFileSync(file, 'utf8'));
            return files.get(file);
          };
          for (const change of fix.changes) read(change.file);
          read(finding.file);
          const after = applyFix(fix, files);
          const text = after.get(finding.file)!;
          assert.ok(
            parses(finding.file, text) <= parses(finding.file, files.get(finding.file)!),
            `fix "${fix.title}" broke the syntax of ${finding.file}`,
          );
          assert.deepEqual(
            newTypeErrors(finding.file, files.get(finding.file)!, text),
            [],
            `fix "${fix.title}" added type errors to ${finding.file}`,
          );
          // Judged again by the session, with the fixed texts as open documents: file and program rules alike.
          const changedFiles = [...after].filter(([file, t]) => t !== files.get(file)).map(([file]) => file);
          changedFiles.forEach((file, i) => session.updateDocument(file, after.get(file)!, i + 1));
          const count = (list: readonly Finding[]) =>
            list.filter((f) => f.ruleId === finding.ruleId && f.messageId === finding.messageId).length;
          const before = count(findings.filter((f) => f.file === finding.file));
          const remaining = count(session.findings(finding.file));
          changedFiles.forEach((file) => session.closeDocument(file));
          assert.ok(remaining < before, `fix "${fix.title}" did not remove the finding (${before} before, ${remaining} after)`);
          assert.equal(count(session.findings(finding.file)), before, 'closing the fixed documents restores the disk state');
          const twice = applyFix(fix, after);
          for (const change of fix.changes)
            if (change.kind === 'ensureLine') assert.equal(twice.get(change.file), after.get(change.file), 'ensureLine must not duplicate');
        }
      }
    });
  }
});
