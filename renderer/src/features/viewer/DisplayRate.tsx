// The display rate of a streaming run and why it is what it is, from the bridge's
// `display` messages (python-runtime/PROTOCOL.md): "display 24 Hz (budget 5 %: simulation
// is the bottleneck)". Shown in the timeline while the run streams.
import type { DisplayMessage } from '../../../../electron/common/stream';
import { useTimeline } from './session-context';

function rate(hz: number): string {
  return hz >= 10 ? String(Math.round(hz)) : String(Number(hz.toFixed(1)));
}

function percent(share: number): string {
  const p = share * 100;
  return p >= 10 ? String(Math.round(p)) : String(Number(p.toFixed(1)));
}

/** One line for the status of the display rate. */
export function describeDisplayRate(m: DisplayMessage): string {
  const shown = `display ${rate(m.hz)} Hz`;
  const budget = `budget ${percent(m.budget)} %`;
  switch (m.reason) {
    case 'requested':
      return shown;
    case 'budget':
      return `${shown} (${budget}: simulation is the bottleneck)`;
    case 'floor':
      return `${shown} (lowest rate: streaming takes ${percent(m.share)} % of the loop, ${budget})`;
    case 'samples':
      return `${shown} (sample frames take ${percent(m.sampleShare)} % of the loop, ${budget}: raise the sample step to stream less)`;
    case 'steps':
      return `${shown} (each simulation step takes longer than a display frame)`;
  }
}

export function DisplayRate() {
  const display = useTimeline((s) => (s.streaming ? s.display : null));
  if (!display) return null;
  const lowered = display.reason !== 'requested';
  return (
    <span
      className={lowered ? 'viewer-display-rate viewer-display-lowered' : 'viewer-display-rate'}
      data-testid="display-rate"
      title={`The bridge spends ${percent(display.share)} % of the simulation loop streaming; its budget is ${percent(display.budget)} % (Settings).`}
    >
      {describeDisplayRate(display)}
    </span>
  );
}
