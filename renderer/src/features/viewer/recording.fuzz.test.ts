// Fuzzing the recording loader: thousands of recordings, each a seeded mutation of a small
// valid one (bytes flipped, counts and lengths set to extreme values, cut short, slices
// moved, JSON fields replaced by values of the wrong type or size, frame headers bent). A
// file is either refused with a StreamError that says why, or opened; an opened file is
// shown in a SceneContent, seeked through, and shown again in a view mounted afterwards,
// without anything throwing. A hang fails the test by its timeout. Seeds are fixed: a
// failure names the file's number, and the same number gives the same file.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EXTRA_GRID,
  EXTRA_HEIGHTS,
  FRAME_DISPLAY,
  KIND_FRAME,
  KIND_JSON,
  RECORDING_MAGIC,
  StreamError,
  encodeFrame,
  encodeJsonMessage,
  frameMessage,
  recordingMagic,
  type JsonMessage,
  type Shape,
} from '../../../../electron/common/stream';
import { parseRecording } from '../../../../electron/common/stream-reader';
import { FIXTURES } from '../../../../test/fixtures/streams/generate';
import { SceneContent } from '../../scene/scene-content';
import { body, scene as sceneMessage, shape } from '../../testing/test-scenes';
import { openRecording } from './recording';
import { ViewerSession } from './viewer-session';

const FILES = 2400;
const FRAMES_PER_SEED = 6;

type Rng = () => number;

/** mulberry32: a small, well-mixed 32-bit generator. */
function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)];

/** Values at the edges: counts that overflow, wrap or just pass a cap, and wrong types. */
const EDGE_NUMBERS = [
  0,
  1,
  -1,
  2,
  3,
  255,
  256,
  4097,
  65_536,
  1_000_001,
  2 ** 22 + 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  0.5,
  -0.5,
  1e300,
  -1e300,
  Number.MAX_SAFE_INTEGER,
];
const EDGE_VALUES: unknown[] = [
  ...EDGE_NUMBERS,
  null,
  true,
  '',
  'x',
  'heightfield',
  [],
  [0],
  [0, 0],
  {},
  { type: 'box' },
];

/** The messages of a recording as framed byte slices (the magic left out). */
function split(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = RECORDING_MAGIC.byteLength;
  while (at + 5 <= bytes.byteLength) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + at).getUint32(0, true);
    out.push(bytes.subarray(at, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

function join(magic: Uint8Array, parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(magic.byteLength + parts.reduce((n, p) => n + p.byteLength, 0));
  out.set(magic);
  let at = magic.byteLength;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A fixture cut to its JSON messages and first frames: small enough to fuzz thousands of. */
function trimmed(bytes: Uint8Array): Uint8Array {
  let frames = 0;
  return join(
    RECORDING_MAGIC,
    split(bytes).filter((m) => m[4] === KIND_JSON || frames++ < FRAMES_PER_SEED),
  );
}

/** A terrain with heights from the start (a GRID extra) and a display-only frame of ruts. */
function terrainSeed(): Uint8Array {
  const field = {
    type: 'heightfield',
    nx: 5,
    ny: 4,
    dx: 0.5,
    dy: 0.5,
    origin: [0, 0, 0],
    flatHeight: null,
  };
  const soil = shape(field as Parameters<typeof shape>[0], { color: [0.6, 0.5, 0.4] });
  const scene = sceneMessage([body(2, [soil], { name: 'soil', kind: 'other' })], {
    upAxis: 'Z',
  }) as unknown as JsonMessage;
  const grid = Float32Array.from({ length: 20 }, (_, k) => -0.01 * k);
  const pose = Float64Array.of(0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
  const frame = (
    simTime: number,
    flags: number,
    extras: { key: number; kind: number; data: Float32Array }[],
  ) =>
    frameMessage(
      KIND_FRAME,
      encodeFrame({
        simTime,
        flags,
        keys: Uint32Array.of(2),
        poses: flags & 4 ? pose : Float32Array.from(pose),
        extras,
      }),
    );
  return join(RECORDING_MAGIC, [
    encodeJsonMessage(scene),
    frame(0, 7, [{ key: 512, kind: EXTRA_GRID, data: grid }]),
    frame(0.05, FRAME_DISPLAY, [{ key: 512, kind: EXTRA_HEIGHTS, data: Float32Array.of(7, -0.3) }]),
    frame(0.1, 6, [{ key: 512, kind: EXTRA_HEIGHTS, data: Float32Array.of(8, -0.2) }]),
    encodeJsonMessage({ type: 'end', status: 'finished', reason: 'done', simTime: 0.1, steps: 10 }),
  ]);
}

/** A recording of format 1: heights in the scene's JSON, float32 frames. */
function formatOneSeed(): Uint8Array {
  // Format 1 carried the heights as JSON numbers, which today's Shape type no longer has.
  const soil = {
    ...shape(
      { type: 'heightfield', nx: 3, ny: 3, dx: 1, dy: 1, origin: [0, 0, 0] } as Parameters<
        typeof shape
      >[0],
      { color: [1, 1, 1] },
    ),
    heights: [0, 0, 0, 0, -0.1, 0, 0, 0, 0],
  } as unknown as Shape;
  const text = new TextEncoder().encode(
    JSON.stringify(
      sceneMessage([body(2, [soil], { name: 'soil', kind: 'other', fixed: true })], {
        upAxis: 'Z',
      }),
    ),
  );
  const frame = encodeFrame({
    simTime: 0,
    flags: 3,
    keys: Uint32Array.of(2),
    poses: Float32Array.of(0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    extras: [{ key: 512, kind: EXTRA_HEIGHTS, data: Float32Array.of(4, -0.2) }],
  });
  return join(recordingMagic(1), [frameMessage(KIND_JSON, text), frameMessage(KIND_FRAME, frame)]);
}

// ---- mutations ----------------------------------------------------------------------

function flipBytes(bytes: Uint8Array, r: Rng): Uint8Array {
  const out = bytes.slice();
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
  return out;
}

function setWord(bytes: Uint8Array, r: Rng): Uint8Array {
  const out = bytes.slice();
  const at = Math.floor(r() * (out.length - 4));
  const value = pick(r, [0, 1, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 1 << 20]);
  new DataView(out.buffer).setUint32(at, value >>> 0, true);
  return out;
}

function cut(bytes: Uint8Array, r: Rng): Uint8Array {
  return bytes.slice(0, Math.floor(r() * bytes.length));
}

function moveSlice(bytes: Uint8Array, r: Rng): Uint8Array {
  const a = Math.floor(r() * bytes.length);
  const b = Math.min(bytes.length, a + Math.floor(r() * 64));
  const at = Math.floor(r() * bytes.length);
  return Uint8Array.from([
    ...bytes.subarray(0, at),
    ...bytes.subarray(a, b),
    ...bytes.subarray(at),
  ]);
}

/** Every object and array inside a value, with the key that leads to each child. */
function slots(
  value: unknown,
  out: Array<[Record<string, unknown> | unknown[], string | number]> = [],
) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([value, i]);
      slots(v, out);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      slots(v, out);
    }
  }
  return out;
}

function bendJson(bytes: Uint8Array, r: Rng): Uint8Array {
  const magic = bytes.slice(0, RECORDING_MAGIC.byteLength);
  const parts = split(bytes);
  const jsonAt = parts.map((p, i) => (p[4] === KIND_JSON ? i : -1)).filter((i) => i >= 0);
  const index = pick(r, jsonAt);
  const value = JSON.parse(new TextDecoder().decode(parts[index].subarray(5)));
  const places = slots(value);
  for (let n = 1 + Math.floor(r() * 3); n > 0 && places.length; n--) {
    const [holder, key] = pick(r, places);
    const roll = r();
    if (roll < 0.15 && !Array.isArray(holder)) delete (holder as Record<string, unknown>)[key];
    else if (roll < 0.25 && Array.isArray(holder)) holder.splice(Number(key), 1);
    else (holder as Record<string | number, unknown>)[key] = pick(r, EDGE_VALUES);
  }
  const copy = [...parts];
  copy[index] = frameMessage(KIND_JSON, new TextEncoder().encode(JSON.stringify(value)));
  return join(magic, copy);
}

function bendFrame(bytes: Uint8Array, r: Rng): Uint8Array {
  const magic = bytes.slice(0, RECORDING_MAGIC.byteLength);
  const parts = split(bytes).map((p) => p.slice());
  const frames = parts.filter((p) => p[4] === KIND_FRAME);
  if (!frames.length) return flipBytes(bytes, r);
  const f = pick(r, frames);
  const view = new DataView(f.buffer, f.byteOffset + 5);
  const n = view.getUint32(12, true);
  const field = pick(r, ['flags', 'n', 'extras', 'extra-kind', 'extra-length', 'key']);
  const word = pick(r, [0, 1, 2, 3, 4, 5, 7, 8, 255, 0x7fffffff, 0xffffffff]);
  const poses = 16 + 4 * n + (view.getUint32(8, true) & 4 && n % 2 ? 4 : 0);
  const extrasAt = poses + n * 10 * (view.getUint32(8, true) & 4 ? 8 : 4);
  const offsets: Record<string, number> = {
    flags: 8,
    n: 12,
    key: 16,
    extras: extrasAt,
    'extra-kind': extrasAt + 8,
    'extra-length': extrasAt + 12,
  };
  const at = offsets[field];
  if (at + 4 <= f.byteLength - 5) view.setUint32(at, word, true);
  return join(magic, parts);
}

const MUTATIONS = [flipBytes, setWord, cut, moveSlice, bendJson, bendJson, bendFrame, bendFrame];

// ---- the check ----------------------------------------------------------------------

let seeds: Array<[string, Uint8Array]> = [];

beforeAll(() => {
  // Random bytes make NaN coordinates, which three.js reports on the console: expected here.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  seeds = [
    ...Object.entries(FIXTURES).map(([name, build]): [string, Uint8Array] => [
      name,
      trimmed(build()),
    ]),
    ['terrain with heights', terrainSeed()],
    ['format 1', formatOneSeed()],
  ];
});

afterAll(() => vi.restoreAllMocks());

/** Opens one file as the app does, then mounts a second view and scrubs. */
function openAndShow(bytes: Uint8Array): 'refused' | 'opened' {
  const viewerSession = new ViewerSession();
  const view = new SceneContent();
  const detach = viewerSession.attach(view);
  try {
    openRecording(viewerSession, bytes, 'fuzz.tfrec');
  } catch (err) {
    if (err instanceof StreamError) return 'refused';
    throw err;
  } finally {
    detach();
  }
  const n = viewerSession.frames.length;
  for (const i of [n - 1, Math.floor(n / 2), 0]) viewerSession.seek(i);
  const later = new SceneContent();
  const detachLater = viewerSession.attach(later);
  viewerSession.seek(n - 1);
  detachLater();
  later.dispose();
  view.dispose();
  return 'opened';
}

describe('the recording loader under fuzzed files', { timeout: 240_000 }, () => {
  it('opens every seed as it is', () => {
    for (const [name, bytes] of seeds) {
      expect(() => parseRecording(bytes), name).not.toThrow();
      expect(openAndShow(bytes), name).toBe('opened');
    }
  });

  it(`refuses with a reason or shows each of ${FILES} mutated files, never throwing otherwise`, () => {
    const outcomes = { refused: 0, opened: 0 };
    for (let i = 0; i < FILES; i++) {
      const r = rng(i + 1);
      const [name, seed] = seeds[i % seeds.length];
      const bytes = pick(r, MUTATIONS)(seed, r);
      let outcome: 'refused' | 'opened';
      try {
        outcome = openAndShow(bytes);
      } catch (err) {
        throw new Error(`file ${i} (a mutation of ${name}) threw: ${(err as Error).stack}`);
      }
      outcomes[outcome]++;
    }
    // Both kinds occur: the mutations reach past the checks and into the view.
    expect(outcomes.refused).toBeGreaterThan(FILES / 10);
    expect(outcomes.opened).toBeGreaterThan(FILES / 10);
  });

  it('refuses a small file that claims 2^31 particle clones, at once', () => {
    const claim = new TextEncoder().encode(
      JSON.stringify({
        type: 'scene',
        full: true,
        upAxis: 'Y',
        camera: null,
        remove: [],
        meshes: {},
        add: [
          {
            key: 1,
            id: 1,
            name: '',
            kind: 'other',
            fixed: false,
            clones: 2 ** 31,
            shapes: [
              {
                frame: { pos: [0, 0, 0], rot: [1, 0, 0, 0] },
                color: [1, 1, 1],
                opacity: 1,
                texture: null,
                type: 'sphere',
                radius: 0.1,
              },
            ],
          },
        ],
      }),
    );
    const file = join(RECORDING_MAGIC, [frameMessage(KIND_JSON, claim)]);
    expect(file.byteLength).toBeLessThan(400);
    expect(() => openRecording(new ViewerSession(), file, 'clones.tfrec')).toThrow(
      'a "scene" message is not valid (add.0.clones: expected a whole number from 0 to 1000000, not 2147483648)',
    );
  });
});
