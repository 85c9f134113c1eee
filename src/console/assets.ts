import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import { errors } from '../errors.js';
import type { Operation } from '../http/deps.js';
import { PathParam } from '../http/schemas.js';
import { CONSOLE_ASSETS_DIR, PROJECT_ROOT } from '../paths.js';

/**
 * The console's two static files, read once at start: our style sheet and htmx (from the
 * htmx.org package, so no build step and nothing from the internet). Their URLs carry a digest
 * of the content, so a browser may keep them for a day and still never runs a stale copy. Both
 * are found from the project root (src/paths.ts), whether the code runs from src/ or dist/.
 */
const fromRoot = createRequire(new URL('package.json', PROJECT_ROOT));

interface Asset {
  body: Buffer;
  type: string;
  version: string;
}

function asset(path: string, type: string): Asset {
  const body = readFileSync(path);
  return { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

const ASSETS: Record<string, Asset> = {
  'console.css': asset(fileURLToPath(new URL('console.css', CONSOLE_ASSETS_DIR)), 'text/css; charset=utf-8'),
  'htmx.min.js': asset(fromRoot.resolve('htmx.org/dist/htmx.min.js'), 'text/javascript; charset=utf-8'),
};

/** The URL of an asset, with its version. */
export function assetUrl(name: keyof typeof ASSETS & string): string {
  return `/console/assets/${name}?v=${ASSETS[name]!.version}`;
}

/** GET /console/assets/{name} — no session needed: the sign-in page uses them too. */
export const serveAsset: Operation = (app) => {
  app.get(
    '/assets/:name',
    { schema: { hide: true, params: Type.Object({ name: PathParam }) }, config: { consolePublic: true } },
    async (request, reply) => {
      const { name } = request.params;
      const found = ASSETS[name];
      if (!found) throw errors.notFound('Asset', name, `The console has no file ${name}`);
      return reply.type(found.type).header('cache-control', 'public, max-age=86400').send(found.body);
    },
  );
};
