import '../testing/jsdom-shims';
import { describe, expect, it } from 'vitest';
import { resolveTheme, useTheme } from './theme';

describe('theme', () => {
  it('follows the OS only when the choice is "system"', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('applies the chosen theme to the document', () => {
    useTheme.getState().setChoice('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    useTheme.getState().setChoice('light');
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(useTheme.getState().resolved).toBe('light');
  });
});
