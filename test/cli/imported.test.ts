import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliResult, cli, cliEnv } from '../helpers/cli.js';
import { address } from '../helpers/hosting.js';
import { advanceOrder, spokenCode } from '../helpers/importedSandbox.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';

// `open-numbers imported …`, the non-interactive branches of seed 003's decision tree, against the
// whole server over HTTP: workflow A (import), B (bulk-import), C (qualify, challenge, verify),
// D (text-enable with each kind of LOA, toll-free), E (order status/report/numbers/list/loa) and
// F (list, get, update, delete, qualified …). Time is moved with the sandbox's clock and its
// hosting order control; voice codes are read from its voice log, as a person hears them.

let server: LiveServer;
let env: Record<string, string>;
before(async () => {
  server = await startLiveServer();
  env = cliEnv(server);
});
after(() => server.close());

const run = (...args: string[]) => cli(['imported', ...args], env);
/** `open-numbers imported <line>`, the line split as a shell would (double quotes group words). */
const sh = (line: string) => run(...[...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!));

/** Exit 0, or fail with what the command printed. */
function ok(res: CliResult): CliResult {
  assert.equal(res.code, 0, `exit ${res.code}\nstdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
  return res;
}

/** A refusal or usage error: the exit code, one line on stderr, nothing on stdout. */
function oneLine(res: CliResult, code: number, pattern: RegExp): void {
  assert.equal(res.code, code, `stdout:\n${res.stdout}\nstderr:\n${res.stderr}`);
  assert.equal(res.stdout, '');
  assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
  assert.doesNotMatch(res.stderr, /\n\s+at /);
  assert.match(res.stderr, pattern);
}

async function imported(number: string) {
  return server.api('GET', `${server.imported}/importedNumbers/${encodeURIComponent(number)}`);
}

/** Workflow C through the CLI: qualify, the sandbox's review (clock), the call, the code. */
async function qualifyAndVerify(...numbers: string[]) {
  ok(await run('qualify', ...numbers));
  await server.advance(60);
  for (const n of numbers) {
    // The worker decides in the background.
    await server.until(
      () => server.api('GET', `${server.imported}/qualifiedNumbers/${encodeURIComponent(n)}`),
      (r) => r.body.globalProcessState === 'GLOBAL_PROCESS_STATE_ELIGIBLE',
    );
    ok(await run('challenge', n));
    ok(await run('verify', n, '--code', await spokenCode(server, n)));
  }
}

describe('workflow A and F: one imported number', () => {
  const NUMBER = '+12025550134';

  test('import: the number, its links and the next step; the server has it', async () => {
    const res = ok(
      await run(
        'import',
        NUMBER,
        '--sms-service-plan',
        'plan-a',
        '--campaign',
        'CAMPA',
        '--display-name',
        'Main line',
      ),
    );
    assert.match(res.stdout, /^\+12025550134 \(US\) "Main line"$/m);
    assert.match(res.stdout, /service plan plan-a · campaign CAMPA/);
    assert.match(res.stdout, /next: .*open-numbers imported get \+12025550134/);
    const stored = await imported(NUMBER);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.smsConfiguration.servicePlanId, 'plan-a');
    assert.equal(stored.body.displayName, 'Main line');
  });

  test('import again: the 409 in one line, with where to look', async () => {
    oneLine(
      await run('import', NUMBER, '--sms-service-plan', 'plan-a'),
      1,
      /409 ALREADY_EXISTS.*see it with: open-numbers imported get \+12025550134/,
    );
  });

  test('import --json: the API answer on stdout; spaces and brackets in the number are fine', async () => {
    const res = ok(await run('import', '+1 (202) 555-0199', '--sms-service-plan', 'plan-a', '--json'));
    const body = res.json();
    assert.equal(body.phoneNumber, '+12025550199');
    assert.equal(body.smsProvisioning.state, 'WAITING');
  });

  test('get: the carrier work, step by step as the clock moves', async () => {
    // Each step takes OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS (2) of clock time.
    const done = await server.until(
      async () => {
        await server.advance(2);
        return (await run('get', NUMBER, '--json')).json();
      },
      (n) => n.smsProvisioning.state === 'DONE' && n.campaignProvisioning.state === 'DONE',
    );
    assert.equal(done.phoneNumber, NUMBER);
    const human = ok(await run('get', NUMBER));
    assert.match(human.stdout, /SMS platform DONE · campaign DONE/);
    assert.match(human.stdout, /carriers: smsAtt \w+, smsTmo \w+, mmsAtt \w+, mmsTmo \w+/);
  });

  test('list: a table of every page, filters, --limit', async () => {
    const table = ok(await run('list'));
    assert.match(table.stdout, /^number\s+region\s+name\s+service plan/m);
    assert.match(table.stdout, /^\+12025550134\s+US\s+Main line\s+plan-a\s+CAMPA/m);
    assert.match(table.stdout, /^\+12025550199\s+US/m);
    const filtered = ok(await run('list', '--pattern', '0199', '--search-pattern', 'end', '--json')).json();
    assert.deepEqual(
      filtered.importedNumbers.map((n: any) => n.phoneNumber),
      ['+12025550199'],
    );
    const one = ok(await run('list', '--limit', '1', '--json')).json();
    assert.equal(one.importedNumbers.length, 1);
    assert.equal(one.totalSize, 2);
  });

  test('update: a new name; another plan needs unlinking first, which --unlink-then-link does', async () => {
    ok(await run('update', NUMBER, '--display-name', 'Support line'));
    assert.equal((await imported(NUMBER)).body.displayName, 'Support line');

    oneLine(
      await run('update', NUMBER, '--sms-service-plan', 'plan-b'),
      1,
      /PATCH \/importedNumbers\/\+12025550134 → 400 INVALID_ARGUMENT: Unlink before linking a new value \(to replace a linked plan or campaign, add --unlink-then-link\)/,
    );

    const relinked = ok(await run('update', NUMBER, '--sms-service-plan', 'plan-b', '--unlink-then-link'));
    assert.match(relinked.stderr, /unlinked \+12025550134/);
    const after = (await imported(NUMBER)).body.smsConfiguration;
    assert.equal(after.servicePlanId, 'plan-b');
    assert.equal(after.campaignId, 'CAMPA', 'the campaign is linked again');

    ok(await run('update', NUMBER, '--unlink'));
    const unlinked = (await imported(NUMBER)).body.smsConfiguration;
    assert.deepEqual([unlinked.servicePlanId, unlinked.campaignId], ['', '']);
  });

  test('delete: gone; get then answers 404 in one line', async () => {
    const res = ok(await run('delete', '+12025550199'));
    assert.equal(res.stdout, 'deleted +12025550199\n');
    assert.equal((await imported('+12025550199')).status, 404);
    oneLine(await run('get', '+12025550199'), 1, /404 NOT_FOUND/);
  });
});

describe('bad input: one line, exit 2, nothing sent', () => {
  test('a number outside the US and CA, without +, or not a number', async () => {
    oneLine(
      await run('import', '+442071838750', '--sms-service-plan', 'p'),
      2,
      /\+442071838750 is a GB number; imported numbers are US and CA only/,
    );
    oneLine(
      await run('import', '12025550134', '--sms-service-plan', 'p'),
      2,
      /12025550134 lacks the leading \+ \(E\.164/,
    );
    oneLine(await run('qualify', '+1202555'), 2, /not a valid phone number/);
    assert.equal((await imported('+12025550134')).body.displayName, 'Support line', 'unchanged');
  });

  test('more than 5 numbers for a bulk import, US and CA mixed, a number twice', async () => {
    const six = [
      '+12025550141',
      '+12025550142',
      '+12025550143',
      '+12025550144',
      '+12025550145',
      '+12025550146',
    ];
    oneLine(
      await run('bulk-import', ...six, '--sms-service-plan', 'p'),
      2,
      /bulk-import takes at most 5 numbers, not 6/,
    );
    oneLine(
      await run('bulk-import', '+12025550141', '+14165550123', '--sms-service-plan', 'p'),
      2,
      /US and CA numbers go in separate orders/,
    );
    oneLine(
      await run('bulk-import', '+12025550141,+12025550141', '--sms-service-plan', 'p'),
      2,
      /named twice/,
    );
    const orders = await server.api(
      'GET',
      `${server.imported}/hostingOrders?states=HOSTING_ORDER_STATE_UNSPECIFIED&type=HOSTING_ORDER_TYPE_UNSPECIFIED&servicePlanId=*&campaignId=*`,
    );
    assert.equal(orders.body.totalSize, 0, 'no order was created');
  });

  test('text-enable: the LOA flags a kind needs, an address that does not parse, toll-free mixed in', async () => {
    oneLine(
      await sh(`text-enable +12025550141 --sms-service-plan p --loa direct --signer-email a@b.co`),
      2,
      /--loa direct needs --signer-name, --address, --voice-carrier/,
    );
    oneLine(
      await run('text-enable', '+12025550141', '--sms-service-plan', 'p', '--loa', 'friend'),
      2,
      /--loa must be direct, reseller or blanket/,
    );
    oneLine(
      await sh(
        `text-enable +12025550141 --sms-service-plan p --loa direct --signer-name "Jane Doe" --signer-email jane@example.com --address "Vesta Drive, Chicago" --voice-carrier Verizon`,
      ),
      2,
      /--address "Vesta Drive, Chicago" is not "<number> <street>, <city>, <state> <postal code>/,
    );
    oneLine(
      await run('text-enable', '+12025550141', '+18005550100', '--sms-service-plan', 'p', '--loa', 'blanket'),
      2,
      /toll-free and other numbers go in separate orders/,
    );
  });

  test('a code that is not digits; a missing required flag', async () => {
    oneLine(
      await run('verify', '+12025550141', '--code', 'abc'),
      2,
      /--code must be the digits the call said/,
    );
    const missing = await run('import', '+12025550141');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /required option '--sms-service-plan <id>' not specified/);
  });

  test('--help on every subcommand: a description and copy-paste examples', async () => {
    const commands = [
      [],
      ['import'],
      ['list'],
      ['get'],
      ['update'],
      ['delete'],
      ['bulk-import'],
      ['qualify'],
      ['challenge'],
      ['verify'],
      ['qualified', 'list'],
      ['qualified', 'get'],
      ['qualified', 'delete'],
      ['text-enable'],
      ['order', 'status'],
      ['order', 'report'],
      ['order', 'numbers'],
      ['order', 'list'],
      ['order', 'loa'],
    ];
    for (const command of commands) {
      const help = ok(await run(...command, '--help'));
      assert.match(help.stdout, new RegExp(`Usage: open-numbers imported ${command.join(' ')}`));
      assert.match(help.stdout, /Examples:\n {2}\$ open-numbers imported/, command.join(' '));
    }
  });

  test('the wizard needs a terminal: in a script, one line naming the subcommands', async () => {
    oneLine(
      await run(),
      2,
      /asks questions on a terminal; in scripts name one: import, bulk-import, qualify/,
    );
  });
});

describe('workflow B and E: bulk import through a hosting order, followed to the end', () => {
  const NUMBERS = ['+12065550101', '+12065550102'];
  let id: string;

  test('bulk-import: the order (SUBMITTED) and what happens next', async () => {
    const res = ok(
      await sh(
        `bulk-import ${NUMBERS.join(' ')} --sms-service-plan plan-b --campaign CAMPB --display-name "Two lines"`,
      ),
    );
    const match = res.stdout.match(/^Hosting order (\w+) — import of US numbers: SUBMITTED$/m);
    assert.ok(match, res.stdout);
    id = match[1]!;
    assert.match(res.stdout, /2 numbers · OSR updated 0 · SMS provisioned 0 · in campaign 0 · failed 0/);
    assert.match(
      res.stdout,
      new RegExp(
        `next: Sinch reviews the order; follow it with open-numbers imported order status ${id} --wait`,
      ),
    );
    const order = await server.api('GET', `${server.imported}/hostingOrders/${id}`);
    assert.equal(order.body.type, 'IMPORT');
    assert.equal(order.body.displayName, 'Two lines');
  });

  test('order status --wait: reads until COMPLETED, each state on stderr, the final order on stdout', async () => {
    const waiting = run('order', 'status', id, '--wait', '--wait-timeout', '60', '--json');
    // The sandbox moves the order one state at a time while the command waits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await advanceOrder(server, id, 'COMPLETED');
    const res = ok(await waiting);
    assert.equal(res.json().state, 'COMPLETED');
    assert.match(res.stderr, new RegExp(`order ${id}: SUBMITTED`));
    assert.match(res.stderr, new RegExp(`order ${id}: COMPLETED`));
    for (const n of NUMBERS) assert.equal((await imported(n)).status, 200, `${n} is an imported number now`);
  });

  test('order report, numbers, list', async () => {
    const report = ok(await run('order', 'report', id, '--json')).json();
    assert.deepEqual(report, {
      total: 2,
      osrUpdated: 2,
      smsProvisioned: 2,
      addedToCampaign: 2,
      ongoingManualAction: 0,
    });
    assert.match(
      ok(await run('order', 'report', id)).stdout,
      /2 numbers · OSR updated 2 · SMS provisioned 2 · in campaign 2 · failed 0/,
    );

    const numbers = ok(await run('order', 'numbers', id));
    assert.match(numbers.stdout, /^number\s+osr update\s+sms platform\s+campaign\s+carriers/m);
    assert.match(numbers.stdout, /^\+12065550101\s+DONE\s+DONE\s+DONE\s+4 DONE/m);
    const failed = ok(await run('order', 'numbers', id, '--osr-state', 'failed', '--json')).json();
    assert.equal(failed.totalSize, 0);

    const listed = ok(
      await run('order', 'list', '--state', 'COMPLETED', '--type', 'import', '--json'),
    ).json();
    assert.deepEqual(
      listed.hostingOrders.map((o: any) => o.hostingOrderId),
      [id],
    );
    const none = ok(await run('order', 'list', '--type', 'text-enable', '--json')).json();
    assert.equal(none.totalSize, 0);
    assert.match(
      ok(await run('order', 'list')).stdout,
      new RegExp(`^${id}\\s+import\\s+US\\s+COMPLETED\\s+plan-b\\s+CAMPB`, 'm'),
    );
    oneLine(await run('order', 'list', '--state', 'DONE'), 2, /--state DONE is not one of DRAFT, SUBMITTED/);
  });

  test('an order that does not exist: 404 in one line', async () => {
    oneLine(await run('order', 'status', 'no-such-order'), 1, /404 NOT_FOUND/);
  });
});

describe('workflow C: qualify, the invoice reminder, the voice challenge', () => {
  const GOOD = '+13125550111';
  const MAGIC = '+13125550000'; // the sandbox finds numbers ending 0000 not eligible

  test('qualify: pending numbers, and the reminder to e-mail the invoices', async () => {
    const res = ok(await run('qualify', GOOD, MAGIC));
    assert.match(
      res.stderr,
      /Email invoices for these numbers to orders@sinch\.com — qualification won’t proceed without them/,
    );
    assert.match(
      res.stdout,
      /^\+13125550111\s+US\s+ELIGIBLE_CHECK_PENDING\s+waiting for the invoice review/m,
    );
    const listed = ok(await run('qualified', 'list', '--state', 'ELIGIBLE_CHECK_PENDING', '--json')).json();
    assert.deepEqual(listed.qualifiedNumbers.map((n: any) => n.phoneNumber).sort(), [MAGIC, GOOD]);
  });

  test('the review decides (clock): eligible → the next step is the call; not eligible → why', async () => {
    await server.advance(60);
    // The worker decides in the background.
    const good = await server.until(
      () => run('qualified', 'get', GOOD),
      (r) => /\): ELIGIBLE$/m.test(r.stdout),
    );
    assert.match(good.stdout, /^\+13125550111 \(US\): ELIGIBLE$/m);
    assert.match(
      good.stdout,
      /next: eligible: prove ownership with the voice call: open-numbers imported challenge \+13125550111/,
    );
    const magic = ok(await run('qualified', 'get', MAGIC, '--json')).json();
    assert.equal(magic.globalProcessState, 'GLOBAL_PROCESS_STATE_NOT_ELIGIBLE');
    oneLine(await run('challenge', MAGIC), 1, /400 FAILED_PRECONDITION/);
  });

  test('challenge, a wrong code (exit 1, not blocked), then the right one: VERIFIED', async () => {
    const called = ok(await run('challenge', GOOD));
    assert.match(called.stdout, /calling \+13125550111 now/);
    assert.match(called.stdout, /next: open-numbers imported verify \+13125550111 --code <the code>/);
    const code = await spokenCode(server, GOOD);
    const wrong = await run('verify', GOOD, '--code', code === '000000' ? '111111' : '000000');
    oneLine(wrong, 1, /wrong code for \+13125550111: try again/);
    const right = ok(await run('verify', GOOD, '--code', code));
    assert.match(right.stdout, /^\+13125550111 \(US\): VERIFIED$/m);
    assert.match(right.stdout, /next: verified: text-enable it/);
  });

  test('qualify --wait: waits for the review to decide', async () => {
    const waiting = run('qualify', '+13125550112', '--wait', '--wait-timeout', '30', '--json');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.advance(60);
    const res = ok(await waiting);
    assert.equal(res.json().qualifiedNumbers[0].globalProcessState, 'GLOBAL_PROCESS_STATE_ELIGIBLE');
    assert.match(res.stderr, /the invoice review has decided/);
  });

  test('qualified delete: the number is withdrawn', async () => {
    ok(await run('qualified', 'delete', '+13125550112'));
    oneLine(await run('qualified', 'get', '+13125550112'), 1, /404/);
  });
});

describe('workflow D: text-enable with an LOA, direct, reseller or blanket, standard or toll-free', () => {
  const DIRECT = '+14155550121';
  const RESELLER = '+14155550122';
  const TOLL_FREE = '+18885550123';
  before(() => qualifyAndVerify(DIRECT, RESELLER, TOLL_FREE));

  test('direct: the order carries the LOA; once reviewed, the signer has mail; the LOA downloads', async () => {
    const res = ok(
      await sh(
        `text-enable ${DIRECT} --sms-service-plan plan-d --campaign CAMPD --loa direct --signer-name "Jane Doe" --signer-email jane.doe@example.com --address "2433 Vesta Drive, Chicago, IL 60647, US" --voice-carrier Verizon --json`,
      ),
    );
    const order = res.json();
    assert.equal(order.type, 'TYPE_TEXT_ENABLE');
    assert.equal(order.state, 'SUBMITTED');
    assert.deepEqual(order.textEnableInfo.authorisedPerson, {
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane.doe@example.com',
    });
    // The one-line --address, split into the LOA's fields.
    assert.deepEqual(order.textEnableInfo.address, address);
    assert.equal(order.textEnableInfo.loaType, 'Direct');
    assert.match(res.stderr, /jane\.doe@example\.com gets an e-mail to sign the LOA/);

    await advanceOrder(server, order.hostingOrderId, 'WAITING_FOR_LOA_SIGNATURE');
    const mail = await server.admin('GET', '/_sandbox/emails?to=jane.doe%40example.com');
    assert.equal(mail.body.emails.length, 1);
    const status = ok(await run('order', 'status', order.hostingOrderId));
    assert.match(status.stdout, /WAITING_FOR_LOA_SIGNATURE/);
    assert.match(status.stdout, /Direct LOA, signed by Jane Doe <jane\.doe@example\.com>/);
    assert.match(
      status.stdout,
      /next: jane\.doe@example\.com must sign the LOA from the e-mail sent to them/,
    );

    const folder = mkdtempSync(join(tmpdir(), 'loa-'));
    const saved = ok(
      await cli(['imported', 'order', 'loa', order.hostingOrderId, '--output', 'loa.pdf'], env, folder),
    );
    assert.match(saved.stdout, /wrote loa\.pdf \(\d+ bytes, not signed yet\)/);
    assert.equal(readFileSync(join(folder, 'loa.pdf')).subarray(0, 5).toString(), '%PDF-');
  });

  test('reseller: the business and "Last, First" names; the qualified number is now being hosted', async () => {
    const order = ok(
      await sh(
        `text-enable ${RESELLER} --sms-service-plan plan-d --loa reseller --business-name "Acme Resale" --signer-name "van Beethoven, Ludwig" --signer-email lvb@example.com --address "1 Main St, Suite 5, Toronto, ON M5H 2N2, CA" --voice-carrier TMO --json`,
      ),
    ).json();
    assert.equal(order.textEnableInfo.loaType, 'Reseller');
    assert.equal(order.textEnableInfo.businessName, 'Acme Resale');
    assert.deepEqual(order.textEnableInfo.authorisedPerson, {
      firstName: 'Ludwig',
      lastName: 'van Beethoven',
      email: 'lvb@example.com',
    });
    assert.equal(order.textEnableInfo.address.street, 'Main St, Suite 5');
    assert.equal(order.textEnableInfo.address.postalCode, 'M5H 2N2');
    assert.equal(order.textEnableInfo.address.country, 'CA');
    const state = ok(await run('qualified', 'get', RESELLER, '--json')).json().globalProcessState;
    assert.equal(state, 'GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS');
  });

  test('blanket, toll-free: the toll-free operation, nothing to sign, --wait to COMPLETED', async () => {
    const res = run(
      'text-enable',
      TOLL_FREE,
      '--sms-service-plan',
      'plan-d',
      '--loa',
      'blanket',
      '--wait',
      '--wait-timeout',
      '60',
    );
    // Find the order the command created, and move it on while the command waits.
    const list = () =>
      server.api(
        'GET',
        `${server.imported}/hostingOrders?states=SUBMITTED&type=TYPE_TEXT_ENABLE&servicePlanId=plan-d&campaignId=*`,
      );
    const created = await server.until(list, (r) =>
      r.body.hostingOrders.some((o: any) => !o.textEnableInfo.loaType),
    );
    const id = created.body.hostingOrders.find((o: any) => !o.textEnableInfo.loaType).hostingOrderId;
    await advanceOrder(server, id, 'COMPLETED');
    const done = ok(await res);
    assert.match(done.stderr, /created \(blanket LOA: nothing to sign\)/);
    assert.match(done.stdout, new RegExp(`Hosting order ${id} — text-enable of US numbers: COMPLETED`));
    assert.match(done.stdout, /blanket LOA \(nothing to sign\)/);
    assert.equal((await imported(TOLL_FREE)).status, 200);
  });

  test('a number that is not verified: the server names it, exit 1', async () => {
    oneLine(
      await run('text-enable', '+14155550199', '--sms-service-plan', 'p', '--loa', 'blanket'),
      1,
      /400 INVALID_ARGUMENT: Only VERIFIED qualified numbers can be text-enabled: \+14155550199/,
    );
  });
});
