import type { App } from '../deps.js';
import { errorResponses } from '../responses.js';
import { assertStorableText } from '../textSafety.js';

/**
 * JSON bodies and text safety, for every surface (it is installed on the root, not a scope):
 * the only body parser besides the ones an operation adds for itself (form, multipart), and the
 * refusal of text the stores cannot keep, in bodies, queries and paths alike.
 */
export function jsonBody(app: App): void {
  // The Node SDK sends `Content-Type: application/json` with no body on :release and friends.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    parseJson(request, String(body), (error, parsed) => {
      if (error) return done(error, undefined);
      try {
        assertStorableText(parsed);
        done(null, parsed);
      } catch (unstorable) {
        done(unstorable as Error, undefined);
      }
    });
  });
  // A callback hook (every request passes here; an async one would cost each a promise).
  app.addHook('preValidation', (request, _reply, done) => {
    // A missing, empty or `null` body of an operation that takes one counts as `{}` (the SDKs
    // send no body on body-less POSTs), so handlers always get an object.
    if (request.body == null && request.routeOptions.schema?.body) request.body = {};
    try {
      assertStorableText(request.query);
      assertStorableText(request.params);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
  // An operation that takes a body can also be refused for its JSON, size or content type.
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!route.schema?.body && !methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH')) return;
    route.schema ??= {};
    route.schema.response = { ...errorResponses(400, 413, 415), ...(route.schema.response as object) };
  });
}
