/**
 * ValidationScheduler: edits run at once while the runs keep up; edits read right after a run (queued
 * behind it) are coalesced.
 * Driven by a fake clock: the logic is tested, not the machine's speed (timings are the bench's).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationScheduler, type SchedulerClock } from '../../../server/src/lsp/scheduler';

/** A clock whose time moves only when told; timers fire in time order as it advances. */
class FakeClock implements SchedulerClock {
  time = 0;
  private queue: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  now(): number {
    return this.time;
  }
  after(ms: number, fn: () => void): () => void {
    const entry = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.queue.push(entry);
    return () => (this.queue = this.queue.filter((e) => e !== entry));
  }
  /** Moves time forward by `ms`, firing every timer due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      if (!next || next.at > end) break;
      this.queue.shift();
      this.time = next.at;
      next.fn();
    }
    this.time = Math.max(this.time, end); // a run may have moved it on (a long analysis)
  }
  get pending(): number {
    return this.queue.length;
  }
}

describe('ValidationScheduler', () => {
  it('an isolated edit runs on the next tick', () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const scheduler = new ValidationScheduler(() => void runs.push(clock.now()), 120, clock);
    scheduler.schedule('a');
    assert.equal(runs.length, 0, 'not synchronously');
    clock.advance(0);
    assert.deepEqual(runs, [0]);
  });

  it('hasPending: true from an edit until its run starts, for any document', () => {
    const clock = new FakeClock();
    const scheduler: ValidationScheduler = new ValidationScheduler(() => assert.equal(scheduler.hasPending(), false), 120, clock);
    assert.equal(scheduler.hasPending(), false);
    scheduler.schedule('a');
    assert.equal(scheduler.hasPending(), true);
    clock.advance(0);
    assert.equal(scheduler.hasPending(), false);
    scheduler.schedule('b');
    scheduler.cancel('b');
    assert.equal(scheduler.hasPending(), false);
  });

  it('edits while a run is pending join it; an edit after the run ended runs at once, however soon after the last (the runs keep up)', () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const scheduler = new ValidationScheduler(
      () => {
        runs.push(clock.now());
        clock.time += 7; // a 2,000-line file's keystroke
      },
      120,
      clock,
    );
    scheduler.schedule('a');
    scheduler.schedule('a');
    clock.advance(0);
    assert.deepEqual(runs, [0], 'one run for both');
    // A fast typist: a key every 30 ms, each read 23 ms after the previous run ended.
    for (let key = 1; key <= 4; key++) {
      clock.advance(30 * key - clock.time);
      scheduler.schedule('a');
      clock.advance(0);
    }
    assert.deepEqual(runs, [0, 30, 60, 90, 120], 'each key analysed when typed');
  });

  it('edits queued behind a short run wait as long as it took (at least JOIN_MS), not the whole interval, and join one run', () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const scheduler = new ValidationScheduler(
      () => {
        runs.push(clock.now());
        clock.time += 25;
      },
      120,
      clock,
    );
    scheduler.schedule('a');
    clock.advance(0);
    // Three keys typed during the 25 ms run, read one per tick as it ended.
    for (let i = 0; i < 3; i++) scheduler.schedule('a');
    assert.equal(clock.pending, 1, 'one run pending for the three');
    clock.advance(24);
    assert.deepEqual(runs, [0], 'as long as the run took');
    clock.advance(1);
    assert.deepEqual(runs, [0, 50]);
  });

  it('a run that started late does not hold back the next edit', () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const scheduler = new ValidationScheduler(() => void runs.push(clock.now()), 120, clock);
    // An edit read 40 ms late (the event loop was busy), then the next key 130 ms after the first was typed.
    clock.advance(40);
    scheduler.schedule('a');
    clock.advance(0);
    clock.advance(90);
    scheduler.schedule('a');
    clock.advance(0);
    assert.deepEqual(runs, [40, 130]);
  });

  it('an edit typed while its run waits (for settings) joins a run after the interval', () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    let release!: () => void;
    const scheduler = new ValidationScheduler(
      () => {
        runs.push(clock.now());
        return new Promise<void>((resolve) => (release = resolve));
      },
      120,
      clock,
    );
    scheduler.schedule('a');
    clock.advance(0);
    clock.advance(10);
    scheduler.schedule('a');
    clock.advance(119);
    assert.deepEqual(runs, [0], 'not while the first is still going');
    clock.advance(1);
    assert.deepEqual(runs, [0, 130]);
    release();
  });

  it('edits queued while a run longer than the interval was busy join one run, instead of one run each', () => {
    const clock = new FakeClock();
    let runs = 0;
    const scheduler = new ValidationScheduler(
      () => {
        runs++;
        clock.time += 60; // a long analysis: time passes while it runs
      },
      30,
      clock,
    );
    scheduler.schedule('a');
    clock.advance(0);
    assert.equal(runs, 1);
    // Five edits read one per tick right after it ended, as the connection delivers them.
    for (let i = 0; i < 5; i++) scheduler.schedule('a');
    assert.equal(clock.pending, 1, 'one run pending for the five edits');
    clock.advance(29);
    assert.equal(runs, 1, 'a burst waits the interval');
    clock.advance(1);
    assert.equal(runs, 2, 'the five queued edits made one run');
  });

  it('an edit long after the previous run ended runs at once again; cancel forgets the document', () => {
    const clock = new FakeClock();
    let runs = 0;
    const scheduler = new ValidationScheduler(() => void runs++, 120, clock);
    scheduler.schedule('a');
    clock.advance(150);
    scheduler.schedule('a');
    clock.advance(0);
    assert.equal(runs, 2);
    scheduler.schedule('a');
    scheduler.cancel('a');
    clock.advance(150);
    assert.equal(runs, 2);
    assert.equal(clock.pending, 0);
  });

  it('documents are scheduled independently', () => {
    const clock = new FakeClock();
    const runs: string[] = [];
    const scheduler = new ValidationScheduler((uri) => void runs.push(uri), 120, clock);
    scheduler.schedule('a');
    scheduler.schedule('b');
    clock.advance(0);
    assert.deepEqual(runs, ['a', 'b']);
  });
});
