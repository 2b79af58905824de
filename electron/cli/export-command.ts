// `twinforge export RECORDING.tfrec`: a recording as MCAP (Foxglove, Lichtblick), the
// trajectory CSV, or a checked copy of the .tfrec, through the host's recordings.export.
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportResult,
} from '../common/contract/recordings';
import { createHost } from '../host/index';
import { EXPORT_EXTENSIONS } from '../host/recordings/recording-export';
import { resolveUserDataDir } from '../host/serve/user-data';
import { UsageError } from './args';

export const EXPORT_USAGE = `Usage: twinforge export RECORDING.tfrec [--format mcap|csv|tfrec] [-o OUT] [--json]

Exports a recording (\`twinforge run --record\`, or a project's runs/ folder).

Options:
  --format F      mcap: for Foxglove and Lichtblick (topics /tf and /scene, Foxglove's
                  schemas, log time = simulated time); csv: the trajectory table of
                  \`twinforge run --trajectory\`; tfrec: a checked copy.
                  Default: from OUT's extension.
  -o, --out OUT   the file to write (default: RECORDING with the format's extension)
  --json          print the outcome as one JSON object, and nothing else
  -h, --help      show this help

Exit codes: 0 written, 1 the recording could not be read or the file written, 2 bad usage.`;

export interface ExportArgs {
  recording: string;
  format: ExportFormat;
  out: string;
  json: boolean;
}

export function parseExportArgs(argv: string[]): ExportArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError('export needs exactly one RECORDING');
  const recording = resolve(positionals[0]);
  const format = values.format ?? formatOfPath(values.out);
  if (!format) throw new UsageError('say which format: --format mcap, csv or tfrec');
  if (!isFormat(format)) {
    throw new UsageError(`--format is one of ${EXPORT_FORMATS.join(', ')}, not "${format}"`);
  }
  const out = resolve(
    values.out ??
      `${recording.slice(0, recording.length - extname(recording).length)}${EXPORT_EXTENSIONS[format]}`,
  );
  if (out === recording) throw new UsageError('the output would overwrite the recording');
  return { recording, format, out, json: values.json ?? false };
}

/** Runs the command; resolves with the process exit code. */
export async function runExportCommand(argv: string[], env = process.env): Promise<number> {
  const args = parseExportArgs(argv);
  if (args === 'help') {
    console.log(EXPORT_USAGE);
    return 0;
  }
  // The command line's user names any file of theirs: no projects root applies.
  const host = createHost({
    userDataDir: resolveUserDataDir(undefined, env),
    env,
    projectsRoots: null,
  });
  const client = host.connect('cli:export');
  try {
    const result = await client.invoke('recordings.export', {
      path: args.recording,
      format: args.format,
      out: args.out,
    });
    report(args, result);
    return 0;
  } catch (err) {
    const message = (err as Error).message;
    if (args.json) process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    else process.stderr.write(`twinforge export: ${message}\n`);
    return 1;
  } finally {
    await client.close();
    await host.dispose();
  }
}

function report(args: ExportArgs, result: ExportResult): void {
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const out = process.stderr;
  out.write(
    `wrote ${result.path} (${result.format}, ${result.bytes} bytes, ${result.sampleFrames} sample frames)\n`,
  );
  if (result.mcap) {
    out.write(
      `  /tf: ${result.mcap.transforms} FrameTransforms, /scene: ${result.mcap.sceneUpdates} SceneUpdates\n`,
    );
    for (const shape of result.mcap.notDrawn) {
      out.write(`  not drawn: ${shape.shape} (${shape.type}): ${shape.reason}\n`);
    }
  }
}

function formatOfPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const ext = extname(path).toLowerCase();
  return EXPORT_FORMATS.find((f) => EXPORT_EXTENSIONS[f] === ext);
}

function isFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}
