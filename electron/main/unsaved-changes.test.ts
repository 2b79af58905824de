import { describe, expect, it, vi } from 'vitest';
import { confirmUnsavedClose, type UnloadEvent } from './unsaved-changes';

function windowWithUnsavedScript(answer: number) {
  let listener: ((event: UnloadEvent) => void) | undefined;
  const ask = vi.fn(() => answer);
  confirmUnsavedClose({ on: (_name, l) => (listener = l) }, ask);
  const event = { preventDefault: vi.fn() };
  listener?.(event);
  return { ask, event };
}

describe('closing the window with unsaved changes', () => {
  it('asks, and closes when the user discards the changes', () => {
    const { ask, event } = windowWithUnsavedScript(0);
    expect(ask).toHaveBeenCalledOnce();
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('keeps the window (and the edits) when the user keeps editing', () => {
    const { event } = windowWithUnsavedScript(1);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });
});
