import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../../electron/common/contract';
import { formatRealtimeFactor, formatSimTime, runProgress, statusLabel } from './run-format';

const summary = (simTime: number) => ({ simTime }) as RunSummary;

describe('run figures', () => {
  it('shows simulated time with fitting precision', () => {
    expect(formatSimTime(0.125)).toBe('0.125 s');
    expect(formatSimTime(12.5)).toBe('12.50 s');
    expect(formatSimTime(125)).toBe('125.0 s');
  });

  it('shows the real-time factor, or a dash before it is known', () => {
    expect(formatRealtimeFactor(0.5)).toBe('0.50×');
    expect(formatRealtimeFactor(42.4)).toBe('42×');
    expect(formatRealtimeFactor(0)).toBe('–');
  });

  it('measures progress against the simulated-time limit', () => {
    expect(runProgress(summary(7.5), 30)).toBe(0.25);
    expect(runProgress(summary(31), 30)).toBe(1);
    expect(runProgress(summary(1), undefined)).toBeNull();
    expect(runProgress(null, 30)).toBeNull();
  });

  it('labels every status', () => {
    expect(statusLabel('limit')).toBe('Limit reached');
    expect(statusLabel('crashed')).toBe('Crashed');
  });
});
