import { errors } from '../errors.js';

/**
 * Text the stores cannot keep: PostgreSQL rejects NUL and unpaired surrogates (SQLite keeps
 * them), so they are refused for every request, whichever store runs, as a 400 naming the field.
 * The walk is iterative and bounded: no request document is nested deeper than this.
 */
export const MAX_JSON_DEPTH = 64;

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this must find.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Segment = string | number;

function pathOf(segments: Segment[]): string {
  let path = '';
  for (const segment of segments) {
    path += typeof segment === 'number' ? `[${segment}]` : path ? `.${segment}` : segment;
  }
  return path || 'body';
}

/** Throws a 400 for the first unstorable string (or key), or for nesting deeper than MAX_JSON_DEPTH. */
export function assertStorableText(value: unknown): void {
  const stack: { value: unknown; path: Segment[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) {
        throw errors.fieldViolation(pathOf(path), 'Text must be valid Unicode without NUL characters');
      }
      continue;
    }
    if (!current || typeof current !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      throw errors.fieldViolation(
        pathOf(path),
        `The document is nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) stack.push({ value: current[i], path: [...path, i] });
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      if (UNSTORABLE.test(key))
        throw errors.fieldViolation(pathOf(path), 'Keys must be valid Unicode without NUL characters');
      stack.push({ value: child, path: [...path, key] });
    }
  }
}
