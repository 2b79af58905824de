import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive, removeStaleScratch, scratchPrefix } from './stale-runs';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('scratch folders left by a killed host', () => {
  it('are removed when their host is gone, and only then', async () => {
    root = mkdtempSync(join(tmpdir(), 'tf-stale-'));
    const dead = join(root, `${scratchPrefix(999999)}abc`);
    const live = join(root, `${scratchPrefix(process.pid)}def`);
    const old = join(root, 'twinforge-run-xyz'); // an older host's: no pid to judge by
    for (const dir of [dead, live, old]) mkdirSync(dir);
    writeFileSync(join(dead, 'untitled.py'), 'print(1)');
    // A link named like a scratch folder is not followed.
    const target = mkdtempSync(join(root, 'target-'));
    symlinkSync(target, join(root, `${scratchPrefix(999998)}link`));
    const removed = await removeStaleScratch(root, (pid) => pid === process.pid);
    expect(removed).toEqual([dead]);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(old)).toBe(true);
    expect(existsSync(target)).toBe(true);
  });

  it('are judged by whether the pid lives', () => {
    root = mkdtempSync(join(tmpdir(), 'tf-stale-'));
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(2 ** 22 + 12345)).toBe(false);
  });
});
