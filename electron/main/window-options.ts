// The one place that sets BrowserWindow options. Every security-relevant preference is
// spelled out, even where it matches Electron's default, so a test can hold it.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export const SECURE_WEB_PREFERENCES = {
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
} as const satisfies WebPreferences;

export function mainWindowOptions(
  preloadPath: string,
  dark: boolean,
  iconPath?: string,
): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'TwinForge',
    show: false,
    backgroundColor: dark ? '#1e1e1e' : '#ffffff',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  };
}
