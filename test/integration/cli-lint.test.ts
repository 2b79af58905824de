// `twinforge lint` and `twinforge fix` as a user runs them: the built CLI, the bundled index.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './runtime-helpers';

let dir: string;

const OLD = [
  'import pychrono as chrono',
  'sys = chrono.ChSystemNSC()',
  'sys.Set_G_acc(chrono.ChVectorD(0, -9.81, 0))',
  'body = chrono.ChBodyEasyBox(1, 1, 1, 1000)',
  'body.SetBodyFixd(True)',
  '',
].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-cli-lint-'));
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function twinforge(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'twinforge.js'), ...args],
      { cwd: dir, env: { ...process.env, TWINFORGE_USER_DATA: join(dir, 'user-data') } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('twinforge lint and fix', () => {
  it('lint lists each problem with its place and fix, and exits 1', async () => {
    await writeFile(join(dir, 'old.py'), OLD);
    const r = await twinforge(['lint', 'old.py']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'old.py:3:5: error renamed: `ChSystemNSC.Set_G_acc` was renamed `SetGravitationalAcceleration` in Chrono 9.0 [fix: Rename to SetGravitationalAcceleration]',
    );
    expect(r.stdout).toContain('old.py:3:22: error renamed: `ChVectorD` was renamed `ChVector3d`');
    expect(r.stdout).toMatch(
      /old.py:5:6: error unknown-member: .*did you mean `SetFixed`.*\[suggestion: Change to SetFixed\]/,
    );
    expect(r.stdout).toMatch(/3 problems, 2 with a safe fix/);
  });

  it('lint --json gives the problems in the documented shape; a clean script exits 0', async () => {
    await writeFile(join(dir, 'old.py'), OLD);
    const r = await twinforge(['lint', 'old.py', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.index).toEqual({ source: 'bundled', pychrono_version: '9.0.1' });
    expect(report.problems[0]).toMatchObject({
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 14,
      code: 'renamed',
      severity: 'error',
      fix: { title: 'Rename to SetGravitationalAcceleration', safe: true },
    });
    await writeFile(join(dir, 'clean.py'), 'import pychrono as chrono\nchrono.ChSystemNSC()\n');
    const clean = await twinforge(['lint', 'clean.py']);
    expect(clean.code).toBe(0);
    expect(clean.stdout.trim()).toBe('No problems.');
  });

  it('fix applies the safe fixes only, prints them, and writes where told', async () => {
    await writeFile(join(dir, 'old.py'), OLD);
    const r = await twinforge(['fix', 'old.py', '-o', 'fixed.py']);
    expect(r.code).toBe(1); // the misspelling is left for the user
    expect(r.stdout).toMatch(/old.py:3:5: Rename to SetGravitationalAcceleration/);
    expect(r.stdout).toMatch(/2 fixes applied; wrote .*fixed.py/);
    const fixed = await readFile(join(dir, 'fixed.py'), 'utf8');
    expect(fixed).toContain('sys.SetGravitationalAcceleration(chrono.ChVector3d(0, -9.81, 0))');
    expect(fixed).toContain('body.SetBodyFixd(True)');
    expect(await readFile(join(dir, 'old.py'), 'utf8')).toBe(OLD);
  });

  it('fix without -o rewrites the file; -o - prints it; --json reports', async () => {
    await writeFile(join(dir, 'inplace.py'), OLD);
    await twinforge(['fix', 'inplace.py']);
    expect(await readFile(join(dir, 'inplace.py'), 'utf8')).toContain('ChVector3d');
    await writeFile(join(dir, 'old.py'), OLD);
    const out = await twinforge(['fix', 'old.py', '-o', '-', '--json']);
    expect(out.stdout).toContain('SetGravitationalAcceleration');
    const report = JSON.parse(out.stderr);
    expect(report.applied).toHaveLength(2);
    expect(report.remaining).toHaveLength(1);
  });

  it('refuses bad usage and unreadable files with exit code 2', async () => {
    expect((await twinforge(['lint'])).code).toBe(2);
    const missing = await twinforge(['fix', 'nope.py']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope.py/);
  });
});
