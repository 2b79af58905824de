import { describe, expect, it } from 'vitest';
import { parseChatChunk, SseParser } from './sse';

describe('SseParser', () => {
  it('splits events however the text is chunked', () => {
    const text = 'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n';
    for (const size of [1, 3, 7, text.length]) {
      const parser = new SseParser();
      const got: string[] = [];
      for (let i = 0; i < text.length; i += size)
        got.push(...parser.push(text.slice(i, i + size)).map((e) => e.data));
      expect(got).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
    }
  });

  it('handles CRLF, comments, event names and multi-line data', () => {
    const parser = new SseParser();
    const events = parser.push(
      ': keep-alive\r\n\r\nevent: error\r\ndata: line1\r\ndata: line2\r\n\r\n',
    );
    expect(events).toEqual([{ event: 'error', data: 'line1\nline2' }]);
  });

  it('keeps a last event that lacks its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('data: x')).toEqual([]);
    expect(parser.flush()).toEqual([{ event: null, data: 'x' }]);
  });
});

describe('parseChatChunk', () => {
  it('reads content, reasoning and the finish reason', () => {
    const c = parseChatChunk(
      '{"choices":[{"delta":{"content":"hi","reasoning_content":"hm"},"finish_reason":null}]}',
    );
    expect(c).toMatchObject({ content: 'hi', thinking: 'hm', finishReason: null, done: false });
    expect(parseChatChunk('{"choices":[{"delta":{},"finish_reason":"length"}]}').finishReason).toBe(
      'length',
    );
  });

  it('reads usage from the final chunk', () => {
    const c = parseChatChunk(
      '{"choices":[],"usage":{"prompt_tokens":120,"completion_tokens":800}}',
    );
    expect(c.usage).toEqual({ promptTokens: 120, answerTokens: 800 });
  });

  it('recognises the end marker and errors', () => {
    expect(parseChatChunk('[DONE]').done).toBe(true);
    expect(parseChatChunk('{"error":{"message":"out of memory"}}').error).toBe('out of memory');
    expect(parseChatChunk('not json').error).toMatch(/unreadable/);
  });
});
