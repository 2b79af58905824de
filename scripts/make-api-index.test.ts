// The committed bundled index is what scripts/make-api-index.mjs makes of the shared listing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiIndexSchema } from '../electron/common/contract/api-index';

const root = resolve(__dirname, '..');
const listing = resolve(root, '..', 'shared', 'design', 'pychrono-9.0.1-api.json');
const dir = mkdtempSync(join(tmpdir(), 'tf-api-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(listing))('scripts/make-api-index.mjs', () => {
  it('reproduces resources/pychrono-api/pychrono-9.0.1.json from the listing', () => {
    const out = join(dir, 'index.json');
    execFileSync(process.execPath, [join(root, 'scripts', 'make-api-index.mjs'), listing, out]);
    const committed = readFileSync(
      join(root, 'resources', 'pychrono-api', 'pychrono-9.0.1.json'),
      'utf8',
    );
    expect(readFileSync(out, 'utf8')).toBe(committed);
    const source = JSON.parse(readFileSync(listing, 'utf8'));
    const index = JSON.parse(committed);
    for (const [module, names] of Object.entries<Record<string, unknown>>(source.modules)) {
      expect(Object.keys(index.modules[module]).sort()).toEqual(Object.keys(names).sort());
    }
  });

  it("reads the shared listing's own shape as an index too (the format is a superset)", () => {
    const source = JSON.parse(readFileSync(listing, 'utf8'));
    const parsed = apiIndexSchema.parse({ ...source, format: 1, source: 'installed' });
    expect(parsed.modules['pychrono.core'].VNULL).toEqual({ kind: 'constant', type: 'ChVector3d' });
  });
});
