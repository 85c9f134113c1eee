import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorShape, errors } from '../errors.js';
import { unknownFields, unknownFieldViolation } from './unknownFields.js';
import { type AjvError, validationError } from './validationErrors.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Body types an operation may take, in the order a 415 suggests them (an operation's own first). */
const BODY_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded', 'application/json'];

/** The body types the request's operation has a parser for (its plugin scope's parsers). */
function acceptedTypes(request: FastifyRequest | undefined): string[] {
  const accepted = request ? BODY_TYPES.filter((type) => request.server.hasContentTypeParser(type)) : [];
  return accepted.length ? accepted : ['application/json'];
}

/** Maps every failure, ours or Fastify's, to the upstream error envelope — the only renderer. */
export function toApiError(
  error: FastifyError & { validation?: AjvError[]; validationContext?: string },
  request?: FastifyRequest,
): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error.validation) return validationError(error.validation, error.validationContext);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType(
        String(request?.headers['content-type'] ?? ''),
        acceptedTypes(request),
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge('the body is over the limit');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidArgument(`Invalid JSON payload: ${error.message}`);
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return errors.payloadTooLarge(error.message);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return errors.unsupportedMediaType(String(request?.headers['content-type'] ?? ''), [
        'multipart/form-data',
      ]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.invalidArgument('Content-Length does not match the body');
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return errors.invalidArgument(error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, 'INVALID_ARGUMENT', error.message);
  }
  return undefined;
}

/** Which envelope answers a request path (the surface's, see `errorShapeFor`). */
export type ShapeFor = (path: string) => ErrorShape;

const pathOf = (url: string) => url.split('?')[0] ?? url;

/** The 404 (no route) or 405 (another method has one) answer for a request no route takes. */
function noRoute(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, shapeFor: ShapeFor) {
  const path = pathOf(request.url);
  const allowed = HTTP_METHODS.filter(
    (method) => method !== request.method && app.findRoute({ method, url: path }),
  );
  const apiError = allowed.length
    ? errors.methodNotAllowed(request.method, path)
    : errors.routeNotFound(request.method, path);
  if (allowed.length) reply.header('allow', allowed.join(', '));
  return reply.code(apiError.httpStatus).send(apiError.toBody(shapeFor(path)));
}

/**
 * A refused request whose body has fields the operation does not declare: those are named first,
 * as unknown (with the field they likely meant), before whatever rule they made fail.
 */
function withUnknownFields(apiError: ApiError, request: FastifyRequest): ApiError {
  if (apiError.httpStatus !== 400 || apiError.status !== 'INVALID_ARGUMENT') return apiError;
  const schema = request.routeOptions.schema?.body as Parameters<typeof unknownFields>[1];
  // The first few are enough to show the mistake; a hostile body may hold thousands.
  const unknown = unknownFields(request.body, schema, 10).map(unknownFieldViolation);
  const [first] = unknown;
  if (!first) return apiError;
  const named = new Set(unknown.map((v) => v.field));
  const others = apiError.details.flatMap((d) => (d.type === 'BadRequest' ? d.fieldViolations : []));
  return new ApiError(
    400,
    'INVALID_ARGUMENT',
    first.description,
    [
      { type: 'BadRequest', fieldViolations: [...unknown, ...others.filter((v) => !named.has(v.field))] },
      ...apiError.details.filter((d) => d.type !== 'BadRequest'),
    ],
    apiError.headers,
  );
}

export function registerErrorHandling(app: FastifyInstance, shapeFor: ShapeFor = () => 'numbers'): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let apiError = toApiError(error, request);
    if (!apiError) {
      request.log.error({ err: error }, 'unhandled error');
      apiError = errors.internal();
    }
    apiError = withUnknownFields(apiError, request);
    return reply
      .code(apiError.httpStatus)
      .headers(apiError.headers)
      .send(apiError.toBody(shapeFor(pathOf(request.url))));
  });

  // A request no route takes is answered before its body is read: nobody pays for parsing a
  // megabyte sent to a path that does not exist. A callback hook: every request passes here, and
  // an async one would cost each a promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.is404) noRoute(app, request, reply, shapeFor);
    else done();
  });
  app.setNotFoundHandler((request, reply) => noRoute(app, request, reply, shapeFor));

  // `Expect: <anything but 100-continue>`: Node would answer a bare 417 itself.
  app.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const apiError = new ApiError(417, 'FAILED_PRECONDITION', 'Only "Expect: 100-continue" is supported');
    const body = JSON.stringify(apiError.toBody(shapeFor(pathOf(request.url ?? ''))));
    response.writeHead(417, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
}

/**
 * Fastify's router refuses some URLs before any route or hook runs (`frameworkErrors`): a path
 * that does not percent-decode, a path parameter over the length limit. They get the envelope too.
 */
export const frameworkErrors = (shapeFor: ShapeFor) =>
  function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const apiError =
      error.code === 'FST_ERR_BAD_URL'
        ? errors.invalidArgument('The URL path is not valid percent-encoded UTF-8')
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new ApiError(414, 'INVALID_ARGUMENT', 'A path segment is too long')
          : (toApiError(error, request) ?? errors.internal());
    return reply
      .code(apiError.httpStatus)
      .headers(apiError.headers)
      .send(apiError.toBody(shapeFor(pathOf(request.url))));
  };

/**
 * Node's HTTP parser refuses a request (bad bytes, headers over the limit, a timeout) before it
 * reaches Fastify. Where the socket can still be written, the answer is the envelope, with the
 * status Node would have used; the connection is then closed, since the stream is out of sync.
 * No URL is known yet, so the envelope is the app's (`shape`).
 */
export const clientErrorHandler = (shape: ErrorShape) =>
  function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const apiError =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new ApiError(431, 'INVALID_ARGUMENT', 'The request headers are too large')
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new ApiError(408, 'DEADLINE_EXCEEDED', 'The request was not received in time')
          : errors.invalidArgument('Malformed HTTP request');
    if (socket.writable) {
      const status = apiError.httpStatus;
      const body = JSON.stringify(apiError.toBody(shape));
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
