import { isStorableText } from '../domain/text.js';
import { errors } from '../errors.js';

/**
 * Request text the stores cannot keep (NUL, unpaired surrogates: see domain/text.ts) is refused
 * for every request, whichever store runs, as a 400 naming the field. The walk is iterative,
 * bounded in depth, and allocates one small node per value (the field's path is built only for
 * the error), so a 1 MB array costs milliseconds, not megabytes.
 */
export const MAX_JSON_DEPTH = 64;

interface Node {
  value: unknown;
  key: string | number | undefined;
  parent: Node | undefined;
  depth: number;
}

function pathOf(node: Node): string {
  const segments: (string | number)[] = [];
  for (let at: Node | undefined = node; at && at.key !== undefined; at = at.parent) segments.push(at.key);
  let path = '';
  for (const segment of segments.reverse()) {
    path += typeof segment === 'number' ? `[${segment}]` : path ? `.${segment}` : segment;
  }
  return path || 'body';
}

/** Throws a 400 for the first unstorable string (or key), or for nesting deeper than MAX_JSON_DEPTH. */
export function assertStorableText(value: unknown): void {
  const stack: Node[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) {
        throw errors.fieldViolation(pathOf(node), 'Text must be valid Unicode without NUL characters');
      }
      continue;
    }
    if (!current || typeof current !== 'object') continue;
    if (node.depth >= MAX_JSON_DEPTH) {
      throw errors.fieldViolation(
        pathOf(node),
        `The document is nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
    const depth = node.depth + 1;
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) {
        const child = current[i];
        if (child !== null && (typeof child === 'object' || typeof child === 'string'))
          stack.push({ value: child, key: i, parent: node, depth });
      }
      continue;
    }
    for (const key in current) {
      if (!Object.hasOwn(current, key)) continue;
      if (!isStorableText(key))
        throw errors.fieldViolation(pathOf(node), 'Keys must be valid Unicode without NUL characters');
      const child = (current as Record<string, unknown>)[key];
      if (child !== null && (typeof child === 'object' || typeof child === 'string'))
        stack.push({ value: child, key, parent: node, depth });
    }
  }
}
