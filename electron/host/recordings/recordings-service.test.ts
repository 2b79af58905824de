import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseParams, type HostEvents } from '../../common/contract';
import { EventBus } from '../events';
import { ProjectService } from '../projects/project-service';
import { RecordingsService } from './recordings-service';
import { HELLO, item, sampleFrame, scene, shape, writeRecording } from './test-fixtures';

let dir: string;
let root: string;
let bus: EventBus;
let projects: ProjectService;
let service: RecordingsService;
let projectId: string;
let runs: string;
const caller = { owner: 'ws:1' };
const recording = (t: number) => [
  HELLO,
  scene([item(1, 'body', [shape({ type: 'sphere', radius: 0.1 })], 'ball')]),
  sampleFrame(t, { 1: [0, 0, 1, 1, 0, 0, 0] }),
  sampleFrame(2 * t, { 1: [0, 0, 0.5, 1, 0, 0, 0] }),
];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tf-recordings-'));
  root = join(dir, 'home');
  mkdirSync(root);
  bus = new EventBus();
  projects = new ProjectService({ userDataDir: join(dir, 'user'), bus, projectsRoots: [root] });
  service = new RecordingsService({
    bus,
    projects,
    isRecording: (path) => path.endsWith('going.tfrec'),
    twinforge: '0.1.0',
  });
  const fresh = await projects.create(caller, {});
  const saved = await projects.saveAs(caller, {
    projectId: fresh.project.projectId,
    path: join(root, 'pendulum'),
    snapshot: { script: 'x\n' },
    overwrite: false,
  });
  if (saved.status !== 'saved') throw new Error('not saved');
  projectId = saved.project.projectId;
  runs = await projects.runsFolder(projectId);
  for (const [runId, startedAt] of [
    ['done', '2026-11-25T10:00:00.000Z'],
    ['going', '2026-11-25T11:00:00.000Z'],
  ]) {
    await writeRecording(join(runs, `${runId}.tfrec`), recording(0.01));
    await projects.recordRun(projectId, {
      runId,
      lane: 'twin',
      file: `${runId}.tfrec`,
      startedAt,
      summary: null,
    });
  }
}, 20_000);
afterEach(async () => {
  await projects.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Collects a transfer's bytes as the renderer does. */
function listen(transferId: string): () => Uint8Array {
  const chunks: HostEvents['recordings.bytes'][] = [];
  bus.subscribe((name, payload) => {
    if (name !== 'recordings.bytes') return;
    const chunk = payload as HostEvents['recordings.bytes'];
    if (chunk.transferId === transferId) chunks.push(chunk);
  }, caller.owner);
  return () => {
    const out = new Uint8Array(chunks[0]?.total ?? 0);
    for (const c of chunks) out.set(c.data, c.offset);
    return out;
  };
}

describe('RecordingsService', () => {
  it('lists the runs index newest first, with sizes and the run still recording', async () => {
    const { runs: listed } = await service.list(projectId);
    expect(listed.map((r) => [r.runId, r.active])).toEqual([
      ['going', true],
      ['done', false],
    ]);
    expect(listed[1].bytes).toBe(readFileSync(join(runs, 'done.tfrec')).byteLength);
  });

  it("reads a run's recording as recordings.bytes events to the caller", async () => {
    const collected = listen('t1');
    const result = await service.read({ projectId, runId: 'done', transferId: 't1' }, caller);
    expect(result).toEqual({
      name: 'pendulum-twin-2026-11-25_10-00-00.tfrec',
      bytes: readFileSync(join(runs, 'done.tfrec')).byteLength,
    });
    expect(collected()).toEqual(new Uint8Array(readFileSync(join(runs, 'done.tfrec'))));
  });

  it('exports a run as MCAP to a file and as CSV to the caller', async () => {
    const out = join(root, 'run.mcap');
    const mcap = await service.export(
      parseParams('recordings.export', { projectId, runId: 'done', format: 'mcap', out }),
      caller,
    );
    expect(mcap).toMatchObject({ format: 'mcap', path: out, sampleFrames: 2 });
    expect(mcap.mcap).toMatchObject({ transforms: 2, sceneUpdates: 1, notDrawn: [] });
    expect(readFileSync(out).subarray(0, 8).toString('latin1')).toBe('\x89MCAP0\r\n');

    const collected = listen('t2');
    const csv = await service.export(
      parseParams('recordings.export', {
        projectId,
        runId: 'done',
        format: 'csv',
        transferId: 't2',
      }),
      caller,
    );
    expect(csv).toMatchObject({ name: 'pendulum-twin-2026-11-25_10-00-00.csv', path: null });
    expect(new TextDecoder().decode(collected())).toBe(
      'time,id,name,x,y,z,qw,qx,qy,qz\n0.01,1,ball,0,0,1,1,0,0,0\n0.02,1,ball,0,0,0.5,1,0,0,0\n',
    );
  });

  it('exports a .tfrec named by its path, only inside the projects root', async () => {
    const path = join(root, 'loose.tfrec');
    await writeRecording(path, recording(0.5));
    const result = await service.export(
      parseParams('recordings.export', { path, format: 'csv', out: join(root, 'loose.csv') }),
      caller,
    );
    expect(result.name).toBe('loose.csv');
    const outside = join(dir, 'outside.tfrec');
    writeFileSync(outside, readFileSync(path));
    await expect(
      service.export(
        parseParams('recordings.export', {
          path: outside,
          format: 'csv',
          out: join(root, 'x.csv'),
        }),
        caller,
      ),
    ).rejects.toThrow(/outside the projects folder/);
  });

  it('refuses a file that is not a recording, and writes nothing', async () => {
    const path = join(root, 'notes.tfrec');
    writeFileSync(path, 'hello');
    const out = join(root, 'notes.mcap');
    await expect(
      service.export(parseParams('recordings.export', { path, format: 'mcap', out }), caller),
    ).rejects.toThrow(
      'notes.tfrec is not a TwinForge recording: Not a TwinForge recording (bad header)',
    );
    expect(() => readFileSync(out)).toThrow();
    expect(() => parseParams('recordings.export', { path, format: 'mcap' })).toThrow(
      /give either out or transferId/,
    );
    await expect(
      service.read({ projectId, runId: 'nope', transferId: 't3' }, caller),
    ).rejects.toThrow('The project has no recording of run nope');
  });
});
