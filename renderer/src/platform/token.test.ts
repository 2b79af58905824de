import { describe, expect, it } from 'vitest';
import { takeServeToken, TOKEN_STORAGE_KEY } from './token';

function place(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    place: {
      location: { href },
      history: {
        state: null,
        replaceState: (_s: unknown, _t: string, url?: string | URL | null) =>
          replaced.push(String(url)),
      },
      storage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => storage.set(k, v),
      },
    },
  };
}

describe('the serve token', () => {
  it('is taken from the URL, kept for this tab, and removed from the address bar', () => {
    const p = place('http://127.0.0.1:7878/?token=abc123&debug=1#x');
    expect(takeServeToken(p.place)).toBe('abc123');
    expect(p.storage.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(p.replaced).toEqual(['/?debug=1#x']);
  });

  it('comes from session storage after a reload', () => {
    const p = place('http://127.0.0.1:7878/', { [TOKEN_STORAGE_KEY]: 'kept' });
    expect(takeServeToken(p.place)).toBe('kept');
    expect(p.replaced).toEqual([]);
  });

  it('is null when there is none', () => {
    expect(takeServeToken(place('http://127.0.0.1:7878/').place)).toBeNull();
  });
});
