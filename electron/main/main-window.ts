// The one place that sets BrowserWindow options. Every security-relevant preference is
// written out as a literal, even where it matches Electron's default, so that both the
// tests and electronegativity can read it. The class comes in as a parameter, so tests
// can run this without Electron.
import type { BrowserWindow as ElectronWindow, BrowserWindowConstructorOptions } from 'electron';

export type BrowserWindowClass<W = ElectronWindow> = new (
  options: BrowserWindowConstructorOptions,
) => W;

export interface MainWindowPaths {
  preload: string;
  icon?: string;
}

export function openMainWindow<W>(
  BrowserWindow: BrowserWindowClass<W>,
  paths: MainWindowPaths,
  dark: boolean,
): W {
  return new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'TwinForge',
    show: false,
    backgroundColor: dark ? '#1e1e1e' : '#ffffff',
    ...(paths.icon ? { icon: paths.icon } : {}),
    webPreferences: {
      // PRELOAD_JS_CHECK asks for a review of every preload; this one is reviewed: it is
      // sandboxed and exposes only the contract's narrow bridge (electron/preload).
      preload: paths.preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click must not open links in new windows (denied anyway; belt and braces).
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
