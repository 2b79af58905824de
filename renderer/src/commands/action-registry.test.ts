import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  actionForKey,
  getAction,
  menuSections,
  registerAction,
  runAction,
  useActionRegistry,
} from './action-registry';
import { useNotifications } from '../ui/notifications';

const ctrl = (k: string) => ({
  key: k,
  code: `Key${k.toUpperCase()}`,
  ctrlKey: true,
  metaKey: false,
  shiftKey: false,
  altKey: false,
});

describe('action registry', () => {
  afterEach(() => {
    useActionRegistry.setState({ actions: [] });
    useNotifications.setState({ notices: [] });
  });

  it('fills title, menu and shortcut from the catalogue', () => {
    registerAction({ id: 'file.open', run: () => undefined });
    expect(getAction('file.open')).toMatchObject({
      title: 'Open Script…',
      menu: 'File',
      keybinding: 'CmdOrCtrl+O',
      catalogued: true,
    });
  });

  it('needs a title for actions outside the catalogue', () => {
    expect(() => registerAction({ id: 'chat.mystery', run: () => undefined })).toThrow(/title/);
  });

  it('removes exactly what it added when disposed', () => {
    const first = registerAction({ id: 'chat.send', title: 'Send', run: () => undefined });
    const second = registerAction({ id: 'chat.send', title: 'Send (new)', run: () => undefined });
    first();
    expect(getAction('chat.send')?.title).toBe('Send (new)');
    second();
    expect(getAction('chat.send')).toBeUndefined();
  });

  it('runs enabled actions only, and turns failures into notifications', async () => {
    const run = vi.fn();
    let enabled = false;
    registerAction({ id: 'run.stop', when: () => enabled, run });
    expect(await runAction('run.stop')).toBe(false);
    enabled = true;
    expect(await runAction('run.stop')).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);

    registerAction({ id: 'file.save', run: () => Promise.reject(new Error('disk full')) });
    expect(await runAction('file.save')).toBe(false);
    expect(useNotifications.getState().notices[0]).toMatchObject({
      level: 'error',
      message: 'Save failed: disk full',
    });
  });

  it('finds the action for a key, leaving native roles and native-menu shortcuts alone', () => {
    registerAction({ id: 'file.open', run: () => undefined });
    registerAction({ id: 'edit.undo', run: () => undefined });
    registerAction({
      id: 'chat.focus',
      title: 'Focus chat input',
      keybinding: 'CmdOrCtrl+L',
      run: () => undefined,
    });
    expect(actionForKey(ctrl('o'), { nativeMenu: false })?.id).toBe('file.open');
    expect(actionForKey(ctrl('z'), { nativeMenu: false })).toBeUndefined();
    expect(actionForKey(ctrl('o'), { nativeMenu: true })).toBeUndefined();
    expect(actionForKey(ctrl('l'), { nativeMenu: true })?.id).toBe('chat.focus');
  });

  it('lays out a menu in catalogue order with groups, run-time additions last', () => {
    registerAction({
      id: 'model.pull',
      title: 'Pull Model…',
      menu: 'Model',
      group: 'models',
      run: () => undefined,
    });
    registerAction({ id: 'model.refreshStatus', run: () => undefined });
    registerAction({ id: 'model.settings', run: () => undefined });
    registerAction({
      id: 'model.serverLog',
      title: 'Server Log',
      menu: 'Model',
      group: 'server',
      run: () => undefined,
    });
    const sections = menuSections(useActionRegistry.getState().actions, 'Model');
    expect(sections.map((s) => [s.group, s.actions.map((a) => a.id)])).toEqual([
      ['server', ['model.settings', 'model.refreshStatus', 'model.serverLog']],
      ['models', ['model.pull']],
    ]);
  });
});
