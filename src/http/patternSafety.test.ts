import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import { type AppWithRoutes, appWithRoutes } from '../../test/helpers/routeList.js';
import { compileDataSchema } from '../domain/orders/dataSchemas.js';
import { loadPolicyFiles } from '../domain/orders/policyFile.js';
import { POLICY_META_SCHEMA } from '../domain/orders/policyMetaSchema.js';
import { boundPatterns, patternProblem, schemaLimitProblems } from '../schemaSafety.js';
import { LIMITS } from './schemas.js';
import { validatorCompiler } from './validation.js';

/** Fastify's router refuses longer path parameters (maxParamLength), before any regular expression. */
const PATH_PARAM_MAX = LIMITS.pathParam;

/**
 * Issue 7, findings 1 and 2: no input can make a regular expression backtrack for long, and every
 * string and array a route accepts is bounded. The routes are collected from the real app with an
 * `onRoute` hook (buildApp registers its operations in plugins that load at `ready()`, after the
 * hook is in place), so a new route is checked without being listed here.
 */

const REQUEST_PARTS = ['params', 'querystring', 'body', 'headers'] as const;

interface Route {
  name: string;
  schemas: Partial<Record<(typeof REQUEST_PARTS)[number], unknown>>;
}

const routes: Route[] = [];
let loaded: AppWithRoutes;

before(async () => {
  loaded = await appWithRoutes();
  for (const route of loaded.routes) {
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
    routes.push({
      name: `${methods} ${route.url}`,
      schemas: {
        params: schema.params,
        querystring: schema.querystring ?? schema.query,
        body: schema.body,
        headers: schema.headers,
      },
    });
  }
});

after(() => loaded?.close());

// ---------------------------------------------------------------------------------------------
// Collecting string schemas that carry a pattern

interface PatternCase {
  where: string;
  pattern: string;
  maxLength: number;
  validate: ValidateFunction;
}

/** Every schema object with a `pattern`, wherever it sits (properties, items, not, allOf…). */
function schemasWithPattern(
  schema: unknown,
  found: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
  if (Array.isArray(schema)) for (const item of schema) schemasWithPattern(item, found);
  else if (schema !== null && typeof schema === 'object') {
    const object = schema as Record<string, unknown>;
    if (typeof object.pattern === 'string') found.push(object);
    for (const [key, value] of Object.entries(object)) {
      // enum/const/examples hold data, not schemas.
      if (key !== 'enum' && key !== 'const' && key !== 'examples' && key !== 'default') {
        schemasWithPattern(value, found);
      }
    }
  }
  return found;
}

/** A schema of its own for one string: the keywords that apply to one string, nothing else. */
function stringSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { pattern, maxLength, minLength, format } = schema;
  return Object.fromEntries(
    Object.entries({ type: 'string', pattern, maxLength, minLength, format }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

const metaAjv = boundPatterns(new Ajv({ allErrors: true, strict: true, logger: false }));

function policyCases(): PatternCase[] {
  const cases: PatternCase[] = [];
  const seen = new Set<string>(); // the same field (e-mail, phone) recurs in most policies
  for (const policy of loadPolicyFiles()) {
    for (const schema of schemasWithPattern(policy.dataSchema)) {
      const key = JSON.stringify(stringSchema(schema));
      if (seen.has(key)) continue;
      seen.add(key);
      cases.push({
        where: `policy ${policy.regionCode}-${policy.numberType}`,
        pattern: schema.pattern as string,
        maxLength: schema.maxLength as number,
        validate: compileDataSchema(stringSchema(schema)),
      });
    }
  }
  for (const schema of schemasWithPattern(POLICY_META_SCHEMA)) {
    cases.push({
      where: 'the policy document format',
      pattern: schema.pattern as string,
      maxLength: schema.maxLength as number,
      validate: metaAjv.compile(stringSchema(schema)),
    });
  }
  return cases;
}

/** `:param(regex)` in a route's path: the router runs it on the segment (at most maxParamLength). */
function pathRegExps(url: string): string[] {
  return [...url.matchAll(/:\w+\(([^()]*)\)/g)].map((m) => m[1]!);
}

function routeCases(): PatternCase[] {
  const cases: PatternCase[] = [];
  for (const route of routes) {
    for (const pattern of pathRegExps(route.name)) {
      const regExp = new RegExp(pattern);
      const validate = ((value: string) =>
        value.length <= PATH_PARAM_MAX && regExp.test(value)) as ValidateFunction;
      cases.push({ where: `${route.name} (path)`, pattern, maxLength: PATH_PARAM_MAX, validate });
    }
    for (const part of REQUEST_PARTS) {
      for (const schema of schemasWithPattern(route.schemas[part])) {
        cases.push({
          where: `${route.name} (${part})`,
          pattern: schema.pattern as string,
          maxLength: schema.maxLength as number,
          validate: validatorCompiler({
            schema: stringSchema(schema),
            httpPart: part,
            method: 'POST',
            url: route.name,
          }) as ValidateFunction,
        });
      }
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Pathological inputs

/** Characters of the classes patterns deal with, plus every literal character of the pattern. */
function alphabet(pattern: string): string[] {
  const generic = ['a', 'Z', '0', '9', '.', '@', '-', '_', '+', '/', ' ', '\t', 'é', '\u2028', '!'];
  const literal = [...pattern].filter(
    (c) => /[\p{L}\p{N}\p{P}\p{S} ]/u.test(c) && !'^$()[]{}|?*+\\'.includes(c),
  );
  return [...new Set([...generic, ...literal])];
}

/** Inputs of exactly `length` characters that make backtracking patterns work hardest. */
function pathologicalInputs(pattern: string, length: number): string[] {
  const chars = alphabet(pattern);
  const fill = (unit: string) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  const inputs: string[] = [];
  for (const c of chars) {
    inputs.push(fill(c));
    inputs.push(`${fill(c).slice(0, length - 1)}!`); // almost matches, fails at the end
  }
  for (let i = 0; i < chars.length; i++) {
    inputs.push(fill(`${chars[i]}${chars[(i + 1) % chars.length]}`)); // alternating
  }
  inputs.push(`a@${'.'.repeat(Math.max(0, length - 3))}@`); // issue 7, finding 1
  inputs.push(`${`a@${'a.'.repeat(length)}`.slice(0, length - 1)}@`); // labels, then no domain end
  inputs.push(`${`+1${'0'.repeat(length)}`.slice(0, length - 1)}x`); // a phone number gone wrong
  return inputs.filter((s) => s.length > 0);
}

/** 64 KiB beyond the limit: the largest registration, and far past any linear pattern's cost. */
const BEYOND = 64 * 1024;
/** Per validation. A linear pattern takes well under 1 ms; a quadratic one on 64 KiB, seconds. */
const BOUND_MS = 50;

/** The validations of one pattern that took longer than the bound, at each of `lengths`. */
function slowValidations(c: PatternCase, lengths: number[]): string[] {
  const slow: string[] = [];
  for (const length of lengths) {
    for (const input of pathologicalInputs(c.pattern, length)) {
      const started = performance.now();
      const valid = c.validate(input);
      const elapsed = performance.now() - started;
      if (elapsed > BOUND_MS) {
        slow.push(`${c.where}: ${c.pattern} took ${elapsed.toFixed(0)} ms on ${input.length} chars`);
      }
      if (length > c.maxLength)
        assert.equal(valid, false, `${c.where}: ${c.pattern} accepted ${length} chars`);
    }
  }
  return slow;
}

function assertFast(cases: PatternCase[]) {
  assert.deepEqual(
    cases.flatMap((c) => slowValidations(c, [c.maxLength, c.maxLength + BEYOND])),
    [],
  );
}

// ---------------------------------------------------------------------------------------------

describe('route schemas', () => {
  test('the app has its routes (the hook saw them)', () => {
    const names = routes.map((r) => r.name);
    assert.ok(routes.length > 30, `${routes.length} routes`);
    for (const expected of [
      'PUT /v1/projects/:projectId/numberOrders/:numberOrderId/registration',
      'POST /v1/projects/:projectId/availableNumbers/:phoneNumber(^[^:]+)::rent',
      'PUT /admin/v1/kycPolicies/:regionCode/:numberType',
    ]) {
      assert.ok(names.includes(expected), `${expected} in ${names.join('\n')}`);
    }
  });

  test('every string a route accepts has a maxLength, every array a maxItems, every pattern is linear', () => {
    const problems = routes.flatMap((route) =>
      REQUEST_PARTS.flatMap((part) =>
        schemaLimitProblems(route.schemas[part], part).map((problem) => `${route.name} ${problem}`),
      ),
    );
    assert.deepEqual(problems, []);
  });

  test('every route pattern answers fast on pathological input, up to its maxLength and far beyond', () => {
    const cases = routeCases();
    assert.ok(
      cases.some((c) => c.where.endsWith('(path)')),
      'the path regular expressions are included',
    );
    for (const c of cases) assert.equal(patternProblem(c.pattern), undefined, `${c.where}: ${c.pattern}`);
    assertFast(cases);
  });
});

describe('KYC policies', () => {
  test('every shipped policy bounds its strings and arrays and has linear patterns', () => {
    for (const policy of loadPolicyFiles()) {
      assert.deepEqual(schemaLimitProblems(policy.dataSchema, 'dataSchema'), [], policy.regionCode);
    }
    assert.deepEqual(schemaLimitProblems(POLICY_META_SCHEMA), []);
  });

  test('every policy pattern answers fast on pathological input, up to its maxLength and far beyond', () => {
    const cases = policyCases();
    assert.ok(cases.length >= 40, `${cases.length} distinct patterns`);
    assertFast(cases);
  });
});

describe('the timing check itself', () => {
  test('catches a backtracking pattern that has no length guard', () => {
    // The e-mail pattern the policies shipped before: quadratic on "a@" + dots + "@".
    const pattern = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';
    const unguarded = new Ajv({ allErrors: true }).compile({ type: 'string', pattern });
    const slow = slowValidations(
      { where: 'unguarded', pattern, maxLength: 10_000, validate: unguarded },
      [10_000],
    );
    assert.ok(
      slow.some((s) => /took \d+ ms on 10000 chars/.test(s)),
      'the dots input is caught',
    );
  });
});
