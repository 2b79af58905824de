import { describe, expect, it } from 'vitest';
import type { ApiIndex } from '../contract/api-index';
import { ApiModel } from '../lint/api-model';
import { BUNDLED_API } from '../lint/testing';
import { groundInApi } from './api-grounding';

describe('grounding a request in the API index', () => {
  it('describes the classes the prompt and the script name, with their bases and members', () => {
    const script = [
      'import pychrono as chrono',
      'sys = chrono.ChSystemNSC()',
      'ball = chrono.ChBodyEasySphere(0.1, 1000, True, True, mat)',
    ].join('\n');
    const found = groundInApi(BUNDLED_API, ['Add a ChLinkLockRevolute hinge', script]);
    expect(found.classes).toEqual([
      'pychrono.core.ChLinkLockRevolute',
      'pychrono.core.ChSystemNSC',
      'pychrono.core.ChBodyEasySphere',
    ]);
    const text = found.text ?? '';
    expect(text).toContain('# The PyChrono API of this request (pychrono 9.0.1)');
    expect(text).toMatch(/## pychrono\.ChBodyEasySphere \(bases: ChBody, /);
    // The members a model gets wrong most are there under today's names.
    expect(text).toMatch(/Members: .*\bSetFixed\b/);
    expect(text).toMatch(/\bSetPosDt\b/);
    expect(text).not.toMatch(/\bArchiveOut\b/);
    // Each class stays short, so a dozen of them fit any context.
    for (const part of text.split('\n## ').slice(1)) expect(part.length).toBeLessThan(1300);
  });

  it('names the old names the text uses with what they became', () => {
    const script = 'v = chrono.ChVectorD(0, 1, 0)\nbody.SetPos_dt(v)\nbody.SetBodyFixed(True)';
    const text = groundInApi(BUNDLED_API, ['', script]).text ?? '';
    expect(text).toContain('- ChVectorD → ChVector3d');
    expect(text).toContain('- SetPos_dt → SetPosDt');
    expect(text).toContain('- SetBodyFixed → SetFixed');
    expect(text).toContain('## pychrono.ChVector3d');
  });

  it('adds nothing to a request that names no class', () => {
    expect(groundInApi(BUNDLED_API, ['make it heavier', 'x = 1'])).toEqual({
      text: null,
      classes: [],
    });
  });

  it('gives signatures where the index has them, without self', () => {
    const index: ApiIndex = {
      format: 1,
      pychrono_version: null,
      source: 'installed',
      modules: {
        'pychrono.core': {
          ChThing: {
            kind: 'class',
            bases: [],
            members: ['SetMass'],
            signatures: { __init__: ['(self, mass: float)'], SetMass: ['(self, m: float)'] },
          },
        },
      },
    };
    const text = groundInApi(new ApiModel(index), ['a ChThing']).text ?? '';
    expect(text).toContain('(the installed pychrono)');
    expect(text).toContain('ChThing(mass: float)');
    expect(text).toContain('Members: SetMass(m: float)');
  });
});
