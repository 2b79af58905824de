import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEvents } from '../../common/contract';
import type { OpenedProject, ProjectSnapshot, SaveResult } from '../../common/contract/projects';
import { EventBus } from '../events';
import { ProjectService } from './project-service';

let dir: string;
let root: string;
let userData: string;
let bus: EventBus;
let projects: ProjectService;

const alice = { owner: 'ws:1' };
const bob = { owner: 'ws:2' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-projects-'));
  root = join(dir, 'home');
  userData = join(dir, 'user');
  mkdirSync(root);
  bus = new EventBus();
  projects = new ProjectService({
    userDataDir: userData,
    bus,
    projectsRoots: [root],
    hostname: 'lab-ws1',
  });
});
afterEach(async () => {
  await projects.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const snapshot = (script: string, extra: ProjectSnapshot = {}): ProjectSnapshot => ({
  script,
  versions: [
    {
      id: `v-${script.length}`,
      createdAt: '2026-11-25T10:00:00.000Z',
      origin: 'chat',
      prompt: 'a pendulum',
      model: 'qwen2.5-coder:7b',
      answer: 'Here',
      code: script,
    },
  ],
  currentVersionId: `v-${script.length}`,
  conversation: [
    { id: 'm1', role: 'user', content: 'a pendulum', createdAt: '2026-11-25T10:00:00.000Z' },
  ],
  ...extra,
});

function saved(result: SaveResult | { status: string }): string {
  if (result.status !== 'saved') throw new Error(`expected a save, got ${JSON.stringify(result)}`);
  return (result as { revision: string }).revision;
}

async function savedProject(name = 'pendulum', script = 'import pychrono\n'): Promise<string> {
  const fresh = await projects.create(alice, {});
  const path = join(root, name);
  saved(
    await projects.saveAs(alice, {
      projectId: fresh.project.projectId,
      path,
      snapshot: snapshot(script),
      overwrite: false,
    }),
  );
  await projects.close(fresh.project.projectId, false);
  return `${path}.twinforge`;
}

describe('untitled projects', () => {
  it('each caller gets its own, written to the user-data folder only once saved', async () => {
    const a = await projects.create(alice, { script: 'import pychrono\n' });
    const b = await projects.create(bob, {});
    expect(a.project.projectId).not.toBe(b.project.projectId);
    expect(a).toMatchObject({
      project: {
        kind: 'untitled',
        name: 'Untitled',
        path: expect.stringContaining(join(userData, 'projects', 'untitled')),
      },
      offerSaveAsProject: true,
    });
    expect(a.state.script).toBe('import pychrono\n');
    expect(existsSync(join(userData, 'projects', 'untitled'))).toBe(false);

    saved(
      await projects.save(alice, {
        projectId: a.project.projectId,
        snapshot: { conversation: snapshot('x').conversation },
        baseRevision: a.revision,
        overwrite: false,
      }),
    );
    const [folder] = readdirSync(join(userData, 'projects', 'untitled'));
    const written = join(userData, 'projects', 'untitled', folder);
    // Fields the snapshot left out keep what the project held: the script given at its start.
    expect(readFileSync(join(written, 'twin.py'), 'utf8')).toBe('import pychrono\n');
    saved(
      await projects.save(bob, {
        projectId: b.project.projectId,
        snapshot: snapshot('b'),
        baseRevision: b.revision,
        overwrite: false,
      }),
    );
    expect(readdirSync(join(userData, 'projects', 'untitled'))).toHaveLength(2);
    expect(readFileSync(join(written, 'twin.py'), 'utf8')).toBe('import pychrono\n');
  });

  it('an untitled project nobody saved leaves nothing when closed; a saved one stays until discarded', async () => {
    const a = await projects.create(alice, {});
    await projects.close(a.project.projectId, false);
    const b = await projects.create(alice, {});
    saved(
      await projects.save(alice, {
        projectId: b.project.projectId,
        snapshot: snapshot('x'),
        baseRevision: b.revision,
        overwrite: false,
      }),
    );
    await projects.close(b.project.projectId, false);
    expect(readdirSync(join(userData, 'projects', 'untitled'))).toHaveLength(1);
    const recent = await projects.handlers()['projects.recent']({}, alice);
    expect(recent.projects.map((p) => p.kind)).toEqual(['untitled']);
    const again = await projects.open(bob, recent.projects[0].path);
    expect(again.project.kind).toBe('untitled');
    expect(again.state.script).toBe('x');
    await projects.close(again.project.projectId, true);
    expect(readdirSync(join(userData, 'projects', 'untitled'))).toHaveLength(0);
  });
});

describe('project folders', () => {
  it('save as writes NAME.twinforge that opens again with the same state', async () => {
    const fresh = await projects.create(alice, {});
    const result = await projects.saveAs(alice, {
      projectId: fresh.project.projectId,
      path: join(root, 'pendulum'),
      snapshot: snapshot('import pychrono\n', {
        reference: 'import pychrono as ref\n',
        settings: { runSimTime: 2 },
        referenceSource: { kind: 'file', path: '/refs/pendulum.py' },
      }),
      overwrite: false,
    });
    const folder = join(root, 'pendulum.twinforge');
    expect(result).toMatchObject({
      status: 'saved',
      project: { kind: 'project', name: 'pendulum', path: folder },
    });
    expect(readdirSync(folder).sort()).toEqual([
      '.locks',
      'project.json',
      'reference.py',
      'runs',
      'twin.py',
    ]);
    const doc = JSON.parse(readFileSync(join(folder, 'project.json'), 'utf8'));
    expect(doc).toMatchObject({
      format: 1,
      name: 'pendulum',
      savedBy: { label: 'a browser (twinforge serve) on lab-ws1', owner: 'ws:1' },
    });

    const opened = await projects.open(bob, folder);
    expect(opened.state).toMatchObject({
      script: 'import pychrono\n',
      reference: 'import pychrono as ref\n',
      settings: { runSimTime: 2 },
      referenceSource: { kind: 'file', path: '/refs/pendulum.py' },
      conversation: snapshot('x').conversation,
    });
    expect(opened.state.versions.map((v) => v.code)).toEqual(['import pychrono\n']);
    expect(opened).toMatchObject({ problems: [], offerSaveAsProject: false });
    expect(opened.revision).toBe((result as { revision: string }).revision);
  });

  it('a plain .py opens on its own: the file is the script, its chat is kept apart from it', async () => {
    const script = join(root, 'arm.py');
    writeFileSync(script, 'import pychrono as chrono\n');
    const opened = await projects.open(alice, script);
    expect(opened).toMatchObject({
      project: { kind: 'script', name: 'arm', scriptPath: script, path: null },
      offerSaveAsProject: true,
      state: { script: 'import pychrono as chrono\n', versions: [], conversation: [] },
    });
    saved(
      await projects.save(alice, {
        projectId: opened.project.projectId,
        snapshot: snapshot('edited\n'),
        baseRevision: opened.revision,
        overwrite: false,
      }),
    );
    expect(readFileSync(script, 'utf8')).toBe('import pychrono as chrono\n');
    await projects.close(opened.project.projectId, false);

    const again = await projects.open(bob, script);
    expect(again.state.conversation).toHaveLength(1);
    expect(again.state.script).toBe('import pychrono as chrono\n');
    expect(readdirSync(root)).toEqual(['arm.py']);
  });

  it('a script of the earlier conversation store brings its chat and versions over', async () => {
    const script = join(root, 'arm.py');
    writeFileSync(script, 'import pychrono\n');
    const hash = createHash('sha256').update(script).digest('hex').slice(0, 32);
    mkdirSync(join(userData, 'conversations'), { recursive: true });
    const { conversation, versions } = snapshot('import pychrono\n');
    const old = {
      format: 1,
      projectKey: script,
      messages: conversation,
      versions: [{ ...versions?.[0], id: 'v1' }],
      currentVersionId: 'v1',
    };
    writeFileSync(join(userData, 'conversations', `${hash}.json`), JSON.stringify(old));
    const opened = await projects.open(alice, script);
    expect(opened.state.conversation.map((m) => m.content)).toEqual(['a pendulum']);
    expect(opened.state.currentVersionId).toBe('v1');
    expect(opened.problems[0]).toMatch(/brought over/);
    await projects.close(opened.project.projectId, false);
    expect((await projects.open(alice, script)).problems).toEqual([]);
  });

  it('refuses what is neither a project nor a script, and paths outside the projects root', async () => {
    writeFileSync(join(root, 'notes.txt'), 'x');
    mkdirSync(join(root, 'photos'));
    await expect(projects.open(alice, join(root, 'notes.txt'))).rejects.toThrow(
      /neither a TwinForge project/,
    );
    await expect(projects.open(alice, join(root, 'photos'))).rejects.toThrow(/has no project.json/);
    await expect(projects.open(alice, join(root, 'none.twinforge'))).rejects.toThrow(
      /does not exist/,
    );
    writeFileSync(join(dir, 'outside.py'), 'x');
    await expect(projects.open(alice, join(root, '..', 'outside.py'))).rejects.toThrow(
      /outside the projects folder/,
    );
    symlinkSync(dir, join(root, 'escape'));
    await expect(projects.open(alice, join(root, 'escape', 'outside.py'))).rejects.toThrow(
      /outside the projects folder/,
    );
    const fresh = await projects.create(alice, {});
    await expect(
      projects.saveAs(alice, {
        projectId: fresh.project.projectId,
        path: join(dir, 'elsewhere'),
        snapshot: {},
        overwrite: false,
      }),
    ).rejects.toThrow(/outside the projects folder/);
  });

  it('save as onto an existing project asks first; onto another folder refuses', async () => {
    const folder = await savedProject('pendulum', 'first\n');
    const fresh = await projects.create(bob, {});
    const ask = {
      projectId: fresh.project.projectId,
      path: folder,
      snapshot: snapshot('second\n'),
      overwrite: false,
    };
    expect(await projects.saveAs(bob, ask)).toMatchObject({ status: 'exists', path: folder });
    expect(readFileSync(join(folder, 'twin.py'), 'utf8')).toBe('first\n');
    saved(await projects.saveAs(bob, { ...ask, overwrite: true }));
    expect(readFileSync(join(folder, 'twin.py'), 'utf8')).toBe('second\n');
    mkdirSync(join(root, 'taken.twinforge'));
    writeFileSync(join(root, 'taken.twinforge', 'thesis.tex'), 'x');
    await expect(projects.saveAs(bob, { ...ask, path: join(root, 'taken') })).rejects.toThrow(
      /not a TwinForge project/,
    );
  });
});

describe('the same project opened twice', () => {
  async function both(): Promise<{ folder: string; a: OpenedProject; b: OpenedProject }> {
    const folder = await savedProject();
    return { folder, a: await projects.open(alice, folder), b: await projects.open(bob, folder) };
  }

  it('says who else has it open', async () => {
    const { a, b } = await both();
    expect(a.openElsewhere).toEqual([]);
    expect(b.openElsewhere).toEqual([
      { by: 'another browser (twinforge serve)', since: expect.any(String) },
    ]);
  });

  it('refuses a save based on an older revision, says who saved, and tells the other client', async () => {
    const { folder, a, b } = await both();
    const heard: HostEvents['projects.changed'][] = [];
    bus.subscribe((name, payload) => {
      if (name === 'projects.changed') heard.push(payload as HostEvents['projects.changed']);
    }, bob.owner);

    const aliceRevision = saved(
      await projects.save(alice, {
        projectId: a.project.projectId,
        snapshot: snapshot('alice\n'),
        baseRevision: a.revision,
        overwrite: false,
      }),
    );
    expect(heard).toEqual([
      {
        projectId: b.project.projectId,
        revision: aliceRevision,
        savedAt: expect.any(String),
        savedBy: expect.objectContaining({ owner: 'ws:1' }),
      },
    ]);
    const refused = await projects.save(bob, {
      projectId: b.project.projectId,
      snapshot: snapshot('bob\n'),
      baseRevision: b.revision,
      overwrite: false,
    });
    expect(refused).toMatchObject({
      status: 'conflict',
      conflict: {
        revision: aliceRevision,
        savedBy: { label: 'a browser (twinforge serve) on lab-ws1' },
      },
    });
    if (refused.status === 'conflict')
      expect(refused.conflict.message).toMatch(
        /saved by a browser .* Overwrite it, reload it, or save yours/,
      );
    expect(readFileSync(join(folder, 'twin.py'), 'utf8')).toBe('alice\n');

    // Reload, then save on top: fine. Or overwrite: fine too, on purpose.
    const reloaded = await projects.load(bob, b.project.projectId);
    expect(reloaded.state.script).toBe('alice\n');
    saved(
      await projects.save(bob, {
        projectId: b.project.projectId,
        snapshot: snapshot('bob\n'),
        baseRevision: reloaded.revision,
        overwrite: false,
      }),
    );
    saved(
      await projects.save(alice, {
        projectId: a.project.projectId,
        snapshot: snapshot('alice again\n'),
        baseRevision: aliceRevision,
        overwrite: true,
      }),
    );
    expect(readFileSync(join(folder, 'twin.py'), 'utf8')).toBe('alice again\n');
  });

  it('an edit of twin.py in another program is a conflict too', async () => {
    const { folder, a } = await both();
    writeFileSync(join(folder, 'twin.py'), 'edited in vim\n');
    const result = await projects.save(alice, {
      projectId: a.project.projectId,
      snapshot: snapshot('alice\n'),
      baseRevision: a.revision,
      overwrite: false,
    });
    expect(result.status).toBe('conflict');
    expect(readFileSync(join(folder, 'twin.py'), 'utf8')).toBe('edited in vim\n');
  });

  it('concurrent saves on one revision: exactly one wins, intact', async () => {
    const { folder, a, b } = await both();
    const results = await Promise.all([
      projects.save(alice, {
        projectId: a.project.projectId,
        snapshot: snapshot('alice\n'),
        baseRevision: a.revision,
        overwrite: false,
      }),
      projects.save(bob, {
        projectId: b.project.projectId,
        snapshot: snapshot('bob\n'),
        baseRevision: b.revision,
        overwrite: false,
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['saved', 'conflict']);
    expect(readFileSync(join(folder, 'twin.py'), 'utf8')).toBe('alice\n');
  });

  it('recording a run is no conflict', async () => {
    const { folder, a } = await both();
    await projects.recordRun(a.project.projectId, {
      runId: 'r1',
      lane: 'twin',
      file: 'r1.tfrec',
      startedAt: '2026-11-25T10:00:00.000Z',
      summary: null,
    });
    expect(JSON.parse(readFileSync(join(folder, 'project.json'), 'utf8')).runs).toHaveLength(1);
    expect(await projects.runsFolder(a.project.projectId)).toBe(join(folder, 'runs'));
    saved(
      await projects.save(alice, {
        projectId: a.project.projectId,
        snapshot: snapshot('x\n'),
        baseRevision: a.revision,
        overwrite: false,
      }),
    );
    expect(
      (await projects.load(alice, a.project.projectId)).state.runs.map((r) => r.runId),
    ).toEqual(['r1']);
  });

  it('lists and removes runs without changing the revision, unsaved untitled ones too', async () => {
    const { folder, a } = await both();
    const entry = (runId: string) => ({
      runId,
      lane: 'twin',
      file: `${runId}.tfrec`,
      startedAt: '2026-11-25T10:00:00.000Z',
      summary: null,
    });
    await projects.recordRun(a.project.projectId, entry('r1'));
    await projects.recordRun(a.project.projectId, entry('r2'));
    await projects.removeRuns(a.project.projectId, ['r1']);
    expect((await projects.runs(a.project.projectId)).map((r) => r.runId)).toEqual(['r2']);
    expect(JSON.parse(readFileSync(join(folder, 'project.json'), 'utf8')).runs).toHaveLength(1);
    expect((await projects.load(alice, a.project.projectId)).revision).toBe(a.revision);

    const untitled = await projects.create(alice, {});
    await projects.recordRun(untitled.project.projectId, entry('u1'));
    expect((await projects.runs(untitled.project.projectId)).map((r) => r.runId)).toEqual(['u1']);
    await projects.removeRuns(untitled.project.projectId, ['u1']);
    expect(await projects.runs(untitled.project.projectId)).toEqual([]);
  });
});

describe('lock files', () => {
  const lockOf = (folder: string, lock: object) => {
    mkdirSync(join(folder, '.locks'), { recursive: true });
    writeFileSync(join(folder, '.locks', 'other.json'), JSON.stringify(lock));
  };

  it('keeps one while the project is open here, and removes it when the last holder closes', async () => {
    const folder = await savedProject();
    const a = await projects.open(alice, folder);
    await projects.open(bob, folder);
    const [name] = readdirSync(join(folder, '.locks'));
    expect(name).toBe(`${process.pid}@lab-ws1.json`);
    const lock = JSON.parse(readFileSync(join(folder, '.locks', name), 'utf8'));
    expect(lock).toMatchObject({
      pid: process.pid,
      hostname: 'lab-ws1',
      heartbeatAt: expect.any(String),
    });
    expect(lock.holders.map((h: { label: string }) => h.label)).toEqual([
      'a browser (twinforge serve)',
      'a browser (twinforge serve)',
    ]);
    await projects.close(a.project.projectId, false);
    await projects.release(bob.owner);
    expect(existsSync(join(folder, '.locks'))).toBe(false);
  });

  it('reports a live lock of another process, and drops stale ones', async () => {
    const folder = await savedProject();
    const since = '2026-11-25T09:00:00.000Z';
    lockOf(folder, {
      pid: 4242,
      hostname: 'lab-ws2',
      heartbeatAt: new Date().toISOString(),
      holders: [{ label: 'a TwinForge window', since }],
    });
    expect((await projects.open(alice, folder)).openElsewhere).toEqual([
      { by: 'a TwinForge window (pid 4242 on lab-ws2)', since },
    ]);

    // Silent for longer than the heartbeat allows: stale, whatever machine it came from.
    lockOf(folder, {
      pid: 4242,
      hostname: 'lab-ws2',
      heartbeatAt: new Date(Date.now() - 60_000).toISOString(),
      holders: [{ label: 'a TwinForge window', since }],
    });
    expect((await projects.open(alice, folder)).openElsewhere).toEqual([]);
    expect(readdirSync(join(folder, '.locks'))).toEqual([`${process.pid}@lab-ws1.json`]);

    // On this machine, a lock whose process is gone is stale at once.
    lockOf(folder, {
      pid: 99999999,
      hostname: 'lab-ws1',
      heartbeatAt: new Date().toISOString(),
      holders: [{ label: 'a TwinForge window', since }],
    });
    expect((await projects.open(bob, folder)).openElsewhere.map((o) => o.by)).toEqual([
      'another browser (twinforge serve)',
    ]);
  });
});

describe('recent projects and browsing', () => {
  it('lists the recent ones, most recent first, without those that are gone', async () => {
    const one = await savedProject('one');
    const two = await savedProject('two');
    writeFileSync(join(root, 'arm.py'), 'x');
    await projects.open(alice, join(root, 'arm.py'));
    await projects.open(alice, one);
    const recent = async () => (await projects.handlers()['projects.recent']({}, alice)).projects;
    expect((await recent()).map((p) => p.name)).toEqual(['one', 'arm.py', 'two']);
    rmSync(two, { recursive: true });
    expect((await recent()).map((p) => p.path)).toEqual([one, join(root, 'arm.py')]);
  });

  it('browses folders, projects and scripts under the root only', async () => {
    await savedProject('pendulum');
    mkdirSync(join(root, 'models'));
    mkdirSync(join(root, '.cache'));
    writeFileSync(join(root, 'arm.py'), 'x');
    writeFileSync(join(root, 'notes.txt'), 'x');
    const browse = projects.handlers()['projects.browse'];
    const listing = await browse({}, alice);
    expect(listing).toMatchObject({ dir: root, root, parent: null, truncated: false });
    expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
      ['models', 'folder'],
      ['pendulum.twinforge', 'project'],
      ['arm.py', 'script'],
    ]);
    const inner = await browse({ dir: join(root, 'models') }, alice);
    expect(inner.parent).toBe(root);
    await expect(browse({ dir }, alice)).rejects.toThrow(/outside the projects folder/);
  });
});
