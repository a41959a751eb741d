/**
 * One workspace folder's report from what the workspace session holds: its files, their configured
 * findings and facts, the Dockerfiles' facts. Re-analyses nothing: the facts come from the same parse
 * as the findings (facts/fileFacts.ts), the disk-level facts (package.json, lockfiles…) are read here.
 */
import * as path from 'node:path';
import type { Finding } from '../finding';
import type { Rule } from '../rule';
import type { ResolvedConfig } from '../config/config';
import type { FileFacts } from '../facts/types';
import type { DockerfileFacts } from '../facts/dockerfile';
import { workspaceFacts } from '../facts/workspace';
import { languageOf } from '../languages/detect';
import { toPosix } from '../paths';
import { buildFolderReport, type DockerEvidence } from './build';
import { dockerEvidence } from './docker';
import type { FolderReport } from './model';

interface ReportSource {
  root: string;
  name?: string;
  /** The folder's files (absolute). */
  files: readonly string[];
  /** Their findings, configured (exactly what the editor and the CLI show). */
  findings: readonly Finding[];
  /** The folder root's configuration (which rules are on). */
  config: ResolvedConfig;
  rules: readonly Rule[];
  readFile: (file: string) => string | undefined;
  factsOf: (file: string) => FileFacts | undefined;
  dockerFactsOf: (file: string) => DockerfileFacts | undefined;
  isTestFile: (file: string) => boolean;
  /** What the program rules handed the report when the folder was judged (ProgramContext.evidence), by rule id. */
  ruleEvidence?: Readonly<Record<string, unknown>>;
}

export function folderReport(source: ReportSource): FolderReport {
  const facts = workspaceFacts(source.root, source.files, source.readFile, source.factsOf, source.isTestFile);
  const docker: DockerEvidence[] = [];
  for (const file of source.files) {
    if (languageOf(file) !== 'dockerfile') continue;
    const dockerFacts = source.dockerFactsOf(file);
    if (dockerFacts) docker.push(dockerEvidence(toPosix(path.relative(source.root, file)), dockerFacts));
  }
  return buildFolderReport({ ...source, facts, docker });
}
