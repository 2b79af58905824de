// The issue's own test: the SimBench answers of the open models, run as given and run after
// `twinforge fix` (the same engine, in-process), with the real bridge and the pychrono test
// double. No model is called. The fixes must at least double the answers that run.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../electron/common/contract/runtime';
import { loadApiIndex } from '../../electron/host/api-index/api-index-service';
import { createHost, type Host } from '../../electron/host/index';
import { fixSource } from '../../electron/host/lint/lint-source';
import { ROOT, doubleEnv } from './runtime-helpers';

const ANSWERS = join(ROOT, '..', 'shared', 'simbench', 'model-outputs');
const INDEX = join(ROOT, 'resources', 'pychrono-api', 'pychrono-9.0.1.json');

/** Every cleaned answer: model-outputs/<model>/<task>/<nth>_cleaned_response.py. */
function answers(): string[] {
  if (!existsSync(ANSWERS)) return [];
  return readdirSync(ANSWERS)
    .flatMap((model) => readdirSync(join(ANSWERS, model)).map((task) => join(ANSWERS, model, task)))
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('_cleaned_response.py'))
        .map((f) => join(dir, f)),
    )
    .sort();
}

let dir: string;
let host: Host;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-lint-runs-'));
  host = createHost({ userDataDir: dir, env: doubleEnv(dir) });
});
afterAll(async () => {
  await host?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** A run that finished or reached its limit: the script ran. */
async function runs(script: string, scriptPath: string): Promise<RunSummary> {
  const { runId } = await host.invoke('runtime.start', {
    script,
    scriptPath,
    limits: { simTime: 0.5, wallTime: 30 },
  });
  return host.runtime.waitForRun(runId);
}

const ran = (s: RunSummary) => s.status === 'finished' || s.status === 'limit';

describe.skipIf(process.platform === 'win32' || answers().length === 0)(
  'twinforge fix on the SimBench answers',
  () => {
    it('at least doubles the answers that run with the pychrono double', async () => {
      const index = await loadApiIndex(INDEX);
      const files = answers();
      let before = 0;
      let after = 0;
      const nowRunning: string[] = [];
      const broken: string[] = [];
      for (const file of files) {
        const source = await readFile(file, 'utf8');
        const fixed = await fixSource(source, index);
        const wasRunning = ran(await runs(source, file));
        const isRunning = fixed.code === source ? wasRunning : ran(await runs(fixed.code, file));
        if (wasRunning) before++;
        if (isRunning) after++;
        const name = file.slice(ANSWERS.length + 1);
        if (isRunning && !wasRunning) nowRunning.push(`${name} (${fixed.applied.length} fixes)`);
        if (wasRunning && !isRunning) broken.push(name);
      }
      console.log(
        `SimBench answers that run with the pychrono double: ${before} of ${files.length} as given, ` +
          `${after} after twinforge fix\n  now running: ${nowRunning.join(', ') || 'none'}`,
      );
      // A fix that stops a running answer from running would be a wrong fix.
      expect(broken).toEqual([]);
      expect(after).toBeGreaterThanOrEqual(2 * before);
      expect(after).toBeGreaterThan(before);
    }, 1_800_000);
  },
);
