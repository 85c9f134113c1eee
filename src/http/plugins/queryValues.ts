import type { App } from '../deps.js';

interface PropertySchema {
  type?: unknown;
}

/**
 * Query text as the SDKs send it, made ready for the typed query schemas: an empty value is no
 * value (`pageToken=` is the first page), and a list parameter may come repeated (`a=X&a=Y`:
 * Java, .NET, Python) or comma-joined (`a=X,Y`: the Node SDK). Runs after the text-safety check.
 */
export function queryValues(app: App): void {
  app.addHook('preValidation', async (request) => {
    const properties = (
      request.routeOptions.schema?.querystring as { properties?: Record<string, PropertySchema> }
    )?.properties;
    const query = request.query as Record<string, string | string[]>;
    if (!properties || !query || typeof query !== 'object') return;
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
  });
}
