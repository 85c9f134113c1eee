import type { Json } from '../../client.js';
import {
  childSchema,
  formatPath,
  parsePath,
  resolveRef,
  type Schema,
  type Segment,
  schemaAt,
  valueAt,
  withValueAt,
} from '../fieldPath.js';
import { checkValue, registrationChecker } from '../registrationCheck.js';
import type { Asker } from './prompts.js';

/** An optional field left empty. */
const SKIP = Symbol('skip');
type Answer = unknown | typeof SKIP;
const SKIP_OPTION = '\u0000skip';

/** One field to ask: its schema, where it is, its previous value, and the question's text. */
interface Field {
  schema: Schema;
  at: Segment[];
  current: unknown;
  required: boolean;
  message: string;
}

function typeOf(schema: Schema): string | undefined {
  const declared = [schema.type].flat().find((t) => t && t !== 'null');
  if (declared) return declared;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/**
 * Registration questions generated from the requirements' JSON Schema: a text, select or confirm
 * per field, sections for tuples, "how many?" for lists. Each answer is checked on its own as it
 * is typed; the whole is then checked locally (Ajv), and every field a check (local or the
 * server's 400) names is asked again with that message.
 */
export class RegistrationPrompts {
  private readonly check: (data: unknown) => { field: string; description: string }[];

  constructor(
    private readonly ui: Asker,
    private readonly root: Schema,
    /** The order's numbers: the default answer of a `sender…` field. */
    private readonly orderedNumbers: readonly string[],
  ) {
    this.check = registrationChecker(root);
  }

  /** Every field, with `current` (a previous registration) as the initial answers. */
  async askAll(current: unknown): Promise<unknown> {
    const answer = await this.ask(this.root, [], current, true);
    return answer === SKIP ? undefined : answer;
  }

  /** Asks again the fields named in `violations`, each after its message. */
  async fix(data: unknown, violations: readonly { field: string; description: string }[]): Promise<unknown> {
    let out = data;
    const done = new Set<string>();
    for (const v of violations) {
      if (done.has(v.field)) continue;
      done.add(v.field);
      this.ui.error(v.description.startsWith(v.field) ? v.description : `${v.field}: ${v.description}`);
      const at = parsePath(v.field);
      if (!at) continue;
      const schema = schemaAt(this.root, at);
      if (!schema) {
        // A field the schema does not allow: dropped.
        out = withValueAt(out, at, undefined);
        this.ui.info(`${v.field} removed`);
        continue;
      }
      const answer = await this.ask(schema, at, valueAt(out, at), true);
      out = withValueAt(out, at, answer === SKIP ? undefined : answer);
    }
    return out;
  }

  /** Checks the whole locally and re-asks until it passes (or the person sends it as it is). */
  async complete(data: unknown): Promise<unknown> {
    let out = data;
    for (let round = 1; ; round++) {
      const violations = this.check(out);
      if (violations.length === 0) return out;
      if (
        round > 3 &&
        !(await this.ui.confirm('Keep correcting? (No sends it as it is; the server decides)'))
      )
        return out;
      this.ui.warn(
        `${violations.length} answer${violations.length > 1 ? 's do' : ' does'} not meet the requirements yet:`,
      );
      out = await this.fix(out, violations);
    }
  }

  private async ask(raw: Schema, at: Segment[], current: unknown, required: boolean): Promise<Answer> {
    const schema = resolveRef(this.root, raw) ?? {};
    const name = at.length ? String(at[at.length - 1]) : 'data';
    const about = typeof schema.description === 'string' ? schema.description : '';
    const message = `${name}${required ? '' : ' (optional)'}${about ? ` — ${about}` : ''}`;
    if ('const' in schema) return this.fixedValue(schema.const, at, message);
    if (Array.isArray(schema.enum)) return this.choose(schema.enum, message, current, required);
    switch (typeOf(schema)) {
      case 'array':
        return this.askArray(schema, at, current, required);
      case 'object':
        return this.askObject(schema, at, current, required);
      case 'boolean':
        return this.ui.confirm(message, typeof current === 'boolean' ? current : false);
      case 'string':
      case 'integer':
      case 'number':
        return this.askScalar({ schema, at, current, required, message });
      default:
        return this.askJson({ schema, at, current, required, message });
    }
  }

  private async fixedValue(value: Json, at: Segment[], message: string): Promise<Answer> {
    if (value !== true) {
      this.ui.info(`${formatPath(at)}: ${JSON.stringify(value)} (the only value allowed)`);
      return value;
    }
    for (;;) {
      if (await this.ui.confirm(message)) return true;
      this.ui.warn('This must be confirmed for the order to be accepted.');
    }
  }

  private async choose(
    values: Json[],
    message: string,
    current: unknown,
    required: boolean,
  ): Promise<Answer> {
    const options = values.map((v) => ({ value: v, label: String(v) }));
    if (!required) options.unshift({ value: SKIP_OPTION, label: '(leave empty)' });
    const picked = await this.ui.select({
      message,
      options,
      initialValue: values.includes(current) ? current : undefined,
    });
    return picked === SKIP_OPTION ? SKIP : picked;
  }

  private async askArray(
    schema: Schema,
    at: Segment[],
    current: unknown,
    required: boolean,
  ): Promise<Answer> {
    const previous = Array.isArray(current) ? current : [];
    const about = typeof schema.description === 'string' ? ` — ${schema.description}` : '';
    if (Array.isArray(schema.items)) {
      const out: unknown[] = [];
      for (let i = 0; i < schema.items.length; i++) {
        const answer = await this.ask(childSchema(this.root, schema, i) ?? {}, [...at, i], previous[i], true);
        out.push(answer === SKIP ? null : answer);
      }
      return out;
    }
    const min: number = schema.minItems ?? 0;
    const max: number | undefined = schema.maxItems;
    this.ui.step(`${formatPath(at)}${about}`);
    let count = min;
    if (max === undefined || max > min) {
      const range = max === undefined ? `at least ${min}` : `${min} to ${max}`;
      const answer = await this.ui.text({
        message: `${formatPath(at)}: how many entries? (${range})`,
        initialValue: String(previous.length || Math.max(min, 1)),
        validate: (v) => {
          const n = Number(v);
          return Number.isInteger(n) && n >= min && (max === undefined || n <= max)
            ? undefined
            : `a whole number, ${range}`;
        },
      });
      count = Number(answer);
    }
    if (count === 0) return required ? [] : SKIP;
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) {
      if (count > 1) this.ui.step(`${formatPath([...at, i])} (${i + 1} of ${count})`);
      const answer = await this.ask(childSchema(this.root, schema, i) ?? {}, [...at, i], previous[i], true);
      out.push(answer === SKIP ? null : answer);
    }
    return out;
  }

  private async askObject(
    schema: Schema,
    at: Segment[],
    current: unknown,
    required: boolean,
  ): Promise<Answer> {
    const about = typeof schema.description === 'string' ? ` — ${schema.description}` : '';
    if (!required && !(await this.ui.confirm(`Fill in ${formatPath(at)}${about}? (optional)`, false)))
      return SKIP;
    if (about) this.ui.step(`${formatPath(at)}${about}`);
    const previous = current && typeof current === 'object' ? (current as Record<string, unknown>) : {};
    const requiredKeys: string[] = Array.isArray(schema.required) ? schema.required : [];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(schema.properties ?? {})) {
      const child = childSchema(this.root, schema, key) ?? {};
      const answer = await this.ask(child, [...at, key], previous[key], requiredKeys.includes(key));
      if (answer !== SKIP) out[key] = answer;
    }
    return out;
  }

  private async askScalar({ schema, at, current, required, message }: Field): Promise<Answer> {
    const numeric = typeOf(schema) !== 'string';
    const parse = (text: string): unknown => (numeric ? Number(text) : text);
    const name = String(at[at.length - 1] ?? '');
    const suggested = /sender/i.test(name) ? this.orderedNumbers[0] : undefined;
    const initial = current !== undefined && current !== null ? String(current) : suggested;
    const answer = await this.ui.text({
      message,
      initialValue: initial,
      validate: (text) => {
        if (text.trim() === '' && !required) return undefined;
        if (numeric && (text.trim() === '' || Number.isNaN(Number(text)))) return 'a number, please';
        return checkValue(schema, parse(text.trim()), at)[0]?.problem;
      },
    });
    if (answer === '' && !required) return SKIP;
    return parse(answer);
  }

  private async askJson({ schema, at, current, required, message }: Field): Promise<Answer> {
    const answer = await this.ui.text({
      message: `${message} (JSON)`,
      initialValue: current === undefined ? undefined : JSON.stringify(current),
      validate: (text) => {
        if (text.trim() === '') return required ? 'required' : undefined;
        try {
          return checkValue(schema, JSON.parse(text), at)[0]?.problem;
        } catch {
          return 'not JSON';
        }
      },
    });
    return answer === '' ? SKIP : JSON.parse(answer);
  }
}
