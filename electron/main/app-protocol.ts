// The app page is served from `twinforge://app/`, not file://: a standard, secure scheme
// gives the page a real origin, so ES modules, Monaco's workers and the CSP's 'self' work
// as they do over http, and the page cannot read other local files (Electron's security
// checklist: prefer a custom protocol to file://).
import { decodeUrlPath, findFile } from '../host/serve/static-files';

export const APP_SCHEME = 'twinforge';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
export const APP_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

/** The file of dist/renderer an app URL names; null for anything else. */
export async function resolveAppRequest(
  requestUrl: string,
  rendererDir: string,
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  const path = decodeUrlPath(url.pathname === '/' ? '/index.html' : url.pathname);
  return path === null ? null : ((await findFile(rendererDir, path))?.path ?? null);
}
