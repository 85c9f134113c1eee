import { readFile, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { CliError, usageError } from '../errors.js';
import type { RequiredAttachment } from './requirements.js';

/** A document read from disk, its type known, ready to upload. */
export interface AttachmentFile {
  path: string;
  fileName: string;
  bytes: Buffer;
  mimeType: string | undefined;
  /** How the type was found: from the bytes, or (for types without a signature) the extension. */
  detectedBy: 'content' | 'extension' | 'nothing';
}

/** Types without a byte signature: known by their extension only. */
const BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
};

/** Reads `path` (relative to `cwd`) and tells its type by its content; a usage error if unreadable. */
export async function readAttachmentFile(path: string, cwd: string): Promise<AttachmentFile> {
  const full = resolve(cwd, path);
  let bytes: Buffer;
  try {
    const info = await stat(full);
    if (!info.isFile()) throw usageError(`${path} is not a file`);
    bytes = await readFile(full);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const detected = await fileTypeFromBuffer(bytes);
  const byExtension = BY_EXTENSION[extname(full).toLowerCase()];
  return {
    path,
    fileName: basename(full),
    bytes,
    mimeType: detected?.mime ?? byExtension,
    detectedBy: detected ? 'content' : byExtension ? 'extension' : 'nothing',
  };
}

/** Why the file cannot be this attachment, or undefined when its type is allowed. */
export function typeProblem(file: AttachmentFile, attachment: RequiredAttachment): string | undefined {
  const allowed = attachment.allowedMimeTypes;
  if (allowed.length === 0 || (file.mimeType && allowed.includes(file.mimeType))) return undefined;
  const found = file.mimeType ? `is ${file.mimeType}` : 'is of a type that cannot be told from its content';
  return `${file.path} ${found}; "${attachment.title}" accepts ${allowed.join(', ')}`;
}

/** The document type to declare: the one given (checked), or the only one allowed. */
export function documentTypeFor(
  attachment: RequiredAttachment,
  given: string | undefined,
): string | undefined {
  const allowed = attachment.allowedDocumentTypes;
  if (given) {
    const upper = given.toUpperCase();
    if (allowed.length && !allowed.includes(upper))
      throw usageError(`document type ${given} is not one of ${allowed.join(', ')} ("${attachment.title}")`);
    return upper;
  }
  if (allowed.length <= 1) return allowed[0];
  throw usageError(
    `say which document "${attachment.title}" is: one of ${allowed.join(', ')} ` +
      `(--attach ${attachment.id}:${allowed[0]}=<file>, or --document-type)`,
  );
}

/** The multipart body of an upload: parts `file` and `documentType`. */
export function uploadForm(file: AttachmentFile, documentType: string | undefined): FormData {
  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(file.bytes)], { type: file.mimeType ?? 'application/octet-stream' }),
    file.fileName,
  );
  if (documentType) form.append('documentType', documentType);
  return form;
}
