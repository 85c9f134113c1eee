import type { Operation } from '../../deps.js';

/**
 * POST /oauth2/token — the client-credentials grant of auth.sinch.com. Errors use the OAuth2
 * body (`error`, `error_description`) the SDKs read, not the Numbers envelope.
 */
export const issueToken: Operation = (app, { auth }) => {
  app.post('/oauth2/token', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'client_credentials') {
      return reply.code(400).send({
        error: 'unsupported_grant_type',
        error_description: 'Only grant_type=client_credentials is supported',
      });
    }
    const token = await auth.issueToken(request.headers.authorization);
    if (!token) {
      return reply.code(401).header('www-authenticate', 'Basic realm="open-numbers"').send({
        error: 'invalid_client',
        error_description: 'Client authentication failed: unknown access key or wrong secret',
      });
    }
    return reply.header('cache-control', 'no-store').send(token);
  });
};
