import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller, HostEvents, Params } from '../../common/contract';
import type { RunSummary } from '../../common/contract/runtime';
import { decodeFrame, type JsonMessage } from '../../common/stream';
import { EventBus } from '../events';
import { SettingsService } from '../settings/settings-service';
import { RuntimeService } from './runtime-service';

const TEST_BRIDGE = join(__dirname, 'test-bridge');
// The interpreter itself rather than a pyenv shim, which costs half a second per start.
const python =
  process.env.TWINFORGE_TEST_PYTHON ??
  execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

let dir: string;
let scratch: string;
let bus: EventBus;
let service: RuntimeService;
let events: Array<{ name: string; payload: unknown }>;

let made: RuntimeService[] = [];

function makeService(extra: Partial<ConstructorParameters<typeof RuntimeService>[0]> = {}) {
  const created = new RuntimeService({
    bus,
    settings: new SettingsService(join(dir, 'settings.json'), bus),
    env: { ...process.env, TWINFORGE_PYTHON: python, NODE_OPTIONS: '--no-warnings' },
    pythonRuntimeDir: TEST_BRIDGE,
    scratchRoot: scratch,
    stopGraceMs: 300,
    statusIntervalMs: 50,
    discovery: { listCondaEnvs: async () => [], systemCondaRoots: [] },
    // The guard with per-process limits everywhere; cgroups and bubblewrap are tested with
    // the real bridge in test/integration.
    isolation: { cgroups: false, bubblewrap: false },
    ...extra,
  });
  made.push(created);
  return created;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-runtime-'));
  scratch = join(dir, 'scratch');
  await import('node:fs/promises').then((fs) => fs.mkdir(scratch));
  bus = new EventBus();
  events = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  service = makeService();
});

afterEach(async () => {
  await Promise.all(made.map((s) => s.dispose()));
  made = [];
  await rm(dir, { recursive: true, force: true });
});

function messages(): JsonMessage[] {
  return events
    .filter((e) => e.name === 'runtime.message')
    .map((e) => (e.payload as HostEvents['runtime.message']).message);
}
function output(stream?: 'stdout' | 'stderr'): string {
  return events
    .filter((e) => e.name === 'runtime.output')
    .map((e) => e.payload as HostEvents['runtime.output'])
    .filter((o) => !stream || o.stream === stream)
    .map((o) => o.text)
    .join('');
}
function statuses(): RunSummary[] {
  return events.filter((e) => e.name === 'runtime.status').map((e) => e.payload as RunSummary);
}
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const me: Caller = { owner: 'window:1' };
const someoneElse: Caller = { owner: 'ws:7' };

type StartParams = Params<'runtime.start'>;
function start(params: StartParams, caller: Caller = me, on = service) {
  return on.start({ lane: 'twin', ...params }, caller);
}
function control(runId: string, cmd: 'pause' | 'resume' | 'step' | 'stop', caller = me) {
  return service.handlers()['runtime.control']({ runId, cmd }, caller);
}
function pidOf(runId: string): number {
  return (service as unknown as { runs: Map<string, { pid: number }> }).runs.get(runId)!.pid;
}
async function run(script: string, limits = {}) {
  const { runId } = await start({ script, limits });
  return { runId, summary: await service.waitForRun(runId, me) };
}

const HEADER = 'from twinforge_bridge import fake_stream as fs\n';
const LOOP_UNTIL_STOP = `${HEADER}import time
t = 0.0
while not fs.stop_requested.is_set():
    t += 0.01
    fs.frame(t, 3, {1: (0, t, 0, 1, 0, 0, 0)})
    time.sleep(0.005)
`;

// Each test starts real Python processes: allow for a machine busy with other work.
describe.skipIf(process.platform === 'win32')('RuntimeService', { timeout: 30_000 }, () => {
  it('probes the interpreter through the bridge', async () => {
    const probe = await service.probe();
    expect(probe.python).toBeTruthy();
    expect(probe.source).toBe('TWINFORGE_PYTHON');
    expect(probe.pythonVersion).toMatch(/^3\.\d+/);
    expect(probe.problem).toContain('pychrono is not installed');
    expect(await service.probe()).toBe(probe); // cached
  });

  it('reports a missing interpreter as a problem, not a crash', async () => {
    const s = makeService({ env: { PATH: join(dir, 'empty') } });
    const probe = await s.probe();
    expect(probe.python).toBeNull();
    expect(probe.problem).toMatch(/No Python interpreter found/);
    await expect(start({ script: 'pass' }, me, s)).rejects.toThrow(/No Python interpreter found/);
  });

  it('forwards messages and frames, then ends with the bridge status', async () => {
    const { runId, summary } = await run(`${HEADER}
fs.emit({"type": "scene", "full": True, "upAxis": "Y", "camera": None, "add": [], "remove": [], "meshes": {}})
for i in range(5):
    fs.frame(0.01 * (i + 1), 2, {7: (i, 0, 0, 1, 0, 0, 0)})
print("hello from the script")
`);
    expect(summary).toMatchObject({ runId, status: 'finished', frames: 5 });
    expect(summary.simTime).toBeCloseTo(0.05);
    expect(messages().map((m) => m.type)).toEqual(['hello', 'scene', 'end']);
    const frames = events.filter((e) => e.name === 'runtime.frame');
    const last = decodeFrame((frames[4].payload as HostEvents['runtime.frame']).data);
    expect(Array.from(last.keys)).toEqual([7]);
    expect(last.poses[0]).toBe(4);
    expect(output('stdout')).toBe('hello from the script\n');
    expect(statuses().map((s) => s.status)).toContain('running');
    expect(statuses().at(-1)?.status).toBe('finished');
    expect(await readdir(scratch)).toEqual([]); // the scratch dir is cleaned
  });

  it('passes the limits to the bridge and runs untitled scripts in a scratch dir', async () => {
    await run(
      `${HEADER}import os\nprint(fs.args.sim_time, fs.args.wall_time, fs.args.sample_dt, fs.args.display_hz, fs.args.stop_on_eof)\nprint(os.getcwd())`,
      { simTime: 2.5, wallTime: 7, sampleDt: 0.02, displayHz: 30 },
    );
    const [limits, cwd] = output('stdout').trim().split('\n');
    // stop_on_eof: a run ends by itself if the host dies and its end of stdin closes.
    expect(limits).toBe('2.5 7.0 0.02 30.0 True');
    expect(cwd.startsWith(join(scratch, 'twinforge-run-'))).toBe(true);
    expect(existsSync(cwd)).toBe(false);
  });

  it('gives the script a clean environment and the memory limit', async () => {
    const settings = new SettingsService(join(dir, 'settings.json'), bus);
    await settings.update({ runMemoryMiB: 512 });
    service = makeService({ settings });
    await run(`import os, resource
print(os.environ.get("NODE_OPTIONS"))
print(os.environ["PYTHONPATH"].split(os.pathsep)[-1])
print(resource.getrlimit(resource.RLIMIT_AS)[0])
`);
    const [nodeOptions, lastPath, limit] = output('stdout').trim().split('\n');
    expect(nodeOptions).toBe('None');
    expect(lastPath).toBe(TEST_BRIDGE);
    expect(Number(limit)).toBe(512 * 1024 * 1024);
  });

  it('stops a running script: status stopped, process gone', async () => {
    const { runId } = await start({ script: LOOP_UNTIL_STOP });
    await until(() => statuses().some((s) => s.status === 'running' && s.frames > 3));
    const pid = pidOf(runId);
    expect((await control(runId, 'stop')).ok).toBe(true);
    const summary = await service.waitForRun(runId, me);
    expect(summary.status).toBe('stopped');
    expect(summary.frames).toBeGreaterThan(3);
    expect(isAlive(pid)).toBe(false);
  });

  it('kills a script that ignores stop: SIGTERM after the grace period', async () => {
    const { runId } = await start({
      script:
        'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: time.sleep(0.05)',
    });
    await until(() => statuses().some((s) => s.status === 'running'));
    const pid = pidOf(runId);
    await control(runId, 'stop');
    const summary = await service.waitForRun(runId, me);
    expect(summary.status).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
  });

  it('takes the children the script started down with it', async () => {
    const { runId } = await start({
      script: `${HEADER}import subprocess, time
child = subprocess.Popen(["sleep", "30"])
print(child.pid, flush=True)
while not fs.stop_requested.is_set(): time.sleep(0.02)
`,
    });
    await until(() => output('stdout').includes('\n'));
    const childPid = Number(output('stdout').trim());
    await control(runId, 'stop');
    await service.waitForRun(runId, me);
    await until(() => !isAlive(childPid));
  });

  it('ends a run the bridge does not end at its wall-clock limit, as a limit', async () => {
    service = makeService({ wallLimitMarginMs: 200 });
    const { summary } = await run(
      'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: time.sleep(0.05)',
      { wallTime: 0.3 },
    );
    expect(summary.status).toBe('limit');
    expect(summary.reason).toMatch(/wall-clock limit/);
  });

  it('reports a segfault as crashed with the signal, keeping the frames', async () => {
    const { summary } = await run(`${HEADER}import os, signal
fs.frame(0.01, 3, {1: (0, 0, 0, 1, 0, 0, 0)})
fs.frame(0.02, 3, {1: (0, 0, 0, 1, 0, 0, 0)})
os.kill(os.getpid(), signal.SIGSEGV)
`);
    expect(summary.status).toBe('crashed');
    expect(summary.reason).toMatch(/SIGSEGV/);
    expect(summary.frames).toBe(2);
    expect(summary.simTime).toBeCloseTo(0.02);
  });

  it('reports an exit without end as crashed with the exit code', async () => {
    const { summary } = await run('import os\nos._exit(3)');
    expect(summary.status).toBe('crashed');
    expect(summary.reason).toMatch(/code 3/);
  });

  it('reports a script exception as an error with its line', async () => {
    const { summary } = await run('x = 1\n\nraise ValueError("bad mass")\n');
    expect(summary.status).toBe('error');
    expect(summary.error).toMatchObject({ errorType: 'ValueError', message: 'bad mass', line: 3 });
    // The traceback names the script as the user knows it, not the scratch copy.
    expect(summary.error?.traceback).toContain('File "<untitled>", line 3');
    expect(summary.error?.traceback).not.toContain(scratch);
  });

  it('ends the run when the stream is malformed', async () => {
    const { summary } = await run(
      `${HEADER}import time\nfs.write_raw(b"\\x00\\x00\\x00\\x00\\x01")\ntime.sleep(30)`,
    );
    expect(summary.status).toBe('error');
    expect(summary.reason).toBe('The run was ended: a message of the stream has length 0.');
    expect(summary.error?.errorType).toBe('StreamError');
    expect(messages().at(-1)).toMatchObject({ type: 'end', status: 'error' });
  });

  it('ends a run whose script sends a message larger than its kind may be, without reading it', async () => {
    const { summary } = await run(
      `${HEADER}import struct, time
fs.write_raw(struct.pack("<IB", 2 ** 30, 1) + b'{"type": "scene", "full": true, "add": [')
fs.write_raw(b"0," * 50000)
time.sleep(30)`,
    );
    expect(summary.status).toBe('error');
    expect(summary.reason).toBe(
      'The run was ended: the script sent a 1 GiB message; the limit for a scene is 64 MiB.',
    );
  });

  it('refuses a stale bridge found first on PYTHONPATH, naming it', async () => {
    const stale = join(dir, 'old-checkout');
    await mkdir(join(stale, 'twinforge_bridge'), { recursive: true });
    await writeFile(join(stale, 'twinforge_bridge', '__init__.py'), '');
    await writeFile(
      join(stale, 'twinforge_bridge', '__main__.py'),
      `import json, struct, time
hello = json.dumps({"type": "hello", "protocol": 1, "python": "3", "pychrono": None,
                    "modules": {}, "dataPath": None}).encode()
out = open(3, "wb", buffering=0)
out.write(struct.pack("<IB", len(hello) + 1, 1) + hello)
time.sleep(30)
`,
    );
    service = makeService({ env: { ...process.env, TWINFORGE_PYTHON: python, PYTHONPATH: stale } });
    const { summary } = await run('print("never")');
    expect(summary.status).toBe('error');
    expect(summary.error?.errorType).toBe('StaleBridge');
    expect(summary.reason).toContain(
      `Python ran a stale TwinForge bridge (protocol 1; this TwinForge speaks protocol 2): ${join(stale, 'twinforge_bridge')}.`,
    );
    expect(summary.reason).toContain(join(TEST_BRIDGE, 'twinforge_bridge'));
    expect(messages().some((m) => m.type === 'hello')).toBe(false); // not used: never shown
  });

  it('caps the console output with one notice', async () => {
    service = makeService({ outputCapBytes: 10_000 });
    await run('import sys\nfor i in range(5000): sys.stdout.write("x" * 99 + "\\n")');
    const text = output();
    expect(text.match(/x/g)?.length).toBeLessThanOrEqual(10_000);
    expect(text.match(/the rest is not shown/g)?.length).toBe(1);
  });

  it('sends pause, resume, step and driver commands to the bridge', async () => {
    const { runId } = await start({
      script: `${HEADER}import time, json
while not fs.stop_requested.is_set(): time.sleep(0.01)
print(json.dumps([c["cmd"] for c in fs.commands]))
`,
    });
    const h = service.handlers();
    await until(() => statuses().some((s) => s.status === 'running'));
    expect((await control(runId, 'pause')).ok).toBe(true);
    expect(statuses().at(-1)?.status).toBe('paused');
    await control(runId, 'step');
    await control(runId, 'resume');
    expect(statuses().at(-1)?.status).toBe('running');
    await h['runtime.driver']({ runId, steering: 0.5, throttle: 1, braking: 0 }, me);
    await control(runId, 'stop');
    await service.waitForRun(runId, me);
    expect(JSON.parse(output('stdout'))).toEqual(['pause', 'step', 'resume', 'driver', 'stop']);
    expect((await control(runId, 'pause')).ok).toBe(false);
  });

  it('runs one script per lane even when two starts come at once', async () => {
    const [a, b] = await Promise.all([
      start({ script: LOOP_UNTIL_STOP }),
      start({ script: LOOP_UNTIL_STOP }),
    ]);
    await until(() => statuses().some((s) => s.runId === b.runId && s.status === 'running'));
    expect((await service.waitForRun(a.runId, me)).status).toBe('stopped');
    await control(b.runId, 'stop');
    expect((await service.waitForRun(b.runId, me)).status).toBe('stopped');
  });

  it('runs a twin and a reference side by side: two lanes of one owner', async () => {
    const twin = await start({ script: LOOP_UNTIL_STOP, lane: 'twin' });
    const reference = await start({ script: LOOP_UNTIL_STOP, lane: 'reference' });
    expect(reference.lane).toBe('reference');
    const running = (runId: string) =>
      statuses().some((s) => s.runId === runId && s.status === 'running' && s.frames > 2);
    await until(() => running(twin.runId) && running(reference.runId));
    const listed = service.handlers()['runtime.list']({}, me) as { runs: RunSummary[] };
    expect(listed.runs.map((r) => [r.lane, r.status])).toEqual([
      ['reference', 'running'],
      ['twin', 'running'],
    ]);
    await control(twin.runId, 'stop');
    expect((await service.waitForRun(twin.runId, me)).status).toBe('stopped');
    expect(
      statuses()
        .filter((s) => s.runId === reference.runId)
        .at(-1)?.status,
    ).toBe('running');
    await control(reference.runId, 'stop');
    expect((await service.waitForRun(reference.runId, me)).status).toBe('stopped');
  });

  it("keeps owners apart: another owner's start, list and controls leave a run alone", async () => {
    const mine = await start({ script: LOOP_UNTIL_STOP });
    const theirs = await start({ script: LOOP_UNTIL_STOP }, someoneElse);
    await until(() =>
      [mine, theirs].every(({ runId }) =>
        statuses().some((s) => s.runId === runId && s.status === 'running'),
      ),
    );
    // Their run in the same lane did not stop mine; their controls cannot reach it.
    expect((await control(mine.runId, 'stop', someoneElse)).ok).toBe(false);
    expect((await control(mine.runId, 'pause', someoneElse)).ok).toBe(false);
    const theirList = service.handlers()['runtime.list']({}, someoneElse) as { runs: RunSummary[] };
    expect(theirList.runs.map((r) => r.runId)).toEqual([theirs.runId]);
    await expect(service.waitForRun(mine.runId, someoneElse)).rejects.toThrow(/No run/);
    // An owner that leaves takes only its own runs down.
    await service.release(someoneElse.owner);
    expect((await service.waitForRun(theirs.runId, someoneElse)).status).toBe('stopped');
    expect(
      statuses()
        .filter((s) => s.runId === mine.runId)
        .at(-1)?.status,
    ).toBe('running');
    await control(mine.runId, 'stop');
    await service.waitForRun(mine.runId, me);
  });

  it("sends a run's events to its owner only", async () => {
    const heard: Record<string, string[]> = { [me.owner]: [], [someoneElse.owner]: [] };
    for (const owner of Object.keys(heard)) {
      bus.subscribe((name, payload) => {
        if (name.startsWith('runtime.')) heard[owner].push((payload as { runId: string }).runId);
      }, owner);
    }
    const mine = await run('print("mine")');
    const theirs = await start({ script: 'print("theirs")' }, someoneElse);
    await service.waitForRun(theirs.runId, someoneElse);
    expect(new Set(heard[me.owner])).toEqual(new Set([mine.runId]));
    expect(new Set(heard[someoneElse.owner])).toEqual(new Set([theirs.runId]));
  });

  it('counts the bodies and items of the scene in the summary', async () => {
    const { summary } = await run(`${HEADER}
fs.emit({"type": "scene", "full": True, "upAxis": "Y", "camera": None, "meshes": {}, "remove": [],
         "add": [{"key": 1, "id": 1, "name": "a", "kind": "body", "fixed": False, "clones": 0, "shapes": []},
                 {"key": 2, "id": 2, "name": "b", "kind": "body", "fixed": True, "clones": 0, "shapes": []},
                 {"key": 3, "id": 3, "name": "j", "kind": "link", "fixed": False, "clones": 0, "shapes": []}]})
fs.emit({"type": "scene", "full": False, "upAxis": "Y", "camera": None, "meshes": {}, "remove": [2], "add": []})
`);
    expect(summary).toMatchObject({ status: 'finished', bodies: 1, items: 2, lane: 'twin' });
  });

  it('ends a run that cannot get a scratch directory with an error, not a hang', async () => {
    service = makeService({ scratchRoot: join(dir, 'no', 'such', 'dir') });
    const { summary } = await run('print(1)');
    expect(summary.status).toBe('error');
    expect(summary.reason).toMatch(/could not start the run/);
  });

  it('stops the previous run when a new one starts', async () => {
    const first = await start({ script: LOOP_UNTIL_STOP });
    await until(() => statuses().some((s) => s.runId === first.runId && s.status === 'running'));
    const second = await start({ script: 'print("second")' });
    expect((await service.waitForRun(first.runId, me)).status).toBe('stopped');
    expect((await service.waitForRun(second.runId, me)).status).toBe('finished');
  });

  it('keeps the files a run wrote when a host service asks, then removes the scratch dir', async () => {
    const into = join(dir, 'kept');
    const script = `import os, json
os.makedirs('sub', exist_ok=True)
open('out.csv', 'w').write('t,x\\n0,1\\n')
open('sub/more.csv', 'w').write('a\\n')
open('notes.txt', 'w').write('skip me')
print(os.getcwd())`;
    const { runId } = await service.start({ script, lane: 'twin' }, me, {
      collectOutputs: { files: ['*.csv', 'sub/*.csv'], into },
    });
    const summary = await service.waitForRun(runId, me);
    expect(summary.status).toBe('finished');
    expect(service.collectedOutputs(runId, me)).toEqual({
      copied: ['out.csv', 'sub/more.csv'],
      notice: null,
    });
    expect(await readdir(into)).toEqual(['out.csv', 'sub']);
    expect(existsSync(output('stdout').trim())).toBe(false);
    // Another owner learns nothing of it.
    expect(service.collectedOutputs(runId, someoneElse)).toBeNull();
  });
});
