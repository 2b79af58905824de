import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, useRecentFiles } from './recent-files';

describe('recent files', () => {
  beforeEach(() => {
    localStorage.clear();
    useRecentFiles.getState().useSlot('browser');
  });

  it('puts the newest first, without duplicates, up to a limit', () => {
    const { remember } = useRecentFiles.getState();
    for (let i = 0; i < MAX_RECENT + 3; i++) remember({ name: `f${i}.py`, path: null, text: '' });
    remember({ name: 'f5.py', path: null, text: 'again' });
    const names = useRecentFiles.getState().files.map((f) => f.name);
    expect(names).toHaveLength(MAX_RECENT);
    expect(names[0]).toBe('f5.py');
    expect(names.filter((n) => n === 'f5.py')).toHaveLength(1);
  });

  it('keeps separate lists per host and survives a restart', () => {
    useRecentFiles.getState().remember({ name: 'web.py', path: null, text: 'w' });
    useRecentFiles.getState().useSlot('electron');
    expect(useRecentFiles.getState().files).toEqual([]);
    useRecentFiles.getState().remember({ name: 'disk.py', path: '/home/me/disk.py', text: 'd' });
    // Files with a path are read again from disk; only browser files keep their text.
    expect(useRecentFiles.getState().files[0].text).toBeNull();
    useRecentFiles.getState().useSlot('browser');
    expect(useRecentFiles.getState().files.map((f) => f.name)).toEqual(['web.py']);
  });

  it('ignores a corrupt stored list', () => {
    localStorage.setItem('twinforge.recent.browser', '{not json');
    useRecentFiles.getState().useSlot('browser');
    expect(useRecentFiles.getState().files).toEqual([]);
  });
});
