/* eslint-disable no-restricted-imports -- the test reads recorded answers and runs Python;
   the module under test stays pure. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCode, salvage } from './extract-code';

const OUTPUTS = '/work/shared/simbench/model-outputs';

/** Parses every code string with one Python process; returns null or the error per code. */
function parseAll(codes: string[]): (string | null)[] {
  const program = [
    'import ast, json, sys',
    'out = []',
    'for code in json.load(sys.stdin):',
    '    try:',
    '        ast.parse(code)',
    '        out.append(None)',
    '    except (SyntaxError, ValueError) as e:',
    "        out.append(f'{type(e).__name__}: {e}')",
    'print(json.dumps(out))',
  ].join('\n');
  const res = spawnSync('python3', ['-c', program], {
    input: JSON.stringify(codes),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`python3 failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as (string | null)[];
}

function recordedAnswers(): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  for (const model of readdirSync(OUTPUTS)) {
    for (const task of readdirSync(join(OUTPUTS, model))) {
      const dir = join(OUTPUTS, model, task);
      for (const file of readdirSync(dir).filter((f) => f.endsWith('_response.txt'))) {
        found.push({
          name: `${model}/${task}/${file}`,
          text: readFileSync(join(dir, file), 'utf8'),
        });
      }
    }
  }
  return found;
}

/** An independent look: every fenced body and the whole text, as candidate scripts. */
function candidates(text: string): string[] {
  const bodies = [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  return [...bodies, text.replace(/<\|python_tag\|>/g, '')].filter((c) =>
    /^(import|from)\s/m.test(c),
  );
}

describe.runIf(existsSync(OUTPUTS))('extractCode over every recorded SimBench answer', () => {
  it('yields parseable code for each answer that holds a script, and tells the rest apart', () => {
    const answers = recordedAnswers();
    expect(answers.length).toBeGreaterThan(100);
    const results = answers.map((a) => extractCode(a.text));
    const cands = answers.map((a) => candidates(a.text));
    // One Python process for all: extracted code, salvaged code, and the candidates.
    const batch: string[] = [];
    const at = (code: string | null) => (code === null ? -1 : batch.push(code) - 1);
    const codeIdx = results.map((r) => at(r.code));
    const salvIdx = results.map((r) => at(r.salvaged));
    const candIdx = cands.map((cs) => cs.map((c) => at(c)));
    const parsed = parseAll(batch);

    const counts = {
      answers: answers.length,
      scripts: 0,
      noScript: 0,
      truncated: 0,
      salvaged: 0,
      brokenByModel: 0,
    };
    for (let i = 0; i < answers.length; i += 1) {
      const r = results[i];
      const holdsScript = candIdx[i].some((k) => parsed[k] === null);
      if (r.code === null) {
        counts.noScript += 1;
        expect(holdsScript, `${answers[i].name} holds a script`).toBe(false);
        continue;
      }
      if (r.truncation.length > 0) {
        counts.truncated += 1;
        if (r.salvaged !== null && parsed[salvIdx[i]] === null) counts.salvaged += 1;
        continue;
      }
      const error = parsed[codeIdx[i]];
      if (holdsScript) {
        counts.scripts += 1;
        expect(error, `${answers[i].name}`).toBeNull();
      } else {
        // The model's own syntax error: what we extracted fails exactly as the answer does.
        counts.brokenByModel += 1;
        expect(error, `${answers[i].name} should not parse`).not.toBeNull();
      }
    }
    console.log('SimBench answers:', JSON.stringify(counts));
    expect(counts.scripts).toBeGreaterThan(150);
    expect(counts.noScript).toBeGreaterThan(0);
    expect(counts.truncated).toBeGreaterThan(0);
    // A cut answer's complete part is itself a valid script.
    expect(counts.salvaged).toBe(counts.truncated);
  }, 60_000);
});

describe('extractCode', () => {
  it('takes a labelled fenced block out of prose', () => {
    const r = extractCode('Here it is:\n\n```python\nimport math\nprint(math.pi)\n```\nEnjoy.');
    expect(r.code).toBe('import math\nprint(math.pi)\n');
    expect(r.source).toBe('fenced');
    expect(r.truncation).toEqual([]);
  });

  it('accepts an unlabelled block only when it reads like Python', () => {
    expect(extractCode('```\nimport os\nx = 1\n```').code).toBe('import os\nx = 1\n');
    expect(extractCode('```\nThis is just a note to the user about it.\n```').code).toBeNull();
  });

  it('ignores shell and JSON blocks', () => {
    const r = extractCode('```bash\npip install pychrono\n```\n```json\n{"a": 1}\n```');
    expect(r.code).toBeNull();
  });

  it('prefers the last whole script over earlier ones and later snippets', () => {
    const original = 'import pychrono as chrono\nsys = chrono.ChSystemNSC()\nprint(1)\n';
    const modified = 'import pychrono as chrono\nsys = chrono.ChSystemSMC()\nprint(2)\n';
    const answer = `Original:\n\`\`\`python\n${original}\`\`\`\nModified:\n\`\`\`python\n${modified}\`\`\`\nThe key line:\n\`\`\`python\nsys = chrono.ChSystemSMC()\n\`\`\``;
    expect(extractCode(answer).code).toBe(modified);
  });

  it('joins consecutive parts when no block is whole on its own', () => {
    const answer =
      'First the imports... wait, they are implied.\n```python\nsys = make()\n```\nThen the loop:\n```python\nwhile True:\n    sys.step()\n```';
    const r = extractCode(answer);
    expect(r.source).toBe('merged');
    expect(r.code).toBe('sys = make()\n\nwhile True:\n    sys.step()\n');
  });

  it('reads bare code and drops the prose after it', () => {
    const r = extractCode(
      '<|python_tag|>import math\nx = math.pi\nprint(x)\n\nThis script prints the value of pi.',
    );
    expect(r.source).toBe('bare');
    expect(r.code).toBe('import math\nx = math.pi\nprint(x)\n');
  });

  it('says when an answer holds no script', () => {
    const r = extractCode("I don't see any instructions. Please provide them and I will help.");
    expect(r.code).toBeNull();
    expect(r.source).toBeNull();
  });

  it('drops the thinking a model wrote into its content', () => {
    const r = extractCode(
      '<think>maybe ```python\nimport bad\n```</think>```python\nimport good\n```',
    );
    expect(r.code).toBe('import good\n');
  });

  it('detects a cut answer: open fence, open bracket, and salvages the whole statements', () => {
    const r = extractCode('```python\nimport math\nx = 1\nvalues = [1, 2,\n  3, 4');
    expect(r.truncation).toEqual(['unclosed-fence', 'unbalanced-brackets']);
    expect(r.salvaged).toBe('import math\nx = 1\n');
  });

  it('detects a line cut after an operator and the length limit', () => {
    const r = extractCode('```python\nimport math\ny = 2 +\n```', { doneReason: 'length' });
    expect(r.truncation).toContain('length-limit');
    expect(r.truncation).toContain('cut-line');
  });

  it('tells a model error (string left open in a closed block) from a cut', () => {
    const r = extractCode('```python\n"""\nimport math\nprint(1)\n```');
    expect(r.truncation).toEqual([]);
    expect(r.broken).toBe('open-string');
  });

  it('salvage drops the line the stream stopped in', () => {
    expect(salvage('import a\nx = 1\nfrom chrono\n\n')).toBe('import a\nx = 1\n');
  });

  it('salvage drops a block header left without its body', () => {
    expect(salvage('import a\nfor i in range(3):\n    print(i)\nwhile True:\n    x = f(')).toBe(
      'import a\nfor i in range(3):\n    print(i)\n',
    );
  });
});
