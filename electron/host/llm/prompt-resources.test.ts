import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJudgePrompt } from '../../common/review/judge';
import { defaultResourcesDir, loadJudgeResources } from './prompt-resources';

describe('loadJudgeResources', () => {
  it('loads the judge prompt and makes the default API document of every note, in file order', () => {
    const { templates, apiDocument } = loadJudgeResources();
    const notes = readdirSync(join(defaultResourcesDir(), 'notes'))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .sort();
    expect(notes.length).toBeGreaterThan(5);
    const titles = [...apiDocument.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(titles).toHaveLength(notes.length);
    expect(titles[0]).toBe('Bodies and shapes'); // bodies-shapes.md sorts first
    const [message] = buildJudgePrompt({
      mode: 'document',
      answer: 'import pychrono',
      apiDocument,
      templates,
    });
    expect(message.content).toContain('ChBodyEasyBox');
  });

  it('says the judge prompt is missing from a damaged install', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-res-'));
    mkdirSync(join(dir, 'prompts'));
    expect(() => loadJudgeResources(dir)).toThrow(/judge\.md is missing: reinstall TwinForge/);
    writeFileSync(join(dir, 'prompts', 'judge.md'), '<!-- judge:reference -->\nonly one part\n');
    expect(() => loadJudgeResources(dir)).toThrow(
      /lacks its reference-document, document, task parts/,
    );
  });
});
