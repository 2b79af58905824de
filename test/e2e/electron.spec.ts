// The desktop app itself, through Playwright's Electron driver. Runs only where an
// Electron binary (and, on Linux, a display) is available; otherwise says why, once.
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { findElectronBinary, missingDisplay } from '../../scripts/electron-binary.mjs';

const root = resolve(__dirname, '../..');

function electronDir(): string | null {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const found = findElectronBinary({
  env: process.env,
  platform: process.platform,
  electronDir: electronDir(),
});
const notRunReason =
  'why' in found
    ? `${found.why} (set ELECTRON_OVERRIDE_DIST_PATH or run npx install-electron)`
    : missingDisplay(process.env, process.platform)
      ? 'there is no display (run under xvfb-run)'
      : null;
// The runner process loads every spec once to list its tests: say it there, once.
if (notRunReason && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(`Electron end-to-end tests not run: ${notRunReason}`);
}

test.describe('the desktop app', () => {
  test.skip(notRunReason !== null, notRunReason ?? '');

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'twinforge-electron-e2e-'));
    const env = { ...process.env } as Record<string, string>;
    delete env.TWINFORGE_PYTHON;
    delete env.ELECTRON_RUN_AS_NODE;
    app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [join(root, 'dist', 'main', 'main.js')],
      env: {
        ...env,
        TWINFORGE_USER_DATA: userData,
        PYTHONPATH: [
          join(root, 'python-runtime'),
          join(root, 'test/fixtures/pychrono-double'),
        ].join(delimiter),
      },
    });
    page = await app.firstWindow();
    await expect(page.locator('#root')).not.toBeEmpty();
  });

  test.afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  test('the window runs isolated and sandboxed, without Node', async () => {
    // getLastWebPreferences is Electron's (untyped) view of what the window really got.
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0].webContents as unknown as {
        getLastWebPreferences(): Record<string, unknown>;
      };
      return contents.getLastWebPreferences();
    });
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    const globals = await page.evaluate(() => [
      typeof (window as unknown as Record<string, unknown>).require,
      typeof (window as unknown as Record<string, unknown>).process,
    ]);
    expect(globals).toEqual(['undefined', 'undefined']);
  });

  test('the page sees one narrow bridge', async () => {
    const keys = await page.evaluate(() =>
      Object.keys((window as unknown as { twinforge: object }).twinforge).sort(),
    );
    expect(keys).toEqual([
      'invoke',
      'onEvent',
      'onMenuAction',
      'openFile',
      'pathForFile',
      'saveFile',
    ]);
  });

  test('contract calls work; unknown methods and bad params are refused with a reason', async () => {
    const outcome = await page.evaluate(async () => {
      const bridge = (
        window as unknown as { twinforge: { invoke(n: string, p: unknown): Promise<unknown> } }
      ).twinforge;
      const settings = (await bridge.invoke('settings.get', {})) as { theme: string };
      const unknown = await bridge.invoke('fs.rm', {}).catch((e: Error) => e.message);
      const invalid = await bridge
        .invoke('settings.update', { theme: 'purple' })
        .catch((e: Error) => e.message);
      return { theme: settings.theme, unknown, invalid };
    });
    expect(outcome.theme).toBe('system');
    expect(outcome.unknown).toBe('Unknown method fs.rm');
    expect(outcome.invalid).toMatch(/^Invalid request settings.update: theme/);
  });

  test('new windows and navigation away are blocked; permissions are denied', async () => {
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    expect(await page.evaluate(() => window.location.href)).toBe(before);
    const geo = await page.evaluate(() =>
      navigator.permissions.query({ name: 'geolocation' }).then((s) => s.state),
    );
    expect(geo).toBe('denied');
  });

  test('the native menu has the app menus and the CSP forbids eval', async () => {
    const labels = await app.evaluate(
      ({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? [],
    );
    expect(labels).toEqual(
      expect.arrayContaining(['File', 'Edit', 'View', 'Run', 'Model', 'Help']),
    );
    const csp = await page.evaluate(
      () =>
        document
          .querySelector('meta[http-equiv="Content-Security-Policy"]')
          ?.getAttribute('content') ?? '',
    );
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });
});
