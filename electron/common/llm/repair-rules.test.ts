import { describe, expect, it } from 'vitest';
import { afterAnswer, afterRun, failureSignature, type RepairAttempt } from './repair-rules';

const fail = (message: string, line: number | null = 3) => ({ message, line });
const attempt = (index: number, message: string): RepairAttempt => ({
  index,
  failure: fail(message),
  before: 'a',
  after: 'b',
  outcome: null,
});

describe('afterRun', () => {
  it('is done when the run worked', () => {
    expect(afterRun(null, [attempt(1, 'NameError: x')], 3)).toEqual({ action: 'fixed' });
  });

  it('repairs a first failure', () => {
    expect(afterRun(fail("AttributeError: no attribute 'SetBodyFixed'"), [], 3)).toEqual({
      action: 'repair',
    });
  });

  it('repairs a new error after a fix', () => {
    expect(afterRun(fail('NameError: y'), [attempt(1, 'NameError: x')], 3).action).toBe('repair');
  });

  it('stops when a fix brings back the same error, even on another line', () => {
    const d = afterRun(
      fail('Traceback...\nNameError: name x is not defined', 9),
      [attempt(1, 'NameError: name x is not defined')],
      3,
    );
    expect(d.action).toBe('stop');
    if (d.action === 'stop') expect(d.diagnosis).toMatch(/same error.*line 9/);
  });

  it('stops when an earlier error comes back (a cycle)', () => {
    const d = afterRun(
      fail('NameError: x'),
      [attempt(1, 'NameError: x'), attempt(2, 'TypeError: z')],
      5,
    );
    expect(d.action).toBe('stop');
    if (d.action === 'stop') expect(d.diagnosis).toMatch(/round in circles/);
  });

  it('stops after the allowed attempts', () => {
    const d = afterRun(
      fail('KeyError: 3'),
      [attempt(1, 'A: 1'), attempt(2, 'B: 2'), attempt(3, 'C: 3')],
      3,
    );
    expect(d.action).toBe('stop');
    if (d.action === 'stop') expect(d.diagnosis).toMatch(/after 3 attempts/);
  });

  it('stops at once when a PyChrono module is missing', () => {
    const d = afterRun(fail('ModuleNotFoundError: pychrono.sensor'), [], 3, 'pychrono.sensor');
    expect(d.action).toBe('stop');
  });
});

describe('afterAnswer', () => {
  it('applies a changed script', () => {
    expect(afterAnswer('import a\nx = 1\n', 'import a\nx = 2\n')).toEqual({ action: 'apply' });
  });
  it('stops when the model returns the same script, whitespace aside', () => {
    expect(afterAnswer('import a\nx = 1\n', 'import a  \n\nx = 1').action).toBe('stop');
  });
  it('stops when the answer holds no script', () => {
    expect(afterAnswer('import a', null).action).toBe('stop');
  });
});

describe('failureSignature', () => {
  it('ignores line numbers and addresses', () => {
    expect(failureSignature(fail('File "x", line 3\nTypeError: bad <obj at 0x7f00>'))).toBe(
      failureSignature(fail('File "x", line 9\nTypeError: bad <obj at 0x7f99>')),
    );
  });
});
