/** The webview's pure HTML builder: strict CSP with a nonce, no remote content, escaped text, the twelve factors. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FACTORS } from '../../../server/src/analysis/report/factors';
import { buildReport } from '../../../server/src/analysis/report/build';
import type { ComplianceReport } from '../../../server/src/analysis/report/model';
import { PANEL_TITLE, renderReportHtml } from '../../../client/src/report/html';
import { copyFixtures, reportOf } from './helpers';

const OPTIONS = {
  nonce: 'bm9uY2Utb2YtdGhlLXRlc3Q=',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/report.js',
};

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'a CSP meta tag');
  return m[1];
}

/** Every URL in the page other than the CSP source and the bundled script. */
function remoteUrls(html: string): string[] {
  return (html.match(/\b(?:https?:)?\/\/[^\s"'<>)]+/g) ?? []).filter((u) => !u.startsWith(OPTIONS.cspSource));
}

describe('report webview HTML', () => {
  let dir: string;
  let cleanup: () => void;
  let model: ComplianceReport;
  before(() => {
    ({ dir, cleanup } = copyFixtures());
    model = buildReport([reportOf(path.join(dir, 'compliant-service')), reportOf(path.join(dir, 'breaking-service'))], 42);
  });
  after(() => cleanup());

  for (const [name, make] of [
    ['the loading page', () => renderReportHtml(undefined, OPTIONS)],
    ['a report', () => renderReportHtml(model, OPTIONS)],
    ['an error', () => renderReportHtml(undefined, { ...OPTIONS, error: 'server down <script>' })],
  ] as const) {
    it(`${name}: strict CSP with the nonce, nothing remote, the twelve factor titles`, () => {
      const html = make();
      const policy = csp(html);
      assert.equal(
        policy,
        `default-src 'none'; style-src ${OPTIONS.cspSource} 'nonce-${OPTIONS.nonce}'; script-src 'nonce-${OPTIONS.nonce}'; img-src ${OPTIONS.cspSource}; font-src ${OPTIONS.cspSource}`,
      );
      assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*/);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      assert.deepEqual(scripts, [`<script nonce="${OPTIONS.nonce}" src="${OPTIONS.scriptUri}">`], 'one script, nonce’d, from the bundle');
      assert.deepEqual(html.match(/<style\b[^>]*>/g), [`<style nonce="${OPTIONS.nonce}">`]);
      assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes (the CSP would block them)');
      assert.doesNotMatch(html, /\son[a-z]+="/i, 'no inline event handlers');
      assert.deepEqual(remoteUrls(html), []);
      assert.match(html, new RegExp(`<title>${PANEL_TITLE}</title>`));
      for (const f of FACTORS) assert.ok(html.includes(`${f.roman}.</span> ${f.title}`), `factor ${f.roman} ${f.title}`);
    });
  }

  it('themes with VS Code colour variables and shows focus outlines', () => {
    const html = renderReportHtml(model, OPTIONS);
    assert.match(html, /var\(--vscode-foreground\)/);
    assert.match(html, /var\(--vscode-editor-background\)/);
    assert.match(html, /:focus-visible \{ outline: 1px solid var\(--vscode-focusBorder\)/);
    assert.doesNotMatch(html, /#[0-9a-f]{3,6}\b(?![^<]*<\/code>)/i, 'no hard-coded colours');
  });

  it('renders the score, statuses, evidence, and findings as keyboard-reachable buttons', () => {
    const html = renderReportHtml(model, OPTIONS);
    assert.match(html, /<span class="big">13 \/ 20<\/span> assessed factors compliant across 2 folders/);
    assert.match(html, /<h2 id="folder-0">compliant-service <span class="score">10 of 10 assessed factors compliant<\/span><\/h2>/);
    assert.match(html, /<h2 id="folder-1">breaking-service <span class="score">3 of 10 assessed factors compliant<\/span><\/h2>/);
    assert.equal((html.match(/<h3 /g) ?? []).length, 24, 'one heading per factor per folder');
    assert.match(html, /<button type="button" data-action="refresh">Refresh<\/button>/);
    assert.match(html, /data-action="export-markdown"/);
    assert.match(html, /data-action="export-sarif"/);
    assert.match(
      html,
      /<button type="button" class="finding-link" data-action="open" data-folder="1" data-file="src\/app.ts" data-line="5" data-column="22" data-end-line="5" data-end-column="56">/,
    );
    assert.match(
      html,
      /<button type="button" class="link" data-action="open" data-folder="0" data-file="src\/index.ts" data-line="9"[^>]*><code>src\/index.ts:9<\/code><\/button>/,
    );
    assert.match(html, /badge-not-assessed"><span aria-hidden="true">–<\/span> Not assessed/);
    assert.match(html, /<strong>Needed:<\/strong> No rule yet: needs/);
  });

  it('escapes every text from the model', () => {
    const evil: ComplianceReport = JSON.parse(JSON.stringify(model));
    evil.folders[1].name = '<img src=x onerror=alert(1)>';
    evil.folders[1].factors[2].findings[0].message = '"><script>alert(1)</script>';
    evil.folders[1].factors[2].findings[0].file = 'a" onclick="x';
    const html = renderReportHtml(evil, OPTIONS);
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('<script>alert'));
    assert.ok(html.includes('data-file="a&quot; onclick=&quot;x"'));
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
  });

  it('shows a busy indicator while loading and an alert on error', () => {
    assert.match(
      renderReportHtml(undefined, OPTIONS),
      /<progress class="" aria-label="Scanning"><\/progress><span id="status-text">Scanning the workspace…<\/span>/,
    );
    const error = renderReportHtml(undefined, { ...OPTIONS, error: 'server down <x>' });
    assert.match(error, /<p class="error" role="alert">server down &lt;x&gt;<\/p>/);
    assert.match(error, /<progress class="hidden"/);
  });
});
