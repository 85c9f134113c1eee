import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { App, HttpDeps } from './http/deps.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './http/errorHandler.js';
import { adminAuth } from './http/plugins/adminAuth.js';
import { jsonBody } from './http/plugins/jsonBody.js';
import { openapi } from './http/plugins/openapi.js';
import { projectAuth } from './http/plugins/projectAuth.js';
import { queryValues } from './http/plugins/queryValues.js';
import { mountSurface, noAuth, type Surface } from './http/plugins/surface.js';
import { activeNumbersOperations } from './http/routes/activeNumbers/index.js';
import { adminOperations } from './http/routes/admin/index.js';
import { availableNumbersOperations } from './http/routes/availableNumbers/index.js';
import { availableRegionsOperations } from './http/routes/availableRegions/index.js';
import { callbackConfigurationOperations } from './http/routes/callbackConfiguration/index.js';
import { emergencyAddressOperations } from './http/routes/emergencyAddress/index.js';
import { numberOrderOperations } from './http/routes/numberOrders/index.js';
import { issueToken } from './http/routes/oauth/token.js';
import { sandboxOperations } from './http/routes/sandbox/index.js';
import { serviceOperations } from './http/routes/service/index.js';
import { validatorCompiler } from './http/validation.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * A request (headers and body) must arrive within this time, or it is answered 408 and its
 * connection closed: a client trickling bytes holds a socket for a bounded time only. Generous
 * enough for a 10 MiB attachment over a slow link.
 */
export const REQUEST_TIMEOUT_MS = 120_000;

/** The parts of the API, each with its prefix, its auth and its operations. */
function surfaces(deps: HttpDeps): Surface[] {
  return [
    { prefix: '', auth: noAuth, operations: serviceOperations },
    // The token operation authenticates its client itself, before reading the form.
    { prefix: '', auth: noAuth, operations: [issueToken] },
    {
      prefix: '/v1/projects/:projectId',
      auth: projectAuth,
      operations: [
        ...availableRegionsOperations,
        ...availableNumbersOperations,
        ...activeNumbersOperations,
        ...emergencyAddressOperations,
        ...callbackConfigurationOperations,
        ...numberOrderOperations,
      ],
    },
    { prefix: '/admin/v1', auth: adminAuth, operations: adminOperations },
    ...(deps.config.mode === 'sandbox'
      ? [{ prefix: '/_sandbox', auth: adminAuth, operations: sandboxOperations }]
      : []),
  ];
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

  jsonBody(app);
  queryValues(app);
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  openapi(app);
  for (const surface of surfaces(deps)) mountSurface(app, surface, deps);
  return app;
}
