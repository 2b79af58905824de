import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Unit tests live beside the code: Node for electron/, jsdom for the renderer.
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['electron/**/*.test.ts', 'scripts/**/*.test.ts', 'test/fixtures/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          include: ['renderer/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
