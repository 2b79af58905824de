import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppPageUrl } from './guards';
import { APP_URL, resolveAppRequest } from './app-protocol';

let root: string;
let renderer: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tf-app-'));
  renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  writeFileSync(join(renderer, 'assets', 'editor.worker.js'), '');
  writeFileSync(join(root, 'package.json'), '{}');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('twinforge://app/', () => {
  it('serves the built renderer', async () => {
    expect(await resolveAppRequest(APP_URL, renderer)).toBe(join(renderer, 'index.html'));
    expect(await resolveAppRequest('twinforge://app/', renderer)).toBe(
      join(renderer, 'index.html'),
    );
    expect(await resolveAppRequest('twinforge://app/assets/editor.worker.js', renderer)).toBe(
      join(renderer, 'assets', 'editor.worker.js'),
    );
  });

  it('serves nothing outside it, nor for another host or scheme', async () => {
    expect(await resolveAppRequest('twinforge://app/../package.json', renderer)).toBeNull();
    expect(await resolveAppRequest('twinforge://app/%2e%2e/package.json', renderer)).toBeNull();
    expect(await resolveAppRequest('twinforge://app/assets', renderer)).toBeNull();
    expect(await resolveAppRequest('twinforge://other/index.html', renderer)).toBeNull();
    expect(await resolveAppRequest('file:///index.html', renderer)).toBeNull();
  });

  it('is the page the IPC and navigation guards trust', () => {
    expect(isAppPageUrl('twinforge://app/index.html#/x', APP_URL)).toBe(true);
    expect(isAppPageUrl('twinforge://evil/index.html', APP_URL)).toBe(false);
    expect(isAppPageUrl('file:///index.html', APP_URL)).toBe(false);
  });
});
