/**
 * The built bundles are ASCII only (esbuild.mjs's asciiOutput): one non-ASCII character anywhere in a
 * bundle makes V8 keep its whole source as a two-byte string, 4.8 MB more in every server process, its
 * indexing workers and the CLI. Runs on what `npm run build` wrote (npm test builds first).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hasStandInWord } from '../../server/src/analysis/secrets/checks';
import { isPlaceholder } from '../../server/src/analysis/secrets/values';

const DIST = path.resolve(__dirname, '../../dist');

/** Line and text of the first non-ASCII byte of a file, or undefined. */
function firstNonAscii(file: string): string | undefined {
  const bytes = fs.readFileSync(file);
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at < 0) return undefined;
  const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
  const start = bytes.lastIndexOf(0x0a, at) + 1;
  return `line ${line}: ${bytes.subarray(start, Math.min(bytes.length, at + 40)).toString('utf8')}`;
}

describe('built bundles', () => {
  for (const name of ['server.js', 'serverMain.js', 'cli.js', 'extension.js']) {
    it(`dist/${name} holds no non-ASCII byte`, () => {
      const file = path.join(DIST, name);
      assert.ok(fs.existsSync(file), `${file} is not built (npm run build)`);
      assert.equal(firstNonAscii(file), undefined, `${name} has a non-ASCII character`);
    });
  }

  it('finds a non-ASCII byte when there is one (the check itself works)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-ascii-')), 'x.js');
    fs.writeFileSync(file, 'const a = 1;\n// a \u2192 b\n');
    try {
      assert.match(firstNonAscii(file) ?? '', /^line 2: /);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('the stand-ins written as escapes still match the characters (\u2026, \u2022)', () => {
    assert.ok(isPlaceholder('\u2022\u2022\u2022\u2022\u2022\u2022'));
    assert.ok(isPlaceholder('sk_live_\u2026'));
    assert.ok(hasStandInWord('ghp_abc\u2026'));
    // Controls: a key with a body (a bare prefix and a few characters after it are placeholders too).
    assert.ok(!isPlaceholder('sk_live_abc123def456') && !hasStandInWord('ghp_abcdef'));
  });
});
