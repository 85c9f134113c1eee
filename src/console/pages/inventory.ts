import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  IMPORT_COLUMNS,
  type ImportReport,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
} from '../../domain/inventory/inventoryImport.js';
import { ApiError, errors } from '../../errors.js';
import type { HttpDeps, Operation } from '../../http/deps.js';
import { Code } from '../../http/schemas.js';
import { segment } from '../format.js';
import { type Html, html, type Part } from '../html.js';
import { csrfField, notice, page, sendHtml, viewOf } from '../layout.js';
import { assertCsrf, CSRF_FIELD, NoticeQuery, noticeOf, redirect, withNotice } from '../session.js';

/** The inventory by region and type, and (operator mode) its import from a CSV file. */

const NUMBER_TYPES = ['MOBILE', 'LOCAL', 'TOLL_FREE'];

export const RegionTypeQuery = {
  regionCode: Type.Optional(Type.String({ maxLength: 2 })),
  type: Type.Optional(Code),
};

/** The region and type filter of the inventory and prices pages. */
export function regionTypeFilter(action: string, q: { regionCode?: string; type?: string }): Html {
  return html`<form method="get" action="${action}" class="filters">
<div><label for="f-region">Region (ISO code)</label><input id="f-region" name="regionCode" type="text" maxlength="2" size="4" value="${q.regionCode ?? ''}"></div>
<div><label for="f-type">Type</label><select id="f-type" name="type"><option value="">any</option>${NUMBER_TYPES.map(
    (t) => html`<option value="${t}"${t === q.type?.toUpperCase() ? html` selected` : ''}>${t}</option>`,
  )}</select></div>
<button type="submit">Filter</button>
</form>`;
}

function importForm(view: ReturnType<typeof viewOf>): Part {
  if (view.mode !== 'operator') {
    return html`<p class="muted">The sandbox generates its inventory for every region; importing numbers from a CSV
file is for operator mode.</p>`;
  }
  return html`<section aria-labelledby="import"><h2 id="import">Import numbers</h2>
<p>A CSV file with a header row naming <code>${IMPORT_COLUMNS.join(', ')}</code> (any order), then one number a
row, e.g. <code>+12025550123,US,LOCAL,SMS;VOICE</code>. Every row is checked; if any is rejected, nothing is
imported. At most ${MAX_IMPORT_BYTES / (1024 * 1024)} MiB and ${MAX_IMPORT_ROWS.toLocaleString('en')} rows.</p>
<form method="post" action="/console/inventory/import" enctype="multipart/form-data" class="inline">
${csrfField(view.session)}
<label for="file">CSV file</label>
<input id="file" name="file" type="file" accept=".csv,text/csv" required>
<button type="submit">Import</button>
</form>
</section>`;
}

function rejectedReport(report: ImportReport): Html {
  return html`<section aria-labelledby="rejected"><h2 id="rejected">Rejected rows <span class="count">${report.rejected.length}</span></h2>
<p role="alert" class="notice error">Nothing was imported: fix these rows (or remove them) and import the file again.</p>
<div class="table-wrap"><table><thead><tr><th scope="col">Line</th><th scope="col">Number</th><th scope="col">Why</th></tr></thead>
<tbody>${report.rejected.map((r) => html`<tr><td>${r.row}</td><td>${r.phoneNumber}</td><td>${r.reason}</td></tr>`)}</tbody>
</table></div></section>`;
}

async function inventoryPage(
  deps: HttpDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  report?: ImportReport,
) {
  const view = viewOf(request, deps.config.mode, deps.clock.now());
  const q = request.query as { regionCode?: string; type?: string; notice?: string; sig?: string };
  const counts = await deps.admin.inventorySummary(q);
  const total = (key: 'available' | 'reserved' | 'active') => counts.reduce((sum, c) => sum + c[key], 0);
  const body = html`${report && rejectedReport(report)}
${importForm(view)}
<section aria-labelledby="counts"><h2 id="counts">Numbers by region and type</h2>
${regionTypeFilter('/console/inventory', q)}
${
  counts.length
    ? html`<div class="table-wrap"><table>
<thead><tr><th scope="col">Region</th><th scope="col">Type</th><th scope="col">Available</th><th scope="col">Reserved</th><th scope="col">Active</th><th scope="col"><span class="visually-hidden">Prices</span></th></tr></thead>
<tbody>${counts.map(
        (
          c,
        ) => html`<tr><th scope="row">${c.regionCode}</th><td>${c.numberType}</td><td>${c.available}</td><td>${c.reserved}</td><td>${c.active}</td>
<td><a href="/console/prices/${segment(c.regionCode)}/${segment(c.numberType)}">Prices<span class="visually-hidden"> of ${c.regionCode} ${c.numberType}</span></a></td></tr>`,
      )}</tbody>
<tfoot><tr><th scope="row" colspan="2">Total</th><td>${total('available')}</td><td>${total('reserved')}</td><td>${total('active')}</td><td></td></tr></tfoot>
</table></div>`
    : html`<p class="empty">No numbers${q.regionCode || q.type ? ' match these filters' : ''}.</p>`
}
</section>`;
  return sendHtml(reply, status, page(view, 'Inventory', body, notice(noticeOf(view.session, q))));
}

/** GET /console/inventory — available, reserved and active numbers per region and type. */
const showInventory: Operation = (app, deps) => {
  app.get(
    '/inventory',
    { schema: { hide: true, querystring: Type.Object({ ...RegionTypeQuery, ...NoticeQuery }) } },
    async (request, reply) => inventoryPage(deps, request, reply, 200),
  );
};

/**
 * The CSV file of the import form. The form's first part is its CSRF token, checked before the
 * file is read; the file is read into memory up to the import limit (413 beyond).
 */
async function uploadedCsv(deps: HttpDeps, request: FastifyRequest): Promise<string> {
  if (!request.isMultipart()) {
    throw errors.unsupportedMediaType(request.headers['content-type'] ?? '', ['multipart/form-data']);
  }
  let csrfChecked = false;
  let csv: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field' && part.fieldname === CSRF_FIELD) {
        assertCsrf(deps.consoleSessions, request, part.value);
        csrfChecked = true;
      } else if (part.type === 'file') {
        if (!csrfChecked) assertCsrf(deps.consoleSessions, request, undefined);
        const content = await part.toBuffer();
        if (part.fieldname === 'file') csv = content.toString('utf8');
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw errors.contentTooLarge('file', `The file is larger than ${MAX_IMPORT_BYTES / (1024 * 1024)} MiB`);
    }
    if (/^FST_(PARTS|FILES|FIELDS)_LIMIT$/.test(code)) {
      throw errors.contentTooLarge('form', 'The form has too many parts: send one CSV file');
    }
    throw errors.invalidArgument(`Malformed multipart body: ${(error as Error).message}`);
  }
  if (!csrfChecked) assertCsrf(deps.consoleSessions, request, undefined);
  if (csv === undefined) throw errors.fieldViolation('file', 'Choose a CSV file to import');
  return csv;
}

/**
 * POST /console/inventory/import (operator mode) — a CSV file of numbers: all imported, or, when
 * any row is rejected, none (400 with every rejected row).
 */
const importInventory: Operation = (app, deps) => {
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: MAX_IMPORT_BYTES, fieldSize: 1024, files: 1, fields: 3, parts: 4 },
    });
    scope.post(
      '/inventory/import',
      { schema: { hide: true }, config: { multipartForm: true } },
      async (request, reply) => {
        const csv = await uploadedCsv(deps, request);
        const report = await deps.admin.importInventory(csv, request.consoleSession!.actor);
        if (report.rejected.length) return inventoryPage(deps, request, reply, 400, report);
        const text = `Imported ${report.imported} number${report.imported === 1 ? '' : 's'}; they are for sale now.`;
        return redirect(request, reply, withNotice(request.consoleSession!, '/console/inventory', text));
      },
    );
  });
};

export const inventoryRoutes = (deps: HttpDeps): Operation[] =>
  deps.config.mode === 'operator' ? [showInventory, importInventory] : [showInventory];
