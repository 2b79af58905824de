// Opens each synthetic fixture recording (built in memory by the fixture generator) into
// the session and a scene content, as File > Open Recording does, and checks the view.
import { beforeEach, describe, expect, it } from 'vitest';
import { InstancedMesh, Matrix4, Mesh, Vector3 } from 'three';
import { RECORDING_MAGIC } from '../../../../electron/common/stream';
import { FIXTURES } from '../../../../test/fixtures/streams/generate';
import { SceneContent } from '../../scene/scene-content';
import { openRecording, openRecordingFile } from './recording';
import { ViewerSession } from './viewer-session';

let content: SceneContent;
let viewerSession: ViewerSession;

beforeEach(() => {
  viewerSession = new ViewerSession();
  content = new SceneContent();
  viewerSession.attach(content);
});

function positionOf(key: number): Vector3 {
  return new Vector3().setFromMatrixPosition(content.itemMatrix(key) ?? new Matrix4());
}

describe('openRecording', () => {
  it('opens every fixture with nothing left undrawn', () => {
    for (const [name, build] of Object.entries(FIXTURES)) {
      const opened = openRecording(viewerSession, build(), name);
      expect(opened.frames).toBeGreaterThan(50);
      expect(opened.meta?.script).toContain('synthetic');
      expect(content.itemCount).toBeGreaterThan(0);
      expect([...content.skipped.keys()]).toEqual([]);
      expect(viewerSession.timeline.getState()).toMatchObject({
        source: 'recording',
        live: false,
        streaming: false,
      });
    }
  });

  it('scrubs the mechanism: the slider moves', () => {
    openRecording(viewerSession, FIXTURES['mechanism.tfrec'](), 'mechanism.tfrec');
    expect(viewerSession.cursor.getState().index).toBe(0);
    const start = positionOf(4).x;
    viewerSession.seek(50);
    expect(positionOf(4).x).not.toBeCloseTo(start, 2);
    expect(viewerSession.view.getState().items.get(4)?.name).toBe('slider');
  });

  it('deforms SCM terrain as the vehicle drives, and undoes it when scrubbing back', () => {
    openRecording(viewerSession, FIXTURES['vehicle-scm.tfrec'](), 'vehicle-scm.tfrec');
    const terrain = content.root.children.find(
      (o): o is Mesh => o instanceof Mesh && !(o instanceof InstancedMesh),
    )!;
    const lowest = () => {
      const pos = terrain.geometry.getAttribute('position');
      let min = Infinity;
      for (let i = 0; i < pos.count; i++) min = Math.min(min, pos.getZ(i));
      return min;
    };
    viewerSession.seek(viewerSession.frames.length - 1);
    expect(lowest()).toBeCloseTo(-0.06, 4);
    viewerSession.seek(0);
    const early = lowest();
    viewerSession.seek(100);
    const pos = terrain.geometry.getAttribute('position');
    // Behind the car at step 100 (x = 2 m, rear wheels at 0.8 m), a rut; ahead of it (x = 5 m), flat ground.
    const cell = (x: number, y: number) =>
      Math.round((y + 2) / 0.1) * 121 + Math.round((x + 6) / 0.1);
    expect(pos.getZ(cell(-1, 0.8))).toBeCloseTo(-0.06, 4);
    expect(pos.getZ(cell(5, 0.8))).toBe(0);
    expect(early).toBeGreaterThan(-0.061);
    viewerSession.seek(0);
    expect(pos.getZ(cell(-1, 0.8))).toBe(0);
  });

  it('shows particles added during the run only once they exist', () => {
    openRecording(viewerSession, FIXTURES['particles.tfrec'](), 'particles.tfrec');
    const visibleSpheres = () => {
      const mesh = content.root.children.find(
        (o): o is InstancedMesh =>
          o instanceof InstancedMesh && o.count > 0 && o.name.startsWith('sphere:0.08'),
      );
      if (!mesh) return 0;
      let n = 0;
      const m = new Matrix4();
      for (let i = 0; i < mesh.count; i++) {
        mesh.getMatrixAt(i, m);
        if (m.determinant() !== 0) n++;
      }
      return n;
    };
    viewerSession.seek(viewerSession.frames.length - 1);
    const late = visibleSpheres();
    viewerSession.seek(12);
    expect(visibleSpheres()).toBe(3);
    expect(late).toBeGreaterThan(3);
  });

  it('refuses a file that is not a recording, keeping what was open', async () => {
    openRecording(viewerSession, FIXTURES['mechanism.tfrec'](), 'mechanism.tfrec');
    expect(() =>
      openRecording(viewerSession, new TextEncoder().encode('import pychrono'), 'script.py'),
    ).toThrow(/Not a TwinForge recording/);
    expect(() => openRecording(viewerSession, RECORDING_MAGIC, 'empty.tfrec')).toThrow(
      /holds no scene/,
    );
    // jsdom's File has no arrayBuffer(): a stand-in with the two members the loader reads.
    const broken = {
      name: 'broken.tfrec',
      arrayBuffer: async () => new TextEncoder().encode('nonsense').buffer,
    } as unknown as File;
    await expect(openRecordingFile(viewerSession, broken)).rejects.toThrow(
      /^broken\.tfrec could not be opened: Not a TwinForge recording/,
    );
    expect(viewerSession.timeline.getState().label).toBe('recording:mechanism.tfrec');
    expect(content.itemCount).toBe(7);
  });
});
