import { usageError } from './errors.js';

/** Global options every command accepts (commander's `optsWithGlobals()`). */
export interface GlobalOptions {
  baseUrl?: string;
  importedUrl?: string;
  authUrl?: string;
  project?: string;
  json?: boolean;
  timeout?: string;
}

/** Where the CLI sends requests and with which credentials, resolved once per command. */
export interface Settings {
  /** Numbers API root, e.g. http://127.0.0.1:8080 or https://numbers.api.sinch.com */
  baseUrl: string;
  /** Imported Numbers API root: `${baseUrl}/imported` locally, https://imported.numbers.api.sinch.com upstream. */
  importedUrl: string;
  /** Where `/oauth2/token` is: the local server, or https://auth.sinch.com upstream. */
  authUrl: string;
  projectId: string | undefined;
  credentials: { keyId: string; keySecret: string } | undefined;
  /** A ready Bearer token (`SINCH_ACCESS_TOKEN`), used instead of the key when set. */
  accessToken: string | undefined;
  /** `OPEN_NUMBERS_ADMIN_TOKEN`, for `/_sandbox` and `/admin`. */
  adminToken: string | undefined;
  json: boolean;
  /** Per-request timeout; past it a mutation's outcome is uncertain. */
  timeoutMs: number;
}

type Env = Record<string, string | undefined>;

function first(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

function url(value: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw usageError(`${what} is not a URL: ${value}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw usageError(`${what} must be http(s): ${value}`);
  return value.replace(/\/+$/, '');
}

/**
 * Flags first, then the seeds' variables (`SINCH_*`), then the ones our server prints on its first
 * start (`OPEN_NUMBERS_*`), then the local server on `PORT` (8080).
 */
export function resolveSettings(options: GlobalOptions, env: Env): Settings {
  const local = `http://127.0.0.1:${env.PORT?.trim() || 8080}`;
  const baseUrl = url(options.baseUrl ?? first(env, 'SINCH_NUMBERS_URL') ?? local, 'the base URL');
  const importedUrl = url(
    options.importedUrl ?? first(env, 'SINCH_IMPORTED_NUMBERS_URL') ?? `${baseUrl}/imported`,
    'the imported numbers URL',
  );
  const authUrl = url(options.authUrl ?? first(env, 'SINCH_AUTH_URL') ?? baseUrl, 'the auth URL');
  const keyId = first(env, 'SINCH_KEY_ID', 'OPEN_NUMBERS_KEY_ID');
  const keySecret = first(env, 'SINCH_KEY_SECRET', 'OPEN_NUMBERS_KEY_SECRET');
  const timeoutSeconds = options.timeout === undefined ? 30 : Number(options.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw usageError(`--timeout must be a positive number of seconds, not ${options.timeout}`);
  return {
    baseUrl,
    importedUrl,
    authUrl,
    projectId: options.project ?? first(env, 'SINCH_PROJECT_ID', 'OPEN_NUMBERS_PROJECT_ID'),
    credentials: keyId && keySecret ? { keyId, keySecret } : undefined,
    accessToken: first(env, 'SINCH_ACCESS_TOKEN'),
    adminToken: first(env, 'OPEN_NUMBERS_ADMIN_TOKEN'),
    json: options.json === true,
    timeoutMs: Math.round(timeoutSeconds * 1000),
  };
}
