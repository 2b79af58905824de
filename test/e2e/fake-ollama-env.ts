// Where the end-to-end tests run the fake Ollama server (playwright.config.ts starts it and
// points `twinforge serve` at it with OLLAMA_HOST).
export const FAKE_OLLAMA_PORT = Number(process.env.TWINFORGE_E2E_OLLAMA_PORT || 47841);
export const FAKE_OLLAMA_URL = `http://127.0.0.1:${FAKE_OLLAMA_PORT}`;
