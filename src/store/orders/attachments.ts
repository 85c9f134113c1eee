import type { StoredAttachment } from '../../domain/orders/numberOrder.js';
import type { Dialect } from '../db/dialect.js';
import type { Db } from '../db/port.js';
import type { OrdersPort } from './port.js';
import { type OrderRow, orderFromRow } from './write.js';

interface AttachmentRow {
  attachment_id: string;
  file_name: string;
  mime_type: string;
  document_type: string;
  size: number;
  created_at: number;
  updated_at: number;
}

const METADATA = 'attachment_id, file_name, mime_type, document_type, size, created_at, updated_at';

function attachmentFromRow(row: AttachmentRow): StoredAttachment {
  return {
    attachmentId: row.attachment_id,
    fileName: row.file_name,
    mimeType: row.mime_type,
    documentType: row.document_type,
    size: Number(row.size),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** An order's uploaded files, kept in the database (size-limited by the API). */
export function attachmentsStore(
  db: Db,
  dialect: Dialect,
): Pick<OrdersPort, 'putAttachment' | 'listAttachments' | 'getAttachment'> {
  return {
    putAttachment(projectId, orderId, attachment, check) {
      return db.transaction(async (tx) => {
        // A share lock on PostgreSQL: uploads to one order proceed together, a state change
        // waits for them (and they for it), so `check` sees the state the upload commits under.
        const row = await tx.get<OrderRow>(
          `SELECT record FROM number_orders WHERE order_id = $1 AND project_id = $2 ${dialect.forShare}`,
          [orderId, projectId],
        );
        if (!row) return undefined;
        check(orderFromRow(row));
        const { content, ...metadata } = attachment;
        const stored = await tx.get<{ created_at: number }>(
          `INSERT INTO order_attachments (order_id, attachment_id, file_name, mime_type, document_type, size,
             content, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::bytea, $8::bigint, $9::bigint)
           ON CONFLICT (order_id, attachment_id) DO UPDATE SET file_name = excluded.file_name,
             mime_type = excluded.mime_type, document_type = excluded.document_type, size = excluded.size,
             content = excluded.content, updated_at = excluded.updated_at
           RETURNING created_at`,
          [
            orderId,
            attachment.attachmentId,
            attachment.fileName,
            attachment.mimeType,
            attachment.documentType,
            attachment.size,
            content,
            attachment.createdAt,
            attachment.updatedAt,
          ],
        );
        // A replaced attachment keeps its original creation time.
        return { ...metadata, createdAt: Number(stored!.created_at) };
      });
    },
    async listAttachments(orderId) {
      const rows = await db.all<AttachmentRow>(
        `SELECT ${METADATA} FROM order_attachments WHERE order_id = $1 ORDER BY attachment_id`,
        [orderId],
      );
      return rows.map(attachmentFromRow);
    },
    async getAttachment(orderId, attachmentId) {
      const row = await db.get<AttachmentRow & { content: Buffer }>(
        `SELECT ${METADATA}, content FROM order_attachments WHERE order_id = $1 AND attachment_id = $2`,
        [orderId, attachmentId],
      );
      return row && { attachment: attachmentFromRow(row), content: row.content };
    },
  };
}
