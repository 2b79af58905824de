// Loads our prompts and notes from resources/ (beside the app in a package, at the
// checkout's root in development), once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  notesApiDocument,
  parseJudgeTemplates,
  type JudgeTemplates,
} from '../../common/review/judge';
import { parseNote, type Note } from './notes';
import type { PromptResources } from './prompt-builder';

export function defaultResourcesDir(): string {
  const candidates: string[] = [];
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let dir = resolve(here); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'resources'));
    if (dirname(dir) === dir) break;
  }
  candidates.push(join(process.cwd(), 'resources'));
  return candidates.find((dir) => existsSync(join(dir, 'prompts', 'system.md'))) ?? candidates[0];
}

function readPrompt(dir: string, name: string): string {
  const file = join(dir, 'prompts', name);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new Error(`The prompt file ${file} is missing: reinstall TwinForge.`);
  }
}

function readNotes(dir: string): Note[] {
  const notesDir = join(dir, 'notes');
  return existsSync(notesDir)
    ? readdirSync(notesDir)
        .filter((f) => f.endsWith('.md') && f !== 'README.md')
        .sort()
        .map((f) => parseNote(f.replace(/\.md$/, ''), readFileSync(join(notesDir, f), 'utf8')))
    : [];
}

export function loadPromptResources(dir = defaultResourcesDir()): PromptResources {
  const read = (name: string) => readPrompt(dir, name);
  const notes = readNotes(dir);
  return {
    system: read('system.md'),
    turnFirst: read('turn-first.md'),
    turnModify: read('turn-modify.md'),
    repair: read('repair.md'),
    notes,
  };
}

export interface JudgeResources {
  templates: JudgeTemplates;
  /** The default API document of the judge: our PyChrono notes, in file order. */
  apiDocument: string;
}

/** The rubric judge's prompt (prompts/judge.md) and its default API document. */
export function loadJudgeResources(dir = defaultResourcesDir()): JudgeResources {
  return {
    templates: parseJudgeTemplates(readPrompt(dir, 'judge.md')),
    apiDocument: notesApiDocument(readNotes(dir)),
  };
}
