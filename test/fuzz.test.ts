/**
 * Seeded fuzzing over the fixture corpus: truncate, splice, inject random bytes, duplicate and delete
 * regions, then feed every variant through every rule and apply every fix. Fails on any exception
 * (including one a rule raised and the engine caught), on any file over a generous time bound, and
 * on any fix that turns parseable code into unparseable code.
 *   npm test          → a fixed number of seeded cases (FUZZ_CASES, default 400): the same cases on any machine
 *   npm run fuzz      → a time-bounded run (FUZZ_SECONDS); FUZZ_SEED=n to reproduce a case
 * The per-file bound is on CPU time, so a loaded machine does not fail it; it catches runaway work
 * (quadratic patterns), not slowness, which the bench measures.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import * as ts from 'typescript';
import { analyzeFile, applyFix, languageOf, type Finding } from '../server/src/analysis';

const SECONDS = process.env.FUZZ_SECONDS ? Number(process.env.FUZZ_SECONDS) : undefined;
const CASES = Number(process.env.FUZZ_CASES ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const PER_FILE_BOUND_MS = 2000;
const ROOT = path.resolve(__dirname, '..');

function corpus(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const visit = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (languageOf(full)) out.push({ file: full, text: fs.readFileSync(full, 'utf8') });
    }
  };
  visit(path.join(ROOT, 'test/fixtures'));
  visit(path.join(ROOT, 'examples'));
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** mulberry32: small, seeded, reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  '\u0000',
  '\uFFFD',
  '\uD800',
  '`',
  '${',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  '\\',
  '\n',
  '\r\n',
  '\u2028',
  '#',
  'é',
  '🙂',
  '<',
  '>',
  '{',
  '}',
  '(',
  ')',
  '=',
  'password',
  "'sk_live_",
  '://u:p@',
  'process.on(',
  'listen(',
  'CMD ',
  'ENV ',
  '\\\n',
];

function mutate(text: string, donor: string, rnd: () => number): string {
  const pick = (n: number) => Math.floor(rnd() * Math.max(1, n));
  const at = pick(text.length + 1);
  switch (pick(6)) {
    case 0:
      return text.slice(0, at); // truncate
    case 1: {
      const from = pick(donor.length);
      return text.slice(0, at) + donor.slice(from, from + pick(400)) + text.slice(at); // splice
    }
    case 2: {
      let injected = '';
      for (let i = 0, n = 1 + pick(8); i < n; i++) injected += rnd() < 0.5 ? NASTY[pick(NASTY.length)] : String.fromCharCode(pick(0x3000));
      return text.slice(0, at) + injected + text.slice(at);
    }
    case 3: {
      const end = at + pick(300);
      return text.slice(0, end) + text.slice(at, end) + text.slice(end); // duplicate a region
    }
    case 4:
      return text.slice(0, at) + text.slice(at + pick(200)); // delete a region
    default: {
      const lines = text.split('\n');
      const i = pick(lines.length);
      const j = pick(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
  }
}

function syntaxErrors(file: string, text: string): number {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

it(`fuzz: mutated fixtures through every rule and every fix (${SECONDS ? `${SECONDS}s` : `${CASES} cases`}, seed ${SEED})`, () => {
  const files = corpus();
  assert.ok(files.length > 0, 'the fixture corpus is not empty');
  const rnd = random(SEED);
  const deadline = SECONDS ? performance.now() + SECONDS * 1000 : Infinity;
  let cases = 0;
  let fixesApplied = 0;
  let slowest = { ms: 0, file: '' };
  while (SECONDS ? performance.now() < deadline : cases < CASES) {
    const base = files[cases % files.length];
    const donor = files[Math.floor(rnd() * files.length)].text;
    let text = base.text;
    for (let k = 0, n = 1 + Math.floor(rnd() * 3); k < n; k++) text = mutate(text, donor, rnd);
    cases++;
    const root = path.dirname(base.file);
    const started = process.cpuUsage();
    let findings: Finding[];
    try {
      const result = analyzeFile({ file: base.file, text }, { root, prefilter: cases % 2 === 0, host: { readFile: () => undefined } });
      const ruleErrors = result.notes.filter((n) => n.kind === 'rule-error');
      assert.deepEqual(ruleErrors, [], `case ${cases} (${path.relative(ROOT, base.file)}): a rule threw`);
      findings = result.findings;
    } catch (error) {
      fs.writeFileSync(path.join(ROOT, 'test-results-fuzz-case.txt'), text);
      throw new Error(
        `case ${cases} (seed ${SEED}, ${path.relative(ROOT, base.file)}) failed; input saved to test-results-fuzz-case.txt: ${(error as Error).message}`,
      );
    }
    const cpu = process.cpuUsage(started);
    const ms = (cpu.user + cpu.system) / 1000;
    if (ms > slowest.ms) slowest = { ms, file: path.relative(ROOT, base.file) };
    assert.ok(ms < PER_FILE_BOUND_MS, `case ${cases}: ${path.relative(ROOT, base.file)} took ${ms.toFixed(0)} ms of CPU`);
    const isScript = languageOf(base.file) === 'typescript';
    const errorsBefore = isScript ? syntaxErrors(base.file, text) : 0;
    for (const finding of findings) {
      for (const fix of finding.fixes ?? []) {
        const after = applyFix(fix, new Map([[base.file, text]]));
        fixesApplied++;
        if (isScript && errorsBefore === 0 && syntaxErrors(base.file, after.get(base.file)!) !== 0) {
          fs.writeFileSync(path.join(ROOT, 'test-results-fuzz-case.txt'), text);
          assert.equal(
            syntaxErrors(base.file, after.get(base.file)!),
            0,
            `case ${cases}: fix "${fix.title}" broke parseable code in ${path.relative(ROOT, base.file)}`,
          );
        }
      }
    }
  }
  console.log(
    `fuzz: ${cases} cases over ${files.length} corpus files, ${fixesApplied} fixes applied, slowest ${slowest.ms.toFixed(1)} ms CPU (${slowest.file})`,
  );
  assert.ok(cases >= 100, 'the fuzzer ran a meaningful number of cases');
});
