/** The engine's own behaviour: positions, suppressions, severities, rule faults, skipping, fixes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import {
  analyzeFile,
  analyzeRaw,
  applyEdits,
  applyFix,
  defineRule,
  disableLineChange,
  parseConfig,
  defaultConfig,
  maskSecrets,
  redact,
  type Rule,
} from '../../server/src/analysis';

/** A tiny rule that flags every string literal 'BAD', for testing the engine in isolation. */
const flagBad: Rule = defineRule({
  meta: {
    id: 'config/no-hardcoded-secret',
    factor: 3,
    description: 'Test rule that flags the literal BAD.',
    defaultSeverity: 'warning',
    testFileSeverity: 'hint',
    languages: ['typescript', 'dockerfile'],
    fixable: false,
    messages: { bad: 'Found {{what}} here, which is bad for the test.' },
  },
  typescript: {
    prefilter: (text) => text.includes('BAD'),
    create: (ctx) => ({
      [ts.SyntaxKind.StringLiteral]: (node: ts.StringLiteral) => {
        if (node.text === 'BAD') ctx.report({ messageId: 'bad', data: { what: 'BAD' }, range: ctx.rangeOf(node) });
      },
    }),
  },
  dockerfile: {
    check: (ctx) => {
      for (const i of ctx.dockerfile.getInstructions()) {
        if (i.getTextContent().includes('BAD')) {
          const r = i.getRange();
          ctx.report({
            messageId: 'bad',
            data: { what: 'BAD' },
            range: { start: { line: r.start.line, column: r.start.character }, end: { line: r.end.line, column: r.end.character } },
          });
        }
      }
    },
  },
});

const throwing: Rule = defineRule({
  meta: { ...flagBad.meta, id: 'logs/no-file-logging', factor: 11 },
  typescript: {
    create: () => ({
      [ts.SyntaxKind.StringLiteral]: () => {
        throw new Error('boom');
      },
    }),
  },
});

const run = (text: string, file = '/w/src/a.ts', rules: Rule[] = [flagBad]) => analyzeFile({ file, text }, { root: '/w', rules });
const starts = (text: string, file?: string) => run(text, file).findings.map((f) => [f.range.start.line, f.range.start.column]);

describe('engine', () => {
  it('positions use LSP line breaks: U+2028 inside a string does not shift lines (found by the fuzzer)', () => {
    assert.deepEqual(starts(`const a = 'x\u2028y';\nconst b = 'BAD';\n`), [[1, 10]]);
  });

  it('positions with CRLF and lone CR line endings', () => {
    assert.deepEqual(starts(`const a = 1;\r\nconst b = 'BAD';\r\n`), [[1, 10]]);
    assert.deepEqual(starts(`const a = 1;\rconst b = 'BAD';\r`), [[1, 10]]);
  });

  it('columns count UTF-16 code units, like editors', () => {
    assert.deepEqual(starts(`const s = '🙂'; const b = 'BAD';`), [[0, 26]]);
  });

  it('an exception in one rule is reported as a note and the other rules still run', () => {
    const result = run(`const b = 'BAD';`, '/w/src/a.ts', [throwing, flagBad]);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].ruleId, 'config/no-hardcoded-secret');
    assert.equal(result.notes.length, 1);
    assert.equal(result.notes[0].kind, 'rule-error');
    assert.match(result.notes[0].message, /logs\/no-file-logging failed on this file \(Error: boom\)/);
    assert.ok(!result.notes[0].message.includes('BAD'), 'notes never carry file contents');
  });

  it('lowers severity in test files, and config can turn it off there', () => {
    assert.equal(run(`const b = 'BAD';`).findings[0].severity, 'warning');
    assert.equal(run(`const b = 'BAD';`, '/w/src/a.test.ts').findings[0].severity, 'hint');
    assert.equal(run(`const b = 'BAD';`, '/w/test/fixtures/x.ts').findings[0].severity, 'hint');
    const { config } = parseConfig(
      '/w/.twelvefactorrc.json',
      `{ "rules": { "config/no-hardcoded-secret": ["error", { "testFileSeverity": "off" }] } }`,
    );
    assert.equal(
      analyzeFile({ file: '/w/src/a.ts', text: `'BAD'` }, { root: '/w', rules: [flagBad], config }).findings[0].severity,
      'error',
    );
    assert.equal(analyzeFile({ file: '/w/src/a.test.ts', text: `'BAD'` }, { root: '/w', rules: [flagBad], config }).findings.length, 0);
  });

  it('the pre-filter skips parsing; without it the same findings appear', () => {
    const skipped = analyzeFile({ file: '/w/a.ts', text: `const ok = 1;` }, { root: '/w', rules: [flagBad] });
    assert.equal(skipped.parsed, false);
    const full = analyzeFile({ file: '/w/a.ts', text: `const ok = 1;` }, { root: '/w', rules: [flagBad], prefilter: false });
    assert.equal(full.parsed, true);
  });

  it('skips binary, oversized and minified files with one note each', () => {
    assert.match(run(`const a = 'BAD';\u0000`).notes[0].message, /looks binary/);
    assert.match(
      analyzeFile(
        { file: '/w/a.ts', text: `'BAD'`.padEnd(200) },
        { root: '/w', rules: [flagBad], config: { ...parseConfig('/w/c', '{"maxFileSize": 100}').config } },
      ).notes[0].message,
      /over the 0\.0 MB limit/,
    );
    assert.match(run(`var a='BAD';${'x=1;'.repeat(30000)}`).notes[0].message, /looks minified/);
  });

  it('reads a source file that holds one NUL in a string (a separator), and skips a head of NULs', () => {
    const source = `${'// a vault client\n'.repeat(20)}const key = \`\${a}\u0000\${b}\`;\nconst b = 'BAD';\n`;
    const read = run(source);
    assert.deepEqual(read.notes, []);
    assert.equal(read.findings.length, 1);
    assert.match(run(`\u0000\u0000\u0000\u0000${'const a = 1;\n'.repeat(50)}'BAD'`).notes[0].message, /looks binary/);
  });

  it('survives nesting deeper than the parser can recurse, with a note', () => {
    const result = run(`const a = ${'(\n'.repeat(20000)}'BAD'${')\n'.repeat(20000)};`);
    assert.equal(result.findings.length, 0);
    assert.equal(result.notes[0].kind, 'parse-error');
    assert.deepEqual(starts(`const a = 'BAD';`), [[0, 10]], 'the parser works normally afterwards');
  });

  it('walks thousands of nested nodes without overflowing its own stack', () => {
    const text = `const a = ${Array.from({ length: 20000 }, () => `'BAD'`).join(' +\n')};`;
    assert.equal(run(text).findings.length, 20000);
  });

  it('reports the rest of a file that does not parse', () => {
    assert.deepEqual(starts(`const a = 'BAD';\nfunction (((( {\n`), [[0, 10]]);
  });
  it("a rule whose program collector throws stops its own check's visitors in the same walk, and the reverse", () => {
    for (const thrower of ['collector', 'check'] as const) {
      const seen: string[] = [];
      const both: Rule = {
        ...flagBad,
        typescript: {
          create: () => ({
            [ts.SyntaxKind.StringLiteral]: (node: ts.StringLiteral) => {
              seen.push(`check ${node.text}`);
              if (thrower === 'check') throw new Error('boom');
            },
          }),
        },
        program: {
          collect: {
            create: () => ({
              visitors: {
                [ts.SyntaxKind.StringLiteral]: (node: ts.StringLiteral) => {
                  seen.push(`collector ${node.text}`);
                  if (thrower === 'collector') throw new Error('boom');
                },
              },
              finish: () => undefined,
            }),
          },
          check: () => undefined,
        },
      };
      const result = analyzeRaw({ file: '/w/src/a.ts', text: `const a = 'one';\nconst b = 'two';\n` }, { root: '/w', rules: [both] });
      // The check listens first: it sees 'one', then the collector; after the error neither sees 'two'.
      assert.deepEqual(seen, thrower === 'check' ? ['check one'] : ['check one', 'collector one'], thrower);
      assert.deepEqual(
        result.notes.map((n) => n.kind),
        ['rule-error'],
      );
    }
  });

  it('a pre-filter marked prefilterInScansOnly is not run for an open document (kept tree), only in scans; findings are the same', () => {
    let tests = 0;
    const scanOnly: Rule = {
      ...flagBad,
      typescript: { ...flagBad.typescript!, prefilter: (text) => (tests++, text.includes('BAD')), prefilterInScansOnly: true },
    };
    const file = '/w/src/a.ts';
    const text = `const a = 'BAD';\n`;
    const open = analyzeRaw({ file, text }, { root: '/w', rules: [scanOnly], keepSourceFile: () => undefined });
    assert.equal(tests, 0);
    const scanned = analyzeRaw({ file, text }, { root: '/w', rules: [scanOnly] });
    assert.equal(tests, 1);
    assert.deepEqual(open.findings, scanned.findings);
    assert.equal(open.findings.length, 1);
    // Rejected in a scan (not even parsed); an open document runs the rule: nothing to report either way.
    const clean = `const a = 'ok';\n`;
    assert.equal(analyzeRaw({ file, text: clean }, { root: '/w', rules: [scanOnly] }).parsed, false);
    assert.deepEqual(analyzeRaw({ file, text: clean }, { root: '/w', rules: [scanOnly], keepSourceFile: () => undefined }).findings, []);
  });

  it("an open document's rule whose pre-filter passed keeps running on later texts without the test (same findings as a fresh run)", () => {
    let tests = 0;
    let runs = 0;
    const counting: Rule = {
      ...flagBad,
      typescript: {
        prefilter: (text) => (tests++, text.includes('BAD')),
        create: (ctx) => (runs++, flagBad.typescript!.create(ctx)),
      },
    };
    const file = '/w/src/a.ts';
    let tree: ts.SourceFile | undefined;
    const edit = (text: string) =>
      analyzeRaw({ file, text }, { root: '/w', rules: [counting], previousSourceFile: tree, keepSourceFile: (sf) => (tree = sf) });
    const fresh = (text: string) => analyzeRaw({ file, text }, { root: '/w', rules: [flagBad], prefilter: false });
    const texts = [`const a = 'ok';\n`, `const a = 'BAD';\n`, `const a = 'BA';\n`, `const a = 'BAD';\nconst b = 'BAD';\n`];
    const results = texts.map(edit);
    // Tested on the first text (no), the second (yes); never again once it passed.
    assert.equal(tests, 2);
    // Not run on the first text (rejected, not even parsed), run on every later one.
    assert.equal(runs, 3);
    assert.equal(results[0].parsed, false);
    texts.forEach((text, i) => assert.deepEqual(results[i].findings, fresh(text).findings, `text ${i}`));
    assert.deepEqual(
      results[3].findings.map((f) => [f.range.start.line, f.range.start.column]),
      [
        [0, 10],
        [1, 10],
      ],
    );
    // A text analysed without a previous tree tests the pre-filter again.
    analyzeRaw({ file, text: `const a = 'ok';\n` }, { root: '/w', rules: [counting] });
    assert.equal(tests, 3);
  });
});

describe('statements a rule keeps (onStatement)', () => {
  /** Records the string literals its visitors see; keeps the statements whose text holds KEEP, or throws there. */
  const keeping = (seen: string[], onKeep: 'keep' | 'throw' = 'keep'): Rule =>
    defineRule({
      meta: { ...flagBad.meta, id: 'logs/no-file-logging', factor: 11 },
      typescript: {
        create: (ctx) => ({
          [ts.SyntaxKind.StringLiteral]: (node: ts.StringLiteral) => void seen.push(node.text),
          onStatement: (statement) => {
            const kept = ctx.sourceFile.text.slice(statement.pos, statement.end).includes('KEEP');
            if (kept && onKeep === 'throw') throw new Error('cannot tell');
            return kept;
          },
          onEnd: () => void seen.push('end'),
        }),
      },
    });
  const text = `const a = 'one' /* KEEP */;\nconst b = 'BAD';\nfunction f() { return ['two', 'KEEP']; }\nconst c = 'three';\n`;

  it('its visitors are not called inside a statement it keeps; a rule without the hook sees every node of the same walk', () => {
    for (const facts of [false, true]) {
      const seen: string[] = [];
      const result = analyzeRaw(
        { file: '/w/src/a.ts', text },
        { root: '/w', rules: [keeping(seen), flagBad], facts, keepSourceFile: () => undefined },
      );
      assert.deepEqual(seen, ['BAD', 'three', 'end'], `facts: ${facts}`);
      // flagBad has no hook: it still finds the literal on line 2.
      assert.deepEqual(
        result.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
        [['config/no-hardcoded-secret', 1, 10]],
      );
    }
  });

  it('every statement kept by the only rule: nothing is visited, the rule still ends', () => {
    const seen: string[] = [];
    analyzeRaw(
      { file: '/w/src/a.ts', text: `const a = 'x' /* KEEP */;\nconst b = 'y' /* KEEP */;\n` },
      { root: '/w', rules: [keeping(seen)], facts: false, keepSourceFile: () => undefined },
    );
    assert.deepEqual(seen, ['end']);
  });

  it("a scan's fresh tree (no kept tree before or after) asks no rule: every visitor is called", () => {
    const seen: string[] = [];
    analyzeRaw({ file: '/w/src/a.ts', text }, { root: '/w', rules: [keeping(seen, 'throw'), flagBad], facts: false });
    assert.deepEqual(seen, ['one', 'BAD', 'two', 'KEEP', 'three', 'end']);
  });

  it('a hook that throws is a rule error: that rule stops, the others run on', () => {
    const seen: string[] = [];
    const result = analyzeRaw(
      { file: '/w/src/a.ts', text },
      { root: '/w', rules: [keeping(seen, 'throw'), flagBad], facts: false, keepSourceFile: () => undefined },
    );
    assert.deepEqual(seen, [], 'no visitor after the error, and no onEnd');
    assert.deepEqual(
      result.notes.map((n) => [n.kind, n.message.includes('logs/no-file-logging failed')]),
      [['rule-error', true]],
    );
    assert.equal(result.findings.length, 1);
  });
});

describe('suppressions', () => {
  it('disable-next-line, disable-line, a list of ids, a reason, and block comments', () => {
    assert.deepEqual(starts(`// twelve-factor-disable-next-line config/no-hardcoded-secret -- fine\nconst b = 'BAD';\nconst c = 'BAD';`), [
      [2, 10],
    ]);
    assert.deepEqual(starts(`const b = 'BAD'; // twelve-factor-disable-line\nconst c = 'BAD';`), [[1, 10]]);
    assert.deepEqual(
      starts(`/* twelve-factor-disable-next-line logs/no-file-logging, config/no-hardcoded-secret */\nconst b = 'BAD';`),
      [],
    );
    assert.deepEqual(
      starts(`// twelve-factor-disable-next-line logs/no-file-logging\nconst b = 'BAD';`),
      [[1, 10]],
      'another rule id does not silence this one',
    );
    assert.deepEqual(starts(`// twelve-factor-disable-file config/no-hardcoded-secret\nconst b = 'BAD';\nconst c = 'BAD';`), []);
  });

  it('a marker inside a string is not a directive', () => {
    assert.deepEqual(starts(`const s = 'twelve-factor-disable-line'; const b = 'BAD';`), [[0, 50]]);
  });

  it('in Dockerfiles a directive covers the whole next instruction, skipping comment lines', () => {
    const text = `FROM node:20\n# twelve-factor-disable-next-line config/no-hardcoded-secret\n# another comment\nRUN echo \\\n  BAD\nRUN echo BAD\n`;
    assert.deepEqual(starts(text, '/w/Dockerfile'), [[5, 0]]);
  });

  it('the disable quick fix inserts an indented directive, or extends the one above', () => {
    const text = `function f() {\n  const b = 'BAD';\n}\n`;
    const change = disableLineChange('/w/a.ts', text, 'typescript', 'config/no-hardcoded-secret', 1)!;
    assert.equal(
      applyEdits(text, [change]),
      `function f() {\n  // twelve-factor-disable-next-line config/no-hardcoded-secret\n  const b = 'BAD';\n}\n`,
    );
    const withDirective = `// twelve-factor-disable-next-line logs/no-file-logging -- reason\nconst b = 'BAD';\n`;
    const extend = disableLineChange('/w/a.ts', withDirective, 'typescript', 'config/no-hardcoded-secret', 1)!;
    assert.equal(
      applyEdits(withDirective, [extend]),
      `// twelve-factor-disable-next-line logs/no-file-logging, config/no-hardcoded-secret -- reason\nconst b = 'BAD';\n`,
    );
    const docker = disableLineChange('/w/Dockerfile', `FROM x\nCMD npm start\n`, 'dockerfile', 'disposability/signal-forwarding', 1)!;
    assert.equal(
      applyEdits(`FROM x\nCMD npm start\n`, [docker]),
      `FROM x\n# twelve-factor-disable-next-line disposability/signal-forwarding\nCMD npm start\n`,
    );
    const crlf = disableLineChange('/w/a.ts', `a;\r\nconst b = 'BAD';\r\n`, 'typescript', 'config/no-hardcoded-secret', 1)!;
    assert.equal(crlf.newText, '// twelve-factor-disable-next-line config/no-hardcoded-secret\r\n');
  });
});

describe('fixes', () => {
  const fix = (line: string) => ({
    kind: 'safe' as const,
    title: 't',
    changes: [{ kind: 'ensureLine' as const, file: '/w/.env.example', line, presentIfLineStartsWith: line }],
  });
  it('ensureLine creates the file, appends with the file’s line ending, and never duplicates', () => {
    assert.equal(applyFix(fix('A='), new Map()).get('/w/.env.example'), 'A=\n');
    assert.equal(applyFix(fix('B='), new Map([['/w/.env.example', 'A=1']])).get('/w/.env.example'), 'A=1\nB=\n');
    assert.equal(applyFix(fix('B='), new Map([['/w/.env.example', 'A=1\r\n']])).get('/w/.env.example'), 'A=1\r\nB=\r\n');
    assert.equal(applyFix(fix('A='), new Map([['/w/.env.example', '# db\nA=\n']])).get('/w/.env.example'), '# db\nA=\n');
  });
});

describe('redaction', () => {
  it('shows a few leading characters and the length, never the whole secret', () => {
    assert.equal(redact('sk_live_0123456789abcdef01234567'), 'sk_l…(32 chars)');
    assert.equal(redact('hunter2!'), 'hu…(8 chars)');
    assert.equal(redact('abc'), '…(3 chars)');
    assert.equal(
      maskSecrets('the key sk_live_0123456789abcdef01234567 leaked', ['sk_live_0123456789abcdef01234567']),
      'the key sk_l…(32 chars) leaked',
    );
  });
});

describe('configuration', () => {
  it('reports unknown rules, bad severities, bad globs and unknown keys with their ranges; keeps defaults', () => {
    const text = `{\n  "rules": { "config/nope": "error", "logs/no-file-logging": "loud" },\n  "ignore": "dist",\n  "colour": true\n}`;
    const { config, problems } = parseConfig('/w/.twelvefactorrc.json', text);
    assert.deepEqual(
      problems.map((p) => [p.range.start.line, p.range.start.column, p.message.split(' ').slice(0, 3).join(' ')]),
      [
        [1, 13, 'Unknown rule "config/nope".'],
        [1, 61, 'Rule "logs/no-file-logging": expected'],
        [2, 12, '"ignore" must be'],
        [3, 2, 'Unknown setting "colour".'],
      ],
    );
    assert.deepEqual(config.rules, {});
    assert.deepEqual(config.ignore, []);
  });

  it('reports invalid JSON and keeps the defaults', () => {
    const { config, problems } = parseConfig('/w/.twelvefactorrc.json', `{ "rules": `);
    assert.match(problems[0].message, /^Invalid JSON in \.twelvefactorrc\.json: .*This file is not applied until it is fixed\./);
    assert.deepEqual(config, defaultConfig());
  });

  it('accepts comments, trailing commas, [severity, options] and { severity, ...options }', () => {
    const { config, problems } = parseConfig(
      '/w/c',
      `{ // c\n "rules": { "logs/no-file-logging": ["hint", { "testFileSeverity": "warning" }], "config/no-hardcoded-secret": { "severity": "off" }, }, }`,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.rules['logs/no-file-logging'], { setting: 'hint', options: { testFileSeverity: 'warning' } });
    assert.deepEqual(config.rules['config/no-hardcoded-secret'], { setting: 'off', options: {} });
  });
});
