// scripts/build-runtime-pack.mjs with stand-ins for micromamba (an "environment" of this
// machine's python3 and the pychrono double) and conda-pack (the prefix tarred with a
// conda-unpack that rewrites the build prefix), then the pack it wrote installed by
// `twinforge runtime install`: the build script's manifest is one the installer accepts.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOUBLE, PYTHON, ROOT } from './runtime-helpers';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-build-pack-'));
  await writeFile(
    join(dir, 'micromamba'),
    `#!/bin/sh
echo "$*" >> "${dir}/calls.log"
case "$1" in
  create)
    prefix="$4"
    mkdir -p "$prefix/bin" "$prefix/lib/pychrono-double" "$prefix/conda-meta"
    cp -r "${DOUBLE}/pychrono" "${DOUBLE}/pychrono-9.0.1.dist-info" "${DOUBLE}/data" "$prefix/lib/pychrono-double/"
    printf '#!/bin/sh\\nPYTHONPATH="%s/lib/pychrono-double\${PYTHONPATH:+:$PYTHONPATH}" exec "${PYTHON}" "$@"\\n' "$prefix" > "$prefix/bin/python"
    chmod +x "$prefix/bin/python"
    ;;
  env)
    echo "@EXPLICIT"
    echo "https://conda.anaconda.org/projectchrono/linux-64/pychrono-9.0.1-py312_0.conda#00000000000000000000000000000000"
    ;;
esac
`,
  );
  await writeFile(
    join(dir, 'conda-pack'),
    `#!/bin/sh
# conda-pack -p PREFIX -o OUT --format tar.gz
prefix="$2"; out="$4"
cat > "$prefix/bin/conda-unpack" <<EOF
#!/usr/bin/env python
import os
new = os.path.abspath(os.path.dirname(os.path.dirname(__file__)))
path = os.path.join(new, "bin", "python")
text = open(path).read().replace("$prefix", new)
open(path, "w").write(text)
EOF
chmod +x "$prefix/bin/conda-unpack"
tar -czf "$out" -C "$prefix" .
`,
  );
  await chmod(join(dir, 'micromamba'), 0o755);
  await chmod(join(dir, 'conda-pack'), 0o755);
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function node(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.PYTHONPATH;
    delete childEnv.TWINFORGE_PYTHON;
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: childEnv, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(process.platform === 'win32')('scripts/build-runtime-pack.mjs', () => {
  it('builds, smoke-tests and describes a pack that twinforge runtime install accepts', async () => {
    const out = join(dir, 'runtime-packs');
    const locks = join(dir, 'locks');
    const built = await node([
      join(ROOT, 'scripts', 'build-runtime-pack.mjs'),
      '--tool',
      join(dir, 'micromamba'),
      '--conda-pack',
      join(dir, 'conda-pack'),
      '--out',
      out,
      '--locks',
      locks,
      '--build',
      '3',
    ]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain('Probe: pychrono 9.0.1');
    const calls = await readFile(join(dir, 'calls.log'), 'utf8');
    expect(calls).toContain(`-f ${join(ROOT, 'python-runtime', 'environment.yml')}`);

    const file = `pychrono-full-9.0.1-3-${process.platform}-${process.arch}.tar.gz`;
    expect((await readdir(out)).sort()).toEqual([file, `${file}.lock.txt`, 'runtime-pack.json']);
    const manifest = JSON.parse(await readFile(join(out, 'runtime-pack.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 1,
      name: 'pychrono-full',
      version: '9.0.1-3',
      os: process.platform,
      arch: process.arch,
      pychrono: '9.0.1',
      file,
      layout: 'conda-pack',
      flavour: 'full',
      modules: { core: true, vehicle: true },
    });
    expect(manifest.unpackedSize).toBeGreaterThan(manifest.size);
    const [lock] = await readdir(locks);
    expect(lock).toMatch(/^full-(linux-64|linux-aarch64|osx-64|osx-arm64)\.txt$/);
    expect(await readFile(join(locks, lock), 'utf8')).toMatch(/^@EXPLICIT/);

    const installed = await node(
      [join(ROOT, 'bin', 'twinforge.js'), 'runtime', 'install', '--from', out, '--json'],
      { TWINFORGE_USER_DATA: join(dir, 'user-data') },
    );
    expect(installed.code, installed.stderr).toBe(0);
    expect(JSON.parse(installed.stdout)).toMatchObject({
      ok: true,
      runtime: { id: 'pychrono-full-9.0.1-3' },
      probe: { pychrono: '9.0.1' },
    });
  });
});
