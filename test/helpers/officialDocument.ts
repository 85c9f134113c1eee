import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/**
 * Sinch's own OpenAPI document for the Numbers API (1.0.3, contract §14), read where the
 * contract keeps it (`../shared/contract/official/` beside the repository), or from
 * OPEN_NUMBERS_OFFICIAL_NUMBERS_DOCUMENT. Not copied into the repository: we write our own
 * schemas and words, and test them against Sinch's.
 */
export function officialNumbersDocument(): any {
  const path = officialDocumentPath();
  if (!existsSync(path)) throw new Error(missing(path));
  return parse(readFileSync(path, 'utf8'));
}

function officialDocumentPath(): string {
  return (
    process.env.OPEN_NUMBERS_OFFICIAL_NUMBERS_DOCUMENT ??
    resolve(import.meta.dirname, '../../../shared/contract/official/sinch-numbers-api-openapi.yaml')
  );
}

function missing(path: string): string {
  return `Sinch's Numbers API document is not at ${path}; set OPEN_NUMBERS_OFFICIAL_NUMBERS_DOCUMENT to its path`;
}

/**
 * Whether the document is at hand: a checkout without the contract beside it skips the comparison
 * (loudly, naming the path) rather than failing for a file the repository must not copy.
 */
export function officialDocumentSkip(): string | false {
  const path = officialDocumentPath();
  if (existsSync(path)) return false;
  process.stderr.write(`\n*** SKIPPED: ${missing(path)} ***\n\n`);
  return missing(path);
}

/**
 * What a schema says about a value once `$ref`, `allOf`, `oneOf`/`anyOf` and `nullable` are
 * resolved: the JSON types, the enum, the properties (each with its shape) and which of them are
 * required. A union's object variants are merged (the properties any variant has; required only
 * when every variant requires it), as a client reading the value sees them.
 */
export interface Shape {
  /** JSON types, `null` included when the value may be null; empty = any type. */
  types: Set<string>;
  enum?: Set<unknown>;
  properties?: Map<string, Shape>;
  required: Set<string>;
  items?: Shape;
  /** An object declared with no properties: any keys (a free-form object). */
  freeForm: boolean;
  readOnly: boolean;
}

function resolveRef(document: any, ref: string): any {
  if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
  let node = document;
  for (const part of ref.slice(2).split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

const anyShape = (): Shape => ({ types: new Set(), required: new Set(), freeForm: false, readOnly: false });

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Both shapes at once (allOf): types narrowed, properties and required joined. */
function intersect(a: Shape, b: Shape): Shape {
  const types =
    a.types.size === 0
      ? b.types
      : b.types.size === 0
        ? a.types
        : new Set([...a.types].filter((t) => b.types.has(t)));
  return {
    types,
    enum: a.enum ?? b.enum,
    properties:
      a.properties || b.properties ? mergeProperties(a.properties, b.properties, intersect) : undefined,
    required: new Set([...a.required, ...b.required]),
    items: a.items && b.items ? intersect(a.items, b.items) : (a.items ?? b.items),
    freeForm: a.freeForm && b.freeForm,
    readOnly: a.readOnly || b.readOnly,
  };
}

/** Either shape (oneOf/anyOf): types and enums joined, properties of any variant, required by all. */
function unite(a: Shape, b: Shape): Shape {
  const types =
    a.types.size === 0 || b.types.size === 0 ? new Set<string>() : new Set([...a.types, ...b.types]);
  const onlyNull = (s: Shape) => s.types.size === 1 && s.types.has('null');
  const enumOf = onlyNull(a)
    ? b.enum
    : onlyNull(b)
      ? a.enum
      : a.enum && b.enum
        ? new Set([...a.enum, ...b.enum])
        : undefined;
  const requiredOf = (s: Shape) => (onlyNull(s) ? undefined : s.required);
  const ra = requiredOf(a);
  const rb = requiredOf(b);
  return {
    types,
    enum: enumOf,
    properties: a.properties || b.properties ? mergeProperties(a.properties, b.properties, unite) : undefined,
    required: ra && rb ? new Set([...ra].filter((p) => rb.has(p))) : (ra ?? rb ?? new Set()),
    items: a.items && b.items ? unite(a.items, b.items) : (a.items ?? b.items),
    freeForm: a.freeForm || b.freeForm,
    readOnly: a.readOnly && b.readOnly,
  };
}

function mergeProperties(
  a: Map<string, Shape> | undefined,
  b: Map<string, Shape> | undefined,
  merge: (x: Shape, y: Shape) => Shape,
): Map<string, Shape> {
  const merged = new Map(a ?? []);
  for (const [name, shape] of b ?? []) {
    const existing = merged.get(name);
    merged.set(name, existing ? merge(existing, shape) : shape);
  }
  return merged;
}

export function shapeOf(document: any, schema: any, seen: string[] = []): Shape {
  if (schema === undefined || schema === true) return anyShape();
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) return anyShape();
    return shapeOf(document, resolveRef(document, schema.$ref), [...seen, schema.$ref]);
  }
  let shape: Shape = anyShape();
  const declared = schema.type === undefined ? [] : [schema.type].flat();
  if (declared.length) shape.types = new Set(declared);
  if (schema.enum) {
    shape.enum = new Set(schema.enum);
    if (!declared.length) shape.types = new Set(schema.enum.map(typeOfValue));
  }
  if (schema.nullable === true && shape.types.size) shape.types.add('null');
  if (schema.properties) {
    shape.properties = new Map(
      Object.entries(schema.properties).map(([name, s]) => [name, shapeOf(document, s, seen)]),
    );
  }
  if (schema.required) shape.required = new Set(schema.required);
  if (schema.items) shape.items = shapeOf(document, schema.items, seen);
  shape.readOnly = schema.readOnly === true;
  for (const member of schema.allOf ?? []) shape = intersect(shape, shapeOf(document, member, seen));
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    const union = variants.map((v: any) => shapeOf(document, v, seen)).reduce(unite);
    shape = intersect({ ...shape, types: shape.types }, union);
  }
  if (schema.readOnly === true) shape.readOnly = true;
  const isObject = shape.types.has('object') || (shape.types.size === 0 && !shape.items && !shape.enum);
  shape.freeForm = isObject && !shape.properties;
  return shape;
}

const list = (values: Iterable<unknown>) => [...values].map(String).sort().join(', ');
const sameSet = (a: Set<unknown>, b: Set<unknown>) => a.size === b.size && [...a].every((v) => b.has(v));

export interface CompareOptions {
  /** `response`: every difference of names, types, enums, nullability, and what the document requires. `request`: names and required. */
  direction: 'response' | 'request';
}

/**
 * The differences between the document's shape and ours, one line each, as `<path>: <what>`.
 * Paths are dotted property names; `[]` stands for an array's items.
 */
export function compareShapes(
  official: Shape,
  ours: Shape,
  path: string,
  { direction }: CompareOptions,
): string[] {
  const differences: string[] = [];
  const at = path || '(body)';
  const nonNull = (types: Set<string>) => new Set([...types].filter((t) => t !== 'null'));
  if (direction === 'response') {
    const o = nonNull(official.types);
    const u = nonNull(ours.types);
    if (o.size && !sameSet(o, u))
      differences.push(`${at}: type ${list(u) || 'any'}, the document says ${list(o)}`);
    if (ours.types.has('null') && !official.types.has('null') && official.types.size)
      differences.push(`${at}: may be null, the document says not`);
    if (official.enum && !ours.enum)
      differences.push(`${at}: no enum, the document lists ${list(official.enum)}`);
    if (ours.enum && !official.enum)
      differences.push(`${at}: enum ${list(ours.enum)}, the document has none`);
    if (official.enum && ours.enum && !sameSet(official.enum, ours.enum))
      differences.push(`${at}: enum ${list(ours.enum)}, the document lists ${list(official.enum)}`);
  }
  if (official.items && ours.items) {
    differences.push(...compareShapes(official.items, ours.items, `${path}[]`, { direction }));
  } else if (official.items && !ours.items && direction === 'response' && ours.types.has('array')) {
    differences.push(`${at}: array of anything, the document types its items`);
  }
  if (official.freeForm) return differences;
  const officialProperties = new Map(
    [...(official.properties ?? [])].filter(([, s]) => direction === 'response' || !s.readOnly),
  );
  const ourProperties = ours.properties ?? new Map<string, Shape>();
  const name = (property: string) => (path ? `${path}.${property}` : property);
  for (const [property, shape] of officialProperties) {
    const our = ourProperties.get(property);
    if (!our) {
      differences.push(`${name(property)}: missing, the document has it`);
      continue;
    }
    differences.push(...compareShapes(shape, our, name(property), { direction }));
  }
  for (const property of ourProperties.keys()) {
    if (!officialProperties.has(property))
      differences.push(`${name(property)}: ours only, not in the document`);
  }
  if (direction === 'response') {
    for (const property of official.required) {
      if (ourProperties.has(property) && !ours.required.has(property))
        differences.push(`${name(property)}: the document requires it, ours may leave it out`);
    }
  } else {
    for (const property of official.required) {
      if (!officialProperties.has(property)) continue;
      if (ourProperties.has(property) && !ours.required.has(property))
        differences.push(`${name(property)}: required by the document, optional in ours`);
    }
    for (const property of ours.required) {
      if (!official.required.has(property) && officialProperties.has(property))
        differences.push(`${name(property)}: required in ours, optional in the document`);
    }
  }
  return differences;
}

export interface DocumentOperation {
  path: string;
  method: string;
  operation: any;
  /** Path-level and operation-level parameters, `$ref`s resolved. */
  parameters: any[];
}

/** Every operation of a document, with its parameters resolved. */
export function operationsOf(document: any): DocumentOperation[] {
  const operations: DocumentOperation[] = [];
  for (const [path, item] of Object.entries<any>(document.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
      const resolve = (p: any) => (p.$ref ? resolveRef(document, p.$ref) : p);
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
      operations.push({ path, method, operation, parameters });
    }
  }
  return operations;
}

/** The operation's response object for a status, `$ref` resolved. */
export function responseOf(document: any, operation: any, status: string): any {
  const response = operation.responses?.[status];
  return response?.$ref ? resolveRef(document, response.$ref) : response;
}

export function requestBodyOf(document: any, operation: any): any {
  const body = operation.requestBody;
  return body?.$ref ? resolveRef(document, body.$ref) : body;
}

export function successStatuses(operation: any): string[] {
  return Object.keys(operation.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
}

/**
 * Every difference between Sinch's document and ours, as `<operationId> <where> <path>: <what>`
 * lines: an operation of the document that ours lacks (matched by method and path) or names
 * otherwise; a success status either declares alone; for every status both declare, the body's
 * shape (compareShapes, response rules); the parameters (name, place, required); the request
 * body's content types and shape (request rules). An error status only the document declares
 * (a 404 on a list, which we never answer) is no difference: there is no body to compare.
 */
export function documentDifferences(official: any, ours: any): string[] {
  const differences: string[] = [];
  const ourOperations = new Map(operationsOf(ours).map((o) => [`${o.method} ${o.path}`, o]));
  for (const theirs of operationsOf(official)) {
    const id = theirs.operation.operationId;
    const mine = ourOperations.get(`${theirs.method} ${theirs.path}`);
    if (!mine) {
      differences.push(`${id}: ${theirs.method.toUpperCase()} ${theirs.path} is not in ours`);
      continue;
    }
    const add = (where: string, lines: string[]) =>
      differences.push(...lines.map((l) => `${id} ${where} ${l}`));
    if (mine.operation.operationId !== id) add('operationId:', [`ours is ${mine.operation.operationId}`]);

    // Statuses: every success status of the document; the body of each status both declare.
    for (const status of successStatuses(theirs.operation)) {
      if (!responseOf(ours, mine.operation, status)) add(`${status}:`, ['not declared by ours']);
    }
    for (const status of successStatuses(mine.operation)) {
      if (!theirs.operation.responses[status]) add(`${status}:`, ['declared by ours, not by the document']);
    }
    for (const status of Object.keys(theirs.operation.responses)) {
      const theirResponse = responseOf(official, theirs.operation, status);
      const myResponse = responseOf(ours, mine.operation, status);
      if (!myResponse) continue;
      const theirContent = Object.keys(theirResponse.content ?? {});
      const myContent = Object.keys(myResponse.content ?? {});
      if (list(theirContent) !== list(myContent)) {
        add(`${status}:`, [
          `content ${list(myContent) || 'none'}, the document says ${list(theirContent) || 'none'}`,
        ]);
      }
      for (const type of theirContent.filter((t) => myContent.includes(t))) {
        add(
          status,
          compareShapes(
            shapeOf(official, theirResponse.content[type].schema),
            shapeOf(ours, myResponse.content[type].schema),
            '',
            { direction: 'response' },
          ),
        );
      }
    }

    // Parameters: names, where, required.
    const key = (p: any) => `${p.in} ${p.name}`;
    const theirParameters = new Map(theirs.parameters.map((p) => [key(p), p]));
    const myParameters = new Map(mine.parameters.map((p) => [key(p), p]));
    for (const [k, p] of theirParameters) {
      const m = myParameters.get(k);
      if (!m) add('parameter', [`${k}: missing, the document has it`]);
      else if (Boolean(m.required) !== Boolean(p.required))
        add('parameter', [
          `${k}: ${m.required ? 'required' : 'optional'} in ours, the document says ${p.required ? 'required' : 'optional'}`,
        ]);
    }
    for (const k of myParameters.keys()) {
      if (!theirParameters.has(k)) add('parameter', [`${k}: ours only, not in the document`]);
    }

    // The request body: content types, property names, required.
    const theirBody = requestBodyOf(official, theirs.operation);
    const myBody = requestBodyOf(ours, mine.operation);
    const theirTypes = Object.keys(theirBody?.content ?? {});
    const myTypes = Object.keys(myBody?.content ?? {});
    if (list(theirTypes) !== list(myTypes)) {
      add('body:', [`content ${list(myTypes) || 'none'}, the document says ${list(theirTypes) || 'none'}`]);
    }
    for (const type of theirTypes.filter((t) => myTypes.includes(t))) {
      add(
        'body',
        compareShapes(
          shapeOf(official, theirBody.content[type].schema),
          shapeOf(ours, myBody.content[type].schema),
          '',
          { direction: 'request' },
        ),
      );
    }
  }
  return differences;
}

/** `{anyOf: [null, schema]}`: what live traffic adds to a schema the document types as never null. */
const orNull = (schema: unknown) => ({ anyOf: [{ type: 'null' }, schema] });

/**
 * The places live traffic sends `null` where the document's types do not allow it (contract
 * §5.1–§5.4, §14.7): unset timestamps and scheduled provisioning objects of an active number.
 */
export const LIVE_NULLS: { schema: string; path: string[] }[] = [
  { schema: 'ActiveNumberResponse', path: ['properties', 'expireAt'] },
  { schema: 'smsConfiguration', path: ['allOf', '1', 'properties', 'scheduledProvisioning'] },
  { schema: 'VoiceConfigurationCommon', path: ['properties', 'lastUpdatedTime'] },
  { schema: 'VoiceConfigurationCommon', path: ['properties', 'scheduledVoiceProvisioning'] },
];

/**
 * Sinch's document as live traffic amends it, made checkable by Ajv: the `null`s of LIVE_NULLS
 * allowed; a discriminated `oneOf` whose variants do not exclude each other (an RTC voice
 * configuration also matches the EST one: neither forbids the other's keys) checked as `anyOf`.
 */
export function asLiveAmendsIt(document: any): any {
  const amended = structuredClone(document);
  for (const { schema, path } of LIVE_NULLS) {
    const parent = path.slice(0, -1).reduce((node, key) => node[key], amended.components.schemas[schema]);
    const key = path.at(-1)!;
    if (!parent?.[key]) throw new Error(`${schema}/${path.join('/')} is not in the document`);
    parent[key] = orNull(parent[key]);
  }
  const walk = (node: any) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (node.oneOf && node.discriminator) {
        node.anyOf = node.oneOf;
        delete node.oneOf;
        delete node.discriminator;
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(amended.components.schemas);
  return amended;
}

interface OfficialOperation {
  method: string;
  pattern: RegExp;
  specificity: number;
  id: string;
  operation: any;
}

/**
 * Checks answers against the document's schema for their operation and status (the response
 * check of test/helpers/contract.ts, with Sinch's document instead of ours). Throws on an answer
 * to an operation of the document whose status it does not declare, or whose body its schema
 * refuses; an answer the document declares without a body must have none.
 */
export function officialResponseChecker(document: any) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('binary', () => true);
  const operations: OfficialOperation[] = operationsOf(document).map(({ path, method, operation }) => ({
    method: method.toUpperCase(),
    pattern: new RegExp(
      `^${path
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('')}$`,
    ),
    specificity: path.replace(/\{[^}]+\}/g, '').length,
    id: operation.operationId,
    operation,
  }));
  const validators = new Map<string, ValidateFunction>();
  /** The operation of the document the request went to (undefined: one of ours only). */
  const operationFor = (request: { method: string; url: string }) => {
    const path = request.url.split('?')[0]!;
    return operations
      .filter((op) => op.method === request.method && op.pattern.test(path))
      .sort((a, b) => b.specificity - a.specificity)[0];
  };
  return {
    operationFor,
    check(
      request: { method: string; url: string },
      response: { status: number; headers: Record<string, unknown>; body: unknown; text?: string },
    ): void {
      const found = operationFor(request);
      if (!found) throw new Error(`${request.method} ${request.url} is no operation of Sinch's document`);
      const status = String(response.status);
      const declared = responseOf(document, found.operation, status);
      if (!declared)
        throw new Error(`${found.id} answered ${status}, which Sinch's document does not declare`);
      const schema = declared.content?.['application/json']?.schema;
      const where = `${found.id} ${status}`;
      if (!schema) {
        if (response.body !== undefined || response.text)
          throw new Error(
            `${where}: Sinch's document declares no body, got ${JSON.stringify(response.body)}`,
          );
        return;
      }
      const contentType = String(response.headers['content-type'] ?? '');
      if (!contentType.startsWith('application/json'))
        throw new Error(`${where}: content-type ${contentType}`);
      let validate = validators.get(where);
      if (!validate) {
        validate = ajv.compile({ components: document.components, ...schema });
        validators.set(where, validate);
      }
      if (!validate(response.body)) {
        throw new Error(
          `${where} does not match Sinch's document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body).slice(0, 800)}`,
        );
      }
      const extra = keysNotIn(shapeOf(document, schema), response.body, '');
      if (extra.length) throw new Error(`${where} has keys Sinch's document does not: ${extra.join(', ')}`);
    },
    /** Checks a value against one of the document's schemas (an answer it does not declare). */
    checkSchema(name: string, value: unknown): void {
      const schema = { $ref: `#/components/schemas/${name}` };
      const validate = ajv.compile({ components: document.components, ...schema });
      if (!validate(value)) throw new Error(`not a ${name}: ${ajv.errorsText(validate.errors)}`);
      const extra = keysNotIn(shapeOf(document, schema), value, '');
      if (extra.length) throw new Error(`keys a ${name} does not have: ${extra.join(', ')}`);
    },
  };
}

/**
 * The keys of a value its shape does not name, as dotted paths (free-form objects take any).
 * The document's schemas allow any key (no `additionalProperties: false`, which its `allOf`
 * compositions would break), so Ajv alone would not see a key too many.
 */
function keysNotIn(shape: Shape, value: unknown, path: string): string[] {
  if (Array.isArray(value))
    return shape.items ? value.flatMap((item) => keysNotIn(shape.items!, item, `${path}[]`)) : [];
  if (value === null || typeof value !== 'object' || shape.freeForm || !shape.properties) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = path ? `${path}.${key}` : key;
    const property = shape.properties!.get(key);
    return property ? keysNotIn(property, child, at) : [at];
  });
}
