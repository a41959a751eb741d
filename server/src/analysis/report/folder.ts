/**
 * One workspace folder's report from a finished scan: computes the workspace facts, adapts the
 * Dockerfile facts, and weighs them with the findings (./build.ts). Shared by the server and the CLI.
 */
import * as path from 'node:path';
import type { Finding } from '../finding';
import type { Rule } from '../rule';
import type { ResolvedConfig } from '../config/config';
import { workspaceFacts } from '../facts/workspace';
import { languageOf } from '../languages/detect';
import { toPosix } from '../engine';
import { buildFolderReport, type DockerEvidence } from './build';
import { dockerEvidence } from './docker';
import type { FolderReport } from './model';

export interface FolderScan {
  root: string;
  name?: string;
  files: readonly string[];
  findings: readonly Finding[];
  config: ResolvedConfig;
  rules: readonly Rule[];
  readFile: (file: string) => string | undefined;
}

export function folderReport(scan: FolderScan): FolderReport {
  const facts = workspaceFacts(scan.root, scan.files, scan.readFile, { testFiles: scan.config.testFiles });
  const docker: DockerEvidence[] = [];
  for (const file of scan.files) {
    if (languageOf(file) !== 'dockerfile') continue;
    const text = scan.readFile(file);
    if (text !== undefined) docker.push(dockerEvidence(toPosix(path.relative(scan.root, file)), text));
  }
  return buildFolderReport({ ...scan, facts, docker });
}
