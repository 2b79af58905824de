import type { RunSummary } from '../common/contract/runtime';

/**
 * Human-readable progress of `twinforge run` on stderr: the script's own output passes
 * through, and a status line (simulated time, real-time factor, frames) is redrawn in
 * place on a terminal, or printed every few seconds when stderr is a file.
 */
export class Progress {
  private lineShown = false;
  private lastPrinted = Date.now();
  private readonly tty = Boolean(process.stderr.isTTY);

  print(stream: 'stdout' | 'stderr', text: string): void {
    this.clearLine();
    (stream === 'stdout' ? process.stdout : process.stderr).write(text);
  }

  status(s: RunSummary): void {
    if (s.status !== 'running' && s.status !== 'paused') return;
    const line = `${s.status}: t = ${s.simTime.toFixed(3)} s, ${s.wallTime.toFixed(1)} s wall, ${formatFactor(s.realtimeFactor)}, ${s.frames} frames`;
    if (this.tty) {
      process.stderr.write(`\r\x1b[K${line}`);
      this.lineShown = true;
    } else if (Date.now() - this.lastPrinted > 5000) {
      this.lastPrinted = Date.now();
      process.stderr.write(`${line}\n`);
    }
  }

  done(): void {
    this.clearLine();
  }

  private clearLine(): void {
    if (!this.lineShown) return;
    process.stderr.write('\r\x1b[K');
    this.lineShown = false;
  }
}

export function formatFactor(rtf: number): string {
  return `${rtf >= 10 ? rtf.toFixed(0) : rtf.toFixed(2)}x real time`;
}
