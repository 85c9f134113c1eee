import { type Html, html } from './html.js';

/**
 * Registration data laid out by the policy's JSON Schema (draft-07), for a reviewer to read:
 * each value under its label (the schema's `title`, else its property name in words) with the
 * schema's description as a hint, objects as fieldsets, the sections of a tuple (`items` as a
 * list) under their own legends, lists of entries numbered. Values the schema does not describe
 * are shown too, under their names: a reviewer must see everything that was submitted.
 */

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `iConfirmThatTheEndUserHasAValidUseCase` → "I confirm that the end user has a valid use case". */
export function humanize(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .map((w, i) => (i > 0 && w !== 'I' && /^[A-Z]([a-z]|$)/.test(w) ? w.toLowerCase() : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A section's description often starts with its name: "Section 2 — end user …: details". */
function sectionLead(schema: Schema | undefined): string {
  const description = typeof schema?.description === 'string' ? schema.description : '';
  const lead = description.split(/[:.]/)[0]?.trim() ?? '';
  return lead.length <= 80 && /^section\b/i.test(lead) ? lead : '';
}

function title(schema: Schema | undefined, fallback: string): string {
  if (typeof schema?.title === 'string' && schema.title) return schema.title;
  return sectionLead(schema) || fallback;
}

/** The schema's description, less the part a section's legend already says. */
function hint(schema: Schema | undefined): string {
  const description = typeof schema?.description === 'string' ? schema.description : '';
  const lead = schema?.title ? '' : sectionLead(schema);
  const rest = description.slice(lead.length).replace(/^[:.\s]+/, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function scalar(value: unknown): Html {
  if (value === null || value === undefined) return html`<span class="muted">(empty)</span>`;
  if (typeof value === 'boolean') return html`${value ? 'Yes' : 'No'}`;
  if (typeof value === 'string' && value === '') return html`<span class="muted">(empty)</span>`;
  return html`${String(value)}`;
}

function itemSchema(schema: Schema | undefined, index: number): Schema | undefined {
  const items = schema?.items;
  if (Array.isArray(items)) {
    const own = items[index];
    if (isObject(own)) return own;
    return isObject(schema?.additionalItems) ? (schema.additionalItems as Schema) : undefined;
  }
  return isObject(items) ? items : undefined;
}

function field(
  label: string,
  description: string,
  value: unknown,
  schema: Schema | undefined,
  depth: number,
) {
  if (isObject(value) || Array.isArray(value)) return group(label, description, value, schema, depth);
  return html`<div class="field"><dt>${label}${description && html`<span class="hint">${description}</span>`}</dt>
<dd>${scalar(value)}</dd></div>`;
}

function group(
  legend: string,
  description: string,
  value: unknown,
  schema: Schema | undefined,
  depth: number,
): Html {
  return html`<fieldset class="group depth-${Math.min(depth, 3)}"><legend>${legend}</legend>
${description && html`<p class="hint">${description}</p>`}
${contents(value, schema, depth + 1)}
</fieldset>`;
}

function contents(value: unknown, schema: Schema | undefined, depth: number): Html {
  if (Array.isArray(value)) {
    const tuple = Array.isArray(schema?.items);
    if (value.length === 0) return html`<p class="muted">(none)</p>`;
    const entries = value.map((item, i) => {
      const s = itemSchema(schema, i);
      const label = tuple ? title(s, `Section ${i + 1}`) : `${title(s, 'Entry')} ${i + 1}`;
      // Entries of a list share one schema: its description is said once, by the list.
      const description = tuple ? hint(s) : '';
      if (isObject(item) || Array.isArray(item)) return group(label, description, item, s, depth);
      return html`<dl>${field(label, '', item, s, depth)}</dl>`;
    });
    return html`${entries}`;
  }
  if (isObject(value)) {
    const properties = isObject(schema?.properties) ? (schema.properties as Record<string, Schema>) : {};
    // The schema's order first, then whatever it does not name.
    const keys = [
      ...Object.keys(properties).filter((k) => k in value),
      ...Object.keys(value).filter((k) => !(k in properties)),
    ];
    if (!keys.length) return html`<p class="muted">(empty)</p>`;
    return html`<dl>${keys.map((k) => {
      const s = properties[k];
      return field(title(s, humanize(k)), hint(s), value[k], s, depth);
    })}</dl>`;
  }
  return html`<dl>${field('Value', '', value, schema, depth)}</dl>`;
}

/** The whole registration: `data` as the schema describes it (or by its own shape, without one). */
export function registrationView(schema: Schema | undefined, data: unknown): Html {
  if (data === null || data === undefined)
    return html`<p class="muted">No registration data was submitted.</p>`;
  return html`<div class="registration">${contents(data, schema, 0)}</div>`;
}
