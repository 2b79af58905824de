import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { DisplayMessage } from '../../../../electron/common/stream';
import { DisplayRate, describeDisplayRate } from './DisplayRate';
import { ViewerSessionContext } from './session-context';
import { ViewerSession } from './viewer-session';

function message(reason: DisplayMessage['reason'], hz: number): DisplayMessage {
  return {
    type: 'display',
    hz,
    targetHz: hz,
    requestedHz: 60,
    budget: 0.05,
    share: 0.083,
    sampleShare: 0.07,
    reason,
  };
}

let session: ViewerSession;
beforeEach(() => {
  session = new ViewerSession();
});
afterEach(cleanup);

describe('DisplayRate', () => {
  it('says what rate the view gets and why', () => {
    expect(describeDisplayRate(message('requested', 59.7))).toBe('display 60 Hz');
    expect(describeDisplayRate(message('budget', 24.2))).toBe(
      'display 24 Hz (budget 5 %: simulation is the bottleneck)',
    );
    expect(describeDisplayRate(message('floor', 4.96))).toBe(
      'display 5 Hz (lowest rate: streaming takes 8.3 % of the loop, budget 5 %)',
    );
    expect(describeDisplayRate(message('samples', 4.5))).toMatch(
      /^display 4\.5 Hz \(sample frames take 7 % of the loop, budget 5 %: raise the sample step/,
    );
  });

  it('shows the newest report while the run streams, and nothing after', () => {
    render(
      <ViewerSessionContext.Provider value={session}>
        <DisplayRate />
      </ViewerSessionContext.Provider>,
    );
    expect(screen.queryByTestId('display-rate')).toBeNull();
    act(() => session.timeline.setState({ streaming: true, display: message('budget', 24) }));
    expect(screen.getByTestId('display-rate').textContent).toBe(
      'display 24 Hz (budget 5 %: simulation is the bottleneck)',
    );
    act(() => session.timeline.setState({ streaming: false }));
    expect(screen.queryByTestId('display-rate')).toBeNull();
  });
});
