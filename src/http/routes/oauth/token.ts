import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { HttpDeps, Operation } from '../../deps.js';
import { ErrorEnvelope, errorResponses } from '../../responses.js';
import { StringEnum } from '../../schemas.js';
import { TAGS } from '../../tags.js';

type IssuedToken = NonNullable<Awaited<ReturnType<HttpDeps['auth']['issueToken']>>>;

const OAuthError = (description: string) =>
  Type.Object({ error: Type.String(), error_description: Type.String() }, { description });

const TokenRequest = Type.Object({
  grant_type: StringEnum(['client_credentials']),
});

const Token = Type.Object(
  {
    access_token: Type.String({ description: 'A JWT for `Authorization: Bearer`' }),
    expires_in: Type.Integer({ description: 'Seconds until it expires' }),
    scope: Type.String(),
    token_type: StringEnum(['bearer']),
  },
  { description: 'A token for the Numbers API of the key’s project' },
);

/**
 * POST /oauth2/token — the client-credentials grant of auth.sinch.com. Errors use the OAuth2
 * body (`error`, `error_description`) the SDKs read, not the Numbers envelope (a 429 from the
 * failed-attempt limit keeps the envelope, as on every surface).
 *
 * The client is authenticated before its body is read, so anonymous bodies cost nothing: wrong
 * credentials are a 401 whatever the body says. The body schema documents the form; it is not
 * enforced, because a bad grant must be answered in the OAuth2 shape, by the handler.
 */
export const issueToken: Operation = (app, { auth }) => {
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    const issued = new WeakMap<FastifyRequest, IssuedToken>();
    scope.post(
      '/oauth2/token',
      {
        // A few form fields; anything bigger is not a token request.
        bodyLimit: 8192,
        schema: {
          operationId: 'AuthService_IssueToken',
          tags: [TAGS.oauth],
          summary: 'Exchange an access key for a Bearer token',
          description: 'The key id and secret come as Basic credentials; the body names the grant.',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          security: [{ Basic: [] }],
          body: TokenRequest,
          response: {
            200: Token,
            // The grant is answered in the OAuth2 shape; malformed JSON or text in the envelope.
            400: Type.Union([OAuthError('unsupported_grant_type'), ErrorEnvelope], {
              description: 'The grant is not client_credentials, or the body is malformed',
            }),
            401: OAuthError('Unknown access key or wrong secret (`invalid_client`)'),
            ...errorResponses(429),
          },
        },
        validatorCompiler: () => () => true,
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
        return reply.header('cache-control', 'no-store').send(issued.get(request)!);
      },
    );
  });
};
