// The floors: what any TypeScript-AST linter must at least do with the same files, timed in its own
// process like ours (start-up and loading `typescript` included).
//   node floor.cjs read|parse|walk FILES.json TYPESCRIPT_DIR
// Prints one JSON line: { mode, files, bytes, wallMs, maxRssMb, checksum }.
'use strict';
const fs = require('node:fs');
const started = performance.now();
const [mode, listFile, tsDir] = process.argv.slice(2);
const ts = mode === 'read' ? undefined : require(tsDir);
const files = JSON.parse(fs.readFileSync(listFile, 'utf8'));
const KINDS = { '.ts': 3, '.mts': 3, '.cts': 3, '.tsx': 4, '.js': 2, '.mjs': 2, '.cjs': 2, '.jsx': 2 };
const OPTIONS = ts && { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
let bytes = 0;
let checksum = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  bytes += text.length;
  if (!ts) {
    checksum += text.charCodeAt(0) || 0;
    continue;
  }
  const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
  const kind = KINDS[ext];
  if (kind === undefined) continue; // Dockerfiles: not TypeScript
  // Same call as ours: parents not set, JSDoc left as comments, JSX-capable .js (ts.ScriptKind.JSX = 2 … TS = 3, TSX = 4).
  const sourceFile = ts.createSourceFile(file, text, OPTIONS, false, kind);
  if (mode === 'parse') {
    checksum += sourceFile.statements.length;
    continue;
  }
  // A full walk with a trivial check on every node, the least a rule dispatch can do.
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.StringLiteral) checksum++;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
}
const wallMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ mode, files: files.length, bytes, wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024, checksum })}\n`,
);
