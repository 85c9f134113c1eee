import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { App } from '../../src/http/deps.js';
import { BASE, call } from '../helpers/api.js';
import { assertDeclaredResponse } from '../helpers/contract.js';
import { type AppWithRoutes, appWithRoutes } from '../helpers/routeList.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

/** Fastify's path syntax → the document's: `:id(regex)` → `{id}`, `::` → `:`. */
function documentPath(url: string): string {
  return url
    .split('::')
    .map((part) => part.replace(/:(\w+)(\([^)]*\))?/g, '{$1}'))
    .join(':');
}

describe('the OpenAPI document', () => {
  let loaded: AppWithRoutes;
  let app: App;
  const routes: { method: string; url: string; hidden: boolean }[] = [];
  let document: any;

  before(async () => {
    loaded = await appWithRoutes();
    app = loaded.app;
    for (const route of loaded.routes) {
      for (const method of [route.method].flat()) {
        routes.push({ method, url: route.url, hidden: Boolean((route.schema as any)?.hide) });
      }
    }
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    document = response.json();
  });

  after(() => loaded.close());

  test('is a valid OpenAPI 3 document', async () => {
    assert.match(document.openapi, /^3\./);
    const result = await new Validator().validate(document);
    assert.deepEqual(result, { valid: true }, JSON.stringify(result.errors, null, 2)?.slice(0, 2000));
  });

  test('/docs/yaml is the same document, in YAML', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/yaml' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/x-yaml/);
    const validator = new Validator();
    const result = await validator.validate(response.body); // a string: read as YAML
    assert.deepEqual(result, { valid: true }, JSON.stringify(result.errors, null, 2)?.slice(0, 2000));
    assert.deepEqual(validator.specification, document);
  });

  test('has every registered route with its method, an operationId, tags and a summary', () => {
    // swagger-ui's own pages and assets are hidden: they are the reference page, not the API.
    const visible = routes.filter((r) => !r.hidden);
    assert.ok(visible.length >= 36, `only ${visible.length} routes`);
    const ids = new Set<string>();
    for (const route of visible) {
      const operation = document.paths[documentPath(route.url)]?.[route.method.toLowerCase()];
      assert.ok(operation, `${route.method} ${route.url} is not in the document`);
      assert.ok(operation.operationId, `${route.method} ${route.url} has no operationId`);
      assert.ok(!ids.has(operation.operationId), `${operation.operationId} is used twice`);
      ids.add(operation.operationId);
      assert.ok(operation.tags?.length, `${operation.operationId} has no tags`);
      assert.ok(operation.summary, `${operation.operationId} has no summary`);
      assert.ok(operation.responses['200'], `${operation.operationId} declares no 200`);
    }
  });

  test('uses the upstream operation ids, and marks the extensions', () => {
    const ids = Object.values(document.paths).flatMap((methods: any) =>
      Object.values(methods).map((op: any) => op.operationId),
    );
    for (const id of [
      'NumberService_ListAvailableNumbers',
      'NumberService_ListActiveNumbers',
      'NumberService_ListAvailableRegions',
      'GetCallbackConfiguration',
      'NumberService_ProvisionEmergencyAddress',
      'CreateNumberOrder',
      'UploadNumberOrderAttachment',
    ]) {
      assert.ok(ids.includes(id), id);
    }
    const tags = document.tags.map((t: any) => t.name);
    assert.ok(tags.includes('Admin (Open Numbers extension)'));
    assert.ok(tags.includes('Sandbox (Open Numbers extension)'));
  });

  test('declares Basic and OAuth2 client credentials, and needs them on the Numbers API', () => {
    const schemes = document.components.securitySchemes;
    assert.equal(schemes.Basic.scheme, 'basic');
    assert.equal(schemes.OAuth2.flows.clientCredentials.tokenUrl, '/oauth2/token');
    const list = document.paths['/v1/projects/{projectId}/activeNumbers'].get;
    assert.deepEqual(list.security, [{ Basic: [] }, { OAuth2: [] }]);
    assert.deepEqual(document.paths['/healthz'].get.security, []);
    for (const status of ['400', '401', '403', '429', '500'])
      assert.ok(list.responses[status], `ListActiveNumbers declares no ${status}`);
  });

  test('declares the Warning header on every answer of the operations that take query parameters', () => {
    const withQuery = Object.entries(document.paths).flatMap(([path, methods]: [string, any]) =>
      Object.entries(methods).map(([method, op]: [string, any]) => ({ path, method, op })),
    );
    const queried = withQuery.filter(({ op }) => op.parameters?.some((p: any) => p.in === 'query'));
    assert.ok(queried.length >= 8, `only ${queried.length} operations take query parameters`);
    for (const { path, method, op } of queried) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        assert.equal(response.headers?.warning?.schema?.type, 'string', `${method} ${path} ${status}`);
      }
    }
    const rent = document.paths['/v1/projects/{projectId}/availableNumbers/{phoneNumber}:rent'].post;
    assert.equal(
      rent.responses['200'].headers,
      undefined,
      'an operation without query parameters sends none',
    );
  });

  test('types the query values', () => {
    const parameters = document.paths['/v1/projects/{projectId}/availableNumbers'].get.parameters;
    const type = parameters.find((p: any) => p.name === 'type' && p.in === 'query');
    assert.deepEqual(type.schema.enum, ['MOBILE', 'LOCAL', 'TOLL_FREE']);
    assert.equal(type.required, true);
    const size = parameters.find((p: any) => p.name === 'size');
    assert.equal(size.schema.type, 'integer');
    const capabilities = parameters.find((p: any) => p.name === 'capabilities');
    assert.equal(capabilities.schema.type, 'array');
  });
});

describe('the reference page and the response check', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('/docs is HTML whose scripts and styles all come from this server', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const assets = [...page.body.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), page.body);
    for (const asset of assets) {
      assert.doesNotMatch(asset, /^(https?:)?\/\//, `${asset} is not local`);
      const served = await t.app.inject({ method: 'GET', url: new URL(asset, 'http://x/docs/').pathname });
      assert.equal(served.statusCode, 200, asset);
    }
    const initializer = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    // It points swagger-ui at this server's document; no URL in it is followed but that one.
    assert.match(initializer.body, /url: resolveUrl\('.\/json'\)/);
    assert.doesNotMatch(initializer.body, /(url|src|href)['"]?\s*[:=]\s*['"`]https?:/i);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /https:|upgrade-insecure/);
  });

  test('/openapi.json and /docs need no credentials', async () => {
    for (const url of ['/openapi.json', '/docs/', '/healthz'])
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 200, url);
    assert.equal(
      (await call(t, { method: 'GET', url: '/openapi.json', headers: { authorization: '' } })).status,
      200,
    );
  });

  test('a response that its schema does not declare fails the check', () => {
    const request = { method: 'GET', url: `${BASE}/activeNumbers` };
    const headers = { 'content-type': 'application/json' };
    assert.throws(() => assertDeclaredResponse(t.app, request, { status: 418, headers, body: {} }), /418/);
    assert.throws(
      () => assertDeclaredResponse(t.app, request, { status: 200, headers, body: { activeNumbers: 'x' } }),
      /does not match/,
    );
    assertDeclaredResponse(t.app, request, {
      status: 200,
      headers,
      body: { activeNumbers: [], nextPageToken: '', totalSize: 0 },
    });
  });
});
