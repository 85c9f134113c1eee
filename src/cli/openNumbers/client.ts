import {
  ApiError,
  type ApiErrorBody,
  CliError,
  EXIT,
  UncertainOutcome,
  Unreachable,
  usageError,
} from './errors.js';
import type { Settings } from './settings.js';

/** A JSON answer; each command reads the fields it needs. */
// biome-ignore lint/suspicious/noExplicitAny: answers are the API's JSON, shaped by the contract
export type Json = any;

/** Which API a request goes to: the project's Numbers API, its Imported Numbers API, or ours for operators. */
export type Api = 'numbers' | 'imported' | 'operator';

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data (attachments). */
  form?: FormData;
  /**
   * Whether the request may change state (default: every method but GET). A broken connection,
   * a timeout or a 5xx after sending one is an `UncertainOutcome`, never retried here.
   */
  mutation?: boolean;
}

/** A response as received, for the few callers that need the status or bytes. */
export interface RawResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

/** Codes of a connection that never carried the request: nothing can have happened. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

type Cause = { code?: string; message?: string; errors?: Cause[] };

/** What undici says went wrong under `fetch failed`: a system error code where there is one. */
function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: Cause }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message;
}

/**
 * The CLI's only way to the server: the public HTTP API (plus `/_sandbox` and `/admin` with the
 * admin token), the same against Open Numbers and against Sinch. Classifies every failure:
 * 4xx → ApiError (refused, no effect), unreachable → Unreachable, a mutation cut off after
 * sending or answered 5xx → UncertainOutcome.
 */
export class ApiClient {
  private token: Promise<string> | undefined;

  constructor(readonly settings: Settings) {}

  /** `/v1/projects/{projectId}{path}` on the Numbers API; the JSON body of the answer. */
  numbers<T = Json>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.json<T>('numbers', method, path, options);
  }

  /** `/v1/projects/{projectId}{path}` on the Imported Numbers API. */
  imported<T = Json>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.json<T>('imported', method, path, options);
  }

  /** `/_sandbox/…` or `/admin/…` on the local server, with `OPEN_NUMBERS_ADMIN_TOKEN`. */
  operator<T = Json>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.json<T>('operator', method, path, options);
  }

  /** Where a request goes, for messages: `GET /v1/projects/p/activeNumbers/+1…`. */
  url(api: Api, path: string): string {
    if (api === 'operator') return `${this.settings.baseUrl}${path}`;
    const root = api === 'numbers' ? this.settings.baseUrl : this.settings.importedUrl;
    return `${root}/v1/projects/${encodeURIComponent(this.projectId())}${path}`;
  }

  projectId(): string {
    const id = this.settings.projectId;
    if (!id) throw usageError('no project: set SINCH_PROJECT_ID (or OPEN_NUMBERS_PROJECT_ID, or --project)');
    return id;
  }

  async json<T>(api: Api, method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(api, method, path, options);
    if (response.bytes.length === 0) return undefined as T;
    try {
      return JSON.parse(response.bytes.toString('utf8')) as T;
    } catch {
      throw new CliError(`${method} ${path}: the answer is not JSON`, EXIT.refused);
    }
  }

  /** The whole response of a successful request (downloads). Failures throw as for `json`. */
  async send(api: Api, method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const label = `${method} ${path}`;
    let response = await this.attempt(api, method, path, options, label);
    if (response.status === 401 && api !== 'operator' && !this.settings.accessToken) {
      // A token that expired since it was fetched: the request was refused, so a fresh token is safe.
      this.token = undefined;
      response = await this.attempt(api, method, path, options, label);
    }
    if (response.status >= 200 && response.status < 300) return response;
    const mutation = options.mutation ?? method !== 'GET';
    if (response.status >= 500 && mutation)
      throw new UncertainOutcome(label, `${response.status}`, response.status);
    throw new ApiError(response.status, errorBody(response.bytes), label);
  }

  private async attempt(
    api: Api,
    method: string,
    path: string,
    options: RequestOptions,
    label: string,
  ): Promise<RawResponse> {
    const target = new URL(this.url(api, path));
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) target.searchParams.append(name, String(one));
    }
    const headers: Record<string, string> = {
      authorization: await this.authorization(api),
      accept: 'application/json',
    };
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const mutation = options.mutation ?? method !== 'GET';
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      return {
        status: response.status,
        headers: response.headers,
        bytes: Buffer.from(await response.arrayBuffer()),
      };
    } catch (error) {
      const code = causeCode(error) ?? (error as Error).name;
      if (code && NOT_SENT.has(code)) throw new Unreachable(label, `${code} at ${target.origin}`);
      const reason =
        code === 'TimeoutError'
          ? `no answer within ${this.settings.timeoutMs / 1000} s`
          : `connection lost (${code})`;
      if (mutation) throw new UncertainOutcome(label, reason);
      throw new CliError(`${label}: ${reason}`, EXIT.refused, { request: label, reason });
    }
  }

  private async authorization(api: Api): Promise<string> {
    if (api === 'operator') {
      const token = this.settings.adminToken;
      if (!token) throw usageError('this command needs the admin token: set OPEN_NUMBERS_ADMIN_TOKEN');
      return `Bearer ${token}`;
    }
    if (this.settings.accessToken) return `Bearer ${this.settings.accessToken}`;
    this.token ??= this.fetchToken();
    try {
      return `Bearer ${await this.token}`;
    } catch (error) {
      this.token = undefined;
      throw error;
    }
  }

  /** OAuth 2.0 client credentials at `{authUrl}/oauth2/token`, as the SDKs do. */
  private async fetchToken(): Promise<string> {
    const key = this.settings.credentials;
    if (!key)
      throw usageError('no credentials: set SINCH_KEY_ID and SINCH_KEY_SECRET (or SINCH_ACCESS_TOKEN)');
    const endpoint = `${this.settings.authUrl}/oauth2/token`;
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${key.keyId}:${key.keySecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      const code = causeCode(error) ?? (error as Error).name;
      if (code === 'TimeoutError')
        throw new CliError(
          `POST ${endpoint}: no answer within ${this.settings.timeoutMs / 1000} s`,
          EXIT.refused,
          { request: `POST ${endpoint}`, reason: code },
        );
      throw new Unreachable(`POST ${endpoint}`, code);
    }
    const text = await response.text();
    if (response.status === 401)
      throw new CliError(
        `the access key was refused (401 at ${endpoint}): check SINCH_KEY_ID and SINCH_KEY_SECRET`,
        EXIT.refused,
        { httpStatus: 401 },
      );
    if (!response.ok) throw new ApiError(response.status, errorBody(Buffer.from(text)), `POST ${endpoint}`);
    const token = (JSON.parse(text) as { access_token?: string }).access_token;
    if (!token) throw new CliError(`POST ${endpoint}: no access_token in the answer`, EXIT.refused);
    return token;
  }
}

function errorBody(bytes: Buffer): ApiErrorBody | undefined {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as ApiErrorBody & { error?: ApiErrorBody };
    if (parsed?.error) return parsed.error;
    // The Imported Numbers API's envelope is flat: {code, message, status, details}.
    if (parsed && typeof parsed === 'object' && (parsed.message || parsed.status)) return parsed;
    return undefined;
  } catch {
    return bytes.length ? { message: bytes.toString('utf8').slice(0, 200) } : undefined;
  }
}
