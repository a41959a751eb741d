/**
 * The folder's judgement in steps (ProjectModel.judgeInSteps), with the folder changed at one of its
 * pauses: while it finds the entry points, inside a 201-file program's import graph (it pauses every 16
 * files), between programs, between rules. Whatever the pause, the judgement it ends with is a fresh
 * judge() of the folder as it is then.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../../server/src/analysis/registry';
import { brief, modelOf, ROOT } from './helpers';

const abs = (rel: string) => path.join(ROOT, rel);
const handleSigterm = RULES.filter((r) => r.meta.id === 'disposability/handle-sigterm');

/** src/index.js requires a chain of n modules; the last starts a server without a SIGTERM handler. */
function chain(n: number, entryPoint: boolean): Record<string, string> {
  const pkg = entryPoint
    ? { scripts: { start: 'node src/index.js' }, dependencies: { express: '^4' } }
    : { dependencies: { express: '^4' } };
  const files: Record<string, string> = { 'package.json': JSON.stringify(pkg), 'src/index.js': `require('./m0');\n` };
  for (let i = 0; i < n; i++)
    files[`src/m${i}.js`] = i < n - 1 ? `require('./m${i + 1}');\n` : `require('express')().listen(process.env.PORT);\n`;
  return files;
}

/** Each change as a new text of one file (undefined: the file is removed). */
const CHANGES: Record<string, [string, string | undefined]> = {
  'a handler added mid-chain': ['src/m150.js', `require('./m151');\nprocess.on('SIGTERM', () => {});\n`],
  'the chain cut': ['src/m100.js', `\n`],
  'a new server file': ['src/zz.js', `require('./m5');\nrequire('express')().listen(1);\n`],
  'a file of the chain removed': ['src/m120.js', undefined],
  'package.json starts the server file': [
    'package.json',
    JSON.stringify({ scripts: { start: 'node src/m199.js' }, dependencies: { express: '^4' } }),
  ],
};

describe('ProjectModel: a change at any pause of a stepped judgement', () => {
  for (const entryPoint of [true, false])
    for (const [what, [file, text]] of Object.entries(CHANGES))
      it(`${entryPoint ? 'with' : 'without'} an entry point, ${what}: at each of its pauses the judgement equals a fresh one`, () => {
        let total = 0;
        for (const steps = modelOf(chain(200, entryPoint), handleSigterm).model.judgeInSteps(); !steps.next().done;) total++;
        assert.ok(total > 12, `${total} pauses`);
        for (let at = 1; at <= total; at++) {
          const { model, texts } = modelOf(chain(200, entryPoint), handleSigterm);
          const steps = model.judgeInSteps();
          let step = steps.next();
          let pauses = 0;
          for (; !step.done; step = steps.next()) {
            if (++pauses !== at) continue;
            if (text === undefined) {
              texts.delete(abs(file));
              model.remove(abs(file));
            } else if (file === 'package.json') {
              texts.set(abs(file), text);
              model.invalidate();
            } else model.update(abs(file), text);
          }
          const now = chain(200, entryPoint);
          if (at <= pauses) {
            if (text === undefined) delete now[file];
            else now[file] = text;
          }
          const fresh = modelOf(now, handleSigterm).model.judge();
          assert.deepEqual(brief(step.value.findings), brief(fresh.findings), `pause ${at}`);
          assert.deepEqual(step.value.evidence, fresh.evidence, `pause ${at}`);
        }
      });
});

describe('ProjectModel: a change at any pause of a stepped judgement, with a rule that judges in steps', () => {
  // 301 files (past the pause in the entry points' package lookup) and declared-dependency, which
  // pauses every 32 files of a program: m10 requires lodash, which package.json does not declare.
  const rules = RULES.filter((r) => r.meta.id === 'disposability/handle-sigterm' || r.meta.id === 'dependencies/declared-dependency');
  const folder = () => {
    const files = chain(300, true);
    files['src/m10.js'] = `require('./m11');\nrequire('lodash');\n`;
    return files;
  };
  const changes: Record<string, [string, string | undefined]> = {
    'package.json declares lodash': [
      'package.json',
      JSON.stringify({ scripts: { start: 'node src/index.js' }, dependencies: { express: '^4', lodash: '^4' } }),
    ],
    'the chain cut before the import': ['src/m5.js', `\n`],
  };
  for (const [what, [file, text]] of Object.entries(changes))
    it(`${what}: at each of its pauses the judgement equals a fresh one`, () => {
      let total = 0;
      for (const steps = modelOf(folder(), rules).model.judgeInSteps(); !steps.next().done;) total++;
      assert.deepEqual(
        brief(modelOf(folder(), rules).model.judge().findings).map((f) => `${f.file} ${f.messageId}`),
        ['src/m10.js undeclared', 'src/m299.js missingHandler'],
      );
      for (let at = 1; at <= total; at++) {
        const { model, texts } = modelOf(folder(), rules);
        const steps = model.judgeInSteps();
        let step = steps.next();
        let pauses = 0;
        for (; !step.done; step = steps.next()) {
          if (++pauses !== at) continue;
          texts.set(abs(file), text!);
          if (file === 'package.json') model.invalidate();
          else model.update(abs(file), text!);
        }
        const now = folder();
        now[file] = text!;
        const fresh = modelOf(now, rules).model.judge();
        assert.deepEqual(brief(step.value.findings), brief(fresh.findings), `pause ${at} of ${total}`);
      }
    });
});

describe('ProjectModel: a judgement voided by a change', () => {
  it('judges the current state in steps again, not at once in its last step', () => {
    // handle-sigterm, with its check counted: in which step of the judgement each check ran.
    let step = 0;
    const checked: number[] = [];
    const rules = handleSigterm.map((rule) => ({
      ...rule,
      program: {
        ...rule.program!,
        check: (context: Parameters<NonNullable<typeof rule.program>['check']>[0]) => {
          checked.push(step);
          return rule.program!.check(context);
        },
      },
    }));
    const { model } = modelOf(chain(200, true), rules);
    const steps = model.judgeInSteps();
    let result = steps.next();
    for (; !result.done; result = steps.next()) {
      step++;
      // Cut the chain at the second pause: the server file is no longer reached.
      if (step === 2) model.update(abs('src/m100.js'), `\n`);
    }
    assert.deepEqual(brief(result.value.findings), [], 'the judgement of the folder as it is now');
    assert.equal(checked.length, 1, 'the voided judgement stopped before its rule ran');
    assert.ok(checked[0] < step, `the rule ran in a step of its own (${checked[0]} of ${step}), not in the last one`);
  });
});
