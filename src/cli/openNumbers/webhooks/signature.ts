import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a receiver concludes about `X-Sinch-Signature` (contract §8.3): `valid` when it is the
 * lowercase hex HMAC-SHA1 of the raw body under one of the secrets; `invalid` when it is not (or
 * absent: the contract counts a missing header as invalid); `unchecked` when there is no secret.
 */
export type SignatureCheck = 'valid' | 'invalid' | 'missing' | 'unchecked';

export function sign(body: Buffer, secret: string): string {
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(body).digest('hex');
}

export function checkSignature(
  body: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): SignatureCheck {
  if (secrets.length === 0) return 'unchecked';
  if (!header) return 'missing';
  const received = Buffer.from(header.trim().toLowerCase(), 'utf8');
  for (const secret of secrets) {
    const expected = Buffer.from(sign(body, secret), 'utf8');
    if (expected.length === received.length && timingSafeEqual(expected, received)) return 'valid';
  }
  return 'invalid';
}
