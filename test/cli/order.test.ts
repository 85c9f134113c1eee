import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliResult, cli, cliEnv } from '../helpers/cli.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { PDF, PNG } from '../helpers/multipart.js';
import { PROJECT } from '../helpers/testApp.js';
import { auRegistration, deRegistration } from './orderFixtures.js';

/**
 * `open-numbers order …` without questions: the KYC order of seed 000 as a script runs it, against
 * the whole server over HTTP. The sandbox reviews a submitted order once 60 s of clock time have
 * passed; the CLI only polls, so these tests move the clock when the order is in review.
 */

const NUM = `/v1/projects/${PROJECT.projectId}`;
const IDENTITY = '59ff3a51-1635-4123-89f0-15d9c65230d0';
/** A command line as typed (the values here have no spaces): sh`order status ${id}`. */
const sh = (strings: TemplateStringsArray, ...values: unknown[]) =>
  String.raw({ raw: strings }, ...values)
    .split(/\s+/)
    .filter(Boolean);
const PROOF_OF_ADDRESS = '07e5f888-0ac6-47a5-9c40-bf09da1fde50';

describe('open-numbers order: the KYC number order without questions', () => {
  let server: LiveServer;
  let env: Record<string, string>;
  /** The scratch folder the commands run in, with the files they read. */
  let dir: string;
  const run = (...args: string[]) => cli(args, env, dir);

  before(async () => {
    server = await startLiveServer();
    env = cliEnv(server);
    dir = mkdtempSync(join(tmpdir(), 'open-numbers-order-'));
    writeFileSync(join(dir, 'au.json'), JSON.stringify(auRegistration('+61411111112')));
    writeFileSync(join(dir, 'de.json'), JSON.stringify({ requestDetails: { data: deRegistration } }));
    writeFileSync(join(dir, 'passport.pdf'), PDF);
    writeFileSync(join(dir, 'bill.png'), PNG);
    writeFileSync(join(dir, 'passport.txt'), 'a scan, honestly');
  });
  after(() => server.close());

  /** A number for sale, found as a user would. */
  async function forSale(region: string, type: string, index = 0): Promise<string> {
    const found = await server.api(
      'GET',
      `${NUM}/availableNumbers?regionCode=${region}&type=${type}&size=10`,
    );
    return found.body.availableNumbers[index].phoneNumber;
  }

  /** Runs a command that waits for the review, moving the sandbox clock once the order is in review. */
  async function reviewedWhileWaiting(args: readonly string[]): Promise<CliResult> {
    const running = run(...args, '--poll-interval', '0.1');
    const inReview = await server.until(
      () => server.admin('GET', '/admin/v1/numberOrders?state=IN_REVIEW'),
      (res) => res.body.numberOrders.length > 0,
    );
    assert.equal(inReview.body.numberOrders.length, 1);
    await server.advance(61);
    return running;
  }

  test('requirements: what a region and type need, for a person and with --json', async () => {
    const au = await run('order', 'requirements', '--region', 'au', '--type', 'mobile');
    assert.equal(au.code, 0, au.stderr);
    assert.match(au.stdout, /^AU MOBILE needs a registration \(3 sections\), no documents/);
    assert.match(au.stdout, /Quantity orders: not supported/);
    assert.match(au.stdout, /data\[1\]\.postalCode \*\s+string \(max 4\) — a four-digit Australian postcode/);
    assert.match(au.stdout, /data\[1\]\.endBusinessAddress2 {2}string/, 'optional fields have no *');

    const de = await run('order', 'requirements', '--region', 'DE', '--type', 'LOCAL', '--json');
    assert.equal(de.code, 0, de.stderr);
    const attachments = de.json().attachments;
    assert.deepEqual(
      attachments.map((a: { id: string; mandatory: boolean }) => [a.id, a.mandatory]),
      [
        [IDENTITY, true],
        [PROOF_OF_ADDRESS, true],
        ['e0ef5eb3-5858-43a8-a5a8-8b2e44503486', false],
      ],
    );

    const us = await run('order', 'requirements', '--region', 'US', '--type', 'LOCAL');
    assert.equal(us.code, 0, us.stderr);
    assert.match(us.stdout, /US LOCAL: no registration needed/);

    const unknown = await run('order', 'requirements', '--region', 'XX', '--type', 'LOCAL');
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      'open-numbers: no numbers are sold in region XX (see: open-numbers regions)\n',
    );
  });

  test('requirements --check: a registration file checked locally, before any order', async () => {
    writeFileSync(join(dir, 'au-nsw.json'), JSON.stringify(auRegistration('+61411111112', '2000')));
    const bad = await run(...sh`order requirements --region AU --type MOBILE --check au-nsw.json`);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /au-nsw\.json does not meet the AU MOBILE requirements:/);
    assert.match(
      bad.stderr,
      /- data\[1\]\.postalCode has an invalid format \(expected: VIC postcodes start with 3 or 8\)/,
    );

    const good = await run(...sh`order requirements --region AU --type MOBILE --check au.json`);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /au\.json meets the AU MOBILE requirements/);
  });

  test('AU MOBILE end to end: registration, submit, wait; the number becomes active', async () => {
    const res = await reviewedWhileWaiting(
      sh`order create --region AU --type MOBILE --number +61411111112
        --sms-service-plan 1dez6a8300774283a4256aa756a11111 --registration au.json --submit --wait`,
    );
    assert.equal(res.code, 0, res.stderr);
    // Each step says what it did, on stderr; the decision is the result.
    assert.match(
      res.stderr,
      /^Step 1 — requirements: AU MOBILE needs a registration \(3 sections\), no documents$/m,
    );
    assert.match(
      res.stderr,
      /^Step 3 — order \w+ created for \+61411111112; reserved until \S+ \(48h 0m left\)$/m,
    );
    assert.match(res.stderr, /^Step 4 — registration accepted$/m);
    assert.match(res.stderr, /^Step 6 — submitted: IN_REVIEW$/m);
    assert.match(res.stdout, /^Order \w+ COMPLETED: \+61411111112 now active in your project\.$/m);

    const active = await server.api('GET', `${NUM}/activeNumbers/+61411111112`);
    assert.equal(active.status, 200, JSON.stringify(active.body));
    assert.equal(active.body.regionCode, 'AU');
  });

  test('DE LOCAL end to end with documents: their types checked, uploaded, reviewed', async () => {
    const phone = await forSale('DE', 'LOCAL');
    const res = await reviewedWhileWaiting(
      sh`order create --region DE --type LOCAL --number ${phone} --voice-type RTC --app-id my-voice-app
        --registration de.json --attach ${IDENTITY}:passport=passport.pdf
        --attach ${PROOF_OF_ADDRESS}:UTILITY_BILL=bill.png --submit --wait --json`,
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(
      res.stderr,
      /Step 5 — uploaded "Identity document": passport\.pdf \(application\/pdf, PASSPORT\)/,
    );
    assert.match(res.stderr, /Step 5 — uploaded "Proof of address": bill\.png \(image\/png, UTILITY_BILL\)/);
    const result = res.json();
    assert.equal(result.order.state, 'COMPLETED');
    const orderId = result.order.idNumberOrder;

    const registration = await server.api('GET', `${NUM}/numberOrders/${orderId}/registration`);
    assert.deepEqual(
      registration.body.attachments.map(
        (a: { attachmentId: string; mimeType: string; documentType: string }) => [
          a.attachmentId,
          a.mimeType,
          a.documentType,
        ],
      ),
      [
        [IDENTITY, 'application/pdf', 'PASSPORT'],
        [PROOF_OF_ADDRESS, 'image/png', 'UTILITY_BILL'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    const active = await server.api('GET', `${NUM}/activeNumbers/${encodeURIComponent(phone)}`);
    assert.equal(active.status, 200, JSON.stringify(active.body));
    assert.equal(active.body.voiceConfiguration.scheduledVoiceProvisioning.appId, 'my-voice-app');
  });

  test('a file of the wrong type: one line, exit 2, nothing created and nothing uploaded', async () => {
    const phone = await forSale('DE', 'LOCAL');
    const ordersBefore = (await server.admin('GET', '/admin/v1/numberOrders')).body.numberOrders.length;
    const res = await run(
      ...sh`order create --region DE --type LOCAL --number ${phone} --voice-type RTC --app-id my-voice-app
        --registration de.json --attach ${IDENTITY}:PASSPORT=passport.txt
        --attach ${PROOF_OF_ADDRESS}:UTILITY_BILL=bill.png --submit`,
    );
    assert.equal(res.code, 2);
    const errors = res.stderr.split('\n').filter((l) => l.startsWith('open-numbers:'));
    assert.deepEqual(errors, [
      'open-numbers: passport.txt is text/plain; "Identity document" accepts application/pdf, image/jpeg, image/png; nothing was sent',
    ]);
    assert.equal(
      (await server.admin('GET', '/admin/v1/numberOrders')).body.numberOrders.length,
      ordersBefore,
    );
    assert.equal(
      (await server.api('GET', `${NUM}/availableNumbers/${encodeURIComponent(phone)}`)).status,
      200,
    );

    // The same check on its own command: nothing is uploaded to an existing order either.
    const created = await run(
      ...sh`order create --region DE --type LOCAL --number ${phone} --voice-type RTC --app-id my-voice-app --json`,
    );
    assert.equal(created.code, 0, created.stderr);
    const orderId = created.json().order.idNumberOrder;
    const attach = await run(
      ...sh`order attach ${orderId} ${IDENTITY} passport.txt --document-type PASSPORT`,
    );
    assert.equal(attach.code, 2);
    assert.match(attach.stderr, /^open-numbers: passport\.txt is text\/plain; .*; nothing was uploaded\n$/);
    const ok = await run(...sh`order attach ${orderId} ${IDENTITY} passport.pdf --document-type national_id`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stdout,
      /Uploaded "Identity document" to order \w+: passport\.pdf \(application\/pdf, NATIONAL_ID\)/,
    );
    const registration = await server.api('GET', `${NUM}/numberOrders/${orderId}/registration`);
    assert.equal(registration.body.attachments.length, 1);
  });

  test('a bad registration: the server messages, exit 1, the order kept for the fix; then the reviewer asks for more', async () => {
    const phone = await forSale('AU', 'MOBILE');
    writeFileSync(join(dir, 'au-bad.json'), JSON.stringify(auRegistration('0411111112', '2000')));
    const bad = await run(
      ...sh`order create --region AU --type MOBILE --number ${phone} --sms-service-plan plan-1
        --registration au-bad.json --submit`,
    );
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /open-numbers: step 4 \(registration\) failed: PUT \/numberOrders\/\w+\/registration → 400 INVALID_ARGUMENT/,
    );
    assert.match(
      bad.stderr,
      /^ {2}- data\[0\]\[0\]\.senderId has an invalid format \(expected: the Australian mobile number/m,
    );
    assert.match(
      bad.stderr,
      /^ {2}- data\[1\]\.postalCode has an invalid format \(expected: VIC postcodes start with 3 or 8\)$/m,
    );
    const orderId = /order (\w+) created/.exec(bad.stderr)![1]!;
    assert.match(
      bad.stderr,
      new RegExp(
        `next: fix au-bad\\.json .*: open-numbers order registration ${orderId} --file au-bad\\.json`,
      ),
    );
    assert.equal((await server.api('GET', `${NUM}/numberOrders/${orderId}`)).body.state, 'CREATED');

    // Step 6 before step 4 is done: what is missing, and how to go on.
    const early = await run('order', 'submit', orderId);
    assert.equal(early.code, 1);
    assert.match(
      early.stderr,
      /step 6 \(submit\) failed: .*The order is not complete\n {2}- registration: No registration yet/,
    );

    writeFileSync(join(dir, 'au-fixed.json'), JSON.stringify(auRegistration(phone)));
    const fixed = await run('order', 'registration', orderId, '--file', 'au-fixed.json');
    assert.equal(fixed.code, 0, fixed.stderr);
    const submitted = await run('order', 'submit', orderId);
    assert.equal(submitted.code, 0, submitted.stderr);
    assert.match(submitted.stdout, /IN_REVIEW/);
    // No decision within --wait-timeout: exit 3, the order left as it is.
    const undecided = await run(
      ...sh`order status ${orderId} --wait --wait-timeout 0.3s --poll-interval 0.1`,
    );
    assert.equal(undecided.code, 3);
    assert.match(
      undecided.stderr,
      /is still IN_REVIEW; no decision yet\.\n {2}next: check later: open-numbers order status/,
    );

    // The reviewer asks for more information: the order is back in CREATED with the message.
    const asked = await server.admin(
      'POST',
      `/admin/v1/projects/${PROJECT.projectId}/numberOrders/${orderId}:review`,
      {
        decision: 'REQUEST_INFORMATION',
        reason: 'Please give the ABN of the end business',
      },
    );
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const status = await run('order', 'status', orderId);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`^Order ${orderId}: CREATED \\(AU MOBILE\\)$`, 'm'));
    assert.match(status.stdout, /reserved until \S+ \(4[78]h \d+m left\)/);
    assert.match(status.stdout, /reviewer: {2}\S+ Please give the ABN of the end business/);
    const waited = await run('order', 'status', orderId, '--wait');
    assert.equal(waited.code, 1);
    assert.match(
      waited.stderr,
      /the reviewer asks for more information\.\n {2}reviewer: Please give the ABN/,
    );
  });

  test('a quantity order of US LOCAL numbers (no KYC): three numbers, reviewed, active', async () => {
    const res = await reviewedWhileWaiting(
      sh`order create --region US --type LOCAL --quantity 3 --sms-service-plan plan-1 --submit --wait --json`,
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /Step 1 — requirements: US LOCAL: no registration needed/);
    const numbers = res.json().order.orderNumbers.map((n: { phoneNumber: string }) => n.phoneNumber);
    assert.equal(numbers.length, 3);
    for (const phone of numbers) {
      const active = await server.api('GET', `${NUM}/activeNumbers/${encodeURIComponent(phone)}`);
      assert.equal(active.status, 200, phone);
    }
  });

  test('a number already held by another order: step 3 fails, and says to pick another', async () => {
    const phone = await forSale('AU', 'MOBILE', 1);
    const args = ['order', 'create', '--region', 'AU', '--type', 'MOBILE', '--number', phone];
    assert.equal((await run(...args)).code, 0);
    const again = await run(...args);
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /step 3 \(create the order\) failed: POST \/numberOrders:createNumberOrder → 404/,
    );
    assert.match(
      again.stderr,
      /next: \+\d+ is taken or not for sale: pick another \(open-numbers order search --region AU --type MOBILE\)/,
    );
  });

  test('bad flags and files: one line, exit 2, nothing sent', async () => {
    const ordersBefore = (await server.admin('GET', '/admin/v1/numberOrders')).body.numberOrders.length;
    const base = ['order', 'create', '--region', 'AU', '--type', 'MOBILE'];
    const cases: [string[], RegExp][] = [
      [
        [...base, '--number', '61411111112'],
        /--number 61411111112: phone numbers must be E\.164 with a leading \+/,
      ],
      [
        [...base, '--number', '+61411111112', '--quantity', '2'],
        /either --number <e164> .* or --quantity <n>/,
      ],
      [[...base], /either --number/],
      [
        ['order', 'create', '--region', 'Australia', '--type', 'MOBILE', '--quantity', '1'],
        /--region must be a two-letter region code/,
      ],
      [
        [...base, '--number', '+61411111112', '--type', 'FIXED'],
        /--type must be one of MOBILE, LOCAL, TOLL_FREE/,
      ],
      [[...base, '--number', '+61411111112', '--voice-type', 'RTC'], /--voice-type RTC needs --app-id/],
      [[...base, '--number', '+61411111112', '--voice-type', 'EST', '--app-id', 'a'], /needs --trunk-id/],
      [[...base, '--number', '+61411111112', '--wait'], /--wait needs --submit/],
      [
        [...base, '--number', '+61411111112', '--registration', 'missing.json'],
        /cannot read missing\.json: ENOENT/,
      ],
      [[...base, '--number', '+61411111112', '--registration', 'passport.txt'], /passport\.txt is not JSON/],
      [
        [...base, '--number', '+61411111112', '--submit'],
        /AU MOBILE cannot be submitted without a registration/,
      ],
      [
        [...base, '--number', '+61411111112', '--attach', 'passport.pdf'],
        /--attach passport\.pdf: write <attachmentId>=<file>/,
      ],
      [[...base, '--quantity', '2'], /AU MOBILE orders need a specific number/],
    ];
    for (const [args, message] of cases) {
      const res = await run(...args);
      assert.equal(res.code, 2, `${args.join(' ')}\n${res.stderr}`);
      const lines = res.stderr.split('\n').filter((l) => l.startsWith('open-numbers:'));
      assert.equal(lines.length, 1, res.stderr);
      assert.match(lines[0]!, message);
    }
    assert.equal(
      (await server.admin('GET', '/admin/v1/numberOrders')).body.numberOrders.length,
      ordersBefore,
    );
  });

  test('the wizard needs a terminal; every order command has --help with examples', async () => {
    const noTerminal = await run('order');
    assert.equal(noTerminal.code, 2);
    assert.match(
      noTerminal.stderr,
      /the order wizard needs a terminal; scripts use: open-numbers order create/,
    );
    for (const sub of [
      '',
      'requirements',
      'search',
      'create',
      'registration',
      'attach',
      'submit',
      'status',
      'wizard',
    ]) {
      const help = await run('order', ...(sub ? [sub] : []), '--help');
      assert.equal(help.code, 0, sub);
      assert.match(help.stdout, /Examples?:\n( {2}#.*\n)? {2}open-numbers order/, sub);
    }
  });

  // Last: it moves the clock 48 hours, which also expires the test's own access token.
  test('an expired order: the step fails, and says to start over', async () => {
    const phone = await forSale('AU', 'MOBILE', 2);
    const created = await run(...sh`order create --region AU --type MOBILE --number ${phone} --json`);
    assert.equal(created.code, 0, created.stderr);
    const orderId = created.json().order.idNumberOrder;
    await server.advance(48 * 3600 + 1);
    const late = await run('order', 'registration', orderId, '--file', 'au.json');
    assert.equal(late.code, 1);
    assert.match(late.stderr, /step 4 \(registration\) failed: .*400 FAILED_PRECONDITION/);
    assert.match(
      late.stderr,
      /next: the order expired at \S+: its id is no longer valid and its number is released; start over/,
    );
    const status = await run('order', 'status', orderId);
    assert.match(status.stdout, new RegExp(`Order ${orderId}: EXPIRED`));
  });
});
