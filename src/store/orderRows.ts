import type { StoredAttachment } from '../domain/orders/numberOrder.js';
import type { StoredPolicy } from './types.js';

/** Row mapping for orders, attachments and policies, shared by both adapters. */

export interface AttachmentDbRow {
  attachment_id: string;
  file_name: string;
  mime_type: string;
  document_type: string;
  size: number;
  created_at: number;
  updated_at: number;
}

export function attachmentFromRow(row: AttachmentDbRow): StoredAttachment {
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

export interface PolicyDbRow {
  region_code: string;
  number_type: string;
  version: number;
  document: string | Record<string, unknown>;
  created_at: number;
}

export function policyFromRow(row: PolicyDbRow): StoredPolicy {
  return {
    regionCode: row.region_code,
    numberType: row.number_type,
    version: Number(row.version),
    document: typeof row.document === 'string' ? JSON.parse(row.document) : row.document,
    createdAt: Number(row.created_at),
  };
}
