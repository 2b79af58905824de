// Keyboard shortcuts in Electron's accelerator syntax (`CmdOrCtrl+Shift+P`): parsing,
// matching against DOM key events, and labels for menus and the palette.

export interface Chord {
  /** Ctrl on Windows and Linux, Cmd on macOS. */
  primary: boolean;
  /** The literal Ctrl key on macOS (there it differs from `primary`). */
  macCtrl: boolean;
  shift: boolean;
  alt: boolean;
  /** Upper-case letter, digit, or a key name as in KeyboardEvent.key (`Enter`, `F5`, `,`). */
  key: string;
}

export const isMac =
  typeof navigator !== 'undefined' &&
  /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

const KEY_ALIASES: Record<string, string> = {
  return: 'Enter',
  enter: 'Enter',
  esc: 'Escape',
  escape: 'Escape',
  space: ' ',
  plus: '+',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  tab: 'Tab',
  backspace: 'Backspace',
  delete: 'Delete',
};

/** Parses an accelerator; throws on one it cannot read so that typos fail in tests. */
export function parseAccelerator(accelerator: string, mac = isMac): Chord {
  const parts = accelerator.split('+');
  // `CmdOrCtrl++` names the plus key: splitting leaves two empty strings at the end.
  if (accelerator.endsWith('++')) parts.splice(parts.length - 2, 2, '+');
  const chord: Chord = { primary: false, macCtrl: false, shift: false, alt: false, key: '' };
  parts.forEach((raw, index) => {
    const part = raw.trim();
    const lower = part.toLowerCase();
    const last = index === parts.length - 1;
    if (!last) {
      if (lower === 'cmdorctrl' || lower === 'commandorcontrol') chord.primary = true;
      else if (lower === 'cmd' || lower === 'command' || lower === 'super' || lower === 'meta')
        chord.primary = mac ? true : chord.primary;
      else if (lower === 'ctrl' || lower === 'control') {
        if (mac) chord.macCtrl = true;
        else chord.primary = true;
      } else if (lower === 'shift') chord.shift = true;
      else if (lower === 'alt' || lower === 'option') chord.alt = true;
      else throw new Error(`Unknown modifier "${part}" in shortcut "${accelerator}"`);
      return;
    }
    if (!part) throw new Error(`Shortcut "${accelerator}" has no key`);
    if (KEY_ALIASES[lower]) chord.key = KEY_ALIASES[lower];
    else if (/^f([1-9]|1[0-9]|2[0-4])$/i.test(part)) chord.key = part.toUpperCase();
    else if (part.length === 1) chord.key = part.toUpperCase();
    else throw new Error(`Unknown key "${part}" in shortcut "${accelerator}"`);
  });
  return chord;
}

export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The key of an event, independent of Shift (Shift+1 is `1`, Shift+p is `P`). */
export function eventKey(event: KeyEventLike): string {
  if (/^Key[A-Z]$/.test(event.code)) return event.code.slice(3);
  if (/^Digit[0-9]$/.test(event.code)) return event.code.slice(5);
  return event.key.length === 1 ? event.key.toUpperCase() : event.key;
}

export function matchesChord(event: KeyEventLike, chord: Chord, mac = isMac): boolean {
  const primaryDown = mac ? event.metaKey : event.ctrlKey;
  const macCtrlDown = mac ? event.ctrlKey : false;
  if (primaryDown !== chord.primary || macCtrlDown !== chord.macCtrl) return false;
  if (event.altKey !== chord.alt || event.shiftKey !== chord.shift) return false;
  if (!mac && event.metaKey) return false;
  return eventKey(event) === chord.key;
}

const MAC_SYMBOLS = { primary: '⌘', macCtrl: '⌃', alt: '⌥', shift: '⇧' };

/** A shortcut as people expect to read it on their platform: `Ctrl+Shift+P`, `⇧⌘P`. */
export function formatAccelerator(accelerator: string, mac = isMac): string {
  const chord = parseAccelerator(accelerator, mac);
  const key = chord.key === ' ' ? 'Space' : chord.key;
  if (mac) {
    return (
      (chord.macCtrl ? MAC_SYMBOLS.macCtrl : '') +
      (chord.alt ? MAC_SYMBOLS.alt : '') +
      (chord.shift ? MAC_SYMBOLS.shift : '') +
      (chord.primary ? MAC_SYMBOLS.primary : '') +
      (key === 'Enter' ? '↩' : key)
    );
  }
  const parts: string[] = [];
  if (chord.primary) parts.push('Ctrl');
  if (chord.alt) parts.push('Alt');
  if (chord.shift) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}
