/**
 * YAML text of a JSON value, in block style: what `/docs/yaml` serves. @fastify/swagger's own
 * (the `yaml` package: a document tree, then text) took ~0.7 s for this API's document, holding
 * every other request while it ran; this walk takes a tenth of that. A scalar is written plain
 * when YAML reads it back as the same string, otherwise double-quoted with JSON's escapes (which
 * YAML's double-quoted style shares).
 */
export function toYaml(value: unknown): string {
  return isCollection(value) && !isEmpty(value) ? `${block(value, '')}\n` : `${scalar(value)}\n`;
}

type Collection = Record<string, unknown> | unknown[];

function isCollection(value: unknown): value is Collection {
  return value !== null && typeof value === 'object';
}

function isEmpty(value: Collection): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** The lines of a non-empty collection at `indent`, the first one without its indent. */
function block(value: Collection, indent: string): string {
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) lines.push(`- ${entry(item, `${indent}  `, true)}`);
  } else {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      lines.push(
        `${string(key)}:${isCollection(item) && !isEmpty(item) ? '' : ' '}${entry(item, `${indent}  `, false)}`,
      );
    }
  }
  return lines.join(`\n${indent}`);
}

/** A value after `- ` (inArray) or `key:`. */
function entry(value: unknown, indent: string, inArray: boolean): string {
  if (!isCollection(value) || isEmpty(value)) return scalar(value);
  // A mapping in a sequence starts on the dash's line; anything else nested starts on the next.
  if (inArray && !Array.isArray(value)) return block(value, indent);
  return `\n${indent}${block(value, indent)}`;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return string(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  return string(String(value));
}

/**
 * Plain when it cannot be read as anything else: starts with a letter, `/` or `_`, holds no
 * character YAML gives a meaning to inside a plain scalar (`: `, ` #`, flow indicators…), does
 * not end in a space, and is not a word YAML 1.1 or 1.2 reads as a boolean or null.
 */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./()'+,;-]*$/;
const RESERVED = /^(?:y|n|yes|no|true|false|on|off|null)$/i;

function string(value: string): string {
  if (PLAIN.test(value) && !value.endsWith(' ') && !RESERVED.test(value)) return value;
  // JSON leaves DEL and the C1 controls as they are; YAML allows them only escaped.
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
