import { BODY_LIMIT_BYTES } from '../../src/app.js';
import { CALLBACK_URL, type Fixtures, multipartBody, PDF } from './fixtures.js';
import type { Prng } from './prng.js';
import type { RawRequest } from './rawHttp.js';
import { slowInputsFor } from './regexAttacks.js';
import type { Route } from './routes.js';
import { instanceOf, type KnownValues, patternsOf } from './values.js';

/** One fuzzed request before it is written: a valid request of `route` with mutations applied. */
export interface Draft {
  route?: Route;
  method: string;
  params: Record<string, string>;
  /** Replaces the route's path (unknown routes). */
  path?: string;
  query: [string, string][];
  auth?: string;
  headers: [string, string][];
  body:
    | { kind: 'none' }
    | { kind: 'json'; value: unknown }
    | { kind: 'raw'; bytes: Buffer; contentType?: string };
  contentType?: string | null;
  answerOptional?: boolean;
  raw?: Pick<RawRequest, 'noContentLength' | 'endAfterWrite' | 'rawBytes'>;
  mutations: string[];
  /** What each mutation did, in words, for the failure report. */
  notes: string[];
}

export interface FuzzCase {
  routeKey: string;
  mutations: string[];
  notes: string[];
  request: RawRequest;
  oauth: boolean;
  answerOptional: boolean;
  /** Failures of the same key are not tried again after a few: they cost time, not information. */
  quenchKey: string;
  /** Route and mutation names only: slow answers stop a whole mutation on a route sooner. */
  coarseKey: string;
}

export const routeKey = (route: Route) => `${route.method} ${route.url}`;

const LENOX = {
  streetNumber: '3500',
  streetInfo: 'Lenox Road NE',
  city: 'Atlanta',
  state: 'GA',
  postalCode: '30326',
};

function knownValues(f: Fixtures, route: Route | undefined, rng: Prng): KnownValues {
  return {
    regionCode: () => 'US',
    type: () => 'LOCAL',
    numberType: () => 'LOCAL',
    callbackUrl: () => CALLBACK_URL,
    capabilities: () => ['SMS'],
    capability: () => ['SMS'],
    size: () => '5',
    pageSize: () => String(rng.int(1, 20)),
    orderBy: () => 'phoneNumber',
    state: () => 'IN_REVIEW',
    status: () => 'PENDING',
    'numberPattern.pattern': () => '1',
    'numberPattern.searchPattern': () => 'START',
    servicePlanId: () => 'fuzzplan',
    displayName: () => 'Fuzz',
    decision: () => 'APPROVED',
    projectId: () => (route?.url === '/admin/v1/projects' ? `fuzz-${rng.int(0, 1e9)}` : f.projectId),
    seconds: () => 1,
  };
}

function paramValue(name: string, route: Route, f: Fixtures, rng: Prng): string {
  switch (name) {
    case 'projectId':
      return f.projectId;
    case 'phoneNumber': {
      const pool = route.url.includes('/availableNumbers/') ? (f.available['US-LOCAL'] ?? []) : f.active;
      return pool.length ? rng.pick(pool) : '+12015550123';
    }
    case 'numberOrderId':
      return f.order?.id ?? '01J00000000000000000000000';
    case 'attachmentId':
      return f.order?.attachmentId ?? '00000000-0000-4000-8000-000000000000';
    case 'eventId':
      return f.eventId ?? 'evt_none';
    case 'regionCode':
      return 'DE';
    case 'numberType':
      return 'LOCAL';
    default:
      return 'x';
  }
}

/** The valid request: known-good bodies where the schema alone cannot say what is valid. */
export function validDraft(route: Route, f: Fixtures, rng: Prng): Draft {
  const known = knownValues(f, route, rng);
  const params: Record<string, string> = {};
  for (const part of route.parts)
    if ('param' in part) params[part.param] = paramValue(part.param, route, f, rng);
  const query: [string, string][] = [];
  const q = instanceOf(route.schema.querystring, rng, known) as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(q ?? {})) {
    for (const item of Array.isArray(v) ? v : [v])
      query.push([encodeURIComponent(k), encodeURIComponent(String(item))]);
  }
  const draft: Draft = {
    route,
    method: route.method,
    params,
    query,
    auth:
      route.auth === 'basic' || route.auth === 'oauth'
        ? f.basicAuth
        : route.auth === 'admin'
          ? f.adminAuth
          : undefined,
    headers: [],
    body: { kind: 'none' },
    mutations: [],
    notes: [],
  };
  const url = route.url;
  if (route.multipart) {
    const { body, contentType } = multipartBody([
      { name: 'file', value: PDF, filename: 'document.pdf', contentType: 'application/pdf' },
      { name: 'documentType', value: f.order?.documentType ?? 'PASSPORT' },
    ]);
    draft.body = { kind: 'raw', bytes: body, contentType };
  } else if (url === '/oauth2/token') {
    draft.body = {
      kind: 'raw',
      bytes: Buffer.from('grant_type=client_credentials'),
      contentType: 'application/x-www-form-urlencoded',
    };
  } else if (url.endsWith('/registration') && route.method === 'PUT') {
    draft.body = { kind: 'json', value: { data: instanceOf(f.dataSchemas['DE-LOCAL'], rng) } };
  } else if (url.startsWith('/admin/v1/kycPolicies/') && route.method === 'PUT') {
    draft.body = { kind: 'json', value: structuredClone(f.policy ?? {}) };
  } else if (url.endsWith('::createNumberOrder')) {
    const number = f.available['DE-LOCAL']?.length ? rng.pick(f.available['DE-LOCAL']) : '+4930123456';
    draft.body = {
      kind: 'json',
      value: { regionCode: 'DE', numberType: 'LOCAL', numberOrderOption: { phoneNumbers: [number] } },
    };
  } else if (url.endsWith('::lookupNumberRequirements')) {
    draft.body = {
      kind: 'json',
      value: { regionCode: rng.pick(['DE', 'AU']), numberType: rng.pick(['LOCAL', 'MOBILE']) },
    };
  } else if (/emergencyAddress::(validate|provision)$/.test(url)) {
    draft.body = { kind: 'json', value: { displayName: 'HQ', address: { ...LENOX } } };
  } else if (route.schema.body) {
    draft.body = { kind: 'json', value: instanceOf(route.schema.body, rng, known) ?? {} };
  }
  return draft;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** encodeURIComponent, but lone surrogates become their WTF-8 bytes instead of throwing. */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && /[\udc00-\udfff]/.test(text[i + 1] ?? '');
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += Buffer.from([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)])
        .toString('hex')
        .replace(/(..)/g, '%$1')
        .toUpperCase();
    } else out += encodeURIComponent(text[i]!);
  }
  return out;
}

/** Percent-encodings a decoder or the router may choke on. */
const BAD_ENCODINGS = [
  '%ff',
  '%',
  '%00',
  '%zz',
  '%C0%AF',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '%2F',
  '%2e%2e',
  '%uD800',
  '%E2%82',
];

/** Strings a store cannot keep or a parser may mishandle. */
function hostileString(rng: Prng): { value: string; note: string } {
  return rng.pick([
    () => ({ value: `a\u0000b`, note: 'NUL inside' }),
    () => ({ value: '\ud800', note: 'lone high surrogate' }),
    () => ({ value: `x\udc00y`, note: 'lone low surrogate' }),
    () => ({ value: '', note: 'empty string' }),
    () => ({ value: ' '.repeat(rng.int(1, 300)), note: 'only spaces' }),
    () => ({ value: '\u202e\ufeff\u200b', note: 'bidi/BOM/zero-width' }),
    () => ({ value: "'; DROP TABLE numbers; --", note: 'SQL-ish' }),
    () => ({ value: '$' + '{jndi:ldap://x}{{7*7}}<script>', note: 'template/markup' }),
    () => ({ value: '%s%n%x', note: 'format specifiers' }),
    () => ({ value: '😀'.repeat(rng.int(1, 2000)), note: 'astral characters' }),
    () => ({ value: '+1'.padEnd(rng.int(3, 40), '9'), note: 'phone-like' }),
    () => ({ value: 'a'.repeat(rng.int(100, 5000)), note: 'long' }),
  ])();
}

/**
 * Inputs that make a backtracking regex run long: a prefix that gets into the pattern, a long run
 * of one character that two quantifiers can share, and a tail that makes the match fail. The
 * characters come from the pattern's own literals.
 */
export function pathological(
  pattern: string | undefined,
  rng: Prng,
  maxLength: number,
): { value: string; note: string } {
  const literals = [
    ...new Set((pattern ?? '@.-/ +').replace(/\\[sSdDwWbB]/g, '').replace(/[\^$()[\]{}*?|\\0-9a-zA-Z]/g, '')),
  ];
  const pool = [...new Set([...literals, 'a', '0', ' ', '.', '-'])];
  const prefix = `a${rng.pick([...literals, ''])}`;
  const run = rng.pick(pool);
  const tail = rng.pick([...literals, ' ', '!', '\n']);
  const n = rng.int(Math.min(1000, maxLength), maxLength);
  const show = (s: string) => JSON.stringify(s);
  return {
    value: prefix + run.repeat(n) + tail,
    note: `${show(prefix)} + ${show(run)} × ${n} + ${show(tail)}`,
  };
}

function hugeLength(rng: Prng): number {
  return rng.weighted([
    [7, () => rng.int(1000, 70_000)],
    [2, () => rng.int(100_000, 900_000)],
    [1, () => rng.int(1_000_000, 1_100_000)],
  ] as const)();
}

type Path = (string | number)[];

/** Every path to a value inside a JSON document (the root is []). */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (at.length > 20) return out;
  if (Array.isArray(value)) for (const [i, v] of value.entries()) paths(v, [...at, i], out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let node: any = root;
  for (const key of path) node = node?.[key];
  return node;
}

function setAt(root: any, path: Path, value: unknown): any {
  if (!path.length) return value;
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    if (node[key] === null || typeof node[key] !== 'object')
      node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key];
  }
  node[path[path.length - 1]!] = value;
  return root;
}

const showPath = (path: Path) => (path.length ? path.join('.') : '(root)');

function jsonValue(draft: Draft): unknown {
  return draft.body.kind === 'json' ? draft.body.value : {};
}

function setJson(draft: Draft, value: unknown) {
  draft.body = { kind: 'json', value };
}

// ---------------------------------------------------------------------------------------------
// Mutations: each changes one aspect of a valid draft and says what it did.

type Mutation = (draft: Draft, f: Fixtures, rng: Prng) => string | undefined;

const takesBody = (d: Draft) => d.method !== 'GET' && d.method !== 'HEAD' && !d.route?.multipart;

const bodyMutations: Record<string, Mutation> = {
  wrongType(d, _f, rng) {
    const root = structuredClone(jsonValue(d));
    const path = rng.pick(paths(root));
    const value = rng.pick<unknown>([42, -1, 1.5, true, null, 'str', [], {}, [1, 'a'], { a: 1 }, 1e308, -0]);
    setJson(d, setAt(root, path, value));
    return `${showPath(path)} = ${JSON.stringify(value)}`;
  },
  dropField(d, _f, rng) {
    const root = structuredClone(jsonValue(d));
    const path = rng.pick(paths(root));
    if (!path.length) return undefined;
    const parent: any = getAt(root, path.slice(0, -1));
    if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
    else delete parent[path.at(-1)!];
    setJson(d, root);
    return `removed ${showPath(path)}`;
  },
  extraField(d, _f, rng) {
    const root = structuredClone(jsonValue(d));
    const objects = paths(root).filter((p) => {
      const v = getAt(root, p);
      return v && typeof v === 'object' && !Array.isArray(v);
    });
    if (!objects.length) return undefined;
    const path = rng.pick(objects);
    const key = rng.pick([
      'unexpected',
      '__proto__',
      'constructor',
      'prototype',
      '',
      'a'.repeat(300),
      'x\u0000y',
    ]);
    const value = rng.pick<unknown>(['v', { polluted: true }, [1], null]);
    // JSON.parse keeps "__proto__" as an own key, so it reaches the server as written.
    const node: any = getAt(root, path);
    Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
    setJson(d, root);
    return `${showPath(path)}[${JSON.stringify(key.slice(0, 20))}] = ${JSON.stringify(value)}`;
  },
  hugeString(d, _f, rng) {
    const root = structuredClone(jsonValue(d));
    const path = rng.pick(paths(root));
    const n = hugeLength(rng);
    setJson(d, setAt(root, path, rng.pick(['x', 'é', '\\', '"']).repeat(n)));
    return `${showPath(path)} = string of ${n} characters`;
  },
  deepNesting(d, _f, rng) {
    const open = rng.pick(['[', '{"a":']);
    const close = open === '[' ? ']' : '}';
    // Up to about the 1 MiB body limit, whatever the opener's size.
    const deepest = Math.floor(1_040_000 / (open.length + close.length));
    const depth = rng.weighted([
      [3, rng.int(60, 200)],
      [2, rng.int(1000, 20_000)],
      [1, rng.int(100_000, deepest)],
    ] as const);
    const inner = `${open.repeat(depth)}1${close.repeat(depth)}`;
    const root = jsonValue(d);
    const keys = root && typeof root === 'object' && !Array.isArray(root) ? Object.keys(root) : [];
    const key = keys.length ? rng.pick(keys) : 'data';
    d.body = {
      kind: 'raw',
      bytes: Buffer.from(`{${JSON.stringify(key)}:${inner}}`),
      contentType: 'application/json',
    };
    return `${key} nested ${depth} deep with ${open}`;
  },
  unstorableText(d, _f, rng) {
    const root = structuredClone(jsonValue(d));
    const path = rng.pick(paths(root));
    const { value, note } = hostileString(rng);
    setJson(d, setAt(root, path, value));
    return `${showPath(path)} = ${note}`;
  },
  invalidUtf8(d, _f, rng) {
    const bytes = rng.pick([
      [0xff],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xe2, 0x82],
    ]);
    const text = JSON.stringify(jsonValue(d) ?? {});
    const at = text.indexOf('"') >= 0 ? text.indexOf('"') + 1 : 1;
    d.body = {
      kind: 'raw',
      bytes: Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(text.slice(at))]),
      contentType: 'application/json',
    };
    return `raw bytes ${bytes.map((b) => b.toString(16)).join(' ')} inside the first JSON string`;
  },
  badJson(d, _f, rng) {
    const text = JSON.stringify(jsonValue(d) ?? {});
    const variants: [string, string][] = [
      [text.slice(0, rng.int(0, Math.max(0, text.length - 1))), 'truncated'],
      [`${text}garbage`, 'trailing garbage'],
      [`${text}${text}`, 'two documents'],
      ["{'a': 1}", 'single quotes'],
      ['{"a": NaN, "b": Infinity}', 'NaN/Infinity'],
      ['{"a": 1,}', 'trailing comma'],
      [`\ufeff${text}`, 'BOM first'],
      ['{"a": 1e99999}', 'number overflow'],
      ['{"a":"\\ud800"}', 'escaped lone surrogate'],
      ['{"a":"\\u0000"}', 'escaped NUL'],
      ['{"a":"\\x41"}', 'invalid escape'],
      ['{"a": 0x10}', 'hex number'],
      [`{"a": ${'1'.repeat(5000)}}`, 'long number'],
      ['{"a": "b" // c\n}', 'comment'],
      ['\u0000', 'NUL only'],
      [' ', 'whitespace only'],
      ['null', 'null'],
      ['"just a string"', 'a string'],
      ['[]', 'an array'],
      ['12', 'a number'],
      [`{${Array.from({ length: 2000 }, (_, i) => `"k${i}":${i}`).join(',')}}`, '2000 keys'],
      ['{"a":1,"a":2,"a":{"b":3}}', 'duplicate keys'],
    ];
    const [body, note] = rng.pick(variants);
    d.body = { kind: 'raw', bytes: Buffer.from(body), contentType: 'application/json' };
    return note;
  },
  hugeArray(d, _f, rng) {
    const n = rng.int(10_000, 340_000);
    const item = rng.pick(['0', '{}', '""', '[]', 'null']);
    const body = `[${Array.from({ length: n }, () => item).join(',')}]`;
    d.body = { kind: 'raw', bytes: Buffer.from(body), contentType: 'application/json' };
    return `an array of ${n} × ${item} (${body.length} bytes)`;
  },
  pathological(d, f, rng) {
    // An earlier mutation may have left a scalar body: then the attack goes into a new object.
    const value0 = structuredClone(jsonValue(d));
    const root = value0 !== null && typeof value0 === 'object' ? value0 : {};
    // Registration data is checked against the order's KYC policy (DE LOCAL): its patterns are
    // the target, with inputs timed locally to backtrack where there are such.
    const targets = d.route?.url.endsWith('/registration')
      ? patternsOf(f.dataSchemas['DE-LOCAL']).map((t) => ({ ...t, path: ['data', ...t.path] }))
      : [];
    const leaves = paths(root).filter((p) => typeof getAt(root, p) === 'string');
    const target = targets.length && rng.chance(0.85) ? rng.pick(targets) : undefined;
    const path = target?.path ?? (leaves.length ? rng.pick(leaves) : ['x']);
    const attacks = target ? slowInputsFor(target.pattern) : [];
    let value: string;
    let note: string;
    if (attacks.length && rng.chance(0.8)) {
      const { prefix, run, tail } = rng.pick(attacks);
      const n = rng.int(20_000, 60_000);
      value = prefix + run.repeat(n) + tail;
      note = `${JSON.stringify(prefix)} + ${JSON.stringify(run)} × ${n} + ${JSON.stringify(tail)} (backtracks locally)`;
    } else {
      ({ value, note } = pathological(target?.pattern, rng, 60_000));
    }
    setJson(d, setAt(root, path, value));
    return `${showPath(path)} = ${note}${target ? ` (pattern ${target.pattern})` : ''}`;
  },
  emptyBody(d, _f, rng) {
    d.body = { kind: 'raw', bytes: Buffer.alloc(0), contentType: rng.pick(['application/json', undefined]) };
    return 'no body';
  },
};

const contentTypeMutations: Record<string, Mutation> = {
  absent(d) {
    d.contentType = null;
    return 'no Content-Type';
  },
  wrong(d, _f, rng) {
    d.contentType = rng.pick([
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'application/jsonx',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'APPLICATION/JSON',
      'application/json;;;',
      'application/vnd.api+json',
      '*/*',
      '',
      'a'.repeat(2000),
      '\u00ff\u00fe',
    ]);
    return `Content-Type: ${JSON.stringify(d.contentType.slice(0, 40))}`;
  },
  encoding(d, _f, rng) {
    const encoding = rng.pick(['gzip', 'deflate', 'br', 'identity', 'x-garbage']);
    d.headers.push(['Content-Encoding', encoding]);
    return `Content-Encoding: ${encoding} on a plain body`;
  },
};

function queryValue(rng: Prng): { value: string; note: string } {
  return rng.pick([
    () => {
      const v = rng.pick(BAD_ENCODINGS);
      return { value: v, note: v };
    },
    () => {
      const n = rng.int(1000, 15_000);
      return { value: 'x'.repeat(n), note: `${n} characters` };
    },
    () => {
      const n = rng.int(17_000, 40_000);
      return { value: 'x'.repeat(n), note: `${n} characters (request line over 16 KB)` };
    },
    () => {
      const { value, note } = hostileString(rng);
      return { value: percentEncode(value), note };
    },
    () => {
      const { value, note } = pathological(undefined, rng, 8000);
      return { value: encodeURIComponent(value), note };
    },
    () => ({ value: '', note: 'empty' }),
    () => ({ value: '-1', note: '-1' }),
    () => ({ value: '99999999999999999999999', note: 'huge number' }),
    () => ({ value: '1e3', note: '1e3' }),
    () => ({ value: 'SMS,VOICE,FAX', note: 'list with a bad item' }),
  ])();
}

const queryMutations: Record<string, Mutation> = {
  badValue(d, _f, rng) {
    const keys = d.route?.schema.querystring?.properties
      ? Object.keys(d.route.schema.querystring.properties)
      : ['q'];
    const key = rng.pick(keys);
    const { value, note } = queryValue(rng);
    d.query = d.query.filter(([k]) => k !== encodeURIComponent(key));
    d.query.push([encodeURIComponent(key), value]);
    return `?${key}=${note}`;
  },
  badKey(d, _f, rng) {
    const key = rng.pick([
      '__proto__',
      'constructor[prototype][x]',
      '%ff',
      '%00',
      '',
      '[]',
      'a[b][c]',
      'x'.repeat(3000),
      '%',
    ]);
    d.query.push([key, 'v']);
    return `?${key.slice(0, 30)}=v`;
  },
  repeated(d, _f, rng) {
    const keys = d.route?.schema.querystring?.properties
      ? Object.keys(d.route.schema.querystring.properties)
      : ['q'];
    const key = encodeURIComponent(rng.pick(keys));
    const n = rng.pick([2, 3, 100, 1000]);
    for (let i = 0; i < n; i++) d.query.push([key, String(i)]);
    return `${key} repeated ${n} times`;
  },
  separators(d, _f, rng) {
    d.query.push([rng.pick(['&&&', '=', '==', '&=&', ';', '?', '#frag']), '']);
    return 'stray separators';
  },
};

const pathMutations: Record<string, Mutation> = {
  param(d, _f, rng) {
    const names = Object.keys(d.params);
    if (!names.length) return undefined;
    const name = rng.pick(names);
    const [value, note] = rng.pick<[string, string]>([
      [rng.pick(BAD_ENCODINGS), 'bad percent-encoding'],
      ['a'.repeat(rng.int(101, 3000)), 'over 100 characters'],
      ['a'.repeat(100), 'exactly 100 characters'],
      [`${d.params[name]}:x`, 'a colon inside'],
      ['..', 'dot-dot'],
      ['%2e%2e%2f%2e%2e', 'encoded ../..'],
      ['', 'empty'],
      [encodeURIComponent('é😀'), 'non-ASCII'],
      ['nonexistent', 'unknown id'],
      [`${d.params[name]}%00`, 'NUL appended'],
      [`${d.params[name]}%20`, 'space appended'],
      ['+', 'a plus'],
      ['%2B1%20555', 'encoded phone-ish'],
      [encodeURIComponent(pathological(undefined, rng, 90).value), 'repetitive'],
    ]);
    d.params[name] = value;
    return `:${name} = ${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? `… (${value.length})` : ''} (${note})`;
  },
  otherProject(d, f) {
    if (!('projectId' in d.params)) return undefined;
    d.params.projectId = f.other.projectId;
    return `:projectId = ${f.other.projectId} with our credentials`;
  },
  unknownRoute(d, f, rng) {
    d.route = undefined;
    d.path = rng.pick([
      `/v1/projects/${f.projectId}/nothingHere`,
      `/v1/projects/${f.projectId}/availableNumbers/+1/x/y`,
      `/v1/projects/${f.projectId}/activeNumbers:${'a'.repeat(rng.int(1, 300))}`,
      '/',
      '/v1',
      '/v1/projects',
      '/V1/PROJECTS/x/activeNumbers',
      '/admin/v1/../v1/projects',
      '//v1//projects//x',
      '/%ff',
      '/%',
      '/healthz/%00',
      `/${'x'.repeat(rng.int(200, 8000))}`,
      '/_sandbox',
      '/oauth2/token/x',
      '*',
    ]);
    return `path ${d.path.slice(0, 60)}`;
  },
};

const authMutations: Record<string, Mutation> = {
  absent(d) {
    d.auth = undefined;
    return 'no Authorization';
  },
  basicNul(d, _f, rng) {
    const [id, secret] = rng.pick([
      ['a\u0000b', 'secret'],
      ['fuzz-key\u0000', 'fuzz-secret'],
      ['fuzz-key', 'fuzz\u0000secret'],
      ['\u0000', '\u0000'],
    ]);
    d.auth = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    return `Basic with key id ${JSON.stringify(id)} and secret ${JSON.stringify(secret)}`;
  },
  basicGarbage(d, f, rng) {
    const [value, note] = rng.pick<[string, string]>([
      ['Basic', 'Basic alone'],
      ['Basic ', 'Basic and a space'],
      ['Basic !!!notbase64!!!', 'not base64'],
      [`Basic ${Buffer.from('nocolon').toString('base64')}`, 'no colon'],
      [`Basic ${Buffer.from(':').toString('base64')}`, 'empty id and secret'],
      [`Basic ${Buffer.from(`${'k'.repeat(5000)}:s`).toString('base64')}`, '5000-character key id'],
      [
        `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xc0, 0xaf]).toString('base64')}`,
        'invalid UTF-8 credentials',
      ],
      [`Basic ${Buffer.from('\ud800:x').toString('base64')}`, 'surrogate in key id'],
      [`Basic ${Buffer.from('fuzz-key:wrong').toString('base64')}`, 'wrong secret'],
      [`Basic ${Buffer.from('unknown-key:x').toString('base64')}`, 'unknown key id'],
      [`basic ${f.basicAuth.slice(6)}`, 'lower-case scheme'],
      [`Basic  ${f.basicAuth.slice(6)}`, 'two spaces'],
      [`Basic ${f.basicAuth.slice(6)}====`, 'extra padding'],
    ]);
    d.auth = value;
    return note;
  },
  bearer(d, _f, rng) {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const [value, note] = rng.pick<[string, string]>([
      ['Bearer', 'Bearer alone'],
      ['Bearer garbage', 'garbage token'],
      [`Bearer ${b64({ alg: 'none' })}.${b64({ sub: 'x', projectId: 'fuzz-project' })}.`, 'alg none JWT'],
      [`Bearer ${b64({ alg: 'HS256' })}.${b64({ exp: 1 })}.c2ln`, 'forged HS256 JWT'],
      [`Bearer ${'a.'.repeat(3000)}`, 'many dots'],
      [`Bearer ${'x'.repeat(rng.int(1000, 12_000))}`, 'long token'],
      ['Bearer fuzz-admin-token-wrong', 'wrong admin token'],
      [`Bearer ${b64({ alg: 'RS256', kid: '../../etc/passwd' })}.e30.e30`, 'kid path'],
    ]);
    d.auth = value;
    return note;
  },
  wrongScheme(d, f, rng) {
    d.auth = rng.pick([
      `Digest ${f.basicAuth.slice(6)}`,
      'Negotiate abc',
      f.adminAuth.replace('Bearer', 'Basic'),
      d.route?.auth === 'admin' ? f.basicAuth : f.adminAuth,
      'Token x',
      '',
    ]);
    return `Authorization: ${JSON.stringify(d.auth.slice(0, 30))}`;
  },
  otherTenant(d, f) {
    d.auth = f.other.auth;
    return 'another tenant’s credentials';
  },
  latin1(d) {
    // Node passes header bytes 0x80–0xff through as latin1; the app must still refuse them cleanly.
    d.auth = 'Basic \u00ff\u00fe\u00e9';
    return 'Authorization with raw bytes ff fe e9';
  },
  duplicate(d, f) {
    d.headers.push(['Authorization', f.basicAuth]);
    d.auth = 'Bearer garbage';
    return 'two Authorization headers';
  },
};

const methodMutations: Record<string, Mutation> = {
  other(d, _f, rng) {
    const method = rng.pick(
      ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].filter((m) => m !== d.method),
    );
    d.method = method;
    return `method ${method}`;
  },
};

const multipartMutations: Record<string, Mutation> = {
  variant(d, f, rng) {
    const doc = f.order?.documentType ?? 'PASSPORT';
    const file = { name: 'file', value: PDF, filename: 'document.pdf', contentType: 'application/pdf' };
    const type = { name: 'documentType', value: doc };
    const make = (parts: Parameters<typeof multipartBody>[0], boundary?: string) =>
      multipartBody(parts, boundary);
    const choice = rng.int(0, 15);
    let note = '';
    let bytes: Buffer;
    let contentType: string | undefined;
    switch (choice) {
      case 0: {
        ({ body: bytes, contentType } = make([file, type]));
        contentType = 'multipart/form-data';
        note = 'no boundary';
        break;
      }
      case 1: {
        ({ body: bytes } = make([file, type]));
        contentType = 'multipart/form-data; boundary=other';
        note = 'wrong boundary';
        break;
      }
      case 2: {
        ({ body: bytes, contentType } = make([file, type]));
        bytes = bytes.subarray(0, rng.int(0, bytes.length - 1));
        note = `truncated at ${bytes.length}`;
        break;
      }
      case 3:
        ({ body: bytes, contentType } = make([{ ...file, filename: 'a\u0000b.pdf' }, type]));
        note = 'NUL in filename';
        break;
      case 4:
        ({ body: bytes, contentType } = make([
          { ...file, filename: 'x'.repeat(rng.int(300, 20_000)) },
          type,
        ]));
        note = 'long filename';
        break;
      case 5:
        ({ body: bytes, contentType } = make([
          file,
          { ...type, value: 'x'.repeat(rng.int(1000, 1_000_000)) },
        ]));
        note = 'huge documentType';
        break;
      case 6:
        ({ body: bytes, contentType } = make(
          Array.from({ length: rng.int(7, 50) }, (_, i) => ({ name: `f${i}`, value: 'v' })),
        ));
        note = 'many fields';
        break;
      case 7:
        ({ body: bytes, contentType } = make([file, file, type]));
        note = 'two files';
        break;
      case 8:
        ({ body: bytes, contentType } = make([
          { ...file, value: Buffer.alloc(rng.int(1, 1_200_000), 0x41) },
          type,
        ]));
        note = `a ${'A'} file`;
        break;
      case 9:
        bytes = Buffer.from(Array.from({ length: rng.int(1, 4000) }, () => rng.int(0, 255)));
        contentType = 'multipart/form-data; boundary=fuzz-boundary-7d3a';
        note = 'random bytes';
        break;
      case 10:
        ({ body: bytes, contentType } = make([
          { ...file, filename: '\ud800.pdf' },
          { ...type, value: '\u0000' },
        ]));
        note = 'surrogate filename, NUL documentType';
        break;
      case 11:
        ({ body: bytes, contentType } = make([file, type], 'b'.repeat(rng.int(71, 3000))));
        note = 'long boundary';
        break;
      case 12:
        bytes = Buffer.from(
          `--fuzz-boundary-7d3a\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n${'X-Pad: y\r\n'.repeat(rng.int(10, 3000))}\r\n%PDF-1.4\r\n--fuzz-boundary-7d3a--\r\n`,
        );
        contentType = 'multipart/form-data; boundary=fuzz-boundary-7d3a';
        note = 'many part headers';
        break;
      case 13:
        bytes = Buffer.from(
          '--fuzz-boundary-7d3a\r\nContent-Disposition: form-data\r\n\r\nv\r\n--fuzz-boundary-7d3a--\r\n',
        );
        contentType = 'multipart/form-data; boundary=fuzz-boundary-7d3a';
        note = 'part without a name';
        break;
      case 14:
        ({ body: bytes, contentType } = make([
          {
            ...file,
            filename: 'poly.html',
            value: Buffer.concat([PDF, Buffer.from('<script>alert(1)</script>')]),
          },
          type,
        ]));
        note = 'polyglot named .html';
        break;
      default:
        ({ body: bytes, contentType } = make([type]));
        note = 'documentType only';
    }
    d.body = { kind: 'raw', bytes, contentType };
    return note;
  },
};

/**
 * HTTP/1.1 abuse written as raw bytes: Node's parser rejects most of these before Fastify runs,
 * which is where non-envelope answers come from. Where the server may just close, an answer is
 * optional; where it answers, the answer is checked like any other.
 */
const protocolMutations: Record<string, Mutation> = {
  badHeaderByte(d, _f, rng) {
    const [name, value, note] = rng.pick<[string, string, string]>([
      ['X-Fuzz', 'a\u0001b', 'control byte in a value'],
      ['X-Fuzz', 'a\u007fb', 'DEL in a value'],
      ['X Fuzz', 'v', 'space in a name'],
      ['X-Fuzz(', 'v', 'bad name character'],
      ['', 'v', 'empty name'],
      ['Authorization', 'Basic a\u0000b', 'raw NUL in Authorization'],
      ['X-Fuzz', 'a\rb', 'bare CR in a value'],
    ]);
    d.headers.push([name, value]);
    return note;
  },
  hugeHeader(d, _f, rng) {
    const n = rng.pick([rng.int(17_000, 24_000), rng.int(8000, 15_000)]);
    d.headers.push(['X-Fuzz', 'x'.repeat(n)]);
    return `a ${n}-byte header`;
  },
  manyHeaders(d, _f, rng) {
    const n = rng.int(100, 3000);
    for (let i = 0; i < n; i++) d.headers.push([`X-F${i}`, 'y']);
    return `${n} headers`;
  },
  expect(d, _f, rng) {
    const value = rng.pick(['garbage', '100-continue', '200-ok', '']);
    d.headers.push(['Expect', value]);
    return `Expect: ${value}`;
  },
  contentLength(d, _f, rng) {
    const [value, note] = rng.pick<[string, string]>([
      ['abc', 'not a number'],
      ['-1', 'negative'],
      ['1, 2', 'two values'],
      ['99999999999999999999', 'huge'],
      ['0x10', 'hex'],
      [' 5', 'leading space'],
    ]);
    d.headers.push(['Content-Length', value]);
    if (rng.chance(0.3)) d.headers.push(['Content-Length', '3']);
    d.answerOptional = true;
    d.raw = { ...d.raw, endAfterWrite: true };
    return `Content-Length: ${value} (${note})`;
  },
  shortBody(d, _f, rng) {
    const body = Buffer.from(JSON.stringify(jsonValue(d) ?? {}));
    d.body = { kind: 'raw', bytes: body, contentType: 'application/json' };
    d.headers.push(['Content-Length', String(body.length + rng.int(1, 1000))]);
    d.raw = { ...d.raw, endAfterWrite: true };
    d.answerOptional = true;
    return 'body shorter than Content-Length, then EOF';
  },
  chunked(d, _f, rng) {
    const [body, note] = rng.pick<[string, string]>([
      ['zz\r\nabc\r\n0\r\n\r\n', 'bad chunk size'],
      ['5\r\nab\r\n0\r\n\r\n', 'chunk shorter than its size'],
      ['3\r\n{}}\r\n', 'no last chunk'],
      [`2;${'e'.repeat(rng.int(100, 20_000))}\r\n{}\r\n0\r\n\r\n`, 'long chunk extension'],
      ['ffffffffffffffff\r\n{}\r\n0\r\n\r\n', 'huge chunk size'],
      ['2\r\n{}\r\n0\r\nX-Trailer: \u0001\r\n\r\n', 'bad trailer'],
      ['2\n{}\n0\n\n', 'bare LF'],
    ]);
    d.body = { kind: 'raw', bytes: Buffer.from(body, 'latin1'), contentType: 'application/json' };
    d.headers.push([
      'Transfer-Encoding',
      rng.pick(['chunked', 'chunked', 'gzip, chunked', 'chunked, identity', 'Chunked ']),
    ]);
    if (rng.chance(0.3)) d.headers.push(['Content-Length', '2']);
    d.raw = { ...d.raw, noContentLength: true, endAfterWrite: true };
    d.answerOptional = true;
    return `chunked: ${note}`;
  },
  requestLine(d, _f, rng) {
    const tail = 'Host: 127.0.0.1\r\nConnection: close\r\n\r\n';
    const [head, note] = rng.pick<[string, string]>([
      [`GET /healthz HTTP/2.0\r\n${tail}`, 'HTTP/2.0'],
      [`GET /healthz HTTP/1.2\r\n${tail}`, 'HTTP/1.2'],
      [`GET /healthz\r\n${tail}`, 'no version'],
      [`GET  /healthz  HTTP/1.1\r\n${tail}`, 'double spaces'],
      [`G@T /healthz HTTP/1.1\r\n${tail}`, 'bad method token'],
      [`FUZZ /healthz HTTP/1.1\r\n${tail}`, 'unknown method'],
      [`GET /a b HTTP/1.1\r\n${tail}`, 'space in target'],
      [`GET /\u00ff\u0000 HTTP/1.1\r\n${tail}`, 'raw ff and NUL in target'],
      [`GET http://evil.example/healthz HTTP/1.1\r\n${tail}`, 'absolute-form target'],
      ['GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n', 'bare LF line ends'],
      [`\r\n\r\nGET /healthz HTTP/1.1\r\n${tail}`, 'leading empty lines'],
      [`GET /healthz HTTP/1.1\r\nX-A: x\r\n folded: y\r\n${tail}`, 'obs-fold'],
      [`GET /healthz HTTP/1.1\r\nHost: a\r\n${tail}`, 'two Host headers'],
      [
        `POST /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n${tail}0\r\n\r\n`,
        'CL and TE',
      ],
      [`${'A'.repeat(rng.int(1000, 20_000))} / HTTP/1.1\r\n${tail}`, 'long method'],
      [`GET /${'a'.repeat(rng.int(17_000, 30_000))} HTTP/1.1\r\n${tail}`, 'request line over 16 KB'],
    ]);
    d.raw = { rawBytes: Buffer.from(head, 'latin1') };
    d.answerOptional = true;
    return `request line: ${note}`;
  },
};

interface Family {
  name: string;
  weight: number;
  applies: (d: Draft) => boolean;
  mutations: Record<string, Mutation>;
  /** Route-independent families share one quench key per mutation. */
  global?: boolean;
}

const FAMILIES: Family[] = [
  {
    name: 'body',
    weight: 30,
    applies: (d) => takesBody(d) && d.route?.url !== '/oauth2/token',
    mutations: bodyMutations,
  },
  { name: 'contentType', weight: 5, applies: (d) => takesBody(d), mutations: contentTypeMutations },
  { name: 'query', weight: 8, applies: () => true, mutations: queryMutations },
  { name: 'path', weight: 12, applies: () => true, mutations: pathMutations },
  { name: 'auth', weight: 12, applies: (d) => d.route?.auth !== 'none', mutations: authMutations },
  { name: 'method', weight: 3, applies: () => true, mutations: methodMutations },
  { name: 'multipart', weight: 25, applies: (d) => !!d.route?.multipart, mutations: multipartMutations },
  { name: 'protocol', weight: 6, applies: () => true, mutations: protocolMutations, global: true },
];

function render(draft: Draft): RawRequest {
  let path = draft.path ?? '';
  if (draft.route && !draft.path) {
    path = draft.route.parts
      .map((p) => ('literal' in p ? p.literal : (draft.params[p.param] ?? '')))
      .join('');
  }
  if (draft.query.length)
    path += `?${draft.query.map(([k, v]) => (v === '' && /[&=;?#]/.test(k) ? k : `${k}=${v}`)).join('&')}`;
  const headers: [string, string][] = [];
  if (draft.auth !== undefined) headers.push(['Authorization', draft.auth]);
  let body: Buffer | undefined;
  let contentType: string | undefined;
  if (draft.body.kind === 'json') {
    body = Buffer.from(JSON.stringify(draft.body.value) ?? '');
    contentType = 'application/json';
  } else if (draft.body.kind === 'raw') {
    body = draft.body.bytes;
    contentType = draft.body.contentType;
  }
  if (draft.contentType !== undefined) contentType = draft.contentType ?? undefined;
  if (contentType !== undefined && body) headers.push(['Content-Type', contentType]);
  headers.push(...draft.headers);
  return { method: draft.method, target: path || '/', headers, body, ...draft.raw };
}

/** Builds the next fuzzed request: a valid one (now and then) or one with one or two mutations. */
export function nextCase(
  routes: Route[],
  f: Fixtures,
  rng: Prng,
  quenched: (key: string, coarseKey: string) => boolean,
): FuzzCase {
  for (let attempt = 0; ; attempt++) {
    const route = rng.weighted(
      routes.map(
        (r) =>
          [
            r.multipart
              ? 4
              : r.url.endsWith('/registration') && r.method === 'PUT'
                ? 6
                : r.schema.body
                  ? 2
                  : 1,
            r,
          ] as const,
      ),
    );
    const draft = validDraft(route, f, rng);
    const count = rng.weighted([
      [1, 0],
      [14, 1],
      [5, 2],
    ] as const);
    let quenchKey = `${routeKey(route)}|valid`;
    let coarseKey = quenchKey;
    let global = false;
    for (let i = 0; i < count; i++) {
      const families = FAMILIES.filter((family) => family.applies(draft));
      const family = rng.weighted(families.map((fam) => [fam.weight, fam] as const));
      const name = rng.pick(Object.keys(family.mutations));
      const note = family.mutations[name]!(draft, f, rng);
      if (note === undefined) continue;
      draft.mutations.push(`${family.name}.${name}`);
      draft.notes.push(note);
      global ||= !!family.global;
    }
    if (draft.mutations.length) {
      const mutationKey = `${draft.mutations.join('+')}|${draft.notes.map((n) => n.replace(/\d+/g, 'N')).join('+')}`;
      quenchKey = global || !draft.route ? mutationKey : `${routeKey(route)}|${mutationKey}`;
      coarseKey = `${draft.route ? routeKey(route) : 'unknown route'}|${draft.mutations.join('+')}`;
    }
    if (quenched(quenchKey, coarseKey) && attempt < 50) continue;
    const rendered = render(draft);
    return {
      // Raw request lines replace the whole request: the route they were drawn from is irrelevant.
      routeKey: draft.raw?.rawBytes ? 'raw request' : draft.route ? routeKey(draft.route) : 'unknown route',
      mutations: draft.mutations,
      notes: draft.notes,
      request: rendered,
      oauth: draft.route?.url === '/oauth2/token' || (draft.path ?? '').startsWith('/oauth2/'),
      // Over the body limit the server may answer 413 and close while we still write: the reset
      // can swallow its answer, and closing is a fair way to refuse.
      answerOptional: !!draft.answerOptional || (rendered.body?.length ?? 0) > BODY_LIMIT_BYTES,
      quenchKey,
      coarseKey,
    };
  }
}
