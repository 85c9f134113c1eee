import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { Nullable } from './schemas.js';
import { closestField, unknownFields } from './unknownFields.js';

const Body = Type.Object({
  regionCode: Type.String(),
  smsConfiguration: Type.Optional(Nullable(Type.Object({ servicePlanId: Type.String() }))),
  items: Type.Optional(Type.Array(Type.Object({ phoneNumber: Type.String() }))),
  free: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

describe('unknown body fields', () => {
  test('are found at any depth, through nullable unions and arrays; free-form objects have none', () => {
    assert.deepEqual(
      unknownFields(
        {
          regioncode: 'US',
          smsConfiguration: { servicePlanID: 'p' },
          items: [{ phoneNumber: '+1' }, { phone: '+2' }],
          free: { anything: 1 },
        },
        Body,
      ),
      [
        { field: 'regioncode', suggestion: 'regionCode' },
        { field: 'smsConfiguration.servicePlanID', suggestion: 'servicePlanId' },
        { field: 'items.1.phone', suggestion: 'phoneNumber' },
      ],
    );
    assert.deepEqual(unknownFields({ regionCode: 'US', smsConfiguration: null }, Body), []);
    assert.deepEqual(unknownFields(undefined, Body), []);
  });

  test('at most `limit` are collected, the first ones sent (a refused body may hold thousands)', () => {
    const body: Record<string, unknown> = { regionCode: 'US' };
    for (let i = 0; i < 50_000; i++) body[`extra${i}`] = i;
    const found = unknownFields(body, Body, 3);
    assert.deepEqual(
      found.map((f) => f.field),
      ['extra0', 'extra1', 'extra2'],
    );
  });

  test('the suggestion is a declared field not sent, containing the name or a few edits away', () => {
    assert.equal(closestField('quantity', ['requestedQuantity', 'sequential']), 'requestedQuantity');
    assert.equal(closestField('capability', ['capabilities', 'regionCode']), 'capabilities');
    assert.equal(closestField('colour', ['regionCode', 'type']), undefined);
    assert.equal(closestField(`type${'x'.repeat(100)}`, ['type']), undefined);
  });
});
