import { exchange, type RawRequest } from './rawHttp.js';
import { ADMIN_TOKEN, PROJECT } from './server.js';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const CALLBACK_URL = 'http://127.0.0.1:9/fuzz-callback'; // loopback, closed port: never leaves the host

export function basic(keyId: string, keySecret: string): string {
  return `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`;
}

/** What the valid requests set up, so mutated requests can point at things that exist. */
export interface Fixtures {
  port: number;
  projectId: string;
  basicAuth: string;
  adminAuth: string;
  /** Another tenant, for cross-project requests. */
  other: { projectId: string; auth: string };
  available: Record<string, string[]>;
  active: string[];
  order?: { id: string; attachmentId?: string; documentType?: string };
  /** The KYC data schemas by "DE-LOCAL": patterns in them are where backtracking hides. */
  dataSchemas: Record<string, any>;
  policy?: any;
  eventId?: string;
  /** Problems setting up; fuzzing goes on with less depth. */
  warnings: string[];
}

async function api(port: number, method: string, path: string, auth: string, body?: unknown) {
  const request: RawRequest = {
    method,
    target: path,
    headers: [['Authorization', auth]],
  };
  if (body !== undefined) {
    request.headers.push(['Content-Type', 'application/json']);
    request.body = Buffer.from(JSON.stringify(body));
  }
  const result = await exchange(port, request, 30_000);
  const text = result.response?.body.toString('utf8') ?? '';
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: result.response?.status ?? 0, body: json, error: result.error };
}

export function multipartBody(
  parts: { name: string; value: Buffer | string; filename?: string; contentType?: string }[],
  boundary = 'fuzz-boundary-7d3a',
) {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'latin1'), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The valid requests first: a tenant, rented numbers, a KYC order with an upload, a callback event. */
export async function setUp(port: number): Promise<Fixtures> {
  const adminAuth = `Bearer ${ADMIN_TOKEN}`;
  const basicAuth = basic(PROJECT.keyId, PROJECT.keySecret);
  const base = `/v1/projects/${PROJECT.projectId}`;
  const f: Fixtures = {
    port,
    projectId: PROJECT.projectId,
    basicAuth,
    adminAuth,
    other: { projectId: 'fuzz-other', auth: '' },
    available: {},
    active: [],
    dataSchemas: {},
    warnings: [],
  };
  const expect = (what: string, res: { status: number; body: any; error?: string }) => {
    if (res.status !== 200)
      f.warnings.push(`${what}: ${res.status} ${res.error ?? JSON.stringify(res.body)?.slice(0, 200)}`);
    return res.status === 200;
  };

  await api(port, 'POST', '/admin/v1/projects', adminAuth, { projectId: f.other.projectId });
  const key = await api(port, 'POST', `/admin/v1/projects/${f.other.projectId}/accessKeys`, adminAuth);
  if (expect('other tenant key', key)) f.other.auth = basic(key.body.keyId, key.body.keySecret);

  for (const [region, type] of [
    ['US', 'LOCAL'],
    ['DE', 'LOCAL'],
    ['AU', 'MOBILE'],
    ['US', 'TOLL_FREE'],
  ]) {
    const res = await api(
      port,
      'GET',
      `${base}/availableNumbers?regionCode=${region}&type=${type}&size=10`,
      basicAuth,
    );
    if (expect(`search ${region} ${type}`, res))
      f.available[`${region}-${type}`] = res.body.availableNumbers.map((n: any) => n.phoneNumber);
  }
  const us = f.available['US-LOCAL'] ?? [];
  for (const [i, number] of us.slice(0, 3).entries()) {
    const body =
      i === 0 ? { callbackUrl: CALLBACK_URL, smsConfiguration: { servicePlanId: 'fuzzplan' } } : {};
    const res = await api(
      port,
      'POST',
      `${base}/availableNumbers/${encodeURIComponent(number)}:rent`,
      basicAuth,
      body,
    );
    if (expect(`rent ${number}`, res)) f.active.push(number);
  }
  f.available['US-LOCAL'] = us.slice(3);

  for (const pair of ['DE-LOCAL', 'AU-MOBILE']) {
    const [regionCode, numberType] = pair.split('-');
    const req = await api(port, 'POST', `${base}/numberOrders:lookupNumberRequirements`, basicAuth, {
      regionCode,
      numberType,
    });
    if (expect(`requirements ${pair}`, req)) f.dataSchemas[pair] = req.body.fields?.schema;
    if (pair !== 'DE-LOCAL') continue;
    const phoneNumber = f.available[pair]?.shift();
    const order = await api(port, 'POST', `${base}/numberOrders:createNumberOrder`, basicAuth, {
      regionCode,
      numberType,
      numberOrderOption: { phoneNumbers: [phoneNumber] },
    });
    if (!expect(`create ${pair} order`, order)) continue;
    const attachment = req.body?.fields?.attachments?.[0];
    f.order = {
      id: order.body.idNumberOrder,
      attachmentId: attachment?.id,
      documentType: attachment?.allowedDocumentTypes?.[0],
    };
    if (attachment) {
      const { body, contentType } = multipartBody([
        { name: 'file', value: PDF, filename: 'document.pdf', contentType: 'application/pdf' },
        { name: 'documentType', value: f.order.documentType ?? 'PASSPORT' },
      ]);
      const upload = await exchange(
        port,
        {
          method: 'POST',
          target: `${base}/numberOrders/${f.order.id}/attachments/${attachment.id}`,
          headers: [
            ['Authorization', basicAuth],
            ['Content-Type', contentType],
          ],
          body,
        },
        30_000,
      );
      if (upload.response?.status !== 200)
        f.warnings.push(`upload: ${upload.response?.status ?? upload.error}`);
    }
  }

  const policy = await api(port, 'GET', '/admin/v1/kycPolicies/DE/LOCAL', adminAuth);
  if (expect('read DE LOCAL policy', policy)) f.policy = policy.body;

  // Provisioning the first rent (it has a callbackUrl) yields a callback event to redeliver.
  await api(port, 'POST', '/_sandbox/clock:advance', adminAuth, { seconds: 10 });
  for (let i = 0; i < 20 && !f.eventId; i++) {
    const events = await api(
      port,
      'GET',
      `/_sandbox/callbacks?projectId=${PROJECT.projectId}&pageSize=1`,
      adminAuth,
    );
    f.eventId = events.body?.callbacks?.[0]?.eventId;
    if (!f.eventId) await new Promise((r) => setTimeout(r, 250));
  }
  if (!f.eventId) f.warnings.push('no callback event to redeliver');
  return f;
}
