// W/A/S/D drive a vehicle script's interactive driver while a run is active and the 3D
// view has focus: W throttle, S brake, A steer left, D steer right; releasing a key
// returns that input to neutral. Chrono's steering is positive to the left.
import { useEffect, type RefObject } from 'react';
import { isActive, type DriverInput, type RunSession } from './run-session';

export const DRIVER_KEYS = ['w', 'a', 's', 'd'] as const;
export type DriverKey = (typeof DRIVER_KEYS)[number];

export const NEUTRAL: DriverInput = { steering: 0, throttle: 0, braking: 0 };

export function driverInput(pressed: ReadonlySet<DriverKey>): DriverInput {
  const left = pressed.has('a') ? 1 : 0;
  const right = pressed.has('d') ? 1 : 0;
  return {
    steering: left - right,
    throttle: pressed.has('w') ? 1 : 0,
    braking: pressed.has('s') ? 1 : 0,
  };
}

function asDriverKey(event: KeyboardEvent): DriverKey | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.code.startsWith('Key')
    ? event.code.slice(3).toLowerCase()
    : event.key.toLowerCase();
  return (DRIVER_KEYS as readonly string[]).includes(key) ? (key as DriverKey) : null;
}

const same = (a: DriverInput, b: DriverInput) =>
  a.steering === b.steering && a.throttle === b.throttle && a.braking === b.braking;

/** Listens on the 3D view's container; sends input to the lane's run only when it changes. */
export function useDriverKeys(
  container: RefObject<HTMLElement | null>,
  session: RunSession | null,
): void {
  useEffect(() => {
    const element = container.current;
    if (!element || !session) return;
    const pressed = new Set<DriverKey>();
    let sent = NEUTRAL;
    const send = () => {
      const input = driverInput(pressed);
      if (same(input, sent)) return;
      sent = input;
      session.sendDriver(input);
    };
    const onDown = (event: KeyboardEvent) => {
      const key = asDriverKey(event);
      if (!key || !isActive(session.state.getState().summary)) return;
      event.preventDefault();
      pressed.add(key);
      send();
    };
    const onUp = (event: KeyboardEvent) => {
      const key = asDriverKey(event);
      if (!key || !pressed.delete(key)) return;
      send();
    };
    // Losing focus while a key is held must not leave the throttle open.
    const onBlur = () => {
      pressed.clear();
      send();
    };
    element.addEventListener('keydown', onDown);
    element.addEventListener('keyup', onUp);
    element.addEventListener('focusout', onBlur);
    return () => {
      element.removeEventListener('keydown', onDown);
      element.removeEventListener('keyup', onUp);
      element.removeEventListener('focusout', onBlur);
    };
  }, [container, session]);
}
