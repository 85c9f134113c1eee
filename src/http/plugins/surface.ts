import type { ErrorShape } from '../../errors.js';
import type { App, HttpDeps, Operation } from '../deps.js';
import { asFlatErrors, type ErrorStatusCode, errorResponses } from '../responses.js';

/** How a surface authenticates: its check, and what the document says about it. */
export interface SurfaceAuth {
  /** The OpenAPI security requirements of every operation of the surface ([] = none). */
  security: Record<string, string[]>[];
  /** The error statuses the check itself answers, declared on every operation of the surface. */
  errors: ErrorStatusCode[];
  /** Adds the check to the surface's scope; it runs in `onRequest`, before any body is read. */
  install(scope: App, deps: HttpDeps): void;
}

/** One part of the API: its path prefix, who may call it, and its operations. */
export interface Surface {
  prefix: string;
  auth: SurfaceAuth;
  operations: Operation[];
  /** The error envelope of its API (default `numbers`); `imported` is flat. */
  errorShape?: ErrorShape;
}

/**
 * The envelope for a request path: that of the first surface whose static prefix (the part
 * before any `:param`) starts the path and that names one; `fallback` otherwise.
 */
export function errorShapeFor(surfaces: Surface[], fallback: ErrorShape = 'numbers') {
  const shaped = surfaces
    .filter((surface) => surface.errorShape && surface.prefix)
    .map((surface) => ({ start: surface.prefix.split(':')[0]!, shape: surface.errorShape! }));
  return (path: string): ErrorShape => {
    // Compared as the router matches: `/%69mported/…` is `/imported/…`.
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // Not decodable: the router refuses it too (frameworkErrors), by the raw path.
    }
    return shaped.find(({ start }) => decoded.startsWith(start))?.shape ?? fallback;
  };
}

/** No credentials: /healthz and the document; the token route authenticates its client itself. */
export const noAuth: SurfaceAuth = { security: [], errors: [], install() {} };

/**
 * Mounts a surface in its own scope, so its auth hook applies to its operations only. Every
 * operation is documented with the surface's security and the errors its auth can answer, and
 * with 500, which any operation can answer.
 */
export function mountSurface(app: App, surface: Surface, deps: HttpDeps): void {
  app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.schema ??= {};
        const schema = route.schema as Record<string, unknown>;
        schema.security ??= surface.auth.security;
        const response = {
          ...errorResponses(...surface.auth.errors, 500),
          ...(schema.response as object),
        };
        schema.response = surface.errorShape === 'imported' ? asFlatErrors(response) : response;
      });
      surface.auth.install(scope, deps);
      for (const operation of surface.operations) operation(scope, deps);
    },
    { prefix: surface.prefix },
  );
}
