import { Type } from '@sinclair/typebox';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const MailPayload = Type.Object({ messageId: Type.String() });

/** The job that sends one logged message through SMTP (operator mode with OPEN_NUMBERS_SMTP_URL). */
export function mailJob(messageId: string, runAt: number): JobSpec {
  return { kind: JOB_KINDS.mailDelivery, runAt, payload: { messageId } };
}

/** Sends a PENDING message; a refusal throws, and the worker retries with its backoff. */
export const mailDelivery: JobModule<typeof MailPayload> = {
  kind: JOB_KINDS.mailDelivery,
  payload: MailPayload,
  async handle({ messageId }, { store, mailer }) {
    const message = await store.mail.get(messageId);
    if (message?.state !== 'PENDING') return;
    await mailer.deliver(message);
    await store.mail.setState(messageId, 'SENT');
  },
};
