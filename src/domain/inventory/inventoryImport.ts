// Inventory import: a CSV file of numbers an operator adds to the inventory, checked row by row.
//
// Prices are not columns: a price belongs to a (region, type) product, not to a number
// (PUT /admin/v1/prices/{regionCode}/{type} sets it), so a file cannot give two numbers of one
// product two prices.

import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError, parse } from 'csv-parse';
import { errors } from '../../errors.js';
import { isE164 } from '../numbers/phoneNumbers.js';
import type { InventoryNumber } from './generate.js';
import { type Capability, capabilityMask, type NumberType } from './products.js';
import { isKnownRegion, numberTypeProblem } from './regions.js';

/** The largest file accepted (413 beyond). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** The most numbers one file may add (413 beyond): one transaction of ~2 s on SQLite. */
export const MAX_IMPORT_ROWS = 100_000;

/** The columns, by the names the header uses (matched without regard to case). */
export const IMPORT_COLUMNS = ['phoneNumber', 'regionCode', 'type', 'capabilities'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

const IMPORT_TYPES: readonly NumberType[] = ['MOBILE', 'LOCAL', 'TOLL_FREE'];
const IMPORT_CAPABILITIES: readonly Capability[] = ['SMS', 'VOICE'];
const PRICE_COLUMNS = new Set(['setupprice', 'monthlyprice', 'currency', 'currencycode', 'price']);

/** A row that cannot be imported: its line in the file (the header is line 1), its number, why. */
export interface RejectedRow {
  row: number;
  phoneNumber: string;
  reason: string;
}

/** What an import did: every number or none was imported (`imported` 0 when any row is rejected). */
export interface ImportReport {
  imported: number;
  rejected: RejectedRow[];
}

/** Characters parsed at a time: ~8k rows, ~100 ms of CPU at most before other requests get a turn. */
const PARSE_CHUNK_CHARS = 256 * 1024;
/** Rows checked at a time between turns. */
const CHECK_CHUNK_ROWS = 10_000;

type ParsedRecord = { record: string[]; info: { lines: number } };

/**
 * The CSV's records with their line numbers, parsed a chunk at a time with a turn of the event
 * loop between chunks: a 100k-row file costs 1-3 s of CPU, which must not stall every other
 * request. Stops reading once there are more records than MAX_IMPORT_ROWS and a header.
 */
async function parseRecords(text: string): Promise<ParsedRecord[]> {
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true });
  const records: ParsedRecord[] = [];
  let failure: unknown;
  parser.on('readable', () => {
    for (let record = parser.read(); record !== null; record = parser.read()) records.push(record);
  });
  parser.on('error', (error) => {
    failure = error;
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
  });
  for (let start = 0; start < text.length && !failure && records.length <= MAX_IMPORT_ROWS + 1; ) {
    let end = Math.min(start + PARSE_CHUNK_CHARS, text.length);
    // A surrogate pair is not cut in two (each chunk is encoded on its own).
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    parser.write(text.slice(start, end));
    start = end;
    await nextTurn();
  }
  parser.end();
  await ended;
  if (failure instanceof CsvError)
    throw errors.fieldViolation('file', `The CSV cannot be read: ${failure.message}`);
  if (failure) throw failure;
  return records;
}

/** Which column of the file each of ours is, from the header; a 400 naming what is wrong. */
function readHeader(header: string[]): Record<Column, number> {
  const positions: Partial<Record<Column, number>> = {};
  header.forEach((raw, index) => {
    const name = raw.trim();
    const column = IMPORT_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) {
      const hint = PRICE_COLUMNS.has(name.toLowerCase())
        ? ': prices belong to a region and type, set them with PUT /admin/v1/prices/{regionCode}/{type}'
        : `; the columns are ${IMPORT_COLUMNS.join(', ')}`;
      throw errors.fieldViolation('header', `Unknown column "${name}"${hint}`);
    }
    if (positions[column] !== undefined)
      throw errors.fieldViolation('header', `Column ${column} appears twice`);
    positions[column] = index;
  });
  const missing = IMPORT_COLUMNS.filter((c) => positions[c] === undefined);
  if (missing.length) {
    throw errors.fieldViolation(
      'header',
      `The header row lacks ${missing.join(', ')}; it must name ${IMPORT_COLUMNS.join(', ')}`,
    );
  }
  return positions as Record<Column, number>;
}

/** Capabilities written `SMS;VOICE` (or with `,`, `|` or spaces between), in any case. */
function readCapabilities(text: string): { mask: number } | { problem: string } {
  const names = text
    .split(/[;,|\s]+/)
    .filter(Boolean)
    .map((c) => c.toUpperCase());
  if (!names.length) return { problem: 'capabilities is empty: give SMS, VOICE or SMS;VOICE' };
  const unknown = names.find((c) => !IMPORT_CAPABILITIES.includes(c as Capability));
  if (unknown) return { problem: `unknown capability "${unknown}" (SMS or VOICE)` };
  return { mask: capabilityMask(names as Capability[]) };
}

/** The problems of one row, and its number when it has none. */
function readRow(
  cells: string[],
  at: Record<Column, number>,
): { number: InventoryNumber } | { problems: string[] } {
  const cell = (column: Column) => (cells[at[column]] ?? '').trim();
  const problems: string[] = [];
  const e164 = cell('phoneNumber');
  const regionCode = cell('regionCode').toUpperCase();
  const numberType = cell('type').toUpperCase() as NumberType;
  if (!isE164(e164)) problems.push('phoneNumber is not E.164 ("+", then at most 15 digits)');
  if (!isKnownRegion(regionCode)) problems.push(`unknown regionCode "${cell('regionCode')}"`);
  if (!IMPORT_TYPES.includes(numberType)) problems.push(`type must be ${IMPORT_TYPES.join(', ')}`);
  const capabilities = readCapabilities(cell('capabilities'));
  if ('problem' in capabilities) problems.push(capabilities.problem);
  if (!problems.length) {
    const problem = numberTypeProblem(e164, regionCode, numberType);
    if (problem) problems.push(problem);
  }
  if (problems.length || 'problem' in capabilities) return { problems };
  return { number: { e164, regionCode, numberType, capabilities: capabilities.mask } };
}

/**
 * Reads an inventory file: a header row naming IMPORT_COLUMNS (any order, any case), then one
 * number per row. Returns the numbers of the good rows and why each other row is rejected
 * (including a number the file repeats). A file that is not readable CSV, has no such header
 * or no rows is a 400; more than MAX_IMPORT_ROWS rows a 413.
 */
export async function readInventoryCsv(text: string): Promise<{
  accepted: { row: number; number: InventoryNumber }[];
  rejected: RejectedRow[];
}> {
  const [header, ...rows] = await parseRecords(text);
  if (!header)
    throw errors.fieldViolation(
      'file',
      `The file is empty; its first row names ${IMPORT_COLUMNS.join(', ')}`,
    );
  if (rows.length > MAX_IMPORT_ROWS) {
    throw errors.payloadTooLarge(`an import takes at most ${MAX_IMPORT_ROWS} rows; split the file`);
  }
  const at = readHeader(header.record);
  if (!rows.length) throw errors.fieldViolation('file', 'The file has a header but no rows');
  const accepted: { row: number; number: InventoryNumber }[] = [];
  const rejected: RejectedRow[] = [];
  const firstLine = new Map<string, number>();
  for (const [index, { record, info }] of rows.entries()) {
    if (index % CHECK_CHUNK_ROWS === CHECK_CHUNK_ROWS - 1) await nextTurn();
    const row = info.lines;
    const phoneNumber = (record[at.phoneNumber] ?? '').trim();
    if (record.length !== header.record.length) {
      rejected.push({
        row,
        phoneNumber,
        reason: `${record.length} fields where the header has ${header.record.length}`,
      });
      continue;
    }
    const read = readRow(record, at);
    const seen = firstLine.get(phoneNumber);
    if (seen !== undefined) {
      rejected.push({ row, phoneNumber, reason: `repeats the number of line ${seen}` });
      continue;
    }
    if (phoneNumber) firstLine.set(phoneNumber, row);
    if ('problems' in read) rejected.push({ row, phoneNumber, reason: read.problems.join('; ') });
    else accepted.push({ row, number: read.number });
  }
  return { accepted, rejected };
}
