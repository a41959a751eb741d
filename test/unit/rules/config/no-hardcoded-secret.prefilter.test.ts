/**
 * The TypeScript pre-filter of `config/no-hardcoded-secret` (no-hardcoded-secret.prefilter.ts): a file it
 * rejects is not parsed for the rule, so it must never reject a file the rule reports something in.
 * Checked two ways on every fixture and example and on real packages' sources (`npm run test:slow`: all of
 * node_modules):
 * - the token scan it reads (facts/lexicalFacts.ts scanTokens), when it trusts itself, sees every string
 *   and template literal and every name the parser finds, with the same values;
 * - the rule without a pre-filter reports nothing in a file the pre-filter rejects.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { analyzeRaw } from '../../../../server/src/analysis';
import { scanTokens } from '../../../../server/src/analysis/facts/lexicalFacts';
import { parseScript } from '../../../../server/src/analysis/languages/typescript/parse';
import { mayHoldSecretLiteral } from '../../../../server/src/analysis/rules/config/no-hardcoded-secret.prefilter';
import { typescriptCheck } from '../../../../server/src/analysis/rules/config/no-hardcoded-secret.typescript';
import { ruleById } from '../../../../server/src/analysis/registry';
import { packageDirs, scriptsUnder } from '../../../helpers/scripts';

const ROOT = path.resolve(__dirname, '../../../..');
const SLOW = process.env.TFL_SLOW_TESTS === '1';
const rule = ruleById('config/no-hardcoded-secret')!;

const PACKAGES = packageDirs(SLOW);

/** What the parser sees: literal values as the rule reads them (templates joined by `\0`) and names. */
function parsedTokens(sourceFile: ts.SourceFile): { literals: string[]; names: string[] } {
  const literals: string[] = [];
  const names: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.push(node.text);
    else if (ts.isTemplateExpression(node)) literals.push(node.head.text + node.templateSpans.map((s) => `\0${s.literal.text}`).join(''));
    else if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) names.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { literals, names };
}

function compareScan(files: string[]): { compared: number; untrusted: number; differences: string[] } {
  const differences: string[] = [];
  let compared = 0;
  let untrusted = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 2 * 1024 * 1024 || text.includes('\u0000')) continue;
    const seen = new Set<string>();
    if (!scanTokens(text, (_kind, value) => void seen.add(value))) {
      untrusted++;
      continue;
    }
    compared++;
    const { literals, names } = parsedTokens(parseScript(file, text));
    const missing = [...literals, ...names].filter((v) => !seen.has(v));
    if (missing.length) differences.push(`${path.relative(ROOT, file)}: ${JSON.stringify(missing.slice(0, 5))}`);
  }
  return { compared, untrusted, differences };
}

function compareRule(files: string[]): { rejected: number; differences: string[] } {
  const differences: string[] = [];
  let rejected = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 2 * 1024 * 1024 || text.includes('\u0000')) continue;
    if (typescriptCheck.prefilter!(text)) continue;
    rejected++;
    const { findings } = analyzeRaw({ file, text }, { root: ROOT, prefilter: false, facts: false, rules: [rule] });
    if (findings.length) differences.push(`${path.relative(ROOT, file)}: ${findings.map((f) => f.message).join(' | ')}`);
  }
  return { rejected, differences };
}

describe('secret pre-filter: the token scan', () => {
  it('sees every literal and name the parser finds (fixtures and examples)', () => {
    const { compared, differences } = compareScan(scriptsUnder(['test/fixtures', 'test/fixtures-report', 'examples']));
    assert.ok(compared > 50, `${compared} files`);
    assert.deepEqual(differences, []);
  });

  it(`sees every literal and name the parser finds (${SLOW ? 'all of node_modules' : 'a sample of packages'})`, () => {
    const { compared, differences } = compareScan(scriptsUnder(PACKAGES, SLOW ? 20000 : 600));
    assert.ok(compared > (SLOW ? 2000 : 100), `${compared} files`);
    assert.deepEqual(differences, []);
  });

  it('distrusts JSX, unterminated literals and minified lines', () => {
    const scan = (text: string) => scanTokens(text, () => undefined);
    assert.equal(scan("const a = <p>Don't</p>;\nconst k = 'x';\n"), false);
    assert.equal(scan('function f() {}\n<div/>;\n'), false);
    assert.equal(scan('const s = `open ${a}\n'), false);
    assert.equal(scan(`const x = [${'1, '.repeat(600)}];\n`), false);
    assert.equal(scan('const m = new Map<string, Array<number>>();\nif (a < b) f<T>(x);\n'), true);
    const values: string[] = [];
    assert.equal(
      scanTokens('const t = `a${b}c${`d${e}`}f`;\nconst r = /\'"/g;\n', (kind, value) => void (kind !== 'name' && values.push(value))),
      true,
    );
    assert.deepEqual(values, ['d\0', 'a\0c\0f']);
  });
});

describe('secret pre-filter: the rule', () => {
  it('rejects no fixture or example the rule reports something in', () => {
    const files = scriptsUnder(['test/fixtures', 'test/fixtures-report', 'examples']);
    const { rejected, differences } = compareRule(files);
    assert.ok(rejected > 10, `${rejected} files rejected`);
    assert.deepEqual(differences, []);
  });

  it(`rejects no package file the rule reports something in (${SLOW ? 'all of node_modules' : 'a sample'})`, () => {
    const { differences } = compareRule(scriptsUnder(PACKAGES, SLOW ? 20000 : 600));
    assert.deepEqual(differences, []);
  });

  it('says yes to each way the rule reports, and no to names and specifiers alone', () => {
    const reported = (text: string) =>
      analyzeRaw({ file: path.join(ROOT, 'src/app.ts'), text }, { root: ROOT, prefilter: false, facts: false, rules: [rule] }).findings
        .length;
    const yes = [
      // A provider token with no name around it; a password in a URL, in a template.
      "send('sk_live_4eC39HqLyjWDarjtT1zdp7dc');\n",
      'const u = `postgres://app:S3cretPw7@db.internal/${name}`;\n',
      // A secret-looking value under a secret name.
      "const apiKey = 'a8f3k29dk3l2x9';\n",
      // A sink by its module; basic-auth credentials.
      "const jwt = require('jsonwebtoken');\njwt.sign(p, 'abcd');\n",
      "const h = 'Basic ' + btoa('admin:hunter22');\n",
      // A comparison with request input under a request key word.
      "app.get('/x', (req, res) => { if (req.query.key === 'k3y-from-url-9') res.send('ok'); });\n",
      "app.get('/x', (req, res) => { if (req.query['pin'] === 'k3y-from-url-9') res.send('ok'); });\n",
    ];
    for (const text of yes) {
      assert.ok(reported(text) > 0, `the rule reports in ${text}`);
      assert.equal(mayHoldSecretLiteral(text), true, text);
    }
    const no = [
      // Names that say secret, but no literal the rule would report; literals, but no name that says secret.
      "const { token } = require('@nestjs/common');\nexport const cacheKey = 'users';\n",
      "import { x } from '@scope/some-package';\nconst label = 'a8f3k29dk3l2x9';\n",
      "class A { constructor() { this.name = 'a8f3k29dk3l2x9'; } }\n",
      // A request key word that is no request input's last name.
      "app.get('/x', (req, res) => { const key = cache.get(req.params.id); res.send('a8f3k29dk3l2x9'); });\n",
    ];
    for (const text of no) {
      assert.equal(reported(text), 0, text);
      assert.equal(mayHoldSecretLiteral(text), false, text);
    }
    // A local function named `require` may take the literal under a secret name: the scan cannot tell.
    assert.equal(mayHoldSecretLiteral("function require(secret) {}\nrequire('a8f3k29dk3l2x9');\n"), true);
  });
});
