/** `--format sarif`: SARIF 2.1.0, one rule entry per rule, stable fingerprints for code scanning. */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../analysis/finding';
import { ruleDocsUrl, type Rule } from '../analysis/rule';
import { TOOL } from '../analysis/version';
import { factorByNumber } from '../analysis/report/factors';
import { relativeFile } from './json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(input: { root: string; findings: readonly Finding[]; rules: readonly Rule[]; readFile?: (file: string) => string | undefined }): string {
  const rules = input.rules.map((rule) => {
    const factor = factorByNumber(rule.meta.factor)!;
    return {
      id: rule.meta.id,
      name: rule.meta.id.split('/')[1].replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
      shortDescription: { text: rule.meta.description },
      fullDescription: { text: `${rule.meta.description} (Twelve-Factor ${factor.roman}. ${factor.title}: ${factor.summary}.)` },
      helpUri: ruleDocsUrl(rule.meta.id),
      help: {
        text: `${rule.meta.description} See ${ruleDocsUrl(rule.meta.id)}`,
        markdown: `${rule.meta.description}\n\nFactor ${factor.roman} — **${factor.title}**: ${factor.summary}.\n\n[Rule documentation](${ruleDocsUrl(rule.meta.id)})`,
      },
      defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
      properties: { tags: ['twelve-factor', `factor-${factor.number}`, factor.slug], precision: 'high' },
    };
  });
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const lineCache = new Map<string, string[] | undefined>();
  const lineText = (file: string, line: number) => {
    if (!input.readFile) return '';
    if (!lineCache.has(file)) lineCache.set(file, input.readFile(file)?.split('\n'));
    return (lineCache.get(file)?.[line] ?? '').trim();
  };
  const results = input.findings.map((f) => {
    const uri = relativeFile(input.root, f.file);
    // Tracks a finding across commits: rule + file + the trimmed source line, not its line number.
    const fingerprint = createHash('sha256').update(`${f.ruleId}\u0000${uri}\u0000${lineText(f.file, f.range.start.line)}\u0000${f.messageId}`).digest('hex').slice(0, 32);
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.column + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.column + 1,
            },
          },
        },
      ],
      partialFingerprints: { 'twelveFactorLint/v1': fingerprint },
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: {
                artifactLocation: { uri: relativeFile(input.root, r.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: r.range.start.line + 1, startColumn: r.range.start.column + 1, endLine: r.range.end.line + 1, endColumn: r.range.end.column + 1 },
              },
            })),
          }
        : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            informationUri: TOOL.repository,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${input.root.replace(/\\/g, '/').replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
