import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../electron/common/actions';
import { formatAccelerator, matchesChord, parseAccelerator, type KeyEventLike } from './keybinding';

const key = (over: Partial<KeyEventLike>): KeyEventLike => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...over,
});

describe('keybindings', () => {
  it('parses every accelerator of the catalogue on both platforms', () => {
    for (const action of ACTIONS) {
      if (!('accelerator' in action)) continue;
      expect(() => parseAccelerator(action.accelerator, false)).not.toThrow();
      expect(() => parseAccelerator(action.accelerator, true)).not.toThrow();
    }
  });

  it('rejects accelerators it cannot read', () => {
    expect(() => parseAccelerator('Hyper+P')).toThrow(/modifier/);
    expect(() => parseAccelerator('CmdOrCtrl+Banana')).toThrow(/key/);
  });

  it('maps CmdOrCtrl to Ctrl off macOS and to Cmd on macOS', () => {
    const chord = parseAccelerator('CmdOrCtrl+Shift+P', false);
    expect(
      matchesChord(key({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true }), chord, false),
    ).toBe(true);
    expect(matchesChord(key({ key: 'p', code: 'KeyP', ctrlKey: true }), chord, false)).toBe(false);
    const mac = parseAccelerator('CmdOrCtrl+Shift+P', true);
    expect(
      matchesChord(key({ key: 'p', code: 'KeyP', metaKey: true, shiftKey: true }), mac, true),
    ).toBe(true);
    expect(
      matchesChord(key({ key: 'p', code: 'KeyP', ctrlKey: true, shiftKey: true }), mac, true),
    ).toBe(false);
  });

  it('matches named keys and function keys', () => {
    expect(
      matchesChord(
        key({ key: 'Enter', code: 'Enter', ctrlKey: true }),
        parseAccelerator('CmdOrCtrl+Enter', false),
        false,
      ),
    ).toBe(true);
    expect(
      matchesChord(
        key({ key: 'F5', code: 'F5', shiftKey: true }),
        parseAccelerator('Shift+F5', false),
        false,
      ),
    ).toBe(true);
    expect(
      matchesChord(key({ key: 'F5', code: 'F5' }), parseAccelerator('Shift+F5', false), false),
    ).toBe(false);
    expect(
      matchesChord(
        key({ key: ',', code: 'Comma', ctrlKey: true }),
        parseAccelerator('CmdOrCtrl+,', false),
        false,
      ),
    ).toBe(true);
  });

  it('reads digits by position, whatever Shift makes of them', () => {
    const chord = parseAccelerator('CmdOrCtrl+1', false);
    expect(matchesChord(key({ key: '1', code: 'Digit1', ctrlKey: true }), chord, false)).toBe(true);
  });

  it('labels shortcuts the way each platform writes them', () => {
    expect(formatAccelerator('CmdOrCtrl+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatAccelerator('CmdOrCtrl+Shift+P', true)).toBe('⇧⌘P');
    expect(formatAccelerator('CmdOrCtrl+Enter', true)).toBe('⌘↩');
    expect(formatAccelerator('Shift+F5', false)).toBe('Shift+F5');
  });
});
