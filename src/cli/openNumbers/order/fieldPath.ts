import type { Json } from '../client.js';

/**
 * Registration fields are named as the API names them in `fieldViolations`: from the root `data`,
 * `[1]` for a position and `.postalCode` (or `["odd key"]`) for a property. These helpers turn such
 * a name into path segments and back, and find the schema and the value a name points at.
 */

export type Segment = string | number;

/** A JSON Schema object (or a boolean schema, read as "anything"). */
export type Schema = Record<string, Json>;

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

export function formatPath(segments: readonly Segment[]): string {
  let out = 'data';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += PLAIN_KEY.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** `data[1].postalCode` → `[1, 'postalCode']`; undefined for names outside `data` (`attachments.x`). */
export function parsePath(field: string): Segment[] | undefined {
  if (!field.startsWith('data')) return undefined;
  const segments: Segment[] = [];
  const token = /\[(\d+)\]|\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\]/y;
  token.lastIndex = 4;
  while (token.lastIndex < field.length) {
    const m = token.exec(field);
    if (!m) return undefined;
    if (m[1] !== undefined) segments.push(Number(m[1]));
    else if (m[2] !== undefined) segments.push(m[2]);
    else segments.push(JSON.parse(m[3]!) as string);
  }
  return segments;
}

/** A local `$ref` (`#/definitions/x`) replaced by what it points at; anything else as is. */
export function resolveRef(root: Schema, schema: Schema | undefined): Schema | undefined {
  let current = schema;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith('#')) return current;
    let target: Json = root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) {
      target = target?.[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    current = target && typeof target === 'object' ? target : undefined;
  }
  return current;
}

/** The schema of one child: a tuple position, the items of a list, a property. */
export function childSchema(root: Schema, parent: Schema, segment: Segment): Schema | undefined {
  if (typeof segment === 'number') {
    const items = parent.items;
    if (Array.isArray(items))
      return resolveRef(root, items[segment] ?? objectOrUndefined(parent.additionalItems));
    return resolveRef(root, objectOrUndefined(items));
  }
  return resolveRef(
    root,
    objectOrUndefined(parent.properties?.[segment]) ?? objectOrUndefined(parent.additionalProperties),
  );
}

function objectOrUndefined(value: Json): Schema | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/** The schema a path points at, or undefined where the schema allows nothing there. */
export function schemaAt(root: Schema, segments: readonly Segment[]): Schema | undefined {
  let current = resolveRef(root, root);
  for (const segment of segments) {
    if (!current) return undefined;
    current = childSchema(root, current, segment);
  }
  return current;
}

export function valueAt(data: unknown, segments: readonly Segment[]): unknown {
  let current: unknown = data;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** `data` with the value at `segments` replaced (or removed when `value` is undefined). */
export function withValueAt(data: unknown, segments: readonly Segment[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [Segment, ...Segment[]];
  const container: Record<string | number, unknown> | unknown[] = Array.isArray(data)
    ? [...data]
    : data !== null && typeof data === 'object'
      ? { ...(data as Record<string, unknown>) }
      : typeof head === 'number'
        ? []
        : {};
  const next = withValueAt((container as Record<string | number, unknown>)[head], rest, value);
  if (next === undefined && !Array.isArray(container)) delete (container as Record<string, unknown>)[head];
  else (container as Record<string | number, unknown>)[head] = next;
  return container;
}
