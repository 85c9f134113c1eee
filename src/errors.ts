/**
 * The one error type of the service and its catalogue. Everything the API answers with an error
 * goes through `ApiError`; the HTTP layer renders it once, in the envelope of the surface that
 * answers: the Numbers API's `{"error":{"code","message","status","details"}}` (code an integer),
 * or the Imported Numbers API's flat `{"code","message","status","details"}` (code a string, as
 * its document's `ErrorResponse` types it).
 */

/** Which API's error envelope a surface answers with. */
export type ErrorShape = 'numbers' | 'imported';

export type ErrorStatus =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'CONTENT_TOO_LARGE'
  | 'DEADLINE_EXCEEDED'
  | 'UNIMPLEMENTED'
  | 'INTERNAL';

export interface FieldViolation {
  field: string;
  description: string;
}

export type ErrorDetail =
  | { type: 'BadRequest'; fieldViolations: FieldViolation[] }
  | { type: 'ResourceInfo'; resourceType: string; resourceName: string; owner: string; description: string }
  | { type: 'RequestEntityTooLarge'; resourceName: string; description: string };

export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: ErrorStatus,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra response headers, e.g. WWW-Authenticate on a 401. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(shape: ErrorShape = 'numbers') {
    if (shape === 'imported') {
      return {
        code: String(this.httpStatus),
        message: this.message,
        status: this.status,
        details: this.details,
      };
    }
    return {
      error: { code: this.httpStatus, message: this.message, status: this.status, details: this.details },
    };
  }
}

function resourceInfo(resourceType: string, resourceName: string, description: string): ErrorDetail {
  return { type: 'ResourceInfo', resourceType, resourceName, owner: '', description };
}

const REALM = 'Bearer realm="open-numbers"';

export const errors = {
  invalidArgument(message: string, fieldViolations: FieldViolation[] = []): ApiError {
    const details: ErrorDetail[] = fieldViolations.length ? [{ type: 'BadRequest', fieldViolations }] : [];
    return new ApiError(400, 'INVALID_ARGUMENT', message, details);
  },
  fieldViolation(field: string, description: string): ApiError {
    return errors.invalidArgument(description, [{ field, description }]);
  },
  failedPrecondition(message: string, fieldViolations: FieldViolation[] = []): ApiError {
    const details: ErrorDetail[] = fieldViolations.length ? [{ type: 'BadRequest', fieldViolations }] : [];
    return new ApiError(400, 'FAILED_PRECONDITION', message, details);
  },
  unauthenticated(message = 'Request had invalid authentication credentials'): ApiError {
    return new ApiError(401, 'UNAUTHENTICATED', message, [], { 'www-authenticate': REALM });
  },
  tokenExpired(): ApiError {
    // The SDKs fetch a new token and retry only when WWW-Authenticate contains "expired".
    return new ApiError(401, 'UNAUTHENTICATED', 'The access token expired', [], {
      'www-authenticate': `${REALM}, error="invalid_token", error_description="token expired"`,
    });
  },
  permissionDenied(message = 'The caller does not have permission for this project'): ApiError {
    return new ApiError(403, 'PERMISSION_DENIED', message);
  },
  routeNotFound(method: string, url: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', `No route for ${method} ${url}`);
  },
  methodNotAllowed(method: string, url: string): ApiError {
    return new ApiError(405, 'UNIMPLEMENTED', `Method ${method} is not allowed on ${url}`);
  },
  /** `message` stays "" as live sends it; the ResourceInfo's `description` says why (contract §6). */
  availableNumberNotFound(phoneNumber: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', '', [
      resourceInfo(
        'AvailableNumber',
        phoneNumber,
        `${phoneNumber} is not available: it is not in the inventory, or it is already rented. Search with GET availableNumbers`,
      ),
    ]);
  },
  activeNumberNotFound(phoneNumber: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', '', [
      resourceInfo(
        'ActiveNumber',
        phoneNumber,
        `${phoneNumber} is not an active number of this project: it was never rented here, or it was released and its expireAt has passed`,
      ),
    ]);
  },
  notFound(resourceType: string, resourceName: string, message: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', message, [resourceInfo(resourceType, resourceName, message)]);
  },
  /** The live answer for a (region, type) without KYC requirements (contract §9). */
  requirementsNotFound(): ApiError {
    const message = 'Number requirements not found';
    return new ApiError(404, 'NOT_FOUND', message, [
      resourceInfo('NumberProduct', 'numberRequirements', message),
    ]);
  },
  /** The live answer for a number without E911, or without an address yet (contract §3.10). */
  missingE911Feature(): ApiError {
    const message = 'Missing E911 feature';
    return new ApiError(404, 'NOT_FOUND', message, [resourceInfo('EmergencyAddress', '', message)]);
  },
  numberOrderNotFound(orderId: string): ApiError {
    return errors.notFound('NumberOrder', orderId, `Number order ${orderId} not found`);
  },
  noMatchingNumber(): ApiError {
    return errors.notFound('AvailableNumber', '', 'No available number matches the request');
  },
  projectNotFound(projectId: string): ApiError {
    const message = `Could not find project with ID: ${projectId}`;
    return new ApiError(404, 'NOT_FOUND', message, [resourceInfo('Project', projectId, message)]);
  },
  alreadyExists(resourceType: string, resourceName: string): ApiError {
    const message = `${resourceType} ${resourceName} already exists`;
    return new ApiError(409, 'ALREADY_EXISTS', message, [resourceInfo(resourceType, resourceName, message)]);
  },
  /** A number of our own inventory (available or rented) is hosted here already: not importable. */
  sinchNumberNotImportable(phoneNumber: string): ApiError {
    const message = `${phoneNumber} is a Sinch number; rent it with the Numbers API instead of importing it`;
    return new ApiError(409, 'ALREADY_EXISTS', message, [
      resourceInfo('ImportedNumber', phoneNumber, message),
    ]);
  },
  /** A number of a new hosting order (or a direct import) is in an open hosting order already. */
  hostingNumberInOpenOrder(phoneNumber: string, another = true): ApiError {
    const message = `${phoneNumber} is in ${another ? 'another' : 'an'} open hosting order`;
    return new ApiError(409, 'ALREADY_EXISTS', message, [
      resourceInfo('HostingOrderNumber', phoneNumber, message),
    ]);
  },
  /** A fair-use limit was hit; `Retry-After` says when to come back (whole seconds). */
  resourceExhausted(message: string, retryAfterMs: number): ApiError {
    return new ApiError(429, 'RESOURCE_EXHAUSTED', message, [], {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    });
  },
  payloadTooLarge(detail: string): ApiError {
    return new ApiError(413, 'INVALID_ARGUMENT', `Request too large: ${detail}`);
  },
  /** A number order attachment over the size limit (the document's `RequestEntityTooLarge`). */
  contentTooLarge(resourceName: string, description: string): ApiError {
    return new ApiError(413, 'CONTENT_TOO_LARGE', description, [
      { type: 'RequestEntityTooLarge', resourceName, description },
    ]);
  },
  /** Names the content type received (or its absence) and the one(s) the operation takes. */
  unsupportedMediaType(contentType: string, expected: readonly string[] = ['application/json']): ApiError {
    const received = contentType
      ? `Content-Type "${contentType}" is not supported here`
      : 'No Content-Type was sent';
    return new ApiError(415, 'INVALID_ARGUMENT', `${received}; send ${expected.join(' or ')}`);
  },
  /**
   * An inventory import with rejected rows (nothing was imported): one violation per row, named
   * by its line in the file, the first `shown` of them.
   */
  importRejected(
    rejected: readonly { row: number; phoneNumber: string; reason: string }[],
    shown = 1000,
  ): ApiError {
    const listed = rejected.slice(0, shown);
    const more = rejected.length > shown ? ` (the first ${shown} are listed)` : '';
    return errors.invalidArgument(
      `${rejected.length} row${rejected.length === 1 ? ' was' : 's were'} rejected, so nothing was imported${more}`,
      listed.map((r) => ({
        field: `line ${r.row}`,
        description: r.phoneNumber ? `${r.phoneNumber}: ${r.reason}` : r.reason,
      })),
    );
  },
  internal(): ApiError {
    return new ApiError(500, 'INTERNAL', 'Internal error');
  },
};
