import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  settingsSchema,
  type Settings,
  type SettingsProblem,
} from '../../common/contract/settings';
import type { EventBus } from '../events';
import {
  cleanStrayTempFiles,
  keepCopyAside,
  setAside,
  writeFileAtomic,
} from '../files/atomic-write';
import type { Handlers } from '../handlers';

/**
 * Settings live in one JSON file, read field by field: a bad field falls back to its
 * default alone (the file as it was is kept aside as a copy), and a file that is not JSON
 * at all is set aside under a new name and defaults are used. Updates are applied in call
 * order and written atomically, so two clients updating at once never lose each other's
 * fields nor leave half a file.
 */
export class SettingsService {
  private current: Settings = settingsSchema.parse({});
  /** Fields this version does not know (written by a newer one): kept on every write. */
  private unknownFields: Record<string, unknown> = {};
  private problems: SettingsProblem[] = [];
  private loading: Promise<void> | null = null;

  constructor(
    private readonly file: string,
    private readonly bus: EventBus,
  ) {}

  async get(): Promise<Settings> {
    await this.loaded();
    return this.current;
  }

  /** What fell back to a default when the file was read, for the UI to show once. */
  async readProblems(): Promise<SettingsProblem[]> {
    await this.loaded();
    return this.problems;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    await this.loaded();
    // Merged synchronously after the load, so updates apply in the order they arrived.
    const next = settingsSchema.parse({ ...this.current, ...patch });
    this.current = next;
    // Queued before any other wait, so the writes (and the events) keep the updates' order.
    await writeFileAtomic(this.file, this.fileText()).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      await mkdir(dirname(this.file), { recursive: true }); // the folder was removed meanwhile
      await writeFileAtomic(this.file, this.fileText());
    });
    this.bus.emit('settings.changed', next);
    return next;
  }

  private fileText(): string {
    return `${JSON.stringify({ ...this.unknownFields, ...this.current }, null, 2)}\n`;
  }

  handlers(): Handlers<'settings.get' | 'settings.update' | 'settings.problems'> {
    return {
      'settings.get': () => this.get(),
      'settings.update': (patch) => this.update(patch),
      'settings.problems': async () => ({ problems: await this.readProblems() }),
    };
  }

  private loaded(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await cleanStrayTempFiles(dirname(this.file));
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // first start: defaults
      this.problems.push({
        field: null,
        message: `The settings file ${this.file} could not be read (${(err as Error).message}); the defaults are used until it can.`,
      });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    if (!isRecord(raw)) {
      const kept = await setAside(this.file);
      this.problems.push({
        field: null,
        message: `The settings file was not readable as settings; it was kept as ${kept ?? this.file} and the defaults are used.`,
      });
      return;
    }
    const parsed = parseSettingsFields(raw);
    this.current = parsed.settings;
    this.unknownFields = parsed.unknownFields;
    if (parsed.problems.length > 0) {
      const kept = await keepCopyAside(this.file);
      this.problems = parsed.problems.map((p) => ({
        ...p,
        message: kept ? `${p.message} The file as it was is kept as ${kept}.` : p.message,
      }));
    }
  }
}

/** Reads each known field on its own: a bad one falls back to its default alone. */
export function parseSettingsFields(raw: Record<string, unknown>): {
  settings: Settings;
  problems: SettingsProblem[];
  unknownFields: Record<string, unknown>;
} {
  const shape = settingsSchema.shape;
  const defaults = settingsSchema.parse({});
  const good: Record<string, unknown> = {};
  const problems: SettingsProblem[] = [];
  const unknownFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.prototype.hasOwnProperty.call(shape, key)) {
      unknownFields[key] = value;
      continue;
    }
    const result = shape[key as keyof Settings].safeParse(value);
    if (result.success) {
      good[key] = result.data;
    } else {
      const fallback = JSON.stringify(defaults[key as keyof Settings]);
      problems.push({
        field: key,
        message: `The setting ${key} (${JSON.stringify(value)?.slice(0, 80)}) is not valid: ${result.error.issues[0]?.message ?? 'invalid'}; the default ${fallback} is used.`,
      });
    }
  }
  return { settings: settingsSchema.parse(good), problems, unknownFields };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
