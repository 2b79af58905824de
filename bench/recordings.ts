// The recordings benchmark's program (bundled and run by bundle.mjs): a synthetic
// recording of 10, 100 and 500 bodies × 3000 sample frames, exported as MCAP and CSV (ms, MB/s of the
// .tfrec read), and handed to a WebSocket client of serve's real transport two ways: as
// `recordings.bytes` binary events (what the app does) and, for comparison, as one base64
// string in a JSON result (what a plain JSON contract would do). Figures only.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { exportRecordingToBytes } from '../electron/host/recordings/recording-export';
import { writeFrame } from '../electron/host/recordings/recording-format';
import { RecordingWriter } from '../electron/host/recordings/recording-writer';
import { createHost } from '../electron/host/index';
import { attachHostToSocket } from '../electron/host/serve/ws-bridge';
import { decodeBinaryEvent } from '../electron/common/wire';
import {
  FRAME_SAMPLE,
  POSE_STRIDE,
  decodeFrame,
  encodeFrame,
  type SceneItem,
} from '../electron/common/stream';

const FRAMES = 3000;

async function syntheticRecording(path: string, bodies: number): Promise<void> {
  const writer = new RecordingWriter(path, { script: '', scriptPath: null, twinforge: 'bench' });
  const items: SceneItem[] = Array.from({ length: bodies }, (_, k) => ({
    key: k + 1,
    id: k + 1,
    name: `body${k}`,
    kind: 'body',
    fixed: false,
    clones: 0,
    shapes: [
      {
        type: 'box',
        lengths: [0.1, 0.1, 0.1],
        frame: { pos: [0, 0, 0], rot: [1, 0, 0, 0] },
        color: [0.5, 0.5, 0.5],
        opacity: 1,
        texture: null,
      },
    ],
  }));
  writer.message({
    type: 'scene',
    full: true,
    upAxis: 'Z',
    camera: null,
    add: items,
    remove: [],
    meshes: {},
  });
  const keys = Uint32Array.from(items, (i) => i.key);
  const poses = new Float32Array(bodies * POSE_STRIDE);
  for (let f = 0; f < FRAMES; f++) {
    for (let k = 0; k < bodies; k++) poses.set([k, 0, f * 0.001, 1, 0, 0, 0], k * POSE_STRIDE);
    const payload = encodeFrame({
      simTime: f * 0.01,
      flags: FRAME_SAMPLE,
      keys,
      poses,
      extras: [],
    });
    writeFrame(writer, payload, decodeFrame(payload));
  }
  await writer.close();
}

async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await task();
  return { ms: performance.now() - start, value };
}

const mb = (bytes: number) => bytes / 1e6;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-bench-recordings-'));
  const host = createHost({ userDataDir: join(dir, 'user'), projectsRoots: [dir] });
  const cli = host.connect('bench');
  const fresh = await cli.invoke('projects.new', {});
  const saved = await cli.invoke('projects.saveAs', {
    projectId: fresh.project.projectId,
    path: join(dir, 'bench'),
    snapshot: { script: '' },
  });
  if (saved.status !== 'saved') throw new Error('no project');
  const projectId = saved.project.projectId;
  const runs = await host.projects.runsFolder(projectId);

  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => attachHostToSocket(socket, host, 'ws:bench'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  socket.binaryType = 'arraybuffer';
  await new Promise((r) => socket.once('open', r));

  console.log(
    'bodies  tfrec MB  mcap ms  mcap MB  csv ms  csv MB  ws binary ms (MB/s)  ws base64-JSON ms (MB/s)',
  );
  for (const bodies of [10, 100, 500]) {
    const runId = `bench-${bodies}`;
    const path = join(runs, `${runId}.tfrec`);
    await syntheticRecording(path, bodies);
    await host.projects.recordRun(projectId, {
      runId,
      lane: 'twin',
      file: `${runId}.tfrec`,
      startedAt: new Date().toISOString(),
      summary: null,
    });
    const size = (await stat(path)).size;
    const recording = await readFile(path);
    const mcap = await timed(() =>
      exportRecordingToBytes(recording, runId, 'mcap', { twinforge: 'bench' }),
    );
    const csv = await timed(() =>
      exportRecordingToBytes(recording, runId, 'csv', { twinforge: 'bench' }),
    );

    // The app's way: recordings.read, bytes as binary events.
    const binary = await timed(
      () =>
        new Promise<number>((resolve) => {
          let received = 0;
          const onMessage = (data: ArrayBuffer | string, isBinary: boolean) => {
            if (!isBinary) return;
            const event = decodeBinaryEvent(data as ArrayBuffer);
            const chunk = event.payload as { data: Uint8Array; total: number };
            received += chunk.data.byteLength;
            if (received >= chunk.total) {
              socket.off('message', onMessage);
              resolve(received);
            }
          };
          socket.on('message', onMessage);
          socket.send(
            JSON.stringify({
              t: 'invoke',
              id: bodies,
              method: 'recordings.read',
              params: { projectId, runId, transferId: runId },
            }),
          );
        }),
    );

    // For comparison: the same bytes as base64 in one JSON text message, decoded on arrival.
    const base64 = await timed(async () => {
      const text = JSON.stringify({ t: 'result', id: 0, result: recording.toString('base64') });
      const echo = new WebSocketServer({ port: 0 });
      await new Promise((r) => echo.once('listening', r));
      const echoPort = (echo.address() as { port: number }).port;
      echo.on('connection', (s) => s.send(text));
      const client = new WebSocket(`ws://127.0.0.1:${echoPort}`, { maxPayload: 2 ** 31 });
      const bytes = await new Promise<number>((resolve) =>
        client.once('message', (data) => {
          const message = JSON.parse(String(data)) as { result: string };
          resolve(Buffer.from(message.result, 'base64').byteLength);
        }),
      );
      client.close();
      echo.close();
      return bytes;
    });

    console.log(
      [
        String(bodies).padStart(6),
        mb(size).toFixed(1).padStart(9),
        mcap.ms.toFixed(0).padStart(8),
        mb(mcap.value.bytes.byteLength).toFixed(1).padStart(8),
        csv.ms.toFixed(0).padStart(7),
        mb(csv.value.bytes.byteLength).toFixed(1).padStart(7),
        `${binary.ms.toFixed(0)} (${(mb(size) / (binary.ms / 1000)).toFixed(0)})`.padStart(20),
        `${base64.ms.toFixed(0)} (${(mb(size) / (base64.ms / 1000)).toFixed(0)})`.padStart(25),
      ].join(' '),
    );
  }
  socket.close();
  wss.close();
  server.close();
  await cli.close();
  await host.dispose();
  await rm(dir, { recursive: true, force: true });
}

void main();
