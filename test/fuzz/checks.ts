import type { Exchange } from './rawHttp.js';

export const SLOW_MS = 1000;
/** Where the Imported Numbers API's flat envelope applies (src/app.ts). */
const IMPORTED_PREFIX = '/imported/v1/projects/';
/** What Node's parser answers itself (src/http/errorHandler.ts, clientErrorHandler). */
const PARSER_STATUSES = [400, 408, 431];

export type FailureKind = 'no-answer' | '5xx' | 'non-envelope' | 'slow';

export interface Verdict {
  failures: { kind: FailureKind; why: string }[];
}

/**
 * The error envelope of the API a path belongs to (src/errors.ts): the Numbers API's
 * `{"error":{"code":<the status>,"message":"…","status":"…","details":[…]}}`, or under
 * `/imported/v1/projects/` the Imported Numbers API's flat `{"code":"<the status>","message","status","details"}`,
 * and nothing else. A request Node's HTTP parser refuses (answered with `Connection: close`
 * before its path is known) may get the Numbers envelope whatever its target.
 */
export function envelopeProblem(
  status: number,
  contentType: string,
  body: Buffer,
  path = '',
  parserAnswer = false,
): string | undefined {
  if (!/^application\/json\b/i.test(contentType)) return `content-type is "${contentType}", not JSON`;
  let parsed: any;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'body is not JSON';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'body is not an object';
  const keys = Object.keys(parsed);
  if (path.startsWith(IMPORTED_PREFIX)) {
    const flat = flatProblem(status, parsed, keys);
    if (!flat || !parserAnswer) return flat;
  }
  if (keys.length !== 1 || keys[0] !== 'error') return `top-level keys are [${keys.join(', ')}]`;
  const error = parsed.error;
  if (!error || typeof error !== 'object') return '"error" is not an object';
  if (error.code !== status) return `error.code ${JSON.stringify(error.code)} is not the status ${status}`;
  if (typeof error.message !== 'string') return 'error.message is not a string';
  if (typeof error.status !== 'string' || !error.status) return 'error.status is not a string';
  if (!Array.isArray(error.details)) return 'error.details is not an array';
  return undefined;
}

function flatProblem(status: number, parsed: any, keys: string[]): string | undefined {
  if (keys.join() !== 'code,message,status,details') return `top-level keys are [${keys.join(', ')}]`;
  if (parsed.code !== String(status)) return `code ${JSON.stringify(parsed.code)} is not "${status}"`;
  if (typeof parsed.message !== 'string') return 'message is not a string';
  if (typeof parsed.status !== 'string' || !parsed.status) return 'status is not a string';
  if (!Array.isArray(parsed.details)) return 'details is not an array';
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
  options: { oauth: boolean; head: boolean; answerOptional: boolean; target?: string },
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
  // The LOA signing page answers its refusals (unknown or used link, missing field) as HTML pages,
  // and so does the web console (not signed in, a wrong CSRF token, a bad form).
  const htmlPage =
    /^\/(loa|console)\//.test(options.target ?? '') &&
    /^text\/html\b/i.test(response.headers['content-type'] ?? '');
  if (response.status >= 400 && !options.head && !htmlPage) {
    const contentType = response.headers['content-type'] ?? '';
    const parserAnswer =
      PARSER_STATUSES.includes(response.status) && /close/i.test(response.headers.connection ?? '');
    const problem = envelopeProblem(
      response.status,
      contentType,
      response.body,
      options.target,
      parserAnswer,
    );
    if (problem && (!options.oauth || oauthProblem(contentType, response.body)))
      failures.push({ kind: 'non-envelope', why: problem });
  }
  return { failures };
}
