/** The Procfile and .env grammars tokenise real lines with the scopes themes colour (via vscode-textmate). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../..');

async function loadGrammar(scopeName: string, file: string): Promise<IGrammar> {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    // VS Code provides source.shell (embedded in Procfile commands); a stand-in keeps the test self-contained.
    loadGrammar: async (name) =>
      name === scopeName
        ? parseRawGrammar(fs.readFileSync(path.join(ROOT, file), 'utf8'), file)
        : name === 'source.shell'
          ? parseRawGrammar(
              JSON.stringify({ scopeName: 'source.shell', patterns: [{ match: '\\S+', name: 'meta.word.shell' }] }),
              'shell.json',
            )
          : null,
  });
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar);
  return grammar;
}

/** [text, innermost scope] for each token of one line. */
function tokens(grammar: IGrammar, line: string): [string, string][] {
  const { tokens: list } = grammar.tokenizeLine(line, INITIAL);
  return list.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]);
}

describe('grammars contributed in package.json', () => {
  let procfile: IGrammar;
  let dotenv: IGrammar;
  before(async () => {
    procfile = await loadGrammar('source.procfile', 'syntaxes/procfile.tmLanguage.json');
    dotenv = await loadGrammar('source.dotenv', 'syntaxes/dotenv.tmLanguage.json');
  });

  it('package.json contributes both languages and grammars, and reads .twelvefactorrc.json as JSON with comments', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(
      pkg.contributes.languages.map((l: { id: string }) => l.id),
      ['procfile', 'dotenv', 'jsonc'],
    );
    assert.deepEqual(pkg.contributes.languages[2].filenames, ['.twelvefactorrc.json']);
    for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(ROOT, g.path)), g.path);
  });

  it('Procfile: process type, separator, comment', () => {
    assert.deepEqual(tokens(procfile, 'web: node dist/index.js').slice(0, 2), [
      ['web', 'entity.name.function.process-type.procfile'],
      [':', 'punctuation.separator.key-value.procfile'],
    ]);
    assert.equal(tokens(procfile, '# release runs migrations')[1][1], 'comment.line.number-sign.procfile');
  });

  it('.env: export, key, operator, quoted and unquoted values, interpolation, comments', () => {
    assert.deepEqual(tokens(dotenv, 'export DATABASE_URL=postgres://db/app # local'), [
      ['export', 'storage.modifier.export.dotenv'],
      [' ', 'source.dotenv'],
      ['DATABASE_URL', 'variable.other.env.dotenv'],
      ['=', 'keyword.operator.assignment.dotenv'],
      ['postgres://db/app', 'string.unquoted.dotenv'],
      [' ', 'source.dotenv'],
      ['# local', 'comment.line.number-sign.dotenv'],
    ]);
    const quoted = tokens(dotenv, 'GREETING="hi ${USER}"');
    assert.ok(quoted.some(([text, scope]) => text === '${USER}' && scope === 'variable.other.interpolation.dotenv'));
    assert.equal(tokens(dotenv, "SINGLE='no $interp'").find(([t]) => t.includes('$interp'))?.[1], 'string.quoted.single.dotenv');
    assert.equal(tokens(dotenv, '# comment')[1][1], 'comment.line.number-sign.dotenv');
  });
});
