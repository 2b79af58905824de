import { describe, expect, it } from 'vitest';
import { lintTree } from './lint';
import { BUNDLED_API, parse } from './testing';

async function lint(source: string) {
  return lintTree(await parse(source), BUNDLED_API);
}

const codes = async (source: string) => (await lint(source)).map((p) => `${p.line}:${p.code}`);

describe('imports and aliases', () => {
  it.each([
    ['import pychrono as chrono', 'chrono.ChVectorD(1, 0, 0)'],
    ['import pychrono.core as chrono', 'chrono.ChVectorD(1, 0, 0)'],
    ['import pychrono.core', 'pychrono.core.ChVectorD(1, 0, 0)'],
    ['import pychrono', 'pychrono.ChVectorD(1, 0, 0)'],
    ['from pychrono import core as ch', 'ch.ChVectorD(1, 0, 0)'],
    ['from pychrono import *', 'ChVectorD(1, 0, 0)'],
    ['from pychrono.core import *', 'ChVectorD(1, 0, 0)'],
  ])('%s: the old name on line 2 is found', async (imports, use) => {
    const [problem] = await lint(`${imports}\n${use}\n`);
    expect(problem).toMatchObject({ line: 2, code: 'renamed' });
    expect(problem.fix).toMatchObject({ safe: true, edits: [{ text: 'ChVector3d' }] });
  });

  it('checks names imported with from ... import', async () => {
    const [problem] = await lint('from pychrono.core import ChBody, ChVectorD as V\n');
    expect(problem).toMatchObject({ line: 1, column: 35, code: 'renamed' });
  });

  it('takes the vehicle module and its alias', async () => {
    const problems = await lint(
      'import pychrono.vehicle as veh\nveh.HMMWV_Full()\nveh.HMMWV_Fool()\n',
    );
    expect(problems.map((p) => p.line)).toEqual([3]);
    expect(problems[0].message).toMatch(/pychrono.vehicle has no `HMMWV_Fool`.*HMMWV_Full/);
  });

  it('reports modules no Chrono build has, and leaves optional ones alone', async () => {
    expect(
      await codes('import pychrono.engine\nimport pychrono.sensor as sens\nsens.Anything()\n'),
    ).toEqual(['1:unknown-module']);
    expect(
      await codes('import pychrono.ros as chros\nfrom pychrono.pardisomkl import *\n'),
    ).toEqual([]);
  });

  it('offers pychrono for `import chrono` and pardisomkl for mkl', async () => {
    const [chrono] = await lint('import chrono\nchrono.ChSystemNSC()\n');
    expect(chrono).toMatchObject({ code: 'unknown-module', line: 1 });
    expect(chrono.fix).toMatchObject({ safe: true, edits: [{ text: 'pychrono as chrono' }] });
    const [mkl] = await lint('import pychrono.mkl as mkl\n');
    expect(mkl).toMatchObject({
      code: 'renamed',
      fix: { edits: [{ text: 'pychrono.pardisomkl' }] },
    });
  });
});

describe('each kind of problem', () => {
  it('renamed members, through the class of a simple assignment and its bases', async () => {
    const problems = await lint(
      [
        'import pychrono as chrono',
        'sys = chrono.ChSystemNSC()',
        'sys.Set_G_acc(chrono.ChVector3d(0, -9.81, 0))',
        'body = chrono.ChBodyEasyBox(1, 1, 1, 1000)',
        'body.SetBodyFixed(True)',
        'body.SetPos_dt(chrono.ChVector3d(0, 0, 0))',
      ].join('\n'),
    );
    expect(problems.map((p) => [p.line, p.code, p.fix?.edits[0].text])).toEqual([
      [3, 'renamed', 'SetGravitationalAcceleration'],
      [5, 'renamed', 'SetFixed'],
      [6, 'renamed', 'SetPosDt'],
    ]);
    expect(problems[2].message).toBe(
      '`ChBodyEasyBox.SetPos_dt` was renamed `SetPosDt` in Chrono 9.0',
    );
  });

  it('unknown members and module names, with near misses as unsafe fixes', async () => {
    const problems = await lint(
      'import pychrono as chrono\nv = chrono.ChVector3d(1, 2, 3)\nv.Lenght()\nchrono.ChBodyEasyBx(1, 1, 1, 1)\n',
    );
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'unknown-member'],
      [4, 'unknown-name'],
    ]);
    expect(problems[0].fix).toMatchObject({ safe: false, edits: [{ text: 'Length' }] });
    expect(problems[1].fix).toMatchObject({ safe: false, edits: [{ text: 'ChBodyEasyBox' }] });
  });

  it('a name from another module, with an import and the module alias as the fix', async () => {
    const [problem] = await lint('import pychrono as chrono\nn = chrono.ChNodeFEAxyz()\n');
    expect(problem).toMatchObject({ code: 'wrong-module', line: 2 });
    expect(problem.fix?.safe).toBe(true);
    expect(problem.fix?.edits.map((e) => e.text)).toEqual(['import pychrono.fea as fea\n', 'fea']);
    const [again] = await lint(
      'import pychrono as chrono\nimport pychrono.fea as f\nn = chrono.ChNodeFEAxyz()\n',
    );
    expect(again.fix?.edits.map((e) => e.text)).toEqual(['f']);
  });

  it('a name Chrono 9.0 removed', async () => {
    expect(await codes('import pychrono as chrono\nchrono.ChLog()\n')).toEqual(['2:removed']);
  });

  it('an old member on a value of unknown class, only for distinctive names, as a warning', async () => {
    const problems = await lint(
      'import pychrono as chrono\ndef f(b):\n    b.GetPos_dt()\n    b.eval()\n    b.GetA()\n',
    );
    expect(problems.map((p) => [p.line, p.code, p.severity])).toEqual([[3, 'renamed', 'warning']]);
  });

  it('places problems as Monaco does: 1-based, UTF-16 columns, end exclusive', async () => {
    const [problem] = await lint('import pychrono as chrono\ns = "é😀"; chrono.ChVectorD()\n');
    expect(problem).toMatchObject({ line: 2, column: 19, endLine: 2, endColumn: 28 });
  });
});

describe('what could be right is never flagged', () => {
  it.each([
    [
      'a subclass of a pychrono class',
      'class B(chrono.ChBody):\n    def Extra(self): pass\nb = B()\nb.Extra()\nb.Whatever()',
    ],
    [
      'a name bound twice to different things',
      'body = chrono.ChBody()\nbody = object()\nbody.Anything()',
    ],
    ['an attribute the script sets', 'body = chrono.ChBody()\nbody.tag = 3\nprint(body.tag)'],
    [
      'a guarded old name',
      'sys = chrono.ChSystemNSC()\ntry:\n    sys.Set_G_acc(g)\nexcept AttributeError:\n    pass',
    ],
    [
      'a probed name',
      'sys = chrono.ChSystemNSC()\nif hasattr(sys, "Set_G_acc"):\n    sys.Set_G_acc(g)',
    ],
    [
      'parameters and loop variables',
      'def f(body):\n    body.Foo()\nfor b in bodies:\n    b.Bar()',
    ],
    ['an unknown return value', 'sys = chrono.ChSystemNSC()\nsys.GetBodies()[0].Whatever()'],
    [
      'a user function with an old name',
      'class Mine:\n    def GetPos_dt(self): pass\nm = Mine()\nm.GetPos_dt()',
    ],
    ['a module outside the index', 'import pychrono.sensor as sens\nsens.ChCameraSensor().Nope()'],
    ['a star import of another module', 'from math import *\nfrom pychrono import *\nWhatever()'],
    ['SWIG attributes', 'v = chrono.ChVector3d()\nv.thisown = 0\nprint(v.this)'],
    [
      'a name rebound in a function, read there',
      'v = chrono.ChVector3d()\ndef g():\n    v = make()\n    v.Foo()',
    ],
  ])('%s', async (_what, body) => {
    expect(await codes(`import pychrono as chrono\n${body}\n`)).toEqual([]);
  });

  it('follows global declarations', async () => {
    const source =
      'import pychrono as chrono\nsys = None\ndef setup():\n    global sys\n    sys = chrono.ChSystemNSC()\nsys.Anything()\n';
    expect(await codes(source)).toEqual([]);
  });

  it('judges names of a module only when the script uses pychrono', async () => {
    expect(await codes('import numpy as np\nnp.ChVectorD()\nx.GetPos_dt()\n')).toEqual([]);
  });
});
