// Before projects, the chat and the versions of a script were kept by the LLM service in
// <userData>/conversations/<sha256(script path)[:32]>.json. A script opened as a project
// for the first time takes them from there; the old file is left where it is.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  conversationMessageSchema,
  versionSchema,
  type ConversationMessage,
  type TwinVersion,
} from '../../common/contract/projects';

export interface LegacyConversation {
  conversation: ConversationMessage[];
  versions: TwinVersion[];
  currentVersionId: string | null;
}

export async function readLegacyConversation(
  userDataDir: string,
  scriptPath: string,
): Promise<LegacyConversation | null> {
  const hash = createHash('sha256').update(scriptPath).digest('hex').slice(0, 32);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(userDataDir, 'conversations', `${hash}.json`), 'utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const old = raw as Record<string, unknown>;
  if (old.projectKey !== scriptPath) return null;
  const list = <T>(value: unknown, parse: (item: unknown) => T | undefined): T[] =>
    Array.isArray(value) ? value.flatMap((item) => parse(item) ?? []) : [];
  const versions = list(old.versions, (v) => versionSchema.safeParse(v).data);
  const current = typeof old.currentVersionId === 'string' ? old.currentVersionId : null;
  return {
    conversation: list(old.messages, (m) => conversationMessageSchema.safeParse(m).data),
    versions,
    currentVersionId: versions.some((v) => v.id === current) ? current : null,
  };
}
