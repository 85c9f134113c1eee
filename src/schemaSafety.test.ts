import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { boundPatterns, patternProblem, schemaLimitProblems } from './schemaSafety.js';

const OLD_EMAIL = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';
const EMAIL = '^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$';

describe('patternProblem: linear-time patterns pass', () => {
  for (const pattern of [
    EMAIL,
    '^\\+[1-9][0-9]{6,14}$',
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
    '^[1-9][0-9]{3} ?[A-Z]{2}$',
    '^CHE-?[0-9]{3}\\.?[0-9]{3}\\.?[0-9]{3}$',
    '^(0[1-9]|[1-8][0-9]|9[0-8])[0-9]{3}$',
    '^(FN ?[0-9]{1,6} ?[a-z]|[0-9]{6,12})$',
    '^[a-z0-9]+(-[a-z0-9]+)*$',
    '^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$',
    '^[a-z]+/[a-z0-9][a-z0-9.+-]*$',
    '[Pp]ostfach|[Cc]ase postale',
    '^[^:]+',
    '^(?:ab|cd){2,5}$',
  ]) {
    test(pattern, () => assert.equal(patternProblem(pattern), undefined));
  }
});

describe('patternProblem: patterns that can backtrack without bound are refused, with the reason', () => {
  const refused: [string, RegExp][] = [
    [OLD_EMAIL, /can backtrack without bound/],
    ['^(a+)+$', /can backtrack without bound/],
    ['^(a|a)*$', /can backtrack without bound|too complex to check/],
    ['^a*a*$', /can backtrack without bound/],
    ['^(a?)*$', /can backtrack without bound/],
    ['[a-z]+@', /can backtrack without bound/],
    ['^a+|b+$', /can backtrack without bound/],
    ['(', /not a valid regular expression/],
    ['a'.repeat(1001), /longer than 1000/],
  ];
  for (const [pattern, reason] of refused) {
    test(pattern.slice(0, 40), () => assert.match(patternProblem(pattern) ?? 'accepted', reason));
  }
});

describe('schemaLimitProblems', () => {
  test('a bounded schema has none', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 50 },
        kind: { type: 'string', enum: ['A', 'B'] },
        tags: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 20 } },
        sections: { type: 'array', items: [{ type: 'boolean' }], additionalItems: false },
        id: { anyOf: [{ type: 'string', maxLength: 36, pattern: '^[0-9a-f-]+$' }, { type: 'null' }] },
      },
    };
    assert.deepEqual(schemaLimitProblems(schema), []);
  });

  test('names each unbounded string, array and unsafe pattern by its path', () => {
    const schema = {
      type: 'array',
      items: [
        { type: 'object', properties: { city: { type: 'string' } } },
        { type: 'array', items: { type: ['string', 'null'], maxLength: 9 } },
        // biome-ignore lint/suspicious/noThenProperty: a JSON Schema if/then, not a promise
        { allOf: [{ if: { required: ['x'] }, then: { properties: { x: { pattern: '^a' } } } }] },
        { type: 'string', maxLength: 254, pattern: OLD_EMAIL },
        { type: 'object', patternProperties: { '^x': {} } },
        { not: { pattern: 'x' } },
        { type: 'string', maxLength: 10, format: 'date' },
        { format: 'email' },
      ],
    };
    assert.deepEqual(schemaLimitProblems(schema, 'data'), [
      'data: an array without maxItems',
      'data/items/0/properties/city: a string without maxLength',
      'data/items/1: an array without maxItems',
      'data/items/2/allOf/0/then/properties/x: a pattern without maxLength beside it',
      `data/items/3: the pattern ${JSON.stringify(OLD_EMAIL)} is not linear-time safe: a failed match can backtrack without bound (at "[^\\\\s@]")`,
      'data/items/4: patternProperties is not supported (property names are unbounded)',
      'data/items/5/not: a pattern without maxLength beside it',
      'data/items/7: a format without maxLength beside it',
    ]);
  });
});

describe('boundPatterns: lengths are checked before any pattern runs', () => {
  const compile = (schema: object) =>
    boundPatterns(new Ajv({ allErrors: true, verbose: true })).compile(schema);

  test('a string over maxLength gets the length error only; the pattern never sees it', () => {
    // The old e-mail pattern backtracks quadratically; 60,000 dots take seconds without the guard.
    const validate = compile({ type: 'string', maxLength: 254, pattern: OLD_EMAIL });
    const started = performance.now();
    assert.equal(validate(`a@${'.'.repeat(60_000)}@`), false);
    assert.ok(performance.now() - started < 50);
    assert.deepEqual(
      validate.errors?.map((e) => e.keyword),
      ['maxLength'],
    );
  });

  test('within maxLength the pattern applies as usual, with the error Ajv would give', () => {
    const schema = { type: 'string', maxLength: 5, pattern: '^[0-9]{5}$', description: 'a postcode' };
    const validate = compile(schema);
    assert.equal(validate('12345'), true);
    assert.equal(validate('1234a'), false);
    assert.deepEqual(validate.errors, [
      {
        instancePath: '',
        schemaPath: '#/pattern',
        keyword: 'pattern',
        params: { pattern: '^[0-9]{5}$' },
        message: 'must match pattern "^[0-9]{5}$"',
        schema: '^[0-9]{5}$',
        parentSchema: schema,
        data: '1234a',
      },
    ]);
  });

  test('maxLength counts code points, as Ajv does: 5 emoji fit a maxLength of 5', () => {
    const validate = compile({ type: 'string', maxLength: 5, pattern: '^.{5}$' });
    assert.equal(validate('😀😀😀😀😀'), true);
    assert.equal(validate('😀😀😀😀😀😀'), false);
    assert.deepEqual(
      validate.errors?.map((e) => e.keyword),
      ['maxLength'],
    );
  });

  test('inside not, too: over maxLength the not-schema fails on length, so not passes and the outer maxLength reports', () => {
    const validate = compile({ type: 'string', maxLength: 20, not: { maxLength: 20, pattern: 'Postfach' } });
    assert.equal(validate('Postfach 12'), false);
    assert.deepEqual(
      validate.errors?.map((e) => e.keyword),
      ['not'],
    );
    assert.equal(validate(`Postfach ${'1'.repeat(30)}`), false);
    assert.deepEqual(
      validate.errors?.map((e) => e.keyword),
      ['maxLength'],
    );
  });

  test('a non-string value is left to the type keyword', () => {
    const validate = compile({ type: 'string', maxLength: 5, pattern: '^a$' });
    assert.equal(validate(5), false);
    assert.deepEqual(
      validate.errors?.map((e) => e.keyword),
      ['type'],
    );
  });
});
