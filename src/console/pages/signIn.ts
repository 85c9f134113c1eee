import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACTOR_MAX_LENGTH } from '../../domain/console/consoleSessions.js';
import { ApiError } from '../../errors.js';
import type { Operation } from '../../http/deps.js';
import { html } from '../html.js';
import { notice, publicPage, sendHtml } from '../layout.js';
import {
  afterSignIn,
  CSRF_FIELD,
  clearSessionCookie,
  clearSignInToken,
  FormBody,
  issueSignInToken,
  redirect,
  SESSION_COOKIE,
  setSessionCookie,
  signInTokenMatches,
} from '../session.js';

const SIGNED_OUT = 'You are signed out.';

function signInForm(
  request: FastifyRequest,
  reply: FastifyReply,
  {
    error = '',
    actor = '',
    info = '',
    next = '',
  }: { error?: string; actor?: string; info?: string; next?: string } = {},
) {
  const token = issueSignInToken(request, reply);
  return publicPage(
    'Sign in',
    html`${notice(info)}${notice(error, 'error')}
<p>Sign in with this server's admin token (<code>OPEN_NUMBERS_ADMIN_TOKEN</code>, printed at its first start).
Your name is recorded with every decision you make here.</p>
<form method="post" action="/console/sign-in" class="stack">
<input type="hidden" name="${CSRF_FIELD}" value="${token}">
${next && html`<input type="hidden" name="next" value="${afterSignIn(next)}">`}
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<label for="actor">Your name</label>
<input id="actor" name="actor" type="text" autocomplete="name" maxlength="${ACTOR_MAX_LENGTH}" required value="${actor}">
<button type="submit">Sign in</button>
</form>`,
  );
}

/** GET /console/sign-in — the form (or the desk, when already signed in). */
const showSignIn: Operation = (app, { consoleSessions }) => {
  app.get(
    '/sign-in',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          signedOut: Type.Optional(Type.String({ maxLength: 8 })),
          next: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
      config: { consolePublic: true },
    },
    async (request, reply) => {
      if (await consoleSessions.session(request.cookies[SESSION_COOKIE]))
        return redirect(request, reply, '/console/');
      const info = request.query.signedOut ? SIGNED_OUT : '';
      return sendHtml(reply, 200, signInForm(request, reply, { info, next: request.query.next }));
    },
  );
};

const SignInForm = FormBody({
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  token: Type.Optional(Type.String({ maxLength: 1024 })),
  actor: Type.Optional(Type.String({ maxLength: 1024 })),
});

/**
 * POST /console/sign-in — the admin token and a name become a session (a cookie); a wrong token is
 * a 401 and counts against the client's failed-attempt allowance (429 once spent).
 */
const signIn: Operation = (app, { consoleSessions }) => {
  app.post(
    '/sign-in',
    { schema: { hide: true, body: SignInForm }, config: { consolePublic: true } },
    async (request, reply) => {
      const actor = request.body.actor ?? '';
      const next = request.body.next;
      if (!signInTokenMatches(request, request.body[CSRF_FIELD])) {
        return sendHtml(
          reply,
          403,
          signInForm(request, reply, {
            actor,
            next,
            error: 'The sign-in form was out of date or came from another site. Try again.',
          }),
        );
      }
      try {
        const { sessionId } = await consoleSessions.signIn({
          token: request.body.token ?? '',
          actor,
          client: request.ip,
        });
        clearSignInToken(request, reply);
        setSessionCookie(request, reply, sessionId);
        return redirect(request, reply, afterSignIn(next));
      } catch (error) {
        if (!(error instanceof ApiError) || error.httpStatus >= 500) throw error;
        const retryAfter = error.headers['retry-after'];
        if (retryAfter) reply.header('retry-after', retryAfter);
        return sendHtml(
          reply,
          error.httpStatus,
          signInForm(request, reply, { actor, next, error: error.message }),
        );
      }
    },
  );
};

/** POST /console/sign-out — ends the session (its row is deleted) and clears the cookie. */
const signOut: Operation = (app, { consoleSessions }) => {
  app.post('/sign-out', { schema: { hide: true, body: FormBody({}) } }, async (request, reply) => {
    await consoleSessions.signOut(request.consoleSession!);
    clearSessionCookie(request, reply);
    return redirect(request, reply, '/console/sign-in?signedOut=1');
  });
};

export const signInRoutes: Operation[] = [showSignIn, signIn, signOut];
