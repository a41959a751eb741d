/** Reading workspace files from disk for analysis: shared by the in-process scan and the scan pool's workers. */
import * as fs from 'node:fs';
import type { AnalysisNote } from './finding';
import type { AnalysisHost } from './rule';
import { analyzeRaw, type FileAnalysis, type RawOptions } from './engine';
import { NO_SUPPRESSIONS } from './suppressions';
import { languageOf } from './languages/detect';
import { DEFAULT_MAX_FILE_SIZE } from './config/config';

/** Reads a file for analysis; undefined (with a note) when it cannot be read as text. */
export function readSourceFile(file: string, notes: AnalysisNote[], maxFileSize: number): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (stat.size > maxFileSize) {
      notes.push({
        file,
        kind: 'skipped',
        message: `Skipped: ${(stat.size / 1024 / 1024).toFixed(1)} MB is over the ${(maxFileSize / 1024 / 1024).toFixed(1)} MB limit (setting maxFileSize).`,
      });
      return undefined;
    }
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    notes.push({
      file,
      kind: 'unreadable',
      message: `Skipped: the file could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    });
    return undefined;
  }
}

export const diskHost: AnalysisHost = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/**
 * A host that reads each file once. The analyses of one index run ask for the same manifests,
 * tsconfigs and Dockerfiles file after file, and mostly for files that do not exist (a `package.json`
 * in each folder up to the root): in a 1,800-file scan, 9,800 reads of 2,700 files. Its owner keeps it
 * for one run and clears it when it hears that a file changed.
 */
export function memoHost(host: AnalysisHost): AnalysisHost & { clear(): void } {
  const texts = new Map<string, string | undefined>();
  return {
    readFile(file) {
      if (texts.has(file)) return texts.get(file);
      const text = host.readFile(file);
      texts.set(file, text);
      return text;
    },
    clear: () => texts.clear(),
  };
}

/**
 * Reads and analyses one file (analyzeRaw: findings before configuration). A file that cannot be
 * read comes back unparsed, with the reason as its only note (and no facts).
 */
export function analyzeDiskFile(file: string, options: RawOptions): FileAnalysis {
  const notes: AnalysisNote[] = [];
  const text = readSourceFile(file, notes, options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  if (text === undefined)
    return { file, language: languageOf(file), findings: [], notes, parsed: false, suppressions: NO_SUPPRESSIONS, reads: [] };
  return analyzeRaw({ file, text }, { ...options, host: options.host ?? diskHost });
}
