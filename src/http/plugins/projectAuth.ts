import type { TokenClaims } from '../../domain/auth/tokens.js';
import { errors } from '../../errors.js';
import type { SurfaceAuth } from './surface.js';

/**
 * The Numbers API's credentials: Basic (key id and secret) or a Bearer token from /oauth2/token,
 * checked in `onRequest` so no body is read for an unknown caller; a key of another project than
 * the path's is a 403.
 *
 * A callback hook, not an async one: credentials seen a moment ago (`cachedClaims`) are checked
 * synchronously, so the common request makes no promise here; only the others wait for
 * `authenticate` (docs/decisions.md, "Per-request work").
 */
export const projectAuth: SurfaceAuth = {
  security: [{ Basic: [] }, { OAuth2: [] }],
  errors: [401, 403, 429],
  install(scope, deps) {
    scope.addHook('onRequest', (request, _reply, done) => {
      const { projectId } = request.params as { projectId: string };
      const allow = (claims: TokenClaims) =>
        done(claims.projectId === projectId ? undefined : errors.permissionDenied());
      const cached = deps.auth.cachedClaims(request.headers.authorization);
      if (cached) return allow(cached);
      deps.auth.authenticate(request.headers.authorization, request.ip).then(allow, done);
    });
  },
};
