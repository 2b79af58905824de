// The console's text, capped in memory: the oldest output goes first once the cap is
// reached, and a marker line says how much was dropped.

export type ConsoleKind = 'stdout' | 'stderr' | 'info' | 'warning' | 'error' | 'system';

export interface ConsoleEntry {
  id: number;
  runId: string | null;
  kind: ConsoleKind;
  text: string;
}

export const DEFAULT_MAX_CHARS = 1_000_000;
export const DEFAULT_MAX_ENTRIES = 5_000;

export class ConsoleBuffer {
  private items: ConsoleEntry[] = [];
  private chars = 0;
  private nextId = 1;
  private dropped = 0;
  private snapshot: ConsoleEntry[] | null = null;

  constructor(
    private readonly maxChars = DEFAULT_MAX_CHARS,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  /**
   * Adds text. Stream output is appended to the previous chunk of the same stream (so lines
   * split across chunks stay whole); messages (info, error…) always start on a line of
   * their own.
   */
  push(runId: string | null, kind: ConsoleKind, text: string): void {
    if (!text) return;
    const last = this.items[this.items.length - 1];
    const isStream = kind === 'stdout' || kind === 'stderr';
    if (isStream && last && last.kind === kind && last.runId === runId && last.text.length < 8192) {
      this.items[this.items.length - 1] = { ...last, text: last.text + text };
    } else {
      if (last && !last.text.endsWith('\n')) {
        this.items[this.items.length - 1] = { ...last, text: last.text + '\n' };
        this.chars += 1;
      }
      const line = isStream || text.endsWith('\n') ? text : `${text}\n`;
      this.items.push({ id: this.nextId++, runId, kind, text: line });
      this.chars += line.length - text.length;
    }
    this.chars += text.length;
    this.trim();
    this.snapshot = null;
  }

  clear(): void {
    this.items = [];
    this.chars = 0;
    this.dropped = 0;
    this.snapshot = null;
  }

  /** The entries to show, oldest first; the same array until something changes. */
  entries(): ConsoleEntry[] {
    if (!this.snapshot) {
      this.snapshot = this.dropped
        ? [
            {
              id: 0,
              runId: null,
              kind: 'system',
              text: `… ${this.dropped.toLocaleString('en-US')} earlier characters dropped (console limit)\n`,
            },
            ...this.items,
          ]
        : [...this.items];
    }
    return this.snapshot;
  }

  get size(): number {
    return this.chars;
  }

  private trim(): void {
    while (
      this.items.length > 1 &&
      (this.chars > this.maxChars || this.items.length > this.maxEntries)
    ) {
      const first = this.items.shift() as ConsoleEntry;
      this.chars -= first.text.length;
      this.dropped += first.text.length;
    }
    const only = this.items[0];
    if (only && this.chars > this.maxChars) {
      // A single huge chunk: keep its tail.
      const cut = this.chars - this.maxChars;
      this.items[0] = { ...only, text: only.text.slice(cut) };
      this.chars -= cut;
      this.dropped += cut;
    }
  }
}
