import { chromium, defineConfig } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { E2E_ORIGIN, E2E_PORT, E2E_TOKEN } from './test/e2e/serve-env';
import { FAKE_OLLAMA_PORT, FAKE_OLLAMA_URL } from './test/e2e/fake-ollama-env';

// End-to-end tests drive the real UI in Chromium through `twinforge serve`, with the
// PyChrono test double on PYTHONPATH and a throw-away user-data folder.

/** Playwright's own Chromium when it was downloaded, else the system's. */
function chromiumPath(): string | undefined {
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // no browser registry entry: fall through to the system Chromium
  }
  return '/usr/bin/chromium';
}

// Created once by the runner; workers inherit the variable instead of making their own.
process.env.TWINFORGE_E2E_USER_DATA ||= mkdtempSync(join(tmpdir(), 'twinforge-e2e-'));
// The served host must find the test double, never a real interpreter chosen by the user.
delete process.env.TWINFORGE_PYTHON;

const root = __dirname;
const shared = resolve(root, '../shared');
const projectsRoots = [tmpdir(), ...(existsSync(shared) ? [shared] : [])]
  .map((dir) => ` --projects-root "${dir}"`)
  .join('');
const pythonPath = [
  resolve(root, 'python-runtime'),
  resolve(root, 'test/fixtures/pychrono-double'),
  ...(process.env.PYTHONPATH ? [process.env.PYTHONPATH] : []),
].join(delimiter);

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL: E2E_ORIGIN,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
    actionTimeout: 5_000,
    navigationTimeout: 15_000,
  },
  webServer: [
    {
      // Browsers name host paths only under the projects roots: the temp folder, where the
      // specs make their folders, and ../shared, whose SimBench task set review and eval read.
      command: `node bin/twinforge.js serve --port ${E2E_PORT} --user-data "${process.env.TWINFORGE_E2E_USER_DATA}" ${projectsRoots}`,
      url: `${E2E_ORIGIN}/?token=${E2E_TOKEN}`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        // The token travels in the environment, never on serve's command line.
        TWINFORGE_TOKEN: E2E_TOKEN,
        PYTHONPATH: pythonPath,
        TWINFORGE_USER_DATA: process.env.TWINFORGE_E2E_USER_DATA,
        // The chat talks to the fake Ollama server below (test/fixtures/fake-ollama).
        OLLAMA_HOST: FAKE_OLLAMA_URL,
      },
    },
    {
      command: `node test/fixtures/fake-ollama/server.mjs --port ${FAKE_OLLAMA_PORT} --token-delay-ms 2`,
      url: `${FAKE_OLLAMA_URL}/api/version`,
      reuseExistingServer: false,
      timeout: 15_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
