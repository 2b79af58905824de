// Scripts that try to outlive, outgrow or lie about their run, and a confined script that
// tries to reach out, each against the real bridge and its guard. Every case runs on what
// this machine offers (cgroups, bubblewrap: the probe says which), and the process and
// memory cases again with the guard alone (no cgroup, no bubblewrap), the fallback that
// every Linux machine has.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostClient, HostEvents } from '../../electron/common/contract';
import type { RunSummary, RuntimeProbe } from '../../electron/common/contract/runtime';
import { createHost, type Host } from '../../electron/host/index';
import type { IsolationChoices } from '../../electron/host/runtime/isolation';
import { detectCgroups } from '../../electron/host/runtime/run-cgroup';
import { ROOT, buildCli, doubleEnv, until } from './runtime-helpers';

/** Live processes whose command line holds `marker` (Linux /proc), in any namespace. */
function withMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(+entry);
    } catch {
      // ended while we looked
    }
  }
  return found;
}

/** The bridge's step wrapper ends this loop on stop. */
const LOOP_UNTIL_STOPPED = `import pychrono as chrono
system = chrono.ChSystemNSC()
while True:
    system.DoStepDynamics(0.01)
    time.sleep(0.01)
`;

/** A script whose grandchild leaves the run's session (double fork and setsid) and sleeps
 *  with `marker` in its command line; once it runs, the script prints "ready" and its
 *  folder, and loops until stopped. */
function escapingScript(marker: string, ending = LOOP_UNTIL_STOPPED): string {
  return `import os, sys, time
r, w = os.pipe()
os.set_inheritable(w, True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        code = "import os, sys, time; os.write(int(sys.argv[1]), b'x'); time.sleep(600)"
        os.execv(sys.executable, [sys.executable, "-c", code, str(w), "${marker}"])
    os._exit(0)
os.read(r, 1)
print("ready", os.getcwd(), flush=True)
${ending}`;
}

interface Rig {
  dir: string;
  host: Host;
  client: HostClient;
  events: Array<{ name: string; payload: unknown }>;
  probe: RuntimeProbe;
}

async function rig(isolation?: IsolationChoices): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-hostile-'));
  await mkdir(join(dir, 'scratch'));
  const host = createHost({
    userDataDir: dir,
    env: doubleEnv(dir),
    scratchRoot: join(dir, 'scratch'),
    isolation,
  });
  const client = host.connect('test');
  const events: Rig['events'] = [];
  client.subscribe((name, payload) => events.push({ name, payload }));
  const probe = await client.invoke('runtime.probe', { refresh: true });
  return { dir, host, client, events, probe };
}

async function disposeRig(r: Rig | undefined): Promise<void> {
  if (!r) return;
  await r.host.dispose();
  await rm(r.dir, { recursive: true, force: true });
}

function output(r: Rig, runId: string): string {
  return r.events
    .filter((e) => e.name === 'runtime.output')
    .map((e) => e.payload as HostEvents['runtime.output'])
    .filter((o) => o.runId === runId)
    .map((o) => o.text)
    .join('');
}

async function runToEnd(r: Rig, script: string, limits = {}): Promise<RunSummary> {
  const { runId } = await r.client.invoke('runtime.start', { script, limits });
  return r.host.runtime.waitForRun(runId, r.client);
}

const linux = process.platform === 'linux';

// The CLI cases run the built CLI: build it from these sources first.
beforeAll(() => (linux ? buildCli() : undefined), 120_000);
const MODES: Array<[string, IsolationChoices | undefined]> = [
  ["this machine's defaults", undefined],
  ['the guard alone (no cgroup, no bubblewrap)', { cgroups: false, bubblewrap: false }],
];

describe.skipIf(!linux).each(MODES)('runs die whole, with %s', (_mode, isolation) => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig(isolation);
    console.log(`confinement: ${r.probe.confinement.note}`);
  });
  afterAll(() => disposeRig(r));

  it('a grandchild that calls setsid() dies with its run, stop after stop', async () => {
    for (let cycle = 0; cycle < 15; cycle++) {
      const marker = `tf-escapee-${randomUUID()}`;
      const { runId } = await r.client.invoke('runtime.start', {
        script: escapingScript(marker),
        limits: { simTime: 1e6 },
      });
      await until(() => output(r, runId).includes('ready'), `run ${cycle} to start`);
      expect(withMarker(marker)).toHaveLength(1);
      await r.client.invoke('runtime.control', { runId, cmd: 'stop' });
      expect((await r.host.runtime.waitForRun(runId, r.client)).status).toBe('stopped');
      await until(() => withMarker(marker).length === 0, 'the escaped grandchild to die', 5000);
    }
  });

  it('a grandchild that calls setsid() dies when the script crashes', async () => {
    const marker = `tf-escapee-${randomUUID()}`;
    const script = escapingScript(marker, 'import signal\nos.kill(os.getpid(), signal.SIGSEGV)\n');
    const summary = await runToEnd(r, script);
    expect(summary.status).toBe('crashed');
    expect(summary.reason).toMatch(/SIGSEGV/);
    await until(() => withMarker(marker).length === 0, 'the escaped grandchild to die', 5000);
  });

  it('mmap beyond the memory limit ends the run with the limit named', async () => {
    await r.host.settings.update({ runMemoryMiB: 256 });
    try {
      const summary = await runToEnd(
        r,
        `import mmap
m = mmap.mmap(-1, 1 << 30)
for offset in range(0, 1 << 30, 1 << 20):
    m[offset:offset + (1 << 20)] = b"x" * (1 << 20)
print("wrote 1 GiB")
`,
      );
      expect(summary.status).toBe('error');
      expect(summary.isolation?.memory).toBe(r.probe.confinement.memory);
      expect(summary.reason).toMatch(
        r.probe.confinement.memory === 'cgroup'
          ? /^the run used more than its 256 MiB memory limit \(cgroup\)$/
          : /^a process of the run used more than its 256 MiB memory limit \(RLIMIT_AS, per process\)/,
      );
    } finally {
      await r.host.settings.update({ runMemoryMiB: 8192 });
    }
  });

  it('three children are held to the limit together where cgroups hold memory', async (ctx) => {
    if (r.probe.confinement.memory !== 'cgroup') {
      console.log(
        `skipped: the memory limit is per process here (${r.probe.confinement.memory}), so children are counted separately`,
      );
      ctx.skip();
    }
    await r.host.settings.update({ runMemoryMiB: 512 });
    try {
      const summary = await runToEnd(
        r,
        `import subprocess, sys
hog = "import time; block = b'x' * (300 << 20); print('holding', flush=True); time.sleep(60)"
children = [subprocess.Popen([sys.executable, "-c", hog]) for _ in range(3)]
for child in children:
    child.wait()
`,
      );
      expect(summary.status).toBe('error');
      expect(summary.reason).toBe('the run used more than its 512 MiB memory limit (cgroup)');
    } finally {
      await r.host.settings.update({ runMemoryMiB: 8192 });
    }
  });
});

describe.skipIf(!linux)('a run cannot lie about itself', () => {
  let r: Rig;
  beforeAll(async () => {
    r = await rig();
  });
  afterAll(() => disposeRig(r));

  // The writer the bridge uses, found the way a hostile script would: in its own memory.
  const FIND_WRITER = `import gc, os, signal, sys
writer = next(o for o in gc.get_objects() if type(o).__name__ == "StreamWriter")
`;

  it('an end written by the script, then a segfault, is a crash', async () => {
    const { runId } = await r.client.invoke('runtime.start', {
      script: `${FIND_WRITER}writer.send_json({"type": "end", "status": "finished", "reason": "all good", "simTime": 1.0, "steps": 1})
writer.close()
os.kill(os.getpid(), signal.SIGSEGV)
`,
    });
    const summary = await r.host.runtime.waitForRun(runId, r.client);
    expect(summary.status).toBe('crashed');
    expect(summary.reason).toMatch(/SIGSEGV/);
    const warnings = r.events
      .filter((e) => e.name === 'runtime.message')
      .map((e) => (e.payload as HostEvents['runtime.message']).message)
      .filter((m) => m.type === 'log');
    expect(JSON.stringify(warnings)).toContain('wrote an \\"end\\" message of its own');
  });

  it('even with the nonce taken from the bridge, a crash after end is a crash', async () => {
    const summary = await runToEnd(
      r,
      `${FIND_WRITER}frame = sys._getframe()
while frame is not None and "nonce" not in frame.f_locals:
    frame = frame.f_back
writer.send_json({"type": "end", "status": "finished", "reason": "all good", "simTime": 1.0, "steps": 1, "nonce": frame.f_locals["nonce"]})
writer.close()
os.kill(os.getpid(), signal.SIGSEGV)
`,
    );
    expect(summary.status).toBe('crashed');
    // The reason also names the script's line that was running (the faulthandler log).
    expect(summary.reason).toMatch(
      /^killed by SIGSEGV \(segmentation fault\) after reporting "finished": the script was at line \d+/,
    );
  });

  it('twinforge run exits non-zero for a forged end followed by a segfault', async () => {
    const script = join(r.dir, 'forger.py');
    await writeFile(
      script,
      `${FIND_WRITER}writer.send_json({"type": "end", "status": "finished", "reason": "all good", "simTime": 1.0, "steps": 1})
writer.close()
os.kill(os.getpid(), signal.SIGSEGV)
`,
    );
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'twinforge.js'), 'run', script, '--json'],
      {
        cwd: r.dir,
        env: doubleEnv(join(r.dir, 'cli-user')),
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'crashed' });
  });
});

describe.skipIf(!linux)('killing the host', () => {
  it('kills every run process, and the next host removes the scratch folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-hostkill-'));
    const scratchRoot = join(dir, 'tmp');
    await mkdir(scratchRoot);
    const marker = `tf-escapee-${randomUUID()}`;
    const script = join(dir, 'escape.py');
    await writeFile(script, escapingScript(marker));
    let next: Host | undefined;
    try {
      const cli = spawn(
        process.execPath,
        [join(ROOT, 'bin', 'twinforge.js'), 'run', script, '--sim-time', '1e6'],
        { cwd: dir, env: { ...doubleEnv(join(dir, 'user')), TMPDIR: scratchRoot } },
      );
      let stdout = '';
      cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      await until(() => /ready \S+\n/.test(stdout), 'the script to start');
      const scratch = /ready (\S+)\n/.exec(stdout)![1];
      expect(scratch.startsWith(join(scratchRoot, `twinforge-run-${cli.pid}-`))).toBe(true);
      const running = withMarker(marker);
      expect(running).toHaveLength(1);

      cli.kill('SIGKILL');
      await until(() => withMarker(marker).length === 0, 'every run process to die', 10_000);
      await until(() => !withMarker(scratch).length, 'the guard and the bridge to die', 10_000);
      expect(existsSync(scratch)).toBe(true); // a killed host could not clean up
      const parents = await detectCgroups();
      const leftCgroups = () =>
        [parents.v2?.dir, parents.v1Memory]
          .filter((d): d is string => Boolean(d))
          .flatMap((d) => readdirSync(d).filter((n) => n.startsWith(`twinforge-run-${cli.pid}-`)));
      const hadCgroups = leftCgroups().length;

      next = createHost({
        userDataDir: join(dir, 'user'),
        env: doubleEnv(join(dir, 'user')),
        scratchRoot,
      });
      const client = next.connect('test');
      const { runId } = await client.invoke('runtime.start', { script: 'print("next")' });
      await next.runtime.waitForRun(runId, client);
      expect(existsSync(scratch)).toBe(false);
      expect(await readdir(scratchRoot)).toEqual([]);
      console.log(
        `cgroups the killed host left: ${hadCgroups}; after the next start: ${leftCgroups().length}`,
      );
      expect(leftCgroups()).toEqual([]);
    } finally {
      await next?.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!linux)('confinement', () => {
  let r: Rig;
  let server: Server;
  let port: number;
  let outside: string;
  beforeAll(async () => {
    r = await rig();
    server = createServer((socket) => socket.end('hello from outside\n'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as { port: number }).port;
    // Outside /tmp, which a confined run sees as an empty folder of its own.
    outside = await mkdtemp(join(homedir(), '.tf-outside-'));
  });
  afterAll(async () => {
    server?.close();
    await rm(outside, { recursive: true, force: true });
    await disposeRig(r);
  });

  const reachOut = () => `import os, socket
try:
    with socket.create_connection(("127.0.0.1", ${port}), timeout=5) as s:
        print("network:", s.recv(100).decode().strip())
except OSError as e:
    print("network: refused", type(e).__name__)
try:
    with open(os.path.join(${JSON.stringify(outside)}, "written.txt"), "w") as f:
        f.write("x")
    print("outside: written")
except OSError as e:
    print("outside: refused", e.strerror)
with open("inside.txt", "w") as f:
    f.write("x")
print("inside: written")
`;

  it('a confined script has no network and cannot write outside its folder', async (ctx) => {
    if (!r.probe.confinement.active) {
      console.log(`skipped: runs are not confined here: ${r.probe.confinement.note}`);
      ctx.skip();
    }
    const { runId } = await r.client.invoke('runtime.start', { script: reachOut() });
    const summary = await r.host.runtime.waitForRun(runId, r.client);
    expect(summary.status).toBe('finished');
    expect(summary.isolation?.confined).toBe(true);
    const text = output(r, runId);
    expect(text).toMatch(/^network: refused/m);
    expect(text).toMatch(/^outside: refused Read-only file system/m);
    expect(text).toMatch(/^inside: written/m);
    expect(existsSync(join(outside, 'written.txt'))).toBe(false);
  });

  it("a confined script cannot reach the user's sockets in /run (D-Bus, display, agents)", async (ctx) => {
    if (!r.probe.confinement.active) {
      console.log(`skipped: runs are not confined here: ${r.probe.confinement.note}`);
      ctx.skip();
    }
    const path = `/run/tf-confine-${randomUUID()}.sock`;
    const unix = createServer((socket) => socket.end('hello over unix\n'));
    try {
      await new Promise<void>((done, fail) => unix.once('error', fail).listen(path, done));
    } catch (err) {
      console.log(`skipped: cannot make a socket in /run here (${(err as Error).message})`);
      ctx.skip();
    }
    const dial = `import socket
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(${JSON.stringify(path)})
    print("unix:", s.recv(100).decode().strip())
except OSError as e:
    print("unix: refused", type(e).__name__)
`;
    try {
      const confined = await r.client.invoke('runtime.start', { script: dial });
      await r.host.runtime.waitForRun(confined.runId, r.client);
      expect(output(r, confined.runId)).toContain('unix: refused FileNotFoundError');
      await r.host.settings.update({ confineRuns: false });
      const open = await r.client.invoke('runtime.start', { script: dial });
      await r.host.runtime.waitForRun(open.runId, r.client);
      expect(output(r, open.runId)).toContain('unix: hello over unix');
    } finally {
      await r.host.settings.update({ confineRuns: true });
      unix.close();
    }
  });

  it('the same script, with confinement off in the settings, reaches both', async () => {
    await r.host.settings.update({ confineRuns: false });
    try {
      const probe = await r.client.invoke('runtime.probe', {});
      expect(probe.confinement.active).toBe(false);
      expect(probe.confinement.note).toContain('turned off in the settings');
      const { runId } = await r.client.invoke('runtime.start', { script: reachOut() });
      const summary = await r.host.runtime.waitForRun(runId, r.client);
      expect(summary.isolation?.confined).toBe(false);
      expect(output(r, runId)).toContain('network: hello from outside');
      expect(existsSync(join(outside, 'written.txt'))).toBe(true);
    } finally {
      await r.host.settings.update({ confineRuns: true });
    }
  });
});
