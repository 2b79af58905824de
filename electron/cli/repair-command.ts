// `twinforge repair SCRIPT` and `twinforge generate PROMPT`: the host's generate → run →
// repair loop, headless. The same service and the same events as the chat's "Run & fix".
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RepairEvent, RepairResult } from '../common/contract/repair';
import { createHost } from '../host/index';
import { resolveUserDataDir } from '../host/serve/user-data';
import { UsageError, positiveNumber } from './args';

export const REPAIR_USAGE = `Usage: twinforge repair SCRIPT [options]
       twinforge generate PROMPT [--script SCRIPT] [options]

repair runs SCRIPT and, while it fails, sends the error to the model and runs its fix.
generate first asks the model for a script (a change of SCRIPT when given), then does the same.
Neither touches SCRIPT: the result goes to --out.

Options:
  --model NAME       the model (default: the app's model setting)
  --attempts K       repairs after the first run (default: the setting, 3; 0 only runs)
  --out FILE         write the final script there (default: SCRIPT's name + .fixed.py for
                     repair, generated.py for generate)
  --python PATH      Python interpreter to use
  --sim-time S       simulated-time limit of each run (default: the setting, 30)
  --wall-time S      wall-clock limit of each run (default: the setting, 600)
  --no-ground        send the requests as SimBench does: without the PyChrono API of the
                     classes used and without what the failed run did
  --json             print the loop's events as JSON Lines (one object per line, the last
                     one {"type":"done","result":...}), and nothing else on stdout
  -h, --help         show this help

Exit codes: 0 the script runs (as given or fixed), 1 still failing, 2 bad usage,
4 stopped (Ctrl+C).`;

interface RepairArgs {
  mode: 'repair' | 'generate';
  script: string | null;
  prompt: string | null;
  model?: string;
  attempts?: number;
  out: string | null;
  python?: string;
  simTime?: number;
  wallTime?: number;
  ground: boolean;
  json: boolean;
}

export function parseRepairArgs(mode: 'repair' | 'generate', argv: string[]): RepairArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      attempts: { type: 'string' },
      out: { type: 'string', short: 'o' },
      script: { type: 'string' },
      python: { type: 'string' },
      'sim-time': { type: 'string' },
      'wall-time': { type: 'string' },
      'no-ground': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UsageError(
      mode === 'repair' ? 'repair needs one SCRIPT' : 'generate needs one PROMPT',
    );
  }
  if (mode === 'repair' && values.script) throw new UsageError('repair takes the SCRIPT itself');
  let attempts: number | undefined;
  if (values.attempts !== undefined) {
    attempts = Number(values.attempts);
    if (!Number.isInteger(attempts) || attempts < 0 || attempts > 10) {
      throw new UsageError(
        `--attempts needs a whole number from 0 to 10, not "${values.attempts}"`,
      );
    }
  }
  return {
    mode,
    script: mode === 'repair' ? positionals[0] : (values.script ?? null),
    prompt: mode === 'generate' ? positionals[0] : null,
    model: values.model,
    attempts,
    out: values.out ?? null,
    python: values.python,
    simTime: positiveNumber(values['sim-time'], '--sim-time'),
    wallTime: positiveNumber(values['wall-time'], '--wall-time'),
    ground: !values['no-ground'],
    json: values.json ?? false,
  };
}

export async function runRepairCommand(
  mode: 'repair' | 'generate',
  argv: string[],
  env = process.env,
): Promise<number> {
  const args = parseRepairArgs(mode, argv);
  if (args === 'help') {
    console.log(REPAIR_USAGE);
    return 0;
  }
  const scriptPath = args.script ? resolve(args.script) : null;
  const script = scriptPath ? await readFile(scriptPath, 'utf8') : null;
  const out = resolve(
    args.out ?? (scriptPath ? scriptPath.replace(/(\.py)?$/, '.fixed.py') : 'generated.py'),
  );

  const host = createHost({
    userDataDir: resolveUserDataDir(undefined, env),
    env,
    pythonPath: args.python,
  });
  const client = host.connect(`cli:${mode}`);
  const requestId = randomUUID();
  const stop = () => void host.repair.cancel(requestId, client);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const result = await host.repair.run(
      {
        requestId,
        script,
        scriptPath,
        prompt: args.prompt ?? undefined,
        history: [],
        model: args.model,
        maxAttempts: args.attempts,
        limits: { simTime: args.simTime, wallTime: args.wallTime },
        lane: 'twin',
        ground: args.ground,
      },
      client,
      (event) => (args.json ? printJson(event) : printHuman(event)),
    );
    if (result.script !== null && (result.status !== 'runs' || mode === 'generate')) {
      await writeFile(out, result.script);
      if (!args.json) process.stderr.write(`wrote ${out}\n`);
    }
    return exitCode(result);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await client.close();
    await host.dispose();
  }
}

function exitCode(result: RepairResult): number {
  if (result.status === 'runs' || result.status === 'fixed') return 0;
  return result.status === 'stopped' ? 4 : 1;
}

function printJson(event: RepairEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function printHuman(event: RepairEvent): void {
  const say = (text: string) => process.stderr.write(`${text}\n`);
  switch (event.type) {
    case 'generating':
      say(`asking ${event.model || 'the model'} for the script…`);
      break;
    case 'generated':
      if (event.code) say(`the model wrote ${event.code.split('\n').length} lines`);
      break;
    case 'run-start':
      say(event.attempt === 0 ? 'running the script…' : `running fix ${event.attempt}…`);
      break;
    case 'run-end': {
      const s = event.summary;
      const where = event.failure?.line ? ` (line ${event.failure.line})` : '';
      say(
        event.failure
          ? `  failed: ${lastLine(event.failure.message)}${where}`
          : `  ${s.status} at t = ${s.simTime.toFixed(3)} s, ${s.bodies ?? 0} bodies`,
      );
      break;
    }
    case 'asking':
      say(`asking for fix ${event.attempt}…`);
      break;
    case 'proposal':
      say(`  the fix changes ${changedLines(event.before, event.after)} lines`);
      break;
    case 'diagnosis':
      say(event.text);
      break;
    case 'done':
      say(`${event.result.status}: ${event.result.diagnosis ?? ''}`);
      break;
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? text;
}

/** Lines of `after` that are not in `before`, counted loosely for the progress line. */
function changedLines(before: string, after: string): number {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !old.has(line)).length;
}
