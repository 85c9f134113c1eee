import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, errors, type FieldViolation } from '../errors.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  data?: unknown;
}

/** `/smsConfiguration/servicePlanId` → `smsConfiguration.servicePlanId`. */
function fieldName(error: AjvError): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = error.params.missingProperty as string | undefined;
  if (missing) return path ? `${path}.${missing}` : missing;
  return path;
}

function describe(error: AjvError): string {
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as string[]).join(', ');
    return `"${String(error.data)}" is not a valid value; use ${allowed}`;
  }
  if (error.keyword === 'required') return `${error.params.missingProperty} is required`;
  return `${fieldName(error) || 'value'} ${error.message ?? 'is invalid'}`;
}

function validationError(validation: AjvError[], context: string | undefined): ApiError {
  const violations: FieldViolation[] = validation.map((e) => ({
    field: fieldName(e),
    description: describe(e),
  }));
  const first = violations[0];
  const message = first
    ? `parsing field "${first.field}": ${first.description}`
    : `Invalid ${context ?? 'request'}`;
  return errors.invalidArgument(message, violations);
}

/** Maps every failure, ours or Fastify's, to the upstream error envelope — the only renderer. */
export function toApiError(
  error: FastifyError & { validation?: AjvError[]; validationContext?: string },
): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error.validation) return validationError(error.validation, error.validationContext);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType(String(error.message.match(/: (.*)$/)?.[1] ?? ''));
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
      return errors.unsupportedMediaType('not multipart/form-data');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.invalidArgument('Content-Length does not match the body');
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return errors.invalidArgument(error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, 'INVALID_ARGUMENT', error.message);
  }
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let apiError = toApiError(error);
    if (!apiError) {
      request.log.error({ err: error }, 'unhandled error');
      apiError = errors.internal();
    }
    return reply.code(apiError.httpStatus).headers(apiError.headers).send(apiError.toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = HTTP_METHODS.filter(
      (method) => method !== request.method && app.findRoute({ method, url: path }),
    );
    const apiError = allowed.length
      ? errors.methodNotAllowed(request.method, path)
      : errors.routeNotFound(request.method, path);
    if (allowed.length) reply.header('allow', allowed.join(', '));
    return reply.code(apiError.httpStatus).send(apiError.toBody());
  });
}
