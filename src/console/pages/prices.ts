import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../errors.js';
import type { HttpDeps, Operation } from '../../http/deps.js';
import { Code } from '../../http/schemas.js';
import type { PricedProduct } from '../../store/inventory/port.js';
import { formatTime, segment } from '../format.js';
import { html } from '../html.js';
import { csrfField, notice, page, sendHtml, viewOf } from '../layout.js';
import { FormBody, NoticeQuery, noticeOf, redirect, withNotice } from '../session.js';
import { refusalOf } from './decision.js';
import { RegionTypeQuery, regionTypeFilter } from './inventory.js';

/** Prices per region and type: the list, and a form per product. */

const pricePath = (p: { regionCode: string; numberType: string }) =>
  `/console/prices/${segment(p.regionCode)}/${segment(p.numberType)}`;

const source = (p: PricedProduct) =>
  p.priceSetAt === null ? html`generated` : html`set ${formatTime(p.priceSetAt)}`;

/** GET /console/prices — every product's setup and monthly price, where they come from. */
const showPrices: Operation = (app, { admin, clock, config }) => {
  app.get(
    '/prices',
    { schema: { hide: true, querystring: Type.Object({ ...RegionTypeQuery, ...NoticeQuery }) } },
    async (request, reply) => {
      const view = viewOf(request, config.mode, clock.now());
      const q = request.query;
      const products = await admin.listPrices(q);
      const body = html`<p class="lede">New searches, rentals and number orders use these prices; rented numbers and
orders already created keep the price they were given.</p>
${regionTypeFilter('/console/prices', q)}
${
  products.length
    ? html`<div class="table-wrap"><table>
<thead><tr>${['Region', 'Type', 'Setup', 'Monthly', 'Billed every', 'Price', ''].map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${products.map(
        (p) => html`<tr><th scope="row">${p.regionCode}</th><td>${p.numberType}</td>
<td>${p.setupPrice} ${p.currencyCode}</td><td>${p.monthlyPrice} ${p.currencyCode}</td><td>${p.paymentIntervalMonths} month(s)</td>
<td>${source(p)}</td><td><a href="${pricePath(p)}">Change<span class="visually-hidden"> the price of ${p.regionCode} ${p.numberType}</span></a></td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="empty">No products${q.regionCode || q.type ? ' match these filters' : ''}.</p>`
}`;
      return sendHtml(reply, 200, page(view, 'Prices', body, notice(noticeOf(view.session, q))));
    },
  );
};

const ProductParams = Type.Object({ regionCode: Type.String({ maxLength: 2 }), type: Code });

interface PriceForm {
  setupPrice?: string;
  monthlyPrice?: string;
  currencyCode?: string;
}

async function pricePage(
  deps: HttpDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  form: PriceForm & { error?: string; fields?: string[] } = {},
) {
  const { regionCode, type } = request.params as { regionCode: string; type: string };
  const [product] = (await deps.admin.listPrices({ regionCode, type })).filter(
    (p) => p.regionCode === regionCode.toUpperCase(),
  );
  if (!product) {
    const pair = `${regionCode.toUpperCase()} ${type.toUpperCase()}`;
    throw errors.notFound('NumberProduct', pair, `${pair} numbers are not sold here`);
  }
  const view = viewOf(request, deps.config.mode, deps.clock.now());
  const field = (name: keyof PriceForm, label: string, value: string, extra: string) => {
    const invalid = form.fields?.includes(name);
    return html`<label for="${name}">${label}</label>
<input id="${name}" name="${name}" type="text" required ${extra} value="${form[name] ?? value}"${invalid ? html` aria-invalid="true" aria-describedby="price-error"` : ''}>`;
  };
  const body = html`<p>Now: ${product.setupPrice} ${product.currencyCode} to set up, ${product.monthlyPrice} ${product.currencyCode}
every ${product.paymentIntervalMonths} month(s) (${source(product)}).</p>
<form method="post" action="${pricePath(product)}" class="stack narrow">
${csrfField(view.session)}
${field('setupPrice', 'Setup price', product.setupPrice, 'inputmode="decimal" maxlength="14"')}
${field('monthlyPrice', 'Monthly price', product.monthlyPrice, 'inputmode="decimal" maxlength="14"')}
${field('currencyCode', 'Currency (ISO 4217)', product.currencyCode, 'maxlength="3" size="4"')}
${form.error && html`<p class="field-error" id="price-error" role="alert">${form.error}</p>`}
<button type="submit">Set the price</button>
</form>
<p><a href="/console/prices?${new URLSearchParams({ regionCode: product.regionCode }).toString()}">All prices of ${product.regionCode}</a></p>`;
  const title = `Price of ${product.regionCode} ${product.numberType} numbers`;
  return sendHtml(
    reply,
    status,
    page(view, title, body, form.error && notice('The price was not changed; see below.', 'error')),
  );
}

/** GET /console/prices/{regionCode}/{type} — a product's price, and the form to change it. */
const showPrice: Operation = (app, deps) => {
  app.get(
    '/prices/:regionCode/:type',
    { schema: { hide: true, params: ProductParams } },
    async (request, reply) => pricePage(deps, request, reply, 200),
  );
};

/** POST /console/prices/{regionCode}/{type} — new prices for new searches, rentals and orders. */
const setPrice: Operation = (app, deps) => {
  app.post(
    '/prices/:regionCode/:type',
    {
      schema: {
        hide: true,
        params: ProductParams,
        body: FormBody({
          setupPrice: Type.Optional(Type.String({ maxLength: 40 })),
          monthlyPrice: Type.Optional(Type.String({ maxLength: 40 })),
          currencyCode: Type.Optional(Type.String({ maxLength: 10 })),
        }),
      },
    },
    async (request, reply) => {
      const { regionCode, type } = request.params;
      const input = {
        setupPrice: request.body.setupPrice?.trim(),
        monthlyPrice: request.body.monthlyPrice?.trim(),
        currencyCode: request.body.currencyCode?.trim(),
      };
      const refused = await refusalOf(() =>
        deps.admin.setPrice(regionCode, type, input, request.consoleSession!.actor),
      );
      if (refused) {
        const fields = refused.details.flatMap((d) =>
          d.type === 'BadRequest' ? d.fieldViolations.map((v) => v.field) : [],
        );
        const error = refused.details
          .flatMap((d) => (d.type === 'BadRequest' ? d.fieldViolations.map((v) => v.description) : []))
          .join('; ');
        return pricePage(deps, request, reply, refused.httpStatus, {
          ...input,
          error: error || refused.message,
          fields,
        });
      }
      const text = `The price of ${regionCode.toUpperCase()} ${type.toUpperCase()} numbers is set.`;
      const location = `/console/prices?${new URLSearchParams({ regionCode: regionCode.toUpperCase() }).toString()}`;
      return redirect(request, reply, withNotice(request.consoleSession!, location, text));
    },
  );
};

export const priceRoutes: Operation[] = [showPrices, showPrice, setPrice];
