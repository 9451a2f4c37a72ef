// A size in bytes as the end-of-day screen shows it: KB, MB or GB with one decimal.
export function size(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024)
    return `${Math.round((bytes / (1024 * 1024 * 1024)) * 10) / 10} GB`;
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
