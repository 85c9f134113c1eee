import { errors } from '../../errors.js';
import type { SurfaceAuth } from './surface.js';

/** The operator's surfaces (admin, sandbox): the admin token as a Bearer, checked in `onRequest`. */
export const adminAuth: SurfaceAuth = {
  security: [{ AdminToken: [] }],
  errors: [401],
  install(scope, deps) {
    scope.addHook('onRequest', async (request) => {
      const header = request.headers.authorization ?? '';
      const token = /^bearer /i.test(header) ? header.slice(7).trim() : '';
      if (!token || !deps.adminToken.verify(token))
        throw errors.unauthenticated('This surface needs the admin token (Bearer)');
    });
  },
};
