import { describe, expect, it } from 'vitest';
import { normaliseOllamaUrl, normaliseOpenAiUrl, resolveOllamaUrl } from './server-url';

describe('normaliseOllamaUrl', () => {
  it.each([
    ['', 'http://127.0.0.1:11434'],
    ['localhost', 'http://localhost:11434'],
    ['gpu-box:11500', 'http://gpu-box:11500'],
    [':8000', 'http://127.0.0.1:8000'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11434', 'http://127.0.0.1:11434'],
    ['http://lab-server', 'http://lab-server:80'],
    ['https://lab.example.org/', 'https://lab.example.org:443'],
    ['http://10.0.0.5:11434/ollama/', 'http://10.0.0.5:11434/ollama'],
    ['  http://127.0.0.1:11434  ', 'http://127.0.0.1:11434'],
  ])('%s -> %s', (raw, url) => {
    expect(normaliseOllamaUrl(raw)).toBe(url);
  });

  it('refuses other schemes', () => {
    expect(() => normaliseOllamaUrl('ftp://x')).toThrow(/http or https/);
  });
});

describe('resolveOllamaUrl', () => {
  it('prefers the setting, then OLLAMA_HOST, then the default', () => {
    expect(resolveOllamaUrl('box:1', { OLLAMA_HOST: 'other' })).toBe('http://box:1');
    expect(resolveOllamaUrl('', { OLLAMA_HOST: 'other' })).toBe('http://other:11434');
    expect(resolveOllamaUrl('', {})).toBe('http://127.0.0.1:11434');
  });
});

describe('normaliseOpenAiUrl', () => {
  it('adds /v1 when no path is given and keeps a given path', () => {
    expect(normaliseOpenAiUrl('localhost:8080')).toBe('http://localhost:8080/v1');
    expect(normaliseOpenAiUrl('http://127.0.0.1:1234/v1/')).toBe('http://127.0.0.1:1234/v1');
  });
});
