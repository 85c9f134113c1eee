import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Asker } from '../../src/cli/openNumbers/order/wizard/prompts.js';
import { RegistrationPrompts } from '../../src/cli/openNumbers/order/wizard/registrationPrompts.js';
import { auRegistration } from './orderFixtures.js';

/**
 * The wizard's registration questions, generated from a requirements schema (AU MOBILE's, as the
 * lookup returns it), answered by a script instead of a person: which questions come in which
 * order, what a refused answer shows, and what is asked again after a local check or a server 400.
 */

const AU_SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '../../policies/AU-MOBILE.json'), 'utf8'))
  .dataSchema as Record<string, unknown>;

/** Answers questions in order; each expected question's text must match. Records what is shown. */
function scripted(answers: [RegExp, string | boolean][]) {
  const shown: string[] = [];
  const next = (message: string) => {
    const entry = answers.shift();
    assert.ok(entry, `an unexpected question: ${message}`);
    assert.match(message, entry[0]);
    shown.push(`? ${message}`);
    return entry[1];
  };
  const asker: Asker = {
    async text(options) {
      for (;;) {
        const answer = String(next(options.message));
        shown.push(`  initially: ${options.initialValue ?? ''}`);
        const problem = options.validate?.(answer);
        if (!problem) return answer;
        shown.push(`  refused: ${problem}`);
      }
    },
    async select(options) {
      const label = String(next(options.message));
      const option = options.options.find((o) => o.label === label);
      assert.ok(option, `no option ${label}`);
      return option.value;
    },
    async confirm(message) {
      return Boolean(next(message));
    },
    step: (m) => shown.push(`step ${m}`),
    info: (m) => shown.push(`info ${m}`),
    warn: (m) => shown.push(`warn ${m}`),
    error: (m) => shown.push(`error ${m}`),
  };
  return { asker, shown, left: () => answers.length };
}

const AU_ANSWERS: [RegExp, string | boolean][] = [
  [/^data\[0\]: how many entries\? \(1 to 10\)$/, '1'],
  [/^senderId — the Australian mobile number/, '0411111112'],
  [/^senderId/, '+61411111112'],
  [/^purposeOfTheTraffic/, 'One Time Password'],
  [/^intendedUseOfMobileNumbers/, 'Transactional'],
  [/^iConfirmThatMyBusinessHasAValidUseCaseForThisLn/, false],
  [/^iConfirmThatMyBusinessHasAValidUseCaseForThisLn/, true],
  [/^endBusinessName$/, 'Example Pty Ltd'],
  [/^endBusinessAddress$/, '1 Collins Street'],
  [/^endBusinessAddress2 \(optional\)$/, ''],
  [/^city$/, 'Melbourne'],
  [/^state — Australian state or territory code\.$/, 'VIC'],
  [/^postalCode — a four-digit Australian postcode$/, '2000'],
  [/^firstName$/, 'Alex'],
  [/^lastName$/, 'Example'],
  [/^phoneNumber — Contact phone number/, '+61411111113'],
];

describe('order wizard: registration questions from the requirements schema', () => {
  test('AU MOBILE: one question per field, in order; answers checked as typed and as a whole', async () => {
    const { asker, shown, left } = scripted([
      ...AU_ANSWERS,
      // Asked again after the whole was checked: VIC postcodes start with 3 or 8.
      [/^postalCode — a four-digit Australian postcode$/, '3000'],
    ]);
    const prompts = new RegistrationPrompts(asker, AU_SCHEMA, ['+61411111112']);
    const data = await prompts.complete(await prompts.askAll(undefined));
    assert.equal(left(), 0);
    assert.deepEqual(data, auRegistration('+61411111112'));
    const text = shown.join('\n');
    // The sender is offered as the ordered number; a wrong one is refused with the schema's words.
    assert.match(
      text,
      /\? senderId .*\n {2}initially: \+61411111112\n {2}refused: has an invalid format \(expected: the Australian mobile number/,
    );
    assert.match(text, /warn This must be confirmed for the order to be accepted\./);
    assert.match(text, /info data\[1\]\.country: "AU" \(the only value allowed\)/);
    assert.match(
      text,
      /warn 1 answer does not meet the requirements yet:\nerror data\[1\]\.postalCode has an invalid format \(expected: VIC postcodes start with 3 or 8\)\n\? postalCode .*\n {2}initially: 2000/,
    );
  });

  test("the server's 400: only the fields it names are asked again, with its messages", async () => {
    const first = scripted([...AU_ANSWERS, [/^postalCode/, '3000']]);
    const prompts = new RegistrationPrompts(first.asker, AU_SCHEMA, ['+61411111112']);
    const data = (await prompts.complete(await prompts.askAll(undefined))) as object[];

    const { asker, shown, left } = scripted([[/^phoneNumber — Contact phone number/, '+61411111114']]);
    const again = new RegistrationPrompts(asker, AU_SCHEMA, ['+61411111112']);
    const withExtra = [data[0], data[1], { ...data[2], email: 'alex@example.com' }];
    const fixed = (await again.fix(withExtra, [
      { field: 'data[2].phoneNumber', description: 'The contact could not be reached on this number' },
      { field: 'data[2].email', description: 'data[2].email is not an allowed field' },
      { field: 'attachments.x', description: 'Mandatory attachment missing: X' },
    ])) as object[];
    assert.equal(left(), 0);
    assert.deepEqual(fixed[2], { firstName: 'Alex', lastName: 'Example', phoneNumber: '+61411111114' });
    assert.deepEqual(fixed.slice(0, 2), data.slice(0, 2), 'the other answers are kept');
    const text = shown.join('\n');
    assert.match(
      text,
      /^error data\[2\]\.phoneNumber: The contact could not be reached on this number\n\? phoneNumber .*\n {2}initially: \+61411111113/m,
    );
    assert.match(text, /^error data\[2\]\.email is not an allowed field\ninfo data\[2\]\.email removed$/m);
  });
});
