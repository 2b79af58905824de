// Longest common subsequences over token ids, for ROUGE-L (length only) and ROUGE-Lsum
// (which positions of the reference one particular LCS uses).

/**
 * LCS length of two id sequences, bit-parallel (Allison–Dix / Hyyrö): one pass over `b`,
 * |a|/32 word operations per element, instead of an |a|·|b| table.
 */
export function lcsLength(a: Int32Array, b: Int32Array): number {
  const m = a.length;
  if (m === 0 || b.length === 0) return 0;
  const words = Math.ceil(m / 32);
  const masks = new Map<number, Uint32Array>();
  for (let i = 0; i < m; i++) {
    let mask = masks.get(a[i]);
    if (!mask) masks.set(a[i], (mask = new Uint32Array(words)));
    mask[i >>> 5] |= 1 << (i & 31);
  }
  const v = new Uint32Array(words).fill(0xffffffff);
  for (let j = 0; j < b.length; j++) {
    const mask = masks.get(b[j]);
    if (!mask) continue;
    let carry = 0;
    for (let k = 0; k < words; k++) {
      const vk = v[k];
      const mk = mask[k];
      const sum = vk + ((vk & mk) >>> 0) + carry;
      carry = sum > 0xffffffff ? 1 : 0;
      v[k] = ((sum >>> 0) | (vk & ~mk)) >>> 0;
    }
  }
  let zeros = 0;
  for (let i = 0; i < m; i++) if ((v[i >>> 5] & (1 << (i & 31))) === 0) zeros++;
  return zeros;
}

/**
 * The positions of `ref` used by the LCS that rouge-score's `_backtrack_norec` records: fill the
 * usual table, walk back from the corner; on equal tokens take the diagonal, else step left
 * only when that cell is strictly greater than the one above, else step up.
 */
export function lcsReferencePositions(ref: Int32Array, can: Int32Array): number[] {
  const positions: number[] = [];
  markLcsReferencePositions(ref, can, (i) => positions.push(i));
  return positions.reverse();
}

let scratch = new Int32Array(1024);

/** The same walk, reporting each used position of `ref` (from the last) without allocating. */
export function markLcsReferencePositions(
  ref: Int32Array,
  can: Int32Array,
  mark: (position: number) => void,
): void {
  const rows = ref.length;
  const cols = can.length;
  if (rows === 0 || cols === 0) return;
  const width = cols + 1;
  const size = (rows + 1) * width;
  if (scratch.length < size) scratch = new Int32Array(Math.max(size, scratch.length * 2));
  const table = scratch;
  table.fill(0, 0, width);
  for (let i = 1; i <= rows; i++) table[i * width] = 0;
  for (let i = 1; i <= rows; i++) {
    const token = ref[i - 1];
    const row = i * width;
    const above = row - width;
    for (let j = 1; j <= cols; j++) {
      table[row + j] =
        token === can[j - 1]
          ? table[above + j - 1] + 1
          : Math.max(table[above + j], table[row + j - 1]);
    }
  }
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      mark(i - 1);
      i--;
      j--;
    } else if (table[i * width + j - 1] > table[(i - 1) * width + j]) {
      j--;
    } else {
      i--;
    }
  }
}
