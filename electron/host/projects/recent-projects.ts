// The recent projects: a small list in the user-data folder, most recent first. Entries
// whose folder or script is gone are dropped when the list is read.
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import type { RecentProject } from '../../common/contract/projects';
import { setAside, writeFileAtomic } from '../files/atomic-write';
import { SerialQueue } from '../files/serial-queue';

const MAX_RECENT = 20;

const entrySchema = z.object({
  name: z.string(),
  kind: z.enum(['project', 'untitled', 'script']),
  path: z.string(),
  openedAt: z.string(),
});

export class RecentProjects {
  private readonly queue = new SerialQueue();

  constructor(private readonly file: string) {}

  list(): Promise<RecentProject[]> {
    return this.queue.run('list', async () => existing(await this.read()));
  }

  /** Puts `entry` first (once: an earlier entry for the same path goes). */
  remember(entry: RecentProject): Promise<void> {
    return this.queue.run('list', async () => {
      const kept = (await existing(await this.read())).filter((e) => e.path !== entry.path);
      await this.write([entry, ...kept].slice(0, MAX_RECENT));
    });
  }

  forget(path: string): Promise<void> {
    return this.queue.run('list', async () => {
      const entries = await this.read();
      const kept = entries.filter((e) => e.path !== path);
      if (kept.length !== entries.length) await this.write(kept);
    });
  }

  private async read(): Promise<RecentProject[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const raw: unknown = JSON.parse(text);
      if (!Array.isArray(raw)) throw new Error('not a list');
      return raw.flatMap((item) => {
        const parsed = entrySchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
    } catch {
      // Only a convenience: kept aside for whoever wants it, and started afresh.
      await setAside(this.file);
      return [];
    }
  }

  private write(entries: RecentProject[]): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(entries, null, 2)}\n`);
  }
}

async function existing(entries: RecentProject[]): Promise<RecentProject[]> {
  const found = await Promise.all(
    entries.map((e) =>
      stat(e.path).then(
        () => true,
        () => false,
      ),
    ),
  );
  return entries.filter((_, i) => found[i]);
}
