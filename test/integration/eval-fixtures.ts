// A small task set for the evaluation's tests, written where a test asks: `drop` (two turns
// and a contract of its own in ChronoBench's form), `spin` (turn 1 only) and `broken` (no
// reference, so no task). The answers are scripts for the pychrono double.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A box let go 5 m up; it writes out.csv (t,y) and a JSON line, and ends by itself at 0.5 s. */
export const fall = (g = 9.81, extra = '') => `import json
import pychrono as chrono
${extra}
sys = chrono.ChSystemNSC()
sys.SetGravitationalAcceleration(chrono.ChVector3d(0, -${g}, 0))
box = chrono.ChBodyEasyBox(0.1, 0.1, 0.1, 1000, True, False)
box.SetPos(chrono.ChVector3d(0, 5, 0))
sys.Add(box)
rows = ['t,y']
while sys.GetChTime() < 0.5:
    sys.DoStepDynamics(1e-3)
    rows.append(f"{sys.GetChTime()},{box.GetPos().y}")
open('out.csv', 'w').write('\\n'.join(rows))
print(json.dumps({"fall": 5 - box.GetPos().y}))
`;
export const fence = (code: string) => `Here is the script.\n\n\`\`\`python\n${code}\`\`\`\n`;

/** ChronoBench's form, with a trajectory observable of TwinForge's. */
const CONTRACT = {
  task: 'drop',
  category: 'mbs',
  turns: [1, 2].map((turn) => ({
    turn,
    run: { expect_csv: 'out.csv', expect_json_keys: ['fall'], sim_time: 1 },
    L2_caps: { gravity: 'SetGravitationalAcceleration', loop: 'DoStepDynamics' },
    derive: [
      { name: 'drop', kind: 'range', csv: 'out.csv', column: 'y' },
      { name: 'g', kind: 'gravity', source: 'run' },
      { name: 'h0', kind: 'initial', body: { pick: 'most-moving' }, signal: 'height' },
      { name: 'h1', kind: 'final', body: { pick: 'most-moving' }, signal: 'height', t_max: 0.4 },
      { name: 't1', kind: 'final', body: { pick: 'most-moving' }, signal: 'time', t_max: 0.4 },
      { name: 'ratio', kind: 'expr', expr: '(h0 - h1) / (0.5 * g * t1^2)' },
    ],
    L3: [
      { kind: 'rel_tol', key: 'drop', target: 1.22625, tol: 0.03, why: 'free fall for 0.5 s' },
      { kind: 'rel_tol', key: 'ratio', target: 1, tol: 0.03, why: 'free fall in the trajectory' },
    ],
  })),
};

export async function writeTaskSet(root: string): Promise<void> {
  const task = async (name: string, files: Record<string, string>) => {
    await mkdir(join(root, name), { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(root, name, file), text);
  };
  await task('drop', {
    'input1.txt': 'Drop a box from 5 m under gravity and write its height to out.csv.',
    'truth1.py': fall(),
    'input2.txt': 'Keep dropping the box, and say how far it fell.',
    'pyinput2.py': `# the starting script of turn 2\n${fall()}`,
    'truth2.py': fall(),
    'contract.json': JSON.stringify(CONTRACT),
  });
  await task('spin', {
    'input1.txt': 'Spin a wheel on a revolute joint.',
    'truth1.py': fall(),
  });
  await task('broken', { 'input1.txt': 'a task without its reference' });
}
