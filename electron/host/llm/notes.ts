// Our PyChrono notes (resources/notes/*.md), chosen by relevance for each request: each note
// lists keywords in its front matter, and a request scores a note by the keywords it
// mentions. Selection is a pure function so it can be tested without files.

export interface Note {
  id: string;
  title: string;
  keywords: string[];
  body: string;
}

/** Reads a note file: a `---` front matter with `title:` and `keywords:`, then the text. */
export function parseNote(id: string, text: string): Note {
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text.replace(/\r\n?/g, '\n'));
  const header = m ? m[1] : '';
  const body = (m ? m[2] : text).trim();
  const field = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(header)?.[1].trim() ?? '';
  const keywords = field('keywords')
    .split(',')
    .map((k) => k.trim().toLowerCase())
    .filter(Boolean);
  return { id, title: field('title') || id, keywords, body };
}

export interface NoteQuery {
  prompt: string;
  /** The current script: its names hint at the topic, with less weight than the prompt. */
  script?: string | null;
  /** A run's error message, for repairs. */
  error?: string | null;
}

const SCRIPT_WEIGHT = 0.25;

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** How often a keyword (one word or several) appears, plural forms included. */
function occurrences(keyword: string, tokens: string[]): number {
  const kw = words(keyword);
  if (kw.length === 0) return 0;
  let count = 0;
  for (let i = 0; i + kw.length <= tokens.length; i += 1) {
    if (kw.every((w, j) => sameWord(w, tokens[i + j]))) count += 1;
  }
  return count;
}

function sameWord(keyword: string, token: string): boolean {
  return token === keyword || token === `${keyword}s` || token === `${keyword}es`;
}

/**
 * Scores a note: a keyword counts once per text (presence, not repetition), a phrase counts
 * double, and a keyword shared by several notes counts less (`rarity`, from selectNotes).
 */
export function scoreNote(
  note: Note,
  query: NoteQuery,
  rarity: (keyword: string) => number = () => 1,
): number {
  const prompt = words(`${query.prompt} ${query.error ?? ''}`);
  const script = words(query.script ?? '');
  let score = 0;
  for (const keyword of note.keywords) {
    const weight = (keyword.includes(' ') ? 2 : 1) * rarity(keyword);
    if (occurrences(keyword, prompt) > 0) score += weight;
    if (occurrences(keyword, script) > 0) score += weight * SCRIPT_WEIGHT;
  }
  return score;
}

/** The best-matching notes, best first; only notes the request actually touches. */
export function selectNotes(notes: readonly Note[], query: NoteQuery, limit = 3): Note[] {
  const shared = new Map<string, number>();
  for (const note of notes) {
    for (const k of new Set(note.keywords)) shared.set(k, (shared.get(k) ?? 0) + 1);
  }
  // 1 for a keyword only one note has, 1/2 for two notes, and so on.
  const rarity = (k: string) => 1 / (shared.get(k) ?? 1);
  return notes
    .map((note) => ({ note, score: scoreNote(note, query, rarity) }))
    .filter((s) => s.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.note.id.localeCompare(b.note.id))
    .slice(0, limit)
    .map((s) => s.note);
}
