// Builds the bundled PyChrono API index (resources/pychrono-api/pychrono-9.0.1.json) from the
// shared listing of the real 9.0.1 modules (../shared/design/pychrono-9.0.1-api.json), in
// the format TwinForge reads everywhere (resources/pychrono-api/README.md). Run it again
// when the listing changes: `node scripts/make-api-index.mjs [LISTING] [OUT]`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const listing = resolve(
  process.argv[2] ?? resolve(root, '..', 'shared', 'design', 'pychrono-9.0.1-api.json'),
);
const out = resolve(
  process.argv[3] ?? resolve(root, 'resources', 'pychrono-api', 'pychrono-9.0.1.json'),
);

const source = JSON.parse(readFileSync(listing, 'utf8'));
const sorted = (names) => [...new Set(names)].sort();

/** One entry of the listing in the index's shape. */
function entry(name, raw) {
  switch (raw.kind) {
    case 'class':
      return { kind: 'class', bases: [...raw.bases], members: sorted(raw.members) };
    case 'function':
      return { kind: 'function' };
    case 'module':
      return { kind: 'module' };
    case 'constant':
      return 'value' in raw ? { kind: 'constant', value: raw.value } : { kind: 'constant' };
    default:
      // The listing names an instance by its type (VNULL is a ChVector3d, cvar a swigvarlink).
      if (typeof raw.kind !== 'string' || raw.kind === '') {
        throw new Error(`${name}: an entry without a kind`);
      }
      return { kind: 'constant', type: raw.kind };
  }
}

const modules = {};
for (const moduleName of Object.keys(source.modules).sort()) {
  const names = source.modules[moduleName];
  modules[moduleName] = {};
  for (const name of Object.keys(names).sort()) {
    modules[moduleName][name] = entry(`${moduleName}.${name}`, names[name]);
  }
}

const index = {
  format: 1,
  pychrono_version: source.pychrono_version ?? null,
  source: 'bundled',
  note: source.note,
  modules,
};
writeFileSync(out, `${JSON.stringify(index)}\n`);
const counts = Object.entries(modules).map(([m, names]) => `${m} ${Object.keys(names).length}`);
console.log(`wrote ${out}: ${counts.join(', ')}`);
