/** Fixture workspaces for the report tests, copied to a temporary folder (so no outer .git is seen). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scan } from '../../../server/src/analysis';
import type { FolderReport } from '../../../server/src/analysis/report/model';

export const FIXTURES = path.resolve(__dirname, '../../fixtures-report');

/** Copies the fixtures to a fresh temporary folder: `compliant-service` gets a `.git`, `empty` is created. */
export function copyFixtures(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfl-report-'));
  fs.cpSync(FIXTURES, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'compliant-service', '.git'));
  fs.writeFileSync(path.join(dir, 'compliant-service', '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The CLI's path: a session indexed once, then its report. */
export function reportOf(root: string): FolderReport {
  return scan(root).session.report();
}
