import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../deps.js';
import { closestField } from '../unknownFields.js';

interface PropertySchema {
  type?: unknown;
}

/**
 * Query text as the SDKs send it, made ready for the typed query schemas: an empty value is no
 * value (`pageToken=` is the first page), and a list parameter may come repeated (`a=X&a=Y`:
 * Java, .NET, Python) or comma-joined (`a=X,Y`: the Node SDK). Runs after the text-safety check.
 */
export function queryValues(app: App): void {
  // A callback hook (every request passes here; an async one would cost each a promise).
  app.addHook('preValidation', (request, reply, done) => {
    normalizeQuery(request, reply);
    done();
  });
}

function normalizeQuery(request: FastifyRequest, reply: FastifyReply): void {
  const properties = (
    request.routeOptions.schema?.querystring as { properties?: Record<string, PropertySchema> }
  )?.properties;
  const query = request.query as Record<string, string | string[]>;
  if (!properties || !query || typeof query !== 'object') return;
  warnAboutIgnored(request, reply, Object.keys(query), Object.keys(properties));
  for (const [key, value] of Object.entries(query)) {
    if (properties[key]?.type === 'array') {
      const items = (Array.isArray(value) ? value : [value])
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length) query[key] = items;
      else delete query[key];
    } else if (value === '') {
      delete query[key];
    }
  }
}

/** The response header that names ignored query parameters (RFC 9110 §5.6.4 quoted-string inside). */
export const WARNING_HEADER = 'warning';

const WARNING_HEADER_SCHEMA = {
  type: 'string',
  description:
    'Sent when the request had query parameters this operation does not read (they were ignored): ' +
    '`299 - "Ignored query parameter capability: this operation reads capabilities"`, several comma-joined',
};

/**
 * The route schema as the document shows it: every answer of an operation that declares query
 * parameters may carry the Warning header (it is set before validation, so also on a 400), and
 * says so. Used by the OpenAPI plugin's transform; the route's own schemas are not changed.
 */
export function withWarningHeader<S extends { querystring?: unknown; response?: unknown }>(schema: S): S {
  const properties = (schema.querystring as { properties?: object } | undefined)?.properties;
  if (!properties || !schema.response) return schema;
  const response = Object.fromEntries(
    Object.entries(schema.response as Record<string, { headers?: object }>).map(([status, answer]) => [
      status,
      { ...answer, headers: { ...answer.headers, [WARNING_HEADER]: WARNING_HEADER_SCHEMA } },
    ]),
  );
  return { ...schema, response };
}

/**
 * A query parameter the operation does not read is ignored, as upstream does, but not silently:
 * the answer carries `Warning: 299 - "…"` naming it and the parameter meant (the names differ per
 * operation: `capabilities`/`size` on the search, `capability`/`pageSize` on the active list), and
 * the log says so.
 */
function warnAboutIgnored(request: FastifyRequest, reply: FastifyReply, sent: string[], declared: string[]) {
  // The first few are enough to point at the mistake and keep the header small.
  const ignored = sent.filter((name) => !declared.includes(name)).slice(0, 10);
  if (!ignored.length) return;
  const unsent = declared.filter((name) => !sent.includes(name));
  const warnings = ignored.map((name) => {
    const meant = closestField(name, unsent);
    return meant
      ? `Ignored query parameter ${name}: this operation reads ${meant}`
      : `Ignored query parameter ${name}: this operation does not read it`;
  });
  request.log.info({ ignoredQueryParameters: ignored }, warnings.join('; '));
  const quoted = (text: string) => `299 - "${text.replace(/[\\"]/g, '\\$&').replace(/[^\x20-\x7e]/g, '?')}"`;
  reply.header(WARNING_HEADER, warnings.map(quoted).join(', '));
}
