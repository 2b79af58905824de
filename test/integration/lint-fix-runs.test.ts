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

/** Runs a script in one of a few lanes of one owner (several answers run at once). */
async function runs(script: string, scriptPath: string, lane: string): Promise<RunSummary> {
  const client = host.connect('test');
  const { runId } = await client.invoke('runtime.start', {
    script,
    scriptPath,
    limits: { simTime: 0.2, wallTime: 30 },
    lane,
  });
  return host.runtime.waitForRun(runId, client);
}

/** Calls `work` on every item, `width` at a time, each worker with a lane of its own. */
async function pool<T>(items: T[], width: number, work: (item: T, lane: string) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async (_, slot) => {
      while (next < items.length) await work(items[next++], `answer-${slot}`);
    }),
  );
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
      const crashes: string[] = [];
      const unexplained: string[] = [];
      // A crash is explained when it names the signal or the script's line it died on.
      const check = (summary: RunSummary, name: string) => {
        if (summary.status !== 'crashed') return;
        const told = `${summary.reason} ${summary.error?.message ?? ''}`;
        crashes.push(name);
        if (!/SIG[A-Z]+|line \d+/.test(told)) unexplained.push(`${name}: ${summary.reason}`);
      };
      // A run costs mostly Python's start: three at once keep the two cores busy.
      await pool(files, 3, async (file, lane) => {
        const source = await readFile(file, 'utf8');
        const name = file.slice(ANSWERS.length + 1);
        const fixed = await fixSource(source, index);
        const given = await runs(source, file, lane);
        check(given, name);
        const wasRunning = ran(given);
        // An answer the fixes leave as it was runs as it did.
        let isRunning = wasRunning;
        if (fixed.code !== source) {
          const afterFix = await runs(fixed.code, file, lane);
          check(afterFix, `${name} (fixed)`);
          isRunning = ran(afterFix);
        }
        if (wasRunning) before++;
        if (isRunning) after++;
        if (isRunning && !wasRunning) nowRunning.push(`${name} (${fixed.applied.length} fixes)`);
        if (wasRunning && !isRunning) broken.push(name);
      });
      console.log(
        `SimBench answers that run with the pychrono double: ${before} of ${files.length} as given, ` +
          `${after} after twinforge fix; ${crashes.length} runs crashed, each with its reason\n` +
          `  now running: ${nowRunning.join(', ') || 'none'}`,
      );
      // No run ends in a crash that says nothing of why.
      expect(unexplained).toEqual([]);
      // A fix that stops a running answer from running would be a wrong fix.
      expect(broken).toEqual([]);
      expect(after).toBeGreaterThanOrEqual(2 * before);
      expect(after).toBeGreaterThan(before);
    }, 1_800_000);
  },
);
