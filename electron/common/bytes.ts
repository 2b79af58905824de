/** Bytes as people read them, in decimal units: 512 B, 12.3 MB, 1.6 GB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(Math.abs(value) >= 100 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}
