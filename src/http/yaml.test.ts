import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { toYaml } from './yaml.js';

/** Reads YAML back (the validator parses a string as YAML, then checks it as OpenAPI). */
async function parsed(value: Record<string, unknown>): Promise<unknown> {
  const validator = new Validator();
  const document = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, 'x-value': value };
  await validator.validate(toYaml(document));
  return (validator.specification as Record<string, unknown>)['x-value'];
}

test('writes block YAML, quoting what would not read back as the same string', () => {
  assert.equal(
    toYaml({ a: 'plain text', b: ['x', { c: 1, d: [] }], e: {}, f: 'true', g: '200', h: 'a: b', i: null }),
    [
      'a: plain text',
      'b:',
      '  - x',
      '  - c: 1',
      '    d: []',
      'e: {}',
      'f: "true"',
      'g: "200"',
      'h: "a: b"',
      'i: null',
      '',
    ].join('\n'),
  );
});

test('reads back as the value it was made from', async () => {
  const value = {
    words: ['yes', 'No', 'null', '~', 'on', 'y', '', ' padded ', 'tail ', '-dash', '#hash', 'a #b', 'x:y'],
    numbers: [0, -1.5, 1e21, '1e3', '0x10', '.5', '1_000', 'inf', '.inf', '.NaN'],
    text: 'line one\nline two\t"quoted" \\ back\u0000nul\u007fdel\u0085nel\u2028sep é 🙂',
    keys: { '': 1, '200': 2, 'a b': 3, '/v1/{id}': 4, 'x-y': 5, true: 6 },
    nested: [[1, [2]], [], [{}], { deep: { deeper: [{ a: [] }] } }],
    flags: [true, false, null],
  };
  assert.deepEqual(await parsed(value), value);
});
