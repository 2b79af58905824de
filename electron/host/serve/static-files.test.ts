import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUrlPath, findDataFile, findFile, mimeType, resolveInside } from './static-files';

let root: string;
let site: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tf-static-'));
  site = join(root, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'assets', 'a b.js'), 'x');
  writeFileSync(join(root, 'secret'), 's');
  symlinkSync(join(root, 'secret'), join(site, 'escape'));
  symlinkSync(join(site, 'assets', 'a b.js'), join(site, 'inside-link.js'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('static file lookup', () => {
  it('maps URL paths to files inside the root', async () => {
    expect(resolveInside('/srv/site', '/assets/app.js')).toBe('/srv/site/assets/app.js');
    expect(await findFile(site, decodeUrlPath('/assets/a%20b.js')!)).toMatchObject({ size: 1 });
  });

  it('refuses every way out', async () => {
    for (const p of ['/../secret', '/assets/../../secret', '..', 'a\\..\\..\\secret', 'x\0y']) {
      expect(resolveInside(site, p), p).toBeNull();
    }
    expect(decodeUrlPath('%E0%A4%A')).toBeNull();
    expect(await findFile(site, '/escape')).toBeNull();
  });

  it('follows links that stay inside, and never serves a directory', async () => {
    expect(await findFile(site, '/inside-link.js')).toMatchObject({ size: 1 });
    expect(await findFile(site, '/assets')).toBeNull();
    expect(await findFile(site, '/')).toBeNull();
    expect(await findFile(site, '/missing.js')).toBeNull();
  });

  it('finds data files by relative or absolute path, inside the data folder only', async () => {
    expect(await findDataFile(site, 'assets/a b.js')).toMatchObject({ size: 1 });
    expect(await findDataFile(site, join(site, 'assets', 'a b.js'))).toMatchObject({ size: 1 });
    expect(await findDataFile(site, join(root, 'secret'))).toBeNull();
    expect(await findDataFile(site, site)).toBeNull();
  });

  it('labels scripts, workers, wasm, fonts and images as browsers require', () => {
    expect(mimeType('x.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('editor.worker-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('x.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('x.wasm')).toBe('application/wasm');
    expect(mimeType('codicon.ttf')).toBe('font/ttf');
    expect(mimeType('X.PNG')).toBe('image/png');
    expect(mimeType('unknown.bin')).toBe('application/octet-stream');
  });
});
