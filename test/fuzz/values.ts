import type { Prng } from './prng.js';

/**
 * Valid-looking values from a JSON Schema (TypeBox schemas are JSON Schema): the starting point
 * every mutation changes one thing of, so most fuzzed requests get past validation's first check.
 */

/** Values the app accepts for fields of these names; anything else comes from the schema alone. */
export type KnownValues = Record<string, () => unknown>;

const SAMPLE_STRINGS = [
  'a@example.com',
  '+4930123456',
  '+61411111112',
  '10115',
  '3000',
  'DE',
  'AU',
  'Berlin',
  'Example GmbH',
  'HRB 12345',
  'DE123456789',
  '2024-01-01',
  '1990-01-01',
  'https://example.com',
  'ExampleExample',
  'Customer service line of the Berlin office',
];

export function instanceOf(schema: any, rng: Prng, known: KnownValues = {}, name = '', depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 12) return undefined;
  if (name && known[name]) return known[name]();
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const options = (schema.anyOf ?? schema.oneOf).filter((s: any) => s.type !== 'null');
    return instanceOf(options[0] ?? schema.anyOf[0], rng, known, name, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) {
        if (!required.has(key) && !known[key] && rng.chance(0.5)) continue;
        const value = instanceOf(sub, rng, known, key, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array': {
      if (Array.isArray(schema.items))
        return schema.items.map((s: any) => instanceOf(s, rng, known, '', depth + 1));
      const count = Math.max(schema.minItems ?? 0, 1);
      return Array.from({ length: count }, () => instanceOf(schema.items, rng, known, '', depth + 1));
    }
    case 'string':
      return stringFor(schema);
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.maximum !== undefined ? Math.min(0, schema.maximum) : 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

function stringFor(schema: any): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (schema.pattern) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(schema.pattern, 'u');
    } catch {}
    const match = SAMPLE_STRINGS.find((s) => fits(s) && re?.test(s));
    if (match) return match;
  }
  if (schema.format === 'email') return 'a@example.com';
  if (schema.format === 'date') return '2024-01-01';
  const base = 'Example text for a field';
  return base.repeat(Math.ceil(Math.max(min, 1) / base.length)).slice(0, Math.min(Math.max(min, 12), max));
}

/** Every string-typed leaf of a schema that carries a `pattern`: where regex backtracking hides. */
export function patternsOf(
  schema: any,
  path: (string | number)[] = [],
  out: { path: (string | number)[]; pattern: string; maxLength?: number }[] = [],
) {
  if (!schema || typeof schema !== 'object') return out;
  if (typeof schema.pattern === 'string')
    out.push({ path, pattern: schema.pattern, maxLength: schema.maxLength });
  for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) patternsOf(sub, [...path, key], out);
  if (Array.isArray(schema.items))
    for (const [i, s] of schema.items.entries()) patternsOf(s, [...path, i], out);
  else if (schema.items) patternsOf(schema.items, [...path, 0], out);
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    patternsOf(sub, path, out);
  return out;
}
