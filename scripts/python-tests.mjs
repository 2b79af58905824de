// Runs the bridge's Python tests with the first interpreter that has pytest
// (Debian's python3-pytest lives with /usr/bin/python3). matplotlib is
// needed by SimBench scripts that plot.
import { spawnSync } from 'node:child_process';
import { delimiter, resolve } from 'node:path';

const candidates = [
  process.env.TWINFORGE_TEST_PYTHON,
  '/usr/bin/python3',
  'python3',
  'python',
].filter(Boolean);
const python = candidates.find(
  (p) => spawnSync(p, ['-c', 'import pytest, numpy, matplotlib'], { stdio: 'ignore' }).status === 0,
);
if (!python) {
  console.error(
    'No Python with pytest, numpy and matplotlib found: install python3-pytest, python3-numpy and python3-matplotlib (apt-get), or set TWINFORGE_TEST_PYTHON.',
  );
  process.exit(1);
}
const root = resolve(import.meta.dirname, '..');
const env = {
  ...process.env,
  PYTHONPATH: [
    resolve(root, 'python-runtime'),
    resolve(root, 'test/fixtures/pychrono-double'),
    process.env.PYTHONPATH,
  ]
    .filter(Boolean)
    .join(delimiter),
  PYTHONDONTWRITEBYTECODE: '1',
};
const { status } = spawnSync(
  python,
  ['-m', 'pytest', '-q', 'python-runtime/tests', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env,
    cwd: root,
  },
);
process.exit(status ?? 1);
