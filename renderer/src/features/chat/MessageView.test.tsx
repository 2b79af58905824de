import '../../testing/jsdom-shims';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageView, StreamingView } from './MessageView';

// A clipboard for the whole file: Monaco's clipboard support (its WebKit workaround, on in
// jsdom) writes to it on every click once it has started.
const writeText = vi.fn((_text: string) => Promise.resolve());
vi.stubGlobal(
  'ClipboardItem',
  class {
    // Like the browser's, it takes the promises it is given (Monaco cancels stale ones).
    constructor(items: Record<string, unknown>) {
      for (const value of Object.values(items)) Promise.resolve(value).catch(() => undefined);
    }
  },
);
Object.defineProperty(navigator, 'clipboard', {
  value: { writeText, write: () => Promise.resolve() },
  configurable: true,
});

afterEach(() => {
  cleanup();
  writeText.mockClear();
});

const answer =
  'Here is the script:\n\n```python\nimport pychrono as chrono\nsys = chrono.ChSystemNSC()\n```\n\nIt creates a system.';

describe('MessageView', () => {
  it('shows the thinking apart and collapsed, and the answer as Markdown', () => {
    render(
      <MessageView
        message={{
          id: 'a',
          role: 'assistant',
          content: answer,
          thinking: 'I need a system.',
          createdAt: '',
          model: 'm',
          state: 'complete',
        }}
      />,
    );
    const thinking = screen.getByTestId('chat-thinking') as HTMLDetailsElement;
    expect(thinking.open).toBe(false);
    expect(thinking.textContent).toContain('I need a system.');
    expect(screen.getByText('It creates a system.').tagName).toBe('P');
  });

  it('copies a code block with its button', async () => {
    render(
      <MessageView
        message={{ id: 'a', role: 'assistant', content: answer, createdAt: '', state: 'complete' }}
      />,
    );
    const button = await screen.findByRole('button', { name: 'Copy code' });
    fireEvent.click(button);
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    expect(writeText.mock.calls[0]).toEqual([
      expect.stringContaining('sys = chrono.ChSystemNSC()'),
    ]);
  });

  it('offers to pull a missing model', () => {
    const onPull = vi.fn();
    render(
      <MessageView
        message={{
          id: 'a',
          role: 'assistant',
          content: '',
          createdAt: '',
          model: 'qwen3:8b',
          state: 'error',
          errorKind: 'model-missing',
          notice: 'not installed',
        }}
        onPull={onPull}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Pull qwen3:8b' }));
    expect(onPull).toHaveBeenCalledWith('qwen3:8b');
  });
});

describe('StreamingView', () => {
  it('renders the growing answer, with an unclosed code block as code', () => {
    render(<StreamingView content={'```python\nimport pychro'} thinking="" />);
    expect(screen.getByTestId('chat-streaming').querySelector('pre code')?.textContent).toContain(
      'import pychro',
    );
  });
});
