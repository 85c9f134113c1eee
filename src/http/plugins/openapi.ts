import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { VERSION } from '../../paths.js';
import type { App } from '../deps.js';
import { TAG_DEFINITIONS } from '../tags.js';
import { toYaml } from '../yaml.js';
import { withWarningHeader } from './queryValues.js';

const DESCRIPTION = `A self-hostable, stateful implementation of the Sinch Numbers API, generated from
the schemas the server validates requests with and serializes answers with.

The Numbers API operations keep the upstream paths and operation ids. The Admin and Sandbox
surfaces exist only here; they take the server's admin token.`;

/**
 * The contract, published: \`GET /openapi.json\` (OpenAPI 3.0, built from the route schemas by
 * @fastify/swagger) and a reference page at \`/docs\` whose scripts and styles are served from
 * the swagger-ui-dist package in node_modules, so it works with no internet. Neither needs
 * credentials (routes/service/). Registered before any surface, so its \`onRoute\` hook sees
 * every route.
 */
export function openapi(app: App): void {
  // The plugin builds the document once, on first use, and keeps it (~0.1 s, not at start).
  // Its YAML took the `yaml` package ~0.7 s more, holding every other request meanwhile:
  // `/docs/yaml` serves ours (../yaml.ts), made from that document in a tenth of that, and kept.
  let yaml: string | undefined;
  app.addHook('onRoute', (route) => {
    if (route.url !== '/docs/yaml') return;
    route.handler = async (_request, reply) => {
      yaml ??= toYaml(app.swagger());
      return reply.type('application/x-yaml').send(yaml);
    };
  });
  app.register(swagger, {
    transform: ({ schema, url }) => ({ schema: schema && withWarningHeader(schema), url }),
    openapi: {
      openapi: '3.0.3',
      // The document's version is the server's (package.json), so a client can tell which it read.
      info: { title: 'Open Numbers', version: VERSION, description: DESCRIPTION },
      tags: TAG_DEFINITIONS,
      components: {
        securitySchemes: {
          Basic: {
            type: 'http',
            scheme: 'basic',
            description: 'Access key id as the user name and key secret as the password.',
          },
          OAuth2: {
            type: 'oauth2',
            description: 'A Bearer token from POST /oauth2/token (client credentials, one hour).',
            flows: { clientCredentials: { tokenUrl: '/oauth2/token', scopes: {} } },
          },
          AdminToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'The admin token the server was started with (OPEN_NUMBERS_ADMIN_TOKEN).',
          },
        },
      },
    },
  });
  app.register(swaggerUi, {
    routePrefix: '/docs',
    // No top bar: it carries another project's logo and a box to explore other documents.
    uiConfig: { layout: 'BaseLayout', deepLinking: true },
    // The plugin's Content-Security-Policy, less what reaches past this server: the page loads
    // everything from here, and plain-HTTP servers must not be upgraded to HTTPS.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace(/ https:/g, '')
        .replace(/ validator\.swagger\.io/, '')
        .replace(/ ?upgrade-insecure-requests;/, ''),
  });
}
