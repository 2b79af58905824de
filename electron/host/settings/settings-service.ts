import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { settingsSchema, type Settings } from '../../common/contract/settings';
import type { EventBus } from '../events';
import type { Handlers } from '../handlers';

/**
 * Settings live in one JSON file. A file that cannot be read as settings is kept aside
 * (renamed with a .corrupt suffix) and defaults are used, so nothing the user wrote is lost.
 */
export class SettingsService {
  private current: Settings = settingsSchema.parse({});
  private loaded = false;

  constructor(
    private readonly file: string,
    private readonly bus: EventBus,
  ) {}

  async get(): Promise<Settings> {
    if (!this.loaded) await this.load();
    return this.current;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...(await this.get()), ...patch });
    this.current = next;
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(next, null, 2));
    await rename(tmp, this.file);
    this.bus.emit('settings.changed', next);
    return next;
  }

  handlers(): Handlers<'settings.get' | 'settings.update'> {
    return {
      'settings.get': () => this.get(),
      'settings.update': (patch) => this.update(patch),
    };
  }

  private async load(): Promise<void> {
    this.loaded = true;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return; // first start: defaults
    }
    try {
      this.current = settingsSchema.parse(JSON.parse(text));
    } catch (err) {
      console.warn(`settings file ${this.file} is unreadable, using defaults:`, err);
      await rename(this.file, `${this.file}.corrupt`).catch(() => undefined);
    }
  }
}
