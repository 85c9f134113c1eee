import type { Ajv, SchemaValidateFunction } from 'ajv';
import { isSafePattern } from 'redos-detector';

/**
 * Input limits for JSON Schemas that validate untrusted input: the route schemas and the KYC
 * policies (which operators can upload). Three guarantees, each enforced here:
 *
 * 1. Every string has a `maxLength` and every array a `maxItems` ({@link schemaLimitProblems}).
 * 2. A `pattern` never runs on a string longer than the `maxLength` beside it
 *    ({@link boundPatterns}). Ajv runs with `allErrors`, so its own `pattern` keyword still runs
 *    after `maxLength` failed; a 60 KB string then reached a pattern meant for 254 characters.
 * 3. Every pattern is linear-time for a backtracking engine ({@link patternProblem}).
 */

// ---------------------------------------------------------------------------------------------
// Linear-time patterns

/** The longest pattern we accept; real ones are a few dozen characters. */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * Verdicts of {@link patternProblem} by pattern. The shipped policies repeat the same patterns
 * (the LOCAL ones share one layout), and checking one costs milliseconds: every policy is checked
 * at each start. Bounded, since uploads bring new patterns.
 */
const checkedPatterns = new Map<string, { problem: string | undefined }>();
const MAX_CHECKED_PATTERNS = 1000;

/**
 * Why a regular expression (JSON Schema `pattern`, used with the `u` flag) is not safe from
 * catastrophic backtracking, or undefined when it is. redos-detector walks every way the pattern
 * can match and counts how many of them a backtracking engine may have to try at one point (its
 * score). A bounded score (the library's default limit, 200) keeps the cost linear in the input;
 * an unbounded one (a repetition that can give characters to its neighbour, a nested quantifier)
 * makes it polynomial or exponential. An unanchored start is analysed as the engine runs it,
 * retrying at every position. So `^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$` passes
 * (each `+` stops at a character it cannot take), and `^[^\s@]+@[^\s@]+\.[^\s@]+$` fails (the
 * second `+` can take the `.` that must follow it: quadratic on "a@" + many dots).
 */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  const known = checkedPatterns.get(pattern);
  if (known) return known.problem;
  let result: ReturnType<typeof isSafePattern>;
  try {
    result = isSafePattern(pattern, { unicode: true, timeout: 1000 });
  } catch (error) {
    return `cannot be checked: ${(error as Error).message}`;
  }
  let problem: string | undefined;
  if (!result.safe) {
    const [trail] = result.trails;
    const where = trail?.trail[0]?.a.node.source;
    problem =
      result.error === 'hitMaxScore'
        ? `a failed match can backtrack without bound${where ? ` (at ${JSON.stringify(where)})` : ''}`
        : `too complex to check (${result.error})`;
  }
  // A timeout depends on the machine's load at the time: only verdicts on the pattern itself are kept.
  if ((result.safe || result.error !== 'timedOut') && checkedPatterns.size < MAX_CHECKED_PATTERNS) {
    checkedPatterns.set(pattern, { problem });
  }
  return problem;
}

// ---------------------------------------------------------------------------------------------
// Limits of a whole schema

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function types(schema: Schema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** Keywords whose value is one schema, a list of schemas, or a map of schemas (draft-07 + 2019). */
const ONE_SCHEMA = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
];
const SCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAP = ['properties', 'definitions', '$defs', 'dependentSchemas', 'dependencies'];

/**
 * Every reason a schema does not bound its input, as `path: problem`, [] when it does:
 * - a schema that accepts strings (`type` "string") has a `maxLength`, unless it has an `enum`
 *   or a `const`;
 * - a schema with a `pattern` or a `format` has a `maxLength` in the same object (that is the
 *   length {@link boundPatterns} checks before the pattern);
 * - a schema that accepts arrays has a `maxItems`, or is a closed tuple (`items: [...]` with
 *   `additionalItems: false`);
 * - every `pattern` passes {@link patternProblem};
 * - no `patternProperties` (a regular expression on property names, which nothing bounds).
 */
export function schemaLimitProblems(schema: unknown, path = ''): string[] {
  if (!isObject(schema)) return [];
  const where = path || '(root)';
  const problems: string[] = [];
  const kinds = types(schema);
  const bounded = 'enum' in schema || 'const' in schema;

  if (typeof schema.maxLength !== 'number') {
    if (kinds.includes('string') && !bounded) problems.push(`${where}: a string without maxLength`);
    else if ('pattern' in schema) problems.push(`${where}: a pattern without maxLength beside it`);
    else if ('format' in schema) problems.push(`${where}: a format without maxLength beside it`);
  }
  if (typeof schema.pattern === 'string') {
    const problem = patternProblem(schema.pattern);
    if (problem)
      problems.push(
        `${where}: the pattern ${JSON.stringify(schema.pattern)} is not linear-time safe: ${problem}`,
      );
  }
  if (kinds.includes('array') && typeof schema.maxItems !== 'number' && !bounded) {
    const closedTuple = Array.isArray(schema.items) && schema.additionalItems === false;
    if (!closedTuple) problems.push(`${where}: an array without maxItems`);
  }
  if ('patternProperties' in schema) {
    problems.push(`${where}: patternProperties is not supported (property names are unbounded)`);
  }

  const child = (value: unknown, suffix: string) => {
    problems.push(...schemaLimitProblems(value, `${path}${suffix}`));
  };
  const children = (list: unknown, prefix: string) => {
    if (Array.isArray(list)) for (const [i, item] of list.entries()) child(item, `${prefix}/${i}`);
  };
  if (Array.isArray(schema.items)) children(schema.items, '/items');
  else child(schema.items, '/items');
  for (const keyword of ONE_SCHEMA) child(schema[keyword], `/${keyword}`);
  for (const keyword of SCHEMA_LIST) children(schema[keyword], `/${keyword}`);
  for (const keyword of SCHEMA_MAP) {
    const map = schema[keyword];
    if (isObject(map)) for (const [name, value] of Object.entries(map)) child(value, `/${keyword}/${name}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Ajv: length before pattern

/** Length in code points, as Ajv's maxLength counts it. */
function codePointLength(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    length++;
  }
  return length;
}

/**
 * Replaces Ajv's `pattern` keyword with one that skips the pattern when the string is longer
 * than the `maxLength` of the same schema object. `maxLength` then reports the string, so the
 * schema's verdict is unchanged (a string over maxLength is invalid whatever the pattern says),
 * only the redundant pattern error goes — and no regular expression ever sees more than
 * maxLength characters, whatever `allErrors` says. A keyword rather than a pre-check: it holds in
 * every subschema (`not`, `if`, `items`…) of every schema compiled by this Ajv, with no second
 * walk over the data to keep in step.
 *
 * {@link schemaLimitProblems} makes a maxLength beside every pattern mandatory for new policies
 * and the route schemas (a test checks them). A pattern without one still runs as before, so a
 * policy stored before these rules keeps working rather than failing every registration.
 */
export function boundPatterns(ajv: Ajv): Ajv {
  ajv.removeKeyword('pattern');
  ajv.addKeyword({
    keyword: 'pattern',
    type: 'string',
    schemaType: 'string',
    errors: true,
    compile(pattern: string, parentSchema: Schema) {
      const maxLength =
        typeof parentSchema.maxLength === 'number' ? parentSchema.maxLength : Number.POSITIVE_INFINITY;
      const regExp = new RegExp(pattern, 'u');
      const validate: SchemaValidateFunction = (data: string) => {
        if (data.length > maxLength && codePointLength(data) > maxLength) return true; // maxLength reports it
        if (regExp.test(data)) return true;
        validate.errors = [
          {
            keyword: 'pattern',
            message: `must match pattern "${pattern}"`,
            params: { pattern },
            parentSchema,
          },
        ];
        return false;
      };
      return validate;
    },
  });
  return ajv;
}
