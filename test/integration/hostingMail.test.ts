import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { MAIL_MAX_ATTEMPTS } from '../../src/jobs/mailDelivery.js';
import { listen } from '../../src/listen.js';
import { call } from '../helpers/api.js';
import { ADMIN, directLoa, HBASE, mails, orderState, verifyNumbersInStore } from '../helpers/hosting.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

/** Waits until `check` holds, polling; fails after `ms`. */
async function waitFor(what: string, check: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Operator mode with OPEN_NUMBERS_SMTP_URL: no automatic review; the operator's approval mails
// the LOA signing link through SMTP (nodemailer) as a job, retried when the server refuses it.
// The SMTP server is a local smtp-server started here.
let t: TestApp;
let smtp: SMTPServer;
const received: { from: string; to: string[]; data: string }[] = [];
let refuseNext = 0;

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuseNext > 0) {
          refuseNext -= 1;
          const error = new Error('mailbox busy, try later') as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  t = await startTestApp({
    OPEN_NUMBERS_MODE: 'operator',
    OPEN_NUMBERS_SMTP_URL: `smtp://127.0.0.1:${port}`,
    OPEN_NUMBERS_MAIL_FROM: 'LOA desk <loa@numbers.example>',
    OPEN_NUMBERS_PUBLIC_URL: 'https://numbers.example',
    OPEN_NUMBERS_WORKER_POLL_MS: '20',
  });
});
after(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

test('operator: approval mails the signing link through SMTP, retried after a refusal', async () => {
  const email = 'smtp.signer@example.com';
  await verifyNumbersInStore(t, 'project-a', ['+12025550301']);
  const res = await call(t, {
    method: 'POST',
    url: `${HBASE}/hostingOrders:textEnableNumbers`,
    body: {
      regionCode: 'US',
      numbers: ['+12025550301'],
      servicePlanId: 'p',
      directLoaInfo: directLoa(email),
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const id = res.body.hostingOrderId;
  // No automatic review in operator mode.
  await t.runtime.worker.runDue();
  assert.equal(await orderState(t, id), 'SUBMITTED');
  // The sandbox controls do not exist in operator mode.
  assert.equal((await call(t, { method: 'GET', url: '/_sandbox/emails', headers: ADMIN })).status, 404);

  refuseNext = 1;
  const approved = await call(t, {
    method: 'POST',
    url: `/admin/v1/projects/project-a/hostingOrders/${id}:review`,
    headers: ADMIN,
    body: { decision: 'APPROVE', reviewer: 'ops-smtp' },
  });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  assert.equal(approved.body.state, 'WAITING_FOR_LOA_SIGNATURE');
  const [logged] = await t.runtime.store.mail.list({ to: email, limit: 10 });
  assert.equal(logged?.state, 'PENDING');
  assert.match(logged!.links[0]!, /^https:\/\/numbers\.example\/loa\/[A-Za-z0-9_-]{32}$/);

  const link = logged!.links[0]!;
  assert.ok(logged!.text.includes(link));

  // The worker polls; the first attempt is refused (451), the retry a second later is taken.
  t.runtime.worker.start();
  await waitFor(
    'the message SENT',
    async () => (await t.runtime.store.mail.get(logged!.messageId))?.state === 'SENT',
  );
  assert.equal(received.length, 1);
  assert.equal(refuseNext, 0, 'the first attempt was refused');
  assert.deepEqual(received[0]!.to, [email]);
  assert.equal(received[0]!.from, 'loa@numbers.example');
  // Long header lines are folded.
  assert.match(received[0]!.data.replace(/\r\n /g, ' '), new RegExp(`Subject: .*${id}`));
  // Quoted-printable may wrap long lines: compare without soft line breaks.
  assert.ok(received[0]!.data.replace(/=\r?\n/g, '').includes(link));
  // Sent: the log keeps the message with the signing token masked (operator mode).
  const sent = await t.runtime.store.mail.get(logged!.messageId);
  assert.deepEqual(sent?.links, ['https://numbers.example/loa/[redacted]']);
  assert.ok(!sent!.text.includes(link.split('/loa/')[1]!));
  assert.ok(sent!.text.includes('https://numbers.example/loa/[redacted]'));
  // Sent once: another run sends nothing more.
  await t.runtime.worker.stop();
  await t.runtime.worker.runDue();
  assert.equal(received.length, 1);
});

test('the request log never holds a signing token', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const servers = await listen(t.runtime.deps, { host: '127.0.0.1', port: 0, importedPort: undefined }, log);
  try {
    const token = 'SecretSigningToken_0123456789abcdef';
    const res = await fetch(`${servers.addresses[0]}/loa/${token}?x=1`);
    assert.equal(res.status, 404);
    await res.text();
    const posted = await fetch(`${servers.addresses[0]}/loa/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'fullName=A+B&agree=on',
    });
    await posted.text();
  } finally {
    await servers.close();
  }
  const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
  assert.ok(requests.length >= 2, lines.join('\n'));
  assert.ok(
    requests.every((l) => l.req.url.startsWith('/loa/[redacted]')),
    lines.join('\n'),
  );
  assert.ok(!lines.join('\n').includes('SecretSigningToken'), lines.join('\n'));
});

test('sandbox with SMTP: a message whose every attempt is refused is FAILED in the mail log, the real link kept', async () => {
  // A port nothing listens on: every connection is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const s = await startTestApp({ OPEN_NUMBERS_SMTP_URL: `smtp://127.0.0.1:${port}` });
  try {
    const email = 'failing.smtp@example.com';
    await verifyNumbersInStore(s, 'project-a', ['+12025550302']);
    const res = await call(s, {
      method: 'POST',
      url: `${HBASE}/hostingOrders:textEnableNumbers`,
      body: {
        regionCode: 'US',
        numbers: ['+12025550302'],
        servicePlanId: 'p',
        directLoaInfo: directLoa(email),
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await s.advance(s.config.hostingStepSeconds); // the sandbox's review: the LOA link is mailed
    const [pending] = await mails(s, email);
    assert.equal(pending?.state, 'PENDING');
    for (let i = 0; i < MAIL_MAX_ATTEMPTS + 2; i++) await s.advance(600);
    const [failed] = await mails(s, email);
    assert.equal(failed?.state, 'FAILED');
    assert.deepEqual(failed.links, pending.links);
    assert.match(failed.links[0], /\/loa\/[A-Za-z0-9_-]{32}$/);
  } finally {
    await s.close();
  }
});
