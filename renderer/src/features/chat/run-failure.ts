// What counts as a failed run for the repair loop, and how it is told to the model: an
// exception (with its line and the source line), a crash, or a run that made no bodies.
import type { RunSummary } from '../../../../electron/common/contract';
import type { RunFailure } from '../../../../electron/common/contract/llm';

/**
 * @param bodies the number of bodies the run's scene held, or null when no scene arrived
 * @returns the failure, or null when the run did what a twin should
 */
export function runFailure(
  summary: RunSummary,
  bodies: number | null,
  script: string,
): RunFailure | null {
  const lines = script.split('\n');
  const lineText = (line: number | null) =>
    line !== null && line >= 1 && line <= lines.length ? lines[line - 1] : null;
  if (summary.status === 'error' || summary.error) {
    const e = summary.error;
    const line = e?.line ?? null;
    const message = e
      ? [e.traceback?.trim(), `${e.errorType}: ${e.message}`].filter(Boolean).join('\n')
      : summary.reason || 'The script failed.';
    return { message: dedupe(message), line, lineText: lineText(line) };
  }
  if (summary.status === 'crashed') {
    return {
      message: `The Python process crashed (${summary.reason || 'no reason given'}) before the run ended. PyChrono crashes like this on a missing mesh file, a body used before it was added, or an invalid pointer.`,
      line: null,
      lineText: null,
    };
  }
  if ((summary.status === 'finished' || summary.status === 'limit') && bodies === 0) {
    return {
      message:
        'The script ran but the system holds no bodies: nothing was added to the ChSystem that the visual system shows. Add every body to the system with sys.Add(body) and attach the system with vis.AttachSystem(sys).',
      line: null,
      lineText: null,
    };
  }
  return null;
}

/** The traceback's last line often repeats the message: keep it once. */
function dedupe(message: string): string {
  const lines = message.split('\n');
  return lines.filter((l, i) => i === 0 || l !== lines[i - 1]).join('\n');
}

/** Counts bodies per run from the runtime's scene messages (full scenes, then diffs). */
export class SceneBodies {
  private readonly runs = new Map<string, Map<string, boolean>>();

  onScene(
    runId: string,
    scene: {
      full: boolean;
      add: { key: number | string; kind: string }[];
      remove: (number | string)[];
    },
  ): void {
    let items = this.runs.get(runId);
    if (!items || scene.full) {
      items = new Map();
      this.runs.set(runId, items);
    }
    for (const item of scene.add) items.set(String(item.key), item.kind === 'body');
    for (const key of scene.remove) items.delete(String(key));
  }

  /** Bodies seen in the run, or null when no scene arrived. */
  count(runId: string): number | null {
    const items = this.runs.get(runId);
    if (!items) return null;
    let n = 0;
    for (const isBody of items.values()) if (isBody) n += 1;
    return n;
  }

  forget(runId: string): void {
    this.runs.delete(runId);
  }
}
