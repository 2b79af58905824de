import { describe, expect, it } from 'vitest';
import { createTestHost } from './test-host';
import { connectLlmStatus, parseLlmStatus, useLlmStatus } from './llm-status';

describe('model server status', () => {
  it('reads the llm.status result, tolerating missing optional fields', () => {
    expect(
      parseLlmStatus({ provider: 'ollama', url: 'http://h:11434', reachable: true, model: 'm' }),
    ).toEqual({
      provider: 'ollama',
      url: 'http://h:11434',
      reachable: true,
      version: null,
      error: null,
      model: 'm',
    });
    expect(parseLlmStatus({ reachable: 'yes' })).toBeNull();
    expect(parseLlmStatus(null)).toBeNull();
  });

  it('says "unknown" with the reason when the host lacks the method', async () => {
    connectLlmStatus(createTestHost());
    await useLlmStatus.getState().refresh();
    expect(useLlmStatus.getState().status).toBeNull();
    expect(useLlmStatus.getState().unknownReason).toMatch(/llm\.status is not available/);
  });
});
