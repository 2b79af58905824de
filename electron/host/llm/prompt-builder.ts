// Builds the messages of a request (SimBench's protocol): the system prompt with the notes
// that match the request; the earlier turns; then the new request: from scratch on the first
// turn, with the current script and a request for the complete modified script on later
// turns, or the failed script with its error for a repair. A grounded request adds the API
// of the classes it names (to the system prompt) and what the last run did (after the
// request). Pure.
import type { ChatRequest } from '../../common/contract/llm';
import { selectNotes, type Note } from './notes';
import type { ProviderMessage } from './provider';

export interface PromptResources {
  system: string;
  turnFirst: string;
  turnModify: string;
  repair: string;
  notes: Note[];
}

export interface BuiltPrompt {
  messages: ProviderMessage[];
  /** The ids of the notes sent, for the record. */
  notes: string[];
}

/** Keeps the last turns that fit in this many characters: old turns matter least. */
const HISTORY_CHARS = 60_000;

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

/** What grounds a request, already in words (llm/run-context.ts, llm/api-grounding.ts). */
export interface PromptGrounding {
  api?: string | null;
  run?: string | null;
}

export function buildPrompt(
  resources: PromptResources,
  request: ChatRequest,
  grounding: PromptGrounding = {},
): BuiltPrompt {
  const script = request.script?.trim() ? request.script : null;
  const failure = request.kind === 'repair' ? (request.failure ?? null) : null;
  const notes = selectNotes(resources.notes, {
    prompt: request.prompt,
    script,
    error: failure?.message ?? null,
  });
  const system =
    resources.system.trim() +
    (notes.length > 0
      ? '\n\n# Notes for this request\n\n' +
        notes.map((n) => `## ${n.title}\n\n${n.body}`).join('\n\n')
      : '') +
    (grounding.api ? `\n\n${grounding.api.trim()}` : '');

  let user: string;
  if (request.kind === 'repair') {
    if (!script) throw new Error('A repair needs the script that failed.');
    const line =
      failure?.line != null
        ? `\nThe error points at line ${failure.line}${failure.lineText ? `: \`${failure.lineText.trim()}\`` : ''}.\n`
        : '';
    user = fill(resources.repair, {
      script: script.trimEnd(),
      error: (failure?.message ?? request.prompt).trim(),
      line,
      extra: request.prompt && failure ? request.prompt : '',
    });
  } else if (script) {
    user = fill(resources.turnModify, { script: script.trimEnd(), prompt: request.prompt.trim() });
  } else {
    user = fill(resources.turnFirst, { prompt: request.prompt.trim() });
  }
  if (grounding.run) user = `${user.trim()}\n\n# What the last run did\n\n${grounding.run.trim()}`;

  return {
    messages: [
      { role: 'system', content: system },
      ...recentHistory(request.history),
      { role: 'user', content: user.trim() },
    ],
    notes: notes.map((n) => n.id),
  };
}

function recentHistory(history: ChatRequest['history']): ProviderMessage[] {
  const kept: ProviderMessage[] = [];
  let size = 0;
  for (let i = history.length - 1; i >= 0; i -= 1) {
    size += history[i].content.length;
    if (size > HISTORY_CHARS) break;
    kept.unshift({ role: history[i].role, content: history[i].content });
  }
  // A conversation resumes with the user speaking: drop a leading assistant turn.
  while (kept.length > 0 && kept[0].role === 'assistant') kept.shift();
  return kept;
}
