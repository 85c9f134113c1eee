import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { LiveServer } from './liveServer.js';
import { ADMIN_TOKEN } from './testApp.js';

/** A Set-Cookie header, parsed: the value and the attributes (lower-case names; flags map to true). */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...rest] = header.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const at = part.indexOf('=');
    if (at < 0) attributes[part.toLowerCase()] = true;
    else attributes[part.slice(0, at).toLowerCase()] = part.slice(at + 1);
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  cookies: SetCookie[];
}

/**
 * A browser without a browser, for the console over real HTTP: it keeps the cookies it is given
 * (by name; the tests use one path each) and follows nothing, so every redirect is seen.
 */
export class ConsoleClient {
  readonly jar = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  async request(method: string, path: string, form?: Record<string, string>): Promise<Answer> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...this.extraHeaders,
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    const cookies = response.headers.getSetCookie().map(parseSetCookie);
    for (const c of cookies) {
      if (c.attributes['max-age'] === '0') this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    return { status: response.status, headers: response.headers, text: await response.text(), cookies };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, form: Record<string, string>) {
    return this.request('POST', path, form);
  }

  /** The sign-in form's token (it sets its cookie), then the form posted; returns the POST's answer. */
  async signIn(actor = 'Ann Reviewer', token = ADMIN_TOKEN): Promise<Answer> {
    const form = await this.get('/console/sign-in');
    assert.equal(form.status, 200, form.text);
    return this.post('/console/sign-in', { _csrf: hiddenCsrf(form.text), token, actor });
  }

  /** The CSRF token of a signed-in page (any form on it carries the session's). */
  async csrf(path = '/console/'): Promise<string> {
    const page = await this.get(path);
    assert.equal(page.status, 200, page.text);
    return hiddenCsrf(page.text);
  }
}

export function hiddenCsrf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  assert.ok(match, 'the page has a form with a CSRF token');
  return match[1]!;
}

// ---------------------------------------------------------------------------------------------
// Orders to review, made through the API as a customer makes them.

const V1 = '/v1/projects/project-a';

/**
 * A request of project-a's customer, with its access key (Basic): a Bearer token would expire
 * when a test moves the sandbox clock by days.
 */
export async function customer(s: LiveServer, method: string, path: string, body?: unknown) {
  const response = await fetch(path.startsWith('http') ? path : `${s.base}${path}`, {
    method,
    headers: {
      authorization: s.t.auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function policyFile(name: string) {
  return JSON.parse(readFileSync(new URL(`../../policies/${name}.json`, import.meta.url), 'utf8'));
}

/** DE LOCAL: the policy's own valid example registration, and its attachments (ids and types). */
export const DE = policyFile('DE-LOCAL');

/** A one-page PDF a viewer can render: a mock passport. */
export async function passportPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([420, 297]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText('PASSPORT (specimen)', { x: 30, y: 250, size: 20, font });
  page.drawText('Mustermann, Erika', { x: 30, y: 200, size: 14, font });
  page.drawText('Expires 2031-08-01', { x: 30, y: 175, size: 14, font });
  return Buffer.from(await pdf.save());
}

/** A small PNG that looks like a scanned letter (grey lines on white): a mock utility bill. */
export function billPng(width = 240, height = 160): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 0xff);
    row[0] = 0; // filter: none
    const line = y % 16 >= 10 && y % 16 < 13 && y > 20 && y < height - 20;
    for (let x = 20; line && x < width - 20 - ((y * 7) % 60); x++) row.fill(0x55, 1 + x * 3, 4 + x * 3);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A free number of a product, from the API's search. */
export async function availableNumber(s: LiveServer, regionCode: string, type: string, skip = 0) {
  const found = await customer(
    s,
    'GET',
    `${V1}/availableNumbers?regionCode=${regionCode}&type=${type}&size=${skip + 1}`,
  );
  assert.equal(found.status, 200, JSON.stringify(found.body));
  return found.body.availableNumbers[skip].phoneNumber as string;
}

/** A DE LOCAL number order, CREATED (numbers reserved for 48 hours); `callbackUrl` optional. */
export async function createDeOrder(s: LiveServer, callbackUrl?: string, skip = 0) {
  const phoneNumber = await availableNumber(s, 'DE', 'LOCAL', skip);
  const created = await customer(s, 'POST', `${V1}/numberOrders:createNumberOrder`, {
    regionCode: 'DE',
    numberType: 'LOCAL',
    numberOrderOption: { phoneNumbers: [phoneNumber] },
    ...(callbackUrl ? { callbackUrl } : {}),
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  return { orderId: created.body.idNumberOrder as string, phoneNumber };
}

async function upload(
  s: LiveServer,
  orderId: string,
  attachmentId: string,
  file: Buffer,
  name: string,
  documentType: string,
) {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(file)]), name);
  form.set('documentType', documentType);
  const response = await fetch(`${s.base}${V1}/numberOrders/${orderId}/attachments/${attachmentId}`, {
    method: 'POST',
    headers: { authorization: s.t.auth },
    body: form,
  });
  assert.equal(response.status, 200, await response.text());
}

/**
 * A DE LOCAL order submitted for review: the policy's example registration, the identity document
 * as a PDF and the proof of address as a PNG. Returns the order id and its number.
 */
export async function deOrderInReview(s: LiveServer, callbackUrl?: string, skip = 0) {
  const order = await createDeOrder(s, callbackUrl, skip);
  const registered = await customer(s, 'PUT', `${V1}/numberOrders/${order.orderId}/registration`, {
    requestDetails: { data: DE.examples.valid },
  });
  assert.equal(registered.status, 200, JSON.stringify(registered.body));
  const [identity, address] = DE.attachments;
  await upload(s, order.orderId, identity.id, await passportPdf(), 'passport.pdf', 'PASSPORT');
  await upload(s, order.orderId, address.id, billPng(), 'bill.png', address.allowedDocumentTypes[0]);
  const submitted = await customer(s, 'POST', `${V1}/numberOrders/${order.orderId}/submit`);
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  assert.equal(submitted.body.state, 'IN_REVIEW');
  return order;
}

/** An order's state and registration logs, as the customer reads them. */
export async function orderOf(s: LiveServer, orderId: string) {
  const order = await customer(s, 'GET', `${V1}/numberOrders/${orderId}`);
  const registration = await customer(s, 'GET', `${V1}/numberOrders/${orderId}/registration`);
  return { state: order.body.state as string, logs: registration.body.logs as { message: string }[] };
}
