import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataRequest } from './data-protocol';

let root: string;
let data: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tf-data-'));
  data = join(root, 'data');
  mkdirSync(join(data, 'textures'), { recursive: true });
  writeFileSync(join(data, 'textures', 'concrete.jpg'), 'jpg');
  writeFileSync(join(root, 'private.txt'), 'secret');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const url = (path: string) => `twinforge-data://data/?path=${encodeURIComponent(path)}`;

describe('twinforge-data: URLs', () => {
  it('name a file of the data folder, relatively or absolutely', async () => {
    const file = join(data, 'textures', 'concrete.jpg');
    expect(await resolveDataRequest(url('textures/concrete.jpg'), data)).toBe(file);
    expect(await resolveDataRequest(url(file), data)).toBe(file);
  });

  it('never reach outside it, nor anything while no data folder is known', async () => {
    expect(await resolveDataRequest(url('../private.txt'), data)).toBeNull();
    expect(await resolveDataRequest(url(join(root, 'private.txt')), data)).toBeNull();
    expect(await resolveDataRequest(url('textures'), data)).toBeNull();
    expect(await resolveDataRequest('twinforge-data://data/', data)).toBeNull();
    expect(await resolveDataRequest(url('textures/concrete.jpg'), null)).toBeNull();
  });
});
