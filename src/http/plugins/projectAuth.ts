import { errors } from '../../errors.js';
import type { SurfaceAuth } from './surface.js';

/**
 * The Numbers API's credentials: Basic (key id and secret) or a Bearer token from /oauth2/token,
 * checked in `onRequest` so no body is read for an unknown caller; a key of another project than
 * the path's is a 403.
 */
export const projectAuth: SurfaceAuth = {
  security: [{ Basic: [] }, { OAuth2: [] }],
  errors: [401, 403, 429],
  install(scope, deps) {
    scope.addHook('onRequest', async (request) => {
      const claims = await deps.auth.authenticate(request.headers.authorization, request.ip);
      const { projectId } = request.params as { projectId: string };
      if (claims.projectId !== projectId) throw errors.permissionDenied();
    });
  },
};
