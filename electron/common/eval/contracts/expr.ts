// Formulas of a physics contract (`{"kind": "expr", "expr": "period / (2*pi*sqrt(r/g))"}`):
// numbers, names (derived values, the turn's params), + - * / ^, parentheses and a few
// functions. Parsed by recursive descent, never evaluated as code. Pure.

const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  atan: Math.atan,
  min: Math.min,
  max: Math.max,
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

type Token =
  { kind: 'num'; value: number } | { kind: 'name'; name: string } | { kind: 'op'; op: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s*(?:(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|([A-Za-z_]\w*)|(\*\*|[-+*/^(),]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new Error(`cannot read "${text.slice(at).trim()}" in the formula "${text}"`);
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', name: m[2] });
    else tokens.push({ kind: 'op', op: m[3] === '**' ? '^' : m[3] });
    at = re.lastIndex;
  }
  return tokens;
}

function own(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** Evaluates a formula; an unknown name or a syntax error throws a readable error. */
export function evaluateFormula(text: string, values: Readonly<Record<string, number>>): number {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === 'op' && t.op === op;
  };
  const expect = (op: string) => {
    if (!isOp(op)) throw new Error(`the formula "${text}" lacks a "${op}"`);
    i++;
  };

  const primary = (): number => {
    const t = tokens[i++];
    if (!t) throw new Error(`the formula "${text}" ends too soon`);
    if (t.kind === 'num') return t.value;
    if (t.kind === 'op') {
      if (t.op === '(') {
        const v = sum();
        expect(')');
        return v;
      }
      if (t.op === '-') return -power();
      if (t.op === '+') return power();
      throw new Error(`unexpected "${t.op}" in the formula "${text}"`);
    }
    if (isOp('(')) {
      const fn = own(FUNCTIONS, t.name) ? FUNCTIONS[t.name] : undefined;
      if (!fn) throw new Error(`the formula "${text}" calls an unknown function ${t.name}`);
      i++;
      const args = [sum()];
      while (isOp(',')) {
        i++;
        args.push(sum());
      }
      expect(')');
      return fn(...args);
    }
    if (own(values, t.name)) return values[t.name];
    if (own(CONSTANTS, t.name)) return CONSTANTS[t.name];
    throw new Error(`the formula "${text}" uses ${t.name}, which is not derived before it`);
  };
  const power = (): number => {
    const base = primary();
    if (isOp('^')) {
      i++;
      return base ** power();
    }
    return base;
  };
  const product = (): number => {
    let v = power();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[i++] as { op: string }).op;
      const w = power();
      v = op === '*' ? v * w : v / w;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[i++] as { op: string }).op;
      const w = product();
      v = op === '+' ? v + w : v - w;
    }
    return v;
  };
  const value = sum();
  if (i < tokens.length) throw new Error(`the formula "${text}" has more after its end`);
  return value;
}
