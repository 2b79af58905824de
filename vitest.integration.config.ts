import { defineConfig } from 'vitest/config';

// Host services with a real Python bridge process (and the fake Ollama server).
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
