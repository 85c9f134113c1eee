import type { Transporter } from 'nodemailer';
import { newId } from '../ids.js';

/**
 * Outgoing mail (the LOA signing links). Every message is written to the mail log in the
 * transaction of the change that sends it. Two transports:
 * - the log only (sandbox, or operator mode without OPEN_NUMBERS_SMTP_URL): state LOGGED; the
 *   sandbox serves the log at GET /_sandbox/emails;
 * - SMTP (OPEN_NUMBERS_SMTP_URL set): state PENDING, sent by a `mail.delivery` job through
 *   nodemailer, retried (MAIL_MAX_ATTEMPTS), then SENT, or FAILED when every attempt was refused.
 *   The log keeps a copy either way; in operator mode the signing token of a sent (or failed)
 *   message is masked in that copy (`keepLinks` false), the sandbox keeps the real link.
 */
export interface MailMessage {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** The links the text contains, for a test or a developer to follow. */
  links: string[];
  state: 'LOGGED' | 'PENDING' | 'SENT' | 'FAILED';
  createdAt: number;
}

export interface MailerOptions {
  /** smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587. */
  smtpUrl: string | undefined;
  /** The From address. */
  from: string;
  /** Keep the real links in the log once a message is sent (sandbox); otherwise mask the signing tokens. */
  keepLinks?: boolean;
}

/** A text with the signing tokens of its `/loa/…` links masked. */
export function maskSigningTokens(text: string): string {
  return text.replace(/\/loa\/[A-Za-z0-9_-]+/g, '/loa/[redacted]');
}

export function createMailer({ smtpUrl, from, keepLinks = false }: MailerOptions) {
  // Made for the first message sent: nodemailer is a large library that a start does not need.
  let transport: Promise<Transporter> | undefined;
  const sends = smtpUrl !== undefined;
  return {
    /** Whether messages leave the server (SMTP) or stay in the log. */
    sends,
    compose(to: string, subject: string, text: string, links: string[], now: number): MailMessage {
      return {
        messageId: newId(now),
        to,
        subject,
        text,
        links,
        state: sends ? 'PENDING' : 'LOGGED',
        createdAt: now,
      };
    },
    /** The text and links the log keeps of a message once it has left (or never will). */
    logged(message: MailMessage): Pick<MailMessage, 'text' | 'links'> {
      if (keepLinks) return { text: message.text, links: message.links };
      return { text: maskSigningTokens(message.text), links: message.links.map(maskSigningTokens) };
    },
    /** Sends one message through SMTP; throws when the server refuses it (the job retries). */
    async deliver(message: MailMessage): Promise<void> {
      if (!smtpUrl) return;
      transport ??= import('nodemailer')
        .then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl))
        .catch((error) => {
          transport = undefined; // the next message tries again
          throw error;
        });
      await (await transport).sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.messageId}@open-numbers>`,
      });
    },
    close() {
      void transport?.then((made) => made.close());
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
