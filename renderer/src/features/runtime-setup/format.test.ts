import { describe, expect, it } from 'vitest';
import { bytesText, moduleRows, overrideText, sizeText, stageStep } from './format';

describe('runtime card wording', () => {
  it('numbers the stages an install goes through', () => {
    expect(stageStep('check')).toBe('Step 1 of 6: Checking the pack and the folder');
    expect(stageStep('extract')).toBe('Step 4 of 6: Extracting');
    expect(stageStep('done')).toBe('Done');
  });

  it('gives bytes with a percentage, and nothing for stages without a count', () => {
    const p = { installId: 'a', stage: 'download' as const, message: '' };
    expect(bytesText({ ...p, bytes: 120_000_000, totalBytes: 480_000_000 })).toBe(
      '120 MB of 480 MB (25%)',
    );
    expect(bytesText({ ...p, bytes: 0, totalBytes: 0 })).toBe('');
  });

  it('says what a pack needs: the download and the room on disk', () => {
    const m = { size: 480_000_000, unpackedSize: 1_650_000_000 };
    expect(sizeText(m, true, 20_000_000_000)).toBe(
      '480 MB download, 1.6 GB on disk (20.0 GB free)',
    );
    expect(sizeText(m, false, null)).toBe('1.6 GB on disk');
  });

  it('lists every module in the probe’s order', () => {
    expect(moduleRows({ core: true, vehicle: true }).slice(0, 3)).toEqual([
      { name: 'core', ok: true },
      { name: 'fea', ok: false },
      { name: 'vehicle', ok: true },
    ]);
  });

  it('says what overrides the installed runtime', () => {
    const state = {
      root: '/r',
      selected: 'x',
      runtimes: [],
      notices: [],
      overriddenBy: { source: 'setting' as const, python: '/usr/bin/python3' },
    };
    expect(overrideText(state)).toBe(
      'The Python interpreter setting (/usr/bin/python3) comes before the installed runtime: runs use that Python.',
    );
    expect(overrideText({ ...state, overriddenBy: null })).toBeNull();
  });
});
