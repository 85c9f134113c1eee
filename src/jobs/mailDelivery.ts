import { Type } from '@sinclair/typebox';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const MailPayload = Type.Object({
  messageId: Type.String(),
  /** 1 for the first attempt; absent in jobs written before retries were counted. */
  attempt: Type.Optional(Type.Integer({ minimum: 1 })),
});

/** Attempts of one message in all; then it is FAILED in the mail log (about 2 minutes of retries). */
export const MAIL_MAX_ATTEMPTS = 8;

/** Delay after the n-th refused attempt: 1 s, 2 s, 4 s … */
function retryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 5 * 60_000);
}

/** The job that sends one logged message through SMTP (OPEN_NUMBERS_SMTP_URL). */
export function mailJob(messageId: string, runAt: number, attempt = 1): JobSpec {
  return { kind: JOB_KINDS.mailDelivery, runAt, payload: { messageId, attempt } };
}

/**
 * Sends a PENDING message. A refusal schedules the next attempt as a new job; after
 * MAIL_MAX_ATTEMPTS the message is FAILED. Sent or failed, the log keeps what the mailer lets
 * it keep (the signing token masked in operator mode).
 */
export const mailDelivery: JobModule<typeof MailPayload> = {
  kind: JOB_KINDS.mailDelivery,
  payload: MailPayload,
  async handle({ messageId, attempt = 1 }, { store, mailer, clock }) {
    const message = await store.mail.get(messageId);
    if (message?.state !== 'PENDING') return;
    try {
      await mailer.deliver(message);
    } catch {
      if (attempt >= MAIL_MAX_ATTEMPTS) {
        await store.mail.setState(messageId, 'FAILED', mailer.logged(message));
      } else {
        await store.jobs.enqueue([mailJob(messageId, clock.now() + retryDelayMs(attempt), attempt + 1)]);
      }
      return;
    }
    await store.mail.setState(messageId, 'SENT', mailer.logged(message));
  },
};
