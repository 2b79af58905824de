// The review benchmark's program (bundled and run by bundle.mjs): what running the twin and
// its reference at once costs each run's stream. For N boxes it runs the scene alone, then a
// review of the scene against itself (two bridge processes at once, as the Review button
// does), and prints per run the simulation loop time, the bridge's own streaming time
// (`end.streamSeconds`) and its share of the loop: the bridge keeps that share within its
// budget by lowering the display rate, in each of the two runs. Then the review's own steps.
// Usage: node bench/bundle.mjs review [N,N...] [--stand-in DIR]  (the stand-in is used when the
// configured Python has no pychrono; the figures then describe the bridge and the host only).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { HostClient, HostEvents } from '../electron/common/contract';
import type { EndMessage } from '../electron/common/stream';
import { boxesScript } from '../electron/cli/bench-scene';
import { createHost, type Host } from '../electron/host/index';

const SIM_TIME = 0.3;

interface Lap {
  lane: string;
  loopSeconds: number;
  end: EndMessage | null;
  frames: number;
}

/** Times each run of the client from its hello to its end, by lane. */
function watch(client: HostClient): { laps: Map<string, Lap>; stop(): void } {
  const lanes = new Map<string, string>();
  const hello = new Map<string, number>();
  const laps = new Map<string, Lap>();
  const stop = client.subscribe((name, payload) => {
    if (name === 'runtime.started') {
      const p = payload as HostEvents['runtime.started'];
      lanes.set(p.runId, p.lane);
      laps.set(p.lane, { lane: p.lane, loopSeconds: 0, end: null, frames: 0 });
    } else if (name === 'runtime.frame') {
      const lap = laps.get(lanes.get((payload as { runId: string }).runId) ?? '');
      if (lap) lap.frames++;
    } else if (name === 'runtime.message') {
      const { runId, message } = payload as HostEvents['runtime.message'];
      const lap = laps.get(lanes.get(runId) ?? '');
      if (message.type === 'hello') hello.set(runId, performance.now());
      if (message.type === 'end' && lap) {
        lap.end = message;
        lap.loopSeconds = (performance.now() - (hello.get(runId) ?? performance.now())) / 1000;
      }
    }
  });
  return { laps, stop };
}

function line(label: string, lap: Lap | undefined): string {
  if (!lap?.end) return `  ${label.padEnd(22)} no end message`;
  const stream = lap.end.streamSeconds ?? NaN;
  const share = (100 * stream) / Math.max(lap.loopSeconds, 1e-9);
  return (
    `  ${label.padEnd(22)} loop ${lap.loopSeconds.toFixed(2).padStart(6)} s   ` +
    `stream ${stream.toFixed(3).padStart(6)} s   share ${share.toFixed(1).padStart(5)} %   ` +
    `${String(lap.frames).padStart(5)} frames`
  );
}

async function makeHost(userDataDir: string, standIn: string | undefined): Promise<Host> {
  let host = createHost({ userDataDir });
  const probe = await host.runtime.probe();
  if (probe.python && !probe.pychronoFound && standIn) {
    console.log(
      `pychrono not found: measuring with the stand-in in ${standIn} (not PyChrono figures).`,
    );
    await host.dispose();
    const pythonPath = [resolve(standIn), process.env.PYTHONPATH].filter(Boolean).join(delimiter);
    host = createHost({ userDataDir, env: { ...process.env, PYTHONPATH: pythonPath } });
  }
  return host;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--stand-in');
  const standIn = at >= 0 ? args[at + 1] : undefined;
  const sizes = (args.find((a, i) => !a.startsWith('--') && i !== at + 1) ?? '100,1000')
    .split(',')
    .map(Number);
  const userDataDir = await mkdtemp(join(tmpdir(), 'twinforge-bench-review-'));
  const host = await makeHost(userDataDir, standIn);
  try {
    console.log(
      `${SIM_TIME} s simulated per run; streaming as the app does (60 Hz display, 0.01 s samples)\n`,
    );
    for (const bodies of sizes) {
      const script = boxesScript(bodies);
      const client = host.connect(`cli:bench-review-${bodies}`);
      const alone = watch(client);
      const { runId } = await client.invoke('runtime.start', {
        script,
        limits: { simTime: SIM_TIME, wallTime: 600 },
        lane: 'twin',
      });
      await host.runtime.waitForRun(runId, client);
      alone.stop();
      const together = watch(client);
      const started = performance.now();
      const report = await host.review.compare(
        {
          requestId: `bench-${bodies}`,
          twin: { script },
          reference: { script },
          run: true,
          limits: { simTime: SIM_TIME, wallTime: 600 },
        },
        client,
        () => undefined,
      );
      const reviewSeconds = (performance.now() - started) / 1000;
      together.stop();
      await client.close();
      console.log(`${bodies} bodies`);
      console.log(line('alone', alone.laps.get('twin')));
      console.log(line('review: twin', together.laps.get('twin')));
      console.log(line('review: reference', together.laps.get('reference')));
      console.log(
        `  review total ${reviewSeconds.toFixed(2)} s; similarity ${report.similarity?.durationMs.toFixed(1)} ms; ` +
          `${report.scene?.pairs.length ?? 0} pairs matched; gap max ${report.gap?.overall?.position.max ?? 'n/a'} m\n`,
      );
    }
  } finally {
    await host.dispose();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

void main();
