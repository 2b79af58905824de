// What counts as a failed run for the repair loop, and how it is told to the model: an
// exception (with its line and the source line), a crash, or a run that made no bodies.
// Pure: the host's repair loop and the benchmark runner share it.
import type { RunSummary } from '../contract';
import type { RunFailure } from '../contract/llm';

/** The failure, or null when the run did what a twin should: it ran, and its scene holds
 *  something (an empty system is a failure too: the model forgot to add what it made). FEA
 *  scenes may hold meshes and no bodies, so any item counts. */
export function runFailure(summary: RunSummary, script: string): RunFailure | null {
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
  if ((summary.status === 'finished' || summary.status === 'limit') && summary.items === 0) {
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
