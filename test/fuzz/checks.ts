import type { Exchange } from './rawHttp.js';

export const SLOW_MS = 1000;

export type FailureKind = 'no-answer' | '5xx' | 'non-envelope' | 'slow';

export interface Verdict {
  failures: { kind: FailureKind; why: string }[];
}

/**
 * The Numbers API error envelope (contract §6, src/errors.ts):
 * `{"error":{"code":<the status>,"message":"…","status":"…","details":[…]}}` and nothing else.
 */
export function envelopeProblem(status: number, contentType: string, body: Buffer): string | undefined {
  if (!/^application\/json\b/i.test(contentType)) return `content-type is "${contentType}", not JSON`;
  let parsed: any;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'body is not JSON';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'body is not an object';
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== 'error') return `top-level keys are [${keys.join(', ')}]`;
  const error = parsed.error;
  if (!error || typeof error !== 'object') return '"error" is not an object';
  if (error.code !== status) return `error.code ${JSON.stringify(error.code)} is not the status ${status}`;
  if (typeof error.message !== 'string') return 'error.message is not a string';
  if (typeof error.status !== 'string' || !error.status) return 'error.status is not a string';
  if (!Array.isArray(error.details)) return 'error.details is not an array';
  return undefined;
}

/** auth.sinch.com's own shape, which /oauth2/token answers in (the SDKs read it). */
function oauthProblem(contentType: string, body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8'));
    if (/^application\/json\b/i.test(contentType) && typeof parsed?.error === 'string') return undefined;
  } catch {}
  return 'not an OAuth2 error body';
}

export function check(
  exchange: Exchange,
  options: { oauth: boolean; head: boolean; answerOptional: boolean },
): Verdict {
  const failures: Verdict['failures'] = [];
  if (exchange.ms > SLOW_MS)
    failures.push({ kind: 'slow', why: `answered after ${Math.round(exchange.ms)} ms` });
  const response = exchange.response;
  if (!response) {
    // Protocol abuse the server may answer by closing; anything else must get an answer.
    if (!options.answerOptional || /no answer within/.test(exchange.error ?? ''))
      failures.push({ kind: 'no-answer', why: exchange.error ?? 'no answer' });
    return { failures };
  }
  if (response.status === 0) failures.push({ kind: 'non-envelope', why: 'no HTTP status line' });
  else if (response.status >= 500) failures.push({ kind: '5xx', why: `status ${response.status}` });
  if (response.status >= 400 && !options.head) {
    const contentType = response.headers['content-type'] ?? '';
    const problem = envelopeProblem(response.status, contentType, response.body);
    if (problem && (!options.oauth || oauthProblem(contentType, response.body)))
      failures.push({ kind: 'non-envelope', why: problem });
  }
  return { failures };
}
