// `npm run bench:runtime`: the runtime benchmark with the configured Python. In a
// development checkout without pychrono it measures the test double instead, and says so:
// those figures describe the bridge and the host, not PyChrono.
import { spawnSync } from 'node:child_process';
import { delimiter, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const python = process.env.TWINFORGE_PYTHON || 'python3';
const probe = spawnSync(python, ['-m', 'twinforge_bridge', 'probe'], {
  env: {
    ...process.env,
    PYTHONPATH: [resolve(root, 'python-runtime'), process.env.PYTHONPATH]
      .filter(Boolean)
      .join(delimiter),
  },
  encoding: 'utf8',
});
let env = process.env;
let pychrono = null;
try {
  pychrono = JSON.parse(probe.stdout).pychrono;
} catch {
  // no usable Python: the bench itself says why
}
if (!pychrono) {
  console.log(
    'pychrono not found: measuring with the pychrono test double (not PyChrono figures).',
  );
  env = {
    ...process.env,
    PYTHONPATH: [resolve(root, 'test/fixtures/pychrono-double'), process.env.PYTHONPATH]
      .filter(Boolean)
      .join(delimiter),
  };
}
const { status } = spawnSync(
  process.execPath,
  [resolve(root, 'bin/twinforge.js'), 'bench', 'runtime', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env,
  },
);
process.exit(status ?? 1);
