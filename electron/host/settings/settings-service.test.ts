import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema, type Settings } from '../../common/contract/settings';
import { EventBus } from '../events';
import { SettingsService } from './settings-service';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-settings-'));
  file = join(dir, 'settings.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const defaults = settingsSchema.parse({});
const service = (bus = new EventBus()) => new SettingsService(file, bus);
const onDisk = () => JSON.parse(readFileSync(file, 'utf8'));
const asides = () => readdirSync(dir).filter((n) => n.includes('.corrupt-'));

describe('settings file', () => {
  it('starts with the defaults when there is no file, and reports nothing', async () => {
    const settings = service();
    expect(await settings.get()).toEqual(defaults);
    expect(await settings.readProblems()).toEqual([]);
  });

  it('one bad field falls back alone; the others, and fields of newer versions, are kept', async () => {
    const original = JSON.stringify({
      theme: 'dark',
      runMemoryMiB: -5,
      model: 'qwen2.5-coder:7b',
      cloudSync: { on: true },
    });
    writeFileSync(file, original);
    const settings = service();
    expect(await settings.get()).toEqual({
      ...defaults,
      theme: 'dark',
      model: 'qwen2.5-coder:7b',
    });
    const problems = await settings.readProblems();
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('runMemoryMiB');
    expect(problems[0].message).toMatch(/runMemoryMiB \(-5\) is not valid.*default 8192 is used/);
    // The file as it was is kept, so the user can see what they had.
    expect(asides()).toHaveLength(1);
    expect(readFileSync(join(dir, asides()[0]), 'utf8')).toBe(original);
    expect(problems[0].message).toContain(asides()[0]);

    await settings.update({ runSimTime: 5 });
    expect(onDisk()).toMatchObject({ theme: 'dark', runMemoryMiB: 8192, runSimTime: 5 });
    expect(onDisk().cloudSync).toEqual({ on: true });
  });

  it('an unreadable file is set aside under a new name each time and defaults are used', async () => {
    writeFileSync(file, '{ "theme": "dark", ');
    const first = service();
    expect(await first.get()).toEqual(defaults);
    expect((await first.readProblems())[0]).toMatchObject({ field: null });
    expect((await first.readProblems())[0].message).toMatch(
      /was kept as .*settings\.json\.corrupt-/,
    );
    writeFileSync(file, '[1, 2]');
    expect(await service().get()).toEqual(defaults);
    const kept = asides().map((n) => readFileSync(join(dir, n), 'utf8'));
    expect(kept.sort()).toEqual(['[1, 2]', '{ "theme": "dark", ']);
  });

  it('concurrent updates apply in order, lose no field, and leave one valid file', async () => {
    const bus = new EventBus();
    const themes: string[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'settings.changed') themes.push((payload as Settings).model);
    });
    const settings = service(bus);
    const updates = Array.from({ length: 30 }, (_, i) =>
      settings.update(i % 2 === 0 ? { model: `m${i}` } : { runSimTime: i }),
    );
    const results = await Promise.all(updates);
    expect(results.at(-1)).toEqual(await settings.get());
    expect(onDisk()).toEqual({ ...defaults, model: 'm28', runSimTime: 29 });
    expect(themes).toEqual(results.map((r) => r.model));
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('cleans the temporary files a killed write left behind, on start', async () => {
    writeFileSync(join(dir, '.settings.json.tf-99999999-0123abcd-7.tmp'), '{"half":');
    await service().get();
    expect(readdirSync(dir)).toEqual([]);
  });
});
