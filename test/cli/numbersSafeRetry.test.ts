import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { cli, cliEnv } from '../helpers/cli.js';
import { type FaultProxy, startFaultProxy } from '../helpers/faultProxy.js';
import { type LiveServer, startLiveServer } from '../helpers/liveServer.js';
import { PROJECT } from '../helpers/testApp.js';

/**
 * Seed 002, "Safe retries for billable operations": when the answer to :rent, :rentAny, :release
 * or a PATCH is lost, the CLI checks the state with a read before it retries, retries only when
 * the read proves the request did not take effect, and says what it found. A proxy between the
 * CLI and the server loses answers on purpose and counts what reached it.
 */
describe('open-numbers numbers: safe retries of billable commands', () => {
  let server: LiveServer;
  let proxy: FaultProxy;
  let env: Record<string, string>;
  const NUM = `/v1/projects/${PROJECT.projectId}`;

  before(async () => {
    server = await startLiveServer();
    proxy = await startFaultProxy(server.base);
    env = { ...cliEnv(server), SINCH_NUMBERS_URL: proxy.base };
  });
  after(async () => {
    await proxy.close();
    await server.close();
  });
  beforeEach(() => proxy.reset());
  /** `open-numbers <line>`, split on spaces as a shell would (no value here has a space). */
  const run = (line: string) => cli(line.split(' '), env);

  /** A US LOCAL number nobody has rented yet. */
  let next = 0;
  async function availableNumber(): Promise<string> {
    const res = await server.api('GET', `${NUM}/availableNumbers?regionCode=US&type=LOCAL&size=50`);
    return res.body.availableNumbers[next++].phoneNumber;
  }
  const activeStatus = async (n: string) => (await server.api('GET', `${NUM}/activeNumbers/${n}`)).status;
  const rentsOf = (n: string) => proxy.count('POST', new RegExp(`/availableNumbers/\\${n}:rent$`));
  const isRent = (method: string, path: string) => method === 'POST' && path.endsWith(':rent');

  test('the server rented, the answer was lost: the CLI reads, reports the rent, exit 0, sent once', async () => {
    const n = await availableNumber();
    proxy.rule = ({ method, path }) => (isRent(method, path) ? 'drop-after' : undefined);

    const res = await run(`numbers rent ${n} --sms-service-plan plan-a`);

    assert.equal(res.code, 0, res.stderr);
    assert.equal(rentsOf(n), 1, 'the rent was never sent a second time');
    assert.match(res.stderr, /connection lost .*checking whether it went through/);
    assert.match(res.stderr, new RegExp(`the rent went through: \\${n} is active in your project`));
    assert.match(res.stdout, new RegExp(`^Rented \\${n}\\.`));
    assert.match(res.stdout, /SMS +not linked \(scheduled: plan-a WAITING\)/);
    assert.equal(await activeStatus(n), 200);
  });

  test('the request never reached the server: the read shows it is not rented, so the CLI retries', async () => {
    const n = await availableNumber();
    proxy.rule = ({ method, path, nth }) => (isRent(method, path) && nth === 1 ? 'drop-before' : undefined);

    const res = await run(`numbers rent ${n} --json`);

    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, new RegExp(`\\${n} is not in your project: not rented; retrying \\(2/3\\)`));
    assert.equal(rentsOf(n), 2);
    const out = res.json();
    assert.equal(out.activeNumber.phoneNumber, n);
    assert.equal(out.attempts, 2);
    assert.equal(out.confirmedBy, 'answer');
    assert.equal(await activeStatus(n), 200);
  });

  test('every rent is lost before the server: after the retries, exit 1 and nothing rented', async () => {
    const n = await availableNumber();
    proxy.rule = ({ method, path }) => (isRent(method, path) ? 'drop-before' : undefined);

    const res = await run(`numbers rent ${n}`);

    assert.equal(res.code, 1, res.stderr);
    assert.equal(rentsOf(n), 3, 'one attempt and the two default retries');
    assert.match(res.stderr, /retrying \(2\/3\)[\s\S]*retrying \(3\/3\)/);
    assert.match(
      res.stderr,
      new RegExp(`open-numbers: rent \\${n} did not go through: .*not rented; gave up after 3 attempts`),
    );
    assert.equal(await activeStatus(n), 404);

    proxy.reset();
    proxy.rule = ({ method, path }) => (isRent(method, path) ? 'drop-before' : undefined);
    const once = await run(`numbers rent ${n} --retries 0`);
    assert.equal(once.code, 1);
    assert.equal(rentsOf(n), 1);
  });

  test('the answer is lost and so is the read: exit 3, the outcome is unknown, nothing sent again', async () => {
    const n = await availableNumber();
    proxy.rule = ({ method, path, nth }) => {
      if (isRent(method, path)) return 'drop-after';
      // The read before renting passes; the check after the lost answer does not.
      if (method === 'GET' && path.endsWith(`/activeNumbers/${n}`) && nth > 1) return 'drop-before';
      return undefined;
    };

    const res = await run(`numbers rent ${n} --json`);

    assert.equal(res.code, 3, res.stderr);
    assert.equal(rentsOf(n), 1);
    const error = JSON.parse(res.stderr.trim().split('\n').at(-1)!).error;
    assert.equal(error.exitCode, 3);
    assert.match(
      error.message,
      /the check failed too .*the outcome is unknown; check the state before trying again/,
    );
    assert.equal(res.stdout, '');
    assert.equal(await activeStatus(n), 200, 'the server did rent it: exit 3 was the honest answer');
  });

  test('a 5xx before the server (a gateway) → read → retry; a 5xx after the server committed → read → done', async () => {
    const a = await availableNumber();
    proxy.rule = ({ method, path, nth }) => (isRent(method, path) && nth === 1 ? 'answer-503' : undefined);
    const retried = await run(`numbers rent ${a}`);
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stderr, /the server answered 503; checking/);
    assert.match(retried.stderr, /not rented; retrying \(2\/3\)/);
    assert.equal(rentsOf(a), 2);

    proxy.reset();
    const b = await availableNumber();
    proxy.rule = ({ method, path }) => (isRent(method, path) ? 'answer-500-after' : undefined);
    const committed = await run(`numbers rent ${b}`);
    assert.equal(committed.code, 0, committed.stderr);
    assert.match(committed.stderr, /the server answered 500; checking/);
    assert.match(committed.stderr, /the rent went through/);
    assert.equal(rentsOf(b), 1);
  });

  test('a slow server commits after the CLI gave up: the refused retry is read again and reported as rented', async () => {
    const n = await availableNumber();
    // The first rent is answered 503 but reaches the server only with the next request (the retry).
    proxy.rule = ({ method, path, nth }) =>
      isRent(method, path) && nth === 1 ? 'answer-503-forward-later' : undefined;

    const res = await run(`numbers rent ${n}`);

    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /not rented; retrying \(2\/3\)/);
    assert.match(res.stderr, /the rent went through: .* \(an earlier attempt took effect\)/);
    assert.equal(await activeStatus(n), 200);
  });

  test('rent-any: the number is unknown before the answer; a number that appeared since is the one rented', async () => {
    proxy.rule = ({ method, path }) =>
      method === 'POST' && path.endsWith(':rentAny') ? 'drop-after' : undefined;

    const res = await run('numbers rent-any --region US --type LOCAL --sms-service-plan plan-any --json');

    assert.equal(res.code, 0, res.stderr);
    assert.equal(proxy.count('POST', /:rentAny$/), 1);
    const out = res.json();
    assert.equal(out.confirmedBy, 'read');
    assert.match(
      res.stderr,
      new RegExp(`the rent went through: \\${out.activeNumber.phoneNumber} is active`),
    );
    assert.equal(out.activeNumber.smsConfiguration.scheduledProvisioning.servicePlanId, 'plan-any');
    assert.equal(await activeStatus(out.activeNumber.phoneNumber), 200);
    // The list was read before sending and after the lost answer.
    const lists = proxy.seen.filter((s) => s.method === 'GET' && s.path.includes('/activeNumbers?'));
    assert.ok(lists.length >= 2, JSON.stringify(proxy.seen));
  });

  test('rent-any timing out before the server answers: nothing new appeared → retried once the read says so', async () => {
    proxy.rule = ({ method, path, nth }) =>
      method === 'POST' && path.endsWith(':rentAny') && nth === 1 ? 'drop-before' : undefined;
    const res = await run('numbers rent-any --region US --type LOCAL');
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /no new US LOCAL number in your project: not rented; retrying \(2\/3\)/);
    assert.equal(proxy.count('POST', /:rentAny$/), 2);
  });

  test('rent-any with no answer in time (--timeout): the read finds the rented number', async () => {
    proxy.rule = ({ method, path }) =>
      method === 'POST' && path.endsWith(':rentAny') ? 'stall-after' : undefined;
    const res = await run('numbers rent-any --region US --type LOCAL --timeout 0.5');
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /no answer within 0\.5 s; checking/);
    assert.match(res.stderr, /the rent went through/);
    assert.equal(proxy.count('POST', /:rentAny$/), 1);
  });

  test('release and update: the same check before any second request', async () => {
    const n = await availableNumber();
    assert.equal((await server.api('POST', `${NUM}/availableNumbers/${n}:rent`, {})).status, 200);

    proxy.rule = ({ method }) => (method === 'PATCH' ? 'drop-after' : undefined);
    const updated = await cli(['numbers', 'update', n, '--display-name', 'Front desk'], env);
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stderr, new RegExp(`the update went through: \\${n} shows the change`));
    assert.equal(proxy.count('PATCH', /activeNumbers/), 1);

    proxy.reset();
    proxy.rule = ({ method, nth }) => (method === 'PATCH' && nth === 1 ? 'drop-before' : undefined);
    const retried = await cli(['numbers', 'update', n, '--display-name', 'Back office'], env);
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stderr, /does not show the change: not updated; retrying \(2\/3\)/);
    assert.equal(proxy.count('PATCH', /activeNumbers/), 2);

    proxy.reset();
    proxy.rule = ({ method, path }) =>
      method === 'POST' && path.endsWith(':release') ? 'drop-after' : undefined;
    const released = await run(`numbers release ${n} --json`);
    assert.equal(released.code, 0, released.stderr);
    assert.match(released.stderr, new RegExp(`the release went through: \\${n} leaves your project at `));
    assert.equal(proxy.count('POST', /:release$/), 1);
    assert.ok(released.json().activeNumber.expireAt);
  });
});
