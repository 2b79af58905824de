import { describe, expect, it } from 'vitest';
import { acceptChange, describeChange, rejectChange } from './line-changes';

const original = ['a', 'b', 'c', 'd'].join('\n');
const modified = ['a', 'B', 'c', 'x', 'd'].join('\n');
// Two changes: line 2 b -> B; after line 3 an inserted x (modified line 4).
const change1 = {
  originalStartLineNumber: 2,
  originalEndLineNumber: 2,
  modifiedStartLineNumber: 2,
  modifiedEndLineNumber: 2,
};
const change2 = {
  originalStartLineNumber: 3,
  originalEndLineNumber: 0,
  modifiedStartLineNumber: 4,
  modifiedEndLineNumber: 4,
};

describe('per-change review', () => {
  it('accepting a change copies it to the left side only', () => {
    const r = acceptChange(original, modified, change1);
    expect(r.original).toBe('a\nB\nc\nd');
    expect(r.modified).toBe(modified);
  });

  it('accepting an insertion inserts after the given line', () => {
    expect(acceptChange(original, modified, change2).original).toBe('a\nb\nc\nx\nd');
  });

  it('rejecting a change restores the left lines on the right', () => {
    expect(rejectChange(original, modified, change1).modified).toBe('a\nb\nc\nx\nd');
    expect(rejectChange(original, modified, change2).modified).toBe('a\nB\nc\nd');
  });

  it('accepting a deletion removes the lines', () => {
    const del = {
      originalStartLineNumber: 2,
      originalEndLineNumber: 3,
      modifiedStartLineNumber: 1,
      modifiedEndLineNumber: 0,
    };
    expect(acceptChange('a\nb\nc\nd', 'a\nd', del).original).toBe('a\nd');
    expect(rejectChange('a\nb\nc\nd', 'a\nd', del).modified).toBe('a\nb\nc\nd');
  });

  it('describes changes for the list', () => {
    expect(describeChange(change1)).toBe('changes line 2');
    expect(describeChange(change2)).toBe('adds 1 line after line 3');
  });
});
