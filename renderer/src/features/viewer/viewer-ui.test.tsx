import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { body, frame, scene, shape } from '../../testing/test-scenes';
import { InfoPanel } from './InfoPanel';
import { TimelineBar } from './TimelineBar';
import type { ReactElement } from 'react';
import { ViewerSessionContext } from './session-context';
import { ViewerSession } from './viewer-session';
import { itemsMadeAt, SourceLinkContext, type SourceLink } from './source-link';

let viewerSession: ViewerSession;

/** Renders a panel of the session, as the app does inside a lane. */
function show(panel: ReactElement) {
  return render(
    <ViewerSessionContext.Provider value={viewerSession}>{panel}</ViewerSessionContext.Provider>,
  );
}

beforeEach(() => {
  viewerSession = new ViewerSession();
  viewerSession.begin('run-ui', 'run');
  viewerSession.handleMessage(
    'run-ui',
    scene([
      body(5, [shape({ type: 'box', lengths: [1, 1, 1] }), shape({ type: 'sphere', radius: 1 })], {
        name: 'crank',
        id: 42,
        line: 12,
        addLine: 14,
      }),
    ]),
  );
  for (let i = 0; i < 4; i++) {
    viewerSession.handleFrame('run-ui', frame(i * 0.5, { 5: { pos: [i, 2, 3], vel: [1, 0, 0] } }));
  }
  viewerSession.flushUi();
});
afterEach(cleanup);

describe('InfoPanel', () => {
  it('shows the selected body: name, identifier, shape kinds and its pose at the cursor', async () => {
    show(<InfoPanel />);
    expect(screen.queryByTestId('info-panel')).toBeNull();
    viewerSession.view.getState().select(5);
    expect(await screen.findByTestId('info-name')).toHaveProperty('textContent', 'crank');
    const panel = screen.getByTestId('info-panel');
    expect(panel.textContent).toContain('42');
    expect(panel.textContent).toContain('box, sphere');
    expect(screen.getByTestId('info-pose').textContent).toContain('3, 2, 3');
    viewerSession.seek(1);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(screen.getByTestId('info-pose').textContent).toContain('1, 2, 3');
  });
});

describe('the line that made a body', () => {
  it('links to the line in the editor, and says so instead when the script changed', async () => {
    const revealed: number[] = [];
    let unchanged = true;
    const link: SourceLink = {
      reveal: (line) => {
        if (unchanged) revealed.push(line);
        return unchanged;
      },
    };
    render(
      <ViewerSessionContext.Provider value={viewerSession}>
        <SourceLinkContext.Provider value={link}>
          <InfoPanel />
        </SourceLinkContext.Provider>
      </ViewerSessionContext.Provider>,
    );
    viewerSession.view.getState().select(5);
    const links = await screen.findAllByTestId('info-line-link');
    expect(screen.getByTestId('info-made-at').textContent).toBe('line 12, added at line 14');
    fireEvent.click(links[0]);
    expect(revealed).toEqual([12]);
    expect(screen.queryByTestId('info-line-stale')).toBeNull();

    unchanged = false;
    fireEvent.click(links[1]);
    expect(revealed).toEqual([12]);
    expect(screen.getByTestId('info-line-stale').textContent).toContain(
      'The script has changed since this run, so line 14 may hold something else now.',
    );
  });

  it('shows the line as text where the view has no editor (a reference, a recording)', async () => {
    show(<InfoPanel />);
    viewerSession.view.getState().select(5);
    expect((await screen.findByTestId('info-made-at')).textContent).toBe(
      'line 12, added at line 14',
    );
    expect(screen.queryByTestId('info-line-link')).toBeNull();
  });

  it('finds the items a line made or added', () => {
    const items = viewerSession.view.getState().items;
    expect(itemsMadeAt(items, 12)).toEqual([5]);
    expect(itemsMadeAt(items, 14)).toEqual([5]);
    expect(itemsMadeAt(items, 13)).toEqual([]);
    expect(itemsMadeAt(items, null)).toEqual([]);
  });
});

describe('TimelineBar', () => {
  it('scrubs with the slider and says when old frames were thinned', async () => {
    show(<TimelineBar />);
    const slider = screen.getByTestId('timeline-slider') as HTMLInputElement;
    expect(slider.max).toBe('3');
    fireEvent.change(slider, { target: { value: '2' } });
    expect(viewerSession.cursor.getState()).toMatchObject({ index: 2, time: 1 });
    expect(viewerSession.timeline.getState().live).toBe(false);
    expect(screen.getByTestId('timeline-time').textContent).toBe('1.000 s');
    expect(screen.queryByTestId('timeline-thinned')).toBeNull();
    viewerSession.setCapMiB(1);
    viewerSession.frames.setCap(300); // a few hundred bytes: forces thinning
    viewerSession.flushUi();
    expect((await screen.findByTestId('timeline-thinned')).textContent).toMatch(
      /older frames thinned/,
    );
  });
});
