import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type TProperties, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ConsoleSessions, SESSION_TTL_MS } from '../domain/console/consoleSessions.js';
import { errors } from '../errors.js';
import type { App, HttpDeps } from '../http/deps.js';
import type { ConsoleSession } from '../store/types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in console session (set by the console's session hook on every non-public route). */
    consoleSession?: ConsoleSession;
  }
  interface FastifyContextConfig {
    /** A console route anyone may reach: the sign-in page and the static assets. */
    consolePublic?: boolean;
    /** A multipart form: its handler checks the CSRF token (its first part) before reading a file. */
    multipartForm?: boolean;
  }
}

/** The session cookie: the random session id (the store keeps only its SHA-256). */
export const SESSION_COOKIE = 'on_console_session';
/**
 * The sign-in form's CSRF cookie (double submit): a random value set with the form and sent back
 * in it, so a third-party page cannot sign a browser into a session of its choosing.
 */
export const SIGN_IN_COOKIE = 'on_console_sign_in';
/** The form field every state-changing console form carries. */
export const CSRF_FIELD = '_csrf';

/** The body schema of a console form: its fields and the CSRF token (checked before validation). */
export const FormBody = <T extends TProperties>(fields: T) =>
  Type.Object({ ...fields, [CSRF_FIELD]: Type.Optional(Type.String({ maxLength: 64 })) });

export const SIGN_IN_PATH = '/console/sign-in';

/**
 * Where to go after signing in: a console page the person asked for before (`?next=`), never
 * anything outside /console/ (no other site, no scheme-relative `//host`); else the desk.
 */
export function afterSignIn(next: string | undefined): string {
  if (!next || next.length > 2000 || !next.startsWith('/console/') || /[\\\s]|^\/console\/\//.test(next)) {
    return '/console/';
  }
  return next;
}

/**
 * The sign-in page, remembering the page asked for (not the desk, which needs no reminder, nor
 * an htmx fragment, which is no page to land on).
 */
function signInFor(request: FastifyRequest): string {
  const asked = request.url;
  return asked === '/console' || asked === '/console/' || isHtmx(request) || !asked.startsWith('/console/')
    ? SIGN_IN_PATH
    : `${SIGN_IN_PATH}?${new URLSearchParams({ next: asked })}`;
}

/** Cookie attributes: never readable by scripts, never sent by another site, Secure over TLS. */
function cookieOptions(request: FastifyRequest, path: string, maxAgeSeconds: number) {
  return {
    path,
    httpOnly: true,
    sameSite: 'strict' as const,
    // request.protocol honours X-Forwarded-Proto only from the proxies OPEN_NUMBERS_TRUST_PROXY names.
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string) {
  reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions(request, '/console', SESSION_TTL_MS / 1000));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.setCookie(SESSION_COOKIE, '', cookieOptions(request, '/console', 0));
}

/** A fresh sign-in form token, set as a cookie scoped to the sign-in path; returns the value. */
export function issueSignInToken(request: FastifyRequest, reply: FastifyReply): string {
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(SIGN_IN_COOKIE, token, cookieOptions(request, SIGN_IN_PATH, 3600));
  return token;
}

export function clearSignInToken(request: FastifyRequest, reply: FastifyReply) {
  reply.setCookie(SIGN_IN_COOKIE, '', cookieOptions(request, SIGN_IN_PATH, 0));
}

/** Whether the sign-in form's token matches its cookie. */
export function signInTokenMatches(request: FastifyRequest, token: unknown): boolean {
  const cookie = request.cookies[SIGN_IN_COOKIE];
  if (!cookie || typeof token !== 'string' || token.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(token), Buffer.from(cookie));
}

/** Whether a request came from htmx (it then gets a fragment, or HX-Redirect instead of a 303). */
export const isHtmx = (request: FastifyRequest) => request.headers['hx-request'] === 'true';

/** Sends the browser to `location`: a 303, or for htmx an HX-Redirect it follows as a full page load. */
export function redirect(request: FastifyRequest, reply: FastifyReply, location: string) {
  if (isHtmx(request)) return reply.header('hx-redirect', location).code(204).send();
  return reply.redirect(location, 303);
}

const NOT_SIGNED_IN = 'You are not signed in (or your session ended). Sign in again.';
const CSRF_REFUSED =
  'This form is out of date or did not come from this console (its CSRF token does not match). Nothing was changed; reload the page and try again.';

/** Refuses (403) a form whose CSRF token is not the signed-in session's. */
export function assertCsrf(consoleSessions: ConsoleSessions, request: FastifyRequest, token: unknown): void {
  if (!request.consoleSession || !consoleSessions.csrfMatches(request.consoleSession, token)) {
    throw errors.permissionDenied(CSRF_REFUSED);
  }
}

/**
 * The console's guards, on its own scope: a session for every route but the public ones
 * (checked in `onRequest`, before any body is read), and the session's CSRF token on every
 * POST (checked in `preValidation`, once the form is parsed and before anything acts on it; a
 * multipart form checks its first part itself). Refusals are 403 pages (the error handler).
 */
export function installGuards(scope: App, { consoleSessions }: HttpDeps) {
  scope.decorateRequest('consoleSession', undefined);
  scope.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.consolePublic) return;
    const session = await consoleSessions.session(request.cookies[SESSION_COOKIE]);
    if (session) {
      request.consoleSession = session;
      return;
    }
    if (request.method === 'GET' || request.method === 'HEAD')
      return redirect(request, reply, signInFor(request));
    throw errors.permissionDenied(NOT_SIGNED_IN);
  });
  scope.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    if (request.method !== 'POST' || config?.consolePublic || config?.multipartForm) return;
    assertCsrf(consoleSessions, request, (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD]);
  });
}

/**
 * A page URL carrying a message for the next page ("Order … approved"), signed with the session's
 * CSRF token: the page shows only messages this session's own actions produced, never text
 * someone put in a link.
 */
export function withNotice(session: ConsoleSession, location: string, text: string): string {
  const signature = createHmac('sha256', session.csrfToken).update(text).digest('base64url');
  const query = new URLSearchParams({ notice: text, sig: signature });
  return `${location}${location.includes('?') ? '&' : '?'}${query}`;
}

/** The message of a URL made by `withNotice`, if its signature is this session's. */
export function noticeOf(
  session: ConsoleSession,
  query: { notice?: string; sig?: string },
): string | undefined {
  if (!query.notice || !query.sig) return undefined;
  const expected = createHmac('sha256', session.csrfToken).update(query.notice).digest('base64url');
  if (query.sig.length !== expected.length) return undefined;
  return timingSafeEqual(Buffer.from(query.sig), Buffer.from(expected)) ? query.notice : undefined;
}

/** The query fields `withNotice` adds, for a page's querystring schema. */
export const NoticeQuery = {
  notice: Type.Optional(Type.String({ maxLength: 1000 })),
  sig: Type.Optional(Type.String({ maxLength: 64 })),
};
