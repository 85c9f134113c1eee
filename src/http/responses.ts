import { type TObject, Type } from '@sinclair/typebox';
import { StringEnum } from './schemas.js';

/**
 * The error answers of the API, declared once. Every error has the upstream envelope; each status
 * declares its code, the status names it is sent with and its kind of detail (ERRORS below).
 * This loose form is for answers that may carry any status (the token route's 400).
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

/** A field the request got wrong, and why (contract §6). */
const FieldViolation = Type.Object({ field: Type.String(), description: Type.String() });

/** The `details` items each error status carries; Sinch's document names them the same way. */
const DETAILS = {
  badRequest: Type.Object({ type: StringEnum(['BadRequest']), fieldViolations: Type.Array(FieldViolation) }),
  resourceInfo: Type.Object({
    type: Type.String({ description: 'ResourceInfo' }),
    resourceType: Type.String(),
    resourceName: Type.String(),
    owner: Type.String(),
    description: Type.String(),
  }),
  tooLarge: Type.Object({
    type: Type.String({ description: 'RequestEntityTooLarge' }),
    resourceName: Type.String(),
    description: Type.String(),
  }),
  /** Statuses whose details are always empty. */
  none: Type.Object({}, { additionalProperties: true }),
};

/**
 * Per HTTP status: what it means here, the `status` names it is sent with, and its detail.
 * `UNKNOWN` is the document's other 500 status; we send `INTERNAL`. Two operations' variants
 * follow (refusedInState, attachmentTooLarge).
 */
const ERRORS = {
  400: {
    meaning: 'The request is not valid: the details name each field',
    statuses: ['INVALID_ARGUMENT'],
    detail: DETAILS.badRequest,
  },
  401: {
    meaning: 'Missing, unknown or expired credentials',
    statuses: ['UNAUTHENTICATED'],
    detail: DETAILS.none,
  },
  403: {
    meaning: 'The credentials belong to another project',
    statuses: ['PERMISSION_DENIED'],
    detail: DETAILS.none,
  },
  404: {
    meaning: 'The resource does not exist (for this project)',
    statuses: ['NOT_FOUND'],
    detail: DETAILS.resourceInfo,
  },
  409: { meaning: 'The resource already exists', statuses: ['ALREADY_EXISTS'], detail: DETAILS.resourceInfo },
  413: { meaning: 'The body is over the size limit', statuses: ['INVALID_ARGUMENT'], detail: DETAILS.none },
  415: {
    meaning: 'The body has a content type this operation does not take',
    statuses: ['INVALID_ARGUMENT'],
    detail: DETAILS.none,
  },
  429: {
    meaning: 'Too many failed authentication attempts from this client; see Retry-After',
    statuses: ['RESOURCE_EXHAUSTED'],
    detail: DETAILS.none,
  },
  500: {
    meaning: 'An unexpected failure; the log has the request id',
    statuses: ['INTERNAL', 'UNKNOWN'],
    detail: DETAILS.none,
  },
} as const satisfies Record<number, ErrorSpec>;

interface ErrorSpec {
  meaning: string;
  statuses: readonly string[];
  detail: TObject;
}

/** The Numbers API's envelope for one HTTP status: its code, its status names, its details. */
function errorEnvelope(status: ErrorStatusCode, { meaning, statuses, detail }: ErrorSpec = ERRORS[status]) {
  return Type.Object(
    {
      error: Type.Object({
        code: Type.Unsafe<number>({
          type: 'integer',
          enum: [status],
          description: 'The HTTP status, repeated',
        }),
        message: Type.String(),
        status: StringEnum(statuses, { description: 'The gRPC-style status name' }),
        details: Type.Array(detail),
      }),
    },
    { description: meaning },
  );
}

export type ErrorStatusCode = keyof typeof ERRORS;

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
export function errorResponses(...statuses: ErrorStatusCode[]): Record<number, TObject> {
  return Object.fromEntries(statuses.map((status) => [status, errorEnvelope(status)]));
}

/**
 * The 400 of an operation that may refuse a well-formed request because of its resource's state
 * (`FAILED_PRECONDITION`: an order that is no longer CREATED, a hosting order that cannot move):
 * spread after `errorResponses`.
 */
export function refusedInState(): Record<number, TObject> {
  const spec = ERRORS[400];
  return {
    400: errorEnvelope(400, {
      ...spec,
      meaning: `${spec.meaning}; FAILED_PRECONDITION when the resource's state refuses it`,
      statuses: [...spec.statuses, 'FAILED_PRECONDITION'],
    }),
  };
}

/** The 413 of an attachment upload: Sinch's `CONTENT_TOO_LARGE` with a RequestEntityTooLarge detail. */
export function attachmentTooLarge(): Record<number, TObject> {
  return {
    413: errorEnvelope(413, {
      meaning: 'The file (or the form) is over the size limit',
      statuses: ['CONTENT_TOO_LARGE'],
      detail: DETAILS.tooLarge,
    }),
  };
}
