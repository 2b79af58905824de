// Two browsers on one serve host, racing: settings updates and saves of one project, round
// after round, through the real server and the renderer's WebSocket client. Every file left
// must be whole and valid, the last write of each round intact, and the loser of a save
// told of the conflict.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HostEvents } from '../../electron/common/contract';
import { projectFileSchema, type ProjectSnapshot } from '../../electron/common/contract/projects';
import { settingsSchema } from '../../electron/common/contract/settings';
import { createHost, type Host } from '../../electron/host';
import { startServer, type RunningServer } from '../../electron/host/serve/server';
import { WsHostConnection } from '../../renderer/src/platform/ws-host';

const TOKEN = 'integration-token-projects';
const ROUNDS = 20;
let root: string;
let userData: string;
let projectsRoot: string;
let host: Host;
let server: RunningServer;
let alice: WsHostConnection;
let bob: WsHostConnection;

function client(): WsHostConnection {
  return new WsHostConnection({
    url: `ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`,
    createSocket: (url) =>
      new WebSocket(url, { origin: server.origin }) as unknown as globalThis.WebSocket,
    backoff: () => 50,
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tf-projects-serve-'));
  userData = join(root, 'user');
  projectsRoot = join(root, 'home');
  mkdirSync(projectsRoot);
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  host = createHost({ userDataDir: userData, env: {}, projectsRoots: [projectsRoot] });
  server = await startServer({
    host,
    rendererDir: join(root, 'renderer'),
    dataDir: async () => null,
    token: TOKEN,
    bindHost: '127.0.0.1',
    port: 0,
  });
  alice = client();
  bob = client();
});

afterAll(async () => {
  alice.close();
  bob.close();
  await server.close();
  await host.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** Our temporary files, if a write left any. */
const strays = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('two serve clients at once', () => {
  it('racing settings updates leave one valid settings file with the last write whole', async () => {
    const file = join(userData, 'settings.json');
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all([
        alice.invoke('settings.update', { model: `alice-${round}`, runSimTime: round + 1 }),
        bob.invoke('settings.update', { model: `bob-${round}`, runWallTime: round + 100 }),
      ]);
      const text = readFileSync(file, 'utf8');
      const onDisk = settingsSchema.strict().parse(JSON.parse(text));
      // The update the host applied last holds both clients' fields of this round.
      const last = results.find((r) => r.runSimTime === round + 1 && r.runWallTime === round + 100);
      expect(last).toBeDefined();
      expect(onDisk).toEqual(last);
      expect(await alice.invoke('settings.get', {})).toEqual(onDisk);
      expect(strays(userData)).toEqual([]);
    }
  });

  it('racing saves of one project: one saves whole, the other is told of the conflict', async () => {
    const snapshot = (who: string, round: number): ProjectSnapshot => ({
      script: `import pychrono as chrono\n# ${who}, round ${round}\n${'x = 1\n'.repeat(2000)}`,
      conversation: [
        {
          id: `${who}-${round}`,
          role: 'user',
          content: `${who} asks, round ${round}`,
          createdAt: new Date().toISOString(),
        },
      ],
    });
    const created = await alice.invoke('projects.new', {});
    const first = await alice.invoke('projects.saveAs', {
      projectId: created.project.projectId,
      path: join(projectsRoot, 'pendulum'),
      snapshot: snapshot('alice', -1),
    });
    if (first.status !== 'saved') throw new Error('the project could not be created');
    const folder = join(projectsRoot, 'pendulum.twinforge');
    const opened = await bob.invoke('projects.open', { path: folder });
    expect(opened.openElsewhere.map((o) => o.by)).toEqual(['another browser (twinforge serve)']);

    const told: { to: string; event: HostEvents['projects.changed'] }[] = [];
    alice.on('projects.changed', (event) => told.push({ to: 'alice', event }));
    bob.on('projects.changed', (event) => told.push({ to: 'bob', event }));

    const sides = {
      alice: { client: alice, projectId: created.project.projectId, revision: first.revision },
      bob: { client: bob, projectId: opened.project.projectId, revision: opened.revision },
    };
    const wins = { alice: 0, bob: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      expect(sides.alice.revision).toBe(sides.bob.revision);
      told.length = 0;
      const [a, b] = await Promise.all(
        (['alice', 'bob'] as const).map((who) =>
          sides[who].client.invoke('projects.save', {
            projectId: sides[who].projectId,
            snapshot: snapshot(who, round),
            baseRevision: sides[who].revision,
          }),
        ),
      );
      expect([a.status, b.status].sort()).toEqual(['conflict', 'saved']);
      const winner = a.status === 'saved' ? 'alice' : 'bob';
      const loser = winner === 'alice' ? 'bob' : 'alice';
      const won = (winner === 'alice' ? a : b) as Extract<typeof a, { status: 'saved' }>;
      const lost = (winner === 'alice' ? b : a) as Extract<typeof a, { status: 'conflict' }>;
      wins[winner] += 1;

      // On disk: the winner's snapshot, whole, and a valid project.json.
      expect(readFileSync(join(folder, 'twin.py'), 'utf8')).toBe(snapshot(winner, round).script);
      const doc = projectFileSchema.parse(
        JSON.parse(readFileSync(join(folder, 'project.json'), 'utf8')),
      );
      expect(doc.conversation.map((m) => m.id)).toEqual([`${winner}-${round}`]);
      expect(strays(folder)).toEqual([]);

      // The loser hears of it twice: the refusal, and the event naming who saved.
      expect(lost.conflict).toMatchObject({ revision: won.revision, savedAt: doc.savedAt });
      expect(lost.conflict.savedBy?.label).toMatch(/^a browser \(twinforge serve\) on /);
      await until(() => told.some((t) => t.to === loser));
      expect(told.filter((t) => t.to === loser).map((t) => t.event.revision)).toEqual([
        won.revision,
      ]);

      sides[winner].revision = won.revision;
      const reloaded = await sides[loser].client.invoke('projects.load', {
        projectId: sides[loser].projectId,
      });
      expect(reloaded.state.script).toBe(snapshot(winner, round).script);
      sides[loser].revision = reloaded.revision;
    }
    expect(wins.alice + wins.bob).toBe(ROUNDS);
  });
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('paths a serve client names', () => {
  let outside: string;
  beforeAll(() => {
    // A SimBench-layout task set, once inside the projects root and once outside it.
    outside = join(root, 'elsewhere');
    for (const top of [join(projectsRoot, 'tasks'), join(outside, 'tasks')]) {
      mkdirSync(join(top, 'pendulum'), { recursive: true });
      writeFileSync(join(top, 'pendulum', 'input1.txt'), 'A pendulum.');
      writeFileSync(join(top, 'pendulum', 'truth1.py'), 'import pychrono as chrono\n');
    }
    writeFileSync(join(outside, 'notes.txt'), 'secret notes');
  });

  it('reads task sets inside the projects root and refuses those outside, saying where', async () => {
    const inside = await alice.invoke('review.tasks', { dir: join(projectsRoot, 'tasks') });
    expect(inside.tasks.map((t) => t.name)).toEqual(['pendulum']);
    await expect(alice.invoke('review.tasks', { dir: join(outside, 'tasks') })).rejects.toThrow(
      /outside the projects folder/,
    );
    await expect(
      alice.invoke('review.task', { dir: join(outside, 'tasks'), task: 'pendulum', turn: 1 }),
    ).rejects.toThrow(/outside the projects folder/);
    await expect(alice.invoke('eval.tasks', { dir: join(outside, 'tasks') })).rejects.toThrow(
      /outside the projects folder/,
    );
  });

  it('writes evaluation results only inside the projects root or the host’s own folder', async () => {
    const tasksDir = join(projectsRoot, 'tasks');
    const listed = await alice.invoke('eval.tasks', { dir: tasksDir });
    expect(listed.defaultOutDir.startsWith(join(userData, 'evals'))).toBe(true);
    await expect(
      alice.invoke('eval.start', {
        evalId: 'outside-1',
        tasksDir,
        models: ['m'],
        outDir: join(outside, 'results'),
      }),
    ).rejects.toThrow(/outside the projects folder/);
    await expect(
      alice.invoke('eval.start', {
        evalId: 'outside-2',
        tasksDir,
        models: ['m'],
        judge: {
          model: 'm',
          mode: 'reference-document',
          apiDocumentPath: join(outside, 'notes.txt'),
        },
      }),
    ).rejects.toThrow(/outside the projects folder/);
    await expect(
      alice.invoke('eval.results', { outDir: join(outside, 'results') }),
    ).rejects.toThrow(/outside the projects folder/);
    // The default results folder is the host's own, so it may be read back.
    const results = await alice.invoke('eval.results', { outDir: listed.defaultOutDir });
    expect(results.cells).toEqual([]);
  });

  it('installs runtimes and browses for packs only under the projects root', async () => {
    await expect(
      alice.invoke('runtimes.install', {
        installId: 'outside',
        from: join(projectsRoot, 'pack.tar.gz'),
        prefix: join(outside, 'env'),
      }),
    ).rejects.toThrow(/outside the projects folder/);
    await expect(
      alice.invoke('runtimes.offers', { from: join(outside, 'runtime-pack.json') }),
    ).rejects.toThrow(/outside the projects folder/);
    const top = await alice.invoke('runtimes.browse', {});
    expect(top.dir).toBe(projectsRoot);
    expect(top.parent).toBeNull();
    expect(top.entries.map((e) => e.name)).toContain('tasks');
    await expect(alice.invoke('runtimes.browse', { dir: outside })).rejects.toThrow(
      /outside the projects folder/,
    );
  });
});

describe('a serve with two projects roots', () => {
  it('lets browsers use both, lists them, and still refuses the rest', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tf-two-roots-'));
    const homes = join(base, 'homes');
    const shared = join(base, 'shared-tasks');
    mkdirSync(join(shared, 'pendulum'), { recursive: true });
    mkdirSync(homes);
    writeFileSync(join(shared, 'pendulum', 'input1.txt'), 'A pendulum.');
    writeFileSync(join(shared, 'pendulum', 'truth1.py'), 'import pychrono as chrono\n');
    const twoRoots = createHost({
      userDataDir: join(base, 'user'),
      env: {},
      projectsRoots: [homes, shared],
    });
    try {
      const client = twoRoots.connect('ws:two-roots');
      const listing = await client.invoke('projects.browse', {});
      expect(listing).toMatchObject({ dir: homes, parent: null, roots: [homes, shared] });
      const tasks = await client.invoke('review.tasks', { dir: shared });
      expect(tasks.tasks.map((t) => t.name)).toEqual(['pendulum']);
      const inShared = await client.invoke('projects.browse', { dir: join(shared, 'pendulum') });
      expect(inShared.parent).toBe(shared);
      await expect(client.invoke('projects.browse', { dir: base })).rejects.toThrow(
        /outside the projects folders .*homes, .*shared-tasks/,
      );
    } finally {
      await twoRoots.dispose();
      rmSync(base, { recursive: true, force: true });
    }
  });
});
