/**
 * How the CLI ends, as documented in the README: scripts and agents branch on the exit code.
 * - 0: done;
 * - 1: the API refused (a 4xx, or the server could not be reached at all: nothing happened);
 * - 2: usage (a bad flag, argument or local file; nothing was sent);
 * - 3: uncertain outcome (a timeout, a reset connection or a 5xx on a request that may have taken
 *   effect, and a read could not settle it): check before acting again.
 * - 130: a wizard cancelled with Ctrl-C (the shell's code for SIGINT).
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, uncertain: 3, cancelled: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI reports in one line (never a stack trace), with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Machine-readable details for `--json` (the API's error envelope, the HTTP status, …). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Bad input caught before anything was sent. */
export function usageError(message: string, details: Record<string, unknown> = {}): CliError {
  return new CliError(message, EXIT.usage, details);
}

/** The API's error envelope, `{"error": {code, message, status, details}}`, as far as it was sent. */
export interface ApiErrorBody {
  /** A number; a string in the Imported Numbers API's flat envelope. */
  code?: number | string;
  message?: string;
  status?: string;
  details?: unknown[];
}

/** The server answered 4xx: the request was refused and had no effect. */
export class ApiError extends CliError {
  constructor(
    readonly httpStatus: number,
    readonly body: ApiErrorBody | undefined,
    readonly request: string,
  ) {
    super(describeRefusal(httpStatus, body, request), EXIT.refused, {
      httpStatus,
      request,
      error: body ?? null,
    });
  }

  /** The `fieldViolations` of a 400, `[{field, description}]`, when the server sent them. */
  get fieldViolations(): { field: string; description: string }[] {
    const out: { field: string; description: string }[] = [];
    for (const detail of this.body?.details ?? []) {
      const violations = (detail as { fieldViolations?: unknown }).fieldViolations;
      if (Array.isArray(violations)) out.push(...violations);
    }
    return out;
  }
}

function describeRefusal(httpStatus: number, body: ApiErrorBody | undefined, request: string): string {
  const status = body?.status ? ` ${body.status}` : '';
  const message = body?.message || firstDescription(body) || 'no message';
  return `${request} → ${httpStatus}${status}: ${message}`;
}

function firstDescription(body: ApiErrorBody | undefined): string | undefined {
  for (const detail of body?.details ?? []) {
    const d = detail as { description?: string; fieldViolations?: { field: string; description: string }[] };
    if (d.fieldViolations?.length)
      return d.fieldViolations.map((v) => `${v.field}: ${v.description}`).join('; ');
    if (d.description) return d.description;
  }
  return undefined;
}

/**
 * The request may or may not have taken effect: the connection broke after it was sent, it timed
 * out, or the server answered 5xx. Billable commands settle this with a read before any retry.
 */
export class UncertainOutcome extends CliError {
  constructor(
    readonly request: string,
    readonly reason: string,
    readonly httpStatus?: number,
  ) {
    super(`${request}: ${reason}; the outcome is unknown`, EXIT.uncertain, {
      request,
      reason,
      ...(httpStatus ? { httpStatus } : {}),
    });
  }
}

/** The server could not be reached at all (nothing was sent): safe to try again later. */
export class Unreachable extends CliError {
  constructor(
    readonly request: string,
    reason: string,
  ) {
    super(`${request}: cannot reach the server (${reason})`, EXIT.refused, { request, reason });
  }
}
