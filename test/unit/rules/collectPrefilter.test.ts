/**
 * The program rules' collectors and their pre-filters: a file the pre-filter rejects (and that is not
 * rich, facts/lexicalFacts.ts) is never parsed, so the collector must find nothing in it. Checked on
 * every fixture and example: whenever a collector records something, its pre-filter said yes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeRaw } from '../../../server/src/analysis';
import { richFactsPrefilter } from '../../../server/src/analysis/facts/lexicalFacts';
import { RULES } from '../../../server/src/analysis/registry';
import { maySwitch } from '../../../server/src/analysis/knowledge/startup';
import { scriptsUnder } from '../../helpers/scripts';

const ROOT = path.resolve(__dirname, '../../..');

describe('program rules: collectors and their pre-filters', () => {
  const collecting = RULES.filter((r) => r.program?.collect);

  it('every collecting rule has a pre-filter that rejects a plain module', () => {
    const plain = "import { a } from './a';\nexport function add(x: number, y: number) {\n  return a(x) + y;\n}\n";
    for (const rule of collecting) assert.equal(rule.program!.collect!.prefilter?.(plain), false, rule.meta.id);
  });

  it('say yes to every fixture file their collector finds something in', () => {
    const files = scriptsUnder(['test/fixtures', 'test/fixtures-report', 'examples']);
    assert.ok(files.length > 50);
    const missed: string[] = [];
    let found = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      if (richFactsPrefilter(text)) continue; // parsed whatever the rules say
      const facts = analyzeRaw({ file, text }, { root: path.dirname(file), prefilter: false, rules: collecting }).facts;
      for (const rule of collecting) {
        if (facts?.rules?.[rule.meta.id] === undefined) continue;
        found++;
        if (!rule.program!.collect!.prefilter!(text)) missed.push(`${rule.meta.id} ${path.relative(ROOT, file)}`);
      }
    }
    assert.ok(found > 5, `${found} files with collected facts`);
    assert.deepEqual(missed, []);
  });

  it('switches: a condition and a switch word on one line, loader maps, arrays of functions', () => {
    assert.equal(maySwitch('if (config.jobs.enabled) startJobs();\n'), true);
    assert.equal(maySwitch('if (RUN_JOBS) startJobs();\n'), true);
    assert.equal(maySwitch('isDev && sync();\n'), true);
    assert.equal(maySwitch("const loaders = { cron: () => import('./cron') };\n"), true);
    assert.equal(maySwitch('const tasks = [initTasks.connect, initTasks.syncSchemas];\n'), true);
    assert.equal(maySwitch('if (a > b) swap();\nconst [x, y] = pair;\nconst v = /x/.test(s) ? 1 : 2;\n'), false);
    assert.equal(maySwitch('export async function load(id?: string) {\n  return id ?? null;\n}\n'), false);
  });
});
