import '../../testing/jsdom-shims';
import { describe, expect, it } from 'vitest';
import { driverInput, NEUTRAL, type DriverKey } from './driver-keys';

const keys = (...k: DriverKey[]) => new Set(k);

describe('driver keys', () => {
  it('is neutral with no key held', () => {
    expect(driverInput(keys())).toEqual(NEUTRAL);
  });

  it('maps W to throttle, S to braking, A and D to steering left and right', () => {
    expect(driverInput(keys('w'))).toEqual({ steering: 0, throttle: 1, braking: 0 });
    expect(driverInput(keys('s'))).toEqual({ steering: 0, throttle: 0, braking: 1 });
    expect(driverInput(keys('a', 'w'))).toEqual({ steering: 1, throttle: 1, braking: 0 });
    expect(driverInput(keys('d'))).toEqual({ steering: -1, throttle: 0, braking: 0 });
  });

  it('cancels steering when both A and D are held', () => {
    expect(driverInput(keys('a', 'd')).steering).toBe(0);
  });
});
