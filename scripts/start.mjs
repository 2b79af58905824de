// `npm start` (after the build): the desktop app when an Electron binary is there,
// otherwise `twinforge serve`, saying in one line why and how to get the desktop app.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, missingDisplay } from './electron-binary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2);

function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function run(command, args, env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => {
    console.error(`Could not start ${command}: ${err.message}`);
    process.exit(1);
  });
}

const found = findElectronBinary({
  env: process.env,
  platform: process.platform,
  electronDir: electronPackageDir(),
});
const noDisplay = 'path' in found && missingDisplay(process.env, process.platform);

if ('path' in found && !noDisplay) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(found.path, [join(root, 'dist', 'main', 'main.js'), ...passThrough], env);
} else {
  const why = noDisplay ? 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' : found.why;
  console.log(
    `TwinForge desktop not started: ${why}. Starting serve instead; for the desktop app set ` +
      'ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-dist or run `npx install-electron` (downloads Electron).',
  );
  // In this process, so Ctrl+C reaches serve once and it stops its runs cleanly.
  const bin = join(root, 'bin', 'twinforge.js');
  process.argv = [process.argv[0], bin, 'serve', ...passThrough];
  require(bin);
}
