import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cli, cliEnv } from '../helpers/cli.js';
import { type CliProcess, startCli } from '../helpers/cliProcess.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { type Receiver, startReceiver } from '../helpers/receiver.js';

const NUM = '/v1/projects/project-a';

/** The sandbox clock runs on with real time between reads: moved by `seconds`, give or take a few. */
function movedBy(elapsedMs: number, seconds: number) {
  assert.ok(
    elapsedMs >= seconds * 1000 && elapsedMs < (seconds + 5) * 1000,
    `${elapsedMs} ms for ${seconds} s`,
  );
}

describe('open-numbers sandbox: the clock, the callback log, mail, voice calls, hosting orders, faults', () => {
  let server: LiveServer;
  let env: Record<string, string>;
  let receiver: Receiver;
  const running: CliProcess[] = [];

  /** Rents any US LOCAL number whose SMS outcome is a callback to the receiver, 2 s of clock later. */
  async function rentWithCallback(): Promise<string> {
    const res = await server.api('POST', `${NUM}/availableNumbers:rentAny`, {
      regionCode: 'US',
      type: 'LOCAL',
      smsConfiguration: { servicePlanId: 'plan-1' },
      callbackUrl: receiver.url,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.phoneNumber;
  }

  before(async () => {
    server = await startLiveServer();
    env = cliEnv(server);
    receiver = await startReceiver();
  });
  after(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await receiver.close();
    await server.close();
  });

  test('callbacks: a table of events with their attempts; filters; redeliver sends one again', async () => {
    const number = await rentWithCallback();
    await server.advance(2);
    await server.until(
      async () => (await cli(['sandbox', 'callbacks', '--resource', number, '--json'], env)).json().callbacks,
      (events) => events[0]?.deliveryState === 'DELIVERED',
    );

    const listed = await cli(['sandbox', 'callbacks', '--resource', number], env);
    assert.equal(listed.code, 0, listed.stderr);
    const [header, row, more] = listed.stdout.trim().split('\n');
    assert.match(header!, /^time\s+eventId\s+resource\s+event\s+status\s+delivery\s+attempts$/);
    assert.match(
      row!,
      new RegExp(
        `^\\S+\\s+(\\w{26})\\s+\\${number}\\s+PROVISIONING_TO_SMS_PLATFORM\\s+SUCCEEDED\\s+DELIVERED\\s+200$`,
      ),
    );
    assert.equal(more, undefined);
    const eventId = row!.split(/\s+/)[1]!;

    const dead = await cli(['sandbox', 'callbacks', '--resource', number, '--status', 'dead'], env);
    assert.equal(dead.stdout.trim(), '(none)');
    const badStatus = await cli(['sandbox', 'callbacks', '--status', 'LOST'], env);
    assert.equal(badStatus.code, 2);
    assert.match(badStatus.stderr, /--status must be one of PENDING, DELIVERED, DEAD/);

    const copies = receiver.received.length;
    const redelivered = await cli(['sandbox', 'callbacks', 'redeliver', eventId], env);
    assert.equal(redelivered.code, 0, redelivered.stderr);
    assert.equal(redelivered.stdout.trim(), `event ${eventId}: delivery queued again (PENDING)`);
    await server.until(
      async () => (await cli(['sandbox', 'callbacks', '--resource', number], env)).stdout,
      (out) => /DELIVERED\s+200 → 200$/m.test(out),
    );
    assert.equal(receiver.received.length, copies + 1);

    const unknown = await cli(['sandbox', 'callbacks', 'redeliver', 'no-such-event'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /404 NOT_FOUND: No callback event no-such-event/);
  });

  test('callbacks --follow prints new events and each attempt (a refused one, then its retry) until Ctrl-C', async () => {
    const follow = startCli(['sandbox', 'callbacks', '--follow'], env);
    running.push(follow);
    await follow.waitFor('stderr', /following new events and attempts \(Ctrl-C to stop\)/);
    await follow.waitFor('stdout', /^time\s+eventId/); // the events so far first

    receiver.failNext(1, 503);
    const number = await rentWithCallback();
    await server.advance(2);
    const [, eventId] = await follow.waitFor(
      'stdout',
      new RegExp(
        `^new\\s+(\\w{26})  PROVISIONING_TO_SMS_PLATFORM SUCCEEDED  \\${number}  → ${receiver.url}$`,
        'm',
      ),
    );
    await follow.waitFor(
      'stdout',
      new RegExp(`^attempt  ${eventId}  #1 503 \\(\\d+ ms\\): PENDING \\(retry due\\)$`, 'm'),
    );
    await server.advance(5);
    await follow.waitFor('stdout', new RegExp(`^attempt  ${eventId}  #2 200 \\(\\d+ ms\\): DELIVERED$`, 'm'));
    assert.equal(await follow.interrupt(), 0);

    const json = startCli(['sandbox', 'callbacks', '--follow', '--json', '--resource', number], env);
    running.push(json);
    const [line] = await json.waitFor('stdout', /^\{.*\}$/m);
    const event = JSON.parse(line);
    assert.equal(event.eventId, eventId);
    assert.deepEqual(
      event.deliveries.map((d: any) => d.responseStatus),
      [503, 200],
    );
    assert.equal(await json.interrupt(), 0);
  });

  test('voice-calls shows the code the challenge said; hosting-orders advance moves an order; emails shows the LOA link', async () => {
    const phone = '+12025550140';
    const add = await server.api('POST', `${server.imported}/qualifiedNumbers:addNumbers`, {
      phoneNumbers: [phone],
    });
    assert.equal(add.status, 200, JSON.stringify(add.body));
    assert.equal((await cli(['sandbox', 'clock', 'advance', '60s'], env)).code, 0);
    await server.until(
      async () => (await server.api('GET', `${server.imported}/qualifiedNumbers/${phone}`)).body,
      (q) => /ELIGIBLE$/.test(q.state ?? q.globalProcessState ?? ''),
    );
    const call = await server.api('POST', `${server.imported}/qualifiedNumbers/${phone}:sendVoiceChallenge`);
    assert.equal(call.status, 200, JSON.stringify(call.body));

    const calls = await cli(['sandbox', 'voice-calls', '--number', phone], env);
    assert.equal(calls.code, 0, calls.stderr);
    const [, code] = calls.stdout.match(new RegExp(`^\\S+\\s+\\${phone}\\s+(\\d{6})\\s+\\S+$`, 'm')) ?? [];
    assert.ok(code, calls.stdout);
    const verified = await server.api(
      'POST',
      `${server.imported}/qualifiedNumbers/${phone}:verifyVoiceChallenge`,
      {
        code,
      },
    );
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    assert.match(JSON.stringify(verified.body), /VERIFIED/);

    const order = await server.api('POST', `${server.imported}/hostingOrders:textEnableNumbers`, {
      regionCode: 'US',
      numbers: [phone],
      servicePlanId: 'plan-1',
      directLoaInfo: {
        authorisedPerson: { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com' },
        address: {
          buildingNumber: '1',
          street: 'Main St',
          city: 'NYC',
          state: 'NY',
          postalCode: '10001',
          country: 'US',
        },
        currentVoiceCarrier: 'Verizon',
      },
    });
    assert.equal(order.status, 200, JSON.stringify(order.body));
    const id = order.body.hostingOrderId;

    const advanced = await cli(['sandbox', 'hosting-orders', 'advance', id], env);
    assert.equal(advanced.code, 0, advanced.stderr);
    assert.equal(advanced.stdout.trim(), `hosting order ${id}: WAITING_FOR_LOA_SIGNATURE`);

    const mail = await server.until(
      () => cli(['sandbox', 'emails', '--to', 'jane@example.com'], env),
      (res) => res.stdout.includes('/loa/'),
    );
    assert.match(mail.stdout, /^time\s+to\s+subject\s+state\s+links$/m);
    assert.match(mail.stdout, /^\S+\s+jane@example\.com\s+.+\s+LOGGED\s+http:\/\/\S+\/loa\/\S+$/m);
    const none = await cli(['sandbox', 'emails', '--to', 'nobody@example.com', '--json'], env);
    assert.deepEqual(none.json(), { emails: [] });

    const noPlus = await cli(['sandbox', 'voice-calls', '--number', '2025550140'], env);
    assert.equal(noPlus.code, 2);
    assert.match(noPlus.stderr, /--number must be in E\.164 with its \+/);
  });

  test('faults: read and set (what is not named is switched off)', async () => {
    const read = await cli(['sandbox', 'faults'], env);
    assert.equal(read.stdout.trim(), 'callback faults of project-a: none');

    const set = await cli(['sandbox', 'faults', 'set', '--duplicate', '--delay', '1m30s', '--json'], env);
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(set.json(), {
      duplicate: true,
      outOfOrder: false,
      wrongSignature: false,
      delaySeconds: 90,
    });
    assert.match(
      (await cli(['sandbox', 'faults'], env)).stdout,
      /duplicate \(every event delivered twice\); delay 1m30s before every first delivery/,
    );
    const off = await cli(['sandbox', 'faults', 'set'], env);
    assert.equal(off.stdout.trim(), 'callback faults of project-a: none');
  });

  // Last: moving the clock by days expires the tokens the other tests' direct requests hold.
  test("clock advance takes 48h, 1h30m, 90s or plain seconds and moves the server's clock by as much", async () => {
    const clock = async () => Date.parse((await cli(['sandbox', 'clock', '--json'], env)).json().now);
    const start = await clock();

    const advanced = await cli(['sandbox', 'clock', 'advance', '48h'], env);
    assert.equal(advanced.code, 0, advanced.stderr);
    assert.match(advanced.stdout, /^sandbox clock advanced by 2d \(172800 s\): \d{4}-/);
    movedBy((await clock()) - start, 172_800);

    const json = await cli(['sandbox', 'clock', 'advance', '1h30m', '--json'], env);
    assert.equal(json.json().advancedSeconds, 5400);
    movedBy(Date.parse(json.json().now) - start, 172_800 + 5400);
    assert.equal((await cli(['sandbox', 'clock', 'advance', '90'], env)).code, 0);
    movedBy((await clock()) - start, 172_800 + 5400 + 90);

    const human = await cli(['sandbox', 'clock'], env);
    assert.match(human.stdout, /^sandbox clock: \d{4}-\d\d-\d\dT/);

    const bad = await cli(['sandbox', 'clock', 'advance', '2 weeks'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must be like 90s, 15m, 48h, 2d, 1h30m or a number of seconds, not "2 weeks"/);
    movedBy((await clock()) - start, 172_800 + 5400 + 90); // nothing sent
  });

  test('a wrong or missing admin token, and a server in operator mode: one line each', async () => {
    const wrong = await cli(['sandbox', 'clock'], { ...env, OPEN_NUMBERS_ADMIN_TOKEN: 'not-the-token' });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
    assert.match(wrong.stderr, /the admin token was refused \(401 at .*\): check OPEN_NUMBERS_ADMIN_TOKEN/);

    const missing = await cli(['sandbox', 'clock'], { ...env, OPEN_NUMBERS_ADMIN_TOKEN: '' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /needs the admin token: set OPEN_NUMBERS_ADMIN_TOKEN/);

    const operator = await startLiveServer({
      OPEN_NUMBERS_MODE: 'operator',
      OPEN_NUMBERS_INVENTORY_PER_TYPE: '1',
      OPEN_NUMBERS_INVENTORY_US_LOCAL: '1',
    });
    try {
      const res = await cli(['sandbox', 'callbacks'], cliEnv(operator));
      assert.equal(res.code, 1);
      assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
      assert.match(res.stderr, /has no sandbox controls \(\/_sandbox\): it runs in operator mode/);
    } finally {
      await operator.close();
    }
  });
});
