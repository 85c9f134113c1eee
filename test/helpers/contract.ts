import assert from 'node:assert/strict';
import { Ajv, type ValidateFunction } from 'ajv';
import type { App } from '../../src/http/deps.js';

/**
 * The published document as a test oracle: every response a test receives through the helpers
 * is checked against the schema the document declares for its operation and status, so a schema
 * that lies (a missing status, a field of another type) fails the test that saw it.
 */

interface Operation {
  method: string;
  pattern: RegExp;
  /** Literal characters of the path: the most specific template wins (`{n}:release` over `{n}`). */
  specificity: number;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
  validators: Map<string, ValidateFunction | null>;
}

const ajv = new Ajv({ strict: false, allErrors: true });
const byApp = new WeakMap<App, Operation[]>();

function operationsOf(app: App): Operation[] {
  let operations = byApp.get(app);
  if (operations) return operations;
  const document = app.swagger() as unknown as {
    paths: Record<string, Record<string, Operation['responses']>>;
  };
  operations = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    const source = path
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('');
    for (const [method, operation] of Object.entries(methods)) {
      operations.push({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${source}$`),
        specificity: path.replace(/\{[^}]+\}/g, '').length,
        responses: (operation as unknown as { responses: Operation['responses'] }).responses,
        validators: new Map(),
      });
    }
  }
  byApp.set(app, operations);
  return operations;
}

/** Fails unless the response matches what the document declares for its operation and status. */
export function assertDeclaredResponse(
  app: App,
  request: { method: string; url: string },
  response: { status: number; headers: Record<string, unknown>; body: unknown },
): void {
  const path = request.url.split('?')[0]!;
  const operation = operationsOf(app)
    .filter((op) => op.method === request.method && op.pattern.test(path))
    .sort((a, b) => b.specificity - a.specificity)[0];
  // No operation: the router answered (404 no route, 405), which no operation declares.
  if (!operation) return;
  const status = String(response.status);
  const declared = operation.responses[status];
  assert.ok(declared, `${request.method} ${path} answered ${status}, which its schema does not declare`);
  const contentType = String(response.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/json')) return;
  if (!operation.validators.has(status)) {
    const schema = declared.content?.['application/json']?.schema;
    operation.validators.set(status, schema ? ajv.compile(schema) : null);
  }
  const validate = operation.validators.get(status);
  assert.ok(validate, `${request.method} ${path} answered JSON ${status}, declared without a JSON body`);
  assert.ok(
    validate(response.body),
    `${request.method} ${path} ${status} does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body).slice(0, 500)}`,
  );
}

/**
 * Checks every response the app sends, however the test sent its request (`call()`, a bare
 * `inject`, real HTTP), against the document; returns the list of violations, which
 * `TestApp.close()` asserts is empty. Checked in `onSend`, where the serialized body is at hand.
 */
export function checkResponsesAgainstDocument(app: App): string[] {
  const violations: string[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    const headers = reply.getHeaders() as Record<string, unknown>;
    let body: unknown;
    if (typeof payload === 'string' && String(headers['content-type'] ?? '').startsWith('application/json')) {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    try {
      assertDeclaredResponse(
        app,
        { method: request.method, url: request.url },
        { status: reply.statusCode, headers, body },
      );
    } catch (error) {
      violations.push((error as Error).message);
    }
    return payload;
  });
  return violations;
}
