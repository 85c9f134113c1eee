import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { errors } from './errors.js';
import type { App, HttpDeps, Operation } from './http/deps.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './http/errorHandler.js';
import { activeNumbersOperations } from './http/routes/activeNumbers/index.js';
import { adminOperations } from './http/routes/admin/index.js';
import { availableNumbersOperations } from './http/routes/availableNumbers/index.js';
import { availableRegionsOperations } from './http/routes/availableRegions/index.js';
import { callbackConfigurationOperations } from './http/routes/callbackConfiguration/index.js';
import { emergencyAddressOperations } from './http/routes/emergencyAddress/index.js';
import { numberOrderOperations } from './http/routes/numberOrders/index.js';
import { issueToken } from './http/routes/oauth/token.js';
import { sandboxOperations } from './http/routes/sandbox/index.js';
import { assertStorableText } from './http/textSafety.js';
import { validatorCompiler } from './http/validation.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * A request (headers and body) must arrive within this time, or it is answered 408 and its
 * connection closed: a client trickling bytes holds a socket for a bounded time only. Generous
 * enough for a 10 MiB attachment over a slow link.
 */
export const REQUEST_TIMEOUT_MS = 120_000;

function register(app: App, operations: Operation[], deps: HttpDeps) {
  for (const operation of operations) operation(app, deps);
}

function requireAdminToken(app: App, deps: HttpDeps) {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization ?? '';
    const token = /^bearer /i.test(header) ? header.slice(7).trim() : '';
    if (!token || !deps.adminToken.verify(token))
      throw errors.unauthenticated('This surface needs the admin token (Bearer)');
  });
}

/** Builds the whole HTTP surface without listening; tests inject into it. */
export function buildApp(deps: HttpDeps, options: FastifyServerOptions = {}): App {
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    frameworkErrors,
    clientErrorHandler,
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The Node SDK sends `Content-Type: application/json` with no body on :release and friends.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    parseJson(request, String(body), (error, parsed) => {
      if (error) return done(error, undefined);
      try {
        assertStorableText(parsed);
        done(null, parsed);
      } catch (unstorable) {
        done(unstorable as Error, undefined);
      }
    });
  });
  app.addHook('preValidation', async (request) => {
    // A missing, empty or `null` body of an operation that takes one counts as `{}` (the SDKs
    // send no body on body-less POSTs), so handlers always get an object.
    if (request.body == null && request.routeOptions.schema?.body) request.body = {};
    assertStorableText(request.query);
    assertStorableText(request.params);
  });
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    issueToken(scope, deps);
  });

  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request) => {
        const claims = await deps.auth.authenticate(request.headers.authorization, request.ip);
        const { projectId } = request.params as { projectId: string };
        if (claims.projectId !== projectId) throw errors.permissionDenied();
      });
      register(
        scope,
        [
          ...availableRegionsOperations,
          ...availableNumbersOperations,
          ...activeNumbersOperations,
          ...emergencyAddressOperations,
          ...callbackConfigurationOperations,
          ...numberOrderOperations,
        ],
        deps,
      );
    },
    { prefix: '/v1/projects/:projectId' },
  );

  app.register(
    async (scope) => {
      requireAdminToken(scope, deps);
      register(scope, adminOperations, deps);
    },
    { prefix: '/admin/v1' },
  );

  if (deps.config.mode === 'sandbox') {
    app.register(
      async (scope) => {
        requireAdminToken(scope, deps);
        register(scope, sandboxOperations, deps);
      },
      { prefix: '/_sandbox' },
    );
  }
  return app;
}
