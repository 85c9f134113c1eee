import { html } from './html.js';

/** An instant as people read it on the console: UTC, to the second ("2025-06-01 14:03:12 UTC") or minute. */
export function formatTime(ms: number, { seconds = true } = {}) {
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC</time>`;
}

/** A span of time, roughly: "2 d 4 h", "3 h 12 min", "12 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return minutes ? `${minutes} min` : 'under a minute';
}

/** How long until `deadline` ("in 3 h 12 min"), or since it passed ("ended 2 h ago"). */
export function timeLeft(deadline: number, now: number): string {
  return deadline > now
    ? `${formatDuration(deadline - now)} left`
    : `ended ${formatDuration(now - deadline)} ago`;
}

/** A file size in bytes, KiB or MiB. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

/** `projectId/…` path segments of console URLs. */
export const segment = (value: string) => encodeURIComponent(value);
