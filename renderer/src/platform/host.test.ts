import { describe, expect, it, vi } from 'vitest';
import type { ElectronBridge } from '../../../electron/common/ipc';
import { serveSocketUrl } from './browser-host';
import { pickHost } from './host';

function bridge(): ElectronBridge {
  return {
    invoke: vi.fn(async () => ({ theme: 'dark' })) as unknown as ElectronBridge['invoke'],
    onEvent: vi.fn(() => () => undefined),
    onMenuAction: vi.fn(() => () => undefined),
    openFile: vi.fn(async () => null),
    saveFile: vi.fn(async () => null),
    pathForFile: vi.fn(() => '/home/ada/twin.py'),
  };
}

describe('picking the host', () => {
  it('uses the preload bridge in Electron, and nothing else', async () => {
    const b = bridge();
    const host = pickHost({ twinforge: b } as unknown as Window);
    expect(host.kind).toBe('electron');
    await expect(host.invoke('settings.get', {})).resolves.toEqual({ theme: 'dark' });
    expect(host.dataUrl('/opt/chrono/data/textures/a b.png')).toBe(
      'twinforge-data://data/?path=%2Fopt%2Fchrono%2Fdata%2Ftextures%2Fa%20b.png',
    );
    expect(host.connection).toBe('open');
  });

  it('fans one bridge subscription out to listeners by event name', () => {
    const b = bridge();
    let push: (name: string, payload: unknown) => void = () => undefined;
    vi.mocked(b.onEvent).mockImplementation((l) => {
      push = l as typeof push;
      return () => undefined;
    });
    const host = pickHost({ twinforge: b } as unknown as Window);
    const seen: unknown[] = [];
    const off = host.on('settings.changed', (s) => seen.push(s.theme));
    host.on('runtime.frame', (f) => seen.push(f.data.length));
    push('settings.changed', { theme: 'light' });
    push('runtime.frame', { runId: 'r', data: new Uint8Array(3) });
    off();
    push('settings.changed', { theme: 'dark' });
    expect(seen).toEqual(['light', 3]);
    expect(b.onEvent).toHaveBeenCalledTimes(1);
  });

  it('uses a WebSocket in a browser, at /ws of the page with the token', () => {
    const host = pickHost(window);
    expect(host.kind).toBe('browser');
    expect(serveSocketUrl('http://127.0.0.1:7878/?x=1#y', 'a b')).toBe(
      'ws://127.0.0.1:7878/ws?token=a%20b',
    );
    expect(serveSocketUrl('https://lab.example/', 't')).toBe('wss://lab.example/ws?token=t');
  });

  it('points data files at the serve endpoint', () => {
    const host = pickHost(window);
    expect(host.dataUrl('textures/grass.jpg')).toBe('/data?path=textures%2Fgrass.jpg');
  });
});
