// The in-window menu bar for browsers (Electron shows the native menu instead). Menus
// list the registry's actions; keyboard: arrows move, Enter runs, Escape closes, and a
// lone press of Alt focuses the bar as in desktop apps.
import { useEffect, useRef, useState } from 'react';
import type { MenuName } from '../../../electron/common/actions';
import {
  isEnabled,
  MENUS,
  menuSections,
  runAction,
  useActionRegistry,
} from '../commands/action-registry';
import { formatAccelerator } from '../commands/keybinding';
import './menu-bar.css';

export function MenuBar() {
  const actions = useActionRegistry((s) => s.actions);
  useActionRegistry((s) => s.revision);
  const [open, setOpen] = useState<MenuName | null>(null);
  const [active, setActive] = useState(0);
  const barRef = useRef<HTMLDivElement>(null);

  const menus = MENUS.filter((m) => actions.some((a) => a.menu === m));
  const items = open ? menuSections(actions, open).flatMap((s) => s.actions) : [];

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!barRef.current?.contains(e.target as Node)) setOpen(null);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);

  // Alt pressed and released on its own moves focus to the first menu (and back out).
  useEffect(() => {
    let lone = false;
    const down = (e: KeyboardEvent) => {
      lone = e.key === 'Alt' && !e.repeat;
    };
    const up = (e: KeyboardEvent) => {
      if (e.key !== 'Alt' || !lone) return;
      lone = false;
      const bar = barRef.current;
      if (!bar) return;
      if (bar.contains(document.activeElement)) {
        setOpen(null);
        (document.activeElement as HTMLElement).blur();
      } else {
        bar.querySelector<HTMLElement>('[data-menu]')?.focus();
      }
    };
    window.addEventListener('keydown', down, true);
    window.addEventListener('keyup', up, true);
    return () => {
      window.removeEventListener('keydown', down, true);
      window.removeEventListener('keyup', up, true);
    };
  }, []);

  useEffect(() => {
    if (!open) return;
    barRef.current?.querySelector<HTMLElement>(`[data-menu-item="${active}"]`)?.focus();
  }, [open, active]);

  const openMenu = (menu: MenuName) => {
    setOpen(menu);
    setActive(0);
  };

  const choose = (id: string) => {
    setOpen(null);
    void runAction(id);
  };

  const moveTitleFocus = (step: number) => {
    const titles = Array.from(barRef.current?.querySelectorAll<HTMLElement>('[data-menu]') ?? []);
    const at = titles.indexOf(document.activeElement as HTMLElement);
    if (at >= 0) titles[(at + step + titles.length) % titles.length]?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const index = open ? menus.indexOf(open) : -1;
    switch (e.key) {
      case 'Escape':
        setOpen(null);
        break;
      case 'ArrowRight':
        if (open) openMenu(menus[(index + 1) % menus.length]);
        else moveTitleFocus(1);
        break;
      case 'ArrowLeft':
        if (open) openMenu(menus[(index - 1 + menus.length) % menus.length]);
        else moveTitleFocus(-1);
        break;
      case 'ArrowDown':
        if (open) setActive((a) => (a + 1) % Math.max(items.length, 1));
        else if (document.activeElement instanceof HTMLElement) {
          const menu = document.activeElement.dataset.menu as MenuName | undefined;
          if (menu) openMenu(menu);
        }
        break;
      case 'ArrowUp':
        if (open) setActive((a) => (a - 1 + items.length) % Math.max(items.length, 1));
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div
      className="menu-bar"
      role="menubar"
      data-testid="menu-bar"
      ref={barRef}
      onKeyDown={onKeyDown}
    >
      {menus.map((menu) => (
        <div key={menu} className="menu-root">
          <button
            type="button"
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={open === menu}
            className={open === menu ? 'menu-title open' : 'menu-title'}
            data-menu={menu}
            onMouseDown={(e) => {
              e.preventDefault();
              if (open === menu) setOpen(null);
              else openMenu(menu);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                openMenu(menu);
              }
            }}
            onMouseEnter={() => open && open !== menu && openMenu(menu)}
          >
            {menu}
          </button>
          {open === menu && (
            <div className="menu-popup" role="menu" aria-label={menu}>
              {menuSections(actions, menu).map((section, sectionIndex) => (
                <div key={section.group || sectionIndex} className="menu-section" role="group">
                  {section.actions.map((action) => {
                    const index = items.indexOf(action);
                    const enabled = isEnabled(action);
                    return (
                      <button
                        type="button"
                        key={action.id}
                        role="menuitem"
                        className="menu-item"
                        data-menu-item={index}
                        data-action={action.id}
                        disabled={!enabled}
                        aria-disabled={!enabled}
                        tabIndex={index === active ? 0 : -1}
                        onMouseEnter={() => setActive(index)}
                        onClick={() => choose(action.id)}
                      >
                        <span className="menu-item-title">{action.title}</span>
                        {action.keybinding && (
                          <kbd className="menu-item-key">
                            {formatAccelerator(action.keybinding)}
                          </kbd>
                        )}
                      </button>
                    );
                  })}
                </div>
              ))}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
