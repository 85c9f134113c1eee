import type { Received } from './listener.js';
import type { SignatureCheck } from './signature.js';

const SIGNATURE_WORDS: Record<SignatureCheck, string> = {
  valid: 'signature ok',
  invalid: 'signature BAD',
  missing: 'signature missing',
  unchecked: 'signature not checked',
};

function text(value: unknown): string {
  return typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? ''
      : JSON.stringify(value);
}

/**
 * One line for a person: the event's time, type, outcome (with its failure code), resource, what
 * the signature check found and what was answered, and where the forward went.
 */
export function describeReceived(r: Received): string {
  const answered = r.answered === 200 ? '' : ` → ${r.answered}`;
  const forward = r.forward ? `  forwarded → ${r.forward.status ?? `failed (${r.forward.error})`}` : '';
  if (r.method !== 'POST')
    return `${r.receivedAt}  ${r.method} ${r.path} → ${r.answered} (only POST is taken)`;
  if (r.answered === 413) return `${r.receivedAt}  POST ${r.path} → 413 (body over 1 MiB)`;
  const check = `${SIGNATURE_WORDS[r.signature]}${answered}${forward}`;
  if (!r.event)
    return `${r.receivedAt}  POST ${r.path}: not a JSON event (${Buffer.byteLength(r.body)} bytes), ${check}`;
  const e = r.event;
  const outcome = e.failureCode ? `${text(e.status)} ${text(e.failureCode)}` : text(e.status);
  const time = text(e.timestamp) || r.receivedAt;
  return `${time}  ${text(e.eventType)} ${outcome}  ${text(e.resourceType)} ${text(e.resourceId)}  ${check}`;
}

/** One JSON line for scripts: everything received, with `signatureValid` (null: no secret to check with). */
export function jsonReceived(r: Received): string {
  return JSON.stringify({
    receivedAt: r.receivedAt,
    method: r.method,
    path: r.path,
    signatureValid: r.signature === 'unchecked' ? null : r.signature === 'valid',
    signature: r.signature,
    answered: r.answered,
    event: r.event,
    body: r.body,
    headers: r.headers,
    ...(r.forward ? { forward: r.forward } : {}),
  });
}
