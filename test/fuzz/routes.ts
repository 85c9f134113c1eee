import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createRuntime } from '../../src/runtime.js';

/** A path segment of a route: literal text, or a parameter (with Fastify's regex, if any). */
export type PathPart = { literal: string } | { param: string; regex?: string };

/** One operation as the app registers it; new operations are picked up without editing the fuzzer. */
export interface Route {
  method: string;
  /** Fastify's path, e.g. `/v1/projects/:projectId/availableNumbers/:phoneNumber(^[^:]+)::rent`. */
  url: string;
  parts: PathPart[];
  schema: { params?: any; querystring?: any; body?: any };
  /** Which credentials the surface takes, from its prefix. */
  auth: 'basic' | 'admin' | 'oauth' | 'none';
  /** Multipart routes: their body schema only documents the form; the body is built by hand. */
  multipart: boolean;
}

/** `:name(regex)` and `:name` are parameters, `::` is a literal colon (find-my-way's syntax). */
export function parsePath(url: string): PathPart[] {
  const parts: PathPart[] = [];
  let literal = '';
  let i = 0;
  while (i < url.length) {
    if (url[i] === ':' && url[i + 1] === ':') {
      literal += ':';
      i += 2;
      continue;
    }
    if (url[i] === ':') {
      if (literal) parts.push({ literal });
      literal = '';
      let name = '';
      i++;
      while (i < url.length && /[\w$]/.test(url[i]!)) name += url[i++];
      let regex: string | undefined;
      if (url[i] === '(') {
        let depth = 0;
        const start = i;
        for (; i < url.length; i++) {
          if (url[i] === '\\') {
            i++;
            continue;
          }
          if (url[i] === '(') depth++;
          if (url[i] === ')' && --depth === 0) break;
        }
        regex = url.slice(start + 1, i);
        i++;
      }
      parts.push({ param: name, regex });
      continue;
    }
    literal += url[i++];
  }
  if (literal) parts.push({ literal });
  return parts;
}

function authOf(url: string): Route['auth'] {
  if (url.startsWith('/v1/projects/')) return 'basic';
  if (url.startsWith('/admin/') || url.startsWith('/_sandbox/')) return 'admin';
  if (url === '/oauth2/token') return 'oauth';
  return 'none';
}

/**
 * Builds the app once on a throwaway embedded store and records every route through Fastify's
 * `onRoute` hook. The hook is added after `buildApp` returns, so it sees the routes of every
 * plugin (they register on `ready`); routes added directly on the root before that (/healthz)
 * are merged in from `knownRootRoutes`. The server being fuzzed is a separate process.
 */
export async function enumerateRoutes(mode: string): Promise<Route[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-fuzz-routes-'));
  const config = loadConfig({
    OPEN_NUMBERS_DATA_DIR: dataDir,
    OPEN_NUMBERS_MODE: mode,
    OPEN_NUMBERS_INVENTORY_PER_TYPE: '1',
    OPEN_NUMBERS_INVENTORY_US_LOCAL: '1',
    OPEN_NUMBERS_WORKERS: 'false',
  });
  const runtime = await createRuntime(config, pino({ level: 'silent' }));
  const routes: Route[] = [];
  try {
    const app = buildApp(runtime.deps);
    app.addHook('onRoute', (options) => {
      const methods = Array.isArray(options.method) ? options.method : [options.method];
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue; // Fastify's automatic HEAD twins
        const schema = (options.schema ?? {}) as Route['schema'];
        routes.push({
          method,
          url: options.url,
          parts: parsePath(options.url),
          schema: { params: schema.params, querystring: schema.querystring, body: schema.body },
          auth: authOf(options.url),
          multipart: /\/attachments\/:attachmentId$/.test(options.url) && method === 'POST',
        });
      }
    });
    await app.ready();
    for (const root of knownRootRoutes) {
      if (!routes.some((r) => r.method === root.method && r.url === root.url) && app.hasRoute(root)) {
        routes.push({ ...root, parts: parsePath(root.url), schema: {}, auth: 'none', multipart: false });
      }
    }
    await app.close();
  } finally {
    await runtime.worker.stop();
    await runtime.store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return routes.sort((a, b) => (a.url === b.url ? a.method.localeCompare(b.method) : a.url < b.url ? -1 : 1));
}

const knownRootRoutes = [{ method: 'GET', url: '/healthz' }];
