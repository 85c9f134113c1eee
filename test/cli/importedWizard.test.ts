import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliEnv } from '../helpers/cli.js';
import { advanceOrder, spokenCode } from '../helpers/importedSandbox.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { KEY, startTerminal, type TerminalSession } from '../helpers/terminal.js';

// `open-numbers imported` on a terminal: the wizard asks seed 003's clarifying questions and runs
// the workflow they lead to. Driven in a real pseudo-terminal as a person would: reading the
// screen, typing answers, and (for the voice challenge) typing the code the sandbox's call said.

let server: LiveServer;
let env: Record<string, string>;
before(async () => {
  server = await startLiveServer();
  env = cliEnv(server);
});
after(() => server.close());

/** Waits for the question, then answers it. */
async function answer(term: TerminalSession, question: RegExp, keys: string) {
  await term.waitFor(question);
  term.type(keys);
}

/** Runs `body` on a wizard session; on failure the screen is in the message. */
async function session(body: (term: TerminalSession) => Promise<void>) {
  const term = startTerminal(['imported'], env);
  try {
    await body(term);
  } catch (error) {
    term.kill();
    throw new Error(`${(error as Error).message}\n--- screen ---\n${term.screen()}`);
  }
}

describe('the imported numbers wizard', () => {
  let bulkOrder: string;

  test('not yet text-enabled: qualify (invoice reminder) → voice call → code → direct LOA → order', async () => {
    const NUMBER = '+12025550177';
    await session(async (term) => {
      await answer(term, /What do you want to do\?/, KEY.enter); // Bring numbers to Sinch SMS
      await answer(term, /One number or several\?/, KEY.enter); // One number
      // A number without its + is refused on the spot, then corrected.
      await answer(term, /The number, E\.164/, `${NUMBER.slice(1)}${KEY.enter}`);
      await term.waitFor(/12025550177 lacks the leading \+/);
      term.type(`${KEY.backspace.repeat(11)}${NUMBER}${KEY.enter}`);
      await term.waitFor(/A US number\./);
      await answer(term, /Are the numbers already text-enabled elsewhere/, KEY.down + KEY.enter); // No
      await answer(term, /Ask Sinch to qualify \+12025550177\?/, 'y');
      await term.waitFor(/Email invoices for these numbers to orders@sinch\.com/);
      await answer(term, /The invoice review decides next\. Wait for it here\?/, KEY.enter); // Wait here
      await term.waitFor(/Waiting for the invoice review/);
      await server.advance(60); // the sandbox's review

      await answer(term, /Call \+12025550177 now\?/, KEY.enter);
      await term.waitFor(/The code the call said/);
      const code = await spokenCode(server, NUMBER);
      term.type(`${code === '000000' ? '111111' : '000000'}${KEY.enter}`);
      await answer(term, /Wrong code \(the third wrong code blocks the number for good\)/, KEY.enter); // type again
      await term.waitFor(/Wrong code[\s\S]*The code the call said/);
      term.type(`${code}${KEY.enter}`);
      await term.waitFor(/\+12025550177 is verified: you own it\./);

      await answer(term, /Who owns the numbers\?/, KEY.enter); // direct
      await answer(term, /Their first name/, `Jane${KEY.enter}`);
      await answer(term, /Their last name/, `Doe${KEY.enter}`);
      await answer(term, /Their e-mail address/, `jane.doe@example.com${KEY.enter}`);
      await answer(
        term,
        /The LOA goes to jane\.doe@example\.com for e-signature\. Is that address right\?/,
        'y',
      );
      await answer(term, /Building number/, `2433${KEY.enter}`);
      await answer(term, /Street/, `Vesta Drive${KEY.enter}`);
      await answer(term, /City/, `Chicago${KEY.enter}`);
      await answer(term, /State or province/, `IL${KEY.enter}`);
      await answer(term, /Postal code/, `60647${KEY.enter}`);
      await answer(term, /Country/, KEY.enter); // US, filled in from the number
      await answer(term, /current voice carrier/, `Verizon${KEY.enter}`);
      await answer(term, /The SMS service plan id/, `plan-w${KEY.enter}`);
      await answer(term, /The 10DLC campaign id \(optional\)/, `CAMPW${KEY.enter}`);
      const shown = await term.waitFor(/Hosting order \w+: SUBMITTED/);
      await term.waitFor(/to check their mail \(jane\.doe@example\.com\)/);
      await term.waitFor(/open-numbers imported order status \w+ --wait/);
      assert.equal(await term.exited, 0);

      // The server's side: the order with the LOA, the number being hosted, the signer's mail.
      const id = shown.match(/Hosting order (\w+): SUBMITTED/)![1]!;
      const order = (await server.api('GET', `${server.imported}/hostingOrders/${id}`)).body;
      assert.equal(order.type, 'TYPE_TEXT_ENABLE');
      assert.equal(order.servicePlanId, 'plan-w');
      assert.equal(order.campaignId, 'CAMPW');
      assert.deepEqual(order.textEnableInfo.authorisedPerson, {
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane.doe@example.com',
      });
      assert.equal(order.textEnableInfo.address.country, 'US');
      const qualified = await server.api('GET', `${server.imported}/qualifiedNumbers/${NUMBER}`);
      assert.equal(qualified.body.globalProcessState, 'GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS');
      await advanceOrder(server, id, 'WAITING_FOR_LOA_SIGNATURE');
      const mail = await server.admin('GET', '/_sandbox/emails?to=jane.doe%40example.com');
      assert.equal(mail.body.emails.length, 1);
    });
  });

  test('already text-enabled, several numbers: a bulk import, waited for until COMPLETED', async () => {
    await session(async (term) => {
      await answer(term, /What do you want to do\?/, KEY.enter);
      await answer(term, /One number or several\?/, KEY.down + KEY.enter); // Several
      await answer(term, /The numbers, E\.164/, `+12025550181 +12025550182${KEY.enter}`);
      await term.waitFor(/2 US numbers\./);
      await answer(term, /Are the numbers already text-enabled elsewhere/, KEY.enter); // Yes: import
      await answer(term, /The SMS service plan id/, `plan-x${KEY.enter}`);
      await answer(term, /The 10DLC campaign id \(optional\)/, KEY.enter);
      await answer(term, /Move their T-Mobile traffic to Sinch as well/, 'n');
      const shown = await term.waitFor(/Hosting order \w+: SUBMITTED/);
      const id = shown.match(/Hosting order (\w+): SUBMITTED/)![1]!;
      bulkOrder = id;
      await answer(term, /Wait here until the order is done\?/, 'y');
      await term.waitFor(new RegExp(`Order ${id}`));
      await advanceOrder(server, id, 'COMPLETED');
      await term.waitFor(/next: done: the numbers that made it are imported numbers now/i);
      assert.match(term.screen(), new RegExp(`Hosting order ${id} — import of US numbers: COMPLETED`));
      assert.equal(await term.exited, 0);
      for (const n of ['+12025550181', '+12025550182']) {
        const imported = await server.api('GET', `${server.imported}/importedNumbers/${n}`);
        assert.equal(imported.body.smsConfiguration.servicePlanId, 'plan-x');
      }
    });
  });

  test('continue with a number asked for earlier: straight to the call, then a blanket LOA (nothing to sign)', async () => {
    const NUMBER = '+12025550188';
    const added = await server.api('POST', `${server.imported}/qualifiedNumbers:addNumbers`, {
      phoneNumbers: [NUMBER],
    });
    assert.equal(added.status, 200);
    await server.advance(60);
    await server.until(
      () => server.api('GET', `${server.imported}/qualifiedNumbers/${NUMBER}`),
      (r) => r.body.globalProcessState === 'GLOBAL_PROCESS_STATE_ELIGIBLE',
    );
    await session(async (term) => {
      await answer(term, /What do you want to do\?/, KEY.down + KEY.enter); // Continue with numbers …
      await answer(term, /One number or several\?/, KEY.enter);
      await answer(term, /The number, E\.164/, `${NUMBER}${KEY.enter}`);
      await answer(term, /Call \+12025550188 now\?/, KEY.enter);
      await term.waitFor(/The code the call said/);
      term.type(`${await spokenCode(server, NUMBER)}${KEY.enter}`);
      await term.waitFor(/\+12025550188 is verified/);
      await answer(term, /Who owns the numbers\?/, KEY.down + KEY.down + KEY.enter); // blanket
      await answer(term, /The SMS service plan id/, `plan-c${KEY.enter}`);
      await answer(term, /The 10DLC campaign id \(optional\)/, KEY.enter);
      const shown = await term.waitFor(/Hosting order \w+: SUBMITTED/);
      await term.waitFor(/Next: follow the order/);
      assert.equal(await term.exited, 0);
      assert.doesNotMatch(term.screen(), /Ask Sinch to qualify|check their mail/);
      const id = shown.match(/Hosting order (\w+): SUBMITTED/)![1]!;
      const order = (await server.api('GET', `${server.imported}/hostingOrders/${id}`)).body;
      assert.equal(order.textEnableInfo.loaType, undefined, 'a blanket LOA');
      assert.equal(order.servicePlanId, 'plan-c');
    });
  });

  test('check a hosting order: its state, report and numbers, and what comes next', async () => {
    await session(async (term) => {
      await answer(term, /What do you want to do\?/, KEY.down + KEY.down + KEY.enter); // Check a hosting order
      await answer(term, /The hosting order id/, `${bulkOrder}${KEY.enter}`);
      await term.waitFor(new RegExp(`Hosting order ${bulkOrder} — import of US numbers: COMPLETED`));
      await term.waitFor(/2 numbers · OSR updated 2 · SMS provisioned 2 · in campaign 0 · failed 0/);
      await term.waitFor(/\+12025550181\s+DONE\s+DONE/);
      await term.waitFor(/Next: done/);
      assert.equal(await term.exited, 0);
    });
  });

  test('wrong credentials show before any question: one line, exit 1', async () => {
    const term = startTerminal(['imported'], { ...env, SINCH_KEY_SECRET: 'not-the-secret' });
    await term.waitFor(/open-numbers: the access key was refused/);
    assert.equal(await term.exited, 1);
    assert.doesNotMatch(term.screen(), /What do you want to do/);
  });

  test('Ctrl-C at a question ends the wizard: one line, exit 130 (as the order wizard), nothing sent', async () => {
    await session(async (term) => {
      await answer(term, /What do you want to do\?/, KEY.ctrlC);
      await term.waitFor(/open-numbers: Stopped; nothing more was sent\./);
      assert.equal(await term.exited, 130);
    });
  });
});
