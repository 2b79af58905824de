// The serve mode's access token: it arrives in the page URL once, then lives in this tab's
// sessionStorage and is removed from the address bar (so it is not shared by copying the
// URL or kept in history).
export const TOKEN_STORAGE_KEY = 'twinforge.serve-token';

export interface TokenPlace {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export function takeServeToken(place: TokenPlace): string | null {
  const url = new URL(place.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      place.storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // storage disabled: the token stays in the URL so a reload still works
      return fromUrl;
    }
    url.searchParams.delete('token');
    place.history.replaceState(place.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return place.storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}
