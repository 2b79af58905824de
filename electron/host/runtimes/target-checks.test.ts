import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkTarget, isInside, pathProblem } from './target-checks';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-target-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('pathProblem', () => {
  it('accepts plain absolute paths', () => {
    expect(pathProblem('/home/ada/.config/TwinForge/runtimes/pychrono-full-9.0.1')).toBeNull();
    expect(pathProblem('C:\\TwinForge\\runtimes\\pychrono-full-9.0.1')).toBe(
      process.platform === 'win32'
        ? null
        : 'C:\\TwinForge\\runtimes\\pychrono-full-9.0.1 is not an absolute path.',
    );
  });

  it('refuses spaces and accents, saying what to choose instead', () => {
    expect(pathProblem('/Users/Ada Lovelace/runtimes')).toMatch(
      /has a space, which conda environments cannot live under\. Choose a folder without spaces or accents/,
    );
    expect(pathProblem('/home/zoë/runtimes')).toMatch(/characters other than plain ASCII/);
  });
});

describe('isInside', () => {
  it('tells inside from beside, case-insensitively on Windows and macOS', () => {
    expect(isInside('/opt/app/resources/x', '/opt/app')).toBe(true);
    expect(isInside('/opt/app', '/opt/app')).toBe(true);
    expect(isInside('/opt/application', '/opt/app')).toBe(false);
    expect(isInside('/Opt/App/x', '/opt/app', 'darwin')).toBe(true);
    expect(isInside('/Opt/App/x', '/opt/app', 'linux')).toBe(false);
  });
});

describe('checkTarget', () => {
  const base = () => ({
    target: join(dir, 'runtimes', 'pychrono-full-9.0.1'),
    appDir: join(dir, 'app'),
    neededBytes: 1000,
    neededText: '1 KB unpacked',
  });

  it('passes a writable folder with room, and reports the free space', async () => {
    expect(await checkTarget(base())).toBeGreaterThan(0);
  });

  it('refuses a folder inside the application', async () => {
    await expect(checkTarget({ ...base(), target: join(dir, 'app', 'runtime') })).rejects.toThrow(
      /is inside the application's folder .* which an update replaces/,
    );
  });

  it('refuses when the disk has less room than the pack needs', async () => {
    await expect(
      checkTarget({ ...base(), neededBytes: 1e18, neededText: '1 EB unpacked' }),
    ).rejects.toThrow(
      /Not enough free space in .*: the runtime needs .* \(1 EB unpacked, plus 67\.1 MB to spare\) and .* are free/,
    );
  });

  it('refuses a target that is a file', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');
    await expect(checkTarget({ ...base(), target: file })).rejects.toThrow(/is not a folder/);
  });

  it('refuses a parent it cannot create', async () => {
    const file = join(dir, 'file');
    await writeFile(file, '');
    await expect(checkTarget({ ...base(), target: join(file, 'sub', 'env') })).rejects.toThrow(
      /Cannot write to .* choose a folder you can write to/,
    );
  });
});
