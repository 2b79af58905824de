// `twinforge bench runtime`: what streaming a simulation costs, for 1 000 and 10 000
// bodies. Each size runs twice through the host service with the configured Python: once
// streaming as the app does (display frames at up to 60 Hz within the streaming budget,
// samples every 0.01 s), once with the stream off; the table compares them. Figures only,
// no pass/fail.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { HostEvents } from '../common/contract';
import type { RunSummary, RuntimeProbe } from '../common/contract/runtime';
import type { EndMessage } from '../common/stream';
import { createHost } from '../host/index';
import { UsageError, positiveNumber } from './args';
import { boxesScript } from './bench-scene';

export const BENCH_USAGE = `Usage: twinforge bench runtime [options]

Measures the runtime stream with N boxes on a ground, for each N.

Options:
  --bodies LIST    comma-separated body counts (default 1000,10000)
  --budget P       per cent of the loop the bridge may spend streaming (default: the
                   setting, 5)
  --sim-time S     simulated seconds per run (default 0.3)
  --repeat N       runs of each kind per size; the fastest counts (default 3)
  --concurrent N   stream N copies at once, each in a lane of its own (a twin and its
                   reference reviewed side by side), and show each one's cost (default 1)
  --python PATH    Python interpreter to use (default: as for twinforge run)
  --stand-in DIR   a pychrono stand-in to put on PYTHONPATH when that Python has no
                   pychrono (the figures then describe the bridge and host only)
  -h, --help       show this help`;

interface Measured {
  summary: RunSummary;
  /** Seconds from hello to end, as seen by the host: the simulation loop itself. */
  loopSeconds: number;
  frames: number;
  bytes: number;
  end: EndMessage | null;
}

interface Row {
  bodies: number;
  /** How the row is named in the table (the body count, or the copy of a concurrent run). */
  label?: string;
  usPerBodyFrame: number | null;
  costSource: string;
  framesPerSecond: number;
  /** Display frames per second the bridge reached, and its share of the loop. */
  displayHz: number | null;
  share: number | null;
  megabytesPerSecond: number;
  slowdown: number;
  simTime: number;
}

/** What the streaming should cost with real pychrono 9.0.1 (bench/runtime.md). */
const TARGET_SLOWDOWN = 1.05;
const TARGET_US_PER_BODY_FRAME = 1.5;

export async function runBenchCommand(argv: string[], env = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bodies: { type: 'string', default: '1000,10000' },
      budget: { type: 'string' },
      'sim-time': { type: 'string' },
      repeat: { type: 'string', default: '3' },
      concurrent: { type: 'string', default: '1' },
      python: { type: 'string' },
      'stand-in': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(BENCH_USAGE);
    return 0;
  }
  if (positionals[0] !== 'runtime') throw new UsageError('bench knows one benchmark: runtime');
  const sizes = (values.bodies ?? '').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UsageError(`--bodies needs whole numbers, not "${values.bodies}"`);
  }
  const simTime = positiveNumber(values['sim-time'], '--sim-time') ?? 0.3;
  const budget = positiveNumber(values.budget, '--budget');
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) {
    throw new UsageError(`--repeat needs a whole number, not "${values.repeat}"`);
  }
  const concurrent = Number(values.concurrent);
  if (!Number.isInteger(concurrent) || concurrent < 1 || concurrent > 8) {
    throw new UsageError(
      `--concurrent needs a whole number from 1 to 8, not "${values.concurrent}"`,
    );
  }

  const userDataDir = await mkdtemp(join(tmpdir(), 'twinforge-bench-'));
  let host = createHost({ userDataDir, env, pythonPath: values.python });
  let usedStandIn = false;
  try {
    let probe = await host.runtime.probe();
    const standIn = values['stand-in'];
    if (probe.python && !probe.pychronoFound && standIn) {
      usedStandIn = true;
      // Only when there is no real pychrono: on PYTHONPATH the stand-in would shadow it.
      console.log(
        `pychrono not found: measuring with the stand-in in ${standIn} (not PyChrono figures).`,
      );
      await host.dispose();
      const pythonPath = [resolve(standIn), env.PYTHONPATH].filter(Boolean).join(delimiter);
      host = createHost({
        userDataDir,
        env: { ...env, PYTHONPATH: pythonPath },
        pythonPath: values.python,
      });
      probe = await host.runtime.probe();
    }
    if (!probe.python) throw new Error(probe.problem ?? 'no Python found');
    console.log(
      `Python ${probe.pythonVersion ?? '?'} (${probe.python}), pychrono ${pychronoLabel(probe)}` +
        `${probe.problem ? ` — ${probe.problem}` : ''}`,
    );
    const settings = await host.settings.get();
    const budgetPercent = budget ?? settings.streamBudget;
    console.log(
      `${simTime} s simulated per run, step 2 ms; streaming = display up to 60 Hz within a ` +
        `${budgetPercent} % budget + samples every 0.01 s; fastest of ${repeat} runs of each kind\n`,
    );
    printLine(COLUMNS);
    for (const bodies of sizes) {
      const script = boxesScript(bodies);
      // The baseline: one display frame per 1 000 s of wall clock and one sample per 1 000
      // run lengths, so only the first frame is sent; the simulation is the same. The two
      // kinds alternate, and the fastest run of each counts: the machine's other work only
      // ever slows a run down.
      const streamedRuns: Measured[] = [];
      const quietRuns: Measured[] = [];
      for (let i = 0; i < repeat; i++) {
        streamedRuns.push(
          await measure(host, script, {
            simTime,
            displayHz: 60,
            sampleDt: 0.01,
            streamBudget: budgetPercent,
          }),
        );
        quietRuns.push(
          await measure(host, script, { simTime, displayHz: 0.001, sampleDt: simTime * 1000 }),
        );
      }
      for (const m of [...streamedRuns, ...quietRuns]) {
        if (m.summary.status !== 'limit' && m.summary.status !== 'finished') {
          throw new Error(`the ${bodies}-body run ended ${m.summary.status}: ${m.summary.reason}`);
        }
      }
      const streamed = fastest(streamedRuns);
      const quiet = fastest(quietRuns);
      printRow(row(bodies, streamed, quiet));
      if (concurrent > 1) {
        // The same scene streamed N times at once, one lane each: each run keeps its own
        // budget (its own bridge process), whatever the others do.
        const together: Measured[][] = [];
        for (let i = 0; i < repeat; i++) {
          together.push(
            await measureTogether(host, script, concurrent, {
              simTime,
              displayHz: 60,
              sampleDt: 0.01,
              streamBudget: budgetPercent,
            }),
          );
        }
        const best = together.reduce((a, b) =>
          Math.max(...b.map((m) => m.loopSeconds)) < Math.max(...a.map((m) => m.loopSeconds))
            ? b
            : a,
        );
        best.forEach((m, lane) =>
          printRow({ ...row(bodies, m, quiet), label: `${bodies} (${lane + 1}/${concurrent})` }),
        );
      }
    }
    console.log(
      `\nTargets with real pychrono 9.0.1: slowdown ≤ ${TARGET_SLOWDOWN} and ` +
        `≤ ${TARGET_US_PER_BODY_FRAME} µs per body per frame, at every size.`,
    );
    if (usedStandIn) {
      console.log(
        'These runs used the pure-Python stand-in, whose every call costs far more than a ' +
          'SWIG call into Chrono, and which has no contacts (the boxes fall): the figures ' +
          'describe the bridge and the host, not PyChrono, and say nothing about the targets.',
      );
    }
    return 0;
  } finally {
    await host.dispose();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

type BenchLimits = { simTime: number; displayHz: number; sampleDt: number; streamBudget?: number };

async function measure(
  host: ReturnType<typeof createHost>,
  script: string,
  limits: BenchLimits,
): Promise<Measured> {
  return (await measureTogether(host, script, 1, limits))[0];
}

/** Runs `copies` of the script at once, in lanes bench-1..N of one owner; one figure each. */
async function measureTogether(
  host: ReturnType<typeof createHost>,
  script: string,
  copies: number,
  limits: BenchLimits,
): Promise<Measured[]> {
  interface Tally {
    helloAt: number;
    endAt: number;
    frames: number;
    bytes: number;
    end: EndMessage | null;
  }
  const tallies = new Map<string, Tally>();
  const tally = (runId: string) => {
    let t = tallies.get(runId);
    if (!t) tallies.set(runId, (t = { helloAt: 0, endAt: 0, frames: 0, bytes: 0, end: null }));
    return t;
  };
  const client = host.connect('cli:bench');
  const unsubscribe = client.subscribe((name, payload) => {
    if (name === 'runtime.frame') {
      const { runId, data } = payload as HostEvents['runtime.frame'];
      const t = tally(runId);
      t.frames++;
      t.bytes += data.byteLength + 5;
    } else if (name === 'runtime.message') {
      const { runId, message } = payload as HostEvents['runtime.message'];
      const t = tally(runId);
      t.bytes += JSON.stringify(message).length + 5;
      if (message.type === 'hello') t.helloAt = performance.now();
      if (message.type === 'end') {
        t.endAt = performance.now();
        t.end = message;
      }
    }
  });
  try {
    const started = await Promise.all(
      Array.from({ length: copies }, (_, i) =>
        client.invoke('runtime.start', {
          script,
          scriptPath: 'bench_boxes.py',
          limits: { ...limits, wallTime: 600 },
          lane: copies === 1 ? 'bench' : `bench-${i + 1}`,
        }),
      ),
    );
    return await Promise.all(
      started.map(async ({ runId }) => {
        const summary = await host.runtime.waitForRun(runId, client);
        const t = tally(runId);
        return {
          summary,
          loopSeconds: (t.endAt - t.helloAt) / 1000,
          frames: t.frames,
          bytes: t.bytes,
          end: t.end,
        };
      }),
    );
  } finally {
    unsubscribe();
    await client.close();
  }
}

/** The pychrono a probe found: its version, where a build from source is, or "not found". */
function pychronoLabel(probe: RuntimeProbe): string {
  if (!probe.pychronoFound) return 'not found';
  return probe.pychrono ?? `of unknown version (built from source) in ${probe.pychronoPath ?? '?'}`;
}

function fastest(runs: Measured[]): Measured {
  return runs.reduce((best, m) => (m.loopSeconds < best.loopSeconds ? m : best));
}

function row(bodies: number, streamed: Measured, quiet: Measured): Row {
  const seconds = Math.max(streamed.loopSeconds, 1e-9);
  // The bridge may report its own extraction and encoding time in `end` (seconds).
  const own = streamed.end?.streamSeconds;
  const extraSeconds = typeof own === 'number' ? own : streamed.loopSeconds - quiet.loopSeconds;
  return {
    bodies,
    usPerBodyFrame: streamed.frames > 0 ? (extraSeconds * 1e6) / (streamed.frames * bodies) : null,
    costSource: typeof own === 'number' ? 'bridge' : 'derived',
    framesPerSecond: streamed.frames / seconds,
    displayHz: streamed.end?.displayHz ?? null,
    share: streamed.end?.streamShare ?? null,
    megabytesPerSecond: streamed.bytes / 1e6 / seconds,
    slowdown: streamed.loopSeconds / Math.max(quiet.loopSeconds, 1e-9),
    simTime: streamed.summary.simTime,
  };
}

const COLUMNS = [
  'bodies',
  'µs/body/frame',
  'frames/s',
  'display Hz',
  'stream share',
  'MB/s',
  'slowdown (stream/none)',
];
const WIDTHS = [14, 26, 10, 11, 13, 8, 24];

function printLine(cells: string[]): void {
  console.log(cells.map((c, i) => c.padStart(WIDTHS[i])).join('  '));
}

function printRow(r: Row): void {
  printLine([
    r.label ?? String(r.bodies),
    r.usPerBodyFrame === null
      ? 'n/a'
      : r.usPerBodyFrame <= 0
        ? `~0, below noise (${r.costSource})`
        : `${r.usPerBodyFrame.toFixed(2)} (${r.costSource})`,
    r.framesPerSecond.toFixed(1),
    r.displayHz === null ? 'n/a' : r.displayHz.toFixed(1),
    r.share === null ? 'n/a' : `${(r.share * 100).toFixed(1)} %`,
    r.megabytesPerSecond.toFixed(2),
    `${r.slowdown.toFixed(3)}`,
  ]);
}
