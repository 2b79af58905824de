// `twinforge runtime install|list|remove|use`: the host's runtime manager for admins and
// scripts, with progress on stderr and, with --json, one JSON object on stdout.
import { parseArgs } from 'node:util';
import { formatBytes } from '../common/bytes';
import type { HostClient } from '../common/contract';
import type {
  InstallProgress,
  InstalledRuntime,
  RuntimeOffers,
  RuntimesState,
} from '../common/contract/runtimes';
import { createHost } from '../host/index';
import { InstallCancelledError, RuntimeInstallError } from '../host/runtimes/errors';
import { resolveUserDataDir } from '../host/serve/user-data';
import { UsageError } from './args';

export const RUNTIME_USAGE = `Usage: twinforge runtime <command> [options]

Installs and manages the PyChrono runtimes TwinForge runs scripts with.

Commands:
  install [--from SOURCE] [--name NAME] [--prefix DIR] [--json]
                     install a runtime pack: a .tar.gz with its runtime-pack.json beside it,
                     a folder or runtime-pack.json listing packs, or an http(s) URL of
                     either. Without --from: the runtime mirror setting (or
                     TWINFORGE_RUNTIME_MIRROR), else a pack shipped beside the app.
                     The new runtime is selected once it is checked.
  list [--available] [--json]
                     installed runtimes (* is selected); --available adds the packs of
                     the mirror and those beside the app
  use NAME [--json]  select an installed runtime (an id, or a name when unique)
  remove NAME [--json]
                     delete an installed runtime

Options:
  --from SOURCE      where the pack is (see install)
  --name NAME        which pack of an index (default: the full flavour, else the first)
  --prefix DIR       the runtime's own folder (default: <user data>/runtimes/<name>-<version>);
                     no spaces or accents
  --user-data DIR    the user-data folder (default: TWINFORGE_USER_DATA, else the app's)
  --json             print one JSON object on stdout (progress stays on stderr)
  -h, --help         show this help

Exit codes: 0 done, 1 failed (the message says why), 2 bad usage, 4 cancelled (Ctrl+C).`;

type RuntimeCommand = 'install' | 'list' | 'use' | 'remove';

export interface RuntimeArgs {
  command: RuntimeCommand;
  target: string | null;
  from?: string;
  name?: string;
  prefix?: string;
  userData?: string;
  available: boolean;
  json: boolean;
}

export function parseRuntimeArgs(argv: string[]): RuntimeArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      name: { type: 'string' },
      prefix: { type: 'string' },
      'user-data': { type: 'string' },
      available: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) return 'help';
  const [command, ...rest] = positionals;
  if (!['install', 'list', 'use', 'remove'].includes(command)) {
    throw new UsageError(`unknown runtime command "${command}" (install, list, use, remove)`);
  }
  const needsTarget = command === 'use' || command === 'remove';
  if (needsTarget && rest.length !== 1) throw new UsageError(`runtime ${command} needs one NAME`);
  if (!needsTarget && rest.length > 0) {
    throw new UsageError(
      `runtime ${command} takes no argument "${rest[0]}" (use --from for a pack)`,
    );
  }
  if (command !== 'install' && (values.from || values.prefix || values.name)) {
    throw new UsageError('--from, --name and --prefix belong to runtime install');
  }
  return {
    command: command as RuntimeCommand,
    target: needsTarget ? rest[0] : null,
    from: values.from,
    name: values.name,
    prefix: values.prefix,
    userData: values['user-data'],
    available: values.available ?? false,
    json: values.json ?? false,
  };
}

/** Runs the command; resolves with the process exit code. */
export async function runRuntimeCommand(argv: string[], env = process.env): Promise<number> {
  const args = parseRuntimeArgs(argv);
  if (args === 'help') {
    console.log(RUNTIME_USAGE);
    return 0;
  }
  const host = createHost({ userDataDir: resolveUserDataDir(args.userData, env), env });
  const client = host.connect(`cli:runtime-${args.command}`);
  try {
    switch (args.command) {
      case 'install':
        return await install(client, args);
      case 'list': {
        const state = await client.invoke('runtimes.list', {});
        const offers = args.available ? await client.invoke('runtimes.offers', {}) : null;
        if (args.json) print({ ok: true, ...state, ...(offers ? { available: offers } : {}) });
        else showList(state, offers);
        return 0;
      }
      case 'use': {
        const { state, probe } = await client.invoke('runtimes.use', { id: args.target as string });
        if (args.json) print({ ok: true, ...state, probe });
        else {
          process.stderr.write(
            `Selected ${state.selected}: pychrono ${probe.pychrono}, Python ${probe.pythonVersion}\n`,
          );
          warnOverride(state);
        }
        return 0;
      }
      case 'remove': {
        const state = await client.invoke('runtimes.remove', { id: args.target as string });
        if (args.json) print({ ok: true, ...state });
        else
          process.stderr.write(
            `Removed ${args.target}.${state.selected ? '' : ' No runtime is selected now.'}\n`,
          );
        return 0;
      }
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const cancelled = err instanceof InstallCancelledError;
    if (args.json) {
      print({
        ok: false,
        error: (err as Error).message,
        stage: err instanceof RuntimeInstallError ? err.stage : null,
        cancelled,
      });
    } else {
      process.stderr.write(`\ntwinforge runtime ${args.command}: ${(err as Error).message}\n`);
    }
    return cancelled ? 4 : 1;
  } finally {
    await client.close();
    await host.dispose();
  }
}

async function install(client: HostClient, args: RuntimeArgs): Promise<number> {
  const from = args.from ?? (await defaultSource(client));
  const installId = `cli-${process.pid}`;
  const progress = new InstallProgressLine();
  const off = client.subscribe((name, payload) => {
    if (name === 'runtimes.progress') progress.show(payload as InstallProgress);
  });
  // Ctrl+C cancels: the partial files are removed and the selection stays as it was.
  const cancel = () => void client.invoke('runtimes.cancel', { installId });
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  try {
    const outcome = await client.invoke('runtimes.install', {
      installId,
      from,
      name: args.name,
      prefix: args.prefix,
    });
    progress.done();
    if (args.json) {
      print({
        ok: true,
        installed: outcome.installed,
        runtime: outcome.runtime,
        probe: outcome.probe,
        missingModules: outcome.missingModules,
        selected: outcome.state.selected,
      });
    } else {
      const r = outcome.runtime;
      process.stderr.write(
        `${outcome.installed ? 'Installed' : 'Already installed:'} ${r.id} in ${r.path}\n` +
          `  pychrono ${outcome.probe.pychrono}, Python ${outcome.probe.pythonVersion}\n` +
          `  modules: ${moduleList(r)}\n` +
          (outcome.missingModules.length
            ? `  promised by the pack but not importing here: ${outcome.missingModules.join(', ')}\n`
            : '') +
          `  selected for runs\n`,
      );
      warnOverride(outcome.state);
      if (args.prefix) {
        process.stderr.write(
          `Other users of this machine can use it with TWINFORGE_PYTHON=${r.python}\n`,
        );
      }
    }
    return 0;
  } finally {
    progress.done();
    off();
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

/** Without --from: the mirror, else a pack shipped beside the app. */
async function defaultSource(client: HostClient): Promise<string> {
  const offers = await client.invoke('runtimes.offers', {});
  if (offers.mirror) {
    if (offers.mirror.problem) throw new Error(offers.mirror.problem);
    return offers.mirror.url;
  }
  const local = offers.local.find((o) => o.problem === null);
  if (local) return local.from;
  throw new UsageError(
    'runtime install needs --from FILE|URL: no runtime mirror is set (the Runtime mirror setting or TWINFORGE_RUNTIME_MIRROR) and no pack is shipped beside the app',
  );
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function moduleList(runtime: InstalledRuntime): string {
  const on = Object.entries(runtime.modules)
    .filter(([, ok]) => ok)
    .map(([m]) => m);
  return on.length ? on.join(', ') : 'none';
}

function warnOverride(state: RuntimesState): void {
  const o = state.overriddenBy;
  if (!o) return;
  const by =
    o.source === 'setting'
      ? 'the Python interpreter setting'
      : o.source === 'command line'
        ? '--python'
        : 'TWINFORGE_PYTHON';
  process.stderr.write(
    `Note: ${by} (${o.python}) comes first, so runs use it and not this runtime; clear it to use the runtime.\n`,
  );
}

function showList(state: RuntimesState, offers: RuntimeOffers | null): void {
  const out = process.stdout;
  if (state.runtimes.length === 0)
    out.write(`No runtime installed (runtimes go to ${state.root}).\n`);
  for (const r of state.runtimes) {
    const mark = r.id === state.selected ? '*' : ' ';
    out.write(
      `${mark} ${r.id}  pychrono ${r.pychrono ?? '?'}, Python ${r.pythonVersion ?? '?'}  ${r.path}\n` +
        `    modules: ${moduleList(r)}\n`,
    );
  }
  for (const notice of state.notices) out.write(`note: ${notice}\n`);
  warnOverride(state);
  if (!offers) return;
  const rows = [
    ...(offers.mirror?.offers ?? []).map((o) => ({ ...o, at: `mirror ${offers.mirror?.url}` })),
    ...offers.local.map((o) => ({ ...o, at: o.from })),
  ];
  if (offers.mirror?.problem) out.write(`mirror: ${offers.mirror.problem}\n`);
  if (rows.length === 0) out.write('No packs available (set a runtime mirror, or use --from).\n');
  for (const o of rows) {
    const m = o.manifest;
    out.write(
      `  available: ${m.name}-${m.version} (${m.os}-${m.arch}, ${formatBytes(m.size)}, ${formatBytes(m.unpackedSize)} unpacked) at ${o.at}` +
        `${o.problem ? ` — ${o.problem}` : o.installed ? ' (installed)' : ''}\n`,
    );
  }
}

/** The install's stage and bytes on stderr: redrawn in place on a terminal, else a line
 *  per stage and every few seconds. */
class InstallProgressLine {
  private readonly tty = Boolean(process.stderr.isTTY);
  private stage: string | null = null;
  private lastLine = 0;
  private shown = false;

  show(p: InstallProgress): void {
    const bytes =
      p.totalBytes > 0
        ? `  ${formatBytes(p.bytes)} / ${formatBytes(p.totalBytes)} (${Math.floor((100 * p.bytes) / p.totalBytes)}%)`
        : '';
    if (p.stage !== this.stage) {
      this.stage = p.stage;
      this.clear();
      process.stderr.write(`${p.stage}: ${p.message}\n`);
      this.lastLine = Date.now();
      return;
    }
    if (!bytes) return;
    if (this.tty) {
      process.stderr.write(`\r\x1b[K${bytes}`);
      this.shown = true;
    } else if (Date.now() - this.lastLine > 2000) {
      this.lastLine = Date.now();
      process.stderr.write(`${bytes}\n`);
    }
  }

  done(): void {
    this.clear();
  }

  private clear(): void {
    if (!this.shown) return;
    process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}
