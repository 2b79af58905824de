// Where the model server is. The settings' URL wins; otherwise OLLAMA_HOST, read the way
// Ollama reads it (a bare host, host:port, :port, or a full URL); otherwise the default.

export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

/**
 * Normalises an Ollama address to `scheme://host:port` (no trailing slash). Without a scheme
 * the port defaults to 11434; with `http://` or `https://` to 80 or 443, as Ollama does.
 * `0.0.0.0` and `::` are addresses to listen on, so a client connects to loopback instead.
 */
export function normaliseOllamaUrl(raw: string): string {
  let text = raw.trim();
  if (text === '') return DEFAULT_OLLAMA_URL;
  const explicit = /^[a-z]+:\/\//i.test(text);
  if (text.startsWith(':')) text = `127.0.0.1${text}`;
  const url = new URL(explicit ? text : `http://${text}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The model server address must use http or https, not ${url.protocol}`);
  }
  let host = url.hostname;
  if (host === '0.0.0.0' || host === '[::]' || host === '') host = '127.0.0.1';
  const port = url.port || (explicit ? (url.protocol === 'https:' ? '443' : '80') : '11434');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${host}:${port}${path}`;
}

/** An OpenAI-compatible base URL, ending in /v1 unless the user gave another path. */
export function normaliseOpenAiUrl(raw: string): string {
  const text = raw.trim() || 'http://127.0.0.1:8080/v1';
  const url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The model server address must use http or https, not ${url.protocol}`);
  }
  const path = url.pathname.replace(/\/+$/, '') || '/v1';
  return `${url.protocol}//${url.host}${path}`;
}

export function resolveOllamaUrl(setting: string, env: NodeJS.ProcessEnv): string {
  if (setting.trim() !== '') return normaliseOllamaUrl(setting);
  if (env.OLLAMA_HOST && env.OLLAMA_HOST.trim() !== '') return normaliseOllamaUrl(env.OLLAMA_HOST);
  return DEFAULT_OLLAMA_URL;
}
