// The evaluation's overhead benchmark (`npm run bench:eval`): bundles bench/eval-overhead.ts
// as the CLI is bundled and runs it with the pychrono double on PYTHONPATH, so the host,
// the bridge and the fake Ollama servers (started here: they are ES modules) are the real
// ones. Figures only, no assertions.
import { spawn } from 'node:child_process';
import { delimiter, resolve } from 'node:path';
import { createFakeOllama } from '../test/fixtures/fake-ollama/fake-ollama.mjs';
import { bundleBench, root } from './bundle.mjs';

const outfile = await bundleBench('eval-overhead');
const PYTHONPATH = [resolve(root, 'test/fixtures/pychrono-double'), process.env.PYTHONPATH]
  .filter(Boolean)
  .join(delimiter);
// Two fake servers: one answering at once, one at 200 tokens per second (5 ms a token).
const fakes = [createFakeOllama({ tokenDelayMs: 0 }), createFakeOllama({ tokenDelayMs: 5 })];
const urls = await Promise.all(fakes.map((f) => f.listen(0)));
const child = spawn(process.execPath, [outfile], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PYTHONPATH,
    PYTHONDONTWRITEBYTECODE: '1',
    EVAL_BENCH_SERVERS: `0=${urls[0]},5=${urls[1]}`,
  },
});
const status = await new Promise((done) => child.on('exit', done));
await Promise.all(fakes.map((f) => f.close()));
process.exit(status ?? 1);
