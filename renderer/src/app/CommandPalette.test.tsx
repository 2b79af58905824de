import '../testing/jsdom-shims';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAction, useActionRegistry } from '../commands/action-registry';
import { CommandPalette } from './CommandPalette';
import { MenuBar } from './MenuBar';
import { useUi } from './ui-store';

beforeAll(() => {
  // cmdk measures and scrolls its list; jsdom has neither.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView ??= () => undefined;
});

afterEach(() => {
  cleanup();
  useActionRegistry.setState({ actions: [] });
  useUi.setState({ paletteOpen: false });
});

describe('command palette and menu bar', () => {
  it('lists the registered actions and runs the chosen one', async () => {
    const run = vi.fn();
    registerAction({ id: 'run.start', run });
    registerAction({ id: 'help.about', run: () => undefined });
    registerAction({ id: 'run.stop', when: () => false, run: () => undefined });
    useUi.setState({ paletteOpen: true });
    render(<CommandPalette />);

    expect(screen.getByText('Run: Run Script')).toBeTruthy();
    // Actions that cannot run now are left out.
    expect(screen.queryByText('Run: Stop')).toBeNull();

    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'run scr' } });
    expect(screen.queryByText('Help: About TwinForge')).toBeNull();
    await act(async () => {
      fireEvent.keyDown(screen.getByRole('combobox'), { key: 'Enter' });
    });
    expect(run).toHaveBeenCalledTimes(1);
    expect(useUi.getState().paletteOpen).toBe(false);
  });

  it('shows menus with their items, shortcuts and disabled states', async () => {
    const run = vi.fn();
    registerAction({ id: 'file.save', run });
    registerAction({ id: 'file.open', when: () => false, run: () => undefined });
    render(<MenuBar />);
    expect(screen.queryByRole('menuitem', { name: 'Edit' })).toBeNull();

    fireEvent.mouseDown(screen.getByRole('menuitem', { name: 'File' }));
    const open = screen.getByRole('menuitem', { name: /Open Script…/ }) as HTMLButtonElement;
    expect(open.disabled).toBe(true);
    const save = screen.getByRole('menuitem', { name: /Save/ });
    expect(save.textContent).toMatch(/Ctrl\+S|⌘S/);
    await act(async () => {
      fireEvent.click(save);
    });
    expect(run).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
