import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFlatError, call, fieldViolations, someAvailable } from '../helpers/api.js';
import {
  ADMIN,
  directLoa,
  HBASE,
  OTHER_HBASE,
  orderState,
  qualifiedState,
  resellerLoa,
  verifyNumbers,
} from '../helpers/hosting.js';
import { startTestApp, type TestApp } from '../helpers/testApp.js';

// Every hosting order operation: success, 400 (field named), 401, 403 with another project's
// key, 404, 409, in the Imported Numbers API's flat envelope; nothing half-created.
let t: TestApp;
before(async () => {
  t = await startTestApp({ OPEN_NUMBERS_QUALIFICATION_DELAY_SECONDS: '1' });
});
after(() => t.close());

const post = (path: string, body: unknown, headers?: Record<string, string>, base = HBASE) =>
  call(t, { method: 'POST', url: `${base}/${path}`, body, headers });
const get = (path: string, headers?: Record<string, string>, base = HBASE) =>
  call(t, { method: 'GET', url: `${base}/${path}`, headers });

const importBody = (numbers: string[], extra: Record<string, unknown> = {}) => ({
  regionCode: 'US',
  numbers,
  servicePlanId: 'plan-1',
  ...extra,
});

const LIST_ALL =
  'states=HOSTING_ORDER_STATE_UNSPECIFIED&type=HOSTING_ORDER_TYPE_UNSPECIFIED&servicePlanId=*&campaignId=*';

function violation(res: { status: number; body: any }) {
  return fieldViolations(assertFlatError(res, 400, 'INVALID_ARGUMENT'));
}

async function orderCount() {
  return (await get(`hostingOrders?${LIST_ALL}`)).body.totalSize;
}

describe(':importNumbers', () => {
  test('200: an ImportHostingOrder, SUBMITTED, with the request’s fields', async () => {
    const res = await post(
      'hostingOrders:importNumbers',
      importBody(['+12025550101', '+12025550109'], {
        displayName: 'Two',
        campaignId: 'C1',
        callbackUrl: 'https://example.com/h',
        migrateToSinchTmo: true,
        projectId: 'project-a',
      }),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body).sort(), [
      'callbackUrl',
      'campaignId',
      'createdTime',
      'displayName',
      'hostingOrderId',
      'migrateToSinchTmo',
      'projectId',
      'regionCode',
      'servicePlanId',
      'state',
      'type',
      'updatedTime',
    ]);
    assert.equal(res.body.state, 'SUBMITTED');
    assert.equal(res.body.type, 'IMPORT');
    assert.match(res.body.hostingOrderId, /^[0-9a-z]{26}$/);
    assert.match(res.body.createdTime, /Z$/);
    const got = await get(`hostingOrders/${res.body.hostingOrderId}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.displayName, 'Two');
  });

  test('400: each problem names its field; nothing is created', async () => {
    const before = await orderCount();
    const cases: [unknown, string][] = [
      [{ numbers: ['+12025550102'], servicePlanId: 'p' }, 'regionCode'],
      [{ regionCode: 'SE', numbers: ['+12025550102'], servicePlanId: 'p' }, 'regionCode'],
      [{ regionCode: 'US', servicePlanId: 'p' }, 'numbers'],
      [{ regionCode: 'US', numbers: [], servicePlanId: 'p' }, 'numbers'],
      [importBody(['+12025550102', '12025550103']), 'numbers[1]'],
      [importBody(['+12025550102', '+442071838750']), 'numbers[1]'],
      [importBody(['+12025550102', '+14165550123']), 'numbers[1]'],
      [importBody(['+12025550102', '+12025550103', '+12025550102']), 'numbers[2]'],
      [
        importBody([
          '+12025550102',
          '+12025550103',
          '+12025550104',
          '+12025550105',
          '+12025550106',
          '+12025550107',
        ]),
        'numbers',
      ],
      [{ regionCode: 'US', numbers: ['+12025550102'] }, 'servicePlanId'],
      [importBody(['+12025550102'], { callbackUrl: 'ftp://x' }), 'callbackUrl'],
      [importBody(['+12025550102'], { projectId: 'project-b' }), 'projectId'],
      [importBody(['+12025550102'], { displayName: 'x'.repeat(257) }), 'displayName'],
    ];
    for (const [body, field] of cases) {
      const res = await post('hostingOrders:importNumbers', body);
      assert.deepEqual(violation(res), [field], JSON.stringify(body));
    }
    assert.equal(await orderCount(), before);
  });

  test('200: a toll-free number can be imported (the document does not forbid it)', async () => {
    const res = await post('hostingOrders:importNumbers', importBody(['+18335870229']));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.numbers?.[0] ?? '+18335870229', '+18335870229');
  });

  test('an operator raises the project’s limit (PUT …/hostingOrderSettings); 404 for no such project', async () => {
    const six = [
      '+12025550111',
      '+12025550112',
      '+12025550113',
      '+12025550114',
      '+12025550115',
      '+12025550116',
    ];
    assert.deepEqual(violation(await post('hostingOrders:importNumbers', importBody(six))), ['numbers']);
    const settings = await call(t, {
      method: 'PUT',
      url: '/admin/v1/projects/project-a/hostingOrderSettings',
      headers: ADMIN,
      body: { importNumbersLimit: 6 },
    });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    assert.deepEqual(settings.body, { projectId: 'project-a', importNumbersLimit: 6 });
    assert.equal(
      (
        await call(t, {
          method: 'GET',
          url: '/admin/v1/projects/project-a/hostingOrderSettings',
          headers: ADMIN,
        })
      ).body.importNumbersLimit,
      6,
    );
    assert.equal((await post('hostingOrders:importNumbers', importBody(six))).status, 200);
    const missing = await call(t, {
      method: 'PUT',
      url: '/admin/v1/projects/nobody/hostingOrderSettings',
      headers: ADMIN,
      body: { importNumbersLimit: 6 },
    });
    assert.equal(missing.status, 404);
    const tooMany = await call(t, {
      method: 'PUT',
      url: '/admin/v1/projects/project-a/hostingOrderSettings',
      headers: ADMIN,
      body: { importNumbersLimit: 0 },
    });
    assert.equal(tooMany.status, 400);
    // The other project keeps the default.
    assert.deepEqual(
      violation(
        await post(
          'hostingOrders:importNumbers',
          importBody(six),
          { authorization: t.other.auth },
          OTHER_HBASE,
        ),
      ),
      ['numbers'],
    );
  });

  test('401 without credentials, 403 with another project’s key', async () => {
    const body = importBody(['+12025550121']);
    assertFlatError(
      await post('hostingOrders:importNumbers', body, { authorization: '' }),
      401,
      'UNAUTHENTICATED',
    );
    assertFlatError(
      await post('hostingOrders:importNumbers', body, { authorization: t.other.auth }),
      403,
      'PERMISSION_DENIED',
    );
  });

  test('409: imported already, in our inventory, or in another open order; nothing is created', async () => {
    const imported = await call(t, {
      method: 'POST',
      url: `${HBASE}/importedNumbers`,
      body: { phoneNumber: '+12025550131', regionCode: 'US', smsConfiguration: { servicePlanId: 'p' } },
    });
    assert.equal(imported.status, 200);
    const before = await orderCount();
    const dup = await post('hostingOrders:importNumbers', importBody(['+12025550132', '+12025550131']));
    assertFlatError(dup, 409, 'ALREADY_EXISTS');
    assert.match(dup.body.message, /\+12025550131/);

    const ours = await someAvailable(t);
    assertFlatError(await post('hostingOrders:importNumbers', importBody([ours])), 409, 'ALREADY_EXISTS');

    const first = await post('hostingOrders:importNumbers', importBody(['+12025550133']));
    assert.equal(first.status, 200);
    const again = await post(
      'hostingOrders:importNumbers',
      importBody(['+12025550133']),
      { authorization: t.other.auth },
      OTHER_HBASE,
    );
    assertFlatError(again, 409, 'ALREADY_EXISTS');
    assert.match(again.body.message, /open hosting order/);
    // Nor can it be imported directly while its order is open.
    const direct = await call(t, {
      method: 'POST',
      url: `${HBASE}/importedNumbers`,
      body: { phoneNumber: '+12025550133', regionCode: 'US', smsConfiguration: { servicePlanId: 'p' } },
    });
    assertFlatError(direct, 409, 'ALREADY_EXISTS');
    assert.match(direct.body.message, /is in an open hosting order/);
    assert.equal(await orderCount(), before + 1);
    // +12025550132 was not left behind in an order: it can be ordered now.
    assert.equal((await post('hostingOrders:importNumbers', importBody(['+12025550132']))).status, 200);
  });
});

describe(':textEnableNumbers and :textEnableTollFreeNumbers (hostingOrders and qualifiedNumbers)', () => {
  const body = (numbers: string[], extra: Record<string, unknown> = {}) => ({
    regionCode: 'US',
    numbers,
    servicePlanId: 'plan-t',
    directLoaInfo: directLoa(),
    ...extra,
  });

  test('200 on all four paths, with the answer each path documents', async () => {
    await verifyNumbers(t, 'project-a', ['+12025550201', '+12025550202', '+18335870201', '+18335870202']);
    const a = await post('hostingOrders:textEnableNumbers', body(['+12025550201'], { nnid: '123456' }));
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.textEnableInfo.nnid, '123456');
    assert.equal(a.body.textEnableInfo.loaType, 'Direct');
    assert.equal(a.body.textEnableInfo.currentVoiceCarrier, 'Verizon');
    assert.equal(a.body.migrateToSinchTmo, false);
    const b = await post('qualifiedNumbers:textEnableNumbers', body(['+12025550202']));
    assert.deepEqual(Object.keys(b.body), ['hostingOrderId']);
    const c = await post('hostingOrders:textEnableTollFreeNumbers', body(['+18335870201']));
    assert.equal(c.body.type, 'TYPE_TEXT_ENABLE');
    const d = await post('qualifiedNumbers:textEnableTollFreeNumbers', body(['+18335870202']));
    assert.equal(d.body.state, 'SUBMITTED');
    const number = await get(`hostingOrders/${a.body.hostingOrderId}/numbers/+12025550201`);
    assert.equal(number.body.osrUpdate.nnid, '123456');
  });

  test('400: LOA kinds (none, two), LOA fields, schedule, more than 500 numbers; nothing is created', async () => {
    const before = await orderCount();
    const n = ['+12025550211'];
    const cases: [unknown, string][] = [
      [{ regionCode: 'US', numbers: n, servicePlanId: 'p' }, 'directLoaInfo'],
      [body(n, { blanketLoaInfo: {} }), 'blanketLoaInfo'],
      [
        body(n, { directLoaInfo: undefined, resellerLoaInfo: resellerLoa(), blanketLoaInfo: {} }),
        'blanketLoaInfo',
      ],
      [
        body(n, { directLoaInfo: { ...directLoa(), authorisedPerson: undefined } }),
        'directLoaInfo.authorisedPerson',
      ],
      [
        body(n, {
          directLoaInfo: { ...directLoa(), authorisedPerson: { firstName: 'a', lastName: 'b', email: 'no' } },
        }),
        'directLoaInfo.authorisedPerson.email',
      ],
      [
        body(n, { directLoaInfo: { ...directLoa(), address: { street: 'x' } } }),
        'directLoaInfo.address.buildingNumber',
      ],
      [
        body(n, { directLoaInfo: { ...directLoa(), currentVoiceCarrier: '' } }),
        'directLoaInfo.currentVoiceCarrier',
      ],
      [
        body(n, { directLoaInfo: undefined, resellerLoaInfo: { ...resellerLoa(), businessName: ' ' } }),
        'resellerLoaInfo.businessName',
      ],
      [body(n, { scheduledOsrUpdateTime: 'tomorrow' }), 'scheduledOsrUpdateTime'],
      // Without Z or an offset the time would be read in the server's zone.
      [body(n, { scheduledOsrUpdateTime: '2030-01-13T14:34:40' }), 'scheduledOsrUpdateTime'],
      // Line breaks and control characters would go into the mail and the LOA.
      [
        body(n, {
          directLoaInfo: {
            ...directLoa(),
            authorisedPerson: { firstName: 'Jane\nBcc: x@y.example', lastName: 'b', email: 'a@b.example' },
          },
        }),
        'directLoaInfo.authorisedPerson.firstName',
      ],
      [
        body(n, {
          directLoaInfo: { ...directLoa(), address: { ...directLoa().address, street: 'Main\r\nSt' } },
        }),
        'directLoaInfo.address.street',
      ],
      [
        body(n, { directLoaInfo: { ...directLoa(), currentVoiceCarrier: 'Veri\u0007zon' } }),
        'directLoaInfo.currentVoiceCarrier',
      ],
      [
        body(n, {
          directLoaInfo: undefined,
          resellerLoaInfo: { ...resellerLoa(), businessName: 'Acme\u2028Inc' },
        }),
        'resellerLoaInfo.businessName',
      ],
      [
        body(Array.from({ length: 501 }, (_, i) => `+1202555${String(1000 + i).padStart(4, '0')}`)),
        'numbers',
      ],
    ];
    for (const [b, field] of cases) {
      for (const path of ['hostingOrders:textEnableNumbers', 'qualifiedNumbers:textEnableNumbers']) {
        assert.deepEqual(
          violation(await post(path, b)),
          [field],
          `${path} ${JSON.stringify(b).slice(0, 200)}`,
        );
      }
    }
    assert.equal(await orderCount(), before);
  });

  test('400 naming the number that is not a VERIFIED qualified number; nothing created or claimed', async () => {
    await verifyNumbers(t, 'project-a', ['+12025550231']);
    const before = await orderCount();
    for (const path of ['hostingOrders:textEnableNumbers', 'qualifiedNumbers:textEnableNumbers']) {
      const res = await post(path, body(['+12025550231', '+12025550232']));
      assert.deepEqual(violation(res), ['numbers[1]'], JSON.stringify(res.body));
      assert.match(res.body.message, /VERIFIED/);
    }
    // Verified in another project does not count.
    await verifyNumbers(t, 'project-b', ['+12025550233']);
    assert.deepEqual(violation(await post('hostingOrders:textEnableNumbers', body(['+12025550233']))), [
      'numbers[0]',
    ]);
    assert.equal(await orderCount(), before);
    assert.equal(await qualifiedState(t, 'project-a', '+12025550231'), 'VERIFIED');
  });

  test('the qualified numbers follow the order: HOSTING_IN_PROGRESS, then HOSTING_DONE / HOSTING_FAILED', async () => {
    const ok = ['+12025550241', '+12025556660'];
    await verifyNumbers(t, 'project-a', [...ok, '+12025550243']);
    const res = await post(
      'hostingOrders:textEnableNumbers',
      body(ok, { directLoaInfo: undefined, blanketLoaInfo: {} }),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(await qualifiedState(t, 'project-a', ok[0]!), 'HOSTING_IN_PROGRESS');
    for (let i = 0; i < 3; i++) await t.advance(60);
    assert.equal(await orderState(t, res.body.hostingOrderId), 'COMPLETED');
    assert.equal(await qualifiedState(t, 'project-a', ok[0]!), 'HOSTING_DONE');
    assert.equal(await qualifiedState(t, 'project-a', ok[1]!), 'HOSTING_FAILED');

    const rejected = await post('hostingOrders:textEnableNumbers', body(['+12025550243']));
    const review = await call(t, {
      method: 'POST',
      url: `/admin/v1/projects/project-a/hostingOrders/${rejected.body.hostingOrderId}:review`,
      headers: ADMIN,
      body: { decision: 'REJECT', reason: 'no' },
    });
    assert.equal(review.status, 200);
    assert.equal(await qualifiedState(t, 'project-a', '+12025550243'), 'HOSTING_FAILED');
  });

  test('401, 403, 409 on the text-enable paths', async () => {
    for (const path of [
      'hostingOrders:textEnableNumbers',
      'hostingOrders:textEnableTollFreeNumbers',
      'qualifiedNumbers:textEnableNumbers',
      'qualifiedNumbers:textEnableTollFreeNumbers',
    ]) {
      const b = body([path.includes('TollFree') ? '+18335870221' : '+12025550221']);
      assertFlatError(await post(path, b, { authorization: '' }), 401, 'UNAUTHENTICATED');
      assertFlatError(await post(path, b, { authorization: t.other.auth }), 403, 'PERMISSION_DENIED');
    }
    // A number in an open order: 409 on every path of its kind, whichever path ordered it.
    await verifyNumbers(t, 'project-a', ['+12025550222', '+18335870222']);
    const pairs: [string, string, string][] = [
      ['+12025550222', 'hostingOrders:textEnableNumbers', 'qualifiedNumbers:textEnableNumbers'],
      [
        '+18335870222',
        'qualifiedNumbers:textEnableTollFreeNumbers',
        'hostingOrders:textEnableTollFreeNumbers',
      ],
    ];
    for (const [number, first, second] of pairs) {
      assert.equal((await post(first, body([number]))).status, 200, first);
      for (const path of [first, second]) {
        assertFlatError(await post(path, body([number])), 409, 'ALREADY_EXISTS');
      }
    }
  });
});

describe('list, get, report, numbers, LOA download', () => {
  let id: string;
  before(async () => {
    const res = await post(
      'hostingOrders:importNumbers',
      importBody(['+13125550301', '+13125550302', '+13125550303'], {
        servicePlanId: 'plan-list',
        campaignId: 'CL',
      }),
    );
    assert.equal(res.status, 200);
    id = res.body.hostingOrderId;
  });

  test('list: the four required parameters (400 naming a missing one), filters, paging', async () => {
    for (const missing of ['states', 'type', 'servicePlanId', 'campaignId']) {
      const query = new URLSearchParams({
        states: 'SUBMITTED',
        type: 'IMPORT',
        servicePlanId: 'plan-list',
        campaignId: 'CL',
      });
      query.delete(missing);
      assert.deepEqual(violation(await get(`hostingOrders?${query}`)), [missing]);
    }
    assert.deepEqual(violation(await get(`hostingOrders?${LIST_ALL}&states=DONE`)), ['states']);
    const found = await get(
      'hostingOrders?states=SUBMITTED&type=IMPORT&servicePlanId=plan-list&campaignId=CL',
    );
    assert.equal(found.status, 200);
    assert.equal(found.body.totalSize, 1);
    assert.equal(found.body.hostingOrders[0].hostingOrderId, id);
    assert.equal(found.body.nextPageToken, '');
    assert.equal(
      (await get('hostingOrders?states=COMPLETED,REJECTED&type=IMPORT&servicePlanId=plan-list&campaignId=CL'))
        .body.totalSize,
      0,
    );
    assert.equal(
      (
        await get(
          'hostingOrders?states=SUBMITTED&type=TYPE_TEXT_ENABLE&servicePlanId=*&campaignId=*&regionCode=US',
        )
      ).body.hostingOrders.every((o: any) => o.type === 'TYPE_TEXT_ENABLE'),
      true,
    );
    const all = (await get(`hostingOrders?${LIST_ALL}`)).body.totalSize;
    const seen: string[] = [];
    let token = '';
    do {
      const page = await get(
        `hostingOrders?${LIST_ALL}&pageSize=2&orderBy=updatedTime${token ? `&pageToken=${token}` : ''}`,
      );
      assert.equal(page.status, 200);
      seen.push(...page.body.hostingOrders.map((o: any) => o.hostingOrderId));
      token = page.body.nextPageToken;
    } while (token);
    assert.equal(seen.length, all);
    assert.equal(new Set(seen).size, all);
    assert.deepEqual(violation(await get(`hostingOrders?${LIST_ALL}&pageToken=nonsense`)), ['pageToken']);
    // Another project sees none of these.
    assert.equal(
      (await get(`hostingOrders?${LIST_ALL}`, { authorization: t.other.auth }, OTHER_HBASE)).body.totalSize,
      0,
    );
  });

  test('get, report, numbers, number: 200; 404 for unknown ids and another project’s order; 403; 401', async () => {
    const report = await get(`hostingOrders/${id}/report`);
    assert.deepEqual(report.body, {
      total: 3,
      osrUpdated: 0,
      smsProvisioned: 0,
      addedToCampaign: 0,
      ongoingManualAction: 0,
    });
    const numbers = await get(`hostingOrders/${id}/numbers?pageSize=2`);
    assert.equal(numbers.body.totalSize, 3);
    assert.deepEqual(
      numbers.body.numbers.map((n: any) => n.phoneNumber),
      ['+13125550301', '+13125550302'],
    );
    const rest = await get(`hostingOrders/${id}/numbers?pageSize=2&pageToken=${numbers.body.nextPageToken}`);
    assert.deepEqual(
      rest.body.numbers.map((n: any) => n.phoneNumber),
      ['+13125550303'],
    );
    assert.equal(rest.body.nextPageToken, '');
    assert.equal((await get(`hostingOrders/${id}/numbers?osrUpdateState=DONE`)).body.totalSize, 0);
    assert.equal(
      (await get(`hostingOrders/${id}/numbers?platformProvisioningState=WAITING`)).body.totalSize,
      3,
    );
    assert.deepEqual(violation(await get(`hostingOrders/${id}/numbers?campaignProvisioningState=SOON`)), [
      'campaignProvisioningState',
    ]);
    const one = await get(`hostingOrders/${id}/numbers/+13125550302`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.platformProvisioning, { servicePlanId: 'plan-list', state: 'WAITING' });
    assert.deepEqual(one.body.campaignProvisioning, { campaignId: 'CL', state: 'WAITING' });
    assert.deepEqual(Object.keys(one.body.smsAtt), ['state', 'errorCode', 'errorMessage', 'updateTime']);

    for (const path of [
      `hostingOrders/${id}`,
      `hostingOrders/${id}/report`,
      `hostingOrders/${id}/numbers`,
      `hostingOrders/${id}/numbers/+13125550301`,
    ]) {
      assertFlatError(await get(path, { authorization: t.other.auth }, OTHER_HBASE), 404, 'NOT_FOUND');
      assertFlatError(await get(path, { authorization: t.other.auth }), 403, 'PERMISSION_DENIED');
      assertFlatError(await get(path, { authorization: '' }), 401, 'UNAUTHENTICATED');
    }
    assertFlatError(await get('hostingOrders/01aaaaaaaaaaaaaaaaaaaaaaaa'), 404, 'NOT_FOUND');
    assertFlatError(await get(`hostingOrders/${id}/numbers/+13125550399`), 404, 'NOT_FOUND');
    assert.deepEqual(violation(await get(`hostingOrders/${id}/numbers/313`)), ['phoneNumber']);
    // An import has no LOA.
    assertFlatError(await get(`hostingOrders/${id}/loa`), 404, 'NOT_FOUND');
    // The list and the LOA download: 401 and 403 too; another project's order is a 404.
    for (const path of [`hostingOrders?${LIST_ALL}`, `hostingOrders/${id}/loa`]) {
      assertFlatError(await get(path, { authorization: t.other.auth }), 403, 'PERMISSION_DENIED');
      assertFlatError(await get(path, { authorization: '' }), 401, 'UNAUTHENTICATED');
    }
    assertFlatError(
      await get(`hostingOrders/${id}/loa`, { authorization: t.other.auth }, OTHER_HBASE),
      404,
      'NOT_FOUND',
    );
  });

  test('the LOA download of a direct order: 404 before the review, the PDF after, 404 for another project', async () => {
    await verifyNumbers(t, 'project-a', ['+13125550311']);
    const res = await post('hostingOrders:textEnableNumbers', {
      regionCode: 'US',
      numbers: ['+13125550311'],
      servicePlanId: 'plan-loa',
      directLoaInfo: directLoa(),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const loaId = res.body.hostingOrderId;
    assertFlatError(await get(`hostingOrders/${loaId}/loa`), 404, 'NOT_FOUND');
    const approved = await call(t, {
      method: 'POST',
      url: `/admin/v1/projects/project-a/hostingOrders/${loaId}:review`,
      headers: ADMIN,
      body: { decision: 'APPROVE' },
    });
    assert.equal(approved.body.state, 'WAITING_FOR_LOA_SIGNATURE');
    const pdf = await t.app.inject({
      method: 'GET',
      url: `${HBASE}/hostingOrders/${loaId}/loa`,
      headers: { authorization: t.auth },
    });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['x-loa-signed'], 'false');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assertFlatError(
      await get(`hostingOrders/${loaId}/loa`, { authorization: t.other.auth }, OTHER_HBASE),
      404,
      'NOT_FOUND',
    );
    const admin = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/hostingOrders/${loaId}/loa`,
      headers: ADMIN,
    });
    assert.equal(admin.statusCode, 200);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/admin/v1/hostingOrders/${loaId}/loa` })).statusCode,
      401,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/admin/v1/hostingOrders/nope/loa', headers: ADMIN }))
        .statusCode,
      404,
    );
  });

  test('admin: review queue, approve once, reject needs a reason, audit kept; 401 without the admin token', async () => {
    const queue = await call(t, {
      method: 'GET',
      url: '/admin/v1/hostingOrders?state=SUBMITTED',
      headers: ADMIN,
    });
    assert.equal(queue.status, 200);
    assert.ok(queue.body.hostingOrders.some((o: any) => o.hostingOrderId === id));
    assert.ok(queue.body.hostingOrders.every((o: any) => o.state === 'SUBMITTED'));
    const url = `/admin/v1/projects/project-a/hostingOrders/${id}:review`;
    assert.equal((await call(t, { method: 'POST', url, body: { decision: 'APPROVE' } })).status, 401);
    const noReason = await call(t, { method: 'POST', url, headers: ADMIN, body: { decision: 'REJECT' } });
    assert.equal(noReason.status, 400);
    const approved = await call(t, {
      method: 'POST',
      url,
      headers: ADMIN,
      body: { decision: 'APPROVE', reviewer: 'ops-2', reason: 'ok' },
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'IN_PROGRESS');
    assert.equal(approved.body.review.decision, 'APPROVED');
    assert.equal(approved.body.review.reviewer, 'ops-2');
    const twice = await call(t, { method: 'POST', url, headers: ADMIN, body: { decision: 'APPROVE' } });
    assert.equal(twice.status, 400);
    const unknown = await call(t, {
      method: 'POST',
      url: '/admin/v1/projects/project-a/hostingOrders/nope:review',
      headers: ADMIN,
      body: { decision: 'APPROVE' },
    });
    assert.equal(unknown.status, 404);
    assert.equal(
      (await call(t, { method: 'POST', url: '/_sandbox/hostingOrders/nope:advance', headers: ADMIN })).status,
      404,
    );
  });
});
