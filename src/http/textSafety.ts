import { errors } from '../errors.js';

/**
 * Text the stores cannot keep: PostgreSQL rejects NUL and unpaired surrogates (SQLite keeps
 * them), so they are refused for every request, whichever store runs, as a 400 naming the field.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this must find.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** The JSON path of the first string in `value` that cannot be stored, or undefined. */
export function findUnstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isStorable(value) ? undefined : path || 'body';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (!isStorable(key)) return path || 'body';
      const found = findUnstorableText(child, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

export function assertStorableText(value: unknown): void {
  const field = findUnstorableText(value);
  if (field) throw errors.fieldViolation(field, 'Text must be valid Unicode without NUL characters');
}
