// What a keystroke costs in the editor: parse the script again (web-tree-sitter), analyse
// and lint it (the squiggles), and answer a completion after `body.`, on a 300-line
// PyChrono script and on a ten times longer one. Bundled and run by bench/bundle.mjs.
import { cpus, loadavg } from 'node:os';
import { ScriptAnalysis } from '../electron/common/lint/analysis';
import { ApiModel } from '../electron/common/lint/api-model';
import { completionsAt } from '../electron/common/lint/assist';
import { lintAnalysis } from '../electron/common/lint/lint';
import { loadApiIndex } from '../electron/host/api-index/api-index-service';
import { loadPythonParser } from '../electron/host/review/python-parser';

const TARGET_MS = 100;

/** A script of about `lines` lines: bodies, joints, a loop, some old names to report. */
function script(lines: number): string {
  const out = [
    'import math',
    'import pychrono as chrono',
    'import pychrono.irrlicht as chronoirr',
    '',
    'sys = chrono.ChSystemNSC()',
    'sys.Set_G_acc(chrono.ChVectorD(0, -9.81, 0))',
    'mat = chrono.ChContactMaterialNSC()',
    'ground = chrono.ChBodyEasyBox(10, 1, 10, 1000, True, True, mat)',
    'ground.SetFixed(True)',
    'sys.Add(ground)',
  ];
  for (let i = 0; out.length < lines - 12; i++) {
    out.push(
      `body${i} = chrono.ChBodyEasySphere(0.1, 500, True, True, mat)`,
      `body${i}.SetPos(chrono.ChVector3d(${i % 7}, ${1 + (i % 5)}, ${i % 3}))`,
      `body${i}.SetPos_dt(chrono.ChVector3d(0, 0, 0))`,
      `sys.Add(body${i})`,
      `joint${i} = chrono.ChLinkLockRevolute()`,
      `joint${i}.Initialize(ground, body${i}, chrono.ChFramed(chrono.ChVector3d(0, ${i}, 0)))`,
      `sys.Add(joint${i})`,
      '',
    );
  }
  out.push(
    'vis = chronoirr.ChVisualSystemIrrlicht()',
    'vis.AttachSystem(sys)',
    'vis.Initialize()',
    'while vis.Run():',
    '    vis.BeginScene()',
    '    vis.Render()',
    '    vis.EndScene()',
    '    sys.DoStepDynamics(0.01)',
    'body = chrono.ChBodyEasyBox(1, 1, 1, 1000)',
  );
  return `${out.join('\n')}\n`;
}

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  const parser = await loadPythonParser();
  const api = new ApiModel(await loadApiIndex('resources/pychrono-api/pychrono-9.0.1.json'));
  const rows: string[] = [];
  for (const lines of [300, 3000]) {
    const base = script(lines);
    const runs = lines > 1000 ? 40 : 200;
    const parse: number[] = [];
    const squiggles: number[] = [];
    const completion: number[] = [];
    let problems = 0;
    let items = 0;
    for (let i = 0; i < runs + 5; i++) {
      // A keystroke: one character more at the end, as typing does.
      const text = `${base}body.${'S'.repeat(i % 3)}`;
      let t = performance.now();
      const tree = parser.parse(text);
      if (!tree) throw new Error('no tree');
      const parsed = performance.now() - t;
      const analysis = new ScriptAnalysis(tree, api);
      const found = lintAnalysis(analysis);
      const linted = performance.now() - t;
      t = performance.now();
      const lastLine = text.split('\n').at(-1) ?? '';
      const list = completionsAt(analysis, lastLine, text.split('\n').length - 1);
      const completed = performance.now() - t + parsed;
      tree.delete();
      if (i < 5) continue; // warm-up
      parse.push(parsed);
      squiggles.push(linted);
      completion.push(completed);
      problems = found.length;
      items = list?.items.length ?? 0;
    }
    const p = stats(parse);
    const s = stats(squiggles);
    const c = stats(completion);
    rows.push(
      `${String(base.split('\n').length - 1).padStart(5)} lines  parse ${p.median.toFixed(1)} / ${p.p95.toFixed(1)} ms` +
        `   keystroke → squiggles ${s.median.toFixed(1)} / ${s.p95.toFixed(1)} ms (${problems} problems)` +
        `   keystroke → completions ${c.median.toFixed(1)} / ${c.p95.toFixed(1)} ms (${items} items)`,
    );
  }
  const load = loadavg()[0].toFixed(1);
  console.log(
    `PyChrono lint, median / p95 over repeated keystrokes (target ${TARGET_MS} ms; ` +
      `${cpus().length} cores, load average ${load} while measuring):`,
  );
  for (const row of rows) console.log(row);
}

void main();
