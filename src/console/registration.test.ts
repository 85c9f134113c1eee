import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { humanize, registrationView } from './registration.js';

const policy = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../policies/${name}.json`, import.meta.url), 'utf8'));

/** The page's text without tags, whitespace collapsed. */
const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

test('property names become labels', () => {
  assert.equal(
    humanize('iConfirmThatTheEndUserHasAValidUseCaseForThisNumber'),
    'I confirm that the end user has a valid use case for this number',
  );
  assert.equal(humanize('postalCode'), 'Postal code');
  assert.equal(humanize('end_business_name'), 'End business name');
  assert.equal(humanize('vatID'), 'Vat ID');
});

test('DE LOCAL: sections as fieldsets under their legends, values under labels, booleans in words', () => {
  const de = policy('DE-LOCAL');
  const view = registrationView(de.dataSchema, de.examples.valid).text;
  const legends = [...view.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => m[1]);
  assert.deepEqual(legends.slice(0, 2), ['Section 1 — use cases', 'Entry 1']);
  assert.ok(
    legends.some((l) => l?.startsWith('Section 2')),
    legends.join(' | '),
  );
  const words = text(view);
  assert.match(words, /Service description .*Customer service line of the Berlin branch office/);
  assert.match(words, /I confirm that the end user has a valid use case for this number .* Yes/);
  assert.match(words, /Company name .* Beispiel Handels GmbH/);
  assert.doesNotMatch(view, /\{|"typeOfCustomer"/, 'no raw JSON');
});

test('values the schema does not name are shown, escaped; no schema lays out the data by its shape', () => {
  const view = registrationView(
    { type: 'object', properties: { name: { type: 'string', title: 'Full name' } } },
    { name: '<b>Ann</b>', extraField: 'kept' },
  ).text;
  assert.match(view, /Full name/);
  assert.match(view, /&lt;b&gt;Ann&lt;\/b&gt;/);
  assert.match(text(view), /Extra field kept/);
  assert.match(text(registrationView(undefined, [{ a: 1 }, 'x']).text), /Entry 1 A 1 Entry 2 x/);
  assert.match(registrationView(undefined, null).text, /No registration data/);
});
