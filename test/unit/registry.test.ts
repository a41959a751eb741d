/** Meta-tests: every rule file is registered, its id matches its path, its metadata and docs agree. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { RULES, FACTORS, parseConfig } from '../../server/src/analysis';
import { generated } from '../../scripts/generate';

const ROOT = path.resolve(__dirname, '../..');
const RULES_DIR = path.join(ROOT, 'server/src/analysis/rules');

function ruleFiles(): string[] {
  const out: string[] = [];
  for (const factor of fs.readdirSync(RULES_DIR)) {
    for (const name of fs.readdirSync(path.join(RULES_DIR, factor))) {
      // Main rule files only: language halves (x.typescript.ts, x.dockerfile.ts) and data (*-formats.ts) are parts of a rule.
      if (/^[a-z0-9-]+\.ts$/.test(name) && !/-(formats|helpers)\.ts$/.test(name)) out.push(`${factor}/${name.replace(/\.ts$/, '')}`);
    }
  }
  return out.sort();
}

describe('rule registry', () => {
  it('registers every rule file, and every registered rule has a file named after its id', () => {
    assert.deepEqual(RULES.map((r) => r.meta.id).sort(), ruleFiles());
  });

  for (const rule of RULES) {
    describe(rule.meta.id, () => {
      it('has complete metadata whose factor matches its id', () => {
        const { meta } = rule;
        const factor = FACTORS[meta.factor - 1];
        assert.equal(meta.id.split('/')[0], factor.slug);
        assert.ok(meta.description.length > 20 && meta.description.endsWith('.'), 'a one-sentence description');
        assert.ok(meta.languages.length > 0, 'reads at least one language');
        for (const language of meta.languages) assert.ok(rule[language], `declares ${language} but has no ${language} check`);
        for (const [id, template] of Object.entries(meta.messages)) {
          assert.match(id, /^[a-z][A-Za-z0-9]*$/, 'messageIds are camelCase');
          assert.ok(template.length > 20, `message ${id} says what, why and what to do`);
        }
      });

      it('has a docs page that names it and its factor', () => {
        const doc = path.join(ROOT, 'docs/rules', `${rule.meta.id}.md`);
        assert.ok(fs.existsSync(doc), `missing ${path.relative(ROOT, doc)}`);
        const text = fs.readFileSync(doc, 'utf8');
        assert.ok(text.includes(rule.meta.id), 'the page names the rule id');
      });
    });
  }

  it('lists every rule id (with its options) in the twelveFactor.rules setting schema and the config file schema', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const ids = Object.keys(pkg.contributes.configuration.properties['twelveFactor.rules'].properties);
    assert.deepEqual([...ids].sort(), RULES.map((r) => r.meta.id).sort());
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/twelvefactorrc.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), RULES.map((r) => r.meta.id).sort());
  });

  it('the generated config schema accepts what the config loader accepts, and rejects what it rejects', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/twelvefactorrc.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const good = {
      root: true,
      rules: { 'logs/no-file-logging': ['warning', { testFileSeverity: 'off' }], 'config/no-hardcoded-secret': 'error' },
      ignore: ['dist/**'],
    };
    assert.equal(validate(good), true, JSON.stringify(validate.errors));
    assert.deepEqual(parseConfig('/w/.twelvefactorrc.json', JSON.stringify(good)).problems, []);
    for (const bad of [
      { rules: { 'logs/no-such': 'error' } },
      { rules: { 'logs/no-file-logging': ['warning', { verbose: true }] } },
      { rules: { 'logs/no-file-logging': 'loud' } },
      { colour: 1 },
    ]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
      assert.ok(parseConfig('/w/.twelvefactorrc.json', JSON.stringify(bad)).problems.length > 0, JSON.stringify(bad));
    }
  });
});

describe('generated files', () => {
  it('docs/rules/README.md and the package.json rule enum are up to date (npm run generate)', () => {
    for (const { file, text } of generated()) {
      assert.equal(
        fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '',
        text,
        `${path.relative(ROOT, file)} is out of date: run npm run generate`,
      );
    }
  });
});
