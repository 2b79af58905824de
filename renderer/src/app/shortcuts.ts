// Keyboard shortcuts and native menu clicks, dispatched to the action registry. Keys are
// taken in the capture phase, before Monaco and inputs see them, so Ctrl+Enter runs the
// script wherever the focus is. While a dialog is open, its keys stay its own.
import type { PlatformHost } from '../platform/types';
import { actionForKey, runAction } from '../commands/action-registry';
import { useUi } from './ui-store';

export function installShortcuts(host: Pick<PlatformHost, 'kind' | 'onMenuAction'>): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.repeat) return;
    if (useUi.getState().dialog !== null) return;
    const action = actionForKey(event, { nativeMenu: host.kind === 'electron' });
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    void runAction(action.id);
  };
  window.addEventListener('keydown', onKey, true);
  const offMenu = host.onMenuAction((id) => void runAction(id));
  return () => {
    window.removeEventListener('keydown', onKey, true);
    offMenu();
  };
}
