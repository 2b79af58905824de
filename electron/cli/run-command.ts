// `twinforge run SCRIPT`: runs a script headlessly through the host's runtime service.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { version as twinforgeVersion } from '../../package.json';
import type { HostClient, HostEvents } from '../common/contract';
import type { RunSummary } from '../common/contract/runtime';
import { createHost, type Host } from '../host/index';
import { RecordingWriter } from '../host/recordings/recording-writer';
import { SceneTracker } from '../host/recordings/scene-tracker';
import { TrajectoryWriter } from '../host/recordings/trajectory-csv';
import { resolveUserDataDir } from '../host/serve/user-data';
import { UsageError, positiveNumber } from './args';
import { Progress, formatFactor } from './progress';
import { PYCHRONO_MODULES, type PychronoModule } from '../common/stream';
import { RunReporter, exitCodeFor, type RunReport } from './run-report';

export const RUN_USAGE = `Usage: twinforge run SCRIPT [options]

Runs a PyChrono script headlessly, as the app would, and reports how it went.

Options:
  --python PATH        Python interpreter to use (default: the app's Python setting,
                       then TWINFORGE_PYTHON, a conda env with pychrono, python3 on PATH)
  --sim-time S         stop after S seconds of simulated time (default: the setting, 30)
  --wall-time S        stop after S seconds of wall-clock time (default: the setting, 600)
  --sample-dt S        sampling step of the trajectory and the recording (default 0.01)
  --trajectory FILE    write body poses as CSV: time,id,name,x,y,z,qw,qx,qy,qz
  --record FILE        write a .tfrec recording that the app's timeline can open
  --json               print one JSON object with the outcome, and nothing else
  -h, --help           show this help

Exit codes: 0 finished or a limit reached, 1 script error, 2 bad usage, 3 crashed,
4 stopped.`;

export interface RunArgs {
  script: string;
  python?: string;
  simTime?: number;
  wallTime?: number;
  sampleDt?: number;
  trajectory?: string;
  record?: string;
  json: boolean;
}

export function parseRunArgs(argv: string[]): RunArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      python: { type: 'string' },
      'sim-time': { type: 'string' },
      'wall-time': { type: 'string' },
      'sample-dt': { type: 'string' },
      trajectory: { type: 'string' },
      record: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError('run needs exactly one SCRIPT');
  return {
    script: positionals[0],
    python: values.python,
    simTime: positiveNumber(values['sim-time'], '--sim-time'),
    wallTime: positiveNumber(values['wall-time'], '--wall-time'),
    sampleDt: positiveNumber(values['sample-dt'], '--sample-dt'),
    trajectory: values.trajectory,
    record: values.record,
    json: values.json ?? false,
  };
}

/** Runs the command; resolves with the process exit code. */
export async function runRunCommand(argv: string[], env = process.env): Promise<number> {
  const args = parseRunArgs(argv);
  if (args === 'help') {
    console.log(RUN_USAGE);
    return 0;
  }
  const scriptPath = resolve(args.script);
  let script: string;
  try {
    script = await readFile(scriptPath, 'utf8');
  } catch (err) {
    return finish(args, failure(`cannot read ${scriptPath}: ${(err as Error).message}`));
  }

  const host = createHost({
    userDataDir: resolveUserDataDir(undefined, env),
    env,
    pythonPath: args.python,
  });
  const scene = new SceneTracker();
  let recording: RecordingWriter | undefined;
  let trajectory: TrajectoryWriter | undefined;
  try {
    recording = args.record
      ? new RecordingWriter(resolve(args.record), {
          script,
          scriptPath,
          twinforge: twinforgeVersion,
        })
      : undefined;
    trajectory = args.trajectory
      ? new TrajectoryWriter(resolve(args.trajectory), scene)
      : undefined;
    const reporter = new RunReporter(scene, { trajectory, recording });
    const progress = args.json ? null : new Progress();
    const client = host.connect('cli:run');
    client.subscribe((name, payload) => {
      reporter.onEvent(name, payload);
      if (progress) showProgress(progress, name, payload);
    });
    const summary = await runToEnd(client, host, args, script, scriptPath);
    progress?.done();
    await closeWriters(recording, trajectory);
    return finish(args, reporter.report(summary), [args.trajectory, args.record]);
  } catch (err) {
    await closeWriters(recording, trajectory).catch(() => undefined);
    return finish(args, failure((err as Error).message));
  } finally {
    await host.dispose();
  }
}

async function runToEnd(
  client: HostClient,
  host: Host,
  args: RunArgs,
  script: string,
  scriptPath: string,
): Promise<RunSummary> {
  const { runId } = await client.invoke('runtime.start', {
    script,
    scriptPath,
    limits: { simTime: args.simTime, wallTime: args.wallTime, sampleDt: args.sampleDt },
    lane: 'twin',
  });
  // Ctrl+C stops the run the way the app's Stop button does (the bridge ends it cleanly).
  const stop = () => void client.invoke('runtime.control', { runId, cmd: 'stop' });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await host.runtime.waitForRun(runId, client);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function closeWriters(...writers: Array<{ close(): Promise<void> } | undefined>) {
  for (const w of writers) await w?.close();
}

function showProgress<E extends keyof HostEvents>(
  progress: Progress,
  name: E,
  payload: HostEvents[E],
): void {
  if (name === 'runtime.output') {
    const out = payload as HostEvents['runtime.output'];
    progress.print(out.stream, out.text);
  } else if (name === 'runtime.status') {
    progress.status(payload as RunSummary);
  } else if (name === 'runtime.message') {
    const { message } = payload as HostEvents['runtime.message'];
    if (message.type === 'log' && message.level === 'warning') {
      progress.print('stderr', `warning: ${message.message}\n`);
    }
  }
}

/** A run that could not start at all (no script file, no Python). */
function failure(message: string): RunReport {
  return {
    status: 'error',
    reason: message,
    simTime: 0,
    wallTime: 0,
    realtimeFactor: 0,
    frames: 0,
    bodies: 0,
    shapes: {},
    upAxis: null,
    pychrono: {
      version: null,
      modules: Object.fromEntries(PYCHRONO_MODULES.map((m) => [m, false])) as Record<
        PychronoModule,
        boolean
      >,
    },
    missingModule: null,
    error: { type: 'TwinForgeError', message, line: null, traceback: '' },
    stdoutTail: '',
  };
}

function finish(args: RunArgs, report: RunReport, written: Array<string | undefined> = []) {
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return exitCodeFor(report.status);
  }
  const out = process.stderr;
  out.write(`\n${report.status}: ${report.reason}\n`);
  out.write(
    `  simulated ${report.simTime.toFixed(3)} s in ${report.wallTime.toFixed(2)} s ` +
      `(${formatFactor(report.realtimeFactor)}), ${report.frames} frames\n`,
  );
  const shapes = Object.entries(report.shapes)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  out.write(`  ${report.bodies} bodies${shapes ? ` (shapes: ${shapes})` : ''}`);
  out.write(report.upAxis ? `, ${report.upAxis} up\n` : '\n');
  if (report.pychrono.version) out.write(`  pychrono ${report.pychrono.version}\n`);
  if (report.error) {
    const where = report.error.line ? ` (line ${report.error.line})` : '';
    out.write(`  ${report.error.type}${where}: ${report.error.message}\n`);
    if (report.error.traceback) out.write(`${report.error.traceback.trimEnd()}\n`);
  }
  for (const file of written.filter(Boolean)) out.write(`  wrote ${resolve(file as string)}\n`);
  return exitCodeFor(report.status);
}
