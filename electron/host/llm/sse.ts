// Server-sent events as OpenAI-compatible servers stream them: `data: <json>` lines, events
// separated by a blank line, `data: [DONE]` at the end. Pure and incremental: feed it the
// text as it arrives, in any chunking.

export interface SseEvent {
  event: string | null;
  data: string;
}

export class SseParser {
  private buffer = '';

  /** Returns the events completed by this chunk. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) events.push(event);
    }
    return events;
  }

  /** The last event, when the stream ends without its blank line. */
  flush(): SseEvent[] {
    const rest = this.buffer;
    this.buffer = '';
    const event = rest.trim() ? parseBlock(rest) : null;
    return event ? [event] : [];
  }
}

function parseBlock(block: string): SseEvent | null {
  const data: string[] = [];
  let event: string | null = null;
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue; // comments keep connections alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }
  return data.length > 0 ? { event, data: data.join('\n') } : null;
}

/** What one chunk of an OpenAI-compatible chat stream carries. */
export interface ChatChunk {
  content: string;
  /** Reasoning text (llama.cpp, vLLM and LM Studio call it reasoning_content or reasoning). */
  thinking: string;
  finishReason: string | null;
  usage: { promptTokens: number | null; answerTokens: number | null } | null;
  done: boolean;
  error: string | null;
}

export function parseChatChunk(data: string): ChatChunk {
  const empty: ChatChunk = {
    content: '',
    thinking: '',
    finishReason: null,
    usage: null,
    done: false,
    error: null,
  };
  if (data.trim() === '[DONE]') return { ...empty, done: true };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ...empty, error: `The server sent an unreadable event: ${data.slice(0, 120)}` };
  }
  const obj = json as {
    choices?: {
      delta?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown };
      finish_reason?: unknown;
    }[];
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
    error?: { message?: unknown } | string;
  };
  if (obj.error) {
    const message =
      typeof obj.error === 'string' ? obj.error : String(obj.error.message ?? 'server error');
    return { ...empty, error: message };
  }
  const choice = obj.choices?.[0];
  const delta = choice?.delta ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    content: text(delta.content),
    thinking: text(delta.reasoning_content) || text(delta.reasoning),
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null,
    usage: obj.usage
      ? {
          promptTokens: num(obj.usage.prompt_tokens),
          answerTokens: num(obj.usage.completion_tokens),
        }
      : null,
    done: false,
    error: null,
  };
}
