// How runs are held on this machine: found once per host (cgroups, bubblewrap), described
// for the probe and the status bar, and set up for each run.
import type { MemoryLimitMethod, RunConfinement } from '../../common/contract/runtime';
import { detectBubblewrap, type BubblewrapFound } from './bubblewrap';
import { detectCgroups, RunCgroup, type CgroupParents } from './run-cgroup';
import { formatMiB } from './run-tracker';

export interface IsolationSupport {
  platform: NodeJS.Platform;
  cgroups: CgroupParents;
  bubblewrap: BubblewrapFound;
}

/** What the host may use; tests turn features off to exercise the fallbacks. */
export interface IsolationChoices {
  cgroups?: boolean;
  bubblewrap?: boolean;
}

export async function detectIsolation(
  env: NodeJS.ProcessEnv,
  choices: IsolationChoices = {},
  platform: NodeJS.Platform = process.platform,
): Promise<IsolationSupport> {
  const [cgroups, bubblewrap] = await Promise.all([
    choices.cgroups === false
      ? Promise.resolve<CgroupParents>({ v2: null, v1Memory: null, problem: 'turned off' })
      : detectCgroups(),
    choices.bubblewrap === false
      ? Promise.resolve<BubblewrapFound>({ problem: 'bubblewrap is turned off for this host' })
      : detectBubblewrap(env),
  ]);
  return { platform, cgroups, bubblewrap };
}

function memoryMethod(support: IsolationSupport, memoryMiB: number): MemoryLimitMethod {
  if (memoryMiB <= 0 || support.platform === 'win32') return null;
  const { v2, v1Memory } = support.cgroups;
  return v2?.memory || v1Memory ? 'cgroup' : 'rlimit-as';
}

/** What would hold the next run, with a note that says it in words. */
export function describeConfinement(
  support: IsolationSupport,
  confineRuns: boolean,
  memoryMiB: number,
): RunConfinement {
  const bwrap = 'path' in support.bubblewrap ? support.bubblewrap.path : null;
  const active = confineRuns && bwrap !== null;
  const memory = memoryMethod(support, memoryMiB);
  const processes: RunConfinement['processes'] = support.cgroups.v2
    ? 'cgroup'
    : support.platform === 'linux'
      ? 'subreaper'
      : 'process-group';
  const notes: string[] = [];
  if (active) {
    notes.push(
      "Runs are confined with bubblewrap: no network, and the file system is read-only outside the run's own folder.",
    );
  } else {
    const why = !confineRuns
      ? 'confinement is turned off in the settings'
      : (support.bubblewrap as { problem: string }).problem;
    notes.push(
      `Runs are not confined (${why}): a script can use the network and write wherever you can.`,
    );
  }
  if (memory === 'cgroup') {
    const v1 = !support.cgroups.v2?.memory ? ' v1' : '';
    notes.push(
      `Memory: one limit of ${formatMiB(memoryMiB)} for all processes of a run together (cgroup${v1}).`,
    );
  } else if (memory === 'rlimit-as') {
    const why = support.cgroups.problem ? ` (no cgroup: ${support.cgroups.problem})` : '';
    notes.push(
      `Memory: each process of a run may use ${formatMiB(memoryMiB)} of address space (RLIMIT_AS); the processes it starts are counted separately${why}.`,
    );
  } else {
    notes.push(
      support.platform === 'win32'
        ? 'Memory is not limited on Windows.'
        : 'Memory is not limited (the limit is 0).',
    );
  }
  notes.push(
    processes === 'process-group'
      ? 'Processes a run starts in its process group end with it.'
      : `Every process a run starts ends with it (${processes === 'cgroup' ? 'its cgroup' : 'the run guard collects those that leave their session'}).`,
  );
  return { active, method: active ? 'bubblewrap' : null, memory, processes, note: notes.join(' ') };
}

/** What holds one run: its cgroup (if any), bubblewrap (if confined), its memory method. */
export interface RunHolding {
  cgroup: RunCgroup | null;
  /** The bwrap executable when the run is confined, else null. */
  bubblewrap: string | null;
  memory: MemoryLimitMethod;
  memoryMiB: number;
}

export function holdRun(
  support: IsolationSupport,
  name: string,
  memoryMiB: number,
  confine: boolean,
): RunHolding {
  const method = memoryMethod(support, memoryMiB);
  const cgroup =
    support.platform === 'linux'
      ? RunCgroup.create(support.cgroups, name, method === 'cgroup' ? memoryMiB * 1024 * 1024 : 0)
      : null;
  // A cgroup that could not be made after all leaves the per-process limit.
  const memory = method === 'cgroup' && !cgroup?.limitsMemory ? 'rlimit-as' : method;
  const bwrap = 'path' in support.bubblewrap ? support.bubblewrap.path : null;
  return { cgroup, bubblewrap: confine ? bwrap : null, memory, memoryMiB };
}
