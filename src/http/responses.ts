import { type TObject, Type } from '@sinclair/typebox';

/**
 * The error answers of the API, declared once. Every error has the upstream envelope; only the
 * description (what the document says the status means here) differs.
 */
const ErrorBody = {
  error: Type.Object({
    code: Type.Integer({ description: 'The HTTP status, repeated' }),
    message: Type.String(),
    status: Type.String({ description: 'The gRPC-style status name, e.g. INVALID_ARGUMENT' }),
    details: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description: 'BadRequest (fieldViolations) or ResourceInfo entries',
    }),
  }),
};

export const ErrorEnvelope = Type.Object(ErrorBody);

/** The Imported Numbers API's envelope: the same four fields, flat, with `code` a string. */
const FlatErrorBody = {
  code: Type.String({ description: 'The HTTP status, repeated as a string (e.g. "404")' }),
  message: Type.String(),
  status: Type.String({ description: 'The gRPC-style status name, e.g. NOT_FOUND' }),
  details: Type.Array(Type.Object({}, { additionalProperties: true }), {
    description: 'BadRequest (fieldViolations) or ResourceInfo entries',
  }),
};

const MEANING = {
  400: 'The request is not valid: the details name each field',
  401: 'Missing, unknown or expired credentials',
  403: 'The credentials belong to another project',
  404: 'The resource does not exist (for this project)',
  409: 'The resource already exists',
  413: 'The body is over the size limit',
  415: 'The body has a content type this operation does not take',
  429: 'Too many failed authentication attempts from this client; see Retry-After',
  500: 'An unexpected failure; the log has the request id',
} as const;

export type ErrorStatusCode = keyof typeof MEANING;

/**
 * A route's responses with every error status (4xx, 5xx) declared in the flat envelope of the
 * Imported Numbers API, keeping each one's description; the surface applies it to its routes.
 */
export function asFlatErrors(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, schema]) => {
      if (Number(status) < 400) return [status, schema];
      const description = (schema as { description?: string }).description;
      return [status, Type.Object(FlatErrorBody, description ? { description } : {})];
    }),
  );
}

/** Response schemas for the given error statuses, to spread into a route's `response`. */
export function errorResponses(...statuses: ErrorStatusCode[]): Record<number, TObject<typeof ErrorBody>> {
  return Object.fromEntries(
    statuses.map((status) => [status, Type.Object(ErrorBody, { description: MEANING[status] })]),
  );
}
