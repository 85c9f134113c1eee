import type { MailMessage } from '../../mail/mailer.js';

export interface MailPort {
  /** Newest first; only messages to `to` when given. */
  list(filter: { to?: string; limit: number }): Promise<MailMessage[]>;
  get(messageId: string): Promise<MailMessage | undefined>;
  /** Records the outcome of an SMTP delivery. */
  setState(messageId: string, state: MailMessage['state']): Promise<void>;
}
