import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAULT_LOG_NAME, faultDetail, parseFaultLog, readFaultReport } from './fault-report';

const SCRIPT = '/tmp/twinforge-run-abc/twin.py';
const SOURCE = [
  'import pychrono as chrono',
  'sys = chrono.ChSystemNSC()',
  'def step():',
  '    sys.DoStepDynamics(0.01)',
  'while True:',
  '    step()',
].join('\n');

// What Python 3.11's faulthandler wrote when the double segfaulted in DoStepDynamics.
const SEGFAULT = `Fatal Python error: Segmentation fault

Thread 0x00007fac8a9ff6c0 (most recent call first):
  File "/usr/lib/python3.11/threading.py", line 327 in wait
  File "/opt/twinforge/python-runtime/twinforge_bridge/stream.py", line 185 in _run
  File "/usr/lib/python3.11/threading.py", line 1002 in _bootstrap

Current thread 0x00007fac8bdc4b80 (most recent call first):
  File "/opt/conda/lib/python3.11/site-packages/pychrono/core.py", line 281 in DoStepDynamics
  File "/opt/twinforge/python-runtime/twinforge_bridge/patches.py", line 238 in DoStepDynamics
  File "${SCRIPT}", line 4 in step
  File "${SCRIPT}", line 6 in <module>
  File "<frozen runpy>", line 88 in _run_code
  File "/opt/twinforge/python-runtime/twinforge_bridge/runner.py", line 151 in run

Extension modules: numpy.core._multiarray_umath (total: 1)
`;

describe('parseFaultLog', () => {
  it('names the innermost script line of the crashed thread, with its text', () => {
    expect(parseFaultLog(SEGFAULT, SCRIPT, SOURCE)).toEqual({
      fatal: 'Segmentation fault',
      line: 4,
      lineText: 'sys.DoStepDynamics(0.01)',
    });
  });

  it("uses the script's thread when a thread of Chrono's own crashed", () => {
    const log = `Fatal Python error: Aborted

Thread 0x00007f0000000001 (most recent call first):
  File "${SCRIPT}", line 6 in <module>

Current thread 0x00007f0000000002 (most recent call first):
  <no Python frame>
`;
    expect(parseFaultLog(log, SCRIPT, SOURCE)).toMatchObject({ fatal: 'Aborted', line: 6 });
  });

  it('reads the one-thread form and ignores other files of the same name', () => {
    const log = `Fatal Python error: Bus error

Stack (most recent call first):
  File "/home/me/twin.py", line 2 in <module>
  File "${SCRIPT}", line 2 in <module>
`;
    expect(parseFaultLog(log, SCRIPT, SOURCE)?.line).toBe(2);
  });

  it('gives no line when the script is not on the stack, and nothing without a fault', () => {
    const log =
      'Fatal Python error: Segmentation fault\n\nCurrent thread 0x1 (most recent call first):\n  File "<frozen runpy>", line 88 in _run_code\n';
    expect(parseFaultLog(log, SCRIPT, SOURCE)).toEqual({
      fatal: 'Segmentation fault',
      line: null,
      lineText: null,
    });
    expect(parseFaultLog('', SCRIPT, SOURCE)).toBeNull();
  });
});

describe('faultDetail', () => {
  it("words the script's line for the run's end reason", () => {
    const report = parseFaultLog(SEGFAULT, SCRIPT, SOURCE);
    expect(report && faultDetail(report, 'twin.py')).toBe(
      'the script was at line 4 of twin.py: sys.DoStepDynamics(0.01)',
    );
    expect(faultDetail({ fatal: 'Aborted', line: null, lineText: null }, 'twin.py')).toBeNull();
  });
});

describe('readFaultReport', () => {
  it("reads the log in the run's working directory, and nothing when there is none", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-fault-'));
    try {
      expect(await readFaultReport(dir, SCRIPT, SOURCE)).toBeNull();
      await writeFile(join(dir, FAULT_LOG_NAME), SEGFAULT);
      expect((await readFaultReport(dir, SCRIPT, SOURCE))?.line).toBe(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
