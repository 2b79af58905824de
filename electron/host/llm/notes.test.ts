import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNote, selectNotes, type Note } from './notes';

const RESOURCES = resolve(__dirname, '../../../resources');
const notes: Note[] = readdirSync(join(RESOURCES, 'notes'))
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => parseNote(f.replace(/\.md$/, ''), readFileSync(join(RESOURCES, 'notes', f), 'utf8')));
const ids = (q: Parameters<typeof selectNotes>[1]) => selectNotes(notes, q).map((n) => n.id);

describe('parseNote', () => {
  it('reads the title, keywords and body', () => {
    const n = parseNote(
      'x',
      '---\ntitle: Springs\nkeywords: spring, rotational spring\n---\nBody text',
    );
    expect(n).toEqual({
      id: 'x',
      title: 'Springs',
      keywords: ['spring', 'rotational spring'],
      body: 'Body text',
    });
  });
  it('keeps a note without front matter as plain text', () => {
    expect(parseNote('y', 'just text')).toMatchObject({
      title: 'y',
      keywords: [],
      body: 'just text',
    });
  });
});

describe('selectNotes', () => {
  it('picks joints for a double pendulum with a spherical joint', () => {
    expect(ids({ prompt: 'a double pendulum with a spherical joint' })[0]).toBe('joints-links');
  });
  it('picks vehicles and soil for an HMMWV on deformable SCM terrain', () => {
    expect(ids({ prompt: 'An HMMWV driving on deformable SCM soil' }).slice(0, 2).sort()).toEqual([
      'terrain-scm',
      'vehicles',
    ]);
  });
  it('understands plurals', () => {
    expect(ids({ prompt: 'two masses connected by springs' })).toContain('springs-dampers');
  });
  it('picks FEA for a hanging cable', () => {
    expect(ids({ prompt: 'a cable hanging from a fixed point' })[0]).toBe('fea');
  });
  it('sends nothing for a request unrelated to any note', () => {
    expect(ids({ prompt: 'make it faster please' })).toEqual([]);
  });
  it('lets the current script hint at the topic when the prompt is vague', () => {
    const script =
      'import pychrono.vehicle as veh\nvehicle = veh.HMMWV_Full()\nterrain = veh.RigidTerrain(s)\n';
    expect(ids({ prompt: 'make the tires bigger', script })).toContain('vehicles');
  });
  it('returns at most the limit', () => {
    expect(
      selectNotes(
        notes,
        { prompt: 'vehicle with a motor, springs, particles, beams and contact' },
        2,
      ),
    ).toHaveLength(2);
  });
});

// Every PyChrono name our texts teach must exist in 9.0.1, and the old names they warn
// about must not.
const API = '/work/shared/design/pychrono-9.0.1-api.json';
describe.runIf(existsSync(API))('names in the notes and the system prompt', () => {
  type Api = { modules: Record<string, Record<string, { members?: string[] }>> };
  const api = (JSON.parse(readFileSync(API, 'utf8')) as Api).modules;
  const prefixes: Record<string, string> = {
    chrono: 'pychrono.core',
    veh: 'pychrono.vehicle',
    fea: 'pychrono.fea',
    robot: 'pychrono.robot',
    chronoirr: 'pychrono.irrlicht',
  };
  const allNames = new Set(Object.values(api).flatMap((m) => Object.keys(m)));
  const allMembers = new Set(
    Object.values(api).flatMap((m) => Object.values(m).flatMap((c) => c.members ?? [])),
  );
  const texts = [
    ...notes.map((n) => ({ name: n.id, text: n.body })),
    { name: 'system', text: readFileSync(join(RESOURCES, 'prompts/system.md'), 'utf8') },
  ];

  it('uses only names that pychrono 9.0.1 has', () => {
    const unknown: string[] = [];
    for (const { name, text } of texts) {
      // The system prompt's table lists old names in its right column: skip those cells.
      const taught = text.replace(/\|[^|\n]*\|\s*$/gm, '|');
      for (const m of taught.matchAll(/\b(chrono|veh|fea|robot|chronoirr)\.([A-Za-z_]\w*)/g)) {
        if (!(m[2] in api[prefixes[m[1]]])) unknown.push(`${name}: ${m[1]}.${m[2]}`);
      }
      for (const m of taught.matchAll(/(?<![.\w])(Ch[A-Z]\w*)/g)) {
        if (!allNames.has(m[1]) && !/^Ch(Sensor|Camera)/.test(m[1]))
          unknown.push(`${name}: ${m[1]}`);
      }
      for (const m of taught.matchAll(/\.([A-Z]\w*)\(/g)) {
        if (
          !allMembers.has(m[1]) &&
          !allNames.has(m[1]) &&
          !/^Ch(Sensor|Camera)|^AddSensor$/.test(m[1])
        ) {
          unknown.push(`${name}: .${m[1]}()`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it('warns against old names that 9.0.1 no longer has', () => {
    const system = readFileSync(join(RESOURCES, 'prompts/system.md'), 'utf8');
    const oldCells = [...system.matchAll(/\|\s*(`[^|\n]*`)\s*\|\s*$/gm)].map((m) => m[1]);
    // The last name of each old spelling (`GetCollisionModel().AddBox` -> AddBox).
    const oldNames = oldCells.flatMap((c) => [...c.matchAll(/`([^`]*?)(\w+)`/g)].map((m) => m[2]));
    expect(oldNames.length).toBeGreaterThan(10);
    expect(oldNames.filter((n) => allNames.has(n) || allMembers.has(n))).toEqual([]);
  });
});
