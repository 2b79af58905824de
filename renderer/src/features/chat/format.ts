// Figures as the model menu shows them.

export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value >= 100 || unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatSpeed(bytesPerSecond: number | null): string {
  return bytesPerSecond === null || bytesPerSecond <= 0 ? '' : `${formatBytes(bytesPerSecond)}/s`;
}

/** "75% GPU / 25% CPU", or "100% GPU". */
export function formatSplit(gpuPercent: number): string {
  const gpu = Math.max(0, Math.min(100, Math.round(gpuPercent)));
  if (gpu === 100) return '100% GPU';
  if (gpu === 0) return '100% CPU';
  return `${gpu}% GPU / ${100 - gpu}% CPU`;
}
