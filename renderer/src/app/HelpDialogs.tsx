// Help > Keyboard Shortcuts and Help > About.
import { useActionRegistry } from '../commands/action-registry';
import { Dialog } from '../ui/Dialog';
import { formatAccelerator } from '../commands/keybinding';
import './help.css';

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const actions = useActionRegistry((s) => s.actions);
  const bound = actions.filter((a) => a.keybinding).sort((a, b) => a.title.localeCompare(b.title));
  return (
    <Dialog title="Keyboard shortcuts" testId="shortcuts-dialog" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {bound.map((a) => (
            <tr key={a.id}>
              <td>{a.menu ? `${a.menu}: ${a.title}` : a.title}</td>
              <td>
                <kbd>{formatAccelerator(a.keybinding as string)}</kbd>
              </td>
            </tr>
          ))}
          <tr>
            <td>Drive a vehicle (3D view focused, run active)</td>
            <td>
              <kbd>W</kbd> <kbd>A</kbd> <kbd>S</kbd> <kbd>D</kbd>
            </td>
          </tr>
        </tbody>
      </table>
    </Dialog>
  );
}

export function AboutDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="About TwinForge" testId="about-dialog" onClose={onClose}>
      <p>
        TwinForge builds PyChrono digital twins from a conversation with a local model, runs them in
        an embedded PyChrono runtime and shows them live in 3D.
      </p>
      <p className="muted">Everything runs on this workstation; nothing is sent elsewhere.</p>
    </Dialog>
  );
}
