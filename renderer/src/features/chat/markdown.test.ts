import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders fenced code with its language', () => {
    const html = renderMarkdown('Here:\n\n```python\nimport math\n```\n');
    expect(html).toContain('<pre><code class="language-python">import math');
  });

  it('removes scripts and event handlers from an answer', () => {
    const html = renderMarkdown(
      'hi <script>alert(1)</script><img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>',
    );
    expect(html).not.toMatch(/<script|onerror|javascript:/);
  });

  it('renders an unclosed fence of a streaming answer as code', () => {
    expect(renderMarkdown('```python\nimport ma')).toContain(
      '<code class="language-python">import ma',
    );
  });
});
