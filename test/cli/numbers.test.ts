import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliResult, cli, cliEnv } from '../helpers/cli.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { startTerminal } from '../helpers/terminal.js';
import { PROJECT } from '../helpers/testApp.js';

/** A failure told in one line on stderr (`open-numbers: …`), nothing on stdout, with this exit code. */
function assertFails(res: CliResult, code: number, message: RegExp | string): void {
  assert.equal(res.code, code, res.stderr);
  assert.equal(res.stdout, '');
  assert.equal(res.stderr.split('\n').length, 2, `one line: ${res.stderr}`);
  if (typeof message === 'string') assert.equal(res.stderr, `open-numbers: ${message}\n`);
  else assert.match(res.stderr, message);
}

/**
 * `open-numbers numbers …` against a server over HTTP: the seed's get_numbers.cjs as `export`,
 * list and get, the billable commands for a person and with --json, and the two-step relink.
 * Provisioning takes an hour of sandbox clock here, so a scheduled change stays WAITING until a
 * test moves the clock (server.advance).
 */
describe('open-numbers numbers', () => {
  const HOUR = 3600;
  let server: LiveServer;
  let env: Record<string, string>;
  const NUM = `/v1/projects/${PROJECT.projectId}`;

  before(async () => {
    server = await startLiveServer({ OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: String(HOUR) });
    env = cliEnv(server);
  });
  after(() => server.close());

  /** The Numbers API with the project's key (Basic): a Bearer token would expire as the clock moves. */
  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${server.base}${NUM}${path}`, {
      method,
      headers: {
        authorization: server.t.auth,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }
  /** `open-numbers <line>`, split on spaces as a shell would (no value here has a space). */
  const run = (line: string, cwd?: string) => cli(line.split(' '), env, cwd);
  const scratch = () => mkdtempSync(join(tmpdir(), 'open-numbers-export-'));
  const read = async (n: string) => (await api('GET', `/activeNumbers/${n}`)).body;
  /** Every active number as the server lists it. */
  const serverList = async (query = '') =>
    (await api('GET', `/activeNumbers?pageSize=1000${query}`)).body.activeNumbers;
  let nextAvailable = 0;
  async function availableNumber(): Promise<string> {
    const res = await api('GET', `/availableNumbers?regionCode=US&type=LOCAL&size=200`);
    return res.body.availableNumbers[100 + nextAvailable++].phoneNumber;
  }
  /** A number of ours, rented through the API with `body`, its configuration provisioned. */
  async function rentedAndProvisioned(body: Record<string, unknown>): Promise<string> {
    const n = await availableNumber();
    assert.equal((await api('POST', `/availableNumbers/${n}:rent`, body)).status, 200);
    await server.advance(HOUR);
    await server.until(
      () => read(n),
      (a) => !a.smsConfiguration.scheduledProvisioning && !a.voiceConfiguration.scheduledVoiceProvisioning,
    );
    return n;
  }

  /**
   * Runs the CLI while the sandbox clock moves: each time the number reaches the next of `stages`
   * (a change scheduled), an hour passes and its provisioning completes.
   */
  async function runWhileProvisioning(line: string, n: string, stages: ((a: any) => boolean)[]) {
    const running = run(line);
    for (const stage of stages) {
      await server.until(() => read(n), stage);
      await server.advance(HOUR);
    }
    return running;
  }

  describe('export, list, get', () => {
    before(async () => {
      for (let i = 0; i < 25; i++) {
        const res = await api('POST', `/availableNumbers:rentAny`, {
          regionCode: 'US',
          type: 'LOCAL',
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
    });

    test('export: every page into one JSON array, the numbers the server lists', async () => {
      const cwd = scratch();
      const res = await run('numbers export --output numbers.json --page-size 10', cwd);

      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout, 'Saved 25 active numbers to numbers.json (JSON).\n');
      assert.equal(
        res.stderr,
        'fetched 25 active numbers in 3 pages\n',
        'one summary line: stderr is no terminal',
      );
      const written = JSON.parse(readFileSync(join(cwd, 'numbers.json'), 'utf8'));
      assert.equal(written.length, 25);
      assert.deepEqual(written, await serverList());
    });

    test('export --format csv (or a .csv name): a header and a row per number; --json: a summary', async () => {
      const cwd = scratch();
      const res = await run('numbers export --output numbers.csv --page-size 10 --json', cwd);
      assert.equal(res.code, 0, res.stderr);
      assert.deepEqual(res.json(), {
        output: join(cwd, 'numbers.csv'),
        format: 'csv',
        count: 25,
        pages: 3,
        totalSize: 25,
      });
      const lines = readFileSync(join(cwd, 'numbers.csv'), 'utf8').trimEnd().split('\r\n');
      assert.equal(lines.length, 26);
      assert.match(
        lines[0]!,
        /^phoneNumber,regionCode,type,capability,displayName,monthlyAmount,currencyCode,/,
      );
      const listed = await serverList();
      assert.deepEqual(
        lines.slice(1).map((l) => l.split(',')[0]),
        listed.map((n: { phoneNumber: string }) => n.phoneNumber),
      );
      assert.match(lines[1]!, /^\+1\d{10},US,LOCAL,SMS VOICE,,0\.50,USD,1,/);
    });

    test('export to stdout (no --output, or -), with the filters of get_numbers.cjs', async () => {
      const all = await run('numbers export --region us --type local');
      assert.equal(all.code, 0, all.stderr);
      assert.equal(all.json().length, 25);

      const csv = await run('numbers export --output - --format csv --type MOBILE');
      assert.equal(csv.code, 0, csv.stderr);
      assert.equal(csv.stdout.trimEnd().split('\r\n').length, 1, 'the header only: no MOBILE number rented');
    });

    test('export shows a progress bar when stderr is a terminal', async () => {
      const file = join(scratch(), 'numbers.json');
      const terminal = startTerminal(['numbers', 'export', '--page-size', '5', '--output', file], env);
      const screen = await terminal.waitFor(/Saved 25 active numbers/);
      assert.match(screen, /active numbers .*25\/25 \| page 5/);
      assert.equal(await terminal.exited, 0);
      assert.equal(JSON.parse(readFileSync(file, 'utf8')).length, 25);
    });

    test('export: a region with no numbers says whether the region exists; a bad folder is usage', async () => {
      const uk = await run('numbers export --region UK');
      assert.equal(uk.code, 0);
      assert.equal(uk.stdout, '[]\n');
      assert.match(uk.stderr, /UK is not a region of GET \/availableRegions \(see: open-numbers regions\)/);

      assertFails(
        await run('numbers export --output /no/such/folder/numbers.json'),
        2,
        '--output /no/such/folder/numbers.json: the folder /no/such/folder does not exist',
      );
      assertFails(
        await run('numbers export --type CELL'),
        2,
        '--type must be MOBILE, LOCAL or TOLL_FREE, not "CELL"',
      );
    });

    test('list: one page as a table, and the command for the next page', async () => {
      const first = await run('numbers list --page-size 10');
      assert.equal(first.code, 0, first.stderr);
      const lines = first.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^number\s+region\s+type\s+capability\s+name\s+sms\s+voice\s+expires$/);
      assert.equal(lines.length, 1 + 10 + 1);
      const token = lines
        .at(-1)!
        .match(/^10 of 25; next page: open-numbers numbers list --page-token (\S+)/)?.[1];
      assert.ok(token, lines.at(-1));

      const second = await run(`numbers list --page-size 10 --page-token ${token} --json`);
      assert.equal(second.code, 0, second.stderr);
      const listed = await serverList();
      assert.deepEqual(
        second.json().activeNumbers.map((n: { phoneNumber: string }) => n.phoneNumber),
        listed.slice(10, 20).map((n: { phoneNumber: string }) => n.phoneNumber),
      );
    });

    test('get: the number for a person, the API resource with --json; one line when it is not ours', async () => {
      const [n] = await serverList();
      const human = await run(`numbers get ${n.phoneNumber}`);
      assert.equal(human.code, 0, human.stderr);
      assert.match(
        human.stdout,
        new RegExp(`^number +\\${n.phoneNumber} +US LOCAL +SMS, VOICE +0\\.50 USD/month$`, 'm'),
      );
      assert.match(human.stdout, /^SMS +not linked$/m);

      const json = await run(`numbers get ${n.phoneNumber} --json`);
      assert.deepEqual(json.json(), n);

      assertFails(
        await run('numbers get +12025550134'),
        1,
        /^open-numbers: GET \/activeNumbers\/\+12025550134 → 404 NOT_FOUND: \+12025550134 is not an active number of this project/,
      );
    });
  });

  describe('rent, rent-any, update, release', () => {
    test('rent: the number with its configuration on its way; --json for scripts', async () => {
      const n = await availableNumber();
      const res = await run(
        `numbers rent ${n} --sms-service-plan plan-a --callback-url https://example.com/cb`,
      );
      assert.equal(res.code, 0, res.stderr);
      assert.equal(
        res.stdout,
        [
          `Rented ${n}.`,
          `number       ${n}  US LOCAL  SMS, VOICE  0.50 USD/month`,
          'display name (none)',
          'SMS          not linked (scheduled: plan-a WAITING)',
          'voice        not linked',
          'callback URL https://example.com/cb',
          `next charge  ${(await read(n)).nextChargeDate}`,
          '',
        ].join('\n'),
      );
      assert.equal(res.stderr, '');

      const again = await run(`numbers rent ${n} --json`);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.json().alreadyActive, true, 'already ours: nothing rented, nothing billed');

      const m = await availableNumber();
      const json = await run(`numbers rent ${m} --app-id my-app --json`);
      assert.equal(json.code, 0, json.stderr);
      const out = json.json();
      assert.equal(out.activeNumber.phoneNumber, m);
      assert.equal(out.attempts, 1);
      assert.equal(out.confirmedBy, 'answer');
      assert.deepEqual(out.log, []);
      assert.equal(out.activeNumber.voiceConfiguration.scheduledVoiceProvisioning.appId, 'my-app');
    });

    test('rent-any: US LOCAL with a pattern and capabilities', async () => {
      const res = await run(
        'numbers rent-any --region US --type LOCAL --pattern +1 --capability sms voice --json',
      );
      assert.equal(res.code, 0, res.stderr);
      const rented = res.json().activeNumber;
      assert.deepEqual(rented.capability, ['SMS', 'VOICE']);
      assert.equal((await read(rented.phoneNumber)).phoneNumber, rented.phoneNumber);

      const human = await run('numbers rent-any --region US --type LOCAL --capability SMS');
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, /^Rented \+1\d{10}\.\nnumber +\+1\d{10} +US LOCAL/);
    });

    test('update and release for a person and with --json', async () => {
      const n = await availableNumber();
      await api('POST', `/availableNumbers/${n}:rent`, {});

      const named = await run(`numbers update ${n} --display-name Support`);
      assert.equal(named.code, 0, named.stderr);
      assert.match(named.stdout, new RegExp(`^Updated \\${n}\\.\\n`));
      assert.match(named.stdout, /^display name Support$/m);

      const sms = await run(`numbers update ${n} --sms-service-plan plan-x --json`);
      assert.equal(sms.code, 0, sms.stderr);
      assert.equal(sms.json().activeNumber.smsConfiguration.scheduledProvisioning.status, 'WAITING');

      const released = await run(`numbers release ${n}`);
      assert.equal(released.code, 0, released.stderr);
      const { expireAt, nextChargeDate } = await read(n);
      assert.equal(expireAt, nextChargeDate);
      assert.match(
        released.stdout,
        new RegExp(
          `^Released \\${n}: it stays in your project until ${expireAt} \\(its next charge date; no refund\\)\\.`,
        ),
      );

      const twice = await run(`numbers release ${n} --json`);
      assert.equal(twice.code, 0, twice.stderr);
      assert.equal(twice.json().activeNumber.expireAt, expireAt, 'releasing again changes nothing');

      assertFails(await run(`numbers rent ${n}`), 1, /is yours but released: it leaves your project at /);
    });

    test('update --unlink-then-link: unlink, wait for provisioning (the clock moves), then link', async () => {
      const n = await rentedAndProvisioned({
        smsConfiguration: { servicePlanId: 'plan-a', campaignId: 'CAMP1' },
      });

      // Straight to the new plan: the API refuses, and the CLI says what to add.
      assertFails(
        await run(`numbers update ${n} --sms-service-plan plan-b`),
        1,
        /→ 400 INVALID_ARGUMENT: Unlink before linking a new value \(add --unlink-then-link/,
      );

      let finished = false;
      const running = run(
        `numbers update ${n} --sms-service-plan plan-b --unlink-then-link --poll-interval 0.05 --json`,
      ).finally(() => {
        finished = true;
      });
      // The unlink is sent, and the CLI waits for its provisioning: an hour of sandbox clock.
      await server.until(
        () => read(n),
        (a) => a.smsConfiguration.scheduledProvisioning?.servicePlanId === '',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(finished, false, 'still waiting for the unlink');
      assert.equal((await read(n)).smsConfiguration.servicePlanId, 'plan-a');

      await server.advance(HOUR);
      const res = await running;
      assert.equal(res.code, 0, res.stderr);
      assert.match(
        res.stderr,
        new RegExp(`unlinking SMS service plan plan-a and campaign CAMP1 from \\${n} first`),
      );
      assert.match(res.stderr, /waiting for the unlink of .*: SMS WAITING/);
      assert.match(res.stderr, /the unlink of .*: done/);
      const out = res.json();
      assert.deepEqual(out.steps, [
        { step: 'unlink', outcome: 'sent: SMS service plan plan-a and campaign CAMP1' },
        { step: 'wait', outcome: 'unlink done' },
        { step: 'link', outcome: 'sent' },
      ]);
      const now = out.activeNumber.smsConfiguration;
      assert.equal(now.servicePlanId, '');
      assert.equal(now.scheduledProvisioning.servicePlanId, 'plan-b');
      assert.equal(now.scheduledProvisioning.status, 'WAITING');

      // The same command again has nothing left to do.
      const rerun = await run(`numbers update ${n} --sms-service-plan plan-b --unlink-then-link`);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(rerun.stderr, /nothing to unlink on .*\n.*already shows what was asked: nothing to link/);
      assert.deepEqual((await read(n)).smsConfiguration.scheduledProvisioning, now.scheduledProvisioning);
    });

    test('--unlink-then-link is resumable: a wait that runs out is exit 3, the rerun goes on from there', async () => {
      const n = await rentedAndProvisioned({ smsConfiguration: { servicePlanId: 'plan-a' } });
      const relink = `numbers update ${n} --sms-service-plan plan-c --unlink-then-link --poll-interval 0.05`;

      const timedOut = await run(`${relink} --wait-timeout 0.3`);
      assert.equal(timedOut.code, 3, timedOut.stderr);
      assert.match(
        timedOut.stderr,
        new RegExp(
          `open-numbers: the unlink of \\${n} is not done after 0\\.3 s \\(SMS WAITING\\); run the same command again`,
        ),
      );

      await server.advance(HOUR);
      await server.until(
        () => read(n),
        (a) => a.smsConfiguration.scheduledProvisioning === null,
      );
      const resumed = await run(`${relink} --json`);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.deepEqual(
        resumed.json().steps.map((s: { step: string; outcome: string }) => `${s.step}: ${s.outcome}`),
        ['unlink: nothing to unlink', 'link: sent'],
      );
      assert.equal((await read(n)).smsConfiguration.scheduledProvisioning.servicePlanId, 'plan-c');
    });

    test('voice relink with --wait: the command ends when the new app is provisioned', async () => {
      const n = await rentedAndProvisioned({ voiceConfiguration: { type: 'RTC', appId: 'app-1' } });
      const res = await runWhileProvisioning(
        `numbers update ${n} --app-id app-2 --unlink-then-link --wait --poll-interval 0.05`,
        n,
        [
          (a) => a.voiceConfiguration.scheduledVoiceProvisioning?.appId === '', // the unlink
          (a) => a.voiceConfiguration.scheduledVoiceProvisioning?.appId === 'app-2', // the link
        ],
      );
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /^voice +RTC app-2$/m);
      assert.match(res.stderr, /the change of .*: done/);
    });

    test('--wait reports a provisioning that failed: exit 1 with the error code', async () => {
      const n = await rentedAndProvisioned({});
      const res = await runWhileProvisioning(
        `numbers update ${n} --sms-service-plan FAIL_SMS_PROVISIONING_FAILED --wait --poll-interval 0.05`,
        n,
        [(a) => a.smsConfiguration.scheduledProvisioning?.status === 'WAITING'],
      );
      assert.equal(res.code, 1, res.stderr);
      assert.match(
        res.stderr,
        /took the change but its provisioning failed: SMS FAILED \(SMS_PROVISIONING_FAILED\)/,
      );
    });

    test('bad input: one line, exit 2 before anything is sent; the API refusing: one line, exit 1', async () => {
      const usage: [string | string[], RegExp][] = [
        ['numbers rent 12025550134', /"12025550134" has no leading \+: .* \(did you mean \+12025550134\?\)/],
        ['numbers get +1', /"\+1" is not a phone number \(too short\)/],
        [['numbers', 'release', '+1 202 555 01x4'], /only digits may follow the \+/],
        ['numbers rent-any --region USA --type LOCAL', /--region must be a two-letter region code/],
        [
          'numbers rent-any --region US --type LOCAL --search-pattern END',
          /--search-pattern needs --pattern/,
        ],
        ['numbers rent +12025550134 --campaign C1', /--campaign needs --sms-service-plan/],
        ['numbers rent +12025550134 --app-id a --trunk-id t', /give one voice id: --app-id or --trunk-id/],
        [
          'numbers rent +12025550134 --voice-type FAX --app-id a',
          /--app-id does not apply to --voice-type FAX/,
        ],
        ['numbers rent +12025550134 --callback-url example.com', /--callback-url must be an http\(s\) URL/],
        ['numbers update +12025550134', /nothing to change: give --display-name/],
        [
          'numbers update +12025550134 --display-name x --unlink-then-link',
          /--unlink-then-link needs something to link/,
        ],
        ['numbers release +12025550134 --retries many', /--retries must be a whole number from 0 to 10/],
        ['numbers list --order-by name', /--order-by must be phoneNumber or displayName, not "name"/],
        ['numbers export --page-size 0', /--page-size must be a whole number from 1 to 1000/],
      ];
      for (const [args, message] of usage) {
        assertFails(typeof args === 'string' ? await run(args) : await cli(args, env), 2, message);
      }

      assertFails(
        await run('numbers rent-any --region ZZ --type LOCAL'),
        1,
        'POST /availableNumbers:rentAny → 400 INVALID_ARGUMENT: rentAny supports only US LOCAL numbers; rent other numbers with :rent',
      );
      assertFails(
        await run('numbers rent +12025550134'),
        1,
        /^open-numbers: POST \/availableNumbers\/\+12025550134:rent → 404 NOT_FOUND: \+12025550134 is not available/,
      );

      const json = await run('numbers get 12025550134 --json');
      assert.equal(json.code, 2);
      assert.equal(JSON.parse(json.stderr).error.exitCode, 2);
    });
  });
});
