// Two people on one serve host: each browser runs its own script at the same time, sees
// only its own console and frames, and cannot stop the other's run.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { workspaceUrl } from './serve-env';

/** A twin that never ends by itself: a swinging pendulum that says who it belongs to. */
const twin = (who: string, x: number) => `import pychrono as chrono
import pychrono.irrlicht as chronoirr

print("this is the run of ${who}", flush=True)
system = chrono.ChSystemNSC()
ground = chrono.ChBody()
ground.SetFixed(True)
system.Add(ground)
bob = chrono.ChBodyEasySphere(0.2, 1000, True, False)
bob.SetName("${who}_bob")
bob.SetPos(chrono.ChVector3d(${x}, 0, 0))
system.Add(bob)
hinge = chrono.ChLinkLockRevolute()
hinge.Initialize(ground, bob, chrono.ChFramed(chrono.ChVector3d(0, 0, 0)))
system.Add(hinge)
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(system)
vis.Initialize()
vis.AddCamera(chrono.ChVector3d(0, 0, 4), chrono.ChVector3d(0, 0, 0))
while vis.Run():
    vis.BeginScene()
    vis.Render()
    vis.EndScene()
    system.DoStepDynamics(0.002)
`;
import { dropFile } from './page-tools';

async function openIn(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(workspaceUrl());
  await expect(page.getByTestId('editor-panel').locator('.monaco-editor')).toBeVisible({
    timeout: 20_000,
  });
  return page;
}

/** The simulated time the view's timeline shows, in seconds. */
async function viewTime(page: Page): Promise<number> {
  return Number.parseFloat((await page.getByTestId('timeline-time').innerText()) || '0');
}

test('two browsers run their own scripts at once, each seeing and controlling only its own', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const alice = await openIn(browser);
  const bob = await openIn(browser);
  await dropFile(alice, 'alice_twin.py', twin('alice', 1));
  await dropFile(bob, 'bob_twin.py', twin('bob', -1));
  await expect(alice.getByTestId('editor-file-name')).toHaveText('alice_twin.py');
  await expect(bob.getByTestId('editor-file-name')).toHaveText('bob_twin.py');

  await alice.getByTestId('run-start').click();
  await bob.getByTestId('run-start').click();
  for (const page of [alice, bob]) {
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-status', 'running', {
      timeout: 20_000,
    });
  }
  // Bob's run did not stop Alice's: both run at the same time.
  await expect(alice.getByTestId('run-state')).toHaveAttribute('data-status', 'running');

  // Each sees its own output, never the other's.
  await expect(alice.getByTestId('console')).toContainText('this is the run of alice');
  await expect(bob.getByTestId('console')).toContainText('this is the run of bob');
  await expect(alice.getByTestId('console')).not.toContainText('bob');
  await expect(bob.getByTestId('console')).not.toContainText('alice');

  // Both views animate: their simulated time moves on.
  for (const page of [alice, bob]) {
    const before = await viewTime(page);
    await expect.poll(() => viewTime(page), { timeout: 15_000 }).toBeGreaterThan(before);
  }

  // Stopping is one's own business: Alice stops hers, Bob's goes on.
  await alice.getByTestId('run-stop').click();
  await expect(alice.getByTestId('run-state')).toHaveAttribute('data-status', 'stopped', {
    timeout: 15_000,
  });
  const bobTime = await viewTime(bob);
  await expect.poll(() => viewTime(bob), { timeout: 15_000 }).toBeGreaterThan(bobTime);
  await expect(bob.getByTestId('run-state')).toHaveAttribute('data-status', 'running');

  // A browser that leaves takes its run down with it, and only its run.
  await bob.close();
  await alice.close();
});
