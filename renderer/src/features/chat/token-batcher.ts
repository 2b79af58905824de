// Streamed text arrives in many small events; the UI takes it once per animation frame,
// so a 100+ tokens/s answer costs one render per frame, not one per token.

export type FrameScheduler = (callback: () => void) => void;

const defaultScheduler: FrameScheduler = (cb) =>
  typeof requestAnimationFrame === 'function'
    ? void requestAnimationFrame(cb)
    : void setTimeout(cb, 16);

export class TokenBatcher {
  private content = '';
  private thinking = '';
  private scheduled = false;

  constructor(
    private readonly flush: (content: string, thinking: string) => void,
    private readonly schedule: FrameScheduler = defaultScheduler,
  ) {}

  push(content: string, thinking: string): void {
    this.content += content;
    this.thinking += thinking;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.drain());
  }

  /** Hands on what is pending now (at the end of a stream). */
  drain(): void {
    this.scheduled = false;
    if (!this.content && !this.thinking) return;
    const content = this.content;
    const thinking = this.thinking;
    this.content = '';
    this.thinking = '';
    this.flush(content, thinking);
  }
}
