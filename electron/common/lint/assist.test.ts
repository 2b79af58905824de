import { describe, expect, it } from 'vitest';
import type { ApiIndex } from '../contract/api-index';
import { ScriptAnalysis } from './analysis';
import { ApiModel } from './api-model';
import { completionsAt, hoverAt, signatureAt } from './assist';
import { BUNDLED_API, parse } from './testing';

async function analyse(source: string, api = BUNDLED_API) {
  return new ScriptAnalysis(await parse(source), api);
}

/** Completions with the cursor at the end of `source`'s last line. */
async function complete(source: string, api = BUNDLED_API) {
  const lines = source.split('\n');
  const analysis = await analyse(source, api);
  return completionsAt(analysis, lines.at(-1) ?? '', lines.length - 1);
}

const labels = (list: Awaited<ReturnType<typeof complete>>) =>
  list?.items.map((i) => i.label) ?? [];

describe('completions', () => {
  it('lists a module alias’s names after the dot, replacing the word typed', async () => {
    const list = await complete('import pychrono.core as chrono\nchrono.ChBo');
    expect(labels(list)).toEqual(
      expect.arrayContaining(['ChBody', 'ChBodyEasyBox', 'ChSystemNSC']),
    );
    expect(list?.from).toBe('chrono.'.length);
    expect(list?.items.find((i) => i.label === 'ChBodyEasyBox')).toMatchObject({
      kind: 'class',
      detail: 'class ChBodyEasyBox(ChBody) · pychrono.core',
    });
  });

  it('lists the members of a value built by a simple assignment, inherited ones too', async () => {
    const list = await complete(
      'import pychrono as chrono\nbody = chrono.ChBodyEasyBox(1, 1, 1, 1000)\nbody.',
    );
    expect(labels(list)).toEqual(expect.arrayContaining(['SetPos', 'SetFixed', 'AddVisualShape']));
    expect(list?.items.find((i) => i.label === 'SetPos')?.detail).toMatch(/^ChBodyEasyBox · from /);
    expect(labels(list)).not.toContain('SetBodyFixed');
  });

  it('follows a call in the chain and submodules of pychrono', async () => {
    expect(
      labels(await complete('import pychrono as chrono\nchrono.ChVector3d(1, 2, 3).')),
    ).toContain('Length');
    expect(labels(await complete('import pychrono\npychrono.vehicle.'))).toContain('HMMWV_Full');
    expect(labels(await complete('from pychrono.vehicle import '))).toContain('RigidTerrain');
    expect(labels(await complete('import pychrono.'))).toEqual(
      expect.arrayContaining(['core', 'fea', 'vehicle']),
    );
  });

  it('offers nothing for values it cannot know', async () => {
    expect(await complete('import pychrono as chrono\ndef f(b):\n    b.')).toBeNull();
    expect(await complete('import numpy as np\nnp.')).toBeNull();
  });
});

describe('hovers and signature help', () => {
  it('a hover on a class names its module and bases', async () => {
    const analysis = await analyse(
      'import pychrono as chrono\nb = chrono.ChBodyEasyBox(1, 1, 1, 1)\n',
    );
    const hover = hoverAt(analysis, 1, 15);
    expect(hover?.contents).toContain('class ChBodyEasyBox(ChBody)');
    expect(hover?.contents).toMatch(/bases: ChBody, ChPhysicsItem/);
    expect(hoverAt(analysis, 1, 0)?.contents).toMatch(/`b`: `ChBodyEasyBox`/);
  });

  it('without signatures in the index, signature help shows the class', async () => {
    const source = 'import pychrono as chrono\nb = chrono.ChBodyEasyBox(1, ';
    const help = signatureAt(await analyse(source), source, 1);
    expect(help?.signatures[0].label).toBe('ChBodyEasyBox(…)');
    expect(help?.signatures[0].documentation).toMatch(
      /class ChBodyEasyBox of pychrono.core; bases: ChBody/,
    );
    expect(help?.activeParameter).toBe(1);
  });

  it('with signatures in the index (an installed pychrono), shows them', async () => {
    const index: ApiIndex = {
      format: 1,
      pychrono_version: '9.0.1',
      source: 'installed',
      modules: {
        'pychrono.core': {
          ChVector3d: {
            kind: 'class',
            bases: [],
            members: ['Length'],
            signatures: { __init__: ['(self, x: float, y: float, z: float)'] },
          },
          ChBody: {
            kind: 'class',
            bases: [],
            members: ['SetPos'],
            signatures: { SetPos: ['(self, pos: ChVector3d) -> None'] },
          },
        },
      },
    };
    const api = new ApiModel(index);
    const source = 'import pychrono as chrono\nb = chrono.ChBody()\nb.SetPos(chrono.ChVector3d(1, ';
    const help = signatureAt(await analyse(source, api), source, 2);
    expect(help?.signatures.map((s) => s.label)).toEqual([
      'ChVector3d(self, x: float, y: float, z: float)',
    ]);
    const outer = 'import pychrono as chrono\nb = chrono.ChBody()\nb.SetPos(';
    expect(signatureAt(await analyse(outer, api), outer, 2)?.signatures[0].label).toBe(
      'SetPos(self, pos: ChVector3d) -> None',
    );
  });
});
