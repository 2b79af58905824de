// Sends at once when idle; while a send is in flight, keeps only the newest value and sends
// it when the previous one is done. A burst of keystrokes costs two sends, and the last
// keystroke reaches the host a send's time after it was typed, never later.
export class LatestOnly<T> {
  private busy = false;
  private pending: { value: T } | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly send: (value: T) => Promise<unknown>) {}

  push(value: T): void {
    if (this.busy) {
      this.pending = { value };
      return;
    }
    void this.run(value);
  }

  /** Resolves once nothing is in flight or pending. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(value: T): Promise<void> {
    this.busy = true;
    try {
      await this.send(value);
    } catch {
      // The sender reports its own failures; the next value is still sent.
    }
    const next = this.pending;
    this.pending = null;
    if (next) {
      void this.run(next.value);
      return;
    }
    this.busy = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
