/** ValidationScheduler: isolated edits run at once; edits read right after a long run are coalesced. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationScheduler } from '../../../server/src/lsp/scheduler';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* a long analysis */
  }
};

describe('ValidationScheduler', () => {
  it('an isolated edit runs on the next tick', async () => {
    const runs: number[] = [];
    const started = performance.now();
    const scheduler = new ValidationScheduler(() => void runs.push(performance.now() - started), 120);
    scheduler.schedule('a');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runs.length, 1);
    assert.ok(runs[0] < 100, `ran after ${runs[0]} ms`);
  });

  it('edits queued while a run longer than the interval was busy join one run, instead of one run each', async () => {
    let runs = 0;
    const scheduler = new ValidationScheduler(async () => {
      runs++;
      busy(60);
    }, 30);
    scheduler.schedule('a');
    await sleep(5); // the first run happens (60 ms, blocking)
    assert.equal(runs, 1);
    // Five edits read one per tick right after it ended, as the connection delivers them.
    for (let i = 0; i < 5; i++) {
      scheduler.schedule('a');
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sleep(150);
    assert.equal(runs, 2, 'the five queued edits made one run');
  });

  it('an edit long after the previous run ended runs at once again; cancel forgets the document', async () => {
    let runs = 0;
    const scheduler = new ValidationScheduler(() => void runs++, 120);
    scheduler.schedule('a');
    await sleep(150);
    scheduler.schedule('a');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runs, 2);
    scheduler.schedule('a');
    scheduler.cancel('a');
    await sleep(150);
    assert.equal(runs, 2);
  });
});
