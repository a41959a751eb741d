// The peer: secretlint with its recommended preset over exactly our file list, through its own
// engine (what its CLI runs after globbing), in its own process like ours.
//   node secretlint.mjs TOOLS_DIR FILES.json OUT.json
// Writes secretlint's JSON report to OUT.json. The secrets in it stay masked (maskSecrets: true).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [toolsDir, listFile, outFile] = process.argv.slice(2);
const require = createRequire(`${toolsDir}/package.json`);
const { createEngine } = await import(pathToFileURL(require.resolve('@secretlint/node')).href);
const files = JSON.parse(fs.readFileSync(listFile, 'utf8'));
const engine = await createEngine({
  cwd: toolsDir,
  formatter: 'json',
  color: false,
  maskSecrets: true,
  configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
});
const { output } = await engine.executeOnFiles({ filePathList: files });
fs.writeFileSync(outFile, output);
