// The desktop app's composition root: security first, then the host services, IPC, the
// native menu and the one window.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  session,
} from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ACTIONS } from '../common/actions';
import { DATA_SCHEME, IPC } from '../common/ipc';
import { createHost, type Host } from '../host';
import { mimeType } from '../host/serve/static-files';
import { APP_PRIVILEGES, APP_SCHEME, APP_URL, resolveAppRequest } from './app-protocol';
import { DATA_PRIVILEGES, resolveDataRequest } from './data-protocol';
import { FileDialogs } from './file-dialogs';
import { guardSession, guardWebContents } from './guards';
import { registerIpc, type IpcRegistration } from './ipc';
import { buildMenuTemplate } from './menu';
import { openMainWindow } from './main-window';
import { confirmUnsavedClose } from './unsaved-changes';

const rendererDir = join(__dirname, '..', 'renderer');
const preloadJs = join(__dirname, '..', 'preload', 'preload.js');
const iconPng = resolve(__dirname, '..', '..', 'resources', 'icons', '512x512.png');
const appUrl = APP_URL;

// Must happen before `ready`.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: APP_PRIVILEGES },
  { scheme: DATA_SCHEME, privileges: DATA_PRIVILEGES },
]);
app.enableSandbox();
app.setName('TwinForge');
// The same folder serve mode uses by default (appData/TwinForge), whatever way Electron was
// started; TWINFORGE_USER_DATA points it elsewhere (tests use a throw-away one).
app.setPath(
  'userData',
  process.env.TWINFORGE_USER_DATA
    ? resolve(process.env.TWINFORGE_USER_DATA)
    : join(app.getPath('appData'), 'TwinForge'),
);

// Every WebContents, including any a bug might create, gets the navigation guards.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appUrl));

let host: Host | null = null;
let ipc: IpcRegistration | null = null;
let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  const icon = existsSync(iconPng) ? iconPng : undefined;
  const window = openMainWindow(
    BrowserWindow,
    { preload: preloadJs, icon },
    nativeTheme.shouldUseDarkColors,
  );
  mainWindow = window;
  // The window is an owner of its own: its runs end when it closes.
  const contents = window.webContents;
  const detach = ipc?.attach(contents);
  contents.once('destroyed', () => detach?.());
  confirmUnsavedClose(window.webContents, (options) => dialog.showMessageBoxSync(window, options));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadURL(appUrl).catch((err: unknown) => {
    dialog.showErrorBox('TwinForge could not load its window', String(err));
  });
}

async function start(): Promise<void> {
  guardSession(session.defaultSession);
  // No projects root: the desktop user picks project paths in the OS's own dialogs.
  host = createHost({ userDataDir: app.getPath('userData'), projectsRoots: null });
  const running = host;

  protocol.handle(APP_SCHEME, async (request) => {
    const file = await resolveAppRequest(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file), { headers: { 'Content-Type': mimeType(file) } });
  });

  let dataDir: string | null = null;
  protocol.handle(DATA_SCHEME, async (request) => {
    if (!dataDir)
      dataDir = await running.runtime.probe().then(
        (p) => p.dataPath,
        () => null,
      );
    const file = await resolveDataRequest(request.url, dataDir);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file), { headers: { 'Content-Type': mimeType(file) } });
  });

  const files = new FileDialogs({
    async showOpen({ title, filters }) {
      const options = { title, filters, properties: ['openFile' as const] };
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async showSave({ defaultPath, filters }) {
      const options = { defaultPath, filters };
      const result = mainWindow
        ? await dialog.showSaveDialog(mainWindow, options)
        : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  });
  ipc = registerIpc(ipcMain, running, appUrl, files);

  const template = buildMenuTemplate(ACTIONS, (id) =>
    mainWindow?.webContents.send(IPC.menuAction, id),
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox('TwinForge failed to start', String(err));
      app.exit(1);
    });
  app.on('activate', () => {
    if (host && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed || !host) return;
    // Stop running simulations and flush settings before the process goes.
    event.preventDefault();
    disposed = true;
    ipc?.dispose();
    host.dispose().finally(() => app.quit());
  });
}
