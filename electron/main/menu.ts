// The native menu, built from the action catalogue that also feeds the in-window menus,
// the shortcuts and the command palette. Clicking an item asks the renderer to run the
// action by id; roles (copy, paste, ...) stay native so text fields keep working.
import type { MenuItemConstructorOptions } from 'electron';
import { MENUS, type ActionDescriptor } from '../common/actions';

export function buildMenuTemplate(
  actions: readonly ActionDescriptor[],
  runAction: (id: string) => void,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') {
    template.push({
      label: 'TwinForge',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  for (const menu of MENUS) {
    const items: MenuItemConstructorOptions[] = [];
    let group: string | undefined;
    for (const action of actions.filter((a) => a.menu === menu)) {
      if (items.length > 0 && action.group !== group) items.push({ type: 'separator' });
      group = action.group;
      items.push(menuItem(action, runAction));
    }
    if (menu === 'Edit') {
      // The clipboard needs native roles to work in every text field, the editor included.
      const present = new Set(actions.map((a) => a.role));
      const clipboard = (['cut', 'copy', 'paste'] as const).filter((r) => !present.has(r));
      if (clipboard.length > 0)
        items.push({ type: 'separator' }, ...clipboard.map((role) => ({ role })));
    }
    if (menu === 'View') {
      items.push(
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      );
    }
    if (menu === 'File' && platform !== 'darwin')
      items.push({ type: 'separator' }, { role: 'quit' });
    if (items.length > 0) template.push({ label: menu, submenu: items });
  }
  return template;
}

function menuItem(
  action: ActionDescriptor,
  runAction: (id: string) => void,
): MenuItemConstructorOptions {
  if (action.role)
    return { role: action.role, label: action.title, accelerator: action.accelerator };
  return {
    id: action.id,
    label: action.title,
    accelerator: action.accelerator,
    // The renderer handles its own shortcuts (the same in a browser); the menu only shows
    // them, so one key press never runs an action twice.
    registerAccelerator: false,
    click: () => runAction(action.id),
  };
}
