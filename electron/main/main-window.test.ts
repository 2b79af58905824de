import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { openMainWindow } from './main-window';

/** Stands in for Electron's BrowserWindow: keeps the options it was built with. */
class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

describe('the main window', () => {
  const window = openMainWindow(
    RecordingWindow,
    { preload: '/app/dist/preload/preload.js' },
    false,
  );
  const prefs = window.options.webPreferences ?? {};

  it('isolates the page from Electron and Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('loads the preload it is given and nothing else', () => {
    expect(prefs.preload).toBe('/app/dist/preload/preload.js');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('stays hidden until its page is ready, on a background matching the theme', () => {
    expect(window.options.show).toBe(false);
    const dark = openMainWindow(RecordingWindow, { preload: 'p' }, true);
    expect(dark.options.backgroundColor).toBe('#1e1e1e');
    expect(window.options.backgroundColor).toBe('#ffffff');
  });
});
