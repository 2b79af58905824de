// The chat and the twin's versions are kept per project (the script's path, or 'untitled')
// in the user data folder, one JSON file each, written atomically. A file that cannot be
// read is kept aside, never overwritten.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conversationSchema, type Conversation } from '../../common/contract/llm';

export class ConversationStore {
  constructor(private readonly dir: string) {}

  fileFor(projectKey: string): string {
    const hash = createHash('sha256').update(projectKey).digest('hex').slice(0, 32);
    return join(this.dir, `${hash}.json`);
  }

  async load(
    projectKey: string,
  ): Promise<{ conversation: Conversation | null; problem: string | null }> {
    const file = this.fileFor(projectKey);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { conversation: null, problem: null };
    }
    try {
      const conversation = conversationSchema.parse(JSON.parse(text));
      if (conversation.projectKey !== projectKey) throw new Error('belongs to another project');
      return { conversation, problem: null };
    } catch {
      const aside = `${file}.corrupt-${Date.now()}`;
      await rename(file, aside).catch(() => undefined);
      return {
        conversation: null,
        problem: `The saved conversation of this project could not be read; it was kept as ${aside} and a new one starts.`,
      };
    }
  }

  async save(projectKey: string, conversation: Conversation): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = this.fileFor(projectKey);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ ...conversation, projectKey }));
    await rename(tmp, file);
  }
}
