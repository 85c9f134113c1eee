import { usageError } from './errors.js';

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
type Unit = keyof typeof UNIT_SECONDS;

/**
 * A span of time as people write it: `90s`, `15m`, `48h`, `2d`, `1h30m`, or plain seconds (`300`,
 * `0.5`). Returns seconds; anything else is a usage error naming the accepted forms.
 */
export function parseDuration(text: string, what = 'the duration'): number {
  const value = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)];
  if (value && parts.map((p) => p[0]).join('') === value) {
    return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_SECONDS[unit as Unit], 0);
  }
  throw usageError(`${what} must be like 90s, 15m, 48h, 2d, 1h30m or a number of seconds, not "${text}"`);
}

/** Seconds as the largest units that divide them: 172800 → `2d`, 5400 → `1h30m`, 0 → `0s`. */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    const whole = Math.floor(rest / size);
    if (whole > 0) out += `${whole}${unit}`;
    rest -= whole * size;
  }
  if (rest > 0) out += `${Number(rest.toFixed(3))}s`;
  return out || '0s';
}
