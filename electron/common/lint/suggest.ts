// Near misses: the names closest to a misspelt one, by the optimal-string-alignment
// distance (Damerau-Levenshtein with adjacent transpositions), ignoring case, bounded so
// that only plausible typos are offered.

/** The most edits a suggestion may be away, for a name of this length. */
export function maxDistance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 11) return 2;
  return 3;
}

/**
 * The distance between `a` and `b` (already lower-cased), or `limit + 1` as soon as it
 * is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prevPrev[j - 2] + 1);
      }
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

/** Up to `count` candidates close to `name`, closest first (ties by name). */
export function nearMisses(name: string, candidates: Iterable<string>, count = 3): string[] {
  const wanted = name.toLowerCase();
  const limit = maxDistance(name.length);
  const found: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of candidates) {
    if (candidate === name || candidate.startsWith('_')) continue;
    const distance = editDistance(wanted, candidate.toLowerCase(), limit);
    if (distance <= limit) found.push({ candidate, distance });
  }
  found.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  return found.slice(0, count).map((f) => f.candidate);
}
