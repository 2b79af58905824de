import { describe, expect, it } from 'vitest';
import { cleanModelAnswer, cleanScript, extractPythonCode } from './clean-code';

describe('the benchmark comment stripping (SIMILARITY.md 2.2, 2.3)', () => {
  it('cuts from every # to the end of its line, even inside strings, then triple-quoted blocks', () => {
    const source = 'x = 1  # set x\ns = "#not a comment"\n"""doc\nstring"""\ny = 2\n';
    expect(cleanScript(source)).toBe('x = 1  \ns = "\n\ny = 2');
  });

  it("stops a comment only at \\n, as Python's . does", () => {
    expect(cleanScript('a = 1 # x\u2028y\nb = 2')).toBe('a = 1 \nb = 2');
  });

  it('reads \\r\\n as Python does', () => {
    expect(cleanScript("a = 1\r\n'''doc'''\r\nb = 2 # c\r\n")).toBe('a = 1\n\nb = 2');
  });
});

describe('code extraction from a model reply', () => {
  it('joins every ```python block, each stripped, with a blank line', () => {
    const reply =
      'Here:\n```python\nimport a\n```\nthen\n```python\n\nb = 1\n```\n```\nnot code\n```';
    expect(extractPythonCode(reply)).toBe('import a\n\nb = 1');
  });

  it('takes the whole reply when there is no ```python fence (```py and ```Python do not count)', () => {
    expect(extractPythonCode('  ```py\nx = 1\n```  ')).toBe('```py\nx = 1\n```');
    expect(extractPythonCode('```Python\nx = 1\n```')).toBe('```Python\nx = 1\n```');
  });

  it('marks a reply whose ```python fence never closes', () => {
    expect(extractPythonCode('Sure:\n```python\nx = 1\n')).toBe(
      'x = 1\nprint("error happened with only start ```python")',
    );
  });

  it('cleans a reply as the benchmark did: extract, then strip comments', () => {
    expect(cleanModelAnswer('```python\n# setup\nx = 1  # one\n```')).toBe('x = 1');
  });
});
