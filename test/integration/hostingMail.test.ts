import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { call } from '../helpers/api.js';
import { ADMIN, directLoa, HBASE, orderState, verifyNumbersInStore } from '../helpers/hosting.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

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

  await t.runtime.worker.runDue(); // refused (451): the job stays for a retry
  assert.equal(received.length, 0);
  assert.equal((await t.runtime.store.mail.get(logged!.messageId))?.state, 'PENDING');
  await new Promise((resolve) => setTimeout(resolve, 1100)); // the worker's first backoff
  await t.runtime.worker.runDue();
  assert.equal(received.length, 1);
  assert.deepEqual(received[0]!.to, [email]);
  assert.equal(received[0]!.from, 'loa@numbers.example');
  // Long header lines are folded.
  assert.match(received[0]!.data.replace(/\r\n /g, ' '), new RegExp(`Subject: .*${id}`));
  // Quoted-printable may wrap long lines: compare without soft line breaks.
  assert.ok(received[0]!.data.replace(/=\r?\n/g, '').includes(logged!.links[0]!));
  assert.equal((await t.runtime.store.mail.get(logged!.messageId))?.state, 'SENT');
  // Sent once: another run sends nothing more.
  await t.runtime.worker.runDue();
  assert.equal(received.length, 1);
});
