import { describe, expect, it } from 'vitest';
import { precleanPython } from './python-preclean';
import { PythonTokenizeError, pythonTokens } from './python-tokenize';

// Expected texts are what CPython 3.11's tokenize gives with the package's function.
const cleaned = (source: string) => precleanPython(source);

describe('pre-clean on CPython 3.11 tokens (SIMILARITY.md 4.5)', () => {
  it('rebuilds indentation from columns: one space per character except on INDENT lines', () => {
    expect(cleaned('if a:\n\tb = 1\n\tc = 2').text).toBe('if a:\n\tb = 1\n c = 2');
  });

  it('glues a backslash continuation onto the same line', () => {
    expect(cleaned('x = 1 + \\\n    2').text).toBe('x = 1 +    2');
  });

  it('drops statement-level strings and blank lines', () => {
    expect(cleaned('def f():\n    """doc"""\n\n    return 1').text).toBe('def f():\n    return 1');
    expect(cleaned('"hello"\nx = 1').text).toBe('x = 1');
  });

  it('keeps a string after a DEDENT to a non-zero column (quirk of the rule)', () => {
    const source = "class A:\n    def f(self):\n        pass\n    'kept'";
    expect(cleaned(source).text).toBe(source);
  });

  it('keeps strings inside statements and the gaps between tokens', () => {
    expect(cleaned("x  =  'a'   'b'").text).toBe("x  =  'a'   'b'");
  });

  it('goes on past stray characters and unterminated one-line strings', () => {
    expect(cleaned('a = b $ c')).toEqual({ text: 'a = b $ c', tokenized: true });
    expect(cleaned('print("abc)\nx = 1')).toEqual({ text: 'print("abc)\nx = 1', tokenized: true });
  });

  it('keeps the text unchanged, blank lines included, when the tokenizer raises', () => {
    expect(cleaned('x = (1,\n\ny = 2')).toEqual({ text: 'x = (1,\n\ny = 2', tokenized: false });
    expect(cleaned('s = """open\n\nx')).toEqual({ text: 's = """open\n\nx', tokenized: false });
    expect(cleaned('if a:\n        b\n    c').tokenized).toBe(false);
  });
});

describe('tokenizer', () => {
  it('raises what CPython raises', () => {
    expect(() => [...pythonTokens('if a:\n        b\n    c')]).toThrow(
      new PythonTokenizeError('unindent does not match any outer indentation level', 3),
    );
    expect(() => [...pythonTokens('f(1,')]).toThrow('EOF in multi-line statement');
  });

  it('yields the tokens and positions of generate_tokens', () => {
    const tokens = [...pythonTokens('if x:\n  y = 0x1F # c')].map((t) => [
      t.type,
      t.text,
      t.startRow,
      t.startCol,
    ]);
    expect(tokens).toEqual([
      ['NAME', 'if', 1, 0],
      ['NAME', 'x', 1, 3],
      ['OP', ':', 1, 4],
      ['NEWLINE', '\n', 1, 5],
      ['INDENT', '  ', 2, 0],
      ['NAME', 'y', 2, 2],
      ['OP', '=', 2, 4],
      ['NUMBER', '0x1F', 2, 6],
      ['COMMENT', '# c', 2, 11],
      ['NEWLINE', '', 2, 14],
      ['DEDENT', '', 3, 0],
      ['ENDMARKER', '', 3, 0],
    ]);
  });
});
