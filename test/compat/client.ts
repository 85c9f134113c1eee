/**
 * How the compatibility tests talk to the server: the official SDK pointed at it by hostname
 * only, and plain `fetch` for what the SDK cannot express.
 */
import { SinchClient } from '@sinch/sdk-core';
import { ADMIN_TOKEN, CREDENTIALS, type RunningServer } from './server.js';

export interface Credentials {
  projectId: string;
  keyId: string;
  keySecret: string;
}

/** The SDK exactly as an application would build it, with only the two hostnames changed. */
export function sdkFor(server: Pick<RunningServer, 'baseUrl'>, credentials: Credentials = CREDENTIALS) {
  return new SinchClient({
    ...credentials,
    numbersHostname: server.baseUrl,
    authHostname: server.baseUrl,
    // The SDK logs every non-2xx answer to the console by default; tests expect many of them.
    logger: null,
  }).numbers;
}

export type Numbers = ReturnType<typeof sdkFor>;

export function basicAuth(keyId: string, keySecret: string): string {
  return `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`;
}

/** `POST /oauth2/token` as the SDK sends it (form body, Basic credentials). */
export async function fetchToken(
  server: Pick<RunningServer, 'baseUrl'>,
  credentials: Pick<Credentials, 'keyId' | 'keySecret'> = CREDENTIALS,
): Promise<Response> {
  return fetch(`${server.baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(credentials.keyId, credentials.keySecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
}

export async function accessToken(server: Pick<RunningServer, 'baseUrl'>, credentials?: Credentials) {
  const response = await fetchToken(server, credentials);
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** Moves the server's sandbox clock forward (and with it token expiry and due jobs). */
export async function advanceClock(server: Pick<RunningServer, 'baseUrl'>, seconds: number): Promise<string> {
  const response = await fetch(`${server.baseUrl}/_sandbox/clock:advance`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });
  if (response.status !== 200) {
    throw new Error(`clock:advance answered ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { now: string }).now;
}

/** Creates another project with its own key through the operator API. */
export async function createProject(server: Pick<RunningServer, 'baseUrl'>, projectId: string) {
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const project = await fetch(`${server.baseUrl}/admin/v1/projects`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ projectId }),
  });
  if (project.status !== 200) throw new Error(`create project: ${project.status} ${await project.text()}`);
  const key = await fetch(`${server.baseUrl}/admin/v1/projects/${projectId}/accessKeys`, {
    method: 'POST',
    headers: admin,
  });
  if (key.status !== 200) throw new Error(`create key: ${key.status} ${await key.text()}`);
  return (await key.json()) as Credentials;
}

export interface RawResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * A request to `/v1/projects/{projectId}` + `path`, sent byte for byte as given (no encoding of
 * `+`), with Basic credentials unless `authorization` says otherwise.
 */
export async function raw<T = unknown>(
  server: Pick<RunningServer, 'baseUrl'>,
  method: string,
  path: string,
  options: {
    body?: string;
    headers?: Record<string, string>;
    projectId?: string;
    authorization?: string;
  } = {},
): Promise<RawResponse<T>> {
  const projectId = options.projectId ?? CREDENTIALS.projectId;
  const response = await fetch(`${server.baseUrl}/v1/projects/${projectId}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      authorization: options.authorization ?? basicAuth(CREDENTIALS.keyId, CREDENTIALS.keySecret),
      ...options.headers,
    },
    body: options.body,
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** The `{"error":{…}}` envelope of every Numbers error. */
export interface ErrorEnvelope {
  error: {
    code: number;
    message: string;
    status: string;
    details: Array<Record<string, unknown>>;
  };
}

/**
 * What the SDK throws for a non-2xx answer (`RequestFailedError`): the HTTP status in
 * `statusCode`, the parsed JSON body re-serialised into the string `data`.
 */
export interface SdkRequestFailed {
  statusCode: number;
  data: string;
  responseHeaders: Record<string, string>;
  message: string;
}

/** Runs an SDK call that must fail and returns what it threw, with the body parsed. */
export async function sdkError(call: Promise<unknown>): Promise<SdkRequestFailed & { body: ErrorEnvelope }> {
  try {
    await call;
  } catch (error) {
    const failed = error as SdkRequestFailed;
    if (typeof failed.statusCode !== 'number') throw error;
    return { ...failed, message: failed.message, body: JSON.parse(failed.data) as ErrorEnvelope };
  }
  throw new Error('expected the SDK call to fail, but it succeeded');
}
