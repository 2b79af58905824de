// The host's LLM service against the fake Ollama server: models, details, loaded models,
// pulls with progress, streamed chat with num_ctx sizing, abort, and every failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient, HostEvents } from '../../electron/common/contract';
import type { PullProgress } from '../../electron/common/contract/llm';
import { Ollama } from 'ollama';
import { createHost, type Host } from '../../electron/host';
import { createFakeOllama, type FakeOllama } from '../fixtures/fake-ollama/fake-ollama.mjs';

let fake: FakeOllama;
let url: string;
let host: Host;
let client: HostClient;
let dir: string;
const events: { name: string; payload: unknown }[] = [];

beforeAll(async () => {
  fake = createFakeOllama({ pullStepMs: 5 });
  url = await fake.listen(0);
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  fake.reset();
  dir = mkdtempSync(join(tmpdir(), 'tf-llm-'));
  host = createHost({ userDataDir: dir, env: { OLLAMA_HOST: url } });
  client = host.connect('test');
  events.length = 0;
  client.subscribe((name, payload) => events.push({ name, payload }));
  await client.invoke('settings.update', { model: 'qwen2.5-coder:7b' });
});
afterEach(async () => {
  await host.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const tokens = (requestId: string) =>
  events
    .filter((e) => e.name === 'llm.token')
    .map((e) => e.payload as HostEvents['llm.token'])
    .filter((t) => t.requestId === requestId);

describe('server and models', () => {
  it('reports a reachable server found through OLLAMA_HOST', async () => {
    const status = await client.invoke('llm.status', {});
    expect(status).toEqual({
      provider: 'ollama',
      url,
      reachable: true,
      version: '0.12.3',
      error: null,
      model: 'qwen2.5-coder:7b',
    });
  });

  it('lists installed models with size, family and quantisation', async () => {
    const { models } = await client.invoke('llm.models', {});
    const coder = models.find((m) => m.name === 'qwen2.5-coder:7b');
    expect(coder).toMatchObject({ family: 'qwen2', quantization: 'Q4_K_M', parameterSize: '7.6B' });
    expect(coder!.sizeBytes).toBeGreaterThan(4e9);
  });

  it('shows the context length and capabilities of a model', async () => {
    expect(await client.invoke('llm.show', { model: 'qwen3:8b' })).toMatchObject({
      contextLength: 40960,
      capabilities: expect.arrayContaining(['thinking']),
    });
  });

  it('lists loaded models with their VRAM share, and unloads them', async () => {
    fake.state.gpuShare = 0.75;
    await client.invoke('llm.chat', {
      requestId: 'c1',
      kind: 'write',
      prompt: 'a simple pendulum',
      history: [],
    });
    const { models } = await client.invoke('llm.ps', {});
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({
      name: 'qwen2.5-coder:7b',
      gpuPercent: 75,
      contextLength: 8192,
    });
    expect(models[0].vramBytes).toBeLessThan(models[0].sizeBytes);
    await client.invoke('llm.unload', { model: 'qwen2.5-coder:7b' });
    expect((await client.invoke('llm.ps', {})).models).toEqual([]);
  });
});

describe('pull', () => {
  const progressOf = (pullId: string) =>
    events
      .filter((e) => e.name === 'llm.pullProgress')
      .map((e) => e.payload as PullProgress)
      .filter((p) => p.pullId === pullId);
  const waitDone = async (pullId: string) => {
    for (let i = 0; i < 500 && !progressOf(pullId).some((p) => p.done); i += 1)
      await new Promise((r) => setTimeout(r, 10));
    return progressOf(pullId);
  };

  it('streams progress with bytes, percent and speed, then installs the model', async () => {
    await client.invoke('llm.pull', { pullId: 'p1', model: 'codestral:22b' });
    const progress = await waitDone('p1');
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ done: true, error: null, status: 'success', percent: 100 });
    const mid = progress.filter((p) => p.percent !== null && p.percent > 0 && p.percent < 100);
    expect(mid.length).toBeGreaterThan(5);
    expect(mid.every((p, i) => i === 0 || p.completedBytes >= mid[i - 1].completedBytes)).toBe(
      true,
    );
    expect(mid.some((p) => (p.bytesPerSecond ?? 0) > 0)).toBe(true);
    expect((await client.invoke('llm.models', {})).models.map((m) => m.name)).toContain(
      'codestral:22b',
    );
  });

  it('can be cancelled, and the model is then not installed', async () => {
    fake.state.pullStepMs = 30;
    await client.invoke('llm.pull', { pullId: 'p2', model: 'deepseek-r1:7b' });
    await new Promise((r) => setTimeout(r, 120));
    expect((await client.invoke('llm.pullCancel', { pullId: 'p2' })).ok).toBe(true);
    const last = (await waitDone('p2')).at(-1)!;
    expect(last).toMatchObject({ done: true, cancelled: true });
    await new Promise((r) => setTimeout(r, 100));
    expect((await client.invoke('llm.models', {})).models.map((m) => m.name)).not.toContain(
      'deepseek-r1:7b',
    );
  });

  it('says when the name is unknown', async () => {
    await client.invoke('llm.pull', { pullId: 'p3', model: 'no-such-model:1b' });
    expect((await waitDone('p3')).at(-1)!.error).toMatch(/No model named no-such-model:1b/);
  });
});

describe('chat', () => {
  it('streams a recorded answer and extracts its script, sizing num_ctx from the prompt', async () => {
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'r1',
      kind: 'write',
      prompt: 'a simple pendulum with a revolute joint',
      history: [],
    });
    expect(outcome.state).toBe('complete');
    expect(outcome.error).toBeNull();
    expect(outcome.code).toMatch(/^import pychrono/m);
    expect(outcome.code).toContain('ChLinkLockRevolute');
    const streamed = tokens('r1')
      .map((t) => t.content)
      .join('');
    expect(streamed).toBe(outcome.answer);
    expect(tokens('r1').length).toBeGreaterThan(1);
    const sent = fake.state.requests[0];
    expect(sent.options.num_ctx).toBe(8192);
    expect(sent.messages[0].role).toBe('system');
    expect(outcome.context).toMatchObject({
      numCtx: 8192,
      maxContext: 32768,
      promptTruncated: false,
    });
    expect(outcome.context!.promptTokens).toBeGreaterThan(0);
  });

  it('sends the current script on turn 2 and keeps options identical (no model reload)', async () => {
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1' }, { simbench: 'gpt-4o-mini/pendulum/2' });
    const first = await client.invoke('llm.chat', {
      requestId: 't1',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    await client.invoke('llm.chat', {
      requestId: 't2',
      kind: 'write',
      prompt: 'use a spherical joint',
      script: first.code,
      history: [
        { role: 'user', content: 'a pendulum' },
        { role: 'assistant', content: first.answer },
      ],
    });
    const [a, b] = fake.state.requests;
    expect(b.messages.at(-1)!.content).toContain(first.code!.trim().split('\n')[0]);
    expect(b.messages.at(-1)!.content).toMatch(/complete modified script/);
    expect(b.options).toEqual(a.options);
  });

  it('shows thinking apart for a thinking model', async () => {
    await client.invoke('settings.update', { model: 'qwen3:8b' });
    fake.script({
      simbench: 'gpt-4o-mini/pendulum/1',
      thinking: 'A pendulum needs a revolute joint at the pivot.',
    });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'th',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    expect(outcome.thinking).toBe('A pendulum needs a revolute joint at the pivot.');
    expect(outcome.answer).not.toContain('revolute joint at the pivot');
    expect(fake.state.requests[0].think).toBe(true);
  });

  it('stops on abort and keeps the partial answer', async () => {
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1', mode: 'slow', delayMs: 5 });
    const pending = client.invoke('llm.chat', {
      requestId: 'ab',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    while (tokens('ab').length < 3) await new Promise((r) => setTimeout(r, 5));
    await client.invoke('llm.abort', { requestId: 'ab' });
    const outcome = await pending;
    expect(outcome.state).toBe('stopped');
    expect(outcome.answer.length).toBeGreaterThan(0);
    expect(outcome.error).toBeNull();
  });

  it('keeps the partial answer when the stream is cut and says so', async () => {
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1', mode: 'cut', cutAt: 0.6 });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'cut',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    expect(outcome.state).toBe('cut');
    expect(outcome.error?.kind).toBe('stream-cut');
    expect(outcome.answer.length).toBeGreaterThan(100);
    expect(outcome.truncation).toContain('unclosed-fence');
    expect(outcome.notice).toMatch(/incomplete/);
  });

  it('reports the length limit as a cut answer', async () => {
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1', mode: 'length' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'len',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    expect(outcome).toMatchObject({ state: 'cut', doneReason: 'length' });
    expect(outcome.truncation).toContain('length-limit');
  });

  it('says when an answer holds no script', async () => {
    fake.script({ simbench: 'llama-3.1-8b-instruct/sedan/1' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'none',
      kind: 'write',
      prompt: 'a sedan',
      history: [],
    });
    expect(outcome.code).toBeNull();
    expect(outcome.notice).toMatch(/holds no Python script/);
  });

  it('refuses a prompt that cannot fit the model before sending it', async () => {
    await client.invoke('settings.update', { model: 'tiny-ctx:1b' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'big',
      kind: 'write',
      prompt: 'x '.repeat(8000),
      history: [],
    });
    expect(outcome.error?.kind).toBe('context-too-long');
    expect(outcome.error?.message).toMatch(/at most 4,096/);
    expect(fake.state.requests).toHaveLength(0);
  });

  it('offers to pull a missing model', async () => {
    const outcome = await client.invoke('llm.chat', {
      requestId: 'm',
      model: 'codestral:22b',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    expect(outcome.error).toEqual({
      kind: 'model-missing',
      message: expect.stringMatching(/codestral:22b is not installed.*Pull it/),
    });
  });

  it('explains an out-of-memory failure', async () => {
    fake.script({ mode: 'oom' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'oom',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    expect(outcome.error?.kind).toBe('out-of-memory');
    expect(outcome.error?.message).toMatch(/ran out of memory.*smaller model/);
  });

  it('asks for a model when none is chosen', async () => {
    await client.invoke('settings.update', { model: '' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'nm',
      kind: 'write',
      prompt: 'x',
      history: [],
    });
    expect(outcome.error?.kind).toBe('no-model');
  });

  it('sends a repair with the error, its line and the script', async () => {
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1' });
    const script = 'import pychrono as chrono\nb = chrono.ChBody()\nb.SetBodyFixed(True)\n';
    const outcome = await client.invoke('llm.chat', {
      requestId: 'fix',
      kind: 'repair',
      prompt: '',
      script,
      history: [],
      failure: {
        message: "AttributeError: 'ChBody' object has no attribute 'SetBodyFixed'",
        line: 3,
        lineText: 'b.SetBodyFixed(True)',
      },
    });
    expect(outcome.code).not.toBeNull();
    const sent = fake.state.requests[0].messages.at(-1)!.content;
    expect(sent).toContain('SetBodyFixed');
    expect(sent).toContain('line 3');
  });
});

describe('context size', () => {
  it('reports a prompt the server cut to fit num_ctx', async () => {
    // Text denser than our estimate assumes: the server counts more tokens than num_ctx.
    fake.state.charsPerToken = 1;
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'tr',
      kind: 'write',
      prompt: 'a pendulum ' + 'with details '.repeat(1500),
      history: [],
    });
    expect(outcome.context).toMatchObject({
      numCtx: 16384,
      promptTokens: 16384,
      promptTruncated: true,
    });
    expect(outcome.notice).toMatch(
      /read only 16384 tokens of about \d+ sent: the start of the conversation was cut/,
    );
  });
});

describe('the fake server follows the documented API', () => {
  it('answers /api/generate streaming and not, and /api/chat without streaming', async () => {
    const client = new Ollama({ host: url });
    const whole = await client.generate({
      model: 'llama3.1:8b',
      prompt: 'a pendulum',
      stream: false,
    });
    expect(whole).toMatchObject({ done: true, done_reason: 'stop', model: 'llama3.1:8b' });
    expect(whole.response).toContain('import');
    expect(whole.eval_count).toBeGreaterThan(0);
    let text = '';
    for await (const part of await client.generate({
      model: 'llama3.1:8b',
      prompt: 'a pendulum',
      stream: true,
    })) {
      text += part.response;
      if (part.done) expect(part.prompt_eval_count).toBeGreaterThan(0);
    }
    expect(text).toBe(whole.response);
    const chat = await client.chat({
      model: 'llama3.1:8b',
      messages: [{ role: 'user', content: 'a pendulum' }],
      stream: false,
    });
    expect(chat.message.content).toBe(whole.response);
  });

  it('deletes a model and says 404 for an unknown one', async () => {
    const client = new Ollama({ host: url });
    await client.delete({ model: 'tiny-ctx:1b' });
    expect((await client.list()).models.map((m) => m.name)).not.toContain('tiny-ctx:1b');
    await expect(client.delete({ model: 'tiny-ctx:1b' })).rejects.toMatchObject({
      status_code: 404,
    });
  });
});

describe('a dead server', () => {
  it('gives a clear status and chat error', async () => {
    await client.invoke('settings.update', { ollamaUrl: 'http://127.0.0.1:9' });
    const status = await client.invoke('llm.status', {});
    expect(status).toMatchObject({ reachable: false, url: 'http://127.0.0.1:9' });
    expect(status.error).toMatch(/Cannot reach the Ollama server at http:\/\/127.0.0.1:9/);
    const outcome = await client.invoke('llm.chat', {
      requestId: 'dead',
      kind: 'write',
      prompt: 'x',
      history: [],
    });
    expect(outcome.error?.kind).toBe('unreachable');
  });
});

describe('OpenAI-compatible provider', () => {
  it('lists models and streams a chat over SSE', async () => {
    await client.invoke('settings.update', { llmProvider: 'openai', openaiUrl: `${url}/v1` });
    expect((await client.invoke('llm.status', {})).reachable).toBe(true);
    expect((await client.invoke('llm.models', {})).models.map((m) => m.name)).toContain(
      'qwen2.5-coder:7b',
    );
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'oa',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    expect(outcome.state).toBe('complete');
    expect(outcome.code).toContain('ChLinkLockRevolute');
    expect(outcome.context?.promptTokens).toBeGreaterThan(0);
    expect(
      tokens('oa')
        .map((t) => t.content)
        .join(''),
    ).toBe(outcome.answer);
  });

  it('keeps the partial answer when the SSE stream is cut', async () => {
    await client.invoke('settings.update', { llmProvider: 'openai', openaiUrl: `${url}/v1` });
    fake.script({ simbench: 'gpt-4o-mini/pendulum/1', mode: 'cut' });
    const outcome = await client.invoke('llm.chat', {
      requestId: 'oc',
      kind: 'write',
      prompt: 'a pendulum',
      history: [],
    });
    expect(outcome).toMatchObject({ state: 'cut', error: { kind: 'stream-cut' } });
    expect(outcome.answer.length).toBeGreaterThan(50);
  });
});
