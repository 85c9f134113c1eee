import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_INVENTORY_SIZE, type InventorySize } from './domain/inventory/generate.js';
import { parseAllowList } from './jobs/callbacks/addressGuard.js';

export type Mode = 'sandbox' | 'operator';

/** Everything the process reads from its environment, read once and validated. */
export interface Config {
  host: string;
  port: number;
  /** When set, the Imported Numbers API is also served at the root of this port (0 = any free port). */
  importedPort: number | undefined;
  mode: Mode;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Connections each process may open to PostgreSQL. */
  databasePoolMax: number;
  adminToken: string | undefined;
  bootstrap: { projectId: string; keyId: string; keySecret: string } | undefined;
  runWorkers: boolean;
  /**
   * Processes serving HTTP on the port(s), sharing one store (node:cluster); 1 serves from this
   * process alone. See docs/decisions.md, "Several processes on one port".
   */
  processes: number;
  /** Clock time between a configuration change and its provisioning outcome. */
  provisioningDelaySeconds: number;
  /** Sandbox: clock time from a number order's submission to its automatic review. */
  reviewDelaySeconds: number;
  /** Sandbox: clock time from a qualified number's `:addNumbers` to its eligibility decision. */
  qualificationDelaySeconds: number;
  /** Operator mode: where voice challenge codes are POSTed (a voice provider's adapter). */
  voiceChallengeWebhook: string | undefined;
  /** How often an idle worker looks for due jobs. */
  workerPollMs: number;
  inventory: InventorySize;
  logLevel: string;
  /** Hosts, IPs or CIDRs callbacks may reach in operator mode although they are internal. */
  callbackAllowList: string[];
  /** Key material that seals HMAC secrets; generated into the store when unset. */
  secretKey: string | undefined;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (Fastify's trustProxy):
   * false (the socket's address), true (any), or addresses/CIDRs of the proxies.
   */
  trustProxy: boolean | string[];
  /** Hosting orders: clock time of each step (sandbox review, each carrier step). */
  hostingStepSeconds: number;
  /** When set, mail (LOA signing links) is sent through this SMTP server; otherwise only logged. */
  smtpUrl: string | undefined;
  /** The From address of that mail. */
  mailFrom: string;
  /** The base URL of links the server mails (LOA signing pages). */
  publicUrl: string;
  /** Serve the web console at /console/ (on by default in sandbox mode, off in operator mode). */
  console: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** The processes `auto` asks for: one per CPU the process may use, at least 1. */
export function availableCpus(): number {
  return Math.max(1, availableParallelism());
}

function processCount(env: Env): number {
  const raw = env.OPEN_NUMBERS_PROCESSES;
  if (raw === undefined || raw === '') return 1;
  if (/^auto$/i.test(raw)) return availableCpus();
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 64)
    throw new ConfigError(`OPEN_NUMBERS_PROCESSES must be "auto" or an integer from 1 to 64, got "${raw}"`);
  return value;
}

function portNumber(env: Env, name: string, fallback: number): number {
  const port = integer(env, name, fallback);
  if (port > 65535) throw new ConfigError(`${name} must be a TCP port (0-65535), got "${env[name]}"`);
  return port;
}

function importedPort(env: Env): number | undefined {
  if (!env.OPEN_NUMBERS_IMPORTED_PORT) return undefined;
  const port = portNumber(env, 'OPEN_NUMBERS_IMPORTED_PORT', 0);
  if (port !== 0 && port === portNumber(env, 'PORT', 8080)) {
    throw new ConfigError(
      'OPEN_NUMBERS_IMPORTED_PORT must differ from PORT (the API is also under /imported there)',
    );
  }
  return port;
}

/** An IPv4 or IPv6 address, optionally with a /prefix, or one of proxy-addr's named ranges. */
const PROXY_ENTRY =
  /^(?:[0-9.]{7,15}|[0-9a-fA-F:.]{2,45})(?:\/[0-9]{1,3})?$|^(?:loopback|linklocal|uniquelocal)$/;

function trustProxy(raw: string | undefined): boolean | string[] {
  if (raw === undefined || raw === '' || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const invalid = entries.find((entry) => !PROXY_ENTRY.test(entry));
  if (invalid) {
    throw new ConfigError(
      `OPEN_NUMBERS_TRUST_PROXY must be true, false, or comma-separated addresses/CIDRs, got "${invalid}"`,
    );
  }
  return entries;
}

function smtpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^smtps?:\/\/[^\s]+$/.test(raw)) {
    throw new ConfigError('OPEN_NUMBERS_SMTP_URL must be an smtp:// or smtps:// URL');
  }
  return raw;
}

/** An http(s) URL, or undefined when unset. */
function httpUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(`${name} must be an http or https URL, got "${raw}"`);
  }
  return raw;
}

function publicUrl(env: Env): string {
  const raw = env.OPEN_NUMBERS_PUBLIC_URL;
  if (!raw) return `http://${env.HOST || '127.0.0.1'}:${env.PORT || 8080}`;
  if (!/^https?:\/\/[^\s]+$/.test(raw)) {
    throw new ConfigError(`OPEN_NUMBERS_PUBLIC_URL must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env): Config {
  const mode = (env.OPEN_NUMBERS_MODE || 'sandbox') as Mode;
  if (mode !== 'sandbox' && mode !== 'operator') {
    throw new ConfigError(`OPEN_NUMBERS_MODE must be "sandbox" or "operator", got "${mode}"`);
  }
  const {
    OPEN_NUMBERS_PROJECT_ID: projectId,
    OPEN_NUMBERS_KEY_ID: keyId,
    OPEN_NUMBERS_KEY_SECRET: keySecret,
  } = env;
  const given = [projectId, keyId, keySecret].filter(Boolean).length;
  if (given !== 0 && given !== 3) {
    throw new ConfigError(
      'OPEN_NUMBERS_PROJECT_ID, OPEN_NUMBERS_KEY_ID and OPEN_NUMBERS_KEY_SECRET go together',
    );
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: portNumber(env, 'PORT', 8080),
    importedPort: importedPort(env),
    mode,
    dataDir: resolve(env.OPEN_NUMBERS_DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolMax: integer(env, 'OPEN_NUMBERS_PG_POOL_MAX', 10, 1),
    adminToken: env.OPEN_NUMBERS_ADMIN_TOKEN || undefined,
    bootstrap: given === 3 ? { projectId: projectId!, keyId: keyId!, keySecret: keySecret! } : undefined,
    runWorkers: boolean(env, 'OPEN_NUMBERS_WORKERS', true),
    processes: processCount(env),
    provisioningDelaySeconds: integer(env, 'OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS', 2),
    reviewDelaySeconds: integer(env, 'OPEN_NUMBERS_REVIEW_DELAY_SECONDS', 60),
    qualificationDelaySeconds: integer(env, 'OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS', 60),
    voiceChallengeWebhook: httpUrl(env, 'OPEN_NUMBERS_VOICE_CHALLENGE_WEBHOOK'),
    workerPollMs: integer(env, 'OPEN_NUMBERS_WORKER_POLL_MS', 250, 10),
    inventory: {
      perType: integer(env, 'OPEN_NUMBERS_INVENTORY_PER_TYPE', DEFAULT_INVENTORY_SIZE.perType),
      usLocal: integer(env, 'OPEN_NUMBERS_INVENTORY_US_LOCAL', DEFAULT_INVENTORY_SIZE.usLocal),
    },
    logLevel: env.LOG_LEVEL || 'info',
    callbackAllowList: parseAllowList(env.OPEN_NUMBERS_CALLBACK_ALLOWLIST),
    secretKey: env.OPEN_NUMBERS_SECRET_KEY || undefined,
    trustProxy: trustProxy(env.OPEN_NUMBERS_TRUST_PROXY),
    hostingStepSeconds: integer(env, 'OPEN_NUMBERS_HOSTING_STEP_SECONDS', 60),
    smtpUrl: smtpUrl(env.OPEN_NUMBERS_SMTP_URL),
    mailFrom: env.OPEN_NUMBERS_MAIL_FROM || 'Open Numbers <no-reply@open-numbers.invalid>',
    publicUrl: publicUrl(env),
    console: boolean(env, 'OPEN_NUMBERS_CONSOLE', mode === 'sandbox'),
  };
}
