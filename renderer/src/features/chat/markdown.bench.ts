// How much a streamed answer costs to render: `npx vitest bench renderer/src/features/chat`.
// At 150 tokens/s and 60 frames/s the growing answer is re-rendered once per frame; the
// figure to read is the mean time of the last frame (the longest text) against the 16.7 ms
// a frame has. Reads a recorded SimBench answer at run time.
/* eslint-disable no-restricted-imports -- a benchmark reading a recorded answer from disk */
import { existsSync, readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { renderMarkdown } from './markdown';

const FILE = '/work/shared/simbench/model-outputs/gpt-4o-mini/pendulum/third_response.txt';
const answer = existsSync(FILE)
  ? readFileSync(FILE, 'utf8')
  : '```python\n' + 'x = chrono.ChVector3d(1, 2, 3)  # a line of code\n'.repeat(120) + '```\n';
const tokens = answer.match(/\s*[^\s]{1,4}|\s+/g) ?? [];
const perFrame = Math.ceil(150 / 60);

describe(`streamed answer of ${tokens.length} tokens (${answer.length} chars)`, () => {
  bench('last frame: render the whole answer once', () => {
    renderMarkdown(answer);
  });

  bench(
    `whole stream: one render per frame, ${perFrame} tokens per frame`,
    () => {
      let text = '';
      for (let i = 0; i < tokens.length; i += perFrame) {
        text += tokens.slice(i, i + perFrame).join('');
        renderMarkdown(text);
      }
    },
    { iterations: 3 },
  );
});
