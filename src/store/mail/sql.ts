import { mailJob } from '../../jobs/mailDelivery.js';
import type { MailMessage } from '../../mail/mailer.js';
import { type Db, Params, whereClause } from '../db/port.js';
import { insertJobs } from '../jobs/sql.js';
import type { MailPort } from './port.js';

interface MailRow {
  message_id: string;
  recipient: string;
  subject: string;
  body: string;
  links: string | string[];
  state: string;
  created_at: number;
}

const COLUMNS = 'message_id, recipient, subject, body, links, state, created_at';

function fromRow(row: MailRow): MailMessage {
  return {
    messageId: row.message_id,
    to: row.recipient,
    subject: row.subject,
    text: row.body,
    links: typeof row.links === 'string' ? JSON.parse(row.links) : row.links,
    state: row.state as MailMessage['state'],
    createdAt: Number(row.created_at),
  };
}

/**
 * Writes messages in the caller's transaction (the outbox rule): each is in the mail log at
 * once; a PENDING one (operator mode with SMTP) also gets its delivery job.
 */
export async function insertMail(tx: Db, messages: readonly MailMessage[]): Promise<void> {
  for (const m of messages) {
    await tx.run(
      `INSERT INTO mail_messages (${COLUMNS}) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7::bigint)`,
      [m.messageId, m.to, m.subject, m.text, JSON.stringify(m.links), m.state, m.createdAt],
    );
  }
  await insertJobs(
    tx,
    messages.filter((m) => m.state === 'PENDING').map((m) => mailJob(m.messageId, m.createdAt)),
  );
}

export function mailStore(db: Db): MailPort {
  return {
    async list(filter) {
      const params = new Params();
      const conditions: string[] = [];
      if (filter.to !== undefined) conditions.push(`recipient = ${params.add(filter.to)}`);
      const rows = await db.all<MailRow>(
        `SELECT ${COLUMNS} FROM mail_messages ${whereClause(conditions)}
         ORDER BY created_at DESC, message_id DESC LIMIT ${params.add(filter.limit)}`,
        params.values,
      );
      return rows.map(fromRow);
    },
    async get(messageId) {
      const row = await db.get<MailRow>(`SELECT ${COLUMNS} FROM mail_messages WHERE message_id = $1`, [
        messageId,
      ]);
      return row && fromRow(row);
    },
    async setState(messageId, state, kept) {
      if (!kept) {
        await db.run('UPDATE mail_messages SET state = $2 WHERE message_id = $1', [messageId, state]);
        return;
      }
      await db.run(
        'UPDATE mail_messages SET state = $2, body = $3, links = $4::text::jsonb WHERE message_id = $1',
        [messageId, state, kept.text, JSON.stringify(kept.links)],
      );
    },
  };
}
