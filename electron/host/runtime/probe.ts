// Asks the interpreter what it has: `python -m twinforge_bridge probe` prints one JSON
// object with the Python and pychrono versions, whether and where pychrono imports (a
// build from source imports with an unknown version), the pychrono modules that import,
// the data path, and the problem (why pychrono cannot be used) if there is one.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import { PYCHRONO_MODULES, type PychronoModule } from '../../common/stream';
import type { PythonProbe } from '../../common/contract/runtime';

export type { PythonProbe };
import type { FoundPython } from './python-discovery';

const PROBE_TIMEOUT_MS = 60_000;

const probeOutput = z.object({
  pythonVersion: z.string().nullable().optional(),
  pychrono: z.string().nullable().optional(),
  pychronoFound: z.boolean().optional(),
  pychronoPath: z.string().nullable().optional(),
  modules: z.record(z.boolean()).optional(),
  dataPath: z.string().nullable().optional(),
  problem: z.string().nullable().optional(),
});

export function noModules(): Record<PychronoModule, boolean> {
  return Object.fromEntries(PYCHRONO_MODULES.map((m) => [m, false])) as Record<
    PychronoModule,
    boolean
  >;
}

/** What the interpreter has (the service adds how runs are confined). */

export function probeWithoutPython(problem: string): PythonProbe {
  return {
    python: null,
    pythonVersion: null,
    source: null,
    pychrono: null,
    pychronoFound: false,
    pychronoPath: null,
    modules: noModules(),
    dataPath: null,
    problem,
  };
}

export async function probePython(
  found: FoundPython,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<PythonProbe> {
  const base = { ...probeWithoutPython(''), python: found.python, source: found.source };
  const { stdout, stderr, error } = await new Promise<{
    stdout: string;
    stderr: string;
    error: Error | null;
  }>((resolve) => {
    execFile(
      found.python,
      ['-m', 'twinforge_bridge', 'probe'],
      { env, cwd: tmpdir(), timeout: PROBE_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, signal },
      (err, out, errOut) => resolve({ stdout: String(out), stderr: String(errOut), error: err }),
    );
  });
  const parsed = lastJsonObject(stdout);
  if (!parsed) {
    const why = lastLines(stderr, 3) || error?.message || 'it printed nothing';
    return { ...base, problem: `The TwinForge bridge did not run with ${found.python}: ${why}` };
  }
  const modules = noModules();
  for (const m of PYCHRONO_MODULES) modules[m] = parsed.modules?.[m] === true;
  return {
    ...base,
    pythonVersion: parsed.pythonVersion ?? null,
    pychrono: parsed.pychrono ?? null,
    pychronoFound: parsed.pychronoFound === true,
    pychronoPath: parsed.pychronoPath ?? null,
    modules,
    dataPath: parsed.dataPath ?? null,
    problem: parsed.problem ?? null,
  };
}

function lastJsonObject(stdout: string): z.infer<typeof probeOutput> | null {
  const lines = stdout.trim().split(/\r?\n/).reverse();
  for (const line of [stdout, ...lines]) {
    try {
      const parsed = probeOutput.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data;
    } catch {
      // a line the script or a module printed
    }
  }
  return null;
}

function lastLines(text: string, n: number): string {
  return text.trim().split(/\r?\n/).slice(-n).join(' ').trim();
}
