/**
 * Per-document validation scheduling: an isolated edit is analysed on the next tick (an editor never
 * notices), while a burst of keystrokes is coalesced into one run per `interval`.
 *
 * Edits that arrive while a run is busy are only read once it has finished (the connection hands
 * over one message per turn of the event loop), so the first of them would look isolated and start
 * a run of its own, and so would the next: on a file that takes longer to analyse than the typist
 * takes per key, every keystroke got its own run and the latency grew with the burst (seconds on a
 * 10,000-line file, bench/README.md). An edit read within BUSY_MS of the end of a run is part
 * of a burst: it waits `interval`, and the edits queued behind it join the same run.
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
    const since = now - (this.lastRun.get(uri) ?? -Infinity);
    const sinceEnd = now - (this.lastEnd.get(uri) ?? -Infinity);
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
    let delay: number;
    if (sinceEnd < BUSY_MS) delay = this.interval;
    else if (since >= this.interval) delay = 0;
    else delay = this.interval - since;
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
