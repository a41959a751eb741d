/**
 * Per-document validation scheduling: an edit is analysed on the next tick (an editor never notices),
 * unless it was typed while its document's last run was busy; then it waits as long as that run took
 * (at most `interval`), and the edits queued behind it join one run.
 *
 * Edits that arrive while a run is busy are only read once it has finished (the connection hands
 * over one message per turn of the event loop), so the first of them would look isolated and start
 * a run of its own, and so would the next: on a file that takes longer to analyse than the typist
 * takes per key, every keystroke got its own run and the latency grew with the burst (seconds on a
 * 10,000-line file, bench/README.md). An edit read within BUSY_MS of the end of a run is part
 * of such a burst.
 *
 * A burst the runs keep up with (a 2,000-line file analysed in under 10 ms, a key every 30 ms) is
 * not held back: each key is analysed at once. It used to wait out `interval` from the previous
 * run's start as well, which held a fast typist's diagnostics back by 70–130 ms on every key, and a
 * run that started late (behind other work) held back the next, paced edit too.
 */
/** Time and timers, injectable so the scheduling logic is tested without real time. */
export interface SchedulerClock {
  now(): number;
  /** Runs `fn` after `ms` (0: on the next turn of the event loop); returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

const REAL_CLOCK: SchedulerClock = {
  now: () => performance.now(),
  after(ms, fn) {
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timeout = setTimeout(fn, ms);
    return () => clearTimeout(timeout);
  },
};

export class ValidationScheduler {
  private readonly timers = new Map<string, () => void>();
  private readonly lastRun = new Map<string, number>();
  private readonly lastEnd = new Map<string, number>();

  constructor(
    private readonly run: (uri: string) => void | Promise<void>,
    private readonly interval = 120,
    private readonly clock: SchedulerClock = REAL_CLOCK,
  ) {}

  schedule(uri: string): void {
    if (this.timers.has(uri)) return; // a run is already pending and will see the latest text
    const now = this.clock.now();
    const lastRun = this.lastRun.get(uri);
    const lastEnd = this.lastEnd.get(uri);
    let delay = 0;
    if (lastRun !== undefined) {
      // Its last run is still going (it waits for settings): the run after it, later.
      if (lastEnd === undefined || lastEnd < lastRun) delay = this.interval;
      // Queued behind the run that just ended: wait as long as that run took, so the document's analysis
      // takes at most half of a burst; at least long enough for the rest of the queue to be read.
      else if (now - lastEnd < BUSY_MS) delay = Math.min(this.interval, Math.max(JOIN_MS, lastEnd - lastRun));
    }
    const fire = () => {
      this.timers.delete(uri);
      this.lastRun.set(uri, this.clock.now());
      const ended = () => void this.lastEnd.set(uri, this.clock.now());
      try {
        const result = this.run(uri);
        if (result) result.then(ended, ended);
        else ended();
      } catch (error) {
        ended();
        throw error;
      }
    };
    this.timers.set(uri, this.clock.after(delay, fire));
  }

  /** Whether a run for this document is waiting (a newer edit arrived). */
  isPending(uri: string): boolean {
    return this.timers.has(uri);
  }

  /** Whether any document's run is waiting. */
  hasPending(): boolean {
    return this.timers.size > 0;
  }

  cancel(uri: string): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
    this.lastRun.delete(uri);
    this.lastEnd.delete(uri);
  }
}

/** An edit read this soon after a run ended was queued during it. */
const BUSY_MS = 5;

/** The least a queued edit waits: the connection hands over the rest of the queue meanwhile (a message per turn of the event loop). */
const JOIN_MS = 10;
