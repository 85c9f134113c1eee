import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { escapeHtml } from '../../http/routes/hostingOrders/signingPage.js';
import { type HostingOrderRecord, parseHostingRequest } from './hostingOrder.js';
import { loaPdf, wrapText } from './loaDocument.js';

const T0 = 1_700_000_000_000;

function order(numbers: string[]): HostingOrderRecord {
  const parsed = parseHostingRequest(
    'p1',
    'textEnable',
    {
      regionCode: 'US',
      numbers,
      servicePlanId: 'plan',
      resellerLoaInfo: {
        businessName: 'Åsa’s Café 北京',
        authorisedPerson: { firstName: 'Zoë', lastName: 'Ødegård', email: 'z@example.com' },
        address: {
          buildingNumber: '1',
          street: 'Main',
          city: 'NYC',
          state: 'NY',
          postalCode: '1',
          country: 'US',
        },
        currentVoiceCarrier: 'TMO',
      },
    },
    500,
  );
  return {
    ...parsed.order,
    hostingOrderId: 'o1',
    state: 'DRAFT',
    stage: 'LOA',
    createdAt: T0,
    updatedAt: T0,
  };
}

test('the LOA of 500 numbers: several pages, every number in it, any name printable', async () => {
  const numbers = Array.from({ length: 500 }, (_, i) => `+1202555${String(1000 + i).padStart(4, '0')}`);
  const pdf = await PDFDocument.load(await loaPdf(order(numbers), numbers));
  assert.ok(pdf.getPageCount() > 1);
  assert.equal(pdf.getKeywords(), numbers.join(' '));
  assert.equal(pdf.getSubject(), 'Not signed');
  const signature = { fullName: '李 雷', ip: '203.0.113.9', at: T0 + 1000, via: 'signing page' };
  const signed = await PDFDocument.load(await loaPdf(order(numbers), numbers, signature));
  assert.equal(signed.getSubject(), `Signed by ? ? at ${new Date(T0 + 1000).toISOString()} from 203.0.113.9`);
});

test('escapeHtml leaves no markup', () => {
  assert.equal(
    escapeHtml(`<script a="b" c='d'>&\`x=/`),
    '&#60;script a&#61;&#34;b&#34; c&#61;&#39;d&#39;&#62;&#38;&#96;x&#61;&#47;',
  );
});

test('long names and addresses wrap onto further lines, nothing cut', async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const street = `${'Very Long Avenue of the Americas '.repeat(8)}Suite ${'9'.repeat(150)} end`;
  const lines = wrapText(`Address: 1 ${street}`, font, 11, 480);
  assert.ok(lines.length > 2, lines.join('|'));
  assert.ok(lines.every((l) => font.widthOfTextAtSize(l, 11) <= 480));
  // Every character is there (the lines rejoin to the text, spaces aside).
  assert.equal(lines.join('').replace(/ /g, ''), `Address: 1 ${street}`.replace(/ /g, ''));
  assert.ok(lines.join(' ').endsWith('end'));
  assert.deepEqual(wrapText('short', font, 11, 480), ['short']);
});
