import type { FastifyRequest } from 'fastify';
import type { HttpDeps, Operation } from '../../deps.js';

type IssuedToken = NonNullable<Awaited<ReturnType<HttpDeps['auth']['issueToken']>>>;

/**
 * POST /oauth2/token — the client-credentials grant of auth.sinch.com. Errors use the OAuth2
 * body (`error`, `error_description`) the SDKs read, not the Numbers envelope (a 429 from the
 * failed-attempt limit keeps the envelope, as on every surface).
 *
 * The client is authenticated before its body is read, so anonymous bodies cost nothing: wrong
 * credentials are a 401 whatever the body says.
 */
export const issueToken: Operation = (app, { auth }) => {
  const issued = new WeakMap<FastifyRequest, IssuedToken>();
  app.post(
    '/oauth2/token',
    {
      // A few form fields; anything bigger is not a token request.
      bodyLimit: 8192,
      onRequest: async (request, reply) => {
        const token = await auth.issueToken(request.headers.authorization, request.ip);
        if (!token) {
          return reply.code(401).header('www-authenticate', 'Basic realm="open-numbers"').send({
            error: 'invalid_client',
            error_description: 'Client authentication failed: unknown access key or wrong secret',
          });
        }
        issued.set(request, token);
      },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.grant_type !== 'client_credentials') {
        return reply.code(400).send({
          error: 'unsupported_grant_type',
          error_description: 'Only grant_type=client_credentials is supported',
        });
      }
      return reply.header('cache-control', 'no-store').send(issued.get(request));
    },
  );
};
