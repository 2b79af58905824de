// `twinforge serve` as a user meets it: the printed URL opens the workspace, the token
// leaves the address bar, the page talks to the host over one WebSocket, reloads work.
import { expect, test, type WebSocket as PageSocket } from '@playwright/test';
import { E2E_ORIGIN, E2E_TOKEN, workspaceUrl } from './serve-env';

test('the printed URL opens the workspace and its WebSocket carries the contract', async ({
  page,
}) => {
  const sockets: PageSocket[] = [];
  const answers: string[] = [];
  page.on('websocket', (ws) => {
    sockets.push(ws);
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') answers.push(payload);
    });
  });

  await page.goto(workspaceUrl());
  await expect(page.locator('#root')).not.toBeEmpty();

  // The token left the visible URL and stays in this tab's session storage.
  expect(page.url()).toBe(`${E2E_ORIGIN}/`);
  expect(await page.evaluate(() => sessionStorage.getItem('twinforge.serve-token'))).toBe(
    E2E_TOKEN,
  );

  // One socket to /ws, and the host answered the workspace's first calls over it.
  await expect.poll(() => sockets.length).toBe(1);
  expect(new URL(sockets[0].url()).pathname).toBe('/ws');
  await expect.poll(() => answers.some((a) => a.includes('"t":"result"'))).toBe(true);
});

test('a reload keeps working without the token in the URL', async ({ page }) => {
  await page.goto(workspaceUrl());
  await expect(page.locator('#root')).not.toBeEmpty();
  const opened = page.waitForEvent('websocket');
  await page.reload();
  const ws = await opened;
  await expect(page.locator('#root')).not.toBeEmpty();
  const answered = await ws.waitForEvent('framereceived', {
    predicate: ({ payload }) => typeof payload === 'string' && payload.includes('"t":"result"'),
  });
  expect(answered).toBeTruthy();
  expect(page.url()).toBe(`${E2E_ORIGIN}/`);
});

test('pychrono data files are served read-only from the probed data folder', async ({
  request,
}) => {
  const auth = { headers: { Authorization: `Bearer ${E2E_TOKEN}` } };
  // The test double's data folder holds models/cube.obj (runtime.probe reports the folder).
  const mesh = await request.get('/data?path=models%2Fcube.obj', auth);
  expect(mesh.status()).toBe(200);
  expect(mesh.headers()['content-type']).toBe('text/plain; charset=utf-8');
  expect(await mesh.text()).toMatch(/^v /m);
  expect((await request.post('/data?path=models%2Fcube.obj', auth)).status()).toBe(405);
});
