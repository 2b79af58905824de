// `twinforge lint FILE` and `twinforge fix FILE`: the editor's PyChrono lint on the command
// line. Both check the script against the API index the app uses (the installed pychrono's
// when the probe has one, else the bundled 9.0.1 index) or one given with --index.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ApiIndex } from '../common/contract/api-index';
import type { FixRun } from '../common/lint/fixes';
import type { LintProblem } from '../common/lint/problem';
import { loadApiIndex } from '../host/api-index/api-index-service';
import { createHost } from '../host/index';
import { fixSource, lintSource } from '../host/lint/lint-source';
import { resolveUserDataDir } from '../host/serve/user-data';
import { UsageError } from './args';

export const LINT_USAGE = `Usage: twinforge lint FILE [options]

Checks every PyChrono name the script uses against the API index: old names with their
9.0 successors, names taken from the wrong module, misspellings with the closest names.

Options:
  --index FILE   the API index to check against (default: the installed pychrono's,
                 else the bundled 9.0.1 index)
  --json         print one JSON object: { file, index, problems }
  -h, --help     show this help

Exit codes: 0 no problems, 1 problems found, 2 bad usage or unreadable file.`;

export const FIX_USAGE = `Usage: twinforge fix FILE [options]

Applies the safe fixes of \`twinforge lint\` (exact renames from Chrono's rename tables and
names that exist in exactly one other module), linting again until none is left, and
prints each change. Spelling guesses are never applied: \`twinforge lint\` lists them.

Options:
  -o, --output FILE   write the fixed script there (- for standard output) instead of
                      over FILE
  --index FILE        the API index to check against (as for lint)
  --json              print one JSON object: { file, output, applied, remaining }
  -h, --help          show this help

Exit codes: 0 nothing left to fix, 1 problems remain, 2 bad usage or unreadable file.`;

interface Common {
  file: string;
  index?: string;
  json: boolean;
}

function parse(argv: string[], command: 'lint' | 'fix') {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      index: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...(command === 'fix' ? { output: { type: 'string' as const, short: 'o' } } : {}),
    },
  });
  if (values.help) return 'help' as const;
  if (positionals.length !== 1) throw new UsageError(`${command} needs exactly one FILE`);
  return {
    file: positionals[0],
    index: values.index as string | undefined,
    json: (values.json as boolean | undefined) ?? false,
    output: values.output as string | undefined,
  };
}

async function indexFor(args: Common, env: NodeJS.ProcessEnv): Promise<ApiIndex> {
  if (args.index) return loadApiIndex(resolve(args.index));
  const host = createHost({ userDataDir: resolveUserDataDir(undefined, env), env });
  try {
    return await host.apiIndex.current();
  } finally {
    await host.dispose();
  }
}

async function readScript(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

export async function runLintCommand(argv: string[], env = process.env): Promise<number> {
  const args = parse(argv, 'lint');
  if (args === 'help') {
    console.log(LINT_USAGE);
    return 0;
  }
  const file = resolve(args.file);
  const source = await readScript(file);
  const index = await indexFor(args, env);
  const problems = await lintSource(source, index);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ file, index: describeIndex(index), problems })}\n`);
  } else {
    for (const p of problems) console.log(formatProblem(args.file, p));
    console.log(summary(problems));
  }
  return problems.length === 0 ? 0 : 1;
}

export async function runFixCommand(argv: string[], env = process.env): Promise<number> {
  const args = parse(argv, 'fix');
  if (args === 'help') {
    console.log(FIX_USAGE);
    return 0;
  }
  const file = resolve(args.file);
  const source = await readScript(file);
  const index = await indexFor(args, env);
  const run = await fixSource(source, index);
  const toStdout = args.output === '-';
  const output = toStdout ? null : resolve(args.output ?? args.file);
  if (toStdout) process.stdout.write(run.code);
  else if (output && (run.code !== source || output !== file))
    await writeAtomically(output, run.code);
  if (args.json) {
    const report = { file, output, applied: run.applied, remaining: run.remaining };
    // With the script on standard output, the report goes to standard error.
    (toStdout ? process.stderr : process.stdout).write(`${JSON.stringify(report)}\n`);
  } else {
    printFixes(args.file, output, run, toStdout ? console.error : console.log);
  }
  return run.remaining.length === 0 ? 0 : 1;
}

function printFixes(
  shown: string,
  output: string | null,
  run: FixRun,
  print: (line: string) => void,
): void {
  for (const p of run.applied) {
    print(`${shown}:${p.line}:${p.column}: ${p.fix?.title} (${p.code}: ${p.message})`);
  }
  const changes = `${run.applied.length} ${run.applied.length === 1 ? 'fix' : 'fixes'} applied`;
  print(output ? `${changes}; wrote ${output}` : changes);
  if (run.remaining.length > 0) {
    print(`${summary(run.remaining)} left (see twinforge lint):`);
    for (const p of run.remaining) print(`  ${formatProblem(shown, p)}`);
  }
}

function formatProblem(file: string, p: LintProblem): string {
  const fix = p.fix ? ` [${p.fix.safe ? 'fix' : 'suggestion'}: ${p.fix.title}]` : '';
  return `${file}:${p.line}:${p.column}: ${p.severity} ${p.code}: ${p.message}${fix}`;
}

function summary(problems: LintProblem[]): string {
  if (problems.length === 0) return 'No problems.';
  const safe = problems.filter((p) => p.fix?.safe).length;
  const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
  return safe > 0 ? `${count}, ${safe} with a safe fix (twinforge fix applies them)` : count;
}

function describeIndex(index: ApiIndex) {
  return { source: index.source, pychrono_version: index.pychrono_version };
}

/** Writes through a unique temporary file beside the target, so a crash leaves one or the other. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
