import { describe, expect, it } from 'vitest';
import { chatRequestSchema, type ChatRequest } from '../../common/contract/llm';
import { loadPromptResources } from './prompt-resources';
import { buildPrompt } from './prompt-builder';

const resources = loadPromptResources();
const request = (r: Partial<ChatRequest>): ChatRequest =>
  chatRequestSchema.parse({ requestId: 'r1', kind: 'write', prompt: '', ...r });

describe('buildPrompt', () => {
  it('a grounded request: the API after the notes, what the last run did after the request', () => {
    const script = 'import pychrono as chrono\nsys = chrono.ChSystemNSC()\n';
    const plain = buildPrompt(resources, request({ prompt: 'add a wall', script }));
    const built = buildPrompt(resources, request({ prompt: 'add a wall', script }), {
      api: '# The PyChrono API of this request (pychrono 9.0.1)\n\n## pychrono.ChSystemNSC',
      run: 'It ran to its end: 1 s of simulated time.',
    });
    const [system, user] = built.messages.map((m) => m.content);
    expect(system.startsWith(plain.messages[0].content)).toBe(true);
    expect(system.endsWith('## pychrono.ChSystemNSC')).toBe(true);
    expect(user.startsWith(plain.messages[1].content)).toBe(true);
    expect(
      user.endsWith('# What the last run did\n\nIt ran to its end: 1 s of simulated time.'),
    ).toBe(true);
  });

  it('turn 1: the system prompt with matching notes, then the request alone', () => {
    const built = buildPrompt(
      resources,
      request({ prompt: 'a double pendulum with a spherical joint' }),
    );
    expect(built.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(built.messages[0].content).toContain('ChVector3d');
    expect(built.notes[0]).toBe('joints-links');
    expect(built.messages[0].content).toContain('## Joints and links');
    expect(built.messages[1].content).toContain('a double pendulum with a spherical joint');
    expect(built.messages[1].content).not.toContain('```');
  });

  it('turn 2: sends the current script and asks for the complete modified script', () => {
    const script = 'import pychrono as chrono\nsys = chrono.ChSystemNSC()\n';
    const built = buildPrompt(
      resources,
      request({
        prompt: 'make the pendulum twice as long',
        script,
        history: [
          { role: 'user', content: 'a pendulum' },
          { role: 'assistant', content: '```python\n' + script + '```' },
        ],
      }),
    );
    expect(built.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    const last = built.messages[3].content;
    expect(last).toContain(script.trimEnd());
    expect(last).toContain('make the pendulum twice as long');
    expect(last).toMatch(/complete modified script/);
  });

  it('repair: sends the error with its line and the failing script', () => {
    const built = buildPrompt(
      resources,
      request({
        kind: 'repair',
        prompt: '',
        script:
          'import pychrono as chrono\nb = chrono.ChBodyEasyBox(1, 1, 1, 1000)\nb.SetBodyFixed(True)\n',
        failure: {
          message: "AttributeError: 'ChBodyEasyBox' object has no attribute 'SetBodyFixed'",
          line: 3,
          lineText: 'b.SetBodyFixed(True)',
        },
      }),
    );
    const last = built.messages.at(-1)!.content;
    expect(last).toContain("has no attribute 'SetBodyFixed'");
    expect(last).toContain('line 3: `b.SetBodyFixed(True)`');
    expect(last).toContain('b = chrono.ChBodyEasyBox(1, 1, 1, 1000)');
    expect(last).not.toContain('{{');
  });

  it('keeps only the recent history when a conversation grows long', () => {
    const long = 'x'.repeat(25_000);
    const history = Array.from(
      { length: 10 },
      (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: long }) as const,
    );
    const built = buildPrompt(resources, request({ prompt: 'go on', history }));
    expect(built.messages.length).toBeLessThan(6);
    expect(built.messages[1].role).toBe('user');
  });
});
