// The `twinforge` command line: run a script headlessly, serve the app to a browser,
// install PyChrono runtimes, benchmark the runtime.
import { UsageError } from './args';
import { runBenchCommand } from './bench-command';
import { runRunCommand } from './run-command';
import { runRuntimeCommand } from './runtime-command';
import { runServeCommand } from '../host/serve/serve-command';

const USAGE = `Usage: twinforge <command> [options]

Commands:
  run SCRIPT      run a PyChrono script headlessly (twinforge run --help)
  serve           serve TwinForge to a browser (twinforge serve --help)
  runtime         install and manage PyChrono runtimes (twinforge runtime --help)
  bench runtime   measure the runtime stream's cost (twinforge bench --help)

Options:
  -h, --help      show this help`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runRunCommand(rest);
    case 'serve':
      await runServeCommand(rest);
      return 0;
    case 'bench':
      return runBenchCommand(rest);
    case 'runtime':
      return runRuntimeCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage =
      err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`twinforge: ${(err as Error).message}`);
    if (usage) {
      const command = process.argv[2];
      const known = ['run', 'bench', 'serve', 'runtime'].includes(command);
      console.error(`See \`twinforge ${known ? `${command} ` : ''}--help\`.`);
    }
    process.exitCode = usage ? 2 : 1;
  },
);
