// When the Python process dies on a signal (a segfault inside Chrono), the bridge's
// faulthandler log (python-runtime/PROTOCOL.md, `end`) holds the Python stack of the
// crashed thread: this names the script's line that was running. The parser is pure; the
// reader only opens the log in the run's working directory.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file the bridge's faulthandler writes, in the run's working directory. */
export const FAULT_LOG_NAME = '.twinforge-fault.log';

export interface FaultReport {
  /** What Python says killed it ("Segmentation fault", "Aborted", ...), or null. */
  fatal: string | null;
  /** The innermost line of the script in the crashed thread's stack, or null. */
  line: number | null;
  /** That line of the script, trimmed, or null. */
  lineText: string | null;
}

const FRAME = /^\s*File "(.*)", line (\d+) in /;

/**
 * Reads a faulthandler log. `scriptFile` is the path the bridge ran (the scratch copy),
 * `source` the script's text. Null when the log holds no fatal error.
 */
export function parseFaultLog(log: string, scriptFile: string, source: string): FaultReport | null {
  const fatal = /Fatal Python error: ([^\n]+)/.exec(log);
  if (!fatal) return null;
  // One block per thread, innermost frame first. The crashed thread ("Current thread", or
  // "Stack" when there is one) counts first; when it has no frame of the script (a thread
  // of Chrono's own), the thread that runs the script says where it was.
  const blocks = log.split(/\n\s*\n/).filter((b) => /\(most recent call first\):/.test(b));
  const current = blocks.filter((b) => /^(Current thread|Stack)/m.test(b));
  let line: number | null = null;
  for (const block of [...current, ...blocks.filter((b) => !current.includes(b))]) {
    line = innermostScriptLine(block, scriptFile);
    if (line !== null) break;
  }
  const lines = source.split('\n');
  const lineText = line !== null && line <= lines.length ? lines[line - 1].trim() || null : null;
  return { fatal: fatal[1].trim(), line, lineText };
}

function innermostScriptLine(block: string, scriptFile: string): number | null {
  for (const text of block.split('\n')) {
    const frame = FRAME.exec(text);
    if (frame && frame[1] === scriptFile) return Number(frame[2]);
  }
  return null;
}

/** The report in the words of a run's end reason: where the script was when it died. */
export function faultDetail(report: FaultReport, scriptName: string): string | null {
  if (report.line === null) return null;
  const text = report.lineText ? `: ${report.lineText}` : '';
  return `the script was at line ${report.line} of ${scriptName}${text}`;
}

/** The fault log of a run that ended in `workdir`, parsed; null when there is none. */
export async function readFaultReport(
  workdir: string,
  scriptFile: string,
  source: string,
): Promise<FaultReport | null> {
  const log = await readFile(join(workdir, FAULT_LOG_NAME), 'utf8').catch(() => '');
  return parseFaultLog(log, scriptFile, source);
}
