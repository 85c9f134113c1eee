import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliEnv } from '../helpers/cli.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { PDF } from '../helpers/multipart.js';
import { KEY, startTerminal, type TerminalSession } from '../helpers/terminal.js';
import { PROJECT } from '../helpers/testApp.js';

/**
 * `open-numbers order` on a terminal: the wizard, driven through a real pseudo-terminal by typing
 * answers, as a person would; the assertions are on what the screen shows and on the server's
 * state afterwards. Each step waits for the active prompt (`◆  <question>`) before answering.
 */

const NUM = `/v1/projects/${PROJECT.projectId}`;

/** Waits for the active prompt matching `question`, then types `keys`. */
async function answer(term: TerminalSession, question: RegExp, keys: string): Promise<string> {
  const screen = await term.waitFor(new RegExp(`◆  ${question.source}`));
  term.type(keys);
  return screen;
}

const erase = (n: number) => KEY.backspace.repeat(n);

describe('open-numbers order: the wizard in a terminal', () => {
  let server: LiveServer;
  let env: Record<string, string>;
  let dir: string;
  before(async () => {
    server = await startLiveServer();
    env = cliEnv(server);
    dir = mkdtempSync(join(tmpdir(), 'open-numbers-wizard-'));
    writeFileSync(join(dir, 'passport.pdf'), PDF);
    writeFileSync(join(dir, 'notes.txt'), 'not a document');
  });
  after(() => server.close());

  test('AU MOBILE end to end: answers typed, local checks re-asked, submitted, reviewed, active', async () => {
    const term = startTerminal(['order', '--poll-interval', '0.2'], env);
    try {
      // A region numbers are not sold in is refused where it is typed.
      await answer(term, /Region/, `XX${KEY.enter}`);
      await term.waitFor(/no numbers are sold in XX/);
      term.type(`${erase(2)}au${KEY.enter}`);
      await answer(term, /Number type in AU/, KEY.enter);

      // Step 1 says what is needed; AU MOBILE takes no quantity orders, so none is offered.
      const how = await answer(term, /A specific number, or a quantity\?/, KEY.enter);
      assert.match(how, /Step 1 — AU MOBILE needs a registration \(3 sections\), no documents/);
      assert.match(how, /AU MOBILE orders are for one specific number/);
      assert.doesNotMatch(how, /A quantity of numbers/);
      await answer(term, /SMS or voice\?/, KEY.enter);
      await answer(term, /SMS service plan id/, `1dez6a8300774283a4256aa756a11111${KEY.enter}`);

      // Step 2: search and pick; step 3: the reservation, with its time left.
      await answer(term, /Numbers starting with/, `+61411111112${KEY.enter}`);
      const pick = await answer(term, /Pick a number/, KEY.enter);
      assert.match(pick, /Step 2 — 1 number for sale/);
      assert.match(pick, /● \+61411111112 \(SMS, VOICE; setup 5\.00 AUD, monthly 5\.00 AUD\)/);
      const sections = await answer(term, /data\[0\]: how many entries\? \(1 to 10\)/, KEY.enter);
      const orderId = /Step 3 — order (\w+) created: \+61411111112/.exec(sections)?.[1];
      assert.ok(orderId, sections);
      assert.match(sections, /Reserved until \S+ \(48h 0m left\): steps 4 to 6 must be done by then/);

      // Step 4, questions from the schema. The sender defaults to the ordered number; a wrong one
      // is refused as typed, with the schema's description.
      const sender = await answer(
        term,
        /senderId — the Australian mobile number/,
        `${erase(12)}0411${KEY.enter}`,
      );
      assert.match(sender, /\+61411111112/, 'the ordered number is offered');
      await term.waitFor(
        /has an invalid format \(expected: the Australian mobile number sending the traffic/,
      );
      term.type(`${erase(4)}+61411111112${KEY.enter}`);
      await answer(term, /purposeOfTheTraffic/, `One Time Password${KEY.enter}`);
      await answer(term, /intendedUseOfMobileNumbers/, `Transactional${KEY.enter}`);
      await answer(term, /iConfirmThatMyBusinessHasAValidUseCaseForThisLn/, KEY.enter);
      await answer(term, /endBusinessName/, `Example Pty Ltd${KEY.enter}`);
      await answer(term, /endBusinessAddress\n/, `1 Collins Street${KEY.enter}`);
      await answer(term, /endBusinessAddress2 \(optional\)/, KEY.enter);
      await answer(term, /city/, `Melbourne${KEY.enter}`);
      await answer(term, /state — Australian state or territory code/, `${KEY.down.repeat(6)}${KEY.enter}`);
      const postal = await answer(term, /postalCode — a four-digit Australian postcode/, `2000${KEY.enter}`);
      assert.match(postal, /data\[1\]\.country: "AU" \(the only value allowed\)/);
      await answer(term, /firstName/, `Alex${KEY.enter}`);
      await answer(term, /lastName/, `Example${KEY.enter}`);
      await answer(term, /phoneNumber — Contact phone number/, `+61411111113${KEY.enter}`);

      // The whole is checked locally: a Victorian postcode starts with 3 or 8, so it is asked again.
      const again = await answer(
        term,
        /postalCode — a four-digit Australian postcode/,
        `${erase(4)}3000${KEY.enter}`,
      );
      assert.match(
        again,
        /data\[1\]\.postalCode has an invalid format \(expected: VIC postcodes start with 3 or 8\)/,
      );

      // Steps 4 to 6 done, then the review: the wizard polls; this test moves the sandbox clock.
      const submit = await answer(term, new RegExp(`Submit order ${orderId} for review\\?`), KEY.enter);
      assert.match(submit, /Step 4 — registration accepted/);
      assert.match(submit, /Step 5 — no documents needed/);
      await term.waitFor(/Waiting for the review of order \w+ \(IN_REVIEW\)/);
      await server.advance(61);
      const done = await term.waitFor(/Done: \+61411111112 active\./);
      assert.match(done, /Review: COMPLETED/);
      assert.match(done, /COMPLETED: \+61411111112 now active in your project/);
      assert.equal(await term.exited, 0);

      const registration = await server.api('GET', `${NUM}/numberOrders/${orderId}/registration`);
      const [useCases, business, contact] = registration.body.requestDetails.data;
      assert.equal(useCases[0].senderId, '+61411111112');
      assert.equal(business.postalCode, '3000');
      assert.equal(business.state, 'VIC');
      assert.equal('endBusinessAddress2' in business, false, 'an optional field left empty is left out');
      assert.equal(contact.phoneNumber, '+61411111113');
      assert.equal((await server.api('GET', `${NUM}/activeNumbers/+61411111112`)).status, 200);
    } finally {
      term.kill();
    }
  });

  test('a US LOCAL quantity order: no registration needed; Ctrl-C before submitting cancels with 130', async () => {
    const term = startTerminal(['order'], env);
    try {
      await answer(term, /Region/, `US${KEY.enter}`);
      await answer(term, /Number type in US/, KEY.enter);
      const how = await answer(
        term,
        /A specific number, or a quantity\?/,
        `${KEY.down.repeat(2)}${KEY.enter}`,
      );
      assert.match(how, /Step 1 — US LOCAL: no registration needed/);
      await answer(term, /SMS or voice\?/, KEY.enter);
      await answer(term, /SMS service plan id/, `plan-1${KEY.enter}`);
      await answer(term, /10DLC campaign id/, KEY.enter);
      await answer(term, /How many numbers\?/, `${erase(1)}2${KEY.enter}`);
      await answer(term, /Numbers starting with/, KEY.enter);
      const submit = await answer(term, /Submit order \w+ for review\?/, KEY.ctrlC);
      assert.match(submit, /Step 4 — no registration needed/);
      assert.match(submit, /Step 5 — no documents needed/);
      const orderId = /Step 3 — order (\w+) created: \+1\d+, \+1\d+/.exec(submit)?.[1];
      assert.ok(orderId, submit);
      assert.equal(await term.exited, 130);
      assert.match(term.screen(), new RegExp(`cancelled: order ${orderId} stays CREATED until \\S+`));
      assert.equal((await server.api('GET', `${NUM}/numberOrders/${orderId}`)).body.state, 'CREATED');
    } finally {
      term.kill();
    }
  });

  test('DE LOCAL: documents checked by type before upload; Ctrl-C while waiting leaves the order in review', async () => {
    const phone = (await server.api('GET', `${NUM}/availableNumbers?regionCode=DE&type=LOCAL&size=1`)).body
      .availableNumbers[0].phoneNumber;
    const term = startTerminal(['order'], env, { cwd: dir });
    try {
      await answer(term, /Region/, `DE${KEY.enter}`);
      await answer(term, /Number type in DE/, `${KEY.down}${KEY.enter}`);
      const how = await answer(term, /A specific number, or a quantity\?/, `${KEY.down}${KEY.enter}`);
      assert.match(
        how,
        /DE LOCAL needs a registration \(3 sections\), 2 mandatory documents, 1 optional document/,
      );
      assert.match(how, /Identity document \(mandatory\): application\/pdf, image\/jpeg, image\/png/);
      await answer(term, /SMS or voice\?/, `${KEY.down}${KEY.enter}`);
      await answer(term, /Voice type/, KEY.enter);
      await answer(term, /RTC: appId/, `my-voice-app${KEY.enter}`);
      // A typed number without + is refused as typed.
      await answer(term, /The number \(E\.164/, `${phone.slice(1)}${KEY.enter}`);
      await term.waitFor(/must be E\.164 with a leading \+/);
      term.type(`${KEY.backspace.repeat(phone.length)}${phone}${KEY.enter}`);

      await answer(term, /data\[0\]: how many entries\?/, KEY.enter);
      await answer(term, /usageType/, KEY.enter);
      await answer(term, /serviceDescription/, `Customer service line of the Berlin office${KEY.enter}`);
      await answer(term, /iConfirmThatTheEndUserHasAValidUseCaseForThisNumber/, KEY.enter);
      await answer(term, /iConfirmTheNumberIsUsedAtTheEndUserAddress/, KEY.enter);
      await answer(term, /typeOfCustomer/, `${KEY.down}${KEY.enter}`);
      await answer(term, /companyName \(optional\)/, KEY.enter);
      await answer(term, /firstName \(optional\)/, `Erika${KEY.enter}`);
      await answer(term, /lastName \(optional\)/, `Mustermann${KEY.enter}`);
      await answer(term, /registrationNumber \(optional\)/, KEY.enter);
      await answer(term, /vatNumber \(optional\)/, KEY.enter);
      await answer(term, /dateOfBirth \(optional\)/, KEY.enter);
      await answer(term, /street —/, `Friedrichstraße 123${KEY.enter}`);
      await answer(term, /addressLine2 \(optional\)/, KEY.enter);
      await answer(term, /postalCode —/, `10117${KEY.enter}`);
      await answer(term, /city\n/, `Berlin${KEY.enter}`);
      await answer(term, /firstName\n/, `Erika${KEY.enter}`);
      await answer(term, /lastName\n/, `Mustermann${KEY.enter}`);
      await answer(term, /phoneNumber —/, `+4930901820${KEY.enter}`);
      await answer(term, /email —/, `erika@example.de${KEY.enter}`);
      // An INDIVIDUAL needs a date of birth (a rule across fields): asked again after the check.
      const birth = await answer(term, /dateOfBirth/, `1980-02-30${KEY.enter}`);
      assert.match(birth, /data\[1\]\.dateOfBirth is required/);
      await term.waitFor(/must be a valid date/);
      term.type(`${erase(2)}28${KEY.enter}`);

      // Step 5: a text file is refused before anything is uploaded; the PDF is taken.
      await answer(term, /File for "Identity document"/, `notes.txt${KEY.enter}`);
      await term.waitFor(
        /notes\.txt is text\/plain; "Identity document" accepts application\/pdf, image\/jpeg/,
      );
      await answer(term, /File for "Identity document"/, `passport.pdf${KEY.enter}`);
      await answer(term, /What is passport\.pdf\?/, KEY.enter);
      await answer(term, /File for "Proof of address"/, `passport.pdf${KEY.enter}`);
      await answer(term, /What is passport\.pdf\?/, KEY.enter);
      const optional = await answer(term, /Upload "Business registration" \(optional\)\?/, KEY.enter);
      assert.match(optional, /Step 5 — uploaded passport\.pdf \(application\/pdf, PASSPORT\)/);
      assert.match(optional, /Step 5 — uploaded passport\.pdf \(application\/pdf, PROOF_OF_ADDRESS\)/);

      await answer(term, /Submit order \w+ for review\?/, KEY.enter);
      const waiting = await term.waitFor(/Waiting for the review of order \w+ \(IN_REVIEW\)/);
      const orderId = /Step 3 — order (\w+) created/.exec(waiting)?.[1];
      term.type(KEY.ctrlC);
      assert.equal(await term.exited, 130);
      assert.match(
        term.screen(),
        new RegExp(`cancelled: order ${orderId} was submitted; see: open-numbers order status`),
      );
      assert.equal((await server.api('GET', `${NUM}/numberOrders/${orderId}`)).body.state, 'IN_REVIEW');
      const registration = await server.api('GET', `${NUM}/numberOrders/${orderId}/registration`);
      assert.equal(registration.body.attachments.length, 2);
      assert.equal(registration.body.requestDetails.data[1].dateOfBirth, '1980-02-28');
    } finally {
      term.kill();
    }
  });

  // Last: it moves the clock 48 hours, which also expires the test's own access token.
  test('an order that expires while the wizard waits for an answer: it offers to start over', async () => {
    const term = startTerminal(['order'], env);
    try {
      await answer(term, /Region/, `US${KEY.enter}`);
      await answer(term, /Number type in US/, KEY.enter);
      await answer(term, /A specific number, or a quantity\?/, `${KEY.down.repeat(2)}${KEY.enter}`);
      await answer(term, /SMS or voice\?/, `${KEY.down.repeat(2)}${KEY.enter}`);
      await answer(term, /How many numbers\?/, KEY.enter);
      await answer(term, /Numbers starting with/, KEY.enter);
      await term.waitFor(/◆ {2}Submit order \w+ for review\?/);
      await server.advance(48 * 3600 + 1);
      term.type(KEY.enter);
      const offer = await answer(term, /Start over with a new order\?/, KEY.enter);
      assert.match(offer, /step 6 \(submit\): the order expired at \S+: its id is no longer valid/);
      // Back at the first question, the previous answer kept; Ctrl-C there leaves nothing behind.
      const region = await answer(term, /Region/, KEY.ctrlC);
      assert.match(region, /Starting over/);
      assert.match(region, /◆ {2}Region \(two letters, e.g. AU, DE, US\)\n│ {2}US/);
      assert.equal(await term.exited, 130);
      assert.match(term.screen(), /cancelled: nothing was ordered/);
    } finally {
      term.kill();
    }
  });
});
