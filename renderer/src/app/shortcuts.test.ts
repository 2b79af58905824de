import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerAction, useActionRegistry } from '../commands/action-registry';
import { installShortcuts } from './shortcuts';
import { useUi } from './ui-store';

function press(init: KeyboardEventInit, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe('shortcuts', () => {
  const menuListeners: Array<(id: string) => void> = [];
  const onMenuAction = (listener: (id: string) => void) => {
    menuListeners.push(listener);
    return () => menuListeners.splice(menuListeners.indexOf(listener), 1);
  };
  let uninstall: () => void = () => undefined;
  const run = vi.fn();

  beforeEach(() => {
    run.mockReset();
    registerAction({ id: 'run.start', run });
  });
  afterEach(() => {
    uninstall();
    useActionRegistry.setState({ actions: [] });
    useUi.setState({ dialog: null });
  });

  it('runs the bound action before the focused widget sees the key', () => {
    uninstall = installShortcuts({ kind: 'browser', onMenuAction });
    const input = document.body.appendChild(document.createElement('textarea'));
    const seen = vi.fn();
    input.addEventListener('keydown', seen);
    const event = press({ key: 'Enter', code: 'Enter', ctrlKey: true }, input);
    expect(run).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
    expect(seen).not.toHaveBeenCalled();
    input.remove();
  });

  it('leaves keys alone while a dialog is open', () => {
    uninstall = installShortcuts({ kind: 'browser', onMenuAction });
    useUi.setState({ dialog: 'settings' });
    press({ key: 'Enter', code: 'Enter', ctrlKey: true });
    expect(run).not.toHaveBeenCalled();
  });

  it('lets the native menu own catalogue shortcuts in Electron and runs its clicks', () => {
    uninstall = installShortcuts({ kind: 'electron', onMenuAction });
    press({ key: 'Enter', code: 'Enter', ctrlKey: true });
    expect(run).not.toHaveBeenCalled();
    menuListeners.forEach((listener) => listener('run.start'));
    expect(run).toHaveBeenCalledTimes(1);
  });
});
