/**
 * Per-document validation scheduling: an isolated edit is analysed on the next tick (an editor never
 * notices), while a burst of keystrokes is coalesced into one run per `interval`.
 */
export class ValidationScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout | NodeJS.Immediate>();
  private readonly lastRun = new Map<string, number>();

  constructor(
    private readonly run: (uri: string) => void,
    private readonly interval = 120,
  ) {}

  schedule(uri: string): void {
    if (this.timers.has(uri)) return; // a run is already pending and will see the latest text
    const since = performance.now() - (this.lastRun.get(uri) ?? -Infinity);
    const fire = () => {
      this.timers.delete(uri);
      this.lastRun.set(uri, performance.now());
      this.run(uri);
    };
    this.timers.set(uri, since >= this.interval ? setImmediate(fire) : setTimeout(fire, this.interval - since));
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
    }
    this.timers.delete(uri);
    this.lastRun.delete(uri);
  }
}
