// The host's runtime service with the real bridge process and the pychrono test double.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HostClient, HostEvents } from '../../electron/common/contract';
import type { RunSummary } from '../../electron/common/contract/runtime';
import {
  EXTRA_GRID,
  FRAME_SAMPLE,
  decodeFrame,
  type Frame,
  type JsonMessage,
  type SceneMessage,
} from '../../electron/common/stream';
import { createHost, type Host } from '../../electron/host/index';
import { SCRIPTS, bridgeChildren, doubleEnv, isAlive, until } from './runtime-helpers';

let dir: string;
let host: Host;
let client: HostClient;
let events: Array<{ name: string; payload: unknown }>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-runtime-int-'));
  host = createHost({ userDataDir: dir, env: doubleEnv(dir) });
  client = host.connect('test');
  client.subscribe((name, payload) => events.push({ name, payload }));
});
afterAll(async () => {
  await host.dispose();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  events = [];
});

const script = (name: string) => readFile(join(SCRIPTS, name), 'utf8');
const messages = (runId: string): JsonMessage[] =>
  events
    .filter((e) => e.name === 'runtime.message')
    .map((e) => e.payload as HostEvents['runtime.message'])
    .filter((p) => p.runId === runId)
    .map((p) => p.message);
const frames = (runId: string): Frame[] =>
  events
    .filter((e) => e.name === 'runtime.frame')
    .map((e) => e.payload as HostEvents['runtime.frame'])
    .filter((p) => p.runId === runId)
    .map((p) => decodeFrame(p.data));
const statuses = (runId: string): RunSummary[] =>
  events
    .filter((e) => e.name === 'runtime.status')
    .map((e) => e.payload as RunSummary)
    .filter((s) => s.runId === runId);

async function runToEnd(
  name: string,
  limits = {},
): Promise<{ runId: string; summary: RunSummary }> {
  const { runId } = await client.invoke('runtime.start', {
    script: await script(name),
    scriptPath: join(SCRIPTS, name),
    limits,
  });
  return { runId, summary: await host.runtime.waitForRun(runId, client) };
}

describe.skipIf(process.platform !== 'linux')('runtime service with the real bridge', () => {
  it('probes the Python that has the double', async () => {
    const probe = await client.invoke('runtime.probe', { refresh: true });
    expect(probe.source).toBe('TWINFORGE_PYTHON');
    expect(probe.pythonVersion).toMatch(/^3\./);
    expect(probe.pychrono).toBe('9.0.1');
    expect(probe.modules.core).toBe(true);
  });

  it('streams hello, the scene, frames and end for a pendulum', async () => {
    const { runId, summary } = await runToEnd('pendulum.py', { simTime: 0.5, sampleDt: 0.05 });
    expect(summary.status).toBe('limit');
    expect(summary.simTime).toBeGreaterThanOrEqual(0.49);
    const types = messages(runId).map((m) => m.type);
    expect(types[0]).toBe('hello');
    expect(types).toContain('scene');
    expect(types.at(-1)).toBe('end');

    const scene = messages(runId).find((m): m is SceneMessage => m.type === 'scene');
    const bob = scene?.add.find((i) => i.name === 'bob');
    expect(bob?.kind).toBe('body');
    expect(bob?.shapes.map((s) => s.type)).toEqual(['sphere']);

    const all = frames(runId);
    expect(all.length).toBe(summary.frames);
    const samples = all.filter((f) => f.flags & FRAME_SAMPLE);
    expect(samples.length).toBeGreaterThanOrEqual(9); // every 0.05 s over 0.5 s
    // The bob swings down from the horizontal: its height falls below the hinge.
    const last = samples.at(-1) as Frame;
    const i = Array.from(last.keys).indexOf(bob?.key ?? -1);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(last.poses[i * 10 + 1]).toBeLessThan(-0.1);

    const seen = statuses(runId).map((s) => s.status);
    expect(seen).toContain('running');
    expect(seen.at(-1)).toBe('limit');
  });

  it('stops a run mid-way: status stopped and the process gone', async () => {
    const { runId } = await client.invoke('runtime.start', {
      script: await script('idle_loop.py'),
      limits: { simTime: 1e6 },
    });
    await until(() => frames(runId).length > 5, 'frames');
    const [pid] = bridgeChildren();
    expect(pid).toBeGreaterThan(0);
    expect((await client.invoke('runtime.control', { runId, cmd: 'stop' })).ok).toBe(true);
    const summary = await host.runtime.waitForRun(runId, client);
    expect(summary.status).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
    expect(bridgeChildren()).toEqual([]);
  });

  it('reports a segfault as crashed with SIGSEGV, the line it died on, and keeps the frames', async () => {
    const { runId, summary } = await runToEnd('segfault.py', { simTime: 10 });
    expect(summary.status).toBe('crashed');
    expect(summary.reason).toBe(
      'killed by SIGSEGV (segmentation fault): the script was at line 21 of segfault.py: ' +
        'os.kill(os.getpid(), signal.SIGSEGV)',
    );
    expect(summary.frames).toBeGreaterThan(0);
    expect(frames(runId).length).toBe(summary.frames);
  });

  it('stops a script that would crash Chrono before it runs, naming the line and the fix', async () => {
    const { runId, summary } = await runToEnd('no_contact_material.py', { simTime: 5 });
    expect(summary.status).toBe('error');
    expect(summary.error).toMatchObject({
      errorType: 'ChronoWouldCrashError',
      line: 10,
      phase: 'check',
    });
    expect(summary.error?.message).toContain('chrono.ChContactMaterialNSC()');
    expect(frames(runId)).toEqual([]);
  });

  it('with the crash traps off, the same script crashes at the contact and the reason names the line', async () => {
    const unguarded = createHost({
      userDataDir: dir,
      env: { ...doubleEnv(dir), TWINFORGE_CRASH_TRAPS: 'off' },
    });
    try {
      const unguardedClient = unguarded.connect('test');
      const { runId } = await unguardedClient.invoke('runtime.start', {
        script: await script('no_contact_material.py'),
        scriptPath: join(SCRIPTS, 'no_contact_material.py'),
        limits: { simTime: 5, wallTime: 30 },
      });
      const summary = await unguarded.runtime.waitForRun(runId, unguardedClient);
      expect(summary.status).toBe('crashed');
      expect(summary.reason).toBe(
        'killed by SIGSEGV (segmentation fault): the script was at line 21 of ' +
          'no_contact_material.py: system.DoStepDynamics(0.01)',
      );
      expect(summary.simTime).toBeGreaterThan(0.2); // it fell for a while first
    } finally {
      await unguarded.dispose();
    }
  });

  it("names the script's line when Chrono itself dies inside a call", async () => {
    // The double segfaults inside DoStepDynamics, as Chrono does on a null pointer.
    const crashing = createHost({
      userDataDir: dir,
      env: { ...doubleEnv(dir), PYCHRONO_DOUBLE_CRASH_AT_TIME: '0.05' },
    });
    try {
      const source = await script('pendulum.py');
      const stepLine = source.split('\n').findIndex((l) => l.includes('DoStepDynamics')) + 1;
      const crashingClient = crashing.connect('test');
      const { runId } = await crashingClient.invoke('runtime.start', {
        script: source,
        scriptPath: null,
        limits: { simTime: 5, wallTime: 30 },
      });
      const summary = await crashing.runtime.waitForRun(runId, crashingClient);
      expect(summary.status).toBe('crashed');
      expect(summary.reason).toContain(`the script was at line ${stepLine} of the untitled script`);
    } finally {
      await crashing.dispose();
    }
  });

  it('reports an exception as an error with the line in the script', async () => {
    const { summary } = await runToEnd('raises.py');
    expect(summary.status).toBe('error');
    expect(summary.error).toMatchObject({ errorType: 'ZeroDivisionError', line: 9 });
    expect(summary.error?.traceback).toContain('raises.py');
    expect(summary.error?.traceback).not.toContain('twinforge_bridge');
  });

  it('reads a large scene sent just before the process exits, and ends as finished', async () => {
    // The host is busy (as when parsing a large message) when the bridge sends its scene and
    // exits: the stream's rest, `end` included, must still decide how the run ended.
    let blocked = false;
    const stall = client.subscribe((name, payload) => {
      const m = payload as HostEvents['runtime.message'];
      if (name !== 'runtime.message' || m.message.type !== 'scene' || blocked) return;
      blocked = true;
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        // a host that cannot read the pipe for a while
      }
    });
    try {
      const { runId, summary } = await runToEnd('large_scene_then_exit.py', { simTime: 5 });
      expect(summary.status).toBe('finished');
      expect(messages(runId).at(-1)).toMatchObject({ type: 'end', status: 'finished' });
      const scene = messages(runId).find((m): m is SceneMessage => m.type === 'scene');
      expect(Object.values(scene?.meshes ?? {})[0].vertices.length).toBe(250 * 250 * 3);
      const terrain = scene?.add.find((i) => i.kind === 'other');
      const field = terrain?.shapes[0];
      expect(field?.type === 'heightfield' && field.flatHeight).toBe(null);
      // The terrain's heights came as binary, in the first frame, not in the JSON.
      const grid = frames(runId)[0].extras.find((e) => e.kind === EXTRA_GRID);
      expect(grid?.key).toBe((terrain?.key ?? 0) * 256);
      expect(grid?.data.length).toBe(201 * 201);
      expect(Math.min(...(grid?.data ?? []))).toBeCloseTo(-0.2, 5);
      expect(frames(runId).length).toBe(summary.frames);
    } finally {
      stall();
    }
  });

  it('ends by itself when the script does', async () => {
    const { runId, summary } = await runToEnd('falls_and_ends.py', { simTime: 5 });
    expect(summary.status).toBe('finished');
    expect(summary.simTime).toBeCloseTo(0.2, 1);
    const out = events
      .filter((e) => e.name === 'runtime.output')
      .map((e) => e.payload as HostEvents['runtime.output'])
      .filter((o) => o.runId === runId)
      .map((o) => o.text)
      .join('');
    expect(out).toMatch(/fell to y = -0\.\d+/);
  });

  it('holds a run to the memory limit of the settings', async () => {
    await host.settings.update({ runMemoryMiB: 400 });
    try {
      const { runId } = await client.invoke('runtime.start', {
        script: 'import pychrono\nblock = bytearray(800 * 1024 * 1024)\nprint("allocated")\n',
      });
      const summary = await host.runtime.waitForRun(runId, client);
      expect(summary.status).toBe('error');
      // One limit for the whole run where cgroups allow it; else Python's MemoryError.
      if (summary.isolation?.memory === 'cgroup') {
        expect(summary.reason).toBe('the run used more than its 400 MiB memory limit (cgroup)');
      } else {
        expect(summary.error).toMatchObject({ errorType: 'MemoryError', line: 2 });
        expect(summary.reason).toMatch(/400 MiB memory limit \(RLIMIT_AS, per process\)/);
      }
    } finally {
      await host.settings.update({ runMemoryMiB: 8192 });
    }
  });

  it('leaves no process behind after 100 start/stop cycles', { timeout: 300_000 }, async () => {
    const text = await script('idle_loop.py');
    const pids = new Set<number>();
    for (let cycle = 0; cycle < 100; cycle++) {
      const { runId } = await client.invoke('runtime.start', {
        script: text,
        limits: { simTime: 1e6 },
      });
      await until(
        () => statuses(runId).some((s) => s.status === 'running'),
        `run ${cycle} to start`,
      );
      for (const pid of bridgeChildren()) pids.add(pid);
      await client.invoke('runtime.control', { runId, cmd: 'stop' });
      const summary = await host.runtime.waitForRun(runId, client);
      expect(summary.status).toBe('stopped');
      events = [];
    }
    expect(pids.size).toBe(100);
    expect([...pids].filter(isAlive)).toEqual([]);
    expect(bridgeChildren()).toEqual([]);
  });
});
