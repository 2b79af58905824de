// The command palette (Ctrl/Cmd+Shift+P): every registered action that can run now,
// searchable, with its shortcut. Built on cmdk.
import { Command } from 'cmdk';
import { useEffect, useRef } from 'react';
import { isEnabled, runAction, useActionRegistry } from '../commands/action-registry';
import { formatAccelerator } from '../commands/keybinding';
import { useUi } from './ui-store';
import './command-palette.css';

export function CommandPalette() {
  const open = useUi((s) => s.paletteOpen);
  const setOpen = useUi((s) => s.setPaletteOpen);
  const actions = useActionRegistry((s) => s.actions);
  const previousFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (open) previousFocus.current = document.activeElement as HTMLElement | null;
  }, [open]);

  if (!open) return null;

  const close = (restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) previousFocus.current?.focus?.();
  };

  const available = actions
    .filter((a) => a.id !== 'view.commandPalette' && isEnabled(a))
    .sort((a, b) => label(a).localeCompare(label(b)));

  return (
    <div
      className="palette-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && close(true)}
    >
      <Command
        className="palette"
        label="Command palette"
        data-testid="command-palette"
        loop
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            close(true);
          }
        }}
      >
        <Command.Input className="palette-input" placeholder="Type a command" autoFocus />
        <Command.List className="palette-list">
          <Command.Empty className="palette-empty">No matching command</Command.Empty>
          {available.map((action) => (
            <Command.Item
              key={action.id}
              value={`${label(action)} ${action.id}`}
              className="palette-item"
              data-action={action.id}
              onSelect={() => {
                close(true);
                void runAction(action.id);
              }}
            >
              <span>{label(action)}</span>
              {action.keybinding && <kbd>{formatAccelerator(action.keybinding)}</kbd>}
            </Command.Item>
          ))}
        </Command.List>
      </Command>
    </div>
  );
}

function label(action: { menu?: string; title: string }): string {
  return action.menu ? `${action.menu}: ${action.title}` : action.title;
}
