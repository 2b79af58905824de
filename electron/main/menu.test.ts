import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS, MENUS } from '../common/actions';
import { buildMenuTemplate } from './menu';

function submenu(item: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return item.submenu as MenuItemConstructorOptions[];
}

describe('the native menu', () => {
  it('has the menus of the catalogue in order (plus the app menu on macOS)', () => {
    expect(buildMenuTemplate(ACTIONS, () => undefined, 'linux').map((m) => m.label)).toEqual([
      ...MENUS,
    ]);
    expect(buildMenuTemplate(ACTIONS, () => undefined, 'darwin').map((m) => m.label)).toEqual([
      'TwinForge',
      ...MENUS,
    ]);
  });

  it('lists every catalogue action with a menu, with its title and shortcut', () => {
    const items = buildMenuTemplate(ACTIONS, () => undefined, 'linux').flatMap(submenu);
    for (const action of ACTIONS.filter((a) => 'menu' in a)) {
      const item = items.find((i) => i.label === action.title);
      expect(item, action.id).toBeDefined();
      expect(item?.accelerator).toBe('accelerator' in action ? action.accelerator : undefined);
    }
  });

  it('leaves palette-only actions out of the menus', () => {
    const items = buildMenuTemplate(ACTIONS, () => undefined, 'linux').flatMap(submenu);
    expect(items.find((i) => i.label === 'Timeline: Play/Pause')).toBeUndefined();
  });

  it('sends the action id to the renderer when an item is clicked', () => {
    const run = vi.fn();
    const file = submenu(buildMenuTemplate(ACTIONS, run, 'linux')[0]);
    const save = file.find((i) => i.id === 'file.save');
    (save?.click as () => void)();
    expect(run).toHaveBeenCalledWith('file.save');
  });

  it('shows shortcuts without registering them, so the renderer runs each key once', () => {
    const items = buildMenuTemplate(ACTIONS, () => undefined, 'linux').flatMap(submenu);
    const palette = items.find((i) => i.id === 'view.commandPalette');
    expect(palette?.accelerator).toBe('CmdOrCtrl+Shift+P');
    expect(palette?.registerAccelerator).toBe(false);
  });

  it('keeps editing roles native, with the clipboard in the Edit menu', () => {
    const edit = submenu(buildMenuTemplate(ACTIONS, () => undefined, 'linux')[1]);
    const roles = edit.map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(
      expect.arrayContaining(['undo', 'redo', 'selectAll', 'cut', 'copy', 'paste']),
    );
    expect(new Set(roles).size).toBe(roles.length);
  });

  it('separates groups and never starts or ends a menu with a separator', () => {
    for (const menu of buildMenuTemplate(ACTIONS, () => undefined, 'linux')) {
      const items = submenu(menu);
      expect(items[0].type).not.toBe('separator');
      expect(items[items.length - 1].type).not.toBe('separator');
    }
  });
});
