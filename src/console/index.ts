import cookie from '@fastify/cookie';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../errors.js';
import type { App, HttpDeps, Operation } from '../http/deps.js';
import { toApiError } from '../http/errorHandler.js';
import { assertStorableText } from '../http/textSafety.js';
import { serveAsset } from './assets.js';
import { html } from './html.js';
import { page, publicPage, sendHtml, viewOf } from './layout.js';
import { auditRoutes } from './pages/audit.js';
import { hostingOrderRoutes } from './pages/hostingOrder.js';
import { inventoryRoutes } from './pages/inventory.js';
import { numberOrderRoutes } from './pages/numberOrder.js';
import { priceRoutes } from './pages/prices.js';
import { projectRoutes } from './pages/projects.js';
import { reviewDeskRoutes } from './pages/reviewDesk.js';
import { sandboxRoutes } from './pages/sandbox.js';
import { signInRoutes } from './pages/signIn.js';
import { installGuards, isHtmx } from './session.js';

/** A console form is a few fields and a reason; nothing bigger is a person typing. */
const FORM_BODY_LIMIT = 64 * 1024;

/**
 * Every console answer: no caching (pages hold registration data), a strict Content Security
 * Policy (scripts, styles, images and frames from this server only; no inline script or style;
 * htmx is configured from a meta element), not framable, no MIME sniffing, no referrer to
 * other sites. A route may set its own CSP (the attachment preview) and keep it.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-src 'self'; " +
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const TITLES: Record<number, string> = {
  400: 'That did not work',
  401: 'Not signed in',
  403: 'Refused',
  404: 'Not found',
  413: 'Too large',
  415: 'Not a form this console sends',
  429: 'Too many attempts',
};

/** The console's pages and forms, in the order they are registered. */
function routes(deps: HttpDeps): Operation[] {
  return [
    serveAsset,
    ...signInRoutes,
    ...reviewDeskRoutes,
    ...numberOrderRoutes,
    ...hostingOrderRoutes,
    ...projectRoutes,
    ...inventoryRoutes(deps),
    ...priceRoutes,
    ...auditRoutes,
    ...(deps.config.mode === 'sandbox' ? sandboxRoutes : []),
  ];
}

/**
 * The web console (issue 12) at /console/: server-rendered pages, in a scope of their own, so
 * its form parser, cookies, session and CSRF guards and HTML errors apply to it alone (the
 * API's JSON-only bodies, 415s and error envelope stay as they are).
 */
export function mountConsole(app: App, deps: HttpDeps): void {
  app.register(
    async (scope) => {
      await scope.register(cookie);
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
        (_request, body, done) => {
          const form: Record<string, string> = {};
          for (const [key, value] of new URLSearchParams(String(body))) form[key] = value;
          try {
            assertStorableText(form);
            done(null, form);
          } catch (unstorable) {
            done(unstorable as Error, undefined);
          }
        },
      );

      const errorPage = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => {
        const title = TITLES[status] ?? 'Something went wrong';
        const body = html`<p class="notice error" role="alert">${message}</p>
<p><a href="/console/">Back to the review desk</a></p>`;
        if (isHtmx(request)) {
          // An htmx request (an inline form) shows the refusal in place of the page's content.
          reply.header('hx-retarget', '#main').header('hx-reswap', 'innerHTML');
          return sendHtml(reply, status, html`<h1>${title}</h1>${body}`);
        }
        if (!request.consoleSession) return sendHtml(reply, status, publicPage(title, body));
        return sendHtml(
          reply,
          status,
          page(viewOf(request, deps.config.mode, deps.clock.now()), title, body),
        );
      };

      installGuards(scope, deps);
      scope.addHook('onSend', async (_request, reply, payload) => {
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
          if (!reply.hasHeader(name)) reply.header(name, value);
        }
        return payload;
      });
      scope.setErrorHandler((error: FastifyError, request, reply) => {
        let apiError = toApiError(error, request);
        if (!apiError) {
          request.log.error({ err: error }, 'unhandled error');
          apiError = errors.internal();
        }
        const retryAfter = apiError.headers['retry-after'];
        if (retryAfter) reply.header('retry-after', retryAfter);
        return errorPage(request, reply, apiError.httpStatus, apiError.message);
      });
      for (const route of routes(deps)) route(scope, deps);
    },
    { prefix: '/console' },
  );
}
