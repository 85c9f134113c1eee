import type { Json } from '../client.js';
import { childSchema, formatPath, resolveRef, type Schema, type Segment } from './fieldPath.js';

/**
 * The registration schema as an outline a person can write a registration file from: one line
 * per field with its path, `*` when required, what it takes, and its description.
 */
export function schemaOutline(root: Schema): string[] {
  const lines: string[] = [];
  walk(root, resolveRef(root, root), [], true, 1, lines);
  return lines;
}

function kind(schema: Schema): string {
  if ('const' in schema) return `fixed: ${JSON.stringify(schema.const)}`;
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  const type = [schema.type].flat().filter(Boolean).join('|') || 'any';
  const limits: string[] = [];
  if (schema.minLength > 1) limits.push(`min ${schema.minLength}`);
  if (schema.maxLength !== undefined) limits.push(`max ${schema.maxLength}`);
  if (schema.format) limits.push(schema.format);
  return limits.length ? `${type} (${limits.join(', ')})` : type;
}

function walk(
  root: Schema,
  schema: Schema | undefined,
  at: Segment[],
  required: boolean,
  depth: number,
  lines: string[],
): void {
  if (!schema) return;
  const pad = '  '.repeat(depth);
  const name = formatPath(at);
  const about = typeof schema.description === 'string' ? `  ${schema.description}` : '';
  if (Array.isArray(schema.items)) {
    lines.push(`${pad}${name}: ${schema.items.length} parts${about}`);
    schema.items.forEach((_: Json, i: number) => {
      walk(root, childSchema(root, schema, i), [...at, i], true, depth + 1, lines);
    });
    return;
  }
  if (schema.items && typeof schema.items === 'object') {
    const range = `${schema.minItems ?? 0}–${schema.maxItems ?? '∞'}`;
    lines.push(`${pad}${name}: a list of ${range}${about}`);
    walk(root, childSchema(root, schema, 0), [...at, 0], true, depth + 1, lines);
    return;
  }
  if (schema.properties && typeof schema.properties === 'object') {
    if (at.length && about) lines.push(`${pad}${name}:${about}`);
    const requiredKeys: string[] = Array.isArray(schema.required) ? schema.required : [];
    for (const key of Object.keys(schema.properties))
      walk(root, childSchema(root, schema, key), [...at, key], requiredKeys.includes(key), depth + 1, lines);
    return;
  }
  lines.push(`${pad}${name}${required ? ' *' : ''}  ${kind(schema)}${about ? ` —${about.slice(1)}` : ''}`);
}
