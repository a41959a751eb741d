// The second peer: ESLint with only eslint-plugin-no-secrets' rule, over exactly our file list, in
// its own process like ours: JS/JSX through ESLint's default parser, TS/TSX through
// @typescript-eslint/parser (no type information, like us).
//   node eslint.mjs TOOLS_DIR FILES.json OUT.json ROOT
// ROOT (the scanned workspace) is ESLint's cwd: flat config ignores files outside its base path.
// Writes { files, findings, parseErrors, results: [{ file, line, ruleId }] } to OUT.json (no message
// text: no-secrets prints the secret it found).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [toolsDir, listFile, outFile, root] = process.argv.slice(2);
const require = createRequire(`${toolsDir}/package.json`);
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);
const { ESLint } = await load('eslint');
const noSecrets = (await load('eslint-plugin-no-secrets')).default;
const tsParser = (await load('@typescript-eslint/parser')).default;
const files = JSON.parse(fs.readFileSync(listFile, 'utf8')).filter((f) => /\.[cm]?[jt]sx?$/.test(f));

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  ignore: false,
  errorOnUnmatchedPattern: false,
  overrideConfig: [
    {
      files: ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
      languageOptions: { ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
    {
      files: ['**/*'],
      plugins: { 'no-secrets': noSecrets },
      rules: { 'no-secrets/no-secrets': 'error' },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
  ],
});
const results = await eslint.lintFiles(files);
const out = { files: results.length, findings: 0, parseErrors: 0, notLinted: 0, results: [] };
for (const result of results) {
  for (const message of result.messages) {
    if (!message.ruleId && !message.fatal)
      out.notLinted++; // "File ignored…": must stay 0
    else if (message.fatal) out.parseErrors++;
    else if (message.ruleId === 'no-secrets/no-secrets') {
      out.findings++;
      out.results.push({ file: result.filePath, line: message.line, ruleId: message.ruleId });
    }
  }
}
fs.writeFileSync(outFile, JSON.stringify(out));
