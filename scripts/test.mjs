// `npm test`: every layer of tests, in order, the same here and in CI.
// Each stage runs even when an earlier one failed, so one run shows every failure.
import { spawnSync } from 'node:child_process';

const stages = [
  ['type check', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npm', ['run', '-s', 'lint']],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['python tests', 'node', ['scripts/python-tests.mjs']],
  ['integration tests', 'npx', ['vitest', 'run', '--config', 'vitest.integration.config.ts']],
  ['build', 'npm', ['run', '-s', 'build']],
  ['end-to-end tests', 'npx', ['playwright', 'test']],
];

const only = process.argv.slice(2);
const results = [];
for (const [name, cmd, args] of stages) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { status } = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  results.push({ name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
}

console.log('\n=== summary ===');
for (const r of results)
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(0)} s)`);
const failed = results.filter((r) => !r.ok).length;
process.exit(failed ? 1 : 0);
