/** `--format sarif`: SARIF 2.1.0 for GitHub code scanning: rule metadata with help, tool version, stable fingerprints. */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../analysis/finding';
import { ruleDocsUrl, type Rule } from '../analysis/rule';
import { TOOL } from '../analysis/version';
import { factorByNumber } from '../analysis/report/factors';
import { relativeFile } from './json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Rules about leaked credentials: tagged `security` with a severity score, which GitHub shows as "High". */
const SECURITY_SEVERITY: Record<string, string> = { 'config/no-hardcoded-secret': '7.5' };

interface SarifInput {
  /** One scan root and its findings (the CLI)… */
  root?: string;
  findings?: readonly Finding[];
  /** …or several workspace folders (the editor's export); each gets its own uriBaseId. */
  folders?: readonly { root: string; findings: readonly Finding[] }[];
  rules: readonly Rule[];
  /** Reads a file's text, for the fingerprints (the finding's source line, not its line number). */
  readFile?: (file: string) => string | undefined;
}

/** The tag code scanning groups results by: `twelve-factor/IX`. */
function factorTag(factor: number): string {
  return `twelve-factor/${factorByNumber(factor)?.roman ?? factor}`;
}

function ruleName(id: string): string {
  return id
    .split('/')[1]
    .replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
    .replace(/^\w/, (c) => c.toUpperCase());
}

export function formatSarif(input: SarifInput): string {
  const folders = input.folders ?? (input.root !== undefined ? [{ root: input.root, findings: input.findings ?? [] }] : []);
  const baseId = (i: number) => (i === 0 ? '%SRCROOT%' : `FOLDER${i + 1}`);
  const rules = input.rules.map((rule) => {
    const factor = factorByNumber(rule.meta.factor)!;
    const docs = ruleDocsUrl(rule.meta.id);
    const security = SECURITY_SEVERITY[rule.meta.id];
    return {
      id: rule.meta.id,
      name: ruleName(rule.meta.id),
      shortDescription: { text: rule.meta.description },
      fullDescription: { text: `${rule.meta.description} (Twelve-Factor ${factor.roman}. ${factor.title}: ${factor.summary}.)` },
      helpUri: docs,
      help: {
        text: `${rule.meta.description}\n\nTwelve-Factor ${factor.roman}. ${factor.title}: ${factor.summary}.\n\nDocumentation: ${docs}`,
        markdown: `${rule.meta.description}\n\nFactor ${factor.roman} — **${factor.title}**: ${factor.summary}.\n\n[Rule documentation](${docs})`,
      },
      defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
      properties: {
        tags: [...(security ? ['security'] : []), 'twelve-factor', factorTag(factor.number), `factor-${factor.number}`, factor.slug],
        precision: 'high',
        ...(security ? { 'security-severity': security } : {}),
      },
    };
  });
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const lineCache = new Map<string, string[] | undefined>();
  const lineText = (file: string, line: number) => {
    if (!input.readFile) return '';
    if (!lineCache.has(file)) lineCache.set(file, input.readFile(file)?.split(/\r\n|\r|\n/));
    return (lineCache.get(file)?.[line] ?? '').trim().replace(/\s+/g, ' ');
  };
  const region = (r: Finding['range']) => ({
    startLine: r.start.line + 1,
    startColumn: r.start.column + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.column + 1,
  });
  const occurrences = new Map<string, number>();
  const results = folders.flatMap(({ root, findings }, folderIndex) =>
    findings.map((f) => {
      const uri = relativeFile(root, f.file);
      // Tracks a finding across commits: rule + file + the whitespace-normalised source line (not its
      // number) + message kind, and which occurrence of that key it is (two on one line stay distinct).
      // Only a hash of the line leaves the machine, never the line (it may hold a secret).
      const key = createHash('sha256')
        .update(`${f.ruleId}\u0000${uri}\u0000${lineText(f.file, f.range.start.line)}\u0000${f.messageId}`)
        .digest('hex')
        .slice(0, 32);
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      const index = ruleIndex.get(f.ruleId);
      return {
        ruleId: f.ruleId,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: baseId(folderIndex) }, region: region(f.range) } }],
        partialFingerprints: { 'twelveFactorLint/v1': `${key}:${n}` },
        properties: { tags: [factorTag(f.factor)] },
        ...(f.related?.length
          ? {
              relatedLocations: f.related.map((r, id) => ({
                id,
                message: { text: r.message },
                physicalLocation: {
                  artifactLocation: { uri: relativeFile(root, r.file), uriBaseId: baseId(folderIndex) },
                  region: region(r.range),
                },
              })),
            }
          : {}),
      };
    }),
  );
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
        originalUriBaseIds: Object.fromEntries(
          folders.map(({ root }, i) => [
            baseId(i),
            { uri: pathToFileURL(root.endsWith('/') || root.endsWith('\\') ? root : `${root}/`).href },
          ]),
        ),
        invocations: [{ executionSuccessful: true }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
