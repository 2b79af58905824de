// What a run did, told to the model with the next request: the bodies it built (mass, size,
// the line that made them), its links, what moved and how far, the system, and how it ended
// (the error with its line). The host feeds a RunDigest the run's stream as it comes; the
// digest keeps only what the summary needs, so a long run costs no more than a short one.
// Pure.
import type { RunStatus } from '../contract/runtime';
import type { JsonMessage, SceneItem, SceneSystem, Shape, Vec3 } from '../stream';

/** What `observeFrame` reads of a frame (a stream `Frame` fits, float32 or float64). */
export interface PosedFrame {
  simTime: number;
  keys: ArrayLike<number>;
  /** POSE_STRIDE numbers per key: x y z qw qx qy qz vx vy vz. */
  poses: ArrayLike<number>;
}

const POSE_STRIDE = 10;
/** Items whose motion is followed; a scene of a million particles is summed up, not listed. */
const MAX_TRACKED = 5000;
/** Bodies and links described one by one; the rest are counted. */
const MAX_LISTED_BODIES = 30;
const MAX_LISTED_LINKS = 20;
/** Below this a body "did not move" (metres): float32 display frames carry ~1e-7 noise. */
const MOVED_METRES = 1e-4;

export interface BodyMotion {
  start: Vec3;
  end: Vec3;
  /** The farthest it got from where it started, metres. */
  farthest: number;
  topSpeed: number;
}

export interface RunContextBody {
  name: string;
  line: number | null;
  fixed: boolean;
  mass: number | null;
  /** Its shapes in words (`box 1 × 0.2 × 0.5 m`), or null without shapes. */
  shape: string | null;
  motion: BodyMotion | null;
}

export interface RunContextLink {
  name: string;
  type: string | null;
  line: number | null;
}

export interface RunContext {
  runId: string;
  /** The script that ran, to tell the model when the one it gets now differs. */
  script: string;
  status: RunStatus;
  reason: string;
  simTime: number;
  error: { type: string; message: string; line: number | null; lineText: string | null } | null;
  system: SceneSystem | null;
  /** Whether a scene arrived at all (a run that failed before building one has none). */
  sceneSeen: boolean;
  bodies: RunContextBody[];
  links: RunContextLink[];
  /** Items that are neither bodies nor links (FEA meshes, particles, other physics items). */
  others: number;
}

interface Tracked {
  start: Vec3;
  end: Vec3;
  farthest: number;
  topSpeed: number;
}

export class RunDigest {
  private readonly items = new Map<number, SceneItem>();
  private system: SceneSystem | null = null;
  private sceneSeen = false;
  private error: RunContext['error'] = null;
  private readonly motion = new Map<number, Tracked>();

  observe(message: JsonMessage): void {
    if (message.type === 'scene') {
      this.sceneSeen = true;
      if (message.full) this.items.clear();
      for (const key of message.remove) this.items.delete(key);
      for (const item of message.add) this.items.set(item.key, item);
      if (message.system) this.system = message.system;
    } else if (message.type === 'error' && !this.error) {
      this.error = {
        type: message.errorType,
        message: message.message,
        line: message.line,
        lineText: null,
      };
    }
  }

  observeFrame(frame: PosedFrame): void {
    const { keys, poses } = frame;
    for (let i = 0; i < keys.length; i++) {
      const o = i * POSE_STRIDE;
      const x = poses[o];
      const y = poses[o + 1];
      const z = poses[o + 2];
      const speed = Math.hypot(poses[o + 7], poses[o + 8], poses[o + 9]);
      const tracked = this.motion.get(keys[i]);
      if (!tracked) {
        if (this.motion.size >= MAX_TRACKED) continue;
        this.motion.set(keys[i], {
          start: [x, y, z],
          end: [x, y, z],
          farthest: 0,
          topSpeed: Number.isFinite(speed) ? speed : 0,
        });
        continue;
      }
      tracked.end = [x, y, z];
      const away = Math.hypot(x - tracked.start[0], y - tracked.start[1], z - tracked.start[2]);
      if (away > tracked.farthest) tracked.farthest = away;
      if (speed > tracked.topSpeed) tracked.topSpeed = speed;
    }
  }

  /** The run as the model is told about it; `summary` is the host's final word on it. */
  context(
    summary: { runId: string; status: RunStatus; reason: string; simTime: number },
    script: string,
  ): RunContext {
    const bodies: RunContextBody[] = [];
    const links: RunContextLink[] = [];
    let others = 0;
    for (const item of this.items.values()) {
      if (item.kind === 'body') {
        const m = this.motion.get(item.key);
        bodies.push({
          name: item.name,
          line: item.line ?? null,
          fixed: item.fixed,
          mass: item.mass ?? null,
          shape: describeShapes(item.shapes),
          motion: m ? { ...m } : null,
        });
      } else if (item.kind === 'link') {
        links.push({ name: item.name, type: item.linkType ?? null, line: item.line ?? null });
      } else others += 1;
    }
    const error = this.error && {
      ...this.error,
      lineText: this.error.line !== null ? lineOf(script, this.error.line) : null,
    };
    return {
      runId: summary.runId,
      script,
      status: summary.status,
      reason: summary.reason,
      simTime: summary.simTime,
      error,
      system: this.system,
      sceneSeen: this.sceneSeen,
      bodies,
      links,
      others,
    };
  }
}

/** The run in a few lines of plain text, for the model. `script`: the one sent with it. */
export function describeRun(context: RunContext, script: string | null): string {
  const out: string[] = [];
  if (script !== null && script.trim() !== context.script.trim()) {
    out.push('(That run was of an earlier version of the script, not of the one above.)');
  }
  out.push(outcomeLine(context));
  const system = systemLine(context.system);
  if (system) out.push(system);
  if (!context.sceneSeen) {
    out.push('It built no scene before it ended.');
    return out.join('\n');
  }

  const moved = context.bodies.filter(
    (b) => !b.fixed && b.motion && b.motion.farthest >= MOVED_METRES,
  );
  out.push(
    `Bodies: ${context.bodies.length}` +
      (context.bodies.length > 0
        ? ` (${context.bodies.filter((b) => b.fixed).length} fixed, ${moved.length} moved)`
        : ''),
  );
  // Those that moved come first: they are what the run did.
  const listed = [...context.bodies]
    .map((body, order) => ({ body, order }))
    .sort((a, b) => rank(a.body) - rank(b.body) || a.order - b.order)
    .slice(0, MAX_LISTED_BODIES)
    .sort((a, b) => a.order - b.order)
    .map((x) => x.body);
  for (const body of listed) out.push(`- ${bodyLine(body)}`);
  if (context.bodies.length > listed.length) {
    out.push(`- and ${context.bodies.length - listed.length} more bodies`);
  }
  if (context.links.length > 0) {
    out.push(`Links: ${context.links.length}`);
    for (const link of context.links.slice(0, MAX_LISTED_LINKS)) {
      const name = link.name ? ` "${link.name}"` : '';
      out.push(`- ${link.type ?? 'link'}${name}${atLine(link.line)}`);
    }
    if (context.links.length > MAX_LISTED_LINKS) {
      out.push(`- and ${context.links.length - MAX_LISTED_LINKS} more links`);
    }
  }
  if (context.others > 0) out.push(`Other physics items: ${context.others}`);
  return out.join('\n');
}

function rank(body: RunContextBody): number {
  if (body.fixed) return 2;
  return body.motion && body.motion.farthest >= MOVED_METRES ? 0 : 1;
}

function outcomeLine(c: RunContext): string {
  const time = `${num(c.simTime)} s of simulated time`;
  if (c.error) {
    const where =
      c.error.line !== null
        ? ` at line ${c.error.line}${c.error.lineText ? ` (\`${c.error.lineText.trim()}\`)` : ''}`
        : '';
    return `It failed after ${time}${where}: ${c.error.type}: ${firstLine(c.error.message)}`;
  }
  switch (c.status) {
    case 'finished':
      return `It ran to its end: ${time}.`;
    case 'limit':
      return `It ran ${time}, until a limit stopped it (${lowerFirst(c.reason)}).`;
    case 'stopped':
      return `It was stopped after ${time}.`;
    case 'crashed':
      return `The process crashed after ${time}: ${firstLine(c.reason)}`;
    case 'error':
      return `It failed after ${time}: ${firstLine(c.reason)}`;
    default:
      return `It was still running at ${time}.`;
  }
}

function systemLine(s: SceneSystem | null): string | null {
  if (!s) return null;
  const parts: string[] = [];
  if (s.contactMethod) parts.push(`${s.contactMethod} contact`);
  if (s.gravity) parts.push(`gravity ${vec(s.gravity)} m/s²`);
  if (s.timestep !== null) parts.push(`step ${num(s.timestep)} s`);
  if (s.solver) parts.push(`solver ${s.solver}`);
  if (s.timestepper) parts.push(`timestepper ${s.timestepper}`);
  return parts.length > 0 ? `System: ${parts.join(', ')}.` : null;
}

function bodyLine(b: RunContextBody): string {
  const facts: string[] = [];
  if (b.fixed) facts.push('fixed');
  else if (b.mass !== null) facts.push(`${num(b.mass)} kg`);
  if (b.shape) facts.push(b.shape);
  const m = b.motion;
  if (!b.fixed && m) {
    facts.push(
      m.farthest < MOVED_METRES
        ? `did not move from ${vec(m.start)}`
        : `moved from ${vec(m.start)} to ${vec(m.end)} (at most ${num(m.farthest)} m away, top speed ${num(m.topSpeed)} m/s)`,
    );
  }
  return `${b.name || 'unnamed body'}${atLine(b.line)}: ${facts.join('; ') || 'no shapes'}`;
}

/** The first two shapes of an item in words, and how many more. */
export function describeShapes(shapes: readonly Shape[]): string | null {
  if (shapes.length === 0) return null;
  const words = shapes.slice(0, 2).map(shapeWords);
  if (shapes.length > 2) words.push(`${shapes.length - 2} more shapes`);
  return words.join(' + ');
}

function shapeWords(s: Shape): string {
  switch (s.type) {
    case 'box':
      return `box ${s.lengths.map(num).join(' × ')} m`;
    case 'roundedbox':
      return `rounded box ${s.lengths.map(num).join(' × ')} m`;
    case 'sphere':
      return `sphere r ${num(s.radius)} m`;
    case 'ellipsoid':
      return `ellipsoid ${s.semiaxes.map(num).join(' × ')} m semi-axes`;
    case 'cylinder':
    case 'capsule':
    case 'cone':
      return `${s.type} r ${num(s.radius)} h ${num(s.height)} m`;
    case 'roundedcylinder':
      return `rounded cylinder r ${num(s.radius)} h ${num(s.height)} m`;
    case 'mesh':
      return 'triangle mesh';
    case 'modelfile':
      return `model file ${s.file.split(/[\\/]/).pop() ?? s.file}`;
    default:
      return s.type;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function atLine(line: number | null): string {
  return line !== null ? ` (line ${line})` : '';
}

function lineOf(script: string, line: number): string | null {
  const text = script.split('\n')[line - 1];
  return text?.trim() ? text : null;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

function vec(v: readonly number[]): string {
  // Positions carry float noise around zero (1e-9 is "0" to a reader).
  return `(${v.map((x) => (Math.abs(x) < 5e-4 ? '0' : num(x))).join(', ')})`;
}

/** Three significant figures (whole numbers from 1000 up). */
function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toFixed(0) : Number(x.toPrecision(3)).toString();
}
