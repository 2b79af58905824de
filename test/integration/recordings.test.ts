// A run started with a project id is recorded into the project (the real bridge, the
// pychrono double), and `twinforge export` (the built CLI) turns the recording into an MCAP
// that @mcap/core's reader accepts.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameTransforms } from '@foxglove/schemas';
import { McapIndexedReader, TempBuffer } from '@mcap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostClient } from '../../electron/common/contract';
import type { RunEntry } from '../../electron/common/contract/projects';
import { createHost, type Host } from '../../electron/host/index';
import { parseRecording } from '../../electron/host/recordings/recording-format';
import { ROOT, SCRIPTS, doubleEnv } from './runtime-helpers';

let dir: string;
let host: Host;
let client: HostClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-recordings-int-'));
  await mkdir(join(dir, 'home'));
  host = createHost({
    userDataDir: join(dir, 'user'),
    env: doubleEnv(join(dir, 'user')),
    projectsRoots: [join(dir, 'home')],
  });
  client = host.connect('window:1');
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
}, 120_000);
afterAll(async () => {
  await host.dispose();
  await rm(dir, { recursive: true, force: true });
});

function twinforge(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'twinforge.js'), ...args],
      { cwd: dir, env: doubleEnv(join(dir, 'cli-user')), timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(process.platform !== 'linux')('recordings of runs', () => {
  it('records a run of a project into its runs/ and exports it as MCAP', async () => {
    const fresh = await client.invoke('projects.new', {});
    const folder = join(dir, 'home', 'pendulum.twinforge');
    const saved = await client.invoke('projects.saveAs', {
      projectId: fresh.project.projectId,
      path: folder,
      snapshot: { script: 'x\n' },
    });
    if (saved.status !== 'saved') throw new Error('the project was not saved');
    const { projectId } = saved.project;

    const script = await readFile(join(SCRIPTS, 'pendulum.py'), 'utf8');
    const { runId } = await client.invoke('runtime.start', {
      script,
      scriptPath: join(SCRIPTS, 'pendulum.py'),
      limits: { simTime: 0.5, sampleDt: 0.01 },
      projectId,
    });
    const summary = await host.runtime.waitForRun(runId, client);
    expect(summary.status).toBe('limit');
    await host.recorder.idle();

    const file = join(folder, 'runs', `${runId}.tfrec`);
    const messages = parseRecording(await readFile(file));
    const sampleFrames = messages.filter((m) => m.kind === 'frame').length;
    expect(sampleFrames).toBeGreaterThanOrEqual(49);
    const meta = messages.find((m) => m.kind === 'json' && m.message.type === 'meta');
    expect(meta).toMatchObject({ message: { script, twinforge: expect.any(String) } });

    const index = JSON.parse(await readFile(join(folder, 'project.json'), 'utf8')) as {
      runs: RunEntry[];
    };
    expect(index.runs).toEqual([
      {
        runId,
        lane: 'twin',
        file: `${runId}.tfrec`,
        startedAt: expect.any(String),
        summary: expect.objectContaining({ status: 'limit', bodies: 2, error: null }),
      },
    ]);
    const { runs } = await client.invoke('recordings.list', { projectId });
    expect(runs).toMatchObject([{ runId, active: false, bytes: (await stat(file)).size }]);

    const out = join(dir, 'pendulum.mcap');
    const r = await twinforge(['export', file, '--format', 'mcap', '-o', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'mcap', path: out, sampleFrames });

    const bytes = await readFile(out);
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
    expect([...reader.channelsById.values()].map((c) => c.topic)).toEqual(['/tf', '/scene']);
    const tf: FrameTransforms[] = [];
    for await (const m of reader.readMessages({ topics: ['/tf'] })) {
      tf.push(JSON.parse(new TextDecoder().decode(m.data)) as FrameTransforms);
    }
    expect(tf).toHaveLength(sampleFrames);
    // The pendulum's two bodies, each in its own frame posed from world.
    expect(tf[0].transforms).toHaveLength(2);
    expect(tf[0].transforms.every((t) => t.parent_frame_id === 'world')).toBe(true);
  }, 120_000);

  it('says clearly when the file is not a recording', async () => {
    const r = await twinforge(['export', join(SCRIPTS, 'pendulum.py'), '-o', join(dir, 'x.mcap')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pendulum\.py is not a TwinForge recording/);
    const usage = await twinforge(['export', join(SCRIPTS, 'pendulum.py')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/say which format/);
  }, 60_000);
});
