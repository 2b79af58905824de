import { describe, expect, it } from 'vitest';
import { coverage, importedModules } from './runtime-flavours.mjs';

describe('the pychrono modules a script imports', () => {
  it('reads every import form the reference scripts use', () => {
    const source = [
      'import pychrono as chrono',
      'import pychrono.vehicle as veh',
      'from pychrono import irrlicht as chronoirr',
      'from pychrono.sensor import ChCameraSensor',
      '  import math, pychrono.fea as fea  # indented, several names',
      '# import pychrono.ros (a comment)',
    ].join('\n');
    expect([...importedModules(source)].sort()).toEqual([
      'core',
      'fea',
      'irrlicht',
      'sensor',
      'vehicle',
    ]);
  });

  it('counts the scripts a set of modules runs, irrlicht and pardisomkl being covered', () => {
    const scripts = [
      { modules: new Set(['core', 'irrlicht']) },
      { modules: new Set(['core', 'pardisomkl', 'fea']) },
      { modules: new Set(['core', 'vehicle']) },
      { modules: new Set(['vehicle', 'ros']) },
    ];
    expect(coverage(scripts, ['core', 'fea'])).toEqual({
      runs: 2,
      total: 4,
      missing: [
        ['vehicle', 2],
        ['ros', 1],
      ],
    });
  });
});
