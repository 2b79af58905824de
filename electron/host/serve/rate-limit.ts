// Wrong tokens, rate limited per remote address with exponential back-off: a few tries are
// free (a mistyped paste), then each wrong token doubles the wait, up to a ceiling. Note
// that on loopback every local user is the same address: one who guesses slows the others
// down too, for at most the ceiling.

export interface BackOffOptions {
  /** Wrong tokens an address may send before it has to wait. */
  freeTries: number;
  /** The first wait; each further wrong token doubles it. */
  firstWaitMs: number;
  maxWaitMs: number;
  /** Addresses remembered at most (the oldest is forgotten first). */
  maxAddresses: number;
}

export const DEFAULT_BACK_OFF: BackOffOptions = {
  freeTries: 3,
  firstWaitMs: 1000,
  maxWaitMs: 60_000,
  maxAddresses: 10_000,
};

interface Record {
  failures: number;
  until: number;
  last: number;
}

export class WrongTokenLimiter {
  private readonly byAddress = new Map<string, Record>();

  constructor(
    private readonly options: BackOffOptions = DEFAULT_BACK_OFF,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long this address must wait before its token is looked at again; 0: not at all. */
  waitMs(address: string): number {
    const record = this.byAddress.get(normalise(address));
    return record ? Math.max(0, record.until - this.now()) : 0;
  }

  /** Notes a wrong token from this address. */
  failed(address: string): void {
    const key = normalise(address);
    const now = this.now();
    const record = this.byAddress.get(key) ?? { failures: 0, until: 0, last: now };
    // A long quiet spell (the ceiling twice over) forgets earlier mistakes.
    if (now - record.last > 2 * this.options.maxWaitMs) record.failures = 0;
    record.failures += 1;
    record.last = now;
    const over = record.failures - this.options.freeTries;
    record.until =
      over > 0
        ? now + Math.min(this.options.maxWaitMs, this.options.firstWaitMs * 2 ** (over - 1))
        : 0;
    this.byAddress.delete(key); // re-inserted: the map's order is oldest first
    this.byAddress.set(key, record);
    if (this.byAddress.size > this.options.maxAddresses) {
      this.byAddress.delete(this.byAddress.keys().next().value as string);
    }
  }

  /** The right token from this address: its record is cleared. */
  succeeded(address: string): void {
    this.byAddress.delete(normalise(address));
  }
}

/** IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d: one address either way. */
function normalise(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/** The refusal, as the client sees it. */
export function tooManyTriesMessage(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return (
    `Too many wrong tokens from this address: wait ${seconds} s before trying again ` +
    '(each wrong token doubles the wait). Open the URL that `twinforge serve` printed.'
  );
}
