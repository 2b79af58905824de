// The `twinforge` command line: run, repair or generate a script headlessly, review it
// against a reference, evaluate models on a task set, lint and fix a script's PyChrono names, export a recording, serve
// the app to a browser, install PyChrono runtimes, benchmark the runtime.
import { UsageError } from './args';
import { runBenchCommand } from './bench-command';
import { runEvalCommand } from './eval-command';
import { runExportCommand } from './export-command';
import { runFixCommand, runLintCommand } from './lint-command';
import { runRepairCommand } from './repair-command';
import { runReviewCommand } from './review-command';
import { runRunCommand } from './run-command';
import { runRuntimeCommand } from './runtime-command';
import { runServeCommand } from '../host/serve/serve-command';

const USAGE = `Usage: twinforge <command> [options]

Commands:
  run SCRIPT      run a PyChrono script headlessly (twinforge run --help)
  repair SCRIPT   run it and let the model fix it until it runs (twinforge repair --help)
  generate PROMPT have the model write a script, then run and repair it
  export REC      export a .tfrec recording as MCAP, CSV or .tfrec (twinforge export --help)
  review TWIN REFERENCE  hold a twin against a reference script (twinforge review --help)
  eval TASKS_DIR  evaluate local models on a task set (twinforge eval --help)
  serve           serve TwinForge to a browser (twinforge serve --help)
  lint FILE       check a script's PyChrono names (twinforge lint --help)
  fix FILE        apply the lint's safe fixes (twinforge fix --help)
  runtime         install and manage PyChrono runtimes (twinforge runtime --help)
  bench runtime   measure the runtime stream's cost (twinforge bench --help)

Options:
  -h, --help      show this help`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runRunCommand(rest);
    case 'repair':
    case 'generate':
      return runRepairCommand(command, rest);
    case 'export':
      return runExportCommand(rest);
    case 'review':
      return runReviewCommand(rest);
    case 'eval':
      return runEvalCommand(rest);
    case 'serve':
      await runServeCommand(rest);
      return 0;
    case 'bench':
      return runBenchCommand(rest);
    case 'lint':
      return runLintCommand(rest);
    case 'fix':
      return runFixCommand(rest);
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
      const known = [
        'run',
        'bench',
        'serve',
        'repair',
        'generate',
        'lint',
        'fix',
        'runtime',
        'export',
        'review',
        'eval',
      ];
      const isKnown = known.includes(command ?? '');
      console.error(`See \`twinforge ${isKnown ? `${command} ` : ''}--help\`.`);
    }
    process.exitCode = usage ? 2 : 1;
  },
);
