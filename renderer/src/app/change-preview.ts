// What a crash backup shows in the offer: the lines the user changed, not the top of the file
// (which, for a twin started from the starter script, is the same comment every time).

const PREVIEW_CHARS = 200;

/** The text from the first line that differs from `before`, cut to a preview's length. */
export function changePreview(before: string, after: string): string {
  const old = before.split('\n');
  const now = after.split('\n');
  let first = 0;
  while (first < old.length && first < now.length && old[first] === now[first]) first += 1;
  // Only lines removed at the end: show the last lines left, so the preview is not empty.
  if (first >= now.length) first = Math.max(0, now.length - 3);
  const changed = now.slice(first).join('\n').replace(/^\s+/, '');
  return (changed || after).slice(0, PREVIEW_CHARS);
}
