import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostEvents, Settings } from '../../common/contract';
import { settingsSchema } from '../../common/contract/settings';
import type { RunSummary } from '../../common/contract/runtime';
import { FRAME_DISPLAY, encodeFrame } from '../../common/stream';
import { EventBus } from '../events';
import { ProjectService } from '../projects/project-service';
import { parseRecording } from './recording-format';
import { RunRecorder, type RecordedRun } from './run-recorder';
import { HELLO, item, sampleFrame, scene, shape } from './test-fixtures';

let dir: string;
let bus: EventBus;
let projects: ProjectService;
let settings: Settings;
let recorder: RunRecorder;
let projectId: string;
let folder: string;
const owner = 'window:1';
const heard: Array<{ name: string; payload: unknown }> = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tf-recorder-'));
  bus = new EventBus();
  heard.length = 0;
  bus.subscribe((name, payload) => heard.push({ name, payload }), owner);
  projects = new ProjectService({ userDataDir: join(dir, 'user'), bus, projectsRoots: [dir] });
  settings = settingsSchema.parse({});
  recorder = new RunRecorder({
    bus,
    settings: { get: async () => settings },
    projects,
    twinforge: '0.1.0',
  });
  const fresh = await projects.create({ owner }, {});
  folder = join(dir, 'pendulum.twinforge');
  const saved = await projects.saveAs(
    { owner },
    {
      projectId: fresh.project.projectId,
      path: folder,
      snapshot: { script: 'x\n' },
      overwrite: false,
    },
  );
  if (saved.status !== 'saved') throw new Error('the project was not saved');
  projectId = saved.project.projectId;
});
afterEach(async () => {
  await recorder.dispose();
  await projects.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function summary(runId: string, status: RunSummary['status'] = 'finished'): RunSummary {
  return {
    runId,
    lane: 'twin',
    status,
    reason: 'done',
    simTime: 0.02,
    wallTime: 0.5,
    realtimeFactor: 0.04,
    frames: 2,
    error: null,
    missingModule: null,
    bodies: 1,
    items: 1,
  };
}

/** A run the test drives: its events go on the bus as the runtime's would. */
function startRun(runId: string, startedAt = new Date().toISOString()) {
  let end: (s: RunSummary) => void = () => undefined;
  const done = new Promise<RunSummary>((resolve) => (end = resolve));
  const run: RecordedRun = {
    runId,
    owner,
    lane: 'twin',
    projectId,
    script: 'import pychrono\n',
    scriptPath: null,
    startedAt,
    done,
  };
  const recorded = recorder.record(run);
  const emit = <E extends keyof HostEvents>(name: E, payload: HostEvents[E]) =>
    bus.emit(name, payload, owner);
  return {
    message: (message: HostEvents['runtime.message']['message']) =>
      emit('runtime.message', { runId, message }),
    frame: (data: Uint8Array) => emit('runtime.frame', { runId, data }),
    end: async (s = summary(runId)) => {
      end(s);
      await recorded;
    },
  };
}

const index = () =>
  (JSON.parse(readFileSync(join(folder, 'project.json'), 'utf8')) as { runs: unknown[] }).runs;

const logs = () =>
  heard
    .filter((h) => h.name === 'runtime.message')
    .map((h) => (h.payload as HostEvents['runtime.message']).message)
    .flatMap((m) => (m.type === 'log' ? [m.message] : []));

describe('RunRecorder', () => {
  it("writes the run's messages and sample frames to runs/<runId>.tfrec and indexes it", async () => {
    const run = startRun('r1', '2026-11-25T10:00:00.000Z');
    run.message(HELLO);
    run.message(scene([item(1, 'body', [shape({ type: 'box', lengths: [1, 1, 1] })])]));
    run.frame(sampleFrame(0.01, { 1: [0, 0, 1, 1, 0, 0, 0] }));
    const display = encodeFrame({
      simTime: 0.015,
      flags: FRAME_DISPLAY,
      keys: Uint32Array.of(1),
      poses: new Float32Array(10),
      extras: [],
    });
    run.frame(display);
    run.frame(sampleFrame(0.02, { 1: [0, 0, 2, 1, 0, 0, 0] }));
    await new Promise((r) => setTimeout(r, 50));
    // Indexed from the start, without a summary yet: a host that dies mid-run says so.
    expect(index()).toEqual([
      {
        runId: 'r1',
        lane: 'twin',
        file: 'r1.tfrec',
        startedAt: '2026-11-25T10:00:00.000Z',
        summary: null,
      },
    ]);
    expect(recorder.isRecording(join(folder, 'runs', 'r1.tfrec'))).toBe(true);
    run.message({ type: 'end', status: 'finished', reason: 'done', simTime: 0.02, steps: 2 });
    await run.end();

    const messages = parseRecording(readFileSync(join(folder, 'runs', 'r1.tfrec')));
    const kinds = messages.map((m) => (m.kind === 'json' ? m.message.type : 'frame'));
    expect(kinds).toEqual(['meta', 'hello', 'scene', 'frame', 'frame', 'end']);
    expect(index()).toEqual([
      {
        runId: 'r1',
        lane: 'twin',
        file: 'r1.tfrec',
        startedAt: '2026-11-25T10:00:00.000Z',
        summary: {
          status: 'finished',
          reason: 'done',
          simTime: 0.02,
          wallTime: 0.5,
          bodies: 1,
          error: null,
        },
      },
    ]);
    expect(recorder.isRecording(join(folder, 'runs', 'r1.tfrec'))).toBe(false);
    expect(heard.filter((h) => h.name === 'recordings.changed')).toHaveLength(2);
  });

  it('stops recording at the per-recording cap, says so, and lets the run go on', async () => {
    settings = { ...settings, recordingCapMiB: 1 };
    const run = startRun('big');
    run.message(scene([item(1, 'body', [])]));
    const poses = Object.fromEntries(
      Array.from({ length: 1000 }, (_, k) => [k + 1, [k, 0, 0, 1, 0, 0, 0]]),
    );
    // 44 kB a frame: the 24th passes 1 MiB.
    for (let i = 0; i < 40; i++) run.frame(sampleFrame(i * 0.01, poses));
    await run.end();

    const size = statSync(join(folder, 'runs', 'big.tfrec')).size;
    expect(size).toBeLessThanOrEqual(1024 * 1024);
    const frames = parseRecording(readFileSync(join(folder, 'runs', 'big.tfrec'))).filter(
      (m) => m.kind === 'frame',
    );
    expect(frames).toHaveLength(23);
    expect(logs()).toEqual([
      'The recording of this run stopped at 1 MiB, the most one recording may take (setting recordingCapMiB); the run goes on.',
    ]);
    expect(index()).toMatchObject([
      { runId: 'big', truncated: true, summary: { status: 'finished' } },
    ]);
  });

  it("removes the project's oldest recordings past its bound, never one being recorded", async () => {
    settings = { ...settings, recordingsMiB: 1 };
    const old = (runId: string, startedAt: string) =>
      projects.recordRun(projectId, {
        runId,
        lane: 'twin',
        file: `${runId}.tfrec`,
        startedAt,
        summary: null,
      });
    const half = new Uint8Array(400 * 1024);
    await old('oldest', '2026-01-01T00:00:00.000Z');
    await old('older', '2026-01-02T00:00:00.000Z');
    writeFileSync(join(folder, 'runs', 'oldest.tfrec'), half);
    writeFileSync(join(folder, 'runs', 'older.tfrec'), half);

    // Still recording, and the oldest of all by its start: it must stay.
    const going = startRun('going', '2025-12-31T00:00:00.000Z');
    going.message(scene([item(1, 'body', [])]));
    going.frame(sampleFrame(0, { 1: new Array(7).fill(0) }));

    const run = startRun('latest');
    run.message(scene([item(1, 'body', [])]));
    const poses = Object.fromEntries(
      Array.from({ length: 1000 }, (_, k) => [k + 1, [k, 0, 0, 1, 0, 0, 0]]),
    );
    for (let i = 0; i < 8; i++) run.frame(sampleFrame(i * 0.01, poses)); // ~350 kB
    await run.end();

    // 400 + 400 + 350 kB > 1 MiB: the oldest finished one goes, the rest fit.
    expect(existsSync(join(folder, 'runs', 'oldest.tfrec'))).toBe(false);
    expect(existsSync(join(folder, 'runs', 'older.tfrec'))).toBe(true);
    expect(existsSync(join(folder, 'runs', 'going.tfrec'))).toBe(true);
    expect((index() as Array<{ runId: string }>).map((r) => r.runId).sort()).toEqual([
      'going',
      'latest',
      'older',
    ]);
    await going.end();
  });

  it('says in the console when the project is not open, and records nothing', async () => {
    const run = startRun('lost');
    await projects.close(projectId, false);
    run.message(scene([item(1, 'body', [])]));
    await run.end();
    expect(logs()).toEqual([
      expect.stringMatching(/^The run is not recorded: This project is not open/),
    ]);
    expect(existsSync(join(folder, 'runs', 'lost.tfrec'))).toBe(false);
  });
});
