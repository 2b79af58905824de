import { describe, expect, it } from 'vitest';
import { changePreview } from './change-preview';

describe('changePreview', () => {
  const starter = '# A PyChrono twin.\n# Describe it in the chat\nimport pychrono as chrono\n';

  it('starts at the first line the user changed', () => {
    const typed = `${starter}\nTYPED = 42`;
    expect(changePreview(starter, typed)).toBe('TYPED = 42');
  });

  it('shows a change in the middle with what follows it', () => {
    const edited = starter.replace('# Describe it in the chat', 'sys = chrono.ChSystemNSC()');
    expect(changePreview(starter, edited)).toBe(
      'sys = chrono.ChSystemNSC()\nimport pychrono as chrono\n',
    );
  });

  it('shows the whole text of a new file, cut to 200 characters', () => {
    const long = 'x'.repeat(500);
    expect(changePreview('', long)).toBe('x'.repeat(200));
  });

  it('shows the last lines left when lines were only removed at the end', () => {
    expect(changePreview('a\nb\nc\nd\ne', 'a\nb\nc')).toBe('a\nb\nc');
  });
});
