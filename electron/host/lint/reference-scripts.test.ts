// The SimBench reference scripts (and their cleaned copies) are correct 9.0.1 code: the lint must find nothing wrong in
// any of them (read at run time from ../shared; the test is skipped without it).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApiIndex } from '../api-index/api-index-service';
import { fixSource, lintSource } from './lint-source';

const ROOT = resolve(__dirname, '..', '..', '..');
const TASKS = join(ROOT, '..', 'shared', 'simbench', 'tasks');
const INDEX = join(ROOT, 'resources', 'pychrono-api', 'pychrono-9.0.1.json');

function references(): string[] {
  if (!existsSync(TASKS)) return [];
  return readdirSync(TASKS)
    .flatMap((task) =>
      readdirSync(join(TASKS, task))
        .filter((f) => /^(cleaned_)?truth\d*\.py$/.test(f))
        .map((f) => join(TASKS, task, f)),
    )
    .sort();
}

describe.skipIf(references().length === 0)('the lint on the SimBench reference scripts', () => {
  it.each(references().map((f) => [f.slice(TASKS.length + 1), f]))(
    '%s: no problem, nothing to fix',
    async (_name, file) => {
      const index = await loadApiIndex(INDEX);
      const source = readFileSync(file, 'utf8');
      expect(await lintSource(source, index)).toEqual([]);
      expect((await fixSource(source, index)).code).toBe(source);
    },
  );

  it('covers every reference script', () => {
    expect(references().length).toBeGreaterThanOrEqual(114);
  });
});
