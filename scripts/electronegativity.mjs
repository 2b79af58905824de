// `npm run lint`, last step: electronegativity (Doyensec's Electron security scanner) over
// the Electron sources and the page they load. Fails on any HIGH or MEDIUM finding.
// The scan runs on a staged copy holding electron/ (tests left out: they build fakes on
// purpose) and renderer/index.html, so the page's CSP is seen beside the code.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const cli = join(
  dirname(require.resolve('@doyensec/electronegativity/package.json')),
  'dist',
  'index.js',
);

/** Findings judged false positives, with the reason; none today. */
const EXCLUDED_CHECKS = [];

/** Splits one CSV line with quoted fields ("a, b" and "" escapes). */
function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

function stage() {
  const dir = mkdtempSync(join(tmpdir(), 'twinforge-eng-'));
  cpSync(join(root, 'electron'), join(dir, 'electron'), {
    recursive: true,
    filter: (src) => !/\.test\.ts$/.test(src),
  });
  const html = join(root, 'renderer', 'index.html');
  if (existsSync(html)) cpSync(html, join(dir, 'renderer', 'index.html'));
  return dir;
}

const dir = stage();
const csv = join(dir, 'findings.csv');
const args = [cli, '-i', dir, '-o', csv, '-r', '-v', 'false', '-e', electronVersion];
if (EXCLUDED_CHECKS.length) args.push('-x', EXCLUDED_CHECKS.map((c) => c.check).join(','));
// It tries to fetch translations and Electron release notes; offline, it goes on without.
const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000 });
if (!existsSync(csv)) {
  console.error('electronegativity did not produce a report:\n', run.stdout, run.stderr);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}
const rows = readFileSync(csv, 'utf8').split(/\r?\n/).slice(1).filter(Boolean).map(parseCsvLine);
rmSync(dir, { recursive: true, force: true });

const blocking = rows.filter(([, severity]) => severity === 'HIGH' || severity === 'MEDIUM');
for (const [issue, severity, confidence, file, location, , description] of rows) {
  const mark = severity === 'HIGH' || severity === 'MEDIUM' ? 'FAIL' : 'note';
  console.log(`${mark} ${severity}/${confidence} ${issue} ${file}:${location} ${description}`);
}
console.log(
  `electronegativity ${electronVersion}: ${rows.length} finding(s), ${blocking.length} HIGH or MEDIUM`,
);
process.exit(blocking.length ? 1 : 0);
