// `twinforge run` as a user runs it: the built CLI, the real bridge, the pychrono double.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_SAMPLE } from '../../electron/common/stream';
import { parseRecording } from '../../electron/common/stream-reader';
import { ROOT, SCRIPTS, bridgeChildren, doubleEnv, isAlive, until } from './runtime-helpers';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-cli-int-'));
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
      { cwd: dir, env: doubleEnv(join(dir, 'user-data')), timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const REPORT_KEYS = [
  'status',
  'reason',
  'simTime',
  'wallTime',
  'realtimeFactor',
  'frames',
  'bodies',
  'shapes',
  'upAxis',
  'pychrono',
  'missingModule',
  'error',
  'stdoutTail',
].sort();

describe.skipIf(process.platform === 'win32')('twinforge run', () => {
  it('prints one JSON object for a run that reaches its limit, and exits 0', async () => {
    const r = await twinforge(['run', join(SCRIPTS, 'pendulum.py'), '--sim-time', '0.3', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(Object.keys(report).sort()).toEqual(REPORT_KEYS);
    expect(report).toMatchObject({
      status: 'limit',
      bodies: 2,
      shapes: { box: 1, sphere: 1 },
      upAxis: 'Y',
      pychrono: { version: '9.0.1', modules: { core: true } },
      missingModule: null,
      error: null,
    });
    expect(report.simTime).toBeGreaterThanOrEqual(0.29);
    expect(report.frames).toBeGreaterThan(0);
    expect(report.stdoutTail).toContain('pendulum ready');
  });

  it('reports a script error with its line and exits non-zero', async () => {
    const r = await twinforge(['run', join(SCRIPTS, 'raises.py'), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('error');
    expect(report.error).toMatchObject({ type: 'ZeroDivisionError', line: 9 });
    expect(report.error.traceback).toContain(`File "${join(SCRIPTS, 'raises.py')}", line 9`);
  });

  it('reports a crash with the signal and exits non-zero', async () => {
    const r = await twinforge(['run', join(SCRIPTS, 'segfault.py'), '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('crashed');
    expect(report.reason).toMatch(/SIGSEGV/);
    expect(report.frames).toBeGreaterThan(0);
  });

  it('reports a script that cannot be read, in the same JSON shape', async () => {
    const r = await twinforge(['run', join(dir, 'missing.py'), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).sort()).toEqual(REPORT_KEYS);
    expect(report.status).toBe('error');
    expect(report.reason).toMatch(/cannot read/);
  });

  it('names a missing optional module', async () => {
    await writeFile(join(dir, 'sensor.py'), 'import pychrono\nimport pychrono.sensor as sens\n');
    const r = await twinforge(['run', 'sensor.py', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ status: 'error', missingModule: 'sensor' });
    expect(report.error.line).toBe(2);
  });

  it('refuses a --python that does not exist, in the same JSON shape', async () => {
    const r = await twinforge([
      'run',
      join(SCRIPTS, 'pendulum.py'),
      '--python',
      join(dir, 'nope'),
      '--json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).sort()).toEqual(REPORT_KEYS);
    expect(report.reason).toMatch(/--python .* does not exist/);
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await twinforge(['run', 'a.py', '--sim-time', 'soon'])).code).toBe(2);
    expect((await twinforge(['run'])).code).toBe(2);
    expect((await twinforge(['frobnicate'])).code).toBe(2);
  });

  it('writes the trajectory CSV: one row per body per sample', async () => {
    const csv = join(dir, 'pendulum.csv');
    const r = await twinforge([
      'run',
      join(SCRIPTS, 'pendulum.py'),
      '--sim-time',
      '0.5',
      '--sample-dt',
      '0.1',
      '--trajectory',
      csv,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/limit/);
    const [header, ...rows] = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(header).toBe('time,id,name,x,y,z,qw,qx,qy,qz');
    const parsed = rows.map((line) => line.split(','));
    const names = new Set(parsed.map((p) => p[2]));
    expect(names).toEqual(new Set(['ground', 'bob']));
    const times = [...new Set(parsed.map((p) => Number(p[0])))];
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(parsed.length).toBe(times.length * 2);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeCloseTo(0.1, 5);
    // The fixed ground keeps its pose in every row; the bob falls as it swings.
    const ground = parsed.filter((p) => p[2] === 'ground').map((p) => p.slice(3).join());
    expect(new Set(ground).size).toBe(1);
    const bobY = parsed.filter((p) => p[2] === 'bob').map((p) => Number(p[4]));
    expect(bobY.at(-1)).toBeLessThan(bobY[0]);
    // Every field of a pose row is a number and the quaternion is a unit one.
    for (const p of parsed) {
      const [qw, qx, qy, qz] = p.slice(6).map(Number);
      expect(Math.hypot(qw, qx, qy, qz)).toBeCloseTo(1, 4);
    }
  });

  it('writes the same trajectory twice for one script, in full double precision', async () => {
    const csvs = [join(dir, 'a.csv'), join(dir, 'b.csv')];
    for (const csv of csvs) {
      const args = ['run', join(SCRIPTS, 'pendulum.py'), '--sim-time', '0.3', '--trajectory', csv];
      expect((await twinforge(args)).code).toBe(0);
    }
    const [a, b] = await Promise.all(csvs.map((csv) => readFile(csv, 'utf8')));
    // A script reviewed against itself is 0 apart: its tracks are the same bytes.
    expect(a).toBe(b);
    const values = a
      .trim()
      .split('\n')
      .slice(1)
      .flatMap((line) => line.split(',').slice(3));
    // Chrono's doubles, as %.17g writes them (float32 would never need more than 9 digits).
    const digits = (v: string) => v.replace(/^-?0?\.?0*|e.*$|\./g, '').length;
    expect(Math.max(...values.map(digits))).toBeGreaterThanOrEqual(16);
  });

  it('writes a recording that parseRecording opens', async () => {
    const file = join(dir, 'pendulum.tfrec');
    const r = await twinforge([
      'run',
      join(SCRIPTS, 'pendulum.py'),
      '--sim-time',
      '0.2',
      '--record',
      file,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const messages = parseRecording(new Uint8Array(await readFile(file)));
    const kinds = messages.map((m) => (m.kind === 'json' ? m.message.type : 'frame'));
    expect(kinds.slice(0, 3)).toEqual(['meta', 'hello', 'scene']);
    expect(kinds.at(-1)).toBe('end');
    const meta = messages[0];
    expect(meta.kind === 'json' && meta.message.type === 'meta' && meta.message.script).toBe(
      await readFile(join(SCRIPTS, 'pendulum.py'), 'utf8'),
    );
    const frames = messages.flatMap((m) => (m.kind === 'frame' ? [m.frame] : []));
    expect(frames.length).toBeGreaterThanOrEqual(20); // every 0.01 s over 0.2 s
    expect(frames.every((f) => f.flags & FRAME_SAMPLE)).toBe(true);
  });

  it('stops the run on Ctrl+C and exits 4', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'twinforge.js'), 'run', join(SCRIPTS, 'pendulum.py'), '--sim-time', '1e6'],
      { cwd: dir, env: doubleEnv(join(dir, 'user-data')) },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('pendulum ready')) child.kill('SIGINT');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(4);
    expect(stderr).toMatch(/^stopped: /m);
  });

  it.skipIf(process.platform !== 'linux')(
    'leaves no Python behind when the CLI itself is killed',
    async () => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'bin', 'twinforge.js'),
          'run',
          join(SCRIPTS, 'pendulum.py'),
          '--sim-time',
          '1e6',
        ],
        { cwd: dir, env: doubleEnv(join(dir, 'user-data')) },
      );
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      await until(() => stdout.includes('pendulum ready'), 'the script to start');
      const [bridge] = bridgeChildren(child.pid);
      expect(bridge).toBeGreaterThan(0);
      child.kill('SIGKILL');
      await until(() => !isAlive(bridge), 'the orphaned bridge to die', 10_000);
    },
  );

  it('runs a script given by a relative path, without --json, with a summary', async () => {
    await writeFile(join(dir, 'here.py'), await readFile(join(SCRIPTS, 'falls_and_ends.py')));
    const r = await twinforge(['run', 'here.py']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fell to y = /);
    expect(r.stderr).toMatch(/finished/);
    expect(r.stderr).toMatch(/1 bodies/);
  });
});
