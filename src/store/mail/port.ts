import type { MailMessage } from '../../mail/mailer.js';

export interface MailPort {
  /** Newest first; only messages to `to` when given. */
  list(filter: { to?: string; limit: number }): Promise<MailMessage[]>;
  get(messageId: string): Promise<MailMessage | undefined>;
  /** Records the outcome of an SMTP delivery; `kept` replaces the logged text and links (masked tokens). */
  setState(
    messageId: string,
    state: MailMessage['state'],
    kept?: Pick<MailMessage, 'text' | 'links'>,
  ): Promise<void>;
}
