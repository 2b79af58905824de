import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  InstallOutcome,
  InstalledRuntime,
  PackManifest,
  RuntimeOffers,
  RuntimesState,
} from '../../../../electron/common/contract/runtimes';
import { createTestHost, type TestHost } from '../../testing/test-host';
import { RuntimeSetupCard } from './RuntimeSetupCard';
import { connectRuntimeSetup, useRuntimeSetup } from './runtime-setup-store';

const manifest: PackManifest = {
  format: 1,
  name: 'pychrono-full',
  version: '9.0.1-1',
  os: 'linux',
  arch: 'x64',
  python: '3.12.7',
  pychrono: '9.0.1',
  modules: { core: true, vehicle: true },
  file: 'pychrono-full-9.0.1-1-linux-x64.tar.gz',
  sha256: 'a'.repeat(64),
  size: 480_000_000,
  unpackedSize: 1_650_000_000,
  layout: 'conda-pack',
  flavour: 'full',
};

const modules = {
  core: true,
  fea: true,
  vehicle: true,
  robot: true,
  sensor: false,
  irrlicht: true,
  pardisomkl: true,
  ros: false,
};

const runtime: InstalledRuntime = {
  id: 'pychrono-full-9.0.1-1',
  name: 'pychrono-full',
  version: '9.0.1-1',
  flavour: 'full',
  path: '/home/ada/.config/TwinForge/runtimes/pychrono-full-9.0.1-1',
  python: '/home/ada/.config/TwinForge/runtimes/pychrono-full-9.0.1-1/bin/python',
  pythonVersion: '3.12.7',
  pychrono: '9.0.1',
  modules,
  os: 'linux',
  arch: 'x64',
  sha256: manifest.sha256,
  size: manifest.size,
  unpackedSize: manifest.unpackedSize,
  source: 'https://mirror.lab/twinforge/pychrono-full-9.0.1-1-linux-x64.tar.gz',
  installedAt: '2026-01-01T00:00:00Z',
};

const empty: RuntimesState = {
  root: '/home/ada/.config/TwinForge/runtimes',
  selected: null,
  runtimes: [],
  overriddenBy: null,
  notices: [],
};

function offers(mirror: RuntimeOffers['mirror']): RuntimeOffers {
  return {
    mirror,
    local: [],
    given: null,
    target: { dir: empty.root, freeBytes: 20_000_000_000, problem: null },
    machine: { os: 'linux', arch: 'x64' },
  };
}

let host: TestHost;
let disconnect: () => void;
let finishInstall: (outcome: InstallOutcome) => void;
let failInstall: (error: Error) => void;

beforeEach(() => {
  useRuntimeSetup.setState({
    root: null,
    state: null,
    offers: null,
    install: null,
    given: null,
    listing: null,
    error: null,
  });
  host = createTestHost({
    'runtimes.list': () => empty,
    'runtimes.offers': () =>
      offers({
        url: 'https://mirror.lab/twinforge/runtime-pack.json',
        offers: [
          {
            manifest,
            from: 'https://mirror.lab/twinforge/runtime-pack.json',
            where: 'mirror',
            problem: null,
            installed: false,
          },
        ],
        problem: null,
      }),
    'runtimes.install': () =>
      new Promise<InstallOutcome>((resolve, reject) => {
        finishInstall = resolve;
        failInstall = reject;
      }),
    'runtimes.cancel': () => ({ ok: true }),
    'runtime.probe': () => ({
      python: null,
      pythonVersion: null,
      source: null,
      pychrono: null,
      pychronoFound: false,
      pychronoPath: null,
      modules,
      dataPath: null,
      problem: null,
      confinement: {
        active: false,
        method: null,
        memory: null,
        processes: 'process-group' as const,
        note: '',
      },
    }),
  });
  disconnect = connectRuntimeSetup(host, () => undefined);
});
afterEach(() => {
  cleanup();
  disconnect();
});

describe('RuntimeSetupCard', () => {
  it('offers the mirror’s pack with its download and disk sizes', async () => {
    render(<RuntimeSetupCard onOpenSettings={vi.fn()} />);
    const offer = await screen.findByTestId('runtime-offer');
    expect(within(offer).getByText('pychrono-full 9.0.1-1')).toBeTruthy();
    expect(within(offer).getByTestId('runtime-offer-size').textContent).toBe(
      '480 MB download, 1.6 GB on disk (20.0 GB free)',
    );
    expect(screen.getByTestId('runtime-current').textContent).toBe(
      'No runtime is installed in TwinForge yet.',
    );
  });

  it('shows the stage and bytes while installing, then pychrono and its modules', async () => {
    render(<RuntimeSetupCard onOpenSettings={vi.fn()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download and install' }));
    const installId = (
      host.calls.find((c) => c.name === 'runtimes.install')?.params as { installId: string }
    ).installId;
    expect(host.calls.find((c) => c.name === 'runtimes.install')?.params).toMatchObject({
      from: 'https://mirror.lab/twinforge/runtime-pack.json',
      name: 'pychrono-full',
    });
    act(() =>
      host.emit('runtimes.progress', {
        installId,
        stage: 'download',
        bytes: 120_000_000,
        totalBytes: 480_000_000,
        message: 'Downloading pychrono-full-9.0.1-1-linux-x64.tar.gz',
      }),
    );
    const bar = screen.getByTestId('runtime-progress');
    expect(bar.dataset.stage).toBe('download');
    expect(screen.getByTestId('runtime-progress-text').textContent).toBe(
      'Step 2 of 6: Downloading120 MB of 480 MB (25%)',
    );
    expect((bar.querySelector('progress') as HTMLProgressElement).value).toBe(120_000_000);
    // Another install's progress is not ours.
    act(() =>
      host.emit('runtimes.progress', {
        installId: 'other',
        stage: 'probe',
        bytes: 0,
        totalBytes: 0,
        message: '',
      }),
    );
    expect(bar.dataset.stage).toBe('download');

    await act(async () =>
      finishInstall({
        runtime,
        probe: {
          python: runtime.python,
          pythonVersion: '3.12.7',
          source: 'runtime',
          pychrono: '9.0.1',
          pychronoFound: true,
          pychronoPath: null,
          modules,
          dataPath: null,
          problem: null,
        },
        installed: true,
        missingModules: [],
        state: { ...empty, selected: runtime.id, runtimes: [runtime] },
      }),
    );
    const done = await screen.findByTestId('runtime-done');
    expect(within(done).getByTestId('runtime-done-versions').textContent).toBe(
      'pychrono 9.0.1 with Python 3.12.7; runs use it now.',
    );
    expect(done.querySelector('[data-module="vehicle"]')?.getAttribute('data-ok')).toBe('true');
    expect(done.querySelector('[data-module="sensor"]')?.getAttribute('data-ok')).toBe('false');
  });

  it('says what went wrong when an install fails, and can cancel one', async () => {
    render(<RuntimeSetupCard onOpenSettings={vi.fn()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download and install' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(host.calls.some((c) => c.name === 'runtimes.cancel')).toBe(true));
    await act(async () =>
      failInstall(new Error('The download of https://mirror.lab/x stopped at 12 MB of 480 MB.')),
    );
    const failed = await screen.findByTestId('runtime-failed');
    expect(failed.textContent).toContain('stopped at 12 MB of 480 MB');
    fireEvent.click(within(failed).getByRole('button', { name: 'OK' }));
    expect(screen.queryByTestId('runtime-failed')).toBeNull();
  });

  it('installs into another folder when the user changes it', async () => {
    render(<RuntimeSetupCard onOpenSettings={vi.fn()} />);
    const folder = await screen.findByTestId('install-folder');
    expect(folder.textContent).toContain(`Runtimes go to ${empty.root} (20.0 GB free).`);
    fireEvent.click(within(folder).getByRole('button', { name: 'Change' }));
    fireEvent.change(screen.getByLabelText('Folder to install runtimes into'), {
      target: { value: '/data/twinforge' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download and install' }));
    expect(host.calls.find((c) => c.name === 'runtimes.install')?.params).toMatchObject({
      root: '/data/twinforge',
    });
  });

  it('sends the user to the settings for a mirror or an existing Python', async () => {
    host.handlers['runtimes.offers'] = () => offers(null);
    const onOpenSettings = vi.fn();
    render(<RuntimeSetupCard onOpenSettings={onOpenSettings} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings › Runtime mirror' }));
    fireEvent.click(screen.getByRole('button', { name: 'Choose the Python interpreter…' }));
    expect(onOpenSettings.mock.calls).toEqual([['Python runtime'], ['Python runtime']]);
  });

  it('checks a pack at a typed path and lists host folders to pick one', async () => {
    host.handlers['runtimes.browse'] = (p: { dir?: string }) => ({
      dir: p.dir ?? '/media/usb',
      parent: '/media',
      entries: [
        {
          name: 'pychrono-full.tar.gz',
          path: '/media/usb/pychrono-full.tar.gz',
          kind: 'pack' as const,
          size: 1,
        },
      ],
      problem: null,
    });
    host.handlers['runtimes.offers'] = (p: { from?: string }) => ({
      ...offers(null),
      given: p.from
        ? {
            from: p.from,
            offers: [
              { manifest, from: p.from, where: 'given' as const, problem: null, installed: false },
            ],
            problem: null,
          }
        : null,
    });
    render(<RuntimeSetupCard onOpenSettings={vi.fn()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Browse…' }));
    fireEvent.click(await screen.findByRole('button', { name: /pychrono-full\.tar\.gz/ }));
    const given = await screen.findByTestId('pack-given');
    expect(within(given).getByTestId('runtime-offer-size').textContent).toBe(
      '1.6 GB on disk (20.0 GB free)',
    );
    expect(
      (screen.getByLabelText('Path of a runtime pack on this machine') as HTMLInputElement).value,
    ).toBe('/media/usb/pychrono-full.tar.gz');
    fireEvent.click(within(given).getByRole('button', { name: 'Install' }));
    expect(host.calls.find((c) => c.name === 'runtimes.install')?.params).toMatchObject({
      from: '/media/usb/pychrono-full.tar.gz',
    });
  });

  it('follows runtimes.changed from other windows and tells the app to probe again', async () => {
    disconnect();
    const changed = vi.fn();
    disconnect = connectRuntimeSetup(host, changed);
    render(<RuntimeSetupCard onOpenSettings={vi.fn()} />);
    await screen.findByTestId('runtime-offer');
    act(() =>
      host.emit('runtimes.changed', { ...empty, selected: runtime.id, runtimes: [runtime] }),
    );
    expect(screen.getByTestId('runtime-current').textContent).toBe(
      `Runs use ${runtime.id}: pychrono 9.0.1 with Python 3.12.7.`,
    );
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('lists installed runtimes and says when a Python setting overrides them', async () => {
    host.handlers['runtimes.list'] = () => ({
      ...empty,
      selected: runtime.id,
      runtimes: [runtime],
      overriddenBy: { source: 'setting' as const, python: '/usr/bin/python3' },
    });
    host.handlers['settings.update'] = () => ({}) as never;
    render(<RuntimeSetupCard onOpenSettings={vi.fn()} />);
    expect((await screen.findByTestId('runtime-installed')).dataset.selected).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: `Use ${runtime.id} instead` }));
    await waitFor(() =>
      expect(host.calls.find((c) => c.name === 'settings.update')?.params).toEqual({
        pythonPath: '',
      }),
    );
  });
});
