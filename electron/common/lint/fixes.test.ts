import { describe, expect, it } from 'vitest';
import { applyFixes, fixUntilStable, planFixes, safeFixes } from './fixes';
import type { LintFix, LintProblem } from './problem';

const at = (line: number, column: number, endColumn: number, text: string) => ({
  range: { startLine: line, startColumn: column, endLine: line, endColumn },
  text,
});

function problem(line: number, column: number, fix: LintFix | undefined): LintProblem {
  return {
    line,
    column,
    endLine: line,
    endColumn: column + 1,
    code: 'renamed',
    severity: 'error',
    message: '',
    fix,
  };
}

describe('applyFixes', () => {
  it('applies every edit, from the end, so positions stay valid', () => {
    const source = 'a = chrono.ChVectorD()\nb = chrono.ChVectorD()\n';
    const fixes = [
      problem(1, 12, { title: '', safe: true, edits: [at(1, 12, 21, 'ChVector3d')] }),
      problem(2, 12, { title: '', safe: true, edits: [at(2, 12, 21, 'ChVector3d')] }),
    ];
    expect(applyFixes(source, fixes)).toBe('a = chrono.ChVector3d()\nb = chrono.ChVector3d()\n');
  });

  it('leaves out a fix that overlaps one already taken, whole', () => {
    const source = 'x.SetPos_dt()\n';
    const first = problem(1, 3, { title: 'a', safe: true, edits: [at(1, 3, 12, 'SetPosDt')] });
    const second = problem(1, 5, {
      title: 'b',
      safe: true,
      edits: [at(1, 1, 2, 'y'), at(1, 5, 8, 'Q')],
    });
    const plan = planFixes(source, [second, first]);
    expect(plan.code).toBe('x.SetPosDt()\n');
    expect(plan.applied).toEqual([first]);
    expect(plan.skipped).toEqual([second]);
  });

  it('makes an edit shared by two fixes (the same import line) once', () => {
    const source = 'import pychrono as chrono\na = chrono.ChNodeFEAxyz()\nb = chrono.ChMesh()\n';
    const addImport = at(2, 1, 1, 'import pychrono.fea as fea\n');
    const fixes = [
      problem(2, 5, { title: '', safe: true, edits: [addImport, at(2, 5, 11, 'fea')] }),
      problem(3, 5, { title: '', safe: true, edits: [addImport, at(3, 5, 11, 'fea')] }),
    ];
    expect(applyFixes(source, fixes)).toBe(
      'import pychrono as chrono\nimport pychrono.fea as fea\na = fea.ChNodeFEAxyz()\nb = fea.ChMesh()\n',
    );
  });

  it('keeps Windows line ends', () => {
    const source = 'a = chrono.ChVectorD()\r\nb = 1\r\n';
    const fix = problem(1, 12, { title: '', safe: true, edits: [at(1, 12, 21, 'ChVector3d')] });
    expect(applyFixes(source, [fix])).toBe('a = chrono.ChVector3d()\r\nb = 1\r\n');
  });

  it('safeFixes keeps only the exact renames', () => {
    const safe = problem(1, 1, { title: '', safe: true, edits: [] });
    const guess = problem(2, 1, { title: '', safe: false, edits: [] });
    expect(safeFixes([safe, guess, problem(3, 1, undefined)])).toEqual([safe]);
  });

  it('fixUntilStable lints again after each pass, until nothing safe is left', () => {
    const lint = (code: string): LintProblem[] =>
      code.includes('OLD')
        ? [
            problem(1, code.indexOf('OLD') + 1, {
              title: '',
              safe: true,
              edits: [at(1, code.indexOf('OLD') + 1, code.indexOf('OLD') + 4, 'NEW')],
            }),
          ]
        : [];
    const run = fixUntilStable('OLD OLD', lint);
    expect(run.code).toBe('NEW NEW');
    expect(run.applied).toHaveLength(2);
    expect(run.remaining).toEqual([]);
  });
});
