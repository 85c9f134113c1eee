import type { PDFFont, PDFPage } from 'pdf-lib';
import type { HostingOrderRecord, SignatureRecord } from './hostingOrder.js';

/**
 * The Letter of Authorization of a direct or reseller text-enable order, as a PDF (pdf-lib): it
 * names the numbers, the business, the authorised person, the address and the current voice
 * carrier. The signed version is the same letter with a signature block (name, time, IP).
 */

/** The standard fonts encode WinAnsi only: anything else is shown as "?" rather than failing. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?');
}

/**
 * Splits a text into lines no wider than `maxWidth` at `size`: at spaces, and inside a word
 * only when the word alone is too wide. Nothing is dropped.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const fits = (t: string) => font.widthOfTextAtSize(t, size) <= maxWidth;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const joined = current ? `${current} ${word}` : word;
    if (fits(joined)) {
      current = joined;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    let rest = word;
    while (rest && !fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

interface Writer {
  page: PDFPage;
  y: number;
}

const MARGIN = 56;
const LINE = 15;

export async function loaPdf(
  order: HostingOrderRecord,
  numbers: readonly string[],
  signature: SignatureRecord | null = null,
): Promise<Buffer> {
  // Loaded with the first letter: pdf-lib is a large library that a start does not need.
  const { PDFDocument, rgb, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.setTitle(`Letter of Authorization ${order.hostingOrderId}`);
  doc.setProducer('Open Numbers');
  // The metadata repeats what the letter is about, for programs that read it.
  doc.setSubject(
    signature
      ? `Signed by ${printable(signature.fullName)} at ${new Date(signature.at).toISOString()} from ${signature.ip || 'no IP'}`
      : 'Not signed',
  );
  doc.setKeywords([...numbers]);
  doc.setCreationDate(new Date(order.createdAt));
  doc.setModificationDate(new Date(signature?.at ?? order.createdAt));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const w: Writer = { page: doc.addPage([612, 792]), y: 792 - MARGIN };

  const line = (text: string, f: PDFFont = font, size = 11) => {
    // Long names and addresses wrap onto further lines, indented.
    wrapText(printable(text), f, size, 612 - 2 * MARGIN - 20).forEach((part, i) => {
      if (w.y < MARGIN + LINE) {
        w.page = doc.addPage([612, 792]);
        w.y = 792 - MARGIN;
      }
      w.page.drawText(part, { x: MARGIN + (i ? 20 : 0), y: w.y, size, font: f, color: rgb(0, 0, 0) });
      w.y -= size + 4;
    });
  };
  const gap = () => {
    w.y -= LINE / 2;
  };

  const info = order.textEnableInfo;
  const person = info?.authorisedPerson;
  const address = info?.address;
  line('Letter of Authorization (LOA)', bold, 16);
  line('Text-enablement of phone numbers hosted with another carrier', font, 10);
  gap();
  line(`Hosting order: ${order.hostingOrderId}`);
  line(`Project: ${order.projectId}`);
  line(`LOA type: ${info?.loaType ?? ''}`);
  if (info?.businessName) line(`Business: ${info.businessName}`);
  if (person) line(`Authorised person: ${person.firstName} ${person.lastName} <${person.email}>`);
  if (address) {
    line(`Address: ${address.buildingNumber} ${address.street}`);
    line(`         ${address.city}, ${address.state} ${address.postalCode}, ${address.country}`);
  }
  line(`Current voice carrier: ${info?.currentVoiceCarrier ?? ''}`);
  line(`Service provider: ${info?.serviceProvider ?? ''}   NNID: ${order.nnid}`);
  gap();
  line('The undersigned authorises the service provider to update the SMS routing (OSR) of the', font, 10);
  line(
    'numbers below and to host their text messaging. Voice service stays with the current carrier.',
    font,
    10,
  );
  gap();
  line(`Numbers (${numbers.length}):`, bold);
  for (let i = 0; i < numbers.length; i += 4) line(numbers.slice(i, i + 4).join('    '), font, 10);
  gap();
  if (signature) {
    line('Signed electronically', bold, 13);
    line(`Name: ${signature.fullName}`);
    line(`Time: ${new Date(signature.at).toISOString()}`);
    line(`IP address: ${signature.ip}`);
    line(`Via: ${signature.via}`);
  } else {
    line('Not signed yet: the authorised person signs through the link e-mailed to them.', font, 10);
  }
  return Buffer.from(await doc.save());
}
