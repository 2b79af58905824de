import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectFile, TwinVersion } from '../../common/contract/projects';
import { emptyProjectFile, readProject, writeProject } from './project-format';

let dir: string;
let folder: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tf-format-'));
  folder = join(dir, 'pendulum.twinforge');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const version = (id: string, code: string): TwinVersion => ({
  id,
  createdAt: '2026-11-25T10:00:00.000Z',
  origin: 'chat',
  prompt: 'a pendulum',
  model: 'qwen2.5-coder:7b',
  answer: 'Here it is',
  code,
  run: { status: 'limit', reason: 'sim time', simTime: 2, wallTime: 0.4, bodies: 2, error: null },
});

function sample(): ProjectFile {
  return {
    ...emptyProjectFile('pendulum', '2026-11-25T10:00:00.000Z'),
    versions: [version('v1', 'import pychrono\n')],
    currentVersionId: 'v1',
    conversation: [
      { id: 'm1', role: 'user', content: 'a pendulum', createdAt: '2026-11-25T10:00:00.000Z' },
    ],
    settings: { runSimTime: 2 },
    referenceSource: { kind: 'simbench', task: 'pendulum', turn: 1 },
  };
}

describe('project folder', () => {
  it('writes files any tool can read, and reads back what it wrote', async () => {
    const doc = sample();
    const revision = await writeProject(
      folder,
      doc,
      'import pychrono\n',
      'import pychrono as ref\n',
    );
    expect(readdirSync(folder).sort()).toEqual(['project.json', 'reference.py', 'runs', 'twin.py']);
    expect(readFileSync(join(folder, 'twin.py'), 'utf8')).toBe('import pychrono\n');
    expect(JSON.parse(readFileSync(join(folder, 'project.json'), 'utf8'))).toEqual(doc);
    const back = await readProject(folder, 'x');
    expect(back).toMatchObject({
      doc,
      script: 'import pychrono\n',
      reference: 'import pychrono as ref\n',
      exists: true,
      problems: [],
      revision,
    });
  });

  it('a missing folder reads as an empty project', async () => {
    const back = await readProject(folder, 'pendulum');
    expect(back).toMatchObject({ exists: false, script: '', reference: null, problems: [] });
    expect(back.doc.name).toBe('pendulum');
  });

  it('the revision follows the script, the reference and the versions, not the runs index nor whitespace', async () => {
    const doc = sample();
    const revision = await writeProject(folder, doc, 'a\n', null);
    const withRun = {
      ...doc,
      runs: [{ runId: 'r1', lane: 'twin', file: 'r1.tfrec', startedAt: 'now', summary: null }],
    };
    writeFileSync(join(folder, 'project.json'), JSON.stringify(withRun));
    expect((await readProject(folder, 'x')).revision).toBe(revision);
    writeFileSync(join(folder, 'twin.py'), 'b\n');
    expect((await readProject(folder, 'x')).revision).not.toBe(revision);
    writeFileSync(join(folder, 'twin.py'), 'a\n');
    writeFileSync(join(folder, 'reference.py'), 'ref\n');
    expect((await readProject(folder, 'x')).revision).not.toBe(revision);
  });

  it('one bad version is left out alone, said, and the file as it was is kept', async () => {
    mkdirSync(folder);
    const raw = {
      ...sample(),
      versions: [version('v1', 'one'), { id: 'v2', code: 42 }, version('v3', 'three')],
      currentVersionId: 'v2',
      settings: { runSimTime: -1, sampleDt: 0.005 },
    };
    const text = JSON.stringify(raw);
    writeFileSync(join(folder, 'project.json'), text);
    const back = await readProject(folder, 'x');
    expect(back.doc.versions.map((v) => v.id)).toEqual(['v1', 'v3']);
    expect(back.doc.currentVersionId).toBe('v3');
    expect(back.doc.settings).toEqual({ sampleDt: 0.005 });
    expect(back.doc.conversation).toHaveLength(1);
    expect(back.problems.join(' ')).toMatch(/1 of the 3 versions .* left out/);
    expect(back.problems.join(' ')).toMatch(/runSimTime is not valid/);
    const kept = readdirSync(folder).find((n) => n.startsWith('project.json.corrupt-'));
    expect(kept && readFileSync(join(folder, kept), 'utf8')).toBe(text);
    // The script falls back to the current version when twin.py is missing.
    expect(back.script).toBe('three');
  });

  it('a project.json that is not JSON opens as an empty project with the reason, kept aside', async () => {
    mkdirSync(folder);
    writeFileSync(join(folder, 'project.json'), '{"versions": [');
    writeFileSync(join(folder, 'twin.py'), 'import pychrono\n');
    const back = await readProject(folder, 'pendulum');
    expect(back.script).toBe('import pychrono\n');
    expect(back.doc.versions).toEqual([]);
    expect(back.problems[0]).toMatch(/not readable as a TwinForge project/);
    expect(readdirSync(folder).some((n) => n.startsWith('project.json.corrupt-'))).toBe(true);
  });

  it('a script that is not UTF-8 is copied aside before anything could rewrite it', async () => {
    mkdirSync(folder);
    writeFileSync(join(folder, 'twin.py'), Buffer.from([0x70, 0x72, 0xff, 0x0a]));
    const back = await readProject(folder, 'x');
    expect(back.problems[0]).toMatch(/twin.py is not UTF-8/);
    const kept = readdirSync(folder).find((n) => n.startsWith('twin.py.corrupt-'));
    expect(kept && [...readFileSync(join(folder, kept))]).toEqual([0x70, 0x72, 0xff, 0x0a]);
  });
});
