// Where the end-to-end tests find the served workspace: the fixed port and the token that
// playwright.config.ts gives `twinforge serve` (in TWINFORGE_TOKEN).
export const E2E_PORT = Number(process.env.TWINFORGE_E2E_PORT || 47831);
export const E2E_TOKEN = 'e2e-token-5f3c9a1d7b2e';
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;

/** The page URL as `twinforge serve` prints it. */
export function workspaceUrl(token: string = E2E_TOKEN): string {
  return `${E2E_ORIGIN}/?token=${encodeURIComponent(token)}`;
}
