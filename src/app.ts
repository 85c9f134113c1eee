import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { mountConsole } from './console/index.js';
import type { App, HttpDeps } from './http/deps.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './http/errorHandler.js';
import { lazyChildLogger } from './http/lazyLogger.js';
import { adminAuth } from './http/plugins/adminAuth.js';
import { jsonBody } from './http/plugins/jsonBody.js';
import { openapi } from './http/plugins/openapi.js';
import { projectAuth } from './http/plugins/projectAuth.js';
import { queryValues } from './http/plugins/queryValues.js';
import { errorShapeFor, mountSurface, noAuth, type Surface } from './http/plugins/surface.js';
import { activeNumbersOperations } from './http/routes/activeNumbers/index.js';
import { adminOperations } from './http/routes/admin/index.js';
import { availableNumbersOperations } from './http/routes/availableNumbers/index.js';
import { availableRegionsOperations } from './http/routes/availableRegions/index.js';
import { callbackConfigurationOperations } from './http/routes/callbackConfiguration/index.js';
import { emergencyAddressOperations } from './http/routes/emergencyAddress/index.js';
import { hostingOperations, loaOperations } from './http/routes/hostingOrders/index.js';
import { importedOperations } from './http/routes/importedNumbers/index.js';
import { downloadTemplate } from './http/routes/numberOrders/downloadTemplate.js';
import { numberOrderOperations } from './http/routes/numberOrders/index.js';
import { issueToken } from './http/routes/oauth/token.js';
import { sandboxOperations } from './http/routes/sandbox/index.js';
import { checkHealth } from './http/routes/service/checkHealth.js';
import { serviceOperations } from './http/routes/service/index.js';
import { buildSerializer } from './http/serialization.js';
import { validatorCompiler } from './http/validation.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * A request (headers and body) must arrive within this time, or it is answered 408 and its
 * connection closed: a client trickling bytes holds a socket for a bounded time only. Generous
 * enough for a 10 MiB attachment over a slow link.
 */
export const REQUEST_TIMEOUT_MS = 120_000;

/**
 * What an app serves: `main` is everything (the Imported Numbers API under `/imported`);
 * `imported` is the Imported Numbers API alone at the root, for its own port
 * (OPEN_NUMBERS_IMPORTED_PORT), with /healthz and the document.
 */
export type AppKind = 'main' | 'imported';

/** The Imported Numbers API: the project's credentials, its own flat error envelope. */
const importedSurface = (prefix: string): Surface => ({
  prefix,
  auth: projectAuth,
  errorShape: 'imported',
  operations: [...importedOperations, ...hostingOperations],
});

/** The parts of the API, each with its prefix, its auth and its operations. */
function surfaces(deps: HttpDeps, kind: AppKind): Surface[] {
  if (kind === 'imported') {
    return [
      { prefix: '', auth: noAuth, operations: [checkHealth] },
      importedSurface('/v1/projects/:projectId'),
    ];
  }
  return [
    { prefix: '', auth: noAuth, operations: serviceOperations },
    // The token operation authenticates its client itself, before reading the form.
    { prefix: '', auth: noAuth, operations: [issueToken] },
    // Blank forms the requirements lookup links to: public, like a download link on a web page.
    { prefix: '', auth: noAuth, operations: [downloadTemplate] },
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
    importedSurface('/imported/v1/projects/:projectId'),
    { prefix: '/admin/v1', auth: adminAuth, operations: adminOperations },
    // The LOA signing page of e-mailed links: the token in the path is the only credential.
    { prefix: '/loa', auth: noAuth, operations: loaOperations },
    ...(deps.config.mode === 'sandbox'
      ? [{ prefix: '/_sandbox', auth: adminAuth, operations: sandboxOperations }]
      : []),
  ];
}

/** A request path as the log writes it: the signing token of `/loa/…` links is a credential. */
export function redactedUrl(url: string): string {
  return url.replace(/^\/loa\/[^/?#]*/, '/loa/[redacted]');
}

/** The request serializer of the request log (Fastify's fields, the URL redacted). */
export function logRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactedUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  };
}

/**
 * The request log writes one line per request, when it completes (Fastify writes two: `incoming
 * request` and `request completed`): the request (logRequest), status and response time.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/**
 * Builds the HTTP surface without listening; tests inject into it. Errors take the envelope of
 * the surface the path belongs to (the whole `imported` app answers in the flat one).
 */
export function buildApp(deps: HttpDeps, options: FastifyServerOptions = {}, kind: AppKind = 'main'): App {
  const mounted = surfaces(deps, kind);
  const fallback = kind === 'imported' ? 'imported' : 'numbers';
  const shapeFor = errorShapeFor(mounted, fallback);
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // The client address the failed-authentication limit counts by.
    trustProxy: deps.config.trustProxy,
    frameworkErrors: frameworkErrors(shapeFor),
    clientErrorHandler: clientErrorHandler(fallback),
    logController: new OneLinePerRequest(),
    // Each request's logger (its id bound) is made when the request first logs.
    childLoggerFactory: lazyChildLogger,
    // Response serializers compiled once per schema, however many routes declare it (the
    // validators too: http/validation.ts).
    schemaController: { compilersFactory: { buildSerializer } },
    ...options,
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance.child({}, { serializers: { req: logRequest } }) }
      : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  jsonBody(app);
  queryValues(app);
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app, shapeFor);
  openapi(app);
  for (const surface of mounted) mountSurface(app, surface, deps);
  // The web console (src/console): HTML pages with their own session, forms and errors.
  if (kind === 'main' && deps.config.console) mountConsole(app, deps);
  return app;
}
