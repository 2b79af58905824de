import { describe, expect, it } from 'vitest';
import { createTestHost } from '../testing/test-host';
import { connectLlmStatus, useLlmStatus } from './llm-status';

describe('model server status', () => {
  it('says "unknown" with the reason when the host lacks the method', async () => {
    connectLlmStatus(createTestHost());
    await useLlmStatus.getState().refresh();
    expect(useLlmStatus.getState().status).toBeNull();
    expect(useLlmStatus.getState().unknownReason).toMatch(/llm\.status is not available/);
  });

  it('keeps what the server reported', async () => {
    const status = {
      provider: 'ollama' as const,
      url: 'http://127.0.0.1:11434',
      reachable: false,
      version: null,
      error: 'connect ECONNREFUSED',
      model: 'qwen2.5-coder:14b',
    };
    connectLlmStatus(createTestHost({ 'llm.status': () => status }));
    await useLlmStatus.getState().refresh();
    expect(useLlmStatus.getState()).toMatchObject({ status, unknownReason: null });
  });
});
